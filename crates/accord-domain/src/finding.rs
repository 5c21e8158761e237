//! A finding of the readiness check: what is wrong, which record it is about, what to do.

use serde::{Deserialize, Serialize};

use crate::Id;

vocabulary! {
    /// How much a finding matters. Errors make `accord check` exit with 1.
    Severity { Error => "error", Warning => "warning", Info => "info" }
}

/// Which record a finding is about, as data a page can act on without reading a path:
/// serialised as `{"record": "raci", "activity": "<id>"}`, `{"record": "section", "key":
/// "data"}` and so on. [`Location::path`] is the same place as the path `accord check` prints.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "record", rename_all = "snake_case")]
pub enum Location {
    /// One of the project's own fields (`problem`, `outcomes`).
    Project { field: String },
    /// A section of the agreement, by key; it may be missing from the agreement.
    Section { key: String },
    /// An activity's row of the RACI matrix, and the party the finding names, if one.
    Raci {
        activity: Id,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        party: Option<Id>,
    },
    /// A person.
    Person { person: Id },
    /// A handover note.
    Handover { note: Id },
    /// A sign-off.
    Signoff { signoff: Id },
    /// An open sync conflict, by its id (`C-7f3a19bc`).
    Conflict { conflict: String },
}

impl Location {
    /// The record as a path: `raci.activities[<id>]`, `agreement.sections[data]`,
    /// `project.problem`, `people[<id>]`, `succession[<id>]`, `signoffs[<id>]`.
    pub fn path(&self) -> String {
        match self {
            Location::Project { field } => format!("project.{field}"),
            Location::Section { key } => format!("agreement.sections[{key}]"),
            Location::Raci { activity, .. } => format!("raci.activities[{activity}]"),
            Location::Person { person } => format!("people[{person}]"),
            Location::Handover { note } => format!("succession[{note}]"),
            Location::Signoff { signoff } => format!("signoffs[{signoff}]"),
            Location::Conflict { conflict } => format!("conflicts[{conflict}]"),
        }
    }

    /// The RACI activity whose row this is, if it is one.
    pub fn activity(&self) -> Option<Id> {
        match self {
            Location::Raci { activity, .. } => Some(*activity),
            _ => None,
        }
    }
}

/// One thing the readiness check found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub severity: Severity,
    /// A stable code, such as `raci_many_accountable`.
    pub code: String,
    /// The record it is about, as a path: `raci.activities[<id>]`, `agreement.sections[data]`
    /// (always `location.path()`).
    pub record: String,
    /// The record it is about, as data.
    pub location: Location,
    /// What is wrong, in plain English.
    pub message: String,
    /// What to do about it.
    pub action: String,
}

impl Finding {
    pub fn new(
        severity: Severity,
        code: &str,
        location: Location,
        message: impl Into<String>,
        action: impl Into<String>,
    ) -> Self {
        Finding {
            severity,
            code: code.to_string(),
            record: location.path(),
            location,
            message: message.into(),
            action: action.into(),
        }
    }
    pub fn error(
        code: &str,
        location: Location,
        message: impl Into<String>,
        action: impl Into<String>,
    ) -> Self {
        Self::new(Severity::Error, code, location, message, action)
    }
    pub fn warning(
        code: &str,
        location: Location,
        message: impl Into<String>,
        action: impl Into<String>,
    ) -> Self {
        Self::new(Severity::Warning, code, location, message, action)
    }
    pub fn info(
        code: &str,
        location: Location,
        message: impl Into<String>,
        action: impl Into<String>,
    ) -> Self {
        Self::new(Severity::Info, code, location, message, action)
    }
}
