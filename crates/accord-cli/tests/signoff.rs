//! Sign-off PDFs through the command line: export, record a sign-off, verify, go stale.
//!
//! Under wine (scripts/windows-test.sh) the tests that read the PDF back with poppler or
//! qpdf are ignored: those are Linux programs, which wine starts for a Windows test
//! without a process handle to wait on; tests/windows/installer.py reads back a PDF made
//! by the Windows `accord.exe` with poppler instead.

use crate::Bench;

fn workspace(b: &Bench) -> &'static str {
    b.ok(&[
        "init",
        "p.accord",
        "--title",
        "Casgliadau biniau ar y cyd – Gwynedd & Môn",
    ]);
    b.ok(&[
        "org",
        "p.accord",
        "add",
        "--name",
        "Cyngor Gwynedd",
        "--kind",
        "welsh_unitary",
        "--role",
        "lead",
    ]);
    b.ok(&[
        "person",
        "p.accord",
        "add",
        "--name",
        "Cllr Siân Llŷr",
        "--organisation",
        "Cyngor Gwynedd",
        "--job-title",
        "Cabinet member",
    ]);
    b.ok(&[
        "org",
        "p.accord",
        "edit",
        "Cyngor Gwynedd",
        "--signatory",
        "Siân",
    ]);
    b.ok(&[
        "agreement",
        "p.accord",
        "write",
        "purpose",
        "--text",
        "Lleihau’r biniau a gollir — “yn ddidwyll”. Cost: £25,000.",
    ]);
    "p.accord"
}

