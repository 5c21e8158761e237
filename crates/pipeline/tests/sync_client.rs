//! The real client's sync calls (`pipeline_client::Client::sync_*`) against a real server:
//! starting and linking, pushing and its retries, the 409, pull pages at 0, 1, N and N+1 ops,
//! observers, non-members, the clock-skew refusal with the server's time, `?at=` on status,
//! one op by its id, and refusals that reach the caller as structured data, told apart from "try again".

use chrono::{DateTime, Duration, Utc};
use pipeline_client::{BlockingClient, Client, ClientError};
use pipeline_protocol::sync::{
    PullPage, PushRequest, PushStatus, SyncErrorCode, SyncRole, WireOp, body_hash,
};
use uuid::Uuid;

use crate::support::{Account, Db, TestServer};

on_both!(
    starting_pushing_and_the_409,
    pages_at_0_1_n_and_n_plus_1_ops,
    observers_non_members_and_removal,
    a_clock_ahead_carries_the_servers_time,
    status_at_a_seq_names_the_op_there,
    one_op_by_its_id,
    the_blocking_client_has_the_same_calls,
);

fn op(body: &str, at: DateTime<Utc>) -> WireOp {
    WireOp {
        op_id: Uuid::now_v7(),
        hlc: format!("{:015}-{:06}-4be0c3a1", at.timestamp_millis(), 0),
        body: body.to_string(),
    }
}

fn push(log_id: Uuid, client_time: DateTime<Utc>, ops: &[WireOp]) -> PushRequest {
    PushRequest {
        log_id,
        client_time,
        ops: ops.to_vec(),
    }
}

/// The sync refusal inside an error, or a panic naming what came instead.
fn refusal(error: ClientError) -> (u16, pipeline_protocol::sync::SyncError) {
    match error {
        ClientError::Sync { status, error } => (status, error),
        other => panic!("expected a sync refusal, got {other:?} ({other})"),
    }
}

/// Shares a new project led by `lead`; returns its id and log id.
async fn share(lead: &Account) -> (Uuid, Uuid) {
    let project = Uuid::now_v7();
    let started = lead.client.sync_start(project).await.unwrap();
    assert!(started.created);
    (project, started.status.log_id)
}

