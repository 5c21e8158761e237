//! Killing `accord` at any moment leaves a consistent file with every committed change.

use std::collections::BTreeSet;
use std::time::Duration;

use crate::{Bench, Lcg};

#[test]
fn killing_writers_at_random_moments_never_loses_a_committed_change() {
    let b = Bench::new();
    b.ok(&["init", "p.accord", "--title", "Shared bin data"]);
    let mut rng = Lcg(20261126);
    let mut committed = BTreeSet::new();
    let mut killed = 0;
    for i in 0..120 {
        let title = format!("Decision written by process {i}");
        let mut child = b.command().args(["decision", "p.accord", "add", "--title", &title, "--context", &"Context. ".repeat(200)]).spawn().unwrap();
        std::thread::sleep(Duration::from_micros(rng.next(12_000)));
        let _ = child.kill();
        let status = child.wait().unwrap();
        if status.success() {
            committed.insert(title);
        } else {
            killed += 1;
        }
    }
    assert!(killed > 20, "only {killed} writers were killed mid-way; the test would prove little");
    assert!(!committed.is_empty(), "no writer ever finished");

    let ws = accord_store::WorkspaceFile::open(b.path("p.accord")).unwrap();
    ws.integrity_check().unwrap();
    let titles: BTreeSet<String> = ws.decisions().unwrap().into_iter().map(|d| d.title).collect();
    for t in &committed {
        assert!(titles.contains(t), "a change that was reported as saved is missing: {t}");
    }
    // Each decision in the file has its operation in the history, and nothing else was half-written.
    let logged = ws.history(&Default::default()).unwrap().iter().filter(|o| o.record_type == "decision").count();
    assert_eq!(logged, titles.len());
    let numbers: Vec<u32> = ws.decisions().unwrap().iter().map(|d| d.number.0).collect();
    assert_eq!(numbers, (1..=numbers.len() as u32).collect::<Vec<_>>(), "numbers have no gaps");
}

#[test]
fn killing_a_large_import_leaves_all_of_it_or_none() {
    let b = Bench::new();
    std::fs::write(b.path("register.csv"), accord_fixtures::REGISTER_CSV).unwrap();
    b.ok(&["init", "p.accord", "--title", "Shared bin data"]);
    let mut rng = Lcg(7);
    for _ in 0..25 {
        let mut child = b.command().args(["org", "p.accord", "import", "register.csv", "--include-former"]).spawn().unwrap();
        std::thread::sleep(Duration::from_micros(rng.next(40_000)));
        let _ = child.kill();
        child.wait().unwrap();
        let ws = accord_store::WorkspaceFile::open(b.path("p.accord")).unwrap();
        let n = ws.organisations().unwrap().len();
        assert!(n == 0 || n == 470, "a killed import left {n} of 470 organisations");
        if n == 470 {
            return;
        }
    }
}

#[test]
fn killing_an_import_into_a_new_file_leaves_no_file() {
    let b = Bench::new();
    let bundle = accord_interchange::to_json(&accord_fixtures::workspace(accord_fixtures::Size::BIG.times(1)));
    std::fs::write(b.path("big.json"), bundle).unwrap();
    let mut rng = Lcg(99);
    let mut finished = false;
    for _ in 0..15 {
        let mut child = b.command().args(["import", "new.accord", "big.json"]).spawn().unwrap();
        std::thread::sleep(Duration::from_millis(50 + rng.next(600)));
        let _ = child.kill();
        if child.wait().unwrap().success() {
            finished = true;
            break;
        }
        // The target never exists half-made; a hidden partial may remain until the next try.
        assert!(!b.path("new.accord").exists(), "a killed import left new.accord behind");
    }
    if finished {
        let ws = accord_store::WorkspaceFile::open(b.path("new.accord")).unwrap();
        assert_eq!(ws.decisions().unwrap().len(), 10_000);
    }
    // Whatever happened, a clean import afterwards tidies up and succeeds.
    let _ = std::fs::remove_file(b.path("new.accord"));
    b.ok(&["import", "new.accord", "big.json"]);
    assert_eq!(b.listing(), ["big.json", "new.accord"]);
}
