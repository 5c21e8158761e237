//! The app's commands that the screens' own tests do not reach: the agreement's own fields,
//! status and reopening; adding and removing RACI activities; changing and removing people
//! and organisations (refused while in use); and the workspace given at launch.

use accord_app::NewDecision;

use crate::{fixture, ready};

#[test]
fn the_agreement_gains_a_section_is_agreed_whole_and_reopened_as_version_two() {
    let mut f = ready();
    let a = f
        .session
        .add_section("training", "Training for crews")
        .unwrap();
    assert_eq!(
        (
            a.sections.len(),
            a.sections[19].key.as_str(),
            a.sections[19].title.as_str()
        ),
        (20, "training", "Training for crews")
    );
    assert_eq!(
        f.session.add_section("training", "Again").unwrap_err().code,
        "duplicate"
    );
    assert!(
        f.session
            .add_section("Not a key!", "x")
            .unwrap_err()
            .message
            .contains("cannot be a section key")
    );

    let a = f.session.set_agreement_field("binding", "true").unwrap();
    assert!(a.binding);
    let a = f
        .session
        .set_agreement_field("review_date", "2027-04-01")
        .unwrap();
    assert_eq!(a.review_date.as_deref(), Some("2027-04-01"));
    assert_eq!(
        f.session
            .set_agreement_field("review_date", "April")
            .unwrap_err()
            .field
            .as_deref(),
        Some("review_date")
    );
    assert_eq!(
        f.session
            .set_agreement_field("colour", "blue")
            .unwrap_err()
            .code,
        "unknown_field"
    );

    let early = f.session.set_agreement_status("agreed").unwrap_err();
    assert!(early.message.contains("still draft"), "{}", early.message);
    assert_eq!(
        f.session
            .set_agreement_status("signed")
            .unwrap_err()
            .field
            .as_deref(),
        Some("status")
    );
    let keys: Vec<String> = f
        .session
        .agreement()
        .unwrap()
        .sections
        .iter()
        .map(|s| s.key.clone())
        .collect();
    for key in &keys {
        f.session
            .write_section(key, &format!("What the parties agreed about {key}."))
            .unwrap();
        f.session.set_section_status(key, "agreed").unwrap();
    }
    let agreed = f.session.set_agreement_status("agreed").unwrap();
    assert_eq!((agreed.version, agreed.status.as_str()), (1, "agreed"));
    let locked = f
        .session
        .set_agreement_field("binding", "false")
        .unwrap_err();
    assert!(locked.message.contains("Reopen"), "{}", locked.message);

    let reopened = f.session.reopen_agreement().unwrap();
    assert_eq!(
        (reopened.version, reopened.status.as_str(), reopened.binding),
        (2, "draft", true)
    );
    assert_eq!(
        reopened.sections[19].body, "What the parties agreed about training.",
        "the sections keep their text"
    );
    let again = f.session.reopen_agreement().unwrap_err();
    assert!(
        again
            .message
            .contains("Only an agreed agreement can be reopened"),
        "{}",
        again.message
    );
    assert_eq!(
        f.session.history(1).unwrap()[0].summary,
        "Reopened the agreement as version 2"
    );
}

#[test]
fn raci_activities_are_added_and_removed_with_their_row() {
    let mut f = ready();
    let gwen = f.session.add_person("Gwen Morgan", "", "", "").unwrap();
    let added = f
        .session
        .add_activity("  Running the bin round app ", "  Day to day.  ")
        .unwrap();
    assert_eq!(
        (added.name.as_str(), added.description.as_str()),
        ("Running the bin round app", "Day to day.")
    );
    let raci = f.session.raci().unwrap();
    assert_eq!(raci.activities.len(), 7);
    assert_eq!(raci.activities[6].id, added.id);
    assert_eq!(
        f.session
            .add_activity(" ", "")
            .unwrap_err()
            .field
            .as_deref(),
        Some("name")
    );

    f.session
        .set_cell(&added.id.to_string(), &gwen.id.to_string(), "AR")
        .unwrap();
    let removed = f.session.remove_activity(&added.id.to_string()).unwrap();
    assert_eq!(removed.name, "Running the bin round app");
    let raci = f.session.raci().unwrap();
    assert_eq!(raci.activities.len(), 6);
    assert!(
        raci.cells.is_empty(),
        "the row's cells went with it: {:?}",
        raci.cells
    );
    assert_eq!(
        f.session
            .remove_activity(&added.id.to_string())
            .unwrap_err()
            .code,
        "not_found"
    );
    assert_eq!(
        f.session
            .remove_activity("row seven")
            .unwrap_err()
            .field
            .as_deref(),
        Some("activity")
    );
}

