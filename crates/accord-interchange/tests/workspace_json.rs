//! Reading the workspace document: every kind of bad input names the bad field's path.

use accord_interchange::{InterchangeError, from_json, json_schema, to_json};
use serde_json::Value;

fn sample() -> Value {
    serde_json::from_str(&to_json(&accord_fixtures::workspace(
        accord_fixtures::Size::SMALL,
    )))
    .unwrap()
}

fn error_for(edit: impl FnOnce(&mut Value)) -> InterchangeError {
    let mut doc = sample();
    edit(&mut doc);
    from_json(&serde_json::to_string(&doc).unwrap()).unwrap_err()
}

#[test]
fn the_document_uses_the_field_names_of_the_domain() {
    let doc = sample();
    let keys: Vec<&str> = doc
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "format",
            "format_version",
            "project",
            "organisations",
            "people",
            "agreement",
            "raci",
            "decisions",
            "succession",
            "signoffs"
        ]
    );
    assert_eq!(doc["decisions"][0]["number"], "D-001");
    for field in [
        "collaboration_level",
        "budget_band",
        "looking_for_partners",
        "start_date",
        "review_date",
        "pipeline_id",
        "language",
    ] {
        assert!(doc["project"].get(field).is_some(), "project.{field}");
    }
    for field in [
        "where_things_are",
        "tacit_knowledge",
        "first_two_weeks",
        "acknowledged_on",
    ] {
        assert!(
            doc["succession"][0].get(field).is_some(),
            "succession.{field}"
        );
    }
}

#[test]
fn to_json_then_from_json_gives_the_same_workspace() {
    let ws = accord_fixtures::workspace(accord_fixtures::Size::SMALL);
    assert_eq!(from_json(&to_json(&ws)).unwrap(), ws);
}

#[test]
fn the_documents_language_is_exchanged_and_a_document_without_it_is_in_english() {
    let mut doc = sample();
    assert_eq!(doc["project"]["language"], "en-GB");
    doc["project"]["language"] = "cy".into();
    let ws = from_json(&serde_json::to_string(&doc).unwrap()).unwrap();
    assert_eq!(ws.project.language, accord_domain::Language::Welsh);
    assert_eq!(
        serde_json::from_str::<Value>(&to_json(&ws)).unwrap()["project"]["language"],
        "cy"
    );
    // A document written before the field existed says nothing: British English.
    doc["project"].as_object_mut().unwrap().remove("language");
    let ws = from_json(&serde_json::to_string(&doc).unwrap()).unwrap();
    assert_eq!(ws.project.language, accord_domain::Language::EnglishUk);
    let e = error_for(|d| d["project"]["language"] = "fr".into());
    assert!(e.to_string().contains("project.language"), "{e}");
}

/// What to break, the path the error must name, words it must say.
type BadValue = (Box<dyn FnOnce(&mut Value)>, &'static str, &'static str);

#[test]
fn bad_values_name_their_path() {
    let cases: Vec<BadValue> = vec![
        (
            Box::new(|d| d["decisions"][3]["status"] = "done".into()),
            "decisions[3].status",
            "expected one of \"proposed\", \"accepted\"",
        ),
        (
            Box::new(|d| d["decisions"][1]["number"] = "7".into()),
            "decisions[1].number",
            "D-",
        ),
        (
            Box::new(|d| d["project"]["phase"] = "pilot".into()),
            "project.phase",
            "concept",
        ),
        (
            Box::new(|d| d["raci"]["assignments"][2]["role"] = "X".into()),
            "raci.assignments[2].role",
            "\"R\"",
        ),
        (
            Box::new(|d| d["people"][0]["id"] = "not-a-uuid".into()),
            "people[0].id",
            "UUID",
        ),
        (
            Box::new(|d| d["decisions"][0]["date"] = "26/11/2026".into()),
            "decisions[0].date",
            "input",
        ),
        (
            Box::new(|d| d["agreement"]["version"] = (-1).into()),
            "agreement.version",
            "-1",
        ),
        (
            Box::new(|d| d["organisations"][0]["colour"] = "red".into()),
            "organisations[0].colour",
            "unknown field \"colour\"",
        ),
        (
            Box::new(|d| {
                d["project"].as_object_mut().unwrap().remove("title");
            }),
            "project",
            "missing field \"title\"",
        ),
        (
            Box::new(|d| d["succession"][1]["status"] = 3.into()),
            "succession[1].status",
            "expected",
        ),
    ];
    for (edit, path, words) in cases {
        match error_for(edit) {
            InterchangeError::Field { path: p, message } => {
                assert_eq!(p, path, "{message}");
                assert!(message.contains(words), "{path}: {message}");
            }
            other => panic!("{path}: expected a field error, got {other:?}"),
        }
    }
}

#[test]
fn records_that_point_at_nothing_are_listed_with_their_paths() {
    let err = error_for(|d| {
        d["decisions"][2]["deciders"] = serde_json::json!(["01900000-0000-7000-8000-00000000dead"]);
        d["organisations"][0]["signatory"] = "01900000-0000-7000-8000-00000000beef".into();
    });
    let text = err.to_string();
    assert_eq!(err.code(), "inconsistent");
    assert!(
        text.contains("decisions[2].deciders[0]: no person has the id"),
        "{text}"
    );
    assert!(text.contains("organisations[0].signatory"), "{text}");
}

#[test]
fn broken_json_says_where() {
    let mut text = to_json(&accord_fixtures::workspace(accord_fixtures::Size::SMALL));
    text.truncate(text.len() / 2);
    let err = from_json(&text).unwrap_err();
    assert_eq!(err.code(), "json_syntax");
    assert!(err.to_string().contains("line"), "{err}");
    assert_eq!(from_json("").unwrap_err().code(), "json_syntax");
    assert_eq!(from_json("[1, 2]").unwrap_err().code(), "bad_field");
    assert_eq!(
        from_json(&format!(
            "{} trailing",
            to_json(&accord_fixtures::workspace(accord_fixtures::Size::SMALL))
        ))
        .unwrap_err()
        .code(),
        "json_syntax"
    );
}

#[test]
fn a_document_from_a_newer_format_is_refused_by_name() {
    let err = error_for(|d| d["format_version"] = 2.into());
    assert!(
        err.to_string()
            .contains("format_version: this Accord reads format version 1"),
        "{err}"
    );
}

#[test]
fn the_committed_schema_is_the_one_the_code_describes() {
    let committed = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/workspace.schema.json"))
        .expect("docs/workspace.schema.json exists; write it with `accord schema > docs/workspace.schema.json`");
    assert_eq!(
        committed,
        json_schema(),
        "docs/workspace.schema.json is stale: run `accord schema > docs/workspace.schema.json`"
    );
    let schema: Value = serde_json::from_str(&committed).unwrap();
    assert_eq!(
        schema["required"],
        serde_json::json!(["format", "format_version", "project", "agreement"])
    );
}
