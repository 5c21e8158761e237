//! The workspace's side of sync: the link to a server, the changes not yet sent, applying
//! the changes other councils made (merge rules, never refusals), and the conflicts a
//! person settles. No network here: `accord-pipeline` moves the bytes.
//!
//! Applying a page of remote changes is one transaction with the cursor move, so a page is
//! either wholly applied and remembered, or not at all. For each change, in the server's
//! order: a change already held is recognised by its id (and must be byte-identical); each
//! field it set loses the heads the change was based on and gains the change; a field left
//! with several heads is merged by its kind (`accord_domain::merge`): text three ways,
//! sets three ways, other fields as registers whose different values are a conflict. A
//! delete that meets a concurrent edit keeps the record and is a conflict. Decision numbers
//! follow the server's order of the creates (sync.md §5.3.1).

use accord_domain::decision::DecisionPatch;
use accord_domain::merge::{self, ConflictKind, FieldKind, Head, Merged, OrderKey};
use accord_domain::{Decision, DecisionNumber, Id};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::change::Action;
use crate::error::{Result, StoreError};
use crate::heads::{self, Changes, Parents};
use crate::{Stamp, WorkspaceFile, decisions, records};

/// The server a workspace is shared through, and how far this file has read its log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SyncLink {
    pub server_url: String,
    pub server_id: String,
    pub project_id: String,
    pub log_id: String,
    /// The last server seq applied here.
    pub cursor: i64,
    /// The op at `cursor`, so that a server restored from an older backup is noticed.
    pub cursor_op: Option<String>,
    pub last_sync_at: Option<String>,
    pub last_result: Option<String>,
}

/// What `accord sync FILE status` shows: read from the file alone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SyncState {
    pub linked: bool,
    pub project_id: Option<String>,
    pub server_url: Option<String>,
    /// Changes made here that no server has acknowledged yet.
    pub unsent: u32,
    pub open_conflicts: u32,
    pub last_sync: Option<String>,
    pub last_result: Option<String>,
}

/// A change made here, as it is sent: the body is canonical JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingOp {
    pub op_id: String,
    pub hlc: String,
    pub body: String,
}

/// The server's order for one change it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ack {
    pub op_id: String,
    pub seq: i64,
    pub order_at: DateTime<Utc>,
}

/// A change as a pull returns it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncomingOp {
    pub seq: i64,
    pub op_id: String,
    pub body: String,
    pub order_at: DateTime<Utc>,
}

/// Something a sync did that the user is told about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SyncNotice {
    /// `renumbered`, `merged`, `conflict`, `copy`, `removed` ...
    pub kind: String,
    pub message: String,
}

/// What applying one or more pages did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Applied {
    /// Changes made elsewhere that were applied here (own changes coming back are not counted).
    pub received: usize,
    /// Who made them, in order of first appearance.
    pub from: Vec<String>,
    /// Conflicts opened by this page.
    pub new_conflicts: Vec<String>,
    pub notices: Vec<SyncNotice>,
}

impl Applied {
    pub fn absorb(&mut self, other: Applied) {
        self.received += other.received;
        for f in other.from {
            if !self.from.contains(&f) {
                self.from.push(f);
            }
        }
        self.new_conflicts.extend(other.new_conflicts);
        self.notices.extend(other.notices);
    }
}

/// One side of a conflict, as `accord conflicts` lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConflictSide {
    pub n: usize,
    pub actor: String,
    pub at: String,
    pub value: Value,
    #[serde(skip)]
    pub op_id: String,
}

/// An open conflict: the same on every replica that holds the same changes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConflictView {
    pub id: String,
    pub kind: String,
    /// The record, as `record_type/record_id`.
    pub record: String,
    pub field: String,
    pub label: String,
    /// Which side the content shows meanwhile (counting from 1).
    pub shown: usize,
    pub base: Option<Value>,
    pub sides: Vec<ConflictSide>,
    /// The `accord resolve` options valid for it.
    pub choices: Vec<String>,
}

/// Records of one kind that a page of changes removes, beside how many the file holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Removal {
    pub record_type: String,
    pub removed: usize,
    pub held: usize,
}

/// How a person settles a conflict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// Keep side N (counting from 1).
    Choose(usize),
    /// A combined text written by the person (text conflicts).
    Text(String),
    /// Keep a record one side removed.
    Keep,
    /// Remove it after all.
    Remove,
    /// Withdraw an edit held aside by an accepted decision: the decision stands as accepted
    /// (history and the conflict's record keep the edit).
    Withdraw,
    /// Record the held edit as a new proposed decision superseding the accepted one; the
    /// accepted one stands meanwhile.
    Supersede,
    /// Reopen the agreed agreement (a new version, draft) with the held edits applied.
    Reopen,
}

impl Resolution {
    pub fn option(&self) -> &'static str {
        match self {
            Resolution::Choose(_) => "--choose",
            Resolution::Text(_) => "--text",
            Resolution::Keep => "--keep",
            Resolution::Remove => "--remove",
            Resolution::Withdraw => "--withdraw",
            Resolution::Supersede => "--supersede",
            Resolution::Reopen => "--reopen",
        }
    }
}

/// The `accord resolve` options valid for a conflict of `kind`.
pub fn choices(kind: &str, sides: usize) -> Vec<String> {
    let numbered = || {
        (1..=sides)
            .map(|n| format!("--choose {n}"))
            .collect::<Vec<_>>()
    };
    match kind {
        "value" => numbered(),
        "text" => {
            let mut c = numbered();
            c.push("--text".into());
            c.push("--from-file".into());
            c
        }
        "removed_but_changed" => vec!["--keep".into(), "--remove".into()],
        "edit_after_accept" => vec!["--withdraw".into(), "--supersede".into()],
        "edit_after_agreed" => vec!["--withdraw".into(), "--reopen".into()],
        _ => Vec::new(),
    }
}

/// The op as exchanged, before it is written as canonical JSON.
#[derive(Debug, Clone, serde::Deserialize)]
struct Body {
    format: u32,
    op_id: String,
    device: String,
    hlc: String,
    at: String,
    actor: String,
    record_type: String,
    record_id: String,
    action: String,
    summary: String,
    #[serde(default)]
    changes: Changes,
    #[serde(default)]
    parents: Parents,
}

/// The op format this build writes and applies.
pub const OP_FORMAT: u32 = 1;

/// JSON with every object's keys sorted and no spaces: one text for one value.
fn canonical(v: &Value) -> String {
    fn sorted(v: &Value) -> Value {
        match v {
            Value::Object(m) => {
                let mut keys: Vec<&String> = m.keys().collect();
                keys.sort();
                let mut out = Map::new();
                for k in keys {
                    out.insert(k.clone(), sorted(&m[k]));
                }
                Value::Object(out)
            }
            Value::Array(a) => Value::Array(a.iter().map(sorted).collect()),
            other => other.clone(),
        }
    }
    serde_json::to_string(&sorted(v)).expect("JSON values serialise")
}

