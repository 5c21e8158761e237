//! What handlers take from a request (JSON bodies, queries, the acting user), refusing bad input as JSON errors.

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use pipeline_protocol::ApiError;
use serde::de::DeserializeOwned;

use super::{AppState, BODY_LIMIT};
use crate::{Actor, Error};

/// A JSON body; anything else is refused with a JSON error that says what was wrong.
#[derive(Debug)]
pub struct Json<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Json<T> {
    type Rejection = Error;

    async fn from_request(req: Request, state: &S) -> Result<Self, Error> {
        if !json_content_type(req.headers()) {
            return Err(Error::UnsupportedMediaType(
                "Send the body as JSON, with 'Content-Type: application/json'.".into(),
            ));
        }
        let bytes = match axum::body::Bytes::from_request(req, state).await {
            Ok(bytes) => bytes,
            Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return Err(Error::TooLarge { limit: BODY_LIMIT });
            }
            Err(rejection) => return Err(Error::MalformedJson(rejection.body_text())),
        };
        // Neither database keeps a NUL character in text: refuse it here, naming the field,
        // rather than fail in the database. (Only a body with the escape is parsed twice.)
        if bytes.windows(6).any(|w| w == b"\\u0000")
            && let Ok(value) = serde_json::from_slice::<serde_json::Value>(&bytes)
            && let Some(field) = super::limits::nul_in(&value, "")
        {
            return Err(Error::invalid(
                &field,
                format!(
                    "The {field} holds a NUL character (\\u0000), which no text here may contain."
                ),
            ));
        }
        match axum::Json::<T>::from_bytes(&bytes) {
            Ok(axum::Json(value)) => Ok(Json(value)),
            Err(rejection) => Err(json_rejection(rejection)),
        }
    }
}

/// Whether the body says it is JSON (`application/json`, or a `+json` type).
fn json_content_type(headers: &axum::http::HeaderMap) -> bool {
    let Some(value) = headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let essence = value
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

fn json_rejection(rejection: JsonRejection) -> Error {
    match rejection {
        JsonRejection::MissingJsonContentType(_) => Error::UnsupportedMediaType(
            "Send the body as JSON, with 'Content-Type: application/json'.".into(),
        ),
        JsonRejection::JsonDataError(e) => Error::Invalid {
            field: None,
            message: e.body_text(),
        },
        JsonRejection::JsonSyntaxError(e) => Error::MalformedJson(e.body_text()),
        other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            Error::TooLarge { limit: BODY_LIMIT }
        }
        other => Error::MalformedJson(other.body_text()),
    }
}

/// A query string, refused with a JSON error naming the parameter when it does not parse.
#[derive(Debug)]
pub struct Query<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Query<T> {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Error> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(Query(value)),
            Err(QueryRejection::FailedToDeserializeQueryString(e)) => Err(Error::Invalid {
                field: None,
                message: e.body_text(),
            }),
            Err(other) => Err(Error::Invalid {
                field: None,
                message: other.body_text(),
            }),
        }
    }
}

/// The user a request acts for, from its `Authorization: Bearer` token.
impl FromRequestParts<AppState> for Actor {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Error> {
        let header = parts.headers.get(AUTHORIZATION).ok_or(Error::Unauthorised(
            "This needs a token: send 'Authorization: Bearer <token>'.",
        ))?;
        let secret = header
            .to_str()
            .ok()
            .and_then(|h| {
                h.strip_prefix("Bearer ")
                    .or_else(|| h.strip_prefix("bearer "))
            })
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or(Error::Unauthorised(
                "The Authorization header must be 'Bearer <token>'.",
            ))?;
        state.store.actor(secret).await
    }
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let status = match &self {
            Error::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            Error::MalformedJson(_) => StatusCode::BAD_REQUEST,
            Error::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Error::Unauthorised(_) => StatusCode::UNAUTHORIZED,
            Error::Forbidden(_) => StatusCode::FORBIDDEN,
            Error::NotFound(_) => StatusCode::NOT_FOUND,
            Error::Conflict(_) => StatusCode::CONFLICT,
            Error::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Error::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Error::Database(_) | Error::MigrationChanged { .. } | Error::Internal(_) => {
                StatusCode::INTERNAL_SERVER_ERROR
            }
        };
        let message = if status.is_server_error() {
            tracing::error!(error = %self, "request failed");
            "Something went wrong in the server; it has been logged.".to_string()
        } else {
            self.to_string()
        };
        let field = match &self {
            Error::Invalid { field, .. } => field.clone(),
            _ => None,
        };
        // A refusal may quote what the client sent (a field's name); a NUL in it is written
        // as its escape, so no answer holds one either.
        let visible = |text: String| text.replace('\0', "\\u0000");
        let mut response = (
            status,
            axum::Json(ApiError {
                code: self.code(),
                message: visible(message),
                field: field.map(visible),
            }),
        )
            .into_response();
        if status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                axum::http::header::WWW_AUTHENTICATE,
                axum::http::HeaderValue::from_static("Bearer"),
            );
        }
        response
    }
}
