//! `accord export`: the whole workspace as one JSON document.

use std::path::PathBuf;

use super::open;
use crate::failure::{Failure, Outcome};

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// The open JSON format described by docs/workspace.schema.json.
    Json,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    pub file: PathBuf,
    #[arg(long, value_enum)]
    pub format: Format,
    /// Write here instead of to standard output. An existing file is replaced.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

pub fn run(args: Args) -> Outcome {
    let ws = open(&args.file)?.load()?;
    let text = match args.format {
        Format::Json => accord_interchange::to_json(&ws),
    };
    match &args.out {
        None => print!("{text}"),
        Some(out) => {
            std::fs::write(out, &text).map_err(Failure::io(format!("Writing {}", out.display())))?;
            eprintln!("Wrote {} ({} bytes).", out.display(), text.len());
        }
    }
    Ok(())
}
