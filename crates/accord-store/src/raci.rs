//! The RACI matrix: activities and the letters in each cell.

use accord_domain::raci::ActivityPatch;
use accord_domain::{Activity, Assignment, Id, Raci, RaciRole, RuleError};
use rusqlite::{Connection, OptionalExtension, named_params};

use crate::change::{Action, Change};
use crate::codec::{opt_text, text};
use crate::error::Result;
use crate::{Stamp, WorkspaceFile};

fn activity_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Activity> {
    Ok(Activity {
        id: text(row, "id")?,
        name: row.get("name")?,
        description: row.get("description")?,
        phase: opt_text(row, "phase")?,
    })
}

pub(crate) fn read(conn: &Connection) -> Result<Raci> {
    let activities = conn
        .prepare_cached(
            "SELECT * FROM activity ORDER BY coalesce(order_key, 9223372036854775807), seq",
        )?
        .query_map([], activity_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let assignments = conn
        .prepare_cached(// Letters the server has ordered come first, by activity (in its place), party and
        // letter, which depends on the content alone; those not yet shared follow in the
        // order they were entered.
        "SELECT a.activity, a.party, a.role FROM assignment a LEFT JOIN activity t ON t.id = a.activity
         ORDER BY a.order_key IS NULL, CASE WHEN a.order_key IS NULL THEN a.seq ELSE 0 END,
                  coalesce(t.order_key, 9223372036854775807), a.activity, a.party, instr('RACI', a.role), a.seq")?
        .query_map([], |row| {
            Ok(Assignment {
                activity: text(row, "activity")?,
                party: text(row, "party")?,
                role: text(row, "role")?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Raci {
        activities,
        assignments,
    })
}

pub(crate) fn activity(conn: &Connection, id: Id) -> Result<Activity> {
    conn.prepare_cached("SELECT * FROM activity WHERE id = ?1")?
        .query_row([id.to_string()], activity_from_row)
        .optional()?
        .ok_or_else(|| RuleError::NotFound(format!("The RACI activity {id}")).into())
}

pub(crate) fn write_activity(conn: &Connection, a: &Activity) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO activity (id, name, description, phase) VALUES (:id, :name, :description, :phase)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, description = excluded.description, phase = excluded.phase",
    )?
    .execute(named_params! {
        ":id": a.id.to_string(), ":name": a.name, ":description": a.description, ":phase": a.phase.map(|p| p.as_str()),
    })?;
    Ok(())
}

/// A RACI cell's id in the change log: `ACTIVITY/PARTY`.
pub(crate) fn cell_key(activity: Id, party: Id) -> String {
    format!("{activity}/{party}")
}

pub(crate) fn create_activity(c: &mut Change<'_>, a: &Activity) -> Result<()> {
    write_activity(c, a)?;
    c.log(
        "activity",
        &a.id.to_string(),
        Action::Create,
        &format!("Added the activity \"{}\"", a.name),
        None,
        Some(a),
    )
}

/// Writes one cell's letters: exactly `roles`, no rules asked (the row writer of sync too).
pub(crate) fn write_cell(
    conn: &Connection,
    activity: Id,
    party: Id,
    roles: &[RaciRole],
) -> Result<()> {
    let current = cell(conn, activity, party)?;
    for role in current.iter().filter(|r| !roles.contains(r)) {
        conn.prepare_cached(
            "DELETE FROM assignment WHERE activity = ?1 AND party = ?2 AND role = ?3",
        )?
        .execute([activity.to_string(), party.to_string(), role.to_string()])?;
    }
    for role in roles.iter().filter(|r| !current.contains(r)) {
        conn.prepare_cached("INSERT INTO assignment (activity, party, role) VALUES (?1, ?2, ?3)")?
            .execute([activity.to_string(), party.to_string(), role.to_string()])?;
    }
    Ok(())
}

fn roles_json(roles: &[RaciRole]) -> serde_json::Value {
    let letters: Vec<String> = roles.iter().map(|r| r.to_string()).collect();
    crate::heads::roles_value(&letters)
}

fn list(roles: &[RaciRole]) -> String {
    let words: Vec<String> = roles.iter().map(|r| r.label().to_string()).collect();
    match words.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Sets one cell to `roles` and logs it as one change of the cell (so that `{A}` against
/// `{C}` on one cell, made on two replicas, is a conflict rather than a silent `{A, C}`).
pub(crate) fn log_cell(
    c: &mut Change<'_>,
    activity: Id,
    party: Id,
    roles: &[RaciRole],
    activity_name: &str,
    party_name: &str,
) -> Result<()> {
    let mut roles = roles.to_vec();
    roles.sort();
    roles.dedup();
    let current = cell(c, activity, party)?;
    if current == roles {
        return Ok(());
    }
    write_cell(c, activity, party, &roles)?;
    let added: Vec<RaciRole> = roles
        .iter()
        .filter(|r| !current.contains(r))
        .copied()
        .collect();
    let removed: Vec<RaciRole> = current
        .iter()
        .filter(|r| !roles.contains(r))
        .copied()
        .collect();
    let summary = match (added.is_empty(), removed.is_empty()) {
        (false, true) => format!("Made {party_name} {} for \"{activity_name}\"", list(&added)),
        (true, false) => format!(
            "{party_name} is no longer {} for \"{activity_name}\"",
            list(&removed)
        ),
        _ => format!(
            "Made {party_name} {} for \"{activity_name}\" (no longer {})",
            list(&added),
            list(&removed)
        ),
    };
    c.log(
        "raci_cell",
        &cell_key(activity, party),
        Action::Update,
        &summary,
        Some(&roles_json(&current)),
        Some(&roles_json(&roles)),
    )
}

/// The roles `party` holds in `activity`.
pub(crate) fn cell(conn: &Connection, activity: Id, party: Id) -> Result<Vec<RaciRole>> {
    let mut roles = conn
        .prepare_cached("SELECT role FROM assignment WHERE activity = ?1 AND party = ?2")?
        .query_map([activity.to_string(), party.to_string()], |r| {
            text(r, "role")
        })?
        .collect::<rusqlite::Result<Vec<RaciRole>>>()?;
    roles.sort();
    Ok(roles)
}

/// The name of a person or organisation, or an error when `id` is neither.
pub(crate) fn party_name(conn: &Connection, id: Id) -> Result<String> {
    conn.prepare_cached("SELECT name FROM person WHERE id = ?1 UNION ALL SELECT name FROM organisation WHERE id = ?1")?
        .query_row([id.to_string()], |r| r.get(0))
        .optional()?
        .ok_or_else(|| RuleError::NotFound(format!("No person or organisation with the id {id}")).into())
}

impl WorkspaceFile {
    pub fn raci(&self) -> Result<Raci> {
        read(&self.conn)
    }

    pub fn add_activity(&mut self, a: Activity, stamp: &Stamp) -> Result<Activity> {
        self.change(stamp, |c| {
            create_activity(c, &a)?;
            Ok(a)
        })
    }

    pub fn update_activity(
        &mut self,
        id: Id,
        patch: ActivityPatch,
        stamp: &Stamp,
    ) -> Result<Activity> {
        self.change(stamp, |c| {
            let before = activity(c, id)?;
            let mut after = before.clone();
            after.apply(patch)?;
            if after != before {
                write_activity(c, &after)?;
                c.log(
                    "activity",
                    &id.to_string(),
                    Action::Update,
                    &format!("Changed the activity \"{}\"", after.name),
                    Some(&before),
                    Some(&after),
                )?;
            }
            Ok(after)
        })
    }

    /// Removes an activity and its row of the matrix (both kept in the history).
    pub fn remove_activity(&mut self, id: Id, stamp: &Stamp) -> Result<Activity> {
        self.change(stamp, |c| {
            let before = activity(c, id)?;
            c.execute(
                "DELETE FROM assignment WHERE activity = ?1",
                [id.to_string()],
            )?;
            c.execute("DELETE FROM activity WHERE id = ?1", [id.to_string()])?;
            c.log(
                "activity",
                &id.to_string(),
                Action::Delete,
                &format!("Removed the activity \"{}\"", before.name),
                Some(&before),
                None,
            )?;
            Ok(before)
        })
    }

    /// Adds `activities` and sets each of `cells` (`activity`, `party`, exactly these
    /// roles) as one change: a RACI matrix imported from a spreadsheet is written whole or
    /// not at all. Each record changed is logged as its own operation, as when typed.
    pub fn import_raci(
        &mut self,
        activities: &[Activity],
        cells: &[(Id, Id, Vec<RaciRole>)],
        stamp: &Stamp,
    ) -> Result<()> {
        self.change(stamp, |c| {
            for a in activities {
                create_activity(c, a)?;
            }
            for (activity_id, party, roles) in cells {
                let act = activity(c, *activity_id)?;
                let party_name = party_name(c, *party)?;
                log_cell(c, *activity_id, *party, roles, &act.name, &party_name)?;
            }
            Ok(())
        })
    }

    /// Sets one cell of the matrix to exactly `roles` (empty clears it). The rules are not
    /// enforced here: a row with two As is saved, and the check reports it on that row.
    pub fn set_cell(
        &mut self,
        activity_id: Id,
        party: Id,
        roles: &[RaciRole],
        stamp: &Stamp,
    ) -> Result<Vec<RaciRole>> {
        self.change(stamp, |c| {
            let act = activity(c, activity_id)?;
            let party_name = party_name(c, party)?;
            log_cell(c, activity_id, party, roles, &act.name, &party_name)?;
            let mut now: Vec<RaciRole> = roles.to_vec();
            now.sort();
            now.dedup();
            Ok(now)
        })
    }
}
