//! The two databases behind one small interface: run a statement, run several in one transaction.
//!
//! SQLite goes through `rusqlite` (the same driver the workspace file uses, so the two never
//! pull in clashing copies of SQLite) on blocking threads; PostgreSQL through `sqlx`.
//! Statements are written once with `$1`-style placeholders; for SQLite they become `?1`.

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::{Arc, Mutex};

use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::{Column, Row as _, TypeInfo};
use tokio::sync::Semaphore;

use crate::Error;
use crate::digest::sha256;

/// A value bound to, or read from, a statement.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A missing text value (every nullable column in the schema is text).
    Null,
    Int(i64),
    Text(String),
    Bool(bool),
}

impl From<i64> for Value {
    fn from(v: i64) -> Value {
        Value::Int(v)
    }
}
impl From<bool> for Value {
    fn from(v: bool) -> Value {
        Value::Bool(v)
    }
}
impl From<String> for Value {
    fn from(v: String) -> Value {
        Value::Text(v)
    }
}
impl From<&str> for Value {
    fn from(v: &str) -> Value {
        Value::Text(v.to_string())
    }
}
impl From<&String> for Value {
    fn from(v: &String) -> Value {
        Value::Text(v.clone())
    }
}
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Value {
        v.map_or(Value::Null, Into::into)
    }
}

impl rusqlite::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef};
        Ok(match self {
            Value::Null => ToSqlOutput::Borrowed(ValueRef::Null),
            Value::Int(i) => ToSqlOutput::Borrowed(ValueRef::Integer(*i)),
            Value::Text(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
            Value::Bool(b) => ToSqlOutput::Borrowed(ValueRef::Integer(i64::from(*b))),
        })
    }
}

/// One row of a result, read by column name.
#[derive(Debug, Clone)]
pub struct Row {
    columns: Arc<[String]>,
    values: Vec<Value>,
}

impl Row {
    fn value(&self, column: &str) -> Result<&Value, Error> {
        let at = self
            .columns
            .iter()
            .position(|c| c == column)
            .ok_or_else(|| Error::Database(format!("the query has no column '{column}'")))?;
        Ok(&self.values[at])
    }

    pub fn text(&self, column: &str) -> Result<String, Error> {
        match self.value(column)? {
            Value::Text(s) => Ok(s.clone()),
            other => Err(Error::Database(format!(
                "column '{column}' is {other:?}, not text"
            ))),
        }
    }

    pub fn opt_text(&self, column: &str) -> Result<Option<String>, Error> {
        match self.value(column)? {
            Value::Null => Ok(None),
            _ => self.text(column).map(Some),
        }
    }

    pub fn int(&self, column: &str) -> Result<i64, Error> {
        match self.value(column)? {
            Value::Int(i) => Ok(*i),
            other => Err(Error::Database(format!(
                "column '{column}' is {other:?}, not a number"
            ))),
        }
    }

    pub fn opt_int(&self, column: &str) -> Result<Option<i64>, Error> {
        match self.value(column)? {
            Value::Null => Ok(None),
            _ => self.int(column).map(Some),
        }
    }

    /// SQLite keeps booleans as 0 and 1; PostgreSQL as booleans.
    pub fn bool(&self, column: &str) -> Result<bool, Error> {
        match self.value(column)? {
            Value::Bool(b) => Ok(*b),
            Value::Int(i) => Ok(*i != 0),
            other => Err(Error::Database(format!(
                "column '{column}' is {other:?}, not true or false"
            ))),
        }
    }
}

/// A statement and the values for its placeholders.
#[derive(Debug, Clone)]
pub struct Statement {
    pub sql: Cow<'static, str>,
    pub params: Vec<Value>,
}

impl Statement {
    pub fn new(sql: impl Into<Cow<'static, str>>, params: Vec<Value>) -> Statement {
        Statement {
            sql: sql.into(),
            params,
        }
    }
}

/// A numbered schema change. Once released, a migration's text never changes: the store
/// keeps each one's SHA-256 and refuses to open a database whose history differs.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    pub version: i64,
    pub name: &'static str,
    pub sql: &'static str,
}

impl Migration {
    fn checksum(&self) -> String {
        sha256(self.sql)
    }
}

/// The database a store runs on.
#[derive(Debug, Clone)]
pub enum Backend {
    Sqlite(Arc<SqlitePool>),
    Postgres(PgPool),
}

