//! The document's logical structure, built while it is laid out: headings, paragraphs,
//! lists, tables with header cells, the contents list and the signature blocks, in reading
//! order. `write` turns it into the PDF's structure tree (PDF/UA tagging) and the
//! headings into bookmarks.

/// A structure element's standard type (ISO 32000-1, 14.8.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Document,
    Sect,
    H(u8),
    P,
    Toc,
    TocItem,
    Table,
    Row,
    /// A header cell heading its column (`true`) or its row.
    Header {
        column: bool,
    },
    Cell,
    /// A list, numbered or bulleted (its `ListNumbering`).
    List {
        numbered: bool,
    },
    ListItem,
    /// A list item's number or bullet.
    Label,
    /// A list item's text.
    ListBody,
}

impl Role {
    /// The name in the PDF's `/S` entry.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Role::Document => "Document",
            Role::Sect => "Sect",
            Role::H(1) => "H1",
            Role::H(2) => "H2",
            Role::H(3) => "H3",
            Role::H(4) => "H4",
            Role::H(5) => "H5",
            Role::H(_) => "H6",
            Role::P => "P",
            Role::Toc => "TOC",
            Role::TocItem => "TOCI",
            Role::Table => "Table",
            Role::Row => "TR",
            Role::Header { .. } => "TH",
            Role::Cell => "TD",
            Role::List { .. } => "L",
            Role::ListItem => "LI",
            Role::Label => "Lbl",
            Role::ListBody => "LBody",
        }
    }

    /// Elements that hold other elements rather than text of their own: text placed
    /// straight into one is given a paragraph.
    pub(crate) fn is_container(self) -> bool {
        matches!(
            self,
            Role::Document
                | Role::Sect
                | Role::Toc
                | Role::Table
                | Role::Row
                | Role::List { .. }
                | Role::ListItem
        )
    }
}

/// One structure element.
#[derive(Debug, Clone)]
pub(crate) struct Elem {
    pub(crate) role: Role,
    pub(crate) parent: Option<usize>,
    /// Child elements, in reading order.
    pub(crate) kids: Vec<usize>,
}

/// The structure elements; the first is the document.
#[derive(Debug, Clone)]
pub(crate) struct Tree {
    pub(crate) elems: Vec<Elem>,
}

/// A bookmark: a heading and where it is.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Bookmark {
    pub(crate) title: String,
    pub(crate) level: u8,
    pub(crate) page: usize,
    /// The top of the heading, in points from the foot of the page.
    pub(crate) top: f32,
}

impl Tree {
    pub(crate) fn new() -> Tree {
        Tree {
            elems: vec![Elem {
                role: Role::Document,
                parent: None,
                kids: Vec::new(),
            }],
        }
    }

    /// Adds an element of `role` as the last child of `parent`.
    pub(crate) fn add(&mut self, parent: usize, role: Role) -> usize {
        let id = self.elems.len();
        self.elems.push(Elem {
            role,
            parent: Some(parent),
            kids: Vec::new(),
        });
        self.elems[parent].kids.push(id);
        id
    }
}
