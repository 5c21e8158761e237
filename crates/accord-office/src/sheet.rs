//! A RACI matrix read from a spreadsheet: the first row names the parties, the first
//! column the activities, and each cell holds letters (R, A, C, I, as
//! [`accord_domain::raci::parse_letters`] reads them).
//!
//! What is forgiven, and said: a column with no heading and nothing in it (a stray blank
//! column), blank rows, the findings column an Accord export adds, and a row whose first
//! cell is merged across the table (a group label such as "Phase 2", not an activity).
//! What is refused, naming the cell: not a spreadsheet, an empty sheet, merged cells in the
//! first row or among the letters, a letter that is not R, A, C or I, letters in a column
//! with no party or a row with no activity, and a party or activity named twice.

use std::collections::HashMap;
use std::io::Cursor;

use accord_domain::{RaciRole, raci};
use calamine::{Data, Reader, Xlsx};

use crate::{FINDINGS_HEADER, OfficeError, cell_ref, column_name, normalised};

/// The kinds of spreadsheet read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetKind {
    Xlsx,
    Csv,
}

impl SheetKind {
    /// The kind a file's name says it is: `.xlsx` (or `.xlsm`) or `.csv`.
    pub fn from_name(name: &str) -> Result<SheetKind, OfficeError> {
        let lower = name.to_lowercase();
        if lower.ends_with(".xlsx") || lower.ends_with(".xlsm") {
            Ok(SheetKind::Xlsx)
        } else if lower.ends_with(".csv") {
            Ok(SheetKind::Csv)
        } else {
            Err(OfficeError::Unsupported(format!(
                "{name} is not a spreadsheet Accord reads: save it from Excel as an Excel Workbook (.xlsx) or as CSV UTF-8 (.csv). Nothing has been changed."
            )))
        }
    }
}

/// One activity's row as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetRow {
    /// Zero-based row in the sheet.
    pub row: usize,
    pub activity: String,
    /// The letters under each party's column (`party` indexes [`RaciSheet::parties`]);
    /// an empty cell is an empty list.
    pub cells: Vec<Vec<RaciRole>>,
}

/// A RACI matrix as read from a sheet, before it is matched to a workspace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RaciSheet {
    /// The sheet's name (for a CSV file, the file's name).
    pub sheet: String,
    /// `(zero-based column, name as written)` for each party column.
    pub parties: Vec<(usize, String)>,
    pub rows: Vec<SheetRow>,
    /// What was passed over, in plain sentences (a blank column, a group label row).
    pub skipped: Vec<String>,
}

/// Reads the first sheet of a workbook, or a CSV file, as a RACI matrix.
pub fn read_raci_sheet(
    bytes: &[u8],
    name: &str,
    kind: SheetKind,
) -> Result<RaciSheet, OfficeError> {
    let (sheet, grid, merged) = match kind {
        SheetKind::Xlsx => read_xlsx(bytes, name)?,
        SheetKind::Csv => (name.to_string(), read_csv(bytes, name)?, Vec::new()),
    };
    interpret(sheet, name, grid, merged)
}

/// A merged region: `(first row, first column, last row, last column)`, zero-based.
type Region = (usize, usize, usize, usize);

/// A workbook's first sheet as read: its name, its cells as text by row, its merged regions.
type FirstSheet = (String, Vec<Vec<String>>, Vec<Region>);

