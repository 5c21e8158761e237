//! Reading the fingerprint back from a PDF, and checking a signed PDF against the
//! workspace as it is now.

use accord_documents::fingerprint;
use accord_domain::DocumentKind;
use accord_pdf::{PdfError, read_fingerprint, render, verify};
use lopdf::Object;

use crate::fixture;
use crate::reader::options;

#[test]
fn the_fingerprint_reads_back_from_every_document() {
    let ws = fixture::north_wales();
    for kind in DocumentKind::ALL {
        let pdf = render(&ws, *kind, &options()).unwrap();
        let signed = read_fingerprint(&pdf).unwrap();
        assert_eq!(signed.document, *kind);
        assert_eq!(signed.fingerprint, fingerprint(&ws, *kind));
        assert_eq!(signed.canonical_form, "accord-document-1");
        assert_eq!(signed.workspace_version, "42");
        assert_eq!(signed.exported_on, fixture::date(2026, 11, 26));
        assert_eq!(signed.project, "Bins that get collected – North Wales");
        let check = verify(&pdf, &ws).unwrap();
        assert!(
            check.changes.unchanged,
            "{kind}: nothing changed since export"
        );
    }
}

#[test]
#[cfg_attr(windows, ignore = "reads back with Linux programs: tests.rs")]
fn poppler_sees_the_fingerprint_in_the_metadata_and_the_attachment() {
    let ws = fixture::north_wales();
    let pdf = crate::reader::render(&ws, DocumentKind::Agreement);
    let sha = &pdf.rendered.fingerprint.sha256;
    let out = std::process::Command::new("pdfinfo")
        .args(["-meta", pdf.path.to_str().unwrap()])
        .output()
        .unwrap();
    let xmp = String::from_utf8_lossy(&out.stdout);
    assert!(
        xmp.contains(&format!("<accord:fingerprint>{sha}</accord:fingerprint>")),
        "{xmp}"
    );
    assert!(xmp.contains("<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">Collaboration agreement: Bins that get collected – North Wales"));
    let out = std::process::Command::new("pdfdetach")
        .args(["-list", pdf.path.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("accord-fingerprint.json"));
}

#[test]
fn verify_names_the_records_changed_since_signing() {
    let ws = fixture::north_wales();
    let pdf = render(&ws, DocumentKind::Pack, &options()).unwrap();
    let mut now = ws.clone();
    now.agreement
        .sections
        .iter_mut()
        .find(|s| s.key == "funding")
        .unwrap()
        .body = "Each partner contributes £9,000 a year.".into();
    now.people[1].name = "Gwenllïan Ŵyn Hughes".into();
    let check = verify(&pdf, &now).unwrap();
    assert!(!check.changes.unchanged);
    assert!(
        check
            .changes
            .changed
            .contains(&"agreement.sections[funding]".to_string()),
        "{:?}",
        check.changes
    );
    // Her name shows in decisions, key people and a signature block.
    for path in [
        "decisions[D-001]",
        "signatures[For Isle of Anglesey County Council]",
    ] {
        assert!(
            check.changes.changed.contains(&path.to_string()),
            "{path}: {:?}",
            check.changes
        );
    }
    assert_eq!(check.changes.removed, ["people[Gwenllïan Ŵyn]"]);
    assert_eq!(check.changes.added, ["people[Gwenllïan Ŵyn Hughes]"]);
    assert_ne!(check.current.sha256, check.signed.fingerprint.sha256);
}

#[test]
fn a_file_that_is_not_a_pdf_is_a_clear_error() {
    for bytes in [
        &b""[..],
        b"hello",
        b"%PDF-1.7\nthis is not really a pdf",
        &[0xff; 4096],
    ] {
        let err = read_fingerprint(bytes).unwrap_err();
        assert_eq!(err.code(), "not_a_pdf", "{err}");
        assert!(err.to_string().starts_with("This file is not a PDF"));
    }
}

/// Our own PDF with `edit` applied through lopdf.
fn altered(edit: impl FnOnce(&mut lopdf::Document)) -> Vec<u8> {
    let pdf = render(&fixture::north_wales(), DocumentKind::Decisions, &options()).unwrap();
    let mut doc = lopdf::Document::load_mem(&pdf).unwrap();
    edit(&mut doc);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

#[test]
fn a_pdf_without_accord_metadata_is_not_signed() {
    let bytes = altered(|doc| {
        doc.catalog_mut().unwrap().remove(b"Names");
        let info = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
        doc.get_dictionary_mut(info)
            .unwrap()
            .remove(b"AccordFingerprint");
    });
    assert!(matches!(read_fingerprint(&bytes), Err(PdfError::NotSigned)));
}

#[test]
fn altered_fingerprint_metadata_is_refused() {
    // Someone edits the fingerprint in the Info dictionary to match other content.
    let bytes = altered(|doc| {
        let info = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
        doc.get_dictionary_mut(info)
            .unwrap()
            .set("AccordFingerprint", Object::string_literal("0".repeat(64)));
    });
    let err = read_fingerprint(&bytes).unwrap_err();
    assert_eq!(err.code(), "bad_metadata", "{err}");

    // Or replaces one record hash in the attachment: the hashes no longer add up.
    let bytes = altered(|doc| {
        let ids: Vec<lopdf::ObjectId> = doc.objects.keys().copied().collect();
        for id in ids {
            if let Ok(Object::Stream(stream)) = doc.get_object_mut(id)
                && stream.dict.get(b"Type").ok().and_then(|t| t.as_name().ok())
                    == Some(&b"EmbeddedFile"[..])
            {
                let json = stream.decompressed_content().unwrap();
                let mut value: serde_json::Value = serde_json::from_slice(&json).unwrap();
                value["fingerprint"]["records"][3][1] = serde_json::Value::String("f".repeat(64));
                stream.dict.remove(b"Filter");
                stream.set_content(serde_json::to_vec(&value).unwrap());
            }
        }
    });
    let err = read_fingerprint(&bytes).unwrap_err();
    assert_eq!(err.code(), "bad_metadata");
    assert!(err.to_string().contains("do not add up"), "{err}");
}
