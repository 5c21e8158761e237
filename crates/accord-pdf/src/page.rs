//! A laid-out page before it becomes PDF: what is drawn where, in points from the
//! bottom-left corner of an A4 page, plus the page's geometry, and what each line of
//! text is in the document's structure (the tagging) or that it is page furniture.

use crate::font::Style;

/// A4 in points.
pub(crate) const PAGE_WIDTH: f32 = 595.28;
pub(crate) const PAGE_HEIGHT: f32 = 841.89;
/// 20 mm side margins.
pub(crate) const LEFT: f32 = 56.7;
pub(crate) const RIGHT: f32 = PAGE_WIDTH - 56.7;
pub(crate) const CONTENT_WIDTH: f32 = RIGHT - LEFT;
/// The first baseline under the page header, and the lowest one above the footer.
pub(crate) const TOP: f32 = PAGE_HEIGHT - 72.0;
pub(crate) const BOTTOM: f32 = 78.0;

/// What a line of text is, for the PDF's structure tree. Lines and fills are always
/// artifacts (decoration).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Node {
    /// Content of this structure element (an index into the flow's `Tree`).
    Elem(usize),
    /// Page furniture: the running header, "Page N of M", the fingerprint line.
    Pagination,
    /// Drawn for the eye only, such as a table's header repeated on a later page.
    #[default]
    Layout,
}

/// One thing drawn on a page. `grey` is 0 for black up to 1 for white.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Mark {
    /// One line of text, its baseline starting at `(x, y)`.
    Text {
        x: f32,
        y: f32,
        size: f32,
        style: Style,
        grey: f32,
        text: String,
        node: Node,
    },
    /// A straight line.
    Rule {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
        grey: f32,
    },
    /// A filled rectangle, `(x, y)` its bottom-left corner.
    Fill {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        grey: f32,
    },
}

/// A laid-out page.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Page {
    pub(crate) marks: Vec<Mark>,
    /// What text placed next on this page is (see [`Node`]).
    pub(crate) node: Node,
}

impl Page {
    pub(crate) fn text(
        &mut self,
        x: f32,
        y: f32,
        size: f32,
        style: Style,
        grey: f32,
        text: impl Into<String>,
    ) {
        let text = text.into();
        if !text.is_empty() {
            self.marks.push(Mark::Text {
                x,
                y,
                size,
                style,
                grey,
                text,
                node: self.node,
            });
        }
    }

    pub(crate) fn rule(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, width: f32, grey: f32) {
        self.marks.push(Mark::Rule {
            x1,
            y1,
            x2,
            y2,
            width,
            grey,
        });
    }

    pub(crate) fn fill(&mut self, x: f32, y: f32, w: f32, h: f32, grey: f32) {
        self.marks.push(Mark::Fill { x, y, w, h, grey });
    }
}
