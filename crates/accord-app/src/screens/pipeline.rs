//! The Pipeline screen: the server and token, a preview of the workspace's listing, then
//! publishing it; posting status updates on it and answering requests to join it; searching
//! the directory, watching, subscribing, the feed, asking to join.
//!
//! Network calls take the shared `Mutex<Session>` rather than `&mut Session`: they lock it
//! only to read what they need (the server, the listing to send) and to store the result,
//! never while waiting for the server, so the rest of the app stays responsive. They must
//! run off the UI thread (the shell runs them on a blocking thread).

use std::sync::Mutex;

use accord_pipeline::protocol::{
    Feed, JoinRequest, Listing, ListingDraft, SearchResults, StatusUpdate,
};
use accord_pipeline::{PipelineError, Plan, Search, Server, TokenSource};
use accord_settings::Token;
use serde::Serialize;

use crate::{AppError, AppResult, Session};

pub use accord_pipeline::Outcome as PublishOutcome;

impl From<PipelineError> for AppError {
    fn from(e: PipelineError) -> Self {
        let field = e.field().map(str::to_string);
        AppError {
            code: e.code().to_string(),
            message: e.to_string(),
            field,
        }
    }
}

/// What the screen shows before anything is sent.
#[derive(Debug, Clone, Serialize)]
pub struct PipelineView {
    /// The server set on this laptop; `None` until the user sets one.
    pub server: Option<String>,
    /// Where the token comes from (the token itself never leaves Rust).
    pub token: TokenSource,
    /// The workspace's listing id, once published.
    pub listing_id: Option<String>,
    /// People who could be the listing's contact (they have an email address).
    pub contacts: Vec<ContactChoice>,
    /// The contact used when none is chosen (the lead organisation's signatory).
    pub default_contact: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ContactChoice {
    pub id: String,
    pub name: String,
}

/// The listing as it would be sent.
#[derive(Debug, Clone, Serialize)]
pub struct ListingPreview {
    pub draft: ListingDraft,
    /// The same, as the exact JSON that goes over the wire.
    pub json: String,
    /// The listing it would update; `None` means it would publish a new one.
    pub updates: Option<String>,
}

/// What publishing did.
#[derive(Debug, Clone, Serialize)]
pub struct PublishedView {
    pub listing: Listing,
    pub outcome: accord_pipeline::Outcome,
    pub server: String,
}

fn contact(field: &str, value: &str) -> AppResult<Option<accord_domain::Id>> {
    if value.trim().is_empty() {
        Ok(None)
    } else {
        super::id(field, value).map(Some)
    }
}

impl Session {
    /// The server in this user's settings, with its token (from the settings or the environment).
    pub fn pipeline_server(&self) -> AppResult<Server> {
        Ok(Server::choose(&self.settings()?, None)?)
    }

    pub fn pipeline(&self) -> AppResult<PipelineView> {
        let (server, token) = match self.pipeline_server() {
            Ok(s) => (Some(s.url.clone()), s.token_source),
            Err(AppError { code, .. }) if code == "no_server" => (None, TokenSource::None),
            Err(e) => return Err(e),
        };
        let (listing_id, contacts, default_contact) = match &self.file {
            None => (None, Vec::new(), None),
            Some(file) => {
                let parts = accord_pipeline::PublicParts::read(file)?;
                let default_contact = accord_pipeline::listing::contact_person(&parts, None)?
                    .map(|p| p.id.to_string());
                let contacts = parts
                    .people
                    .iter()
                    .filter(|p| p.active && !p.email.trim().is_empty())
                    .map(|p| ContactChoice {
                        id: p.id.to_string(),
                        name: p.name.clone(),
                    })
                    .collect();
                (parts.project.pipeline_id.clone(), contacts, default_contact)
            }
        };
        Ok(PipelineView {
            server,
            token,
            listing_id,
            contacts,
            default_contact,
        })
    }

    /// Sets the server (and the token, when one is typed; an empty token keeps the one
    /// stored for the same server). Sends nothing.
    pub fn set_pipeline_server(&mut self, url: &str, token: &str) -> AppResult<PipelineView> {
        let mut s = self.settings()?;
        accord_pipeline::server::set(&mut s, url, Token::new(token))?;
        self.save_settings(&s)?;
        self.pipeline()
    }

    /// Forgets the server and token.
    pub fn forget_pipeline_server(&mut self) -> AppResult<PipelineView> {
        let mut s = self.settings()?;
        accord_pipeline::server::forget(&mut s);
        self.save_settings(&s)?;
        self.pipeline()
    }

    fn publish_plan(&self, contact_id: &str) -> AppResult<Plan> {
        Ok(accord_pipeline::publish::plan(
            self.file()?,
            contact("contact", contact_id)?,
            false,
        )?)
    }