fn read_xlsx(bytes: &[u8], name: &str) -> Result<FirstSheet, OfficeError> {
    let not = |detail: String| {
        OfficeError::NotReadable(format!(
            "{name} is not an Excel workbook Accord can read ({detail}). Save it from Excel as an Excel Workbook (.xlsx) or as CSV UTF-8 (.csv). Nothing has been changed."
        ))
    };
    if !bytes.starts_with(b"PK") {
        return Err(not("it is not the zip file an .xlsx workbook is".into()));
    }
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes))
        .map_err(|e: calamine::XlsxError| not(e.to_string()))?;
    let Some(sheet) = book.sheet_names().first().cloned() else {
        return Err(OfficeError::Content(format!(
            "{name} has no worksheets. Nothing has been changed."
        )));
    };
    let range = book
        .worksheet_range(&sheet)
        .map_err(|e| not(e.to_string()))?;
    let merged = book
        .merge_cells_by_sheet_name(&sheet)
        .map_err(|e| not(e.to_string()))?
        .into_iter()
        .map(|d| {
            (
                d.start.0 as usize,
                d.start.1 as usize,
                d.end.0 as usize,
                d.end.1 as usize,
            )
        })
        .collect();
    let mut grid: Vec<Vec<String>> = Vec::new();
    if let (Some(_), Some((end_row, end_col))) = (range.start(), range.end()) {
        for r in 0..=end_row {
            let mut row = Vec::with_capacity(end_col as usize + 1);
            for c in 0..=end_col {
                let text = match range.get_value((r, c)) {
                    None | Some(Data::Empty) => String::new(),
                    Some(Data::String(s)) => s.clone(),
                    Some(other) => other.to_string(),
                };
                row.push(text);
            }
            grid.push(row);
        }
    }
    Ok((sheet, grid, merged))
}

fn read_csv(bytes: &[u8], name: &str) -> Result<Vec<Vec<String>>, OfficeError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.contains(&0) || bytes.starts_with(b"PK") {
        return Err(OfficeError::NotReadable(format!(
            "{name} is not a CSV file (it holds binary data): save the sheet from Excel as CSV UTF-8 (.csv), or import the .xlsx itself. Nothing has been changed."
        )));
    }
    if std::str::from_utf8(bytes).is_err() {
        return Err(OfficeError::NotReadable(format!(
            "{name} is not UTF-8 text: in Excel, save it as \"CSV UTF-8 (Comma delimited)\" so that names such as Ynys Môn arrive as typed. Nothing has been changed."
        )));
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut grid = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            OfficeError::NotReadable(format!(
                "{name} could not be read as CSV at line {}: {e}. Nothing has been changed.",
                i + 1
            ))
        })?;
        // The csv crate passes over blank lines: keep each record on its own line, so a
        // row named in a message is the row a spreadsheet shows.
        let row = record
            .position()
            .map(|p| {
                // A record's position is where its reading began: before the blank
                // lines passed over on the way to it.
                let mut start = (p.byte() as usize).min(bytes.len());
                while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
                    start += 1;
                }
                bytes[..start].iter().filter(|&&b| b == b'\n').count()
            })
            .unwrap_or(grid.len());
        while grid.len() < row {
            grid.push(Vec::new());
        }
        grid.push(record.iter().map(str::to_string).collect());
    }
    Ok(grid)
}

