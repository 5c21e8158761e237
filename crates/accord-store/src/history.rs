//! The history of every change: who, when, which record, and what it was before.

use serde::Serialize;

use crate::WorkspaceFile;
use crate::error::Result;

/// One entry of the change log.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Operation {
    pub seq: i64,
    pub op_id: String,
    pub device: String,
    pub hlc: String,
    pub at: String,
    pub actor: String,
    pub record_type: String,
    pub record_id: String,
    pub action: String,
    pub summary: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    /// `local` (made here) or `remote` (arrived by sync).
    pub origin: String,
    /// `edit`, or `notice` (a line of history no one typed, such as a renumbering).
    pub kind: String,
    /// The fields this change set, with their new values.
    pub changes: Option<serde_json::Value>,
    /// For each field, the changes it was based on.
    pub parents: Option<serde_json::Value>,
    /// The server's seq for it, once a server has ordered it.
    pub server_seq: Option<i64>,
}

/// Which part of the history to read.
#[derive(Debug, Clone, Default)]
pub struct HistoryQuery {
    /// Only changes to this record (its id, or a section's key).
    pub record_id: Option<String>,
    /// At most this many, newest first. `None` means all.
    pub limit: Option<u32>,
}

impl WorkspaceFile {
    /// The change log, newest first.
    pub fn history(&self, query: &HistoryQuery) -> Result<Vec<Operation>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT o.seq, o.op_id, o.device, o.hlc, o.at, o.actor, o.record_type, o.record_id, o.action, o.summary,
                    o.before, o.after, o.origin, o.kind, w.changes, w.parents, a.seq
             FROM operation o LEFT JOIN op_wire w ON w.op_id = o.op_id LEFT JOIN op_ack a ON a.op_id = o.op_id
             WHERE (?1 IS NULL OR o.record_id = ?1) ORDER BY o.seq DESC LIMIT ?2",
        )?;
        let json = |s: Option<String>| s.and_then(|s| serde_json::from_str(&s).ok());
        let rows = stmt
            .query_map(
                rusqlite::params![query.record_id, query.limit.map_or(-1, i64::from)],
                |r| {
                    Ok(Operation {
                        seq: r.get(0)?,
                        op_id: r.get(1)?,
                        device: r.get(2)?,
                        hlc: r.get(3)?,
                        at: r.get(4)?,
                        actor: r.get(5)?,
                        record_type: r.get(6)?,
                        record_id: r.get(7)?,
                        action: r.get(8)?,
                        summary: r.get(9)?,
                        before: json(r.get(10)?),
                        after: json(r.get(11)?),
                        origin: r.get(12)?,
                        kind: r.get(13)?,
                        changes: json(r.get(14)?),
                        parents: json(r.get(15)?),
                        server_seq: r.get(16)?,
                    })
                },
            )?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }
}
