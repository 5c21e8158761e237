//! Sync in the desktop app: the header's status line, "Sync now", sharing, members,
//! opening a shared project, and the conflicts screen. One API, over the orchestrator in
//! `accord_pipeline::sync` and the store's conflicts, that the command line could use too.
//!
//! *Invariants:* the network is never waited on while the session is locked. A sync runs
//! on its own connection to the workspace file (SQLite lets both write, one at a time), so
//! the window keeps saving edits meanwhile; what arrives shows through `changed_elsewhere`,
//! and the page redraws only when nothing on it is unsaved and no field has the focus. A
//! failed sync changes nothing but its own result line.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use accord_pipeline::protocol::sync::{SyncMember, SyncRole, SyncSpace};
use accord_pipeline::sync::{self as orchestrator, SyncFailure, SyncOptions, SyncReport};
use accord_pipeline::{Connection, Server};
use accord_store::{ConflictView, Resolution, Stamp, WorkspaceFile};
use serde::Serialize;

use crate::{AppError, AppResult, OverviewView, Session};

impl From<SyncFailure> for AppError {
    fn from(f: SyncFailure) -> Self {
        AppError::new(&f.code, f.message)
    }
}

/// The header's sync line, from the file alone (no network).
#[derive(Debug, Clone, Serialize)]
pub struct SyncStatusView {
    pub shared: bool,
    pub server_url: Option<String>,
    pub project_id: Option<String>,
    pub unsent: u32,
    pub open_conflicts: u32,
    /// When the last sync finished, as a person reads it ("10:41 today").
    pub last_sync: Option<String>,
    /// How the last attempt went, when it failed (its sentence).
    pub last_problem: Option<String>,
    /// "Last synced 10:41 today · 5 changes not yet sent · 3 conflicts", or why not shared.
    pub line: String,
    /// A server is set on this laptop (so sharing can be offered).
    pub server_set: bool,
    pub read_only: bool,
}

/// What "Sync now" (or sharing) did: the report, its sentences for the banner, and the
/// status line after it.
#[derive(Debug, Clone, Serialize)]
pub struct SyncDone {
    pub report: SyncReport,
    /// The banner's heading and lines, in the order shown.
    pub heading: String,
    pub lines: Vec<String>,
    /// Decisions given another number by this sync (their sentences).
    pub renumbered: Vec<String>,
    pub status: SyncStatusView,
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The banner for a finished sync.
pub fn banner(r: &SyncReport) -> (String, Vec<String>, Vec<String>) {
    let mut lines = vec![format!("Sent {}.", plural(r.sent, "change", "changes"))];
    if r.received == 0 {
        lines.push("Received nothing new.".into());
    } else {
        lines.push(format!(
            "Received {} from {}.",
            plural(r.received, "change", "changes"),
            r.from.join(", ")
        ));
    }
    for n in r.notices.iter().filter(|n| n.kind == "merged") {
        lines.push(format!("Merged: {}", n.message));
    }
    if r.conflicts.open > 0 {
        lines.push(format!(
            "{} need{} a decision: both councils changed the same thing.",
            plural(r.conflicts.open as usize, "conflict", "conflicts"),
            if r.conflicts.open == 1 { "s" } else { "" }
        ));
    }
    let renumbered: Vec<String> = r
        .notices
        .iter()
        .filter(|n| n.kind == "renumbered")
        .map(|n| n.message.clone())
        .collect();
    lines.extend(renumbered.iter().cloned());
    for n in r
        .notices
        .iter()
        .filter(|n| !matches!(n.kind.as_str(), "merged" | "conflict" | "renumbered"))
    {
        lines.push(n.message.clone());
    }
    (format!("Synced with {}", r.server_url), lines, renumbered)
}

/// One version of a conflicted value, as the conflict page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct SidePage {
    pub n: usize,
    pub actor: String,
    /// When, as a person reads it ("7 Dec 2026 at 10:41").
    pub at: String,
    /// The value as text.
    pub text: String,
    /// Its differences from the version both started from (empty when there is none).
    pub diff: Vec<Segment>,
    /// This is the version the workspace shows meanwhile.
    pub shown: bool,
}

/// A run of lines the same as, added to or removed from the version both started from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Segment {
    /// `same`, `added` or `removed`.
    pub kind: &'static str,
    pub text: String,
}

/// One way to settle a conflict.
#[derive(Debug, Clone, Serialize)]
pub struct ChoiceView {
    /// What `resolve` takes: `choose:N`, `text`, `keep` or `remove`.
    pub value: String,
    pub label: String,
}

