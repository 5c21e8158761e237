//! A workspace's records must agree with each other; problems are reported by path.

use accord_domain::{Assignment, RaciRole};

use crate::new_workspace;

#[test]
fn a_realistic_workspace_has_no_problems() {
    assert_eq!(
        accord_fixtures::workspace(accord_fixtures::Size::SMALL).problems(),
        vec![]
    );
}

#[test]
fn dangling_references_are_reported_by_path() {
    let mut ws = accord_fixtures::workspace(accord_fixtures::Size::SMALL);
    let nobody = accord_fixtures::id(99, 1);
    ws.decisions[3].deciders.push(nobody);
    ws.raci.assignments.push(Assignment {
        activity: ws.raci.activities[0].id,
        party: nobody,
        role: RaciRole::C,
    });
    ws.succession[1].holder = nobody;
    ws.people[0].organisation = Some(nobody);
    let dup = ws.decisions[0].number;
    ws.decisions[1].number = dup;
    let paths: Vec<String> = ws.problems().into_iter().map(|(p, _)| p).collect();
    let n = ws.raci.assignments.len() - 1;
    for expected in [
        "decisions[3].deciders[1]".to_string(),
        format!("raci.assignments[{n}].party"),
        "succession[1].holder".to_string(),
        "people[0].organisation".to_string(),
        "decisions[1].number".to_string(),
    ] {
        assert!(paths.contains(&expected), "{expected} not in {paths:?}");
    }
}

#[test]
fn the_format_name_and_version_are_checked() {
    let mut ws = new_workspace();
    ws.format = "something-else".into();
    ws.format_version = 9;
    let paths: Vec<String> = ws.problems().into_iter().map(|(p, _)| p).collect();
    assert_eq!(paths, ["format", "format_version"]);
}
