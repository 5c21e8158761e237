//! The workspace's side of a Pipeline server, for the `accord` command line and the
//! desktop app alike: what a listing may hold ([`listing`]), publishing or updating it and
//! keeping its id in the workspace ([`publish`]), status updates on it ([`status`]), which server and token to use
//! ([`server`]), the directory ([`directory`]), and sync between councils ([`sync`]).
//!
//! *Invariants:* a listing is built from the workspace's public parts only; the server's
//! address and token live in the per-user settings, never in a workspace; nothing is sent
//! until a server is set; a token is never printed, logged or shown by `Debug`.

pub mod directory;
mod error;
pub mod listing;
pub mod publish;
pub mod server;
pub mod status;
pub mod sync;

pub use directory::{Search, listing_id, request_id};
pub use error::{PipelineError, Result};
pub use listing::{PublicParts, draft, preview};
pub use pipeline_protocol as protocol;
pub use publish::{Outcome, Plan, Published};
pub use server::{Connection, Server, TOKEN_ENV, TokenSource};
