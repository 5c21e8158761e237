//! Sync between councils, end to end: two councils, each with its own settings and token,
//! run the real `accord` binary on their own copies against a real Pipeline server on
//! `127.0.0.1:0`. The surface here (verbs, exit codes, JSON keys) is the one scripts use.

use std::process::Output;

use accord_fixtures_directory::Directory;
use serde_json::Value;

use crate::Bench;

/// One council: its own folder, settings, person and token.
struct Council {
    b: Bench,
    token: String,
}

impl Council {
    fn new(server: &Directory, name: &str, org: &str, gss: &str) -> Council {
        let b = Bench::new();
        b.ok(&["me", "set", "--name", name, "--organisation", org]);
        let account = server.account(org, gss);
        let council = Council {
            b,
            token: account.token,
        };
        council.point_at(&server.url, &council.token);
        council
    }

    /// Sets this council's server to `url`, with `token`, as a person does after a move.
    fn point_at(&self, url: &str, token: &str) {
        let out = self
            .b
            .command()
            .args(["server", "set", url, "--token-stdin"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .and_then(|mut c| {
                use std::io::Write;
                c.stdin
                    .take()
                    .unwrap()
                    .write_all(format!("{token}\n").as_bytes())?;
                c.wait_with_output()
            })
            .unwrap();
        assert!(out.status.success());
    }

    /// Runs against the server at `url` with this council's token (as `ACCORD_PIPELINE_TOKEN`,
    /// which goes to whichever server is named), expecting exit code `code`.
    fn via(&self, url: &str, code: i32, args: &[&str]) -> String {
        self.via_token(url, &self.token, code, args)
    }

    fn via_token(&self, url: &str, token: &str, code: i32, args: &[&str]) -> String {
        let mut all = args.to_vec();
        all.extend(["--server", url]);
        let out = self
            .b
            .command()
            .env("ACCORD_PIPELINE_TOKEN", token)
            .args(&all)
            .output()
            .unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(out.status.code(), Some(code), "accord {all:?}:\n{text}");
        text
    }

    fn run(&self, args: &[&str]) -> Output {
        self.b
            .command()
            .env_remove("ACCORD_PIPELINE_TOKEN")
            .args(args)
            .output()
            .unwrap()
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "accord {args:?} failed ({:?}):\n{}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.ok(args)).unwrap()
    }

    /// Runs, expecting exit code `code`; returns stdout and stderr together.
    fn exits(&self, code: i32, args: &[&str]) -> String {
        let out = self.run(args);
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(out.status.code(), Some(code), "accord {args:?}:\n{text}");
        text
    }

    /// This council's organisation id on the server.
    fn org_id(&self) -> String {
        let shown = self.ok(&["server", "show"]);
        let at = shown
            .find("organisation id ")
            .expect("server show names the organisation id")
            + 16;
        shown[at..at + 36].to_string()
    }

    fn export(&self, file: &str) -> String {
        self.ok(&["export", file, "--format", "json"])
    }
}

/// Adur shares a workspace; Worthing is admitted and clones it.
fn shared(server: &Directory) -> (Council, Council, String) {
    let adur = Council::new(server, "Sam Lee", "Adur District Council", "E07000223");
    let worthing = Council::new(server, "Jo Bloggs", "Worthing Borough Council", "E07000229");
    adur.ok(&[
        "init",
        "ws.accord",
        "--title",
        "Missed bins across Adur and Worthing",
    ]);
    adur.ok(&[
        "agreement",
        "ws.accord",
        "write",
        "purpose",
        "--text",
        "One route for missed-bin reports.\nReports go to one inbox.\nShared by both councils.\n",
    ]);
    let started = adur.json(&["sync", "ws.accord", "start", "--json"]);
    let project = started["project_id"].as_str().unwrap().to_string();
    assert!(
        started["sent"].as_u64().unwrap() > 20,
        "the whole history is sent: {started}"
    );
    adur.ok(&[
        "sync",
        "ws.accord",
        "admit",
        "--org",
        &worthing.org_id(),
        "--role",
        "partner",
    ]);
    let cloned = worthing.json(&["clone", "--project", &project, "ws.accord", "--json"]);
    assert_eq!(cloned["project_id"], project.as_str());
    assert!(cloned["ops_applied"].as_u64().unwrap() > 20);
    (adur, worthing, project)
}

#[test]
fn a_partner_clones_the_shared_workspace_and_both_export_the_same_bytes() {
    let server = Directory::start();
    let (adur, worthing, project) = shared(&server);
    assert_eq!(adur.export("ws.accord"), worthing.export("ws.accord"));
    let status = worthing.json(&["sync", "ws.accord", "status", "--json"]);
    assert_eq!(status["linked"], true);
    assert_eq!(status["project_id"], project.as_str());
    assert_eq!(status["unsent"], 0);
    assert_eq!(status["open_conflicts"], 0);
    assert!(status["last_sync"].is_string());
    // Cloning onto an existing file is refused, and the file is untouched.
    let before = std::fs::read(worthing.b.path("ws.accord")).unwrap();
    let said = worthing.exits(2, &["clone", "--project", &project, "ws.accord"]);
    assert!(said.contains("already exists"), "{said}");
    assert_eq!(before, std::fs::read(worthing.b.path("ws.accord")).unwrap());
    // A sync with nothing to do sends and receives nothing.
    let idle = adur.json(&["sync", "ws.accord", "--json"]);
    assert_eq!(
        (idle["sent"].as_u64(), idle["received"].as_u64()),
        (Some(0), Some(0))
    );
}

#[test]
fn edits_to_one_section_merge_and_overlapping_ones_are_settled_once_everywhere() {
    let server = Directory::start();
    let (adur, worthing, _) = shared(&server);
    // Different lines: merged on both sides.
    adur.ok(&["agreement", "ws.accord", "write", "purpose", "--text", "One route for missed-bin reports, run by Adur.\nReports go to one inbox.\nShared by both councils.\n"]);
    worthing.ok(&["agreement", "ws.accord", "write", "purpose", "--text", "One route for missed-bin reports.\nReports go to one inbox.\nShared by both councils from April.\n"]);
    adur.ok(&["sync", "ws.accord"]);
    let got = worthing.json(&["sync", "ws.accord", "--json"]);
    assert_eq!(got["received"], 1);
    assert!(
        got["notices"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["kind"] == "merged"),
        "{got}"
    );
    adur.ok(&["sync", "ws.accord"]);
    let merged = "One route for missed-bin reports, run by Adur.\nReports go to one inbox.\nShared by both councils from April.\n";
    for c in [&adur, &worthing] {
        let ws: Value = serde_json::from_str(&c.export("ws.accord")).unwrap();
        let purpose = ws["agreement"]["sections"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["key"] == "purpose")
            .unwrap()
            .clone();
        assert_eq!(purpose["body"], merged);
    }
    assert_eq!(adur.export("ws.accord"), worthing.export("ws.accord"));

    // The same line: a conflict, named alike on both sides, listed by `accord conflicts` (exit 1).
    adur.ok(&[
        "agreement",
        "ws.accord",
        "write",
        "governance",
        "--text",
        "A board meets monthly.\n",
    ]);
    adur.ok(&["sync", "ws.accord"]);
    worthing.ok(&["sync", "ws.accord"]);
    adur.ok(&[
        "agreement",
        "ws.accord",
        "write",
        "governance",
        "--text",
        "A board meets every quarter, chaired by Adur.\n",
    ]);
    worthing.ok(&[
        "agreement",
        "ws.accord",
        "write",
        "governance",
        "--text",
        "A board meets every six weeks.\n",
    ]);
    adur.ok(&["sync", "ws.accord"]);
    let got = worthing.json(&["sync", "ws.accord", "--json"]);
    assert_eq!(got["conflicts"]["open"], 1, "{got}");
    let new = got["conflicts"]["new"].as_array().unwrap().clone();
    assert_eq!(new.len(), 1);
    adur.ok(&["sync", "ws.accord"]);
    worthing.exits(1, &["conflicts", "ws.accord"]);
    let listed_a = adur.run(&["conflicts", "ws.accord", "--json"]);
    let listed_w = worthing.run(&["conflicts", "ws.accord", "--json"]);
    assert_eq!(
        listed_a.stdout, listed_w.stdout,
        "the same conflict, in the same words, on both sides"
    );
    let conflicts: Value = serde_json::from_slice(&listed_w.stdout).unwrap();
    let c = &conflicts["conflicts"][0];
    assert_eq!(c["id"], new[0]);
    assert_eq!(c["kind"], "text");
    assert_eq!(c["record"], "section/governance");
    assert_eq!(c["field"], "body");
    assert_eq!(c["base"], "A board meets monthly.\n");
    let sides: Vec<&str> = c["sides"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["value"].as_str().unwrap())
        .collect();
    assert!(
        sides.contains(&"A board meets every quarter, chaired by Adur.\n")
            && sides.contains(&"A board meets every six weeks.\n")
    );
    assert!(
        c["sides"][0]["actor"].as_str().unwrap().contains("("),
        "each side says who made it"
    );
    assert_eq!(
        c["choices"],
        serde_json::json!(["--choose 1", "--choose 2", "--text", "--from-file"])
    );
    // `accord check` counts it as an error.
    let report = worthing.b.check("ws.accord");
    assert!(
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["code"] == "sync_conflict"),
        "{report}"
    );

    // A choice that does not fit is refused with the valid ones; a combined text settles it.
    let id = c["id"].as_str().unwrap();
    let said = worthing.exits(2, &["resolve", "ws.accord", id, "--keep"]);
    assert!(
        said.contains("--choose 1") && said.contains("--text"),
        "{said}"
    );
    worthing.ok(&[
        "resolve",
        "ws.accord",
        id,
        "--text",
        "A board meets every six weeks, chaired by Adur.\n",
    ]);
    worthing.exits(0, &["conflicts", "ws.accord"]);
    worthing.ok(&["sync", "ws.accord"]);
    adur.ok(&["sync", "ws.accord"]);
    adur.exits(0, &["conflicts", "ws.accord"]);
    assert_eq!(adur.export("ws.accord"), worthing.export("ws.accord"));
    assert!(
        adur.export("ws.accord")
            .contains("A board meets every six weeks, chaired by Adur.")
    );
    // History says where each change came from.
    let history = adur.json(&["history", "ws.accord", "--json"]);
    let resolved = history
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["summary"].as_str().unwrap().starts_with("Resolved"))
        .unwrap();
    assert_eq!(resolved["origin"], "remote");
    assert!(
        resolved["parents"]["body"].as_array().unwrap().len() >= 2,
        "a resolution is based on every side: {resolved}"
    );
    assert!(resolved["op_id"].is_string() && resolved["changes"]["body"].is_string());
}

