//! Sync between councils, the orchestration: push what is unsent, pull what is new, and
//! apply it through the workspace file (`accord-store` merges; this module moves bytes and
//! decides nothing about content). For the command line and the desktop app alike.
//!
//! *Invariants:* no server answer deletes or rewinds local data: a server that is not the
//! one this file synced with, whose log was reset, or whose history is behind what this
//! file saw is refused before anything is applied (sync.md §6.8). A sync cut short by the
//! network leaves every change saved in the file; the next sync sends it. Pages are applied
//! one transaction each, with the cursor, so no page is applied twice or skipped.

use accord_store::{Ack, Applied, IncomingOp, Stamp, SyncLink, SyncNotice, WorkspaceFile};
use chrono::{DateTime, Utc};
use pipeline_client::ClientError;
use pipeline_protocol::sync::{
    MAX_BATCH_BYTES, MAX_BATCH_OPS, PushRequest, PushResponse, PushStatus, SyncErrorCode,
    SyncMember, SyncRole, WireOp,
};
use serde::Serialize;
use uuid::Uuid;

use crate::server::Connection;

/// How a sync ended, when it did not finish: the exit code the command line gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SyncFailureKind {
    /// Bad usage, or the workspace is not shared (exit 2).
    Usage,
    /// The network, a timeout or the server failed part-way: nothing lost, try again (exit 3).
    Incomplete,
    /// Refused to protect data or access (exit 4).
    Refused,
}

impl SyncFailureKind {
    pub fn exit_code(self) -> u8 {
        match self {
            SyncFailureKind::Usage => 2,
            SyncFailureKind::Incomplete => 3,
            SyncFailureKind::Refused => 4,
        }
    }
}

/// Why a sync did not finish, as a sentence for a person.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{message}")]
pub struct SyncFailure {
    pub kind: SyncFailureKind,
    pub code: String,
    pub message: String,
}

impl SyncFailure {
    fn new(kind: SyncFailureKind, code: &str, message: impl Into<String>) -> SyncFailure {
        SyncFailure {
            kind,
            code: code.to_string(),
            message: message.into(),
        }
    }
}

impl From<accord_store::StoreError> for SyncFailure {
    fn from(e: accord_store::StoreError) -> SyncFailure {
        let kind = match &e {
            accord_store::StoreError::SyncRefused(_) => SyncFailureKind::Refused,
            accord_store::StoreError::ReadOnly(_) => SyncFailureKind::Usage,
            _ => SyncFailureKind::Incomplete,
        };
        SyncFailure::new(kind, e.code(), e.to_string())
    }
}

pub type SyncResult<T> = std::result::Result<T, SyncFailure>;

/// What the client said, as a failure of the right kind.
fn failed(e: ClientError, url: &str, unsent: u32) -> SyncFailure {
    let nothing_lost = if unsent == 0 {
        "Nothing was lost: your workspace has everything it had.".to_string()
    } else {
        format!(
            "Nothing was lost: your {unsent} change{} saved in this file and will be sent next time.",
            if unsent == 1 { " is" } else { "s are" }
        )
    };
    if e.is_transient() {
        return SyncFailure::new(
            SyncFailureKind::Incomplete,
            "incomplete",
            format!(
                "Could not reach the Pipeline server at {url}, or it stopped answering part-way ({e}). {nothing_lost} Try again when the connection is back."
            ),
        );
    }
    if let Some(err) = e.sync_error() {
        let message = match err.code {
            SyncErrorCode::NotAMember => format!(
                "Your organisation is not a member of this shared project on {url}, so nothing was exchanged. Ask the project's lead to admit your organisation. {nothing_lost}"
            ),
            SyncErrorCode::ReadOnly => format!(
                "Your organisation observes this project on {url}: it may read, not send changes. {nothing_lost}"
            ),
            SyncErrorCode::NoSuchProject => format!(
                "The server at {url} has no copy of this project (it may be new or reset). Nothing in your workspace has changed. To upload your copy there: accord sync FILE reseed."
            ),
            SyncErrorCode::LogChanged => "The server's log for this project has changed since this workspace last synced (it may have been reset). Nothing in your workspace has changed. To upload your copy there: accord sync FILE reseed.".to_string(),
            SyncErrorCode::OpConflict => format!(
                "The server at {url} already holds a change with the same id but other content ({}). Nothing was stored and nothing in your workspace has changed. Ask the server's administrator.",
                err.op_ids
                    .iter()
                    .map(Uuid::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            SyncErrorCode::ProjectExists => format!(
                "Another organisation already shares or lists a project with this workspace's id on {url}. Nothing was sent. To start a new shared project from this content, import it as a new project (accord import --new-ids)."
            ),
            SyncErrorCode::ClockAhead => err.message.clone(),
        };
        return SyncFailure::new(SyncFailureKind::Refused, err.code.as_str(), message);
    }
    let code = e.code();
    let kind = match e.status() {
        Some(401 | 403 | 404 | 409 | 413 | 422) => SyncFailureKind::Refused,
        None if matches!(e, ClientError::NoToken | ClientError::BadUrl { .. }) => {
            SyncFailureKind::Usage
        }
        _ => SyncFailureKind::Incomplete,
    };
    let message = match e.status() {
        Some(401) => format!(
            "The Pipeline server at {url} did not accept your token. Nothing was exchanged. {nothing_lost}"
        ),
        _ => format!("{}. {nothing_lost}", e.to_string().trim_end_matches('.')),
    };
    SyncFailure::new(kind, code, message)
}

/// What a sync did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SyncReport {
    pub project_id: String,
    pub server_url: String,
    /// Changes sent now.
    pub sent: usize,
    /// Changes made elsewhere that arrived now.
    pub received: usize,
    /// Who made them.
    pub from: Vec<String>,
    pub conflicts: ConflictCount,
    pub notices: Vec<SyncNotice>,
}

/// Conflicts opened by this sync, and all that are open.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ConflictCount {
    pub new: Vec<String>,
    pub open: u32,
}

