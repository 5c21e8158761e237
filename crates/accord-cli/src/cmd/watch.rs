//! `accord watch`: follow a listing, so its status updates come to your feed.

use crate::failure::Outcome;
use crate::pipeline;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The listing's id (or a published workspace file).
    pub listing: String,
    #[arg(long, value_name = "URL")]
    pub server: Option<String>,
    /// Stop watching instead.
    #[arg(long)]
    pub stop: bool,
}

pub fn run(args: Args) -> Outcome {
    let conn = pipeline::connect(args.server.as_deref())?;
    let id = pipeline::listing(&args.listing)?;
    if args.stop {
        conn.unwatch(id)?;
        say!("No longer watching {id}.");
    } else {
        let listing = conn.watch(id)?;
        say!(
            "Watching \"{}\" ({}). Its updates will be in accord feed.",
            listing.title,
            listing.owner.name
        );
    }
    Ok(())
}
