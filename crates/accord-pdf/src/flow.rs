//! Running content down pages: paragraphs, headings and labelled fields placed line by
//! line, starting a new page when the next line would not fit; and, as it goes, the
//! document's structure (what each line is) and its bookmarks.

use std::collections::BTreeMap;

use crate::font::{Fonts, Style};
use crate::page::{BOTTOM, CONTENT_WIDTH, LEFT, Node, Page, TOP};
use crate::structure::{Bookmark, Role, Tree};
use crate::wrap::{wrap, wrap_hanging};

pub(crate) const BODY: f32 = 10.0;
pub(crate) const SMALL: f32 = 8.5;
/// Baseline-to-baseline distance as a multiple of the font size.
pub(crate) const LEADING: f32 = 1.3;
/// Text for "nothing here yet" and other quiet remarks.
pub(crate) const QUIET: f32 = 0.45;

/// The pages laid out so far and where the next line goes.
pub(crate) struct Flow {
    pub(crate) fonts: &'static Fonts,
    pub(crate) pages: Vec<Page>,
    /// The top of the next line (its baseline is one font size lower).
    pub(crate) y: f32,
    /// Characters the font could not print, with how often they occurred.
    pub(crate) missing: BTreeMap<char, usize>,
    /// The structure so far, and the elements open (innermost last; the document first).
    pub(crate) tree: Tree,
    open: Vec<usize>,
    /// What the text placed next is; copied onto each new page.
    node: Node,
    /// The level of the last heading in the structure (headings never skip a level
    /// there, whatever size they are drawn at).
    heading_level: u8,
    pub(crate) bookmarks: Vec<Bookmark>,
}

/// How a paragraph is set.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Set {
    pub(crate) size: f32,
    pub(crate) style: Style,
    pub(crate) grey: f32,
    pub(crate) indent: f32,
}

impl Set {
    pub(crate) const BODY: Set = Set {
        size: BODY,
        style: Style::Regular,
        grey: 0.0,
        indent: 0.0,
    };
    pub(crate) const QUIET: Set = Set {
        size: BODY,
        style: Style::Regular,
        grey: QUIET,
        indent: 0.0,
    };
}

impl Flow {
    pub(crate) fn new() -> Flow {
        Flow {
            fonts: Fonts::get(),
            pages: vec![Page {
                marks: Vec::new(),
                node: Node::Elem(0),
            }],
            y: TOP,
            missing: BTreeMap::new(),
            tree: Tree::new(),
            open: vec![0],
            node: Node::Elem(0),
            heading_level: 0,
            bookmarks: Vec::new(),
        }
    }

    /// Makes the text placed next `node`, on this page and those that follow.
    pub(crate) fn set_node(&mut self, node: Node) {
        self.node = node;
        self.page().node = node;
    }

    /// The node text goes to now.
    pub(crate) fn node(&self) -> Node {
        self.node
    }

    /// The innermost open element.
    pub(crate) fn current(&self) -> usize {
        *self.open.last().expect("the document is always open")
    }

    /// Adds an element of `role` inside the innermost open one, without opening it.
    pub(crate) fn add(&mut self, role: Role) -> usize {
        let parent = self.current();
        self.tree.add(parent, role)
    }

    /// Opens an element of `role` inside the innermost open one: text placed until
    /// [`Flow::close`] belongs to it.
    pub(crate) fn open(&mut self, role: Role) -> usize {
        let id = self.add(role);
        self.open.push(id);
        self.set_node(Node::Elem(id));
        id
    }

    /// Closes the innermost open element.
    pub(crate) fn close(&mut self) {
        if self.open.len() > 1 {
            self.open.pop();
        }
        self.set_node(Node::Elem(self.current()));
    }

    /// Runs `f` inside a new element of `role`.
    pub(crate) fn within<T>(&mut self, role: Role, f: impl FnOnce(&mut Flow) -> T) -> T {
        self.open(role);
        let out = f(self);
        self.close();
        out
    }

    /// Whether text placed now would land straight in a container (and needs a
    /// paragraph of its own).
    fn in_container(&self) -> bool {
        matches!(self.node, Node::Elem(e) if self.tree.elems[e].role.is_container())
    }