#[test]
fn a_decision_added_on_both_sides_offline_is_renumbered_once_and_said_so() {
    let server = Directory::start();
    let (adur, worthing, _) = shared(&server);
    adur.ok(&[
        "decision",
        "ws.accord",
        "add",
        "--title",
        "Host on Azure",
        "--context",
        "Adur's tenancy",
        "--date",
        "2026-12-01",
    ]);
    worthing.ok(&[
        "decision",
        "ws.accord",
        "add",
        "--title",
        "Host in Worthing",
        "--context",
        "Worthing's servers",
        "--date",
        "2026-12-01",
    ]);
    let first = adur.json(&["sync", "ws.accord", "--json"]);
    assert!(
        first["notices"]
            .as_array()
            .unwrap()
            .iter()
            .all(|n| n["kind"] != "renumbered")
    );
    let second = worthing.json(&["sync", "ws.accord", "--json"]);
    let renumbered: Vec<&Value> = second["notices"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == "renumbered")
        .collect();
    assert_eq!(renumbered.len(), 1, "{second}");
    let message = renumbered[0]["message"].as_str().unwrap();
    assert!(
        message.contains("D-001 \"Host in Worthing\" is now D-002"),
        "{message}"
    );
    let text = worthing.ok(&["sync", "ws.accord"]);
    assert!(
        !text.contains("is now"),
        "renumbered once, never again: {text}"
    );
    adur.ok(&["sync", "ws.accord"]);
    assert_eq!(adur.export("ws.accord"), worthing.export("ws.accord"));
    let ws: Value = serde_json::from_str(&adur.export("ws.accord")).unwrap();
    let numbers: Vec<(String, String)> = ws["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["number"].as_str().unwrap().to_string(),
                d["title"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        numbers,
        vec![
            ("D-001".into(), "Host on Azure".into()),
            ("D-002".into(), "Host in Worthing".into())
        ]
    );
}

#[test]
fn a_different_or_reset_server_is_refused_and_nothing_changes() {
    let server = Directory::start();
    let (adur, _worthing, _) = shared(&server);
    adur.ok(&[
        "agreement",
        "ws.accord",
        "write",
        "scope",
        "--text",
        "Missed bins only.\n",
    ]);
    let before = adur.export("ws.accord");
    // A different (empty) server at another address: refused, exit 4.
    let other = Directory::start();
    let there = other.account("Adur District Council", "E07000223");
    let said = adur.via_token(&other.url, &there.token, 4, &["sync", "ws.accord"]);
    assert!(
        said.contains("Nothing in your workspace has changed"),
        "{said}"
    );
    assert_eq!(adur.export("ws.accord"), before);
    assert_eq!(
        adur.json(&["sync", "ws.accord", "status", "--json"])["unsent"],
        1,
        "the change waits to be sent"
    );
    // Not shared at all: exit 2 and the way to share it.
    adur.ok(&["init", "solo.accord", "--title", "Solo"]);
    let said = adur.exits(2, &["sync", "solo.accord"]);
    assert!(said.contains("accord sync solo.accord start"), "{said}");
}

#[test]
fn a_server_that_is_down_is_an_incomplete_sync_and_every_change_waits() {
    let mut server = Directory::start();
    let (adur, _worthing, _) = shared(&server);
    adur.ok(&[
        "agreement",
        "ws.accord",
        "write",
        "scope",
        "--text",
        "Missed bins only.\n",
    ]);
    adur.ok(&[
        "agreement",
        "ws.accord",
        "write",
        "data",
        "--text",
        "Reports stay in the UK.\n",
    ]);
    let before = adur.export("ws.accord");
    server.stop();
    let said = adur.exits(3, &["sync", "ws.accord"]);
    assert!(
        said.contains("Could not reach the Pipeline server"),
        "{said}"
    );
    assert!(
        said.contains(
            "Nothing was lost: your 2 changes are saved in this file and will be sent next time"
        ),
        "{said}"
    );
    assert_eq!(adur.export("ws.accord"), before);
    let status = adur.json(&["sync", "ws.accord", "status", "--json"]);
    assert_eq!(status["unsent"], 2);
}

#[test]
fn an_observer_reads_but_cannot_send_and_a_stranger_gets_nothing() {
    let server = Directory::start();
    let adur = Council::new(&server, "Sam Lee", "Adur District Council", "E07000223");
    let arun = Council::new(&server, "Priya Shah", "Arun District Council", "E07000224");
    let stranger = Council::new(&server, "Ann Other", "Crawley Borough Council", "E07000226");
    adur.ok(&["init", "ws.accord", "--title", "Missed bins"]);
    let project = adur.json(&["sync", "ws.accord", "start", "--json"])["project_id"]
        .as_str()
        .unwrap()
        .to_string();
    let said = stranger.exits(4, &["clone", "--project", &project, "copy.accord"]);
    assert!(said.contains("not a member"), "{said}");
    assert!(!stranger.b.path("copy.accord").exists());
    adur.ok(&[
        "sync",
        "ws.accord",
        "admit",
        "--org",
        &arun.org_id(),
        "--role",
        "observer",
    ]);
    arun.ok(&["clone", "--project", &project, "ws.accord"]);
    assert_eq!(arun.export("ws.accord"), adur.export("ws.accord"));
    arun.ok(&[
        "agreement",
        "ws.accord",
        "write",
        "scope",
        "--text",
        "Arun's view.\n",
    ]);
    let said = arun.exits(4, &["sync", "ws.accord"]);
    assert!(said.contains("observes this project"), "{said}");
    assert!(said.contains("Nothing was lost"), "{said}");
    let members = adur.json(&["sync", "ws.accord", "members", "--json"]);
    let roles: Vec<&str> = members
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["role"].as_str().unwrap())
        .collect();
    assert_eq!(roles.len(), 2);
    assert!(
        roles.contains(&"lead") && roles.contains(&"observer"),
        "{members}"
    );
}

