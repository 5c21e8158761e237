//! Full-text search finds every kind of record by its text.

use accord_store::WorkspaceFile;

use crate::{Dir, stamp};

#[test]
fn search_finds_each_kind_of_record() {
    let d = Dir::new();
    let ws = WorkspaceFile::import(
        d.path("s.accord"),
        &accord_fixtures::workspace(accord_fixtures::Size::SMALL),
        &stamp(),
    )
    .unwrap();
    let kinds = |q: &str| -> Vec<String> {
        ws.search(q, 100)
            .unwrap()
            .into_iter()
            .map(|h| h.record_type)
            .collect()
    };
    assert!(kinds("gazetteer").is_empty());
    assert!(kinds("missed bins").contains(&"project".to_string()));
    assert!(kinds("DPIA").contains(&"section".to_string()));
    assert!(kinds("DPIA").contains(&"decision".to_string()));
    assert!(kinds("DPIA").contains(&"handover_note".to_string()));
    assert!(kinds("Owning the data").contains(&"activity".to_string()));
    assert!(kinds("Dafydd").contains(&"person".to_string()));
    assert!(
        kinds("E07").iter().any(|k| k == "organisation")
            || kinds("district").contains(&"organisation".to_string())
    );
}

#[test]
fn search_ignores_accents_matches_prefixes_and_marks_the_match() {
    let d = Dir::new();
    let mut ws = WorkspaceFile::create(d.path("s.accord"), "Bins", &stamp()).unwrap();
    ws.write_section("data", "Ynys Môn holds the gazetteer licence.", &stamp())
        .unwrap();
    for q in ["mon", "Môn", "gazet", "YNYS MON"] {
        let hits = ws.search(q, 10).unwrap();
        assert_eq!(hits.len(), 1, "{q}");
        assert_eq!(hits[0].record_id, "data");
        assert!(hits[0].snippet.contains('['), "{}", hits[0].snippet);
    }
    // Query syntax typed by a person is just words.
    assert!(ws.search("\"unbalanced OR (", 10).unwrap().is_empty());
    assert!(ws.search("   ", 10).unwrap().is_empty());
}

#[test]
fn search_follows_edits_and_removals() {
    let d = Dir::new();
    let mut ws = WorkspaceFile::create(d.path("s.accord"), "Bins", &stamp()).unwrap();
    ws.write_section("scope", "Garden waste is in scope.", &stamp())
        .unwrap();
    assert_eq!(ws.search("garden", 10).unwrap().len(), 1);
    ws.write_section("scope", "Only domestic waste.", &stamp())
        .unwrap();
    assert!(ws.search("garden", 10).unwrap().is_empty());
    ws.add_section("training", "Training for crews", &stamp())
        .unwrap();
    assert_eq!(ws.search("crews", 10).unwrap().len(), 1);
    ws.remove_section("training", &stamp()).unwrap();
    assert!(ws.search("crews", 10).unwrap().is_empty());
}
