//! A workspace made by every earlier schema version opens, is upgraded in place, and
//! keeps every record.

use accord_store::{MIGRATION_SQL, WorkspaceFile, schema_version};

use crate::{Dir, files::rusqlite_conn, sha256, stamp};

/// Builds a file as Accord at schema version `version` made it, with the SQL of that
/// version's migrations only, and one of each record written as that version wrote them.
pub(crate) fn file_at_version(dir: &Dir, version: usize) -> std::path::PathBuf {
    let p = dir.path(&format!("v{version}.accord"));
    let conn = rusqlite_conn(&p);
    conn.pragma_update(None, "application_id", accord_store::APPLICATION_ID as i64)
        .unwrap();
    for sql in &MIGRATION_SQL[..version] {
        conn.execute_batch(sql).unwrap();
    }
    conn.pragma_update(None, "user_version", version as i64)
        .unwrap();
    conn.execute_batch(
        "INSERT INTO meta VALUES ('device', 'olddevice');
         INSERT INTO project (seq, id, title, problem, phase, status, collaboration_level)
             VALUES (1, '01900000-0000-7000-8000-000000000001', 'Rhondda bins', 'Missed bins in Treorchy', 'alpha', 'active', 'share_ideas');
         INSERT INTO agreement (seq, version, status) VALUES (1, 1, 'draft');
         INSERT INTO section (key, position, title, body, status) VALUES ('data', 0, 'Data', 'Rhondda Cynon Taf is controller.', 'draft');
         INSERT INTO person (id, name) VALUES ('01900000-0000-7000-8000-000000000002', 'Dafydd Price');
         INSERT INTO decision (seq, id, title, date, status, decision)
             VALUES (1, '01900000-0000-7000-8000-000000000003', 'Use the national address gazetteer', '2025-01-09', 'accepted', 'We use it.');",
    )
    .unwrap();
    conn.pragma_update(None, "journal_mode", "WAL").unwrap();
    p
}

#[test]
fn every_earlier_schema_version_opens_and_keeps_its_records() {
    assert!(schema_version() >= 2, "there are earlier versions to test");
    for version in 1..=schema_version() as usize {
        let d = Dir::new();
        let p = file_at_version(&d, version);
        let ws = WorkspaceFile::open(&p).unwrap_or_else(|e| panic!("version {version}: {e}"));
        let loaded = ws.load().unwrap();
        assert_eq!(loaded.project.title, "Rhondda bins");
        // Older files did not say their documents' language: their PDFs were British English.
        assert_eq!(loaded.project.language, accord_domain::Language::EnglishUk);
        assert_eq!(
            loaded.agreement.section("data").unwrap().body,
            "Rhondda Cynon Taf is controller."
        );
        assert_eq!(loaded.decisions[0].number.to_string(), "D-001");
        assert_eq!(
            ws.summary().unwrap().schema_version,
            schema_version(),
            "upgraded to the current version"
        );
        // Records written before search existed are found once the file is upgraded.
        let hits = ws.search("treorchy", 5).unwrap();
        assert_eq!(hits.len(), 1, "version {version}: {hits:?}");
        assert_eq!(
            ws.search("gazetteer", 5).unwrap()[0].label,
            "D-001 Use the national address gazetteer"
        );
        ws.integrity_check().unwrap();
    }
}

#[test]
fn an_upgraded_file_keeps_the_language_it_is_given() {
    let d = Dir::new();
    let p = file_at_version(&d, 3);
    let mut ws = WorkspaceFile::open(&p).unwrap();
    let patch = accord_domain::project::ProjectPatch {
        language: Some(accord_domain::Language::Welsh),
        ..Default::default()
    };
    ws.update_project(patch, &stamp()).unwrap();
    drop(ws);
    let ws = WorkspaceFile::open(&p).unwrap();
    let project = ws.load().unwrap().project;
    assert_eq!(project.language, accord_domain::Language::Welsh);
    assert_eq!(project.title, "Rhondda bins");
    let history = ws.history(&Default::default()).unwrap();
    assert_eq!(history[0].after.as_ref().unwrap()["language"], "cy");
}

#[test]
fn an_upgraded_file_can_be_changed_and_records_history() {
    let d = Dir::new();
    let p = file_at_version(&d, 1);
    let mut ws = WorkspaceFile::open(&p).unwrap();
    ws.write_section(
        "data",
        "Each council is controller of its own data.",
        &stamp(),
    )
    .unwrap();
    let history = ws.history(&Default::default()).unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(
        history[0].before.as_ref().unwrap()["body"],
        "Rhondda Cynon Taf is controller."
    );
}

#[test]
fn opening_a_current_file_does_not_change_its_bytes() {
    let d = Dir::new();
    drop(crate::new_file(&d));
    let p = d.path("project.accord");
    let before = sha256(&p);
    let ws = WorkspaceFile::open(&p).unwrap();
    ws.load().unwrap();
    drop(ws);
    assert_eq!(sha256(&p), before);
}

/// Every migration that has shipped, with the SHA-256 of its text as it shipped. Files made by
/// a shipped migration exist on councils' laptops, so its text never changes: a change to the
/// schema is a new migration, added to `MIGRATION_SQL` and, once it ships, here.
const SHIPPED: &[(&str, &str)] = &[
    (
        "0001_records.sql",
        "6b0ce21a898c6f87a267e09449c341c46fc98defabc662156f23addb45d6c0b4",
    ),
    (
        "0002_search.sql",
        "7e1cf8eb8ecc1c5028b4e3cac32b2e64da5e8b817d7407f50aeee778d0c14550",
    ),
];

