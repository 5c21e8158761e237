//! `accord check`: the readiness check. Exits 1 when it finds errors.

use std::path::PathBuf;
use std::process::ExitCode;

use accord_domain::Severity;

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

pub fn run(args: Args) -> Outcome<ExitCode> {
    let (ws, report) = accord_app::workspace::readiness(&open(&args.file)?)?;
    if args.json {
        output::json(&report);
    } else {
        let (e, w, i) = (
            report.count(Severity::Error),
            report.count(Severity::Warning),
            report.count(Severity::Info),
        );
        let plural = |n: usize, word: &str| {
            if n == 1 {
                format!("1 {word}")
            } else {
                format!("{n} {word}s")
            }
        };
        say!(
            "{}, {}, {} for \"{}\"",
            plural(e, "error"),
            plural(w, "warning"),
            plural(i, "note"),
            ws.project.title
        );
        for f in &report.findings {
            let tag = match f.severity {
                Severity::Error => "ERROR  ",
                Severity::Warning => "WARNING",
                Severity::Info => "NOTE   ",
            };
            say!("{tag} {}", f.message);
            say!("        → {}", f.action);
        }
        say!();
        say!("Blockers to collaboration:");
        for b in &report.blockers {
            let mark = if b.answered { "answered" } else { "open    " };
            let sections: Vec<String> = b
                .sections
                .iter()
                .map(|s| format!("{} ({})", s.title, format!("{:?}", s.state).to_lowercase()))
                .collect();
            say!("  [{mark}] {}: {}", b.description, sections.join(", "));
        }
    }
    Ok(if report.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