/// How a sync runs.
#[derive(Debug, Clone, Default)]
pub struct SyncOptions {
    /// Ops a pull asks for at a time (any N ≥ 1; the server clamps to its page size).
    pub page_size: Option<u32>,
    /// Apply changes that remove most of one kind of record (over 20, and over half of
    /// those held). Without it, the sync stops before the page that would, and says so.
    pub allow_removals: bool,
}

fn project_uuid(link: &SyncLink) -> SyncResult<Uuid> {
    link.project_id.parse().map_err(|_| {
        SyncFailure::new(
            SyncFailureKind::Refused,
            "corrupt",
            "This workspace's sync link names no project id. Nothing was exchanged.",
        )
    })
}

fn not_shared() -> SyncFailure {
    SyncFailure::new(
        SyncFailureKind::Usage,
        "not_shared",
        "This workspace is not shared, so there is nothing to sync. Share it first with: accord sync FILE start",
    )
}

/// Starts sharing this workspace (the caller's organisation leads) or links a member's
/// copy of a shared project, then syncs, which sends the whole history.
pub fn start(
    conn: &Connection,
    file: &mut WorkspaceFile,
    opts: &SyncOptions,
    stamp: &Stamp,
) -> SyncResult<SyncReport> {
    let project = file.project()?.id;
    let unsent = file.sync_state()?.unsent;
    if let Some(link) = file.sync_link()? {
        if link.project_id == project.to_string()
            && crate::server::same_server(&link.server_url, &conn.url)
        {
            return sync(conn, file, opts, stamp);
        }
        return Err(SyncFailure::new(
            SyncFailureKind::Usage,
            "already_shared",
            format!(
                "This workspace is already shared through {}. Nothing was changed.",
                link.server_url
            ),
        ));
    }
    let started = conn
        .client
        .sync_start(project)
        .map_err(|e| failed(e, &conn.url, unsent))?;
    file.link(&SyncLink {
        server_url: conn.url.clone(),
        server_id: started.status.server_id.to_string(),
        project_id: project.to_string(),
        log_id: started.status.log_id.to_string(),
        cursor: 0,
        cursor_op: None,
        last_sync_at: None,
        last_result: None,
    })?;
    sync(conn, file, opts, stamp)
}

/// Pushes what is unsent and pulls what is new.
pub fn sync(
    conn: &Connection,
    file: &mut WorkspaceFile,
    opts: &SyncOptions,
    stamp: &Stamp,
) -> SyncResult<SyncReport> {
    let link = file.sync_link()?.ok_or_else(not_shared)?;
    let result = run(conn, file, &link, opts, stamp);
    match &result {
        Ok(_) => file.set_sync_result(stamp.at, true, "synced")?,
        Err(f) => {
            // The only thing a failed sync writes: how it went.
            let _ = file.set_sync_result(stamp.at, false, &f.message);
        }
    }
    result
}