async fn starting_pushing_and_the_409(db: Db) {
    let server = TestServer::start(db).await;
    let adur = server.account("Adur District Council", None).await;
    let leeds = server.account("Leeds City Council", None).await;

    let project = Uuid::now_v7();
    let started = adur.client.sync_start(project).await.unwrap();
    assert!(started.created, "the first start makes the space");
    assert_eq!(started.status.you, SyncRole::Lead);
    assert_eq!(started.status.head_seq, 0);
    assert_eq!(started.status.op_at, None);
    let log_id = started.status.log_id;
    // Starting again links another copy: the same space, not a new one.
    let linked = adur.client.sync_start(project).await.unwrap();
    assert!(!linked.created);
    assert_eq!(linked.status.log_id, log_id);
    assert_eq!(linked.status.server_id, started.status.server_id);
    // Another organisation cannot take it over.
    let (status, error) = refusal(leeds.client.sync_start(project).await.unwrap_err());
    assert_eq!((status, error.code), (409, SyncErrorCode::ProjectExists));
    assert!(
        error.message.contains("Adur District Council"),
        "{}",
        error.message
    );

    let spaces = adur.client.sync_spaces().await.unwrap();
    assert_eq!(spaces.len(), 1);
    assert_eq!(
        (spaces[0].project, spaces[0].role),
        (project, SyncRole::Lead)
    );
    assert!(leeds.client.sync_spaces().await.unwrap().is_empty());

    let now = server.now();
    let first = [op("{\"n\":1}", now), op("{\"n\":2}", now)];
    let answer = adur
        .client
        .sync_push(project, &push(log_id, now, &first))
        .await
        .unwrap();
    let seqs: Vec<(Uuid, i64, PushStatus)> = answer
        .results
        .iter()
        .map(|r| (r.op_id, r.seq, r.status))
        .collect();
    assert_eq!(
        seqs,
        [
            (first[0].op_id, 1, PushStatus::Stored),
            (first[1].op_id, 2, PushStatus::Stored)
        ]
    );
    assert_eq!(answer.head_seq, 2);

    // The same push again (a retry after an answer that never came): duplicates, same seqs.
    let third = op("{\"n\":3}", now);
    let again = adur
        .client
        .sync_push(
            project,
            &push(
                log_id,
                now,
                &[first[0].clone(), first[1].clone(), third.clone()],
            ),
        )
        .await
        .unwrap();
    let seqs: Vec<(i64, PushStatus)> = again.results.iter().map(|r| (r.seq, r.status)).collect();
    assert_eq!(
        seqs,
        [
            (1, PushStatus::Duplicate),
            (2, PushStatus::Duplicate),
            (3, PushStatus::Stored)
        ]
    );
    assert_eq!(again.results[0].received_at, answer.results[0].received_at);

    // The same id with other content: the whole push is refused, naming the id.
    let mut forged = first[1].clone();
    forged.body = "{\"n\":\"something else\"}".into();
    let fourth = op("{\"n\":4}", now);
    let error = adur
        .client
        .sync_push(project, &push(log_id, now, &[fourth.clone(), forged]))
        .await
        .unwrap_err();
    assert!(!error.is_transient(), "a 409 is a refusal, not 'try again'");
    assert_eq!(error.code(), "op_conflict");
    assert_eq!(error.status(), Some(409));
    let (status, refused) = refusal(error);
    assert_eq!((status, refused.code), (409, SyncErrorCode::OpConflict));
    assert_eq!(refused.op_ids, [first[1].op_id]);
    let page = adur.client.sync_pull(project, 0, None).await.unwrap();
    assert_eq!(page.head_seq, 3, "nothing of the refused push was stored");
    assert!(page.ops.iter().all(|o| o.op_id != fourth.op_id));
    assert_eq!(page.ops[1].body, "{\"n\":2}");
    assert_eq!(page.ops[1].hash, body_hash("{\"n\":2}"));
    assert_eq!(
        page.ops[1].pushed_by.organisation.name,
        "Adur District Council"
    );

    // A push to a log the project no longer has says which log it has.
    let error = adur
        .client
        .sync_push(project, &push(Uuid::now_v7(), now, &[fourth]))
        .await
        .unwrap_err();
    let (status, refused) = refusal(error);
    assert_eq!((status, refused.code), (409, SyncErrorCode::LogChanged));
    assert_eq!(refused.log_id, Some(log_id));

    // A general refusal (bad input) stays a general one, and is no sync code.
    let error = adur
        .client
        .sync_push(project, &push(log_id, now, &[op("", now)]))
        .await
        .unwrap_err();
    assert!(
        matches!(error, ClientError::Refused { status: 422, .. }),
        "{error:?}"
    );
    assert!(error.sync_error().is_none() && !error.is_transient());
}

async fn pages_at_0_1_n_and_n_plus_1_ops(db: Db) {
    const N: u32 = 3;
    let server = TestServer::start(db).await;
    let adur = server.account("Adur District Council", None).await;
    let (project, log_id) = share(&adur).await;
    let now = server.now();
    let pull = |after: i64| {
        let client = adur.client.clone();
        async move { client.sync_pull(project, after, Some(N)).await.unwrap() }
    };
    let seqs = |page: &PullPage| page.ops.iter().map(|o| o.seq).collect::<Vec<_>>();

    // 0 ops: an empty page, nothing more, the cursor where it was.
    let page = pull(0).await;
    assert!(page.ops.is_empty() && !page.has_more);
    assert_eq!(
        (page.next_after, page.head_seq, page.log_id),
        (0, 0, log_id)
    );

    let mut pushed = Vec::new();
    let mut add = async |count: usize| {
        let batch: Vec<WireOp> = (0..count)
            .map(|i| op(&format!("{{\"i\":{}}}", pushed.len() + i), now))
            .collect();
        adur.client
            .sync_push(project, &push(log_id, now, &batch))
            .await
            .unwrap();
        pushed.extend(batch.into_iter().map(|o| o.op_id));
    };

    // 1 op.
    add(1).await;
    let page = pull(0).await;
    assert_eq!(seqs(&page), [1]);
    assert!(!page.has_more);
    assert_eq!((page.next_after, page.head_seq), (1, 1));
    let page = pull(1).await;
    assert!(page.ops.is_empty() && !page.has_more);
    assert_eq!(page.next_after, 1);

    // N ops, a page of N: exactly one full page and nothing more (not guessed from the count).
    add(N as usize - 1).await;
    let page = pull(0).await;
    assert_eq!(seqs(&page), [1, 2, 3]);
    assert!(!page.has_more, "a full last page has nothing more");
    assert_eq!(page.next_after, 3);

    // N + 1 ops: a full page with more, then one op.
    add(1).await;
    let page = pull(0).await;
    assert_eq!(seqs(&page), [1, 2, 3]);
    assert!(page.has_more);
    assert_eq!((page.next_after, page.head_seq), (3, 4));
    let page = pull(page.next_after).await;
    assert_eq!(seqs(&page), [4]);
    assert!(!page.has_more);
    assert_eq!(page.next_after, 4);
    assert_eq!(page.ops[0].op_id, pushed[3]);

    // Following next_after from 0 gives every op once, in order.
    let mut after = 0;
    let mut seen = Vec::new();
    loop {
        let page = adur
            .client
            .sync_pull(project, after, Some(1))
            .await
            .unwrap();
        seen.extend(page.ops.iter().map(|o| o.op_id));
        after = page.next_after;
        if !page.has_more {
            break;
        }
    }
    assert_eq!(seen, pushed);
    // Without a limit, the server's whole page.
    assert_eq!(
        seqs(&adur.client.sync_pull(project, 0, None).await.unwrap()),
        [1, 2, 3, 4]
    );
    // A negative cursor is bad input, plainly refused.
    let error = adur.client.sync_pull(project, -1, None).await.unwrap_err();
    assert_eq!((error.status(), error.code()), (Some(422), "invalid"));
}

