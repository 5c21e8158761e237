//! The decisions log screen: a filtered, paged list; one decision in full; new, edit while
//! proposed, accept, reject, deprecate, supersede.

use accord_domain::decision::DecisionPatch;
use accord_domain::{Decision, DecisionStatus, Id};
use accord_store::DecisionFilter;

use super::{date, id, list, unknown_field, word};
use crate::workspace::{self, DecisionDraft};
use crate::{AppError, AppResult, DecisionListView, DecisionRow, DecisionView, Session};

/// What the "new decision" form sends.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct NewDecision {
    pub title: String,
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub context: String,
    /// One option per line.
    #[serde(default)]
    pub options: String,
    #[serde(default)]
    pub decision: String,
    #[serde(default)]
    pub consequences: String,
    #[serde(default)]
    pub tags: String,
    /// The id of the accepted decision this one would replace.
    #[serde(default)]
    pub supersedes: Option<String>,
    /// Accept it at once ("Save and accept"): recorded and accepted in one change, which
    /// marks the decision it supersedes superseded; nothing is saved if accepting is refused.
    #[serde(default)]
    pub accept: bool,
}

impl Session {
    pub fn decisions(
        &self,
        status: &str,
        tag: &str,
        offset: u32,
        limit: u32,
    ) -> AppResult<DecisionListView> {
        let filter = DecisionFilter {
            status: if status.is_empty() {
                None
            } else {
                Some(word("status", status)?)
            },
            tag: if tag.trim().is_empty() {
                None
            } else {
                Some(tag.to_string())
            },
            offset,
            limit: Some(limit),
        };
        let file = self.file()?;
        let page = file.decision_page(&filter)?;
        let provisional = file.provisional_decisions()?;
        Ok(DecisionListView {
            total: page.total,
            offset,
            rows: page
                .decisions
                .iter()
                .map(|d| DecisionRow {
                    provisional: provisional.contains(&d.id),
                    ..DecisionRow::from(d)
                })
                .collect(),
        })
    }

    pub fn decision(&self, decision: &str) -> AppResult<DecisionView> {
        let file = self.file()?;
        let d = file.decision(decision)?;
        let people = file.people()?;
        let names = |ids: &[Id]| -> Vec<String> {
            ids.iter()
                .map(|i| {
                    people
                        .iter()
                        .find(|p| p.id == *i)
                        .map_or_else(|| i.to_string(), |p| p.name.clone())
                })
                .collect()
        };
        let supersedes = d
            .supersedes
            .map(|s| file.decision(&s.to_string()))
            .transpose()?
            .as_ref()
            .map(DecisionRow::from);
        let superseded_by = file
            .decisions_superseding(d.id)?
            .iter()
            .map(DecisionRow::from)
            .collect();
        Ok(DecisionView {
            editable: d.is_open(),
            provisional: file.provisional_decisions()?.contains(&d.id),
            supersedes,
            superseded_by,
            deciders: names(&d.deciders),
            consulted: names(&d.consulted),
            informed: names(&d.informed),
            decision: d,
        })
    }

    pub fn record_decision(&mut self, new: NewDecision) -> AppResult<Decision> {
        let when = date("date", &new.date)?;
        let supersedes = new
            .supersedes
            .as_deref()
            .filter(|s| !s.is_empty())
            .map(|s| id("supersedes", s))
            .transpose()?;
        let patch = DecisionPatch {
            context: Some(new.context),
            options: Some(new.options.lines().map(str::to_string).collect()),
            decision: Some(new.decision),
            consequences: Some(new.consequences),
            tags: Some(list(&new.tags)),
            ..Default::default()
        };
        let draft = DecisionDraft {
            title: new.title,
            date: when,
            patch,
            supersedes,
            accept: new.accept,
        };
        let (file, stamp) = self.file_and_stamp()?;
        workspace::record_decision(file, draft, Session::today(), &stamp)
    }

    /// Saves one field of a proposed decision as it is typed. Refused once accepted.
    pub fn set_decision_field(
        &mut self,
        decision: &str,
        field: &str,
        value: &str,
    ) -> AppResult<Decision> {
        let patch = match field {
            "title" => DecisionPatch {
                title: Some(value.into()),
                ..Default::default()
            },
            "date" => DecisionPatch {
                date: Some(date(field, value)?.ok_or_else(|| {
                    AppError::new("empty", "The date cannot be empty.").on_field(field)
                })?),
                ..Default::default()
            },
            "context" => DecisionPatch {
                context: Some(value.into()),
                ..Default::default()
            },
            "options" => DecisionPatch {
                options: Some(value.lines().map(str::to_string).collect()),
                ..Default::default()
            },
            "decision" => DecisionPatch {
                decision: Some(value.into()),
                ..Default::default()
            },
            "consequences" => DecisionPatch {
                consequences: Some(value.into()),
                ..Default::default()
            },
            "tags" => DecisionPatch {
                tags: Some(list(value)),
                ..Default::default()
            },
            "review_date" => DecisionPatch {
                review_date: Some(date(field, value)?),
                ..Default::default()
            },
            _ => return Err(unknown_field(field)),
        };
        let target = id("decision", decision)?;
        let (file, stamp) = self.file_and_stamp()?;
        file.edit_decision(target, patch, &stamp)
            .map_err(|e| AppError::from(e).on_field(field))
    }

    pub fn set_decision_status(&mut self, decision: &str, status: &str) -> AppResult<Decision> {
        let status: DecisionStatus = word("status", status)?;
        let target = id("decision", decision)?;
        let (file, stamp) = self.file_and_stamp()?;
        Ok(file.set_decision_status(target, status, &stamp)?)
    }
}
