//! The directory: publishing, reading, updating and searching listings; similar listings; status updates.

use pipeline_protocol::{
    Contact, ListedOrganisation, Nation, OrganisationKind, PartyRole, Phase, ProjectStatus,
    SearchQuery,
};

use crate::support::{Db, TestServer, draft};

on_both!(
    publish_read_update_and_republish,
    common_and_rare_terms_find_the_same_listings,
    term_counts_follow_every_change,
    search_by_words_tags_phase_place_and_partners,
    similar_listings_share_tags_and_problem_words,
    status_updates_are_posted_and_listed
);

async fn publish_read_update_and_republish(db: Db) {
    let server = TestServer::start(db).await;
    let adur = server
        .account("Adur District Council", Some("E07000223"))
        .await;

    let mut bins = draft(
        "Missed bin collections",
        "Residents report missed bins by phone.",
        &["Waste", "bins"],
        Phase::Alpha,
    );
    bins.outcomes = "Crews see reports the same day.".into();
    bins.looking_for_partners = true;
    bins.contact = Some(Contact {
        name: "Jo Bloggs".into(),
        email: "jo@adur.gov.uk".into(),
        publish_email: true,
        job_title: "Service designer".into(),
        department: "Environment".into(),
    });
    bins.organisations = vec![ListedOrganisation {
        name: "Adur District Council".into(),
        kind: OrganisationKind::District,
        gss_code: Some("e07000223".into()),
        role: PartyRole::Lead,
    }];
    bins.workspace_id = Some(uuid::Uuid::now_v7());
    let id = adur.client.publish(&bins).await.unwrap();

    let listing = server.anonymous().listing(id).await.unwrap();
    assert_eq!(listing.title, "Missed bin collections");
    assert_eq!(listing.tags, ["waste", "bins"], "tags are lower-cased");
    assert_eq!(
        listing.organisations[0].gss_code.as_deref(),
        Some("E07000223"),
        "codes are upper-cased"
    );
    assert_eq!(listing.owner, adur.organisation);
    assert_eq!(listing.members.len(), 1);
    assert_eq!(
        (listing.members[0].organisation.id, listing.members[0].role),
        (adur.organisation.id, PartyRole::Lead)
    );
    assert_eq!(listing.published_at, server.now());
    assert_eq!(listing.last_updated, server.now());

    server.later(60);
    let mut changed = listing.draft();
    changed.phase = Phase::Beta;
    changed.status = ProjectStatus::Paused;
    changed.problem = "Residents wait for missed collections to be noticed.".into();
    let updated = adur.client.update(id, &changed).await.unwrap();
    assert_eq!(
        (updated.phase, updated.status),
        (Phase::Beta, ProjectStatus::Paused)
    );
    assert_eq!(updated.published_at, listing.published_at);
    assert_eq!(updated.last_updated, server.now());
    let search = |q: &str| SearchQuery::words(q);
    assert!(
        server
            .anonymous()
            .search(&search("phone"))
            .await
            .unwrap()
            .listings
            .is_empty(),
        "words that left the listing no longer find it"
    );
    assert_eq!(
        server
            .anonymous()
            .search(&search("noticed"))
            .await
            .unwrap()
            .listings[0]
            .id,
        id
    );

    // Publishing the same workspace again updates the listing rather than making a second.
    server.later(5);
    bins.title = "Missed and late bin collections".into();
    let again = adur.client.publish_listing(&bins).await.unwrap();
    assert_eq!(again.id, id);
    assert_eq!(again.title, "Missed and late bin collections");
    assert_eq!(
        server
            .anonymous()
            .search(&SearchQuery::default())
            .await
            .unwrap()
            .listings
            .len(),
        1
    );
}

