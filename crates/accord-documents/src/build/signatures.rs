//! Who signs: each lead or partner organisation's signatory (observers do not sign),
//! or, for a handover, the holder and the successor of each note.

use accord_domain::{PartyRole, Person, Workspace};

use super::Names;

use crate::model::SignatureBlock;
use crate::text::one_line;

pub(crate) fn parties(ws: &Workspace) -> Vec<SignatureBlock> {
    ws.organisations
        .iter()
        .filter(|o| o.role != PartyRole::Observer)
        .map(|o| {
            let person = o
                .signatory
                .and_then(|id| ws.people.iter().find(|p| p.id == id));
            let organisation = one_line(&o.name);
            SignatureBlock {
                capacity: format!("For {organisation}"),
                name: person.map(|p| one_line(&p.name)),
                job_title: person.map(|p| one_line(&p.job_title)).unwrap_or_default(),
                organisation: Some(organisation),
            }
        })
        .collect()
}

pub(crate) fn handover(ws: &Workspace, names: &Names) -> Vec<SignatureBlock> {
    let block = |capacity: String, person: Option<&Person>| SignatureBlock {
        capacity,
        name: person.map(|p| one_line(&p.name)),
        job_title: person.map(|p| one_line(&p.job_title)).unwrap_or_default(),
        organisation: person.and_then(|p| names.organisation_of(&p.id)),
    };
    let find = |id| ws.people.iter().find(|p| p.id == id);
    ws.succession
        .iter()
        .flat_map(|h| {
            let role = one_line(&h.role);
            [
                block(format!("Handed over by ({role})"), find(h.holder)),
                block(format!("Received by ({role})"), h.successor.and_then(find)),
            ]
        })
        .collect()
}
