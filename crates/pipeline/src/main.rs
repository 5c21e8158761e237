//! `pipeline`: the command line that serves the directory and administers its accounts.

mod seed;

use std::net::SocketAddr;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand, ValueEnum};
use pipeline::{AppState, Clock, Store};
use pipeline_protocol::OrganisationKind;
use tracing_subscriber::EnvFilter;
use uuid::Uuid;

/// The Pipeline server: a directory of projects that councils run together.
#[derive(Debug, Parser)]
#[command(name = "pipeline", version)]
struct Cli {
    /// The database: an SQLite file (created if missing) or a postgres:// URL.
    #[arg(
        long,
        global = true,
        env = "PIPELINE_DB",
        default_value = "pipeline.sqlite3"
    )]
    db: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the API until interrupted (Ctrl-C or SIGTERM), then finish requests in flight.
    Serve {
        /// The address to listen on.
        #[arg(long, env = "PIPELINE_LISTEN", default_value = "127.0.0.1:8080")]
        listen: SocketAddr,
        /// Log lines as text or as JSON objects.
        #[arg(long, value_enum, default_value_t = LogFormat::Text)]
        log_format: LogFormat,
        /// PostgreSQL connections to keep (ignored for SQLite).
        #[arg(long, default_value_t = 10)]
        connections: u32,
        /// The most operations one sync pull page holds (at least 1).
        #[arg(long, default_value_t = pipeline_protocol::sync::DEFAULT_PAGE_OPS, value_parser = clap::value_parser!(u32).range(1..))]
        sync_page_ops: u32,
        /// How many seconds ahead of this server's clock a syncing computer's clock may be;
        /// a push from one further ahead is refused with the server's time.
        #[arg(long, value_name = "SECONDS", default_value_t = pipeline_protocol::sync::DEFAULT_MAX_CLOCK_SKEW_SECONDS)]
        max_clock_skew: u32,
    },
    /// Create organisations, users and tokens; revoke tokens.
    Admin {
        #[command(subcommand)]
        command: Admin,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
enum Admin {
    /// Add an organisation (a council or partner) and print its id.
    CreateOrg {
        #[arg(long)]
        name: String,
        /// county, district, unitary, metropolitan, london_borough, ...
        #[arg(long)]
        kind: String,
        /// The ONS code, such as E07000223, which places its listings in a nation and region.
        #[arg(long)]
        gss_code: Option<String>,
    },
    /// Add a user who acts for an organisation and print their id.
    CreateUser {
        /// The organisation's id.
        #[arg(long)]
        org: Uuid,
        #[arg(long)]
        name: String,
        #[arg(long)]
        email: String,
    },
    /// Make an API token for a user. It is printed once and stored only as a hash.
    CreateToken {
        /// The user's id.
        #[arg(long)]
        user: Uuid,
        /// What the token is for, such as "Jo's laptop".
        #[arg(long, default_value = "")]
        label: String,
    },
    /// Revoke a token by its id (from list-tokens); it stops working at once.
    RevokeToken { id: Uuid },
    /// List tokens (ids, labels, users; never the tokens themselves).
    ListTokens,
    /// Fill the directory with synthetic listings, for benchmarks.
    Seed {
        #[arg(long, default_value_t = 50_000)]
        count: usize,
    },
}

fn main() -> Result<()> {
    let cli = Cli::parse();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(run(cli))
}

async fn run(cli: Cli) -> Result<()> {
    let clock = Clock::System;
    match cli.command {
        Command::Serve {
            listen,
            log_format,
            connections,
            sync_page_ops,
            max_clock_skew,
        } => {
            let filter = EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
            {
                // Logs go to standard error, coloured only when a person is watching.
                let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr());
                let logs = tracing_subscriber::fmt()
                    .with_env_filter(filter)
                    .with_writer(std::io::stderr);
                match log_format {
                    LogFormat::Text => logs.with_ansi(ansi).init(),
                    LogFormat::Json => logs.json().init(),
                }
            }
            let store = Store::open_with(&cli.db, connections, clock.now())
                .await
                .with_context(|| format!("opening {}", redact(&cli.db)))?;
            let listener = tokio::net::TcpListener::bind(listen)
                .await
                .with_context(|| format!("listening on {listen}"))?;
            let address = listener.local_addr()?;
            tracing::info!(%address, database = store.database(), "pipeline listening");
            let sync = pipeline::store::SyncSettings {
                page_ops: sync_page_ops,
                max_clock_skew: chrono::Duration::seconds(max_clock_skew.into()),
            };
            let state = AppState::new(store, clock).with_sync_settings(sync);
            pipeline::serve(listener, state, shutdown())
                .await
                .context("serving")?;
            tracing::info!("pipeline stopped");
            Ok(())
        }
        Command::Admin { command } => {
            let store = Store::open(&cli.db, clock.now())
                .await
                .with_context(|| format!("opening {}", redact(&cli.db)))?;
            admin(&store, &clock, command).await
        }
    }
}

async fn admin(store: &Store, clock: &Clock, command: Admin) -> Result<()> {
    match command {
        Admin::CreateOrg {
            name,
            kind,
            gss_code,
        } => {
            let kind: OrganisationKind = kind.parse().map_err(|e| anyhow::anyhow!("{e}"))?;
            let org = store
                .create_organisation(&name, kind, gss_code.as_deref(), clock.now())
                .await?;
            println!("{}\t{}", org.id, org.name);
        }
        Admin::CreateUser { org, name, email } => {
            if name.trim().is_empty() {
                bail!("The user's name cannot be empty.");
            }
            let id = store.create_user(org, &name, &email, clock.now()).await?;
            println!("{id}\t{}", name.trim());
        }
        Admin::CreateToken { user, label } => {
            let (id, token) = store.create_token(user, &label, clock.now()).await?;
            eprintln!(
                "Token {id} made. This is the only time it is shown; the server keeps only its hash:"
            );
            println!("{token}");
        }
        Admin::RevokeToken { id } => {
            store.revoke_token(id, clock.now()).await?;
            println!("Token {id} revoked.");
        }
        Admin::ListTokens => {
            for t in store.tokens().await? {
                let state = t.revoked_at.map_or("active".to_string(), |at| {
                    format!("revoked {}", at.format("%Y-%m-%d %H:%M"))
                });
                println!(
                    "{}\t{}\t{}\t{}\t{}",
                    t.id, t.organisation, t.user, t.label, state
                );
            }
        }
        Admin::Seed { count } => {
            let started = std::time::Instant::now();
            seed::seed(store, count, clock).await?;
            eprintln!(
                "Seeded {count} listings in {:.1} s.",
                started.elapsed().as_secs_f64()
            );
        }
    }
    Ok(())
}

/// A database URL without its password, for messages.
fn redact(db: &str) -> String {
    match (db.find("://"), db.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            format!("{}://…@{}", &db[..scheme], &db[at + 1..])
        }
        _ => db.to_string(),
    }
}

async fn shutdown() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