async fn search_by_words_tags_phase_place_and_partners(db: Db) {
    let server = TestServer::start(db).await;
    let adur = server
        .account("Adur District Council", Some("E07000223"))
        .await;
    let cardiff = server.account("Cardiff Council", Some("W06000015")).await;
    let anyone = server.anonymous();

    let mut bins = draft(
        "Missed bin collections",
        "Residents report missed bins by phone.",
        &["waste", "bins"],
        Phase::Alpha,
    );
    bins.looking_for_partners = true;
    let bins = adur.client.publish(&bins).await.unwrap();
    server.later(1);
    let damp = adur
        .client
        .publish(&draft(
            "Damp and mould in council homes",
            "Tenants report damp; repairs are slow.",
            &["housing"],
            Phase::Discovery,
        ))
        .await
        .unwrap();
    server.later(1);
    let recycling = cardiff
        .client
        .publish(&draft(
            "Recycling contamination",
            "Too much waste in recycling bins.",
            &["waste", "recycling"],
            Phase::Beta,
        ))
        .await
        .unwrap();

    let ids = |query: SearchQuery| {
        let anyone = anyone.clone();
        async move {
            anyone
                .search(&query)
                .await
                .unwrap()
                .listings
                .into_iter()
                .map(|l| l.id)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        ids(SearchQuery::default()).await,
        [recycling, damp, bins],
        "newest first"
    );
    assert_eq!(ids(SearchQuery::words("bins")).await, [recycling, bins]);
    assert_eq!(
        ids(SearchQuery::words("BINS phone")).await,
        [bins],
        "every word must match, whatever its case"
    );
    assert_eq!(
        ids(SearchQuery::words("the")).await.len(),
        3,
        "stop words are ignored"
    );
    assert_eq!(
        ids(SearchQuery::default().with_tag("waste")).await,
        [recycling, bins]
    );
    assert_eq!(
        ids(SearchQuery::default()
            .with_tag("waste")
            .with_tag("recycling"))
        .await,
        [recycling]
    );
    assert_eq!(
        ids(SearchQuery {
            phase: Some(Phase::Discovery),
            ..SearchQuery::default()
        })
        .await,
        [damp]
    );
    assert_eq!(
        ids(SearchQuery {
            nation: Some(Nation::Wales),
            ..SearchQuery::default()
        })
        .await,
        [recycling]
    );
    assert_eq!(
        ids(SearchQuery {
            region: Some("south east".into()),
            ..SearchQuery::default()
        })
        .await,
        [damp, bins]
    );
    assert_eq!(
        ids(SearchQuery {
            looking_for_partners: Some(true),
            ..SearchQuery::default()
        })
        .await,
        [bins]
    );
    assert_eq!(
        ids(SearchQuery {
            looking_for_partners: Some(false),
            q: Some("bins".into()),
            ..SearchQuery::default()
        })
        .await,
        [recycling]
    );
    assert!(ids(SearchQuery::words("unicorns")).await.is_empty());

    // Pages: exactly one page, and one page plus one.
    let first = anyone
        .search(&SearchQuery {
            limit: Some(2),
            ..SearchQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(first.listings.len(), 2);
    assert_eq!(first.next_offset, Some(2));
    let second = anyone
        .search(&SearchQuery {
            limit: Some(2),
            offset: first.next_offset,
            ..SearchQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(
        second.listings.iter().map(|l| l.id).collect::<Vec<_>>(),
        [bins]
    );
    assert_eq!(second.next_offset, None);
    let exact = anyone
        .search(&SearchQuery {
            limit: Some(3),
            ..SearchQuery::default()
        })
        .await
        .unwrap();
    assert_eq!((exact.listings.len(), exact.next_offset), (3, None));
}

async fn similar_listings_share_tags_and_problem_words(db: Db) {
    let server = TestServer::start(db).await;
    let adur = server.account("Adur District Council", None).await;
    let leeds = server.account("Leeds City Council", None).await;
    let mine = adur
        .client
        .publish(&draft(
            "Missed bins",
            "Crews miss bins on narrow streets.",
            &["waste", "bins"],
            Phase::Alpha,
        ))
        .await
        .unwrap();
    let close = leeds
        .client
        .publish(&draft(
            "Narrow street collections",
            "Crews cannot reach bins on narrow streets.",
            &["waste", "bins"],
            Phase::Beta,
        ))
        .await
        .unwrap();
    let loose = leeds
        .client
        .publish(&draft(
            "Garden waste",
            "Subscriptions are handled by hand.",
            &["waste"],
            Phase::Live,
        ))
        .await
        .unwrap();
    leeds
        .client
        .publish(&draft(
            "Libraries",
            "Opening hours vary.",
            &["libraries"],
            Phase::Live,
        ))
        .await
        .unwrap();

    let similar = server.anonymous().similar(mine).await.unwrap();
    let order: Vec<_> = similar.iter().map(|s| s.listing.id).collect();
    assert_eq!(
        order,
        [close, loose],
        "the listing itself and unrelated ones are left out"
    );
    assert_eq!(similar[0].shared_tags, ["waste", "bins"]);
    assert_eq!(
        similar[0].shared_words,
        ["bins", "crews", "narrow", "streets"]
    );
    assert_eq!(similar[0].score, 2 * 3 + 4);
    assert_eq!(
        (similar[1].shared_tags.as_slice(), similar[1].score),
        (["waste".to_string()].as_slice(), 3)
    );
}

async fn status_updates_are_posted_and_listed(db: Db) {
    let server = TestServer::start(db).await;
    let adur = server.account("Adur District Council", None).await;
    let id = adur
        .client
        .publish(&draft("Missed bins", "", &[], Phase::Alpha))
        .await
        .unwrap();
    server.later(10);
    let first = adur
        .client
        .post_update(id, "  Alpha started with two crews.  ")
        .await
        .unwrap();
    assert_eq!(first.text, "Alpha started with two crews.");
    server.later(10);
    adur.client.post_update(id, "Crews like it.").await.unwrap();
    let updates = server.anonymous().updates(id).await.unwrap();
    assert_eq!(
        updates.iter().map(|u| u.text.as_str()).collect::<Vec<_>>(),
        ["Crews like it.", "Alpha started with two crews."]
    );
    assert_eq!(updates[0].organisation, adur.organisation);
    assert_eq!(
        server.anonymous().listing(id).await.unwrap().last_updated,
        server.now(),
        "an update freshens the listing"
    );

    // A status update brings a listing to the top of searches by its words, tags and places,
    // whose rows keep a copy of its update time (migration 3).
    let mut other = draft("Missed bins elsewhere", "", &["waste"], Phase::Alpha);
    other.looking_for_partners = true;
    server.later(10);
    let other = adur.client.publish(&other).await.unwrap();
    let mut tagged = draft("Bins again", "", &["waste"], Phase::Alpha);
    tagged.looking_for_partners = true;
    server.later(10);
    let tagged = adur.client.publish(&tagged).await.unwrap();
    let anyone = server.anonymous();
    let ids = |query: SearchQuery| {
        let anyone = anyone.clone();
        async move {
            anyone
                .search(&query)
                .await
                .unwrap()
                .listings
                .into_iter()
                .map(|l| l.id)
                .collect::<Vec<_>>()
        }
    };
    let waste = || SearchQuery {
        phase: Some(Phase::Alpha),
        looking_for_partners: Some(true),
        ..SearchQuery::default().with_tag("waste")
    };
    assert_eq!(ids(waste()).await, [tagged, other]);
    server.later(10);
    adur.client
        .post_update(other, "Crews like it.")
        .await
        .unwrap();
    assert_eq!(ids(waste()).await, [other, tagged]);
    assert_eq!(ids(SearchQuery::words("bins")).await, [other, tagged, id]);
    let empty = adur.client.post_update(id, "   ").await.unwrap_err();
    assert_eq!((empty.status(), empty.code()), (Some(422), "invalid"));
}

async fn common_and_rare_terms_find_the_same_listings(db: Db) {
    // Search starts from a rare term's few listings, or walks recent listings checking a
    // common term; both must give the same pages.
    let server = TestServer::start(db).await;
    let adur = server
        .account("Adur District Council", Some("E07000223"))
        .await;
    let mut published = Vec::new();
    for n in 0..12 {
        server.later(1);
        let rare = if n % 5 == 0 { " rare" } else { "" };
        published.push(
            adur.client
                .publish(&draft(
                    &format!("Listing {n}"),
                    &format!("common words{rare}"),
                    &["shared"],
                    Phase::Alpha,
                ))
                .await
                .unwrap(),
        );
    }
    published.reverse();
    let anyone = server.anonymous();
    let mut walked = Vec::new();
    let mut offset = None;
    loop {
        let page = anyone
            .search(&SearchQuery {
                q: Some("common".into()),
                limit: Some(2),
                offset,
                ..SearchQuery::default()
            })
            .await
            .unwrap();
        walked.extend(page.listings.iter().map(|l| l.id));
        offset = page.next_offset;
        if offset.is_none() {
            break;
        }
    }
    assert_eq!(
        walked, published,
        "pages of a common word, newest first, with no gap or repeat"
    );
    let rare: Vec<_> = anyone
        .search(&SearchQuery::words("common rare").with_tag("shared"))
        .await
        .unwrap()
        .listings
        .into_iter()
        .map(|l| l.id)
        .collect();
    assert_eq!(rare, [published[1], published[6], published[11]]);
    let south_east = anyone
        .search(&SearchQuery {
            region: Some("South East".into()),
            limit: Some(3),
            ..SearchQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(
        south_east.listings.iter().map(|l| l.id).collect::<Vec<_>>(),
        published[..3]
    );
    assert!(
        anyone
            .search(&SearchQuery::words("common absent"))
            .await
            .unwrap()
            .listings
            .is_empty()
    );
}

async fn term_counts_follow_every_change(db: Db) {
    let server = TestServer::start(db).await;
    let adur = server
        .account("Adur District Council", Some("E07000223"))
        .await;
    let first = adur
        .client
        .publish(&draft(
            "Missed bins",
            "Crews miss bins.",
            &["waste", "bins"],
            Phase::Alpha,
        ))
        .await
        .unwrap();
    adur.client
        .publish(&draft(
            "Bins again",
            "Crews lose bins.",
            &["waste"],
            Phase::Alpha,
        ))
        .await
        .unwrap();
    let mut changed = draft(
        "Garden waste",
        "Subscriptions by hand.",
        &["garden"],
        Phase::Beta,
    );
    changed.organisations = vec![ListedOrganisation {
        name: "Cardiff".into(),
        kind: OrganisationKind::Unitary,
        gss_code: Some("W06000015".into()),
        role: PartyRole::Partner,
    }];
    adur.client.update(first, &changed).await.unwrap();
    assert_eq!(
        server
            .scalar(
                "SELECT COUNT(*) FROM word_frequency WHERE word = '@nation:wales' AND listings > 0"
            )
            .await,
        0,
        "a partner that has not confirmed places the listing nowhere"
    );
    let cardiff = server.account("Cardiff", Some("W06000015")).await;
    let invitation = cardiff.client.invitations().await.unwrap()[0].id;
    cardiff.client.confirm(invitation).await.unwrap();
    let drift = server
        .scalar(
            "SELECT COUNT(*) FROM (\
               SELECT word, listings FROM word_frequency WHERE listings <> 0 \
               EXCEPT SELECT term, COUNT(*) FROM (SELECT word AS term, listing FROM listing_words \
                 UNION ALL SELECT '#' || tag, listing FROM listing_tags UNION ALL SELECT '@' || place, listing FROM listing_places) AS t GROUP BY term \
             ) AS d",
        )
        .await;
    assert_eq!(drift, 0, "word_frequency must equal the index's counts");
    let missing = server
        .scalar(
            "SELECT COUNT(*) FROM (SELECT term FROM (SELECT word AS term FROM listing_words UNION ALL SELECT '#' || tag FROM listing_tags \
               UNION ALL SELECT '@' || place FROM listing_places) AS t EXCEPT SELECT word FROM word_frequency WHERE listings > 0) AS m",
        )
        .await;
    assert_eq!(missing, 0);
    assert_eq!(
        server
            .scalar("SELECT listings FROM word_frequency WHERE word = '#waste'")
            .await,
        1
    );
    assert_eq!(
        server
            .scalar("SELECT listings FROM word_frequency WHERE word = '@nation:wales'")
            .await,
        1
    );
}
