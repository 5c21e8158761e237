//! Office files through the real app's screens: the agreement to Word, the RACI matrix and
//! the decisions log to Excel and the dates to a calendar from the Export screen, each
//! read back by programs other than Accord (openpyxl, python-docx, icalendar: the script
//! the accord-app tests use); a RACI spreadsheet and an agreement kept in Word imported
//! through the preview and confirmed, checked afterwards with the `accord` command line;
//! a cancelled preview and bad files change nothing. The preview screens are audited with
//! axe-core and photographed.

use std::path::{Path, PathBuf};
use std::process::Command;

use accord_e2e::{
    Driver, audit, axe_script, cli_binary, goto, on_screen, root, screenshot, text_of, text_until,
    type_into, wait_for,
};
use fantoccini::Client;

use super::{ONE_AT_A_TIME, click};

const TITLE: &str = "Missed bins: one service for Ynys Môn and Gwynedd";
const PURPOSE: &str =
    "Ynys Môn a Gwynedd: un gwasanaeth biniau — “report once”, £25,000 a year, ŵ ŷ.";

/// The `accord` command line, acting as the app's user, in its own settings folder.
struct Cli {
    settings: tempfile::TempDir,
}

impl Cli {
    fn new() -> Cli {
        Cli {
            settings: tempfile::tempdir().unwrap(),
        }
    }