/// The body of the op `op_id` as this file holds it.
fn body_of(conn: &Connection, op_id: &str) -> Result<Option<String>> {
    let row = conn
        .prepare_cached(
            "SELECT o.op_id, o.device, o.hlc, o.at, o.actor, w.record_type, w.record_id, o.action, o.summary, w.changes, w.parents
             FROM operation o JOIN op_wire w ON w.op_id = o.op_id WHERE o.op_id = ?1",
        )?
        .query_row([op_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, String>(7)?,
                r.get::<_, String>(8)?,
                r.get::<_, String>(9)?,
                r.get::<_, String>(10)?,
            ))
        })
        .optional()?;
    Ok(row.map(|(op_id, device, hlc, at, actor, rt, rid, action, summary, changes, parents)| {
        let changes: Value = serde_json::from_str(&changes).unwrap_or(Value::Object(Map::new()));
        let parents: Value = serde_json::from_str(&parents).unwrap_or(Value::Object(Map::new()));
        canonical(&serde_json::json!({
            "format": OP_FORMAT, "op_id": op_id, "device": device, "hlc": hlc, "at": at, "actor": actor,
            "record_type": rt, "record_id": rid, "action": action, "summary": summary,
            "changes": changes, "parents": parents,
        }))
    }))
}

/// Where an op stands in the one order every replica agrees on.
fn order_key(conn: &Connection, op_id: &str) -> Result<OrderKey> {
    let (hlc, order_at): (String, Option<String>) = conn
        .prepare_cached(
            "SELECT o.hlc, a.order_at FROM operation o LEFT JOIN op_ack a ON a.op_id = o.op_id WHERE o.op_id = ?1",
        )?
        .query_row([op_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let mut parts = hlc.splitn(3, '-');
    let millis: i64 = parts.next().and_then(|m| m.parse().ok()).unwrap_or(0);
    let counter: u32 = parts.next().and_then(|c| c.parse().ok()).unwrap_or(0);
    let at = order_at
        .and_then(|s| DateTime::parse_from_rfc3339(&s).ok())
        .map(|d| d.with_timezone(&Utc))
        .or_else(|| DateTime::from_timestamp_millis(millis))
        .unwrap_or_default();
    Ok(OrderKey::new(
        at,
        counter,
        op_id.parse().unwrap_or_default(),
    ))
}

/// A field's value from its heads: the one head's value, or the heads merged by the field's
/// kind, with the conflict they leave, if any.
fn settle(
    conn: &Connection,
    rt: &str,
    field: &str,
    heads: &[String],
) -> Result<(Value, Option<merge::Conflict<Value>>, bool)> {
    if heads.len() == 1 {
        return Ok((
            heads::value_of(conn, &heads[0], field)?.unwrap_or(Value::Null),
            None,
            false,
        ));
    }
    let mut hs: Vec<Head<Value>> = Vec::new();
    for h in heads {
        hs.push(Head::new(
            order_key(conn, h)?,
            heads::value_of(conn, h, field)?.unwrap_or(Value::Null),
        ));
    }
    hs.sort_by_key(|h| h.key);
    let latest = hs.last().map(|h| h.value.clone()).unwrap_or(Value::Null);
    let all_equal = hs.iter().all(|h| h.value == latest);
    if all_equal {
        return Ok((latest, None, false));
    }
    if rt == "decision" && merge::DECISION_SEALED_FIELDS.contains(&field) {
        // A decision taken out of proposed stands: an edit made at the same time is held
        // aside, whichever arrived first.
        let mut seals = Vec::new();
        for h in &hs {
            let status = heads::value_of(conn, &h.key.op_id.to_string(), "status")?;
            if status.is_some_and(|s| s != "proposed") {
                seals.push(h.key);
            }
        }
        if let Some(c) = merge::sealed(
            &hs,
            |h| seals.contains(&h.key),
            ConflictKind::EditAfterAccept,
        ) {
            return Ok((c.shown().clone(), Some(c), false));
        }
    }
    if rt == "section" && merge::SECTION_SEALED_FIELDS.contains(&field) {
        // What the councils agreed stands: an edit made while it was being agreed is held.
        let mut seals = Vec::new();
        for h in &hs {
            if heads::sealed_by(conn, &h.key.op_id.to_string())?.is_some() {
                seals.push(h.key);
            }
        }
        if let Some(c) = merge::sealed(
            &hs,
            |h| seals.contains(&h.key),
            ConflictKind::EditAfterAgreed,
        ) {
            // The held edit's own status (draft) is part of that edit: one conflict, on its
            // text, stands for it.
            let conflict = (field != "status").then_some(c.clone());
            return Ok((c.shown().clone(), conflict, false));
        }
    }
    match merge::field_kind(rt, field) {
        FieldKind::Stamp | FieldKind::Numbering => Ok((latest, None, false)),
        FieldKind::Register => match merge::register(&hs) {
            Some(Merged::Conflict(c)) => Ok((latest, Some(c), false)),
            Some(Merged::Resolved(v)) => Ok((v, None, false)),
            None => Ok((Value::Null, None, false)),
        },
        FieldKind::Text => {
            let base = heads::base_value(conn, heads, field)?;
            let base_text = base
                .as_ref()
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            let texts: Vec<Head<String>> = hs
                .iter()
                .map(|h| Head::new(h.key, h.value.as_str().unwrap_or("").to_string()))
                .collect();
            match merge::text(&base_text, &texts) {
                Some(Merged::Resolved(t)) => Ok((Value::String(t), None, true)),
                Some(Merged::Conflict(_)) => Ok((
                    latest,
                    Some(merge::Conflict {
                        kind: ConflictKind::Text,
                        sides: hs,
                        base: Some(Value::String(base_text)),
                    }),
                    false,
                )),
                None => Ok((Value::Null, None, false)),
            }
        }
        FieldKind::Set => {
            let base = heads::base_value(conn, heads, field)?;
            let base: Vec<Value> = base.and_then(|b| b.as_array().cloned()).unwrap_or_default();
            let sets: Vec<Head<Vec<Value>>> = hs
                .iter()
                .map(|h| Head::new(h.key, h.value.as_array().cloned().unwrap_or_default()))
                .collect();
            Ok((Value::Array(merge::set_three_way(&base, &sets)), None, true))
        }
    }
}

fn actor_and_at(conn: &Connection, op_id: &str) -> Result<(String, String)> {
    Ok(conn
        .prepare_cached("SELECT actor, at FROM operation WHERE op_id = ?1")?
        .query_row([op_id], |r| Ok((r.get(0)?, r.get(1)?)))?)
}

/// Records the conflict on a field (replacing any older one there); returns its id.
#[allow(clippy::too_many_arguments)]
fn open_conflict(
    conn: &Connection,
    kind: ConflictKind,
    rt: &str,
    rid: &str,
    field: &str,
    label: &str,
    sides: &[(String, Value)],
    base: Option<&Value>,
) -> Result<String> {
    let ops: Vec<Id> = sides.iter().filter_map(|(op, _)| op.parse().ok()).collect();
    let id = merge::conflict_id(kind, rt, rid, field, &ops);
    let mut listed = Vec::new();
    for (op, value) in sides {
        let (actor, at) = actor_and_at(conn, op)?;
        listed.push(serde_json::json!({"op_id": op, "actor": actor, "at": at, "value": value}));
    }
    conn.prepare_cached(
        "DELETE FROM conflict WHERE record_type = ?1 AND record_id = ?2 AND field = ?3",
    )?
    .execute(params![rt, rid, field])?;
    conn.prepare_cached(
        "INSERT OR REPLACE INTO conflict (id, kind, record_type, record_id, field, label, sides, base)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        id,
        kind.as_str(),
        rt,
        rid,
        field,
        label,
        Value::Array(listed).to_string(),
        base.map(Value::to_string),
    ])?;
    Ok(id)
}

/// Names the conflict on a field afresh after a local edit replaced its shown side.
pub(crate) fn refresh_conflict(
    conn: &Connection,
    rt: &str,
    rid: &str,
    field: &str,
    record: Option<&Value>,
) -> Result<()> {
    let hs = heads::heads(conn, rt, rid, field)?;
    match settle(conn, rt, field, &hs)? {
        (_, Some(conflict), _) => {
            let label = records::label(rt, record, field);
            let sides: Vec<(String, Value)> = conflict
                .sides
                .iter()
                .map(|h| (h.key.op_id.to_string(), h.value.clone()))
                .collect();
            open_conflict(
                conn,
                conflict.kind,
                rt,
                rid,
                field,
                &label,
                &sides,
                conflict.base.as_ref(),
            )?;
        }
        _ => clear_conflict(conn, rt, rid, field)?,
    }
    Ok(())
}

/// Settles a field a local change left with several heads (typed over a version a sync
/// has changed since): its value by the merge rules, as if the change had come from
/// elsewhere, written to the record, and its conflict opened or cleared.
pub(crate) fn settle_edit(conn: &Connection, rt: &str, rid: &str, field: &str) -> Result<()> {
    let hs = heads::heads(conn, rt, rid, field)?;
    let (value, _, _) = settle(conn, rt, field, &hs)?;
    let mut record = records::read(conn, rt, rid)?.unwrap_or_else(|| Value::Object(Map::new()));
    if let Value::Object(m) = &mut record {
        m.insert(field.to_string(), value);
    }
    records::write(conn, rt, rid, &record, None)?;
    refresh_conflict(conn, rt, rid, field, Some(&record))
}

/// Refuses to seal a record (accept or reject a decision; agree the agreement, over every
/// section when `rid` is `None`) while any of its fields is in conflict: what is sealed
/// must be what a person chose.
pub(crate) fn refuse_while_in_conflict(
    conn: &Connection,
    rt: &str,
    rid: Option<&str>,
    name: &str,
) -> Result<()> {
    let open: Option<String> = conn
        .prepare_cached(
            "SELECT id FROM conflict WHERE record_type = ?1 AND (?2 IS NULL OR record_id = ?2) ORDER BY id LIMIT 1",
        )?
        .query_row(params![rt, rid], |r| r.get(0))
        .optional()?;
    match open {
        Some(id) => Err(accord_domain::RuleError::Invalid(format!(
            "{name} has an open conflict ({id}): settle it first with accord resolve, then change its status. Nothing was changed."
        ))
        .into()),
        None => Ok(()),
    }
}

fn clear_conflict(conn: &Connection, rt: &str, rid: &str, field: &str) -> Result<()> {
    conn.prepare_cached(
        "DELETE FROM conflict WHERE record_type = ?1 AND record_id = ?2 AND field = ?3",
    )?
    .execute(params![rt, rid, field])?;
    Ok(())
}

// What sync runs for every change it sends or receives, by index only (sync.md §8; the
// plans are checked by `plan_tests` below), so its cost follows the changes, not history.

/// Changes made here and not yet acknowledged, after `pushed_through` (?2), oldest first.
const UNSENT_SQL: &str =
    "SELECT o.op_id, o.hlc FROM operation o LEFT JOIN op_ack a ON a.op_id = o.op_id
     WHERE o.origin = 'local' AND o.kind = 'edit' AND a.op_id IS NULL AND o.seq > ?2
     ORDER BY o.seq LIMIT ?1";
/// How many changes made here are unacknowledged, after `pushed_through` (?1).
const UNSENT_COUNT_SQL: &str =
    "SELECT count(*) FROM operation o LEFT JOIN op_ack a ON a.op_id = o.op_id
     WHERE o.origin = 'local' AND o.kind = 'edit' AND a.op_id IS NULL AND o.seq > ?1";
/// The first change made here still unacknowledged after `pushed_through` (?1).
const FIRST_UNSENT_SQL: &str =
    "SELECT o.seq FROM operation o LEFT JOIN op_ack a ON a.op_id = o.op_id
     WHERE o.origin = 'local' AND o.kind = 'edit' AND a.op_id IS NULL AND o.seq > ?1
     ORDER BY o.seq LIMIT 1";
/// The decision other than ?2 that holds number ?1.
const HOLDER_SQL: &str = "SELECT id FROM decision WHERE seq = ?1 AND id != ?2";
/// The server's seq of the change that created decision ?1.
const CREATE_SEQ_SQL: &str = "SELECT a.seq FROM operation o JOIN op_ack a ON a.op_id = o.op_id
     WHERE o.record_type = 'decision' AND o.record_id = ?1 AND o.action = 'create' ORDER BY o.seq LIMIT 1";

/// The server seq of the change that created decision `id`, if the server has ordered it.
fn decision_create_seq(conn: &Connection, id: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached(CREATE_SEQ_SQL)?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

/// The number a decision created by the change at server seq `seq`, asking for `requested`,
/// gets: kept if no decision ordered before it holds it, else the highest so far plus one.
/// A decision here that holds that number but was ordered later (or not yet) is moved
/// aside, to be placed again when its own change passes.
fn place_number(
    conn: &Connection,
    id: &str,
    seq: i64,
    requested: DecisionNumber,
) -> Result<DecisionNumber> {
    // Each step is an indexed lookup: a decision's number is its row id, and the change that
    // created it is found through the log's index by record. Only a clash (the number asked
    // for is held by a decision ordered earlier) looks at every decision, once.
    let holder: Option<String> = conn
        .prepare_cached(HOLDER_SQL)?
        .query_row(params![requested.0, id], |r| r.get(0))
        .optional()?;
    let held_earlier = match &holder {
        Some(other) => decision_create_seq(conn, other)?.is_some_and(|s| s < seq),
        None => false,
    };
    let number = merge::DecisionNumbering::place(requested, held_earlier, || {
        conn.prepare_cached(
            "SELECT max(d.seq) FROM decision d
             WHERE d.id != ?1 AND (
                 SELECT a.seq FROM operation o JOIN op_ack a ON a.op_id = o.op_id
                 WHERE o.record_type = 'decision' AND o.record_id = d.id AND o.action = 'create'
                 ORDER BY o.seq LIMIT 1) < ?2",
        )?
        .query_row(params![id, seq], |r| r.get::<_, Option<u32>>(0))
    })?;
    let holder: Option<String> = if number == requested {
        holder
    } else {
        conn.prepare_cached(HOLDER_SQL)?
            .query_row(params![number.0, id], |r| r.get(0))
            .optional()?
    };
    if let Some(holder) = holder {
        let top: u32 = conn
            .prepare_cached("SELECT coalesce(max(seq), 0) FROM decision")?
            .query_row([], |r| r.get(0))?;
        conn.execute(
            "UPDATE decision SET seq = ?2, number_state = 'provisional' WHERE id = ?1",
            params![holder, top.max(number.0) + 1],
        )?;
    }
    Ok(number)
}

/// Moves decision `id` to `number` (if not there already), confirmed.
fn set_number(conn: &Connection, id: &str, number: DecisionNumber) -> Result<()> {
    conn.execute(
        "UPDATE decision SET seq = ?2, number_state = 'confirmed' WHERE id = ?1",
        params![id, number.0],
    )?;
    Ok(())
}

/// A workspace being cloned from a server: built at a hidden path beside its final one, and
/// moved into place only when [`CloneFile::finish`] is called, so a clone cut short leaves
/// no file behind.
pub struct CloneFile {
    // Fields drop in order: the connection closes before the partial file is removed,
    // which Windows requires (it refuses to delete a file that is still open).
    file: WorkspaceFile,
    partial: crate::open::Partial,
}

impl std::fmt::Debug for CloneFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CloneFile")
            .field("path", &self.partial.path)
            .finish()
    }
}

