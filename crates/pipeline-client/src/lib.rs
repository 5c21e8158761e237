//! A client for a Pipeline server, for the `accord` command line and the desktop app.
//!
//! Nothing is sent anywhere until the caller names a server: there is no default address,
//! and making a [`Client`] sends nothing. Reading needs no token; every change does.
//!
//! **Networks.** HTTPS goes through rustls and trusts two sets of roots together: the
//! public roots bundled with this crate (`webpki-roots`) and the operating system's store
//! (`rustls-native-certs`), so a council network that inspects TLS with its own CA works
//! once that CA is in the system store. To trust a CA without changing the system store,
//! set `SSL_CERT_FILE` to a PEM file of certificates (or `SSL_CERT_DIR` to directories of
//! them); these then replace the system store, and the bundled roots still apply. Proxies
//! come from the environment: `HTTPS_PROXY` (and `HTTP_PROXY`, `ALL_PROXY`, `NO_PROXY`),
//! including `http://user:password@proxy:port`.

mod blocking;
mod sync;

use std::sync::Arc;
use std::time::Duration;

use pipeline_protocol::sync::{SyncError, SyncRefusal};
use pipeline_protocol::{
    ErrorCode, Feed, FeedSeen, Health, Invitation, JoinRequest, JoinRequestDraft, LegacyProject,
    Listing, ListingDraft, ListingId, Me, SearchQuery, SearchResults, SimilarListing, StatusUpdate,
    StatusUpdateDraft, Subscriptions,
};
use reqwest::{Method, RequestBuilder, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use url::Url;
use uuid::Uuid;

pub use blocking::BlockingClient;
pub use pipeline_protocol as protocol;
pub use pipeline_protocol::Invalid;
pub use sync::Started;

/// Why a call failed. [`ClientError::code`] is stable, for programs; the message is for people.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    #[error("'{url}' is not a server address: {reason}")]
    BadUrl { url: String, reason: String },
    #[error("This needs a token for the Pipeline server, and none is set.")]
    NoToken,
    /// The server refused the request and said why.
    #[error("{message}")]
    Refused {
        status: u16,
        code: ErrorCode,
        message: String,
        field: Option<String>,
    },
    /// A sync route refused the request for a reason particular to sync (sync.md §6.9),
    /// with what the caller needs to act: the op ids of an `op_conflict`, the server's time
    /// and the skew of a `clock_ahead`, the project's log of a `log_changed`.
    #[error("{}", error.message)]
    Sync { status: u16, error: SyncError },
    /// The request never reached the server, or no answer came in time.
    #[error("Could not reach the Pipeline server at {url}: {detail}")]
    Unreachable { url: String, detail: String },
    /// The server's answer began but the connection broke before it was complete.
    #[error(
        "The connection to the Pipeline server at {url} broke before its answer was complete: {detail}"
    )]
    Interrupted { url: String, detail: String },
    #[error("The Pipeline server's answer was not understood: {0}")]
    BadResponse(String),
    #[error("Could not set up secure connections: {0}")]
    Tls(String),
    /// The draft breaks a rule; checked before anything is sent.
    #[error(transparent)]
    Invalid(#[from] Invalid),
}

