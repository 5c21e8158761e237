//! The real desktop app, driven through its real webview: what a council officer does in
//! a day, and that nothing is lost when they quit and come back.

use accord_e2e::{
    Driver, goto, on_screen, quit, saved, screenshot, text_of, text_until, type_into, wait_for,
};
use fantoccini::{Client, Locator, key::Key};

mod office;
mod sync;

/// One app at a time: each test owns the display while it runs.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

async fn click(c: &Client, css: &str) {
    wait_for(c, css)
        .await
        .click()
        .await
        .unwrap_or_else(|e| panic!("click {css}: {e}"));
}

async fn set_me(c: &Client) {
    on_screen(c, "start").await;
    type_into(c, "#me-name", "Siân Jones").await;
    type_into(c, "#me-organisation", "Isle of Anglesey County Council").await;
    click(c, "#me-continue").await;
    wait_for(c, "#create-title").await;
    on_screen(c, "start").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_council_officers_day() {
    let _one = ONE_AT_A_TIME.lock().await;
    let driver = Driver::start();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bins.accord");
    let c = driver.launch(None).await;

    // First run: say who you are, then create a workspace.
    set_me(&c).await;
    screenshot(&c, "01-start").await;
    click(&c, "#create-button").await;
    let problem = text_of(&c, ".govuk-error-summary").await;
    assert!(
        problem.contains("project title cannot be empty"),
        "{problem}"
    );
    type_into(&c, "#create-title", "Missed bins across Adur and Worthing").await;
    type_into(&c, "#create-path", file.to_str().unwrap()).await;
    click(&c, "#create-button").await;
    on_screen(&c, "overview").await;
    assert!(file.exists());
    type_into(
        &c,
        "#problem",
        "Residents report missed bins to the wrong council.",
    )
    .await;
    click(&c, "#title").await; // leaving the field saves it
    saved(&c).await;
    let findings = text_of(&c, "#readiness").await;
    assert!(
        findings.contains("Nobody is Accountable for \"Owning the service\"."),
        "{findings}"
    );
    screenshot(&c, "02-overview").await;

    // People, so that the RACI matrix has parties.
    goto(&c, "#/people").await;
    for (name, job) in [
        ("Siân Jones", "Digital lead"),
        ("Gwen Morgan", "Head of waste"),
    ] {
        type_into(&c, "#person-name", name).await;
        type_into(&c, "#person-job", job).await;
        click(&c, "#add-person").await;
        wait_for(
            &c,
            &format!(
                "#people tbody tr:nth-child({})",
                if name == "Siân Jones" { 1 } else { 2 }
            ),
        )
        .await;
    }
    screenshot(&c, "03-people").await;

    // Agreement: write a section; it is saved as typed.
    goto(&c, "#/agreement").await;
    type_into(&c, "#section-data", "Each council is controller of its own residents’ data; Adur is processor. £0 licence cost.").await;
    saved(&c).await;
    click(&c, "#section-data-toggle").await;
    wait_for(&c, "#section-data-toggle[data-status='agreed']").await;
    screenshot(&c, "04-agreement").await;

    // RACI: two As on one row is an error shown on that row; fixing it clears it.
    goto(&c, "#/raci").await;
    let first_row = "#raci-grid tbody tr[aria-rowindex='2']";
    let sian = format!("{first_row} td:nth-child(2) .accord-cell");
    let gwen = format!("{first_row} td:nth-child(3) .accord-cell");
    click(&c, &sian).await;
    wait_for(&c, &sian).await.send_keys("a").await.unwrap();
    wait_for(&c, &format!("{sian}[data-roles='A']")).await;
    click(&c, &gwen).await;
    wait_for(&c, &gwen).await.send_keys("a").await.unwrap();
    let error = text_of(&c, &format!("{first_row} .accord-row-error")).await;
    assert!(
        error.contains(
            "2 parties are Accountable for \"Owning the service\": Siân Jones and Gwen Morgan"
        ),
        "{error}"
    );
    screenshot(&c, "05-raci-two-as").await;
    // Fix it with the mouse: untick A, tick R in the cell's choices.
    click(&c, "#cell-A").await;
    wait_for(&c, &format!("{gwen}[data-roles='']")).await;
    click(&c, "#cell-R").await;
    wait_for(&c, &format!("{gwen}[data-roles='R']")).await;
    assert!(
        c.find(Locator::Css(&format!("{first_row} .accord-row-error")))
            .await
            .is_err(),
        "the error is gone"
    );
    // Keyboard only: move right with the arrow key and give the next party a C.
    wait_for(&c, &gwen)
        .await
        .send_keys(&format!("{}c", char::from(Key::Left)))
        .await
        .unwrap();
    wait_for(&c, &format!("{sian}[data-roles='AC']")).await;
    // The cell's choices follow the keyboard: they now describe Siân's cell.
    assert_eq!(
        text_of(&c, "#cell-editor-title").await,
        "Owning the service, Siân Jones"
    );
    assert_eq!(
        wait_for(&c, "#cell-C")
            .await
            .prop("checked")
            .await
            .unwrap()
            .as_deref(),
        Some("true")
    );
    screenshot(&c, "06-raci-fixed").await;

    // Decisions: record, accept (read-only from then on), supersede.
    goto(&c, "#/decisions").await;
    click(&c, "#new-decision").await;
    on_screen(&c, "decisions").await;
    type_into(
        &c,
        "#new-title",
        "Host the reporting form in Adur's tenancy",
    )
    .await;
    // Leaving the form and coming back keeps what was typed.
    goto(&c, "#/agreement").await;
    goto(&c, "#/decisions/new").await;
    wait_for(&c, "#draft-restored").await;
    assert_eq!(
        wait_for(&c, "#new-title")
            .await
            .prop("value")
            .await
            .unwrap()
            .as_deref(),
        Some("Host the reporting form in Adur's tenancy")
    );
    type_into(&c, "#new-decision-text", "Adur hosts it.").await;
    type_into(&c, "#new-options", "Adur hosts\nA supplier hosts").await;
    click(&c, "#save-decision").await;
    wait_for(&c, "#accept-decision").await;
    type_into(&c, "#d-consequences", "Adur's IT team supports it.").await;
    click(&c, "#accept-decision").await;
    wait_for(&c, "#supersede-decision").await;
    assert!(
        c.find(Locator::Css("#d-title")).await.is_err(),
        "an accepted decision has no editable fields"
    );
    assert_eq!(text_of(&c, "#d-decision-text").await, "Adur hosts it.");
    click(&c, "#supersede-decision").await;
    wait_for(&c, "#new-title").await;
    type_into(
        &c,
        "#new-title",
        "Host the reporting form in Worthing's tenancy",
    )
    .await;
    type_into(&c, "#new-decision-text", "Worthing hosts it.").await;
    click(&c, "#save-accept-decision").await;
    wait_for(&c, "#supersedes").await;
    assert!(text_of(&c, "#supersedes").await.contains("D-001"));
    goto(&c, "#/decisions").await;
    wait_for(&c, "#decision-list tr[data-number='D-002']").await;
    let list = text_of(&c, "#decision-list").await;
    assert!(
        list.contains("superseded") && list.contains("accepted"),
        "{list}"
    );
    screenshot(&c, "07-decisions").await;

    // Handover: the prepare-handover path, part by part.
    goto(&c, "#/handover").await;
    type_into(&c, "#handover-role", "Service owner for Worthing").await;
    let holder = wait_for(&c, "#handover-holder").await;
    holder.select_by_label("Gwen Morgan").await.unwrap();
    click(&c, "#start-handover").await;
    wait_for(&c, "#part-responsibilities").await;
    type_into(
        &c,
        "#part-responsibilities",
        "Owns the missed-bins service and its budget.",
    )
    .await;
    click(&c, "#handover-next").await;
    wait_for(&c, "#part-key_contacts").await;
    type_into(
        &c,
        "#part-key_contacts",
        "Dafydd at Adur IT; the crew leader at the depot.",
    )
    .await;
    click(&c, "#handover-next").await;
    wait_for(&c, "#part-in_flight_work").await;
    assert_eq!(text_of(&c, "#handover-step").await, "Part 3 of 8");
    screenshot(&c, "08-handover").await;
    click(&c, "#handover-prev").await;
    wait_for(&c, "#part-key_contacts").await;
    assert_eq!(
        wait_for(&c, "#part-key_contacts")
            .await
            .prop("value")
            .await
            .unwrap()
            .unwrap(),
        "Dafydd at Adur IT; the crew leader at the depot."
    );

    // Search and history.
    goto(&c, "#/history").await;
    type_into(&c, "#search-words", "crew leader").await;
    click(&c, "#search-button").await;
    wait_for(&c, "#search-results li").await;
    assert!(
        text_of(&c, "#search-results")
            .await
            .contains("Service owner for Worthing")
    );
    assert!(
        text_of(&c, "#history")
            .await
            .contains("D-001 was superseded by D-002")
    );
    screenshot(&c, "09-history").await;
    // Export the agreement as a PDF for signing, and read it back with a real PDF reader.
    goto(&c, "#/export").await;
    let pdf = dir.path().join("agreement.pdf");
    type_into(&c, "#pdf-path", pdf.to_str().unwrap()).await;
    click(&c, "#export-agreement").await;
    wait_for(&c, "#pdf-done .govuk-panel").await;
    screenshot(&c, "10-export").await;
    let info = std::process::Command::new("pdfinfo")
        .arg(&pdf)
        .output()
        .expect("pdfinfo (poppler-utils)");
    let info = String::from_utf8_lossy(&info.stdout).to_string();
    assert!(
        info.contains("Collaboration agreement: Missed bins across Adur and Worthing"),
        "{info}"
    );
    let text = std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&text.stdout).contains(
        "Each council is controller of its own residents’ data; Adur is processor. £0 licence cost."
    ));

    // Record that it was signed, against the PDF that was signed; the sign-off is current
    // until the agreement changes.
    goto(&c, "#/signoffs").await;
    type_into(&c, "#signoff-pdf", pdf.to_str().unwrap()).await;
    wait_for(&c, "#signoff-by")
        .await
        .select_by_label("Siân Jones")
        .await
        .unwrap();
    wait_for(&c, "#signoff-method")
        .await
        .select_by_label("Minuted meeting")
        .await
        .unwrap();
    click(&c, "#record-signoff").await;
    wait_for(&c, "#signoff-list tr[data-current='true']").await;
    goto(&c, "#/agreement").await;
    type_into(&c, "#section-exit", "Six months' notice in writing.").await;
    saved(&c).await;
    goto(&c, "#/signoffs").await;
    wait_for(&c, "#signoff-list tr[data-current='false']").await;
    screenshot(&c, "12-signoffs").await;
    goto(&c, "#/overview").await;
    assert!(
        text_of(&c, "#findings")
            .await
            .contains("has changed since: that sign-off no longer matches")
    );

    // Quit, and open again from the file: everything is there.
    quit(c, &file).await;
    let c = driver.launch(Some(&file)).await;
    on_screen(&c, "overview").await;
    assert_eq!(
        wait_for(&c, "#problem")
            .await
            .prop("value")
            .await
            .unwrap()
            .unwrap(),
        "Residents report missed bins to the wrong council."
    );
    goto(&c, "#/agreement").await;
    assert!(text_of(&c, "#section-data-status").await.contains("agreed"));
    assert_eq!(
        wait_for(&c, "#section-data")
            .await
            .prop("value")
            .await
            .unwrap()
            .unwrap(),
        "Each council is controller of its own residents’ data; Adur is processor. £0 licence cost."
    );
    goto(&c, "#/raci").await;
    wait_for(&c, &format!("{gwen}[data-roles='R']")).await;
    wait_for(&c, &format!("{sian}[data-roles='AC']")).await;
    goto(&c, "#/handover").await;
    assert!(
        text_of(&c, "#handover-list")
            .await
            .contains("2 of 7 parts written")
    );
    goto(&c, "#/decisions").await;
    wait_for(&c, "#decision-list tr[data-number='D-002']").await;
    c.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_hostile_title_is_shown_as_text() {
    let _one = ONE_AT_A_TIME.lock().await;
    let driver = Driver::start();
    let dir = tempfile::tempdir().unwrap();
    let c = driver.launch(None).await;
    set_me(&c).await;
    let hostile = "<script>window.pwned=1</script><img src=x onerror=\"window.pwned=2\"> & Co";
    type_into(&c, "#create-title", hostile).await;
    type_into(
        &c,
        "#create-path",
        dir.path().join("h.accord").to_str().unwrap(),
    )
    .await;
    click(&c, "#create-button").await;
    on_screen(&c, "overview").await;
    assert_eq!(text_of(&c, "h1").await, hostile);
    assert_eq!(
        wait_for(&c, "#title")
            .await
            .prop("value")
            .await
            .unwrap()
            .unwrap(),
        hostile
    );
    assert!(
        c.find(Locator::Css("main img")).await.is_err(),
        "no element was made from the title"
    );
    let pwned = c
        .execute("return window.pwned === undefined", vec![])
        .await
        .unwrap();
    assert_eq!(
        pwned,
        serde_json::Value::Bool(true),
        "no script from the title ran"
    );
    screenshot(&c, "11-hostile-title").await;
    c.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_file_that_is_not_a_workspace_is_explained_and_left_alone() {
    let _one = ONE_AT_A_TIME.lock().await;
    let driver = Driver::start();
    let dir = tempfile::tempdir().unwrap();
    let notes = dir.path().join("minutes.accord");
    std::fs::write(&notes, "Minutes of the joint board").unwrap();
    let c = driver.launch(Some(&notes)).await;
    set_me(&c).await;
    let problem = text_of(&c, ".govuk-error-summary").await;
    assert!(
        problem.contains("is not an Accord workspace") && problem.contains("has not been changed"),
        "{problem}"
    );
    assert_eq!(
        std::fs::read_to_string(&notes).unwrap(),
        "Minutes of the joint board"
    );
    c.close().await.unwrap();
}

/// The RACI grid of the big workspace draws only the rows in view, and still every row can
/// be reached by keyboard, set, scrolled away from and back to, and is there after a restart.
#[tokio::test(flavor = "multi_thread")]
async fn a_big_raci_grid_draws_what_is_in_view_and_every_row_can_be_set() {
    let _one = ONE_AT_A_TIME.lock().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.accord");
    let size = accord_fixtures::Size {
        decisions: 20,
        section_bytes: 200,
        handover_notes: 1,
        ..accord_fixtures::Size::BIG
    };
    let stamp = accord_store::Stamp::new(
        accord_domain::Actor::new("Siân Jones", "Isle of Anglesey County Council").unwrap(),
        chrono::Utc::now(),
    );
    accord_store::WorkspaceFile::import(&file, &accord_fixtures::workspace(size), &stamp).unwrap();
    let driver = Driver::start();
    std::fs::write(driver.config.path().join("settings.json"), r#"{"me":{"name":"Siân Jones","organisation":"Isle of Anglesey County Council"},"recent":[]}"#).unwrap();
    let last_cell = "#raci-grid tr[aria-rowindex='201'] td:nth-child(31) .accord-cell";
    let drawn_rows = |c: Client| async move {
        c.find_all(Locator::Css("#raci-grid tbody tr[aria-rowindex]"))
            .await
            .unwrap()
            .len()
    };

    let c = driver.launch(Some(&file)).await;
    on_screen(&c, "overview").await;
    goto(&c, "#/raci").await;
    assert_eq!(
        wait_for(&c, "#raci-grid")
            .await
            .attr("aria-rowcount")
            .await
            .unwrap()
            .as_deref(),
        Some("201")
    );
    let drawn = drawn_rows(c.clone()).await;
    assert!((10..100).contains(&drawn), "{drawn} of 200 rows drawn");
    assert!(
        c.find(Locator::Css(last_cell)).await.is_err(),
        "the last row is not drawn until it is in view"
    );

    // Keyboard only: from the first cell to the far corner, then give it an R. The keys go
    // to whatever has the focus, as a person's do, so a row redrawn meanwhile changes nothing.
    click(
        &c,
        "#raci-grid tr[aria-rowindex='2'] td:nth-child(2) .accord-cell",
    )
    .await;
    press(&c, &[Key::Control, Key::End]).await;
    let corner = focused_cell(&c, last_cell).await;
    let before = corner.attr("data-roles").await.unwrap().unwrap_or_default();
    press(&c, &['r']).await;
    let expected = if before.contains('R') {
        before.replace('R', "")
    } else {
        format!("R{before}")
    };
    wait_for(&c, &format!("{last_cell}[data-roles='{expected}']")).await;
    screenshot(&c, "06b-raci-big-grid-corner").await;

    // Scroll back to the top: the corner's row leaves the page; scroll down: it comes back as set.
    c.execute("const s = document.getElementById('raci-scroll'); s.scrollTop = 0; s.dispatchEvent(new Event('scroll'));", vec![]).await.unwrap();
    wait_for(&c, "#raci-grid tr[aria-rowindex='2']").await;
    wait_until(
        "scrolled away, the corner's row is no longer drawn",
        async || c.find(Locator::Css(last_cell)).await.is_err(),
    )
    .await;
    assert!(drawn_rows(c.clone()).await < 100);
    c.execute("const s = document.getElementById('raci-scroll'); s.scrollTop = s.scrollHeight; s.dispatchEvent(new Event('scroll'));", vec![]).await.unwrap();
    let corner_js = serde_json::to_string(last_cell).unwrap();
    let started = std::time::Instant::now();
    loop {
        let now = c
            .execute(&format!("const e = document.querySelector({corner_js}); return e === null ? null : e.dataset.roles;"), vec![])
            .await
            .unwrap();
        if now.as_str() == Some(expected.as_str()) {
            break;
        }
        if started.elapsed() > std::time::Duration::from_secs(20) {
            let trace = c.execute("return 'screen=' + document.body.dataset.screen + ' ready=' + document.body.dataset.ready + ' status=' + (document.getElementById('save-status')?.textContent ?? '');", vec![]).await.unwrap();
            screenshot(&c, "06c-raci-big-grid-corner-lost").await;
            panic!("scrolled back, the corner shows {now:?}, not {expected:?}; the page: {trace}");
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    quit(c, &file).await;

    // After a restart it is still set.
    let c = driver.launch(Some(&file)).await;
    on_screen(&c, "overview").await;
    goto(&c, "#/raci").await;
    click(
        &c,
        "#raci-grid tr[aria-rowindex='2'] td:nth-child(2) .accord-cell",
    )
    .await;
    press(&c, &[Key::Control, Key::End]).await;
    focused_cell(&c, &format!("{last_cell}[data-roles='{expected}']")).await;
    c.close().await.unwrap();
}

/// Presses `keys` together (held down in order, released in reverse) on whatever element
/// has the focus, as a person at the keyboard does: no element is named, so none can go stale.
async fn press(c: &Client, keys: &[impl Into<char> + Copy]) {
    use fantoccini::actions::{InputSource, KeyAction, KeyActions};
    let mut actions = KeyActions::new("keyboard".to_string());
    for k in keys {
        actions = actions.then(KeyAction::Down { value: (*k).into() });
    }
    for k in keys.iter().rev() {
        actions = actions.then(KeyAction::Up { value: (*k).into() });
    }
    // WebKitWebDriver answers a key action once the page has handled every key; we have
    // seen it never answer (about one run in thirty, on a loaded machine, with the app and
    // its web process idle). Fail then, saying so, rather than wait for ever.
    match tokio::time::timeout(
        std::time::Duration::from_secs(30),
        c.perform_actions(actions),
    )
    .await
    {
        Ok(done) => done.expect("press keys"),
        Err(_) => panic!("WebKitWebDriver did not answer a key action within 30 s"),
    }
}

/// Waits until the element matching `css` is drawn and has the focus, and returns it.
async fn focused_cell(c: &Client, css: &str) -> fantoccini::elements::Element {
    let css_js = serde_json::to_string(css).unwrap();
    let script = format!(
        "const e = document.querySelector({css_js}); return e !== null && e === document.activeElement;"
    );
    wait_until(&format!("{css} has the focus"), async || {
        c.execute(&script, vec![]).await.unwrap().as_bool() == Some(true)
    })
    .await;
    wait_for(c, css).await
}

/// Polls `ready` until it holds, for at most 20 seconds.
async fn wait_until(what: &str, mut ready: impl AsyncFnMut() -> bool) {
    let started = std::time::Instant::now();
    while !ready().await {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "waited 20 s for: {what}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
}

/// A Pipeline server kept off the async test's threads: it owns a runtime of its own, which
/// may only be started and dropped where blocking is allowed.
struct OffThread(Option<accord_fixtures_directory::Directory>);

impl OffThread {
    fn start() -> OffThread {
        OffThread(Some(
            std::thread::spawn(accord_fixtures_directory::Directory::start)
                .join()
                .unwrap(),
        ))
    }
    /// A client acting for another council on this server.
    fn council(&self, organisation: &str, gss_code: &str) -> Council {
        let (url, token) = (
            self.0.as_ref().unwrap().url.clone(),
            self.token_for(organisation, gss_code),
        );
        Council(Some(
            off_thread(move || pipeline_client::BlockingClient::new(&url, Some(token))).unwrap(),
        ))
    }
    fn token_for(&self, organisation: &str, gss_code: &str) -> String {
        let server = self.0.as_ref().unwrap();
        std::thread::scope(|s| {
            s.spawn(|| server.account(organisation, gss_code).token)
                .join()
                .unwrap()
        })
    }
}

/// Runs `f` on a plain thread: a blocking client (with its own runtime) may be used only
/// where blocking is allowed, never on the async test's threads.
fn off_thread<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|s| s.spawn(f).join().unwrap())
}

/// Another council's client: it owns a runtime, so it too is dropped off the async threads.
struct Council(Option<pipeline_client::BlockingClient>);

impl std::ops::Deref for Council {
    type Target = pipeline_client::BlockingClient;
    fn deref(&self) -> &Self::Target {
        self.0.as_ref().unwrap()
    }
}

impl Drop for Council {
    fn drop(&mut self) {
        let client = self.0.take();
        let _ = std::thread::spawn(move || drop(client)).join();
    }
}

impl Drop for OffThread {
    fn drop(&mut self) {
        let server = self.0.take();
        let _ = std::thread::spawn(move || drop(server)).join();
    }
}

/// Waits until the element's text is exactly `want`.
async fn until_text(c: &Client, css: &str, want: &str) {
    text_until(c, css, &format!("{want:?}"), |now| now == want).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn publishing_to_a_pipeline_server_and_finding_the_listing() {
    let _one = ONE_AT_A_TIME.lock().await;
    let server = OffThread::start();
    let token = server.token_for("Adur District Council", "E07000223");
    let url = server.0.as_ref().unwrap().url.clone();
    let secret = "hollowmerebrook";

    // A real workspace from the council register, with a word that must stay private.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bins.accord");
    let mut ws = accord_fixtures::workspace(accord_fixtures::Size::SMALL);
    ws.project.title = "Missed bins across Adur and Worthing".into();
    ws.project.looking_for_partners = true;
    ws.decisions[0].context = format!("{secret} is confidential.");
    let me = accord_domain::Actor::new("Siân Jones", "Adur District Council").unwrap();
    let stamp = accord_store::Stamp::new(me.clone(), chrono::Utc::now());
    drop(accord_store::WorkspaceFile::import(&file, &ws, &stamp).unwrap());

    let driver = Driver::start();
    let settings = accord_settings::Settings {
        me: Some(me),
        ..Default::default()
    };
    accord_settings::save_to(&settings, &driver.config.path().join("settings.json")).unwrap();
    let c = driver.launch(Some(&file)).await;
    on_screen(&c, "overview").await;
    goto(&c, "#/pipeline").await;
    assert!(
        text_of(&c, "#no-server")
            .await
            .contains("Nothing is sent anywhere")
    );

    // Set the server and token; the page never sees the token again.
    type_into(&c, "#server", &url).await;
    type_into(&c, "#token", &token).await;
    click(&c, "#save-server").await;
    wait_for(&c, "#server-now").await;
    assert_eq!(text_of(&c, "#server-now").await, url);
    let page = c.source().await.unwrap();
    assert!(!page.contains(&token), "the token is in the page");

    // Preview, then publish.
    click(&c, "#preview-listing").await;
    let sent = text_of(&c, "#listing-preview").await;
    assert!(
        sent.contains("Missed bins across Adur and Worthing")
            && sent.contains("This will publish a new listing"),
        "{sent}"
    );
    let json = wait_for(&c, "#listing-json")
        .await
        .prop("textContent")
        .await
        .unwrap()
        .unwrap();
    assert!(
        json.contains("\"title\": \"Missed bins across Adur and Worthing\"")
            && !json.contains(secret),
        "{json}"
    );
    click(&c, "#publish-listing").await;
    let done = text_of(&c, "#published .govuk-panel").await;
    assert!(done.contains("Listing published"), "{done}");
    let focused = c
        .active_element()
        .await
        .unwrap()
        .attr("class")
        .await
        .unwrap()
        .unwrap_or_default();
    assert!(
        focused.contains("govuk-panel"),
        "the confirmation is focused, so a screen reader says it: {focused}"
    );
    screenshot(&c, "pipeline-published").await;
    let stored = accord_store::WorkspaceFile::open(&file)
        .unwrap()
        .project()
        .unwrap()
        .pipeline_id
        .expect("the listing id is stored in the workspace");
    assert!(done.contains(&stored), "{done}");

    // Search finds it; watch it.
    type_into(&c, "#directory-words", "missed bins").await;
    click(&c, "#directory-search").await;
    let row = format!("#directory-table tr[data-listing='{stored}']");
    wait_for(&c, &row).await;
    let results = text_of(&c, "#directory-results").await;
    assert!(
        results.contains("Missed bins across Adur and Worthing")
            && results.contains("Adur District Council")
            && results.contains("Looking for partners"),
        "{results}"
    );
    click(&c, &format!("{row} button")).await;
    until_text(&c, &format!("{row} button"), "Watching").await;
    type_into(&c, "#directory-words", secret).await;
    click(&c, "#directory-search").await;
    until_text(&c, "#directory-results", "No listings match.").await;
    type_into(&c, "#directory-words", "missed bins").await;
    click(&c, "#directory-search").await;
    wait_for(&c, &row).await;
    c.execute(
        "document.getElementById('pipeline-search').scrollIntoView()",
        vec![],
    )
    .await
    .unwrap();
    screenshot(&c, "pipeline").await;

    // Another council watches the listing; the lead posts a status update, and it reaches them.
    let gwynedd = server.council("Cyngor Gwynedd", "W06000002");
    let worthing = server.council("Worthing Borough Council", "E07000229");
    off_thread(|| gwynedd.watch(stored.parse().unwrap())).unwrap();
    click(&c, "#post-status").await;
    let problem = text_of(&c, ".govuk-error-summary").await;
    assert!(
        problem.contains("Write the status update first"),
        "{problem}"
    );
    wait_for(&c, "#status-text-group.govuk-form-group--error").await;
    type_into(&c, "#status-text", "Pilot starts in two wards in April.").await;
    click(&c, "#post-status").await;
    until_text(&c, "#status-posted", "Update posted: “Pilot starts in two wards in April.”. Everyone watching the listing will see it.").await;
    assert_eq!(
        wait_for(&c, "#status-text")
            .await
            .prop("value")
            .await
            .unwrap()
            .as_deref(),
        Some("")
    );
    assert!(
        !wait_for(&c, "#status-text-error")
            .await
            .is_displayed()
            .await
            .unwrap(),
        "the fixed problem's message is gone"
    );
    let feed = off_thread(|| gwynedd.feed()).unwrap();
    assert!(
        feed.items
            .iter()
            .any(|i| i.organisation == "Adur District Council"
                && i.text == "Pilot starts in two wards in April."),
        "{feed:?}"
    );

    // Two councils ask to join; the lead accepts one, from the keyboard, and declines the other.
    off_thread(|| {
        gwynedd.join(
            stored.parse().unwrap(),
            "Gwynedd has the same problem on its rural rounds.",
        )
    })
    .unwrap();
    off_thread(|| worthing.join(stored.parse().unwrap(), "Worthing shares the crews.")).unwrap();
    click(&c, "#load-requests").await;
    let asked = text_of(&c, "#requests-table").await;
    assert!(
        asked.contains("Cyngor Gwynedd")
            && asked.contains("Gwynedd has the same problem on its rural rounds.")
            && asked.contains("Worthing Borough Council"),
        "{asked}"
    );
    c.execute(
        "document.getElementById('pipeline-requests').scrollIntoView()",
        vec![],
    )
    .await
    .unwrap();
    screenshot(&c, "pipeline-join-requests").await;
    let gwynedd_row = "#requests-table tbody tr:nth-child(1)";
    let accept = wait_for(&c, &format!("{gwynedd_row} button")).await;
    let named = accept
        .prop("textContent")
        .await
        .unwrap()
        .unwrap_or_default();
    assert_eq!(
        named, "Accept the request from Cyngor Gwynedd",
        "the button names whose request it answers"
    );
    accept
        .send_keys(&char::from(Key::Enter).to_string())
        .await
        .unwrap();
    until_text(&c, &format!("{gwynedd_row} td:last-child"), "Accepted").await;
    let focused = c
        .execute("return document.activeElement.textContent", vec![])
        .await
        .unwrap();
    assert_eq!(
        focused.as_str(),
        Some("Accepted"),
        "focus stays on the row that was answered"
    );
    click(
        &c,
        "#requests-table tbody tr:nth-child(2) button.govuk-button--secondary",
    )
    .await;
    until_text(
        &c,
        "#requests-table tbody tr:nth-child(2) td:last-child",
        "Declined",
    )
    .await;
    let listing = off_thread(|| gwynedd.listing(stored.parse().unwrap())).unwrap();
    let members: Vec<&str> = listing
        .members
        .iter()
        .map(|m| m.organisation.name.as_str())
        .collect();
    assert_eq!(members, ["Adur District Council", "Cyngor Gwynedd"]);
    c.execute(
        "document.getElementById('pipeline-status').scrollIntoView()",
        vec![],
    )
    .await
    .unwrap();
    screenshot(&c, "pipeline-status-and-requests").await;

    // A wrong token is explained in the error summary.
    c.execute(
        "document.getElementById('main-content').scrollIntoView()",
        vec![],
    )
    .await
    .unwrap();
    type_into(&c, "#token", "pl_wrong").await;
    click(&c, "#save-server").await;
    wait_for(&c, "#server-now").await;
    click(&c, "#preview-listing").await;
    click(&c, "#publish-listing").await;
    let problem = text_of(&c, ".govuk-error-summary").await;
    assert!(problem.contains("did not accept your token"), "{problem}");
    screenshot(&c, "pipeline-bad-token").await;
    // A status update that cannot be posted keeps its text, to try again.
    type_into(&c, "#status-text", "Second pilot ward chosen.").await;
    click(&c, "#post-status").await;
    until_text(&c, ".govuk-error-summary ul", "The Pipeline server did not accept your token: it may be mistyped, or it has been revoked. Ask the server's administrator for a new one.").await;
    assert_eq!(
        wait_for(&c, "#status-text")
            .await
            .prop("value")
            .await
            .unwrap()
            .as_deref(),
        Some("Second pilot ward chosen.")
    );
    assert!(
        !off_thread(|| gwynedd.updates(stored.parse().unwrap()))
            .unwrap()
            .iter()
            .any(|u| u.text.contains("Second pilot"))
    );
    c.execute(
        "document.getElementById('pipeline-status').scrollIntoView()",
        vec![],
    )
    .await
    .unwrap();
    screenshot(&c, "pipeline-status-kept").await;
    c.close().await.unwrap();
}
