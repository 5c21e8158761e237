//! Limits that hold: rate limits (429 with Retry-After), a slow client dropped, the connection
//! cap, every list and number bounded with a refusal naming the limit, and text the databases
//! cannot keep refused before it reaches them.

use std::net::{IpAddr, Ipv4Addr};
use std::time::{Duration, Instant};

use pipeline::Limits;
use pipeline::http::Rate;
use pipeline_protocol::sync::SyncRole;
use pipeline_protocol::{ApiError, ErrorCode, Phase};
use reqwest::StatusCode;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::support::{Db, TestServer, draft};

on_both!(
    a_burst_over_a_limit_is_refused_and_others_are_still_served,
    every_list_and_number_is_bounded,
    a_nul_character_is_refused_before_the_database
);

/// The status and JSON error of a refused request.
async fn refusal(response: reqwest::Response) -> (StatusCode, ApiError) {
    let status = response.status();
    let text = response.text().await.unwrap();
    let error = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{status}: not a JSON error ({e}): {text}"));
    (status, error)
}

/// A client whose connections come from another loopback address, as another computer's would.
fn from_elsewhere() -> reqwest::Client {
    // The crypto provider reqwest needs (which `TestServer::raw` also installs): without it,
    // this test failed when run alone or before any other had installed it.
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .local_address(IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2)))
        .build()
        .unwrap()
}

async fn a_burst_over_a_limit_is_refused_and_others_are_still_served(db: Db) {
    let limits = Limits {
        per_address: Rate::new(1, 20),
        per_token: Rate::new(1, 5),
        ..Limits::default()
    };
    let server = TestServer::start_with(db, limits).await;
    let adur = server.account("Adur District Council", None).await;
    let worthing = server.account("Worthing Borough Council", None).await;

    // One token's burst: five requests, then 429 naming the token's limit.
    let mut statuses = Vec::new();
    for _ in 0..7 {
        let response = from_elsewhere()
            .get(server.at("v1/me"))
            .bearer_auth(&adur.token)
            .send()
            .await
            .unwrap();
        statuses.push(response.status());
        if response.status() == StatusCode::TOO_MANY_REQUESTS {
            let wait: u64 = response.headers()["retry-after"]
                .to_str()
                .unwrap()
                .parse()
                .unwrap();
            assert!((1..=2).contains(&wait), "Retry-After {wait}");
            let (_, error) = refusal(response).await;
            assert_eq!(error.code, ErrorCode::RateLimited);
            assert!(
                error.message.contains("with this token")
                    && error.message.contains("1 requests a second (bursts of 5)"),
                "{}",
                error.message
            );
            break;
        }
    }
    assert!(
        statuses[..5].iter().all(|s| *s == StatusCode::OK)
            && statuses.last() == Some(&StatusCode::TOO_MANY_REQUESTS),
        "{statuses:?}"
    );
    // Another token from the same address is still served.
    assert_eq!(worthing.client.me().await.unwrap().user, worthing.user);

    // One address's burst: twenty requests (those above, from another address, not counted).
    let raw = server.raw();
    let mut refused = None;
    for n in 0..40 {
        let response = raw.get(server.at("v1/listings")).send().await.unwrap();
        if response.status() == StatusCode::TOO_MANY_REQUESTS {
            refused = Some((n, refusal(response).await.1));
            break;
        }
        assert_eq!(response.status(), StatusCode::OK);
    }
    let (n, error) = refused.expect("a burst over the address's limit was never refused");
    assert!(n >= 18, "refused after only {n} requests");
    assert!(
        error.message.contains("from this address"),
        "{}",
        error.message
    );
    // Meanwhile another address is served as before.
    let other = from_elsewhere()
        .get(server.at("v1/listings"))
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), StatusCode::OK);
}

