//! The RACI matrix and the decisions log as Excel workbooks.
//!
//! RACI: sheet "RACI", activities down, parties across (every organisation, then each
//! person holding a letter, as the PDF shows them), one letter group per cell such as `RA`,
//! the header row and activity column frozen, cell input limited to the letters R, A, C and
//! I, and the RACI rules' findings for each row in the last column; sheet "Legend" says
//! what the letters and the rules are. Decisions: sheet "Decisions", one row per decision
//! and a column per field, dates as real dates, filters on the header row.

use std::collections::HashMap;

use accord_documents::{Body, build};
use accord_domain::{DocumentKind, RaciRole, Workspace, raci};
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, ExcelDateTime, Format, FormatAlign, Formula,
    Workbook, Worksheet, XlsxError,
};

use crate::{OfficeError, column_name};

/// The heading of the RACI sheet's findings column (a read-back skips this column).
pub const FINDINGS_HEADER: &str = "Findings";

fn write_err(e: XlsxError) -> OfficeError {
    OfficeError::Write(e.to_string())
}

fn header_format() -> Format {
    Format::new()
        .set_bold()
        .set_background_color("D9E2F3")
        .set_text_wrap()
        .set_align(FormatAlign::Top)
}

fn wrap() -> Format {
    Format::new().set_text_wrap().set_align(FormatAlign::Top)
}

/// The RACI matrix as a `.xlsx` file's bytes.
pub fn raci_xlsx(ws: &Workspace) -> Result<Vec<u8>, OfficeError> {
    let doc = build(ws, DocumentKind::Raci);
    let Body::Raci(table) = &doc.body else {
        unreachable!("a RACI document has a RACI body")
    };
    let findings = raci::check(ws);
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("RACI").map_err(write_err)?;
    let header = header_format();
    let centred = Format::new()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let parties = table.parties.len() as u16;
    let findings_col = parties + 1;
    sheet
        .write_string_with_format(0, 0, "Activity", &header)
        .map_err(write_err)?;
    let column: HashMap<&str, u16> = table
        .parties
        .iter()
        .enumerate()
        .map(|(i, p)| (p.label.as_str(), i as u16 + 1))
        .collect();
    for (i, p) in table.parties.iter().enumerate() {
        sheet
            .write_string_with_format(0, i as u16 + 1, &p.label, &header)
            .map_err(write_err)?;
        sheet
            .set_column_width(i as u16 + 1, 14)
            .map_err(write_err)?;
    }
    sheet
        .write_string_with_format(0, findings_col, FINDINGS_HEADER, &header)
        .map_err(write_err)?;
    sheet.set_column_width(0, 36).map_err(write_err)?;
    sheet
        .set_column_width(findings_col, 60)
        .map_err(write_err)?;

    for (r, (row, activity)) in table.rows.iter().zip(&ws.raci.activities).enumerate() {
        let r = r as u32 + 1;
        sheet
            .write_string_with_format(r, 0, &row.activity, &wrap())
            .map_err(write_err)?;
        for (label, roles) in &row.cells {
            let letters = raci::parse_letters(roles)
                .map(|roles| raci::letters(&roles))
                .unwrap_or_else(|_| roles.clone());
            sheet
                .write_string_with_format(r, column[label.as_str()], &letters, &centred)
                .map_err(write_err)?;
        }
        let said: Vec<String> = findings
            .iter()
            .filter(|f| f.location.activity() == Some(activity.id))
            .map(|f| format!("{}: {}", f.severity, f.message))
            .collect();
        if !said.is_empty() {
            sheet
                .write_string_with_format(r, findings_col, said.join("\n"), &wrap())
                .map_err(write_err)?;
        }
    }
    sheet.set_freeze_panes(1, 1).map_err(write_err)?;
    let last_row = table.rows.len().max(1) as u32 + 200;
    if parties > 0 {
        // Only the letters R, A, C and I (any of them, in any case): each other letter
        // is taken out of the text and nothing may be left.
        let first = format!("{}2", column_name(1));
        let rule = format!(
            "LEN(SUBSTITUTE(SUBSTITUTE(SUBSTITUTE(SUBSTITUTE(UPPER({first}),\"R\",\"\"),\"A\",\"\"),\"C\",\"\"),\"I\",\"\"))=0"
        );
        let validation = DataValidation::new()
            .allow_custom(Formula::new(rule))
            .ignore_blank(true)
            .set_input_title("RACI letters")
            .and_then(|v| v.set_input_message("R, A, C or I, such as R or RA. See the Legend sheet."))
            .and_then(|v| v.set_error_title("Not a RACI letter"))
            .and_then(|v| {
                v.set_error_message(
                    "Use only the letters R, A, C and I: R Responsible, A Accountable, C Consulted, I Informed.",
                )
            })
            .map_err(write_err)?
            .set_error_style(DataValidationErrorStyle::Stop);
        sheet
            .add_data_validation(1, 1, last_row, parties, &validation)
            .map_err(write_err)?;
    }
    legend(book.add_worksheet())?;
    book.save_to_buffer().map_err(write_err)
}

