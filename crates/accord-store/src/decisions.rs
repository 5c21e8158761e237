//! The decisions log: reading, recording, editing while proposed, accepting, superseding.

use accord_domain::decision::{self, DecisionPatch, accept_superseding, next_number};
use accord_domain::{Decision, DecisionNumber, DecisionStatus, Id, RuleError};
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, named_params};

use crate::change::{Action, Change};
use crate::codec::{json, opt_string, opt_text, text, to_json};
use crate::error::Result;
use crate::{Stamp, WorkspaceFile};

const COLUMNS: &str = "seq, id, title, date, status, context, options, decision, consequences, deciders, consulted, informed, supersedes, review_date, tags";

fn from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Decision> {
    Ok(Decision {
        id: text(row, "id")?,
        number: DecisionNumber(row.get("seq")?),
        title: row.get("title")?,
        date: text(row, "date")?,
        status: text(row, "status")?,
        context: row.get("context")?,
        options: json(row, "options")?,
        decision: row.get("decision")?,
        consequences: row.get("consequences")?,
        deciders: json(row, "deciders")?,
        consulted: json(row, "consulted")?,
        informed: json(row, "informed")?,
        supersedes: opt_text(row, "supersedes")?,
        review_date: opt_text(row, "review_date")?,
        tags: json(row, "tags")?,
    })
}

pub(crate) fn read_all(conn: &Connection) -> Result<Vec<Decision>> {
    let rows = conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM decision ORDER BY seq"))?
        .query_map([], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub(crate) fn by_id(conn: &Connection, id: Id) -> Result<Decision> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM decision WHERE id = ?1"))?
        .query_row([id.to_string()], from_row)
        .optional()?
        .ok_or_else(|| RuleError::NotFound(format!("The decision {id}")).into())
}

fn by_number(conn: &Connection, number: DecisionNumber) -> Result<Decision> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM decision WHERE seq = ?1"))?
        .query_row([number.0], from_row)
        .optional()?
        .ok_or_else(|| RuleError::NotFound(format!("Decision {number}")).into())
}

pub(crate) fn write(conn: &Connection, d: &Decision) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO decision (seq, id, title, date, status, context, options, decision, consequences,
                               deciders, consulted, informed, supersedes, review_date, tags)
         VALUES (:seq, :id, :title, :date, :status, :context, :options, :decision, :consequences,
                 :deciders, :consulted, :informed, :supersedes, :review_date, :tags)
         ON CONFLICT (id) DO UPDATE SET title = excluded.title, date = excluded.date, status = excluded.status,
            context = excluded.context, options = excluded.options, decision = excluded.decision,
            consequences = excluded.consequences, deciders = excluded.deciders, consulted = excluded.consulted,
            informed = excluded.informed, supersedes = excluded.supersedes, review_date = excluded.review_date,
            tags = excluded.tags",
    )?
    .execute(named_params! {
        ":seq": d.number.0,
        ":id": d.id.to_string(),
        ":title": d.title,
        ":date": d.date.to_string(),
        ":status": d.status.as_str(),
        ":context": d.context,
        ":options": to_json(&d.options),
        ":decision": d.decision,
        ":consequences": d.consequences,
        ":deciders": to_json(&d.deciders),
        ":consulted": to_json(&d.consulted),
        ":informed": to_json(&d.informed),
        ":supersedes": opt_string(&d.supersedes),
        ":review_date": opt_string(&d.review_date),
        ":tags": to_json(&d.tags),
    })?;
    Ok(())
}

pub(crate) fn create(c: &mut Change<'_>, d: &Decision) -> Result<()> {
    write(c, d)?;
    c.log(
        "decision",
        &d.id.to_string(),
        Action::Create,
        &format!("Recorded {} \"{}\"", d.number, d.title),
        None,
        Some(d),
    )
}

