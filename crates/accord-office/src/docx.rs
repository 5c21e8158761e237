//! The collaboration agreement as a Word document, and agreement sections read back from
//! one.
//!
//! Written: the project's title (Word's Title style), the agreement's version and status,
//! the parties, then each section as a real `Heading 1` (Word's built-in style, so the
//! navigation pane and a table of contents work) with its status and its text, one
//! paragraph per line, then a signature block per signatory. The parts around the sections
//! ("Organisations taking part", "Signatures") use Accord's own heading style, based on Heading 1 and at the
//! same outline level, so Word navigates them too but a read-back does not take them for
//! sections; each section's status line has its own style for the same reason.
//!
//! Read: every heading of the top level the document uses (`Heading 1`, or `Heading 2` if
//! it has no `Heading 1`, and so on) starts a section; the paragraphs up to the next one
//! are its text (deeper headings included, as lines). Text before the first heading (a
//! title page) and tables are not sections.

use std::collections::HashMap;
use std::io::Cursor;

use accord_documents::text::shown;
use accord_documents::{Body, build};
use accord_domain::{DocumentKind, Workspace};
use docx_rs::{
    DocumentChild, Docx, Paragraph, Run, Style, StyleType, Table, TableCell, TableRow, read_docx,
};

use crate::OfficeError;

/// Accord's style for the headings around the sections (based on Heading 1).
const PART_STYLE: &str = "AccordPart";
/// The prefix of the bookmark naming a section's key on its heading.
const KEY_MARK: &str = "accord_";
/// Accord's style for a section's status line.
const STATUS_STYLE: &str = "AccordSectionStatus";

fn styles(docx: Docx) -> Docx {
    docx.add_style(
        Style::new("Title", StyleType::Paragraph)
            .name("Title")
            .based_on("Normal")
            .next("Normal")
            .size(56)
            .q_format(true),
    )
    .add_style(
        Style::new("Heading1", StyleType::Paragraph)
            .name("heading 1")
            .based_on("Normal")
            .next("Normal")
            .bold()
            .size(32)
            .outline_lvl(0)
            .q_format(true),
    )
    .add_style(
        Style::new("Heading2", StyleType::Paragraph)
            .name("heading 2")
            .based_on("Normal")
            .next("Normal")
            .bold()
            .size(26)
            .outline_lvl(1)
            .q_format(true),
    )
    .add_style(
        Style::new(PART_STYLE, StyleType::Paragraph)
            .name("Accord part heading")
            .based_on("Heading1")
            .next("Normal")
            .bold()
            .size(32)
            .outline_lvl(0),
    )
    .add_style(
        Style::new(STATUS_STYLE, StyleType::Paragraph)
            .name("Accord section status")
            .based_on("Normal")
            .next("Normal")
            .italic()
            .color("505A5F"),
    )
}

fn para(style: &str, text: &str) -> Paragraph {
    Paragraph::new()
        .style(style)
        .add_run(Run::new().add_text(text))
}

/// A paragraph in Word's Normal style, named (docx-rs does not mark Normal as the default
/// style, so a paragraph without a style would have none for other readers).
fn plain(text: &str) -> Paragraph {
    para("Normal", text)
}

fn cell(text: &str, bold: bool) -> TableCell {
    let run = Run::new().add_text(text);
    TableCell::new().add_paragraph(Paragraph::new().add_run(if bold { run.bold() } else { run }))
}

