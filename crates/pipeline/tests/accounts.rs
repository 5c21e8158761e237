//! Accounts: a token acts for its user's organisation, can be revoked, and is stored only as a hash.

use crate::support::{Db, TestServer};

on_both!(a_token_acts_for_its_organisation_until_revoked);

async fn a_token_acts_for_its_organisation_until_revoked(db: Db) {
    let server = TestServer::start(db).await;
    let adur = server
        .account("Adur District Council", Some("E07000223"))
        .await;
    let colleague = server.user_of(&adur.organisation).await;

    let me = adur.client.me().await.unwrap();
    assert_eq!(me.organisation, adur.organisation);
    assert_eq!(me.user, adur.user);
    assert_eq!(
        colleague.client.me().await.unwrap().organisation,
        adur.organisation,
        "a colleague acts for the same organisation"
    );

    server
        .store
        .revoke_token(adur.token_id, server.now())
        .await
        .unwrap();
    let refused = adur.client.me().await.unwrap_err();
    assert_eq!(
        (refused.status(), refused.code()),
        (Some(401), "unauthorised")
    );
    assert!(refused.to_string().contains("revoked"), "{refused}");
    assert!(
        colleague.client.me().await.is_ok(),
        "revoking one token leaves the others working"
    );
    assert_eq!(
        server
            .store
            .revoke_token(adur.token_id, server.now())
            .await
            .unwrap_err()
            .code()
            .as_str(),
        "conflict"
    );

    let stranger =
        pipeline_client::Client::new(&server.url, Some(format!("pl_{}", "0".repeat(64)))).unwrap();
    let unknown = stranger.me().await.unwrap_err();
    assert_eq!(
        (unknown.status(), unknown.code()),
        (Some(401), "unauthorised")
    );
    assert_eq!(
        server.anonymous().me().await.unwrap_err().code(),
        "no_token",
        "the client will not send a write without a token"
    );
}

#[tokio::test]
async fn only_the_hash_of_a_token_is_stored() {
    let server = TestServer::start(Db::Sqlite).await;
    let adur = server.account("Adur District Council", None).await;
    adur.client.me().await.unwrap();
    let dir = server.stop().await;
    let folder = dir.path();
    let secret = adur.token.trim_start_matches("pl_").as_bytes().to_vec();
    let hash = pipeline::token::hash(&adur.token);
    let mut found_hash = false;
    for entry in std::fs::read_dir(folder).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        assert!(
            !bytes.windows(secret.len()).any(|w| w == secret.as_slice()),
            "the token itself is in a database file"
        );
        found_hash |= bytes.windows(hash.len()).any(|w| w == hash.as_bytes());
    }
    assert!(
        found_hash,
        "the token's hash should be stored, so the search above looked in the right files"
    );
}

#[tokio::test]
async fn an_edited_migration_is_refused() {
    let (url, _dir) = crate::support::database(Db::Sqlite).await;
    pipeline::Store::open(&url, crate::support::start_time())
        .await
        .unwrap();
    let conn = rusqlite::Connection::open(&url).unwrap();
    conn.execute(
        "UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1",
        [],
    )
    .unwrap();
    drop(conn);
    let error = pipeline::Store::open(&url, crate::support::start_time())
        .await
        .unwrap_err();
    assert!(
        error
            .to_string()
            .contains("Migration 1 (directory) has changed"),
        "{error}"
    );
}

#[tokio::test]
async fn a_directory_made_by_the_first_schema_is_brought_up_to_date() {
    use sha2::Digest;
    let (url, _dir) = crate::support::database(Db::Sqlite).await;
    let first = include_str!("../migrations/sqlite/0001_directory.sql");
    let conn = rusqlite::Connection::open(&url).unwrap();
    conn.execute_batch(
        "CREATE TABLE schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at BIGINT NOT NULL)",
    )
    .unwrap();
    conn.execute_batch(first).unwrap();
    let checksum: String = sha2::Sha256::digest(first.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    conn.execute(
        "INSERT INTO schema_migrations VALUES (1, 'directory', ?1, 0)",
        [checksum],
    )
    .unwrap();
    // A listing published under that schema: it names Cardiff, which never confirmed, and its
    // contact's address was published without being asked.
    conn.execute_batch(
        "INSERT INTO organisations VALUES ('0190f5a0-0000-7000-8000-000000000001', 'Worthing Borough Council', 'district', 'E07000229', 0);
         INSERT INTO listings VALUES (1, '0190f5a0-0000-7000-8000-0000000000aa', '0190f5a0-0000-7000-8000-000000000001', NULL,
           'Old bins', '', '', 'alpha', 'active', 'open_to_conversation', NULL, 0, NULL, NULL,
           '{\"name\":\"Jo\",\"email\":\"jo@worthing.gov.uk\",\"job_title\":\"\",\"department\":\"\"}',
           '[{\"name\":\"Cardiff Council\",\"kind\":\"unitary\",\"gss_code\":\"W06000015\",\"role\":\"partner\"}]', '[]', 0, 0);
         INSERT INTO listing_places VALUES ('nation:wales', 1), ('nation:england', 1), ('region:south east', 1);
         INSERT INTO memberships VALUES (1, '0190f5a0-0000-7000-8000-000000000001', 'lead', 0);",
    )
    .unwrap();
    drop(conn);

    let store = pipeline::Store::open(&url, crate::support::start_time())
        .await
        .unwrap();
    let old = store
        .listing("0190f5a0-0000-7000-8000-0000000000aa".parse().unwrap())
        .await
        .unwrap();
    assert_eq!(
        old.contact.unwrap().email,
        "",
        "no address was chosen to be published"
    );
    assert_eq!(
        old.organisations[0].confirmation,
        pipeline_protocol::Confirmation::Invited
    );
    let in_wales = store
        .search(&pipeline_protocol::SearchQuery {
            nation: Some(pipeline_protocol::Nation::Wales),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(in_wales.listings.is_empty(), "{in_wales:?}");
    let in_south_east = store
        .search(&pipeline_protocol::SearchQuery {
            region: Some("South East".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(
        in_south_east.listings.len(),
        1,
        "the publisher's own place stays"
    );
    let org = store
        .create_organisation(
            "Adur District Council",
            pipeline_protocol::OrganisationKind::District,
            None,
            crate::support::start_time(),
        )
        .await
        .unwrap();
    let actor = pipeline::Actor {
        user_id: uuid::Uuid::now_v7(),
        organisation: org,
    };
    let draft = crate::support::draft(
        "Missed bins",
        "",
        &["waste"],
        pipeline_protocol::Phase::Alpha,
    );
    store
        .publish(&actor, draft, crate::support::start_time())
        .await
        .unwrap();
    let found = store
        .search(&pipeline_protocol::SearchQuery::default().with_tag("waste"))
        .await
        .unwrap();
    assert_eq!(found.listings.len(), 1);
    let conn = rusqlite::Connection::open(&url).unwrap();
    let versions: i64 = conn
        .query_row("SELECT MAX(version) FROM schema_migrations", [], |r| {
            r.get(0)
        })
        .unwrap();
    let index: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM sqlite_master WHERE name = 'listings_for_search'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let sync: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM sqlite_master WHERE name = 'sync_ops'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!((versions, index, sync), (5, 1, 1));
}
