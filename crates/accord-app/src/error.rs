//! The error the app shows: a stable code and one sentence a council officer understands.

use serde::Serialize;

/// What the desktop shell sends to the page when a command fails.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{message}")]
pub struct AppError {
    /// Stable and machine-readable, such as `decision_locked` or `not_a_workspace`.
    pub code: String,
    /// A plain-English sentence, never a Rust debug string.
    pub message: String,
    /// For bad input, the field it concerns (so the page can mark it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl AppError {
    pub fn new(code: &str, message: impl Into<String>) -> AppError {
        AppError {
            code: code.to_string(),
            message: message.into(),
            field: None,
        }
    }

    pub fn on_field(mut self, field: &str) -> AppError {
        self.field = Some(field.to_string());
        self
    }

    pub fn no_workspace() -> AppError {
        AppError::new("no_workspace", "Open or create a workspace first.")
    }
}

impl From<accord_store::StoreError> for AppError {
    fn from(e: accord_store::StoreError) -> Self {
        AppError::new(e.code(), e.to_string())
    }
}

impl From<accord_domain::RuleError> for AppError {
    fn from(e: accord_domain::RuleError) -> Self {
        AppError::new(e.code(), e.to_string())
    }
}

impl From<accord_interchange::InterchangeError> for AppError {
    fn from(e: accord_interchange::InterchangeError) -> Self {
        AppError::new(e.code(), e.to_string())
    }
}

impl From<accord_settings::SettingsError> for AppError {
    fn from(e: accord_settings::SettingsError) -> Self {
        AppError::new(e.code(), e.to_string())
    }
}

pub type AppResult<T> = Result<T, AppError>;
