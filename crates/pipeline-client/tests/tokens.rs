//! The client is careful with tokens: it sends one only where a route needs it, and only over
//! HTTPS or plain HTTP to this computer.

use std::sync::{Arc, Mutex};

use pipeline_client::protocol::{ListingId, SearchQuery};
use pipeline_client::{BlockingClient, Client};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A stand-in server on loopback that keeps every request's head and answers 404 to all.
async fn recording_server() -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let heads = Arc::new(Mutex::new(Vec::new()));
    let kept = Arc::clone(&heads);
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let kept = Arc::clone(&kept);
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut byte = [0u8; 1];
                while !head.ends_with(b"\r\n\r\n") {
                    match stream.read(&mut byte).await {
                        Ok(1) => head.push(byte[0]),
                        _ => return,
                    }
                }
                kept.lock()
                    .unwrap()
                    .push(String::from_utf8_lossy(&head).into_owned());
                let body = r#"{"code":"not_found","message":"Nothing here."}"#;
                let answer = format!(
                    "HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = stream.write_all(answer.as_bytes()).await;
            });
        }
    });
    (format!("http://127.0.0.1:{port}/"), heads)
}

fn authorised(head: &str) -> bool {
    head.lines()
        .any(|l| l.to_ascii_lowercase().starts_with("authorization:"))
}

#[tokio::test]
async fn a_read_that_needs_no_token_is_sent_without_one() {
    let (url, heads) = recording_server().await;
    let client = Client::new(&url, Some("pl_secret_token".into())).unwrap();
    let id = ListingId(uuid::Uuid::now_v7());
    let _ = client.health().await;
    let _ = client.listing(id).await;
    let _ = client.search(&SearchQuery::words("bins")).await;
    let _ = client.similar(id).await;
    let _ = client.updates(id).await;
    let _ = client.legacy_projects().await;
    let _ = client.legacy_project(1).await;
    let anonymous: Vec<String> = heads.lock().unwrap().drain(..).collect();
    assert_eq!(anonymous.len(), 7);
    for head in &anonymous {
        assert!(
            !authorised(head),
            "a token went with a read that needs none:\n{head}"
        );
    }
    // A route that needs it carries it.
    let _ = client.me().await;
    let _ = client.feed().await;
    let personal: Vec<String> = heads.lock().unwrap().drain(..).collect();
    assert_eq!(personal.len(), 2);
    for head in &personal {
        assert!(
            head.contains("authorization: Bearer pl_secret_token")
                || head.contains("Authorization: Bearer pl_secret_token"),
            "{head}"
        );
    }
}

#[test]
fn a_token_is_refused_for_plain_http_to_another_computer() {
    for url in [
        "http://pipeline.example.gov.uk/",
        "http://10.1.2.3:8080/",
        "http://[2001:db8::1]/",
    ] {
        let refused = Client::new(url, Some("pl_secret_token".into())).unwrap_err();
        assert_eq!(refused.code(), "bad_url", "{url}");
        assert!(
            refused.to_string().contains("https://") && !refused.to_string().contains("pl_secret"),
            "{refused}"
        );
        assert_eq!(
            BlockingClient::new(url, Some("pl_secret_token".into()))
                .unwrap_err()
                .code(),
            "bad_url"
        );
        // Without a token, reading over plain HTTP is the reader's choice.
        assert!(Client::new(url, None).is_ok(), "{url}");
    }
}
