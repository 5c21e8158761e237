//! One change to a workspace: a transaction that writes the records and appends the
//! operation that describes it to the change log, so neither can exist without the other.

use std::ops::Deref;

use accord_domain::Actor;
use chrono::{DateTime, Utc};
use rusqlite::OptionalExtension;
use rusqlite::{Transaction, TransactionBehavior, params};
use serde::Serialize;

use crate::WorkspaceFile;
use crate::codec::to_json;
use crate::error::Result;

/// Who is making a change, and when: passed in, so that rules and tests are deterministic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    pub who: Actor,
    pub at: DateTime<Utc>,
}

impl Stamp {
    pub fn new(who: Actor, at: DateTime<Utc>) -> Stamp {
        Stamp { who, at }
    }
}

/// What an operation did to its record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Create,
    Update,
    Delete,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Update => "update",
            Action::Delete => "delete",
        }
    }
}

/// An open change: records written through it and operations logged by it commit together.
pub(crate) struct Change<'a> {
    tx: Transaction<'a>,
    stamp: &'a Stamp,
    device: String,
    clock: Hlc,
    /// The field this change was typed over, as a screen showed it (`WorkspaceFile::edit_based_on`).
    base: Option<crate::based::Edit>,
}

impl Deref for Change<'_> {
    type Target = rusqlite::Connection;
    fn deref(&self) -> &rusqlite::Connection {
        &self.tx
    }
}

impl<'a> Change<'a> {
    pub(crate) fn begin(
        conn: &'a mut rusqlite::Connection,
        stamp: &'a Stamp,
    ) -> Result<Change<'a>> {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let device: String =
            tx.query_row("SELECT value FROM meta WHERE key = 'device'", [], |r| {
                r.get(0)
            })?;
        let clock = tx
            .query_row("SELECT value FROM meta WHERE key = 'hlc'", [], |r| {
                r.get::<_, String>(0)
            })
            .ok()
            .and_then(|s| Hlc::parse(&s))
            .unwrap_or_default();
        Ok(Change {
            tx,
            stamp,
            device,
            clock,
            base: None,
        })
    }

    pub(crate) fn stamp(&self) -> &Stamp {
        self.stamp
    }

    /// Appends one operation to the change log, with the fields it set and what each was
    /// based on (`heads`).
    pub(crate) fn log<T: Serialize + ?Sized>(
        &mut self,
        record_type: &str,
        record_id: &str,
        action: Action,
        summary: &str,
        before: Option<&T>,
        after: Option<&T>,
    ) -> Result<()> {
        self.log_forced(record_type, record_id, action, summary, before, after, &[])
            .map(drop)
    }

    /// [`Change::log`], counting `forced` fields as set even where the value is unchanged
    /// (a resolution that keeps the side shown). Returns the new op's id.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn log_forced<T: Serialize + ?Sized>(
        &mut self,
        record_type: &str,
        record_id: &str,
        action: Action,
        summary: &str,
        before: Option<&T>,
        after: Option<&T>,
        forced: &[&str],
    ) -> Result<String> {
        self.clock = self.clock.tick(self.stamp.at.timestamp_millis());
        let op_id = uuid::Uuid::now_v7();
        self.tx
            .prepare_cached(
                "INSERT INTO operation (op_id, device, hlc, at, actor, record_type, record_id, action, summary, before, after)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?
            .execute(params![
                op_id.to_string(),
                self.device,
                self.clock.encode(&self.device),
                self.stamp.at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
                self.stamp.who.to_string(),
                record_type,
                record_id,
                action.as_str(),
                summary,
                before.map(to_json),
                after.map(to_json),
            ])?;
        let value = |v: Option<&T>| v.map(|v| serde_json::to_value(v).expect("records serialise"));
        let after = value(after);
        let tracked = crate::heads::track_local(
            &self.tx,
            &op_id.to_string(),
            record_type,
            record_id,
            action,
            value(before).as_ref(),
            after.as_ref(),
            forced,
            self.base.as_mut(),
        )?;
        // Typed over a version a sync has changed since: settled as changes that met are.
        for field in tracked.concurrent {
            crate::sync::settle_edit(&self.tx, record_type, record_id, &field)?;
        }
        for field in tracked.in_conflict {
            crate::sync::refresh_conflict(
                &self.tx,
                record_type,
                record_id,
                &field,
                after.as_ref(),
            )?;
        }
        Ok(op_id.to_string())
    }

    /// Writes a line of history that is never exchanged (a decision renumbered by a sync).
    pub(crate) fn notice(
        &mut self,
        record_type: &str,
        record_id: &str,
        summary: &str,
    ) -> Result<()> {
        self.clock = self.clock.tick(self.stamp.at.timestamp_millis());
        self.tx
            .prepare_cached(
                "INSERT INTO operation (op_id, device, hlc, at, actor, record_type, record_id, action, summary, kind)
                 VALUES (?1, ?2, ?3, ?4, 'Accord', ?5, ?6, 'update', ?7, 'notice')",
            )?
            .execute(params![
                uuid::Uuid::now_v7().to_string(),
                self.device,
                self.clock.encode(&self.device),
                self.stamp.at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
                record_type,
                record_id,
                summary,
            ])?;
        Ok(())
    }

    pub(crate) fn device(&self) -> &str {
        &self.device
    }

    pub(crate) fn tx(&self) -> &Transaction<'a> {
        &self.tx
    }

    pub(crate) fn commit(self) -> Result<()> {
        self.tx.execute(
            "INSERT INTO meta (key, value) VALUES ('hlc', ?1) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [self.clock.store()],
        )?;
        self.tx.commit()?;
        Ok(())
    }
}

