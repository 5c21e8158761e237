//! What the Pipeline verbs share: the connection to the server set on this laptop (or
//! named with `--server`), and naming a listing by its id or by a published workspace.

use std::path::Path;

use accord_pipeline::protocol::{ListingId, ListingSummary};
use accord_pipeline::{Connection, PipelineError, Server};

use crate::failure::Outcome;
use crate::output;

/// The server to use, from `--server` or the settings, with the token if there is one.
pub fn server(url: Option<&str>) -> Outcome<Server> {
    Ok(Server::choose(&accord_settings::load()?, url)?)
}

/// A connection to that server (sends nothing yet).
pub fn connect(url: Option<&str>) -> Outcome<Connection> {
    Ok(server(url)?.connect()?)
}

/// A listing named by its id, or by a workspace file that has been published.
pub fn listing(typed: &str) -> Outcome<ListingId> {
    if Path::new(typed).is_file() {
        let project = accord_store::WorkspaceFile::open(typed)?.project()?;
        let id = project.pipeline_id.ok_or(PipelineError::NotPublished)?;
        return Ok(accord_pipeline::listing_id(&id)?);
    }
    Ok(accord_pipeline::listing_id(typed)?)
}

/// Listings as a short table.
pub fn summaries(listings: &[ListingSummary]) {
    let rows: Vec<Vec<String>> = listings
        .iter()
        .map(|l| {
            vec![
                l.id.to_string(),
                l.phase.as_str().to_string(),
                if l.looking_for_partners {
                    "yes".into()
                } else {
                    String::new()
                },
                l.owner.clone(),
                output::brief(&l.title, 60),
            ]
        })
        .collect();
    output::table(
        &["Id", "Phase", "Partners?", "Published by", "Title"],
        &rows,
    );
}
