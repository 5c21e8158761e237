//! A project lead's first week, through the command line: every record type added,
//! changed and (where the rules allow) removed, and seen again in show, search, history.

use crate::Bench;

#[test]
fn a_first_week_with_accord() {
    let b = Bench::new();
    std::fs::write(b.path("register.csv"), accord_fixtures::REGISTER_CSV).unwrap();
    let f = "bins.accord";
    b.ok(&["init", f, "--title", "Missed bins across Adur and Worthing"]);
    b.ok(&[
        "project",
        f,
        "--problem",
        "Residents report missed bins to the wrong council.",
        "--outcomes",
        "One route for reports.",
        "--phase",
        "alpha",
        "--tags",
        "Waste, Bins,waste",
        "--looking-for-partners",
        "yes",
        "--budget-band",
        "50-100k",
    ]);
    let show = b.json(&["show", f, "--json"]);
    assert_eq!(
        show["project"]["tags"],
        serde_json::json!(["waste", "bins"])
    );
    assert_eq!(show["project"]["phase"], "alpha");
    assert_eq!(show["project"]["budget_band"], "50-100k");

    // Parties.
    b.ok(&["org", f, "import", "register.csv", "--codes", "ADU,WOT"]);
    b.ok(&[
        "org",
        f,
        "add",
        "--name",
        "Bin Sensors Ltd",
        "--kind",
        "supplier",
        "--role",
        "observer",
    ]);
    b.ok(&["org", f, "edit", "Adur", "--role", "lead"]);
    b.ok(&[
        "person",
        f,
        "add",
        "--name",
        "Siân Jones",
        "--organisation",
        "Adur",
        "--job-title",
        "Digital lead",
        "--email",
        "sian@adur.gov.uk",
    ]);
    b.ok(&[
        "person",
        f,
        "add",
        "--name",
        "Gwen Morgan",
        "--organisation",
        "Worthing",
    ]);
    b.ok(&["person", f, "add", "--name", "Added By Mistake"]);
    b.ok(&["person", f, "remove", "Added By Mistake"]);
    b.ok(&["org", f, "remove", "Bin Sensors"]);
    b.ok(&["org", f, "edit", "Adur", "--signatory", "Siân"]);
    assert!(
        b.fails(2, &["person", f, "edit", "Gwen", "--email", "not an email"])
            .contains("does not look like an email")
    );
    let orgs = b.json(&["org", f, "list", "--json"]);
    assert_eq!(orgs.as_array().unwrap().len(), 2);
    assert_eq!(orgs[0]["role"], "lead");

    // Agreement.
    b.ok(&[
        "agreement",
        f,
        "write",
        "data",
        "--text",
        "Each council is controller of its own residents' data.",
    ]);
    b.ok(&["agreement", f, "agree", "data"]);
    b.ok(&[
        "agreement",
        f,
        "add-section",
        "training",
        "--title",
        "Training for crews",
    ]);
    b.ok(&["agreement", f, "remove-section", "training"]);
    b.ok(&[
        "agreement",
        f,
        "set",
        "--binding",
        "no",
        "--review-date",
        "2027-04-01",
    ]);
    let data = b.json(&["agreement", f, "show", "data", "--json"]);
    assert_eq!(
        (data["status"].as_str(), data["updated_by"].as_str()),
        (
            Some("agreed"),
            Some("Siân Jones (Isle of Anglesey County Council)")
        )
    );
    assert!(
        b.fails(2, &["agreement", f, "status", "agreed"])
            .contains("still draft")
    );

    // RACI: two As is an error on that row; fixing it clears it.
    b.ok(&[
        "raci",
        f,
        "add",
        "Running the bin round app",
        "--phase",
        "beta",
    ]);
    let set = b.ok(&["raci", f, "set", "7", "Siân", "A"]);
    assert!(
        set.contains("Siân Jones for \"Running the bin round app\": A"),
        "{set}"
    );
    let two = b.ok(&["raci", f, "set", "Running the bin", "Gwen", "A"]);
    assert!(two.contains("error: 2 parties are Accountable"), "{two}");
    let grid = b.ok(&["raci", f, "show"]);
    assert!(
        grid.contains("ERROR: 2 parties are Accountable for \"Running the bin round app\""),
        "{grid}"
    );
    b.ok(&["raci", f, "set", "7", "Gwen", "R"]);
    let raci = b.json(&["raci", f, "show", "--json"]);
    let row_errors = raci["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["message"].as_str().unwrap().contains("bin round"))
        .count();
    assert_eq!(row_errors, 0);
    b.ok(&["raci", f, "set", "7", "Gwen", "-"]);
    b.ok(&["raci", f, "edit", "7", "--name", "Running the bin app"]);
    b.ok(&["raci", f, "remove", "Running the bin app"]);

    // Decisions: add, edit while proposed, accept (now read-only), supersede.
    b.ok(&[
        "decision",
        f,
        "add",
        "--title",
        "Host in Adur's Azure tenancy",
        "--context",
        "We need hosting.",
        "--option",
        "Adur",
        "--option",
        "Supplier",
        "--deciders",
        "Siân,Gwen",
        "--tags",
        "hosting",
        "--date",
        "2026-11-02",
    ]);
    b.ok(&[
        "decision",
        f,
        "edit",
        "D-001",
        "--decision",
        "Adur hosts it.",
    ]);
    b.ok(&["decision", f, "accept", "1"]);
    assert!(
        b.fails(2, &["decision", f, "edit", "D-001", "--title", "Changed"])
            .contains("cannot be edited")
    );
    b.ok(&[
        "decision",
        f,
        "supersede",
        "D-001",
        "--title",
        "Host in Worthing",
        "--decision",
        "Worthing hosts it.",
        "--accept",
    ]);
    let list = b.json(&["decision", f, "list", "--json", "--tag", "hosting"]);
    assert_eq!(list.as_array().unwrap().len(), 1);
    let d1 = b.json(&["decision", f, "show", "D-001", "--json"]);
    assert_eq!(d1["status"], "superseded");
    assert_eq!(d1["deciders"].as_array().unwrap().len(), 2);
    let text = b.ok(&["decision", f, "show", "D-001"]);
    assert!(
        text.contains("Superseded by D-002 Host in Worthing"),
        "{text}"
    );
    assert!(
        b.ok(&["decision", f, "show", "D-002"])
            .contains("Supersedes D-001")
    );
    b.ok(&["decision", f, "add", "--title", "Buy sensors"]);
    b.ok(&["decision", f, "reject", "D-003"]);
    assert_eq!(
        b.json(&["decision", f, "list", "--json", "--status", "rejected"])
            .as_array()
            .unwrap()
            .len(),
        1
    );

    // Handover: Gwen leaves; her role shows as a gap until she writes a note.
    b.ok(&["raci", f, "set", "1", "Gwen", "A"]);
    b.ok(&["person", f, "leave", "Gwen"]);
    let report = b.check(f).to_string();
    assert!(
        report.contains("raci_succession_gap") && report.contains("no_handover_note"),
        "{report}"
    );
    b.ok(&[
        "handover",
        f,
        "start",
        "--role",
        "Service owner, Worthing",
        "--holder",
        "Gwen",
        "--responsibilities",
        "Owns the service.",
        "--tacit-knowledge",
        "The crew leader is the one to ask.",
    ]);
    assert!(
        b.fails(
            2,
            &["handover", f, "edit", "Service owner", "--status", "ready"]
        )
        .contains("Key contacts")
    );
    let note = b.json(&["handover", f, "show", "Service owner", "--json"]);
    assert_eq!(
        note["tacit_knowledge"],
        "The crew leader is the one to ask."
    );
    let report = b.check(f).to_string();
    assert!(!report.contains("no_handover_note"), "{report}");

    // Everything is findable and every change is in the history.
    let hits = b.json(&["search", f, "crew leader", "--json"]);
    assert_eq!(hits[0]["record_type"], "handover_note");
    assert_eq!(
        b.json(&["search", f, "worthing hosts", "--json"])[0]["label"],
        "D-002 Host in Worthing"
    );
    let history = b.ok(&["history", f, "--limit", "200"]);
    for words in [
        "Removed Added By Mistake",
        "Removed the section \"Training for crews\"",
        "D-001 was superseded by D-002",
        "Marked Gwen Morgan as having left the project",
        "Made Gwen Morgan Accountable for \"Running the bin round app\"",
    ] {
        assert!(history.contains(words), "history lacks {words}:\n{history}");
    }
    let removed = b.json(&["history", f, "--json"]);
    let mistake = removed
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["summary"] == "Removed Added By Mistake")
        .unwrap();
    assert_eq!(
        mistake["before"]["name"], "Added By Mistake",
        "what was removed is kept"
    );
    let overview = b.ok(&["show", f]);
    assert!(
        overview.contains("Decisions      3 (1 accepted, 1 rejected, 1 superseded)"),
        "{overview}"
    );
    assert!(overview.contains("2 people (1 left)"), "{overview}");
}

