//! The change log made fit for exchange: for every operation, which fields it set, their new
//! values, and the changes each field was based on (its *heads* when the change was made).
//!
//! A field's heads are the changes to it that no other change has built on yet: one in the
//! usual case, several when changes made on different replicas met. Parents, never clocks,
//! decide whether two changes are concurrent or one came after the other. Written in the
//! same transaction as the operation (through `Change::log`), and for operations older than
//! schema 3 by one pass over the history when the file is upgraded ([`backfill`]).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rusqlite::{Connection, OptionalExtension, params};
use serde_json::{Map, Value};

use crate::change::Action;
use crate::error::Result;

/// Field name → new value.
pub(crate) type Changes = Map<String, Value>;
/// Field name → the op ids it was based on.
pub(crate) type Parents = BTreeMap<String, Vec<String>>;

/// The fields `after` sets that `before` did not hold with the same value; every field of
/// `after` for a create; none for a delete.
pub(crate) fn changed_fields(
    action: Action,
    before: Option<&Value>,
    after: Option<&Value>,
) -> Changes {
    let mut out = Map::new();
    if action == Action::Delete {
        return out;
    }
    let Some(Value::Object(after)) = after else {
        return out;
    };
    let before = match before {
        Some(Value::Object(b)) if action == Action::Update => Some(b),
        _ => None,
    };
    for (k, v) in after {
        if before.and_then(|b| b.get(k)) != Some(v) {
            out.insert(k.clone(), v.clone());
        }
    }
    out
}