impl CloneFile {
    /// The file being built, to apply pages to.
    pub fn file(&mut self) -> &mut WorkspaceFile {
        &mut self.file
    }

    /// Moves the finished clone into place (never over an existing file) and opens it.
    pub fn finish(self) -> Result<WorkspaceFile> {
        let has_project: i64 =
            self.file
                .conn
                .query_row("SELECT count(*) FROM project", [], |r| r.get(0))?;
        if has_project == 0 {
            return Err(StoreError::SyncRefused(
                "The server holds no changes for this project yet, so there is nothing to clone. No file was made.".into(),
            ));
        }
        let target = self.partial.target().to_path_buf();
        let CloneFile { partial, file } = self;
        partial.finish(file.conn)?;
        WorkspaceFile::open(target)
    }
}

impl WorkspaceFile {
    /// Starts a clone of a shared project at `path` (refused when `path` exists): an empty
    /// workspace linked to the server, to which the server's changes are applied.
    pub fn begin_clone(path: impl AsRef<std::path::Path>, link: &SyncLink) -> Result<CloneFile> {
        let (partial, conn) = crate::open::Partial::start(path.as_ref())?;
        conn.execute(
            "INSERT INTO meta (key, value) VALUES ('device', ?1), ('created_at', ?2)",
            [
                uuid::Uuid::new_v4().simple().to_string(),
                Utc::now().to_rfc3339(),
            ],
        )?;
        let mut file = WorkspaceFile {
            conn,
            path: partial.path.clone(),
            read_only: None,
            base: None,
        };
        file.link(&SyncLink {
            cursor: 0,
            cursor_op: None,
            ..link.clone()
        })?;
        Ok(CloneFile { partial, file })
    }

