//! Any record by the name the change log gives it (`section`/`governance`, `raci_cell`/
//! `ACTIVITY/PARTY`, ...), as JSON: what sync reads, patches field by field and writes back
//! through the rule-free row writers. No rules here: a merge never refuses a remote change.

use accord_domain::{Id, RaciRole};
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::{Result, StoreError};
use crate::{agreement, decisions, handover, parties, project, raci, signoffs};

fn json<T: Serialize>(v: T) -> Value {
    serde_json::to_value(v).expect("records serialise")
}

fn from<T: DeserializeOwned>(rt: &str, v: &Value) -> Result<T> {
    serde_json::from_value(v.clone()).map_err(|e| {
        StoreError::Corrupt(format!(
            "a change to a {rt} arrived that this version of Accord cannot read: {e}"
        ))
    })
}

fn id(rid: &str) -> Result<Id> {
    rid.parse().map_err(|_| {
        StoreError::Corrupt(format!(
            "a change names the record '{rid}', which is not an id"
        ))
    })
}

fn cell_ids(rid: &str) -> Result<(Id, Id)> {
    let (a, p) = rid
        .split_once('/')
        .ok_or_else(|| StoreError::Corrupt(format!("'{rid}' does not name a RACI cell")))?;
    Ok((id(a)?, id(p)?))
}

/// Whether a missing record is simply absent (not an error while reading).
fn absent<T>(r: Result<T>) -> Result<Option<T>> {
    match r {
        Ok(v) => Ok(Some(v)),
        Err(StoreError::Rule(accord_domain::RuleError::NotFound(_))) => Ok(None),
        Err(e) => Err(e),
    }
}

/// The record as JSON, or `None` when this workspace does not hold it.
pub(crate) fn read(conn: &Connection, rt: &str, rid: &str) -> Result<Option<Value>> {
    Ok(match rt {
        "project" if has_row(conn, "project")? => Some(json(project::read(conn)?)),
        "agreement" if has_row(conn, "agreement")? => {
            let mut a = agreement::read(conn)?;
            a.sections.clear();
            Some(json(a))
        }
        // By key alone: a section can arrive before the agreement's own row when a log is
        // replayed.
        "section" => agreement::section(conn, rid)?.map(json),
        "organisation" => absent(parties::organisation(conn, id(rid)?))?.map(json),
        "person" => absent(parties::person(conn, id(rid)?))?.map(json),
        "activity" => absent(raci::activity(conn, id(rid)?))?.map(json),
        "raci_cell" => {
            let (a, p) = cell_ids(rid)?;
            let roles = raci::cell(conn, a, p)?;
            let letters: Vec<String> = roles.iter().map(|r| r.to_string()).collect();
            Some(crate::heads::roles_value(&letters))
        }
        "decision" => absent(decisions::by_id(conn, id(rid)?))?.map(json),
        "handover_note" => absent(handover::by_id(conn, id(rid)?))?.map(json),
        "signoff" => signoffs::read_all(conn)?
            .into_iter()
            .find(|s| s.id.to_string() == rid)
            .map(json),
        _ => None,
    })
}

/// Whether the one-row table `table` (`project`, `agreement`) has its row yet.
fn has_row(conn: &Connection, table: &str) -> Result<bool> {
    Ok(conn
        .query_row(&format!("SELECT 1 FROM {table} WHERE seq = 1"), [], |r| {
            r.get::<_, i64>(0)
        })
        .optional()?
        .is_some())
}

/// Writes the record, creating it if it is new. `order_key` is the server's seq of the
/// change that created it (for a record created here, set when that change is ordered).
pub(crate) fn write(
    conn: &Connection,
    rt: &str,
    rid: &str,
    v: &Value,
    order_key: Option<i64>,
) -> Result<()> {
    match rt {
        "project" => project::write(conn, &from(rt, v)?)?,
        "agreement" => {
            let mut v = v.clone();
            if let Value::Object(m) = &mut v {
                m.entry("sections").or_insert(Value::Array(Vec::new()));
            }
            agreement::write_header(conn, &from(rt, &v)?)?
        }
        "section" => {
            let position: i64 = conn.query_row(
                "SELECT coalesce((SELECT position FROM section WHERE key = ?1), (SELECT coalesce(max(position), -1) + 1 FROM section))",
                [rid],
                |r| r.get(0),
            )?;
            agreement::write_section(conn, position as usize, &from(rt, v)?)?;
        }
        "organisation" => parties::write_organisation(conn, &from(rt, v)?)?,
        "person" => parties::write_person(conn, &from(rt, v)?)?,
        "activity" => raci::write_activity(conn, &from(rt, v)?)?,
        "raci_cell" => {
            let (a, p) = cell_ids(rid)?;
            let exists: Option<i64> = conn
                .query_row(
                    "SELECT 1 FROM activity WHERE id = ?1",
                    [a.to_string()],
                    |r| r.get(0),
                )
                .optional()?;
            if exists.is_none() {
                // The activity was removed here: the cell's value stays in the change log.
                return Ok(());
            }
            let roles: Vec<RaciRole> = v
                .get("roles")
                .map(|r| from::<Vec<RaciRole>>(rt, r))
                .transpose()?
                .unwrap_or_default();
            raci::write_cell(conn, a, p, &roles)?;
            if let Some(k) = order_key {
                conn.execute(
                    "UPDATE assignment SET order_key = ?3 WHERE activity = ?1 AND party = ?2 AND order_key IS NULL",
                    rusqlite::params![a.to_string(), p.to_string(), k],
                )?;
            }
            return Ok(());
        }
        "decision" => decisions::write(conn, &from(rt, v)?)?,
        "handover_note" => handover::write(conn, &from(rt, v)?)?,
        "signoff" => {
            if read(conn, rt, rid)?.is_none() {
                signoffs::write(conn, &from(rt, v)?)?
            }
        }
        _ => return Ok(()),
    }
    if let (Some(k), Some(table)) = (order_key, ordered_table(rt)) {
        set_order_key(conn, table, rid, k)?;
    }
    Ok(())
}

