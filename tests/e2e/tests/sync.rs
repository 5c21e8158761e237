//! Sync in the real app, against a real Pipeline server on loopback; the other council is
//! played by the real `accord` command line on its own copy, with its own settings.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use accord_e2e::{
    Driver, audit, axe_script, cli_binary, goto, on_screen, saved, screenshot, type_into, wait_for,
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

/// The text of the element matching `css` as it is drawn now, read in one step in the page:
/// screens here redraw themselves (a members table reloaded, a screen drawn again after a
/// sync), so an element found first and read after could be gone by then.
async fn drawn_text(c: &Client, css: &str) -> Option<String> {
    c.execute(
        "const e = document.querySelector(arguments[0]); return e ? e.innerText : null;",
        vec![serde_json::Value::String(css.to_string())],
    )
    .await
    .unwrap()
    .as_str()
    .map(str::to_string)
}

/// The text of the element matching `css`, once there is one (20 s at most).
async fn text_of(c: &Client, css: &str) -> String {
    text_until(c, css, "drawn", |_| true).await
}

/// Waits until the element matching `css` is drawn with a text satisfying `wanted`
/// (described as `what` if it never is, within 20 seconds), and returns that text.
async fn text_until(c: &Client, css: &str, what: &str, wanted: impl Fn(&str) -> bool) -> String {
    let started = std::time::Instant::now();
    loop {
        let now = drawn_text(c, css).await;
        if let Some(t) = &now
            && wanted(t)
        {
            return t.clone();
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "{css} says {now:?}, not {what}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// The value of the field matching `css`.
async fn value_of(c: &Client, css: &str) -> String {
    let started = std::time::Instant::now();
    loop {
        let v = c
            .execute(
                "const e = document.querySelector(arguments[0]); return e ? e.value : null;",
                vec![serde_json::Value::String(css.to_string())],
            )
            .await
            .unwrap();
        if let Some(v) = v.as_str() {
            return v.to_string();
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "no field {css}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// Presses the button `css` that syncs, and waits until the sync is done and the page has
/// shown what it wrote (sync.js counts it in `data-syncs` after that), so no element read
/// afterwards is replaced under the test. Returns the banner's text.
async fn sync_by(c: &Client, css: &str) -> String {
    let before = sync_count(c).await;
    click(c, css).await;
    wait_until("the sync is done and shown", async || {
        sync_count(c).await != before
    })
    .await;
    text_of(c, "#sync-result").await
}

/// How many syncs the page has finished and shown (sync.js counts them).
async fn sync_count(c: &Client) -> String {
    c.execute("return document.body.dataset.syncs ?? '0';", vec![])
        .await
        .unwrap()
        .as_str()
        .unwrap()
        .to_string()
}

/// `text` as keys to type: a line break is the Enter key (WebKitWebDriver types nothing
/// for a "\n" character, so the text would arrive with its lines run together).
fn keys(text: &str) -> String {
    let enter: char = Key::Enter.into();
    text.replace('\n', &enter.to_string())
}

/// Replaces a field's text by typing, line breaks and all.
async fn type_lines(c: &Client, css: &str, text: &str) {
    let el = wait_for(c, css).await;
    el.clear().await.unwrap();
    el.send_keys(&keys(text)).await.unwrap();
}

/// Replaces the text of the focused field (which must be `id`) from the keyboard: Control+A,
/// Delete, then the new text typed. Waits until the field holds exactly `text`.
async fn replace_focused_text(c: &Client, id: &str, text: &str) {
    let ctrl: char = Key::Control.into();
    press(c, &[ctrl, 'a']).await;
    press(c, &[Key::Delete]).await;
    let typed = c.active_element().await.unwrap();
    assert_eq!(typed.attr("id").await.unwrap().as_deref(), Some(id));
    typed.send_keys(&keys(text)).await.unwrap();
    let css = format!("#{id}");
    wait_until("the typed text is in the field", async || {
        value_of(c, &css).await == text
    })
    .await;
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
#[ignore = "not yet reliable on a loaded machine: run with -- --ignored two_councils. It passed whole (19 s) at load 12, but then hung twice in a row at load 14-15, each time in the WebKitWebDriver request after a screenshot, with the app, its web process and the driver idle (the request delivered, never answered): the same hang `press` guards against. Issue 12 stays open for it"]
async fn two_councils_edit_apart_and_settle_the_conflict_from_the_keyboard() {
    // WebKitWebDriver has been seen never to answer a request on a loaded machine, with the
    // app and its web process idle (see `press`): the scenario fails after four minutes
    // saying so, rather than holding CI until its limit.
    match tokio::time::timeout(std::time::Duration::from_secs(240), edit_apart_and_settle()).await {
        Ok(()) => {}
        Err(_) => panic!(
            "the sync scenario took over 4 minutes: WebKitWebDriver stopped answering (see target/e2e-logs)"
        ),
    }
}

async fn edit_apart_and_settle() {
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
    type_lines(
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
    replace_focused_text(&c, "combined", combined).await;
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

    // A field being edited when a sync changes it underneath: the officer is in the
    // purpose's text when a sync (pressed just before) brings Worthing's new version. The
    // screen keeps what it shows; the text then typed is saved over the version the
    // screen loaded, so Worthing's is not overwritten: both are kept, as a conflict.
    goto(&c, "#/agreement").await;
    let theirs = "One route for every report, kept by Worthing.\nReports go to one inbox.\n";
    worthing.ok(&[
        "agreement",
        "w.accord",
        "write",
        "purpose",
        "--text",
        theirs,
    ]);
    worthing.ok(&["sync", "w.accord"]);
    click(&c, "#section-purpose").await;
    // The sync runs as "Sync now" runs it; started from a script, so the focus stays in
    // the text, as when the officer clicks back into it before the sync ends.
    let before = sync_count(&c).await;
    c.execute("document.getElementById('sync-now').click()", vec![])
        .await
        .unwrap();
    wait_until("the sync is done", async || sync_count(&c).await != before).await;
    let said = text_of(&c, "#sync-result").await;
    assert!(said.contains("Received 1 change from Jo Bloggs"), "{said}");
    assert_eq!(
        value_of(&c, "#section-purpose").await,
        combined,
        "the field being edited is not replaced under the officer"
    );
    let ours =
        "One route for all waste reports, run by Adur from April.\nReports go to one inbox.\n";
    replace_focused_text(&c, "section-purpose", ours).await;
    // Saved: read back from the file by an independent reader. (The status line is no
    // signal here: the page says there that a sync changed the workspace meanwhile.)
    wait_until("the typed text is saved in the file", async || {
        accord_store::WorkspaceFile::open_read_only(&file)
            .and_then(|f| f.agreement())
            .is_ok_and(|a| a.section("purpose").is_some_and(|s| s.body == ours))
    })
    .await;
    wait_for(&c, "#section-purpose-heading a[data-conflict]").await;
    assert_eq!(
        value_of(&c, "#section-purpose").await,
        ours,
        "what was typed stays"
    );
    screenshot(&c, "sync-edited-underneath").await;
    text_until(&c, "#sync-line", "1 conflict", |t| {
        t.contains("· 1 conflict")
    })
    .await;
    goto(&c, "#/conflicts").await;
    click(&c, "#conflict-list a").await;
    wait_for(&c, "#resolve-form").await;
    let sides = text_of(&c, "#sides").await;
    assert!(
        sides.contains("kept by Worthing") && sides.contains("run by Adur from April"),
        "both versions are kept: {sides}"
    );
    // The command line, syncing, holds the same conflict and shows the same text.
    sync_by(&c, "#sync-now").await;
    worthing.ok(&["sync", "w.accord"]);
    assert_eq!(worthing.section("purpose"), ours);
    // (`accord conflicts` exits 1 while a conflict is open.)
    let listed = worthing
        .command()
        .args(["conflicts", "w.accord", "--json"])
        .output()
        .unwrap();
    let listed: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
    let values: Vec<&str> = listed["conflicts"][0]["sides"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["value"].as_str().unwrap())
        .collect();
    assert_eq!(values, [theirs, ours], "{listed}");

    // The server stops: the offline sentence, and the text typed meanwhile stays.
    std::thread::scope(|s| {
        s.spawn(|| server.0.as_mut().unwrap().stop());
    });
    goto(&c, "#/agreement").await;
    let typing = "Typed while the server is down.\n";
    type_lines(&c, "#section-purpose", typing).await;
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
