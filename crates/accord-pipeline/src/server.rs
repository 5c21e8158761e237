//! Which Pipeline server to talk to, with which token, and the connection to it.
//!
//! The address and token live in the per-user settings (`accord-settings`), never in a
//! workspace, which is a shared file. The token may instead come from the environment
//! variable `ACCORD_PIPELINE_TOKEN`. Nothing is sent until a server is set.

use accord_settings::{PipelineServer, Settings, Token};
use pipeline_client::BlockingClient;

use crate::error::{PipelineError, Result};

/// The environment variable a token may come from (it wins over the settings file).
pub const TOKEN_ENV: &str = "ACCORD_PIPELINE_TOKEN";

/// Where the token in use came from: said to the user, the token itself never is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenSource {
    Settings,
    Environment,
    None,
}

/// A server to talk to, and the token to act with there.
#[derive(Debug, Clone)]
pub struct Server {
    pub url: String,
    token: Option<Token>,
    pub token_source: TokenSource,
}

impl Server {
    /// The server set in `settings`, or `url` instead when given (for one command). The
    /// stored token goes only to the server it was stored for; `ACCORD_PIPELINE_TOKEN`,
    /// set by the user for this process, goes to whichever server is used.
    pub fn choose(settings: &Settings, url: Option<&str>) -> Result<Server> {
        let stored = settings.pipeline.as_ref();
        let url = match (url.map(str::trim).filter(|u| !u.is_empty()), stored) {
            (Some(url), _) => url.to_string(),
            (None, Some(s)) => s.url.clone(),
            (None, None) => return Err(PipelineError::NoServer),
        };
        let from_env = std::env::var(TOKEN_ENV).ok().and_then(|t| Token::new(&t));
        let from_settings = stored
            .filter(|s| same_server(&s.url, &url))
            .and_then(|s| s.token.clone());
        let (token, token_source) = match (from_env, from_settings) {
            (Some(t), _) => (Some(t), TokenSource::Environment),
            (None, Some(t)) => (Some(t), TokenSource::Settings),
            (None, None) => (None, TokenSource::None),
        };
        Ok(Server {
            url,
            token,
            token_source,
        })
    }

    pub fn has_token(&self) -> bool {
        self.token.is_some()
    }

    /// A connection to the server. Sends nothing.
    pub fn connect(&self) -> Result<Connection> {
        let client = BlockingClient::new(
            &self.url,
            self.token.as_ref().map(|t| t.expose().to_string()),
        )?;
        Ok(Connection {
            client,
            url: self.url.clone(),
        })
    }
}

/// Whether two addresses name the same server (ignoring a trailing slash and case of the host).
pub(crate) fn same_server(a: &str, b: &str) -> bool {
    let norm = |u: &str| u.trim().trim_end_matches('/').to_ascii_lowercase();
    norm(a) == norm(b)
}

/// Sets the server in `settings` (not yet saved). A token given replaces the stored one;
/// without one, the stored token is kept only if the address is the same server, since a
/// token belongs to one server. Checks the address is one, and sends nothing.
pub fn set(settings: &mut Settings, url: &str, token: Option<Token>) -> Result<()> {
    let url = url.trim();
    if url.is_empty() {
        return Err(PipelineError::BadUrl {
            url: String::new(),
            reason: "it is empty".into(),
        });
    }
    // Making a client checks the address without sending anything.
    pipeline_client::Client::new(url, None)?;
    let kept = settings
        .pipeline
        .as_ref()
        .filter(|s| same_server(&s.url, url))
        .and_then(|s| s.token.clone());
    settings.pipeline = Some(PipelineServer {
        url: url.to_string(),
        token: token.or(kept),
    });
    Ok(())
}

/// Forgets the server and its token (not yet saved).
pub fn forget(settings: &mut Settings) -> bool {
    settings.pipeline.take().is_some()
}

/// An open line to one Pipeline server (the `BlockingClient` owns a small runtime: use it
/// from a plain thread, never from inside an async task).
#[derive(Debug)]
pub struct Connection {
    pub(crate) client: BlockingClient,
    pub url: String,
}
