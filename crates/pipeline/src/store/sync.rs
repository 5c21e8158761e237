//! Sync spaces (sync.md §6): one per shared project, its members, and its log of operations.
//!
//! The server stores operations, not the domain: an op's body is an opaque string that is
//! hashed and stored, never parsed. Each project's ops are numbered 1, 2, 3, ... (`seq`)
//! under a per-project lock: SQLite's write lock (every write transaction is
//! `BEGIN IMMEDIATE`), or in PostgreSQL `SELECT ... FOR UPDATE` on the project's row, never
//! the global event lock, so projects do not wait for one another. `head_seq` moves in the
//! same transaction as the ops it counts, so seqs commit in order and a reader polling
//! "after N" can never skip an op that commits late.

use chrono::{DateTime, Duration, Utc};
use pipeline_protocol::OrganisationSummary;
use pipeline_protocol::sync::{
    MAX_BATCH_BYTES, MAX_BATCH_OPS, OpAt, PAGE_BYTES, PullPage, PullQuery, PulledOp, PushRequest,
    PushResponse, PushResult, PushStatus, PushedBy, SyncError, SyncErrorCode, SyncLimits,
    SyncMember, SyncRole, SyncSpace, SyncStatus, body_hash, hlc_parts, order_at,
};
use uuid::Uuid;

use super::{Backend, Row, Statement, Store, Value, ms, placeholders, s, time, uuid};
use crate::{Actor, Error};

/// How a server runs sync: its page size and how far ahead a client's clock may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SyncSettings {
    /// The most ops a pull page holds (`pipeline serve --sync-page-ops`).
    pub page_ops: u32,
    /// How far ahead of the server a pushing client's clock may be (`--max-clock-skew`).
    pub max_clock_skew: Duration,
}

impl Default for SyncSettings {
    fn default() -> SyncSettings {
        SyncSettings {
            page_ops: pipeline_protocol::sync::DEFAULT_PAGE_OPS,
            max_clock_skew: Duration::seconds(i64::from(
                pipeline_protocol::sync::DEFAULT_MAX_CLOCK_SKEW_SECONDS,
            )),
        }
    }
}

/// Why a sync request did not succeed: a sync refusal with its code, or any other failure.
#[derive(Debug)]
pub enum SyncFailure {
    Refused(SyncError),
    Failed(Error),
}

impl From<Error> for SyncFailure {
    fn from(e: Error) -> SyncFailure {
        SyncFailure::Failed(e)
    }
}

fn refused(code: SyncErrorCode, message: impl Into<String>) -> SyncFailure {
    SyncFailure::Refused(SyncError::new(code, message))
}

type Result<T> = std::result::Result<T, SyncFailure>;

/// A project's row.
struct Space {
    log_id: Uuid,
    lead: OrganisationSummary,
    head_seq: i64,
}

/// Writes run in one transaction; in PostgreSQL the first statement takes the project's row lock.
fn project_lock(backend: &Backend, project: Uuid) -> Option<Statement> {
    match backend {
        Backend::Postgres(_) => Some(s(
            "SELECT head_seq FROM sync_projects WHERE id = $1 FOR UPDATE",
            vec![project.to_string().into()],
        )),
        Backend::Sqlite(_) => None,
    }
}

fn role(text: &str) -> std::result::Result<SyncRole, Error> {
    text.parse().map_err(|_| {
        Error::Database(format!(
            "a stored sync role '{text}' is not one of the allowed words"
        ))
    })
}

fn member_from_row(row: &Row) -> std::result::Result<SyncMember, Error> {
    Ok(SyncMember {
        organisation: OrganisationSummary {
            id: uuid(&row.text("organisation_id")?)?,
            name: row.text("org_name")?,
        },
        role: role(&row.text("role")?)?,
        since: time(row.int("since")?),
    })
}