async fn observers_non_members_and_removal(db: Db) {
    let server = TestServer::start(db).await;
    let adur = server.account("Adur District Council", None).await;
    let worthing = server.account("Worthing Borough Council", None).await;
    let leeds = server.account("Leeds City Council", None).await;
    let (project, log_id) = share(&adur).await;
    let now = server.now();
    adur.client
        .sync_push(
            project,
            &push(log_id, now, &[op("{\"secret\":\"budget\"}", now)]),
        )
        .await
        .unwrap();

    // A non-member reads nothing and writes nothing.
    for error in [
        leeds.client.sync_status(project, None).await.unwrap_err(),
        leeds.client.sync_pull(project, 0, None).await.unwrap_err(),
        leeds.client.sync_members(project).await.unwrap_err(),
        leeds
            .client
            .sync_push(project, &push(log_id, now, &[op("{}", now)]))
            .await
            .unwrap_err(),
    ] {
        assert!(!error.is_transient());
        let (status, refused) = refusal(error);
        assert_eq!((status, refused.code), (403, SyncErrorCode::NotAMember));
        assert!(
            refused.message.contains("Adur District Council"),
            "{}",
            refused.message
        );
    }
    // An unknown project is 404 no_such_project.
    let (status, refused) = refusal(
        adur.client
            .sync_status(Uuid::now_v7(), None)
            .await
            .unwrap_err(),
    );
    assert_eq!((status, refused.code), (404, SyncErrorCode::NoSuchProject));

    // An observer reads but cannot push.
    let member = adur
        .client
        .sync_admit(project, worthing.organisation.id, SyncRole::Observer)
        .await
        .unwrap();
    assert_eq!(member.role, SyncRole::Observer);
    assert_eq!(member.organisation.name, "Worthing Borough Council");
    let page = worthing.client.sync_pull(project, 0, None).await.unwrap();
    assert_eq!(page.ops[0].body, "{\"secret\":\"budget\"}");
    let status = worthing.client.sync_status(project, None).await.unwrap();
    assert_eq!(status.you, SyncRole::Observer);
    let error = worthing
        .client
        .sync_push(project, &push(log_id, now, &[op("{\"mine\":1}", now)]))
        .await
        .unwrap_err();
    let (status, refused) = refusal(error);
    assert_eq!((status, refused.code), (403, SyncErrorCode::ReadOnly));
    assert_eq!(
        adur.client
            .sync_pull(project, 0, None)
            .await
            .unwrap()
            .head_seq,
        1,
        "the observer's push stored nothing"
    );
    // Only the lead changes membership (a general refusal: forbidden).
    let error = worthing
        .client
        .sync_admit(project, leeds.organisation.id, SyncRole::Partner)
        .await
        .unwrap_err();
    assert_eq!((error.status(), error.code()), (Some(403), "forbidden"));

    // Made a partner, it pushes.
    adur.client
        .sync_admit(project, worthing.organisation.id, SyncRole::Partner)
        .await
        .unwrap();
    let answer = worthing
        .client
        .sync_push(project, &push(log_id, now, &[op("{\"mine\":1}", now)]))
        .await
        .unwrap();
    assert_eq!(answer.results[0].seq, 2);
    let members = adur.client.sync_members(project).await.unwrap();
    assert_eq!(
        members
            .iter()
            .map(|m| (m.organisation.name.as_str(), m.role))
            .collect::<Vec<_>>(),
        [
            ("Adur District Council", SyncRole::Lead),
            ("Worthing Borough Council", SyncRole::Partner)
        ]
    );
    assert_eq!(
        worthing.client.sync_spaces().await.unwrap()[0].role,
        SyncRole::Partner
    );

    // Removed, it is refused everywhere; what it pushed stays.
    adur.client
        .sync_remove(project, worthing.organisation.id)
        .await
        .unwrap();
    let (status, refused) = refusal(
        worthing
            .client
            .sync_pull(project, 0, None)
            .await
            .unwrap_err(),
    );
    assert_eq!((status, refused.code), (403, SyncErrorCode::NotAMember));
    assert_eq!(adur.client.sync_members(project).await.unwrap().len(), 1);
    assert_eq!(
        adur.client
            .sync_pull(project, 0, None)
            .await
            .unwrap()
            .ops
            .len(),
        2
    );
    // Removing it again: not found, plainly.
    let error = adur
        .client
        .sync_remove(project, worthing.organisation.id)
        .await
        .unwrap_err();
    assert_eq!((error.status(), error.code()), (Some(404), "not_found"));
}

