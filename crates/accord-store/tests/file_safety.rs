//! The workspace file wherever it lives: a copy of the main file alone holds every change;
//! a file or folder this process cannot write opens read-only (an old one too, upgraded in
//! memory, never on disk); a full disk is a plain sentence; several processes opening an
//! old file at once all succeed; the owner file says who has a workspace open.
//!
//! The tests run as root here, where file modes do not stop writes: they use real causes
//! that do (the immutable attribute, a small tmpfs) and fail loudly when those are missing.

use std::path::{Path, PathBuf};
use std::process::Command;

use accord_store::{Holder, Owner, OwnerLock, WorkspaceFile, holder, owner_file};

use crate::migrations::file_at_version;
use crate::{Dir, new_file, sha256, stamp};

/// Makes `path` immutable (`chattr +i`) until dropped: no process, root included, can
/// write it, and, for a folder, create files in it.
struct Immutable(PathBuf);

impl Immutable {
    fn new(path: &Path) -> Immutable {
        let out = Command::new("chattr")
            .arg("+i")
            .arg(path)
            .output()
            .expect("chattr (e2fsprogs) must be installed for this test");
        assert!(
            out.status.success(),
            "chattr +i {} failed: {}",
            path.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        Immutable(path.to_path_buf())
    }
}

impl Drop for Immutable {
    fn drop(&mut self) {
        let _ = Command::new("chattr").arg("-i").arg(&self.0).status();
    }
}

fn body(file: &WorkspaceFile, key: &str) -> String {
    file.agreement().unwrap().section(key).unwrap().body.clone()
}

#[test]
fn a_copy_of_the_main_file_alone_taken_while_open_holds_every_change() {
    let d = Dir::new();
    let mut file = new_file(&d);
    file.write_section("purpose", "Fewer missed bins in Gwynedd and Môn.", &stamp())
        .unwrap();
    file.write_section(
        "data",
        "Each council is controller of its own data.",
        &stamp(),
    )
    .unwrap();
    // As Explorer or a OneDrive client would: the .accord file only, while it is open.
    std::fs::copy(d.path("project.accord"), d.path("copy.accord")).unwrap();
    let copy = WorkspaceFile::open(d.path("copy.accord")).unwrap();
    assert_eq!(
        body(&copy, "purpose"),
        "Fewer missed bins in Gwynedd and Môn."
    );
    assert_eq!(
        body(&copy, "data"),
        "Each council is controller of its own data."
    );
    let (copied, original) = (
        copy.history(&Default::default()).unwrap(),
        file.history(&Default::default()).unwrap(),
    );
    assert!(original.len() >= 2);
    assert_eq!(
        copied.len(),
        original.len(),
        "the copy holds the whole history"
    );
    copy.integrity_check().unwrap();
}

#[test]
#[cfg_attr(
    windows,
    ignore = "chattr +i is Linux's immutable attribute; under wine (scripts/windows-test.sh) the Windows build cannot run it"
)]
fn an_immutable_file_opens_read_only_and_every_change_is_refused_up_front() {
    let d = Dir::new();
    let mut file = new_file(&d);
    file.write_section("purpose", "Fewer missed bins.", &stamp())
        .unwrap();
    drop(file);
    let p = d.path("project.accord");
    let before = sha256(&p);
    let _guard = Immutable::new(&p);
    let mut file = WorkspaceFile::open(&p).unwrap();
    assert!(file.is_read_only());
    assert!(
        file.read_only()
            .unwrap()
            .starts_with("This workspace is read-only"),
        "{:?}",
        file.read_only()
    );
    assert_eq!(body(&file, "purpose"), "Fewer missed bins.");
    let err = file
        .write_section("purpose", "Typed while read-only", &stamp())
        .unwrap_err();
    assert_eq!(err.code(), "read_only");
    assert!(
        err.to_string().starts_with("This workspace is read-only")
            && err.to_string().contains("Nothing has been changed"),
        "{err}"
    );
    assert_eq!(body(&file, "purpose"), "Fewer missed bins.");
    drop(file);
    assert_eq!(sha256(&p), before, "the file is byte-for-byte as it was");
}

#[test]
#[cfg_attr(
    windows,
    ignore = "chattr +i is Linux's immutable attribute; under wine (scripts/windows-test.sh) the Windows build cannot run it"
)]
fn a_file_in_a_folder_that_takes_no_new_files_opens_read_only() {
    let d = Dir::new();
    let mut file = new_file(&d);
    file.write_section("purpose", "Fewer missed bins.", &stamp())
        .unwrap();
    drop(file);
    let p = d.path("project.accord");
    let before = sha256(&p);
    let listing = d.listing();
    let _guard = Immutable::new(d.dir.path());
    let mut file = WorkspaceFile::open(&p).unwrap();
    assert!(file.is_read_only());
    assert_eq!(body(&file, "purpose"), "Fewer missed bins.");
    assert_eq!(
        file.write_section("purpose", "x", &stamp())
            .unwrap_err()
            .code(),
        "read_only"
    );
    drop(file);
    assert_eq!(sha256(&p), before);
    assert_eq!(d.listing(), listing);
}

