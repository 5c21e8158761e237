//! The `pipeline` binary: admin commands make accounts, `serve` serves them, SIGTERM stops it gracefully.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use pipeline_client::Client;
use pipeline_protocol::Phase;

use crate::support::{Db, database, draft, first_field, pipeline};

on_both!(admin_commands_and_serve_work_end_to_end);

async fn admin_commands_and_serve_work_end_to_end(db: Db) {
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
            "--gss-code",
            "E07000223",
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
    assert!(token.starts_with("pl_"), "{token}");

    let mut server = Command::new(env!("CARGO_BIN_EXE_pipeline"))
        .args(["--db", &url, "serve", "--listen", "127.0.0.1:0"])
        .env("RUST_LOG", "info")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (lines, logged) = mpsc::channel();
    let stderr = server.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = lines.send(line);
        }
    });
    let mut seen = Vec::new();
    let address = loop {
        let line = logged
            .recv_timeout(Duration::from_secs(30))
            .expect("the server should say where it listens");
        seen.push(line.clone());
        if let Some(rest) = line.split("address=").nth(1) {
            break rest.split_whitespace().next().unwrap().to_string();
        }
    };
    let base = format!("http://{address}/");

    let client = Client::new(&base, Some(token.clone())).unwrap();
    assert_eq!(
        client.health().await.unwrap().database,
        if db == Db::Sqlite {
            "sqlite"
        } else {
            "postgres"
        }
    );
    assert_eq!(
        client.me().await.unwrap().organisation.name,
        "Adur District Council"
    );
    let id = client
        .publish(&draft("Missed bins", "", &["waste"], Phase::Alpha))
        .await
        .unwrap();

    let listed = pipeline(&url, &["admin", "list-tokens"]);
    assert!(
        listed.contains("laptop") && listed.contains("active"),
        "{listed}"
    );
    assert!(
        !listed.contains(&token[3..]),
        "list-tokens must never show a token"
    );
    let token_id = first_field(&listed);
    pipeline(&url, &["admin", "revoke-token", &token_id]);
    assert_eq!(client.me().await.unwrap_err().status(), Some(401));
    assert_eq!(
        Client::new(&base, None)
            .unwrap()
            .listing(id)
            .await
            .unwrap()
            .title,
        "Missed bins",
        "reading needs no token"
    );

    let status = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let exit = server.wait().unwrap();
    assert!(
        exit.success(),
        "the server should stop cleanly on SIGTERM: {exit}"
    );
    reader.join().unwrap();
    seen.extend(logged.try_iter());
    let text = seen.join("\n");
    assert!(
        text.contains("shutting down") && text.contains("pipeline stopped"),
        "{text}"
    );
    assert!(
        !text.contains(&token[3..]),
        "the token is in the server's log"
    );
}
