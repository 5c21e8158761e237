//! Handover (succession) notes: reading, starting, writing and removing drafts.

use accord_domain::handover::HandoverPatch;
use accord_domain::{HandoverNote, Id, RuleError};
use rusqlite::{Connection, OptionalExtension, named_params};

use crate::change::{Action, Change};
use crate::codec::{opt_string, opt_text, text};
use crate::error::Result;
use crate::{Stamp, WorkspaceFile};

fn from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<HandoverNote> {
    Ok(HandoverNote {
        id: text(row, "id")?,
        role: row.get("role")?,
        holder: text(row, "holder")?,
        successor: opt_text(row, "successor")?,
        handover_date: opt_text(row, "handover_date")?,
        status: text(row, "status")?,
        responsibilities: row.get("responsibilities")?,
        key_contacts: row.get("key_contacts")?,
        in_flight_work: row.get("in_flight_work")?,
        where_things_are: row.get("where_things_are")?,
        tacit_knowledge: row.get("tacit_knowledge")?,
        risks: row.get("risks")?,
        first_two_weeks: row.get("first_two_weeks")?,
        acknowledged_on: opt_text(row, "acknowledged_on")?,
    })
}

pub(crate) fn read_all(conn: &Connection) -> Result<Vec<HandoverNote>> {
    let rows = conn
        .prepare_cached(
            "SELECT * FROM handover_note ORDER BY coalesce(order_key, 9223372036854775807), seq",
        )?
        .query_map([], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub(crate) fn by_id(conn: &Connection, id: Id) -> Result<HandoverNote> {
    conn.prepare_cached("SELECT * FROM handover_note WHERE id = ?1")?
        .query_row([id.to_string()], from_row)
        .optional()?
        .ok_or_else(|| RuleError::NotFound(format!("The handover note {id}")).into())
}

pub(crate) fn write(conn: &Connection, n: &HandoverNote) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO handover_note (id, role, holder, successor, handover_date, status, responsibilities, key_contacts,
                                    in_flight_work, where_things_are, tacit_knowledge, risks, first_two_weeks, acknowledged_on)
         VALUES (:id, :role, :holder, :successor, :handover_date, :status, :responsibilities, :key_contacts,
                 :in_flight_work, :where_things_are, :tacit_knowledge, :risks, :first_two_weeks, :acknowledged_on)
         ON CONFLICT (id) DO UPDATE SET role = excluded.role, holder = excluded.holder, successor = excluded.successor,
            handover_date = excluded.handover_date, status = excluded.status, responsibilities = excluded.responsibilities,
            key_contacts = excluded.key_contacts, in_flight_work = excluded.in_flight_work,
            where_things_are = excluded.where_things_are, tacit_knowledge = excluded.tacit_knowledge,
            risks = excluded.risks, first_two_weeks = excluded.first_two_weeks, acknowledged_on = excluded.acknowledged_on",
    )?
    .execute(named_params! {
        ":id": n.id.to_string(),
        ":role": n.role,
        ":holder": n.holder.to_string(),
        ":successor": opt_string(&n.successor),
        ":handover_date": opt_string(&n.handover_date),
        ":status": n.status.as_str(),
        ":responsibilities": n.responsibilities,
        ":key_contacts": n.key_contacts,
        ":in_flight_work": n.in_flight_work,
        ":where_things_are": n.where_things_are,
        ":tacit_knowledge": n.tacit_knowledge,
        ":risks": n.risks,
        ":first_two_weeks": n.first_two_weeks,
        ":acknowledged_on": opt_string(&n.acknowledged_on),
    })?;
    Ok(())
}

pub(crate) fn create(c: &mut Change<'_>, n: &HandoverNote) -> Result<()> {
    write(c, n)?;
    c.log(
        "handover_note",
        &n.id.to_string(),
        Action::Create,
        &format!("Started the handover note for \"{}\"", n.role),
        None,
        Some(n),
    )
}

fn ensure_people(conn: &Connection, n: &HandoverNote) -> Result<()> {
    crate::parties::person(conn, n.holder)?;
    if let Some(s) = n.successor {
        crate::parties::person(conn, s)?;
    }
    Ok(())
}

impl WorkspaceFile {
    pub fn handover_notes(&self) -> Result<Vec<HandoverNote>> {
        read_all(&self.conn)
    }

    pub fn handover_note(&self, id: Id) -> Result<HandoverNote> {
        by_id(&self.conn, id)
    }

    /// Starts a handover note for `role`, held by `holder`.
    pub fn start_handover(
        &mut self,
        role: &str,
        holder: Id,
        patch: HandoverPatch,
        stamp: &Stamp,
    ) -> Result<HandoverNote> {
        self.change(stamp, |c| {
            let mut n = HandoverNote::new(Id::now_v7(), role, holder)?;
            n.apply(patch)?;
            ensure_people(c, &n)?;
            create(c, &n)?;
            Ok(n)
        })
    }

    pub fn update_handover(
        &mut self,
        id: Id,
        patch: HandoverPatch,
        stamp: &Stamp,
    ) -> Result<HandoverNote> {
        self.change(stamp, |c| {
            let before = by_id(c, id)?;
            let mut after = before.clone();
            after.apply(patch)?;
            ensure_people(c, &after)?;
            if after != before {
                write(c, &after)?;
                let summary = if after.status != before.status {
                    format!(
                        "Marked the handover note for \"{}\" {}",
                        after.role, after.status
                    )
                } else {
                    format!("Wrote the handover note for \"{}\"", after.role)
                };
                c.log(
                    "handover_note",
                    &id.to_string(),
                    Action::Update,
                    &summary,
                    Some(&before),
                    Some(&after),
                )?;
            }
            Ok(after)
        })
    }

    /// Removes a handover note the domain allows removing, a draft (its text stays in the
    /// history).
    pub fn remove_handover(&mut self, id: Id, stamp: &Stamp) -> Result<HandoverNote> {
        self.change(stamp, |c| {
            let before = by_id(c, id)?;
            before.ensure_removable()?;
            c.execute("DELETE FROM handover_note WHERE id = ?1", [id.to_string()])?;
            c.log(
                "handover_note",
                &id.to_string(),
                Action::Delete,
                &format!("Removed the handover note for \"{}\"", before.role),
                Some(&before),
                None,
            )?;
            Ok(before)
        })
    }
}
