//! What one client may ask of the server: rate limits per token and per address (429 with
//! `Retry-After`), a time limit on each request (408), and text the databases cannot keep (a
//! NUL character) refused before any handler runs.
//!
//! The connection cap and the header-read timeout live in [`super::serve`]'s accept loop.

use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::header::{AUTHORIZATION, RETRY_AFTER};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock as _, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use pipeline_protocol::{ApiError, ErrorCode};

use crate::Error;
use crate::digest::sha256;

/// A steady rate with room for a burst above it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    /// Requests a second, kept up indefinitely.
    pub per_second: NonZeroU32,
    /// Requests that may come at once before the steady rate applies.
    pub burst: NonZeroU32,
}

impl Rate {
    /// `per_second` requests a second, in bursts of up to `burst`; `None` when either is 0.
    pub fn new(per_second: u32, burst: u32) -> Option<Rate> {
        Some(Rate {
            per_second: NonZeroU32::new(per_second)?,
            burst: NonZeroU32::new(burst)?,
        })
    }

    fn quota(self) -> Quota {
        Quota::per_second(self.per_second).allow_burst(self.burst)
    }

    fn describe(self) -> String {
        format!(
            "{} requests a second (bursts of {})",
            self.per_second, self.burst
        )
    }
}

/// The limits the server holds every client to. [`Limits::default`] is generous: the
/// benchmarks' held load (about 1,000 requests a second from one address) fits under it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Requests from one IP address (every request, with a token or without); `None`: no limit.
    pub per_address: Option<Rate>,
    /// Requests carrying one bearer token; `None`: no limit.
    pub per_token: Option<Rate>,
    /// The longest a request may take, from its headers' end to its answer (a body sent one
    /// byte a second included); past it the answer is 408.
    pub request_timeout: Duration,
    /// The longest a connection may take to send a request's headers, or sit idle between
    /// requests, before it is closed.
    pub header_timeout: Duration,
    /// Connections open at once; one more is answered 503 and closed.
    pub max_connections: usize,
}

/// Default requests a second from one address, and its burst.
pub const DEFAULT_PER_ADDRESS: (u32, u32) = (2_000, 4_000);
/// Default requests a second with one token, and its burst.
pub const DEFAULT_PER_TOKEN: (u32, u32) = (200, 400);

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            per_address: Rate::new(DEFAULT_PER_ADDRESS.0, DEFAULT_PER_ADDRESS.1),
            per_token: Rate::new(DEFAULT_PER_TOKEN.0, DEFAULT_PER_TOKEN.1),
            request_timeout: Duration::from_secs(30),
            header_timeout: Duration::from_secs(10),
            max_connections: 1_024,
        }
    }
}

impl Limits {
    /// No rate limits (for a benchmark run); the timeouts and the connection cap still hold.
    pub fn without_rate_limits(mut self) -> Limits {
        self.per_address = None;
        self.per_token = None;
        self
    }
}

/// The rate limiters in force, shared by every request.
#[derive(Debug, Clone)]
pub struct Limiters {
    pub limits: Limits,
    per_address: Option<Arc<DefaultKeyedRateLimiter<IpAddr>>>,
    per_token: Option<Arc<DefaultKeyedRateLimiter<String>>>,
}

impl Limiters {
    pub fn new(limits: Limits) -> Limiters {
        Limiters {
            limits,
            per_address: limits
                .per_address
                .map(|r| Arc::new(RateLimiter::keyed(r.quota()))),
            per_token: limits
                .per_token
                .map(|r| Arc::new(RateLimiter::keyed(r.quota()))),
        }
    }

    /// Forgets the addresses and tokens that are back to a full allowance, so the limiters'
    /// memory stays the size of the recent clients.
    pub fn forget_idle(&self) {
        if let Some(l) = &self.per_address {
            l.retain_recent();
            l.shrink_to_fit();
        }
        if let Some(l) = &self.per_token {
            l.retain_recent();
            l.shrink_to_fit();
        }
    }
}