/// The agreement as a `.docx` file's bytes.
pub fn agreement_docx(ws: &Workspace) -> Result<Vec<u8>, OfficeError> {
    let doc = build(ws, DocumentKind::Agreement);
    let Body::Agreement(a) = &doc.body else {
        unreachable!("an agreement document has an agreement body")
    };
    let mut d = styles(Docx::new()).add_paragraph(para("Title", &doc.project.title));
    d = d.add_paragraph(plain("Collaboration agreement"));
    d = d.add_paragraph(plain(&format!(
        "Version {}, {}.",
        a.version,
        a.status.label().to_lowercase()
    )));
    d = d.add_paragraph(plain(if a.binding {
        "This agreement is intended to be legally binding."
    } else {
        "This agreement is not legally binding: the parties make it in good faith."
    }));
    if let Some(date) = a.effective_date {
        d = d.add_paragraph(plain(&format!("In effect from {}.", long_date(date))));
    }
    if let Some(date) = a.review_date {
        d = d.add_paragraph(plain(&format!("Next review: {}.", long_date(date))));
    }

    d = d.add_paragraph(para(PART_STYLE, "Organisations taking part"));
    if doc.parties.is_empty() {
        d = d.add_paragraph(plain("No organisations have been added yet."));
    } else {
        let mut rows = vec![TableRow::new(vec![
            cell("Organisation", true),
            cell("Kind", true),
            cell("Role", true),
        ])];
        for p in &doc.parties {
            rows.push(TableRow::new(vec![
                cell(&p.name, false),
                cell(&p.kind.label(), false),
                cell(&p.role.label(), false),
            ]));
        }
        d = d.add_table(Table::new(rows));
    }

    for (i, s) in a.sections.iter().enumerate() {
        // The section's key as a bookmark on its heading (Word allows 40 characters), so
        // a read-back finds the same section even when its title has been retitled.
        let mark = format!("{KEY_MARK}{}", s.key);
        let heading = para("Heading1", &s.title);
        d = d.add_paragraph(if mark.len() <= 40 {
            heading
                .add_bookmark_start(i + 1, mark)
                .add_bookmark_end(i + 1)
        } else {
            heading
        });
        let written = if s.body.is_empty() {
            " (not written yet)"
        } else {
            ""
        };
        d = d.add_paragraph(para(
            STATUS_STYLE,
            &format!("Status: {}{written}", s.status.label()),
        ));
        if !s.body.is_empty() {
            for line in s.body.split('\n') {
                d = d.add_paragraph(plain(line));
            }
        }
    }

    d = d.add_paragraph(para(PART_STYLE, "Signatures"));
    if doc.signatures.is_empty() {
        d = d.add_paragraph(plain(
            "No lead or partner organisation has been added, so nobody signs yet.",
        ));
    }
    const LINE: &str = "______________________________";
    for block in &doc.signatures {
        d = d.add_paragraph(para("Heading2", &block.capacity));
        let name = block.name.clone().unwrap_or_else(|| LINE.to_string());
        d = d.add_paragraph(plain(&format!("Name: {name}")));
        if !block.job_title.is_empty() {
            d = d.add_paragraph(plain(&format!("Job title: {}", block.job_title)));
        }
        d = d.add_paragraph(plain(&format!("Signature: {LINE}")));
        d = d.add_paragraph(plain(&format!("Date: {LINE}")));
    }

    let mut out = Cursor::new(Vec::new());
    d.build()
        .pack(&mut out)
        .map_err(|e| OfficeError::Write(e.to_string()))?;
    Ok(out.into_inner())
}

fn long_date(date: chrono::NaiveDate) -> String {
    date.format("%-d %B %Y").to_string()
}

/// A section as read from a Word document: its heading and the text under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedSection {
    pub title: String,
    pub body: String,
    /// The section's key, when the heading carries Accord's bookmark for it.
    pub key: Option<String>,
}

