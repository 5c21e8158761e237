//! A real Pipeline server for tests: the `pipeline` crate's server on `127.0.0.1:0` over a
//! fresh SQLite file, with accounts made as `pipeline admin` makes them, and a way to look
//! straight into its database for what the API would never show.
//!
//! Its own crate, apart from `accord-fixtures`, so that the crates whose tests need no server
//! (the domain, the store, the documents, the formats, the PDFs) build without it.
//!
//! [`proxy::FaultyProxy`] sits between a client and the server to cut connections where a
//! network would.

pub mod proxy;

use chrono::Utc;
use pipeline::{AppState, Clock, Store};
use pipeline_protocol::OrganisationKind;
use tokio::sync::oneshot;

/// A Pipeline server for one test, stopped when dropped.
pub struct Directory {
    runtime: tokio::runtime::Runtime,
    pub url: String,
    store: Store,
    db: std::path::PathBuf,
    stop: Option<oneshot::Sender<()>>,
    done: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
    _dir: tempfile::TempDir,
}

/// An organisation's user: their token, and the id of that token (to revoke it).
pub struct Account {
    pub token: String,
    pub token_id: uuid::Uuid,
}

impl Directory {
    pub fn start() -> Directory {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("pipeline.sqlite3");
        let (url, store, stop, done) = runtime.block_on(async {
            let store = Store::open(db.to_str().unwrap(), Utc::now()).await.unwrap();
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let address = listener.local_addr().unwrap();
            let (stop, stopped) = oneshot::channel::<()>();
            let done = tokio::spawn(pipeline::serve(
                listener,
                AppState::new(store.clone(), Clock::System),
                async {
                    let _ = stopped.await;
                },
            ));
            (format!("http://{address}/"), store, stop, done)
        });
        Directory {
            runtime,
            url,
            store,
            db,
            stop: Some(stop),
            done: Some(done),
            _dir: dir,
        }
    }

    pub fn account(&self, organisation: &str, gss_code: &str) -> Account {
        self.runtime.block_on(async {
            let org = self
                .store
                .create_organisation(
                    organisation,
                    OrganisationKind::District,
                    Some(gss_code),
                    Utc::now(),
                )
                .await
                .unwrap();
            let user = self
                .store
                .create_user(org.id, "Test Officer", "officer@example.gov.uk", Utc::now())
                .await
                .unwrap();
            let (token_id, token) = self
                .store
                .create_token(user, "laptop", Utc::now())
                .await
                .unwrap();
            Account { token, token_id }
        })
    }

    pub fn revoke(&self, account: &Account) {
        self.runtime
            .block_on(self.store.revoke_token(account.token_id, Utc::now()))
            .unwrap();
    }

    /// Stops the server and waits until it has: its port no longer answers.
    pub fn stop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(done) = self.done.take() {
            self.runtime.block_on(done).unwrap().unwrap();
        }
    }

    pub fn listings(&self) -> i64 {
        self.count("SELECT count(*) FROM listings")
    }

    pub fn count(&self, sql: &str) -> i64 {
        rusqlite::Connection::open(&self.db)
            .unwrap()
            .query_row(sql, [], |r| r.get(0))
            .unwrap()
    }

    /// Whether `word` is anywhere in the server's database, in any text column of any table.
    pub fn holds(&self, word: &str) -> bool {
        let conn = rusqlite::Connection::open(&self.db).unwrap();
        let tables: Vec<String> = conn
            .prepare(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
            )
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert!(tables.iter().any(|t| t == "listings"), "{tables:?}");
        tables.iter().any(|table| {
            let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\"")).unwrap();
            let columns = stmt.column_count();
            let mut rows = stmt.query([]).unwrap();
            let mut found = false;
            while let Some(row) = rows.next().unwrap() {
                for i in 0..columns {
                    let text = match row.get_ref(i).unwrap() {
                        rusqlite::types::ValueRef::Text(t) | rusqlite::types::ValueRef::Blob(t) => {
                            String::from_utf8_lossy(t).to_lowercase()
                        }
                        _ => continue,
                    };
                    found |= text.contains(word);
                }
            }
            found
        })
    }
}

impl Drop for Directory {
    fn drop(&mut self) {
        self.stop();
    }
}
