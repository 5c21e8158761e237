//! The store: every SQL statement the server runs, on SQLite or PostgreSQL alike.
//!
//! No other module knows SQL. Statements are written once in the SQL both databases speak;
//! `backend` runs them. Writes that touch several tables run in one transaction. Every
//! transaction that records an event first takes a lock (SQLite's write lock; a PostgreSQL
//! advisory lock), so events commit in the order of their sequence numbers and a feed
//! reader that has seen event N can never later find an event below N appear.
//!
//! Each file is one `impl Store` for one thing the directory keeps: `accounts` (organisations,
//! users, tokens), `listings` (publishing, updating and reading listings; the one place a draft
//! becomes stored values), `index` (a listing's search terms), `search`, `similar`, `updates`
//! (status updates), `following` (watches and tag subscriptions), `feed` (events and the feed)
//! and `joining` (requests to join a project). This file opens the database and holds what
//! they all use: the row readers and the locked write.

mod backend;
mod sync;

use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use pipeline_protocol::OrganisationSummary;
use uuid::Uuid;

pub use backend::{Backend, Migration, Row, Statement, Value};
pub use sync::{SyncFailure, SyncSettings};

use crate::Error;

mod accounts;
mod feed;
mod following;
mod index;
mod joining;
mod listings;
mod partners;
mod search;
mod similar;
mod updates;

pub use search::start_from_rarest;
pub use similar::{SIMILAR_PER_TAG, SIMILAR_WORDS, common_word_limit};

const SQLITE_MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "directory",
        sql: include_str!("../../migrations/sqlite/0001_directory.sql"),
    },
    Migration {
        version: 2,
        name: "search_indexes",
        sql: include_str!("../../migrations/sqlite/0002_search_indexes.sql"),
    },
    Migration {
        version: 3,
        name: "terms_newest_first",
        sql: include_str!("../../migrations/sqlite/0003_terms_newest_first.sql"),
    },
    Migration {
        version: 4,
        name: "sync",
        sql: include_str!("../../migrations/sqlite/0004_sync.sql"),
    },
    Migration {
        version: 5,
        name: "partners",
        sql: include_str!("../../migrations/sqlite/0005_partners.sql"),
    },
];
const POSTGRES_MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "directory",
        sql: include_str!("../../migrations/postgres/0001_directory.sql"),
    },
    Migration {
        version: 2,
        name: "search_indexes",
        sql: include_str!("../../migrations/postgres/0002_search_indexes.sql"),
    },
    Migration {
        version: 3,
        name: "terms_newest_first",
        sql: include_str!("../../migrations/postgres/0003_terms_newest_first.sql"),
    },
    Migration {
        version: 4,
        name: "sync",
        sql: include_str!("../../migrations/postgres/0004_sync.sql"),
    },
    Migration {
        version: 5,
        name: "partners",
        sql: include_str!("../../migrations/postgres/0005_partners.sql"),
    },
];

/// The user a request acts for, and the organisation they act on behalf of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: Uuid,
    pub organisation: OrganisationSummary,
}

/// An account as `pipeline admin list` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenRecord {
    pub id: Uuid,
    pub label: String,
    pub user: String,
    pub organisation: String,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// The directory's database.
#[derive(Debug, Clone)]
pub struct Store {
    backend: Backend,
}

fn ms(at: DateTime<Utc>) -> i64 {
    at.timestamp_millis()
}

fn time(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

fn uuid(text: &str) -> Result<Uuid, Error> {
    Uuid::parse_str(text)
        .map_err(|e| Error::Database(format!("a stored id '{text}' is not a UUID: {e}")))
}

fn word<T: std::str::FromStr>(text: &str, what: &str) -> Result<T, Error> {
    text.parse().map_err(|_| {
        Error::Database(format!(
            "a stored {what} '{text}' is not one of the allowed words"
        ))
    })
}

fn date(text: Option<String>) -> Result<Option<NaiveDate>, Error> {
    text.map(|t| {
        t.parse()
            .map_err(|e| Error::Database(format!("a stored date '{t}': {e}")))
    })
    .transpose()
}

fn json<T: serde::de::DeserializeOwned>(text: &str, what: &str) -> Result<T, Error> {
    serde_json::from_str(text)
        .map_err(|e| Error::Database(format!("stored {what} are not valid: {e}")))
}

fn to_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".into())
}

fn s(sql: &'static str, params: Vec<Value>) -> Statement {
    Statement::new(sql, params)
}

/// `$first, $first+1, ...` for `count` values, for `IN (...)` lists.
fn placeholders(first: usize, count: usize) -> String {
    (first..first + count)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Store {
    /// Opens the database named by `db`, a `postgres://` URL or an SQLite file's path
    /// (created if missing), and brings its schema up to date.
    pub async fn open(db: &str, now: DateTime<Utc>) -> Result<Store, Error> {
        Store::open_with(db, 10, now).await
    }

    /// As [`Store::open`], with at most `connections` PostgreSQL connections.
    pub async fn open_with(db: &str, connections: u32, now: DateTime<Utc>) -> Result<Store, Error> {
        let (backend, migrations) =
            if db.starts_with("postgres://") || db.starts_with("postgresql://") {
                (
                    Backend::postgres(db, connections).await?,
                    POSTGRES_MIGRATIONS,
                )
            } else {
                let path = Path::new(db.strip_prefix("sqlite://").unwrap_or(db));
                (Backend::sqlite(path).await?, SQLITE_MIGRATIONS)
            };
        backend.migrate(migrations, ms(now)).await?;
        let store = Store { backend };
        store.record_partners_of_older_listings(now).await?;
        Ok(store)
    }

    /// `sqlite` or `postgres`.
    pub fn database(&self) -> &'static str {
        self.backend.name()
    }

    /// Whether the database answers.
    pub async fn ping(&self) -> Result<(), Error> {
        self.backend
            .query(s("SELECT 1 AS one", vec![]))
            .await
            .map(drop)
    }

    /// The lock that keeps events in commit order (SQLite's own write lock does it there).
    fn event_lock(&self) -> Option<Statement> {
        match self.backend {
            Backend::Postgres(_) => Some(s("SELECT pg_advisory_xact_lock(7340233)", vec![])),
            Backend::Sqlite(_) => None,
        }
    }

    /// Runs statements in one transaction, after the lock that keeps events in commit order;
    /// returns how many rows each changed.
    async fn write(&self, statements: Vec<Statement>) -> Result<Vec<u64>, Error> {
        self.write_if(statements, None)
            .await
            .map(Option::unwrap_or_default)
    }

    /// As [`Store::write`], rolled back (and `None`) when the statement at `guard` changes no row.
    async fn write_if(
        &self,
        statements: Vec<Statement>,
        guard: Option<usize>,
    ) -> Result<Option<Vec<u64>>, Error> {
        let lock = self.event_lock();
        let skip = usize::from(lock.is_some());
        let counts = self
            .backend
            .transaction_if(
                lock.into_iter().chain(statements).collect(),
                guard.map(|g| g + skip),
            )
            .await?;
        Ok(counts.map(|mut counts| counts.split_off(skip)))
    }
}