/// The sections of a Word document (see the module's comment for what counts).
/// `name` is the file's name, for the sentence when it cannot be read.
pub fn read_agreement(bytes: &[u8], name: &str) -> Result<Vec<ImportedSection>, OfficeError> {
    if !bytes.starts_with(b"PK") {
        return Err(OfficeError::NotReadable(format!(
            "{name} is not a Word document (.docx): Accord reads the file Word saves as \"Word Document (*.docx)\". Nothing has been changed."
        )));
    }
    let docx = read_docx(bytes).map_err(|e| {
        OfficeError::NotReadable(format!(
            "{name} could not be read as a Word document (.docx): {e}. Nothing has been changed."
        ))
    })?;
    // Each style's heading level by its name ("heading 1"), and whether it is the title.
    let style_names: HashMap<String, (Option<usize>, bool)> = docx
        .styles
        .styles
        .iter()
        .map(|s| {
            let level = s.name.get_heading_number().filter(|n| (1..=9).contains(n));
            let title = s.name.starts_with("Title") || s.name.starts_with("title");
            (
                s.style_id.clone(),
                (level.filter(|_| s.name.is_heading()), title),
            )
        })
        .collect();

    enum Line {
        Heading(usize, String, Option<String>),
        Text(String),
        /// Accord's own part headings: what follows is not a section's text.
        Part,
    }
    let mut lines = Vec::new();
    for child in &docx.document.children {
        let DocumentChild::Paragraph(p) = child else {
            continue;
        };
        let style = p.property.style.as_ref().map(|s| s.val.as_str());
        let text = p.raw_text();
        match style {
            Some(STATUS_STYLE) => {}
            Some(PART_STYLE) => lines.push(Line::Part),
            Some(id) => {
                let (by_name, title) = style_names.get(id).copied().unwrap_or((None, false));
                match heading_level(id).or(by_name) {
                    Some(level) => lines.push(Line::Heading(level, text, key_mark(p))),
                    None if title || id.eq_ignore_ascii_case("title") => lines.push(Line::Part),
                    None => lines.push(Line::Text(text)),
                }
            }
            None => lines.push(Line::Text(text)),
        }
    }
    let Some(top) = lines
        .iter()
        .filter_map(|l| match l {
            Line::Heading(level, text, _) if !text.trim().is_empty() => Some(*level),
            _ => None,
        })
        .min()
    else {
        return Err(OfficeError::Content(format!(
            "{name} has no headings, so Accord cannot tell where one section ends and the next begins. In Word, give each section's title the style \"Heading 1\" and import it again. Nothing has been changed."
        )));
    };

    let mut sections: Vec<ImportedSection> = Vec::new();
    let mut body: Option<Vec<String>> = None;
    let finish = |sections: &mut Vec<ImportedSection>, body: Option<Vec<String>>| {
        if let (Some(lines), Some(last)) = (body, sections.last_mut()) {
            last.body = shown(&lines.join("\n"));
        }
    };
    for line in lines {
        match line {
            Line::Heading(level, text, key) if level == top && !text.trim().is_empty() => {
                finish(&mut sections, body.take());
                sections.push(ImportedSection {
                    title: accord_documents::text::one_line(&text),
                    body: String::new(),
                    key,
                });
                body = Some(Vec::new());
            }
            Line::Heading(_, text, _) | Line::Text(text) => {
                if let Some(b) = body.as_mut() {
                    b.push(text);
                }
            }
            Line::Part => finish(&mut sections, body.take()),
        }
    }
    finish(&mut sections, body.take());
    Ok(sections)
}

/// The key in Accord's bookmark on a heading, if it has one.
fn key_mark(p: &Paragraph) -> Option<String> {
    p.children.iter().find_map(|c| match c {
        docx_rs::ParagraphChild::BookmarkStart(b) => b
            .name
            .strip_prefix(KEY_MARK)
            .filter(|k| !k.is_empty())
            .map(str::to_string),
        _ => None,
    })
}

/// `Heading N` by style id (`Heading1`, as Word writes it); the style's name (`heading 1`)
/// is asked too, for programs that give the style an id of their own.
fn heading_level(id: &str) -> Option<usize> {
    let rest = id.to_lowercase();
    let rest = rest.strip_prefix("heading")?.trim().to_string();
    rest.parse::<usize>().ok().filter(|n| (1..=9).contains(n))
}
