//! The rules the store used to decide itself, now decided here from the records alone:
//! what may be removed (nothing names it), which organisation is a duplicate, which
//! handover notes may go, the next decision number, and supersede-and-accept as one step.

use accord_domain::decision::{self, DecisionPatch};
use accord_domain::handover::HandoverPatch;
use accord_domain::party::{ensure_new_organisation, organisations_to_add};
use accord_domain::{
    Assignment, Decision, DecisionNumber, DecisionStatus, DocumentKind, HandoverNote,
    HandoverStatus, Organisation, OrganisationKind, PartyRole, RaciRole, RuleError, Signoff,
    SignoffMethod, Workspace,
};
use chrono::NaiveDate;

use crate::{new_workspace, person};

fn org(n: u64, name: &str, gss: Option<&str>) -> Organisation {
    let mut o = Organisation::new(
        accord_fixtures::id(1, n),
        name,
        OrganisationKind::District,
        PartyRole::Partner,
    )
    .unwrap();
    o.gss_code = gss.map(str::to_string);
    o
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
}

#[test]
fn a_person_or_organisation_named_by_any_record_is_not_removed_and_the_refusal_says_by_what() {
    let mut ws = new_workspace();
    ws.organisations
        .push(org(1, "Adur District Council", Some("E07000223")));
    ws.organisations
        .push(org(2, "Worthing Borough Council", None));
    let adur = ws.organisations[0].id;
    let gwen = person(&mut ws, 1, "Gwen Morgan", true);
    let aled = person(&mut ws, 2, "Aled Roberts", true);
    let spare = person(&mut ws, 3, "Added By Mistake", true);
    ws.people[0].organisation = Some(adur);
    ws.organisations[0].signatory = Some(gwen);
    ws.raci.assignments.push(Assignment {
        activity: ws.raci.activities[0].id,
        party: gwen,
        role: RaciRole::A,
    });
    ws.raci.assignments.push(Assignment {
        activity: ws.raci.activities[1].id,
        party: gwen,
        role: RaciRole::R,
    });
    let mut d = Decision::new(
        accord_fixtures::id(4, 1),
        DecisionNumber(1),
        "Host in Adur",
        day(2),
    )
    .unwrap();
    d.deciders = vec![gwen];
    d.informed = vec![gwen, aled];
    ws.decisions.push(d);
    ws.succession
        .push(HandoverNote::new(accord_fixtures::id(6, 1), "Service owner", aled).unwrap());

    assert_eq!(
        ws.uses_of(gwen),
        [
            "1 organisations they sign for",
            "2 RACI assignments",
            "1 decisions"
        ]
    );
    assert_eq!(ws.uses_of(aled), ["1 decisions", "1 handover notes"]);
    assert_eq!(ws.uses_of(adur), ["1 people"]);
    assert!(ws.uses_of(spare).is_empty());

    let refused = ws.removable_person(gwen).unwrap_err();
    assert_eq!(refused.code(), "in_use");
    assert_eq!(
        refused.to_string(),
        "Gwen Morgan is still used by 1 organisations they sign for, 2 RACI assignments, 1 decisions; mark them as having left instead, so their roles show as needing a successor."
    );
    let refused = ws.removable_organisation(adur).unwrap_err();
    assert_eq!(
        refused.to_string(),
        "Adur District Council is still used by 1 people; move or remove those first, or change its role to observer."
    );
    assert_eq!(ws.removable_person(spare).unwrap().name, "Added By Mistake");
    assert_eq!(
        ws.removable_organisation(ws.organisations[1].id)
            .unwrap()
            .name,
        "Worthing Borough Council"
    );
    let nobody = accord_fixtures::id(99, 1);
    assert!(matches!(
        ws.removable_person(nobody),
        Err(RuleError::NotFound(_))
    ));
    assert!(matches!(
        ws.removable_organisation(nobody),
        Err(RuleError::NotFound(_))
    ));
}

#[test]
fn a_sign_off_keeps_its_signer() {
    let mut ws = new_workspace();
    let cllr = person(&mut ws, 1, "Cllr Aled Roberts", true);
    ws.signoffs.push(Signoff {
        id: accord_fixtures::id(7, 1),
        document: DocumentKind::Agreement,
        fingerprint: "a".repeat(64),
        signed_by: cllr,
        signed_on: day(20),
        method: SignoffMethod::MinutedMeeting,
        note: String::new(),
    });
    assert_eq!(ws.uses_of(cllr), ["1 sign-offs"]);
    assert_eq!(ws.removable_person(cllr).unwrap_err().code(), "in_use");
}

#[test]
fn an_organisation_is_a_duplicate_by_name_in_any_case_or_by_ons_code() {
    let existing = vec![
        org(1, "Adur District Council", Some("E07000223")),
        org(2, "Worthing Borough Council", None),
    ];
    let refused =
        ensure_new_organisation(&existing, &org(3, "ADUR district council", None)).unwrap_err();
    assert_eq!(
        refused.to_string(),
        "The organisation Adur District Council already exists in this workspace."
    );
    assert_eq!(
        ensure_new_organisation(&existing, &org(3, "Adur (renamed)", Some("E07000223")))
            .unwrap_err()
            .code(),
        "duplicate"
    );
    // Two bodies without an ONS code are not the same for lacking one.
    ensure_new_organisation(&existing, &org(3, "Bin Sensors Ltd", None)).unwrap();

    let offered = vec![
        org(3, "worthing borough council", None),
        org(4, "Arun District Council", Some("E07000224")),
        org(5, "Arun", Some("E07000224")),
        org(6, "Adur", Some("E07000223")),
        org(7, "Chichester District Council", Some("E07000225")),
    ];
    let added: Vec<String> = organisations_to_add(&existing, offered)
        .into_iter()
        .map(|o| o.name)
        .collect();
    assert_eq!(
        added,
        ["Arun District Council", "Chichester District Council"],
        "each body once, in the order offered"
    );
}