/// An open conflict, as its page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct ConflictPage {
    pub id: String,
    pub kind: String,
    pub label: String,
    pub record: String,
    pub field: String,
    /// Where the record is on the page (`#/agreement/purpose`), when it has a screen.
    pub link: Option<String>,
    pub sides: Vec<SidePage>,
    pub choices: Vec<ChoiceView>,
    /// The text "Write a combined version" starts from: the version shown meanwhile.
    pub combined: String,
}

/// A value as a person reads it.
pub fn shown(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => "(removed)".into(),
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Object(m) if m.contains_key("roles") => {
            let roles: Vec<&str> = m["roles"]
                .as_array()
                .map(|a| a.iter().filter_map(|r| r.as_str()).collect())
                .unwrap_or_default();
            if roles.is_empty() {
                "(empty)".into()
            } else {
                roles.concat()
            }
        }
        other => other.to_string(),
    }
}

/// The line differences from `base` to `side`, runs of the same kind joined.
pub fn diff(base: &str, side: &str) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    let mut push = |kind: &'static str, text: &str| match out.last_mut() {
        Some(last) if last.kind == kind => last.text.push_str(text),
        _ => out.push(Segment {
            kind,
            text: text.to_string(),
        }),
    };
    let patch = diffy::DiffOptions::new()
        .set_context_len(usize::MAX / 4)
        .create_patch(base, side);
    if patch.hunks().is_empty() {
        push("same", side);
    }
    for hunk in patch.hunks() {
        for line in hunk.lines() {
            match line {
                diffy::Line::Context(t) => push("same", t),
                diffy::Line::Insert(t) => push("added", t),
                diffy::Line::Delete(t) => push("removed", t),
            }
        }
    }
    out
}

/// Where a conflicted record is dealt with on the page.
pub fn link(record: &str) -> Option<String> {
    let (kind, id) = record.split_once('/')?;
    Some(match kind {
        "section" => format!("#/agreement/{id}"),
        "governance" | "agreement" => "#/agreement".into(),
        "decision" => format!("#/decisions/{id}"),
        "raci_cell" | "activity" | "party" => "#/raci".into(),
        "person" | "organisation" => "#/people".into(),
        "handover_note" => "#/handover".into(),
        "project" => "#/overview".into(),
        _ => return None,
    })
}

fn when(at: &str) -> String {
    match chrono::DateTime::parse_from_rfc3339(at) {
        Ok(t) => t
            .with_timezone(&chrono::Local)
            .format("%-d %b %Y at %H:%M")
            .to_string(),
        Err(_) => at.to_string(),
    }
}

fn page(c: ConflictView) -> ConflictPage {
    let base = c.base.as_ref().and_then(|b| b.as_str()).map(str::to_string);
    let sides: Vec<SidePage> = c
        .sides
        .iter()
        .map(|s| {
            let text = shown(&s.value);
            SidePage {
                n: s.n,
                actor: s.actor.clone(),
                at: when(&s.at),
                diff: match (&base, s.value.as_str()) {
                    (Some(b), Some(t)) => diff(b, t),
                    _ => Vec::new(),
                },
                text,
                shown: s.n == c.shown,
            }
        })
        .collect();
    let choices = c
        .choices
        .iter()
        .filter_map(|option| {
            let (value, label) = match option.as_str() {
                "--text" => ("text".into(), "Write a combined version".into()),
                "--keep" => ("keep".into(), "Keep it, with the changes made to it".into()),
                "--remove" => ("remove".into(), "Remove it after all".into()),
                o => {
                    let n: usize = o.strip_prefix("--choose ")?.parse().ok()?;
                    let side = sides.iter().find(|s| s.n == n)?;
                    (
                        format!("choose:{n}"),
                        format!("Keep {}'s version ({})", side.actor, side.at),
                    )
                }
            };
            Some(ChoiceView { value, label })
        })
        .collect();
    let combined = sides
        .iter()
        .find(|s| s.shown)
        .map(|s| s.text.clone())
        .unwrap_or_default();
    ConflictPage {
        link: link(&c.record),
        id: c.id,
        kind: c.kind,
        label: c.label,
        record: c.record,
        field: c.field,
        sides,
        choices,
        combined,
    }
}