/// The heads of one field.
pub(crate) fn heads(conn: &Connection, rt: &str, rid: &str, field: &str) -> Result<Vec<String>> {
    let rows = conn
        .prepare_cached(
            "SELECT op_id FROM field_head WHERE record_type = ?1 AND record_id = ?2 AND field = ?3 ORDER BY op_id",
        )?
        .query_map(params![rt, rid, field], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Every field of a record that has heads, with them.
pub(crate) fn record_heads(conn: &Connection, rt: &str, rid: &str) -> Result<Parents> {
    let mut out: Parents = BTreeMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT field, op_id FROM field_head WHERE record_type = ?1 AND record_id = ?2 ORDER BY field, op_id",
    )?;
    let rows = stmt.query_map(params![rt, rid], |r| {
        Ok((r.get::<_, String>(0)?, r.get(1)?))
    })?;
    for row in rows {
        let (f, op) = row?;
        out.entry(f).or_default().push(op);
    }
    Ok(out)
}

pub(crate) fn set_heads(
    conn: &Connection,
    rt: &str,
    rid: &str,
    field: &str,
    ops: &[String],
) -> Result<()> {
    conn.prepare_cached(
        "DELETE FROM field_head WHERE record_type = ?1 AND record_id = ?2 AND field = ?3",
    )?
    .execute(params![rt, rid, field])?;
    let mut insert = conn.prepare_cached(
        "INSERT OR IGNORE INTO field_head (record_type, record_id, field, op_id) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for op in ops {
        insert.execute(params![rt, rid, field, op])?;
    }
    Ok(())
}

/// The fields a local change left for the caller to settle.
#[derive(Debug, Default)]
pub(crate) struct Tracked {
    /// Fields in conflict that the change edited (not resolved): their conflict is named again.
    pub(crate) in_conflict: Vec<String>,
    /// Fields the change was typed over an older version of (`base`), which a sync changed
    /// since: they have several heads now, to be merged or left in conflict.
    pub(crate) concurrent: Vec<String>,
}

/// Records what a local change did to the fields of its record, makes it each changed
/// field's only head, and settles any conflict on those fields (a change made by someone
/// who saw every side; an edit of a field in conflict keeps the other sides, and is
/// returned as still in conflict). `forced` fields count as changed even when the value is
/// the same (a resolution that keeps the shown side). A field `base` names was typed over
/// the version `base` holds: when a sync changed it since, the change builds on that
/// version only, and the change that arrived stays a head beside it (returned as
/// concurrent).
#[allow(clippy::too_many_arguments)]
pub(crate) fn track_local(
    conn: &Connection,
    op_id: &str,
    rt: &str,
    rid: &str,
    action: Action,
    before: Option<&Value>,
    after: Option<&Value>,
    forced: &[&str],
    mut base: Option<&mut crate::based::Edit>,
) -> Result<Tracked> {
    let mut tracked = Tracked::default();
    let mut changes = changed_fields(action, before, after);
    if let Some(Value::Object(a)) = after {
        for f in forced {
            if let Some(v) = a.get(*f) {
                changes.insert((*f).to_string(), v.clone());
            }
        }
    }
    let mut parents: Parents = BTreeMap::new();
    match action {
        Action::Delete => {
            // A delete covers every head of the record: what it saw when it removed it.
            parents = record_heads(conn, rt, rid)?;
            conn.prepare_cached(
                "INSERT INTO tombstone (record_type, record_id, op_id) VALUES (?1, ?2, ?3)
                 ON CONFLICT (record_type, record_id) DO UPDATE SET op_id = excluded.op_id",
            )?
            .execute(params![rt, rid, op_id])?;
            conn.prepare_cached("DELETE FROM conflict WHERE record_type = ?1 AND record_id = ?2")?
                .execute(params![rt, rid])?;
        }
        Action::Create | Action::Update => {
            if action == Action::Create {
                conn.prepare_cached(
                    "DELETE FROM tombstone WHERE record_type = ?1 AND record_id = ?2",
                )?
                .execute(params![rt, rid])?;
                conn.prepare_cached(
                    "DELETE FROM conflict WHERE record_type = ?1 AND record_id = ?2 AND field = ''",
                )?
                .execute(params![rt, rid])?;
            }
            for field in changes.keys() {
                let h = heads(conn, rt, rid, field)?;
                let typed_over: Option<Vec<String>> = base
                    .as_deref()
                    .and_then(|b| b.on(rt, rid, field))
                    .map(<[String]>::to_vec);
                if let Some(b) = base.as_deref_mut()
                    && typed_over.is_some()
                {
                    b.made = Some(op_id.to_string());
                }
                let open: Option<String> = conn
                    .prepare_cached(
                        "SELECT sides FROM conflict WHERE record_type = ?1 AND record_id = ?2 AND field = ?3",
                    )?
                    .query_row(params![rt, rid, field], |r| r.get(0))
                    .optional()?;
                let shown = open
                    .as_deref()
                    .and_then(|s| serde_json::from_str::<Vec<Value>>(s).ok())
                    .and_then(|sides| {
                        sides
                            .last()
                            .and_then(|s| s["op_id"].as_str().map(str::to_string))
                    });
                match shown {
                    // An edit of a field in conflict, not a resolution: it builds on the
                    // side shown and replaces it, and the other sides stay in the conflict
                    // until a person settles it (`accord resolve`), so no side is lost.
                    Some(shown) if forced.is_empty() => {
                        parents.insert(field.clone(), vec![shown.clone()]);
                        let mut kept: Vec<String> = h.into_iter().filter(|x| *x != shown).collect();
                        kept.push(op_id.to_string());
                        set_heads(conn, rt, rid, field, &kept)?;
                        tracked.in_conflict.push(field.clone());
                    }
                    _ if typed_over
                        .as_ref()
                        .is_some_and(|seen| h.iter().any(|x| !seen.contains(x))) =>
                    {
                        let seen = typed_over.unwrap_or_default();
                        if !seen.is_empty() {
                            parents.insert(field.clone(), seen.clone());
                        }
                        let mut kept: Vec<String> =
                            h.into_iter().filter(|x| !seen.contains(x)).collect();
                        kept.push(op_id.to_string());
                        set_heads(conn, rt, rid, field, &kept)?;
                        tracked.concurrent.push(field.clone());
                    }
                    _ => {
                        if !h.is_empty() {
                            parents.insert(field.clone(), h);
                        }
                        set_heads(conn, rt, rid, field, &[op_id.to_string()])?;
                        conn.prepare_cached(
                            "DELETE FROM conflict WHERE record_type = ?1 AND record_id = ?2 AND field = ?3",
                        )?
                        .execute(params![rt, rid, field])?;
                    }
                }
            }
        }
    }
    write_wire(conn, op_id, rt, rid, &changes, &parents)?;
    Ok(tracked)
}

pub(crate) fn write_wire(
    conn: &Connection,
    op_id: &str,
    rt: &str,
    rid: &str,
    changes: &Changes,
    parents: &Parents,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO op_wire (op_id, record_type, record_id, changes, parents) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        op_id,
        rt,
        rid,
        serde_json::to_string(changes).expect("JSON values serialise"),
        serde_json::to_string(parents).expect("lists of ids serialise"),
    ])?;
    Ok(())
}

/// The key, among an op's parents, that names the change which sealed its record (the
/// agreement agreed): exchanged with the op, never a field.
const SEALED_BY: &str = "~sealed_by";

/// Marks the op `op_id` (a section written again as it stands) as sealed by `by` (the
/// change that agreed the agreement), in the same transaction that made it.
pub(crate) fn mark_sealed(conn: &Connection, op_id: &str, by: &str) -> Result<()> {
    conn.prepare_cached(
        "UPDATE op_wire SET parents = json_set(parents, '$.\"~sealed_by\"', json_array(?2)) WHERE op_id = ?1",
    )?
    .execute(params![op_id, by])?;
    Ok(())
}

/// The change that sealed `op_id`'s record, when `op_id` is a seal.
pub(crate) fn sealed_by(conn: &Connection, op_id: &str) -> Result<Option<String>> {
    Ok(parents_of(conn, op_id, SEALED_BY)?.into_iter().next())
}

