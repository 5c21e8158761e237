//! Refusals: no token, a revoked token, another organisation's listing, malformed JSON, oversized bodies, bad queries.

use pipeline_protocol::{ApiError, ErrorCode, Phase};
use reqwest::{Method, StatusCode};

use crate::support::{Db, TestServer, draft};

on_both!(
    every_write_needs_a_live_token,
    an_organisation_changes_only_what_it_owns,
    bad_input_is_refused_with_a_json_error
);

/// Sends a request and returns its status and JSON error.
async fn refused(request: reqwest::RequestBuilder) -> (StatusCode, ApiError) {
    let response = request.send().await.unwrap();
    let status = response.status();
    let text = response.text().await.unwrap();
    let error: ApiError = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{status}: not a JSON error ({e}): {text}"));
    (status, error)
}

/// A concrete address for a route's path, with made-up ids.
fn concrete(path: &str) -> String {
    path.replace("{id}", &uuid::Uuid::now_v7().to_string())
        .replace("{tag}", "waste")
}

async fn every_write_needs_a_live_token(db: Db) {
    let server = TestServer::start(db).await;
    let adur = server.account("Adur District Council", None).await;
    server
        .store
        .revoke_token(adur.token_id, server.now())
        .await
        .unwrap();
    let guarded: Vec<_> = pipeline::routes().into_iter().filter(|r| r.auth).collect();
    assert!(
        guarded.len() >= 15,
        "every change and every personal read needs a token"
    );
    for route in guarded {
        let address = server.at(&concrete(route.path));
        let body = || serde_json::json!({ "title": "x", "phase": "alpha", "collaboration_level": "share_ideas", "text": "x", "until": 1 });
        let without = server
            .raw()
            .request(route.method.clone(), &address)
            .json(&body());
        let (status, error) = refused(without).await;
        assert_eq!(
            (status, error.code),
            (StatusCode::UNAUTHORIZED, ErrorCode::Unauthorised),
            "{} {} without a token",
            route.method,
            route.path
        );
        let revoked = server
            .raw()
            .request(route.method.clone(), &address)
            .bearer_auth(&adur.token)
            .json(&body());
        let (status, error) = refused(revoked).await;
        assert_eq!(
            (status, error.code),
            (StatusCode::UNAUTHORIZED, ErrorCode::Unauthorised),
            "{} {} with a revoked token",
            route.method,
            route.path
        );
        assert!(error.message.contains("revoked"), "{}", error.message);
        let malformed = server
            .raw()
            .request(route.method.clone(), &address)
            .header("authorization", "Basic abc")
            .json(&body());
        assert_eq!(refused(malformed).await.0, StatusCode::UNAUTHORIZED);
    }
}

async fn an_organisation_changes_only_what_it_owns(db: Db) {
    let server = TestServer::start(db).await;
    let adur = server.account("Adur District Council", None).await;
    let leeds = server.account("Leeds City Council", None).await;
    let theirs = adur
        .client
        .publish(&draft("Missed bins", "", &["waste"], Phase::Alpha))
        .await
        .unwrap();
    let request = leeds.client.join(theirs, "").await.unwrap();

    let listing = server.anonymous().listing(theirs).await.unwrap();
    let mut hijack = listing.draft();
    hijack.title = "Leeds's now".into();
    let cases = [
        leeds.client.update(theirs, &hijack).await.unwrap_err(),
        leeds
            .client
            .post_update(theirs, "Not ours to say")
            .await
            .unwrap_err(),
        leeds.client.join_requests(theirs).await.unwrap_err(),
        leeds.client.accept(request.id).await.unwrap_err(),
        leeds.client.decline(request.id).await.unwrap_err(),
    ];
    for error in cases {
        assert_eq!(
            (error.status(), error.code()),
            (Some(403), "forbidden"),
            "{error}"
        );
    }
    let after = server.anonymous().listing(theirs).await.unwrap();
    assert_eq!(after, listing, "nothing changed");
    assert!(server.anonymous().updates(theirs).await.unwrap().is_empty());

    // A colleague in the same organisation may change it.
    let colleague = server.user_of(&adur.organisation).await;
    assert_eq!(
        colleague
            .client
            .post_update(theirs, "From a colleague")
            .await
            .unwrap()
            .organisation,
        adur.organisation
    );
}