    fn run(&self, args: &[&str]) -> std::process::Output {
        Command::new(cli_binary())
            .args(args)
            .env("ACCORD_CONFIG_DIR", self.settings.path())
            .env("ACCORD_AS", "Siân Jones (Isle of Anglesey County Council)")
            .output()
            .unwrap()
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
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

    /// The number of changes in the workspace's history.
    fn changes(&self, file: &Path) -> u64 {
        let shown = self.json(&["show", file.to_str().unwrap(), "--json"]);
        shown["changes"]
            .as_u64()
            .unwrap_or_else(|| panic!("accord show --json has no changes: {shown}"))
    }
}

fn fixture(name: &str) -> PathBuf {
    root()
        .join("crates/accord-app/tests/fixtures/office")
        .join(name)
}

/// What openpyxl, python-docx and icalendar read in `dir` (raci.xlsx, decisions.xlsx,
/// agreement.docx, dates.ics), by the accord-app tests' script.
fn read_back(dir: &Path) -> serde_json::Value {
    let out = Command::new("python3")
        .arg(root().join("crates/accord-app/tests/office_readback.py"))
        .arg(dir)
        .output()
        .expect("python3 runs (scripts/setup.sh installs openpyxl, python-docx and icalendar)");
    assert!(
        out.status.success(),
        "the readers failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Chooses `path` on the import screen and asks for its preview.
async fn preview(c: &Client, path: &Path) {
    type_into(c, "#import-path", path.to_str().unwrap()).await;
    click(c, "#import-preview-button").await;
}

/// The import's result says what was done, and nothing a page should never show.
async fn assert_shown_cleanly(c: &Client) {
    let result = text_of(c, "#import-result").await;
    assert!(
        !result.contains("[object") && !result.contains("null") && !result.contains("undefined"),
        "{result}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn office_files_out_and_in_through_the_app() {
    let _one = ONE_AT_A_TIME.lock().await;
    let axe = axe_script();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bins.accord");
    let f = file.to_str().unwrap();
    let cli = Cli::new();
    cli.ok(&["init", f, "--title", TITLE]);
    for (name, role) in [
        ("Isle of Anglesey County Council", "lead"),
        ("Gwynedd Council", "partner"),
    ] {
        cli.ok(&[
            "org", f, "add", "--name", name, "--kind", "unitary", "--role", role,
        ]);
    }
    cli.ok(&[
        "person",
        f,
        "add",
        "--name",
        "Siân Jones",
        "--organisation",
        "Isle of Anglesey County Council",
    ]);
    cli.ok(&["agreement", f, "write", "purpose", "--text", PURPOSE]);
    cli.ok(&["agreement", f, "set", "--review-date", "2027-04-01"]);
    cli.ok(&[
        "raci",
        f,
        "set",
        "Owning the service",
        "Isle of Anglesey County Council",
        "A",
    ]);

    let driver = Driver::start();
    std::fs::write(
        driver.config.path().join("settings.json"),
        r#"{"me":{"name":"Siân Jones","organisation":"Isle of Anglesey County Council"},"recent":[]}"#,
    )
    .unwrap();
    let c = driver.launch(Some(&file)).await;
    on_screen(&c, "overview").await;
    let mut violations = Vec::new();

    // Out: each office file from the Export screen, read back by other programs.
    goto(&c, "#/export").await;
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    for (document, name) in [
        ("agreement", "agreement.docx"),
        ("raci", "raci.xlsx"),
        ("decisions", "decisions.xlsx"),
        ("dates", "dates.ics"),
    ] {
        let path = out.join(name);
        type_into(&c, "#office-path", path.to_str().unwrap()).await;
        click(&c, &format!("#office-{document}")).await;
        text_until(&c, "#office-done", name, |t| t.contains(name)).await;
        assert!(path.exists(), "{name} is saved");
    }
    screenshot(&c, "office-01-export").await;
    let seen = read_back(&out);
    let paragraphs: Vec<(String, String)> = seen["agreement"]["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p[0].as_str().unwrap().into(), p[1].as_str().unwrap().into()))
        .collect();
    assert_eq!(paragraphs[0], ("Title".to_string(), TITLE.to_string()));
    assert_eq!(
        paragraphs
            .iter()
            .filter(|(style, _)| style == "Heading 1")
            .count(),
        19,
        "the 19 standard sections as Word's headings"
    );
    assert!(
        paragraphs.iter().any(|(_, text)| text == PURPOSE),
        "Welsh as typed"
    );
    let raci = &seen["raci"]["rows"];
    assert_eq!(raci[0][1], "Isle of Anglesey County Council");
    assert_eq!(raci[1][0], "Owning the service");
    assert_eq!(raci[1][1], "A");
    assert_eq!(seen["raci"]["freeze"], "B2");
    assert_eq!(seen["decisions"]["rows"][0][0], "Number");
    let events = seen["dates"]["first"].as_array().unwrap();
    assert_eq!(seen["dates"]["first"], seen["dates"]["second"]);
    assert!(
        events
            .iter()
            .any(|e| e["summary"] == format!("Agreement review: {TITLE}")
                && e["start"] == "2027-04-01"),
        "{events:?}"
    );

    // In: a RACI kept by hand in a spreadsheet. The preview writes nothing; Cancel
    // writes nothing.
    let before = cli.changes(&file);
    goto(&c, "#/raci").await;
    click(&c, "#raci-import").await;
    on_screen(&c, "import").await;
    let sheet = fixture("raci-kept-by-hand.xlsx");
    preview(&c, &sheet).await;
    wait_for(&c, "#import-preview").await;
    let parties = text_of(&c, "#import-parties").await;
    assert!(
        parties.contains("Someone Unknown") && parties.contains("Not matched"),
        "{parties}"
    );
    assert!(
        parties.contains("SIÂN JONES") && parties.contains("Siân Jones"),
        "{parties}"
    );
    assert_eq!(
        text_of(&c, "#import-new-activities").await,
        "Running the helpdesk"
    );
    let mut rows = Vec::new();
    for row in c
        .find_all(fantoccini::Locator::Css("#import-changes tbody tr"))
        .await
        .unwrap()
    {
        let mut cells = Vec::new();
        for cell in row.find_all(fantoccini::Locator::Css("td")).await.unwrap() {
            cells.push(cell.text().await.unwrap());
        }
        rows.push(cells.join(" | "));
    }
    assert!(
        rows.iter().any(|r| r.starts_with("Running the helpdesk")
            && r.to_lowercase().contains("new")
            && r.ends_with(" | Gwynedd Council | (empty) | RA")),
        "{rows:#?}"
    );
    assert!(
        text_of(&c, "#import-notes")
            .await
            .contains("merged across the table")
    );
    let findings = text_of(&c, "#import-findings").await;
    assert!(!findings.is_empty());
    screenshot(&c, "office-02-raci-preview").await;
    c.execute(
        "document.getElementById('import-confirm').scrollIntoView({ block: 'end' })",
        vec![],
    )
    .await
    .unwrap();
    screenshot(&c, "office-02b-raci-preview-findings").await;
    violations.extend(audit(&c, &axe, "import RACI (preview)").await);
    assert_eq!(cli.changes(&file), before, "a preview writes nothing");
    click(&c, "#import-cancel").await;
    text_until(&c, "#import-status", "nothing imported", |t| {
        t == "Nothing has been imported."
    })
    .await;
    assert!(
        c.find(fantoccini::Locator::Css("#import-preview"))
            .await
            .is_err()
    );
    assert_eq!(cli.changes(&file), before, "Cancel writes nothing");
    // Again, and this time import it.
    click(&c, "#import-preview-button").await;
    click(&c, "#import-confirm").await;
    let done = text_of(&c, "#import-done").await;
    assert!(done.contains("1 activity added and"), "{done}");
    assert_shown_cleanly(&c).await;
    screenshot(&c, "office-03-raci-imported").await;
    let after = cli.json(&["raci", f, "show", "--json"]);
    let helpdesk = after["raci"]["activities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == "Running the helpdesk")
        .expect("the new activity is in the workspace")["id"]
        .clone();
    let orgs = cli.json(&["org", f, "list", "--json"]);
    let gwynedd = orgs
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == "Gwynedd Council")
        .unwrap()["id"]
        .clone();
    let mut roles: Vec<String> = after["raci"]["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["activity"] == helpdesk && a["party"] == gwynedd)
        .map(|a| a["role"].as_str().unwrap().to_string())
        .collect();
    roles.sort();
    assert_eq!(roles, ["A", "R"]);
    let imported = cli.changes(&file);
    assert!(imported > before, "the import is in the history");

    // A bad file: its sentence, and nothing changes.
    goto(&c, "#/import/raci").await;
    let bad = dir.path().join("letters.csv");
    std::fs::write(
        &bad,
        "Activity,Gwynedd Council,Siân Jones\nOwning the data,A,\nOwning the code,R,X\n",
    )
    .unwrap();
    preview(&c, &bad).await;
    let problem = text_of(&c, ".govuk-error-summary").await;
    assert!(
        problem.contains(
            "Cell C3 (\"Owning the code\", Siân Jones) holds \"X\", and 'X' is not a RACI letter"
        ) && problem.contains("Nothing has been changed."),
        "{problem}"
    );
    wait_for(&c, "#import-path-group.govuk-form-group--error").await;
    screenshot(&c, "office-04-raci-bad-file").await;
    violations.extend(audit(&c, &axe, "import RACI (a bad file)").await);
    assert!(
        c.find(fantoccini::Locator::Css("#import-preview"))
            .await
            .is_err()
    );
    assert_eq!(cli.changes(&file), imported, "a bad file changes nothing");

    // In: an agreement kept in Word. Headings matched to the standard sections, and one
    // of the council's own.
    goto(&c, "#/agreement").await;
    click(&c, "#agreement-import").await;
    on_screen(&c, "import").await;
    preview(&c, &fixture("agreement-kept-in-word.docx")).await;
    wait_for(&c, "#import-preview").await;
    let standard = |key: &str, standard: bool| {
        format!("#import-sections tr[data-key='{key}'][data-standard='{standard}']")
    };
    wait_for(&c, &standard("purpose", true)).await;
    wait_for(&c, &standard("data", true)).await;
    let own = text_of(&c, &standard("training", false)).await;
    assert!(
        own.contains("3. Training") && own.contains("Your own"),
        "{own}"
    );
    screenshot(&c, "office-05-agreement-preview").await;
    violations.extend(audit(&c, &axe, "import agreement (preview)").await);
    assert_eq!(cli.changes(&file), imported, "a preview writes nothing");
    click(&c, "#import-confirm").await;
    let done = text_of(&c, "#import-done").await;
    assert!(
        done.contains("3 sections of the agreement written"),
        "{done}"
    );
    assert_shown_cleanly(&c).await;
    screenshot(&c, "office-06-agreement-imported").await;
    let training = cli.json(&["agreement", f, "show", "training", "--json"]);
    assert_eq!(
        training["body"],
        "Call handlers in both councils are trained together."
    );
    let purpose = cli.json(&["agreement", f, "show", "purpose", "--json"]);
    assert_eq!(
        purpose["body"],
        "Ynys Môn and Gwynedd will run one missed-bins service.\nResidents report once, whichever council collects."
    );
    let written = cli.changes(&file);

    // A Word document with no headings: its sentence, and nothing changes.
    goto(&c, "#/import/agreement").await;
    preview(&c, &fixture("no-headings.docx")).await;
    let problem = text_of(&c, ".govuk-error-summary").await;
    assert!(
        problem.contains("no-headings.docx has no headings"),
        "{problem}"
    );
    assert_eq!(cli.changes(&file), written, "a bad file changes nothing");
    c.close().await.unwrap();

    assert!(
        violations.is_empty(),
        "{} accessibility problems:\n{}",
        violations.len(),
        violations.join("\n")
    );
}
