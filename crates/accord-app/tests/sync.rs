//! Sync as the desktop app asks for it, against a real Pipeline server on loopback: two
//! councils, each its own settings, session and file. Network calls go through the shared
//! `Mutex<Session>`, as the shell makes them.

use std::sync::Mutex;

use accord_app::{NewDecision, Session, sync};
use accord_fixtures_directory::Directory;

struct Council {
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
    session: Mutex<Session>,
}

impl Council {
    fn new(server: &Directory, name: &str, org: &str, gss: &str) -> Council {
        let dir = tempfile::tempdir().unwrap();
        let mut session = Session::new(dir.path().join("settings/settings.json"));
        session.set_me(name, org).unwrap();
        let account = server.account(org, gss);
        session
            .set_pipeline_server(&server.url, &account.token)
            .unwrap();
        Council {
            path: dir.path().join("ws.accord"),
            _dir: dir,
            session: Mutex::new(session),
        }
    }

    fn s(&self) -> std::sync::MutexGuard<'_, Session> {
        self.session.lock().unwrap()
    }

    fn org_id(&self) -> String {
        let server = self.s().pipeline_server().unwrap();
        server
            .connect()
            .unwrap()
            .me()
            .unwrap()
            .organisation
            .id
            .to_string()
    }
}

fn decision(title: &str) -> NewDecision {
    serde_json::from_value(serde_json::json!({ "title": title, "date": "2026-12-01" })).unwrap()
}

/// Adur shares; Worthing is admitted and opens the shared project from its start screen.
fn shared(server: &Directory) -> (Council, Council) {
    let adur = Council::new(server, "Sam Lee", "Adur District Council", "E07000223");
    let worthing = Council::new(server, "Jo Bloggs", "Worthing Borough Council", "E07000229");
    adur.s().create(&adur.path, "Missed bins").unwrap();
    adur.s()
        .write_section("purpose", "One route for missed-bin reports.\nOne inbox.\n")
        .unwrap();

    let before = adur.s().sync_status().unwrap();
    assert!(!before.shared && before.server_set, "{before:?}");
    assert_eq!(
        before.line,
        "Not shared: only this file holds this workspace."
    );
    let err = sync::sync_now(&adur.session).unwrap_err();
    assert_eq!(err.code, "not_shared");

    let done = sync::share(&adur.session).unwrap();
    assert!(done.report.sent > 3, "{done:?}");
    assert!(done.status.shared);
    assert!(
        done.status.line.starts_with("Last synced ")
            && done.status.line.ends_with("everything sent"),
        "{}",
        done.status.line
    );
    let members = sync::members(&adur.session).unwrap();
    assert_eq!(members.len(), 1);
    assert_eq!(members[0].organisation.name, "Adur District Council");

    let bad = sync::admit(&adur.session, "not an id", "partner").unwrap_err();
    assert_eq!(bad.field.as_deref(), Some("organisation"));
    let lead = sync::admit(&adur.session, &worthing.org_id(), "lead").unwrap_err();
    assert_eq!(lead.field.as_deref(), Some("role"));
    // Every role the page offers is one admitting takes; the last word is partner.
    for role in accord_app::vocabulary().sync_roles.iter().rev() {
        let m = sync::admit(&adur.session, &worthing.org_id(), role.word).unwrap();
        assert_eq!(m.role.as_str(), role.word);
    }
    let admitted = sync::admit(&adur.session, &worthing.org_id(), "partner").unwrap();
    assert_eq!(admitted.organisation.name, "Worthing Borough Council");

    let spaces = sync::shared_projects(&worthing.session).unwrap();
    assert_eq!(spaces.len(), 1);
    let project = spaces[0].project.to_string();
    assert_eq!(
        Some(project.clone()),
        adur.s().sync_status().unwrap().project_id
    );
    let opened = sync::open_shared(&worthing.session, &project, &worthing.path).unwrap();
    assert_eq!(opened.summary.project.title, "Missed bins");
    let again = sync::open_shared(&worthing.session, &project, &worthing.path).unwrap_err();
    assert_eq!(
        (again.code.as_str(), again.field.as_deref()),
        ("already_exists", Some("path"))
    );
    (adur, worthing)
}