impl Session {
    /// The header's sync line.
    pub fn sync_status(&self) -> AppResult<SyncStatusView> {
        let file = self.file()?;
        let state = file.sync_state()?;
        let server_set = self.pipeline_server().is_ok();
        let last_sync = state
            .last_sync
            .as_deref()
            .map(|at| orchestrator::when(at, Self::now().with_timezone(&chrono::Utc)));
        let last_problem = state
            .last_result
            .clone()
            .filter(|r| !matches!(r.as_str(), "synced" | "cloned"));
        let line = if !state.linked {
            "Not shared: only this file holds this workspace.".to_string()
        } else {
            let mut parts = vec![match &last_sync {
                Some(at) => format!("Last synced {at}"),
                None => "Not synced yet".to_string(),
            }];
            if state.unsent > 0 {
                parts.push(format!(
                    "{} not yet sent",
                    plural(state.unsent as usize, "change", "changes")
                ));
            } else {
                parts.push("everything sent".into());
            }
            if state.open_conflicts > 0 {
                parts.push(plural(
                    state.open_conflicts as usize,
                    "conflict",
                    "conflicts",
                ));
            }
            parts.join(" · ")
        };
        Ok(SyncStatusView {
            shared: state.linked,
            server_url: state.server_url,
            project_id: state.project_id,
            unsent: state.unsent,
            open_conflicts: state.open_conflicts,
            last_sync,
            last_problem,
            line,
            server_set,
            read_only: file.is_read_only(),
        })
    }

    /// Every open conflict, as the conflicts screen lists them.
    pub fn conflicts(&self) -> AppResult<Vec<ConflictPage>> {
        Ok(self.file()?.conflicts()?.into_iter().map(page).collect())
    }

    /// One open conflict's page.
    pub fn conflict(&self, id: &str) -> AppResult<ConflictPage> {
        self.conflicts()?
            .into_iter()
            .find(|c| c.id.eq_ignore_ascii_case(id.trim()))
            .ok_or_else(|| {
                AppError::new(
                    "not_found",
                    format!(
                        "There is no open conflict {id}: it may have been settled already, here or by another council."
                    ),
                )
            })
    }

    /// Settles a conflict, saved like any edit and sent with the next sync. `choice` is
    /// one of the page's choices (`choose:N`, `text`, `keep`, `remove`); `text` is the
    /// combined version when `choice` is `text`.
    pub fn resolve(&mut self, id: &str, choice: &str, text: &str) -> AppResult<ConflictPage> {
        let how = match choice {
            "text" => Resolution::Text(text.to_string()),
            "keep" => Resolution::Keep,
            "remove" => Resolution::Remove,
            c => match c.strip_prefix("choose:").and_then(|n| n.parse().ok()) {
                Some(n) => Resolution::Choose(n),
                None => {
                    return Err(AppError::new(
                        "choose",
                        "Choose which version to keep, or write a combined version.",
                    )
                    .on_field("choice"));
                }
            },
        };
        let page = self.conflict(id)?;
        let (file, stamp) = self.file_and_stamp()?;
        file.resolve(&page.id, &how, &stamp)
            .map_err(|e| AppError::from(e).on_field("choice"))?;
        Ok(page)
    }
}

fn lock(session: &Mutex<Session>) -> AppResult<std::sync::MutexGuard<'_, Session>> {
    session.lock().map_err(|_| {
        AppError::new(
            "internal",
            "Accord hit a problem; please restart it. Your work is saved.",
        )
    })
}

/// What a network call needs from the session, read under the lock and then let go: the
/// open file's path, who acts, and the server (the one the file was shared through, or
/// the one set on this laptop).
struct Job {
    path: PathBuf,
    stamp: Stamp,
    conn: Connection,
}

fn job(session: &Mutex<Session>, shared_through: bool) -> AppResult<Job> {
    let (path, stamp, server) = {
        let s = lock(session)?;
        let file = s.file()?;
        if let Some(why) = file.read_only() {
            return Err(AppError::new(
                "read_only",
                format!("Nothing can be synced while this workspace is open read-only: {why}"),
            ));
        }
        let link = file.sync_link()?;
        if shared_through && link.is_none() {
            return Err(AppError::new(
                "not_shared",
                "This workspace is not shared, so there is nothing to sync. Share it first.",
            ));
        }
        let url = link.map(|l| l.server_url);
        let server = Server::choose(&s.settings()?, url.as_deref())?;
        (file.path().to_path_buf(), s.stamp()?, server)
    };
    Ok(Job {
        path,
        stamp,
        conn: server.connect()?,
    })
}

/// Marks a sync running in this session until dropped, so a second press waits its turn.
struct Running<'a>(&'a Mutex<Session>);

