//! The server killed with SIGKILL in the middle of pushes: after a restart on the same
//! database, every batch is stored whole or not at all, the log's seqs run 1..N with no gap
//! and no op twice, and pushing everything again stores exactly what was missing.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use chrono::Utc;
use pipeline_client::{BlockingClient, Client};
use pipeline_protocol::sync::{PushRequest, PushStatus, WireOp};
use uuid::Uuid;

use crate::support::{Db, database, first_field, pipeline};

on_both!(a_server_killed_mid_push_keeps_whole_batches_and_no_gaps);

/// Starts `pipeline serve` on `db` and returns it with its address, read from its log.
fn serve(db: &str) -> (Child, String) {
    let mut server = Command::new(env!("CARGO_BIN_EXE_pipeline"))
        .args(["--db", db, "serve", "--listen", "127.0.0.1:0"])
        .env("RUST_LOG", "info")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = server.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let address = loop {
        let line = rx
            .recv_timeout(Duration::from_secs(30))
            .expect("the server should say where it listens");
        if let Some(rest) = line.split("address=").nth(1) {
            break rest.split_whitespace().next().unwrap().to_string();
        }
    };
    (server, format!("http://{address}/"))
}

/// Every op of the project's log, as (seq, op id), page by page.
async fn read_all(client: &Client, project: Uuid) -> Vec<(i64, Uuid)> {
    let mut all = Vec::new();
    let mut after = 0;
    loop {
        let page = client.sync_pull(project, after, Some(500)).await.unwrap();
        all.extend(page.ops.iter().map(|o| (o.seq, o.op_id)));
        after = page.next_after;
        if !page.has_more {
            return all;
        }
    }
}

fn batch(n: usize, k: usize) -> Vec<WireOp> {
    (0..k)
        .map(|i| WireOp {
            op_id: Uuid::now_v7(),
            hlc: format!("{:015}-{:06}-4be0c3a1", Utc::now().timestamp_millis(), i),
            body: format!(
                "{{\"batch\":{n},\"op\":{i},\"pad\":\"{}\"}}",
                "x".repeat(400)
            ),
        })
        .collect()
}

async fn a_server_killed_mid_push_keeps_whole_batches_and_no_gaps(db: Db) {
    let (url, _dir) = database(db).await;
    let org = first_field(&pipeline(
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
    let user = first_field(&pipeline(
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
    let token = pipeline(
        &url,
        &[
            "admin",
            "create-token",
            "--user",
            &user,
            "--label",
            "laptop",
        ],
    )
    .trim()
    .to_string();
    let project = Uuid::now_v7();
    let batches: Vec<Vec<WireOp>> = (0..40).map(|n| batch(n, 200)).collect();
    let mut lcg = 20261207u64;
    let mut killed_mid_way = 0;
    let mut log_id = None;
    // Rounds: a server is started, batches are pushed from a thread, and the server is
    // killed at a random moment while they go; the next round starts it again.
    for round in 0..4 {
        let (mut server, base) = serve(&url);
        let log = match log_id {
            None => {
                let client = Client::new(&base, Some(token.clone())).unwrap();
                let started = client.sync_start(project).await.unwrap();
                log_id = Some(started.status.log_id);
                started.status.log_id
            }
            Some(l) => l,
        };
        let token = token.clone();
        let to_send = batches.clone();
        let pusher = std::thread::spawn(move || {
            let client = BlockingClient::new(&base, Some(token)).unwrap();
            let mut acked = 0;
            for ops in to_send {
                let request = PushRequest {
                    log_id: log,
                    client_time: Utc::now(),
                    ops,
                };
                match client.sync_push(project, &request) {
                    Ok(_) => acked += 1,
                    Err(_) => break, // the server is gone
                }
            }
            acked
        });
        lcg = lcg
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        // A moment somewhere in the round's pushes (each batch is a few milliseconds).
        std::thread::sleep(Duration::from_micros(
            20_000 + (lcg >> 33) % (40_000 + round * 20_000),
        ));
        let finished_first = pusher.is_finished();
        server.kill().unwrap(); // SIGKILL: no graceful shutdown, no finished requests
        server.wait().unwrap();
        let acked = pusher.join().unwrap();
        if !finished_first && acked < batches.len() {
            killed_mid_way += 1;
        }
    }
    assert!(
        killed_mid_way >= 2,
        "only {killed_mid_way} kills landed mid-push"
    );

    // After the last restart: the log holds whole batches only, seqs 1..N, each op once.
    let (mut server, base) = serve(&url);
    let client = Client::new(&base, Some(token.clone())).unwrap();
    let stored = read_all(&client, project).await;
    let seqs: Vec<i64> = stored.iter().map(|(s, _)| *s).collect();
    assert_eq!(
        seqs,
        (1..=stored.len() as i64).collect::<Vec<_>>(),
        "no gap"
    );
    let ids: BTreeSet<Uuid> = stored.iter().map(|(_, id)| *id).collect();
    assert_eq!(ids.len(), stored.len(), "no op twice");
    for b in &batches {
        let held = b.iter().filter(|o| ids.contains(&o.op_id)).count();
        assert!(
            held == 0 || held == b.len(),
            "a batch is stored whole or not at all: {held} of {}",
            b.len()
        );
    }
    // Everything again: what was stored comes back as duplicate, the rest is stored.
    let mut new = 0;
    for ops in &batches {
        let request = PushRequest {
            log_id: log_id.unwrap(),
            client_time: Utc::now(),
            ops: ops.clone(),
        };
        for r in client.sync_push(project, &request).await.unwrap().results {
            match r.status {
                PushStatus::Duplicate => assert!(ids.contains(&r.op_id)),
                PushStatus::Stored => new += 1,
            }
        }
    }
    assert_eq!(new + ids.len(), batches.len() * 200);
    let all = read_all(&client, project).await;
    assert_eq!(all.len(), batches.len() * 200);
    server.kill().unwrap();
    server.wait().unwrap();
}
