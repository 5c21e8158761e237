//! History and search, across the whole workspace.

use accord_store::{HistoryQuery, Hit, Operation};

use crate::{AppResult, Session};

impl Session {
    /// The latest changes, newest first.
    pub fn history(&self, limit: u32) -> AppResult<Vec<Operation>> {
        Ok(self.file()?.history(&HistoryQuery {
            record_id: None,
            limit: Some(limit),
        })?)
    }

    pub fn search(&self, words: &str) -> AppResult<Vec<Hit>> {
        Ok(self.file()?.search(words, 50)?)
    }
}