#[test]
fn share_admit_open_a_shared_project_and_settle_a_conflict_side_by_side() {
    let server = Directory::start();
    let (adur, worthing) = shared(&server);

    // Both change the same line while apart: Worthing's sync makes a conflict.
    adur.s()
        .write_section(
            "purpose",
            "One route for missed-bin reports, run by Adur.\nOne inbox.\n",
        )
        .unwrap();
    worthing
        .s()
        .write_section("purpose", "One route for all waste reports.\nOne inbox.\n")
        .unwrap();
    assert_eq!(worthing.s().sync_status().unwrap().unsent, 1);
    sync::sync_now(&adur.session).unwrap();
    let done = sync::sync_now(&worthing.session).unwrap();
    assert_eq!((done.report.sent, done.report.received), (1, 1));
    assert_eq!(done.heading, format!("Synced with {}", server.url));
    assert!(
        done.lines.iter().any(|l| l == "Sent 1 change.")
            && done
                .lines
                .iter()
                .any(|l| l.starts_with("Received 1 change from Sam Lee"))
            && done
                .lines
                .iter()
                .any(|l| l == "1 conflict needs a decision: both councils changed the same thing."),
        "{:?}",
        done.lines
    );
    assert!(
        done.status.line.ends_with("· 1 conflict"),
        "{}",
        done.status.line
    );

    let conflicts = worthing.s().conflicts().unwrap();
    assert_eq!(conflicts.len(), 1);
    let c = &conflicts[0];
    assert_eq!(c.link.as_deref(), Some("#/agreement/purpose"));
    assert_eq!(c.sides.len(), 2);
    let values: Vec<&str> = c.choices.iter().map(|ch| ch.value.as_str()).collect();
    assert_eq!(values, ["choose:1", "choose:2", "text"]);
    let adur_side = c
        .sides
        .iter()
        .find(|s| s.actor.contains("Sam Lee"))
        .unwrap();
    assert!(
        adur_side.diff.contains(&sync::Segment {
            kind: "removed",
            text: "One route for missed-bin reports.\n".into()
        }) && adur_side.diff.contains(&sync::Segment {
            kind: "added",
            text: "One route for missed-bin reports, run by Adur.\n".into()
        }) && adur_side.diff.contains(&sync::Segment {
            kind: "same",
            text: "One inbox.\n".into()
        }),
        "{:?}",
        adur_side.diff
    );
    let shown = c.sides.iter().find(|s| s.shown).unwrap();
    assert_eq!(c.combined, shown.text);

    // A choice that does not fit is refused and changes nothing.
    let refused = worthing.s().resolve(&c.id, "keep", "").unwrap_err();
    assert_eq!(refused.field.as_deref(), Some("choice"));
    let nothing = worthing.s().resolve(&c.id, "", "").unwrap_err();
    assert_eq!(nothing.code, "choose");
    assert_eq!(worthing.s().conflicts().unwrap().len(), 1);

    // Settled with a combined text, like any edit, and sent with the next sync.
    let combined = "One route for all waste reports, run by Adur.\nOne inbox.\n";
    worthing.s().resolve(&c.id, "text", combined).unwrap();
    assert!(worthing.s().conflicts().unwrap().is_empty());
    assert_eq!(worthing.s().sync_status().unwrap().unsent, 1);
    sync::sync_now(&worthing.session).unwrap();
    sync::sync_now(&adur.session).unwrap();
    for council in [&adur, &worthing] {
        let a = council.s().agreement().unwrap();
        let purpose = a.sections.iter().find(|s| s.key == "purpose").unwrap();
        assert_eq!(purpose.body, combined);
        assert_eq!(council.s().sync_status().unwrap().open_conflicts, 0);
    }
    let gone = worthing.s().conflict(&c.id).unwrap_err();
    assert_eq!(gone.code, "not_found");
}

