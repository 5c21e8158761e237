//! Verbs the first week's tour does not reach: reopening an agreed agreement, marking a
//! section draft again, deprecating a decision, listing and removing handover notes, and
//! a person returning to the project. Each is run through the real binary and read back.

use crate::Bench;

/// A workspace whose 19 sections and agreement are all agreed, imported as a real file.
fn agreed_workspace(b: &Bench, name: &str) {
    let mut ws = accord_fixtures::workspace(accord_fixtures::Size::SMALL);
    for s in &mut ws.agreement.sections {
        if s.body.trim().is_empty() {
            s.body = format!("What the parties agreed about {}.", s.title);
        }
        s.status = accord_domain::SectionStatus::Agreed;
    }
    ws.agreement.status = accord_domain::AgreementStatus::Agreed;
    ws.agreement.version = 1;
    let bundle = b.path(&format!("{name}.json"));
    std::fs::write(&bundle, accord_interchange::to_json(&ws)).unwrap();
    b.ok(&["import", name, bundle.to_str().unwrap()]);
}

#[test]
fn an_agreed_agreement_is_reopened_as_a_new_draft_version_and_a_section_made_draft_again() {
    let b = Bench::new();
    let f = "agreed.accord";
    agreed_workspace(&b, f);
    let before = b.json(&["agreement", f, "show", "--json"]);
    assert_eq!(
        (before["version"].as_u64(), before["status"].as_str()),
        (Some(1), Some("agreed"))
    );
    // While agreed, nothing in it can change.
    let refused = b.fails(2, &["agreement", f, "unagree", "data"]);
    assert!(refused.contains("Reopen"), "{refused}");

    let said = b.ok(&["agreement", f, "reopen"]);
    assert_eq!(said.trim(), "Reopened: version 2 is a draft.");
    let after = b.json(&["agreement", f, "show", "--json"]);
    assert_eq!(
        (after["version"].as_u64(), after["status"].as_str()),
        (Some(2), Some("draft"))
    );
    assert_eq!(
        after["sections"][9]["body"], before["sections"][9]["body"],
        "the sections keep their text"
    );
    let again = b.fails(2, &["agreement", f, "reopen"]);
    assert!(
        again.contains("Only an agreed agreement can be reopened; version 2 is draft"),
        "{again}"
    );

    let said = b.ok(&["agreement", f, "unagree", "data"]);
    assert_eq!(said.trim(), "\"Data\" is draft again.");
    assert_eq!(
        b.json(&["agreement", f, "show", "data", "--json"])["status"],
        "draft"
    );
    let history = b.ok(&["history", f, "--limit", "2"]);
    assert!(
        history.contains("Reopened the agreement as version 2")
            && history.contains("Marked the section \"Data\" draft"),
        "{history}"
    );
}

#[test]
fn an_accepted_decision_is_deprecated_and_a_proposed_one_cannot_be() {
    let b = Bench::new();
    let f = "d.accord";
    b.ok(&["init", f, "--title", "Shared bin data"]);
    b.ok(&[
        "decision",
        f,
        "add",
        "--title",
        "Use the old sensors",
        "--decision",
        "Keep the 2019 sensors.",
        "--date",
        "2026-01-10",
    ]);
    b.ok(&[
        "decision",
        f,
        "add",
        "--title",
        "Buy new sensors",
        "--date",
        "2026-02-01",
    ]);
    let early = b.fails(2, &["decision", f, "deprecate", "D-001"]);
    assert!(
        early.contains("A proposed decision is rejected, not deprecated"),
        "{early}"
    );
    b.ok(&["decision", f, "accept", "D-001"]);
    let said = b.ok(&["decision", f, "deprecate", "1"]);
    assert_eq!(said.trim(), "D-001 is deprecated.");
    assert_eq!(
        b.json(&["decision", f, "show", "D-001", "--json"])["status"],
        "deprecated"
    );
    assert_eq!(
        b.json(&["decision", f, "show", "D-002", "--json"])["status"],
        "proposed",
        "only D-001 changed"
    );
    let closed = b.fails(2, &["decision", f, "accept", "D-001"]);
    assert!(closed.contains("closed records"), "{closed}");
    assert!(
        b.ok(&["history", f, "--limit", "1"])
            .contains("Marked D-001 \"Use the old sensors\" deprecated")
    );
}

