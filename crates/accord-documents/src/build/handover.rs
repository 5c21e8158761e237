//! The handover pack for a successor: the handover notes, the RACI rows each holder is
//! R or A for, the decisions still open, and the key people.

use std::collections::BTreeMap;

use accord_domain::handover::HANDOVER_PARTS;
use accord_domain::{Id, RaciRole, Workspace};

use super::decisions::{self, Links};
use super::{Names, raci};
use crate::model::{HandoverNoteText, HandoverPack, KeyPerson};
use crate::text::{one_line, shown};

pub(crate) fn build(ws: &Workspace, names: &Names) -> HandoverPack {
    let notes = ws
        .succession
        .iter()
        .map(|h| HandoverNoteText {
            role: one_line(&h.role),
            holder: names.person(&h.holder),
            successor: h.successor.as_ref().map(|s| names.person(s)),
            handover_date: h.handover_date,
            status: h.status,
            parts: HANDOVER_PARTS
                .iter()
                .zip(h.parts())
                .map(|((_, heading, _), text)| (heading.to_string(), shown(text)))
                .collect(),
            acknowledged_on: h.acknowledged_on,
            holder_raci: raci::held_by(ws, h.holder),
        })
        .collect();

    let links = Links::new(ws);
    let mut open: Vec<_> = ws.decisions.iter().filter(|d| d.is_open()).collect();
    open.sort_by_key(|d| d.number);
    let open_decisions = open
        .into_iter()
        .map(|d| decisions::entry(d, &links, names))
        .collect();

    HandoverPack {
        notes,
        open_decisions,
        key_people: key_people(ws, names),
    }
}

/// Each organisation's signatory, everyone Accountable for an activity, and the holders
/// and successors named in handover notes; in workspace order of people.
fn key_people(ws: &Workspace, names: &Names) -> Vec<KeyPerson> {
    let mut why: BTreeMap<Id, Vec<String>> = BTreeMap::new();
    for o in &ws.organisations {
        if let Some(s) = o.signatory {
            why.entry(s)
                .or_default()
                .push(format!("Signatory for {}", one_line(&o.name)));
        }
    }
    for activity in &ws.raci.activities {
        for a in ws
            .raci
            .assignments
            .iter()
            .filter(|a| a.activity == activity.id && a.role == RaciRole::A)
        {
            if names.is_person(&a.party) {
                why.entry(a.party)
                    .or_default()
                    .push(format!("Accountable for {}", one_line(&activity.name)));
            }
        }
    }
    for h in &ws.succession {
        why.entry(h.holder)
            .or_default()
            .push(format!("Hands over {}", one_line(&h.role)));
        if let Some(s) = h.successor {
            why.entry(s)
                .or_default()
                .push(format!("Takes over {}", one_line(&h.role)));
        }
    }
    ws.people
        .iter()
        .filter_map(|p| {
            let why = why.remove(&p.id)?;
            Some(KeyPerson {
                name: one_line(&p.name),
                job_title: one_line(&p.job_title),
                organisation: names.organisation_of(&p.id),
                email: one_line(&p.email),
                phone: one_line(&p.phone),
                active: p.active,
                why,
            })
        })
        .collect()
}
