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
        #[command(flatten)]
        limits: LimitArgs,
    },
    /// Create organisations, users and tokens; revoke tokens.
    Admin {
        #[command(subcommand)]
        command: Admin,
    },
}

/// What one client may ask of the server (`pipeline serve --help`).
#[derive(Debug, clap::Args)]
struct LimitArgs {
    /// Requests a second from one IP address (0: no limit); over it, 429 with Retry-After.
    #[arg(long, value_name = "N", default_value_t = pipeline::http::limits::DEFAULT_PER_ADDRESS.0)]
    rate_per_address: u32,
    /// Requests from one address that may come at once above that rate.
    #[arg(long, value_name = "N", default_value_t = pipeline::http::limits::DEFAULT_PER_ADDRESS.1)]
    burst_per_address: u32,
    /// Requests a second with one token (0: no limit).
    #[arg(long, value_name = "N", default_value_t = pipeline::http::limits::DEFAULT_PER_TOKEN.0)]
    rate_per_token: u32,
    /// Requests with one token that may come at once above that rate.
    #[arg(long, value_name = "N", default_value_t = pipeline::http::limits::DEFAULT_PER_TOKEN.1)]
    burst_per_token: u32,
    /// No rate limits at all (for a benchmark run); timeouts and the connection cap still hold.
    #[arg(long)]
    no_rate_limits: bool,
    /// The longest one request may take, its body included, before it is answered 408.
    #[arg(long, value_name = "SECONDS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..))]
    request_timeout: u64,
    /// The longest a connection may take to send a request's headers, or sit idle, before it is closed.
    #[arg(long, value_name = "SECONDS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..))]
    header_timeout: u64,
    /// Connections open at once; one more is answered 503 and closed.
    #[arg(long, value_name = "N", default_value_t = 1024, value_parser = clap::value_parser!(u64).range(1..))]
    max_connections: u64,
}

impl LimitArgs {
    fn limits(&self) -> pipeline::Limits {
        use pipeline::http::Rate;
        let limits = pipeline::Limits {
            per_address: Rate::new(self.rate_per_address, self.burst_per_address.max(1)),
            per_token: Rate::new(self.rate_per_token, self.burst_per_token.max(1)),
            request_timeout: std::time::Duration::from_secs(self.request_timeout),
            header_timeout: std::time::Duration::from_secs(self.header_timeout),
            max_connections: usize::try_from(self.max_connections).unwrap_or(usize::MAX),
        };
        if self.no_rate_limits {
            limits.without_rate_limits()
        } else {
            limits
        }
    }
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
            limits,
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
            let limits = limits.limits();
            tracing::info!(
                per_address = ?limits.per_address,
                per_token = ?limits.per_token,
                request_timeout_s = limits.request_timeout.as_secs(),
                header_timeout_s = limits.header_timeout.as_secs(),
                max_connections = limits.max_connections,
                "limits"
            );
            let state = AppState::new(store, clock)
                .with_sync_settings(sync)
                .with_limits(limits);
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