/// A refusal for going over a limit: 429, `Retry-After` in whole seconds, and which limit.
fn too_many(limit: &str, rate: Rate, wait: Duration) -> Response {
    let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    let seconds = seconds.max(1);
    let mut response = (
        StatusCode::TOO_MANY_REQUESTS,
        axum::Json(ApiError {
            code: ErrorCode::RateLimited,
            message: format!(
                "Too many requests {limit}: the limit is {}. Try again in {seconds} s.",
                rate.describe()
            ),
            field: None,
        }),
    )
        .into_response();
    response
        .headers_mut()
        .insert(RETRY_AFTER, HeaderValue::from(seconds));
    response
}

/// The rate limits: every request counts against its address, and one with a bearer token
/// against that token too (keyed by the token's hash, checked or not: a made-up token still
/// counts against its address).
pub async fn rate_limit(
    State(limiters): State<Limiters>,
    request: Request,
    next: Next,
) -> Response {
    if let (Some(limiter), Some(rate), Some(ConnectInfo(peer))) = (
        &limiters.per_address,
        limiters.limits.per_address,
        request.extensions().get::<ConnectInfo<SocketAddr>>(),
    ) && let Err(not_until) = limiter.check_key(&peer.ip())
    {
        let wait = not_until.wait_time_from(DefaultClock::default().now());
        return too_many("from this address", rate, wait);
    }
    if let (Some(limiter), Some(rate), Some(header)) = (
        &limiters.per_token,
        limiters.limits.per_token,
        request.headers().get(AUTHORIZATION),
    ) && let Err(not_until) =
        limiter.check_key(&sha256(&String::from_utf8_lossy(header.as_bytes())))
    {
        let wait = not_until.wait_time_from(DefaultClock::default().now());
        return too_many("with this token", rate, wait);
    }
    next.run(request).await
}

/// The time limit on a whole request, reading its body included: a client that sends its
/// body slowly gets 408 and its connection is closed.
pub async fn time_limit(
    State(limiters): State<Limiters>,
    request: Request,
    next: Next,
) -> Response {
    let limit = limiters.limits.request_timeout;
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => {
            let mut response = (
                StatusCode::REQUEST_TIMEOUT,
                axum::Json(ApiError {
                    code: ErrorCode::Timeout,
                    message: format!(
                        "The request took longer than the limit of {} s; it was abandoned.",
                        limit.as_secs_f64()
                    ),
                    field: None,
                }),
            )
                .into_response();
            response.headers_mut().insert(
                axum::http::header::CONNECTION,
                HeaderValue::from_static("close"),
            );
            response
        }
    }
}

/// Refuses a path or query holding a NUL character (`%00`), which neither database keeps in
/// text, before any handler sees it.
pub async fn no_nul(request: Request, next: Next) -> Response {
    let uri = request.uri();
    let raw = uri.path_and_query().map_or("", |p| p.as_str());
    if has_encoded_nul(raw) {
        return Error::invalid(
            "path",
            "The address holds a NUL character (%00), which no text here may contain.",
        )
        .into_response();
    }
    next.run(request).await
}

fn has_encoded_nul(raw: &str) -> bool {
    raw.as_bytes()
        .windows(3)
        .any(|w| w[0] == b'%' && w[1] == b'0' && w[2] == b'0')
}

/// The first string in a JSON value (keys included) holding a NUL character, by its path.
pub fn nul_in(value: &serde_json::Value, path: &str) -> Option<String> {
    use serde_json::Value;
    match value {
        Value::String(s) => s.contains('\0').then(|| path.to_string()),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, v)| nul_in(v, &format!("{path}[{i}]"))),
        Value::Object(fields) => fields.iter().find_map(|(k, v)| {
            let here = if path.is_empty() {
                k.clone()
            } else {
                format!("{path}.{k}")
            };
            if k.contains('\0') {
                Some(here)
            } else {
                nul_in(v, &here)
            }
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_encoded_nul_is_found_anywhere_in_the_address() {
        assert!(has_encoded_nul("/v1/subscriptions/a%00b"));
        assert!(has_encoded_nul("/v1/listings?q=x%00"));
        assert!(!has_encoded_nul("/v1/listings?q=100%25"));
    }

    #[test]
    fn a_nul_in_a_body_is_named_by_its_path() {
        let body = serde_json::json!({"title": "ok", "contact": {"name": "a\u{0}b"}});
        assert_eq!(nul_in(&body, "").as_deref(), Some("contact.name"));
        assert_eq!(nul_in(&serde_json::json!({"tags": ["x"]}), ""), None);
    }
}