impl Store {
    async fn space(&self, project: Uuid) -> Result<Option<Space>> {
        let row = self
            .backend
            .query_one(s(
                "SELECT p.log_id, p.head_seq, p.lead_org, o.name AS lead_name FROM sync_projects p \
                 JOIN organisations o ON o.id = p.lead_org WHERE p.id = $1",
                vec![project.to_string().into()],
            ))
            .await?;
        row.map(|r| {
            Ok(Space {
                log_id: uuid(&r.text("log_id")?)?,
                lead: OrganisationSummary {
                    id: uuid(&r.text("lead_org")?)?,
                    name: r.text("lead_name")?,
                },
                head_seq: r.int("head_seq")?,
            })
        })
        .transpose()
        .map_err(SyncFailure::Failed)
    }

    /// The organisation's current role in the project, if it is a member.
    async fn sync_role(&self, project: Uuid, organisation: Uuid) -> Result<Option<SyncRole>> {
        let row = self
            .backend
            .query_one(s(
                "SELECT role FROM sync_members WHERE project = $1 AND organisation_id = $2 AND removed_at IS NULL",
                vec![project.to_string().into(), organisation.to_string().into()],
            ))
            .await?;
        Ok(row.map(|r| role(&r.text("role")?)).transpose()?)
    }

    /// The project and the actor's role in it; a missing project is 404, a non-member 403.
    async fn access(&self, actor: &Actor, project: Uuid) -> Result<(Space, SyncRole)> {
        let space = self.space(project).await?.ok_or_else(|| {
            refused(
                SyncErrorCode::NoSuchProject,
                format!("This server has no shared copy of project {project}."),
            )
        })?;
        let role = self.sync_role(project, actor.organisation.id).await?.ok_or_else(|| {
            refused(
                SyncErrorCode::NotAMember,
                format!("{} is not a member of this shared project; ask its lead, {}, to admit you.", actor.organisation.name, space.lead.name),
            )
        })?;
        Ok((space, role))
    }

    /// The access of a member allowed to change the membership: the lead.
    async fn lead_access(&self, actor: &Actor, project: Uuid) -> Result<Space> {
        let (space, role) = self.access(actor, project).await?;
        if role != SyncRole::Lead {
            return Err(Error::Forbidden(format!(
                "Only the project's lead, {}, can change who is a member.",
                space.lead.name
            ))
            .into());
        }
        Ok(space)
    }

    /// This server's identity, made the first time it is asked for.
    pub async fn server_id(&self) -> std::result::Result<Uuid, Error> {
        if let Some(row) = self
            .backend
            .query_one(s("SELECT id FROM server_identity WHERE one = 1", vec![]))
            .await?
        {
            return uuid(&row.text("id")?);
        }
        self.backend
            .transaction(vec![s(
                "INSERT INTO server_identity (one, id) VALUES (1, $1) ON CONFLICT (one) DO NOTHING",
                vec![Uuid::new_v4().to_string().into()],
            )])
            .await?;
        let row = self
            .backend
            .query_one(s("SELECT id FROM server_identity WHERE one = 1", vec![]))
            .await?;
        uuid(
            &row.ok_or_else(|| Error::Database("the server's identity was not stored".into()))?
                .text("id")?,
        )
    }

    /// Starts sharing `project`, led by the actor's organisation (`true`), or, when the
    /// actor's organisation is already a member, links another copy to it (`false`).
    /// Another organisation's space or listing for the same project is `project_exists`.
    pub async fn start_sharing(
        &self,
        actor: &Actor,
        project: Uuid,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        for _ in 0..2 {
            if let Some(space) = self.space(project).await? {
                return match self.sync_role(project, actor.organisation.id).await? {
                    Some(_) => Ok(false),
                    None => Err(refused(
                        SyncErrorCode::ProjectExists,
                        format!(
                            "Project {project} is already shared on this server, led by {}. Ask them to admit {}, or start a new project from a copy (accord import --new-ids).",
                            space.lead.name, actor.organisation.name
                        ),
                    )),
                };
            }
            let listed = self
                .backend
                .query_one(s(
                    "SELECT o.name AS owner_name FROM listings l JOIN organisations o ON o.id = l.owner_id \
                     WHERE l.workspace_id = $1 AND l.owner_id <> $2 LIMIT 1",
                    vec![project.to_string().into(), actor.organisation.id.to_string().into()],
                ))
                .await?;
            if let Some(row) = listed {
                return Err(refused(
                    SyncErrorCode::ProjectExists,
                    format!(
                        "Project {project} is listed in the directory by {}; only they can start sharing it.",
                        row.text("owner_name")?
                    ),
                ));
            }
            let org = actor.organisation.id.to_string();
            let created = self
                .backend
                .transaction(vec![
                    s(
                        "INSERT INTO sync_projects (id, log_id, lead_org, head_seq, created_at) VALUES ($1, $2, $3, 0, $4)",
                        vec![project.to_string().into(), Uuid::new_v4().to_string().into(), org.clone().into(), ms(now).into()],
                    ),
                    s(
                        "INSERT INTO sync_members (project, organisation_id, role, since, removed_at) VALUES ($1, $2, 'lead', $3, NULL)",
                        vec![project.to_string().into(), org.into(), ms(now).into()],
                    ),
                ])
                .await;
            match created {
                Ok(_) => return Ok(true),
                // Another organisation started sharing at the same moment: answer as if it had
                // been first, which it was.
                Err(e) => {
                    if self.space(project).await?.is_none() {
                        return Err(e.into());
                    }
                }
            }
        }
        Err(Error::Internal("starting to share did not settle".into()).into())
    }

