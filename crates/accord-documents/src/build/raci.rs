//! The RACI matrix document, and the rows a given party is Responsible or Accountable for.

use std::collections::{HashMap, HashSet};

use accord_domain::{Id, RaciRole, Workspace};

use super::Names;
use crate::model::{RaciParty, RaciRow, RaciTable};
use crate::text::{one_line, shown};

/// Columns: every organisation (in workspace order, so gaps show), then every person who
/// holds a letter, in the order they first appear.
pub(crate) fn build(ws: &Workspace, names: &Names) -> RaciTable {
    let mut ids: Vec<Id> = ws.organisations.iter().map(|o| o.id).collect();
    let mut seen: HashSet<Id> = ids.iter().copied().collect();
    for a in &ws.raci.assignments {
        if seen.insert(a.party) {
            ids.push(a.party);
        }
    }
    let mut used_labels: HashSet<String> = HashSet::new();
    let mut label_of: HashMap<Id, String> = HashMap::new();
    let mut parties = Vec::with_capacity(ids.len());
    for id in &ids {
        let base = names.party(id);
        let mut label = base.clone();
        let mut n = 2;
        while !used_labels.insert(label.clone()) {
            label = format!("{base} ({n})");
            n += 1;
        }
        label_of.insert(*id, label.clone());
        let is_person = names.is_person(id);
        parties.push(RaciParty {
            label,
            organisation: if is_person {
                names.organisation_of(id)
            } else {
                None
            },
            is_person,
        });
    }
    let column: HashMap<Id, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();

    let mut by_activity: HashMap<Id, Vec<(usize, RaciRole)>> = HashMap::new();
    for a in &ws.raci.assignments {
        by_activity
            .entry(a.activity)
            .or_default()
            .push((column[&a.party], a.role));
    }
    let rows = ws
        .raci
        .activities
        .iter()
        .map(|activity| {
            let mut held = by_activity.remove(&activity.id).unwrap_or_default();
            held.sort();
            held.dedup();
            let mut cells: Vec<(String, String)> = Vec::new();
            let mut last: Option<usize> = None;
            for (col, role) in held {
                if last == Some(col) {
                    let cell = cells.last_mut().expect("a cell was pushed for this column");
                    cell.1.push_str(", ");
                    cell.1.push_str(role.as_str());
                } else {
                    cells.push((parties[col].label.clone(), role.as_str().to_string()));
                }
                last = Some(col);
            }
            RaciRow {
                activity: one_line(&activity.name),
                description: shown(&activity.description),
                phase: activity.phase,
                cells,
            }
        })
        .collect();
    RaciTable { parties, rows }
}

/// The activities `party` is Responsible or Accountable for: `(activity, roles)`.
pub(crate) fn held_by(ws: &Workspace, party: Id) -> Vec<(String, String)> {
    ws.raci
        .activities
        .iter()
        .filter_map(|activity| {
            let roles: Vec<&str> = ws
                .raci
                .roles(activity.id, party)
                .into_iter()
                .filter(|r| matches!(r, RaciRole::R | RaciRole::A))
                .map(RaciRole::as_str)
                .collect();
            (!roles.is_empty()).then(|| (one_line(&activity.name), roles.join(", ")))
        })
        .collect()
}
