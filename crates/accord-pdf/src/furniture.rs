//! Page furniture: on every page, the document's name and project at the top; the
//! workspace version, export date, "Page N of M" and the content fingerprint at the foot.
//! All of it is pagination artifact in the structure: a screen reader reads the content,
//! not the same header on every page.

use crate::font::{Fonts, Style};
use crate::page::{LEFT, Node, PAGE_HEIGHT, Page, RIGHT};
use crate::wrap::fit;

/// What the furniture says, the same on every page but the page number.
pub(crate) struct Furniture<'a> {
    pub(crate) name: &'a str,
    pub(crate) project: &'a str,
    pub(crate) workspace_version: &'a str,
    pub(crate) date: &'a str,
    pub(crate) fingerprint: &'a str,
}

/// Adds the furniture to every page; text the font lacks is replaced as in the body.
pub(crate) fn furnish(
    pages: &mut [Page],
    f: &Furniture,
    missing: &mut std::collections::BTreeMap<char, usize>,
) {
    let fonts = Fonts::get();
    let total = pages.len();
    let regular = fonts.face(Style::Regular);
    let bold = fonts.face(Style::Bold);
    let name = fonts.printable(f.name, Style::Bold, missing).into_owned();
    let name_width = bold.width(&name, 8.5);
    let project = fonts.printable(f.project, Style::Regular, missing);
    let project = fit(regular, &project, 8.5, RIGHT - LEFT - name_width - 24.0);
    let project_x = RIGHT - regular.width(&project, 8.5);
    let version = fonts.printable(f.workspace_version, Style::Regular, missing);
    let left_foot = fit(
        regular,
        &format!("Workspace version {version} · Exported {}", f.date),
        7.5,
        300.0,
    );
    let fingerprint = format!("Content fingerprint (SHA-256): {}", f.fingerprint);
    for (i, page) in pages.iter_mut().enumerate() {
        page.node = Node::Pagination;
        let header = PAGE_HEIGHT - 40.0;
        page.text(LEFT, header, 8.5, Style::Bold, 0.25, name.clone());
        page.text(project_x, header, 8.5, Style::Regular, 0.4, project.clone());
        page.rule(LEFT, header - 6.0, RIGHT, header - 6.0, 0.5, 0.6);

        page.rule(LEFT, 62.0, RIGHT, 62.0, 0.5, 0.6);
        page.text(LEFT, 50.0, 7.5, Style::Regular, 0.3, left_foot.clone());
        let number = format!("Page {} of {total}", i + 1);
        page.text(
            RIGHT - bold.width(&number, 8.0),
            50.0,
            8.0,
            Style::Bold,
            0.1,
            number,
        );
        page.text(LEFT, 38.0, 7.0, Style::Regular, 0.3, fingerprint.clone());
    }
}
