//! Paths as council laptops have them: Welsh letters in file and folder names, paths
//! deeper than Windows' old 260-character limit, and, on Windows (run under wine on Linux by
//! scripts/windows-test.sh), backslashes, drive letters, the long-path (`\\?\`) and share
//! (`\\server\share`) forms, and an export whose target another program has open.

use crate::Bench;

/// A workspace with Welsh text, then shown and exported as a PDF, all through `file`.
fn round_trip(b: &Bench, file: &str, pdf: &str) {
    b.ok(&["init", file, "--title", "Biniau Môn a Gwynedd"]);
    b.ok(&[
        "agreement",
        file,
        "write",
        "purpose",
        "--text",
        "Llai o finiau a gollir yn Ynys Môn — ŵ ŷ â.",
    ]);
    let shown = b.ok(&["show", file]);
    assert!(
        shown.contains("Biniau Môn a Gwynedd") && shown.contains("1 draft"),
        "{shown}"
    );
    b.ok(&[
        "export",
        file,
        "--format",
        "pdf",
        "--document",
        "agreement",
        "--out",
        pdf,
    ]);
    let bytes = std::fs::read(b.path(pdf)).unwrap();
    assert!(bytes.starts_with(b"%PDF-") && bytes.len() > 1000, "{pdf}");
}

#[test]
fn welsh_letters_in_file_and_folder_names() {
    let b = Bench::new();
    std::fs::create_dir(b.path("Cyngor Sir Ynys Môn")).unwrap();
    let file = std::path::Path::new("Cyngor Sir Ynys Môn").join("Prosiect ŵŷ – Siân.accord");
    let pdf = std::path::Path::new("Cyngor Sir Ynys Môn").join("Cytundeb ŵŷ.pdf");
    round_trip(&b, file.to_str().unwrap(), pdf.to_str().unwrap());
    let listing: Vec<String> = std::fs::read_dir(b.path("Cyngor Sir Ynys Môn"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert!(
        listing.contains(&"Prosiect ŵŷ – Siân.accord".to_string()),
        "{listing:?}"
    );
}

#[test]
fn a_path_longer_than_260_characters() {
    let b = Bench::new();
    let mut dir = std::path::PathBuf::new();
    while b.path("").join(&dir).as_os_str().len() < 300 {
        dir.push("Cydweithio rhwng cynghorau ar gasglu gwastraff");
    }
    std::fs::create_dir_all(b.path("").join(&dir)).unwrap();
    let file = dir.join("prosiect.accord");
    let pdf = dir.join("cytundeb.pdf");
    assert!(b.path(file.to_str().unwrap()).as_os_str().len() > 300);
    round_trip(&b, file.to_str().unwrap(), pdf.to_str().unwrap());
}

/// Windows only: these forms of a path exist only there.
#[cfg(windows)]
mod windows {
    use crate::Bench;

    #[test]
    fn backslashes_forward_slashes_drive_letters_and_the_long_path_form() {
        let b = Bench::new();
        // The test's folder is under %TEMP%: an absolute path with a drive letter.
        let file = b.path("prosiect.accord");
        let text = file.to_str().unwrap().to_string();
        assert_eq!(text.as_bytes()[1], b':', "{text}");
        super::round_trip(&b, &text, "a.pdf");
        // The same file, written with forward slashes, and in the long-path form.
        let forward = text.replace('\\', "/");
        assert!(b.ok(&["show", &forward]).contains("Biniau Môn"));
        let verbatim = format!(r"\\?\{text}");
        assert!(b.ok(&["show", &verbatim]).contains("Biniau Môn"));
        b.ok(&[
            "decision",
            &verbatim,
            "add",
            "--title",
            "Casglu bob pythefnos",
            "--date",
            "2026-01-10",
        ]);
        // A relative path with backslashes, from the test's folder.
        std::fs::create_dir(b.path("is-ffolder")).unwrap();
        super::round_trip(&b, r".\is-ffolder\ail.accord", r"is-ffolder\b.pdf");
        // And a drive-relative one (no letter): the current drive's root.
        let rooted = &text[2..];
        assert!(b.ok(&["show", rooted]).contains("Biniau Môn"));
    }

    #[test]
    fn a_share_that_cannot_be_reached_is_a_plain_sentence() {
        let b = Bench::new();
        let file = r"\\accord-no-such-server\share\prosiect.accord";
        let err = b.fails(2, &["init", file, "--title", "Biniau"]);
        assert!(
            err.starts_with("accord: ") && !err.contains("panicked"),
            "{err}"
        );
        let err = b.fails(2, &["show", file]);
        assert!(!err.contains("panicked"), "{err}");
    }

    #[test]
    fn an_export_over_a_file_another_program_has_open_is_refused_and_changes_nothing() {
        use std::os::windows::fs::OpenOptionsExt;
        let b = Bench::new();
        b.ok(&["init", "p.accord", "--title", "Biniau"]);
        std::fs::write(b.path("signed.pdf"), b"%PDF-1.7 the signed copy").unwrap();
        // As a PDF reader holds it: others may read it, not delete or replace it.
        const FILE_SHARE_READ: u32 = 1;
        let held = std::fs::OpenOptions::new()
            .read(true)
            .share_mode(FILE_SHARE_READ)
            .open(b.path("signed.pdf"))
            .unwrap();
        let listing = b.listing();
        let err = b.fails(
            2,
            &[
                "export",
                "p.accord",
                "--format",
                "pdf",
                "--document",
                "agreement",
                "--out",
                "signed.pdf",
                "--force",
            ],
        );
        assert!(
            err.contains("Windows did not let Accord replace signed.pdf")
                && err.contains("Nothing has been changed"),
            "{err}"
        );
        assert_eq!(
            std::fs::read(b.path("signed.pdf")).unwrap(),
            b"%PDF-1.7 the signed copy"
        );
        assert_eq!(b.listing(), listing, "a temporary file was left behind");
        drop(held);
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
        assert!(std::fs::read(b.path("signed.pdf")).unwrap().len() > 1000);
    }
}
