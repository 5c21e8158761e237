//! Accord's open formats: a whole workspace as one JSON document (with its JSON Schema),
//! and registers of councils in CSV. Pure functions over text: no files, no database.

mod register;
mod workspace_json;

pub use register::{RegisterFilter, RegisterRow, parse_register};
pub use workspace_json::{from_json, json_schema, to_json};

use thiserror::Error;

/// Why a document could not be read. Each message names where the problem is.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum InterchangeError {
    /// The JSON is not well formed.
    #[error("The file is not valid JSON: {0}")]
    Syntax(String),
    /// A field has the wrong type or value; `path` is like `decisions[3].status`.
    #[error("{path}: {message}")]
    Field { path: String, message: String },
    /// The records do not agree with each other.
    #[error("{}", .0.iter().map(|(p, m)| format!("{p}: {m}")).collect::<Vec<_>>().join("\n"))]
    Inconsistent(Vec<(String, String)>),
    /// A CSV register is missing a column or has a bad row.
    #[error("{0}")]
    Register(String),
}

impl InterchangeError {
    pub fn code(&self) -> &'static str {
        match self {
            InterchangeError::Syntax(_) => "json_syntax",
            InterchangeError::Field { .. } => "bad_field",
            InterchangeError::Inconsistent(_) => "inconsistent",
            InterchangeError::Register(_) => "bad_register",
        }
    }
}