    /// The listing exactly as publishing would send it. Sends nothing.
    pub fn listing_preview(&self, contact_id: &str) -> AppResult<ListingPreview> {
        let plan = self.publish_plan(contact_id)?;
        Ok(ListingPreview {
            json: accord_pipeline::preview(&plan.draft),
            draft: plan.draft,
            updates: plan.existing.map(|i| i.to_string()),
        })
    }
}

fn lock(session: &Mutex<Session>) -> AppResult<std::sync::MutexGuard<'_, Session>> {
    session.lock().map_err(|_| {
        AppError::new(
            "internal",
            "Accord hit a problem; please restart it. Your work is saved.",
        )
    })
}

fn connect(session: &Mutex<Session>) -> AppResult<accord_pipeline::Connection> {
    let server = lock(session)?.pipeline_server()?;
    Ok(server.connect()?)
}

/// Publishes or updates the open workspace's listing, and stores its id in the workspace.
pub fn publish(session: &Mutex<Session>, contact_id: &str) -> AppResult<PublishedView> {
    let (server, plan) = {
        let s = lock(session)?;
        (s.pipeline_server()?, s.publish_plan(contact_id)?)
    };
    let conn = server.connect()?;
    let published = accord_pipeline::publish::send(&conn, &plan)?;
    let mut s = lock(session)?;
    let (file, stamp) = s.file_and_stamp()?;
    accord_pipeline::publish::record(file, &published, &stamp)?;
    Ok(PublishedView {
        listing: published.listing,
        outcome: published.outcome,
        server: server.url,
    })
}

pub fn search(session: &Mutex<Session>, search: &Search) -> AppResult<SearchResults> {
    Ok(connect(session)?.search(search)?)
}

pub fn listing(session: &Mutex<Session>, id: &str) -> AppResult<Listing> {
    Ok(connect(session)?.listing(accord_pipeline::listing_id(id)?)?)
}

pub fn watch(session: &Mutex<Session>, id: &str) -> AppResult<Listing> {
    Ok(connect(session)?.watch(accord_pipeline::listing_id(id)?)?)
}

/// Subscribes to each tag (separated by commas) and returns what the user follows now.
pub fn subscribe(
    session: &Mutex<Session>,
    tags: &str,
) -> AppResult<accord_pipeline::protocol::Subscriptions> {
    let conn = connect(session)?;
    let tags = super::list(tags);
    if tags.is_empty() {
        return Err(
            AppError::new("empty", "Type a tag to subscribe to, such as waste.")
                .on_field("subscribe-tags"),
        );
    }
    for tag in &tags {
        conn.subscribe(tag)?;
    }
    Ok(conn.subscriptions()?)
}

/// What is new since the feed was last read; reading it marks it seen.
pub fn feed(session: &Mutex<Session>) -> AppResult<Feed> {
    Ok(connect(session)?.feed(true)?)
}

pub fn join(session: &Mutex<Session>, id: &str, message: &str) -> AppResult<JoinRequest> {
    Ok(connect(session)?.join(accord_pipeline::listing_id(id)?, message)?)
}

/// The open workspace's project and the server, read under the lock; the project must have
/// been published (checked before the server, and before anything is sent).
fn own_listing(session: &Mutex<Session>) -> AppResult<(accord_domain::Project, Server)> {
    let s = lock(session)?;
    let project = s.file()?.project()?;
    accord_pipeline::status::own_listing(&project)?;
    Ok((project, s.pipeline_server()?))
}

/// Posts a status update on the open workspace's listing: its watchers see it in their feed.
/// Nothing is sent when the workspace has not been published or the text is empty.
pub fn post_status(session: &Mutex<Session>, text: &str) -> AppResult<StatusUpdate> {
    let (project, server) = own_listing(session)?;
    accord_pipeline::status::text(text)?;
    Ok(server.connect()?.post_status(&project, text)?)
}

/// The requests to join the open workspace's listing, oldest first (for its lead organisation).
pub fn join_requests(session: &Mutex<Session>) -> AppResult<Vec<JoinRequest>> {
    let (project, server) = own_listing(session)?;
    Ok(server.connect()?.own_join_requests(&project)?)
}

/// The lead organisation accepts a request to join (the organisation becomes a partner) or declines it.
pub fn answer_join(
    session: &Mutex<Session>,
    request: &str,
    accept: bool,
) -> AppResult<JoinRequest> {
    let request = accord_pipeline::request_id(request)?;
    let conn = connect(session)?;
    Ok(if accept {
        conn.accept(request)?
    } else {
        conn.decline(request)?
    })
}
