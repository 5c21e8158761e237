//! The legacy Pipeline read routes, `GET /api/project` and `GET /api/project/{id}`, with Pipeline's field names.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{AppendHeaders, IntoResponse};
use pipeline_protocol::LegacyProject;
use schemars::JsonSchema;
use serde::Deserialize;

use super::{AppState, Query, listing_id};
use crate::Error;

/// The most projects one legacy page holds (the old service had no paging). A full page says
/// where the next one is in a `Link` header (`rel="next"`), so a reader can follow it.
pub const LEGACY_PAGE: u32 = pipeline_protocol::LIMITS.page;

/// Paging for `GET /api/project` (the old service had none; both are optional).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LegacyPage {
    /// At most this many projects, 1 to 100 (default 100).
    #[serde(default)]
    #[schemars(range(min = 1, max = 100))]
    pub limit: Option<u32>,
    /// Only projects whose id is greater than this: pass the last id of a page to get the next.
    #[serde(default)]
    #[schemars(range(min = i64::MIN, max = i64::MAX))]
    pub after: Option<i64>,
}

pub async fn projects(
    State(state): State<AppState>,
    Query(page): Query<LegacyPage>,
) -> Result<impl IntoResponse, Error> {
    let limit = page.limit.unwrap_or(LEGACY_PAGE);
    if limit == 0 || limit > LEGACY_PAGE {
        return Err(Error::invalid(
            "limit",
            format!("The page size must be from 1 to {LEGACY_PAGE}."),
        ));
    }
    let listings = state
        .store
        .listings_in_order(limit, page.after.unwrap_or(0))
        .await?;
    let projects: Vec<LegacyProject> = listings.iter().map(LegacyProject::from).collect();
    let next = match projects.last() {
        Some(last) if projects.len() == limit as usize => Some(format!(
            "</api/project?limit={limit}&after={}>; rel=\"next\"",
            last.id
        )),
        _ => None,
    };
    Ok((
        AppendHeaders(next.map(|link| (header::LINK, link))),
        axum::Json(projects),
    ))
}

/// A project by its number, as Pipeline's ids were numbers (a listing's UUID works too).
pub async fn project(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<axum::Json<LegacyProject>, Error> {
    let listing = match id.trim().parse::<i64>() {
        Ok(number) => state.store.listing_by_number(number).await?,
        Err(_) => state.store.listing(listing_id(&id)?).await?,
    };
    Ok(axum::Json(LegacyProject::from(&listing)))
}