#[test]
#[cfg_attr(windows, ignore = "reads the PDF back with Linux poppler/qpdf")]
fn export_sign_verify_and_go_stale() {
    let b = Bench::new();
    let f = workspace(&b);
    let err = b.fails(2, &["export", f, "--format", "pdf", "--out", "a.pdf"]);
    assert!(err.contains("--document"), "{err}");
    b.ok(&[
        "export",
        f,
        "--format",
        "pdf",
        "--document",
        "agreement",
        "--out",
        "agreement.pdf",
    ]);
    let pdf = std::fs::read(b.path("agreement.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let text = std::process::Command::new("pdftotext")
        .args(["-layout"])
        .arg(b.path("agreement.pdf"))
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.contains("Lleihau’r biniau a gollir — “yn ddidwyll”. Cost: £25,000."),
        "{text}"
    );

    // Verify: matches now.
    let out = b.ok(&["verify", f, "agreement.pdf"]);
    assert!(out.starts_with("Matches"), "{out}");
    // Record that the councillor signed it, in wet ink, from the PDF itself.
    let out = b.ok(&[
        "signoff",
        f,
        "record",
        "--pdf",
        "agreement.pdf",
        "--by",
        "Siân",
        "--method",
        "wet_ink",
        "--on",
        "2026-11-20",
    ]);
    assert!(out.contains("Recorded"), "{out}");
    let list = b.json(&["signoff", f, "list", "--json"]);
    assert_eq!(list[0]["current"], true);
    assert!(!b.check(f).to_string().contains("signoff_stale"));

    // Change what the agreement shows: verify names the section; check and list say stale.
    b.ok(&[
        "agreement",
        f,
        "write",
        "funding",
        "--text",
        "Gwynedd pays 60%, Môn 40%.",
    ]);
    let out = b.run(&["verify", f, "agreement.pdf"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("changed: agreement.sections[funding]"),
        "{text}"
    );
    assert!(
        !text.contains("agreement.sections[purpose]"),
        "only what changed is named: {text}"
    );
    assert_eq!(
        b.json(&["signoff", f, "list", "--json"])[0]["current"],
        false
    );
    let report = b.check(f).to_string();
    assert!(
        report.contains("signoff_stale") && report.contains("Cllr Siân Llŷr"),
        "{report}"
    );
    // A change the agreement does not show (a decision) leaves the decisions-free agreement alone.
    b.ok(&[
        "decision",
        f,
        "add",
        "--title",
        "Use the national gazetteer",
    ]);
    let out = b.run(&["verify", f, "agreement.pdf", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["changes"]["changed"],
        serde_json::json!(["agreement.sections[funding]"])
    );
}

#[test]
fn a_file_that_is_not_an_accord_pdf_is_exit_2() {
    let b = Bench::new();
    let f = workspace(&b);
    std::fs::write(b.path("minutes.pdf"), "%PDF-1.4\nnot really a pdf").unwrap();
    let err = b.fails(2, &["verify", f, "minutes.pdf"]);
    assert!(!err.contains("panicked"), "{err}");
    std::fs::write(b.path("notes.txt"), "Minutes of the joint board").unwrap();
    b.fails(2, &["verify", f, "notes.txt"]);
    b.fails(2, &["verify", f, "nowhere.pdf"]);
    // Nor against a PDF Accord did not make.
    let err = b.fails(
        2,
        &[
            "signoff",
            f,
            "record",
            "--pdf",
            "minutes.pdf",
            "--by",
            "Siân",
            "--method",
            "wet_ink",
        ],
    );
    assert!(err.contains("Nothing was recorded"), "{err}");
    assert_eq!(
        b.json(&["signoff", f, "list", "--json"]),
        serde_json::json!([])
    );
    // A sign-off is refused without a PDF or a document, and with a bad method.
    b.fails(
        2,
        &[
            "signoff", f, "record", "--by", "Siân", "--method", "wet_ink",
        ],
    );
    assert!(
        b.fails(
            2,
            &[
                "signoff",
                f,
                "record",
                "--document",
                "agreement",
                "--by",
                "Siân",
                "--method",
                "fax"
            ]
        )
        .contains("wet_ink")
    );
}

/// `qpdf ARGS... IN OUT` in the bench's folder.
fn qpdf(b: &Bench, args: &[&str], input: &str, output: &str) {
    let out = std::process::Command::new("qpdf")
        .current_dir(b.dir.path())
        .args(args)
        .args([input, output])
        .output()
        .unwrap_or_else(|e| panic!("qpdf runs (apt-get install qpdf, or scripts/setup.sh): {e}"));
    assert!(
        matches!(out.status.code(), Some(0 | 3)),
        "qpdf {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
#[cfg_attr(windows, ignore = "reads the PDF back with Linux poppler/qpdf")]
fn a_pdf_altered_after_export_is_exit_3() {
    let b = Bench::new();
    let f = workspace(&b);
    b.ok(&[
        "export",
        f,
        "--format",
        "pdf",
        "--document",
        "agreement",
        "--out",
        "a.pdf",
    ]);
    // Rewritten by another tool, nothing visible changed: still matches.
    qpdf(
        &b,
        &["--qdf", "--object-streams=disable"],
        "a.pdf",
        "a-qdf.pdf",
    );
    let out = b.ok(&["verify", f, "a-qdf.pdf"]);
    assert!(out.starts_with("Matches"), "{out}");

    // A word on the first page edited in the QDF file (one glyph of the first text).
    let mut qdf = std::fs::read(b.path("a-qdf.pdf")).unwrap();
    let marker = b"%% Contents for page 1\n";
    let start = qdf.windows(marker.len()).position(|w| w == marker).unwrap();
    let tj = start
        + qdf[start..]
            .windows(3)
            .position(|w| w == b"> T" || w == b">] ")
            .expect("a shown string");
    let digit = tj - 1;
    qdf[digit] = if qdf[digit] == b'1' { b'2' } else { b'1' };
    std::fs::write(b.path("edited.pdf"), &qdf).unwrap();
    let out = b.run(&["verify", f, "edited.pdf"]);
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("Altered: this PDF has been changed since Accord exported it on ")
            && text.contains("page 1 is not as Accord exported it"),
        "{text}"
    );
    let v: serde_json::Value =
        serde_json::from_slice(&b.run(&["verify", f, "edited.pdf", "--json"]).stdout).unwrap();
    assert_eq!(v["altered"], "page 1 is not as Accord exported it");
    assert_eq!(v["changes"]["unchanged"], true);
    // A sign-off is never recorded against an altered PDF.
    let err = b.fails(
        2,
        &[
            "signoff",
            f,
            "record",
            "--pdf",
            "edited.pdf",
            "--by",
            "Siân",
            "--method",
            "wet_ink",
        ],
    );
    assert!(
        err.contains("has been changed since Accord exported it")
            && err.contains("Nothing was recorded"),
        "{err}"
    );
    assert_eq!(
        b.json(&["signoff", f, "list", "--json"]),
        serde_json::json!([])
    );

    // A page removed.
    b.ok(&[
        "export",
        f,
        "--format",
        "pdf",
        "--document",
        "pack",
        "--out",
        "p.pdf",
    ]);
    qpdf(
        &b,
        &["--pages", "p.pdf", "1,3-z", "--"],
        "p.pdf",
        "short.pdf",
    );
    let out = b.run(&["verify", f, "short.pdf"]);
    assert_eq!(out.status.code(), Some(3));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("pages, but Accord exported"), "{text}");

    // The fingerprint details edited: altered too, not "not an Accord PDF".
    let pdf = std::fs::read(b.path("a-qdf.pdf")).unwrap();
    let needle = b"/AccordFingerprint (";
    let at = pdf.windows(needle.len()).position(|w| w == needle).unwrap() + needle.len();
    let mut forged = pdf.clone();
    forged[at] = if forged[at] == b'0' { b'1' } else { b'0' };
    std::fs::write(b.path("forged.pdf"), &forged).unwrap();
    let out = b.run(&["verify", f, "forged.pdf"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .starts_with("Altered: ")
    );

    // And a workspace changed since, with the PDF intact, is still exit 1.
    b.ok(&[
        "agreement",
        f,
        "write",
        "funding",
        "--text",
        "Gwynedd pays 60%, Môn 40%.",
    ]);
    assert_eq!(b.run(&["verify", f, "a.pdf"]).status.code(), Some(1));
    assert_eq!(b.run(&["verify", f, "edited.pdf"]).status.code(), Some(3));
}

#[test]
#[cfg_attr(windows, ignore = "reads the PDF back with Linux poppler/qpdf")]
fn a_workspace_whose_documents_are_in_welsh_exports_pdfs_that_say_so() {
    let b = Bench::new();
    let f = workspace(&b);
    let err = b.fails(2, &["project", f, "--language", "fr"]);
    assert!(err.contains("en-GB") && err.contains("cy"), "{err}");
    b.ok(&["project", f, "--language", "cy"]);
    assert_eq!(
        b.json(&["export", f, "--format", "json"])["project"]["language"],
        "cy"
    );
    b.ok(&[
        "export",
        f,
        "--format",
        "pdf",
        "--document",
        "agreement",
        "--out",
        "cy.pdf",
    ]);
    let meta = std::process::Command::new("pdfinfo")
        .arg("-meta")
        .arg(b.path("cy.pdf"))
        .output()
        .expect("pdfinfo (poppler-utils) is installed");
    let meta = String::from_utf8_lossy(&meta.stdout);
    assert!(
        meta.contains("<dc:language><rdf:Bag><rdf:li>cy</rdf:li></rdf:Bag></dc:language>"),
        "{meta}"
    );
}
