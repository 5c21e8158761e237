//! The RACI matrix as a table: a header row of parties under a legend, both repeated on
//! every page; parties that do not fit across the page continue in further tables of
//! the same rows, so that 200 parties stay readable. Tagged as a table: a header row of
//! column headers, then each activity's row headed by the activity; the legend and
//! header repeated on later pages are artifacts.

use std::collections::HashMap;

use accord_documents::{RaciParty, RaciTable};

use crate::flow::{Flow, Set};
use crate::font::Style;
use crate::page::{BOTTOM, CONTENT_WIDTH, LEFT, Node, TOP};
use crate::structure::Role;

const ACTIVITY_WIDTH: f32 = 140.0;
/// The narrowest a party's column may be; the columns share the rest of the width.
const MIN_COLUMN: f32 = 52.0;
const PAD: f32 = 2.5;
const HEADER_SIZE: f32 = 6.5;
const HEADER_LINES: usize = 6;
const NAME: Set = Set {
    size: 8.5,
    style: Style::Bold,
    grey: 0.0,
    indent: 0.0,
};
const NOTE: Set = Set {
    size: 7.5,
    style: Style::Regular,
    grey: 0.35,
    indent: 0.0,
};
const CELL: f32 = 9.0;

pub(crate) const LEGEND: &str = "R Responsible: does the work · A Accountable: answers for it (exactly one) · C Consulted: asked before · I Informed: told after";

pub(super) fn lay_out(flow: &mut Flow, t: &RaciTable) {
    if t.rows.is_empty() {
        flow.paragraph("No activities have been added yet.", Set::QUIET);
        return;
    }
    let per_table = (((CONTENT_WIDTH - ACTIVITY_WIDTH) / MIN_COLUMN).floor() as usize).max(1);
    let groups: Vec<&[RaciParty]> = if t.parties.is_empty() {
        vec![&[]]
    } else {
        t.parties.chunks(per_table).collect()
    };
    let column_width = (CONTENT_WIDTH - ACTIVITY_WIDTH) / per_table as f32;
    let mut first_party = 0;
    for (g, parties) in groups.iter().enumerate() {
        if groups.len() > 1 {
            if g > 0 {
                flow.new_page();
            }
            let heading = if parties.len() == 1 {
                format!("Party {} of {}", first_party + 1, t.parties.len())
            } else {
                format!(
                    "Parties {}–{} of {}",
                    first_party + 1,
                    first_party + parties.len(),
                    t.parties.len()
                )
            };
            flow.heading(&heading, 3);
        }
        let table = Table::new(flow, parties, column_width);
        table.header(flow, true);
        for row in &t.rows {
            let mut lines: Vec<(String, Set)> = flow
                .lines(&row.activity, NAME, ACTIVITY_WIDTH - 2.0 * PAD)
                .into_iter()
                .map(|l| (l, NAME))
                .collect();
            let mut note = row.description.clone();
            if let Some(phase) = row.phase {
                note = if note.is_empty() {
                    format!("Phase: {phase}")
                } else {
                    format!("{note}\nPhase: {phase}")
                };
            }
            if !note.is_empty() {
                lines.extend(
                    flow.lines(&note, NOTE, ACTIVITY_WIDTH - 2.0 * PAD)
                        .into_iter()
                        .map(|l| (l, NOTE)),
                );
            }
            let cells: Vec<(usize, &str)> = row
                .cells
                .iter()
                .filter_map(|(label, roles)| {
                    Some((*table.column.get(label.as_str())?, roles.as_str()))
                })
                .collect();
            table.row(flow, &lines, &cells);
        }
        flow.close();
        first_party += parties.len();
    }
}

struct Table<'a> {
    column: HashMap<&'a str, usize>,
    labels: Vec<Vec<String>>,
    width: f32,
    header_height: f32,
}

