//! The workspace file as the command line finds it: a workspace another machine has open
//! refuses changes with who has it (reads still work); one the app on this laptop has open
//! may be changed; on a network share the file uses a rollback journal, never a log.

use std::path::Path;

use crate::Bench;

/// Another machine's Accord holding the workspace open, as its owner file and lock look.
struct OtherMachine {
    _file: std::fs::File,
}

fn other_machine(workspace: &Path, machine: &str) -> OtherMachine {
    let owner = serde_json::json!({
        "name": "Dafydd Price", "organisation": "Cyngor Gwynedd", "machine": machine,
        "pid": 4242, "since": "2026-12-01T09:30:00Z"
    });
    let lock = workspace.parent().unwrap().join(format!(
        "~${}.lock",
        workspace.file_name().unwrap().to_string_lossy()
    ));
    std::fs::write(&lock, owner.to_string()).unwrap();
    let file = std::fs::File::open(&lock).unwrap();
    file.lock_shared().unwrap();
    OtherMachine { _file: file }
}

#[test]
fn a_workspace_open_on_another_machine_refuses_changes_and_says_who_has_it() {
    let b = Bench::new();
    b.ok(&["init", "p.accord", "--title", "Missed bins"]);
    b.ok(&[
        "agreement",
        "p.accord",
        "write",
        "purpose",
        "--text",
        "Fewer missed bins.",
    ]);
    let held = other_machine(&b.path("p.accord"), "COUNCIL-LAPTOP-7");
    let before = std::fs::read(b.path("p.accord")).unwrap();
    let err = b.fails(
        2,
        &[
            "agreement",
            "p.accord",
            "write",
            "purpose",
            "--text",
            "Typed on the command line",
        ],
    );
    assert!(
        err.contains(
            "p.accord is in use by Dafydd Price (Cyngor Gwynedd) on COUNCIL-LAPTOP-7 since"
        ),
        "{err}"
    );
    assert!(
        err.contains("You can open it read-only, or wait until they close it."),
        "{err}"
    );
    b.fails(
        2,
        &[
            "decision",
            "p.accord",
            "add",
            "--title",
            "Use the gazetteer",
        ],
    );
    assert_eq!(
        std::fs::read(b.path("p.accord")).unwrap(),
        before,
        "nothing was changed"
    );
    // Reading still works.
    assert!(b.ok(&["show", "p.accord"]).contains("Missed bins"));
    assert!(
        b.ok(&["search", "p.accord", "missed"])
            .to_lowercase()
            .contains("purpose")
    );
    // Once they close it (the lock goes), the command line writes again.
    drop(held);
    b.ok(&[
        "agreement",
        "p.accord",
        "write",
        "purpose",
        "--text",
        "Typed on the command line",
    ]);
}

#[test]
fn the_command_line_may_change_a_workspace_the_app_on_this_laptop_has_open() {
    let b = Bench::new();
    b.ok(&["init", "p.accord", "--title", "Missed bins"]);
    let here = accord_store_machine();
    let _app = other_machine(&b.path("p.accord"), &here);
    b.ok(&[
        "agreement",
        "p.accord",
        "write",
        "purpose",
        "--text",
        "From the command line.",
    ]);
    assert!(
        b.ok(&["search", "p.accord", "command"])
            .to_lowercase()
            .contains("purpose")
    );
}

/// This machine's name as Accord writes it in owner files.
fn accord_store_machine() -> String {
    ["COMPUTERNAME", "HOSTNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()))
        .or_else(|| std::fs::read_to_string("/proc/sys/kernel/hostname").ok())
        .unwrap()
        .trim()
        .to_string()
}

/// The journal mode in a database header: 1 rollback journal, 2 write-ahead log.
fn header_mode(p: &Path) -> (u8, u8) {
    let bytes = std::fs::read(p).unwrap();
    (bytes[18], bytes[19])
}

#[test]
fn on_a_network_share_a_workspace_never_uses_a_write_ahead_log() {
    let b = Bench::new();
    let share = |args: &[&str]| {
        let out = b
            .command()
            .env("ACCORD_TEST_ASSUME_NETWORK_FS", "1")
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    share(&["init", "share.accord", "--title", "Missed bins"]);
    assert_eq!(
        header_mode(&b.path("share.accord")),
        (1, 1),
        "created with a rollback journal"
    );
    share(&[
        "agreement",
        "share.accord",
        "write",
        "purpose",
        "--text",
        "On the share.",
    ]);
    assert!(!b.path("share.accord-wal").exists());
    // A workspace made on a laptop (in WAL mode) and then put on a share is switched.
    b.ok(&["init", "laptop.accord", "--title", "Street lighting"]);
    assert_eq!(header_mode(&b.path("laptop.accord")), (2, 2));
    share(&[
        "agreement",
        "laptop.accord",
        "write",
        "purpose",
        "--text",
        "Moved to the share.",
    ]);
    assert_eq!(header_mode(&b.path("laptop.accord")), (1, 1));
    assert!(!b.path("laptop.accord-wal").exists());
    // Back on a local disk, it uses the log again; nothing was lost on the way.
    b.ok(&[
        "agreement",
        "laptop.accord",
        "write",
        "data",
        "--text",
        "Back on the laptop.",
    ]);
    assert_eq!(header_mode(&b.path("laptop.accord")), (2, 2));
    assert!(
        b.ok(&["search", "laptop.accord", "share"])
            .to_lowercase()
            .contains("purpose")
    );
}
