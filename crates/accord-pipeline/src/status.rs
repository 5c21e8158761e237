//! Status updates on the workspace's own listing: a short note on how the project is going,
//! which comes to the feed of everyone who watches the listing.
//!
//! *Invariant:* nothing is sent unless the workspace has been published (its listing's id
//! is stored in it) and the text is one the server would take; the update is posted to that
//! listing only.

use accord_domain::Project;
use pipeline_protocol::{LIMITS, ListingId, StatusUpdate};

use crate::error::{PipelineError, Result};
use crate::server::Connection;

/// The workspace's own listing on the Pipeline server, or [`PipelineError::NotPublished`].
/// An id that is not one (edited by hand) counts as never published, as in publishing.
pub fn own_listing(project: &Project) -> Result<ListingId> {
    project
        .pipeline_id
        .as_deref()
        .and_then(|id| id.trim().parse().ok())
        .ok_or(PipelineError::NotPublished)
}

/// The text as it will be sent (trimmed), or why it cannot be.
pub fn text(typed: &str) -> Result<String> {
    let text = typed.trim();
    if text.is_empty() {
        return Err(PipelineError::BadText {
            field: "text",
            message:
                "Write the status update first: say in a sentence or two how the project is going."
                    .into(),
        });
    }
    let length = text.chars().count();
    if length > LIMITS.long_text {
        return Err(PipelineError::BadText {
            field: "text",
            message: format!(
                "A status update may be at most {} characters long; this one has {length}.",
                LIMITS.long_text
            ),
        });
    }
    Ok(text.to_string())
}

impl Connection {
    /// Posts a status update on `project`'s own listing. Checks that the project has been
    /// published, and the text, before anything is sent.
    pub fn post_status(&self, project: &Project, typed: &str) -> Result<StatusUpdate> {
        let id = own_listing(project)?;
        let text = text(typed)?;
        Ok(self.client.post_update(id, &text)?)
    }

    /// The requests to join `project`'s own listing (for its lead organisation).
    pub fn own_join_requests(
        &self,
        project: &Project,
    ) -> Result<Vec<pipeline_protocol::JoinRequest>> {
        Ok(self.client.join_requests(own_listing(project)?)?)
    }
}
