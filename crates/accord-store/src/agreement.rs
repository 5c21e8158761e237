//! The agreement and its sections: reading them, writing them, and changing them.

use accord_domain::agreement::AgreementPatch;
use accord_domain::{Agreement, AgreementStatus, Section, SectionStatus};
use rusqlite::{Connection, OptionalExtension, named_params};

use crate::change::{Action, Change};
use crate::codec::{opt_string, opt_text, text};
use crate::error::{Result, StoreError};
use crate::{Stamp, WorkspaceFile};

fn section_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Section> {
    Ok(Section {
        key: row.get("key")?,
        title: row.get("title")?,
        body: row.get("body")?,
        status: text(row, "status")?,
        updated_at: row.get("updated_at")?,
        updated_by: row.get("updated_by")?,
    })
}

/// One section by its key, or `None` when the agreement has no such section.
pub(crate) fn section(conn: &Connection, key: &str) -> Result<Option<Section>> {
    Ok(conn
        .prepare_cached("SELECT * FROM section WHERE key = ?1")?
        .query_row([key], section_from_row)
        .optional()?)
}

pub(crate) fn read(conn: &Connection) -> Result<Agreement> {
    let mut stmt = conn.prepare_cached(
        "SELECT * FROM section ORDER BY coalesce(order_key, 9223372036854775807), position, seq",
    )?;
    let sections = stmt
        .query_map([], section_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut agreement = conn
        .query_row("SELECT * FROM agreement WHERE seq = 1", [], |row| {
            Ok(Agreement {
                version: row.get("version")?,
                status: text(row, "status")?,
                binding: row.get("binding")?,
                effective_date: opt_text(row, "effective_date")?,
                review_date: opt_text(row, "review_date")?,
                sections: Vec::new(),
            })
        })
        .map_err(|_| StoreError::Corrupt("the file has no agreement".into()))?;
    agreement.sections = sections;
    Ok(agreement)
}

pub(crate) fn write_header(conn: &Connection, a: &Agreement) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO agreement (seq, version, status, binding, effective_date, review_date)
         VALUES (1, :version, :status, :binding, :effective_date, :review_date)
         ON CONFLICT (seq) DO UPDATE SET version = excluded.version, status = excluded.status,
            binding = excluded.binding, effective_date = excluded.effective_date, review_date = excluded.review_date",
    )?
    .execute(named_params! {
        ":version": a.version,
        ":status": a.status.as_str(),
        ":binding": a.binding,
        ":effective_date": opt_string(&a.effective_date),
        ":review_date": opt_string(&a.review_date),
    })?;
    Ok(())
}

pub(crate) fn write_section(conn: &Connection, position: usize, s: &Section) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO section (key, position, title, body, status, updated_at, updated_by)
         VALUES (:key, :position, :title, :body, :status, :updated_at, :updated_by)
         ON CONFLICT (key) DO UPDATE SET position = excluded.position, title = excluded.title, body = excluded.body,
            status = excluded.status, updated_at = excluded.updated_at, updated_by = excluded.updated_by",
    )?
    .execute(named_params! {
        ":key": s.key,
        ":position": position as i64,
        ":title": s.title,
        ":body": s.body,
        ":status": s.status.as_str(),
        ":updated_at": s.updated_at,
        ":updated_by": s.updated_by,
    })?;
    Ok(())
}

pub(crate) fn create(c: &mut Change<'_>, a: &Agreement) -> Result<()> {
    write_header(c, a)?;
    for (i, s) in a.sections.iter().enumerate() {
        write_section(c, i, s)?;
        c.log(
            "section",
            &s.key,
            Action::Create,
            &format!("Added the section \"{}\"", s.title),
            None,
            Some(s),
        )?;
    }
    let header = Agreement {
        sections: Vec::new(),
        ..a.clone()
    };
    c.log(
        "agreement",
        "agreement",
        Action::Create,
        "Started the agreement",
        None,
        Some(&header),
    )
}

