//! `accord conflicts`: the changes from different councils that met and need a person to
//! settle them. Exits 1 while any is open. The JSON is the same on every replica that holds
//! the same changes (no paths, no "mine", sides in the server's order).

use std::path::PathBuf;
use std::process::ExitCode;

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

/// A value as a person reads it in a terminal.
pub fn shown(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => "(removed)".into(),
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Object(m) if m.contains_key("roles") => {
            let roles: Vec<String> = m["roles"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|r| r.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default();
            if roles.is_empty() {
                "(empty)".into()
            } else {
                roles.join(", ")
            }
        }
        other => other.to_string(),
    }
}

pub fn run(args: Args) -> Outcome<ExitCode> {
    let ws = open(&args.file)?;
    let conflicts = ws.conflicts()?;
    if args.json {
        output::json(&serde_json::json!({ "conflicts": conflicts }));
    } else if conflicts.is_empty() {
        say!("No conflicts: every change that met merged.");
    } else {
        say!(
            "{} to settle (accord resolve {} ID ...):",
            if conflicts.len() == 1 {
                "1 conflict".to_string()
            } else {
                format!("{} conflicts", conflicts.len())
            },
            args.file.display()
        );
        for c in &conflicts {
            say!();
            say!("{}  {} ({})", c.id, c.label, c.kind.replace('_', " "));
            for s in &c.sides {
                let mark = if s.n == c.shown {
                    " (shown meanwhile)"
                } else {
                    ""
                };
                say!(
                    "  {}. {} at {}{mark}:",
                    s.n,
                    s.actor,
                    s.at.get(..16).unwrap_or(&s.at).replace('T', " ")
                );
                for line in shown(&s.value).lines() {
                    say!("       {line}");
                }
            }
            say!("  Choose with: {}", c.choices.join(", "));
        }
    }
    Ok(if conflicts.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
