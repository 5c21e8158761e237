//! accord-office on its own, without files or a store: cell names, the pairs of document
//! and format, and the agreement through .docx bytes and back. The files read back by
//! other programs, and the imports into real workspaces, are in accord-app's tests.

use accord_domain::{Project, SectionStatus, Workspace};
use accord_office::{
    OfficeDocument, OfficeFormat, SheetKind, cell_ref, column_name, read_agreement, read_raci_sheet,
};

fn workspace() -> Workspace {
    let mut n = 0u128;
    let next = move || {
        n += 1;
        uuid::Uuid::from_u128(n)
    };
    let mut ws = Workspace::new(
        Project::new(uuid::Uuid::from_u128(999), "Llwybrau").unwrap(),
        next,
    );
    ws.agreement.sections[1].body = "Line one — ŵ\n\nLine three".into();
    ws.agreement.sections[1].status = SectionStatus::Agreed;
    ws
}

#[test]
fn cells_are_named_as_excel_names_them() {
    assert_eq!(column_name(0), "A");
    assert_eq!(column_name(25), "Z");
    assert_eq!(column_name(26), "AA");
    assert_eq!(column_name(701), "ZZ");
    assert_eq!(column_name(702), "AAA");
    assert_eq!(cell_ref(3, 2), "C4");
}

#[test]
fn each_document_has_one_format() {
    let ws = workspace();
    let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
    let err =
        accord_office::render(&ws, OfficeFormat::Ics, OfficeDocument::Raci, day, 1).unwrap_err();
    assert_eq!(
        err.to_string(),
        "The RACI matrix is exported as .xlsx, not .ics: use --format xlsx for it."
    );
    assert!("minutes".parse::<OfficeDocument>().is_err());
}

#[test]
fn the_agreement_through_docx_bytes_gives_its_sections_back() {
    let ws = workspace();
    let bytes = accord_office::agreement_docx(&ws).unwrap();
    let sections = read_agreement(&bytes, "a.docx").unwrap();
    let back: Vec<(String, String)> = sections.into_iter().map(|s| (s.title, s.body)).collect();
    let want: Vec<(String, String)> = ws
        .agreement
        .sections
        .iter()
        .map(|s| (s.title.clone(), s.body.clone()))
        .collect();
    assert_eq!(back, want);
}

#[test]
fn a_csv_raci_is_read_with_its_cells_named() {
    let csv = "Activity,Adur,,Worthing\nOwning the data,a r,,c\n\nMaintaining the code,,,I\n";
    let sheet = read_raci_sheet(csv.as_bytes(), "m.csv", SheetKind::Csv).unwrap();
    assert_eq!(
        sheet.parties,
        [(1, "Adur".to_string()), (3, "Worthing".to_string())]
    );
    assert_eq!(sheet.rows.len(), 2);
    assert_eq!(sheet.rows[1].row, 3);
    assert_eq!(
        sheet.skipped,
        ["Column C has no heading and nothing in it, so it is passed over."]
    );
    let bad = "Activity,Adur\nOwning the data,Q\n";
    let err = read_raci_sheet(bad.as_bytes(), "m.csv", SheetKind::Csv).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("Cell B2 (\"Owning the data\", Adur) holds \"Q\""),
        "{err}"
    );
    assert!(SheetKind::from_name("m.pdf").is_err());
}
