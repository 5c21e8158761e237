//! Files that are not workspaces, are cut short, or come from a newer Accord are refused
//! and left byte-for-byte as they were; new files never overwrite anything.

use accord_store::{StoreError, WorkspaceFile};

use crate::{Dir, new_file, sha256, stamp};

fn refused_untouched(path: &std::path::Path, expected_code: &str, words: &str) {
    let before = sha256(path);
    let len = std::fs::metadata(path).unwrap().len();
    let err = WorkspaceFile::open(path).unwrap_err();
    assert_eq!(err.code(), expected_code, "{err}");
    assert!(err.to_string().contains(words), "{err}");
    assert!(err.to_string().contains("has not been changed"), "{err}");
    assert_eq!(sha256(path), before, "the file was modified");
    assert_eq!(std::fs::metadata(path).unwrap().len(), len);
}

#[test]
fn a_text_file_is_refused_and_untouched() {
    let d = Dir::new();
    let p = d.path("notes.accord");
    std::fs::write(
        &p,
        "Minutes of the board, 3 March: agreed to share the bin data.\n".repeat(20),
    )
    .unwrap();
    refused_untouched(&p, "not_a_workspace", "not a database");
}

#[test]
fn an_empty_file_is_refused_and_stays_empty() {
    let d = Dir::new();
    let p = d.path("empty.accord");
    std::fs::write(&p, "").unwrap();
    refused_untouched(&p, "not_a_workspace", "empty");
    assert_eq!(d.listing(), ["empty.accord"], "no -wal or -shm left behind");
}

#[test]
fn another_programs_sqlite_database_is_refused_and_untouched() {
    let d = Dir::new();
    let p = d.path("other.db");
    {
        let conn = rusqlite_conn(&p);
        conn.execute_batch("CREATE TABLE bins (id INTEGER PRIMARY KEY, street TEXT); INSERT INTO bins (street) VALUES ('Heol y Bont');").unwrap();
    }
    refused_untouched(&p, "not_a_workspace", "not one made by Accord");
}

#[test]
fn a_truncated_copy_is_refused_and_untouched() {
    let d = Dir::new();
    let ws = WorkspaceFile::import(
        d.path("full.accord"),
        &accord_fixtures::workspace(accord_fixtures::Size::SMALL),
        &stamp(),
    )
    .unwrap();
    drop(ws);
    let bytes = std::fs::read(d.path("full.accord")).unwrap();
    assert!(bytes.len() > 8192, "the fixture spans several pages");
    let cut = d.path("cut.accord");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    refused_untouched(&cut, "not_a_workspace", "cut short");
    let stub = d.path("stub.accord");
    std::fs::write(&stub, &bytes[..60]).unwrap();
    refused_untouched(&stub, "not_a_workspace", "not a database");
}

#[test]
fn a_file_from_a_newer_accord_is_refused_and_untouched() {
    let d = Dir::new();
    drop(new_file(&d));
    let p = d.path("project.accord");
    {
        let conn = rusqlite_conn(&p);
        conn.pragma_update(None, "user_version", 99).unwrap();
    }
    refused_untouched(&p, "workspace_too_new", "newer version of Accord");
}

#[test]
fn a_missing_file_is_named() {
    let d = Dir::new();
    let err = WorkspaceFile::open(d.path("nowhere.accord")).unwrap_err();
    assert!(matches!(err, StoreError::Missing(_)), "{err}");
    assert!(d.listing().is_empty(), "opening did not create a file");
}

#[test]
fn create_never_overwrites() {
    let d = Dir::new();
    let p = d.path("project.accord");
    std::fs::write(&p, "someone's work").unwrap();
    let err = WorkspaceFile::create(&p, "Shared bin data", &stamp()).unwrap_err();
    assert_eq!(err.code(), "already_exists");
    assert_eq!(std::fs::read_to_string(&p).unwrap(), "someone's work");
    assert_eq!(d.listing(), ["project.accord"]);
}

#[test]
fn a_refused_import_leaves_no_file_behind() {
    let d = Dir::new();
    let mut ws = accord_fixtures::workspace(accord_fixtures::Size::SMALL);
    ws.decisions[2].supersedes = Some(accord_fixtures::id(77, 7));
    let err = WorkspaceFile::import(d.path("new.accord"), &ws, &stamp()).unwrap_err();
    assert!(err.to_string().contains("decisions[2].supersedes"), "{err}");
    assert!(d.listing().is_empty(), "left behind: {:?}", d.listing());
}

#[test]
fn a_workspace_file_passes_sqlites_integrity_check_and_is_in_wal_mode() {
    let d = Dir::new();
    let ws = new_file(&d);
    ws.integrity_check().unwrap();
    drop(ws);
    let conn = rusqlite_conn(&d.path("project.accord"));
    let mode: String = conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let app: i64 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .unwrap();
    assert_eq!(app as u32, accord_store::APPLICATION_ID);
}

pub fn rusqlite_conn(p: &std::path::Path) -> rusqlite::Connection {
    rusqlite::Connection::open(p).unwrap()
}