    /// Decisions whose number is provisional: made here since sharing, not yet ordered by
    /// the server, so the number may still change once.
    pub fn provisional_decisions(&self) -> Result<Vec<Id>> {
        let rows = self
            .conn
            .prepare_cached(
                "SELECT id FROM decision WHERE number_state = 'provisional' ORDER BY seq",
            )?
            .query_map([], |r| crate::codec::text(r, "id"))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// The server this workspace is shared through, if it is.
    pub fn sync_link(&self) -> Result<Option<SyncLink>> {
        Ok(self
            .conn
            .query_row(
                "SELECT server_url, server_id, project_id, log_id, cursor, cursor_op, last_sync_at, last_result FROM sync_link",
                [],
                |r| {
                    Ok(SyncLink {
                        server_url: r.get(0)?,
                        server_id: r.get(1)?,
                        project_id: r.get(2)?,
                        log_id: r.get(3)?,
                        cursor: r.get(4)?,
                        cursor_op: r.get(5)?,
                        last_sync_at: r.get(6)?,
                        last_result: r.get(7)?,
                    })
                },
            )
            .optional()?)
    }

    fn refuse_if_read_only(&self) -> Result<()> {
        match &self.read_only {
            Some(why) => Err(StoreError::ReadOnly(why.clone())),
            None => Ok(()),
        }
    }

    /// Links this workspace to a sync space (or replaces the link, as `reseed` does).
    pub fn link(&mut self, link: &SyncLink) -> Result<()> {
        self.refuse_if_read_only()?;
        self.conn.execute(
            "INSERT OR REPLACE INTO sync_link (one, server_url, server_id, project_id, log_id, cursor, cursor_op, last_sync_at, last_result)
             VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                link.server_url,
                link.server_id,
                link.project_id,
                link.log_id,
                link.cursor,
                link.cursor_op,
                link.last_sync_at,
                link.last_result
            ],
        )?;
        Ok(())
    }

    /// Remembers how the last sync went (the only thing a refused sync writes).
    pub fn set_sync_result(&mut self, at: DateTime<Utc>, synced: bool, result: &str) -> Result<()> {
        self.refuse_if_read_only()?;
        if synced {
            self.conn.execute(
                "UPDATE sync_link SET last_sync_at = ?1, last_result = ?2",
                params![
                    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                    result
                ],
            )?;
        } else {
            self.conn
                .execute("UPDATE sync_link SET last_result = ?1", params![result])?;
        }
        Ok(())
    }

    /// The sync figures, from the file alone.
    pub fn sync_state(&self) -> Result<SyncState> {
        let link = self.sync_link()?;
        let unsent: u32 =
            self.conn
                .query_row(UNSENT_COUNT_SQL, [pushed_through(&self.conn)?], |r| {
                    r.get(0)
                })?;
        let open_conflicts: u32 =
            self.conn
                .query_row("SELECT count(*) FROM conflict", [], |r| r.get(0))?;
        Ok(SyncState {
            linked: link.is_some(),
            project_id: link.as_ref().map(|l| l.project_id.clone()),
            server_url: link.as_ref().map(|l| l.server_url.clone()),
            unsent,
            open_conflicts,
            last_sync: link.as_ref().and_then(|l| l.last_sync_at.clone()),
            last_result: link.and_then(|l| l.last_result),
        })
    }

