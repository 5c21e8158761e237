//! The fingerprint: stable for the same content, and able to say which records changed.

use accord_documents::{CANONICAL_FORM, build, compare, fingerprint};
use accord_domain::{DecisionStatus, DocumentKind};

use crate::fixture;

#[test]
fn same_content_gives_the_same_fingerprint() {
    let a = fingerprint(&fixture::north_wales(), DocumentKind::Pack);
    let b = fingerprint(&fixture::north_wales(), DocumentKind::Pack);
    assert_eq!(a, b);
    assert!(
        a.sha256
            .chars()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
    );
    // Every kind of document has its own fingerprint.
    let all: std::collections::HashSet<String> = DocumentKind::ALL
        .iter()
        .map(|k| fingerprint(&fixture::north_wales(), *k).sha256)
        .collect();
    assert_eq!(all.len(), DocumentKind::ALL.len());
}

#[test]
fn newline_style_and_decomposed_accents_do_not_change_the_fingerprint() {
    let ws = fixture::north_wales();
    let mut windows = ws.clone();
    for s in &mut windows.agreement.sections {
        s.body = s.body.replace('\n', "\r\n");
    }
    // "Siân" typed with a combining circumflex looks the same and fingerprints the same.
    windows.people[0].name = "Sia\u{0302}n Lly\u{0302}r".into();
    for kind in DocumentKind::ALL {
        assert_eq!(
            fingerprint(&ws, *kind),
            fingerprint(&windows, *kind),
            "{kind}"
        );
    }
}

#[test]
fn what_a_document_does_not_show_does_not_change_its_fingerprint() {
    let ws = fixture::north_wales();
    let mut other = ws.clone();
    // The agreement does not show decisions, emails or when a section was last changed.
    other.decisions[0].title = "Work in the open, always".into();
    other.people[0].email = "new@gwynedd.llyw.cymru".into();
    other.agreement.sections[0].updated_by = Some("Someone (Somewhere)".into());
    assert_eq!(
        fingerprint(&ws, DocumentKind::Agreement),
        fingerprint(&other, DocumentKind::Agreement)
    );
    assert_ne!(
        fingerprint(&ws, DocumentKind::Decisions),
        fingerprint(&other, DocumentKind::Decisions)
    );
}

#[test]
fn an_edited_section_is_named() {
    let ws = fixture::north_wales();
    let signed = fingerprint(&ws, DocumentKind::Agreement);
    let mut now = ws.clone();
    now.agreement
        .sections
        .iter_mut()
        .find(|s| s.key == "data")
        .unwrap()
        .body
        .push_str(" Retention: six years.");
    let changes = compare(&signed, &fingerprint(&now, DocumentKind::Agreement));
    assert!(!changes.unchanged);
    assert_eq!(changes.changed, ["agreement.sections[data]"]);
    assert!(changes.added.is_empty() && changes.removed.is_empty() && !changes.reordered);
}

#[test]
fn added_removed_and_superseded_decisions_are_named() {
    let ws = fixture::north_wales();
    let signed = fingerprint(&ws, DocumentKind::Decisions);
    let mut now = ws.clone();
    now.decisions.retain(|d| d.number.0 != 5);
    // Accepting D-004 supersedes D-003: both records change.
    now.decisions[3].status = DecisionStatus::Accepted;
    now.decisions[2].status = DecisionStatus::Superseded;
    let mut d6 = now.decisions[0].clone();
    d6.id = uuid::Uuid::from_u128(999);
    d6.number = accord_domain::DecisionNumber(6);
    now.decisions.push(d6);
    let changes = compare(&signed, &fingerprint(&now, DocumentKind::Decisions));
    assert_eq!(changes.changed, ["decisions[D-003]", "decisions[D-004]"]);
    assert_eq!(changes.added, ["decisions[D-006]"]);
    assert_eq!(changes.removed, ["decisions[D-005]"]);
}