/// A handful of SQLite connections to one file, each used on a blocking thread.
#[derive(Debug)]
pub struct SqlitePool {
    path: PathBuf,
    idle: Mutex<Vec<rusqlite::Connection>>,
    permits: Arc<Semaphore>,
}

const SQLITE_CONNECTIONS: usize = 4;

impl SqlitePool {
    fn open_connection(path: &Path) -> Result<rusqlite::Connection, Error> {
        let conn = rusqlite::Connection::open(path).map_err(|e| sqlite_error(e, path))?;
        // WAL lets readers run while a write commits; the busy timeout makes writers queue
        // instead of failing when two arrive together. Memory-mapped reads and a 64 MiB page
        // cache per connection keep a directory of 50,000 listings (about 170 MB) in memory.
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; \
             PRAGMA mmap_size = 1073741824; PRAGMA cache_size = -65536;",
        )
        .map_err(|e| sqlite_error(e, path))?;
        conn.set_prepared_statement_cache_capacity(64);
        Ok(conn)
    }

    async fn with<T, F>(self: &Arc<Self>, f: F) -> Result<T, Error>
    where
        T: Send + 'static,
        F: FnOnce(&mut rusqlite::Connection) -> Result<T, Error> + Send + 'static,
    {
        let permit = self
            .permits
            .clone()
            .acquire_owned()
            .await
            .map_err(|e| Error::Database(e.to_string()))?;
        let pool = Arc::clone(self);
        tokio::task::spawn_blocking(move || {
            let idle = pool
                .idle
                .lock()
                .map_err(|_| Error::Database("the SQLite pool was poisoned".into()))?
                .pop();
            let mut conn = match idle {
                Some(conn) => conn,
                None => SqlitePool::open_connection(&pool.path)?,
            };
            let result = f(&mut conn);
            if let Ok(mut idle) = pool.idle.lock() {
                idle.push(conn);
            }
            drop(permit);
            result
        })
        .await
        .map_err(|e| Error::Database(format!("a database task failed: {e}")))?
    }
}

fn sqlite_error(e: rusqlite::Error, path: &Path) -> Error {
    Error::Database(format!("SQLite ({}): {e}", path.display()))
}

fn sqlite_sql(sql: &str) -> String {
    sql.replace('$', "?")
}

fn sqlite_query(conn: &rusqlite::Connection, statement: &Statement) -> rusqlite::Result<Vec<Row>> {
    let mut stmt = conn.prepare_cached(&sqlite_sql(&statement.sql))?;
    let columns: Arc<[String]> = stmt.column_names().into_iter().map(String::from).collect();
    let width = columns.len();
    let mut rows = stmt.query(rusqlite::params_from_iter(statement.params.iter()))?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let mut values = Vec::with_capacity(width);
        for i in 0..width {
            use rusqlite::types::ValueRef;
            values.push(match row.get_ref(i)? {
                ValueRef::Null => Value::Null,
                ValueRef::Integer(n) => Value::Int(n),
                ValueRef::Real(f) => Value::Int(f as i64),
                ValueRef::Text(t) | ValueRef::Blob(t) => {
                    Value::Text(String::from_utf8_lossy(t).into_owned())
                }
            });
        }
        out.push(Row {
            columns: Arc::clone(&columns),
            values,
        });
    }
    Ok(out)
}

fn sqlite_execute(conn: &rusqlite::Connection, statement: &Statement) -> rusqlite::Result<u64> {
    let mut stmt = conn.prepare_cached(&sqlite_sql(&statement.sql))?;
    stmt.execute(rusqlite::params_from_iter(statement.params.iter()))
        .map(|n| n as u64)
}

fn pg_query(
    sql: &str,
    params: Vec<Value>,
) -> sqlx::query::Query<'static, sqlx::Postgres, sqlx::postgres::PgArguments> {
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql.to_string()));
    for value in params {
        query = match value {
            Value::Null => query.bind(None::<String>),
            Value::Int(i) => query.bind(i),
            Value::Text(s) => query.bind(s),
            Value::Bool(b) => query.bind(b),
        };
    }
    query
}

