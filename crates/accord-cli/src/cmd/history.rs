//! `accord history`: who changed what, and when.

use std::path::PathBuf;

use accord_store::HistoryQuery;

use super::open;
use crate::failure::Outcome;
use crate::output;

#[derive(Debug, clap::Args)]
pub struct Args {
    pub file: PathBuf,
    /// Only changes to this record (an id, or a section key such as `data`).
    #[arg(long)]
    pub record: Option<String>,
    /// At most this many changes, newest first.
    #[arg(long)]
    pub limit: Option<u32>,
    /// Print machine-readable JSON, including each record before and after the change.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args) -> Outcome {
    let ws = open(&args.file)?;
    let ops = ws.history(&HistoryQuery {
        record_id: args.record,
        limit: args.limit,
    })?;
    if args.json {
        output::json(&ops);
        return Ok(());
    }
    let rows: Vec<Vec<String>> = ops
        .iter()
        .map(|o| {
            vec![
                o.at.get(..16).unwrap_or(&o.at).replace('T', " "),
                o.actor.clone(),
                o.summary.clone(),
            ]
        })
        .collect();
    output::table(&["When (UTC)", "Who", "What"], &rows);
    Ok(())
}
