//! Every change is one transaction with its operation in the change log; refused changes
//! change nothing; sign-offs and history cannot be edited, even with SQL.

use accord_domain::decision::DecisionPatch;
use accord_domain::{
    DecisionStatus, DocumentKind, Id, Person, RaciRole, SectionStatus, Signoff, SignoffMethod,
};
use accord_store::HistoryQuery;
use chrono::NaiveDate;

use crate::{Dir, files::rusqlite_conn, new_file, stamp};

fn date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
}

#[test]
fn each_change_records_who_when_what_and_what_it_was_before() {
    let d = Dir::new();
    let mut ws = new_file(&d);
    let created = ws.history(&HistoryQuery::default()).unwrap().len();
    assert!(
        created >= 19 + 6 + 2,
        "creation logs every record: {created}"
    );
    ws.write_section("purpose", "Fewer missed bins.", &stamp())
        .unwrap();
    ws.write_section(
        "purpose",
        "Fewer missed bins, one route for reports.",
        &stamp(),
    )
    .unwrap();
    let ops = ws
        .history(&HistoryQuery {
            record_id: Some("purpose".into()),
            limit: None,
        })
        .unwrap();
    assert_eq!(ops.len(), 3, "created, then two edits");
    let last = &ops[0];
    assert_eq!(last.actor, "Siân Jones (Isle of Anglesey County Council)");
    assert_eq!(last.at, "2026-11-26T10:00:00.000Z");
    assert_eq!(last.action, "update");
    assert_eq!(last.before.as_ref().unwrap()["body"], "Fewer missed bins.");
    assert_eq!(
        last.after.as_ref().unwrap()["body"],
        "Fewer missed bins, one route for reports."
    );
    // Operation ids are unique and clocks strictly increase, even within one millisecond.
    let all = ws.history(&HistoryQuery::default()).unwrap();
    let mut hlcs: Vec<&str> = all.iter().map(|o| o.hlc.as_str()).collect();
    hlcs.reverse();
    assert!(hlcs.windows(2).all(|w| w[0] < w[1]), "clocks increase");
}

#[test]
fn a_refused_change_changes_nothing_and_logs_nothing() {
    let d = Dir::new();
    let mut ws = new_file(&d);
    let p = ws
        .add_person(Person::new(Id::now_v7(), "Gwen Morgan").unwrap(), &stamp())
        .unwrap();
    let dec = ws
        .record_decision(
            "Share one bin sensor contract",
            date(),
            DecisionPatch {
                decision: Some("Adur buys for both.".into()),
                ..Default::default()
            },
            None,
            &stamp(),
        )
        .unwrap();
    ws.set_decision_status(dec.id, DecisionStatus::Accepted, &stamp())
        .unwrap();
    let before = (
        ws.load().unwrap(),
        ws.history(&HistoryQuery::default()).unwrap().len(),
    );
    let refusals = [
        ws.edit_decision(
            dec.id,
            DecisionPatch {
                decision: Some("Worthing buys.".into()),
                ..Default::default()
            },
            &stamp(),
        )
        .unwrap_err(),
        ws.set_section_status("exit", SectionStatus::Agreed, &stamp())
            .unwrap_err(),
        ws.set_decision_status(dec.id, DecisionStatus::Proposed, &stamp())
            .unwrap_err(),
        ws.remove_section("data", &stamp()).unwrap_err(),
        ws.set_cell(
            ws.raci().unwrap().activities[0].id,
            Id::now_v7(),
            &[RaciRole::A],
            &stamp(),
        )
        .unwrap_err(),
    ];
    for e in &refusals {
        assert!(e.is_user_error(), "{e}");
    }
    ws.set_cell(
        ws.raci().unwrap().activities[0].id,
        p.id,
        &[RaciRole::A],
        &stamp(),
    )
    .unwrap();
    let err = ws.remove_person(p.id, &stamp()).unwrap_err();
    assert_eq!(err.code(), "in_use");
    assert!(
        err.to_string().contains("RACI") && err.to_string().contains("having left"),
        "{err}"
    );
    let after = ws.load().unwrap();
    assert_eq!(after.decisions, before.0.decisions);
    assert_eq!(after.agreement, before.0.agreement);
    assert_eq!(after.people, before.0.people);
    assert_eq!(
        ws.history(&HistoryQuery::default()).unwrap().len(),
        before.1 + 1,
        "only the RACI cell was logged"
    );
}