#[test]
fn shipped_migrations_never_change() {
    use sha2::{Digest, Sha256};
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    let mut files: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".sql"))
        .collect();
    files.sort();
    assert!(
        files.len() >= SHIPPED.len(),
        "a shipped migration was deleted: the folder holds {files:?}"
    );
    assert!(
        MIGRATION_SQL.len() >= SHIPPED.len(),
        "a shipped migration is no longer applied"
    );
    for (n, (name, checksum)) in SHIPPED.iter().enumerate() {
        assert_eq!(&files[n], name, "migration {} is {name} as shipped", n + 1);
        let text = std::fs::read(folder.join(name)).unwrap();
        assert_eq!(
            &format!("{:x}", Sha256::digest(&text)),
            checksum,
            "{name} has changed since it shipped; put it back as it was and make the change a new migration"
        );
        assert_eq!(
            MIGRATION_SQL[n].as_bytes(),
            text.as_slice(),
            "MIGRATION_SQL[{n}] is {name}, in order"
        );
    }
}

/// `tests/fixtures/first-release-1d89e08.accord`: a workspace made by the first released
/// `accord` command line (commit 1d89e08, which shipped both migrations, so its files are
/// at schema version 2), with every kind of record that release could make and Welsh text.
fn first_release_file(dir: &Dir) -> std::path::PathBuf {
    let committed = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/first-release-1d89e08.accord");
    let copy = dir.path("first-release.accord");
    std::fs::copy(&committed, &copy).unwrap();
    copy
}

fn assert_first_release_records(ws: &WorkspaceFile) {
    let w = ws.load().unwrap();
    assert_eq!(w.project.title, "Biniau a gollwyd: Gwynedd a Môn");
    assert_eq!(
        w.project.problem,
        "Mae trigolion yn rhoi gwybod am finiau a gollwyd i'r cyngor anghywir."
    );
    assert_eq!(w.project.tags, ["gwastraff", "biniau"]);
    let orgs: Vec<(&str, &str)> = w
        .organisations
        .iter()
        .map(|o| (o.name.as_str(), o.gss_code.as_deref().unwrap_or("")))
        .collect();
    assert_eq!(
        orgs,
        [
            ("Cyngor Gwynedd", "W06000002"),
            ("Cyngor Sir Ynys Môn", "W06000001")
        ]
    );
    let people: Vec<(&str, bool)> = w
        .people
        .iter()
        .map(|p| (p.name.as_str(), p.active))
        .collect();
    assert_eq!(people, [("Siân Jones", true), ("Dafydd ap Gwilym", false)]);
    assert_eq!(w.raci.activities.len(), 6);
    assert_eq!(w.raci.assignments.len(), 4, "RA and RC");
    let data = w.agreement.section("data").unwrap();
    assert_eq!(
        data.body,
        "Mae pob cyngor yn rheolydd ar ei ddata ei hun. Ŵy, ŷ, â: Llanfairpwllgwyngyll."
    );
    assert_eq!(data.status, accord_domain::SectionStatus::Agreed);
    assert_eq!(w.agreement.sections.len(), 19);
    let decisions: Vec<(String, &str, accord_domain::DecisionStatus)> = w
        .decisions
        .iter()
        .map(|d| (d.number.to_string(), d.title.as_str(), d.status))
        .collect();
    assert_eq!(
        decisions,
        [
            (
                "D-001".to_string(),
                "Defnyddio'r gazetteer cenedlaethol",
                accord_domain::DecisionStatus::Accepted
            ),
            (
                "D-002".to_string(),
                "Gazetteer a rhestr leol",
                accord_domain::DecisionStatus::Proposed
            ),
        ]
    );
    assert_eq!(w.decisions[1].supersedes, Some(w.decisions[0].id));
    assert_eq!(w.decisions[0].options, ["Gazetteer", "Rhestr leol"]);
    assert_eq!(w.succession.len(), 1);
    let note = &w.succession[0];
    assert_eq!(note.role, "Perchennog y gwasanaeth");
    assert_eq!(
        note.tacit_knowledge,
        "Mae'r lori yn cyrraedd Bangor yn hwyr ar ddydd Llun."
    );
    assert_eq!(ws.history(&Default::default()).unwrap().len(), 43);
    assert_eq!(ws.summary().unwrap().schema_version, schema_version());
    assert_eq!(
        ws.search("rheolydd", 5).unwrap().len(),
        1,
        "the Welsh text is found by search"
    );
}

#[test]
fn the_first_released_file_opens_upgraded_with_every_record_and_its_welsh_text() {
    let d = Dir::new();
    let p = first_release_file(&d);
    let ws = WorkspaceFile::open(&p).unwrap();
    assert_first_release_records(&ws);
    ws.integrity_check().unwrap();
    drop(ws);
    // Opened again, as upgraded: the same records.
    assert_first_release_records(&WorkspaceFile::open(&p).unwrap());
}

#[test]
fn the_first_released_file_opened_read_only_is_upgraded_in_memory_and_left_unchanged() {
    let d = Dir::new();
    let p = first_release_file(&d);
    let before = sha256(&p);
    let ws = WorkspaceFile::open_read_only(&p).unwrap();
    assert_first_release_records(&ws);
    drop(ws);
    assert_eq!(sha256(&p), before, "the file is byte for byte as it was");
    // SQLite leaves a write-ahead log beside a WAL-mode file it read; nothing was written to it.
    let wal = d.path("first-release.accord-wal");
    assert!(
        !wal.exists() || std::fs::metadata(&wal).unwrap().len() == 0,
        "the read-only open wrote to the log: {:?}",
        d.listing()
    );
}
