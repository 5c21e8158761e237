//! Sync spaces over real HTTP (sync.md §6): sharing and membership, push idempotency and the
//! 409, pull pages at their boundaries, observers, non-members, the clock-skew bound, and
//! concurrent pushes that never skip or repeat a seq. Every scenario runs on both databases.

use std::collections::BTreeSet;
use std::sync::Mutex;

use chrono::{DateTime, Duration, Utc};
use pipeline::store::SyncSettings;
use pipeline::{AppState, Clock, Store};
use pipeline_protocol::sync::{
    PullPage, PulledOp, PushResponse, PushStatus, SyncError, SyncErrorCode, SyncMember, SyncRole,
    SyncSpace, SyncStatus, body_hash,
};
use pipeline_protocol::{ApiError, ErrorCode, OrganisationKind};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use tokio::sync::oneshot;
use uuid::Uuid;

use crate::support::{Db, database, start_time};

on_both!(
    sharing_and_membership,
    pages_at_their_boundaries,
    a_retried_push_is_a_duplicate_and_other_content_is_refused,
    observers_and_non_members,
    a_clock_too_far_ahead_is_refused_and_a_stamp_from_the_future_is_clamped,
    concurrent_pushes_never_skip_or_repeat_a_seq,
    the_routes_are_documented,
    serve_takes_the_sync_flags,
    one_op_by_its_id,
    accepting_a_join_request_admits_to_the_shared_workspace,
);

/// A server on `127.0.0.1:0` with its sync settings, and a way to make accounts.
struct SyncServer {
    url: String,
    store: Store,
    state: AppState,
    stop: Option<oneshot::Sender<()>>,
    _dir: tempfile::TempDir,
}

impl Drop for SyncServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// An organisation's user and token.
struct Org {
    id: Uuid,
    token: String,
}

impl SyncServer {
    async fn start(db: Db, settings: SyncSettings) -> SyncServer {
        let (url, dir) = database(db).await;
        let store = Store::open(&url, start_time())
            .await
            .expect("opening the test database");
        let state = AppState::new(store.clone(), Clock::Fixed(Mutex::new(start_time())))
            .with_sync_settings(settings);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let (stop, stopped) = oneshot::channel::<()>();
        tokio::spawn(pipeline::serve(listener, state.clone(), async {
            let _ = stopped.await;
        }));
        SyncServer {
            url: format!("http://{address}"),
            store,
            state,
            stop: Some(stop),
            _dir: dir,
        }
    }

    fn now(&self) -> DateTime<Utc> {
        self.state.clock.now()
    }

    async fn org(&self, name: &str) -> Org {
        let org = self
            .store
            .create_organisation(name, OrganisationKind::District, None, self.now())
            .await
            .unwrap();
        let user = self
            .store
            .create_user(org.id, "Test Officer", "officer@example.gov.uk", self.now())
            .await
            .unwrap();
        let (_, token) = self
            .store
            .create_token(user, "test", self.now())
            .await
            .unwrap();
        Org { id: org.id, token }
    }

    /// Sends a request and returns its status and JSON body (Null when there is none).
    async fn call(
        &self,
        method: Method,
        path: &str,
        who: &Org,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let client = http();
        let mut request = client
            .request(method, format!("{}{path}", self.url))
            .bearer_auth(&who.token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status();
        let text = response.text().await.unwrap();
        let value = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("{status}: not JSON ({e}): {text}"))
        };
        (status, value)
    }

    async fn ok<T: serde::de::DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        who: &Org,
        body: Option<Value>,
    ) -> T {
        let (status, value) = self.call(method.clone(), path, who, body).await;
        assert!(status.is_success(), "{method} {path}: {status} {value}");
        serde_json::from_value(value).unwrap()
    }

    async fn refused(
        &self,
        method: Method,
        path: &str,
        who: &Org,
        body: Option<Value>,
    ) -> (StatusCode, SyncError) {
        let (status, value) = self.call(method.clone(), path, who, body).await;
        let error: SyncError = serde_json::from_value(value.clone()).unwrap_or_else(|e| {
            panic!("{method} {path}: {status} is not a sync error ({e}): {value}")
        });
        assert_eq!(status.as_u16(), error.code.status(), "{value}");
        (status, error)
    }

    /// Shares a project led by `lead`, and returns its id and log id.
    async fn share(&self, lead: &Org) -> (Uuid, Uuid) {
        let project = Uuid::now_v7();
        let (status, value) = self
            .call(
                Method::PUT,
                &format!("/v1/sync/projects/{project}"),
                lead,
                None,
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{value}");
        let status: SyncStatus = serde_json::from_value(value).unwrap();
        (project, status.log_id)
    }

    async fn admit(&self, lead: &Org, project: Uuid, org: &Org, role: &str) -> SyncMember {
        self.ok(
            Method::PUT,
            &format!("/v1/sync/projects/{project}/members/{}", org.id),
            lead,
            Some(json!({ "role": role })),
        )
        .await
    }

    async fn push(
        &self,
        who: &Org,
        project: Uuid,
        log_id: Uuid,
        ops: &[(Uuid, String)],
    ) -> (StatusCode, Value) {
        let body = push_body(log_id, self.now(), ops);
        self.call(
            Method::POST,
            &format!("/v1/sync/projects/{project}/ops"),
            who,
            Some(body),
        )
        .await
    }

    async fn pushed(
        &self,
        who: &Org,
        project: Uuid,
        log_id: Uuid,
        ops: &[(Uuid, String)],
    ) -> PushResponse {
        let (status, value) = self.push(who, project, log_id, ops).await;
        assert_eq!(status, StatusCode::OK, "{value}");
        serde_json::from_value(value).unwrap()
    }

    async fn pull(&self, who: &Org, project: Uuid, query: &str) -> PullPage {
        self.ok(
            Method::GET,
            &format!("/v1/sync/projects/{project}/ops?{query}"),
            who,
            None,
        )
        .await
    }

    /// Every op after `after`, page by page; checks that the pages join without a gap.
    async fn pull_all(&self, who: &Org, project: Uuid, limit: u32) -> Vec<i64> {
        let mut seqs = Vec::new();
        let mut after = 0;
        loop {
            let page = self
                .pull(who, project, &format!("after={after}&limit={limit}"))
                .await;
            for op in &page.ops {
                assert_eq!(op.seq, after + 1, "no gap, no repeat");
                assert_eq!(op.hash, body_hash(&op.body));
                after = op.seq;
                seqs.push(op.seq);
            }
            assert_eq!(page.next_after, after);
            if !page.has_more {
                assert_eq!(page.head_seq, after, "the last page reaches the head");
                return seqs;
            }
            assert!(!page.ops.is_empty(), "a page with more to come holds ops");
        }
    }
}

