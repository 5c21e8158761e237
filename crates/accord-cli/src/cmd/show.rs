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
    println!("{}", p.title);
    println!(
        "  Phase {} · {} · {}",
        p.phase,
        p.status,
        p.collaboration_level.as_str().replace('_', " ")
    );
    if !p.tags.is_empty() {
        println!("  Tags: {}", p.tags.join(", "));
    }
    let or_missing = |t: &str| {
        if t.trim().is_empty() {
            "(not written yet)".to_string()
        } else {
            output::brief(t, 90)
        }
    };
    println!("  Problem: {}", or_missing(&p.problem));
    println!("  Outcomes: {}", or_missing(&p.outcomes));
    if p.looking_for_partners {
        println!("  Looking for partners");
    }
    println!();
    let total: u32 = s.sections.values().sum();
    println!(
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
    println!(
        "Parties        {} organisations, {} people{}",
        s.organisations, s.people, left
    );
    println!(
        "RACI           {} activities, {} assignments",
        s.activities, s.assignments
    );
    let decisions: u32 = s.decisions.values().sum();
    println!("Decisions      {} ({})", decisions, counts(&s.decisions));
    println!("Handover notes {}", s.handover_notes);
    println!("Sign-offs      {}", s.signoffs);
    println!("History        {} changes recorded", s.changes);
    let sync = ws.sync_state()?;
    if sync.linked {
        println!(
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