fn save(c: &mut Change<'_>, before: &Decision, after: &Decision, summary: String) -> Result<()> {
    if before != after {
        write(c, after)?;
        // Leaving proposed seals the text: the change writes every sealed field again, as it
        // stands, so an edit made elsewhere at the same time is held aside, not merged in.
        let sealing = before.is_open() && !after.is_open();
        let forced: &[&str] = if sealing {
            accord_domain::merge::DECISION_SEALED_FIELDS
        } else {
            &[]
        };
        c.log_forced(
            "decision",
            &after.id.to_string(),
            Action::Update,
            &summary,
            Some(before),
            Some(after),
            forced,
        )?;
    }
    Ok(())
}

fn ensure_people(conn: &Connection, d: &Decision) -> Result<()> {
    for id in d.deciders.iter().chain(&d.consulted).chain(&d.informed) {
        crate::parties::person(conn, *id)?;
    }
    Ok(())
}

/// The numbers already taken, for the domain to give the next one.
fn numbers(conn: &Connection) -> Result<Vec<DecisionNumber>> {
    let rows = conn
        .prepare_cached("SELECT seq FROM decision")?
        .query_map([], |r| r.get(0).map(DecisionNumber))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// A new decision, numbered and (with `accept`) accepted by the domain, written with the
/// decision it supersedes, if any, in the change `c`.
pub(crate) fn record(
    c: &mut Change<'_>,
    title: &str,
    date: NaiveDate,
    patch: DecisionPatch,
    supersedes: Option<Id>,
    accept: bool,
) -> Result<Decision> {
    let number = next_number(numbers(c)?);
    let old_before = supersedes.map(|old| by_id(c, old)).transpose()?;
    let mut old_after = old_before.clone();
    let d = decision::record(
        Id::now_v7(),
        number,
        title,
        date,
        patch,
        old_after.as_mut(),
        accept,
    )?;
    ensure_people(c, &d)?;
    if accept {
        write(c, &d)?;
        c.log(
            "decision",
            &d.id.to_string(),
            Action::Create,
            &format!("Recorded and accepted {} \"{}\"", d.number, d.title),
            None,
            Some(&d),
        )?;
    } else {
        create(c, &d)?;
    }
    // Once shared, a new number is provisional until the server has ordered the decision.
    c.execute(
        "UPDATE decision SET number_state = 'provisional' WHERE id = ?1 AND EXISTS (SELECT 1 FROM sync_link)",
        [d.id.to_string()],
    )?;
    if let (Some(ob), Some(oa)) = (old_before, old_after) {
        save(
            c,
            &ob,
            &oa,
            format!("{} was superseded by {}", oa.number, d.number),
        )?;
    }
    Ok(d)
}

/// Which decisions to list, and which page of them.
#[derive(Debug, Clone, Default)]
pub struct DecisionFilter {
    pub status: Option<DecisionStatus>,
    /// Only decisions with this tag (lower case).
    pub tag: Option<String>,
    pub offset: u32,
    /// At most this many; `None` means all.
    pub limit: Option<u32>,
}

/// One page of the decisions log, and how many decisions match in all.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct DecisionPage {
    pub total: u32,
    pub decisions: Vec<Decision>,
}

impl WorkspaceFile {
    pub fn decisions(&self) -> Result<Vec<Decision>> {
        read_all(&self.conn)
    }