    pub(crate) fn page(&mut self) -> &mut Page {
        self.pages.last_mut().expect("a flow always has a page")
    }

    /// The index of the current page (0-based).
    pub(crate) fn page_index(&self) -> usize {
        self.pages.len() - 1
    }

    /// Starts a new page, unless the current one is still empty.
    pub(crate) fn new_page(&mut self) {
        if self.y < TOP || !self.page().marks.is_empty() {
            self.pages.push(Page {
                marks: Vec::new(),
                node: self.node,
            });
            self.y = TOP;
        }
    }

    /// Room left on this page, in points.
    pub(crate) fn room(&self) -> f32 {
        self.y - BOTTOM
    }

    /// Moves to a new page when less than `height` is left.
    pub(crate) fn keep(&mut self, height: f32) {
        if self.room() < height {
            self.new_page();
        }
    }

    pub(crate) fn space(&mut self, height: f32) {
        self.y -= height;
    }

    /// Lines of `text` as set, fitting `width`, with unprintable characters replaced.
    pub(crate) fn lines(&mut self, text: &str, set: Set, width: f32) -> Vec<String> {
        let printable = self.fonts.printable(text, set.style, &mut self.missing);
        wrap(self.fonts.face(set.style), &printable, set.size, width)
    }

    /// A paragraph across the full width (less its indent).
    pub(crate) fn paragraph(&mut self, text: &str, set: Set) {
        let lines = self.lines(text, set, CONTENT_WIDTH - set.indent);
        self.place(lines, set, LEFT + set.indent);
    }

    /// Places already-wrapped lines at `x`, breaking pages between lines: a paragraph
    /// unless an element for them is open.
    pub(crate) fn place(&mut self, lines: Vec<String>, set: Set, x: f32) {
        if self.in_container() {
            return self.within(Role::P, |flow| flow.place(lines, set, x));
        }
        let step = set.size * LEADING;
        for line in lines {
            self.keep(step);
            let baseline = self.y - set.size;
            self.page()
                .text(x, baseline, set.size, set.style, set.grey, line);
            self.y -= step;
        }
    }

    /// A heading: level 1 is a document part, 2 a section or record, 3 a field group.
    /// It is never left alone at the foot of a page.
    pub(crate) fn heading(&mut self, text: &str, level: u8) {
        let (size, before, after) = match level {
            1 => (17.0, 6.0, 8.0),
            2 => (12.5, 10.0, 4.0),
            _ => (10.5, 6.0, 2.0),
        };
        let set = Set {
            size,
            style: Style::Bold,
            grey: 0.0,
            indent: 0.0,
        };
        let lines = self.lines(text, set, CONTENT_WIDTH);
        let height = before + lines.len() as f32 * size * LEADING + after + 3.0 * BODY * LEADING;
        self.keep(height);
        if self.y < TOP {
            self.space(before);
        }
        // In the structure a heading is at most one level below the one before.
        let tagged = level.min(self.heading_level + 1).max(1);
        self.heading_level = tagged;
        if tagged <= 2 {
            self.bookmarks.push(Bookmark {
                title: accord_documents::text::one_line(text),
                level: tagged,
                page: self.page_index(),
                top: self.y + before.min(6.0),
            });
        }
        self.within(Role::H(tagged), |flow| flow.place(lines, set, LEFT));
        self.space(after);
    }