fn run(
    conn: &Connection,
    file: &mut WorkspaceFile,
    link: &SyncLink,
    opts: &SyncOptions,
    stamp: &Stamp,
) -> SyncResult<SyncReport> {
    let project = project_uuid(link)?;
    let url = &conn.url;
    let unsent = file.sync_state()?.unsent;
    // The server is known by its identity, not its address: the same server at a new
    // address is fine, and a different one at the old address is refused below.
    let status = conn
        .client
        .sync_status(project, Some(link.cursor))
        .map_err(|e| failed(e, url, unsent))?;
    // Wipe safety: never let a different, reset or restored server rewind this file.
    let refuse = |code: &str, what: &str| refused(url, code, what);
    if status.server_id.to_string() != link.server_id {
        return Err(refuse(
            "different_server",
            "a different server from the one this workspace synced with",
        ));
    }
    if status.log_id.to_string() != link.log_id {
        return Err(refuse(
            "log_changed",
            "holding another log for this project (it has been reset)",
        ));
    }
    let behind = status.head_seq < link.cursor
        || (link.cursor > 0
            && status.op_at.as_ref().map(|o| o.op_id.to_string()) != link.cursor_op);
    if behind {
        return Err(refuse(
            "history_behind",
            "behind, or different from, what this workspace saw (it may have been restored from an older backup)",
        ));
    }
    let mut report = SyncReport {
        project_id: link.project_id.clone(),
        server_url: url.clone(),
        ..SyncReport::default()
    };
    let log_id = status.log_id;

    // Push, oldest first, in batches within the server's limits, with the server's time
    // when this laptop's clock was found running ahead.
    let mut client_time = stamp.at + file.clock_offset()?.unwrap_or_default();
    let mut server_time = None;
    loop {
        let batch = file.unsent(MAX_BATCH_OPS)?;
        let batch = &batch[..batch_len(&batch)];
        if batch.is_empty() {
            break;
        }
        let response = push(
            conn,
            project,
            log_id,
            batch,
            &mut client_time,
            stamp,
            &mut report,
            unsent,
        )?;
        file.acknowledge(&acks(&response))?;
        report.sent += response.results.len();
        server_time = Some(response.server_time);
    }
    if let Some(server_time) = server_time {
        remember_clock(file, server_time, stamp, &mut report)?;
    }

    // Pull, page by page, each page applied with its cursor in one transaction.
    let applied = pull_into(conn, file, project, log_id, link.cursor, opts, stamp)?;
    report.received = applied.received;
    report.from = applied.from;
    report.notices.extend(applied.notices);
    report.conflicts = ConflictCount {
        new: applied.new_conflicts,
        open: file.sync_state()?.open_conflicts,
    };
    Ok(report)
}

/// The refusal of a server that is not the one, or not in the state, this workspace saw.
fn refused(url: &str, code: &str, what: &str) -> SyncFailure {
    SyncFailure::new(
        SyncFailureKind::Refused,
        code,
        format!(
            "The server at {url} is {what}. Nothing in your workspace has changed. If the server was rebuilt on purpose, upload your copy to it with: accord sync FILE reseed."
        ),
    )
}

