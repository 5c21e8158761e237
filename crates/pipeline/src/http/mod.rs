//! The HTTP API: one table of routes, from which both the router and `/openapi.json` are built.

mod directory;
mod extract;
mod following;
mod legacy;
pub mod limits;
mod openapi;
mod sync;

use std::future::Future;
use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{Method, Request};
use axum::routing::{MethodRouter, delete, get, post, put};
use schemars::{JsonSchema, Schema, SchemaGenerator};
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

use crate::{Clock, Error, Store};
pub use extract::{Json, Query};
pub use limits::{Limiters, Limits, Rate};

/// The largest request body accepted, in bytes; larger ones get 413.
pub const BODY_LIMIT: usize = 64 * 1024;

/// What every handler can reach: the store, the clock, how sync runs and the limits in force.
#[derive(Debug, Clone)]
pub struct AppState {
    pub store: Store,
    pub clock: Arc<Clock>,
    pub sync: crate::store::SyncSettings,
    pub limiters: Limiters,
}

impl AppState {
    /// A state with the default [`Limits`].
    pub fn new(store: Store, clock: Clock) -> AppState {
        AppState {
            store,
            clock: Arc::new(clock),
            sync: crate::store::SyncSettings::default(),
            limiters: Limiters::new(Limits::default()),
        }
    }

    /// The same state, holding clients to `limits`.
    pub fn with_limits(mut self, limits: Limits) -> AppState {
        self.limiters = Limiters::new(limits);
        self
    }
}

type SchemaFn = fn(&mut SchemaGenerator) -> Schema;

fn schema<T: JsonSchema>(generator: &mut SchemaGenerator) -> Schema {
    generator.subschema_for::<T>()
}

/// One route: how it is served and how it is documented.
pub struct Route {
    pub method: Method,
    pub path: &'static str,
    pub summary: &'static str,
    /// Whether it needs a bearer token.
    pub auth: bool,
    /// The type whose fields are the query parameters.
    query: Option<SchemaFn>,
    body: Option<SchemaFn>,
    /// The success status and, unless it is 204, the body's type.
    ok: (u16, Option<SchemaFn>),
    /// Another success status with the same body (200 when a publish updates).
    also: Option<u16>,
    /// The type of 4xx bodies, when it is not `ApiError`.
    refusal: Option<SchemaFn>,
    handler: MethodRouter<AppState>,
}

fn route(
    method: Method,
    path: &'static str,
    summary: &'static str,
    auth: bool,
    handler: MethodRouter<AppState>,
) -> Route {
    Route {
        method,
        path,
        summary,
        auth,
        query: None,
        body: None,
        ok: (200, None),
        also: None,
        refusal: None,
        handler,
    }
}

impl Route {
    fn query(mut self, query: SchemaFn) -> Route {
        self.query = Some(query);
        self
    }
    fn body(mut self, body: SchemaFn) -> Route {
        self.body = Some(body);
        self
    }
    fn ok(mut self, status: u16, response: SchemaFn) -> Route {
        self.ok = (status, Some(response));
        self
    }
    fn also(mut self, status: u16) -> Route {
        self.also = Some(status);
        self
    }
    fn no_content(mut self) -> Route {
        self.ok = (204, None);
        self
    }
}