impl ClientError {
    /// A stable, machine-readable code: the server's code when it refused (a sync code
    /// such as `op_conflict` for a sync refusal), otherwise one of `bad_url`, `no_token`,
    /// `unreachable`, `interrupted`, `bad_response`, `tls`, `invalid`.
    pub fn code(&self) -> &'static str {
        match self {
            ClientError::BadUrl { .. } => "bad_url",
            ClientError::NoToken => "no_token",
            ClientError::Refused { code, .. } => code.as_str(),
            ClientError::Sync { error, .. } => error.code.as_str(),
            ClientError::Unreachable { .. } => "unreachable",
            ClientError::Interrupted { .. } => "interrupted",
            ClientError::BadResponse(_) => "bad_response",
            ClientError::Tls(_) => "tls",
            ClientError::Invalid(_) => "invalid",
        }
    }

    /// The HTTP status, when the server answered with a refusal.
    pub fn status(&self) -> Option<u16> {
        match self {
            ClientError::Refused { status, .. } | ClientError::Sync { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The sync refusal, when a sync route refused for a reason particular to sync.
    pub fn sync_error(&self) -> Option<&SyncError> {
        match self {
            ClientError::Sync { error, .. } => Some(error),
            _ => None,
        }
    }

    /// Whether trying the same request again later may succeed, because nothing refused it:
    /// the server could not be reached, the connection broke or timed out, the server failed
    /// (5xx, or it was too busy: 408, 429), or its answer was cut short or not understood.
    /// Any other refusal (4xx) is the server saying no, and the same request will be refused
    /// again. (A sync client's "incomplete, try again" against "refused".)
    pub fn is_transient(&self) -> bool {
        match self {
            ClientError::Unreachable { .. }
            | ClientError::Interrupted { .. }
            | ClientError::BadResponse(_) => true,
            ClientError::Refused { status, .. } | ClientError::Sync { status, .. } => {
                *status >= 500 || *status == 408 || *status == 429
            }
            ClientError::BadUrl { .. }
            | ClientError::NoToken
            | ClientError::Tls(_)
            | ClientError::Invalid(_) => false,
        }
    }
}

/// How long to wait for a whole answer (a sync page of up to 1 MiB included) before giving
/// up on a server, unless [`Client::with_timeout`] says otherwise.
pub const TIMEOUT: Duration = Duration::from_secs(30);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// A connection to one Pipeline server, acting for the user whose token it holds (if any).
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base: Url,
    token: Option<String>,
    timeout: Duration,
}

/// Says whether a token is held, never what it is, so a client in a log or a panic
/// message cannot leak one.
impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("base", &self.base.as_str())
            .field("token", &self.token.as_ref().map(|_| "[hidden]"))
            .field("timeout", &self.timeout)
            .finish()
    }
}

/// The roots HTTPS trusts: the bundled public roots and the operating system's store
/// (or the files `SSL_CERT_FILE` / `SSL_CERT_DIR` name instead of the system store).
pub fn trusted_roots() -> rustls::RootCertStore {
    let mut roots = rustls::RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    // A store that cannot be read in part still gives the certificates that could be.
    let native = rustls_native_certs::load_native_certs();
    roots.add_parsable_certificates(native.certs);
    roots
}

fn tls_config() -> Result<rustls::ClientConfig, ClientError> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| ClientError::Tls(e.to_string()))?
        .with_root_certificates(trusted_roots())
        .with_no_client_auth();
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(config)
}

