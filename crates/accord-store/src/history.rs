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
            "SELECT seq, op_id, device, hlc, at, actor, record_type, record_id, action, summary, before, after
             FROM operation WHERE (?1 IS NULL OR record_id = ?1) ORDER BY seq DESC LIMIT ?2",
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
                    })
                },
            )?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }
}
