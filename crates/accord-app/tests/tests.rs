//! The desktop app's commands, called as plain functions on real workspace files, as the
//! Tauri shell calls them: no window needed.

use accord_app::{NewDecision, Session};

struct Fixture {
    dir: tempfile::TempDir,
    session: Session,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let session = Session::new(dir.path().join("settings/settings.json"));
    Fixture { dir, session }
}

fn ready() -> Fixture {
    let mut f = fixture();
    f.session
        .set_me("Siân Jones", "Isle of Anglesey County Council")
        .unwrap();
    let path = f.dir.path().join("bins.accord");
    f.session.create(&path, "Missed bins").unwrap();
    f
}

#[test]
fn nothing_is_written_until_the_user_says_who_they_are() {
    let mut f = fixture();
    let err = f
        .session
        .create(&f.dir.path().join("x.accord"), "Missed bins")
        .unwrap_err();
    assert_eq!(err.code, "who_are_you");
    assert!(!f.dir.path().join("x.accord").exists());
    let err = f.session.set_me("  ", "Gwynedd").unwrap_err();
    assert_eq!(
        (err.code.as_str(), err.field.as_deref()),
        ("empty", Some("name"))
    );
    assert_eq!(
        f.session.set_me("Siân", " ").unwrap_err().field.as_deref(),
        Some("organisation")
    );
}

#[test]
fn create_open_and_the_recent_list() {
    let mut f = ready();
    let path = f.dir.path().join("bins.accord");
    let start = f.session.start().unwrap();
    assert_eq!(start.recent.len(), 1);
    assert!(start.recent[0].exists && start.recent[0].name == "bins.accord");
    f.session.close();
    assert_eq!(f.session.overview().unwrap_err().code, "no_workspace");
    let overview = f.session.open(&path).unwrap();
    assert_eq!(overview.summary.project.title, "Missed bins");
    assert!(overview.report.has_errors());
    let again = f.session.create(&path, "Another").unwrap_err();
    assert_eq!(
        (again.code.as_str(), again.field.as_deref()),
        ("already_exists", Some("path"))
    );
    std::fs::write(f.dir.path().join("notes.txt"), "not a workspace").unwrap();
    let err = f.session.open(&f.dir.path().join("notes.txt")).unwrap_err();
    assert_eq!(err.code, "not_a_workspace");
    assert!(!err.message.contains("Error"), "{}", err.message);
}

#[test]
fn project_fields_save_one_at_a_time_and_bad_values_name_the_field() {
    let mut f = ready();
    f.session
        .set_project_field(
            "problem",
            "Residents report missed bins to the wrong council.",
        )
        .unwrap();
    let p = f.session.set_project_field("tags", "Waste, bins").unwrap();
    assert_eq!(p.tags, ["waste", "bins"]);
    let err = f.session.set_project_field("phase", "pilot").unwrap_err();
    assert_eq!(err.field.as_deref(), Some("phase"));
    assert!(
        err.message.contains("expected one of concept"),
        "{}",
        err.message
    );
    assert_eq!(
        f.session
            .set_project_field("review_date", "next week")
            .unwrap_err()
            .field
            .as_deref(),
        Some("review_date")
    );
    assert_eq!(
        f.session.set_project_field("title", " ").unwrap_err().code,
        "empty"
    );
    assert_eq!(
        f.session.overview().unwrap().summary.project.title,
        "Missed bins"
    );
}

#[test]
fn raci_cells_report_their_rows_findings() {
    let mut f = ready();
    let a = f
        .session
        .add_person("Siân Jones", "", "Digital lead", "")
        .unwrap();
    let b = f
        .session
        .add_person("Gwen Morgan", "", "", "gwen@worthing.gov.uk")
        .unwrap();
    let raci = f.session.raci().unwrap();
    let row = raci.activities[0].id.to_string();
    f.session.set_cell(&row, &a.id.to_string(), "A").unwrap();
    let two = f.session.set_cell(&row, &b.id.to_string(), "A").unwrap();
    assert!(
        two.row_findings
            .iter()
            .any(|x| x.code == "raci_many_accountable")
    );
    let fixed = f.session.set_cell(&row, &b.id.to_string(), "r").unwrap();
    assert_eq!(fixed.roles, "R");
    assert!(fixed.row_findings.is_empty(), "{:?}", fixed.row_findings);
    assert_eq!(
        f.session
            .set_cell(&row, &b.id.to_string(), "X")
            .unwrap_err()
            .field
            .as_deref(),
        Some("roles")
    );
    let cells = f.session.raci().unwrap().cells;
    assert_eq!(cells.len(), 2);
}