/// The table whose rows are listed in the order their creating changes were ordered.
fn ordered_table(rt: &str) -> Option<(&'static str, &'static str)> {
    Some(match rt {
        "organisation" => ("organisation", "id"),
        "person" => ("person", "id"),
        "activity" => ("activity", "id"),
        "section" => ("section", "key"),
        "handover_note" => ("handover_note", "id"),
        "signoff" => ("signoff", "id"),
        _ => return None,
    })
}

fn set_order_key(conn: &Connection, (table, key): (&str, &str), rid: &str, k: i64) -> Result<()> {
    conn.execute(
        &format!("UPDATE {table} SET order_key = ?2 WHERE {key} = ?1 AND order_key IS NULL"),
        rusqlite::params![rid, k],
    )?;
    Ok(())
}

/// Once the server has ordered a change made here that created a record, the record takes
/// its place in the order every replica lists it in.
pub(crate) fn ordered(conn: &Connection, rt: &str, rid: &str, seq: i64) -> Result<()> {
    match rt {
        "raci_cell" | "assignment" => {
            let mut parts = rid.split('/');
            if let (Some(a), Some(p)) = (parts.next(), parts.next()) {
                conn.execute(
                    "UPDATE assignment SET order_key = ?3 WHERE activity = ?1 AND party = ?2 AND order_key IS NULL",
                    rusqlite::params![a, p, seq],
                )?;
            }
            Ok(())
        }
        _ => match ordered_table(rt) {
            Some(t) => set_order_key(conn, t, rid, seq),
            None => Ok(()),
        },
    }
}

/// How many records of a kind the file holds (0 for a kind it does not list).
pub(crate) fn count(conn: &Connection, rt: &str) -> Result<usize> {
    let table = match rt {
        "decision" => "decision",
        other => match ordered_table(other) {
            Some((t, _)) => t,
            None => return Ok(0),
        },
    };
    let n: i64 = conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
    Ok(n as usize)
}

/// Removes the record (what it was stays in the change log).
pub(crate) fn delete(conn: &Connection, rt: &str, rid: &str) -> Result<()> {
    match rt {
        "organisation" => {
            conn.execute("DELETE FROM organisation WHERE id = ?1", [rid])?;
        }
        "person" => {
            conn.execute("DELETE FROM person WHERE id = ?1", [rid])?;
        }
        "activity" => {
            conn.execute("DELETE FROM assignment WHERE activity = ?1", [rid])?;
            conn.execute("DELETE FROM activity WHERE id = ?1", [rid])?;
        }
        "section" => {
            conn.execute("DELETE FROM section WHERE key = ?1", [rid])?;
        }
        "decision" => {
            conn.execute("DELETE FROM decision WHERE id = ?1", [rid])?;
        }
        "handover_note" => {
            conn.execute("DELETE FROM handover_note WHERE id = ?1", [rid])?;
        }
        _ => {}
    }
    Ok(())
}

/// A short name for a record, for a person reading a conflict.
pub(crate) fn label(rt: &str, v: Option<&Value>, field: &str) -> String {
    let s = |k: &str| {
        v.and_then(|v| v.get(k))
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    let what = match rt {
        "project" => "The project".to_string(),
        "agreement" => "The agreement".to_string(),
        "section" => format!("Section \"{}\"", s("title")),
        "organisation" => s("name"),
        "person" => s("name"),
        "activity" => format!("Activity \"{}\"", s("name")),
        "raci_cell" => "RACI cell".to_string(),
        "decision" => format!("Decision {} \"{}\"", s("number"), s("title")),
        "handover_note" => format!("Handover note \"{}\"", s("role")),
        other => other.to_string(),
    };
    if field.is_empty() || field == "roles" || field == "body" {
        what
    } else {
        format!("{what}: {}", field.replace('_', " "))
    }
}
