//! A finding of the readiness check: what is wrong, which record it is about, what to do.

use serde::{Deserialize, Serialize};

vocabulary! {
    /// How much a finding matters. Errors make `accord check` exit with 1.
    Severity { Error => "error", Warning => "warning", Info => "info" }
}

/// One thing the readiness check found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub severity: Severity,
    /// A stable code, such as `raci_many_accountable`.
    pub code: String,
    /// The record it is about, as a path: `raci.activities[<id>]`, `agreement.sections[data]`.
    pub record: String,
    /// What is wrong, in plain English.
    pub message: String,
    /// What to do about it.
    pub action: String,
}

impl Finding {
    pub fn new(
        severity: Severity,
        code: &str,
        record: &str,
        message: impl Into<String>,
        action: impl Into<String>,
    ) -> Self {
        Finding {
            severity,
            code: code.to_string(),
            record: record.to_string(),
            message: message.into(),
            action: action.into(),
        }
    }
    pub fn error(
        code: &str,
        record: &str,
        message: impl Into<String>,
        action: impl Into<String>,
    ) -> Self {
        Self::new(Severity::Error, code, record, message, action)
    }
    pub fn warning(
        code: &str,
        record: &str,
        message: impl Into<String>,
        action: impl Into<String>,
    ) -> Self {
        Self::new(Severity::Warning, code, record, message, action)
    }
    pub fn info(
        code: &str,
        record: &str,
        message: impl Into<String>,
        action: impl Into<String>,
    ) -> Self {
        Self::new(Severity::Info, code, record, message, action)
    }
}
