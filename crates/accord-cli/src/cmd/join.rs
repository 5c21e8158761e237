//! `accord join`: ask the organisation that leads a project for yours to join it.

use crate::failure::Outcome;
use crate::pipeline;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The listing's id.
    pub listing: String,
    /// Why you would like to join: the lead reads this.
    #[arg(long)]
    pub message: String,
    #[arg(long, value_name = "URL")]
    pub server: Option<String>,
}

pub fn run(args: Args) -> Outcome {
    let conn = pipeline::connect(args.server.as_deref())?;
    let request = conn.join(pipeline::listing(&args.listing)?, &args.message)?;
    say!(
        "Asked to join as {}. The lead organisation will accept or decline; the answer will be in accord feed. (Request {})",
        request.organisation.name,
        request.id
    );
    Ok(())
}