#[test]
#[cfg_attr(
    windows,
    ignore = "chattr +i is Linux's immutable attribute; under wine (scripts/windows-test.sh) the Windows build cannot run it"
)]
fn an_old_read_only_file_opens_upgraded_in_memory_and_is_not_called_damaged() {
    let d = Dir::new();
    let p = file_at_version(&d, 1);
    let before = sha256(&p);
    let _guard = Immutable::new(&p);
    let mut file =
        WorkspaceFile::open(&p).unwrap_or_else(|e| panic!("an old read-only file must open: {e}"));
    assert!(file.is_read_only());
    assert_eq!(file.load().unwrap().project.title, "Rhondda bins");
    // Search needs the later schema: it works on the private copy.
    assert_eq!(file.search("treorchy", 5).unwrap().len(), 1);
    assert_eq!(
        file.summary().unwrap().schema_version,
        accord_store::schema_version()
    );
    assert_eq!(
        file.write_section("data", "x", &stamp())
            .unwrap_err()
            .code(),
        "read_only"
    );
    drop(file);
    assert_eq!(
        sha256(&p),
        before,
        "the upgrade was never written to the file"
    );
    let on_disk: i64 =
        rusqlite::Connection::open_with_flags(&p, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap()
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
    assert_eq!(on_disk, 1);
    // Chosen read-only on a writable file: the same, and the file stays at version 1.
    drop(_guard);
    let file = WorkspaceFile::open_read_only(&p).unwrap();
    assert!(file.read_only().unwrap().contains("open read-only"));
    assert_eq!(file.search("gazetteer", 5).unwrap().len(), 1);
    drop(file);
    assert_eq!(sha256(&p), before);
}

#[test]
fn several_processes_opening_an_old_file_at_once_all_open_it() {
    for round in 0..4 {
        let d = Dir::new();
        let p = file_at_version(&d, 1);
        let barrier = std::sync::Arc::new(std::sync::Barrier::new(6));
        let handles: Vec<_> = (0..6)
            .map(|_| {
                let (p, barrier) = (p.clone(), barrier.clone());
                std::thread::spawn(move || {
                    barrier.wait();
                    WorkspaceFile::open(&p).map(|f| f.summary().unwrap().schema_version)
                })
            })
            .collect();
        for h in handles {
            let version = h
                .join()
                .unwrap()
                .unwrap_or_else(|e| panic!("round {round}: {e}"));
            assert_eq!(version, accord_store::schema_version());
        }
        let file = WorkspaceFile::open(&p).unwrap();
        assert_eq!(
            file.search("treorchy", 5).unwrap().len(),
            1,
            "migrated once, index built once"
        );
        file.integrity_check().unwrap();
    }
}

/// A tmpfs of `kib` KiB mounted on a fresh folder until dropped.
struct SmallDisk {
    dir: tempfile::TempDir,
}

impl SmallDisk {
    fn new(kib: u32) -> SmallDisk {
        let dir = tempfile::tempdir().unwrap();
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={kib}k"), "tmpfs"])
            .arg(dir.path())
            .output()
            .expect("mount must be available for this test");
        assert!(
            out.status.success(),
            "mounting a small tmpfs failed (the test needs it): {}",
            String::from_utf8_lossy(&out.stderr)
        );
        SmallDisk { dir }
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.dir.path()).status();
    }
}

#[test]
#[cfg_attr(
    windows,
    ignore = "mounts a small Linux tmpfs; under wine (scripts/windows-test.sh) the Windows build cannot mount one"
)]
fn a_full_disk_is_a_plain_sentence_and_what_was_saved_stays() {
    let disk = SmallDisk::new(1024);
    let p = disk.dir.path().join("bins.accord");
    let mut file = WorkspaceFile::create(&p, "Missed bins", &stamp()).unwrap();
    file.write_section("purpose", "Saved before the disk filled.", &stamp())
        .unwrap();
    // Fill the disk.
    let filler = disk.dir.path().join("filler");
    let mut f = std::fs::File::create(&filler).unwrap();
    let chunk = vec![7u8; 64 * 1024];
    while std::io::Write::write_all(&mut f, &chunk).is_ok() {}
    drop(f);
    let long = "Typed while the disk was full. ".repeat(20_000);
    let err = file.write_section("purpose", &long, &stamp()).unwrap_err();
    assert_eq!(err.code(), "disk_full", "{err}");
    assert!(err.to_string().starts_with("The disk is full"), "{err}");
    assert_eq!(body(&file, "purpose"), "Saved before the disk filled.");
    // Space again: the change goes through, and the file is sound.
    std::fs::remove_file(&filler).unwrap();
    file.write_section("purpose", "Saved once there was room.", &stamp())
        .unwrap();
    drop(file);
    let file = WorkspaceFile::open(&p).unwrap();
    assert_eq!(body(&file, "purpose"), "Saved once there was room.");
    file.integrity_check().unwrap();
}

