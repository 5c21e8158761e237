//! What a Pipeline server and its clients exchange: the directory's wire types and their checks.
//!
//! This crate is the only thing the server (`pipeline`) and the client (`pipeline-client`)
//! share. It borrows the project vocabularies (phase, status, collaboration level, budget
//! band, organisation kind and role) from `accord-domain`, so a listing uses the same words
//! as the workspace it was published from. It does no IO.

pub mod legacy;
mod listing;
mod social;
pub mod sync;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use accord_domain::{
    BudgetBand, CollaborationLevel, OrganisationKind, PartyRole, Phase, ProjectStatus,
};
pub use legacy::LegacyProject;
pub use listing::{
    Confirmation, Contact, LIMITS, ListedOrganisation, ListedPartner, Listing, ListingDraft,
    ListingId, ListingSummary, Member, Nation, OrganisationSummary, SearchQuery, SearchResults,
    SimilarListing, name_key,
};
pub use social::{
    Feed, FeedItem, FeedItemKind, FeedSeen, Invitation, InvitationState, JoinDecision, JoinRequest,
    JoinRequestDraft, JoinState, StatusUpdate, StatusUpdateDraft, Subscriptions,
};

/// The media type of every body the server accepts and sends.
pub const JSON: &str = "application/json";

/// Why the server refused a request. Every 4xx and 5xx response carries one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ApiError {
    /// A stable, machine-readable reason.
    pub code: ErrorCode,
    /// A sentence for a person, naming the problem.
    pub message: String,
    /// The field at fault, when one is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

/// The stable reasons a request is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The body is not JSON, or not the JSON this route expects.
    MalformedJson,
    /// A value breaks a rule (empty title, unknown phase, too many tags...).
    Invalid,
    /// No token, an unknown token or a revoked token, on a route that needs one.
    Unauthorised,
    /// The token is good, but the organisation does not own what it tried to change.
    Forbidden,
    NotFound,
    /// The request clashes with what is there (already a member, already decided...).
    Conflict,
    /// The body is over the server's size limit.
    TooLarge,
    MethodNotAllowed,
    UnsupportedMediaType,
    /// Over a rate limit; the `Retry-After` header says how many seconds to wait.
    RateLimited,
    /// The request took longer than the server's time limit (a body sent too slowly, say).
    Timeout,
    /// The server has as many connections open as it allows; try again shortly.
    Busy,
    /// Something went wrong in the server; the message says no more than that.
    Internal,
}

impl ErrorCode {
    /// The word used on the wire, such as `not_found`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::MalformedJson => "malformed_json",
            ErrorCode::Invalid => "invalid",
            ErrorCode::Unauthorised => "unauthorised",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::NotFound => "not_found",
            ErrorCode::Conflict => "conflict",
            ErrorCode::TooLarge => "too_large",
            ErrorCode::MethodNotAllowed => "method_not_allowed",
            ErrorCode::UnsupportedMediaType => "unsupported_media_type",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::Timeout => "timeout",
            ErrorCode::Busy => "busy",
            ErrorCode::Internal => "internal",
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A rule a draft breaks, with the field it concerns (checked by both client and server).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub field: &'static str,
    pub message: String,
}

impl std::fmt::Display for Invalid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Invalid {}

/// What `/healthz` answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Health {
    /// `ok` when the server can reach its database.
    pub status: String,
    /// `sqlite` or `postgres`.
    pub database: String,
    pub version: String,
}

/// Who a token acts for, as `GET /v1/me` answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Me {
    pub user: uuid::Uuid,
    pub organisation: OrganisationSummary,
}
