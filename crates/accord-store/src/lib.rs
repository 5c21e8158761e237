//! The workspace file: one SQLite database per workspace, the only crate that knows SQL.
//!
//! Every change is one transaction that writes the records and appends an operation to
//! the change log (the workspace's history, and later what sync exchanges). The file is
//! in write-ahead-log mode, so a process killed at any moment leaves it consistent.
//!
//! *Invariant:* rules live in `accord-domain`; this crate loads records, asks the domain
//! to apply a change, and writes the result. It never decides what is allowed.

mod agreement;
mod change;
mod codec;
mod decisions;
mod error;
mod handover;
mod history;
mod load;
mod open;
mod parties;
mod project;
mod raci;
mod search;
mod signoffs;

use std::path::{Path, PathBuf};

use accord_domain::{Id, Project, Workspace};
use rusqlite::Connection;

pub use change::{Action, Stamp};
pub use decisions::{DecisionFilter, DecisionPage};
pub use error::{Result, StoreError};
pub use history::{HistoryQuery, Operation};
pub use load::Summary;
pub use open::{APPLICATION_ID, MIGRATION_SQL, schema_version};
pub use search::Hit;

/// An open workspace file.
pub struct WorkspaceFile {
    conn: Connection,
    path: PathBuf,
}

impl std::fmt::Debug for WorkspaceFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WorkspaceFile").field("path", &self.path).finish()
    }
}

impl WorkspaceFile {
    /// Opens an existing workspace. A file that is not an Accord workspace, or was written
    /// by a newer Accord, is refused and left byte-for-byte as it was.
    pub fn open(path: impl AsRef<Path>) -> Result<WorkspaceFile> {
        let path = path.as_ref();
        let conn = open::open_existing(path)?;
        Ok(WorkspaceFile { conn, path: path.to_path_buf() })
    }

    /// Creates a new workspace for a project called `title`, with the standard agreement
    /// sections and RACI activities. Never overwrites an existing file.
    pub fn create(path: impl AsRef<Path>, title: &str, stamp: &Stamp) -> Result<WorkspaceFile> {
        let project = Project::new(Id::now_v7(), title)?;
        let workspace = Workspace::new(project, Id::now_v7);
        Self::import(path, &workspace, stamp)
    }

    /// Creates a new workspace file holding exactly `workspace`. All or nothing: when any
    /// record is refused, or the process stops part-way, no file is left at `path`.
    pub fn import(path: impl AsRef<Path>, workspace: &Workspace, stamp: &Stamp) -> Result<WorkspaceFile> {
        let path = path.as_ref();
        let problems = workspace.problems();
        if !problems.is_empty() {
            return Err(StoreError::InvalidWorkspace(problems));
        }
        let (partial, mut conn) = open::Partial::start(path)?;
        conn.execute(
            "INSERT INTO meta (key, value) VALUES ('device', ?1), ('created_at', ?2)",
            [Id::new_v4().simple().to_string(), stamp.at.to_rfc3339()],
        )?;
        {
            let mut file = WorkspaceFile { conn, path: partial.path.clone() };
            load::write_all(&mut file, workspace, stamp)?;
            conn = file.conn;
        }
        partial.finish(conn)?;
        Self::open(path)
    }

    /// The path this workspace was opened from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs SQLite's full integrity check: `Ok(())` when the file is sound.
    pub fn integrity_check(&self) -> Result<()> {
        let verdict: String = self.conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        if verdict == "ok" { Ok(()) } else { Err(StoreError::Corrupt(verdict)) }
    }
}