#[test]
fn decisions_page_supersede_and_lock() {
    let mut f = ready();
    let d1 = f
        .session
        .record_decision(NewDecision {
            title: "Host in Adur".into(),
            decision: "Adur hosts.".into(),
            tags: "hosting".into(),
            ..Default::default()
        })
        .unwrap();
    f.session
        .set_decision_field(&d1.id.to_string(), "options", "Adur\nWorthing\n")
        .unwrap();
    f.session
        .set_decision_status(&d1.id.to_string(), "accepted")
        .unwrap();
    let locked = f
        .session
        .set_decision_field(&d1.id.to_string(), "title", "Changed")
        .unwrap_err();
    assert_eq!(locked.code, "decision_locked");
    let d2 = f
        .session
        .record_decision(NewDecision {
            title: "Host in Worthing".into(),
            decision: "Worthing hosts.".into(),
            supersedes: Some(d1.id.to_string()),
            ..Default::default()
        })
        .unwrap();
    f.session
        .set_decision_status(&d2.id.to_string(), "accepted")
        .unwrap();
    let old = f.session.decision(&d1.id.to_string()).unwrap();
    assert_eq!(old.decision.status.as_str(), "superseded");
    assert_eq!(old.superseded_by[0].number, "D-002");
    assert!(!old.editable);
    assert_eq!(
        f.session
            .decision("D-002")
            .unwrap()
            .supersedes
            .unwrap()
            .number,
        "D-001"
    );
    let list = f.session.decisions("accepted", "", 0, 50).unwrap();
    assert_eq!((list.total, list.rows[0].number.as_str()), (1, "D-002"));
    assert_eq!(f.session.decisions("", "hosting", 0, 50).unwrap().total, 1);
    assert_eq!(
        f.session
            .record_decision(NewDecision::default())
            .unwrap_err()
            .field
            .as_deref(),
        Some("title")
    );
}

#[test]
fn handover_notes_are_written_part_by_part() {
    let mut f = ready();
    let holder = f.session.add_person("Gwen Morgan", "", "", "").unwrap();
    let note = f
        .session
        .start_handover("Service owner", &holder.id.to_string())
        .unwrap();
    let list = f.session.handover_notes().unwrap();
    assert_eq!(list.parts.len(), 7);
    assert_eq!(list.notes[0].missing_parts.len(), 7);
    for part in &list.parts {
        f.session
            .set_handover_field(
                &note.id.to_string(),
                part.field,
                &format!("{} written.", part.heading),
            )
            .unwrap();
    }
    let ready = f
        .session
        .set_handover_field(&note.id.to_string(), "status", "ready")
        .unwrap();
    assert_eq!(ready.status.as_str(), "ready");
    let err = f
        .session
        .set_handover_field(&note.id.to_string(), "status", "handed_over")
        .unwrap_err();
    assert!(err.message.contains("no successor"), "{}", err.message);
}

#[test]
fn agreement_sections_history_search_and_export() {
    let mut f = ready();
    let s = f
        .session
        .write_section(
            "data",
            "<script>alert(1)</script> Each council is controller.",
        )
        .unwrap();
    assert_eq!(
        s.body,
        "<script>alert(1)</script> Each council is controller."
    );
    f.session.set_section_status("data", "agreed").unwrap();
    assert_eq!(
        f.session
            .set_section_status("exit", "agreed")
            .unwrap_err()
            .field
            .as_deref(),
        Some("exit")
    );
    let a = f.session.agreement().unwrap();
    assert_eq!(a.sections.len(), 19);
    assert!(a.sections[0].guidance.is_some());
    assert_eq!(
        f.session.history(3).unwrap()[0].summary,
        "Marked the section \"Data\" agreed"
    );
    assert_eq!(f.session.search("controller").unwrap()[0].record_id, "data");
    let out = f.dir.path().join("export.json");
    f.session.export_json(&out, false).unwrap();
    let copy = f.dir.path().join("copy.accord");
    f.session.import_json(&out, &copy).unwrap();
    assert_eq!(
        f.session.agreement().unwrap().sections[9].body,
        "<script>alert(1)</script> Each council is controller."
    );
}

#[test]
fn councils_come_from_the_register() {
    let mut f = ready();
    let reg = f.dir.path().join("register.csv");
    std::fs::write(&reg, accord_fixtures::REGISTER_CSV).unwrap();
    let added = f
        .session
        .import_register(&reg, "ADU, WOT", "", "partner")
        .unwrap();
    assert_eq!(added.len(), 2);
    assert_eq!(
        f.session
            .import_register(&reg, "", "Wales", "observer")
            .unwrap()
            .len(),
        22
    );
    assert_eq!(
        f.session
            .import_register(&reg, "ZZZ", "", "partner")
            .unwrap_err()
            .code,
        "nothing_matches"
    );
    assert_eq!(f.session.parties().unwrap().organisations.len(), 24);
}

