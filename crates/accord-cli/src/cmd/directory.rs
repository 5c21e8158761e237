//! `accord directory`: search the Pipeline directory, read a listing, find similar ones.
//! Reading needs no token.

use accord_pipeline::Search;
use clap::Subcommand;

use crate::failure::Outcome;
use crate::{output, pipeline};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Use this server instead of the one set with `accord server set`.
    #[arg(long, global = true, value_name = "URL")]
    pub server: Option<String>,
    /// Print machine-readable JSON.
    #[arg(long, global = true)]
    pub json: bool,
    #[command(subcommand)]
    pub action: Action,
}

#[derive(Debug, Subcommand)]
pub enum Action {
    /// Find listings: every word and every filter given must match.
    Search {
        /// Words in the title, problem, outcomes or tags.
        words: Vec<String>,
        /// A tag the listing must have (repeat for more).
        #[arg(long = "tag", value_name = "TAG")]
        tags: Vec<String>,
        /// concept, discovery, alpha, beta, live or retired.
        #[arg(long)]
        phase: Option<String>,
        /// england, wales, scotland or northern_ireland.
        #[arg(long)]
        nation: Option<String>,
        /// An English region (such as "South East" or London), or a nation's name.
        #[arg(long)]
        region: Option<String>,
        /// Only projects looking for partners.
        #[arg(long)]
        looking_for_partners: bool,
        /// At most this many (1 to 100).
        #[arg(long)]
        limit: Option<u32>,
    },
    /// Show one listing in full (by its id, or a published workspace file).
    Show { listing: String },
    /// Listings like this one: shared tags and words in the problem.
    Similar { listing: String },
}

pub fn run(args: Args) -> Outcome {
    let conn = pipeline::connect(args.server.as_deref())?;
    match args.action {
        Action::Search {
            words,
            tags,
            phase,
            nation,
            region,
            looking_for_partners,
            limit,
        } => {
            let search = Search {
                words: words.join(" "),
                tags,
                phase: phase.unwrap_or_default(),
                nation: nation.unwrap_or_default(),
                region: region.unwrap_or_default(),
                looking_for_partners,
                limit,
            };
            let results = conn.search(&search)?;
            if args.json {
                output::json(&results);
            } else if results.listings.is_empty() {
                say!("No listings match.");
            } else {
                pipeline::summaries(&results.listings);
            }
        }
        Action::Show { listing } => {
            let l = conn.listing(pipeline::listing(&listing)?)?;
            if args.json {
                output::json(&l);
                return Ok(());
            }
            say!("{}", l.title);
            say!(
                "  {} · {} · {}{}",
                l.phase.as_str(),
                l.status.as_str(),
                l.collaboration_level.as_str().replace('_', " "),
                if l.looking_for_partners {
                    " · looking for partners"
                } else {
                    ""
                }
            );
            say!(
                "  Published by {} · last updated {}",
                l.owner.name,
                l.last_updated.format("%Y-%m-%d")
            );
            if !l.tags.is_empty() {
                say!("  Tags: {}", l.tags.join(", "));
            }
            say!("  Problem: {}", l.problem);
            if !l.outcomes.is_empty() {
                say!("  Outcomes: {}", l.outcomes);
            }
            for o in &l.organisations {
                say!(
                    "  {} ({}, {})",
                    o.name,
                    o.role.as_str(),
                    o.confirmation.as_str()
                );
            }
            if let Some(c) = &l.contact {
                if c.email.is_empty() {
                    say!("  Contact: {}", c.name);
                } else {
                    say!("  Contact: {} <{}>", c.name, c.email);
                }
            }
            say!("  Id: {}", l.id);
        }
        Action::Similar { listing } => {
            let similar = conn.similar(pipeline::listing(&listing)?)?;
            if args.json {
                output::json(&similar);
            } else if similar.is_empty() {
                say!("No similar listings yet.");
            } else {
                for s in &similar {
                    let why: Vec<String> = s
                        .shared_tags
                        .iter()
                        .map(|t| format!("#{t}"))
                        .chain(s.shared_words.iter().cloned())
                        .collect();
                    say!(
                        "{}  {} ({})\n    shares {}",
                        s.listing.id,
                        s.listing.title,
                        s.listing.owner,
                        why.join(", ")
                    );
                }
            }
        }
    }
    Ok(())
}
