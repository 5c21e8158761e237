//! The directory's routes: health, publishing and updating listings, reading, searching, similar listings, status updates.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use pipeline_protocol::{
    Health, Listing, ListingDraft, SearchQuery, SearchResults, SimilarListing, StatusUpdate,
    StatusUpdateDraft,
};

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

pub async fn updates(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<axum::Json<Vec<StatusUpdate>>, Error> {
    state.store.updates(listing_id(&id)?).await.map(axum::Json)
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
