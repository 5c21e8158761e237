//! Exports never destroy: `accord export` refuses to write over a workspace (by name, by
//! its header, or the open one by any path) and over any existing file without --force,
//! leaving the target byte-for-byte as it was; with --force it replaces the file whole.

use crate::Bench;

fn workspace(b: &Bench) {
    b.ok(&["init", "p.accord", "--title", "Missed bins"]);
    b.ok(&[
        "agreement",
        "p.accord",
        "write",
        "purpose",
        "--text",
        "Fewer missed bins in Gwynedd and Môn.",
    ]);
}

/// Runs an export that must be refused (exit 2) and checks the target did not change.
fn refused(b: &Bench, target: &str, args: &[&str]) -> String {
    let before = std::fs::read(b.path(target)).unwrap();
    let err = b.fails(2, args);
    assert_eq!(
        std::fs::read(b.path(target)).unwrap(),
        before,
        "{target} changed after: {err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    err
}

#[test]
fn an_export_is_never_written_over_the_workspace_it_comes_from() {
    let b = Bench::new();
    workspace(&b);
    let listing = b.listing();
    // The reproduction from the issue: the workspace named as its own export.
    let err = refused(
        &b,
        "p.accord",
        &[
            "export", "p.accord", "--format", "json", "--out", "p.accord",
        ],
    );
    assert!(
        err.contains("is an Accord workspace") && err.contains("Nothing has been changed"),
        "{err}"
    );
    // --force never makes it allowed.
    refused(
        &b,
        "p.accord",
        &[
            "export",
            "p.accord",
            "--format",
            "pdf",
            "--document",
            "agreement",
            "--out",
            "p.accord",
            "--force",
        ],
    );
    // The same file by other paths: `..`, a symlink, a hard link, each without .accord.
    std::fs::create_dir(b.path("sub")).unwrap();
    refused(
        &b,
        "p.accord",
        &[
            "export",
            "p.accord",
            "--format",
            "json",
            "--out",
            "sub/../p.accord",
            "--force",
        ],
    );
    // Linux only: under wine 8 a link made with `symlink_file` is not seen as the workspace
    // (`same_file` says it is another file), and real Windows, where symbolic links need
    // Developer Mode or an administrator, was not at hand to say which is right. The hard
    // link below is checked on both.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(b.path("p.accord"), b.path("link.json")).unwrap();
        let err = refused(
            &b,
            "p.accord",
            &[
                "export",
                "p.accord",
                "--format",
                "json",
                "--out",
                "link.json",
                "--force",
            ],
        );
        assert!(
            err.contains("the workspace you are exporting from"),
            "{err}"
        );
    }
    std::fs::hard_link(b.path("p.accord"), b.path("hard.json")).unwrap();
    refused(
        &b,
        "p.accord",
        &[
            "export",
            "p.accord",
            "--format",
            "pdf",
            "--document",
            "pack",
            "--out",
            "hard.json",
            "--force",
        ],
    );
    // The workspace is whole and still opens with its text.
    b.ok(&["show", "p.accord"]);
    assert!(
        b.ok(&["search", "p.accord", "Gwynedd"])
            .to_lowercase()
            .contains("purpose")
    );
    let mut expected = listing;
    expected.extend(["hard.json".to_string(), "sub".to_string()]);
    #[cfg(unix)]
    expected.push("link.json".to_string());
    expected.sort();
    let mut now = b.listing();
    now.retain(|n| !n.starts_with("p.accord-"));
    expected.retain(|n| !n.starts_with("p.accord-"));
    assert_eq!(now, expected, "no temporary file is left behind");
}

#[test]
fn an_export_is_never_written_over_another_workspace_whatever_its_name() {
    let b = Bench::new();
    workspace(&b);
    b.ok(&["init", "other.accord", "--title", "Street lighting"]);
    refused(
        &b,
        "other.accord",
        &[
            "export",
            "p.accord",
            "--format",
            "json",
            "--out",
            "other.accord",
            "--force",
        ],
    );
    // A workspace renamed to look like a PDF is recognised by its header.
    std::fs::copy(b.path("other.accord"), b.path("minutes.pdf")).unwrap();
    let err = refused(
        &b,
        "minutes.pdf",
        &[
            "export",
            "p.accord",
            "--format",
            "pdf",
            "--document",
            "agreement",
            "--out",
            "minutes.pdf",
            "--force",
        ],
    );
    assert!(err.contains("is an Accord workspace"), "{err}");
    // A name ending in .accord is refused even when nothing is there yet.
    b.fails(
        2,
        &[
            "export",
            "p.accord",
            "--format",
            "json",
            "--out",
            "new.ACCORD",
        ],
    );
    assert!(!b.path("new.ACCORD").exists());
}

#[test]
fn an_existing_file_is_replaced_only_with_force() {
    let b = Bench::new();
    workspace(&b);
    std::fs::write(
        b.path("signed.pdf"),
        b"%PDF-1.7 the signed copy, with signatures",
    )
    .unwrap();
    let err = refused(
        &b,
        "signed.pdf",
        &[
            "export",
            "p.accord",
            "--format",
            "pdf",
            "--document",
            "agreement",
            "--out",
            "signed.pdf",
        ],
    );
    assert!(
        err.contains("signed.pdf already exists") && err.contains("--force"),
        "{err}"
    );
    std::fs::write(b.path("notes.json"), b"{\"mine\": true}").unwrap();
    refused(
        &b,
        "notes.json",
        &[
            "export",
            "p.accord",
            "--format",
            "json",
            "--out",
            "notes.json",
        ],
    );

    // With --force the file is replaced, whole.
    b.ok(&[
        "export",
        "p.accord",
        "--format",
        "pdf",
        "--document",
        "agreement",
        "--out",
        "signed.pdf",
        "--force",
    ]);
    let pdf = std::fs::read(b.path("signed.pdf")).unwrap();
    assert!(
        pdf.starts_with(b"%PDF-") && pdf.len() > 1000,
        "{} bytes",
        pdf.len()
    );
    assert!(
        b.ok(&["verify", "p.accord", "signed.pdf"])
            .starts_with("Matches")
    );
    b.ok(&[
        "export",
        "p.accord",
        "--format",
        "json",
        "--out",
        "notes.json",
        "--force",
    ]);
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(b.path("notes.json")).unwrap()).unwrap();
    assert_eq!(json["project"]["title"], "Missed bins");
    // A folder is never a destination.
    std::fs::create_dir(b.path("out")).unwrap();
    assert!(
        b.fails(
            2,
            &[
                "export", "p.accord", "--format", "json", "--out", "out", "--force"
            ]
        )
        .contains("is a folder")
    );
    // No hidden temporary file is left in the folder.
    assert!(
        b.listing().iter().all(|n| !n.ends_with(".partial")),
        "{:?}",
        b.listing()
    );
}
