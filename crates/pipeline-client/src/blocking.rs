//! The same client for callers that do not run an async runtime, such as the `accord` command line.

use pipeline_protocol::sync::{
    PullPage, PulledOp, PushRequest, PushResponse, SyncMember, SyncRole, SyncSpace, SyncStatus,
};
use pipeline_protocol::{
    Feed, Health, Invitation, JoinRequest, LegacyProject, Listing, ListingDraft, ListingId, Me,
    SearchQuery, SearchResults, SimilarListing, StatusUpdate, Subscriptions,
};
use uuid::Uuid;

use crate::{Client, ClientError, Started};

/// A [`Client`] that waits for each answer. It owns a small runtime of its own, so it must
/// not be used from inside another async runtime.
#[derive(Debug)]
pub struct BlockingClient {
    runtime: tokio::runtime::Runtime,
    client: Client,
}

macro_rules! blocking {
    ($($(#[$doc:meta])* $name:ident($($arg:ident: $ty:ty),*) -> $out:ty;)*) => {
        $(
            $(#[$doc])*
            pub fn $name(&self, $($arg: $ty),*) -> Result<$out, ClientError> {
                self.runtime.block_on(self.client.$name($($arg),*))
            }
        )*
    };
}

impl BlockingClient {
    /// See [`Client::new`]. Sends nothing.
    pub fn new(base_url: &str, token: Option<String>) -> Result<BlockingClient, ClientError> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| ClientError::Tls(format!("could not start the network runtime: {e}")))?;
        Ok(BlockingClient {
            runtime,
            client: Client::new(base_url, token)?,
        })
    }

    /// The async client inside.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// See [`Client::with_timeout`].
    pub fn with_timeout(mut self, timeout: std::time::Duration) -> BlockingClient {
        self.client = self.client.with_timeout(timeout);
        self
    }

    blocking! {
        /// See [`Client::health`].
        health() -> Health;
        /// See [`Client::me`].
        me() -> Me;
        /// See [`Client::publish`].
        publish(draft: &ListingDraft) -> ListingId;
        /// See [`Client::publish_listing`].
        publish_listing(draft: &ListingDraft) -> Listing;
        /// See [`Client::update`].
        update(id: ListingId, draft: &ListingDraft) -> Listing;
        /// See [`Client::listing`].
        listing(id: ListingId) -> Listing;
        /// See [`Client::search`].
        search(query: &SearchQuery) -> SearchResults;
        /// See [`Client::similar`].
        similar(id: ListingId) -> Vec<SimilarListing>;
        /// See [`Client::post_update`].
        post_update(id: ListingId, text: &str) -> StatusUpdate;
        /// See [`Client::updates`].
        updates(id: ListingId) -> Vec<StatusUpdate>;
        /// See [`Client::watch`].
        watch(id: ListingId) -> ();
        /// See [`Client::unwatch`].
        unwatch(id: ListingId) -> ();
        /// See [`Client::subscribe`].
        subscribe(tag: &str) -> ();
        /// See [`Client::unsubscribe`].
        unsubscribe(tag: &str) -> ();
        /// See [`Client::subscriptions`].
        subscriptions() -> Subscriptions;
        /// See [`Client::feed`].
        feed() -> Feed;
        /// See [`Client::feed_seen`].
        feed_seen(until: i64) -> ();
        /// See [`Client::join`].
        join(id: ListingId, message: &str) -> JoinRequest;
        /// See [`Client::join_requests`].
        join_requests(id: ListingId) -> Vec<JoinRequest>;
        /// See [`Client::accept`].
        accept(request: Uuid) -> JoinRequest;
        /// See [`Client::decline`].
        decline(request: Uuid) -> JoinRequest;
        /// See [`Client::invitations`].
        invitations() -> Vec<Invitation>;
        /// See [`Client::confirm`].
        confirm(invitation: Uuid) -> Invitation;
        /// See [`Client::decline_invitation`].
        decline_invitation(invitation: Uuid) -> Invitation;
        /// See [`Client::legacy_projects`].
        legacy_projects() -> Vec<LegacyProject>;
        /// See [`Client::legacy_project`].
        legacy_project(number: i64) -> LegacyProject;
        /// See [`Client::sync_spaces`].
        sync_spaces() -> Vec<SyncSpace>;
        /// See [`Client::sync_start`].
        sync_start(project: Uuid) -> Started;
        /// See [`Client::sync_status`].
        sync_status(project: Uuid, at: Option<i64>) -> SyncStatus;
        /// See [`Client::sync_push`].
        sync_push(project: Uuid, push: &PushRequest) -> PushResponse;
        /// See [`Client::sync_pull`].
        sync_pull(project: Uuid, after: i64, limit: Option<u32>) -> PullPage;
        /// See [`Client::sync_op`].
        sync_op(project: Uuid, op_id: Uuid) -> PulledOp;
        /// See [`Client::sync_members`].
        sync_members(project: Uuid) -> Vec<SyncMember>;
        /// See [`Client::sync_admit`].
        sync_admit(project: Uuid, organisation: Uuid, role: SyncRole) -> SyncMember;
        /// See [`Client::sync_remove`].
        sync_remove(project: Uuid, organisation: Uuid) -> ();
    }
}
