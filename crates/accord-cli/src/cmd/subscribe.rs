//! `accord subscribe`: new listings with a tag come to your feed.

use crate::failure::Outcome;
use crate::pipeline;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The tags (none: list what you follow).
    pub tags: Vec<String>,
    #[arg(long, value_name = "URL")]
    pub server: Option<String>,
    /// Unsubscribe from these tags instead.
    #[arg(long)]
    pub stop: bool,
}

pub fn run(args: Args) -> Outcome {
    let conn = pipeline::connect(args.server.as_deref())?;
    for tag in &args.tags {
        if args.stop {
            conn.unsubscribe(tag)?;
            say!("Unsubscribed from '{}'.", tag.trim());
        } else {
            conn.subscribe(tag)?;
            say!(
                "Subscribed to '{}': new listings with it will be in accord feed.",
                tag.trim()
            );
        }
    }
    if args.tags.is_empty() {
        let subs = conn.subscriptions()?;
        say!(
            "Tags: {}",
            if subs.tags.is_empty() {
                "none".to_string()
            } else {
                subs.tags.join(", ")
            }
        );
        say!(
            "Watching: {}",
            if subs.watching.is_empty() {
                "none".to_string()
            } else {
                subs.watching
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        );
    }
    Ok(())
}
