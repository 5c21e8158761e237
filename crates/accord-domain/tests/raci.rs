//! RACI rules: exactly one A, at least one R, succession gaps.

use accord_domain::{Assignment, RaciRole, Severity, raci};

use crate::{new_workspace, person};

/// Sets the first activity's row to `row` (party index, role) and returns the codes found
/// for that row, with their severities.
fn check_row(row: &[(usize, RaciRole)], inactive: &[usize]) -> Vec<(Severity, String)> {
    let mut ws = new_workspace();
    let names = ["Siân Jones", "Dafydd Price", "Zoë O'Neill"];
    let ids: Vec<_> = names
        .iter()
        .enumerate()
        .map(|(i, n)| person(&mut ws, i as u64, n, !inactive.contains(&i)))
        .collect();
    let activity = ws.raci.activities[0].id;
    for (p, role) in row {
        ws.raci.assignments.push(Assignment {
            activity,
            party: ids[*p],
            role: *role,
        });
    }
    let record = format!("raci.activities[{activity}]");
    raci::check(&ws)
        .into_iter()
        .filter(|f| f.record == record)
        .map(|f| (f.severity, f.code))
        .collect()
}

fn codes(found: &[(Severity, String)]) -> Vec<&str> {
    found.iter().map(|(_, c)| c.as_str()).collect()
}

#[test]
fn one_accountable_and_one_responsible_is_clean() {
    assert!(check_row(&[(0, RaciRole::A), (1, RaciRole::R), (2, RaciRole::C)], &[]).is_empty());
}

#[test]
fn the_accountable_party_may_also_be_responsible() {
    assert!(check_row(&[(0, RaciRole::A), (0, RaciRole::R)], &[]).is_empty());
}

#[test]
fn no_accountable_is_an_error() {
    let found = check_row(&[(0, RaciRole::R)], &[]);
    assert_eq!(
        found,
        vec![(Severity::Error, "raci_no_accountable".to_string())]
    );
}

#[test]
fn two_accountable_is_an_error_naming_both() {
    let mut ws = new_workspace();
    let a = person(&mut ws, 0, "Siân Jones", true);
    let b = person(&mut ws, 1, "Dafydd Price", true);
    let activity = ws.raci.activities[0].id;
    for (p, role) in [(a, RaciRole::A), (b, RaciRole::A), (a, RaciRole::R)] {
        ws.raci.assignments.push(Assignment {
            activity,
            party: p,
            role,
        });
    }
    let found = raci::check(&ws);
    let f = found
        .iter()
        .find(|f| f.code == "raci_many_accountable")
        .expect("two As found");
    assert_eq!(f.severity, Severity::Error);
    assert!(
        f.message.contains("Siân Jones") && f.message.contains("Dafydd Price"),
        "{}",
        f.message
    );
    assert!(f.message.contains(&ws.raci.activities[0].name));
}

#[test]
fn no_responsible_is_a_warning() {
    assert_eq!(
        check_row(&[(0, RaciRole::A), (1, RaciRole::C)], &[]),
        vec![(Severity::Warning, "raci_no_responsible".to_string())]
    );
}

#[test]
fn an_accountable_or_responsible_person_who_left_is_a_succession_gap() {
    let found = check_row(
        &[(0, RaciRole::A), (1, RaciRole::R), (2, RaciRole::I)],
        &[0, 2],
    );
    // Siân (A) left: a gap. Zoë (I) left: not a gap, informed people need no successor.
    assert_eq!(codes(&found), vec!["raci_succession_gap"]);
    let mut ws = new_workspace();
    let gone = person(&mut ws, 0, "Siân Jones", false);
    let activity = ws.raci.activities[2].id;
    ws.raci.assignments.push(Assignment {
        activity,
        party: gone,
        role: RaciRole::A,
    });
    let gap = raci::check(&ws)
        .into_iter()
        .find(|f| f.code == "raci_succession_gap")
        .unwrap();
    assert!(
        gap.message.contains("Siân Jones") && gap.message.contains("Owning the data"),
        "{}",
        gap.message
    );
}

#[test]
fn a_new_workspace_has_the_six_activities_nobody_owns() {
    let ws = new_workspace();
    let names: Vec<&str> = ws.raci.activities.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Owning the service",
            "Owning the system",
            "Owning the data",
            "Holding the licences",
            "Maintaining the code",
            "Agreeing changes to scope"
        ]
    );
    let found = raci::check(&ws);
    assert_eq!(
        found
            .iter()
            .filter(|f| f.code == "raci_no_accountable")
            .count(),
        6
    );
}

#[test]
fn letters_are_read_in_any_case_with_any_separator_once_each() {
    use RaciRole::*;
    assert_eq!(raci::parse_letters("AR").unwrap(), [A, R]);
    assert_eq!(raci::parse_letters(" r, c / i ").unwrap(), [R, C, I]);
    assert_eq!(raci::parse_letters("aA").unwrap(), [A]);
    assert!(raci::parse_letters("-").unwrap().is_empty());
    assert!(raci::parse_letters("").unwrap().is_empty());
    let bad = raci::parse_letters("AX").unwrap_err();
    assert_eq!(
        bad.to_string(),
        "'X' is not a RACI letter: use R, A, C or I, or - to clear."
    );
    assert_eq!(
        raci::letters(&[C, I, A, R]),
        "RACI",
        "in the matrix's order"
    );
    assert_eq!(raci::letters(&[]), "");
}

#[test]
fn one_rows_findings_are_that_rows_alone() {
    let mut ws = new_workspace();
    let siân = person(&mut ws, 1, "Siân Jones", true);
    let (first, second) = (ws.raci.activities[0].id, ws.raci.activities[1].id);
    ws.raci.assignments.push(Assignment {
        activity: first,
        party: siân,
        role: RaciRole::A,
    });
    ws.raci.assignments.push(Assignment {
        activity: first,
        party: siân,
        role: RaciRole::R,
    });
    assert!(raci::check_row(&ws, first).is_empty());
    let row: Vec<String> = raci::check_row(&ws, second)
        .into_iter()
        .map(|f| f.code)
        .collect();
    assert_eq!(row, ["raci_no_accountable", "raci_no_responsible"]);
    assert_eq!(
        raci::activity_record(second),
        format!("raci.activities[{second}]")
    );
}
