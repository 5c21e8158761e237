//! WCAG 2.2 A and AA checks with axe-core (from the npm registry, pinned in package.json)
//! run inside the real app's webview on every screen, with a real workspace open, on a
//! form showing its error summary, on a field whose save was refused and on the question
//! asked before unsaved text would be lost. axe finds what a machine can find (names, labels,
//! contrast, roles, landmarks); keyboard use is covered by the other end-to-end tests.
//! The import screens' previews and their error summary are audited in `tests/office.rs`,
//! which makes them from real files.
//! Sync's screens that need a second council (a conflict's page, the overview's error
//! summary counting open conflicts, the sync banner) are audited with the same `audit` in
//! `tests/sync.rs`, where a real server and the command line make them.

use accord_e2e::{Driver, audit, axe_script, goto, on_screen, wait_for};

#[tokio::test(flavor = "multi_thread")]
async fn every_screen_passes_wcag_2_2_aa_checks() {
    let axe = axe_script();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("small.accord");
    let stamp = accord_store::Stamp::new(
        accord_domain::Actor::new("Siân Jones", "Isle of Anglesey County Council").unwrap(),
        chrono::Utc::now(),
    );
    // Published, so that the Pipeline screen shows its status update and requests sections too.
    let mut ws = accord_fixtures::workspace(accord_fixtures::Size::SMALL);
    ws.project.pipeline_id = Some("01a21a55-5a9a-7767-88a4-c057cfc87728".into());
    accord_store::WorkspaceFile::import(&file, &ws, &stamp).unwrap();
    let driver = Driver::start();
    let mut violations = Vec::new();

    // The first run's start screen, then its error summary.
    let c = driver.launch(None).await;
    on_screen(&c, "start").await;
    violations.extend(audit(&c, &axe, "start (who are you)").await);
    wait_for(&c, "#me-continue").await.click().await.unwrap();
    wait_for(&c, ".govuk-error-summary").await;
    violations.extend(audit(&c, &axe, "start (error summary)").await);
    c.close().await.unwrap();

    // Every screen of an open workspace.
    // A Pipeline server is set (nothing listens there: showing the screen sends nothing).
    std::fs::write(driver.config.path().join("settings.json"), r#"{"me":{"name":"Siân Jones","organisation":"Isle of Anglesey County Council"},"recent":[],"pipeline":{"url":"http://127.0.0.1:9/"}}"#).unwrap();
    let c = driver.launch(Some(&file)).await;
    on_screen(&c, "overview").await;
    violations.extend(audit(&c, &axe, "overview").await);
    // A decision's own page, and the new-decision form with its errors.
    goto(&c, "#/decisions").await;
    wait_for(&c, "#decision-list a.govuk-link")
        .await
        .click()
        .await
        .unwrap();
    on_screen(&c, "decisions").await;
    wait_for(&c, "#decision-status, #supersede-decision, h1").await;
    violations.extend(audit(&c, &axe, "a decision").await);
    goto(&c, "#/decisions/new").await;
    wait_for(&c, "#save-decision").await.click().await.unwrap();
    wait_for(&c, ".govuk-error-summary").await;
    violations.extend(audit(&c, &axe, "new decision (error summary)").await);
    for route in [
        "#/agreement",
        "#/raci",
        "#/decisions",
        "#/decisions/new",
        "#/handover",
        "#/people",
        "#/history",
        "#/export",
        "#/import/raci",
        "#/import/agreement",
        "#/signoffs",
        "#/sync",
        "#/conflicts",
        // Last: the status update form below is audited on it.
        "#/pipeline",
    ] {
        goto(&c, route).await;
        violations.extend(audit(&c, &axe, route).await);
    }
    assert!(
        wait_for(&c, "#status-text")
            .await
            .is_displayed()
            .await
            .unwrap(),
        "the status update form is audited"
    );
    // A field whose save was refused (a date that is not one), and the question asked on
    // leaving it unsaved.
    goto(&c, "#/overview").await;
    let date = wait_for(&c, "#start_date").await;
    date.clear().await.unwrap();
    date.send_keys("the first of April").await.unwrap();
    wait_for(&c, "#title").await.click().await.unwrap();
    wait_for(&c, "#start_date-group.govuk-form-group--error").await;
    violations.extend(audit(&c, &axe, "overview (a save refused)").await);
    c.execute("location.hash = '#/agreement'", vec![])
        .await
        .unwrap();
    wait_for(&c, "dialog#unsaved-question[open]").await;
    violations.extend(audit(&c, &axe, "the question before unsaved text is lost").await);
    wait_for(&c, "#unsaved-discard")
        .await
        .click()
        .await
        .unwrap();
    on_screen(&c, "agreement").await;
    // The audit can fail: a field planted without a label is found.
    c.execute("const i = document.createElement('input'); i.id = 'planted'; document.querySelector('main').append(i);", vec![]).await.unwrap();
    let planted = audit(&c, &axe, "planted").await;
    assert!(
        planted
            .iter()
            .any(|v| v.contains("label") && v.contains("#planted")),
        "axe missed an unlabelled field: {planted:?}"
    );
    // An address that names no screen does not close the workspace.
    c.execute("location.hash = '#/no-such-screen'", vec![])
        .await
        .unwrap();
    on_screen(&c, "overview").await;
    goto(&c, "#/decisions").await;
    wait_for(&c, "#decision-list a.govuk-link").await;
    c.close().await.unwrap();

    assert!(
        violations.is_empty(),
        "{} accessibility problems:\n{}",
        violations.len(),
        violations.join("\n")
    );
}
