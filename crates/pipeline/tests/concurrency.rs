//! Requests at the same moment: publishes of one workspace, two answers to one join request,
//! and a feed read while writers commit.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use pipeline_protocol::{JoinState, Phase};

use crate::support::{Db, TestServer, draft};

on_both!(
    concurrent_publishes_of_one_workspace_make_one_listing,
    two_answers_to_one_join_request_at_once_leave_one_answer,
    the_feed_never_skips_an_event_while_writers_commit
);

async fn concurrent_publishes_of_one_workspace_make_one_listing(db: Db) {
    let server = TestServer::start(db).await;
    let adur = server.account("Adur District Council", None).await;
    let mut bins = draft("Bins", "Shared waste rounds", &["waste"], Phase::Alpha);
    bins.workspace_id = Some(uuid::Uuid::now_v7());
    let publishes = (0..8).map(|n| {
        let client = adur.client.clone();
        let mut draft = bins.clone();
        draft.title = format!("Bins {n}");
        tokio::spawn(async move { client.publish_listing(&draft).await })
    });
    let mut ids = BTreeSet::new();
    for publish in publishes.collect::<Vec<_>>() {
        let listing = publish
            .await
            .unwrap()
            .unwrap_or_else(|e| panic!("a publish at the same moment failed: {e}"));
        ids.insert(listing.id);
    }
    assert_eq!(ids.len(), 1, "one workspace, one listing: {ids:?}");
    assert_eq!(server.scalar("SELECT COUNT(*) FROM listings").await, 1);
    assert_eq!(server.scalar("SELECT COUNT(*) FROM memberships").await, 1);
    assert_eq!(
        server
            .scalar("SELECT COUNT(*) FROM events WHERE kind = 'new_listing'")
            .await,
        1
    );
    // Its search terms were counted once, not once a publish.
    assert_eq!(
        server
            .scalar("SELECT listings FROM word_frequency WHERE word = '#waste'")
            .await,
        1
    );
}

async fn two_answers_to_one_join_request_at_once_leave_one_answer(db: Db) {
    let server = TestServer::start(db).await;
    let adur = server.account("Adur District Council", None).await;
    let adur_too = server.user_of(&adur.organisation).await;
    for round in 0..4 {
        let worthing = server
            .account(&format!("Worthing Borough Council {round}"), None)
            .await;
        let id = adur
            .client
            .publish(&draft(
                &format!("Bins {round}"),
                "Shared rounds",
                &[],
                Phase::Alpha,
            ))
            .await
            .unwrap();
        let request = worthing.client.join(id, "May we?").await.unwrap();
        // One officer accepts as another declines.
        let (accepted, declined) = tokio::join!(
            adur.client.accept(request.id),
            adur_too.client.decline(request.id)
        );
        let winner = match (&accepted, &declined) {
            (Ok(a), Err(e)) => {
                assert_eq!(e.status(), Some(409), "{e}");
                assert_eq!(a.state, JoinState::Accepted);
                JoinState::Accepted
            }
            (Err(e), Ok(d)) => {
                assert_eq!(e.status(), Some(409), "{e}");
                assert_eq!(d.state, JoinState::Declined);
                JoinState::Declined
            }
            other => panic!("round {round}: both answers or neither stood: {other:?}"),
        };
        let listing = adur.client.listing(id).await.unwrap();
        let partner = listing
            .members
            .iter()
            .any(|m| m.organisation.id == worthing.organisation.id);
        assert_eq!(partner, winner == JoinState::Accepted, "round {round}");
        let answers = server
            .scalar(&format!(
                "SELECT COUNT(*) FROM events WHERE kind IN ('join_accepted', 'join_declined') AND subject_id = '{}'",
                worthing.organisation.id
            ))
            .await;
        assert_eq!(answers, 1, "round {round}: one answer, one event");
    }
}

async fn the_feed_never_skips_an_event_while_writers_commit(db: Db) {
    let server = TestServer::start(db).await;
    let adur = server.account("Adur District Council", None).await;
    let worthing = server.account("Worthing Borough Council", None).await;
    let id = adur
        .client
        .publish(&draft("Bins", "Shared rounds", &[], Phase::Alpha))
        .await
        .unwrap();
    worthing.client.watch(id).await.unwrap();
    // Four writers post ten updates each, while the reader reads and marks the feed seen.
    let writers: Vec<_> = (0..4)
        .map(|w| {
            let client = adur.client.clone();
            tokio::spawn(async move {
                for n in 0..10 {
                    client
                        .post_update(id, &format!("writer {w} update {n}"))
                        .await
                        .unwrap();
                }
            })
        })
        .collect();
    let mut seen = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    while seen.len() < 40 {
        assert!(
            Instant::now() < deadline,
            "only {} of 40 updates reached the feed: {seen:?}",
            seen.len()
        );
        let feed = worthing.client.feed().await.unwrap();
        seen.extend(feed.items.iter().map(|i| i.text.clone()));
        worthing.client.feed_seen(feed.until).await.unwrap();
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    for writer in writers {
        writer.await.unwrap();
    }
    let distinct: BTreeSet<_> = seen.iter().collect();
    assert_eq!(
        (seen.len(), distinct.len()),
        (40, 40),
        "each update once: {seen:?}"
    );
    assert!(worthing.client.feed().await.unwrap().items.is_empty());
}