#[test]
fn people_are_changed_field_by_field_and_removed_only_when_nothing_names_them() {
    let mut f = ready();
    let gwen = f.session.add_person("Gwen Morgan", "", "", "").unwrap();
    let id = gwen.id.to_string();
    assert_eq!(
        f.session
            .set_person_field(&id, "job_title", "Service owner")
            .unwrap()
            .job_title,
        "Service owner"
    );
    assert_eq!(
        f.session
            .set_person_field(&id, "email", "gwen@worthing.gov.uk")
            .unwrap()
            .email,
        "gwen@worthing.gov.uk"
    );
    let bad = f
        .session
        .set_person_field(&id, "email", "not an email")
        .unwrap_err();
    assert_eq!(bad.field.as_deref(), Some("email"));
    assert!(
        bad.message.contains("does not look like an email"),
        "{}",
        bad.message
    );
    assert_eq!(
        f.session
            .set_person_field(&id, "name", " ")
            .unwrap_err()
            .code,
        "empty"
    );
    assert!(
        !f.session
            .set_person_field(&id, "active", "false")
            .unwrap()
            .active
    );
    assert_eq!(
        f.session
            .set_person_field(&id, "height", "tall")
            .unwrap_err()
            .code,
        "unknown_field"
    );
    let kept = &f.session.parties().unwrap().people[0];
    assert_eq!(
        (kept.email.as_str(), kept.active),
        ("gwen@worthing.gov.uk", false),
        "a refused change changed nothing"
    );

    let row = f.session.raci().unwrap().activities[0].id.to_string();
    f.session.set_cell(&row, &id, "A").unwrap();
    let used = f.session.remove_person(&id).unwrap_err();
    assert_eq!(used.code, "in_use");
    assert!(
        used.message
            .contains("Gwen Morgan is still used by 1 RACI assignments")
            && used.message.contains("mark them as having left"),
        "{}",
        used.message
    );
    assert_eq!(f.session.parties().unwrap().people.len(), 1);
    f.session.set_cell(&row, &id, "").unwrap();
    assert_eq!(f.session.remove_person(&id).unwrap().name, "Gwen Morgan");
    assert!(f.session.parties().unwrap().people.is_empty());
    assert_eq!(f.session.remove_person(&id).unwrap_err().code, "not_found");
}

