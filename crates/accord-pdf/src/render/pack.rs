//! The governance pack: a title page, a contents list with page numbers, then the
//! agreement, the RACI matrix, the decisions log and the handover pack, each from a new
//! page, then the signatures. The project's title is the first heading; the contents
//! list is tagged as a table of contents.

use accord_documents::{Document, GovernancePack};
use chrono::NaiveDate;

use super::{about, agreement, decisions, handover, long_date, raci, signatures};
use crate::flow::{BODY, Flow, LEADING, Set};
use crate::font::Style;
use crate::page::{LEFT, Node, RIGHT};
use crate::structure::Role;

pub(super) fn lay_out(
    flow: &mut Flow,
    doc: &Document,
    p: &GovernancePack,
    date: NaiveDate,
    version: &str,
    fingerprint: &str,
) {
    flow.space(40.0);
    let kicker = Set {
        size: 14.0,
        style: Style::Bold,
        grey: 0.35,
        indent: 0.0,
    };
    let lines = flow.lines(doc.name(), kicker, crate::page::CONTENT_WIDTH);
    flow.place(lines, kicker, LEFT);
    flow.space(6.0);
    let title = Set {
        size: 24.0,
        style: Style::Bold,
        grey: 0.0,
        indent: 0.0,
    };
    let lines = flow.lines(&doc.project.title, title, crate::page::CONTENT_WIDTH);
    flow.within(Role::H(1), |flow| flow.place(lines, title, LEFT));
    flow.space(10.0);
    flow.paragraph(
        &format!(
            "Exported on {} from workspace version {version}.",
            long_date(date)
        ),
        Set::QUIET,
    );
    flow.space(16.0);
    about(flow, doc);

    flow.new_page();
    let contents_page = flow.page_index();
    flow.heading("Contents", 1);
    let contents_top = flow.y;
    let toc = flow.add(Role::Toc);

    let mut parts: Vec<(String, usize)> = Vec::new();
    let mut part = |flow: &mut Flow, title: &str| {
        flow.new_page();
        parts.push((title.to_string(), flow.page_index()));
        flow.heading(title, 1);
    };
    part(flow, "1. Collaboration agreement");
    agreement::lay_out(flow, &p.agreement);
    part(flow, "2. RACI matrix");
    raci::lay_out(flow, &p.raci);
    part(flow, "3. Decisions log");
    decisions::lay_out(flow, &p.decisions);
    part(flow, "4. Handover pack");
    handover::lay_out(flow, &p.handover);
    if !doc.signatures.is_empty() {
        flow.new_page();
        parts.push(("Signatures".to_string(), flow.page_index()));
        signatures::lay_out(flow, &doc.signatures, fingerprint);
    }

    let step = BODY * LEADING * 1.6;
    let fonts = flow.fonts;
    let page = &mut flow.pages[contents_page];
    let resume = page.node;
    let face = fonts.face(Style::Regular);
    let dot = face.width(".", 11.0);
    for (i, (title, index)) in parts.iter().enumerate() {
        let baseline = contents_top - BODY - i as f32 * step;
        let number = (index + 1).to_string();
        let number_x = RIGHT - face.width(&number, 11.0);
        // Dot leaders join each title to its page number, for the eye and for text
        // extraction (which would otherwise read the numbers as a separate column).
        let title_end = LEFT + face.width(title, 11.0) + face.width(" ", 11.0);
        let dots = ((number_x - 4.0 - title_end) / dot).max(0.0) as usize;
        page.node = Node::Elem(flow.tree.add(toc, Role::TocItem));
        page.text(
            LEFT,
            baseline,
            11.0,
            Style::Regular,
            0.0,
            format!("{title} {}", ".".repeat(dots)),
        );
        page.text(number_x, baseline, 11.0, Style::Regular, 0.0, number);
    }
    page.node = resume;
}
