//! The collaboration agreement: standard sections, agreeing, reopening.

use accord_domain::{Agreement, AgreementStatus, STANDARD_SECTIONS, SectionStatus};

use crate::{at, siân};

#[test]
fn a_new_agreement_has_the_nineteen_standard_sections_in_order_with_guidance() {
    let a = Agreement::standard();
    let keys: Vec<&str> = a.sections.iter().map(|s| s.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "parties",
            "purpose",
            "scope",
            "status_and_values",
            "governance",
            "roles_and_time",
            "ways_of_working",
            "funding",
            "intellectual_property",
            "data",
            "hosting_and_licences",
            "confidentiality_and_foi",
            "procurement",
            "risk_and_change",
            "new_parties",
            "exit",
            "succession",
            "disputes",
            "term_and_review"
        ]
    );
    assert!(
        a.sections
            .iter()
            .all(|s| s.is_empty() && s.status == SectionStatus::Draft)
    );
    assert!(
        STANDARD_SECTIONS
            .iter()
            .all(|s| s.guidance.ends_with('.') && s.guidance.len() > 30)
    );
    assert_eq!(
        (a.version, a.status, a.binding),
        (1, AgreementStatus::Draft, false)
    );
}

#[test]
fn writing_an_agreed_section_returns_it_to_draft_and_records_who() {
    let mut a = Agreement::standard();
    a.write_section(
        "data",
        "Each council is controller of its own data.",
        &siân(),
        at(9),
    )
    .unwrap();
    a.set_section_status("data", SectionStatus::Agreed, &siân(), at(10))
        .unwrap();
    a.write_section(
        "data",
        "Each council is controller; Adur is processor.",
        &siân(),
        at(11),
    )
    .unwrap();
    let s = a.section("data").unwrap();
    assert_eq!(s.status, SectionStatus::Draft);
    assert_eq!(s.updated_at, Some(at(11)));
    assert_eq!(
        s.updated_by.as_deref(),
        Some("Siân Jones (Isle of Anglesey County Council)")
    );
}

#[test]
fn an_empty_section_cannot_be_agreed() {
    let mut a = Agreement::standard();
    let err = a
        .set_section_status("exit", SectionStatus::Agreed, &siân(), at(9))
        .unwrap_err();
    assert!(
        err.to_string().contains("Exit") && err.to_string().contains("empty"),
        "{err}"
    );
}

#[test]
fn the_agreement_is_agreed_only_when_every_section_is_and_then_reopens_as_a_new_version() {
    let mut a = Agreement::standard();
    let err = a.set_status(AgreementStatus::Agreed).unwrap_err();
    assert!(err.to_string().contains("Purpose and shared aims"), "{err}");
    for s in STANDARD_SECTIONS {
        a.write_section(s.key, "Agreed text.", &siân(), at(9))
            .unwrap();
        a.set_section_status(s.key, SectionStatus::Agreed, &siân(), at(9))
            .unwrap();
    }
    a.set_status(AgreementStatus::Agreed).unwrap();
    let locked = a
        .write_section("scope", "Changed after signing", &siân(), at(12))
        .unwrap_err();
    assert!(locked.to_string().contains("Reopen"), "{locked}");
    assert_eq!(a.section("scope").unwrap().body, "Agreed text.");
    a.reopen().unwrap();
    assert_eq!((a.version, a.status), (2, AgreementStatus::Draft));
    a.write_section("scope", "Now includes garden waste.", &siân(), at(13))
        .unwrap();
}

#[test]
fn users_may_add_and_remove_their_own_sections_but_not_standard_ones() {
    let mut a = Agreement::standard();
    a.add_section("training", "Training").unwrap();
    assert_eq!(a.sections.last().unwrap().key, "training");
    assert_eq!(
        a.add_section("training", "Again").unwrap_err().code(),
        "duplicate"
    );
    assert_eq!(
        a.add_section("Bad Key!", "x").unwrap_err().code(),
        "invalid"
    );
    assert!(
        a.remove_section("data")
            .unwrap_err()
            .to_string()
            .contains("Not applicable")
    );
    a.remove_section("training").unwrap();
    assert_eq!(a.sections.len(), 19);
}