#[test]
fn organisations_are_added_once_changed_and_removed_only_when_nothing_names_them() {
    let mut f = ready();
    let adur = f
        .session
        .add_organisation("Adur District Council", "district", "lead", " e07000223 ")
        .unwrap();
    assert_eq!(adur.gss_code.as_deref(), Some("E07000223"));
    let same_name = f
        .session
        .add_organisation("ADUR DISTRICT COUNCIL", "district", "partner", "")
        .unwrap_err();
    assert_eq!(
        (same_name.code.as_str(), same_name.field.as_deref()),
        ("duplicate", Some("name"))
    );
    let same_code = f
        .session
        .add_organisation("Adur", "district", "partner", "E07000223")
        .unwrap_err();
    assert_eq!(same_code.code, "duplicate");
    assert_eq!(
        f.session
            .add_organisation("Worthing", "borough", "partner", "")
            .unwrap_err()
            .field
            .as_deref(),
        Some("kind")
    );
    let worthing = f
        .session
        .add_organisation("Worthing Borough Council", "district", "partner", "")
        .unwrap();
    assert_eq!(f.session.parties().unwrap().organisations.len(), 2);

    let id = adur.id.to_string();
    assert_eq!(
        f.session
            .set_organisation_field(&id, "role", "partner")
            .unwrap()
            .role
            .as_str(),
        "partner"
    );
    assert_eq!(
        f.session
            .set_organisation_field(&id, "kind", "borough")
            .unwrap_err()
            .field
            .as_deref(),
        Some("kind")
    );
    let sian = f.session.add_person("Siân Jones", &id, "", "").unwrap();
    let signed = f
        .session
        .set_organisation_field(&id, "signatory", &sian.id.to_string())
        .unwrap();
    assert_eq!(signed.signatory, Some(sian.id));
    let nobody = accord_domain::Id::now_v7().to_string();
    assert_eq!(
        f.session
            .set_organisation_field(&id, "signatory", &nobody)
            .unwrap_err()
            .code,
        "not_found"
    );

    let used = f.session.remove_organisation(&id).unwrap_err();
    assert_eq!(used.code, "in_use");
    assert!(
        used.message
            .contains("Adur District Council is still used by 1 people")
            && used.message.contains("observer"),
        "{}",
        used.message
    );
    let gone = f
        .session
        .remove_organisation(&worthing.id.to_string())
        .unwrap();
    assert_eq!(gone.name, "Worthing Borough Council");
    let names: Vec<String> = f
        .session
        .parties()
        .unwrap()
        .organisations
        .into_iter()
        .map(|o| o.name)
        .collect();
    assert_eq!(names, ["Adur District Council"]);
}

#[test]
fn a_workspace_given_at_launch_is_opened_or_its_problem_shown_on_the_start_screen() {
    let mut f = ready();
    let path = f.dir.path().join("bins.accord");
    f.session.close();
    f.session.open_at_launch(&path);
    let start = f.session.start().unwrap();
    assert_eq!(
        start.open.as_deref(),
        Some(path.display().to_string().as_str())
    );
    assert!(start.problem.is_none());

    let mut g = fixture();
    let notes = g.dir.path().join("notes.accord");
    std::fs::write(&notes, "not a workspace").unwrap();
    g.session.open_at_launch(&notes);
    let start = g.session.start().unwrap();
    assert!(start.open.is_none());
    let problem = start.problem.expect("the problem is shown");
    assert_eq!(problem.code, "not_a_workspace");
    assert_eq!(
        std::fs::read(&notes).unwrap(),
        b"not a workspace",
        "the file is left as it was"
    );
}

#[test]
fn save_and_accept_is_one_change_and_a_refusal_saves_nothing() {
    let mut f = ready();
    let old = f
        .session
        .record_decision(NewDecision {
            title: "Host in Adur".into(),
            decision: "Adur hosts.".into(),
            accept: true,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(old.status.as_str(), "accepted");
    let changes = f.session.overview().unwrap().summary.changes;

    let refused = f
        .session
        .record_decision(NewDecision {
            title: "Host in Worthing".into(),
            supersedes: Some(old.id.to_string()),
            accept: true,
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(refused.field.as_deref(), Some("decision"));
    assert!(
        refused
            .message
            .contains("cannot be accepted without its decision text"),
        "{}",
        refused.message
    );
    assert_eq!(
        f.session.decisions("", "", 0, 50).unwrap().total,
        1,
        "nothing was saved"
    );
    assert_eq!(f.session.overview().unwrap().summary.changes, changes);

    let new = f
        .session
        .record_decision(NewDecision {
            title: "Host in Worthing".into(),
            decision: "Worthing hosts.".into(),
            supersedes: Some(old.id.to_string()),
            accept: true,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        (new.number.to_string().as_str(), new.status.as_str()),
        ("D-002", "accepted")
    );
    assert_eq!(
        f.session
            .decision("D-001")
            .unwrap()
            .decision
            .status
            .as_str(),
        "superseded"
    );
    assert_eq!(
        f.session.overview().unwrap().summary.changes,
        changes + 2,
        "the new decision and the old one's status, together"
    );
}