/// The whole chain of causes, so that "certificate not trusted" is not hidden behind "request failed".
fn describe(error: &reqwest::Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

impl Client {
    /// A client for the server at `base_url` (such as `https://pipeline.example.gov.uk/`),
    /// acting with `token` when one is given. Sends nothing.
    pub fn new(base_url: &str, token: Option<String>) -> Result<Client, ClientError> {
        let bad = |reason: &str| ClientError::BadUrl {
            url: base_url.to_string(),
            reason: reason.to_string(),
        };
        let mut base = Url::parse(base_url.trim()).map_err(|e| bad(&e.to_string()))?;
        if !matches!(base.scheme(), "http" | "https") {
            return Err(bad("it must start with https:// (or http://)"));
        }
        if base.cannot_be_a_base() || base.host().is_none() {
            return Err(bad("it has no host name"));
        }
        if !base.path().ends_with('/') {
            let path = format!("{}/", base.path());
            base.set_path(&path);
        }
        let token = token
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty());
        if token.is_some() && base.scheme() == "http" && !is_loopback(&base) {
            return Err(bad(
                "a token is sent only over https:// (or over http:// to this computer, such as http://127.0.0.1:8080/), so that no one on the network can read it",
            ));
        }
        let http = reqwest::Client::builder()
            .tls_backend_preconfigured(tls_config()?)
            .user_agent(concat!(
                "accord-pipeline-client/",
                env!("CARGO_PKG_VERSION")
            ))
            .connect_timeout(CONNECT_TIMEOUT)
            .build()
            .map_err(|e| ClientError::Tls(describe(&e)))?;
        Ok(Client {
            http,
            base,
            token,
            timeout: TIMEOUT,
        })
    }

    /// The same client, giving up on each request after `timeout` (from sending it to the
    /// last byte of the answer) instead of [`TIMEOUT`].
    pub fn with_timeout(mut self, timeout: Duration) -> Client {
        self.timeout = timeout;
        self
    }

    /// The server's address.
    pub fn base_url(&self) -> &Url {
        &self.base
    }

    fn url(&self, path: &str) -> Result<Url, ClientError> {
        self.base.join(path).map_err(|e| ClientError::BadUrl {
            url: format!("{}{path}", self.base),
            reason: e.to_string(),
        })
    }

    fn request(
        &self,
        method: Method,
        path: &str,
        needs_token: bool,
    ) -> Result<RequestBuilder, ClientError> {
        let builder = self
            .http
            .request(method, self.url(path)?)
            .timeout(self.timeout);
        // The token goes only where it is needed: a read anyone may make is sent without it.
        match (&self.token, needs_token) {
            (Some(token), true) => Ok(builder.bearer_auth(token)),
            (None, true) => Err(ClientError::NoToken),
            (_, false) => Ok(builder),
        }
    }

    async fn send(&self, builder: RequestBuilder) -> Result<reqwest::Response, ClientError> {
        let response = builder.send().await.map_err(|e| ClientError::Unreachable {
            url: self.base.to_string(),
            detail: describe(&e),
        })?;
        let status = response.status();
        if status.is_success() {
            return Ok(response);
        }
        let bytes = response.bytes().await.unwrap_or_default();
        // A sync refusal first: its codes are not the general ones, so a general refusal
        // never reads as one.
        Err(match serde_json::from_slice::<SyncRefusal>(&bytes) {
            Ok(SyncRefusal::Sync(error)) => ClientError::Sync {
                status: status.as_u16(),
                error,
            },
            Ok(SyncRefusal::Api(error)) => ClientError::Refused {
                status: status.as_u16(),
                code: error.code,
                message: error.message,
                field: error.field,
            },
            Err(_) => ClientError::Refused {
                status: status.as_u16(),
                code: if status == StatusCode::PAYLOAD_TOO_LARGE {
                    ErrorCode::TooLarge
                } else {
                    ErrorCode::Internal
                },
                message: format!("The server answered {status} without saying why."),
                field: None,
            },
        })
    }

    async fn json<T: DeserializeOwned>(&self, builder: RequestBuilder) -> Result<T, ClientError> {
        let response = self.send(builder).await?;
        let bytes = response
            .bytes()
            .await
            .map_err(|e| ClientError::Interrupted {
                url: self.base.to_string(),
                detail: describe(&e),
            })?;
        serde_json::from_slice(&bytes).map_err(|e| ClientError::BadResponse(e.to_string()))
    }

    async fn get<T: DeserializeOwned>(
        &self,
        path: &str,
        needs_token: bool,
    ) -> Result<T, ClientError> {
        self.json(self.request(Method::GET, path, needs_token)?)
            .await
    }

    async fn with_body<B: Serialize, T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: &B,
    ) -> Result<T, ClientError> {
        self.json(self.request(method, path, true)?.json(body))
            .await
    }

    async fn no_content(&self, method: Method, path: &str) -> Result<(), ClientError> {
        self.send(self.request(method, path, true)?).await.map(drop)
    }

    /// Whether the server is up, and on which database.
    pub async fn health(&self) -> Result<Health, ClientError> {
        self.get("healthz", false).await
    }

    /// Who the token acts for.
    pub async fn me(&self) -> Result<Me, ClientError> {
        self.get("v1/me", true).await
    }

    /// Publishes a listing for the token's organisation and returns its id. A draft with a
    /// `workspace_id` this organisation has published before updates that listing instead.
    pub async fn publish(&self, draft: &ListingDraft) -> Result<ListingId, ClientError> {
        Ok(self.publish_listing(draft).await?.id)
    }

    /// As [`Client::publish`], returning the listing as the server now shows it.
    pub async fn publish_listing(&self, draft: &ListingDraft) -> Result<Listing, ClientError> {
        let draft = draft.clone().normalised()?;
        self.with_body(Method::POST, "v1/listings", &draft).await
    }

    /// Replaces the content of one of the organisation's listings.
    pub async fn update(
        &self,
        id: ListingId,
        draft: &ListingDraft,
    ) -> Result<Listing, ClientError> {
        let draft = draft.clone().normalised()?;
        self.with_body(Method::PUT, &format!("v1/listings/{id}"), &draft)
            .await
    }

    pub async fn listing(&self, id: ListingId) -> Result<Listing, ClientError> {
        self.get(&format!("v1/listings/{id}"), false).await
    }

    /// Searches the directory.
    pub async fn search(&self, query: &SearchQuery) -> Result<SearchResults, ClientError> {
        self.json(
            self.request(Method::GET, "v1/listings", false)?
                .query(query),
        )
        .await
    }

    /// Listings like this one (shared tags and problem words), best first.
    pub async fn similar(&self, id: ListingId) -> Result<Vec<SimilarListing>, ClientError> {
        self.get(&format!("v1/listings/{id}/similar"), false).await
    }

    /// Posts a status update on one of the organisation's listings.
    pub async fn post_update(
        &self,
        id: ListingId,
        text: &str,
    ) -> Result<StatusUpdate, ClientError> {
        self.with_body(
            Method::POST,
            &format!("v1/listings/{id}/updates"),
            &StatusUpdateDraft {
                text: text.to_string(),
            },
        )
        .await
    }

    /// A listing's status updates, newest first.
    pub async fn updates(&self, id: ListingId) -> Result<Vec<StatusUpdate>, ClientError> {
        self.get(&format!("v1/listings/{id}/updates"), false).await
    }

    /// Watches a listing: its status updates come to the feed.
    pub async fn watch(&self, id: ListingId) -> Result<(), ClientError> {
        self.no_content(Method::PUT, &format!("v1/listings/{id}/watch"))
            .await
    }

    pub async fn unwatch(&self, id: ListingId) -> Result<(), ClientError> {
        self.no_content(Method::DELETE, &format!("v1/listings/{id}/watch"))
            .await
    }

    /// Subscribes to a tag: other organisations' new listings with it come to the feed.
    pub async fn subscribe(&self, tag: &str) -> Result<(), ClientError> {
        self.no_content(Method::PUT, &format!("v1/subscriptions/{}", segment(tag)))
            .await
    }

    pub async fn unsubscribe(&self, tag: &str) -> Result<(), ClientError> {
        self.no_content(
            Method::DELETE,
            &format!("v1/subscriptions/{}", segment(tag)),
        )
        .await
    }

    /// The tags subscribed to and the listings watched.
    pub async fn subscriptions(&self) -> Result<Subscriptions, ClientError> {
        self.get("v1/subscriptions", true).await
    }

    /// What is new since the feed was last marked seen (call [`Client::feed_seen`] after showing it).
    pub async fn feed(&self) -> Result<Feed, ClientError> {
        self.get("v1/feed", true).await
    }

    /// Marks the feed seen up to `until` (a [`Feed`]'s `until`).
    pub async fn feed_seen(&self, until: i64) -> Result<(), ClientError> {
        self.send(
            self.request(Method::POST, "v1/feed/seen", true)?
                .json(&FeedSeen { until }),
        )
        .await
        .map(drop)
    }

    /// Asks for the token's organisation to join a project.
    pub async fn join(&self, id: ListingId, message: &str) -> Result<JoinRequest, ClientError> {
        self.with_body(
            Method::POST,
            &format!("v1/listings/{id}/join-requests"),
            &JoinRequestDraft {
                message: message.to_string(),
            },
        )
        .await
    }

    /// Requests to join one of the organisation's listings.
    pub async fn join_requests(&self, id: ListingId) -> Result<Vec<JoinRequest>, ClientError> {
        self.get(&format!("v1/listings/{id}/join-requests"), true)
            .await
    }

    /// Accepts a request to join (the lead organisation only): the requester becomes a partner.
    pub async fn accept(&self, request: Uuid) -> Result<JoinRequest, ClientError> {
        self.json(self.request(
            Method::POST,
            &format!("v1/join-requests/{request}/accept"),
            true,
        )?)
        .await
    }

    /// Declines a request to join (the lead organisation only).
    pub async fn decline(&self, request: Uuid) -> Result<JoinRequest, ClientError> {
        self.json(self.request(
            Method::POST,
            &format!("v1/join-requests/{request}/decline"),
            true,
        )?)
        .await
    }

    /// Listings of other organisations that name the token's organisation as taking part.
    pub async fn invitations(&self) -> Result<Vec<Invitation>, ClientError> {
        self.get("v1/invitations", true).await
    }

    /// Confirms that the token's organisation takes part in a listing that names it.
    pub async fn confirm(&self, invitation: Uuid) -> Result<Invitation, ClientError> {
        self.json(self.request(
            Method::POST,
            &format!("v1/invitations/{invitation}/confirm"),
            true,
        )?)
        .await
    }

    /// Declines: the listing stops naming the token's organisation.
    pub async fn decline_invitation(&self, invitation: Uuid) -> Result<Invitation, ClientError> {
        self.json(self.request(
            Method::POST,
            &format!("v1/invitations/{invitation}/decline"),
            true,
        )?)
        .await
    }

    /// Every project through the legacy Pipeline route, with Pipeline's field names.
    pub async fn legacy_projects(&self) -> Result<Vec<LegacyProject>, ClientError> {
        self.get("api/project", false).await
    }

    /// One project through the legacy route, by its number.
    pub async fn legacy_project(&self, number: i64) -> Result<LegacyProject, ClientError> {
        self.get(&format!("api/project/{number}"), false).await
    }
}

