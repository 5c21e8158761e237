//! What a workspace's listing holds: its public fields, and nothing else.
//!
//! *Invariant:* the draft is built from [`PublicParts`] alone: the project's fields, its
//! organisations (name, kind, ONS code, role) and one contact (name, job title, and email
//! only when the publisher chose to publish it).
//! The agreement, RACI, decisions, handover notes, sign-offs and history are never even
//! read from the file, and of the people only the contact's name, email and job title are
//! used. The tests plant words in each private record and look for them on the server.

use accord_domain::{Id, Organisation, PartyRole, Person, Project};
use accord_store::WorkspaceFile;
use pipeline_protocol::{Contact, ListedOrganisation, ListingDraft};

use crate::error::{PipelineError, Result};

/// The only records a listing is built from.
#[derive(Debug, Clone)]
pub struct PublicParts {
    pub project: Project,
    pub organisations: Vec<Organisation>,
    /// Read only to find the contact.
    pub people: Vec<Person>,
}

impl PublicParts {
    pub fn read(file: &WorkspaceFile) -> Result<PublicParts> {
        Ok(PublicParts {
            project: file.project()?,
            organisations: file.organisations()?,
            people: file.people()?,
        })
    }
}

/// The person named as the listing's contact: `chosen` if given, otherwise the lead
/// organisation's signatory when they are still active and have an email address.
pub fn contact_person(ws: &PublicParts, chosen: Option<Id>) -> Result<Option<&Person>> {
    if let Some(id) = chosen {
        let person =
            ws.people
                .iter()
                .find(|p| p.id == id)
                .ok_or_else(|| PipelineError::Invalid {
                    field: "contact".into(),
                    message: "The contact chosen is not one of this workspace's people.".into(),
                })?;
        if person.email.trim().is_empty() {
            return Err(PipelineError::Invalid {
                field: "contact".into(),
                message: format!(
                    "{} has no email address, so others could not reach them. Add one, or choose another contact.",
                    person.name
                ),
            });
        }
        return Ok(Some(person));
    }
    Ok(ws
        .organisations
        .iter()
        .filter(|o| o.role == PartyRole::Lead)
        .filter_map(|o| o.signatory)
        .filter_map(|id| ws.people.iter().find(|p| p.id == id))
        .find(|p| p.active && !p.email.trim().is_empty()))
}

/// The listing that publishing this workspace would send. The contact's email address is
/// sent only when `publish_email` is set; otherwise the draft carries no address at all.
pub fn draft(ws: &PublicParts, contact: Option<Id>, publish_email: bool) -> Result<ListingDraft> {
    let p = &ws.project;
    let contact = contact_person(ws, contact)?.map(|person| Contact {
        name: person.name.clone(),
        email: person.email.clone(),
        publish_email,
        job_title: person.job_title.clone(),
        department: String::new(),
    });
    let draft = ListingDraft {
        title: p.title.clone(),
        problem: p.problem.clone(),
        outcomes: p.outcomes.clone(),
        tags: p.tags.clone(),
        phase: p.phase,
        status: p.status,
        organisations: ws
            .organisations
            .iter()
            .map(|o| ListedOrganisation {
                name: o.name.clone(),
                kind: o.kind,
                gss_code: o.gss_code.clone(),
                role: o.role,
            })
            .collect(),
        contact,
        collaboration_level: p.collaboration_level,
        budget_band: p.budget_band,
        looking_for_partners: p.looking_for_partners,
        start_date: p.start_date,
        review_date: p.review_date,
        workspace_id: Some(p.id),
    };
    draft.normalised().map_err(|e| PipelineError::Invalid {
        field: e.field.to_string(),
        message: e.message,
    })
}

/// The draft exactly as it would go over the wire, as pretty JSON, for the user to read first.
pub fn preview(draft: &ListingDraft) -> String {
    serde_json::to_string_pretty(draft).expect("a listing draft serialises")
}
