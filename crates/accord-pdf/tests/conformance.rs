//! Accessible and archival: every document, for an empty workspace, the North Wales
//! fixture (Welsh names and text as typed), the same workspace saying its documents are
//! in Welsh (`/Lang cy`) and a big workspace, checked by independent
//! readers: page-validation (PyPI `page-validation`) for PDF/UA-1 and PDF/A-3a, failing
//! on any failed rule; poppler's `pdfinfo -struct-text` for the structure in reading
//! order; `qpdf --check` for the file.

use std::path::{Path, PathBuf};
use std::process::Command;

use accord_domain::{DocumentKind, Workspace};

use crate::fixture;
use crate::reader::from_bytes;

fn validator() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/validate.py")
}

/// Runs page-validation on `files` for `profile`; panics with every failed rule.
fn validate(profile: &str, files: &[&Path]) {
    let out = Command::new("python3")
        .arg(validator())
        .arg(profile)
        .args(files)
        .output()
        .unwrap_or_else(|e| panic!("python3 runs (apt-get install python3): {e}"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_ne!(
        out.status.code(),
        Some(2),
        "page-validation is missing. Install it with scripts/setup.sh, or: \
         pip install --break-system-packages page-validation\n{stderr}"
    );
    assert!(
        out.status.success(),
        "{profile}: rules failed:\n{stdout}\n{stderr}"
    );
    // Every file was checked and passed.
    let ok = stdout.lines().filter(|l| l.contains("\tok\t")).count();
    assert_eq!(ok, files.len(), "{stdout}");
}

fn workspaces() -> Vec<(&'static str, Workspace)> {
    vec![
        ("empty", fixture::empty()),
        ("north-wales", fixture::north_wales()),
        ("welsh", welsh()),
        ("big", fixture::big(30, 60, 300)),
    ]
}

/// The North Wales workspace, saying its documents are written in Welsh.
fn welsh() -> Workspace {
    let mut ws = fixture::north_wales();
    ws.project.language = accord_domain::Language::Welsh;
    ws
}

#[test]
#[cfg_attr(windows, ignore = "reads back with Linux programs: tests.rs")]
fn every_document_is_pdf_ua_1_and_pdf_a_3a() {
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for (name, ws) in workspaces() {
        for kind in DocumentKind::ALL {
            let rendered =
                accord_pdf::render_with_report(&ws, *kind, &crate::reader::options()).unwrap();
            let path = dir.path().join(format!("{name}-{kind}.pdf"));
            std::fs::write(&path, &rendered.pdf).unwrap();
            files.push(path);
        }
    }
    let refs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    assert_eq!(refs.len(), 20);
    validate("ua1", &refs);
    validate("3a", &refs);
}

/// `pdfinfo -struct-text`: the structure tree with each element's text, as poppler reads it.
fn struct_text(path: &Path) -> String {
    let out = Command::new("pdfinfo")
        .arg("-struct-text")
        .arg(path)
        .output()
        .expect("pdfinfo runs (apt-get install poppler-utils)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Positions of `needles` in `hay`, which must appear in this order.
fn in_order(hay: &str, needles: &[&str]) {
    let mut at = 0;
    for n in needles {
        match hay[at..].find(n) {
            Some(i) => at += i + n.len(),
            None => panic!("{n:?} missing or out of order after byte {at}:\n{hay}"),
        }
    }
}

#[test]
#[cfg_attr(windows, ignore = "reads back with Linux programs: tests.rs")]
fn the_structure_reads_in_order_with_headings_and_table_cells() {
    let ws = fixture::north_wales();
    let pdf = from_bytes(
        accord_pdf::render_with_report(&ws, DocumentKind::Pack, &crate::reader::options()).unwrap(),
    );
    pdf.assert_qpdf_clean();
    let tree = struct_text(&pdf.path);
    in_order(
        &tree,
        &[
            "Document",
            "H1",
            "Bins that get collected – North Wales",
            // The parties are a bulleted list.
            "Parties:",
            "L",
            "LI",
            "Lbl",
            "•",
            "LBody",
            "Gwynedd Council (lead",
            "H1",
            "Contents",
            "TOC",
            "TOCI",
            "1. Collaboration agreement",
            "H1",
            "1. Collaboration agreement",
            "H2",
            "Table",
            "TR",
            "TH",
            "Activity",
            "TH",
            "TR",
            "TH",
            "TD",
            "H1",
            "3. Decisions log",
            "H2",
            "D-001",
            // A decision's options are a numbered list.
            "Options:",
            "L",
            "LI",
            "Lbl",
            "1.",
            "LBody",
            "Do nothing",
            "LI",
            "Lbl",
            "2.",
            "LBody",
            "Buy a product",
            "H1",
            "Signatures",
            "Sect",
        ],
    );
    // Welsh as typed, in the structure's text.
    assert!(tree.contains("Gwenllïan Ŵyn"), "{tree}");
    // Furniture is not content.
    assert!(!tree.contains("Page 1 of"), "{tree}");
    assert!(!tree.contains("Content fingerprint (SHA-256):"), "{tree}");

    // The title bar shows the title; the language and bookmarks are there.
    let info = Command::new("pdfinfo").arg(&pdf.path).output().unwrap();
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(info.contains("Tagged:          yes"), "{info}");
    let doc = lopdf::Document::load_mem(&pdf.rendered.pdf).unwrap();
    let catalog = doc.catalog().unwrap();
    assert_eq!(catalog.get(b"Lang").unwrap().as_str().unwrap(), b"en-GB");
    let prefs = catalog
        .get_deref(b"ViewerPreferences", &doc)
        .unwrap()
        .as_dict()
        .unwrap();
    assert!(prefs.get(b"DisplayDocTitle").unwrap().as_bool().unwrap());
    let outlines = Command::new("pdfinfo")
        .args(["-dests"])
        .arg(&pdf.path)
        .output()
        .unwrap();
    assert!(outlines.status.success());
}

#[test]
fn bookmarks_lead_to_each_part_and_section() {
    let ws = fixture::north_wales();
    let rendered =
        accord_pdf::render_with_report(&ws, DocumentKind::Pack, &crate::reader::options()).unwrap();
    let doc = lopdf::Document::load_mem(&rendered.pdf).unwrap();
    let root = doc
        .catalog()
        .unwrap()
        .get_deref(b"Outlines", &doc)
        .unwrap()
        .as_dict()
        .unwrap();
    let mut titles = Vec::new();
    let mut item = root
        .get_deref(b"First", &doc)
        .ok()
        .and_then(|o| o.as_dict().ok());
    while let Some(d) = item {
        let bytes = d.get(b"Title").unwrap().as_str().unwrap();
        titles.push(String::from_utf8(bytes.to_vec()).unwrap());
        item = d
            .get_deref(b"Next", &doc)
            .ok()
            .and_then(|o| o.as_dict().ok());
    }
    assert_eq!(
        titles,
        [
            "Contents",
            "1. Collaboration agreement",
            "2. RACI matrix",
            "3. Decisions log",
            "4. Handover pack",
            "Signatures",
        ]
    );
}

/// The document's language as an independent reader finds it: `/Lang` in the catalog
/// from `qpdf --json`, and `dc:language` in the XMP from `pdfinfo -meta`.
fn languages(path: &Path) -> (String, String) {
    let out = Command::new("qpdf")
        .args(["--json=2", "--json-key=qpdf"])
        .arg(path)
        .output()
        .expect("qpdf runs (apt-get install qpdf)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let objects = &json["qpdf"][1];
    let root = objects["trailer"]["value"]["/Root"].as_str().unwrap();
    let lang = objects[format!("obj:{root}")]["value"]["/Lang"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let meta = Command::new("pdfinfo")
        .arg("-meta")
        .arg(path)
        .output()
        .unwrap();
    let meta = String::from_utf8_lossy(&meta.stdout);
    let dc = meta
        .split("<dc:language>")
        .nth(1)
        .and_then(|rest| rest.split("</dc:language>").next())
        .unwrap_or_default()
        .to_string();
    (lang, dc)
}

#[test]
#[cfg_attr(windows, ignore = "reads back with Linux programs: tests.rs")]
fn a_document_the_workspace_says_is_in_welsh_declares_welsh() {
    let dir = tempfile::tempdir().unwrap();
    for (name, ws, tag) in [
        ("welsh", welsh(), "cy"),
        ("english", fixture::north_wales(), "en-GB"),
    ] {
        let path = dir.path().join(format!("{name}.pdf"));
        let rendered =
            accord_pdf::render_with_report(&ws, DocumentKind::Agreement, &crate::reader::options())
                .unwrap();
        std::fs::write(&path, &rendered.pdf).unwrap();
        let (lang, dc) = languages(&path);
        // qpdf writes a PDF text string as "u:" and its text.
        assert_eq!(lang, format!("u:{tag}"), "{name}");
        assert!(
            dc.contains(&format!("<rdf:li>{tag}</rdf:li>")),
            "{name}: {dc}"
        );
    }
    // The language is not part of what was signed: the same content, the same fingerprint.
    assert_eq!(
        accord_documents::fingerprint(&welsh(), DocumentKind::Agreement),
        accord_documents::fingerprint(&fixture::north_wales(), DocumentKind::Agreement)
    );
}