#[test]
fn handover_notes_are_listed_and_only_a_draft_is_removed() {
    let b = Bench::new();
    let f = "h.accord";
    b.ok(&["init", f, "--title", "Shared bin data"]);
    b.ok(&["person", f, "add", "--name", "Gwen Morgan"]);
    b.ok(&["person", f, "add", "--name", "Aled Roberts"]);
    b.ok(&[
        "handover",
        f,
        "start",
        "--role",
        "Started by mistake",
        "--holder",
        "Gwen",
    ]);
    b.ok(&[
        "handover",
        f,
        "start",
        "--role",
        "Service owner",
        "--holder",
        "Gwen",
        "--successor",
        "Aled",
        "--responsibilities",
        "Owns it.",
        "--key-contacts",
        "The crews.",
        "--in-flight-work",
        "The pilot.",
        "--where-things-are",
        "The shared drive.",
        "--tacit-knowledge",
        "Ask the crew leader.",
        "--risks",
        "Winter.",
        "--first-two-weeks",
        "Meet the crews.",
        "--status",
        "ready",
    ]);
    let list = b.ok(&["handover", f, "list"]);
    assert!(
        list.contains("Started by mistake") && list.contains("0 of 7 parts written"),
        "{list}"
    );
    assert!(
        list.contains("Service owner")
            && list.contains("Aled Roberts")
            && list.contains("7 of 7 parts written"),
        "{list}"
    );

    let refused = b.fails(2, &["handover", f, "remove", "Service owner"]);
    assert!(refused.contains("only a draft can be removed"), "{refused}");
    let said = b.ok(&["handover", f, "remove", "Started by"]);
    assert_eq!(
        said.trim(),
        "Removed the handover note for \"Started by mistake\"."
    );
    let notes = b.json(&["handover", f, "list", "--json"]);
    let roles: Vec<&str> = notes
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["role"].as_str().unwrap())
        .collect();
    assert_eq!(roles, ["Service owner"]);
    let history = b.json(&["history", f, "--json", "--limit", "1"]);
    assert_eq!(
        history[0]["summary"],
        "Removed the handover note for \"Started by mistake\""
    );
    assert_eq!(
        history[0]["before"]["role"], "Started by mistake",
        "what was removed is kept"
    );
}

#[test]
fn someone_who_left_returns_and_the_people_list_says_so() {
    let b = Bench::new();
    let f = "p.accord";
    b.ok(&["init", f, "--title", "Shared bin data"]);
    b.ok(&[
        "org",
        f,
        "add",
        "--name",
        "Adur District Council",
        "--kind",
        "district",
    ]);
    b.ok(&[
        "person",
        f,
        "add",
        "--name",
        "Gwen Morgan",
        "--organisation",
        "Adur",
        "--job-title",
        "Service owner",
    ]);
    b.ok(&["person", f, "leave", "Gwen"]);
    let list = b.ok(&["person", f, "list"]);
    let row = list.lines().find(|l| l.contains("Gwen Morgan")).unwrap();
    assert!(
        row.contains("Service owner")
            && row.contains("Adur District Council")
            && row.contains("left"),
        "{list}"
    );
    let said = b.ok(&["person", f, "return", "Gwen"]);
    assert_eq!(said.trim(), "Gwen Morgan is active again.");
    let people = b.json(&["person", f, "list", "--json"]);
    assert_eq!(people[0]["active"], true);
    assert!(
        !b.ok(&["person", f, "list"])
            .lines()
            .find(|l| l.contains("Gwen Morgan"))
            .unwrap()
            .contains("left")
    );
    assert!(
        b.ok(&["history", f, "--limit", "1"])
            .contains("Marked Gwen Morgan as active again")
    );
}

#[test]
fn the_schema_verb_prints_the_committed_schema() {
    let b = Bench::new();
    let printed = b.ok(&["schema"]);
    let committed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/workspace.schema.json"
    ))
    .unwrap();
    assert_eq!(printed.trim_end(), committed.trim_end());
}