/// Whether the address is this computer (`localhost`, `127.0.0.0/8`, `::1`), where plain
/// HTTP never crosses a network.
fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(name)) => {
            let name = name.trim_end_matches('.').to_ascii_lowercase();
            name == "localhost" || name.ends_with(".localhost")
        }
        None => false,
    }
}

/// A tag as one path segment: anything but letters, digits, `-`, `_` and `.` is escaped.
fn segment(text: &str) -> String {
    let mut out = String::new();
    for byte in text.trim().bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_server_address_must_be_http_or_https() {
        assert_eq!(Client::new("", None).unwrap_err().code(), "bad_url");
        assert_eq!(
            Client::new("ftp://example.org", None).unwrap_err().code(),
            "bad_url"
        );
        let client = Client::new("https://pipeline.example.gov.uk/directory", None).unwrap();
        assert_eq!(
            client.url("v1/listings").unwrap().as_str(),
            "https://pipeline.example.gov.uk/directory/v1/listings"
        );
    }

    #[test]
    fn a_token_goes_only_over_https_or_to_this_computer() {
        let token = || Some("pl_secret".to_string());
        let refused = Client::new("http://pipeline.example.gov.uk/", token()).unwrap_err();
        assert_eq!(refused.code(), "bad_url");
        assert!(refused.to_string().contains("https://"), "{refused}");
        assert_eq!(
            Client::new("http://192.168.1.20:8080/", token())
                .unwrap_err()
                .code(),
            "bad_url"
        );
        for fine in [
            "https://pipeline.example.gov.uk/",
            "http://127.0.0.1:8080/",
            "http://127.8.0.1/",
            "http://[::1]:8080/",
            "http://localhost:8080/",
        ] {
            assert!(Client::new(fine, token()).is_ok(), "{fine}");
        }
        // Reading needs no token, so plain HTTP anywhere is allowed without one.
        assert!(Client::new("http://pipeline.example.gov.uk/", None).is_ok());
    }

    #[test]
    fn tags_are_escaped_as_one_path_segment() {
        assert_eq!(segment("social care/adults"), "social%20care%2Fadults");
        assert_eq!(segment("ai"), "ai");
    }

    #[test]
    fn debug_output_never_shows_the_token() {
        let client = Client::new(
            "https://pipeline.example.gov.uk/",
            Some("pl_0123456789abcdef".into()),
        )
        .unwrap();
        let shown = format!("{client:?}");
        assert!(
            !shown.contains("pl_0123456789abcdef") && shown.contains("[hidden]"),
            "{shown}"
        );
    }

    #[test]
    fn the_bundled_roots_are_always_trusted() {
        assert!(trusted_roots().len() >= webpki_roots::TLS_SERVER_ROOTS.len());
    }
}
