//! Schemathesis 4 (PyPI; scripts/setup.sh installs it) fuzzes the real server from its own
//! `/openapi.json`, with a real token and every check it has: no answer may be a 5xx, break
//! the documented schema, accept what the schema rules out or refuse what it allows.
//! The run is bounded by examples per operation (and a fixed seed, so a failure reproduces).

use std::process::Command;
use std::time::Duration;

use pipeline_protocol::{Contact, ListedOrganisation, OrganisationKind, PartyRole, Phase};

use crate::support::{Db, TestServer, draft};

on_both!(schemathesis_finds_no_server_error_and_no_answer_outside_the_schema);

async fn schemathesis_finds_no_server_error_and_no_answer_outside_the_schema(db: Db) {
    let server = TestServer::start(db).await;
    let adur = server
        .account("Adur District Council", Some("E07000223"))
        .await;
    server.account("Cardiff Council", Some("W06000015")).await;
    // Something to read: a listing naming a partner, with a contact and a status update.
    let mut bins = draft("Missed bins", "Crews miss bins.", &["waste"], Phase::Alpha);
    bins.organisations = vec![ListedOrganisation {
        name: "Cardiff Council".into(),
        kind: OrganisationKind::Unitary,
        gss_code: Some("W06000015".into()),
        role: PartyRole::Partner,
    }];
    bins.contact = Some(Contact {
        name: "Jo Bloggs".into(),
        email: "jo@adur.gov.uk".into(),
        publish_email: true,
        job_title: String::new(),
        department: String::new(),
    });
    let id = adur.client.publish(&bins).await.unwrap();
    adur.client.post_update(id, "Started.").await.unwrap();

    let schema = server.at("/openapi.json");
    let token = format!("Authorization: Bearer {}", adur.token);
    // Run in the test's own folder: schemathesis and Hypothesis keep their files there.
    let folder = server.dir.path().to_path_buf();
    let report = folder.join("schemathesis");
    let run = tokio::task::spawn_blocking(move || {
        Command::new("timeout")
            .current_dir(&folder)
            .arg("240")
            .arg("schemathesis")
            .args(["run", &schema, "--checks", "all", "--header", &token])
            .args(["--max-examples", "5", "--seed", "14", "--workers", "1"])
            // A loaded machine (CI's two cores) must not fail the run for being slow.
            .args(["--suppress-health-check", "too_slow"])
            .args(["--request-timeout", "10", "--no-color", "--report", "junit"])
            .arg("--report-dir")
            .arg(&report)
            .output()
    });
    let run = tokio::time::timeout(Duration::from_secs(270), run)
        .await
        .expect("schemathesis ran for over four minutes")
        .unwrap()
        .expect("schemathesis 4 (run scripts/setup.sh)");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    assert_ne!(
        run.status.code(),
        Some(124),
        "schemathesis took over 240 s and was stopped:\n{said}"
    );
    assert!(run.status.success(), "schemathesis found faults:\n{said}");
    assert!(said.contains("Tested: "), "{said}");
}