fn owner(name: &str, machine: &str, pid: u32) -> Owner {
    Owner {
        name: name.into(),
        organisation: "Cyngor Gwynedd".into(),
        machine: machine.into(),
        pid,
        since: chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 12, 1, 9, 30, 0).unwrap(),
    }
}

/// A process id that was just used and is gone.
fn dead_pid() -> u32 {
    #[cfg(not(windows))]
    let mut child = Command::new("true").spawn().unwrap();
    #[cfg(windows)]
    let mut child = Command::new("cmd").args(["/c", "exit"]).spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    pid
}

#[test]
fn the_owner_file_says_who_has_a_workspace_open_until_they_close_it() {
    let d = Dir::new();
    drop(new_file(&d));
    let p = d.path("project.accord");
    assert_eq!(holder(&p), Holder::Nobody);
    let me = owner(
        "Siân Jones",
        &accord_store::this_machine(),
        std::process::id(),
    );
    let lock = OwnerLock::claim(&p, me.clone()).unwrap().unwrap();
    assert!(owner_file(&p).exists());
    assert_eq!(holder(&p), Holder::Live(me.clone()));
    // A second claim (another window) is told who has it.
    assert_eq!(
        OwnerLock::claim(&p, owner("Dafydd Price", "LAPTOP-2", 1))
            .unwrap()
            .unwrap_err(),
        me
    );
    drop(lock);
    assert!(!owner_file(&p).exists(), "closing removes the owner file");
    assert_eq!(holder(&p), Holder::Nobody);
}

#[test]
fn an_owner_file_left_by_a_crash_is_stale_and_taken_over() {
    let d = Dir::new();
    drop(new_file(&d));
    let p = d.path("project.accord");
    let crashed = owner("Dafydd Price", &accord_store::this_machine(), dead_pid());
    std::fs::write(owner_file(&p), serde_json::to_string(&crashed).unwrap()).unwrap();
    assert_eq!(holder(&p), Holder::Stale(crashed));
    let me = owner(
        "Siân Jones",
        &accord_store::this_machine(),
        std::process::id(),
    );
    let lock = OwnerLock::claim(&p, me.clone()).unwrap().unwrap();
    assert_eq!(holder(&p), Holder::Live(me));
    drop(lock);
}

/// Another machine's Accord, as its owner file and its lock look from here.
pub struct OtherMachine {
    _file: std::fs::File,
}

impl OtherMachine {
    pub fn open(workspace: &Path) -> OtherMachine {
        let other = owner("Dafydd Price", "COUNCIL-LAPTOP-7", 4242);
        std::fs::write(
            owner_file(workspace),
            serde_json::to_string(&other).unwrap(),
        )
        .unwrap();
        let file = std::fs::File::open(owner_file(workspace)).unwrap();
        file.lock_shared().unwrap();
        OtherMachine { _file: file }
    }
}

#[test]
fn a_workspace_another_machine_has_open_is_read_only_here_and_says_who() {
    let d = Dir::new();
    let mut file = new_file(&d);
    file.write_section("purpose", "Fewer missed bins.", &stamp())
        .unwrap();
    drop(file);
    let p = d.path("project.accord");
    let before = sha256(&p);
    let other = OtherMachine::open(&p);
    let mut file = WorkspaceFile::open(&p).unwrap();
    let why = file.read_only().unwrap().to_string();
    assert!(
        why.contains(
            "project.accord is in use by Dafydd Price (Cyngor Gwynedd) on COUNCIL-LAPTOP-7 since"
        ),
        "{why}"
    );
    assert!(
        why.contains("You can open it read-only, or wait until they close it."),
        "{why}"
    );
    let err = file.write_section("purpose", "x", &stamp()).unwrap_err();
    assert_eq!(err.to_string(), why);
    drop(file);
    assert_eq!(sha256(&p), before);
    // They close it (their lock goes, the file stays): it is stale, and writable here.
    drop(other);
    assert!(matches!(holder(&p), Holder::Stale(_)));
    assert!(!WorkspaceFile::open(&p).unwrap().is_read_only());
}

#[test]
fn a_change_made_by_another_connection_moves_the_data_version() {
    let d = Dir::new();
    let mut mine = new_file(&d);
    let mut theirs = WorkspaceFile::open(d.path("project.accord")).unwrap();
    let seen = mine.data_version().unwrap();
    mine.write_section("purpose", "My own change.", &stamp())
        .unwrap();
    assert_eq!(
        mine.data_version().unwrap(),
        seen,
        "my own change is not news to me"
    );
    theirs
        .write_section("data", "Their change.", &stamp())
        .unwrap();
    assert_ne!(mine.data_version().unwrap(), seen);
    assert_eq!(body(&mine, "data"), "Their change.");
}
