//! What can go wrong in talking to a Pipeline server, each as a stable code and a sentence
//! a council officer understands. A token never appears in any of them.

use pipeline_client::ClientError;
use pipeline_protocol::ErrorCode;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum PipelineError {
    #[error(
        "No Pipeline server is set up on this laptop, so nothing was sent. Set the server's address first (and your token, to publish)."
    )]
    NoServer,
    #[error(
        "This needs your token for the Pipeline server, and none is set. Ask the server's administrator for one, then set it with the server's address."
    )]
    NoToken,
    #[error("'{url}' is not a server address: {reason}.")]
    BadUrl { url: String, reason: String },
    #[error(
        "Could not reach the Pipeline server at {url} ({detail}). Check the address and that this laptop is online; nothing was changed."
    )]
    Unreachable { url: String, detail: String },
    #[error(
        "The Pipeline server did not accept your token: it may be mistyped, or it has been revoked. Ask the server's administrator for a new one."
    )]
    BadToken,
    #[error(
        "That listing belongs to another organisation on the Pipeline server, so your token cannot change it. {detail}"
    )]
    NotYours { detail: String },
    #[error("The Pipeline server has no such listing or request: {message}")]
    NotFound { message: String },
    /// The server refused the request and said why (a 4xx): its message is passed on.
    #[error("The Pipeline server refused this: {message}")]
    Refused {
        message: String,
        field: Option<String>,
    },
    #[error("The Pipeline server had a problem of its own ({message}). Try again later.")]
    ServerFault { message: String },
    #[error("The listing cannot be sent: {message}")]
    Invalid { field: String, message: String },
    #[error(
        "'{0}' is not a listing id: a listing id looks like 01a219f5-94ac-720a-8c68-fee9bb48c084."
    )]
    BadListingId(String),
    #[error("'{value}' is not a {what}: use one of {allowed}.")]
    BadWord {
        what: &'static str,
        value: String,
        allowed: String,
    },
    #[error(
        "This project has not been published to the Pipeline directory yet, so it has no listing there. Publish it first; nothing was sent."
    )]
    NotPublished,
    /// Text typed for the server that it would not take (checked before sending).
    #[error("{message}")]
    BadText {
        field: &'static str,
        message: String,
    },
    #[error("{0}")]
    Network(String),
    #[error("{0}")]
    Store(#[from] accord_store::StoreError),
    #[error("{0}")]
    Settings(#[from] accord_settings::SettingsError),
}

impl PipelineError {
    /// A stable, machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            PipelineError::NoServer => "no_server",
            PipelineError::NoToken => "no_token",
            PipelineError::BadUrl { .. } => "bad_url",
            PipelineError::Unreachable { .. } => "unreachable",
            PipelineError::BadToken => "bad_token",
            PipelineError::NotYours { .. } => "not_yours",
            PipelineError::NotFound { .. } => "not_found",
            PipelineError::Refused { .. } => "refused",
            PipelineError::ServerFault { .. } => "server_fault",
            PipelineError::Invalid { .. } => "invalid",
            PipelineError::BadListingId(_) => "bad_listing_id",
            PipelineError::BadWord { .. } => "invalid",
            PipelineError::NotPublished => "not_published",
            PipelineError::BadText { .. } => "invalid",
            PipelineError::Network(_) => "network",
            PipelineError::Store(e) => e.code(),
            PipelineError::Settings(e) => e.code(),
        }
    }

    /// The field the problem concerns, when there is one.
    pub fn field(&self) -> Option<&str> {
        match self {
            PipelineError::Invalid { field, .. } => Some(field),
            PipelineError::BadText { field, .. } => Some(field),
            PipelineError::Refused { field, .. } => field.as_deref(),
            PipelineError::BadUrl { .. } | PipelineError::NoServer => Some("server"),
            PipelineError::NoToken | PipelineError::BadToken => Some("token"),
            _ => None,
        }
    }
}

impl From<ClientError> for PipelineError {
    fn from(e: ClientError) -> Self {
        match e {
            ClientError::BadUrl { url, reason } => PipelineError::BadUrl { url, reason },
            ClientError::NoToken => PipelineError::NoToken,
            ClientError::Unreachable { url, detail } => PipelineError::Unreachable {
                url,
                detail: last_cause(&detail),
            },
            ClientError::Refused {
                code: ErrorCode::Unauthorised,
                ..
            } => PipelineError::BadToken,
            ClientError::Refused {
                code: ErrorCode::Forbidden,
                message,
                ..
            } => PipelineError::NotYours { detail: message },
            ClientError::Refused {
                code: ErrorCode::NotFound,
                message,
                ..
            } => PipelineError::NotFound { message },
            ClientError::Refused {
                status,
                message,
                field,
                ..
            } if status < 500 => PipelineError::Refused { message, field },
            ClientError::Refused { message, .. } => PipelineError::ServerFault { message },
            ClientError::Invalid(invalid) => PipelineError::Invalid {
                field: invalid.field.to_string(),
                message: invalid.message,
            },
            ClientError::Sync { error, .. } => PipelineError::Refused {
                message: error.message,
                field: None,
            },
            ClientError::Interrupted { url, detail } => PipelineError::Unreachable {
                url,
                detail: last_cause(&detail),
            },
            other @ (ClientError::BadResponse(_) | ClientError::Tls(_)) => {
                PipelineError::Network(other.to_string())
            }
        }
    }
}

/// The innermost cause of a connection failure ("Connection refused (os error 111)"),
/// which says more to a person than the layers of wrapping around it.
fn last_cause(detail: &str) -> String {
    detail
        .rsplit(": ")
        .next()
        .unwrap_or(detail)
        .trim()
        .to_string()
}

pub type Result<T, E = PipelineError> = std::result::Result<T, E>;
