//! Killing `accord` at any moment leaves a consistent file with every committed change.
//!
//! Each test also counts the kills that landed inside a transaction, so that it proves
//! something: a kill is counted when, just before it, the writer was seen holding the
//! file's write lock (or, for a new file, its own hidden partial file was there), and
//! afterwards its change is not in the file.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Child;
use std::time::{Duration, Instant};

use rusqlite::{Connection, ErrorCode, OpenFlags};

use crate::{Bench, Lcg};

/// A second connection to a workspace that asks, without waiting, whether another process
/// holds the write lock right now, that is, is inside a write transaction.
struct LockProbe(Connection);

impl LockProbe {
    fn new(path: &Path) -> LockProbe {
        let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE).unwrap();
        conn.busy_timeout(Duration::ZERO).unwrap();
        LockProbe(conn)
    }

    fn writer_inside(&self) -> bool {
        match self.0.execute_batch("BEGIN IMMEDIATE; ROLLBACK;") {
            Ok(()) => false,
            Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == ErrorCode::DatabaseBusy => true,
            Err(e) => panic!("probing the write lock failed: {e}"),
        }
    }

    /// Waits (polling, up to ten seconds) until `child` is inside its write transaction;
    /// false when it finished first.
    fn wait_for_writer(&self, child: &mut Child) -> bool {
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if self.writer_inside() {
                return true;
            }
            if child.try_wait().unwrap().is_some() {
                return false;
            }
            std::thread::yield_now();
        }
        panic!("the writer neither started a transaction nor finished within ten seconds");
    }
}

#[test]
fn killing_writers_at_random_moments_never_loses_a_committed_change() {
    let b = Bench::new();
    b.ok(&["init", "p.accord", "--title", "Shared bin data"]);
    let mut rng = Lcg(20261126);
    let probe = LockProbe::new(&b.path("p.accord"));
    let mut committed = BTreeSet::new();
    let mut killed = 0;
    let mut inside = 0;
    for i in 0..120 {
        let title = format!("Decision written by process {i}");
        let mut child = b
            .command()
            .args([
                "decision",
                "p.accord",
                "add",
                "--title",
                &title,
                "--context",
                &"Context. ".repeat(200),
            ])
            .spawn()
            .unwrap();
        // Every other writer is killed at a random moment of its life; the rest the moment
        // they are seen inside their transaction.
        // Every fourth is left to finish, so some changes are committed before later kills.
        if i % 4 == 3 {
            assert!(child.wait().unwrap().success());
            committed.insert(title);
            continue;
        }
        if i % 2 == 0 {
            std::thread::sleep(Duration::from_micros(rng.next(12_000)));
        } else {
            probe.wait_for_writer(&mut child);
        }
        let was_inside = probe.writer_inside();
        let _ = child.kill();
        let status = child.wait().unwrap();
        if status.success() {
            committed.insert(title);
        } else {
            killed += 1;
            let saved = accord_store::WorkspaceFile::open(b.path("p.accord"))
                .unwrap()
                .decisions()
                .unwrap()
                .iter()
                .any(|d| d.title == title);
            if was_inside && !saved {
                inside += 1;
            }
        }
    }
    assert!(
        killed > 20,
        "only {killed} writers were killed mid-way; the test would prove little"
    );
    assert!(
        inside >= 10,
        "only {inside} of {killed} kills landed inside a transaction; the test would prove little"
    );
    assert!(!committed.is_empty(), "no writer ever finished");

    let ws = accord_store::WorkspaceFile::open(b.path("p.accord")).unwrap();
    ws.integrity_check().unwrap();
    let titles: BTreeSet<String> = ws
        .decisions()
        .unwrap()
        .into_iter()
        .map(|d| d.title)
        .collect();
    for t in &committed {
        assert!(
            titles.contains(t),
            "a change that was reported as saved is missing: {t}"
        );
    }
    // Each decision in the file has its operation in the history, and nothing else was half-written.
    let logged = ws
        .history(&Default::default())
        .unwrap()
        .iter()
        .filter(|o| o.record_type == "decision")
        .count();
    assert_eq!(logged, titles.len());
    let numbers: Vec<u32> = ws.decisions().unwrap().iter().map(|d| d.number.0).collect();
    assert_eq!(
        numbers,
        (1..=numbers.len() as u32).collect::<Vec<_>>(),
        "numbers have no gaps"
    );
}

