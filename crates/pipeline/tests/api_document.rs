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

/// Every `description` in the document that is not text, by its path.
fn nulls(value: &Value, path: &str, found: &mut Vec<String>) {
    match value {
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                nulls(v, &format!("{path}/{i}"), found);
            }
        }
        Value::Object(fields) => {
            for (k, v) in fields {
                if k == "description" && !v.is_string() {
                    found.push(format!("{path}/{k}"));
                }
                nulls(v, &format!("{path}/{k}"), found);
            }
        }
        _ => {}
    }
}

/// The document passes `openapi-spec-validator` (PyPI; scripts/setup.sh installs it), an
/// independent reader of OpenAPI 3.1.
#[tokio::test]
async fn the_document_passes_an_independent_validator() {
    let server = TestServer::start(Db::Sqlite).await;
    let text = server
        .raw()
        .get(server.at("/openapi.json"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let document: Value = serde_json::from_str(&text).unwrap();
    let mut found = Vec::new();
    nulls(&document, "", &mut found);
    assert!(
        found.is_empty(),
        "descriptions that are not text at {found:?}"
    );

    let file = server.dir.path().join("openapi.json");
    std::fs::write(&file, &text).unwrap();
    let run = std::process::Command::new("python3")
        .args(["-m", "openapi_spec_validator", "--schema", "3.1"])
        .arg(&file)
        .output()
        .expect("python3 with openapi-spec-validator (run scripts/setup.sh)");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(
        run.status.success(),
        "openapi-spec-validator refused the document:\n{said}"
    );
    assert!(said.contains("OK"), "{said}");
}