async fn a_clock_ahead_carries_the_servers_time(db: Db) {
    let server = TestServer::start(db).await;
    let adur = server.account("Adur District Council", None).await;
    let (project, log_id) = share(&adur).await;
    let now = server.now();
    let laptop = now + Duration::days(365);
    let error = adur
        .client
        .sync_push(project, &push(log_id, laptop, &[op("{\"n\":1}", laptop)]))
        .await
        .unwrap_err();
    assert!(!error.is_transient());
    assert_eq!(error.code(), "clock_ahead");
    let (status, refused) = refusal(error);
    assert_eq!((status, refused.code), (422, SyncErrorCode::ClockAhead));
    assert_eq!(refused.server_time, Some(now));
    assert_eq!(
        refused.skew_ms,
        Some(Duration::days(365).num_milliseconds())
    );
    assert!(refused.message.contains("365 days"), "{}", refused.message);
    assert_eq!(
        adur.client
            .sync_status(project, None)
            .await
            .unwrap()
            .head_seq,
        0,
        "nothing was stored"
    );
    // Corrected by the server's time, the same op goes through; its stamp from the future
    // is clamped so it cannot win forever.
    let skew = Duration::milliseconds(refused.skew_ms.unwrap());
    let answer = adur
        .client
        .sync_push(
            project,
            &push(log_id, laptop - skew, &[op("{\"n\":1}", laptop)]),
        )
        .await
        .unwrap();
    assert_eq!(answer.results[0].status, PushStatus::Stored);
    assert_eq!(answer.results[0].order_at, now + Duration::minutes(5));
    assert_eq!(answer.server_time, now);
}

async fn status_at_a_seq_names_the_op_there(db: Db) {
    let server = TestServer::start(db).await;
    let adur = server.account("Adur District Council", None).await;
    let (project, log_id) = share(&adur).await;
    let now = server.now();
    let ops = [
        op("{\"n\":1}", now),
        op("{\"n\":2}", now),
        op("{\"n\":3}", now),
    ];
    adur.client
        .sync_push(project, &push(log_id, now, &ops))
        .await
        .unwrap();
    let head = adur.client.sync_status(project, None).await.unwrap();
    assert_eq!(head.head_seq, 3);
    assert_eq!(
        head.op_at.map(|o| (o.seq, o.op_id)),
        Some((3, ops[2].op_id))
    );
    for (at, expected) in [
        (1, Some(ops[0].op_id)),
        (2, Some(ops[1].op_id)),
        (3, Some(ops[2].op_id)),
    ] {
        let status = adur.client.sync_status(project, Some(at)).await.unwrap();
        assert_eq!(status.op_at.map(|o| o.op_id), expected, "at={at}");
        assert_eq!(status.op_at.map(|o| o.seq), Some(at));
        assert_eq!(status.head_seq, 3);
    }
    // Before the first op and past the head, there is no op there (a cursor ahead of the
    // head is a restored server; the client compares `head_seq`).
    assert_eq!(
        adur.client
            .sync_status(project, Some(0))
            .await
            .unwrap()
            .op_at,
        None
    );
    assert_eq!(
        adur.client
            .sync_status(project, Some(4))
            .await
            .unwrap()
            .op_at,
        None
    );
    let error = adur
        .client
        .sync_status(project, Some(-1))
        .await
        .unwrap_err();
    assert_eq!((error.status(), error.code()), (Some(422), "invalid"));
}

