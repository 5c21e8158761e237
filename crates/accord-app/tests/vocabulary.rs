//! The words the page loads (`vocabulary`) are exactly the words the app's commands
//! accept, so a list the page offers can never hold a word a save refuses; and the page
//! asks the agreement view, not its own copy of the rule, whether a version is open.

use accord_app::vocabulary;

use crate::ready;

#[test]
fn every_word_the_page_offers_is_one_the_commands_accept() {
    let v = vocabulary();
    let mut f = ready();
    for (field, list) in [
        ("phase", &v.phases),
        ("status", &v.project_statuses),
        ("collaboration_level", &v.collaboration_levels),
        ("budget_band", &v.budget_bands),
        ("language", &v.languages),
    ] {
        assert!(list.len() >= 2, "{field}: {list:?}");
        for w in list {
            let p = f
                .session
                .set_project_field(field, w.word)
                .unwrap_or_else(|e| panic!("{field} {}: {}", w.word, e.message));
            let saved = serde_json::to_value(&p).unwrap()[field].clone();
            assert_eq!(saved, w.word, "{field}");
        }
    }
    assert!(f.session.set_project_field("phase", "launch").is_err());

    for (i, kind) in v.organisation_kinds.iter().enumerate() {
        let role = &v.party_roles[i % v.party_roles.len()];
        let o = f
            .session
            .add_organisation(&format!("Council {i}"), kind.word, role.word, "")
            .unwrap_or_else(|e| panic!("{}: {}", kind.word, e.message));
        assert_eq!((o.kind.as_str(), o.role.as_str()), (kind.word, role.word));
    }

    let raci = f.session.raci().unwrap();
    let (activity, party) = (
        raci.activities[0].id.to_string(),
        raci.parties[0].id.clone(),
    );
    let letters: String = v.raci_roles.iter().map(|r| r.word).collect();
    assert_eq!(letters, "RACI");
    assert_eq!(
        v.raci_roles
            .iter()
            .map(|r| r.label.as_ref())
            .collect::<Vec<_>>(),
        ["Responsible", "Accountable", "Consulted", "Informed"]
    );
    assert_eq!(
        f.session
            .set_cell(&activity, &party, &letters)
            .unwrap()
            .roles,
        letters
    );

    for s in &v.decision_statuses {
        f.session
            .decisions(s.word, "", 0, 10)
            .unwrap_or_else(|e| panic!("{}: {}", s.word, e.message));
    }
    for s in &v.section_statuses {
        f.session
            .write_section("data", "Each council controls its own data.")
            .unwrap();
        assert_eq!(
            f.session.set_section_status("data", s.word).unwrap().status,
            s.word
        );
    }
}

#[test]
fn words_carry_the_labels_a_person_reads() {
    let v = vocabulary();
    let label = |list: &[accord_domain::vocabulary::Word], word: &str| {
        list.iter()
            .find(|w| w.word == word)
            .unwrap_or_else(|| panic!("{word} in {list:?}"))
            .label
            .to_string()
    };
    assert_eq!(label(&v.phases, "alpha"), "Alpha");
    assert_eq!(label(&v.collaboration_levels, "share_ideas"), "Share ideas");
    assert_eq!(label(&v.budget_bands, "over-1m"), "Over £1 million");
    assert_eq!(
        label(&v.organisation_kinds, "london_borough"),
        "London borough"
    );
    assert_eq!(label(&v.documents, "raci"), "RACI matrix");
    assert_eq!(
        label(&v.signoff_methods, "electronic"),
        "Electronic signature"
    );
    assert_eq!(label(&v.nations, "northern_ireland"), "Northern Ireland");
    // The page's JSON: each list a list of { word, label }.
    let json = serde_json::to_value(&v).unwrap();
    assert_eq!(
        json["phases"][0],
        serde_json::json!({"word": "concept", "label": "Concept"})
    );
}

#[test]
fn the_agreement_view_says_whether_the_version_is_open() {
    let mut f = ready();
    assert!(f.session.agreement().unwrap().open, "a draft is open");
    assert!(f.session.set_agreement_status("in_review").unwrap().open);
    let keys: Vec<String> = f
        .session
        .agreement()
        .unwrap()
        .sections
        .iter()
        .map(|s| s.key.clone())
        .collect();
    for k in &keys {
        f.session.write_section(k, "Agreed by all.").unwrap();
        f.session.set_section_status(k, "agreed").unwrap();
    }
    let agreed = f.session.set_agreement_status("agreed").unwrap();
    assert!(!agreed.open, "an agreed version is a record");
    assert!(f.session.write_section(&keys[0], "Changed.").is_err());
    assert!(f.session.reopen_agreement().unwrap().open);
}
