//! Sync in the real app, against a real Pipeline server on loopback; the other council is
//! played by the real `accord` command line on its own copy, with its own settings.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use accord_e2e::{
    Driver, audit, axe_script, cli_binary, goto, on_screen, saved, screenshot, text_of, text_until,
    type_into, wait_for,
};
use fantoccini::{Client, key::Key};

use super::{ONE_AT_A_TIME, OffThread, click, press, wait_until};

/// Worthing, at the command line: its own folder and settings.
struct Cli {
    dir: tempfile::TempDir,
}

impl Cli {
    fn new(url: &str, token: &str) -> Cli {
        let cli = Cli {
            dir: tempfile::tempdir().unwrap(),
        };
        cli.ok(&[
            "me",
            "set",
            "--name",
            "Jo Bloggs",
            "--organisation",
            "Worthing Borough Council",
        ]);
        let mut child = cli
            .command()
            .args(["server", "set", url, "--token-stdin"])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(format!("{token}\n").as_bytes())
            .unwrap();
        assert!(child.wait().unwrap().success());
        cli
    }

    fn command(&self) -> Command {
        let mut c = Command::new(cli_binary());
        c.current_dir(self.dir.path())
            .env("ACCORD_CONFIG_DIR", self.dir.path().join("settings"))
            .env_remove("ACCORD_PIPELINE_TOKEN")
            .env_remove("ACCORD_AS");
        c
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.command().args(args).output().unwrap();
        assert!(
            out.status.success(),
            "accord {args:?}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    fn json(&self, args: &[&str]) -> serde_json::Value {
        serde_json::from_str(&self.ok(args)).unwrap()
    }

    /// This council's organisation id on the server.
    fn org_id(&self) -> String {
        let shown = self.ok(&["server", "show"]);
        let at = shown
            .find("organisation id ")
            .expect("server show names it")
            + 16;
        shown[at..at + 36].to_string()
    }

    fn section(&self, key: &str) -> String {
        let ws = self.json(&["export", "w.accord", "--format", "json"]);
        ws["agreement"]["sections"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["key"] == key)
            .unwrap()["body"]
            .as_str()
            .unwrap()
            .to_string()
    }
}

/// The value of the field matching `css`.
async fn value_of(c: &Client, css: &str) -> String {
    wait_for(c, css)
        .await
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default()
}

/// Presses the button `css` that syncs, and waits until the sync is done and the page has
/// shown what it wrote (sync.js counts it in `data-syncs` after that), so no element read
/// afterwards is replaced under the test. Returns the banner's text.
async fn sync_by(c: &Client, css: &str) -> String {
    let count = || async {
        c.execute("return document.body.dataset.syncs ?? '0';", vec![])
            .await
            .unwrap()
            .as_str()
            .unwrap()
            .to_string()
    };
    let before = count().await;
    click(c, css).await;
    wait_until("the sync is done and shown", async || {
        count().await != before
    })
    .await;
    text_of(c, "#sync-result").await
}

/// A workspace made by Adur's officer, the app's user.
fn adur_workspace(dir: &Path) -> PathBuf {
    let file = dir.join("bins.accord");
    let me = accord_domain::Actor::new("Sam Lee", "Adur District Council").unwrap();
    let stamp = accord_store::Stamp::new(me, chrono::Utc::now());
    let mut ws =
        accord_store::WorkspaceFile::create(&file, "Missed bins across Adur and Worthing", &stamp)
            .unwrap();
    ws.write_section(
        "purpose",
        "One route for missed-bin reports.\nReports go to one inbox.\n",
        &stamp,
    )
    .unwrap();
    file
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "not yet reliable: run with -- --ignored sync; it shares, admits, syncs and settles the conflict from the keyboard, but the command line then reads another text than the combined one, and on a second run an element went stale (issue 12 is open)"]
async fn two_councils_edit_apart_and_settle_the_conflict_from_the_keyboard() {
    let _one = ONE_AT_A_TIME.lock().await;
    let started = std::time::Instant::now();
    let mut server = OffThread::start();
    let url = server.0.as_ref().unwrap().url.clone();
    let adur_token = server.token_for("Adur District Council", "E07000223");
    let worthing = Cli::new(
        &url,
        &server.token_for("Worthing Borough Council", "E07000229"),
    );
    let axe = axe_script();
    let mut violations = Vec::new();

    let dir = tempfile::tempdir().unwrap();
    let file = adur_workspace(dir.path());
    let driver = Driver::start();
    let settings = accord_settings::Settings {
        me: Some(accord_domain::Actor::new("Sam Lee", "Adur District Council").unwrap()),
        pipeline: Some(accord_settings::PipelineServer {
            url: url.clone(),
            token: accord_settings::Token::new(&adur_token),
        }),
        ..Default::default()
    };
    accord_settings::save_to(&settings, &driver.config.path().join("settings.json")).unwrap();
    let c = driver.launch(Some(&file)).await;
    on_screen(&c, "overview").await;

    // Not shared: the line says so and offers to share, with the plain warning first.
    text_until(&c, "#sync-line", "not shared", |t| {
        t.starts_with("Not shared")
    })
    .await;
    click(&c, "#offer-share").await;
    on_screen(&c, "sync").await;
    let warning = text_of(&c, "#share-warning").await;
    assert!(
        warning.contains("whole history") && warning.contains("every council you admit"),
        "{warning}"
    );
    screenshot(&c, "sync-share").await;
    violations.extend(audit(&c, &axe, "sharing (not shared)").await);
    let shared = sync_by(&c, "#share-workspace").await;
    assert!(
        shared.contains("Synced with") && shared.contains("Sent "),
        "{shared}"
    );
    wait_for(&c, "#project-id").await;
    let project = text_of(&c, "#project-id").await;

    // Worthing is admitted from the Sharing screen, and clones at the command line.
    type_into(&c, "#organisation", &worthing.org_id()).await;
    click(&c, "#admit-member").await;
    text_until(&c, "#admitted", "admitted", |t| {
        t.contains("Worthing Borough Council is now a partner")
    })
    .await;
    click(&c, "#show-members").await;
    text_until(&c, "#members-table", "both members", |t| {
        t.contains("Adur District Council") && t.contains("Worthing Borough Council")
    })
    .await;
    screenshot(&c, "sync-members").await;
    worthing.ok(&["clone", "--project", &project, "w.accord"]);

    // Both edit the same line while apart, and both record a decision.
    worthing.ok(&[
        "agreement",
        "w.accord",
        "write",
        "purpose",
        "--text",
        "One route for all waste reports.\nReports go to one inbox.\n",
    ]);
    worthing.ok(&[
        "decision",
        "w.accord",
        "add",
        "--title",
        "Host in Worthing",
        "--date",
        "2026-12-01",
    ]);
    worthing.ok(&["sync", "w.accord"]);
    goto(&c, "#/agreement").await;
    type_into(
        &c,
        "#section-purpose",
        "One route for missed-bin reports, run by Adur.\nReports go to one inbox.\n",
    )
    .await;
    goto(&c, "#/decisions/new").await;
    type_into(&c, "#new-title", "Host on Azure").await;
    type_into(&c, "#new-date", "2026-12-01").await;
    click(&c, "#save-decision").await;
    on_screen(&c, "decisions").await;
    goto(&c, "#/decisions").await;
    text_until(&c, "#decision-list", "a provisional number", |t| {
        t.contains("Provisional")
    })
    .await;
    text_until(&c, "#sync-line", "changes not yet sent", |t| {
        t.contains("changes not yet sent")
    })
    .await;

    // The app syncs: the banner says what came, the conflict, and the renumbered decision.
    let said = sync_by(&c, "#sync-now").await;
    assert!(
        said.contains("Sent ")
            && said.contains("from Jo Bloggs")
            && said.contains("1 conflict needs a decision")
            && said.contains("is now D-002"),
        "{said}"
    );
    screenshot(&c, "sync-banner").await;
    text_until(&c, "#sync-line", "1 conflict", |t| {
        t.contains("· 1 conflict")
    })
    .await;
    violations.extend(audit(&c, &axe, "sync banner").await);

    // The overview counts it in an error summary; the section carries a Conflict tag.
    goto(&c, "#/overview").await;
    let summary = text_of(&c, "#conflict-summary").await;
    assert!(summary.contains("1 conflict needs a decision"), "{summary}");
    violations.extend(audit(&c, &axe, "overview (conflict error summary)").await);
    goto(&c, "#/agreement").await;
    wait_for(&c, "#section-purpose-heading a[data-conflict]").await;
    screenshot(&c, "sync-conflict-tag").await;
    goto(&c, "#/conflicts").await;
    wait_for(&c, "#conflict-list a").await;
    screenshot(&c, "conflicts").await;
    violations.extend(audit(&c, &axe, "conflicts (list)").await);
    click(&c, "#conflict-list a").await;
    on_screen(&c, "conflicts").await;
    wait_for(&c, "#resolve-form").await;
    let sides = text_of(&c, "#sides").await;
    assert!(
        sides.contains("Sam Lee") && sides.contains("Jo Bloggs"),
        "{sides}"
    );
    let marked: Vec<String> = c
        .execute(
            "return [...document.querySelectorAll('#sides ins, #sides del')].map((e) => e.textContent);",
            vec![],
        )
        .await
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    assert!(
        marked.contains(&"added: One route for all waste reports.\n".to_string())
            && marked.contains(&"removed: One route for missed-bin reports.\n".to_string()),
        "{marked:?}"
    );
    screenshot(&c, "conflict").await;
    violations.extend(audit(&c, &axe, "a conflict").await);
    if c.set_window_size(560, 900).await.is_ok() {
        screenshot(&c, "conflict-narrow").await;
        let _ = c.set_window_size(1280, 900).await;
    }

    // From the keyboard: the first choice, down to "Write a combined version", Tab into
    // the text (filled with the version shown), replace it, Tab to the button, Enter.
    let combined = "One route for all waste reports, run by Adur.\nReports go to one inbox.\n";
    let shown = value_of(&c, "#combined").await;
    assert!(shown.starts_with("One route for"), "{shown}");
    c.execute("document.getElementById('choice').focus()", vec![])
        .await
        .unwrap();
    press(&c, &[' ']).await;
    press(&c, &[Key::Down]).await;
    press(&c, &[Key::Down]).await;
    wait_until("the combined version is chosen", async || {
        c.execute(
            "return document.querySelector('input[name=choice]:checked')?.value === 'text' && !document.getElementById('combined-reveal').hidden;",
            vec![],
        )
        .await
        .unwrap()
            == serde_json::Value::Bool(true)
    })
    .await;
    press(&c, &[Key::Tab]).await;
    let ctrl: char = Key::Control.into();
    press(&c, &[ctrl, 'a']).await;
    let typed = c.active_element().await.unwrap();
    assert_eq!(typed.attr("id").await.unwrap().as_deref(), Some("combined"));
    typed.send_keys(combined).await.unwrap();
    press(&c, &[Key::Tab]).await;
    press(&c, &[Key::Enter]).await;
    on_screen(&c, "conflicts").await;
    text_until(&c, "#no-conflicts", "no conflicts", |t| {
        t.starts_with("No conflicts")
    })
    .await;
    let sent = sync_by(&c, "#sync-now").await;
    assert!(sent.contains("Sent 1 change."), "{sent}");

    // The command line syncs and has the same text; the decisions have two numbers.
    worthing.ok(&["sync", "w.accord"]);
    assert_eq!(worthing.section("purpose"), combined);
    let ws = worthing.json(&["export", "w.accord", "--format", "json"]);
    let mut numbers: Vec<&str> = ws["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["number"].as_str().unwrap())
        .collect();
    numbers.sort();
    assert_eq!(numbers, ["D-001", "D-002"]);

    // The server stops: the offline sentence, and the text typed meanwhile stays.
    std::thread::scope(|s| {
        s.spawn(|| server.0.as_mut().unwrap().stop());
    });
    goto(&c, "#/agreement").await;
    let typing = "Typed while the server is down.\n";
    type_into(&c, "#section-purpose", typing).await;
    let offline = sync_by(&c, "#sync-now").await;
    assert!(
        offline.contains("Could not reach the Pipeline server")
            && offline.contains("Nothing was lost: your ")
            && offline.contains("saved in this file and will be sent next time."),
        "{offline}"
    );
    // Editing carries on.
    let more = wait_for(&c, "#section-purpose").await;
    more.send_keys("And more typed after.").await.unwrap();
    assert_eq!(
        value_of(&c, "#section-purpose").await,
        format!("{typing}And more typed after.")
    );
    screenshot(&c, "sync-offline").await;
    saved(&c).await;
    c.close().await.unwrap();
    let store = accord_store::WorkspaceFile::open(&file).unwrap();
    assert!(
        store.sync_state().unwrap().unsent > 0,
        "what was typed waits to be sent"
    );
    let body = store
        .agreement()
        .unwrap()
        .sections
        .into_iter()
        .find(|s| s.key == "purpose")
        .unwrap()
        .body;
    assert_eq!(body, format!("{typing}And more typed after."));
    drop(store);

    assert!(
        violations.is_empty(),
        "{} accessibility problems:\n{}",
        violations.len(),
        violations.join("\n")
    );
    eprintln!("sync end to end took {:?}", started.elapsed());
}
