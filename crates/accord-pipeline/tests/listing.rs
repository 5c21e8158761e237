//! A listing holds the project's public fields, the organisations and one contact: no
//! private record's words, and nobody else's details.

use accord_pipeline::{PipelineError, listing, preview};

use crate::fixture_file;

const SECRET: &str = "zebrafinchwhisper";

#[test]
fn the_listing_holds_the_public_fields_and_no_private_words() {
    let dir = tempfile::tempdir().unwrap();
    let file = fixture_file(&dir, |ws| {
        ws.decisions[0].context = format!("Confidential: {SECRET} in a decision.");
        ws.succession[0].tacit_knowledge = format!("{SECRET} in a handover note.");
        ws.agreement.sections[0].body = format!("{SECRET} in the agreement.");
        ws.raci.activities[0].name = format!("{SECRET} activity");
        ws.people[1].phone = "07700 900123".into();
    });
    let plan = accord_pipeline::publish::plan(&file, None, true).unwrap();
    let json = preview(&plan.draft);
    let ws = file.load().unwrap();
    assert!(
        json.contains(&ws.project.title) && json.contains(&ws.project.problem),
        "{json}"
    );
    for org in &ws.organisations {
        assert!(json.contains(&org.name), "{} is missing: {json}", org.name);
    }
    assert_eq!(plan.draft.workspace_id, Some(ws.project.id));
    assert!(
        !json.contains(SECRET),
        "a private word reached the listing: {json}"
    );
    assert!(
        !json.contains("07700 900123"),
        "a phone number reached the listing"
    );
    for person in &ws.people {
        assert!(
            !json.contains(&person.email),
            "{} is not the contact, yet their email is in the listing",
            person.name
        );
    }
    assert_eq!(plan.existing, None);
}

#[test]
fn the_contact_is_the_person_chosen_or_the_lead_councils_signatory() {
    let dir = tempfile::tempdir().unwrap();
    let file = fixture_file(&dir, |ws| {
        let signatory = ws
            .people
            .iter()
            .find(|p| p.active && p.organisation == Some(ws.organisations[0].id))
            .unwrap()
            .id;
        ws.organisations[0].signatory = Some(signatory);
    });
    let parts = listing::PublicParts::read(&file).unwrap();
    let lead = &parts.organisations[0];
    let signatory = parts
        .people
        .iter()
        .find(|p| Some(p.id) == lead.signatory)
        .unwrap();
    let contact = accord_pipeline::draft(&parts, None, true)
        .unwrap()
        .contact
        .unwrap();
    assert_eq!(
        (contact.name.as_str(), contact.email.as_str()),
        (signatory.name.as_str(), signatory.email.as_str())
    );

    // Unless the publisher chooses to publish it, the address is not even sent.
    let unpublished = accord_pipeline::draft(&parts, None, false).unwrap();
    assert_eq!(unpublished.contact.as_ref().unwrap().name, signatory.name);
    assert!(
        !accord_pipeline::preview(&unpublished).contains(&signatory.email),
        "the email address is in the listing though the publisher did not choose to publish it"
    );

    let other = parts.people.iter().find(|p| p.id != signatory.id).unwrap();
    assert_eq!(
        accord_pipeline::draft(&parts, Some(other.id), true)
            .unwrap()
            .contact
            .unwrap()
            .email,
        other.email
    );

    let mut no_email = parts.clone();
    no_email.people.iter_mut().for_each(|p| p.email.clear());
    let error = accord_pipeline::draft(&no_email, Some(other.id), true).unwrap_err();
    assert!(
        matches!(error, PipelineError::Invalid { ref field, .. } if field == "contact"),
        "{error}"
    );
    assert!(
        error.to_string().contains("has no email address"),
        "{error}"
    );
}
