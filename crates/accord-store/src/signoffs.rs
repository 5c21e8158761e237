//! Sign-offs: appended, never changed or removed (the schema's triggers refuse both).

use accord_domain::signoff::is_fingerprint;
use accord_domain::{RuleError, Signoff};
use rusqlite::{Connection, named_params};

use crate::change::{Action, Change};
use crate::codec::text;
use crate::error::Result;
use crate::{Stamp, WorkspaceFile};

pub(crate) fn read_all(conn: &Connection) -> Result<Vec<Signoff>> {
    let rows = conn
        .prepare_cached(
            "SELECT * FROM signoff ORDER BY coalesce(order_key, 9223372036854775807), seq",
        )?
        .query_map([], |row| {
            Ok(Signoff {
                id: text(row, "id")?,
                document: text(row, "document")?,
                fingerprint: row.get("fingerprint")?,
                signed_by: text(row, "signed_by")?,
                signed_on: text(row, "signed_on")?,
                method: text(row, "method")?,
                note: row.get("note")?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub(crate) fn create(c: &mut Change<'_>, s: &Signoff) -> Result<()> {
    write(c, s)?;
    let summary = format!(
        "Recorded a sign-off of the {} ({})",
        s.document,
        &s.fingerprint[..12.min(s.fingerprint.len())]
    );
    c.log(
        "signoff",
        &s.id.to_string(),
        Action::Create,
        &summary,
        None,
        Some(s),
    )
}

/// Writes a sign-off's row (a sign-off is only ever added).
pub(crate) fn write(c: &Connection, s: &Signoff) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO signoff (id, document, fingerprint, signed_by, signed_on, method, note)
         VALUES (:id, :document, :fingerprint, :signed_by, :signed_on, :method, :note)",
    )?
    .execute(named_params! {
        ":id": s.id.to_string(),
        ":document": s.document.as_str(),
        ":fingerprint": s.fingerprint,
        ":signed_by": s.signed_by.to_string(),
        ":signed_on": s.signed_on.to_string(),
        ":method": s.method.as_str(),
        ":note": s.note,
    })?;
    Ok(())
}

impl WorkspaceFile {
    pub fn signoffs(&self) -> Result<Vec<Signoff>> {
        read_all(&self.conn)
    }

    /// Records that `signoff.signed_by` signed the document with `signoff.fingerprint`.
    pub fn record_signoff(&mut self, signoff: Signoff, stamp: &Stamp) -> Result<Signoff> {
        self.change(stamp, |c| {
            if !is_fingerprint(&signoff.fingerprint) {
                return Err(RuleError::Invalid(format!(
                    "'{}' is not a document fingerprint: expected the 64 letters and digits printed at the foot of each page.",
                    signoff.fingerprint
                ))
                .into());
            }
            crate::parties::person(c, signoff.signed_by)?;
            create(c, &signoff)?;
            Ok(signoff)
        })
    }
}
