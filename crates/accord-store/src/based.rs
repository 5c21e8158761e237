//! Saving a field from a screen that loaded it earlier: the save says which version of the
//! field it was typed over, so a change a sync brought in meanwhile is never overwritten.
//!
//! A screen keeps, with each field it shows, the field's *version*: the changes its value
//! came from (its heads, [`crate::heads`]). A save carries that version back. When the
//! field has not changed since, the save is an ordinary edit. When a sync changed it in
//! between, the save is recorded as what it is, a change made at the same time as the
//! other one: based on the version the screen showed, beside the change that arrived. The
//! field is then settled by the same merge rules as changes arriving from another council
//! (`accord_domain::merge`): edits of different lines of a text are merged; otherwise it
//! is a conflict that keeps both versions, showing the one just typed until a person
//! chooses. Every copy that holds the same changes settles it the same way.

use rusqlite::params;

use crate::WorkspaceFile;
use crate::error::Result;

/// A field as a screen showed it: which record, which field, and the version it loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldBase {
    /// `section`, `decision`, `handover_note` ...
    pub record_type: String,
    /// The section's key, or the record's id.
    pub record_id: String,
    pub field: String,
    /// What [`WorkspaceFile::field_version`] gave when the screen loaded the field, or what
    /// the last save of it returned.
    pub version: String,
}

/// A change being made on a [`FieldBase`], and the change it made to that field.
#[derive(Debug, Clone)]
pub(crate) struct Edit {
    pub(crate) base: FieldBase,
    /// The ops the version names that this file holds (unknown ones are left out).
    pub(crate) heads: Vec<String>,
    pub(crate) made: Option<String>,
}

impl Edit {
    /// The version an op on `rt`/`rid` logged now is based on for `field`, if this edit is
    /// about that field.
    pub(crate) fn on(&self, rt: &str, rid: &str, field: &str) -> Option<&[String]> {
        (self.base.record_type == rt && self.base.record_id == rid && self.base.field == field)
            .then_some(self.heads.as_slice())
    }
}

fn token(ops: &[String]) -> String {
    ops.join(" ")
}

impl WorkspaceFile {
    /// The version of a field now, as a screen keeps it with the value it shows.
    pub fn field_version(&self, record_type: &str, record_id: &str, field: &str) -> Result<String> {
        Ok(token(&crate::heads::heads(
            &self.conn,
            record_type,
            record_id,
            field,
        )?))
    }

    /// Runs `edit`, a change to the field `base` names (such as
    /// [`WorkspaceFile::write_section`]), as based on the version the screen showed. Returns
    /// what `edit` returned and the version the screen shows now: the change just made (the
    /// text typed), or `base`'s own when nothing changed. Whether a sync changed the field
    /// meanwhile, and how that was settled, is read afterwards from the record and
    /// [`WorkspaceFile::conflicts`].
    pub fn edit_based_on<T>(
        &mut self,
        base: &FieldBase,
        edit: impl FnOnce(&mut WorkspaceFile) -> Result<T>,
    ) -> Result<(T, String)> {
        let mut heads = Vec::new();
        for op in base.version.split_whitespace() {
            let held: i64 = self
                .conn
                .prepare_cached("SELECT count(*) FROM operation WHERE op_id = ?1")?
                .query_row(params![op], |r| r.get(0))?;
            if held > 0 && !heads.iter().any(|h| h == op) {
                heads.push(op.to_string());
            }
        }
        self.base = Some(Edit {
            base: base.clone(),
            heads,
            made: None,
        });
        let out = edit(self);
        let done = self.base.take();
        let out = out?;
        let version = match done.and_then(|d| d.made) {
            Some(op) => op,
            None => base.version.clone(),
        };
        Ok((out, version))
    }
}
