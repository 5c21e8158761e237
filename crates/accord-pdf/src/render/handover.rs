//! The handover pack on paper: each note with the holder's R and A roles, then the open
//! decisions and the key people.

use accord_documents::HandoverPack;

use super::{decisions, maybe_date, words};
use crate::flow::{Flow, Set};

pub(super) fn lay_out(flow: &mut Flow, pack: &HandoverPack) {
    if pack.notes.is_empty() {
        flow.paragraph("No handover notes have been written yet.", Set::QUIET);
    }
    for note in &pack.notes {
        flow.heading(&format!("Handover: {}", note.role), 2);
        flow.field("Handed over by", &note.holder);
        flow.field(
            "To",
            note.successor
                .as_deref()
                .unwrap_or("No successor named yet"),
        );
        flow.field("Handover date", &maybe_date(note.handover_date));
        flow.field("Status", &words(note.status.as_str()));
        flow.field("Acknowledged on", &maybe_date(note.acknowledged_on));
        for (heading, text) in &note.parts {
            flow.field(
                heading,
                if text.is_empty() {
                    "Not yet written."
                } else {
                    text
                },
            );
        }
        let roles: Vec<String> = note
            .holder_raci
            .iter()
            .map(|(activity, roles)| format!("{activity} ({roles})"))
            .collect();
        flow.list(
            "Responsible or Accountable for",
            &roles,
            false,
            "Nothing in the RACI matrix.",
        );
        flow.rule();
    }

    flow.heading("Decisions still open", 2);
    if pack.open_decisions.is_empty() {
        flow.paragraph("No decisions are waiting to be made.", Set::QUIET);
    }
    for d in &pack.open_decisions {
        decisions::entry(flow, d);
    }

    flow.heading("Key people", 2);
    if pack.key_people.is_empty() {
        flow.paragraph(
            "No signatories, Accountable people or handover contacts are named yet.",
            Set::QUIET,
        );
    }
    for p in &pack.key_people {
        let mut lines = Vec::new();
        let mut role = p.job_title.clone();
        if let Some(org) = &p.organisation {
            role = if role.is_empty() {
                org.clone()
            } else {
                format!("{role}, {org}")
            };
        }
        if !role.is_empty() {
            lines.push(role);
        }
        let contact: Vec<&str> = [p.email.as_str(), p.phone.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect();
        if !contact.is_empty() {
            lines.push(contact.join(" · "));
        }
        if !p.active {
            lines.push("No longer active on the project.".into());
        }
        lines.push(p.why.join("; "));
        flow.field(&p.name, &lines.join("\n"));
        flow.space(4.0);
    }
}