async fn one_op_by_its_id(db: Db) {
    let server = TestServer::start(db).await;
    let adur = server.account("Adur District Council", None).await;
    let leeds = server.account("Leeds City Council", None).await;
    let (project, log_id) = share(&adur).await;
    let now = server.now();
    let ops = [op("{\"n\":1}", now), op("{\"n\":2}", now)];
    adur.client
        .sync_push(project, &push(log_id, now, &ops))
        .await
        .unwrap();
    let page = adur.client.sync_pull(project, 0, None).await.unwrap();
    for (i, sent) in ops.iter().enumerate() {
        let one = adur.client.sync_op(project, sent.op_id).await.unwrap();
        assert_eq!(one, page.ops[i], "as the pull gave it");
        assert_eq!(one.body, sent.body);
    }
    let error = adur
        .client
        .sync_op(project, Uuid::now_v7())
        .await
        .unwrap_err();
    assert_eq!((error.status(), error.code()), (Some(404), "not_found"));
    assert!(!error.is_transient());
    let (status, refused) = refusal(
        leeds
            .client
            .sync_op(project, ops[0].op_id)
            .await
            .unwrap_err(),
    );
    assert_eq!((status, refused.code), (403, SyncErrorCode::NotAMember));
}

/// The blocking client (for the command line) makes the same calls with the same answers
/// and errors; and a server that cannot be reached, or does not answer in time, is
/// "try again", never a refusal.
async fn the_blocking_client_has_the_same_calls(db: Db) {
    let server = TestServer::start(db).await;
    let adur = server.account("Adur District Council", None).await;
    let leeds = server.account("Leeds City Council", None).await;
    let url = server.url.clone();
    let now = server.now();
    let (adur_token, leeds_org) = (adur.token.clone(), leeds.organisation.id);
    let leeds_token = leeds.token.clone();
    // A blocking client runs its own runtime, so it runs on a thread of its own.
    let (project, silent) = std::thread::spawn(move || {
        let client = BlockingClient::new(&url, Some(adur_token)).unwrap();
        let project = Uuid::now_v7();
        let started = client.sync_start(project).unwrap();
        assert!(started.created);
        let log_id = started.status.log_id;
        let ops = [op("{\"n\":1}", now), op("{\"n\":2}", now)];
        let answer = client.sync_push(project, &push(log_id, now, &ops)).unwrap();
        assert_eq!(answer.head_seq, 2);
        let page = client.sync_pull(project, 1, Some(5)).unwrap();
        assert_eq!(
            page.ops.iter().map(|o| o.op_id).collect::<Vec<_>>(),
            [ops[1].op_id]
        );
        assert_eq!(
            client
                .sync_status(project, Some(1))
                .unwrap()
                .op_at
                .unwrap()
                .op_id,
            ops[0].op_id
        );
        assert_eq!(client.sync_spaces().unwrap()[0].project, project);
        assert_eq!(client.sync_op(project, ops[0].op_id).unwrap().seq, 1);
        client
            .sync_admit(project, leeds_org, SyncRole::Observer)
            .unwrap();
        assert_eq!(client.sync_members(project).unwrap().len(), 2);
        let leeds = BlockingClient::new(&url, Some(leeds_token)).unwrap();
        let error = leeds
            .sync_push(project, &push(log_id, now, &[op("{}", now)]))
            .unwrap_err();
        assert_eq!(
            error.sync_error().map(|e| e.code),
            Some(SyncErrorCode::ReadOnly)
        );
        client.sync_remove(project, leeds_org).unwrap();
        assert_eq!(client.sync_members(project).unwrap().len(), 1);

        // A listener that takes the connection and never answers: a timeout, transient.
        let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let address = silent.local_addr().unwrap();
        let quiet = BlockingClient::new(&format!("http://{address}/"), Some("pl_x".into()))
            .unwrap()
            .with_timeout(std::time::Duration::from_millis(300));
        let error = quiet.sync_status(project, None).unwrap_err();
        assert!(
            matches!(error, ClientError::Unreachable { .. }),
            "{error:?}"
        );
        assert!(error.is_transient(), "{error}");
        (project, silent)
    })
    .join()
    .unwrap();
    drop(silent);

    // A stopped server: unreachable, transient.
    let client: Client = adur.client.clone();
    server.stop().await;
    let error = client.sync_status(project, None).await.unwrap_err();
    assert!(
        matches!(error, ClientError::Unreachable { .. }),
        "{error:?}"
    );
    assert!(error.is_transient() && error.status().is_none());
}
