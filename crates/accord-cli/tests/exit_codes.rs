//! Exit codes: 0 success, 1 the check found errors, 2 bad usage or bad input.

use crate::Bench;

#[test]
fn init_refuses_an_existing_file_and_keeps_it() {
    let b = Bench::new();
    b.ok(&["init", "p.accord", "--title", "Shared bin data"]);
    let before = crate::read(&b.path("p.accord"));
    let err = b.fails(2, &["init", "p.accord", "--title", "Something else"]);
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(crate::read(&b.path("p.accord")), before);
}

#[test]
fn bad_usage_is_exit_2_with_a_plain_message() {
    let b = Bench::new();
    b.ok(&["init", "p.accord", "--title", "Shared bin data"]);
    for (args, words) in [
        (
            vec!["project", "p.accord", "--phase", "pilot"],
            "expected one of concept, discovery",
        ),
        (vec!["project", "p.accord"], "Nothing to change"),
        (
            vec!["raci", "p.accord", "set", "1", "Nobody Here", "A"],
            "No person or organisation is called",
        ),
        (
            vec!["raci", "p.accord", "set", "99", "x", "A"],
            "no activity number 99",
        ),
        (
            vec!["decision", "p.accord", "show", "D-404"],
            "Decision D-404 was not found",
        ),
        (
            vec![
                "decision",
                "p.accord",
                "add",
                "--title",
                "x",
                "--date",
                "26/11/2026",
            ],
            "write it as YYYY-MM-DD",
        ),
        (
            vec!["agreement", "p.accord", "write", "nosuch", "--text", "x"],
            "section 'nosuch'",
        ),
        (
            vec!["show", "missing.accord"],
            "There is no file at missing.accord",
        ),
        (vec!["frobnicate"], "unrecognized subcommand"),
    ] {
        let err = b.fails(2, &args);
        assert!(err.contains(words), "{args:?}: {err}");
        assert!(
            !err.contains("panicked") && !err.contains("Error {"),
            "{args:?}: not a plain sentence: {err}"
        );
    }
}

#[test]
fn without_an_identity_changes_are_refused_but_as_works() {
    let b = Bench::new();
    std::fs::remove_dir_all(b.path("settings")).unwrap();
    let err = b.fails(2, &["init", "p.accord", "--title", "Shared bin data"]);
    assert!(err.contains("accord me set"), "{err}");
    assert!(b.listing().is_empty());
    b.ok(&[
        "--as",
        "Gwen Morgan (Gwynedd Council)",
        "init",
        "p.accord",
        "--title",
        "Shared bin data",
    ]);
    let history = b.json(&["history", "p.accord", "--json", "--limit", "1"]);
    assert_eq!(history[0]["actor"], "Gwen Morgan (Gwynedd Council)");
}

#[test]
fn check_exits_1_while_errors_remain_and_0_once_every_activity_is_owned() {
    let b = Bench::new();
    b.ok(&["init", "p.accord", "--title", "Shared bin data"]);
    b.ok(&["person", "p.accord", "add", "--name", "Gwen Morgan"]);
    let out = b.run(&["check", "p.accord"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("6 errors"));
    for row in 1..=6 {
        b.ok(&["raci", "p.accord", "set", &row.to_string(), "Gwen", "AR"]);
    }
    let out = b.ok(&["check", "p.accord"]);
    assert!(out.starts_with("0 errors"), "{out}");
    let report = b.json(&["check", "p.accord", "--json"]);
    assert!(
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["severity"] != "error")
    );
    // Each finding keeps its keys and its path, and adds the record as data.
    let data = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["record"] == "agreement.sections[data]")
        .unwrap();
    for key in ["severity", "code", "record", "message", "action"] {
        assert!(data.get(key).is_some(), "{key} in {data}");
    }
    assert_eq!(
        data["location"],
        serde_json::json!({"record": "section", "key": "data"})
    );
}