async fn bad_input_is_refused_with_a_json_error(db: Db) {
    let server = TestServer::start(db).await;
    let adur = server.account("Adur District Council", None).await;
    let id = adur
        .client
        .publish(&draft("Missed bins", "", &[], Phase::Alpha))
        .await
        .unwrap();
    let post = |path: &str| server.raw().post(server.at(path)).bearer_auth(&adur.token);

    let (status, error) = refused(
        post("/v1/listings")
            .header("content-type", "application/json")
            .body("{\"title\": "),
    )
    .await;
    assert_eq!(
        (status, error.code),
        (StatusCode::BAD_REQUEST, ErrorCode::MalformedJson)
    );
    assert!(error.message.contains("EOF"), "{}", error.message);

    let (status, error) =
        refused(post("/v1/listings").json(&serde_json::json!({ "titel": "x" }))).await;
    assert_eq!(
        (status, error.code),
        (StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::Invalid)
    );
    assert!(
        error.message.contains("unknown field `titel`"),
        "{}",
        error.message
    );

    let (status, error) = refused(post("/v1/listings").json(&serde_json::json!({ "title": "x", "phase": "gamma", "collaboration_level": "share_ideas" }))).await;
    assert_eq!(
        (status, error.code),
        (StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::Invalid)
    );
    assert!(error.message.contains("gamma"), "{}", error.message);

    let (status, error) = refused(post("/v1/listings").json(&serde_json::json!({ "title": "  ", "phase": "alpha", "collaboration_level": "share_ideas" }))).await;
    assert_eq!(
        (status, error.code, error.field.as_deref()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::Invalid,
            Some("title")
        )
    );

    let (status, error) = refused(post("/v1/listings").body("{}")).await;
    assert_eq!(
        (status, error.code),
        (
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::UnsupportedMediaType
        )
    );

    // Over the size limit: refused whole, before it is parsed.
    let huge = serde_json::json!({ "title": "x", "problem": "a".repeat(pipeline::BODY_LIMIT), "phase": "alpha", "collaboration_level": "share_ideas" });
    let (status, error) = refused(post("/v1/listings").json(&huge)).await;
    assert_eq!(
        (status, error.code),
        (StatusCode::PAYLOAD_TOO_LARGE, ErrorCode::TooLarge)
    );
    let (status, _) = refused(
        server
            .raw()
            .put(server.at(&format!("/v1/listings/{id}")))
            .bearer_auth(&adur.token)
            .json(&huge),
    )
    .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    // Under the limit but over a field's limit: refused by the rules, naming the field.
    let long = serde_json::json!({ "title": "x", "problem": "a".repeat(6_000), "phase": "alpha", "collaboration_level": "share_ideas" });
    let (status, error) = refused(post("/v1/listings").json(&long)).await;
    assert_eq!(
        (status, error.field.as_deref()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("problem"))
    );

    let get = |path: &str| server.raw().get(server.at(path));
    let (status, error) = refused(get("/v1/listings/not-a-uuid")).await;
    assert_eq!(
        (status, error.field.as_deref()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("id"))
    );
    let (status, error) = refused(get(&format!("/v1/listings/{}", uuid::Uuid::now_v7()))).await;
    assert_eq!(
        (status, error.code),
        (StatusCode::NOT_FOUND, ErrorCode::NotFound)
    );
    let (status, error) = refused(get("/v1/listings?phase=gamma")).await;
    assert_eq!(
        (status, error.code),
        (StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::Invalid)
    );
    let (status, error) = refused(get("/v1/listings?region=Atlantis")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        error.message.contains("South East"),
        "the refusal lists the regions: {}",
        error.message
    );
    let (status, _) = refused(get("/v1/listings?limit=0")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = refused(get("/v1/listings?colour=red")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, error) = refused(get("/v1/nothing-here")).await;
    assert_eq!(
        (status, error.code),
        (StatusCode::NOT_FOUND, ErrorCode::NotFound)
    );
    let (status, error) = refused(
        server
            .raw()
            .request(Method::PATCH, server.at("/v1/listings")),
    )
    .await;
    assert_eq!(
        (status, error.code),
        (StatusCode::METHOD_NOT_ALLOWED, ErrorCode::MethodNotAllowed)
    );
    let (status, _) = refused(
        server
            .raw()
            .put(server.at("/v1/subscriptions/%20"))
            .bearer_auth(&adur.token),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}
