//! A token is never written to a log, whatever happens to the request that carried it.

use pipeline_protocol::Phase;

use crate::support::{Db, TestServer, draft, logs};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tokens_never_reach_the_logs() {
    let server = TestServer::start(Db::Sqlite).await;
    let adur = server.account("Adur District Council", None).await;
    let id = adur
        .client
        .publish(&draft("Missed bins", "", &[], Phase::Alpha))
        .await
        .unwrap();
    adur.client.post_update(id, "Logged?").await.unwrap();
    let _ = server
        .raw()
        .post(server.at("/v1/listings"))
        .bearer_auth(&adur.token)
        .header("content-type", "application/json")
        .body("{")
        .send()
        .await;
    server
        .store
        .revoke_token(adur.token_id, server.now())
        .await
        .unwrap();
    let _ = adur.client.me().await;
    let unknown = format!("pl_{}", "7".repeat(64));
    let _ = server
        .raw()
        .get(server.at("/v1/me"))
        .bearer_auth(&unknown)
        .send()
        .await;
    let _ = server
        .raw()
        .get(server.at(&format!("/v1/feed?token={unknown}")))
        .send()
        .await;
    server.stop().await;

    let text = String::from_utf8_lossy(&logs().lock().unwrap()).into_owned();
    assert!(
        text.contains("path=/v1/listings") && text.contains("status=401"),
        "the requests were logged:\n{text}"
    );
    for secret in [&adur.token, &unknown] {
        assert!(!text.contains(&secret[3..]), "a token is in the logs");
    }
}