#[test]
fn a_connection_cut_at_any_point_leaves_no_gap_and_no_duplicate_after_the_next_sync() {
    use accord_fixtures_directory::proxy::{Fault, FaultyProxy};
    let server = Directory::start();
    let (adur, worthing, _) = shared(&server);
    let proxy = FaultyProxy::in_front_of(&server.url);
    let sync = |c: &Council, code: i32| c.via(&proxy.url, code, &["sync", "ws.accord"]);
    let changes = |c: &Council| {
        c.json(&["history", "ws.accord", "--json"])
            .as_array()
            .unwrap()
            .len()
    };
    let mut n = 0;
    // A sync with one change to send makes three requests: status, push, pull. Cut each in
    // turn, in each of the three ways: before it reaches the server, after the server has
    // answered but before the answer arrives, and halfway through the answer.
    for fault in [
        Fault::CutBeforeRequest,
        Fault::CutBeforeResponse,
        Fault::CutResponseHalfway,
    ] {
        for request in 0..3 {
            n += 1;
            let text = format!("Adur's change {n}.\n");
            adur.ok(&["agreement", "ws.accord", "write", "scope", "--text", &text]);
            let seen_by_worthing = changes(&worthing);
            proxy.pass_next(request);
            proxy.fail_next(fault);
            let said = sync(&adur, 3);
            assert!(
                said.contains("Nothing was lost"),
                "{fault:?} on request {request}: {said}"
            );
            assert_eq!(proxy.faults_waiting(), 0, "the cut met the request meant");
            // The next sync finishes the job, and the change arrives exactly once.
            sync(&adur, 0);
            sync(&worthing, 0);
            assert_eq!(
                adur.json(&["sync", "ws.accord", "status", "--json"])["unsent"],
                0
            );
            assert_eq!(
                changes(&worthing),
                seen_by_worthing + 1,
                "{fault:?} on request {request}: no gap, no duplicate"
            );
            assert_eq!(
                adur.export("ws.accord"),
                worthing.export("ws.accord"),
                "{fault:?} on request {request}"
            );
            assert!(
                worthing
                    .export("ws.accord")
                    .contains(&format!("Adur's change {n}."))
            );
        }
    }
}

