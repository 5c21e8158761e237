//! `accord show`: an overview of a workspace.

use std::path::PathBuf;

use super::open;
use crate::failure::Outcome;
use crate::output;

#[derive(Debug, clap::Args)]
pub struct Args {
    pub file: PathBuf,
    /// Print machine-readable JSON.
    #[arg(long)]
    pub json: bool,
}

fn counts(map: &std::collections::BTreeMap<String, u32>) -> String {
    if map.is_empty() {
        return "none".into();
    }
    map.iter()
        .map(|(k, v)| format!("{v} {}", k.replace('_', " ")))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn run(args: Args) -> Outcome {
    let ws = open(&args.file)?;
    let s = ws.summary()?;
    if args.json {
        output::json(&s);
        return Ok(());
    }
    let p = &s.project;
    say!("{}", p.title);
    say!(
        "  Phase {} · {} · {}",
        p.phase,
        p.status,
        p.collaboration_level.as_str().replace('_', " ")
    );
    if !p.tags.is_empty() {
        say!("  Tags: {}", p.tags.join(", "));
    }
    let or_missing = |t: &str| {
        if t.trim().is_empty() {
            "(not written yet)".to_string()
        } else {
            output::brief(t, 90)
        }
    };
    say!("  Problem: {}", or_missing(&p.problem));
    say!("  Outcomes: {}", or_missing(&p.outcomes));
    if p.looking_for_partners {
        say!("  Looking for partners");
    }
    say!();
    let total: u32 = s.sections.values().sum();
    say!(
        "Agreement      version {}, {} · {} sections: {}",
        s.agreement_version,
        s.agreement_status.replace('_', " "),
        total,
        counts(&s.sections)
    );
    let left = if s.people_left > 0 {
        format!(" ({} left)", s.people_left)
    } else {
        String::new()
    };
    say!(
        "Parties        {} organisations, {} people{}",
        s.organisations,
        s.people,
        left
    );
    say!(
        "RACI           {} activities, {} assignments",
        s.activities,
        s.assignments
    );
    let decisions: u32 = s.decisions.values().sum();
    say!("Decisions      {} ({})", decisions, counts(&s.decisions));
    say!("Handover notes {}", s.handover_notes);
    say!("Sign-offs      {}", s.signoffs);
    say!("History        {} changes recorded", s.changes);
    let sync = ws.sync_state()?;
    if sync.linked {
        say!(
            "Sync           last synced {} · {} change{} not sent · {} conflict{}",
            sync.last_sync
                .as_deref()
                .map(|t| t.replace('T', " ").trim_end_matches('Z').to_string())
                .unwrap_or_else(|| "never".into()),
            sync.unsent,
            if sync.unsent == 1 { "" } else { "s" },
            sync.open_conflicts,
            if sync.open_conflicts == 1 { "" } else { "s" },
        );
    }
    Ok(())
}
