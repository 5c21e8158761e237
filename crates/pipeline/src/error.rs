//! Why the server refused or failed: one enum, each case with a stable code and an HTTP status.

use pipeline_protocol::ErrorCode;

/// Everything that can go wrong in the server's library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{message}")]
    Invalid {
        field: Option<String>,
        message: String,
    },
    #[error("{0}")]
    MalformedJson(String),
    #[error("The request body is larger than the limit of {limit} bytes.")]
    TooLarge { limit: usize },
    #[error("{0}")]
    Unauthorised(&'static str),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0} was not found.")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    UnsupportedMediaType(String),
    #[error("This route does not accept that method.")]
    MethodNotAllowed,
    #[error("database: {0}")]
    Database(String),
    #[error(
        "Migration {version} ({name}) has changed since it was applied to this database; migrations must never be edited."
    )]
    MigrationChanged { version: i64, name: &'static str },
    #[error("{0}")]
    Internal(String),
}

impl Error {
    /// The stable code sent to clients.
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::Invalid { .. } => ErrorCode::Invalid,
            Error::MalformedJson(_) => ErrorCode::MalformedJson,
            Error::TooLarge { .. } => ErrorCode::TooLarge,
            Error::Unauthorised(_) => ErrorCode::Unauthorised,
            Error::Forbidden(_) => ErrorCode::Forbidden,
            Error::NotFound(_) => ErrorCode::NotFound,
            Error::Conflict(_) => ErrorCode::Conflict,
            Error::UnsupportedMediaType(_) => ErrorCode::UnsupportedMediaType,
            Error::MethodNotAllowed => ErrorCode::MethodNotAllowed,
            Error::Database(_) | Error::MigrationChanged { .. } | Error::Internal(_) => {
                ErrorCode::Internal
            }
        }
    }

    pub fn invalid(field: &str, message: impl Into<String>) -> Error {
        Error::Invalid {
            field: Some(field.to_string()),
            message: message.into(),
        }
    }
}

impl From<pipeline_protocol::Invalid> for Error {
    fn from(e: pipeline_protocol::Invalid) -> Error {
        Error::Invalid {
            field: Some(e.field.to_string()),
            message: e.message,
        }
    }
}