/// An HTTP client (reqwest built without a default TLS provider needs one chosen first).
fn http() -> reqwest::Client {
    static PROVIDER: std::sync::OnceLock<()> = std::sync::OnceLock::new();
    PROVIDER.get_or_init(|| {
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
    reqwest::Client::new()
}

fn push_body(log_id: Uuid, client_time: DateTime<Utc>, ops: &[(Uuid, String)]) -> Value {
    let ops: Vec<Value> = ops
        .iter()
        .map(|(id, body)| json!({ "op_id": id, "hlc": hlc(client_time), "body": body }))
        .collect();
    json!({ "log_id": log_id, "client_time": client_time, "ops": ops })
}

fn hlc(at: DateTime<Utc>) -> String {
    format!("{:015}-{:06}-4be0c3a1", at.timestamp_millis(), 0)
}

/// `n` new ops with bodies that name them.
fn ops(n: usize, tag: &str) -> Vec<(Uuid, String)> {
    (0..n)
        .map(|i| {
            (
                Uuid::now_v7(),
                format!("{{\"format\":1,\"summary\":\"{tag} {i}\"}}"),
            )
        })
        .collect()
}

fn settings(page_ops: u32) -> SyncSettings {
    SyncSettings {
        page_ops,
        ..SyncSettings::default()
    }
}

async fn sharing_and_membership(db: Db) {
    let server = SyncServer::start(db, SyncSettings::default()).await;
    let adur = server.org("Adur District Council").await;
    let worthing = server.org("Worthing Borough Council").await;
    let arun = server.org("Arun District Council").await;
    let (project, log_id) = server.share(&adur).await;
    let path = format!("/v1/sync/projects/{project}");

    // The lead links another copy: 200, the same log.
    let (status, value) = server.call(Method::PUT, &path, &adur, None).await;
    assert_eq!(status, StatusCode::OK, "{value}");
    let linked: SyncStatus = serde_json::from_value(value).unwrap();
    assert_eq!(
        (linked.log_id, linked.head_seq, linked.op_at, linked.you),
        (log_id, 0, None, SyncRole::Lead)
    );
    assert_eq!(linked.max_clock_skew_ms, 300_000);
    assert_eq!(linked.limits.page_ops, 500);
    assert_eq!(linked.server_time, server.now());
    // The server keeps one identity.
    let again: SyncStatus = server.ok(Method::GET, &path, &adur, None).await;
    assert_eq!(again.server_id, linked.server_id);

    // Another organisation cannot start sharing the same project, or read it.
    let (_, error) = server.refused(Method::PUT, &path, &worthing, None).await;
    assert_eq!(error.code, SyncErrorCode::ProjectExists);
    assert!(
        error.message.contains("Adur District Council"),
        "{}",
        error.message
    );
    let (_, error) = server.refused(Method::GET, &path, &worthing, None).await;
    assert_eq!(error.code, SyncErrorCode::NotAMember);

    // A project listed by another organisation cannot be shared by a third.
    let listed = Uuid::now_v7();
    let mut draft = crate::support::draft("Missed bins", "", &[], pipeline_protocol::Phase::Alpha);
    draft.workspace_id = Some(listed);
    let actor = server.store.actor(&arun.token).await.unwrap();
    server
        .store
        .publish(&actor, draft, server.now())
        .await
        .unwrap();
    let (_, error) = server
        .refused(
            Method::PUT,
            &format!("/v1/sync/projects/{listed}"),
            &worthing,
            None,
        )
        .await;
    assert_eq!(error.code, SyncErrorCode::ProjectExists);
    assert!(
        error.message.contains("Arun District Council"),
        "{}",
        error.message
    );
    let (status, _) = server
        .call(
            Method::PUT,
            &format!("/v1/sync/projects/{listed}"),
            &arun,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "the listing's owner may");

    // The lead admits, changes a role, and removes.
    let member = server.admit(&adur, project, &worthing, "partner").await;
    assert_eq!(
        (member.organisation.name.as_str(), member.role),
        ("Worthing Borough Council", SyncRole::Partner)
    );
    let member = server.admit(&adur, project, &worthing, "observer").await;
    assert_eq!(member.role, SyncRole::Observer);
    let spaces: Vec<SyncSpace> = server
        .ok(Method::GET, "/v1/sync/projects", &worthing, None)
        .await;
    assert_eq!(spaces.len(), 1);
    assert_eq!(
        (spaces[0].project, spaces[0].role, spaces[0].lead.id),
        (project, SyncRole::Observer, adur.id)
    );
    let members: Vec<SyncMember> = server
        .ok(Method::GET, &format!("{path}/members"), &worthing, None)
        .await;
    assert_eq!(
        members
            .iter()
            .map(|m| (m.organisation.id, m.role))
            .collect::<Vec<_>>(),
        vec![(adur.id, SyncRole::Lead), (worthing.id, SyncRole::Observer)]
    );
    let (status, _) = server.call(Method::PUT, &path, &worthing, None).await;
    assert_eq!(status, StatusCode::OK, "a member links its copy");

    // Only the lead changes membership; the lead's own place cannot change.
    let (status, value) = server
        .call(
            Method::PUT,
            &format!("{path}/members/{}", arun.id),
            &worthing,
            Some(json!({ "role": "partner" })),
        )
        .await;
    let error: ApiError = serde_json::from_value(value).unwrap();
    assert_eq!(
        (status, error.code),
        (StatusCode::FORBIDDEN, ErrorCode::Forbidden)
    );
    for (method, body) in [
        (Method::PUT, Some(json!({ "role": "observer" }))),
        (Method::DELETE, None),
    ] {
        let (status, value) = server
            .call(method, &format!("{path}/members/{}", adur.id), &adur, body)
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{value}");
    }
    let (status, _) = server
        .call(
            Method::PUT,
            &format!("{path}/members/{}", arun.id),
            &adur,
            Some(json!({ "role": "lead" })),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "one lead");
    let (status, _) = server
        .call(
            Method::PUT,
            &format!("{path}/members/{}", Uuid::now_v7()),
            &adur,
            Some(json!({ "role": "partner" })),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // A removed organisation reads nothing and sends nothing; what it sent stays.
    server.admit(&adur, project, &worthing, "partner").await;
    server
        .pushed(&worthing, project, log_id, &ops(2, "worthing"))
        .await;
    let (status, _) = server
        .call(
            Method::DELETE,
            &format!("{path}/members/{}", worthing.id),
            &adur,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = server
        .call(
            Method::DELETE,
            &format!("{path}/members/{}", worthing.id),
            &adur,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "already removed");
    for (method, route) in [
        (Method::GET, path.clone()),
        (Method::GET, format!("{path}/ops")),
        (Method::GET, format!("{path}/members")),
    ] {
        let (status, value) = server.call(method, &route, &worthing, None).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{route}: {value}");
        assert_eq!(value["code"], "not_a_member");
        assert!(
            !value.to_string().contains("worthing 0"),
            "no op body reaches a non-member"
        );
    }
    let (_, error) = server
        .refused(
            Method::POST,
            &format!("{path}/ops"),
            &worthing,
            Some(push_body(log_id, server.now(), &ops(1, "late"))),
        )
        .await;
    assert_eq!(error.code, SyncErrorCode::NotAMember);
    assert!(
        server
            .ok::<Vec<SyncSpace>>(Method::GET, "/v1/sync/projects", &worthing, None)
            .await
            .is_empty()
    );
    assert_eq!(server.pull_all(&adur, project, 500).await, vec![1, 2]);

    // Re-admitted, it reads again.
    server.admit(&adur, project, &worthing, "partner").await;
    assert_eq!(
        server.pull(&worthing, project, "after=0").await.ops.len(),
        2
    );
}

async fn pages_at_their_boundaries(db: Db) {
    const N: u32 = 3;
    let server = SyncServer::start(db, settings(N)).await;
    let adur = server.org("Adur District Council").await;
    let (project, log_id) = server.share(&adur).await;

    // 0 ops.
    let page = server.pull(&adur, project, "after=0").await;
    assert_eq!(
        (
            page.ops.len(),
            page.has_more,
            page.next_after,
            page.head_seq,
            page.log_id
        ),
        (0, false, 0, 0, log_id)
    );

    // 1 op.
    server.pushed(&adur, project, log_id, &ops(1, "one")).await;
    let page = server.pull(&adur, project, "after=0").await;
    assert_eq!(
        (
            page.ops.len(),
            page.has_more,
            page.next_after,
            page.head_seq
        ),
        (1, false, 1, 1)
    );
    let empty = server.pull(&adur, project, "after=1").await;
    assert_eq!(
        (empty.ops.len(), empty.has_more, empty.next_after),
        (0, false, 1)
    );

    // Exactly one page: N ops, nothing more.
    server
        .pushed(&adur, project, log_id, &ops(N as usize - 1, "page"))
        .await;
    let page = server.pull(&adur, project, "after=0").await;
    assert_eq!(
        (
            page.ops.len(),
            page.has_more,
            page.next_after,
            page.head_seq
        ),
        (N as usize, false, 3, 3)
    );
    assert_eq!(server.pull_all(&adur, project, N).await, vec![1, 2, 3]);

    // One page plus one.
    server
        .pushed(&adur, project, log_id, &ops(1, "plus one"))
        .await;
    let first = server.pull(&adur, project, "after=0").await;
    assert_eq!(
        (
            first.ops.len(),
            first.has_more,
            first.next_after,
            first.head_seq
        ),
        (N as usize, true, 3, 4)
    );
    let second = server
        .pull(&adur, project, &format!("after={}", first.next_after))
        .await;
    assert_eq!(
        (second.ops.len(), second.has_more, second.next_after),
        (1, false, 4)
    );
    assert_eq!(
        second.ops[0].body,
        "{\"format\":1,\"summary\":\"plus one 0\"}"
    );

    // Exactly two pages, walked with every page size.
    server
        .pushed(&adur, project, log_id, &ops(2, "two pages"))
        .await;
    for limit in 1..=N + 1 {
        assert_eq!(
            server.pull_all(&adur, project, limit).await,
            (1..=6).collect::<Vec<_>>(),
            "limit {limit}"
        );
    }

    // The limit is clamped to [1, N].
    let page = server.pull(&adur, project, "after=0&limit=0").await;
    assert_eq!((page.ops.len(), page.has_more), (1, true));
    let page = server.pull(&adur, project, "after=0&limit=1000").await;
    assert_eq!(page.ops.len(), N as usize);
    let (status, _) = server
        .call(
            Method::GET,
            &format!("/v1/sync/projects/{project}/ops?after=-1"),
            &adur,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = server
        .call(
            Method::GET,
            &format!("/v1/sync/projects/{project}/ops?after=x"),
            &adur,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    // The status names the head op.
    let status: SyncStatus = server
        .ok(
            Method::GET,
            &format!("/v1/sync/projects/{project}"),
            &adur,
            None,
        )
        .await;
    let last = server
        .pull(&adur, project, "after=5")
        .await
        .ops
        .pop()
        .unwrap();
    assert_eq!(
        status.op_at.map(|a| (a.seq, a.op_id)),
        Some((6, last.op_id))
    );
    assert_eq!(status.limits.page_ops, N);
}

async fn a_retried_push_is_a_duplicate_and_other_content_is_refused(db: Db) {
    let server = SyncServer::start(db, SyncSettings::default()).await;
    let adur = server.org("Adur District Council").await;
    let (project, log_id) = server.share(&adur).await;
    let batch = ops(2, "first");

    let first = server.pushed(&adur, project, log_id, &batch).await;
    assert_eq!(
        first
            .results
            .iter()
            .map(|r| (r.op_id, r.seq, r.status))
            .collect::<Vec<_>>(),
        vec![
            (batch[0].0, 1, PushStatus::Stored),
            (batch[1].0, 2, PushStatus::Stored)
        ]
    );
    assert_eq!(first.head_seq, 2);
    assert_eq!(first.results[0].received_at, server.now());

    // "Committed, but the client never heard": the retry is harmless, later too.
    server.state.clock.advance(Duration::minutes(3));
    let retry = server.pushed(&adur, project, log_id, &batch).await;
    assert_eq!(
        retry
            .results
            .iter()
            .map(|r| (r.seq, r.status))
            .collect::<Vec<_>>(),
        vec![(1, PushStatus::Duplicate), (2, PushStatus::Duplicate)]
    );
    assert_eq!(
        retry.results[0].received_at, first.results[0].received_at,
        "the original stamps"
    );
    assert_eq!(retry.head_seq, 2);

    // A retry with one new op: the new one takes the next seq.
    let more = ops(1, "second");
    let mixed = server
        .pushed(&adur, project, log_id, &[batch[1].clone(), more[0].clone()])
        .await;
    assert_eq!(
        mixed
            .results
            .iter()
            .map(|r| (r.seq, r.status))
            .collect::<Vec<_>>(),
        vec![(2, PushStatus::Duplicate), (3, PushStatus::Stored)]
    );

    // The same id with other content refuses the whole batch, loudly; nothing is stored.
    let changed = (
        batch[0].0,
        "{\"format\":1,\"summary\":\"tampered\"}".to_string(),
    );
    let innocent = ops(1, "innocent");
    let (status, value) = server
        .push(&adur, project, log_id, &[innocent[0].clone(), changed])
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{value}");
    let error: SyncError = serde_json::from_value(value).unwrap();
    assert_eq!(
        (error.code, error.op_ids),
        (SyncErrorCode::OpConflict, vec![batch[0].0])
    );
    let page = server.pull(&adur, project, "after=0").await;
    assert_eq!(page.head_seq, 3);
    assert_eq!(page.ops[0].body, batch[0].1, "the stored op is untouched");
    assert!(page.ops.iter().all(|o| o.op_id != innocent[0].0));

    // Another log id is refused, naming the project's log.
    let (_, error) = server
        .refused(
            Method::POST,
            &format!("/v1/sync/projects/{project}/ops"),
            &adur,
            Some(push_body(Uuid::now_v7(), server.now(), &ops(1, "x"))),
        )
        .await;
    assert_eq!(
        (error.code, error.log_id),
        (SyncErrorCode::LogChanged, Some(log_id))
    );

    // Bad input is refused and stores nothing.
    let mut twice = ops(1, "twice");
    twice.push(twice[0].clone());
    let (status, value) = server.push(&adur, project, log_id, &twice).await;
    assert_eq!(
        (status, value["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid"))
    );
    let bad_stamp = json!({ "log_id": log_id, "client_time": server.now(), "ops": [{ "op_id": Uuid::now_v7(), "hlc": "yesterday", "body": "{}" }] });
    let (status, value) = server
        .call(
            Method::POST,
            &format!("/v1/sync/projects/{project}/ops"),
            &adur,
            Some(bad_stamp),
        )
        .await;
    assert_eq!(
        (status, value["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("ops[0].hlc")),
        "{value}"
    );
    let (status, _) = server
        .push(&adur, project, log_id, &ops(501, "too many"))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(server.pull(&adur, project, "after=0").await.head_seq, 3);

    // One op larger than the directory's 64 KiB body limit travels alone on this route.
    let big = vec![(
        Uuid::now_v7(),
        format!("{{\"body\":\"{}\"}}", "a".repeat(300_000)),
    )];
    let stored = server.pushed(&adur, project, log_id, &big).await;
    assert_eq!(stored.results[0].seq, 4);
    let pulled = server.pull(&adur, project, "after=3").await;
    assert_eq!(pulled.ops[0].body.len(), big[0].1.len());
    assert_eq!(pulled.ops[0].hash, body_hash(&big[0].1));
}

async fn observers_and_non_members(db: Db) {
    let server = SyncServer::start(db, SyncSettings::default()).await;
    let adur = server.org("Adur District Council").await;
    let arun = server.org("Arun District Council").await;
    let leeds = server.org("Leeds City Council").await;
    let (project, log_id) = server.share(&adur).await;
    server
        .pushed(&adur, project, log_id, &ops(1, "secret"))
        .await;
    server.admit(&adur, project, &arun, "observer").await;

    let (_, error) = server
        .refused(
            Method::POST,
            &format!("/v1/sync/projects/{project}/ops"),
            &arun,
            Some(push_body(log_id, server.now(), &ops(1, "x"))),
        )
        .await;
    assert_eq!(error.code, SyncErrorCode::ReadOnly);
    assert!(
        error.message.contains("Arun District Council"),
        "{}",
        error.message
    );
    assert_eq!(
        server.pull(&arun, project, "after=0").await.ops.len(),
        1,
        "an observer reads"
    );
    assert_eq!(
        server.pull(&adur, project, "after=0").await.head_seq,
        1,
        "nothing was stored"
    );

    // A non-member gets 403 on a project that exists, 404 on one that does not; never a body.
    for route in [
        format!("/v1/sync/projects/{project}"),
        format!("/v1/sync/projects/{project}/ops?after=0"),
        format!("/v1/sync/projects/{project}/members"),
    ] {
        let (status, value) = server.call(Method::GET, &route, &leeds, None).await;
        assert_eq!(
            (status, value["code"].as_str()),
            (StatusCode::FORBIDDEN, Some("not_a_member")),
            "{route}"
        );
        assert!(!value.to_string().contains("secret"));
    }
    let unknown = Uuid::now_v7();
    for route in [
        format!("/v1/sync/projects/{unknown}"),
        format!("/v1/sync/projects/{unknown}/ops"),
    ] {
        let (_, error) = server.refused(Method::GET, &route, &leeds, None).await;
        assert_eq!(error.code, SyncErrorCode::NoSuchProject);
    }
    let (status, value) = server
        .call(Method::GET, "/v1/sync/projects/not-a-uuid", &adur, None)
        .await;
    assert_eq!(
        (status, value["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("project"))
    );
    // No token at all: 401, before anything is read.
    let response = http()
        .get(format!("{}/v1/sync/projects/{project}/ops", server.url))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
}

async fn a_clock_too_far_ahead_is_refused_and_a_stamp_from_the_future_is_clamped(db: Db) {
    let server = SyncServer::start(db, SyncSettings::default()).await;
    let adur = server.org("Adur District Council").await;
    let (project, log_id) = server.share(&adur).await;
    let route = format!("/v1/sync/projects/{project}/ops");

    let ahead = server.now() + Duration::minutes(6);
    let (status, error) = server
        .refused(
            Method::POST,
            &route,
            &adur,
            Some(push_body(log_id, ahead, &ops(1, "ahead"))),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        (error.code, error.server_time, error.skew_ms),
        (SyncErrorCode::ClockAhead, Some(server.now()), Some(360_000))
    );
    assert!(error.message.contains("6 minutes"), "{}", error.message);
    let year = server.now() + Duration::days(365);
    let (_, error) = server
        .refused(
            Method::POST,
            &route,
            &adur,
            Some(push_body(log_id, year, &ops(1, "a year"))),
        )
        .await;
    assert!(error.message.contains("365 days"), "{}", error.message);
    assert_eq!(
        server.pull(&adur, project, "after=0").await.head_seq,
        0,
        "nothing stored"
    );

    // Within the bound: accepted. A stamp a year ahead, sent with an honest client time (an
    // op made while the clock was wrong), is kept but sorts no later than received + bound.
    let within = push_body(
        log_id,
        server.now() + Duration::minutes(4),
        &ops(1, "within"),
    );
    let (status, _) = server.call(Method::POST, &route, &adur, Some(within)).await;
    assert_eq!(status, StatusCode::OK);
    let future = json!({ "log_id": log_id, "client_time": server.now(), "ops": [{ "op_id": Uuid::now_v7(), "hlc": hlc(year), "body": "{\"f\":1}" }] });
    let answer: PushResponse = server.ok(Method::POST, &route, &adur, Some(future)).await;
    assert_eq!(
        answer.results[0].order_at,
        server.now() + Duration::minutes(5)
    );
    let honest = server.pull(&adur, project, "after=0").await.ops;
    assert_eq!(
        honest[0].order_at,
        server.now() + Duration::minutes(4),
        "a stamp within the bound sorts at its own time"
    );
    assert_eq!(honest[1].order_at, server.now() + Duration::minutes(5));

    // The bound is the server's setting.
    let strict = SyncServer::start(
        db,
        SyncSettings {
            max_clock_skew: Duration::seconds(60),
            ..SyncSettings::default()
        },
    )
    .await;
    let worthing = strict.org("Worthing Borough Council").await;
    let (project, log_id) = strict.share(&worthing).await;
    let status: SyncStatus = strict
        .ok(
            Method::GET,
            &format!("/v1/sync/projects/{project}"),
            &worthing,
            None,
        )
        .await;
    assert_eq!(status.max_clock_skew_ms, 60_000);
    let (_, error) = strict
        .refused(
            Method::POST,
            &format!("/v1/sync/projects/{project}/ops"),
            &worthing,
            Some(push_body(
                log_id,
                strict.now() + Duration::seconds(90),
                &ops(1, "x"),
            )),
        )
        .await;
    assert_eq!(
        (error.code, error.skew_ms),
        (SyncErrorCode::ClockAhead, Some(90_000))
    );
}

async fn concurrent_pushes_never_skip_or_repeat_a_seq(db: Db) {
    let server = std::sync::Arc::new(SyncServer::start(db, settings(7)).await);
    let adur = std::sync::Arc::new(server.org("Adur District Council").await);
    let worthing = std::sync::Arc::new(server.org("Worthing Borough Council").await);
    let (project, log_id) = server.share(&adur).await;
    server.admit(&adur, project, &worthing, "partner").await;
    const BATCHES: usize = 15;
    const PER_BATCH: usize = 4;

    let mut writers = Vec::new();
    for who in [adur.clone(), worthing.clone()] {
        let server = server.clone();
        writers.push(tokio::spawn(async move {
            let mut mine = Vec::new();
            for b in 0..BATCHES {
                let batch = ops(PER_BATCH, &format!("batch {b}"));
                // Every other batch is sent twice, as a client whose answer was lost would.
                let answer = server.pushed(&who, project, log_id, &batch).await;
                if b % 2 == 0 {
                    let again = server.pushed(&who, project, log_id, &batch).await;
                    assert_eq!(
                        again.results.iter().map(|r| r.seq).collect::<Vec<_>>(),
                        answer.results.iter().map(|r| r.seq).collect::<Vec<_>>()
                    );
                }
                mine.extend(batch.iter().map(|(id, _)| *id));
            }
            mine
        }));
    }
    // A reader polls while they write: each page follows its cursor with no gap.
    let reader = {
        let server = server.clone();
        let adur = adur.clone();
        tokio::spawn(async move {
            let mut after = 0;
            let mut seen = Vec::new();
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
            while after < (2 * BATCHES * PER_BATCH) as i64 {
                assert!(
                    std::time::Instant::now() < deadline,
                    "the reader never reached the head"
                );
                let page = server.pull(&adur, project, &format!("after={after}")).await;
                for op in &page.ops {
                    assert_eq!(
                        op.seq,
                        after + 1,
                        "a reader never skips a seq that commits late"
                    );
                    after = op.seq;
                    seen.push(op.op_id);
                }
                tokio::task::yield_now().await;
            }
            seen
        })
    };
    let mut pushed = BTreeSet::new();
    for writer in writers {
        pushed.extend(writer.await.unwrap());
    }
    let seen = reader.await.unwrap();
    assert_eq!(seen.len(), 2 * BATCHES * PER_BATCH);
    assert_eq!(
        seen.iter().copied().collect::<BTreeSet<_>>(),
        pushed,
        "every op once"
    );
    assert_eq!(
        server.pull_all(&adur, project, 7).await,
        (1..=(2 * BATCHES * PER_BATCH) as i64).collect::<Vec<_>>()
    );
}

async fn the_routes_are_documented(db: Db) {
    let server = SyncServer::start(db, SyncSettings::default()).await;
    let document: Value = http()
        .get(format!("{}/openapi.json", server.url))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let push = &document["paths"]["/v1/sync/projects/{project}/ops"]["post"];
    assert_eq!(
        push["requestBody"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/PushRequest"
    );
    assert_eq!(
        push["responses"]["4XX"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/SyncRefusal"
    );
    let pull = &document["paths"]["/v1/sync/projects/{project}/ops"]["get"];
    let names: Vec<&str> = pull["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["project", "after", "limit"]);
    let status = &document["paths"]["/v1/sync/projects/{project}"]["get"];
    let names: Vec<&str> = status["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["project", "at"]);
    let one = &document["paths"]["/v1/sync/projects/{project}/ops/{op_id}"]["get"];
    assert_eq!(
        one["responses"]["200"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/PulledOp"
    );
    assert_eq!(
        one["responses"]["4XX"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/SyncRefusal"
    );
    for path in [
        "/v1/sync/projects",
        "/v1/sync/projects/{project}",
        "/v1/sync/projects/{project}/members",
        "/v1/sync/projects/{project}/members/{org}",
    ] {
        assert!(document["paths"].get(path).is_some(), "{path}");
    }
    assert!(
        document["components"]["schemas"]["SyncErrorCode"]
            .to_string()
            .contains("clock_ahead")
    );
}

fn admin(db: &str, args: &[&str]) -> String {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_pipeline"))
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "pipeline {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

async fn serve_takes_the_sync_flags(db: Db) {
    use std::io::{BufRead, BufReader};
    let (url, _dir) = database(db).await;
    let first = |line: String| line.split('\t').next().unwrap().trim().to_string();
    let org = first(admin(
        &url,
        &[
            "admin",
            "create-org",
            "--name",
            "Adur District Council",
            "--kind",
            "district",
        ],
    ));
    let user = first(admin(
        &url,
        &[
            "admin",
            "create-user",
            "--org",
            &org,
            "--name",
            "Jo Bloggs",
            "--email",
            "jo@adur.gov.uk",
        ],
    ));
    let token = admin(&url, &["admin", "create-token", "--user", &user])
        .trim()
        .to_string();

    let refused = std::process::Command::new(env!("CARGO_BIN_EXE_pipeline"))
        .args([
            "--db",
            &url,
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--sync-page-ops",
            "0",
        ])
        .output()
        .unwrap();
    assert_eq!(
        refused.status.code(),
        Some(2),
        "a page of no ops is refused"
    );
    assert!(String::from_utf8_lossy(&refused.stderr).contains("sync-page-ops"));

    let mut server = std::process::Command::new(env!("CARGO_BIN_EXE_pipeline"))
        .args([
            "--db",
            &url,
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--sync-page-ops",
            "2",
            "--max-clock-skew",
            "60",
        ])
        .env("RUST_LOG", "info")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let (lines, logged) = std::sync::mpsc::channel();
    let stderr = server.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = lines.send(line);
        }
    });
    let address = loop {
        let line = logged
            .recv_timeout(std::time::Duration::from_secs(30))
            .expect("the server should say where it listens");
        if let Some(rest) = line.split("address=").nth(1) {
            break rest.split_whitespace().next().unwrap().to_string();
        }
    };
    let client = http();
    let project = Uuid::now_v7();
    let started = client
        .put(format!("http://{address}/v1/sync/projects/{project}"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(started.status(), StatusCode::CREATED);
    let status: SyncStatus = started.json().await.unwrap();
    assert_eq!(
        (status.limits.page_ops, status.max_clock_skew_ms),
        (2, 60_000)
    );

    let killed = std::process::Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    assert!(server.wait().unwrap().success());
    reader.join().unwrap();
}

async fn one_op_by_its_id(db: Db) {
    let server = SyncServer::start(db, SyncSettings::default()).await;
    let adur = server.org("Adur District Council").await;
    let worthing = server.org("Worthing Borough Council").await;
    let leeds = server.org("Leeds City Council").await;
    let (project, log_id) = server.share(&adur).await;
    let (other, other_log) = server.share(&leeds).await;
    server.admit(&adur, project, &worthing, "observer").await;
    let batch = ops(3, "base");
    server.pushed(&adur, project, log_id, &batch).await;
    let elsewhere = ops(1, "elsewhere");
    server.pushed(&leeds, other, other_log, &elsewhere).await;

    // Any member, an observer too, reads an op by its id, exactly as a pull gave it.
    let page = server.pull(&adur, project, "after=0").await;
    for (i, (id, body)) in batch.iter().enumerate() {
        let path = format!("/v1/sync/projects/{project}/ops/{id}");
        let op: PulledOp = server.ok(Method::GET, &path, &worthing, None).await;
        assert_eq!(op, page.ops[i]);
        assert_eq!((op.seq, &op.body), (i as i64 + 1, body));
        assert_eq!(op.hash, body_hash(body));
        assert_eq!(op.pushed_by.organisation.name, "Adur District Council");
    }

    // An id the project does not hold is 404, even one another project holds.
    for id in [Uuid::now_v7(), elsewhere[0].0] {
        let (status, value) = server
            .call(
                Method::GET,
                &format!("/v1/sync/projects/{project}/ops/{id}"),
                &adur,
                None,
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{value}");
        let error: ApiError = serde_json::from_value(value).unwrap();
        assert_eq!(error.code, ErrorCode::NotFound);
        assert!(!error.message.contains("elsewhere"), "{}", error.message);
    }
    // A non-member is refused, never shown the body.
    let path = format!("/v1/sync/projects/{project}/ops/{}", batch[0].0);
    let (status, value) = server.call(Method::GET, &path, &leeds, None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(!value.to_string().contains("base 0"), "{value}");
    let error: SyncError = serde_json::from_value(value).unwrap();
    assert_eq!(error.code, SyncErrorCode::NotAMember);
    // An unknown project is no_such_project; an id that is no UUID is bad input.
    let (_, error) = server
        .refused(
            Method::GET,
            &format!("/v1/sync/projects/{}/ops/{}", Uuid::now_v7(), batch[0].0),
            &adur,
            None,
        )
        .await;
    assert_eq!(error.code, SyncErrorCode::NoSuchProject);
    let (status, value) = server
        .call(
            Method::GET,
            &format!("/v1/sync/projects/{project}/ops/not-an-id"),
            &adur,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{value}");
    assert_eq!(value["field"], "op_id");
}

async fn accepting_a_join_request_admits_to_the_shared_workspace(db: Db) {
    let server = SyncServer::start(db, SyncSettings::default()).await;
    let adur = server.org("Adur District Council").await;
    let worthing = server.org("Worthing Borough Council").await;
    let leeds = server.org("Leeds City Council").await;
    let arun = server.org("Arun District Council").await;
    let (project, log_id) = server.share(&adur).await;
    server
        .pushed(&adur, project, log_id, &ops(2, "shared"))
        .await;
    let actor = |org: &Org| {
        let token = org.token.clone();
        let store = server.store.clone();
        async move { store.actor(&token).await.unwrap() }
    };
    let publish = async |owner: &Org, workspace: Option<Uuid>| {
        let mut draft =
            crate::support::draft("Missed bins", "", &[], pipeline_protocol::Phase::Alpha);
        draft.workspace_id = workspace;
        server
            .store
            .publish(&actor(owner).await, draft, server.now())
            .await
            .unwrap()
            .0
            .id
    };
    let ask = async |who: &Org, listing| {
        server
            .store
            .request_join(&actor(who).await, listing, "May we join?", server.now())
            .await
            .unwrap()
            .id
    };
    let accept = async |request: Uuid| {
        let (status, value) = server
            .call(
                Method::POST,
                &format!("/v1/join-requests/{request}/accept"),
                &adur,
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{value}");
        assert_eq!(value["state"], "accepted");
    };
    let status_path = format!("/v1/sync/projects/{project}");

    // Adur lists its shared workspace; Worthing asks to join and is accepted: it is now a
    // partner of the shared workspace too, and pushes and pulls.
    let listing = publish(&adur, Some(project)).await;
    let (_, error) = server
        .refused(Method::GET, &status_path, &worthing, None)
        .await;
    assert_eq!(error.code, SyncErrorCode::NotAMember);
    accept(ask(&worthing, listing).await).await;
    let status: SyncStatus = server.ok(Method::GET, &status_path, &worthing, None).await;
    assert_eq!(status.you, SyncRole::Partner);
    assert_eq!(
        status
            .members
            .iter()
            .map(|m| (m.organisation.name.as_str(), m.role))
            .collect::<Vec<_>>(),
        [
            ("Adur District Council", SyncRole::Lead),
            ("Worthing Borough Council", SyncRole::Partner)
        ]
    );
    let answer = server
        .pushed(&worthing, project, log_id, &ops(1, "theirs"))
        .await;
    assert_eq!(answer.results[0].seq, 3);
    let spaces: Vec<SyncSpace> = server
        .ok(Method::GET, "/v1/sync/projects", &worthing, None)
        .await;
    assert_eq!(spaces.len(), 1);
    assert_eq!(
        (spaces[0].project, spaces[0].role),
        (project, SyncRole::Partner)
    );

    // Declining admits nobody.
    let request = ask(&arun, listing).await;
    let (status, value) = server
        .call(
            Method::POST,
            &format!("/v1/join-requests/{request}/decline"),
            &adur,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{value}");
    let (_, error) = server.refused(Method::GET, &status_path, &arun, None).await;
    assert_eq!(error.code, SyncErrorCode::NotAMember);

    // A listing with no workspace, or whose workspace is not shared here, admits to no
    // space; the request is still accepted.
    let plain = publish(&adur, None).await;
    accept(ask(&leeds, plain).await).await;
    let unshared = Uuid::now_v7();
    let later = publish(&adur, Some(unshared)).await;
    accept(ask(&arun, later).await).await;
    for org in [&leeds, &arun] {
        let spaces: Vec<SyncSpace> = server.ok(Method::GET, "/v1/sync/projects", org, None).await;
        assert!(spaces.is_empty(), "{spaces:?}");
    }
    let (_, error) = server
        .refused(Method::GET, &status_path, &leeds, None)
        .await;
    assert_eq!(error.code, SyncErrorCode::NotAMember);

    // A workspace shared under another organisation's lead is not the accepter's to give:
    // Leeds leads a space; Adur's listing names it; accepting Arun into Adur's listing does
    // not make Arun a member of Leeds's space.
    let (leeds_project, _) = server.share(&leeds).await;
    let theirs = publish(&adur, Some(leeds_project)).await;
    let worthing_request = ask(&worthing, theirs).await;
    accept(worthing_request).await;
    let (_, error) = server
        .refused(
            Method::GET,
            &format!("/v1/sync/projects/{leeds_project}"),
            &worthing,
            None,
        )
        .await;
    assert_eq!(error.code, SyncErrorCode::NotAMember);
}
