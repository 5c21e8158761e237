//! The directory's routes: health, publishing and updating listings, reading, searching, similar listings, status updates.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use pipeline_protocol::{
    Health, LIMITS, Listing, ListingDraft, SearchQuery, SearchResults, SimilarListing,
    StatusUpdate, StatusUpdateDraft,
};

use schemars::JsonSchema;
use serde::Deserialize;

use super::{AppState, Json, Query, listing_id};
use crate::{Actor, Error};

pub async fn health(State(state): State<AppState>) -> Result<axum::Json<Health>, Error> {
    state.store.ping().await?;
    Ok(axum::Json(Health {
        status: "ok".into(),
        database: state.store.database().into(),
        version: env!("CARGO_PKG_VERSION").into(),
    }))
}

pub async fn search(
    State(state): State<AppState>,
    Query(query): Query<SearchQuery>,
) -> Result<axum::Json<SearchResults>, Error> {
    state.store.search(&query).await.map(axum::Json)
}

pub async fn publish(
    State(state): State<AppState>,
    actor: Actor,
    Json(draft): Json<ListingDraft>,
) -> Result<(StatusCode, axum::Json<Listing>), Error> {
    let (listing, created) = state
        .store
        .publish(&actor, draft, state.clock.now())
        .await?;
    Ok((
        if created {
            StatusCode::CREATED
        } else {
            StatusCode::OK
        },
        axum::Json(listing),
    ))
}

pub async fn listing(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<axum::Json<Listing>, Error> {
    state.store.listing(listing_id(&id)?).await.map(axum::Json)
}

pub async fn update(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
    Json(draft): Json<ListingDraft>,
) -> Result<axum::Json<Listing>, Error> {
    state
        .store
        .update(&actor, listing_id(&id)?, draft, state.clock.now())
        .await
        .map(axum::Json)
}

pub async fn similar(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<axum::Json<Vec<SimilarListing>>, Error> {
    state
        .store
        .similar(listing_id(&id)?, 10)
        .await
        .map(axum::Json)
}

/// The status updates' query parameters.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdatesQuery {
    /// The newest this many updates, 1 to 100 (default 100).
    #[serde(default)]
    #[schemars(range(min = 1, max = 100))]
    pub limit: Option<u32>,
}

pub async fn updates(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<UpdatesQuery>,
) -> Result<axum::Json<Vec<StatusUpdate>>, Error> {
    let limit = page_size(query.limit, LIMITS.page)?;
    state
        .store
        .updates(listing_id(&id)?, limit)
        .await
        .map(axum::Json)
}

/// A page size from a query: `default` when absent, else 1 to [`LIMITS`]`.page`.
pub fn page_size(limit: Option<u32>, default: u32) -> Result<u32, Error> {
    let limit = limit.unwrap_or(default);
    if limit == 0 || limit > LIMITS.page {
        return Err(Error::invalid(
            "limit",
            format!("The page size must be from 1 to {}.", LIMITS.page),
        ));
    }
    Ok(limit)
}

pub async fn post_update(
    State(state): State<AppState>,
    actor: Actor,
    Path(id): Path<String>,
    Json(draft): Json<StatusUpdateDraft>,
) -> Result<(StatusCode, axum::Json<StatusUpdate>), Error> {
    let update = state
        .store
        .post_update(&actor, listing_id(&id)?, &draft.text, state.clock.now())
        .await?;
    Ok((StatusCode::CREATED, axum::Json(update)))
}
