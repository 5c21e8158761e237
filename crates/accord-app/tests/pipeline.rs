//! The Pipeline screen's commands against a real server on loopback, as the shell calls
//! them: through the shared `Mutex<Session>`, which is never held while the network works.

use std::sync::Mutex;

use accord_app::pipeline::PublishOutcome;
use accord_app::{DirectorySearch, Session, pipeline};
use accord_fixtures_directory::Directory;
use accord_pipeline::protocol::{FeedItemKind, JoinState};

const SECRET: &str = "brackenvolley";

fn session_with_workspace(dir: &tempfile::TempDir) -> Session {
    let mut session = Session::new(dir.path().join("settings/settings.json"));
    session
        .set_me("Siân Jones", "Adur District Council")
        .unwrap();
    let mut ws = accord_fixtures::workspace(accord_fixtures::Size::SMALL);
    ws.decisions[0].decision = format!("{SECRET} goes ahead.");
    ws.succession[0].risks = format!("{SECRET} may slip.");
    let bundle = dir.path().join("bins.json");
    std::fs::write(&bundle, accord_interchange::to_json(&ws)).unwrap();
    session
        .import_json(&bundle, &dir.path().join("bins.accord"))
        .unwrap();
    session
}

#[test]
fn set_the_server_preview_publish_search_watch_subscribe_and_read_the_feed() {
    let server = Directory::start();
    let adur = server.account("Adur District Council", "E07000223");
    let dir = tempfile::tempdir().unwrap();
    let mut session = session_with_workspace(&dir);

    let view = session.pipeline().unwrap();
    assert_eq!(view.server, None);
    assert!(!view.contacts.is_empty());
    let error = pipeline::publish(
        &Mutex::new(Session::new(dir.path().join("none/settings.json"))),
        "",
    )
    .unwrap_err();
    assert_eq!(error.code, "no_server");

    let bad = session
        .set_pipeline_server("not an address", "")
        .unwrap_err();
    assert_eq!(
        (bad.code.as_str(), bad.field.as_deref()),
        ("bad_url", Some("server"))
    );
    let view = session
        .set_pipeline_server(&server.url, &adur.token)
        .unwrap();
    assert_eq!(view.server.as_deref(), Some(server.url.as_str()));
    assert!(
        !serde_json::to_string(&view).unwrap().contains(&adur.token),
        "the page never receives the token"
    );

    let contact = view.contacts[0].clone();
    let preview = session.listing_preview(&contact.id).unwrap();
    assert_eq!(preview.updates, None);
    assert_eq!(preview.draft.contact.as_ref().unwrap().name, contact.name);
    assert!(!preview.json.contains(SECRET));
    assert_eq!(server.listings(), 0, "a preview sends nothing");

    let shared = Mutex::new(session);
    let published = pipeline::publish(&shared, &contact.id).unwrap();
    assert_eq!(published.outcome, PublishOutcome::Published);
    let id = published.listing.id.to_string();
    assert_eq!(
        shared
            .lock()
            .unwrap()
            .pipeline()
            .unwrap()
            .listing_id
            .as_deref(),
        Some(id.as_str())
    );
    let again = pipeline::publish(&shared, "").unwrap();
    assert_eq!(
        (again.listing.id.to_string(), again.outcome),
        (id.clone(), PublishOutcome::Updated)
    );

    let found = pipeline::search(
        &shared,
        &DirectorySearch {
            tags: vec!["waste".into()],
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(
        found
            .listings
            .iter()
            .map(|l| l.id.to_string())
            .collect::<Vec<_>>(),
        [id.as_str()]
    );
    let secret = pipeline::search(
        &shared,
        &DirectorySearch {
            words: SECRET.into(),
            ..Default::default()
        },
    )
    .unwrap();
    assert!(secret.listings.is_empty());
    assert!(!server.holds(SECRET));

    // A second council, in its own session, follows the project and asks to join.
    let other_dir = tempfile::tempdir().unwrap();
    let gwynedd = server.account("Cyngor Gwynedd", "W06000002");
    let mut other = Session::new(other_dir.path().join("settings.json"));
    other
        .set_pipeline_server(&server.url, &gwynedd.token)
        .unwrap();
    let other = Mutex::new(other);
    assert_eq!(
        pipeline::subscribe(&other, " ")
            .unwrap_err()
            .field
            .as_deref(),
        Some("subscribe-tags")
    );
    assert_eq!(
        pipeline::subscribe(&other, "waste, bins").unwrap().tags,
        ["bins", "waste"]
    );
    assert_eq!(
        pipeline::watch(&other, &id).unwrap().title,
        published.listing.title
    );
    pipeline::join(&other, &id, "Gwynedd has the same problem.").unwrap();
    let lead_feed = pipeline::feed(&shared).unwrap();
    assert!(
        lead_feed.items.iter().any(
            |i| i.organisation == "Cyngor Gwynedd" && i.text == "Gwynedd has the same problem."
        ),
        "{lead_feed:?}"
    );
    assert!(
        pipeline::feed(&shared).unwrap().items.is_empty(),
        "reading the feed marks it seen"
    );

    let wrong = pipeline::watch(&other, "not-an-id").unwrap_err();
    assert_eq!(wrong.code, "bad_listing_id");

    // Forgetting the server removes it and its token from the settings file.
    let view = other.lock().unwrap().forget_pipeline_server().unwrap();
    assert_eq!(view.server, None);
    assert!(
        !std::fs::read_to_string(other_dir.path().join("settings.json"))
            .unwrap()
            .contains(&gwynedd.token)
    );
    assert_eq!(pipeline::feed(&other).unwrap_err().code, "no_server");
}

#[test]
fn the_lead_posts_a_status_update_and_accepts_one_request_to_join_and_declines_another() {
    let server = Directory::start();
    let adur = server.account("Adur District Council", "E07000223");
    let dir = tempfile::tempdir().unwrap();
    let mut session = session_with_workspace(&dir);
    session
        .set_pipeline_server(&server.url, &adur.token)
        .unwrap();
    let lead = Mutex::new(session);
    let updates = || server.count("SELECT count(*) FROM status_updates");

    // Not published yet: said plainly, and nothing is sent.
    let never = pipeline::post_status(&lead, "Pilot starts in April.").unwrap_err();
    assert_eq!(never.code, "not_published");
    assert!(
        never
            .message
            .contains("has not been published to the Pipeline directory yet"),
        "{}",
        never.message
    );
    assert_eq!(
        pipeline::join_requests(&lead).unwrap_err().code,
        "not_published"
    );
    assert_eq!((server.listings(), updates()), (0, 0));

    let id = pipeline::publish(&lead, "").unwrap().listing.id.to_string();
    let empty = pipeline::post_status(&lead, " \n ").unwrap_err();
    assert_eq!(
        (empty.code.as_str(), empty.field.as_deref()),
        ("invalid", Some("text"))
    );
    assert_eq!(updates(), 0, "an empty update is never sent");

    // Two councils: both watch and ask to join.
    let council = |name: &str, code: &str| {
        let account = server.account(name, code);
        let mut s = Session::new(dir.path().join(code).join("settings.json"));
        s.set_pipeline_server(&server.url, &account.token).unwrap();
        Mutex::new(s)
    };
    let gwynedd = council("Cyngor Gwynedd", "W06000002");
    let worthing = council("Worthing Borough Council", "E07000229");
    pipeline::watch(&gwynedd, &id).unwrap();
    pipeline::feed(&gwynedd).unwrap();

    let posted = pipeline::post_status(&lead, "  Pilot starts in two wards in April.\n").unwrap();
    assert_eq!(
        (posted.listing.to_string(), posted.text.as_str()),
        (id.clone(), "Pilot starts in two wards in April.")
    );
    let feed = pipeline::feed(&gwynedd).unwrap();
    assert!(
        feed.items
            .iter()
            .any(|i| i.organisation == "Adur District Council"
                && i.text == "Pilot starts in two wards in April."),
        "{feed:?}"
    );
    // Only the listing's own organisation may post on it.
    // Gwynedd is given a copy of the workspace (closed first, as a file sent on would be).
    let copy = dir.path().join("W06000002/bins.accord");
    lead.lock().unwrap().close();
    std::fs::copy(dir.path().join("bins.accord"), &copy).unwrap();
    lead.lock()
        .unwrap()
        .open(&dir.path().join("bins.accord"))
        .unwrap();
    gwynedd.lock().unwrap().open(&copy).unwrap();
    let not_ours = pipeline::post_status(&gwynedd, "Not ours to say.").unwrap_err();
    assert_eq!(not_ours.code, "not_yours", "{}", not_ours.message);
    assert_eq!(updates(), 1);

    pipeline::join(&gwynedd, &id, "Gwynedd has the same problem.").unwrap();
    pipeline::join(&worthing, &id, "Worthing shares the crews.").unwrap();
    let asked = pipeline::join_requests(&lead).unwrap();
    let names: Vec<&str> = asked.iter().map(|r| r.organisation.name.as_str()).collect();
    assert_eq!(names, ["Cyngor Gwynedd", "Worthing Borough Council"]);
    assert!(asked.iter().all(|r| r.state == JoinState::Pending));
    // Only the lead may answer, and an id that is not one is said plainly.
    assert_eq!(
        pipeline::answer_join(&gwynedd, &asked[1].id.to_string(), false)
            .unwrap_err()
            .code,
        "not_yours"
    );
    assert_eq!(
        pipeline::answer_join(&lead, "request-1", true)
            .unwrap_err()
            .code,
        "bad_listing_id"
    );

    assert_eq!(
        pipeline::answer_join(&lead, &asked[0].id.to_string(), true)
            .unwrap()
            .state,
        JoinState::Accepted
    );
    assert_eq!(
        pipeline::answer_join(&lead, &asked[1].id.to_string(), false)
            .unwrap()
            .state,
        JoinState::Declined
    );
    let again = pipeline::answer_join(&lead, &asked[1].id.to_string(), true).unwrap_err();
    assert!(
        again.message.contains("already declined"),
        "{}",
        again.message
    );

    let states: Vec<JoinState> = pipeline::join_requests(&lead)
        .unwrap()
        .iter()
        .map(|r| r.state)
        .collect();
    assert_eq!(states, [JoinState::Accepted, JoinState::Declined]);
    let members: Vec<String> = pipeline::listing(&lead, &id)
        .unwrap()
        .members
        .iter()
        .map(|m| m.organisation.name.clone())
        .collect();
    assert_eq!(members, ["Adur District Council", "Cyngor Gwynedd"]);
    assert!(
        pipeline::feed(&worthing)
            .unwrap()
            .items
            .iter()
            .any(|i| i.kind == FeedItemKind::JoinDeclined)
    );
}
