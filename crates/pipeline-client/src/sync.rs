//! The client's side of sync (sync.md §6): one method per `/v1/sync` route. Every one needs
//! a token. A refusal particular to sync reaches the caller as [`ClientError::Sync`] with
//! the server's [`SyncError`](pipeline_protocol::sync::SyncError) (its code, and the op ids,
//! server time or log id that go with it); [`ClientError::is_transient`] tells "try again"
//! from "refused".

use pipeline_protocol::sync::{
    MemberRole, PullPage, PullQuery, PulledOp, PushRequest, PushResponse, StatusQuery, SyncMember,
    SyncRole, SyncSpace, SyncStatus,
};
use reqwest::{Method, StatusCode};
use uuid::Uuid;

use crate::{Client, ClientError, describe};

/// The answer to [`Client::sync_start`]: whether this call started sharing (the caller's
/// organisation now leads) or linked a copy of a project it was already a member of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Started {
    /// `true` when the space was made now (201), `false` when it was there (200).
    pub created: bool,
    pub status: SyncStatus,
}

fn project_path(project: Uuid) -> String {
    format!("v1/sync/projects/{project}")
}

impl Client {
    /// The shared projects the token's organisation is a member of (`GET /v1/sync/projects`).
    pub async fn sync_spaces(&self) -> Result<Vec<SyncSpace>, ClientError> {
        self.get("v1/sync/projects", true).await
    }

    /// Starts sharing `project`, led by the token's organisation, or links another copy of
    /// a project it is already a member of (`PUT /v1/sync/projects/{p}`). Another
    /// organisation's space or listing for it is refused with `project_exists`.
    pub async fn sync_start(&self, project: Uuid) -> Result<Started, ClientError> {
        let response = self
            .send(self.request(Method::PUT, &project_path(project), true)?)
            .await?;
        let created = response.status() == StatusCode::CREATED;
        let bytes = response
            .bytes()
            .await
            .map_err(|e| ClientError::Interrupted {
                url: self.base.to_string(),
                detail: describe(&e),
            })?;
        let status =
            serde_json::from_slice(&bytes).map_err(|e| ClientError::BadResponse(e.to_string()))?;
        Ok(Started { created, status })
    }

    /// The project's log id, head, members and the server's limits
    /// (`GET /v1/sync/projects/{p}`). With `at`, `op_at` names the op at that seq (a
    /// cursor), so a restored or different log shows; without, the newest op.
    pub async fn sync_status(
        &self,
        project: Uuid,
        at: Option<i64>,
    ) -> Result<SyncStatus, ClientError> {
        self.json(
            self.request(Method::GET, &project_path(project), true)?
                .query(&StatusQuery { at }),
        )
        .await
    }

    /// Sends ops (`POST /v1/sync/projects/{p}/ops`; lead and partners). One result per op,
    /// in the order sent: `stored` under a new seq, or `duplicate` with the seq it was
    /// stored under before. The same op id with other content refuses the whole push
    /// (`op_conflict`, 409, naming the ids); nothing is stored then.
    pub async fn sync_push(
        &self,
        project: Uuid,
        push: &PushRequest,
    ) -> Result<PushResponse, ClientError> {
        self.with_body(
            Method::POST,
            &format!("{}/ops", project_path(project)),
            push,
        )
        .await
    }

    /// One page of ops after seq `after`, in seq order (`GET /v1/sync/projects/{p}/ops`).
    /// `limit` is clamped by the server to 1 to its page size; `None` asks for a whole page.
    pub async fn sync_pull(
        &self,
        project: Uuid,
        after: i64,
        limit: Option<u32>,
    ) -> Result<PullPage, ClientError> {
        self.json(
            self.request(Method::GET, &format!("{}/ops", project_path(project)), true)?
                .query(&PullQuery { after, limit }),
        )
        .await
    }

    /// One op by its id, whatever its seq: a merge base
    /// (`GET /v1/sync/projects/{p}/ops/{op_id}`). An id the project does not hold is
    /// refused with 404 `not_found`.
    pub async fn sync_op(&self, project: Uuid, op_id: Uuid) -> Result<PulledOp, ClientError> {
        self.get(&format!("{}/ops/{op_id}", project_path(project)), true)
            .await
    }

    /// The project's member organisations (`GET /v1/sync/projects/{p}/members`).
    pub async fn sync_members(&self, project: Uuid) -> Result<Vec<SyncMember>, ClientError> {
        self.get(&format!("{}/members", project_path(project)), true)
            .await
    }

    /// Admits an organisation as `partner` or `observer`, or changes its role (the lead
    /// only; `PUT /v1/sync/projects/{p}/members/{org}`).
    pub async fn sync_admit(
        &self,
        project: Uuid,
        organisation: Uuid,
        role: SyncRole,
    ) -> Result<SyncMember, ClientError> {
        self.with_body(
            Method::PUT,
            &format!("{}/members/{organisation}", project_path(project)),
            &MemberRole { role },
        )
        .await
    }

    /// Removes an organisation from the project (the lead only, never the lead itself;
    /// `DELETE /v1/sync/projects/{p}/members/{org}`). Its tokens are refused from then on.
    pub async fn sync_remove(&self, project: Uuid, organisation: Uuid) -> Result<(), ClientError> {
        self.no_content(
            Method::DELETE,
            &format!("{}/members/{organisation}", project_path(project)),
        )
        .await
    }
}
