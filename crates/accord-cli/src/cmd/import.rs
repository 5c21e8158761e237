//! `accord import`: create a workspace file from an exported JSON document.

use std::path::PathBuf;

use accord_store::WorkspaceFile;

use super::Context;
use crate::failure::{Failure, Outcome};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The new workspace file to create. Never overwritten.
    pub file: PathBuf,
    /// The JSON document, as written by `accord export`.
    pub bundle: PathBuf,
    /// Start a new project from this content: every record gets a new id, so it can be
    /// shared beside the project it came from (for someone else's export, or a copy).
    #[arg(long)]
    pub new_ids: bool,
}

pub fn run(args: Args, ctx: &Context) -> Outcome {
    let stamp = ctx.stamp()?;
    let text = std::fs::read_to_string(&args.bundle)
        .map_err(Failure::io(format!("Reading {}", args.bundle.display())))?;
    let mut workspace = accord_interchange::from_json(&text)?;
    if args.new_ids {
        workspace = workspace.with_new_ids(accord_domain::Id::now_v7);
    }
    WorkspaceFile::import(&args.file, &workspace, &stamp)?;
    say!(
        "Created {} from {}: {} organisations, {} people, {} decisions, {} handover notes.",
        args.file.display(),
        args.bundle.display(),
        workspace.organisations.len(),
        workspace.people.len(),
        workspace.decisions.len(),
        workspace.succession.len()
    );
    Ok(())
}
