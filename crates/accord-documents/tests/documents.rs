//! What each document shows, built from the North Wales fixture.

use accord_documents::{Body, DecisionEntry, Document, build};
use accord_domain::{DecisionStatus, DocumentKind};

use crate::fixture;

fn decisions(doc: &Document) -> &[DecisionEntry] {
    match &doc.body {
        Body::Decisions(log) => &log.decisions,
        Body::Pack(p) => &p.decisions.decisions,
        other => panic!("no decisions log in {other:?}"),
    }
}

fn find<'a>(entries: &'a [DecisionEntry], number: &str) -> &'a DecisionEntry {
    entries
        .iter()
        .find(|d| d.number == number)
        .unwrap_or_else(|| panic!("{number} is in the log"))
}

#[test]
fn supersession_shows_both_ways() {
    let doc = build(&fixture::north_wales(), DocumentKind::Decisions);
    let log = decisions(&doc);
    assert_eq!(
        log.iter().map(|d| d.number.as_str()).collect::<Vec<_>>(),
        ["D-001", "D-002", "D-003", "D-004", "D-005"]
    );
    let d2 = find(log, "D-002");
    let d3 = find(log, "D-003");
    let d4 = find(log, "D-004");
    assert_eq!(d2.superseded_by, ["D-003"]);
    assert_eq!(d3.supersedes.as_deref(), Some("D-002"));
    // D-004 is only proposed: D-003 is not superseded yet, but the proposal shows.
    assert!(d3.superseded_by.is_empty());
    assert_eq!(d3.replacement_proposed_in, ["D-004"]);
    assert_eq!(d4.supersedes.as_deref(), Some("D-003"));
    assert_eq!(d3.deciders, ["Siân Llŷr", "Gwenllïan Ŵyn"]);
}

#[test]
fn handover_pack_has_what_a_successor_needs() {
    let doc = build(&fixture::north_wales(), DocumentKind::Handover);
    let Body::Handover(pack) = &doc.body else {
        panic!("a handover pack")
    };
    let note = &pack.notes[0];
    assert_eq!(note.holder, "Rhys Jones");
    assert_eq!(note.successor.as_deref(), Some("Zoë Brontë-O’Neill"));
    // Rhys is R for the data and A for the licences; nothing he is only C or I for.
    assert_eq!(
        note.holder_raci,
        [
            ("Owning the data".to_string(), "R".to_string()),
            ("Holding the licences".to_string(), "A".to_string())
        ]
    );
    assert_eq!(note.parts.len(), 7);
    assert_eq!(note.parts[4].0, "What only you know");
    assert!(
        pack.open_decisions
            .iter()
            .all(|d| d.status == DecisionStatus::Proposed)
    );
    assert_eq!(
        pack.open_decisions
            .iter()
            .map(|d| d.number.as_str())
            .collect::<Vec<_>>(),
        ["D-004"]
    );
    let sian = pack
        .key_people
        .iter()
        .find(|p| p.name == "Siân Llŷr")
        .expect("the lead's signatory is key");
    assert!(
        sian.why
            .contains(&"Signatory for Gwynedd Council".to_string()),
        "{:?}",
        sian.why
    );
    assert!(
        sian.why
            .contains(&"Accountable for Maintaining the code".to_string()),
        "{:?}",
        sian.why
    );
    // The handover is signed by the holder and the successor, not by the councils.
    let capacities: Vec<&str> = doc.signatures.iter().map(|s| s.capacity.as_str()).collect();
    assert_eq!(
        capacities,
        [
            "Handed over by (Delivery lead for Conwy)",
            "Received by (Delivery lead for Conwy)"
        ]
    );
}

#[test]
fn agreement_shows_every_section_and_signatories_of_lead_and_partners() {
    let doc = build(&fixture::north_wales(), DocumentKind::Agreement);
    let Body::Agreement(a) = &doc.body else {
        panic!("an agreement")
    };
    assert_eq!(a.sections.len(), 19);
    let purpose = a.sections.iter().find(|s| s.key == "purpose").unwrap();
    assert!(purpose.body.contains("“fewer missed bins”"));
    // Observers (Denbighshire) do not sign.
    let names: Vec<Option<&str>> = doc.signatures.iter().map(|s| s.name.as_deref()).collect();
    assert_eq!(
        names,
        [
            Some("Siân Llŷr"),
            Some("Gwenllïan Ŵyn"),
            Some("Dafydd ap Gruffudd")
        ]
    );
    assert_eq!(
        doc.signatures[0].organisation.as_deref(),
        Some("Gwynedd Council")
    );
}

#[test]
fn raci_columns_are_every_council_then_people_with_letters() {
    let doc = build(&fixture::north_wales(), DocumentKind::Raci);
    let Body::Raci(t) = &doc.body else {
        panic!("a RACI table")
    };
    let labels: Vec<&str> = t.parties.iter().map(|p| p.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "Gwynedd Council",
            "Isle of Anglesey County Council",
            "Conwy County Borough Council",
            "Denbighshire County Council",
            "Rhys Jones",
            "Zoë Brontë-O’Neill",
            "Siân Llŷr"
        ]
    );
    let service = &t.rows[0];
    assert_eq!(service.activity, "Owning the service");
    assert_eq!(
        service.cells[0],
        ("Gwynedd Council".to_string(), "R, A".to_string())
    );
    assert_eq!(
        t.parties[4].organisation.as_deref(),
        Some("Conwy County Borough Council")
    );
}

#[test]
fn pack_holds_every_document() {
    let doc = build(&fixture::north_wales(), DocumentKind::Pack);
    let Body::Pack(p) = &doc.body else {
        panic!("a pack")
    };
    assert_eq!(p.agreement.sections.len(), 19);
    assert_eq!(p.raci.rows.len(), 6);
    assert_eq!(p.decisions.decisions.len(), 5);
    assert_eq!(p.handover.notes.len(), 1);
    assert_eq!(doc.signatures.len(), 3);
}

#[test]
fn empty_workspace_builds_every_document() {
    let ws = fixture::empty();
    for kind in DocumentKind::ALL {
        let doc = build(&ws, *kind);
        assert!(doc.parties.is_empty());
        assert!(doc.signatures.is_empty(), "{kind}: nobody to sign");
        assert_eq!(doc.fingerprint().sha256.len(), 64);
    }
}

#[test]
fn control_characters_and_crlf_do_not_reach_the_document() {
    let mut ws = fixture::north_wales();
    ws.agreement.sections[0].body = "Line one\r\nLine\u{0} two\u{1b}[31m\r".into();
    let doc = build(&ws, DocumentKind::Agreement);
    let Body::Agreement(a) = &doc.body else {
        panic!("an agreement")
    };
    assert_eq!(a.sections[0].body, "Line one\nLine two[31m");
}
