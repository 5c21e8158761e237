//! The signature page: one block per signatory, each with lines to sign and date, each
//! block a section of its own in the structure.

use accord_documents::SignatureBlock;

use crate::flow::{BODY, Flow, LEADING, Set};
use crate::font::Style;
use crate::page::LEFT;
use crate::structure::Role;

pub(super) fn lay_out(flow: &mut Flow, blocks: &[SignatureBlock], fingerprint: &str) {
    flow.new_page();
    flow.heading("Signatures", 1);
    flow.paragraph(
        &format!(
            "By signing, each signatory confirms the content of this document. Its content fingerprint (SHA-256) is {fingerprint}. Accord can check a signed copy against the workspace at any time and say what has changed since."
        ),
        Set::BODY,
    );
    flow.space(8.0);
    const LABEL: f32 = 90.0;
    const LINE_END: f32 = LEFT + 330.0;
    for block in blocks {
        flow.keep(7.0 * BODY * LEADING + 30.0);
        flow.open(Role::Sect);
        let capacity = flow_lines(flow, &block.capacity);
        flow.place(
            capacity,
            Set {
                size: 11.0,
                style: Style::Bold,
                grey: 0.0,
                indent: 0.0,
            },
            LEFT,
        );
        flow.space(4.0);
        let filled = [
            ("Name", block.name.clone().unwrap_or_default()),
            ("Role", block.job_title.clone()),
            (
                "Organisation",
                block.organisation.clone().unwrap_or_default(),
            ),
        ];
        for (label, value) in filled {
            if value.is_empty() {
                write_on(flow, label, LABEL, LINE_END);
            } else {
                flow.field(label, &value);
            }
        }
        flow.space(10.0);
        write_on(flow, "Signature", LABEL, LINE_END);
        flow.space(4.0);
        write_on(flow, "Date", LABEL, LEFT + 220.0);
        flow.close();
        flow.space(14.0);
    }
}

fn flow_lines(flow: &mut Flow, text: &str) -> Vec<String> {
    flow.lines(
        text,
        Set {
            size: 11.0,
            style: Style::Bold,
            grey: 0.0,
            indent: 0.0,
        },
        crate::page::CONTENT_WIDTH,
    )
}

/// A label with a line to write on.
fn write_on(flow: &mut Flow, label: &str, label_width: f32, end: f32) {
    let step = BODY * LEADING + 6.0;
    flow.keep(step);
    let baseline = flow.y - BODY - 6.0;
    flow.within(Role::P, |flow| {
        flow.page()
            .text(LEFT, baseline, BODY, Style::Bold, 0.2, label)
    });
    flow.page().rule(
        LEFT + label_width,
        baseline - 2.0,
        end,
        baseline - 2.0,
        0.6,
        0.0,
    );
    flow.y -= step;
}
