//! The workspace file and the files around it, through the app's commands: exports never
//! destroy a workspace or an existing file the user did not agree to replace.

use super::ready;

#[test]
fn an_export_aimed_at_the_open_workspace_is_refused_by_any_path() {
    let f = ready();
    let ws = f.dir.path().join("bins.accord");
    let before = std::fs::read(&ws).unwrap();
    std::os::unix::fs::symlink(&ws, f.dir.path().join("link.pdf")).unwrap();
    std::fs::create_dir(f.dir.path().join("sub")).unwrap();
    for (out, overwrite) in [
        (ws.clone(), true),
        (f.dir.path().join("sub/../bins.accord"), true),
        (f.dir.path().join("link.pdf"), true),
    ] {
        let err = f.session.export_json(&out, overwrite).unwrap_err();
        assert_eq!(
            (err.code.as_str(), err.field.as_deref()),
            ("export_over_workspace", Some("path")),
            "{out:?}: {err:?}"
        );
        let err = f
            .session
            .export_pdf("agreement", &out, overwrite)
            .unwrap_err();
        assert_eq!(err.code, "export_over_workspace", "{out:?}");
        assert!(
            err.message.contains("Nothing has been changed"),
            "{}",
            err.message
        );
    }
    assert_eq!(
        std::fs::read(&ws).unwrap(),
        before,
        "the workspace is byte-for-byte as it was"
    );
    accord_store::WorkspaceFile::open(&ws)
        .unwrap()
        .integrity_check()
        .unwrap();
}

#[test]
fn an_existing_file_is_replaced_only_when_the_user_confirmed_it() {
    let f = ready();
    let signed = f.dir.path().join("signed.pdf");
    std::fs::write(&signed, b"%PDF-1.7 the copy the councillors signed").unwrap();
    let err = f
        .session
        .export_pdf("agreement", &signed, false)
        .unwrap_err();
    assert_eq!(
        (err.code.as_str(), err.field.as_deref()),
        ("already_exists", Some("path"))
    );
    assert!(
        err.message.contains("signed.pdf already exists"),
        "{}",
        err.message
    );
    assert_eq!(
        std::fs::read(&signed).unwrap(),
        b"%PDF-1.7 the copy the councillors signed"
    );
    let err = f.session.export_json(&signed, false).unwrap_err();
    assert_eq!(err.code, "already_exists");

    // Confirmed in the save dialog: replaced, whole, and nothing temporary left behind.
    let pdf = f.session.export_pdf("agreement", &signed, true).unwrap();
    let bytes = std::fs::read(&signed).unwrap();
    assert!(bytes.starts_with(b"%PDF-") && bytes.len() == pdf.bytes);
    assert_eq!(accord_pdf_fingerprint(&bytes), pdf.fingerprint);
    let names: Vec<String> = std::fs::read_dir(f.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.ends_with(".partial")), "{names:?}");
    let err = f
        .session
        .export_json(std::path::Path::new(""), true)
        .unwrap_err();
    assert_eq!(
        (err.code.as_str(), err.field.as_deref()),
        ("empty", Some("path"))
    );
}

/// The fingerprint a PDF carries, read back from its bytes.
fn accord_pdf_fingerprint(pdf: &[u8]) -> String {
    accord_pdf::read_fingerprint(pdf)
        .unwrap()
        .fingerprint
        .sha256
}

/// A second window or a second Accord: its own session, settings and person.
fn second() -> (tempfile::TempDir, accord_app::Session) {
    let dir = tempfile::tempdir().unwrap();
    let mut s = accord_app::Session::new(dir.path().join("settings.json"));
    s.set_me("Dafydd Price", "Cyngor Gwynedd").unwrap();
    (dir, s)
}

#[test]
fn a_workspace_open_in_another_accord_is_in_use_and_may_be_opened_read_only() {
    let mut f = ready();
    let ws = f.dir.path().join("bins.accord");
    f.session
        .write_section("purpose", "Fewer missed bins.")
        .unwrap();
    let (_d, mut other) = second();
    let err = other.open(&ws).unwrap_err();
    assert_eq!(err.code, "in_use");
    let machine = accord_store::this_machine();
    assert!(
        err.message.starts_with(&format!("bins.accord is in use by Siân Jones (Isle of Anglesey County Council) on {machine} since ")),
        "{}",
        err.message
    );
    assert!(
        err.message
            .ends_with("You can open it read-only, or wait until they close it."),
        "{}",
        err.message
    );
    // Read-only: everything reads, the banner's flag is set, and no change is attempted.
    let view = other.open_read_only(&ws).unwrap();
    assert!(
        view.read_only
            && view
                .read_only_reason
                .as_deref()
                .unwrap()
                .starts_with("This workspace is open read-only")
    );
    assert_eq!(
        other
            .agreement()
            .unwrap()
            .sections
            .iter()
            .find(|s| s.key == "purpose")
            .unwrap()
            .body,
        "Fewer missed bins."
    );
    let refused = other
        .write_section("purpose", "Typed in the second window")
        .unwrap_err();
    assert_eq!(refused.code, "read_only");
    assert_eq!(
        other.read_only().as_deref(),
        view.read_only_reason.as_deref()
    );
    // The first window's own view is writable, and its changes are seen by the second.
    assert!(!f.session.overview().unwrap().read_only);
    assert!(!other.changed_elsewhere().unwrap());
    f.session
        .write_section("purpose", "Fewer missed bins, and one route for reports.")
        .unwrap();
    assert!(
        other.changed_elsewhere().unwrap(),
        "the second window notices the first's change"
    );
    assert!(!other.changed_elsewhere().unwrap(), "and only once");
    assert_eq!(
        other
            .agreement()
            .unwrap()
            .sections
            .iter()
            .find(|s| s.key == "purpose")
            .unwrap()
            .body,
        "Fewer missed bins, and one route for reports."
    );
    // Once the first closes, the second opens it for writing.
    f.session.close();
    assert!(!accord_store::owner_file(&ws).exists());
    assert!(!other.open(&ws).unwrap().read_only);
    other.write_section("purpose", "Now mine.").unwrap();
}

