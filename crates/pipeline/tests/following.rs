//! Coming back: watches, tag subscriptions, the feed of what is new, and joining a project.

use pipeline_protocol::{FeedItemKind, JoinState, PartyRole, Phase};

use crate::support::{Db, TestServer, draft};

on_both!(
    the_feed_shows_what_is_new_since_last_looked,
    joining_a_project_is_asked_and_answered
);

async fn the_feed_shows_what_is_new_since_last_looked(db: Db) {
    let server = TestServer::start(db).await;
    let adur = server.account("Adur District Council", None).await;
    let leeds = server.account("Leeds City Council", None).await;

    assert!(adur.client.feed().await.unwrap().items.is_empty());
    adur.client.subscribe("Waste").await.unwrap();
    adur.client.subscribe("social care/adults").await.unwrap();
    // Publishing with a tag you follow yourself is not news to you.
    adur.client
        .publish(&draft("Our own bins", "", &["waste"], Phase::Alpha))
        .await
        .unwrap();
    server.later(1);
    let theirs = leeds
        .client
        .publish(&draft("Leeds bins", "", &["waste", "bins"], Phase::Beta))
        .await
        .unwrap();
    leeds
        .client
        .publish(&draft("Leeds libraries", "", &["libraries"], Phase::Live))
        .await
        .unwrap();

    let feed = adur.client.feed().await.unwrap();
    assert_eq!(
        feed.items
            .iter()
            .map(|i| (i.kind, i.listing))
            .collect::<Vec<_>>(),
        [(FeedItemKind::NewListing, theirs)]
    );
    assert_eq!(feed.items[0].organisation, "Leeds City Council");
    assert_eq!(feed.items[0].listing_title, "Leeds bins");
    assert!(!feed.more);

    // Once marked seen, it is not new any more.
    adur.client.feed_seen(feed.until).await.unwrap();
    assert!(adur.client.feed().await.unwrap().items.is_empty());

    adur.client.watch(theirs).await.unwrap();
    adur.client.watch(theirs).await.unwrap();
    server.later(1);
    leeds
        .client
        .post_update(theirs, "Beta opens to residents next week.")
        .await
        .unwrap();
    let feed = adur.client.feed().await.unwrap();
    assert_eq!(feed.items.len(), 1);
    assert_eq!(
        (feed.items[0].kind, feed.items[0].text.as_str()),
        (
            FeedItemKind::StatusUpdate,
            "Beta opens to residents next week."
        )
    );
    assert_eq!(feed.items[0].at, server.now());

    // Marking seen never goes backwards.
    adur.client.feed_seen(feed.until).await.unwrap();
    adur.client.feed_seen(0).await.unwrap();
    assert!(adur.client.feed().await.unwrap().items.is_empty());

    let following = adur.client.subscriptions().await.unwrap();
    assert_eq!(following.tags, ["social care/adults", "waste"]);
    assert_eq!(following.watching, [theirs]);
    adur.client.unwatch(theirs).await.unwrap();
    adur.client.unsubscribe("waste").await.unwrap();
    let following = adur.client.subscriptions().await.unwrap();
    assert_eq!(
        (following.tags.as_slice(), following.watching.len()),
        (["social care/adults".to_string()].as_slice(), 0)
    );
    leeds
        .client
        .post_update(theirs, "Unwatched news")
        .await
        .unwrap();
    leeds
        .client
        .publish(&draft("More waste", "", &["waste"], Phase::Beta))
        .await
        .unwrap();
    assert!(
        adur.client.feed().await.unwrap().items.is_empty(),
        "nothing comes from what you stopped following"
    );

    // A page boundary: more than one page waits for the next look.
    adur.client.subscribe("paging").await.unwrap();
    for n in 0..3 {
        leeds
            .client
            .publish(&draft(
                &format!("Paging {n}"),
                "",
                &["paging"],
                Phase::Alpha,
            ))
            .await
            .unwrap();
    }
    let page = adur.client.feed().await.unwrap();
    assert_eq!(page.items.len(), 3);
    let raw = server
        .raw()
        .get(server.at("/v1/feed?limit=2"))
        .bearer_auth(&adur.token)
        .send()
        .await
        .unwrap()
        .json::<pipeline_protocol::Feed>()
        .await
        .unwrap();
    assert_eq!(
        (raw.items.len(), raw.more, raw.until),
        (2, true, raw.items[1].cursor)
    );
    adur.client.feed_seen(raw.until).await.unwrap();
    let rest = adur.client.feed().await.unwrap();
    assert_eq!(
        rest.items
            .iter()
            .map(|i| i.listing_title.as_str())
            .collect::<Vec<_>>(),
        ["Paging 2"]
    );
}

