//! The workspace file: one SQLite database per workspace, the only crate that knows SQL.
//!
//! Every change is one transaction that writes the records and appends an operation to
//! the change log (the workspace's history, and later what sync exchanges). The file is
//! in write-ahead-log mode (rollback-journal mode on a network share, where a log is not
//! safe), so a process killed at any moment leaves it consistent, and it is checkpointed
//! after every change, so the file alone, copied while open, holds everything.
//! A file this process cannot write opens read-only, and every change is refused up front.
//!
//! *Invariant:* rules live in `accord-domain`; this crate loads records, asks the domain
//! to apply a change, and writes the result. It never decides what is allowed.

mod agreement;
mod based;
mod change;
mod codec;
mod decisions;
mod error;
mod handover;
mod heads;
mod history;
mod load;
mod open;
mod owner;
mod parties;
mod place;
mod project;
mod raci;
mod records;
mod search;
mod signoffs;
mod sync;

use std::path::{Path, PathBuf};

use accord_domain::{Id, Project, Workspace};
use rusqlite::Connection;

pub use based::FieldBase;
pub use change::{Action, Stamp};
pub use decisions::{DecisionFilter, DecisionPage};
pub use error::{Result, StoreError};
pub use history::{HistoryQuery, Operation};
pub use load::Summary;
pub use open::{APPLICATION_ID, MIGRATION_SQL, schema_version};
pub use owner::{Holder, Owner, OwnerLock, holder, owner_file, this_machine};
pub use place::ASSUME_NETWORK_ENV;
pub use search::Hit;
pub use sync::{
    Ack, Applied, CloneFile, ConflictSide, ConflictView, IncomingOp, OP_FORMAT, OutgoingOp,
    Removal, Resolution, SyncLink, SyncNotice, SyncState, choices,
};

/// An open workspace file.
pub struct WorkspaceFile {
    conn: Connection,
    path: PathBuf,
    /// Why no change may be made, as the sentence the user is shown; `None` when writable.
    read_only: Option<String>,
    /// The field a change being made was based on, as a screen showed it
    /// ([`WorkspaceFile::edit_based_on`]), and the change made to it.
    base: Option<based::Edit>,
}

impl std::fmt::Debug for WorkspaceFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WorkspaceFile")
            .field("path", &self.path)
            .finish()
    }
}

impl WorkspaceFile {
    /// Opens an existing workspace. A file that is not an Accord workspace, or was written
    /// by a newer Accord, is refused and left byte-for-byte as it was. A file this process
    /// cannot write, or one another machine has open (its owner file says so), opens
    /// read-only: it reads as usual, and every change is refused with a plain sentence.
    pub fn open(path: impl AsRef<Path>) -> Result<WorkspaceFile> {
        let path = path.as_ref();
        let (conn, read_only) = open::open_existing(path, None)?;
        Ok(WorkspaceFile {
            conn,
            path: path.to_path_buf(),
            read_only,
            base: None,
        })
    }

    /// Opens an existing workspace read-only, whatever the file allows: nothing is ever
    /// written to it, not even an upgrade of an older format (that is made in memory).
    pub fn open_read_only(path: impl AsRef<Path>) -> Result<WorkspaceFile> {
        let path = path.as_ref();
        let why = "This workspace is open read-only. You can read everything in it; to change it, close it and open it again for editing. Nothing has been changed.";
        let (conn, read_only) = open::open_existing(path, Some(why.to_string()))?;
        Ok(WorkspaceFile {
            conn,
            path: path.to_path_buf(),
            read_only,
            base: None,
        })
    }

    /// Why this workspace is read-only (the sentence shown to the user), or `None`.
    pub fn read_only(&self) -> Option<&str> {
        self.read_only.as_deref()
    }

    pub fn is_read_only(&self) -> bool {
        self.read_only.is_some()
    }

    /// A number that changes whenever another connection (another process, or another
    /// open of the same file) commits a change; this connection's own changes leave it.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .pragma_query_value(None, "data_version", |r| r.get(0))?)
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
    pub fn import(
        path: impl AsRef<Path>,
        workspace: &Workspace,
        stamp: &Stamp,
    ) -> Result<WorkspaceFile> {
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
            let mut file = WorkspaceFile {
                conn,
                path: partial.path.clone(),
                read_only: None,
                base: None,
            };
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
        let verdict: String = self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        if verdict == "ok" {
            Ok(())
        } else {
            Err(StoreError::Corrupt(verdict))
        }
    }
}
