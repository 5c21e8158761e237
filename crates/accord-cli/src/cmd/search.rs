//! `accord search`: find words anywhere in a workspace.

use std::path::PathBuf;

use super::open;
use crate::failure::Outcome;
use crate::output;

#[derive(Debug, clap::Args)]
pub struct Args {
    pub file: PathBuf,
    /// The words to find; every word must appear (the end of a word may be left off).
    pub query: String,
    /// At most this many results.
    #[arg(long, default_value_t = 20)]
    pub limit: u32,
    /// Print machine-readable JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args) -> Outcome {
    let hits = open(&args.file)?.search(&args.query, args.limit)?;
    if args.json {
        output::json(&hits);
        return Ok(());
    }
    if hits.is_empty() {
        say!("Nothing matches \"{}\".", args.query);
    }
    for h in &hits {
        say!("{:<14} {}", h.record_type.replace('_', " "), h.label);
        say!("{:<14} {}", "", h.snippet.replace('\n', " "));
    }
    Ok(())
}
