//! Proof against an edited page: a PDF whose pages were changed, removed or added after
//! export is told apart from one merely rewritten by another tool, and from a workspace
//! that changed since.

use accord_domain::DocumentKind;
use accord_pdf::{Alteration, render, verify};
use lopdf::Object;

use crate::fixture;
use crate::reader::options;

/// `qpdf ARGS... IN OUT` over `pdf`, returning OUT's bytes.
pub fn qpdf(pdf: &[u8], args: &[&str]) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.pdf");
    let output = dir.path().join("out.pdf");
    std::fs::write(&input, pdf).unwrap();
    let mut cmd = std::process::Command::new("qpdf");
    cmd.args(args).arg(&input).arg(&output);
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("qpdf runs (apt-get install qpdf, or scripts/setup.sh): {e}"));
    // qpdf exits 3 for warnings; the file is still written.
    assert!(
        matches!(out.status.code(), Some(0 | 3)),
        "qpdf {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::read(&output).unwrap()
}

/// Changes one shown glyph in the first text of page `page` (1-based) of a QDF file, as
/// someone editing the text in a text editor would: the same length, so the file stays
/// sound without `fix-qdf`.
pub fn edit_text_in_qdf(qdf: &mut [u8], page: usize) {
    let marker = format!("%% Contents for page {page}\n");
    let start = find(qdf, marker.as_bytes(), 0).expect("qpdf --qdf marks each page's contents");
    let stream = find(qdf, b"stream\n", start).unwrap() + 7;
    let end = find(qdf, b"endstream", stream).unwrap();
    // The first hex string shown with Tj or TJ.
    let mut at = stream;
    loop {
        let open = find(qdf, b"<", at)
            .filter(|&i| i < end)
            .expect("a text string");
        if qdf[open + 1] != b'<' {
            let close = find(qdf, b">", open).unwrap();
            let rest = &qdf[close + 1..end];
            let rest = std::str::from_utf8(&rest[..rest.len().min(6)]).unwrap_or("");
            if close > open + 4 && (rest.trim_start().starts_with("Tj") || rest.starts_with("]")) {
                let digit = close - 1;
                qdf[digit] = if qdf[digit] == b'1' { b'2' } else { b'1' };
                return;
            }
        }
        at = open + 2;
    }
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| i + from)
}

#[test]
#[cfg_attr(windows, ignore = "reads back with Linux programs: tests.rs")]
fn a_pdf_rewritten_without_a_visible_change_still_verifies() {
    let ws = fixture::north_wales();
    let pdf = render(&ws, DocumentKind::Pack, &options()).unwrap();
    for args in [
        &["--qdf", "--object-streams=disable"][..],
        &["--object-streams=generate", "--compression-level=9"],
        &["--linearize"],
    ] {
        let rewritten = qpdf(&pdf, args);
        assert_ne!(rewritten, pdf, "qpdf {args:?} rewrites the file");
        let check = verify(&rewritten, &ws).unwrap();
        assert_eq!(check.altered, None, "qpdf {args:?}");
        assert!(check.changes.unchanged);
    }
}

#[test]
#[cfg_attr(windows, ignore = "reads back with Linux programs: tests.rs")]
fn an_edited_page_text_is_found_and_named() {
    let ws = fixture::north_wales();
    let pdf = render(&ws, DocumentKind::Pack, &options()).unwrap();
    let mut qdf = qpdf(&pdf, &["--qdf", "--object-streams=disable"]);
    edit_text_in_qdf(&mut qdf, 3);
    let check = verify(&qdf, &ws).unwrap();
    assert_eq!(check.altered, Some(Alteration::Pages(vec![3])));
    assert_eq!(
        check.altered.unwrap().to_string(),
        "page 3 is not as Accord exported it"
    );
    // The workspace did not change: the content fingerprint alone would say "matches".
    assert!(check.changes.unchanged);
}

#[test]
#[cfg_attr(windows, ignore = "reads back with Linux programs: tests.rs")]
fn a_removed_or_added_page_is_found() {
    let ws = fixture::north_wales();
    let pdf = render(&ws, DocumentKind::Pack, &options()).unwrap();
    let pages = lopdf::Document::load_mem(&pdf).unwrap().get_pages().len();
    assert!(pages > 3);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pack.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let p = path.to_str().unwrap();
    let removed = qpdf(&pdf, &["--pages", p, "1,3-z", "--"]);
    let check = verify(&removed, &ws).unwrap();
    assert_eq!(
        check.altered,
        Some(Alteration::PageCount {
            exported: pages,
            now: pages - 1
        })
    );
    assert_eq!(
        check.altered.unwrap().to_string(),
        format!("it has {} pages, but Accord exported {pages}", pages - 1)
    );
    let added = qpdf(&pdf, &["--pages", p, "1-z", p, "2", "--"]);
    let check = verify(&added, &ws).unwrap();
    assert!(
        matches!(check.altered, Some(Alteration::PageCount { now, .. }) if now == pages + 1),
        "{:?}",
        check.altered
    );
}

/// Someone who edits a page and then writes the new page's digest into the attachment
/// (keeping the fingerprint, which covers only the records) is caught by drawing the
/// document again: the workspace still holds what was signed.
#[test]
#[cfg_attr(windows, ignore = "reads back with Linux programs: tests.rs")]
fn rewritten_page_digests_do_not_hide_an_edit() {
    let ws = fixture::north_wales();
    let pdf = render(&ws, DocumentKind::Decisions, &options()).unwrap();
    let mut qdf = qpdf(&pdf, &["--qdf", "--object-streams=disable"]);
    edit_text_in_qdf(&mut qdf, 1);
    let edited_digests = accord_pdf::read_exported(&qdf).unwrap().pages;
    let mut doc = lopdf::Document::load_mem(&qdf).unwrap();
    let ids: Vec<lopdf::ObjectId> = doc.objects.keys().copied().collect();
    let mut rewrote = false;
    for id in ids {
        if let Ok(Object::Stream(stream)) = doc.get_object_mut(id)
            && stream.dict.get(b"Type").ok().and_then(|t| t.as_name().ok())
                == Some(&b"EmbeddedFile"[..])
        {
            let json = stream
                .decompressed_content()
                .unwrap_or(stream.content.clone());
            let mut value: serde_json::Value = serde_json::from_slice(&json).unwrap();
            value["pages"] = serde_json::json!(edited_digests);
            stream.dict.remove(b"Filter");
            stream.set_content(serde_json::to_vec(&value).unwrap());
            rewrote = true;
        }
    }
    assert!(rewrote);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    let check = verify(&bytes, &ws).unwrap();
    assert_eq!(check.altered, Some(Alteration::Pages(vec![1])));
}

#[test]
fn a_changed_workspace_is_not_an_altered_pdf() {
    let ws = fixture::north_wales();
    let pdf = render(&ws, DocumentKind::Agreement, &options()).unwrap();
    let mut now = ws.clone();
    now.agreement.sections[0].body = "Rewritten since the export.".into();
    let check = verify(&pdf, &now).unwrap();
    assert!(!check.changes.unchanged);
    assert_eq!(check.altered, None);
    // And the recorded digests are those of the pages as drawn.
    let exported = accord_pdf::read_exported(&pdf).unwrap();
    assert_eq!(exported.pages, exported.signed.pages);
    assert_eq!(
        exported.signed.page_digest,
        accord_pdf::integrity::PAGE_DIGEST
    );
}