#[test]
fn a_laptop_a_year_ahead_neither_stalls_sync_nor_wins_forever() {
    let server = Directory::start();
    let (adur, worthing, _) = shared(&server);
    let ahead = |args: &[&str]| {
        let out = adur
            .b
            .command()
            .env_remove("ACCORD_PIPELINE_TOKEN")
            .env("ACCORD_CLOCK_OFFSET_SECONDS", "31536000")
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    ahead(&[
        "agreement",
        "ws.accord",
        "write",
        "scope",
        "--text",
        "Written a year ahead.\n",
    ]);
    let got: Value = serde_json::from_str(&ahead(&["sync", "ws.accord", "--json"])).unwrap();
    assert_eq!(got["sent"], 1, "{got}");
    let clock = got["notices"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["kind"] == "clock")
        .cloned();
    assert!(
        clock
            .as_ref()
            .is_some_and(|n| n["message"].as_str().unwrap().contains("365 days ahead")),
        "{got}"
    );
    // Until the clock is corrected, its changes carry the server's time, and each sync says so.
    ahead(&[
        "agreement",
        "ws.accord",
        "write",
        "data",
        "--text",
        "Written with the server's time.\n",
    ]);
    let history: Value = serde_json::from_str(&ahead(&["history", "ws.accord", "--json"])).unwrap();
    let newest = history
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e.to_string().contains("Written with the server's time"))
        .filter_map(|e| e["at"].as_str())
        .filter_map(|at| chrono::DateTime::parse_from_rfc3339(at).ok())
        .max()
        .unwrap();
    assert!(
        newest < chrono::Utc::now() + chrono::Duration::days(1),
        "stamped {newest}, not a year ahead"
    );
    let got: Value = serde_json::from_str(&ahead(&["sync", "ws.accord", "--json"])).unwrap();
    assert_eq!(got["sent"], 1, "{got}");
    assert!(
        got["notices"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["kind"] == "clock"
                && n["message"].as_str().unwrap().contains("server's time")),
        "{got}"
    );
    worthing.ok(&["sync", "ws.accord"]);
    assert!(
        worthing
            .export("ws.accord")
            .contains("Written a year ahead.")
    );
    // A later edit by someone who saw it replaces it, whatever the clocks say.
    worthing.ok(&[
        "agreement",
        "ws.accord",
        "write",
        "scope",
        "--text",
        "Written today, after reading it.\n",
    ]);
    worthing.ok(&["sync", "ws.accord"]);
    adur.ok(&["sync", "ws.accord"]);
    for c in [&adur, &worthing] {
        let ws = c.export("ws.accord");
        assert!(
            ws.contains("Written today, after reading it.")
                && !ws.contains("Written a year ahead.")
        );
    }
    adur.exits(0, &["conflicts", "ws.accord"]);
}