#[test]
fn a_workspace_can_be_taken_over_after_the_question_and_the_first_window_leaves_the_new_owner_alone()
 {
    let mut f = ready();
    let ws = f.dir.path().join("bins.accord");
    let (_d, mut other) = second();
    assert_eq!(other.open(&ws).unwrap_err().code, "in_use");
    let view = other.take_over(&ws).unwrap();
    assert!(!view.read_only);
    other.write_section("purpose", "Taken over.").unwrap();
    let owner: accord_store::Owner =
        serde_json::from_str(&std::fs::read_to_string(accord_store::owner_file(&ws)).unwrap())
            .unwrap();
    assert_eq!(owner.name, "Dafydd Price");
    // The first window closing leaves the new owner's file alone.
    f.session.close();
    assert!(accord_store::owner_file(&ws).exists());
    let (_d3, mut third) = second();
    assert!(
        third
            .open(&ws)
            .unwrap_err()
            .message
            .contains("in use by Dafydd Price (Cyngor Gwynedd)")
    );
}

#[test]
fn a_lock_left_by_a_crashed_accord_on_this_laptop_is_taken_over_on_open() {
    let f = ready();
    let ws = f.dir.path().join("crashed.accord");
    let stamp = accord_store::Stamp::new(
        accord_domain::Actor::new("Siân Jones", "Isle of Anglesey County Council").unwrap(),
        chrono::Utc::now(),
    );
    drop(accord_store::WorkspaceFile::create(&ws, "Street lighting", &stamp).unwrap());
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    let crashed = accord_store::Owner {
        pid,
        ..accord_store::Owner::me(&stamp.who, stamp.at)
    };
    std::fs::write(
        accord_store::owner_file(&ws),
        serde_json::to_string(&crashed).unwrap(),
    )
    .unwrap();
    let (_d, mut other) = second();
    let view = other.open(&ws).unwrap();
    assert!(!view.read_only);
    other.write_section("purpose", "After the crash.").unwrap();
}

#[test]
fn a_change_from_the_command_line_on_this_laptop_is_noticed() {
    let mut f = ready();
    let ws = f.dir.path().join("bins.accord");
    assert!(!f.session.changed_elsewhere().unwrap());
    f.session.write_section("purpose", "Mine.").unwrap();
    assert!(
        !f.session.changed_elsewhere().unwrap(),
        "the window's own change is not news"
    );
    // The command line on the same laptop may write while the app has the file open.
    let stamp = accord_store::Stamp::new(
        accord_domain::Actor::new("Siân Jones", "Isle of Anglesey County Council").unwrap(),
        chrono::Utc::now(),
    );
    let mut cli = accord_store::WorkspaceFile::open(&ws).unwrap();
    assert!(!cli.is_read_only());
    cli.write_section("data", "From the command line.", &stamp)
        .unwrap();
    assert!(f.session.changed_elsewhere().unwrap());
}

#[test]
fn an_immutable_workspace_opens_read_only_with_the_banner_flag() {
    let mut f = ready();
    let ws = f.dir.path().join("bins.accord");
    f.session.close();
    let before = std::fs::read(&ws).unwrap();
    let out = std::process::Command::new("chattr")
        .arg("+i")
        .arg(&ws)
        .output()
        .expect("chattr must be installed for this test");
    assert!(
        out.status.success(),
        "chattr +i failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    struct Undo<'a>(&'a std::path::Path);
    impl Drop for Undo<'_> {
        fn drop(&mut self) {
            let _ = std::process::Command::new("chattr")
                .arg("-i")
                .arg(self.0)
                .status();
        }
    }
    let _undo = Undo(&ws);
    let view = f.session.open(&ws).unwrap();
    assert!(view.read_only);
    assert!(
        view.read_only_reason
            .as_deref()
            .unwrap()
            .starts_with("This workspace is read-only")
    );
    assert!(
        !accord_store::owner_file(&ws).exists(),
        "a read-only workspace gets no owner file"
    );
    assert_eq!(
        f.session.write_section("purpose", "x").unwrap_err().code,
        "read_only"
    );
    f.session.close();
    assert_eq!(std::fs::read(&ws).unwrap(), before);
}
