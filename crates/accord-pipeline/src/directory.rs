//! The directory and coming back to it: search, read, find similar, watch, subscribe,
//! the feed, asking to join, and a lead's answers. Each call turns the client's errors
//! into the plain sentences of [`PipelineError`].

use pipeline_protocol::{
    Feed, Invitation, JoinRequest, Listing, ListingId, Me, Nation, Phase, SearchQuery,
    SearchResults, SimilarListing, Subscriptions,
};
use uuid::Uuid;

use crate::error::{PipelineError, Result};
use crate::server::Connection;

/// A search as typed: every part optional, words as written.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct Search {
    pub words: String,
    pub tags: Vec<String>,
    pub phase: String,
    pub nation: String,
    pub region: String,
    pub looking_for_partners: bool,
    pub limit: Option<u32>,
}

impl Search {
    /// The query to send, or which part was mistyped.
    pub fn query(&self) -> Result<SearchQuery> {
        let some = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
        let phase = match some(&self.phase) {
            None => None,
            Some(p) => Some(p.parse::<Phase>().map_err(|_| PipelineError::BadWord {
                what: "phase",
                value: p.clone(),
                allowed: "concept, discovery, alpha, beta, live, retired".into(),
            })?),
        };
        let nation = match some(&self.nation) {
            None => None,
            Some(n) => Some(nation(&n)?),
        };
        let tags: Vec<String> = self
            .tags
            .iter()
            .flat_map(|t| t.split(','))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .collect();
        Ok(SearchQuery {
            q: some(&self.words),
            tags: (!tags.is_empty()).then(|| tags.join(",")),
            phase,
            nation,
            region: some(&self.region),
            looking_for_partners: self.looking_for_partners.then_some(true),
            limit: self.limit,
            offset: None,
        })
    }
}

fn nation(text: &str) -> Result<Nation> {
    let wanted = text.trim().to_lowercase().replace([' ', '-'], "_");
    Nation::ALL
        .into_iter()
        .find(|n| n.as_str() == wanted)
        .ok_or_else(|| PipelineError::BadWord {
            what: "nation",
            value: text.to_string(),
            allowed: "england, wales, scotland, northern_ireland".into(),
        })
}

/// A listing id as typed.
pub fn listing_id(text: &str) -> Result<ListingId> {
    text.trim()
        .parse()
        .map_err(|_| PipelineError::BadListingId(text.trim().to_string()))
}

/// A join request's id as typed.
pub fn request_id(text: &str) -> Result<Uuid> {
    Uuid::parse_str(text.trim()).map_err(|_| PipelineError::BadListingId(text.trim().to_string()))
}

impl Connection {
    /// Who the token acts for.
    pub fn me(&self) -> Result<Me> {
        Ok(self.client.me()?)
    }

    pub fn search(&self, search: &Search) -> Result<SearchResults> {
        Ok(self.client.search(&search.query()?)?)
    }

    pub fn listing(&self, id: ListingId) -> Result<Listing> {
        Ok(self.client.listing(id)?)
    }

    pub fn similar(&self, id: ListingId) -> Result<Vec<SimilarListing>> {
        Ok(self.client.similar(id)?)
    }

    pub fn watch(&self, id: ListingId) -> Result<Listing> {
        let listing = self.client.listing(id)?;
        self.client.watch(id)?;
        Ok(listing)
    }

    pub fn unwatch(&self, id: ListingId) -> Result<()> {
        Ok(self.client.unwatch(id)?)
    }

    pub fn subscribe(&self, tag: &str) -> Result<()> {
        Ok(self.client.subscribe(tag)?)
    }

    pub fn unsubscribe(&self, tag: &str) -> Result<()> {
        Ok(self.client.unsubscribe(tag)?)
    }

    pub fn subscriptions(&self) -> Result<Subscriptions> {
        Ok(self.client.subscriptions()?)
    }

    /// What is new since the feed was last marked seen; marks it seen when `mark_seen`.
    pub fn feed(&self, mark_seen: bool) -> Result<Feed> {
        let feed = self.client.feed()?;
        if mark_seen && !feed.items.is_empty() {
            self.client.feed_seen(feed.until)?;
        }
        Ok(feed)
    }

    pub fn join(&self, id: ListingId, message: &str) -> Result<JoinRequest> {
        Ok(self.client.join(id, message)?)
    }

    pub fn join_requests(&self, id: ListingId) -> Result<Vec<JoinRequest>> {
        Ok(self.client.join_requests(id)?)
    }

    pub fn accept(&self, request: Uuid) -> Result<JoinRequest> {
        Ok(self.client.accept(request)?)
    }

    pub fn decline(&self, request: Uuid) -> Result<JoinRequest> {
        Ok(self.client.decline(request)?)
    }

    /// Listings of other organisations that name this one as taking part.
    pub fn invitations(&self) -> Result<Vec<Invitation>> {
        Ok(self.client.invitations()?)
    }

    pub fn confirm(&self, invitation: Uuid) -> Result<Invitation> {
        Ok(self.client.confirm(invitation)?)
    }

    pub fn decline_invitation(&self, invitation: Uuid) -> Result<Invitation> {
        Ok(self.client.decline_invitation(invitation)?)
    }
}