#[test]
fn killing_a_large_import_leaves_all_of_it_or_none() {
    let b = Bench::new();
    std::fs::write(b.path("register.csv"), accord_fixtures::REGISTER_CSV).unwrap();
    b.ok(&["init", "p.accord", "--title", "Shared bin data"]);
    let probe = LockProbe::new(&b.path("p.accord"));
    let mut rng = Lcg(7);
    let mut inside = 0;
    for i in 0..25 {
        let mut child = b
            .command()
            .args([
                "org",
                "p.accord",
                "import",
                "register.csv",
                "--include-former",
            ])
            .spawn()
            .unwrap();
        // The first ten are killed inside the import's transaction, at a random point of
        // it; the rest at a random moment of the process's life.
        if i < 10 {
            probe.wait_for_writer(&mut child);
            std::thread::sleep(Duration::from_micros(rng.next(2_000)));
        } else {
            std::thread::sleep(Duration::from_micros(rng.next(40_000)));
        }
        let was_inside = probe.writer_inside();
        let _ = child.kill();
        let finished = child.wait().unwrap().success();
        let ws = accord_store::WorkspaceFile::open(b.path("p.accord")).unwrap();
        let n = ws.organisations().unwrap().len();
        assert!(
            n == 0 || n == 470,
            "a killed import left {n} of 470 organisations"
        );
        if was_inside && !finished && n == 0 {
            inside += 1;
        }
        if n == 470 {
            break;
        }
    }
    assert!(
        inside >= 5,
        "only {inside} kills landed inside the import's transaction; the test would prove little"
    );
}

#[test]
fn killing_an_import_into_a_new_file_leaves_no_file() {
    let b = Bench::new();
    let bundle = accord_interchange::to_json(&accord_fixtures::workspace(
        accord_fixtures::Size::BIG.times(1),
    ));
    std::fs::write(b.path("big.json"), bundle).unwrap();
    let mut rng = Lcg(99);
    let mut finished = false;
    let mut inside = 0;
    for _ in 0..15 {
        let before = partials(&b);
        let mut child = b
            .command()
            .args(["import", "new.accord", "big.json"])
            .spawn()
            .unwrap();
        // Wait (polling, with a deadline) until this writer has started its file, then kill
        // it at a random moment of the build.
        let deadline = Instant::now() + Duration::from_secs(60);
        while partials(&b).difference(&before).next().is_none()
            && child.try_wait().unwrap().is_none()
        {
            assert!(
                Instant::now() < deadline,
                "the import neither started its file nor finished within a minute"
            );
            std::thread::yield_now();
        }
        std::thread::sleep(Duration::from_millis(rng.next(600)));
        // This writer's own hidden partial file is there: it was killed while building the file.
        let was_inside = partials(&b).difference(&before).next().is_some();
        let _ = child.kill();
        if child.wait().unwrap().success() {
            finished = true;
            break;
        }
        // The target never exists half-made; a hidden partial may remain until the next try.
        assert!(
            !b.path("new.accord").exists(),
            "a killed import left new.accord behind"
        );
        if was_inside {
            inside += 1;
        }
    }
    assert!(
        inside >= 5,
        "only {inside} kills landed while the file was being built; the test would prove little"
    );
    if finished {
        let ws = accord_store::WorkspaceFile::open(b.path("new.accord")).unwrap();
        assert_eq!(ws.decisions().unwrap().len(), 10_000);
    }
    // Whatever happened, a clean import afterwards tidies up and succeeds.
    let _ = std::fs::remove_file(b.path("new.accord"));
    b.ok(&["import", "new.accord", "big.json"]);
    assert_eq!(b.listing(), ["big.json", "new.accord"]);
}

/// The hidden partial workspaces in the folder (not their journals), by name.
fn partials(b: &Bench) -> BTreeSet<String> {
    b.listing()
        .into_iter()
        .filter(|n| n.starts_with(".new.accord.partial-") && !n.ends_with("-journal"))
        .collect()
}
