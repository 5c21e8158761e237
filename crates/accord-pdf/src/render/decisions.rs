//! The decisions log on paper: every decision in full, with what it supersedes and what
//! superseded it.

use accord_documents::{DecisionEntry, DecisionLog};

use super::{long_date, maybe_date};
use crate::flow::{Flow, Set};
use crate::font::Style;

pub(super) fn lay_out(flow: &mut Flow, log: &DecisionLog) {
    flow.field("Decisions", &log.decisions.len().to_string());
    if log.decisions.is_empty() {
        flow.space(6.0);
        flow.paragraph("No decisions have been recorded yet.", Set::QUIET);
    }
    for d in &log.decisions {
        entry(flow, d);
    }
}

/// One decision in full.
pub(super) fn entry(flow: &mut Flow, d: &DecisionEntry) {
    flow.heading(&format!("{}  {}", d.number, d.title), 2);
    flow.field("Status", d.status.as_str());
    flow.field("Date", &long_date(d.date));
    let link = Set {
        style: Style::Bold,
        grey: 0.15,
        ..Set::BODY
    };
    if let Some(old) = &d.supersedes {
        flow.paragraph(&format!("Supersedes {old}"), link);
    }
    if !d.superseded_by.is_empty() {
        flow.paragraph(
            &format!("Superseded by {}", d.superseded_by.join(", ")),
            link,
        );
    }
    if !d.replacement_proposed_in.is_empty() {
        flow.paragraph(
            &format!(
                "Replacement proposed in {}",
                d.replacement_proposed_in.join(", ")
            ),
            link,
        );
    }
    if d.review_date.is_some() {
        flow.field("Review by", &maybe_date(d.review_date));
    }
    flow.field("Context", &d.context);
    flow.list("Options", &d.options, true, "");
    flow.field("Decision", &d.decision);
    flow.field("Consequences", &d.consequences);
    flow.field("Deciders", &d.deciders.join(", "));
    flow.field("Consulted", &d.consulted.join(", "));
    flow.field("Informed", &d.informed.join(", "));
    if !d.tags.is_empty() {
        flow.field("Tags", &d.tags.join(", "));
    }
    flow.rule();
}