    /// The decisions that name `id` as the one they supersede.
    pub fn decisions_superseding(&self, id: Id) -> Result<Vec<Decision>> {
        let rows = self
            .conn
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM decision WHERE supersedes = ?1 ORDER BY seq"
            ))?
            .query_map([id.to_string()], from_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// The decisions matching `filter`, in number order, one page at a time.
    pub fn decision_page(&self, filter: &DecisionFilter) -> Result<DecisionPage> {
        let status = filter.status.map(|s| s.as_str());
        let tag = filter
            .tag
            .as_ref()
            .map(|t| to_json(&t.trim().to_lowercase()));
        let condition = "(?1 IS NULL OR status = ?1) AND (?2 IS NULL OR EXISTS (SELECT 1 FROM json_each(decision.tags) WHERE json_quote(value) = ?2))";
        let total: u32 = self
            .conn
            .prepare_cached(&format!("SELECT count(*) FROM decision WHERE {condition}"))?
            .query_row(rusqlite::params![status, tag], |r| r.get(0))?;
        let decisions = self
            .conn
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM decision WHERE {condition} ORDER BY seq LIMIT ?3 OFFSET ?4"
            ))?
            .query_map(
                rusqlite::params![
                    status,
                    tag,
                    filter.limit.map_or(-1, i64::from),
                    filter.offset
                ],
                from_row,
            )?
            .collect::<rusqlite::Result<_>>()?;
        Ok(DecisionPage { total, decisions })
    }

    /// The decision with this number (`D-007`) or id.
    pub fn decision(&self, number_or_id: &str) -> Result<Decision> {
        match number_or_id.parse::<Id>() {
            Ok(id) => by_id(&self.conn, id),
            Err(_) => by_number(&self.conn, number_or_id.parse()?),
        }
    }

    /// Records a new proposed decision with the next number. When `supersedes` is given,
    /// the new decision will replace that accepted one once it is itself accepted.
    pub fn record_decision(
        &mut self,
        title: &str,
        date: NaiveDate,
        patch: DecisionPatch,
        supersedes: Option<Id>,
        stamp: &Stamp,
    ) -> Result<Decision> {
        self.change(stamp, |c| record(c, title, date, patch, supersedes, false))
    }

    /// Records a new decision and accepts it, in one change: when it supersedes another,
    /// that one is marked superseded in the same change. Nothing is written when any part
    /// is refused (the decision's text empty, or the old decision no longer accepted).
    pub fn record_accepted_decision(
        &mut self,
        title: &str,
        date: NaiveDate,
        patch: DecisionPatch,
        supersedes: Option<Id>,
        stamp: &Stamp,
    ) -> Result<Decision> {
        self.change(stamp, |c| record(c, title, date, patch, supersedes, true))
    }

    /// Edits a proposed decision. An accepted one is refused: it is a record.
    pub fn edit_decision(
        &mut self,
        id: Id,
        patch: DecisionPatch,
        stamp: &Stamp,
    ) -> Result<Decision> {
        self.change(stamp, |c| {
            let before = by_id(c, id)?;
            let mut after = before.clone();
            after.edit(patch)?;
            ensure_people(c, &after)?;
            save(
                c,
                &before,
                &after,
                format!("Edited {} \"{}\"", after.number, after.title),
            )?;
            Ok(after)
        })
    }

    /// Moves a decision to a new status. Accepting one that supersedes another marks the
    /// other `superseded` in the same change.
    pub fn set_decision_status(
        &mut self,
        id: Id,
        status: DecisionStatus,
        stamp: &Stamp,
    ) -> Result<Decision> {
        self.change(stamp, |c| {
            let before = by_id(c, id)?;
            if before.is_open() && status != before.status {
                crate::sync::refuse_while_in_conflict(
                    c,
                    "decision",
                    Some(&id.to_string()),
                    &before.number.to_string(),
                )?;
            }
            let mut after = before.clone();
            if status == DecisionStatus::Accepted && before.status == DecisionStatus::Proposed {
                let old_before = before.supersedes.map(|old| by_id(c, old)).transpose()?;
                let mut old_after = old_before.clone();
                accept_superseding(&mut after, old_after.as_mut())?;
                save(
                    c,
                    &before,
                    &after,
                    format!("Accepted {} \"{}\"", after.number, after.title),
                )?;
                if let (Some(ob), Some(oa)) = (old_before, old_after) {
                    save(
                        c,
                        &ob,
                        &oa,
                        format!("{} was superseded by {}", oa.number, after.number),
                    )?;
                }
            } else {
                after.set_status(status)?;
                save(
                    c,
                    &before,
                    &after,
                    format!("Marked {} \"{}\" {}", after.number, after.title, status),
                )?;
            }
            Ok(after)
        })
    }
}