/// Pulls every page after `cursor` into `file`, each page applied with its cursor in one
/// transaction; a page from another log than `log_id` is refused before it is applied.
fn pull_into(
    conn: &Connection,
    file: &mut WorkspaceFile,
    project: Uuid,
    log_id: Uuid,
    mut cursor: i64,
    opts: &SyncOptions,
    stamp: &Stamp,
) -> SyncResult<Applied> {
    let mut applied = Applied::default();
    // Removals this sync has applied so far, and how many of each kind the file held first.
    let mut removed: Vec<(String, usize, usize)> = Vec::new();
    loop {
        let page = conn
            .client
            .sync_pull(project, cursor, opts.page_size)
            .map_err(|e| {
                failed(
                    e,
                    &conn.url,
                    file.sync_state().map(|s| s.unsent).unwrap_or(0),
                )
            })?;
        if page.log_id != log_id {
            return Err(refused(
                &conn.url,
                "log_changed",
                "holding another log for this project (it has been reset)",
            ));
        }
        let ops: Vec<IncomingOp> = page
            .ops
            .iter()
            .map(|o| IncomingOp {
                seq: o.seq,
                op_id: o.op_id.to_string(),
                body: o.body.clone(),
                order_at: o.order_at,
            })
            .collect();
        if !ops.is_empty() {
            for r in file.removals(&ops)? {
                let at = match removed.iter().position(|(k, _, _)| *k == r.record_type) {
                    Some(at) => at,
                    None => {
                        removed.push((r.record_type.clone(), 0, r.held));
                        removed.len() - 1
                    }
                };
                removed[at].1 += r.removed;
                let (kind, n, held) = &removed[at];
                if !opts.allow_removals && accord_domain::merge::mass_removal(*n, *held) {
                    return Err(SyncFailure::new(
                        SyncFailureKind::Refused,
                        "mass_removal",
                        format!(
                            "This sync would remove {n} of the {held} {} in your workspace, which is more than half of them. It stopped before applying that, so nothing was removed{}. If a partner council really removed them, sync again with --allow-removals; if not, ask the server's administrator whether the server was damaged.",
                            kind_name(kind),
                            if applied.received > 0 {
                                " (changes before them were applied)"
                            } else {
                                ""
                            }
                        ),
                    ));
                }
            }
            applied.absorb(file.apply_remote(&ops, page.next_after, stamp)?);
        }
        cursor = page.next_after;
        if !page.has_more {
            return Ok(applied);
        }
    }
}

/// A kind of record, in the plural, as a person says it.
fn kind_name(record_type: &str) -> &str {
    match record_type {
        "organisation" => "organisations",
        "person" => "people",
        "activity" => "RACI activities",
        "section" => "agreement sections",
        "decision" => "decisions",
        "handover_note" => "handover notes",
        "signoff" => "sign-offs",
        other => other,
    }
}

/// Remembers how far this laptop's clock runs ahead of the server's (sync.md §6.7), so
/// that changes made until it is corrected carry the server's time, and says so; forgets it
/// once the clock agrees again.
fn remember_clock(
    file: &mut WorkspaceFile,
    server_time: DateTime<Utc>,
    stamp: &Stamp,
    report: &mut SyncReport,
) -> SyncResult<()> {
    let skew = server_time - stamp.at;
    let bound = chrono::Duration::seconds(i64::from(
        pipeline_protocol::sync::DEFAULT_MAX_CLOCK_SKEW_SECONDS,
    ));
    if skew < -bound {
        file.set_clock_offset(Some(skew))?;
        if !report.notices.iter().any(|n| n.kind == "clock") {
            report.notices.push(SyncNotice {
                kind: "clock".into(),
                message: format!(
                    "This laptop's clock is {} ahead of the server's. Ask for it to be corrected; until then Accord stamps your changes with the server's time.",
                    minutes(-skew.num_minutes())
                ),
            });
        }
    } else {
        file.set_clock_offset(None)?;
    }
    Ok(())
}

fn minutes(m: i64) -> String {
    match m {
        m if m >= 2 * 24 * 60 => format!("{} days", (m + 12 * 60) / (24 * 60)),
        m if m >= 120 => format!("{} hours", (m + 30) / 60),
        m => format!("{m} minutes"),
    }
}

fn is_clock_ahead(e: &ClientError) -> bool {
    e.sync_error()
        .is_some_and(|s| s.code == SyncErrorCode::ClockAhead)
}

/// How many of `ops` (from the first) fit one push: at most the batch's count and bytes,
/// but always one.
fn batch_len(ops: &[accord_store::OutgoingOp]) -> usize {
    let mut bytes = 0;
    let mut keep = 0;
    for op in ops.iter().take(MAX_BATCH_OPS) {
        bytes += op.body.len();
        if keep > 0 && bytes > MAX_BATCH_BYTES {
            break;
        }
        keep += 1;
    }
    keep
}

/// The server's order for the ops a push stored (or had stored before).
fn acks(response: &PushResponse) -> Vec<Ack> {
    response
        .results
        .iter()
        .map(|r| Ack {
            op_id: r.op_id.to_string(),
            seq: r.seq,
            order_at: r.order_at,
        })
        .collect()
}