    /// The project's state for a member: its log, head, members and this server's limits.
    /// `op_at` names the op at seq `at` (a client's cursor) when asked, or else the newest.
    pub async fn sync_status(
        &self,
        actor: &Actor,
        project: Uuid,
        at: Option<i64>,
        now: DateTime<Utc>,
        settings: SyncSettings,
    ) -> Result<SyncStatus> {
        let (space, you) = self.access(actor, project).await?;
        if at.is_some_and(|at| at < 0) {
            return Err(Error::invalid("at", "'at' is a seq: 0 or more.").into());
        }
        let seq = at.unwrap_or(space.head_seq);
        let op_at = if seq == 0 || seq > space.head_seq {
            None
        } else {
            let row = self
                .backend
                .query_one(s(
                    "SELECT op_id FROM sync_ops WHERE project = $1 AND seq = $2",
                    vec![project.to_string().into(), seq.into()],
                ))
                .await?
                .ok_or_else(|| {
                    Error::Database(format!("op {seq} of project {project} is missing"))
                })?;
            Some(OpAt {
                seq,
                op_id: uuid(&row.text("op_id")?)?,
            })
        };
        Ok(SyncStatus {
            project,
            server_id: self.server_id().await?,
            log_id: space.log_id,
            head_seq: space.head_seq,
            op_at,
            members: self.active_members(project).await?,
            you,
            server_time: now,
            max_clock_skew_ms: settings.max_clock_skew.num_milliseconds(),
            limits: SyncLimits {
                page_ops: settings.page_ops,
                page_bytes: PAGE_BYTES as u64,
                batch_ops: MAX_BATCH_OPS as u32,
                batch_bytes: MAX_BATCH_BYTES as u64,
            },
        })
    }

    /// The spaces the actor's organisation is a member of, oldest first.
    pub async fn sync_spaces(&self, actor: &Actor) -> Result<Vec<SyncSpace>> {
        let rows = self
            .backend
            .query(s(
                "SELECT p.id, p.head_seq, p.lead_org, o.name AS lead_name, m.role FROM sync_members m \
                 JOIN sync_projects p ON p.id = m.project JOIN organisations o ON o.id = p.lead_org \
                 WHERE m.organisation_id = $1 AND m.removed_at IS NULL ORDER BY p.created_at, p.id",
                vec![actor.organisation.id.to_string().into()],
            ))
            .await?;
        let spaces = rows
            .iter()
            .map(|r| {
                Ok(SyncSpace {
                    project: uuid(&r.text("id")?)?,
                    lead: OrganisationSummary {
                        id: uuid(&r.text("lead_org")?)?,
                        name: r.text("lead_name")?,
                    },
                    role: role(&r.text("role")?)?,
                    head_seq: r.int("head_seq")?,
                })
            })
            .collect::<std::result::Result<Vec<_>, Error>>()?;
        Ok(spaces)
    }