#[test]
fn a_pdf_is_exported_and_a_sign_off_goes_stale_when_its_content_changes() {
    let mut f = ready();
    let who = f
        .session
        .add_person("Cllr Aled Roberts", "", "Cabinet member", "")
        .unwrap();
    f.session
        .write_section("purpose", "Fewer missed bins in Gwynedd and Môn.")
        .unwrap();
    let out = f.dir.path().join("agreement.pdf");
    let pdf = f.session.export_pdf("agreement", &out, false).unwrap();
    assert!(pdf.pages >= 1 && std::fs::read(&out).unwrap().starts_with(b"%PDF-"));
    assert_eq!(
        f.session
            .export_pdf("minutes", &out, false)
            .unwrap_err()
            .field
            .as_deref(),
        Some("document")
    );
    let s = f
        .session
        .record_signoff(
            &out,
            &who.id.to_string(),
            "minuted_meeting",
            "2026-11-20",
            "Joint board",
        )
        .unwrap();
    assert!(s.current);
    assert_eq!(s.signoff.fingerprint, pdf.fingerprint);
    assert!(
        !f.session
            .overview()
            .unwrap()
            .report
            .findings
            .iter()
            .any(|x| x.code == "signoff_stale")
    );
    f.session
        .write_section("purpose", "Fewer missed bins, and one route for reports.")
        .unwrap();
    assert!(!f.session.signoffs().unwrap()[0].current);
    assert!(
        f.session
            .overview()
            .unwrap()
            .report
            .findings
            .iter()
            .any(|x| x.code == "signoff_stale")
    );
    assert_eq!(
        f.session
            .record_signoff(&out, &who.id.to_string(), "fax", "", "")
            .unwrap_err()
            .field
            .as_deref(),
        Some("method")
    );
}

#[test]
fn a_sign_off_is_recorded_against_the_pdf_that_was_signed_not_the_workspace_now() {
    let mut f = ready();
    let who = f
        .session
        .add_person("Cllr Aled Roberts", "", "Cabinet member", "")
        .unwrap();
    f.session
        .write_section("purpose", "Fewer missed bins in Gwynedd and Môn.")
        .unwrap();
    let out = f.dir.path().join("agreement.pdf");
    let signed = f.session.export_pdf("agreement", &out, false).unwrap();
    // The agreement changes after the PDF went to the board.
    f.session
        .write_section("purpose", "Fewer missed bins, and one route for reports.")
        .unwrap();
    let s = f
        .session
        .record_signoff(&out, &who.id.to_string(), "wet_ink", "2026-11-20", "")
        .unwrap();
    assert_eq!(s.signoff.fingerprint, signed.fingerprint);
    assert_eq!(s.signoff.document, accord_domain::DocumentKind::Agreement);
    assert!(
        !s.current,
        "the workspace has changed since that PDF was made"
    );

    // A PDF Accord did not make, a missing file and a PDF altered after export are
    // refused on the PDF's field, and nothing is recorded.
    let other = f.dir.path().join("minutes.pdf");
    std::fs::write(&other, "%PDF-1.4\nnot really a pdf").unwrap();
    let pack = f.dir.path().join("pack.pdf");
    f.session.export_pdf("pack", &pack, false).unwrap();
    // Its second page removed by another tool.
    let short = f.dir.path().join("short.pdf");
    let qpdf = std::process::Command::new("qpdf")
        .arg(&pack)
        .args(["--pages", ".", "1,3-z", "--"])
        .arg(&short)
        .status()
        .expect("qpdf runs (apt-get install qpdf, or scripts/setup.sh)");
    assert!(matches!(qpdf.code(), Some(0 | 3)));
    for (path, says) in [
        (other.as_path(), "Nothing was recorded"),
        (&f.dir.path().join("nowhere.pdf"), "Could not read"),
        (&short, "has been changed since Accord exported it"),
        (std::path::Path::new(""), "Choose the PDF that was signed"),
    ] {
        let e = f
            .session
            .record_signoff(path, &who.id.to_string(), "wet_ink", "", "")
            .unwrap_err();
        assert_eq!(e.field.as_deref(), Some("pdf"), "{e:?}");
        assert!(e.message.contains(says), "{}", e.message);
    }
    assert_eq!(f.session.signoffs().unwrap().len(), 1);
}

mod commands;
mod files;
mod office;
mod pipeline;
mod sync;
mod vocabulary;
