//! What can go wrong with a workspace file, each with a stable code and a plain sentence.

use std::path::PathBuf;

use accord_domain::RuleError;
use thiserror::Error;

/// An error from the workspace store.
#[derive(Debug, Error)]
pub enum StoreError {
    #[error("{path} is not an Accord workspace: {reason}. The file has not been changed.")]
    NotAWorkspace { path: PathBuf, reason: String },
    #[error(
        "{path} was saved by a newer version of Accord (workspace format {found}; this Accord reads up to {supported}). Update Accord to open it. The file has not been changed."
    )]
    TooNew {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error(
        "{0} already exists. Choose another name, or move the existing file first: Accord never overwrites a workspace."
    )]
    AlreadyExists(PathBuf),
    #[error("There is no file at {0}.")]
    Missing(PathBuf),
    #[error("{0}")]
    Rule(#[from] RuleError),
    #[error("The workspace could not be imported: {}", .0.iter().map(|(p, m)| format!("{p}: {m}")).collect::<Vec<_>>().join("; "))]
    InvalidWorkspace(Vec<(String, String)>),
    #[error(
        "The workspace file holds a value Accord cannot read ({0}). It may have been edited by another program."
    )]
    Corrupt(String),
    #[error(
        "The workspace file is busy or locked by another program; try again in a moment. ({0})"
    )]
    Busy(String),
    /// The whole sentence: why the workspace is read-only, and what the user can do.
    #[error("{0}")]
    ReadOnly(String),
    #[error(
        "The disk is full, so the change could not be saved. The workspace still holds everything saved before it. Free some space, or keep the workspace on a disk with room, and try again."
    )]
    DiskFull,
    /// Sync refused to go on, to protect the workspace: the whole sentence, saying what to do.
    #[error("{0}")]
    SyncRefused(String),
    #[error("Could not read or write the workspace file: {0}")]
    Io(#[from] std::io::Error),
    #[error("The workspace database reported an error: {0}")]
    Sqlite(rusqlite::Error),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => StoreError::Busy(e.to_string()),
            Some(rusqlite::ErrorCode::DiskFull) => StoreError::DiskFull,
            Some(rusqlite::ErrorCode::ReadOnly) => StoreError::ReadOnly(
                "This workspace is read-only here: the file, or its folder, cannot be written to. Nothing has been changed.".into(),
            ),
            _ => StoreError::Sqlite(e),
        }
    }
}

impl StoreError {
    /// A stable, machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            StoreError::NotAWorkspace { .. } => "not_a_workspace",
            StoreError::TooNew { .. } => "workspace_too_new",
            StoreError::AlreadyExists(_) => "already_exists",
            StoreError::Missing(_) => "missing_file",
            StoreError::Rule(e) => e.code(),
            StoreError::InvalidWorkspace(_) => "invalid_workspace",
            StoreError::Corrupt(_) => "corrupt",
            StoreError::Busy(_) => "busy",
            StoreError::ReadOnly(_) => "read_only",
            StoreError::DiskFull => "disk_full",
            StoreError::SyncRefused(_) => "sync_refused",
            StoreError::Io(_) => "io",
            StoreError::Sqlite(_) => "database",
        }
    }

    /// True when the error is about what the user asked for (bad input, a broken rule),
    /// rather than about the machine.
    pub fn is_user_error(&self) -> bool {
        !matches!(
            self,
            StoreError::Io(_) | StoreError::Sqlite(_) | StoreError::Busy(_) | StoreError::DiskFull
        )
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