/// Pushes one batch. A laptop whose clock runs ahead of the server's is refused as
/// `clock_ahead`: the batch is sent again, once, with the server's time, and the report
/// says so (the changes themselves keep their stamps).
#[allow(clippy::too_many_arguments)]
fn push(
    conn: &Connection,
    project: Uuid,
    log_id: Uuid,
    batch: &[accord_store::OutgoingOp],
    client_time: &mut DateTime<Utc>,
    stamp: &Stamp,
    report: &mut SyncReport,
    unsent: u32,
) -> SyncResult<PushResponse> {
    let url = &conn.url;
    let mut request = PushRequest {
        log_id,
        client_time: *client_time,
        ops: batch
            .iter()
            .map(|o| WireOp {
                op_id: o.op_id.parse().unwrap_or_default(),
                hlc: o.hlc.clone(),
                body: o.body.clone(),
            })
            .collect(),
    };
    match conn.client.sync_push(project, &request) {
        Err(e) if is_clock_ahead(&e) => {
            let server_time = e
                .sync_error()
                .and_then(|s| s.server_time)
                .unwrap_or(stamp.at);
            let ahead = (stamp.at - server_time).num_minutes();
            report.notices.push(SyncNotice {
                kind: "clock".into(),
                message: format!(
                    "This laptop's clock is {} ahead of the server's. Ask for it to be corrected; until then Accord sends and stamps your changes with the server's time.",
                    minutes(ahead)
                ),
            });
            *client_time = server_time;
            request.client_time = server_time;
            conn.client
                .sync_push(project, &request)
                .map_err(|e| failed(e, url, unsent))
        }
        other => other.map_err(|e| failed(e, url, unsent)),
    }
}

/// Uploads this workspace to a server that lost, or never had, the shared project's log:
/// an empty or rebuilt server (the space is created again, led by the caller's
/// organisation), a reset log, or one restored from an older backup. It only ever adds:
/// every change this file holds is sent under its own id (those the server still has come
/// back as duplicates), the file adopts the server's log and order, and a pull from the
/// start brings what others sent, skipping what is known. Nothing local is removed. Cut
/// short before the end, the file is unchanged and `reseed` can simply run again.
pub fn reseed(
    conn: &Connection,
    file: &mut WorkspaceFile,
    opts: &SyncOptions,
    stamp: &Stamp,
) -> SyncResult<SyncReport> {
    let link = file.sync_link()?.ok_or_else(not_shared)?;
    let project = project_uuid(&link)?;
    let url = &conn.url;
    let unsent = file.sync_state()?.unsent;
    let mut report = SyncReport {
        project_id: link.project_id.clone(),
        server_url: url.clone(),
        ..SyncReport::default()
    };
    let status = match conn.client.sync_status(project, None) {
        Ok(status) => status,
        Err(e)
            if e.sync_error()
                .is_some_and(|s| s.code == SyncErrorCode::NoSuchProject) =>
        {
            let started = conn
                .client
                .sync_start(project)
                .map_err(|e| failed(e, url, unsent))?;
            report.notices.push(SyncNotice {
                kind: "reseed".into(),
                message: format!(
                    "The server at {url} had no copy of this project: it is shared there again, led by your organisation. Admit the other councils again (accord sync FILE admit --org ID); their copies will ask them to reseed too, which only adds."
                ),
            });
            started.status
        }
        Err(e) => return Err(failed(e, url, unsent)),
    };
    let ops = file.reseed_ops()?;
    let mut acked = Vec::with_capacity(ops.len());
    let mut client_time = stamp.at;
    let mut rest = &ops[..];
    while !rest.is_empty() {
        let n = batch_len(rest);
        let response = push(
            conn,
            project,
            status.log_id,
            &rest[..n],
            &mut client_time,
            stamp,
            &mut report,
            unsent,
        )?;
        report.sent += response
            .results
            .iter()
            .filter(|r| r.status == PushStatus::Stored)
            .count();
        acked.extend(acks(&response));
        rest = &rest[n..];
    }
    let adopted = SyncLink {
        server_url: url.clone(),
        server_id: status.server_id.to_string(),
        project_id: link.project_id.clone(),
        log_id: status.log_id.to_string(),
        cursor: 0,
        cursor_op: None,
        last_sync_at: link.last_sync_at.clone(),
        last_result: link.last_result.clone(),
    };
    file.adopt_log(&adopted, &acked, stamp)?;
    let result = pull_into(conn, file, project, status.log_id, 0, opts, stamp).map(|applied| {
        report.received = applied.received;
        report.from = applied.from;
        report.notices.extend(applied.notices);
        report.conflicts.new = applied.new_conflicts;
    });
    match result {
        Ok(()) => {
            report.conflicts.open = file.sync_state()?.open_conflicts;
            file.set_sync_result(stamp.at, true, "reseeded")?;
            Ok(report)
        }
        Err(f) => {
            let _ = file.set_sync_result(stamp.at, false, &f.message);
            Err(f)
        }
    }
}