    async fn active_members(&self, project: Uuid) -> std::result::Result<Vec<SyncMember>, Error> {
        let rows = self
            .backend
            .query(s(
                "SELECT m.organisation_id, o.name AS org_name, m.role, m.since FROM sync_members m \
                 JOIN organisations o ON o.id = m.organisation_id WHERE m.project = $1 AND m.removed_at IS NULL \
                 ORDER BY m.since, o.name",
                vec![project.to_string().into()],
            ))
            .await?;
        rows.iter().map(member_from_row).collect()
    }

    /// The project's members, for any member.
    pub async fn sync_members(&self, actor: &Actor, project: Uuid) -> Result<Vec<SyncMember>> {
        self.access(actor, project).await?;
        Ok(self.active_members(project).await?)
    }

    /// Admits an organisation as a partner or observer, or changes its role (the lead only).
    pub async fn set_sync_member(
        &self,
        actor: &Actor,
        project: Uuid,
        organisation: Uuid,
        new_role: SyncRole,
        now: DateTime<Utc>,
    ) -> Result<SyncMember> {
        let space = self.lead_access(actor, project).await?;
        if new_role == SyncRole::Lead {
            return Err(Error::invalid("role", "A project has one lead, the organisation that started sharing; admit others as partner or observer.").into());
        }
        if organisation == space.lead.id {
            return Err(Error::invalid(
                "organisation",
                format!(
                    "{} leads this project; its role cannot change.",
                    space.lead.name
                ),
            )
            .into());
        }
        let known = self
            .backend
            .query_one(s(
                "SELECT id FROM organisations WHERE id = $1",
                vec![organisation.to_string().into()],
            ))
            .await?;
        if known.is_none() {
            return Err(Error::NotFound(format!("Organisation {organisation}")).into());
        }
        let members = self.active_members(project).await?;
        if members.len() >= pipeline_protocol::LIMITS.members
            && !members.iter().any(|m| m.organisation.id == organisation)
        {
            return Err(Error::Conflict(format!(
                "This project already has {} member organisations, the most a project may have ({}).",
                members.len(),
                pipeline_protocol::LIMITS.members
            ))
            .into());
        }
        self.backend
            .transaction(vec![s(
                "INSERT INTO sync_members (project, organisation_id, role, since, removed_at) VALUES ($1, $2, $3, $4, NULL) \
                 ON CONFLICT (project, organisation_id) DO UPDATE SET role = excluded.role, removed_at = NULL, \
                 since = CASE WHEN sync_members.removed_at IS NULL THEN sync_members.since ELSE excluded.since END",
                vec![project.to_string().into(), organisation.to_string().into(), new_role.as_str().into(), ms(now).into()],
            )])
            .await?;
        let row = self
            .backend
            .query_one(s(
                "SELECT m.organisation_id, o.name AS org_name, m.role, m.since FROM sync_members m \
                 JOIN organisations o ON o.id = m.organisation_id WHERE m.project = $1 AND m.organisation_id = $2",
                vec![project.to_string().into(), organisation.to_string().into()],
            ))
            .await?
            .ok_or_else(|| Error::Database("the member just admitted is missing".into()))?;
        Ok(member_from_row(&row)?)
    }

    /// Removes an organisation from the project (the lead only, and never the lead itself).
    /// Its tokens are refused on every sync route from then on; nothing it pushed is removed.
    pub async fn remove_sync_member(
        &self,
        actor: &Actor,
        project: Uuid,
        organisation: Uuid,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let space = self.lead_access(actor, project).await?;
        if organisation == space.lead.id {
            return Err(Error::invalid(
                "organisation",
                format!(
                    "{} leads this project and cannot be removed from it.",
                    space.lead.name
                ),
            )
            .into());
        }
        let counts = self
            .backend
            .transaction(vec![s(
                "UPDATE sync_members SET removed_at = $3 WHERE project = $1 AND organisation_id = $2 AND removed_at IS NULL",
                vec![project.to_string().into(), organisation.to_string().into(), ms(now).into()],
            )])
            .await?;
        if counts[0] == 0 {
            return Err(Error::NotFound(format!(
                "Organisation {organisation} among this project's members"
            ))
            .into());
        }
        Ok(())
    }

