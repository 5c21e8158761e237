//! Handover notes: complete before ready; a successor before handed over.

use accord_domain::handover::HandoverPatch;
use accord_domain::{HandoverNote, HandoverStatus};

fn note() -> HandoverNote {
    HandoverNote::new(
        accord_fixtures::id(6, 1),
        "Project lead for Adur",
        accord_fixtures::id(2, 1),
    )
    .unwrap()
}

fn all_parts() -> HandoverPatch {
    let t = |s: &str| Some(s.to_string());
    HandoverPatch {
        responsibilities: t("Runs the board."),
        key_contacts: t("Gwen at Worthing."),
        in_flight_work: t("Procurement of the bin sensors."),
        where_things_are: t("SharePoint: /sites/bins."),
        tacit_knowledge: t("The supplier answers the phone, not email."),
        risks: t("Contract ends in March."),
        first_two_weeks: t("Meet Gwen."),
        ..Default::default()
    }
}

#[test]
fn a_note_is_ready_only_when_every_part_is_written() {
    let mut n = note();
    assert_eq!(n.missing_parts().len(), 7);
    let err = n
        .apply(HandoverPatch {
            status: Some(HandoverStatus::Ready),
            ..Default::default()
        })
        .unwrap_err();
    assert!(err.to_string().contains("What only you know"), "{err}");
    n.apply(all_parts()).unwrap();
    n.apply(HandoverPatch {
        status: Some(HandoverStatus::Ready),
        ..Default::default()
    })
    .unwrap();
    assert_eq!(n.status, HandoverStatus::Ready);
}

#[test]
fn handing_over_needs_a_successor_who_is_not_the_holder() {
    let mut n = note();
    n.apply(all_parts()).unwrap();
    let err = n
        .apply(HandoverPatch {
            status: Some(HandoverStatus::HandedOver),
            ..Default::default()
        })
        .unwrap_err();
    assert!(err.to_string().contains("no successor"), "{err}");
    let err = n
        .clone()
        .apply(HandoverPatch {
            successor: Some(Some(n.holder)),
            ..Default::default()
        })
        .unwrap_err();
    assert!(err.to_string().contains("someone other"), "{err}");
    n.apply(HandoverPatch {
        successor: Some(Some(accord_fixtures::id(2, 2))),
        status: Some(HandoverStatus::HandedOver),
        ..Default::default()
    })
    .unwrap();
}
