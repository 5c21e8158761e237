//! Opening and creating workspace files: recognising an Accord file before SQLite writes a
//! byte to it, refusing newer ones, applying migrations, and creating files atomically.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};
use rusqlite_migration::{M, Migrations};

use crate::error::{Result, StoreError};

/// `PRAGMA application_id` of every Accord workspace: "ACRD".
pub const APPLICATION_ID: u32 = 0x4143_5244;

/// The numbered migrations, in order. Never edit one that has shipped: add another.
pub const MIGRATION_SQL: &[&str] = &[
    include_str!("../migrations/0001_records.sql"),
    include_str!("../migrations/0002_search.sql"),
    include_str!("../migrations/0003_sync.sql"),
    include_str!("../migrations/0004_language.sql"),
];

/// The schema version this build writes.
pub fn schema_version() -> i64 {
    MIGRATION_SQL.len() as i64
}

pub(crate) fn migrations() -> Migrations<'static> {
    Migrations::new(MIGRATION_SQL.iter().map(|sql| M::up(sql)).collect())
}

/// What the first 100 bytes of a file say about it.
#[derive(Debug)]
struct Header {
    user_version: i64,
}

/// Reads the SQLite header without opening the file with SQLite, so that a foreign or
/// truncated file is recognised and refused before anything could write to it.
fn inspect(path: &Path) -> Result<Header> {
    let not = |reason: &str| StoreError::NotAWorkspace {
        path: path.to_path_buf(),
        reason: reason.to_string(),
    };
    let mut file = match fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(StoreError::Missing(path.to_path_buf()));
        }
        Err(e) => return Err(e.into()),
    };
    let meta = file.metadata()?;
    if meta.is_dir() {
        return Err(not("it is a folder"));
    }
    let mut header = [0u8; 100];
    let mut read = 0;
    while read < header.len() {
        match file.read(&mut header[read..])? {
            0 => break,
            n => read += n,
        }
    }
    if read == 0 {
        return Err(not("the file is empty"));
    }
    if read < 100 || &header[..16] != b"SQLite format 3\0" {
        return Err(not("it is not a database file"));
    }
    let be32 = |at: usize| {
        u32::from_be_bytes([header[at], header[at + 1], header[at + 2], header[at + 3]])
    };
    if be32(68) != APPLICATION_ID {
        return Err(not("it is a database, but not one made by Accord"));
    }
    let page_size = match u16::from_be_bytes([header[16], header[17]]) {
        1 => 65_536u64,
        n => u64::from(n),
    };
    let pages = u64::from(be32(28));
    let size_is_valid = be32(92) == be32(24);
    // A checkpoint killed part-way can leave the file shorter than its header says while
    // the write-ahead log beside it still holds every page: SQLite recovers from that, so
    // the size is only a sign of a cut-short copy when there is no log.
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    let has_log = fs::metadata(PathBuf::from(wal)).is_ok_and(|m| m.len() > 0);
    if size_is_valid && !has_log && meta.len() < page_size * pages {
        return Err(not(&format!(
            "the file is cut short ({} bytes of the {} its header describes); it may be an incomplete copy",
            meta.len(),
            page_size * pages
        )));
    }
    Ok(Header {
        user_version: i64::from(be32(60) as i32),
    })
}

fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.pragma_update(None, "foreign_keys", true)?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    Ok(())
}

/// Opens an existing workspace, migrating an older one forward in one transaction taken
/// under the write lock. Returns the connection and, when it may not be changed, why.
/// `read_only` opens it read-only whatever the file allows, for that reason.
pub(crate) fn open_existing(
    path: &Path,
    read_only: Option<String>,
) -> Result<(Connection, Option<String>)> {
    let header = inspect(path)?;
    let supported = schema_version();
    if header.user_version > supported {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found: header.user_version,
            supported,
        });
    }
    let read_only = read_only.or_else(|| why_read_only(path));
    let mut conn = match &read_only {
        None => Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?,
        Some(_) => open_for_reading(path)?,
    };
    configure(&conn)?;
    // The header can lag behind a write-ahead log that was never checkpointed: ask SQLite too.
    let found: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if found > supported {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found,
            supported,
        });
    }
    let app: i64 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
    if app as u32 != APPLICATION_ID {
        return Err(StoreError::NotAWorkspace {
            path: path.to_path_buf(),
            reason: "it is a database, but not one made by Accord".into(),
        });
    }
    if read_only.is_some() {
        if found < supported {
            // Never written to: the upgrade is made in a private copy in memory.
            let mut copy = Connection::open_in_memory()?;
            rusqlite::backup::Backup::new(&conn, &mut copy)?.run_to_completion(
                256,
                std::time::Duration::ZERO,
                None,
            )?;
            drop(conn);
            configure(&copy)?;
            migrate(&mut copy)?;
            conn = copy;
        }
        return Ok((conn, read_only));
    }
    if found < supported {
        migrate(&mut conn)?;
    }
    // A write-ahead log is not safe on a network file system: use a rollback journal there.
    let wanted = if crate::place::on_network(path) {
        "DELETE"
    } else {
        "WAL"
    };
    let mode: String = conn.pragma_query_value(None, "journal_mode", |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case(wanted) {
        conn.pragma_update_and_check(None, "journal_mode", wanted, |r| r.get::<_, String>(0))?;
    }
    Ok((conn, read_only))
}

