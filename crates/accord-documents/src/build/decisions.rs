//! The decisions log document: every decision in full, in number order, with
//! supersession shown both ways.

use std::collections::HashMap;

use accord_domain::{Decision, DecisionStatus, Id, Workspace};

use super::Names;
use crate::model::{DecisionEntry, DecisionLog};
use crate::text::{one_line, shown};

pub(crate) fn build(ws: &Workspace, names: &Names) -> DecisionLog {
    let links = Links::new(ws);
    let mut decisions: Vec<&Decision> = ws.decisions.iter().collect();
    decisions.sort_by_key(|d| d.number);
    DecisionLog {
        decisions: decisions
            .into_iter()
            .map(|d| entry(d, &links, names))
            .collect(),
    }
}

/// Who replaces whom, by decision id.
pub(crate) struct Links {
    number: HashMap<Id, String>,
    /// The decisions that name this one in `supersedes`, with their status.
    replaced_by: HashMap<Id, Vec<(u32, DecisionStatus, String)>>,
}

impl Links {
    pub(crate) fn new(ws: &Workspace) -> Links {
        let number: HashMap<Id, String> = ws
            .decisions
            .iter()
            .map(|d| (d.id, d.number.to_string()))
            .collect();
        let mut replaced_by: HashMap<Id, Vec<(u32, DecisionStatus, String)>> = HashMap::new();
        for d in &ws.decisions {
            if let Some(old) = d.supersedes {
                replaced_by.entry(old).or_default().push((
                    d.number.0,
                    d.status,
                    d.number.to_string(),
                ));
            }
        }
        for list in replaced_by.values_mut() {
            list.sort();
        }
        Links {
            number,
            replaced_by,
        }
    }
}

pub(crate) fn entry(d: &Decision, links: &Links, names: &Names) -> DecisionEntry {
    let replaced = links
        .replaced_by
        .get(&d.id)
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    let numbers_where = |keep: fn(DecisionStatus) -> bool| -> Vec<String> {
        replaced
            .iter()
            .filter(|(_, status, _)| keep(*status))
            .map(|(_, _, n)| n.clone())
            .collect()
    };
    DecisionEntry {
        number: d.number.to_string(),
        title: one_line(&d.title),
        date: d.date,
        status: d.status,
        context: shown(&d.context),
        options: d
            .options
            .iter()
            .map(|o| shown(o))
            .filter(|o| !o.is_empty())
            .collect(),
        decision: shown(&d.decision),
        consequences: shown(&d.consequences),
        deciders: names.people(&d.deciders),
        consulted: names.people(&d.consulted),
        informed: names.people(&d.informed),
        supersedes: d.supersedes.map(|id| {
            links
                .number
                .get(&id)
                .cloned()
                .unwrap_or_else(|| format!("an unknown decision ({id})"))
        }),
        // A superseder that was itself later superseded or deprecated still replaced this one.
        superseded_by: numbers_where(|s| {
            matches!(
                s,
                DecisionStatus::Accepted | DecisionStatus::Superseded | DecisionStatus::Deprecated
            )
        }),
        replacement_proposed_in: numbers_where(|s| s == DecisionStatus::Proposed),
        review_date: d.review_date,
        tags: d.tags.iter().map(|t| one_line(t)).collect(),
    }
}
