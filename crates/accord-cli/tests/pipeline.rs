//! Publishing to and reading from a real Pipeline server: the server runs in this test on
//! `127.0.0.1:0` over a real SQLite file, and the real `accord` binary talks to it over HTTP.

use std::io::Write;
use std::process::{Output, Stdio};

use accord_fixtures_directory::Directory;
use serde_json::Value;

use crate::Bench;

/// A word that appears only in private records of the workspace.
const SECRET: &str = "quillowmarsh";

impl Bench {
    /// Runs `accord`, with nothing from the caller's environment that could reach a server.
    fn pipe(&self, args: &[&str], stdin: &str) -> Output {
        let mut child = self
            .command()
            .env_remove("ACCORD_PIPELINE_TOKEN")
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    }

    fn set_server(&self, url: &str, token: &str) -> String {
        let out = self.pipe(
            &["server", "set", url, "--token-stdin"],
            &format!("{token}\n"),
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Runs and expects success (the token from the settings file only).
    fn net(&self, args: &[&str]) -> String {
        let out = self.pipe(args, "");
        assert!(
            out.status.success(),
            "accord {args:?} failed ({:?}):\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Runs and expects exit code 2; returns standard error and standard output together.
    fn refused(&self, args: &[&str]) -> String {
        let out = self.pipe(args, "");
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stderr),
            String::from_utf8_lossy(&out.stdout)
        );
        assert_eq!(out.status.code(), Some(2), "accord {args:?}:\n{text}");
        text
    }

    /// The workspace's listing id, as stored in it.
    fn pipeline_id(&self, file: &str) -> Value {
        self.json(&["export", file, "--format", "json"])["project"]["pipeline_id"].clone()
    }
}

/// The small fixture workspace (real councils from the register), with a secret word
/// planted in a decision, a handover note, the agreement and the RACI, as a real file.
fn workspace(b: &Bench, name: &str) {
    let mut ws = accord_fixtures::workspace(accord_fixtures::Size::SMALL);
    ws.project.title = "Missed bins across Adur and Worthing".into();
    ws.decisions[0].context = format!("Confidential until the board meets: {SECRET} pricing.");
    ws.succession[0].tacit_knowledge =
        format!("The {SECRET} supplier contact is in the shared mailbox.");
    ws.agreement.sections[5].body = format!("Funding via {SECRET}.");
    ws.raci.activities[0].description = format!("{SECRET} system");
    let bundle = b.path(&format!("{name}.json"));
    std::fs::write(&bundle, accord_interchange::to_json(&ws)).unwrap();
    b.ok(&["import", name, bundle.to_str().unwrap()]);
}

#[test]
fn publishing_then_searching_finds_it_and_publishing_again_updates_the_same_listing() {
    let server = Directory::start();
    let adur = server.account("Adur District Council", "E07000223");
    let b = Bench::new();
    workspace(&b, "bins.accord");

    let said = b.set_server(&server.url, &adur.token);
    assert!(
        said.contains("Nothing has been sent yet") && !said.contains(&adur.token),
        "{said}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(b.path("settings/settings.json"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(
            mode & 0o777,
            0o600,
            "the settings file holds a token: only its owner may read it"
        );
    }
    let shown = b.net(&["server", "show"]);
    assert!(
        shown.contains("Acting for Adur District Council") && shown.contains("Token:  set"),
        "{shown}"
    );
    assert!(
        !shown.contains(&adur.token),
        "server show printed the token"
    );

    // The dry run shows exactly what would be sent, and sends nothing.
    let preview: Value =
        serde_json::from_str(&b.net(&["publish", "bins.accord", "--dry-run", "--contact", "Siân"]))
            .unwrap();
    assert_eq!(preview["title"], "Missed bins across Adur and Worthing");
    assert_eq!(preview["contact"]["name"], "Siân Jones");
    assert!(
        preview["organisations"].as_array().unwrap().len() >= 2,
        "{preview}"
    );
    assert!(
        !preview.to_string().to_lowercase().contains(SECRET),
        "{preview}"
    );
    assert_eq!(server.listings(), 0, "a dry run sends nothing");

    let out = b.net(&["publish", "bins.accord", "--contact", "Siân"]);
    assert!(
        out.starts_with("Published \"Missed bins across Adur and Worthing\""),
        "{out}"
    );
    let id = b
        .pipeline_id("bins.accord")
        .as_str()
        .expect("the listing id is stored in the workspace")
        .to_string();
    assert!(out.contains(&id), "{out}");

    let found = b.json(&["directory", "search", "missed", "bins", "--json"]);
    assert_eq!(found["listings"][0]["id"], id.as_str(), "{found}");
    assert_eq!(found["listings"][0]["owner"], "Adur District Council");
    let by_tag = b.json(&[
        "directory",
        "search",
        "--tag",
        "waste",
        "--phase",
        "discovery",
        "--json",
    ]);
    assert_eq!(by_tag["listings"].as_array().unwrap().len(), 1, "{by_tag}");
    let none = b.json(&[
        "directory",
        "search",
        "--tag",
        "waste",
        "--phase",
        "live",
        "--json",
    ]);
    assert_eq!(none["listings"].as_array().unwrap().len(), 0, "{none}");

    // Publishing again updates the same listing, and the id stays as it was.
    b.ok(&[
        "project",
        "bins.accord",
        "--title",
        "One route for missed-bin reports",
        "--looking-for-partners",
        "yes",
    ]);
    let again = b.net(&["publish", "bins.accord"]);
    assert!(
        again.starts_with("Updated \"One route for missed-bin reports\""),
        "{again}"
    );
    assert_eq!(b.pipeline_id("bins.accord"), id.as_str());
    assert_eq!(server.listings(), 1);
    let shown = b.json(&["directory", "show", &id, "--json"]);
    assert_eq!(shown["title"], "One route for missed-bin reports");
    assert_eq!(shown["looking_for_partners"], true);
    assert_eq!(
        shown["contact"],
        Value::Null,
        "the second publish named no contact, and the lead has no signatory"
    );
    let text = b.net(&["directory", "show", "bins.accord"]);
    assert!(
        text.contains("One route for missed-bin reports")
            && text.contains("Published by Adur District Council"),
        "{text}"
    );

    // The history says when the listing's id was stored, once.
    let history = b.ok(&["history", "bins.accord"]);
    let listed = format!("Listed the project in the Pipeline directory as {id}");
    assert_eq!(history.matches(&listed).count(), 1, "{history}");
    assert!(
        history.contains("Siân Jones (Isle of Anglesey County Council)"),
        "{history}"
    );

    // The private records' words never reached the server.
    assert_eq!(
        b.json(&["directory", "search", SECRET, "--json"])["listings"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
    assert!(
        !server.holds(SECRET),
        "a private word is in the server's database"
    );
    assert!(
        server.holds("one route for missed-bin reports"),
        "the check above can find words that are there"
    );
}

#[test]
fn nothing_is_sent_until_a_server_is_set() {
    let server = Directory::start();
    let b = Bench::new();
    workspace(&b, "bins.accord");
    for args in [
        &["publish", "bins.accord"][..],
        &["directory", "search", "bins"],
        &["feed"],
        &["subscribe", "waste"],
    ] {
        let said = b.refused(args);
        assert!(
            said.contains("No Pipeline server is set up on this laptop, so nothing was sent"),
            "{args:?}: {said}"
        );
    }
    assert_eq!(server.listings(), 0);
    assert_eq!(b.pipeline_id("bins.accord"), Value::Null);
    assert!(
        b.net(&["server", "show"])
            .contains("No Pipeline server is set")
    );
    // A token in the environment alone is not a server either.
    let out = b
        .command()
        .env("ACCORD_PIPELINE_TOKEN", "pl_whatever")
        .args(["publish", "bins.accord"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(server.listings(), 0);
}

#[test]
fn a_wrong_or_revoked_token_is_explained_and_never_printed() {
    let server = Directory::start();
    let b = Bench::new();
    workspace(&b, "bins.accord");
    b.set_server(&server.url, "pl_not_a_real_token_at_all");
    let said = b.refused(&["publish", "bins.accord"]);
    assert!(
        said.contains("did not accept your token") && said.contains("revoked"),
        "{said}"
    );
    assert!(
        !said.contains("pl_not_a_real_token_at_all"),
        "the token was printed: {said}"
    );
    assert_eq!(
        b.pipeline_id("bins.accord"),
        Value::Null,
        "nothing is stored when publishing fails"
    );

    let adur = server.account("Adur District Council", "E07000223");
    b.set_server(&server.url, &adur.token);
    b.net(&["publish", "bins.accord"]);
    server.revoke(&adur);
    let said = b.refused(&["publish", "bins.accord"]);
    assert!(said.contains("did not accept your token"), "{said}");
    assert!(!said.contains(&adur.token));

    // No token at all: reading works, publishing says what is missing.
    b.ok(&["server", "forget"]);
    b.net(&["server", "set", &server.url]);
    assert!(
        b.net(&["directory", "search", "bins"])
            .contains("Missed bins across Adur and Worthing")
    );
    let said = b.refused(&["publish", "bins.accord"]);
    assert!(said.contains("needs your token"), "{said}");
}

#[test]
fn a_server_that_is_down_is_explained_and_the_workspace_is_unchanged() {
    let mut server = Directory::start();
    let adur = server.account("Adur District Council", "E07000223");
    let b = Bench::new();
    workspace(&b, "bins.accord");
    b.set_server(&server.url, &adur.token);
    server.stop();
    let before = b.ok(&["history", "bins.accord", "--json"]);
    let said = b.refused(&["publish", "bins.accord"]);
    assert!(
        said.contains(&format!(
            "Could not reach the Pipeline server at {}",
            server.url
        )) && said.contains("nothing was changed"),
        "{said}"
    );
    assert_eq!(b.ok(&["history", "bins.accord", "--json"]), before);
    let said = b.refused(&["directory", "search", "bins"]);
    assert!(said.contains("Could not reach"), "{said}");
}

#[test]
fn another_organisations_listing_cannot_be_changed() {
    let server = Directory::start();
    let adur = server.account("Adur District Council", "E07000223");
    let worthing = server.account("Worthing Borough Council", "E07000229");
    let a = Bench::new();
    workspace(&a, "bins.accord");
    a.set_server(&server.url, &adur.token);
    a.net(&["publish", "bins.accord"]);
    // Worthing is given a copy of Adur's workspace file, listing id and all.
    let w = Bench::new();
    std::fs::copy(a.path("bins.accord"), w.path("bins.accord")).unwrap();
    w.set_server(&server.url, &worthing.token);
    let said = w.refused(&["publish", "bins.accord"]);
    assert!(said.contains("belongs to another organisation"), "{said}");
    assert_eq!(server.listings(), 1);
}

#[test]
fn two_councils_watch_subscribe_read_the_feed_ask_to_join_and_accept() {
    let server = Directory::start();
    let adur = server.account("Adur District Council", "E07000223");
    let gwynedd = server.account("Cyngor Gwynedd", "W06000002");
    let lead = Bench::new();
    workspace(&lead, "bins.accord");
    lead.set_server(&server.url, &adur.token);

    // Gwynedd's officer keeps the token in the environment, not the settings file.
    let other = Bench::new();
    other.net(&["server", "set", &server.url]);
    let as_gwynedd = |args: &[&str]| -> String {
        let out = other
            .command()
            .env("ACCORD_PIPELINE_TOKEN", &gwynedd.token)
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "accord {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    assert!(as_gwynedd(&["server", "show"]).contains("Acting for Cyngor Gwynedd"));
    assert!(as_gwynedd(&["subscribe", "waste"]).contains("Subscribed to 'waste'"));
    assert_eq!(as_gwynedd(&["feed"]).trim(), "Nothing new.");

    lead.net(&["publish", "bins.accord"]);
    let id = lead
        .pipeline_id("bins.accord")
        .as_str()
        .unwrap()
        .to_string();
    let feed = as_gwynedd(&["feed"]);
    assert!(feed.contains("New listing with your tags: \"Missed bins across Adur and Worthing\" by Adur District Council"), "{feed}");
    assert_eq!(
        as_gwynedd(&["feed"]).trim(),
        "Nothing new.",
        "the feed was marked seen"
    );

    assert!(
        as_gwynedd(&["watch", &id]).contains("Watching \"Missed bins across Adur and Worthing\"")
    );
    let follows = as_gwynedd(&["subscribe"]);
    assert!(
        follows.contains("Tags: waste") && follows.contains(&id),
        "{follows}"
    );
    // Adur posts a status update on its own listing, named by the workspace file.
    let posted = lead.net(&[
        "update",
        "bins.accord",
        "  Pilot starts in two wards in April.\n",
    ]);
    assert!(
        posted.starts_with(&format!(
            "Posted an update on \"Missed bins across Adur and Worthing\" ({id})"
        )),
        "{posted}"
    );
    assert_eq!(server.count("SELECT count(*) FROM status_updates"), 1);
    assert!(as_gwynedd(&["feed"]).contains("Update on \"Missed bins across Adur and Worthing\" from Adur District Council: Pilot starts in two wards in April.\n"));
    // An empty update is refused here, before anything is sent.
    let said = lead.refused(&["update", "bins.accord", "   "]);
    assert!(said.contains("Write the status update first"), "{said}");
    // Only the listing's own organisation may post on it: Gwynedd, with a copy of the file, may not.
    std::fs::copy(lead.path("bins.accord"), other.path("bins.accord")).unwrap();
    let out = other
        .command()
        .env("ACCORD_PIPELINE_TOKEN", &gwynedd.token)
        .args(["update", "bins.accord", "Not ours to say."])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("belongs to another organisation"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(server.count("SELECT count(*) FROM status_updates"), 1);
    assert!(!server.holds("not ours to say"));

    let asked = as_gwynedd(&[
        "join",
        &id,
        "--message",
        "Gwynedd has the same problem on its rural rounds.",
    ]);
    assert!(asked.contains("Asked to join as Cyngor Gwynedd"), "{asked}");
    let lead_feed = lead.net(&["feed"]);
    assert!(lead_feed.contains("Cyngor Gwynedd asks to join \"Missed bins across Adur and Worthing\": Gwynedd has the same problem"), "{lead_feed}");
    let requests = lead.json(&["requests", "list", "bins.accord", "--json"]);
    let request = requests[0]["id"].as_str().unwrap().to_string();
    assert_eq!(requests[0]["state"], "pending");
    // Only the lead may answer.
    let out = other
        .command()
        .env("ACCORD_PIPELINE_TOKEN", &gwynedd.token)
        .args(["requests", "accept", &request])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("another organisation"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    assert!(
        lead.net(&["requests", "accept", &request])
            .contains("Accepted: Cyngor Gwynedd is now a partner")
    );
    assert!(
        as_gwynedd(&["feed"])
            .contains("Your request to join \"Missed bins across Adur and Worthing\" was accepted")
    );
    let listing = lead.json(&["directory", "show", &id, "--json"]);
    let members: Vec<&str> = listing["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["organisation"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(members, ["Adur District Council", "Cyngor Gwynedd"]);
}

#[test]
fn publishing_to_another_server_publishes_afresh_and_the_stored_token_stays_with_its_own_server() {
    let first = Directory::start();
    let second = Directory::start();
    let adur_first = first.account("Adur District Council", "E07000223");
    let adur_second = second.account("Adur District Council", "E07000223");
    let b = Bench::new();
    workspace(&b, "bins.accord");
    b.set_server(&first.url, &adur_first.token);
    b.net(&["publish", "bins.accord"]);
    let old = b.pipeline_id("bins.accord");

    // `--server` names another server: the token stored for the first is not sent to it.
    let said = b.refused(&["publish", "bins.accord", "--server", &second.url]);
    assert!(said.contains("needs your token"), "{said}");
    assert_eq!(second.listings(), 0);

    let out = b
        .command()
        .env("ACCORD_PIPELINE_TOKEN", &adur_second.token)
        .args(["publish", "bins.accord", "--server", &second.url])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success() && said.contains("was published afresh as"),
        "{said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let new = b.pipeline_id("bins.accord");
    assert_ne!(new, old);
    assert!(said.contains(new.as_str().unwrap()), "{said}");
    assert_eq!((first.listings(), second.listings()), (1, 1));
    assert_eq!(
        b.ok(&["history", "bins.accord"])
            .matches("Listed the project in the Pipeline directory as")
            .count(),
        2
    );
}

#[test]
fn a_status_update_on_a_workspace_never_published_is_explained_and_nothing_is_sent() {
    let mut server = Directory::start();
    let adur = server.account("Adur District Council", "E07000223");
    let b = Bench::new();
    workspace(&b, "bins.accord");
    b.set_server(&server.url, &adur.token);
    let before = b.ok(&["history", "bins.accord", "--json"]);

    let said = b.refused(&["update", "bins.accord", "Pilot starts in April."]);
    assert!(
        said.contains("has not been published to the Pipeline directory yet")
            && said.contains("Publish it first; nothing was sent"),
        "{said}"
    );
    assert_eq!(
        (
            server.listings(),
            server.count("SELECT count(*) FROM status_updates")
        ),
        (0, 0)
    );
    assert!(
        !server.holds("pilot starts"),
        "the update's text reached the server"
    );

    // With the server stopped the answer is the same, not "could not reach": the workspace
    // is checked before any connection is tried.
    server.stop();
    let said = b.refused(&["update", "bins.accord", "Pilot starts in April."]);
    assert!(
        said.contains("has not been published") && !said.contains("Could not reach"),
        "{said}"
    );
    assert_eq!(
        b.ok(&["history", "bins.accord", "--json"]),
        before,
        "the workspace is unchanged"
    );
}

#[test]
fn the_lead_declines_a_request_and_a_watcher_who_stops_hears_no_more() {
    let server = Directory::start();
    let adur = server.account("Adur District Council", "E07000223");
    let gwynedd = server.account("Cyngor Gwynedd", "W06000002");
    let lead = Bench::new();
    workspace(&lead, "bins.accord");
    lead.set_server(&server.url, &adur.token);
    lead.net(&["publish", "bins.accord"]);
    let id = lead
        .pipeline_id("bins.accord")
        .as_str()
        .unwrap()
        .to_string();
    let other = Bench::new();
    other.set_server(&server.url, &gwynedd.token);

    // Declining: the request is declined, Gwynedd is told, and it does not become a member.
    other.net(&["join", &id, "--message", "We would like to take part."]);
    let request = lead.json(&["requests", "list", &id, "--json"])[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let said = lead.net(&["requests", "decline", &request]);
    assert_eq!(said.trim(), "Declined the request from Cyngor Gwynedd.");
    let requests = lead.json(&["requests", "list", "bins.accord", "--json"]);
    assert_eq!(
        (requests[0]["id"].as_str(), requests[0]["state"].as_str()),
        (Some(request.as_str()), Some("declined"))
    );
    assert!(
        other
            .net(&["feed"])
            .contains("Your request to join \"Missed bins across Adur and Worthing\" was declined")
    );
    let members = lead.json(&["directory", "show", &id, "--json"])["members"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(members, 1, "a declined organisation is not a member");

    // Watching, then stopping: the first update reaches the feed, the second does not.
    other.net(&["watch", &id]);
    lead.net(&["update", "bins.accord", "Pilot starts in April."]);
    assert!(other.net(&["feed"]).contains("Pilot starts in April."));
    let said = other.net(&["watch", &id, "--stop"]);
    assert_eq!(said.trim(), format!("No longer watching {id}."));
    assert!(
        !other.net(&["subscribe"]).contains(&id),
        "the listing is no longer followed"
    );
    lead.net(&["update", "bins.accord", "Pilot extended to all wards."]);
    assert_eq!(
        server.count("SELECT count(*) FROM status_updates"),
        2,
        "the second update was posted"
    );
    let feed = other.net(&["feed"]);
    assert!(
        !feed.contains("Pilot extended"),
        "a listing no longer watched still reached the feed: {feed}"
    );
}

#[test]
fn similar_listings_name_what_they_share() {
    let server = Directory::start();
    let adur = server.account("Adur District Council", "E07000223");
    let gwynedd = server.account("Cyngor Gwynedd", "W06000002");
    let a = Bench::new();
    workspace(&a, "bins.accord");
    a.set_server(&server.url, &adur.token);
    a.net(&["publish", "bins.accord"]);
    let id = a.pipeline_id("bins.accord").as_str().unwrap().to_string();
    assert_eq!(
        a.net(&["directory", "similar", &id]).trim(),
        "No similar listings yet."
    );

    let g = Bench::new();
    g.ok(&[
        "init",
        "rural.accord",
        "--title",
        "Missed bins on rural rounds",
    ]);
    g.ok(&["project", "rural.accord", "--tags", "waste"]);
    g.set_server(&server.url, &gwynedd.token);
    g.net(&["publish", "rural.accord"]);
    let other = g.pipeline_id("rural.accord").as_str().unwrap().to_string();
    let similar = a.json(&["directory", "similar", "bins.accord", "--json"]);
    assert_eq!(similar[0]["listing"]["id"], other.as_str(), "{similar}");
    let text = a.net(&["directory", "similar", &id]);
    assert!(
        text.contains(&other)
            && text.contains("Missed bins on rural rounds")
            && text.contains("#waste"),
        "{text}"
    );
}

/// Text from a server or a workspace reaches the terminal with its control characters and
/// bidi overrides shown as escapes, never obeyed; `--json` keeps the same text, escaped.
#[test]
fn hostile_text_is_shown_not_obeyed() {
    const HOSTILE: &str = "Missed bins \u{202e}nodnoL\u{202c} \u{1b}[2J\u{1b}[31mred\u{7}";
    let server = Directory::start();
    let b = Bench::new();
    let mut ws = accord_fixtures::workspace(accord_fixtures::Size::SMALL);
    ws.project.title = HOSTILE.into();
    let bundle = b.path("bins.accord.json");
    std::fs::write(&bundle, accord_interchange::to_json(&ws)).unwrap();
    b.ok(&["import", "bins.accord", bundle.to_str().unwrap()]);
    let adur = server.account("Adur District Council", "E07000223");
    b.set_server(&server.url, &adur.token);
    let published = b.net(&["publish", "bins.accord"]);

    let from_server = b.net(&["directory", "search", "bins"]);
    let from_workspace = b.ok(&["show", "bins.accord"]);
    for (what, text) in [
        ("publish", &published),
        ("directory search", &from_server),
        ("show", &from_workspace),
    ] {
        assert!(
            !text.contains(['\u{202e}', '\u{202c}', '\u{1b}', '\u{7}']),
            "{what} printed a control character raw: {text:?}"
        );
        assert!(
            text.contains("Missed bins \\u{202e}nodnoL\\u{202c} \\u{1b}[2J\\u{1b}[31mred\\u{7}"),
            "{what}: {text}"
        );
    }
    let json = b.net(&["directory", "search", "bins", "--json"]);
    assert!(!json.contains(['\u{202e}', '\u{1b}']), "{json:?}");
    let found: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(found["listings"][0]["title"], HOSTILE);
}

#[test]
fn a_named_partner_is_invited_until_it_confirms_and_the_email_is_sent_only_when_chosen() {
    let server = Directory::start();
    let adur = server.account("Adur District Council", "E07000223");
    let lead = Bench::new();
    workspace(&lead, "bins.accord");
    lead.set_server(&server.url, &adur.token);

    let preview: Value = serde_json::from_str(&lead.net(&[
        "publish",
        "bins.accord",
        "--dry-run",
        "--contact",
        "Siân",
    ]))
    .unwrap();
    assert_eq!(preview["contact"]["email"], "", "{preview}");
    assert_eq!(preview["contact"]["publish_email"], false);
    let partner = preview["organisations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["role"] == "partner" && o["gss_code"].is_string())
        .expect("the fixture names a partner council")
        .clone();
    let (name, code) = (
        partner["name"].as_str().unwrap(),
        partner["gss_code"].as_str().unwrap(),
    );
    lead.net(&["publish", "bins.accord", "--contact", "Siân"]);
    let id = lead
        .pipeline_id("bins.accord")
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        server.count("SELECT count(*) FROM listings WHERE contact LIKE '%@example.gov.uk%'"),
        0,
        "an address not chosen for publishing reached the server"
    );
    let shown = lead.net(&["directory", "show", &id]);
    assert!(
        shown.contains(&format!("{name} (partner, invited)"))
            && shown.contains("Contact: Siân Jones\n"),
        "{shown}"
    );

    // The partner council confirms with its own token.
    let account = server.account(name, code);
    let other = Bench::new();
    other.set_server(&server.url, &account.token);
    let invitations = other.json(&["invitations", "list", "--json"]);
    assert_eq!(invitations[0]["listing"], id.as_str(), "{invitations}");
    assert_eq!(invitations[0]["state"], "invited");
    let said = other.net(&[
        "invitations",
        "confirm",
        invitations[0]["id"].as_str().unwrap(),
    ]);
    assert!(
        said.starts_with(
            "Confirmed: \"Missed bins across Adur and Worthing\" by Adur District Council"
        ),
        "{said}"
    );
    let shown = lead.json(&["directory", "show", &id, "--json"]);
    let listed = shown["organisations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == name)
        .unwrap()
        .clone();
    assert_eq!(listed["confirmation"], "confirmed", "{shown}");
    let table = other.net(&["invitations", "list"]);
    assert!(
        table.contains("confirmed") && table.contains("Adur District Council"),
        "{table}"
    );

    // With --publish-email the address is published.
    lead.net(&[
        "publish",
        "bins.accord",
        "--contact",
        "Siân",
        "--publish-email",
    ]);
    let shown = lead.json(&["directory", "show", &id, "--json"]);
    assert!(
        shown["contact"]["email"]
            .as_str()
            .unwrap()
            .ends_with("@example.gov.uk"),
        "{shown}"
    );
}