/// Every route the server answers. The router and the OpenAPI document are both made
/// from this list, so neither can have a route the other lacks.
pub fn routes() -> Vec<Route> {
    use pipeline_protocol as p;
    let mut routes = vec![
        route(
            Method::GET,
            "/healthz",
            "Whether the server and its database are up",
            false,
            get(directory::health),
        )
        .ok(200, schema::<p::Health>),
        route(
            Method::GET,
            "/openapi.json",
            "This document",
            false,
            get(openapi::document),
        )
        .ok(200, schema::<serde_json::Value>),
        route(
            Method::GET,
            "/v1/me",
            "Who the token acts for",
            true,
            get(following::me),
        )
        .ok(200, schema::<p::Me>),
        route(
            Method::GET,
            "/v1/listings",
            "Search the directory",
            false,
            get(directory::search),
        )
        .query(schema::<p::SearchQuery>)
        .ok(200, schema::<p::SearchResults>),
        route(
            Method::POST,
            "/v1/listings",
            "Publish a listing for your organisation (republishing a workspace updates it)",
            true,
            post(directory::publish),
        )
        .body(schema::<p::ListingDraft>)
        .ok(201, schema::<p::Listing>)
        .also(200),
        route(
            Method::GET,
            "/v1/listings/{id}",
            "Read a listing",
            false,
            get(directory::listing),
        )
        .ok(200, schema::<p::Listing>),
        route(
            Method::PUT,
            "/v1/listings/{id}",
            "Update your organisation's listing",
            true,
            put(directory::update),
        )
        .body(schema::<p::ListingDraft>)
        .ok(200, schema::<p::Listing>),
        route(
            Method::GET,
            "/v1/listings/{id}/similar",
            "Listings that share tags or problem words with this one",
            false,
            get(directory::similar),
        )
        .ok(200, schema::<Vec<p::SimilarListing>>),
        route(
            Method::GET,
            "/v1/listings/{id}/updates",
            "A listing's status updates, newest first",
            false,
            get(directory::updates),
        )
        .query(schema::<directory::UpdatesQuery>)
        .ok(200, schema::<Vec<p::StatusUpdate>>),
        route(
            Method::POST,
            "/v1/listings/{id}/updates",
            "Post a status update on your organisation's listing",
            true,
            post(directory::post_update),
        )
        .body(schema::<p::StatusUpdateDraft>)
        .ok(201, schema::<p::StatusUpdate>),
        route(
            Method::PUT,
            "/v1/listings/{id}/watch",
            "Watch a listing: its status updates come to your feed",
            true,
            put(following::watch),
        )
        .no_content(),
        route(
            Method::DELETE,
            "/v1/listings/{id}/watch",
            "Stop watching a listing",
            true,
            delete(following::unwatch),
        )
        .no_content(),
        route(
            Method::POST,
            "/v1/listings/{id}/join-requests",
            "Ask for your organisation to join a project",
            true,
            post(following::request_join),
        )
        .body(schema::<p::JoinRequestDraft>)
        .ok(201, schema::<p::JoinRequest>),
        route(
            Method::GET,
            "/v1/listings/{id}/join-requests",
            "Requests to join your organisation's listing",
            true,
            get(following::join_requests),
        )
        .ok(200, schema::<Vec<p::JoinRequest>>),
        route(
            Method::POST,
            "/v1/join-requests/{id}/accept",
            "Accept a request to join (lead organisation only)",
            true,
            post(following::accept),
        )
        .ok(200, schema::<p::JoinRequest>),
        route(
            Method::POST,
            "/v1/join-requests/{id}/decline",
            "Decline a request to join (lead organisation only)",
            true,
            post(following::decline),
        )
        .ok(200, schema::<p::JoinRequest>),
        route(
            Method::GET,
            "/v1/invitations",
            "Listings of other organisations that name yours as taking part, newest first",
            true,
            get(following::invitations),
        )
        .ok(200, schema::<Vec<p::Invitation>>),
        route(
            Method::POST,
            "/v1/invitations/{id}/confirm",
            "Confirm that your organisation takes part: the listing shows it as confirmed and is found by its places",
            true,
            post(following::confirm),
        )
        .ok(200, schema::<p::Invitation>),
        route(
            Method::POST,
            "/v1/invitations/{id}/decline",
            "Decline: the listing stops naming your organisation",
            true,
            post(following::decline_invitation),
        )
        .ok(200, schema::<p::Invitation>),
        route(
            Method::GET,
            "/v1/subscriptions",
            "The tags you subscribe to and the listings you watch",
            true,
            get(following::subscriptions),
        )
        .ok(200, schema::<p::Subscriptions>),
        route(
            Method::PUT,
            "/v1/subscriptions/{tag}",
            "Subscribe to a tag: new listings with it come to your feed",
            true,
            put(following::subscribe),
        )
        .no_content(),
        route(
            Method::DELETE,
            "/v1/subscriptions/{tag}",
            "Unsubscribe from a tag",
            true,
            delete(following::unsubscribe),
        )
        .no_content(),
        route(
            Method::GET,
            "/v1/feed",
            "What is new for you since you last marked the feed seen",
            true,
            get(following::feed),
        )
        .query(schema::<following::FeedQuery>)
        .ok(200, schema::<p::Feed>),
        route(
            Method::POST,
            "/v1/feed/seen",
            "Mark the feed seen up to a cursor",
            true,
            post(following::seen),
        )
        .body(schema::<p::FeedSeen>)
        .no_content(),
        route(
            Method::GET,
            "/api/project",
            "Legacy Pipeline: every project, with Pipeline's field names",
            false,
            get(legacy::projects),
        )
        .query(schema::<legacy::LegacyPage>)
        .ok(200, schema::<Vec<p::LegacyProject>>),
        route(
            Method::GET,
            "/api/project/{id}",
            "Legacy Pipeline: one project by its number",
            false,
            get(legacy::project),
        )
        .ok(200, schema::<p::LegacyProject>),
    ];
    routes.extend(sync::routes());
    routes
}