/// Why this process may not change the workspace at `path`, as the sentence the user
/// sees, or `None` when it may.
fn why_read_only(path: &Path) -> Option<String> {
    if !crate::place::writable(path) {
        return Some(format!(
            "This workspace is read-only: {} or its folder cannot be written to from here. You can read everything in it; to change it, ask whoever manages the folder for access, or save a copy somewhere you can write. Nothing has been changed.",
            path.display()
        ));
    }
    match crate::owner::holder(path) {
        crate::owner::Holder::Live(o) if !o.is_this_machine() => Some(format!(
            "This workspace is read-only here: {} Nothing has been changed.",
            o.in_use_sentence(path)
        )),
        _ => None,
    }
}

/// A read-only connection. A write-ahead-log file in a folder this process cannot write
/// may lack the shared-memory file SQLite needs: it is then read as an unchanging file.
fn open_for_reading(path: &Path) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags)?;
    match conn.pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0)) {
        Ok(_) => Ok(conn),
        Err(_) => {
            drop(conn);
            Ok(Connection::open_with_flags(
                uri(path)? + "?mode=ro&immutable=1",
                flags | OpenFlags::SQLITE_OPEN_URI,
            )?)
        }
    }
}

/// `path` as an SQLite `file:` URI.
fn uri(path: &Path) -> Result<String> {
    let abs = std::path::absolute(path)?;
    Ok(uri_of(&abs.to_string_lossy(), cfg!(windows)))
}

/// The `file:` URI of an absolute path. On Windows, `C:\dir\f` becomes `file:/C:/dir/f`;
/// a share, `\\server\share\f` (or `\\?\UNC\server\share\f`), becomes
/// `file:////server/share/f` (an empty authority, which SQLite requires, then the share);
/// a long-path prefix (`\\?\C:\...`) is dropped, as SQLite does not read it in a URI.
fn uri_of(abs: &str, windows: bool) -> String {
    let mut text = abs.to_string();
    if windows {
        if let Some(rest) = text.strip_prefix(r"\\?\UNC\") {
            text = format!(r"\\{rest}");
        } else if let Some(rest) = text.strip_prefix(r"\\?\") {
            text = rest.to_string();
        }
        text = text.replace('\\', "/");
    }
    let mut s = String::from("file:");
    if text.starts_with("//") {
        s.push_str("//");
    } else if !text.starts_with('/') {
        s.push('/');
    }
    for c in text.chars() {
        match c {
            '%' => s.push_str("%25"),
            '?' => s.push_str("%3f"),
            '#' => s.push_str("%23"),
            c => s.push(c),
        }
    }
    s
}

/// Brings the file's schema up to date. Under the write lock (`BEGIN IMMEDIATE`), the
/// version is read again: another process that upgraded the file meanwhile leaves
/// nothing to do, instead of a failed second upgrade reported as a damaged file.
fn migrate(conn: &mut Connection) -> Result<()> {
    let failed = |e: rusqlite::Error| match StoreError::from(e) {
        busy @ StoreError::Busy(_) => busy,
        other => StoreError::Corrupt(format!("could not upgrade the file: {other}")),
    };
    let tx = conn
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .map_err(failed)?;
    let found: i64 = tx
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(failed)?;
    if found < schema_version() {
        for sql in MIGRATION_SQL.iter().skip(found.max(0) as usize) {
            tx.execute_batch(sql).map_err(failed)?;
        }
        if found < 3 {
            // The change log made fit for exchange: fields and parents of older operations.
            crate::heads::backfill(&tx)
                .map_err(|e| StoreError::Corrupt(format!("could not upgrade the file: {e}")))?;
        }
        tx.pragma_update(None, "user_version", schema_version())
            .map_err(failed)?;
    }
    tx.commit().map_err(failed)
}

