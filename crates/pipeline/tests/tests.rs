//! The Pipeline server's integration tests: a real server on a loopback port, the real client,
//! a real SQLite file and a real PostgreSQL database (every scenario runs on both).
//!
//! PostgreSQL comes from `PIPELINE_TEST_POSTGRES_URL`; run `eval "$(scripts/postgres-for-tests.sh)"`
//! first. Without it the PostgreSQL tests fail, saying so.

#[macro_use]
mod support;

mod accounts;
mod api_document;
mod cli;
mod concurrency;
mod directory;
mod following;
mod fuzz;
mod legacy;
mod limits;
mod logs;
mod partners;
mod refusals;
mod sync;
mod sync_client;
mod sync_kill;
mod tls;