#[test]
fn show_and_the_decisions_list_say_what_sync_has_not_settled() {
    let server = Directory::start();
    let (adur, _worthing, _) = shared(&server);
    adur.ok(&[
        "decision",
        "ws.accord",
        "add",
        "--title",
        "Host on Azure",
        "--context",
        "Adur's tenancy",
        "--date",
        "2026-12-01",
    ]);
    let listed = adur.ok(&["decision", "ws.accord", "list"]);
    assert!(
        listed.contains("D-001 (provisional until synced)"),
        "{listed}"
    );
    let shown = adur.ok(&["show", "ws.accord"]);
    assert!(shown.contains("1 change not sent · 0 conflicts"), "{shown}");
    adur.ok(&["sync", "ws.accord"]);
    let listed = adur.ok(&["decision", "ws.accord", "list"]);
    assert!(
        listed.contains("D-001") && !listed.contains("provisional"),
        "{listed}"
    );
    assert!(
        adur.ok(&["show", "ws.accord"])
            .contains("0 changes not sent · 0 conflicts")
    );
}

/// The numbers and titles of the decisions in an export.
fn decisions(export: &str) -> Vec<(String, String)> {
    let ws: Value = serde_json::from_str(export).unwrap();
    ws["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["number"].as_str().unwrap().to_string(),
                d["title"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_lost_server_is_rebuilt_by_reseed_which_only_adds_and_keeps_every_number() {
    let server = Directory::start();
    let (adur, worthing, project) = shared(&server);
    // Two decisions, one each, the second renumbered once while the first server lived.
    for (council, title) in [(&adur, "Host on Azure"), (&worthing, "Host in Worthing")] {
        council.ok(&["decision", "ws.accord", "add", "--title", title]);
    }
    adur.ok(&["sync", "ws.accord"]);
    worthing.ok(&["sync", "ws.accord"]);
    adur.ok(&["sync", "ws.accord"]);
    assert_eq!(adur.export("ws.accord"), worthing.export("ws.accord"));
    let numbered = decisions(&adur.export("ws.accord"));
    assert_eq!(numbered.len(), 2);

    // The server is lost; an empty one is put up in its place. Each council has typed
    // something since, not yet sent.
    drop(server);
    let rebuilt = Directory::start();
    let adur_token = rebuilt.account("Adur District Council", "E07000223").token;
    let worthing_token = rebuilt
        .account("Worthing Borough Council", "E07000229")
        .token;
    adur.ok(&[
        "agreement",
        "ws.accord",
        "write",
        "scope",
        "--text",
        "Missed bins only, from Adur.\n",
    ]);
    worthing.ok(&[
        "agreement",
        "ws.accord",
        "write",
        "data",
        "--text",
        "Reports stay in the UK, says Worthing.\n",
    ]);
    let adur_before = adur.export("ws.accord");
    let said = adur.via_token(&rebuilt.url, &adur_token, 4, &["sync", "ws.accord"]);
    assert!(said.contains("accord sync FILE reseed"), "{said}");
    assert_eq!(
        adur.export("ws.accord"),
        adur_before,
        "a refusal changes nothing"
    );

    // Adur reseeds: the space is made again, led by Adur, and said so.
    let out = adur.via_token(
        &rebuilt.url,
        &adur_token,
        0,
        &["sync", "ws.accord", "reseed", "--json"],
    );
    let reseeded: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(reseeded["project_id"], project.as_str());
    assert!(reseeded["sent"].as_u64().unwrap() > 20, "{reseeded}");
    let notices = reseeded["notices"].as_array().unwrap();
    assert!(notices.iter().any(|n| n["kind"] == "reseed"), "{reseeded}");
    assert!(
        notices.iter().all(|n| n["kind"] != "renumbered"),
        "{reseeded}"
    );
    assert_eq!(
        adur.export("ws.accord"),
        adur_before,
        "reseed never removes or rewinds anything"
    );
    assert_eq!(
        adur.json(&["sync", "ws.accord", "status", "--json"])["unsent"],
        0
    );
    assert!(adur.ok(&["history", "ws.accord"]).contains("(reseed)"));
    // Later syncs go to the rebuilt server, which the link now names.
    let out = adur.via_token(
        &rebuilt.url,
        &adur_token,
        0,
        &["sync", "ws.accord", "--json"],
    );
    let again: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (again["sent"].as_u64(), again["received"].as_u64()),
        (Some(0), Some(0))
    );

    // Worthing is admitted again and reseeds too: only its new change is stored, and it
    // receives Adur's.
    worthing.point_at(&rebuilt.url, &worthing_token);
    let worthing_org = worthing.org_id();
    adur.via_token(
        &rebuilt.url,
        &adur_token,
        0,
        &["sync", "ws.accord", "admit", "--org", &worthing_org],
    );
    let out = worthing.via_token(
        &rebuilt.url,
        &worthing_token,
        0,
        &["sync", "ws.accord", "reseed", "--json"],
    );
    let theirs: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        theirs["sent"], 1,
        "only what the server lacked is stored: {theirs}"
    );
    assert_eq!(theirs["received"], 1, "{theirs}");
    assert!(
        theirs["notices"]
            .as_array()
            .unwrap()
            .iter()
            .all(|n| n["kind"] != "renumbered"),
        "{theirs}"
    );
    adur.via_token(&rebuilt.url, &adur_token, 0, &["sync", "ws.accord"]);
    let both = adur.export("ws.accord");
    assert_eq!(both, worthing.export("ws.accord"));
    assert!(both.contains("Missed bins only, from Adur.") && both.contains("says Worthing"));
    assert_eq!(
        decisions(&both),
        numbered,
        "every decision keeps its number"
    );

    // A new laptop cloning from the rebuilt server gets exactly the same workspace.
    let fresh = Council {
        b: Bench::new(),
        token: adur_token.clone(),
    };
    fresh.ok(&[
        "me",
        "set",
        "--name",
        "Al Khan",
        "--organisation",
        "Adur District Council",
    ]);
    fresh.point_at(&rebuilt.url, &adur_token);
    fresh.ok(&["clone", "--project", &project, "ws.accord"]);
    assert_eq!(fresh.export("ws.accord"), both);
}

#[test]
fn an_edit_that_meets_an_acceptance_is_held_aside_and_can_become_a_new_decision() {
    let server = Directory::start();
    let (adur, worthing, _) = shared(&server);
    adur.ok(&[
        "decision",
        "ws.accord",
        "add",
        "--title",
        "Host the form in Adur's tenancy",
        "--decision",
        "Adur hosts it.",
    ]);
    adur.ok(&["sync", "ws.accord"]);
    worthing.ok(&["sync", "ws.accord"]);
    // Offline, at the same time: Adur accepts D-001; Worthing rewrites its text.
    adur.ok(&["decision", "ws.accord", "accept", "D-001"]);
    worthing.ok(&[
        "decision",
        "ws.accord",
        "edit",
        "D-001",
        "--decision",
        "Worthing hosts it.",
    ]);
    // Both orders of arrival: the accepted text stands everywhere, and the edit is held aside.
    adur.ok(&["sync", "ws.accord"]);
    let synced = worthing.json(&["sync", "ws.accord", "--json"]);
    assert_eq!(synced["conflicts"]["open"], 1, "{synced}");
    adur.ok(&["sync", "ws.accord"]);
    assert_eq!(adur.export("ws.accord"), worthing.export("ws.accord"));
    let ws: Value = serde_json::from_str(&adur.export("ws.accord")).unwrap();
    assert_eq!(ws["decisions"][0]["status"], "accepted");
    assert_eq!(ws["decisions"][0]["decision"], "Adur hosts it.");
    let listed = adur.exits(1, &["conflicts", "ws.accord", "--json"]);
    assert_eq!(
        listed,
        worthing.exits(1, &["conflicts", "ws.accord", "--json"])
    );
    let listed: Value = serde_json::from_str(&listed).unwrap();
    let conflict = &listed["conflicts"][0];
    assert_eq!(conflict["kind"], "edit_after_accept", "{listed}");
    assert_eq!(conflict["field"], "decision");
    assert_eq!(conflict["sides"][0]["value"], "Worthing hosts it.");
    assert_eq!(conflict["sides"][1]["value"], "Adur hosts it.");
    assert_eq!(
        conflict["choices"],
        serde_json::json!(["--withdraw", "--supersede"])
    );
    let id = conflict["id"].as_str().unwrap();
    // Accepting can't be undone by a choice that does not fit.
    let said = worthing.exits(2, &["resolve", "ws.accord", id, "--choose", "1"]);
    assert!(said.contains("--withdraw, --supersede"), "{said}");
    // Worthing records its edit as a new decision superseding D-001.
    worthing.ok(&["resolve", "ws.accord", id, "--supersede"]);
    worthing.ok(&["sync", "ws.accord"]);
    adur.ok(&["sync", "ws.accord"]);
    assert_eq!(adur.export("ws.accord"), worthing.export("ws.accord"));
    adur.exits(0, &["conflicts", "ws.accord"]);
    let ws: Value = serde_json::from_str(&adur.export("ws.accord")).unwrap();
    let decisions = ws["decisions"].as_array().unwrap();
    assert_eq!(decisions.len(), 2);
    assert_eq!(decisions[0]["decision"], "Adur hosts it.");
    assert_eq!(decisions[0]["status"], "accepted");
    assert_eq!(decisions[1]["decision"], "Worthing hosts it.");
    assert_eq!(decisions[1]["status"], "proposed");
    assert_eq!(decisions[1]["supersedes"], decisions[0]["id"]);
}

#[test]
fn a_sync_that_would_remove_most_of_a_kind_of_record_waits_for_a_person() {
    let server = Directory::start();
    let (adur, worthing, _) = shared(&server);
    std::fs::write(adur.b.path("register.csv"), accord_fixtures::REGISTER_CSV).unwrap();
    adur.ok(&[
        "org",
        "ws.accord",
        "import",
        "register.csv",
        "--nation",
        "Wales",
    ]);
    adur.ok(&["sync", "ws.accord"]);
    worthing.ok(&["sync", "ws.accord"]);
    let orgs = worthing.json(&["org", "ws.accord", "list", "--json"]);
    let ids: Vec<String> = orgs
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids.len(), 22);
    for id in &ids {
        worthing.ok(&["org", "ws.accord", "remove", id]);
    }
    worthing.ok(&["sync", "ws.accord"]);
    let before = adur.export("ws.accord");
    let said = adur.exits(4, &["sync", "ws.accord"]);
    assert!(
        said.contains("would remove 22 of the 22 organisations")
            && said.contains("--allow-removals"),
        "{said}"
    );
    assert_eq!(adur.export("ws.accord"), before, "nothing was removed");
    // Said again until a person confirms; then it applies, and both agree.
    adur.exits(4, &["sync", "ws.accord"]);
    adur.ok(&["sync", "ws.accord", "--allow-removals"]);
    assert_eq!(adur.export("ws.accord"), worthing.export("ws.accord"));
    assert_eq!(
        adur.json(&["org", "ws.accord", "list", "--json"])
            .as_array()
            .unwrap()
            .len(),
        0
    );
}