/// A file being built beside its final path; removed unless [`Partial::finish`] is called.
pub(crate) struct Partial {
    pub(crate) path: PathBuf,
    target: PathBuf,
    done: bool,
}

impl Partial {
    /// Starts a new workspace at a hidden path beside `target`. Refuses an existing target.
    pub(crate) fn start(target: &Path) -> Result<(Partial, Connection)> {
        if target.exists() {
            return Err(StoreError::AlreadyExists(target.to_path_buf()));
        }
        let name = target
            .file_name()
            .ok_or_else(|| StoreError::NotAWorkspace {
                path: target.to_path_buf(),
                reason: "the path names no file".into(),
            })?
            .to_string_lossy()
            .into_owned();
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        // Leftovers of an earlier attempt that was killed part-way.
        if let Ok(entries) = fs::read_dir(&dir) {
            let prefix = format!(".{name}.partial-");
            for entry in entries.flatten() {
                if entry.file_name().to_string_lossy().starts_with(&prefix) {
                    let _ = fs::remove_file(entry.path());
                }
            }
        }
        let path = dir.join(format!(".{name}.partial-{}", uuid::Uuid::new_v4().simple()));
        let partial = Partial {
            path,
            target: target.to_path_buf(),
            done: false,
        };
        let mut conn = Connection::open(&partial.path)?;
        configure(&conn)?;
        conn.pragma_update(None, "application_id", APPLICATION_ID as i64)?;
        migrations()
            .to_latest(&mut conn)
            .map_err(|e| StoreError::Corrupt(format!("could not create the file: {e}")))?;
        Ok((partial, conn))
    }

    /// The path the file will have once finished.
    pub(crate) fn target(&self) -> &Path {
        &self.target
    }

    /// Switches the finished file to write-ahead logging (not on a network share), closes it and moves it into
    /// place without ever replacing a file that appeared there meanwhile.
    pub(crate) fn finish(mut self, conn: Connection) -> Result<PathBuf> {
        // A write-ahead log is not safe on a network file system: keep the rollback journal.
        if !crate::place::on_network(&self.target) {
            let mode: String =
                conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
            debug_assert_eq!(mode.to_lowercase(), "wal");
        }
        conn.close().map_err(|(_, e)| StoreError::from(e))?;
        // Into place without ever replacing a file: on Windows a move that refuses an existing
        // name (no hard link needed, so shares without them work); on Linux a rename that
        // refuses one, or else a hard link then removing the hidden name.
        let moved = tempfile::TempPath::try_from_path(&self.path)?.persist_noclobber(&self.target);
        match moved {
            Ok(()) => {}
            Err(e) => {
                // Not removed here: `Drop` removes the hidden file and its journal.
                let _ = e.path.keep();
                if e.error.kind() == std::io::ErrorKind::AlreadyExists || self.target.exists() {
                    return Err(StoreError::AlreadyExists(self.target.clone()));
                }
                // A file system with neither (some network shares, seen from Linux): rename,
                // having checked that nothing is there.
                fs::rename(&self.path, &self.target)?;
            }
        }
        let _ = fs::remove_file(&self.path);
        self.done = true;
        Ok(self.target.clone())
    }
}

impl Drop for Partial {
    fn drop(&mut self) {
        if !self.done {
            let _ = fs::remove_file(&self.path);
            for suffix in ["-wal", "-shm", "-journal"] {
                let mut p = self.path.clone().into_os_string();
                p.push(suffix);
                let _ = fs::remove_file(PathBuf::from(p));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::uri_of;

    #[test]
    fn windows_paths_become_uris_sqlite_opens() {
        let cases = [
            (
                r"C:\Users\Siân\Prosiect Môn.accord",
                "file:/C:/Users/Siân/Prosiect Môn.accord",
            ),
            (r"\\?\C:\Users\a\b.accord", "file:/C:/Users/a/b.accord"),
            (
                r"\\server\share\project.accord",
                "file:////server/share/project.accord",
            ),
            (
                r"\\?\UNC\server\share\p.accord",
                "file:////server/share/p.accord",
            ),
            (r"D:\50% #1?.accord", "file:/D:/50%25 %231%3f.accord"),
        ];
        for (path, want) in cases {
            assert_eq!(uri_of(path, true), want, "{path}");
        }
        assert_eq!(
            uri_of("/home/siân/a b.accord", false),
            "file:/home/siân/a b.accord"
        );
    }
}
