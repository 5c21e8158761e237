//! Publishing a workspace's listing, or updating it: in three steps, so the app can do the
//! network step without holding the workspace ([`plan`], [`send`], [`record`]), and in one
//! for the command line ([`publish`]).

use accord_domain::{Id, Project};
use accord_store::{Stamp, WorkspaceFile};
use pipeline_protocol::{Listing, ListingDraft, ListingId};

use crate::error::{PipelineError, Result};
use crate::listing::{PublicParts, draft};
use crate::server::Connection;
use crate::status::own_listing;

/// What publishing would send, and the listing it would update (if the workspace has one).
#[derive(Debug, Clone)]
pub struct Plan {
    pub draft: ListingDraft,
    pub existing: Option<ListingId>,
}

/// Reads what a listing needs from the workspace. Sends nothing.
pub fn plan(file: &WorkspaceFile, contact: Option<Id>, publish_email: bool) -> Result<Plan> {
    let parts = PublicParts::read(file)?;
    Ok(Plan {
        draft: draft(&parts, contact, publish_email)?,
        // An id that is not one (edited by hand) is treated as never published.
        existing: own_listing(&parts.project).ok(),
    })
}

/// What the server did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// A new listing.
    Published,
    /// The workspace's listing, updated.
    Updated,
    /// The workspace's listing was not on this server (another server, or removed), so it
    /// was published afresh and has a new id.
    Republished,
}

#[derive(Debug, Clone)]
pub struct Published {
    pub listing: Listing,
    pub outcome: Outcome,
}

/// Sends the plan: publish when there is no listing yet, otherwise update it.
pub fn send(conn: &Connection, plan: &Plan) -> Result<Published> {
    match plan.existing {
        None => Ok(Published {
            listing: conn.client.publish_listing(&plan.draft)?,
            outcome: Outcome::Published,
        }),
        Some(id) => match conn
            .client
            .update(id, &plan.draft)
            .map_err(PipelineError::from)
        {
            Ok(listing) => Ok(Published {
                listing,
                outcome: Outcome::Updated,
            }),
            Err(PipelineError::NotFound { .. }) => Ok(Published {
                listing: conn.client.publish_listing(&plan.draft)?,
                outcome: Outcome::Republished,
            }),
            Err(e) => Err(e),
        },
    }
}

/// Stores the listing's id in the workspace, as a change in its history (nothing is
/// recorded when the id is already there).
pub fn record(file: &mut WorkspaceFile, published: &Published, stamp: &Stamp) -> Result<Project> {
    Ok(file.set_pipeline_id(Some(&published.listing.id.to_string()), stamp)?)
}

/// Publishes or updates the workspace's listing and stores its id: the three steps at once.
pub fn publish(
    file: &mut WorkspaceFile,
    conn: &Connection,
    contact: Option<Id>,
    publish_email: bool,
    stamp: &Stamp,
) -> Result<Published> {
    let plan = plan(file, contact, publish_email)?;
    let published = send(conn, &plan)?;
    record(file, &published, stamp)?;
    Ok(published)
}