/// A hybrid logical clock: wall-clock milliseconds, and a counter for changes within one
/// millisecond or made while the wall clock stood behind the last change seen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Hlc {
    millis: i64,
    counter: u32,
}

impl Hlc {
    fn tick(self, now_millis: i64) -> Hlc {
        if now_millis > self.millis {
            Hlc {
                millis: now_millis,
                counter: 0,
            }
        } else {
            Hlc {
                millis: self.millis,
                counter: self.counter + 1,
            }
        }
    }
    fn store(self) -> String {
        format!("{}:{}", self.millis, self.counter)
    }
    fn parse(s: &str) -> Option<Hlc> {
        let (m, c) = s.split_once(':')?;
        Some(Hlc {
            millis: m.parse().ok()?,
            counter: c.parse().ok()?,
        })
    }
    /// Sortable as text: zero-padded time, counter, then the device as a tie-breaker.
    fn encode(self, device: &str) -> String {
        format!("{:015}-{:06}-{}", self.millis, self.counter, device)
    }
}

impl WorkspaceFile {
    /// How far this laptop's clock runs behind the server's, when a sync found it running
    /// ahead by more than the server allows (negative: the clock is ahead). Changes made
    /// meanwhile are stamped with the clock plus this.
    pub fn clock_offset(&self) -> Result<Option<chrono::Duration>> {
        let ms: Option<String> = self
            .conn
            .query_row(
                "SELECT value FROM meta WHERE key = 'clock_offset_ms'",
                [],
                |r| r.get(0),
            )
            .optional()?;
        Ok(ms
            .and_then(|m| m.parse::<i64>().ok())
            .map(chrono::Duration::milliseconds))
    }

    /// Stores the offset a sync measured against the server's clock, or forgets it once the
    /// clock agrees with the server's again.
    pub fn set_clock_offset(&mut self, offset: Option<chrono::Duration>) -> Result<()> {
        if self.read_only.is_some() {
            return Ok(());
        }
        match offset {
            Some(o) => self.conn.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('clock_offset_ms', ?1)",
                [o.num_milliseconds().to_string()],
            )?,
            None => self
                .conn
                .execute("DELETE FROM meta WHERE key = 'clock_offset_ms'", [])?,
        };
        Ok(())
    }

    /// Runs `f` as one change: all of it commits, or none of it does.
    /// Refused up front, writing nothing, when the workspace is read-only. Once committed,
    /// the change is checkpointed into the main file, so a copy of that file alone (taken
    /// by Explorer or a OneDrive client while Accord is open) holds it.
    pub(crate) fn change<T>(
        &mut self,
        stamp: &Stamp,
        f: impl FnOnce(&mut Change<'_>) -> Result<T>,
    ) -> Result<T> {
        if let Some(why) = &self.read_only {
            return Err(crate::StoreError::ReadOnly(why.clone()));
        }
        // A laptop whose clock a server found running ahead stamps its changes with the
        // server's time until the clock is corrected (sync.md §6.7).
        let corrected = self.clock_offset()?.map(|offset| Stamp {
            who: stamp.who.clone(),
            at: stamp.at + offset,
        });
        let stamp = corrected.as_ref().unwrap_or(stamp);
        let mut change = Change::begin(&mut self.conn, stamp)?;
        change.base = self.base.clone();
        let out = f(&mut change)?;
        let made = change.base.take().and_then(|b| b.made);
        change.commit()?;
        if let (Some(base), Some(op)) = (self.base.as_mut(), made) {
            base.made = Some(op);
        }
        // PASSIVE never waits for readers; a checkpoint a reader holds up is finished by
        // the next change. Rollback-journal files (network shares) have nothing to do.
        let _ = self
            .conn
            .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::Hlc;

    #[test]
    fn clock_never_goes_back() {
        let a = Hlc::default().tick(1000);
        let b = a.tick(900);
        let c = b.tick(1000);
        let d = c.tick(1001);
        assert!(a < b && b < c && c < d);
        assert_eq!(Hlc::parse(&d.store()), Some(d));
    }
}