async fn joining_a_project_is_asked_and_answered(db: Db) {
    let server = TestServer::start(db).await;
    let adur = server.account("Adur District Council", None).await;
    let leeds = server.account("Leeds City Council", None).await;
    let cardiff = server.account("Cardiff Council", None).await;
    let project = adur
        .client
        .publish(&draft("Missed bins", "", &["waste"], Phase::Alpha))
        .await
        .unwrap();

    let own = adur.client.join(project, "").await.unwrap_err();
    assert_eq!(
        (own.status(), own.code()),
        (Some(409), "conflict"),
        "the lead is already a member"
    );

    server.later(1);
    let request = leeds
        .client
        .join(project, "We have the same problem in Leeds.")
        .await
        .unwrap();
    assert_eq!(
        (request.state, request.organisation.id),
        (JoinState::Pending, leeds.organisation.id)
    );
    assert_eq!(
        leeds
            .client
            .join(project, "again")
            .await
            .unwrap_err()
            .code(),
        "conflict"
    );

    let feed = adur.client.feed().await.unwrap();
    assert_eq!(
        feed.items
            .iter()
            .map(|i| (i.kind, i.organisation.as_str(), i.text.as_str()))
            .collect::<Vec<_>>(),
        [(
            FeedItemKind::JoinRequest,
            "Leeds City Council",
            "We have the same problem in Leeds."
        )]
    );
    assert_eq!(
        adur.client.join_requests(project).await.unwrap(),
        std::slice::from_ref(&request)
    );

    server.later(1);
    let accepted = adur.client.accept(request.id).await.unwrap();
    assert_eq!(
        (accepted.state, accepted.decided_at),
        (JoinState::Accepted, Some(server.now()))
    );
    let members = server.anonymous().listing(project).await.unwrap().members;
    assert_eq!(
        members
            .iter()
            .map(|m| (m.organisation.id, m.role))
            .collect::<Vec<_>>(),
        [
            (adur.organisation.id, PartyRole::Lead),
            (leeds.organisation.id, PartyRole::Partner)
        ]
    );
    assert_eq!(
        adur.client.accept(request.id).await.unwrap_err().code(),
        "conflict",
        "a request is answered once"
    );
    assert_eq!(
        leeds.client.join(project, "").await.unwrap_err().code(),
        "conflict",
        "a member need not ask again"
    );
    let news = leeds.client.feed().await.unwrap();
    assert_eq!(
        news.items
            .iter()
            .map(|i| (i.kind, i.listing))
            .collect::<Vec<_>>(),
        [(FeedItemKind::JoinAccepted, project)]
    );

    let asked = cardiff.client.join(project, "").await.unwrap();
    let declined = adur.client.decline(asked.id).await.unwrap();
    assert_eq!(declined.state, JoinState::Declined);
    assert_eq!(
        cardiff
            .client
            .feed()
            .await
            .unwrap()
            .items
            .iter()
            .map(|i| i.kind)
            .collect::<Vec<_>>(),
        [FeedItemKind::JoinDeclined]
    );
    assert_eq!(
        server
            .anonymous()
            .listing(project)
            .await
            .unwrap()
            .members
            .len(),
        2,
        "a declined organisation is not a member"
    );
    // Asking again after a refusal reopens the request.
    assert_eq!(
        cardiff
            .client
            .join(project, "We have funding now.")
            .await
            .unwrap()
            .state,
        JoinState::Pending
    );
}