fn interpret(
    sheet: String,
    name: &str,
    grid: Vec<Vec<String>>,
    merged: Vec<Region>,
) -> Result<RaciSheet, OfficeError> {
    let at = |r: usize, c: usize| -> &str {
        grid.get(r)
            .and_then(|row| row.get(c))
            .map(|s| s.trim())
            .unwrap_or("")
    };
    let width = grid.iter().map(Vec::len).max().unwrap_or(0);
    let (where_, where_cap) = if sheet == name {
        (name.to_string(), name.to_string())
    } else {
        (
            format!("the sheet \"{sheet}\" of {name}"),
            format!("The sheet \"{sheet}\" of {name}"),
        )
    };
    if !grid.iter().flatten().any(|c| !c.trim().is_empty()) {
        return Err(OfficeError::Content(format!(
            "{where_cap} is empty: put the parties' names in the first row and the activities in the first column. Nothing has been changed."
        )));
    }
    let range = |&(r1, c1, r2, c2): &Region| format!("{}:{}", cell_ref(r1, c1), cell_ref(r2, c2));
    let mut skipped = Vec::new();
    let mut label_rows: Vec<usize> = Vec::new();
    for region in &merged {
        let (r1, c1, r2, c2) = *region;
        if r1 == 0 {
            return Err(OfficeError::Content(format!(
                "Cells {} in the first row of {where_} are merged, so Accord cannot tell which party each column is. Unmerge them (Home, Merge & Center) and give each party its own column. Nothing has been changed.",
                range(region)
            )));
        }
        if c1 == 0 && c2 > 0 && r1 == r2 {
            label_rows.push(r1);
            skipped.push(format!(
                "Row {} (\"{}\") is merged across the table, so it is read as a group label, not an activity.",
                r1 + 1,
                at(r1, 0)
            ));
            continue;
        }
        return Err(OfficeError::Content(format!(
            "Cells {} of {where_} are merged: each cell holds one party's letters for one activity, so unmerge them and put the letters in each cell. Nothing has been changed.",
            range(region)
        )));
    }

    let mut parties: Vec<(usize, String)> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for c in 1..width {
        let header = at(0, c);
        let column_empty = (1..grid.len()).all(|r| at(r, c).is_empty());
        if header.is_empty() {
            if column_empty {
                skipped.push(format!(
                    "Column {} has no heading and nothing in it, so it is passed over.",
                    column_name(c)
                ));
                continue;
            }
            let r = (1..grid.len()).find(|&r| !at(r, c).is_empty()).unwrap_or(1);
            return Err(OfficeError::Content(format!(
                "Column {} has letters (such as {} in {}) but no party named in {}: write the party's name at the top of the column. Nothing has been changed.",
                column_name(c),
                at(r, c),
                cell_ref(r, c),
                cell_ref(0, c)
            )));
        }
        if normalised(header) == normalised(FINDINGS_HEADER) {
            skipped.push(format!(
                "Column {} (\"{header}\") holds findings, not a party, so it is passed over.",
                column_name(c)
            ));
            continue;
        }
        if let Some(first) = seen.insert(normalised(header), c) {
            return Err(OfficeError::Content(format!(
                "Columns {} and {} both name the party \"{header}\": keep one column per party. Nothing has been changed.",
                column_name(first),
                column_name(c)
            )));
        }
        parties.push((c, header.to_string()));
    }
    if parties.is_empty() {
        return Err(OfficeError::Content(format!(
            "The first row of {where_} names no parties: put each party's name at the top of a column, from B1 on. Nothing has been changed."
        )));
    }

    let mut rows: Vec<SheetRow> = Vec::new();
    let mut activities: HashMap<String, usize> = HashMap::new();
    for r in 1..grid.len() {
        if label_rows.contains(&r) {
            continue;
        }
        let activity = at(r, 0);
        let letters_at = parties.iter().find(|(c, _)| !at(r, *c).is_empty());
        if activity.is_empty() {
            if let Some((c, _)) = letters_at {
                return Err(OfficeError::Content(format!(
                    "Row {} has letters (such as {} in {}) but no activity in {}: name the activity in the first column. Nothing has been changed.",
                    r + 1,
                    at(r, *c),
                    cell_ref(r, *c),
                    cell_ref(r, 0)
                )));
            }
            continue;
        }
        if let Some(first) = activities.insert(normalised(activity), r) {
            return Err(OfficeError::Content(format!(
                "Rows {} and {} both name the activity \"{activity}\": keep one row per activity. Nothing has been changed.",
                first + 1,
                r + 1
            )));
        }
        let mut cells = Vec::with_capacity(parties.len());
        for (c, party) in &parties {
            let typed = at(r, *c);
            let roles = raci::parse_letters(typed).map_err(|_| {
                let bad: String = typed
                    .chars()
                    .filter(|ch| {
                        !ch.is_whitespace()
                            && !matches!(ch, ',' | '/' | '-')
                            && ch.to_string().parse::<RaciRole>().is_err()
                    })
                    .take(1)
                    .collect();
                OfficeError::Content(format!(
                    "Cell {} (\"{activity}\", {party}) holds \"{typed}\", and '{bad}' is not a RACI letter: use R, A, C or I, such as R or RA, or leave the cell empty. Nothing has been changed.",
                    cell_ref(r, *c)
                ))
            })?;
            cells.push(roles);
        }
        rows.push(SheetRow {
            row: r,
            activity: activity.to_string(),
            cells,
        });
    }
    if rows.is_empty() {
        return Err(OfficeError::Content(format!(
            "{where_cap} has parties in its first row but no activities below it: name each activity in the first column, from A2 down. Nothing has been changed."
        )));
    }
    Ok(RaciSheet {
        sheet,
        parties,
        rows,
        skipped,
    })
}
