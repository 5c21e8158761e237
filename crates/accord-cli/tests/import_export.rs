//! JSON export and import through the command line, and the council register import.

use crate::Bench;

#[test]
fn export_import_export_is_byte_identical() {
    let b = Bench::new();
    let bundle =
        accord_interchange::to_json(&accord_fixtures::workspace(accord_fixtures::Size::SMALL));
    std::fs::write(b.path("in.json"), &bundle).unwrap();
    b.ok(&["import", "a.accord", "in.json"]);
    let first = b.ok(&["export", "a.accord", "--format", "json"]);
    assert_eq!(first, bundle);
    b.ok(&[
        "export", "a.accord", "--format", "json", "--out", "out.json",
    ]);
    b.ok(&["import", "b.accord", "out.json"]);
    assert_eq!(b.ok(&["export", "b.accord", "--format", "json"]), first);
}

#[test]
fn a_bad_bundle_names_the_field_and_leaves_no_file() {
    let b = Bench::new();
    let mut doc: serde_json::Value = serde_json::from_str(&accord_interchange::to_json(
        &accord_fixtures::workspace(accord_fixtures::Size::SMALL),
    ))
    .unwrap();
    doc["decisions"][3]["status"] = "done".into();
    std::fs::write(b.path("bad.json"), doc.to_string()).unwrap();
    let err = b.fails(2, &["import", "new.accord", "bad.json"]);
    assert!(err.contains("decisions[3].status: unknown variant \"done\", expected one of \"proposed\", \"accepted\""), "{err}");
    assert_eq!(b.listing(), ["bad.json"]);
}

#[test]
fn import_refuses_an_existing_file() {
    let b = Bench::new();
    b.ok(&["init", "a.accord", "--title", "Shared bin data"]);
    b.ok(&["export", "a.accord", "--format", "json", "--out", "a.json"]);
    let before = crate::read(&b.path("a.accord"));
    assert!(
        b.fails(2, &["import", "a.accord", "a.json"])
            .contains("already exists")
    );
    assert_eq!(crate::read(&b.path("a.accord")), before);
}

#[test]
fn councils_import_from_the_real_register() {
    let b = Bench::new();
    std::fs::write(b.path("register.csv"), accord_fixtures::REGISTER_CSV).unwrap();
    b.ok(&["init", "p.accord", "--title", "Shared bin data"]);
    let out = b.ok(&[
        "org",
        "p.accord",
        "import",
        "register.csv",
        "--codes",
        "ABC,AGY,ALL",
    ]);
    assert!(out.contains("3 added"), "{out}");
    let orgs = b.json(&["org", "p.accord", "list", "--json"]);
    let names: Vec<&str> = orgs
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "Armagh City, Banbridge and Craigavon Borough Council",
            "Isle of Anglesey County Council",
            "Allerdale Borough Council"
        ]
    );
    assert_eq!(orgs[1]["kind"], "welsh_unitary");
    assert_eq!(orgs[1]["gss_code"], "W06000001");
    // Again, with the whole of Wales: the one already present is skipped.
    let out = b.ok(&[
        "org",
        "p.accord",
        "import",
        "register.csv",
        "--nation",
        "Wales",
    ]);
    assert!(
        out.contains("21 added; 1 already in the workspace"),
        "{out}"
    );
    let err = b.fails(
        2,
        &[
            "org",
            "p.accord",
            "import",
            "register.csv",
            "--nation",
            "Atlantis",
        ],
    );
    assert!(err.contains("nothing was added"), "{err}");
    std::fs::write(b.path("broken.csv"), "code,title\nABC,Armagh\n").unwrap();
    let err = b.fails(2, &["org", "p.accord", "import", "broken.csv"]);
    assert!(err.contains("official-name"), "{err}");
}
