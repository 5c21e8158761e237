//! Full-text search over every text field of a workspace (SQLite FTS5).

use serde::Serialize;

use crate::WorkspaceFile;
use crate::error::Result;

/// One record that matches a search.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    pub record_type: String,
    pub record_id: String,
    /// A short name for the record, such as "D-007 Host the service in Azure".
    pub label: String,
    /// The matching text of the body, with the matched words between [ and ]; when only
    /// the title matched, the start of the body (or the label, when there is no body).
    pub snippet: String,
}

/// Turns what a person typed into an FTS5 query: each word must appear (as a prefix of a
/// word in the text), and nothing they type is read as query syntax.
fn to_fts_query(typed: &str) -> Option<String> {
    let terms: Vec<String> = typed
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '-')
        .map(|w| w.trim_matches(|c| c == '\'' || c == '-'))
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{}\"*", w.replace('"', "")))
        .collect();
    if terms.is_empty() {
        None
    } else {
        Some(terms.join(" "))
    }
}

impl WorkspaceFile {
    /// The records matching every word of `typed`, best first, at most `limit`.
    pub fn search(&self, typed: &str, limit: u32) -> Result<Vec<Hit>> {
        let Some(query) = to_fts_query(typed) else {
            return Ok(Vec::new());
        };
        // One snippet per match, of the body only: SQLite builds it for every match before
        // sorting, so a second (for the title) cost a third more on common words. A match
        // in the title alone shows the start of the body, or the label when there is none.
        let mut stmt = self.conn.prepare_cached(
            "SELECT record_type, record_id, label, snippet(search, 4, '[', ']', '…', 12)
             FROM search WHERE search MATCH ?1 ORDER BY bm25(search, 0.0, 0.0, 0.0, 10.0, 1.0) LIMIT ?2",
        )?;
        let hits = stmt
            .query_map(rusqlite::params![query, limit], |r| {
                let label: String = r.get(2)?;
                let body: String = r.get(3)?;
                let snippet = if body.trim().is_empty() {
                    label.clone()
                } else {
                    body
                };
                Ok(Hit {
                    record_type: r.get(0)?,
                    record_id: r.get(1)?,
                    label,
                    snippet,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(hits)
    }
}

#[cfg(test)]
mod tests {
    use super::to_fts_query;

    #[test]
    fn typed_text_is_never_query_syntax() {
        assert_eq!(
            to_fts_query("data OR \"x\" NEAR(").as_deref(),
            Some("\"data\"* \"OR\"* \"x\"* \"NEAR\"*")
        );
        assert_eq!(to_fts_query("  ** "), None);
        assert_eq!(
            to_fts_query("Ynys Môn").as_deref(),
            Some("\"Ynys\"* \"Môn\"*")
        );
    }
}
