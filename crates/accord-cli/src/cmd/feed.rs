//! `accord feed`: what is new for you on the Pipeline server since you last looked: new
//! listings with your tags, updates on listings you watch, requests to join yours.

use accord_pipeline::protocol::FeedItemKind;

use crate::failure::Outcome;
use crate::{output, pipeline};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[arg(long, value_name = "URL")]
    pub server: Option<String>,
    /// Show the items but leave them as new for next time.
    #[arg(long)]
    pub keep: bool,
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args) -> Outcome {
    let conn = pipeline::connect(args.server.as_deref())?;
    let feed = conn.feed(!args.keep)?;
    if args.json {
        output::json(&feed);
        return Ok(());
    }
    if feed.items.is_empty() {
        say!("Nothing new.");
        return Ok(());
    }
    for item in &feed.items {
        let what = match item.kind {
            FeedItemKind::NewListing => format!(
                "New listing with your tags: \"{}\" by {}",
                item.listing_title, item.organisation
            ),
            FeedItemKind::StatusUpdate => format!(
                "Update on \"{}\" from {}: {}",
                item.listing_title, item.organisation, item.text
            ),
            FeedItemKind::JoinRequest => format!(
                "{} asks to join \"{}\": {}",
                item.organisation, item.listing_title, item.text
            ),
            FeedItemKind::JoinAccepted => format!(
                "Your request to join \"{}\" was accepted",
                item.listing_title
            ),
            FeedItemKind::JoinDeclined => format!(
                "Your request to join \"{}\" was declined",
                item.listing_title
            ),
        };
        say!(
            "{}  {what}\n    listing {}",
            item.at.format("%Y-%m-%d %H:%M"),
            item.listing
        );
    }
    if feed.more {
        say!("There is more: run accord feed again.");
    }
    Ok(())
}
