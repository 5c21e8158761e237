//! Lays a document model out on pages: one module per document, sharing the opening
//! block (project and parties) and the wording of dates and statuses.

mod agreement;
mod decisions;
mod handover;
mod pack;
mod raci;
mod signatures;

use accord_documents::{Body, Document};
use chrono::NaiveDate;

use crate::flow::{Flow, Set};
use crate::page::Page;

/// A document laid out on pages, with the characters the font could not print.
pub(crate) struct Laid {
    pub(crate) pages: Vec<Page>,
    pub(crate) missing: std::collections::BTreeMap<char, usize>,
    /// What each line is, and the headings to bookmark.
    pub(crate) tree: crate::structure::Tree,
    pub(crate) bookmarks: Vec<crate::structure::Bookmark>,
}

/// Lays out `doc`. `fingerprint` is quoted on the signature page.
pub(crate) fn lay_out(
    doc: &Document,
    fingerprint: &str,
    date: NaiveDate,
    workspace_version: &str,
) -> Laid {
    let mut flow = Flow::new();
    match &doc.body {
        // The pack places its own signature page, to list it in its contents.
        Body::Pack(p) => pack::lay_out(&mut flow, doc, p, date, workspace_version, fingerprint),
        Body::Agreement(a) => {
            opening(&mut flow, doc);
            agreement::lay_out(&mut flow, a);
        }
        Body::Raci(r) => {
            opening(&mut flow, doc);
            raci::lay_out(&mut flow, r);
        }
        Body::Decisions(d) => {
            opening(&mut flow, doc);
            decisions::lay_out(&mut flow, d);
        }
        Body::Handover(h) => {
            opening(&mut flow, doc);
            handover::lay_out(&mut flow, h);
        }
    }
    if !matches!(doc.body, Body::Pack(_)) && !doc.signatures.is_empty() {
        signatures::lay_out(&mut flow, &doc.signatures, fingerprint);
    }
    Laid {
        pages: flow.pages,
        missing: flow.missing,
        tree: flow.tree,
        bookmarks: flow.bookmarks,
    }
}

/// The document's title and what it is about: the project and the parties.
fn opening(flow: &mut Flow, doc: &Document) {
    flow.heading(doc.name(), 1);
    about(flow, doc);
    flow.rule();
}

/// The project's fields and the list of parties.
fn about(flow: &mut Flow, doc: &Document) {
    let p = &doc.project;
    flow.field("Project", &p.title);
    flow.field("Problem", &p.problem);
    flow.field("Outcomes", &p.outcomes);
    flow.field("Phase and status", &format!("{}, {}", p.phase, p.status));
    let parties: Vec<String> = doc
        .parties
        .iter()
        .map(|o| {
            let code = o
                .gss_code
                .as_deref()
                .map(|c| format!(", {c}"))
                .unwrap_or_default();
            format!(
                "{} ({}, {}{})",
                o.name,
                o.role,
                words(o.kind.as_str()),
                code
            )
        })
        .collect();
    flow.list(
        "Parties",
        &parties,
        false,
        "No organisations have been added yet.",
    );
}

/// A date as people write it: 26 November 2026.
pub(crate) fn long_date(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

pub(crate) fn maybe_date(d: Option<NaiveDate>) -> String {
    d.map(long_date).unwrap_or_default()
}

/// A stored word as prose: `in_review` → `in review`.
pub(crate) fn words(s: &str) -> String {
    s.replace('_', " ")
}

/// Text, or a quiet "not yet written" when there is none.
pub(crate) fn body_or_quiet(flow: &mut Flow, text: &str, quiet: &str, indent: f32) {
    if text.is_empty() {
        flow.paragraph(
            quiet,
            Set {
                indent,
                ..Set::QUIET
            },
        );
    } else {
        flow.paragraph(
            text,
            Set {
                indent,
                ..Set::BODY
            },
        );
    }
}
