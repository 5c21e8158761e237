//! The Pipeline server: a public directory of projects that councils run together.
//!
//! Anyone may read and search the directory; an organisation's users, with a token, publish
//! and update its listings, post status updates, watch listings, subscribe to tags, read a
//! feed of what is new, and ask to join other organisations' projects. The same server runs
//! on an SQLite file or on PostgreSQL.
//!
//! Map: `http` (routes, extractors, the OpenAPI document) calls `store` (all SQL, a file for
//! each thing it keeps), which uses `words` (search words) and `places` (nation and region
//! from ONS codes). `token` makes and hashes API tokens; `digest` is the hexadecimal and
//! SHA-256 both tokens and the migrations' checksums use; `clock` says what time it is.

pub mod clock;
mod digest;
mod error;
pub mod http;
mod places;
pub mod store;
pub mod token;
mod words;

pub use clock::Clock;
pub use error::Error;
pub use http::{AppState, BODY_LIMIT, Limits, router, routes, serve};
pub use store::{Actor, Store};
