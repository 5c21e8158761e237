//! `accord init`: create a new workspace file.

use std::path::PathBuf;

use accord_store::WorkspaceFile;

use super::Context;
use crate::failure::Outcome;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The new workspace file, such as shared-waste-data.accord. Never overwritten.
    pub file: PathBuf,
    /// The project's short name: name it after the problem, not the technology.
    #[arg(long)]
    pub title: String,
}

pub fn run(args: Args, ctx: &Context) -> Outcome {
    let stamp = ctx.stamp()?;
    let ws = WorkspaceFile::create(&args.file, &args.title, &stamp)?;
    let project = ws.project()?;
    say!("Created {} for \"{}\".", args.file.display(), project.title);
    say!(
        "It has the 19 standard agreement sections and the 6 RACI activities nobody usually owns."
    );
    say!("Next: accord check {}", args.file.display());
    Ok(())
}
