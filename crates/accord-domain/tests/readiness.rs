//! The readiness check: blockers mapped to sections, and what it tells the user to do.

use accord_domain::readiness::{self, SectionState};
use accord_domain::{Blocker, Location, SectionStatus, Severity};

use crate::{at, new_workspace, person, siân};

#[test]
fn a_new_workspace_has_every_blocker_open_and_says_what_to_write() {
    let ws = new_workspace();
    let report = readiness::check(&ws);
    assert!(report.has_errors(), "nobody owns anything yet");
    assert!(report.blockers.iter().all(|b| !b.answered));
    let data = report
        .findings
        .iter()
        .find(|f| f.record == "agreement.sections[data]")
        .unwrap();
    assert_eq!(
        (data.severity, data.code.as_str()),
        (Severity::Warning, "section_empty")
    );
    assert!(
        data.message.contains("nobody owns the system"),
        "{}",
        data.message
    );
    assert!(
        data.action.contains("controller"),
        "the action is the section's guidance: {}",
        data.action
    );
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.code == "project_no_problem")
    );
    // Every finding names a record and says what to do.
    assert!(
        report
            .findings
            .iter()
            .all(|f| !f.record.is_empty() && !f.action.is_empty() && !f.message.is_empty())
    );
}

#[test]
fn each_blocker_maps_to_the_sections_that_answer_it() {
    let expected: [(Blocker, &[&str]); 6] = [
        (Blocker::AimsNotAligned, &["purpose", "scope"]),
        (
            Blocker::IncompatibleProcesses,
            &["ways_of_working", "governance", "risk_and_change"],
        ),
        (
            Blocker::StructureNotAgreed,
            &["parties", "governance", "roles_and_time", "funding", "exit"],
        ),
        (
            Blocker::CultureAndLanguage,
            &["ways_of_working", "status_and_values"],
        ),
        (Blocker::NoSuccessionPlanning, &["succession"]),
        (
            Blocker::NobodyOwns,
            &["hosting_and_licences", "data", "intellectual_property"],
        ),
    ];
    let report = readiness::check(&new_workspace());
    for (blocker, sections) in expected {
        let b = report
            .blockers
            .iter()
            .find(|b| b.blocker == blocker)
            .unwrap();
        assert_eq!(
            b.sections.iter().map(|s| s.key).collect::<Vec<_>>(),
            sections,
            "{blocker}"
        );
    }
}

#[test]
fn sections_are_reported_missing_empty_draft_or_agreed() {
    let mut ws = new_workspace();
    ws.agreement.sections.retain(|s| s.key != "succession");
    ws.agreement
        .write_section("purpose", "Fewer missed bins.", &siân(), at(9))
        .unwrap();
    ws.agreement
        .write_section("scope", "Domestic waste only.", &siân(), at(9))
        .unwrap();
    ws.agreement
        .set_section_status("scope", SectionStatus::Agreed, &siân(), at(9))
        .unwrap();
    let report = readiness::check(&ws);
    let state = |key: &str| {
        report
            .blockers
            .iter()
            .flat_map(|b| &b.sections)
            .find(|s| s.key == key)
            .unwrap()
            .state
    };
    assert_eq!(state("succession"), SectionState::Missing);
    assert_eq!(state("data"), SectionState::Empty);
    assert_eq!(state("purpose"), SectionState::Draft);
    assert_eq!(state("scope"), SectionState::Agreed);
    let codes = |record: &str| {
        report
            .findings
            .iter()
            .filter(|f| f.record == record)
            .map(|f| f.code.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(codes("agreement.sections[succession]"), ["section_missing"]);
    assert_eq!(codes("agreement.sections[purpose]"), ["section_draft"]);
    assert!(codes("agreement.sections[scope]").is_empty());
    let aims = report
        .blockers
        .iter()
        .find(|b| b.blocker == Blocker::AimsNotAligned)
        .unwrap();
    assert!(!aims.answered, "purpose is still draft");
}

#[test]
fn someone_who_left_holding_roles_without_a_note_is_flagged() {
    let mut ws = new_workspace();
    let gone = person(&mut ws, 0, "Rhodri Llewellyn", false);
    let activity = ws.raci.activities[0].id;
    ws.raci.assignments.push(accord_domain::Assignment {
        activity,
        party: gone,
        role: accord_domain::RaciRole::R,
    });
    let report = readiness::check(&ws);
    let f = report
        .findings
        .iter()
        .find(|f| f.code == "no_handover_note")
        .unwrap();
    assert_eq!(f.record, format!("people[{gone}]"));
    assert!(f.message.contains("Rhodri Llewellyn"));
}

#[test]
fn each_finding_carries_its_record_as_data_and_as_the_same_path() {
    let mut ws = new_workspace();
    let gone = person(&mut ws, 0, "Rhodri Llewellyn", false);
    let activity = ws.raci.activities[0].id;
    ws.raci.assignments.push(accord_domain::Assignment {
        activity,
        party: gone,
        role: accord_domain::RaciRole::A,
    });
    let report = readiness::check(&ws);
    for f in &report.findings {
        assert_eq!(f.record, f.location.path(), "{}", f.code);
    }
    let find = |code: &str| {
        report
            .findings
            .iter()
            .find(|f| f.code == code)
            .unwrap_or_else(|| panic!("{code}"))
    };
    // A RACI finding names its row, and the party when it is about one.
    assert_eq!(
        find("raci_succession_gap").location,
        Location::Raci {
            activity,
            party: Some(gone)
        }
    );
    assert_eq!(
        find("raci_no_responsible").location.activity(),
        Some(activity)
    );
    assert_eq!(
        find("no_handover_note").location,
        Location::Person { person: gone }
    );
    assert_eq!(
        find("project_no_problem").location,
        Location::Project {
            field: "problem".into()
        }
    );
    // As the page and `accord check --json` see it: the path kept, the location beside it.
    let json = serde_json::to_value(find("raci_succession_gap")).unwrap();
    assert_eq!(json["record"], format!("raci.activities[{activity}]"));
    assert_eq!(
        json["location"],
        serde_json::json!({"record": "raci", "activity": activity, "party": gone})
    );
    let data = serde_json::to_value(
        report
            .findings
            .iter()
            .find(|f| f.record == "agreement.sections[data]")
            .unwrap(),
    )
    .unwrap();
    assert_eq!(
        data["location"],
        serde_json::json!({"record": "section", "key": "data"})
    );
    assert_eq!(
        serde_json::json!({"record": "raci", "activity": activity}),
        serde_json::to_value(Location::Raci {
            activity,
            party: None
        })
        .unwrap(),
        "no party, no key"
    );
}

#[test]
fn findings_come_errors_first() {
    let report = readiness::check(&new_workspace());
    let severities: Vec<Severity> = report.findings.iter().map(|f| f.severity).collect();
    let mut sorted = severities.clone();
    sorted.sort();
    assert_eq!(severities, sorted);
}