#[test]
fn hostile_text_is_stored_and_shown_exactly_as_typed() {
    let b = Bench::new();
    let title = "<script>alert('x')</script> & <img src=x onerror=alert(1)> \"quoted\" ; DROP TABLE project; --";
    b.ok(&["init", "h.accord", "--title", title]);
    assert_eq!(
        b.json(&["show", "h.accord", "--json"])["project"]["title"],
        title
    );
    b.ok(&[
        "agreement",
        "h.accord",
        "write",
        "data",
        "--text",
        "\u{202e}reversed\u{0007} bell and emoji 🗑️",
    ]);
    assert_eq!(
        b.json(&["agreement", "h.accord", "show", "data", "--json"])["body"],
        "\u{202e}reversed\u{0007} bell and emoji 🗑️"
    );
}

#[test]
fn long_text_can_come_from_a_file_or_standard_input() {
    let b = Bench::new();
    b.ok(&["init", "p.accord", "--title", "Shared bin data"]);
    let text = "Line one.\nLine two, with a £ sign and “quotes”.\n".repeat(500);
    std::fs::write(b.path("purpose.txt"), &text).unwrap();
    b.ok(&[
        "agreement",
        "p.accord",
        "write",
        "purpose",
        "--from-file",
        "purpose.txt",
    ]);
    assert_eq!(
        b.json(&["agreement", "p.accord", "show", "purpose", "--json"])["body"],
        text.as_str()
    );
    let mut child = b
        .command()
        .args([
            "agreement",
            "p.accord",
            "write",
            "scope",
            "--from-file",
            "-",
        ])
        .stdin(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(
        child.stdin.as_mut().unwrap(),
        "Domestic waste only.".as_bytes(),
    )
    .unwrap();
    drop(child.stdin.take());
    assert!(child.wait().unwrap().success());
    assert_eq!(
        b.json(&["agreement", "p.accord", "show", "scope", "--json"])["body"],
        "Domestic waste only."
    );
}
