//! One module per screen of the app: what it reads and the changes it makes.

mod agreement;
mod decisions;
pub use decisions::NewDecision;
mod handover;
pub mod import;
mod parties;
pub mod pipeline;
mod project;
mod raci;
mod records;
mod signoffs;
pub mod sync;

use crate::{AppError, AppResult};

/// Parses a word from a closed list, marking the field when it is wrong.
pub(crate) fn word<T>(field: &str, value: &str) -> AppResult<T>
where
    T: std::str::FromStr<Err = accord_domain::RuleError>,
{
    value
        .parse()
        .map_err(|e: accord_domain::RuleError| AppError::from(e).on_field(field))
}

pub(crate) use crate::workspace::date;

pub(crate) fn id(field: &str, value: &str) -> AppResult<accord_domain::Id> {
    value.trim().parse().map_err(|_| {
        AppError::new("invalid", format!("'{value}' is not a record id.")).on_field(field)
    })
}

pub(crate) fn unknown_field(field: &str) -> AppError {
    AppError::new(
        "unknown_field",
        format!("There is no field called '{field}' here."),
    )
    .on_field(field)
}

/// Comma-separated words.
pub(crate) fn list(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect()
}