#[test]
fn superseding_marks_the_old_decision_in_the_same_change() {
    let d = Dir::new();
    let mut ws = new_file(&d);
    let text = |t: &str| DecisionPatch {
        decision: Some(t.into()),
        ..Default::default()
    };
    let old = ws
        .record_decision("Host in Adur", date(), text("Adur hosts."), None, &stamp())
        .unwrap();
    ws.set_decision_status(old.id, DecisionStatus::Accepted, &stamp())
        .unwrap();
    let new = ws
        .record_decision(
            "Host in Worthing",
            date(),
            text("Worthing hosts."),
            Some(old.id),
            &stamp(),
        )
        .unwrap();
    assert_eq!(
        ws.decision("D-001").unwrap().status,
        DecisionStatus::Accepted,
        "not superseded until the new one is accepted"
    );
    ws.set_decision_status(new.id, DecisionStatus::Accepted, &stamp())
        .unwrap();
    assert_eq!(
        ws.decision("D-001").unwrap().status,
        DecisionStatus::Superseded
    );
    assert_eq!(ws.decision("D-002").unwrap().supersedes, Some(old.id));
    let ops = ws
        .history(&HistoryQuery {
            record_id: None,
            limit: Some(2),
        })
        .unwrap();
    assert_eq!(ops[0].summary, "D-001 was superseded by D-002");
}

#[test]
fn sign_offs_and_history_cannot_be_changed_even_with_sql() {
    let d = Dir::new();
    let mut ws = new_file(&d);
    let p = ws
        .add_person(
            Person::new(Id::now_v7(), "Cllr Aled Roberts").unwrap(),
            &stamp(),
        )
        .unwrap();
    let s = Signoff {
        id: Id::now_v7(),
        document: DocumentKind::Agreement,
        fingerprint: "a".repeat(64),
        signed_by: p.id,
        signed_on: date(),
        method: SignoffMethod::WetInk,
        note: "Signed at the joint board.".into(),
    };
    ws.record_signoff(s.clone(), &stamp()).unwrap();
    let bad = Signoff {
        fingerprint: "not-a-hash".into(),
        id: Id::now_v7(),
        ..s.clone()
    };
    assert_eq!(
        ws.record_signoff(bad, &stamp()).unwrap_err().code(),
        "invalid"
    );
    drop(ws);
    let conn = rusqlite_conn(&d.path("project.accord"));
    for sql in [
        "UPDATE signoff SET note = 'changed'",
        "DELETE FROM signoff",
        "UPDATE operation SET actor = 'someone else'",
        "DELETE FROM operation",
    ] {
        let err = conn.execute(sql, []).unwrap_err().to_string();
        assert!(err.contains("never"), "{sql}: {err}");
    }
    drop(conn);
    let ws = accord_store::WorkspaceFile::open(d.path("project.accord")).unwrap();
    assert_eq!(ws.signoffs().unwrap(), vec![s]);
}

#[test]
fn register_imports_skip_councils_already_present() {
    let d = Dir::new();
    let mut ws = new_file(&d);
    let rows = accord_fixtures::register();
    let pick = |codes: &[&str]| -> Vec<accord_domain::Organisation> {
        rows.iter()
            .filter(|r| codes.contains(&r.code.as_str()))
            .map(|r| {
                r.to_entry()
                    .into_organisation(Id::now_v7(), accord_domain::PartyRole::Partner)
            })
            .collect()
    };
    assert_eq!(
        ws.add_organisations(pick(&["ABC", "AGY"]), &stamp())
            .unwrap()
            .len(),
        2
    );
    let added = ws
        .add_organisations(pick(&["AGY", "ADU"]), &stamp())
        .unwrap();
    assert_eq!(
        added.iter().map(|o| o.name.as_str()).collect::<Vec<_>>(),
        ["Adur District Council"]
    );
    let names: Vec<String> = ws
        .organisations()
        .unwrap()
        .into_iter()
        .map(|o| o.name)
        .collect();
    assert_eq!(
        names,
        [
            "Armagh City, Banbridge and Craigavon Borough Council",
            "Isle of Anglesey County Council",
            "Adur District Council"
        ]
    );
}

#[test]
fn the_decisions_log_pages_and_filters_by_status_and_tag() {
    let d = Dir::new();
    let ws = accord_store::WorkspaceFile::import(
        d.path("big.accord"),
        &accord_fixtures::workspace(accord_fixtures::Size::SMALL),
        &stamp(),
    )
    .unwrap();
    let all = ws.decisions().unwrap();
    let page = |f: accord_store::DecisionFilter| ws.decision_page(&f).unwrap();
    let everything = page(Default::default());
    assert_eq!(
        (everything.total as usize, everything.decisions.len()),
        (all.len(), all.len())
    );
    let second = page(accord_store::DecisionFilter {
        offset: 5,
        limit: Some(5),
        ..Default::default()
    });
    assert_eq!(second.decisions, all[5..10]);
    let accepted = page(accord_store::DecisionFilter {
        status: Some(DecisionStatus::Accepted),
        ..Default::default()
    });
    assert_eq!(
        accepted.total as usize,
        all.iter()
            .filter(|d| d.status == DecisionStatus::Accepted)
            .count()
    );
    assert!(accepted.total > 0);
    let hosting = page(accord_store::DecisionFilter {
        tag: Some(" Hosting".into()),
        ..Default::default()
    });
    assert_eq!(
        hosting.decisions,
        all.iter()
            .filter(|d| d.tags.contains(&"hosting".to_string()))
            .cloned()
            .collect::<Vec<_>>()
    );
    assert!(
        page(accord_store::DecisionFilter {
            tag: Some("host".into()),
            ..Default::default()
        })
        .decisions
        .is_empty(),
        "tags match whole"
    );
}

