//! Nothing typed is lost: closing the window (as × does) saves first; typing without a
//! pause is saved at least every two seconds; a save that fails for a real reason (the
//! disk is full) keeps the text, refuses to leave the screen or to accept the decision
//! until it is saved, and saves it once the cause is gone; Enter submits each form of the
//! start screen and the search.
//!
//! The full disk is a real one: a small tmpfs mounted for the test and filled up, so the
//! tests run as root (as root, file modes do not stop writes, so a read-only file is not
//! a real failure here).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use accord_e2e::window::{app_window, request_close, running};
use accord_e2e::{
    Driver, goto, on_screen, saved, screenshot, text_of, text_until, type_into, wait_for,
};
use fantoccini::{Client, Locator, key::Key};

/// One app at a time: each test owns the display while it runs.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

const ME: &str =
    r#"{"me":{"name":"Siân Jones","organisation":"Isle of Anglesey County Council"},"recent":[]}"#;

/// The small realistic workspace, imported to `file`.
fn workspace_at(file: &Path) -> accord_domain::Workspace {
    let stamp = accord_store::Stamp::new(
        accord_domain::Actor::new("Siân Jones", "Isle of Anglesey County Council").unwrap(),
        chrono::Utc::now(),
    );
    let ws = accord_fixtures::workspace(accord_fixtures::Size::SMALL);
    drop(accord_store::WorkspaceFile::import(file, &ws, &stamp).unwrap());
    ws
}

/// What the file holds now, read as another program would while the app has it open.
fn stored(file: &Path) -> accord_domain::Workspace {
    accord_store::WorkspaceFile::open(file)
        .unwrap()
        .load()
        .unwrap()
}

fn section_body(file: &Path, key: &str) -> String {
    stored(file)
        .agreement
        .sections
        .into_iter()
        .find(|s| s.key == key)
        .unwrap()
        .body
}

async fn click(c: &Client, css: &str) {
    wait_for(c, css)
        .await
        .click()
        .await
        .unwrap_or_else(|e| panic!("click {css}: {e}"));
}