    /// Stores pushed ops (sync.md §6.3). An op id already stored with the same body hash is
    /// a `duplicate` with its original seq; with another hash, the whole batch is refused
    /// with `op_conflict` and nothing is stored. New ops take `head_seq + 1, + 2, ...` under
    /// the project's lock. A client clock further ahead than the bound is `clock_ahead`.
    pub async fn push_ops(
        &self,
        actor: &Actor,
        project: Uuid,
        push: PushRequest,
        now: DateTime<Utc>,
        settings: SyncSettings,
    ) -> Result<PushResponse> {
        let (space, role) = self.access(actor, project).await?;
        if !role.can_write() {
            return Err(refused(
                SyncErrorCode::ReadOnly,
                format!(
                    "{} observes this project and cannot send changes to it.",
                    actor.organisation.name
                ),
            ));
        }
        if push.log_id != space.log_id {
            let mut e = SyncError::new(
                SyncErrorCode::LogChanged,
                "The server's log for this project is not the one this workspace last saw (it was reset or replaced). Nothing was stored.",
            );
            e.log_id = Some(space.log_id);
            return Err(SyncFailure::Refused(e));
        }
        let skew = push.client_time - now;
        if skew > settings.max_clock_skew {
            let mut e = SyncError::new(
                SyncErrorCode::ClockAhead,
                format!(
                    "This computer's clock is {} ahead of the server's, more than the {} allowed. Nothing was stored.",
                    describe(skew),
                    describe(settings.max_clock_skew)
                ),
            );
            e.server_time = Some(now);
            e.skew_ms = Some(skew.num_milliseconds());
            return Err(SyncFailure::Refused(e));
        }
        let ops = push.ops;
        if ops.len() > MAX_BATCH_OPS {
            return Err(Error::invalid(
                "ops",
                format!(
                    "A push carries at most {MAX_BATCH_OPS} ops; this one has {}.",
                    ops.len()
                ),
            )
            .into());
        }
        let bytes: usize = ops.iter().map(|o| o.body.len()).sum();
        if ops.len() > 1 && bytes > MAX_BATCH_BYTES {
            return Err(Error::invalid("ops", format!("A push of several ops carries at most {MAX_BATCH_BYTES} bytes of bodies; send the largest alone.")).into());
        }
        let mut stamps = Vec::with_capacity(ops.len());
        for (i, op) in ops.iter().enumerate() {
            let (millis, _) = hlc_parts(&op.hlc).ok_or_else(|| {
                Error::invalid(
                    &format!("ops[{i}].hlc"),
                    format!("'{}' is not a clock stamp (MILLIS-COUNTER-DEVICE).", op.hlc),
                )
            })?;
            if op.body.is_empty() {
                return Err(Error::invalid(
                    &format!("ops[{i}].body"),
                    "An op's body cannot be empty.",
                )
                .into());
            }
            if ops[..i].iter().any(|o| o.op_id == op.op_id) {
                return Err(Error::invalid(
                    &format!("ops[{i}].op_id"),
                    format!("Op {} appears twice in this push.", op.op_id),
                )
                .into());
            }
            stamps.push(millis);
        }
        let hashes: Vec<String> = ops.iter().map(|o| body_hash(&o.body)).collect();
        let ids: Vec<Value> = ops.iter().map(|o| o.op_id.to_string().into()).collect();

        // A concurrent push of the same op can slip in between the check and the write: the
        // write then fails on UNIQUE (project, op_id), and the check runs again.
        let mut attempt = 0;
        let before = loop {
            attempt += 1;
            let stored = self.stored_ops(project, &ids).await?;
            let conflicting: Vec<Uuid> = ops
                .iter()
                .zip(&hashes)
                .filter(|(op, hash)| stored.get(&op.op_id).is_some_and(|row| &row.hash != *hash))
                .map(|(op, _)| op.op_id)
                .collect();
            if !conflicting.is_empty() {
                let mut e = SyncError::new(
                    SyncErrorCode::OpConflict,
                    format!(
                        "The server already holds {} with the same id but different content. Nothing in this push was stored.",
                        if conflicting.len() == 1 {
                            "an operation".to_string()
                        } else {
                            format!("{} operations", conflicting.len())
                        }
                    ),
                );
                e.op_ids = conflicting;
                return Err(SyncFailure::Refused(e));
            }
            let fresh: Vec<usize> = (0..ops.len())
                .filter(|&i| !stored.contains_key(&ops[i].op_id))
                .collect();
            if fresh.is_empty() {
                break stored;
            }
            let mut statements: Vec<Statement> =
                project_lock(&self.backend, project).into_iter().collect();
            let received = ms(now);
            for (k, &i) in fresh.iter().enumerate() {
                let op = &ops[i];
                statements.push(s(
                    "INSERT INTO sync_ops (project, seq, op_id, hash, hlc, body, bytes, pushed_by_user, pushed_by_org, received_at, order_at) \
                     SELECT id, head_seq + $2, $3, $4, $5, $6, $7, $8, $9, $10, $11 FROM sync_projects WHERE id = $1",
                    vec![
                        project.to_string().into(),
                        (k as i64 + 1).into(),
                        op.op_id.to_string().into(),
                        hashes[i].clone().into(),
                        op.hlc.clone().into(),
                        op.body.clone().into(),
                        (op.body.len() as i64).into(),
                        actor.user_id.to_string().into(),
                        actor.organisation.id.to_string().into(),
                        received.into(),
                        ms(order_at(stamps[i], now, settings.max_clock_skew)).into(),
                    ],
                ));
            }
            statements.push(s(
                "UPDATE sync_projects SET head_seq = head_seq + $2 WHERE id = $1",
                vec![project.to_string().into(), (fresh.len() as i64).into()],
            ));
            match self.backend.transaction(statements).await {
                Ok(_) => break stored,
                Err(e) => {
                    let again = self.stored_ops(project, &ids).await?;
                    if attempt >= 3 || again.len() == stored.len() {
                        return Err(e.into());
                    }
                }
            }
        };
        let after = self.stored_ops(project, &ids).await?;
        let mut results = Vec::with_capacity(ops.len());
        for op in &ops {
            let row = after
                .get(&op.op_id)
                .ok_or_else(|| Error::Database(format!("op {} was not stored", op.op_id)))?;
            results.push(PushResult {
                op_id: op.op_id,
                seq: row.seq,
                status: if before.contains_key(&op.op_id) {
                    PushStatus::Duplicate
                } else {
                    PushStatus::Stored
                },
                received_at: row.received_at,
                order_at: row.order_at,
            });
        }
        let head_seq = self.space(project).await?.map_or(0, |s| s.head_seq);
        Ok(PushResponse {
            results,
            head_seq,
            server_time: now,
        })
    }