fn pg_row(row: &sqlx::postgres::PgRow, columns: &Arc<[String]>) -> Result<Row, Error> {
    let mut values = Vec::with_capacity(columns.len());
    for (i, column) in row.columns().iter().enumerate() {
        let value = match column.type_info().name() {
            "INT8" => row.try_get::<Option<i64>, _>(i).map(|v| v.map(Value::Int)),
            "INT4" => row
                .try_get::<Option<i32>, _>(i)
                .map(|v| v.map(|n| Value::Int(n.into()))),
            "INT2" => row
                .try_get::<Option<i16>, _>(i)
                .map(|v| v.map(|n| Value::Int(n.into()))),
            "BOOL" => row
                .try_get::<Option<bool>, _>(i)
                .map(|v| v.map(Value::Bool)),
            _ => row
                .try_get::<Option<String>, _>(i)
                .map(|v| v.map(Value::Text)),
        }
        .map_err(pg_error)?;
        values.push(value.unwrap_or(Value::Null));
    }
    Ok(Row {
        columns: Arc::clone(columns),
        values,
    })
}

fn pg_error(e: sqlx::Error) -> Error {
    Error::Database(format!("PostgreSQL: {e}"))
}

impl Backend {
    /// Opens (creating if missing) an SQLite file.
    pub async fn sqlite(path: &Path) -> Result<Backend, Error> {
        let path = path.to_path_buf();
        let first = tokio::task::spawn_blocking({
            let path = path.clone();
            move || SqlitePool::open_connection(&path)
        })
        .await
        .map_err(|e| Error::Database(e.to_string()))??;
        Ok(Backend::Sqlite(Arc::new(SqlitePool {
            path,
            idle: Mutex::new(vec![first]),
            permits: Arc::new(Semaphore::new(SQLITE_CONNECTIONS)),
        })))
    }

    /// Connects to PostgreSQL at a `postgres://` URL.
    pub async fn postgres(url: &str, connections: u32) -> Result<Backend, Error> {
        // Every statement is written so that one plan suits every value (page bounds written
        // in, terms checked one listing at a time by scalar subqueries), so PostgreSQL plans
        // each once per connection rather than again on most runs: planning took 0.2 to 0.8 ms
        // a search, as long as running many of them.
        let options = PgConnectOptions::from_str(url)
            .map_err(pg_error)?
            .options([("plan_cache_mode", "force_generic_plan")]);
        let pool = PgPoolOptions::new()
            .max_connections(connections)
            .connect_with(options)
            .await
            .map_err(pg_error)?;
        Ok(Backend::Postgres(pool))
    }