#[test]
fn a_decision_made_on_both_sides_is_renumbered_and_the_server_stopped_loses_nothing() {
    let mut server = Directory::start();
    let (adur, worthing) = shared(&server);
    adur.s().record_decision(decision("Use one inbox")).unwrap();
    worthing
        .s()
        .record_decision(decision("Collect on Tuesdays"))
        .unwrap();
    let mine = worthing.s().decisions("", "", 0, 10).unwrap();
    assert!(mine.rows.iter().all(|r| r.provisional), "{:?}", mine.rows);
    sync::sync_now(&adur.session).unwrap();
    let done = sync::sync_now(&worthing.session).unwrap();
    assert_eq!(done.renumbered.len(), 1, "{done:?}");
    assert!(
        done.lines.contains(&done.renumbered[0]),
        "the banner says so: {:?}",
        done.lines
    );
    let after = worthing.s().decisions("", "", 0, 10).unwrap();
    assert!(
        after.rows.iter().all(|r| !r.provisional),
        "{:?}",
        after.rows
    );
    let mut numbers: Vec<String> = after.rows.iter().map(|r| r.number.clone()).collect();
    numbers.sort();
    numbers.dedup();
    assert_eq!(numbers.len(), 2, "two numbers, not one twice: {numbers:?}");

    // The server stops: the sync says so plainly, and the change stays, to be sent later.
    worthing
        .s()
        .write_section("purpose", "Typed while the server was down.\n")
        .unwrap();
    server.stop();
    let offline = sync::sync_now(&worthing.session).unwrap_err();
    assert!(
        offline
            .message
            .starts_with("Could not reach the Pipeline server")
            && offline.message.contains(
                "Nothing was lost: your 1 change is saved in this file and will be sent next time."
            ),
        "{}",
        offline.message
    );
    let status = worthing.s().sync_status().unwrap();
    assert_eq!(status.unsent, 1);
    assert!(status.last_problem.is_some());
    let a = worthing.s().agreement().unwrap();
    assert_eq!(
        a.sections.iter().find(|s| s.key == "purpose").unwrap().body,
        "Typed while the server was down.\n"
    );
    // A second press while one runs would wait: after the failure, another may run.
    assert_eq!(
        sync::sync_now(&worthing.session).unwrap_err().code,
        "incomplete"
    );
}

#[test]
fn a_section_being_edited_when_a_sync_changes_it_keeps_both_texts_as_a_conflict() {
    let server = Directory::start();
    let (adur, worthing) = shared(&server);
    // Adur's screen loads the purpose; meanwhile Worthing's change arrives by a sync.
    let section = |key: &str| {
        adur.s()
            .agreement()
            .unwrap()
            .sections
            .into_iter()
            .find(|s| s.key == key)
            .unwrap()
    };
    let loaded = section("purpose");
    assert!(!loaded.version.is_empty());
    let theirs = "One route for all waste reports, kept by Worthing.\nOne inbox.\n";
    worthing.s().write_section("purpose", theirs).unwrap();
    sync::sync_now(&worthing.session).unwrap();
    sync::sync_now(&adur.session).unwrap();

    // The text typed on Adur's screen is saved over the version it loaded: kept, and
    // Worthing's too, as a conflict the save names.
    let ours = "One route for missed-bin reports, run by Adur.\nOne inbox.\n";
    let saved = adur
        .s()
        .write_section_over("purpose", ours, Some(&loaded.version))
        .unwrap();
    assert_eq!(saved.body, ours);
    let id = saved.conflict.clone().expect("a conflict that keeps both");
    let page = adur.s().conflict(&id).unwrap();
    let texts: Vec<&str> = page.sides.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(texts, [theirs, ours]);
    assert_eq!(adur.s().sync_status().unwrap().open_conflicts, 1);

    // Typing on builds on the last save; Worthing's text stays beside it.
    let more = "One route for missed-bin reports, run by Adur from April.\nOne inbox.\n";
    let again = adur
        .s()
        .write_section_over("purpose", more, Some(&saved.version))
        .unwrap();
    let page = adur
        .s()
        .conflict(again.conflict.as_deref().unwrap())
        .unwrap();
    let texts: Vec<&str> = page.sides.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(texts, [theirs, more]);

    // Saved over the version it still has, a text is an ordinary edit.
    let now = section("scope");
    let plain = adur
        .s()
        .write_section_over(&now.key, "Ours alone.\n", Some(&now.version))
        .unwrap();
    assert_eq!(plain.conflict, None);

    // Worthing, syncing, holds the same conflict.
    sync::sync_now(&adur.session).unwrap();
    sync::sync_now(&worthing.session).unwrap();
    let theirs_now = worthing.s().conflicts().unwrap();
    assert_eq!(theirs_now.len(), 1);
    assert_eq!(theirs_now[0].id, again.conflict.unwrap());
}
