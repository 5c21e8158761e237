//! Coming back to the directory: status updates, watches, tag subscriptions, the feed and join requests.

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{ListingId, OrganisationSummary};

/// A short note on how a project is going, posted by the organisation that owns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusUpdateDraft {
    #[schemars(length(min = 1, max = 5000), regex(pattern = r"\S"))]
    pub text: String,
}

/// A posted status update.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct StatusUpdate {
    pub id: Uuid,
    pub listing: ListingId,
    pub organisation: OrganisationSummary,
    pub text: String,
    pub posted_at: DateTime<Utc>,
}

/// What the signed-in user follows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Subscriptions {
    pub tags: Vec<String>,
    pub watching: Vec<ListingId>,
}

/// What a feed item is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FeedItemKind {
    /// Another organisation published a listing with a tag you subscribe to.
    NewListing,
    /// A listing you watch posted a status update.
    StatusUpdate,
    /// An organisation asked to join one of your organisation's listings.
    JoinRequest,
    /// Your organisation's request to join was accepted.
    JoinAccepted,
    /// Your organisation's request to join was declined.
    JoinDeclined,
}

/// One thing that is new for you.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct FeedItem {
    /// Where this item sits in the feed; larger is newer.
    pub cursor: i64,
    pub kind: FeedItemKind,
    pub at: DateTime<Utc>,
    pub listing: ListingId,
    pub listing_title: String,
    /// The organisation that did it.
    pub organisation: String,
    /// The status update's text, or the join request's message; empty otherwise.
    pub text: String,
}

/// What is new for the user since they last marked the feed as seen, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Feed {
    pub items: Vec<FeedItem>,
    /// Send back in `POST /v1/feed/seen` once these items have been shown.
    pub until: i64,
    /// True when there are more items than one page holds.
    pub more: bool,
}

/// Marks the feed as seen up to a cursor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FeedSeen {
    /// A whole number (written `12` or `12.0`).
    #[serde(deserialize_with = "whole_number")]
    pub until: i64,
}

/// Asks the owner of a listing to let your organisation join the project.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct JoinRequestDraft {
    /// Why you would like to join.
    #[serde(default)]
    #[schemars(length(max = 5000))]
    pub message: String,
}

/// Where a join request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum JoinState {
    Pending,
    Accepted,
    Declined,
}

/// An organisation's request to join a project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct JoinRequest {
    pub id: Uuid,
    pub listing: ListingId,
    pub organisation: OrganisationSummary,
    pub message: String,
    pub state: JoinState,
    pub requested_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
}

/// The lead organisation's answer to a join request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum JoinDecision {
    Accept,
    Decline,
}

/// Where an organisation stands on a listing that names it as taking part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum InvitationState {
    /// Not yet answered: the listing shows the organisation as invited.
    Invited,
    Confirmed,
    /// The listing no longer shows the organisation.
    Declined,
}

/// A listing that names your organisation as taking part: you confirm it (the listing then
/// shows you as confirmed and is found by your nation and region) or decline it (the listing
/// stops naming you). Like a request to join, in reverse.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Invitation {
    pub id: Uuid,
    pub listing: ListingId,
    pub listing_title: String,
    /// The organisation that published the listing.
    pub owner: OrganisationSummary,
    /// The role the listing gives your organisation.
    pub role: crate::PartyRole,
    pub state: InvitationState,
    pub invited_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
}

/// A whole number, whether JSON writes it `12` or `12.0` (JSON Schema counts both as integers).
fn whole_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    struct Whole;
    impl serde::de::Visitor<'_> for Whole {
        type Value = i64;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a whole number")
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<i64, E> {
            Ok(v)
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<i64, E> {
            i64::try_from(v).map_err(|_| E::custom("a number too large"))
        }
        fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<i64, E> {
            // The ends of i64 are not exact as f64 (a number just past either end is read as
            // it), so both are left out.
            if v.fract() == 0.0 && v > i64::MIN as f64 && v < i64::MAX as f64 {
                Ok(v as i64)
            } else {
                Err(E::custom(format!("{v} is not a whole number")))
            }
        }
    }
    d.deserialize_any(Whole)
}
