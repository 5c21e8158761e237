//! Workspace content to and from the files the office already uses: the agreement as a
//! Word document (`.docx`), the RACI matrix and the decisions log as Excel workbooks
//! (`.xlsx`), review and handover dates as a calendar (`.ics`, RFC 5545) for Outlook;
//! and, coming in, a RACI matrix from a spreadsheet (`.xlsx` or `.csv`) and agreement
//! sections from a Word document.
//!
//! No files and no database: writers return bytes, readers take bytes, and an import is
//! a [`RaciPlan`] or [`AgreementPlan`] (what would be added and changed) computed against
//! a loaded [`Workspace`](accord_domain::Workspace); the caller shows it, then applies it.
//! The file formats themselves are the well-kept crates' (`docx-rs`, `rust_xlsxwriter`,
//! `calamine`, `csv`, `icalendar`).

mod docx;
mod error;
mod ics;
mod plan;
mod sheet;
mod xlsx;

pub use docx::{ImportedSection, agreement_docx, read_agreement};
pub use error::OfficeError;
pub use ics::dates_ics;
pub use plan::{
    AgreementPlan, CellChange, PartyMatch, RaciPlan, SectionChange, agreement_plan, raci_plan,
};
pub use sheet::{RaciSheet, SheetKind, SheetRow, read_raci_sheet};
pub use xlsx::{FINDINGS_HEADER, decisions_xlsx, raci_xlsx};

/// What an office file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OfficeDocument {
    Agreement,
    Raci,
    Decisions,
    Dates,
}

/// An office file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OfficeFormat {
    Docx,
    Xlsx,
    Ics,
}

impl OfficeFormat {
    /// The file name ending, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            OfficeFormat::Docx => "docx",
            OfficeFormat::Xlsx => "xlsx",
            OfficeFormat::Ics => "ics",
        }
    }
}

impl std::str::FromStr for OfficeDocument {
    type Err = OfficeError;
    fn from_str(s: &str) -> Result<Self, OfficeError> {
        match s.trim().to_lowercase().as_str() {
            "agreement" => Ok(OfficeDocument::Agreement),
            "raci" => Ok(OfficeDocument::Raci),
            "decisions" => Ok(OfficeDocument::Decisions),
            "dates" => Ok(OfficeDocument::Dates),
            other => Err(OfficeError::Unsupported(format!(
                "'{other}' is not a document Accord exports to office files: use agreement, raci, decisions or dates."
            ))),
        }
    }
}

/// The one format each document is made in: the agreement in Word, the RACI matrix and
/// the decisions log in Excel, the dates as a calendar.
pub fn format_of(document: OfficeDocument) -> OfficeFormat {
    match document {
        OfficeDocument::Agreement => OfficeFormat::Docx,
        OfficeDocument::Raci | OfficeDocument::Decisions => OfficeFormat::Xlsx,
        OfficeDocument::Dates => OfficeFormat::Ics,
    }
}

/// Refuses a document in a format it is not made in, with a sentence saying which format
/// the document comes in.
pub fn check_pair(format: OfficeFormat, document: OfficeDocument) -> Result<(), OfficeError> {
    let wanted = format_of(document);
    if wanted == format {
        return Ok(());
    }
    let what = match document {
        OfficeDocument::Agreement => "The agreement",
        OfficeDocument::Raci => "The RACI matrix",
        OfficeDocument::Decisions => "The decisions log",
        OfficeDocument::Dates => "The review and handover dates",
    };
    Err(OfficeError::Unsupported(format!(
        "{what} is exported as .{}, not .{}: use --format {} for it.",
        wanted.extension(),
        format.extension(),
        wanted.extension()
    )))
}

/// Makes `document` as `format` from the workspace. For the calendar, `date` is the
/// export's date (each event's DTSTAMP, at midnight UTC) and `version` the number of
/// changes in the workspace's history (each event's SEQUENCE, so a calendar imported
/// again takes the later dates).
pub fn render(
    ws: &accord_domain::Workspace,
    format: OfficeFormat,
    document: OfficeDocument,
    date: chrono::NaiveDate,
    version: u32,
) -> Result<Vec<u8>, OfficeError> {
    check_pair(format, document)?;
    match document {
        OfficeDocument::Agreement => agreement_docx(ws),
        OfficeDocument::Raci => raci_xlsx(ws),
        OfficeDocument::Decisions => decisions_xlsx(ws),
        OfficeDocument::Dates => {
            Ok(
                dates_ics(ws, date.and_time(chrono::NaiveTime::MIN).and_utc(), version)
                    .into_bytes(),
            )
        }
    }
}

/// An Excel-style cell reference such as `C4`, from a zero-based row and column.
pub fn cell_ref(row: usize, col: usize) -> String {
    format!("{}{}", column_name(col), row + 1)
}

/// An Excel-style column name such as `C` or `AA`, from a zero-based column.
pub fn column_name(col: usize) -> String {
    let mut n = col + 1;
    let mut name = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        name.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    name.reverse();
    String::from_utf8(name).expect("ASCII letters")
}

/// A name as matched: case and runs of spaces forgiven.
pub(crate) fn normalised(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}
