//! The decisions log: accepted decisions are records; supersession.

use accord_domain::decision::{DecisionPatch, accept_superseding, propose_superseding};
use accord_domain::{Decision, DecisionNumber, DecisionStatus::*};
use chrono::NaiveDate;

fn decision(n: u32, text: &str) -> Decision {
    let mut d = Decision::new(
        accord_fixtures::id(5, n.into()),
        DecisionNumber(n),
        "Host the service",
        NaiveDate::from_ymd_opt(2026, 5, 1).unwrap(),
    )
    .unwrap();
    d.edit(DecisionPatch {
        decision: Some(text.into()),
        ..Default::default()
    })
    .unwrap();
    d
}

#[test]
fn numbers_read_and_print_as_d_and_three_digits() {
    assert_eq!(DecisionNumber(7).to_string(), "D-007");
    assert_eq!(DecisionNumber(1234).to_string(), "D-1234");
    assert_eq!(
        "D-042".parse::<DecisionNumber>().unwrap(),
        DecisionNumber(42)
    );
    assert_eq!("42".parse::<DecisionNumber>().unwrap(), DecisionNumber(42));
    for bad in ["D-", "D-0", "X-001", "D-1a", ""] {
        assert!(
            bad.parse::<DecisionNumber>().is_err(),
            "{bad} should not parse"
        );
    }
}

#[test]
fn proposed_decisions_can_be_edited_and_accepted_ones_cannot() {
    let mut d = decision(1, "Adur hosts it");
    d.edit(DecisionPatch {
        title: Some("Host the service in Adur".into()),
        ..Default::default()
    })
    .unwrap();
    d.set_status(Accepted).unwrap();
    let before = d.clone();
    let err = d
        .edit(DecisionPatch {
            decision: Some("Worthing hosts it".into()),
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(err.code(), "decision_locked");
    assert!(
        err.to_string().contains("D-001") && err.to_string().contains("Supersede"),
        "{err}"
    );
    assert_eq!(d, before, "a refused edit changes nothing");
}

#[test]
fn status_moves_follow_the_log_rules() {
    // (from, to, allowed)
    let table = [
        (Proposed, Accepted, true),
        (Proposed, Rejected, true),
        (Proposed, Deprecated, false),
        (Proposed, Superseded, false),
        (Accepted, Deprecated, true),
        (Accepted, Superseded, false),
        (Accepted, Proposed, false),
        (Accepted, Rejected, false),
        (Rejected, Accepted, false),
        (Superseded, Accepted, false),
        (Deprecated, Accepted, false),
    ];
    for (from, to, allowed) in table {
        let mut d = decision(3, "text");
        d.status = from;
        let result = d.set_status(to);
        assert_eq!(result.is_ok(), allowed, "{from} -> {to}: {result:?}");
        assert_eq!(d.status, if allowed { to } else { from });
    }
}

#[test]
fn a_decision_without_its_text_cannot_be_accepted() {
    let mut d = decision(1, "   ");
    assert!(
        d.set_status(Accepted)
            .unwrap_err()
            .to_string()
            .contains("what was decided")
    );
}

#[test]
fn accepting_a_superseding_decision_marks_the_old_one_superseded() {
    let mut old = decision(1, "Adur hosts it");
    let mut new = decision(2, "Worthing hosts it");
    assert!(
        propose_superseding(&mut new, &old).is_err(),
        "a proposed decision cannot be superseded"
    );
    old.set_status(Accepted).unwrap();
    propose_superseding(&mut new, &old).unwrap();
    assert_eq!(new.supersedes, Some(old.id));
    accept_superseding(&mut new, Some(&mut old)).unwrap();
    assert_eq!((new.status, old.status), (Accepted, Superseded));
}

#[test]
fn a_decision_superseded_meanwhile_cannot_be_superseded_again() {
    let mut old = decision(1, "Adur hosts it");
    old.set_status(Accepted).unwrap();
    let mut first = decision(2, "Worthing hosts it");
    let mut second = decision(3, "A supplier hosts it");
    propose_superseding(&mut first, &old).unwrap();
    propose_superseding(&mut second, &old).unwrap();
    accept_superseding(&mut first, Some(&mut old)).unwrap();
    let err = accept_superseding(&mut second, Some(&mut old)).unwrap_err();
    assert!(err.to_string().contains("superseded"), "{err}");
    assert_eq!(second.status, Proposed);
}