/// Waits until nothing matches `css`.
async fn gone(c: &Client, css: &str) {
    let started = Instant::now();
    while c.find(Locator::Css(css)).await.is_ok() {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{css} is still on the page"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn value_of(c: &Client, css: &str) -> String {
    wait_for(c, css)
        .await
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default()
}

/// Polls `check` until it is true, failing with `what` after `limit`.
async fn until(limit: Duration, what: &str, mut check: impl FnMut() -> bool) {
    let started = Instant::now();
    while !check() {
        assert!(started.elapsed() < limit, "{what} (waited {limit:?})");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn closing_the_window_mid_typing_saves_what_was_typed() {
    let _one = ONE_AT_A_TIME.lock().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("close.accord");
    workspace_at(&file);
    let driver = Driver::start();
    std::fs::write(driver.config.path().join("settings.json"), ME).unwrap();
    let c = driver.launch(Some(&file)).await;
    on_screen(&c, "overview").await;
    goto(&c, "#/agreement").await;

    // Type, and close the window straight away, as × does: well before the pause that
    // would save it, with the cursor still in the field.
    let typed = "Each council keeps its own residents' data. Closed mid-sentence";
    type_into(&c, "#section-data", typed).await;
    let window = app_window(driver.pid());
    assert_ne!(
        section_body(&file, "data"),
        typed,
        "the text was saved before the close: this test would prove nothing"
    );
    request_close(window);
    // The page saves, answers, and the app ends: seconds on a busy machine, so allow 30.
    until(
        Duration::from_secs(30),
        "the app did not close after the close request",
        || !running(window.pid),
    )
    .await;
    assert_eq!(
        section_body(&file, "data"),
        typed,
        "the close did not save what was typed"
    );
    let _ = c.close().await; // the app has gone; the WebDriver session with it

    // Open it again: the text is there.
    let c = driver.launch(Some(&file)).await;
    on_screen(&c, "overview").await;
    goto(&c, "#/agreement").await;
    assert_eq!(value_of(&c, "#section-data").await, typed);
    c.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn typing_without_a_pause_is_saved_at_least_every_two_seconds() {
    let _one = ONE_AT_A_TIME.lock().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("typing.accord");
    workspace_at(&file);
    let driver = Driver::start();
    std::fs::write(driver.config.path().join("settings.json"), ME).unwrap();
    let c = driver.launch(Some(&file)).await;
    on_screen(&c, "overview").await;
    goto(&c, "#/agreement").await;
    let field = wait_for(&c, "#section-exit").await;
    let before = section_body(&file, "exit");
    assert_eq!(value_of(&c, "#section-exit").await, before);

    // One key at a time (each added at the end of the text) for over four seconds; after
    // each key, look at the file. A save made after typing stops needs a 0.6 s pause after
    // the last key it holds: a save whose next key came sooner was made while typing.
    let words = " Six months notice in writing to every other party, agreed by the joint board.";
    let (started, mut typed, mut seen) = (Instant::now(), before.clone(), before.clone());
    let (mut asked, mut delivered, mut saves): (Vec<Instant>, Vec<Instant>, Vec<(usize, Instant)>) =
        (Vec::new(), Vec::new(), Vec::new());
    for ch in words.chars().cycle() {
        if started.elapsed() > Duration::from_secs(4) && saves.len() >= 2 {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "typing ran on for 20 s without two saves"
        );
        asked.push(Instant::now());
        field.send_keys(&ch.to_string()).await.unwrap();
        delivered.push(Instant::now());
        typed.push(ch);
        let now = section_body(&file, "exit");
        if now != seen {
            assert!(
                typed.starts_with(&now) && now.starts_with(&before),
                "the file holds {now:?}, which is not what was typed"
            );
            saves.push((now.len() - before.len(), Instant::now()));
            seen = now;
        }
    }
    // Saves made while typing: the key after the last one saved was delivered within 0.6 s
    // of the request to type that last one.
    let while_typing: Vec<usize> = saves
        .iter()
        .map(|&(k, _)| k)
        .filter(|&k| {
            k >= 1
                && k < delivered.len()
                && delivered[k] - asked[k - 1] < Duration::from_millis(600)
        })
        .collect();
    let gaps: Vec<Duration> = std::iter::once(started)
        .chain(saves.iter().map(|&(_, at)| at))
        .collect::<Vec<_>>()
        .windows(2)
        .map(|w| w[1] - w[0])
        .collect();
    eprintln!(
        "typed {} keys in {:?}; saves held {:?} keys; {} made while typing; {gaps:?} apart",
        delivered.len(),
        started.elapsed(),
        saves.iter().map(|s| s.0).collect::<Vec<_>>(),
        while_typing.len()
    );
    assert!(
        while_typing.len() >= 2,
        "only {} saves were made while typing went on: {saves:?}",
        while_typing.len()
    );
    assert!(
        gaps.iter().all(|g| *g <= Duration::from_millis(2600)),
        "too long without a save while typing: {gaps:?}"
    );
    assert!(
        seen.len() < typed.len(),
        "the last save holds everything: typing was not continuous"
    );
    until(
        Duration::from_secs(10),
        "once typing stopped, not all of it was saved",
        || section_body(&file, "exit") == typed,
    )
    .await;
    c.close().await.unwrap();
}

/// A tmpfs of its own, mounted for a test and unmounted afterwards (lazily: the app may
/// still be letting go of the file).
struct SmallDisk(PathBuf);

impl SmallDisk {
    fn mount(at: PathBuf) -> SmallDisk {
        std::fs::create_dir_all(&at).unwrap();
        let out = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=8m", "accord-e2e"])
            .arg(&at)
            .output()
            .expect("run mount");
        assert!(
            out.status.success(),
            "mounting a small tmpfs needs root (the end-to-end tests run as root): {}",
            String::from_utf8_lossy(&out.stderr)
        );
        SmallDisk(at)
    }

    /// Fills the disk to the last byte; returns the file that fills it.
    fn fill(&self) -> PathBuf {
        use std::io::Write;
        let path = self.0.join("filler");
        let mut f = std::fs::File::create(&path).unwrap();
        let block = vec![0u8; 64 * 1024];
        let mut wrote = 0usize;
        loop {
            match f.write(&block) {
                Ok(0) => break,
                Ok(n) => wrote += n,
                Err(e) if e.raw_os_error() == Some(28) => break, // ENOSPC
                Err(e) => panic!("filling the disk: {e}"),
            }
        }
        // The last partial block too.
        while f.write(&[0u8; 512]).is_ok_and(|n| n > 0) {}
        assert!(wrote > 0);
        path
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg("-l")
            .arg(&self.0)
            .status();
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_save_that_fails_keeps_the_text_and_nothing_goes_ahead_until_it_is_saved() {
    let _one = ONE_AT_A_TIME.lock().await;
    let dir = tempfile::tempdir().unwrap();
    let disk = SmallDisk::mount(dir.path().join("disk"));
    let file = disk.0.join("full.accord");
    let ws = workspace_at(&file);
    let proposed = ws
        .decisions
        .iter()
        .find(|d| d.status == accord_domain::DecisionStatus::Proposed)
        .expect("a proposed decision")
        .clone();
    let note = ws.succession[0].clone();
    let driver = Driver::start();
    std::fs::write(driver.config.path().join("settings.json"), ME).unwrap();
    let c = driver.launch(Some(&file)).await;
    on_screen(&c, "overview").await;
    let route = format!("#/decisions/{}", proposed.id);
    goto(&c, &route).await;
    wait_for(&c, "#accept-decision").await;

    // The disk fills up; the context is changed, and its save fails.
    let filler = disk.fill();
    let typed = "Typed while the disk was full: Adur's hosting costs nothing extra.";
    type_into(&c, "#d-context", typed).await;
    click(&c, "#d-title").await; // leaving the field saves it
    wait_for(&c, "#d-context-group.govuk-form-group--error").await;
    let problem = text_of(&c, ".govuk-error-summary").await;
    assert!(
        problem.to_lowercase().contains("full"),
        "the summary says why: {problem}"
    );
    assert!(
        text_of(&c, "#d-context-error")
            .await
            .to_lowercase()
            .contains("full"),
        "the field says why"
    );
    assert_eq!(
        value_of(&c, "#d-context").await,
        typed,
        "the text stays in the field"
    );
    assert!(text_of(&c, "#save-status").await.starts_with("Not saved"));
    screenshot(&c, "never-lose-save-failed").await;

    // Leaving the screen is refused with a question; staying keeps the text.
    c.execute("location.hash = '#/overview'", vec![])
        .await
        .unwrap();
    let question = text_of(&c, "dialog#unsaved-question[open]").await;
    assert!(
        question.contains("Your changes are not saved yet") && question.contains("Context"),
        "{question}"
    );
    screenshot(&c, "never-lose-discard-question").await;
    let focused = c
        .execute("return document.activeElement.id", vec![])
        .await
        .unwrap();
    assert_eq!(
        focused.as_str(),
        Some("unsaved-stay"),
        "the question has the focus, on the safe answer"
    );
    // Escape, from the keyboard, means stay.
    c.active_element()
        .await
        .unwrap()
        .send_keys(&char::from(Key::Escape).to_string())
        .await
        .unwrap();
    gone(&c, "#unsaved-question").await;
    assert_eq!(
        c.execute("return location.hash", vec![])
            .await
            .unwrap()
            .as_str(),
        Some(route.as_str()),
        "the address is back on the decision"
    );
    assert_eq!(
        wait_for(&c, "body")
            .await
            .attr("data-screen")
            .await
            .unwrap()
            .as_deref(),
        Some("decisions")
    );
    assert_eq!(value_of(&c, "#d-context").await, typed);

    // Accepting is refused too: the record is not locked with the old text.
    click(&c, "#accept-decision").await;
    // The summary already shows the full disk; the refusal joins it once the click is handled.
    let refusal = "That was not done, because your changes are not saved yet";
    text_until(&c, ".govuk-error-summary", "the refusal to accept", |t| {
        t.contains(refusal)
    })
    .await;
    let now = stored(&file)
        .decisions
        .into_iter()
        .find(|d| d.id == proposed.id)
        .unwrap();
    assert_eq!(
        now.status,
        accord_domain::DecisionStatus::Proposed,
        "the decision was accepted with the old text"
    );
    assert_eq!(now.context, proposed.context);
    assert_eq!(value_of(&c, "#d-context").await, typed);

    // The cause goes away: the save is tried again and the text is saved, with no further action.
    std::fs::remove_file(&filler).unwrap();
    until(
        Duration::from_secs(30),
        "the text was not saved once the disk had room",
        || {
            stored(&file)
                .decisions
                .into_iter()
                .any(|d| d.id == proposed.id && d.context == typed)
        },
    )
    .await;
    saved(&c).await;
    assert!(
        !wait_for(&c, "#d-context-error")
            .await
            .is_displayed()
            .await
            .unwrap(),
        "the field's error went once saved"
    );
    click(&c, "#accept-decision").await;
    wait_for(&c, "#supersede-decision").await;
    let now = stored(&file)
        .decisions
        .into_iter()
        .find(|d| d.id == proposed.id)
        .unwrap();
    assert_eq!(
        (now.status, now.context.as_str()),
        (accord_domain::DecisionStatus::Accepted, typed)
    );

    // In a handover, "Next part" waits for the save too; discarding, explicitly, goes on.
    goto(&c, &format!("#/handover/{}/0", note.id)).await;
    let filler = disk.fill();
    // Pasted at the end of what is there (no clearing first, which would be an edit of its
    // own), and long: SQLite reuses its write-ahead log's space, so a small change can still
    // fit on a full disk; a hundred kilobytes, more than any change before it, cannot.
    let pasted = " Typed on a full disk, then discarded.".repeat(3000);
    c.execute(
        "const e = document.getElementById('part-responsibilities'); e.focus(); e.value += arguments[0]; e.dispatchEvent(new Event('input', { bubbles: true }));",
        vec![serde_json::json!(pasted)],
    )
    .await
    .unwrap();
    click(&c, "#handover-next").await;
    let question = text_of(&c, "dialog#unsaved-question[open]").await;
    assert!(
        question.contains("Discard my changes and leave"),
        "{question}"
    );
    assert_eq!(
        text_of(&c, "#handover-step").await,
        "Part 1 of 8",
        "still on the first part"
    );
    click(&c, "#unsaved-discard").await;
    wait_for(&c, "#part-key_contacts").await;
    assert_eq!(text_of(&c, "#handover-step").await, "Part 2 of 8");
    std::fs::remove_file(&filler).unwrap();
    let kept = stored(&file)
        .succession
        .into_iter()
        .find(|n| n.id == note.id)
        .unwrap();
    assert_eq!(
        kept.responsibilities, note.responsibilities,
        "discarded text was not saved"
    );
    c.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn enter_submits_each_form_of_the_start_screen() {
    let _one = ONE_AT_A_TIME.lock().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("enter.accord");
    let driver = Driver::start();
    let c = driver.launch(None).await;
    let enter = char::from(Key::Enter).to_string();

    // Who are you: Enter in the last field.
    on_screen(&c, "start").await;
    type_into(&c, "#me-name", "Siân Jones").await;
    type_into(
        &c,
        "#me-organisation",
        &format!("Isle of Anglesey County Council{enter}"),
    )
    .await;
    wait_for(&c, "#create-title").await;
    let settings = std::fs::read_to_string(driver.config.path().join("settings.json")).unwrap();
    assert!(settings.contains("Siân Jones"), "{settings}");

    // Create: Enter in the title, with the path typed first.
    type_into(&c, "#create-path", file.to_str().unwrap()).await;
    type_into(
        &c,
        "#create-title",
        &format!("Missed bins across Adur and Worthing{enter}"),
    )
    .await;
    on_screen(&c, "overview").await;
    assert!(file.exists());
    assert_eq!(
        stored(&file).project.title,
        "Missed bins across Adur and Worthing"
    );

    // Search: Enter in the words.
    goto(&c, "#/history").await;
    type_into(&c, "#search-words", &format!("missed bins{enter}")).await;
    wait_for(&c, "#search-results li").await;

    // Open: close the workspace, then Enter in the path.
    goto(&c, "#/start").await;
    type_into(&c, "#open-path", &format!("{}{enter}", file.display())).await;
    on_screen(&c, "overview").await;
    assert_eq!(
        text_of(&c, "h1").await,
        "Missed bins across Adur and Worthing"
    );

    // Each form's primary button is its submit button.
    goto(&c, "#/start").await;
    for id in ["create-button", "open-button"] {
        assert_eq!(
            wait_for(&c, &format!("#{id}"))
                .await
                .attr("type")
                .await
                .unwrap()
                .as_deref(),
            Some("submit"),
            "#{id}"
        );
    }
    c.close().await.unwrap();
}

/// Another program (here: this test, through the store, as the command line would) changes
/// the workspace the app has open. While a text field has the focus the page keeps what is
/// being typed and only says a change is waiting; once the field is left, the screen shows
/// the other program's change, and what was typed is saved as well.
#[tokio::test(flavor = "multi_thread")]
async fn a_change_made_by_another_program_is_shown_without_losing_what_is_typed() {
    let _one = ONE_AT_A_TIME.lock().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("shared.accord");
    workspace_at(&file);
    let driver = Driver::start();
    std::fs::write(driver.config.path().join("settings.json"), ME).unwrap();
    let c = driver.launch(Some(&file)).await;
    on_screen(&c, "overview").await;

    // Typing in the problem, the cursor still there, when the other program writes the outcomes.
    let typed =
        "Residents report missed bins to the wrong council, typed while another program wrote";
    type_into(&c, "#problem", typed).await;
    let outcomes = "One route for reports in both areas (written by the command line).";
    let stamp = accord_store::Stamp::new(
        accord_domain::Actor::new("Gwen Morgan", "Worthing Borough Council").unwrap(),
        chrono::Utc::now(),
    );
    let patch = accord_domain::project::ProjectPatch {
        outcomes: Some(outcomes.into()),
        ..Default::default()
    };
    accord_store::WorkspaceFile::open(&file)
        .unwrap()
        .update_project(patch, &stamp)
        .unwrap();
    let waiting = "Another program has changed this workspace";
    text_until(&c, "#save-status", "that a change is waiting", |t| {
        t.starts_with(waiting)
    })
    .await;
    assert_eq!(
        value_of(&c, "#problem").await,
        typed,
        "the change elsewhere replaced what was being typed"
    );
    assert_ne!(
        value_of(&c, "#outcomes").await,
        outcomes,
        "the screen was redrawn under the cursor"
    );

    // Leave the field: the screen shows the other program's outcomes, and the typing is kept and saved.
    c.execute("document.activeElement.blur()", vec![])
        .await
        .unwrap();
    let started = Instant::now();
    while value_of(&c, "#outcomes").await != outcomes {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the other program's change was never shown"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(value_of(&c, "#problem").await, typed);
    let now = stored(&file);
    assert_eq!(
        (now.project.problem.as_str(), now.project.outcomes.as_str()),
        (typed, outcomes),
        "both edits are in the file"
    );
    screenshot(&c, "10-changed-by-another-program").await;
    c.close().await.unwrap();
}

/// An export aimed at the workspace that is open (by another spelling of its path, too) or
/// at a file that exists is refused with a plain sentence, and the file is left as it was.
#[tokio::test(flavor = "multi_thread")]
async fn an_export_aimed_at_the_open_workspace_or_an_existing_file_is_refused() {
    let _one = ONE_AT_A_TIME.lock().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bins.accord");
    workspace_at(&file);
    let signed = dir.path().join("signed.pdf");
    std::fs::write(&signed, b"%PDF-1.7 the copy the board signed").unwrap();
    let driver = Driver::start();
    std::fs::write(driver.config.path().join("settings.json"), ME).unwrap();
    let c = driver.launch(Some(&file)).await;
    on_screen(&c, "overview").await;
    goto(&c, "#/export").await;
    let before = std::fs::read(&file).unwrap();

    // The open workspace, named through `..`, as the PDF and as the JSON document.
    let roundabout = dir.path().join("sub/../bins.accord");
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    type_into(&c, "#pdf-path", roundabout.to_str().unwrap()).await;
    click(&c, "#export-pack").await;
    let problem = text_of(&c, ".govuk-error-summary").await;
    assert!(
        problem.contains("Accord never writes an export over a workspace"),
        "{problem}"
    );
    type_into(&c, "#export-path", file.to_str().unwrap()).await;
    c.active_element()
        .await
        .unwrap()
        .send_keys(&char::from(Key::Enter).to_string())
        .await
        .unwrap();
    let refusal = format!("{} is an Accord workspace", file.display());
    text_until(
        &c,
        ".govuk-error-summary",
        "the JSON export over the workspace refused",
        |t| t.contains(&refusal),
    )
    .await;
    screenshot(&c, "11-export-over-the-workspace-refused").await;

    // A file that exists (a signed PDF) is not replaced without the save dialog's question.
    type_into(&c, "#pdf-path", signed.to_str().unwrap()).await;
    click(&c, "#export-agreement").await;
    let refusal = "already exists and Accord has not replaced it";
    text_until(
        &c,
        ".govuk-error-summary",
        "the export over an existing PDF refused",
        |t| t.contains(refusal),
    )
    .await;
    assert_eq!(
        std::fs::read(&signed).unwrap(),
        b"%PDF-1.7 the copy the board signed"
    );
    c.close().await.unwrap();
    assert_eq!(
        stored(&file).project.title,
        accord_fixtures::workspace(accord_fixtures::Size::SMALL)
            .project
            .title
    );
    assert!(
        std::fs::read(&file).unwrap().starts_with(&before[..16]),
        "the workspace is still an SQLite file"
    );
}

/// A sign-off is recorded against the PDF that was signed, chosen as a file (the "Choose
/// the PDF…" button opens the system's open dialog, which fills in this field), not
/// against the workspace as it is when the sign-off is typed in. A PDF Accord did not make,
/// or one altered since it was exported, is refused with a plain sentence and nothing is
/// recorded.
#[tokio::test(flavor = "multi_thread")]
async fn a_sign_off_is_recorded_against_the_pdf_that_was_signed() {
    let _one = ONE_AT_A_TIME.lock().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bins.accord");
    workspace_at(&file);
    let driver = Driver::start();
    std::fs::write(driver.config.path().join("settings.json"), ME).unwrap();
    let c = driver.launch(Some(&file)).await;
    on_screen(&c, "overview").await;

    // The agreement goes to the board as a PDF.
    goto(&c, "#/export").await;
    let pdf = dir.path().join("agreement-for-the-board.pdf");
    type_into(&c, "#pdf-path", pdf.to_str().unwrap()).await;
    click(&c, "#export-agreement").await;
    let panel = text_of(&c, "#pdf-done .govuk-panel").await;
    let fingerprint = panel
        .split("Fingerprint ")
        .nth(1)
        .expect("the panel gives the fingerprint")
        .trim()
        .to_string();
    assert_eq!(fingerprint.len(), 64, "{panel}");

    // While it is being signed, the agreement changes.
    goto(&c, "#/agreement").await;
    type_into(&c, "#section-exit", "Six months' notice in writing.").await;
    saved(&c).await;

    // Not an Accord PDF, and an Accord PDF with its pages doubled by another tool.
    let minutes = dir.path().join("minutes.pdf");
    std::fs::write(&minutes, b"%PDF-1.7 minutes of the joint board").unwrap();
    let doubled = dir.path().join("doubled.pdf");
    let qpdf = std::process::Command::new("qpdf")
        .arg(&pdf)
        .arg("--pages")
        .arg(&pdf)
        .arg(&pdf)
        .arg("--")
        .arg(&doubled)
        .status()
        .expect("qpdf runs (apt-get install qpdf)");
    assert!(matches!(qpdf.code(), Some(0 | 3)));

    goto(&c, "#/signoffs").await;
    wait_for(&c, "#signoff-by")
        .await
        .select_by_index(1)
        .await
        .unwrap();
    for (path, says) in [
        (&minutes, "Nothing was recorded"),
        (&doubled, "has been changed since Accord exported it"),
    ] {
        type_into(&c, "#signoff-pdf", path.to_str().unwrap()).await;
        click(&c, "#record-signoff").await;
        text_until(&c, ".govuk-error-summary", says, |t| {
            t.contains(says) && t.contains(path.to_str().unwrap())
        })
        .await;
    }
    // The field is marked, and nothing was recorded.
    wait_for(&c, "#signoff-pdf.accord-input--error").await;
    screenshot(&c, "12-signoff-against-an-altered-pdf-refused").await;
    assert!(stored(&file).signoffs.is_empty());
    assert!(c.find(Locator::Css("#signoff-list")).await.is_err());

    // The PDF that was signed: recorded against its fingerprint, stale at once.
    type_into(&c, "#signoff-pdf", pdf.to_str().unwrap()).await;
    click(&c, "#record-signoff").await;
    let row = text_of(&c, "#signoff-list tr[data-current='false']").await;
    assert!(row.contains(&fingerprint), "{row}");
    assert!(row.contains("Stale"), "{row}");
    screenshot(&c, "13-signoff-against-the-signed-pdf").await;
    let signoffs = stored(&file).signoffs;
    assert_eq!(signoffs.len(), 1);
    assert_eq!(signoffs[0].fingerprint, fingerprint);
    assert_eq!(signoffs[0].document, accord_domain::DocumentKind::Agreement);
    c.close().await.unwrap();
}