    /// `sqlite` or `postgres`.
    pub fn name(&self) -> &'static str {
        match self {
            Backend::Sqlite(_) => "sqlite",
            Backend::Postgres(_) => "postgres",
        }
    }

    /// Runs a statement and returns its rows.
    pub async fn query(&self, statement: Statement) -> Result<Vec<Row>, Error> {
        match self {
            Backend::Sqlite(pool) => {
                let path = pool.path.clone();
                pool.with(move |conn| {
                    sqlite_query(conn, &statement).map_err(|e| sqlite_error(e, &path))
                })
                .await
            }
            Backend::Postgres(pool) => {
                let rows = pg_query(&statement.sql, statement.params)
                    .fetch_all(pool)
                    .await
                    .map_err(pg_error)?;
                let columns: Arc<[String]> = match rows.first() {
                    Some(row) => row.columns().iter().map(|c| c.name().to_string()).collect(),
                    None => return Ok(Vec::new()),
                };
                rows.iter().map(|row| pg_row(row, &columns)).collect()
            }
        }
    }

    /// Runs a statement and returns the first row, if any.
    pub async fn query_one(&self, statement: Statement) -> Result<Option<Row>, Error> {
        Ok(self.query(statement).await?.into_iter().next())
    }

    /// Runs statements in one transaction, all or none; returns how many rows each changed.
    pub async fn transaction(&self, statements: Vec<Statement>) -> Result<Vec<u64>, Error> {
        self.transaction_if(statements, None)
            .await
            .map(Option::unwrap_or_default)
    }

    /// As [`Backend::transaction`], but when the statement at `guard` changes no row, the
    /// whole transaction is rolled back and `None` returned: the statements after it happen
    /// only if it did (a state change that someone else's transaction got to first, say).
    pub async fn transaction_if(
        &self,
        statements: Vec<Statement>,
        guard: Option<usize>,
    ) -> Result<Option<Vec<u64>>, Error> {
        match self {
            Backend::Sqlite(pool) => {
                let path = pool.path.clone();
                pool.with(move |conn| {
                    let tx = conn
                        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                        .map_err(|e| sqlite_error(e, &path))?;
                    let mut counts = Vec::with_capacity(statements.len());
                    for (i, statement) in statements.iter().enumerate() {
                        let changed =
                            sqlite_execute(&tx, statement).map_err(|e| sqlite_error(e, &path))?;
                        if guard == Some(i) && changed == 0 {
                            // Dropping the transaction rolls it back.
                            return Ok(None);
                        }
                        counts.push(changed);
                    }
                    tx.commit().map_err(|e| sqlite_error(e, &path))?;
                    Ok(Some(counts))
                })
                .await
            }
            Backend::Postgres(pool) => {
                let mut tx = pool.begin().await.map_err(pg_error)?;
                let mut counts = Vec::with_capacity(statements.len());
                for (i, statement) in statements.into_iter().enumerate() {
                    let done = pg_query(&statement.sql, statement.params)
                        .execute(&mut *tx)
                        .await
                        .map_err(pg_error)?;
                    if guard == Some(i) && done.rows_affected() == 0 {
                        tx.rollback().await.map_err(pg_error)?;
                        return Ok(None);
                    }
                    counts.push(done.rows_affected());
                }
                tx.commit().await.map_err(pg_error)?;
                Ok(Some(counts))
            }
        }
    }

    /// Applies the migrations not yet applied, each in its own transaction, and refuses a
    /// database where an applied migration's text has since changed.
    pub async fn migrate(
        &self,
        migrations: &'static [Migration],
        now_ms: i64,
    ) -> Result<(), Error> {
        const LEDGER: &str = "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at BIGINT NOT NULL)";
        match self {
            Backend::Sqlite(pool) => {
                let path = pool.path.clone();
                pool.with(move |conn| {
                    let err = |e| sqlite_error(e, &path);
                    conn.execute_batch(LEDGER).map_err(err)?;
                    for migration in migrations {
                        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate).map_err(err)?;
                        let applied: Option<String> = tx
                            .query_row("SELECT checksum FROM schema_migrations WHERE version = ?1", [migration.version], |r| r.get(0))
                            .map(Some)
                            .or_else(|e| if e == rusqlite::Error::QueryReturnedNoRows { Ok(None) } else { Err(e) })
                            .map_err(err)?;
                        let fresh = applied.is_none();
                        check_or_apply(migration, applied)?;
                        if fresh {
                            tx.execute_batch(migration.sql).map_err(err)?;
                            tx.execute(
                                "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?1, ?2, ?3, ?4)",
                                rusqlite::params![migration.version, migration.name, migration.checksum(), now_ms],
                            )
                            .map_err(err)?;
                        }
                        tx.commit().map_err(err)?;
                    }
                    Ok(())
                })
                .await
            }
            Backend::Postgres(pool) => {
                let mut tx = pool.begin().await.map_err(pg_error)?;
                // Two servers starting together must not both apply the same migration.
                sqlx::query("SELECT pg_advisory_xact_lock(7340232)")
                    .execute(&mut *tx)
                    .await
                    .map_err(pg_error)?;
                sqlx::raw_sql(LEDGER)
                    .execute(&mut *tx)
                    .await
                    .map_err(pg_error)?;
                for migration in migrations {
                    let applied: Option<String> = sqlx::query_scalar(
                        "SELECT checksum FROM schema_migrations WHERE version = $1",
                    )
                    .bind(migration.version)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(pg_error)?;
                    let fresh = applied.is_none();
                    check_or_apply(migration, applied)?;
                    if fresh {
                        sqlx::raw_sql(sqlx::AssertSqlSafe(migration.sql))
                            .execute(&mut *tx)
                            .await
                            .map_err(pg_error)?;
                        sqlx::query("INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES ($1, $2, $3, $4)")
                            .bind(migration.version)
                            .bind(migration.name)
                            .bind(migration.checksum())
                            .bind(now_ms)
                            .execute(&mut *tx)
                            .await
                            .map_err(pg_error)?;
                    }
                }
                tx.commit().await.map_err(pg_error)?;
                Ok(())
            }
        }
    }
}

fn check_or_apply(migration: &Migration, applied: Option<String>) -> Result<(), Error> {
    match applied {
        Some(checksum) if checksum != migration.checksum() => Err(Error::MigrationChanged {
            version: migration.version,
            name: migration.name,
        }),
        _ => Ok(()),
    }
}