/// Loads the agreement, applies `f`, and writes back and logs whatever changed.
pub(crate) fn change_agreement<T>(
    c: &mut Change<'_>,
    f: impl FnOnce(&mut Agreement) -> Result<T>,
) -> Result<T> {
    let before = read(c)?;
    let mut after = before.clone();
    let out = f(&mut after)?;
    let header = |a: &Agreement| Agreement {
        sections: Vec::new(),
        ..a.clone()
    };
    if header(&before) != header(&after) {
        write_header(c, &after)?;
        let summary = if before.version != after.version {
            format!("Reopened the agreement as version {}", after.version)
        } else if before.status != after.status {
            format!("Marked the agreement {}", after.status)
        } else {
            "Changed the agreement's details".to_string()
        };
        let agreed_op = c.log_forced(
            "agreement",
            "agreement",
            Action::Update,
            &summary,
            Some(&header(&before)),
            Some(&header(&after)),
            &[],
        )?;
        if before.is_open() && !after.is_open() {
            // Agreeing seals the text: each section is written again as it stands, marked
            // as sealed by this change, so an edit made elsewhere at the same time meets it
            // as a second head and is held aside, not merged into what was signed.
            for s in &after.sections {
                let sealed = c.log_forced(
                    "section",
                    &s.key,
                    Action::Update,
                    &format!(
                        "Sealed the section \"{}\" as agreed in version {}",
                        s.title, after.version
                    ),
                    Some(s),
                    Some(s),
                    accord_domain::merge::SECTION_SEALED_FIELDS,
                )?;
                crate::heads::mark_sealed(c, &sealed, &agreed_op)?;
            }
        }
    }
    for (i, s) in after.sections.iter().enumerate() {
        let old = before.sections.iter().find(|o| o.key == s.key);
        if old == Some(s) {
            continue;
        }
        write_section(c, i, s)?;
        let (action, summary) = match old {
            None => (Action::Create, format!("Added the section \"{}\"", s.title)),
            Some(o) if o.body != s.body => {
                (Action::Update, format!("Wrote the section \"{}\"", s.title))
            }
            Some(_) => (
                Action::Update,
                format!("Marked the section \"{}\" {}", s.title, s.status),
            ),
        };
        c.log("section", &s.key, action, &summary, old, Some(s))?;
    }
    for old in before
        .sections
        .iter()
        .filter(|o| after.section(&o.key).is_none())
    {
        c.execute("DELETE FROM section WHERE key = ?1", [&old.key])?;
        c.log(
            "section",
            &old.key,
            Action::Delete,
            &format!("Removed the section \"{}\"", old.title),
            Some(old),
            None,
        )?;
    }
    Ok(out)
}

impl WorkspaceFile {
    pub fn agreement(&self) -> Result<Agreement> {
        read(&self.conn)
    }

    /// Writes a section's text; an agreed section returns to draft.
    pub fn write_section(&mut self, key: &str, body: &str, stamp: &Stamp) -> Result<Section> {
        self.change(stamp, |c| {
            let (who, at) = (c.stamp().who.clone(), c.stamp().at);
            change_agreement(c, |a| {
                a.write_section(key, body, &who, at)?;
                Ok(a.section(key).cloned().expect("written section exists"))
            })
        })
    }

    /// Adds the sections in `added` (`key`, `title`) and writes each of `written` (`key`,
    /// text) as one change, by the agreement's rules: sections imported from a document are
    /// written all or none.
    pub fn import_sections(
        &mut self,
        added: &[(String, String)],
        written: &[(String, String)],
        stamp: &Stamp,
    ) -> Result<Agreement> {
        self.change(stamp, |c| {
            let (who, at) = (c.stamp().who.clone(), c.stamp().at);
            change_agreement(c, |a| {
                for (key, title) in added {
                    a.add_section(key, title)?;
                }
                for (key, body) in written {
                    a.write_section(key, body, &who, at)?;
                }
                Ok(a.clone())
            })
        })
    }

    pub fn set_section_status(
        &mut self,
        key: &str,
        status: SectionStatus,
        stamp: &Stamp,
    ) -> Result<Section> {
        self.change(stamp, |c| {
            let (who, at) = (c.stamp().who.clone(), c.stamp().at);
            change_agreement(c, |a| {
                a.set_section_status(key, status, &who, at)?;
                Ok(a.section(key).cloned().expect("section exists"))
            })
        })
    }

    pub fn add_section(&mut self, key: &str, title: &str, stamp: &Stamp) -> Result<Agreement> {
        self.change(stamp, |c| {
            change_agreement(c, |a| {
                a.add_section(key, title)?;
                Ok(a.clone())
            })
        })
    }

    pub fn remove_section(&mut self, key: &str, stamp: &Stamp) -> Result<Section> {
        self.change(stamp, |c| {
            change_agreement(c, |a| Ok(a.remove_section(key)?))
        })
    }

    pub fn set_agreement_status(
        &mut self,
        status: AgreementStatus,
        stamp: &Stamp,
    ) -> Result<Agreement> {
        self.change(stamp, |c| {
            if status == AgreementStatus::Agreed {
                crate::sync::refuse_while_in_conflict(c, "section", None, "The agreement")?;
            }
            change_agreement(c, |a| {
                a.set_status(status)?;
                Ok(a.clone())
            })
        })
    }

    pub fn reopen_agreement(&mut self, stamp: &Stamp) -> Result<Agreement> {
        self.change(stamp, |c| {
            change_agreement(c, |a| {
                a.reopen()?;
                Ok(a.clone())
            })
        })
    }

    pub fn update_agreement(&mut self, patch: AgreementPatch, stamp: &Stamp) -> Result<Agreement> {
        self.change(stamp, |c| {
            change_agreement(c, |a| {
                a.apply(patch)?;
                Ok(a.clone())
            })
        })
    }
}