#[test]
fn the_pipeline_listing_id_is_one_change_in_the_history_and_setting_it_again_records_nothing() {
    let d = Dir::new();
    let mut ws = new_file(&d);
    let before = ws.history(&HistoryQuery::default()).unwrap().len();
    let listing = "01a21a00-0000-7000-8000-000000000001";
    assert_eq!(
        ws.set_pipeline_id(Some(listing), &stamp())
            .unwrap()
            .pipeline_id
            .as_deref(),
        Some(listing)
    );
    ws.set_pipeline_id(Some(listing), &stamp()).unwrap();
    let ops = ws.history(&HistoryQuery::default()).unwrap();
    assert_eq!(ops.len(), before + 1, "the same id again is not a change");
    assert_eq!(
        ops[0].summary,
        format!("Listed the project in the Pipeline directory as {listing}")
    );
    assert_eq!(
        ops[0].before.as_ref().unwrap()["pipeline_id"],
        serde_json::Value::Null
    );
    assert_eq!(ws.project().unwrap().pipeline_id.as_deref(), Some(listing));
}

#[test]
fn recording_and_accepting_a_superseding_decision_is_one_change_or_none() {
    let d = Dir::new();
    let mut ws = new_file(&d);
    let text = |t: &str| DecisionPatch {
        decision: Some(t.into()),
        ..Default::default()
    };
    let old = ws
        .record_decision("Host in Adur", date(), text("Adur hosts."), None, &stamp())
        .unwrap();
    ws.set_decision_status(old.id, DecisionStatus::Accepted, &stamp())
        .unwrap();
    let before = (
        ws.load().unwrap(),
        ws.history(&HistoryQuery::default()).unwrap().len(),
    );

    // Refused (no decision text to accept): neither decision changes and nothing is logged.
    let err = ws
        .record_accepted_decision(
            "Host in Worthing",
            date(),
            DecisionPatch::default(),
            Some(old.id),
            &stamp(),
        )
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("cannot be accepted without its decision text"),
        "{err}"
    );
    assert_eq!(ws.load().unwrap().decisions, before.0.decisions);
    assert_eq!(
        ws.history(&HistoryQuery::default()).unwrap().len(),
        before.1
    );

    let new = ws
        .record_accepted_decision(
            "Host in Worthing",
            date(),
            text("Worthing hosts."),
            Some(old.id),
            &stamp(),
        )
        .unwrap();
    assert_eq!(
        (new.number.to_string().as_str(), new.status, new.supersedes),
        ("D-002", DecisionStatus::Accepted, Some(old.id))
    );
    assert_eq!(
        ws.decision("D-001").unwrap().status,
        DecisionStatus::Superseded
    );
    assert_eq!(ws.decision("D-002").unwrap(), new);
    let ops = ws.history(&HistoryQuery::default()).unwrap();
    assert_eq!(ops.len(), before.1 + 2);
    assert_eq!(
        (ops[1].summary.as_str(), ops[1].action.as_str()),
        ("Recorded and accepted D-002 \"Host in Worthing\"", "create")
    );
    assert_eq!(ops[1].after.as_ref().unwrap()["status"], "accepted");
    assert_eq!(ops[0].summary, "D-001 was superseded by D-002");

    // Superseding D-001 again is refused: it is superseded, no longer accepted.
    let again = ws
        .record_accepted_decision(
            "Host elsewhere",
            date(),
            text("Elsewhere."),
            Some(old.id),
            &stamp(),
        )
        .unwrap_err();
    assert!(
        again
            .to_string()
            .contains("only an accepted decision can be superseded"),
        "{again}"
    );
    assert_eq!(ws.decisions().unwrap().len(), 2);
}

#[test]
fn a_new_decision_is_numbered_after_the_highest_even_after_a_gap() {
    let d = Dir::new();
    let mut ws = accord_fixtures::workspace(accord_fixtures::Size::SMALL);
    ws.decisions.truncate(2);
    ws.decisions[1].number = accord_domain::DecisionNumber(9);
    let mut file =
        accord_store::WorkspaceFile::import(d.path("gap.accord"), &ws, &stamp()).unwrap();
    let next = file
        .record_decision(
            "After the gap",
            date(),
            DecisionPatch::default(),
            None,
            &stamp(),
        )
        .unwrap();
    assert_eq!(next.number.to_string(), "D-010");
}
