//! Sign-off PDFs through the command line: export, record a sign-off, verify, go stale.

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