#[test]
fn renaming_a_party_changes_what_names_it() {
    let ws = fixture::north_wales();
    let signed = fingerprint(&ws, DocumentKind::Raci);
    let mut now = ws.clone();
    now.organisations[3].name = "Cyngor Sir Ddinbych".into();
    let changes = compare(&signed, &fingerprint(&now, DocumentKind::Raci));
    // Denbighshire holds no letter: only the party list and its own line change.
    assert_eq!(changes.changed, ["raci.parties"]);
    assert_eq!(changes.added, ["parties[Cyngor Sir Ddinbych]"]);
    assert_eq!(changes.removed, ["parties[Denbighshire County Council]"]);
}

#[test]
fn reordering_sections_is_noticed_even_though_no_record_changed() {
    let ws = fixture::north_wales();
    let signed = fingerprint(&ws, DocumentKind::Agreement);
    let mut now = ws.clone();
    now.agreement.sections.swap(0, 1);
    let changes = compare(&signed, &fingerprint(&now, DocumentKind::Agreement));
    assert!(!changes.unchanged && changes.reordered);
    assert!(changes.changed.is_empty());
}

#[test]
fn record_paths_are_unique_and_cover_the_pack() {
    let doc = build(&fixture::north_wales(), DocumentKind::Pack);
    let records = doc.canonical_records();
    let paths: std::collections::HashSet<&str> = records.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(paths.len(), records.len());
    for expected in [
        "project",
        "agreement",
        "agreement.sections[data]",
        "raci.parties",
        "raci.activities[Owning the data]",
        "decisions[D-004]",
        "succession[Delivery lead for Conwy]",
        "people[Siân Llŷr]",
        "signatures[For Gwynedd Council]",
    ] {
        assert!(
            paths.contains(expected),
            "{expected} is a record of the pack"
        );
    }
    // The open decision D-004 shows in the log and in the handover part, once as a record.
    assert_eq!(
        records
            .iter()
            .filter(|(p, _)| p == "decisions[D-004]")
            .count(),
        1
    );
    // The canonical form is compact JSON with sorted keys.
    let (_, project) = &records[0];
    assert!(
        project.starts_with(r#"{"outcomes":"Fewer missed collections; £25,000"#),
        "{project}"
    );
    assert_eq!(CANONICAL_FORM, "accord-document-1");
}

#[test]
fn a_sign_off_is_current_until_what_it_signed_changes() {
    let mut ws = fixture::north_wales();
    let signer = ws.people[0].id;
    for (i, kind) in [DocumentKind::Agreement, DocumentKind::Decisions]
        .into_iter()
        .enumerate()
    {
        ws.signoffs.push(accord_domain::Signoff {
            id: uuid::Uuid::from_u128(900 + i as u128),
            document: kind,
            fingerprint: fingerprint(&ws, kind).sha256,
            signed_by: signer,
            signed_on: fixture::date(2026, 5, 1),
            method: accord_domain::SignoffMethod::WetInk,
            note: String::new(),
        });
    }
    let states = accord_documents::signoff_states(&ws);
    assert!(states.iter().all(|s| s.current), "{states:?}");
    assert!(accord_documents::signoff_findings(&ws).is_empty());
    // A change the agreement shows makes its sign-off stale; the decisions' stays current.
    ws.agreement.sections[1].body.push_str(" And one more aim.");
    let states = accord_documents::signoff_states(&ws);
    assert_eq!(
        states.iter().map(|s| s.current).collect::<Vec<_>>(),
        [false, true]
    );
    let findings = accord_documents::signoff_findings(&ws);
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].code, "signoff_stale");
    assert!(
        findings[0]
            .message
            .starts_with("The collaboration agreement signed by"),
        "{}",
        findings[0].message
    );
    assert_eq!(
        findings[0].record,
        format!("signoffs[{}]", uuid::Uuid::from_u128(900))
    );
}
