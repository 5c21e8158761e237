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
        .prepare_cached("SELECT * FROM activity ORDER BY seq")?
        .query_map([], activity_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let assignments = conn
        .prepare_cached("SELECT activity, party, role FROM assignment ORDER BY seq")?
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

fn activity(conn: &Connection, id: Id) -> Result<Activity> {
    conn.prepare_cached("SELECT * FROM activity WHERE id = ?1")?
        .query_row([id.to_string()], activity_from_row)
        .optional()?
        .ok_or_else(|| RuleError::NotFound(format!("The RACI activity {id}")).into())
}

fn write_activity(conn: &Connection, a: &Activity) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO activity (id, name, description, phase) VALUES (:id, :name, :description, :phase)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, description = excluded.description, phase = excluded.phase",
    )?
    .execute(named_params! {
        ":id": a.id.to_string(), ":name": a.name, ":description": a.description, ":phase": a.phase.map(|p| p.as_str()),
    })?;
    Ok(())
}

fn assignment_key(a: &Assignment) -> String {
    format!("{}/{}/{}", a.activity, a.party, a.role)
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

pub(crate) fn create_assignment(
    c: &mut Change<'_>,
    a: &Assignment,
    activity_name: &str,
    party_name: &str,
) -> Result<()> {
    c.prepare_cached("INSERT INTO assignment (activity, party, role) VALUES (?1, ?2, ?3)")?
        .execute([
            a.activity.to_string(),
            a.party.to_string(),
            a.role.to_string(),
        ])?;
    let summary = format!(
        "Made {party_name} {} for \"{activity_name}\"",
        a.role.label()
    );
    c.log(
        "assignment",
        &assignment_key(a),
        Action::Create,
        &summary,
        None,
        Some(a),
    )
}

fn delete_assignment(
    c: &mut Change<'_>,
    a: &Assignment,
    activity_name: &str,
    party_name: &str,
) -> Result<()> {
    c.prepare_cached("DELETE FROM assignment WHERE activity = ?1 AND party = ?2 AND role = ?3")?
        .execute([
            a.activity.to_string(),
            a.party.to_string(),
            a.role.to_string(),
        ])?;
    let summary = format!(
        "{party_name} is no longer {} for \"{activity_name}\"",
        a.role.label()
    );
    c.log(
        "assignment",
        &assignment_key(a),
        Action::Delete,
        &summary,
        Some(a),
        None,
    )
}

/// The roles `party` holds in `activity`.
fn cell(conn: &Connection, activity: Id, party: Id) -> Result<Vec<RaciRole>> {
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
            let row: Vec<Assignment> = c
                .prepare_cached(
                    "SELECT party, role FROM assignment WHERE activity = ?1 ORDER BY seq",
                )?
                .query_map([id.to_string()], |r| {
                    Ok(Assignment {
                        activity: id,
                        party: text(r, "party")?,
                        role: text(r, "role")?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            for a in &row {
                let party = party_name(c, a.party)?;
                delete_assignment(c, a, &before.name, &party)?;
            }
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
            let current = cell(c, activity_id, party)?;
            for role in current.iter().filter(|r| !roles.contains(r)) {
                delete_assignment(
                    c,
                    &Assignment {
                        activity: activity_id,
                        party,
                        role: *role,
                    },
                    &act.name,
                    &party_name,
                )?;
            }
            for role in roles.iter().filter(|r| !current.contains(r)) {
                create_assignment(
                    c,
                    &Assignment {
                        activity: activity_id,
                        party,
                        role: *role,
                    },
                    &act.name,
                    &party_name,
                )?;
            }
            let mut now: Vec<RaciRole> = roles.to_vec();
            now.sort();
            now.dedup();
            Ok(now)
        })
    }
}
