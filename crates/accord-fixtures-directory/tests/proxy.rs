//! The fault-injecting proxy against the real Pipeline server and the real client: each of
//! its three faults breaks exactly the request it was armed for, in the way it says, and a
//! retry through it afterwards goes through whole.

use accord_fixtures_directory::Directory;
use accord_fixtures_directory::proxy::{Fault, FaultyProxy, Handled};
use chrono::Utc;
use pipeline_client::{BlockingClient, ClientError};
use pipeline_protocol::sync::{PushRequest, PushStatus, WireOp};
use uuid::Uuid;

fn op(body: &str) -> WireOp {
    WireOp {
        op_id: Uuid::now_v7(),
        hlc: format!("{:015}-{:06}-4be0c3a1", Utc::now().timestamp_millis(), 0),
        body: body.to_string(),
    }
}

fn push(log_id: Uuid, ops: &[WireOp]) -> PushRequest {
    PushRequest {
        log_id,
        client_time: Utc::now(),
        ops: ops.to_vec(),
    }
}

/// A server, a shared project on it, a client straight to it and one through a proxy.
struct Setup {
    _directory: Directory,
    proxy: FaultyProxy,
    direct: BlockingClient,
    through: BlockingClient,
    project: Uuid,
    log_id: Uuid,
}

fn setup() -> Setup {
    let directory = Directory::start();
    let adur = directory.account("Adur District Council", "E07000223");
    let proxy = FaultyProxy::in_front_of(&directory.url);
    let direct = BlockingClient::new(&directory.url, Some(adur.token.clone())).unwrap();
    let through = BlockingClient::new(&proxy.url, Some(adur.token)).unwrap();
    let project = Uuid::now_v7();
    let log_id = direct.sync_start(project).unwrap().status.log_id;
    Setup {
        _directory: directory,
        proxy,
        direct,
        through,
        project,
        log_id,
    }
}

fn last(proxy: &FaultyProxy) -> Handled {
    proxy.handled().pop().expect("the proxy handled a request")
}

#[test]
fn a_request_cut_before_it_is_forwarded_never_reaches_the_server() {
    let s = setup();
    let ops = [op("{\"n\":1}")];
    s.proxy.fail_next(Fault::CutBeforeRequest);
    let error = s
        .through
        .sync_push(s.project, &push(s.log_id, &ops))
        .unwrap_err();
    assert!(error.is_transient(), "{error:?}");
    assert!(
        matches!(error, ClientError::Unreachable { .. }),
        "{error:?}"
    );
    let handled = last(&s.proxy);
    assert_eq!(handled.fault, Some(Fault::CutBeforeRequest));
    assert!(
        handled
            .request
            .starts_with(&format!("POST /v1/sync/projects/{}/ops ", s.project)),
        "{}",
        handled.request
    );
    assert_eq!(s.proxy.faults_waiting(), 0);
    assert_eq!(
        s.direct.sync_status(s.project, None).unwrap().head_seq,
        0,
        "the server never saw the push"
    );
    // Tried again, it goes through and is stored for the first time.
    let answer = s
        .through
        .sync_push(s.project, &push(s.log_id, &ops))
        .unwrap();
    assert_eq!(answer.results[0].status, PushStatus::Stored);
    assert_eq!(answer.results[0].seq, 1);
    assert_eq!(last(&s.proxy).fault, None);
}

#[test]
fn a_push_cut_after_the_server_committed_comes_back_a_duplicate_with_its_seq() {
    let s = setup();
    let first = [op("{\"n\":1}")];
    s.through
        .sync_push(s.project, &push(s.log_id, &first))
        .unwrap();
    let ops = [op("{\"n\":2}"), op("{\"n\":3}")];
    s.proxy.fail_next(Fault::CutBeforeResponse);
    let error = s
        .through
        .sync_push(s.project, &push(s.log_id, &ops))
        .unwrap_err();
    assert!(error.is_transient(), "{error:?}");
    assert_eq!(last(&s.proxy).fault, Some(Fault::CutBeforeResponse));
    // The server committed, though the client never heard.
    let status = s.direct.sync_status(s.project, None).unwrap();
    assert_eq!(status.head_seq, 3);
    assert_eq!(status.op_at.unwrap().op_id, ops[1].op_id);
    // The retry is harmless: duplicates, under the seqs they were given the first time.
    let answer = s
        .through
        .sync_push(s.project, &push(s.log_id, &ops))
        .unwrap();
    let results: Vec<(Uuid, i64, PushStatus)> = answer
        .results
        .iter()
        .map(|r| (r.op_id, r.seq, r.status))
        .collect();
    assert_eq!(
        results,
        [
            (ops[0].op_id, 2, PushStatus::Duplicate),
            (ops[1].op_id, 3, PushStatus::Duplicate)
        ]
    );
    assert_eq!(answer.head_seq, 3);
    let page = s.direct.sync_pull(s.project, 0, None).unwrap();
    assert_eq!(page.ops.len(), 3, "stored once");
}

#[test]
fn a_page_cut_halfway_is_an_interruption_and_the_retry_reads_it_whole() {
    let s = setup();
    let ops: Vec<WireOp> = (0..20)
        .map(|i| {
            op(&format!(
                "{{\"n\":{i},\"text\":\"{}\"}}",
                "words ".repeat(50)
            ))
        })
        .collect();
    s.direct
        .sync_push(s.project, &push(s.log_id, &ops))
        .unwrap();
    s.proxy.fail_next(Fault::CutResponseHalfway);
    let error = s.through.sync_pull(s.project, 0, None).unwrap_err();
    assert!(
        matches!(error, ClientError::Interrupted { .. }),
        "a body cut short is an interruption: {error:?}"
    );
    assert!(error.is_transient());
    let handled = last(&s.proxy);
    assert_eq!(handled.fault, Some(Fault::CutResponseHalfway));
    assert!(
        handled.request.starts_with("GET /v1/sync/projects/"),
        "{}",
        handled.request
    );
    let page = s.through.sync_pull(s.project, 0, None).unwrap();
    assert_eq!(
        page.ops.iter().map(|o| o.op_id).collect::<Vec<_>>(),
        ops.iter().map(|o| o.op_id).collect::<Vec<_>>()
    );
    assert!(!page.has_more);
}

#[test]
fn faults_meet_the_next_connections_in_order_then_requests_pass() {
    let s = setup();
    s.proxy.fail_next_n(Fault::CutBeforeRequest, 2);
    s.proxy.fail_next(Fault::CutResponseHalfway);
    assert_eq!(s.proxy.faults_waiting(), 3);
    // Even over a client that keeps its connections, each request meets the next fault.
    for _ in 0..2 {
        let error = s.through.sync_status(s.project, None).unwrap_err();
        assert!(
            matches!(error, ClientError::Unreachable { .. }),
            "{error:?}"
        );
    }
    let error = s.through.sync_members(s.project).unwrap_err();
    assert!(
        matches!(error, ClientError::Interrupted { .. }),
        "{error:?}"
    );
    for _ in 0..3 {
        assert_eq!(s.through.sync_status(s.project, None).unwrap().head_seq, 0);
    }
    let faults: Vec<Option<Fault>> = s.proxy.handled().iter().map(|h| h.fault).collect();
    assert_eq!(
        faults,
        [
            Some(Fault::CutBeforeRequest),
            Some(Fault::CutBeforeRequest),
            Some(Fault::CutResponseHalfway),
            None,
            None,
            None
        ]
    );
}