impl<'a> Running<'a> {
    fn claim(session: &'a Mutex<Session>) -> AppResult<Running<'a>> {
        let mut s = lock(session)?;
        if s.syncing {
            return Err(AppError::new(
                "busy",
                "A sync is already running: its result shows when it finishes.",
            ));
        }
        s.syncing = true;
        Ok(Running(session))
    }
}

impl Drop for Running<'_> {
    fn drop(&mut self) {
        if let Ok(mut s) = self.0.lock() {
            s.syncing = false;
        }
    }
}

fn done(session: &Mutex<Session>, report: SyncReport) -> AppResult<SyncDone> {
    let (heading, lines, renumbered) = banner(&report);
    Ok(SyncDone {
        report,
        heading,
        lines,
        renumbered,
        status: lock(session)?.sync_status()?,
    })
}

/// Runs `f` on the workspace through a connection of its own, with the session unlocked.
fn on_own_connection<T>(
    job: &Job,
    f: impl FnOnce(&mut WorkspaceFile) -> Result<T, SyncFailure>,
) -> AppResult<T> {
    let mut file = WorkspaceFile::open(&job.path)?;
    Ok(f(&mut file)?)
}

/// "Sync now": sends what is unsent and brings in what is new.
pub fn sync_now(session: &Mutex<Session>) -> AppResult<SyncDone> {
    let _running = Running::claim(session)?;
    let job = job(session, true)?;
    let report = on_own_connection(&job, |file| {
        orchestrator::sync(&job.conn, file, &SyncOptions::default(), &job.stamp)
    })?;
    done(session, report)
}

/// Shares the workspace through the server set on this laptop (the user's organisation
/// leads it), sending its whole history.
pub fn share(session: &Mutex<Session>) -> AppResult<SyncDone> {
    let _running = Running::claim(session)?;
    let job = job(session, false)?;
    let report = on_own_connection(&job, |file| {
        orchestrator::start(&job.conn, file, &SyncOptions::default(), &job.stamp)
    })?;
    done(session, report)
}

/// The organisations that share the open project.
pub fn members(session: &Mutex<Session>) -> AppResult<Vec<SyncMember>> {
    let job = job(session, true)?;
    on_own_connection(&job, |file| orchestrator::members(&job.conn, file))
}

fn org(typed: &str) -> AppResult<uuid::Uuid> {
    typed.trim().parse().map_err(|_| {
        AppError::new(
            "invalid",
            format!(
                "'{typed}' is not an organisation id on the server: one looks like 01a219f5-94ac-720a-8c68-fee9bb48c084."
            ),
        )
        .on_field("organisation")
    })
}

/// Admits an organisation (by its id on the server) as `partner` or `observer`, or
/// changes its role.
pub fn admit(session: &Mutex<Session>, organisation: &str, role: &str) -> AppResult<SyncMember> {
    let role: SyncRole = role
        .parse()
        .map_err(|e: String| AppError::new("invalid", e).on_field("role"))?;
    if role == SyncRole::Lead {
        return Err(AppError::new(
            "invalid",
            "A project has one lead: admit an organisation as a partner or an observer.",
        )
        .on_field("role"));
    }
    let id = org(organisation)?;
    let job = job(session, true)?;
    on_own_connection(&job, |file| orchestrator::admit(&job.conn, file, id, role))
}

/// Removes an organisation from the shared project (it keeps what its copy holds).
pub fn remove(session: &Mutex<Session>, organisation: &str) -> AppResult<()> {
    let id = org(organisation)?;
    let job = job(session, true)?;
    on_own_connection(&job, |file| orchestrator::remove(&job.conn, file, id))
}

/// The shared projects the user's organisation belongs to, on the server set on this laptop.
pub fn shared_projects(session: &Mutex<Session>) -> AppResult<Vec<SyncSpace>> {
    let server = lock(session)?.pipeline_server()?;
    Ok(orchestrator::spaces(&server.connect()?)?)
}

/// Gets a shared project into a new file at `path` and opens it.
pub fn open_shared(
    session: &Mutex<Session>,
    project: &str,
    path: &Path,
) -> AppResult<OverviewView> {
    let (server, stamp) = {
        let s = lock(session)?;
        (s.pipeline_server()?, s.stamp()?)
    };
    let conn = server.connect()?;
    orchestrator::clone(&conn, project, path, &SyncOptions::default(), &stamp)
        .map_err(|f| AppError::from(f).on_field("path"))?;
    lock(session)?.open(path)
}