    /// Up to `limit` changes made here that no server has acknowledged, oldest first (the
    /// order they were made in, which is causal).
    pub fn unsent(&self, limit: usize) -> Result<Vec<OutgoingOp>> {
        let ids: Vec<(String, String)> = self
            .conn
            .prepare_cached(UNSENT_SQL)?
            .query_map(params![limit as i64, pushed_through(&self.conn)?], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        outgoing(&self.conn, ids)
    }

    /// Records the server's order for changes it has stored, in one transaction.
    pub fn acknowledge(&mut self, acks: &[Ack]) -> Result<()> {
        self.refuse_if_read_only()?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        for ack in acks {
            ack_one(&tx, ack)?;
        }
        advance_pushed_through(&tx)?;
        tx.commit()?;
        Ok(())
    }

    /// Every change this file holds, as `reseed` sends them to a rebuilt or restored server:
    /// first those a server ordered, in that order (so the decisions keep their numbers and
    /// the records their places), then those made here that no server has, in the order they
    /// were made. Other councils' changes are sent too: any member can rebuild a lost server.
    pub fn reseed_ops(&self) -> Result<Vec<OutgoingOp>> {
        let ids: Vec<(String, String)> = self
            .conn
            .prepare_cached(
                "SELECT o.op_id, o.hlc FROM operation o LEFT JOIN op_ack a ON a.op_id = o.op_id
                 WHERE o.kind = 'edit' AND (a.op_id IS NOT NULL OR o.origin = 'local')
                 ORDER BY a.seq IS NULL, a.seq, o.seq",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        outgoing(&self.conn, ids)
    }

    /// Adopts a server's log once `reseed` has sent it every change this file holds: the
    /// server's order (`acks`, one per change sent) replaces the old one, records take their
    /// places from it, and the cursor goes back to the start, so the pull that follows brings
    /// what others sent and skips what is known. One transaction; nothing is removed but the
    /// old server's order, and the history says it happened.
    pub fn adopt_log(&mut self, link: &SyncLink, acks: &[Ack], stamp: &Stamp) -> Result<()> {
        self.refuse_if_read_only()?;
        let project = self.project()?.id.to_string();
        let server = link.server_url.clone();
        self.change(stamp, |c| {
            let tx = c.tx();
            tx.execute("DELETE FROM op_ack", [])?;
            tx.execute("DELETE FROM meta WHERE key = 'pushed_through'", [])?;
            for table in [
                "organisation",
                "person",
                "activity",
                "assignment",
                "section",
                "handover_note",
                "signoff",
            ] {
                tx.execute(&format!("UPDATE {table} SET order_key = NULL"), [])?;
            }
            for ack in acks {
                ack_one(tx, ack)?;
            }
            tx.execute(
                "INSERT OR REPLACE INTO sync_link (one, server_url, server_id, project_id, log_id, cursor, cursor_op, last_sync_at, last_result)
                 VALUES (1, ?1, ?2, ?3, ?4, 0, NULL, ?5, ?6)",
                params![
                    link.server_url,
                    link.server_id,
                    link.project_id,
                    link.log_id,
                    link.last_sync_at,
                    link.last_result
                ],
            )?;
            c.notice(
                "project",
                &project,
                &format!(
                    "Sent this workspace's {} changes to the server at {server} again (reseed): nothing was removed.",
                    acks.len()
                ),
            )
        })
    }

    /// Applies one page of changes pulled from the server and moves the cursor past it, all
    /// in one transaction. Nothing is ever refused for breaking a rule: a merge that breaks
    /// one is a finding of `accord check`.
    pub fn apply_remote(
        &mut self,
        ops: &[IncomingOp],
        cursor: i64,
        stamp: &Stamp,
    ) -> Result<Applied> {
        self.refuse_if_read_only()?;
        let mut applied = Applied::default();
        self.change(stamp, |c| {
            for op in ops {
                if let Some(local) = body_of(c.tx(), &op.op_id)? {
                    if local != op.body {
                        return Err(StoreError::SyncRefused(format!(
                            "The server holds the change {} with other content than this workspace made. Nothing in your workspace has changed. The server may have been tampered with or restored wrongly: ask its administrator.",
                            op.op_id
                        )));
                    }
                    ack_one(c.tx(), &Ack { op_id: op.op_id.clone(), seq: op.seq, order_at: op.order_at })?;
                    confirm_own_decision(c, op, &mut applied)?;
                    continue;
                }
                apply_one(c, op, &mut applied)?;
            }
            let cursor_op = ops.last().map(|o| o.op_id.clone());
            c.tx().execute(
                "UPDATE sync_link SET cursor = ?1, cursor_op = coalesce(?2, cursor_op)",
                params![cursor, cursor_op],
            )?;
            Ok(())
        })?;
        Ok(applied)
    }

    /// How many records of each kind the changes in `ops` remove, and how many of that kind
    /// this file holds now: for the orchestrator's guard against a page that would remove
    /// most of a workspace ([`accord_domain::merge::mass_removal`]). Reads only the page.
    pub fn removals(&self, ops: &[IncomingOp]) -> Result<Vec<Removal>> {
        let mut out: Vec<Removal> = Vec::new();
        let mut seen: std::collections::BTreeSet<(String, String)> = Default::default();
        for op in ops {
            let Ok(body) = serde_json::from_str::<Body>(&op.body) else {
                continue; // refused, with its reason, when the page is applied
            };
            if body.action != "delete"
                || !seen.insert((body.record_type.clone(), body.record_id.clone()))
                || records::read(&self.conn, &body.record_type, &body.record_id)?.is_none()
            {
                continue;
            }
            match out.iter_mut().find(|r| r.record_type == body.record_type) {
                Some(r) => r.removed += 1,
                None => {
                    let held = records::count(&self.conn, &body.record_type)?;
                    out.push(Removal {
                        record_type: body.record_type,
                        removed: 1,
                        held,
                    });
                }
            }
        }
        Ok(out)
    }

    /// Open conflicts, in a fixed order (by record, then field), identical on every replica
    /// that holds the same changes.
    #[allow(clippy::type_complexity)]
    pub fn conflicts(&self) -> Result<Vec<ConflictView>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, kind, record_type, record_id, field, label, sides, base FROM conflict ORDER BY record_type, record_id, field",
        )?;
        let rows: Vec<(
            String,
            String,
            String,
            String,
            String,
            String,
            String,
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
                    r.get(6)?,
                    r.get(7)?,
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut out = Vec::new();
        for (id, kind, rt, rid, field, label, sides, base) in rows {
            let sides: Vec<Value> = serde_json::from_str(&sides).unwrap_or_default();
            let sides: Vec<ConflictSide> = sides
                .into_iter()
                .enumerate()
                .map(|(i, s)| ConflictSide {
                    n: i + 1,
                    actor: s["actor"].as_str().unwrap_or("").to_string(),
                    at: s["at"].as_str().unwrap_or("").to_string(),
                    value: s["value"].clone(),
                    op_id: s["op_id"].as_str().unwrap_or("").to_string(),
                })
                .collect();
            let choices = choices(&kind, sides.len());
            out.push(ConflictView {
                id,
                kind,
                record: format!("{rt}/{rid}"),
                field,
                label,
                shown: sides.len(),
                base: base.and_then(|b| serde_json::from_str(&b).ok()),
                sides,
                choices,
            });
        }
        Ok(out)
    }

    /// Settles one conflict with an ordinary change made by someone who saw every side.
    /// A conflict whose sides have changed since it was listed has a new id: the old one is
    /// refused, naming the new one.
    pub fn resolve(&mut self, id: &str, how: &Resolution, stamp: &Stamp) -> Result<ConflictView> {
        let all = self.conflicts()?;
        let Some(conflict) = all.iter().find(|c| c.id.eq_ignore_ascii_case(id)).cloned() else {
            return Err(accord_domain::RuleError::NotFound(format!(
                "There is no open conflict {id}. `accord conflicts` lists the open ones."
            ))
            .into());
        };
        let valid = choices(&conflict.kind, conflict.sides.len());
        let ok = match how {
            Resolution::Choose(n) => valid.contains(&format!("--choose {n}")),
            other => valid.iter().any(|v| v == other.option()),
        };
        if !ok {
            return Err(accord_domain::RuleError::Invalid(format!(
                "That choice does not fit conflict {}: choose one of {}.",
                conflict.id,
                valid.join(", ")
            ))
            .into());
        }
        let (rt, rid) = conflict
            .record
            .split_once('/')
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .unwrap_or_default();
        let field = conflict.field.clone();
        // Superseding takes every edit held aside on the decision into one new decision.
        let held: Vec<ConflictView> = match how {
            Resolution::Supersede => all
                .iter()
                .filter(|c| c.kind == "edit_after_accept" && c.record == conflict.record)
                .cloned()
                .collect(),
            // Reopening takes every edit held aside by the agreement into the new version.
            Resolution::Reopen => all
                .iter()
                .filter(|c| c.kind == "edit_after_agreed")
                .cloned()
                .collect(),
            _ => Vec::new(),
        };
        self.change(stamp, |c| {
            let before = records::read(c.tx(), &rt, &rid)?;
            match how {
                Resolution::Reopen => {
                    let (who, at) = (c.stamp().who.clone(), c.stamp().at);
                    crate::agreement::change_agreement(c, |a| {
                        if !a.is_open() {
                            a.reopen()?;
                        }
                        for h in &held {
                            let key = h.record.split_once('/').map(|(_, k)| k).unwrap_or_default();
                            let edit = h.sides[h.sides.len().saturating_sub(2)].value.clone();
                            let text = edit.as_str().unwrap_or_default().to_string();
                            match h.field.as_str() {
                                "body" => a.write_section(key, &text, &who, at)?,
                                "title" => {
                                    if let Some(s) = a.sections.iter_mut().find(|s| s.key == key) {
                                        s.title = text;
                                    }
                                }
                                _ => {}
                            }
                        }
                        Ok(())
                    })?;
                    for h in &held {
                        let (hrt, hrid) = h.record.split_once('/').unwrap_or_default();
                        clear_conflict(c.tx(), hrt, hrid, &h.field)?;
                    }
                    return Ok(());
                }
                Resolution::Supersede => {
                    let old = decisions::by_id(
                        c,
                        rid.parse().map_err(|_| {
                            StoreError::Corrupt(format!(
                                "the conflict {} names no decision",
                                conflict.id
                            ))
                        })?,
                    )?;
                    let mut edited = serde_json::to_value(&old)
                        .map_err(|e| StoreError::Corrupt(e.to_string()))?;
                    for h in &held {
                        // The held edit (the latest, when several were held), and the
                        // accepted decision left as it stands.
                        let edit = h.sides[h.sides.len().saturating_sub(2)].value.clone();
                        if let Value::Object(m) = &mut edited {
                            m.insert(h.field.clone(), edit);
                        }
                        let summary = format!(
                            "Resolved {}: {} stands; the edit became a new decision",
                            h.id, h.label
                        );
                        c.log_forced(
                            &rt,
                            &rid,
                            Action::Update,
                            &summary,
                            before.as_ref(),
                            before.as_ref(),
                            &[h.field.as_str()],
                        )?;
                        clear_conflict(c.tx(), &rt, &rid, &h.field)?;
                    }
                    let edited: Decision = serde_json::from_value(edited)
                        .map_err(|e| StoreError::Corrupt(e.to_string()))?;
                    let patch = DecisionPatch {
                        title: None,
                        date: None,
                        context: Some(edited.context),
                        options: Some(edited.options),
                        decision: Some(edited.decision),
                        consequences: Some(edited.consequences),
                        deciders: Some(edited.deciders),
                        consulted: Some(edited.consulted),
                        informed: Some(edited.informed),
                        review_date: Some(edited.review_date),
                        tags: Some(edited.tags),
                    };
                    decisions::record(c, &edited.title, edited.date, patch, Some(old.id), false)?;
                    return Ok(());
                }
                Resolution::Choose(_) | Resolution::Text(_) | Resolution::Withdraw => {
                    let value = match how {
                        Resolution::Choose(n) => conflict.sides[n - 1].value.clone(),
                        Resolution::Withdraw => {
                            conflict.sides[conflict.sides.len() - 1].value.clone()
                        }
                        Resolution::Text(t) => Value::String(merge::normalise_line_endings(t)),
                        _ => unreachable!("matched above"),
                    };
                    let mut after = before.clone().unwrap_or_else(|| Value::Object(Map::new()));
                    if let Value::Object(m) = &mut after {
                        m.insert(field.clone(), value);
                    }
                    records::write(c.tx(), &rt, &rid, &after, None)?;
                    let summary = format!("Resolved {}: {}", conflict.id, describe(how, &conflict));
                    c.log_forced(
                        &rt,
                        &rid,
                        Action::Update,
                        &summary,
                        before.as_ref(),
                        Some(&after),
                        &[field.as_str()],
                    )?;
                }
                Resolution::Keep => {
                    let record = before.clone().unwrap_or(Value::Null);
                    let fields: Vec<String> = record
                        .as_object()
                        .map(|m| m.keys().cloned().collect())
                        .unwrap_or_default();
                    let forced: Vec<&str> = fields.iter().map(String::as_str).collect();
                    let summary = format!("Resolved {}: kept {}", conflict.id, conflict.label);
                    c.log_forced(
                        &rt,
                        &rid,
                        Action::Create,
                        &summary,
                        None,
                        Some(&record),
                        &forced,
                    )?;
                }
                Resolution::Remove => {
                    records::delete(c.tx(), &rt, &rid)?;
                    let summary = format!("Resolved {}: removed {}", conflict.id, conflict.label);
                    c.log_forced::<Value>(
                        &rt,
                        &rid,
                        Action::Delete,
                        &summary,
                        before.as_ref(),
                        None,
                        &[],
                    )?;
                }
            }
            clear_conflict(c.tx(), &rt, &rid, &field)?;
            Ok(())
        })?;
        Ok(conflict)
    }
}

fn describe(how: &Resolution, c: &ConflictView) -> String {
    match how {
        Resolution::Choose(n) => format!("kept {}'s version of {}", c.sides[n - 1].actor, c.label),
        Resolution::Text(_) => format!("wrote a combined version of {}", c.label),
        Resolution::Keep => format!("kept {}", c.label),
        Resolution::Remove => format!("removed {}", c.label),
        Resolution::Withdraw => format!(
            "withdrew {}'s edit of {}; the decision stands",
            c.sides[0].actor, c.label
        ),
        Resolution::Supersede => format!("recorded the edit of {} as a new decision", c.label),
        Resolution::Reopen => format!("reopened the agreement with the edit of {}", c.label),
    }
}

/// The changes `ids` (op id and HLC) as they are sent: each with its body as exchanged.
fn outgoing(conn: &Connection, ids: Vec<(String, String)>) -> Result<Vec<OutgoingOp>> {
    let mut out = Vec::with_capacity(ids.len());
    for (op_id, hlc) in ids {
        let body = body_of(conn, &op_id)?.ok_or_else(|| {
            StoreError::Corrupt(format!("the change {op_id} has no fields recorded"))
        })?;
        out.push(OutgoingOp { op_id, hlc, body });
    }
    Ok(out)
}

/// The local change (by the log's seq) up to which every change made here has been
/// acknowledged by the server, so that finding what to send never walks the part of the log
/// already sent (`meta.pushed_through`; 0, the whole log, when unknown). Only a server's ack
/// moves it on, and adopting a new server's order resets it: acks are never otherwise taken
/// back, so every change made here after it is still found.
fn pushed_through(conn: &Connection) -> Result<i64> {
    let value: Option<String> = conn
        .prepare_cached("SELECT value FROM meta WHERE key = 'pushed_through'")?
        .query_row([], |r| r.get(0))
        .optional()?;
    Ok(value.and_then(|v| v.parse().ok()).unwrap_or(0))
}

/// Moves `pushed_through` to just before the first change made here still unacknowledged
/// (or to the last change made here, when all are), walking only the part not yet passed.
fn advance_pushed_through(conn: &Connection) -> Result<()> {
    let from = pushed_through(conn)?;
    let first_unsent: Option<i64> = conn
        .prepare_cached(FIRST_UNSENT_SQL)?
        .query_row([from], |r| r.get(0))
        .optional()?;
    let through = match first_unsent {
        Some(seq) => seq - 1,
        None => conn
            .prepare_cached(
                "SELECT coalesce(max(seq), 0) FROM operation WHERE origin = 'local' AND kind = 'edit'",
            )?
            .query_row([], |r| r.get(0))?,
    };
    if through > from {
        conn.prepare_cached(
            "INSERT OR REPLACE INTO meta (key, value) VALUES ('pushed_through', ?1)",
        )?
        .execute([through.to_string()])?;
    }
    Ok(())
}

fn ack_one(conn: &Connection, ack: &Ack) -> Result<()> {
    let inserted = conn
        .prepare_cached("INSERT OR IGNORE INTO op_ack (op_id, seq, order_at) VALUES (?1, ?2, ?3)")?
        .execute(params![
            ack.op_id,
            ack.seq,
            ack.order_at
                .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
        ])?;
    if inserted == 1 {
        let row: Option<(String, String, String)> = conn
            .prepare_cached(
                "SELECT w.record_type, w.record_id, o.action FROM op_wire w JOIN operation o ON o.op_id = w.op_id WHERE w.op_id = ?1",
            )?
            .query_row([&ack.op_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?;
        if let Some((rt, rid, action)) = row
            && (action == "create" || rt == "raci_cell")
        {
            records::ordered(conn, &rt, &rid, ack.seq)?;
        }
    }
    Ok(())
}

/// A decision made here whose create has come back from the server: its number is now
/// fixed by the server's order, once and for good.
fn confirm_own_decision(
    c: &mut crate::change::Change<'_>,
    op: &IncomingOp,
    applied: &mut Applied,
) -> Result<()> {
    let conn: &Connection = c.tx();
    let row: Option<(String, String, String)> = conn
        .prepare_cached(
            "SELECT w.record_id, w.changes, o.action FROM op_wire w JOIN operation o ON o.op_id = w.op_id
             WHERE w.op_id = ?1 AND w.record_type = 'decision'",
        )?
        .query_row([&op.op_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let Some((id, changes, action)) = row else {
        return Ok(());
    };
    if action != "create" {
        return Ok(());
    }
    let requested = serde_json::from_str::<Changes>(&changes)
        .ok()
        .and_then(|c| c.get("number").cloned())
        .and_then(|n| serde_json::from_value::<DecisionNumber>(n).ok())
        .unwrap_or(DecisionNumber(0));
    let current: Option<(u32, String, String)> = conn
        .query_row(
            "SELECT seq, title, number_state FROM decision WHERE id = ?1",
            [&id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((current, title, state)) = current else {
        return Ok(());
    };
    if state == "confirmed" {
        // Fixed already, for good: a change seen again (after a reseed) never renumbers.
        return Ok(());
    }
    let number = place_number(conn, &id, op.seq, requested)?;
    set_number(conn, &id, number)?;
    if number != requested {
        let message = format!(
            "Your {requested} \"{title}\" is now {number}: another council's {requested} reached the server first. Check any text that refers to {requested}."
        );
        c.notice("decision", &id, &message)?;
        applied.notices.push(SyncNotice {
            kind: "renumbered".into(),
            message,
        });
    } else if current != number.0 {
        // Moved aside meanwhile by a change ordered later; back to the number it asked for.
    }
    Ok(())
}

/// Applies one change made elsewhere.
fn apply_one(
    c: &mut crate::change::Change<'_>,
    op: &IncomingOp,
    applied: &mut Applied,
) -> Result<()> {
    let body: Body = serde_json::from_str(&op.body).map_err(|e| {
        StoreError::SyncRefused(format!(
            "The server sent a change this workspace cannot read ({e}). Nothing in your workspace has changed."
        ))
    })?;
    if body.format > OP_FORMAT || body.op_id != op.op_id {
        return Err(StoreError::SyncRefused(format!(
            "The server holds changes made by a newer version of Accord (format {}). Nothing in your workspace has changed: update Accord, then sync again.",
            body.format
        )));
    }
    if body.device == c.device() {
        // A copy of this file (or a restored backup) made this change: give this file a
        // new identity, so the two copies stay distinguishable from now on.
        c.tx().execute(
            "UPDATE meta SET value = ?1 WHERE key = 'device'",
            [uuid::Uuid::new_v4().simple().to_string()],
        )?;
        applied.notices.push(SyncNotice {
            kind: "copy".into(),
            message: "Another copy of this workspace file is syncing with the same project. Both copies are kept apart from now on; nothing was lost.".into(),
        });
    }
    let conn: &Connection = c.tx();
    let rt = body.record_type.as_str();
    let rid = body.record_id.as_str();
    let before = records::read(conn, rt, rid)?;
    let action = match body.action.as_str() {
        "create" => Action::Create,
        "delete" => Action::Delete,
        _ => Action::Update,
    };
    // The operation row first: merges look up this change's values and parents.
    conn.prepare_cached(
        "INSERT INTO operation (op_id, device, hlc, at, actor, record_type, record_id, action, summary, before, after, origin)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, NULL, 'remote')",
    )?
    .execute(params![
        body.op_id,
        body.device,
        body.hlc,
        body.at,
        body.actor,
        rt,
        rid,
        body.action,
        body.summary,
        before.as_ref().map(Value::to_string),
    ])?;
    heads::write_wire(conn, &body.op_id, rt, rid, &body.changes, &body.parents)?;
    ack_one(
        conn,
        &Ack {
            op_id: op.op_id.clone(),
            seq: op.seq,
            order_at: op.order_at,
        },
    )?;
    applied.received += 1;
    if !applied.from.contains(&body.actor) {
        applied.from.push(body.actor.clone());
    }

    if action == Action::Delete {
        let local = heads::record_heads(conn, rt, rid)?;
        let concurrent: Vec<String> = local
            .iter()
            .flat_map(|(f, hs)| {
                let seen = body.parents.get(f).cloned().unwrap_or_default();
                hs.iter()
                    .filter(move |h| !seen.contains(h))
                    .cloned()
                    .collect::<Vec<_>>()
            })
            .collect();
        if before.is_some() && !concurrent.is_empty() {
            let mut sides = vec![(body.op_id.clone(), Value::Null)];
            let mut seen = Vec::new();
            for h in concurrent {
                if !seen.contains(&h) {
                    seen.push(h.clone());
                    sides.push((h, before.clone().unwrap_or(Value::Null)));
                }
            }
            let label = records::label(rt, before.as_ref(), "");
            let id = open_conflict(
                conn,
                ConflictKind::RemovedButChanged,
                rt,
                rid,
                "",
                &label,
                &sides,
                None,
            )?;
            applied.new_conflicts.push(id);
            return Ok(());
        }
        conn.prepare_cached(
            "INSERT INTO tombstone (record_type, record_id, op_id) VALUES (?1, ?2, ?3)
             ON CONFLICT (record_type, record_id) DO UPDATE SET op_id = excluded.op_id",
        )?
        .execute(params![rt, rid, body.op_id])?;
        conn.prepare_cached("DELETE FROM conflict WHERE record_type = ?1 AND record_id = ?2")?
            .execute(params![rt, rid])?;
        records::delete(conn, rt, rid)?;
        return Ok(());
    }

    // A change to a record removed here meanwhile: the record comes back while a person
    // decides (`--keep` or `--remove`), so nothing is lost either way.
    let mut record = before.clone();
    if record.is_none() && action == Action::Update {
        let tomb: Option<(String, Option<String>)> = conn
            .prepare_cached(
                "SELECT t.op_id, o.before FROM tombstone t JOIN operation o ON o.op_id = t.op_id WHERE t.record_type = ?1 AND t.record_id = ?2",
            )?
            .query_row(params![rt, rid], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        if let Some((delete_op, old)) = tomb {
            record = old.and_then(|o| serde_json::from_str(&o).ok());
            if record.is_some() {
                let label = records::label(rt, record.as_ref(), "");
                let sides = vec![
                    (delete_op, Value::Null),
                    (body.op_id.clone(), record.clone().unwrap_or(Value::Null)),
                ];
                let id = open_conflict(
                    conn,
                    ConflictKind::RemovedButChanged,
                    rt,
                    rid,
                    "",
                    &label,
                    &sides,
                    None,
                )?;
                conn.prepare_cached(
                    "DELETE FROM tombstone WHERE record_type = ?1 AND record_id = ?2",
                )?
                .execute(params![rt, rid])?;
                applied.new_conflicts.push(id);
            }
        }
    }
    if action == Action::Create && before.is_some() {
        // A record kept after a removal met an edit (`--keep`): that conflict is settled.
        clear_conflict(conn, rt, rid, "")?;
    }
    let created = record.is_none();
    let mut after = record.clone().unwrap_or_else(|| Value::Object(Map::new()));
    let mut numbered: Option<DecisionNumber> = None;
    for (field, value) in &body.changes {
        if rt == "decision" && field == "number" {
            let requested = serde_json::from_value::<DecisionNumber>(value.clone())
                .unwrap_or(DecisionNumber(0));
            if created {
                numbered = Some(place_number(conn, rid, op.seq, requested)?);
            }
            heads::set_heads(conn, rt, rid, field, std::slice::from_ref(&body.op_id))?;
            continue;
        }
        let seen = body.parents.get(field).cloned().unwrap_or_default();
        let mut hs: Vec<String> = heads::heads(conn, rt, rid, field)?
            .into_iter()
            .filter(|h| !seen.contains(h))
            .collect();
        hs.push(body.op_id.clone());
        hs.sort();
        hs.dedup();
        heads::set_heads(conn, rt, rid, field, &hs)?;
        let (shown, conflict, merged) = settle(conn, rt, field, &hs)?;
        if let Value::Object(m) = &mut after {
            if record.is_none() || hs.len() == 1 {
                m.insert(field.clone(), value.clone());
            } else {
                m.insert(field.clone(), shown);
            }
        }
        match conflict {
            Some(conflict) => {
                let label = records::label(rt, Some(&after), field);
                let sides: Vec<(String, Value)> = conflict
                    .sides
                    .iter()
                    .map(|h| (h.key.op_id.to_string(), h.value.clone()))
                    .collect();
                let id = open_conflict(
                    conn,
                    conflict.kind,
                    rt,
                    rid,
                    field,
                    &label,
                    &sides,
                    conflict.base.as_ref(),
                )?;
                applied.new_conflicts.push(id.clone());
                let message = if conflict.kind == ConflictKind::EditAfterAgreed {
                    format!(
                        "{id}  {label}: {}'s edit was made while the agreement was being agreed elsewhere; it is held aside and the agreed text stands. Withdraw the edit, or reopen the agreement as a new version with it (accord resolve FILE {id} --withdraw or --reopen).",
                        body.actor
                    )
                } else if conflict.kind == ConflictKind::EditAfterAccept {
                    format!(
                        "{id}  {label}: an edit made while the decision was being accepted or rejected elsewhere is held aside; the decision stands. Withdraw the edit, or record it as a new decision superseding this one (accord resolve FILE {id} --withdraw or --supersede)."
                    )
                } else {
                    format!(
                        "{id}  {label}: you and {} changed it at the same time.",
                        body.actor
                    )
                };
                applied.notices.push(SyncNotice {
                    kind: "conflict".into(),
                    message,
                });
            }
            None => {
                clear_conflict(conn, rt, rid, field)?;
                if merged {
                    applied.notices.push(SyncNotice {
                        kind: "merged".into(),
                        message: format!(
                            "{}: merged with {}'s change, made at the same time.",
                            records::label(rt, Some(&after), field),
                            body.actor
                        ),
                    });
                }
            }
        }
    }
    if let Some(n) = numbered
        && let Value::Object(m) = &mut after
    {
        m.insert("number".into(), Value::String(n.to_string()));
    }
    if created && rt != "raci_cell" && rt != "project" && rt != "agreement" && !complete(rt, &after)
    {
        // Only part of a record this workspace never had: its values stay in the log.
        return Ok(());
    }
    // Where the record is listed: the server's seq of the change that first created it
    // (also for a record brought back after a removal); a RACI letter, the seq of the
    // change that put it in the cell.
    let order_key = if created || rt == "raci_cell" {
        Some(op.seq)
    } else {
        first_create_seq(conn, rt, rid)?
    };
    records::write(conn, rt, rid, &after, order_key)?;
    if created && rt == "decision" {
        conn.execute(
            "UPDATE decision SET number_state = 'confirmed' WHERE id = ?1",
            [rid],
        )?;
    }
    Ok(())
}

/// The server's seq of the first change that created the record.
fn first_create_seq(conn: &Connection, rt: &str, rid: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached(
            "SELECT min(a.seq) FROM operation o JOIN op_ack a ON a.op_id = o.op_id
             WHERE o.record_type = ?1 AND o.record_id = ?2 AND o.action = 'create'",
        )?
        .query_row(params![rt, rid], |r| r.get(0))?)
}

/// Whether a record built from changes alone has every field it needs.
fn complete(rt: &str, v: &Value) -> bool {
    let need: &[&str] = match rt {
        "section" => &["key", "title", "status"],
        "decision" => &["id", "number", "title", "date", "status"],
        "organisation" | "person" | "activity" | "handover_note" | "signoff" => &["id"],
        _ => &[],
    };
    need.iter().all(|k| v.get(*k).is_some())
}

#[cfg(test)]
mod plan_tests {
    use super::*;

    /// What SQLite plans to do for `sql`, one line per step.
    fn plan(conn: &Connection, sql: &str, params: usize) -> Vec<String> {
        let mut stmt = conn
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .expect("the query prepares");
        let args: Vec<rusqlite::types::Value> = (0..params)
            .map(|_| rusqlite::types::Value::Integer(1))
            .collect();
        stmt.query_map(rusqlite::params_from_iter(args), |r| r.get::<_, String>(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    #[test]
    fn what_sync_runs_per_change_reads_by_index_never_the_whole_log() {
        let dir = tempfile::tempdir().unwrap();
        let stamp = Stamp::new(
            accord_domain::Actor::new("Sam Lee", "Adur District Council").unwrap(),
            Utc::now(),
        );
        let file = WorkspaceFile::create(dir.path().join("plan.accord"), "Plans", &stamp).unwrap();
        for (sql, params) in [
            (UNSENT_SQL, 2),
            (UNSENT_COUNT_SQL, 1),
            (FIRST_UNSENT_SQL, 1),
            (HOLDER_SQL, 2),
            (CREATE_SEQ_SQL, 1),
        ] {
            let steps = plan(&file.conn, sql, params);
            for step in &steps {
                let whole = step.starts_with("SCAN") && !step.contains("USING");
                assert!(!whole, "{sql}\nreads a whole table: {steps:?}");
            }
            let log = steps
                .iter()
                .find(|s| s.contains("operation") || s.contains(" o ") || s.ends_with(" o"));
            if let Some(step) = log {
                assert!(
                    step.contains("USING"),
                    "{sql}\nreads the log without an index: {steps:?}"
                );
            }
        }
        // The unsent walk starts at the watermark: a range on the partial index.
        let steps = plan(&file.conn, UNSENT_SQL, 2);
        assert!(
            steps
                .iter()
                .any(|s| s.contains("operation_unsent") && s.contains("seq>?")),
            "{steps:?}"
        );
    }
}
