//! Why a change was refused: each refusal has a stable code and a sentence for a person.

use thiserror::Error;

/// A change the rules do not allow. The message is written for a council officer.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum RuleError {
    #[error("{what} cannot be empty.")]
    Empty { what: &'static str },
    #[error("{0}")]
    Invalid(String),
    #[error(
        "Decision {number} is {status}: its text is a record and cannot be edited. Supersede it with a new decision, or deprecate it."
    )]
    DecisionLocked { number: String, status: String },
    #[error("Decision {number} cannot go from {from} to {to}. {hint}")]
    BadTransition {
        number: String,
        from: String,
        to: String,
        hint: &'static str,
    },
    #[error("{0} was not found in this workspace.")]
    NotFound(String),
    #[error("{what} is still used by {by}; {hint}")]
    InUse {
        what: String,
        by: String,
        hint: &'static str,
    },
    #[error("{0} already exists in this workspace.")]
    Duplicate(String),
}

impl RuleError {
    /// A stable, machine-readable code (used by the command line's `--json` and by the app).
    pub fn code(&self) -> &'static str {
        match self {
            RuleError::Empty { .. } => "empty",
            RuleError::Invalid(_) => "invalid",
            RuleError::DecisionLocked { .. } => "decision_locked",
            RuleError::BadTransition { .. } => "bad_transition",
            RuleError::NotFound(_) => "not_found",
            RuleError::InUse { .. } => "in_use",
            RuleError::Duplicate(_) => "duplicate",
        }
    }
}
