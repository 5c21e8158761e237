//! Finding a record from what a person typed: its id, its exact name, or the start of a
//! name that only one record has.

use accord_domain::{Activity, Id, Organisation, Person};

use crate::failure::{Failure, Outcome};

fn find<'a, T>(
    items: &'a [T],
    typed: &str,
    what: &str,
    id: impl Fn(&T) -> Id,
    name: impl Fn(&T) -> &str,
) -> Outcome<&'a T> {
    let typed = typed.trim();
    if let Ok(wanted) = typed.parse::<Id>() {
        return items
            .iter()
            .find(|i| id(i) == wanted)
            .ok_or_else(|| Failure::usage(format!("No {what} has the id {wanted}.")));
    }
    let lower = typed.to_lowercase();
    let exact: Vec<&T> = items
        .iter()
        .filter(|i| name(i).to_lowercase() == lower)
        .collect();
    // Exact name first; then the start of a name; then a name with a word starting so
    // ("Siân" finds "Cllr Siân Llŷr").
    let candidates = if !exact.is_empty() {
        exact
    } else {
        let prefix: Vec<&T> = items
            .iter()
            .filter(|i| name(i).to_lowercase().starts_with(&lower))
            .collect();
        if prefix.is_empty() {
            items
                .iter()
                .filter(|i| {
                    name(i)
                        .to_lowercase()
                        .split_whitespace()
                        .any(|w| w.starts_with(&lower))
                })
                .collect()
        } else {
            prefix
        }
    };
    match candidates.as_slice() {
        [one] => Ok(one),
        [] => Err(Failure::usage(format!("No {what} is called \"{typed}\"."))),
        many => Err(Failure::usage(format!(
            "More than one {what} matches \"{typed}\": {}. Type more of the name, or use the id.",
            many.iter()
                .map(|i| format!("{} ({})", name(i), id(i)))
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

pub fn person<'a>(people: &'a [Person], typed: &str) -> Outcome<&'a Person> {
    find(people, typed, "person", |p| p.id, |p| &p.name)
}

pub fn organisation<'a>(orgs: &'a [Organisation], typed: &str) -> Outcome<&'a Organisation> {
    find(orgs, typed, "organisation", |o| o.id, |o| &o.name)
}

/// An activity by id, name, or its row number in the matrix (1 is the first).
pub fn activity<'a>(activities: &'a [Activity], typed: &str) -> Outcome<&'a Activity> {
    if let Ok(n) = typed.trim().parse::<usize>() {
        return activities.get(n.wrapping_sub(1)).ok_or_else(|| {
            Failure::usage(format!(
                "There is no activity number {n}: the matrix has {} rows.",
                activities.len()
            ))
        });
    }
    find(activities, typed, "activity", |a| a.id, |a| &a.name)
}

/// A person or an organisation: the two kinds of party in the RACI matrix.
pub fn party(people: &[Person], orgs: &[Organisation], typed: &str) -> Outcome<(Id, String)> {
    match (person(people, typed), organisation(orgs, typed)) {
        (Ok(p), Err(_)) => Ok((p.id, p.name.clone())),
        (Err(_), Ok(o)) => Ok((o.id, o.name.clone())),
        (Ok(p), Ok(o)) => Err(Failure::usage(format!(
            "\"{typed}\" matches both the person {} and the organisation {}: use an id.",
            p.name, o.name
        ))),
        (Err(_), Err(_)) => Err(Failure::usage(format!(
            "No person or organisation is called \"{typed}\"."
        ))),
    }
}