/// What a clone did.
#[derive(Debug, Clone, Serialize)]
pub struct CloneReport {
    pub project_id: String,
    /// The snapshot it started from (none: every op was pulled).
    pub from_snapshot: Option<i64>,
    pub ops_applied: usize,
}

/// Gets a shared project into a new file at `path` (refused if it exists). The file
/// appears only once every op has been applied.
pub fn clone(
    conn: &Connection,
    project: &str,
    path: &std::path::Path,
    opts: &SyncOptions,
    stamp: &Stamp,
) -> SyncResult<CloneReport> {
    let id: Uuid = project.trim().parse().map_err(|_| {
        SyncFailure::new(
            SyncFailureKind::Usage,
            "bad_project_id",
            format!(
                "'{project}' is not a project id: one looks like 01a219f5-94ac-720a-8c68-fee9bb48c084."
            ),
        )
    })?;
    if path.exists() {
        return Err(SyncFailure::new(
            SyncFailureKind::Usage,
            "already_exists",
            format!(
                "{} already exists. Choose another name: Accord never overwrites a file.",
                path.display()
            ),
        ));
    }
    let status = conn
        .client
        .sync_status(id, None)
        .map_err(|e| failed(e, &conn.url, 0))?;
    let link = SyncLink {
        server_url: conn.url.clone(),
        server_id: status.server_id.to_string(),
        project_id: id.to_string(),
        log_id: status.log_id.to_string(),
        cursor: 0,
        cursor_op: None,
        last_sync_at: None,
        last_result: None,
    };
    let mut clone = WorkspaceFile::begin_clone(path, &link)?;
    // A clone starts empty: there is nothing its removals could take from anyone.
    let opts = SyncOptions {
        allow_removals: true,
        ..opts.clone()
    };
    let applied = pull_into(conn, clone.file(), id, status.log_id, 0, &opts, stamp)?.received;
    let mut file = clone.finish()?;
    file.set_sync_result(stamp.at, true, "cloned")?;
    Ok(CloneReport {
        project_id: id.to_string(),
        from_snapshot: None,
        ops_applied: applied,
    })
}

/// The shared project's member organisations.
pub fn members(conn: &Connection, file: &WorkspaceFile) -> SyncResult<Vec<SyncMember>> {
    let link = file.sync_link()?.ok_or_else(not_shared)?;
    conn.client
        .sync_members(project_uuid(&link)?)
        .map_err(|e| failed(e, &conn.url, 0))
}

/// Admits an organisation (by id) as a partner or observer, or changes its role.
pub fn admit(
    conn: &Connection,
    file: &WorkspaceFile,
    organisation: Uuid,
    role: SyncRole,
) -> SyncResult<SyncMember> {
    let link = file.sync_link()?.ok_or_else(not_shared)?;
    conn.client
        .sync_admit(project_uuid(&link)?, organisation, role)
        .map_err(|e| failed(e, &conn.url, 0))
}

/// Removes an organisation (by id) from the shared project.
pub fn remove(conn: &Connection, file: &WorkspaceFile, organisation: Uuid) -> SyncResult<()> {
    let link = file.sync_link()?.ok_or_else(not_shared)?;
    conn.client
        .sync_remove(project_uuid(&link)?, organisation)
        .map_err(|e| failed(e, &conn.url, 0))
}

/// When the last sync happened, as a person reads it.
pub fn when(at: &str, now: DateTime<Utc>) -> String {
    match DateTime::parse_from_rfc3339(at) {
        Ok(t) => {
            let t = t.with_timezone(&Utc);
            if t.date_naive() == now.date_naive() {
                format!("{} today", t.format("%H:%M"))
            } else {
                t.format("%-d %b %H:%M").to_string()
            }
        }
        Err(_) => at.to_string(),
    }
}

/// The shared projects the caller's organisation is a member of (to clone one).
pub fn spaces(conn: &Connection) -> SyncResult<Vec<pipeline_protocol::sync::SyncSpace>> {
    conn.client
        .sync_spaces()
        .map_err(|e| failed(e, &conn.url, 0))
}
