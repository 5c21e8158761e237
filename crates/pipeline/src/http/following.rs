//! Coming back: who am I, watches, tag subscriptions, the feed, and asking to join a project.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use pipeline_protocol::{
    Feed, FeedSeen, Invitation, JoinDecision, JoinRequest, JoinRequestDraft, Me, Subscriptions,
};
use schemars::JsonSchema;
use serde::Deserialize;

use super::{AppState, Json, Query, listing_id, uuid};
use crate::{Actor, Error};

pub async fn me(actor: Actor) -> axum::Json<Me> {
    axum::Json(Me {
        user: actor.user_id,
        organisation: actor.organisation,
    })
}

pub async fn watch(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
) -> Result<StatusCode, Error> {
    state
        .store
        .watch(&actor, listing_id(&id)?, state.clock.now())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn unwatch(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
) -> Result<StatusCode, Error> {
    state.store.unwatch(&actor, listing_id(&id)?).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn subscriptions(
    State(state): State<AppState>,
    actor: Actor,
) -> Result<axum::Json<Subscriptions>, Error> {
    state.store.subscriptions(&actor).await.map(axum::Json)
}

pub async fn subscribe(
    State(state): State<AppState>,
    actor: Actor,
    Path(tag): Path<String>,
) -> Result<StatusCode, Error> {
    state
        .store
        .subscribe(&actor, &tag, state.clock.now())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn unsubscribe(
    State(state): State<AppState>,
    actor: Actor,
    Path(tag): Path<String>,
) -> Result<StatusCode, Error> {
    state.store.unsubscribe(&actor, &tag).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The feed's query parameters.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FeedQuery {
    /// Items per page, 1 to 100 (default 50).
    #[serde(default)]
    #[schemars(range(min = 1, max = 100))]
    pub limit: Option<u32>,
}

pub async fn feed(
    State(state): State<AppState>,
    actor: Actor,
    Query(query): Query<FeedQuery>,
) -> Result<axum::Json<Feed>, Error> {
    let limit = super::directory::page_size(query.limit, 50)?;
    state.store.feed(&actor, limit).await.map(axum::Json)
}

pub async fn seen(
    State(state): State<AppState>,
    actor: Actor,
    Json(seen): Json<FeedSeen>,
) -> Result<StatusCode, Error> {
    state.store.mark_seen(&actor, seen.until).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn request_join(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
    Json(draft): Json<JoinRequestDraft>,
) -> Result<(StatusCode, axum::Json<JoinRequest>), Error> {
    let request = state
        .store
        .request_join(&actor, listing_id(&id)?, &draft.message, state.clock.now())
        .await?;
    Ok((StatusCode::CREATED, axum::Json(request)))
}

pub async fn join_requests(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
) -> Result<axum::Json<Vec<JoinRequest>>, Error> {
    state
        .store
        .join_requests(&actor, listing_id(&id)?)
        .await
        .map(axum::Json)
}

pub async fn accept(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
) -> Result<axum::Json<JoinRequest>, Error> {
    state
        .store
        .decide_join(
            &actor,
            uuid(&id, "id")?,
            JoinDecision::Accept,
            state.clock.now(),
        )
        .await
        .map(axum::Json)
}

pub async fn decline(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
) -> Result<axum::Json<JoinRequest>, Error> {
    state
        .store
        .decide_join(
            &actor,
            uuid(&id, "id")?,
            JoinDecision::Decline,
            state.clock.now(),
        )
        .await
        .map(axum::Json)
}

pub async fn invitations(
    State(state): State<AppState>,
    actor: Actor,
) -> Result<axum::Json<Vec<Invitation>>, Error> {
    state.store.invitations(&actor).await.map(axum::Json)
}

pub async fn confirm(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
) -> Result<axum::Json<Invitation>, Error> {
    state
        .store
        .answer_invitation(&actor, uuid(&id, "id")?, true, state.clock.now())
        .await
        .map(axum::Json)
}

pub async fn decline_invitation(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
) -> Result<axum::Json<Invitation>, Error> {
    state
        .store
        .answer_invitation(&actor, uuid(&id, "id")?, false, state.clock.now())
        .await
        .map(axum::Json)
}
