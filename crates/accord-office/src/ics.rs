//! Review and handover dates as an iCalendar file (RFC 5545) that Outlook, Google Calendar
//! and Apple Calendar import: one all-day event per date, each with a UID made from the
//! record's id, so importing a later export updates the events instead of adding copies.

use accord_documents::text::one_line;
use accord_domain::Workspace;
use chrono::{DateTime, NaiveDate, Utc};
use icalendar::{Calendar, Component, Event, EventLike};

/// The calendar's text. `now` is each event's time stamp (DTSTAMP) and `sequence` its
/// revision (SEQUENCE): give a larger one for a later export.
pub fn dates_ics(ws: &Workspace, now: DateTime<Utc>, sequence: u32) -> String {
    let title = one_line(&ws.project.title);
    let mut cal = Calendar::new();
    cal.name(&format!("{title}: review and handover dates"));
    let mut event = |uid: String, date: NaiveDate, summary: String, description: String| {
        cal.push(
            Event::new()
                .uid(&uid)
                .timestamp(now)
                .sequence(sequence)
                .all_day(date)
                .summary(&summary)
                .description(&description)
                .done(),
        );
    };
    let project = ws.project.id;
    if let Some(date) = ws.project.review_date {
        event(
            format!("project-{project}-review@accord"),
            date,
            format!("Project review: {title}"),
            format!("The date set in Accord to review the project \"{title}\"."),
        );
    }
    if let Some(date) = ws.agreement.review_date {
        event(
            format!("agreement-{project}-review@accord"),
            date,
            format!("Agreement review: {title}"),
            format!(
                "The date set in Accord to review version {} of the collaboration agreement for \"{title}\".",
                ws.agreement.version
            ),
        );
    }
    let mut decisions: Vec<_> = ws.decisions.iter().collect();
    decisions.sort_by_key(|d| d.number);
    for d in decisions {
        if let Some(date) = d.review_date {
            let name = one_line(&d.title);
            event(
                format!("decision-{}-review@accord", d.id),
                date,
                format!("Review decision {}: {name}", d.number),
                format!(
                    "Decision {} (\"{name}\", {}) in \"{title}\" is due for review.",
                    d.number,
                    d.status.label().to_lowercase()
                ),
            );
        }
    }
    let names = ws.party_names();
    for h in &ws.succession {
        if let Some(date) = h.handover_date {
            let role = one_line(&h.role);
            let holder = names.get(&h.holder).copied().unwrap_or("the holder");
            let to = h
                .successor
                .and_then(|s| names.get(&s).copied())
                .map(|s| format!(" to {}", one_line(s)))
                .unwrap_or_default();
            event(
                format!("handover-{}@accord", h.id),
                date,
                format!("Handover: {role}"),
                format!(
                    "{} hands over the role \"{role}\"{to} in \"{title}\".",
                    one_line(holder)
                ),
            );
        }
    }
    cal.done().to_string()
}
