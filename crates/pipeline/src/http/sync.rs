//! The sync routes (`/v1/sync`, sync.md §6): sharing a project, its members, pushing and
//! pulling operations. Thin handlers over `store::sync`; sync refusals answer with a
//! [`SyncError`] body, other refusals with the server's general `ApiError`.

use axum::extract::{DefaultBodyLimit, FromRequest, Path, Request, State};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post, put};
use pipeline_protocol::sync::{
    MemberRole, PUSH_BODY_LIMIT, PullPage, PullQuery, PulledOp, PushRequest, PushResponse,
    StatusQuery, SyncError, SyncMember, SyncRefusal, SyncSpace, SyncStatus,
};
use serde::de::DeserializeOwned;

use super::{AppState, Json, Query, Route, route, schema, uuid};
use crate::store::{SyncFailure, SyncSettings};
use crate::{Actor, Error};

impl AppState {
    /// The same state, with sync run to `settings` (page size, clock-skew bound).
    pub fn with_sync_settings(mut self, settings: SyncSettings) -> AppState {
        self.sync = settings;
        self
    }
}

impl Route {
    /// The type of this route's 4xx bodies, when it is not the general `ApiError`.
    fn refusal(mut self, refusal: super::SchemaFn) -> Route {
        self.refusal = Some(refusal);
        self
    }
}

/// The sync routes, for [`super::routes`].
pub(super) fn routes() -> Vec<Route> {
    let refusal = schema::<SyncRefusal>;
    vec![
        route(Method::GET, "/v1/sync/projects", "The shared projects your organisation is a member of", true, get(spaces))
            .ok(200, schema::<Vec<SyncSpace>>)
            .refusal(refusal),
        route(
            Method::PUT,
            "/v1/sync/projects/{project}",
            "Start sharing a project, led by your organisation (201), or link another copy of one you are a member of (200)",
            true,
            put(start),
        )
        .ok(200, schema::<SyncStatus>)
        .also(201)
        .refusal(refusal),
        route(Method::GET, "/v1/sync/projects/{project}", "A shared project's log, head, members and this server's limits; `at` asks which op holds a seq", true, get(status))
            .query(schema::<StatusQuery>)
            .ok(200, schema::<SyncStatus>)
            .refusal(refusal),
        route(
            Method::POST,
            "/v1/sync/projects/{project}/ops",
            "Send operations (lead and partners); a retry of a stored op is a duplicate, other content under its id is refused",
            true,
            post(push).layer(DefaultBodyLimit::max(PUSH_BODY_LIMIT)),
        )
        .body(schema::<PushRequest>)
        .ok(200, schema::<PushResponse>)
        .refusal(refusal),
        route(Method::GET, "/v1/sync/projects/{project}/ops", "Operations after a seq, one page at a time", true, get(pull))
            .query(schema::<PullQuery>)
            .ok(200, schema::<PullPage>)
            .refusal(refusal),
        route(Method::GET, "/v1/sync/projects/{project}/ops/{op_id}", "One operation by its id, whatever its seq (a merge base)", true, get(one_op))
            .ok(200, schema::<PulledOp>)
            .refusal(refusal),
        route(Method::GET, "/v1/sync/projects/{project}/members", "A shared project's member organisations", true, get(members))
            .ok(200, schema::<Vec<SyncMember>>)
            .refusal(refusal),
        route(
            Method::PUT,
            "/v1/sync/projects/{project}/members/{org}",
            "Admit an organisation as partner or observer, or change its role (the lead only)",
            true,
            put(set_member),
        )
        .body(schema::<MemberRole>)
        .ok(200, schema::<SyncMember>)
        .refusal(refusal),
        route(
            Method::DELETE,
            "/v1/sync/projects/{project}/members/{org}",
            "Remove an organisation from a shared project (the lead only)",
            true,
            delete(remove_member),
        )
        .no_content()
        .refusal(refusal),
    ]
}

impl IntoResponse for SyncFailure {
    fn into_response(self) -> Response {
        match self {
            SyncFailure::Refused(e) => refusal(e),
            SyncFailure::Failed(e) => e.into_response(),
        }
    }
}

