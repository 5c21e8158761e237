//! `accord update`: post a status update on the project's own listing in the Pipeline
//! directory; everyone who watches the listing sees it in their feed. The workspace must
//! have been published first (its listing's id is kept in it).

use std::path::PathBuf;

use super::open;
use crate::failure::Outcome;
use crate::pipeline;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The published workspace file.
    pub file: PathBuf,
    /// The update itself, such as "Pilot starts in two wards in April."
    pub text: String,
    /// Use this server for this command instead of the one set with `accord server set`.
    #[arg(long, value_name = "URL")]
    pub server: Option<String>,
}

pub fn run(args: Args) -> Outcome {
    let project = open(&args.file)?.project()?;
    // Checked before connecting, so that an unpublished workspace or empty text sends nothing.
    accord_pipeline::status::own_listing(&project)?;
    accord_pipeline::status::text(&args.text)?;
    let conn = pipeline::connect(args.server.as_deref())?;
    let update = conn.post_status(&project, &args.text)?;
    say!(
        "Posted an update on \"{}\" ({}) to {}. Everyone watching it will see it in their feed.",
        project.title,
        update.listing,
        conn.url
    );
    Ok(())
}