    /// The stored ops of `project` among `ids`, by op id.
    async fn stored_ops(
        &self,
        project: Uuid,
        ids: &[Value],
    ) -> std::result::Result<std::collections::HashMap<Uuid, StoredOp>, Error> {
        let mut out = std::collections::HashMap::new();
        for chunk in ids.chunks(250) {
            let sql = format!(
                "SELECT op_id, seq, hash, received_at, order_at FROM sync_ops WHERE project = $1 AND op_id IN ({})",
                placeholders(2, chunk.len())
            );
            let mut params: Vec<Value> = vec![project.to_string().into()];
            params.extend(chunk.iter().cloned());
            for row in self.backend.query(Statement::new(sql, params)).await? {
                out.insert(
                    uuid(&row.text("op_id")?)?,
                    StoredOp {
                        seq: row.int("seq")?,
                        hash: row.text("hash")?,
                        received_at: time(row.int("received_at")?),
                        order_at: time(row.int("order_at")?),
                    },
                );
            }
        }
        Ok(out)
    }

    /// One page of the project's ops after `query.after`, in seq order (sync.md §6.4). The
    /// page holds at most `limit` ops (clamped to 1 to the server's page size) and is cut
    /// once its bodies pass [`PAGE_BYTES`], but always holds one op when one follows.
    /// `has_more` comes from reading one row more than the page, never from the count.
    pub async fn pull_ops(
        &self,
        actor: &Actor,
        project: Uuid,
        query: PullQuery,
        settings: SyncSettings,
    ) -> Result<PullPage> {
        let (space, _) = self.access(actor, project).await?;
        if query.after < 0 {
            return Err(Error::invalid("after", "'after' is a seq: 0 or more.").into());
        }
        let limit = i64::from(
            query
                .limit
                .unwrap_or(settings.page_ops)
                .clamp(1, settings.page_ops.max(1)),
        );
        let rows = self
            .backend
            .query(s(
                "SELECT s.seq, s.op_id, s.hlc, s.body, s.hash, s.received_at, s.order_at, s.pushed_by_user, s.pushed_by_org, \
                 o.name AS org_name FROM sync_ops s JOIN organisations o ON o.id = s.pushed_by_org \
                 WHERE s.project = $1 AND s.seq > $2 ORDER BY s.seq LIMIT $3",
                vec![project.to_string().into(), query.after.into(), (limit + 1).into()],
            ))
            .await?;
        let mut has_more = rows.len() as i64 > limit;
        let mut ops = Vec::new();
        let mut bytes = 0usize;
        for row in rows.iter().take(limit as usize) {
            let op = pulled_op(row)?;
            if !ops.is_empty() && bytes + op.body.len() > PAGE_BYTES {
                has_more = true;
                break;
            }
            bytes += op.body.len();
            ops.push(op);
        }
        let next_after = ops.last().map_or(query.after, |o: &PulledOp| o.seq);
        Ok(PullPage {
            head_seq: space.head_seq.max(next_after),
            has_more,
            next_after,
            ops,
            log_id: space.log_id,
        })
    }

