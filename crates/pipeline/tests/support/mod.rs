//! A real server on a loopback port, on a fresh SQLite file or a fresh PostgreSQL schema, with accounts and real clients.

use std::sync::{Arc, Mutex, OnceLock};

use chrono::{DateTime, Utc};
use pipeline::{AppState, Clock, Store};
use pipeline_client::Client;
use pipeline_protocol::{
    CollaborationLevel, ListingDraft, OrganisationKind, OrganisationSummary, Phase,
};
use sqlx::Connection;
use tokio::sync::oneshot;
use uuid::Uuid;

/// Runs a scenario `async fn name(db: Db)` once on SQLite and once on PostgreSQL.
macro_rules! on_both {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$name(crate::support::Db::Sqlite).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                super::$name(crate::support::Db::Postgres).await
            }
        }
    )*};
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Db {
    Sqlite,
    Postgres,
}

/// The PostgreSQL the tests use. Missing is a failure, never a skip.
pub fn postgres_url() -> String {
    std::env::var("PIPELINE_TEST_POSTGRES_URL").unwrap_or_else(|_| {
        panic!(
            "PIPELINE_TEST_POSTGRES_URL is not set, so the PostgreSQL half of the tests cannot run. \
             Run `eval \"$(scripts/postgres-for-tests.sh)\"` from the repository root first."
        )
    })
}

/// A fresh, empty schema in the test database, and a URL whose connections use it.
pub async fn postgres_schema() -> String {
    let url = postgres_url();
    let schema = format!("pipeline_t_{}", Uuid::now_v7().simple());
    let mut conn = sqlx::PgConnection::connect(&url)
        .await
        .expect("connecting to the test PostgreSQL");
    // Schemas left by earlier runs (over an hour old, by their v7 ids) are dropped.
    let old: Vec<String> = sqlx::query_scalar(
        "SELECT nspname::text FROM pg_namespace WHERE nspname LIKE 'pipeline_t_%'",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    for name in old {
        let stale = Uuid::parse_str(name.trim_start_matches("pipeline_t_"))
            .ok()
            .and_then(|id| id.get_timestamp())
            .is_some_and(|ts| ts.to_unix().0 + 3600 < Utc::now().timestamp() as u64);
        if stale {
            let _ = sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
                "DROP SCHEMA IF EXISTS {name} CASCADE"
            )))
            .execute(&mut conn)
            .await;
        }
    }
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}")))
        .execute(&mut conn)
        .await
        .unwrap();
    let separator = if url.contains('?') { '&' } else { '?' };
    format!("{url}{separator}options=-c%20search_path%3D{schema}")
}

/// A database for one test: its `--db` value, and the folder that holds an SQLite file.
pub async fn database(db: Db) -> (String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let url = match db {
        Db::Sqlite => dir.path().join("pipeline.sqlite3").display().to_string(),
        Db::Postgres => postgres_schema().await,
    };
    (url, dir)
}

pub fn start_time() -> DateTime<Utc> {
    "2026-11-26T09:00:00Z".parse().unwrap()
}

/// A server running on `127.0.0.1:0` for one test.
pub struct TestServer {
    pub url: String,
    /// The `--db` value: the SQLite file, or a PostgreSQL URL with its own schema.
    pub db: String,
    pub kind: Db,
    pub store: Store,
    pub state: AppState,
    stop: Option<oneshot::Sender<()>>,
    done: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
    pub dir: tempfile::TempDir,
}

/// A user with a token, and a client acting for them.
pub struct Account {
    pub organisation: OrganisationSummary,
    pub user: Uuid,
    pub token_id: Uuid,
    pub token: String,
    pub client: Client,
}

impl TestServer {
    pub async fn start(db: Db) -> TestServer {
        TestServer::start_with(db, pipeline::Limits::default()).await
    }

    /// A server holding clients to `limits`.
    pub async fn start_with(db: Db, limits: pipeline::Limits) -> TestServer {
        logs();
        let (url, dir) = database(db).await;
        let store = Store::open(&url, start_time())
            .await
            .expect("opening the test database");
        let state = AppState::new(store.clone(), Clock::Fixed(Mutex::new(start_time())))
            .with_limits(limits);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let (stop, stopped) = oneshot::channel::<()>();
        let done = tokio::spawn(pipeline::serve(listener, state.clone(), async {
            let _ = stopped.await;
        }));
        TestServer {
            url: format!("http://{address}/"),
            db: url,
            kind: db,
            store,
            state,
            stop: Some(stop),
            done: Some(done),
            dir,
        }
    }