#[test]
fn a_copy_imported_with_new_ids_is_a_new_project_that_can_be_shared_beside_the_first() {
    let server = Directory::start();
    let (adur, _worthing, project) = shared(&server);
    // Arun, not a member, is sent Adur's export to start a project of its own from it.
    let arun = Council::new(&server, "Priya Shah", "Arun District Council", "E07000224");
    std::fs::write(arun.b.path("ws.json"), adur.export("ws.accord")).unwrap();
    // The same ids: the server knows that project already, and says how to start anew.
    arun.ok(&["import", "same.accord", "ws.json"]);
    let said = arun.exits(4, &["sync", "same.accord", "start"]);
    assert!(said.contains("accord import --new-ids"), "{said}");
    arun.ok(&["import", "new.accord", "ws.json", "--new-ids"]);
    let started = arun.json(&["sync", "new.accord", "start", "--json"]);
    assert_ne!(started["project_id"], project.as_str());
    let copy: Value = serde_json::from_str(&arun.export("new.accord")).unwrap();
    let first: Value = serde_json::from_str(&adur.export("ws.accord")).unwrap();
    assert_ne!(copy["project"]["id"], first["project"]["id"]);
    assert_eq!(copy["project"]["title"], first["project"]["title"]);
    // Sections are keyed by name, not by id: the text comes across as typed.
    assert_eq!(
        copy["agreement"]["sections"],
        first["agreement"]["sections"]
    );
    let ids = |v: &Value| -> Vec<String> {
        v["raci"]["activities"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(ids(&copy).iter().all(|id| !ids(&first).contains(id)));
    assert_eq!(ids(&copy).len(), ids(&first).len());
}

/// How far a workspace file has read its server's log (its sync cursor), read from the
/// side as another program would.
fn cursor(path: &std::path::Path) -> i64 {
    let conn =
        rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    conn.busy_timeout(std::time::Duration::from_secs(5))
        .unwrap();
    conn.query_row("SELECT cursor FROM sync_link", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn killing_a_sync_at_any_moment_loses_nothing_and_the_next_sync_completes_it() {
    use std::time::{Duration, Instant};
    let server = Directory::start();
    let (adur, worthing, _) = shared(&server);
    std::fs::write(adur.b.path("register.csv"), accord_fixtures::REGISTER_CSV).unwrap();
    adur.ok(&[
        "org",
        "ws.accord",
        "import",
        "register.csv",
        "--nation",
        "England",
    ]);
    let unsent = adur.json(&["sync", "ws.accord", "status", "--json"])["unsent"]
        .as_u64()
        .unwrap();
    assert!(unsent > 250, "{unsent}");
    let mut rng = crate::Lcg(20261207);
    let spawn = |c: &Council, page: &str| {
        c.b.command()
            .env("ACCORD_PIPELINE_TOKEN", &c.token)
            .args(["sync", "ws.accord", "--page-size", page])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap()
    };
    // Adur's sync (one push of every change, then a pull) is killed at random moments.
    let mut pushes_killed = 0;
    for _ in 0..6 {
        let mut child = spawn(&adur, "500");
        std::thread::sleep(Duration::from_micros(rng.next(60_000)));
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap();
            pushes_killed += 1;
        }
        child.wait().unwrap();
    }
    adur.ok(&["sync", "ws.accord"]);
    // Worthing pulls three ops a page; each sync is killed once it is part-way, seen by its
    // cursor moving, so every kill lands between the first page and the last.
    let head = cursor(&adur.b.path("ws.accord"));
    let mut mid_pull_kills = 0;
    while mid_pull_kills < 4 {
        let start = cursor(&worthing.b.path("ws.accord"));
        assert!(start < head, "the pull finished before four kills landed");
        let mut child = spawn(&worthing, "3");
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let now = cursor(&worthing.b.path("ws.accord"));
            if now > start {
                break;
            }
            assert!(
                child.try_wait().unwrap().is_none(),
                "the sync ended before a page"
            );
            assert!(Instant::now() < deadline, "no page was applied in 30 s");
            std::thread::yield_now();
        }
        std::thread::sleep(Duration::from_micros(rng.next(5_000)));
        child.kill().unwrap();
        child.wait().unwrap();
        if cursor(&worthing.b.path("ws.accord")) < head {
            mid_pull_kills += 1;
        }
    }
    // Whatever was cut, the next syncs complete it: nothing missing, nothing twice.
    worthing.ok(&["sync", "ws.accord"]);
    adur.ok(&["sync", "ws.accord"]);
    assert_eq!(adur.export("ws.accord"), worthing.export("ws.accord"));
    assert_eq!(
        adur.json(&["sync", "ws.accord", "status", "--json"])["unsent"],
        0
    );
    assert_eq!(
        server.count("SELECT count(*) FROM sync_ops"),
        server.count("SELECT count(DISTINCT op_id) FROM sync_ops")
    );
    let integrity: String = rusqlite::Connection::open(worthing.b.path("ws.accord"))
        .unwrap()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    eprintln!("kills: {pushes_killed} during Adur's push, {mid_pull_kills} during Worthing's pull");
}
