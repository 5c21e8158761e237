//! The collaboration agreement on paper: its standing, then every section in order with
//! whether it is agreed.

use accord_documents::AgreementText;

use super::{body_or_quiet, maybe_date, words};
use crate::flow::{Flow, LEADING, SMALL, Set};
use crate::font::Style;

pub(super) fn lay_out(flow: &mut Flow, a: &AgreementText) {
    flow.field("Agreement version", &a.version.to_string());
    flow.field("Status", &words(a.status.as_str()));
    flow.field(
        "Standing",
        if a.binding {
            "Legally binding."
        } else {
            "Not legally binding: the parties make it in good faith."
        },
    );
    flow.field("Effective from", &maybe_date(a.effective_date));
    flow.field("Review by", &maybe_date(a.review_date));
    let agreed = a
        .sections
        .iter()
        .filter(|s| s.status == accord_domain::SectionStatus::Agreed)
        .count();
    flow.field(
        "Sections agreed",
        &format!("{agreed} of {}", a.sections.len()),
    );
    if a.sections.is_empty() {
        flow.space(6.0);
        flow.paragraph("The agreement has no sections.", Set::QUIET);
    }
    for (i, s) in a.sections.iter().enumerate() {
        flow.heading(&format!("{}. {}", i + 1, s.title), 2);
        let status = match s.status {
            accord_domain::SectionStatus::Agreed => "Agreed",
            accord_domain::SectionStatus::Draft => "Draft: not yet agreed",
        };
        flow.place(
            vec![status.to_string()],
            Set {
                size: SMALL,
                style: Style::Bold,
                grey: 0.35,
                indent: 0.0,
            },
            crate::page::LEFT,
        );
        flow.space(SMALL * (LEADING - 1.0));
        body_or_quiet(flow, &s.body, "Not yet written.", 0.0);
    }
}