#[test]
fn only_a_draft_handover_note_may_be_removed() {
    let mut n = HandoverNote::new(
        accord_fixtures::id(6, 1),
        "Service owner",
        accord_fixtures::id(2, 1),
    )
    .unwrap();
    n.ensure_removable().unwrap();
    let t = |s: &str| Some(s.to_string());
    n.apply(HandoverPatch {
        responsibilities: t("a"),
        key_contacts: t("b"),
        in_flight_work: t("c"),
        where_things_are: t("d"),
        tacit_knowledge: t("e"),
        risks: t("f"),
        first_two_weeks: t("g"),
        status: Some(HandoverStatus::Ready),
        ..Default::default()
    })
    .unwrap();
    assert_eq!(
        n.ensure_removable().unwrap_err().to_string(),
        "The handover note for \"Service owner\" is ready; only a draft can be removed."
    );
}

#[test]
fn the_next_decision_number_follows_the_highest_and_never_fills_a_gap() {
    assert_eq!(decision::next_number([]), DecisionNumber(1));
    assert_eq!(
        decision::next_number([DecisionNumber(1), DecisionNumber(7), DecisionNumber(3)]),
        DecisionNumber(8)
    );
    let mut ws: Workspace = new_workspace();
    assert_eq!(ws.next_decision_number(), DecisionNumber(1));
    ws.decisions.push(
        Decision::new(
            accord_fixtures::id(4, 1),
            DecisionNumber(4),
            "Imported as D-004",
            day(1),
        )
        .unwrap(),
    );
    assert_eq!(ws.next_decision_number(), DecisionNumber(5));
}

#[test]
fn recording_and_accepting_a_superseding_decision_is_one_step_that_changes_both_or_neither() {
    let mut old = Decision::new(
        accord_fixtures::id(4, 1),
        DecisionNumber(1),
        "Host in Adur",
        day(2),
    )
    .unwrap();
    old.decision = "Adur hosts it.".into();
    old.set_status(DecisionStatus::Accepted).unwrap();
    let text = |t: &str| DecisionPatch {
        decision: Some(t.into()),
        tags: Some(vec!["Hosting".into()]),
        ..Default::default()
    };

    // Without the decision's text, accepting is refused, and the old decision is untouched.
    let before = old.clone();
    let refused = decision::record(
        accord_fixtures::id(4, 2),
        DecisionNumber(2),
        "Host in Worthing",
        day(9),
        DecisionPatch::default(),
        Some(&mut old),
        true,
    );
    assert!(
        refused
            .unwrap_err()
            .to_string()
            .contains("cannot be accepted without its decision text")
    );
    assert_eq!(old, before);

    // Proposed only: linked, but the old one stays accepted until the new one is.
    let proposed = decision::record(
        accord_fixtures::id(4, 2),
        DecisionNumber(2),
        "Host in Worthing",
        day(9),
        text("Worthing hosts it."),
        Some(&mut old),
        false,
    )
    .unwrap();
    assert_eq!(
        (proposed.status, proposed.supersedes, old.status),
        (
            DecisionStatus::Proposed,
            Some(old.id),
            DecisionStatus::Accepted
        )
    );

    let accepted = decision::record(
        accord_fixtures::id(4, 2),
        DecisionNumber(2),
        "Host in Worthing",
        day(9),
        text("Worthing hosts it."),
        Some(&mut old),
        true,
    )
    .unwrap();
    assert_eq!(
        (accepted.status, accepted.supersedes, old.status),
        (
            DecisionStatus::Accepted,
            Some(old.id),
            DecisionStatus::Superseded
        )
    );
    assert_eq!(
        (accepted.number, accepted.date, accepted.tags.as_slice()),
        (DecisionNumber(2), day(9), &["hosting".to_string()][..])
    );

    // A superseded decision cannot be superseded again.
    let again = decision::record(
        accord_fixtures::id(4, 3),
        DecisionNumber(3),
        "Host elsewhere",
        day(10),
        text("Elsewhere."),
        Some(&mut old),
        true,
    );
    assert!(
        again
            .unwrap_err()
            .to_string()
            .contains("only an accepted decision can be superseded")
    );
    assert_eq!(old.status, DecisionStatus::Superseded);

    // With nothing to supersede, accepting at once is simply accepting.
    let alone = decision::record(
        accord_fixtures::id(4, 4),
        DecisionNumber(4),
        "Buy sensors",
        day(11),
        text("Buy them."),
        None,
        true,
    )
    .unwrap();
    assert_eq!(
        (alone.status, alone.supersedes),
        (DecisionStatus::Accepted, None)
    );
}