fn legend(sheet: &mut Worksheet) -> Result<(), OfficeError> {
    sheet.set_name("Legend").map_err(write_err)?;
    let header = header_format();
    sheet
        .write_string_with_format(0, 0, "Letter", &header)
        .map_err(write_err)?;
    sheet
        .write_string_with_format(0, 1, "Means", &header)
        .map_err(write_err)?;
    let meaning = |role: RaciRole| match role {
        RaciRole::R => "does the work",
        RaciRole::A => "answers for the work and signs it off: exactly one party per activity",
        RaciRole::C => "is asked before, and their view taken into account",
        RaciRole::I => "is told after",
    };
    for (i, role) in [RaciRole::R, RaciRole::A, RaciRole::C, RaciRole::I]
        .into_iter()
        .enumerate()
    {
        let r = i as u32 + 1;
        sheet.write_string(r, 0, role.as_str()).map_err(write_err)?;
        sheet
            .write_string(r, 1, format!("{}: {}", role.label(), meaning(role)))
            .map_err(write_err)?;
    }
    sheet
        .write_string(
            6,
            0,
            "A cell may hold several letters, such as RA. The Findings column shows what Accord's RACI rules found in each row when this file was made.",
        )
        .map_err(write_err)?;
    sheet.set_column_width(0, 10).map_err(write_err)?;
    sheet.set_column_width(1, 80).map_err(write_err)?;
    Ok(())
}

/// The column headings of the decisions sheet, in order.
pub const DECISION_COLUMNS: [&str; 16] = [
    "Number",
    "Title",
    "Date",
    "Status",
    "Context",
    "Options",
    "Decision",
    "Consequences",
    "Deciders",
    "Consulted",
    "Informed",
    "Supersedes",
    "Superseded by",
    "Replacement proposed in",
    "Review date",
    "Tags",
];

/// The decisions log as a `.xlsx` file's bytes.
pub fn decisions_xlsx(ws: &Workspace) -> Result<Vec<u8>, OfficeError> {
    let doc = build(ws, DocumentKind::Decisions);
    let Body::Decisions(log) = &doc.body else {
        unreachable!("a decisions document has a decisions body")
    };
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Decisions").map_err(write_err)?;
    let header = header_format();
    let date = Format::new()
        .set_num_format("yyyy-mm-dd")
        .set_align(FormatAlign::Top);
    let text = wrap();
    for (c, name) in DECISION_COLUMNS.iter().enumerate() {
        sheet
            .write_string_with_format(0, c as u16, *name, &header)
            .map_err(write_err)?;
    }
    for (c, width) in [
        10, 40, 12, 12, 50, 40, 50, 40, 24, 24, 24, 12, 14, 14, 12, 20,
    ]
    .into_iter()
    .enumerate()
    {
        sheet.set_column_width(c as u16, width).map_err(write_err)?;
    }
    let excel_date = |d: chrono::NaiveDate| {
        use chrono::Datelike;
        ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
    };
    for (i, d) in log.decisions.iter().enumerate() {
        let r = i as u32 + 1;
        let texts: [(u16, String); 13] = [
            (0, d.number.clone()),
            (1, d.title.clone()),
            (3, d.status.label().into_owned()),
            (4, d.context.clone()),
            (5, d.options.join("\n")),
            (6, d.decision.clone()),
            (7, d.consequences.clone()),
            (8, d.deciders.join(", ")),
            (9, d.consulted.join(", ")),
            (10, d.informed.join(", ")),
            (11, d.supersedes.clone().unwrap_or_default()),
            (12, d.superseded_by.join(", ")),
            (13, d.replacement_proposed_in.join(", ")),
        ];
        for (c, value) in texts {
            if !value.is_empty() {
                sheet
                    .write_string_with_format(r, c, value, &text)
                    .map_err(write_err)?;
            }
        }
        sheet
            .write_datetime_with_format(r, 2, excel_date(d.date).map_err(write_err)?, &date)
            .map_err(write_err)?;
        if let Some(review) = d.review_date {
            sheet
                .write_datetime_with_format(r, 14, excel_date(review).map_err(write_err)?, &date)
                .map_err(write_err)?;
        }
        if !d.tags.is_empty() {
            sheet
                .write_string_with_format(r, 15, d.tags.join(", "), &text)
                .map_err(write_err)?;
        }
    }
    let last = DECISION_COLUMNS.len() as u16 - 1;
    sheet
        .autofilter(0, 0, log.decisions.len() as u32, last)
        .map_err(write_err)?;
    sheet.set_freeze_panes(1, 0).map_err(write_err)?;
    book.save_to_buffer().map_err(write_err)
}