    /// `label:` in bold, then `value` on the same line, continuing across the full width,
    /// so that the label and its value read in order.
    pub(crate) fn field(&mut self, label: &str, value: &str) {
        if self.in_container() {
            return self.within(Role::P, |flow| flow.field(label, value));
        }
        let label = format!(
            "{}: ",
            self.fonts.printable(label, Style::Bold, &mut self.missing)
        );
        let bold = self.fonts.face(Style::Bold);
        let label_lines = wrap(bold, &label, BODY, CONTENT_WIDTH * 0.6);
        let (last_label, label_rows) = label_lines
            .split_last()
            .expect("wrap gives at least one line");
        let offset = bold.width(last_label, BODY) + bold.width(" ", BODY);
        let value = if value.is_empty() { "—" } else { value };
        let printable = self
            .fonts
            .printable(value, Style::Regular, &mut self.missing);
        // Lines after the first are indented a little, so a long value does not read
        // as the next field.
        const HANG: f32 = 12.0;
        let lines = wrap_hanging(
            self.fonts.face(Style::Regular),
            &printable,
            BODY,
            CONTENT_WIDTH - offset,
            CONTENT_WIDTH - HANG,
        );
        let step = BODY * LEADING;
        // A short field (up to five lines) is not split across pages.
        self.keep(step * (label_rows.len() + lines.len().min(5)) as f32);
        for row in label_rows {
            self.place(
                vec![row.clone()],
                Set {
                    size: BODY,
                    style: Style::Bold,
                    grey: 0.2,
                    indent: 0.0,
                },
                LEFT,
            );
        }
        for (i, line) in lines.into_iter().enumerate() {
            self.keep(step);
            let baseline = self.y - BODY;
            if i == 0 {
                self.page().text(
                    LEFT,
                    baseline,
                    BODY,
                    Style::Bold,
                    0.2,
                    last_label.trim_end().to_string(),
                );
                self.page()
                    .text(LEFT + offset, baseline, BODY, Style::Regular, 0.0, line);
            } else {
                self.page()
                    .text(LEFT + HANG, baseline, BODY, Style::Regular, 0.0, line);
            }
            self.y -= step;
        }
    }

    /// `label:` in bold on a line of its own, then `items` as a list (`L`, each item an
    /// `LI` with its number or bullet as `Lbl` and its text as `LBody`), indented, each
    /// item's lines after the first aligned with its text. Numbered `1.`, `2.`, ... when
    /// `numbered`, else bulleted. With no items, `empty` as the field's value.
    pub(crate) fn list(&mut self, label: &str, items: &[String], numbered: bool, empty: &str) {
        if items.is_empty() {
            return self.field(label, empty);
        }
        const INDENT: f32 = 12.0;
        let step = BODY * LEADING;
        let fonts = self.fonts;
        let regular = fonts.face(Style::Regular);
        let marks: Vec<String> = (1..=items.len())
            .map(|i| {
                if numbered {
                    format!("{i}.")
                } else {
                    "•".to_string()
                }
            })
            .collect();
        let gap = marks
            .iter()
            .map(|m| regular.width(m, BODY))
            .fold(0.0, f32::max)
            + regular.width("  ", BODY);
        let width = CONTENT_WIDTH - INDENT - gap;
        // The label and the first item are kept together.
        self.keep(step * 2.0);
        let heading = format!(
            "{}:",
            self.fonts.printable(label, Style::Bold, &mut self.missing)
        );
        self.within(Role::P, |flow| {
            flow.place(
                vec![heading],
                Set {
                    size: BODY,
                    style: Style::Bold,
                    grey: 0.2,
                    indent: 0.0,
                },
                LEFT,
            )
        });
        self.within(Role::List { numbered }, |flow| {
            for (mark, item) in marks.into_iter().zip(items) {
                let text = if item.is_empty() { "—" } else { item };
                let lines = flow.lines(text, Set::BODY, width);
                flow.within(Role::ListItem, |flow| {
                    // An item of up to three lines is not split across pages.
                    flow.keep(step * lines.len().min(3) as f32);
                    let baseline = flow.y - BODY;
                    flow.within(Role::Label, |flow| {
                        flow.page()
                            .text(LEFT + INDENT, baseline, BODY, Style::Regular, 0.0, mark)
                    });
                    flow.within(Role::ListBody, |flow| {
                        flow.place(lines, Set::BODY, LEFT + INDENT + gap)
                    });
                });
            }
        });
    }

    /// A thin line across the page.
    pub(crate) fn rule(&mut self) {
        self.keep(8.0);
        let y = self.y - 3.0;
        self.page().rule(LEFT, y, LEFT + CONTENT_WIDTH, y, 0.5, 0.7);
        self.y -= 8.0;
    }
}
