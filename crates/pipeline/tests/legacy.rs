//! The legacy Pipeline routes keep Pipeline's field names, so what reads Pipeline keeps working.

use pipeline_protocol::{BudgetBand, Contact, Phase};
use serde_json::Value;

use crate::support::{Db, TestServer, draft};

on_both!(legacy_routes_use_pipelines_field_names);

const PIPELINE_FIELDS: [&str; 12] = [
    "budget",
    "dates",
    "department",
    "id",
    "lastUpdated",
    "org",
    "owner",
    "ownerEmail",
    "phase",
    "status",
    "tags",
    "title",
];

async fn legacy_routes_use_pipelines_field_names(db: Db) {
    let server = TestServer::start(db).await;
    let adur = server.account("Adur District Council", None).await;
    let mut bins = draft("Missed bins", "", &["waste", "bins"], Phase::Beta);
    bins.budget_band = Some(BudgetBand::From100kTo250k);
    bins.start_date = Some("2026-01-05".parse().unwrap());
    bins.review_date = Some("2026-07-01".parse().unwrap());
    bins.contact = Some(Contact {
        name: "Jo Bloggs".into(),
        email: "jo@adur.gov.uk".into(),
        publish_email: true,
        job_title: String::new(),
        department: "Environment".into(),
    });
    let id = adur.client.publish(&bins).await.unwrap();
    adur.client
        .publish(&draft("Retired scheme", "", &[], Phase::Retired))
        .await
        .unwrap();
    let number = server.anonymous().listing(id).await.unwrap().number;

    let all: Value = server
        .raw()
        .get(server.at("/api/project"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let all = all.as_array().expect("a JSON array, as Pipeline sent");
    assert_eq!(all.len(), 2);
    for project in all {
        let mut keys: Vec<&str> = project
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort();
        assert_eq!(keys, PIPELINE_FIELDS);
    }
    let expected = serde_json::json!({
        "id": number, "title": "Missed bins", "status": "Beta", "org": "Adur District Council", "department": "Environment",
        "lastUpdated": "2026-11-26T09:00:00Z", "phase": "beta", "budget": "£100k-£250k", "dates": "2026-01-05 to 2026-07-01",
        "owner": "Jo Bloggs", "ownerEmail": "jo@adur.gov.uk", "tags": ["waste", "bins"]
    });
    assert_eq!(all[0], expected);
    assert_eq!(all[1]["status"], "Decommissioned");

    let one: Value = server
        .raw()
        .get(server.at(&format!("/api/project/{number}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(one, expected);
    assert_eq!(
        server
            .anonymous()
            .legacy_project(number)
            .await
            .unwrap()
            .owner_email,
        "jo@adur.gov.uk"
    );
    assert_eq!(server.anonymous().legacy_projects().await.unwrap().len(), 2);
    let page = |query: String| {
        let server = &server;
        async move {
            server
                .raw()
                .get(server.at(&format!("/api/project?{query}")))
                .send()
                .await
                .unwrap()
                .json::<Vec<Value>>()
                .await
                .unwrap()
        }
    };
    let first = page("limit=1".into()).await;
    assert_eq!(first.len(), 1);
    let next = page(format!("limit=1&after={}", first[0]["id"])).await;
    assert_eq!(next[0]["title"], "Retired scheme");
    assert!(
        page(format!("limit=1&after={}", next[0]["id"]))
            .await
            .is_empty()
    );
    // A full page says where the next one is; the last does not; a page holds at most 100.
    let full = server
        .raw()
        .get(server.at("/api/project?limit=1"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        full.headers()["link"],
        format!("</api/project?limit=1&after={number}>; rel=\"next\"").as_str()
    );
    let last = server
        .raw()
        .get(server.at("/api/project"))
        .send()
        .await
        .unwrap();
    assert!(last.headers().get("link").is_none());
    let too_many = server
        .raw()
        .get(server.at("/api/project?limit=101"))
        .send()
        .await
        .unwrap();
    assert_eq!(too_many.status(), 422);
    let missing = server
        .raw()
        .get(server.at("/api/project/999999"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
}