/// The application: every route, JSON errors for anything unrouted, a body limit, the rate
/// and time limits ([`limits`]) and request logs.
///
/// Request logs carry the method, the path and the status only: never headers, so never a token.
pub fn router(state: AppState) -> Router {
    let mut router = Router::new();
    for route in routes() {
        router = router.route(route.path, route.handler);
    }
    let limiters = state.limiters.clone();
    router
        .fallback(|| async { Error::NotFound("There is no route at this address; see /openapi.json".into()) })
        .method_not_allowed_fallback(|| async { Error::MethodNotAllowed })
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(axum::middleware::from_fn(limits::no_nul))
        .layer(axum::middleware::from_fn_with_state(limiters.clone(), limits::time_limit))
        .layer(axum::middleware::from_fn_with_state(limiters, limits::rate_limit))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|request: &Request<_>| {
                    tracing::info_span!("request", method = %request.method(), path = %request.uri().path())
                })
                .on_request(())
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        .with_state(state)
}

/// Serves until `shutdown` completes, then finishes the requests in flight.
///
/// HTTP/1.1, each connection with the state's header-read timeout (a connection that sends
/// its headers too slowly, or sits idle longer between requests, is closed) and under the
/// connection cap: a connection past it is answered 503 `busy` and closed.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use tokio::sync::Semaphore;

    let limits = state.limiters.limits;
    let limiters = state.limiters.clone();
    let app = router(state);
    let open = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout);
    let mut tidy = tokio::time::interval(std::time::Duration::from_secs(60));
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors, or a connection reset before it was accepted:
                    // wait a moment rather than spin, and keep serving.
                    tracing::warn!(error = %e, "accepting a connection failed");
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = tidy.tick() => {
                limiters.forget_idle();
                continue;
            }
            () = &mut shutdown => break,
        };
        let Ok(permit) = Arc::clone(&open).try_acquire_owned() else {
            tokio::spawn(refuse_busy(stream, limits.max_connections));
            continue;
        };
        let app = app.clone();
        let service =
            hyper::service::service_fn(move |mut request: Request<hyper::body::Incoming>| {
                request
                    .extensions_mut()
                    .insert(axum::extract::ConnectInfo(peer));
                tower::ServiceExt::oneshot(app.clone(), request)
            });
        let connection = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            let _ = connection.await;
            drop(permit);
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}

/// Answers a connection past the cap with 503 and closes it.
async fn refuse_busy(mut stream: tokio::net::TcpStream, cap: usize) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let body = serde_json::to_string(&pipeline_protocol::ApiError {
        code: pipeline_protocol::ErrorCode::Busy,
        message: format!(
            "The server has as many connections open as it allows ({cap}); try again shortly."
        ),
        field: None,
    })
    .unwrap_or_default();
    let answer = format!(
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Length: {}\r\nRetry-After: 1\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = tokio::time::timeout(std::time::Duration::from_secs(2), async {
        let _ = stream.write_all(answer.as_bytes()).await;
        let _ = stream.shutdown().await;
        // Read what the client sent before closing: closing with it unread would reset the
        // connection, and the client could lose the answer.
        let mut sink = [0u8; 4096];
        let mut read = 0;
        while read < 65_536 {
            match stream.read(&mut sink).await {
                Ok(0) | Err(_) => break,
                Ok(n) => read += n,
            }
        }
    })
    .await;
}

/// A listing id from the path, or a JSON refusal naming it.
fn listing_id(text: &str) -> Result<pipeline_protocol::ListingId, Error> {
    text.parse()
        .map_err(|_| Error::invalid("id", format!("'{text}' is not a listing id (a UUID).")))
}

fn uuid(text: &str, field: &str) -> Result<uuid::Uuid, Error> {
    uuid::Uuid::parse_str(text.trim())
        .map_err(|_| Error::invalid(field, format!("'{text}' is not an id (a UUID).")))
}
