//! Word, Excel and Outlook files out and in, on real workspace files: every export read
//! back by programs other than Accord (openpyxl, python-docx and icalendar from PyPI,
//! LibreOffice), round trips through .xlsx and .docx, and bad files refused with a
//! sentence naming the cell or heading while the workspace stays as it was.

use std::path::{Path, PathBuf};
use std::process::Command;

use accord_app::export::{self, ExportError, Format, Request};
use accord_app::office;
use accord_domain::{
    Actor, Assignment, Decision, DecisionNumber, HandoverNote, Id, Organisation, OrganisationKind,
    PartyRole, Person, Project, RaciRole, SectionStatus, Workspace,
};
use accord_office::{OfficeDocument, OfficeFormat};
use accord_store::{Stamp, WorkspaceFile};
use chrono::{NaiveDate, TimeZone, Utc};
use serde_json::Value;

fn stamp() -> Stamp {
    Stamp::new(
        Actor::new("Siân Jones", "Isle of Anglesey County Council").unwrap(),
        Utc.with_ymd_and_hms(2026, 12, 4, 15, 0, 0).unwrap(),
    )
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

const PURPOSE: &str = "Ynys Môn and Gwynedd run one missed-bins service: “report once”.\n\nCostau’n cael eu rhannu — £25,000 a year, ŵ ŷ ë.";

/// Two councils, two people, the standard activities with letters (one row with two As),
/// written sections, decisions and a handover with dates.
fn workspace() -> Workspace {
    let mut n = 0u64;
    let mut next = move || {
        n += 1;
        accord_fixtures::id(40, n)
    };
    let mut project =
        Project::new(next(), "Missed bins: one service for Ynys Môn and Gwynedd").unwrap();
    project.review_date = Some(date(2027, 3, 1));
    let mut ws = Workspace::new(project, &mut next);
    let anglesey = Organisation::new(
        next(),
        "Isle of Anglesey County Council",
        OrganisationKind::Unitary,
        PartyRole::Lead,
    )
    .unwrap();
    let gwynedd = Organisation::new(
        next(),
        "Gwynedd Council",
        OrganisationKind::Unitary,
        PartyRole::Partner,
    )
    .unwrap();
    let mut sian = Person::new(next(), "Siân Jones").unwrap();
    sian.organisation = Some(anglesey.id);
    sian.job_title = "Head of Digital".into();
    let mut dafydd = Person::new(next(), "Dafydd Roberts").unwrap();
    dafydd.organisation = Some(gwynedd.id);
    let (a, g, s) = (anglesey.id, gwynedd.id, sian.id);
    let mut anglesey = anglesey;
    anglesey.signatory = Some(s);
    ws.organisations = vec![anglesey, gwynedd];
    ws.people = vec![sian, dafydd.clone()];
    let acts: Vec<Id> = ws.raci.activities.iter().map(|x| x.id).collect();
    let cell = |activity, party, role| Assignment {
        activity,
        party,
        role,
    };
    ws.raci.assignments = vec![
        cell(acts[0], a, RaciRole::A),
        cell(acts[0], g, RaciRole::R),
        cell(acts[0], s, RaciRole::C),
        cell(acts[1], g, RaciRole::A),
        cell(acts[1], g, RaciRole::R),
        cell(acts[2], a, RaciRole::A),
        cell(acts[2], g, RaciRole::A),
        cell(acts[3], s, RaciRole::I),
    ];
    ws.agreement.review_date = Some(date(2027, 4, 1));
    for sec in ws.agreement.sections.iter_mut() {
        match sec.key.as_str() {
            "purpose" => {
                sec.body = PURPOSE.into();
                sec.status = SectionStatus::Agreed;
            }
            "data" => sec.body = "Each council remains controller of its residents' data.".into(),
            _ => {}
        }
    }
    ws.agreement
        .add_section("training", "Training for call handlers")
        .unwrap();
    let training = ws.agreement.sections.last_mut().unwrap();
    training.body = "Both councils train call handlers together.".into();
    let mut d1 =
        Decision::new(next(), DecisionNumber(1), "Use one form", date(2026, 10, 1)).unwrap();
    d1.context = "Two forms confuse residents.".into();
    d1.review_date = Some(date(2027, 1, 15));
    d1.deciders = vec![s, dafydd.id];
    d1.tags = vec!["forms".into()];
    let d2 = Decision::new(
        next(),
        DecisionNumber(2),
        "Route by postcode",
        date(2026, 11, 2),
    )
    .unwrap();
    ws.decisions = vec![d1, d2];
    let mut note = HandoverNote::new(next(), "Service owner", dafydd.id).unwrap();
    note.handover_date = Some(date(2027, 2, 1));
    note.successor = Some(s);
    ws.succession = vec![note];
    ws
}

struct Files {
    dir: tempfile::TempDir,
    file: WorkspaceFile,
}

impl Files {
    fn new() -> Files {
        let dir = tempfile::tempdir().unwrap();
        let file =
            WorkspaceFile::import(dir.path().join("bins.accord"), &workspace(), &stamp()).unwrap();
        Files { dir, file }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn export(&self, format: OfficeFormat, document: OfficeDocument, name: &str) -> PathBuf {
        let out = self.path(name);
        export::export(
            &self.file,
            &Request {
                format: Format::Office(format, document),
                out: out.clone(),
                force: false,
            },
            date(2026, 12, 4),
        )
        .unwrap();
        out
    }

    fn changes(&self) -> u32 {
        self.file.summary().unwrap().changes
    }
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/office")
        .join(name)
}

fn export_all(f: &Files) -> PathBuf {
    f.export(
        OfficeFormat::Docx,
        OfficeDocument::Agreement,
        "agreement.docx",
    );
    f.export(OfficeFormat::Xlsx, OfficeDocument::Raci, "raci.xlsx");
    f.export(
        OfficeFormat::Xlsx,
        OfficeDocument::Decisions,
        "decisions.xlsx",
    );
    f.export(OfficeFormat::Ics, OfficeDocument::Dates, "dates.ics");
    f.dir.path().to_path_buf()
}

fn read_back(dir: &Path) -> Value {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/office_readback.py");
    let out = Command::new("python3")
        .arg(script)
        .arg(dir)
        .output()
        .expect("python3 runs (scripts/setup.sh installs openpyxl, python-docx and icalendar)");
    assert!(
        out.status.success(),
        "the readers failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn every_office_export_reads_back_in_openpyxl_python_docx_and_icalendar() {
    let f = Files::new();
    let dir = export_all(&f);
    let seen = read_back(&dir);

    // RACI: parties across, activities down, letters as groups, findings, frozen, limited.
    let raci = &seen["raci"];
    assert_eq!(raci["sheets"], serde_json::json!(["RACI", "Legend"]));
    assert_eq!(raci["freeze"], "B2");
    let rows = raci["rows"].as_array().unwrap();
    let header: Vec<&str> = rows[0]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        header,
        [
            "Activity",
            "Isle of Anglesey County Council",
            "Gwynedd Council",
            "Siân Jones",
            "Findings"
        ]
    );
    assert!(
        raci["header_bold"]
            .as_array()
            .unwrap()
            .iter()
            .all(|b| b == true)
    );
    assert_eq!(rows[1][0], "Owning the service");
    assert_eq!(rows[1][1], "A");
    assert_eq!(rows[1][2], "R");
    assert_eq!(rows[1][3], "C");
    assert_eq!(
        rows[2][2], "RA",
        "two letters in one cell, in the matrix's order"
    );
    let owning_data_findings = rows[3][4].as_str().unwrap();
    assert!(
        owning_data_findings.contains("2 parties are Accountable"),
        "{owning_data_findings}"
    );
    assert!(rows[1][4].is_null(), "a row without findings has none");
    let v = &raci["validations"][0];
    assert_eq!(v["type"], "custom");
    assert!(v["ranges"].as_str().unwrap().starts_with("B2:D"), "{v}");
    for letter in ["\"R\"", "\"A\"", "\"C\"", "\"I\""] {
        assert!(v["formula"].as_str().unwrap().contains(letter), "{v}");
    }
    assert_eq!(raci["legend"][1][0], "R");
    assert!(
        raci["legend"][2][1]
            .as_str()
            .unwrap()
            .starts_with("Accountable")
    );

    // Decisions: one row each, a column per field, real dates, filters on.
    let decisions = &seen["decisions"];
    assert_eq!(decisions["filter"], "A1:P3");
    assert_eq!(decisions["freeze"], "A2");
    assert_eq!(decisions["date_is_a_date"], true);
    let rows = decisions["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0][0], "Number");
    assert_eq!(rows[0][14], "Review date");
    assert_eq!(rows[1][0], "D-001");
    assert_eq!(rows[1][1], "Use one form");
    assert_eq!(rows[1][2]["date"], "2026-10-01");
    assert_eq!(rows[1][3], "Proposed");
    assert_eq!(rows[1][4], "Two forms confuse residents.");
    assert_eq!(rows[1][8], "Siân Jones, Dafydd Roberts");
    assert_eq!(rows[1][14]["date"], "2027-01-15");
    assert_eq!(rows[1][15], "forms");
    assert_eq!(rows[2][1], "Route by postcode");

    // Agreement: Word's own heading styles, the text exactly as typed, signatures.
    let paragraphs: Vec<(String, String)> = seen["agreement"]["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p[0].as_str().unwrap().to_string(),
                p[1].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        paragraphs[0],
        (
            "Title".into(),
            "Missed bins: one service for Ynys Môn and Gwynedd".into()
        )
    );
    let headings: Vec<&str> = paragraphs
        .iter()
        .filter(|(style, _)| style == "Heading 1")
        .map(|(_, text)| text.as_str())
        .collect();
    assert_eq!(
        headings.len(),
        20,
        "19 standard sections and one of the project's own"
    );
    assert_eq!(headings[0], "Parties");
    assert_eq!(headings[1], "Purpose and shared aims");
    assert_eq!(headings[19], "Training for call handlers");
    let at = paragraphs
        .iter()
        .position(|(_, t)| t == "Purpose and shared aims")
        .unwrap();
    assert_eq!(paragraphs[at + 1].1, "Status: Agreed");
    let lines: Vec<&str> = paragraphs[at + 2..at + 5]
        .iter()
        .map(|(_, t)| t.as_str())
        .collect();
    assert_eq!(
        lines.join("\n"),
        PURPOSE,
        "Welsh and every other character as typed"
    );
    assert!(paragraphs.iter().any(|(_, t)| t == "Version 1, draft."));
    assert!(
        paragraphs
            .iter()
            .any(|(s, t)| s == "Heading 2" && t == "For Isle of Anglesey County Council")
    );
    assert!(paragraphs.iter().any(|(_, t)| t == "Name: Siân Jones"));
    let parties = &seen["agreement"]["tables"][0];
    assert_eq!(
        parties[1],
        serde_json::json!(["Isle of Anglesey County Council", "Unitary", "Lead"])
    );

    // Dates: one all-day event per date, stable UIDs, the same when read twice.
    let dates = &seen["dates"];
    assert_eq!(dates["first"], dates["second"]);
    let events = dates["first"].as_array().unwrap();
    let summaries: Vec<&str> = events
        .iter()
        .map(|e| e["summary"].as_str().unwrap())
        .collect();
    assert_eq!(
        summaries,
        [
            "Project review: Missed bins: one service for Ynys Môn and Gwynedd",
            "Agreement review: Missed bins: one service for Ynys Môn and Gwynedd",
            "Review decision D-001: Use one form",
            "Handover: Service owner",
        ]
    );
    assert!(events.iter().all(|e| e["all_day"] == true));
    assert_eq!(events[2]["start"], "2027-01-15");
    // Exported again after a change: the same UIDs, a higher SEQUENCE, so a calendar
    // updates the events instead of adding copies.
    let mut f = f;
    let again = f.path("again");
    std::fs::create_dir(&again).unwrap();
    f.file
        .update_agreement(
            accord_domain::agreement::AgreementPatch {
                review_date: Some(Some(date(2027, 5, 1))),
                ..Default::default()
            },
            &stamp(),
        )
        .unwrap();
    for name in ["agreement.docx", "raci.xlsx", "decisions.xlsx", "dates.ics"] {
        std::fs::copy(dir.join(name), again.join(name)).unwrap();
    }
    std::fs::remove_file(again.join("dates.ics")).unwrap();
    f.export(OfficeFormat::Ics, OfficeDocument::Dates, "again/dates.ics");
    let later = read_back(&again);
    let later = later["dates"]["first"].as_array().unwrap();
    let uids = |es: &[Value]| es.iter().map(|e| e["uid"].clone()).collect::<Vec<_>>();
    assert_eq!(uids(later), uids(events));
    assert_eq!(later[1]["start"], "2027-05-01");
    assert!(later[1]["sequence"].as_i64() > events[1]["sequence"].as_i64());
}

#[test]
fn libreoffice_opens_every_office_export() {
    let f = Files::new();
    let dir = export_all(&f);
    let pdfs = f.path("pdf");
    let profile = f.path("lo-profile");
    let files = ["agreement.docx", "raci.xlsx", "decisions.xlsx", "dates.ics"];
    let out = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&pdfs)
        .args(files[..3].iter().map(|n| dir.join(n)))
        .output()
        .expect(
            "LibreOffice runs (scripts/setup.sh installs libreoffice-writer-nogui and -calc-nogui)",
        );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for name in &files[..3] {
        let pdf = pdfs.join(Path::new(name).with_extension("pdf").file_name().unwrap());
        let bytes = std::fs::read(&pdf).unwrap_or_else(|_| {
            panic!(
                "LibreOffice made no PDF of {name}: {}",
                String::from_utf8_lossy(&out.stdout)
            )
        });
        assert!(bytes.starts_with(b"%PDF") && bytes.len() > 1000, "{name}");
    }
}

#[test]
fn an_office_export_never_replaces_a_file_or_the_workspace_and_a_wrong_pair_is_refused() {
    let f = Files::new();
    let out = f.export(OfficeFormat::Xlsx, OfficeDocument::Raci, "raci.xlsx");
    let before = std::fs::read(&out).unwrap();
    let request = |out: PathBuf, format, document| Request {
        format: Format::Office(format, document),
        out,
        force: false,
    };
    let again = export::export(
        &f.file,
        &request(out.clone(), OfficeFormat::Xlsx, OfficeDocument::Raci),
        date(2026, 12, 5),
    );
    assert!(matches!(again, Err(ExportError::Exists(_))));
    assert_eq!(std::fs::read(&out).unwrap(), before);
    let over = export::export(
        &f.file,
        &request(
            f.path("bins.accord"),
            OfficeFormat::Xlsx,
            OfficeDocument::Raci,
        ),
        date(2026, 12, 5),
    );
    assert_eq!(over.unwrap_err().code(), "export_over_workspace");
    let wrong = export::export(
        &f.file,
        &request(f.path("x.docx"), OfficeFormat::Docx, OfficeDocument::Raci),
        date(2026, 12, 5),
    )
    .unwrap_err();
    assert_eq!(
        wrong.to_string(),
        "The RACI matrix is exported as .xlsx, not .docx: use --format xlsx for it."
    );
    assert!(!f.path("x.docx").exists());
}

#[test]
fn a_raci_out_to_excel_and_back_in_is_the_same_matrix() {
    let mut f = Files::new();
    let out = f.export(OfficeFormat::Xlsx, OfficeDocument::Raci, "raci.xlsx");
    // Into the workspace it came from: nothing to change.
    let same = office::import_raci(&mut f.file, &out, false, &stamp()).unwrap();
    assert!(same.plan.is_empty(), "{:?}", same.plan.changes);
    assert!(!same.written);
    assert_eq!(same.plan.unchanged, 7);
    // Into a workspace with the same parties and an empty matrix: the same matrix.
    let mut empty = workspace();
    empty.raci.assignments.clear();
    empty.raci.activities.truncate(2);
    let mut fresh = WorkspaceFile::import(f.path("fresh.accord"), &empty, &stamp()).unwrap();
    let before = fresh.summary().unwrap().changes;
    let done = office::import_raci(&mut fresh, &out, false, &stamp()).unwrap();
    assert!(done.written);
    let records = (done.plan.new_activities.len() + done.plan.changes.len()) as u32;
    assert_eq!(
        fresh.summary().unwrap().changes,
        before + records,
        "one operation in the history per record changed, as when typed"
    );
    assert_eq!(done.plan.new_activities.len(), 4);
    let names = |ws: &Workspace| -> Vec<(String, String, RaciRole)> {
        let party = ws.party_names();
        let mut cells: Vec<_> = ws
            .raci
            .assignments
            .iter()
            .map(|x| {
                let act = ws
                    .raci
                    .activities
                    .iter()
                    .find(|a| a.id == x.activity)
                    .unwrap();
                (act.name.clone(), party[&x.party].to_string(), x.role)
            })
            .collect();
        cells.sort();
        cells
    };
    let original = f.file.load().unwrap();
    let imported = fresh.load().unwrap();
    assert_eq!(names(&imported), names(&original));
    let acts = |ws: &Workspace| {
        ws.raci
            .activities
            .iter()
            .map(|a| a.name.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(acts(&imported), acts(&original));
    assert!(
        done.findings
            .iter()
            .any(|x| x.code == "raci_many_accountable")
    );
}

#[test]
fn an_agreement_out_to_word_and_back_in_has_the_same_sections() {
    let f = Files::new();
    let out = f.export(
        OfficeFormat::Docx,
        OfficeDocument::Agreement,
        "agreement.docx",
    );
    let mut empty = workspace();
    empty.agreement = accord_domain::Agreement::standard();
    let mut fresh = WorkspaceFile::import(f.path("fresh.accord"), &empty, &stamp()).unwrap();
    let preview = office::import_agreement(&mut fresh, &out, true, &stamp()).unwrap();
    assert!(!preview.written);
    assert_eq!(preview.plan.changes.len(), 3);
    assert_eq!(
        fresh.agreement().unwrap(),
        accord_domain::Agreement::standard(),
        "a dry run writes nothing"
    );
    let done = office::import_agreement(&mut fresh, &out, false, &stamp()).unwrap();
    assert!(done.written);
    let sections = |a: &accord_domain::Agreement| {
        a.sections
            .iter()
            .map(|s| (s.key.clone(), s.title.clone(), s.body.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        sections(&fresh.agreement().unwrap()),
        sections(&f.file.agreement().unwrap())
    );
    // And back into the workspace it came from: nothing to change.
    let mut f = f;
    let same = office::import_agreement(&mut f.file, &out, false, &stamp()).unwrap();
    assert!(same.plan.is_empty(), "{:?}", same.plan.changes);
}

#[test]
fn a_spreadsheet_kept_by_hand_imports_with_a_clear_preview() {
    let mut f = Files::new();
    let before = f.changes();
    let sheet = fixture("raci-kept-by-hand.xlsx");
    let preview = office::import_raci(&mut f.file, &sheet, true, &stamp()).unwrap();
    assert_eq!(f.changes(), before, "a dry run writes nothing");
    let plan = &preview.plan;
    assert_eq!(preview.sheet, "Responsibilities");
    let matched: Vec<(&str, Option<&str>)> = plan
        .parties
        .iter()
        .map(|p| (p.column.as_str(), p.party.as_ref().map(|(_, n)| n.as_str())))
        .collect();
    assert_eq!(
        matched,
        [
            ("B", Some("Isle of Anglesey County Council")),
            ("D", Some("Gwynedd Council")),
            ("E", Some("Siân Jones")),
            ("F", None),
        ]
    );
    let notes = plan.notes.join("\n");
    assert!(
        notes.contains("Column C has no heading and nothing in it"),
        "{notes}"
    );
    assert!(
        notes.contains("Row 3 (\"Phase 2: running it\") is merged across the table"),
        "{notes}"
    );
    assert!(
        notes.contains("column F (\"Someone Unknown\", 1 cell) are not imported"),
        "{notes}"
    );
    let new: Vec<&str> = plan
        .new_activities
        .iter()
        .map(|a| a.name.as_str())
        .collect();
    assert_eq!(new, ["Running the helpdesk"]);
    let changes: Vec<String> = plan
        .changes
        .iter()
        .map(|c| {
            format!(
                "{} / {}: {} -> {}",
                c.activity_name,
                c.party_name,
                accord_domain::raci::letters(&c.before),
                accord_domain::raci::letters(&c.after)
            )
        })
        .collect();
    assert_eq!(
        changes,
        [
            "Maintaining the code / Isle of Anglesey County Council:  -> R",
            "Maintaining the code / Gwynedd Council:  -> A",
            "Running the helpdesk / Gwynedd Council:  -> RA",
            "Running the helpdesk / Siân Jones:  -> I",
        ]
    );
    let done = office::import_raci(&mut f.file, &sheet, false, &stamp()).unwrap();
    assert!(done.written);
    assert_eq!(f.changes(), before + 5, "one activity and four cells");
}

#[test]
fn bad_files_are_refused_with_a_sentence_naming_the_place_and_change_nothing() {
    let mut f = Files::new();
    let before = f.changes();
    let agreement = f.file.agreement().unwrap();
    let dir = f.dir.path().to_path_buf();
    let write = |name: &str, bytes: &[u8]| {
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    };
    let cases: Vec<(PathBuf, &str)> = vec![
        (
            write("report.xlsx", b"%PDF-1.7 not a workbook"),
            "report.xlsx is not an Excel workbook Accord can read",
        ),
        (
            write("notes.txt", b"Activity,Gwynedd Council"),
            "notes.txt is not a spreadsheet Accord reads",
        ),
        (
            fixture("empty.xlsx"),
            "The sheet \"Sheet1\" of empty.xlsx is empty",
        ),
        (
            fixture("merged-header.xlsx"),
            "Cells B1:C1 in the first row of the sheet \"RACI\" of merged-header.xlsx are merged",
        ),
        (
            write(
                "letters.csv",
                "Activity,Gwynedd Council,Siân Jones\nOwning the data,A,\nOwning the code,R,X\n"
                    .as_bytes(),
            ),
            "Cell C3 (\"Owning the code\", Siân Jones) holds \"X\", and 'X' is not a RACI letter",
        ),
        (
            write(
                "headless.csv",
                b"Activity,,Gwynedd Council\nOwning the data,R,A\n",
            ),
            "Column B has letters (such as R in B2) but no party named in B1",
        ),
        (write("blank.csv", b""), "blank.csv is empty"),
    ];
    for (path, says) in cases {
        let err = office::import_raci(&mut f.file, &path, false, &stamp()).unwrap_err();
        assert!(
            err.message.starts_with(says),
            "{}: {}",
            path.display(),
            err.message
        );
        assert!(
            err.message.ends_with("Nothing has been changed."),
            "{}",
            err.message
        );
    }
    let err = office::import_agreement(&mut f.file, &fixture("no-headings.docx"), false, &stamp())
        .unwrap_err();
    assert!(
        err.message.starts_with("no-headings.docx has no headings"),
        "{}",
        err.message
    );
    let err = office::import_agreement(
        &mut f.file,
        &write("fake.docx", b"just text"),
        false,
        &stamp(),
    )
    .unwrap_err();
    assert!(
        err.message
            .starts_with("fake.docx is not a Word document (.docx)"),
        "{}",
        err.message
    );
    assert_eq!(f.changes(), before);
    assert_eq!(f.file.agreement().unwrap(), agreement);
}

#[test]
fn an_agreement_kept_in_word_becomes_sections_matched_by_title() {
    let mut f = Files::new();
    let preview = office::import_agreement(
        &mut f.file,
        &fixture("agreement-kept-in-word.docx"),
        true,
        &stamp(),
    )
    .unwrap();
    let plan: Vec<(String, String, bool, bool)> = preview
        .plan
        .changes
        .iter()
        .map(|c| (c.key.clone(), c.title.clone(), c.added, c.standard))
        .collect();
    assert_eq!(
        plan,
        [
            (
                "purpose".to_string(),
                "Purpose and shared aims".to_string(),
                false,
                true
            ),
            ("data".to_string(), "Data".to_string(), false, true),
            (
                "training_2".to_string(),
                "Training".to_string(),
                true,
                false
            ),
        ]
    );
    assert_eq!(
        preview.plan.changes[0].after,
        "Ynys Môn and Gwynedd will run one missed-bins service.\nResidents report once, whichever council collects."
    );
    assert_eq!(
        preview.plan.changes[1].after,
        "Controllers\nEach council remains controller of its residents' data."
    );
    office::import_agreement(
        &mut f.file,
        &fixture("agreement-kept-in-word.docx"),
        false,
        &stamp(),
    )
    .unwrap();
    let a = f.file.agreement().unwrap();
    assert_eq!(
        a.section("purpose").unwrap().status,
        SectionStatus::Draft,
        "changed text is a draft again"
    );
    assert_eq!(
        a.section("training_2").unwrap().body,
        "Call handlers in both councils are trained together."
    );
}

/// The app's two steps, as the import screens call them: a preview that writes nothing,
/// then an import that writes only what the preview showed.
#[test]
fn the_apps_import_writes_only_what_its_preview_showed() {
    let f = Files::new();
    let dir = f.dir.path().to_path_buf();
    let mut session = accord_app::Session::new(dir.join("settings/settings.json"));
    session
        .set_me("Siân Jones", "Isle of Anglesey County Council")
        .unwrap();
    let path = dir.join("bins.accord");
    drop(f.file);
    session.open(&path).unwrap();
    let changes = |s: &accord_app::Session| s.overview().unwrap().summary.changes;
    let before = changes(&session);

    // RACI: the preview names who each column is, what is added and changed.
    let sheet = fixture("raci-kept-by-hand.xlsx");
    let preview = session.preview_raci_import(&sheet).unwrap();
    assert_eq!(changes(&session), before, "a preview writes nothing");
    assert_eq!(
        (preview.file.as_str(), preview.sheet.as_str()),
        ("raci-kept-by-hand.xlsx", "Responsibilities")
    );
    let unmatched: Vec<&str> = preview
        .parties
        .iter()
        .filter(|p| p.matched.is_none())
        .map(|p| p.written.as_str())
        .collect();
    assert_eq!(unmatched, ["Someone Unknown"]);
    assert_eq!(preview.new_activities, ["Running the helpdesk"]);
    let helpdesk = preview
        .changes
        .iter()
        .find(|c| c.activity == "Running the helpdesk" && c.party == "Gwynedd Council")
        .unwrap();
    assert_eq!(
        (helpdesk.before.as_str(), helpdesk.after.as_str()),
        ("", "RA")
    );
    assert!(helpdesk.new_activity);
    assert!(!preview.written && !preview.nothing_to_do);

    // Another preview of the same file and workspace is the same preview, though a new
    // activity gets a new id each time.
    assert_eq!(
        session.preview_raci_import(&sheet).unwrap().preview,
        preview.preview
    );
    // The workspace changes after the preview: the import is refused and writes nothing.
    let raci = session.raci().unwrap();
    let maintaining = raci
        .activities
        .iter()
        .find(|a| a.name == "Maintaining the code")
        .unwrap()
        .id
        .to_string();
    let gwynedd = session
        .parties()
        .unwrap()
        .organisations
        .iter()
        .find(|o| o.name == "Gwynedd Council")
        .unwrap()
        .id
        .to_string();
    session.set_cell(&maintaining, &gwynedd, "C").unwrap();
    let moved = changes(&session);
    let err = session.import_raci(&sheet, &preview.preview).unwrap_err();
    assert_eq!(err.code, "preview_outdated");
    assert!(
        err.message.contains("nothing has been imported"),
        "{}",
        err.message
    );
    assert_eq!(changes(&session), moved);
    // Previewed again, it imports as one change per record.
    let again = session.preview_raci_import(&sheet).unwrap();
    assert_ne!(again.preview, preview.preview);
    let done = session.import_raci(&sheet, &again.preview).unwrap();
    assert!(done.written);
    assert_eq!(
        changes(&session),
        moved + (done.new_activities.len() + done.changes.len()) as u32
    );

    // Agreement: the preview says which headings are standard sections and which are
    // the council's own.
    let docx = fixture("agreement-kept-in-word.docx");
    let preview = session.preview_agreement_import(&docx).unwrap();
    let sections: Vec<(&str, bool, bool)> = preview
        .sections
        .iter()
        .map(|s| (s.key.as_str(), s.standard, s.added))
        .collect();
    assert_eq!(
        sections,
        [
            ("purpose", true, false),
            ("data", true, false),
            ("training_2", false, true)
        ]
    );
    assert_eq!(preview.sections[2].what, "add your own section");
    assert_eq!(preview.sections[2].heading, "3. Training");
    let at = changes(&session);
    assert_eq!(
        session
            .import_agreement(&docx, "not the preview")
            .unwrap_err()
            .code,
        "preview_outdated"
    );
    assert_eq!(changes(&session), at);
    let done = session.import_agreement(&docx, &preview.preview).unwrap();
    assert!(done.written);
    assert_eq!(
        session.agreement().unwrap().sections.last().unwrap().title,
        "Training"
    );
    // A bad file: the command line's sentence, and nothing changes.
    let at = changes(&session);
    let err = session
        .preview_agreement_import(&fixture("no-headings.docx"))
        .unwrap_err();
    assert!(
        err.message.starts_with("no-headings.docx has no headings"),
        "{}",
        err.message
    );
    assert_eq!(changes(&session), at);
}

/// A preview holds nothing open: a change another program makes afterwards is seen by the
/// app's poll, as on any screen.
#[test]
fn a_change_made_elsewhere_after_a_preview_is_seen() {
    let f = Files::new();
    let dir = f.dir.path().to_path_buf();
    let mut session = accord_app::Session::new(dir.join("settings/settings.json"));
    session
        .set_me("Siân Jones", "Isle of Anglesey County Council")
        .unwrap();
    let path = dir.join("bins.accord");
    drop(f.file);
    session.open(&path).unwrap();
    assert!(!session.changed_elsewhere().unwrap());
    for (document, name) in [
        ("agreement", "a.docx"),
        ("raci", "r.xlsx"),
        ("decisions", "d.xlsx"),
        ("dates", "d.ics"),
    ] {
        session
            .export_office(document, &dir.join(name), false)
            .unwrap();
    }
    let sheet = fixture("raci-kept-by-hand.xlsx");
    let preview = session.preview_raci_import(&sheet).unwrap();
    session.import_raci(&sheet, &preview.preview).unwrap();
    session.raci().unwrap();
    session.agreement().unwrap();
    session.overview().unwrap();
    session.sync_status().unwrap();
    session.conflicts().unwrap();
    session.parties().unwrap();
    session.changed_elsewhere().unwrap();
    let mut probe = WorkspaceFile::open(&path).unwrap();
    probe.write_section("exit", "Probe.", &stamp()).unwrap();
    assert!(
        session.changed_elsewhere().unwrap(),
        "after the RACI import and the screens"
    );
    session
        .preview_agreement_import(&fixture("agreement-kept-in-word.docx"))
        .unwrap();
    session
        .preview_raci_import(&fixture("raci-kept-by-hand.xlsx"))
        .unwrap();
    let mut other = WorkspaceFile::open(&path).unwrap();
    other
        .write_section("data", "Written at the command line.", &stamp())
        .unwrap();
    assert!(session.changed_elsewhere().unwrap());
}

/// After the RACI screen and a preview, the app's connection reads what another program
/// wrote (no read left open holding an old snapshot).
#[test]
fn a_raci_preview_leaves_no_read_open() {
    let f = Files::new();
    let dir = f.dir.path().to_path_buf();
    let mut session = accord_app::Session::new(dir.join("settings/settings.json"));
    session
        .set_me("Siân Jones", "Isle of Anglesey County Council")
        .unwrap();
    let path = dir.join("bins.accord");
    drop(f.file);
    session.open(&path).unwrap();
    session.raci().unwrap();
    session.conflicts().unwrap();
    session
        .preview_raci_import(&fixture("raci-kept-by-hand.xlsx"))
        .unwrap();
    // What the page asks every two seconds.
    session.changed_elsewhere().unwrap();
    session.sync_status().unwrap();
    let mut other = WorkspaceFile::open(&path).unwrap();
    other.write_section("exit", "Probe.", &stamp()).unwrap();
    let exit = session
        .agreement()
        .unwrap()
        .sections
        .into_iter()
        .find(|s| s.key == "exit")
        .unwrap();
    assert_eq!(exit.body, "Probe.");
    assert!(session.changed_elsewhere().unwrap());
}
