//! Builds a [`Document`] from a workspace: one module per document, sharing the name
//! lookups here.

mod agreement;
mod decisions;
mod handover;
mod raci;
mod signatures;

use std::collections::HashMap;

use accord_domain::{DocumentKind, Id, Workspace};

use crate::model::{Body, Document, GovernancePack, PartyLine, ProjectSummary};
use crate::text::{one_line, shown};

/// Everything `kind` shows for `ws`.
pub fn build(ws: &Workspace, kind: DocumentKind) -> Document {
    let names = Names::new(ws);
    let body = match kind {
        DocumentKind::Agreement => Body::Agreement(agreement::build(ws)),
        DocumentKind::Raci => Body::Raci(raci::build(ws, &names)),
        DocumentKind::Decisions => Body::Decisions(decisions::build(ws, &names)),
        DocumentKind::Handover => Body::Handover(handover::build(ws, &names)),
        DocumentKind::Pack => Body::Pack(GovernancePack {
            agreement: agreement::build(ws),
            raci: raci::build(ws, &names),
            decisions: decisions::build(ws, &names),
            handover: handover::build(ws, &names),
        }),
    };
    let signatures = match kind {
        DocumentKind::Handover => signatures::handover(ws, &names),
        _ => signatures::parties(ws),
    };
    Document {
        kind,
        project: ProjectSummary {
            title: one_line(&ws.project.title),
            problem: shown(&ws.project.problem),
            outcomes: shown(&ws.project.outcomes),
            phase: ws.project.phase,
            status: ws.project.status,
        },
        parties: ws
            .organisations
            .iter()
            .map(|o| PartyLine {
                name: one_line(&o.name),
                kind: o.kind,
                role: o.role,
                gss_code: o
                    .gss_code
                    .as_deref()
                    .map(one_line)
                    .filter(|c| !c.is_empty()),
            })
            .collect(),
        body,
        signatures,
        language: ws.project.language,
    }
}

/// Names of people and organisations by id, as documents show them.
pub(crate) struct Names {
    people: HashMap<Id, String>,
    organisations: HashMap<Id, String>,
    person_organisation: HashMap<Id, Id>,
}

impl Names {
    fn new(ws: &Workspace) -> Names {
        Names {
            people: ws
                .people
                .iter()
                .map(|p| (p.id, one_line(&p.name)))
                .collect(),
            organisations: ws
                .organisations
                .iter()
                .map(|o| (o.id, one_line(&o.name)))
                .collect(),
            person_organisation: ws
                .people
                .iter()
                .filter_map(|p| Some((p.id, p.organisation?)))
                .collect(),
        }
    }

    /// A person's name; a dangling id shows as such rather than vanishing.
    pub(crate) fn person(&self, id: &Id) -> String {
        self.people
            .get(id)
            .cloned()
            .unwrap_or_else(|| format!("unknown person ({id})"))
    }

    /// A person's or an organisation's name.
    pub(crate) fn party(&self, id: &Id) -> String {
        self.people
            .get(id)
            .or_else(|| self.organisations.get(id))
            .cloned()
            .unwrap_or_else(|| format!("unknown party ({id})"))
    }

    pub(crate) fn is_person(&self, id: &Id) -> bool {
        self.people.contains_key(id)
    }

    /// The name of a person's organisation.
    pub(crate) fn organisation_of(&self, person: &Id) -> Option<String> {
        self.person_organisation
            .get(person)
            .and_then(|o| self.organisations.get(o))
            .cloned()
    }

    pub(crate) fn people(&self, ids: &[Id]) -> Vec<String> {
        ids.iter().map(|id| self.person(id)).collect()
    }
}
