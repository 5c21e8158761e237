//! `/openapi.json` describes exactly the routes the server answers.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::support::{Db, TestServer};

#[tokio::test]
async fn the_document_and_the_router_agree() {
    let server = TestServer::start(Db::Sqlite).await;
    let document: Value = server
        .raw()
        .get(server.at("/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(document["openapi"], "3.1.0");

    let documented: BTreeSet<(String, String)> = document["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, operations)| {
            operations
                .as_object()
                .unwrap()
                .keys()
                .map(move |m| (m.to_uppercase(), path.clone()))
        })
        .collect();
    let routed: BTreeSet<(String, String)> = pipeline::routes()
        .iter()
        .map(|r| (r.method.to_string(), r.path.to_string()))
        .collect();
    assert_eq!(documented, routed);

    // Every documented operation is answered by its handler, not by the "no such route" fallback.
    for (method, path) in &documented {
        let address = server.at(&path
            .replace("{id}", &uuid::Uuid::now_v7().to_string())
            .replace("{tag}", "waste"));
        let response = server
            .raw()
            .request(method.parse().unwrap(), &address)
            .send()
            .await
            .unwrap();
        let status = response.status();
        let text = response.text().await.unwrap();
        assert_ne!(status, 405, "{method} {path}");
        assert!(
            !text.contains("There is no route"),
            "{method} {path} is documented but not routed"
        );
    }

    // Every schema the document refers to is in it.
    let text = document.to_string();
    for reference in text.split("\"$ref\":\"").skip(1) {
        let name = reference
            .split('"')
            .next()
            .unwrap()
            .trim_start_matches("#/components/schemas/");
        assert!(
            document["components"]["schemas"].get(name).is_some(),
            "missing schema {name}"
        );
    }
    let draft = &document["components"]["schemas"]["ListingDraft"];
    assert!(
        draft["properties"]["looking_for_partners"].is_object(),
        "{draft}"
    );
    assert!(
        document["paths"]["/v1/listings"]["get"]["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["name"] == "tags")
    );
    assert_eq!(
        document["paths"]["/v1/listings"]["post"]["security"][0]["bearer"],
        serde_json::json!([])
    );
}