/// The value `op_id` set on `field`, if it set one.
pub(crate) fn value_of(conn: &Connection, op_id: &str, field: &str) -> Result<Option<Value>> {
    let changes: Option<String> = conn
        .prepare_cached("SELECT changes FROM op_wire WHERE op_id = ?1")?
        .query_row([op_id], |r| r.get(0))
        .optional()?;
    Ok(changes
        .and_then(|c| serde_json::from_str::<Changes>(&c).ok())
        .and_then(|mut c| c.remove(field)))
}

/// The parents `op_id` had on `field`.
pub(crate) fn parents_of(conn: &Connection, op_id: &str, field: &str) -> Result<Vec<String>> {
    let parents: Option<String> = conn
        .prepare_cached("SELECT parents FROM op_wire WHERE op_id = ?1")?
        .query_row([op_id], |r| r.get(0))
        .optional()?;
    Ok(parents
        .and_then(|p| serde_json::from_str::<Parents>(&p).ok())
        .and_then(|mut p| p.remove(field))
        .unwrap_or_default())
}

/// The value of `field` at the latest change every head descends from (the base of a
/// three-way merge), or `None` when the heads share no ancestor (both created the field).
/// Walks only this field's ancestry, and only when heads differ.
pub(crate) fn base_value(
    conn: &Connection,
    heads: &[String],
    field: &str,
) -> Result<Option<Value>> {
    let mut common: Option<BTreeSet<String>> = None;
    for h in heads {
        let mut seen = BTreeSet::new();
        let mut todo = parents_of(conn, h, field)?;
        while let Some(op) = todo.pop() {
            if seen.insert(op.clone()) {
                todo.extend(parents_of(conn, &op, field)?);
            }
        }
        common = Some(match common {
            None => seen,
            Some(c) => c.intersection(&seen).cloned().collect(),
        });
    }
    // The latest common ancestor: the one applied last here (a change is always applied
    // after every change it was based on).
    let mut best: Option<(i64, String)> = None;
    for op in common.unwrap_or_default() {
        let seq: Option<i64> = conn
            .prepare_cached("SELECT seq FROM operation WHERE op_id = ?1")?
            .query_row([&op], |r| r.get(0))
            .optional()?;
        if let Some(seq) = seq
            && best.as_ref().is_none_or(|(s, _)| seq > *s)
        {
            best = Some((seq, op));
        }
    }
    match best {
        Some((_, op)) => value_of(conn, &op, field),
        None => Ok(None),
    }
}

/// Gives every operation made before schema 3 its fields and parents, in the order it was
/// made, as if it had been logged that way; assignments, logged one letter at a time then,
/// become the RACI cell they left. A pure function of the rows, so two copies of one old
/// file give identical results.
#[allow(clippy::type_complexity)]
pub(crate) fn backfill(conn: &Connection) -> Result<()> {
    let mut stmt = conn.prepare(
        "SELECT op_id, record_type, record_id, action, before, after FROM operation
         WHERE op_id NOT IN (SELECT op_id FROM op_wire) ORDER BY seq",
    )?;
    let rows: Vec<(
        String,
        String,
        String,
        String,
        Option<String>,
        Option<String>,
    )> = stmt
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut cells: HashMap<String, BTreeSet<String>> = HashMap::new();
    let parse = |s: &Option<String>| {
        s.as_deref()
            .and_then(|s| serde_json::from_str::<Value>(s).ok())
    };
    for (op_id, rt, rid, action, before, after) in rows {
        let action = match action.as_str() {
            "create" => Action::Create,
            "delete" => Action::Delete,
            _ => Action::Update,
        };
        if rt == "assignment" {
            let mut parts = rid.splitn(3, '/');
            let (Some(act), Some(party), Some(role)) = (parts.next(), parts.next(), parts.next())
            else {
                continue;
            };
            let cell = format!("{act}/{party}");
            let roles = cells.entry(cell.clone()).or_default();
            let old = roles_value(roles.iter());
            if action == Action::Delete {
                roles.remove(role);
            } else {
                roles.insert(role.to_string());
            }
            let new = roles_value(roles.iter());
            track_local(
                conn,
                &op_id,
                "raci_cell",
                &cell,
                Action::Update,
                Some(&old),
                Some(&new),
                &[],
                None,
            )?;
        } else {
            track_local(
                conn,
                &op_id,
                &rt,
                &rid,
                action,
                parse(&before).as_ref(),
                parse(&after).as_ref(),
                &[],
                None,
            )?;
        }
    }
    Ok(())
}

/// A RACI cell's letters as the change log holds them: `{"roles": ["A", "R"]}`, in RACI order.
pub(crate) fn roles_value<'a>(roles: impl IntoIterator<Item = &'a String>) -> Value {
    let order = |r: &str| "RACI".find(r).unwrap_or(9);
    let mut v: Vec<&String> = roles.into_iter().collect();
    v.sort_by_key(|r| order(r));
    serde_json::json!({ "roles": v })
}