    /// Stops the server gracefully, waits until it has, and hands back its folder.
    pub async fn stop(mut self) -> tempfile::TempDir {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(done) = self.done.take() {
            done.await.unwrap().unwrap();
        }
        std::mem::replace(&mut self.dir, tempfile::tempdir().unwrap())
    }

    /// Runs a query that returns one number, straight on the database (for checking what
    /// the API cannot show).
    pub async fn scalar(&self, sql: &str) -> i64 {
        match self.kind {
            Db::Sqlite => rusqlite::Connection::open(&self.db)
                .unwrap()
                .query_row(sql, [], |r| r.get(0))
                .unwrap(),
            Db::Postgres => {
                let mut conn = sqlx::PgConnection::connect(&self.db).await.unwrap();
                sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql.to_string()))
                    .fetch_one(&mut conn)
                    .await
                    .unwrap()
            }
        }
    }

    /// Runs statements straight on the database (for filling it past a limit quickly).
    pub async fn exec(&self, sql: &str) {
        match self.kind {
            Db::Sqlite => rusqlite::Connection::open(&self.db)
                .unwrap()
                .execute_batch(sql)
                .unwrap(),
            Db::Postgres => {
                let mut conn = sqlx::PgConnection::connect(&self.db).await.unwrap();
                sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_string()))
                    .execute(&mut conn)
                    .await
                    .unwrap();
            }
        }
    }

    /// The server's address, as `host:port`.
    pub fn address(&self) -> String {
        self.url
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_string()
    }

    /// Moves the server's clock on by some minutes.
    pub fn later(&self, minutes: i64) {
        self.state.clock.advance(chrono::Duration::minutes(minutes));
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.state.clock.now()
    }

    /// A client with no token.
    pub fn anonymous(&self) -> Client {
        Client::new(&self.url, None).unwrap()
    }

    /// A new organisation (with a real council's ONS code, or none) with one user and a token.
    pub async fn account(&self, organisation: &str, gss_code: Option<&str>) -> Account {
        let org = self
            .store
            .create_organisation(
                organisation,
                OrganisationKind::District,
                gss_code,
                self.now(),
            )
            .await
            .unwrap();
        self.user_of(&org).await
    }

    /// Another user, with their own token, in an existing organisation.
    pub async fn user_of(&self, organisation: &OrganisationSummary) -> Account {
        let user = self
            .store
            .create_user(
                organisation.id,
                "Test Officer",
                "officer@example.gov.uk",
                self.now(),
            )
            .await
            .unwrap();
        let (token_id, token) = self
            .store
            .create_token(user, "test", self.now())
            .await
            .unwrap();
        let client = Client::new(&self.url, Some(token.clone())).unwrap();
        Account {
            organisation: organisation.clone(),
            user,
            token_id,
            token,
            client,
        }
    }

    /// An HTTP client for requests the real client would never send.
    pub fn raw(&self) -> reqwest::Client {
        static PROVIDER: OnceLock<()> = OnceLock::new();
        PROVIDER.get_or_init(|| {
            let _ = rustls::crypto::ring::default_provider().install_default();
        });
        reqwest::Client::new()
    }

    pub fn at(&self, path: &str) -> String {
        format!("{}{}", self.url, path.trim_start_matches('/'))
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// A listing draft with the fields search looks at.
pub fn draft(title: &str, problem: &str, tags: &[&str], phase: Phase) -> ListingDraft {
    let mut draft = ListingDraft::new(title, phase, CollaborationLevel::OpenToConversation);
    draft.problem = problem.to_string();
    draft.tags = tags.iter().map(|t| t.to_string()).collect();
    draft
}

/// Everything logged by every server in this test binary, at debug level and above.
pub fn logs() -> Arc<Mutex<Vec<u8>>> {
    static LOGS: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    LOGS.get_or_init(|| {
        let buffer = Arc::new(Mutex::new(Vec::new()));
        let writer = Arc::clone(&buffer);
        let subscriber = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new("debug"))
            .with_ansi(false)
            .with_writer(move || LogWriter(Arc::clone(&writer)))
            .finish();
        tracing::subscriber::set_global_default(subscriber)
            .expect("one log subscriber for the test binary");
        buffer
    })
    .clone()
}

struct LogWriter(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for LogWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Runs the `pipeline` binary on `db` with `args` (admin commands), expecting success;
/// returns what it printed.
pub fn pipeline(db: &str, args: &[&str]) -> String {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_pipeline"))
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "pipeline {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// The first tab-separated field of an admin command's line: the id it made.
pub fn first_field(line: &str) -> String {
    line.split('\t').next().unwrap().trim().to_string()
}
