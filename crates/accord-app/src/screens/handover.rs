//! The handover screen: one note per role, written part by part.

use accord_domain::handover::{HANDOVER_PARTS, HandoverPatch};
use accord_domain::{HandoverNote, Id};

use super::{date, id, unknown_field, word};
use crate::{AppError, AppResult, HandoverListView, HandoverPart, HandoverView, Session};

impl Session {
    pub fn handover_notes(&self) -> AppResult<HandoverListView> {
        let file = self.file()?;
        let people = file.people()?;
        let name = |i: Id| {
            people
                .iter()
                .find(|p| p.id == i)
                .map_or_else(|| i.to_string(), |p| p.name.clone())
        };
        let notes = file
            .handover_notes()?
            .into_iter()
            .map(|n: HandoverNote| HandoverView {
                holder_name: name(n.holder),
                successor_name: n.successor.map(name),
                missing_parts: n.missing_parts(),
                note: n,
            })
            .collect();
        let parts = HANDOVER_PARTS
            .iter()
            .map(|(field, heading, prompt)| HandoverPart {
                field,
                heading,
                prompt,
            })
            .collect();
        Ok(HandoverListView {
            notes,
            parts,
            people,
        })
    }

    pub fn start_handover(&mut self, role: &str, holder: &str) -> AppResult<HandoverNote> {
        let holder = id("holder", holder)?;
        let (file, stamp) = self.file_and_stamp()?;
        file.start_handover(role, holder, HandoverPatch::default(), &stamp)
            .map_err(|e| {
                let field = if e.code() == "empty" {
                    "role"
                } else {
                    "holder"
                };
                AppError::from(e).on_field(field)
            })
    }

    /// Saves one part of a note (or its successor, dates or status) as it is edited.
    pub fn set_handover_field(
        &mut self,
        note: &str,
        field: &str,
        value: &str,
    ) -> AppResult<HandoverNote> {
        let text = || Some(value.to_string());
        let patch = match field {
            "role" => HandoverPatch {
                role: text(),
                ..Default::default()
            },
            "responsibilities" => HandoverPatch {
                responsibilities: text(),
                ..Default::default()
            },
            "key_contacts" => HandoverPatch {
                key_contacts: text(),
                ..Default::default()
            },
            "in_flight_work" => HandoverPatch {
                in_flight_work: text(),
                ..Default::default()
            },
            "where_things_are" => HandoverPatch {
                where_things_are: text(),
                ..Default::default()
            },
            "tacit_knowledge" => HandoverPatch {
                tacit_knowledge: text(),
                ..Default::default()
            },
            "risks" => HandoverPatch {
                risks: text(),
                ..Default::default()
            },
            "first_two_weeks" => HandoverPatch {
                first_two_weeks: text(),
                ..Default::default()
            },
            "successor" => HandoverPatch {
                successor: Some(if value.is_empty() {
                    None
                } else {
                    Some(id(field, value)?)
                }),
                ..Default::default()
            },
            "handover_date" => HandoverPatch {
                handover_date: Some(date(field, value)?),
                ..Default::default()
            },
            "acknowledged_on" => HandoverPatch {
                acknowledged_on: Some(date(field, value)?),
                ..Default::default()
            },
            "status" => HandoverPatch {
                status: Some(word(field, value)?),
                ..Default::default()
            },
            _ => return Err(unknown_field(field)),
        };
        let target = id("note", note)?;
        let (file, stamp) = self.file_and_stamp()?;
        file.update_handover(target, patch, &stamp)
            .map_err(|e| AppError::from(e).on_field(field))
    }
}