fn refusal(e: SyncError) -> Response {
    let status = StatusCode::from_u16(e.code.status()).unwrap_or(StatusCode::BAD_REQUEST);
    (status, axum::Json(e)).into_response()
}

/// A JSON body, as [`Json`], whose "too large" refusal names this route's own limit.
struct Body<T>(T);

impl<T: DeserializeOwned> FromRequest<AppState> for Body<T> {
    type Rejection = Error;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Error> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(value)) => Ok(Body(value)),
            Err(Error::TooLarge { .. }) => Err(Error::TooLarge {
                limit: PUSH_BODY_LIMIT,
            }),
            Err(e) => Err(e),
        }
    }
}

fn project_id(text: &str) -> Result<uuid::Uuid, Error> {
    uuid(text, "project")
}

async fn spaces(
    State(state): State<AppState>,
    actor: Actor,
) -> Result<axum::Json<Vec<SyncSpace>>, SyncFailure> {
    state.store.sync_spaces(&actor).await.map(axum::Json)
}

async fn start(
    State(state): State<AppState>,
    actor: Actor,
    Path(project): Path<String>,
) -> Result<(StatusCode, axum::Json<SyncStatus>), SyncFailure> {
    let project = project_id(&project)?;
    let now = state.clock.now();
    let created = state.store.start_sharing(&actor, project, now).await?;
    let status = state
        .store
        .sync_status(&actor, project, None, now, state.sync)
        .await?;
    Ok((
        if created {
            StatusCode::CREATED
        } else {
            StatusCode::OK
        },
        axum::Json(status),
    ))
}

async fn status(
    State(state): State<AppState>,
    actor: Actor,
    Path(project): Path<String>,
    Query(query): Query<StatusQuery>,
) -> Result<axum::Json<SyncStatus>, SyncFailure> {
    state
        .store
        .sync_status(
            &actor,
            project_id(&project)?,
            query.at,
            state.clock.now(),
            state.sync,
        )
        .await
        .map(axum::Json)
}

async fn push(
    State(state): State<AppState>,
    actor: Actor,
    Path(project): Path<String>,
    Body(push): Body<PushRequest>,
) -> Result<axum::Json<PushResponse>, SyncFailure> {
    state
        .store
        .push_ops(
            &actor,
            project_id(&project)?,
            push,
            state.clock.now(),
            state.sync,
        )
        .await
        .map(axum::Json)
}

async fn pull(
    State(state): State<AppState>,
    actor: Actor,
    Path(project): Path<String>,
    Query(query): Query<PullQuery>,
) -> Result<axum::Json<PullPage>, SyncFailure> {
    state
        .store
        .pull_ops(&actor, project_id(&project)?, query, state.sync)
        .await
        .map(axum::Json)
}

async fn one_op(
    State(state): State<AppState>,
    actor: Actor,
    Path((project, op_id)): Path<(String, String)>,
) -> Result<axum::Json<PulledOp>, SyncFailure> {
    let (project, op_id) = (project_id(&project)?, uuid(&op_id, "op_id")?);
    state
        .store
        .sync_op(&actor, project, op_id)
        .await
        .map(axum::Json)
}

async fn members(
    State(state): State<AppState>,
    actor: Actor,
    Path(project): Path<String>,
) -> Result<axum::Json<Vec<SyncMember>>, SyncFailure> {
    state
        .store
        .sync_members(&actor, project_id(&project)?)
        .await
        .map(axum::Json)
}

async fn set_member(
    State(state): State<AppState>,
    actor: Actor,
    Path((project, org)): Path<(String, String)>,
    Json(body): Json<MemberRole>,
) -> Result<axum::Json<SyncMember>, SyncFailure> {
    let (project, org) = (project_id(&project)?, uuid(&org, "org")?);
    state
        .store
        .set_sync_member(&actor, project, org, body.role, state.clock.now())
        .await
        .map(axum::Json)
}

async fn remove_member(
    State(state): State<AppState>,
    actor: Actor,
    Path((project, org)): Path<(String, String)>,
) -> Result<StatusCode, SyncFailure> {
    let (project, org) = (project_id(&project)?, uuid(&org, "org")?);
    state
        .store
        .remove_sync_member(&actor, project, org, state.clock.now())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