/// Sends `at_once`, then `slowly` a byte at a time (every 200 ms); returns what the server
/// answered, once it closed the connection, and how long that took.
async fn trickle(address: &str, at_once: &[u8], slowly: &[u8]) -> (String, Duration) {
    let started = Instant::now();
    let mut stream = TcpStream::connect(address).await.unwrap();
    stream.write_all(at_once).await.unwrap();
    let mut answer = Vec::new();
    let mut buf = [0u8; 4096];
    let mut bytes = slowly.iter().copied();
    loop {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the slow client was never dropped; it saw {:?}",
            String::from_utf8_lossy(&answer)
        );
        // Send a byte while there are bytes to send and the server has not closed.
        if let Some(byte) = bytes.next()
            && stream.write_all(&[byte]).await.is_err()
        {
            break;
        }
        match tokio::time::timeout(Duration::from_millis(200), stream.read(&mut buf)).await {
            Ok(Ok(0) | Err(_)) => break,
            Ok(Ok(n)) => answer.extend_from_slice(&buf[..n]),
            Err(_) => {}
        }
    }
    (
        String::from_utf8_lossy(&answer).into_owned(),
        started.elapsed(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_client_is_dropped_and_others_are_served() {
    let limits = Limits {
        header_timeout: Duration::from_secs(1),
        request_timeout: Duration::from_secs(2),
        ..Limits::default()
    };
    let server = TestServer::start_with(Db::Sqlite, limits).await;
    let adur = server.account("Adur District Council", None).await;
    let address = server.address();

    // Headers a byte at a time (they would take 10 s): the connection is closed after about 1 s.
    let headers = trickle(
        &address,
        b"",
        b"GET /healthz HTTP/1.1\r\nHost: pipeline.test\r\nAccept: */*\r\n\r\n",
    );
    // A body a byte at a time, under good headers: 408 after about 2 s, and closed.
    let body_head = format!(
        "POST /v1/feed/seen HTTP/1.1\r\nHost: pipeline.test\r\nAuthorization: Bearer {}\r\n\
         Content-Type: application/json\r\nContent-Length: 40\r\n\r\n",
        adur.token
    );
    let body = trickle(
        &address,
        body_head.as_bytes(),
        br#"{"until": 1}                            "#,
    );
    // Meanwhile the server answers everyone else at once.
    let others = async {
        for _ in 0..5 {
            assert_eq!(server.anonymous().health().await.unwrap().status, "ok");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    };
    let ((head_answer, head_took), (body_answer, body_took), ()) =
        tokio::join!(headers, body, others);
    assert!(
        head_took < Duration::from_secs(5) && !head_answer.contains("200 OK"),
        "headers: {head_took:?} {head_answer:?}"
    );
    assert!(
        body_took < Duration::from_secs(6)
            && body_answer.starts_with("HTTP/1.1 408")
            && body_answer.contains("\"code\":\"timeout\""),
        "body: {body_took:?} {body_answer:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_past_the_cap_are_told_the_server_is_busy() {
    let limits = Limits {
        max_connections: 2,
        ..Limits::default()
    };
    let server = TestServer::start_with(Db::Sqlite, limits).await;
    let address = server.address();
    let get = b"GET /healthz HTTP/1.1\r\nHost: pipeline.test\r\nConnection: close\r\n\r\n";
    let ask = |address: String| async move {
        let mut stream = TcpStream::connect(&address).await.unwrap();
        let _ = stream.write_all(get).await;
        let mut answer = String::new();
        let _ =
            tokio::time::timeout(Duration::from_secs(10), stream.read_to_string(&mut answer)).await;
        answer
    };
    // Two connections that say nothing hold both places.
    let first = TcpStream::connect(&address).await.unwrap();
    let _second = TcpStream::connect(&address).await.unwrap();
    let answer = ask(address.clone()).await;
    assert!(
        answer.starts_with("HTTP/1.1 503") && answer.contains("\"code\":\"busy\""),
        "{answer}"
    );
    assert!(answer.contains("Retry-After: 1"), "{answer}");
    // One closes: a place is free again.
    drop(first);
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let answer = ask(address.clone()).await;
        if answer.starts_with("HTTP/1.1 200") {
            break;
        }
        assert!(Instant::now() < deadline, "no place came free: {answer}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn every_list_and_number_is_bounded(db: Db) {
    let server = TestServer::start(db).await;
    let adur = server
        .account("Adur District Council", Some("E07000223"))
        .await;
    let id = adur
        .client
        .publish(&draft(
            "Bins",
            "Shared waste rounds",
            &["waste"],
            Phase::Alpha,
        ))
        .await
        .unwrap();
    let raw = server.raw();
    let get = |path: String| {
        let raw = raw.clone();
        let address = server.at(&path);
        let token = adur.token.clone();
        async move { raw.get(address).bearer_auth(token).send().await.unwrap() }
    };

    // Paging: at each limit fine, one past it refused naming the field and the limit.
    let updates = format!("v1/listings/{id}/updates?limit=");
    for (path, field, limit) in [
        ("v1/listings?offset=", "offset", 10_000),
        ("v1/listings?limit=", "limit", 100),
        ("v1/feed?limit=", "limit", 100),
        ("api/project?limit=", "limit", 100),
        (updates.as_str(), "limit", 100),
    ] {
        let at = get(format!("{path}{limit}")).await;
        assert_eq!(at.status(), StatusCode::OK, "{path}{limit}");
        let (status, error) = refusal(get(format!("{path}{}", limit + 1)).await).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{path}");
        assert_eq!(error.field.as_deref(), Some(field), "{path}");
        assert!(
            error.message.contains(&limit.to_string()),
            "{path}: {}",
            error.message
        );
    }
    // Numbers far out of range are refused, never a panic or a 5xx.
    for path in [
        "v1/listings?offset=4294967295",
        "v1/listings?offset=99999999999999999999",
        "v1/listings?limit=-1",
        "v1/feed?limit=4294967295",
        "api/project?after=99999999999999999999",
    ] {
        let status = get(path.to_string()).await.status();
        assert!(status.is_client_error(), "{path}: {status}");
    }
    for path in [
        "api/project?after=-9223372036854775808",
        "api/project?after=9223372036854775807",
        "api/project/9223372036854775807",
    ] {
        let status = get(path.to_string()).await.status();
        assert!(
            status == StatusCode::OK || status == StatusCode::NOT_FOUND,
            "{path}: {status}"
        );
    }

    // Status updates: 1,000 a listing.
    let number = server
        .scalar(&format!("SELECT number FROM listings WHERE id = '{id}'"))
        .await;
    server
        .exec(&format!(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 999) \
             INSERT INTO status_updates (id, listing, organisation_id, text, posted_at) \
             SELECT '00000000-0000-7000-8000-' || (100000000000 + i), {number}, '{}', 'Earlier news', i FROM n",
            adur.organisation.id
        ))
        .await;
    adur.client.post_update(id, "The thousandth").await.unwrap();
    let over = adur
        .client
        .post_update(id, "One too many")
        .await
        .unwrap_err();
    assert_eq!(over.status(), Some(409), "{over}");
    assert!(over.to_string().contains("(1000)"), "{over}");
    assert_eq!(adur.client.updates(id).await.unwrap().len(), 100);

    // Tag subscriptions: 200 a user; one already held may be asked for again.
    server
        .exec(&format!(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 199) \
             INSERT INTO subscriptions (user_id, tag, since) SELECT '{}', 'tag-' || i, i FROM n",
            adur.user
        ))
        .await;
    adur.client.subscribe("waste").await.unwrap();
    let over = adur.client.subscribe("bins").await.unwrap_err();
    assert_eq!(over.status(), Some(409), "{over}");
    assert!(over.to_string().contains("(200)"), "{over}");
    adur.client.subscribe("waste").await.unwrap();
    adur.client.unsubscribe("tag-1").await.unwrap();
    adur.client.subscribe("bins").await.unwrap();

    // Members of a shared project: 100.
    let project = uuid::Uuid::now_v7();
    adur.client.sync_start(project).await.unwrap();
    server
        .exec(&format!(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 99) \
             INSERT INTO organisations (id, name, kind, gss_code, created_at) SELECT '00000000-0000-7000-9000-' || (100000000000 + i), 'Council ' || i, 'district', NULL, 0 FROM n; \
             WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 99) \
             INSERT INTO sync_members (project, organisation_id, role, since, removed_at) SELECT '{project}', '00000000-0000-7000-9000-' || (100000000000 + i), 'partner', 0, NULL FROM n;"
        ))
        .await;
    let worthing = server.account("Worthing Borough Council", None).await;
    let over = adur
        .client
        .sync_admit(project, worthing.organisation.id, SyncRole::Partner)
        .await
        .unwrap_err();
    assert_eq!(over.status(), Some(409), "{over}");
    assert!(over.to_string().contains("(100)"), "{over}");
    assert_eq!(adur.client.sync_members(project).await.unwrap().len(), 100);
}

async fn a_nul_character_is_refused_before_the_database(db: Db) {
    let server = TestServer::start(db).await;
    let adur = server.account("Adur District Council", None).await;
    let raw = server.raw();
    let body = serde_json::json!({
        "title": "Bins\u{0}", "phase": "alpha", "collaboration_level": "share_ideas",
        "contact": {"name": "Jo\u{0}", "email": "jo@adur.gov.uk"}
    });
    let response = raw
        .post(server.at("v1/listings"))
        .bearer_auth(&adur.token)
        .json(&body)
        .send()
        .await
        .unwrap();
    let (status, error) = refusal(response).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error:?}");
    assert_eq!(error.field.as_deref(), Some("title"));
    for (method, path) in [
        (reqwest::Method::PUT, "v1/subscriptions/bins%00"),
        (reqwest::Method::GET, "v1/listings?q=bins%00"),
        (reqwest::Method::GET, "api/project/1%00"),
    ] {
        let response = raw
            .request(method.clone(), server.at(path))
            .bearer_auth(&adur.token)
            .send()
            .await
            .unwrap();
        let (status, error) = refusal(response).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{path}: {error:?}"
        );
        assert!(error.message.contains("NUL"), "{path}: {}", error.message);
    }
    assert_eq!(server.scalar("SELECT COUNT(*) FROM listings").await, 0);
    assert_eq!(server.scalar("SELECT COUNT(*) FROM subscriptions").await, 0);
    // A backslash and a "u0000" that are only text are kept as they are.
    let mut kept = draft("Escapes \\u0000 in text", "", &[], Phase::Alpha);
    kept.problem = "A literal \\u0000".into();
    let id = adur.client.publish(&kept).await.unwrap();
    assert_eq!(
        adur.client.listing(id).await.unwrap().title,
        "Escapes \\u0000 in text"
    );
}