    /// One op of the project by its id, for any member: the base of a text merge, however
    /// long ago it was pulled. An id the project does not hold is 404.
    pub async fn sync_op(&self, actor: &Actor, project: Uuid, op_id: Uuid) -> Result<PulledOp> {
        self.access(actor, project).await?;
        let row = self
            .backend
            .query_one(s(
                "SELECT s.seq, s.op_id, s.hlc, s.body, s.hash, s.received_at, s.order_at, s.pushed_by_user, s.pushed_by_org, \
                 o.name AS org_name FROM sync_ops s JOIN organisations o ON o.id = s.pushed_by_org \
                 WHERE s.project = $1 AND s.op_id = $2",
                vec![project.to_string().into(), op_id.to_string().into()],
            ))
            .await?
            .ok_or_else(|| Error::NotFound(format!("Operation {op_id} in this project")))?;
        Ok(pulled_op(&row)?)
    }
}

/// An op as a pull returns it, from a row of `sync_ops` joined to the pushing organisation.
fn pulled_op(row: &Row) -> std::result::Result<PulledOp, Error> {
    Ok(PulledOp {
        seq: row.int("seq")?,
        op_id: uuid(&row.text("op_id")?)?,
        hlc: row.text("hlc")?,
        body: row.text("body")?,
        hash: row.text("hash")?,
        received_at: time(row.int("received_at")?),
        order_at: time(row.int("order_at")?),
        pushed_by: PushedBy {
            user: uuid(&row.text("pushed_by_user")?)?,
            organisation: OrganisationSummary {
                id: uuid(&row.text("pushed_by_org")?)?,
                name: row.text("org_name")?,
            },
        },
    })
}

/// One stored op, as a push compares against it.
struct StoredOp {
    seq: i64,
    hash: String,
    received_at: DateTime<Utc>,
    order_at: DateTime<Utc>,
}

/// A length of time for a person: "365 days", "2 hours", "6 minutes", "40 seconds".
fn describe(d: Duration) -> String {
    let plural = |n: i64, unit: &str| {
        if n == 1 {
            format!("1 {unit}")
        } else {
            format!("{n} {unit}s")
        }
    };
    if d.num_days() >= 2 {
        plural(d.num_days(), "day")
    } else if d.num_hours() >= 2 {
        plural(d.num_hours(), "hour")
    } else if d.num_minutes() >= 2 {
        plural(d.num_minutes(), "minute")
    } else {
        plural(d.num_seconds(), "second")
    }
}