impl<'a> Table<'a> {
    fn new(flow: &mut Flow, parties: &'a [RaciParty], width: f32) -> Table<'a> {
        let set = Set {
            size: HEADER_SIZE,
            style: Style::Bold,
            grey: 0.0,
            indent: 0.0,
        };
        let labels: Vec<Vec<String>> = parties
            .iter()
            .map(|p| {
                let text = match (&p.organisation, p.is_person) {
                    (Some(org), true) => format!("{} ({org})", p.label),
                    _ => p.label.clone(),
                };
                let mut lines = flow.lines(&text, set, width - 2.0 * PAD);
                if lines.len() > HEADER_LINES {
                    lines.truncate(HEADER_LINES);
                    let face = flow.fonts.face(Style::Bold);
                    let last = format!("{}…", lines[HEADER_LINES - 1]);
                    lines[HEADER_LINES - 1] =
                        crate::wrap::fit(face, &last, HEADER_SIZE, width - 2.0 * PAD);
                }
                lines
            })
            .collect();
        let most = labels.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let header_height = most as f32 * HEADER_SIZE * 1.2 + 2.0 * PAD;
        let column = parties
            .iter()
            .enumerate()
            .map(|(i, p)| (p.label.as_str(), i))
            .collect();
        Table {
            column,
            labels,
            width,
            header_height,
        }
    }

    /// Thin lines between the columns, so a letter is read against the right party.
    fn columns(&self, page: &mut crate::page::Page, top: f32, bottom: f32) {
        for i in 0..=self.labels.len() {
            let x = LEFT + ACTIVITY_WIDTH + i as f32 * self.width;
            if x <= LEFT + CONTENT_WIDTH + 0.01 {
                page.rule(x, top, x, bottom, 0.3, 0.75);
            }
        }
    }

    fn legend_height() -> f32 {
        NOTE.size * 1.3 * 2.0 + 4.0
    }

    /// The legend and the header row, at the top of the table and of each page of it.
    /// At the start this opens the table (closed by the caller); repeated on a later
    /// page, both are artifacts.
    fn header(&self, flow: &mut Flow, at_start: bool) {
        let need = Self::legend_height() + self.header_height + 4.0 * NAME.size * 1.3;
        let resume = flow.node();
        if at_start {
            flow.keep(need);
        } else {
            flow.set_node(Node::Layout);
        }
        let legend = flow.lines(LEGEND, NOTE, CONTENT_WIDTH);
        flow.place(legend, NOTE, LEFT);
        flow.space(4.0);
        // The header cells: "Activity", then one per party.
        let cells: Vec<Node> = if at_start {
            flow.open(Role::Table);
            let row = flow.add(Role::Row);
            (0..=self.labels.len())
                .map(|_| Node::Elem(flow.tree.add(row, Role::Header { column: true })))
                .collect()
        } else {
            vec![Node::Layout; self.labels.len() + 1]
        };
        let top = flow.y;
        let bottom = top - self.header_height;
        let page = flow.page();
        page.fill(LEFT, bottom, CONTENT_WIDTH, self.header_height, 0.9);
        page.node = cells[0];
        page.text(
            LEFT + PAD,
            top - PAD - 8.0,
            8.0,
            Style::Bold,
            0.0,
            "Activity",
        );
        for (i, lines) in self.labels.iter().enumerate() {
            let x = LEFT + ACTIVITY_WIDTH + i as f32 * self.width + PAD;
            page.node = cells[i + 1];
            for (j, line) in lines.iter().enumerate() {
                page.text(
                    x,
                    top - PAD - HEADER_SIZE - j as f32 * HEADER_SIZE * 1.2,
                    HEADER_SIZE,
                    Style::Bold,
                    0.0,
                    line.clone(),
                );
            }
        }
        page.rule(LEFT, bottom, LEFT + CONTENT_WIDTH, bottom, 0.8, 0.3);
        self.columns(page, top, bottom);
        flow.y = bottom;
        if at_start {
            flow.set_node(Node::Elem(flow.current()));
        } else {
            flow.set_node(resume);
        }
    }

    /// One activity's row. A row taller than a page continues on the next, under the
    /// header again; its letters show in its first part.
    fn row(&self, flow: &mut Flow, lines: &[(String, Set)], cells: &[(usize, &str)]) {
        // The row in the structure: the activity heads it; one cell per party, empty
        // where the party has no role, so every row has the header's columns.
        let row = flow.add(Role::Row);
        let head = Node::Elem(flow.tree.add(row, Role::Header { column: false }));
        let data: Vec<Node> = (0..self.labels.len())
            .map(|_| Node::Elem(flow.tree.add(row, Role::Cell)))
            .collect();
        let table = Node::Elem(flow.current());
        let step = |s: &Set| s.size * 1.3;
        let height: f32 = lines.iter().map(|(_, s)| step(s)).sum::<f32>() + 2.0 * PAD;
        let fresh_room = TOP - BOTTOM - Self::legend_height() - self.header_height;
        if flow.room() < height.min(fresh_room) {
            flow.new_page();
            self.header(flow, false);
        }
        let mut first = true;
        let mut rest = lines;
        while !rest.is_empty() || first {
            if !first {
                flow.new_page();
                self.header(flow, false);
            }
            let top = flow.y;
            let mut y = top - PAD;
            let mut taken = 0;
            flow.set_node(head);
            for (text, set) in rest {
                if y - step(set) < BOTTOM + PAD && taken > 0 {
                    break;
                }
                flow.page().text(
                    LEFT + PAD,
                    y - set.size,
                    set.size,
                    set.style,
                    set.grey,
                    text.clone(),
                );
                y -= step(set);
                taken += 1;
            }
            if first {
                for (column, roles) in cells {
                    let face = flow.fonts.face(Style::Bold);
                    let w = face.width(roles, CELL);
                    let x = LEFT
                        + ACTIVITY_WIDTH
                        + *column as f32 * self.width
                        + (self.width - w) / 2.0;
                    flow.set_node(data[*column]);
                    flow.page().text(
                        x,
                        top - PAD - CELL,
                        CELL,
                        Style::Bold,
                        0.0,
                        roles.to_string(),
                    );
                }
            }
            flow.set_node(table);
            let bottom = (y - PAD).min(top - CELL * 1.3 - 2.0 * PAD);
            flow.page()
                .rule(LEFT, bottom, LEFT + CONTENT_WIDTH, bottom, 0.4, 0.6);
            self.columns(flow.page(), top, bottom);
            flow.y = bottom;
            rest = &rest[taken..];
            first = false;
        }
    }
}
