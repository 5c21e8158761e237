//! `accord sync FILE [start|status|reseed|members|admit|remove]` and `accord clone`: sharing a
//! workspace with partner councils through a Pipeline server. Exit codes are fixed, for
//! scripts: 0 synced (conflicts may remain), 2 bad usage or not shared, 3 incomplete
//! (network, timeout, server fault: nothing lost, try again), 4 refused to protect data or
//! access.

use std::path::PathBuf;
use std::process::ExitCode;

use accord_pipeline::protocol::sync::SyncRole;
use accord_pipeline::sync::{self, SyncFailure, SyncOptions, SyncReport};

use super::{Context, open};
use crate::failure::{Failure, Outcome};
use crate::{output, pipeline};

#[derive(Debug, clap::Args)]
#[command(
    args_conflicts_with_subcommands = false,
    subcommand_negates_reqs = false
)]
pub struct Args {
    pub file: PathBuf,
    #[command(subcommand)]
    pub action: Option<Action>,
    /// Print machine-readable JSON.
    #[arg(long, global = true)]
    pub json: bool,
    /// Ops to ask for at a time when pulling (any N ≥ 1).
    #[arg(long, value_name = "N", global = true, value_parser = clap::value_parser!(u32).range(1..))]
    pub page_size: Option<u32>,
    /// The server to share through (for `start`; later syncs use the one the workspace was shared through).
    #[arg(long, value_name = "URL", global = true)]
    pub server: Option<String>,
    /// Apply changes that remove most of one kind of record (over 20, and over half).
    /// Without it, such a sync stops before removing anything and says so.
    #[arg(long, global = true)]
    pub allow_removals: bool,
}

#[derive(Debug, clap::Subcommand)]
pub enum Action {
    /// Share this workspace (your organisation leads), or link your copy of a shared project.
    Start,
    /// What sync knows, from the file alone (no network).
    Status,
    /// Upload this workspace to a server that lost, was reset or was restored from an older
    /// backup. Only ever adds: every change is sent under its own id, then what others sent
    /// is pulled. Run it when sync refuses a server and you know it was rebuilt.
    Reseed,
    /// The organisations that share this project, and their roles.
    Members,
    /// Admit an organisation (by its id on the server) as a partner or observer.
    Admit {
        #[arg(long, value_name = "ORG")]
        org: String,
        #[arg(long, default_value = "partner")]
        role: String,
    },
    /// Remove an organisation (by its id on the server) from the shared project.
    Remove {
        #[arg(long, value_name = "ORG")]
        org: String,
    },
}

#[derive(Debug, clap::Args)]
pub struct CloneArgs {
    /// The shared project's id (accord sync FILE status shows it on the lead's copy).
    #[arg(long, value_name = "ID")]
    pub project: String,
    /// The new workspace file to create (never over an existing file).
    pub new_file: PathBuf,
    #[arg(long)]
    pub json: bool,
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub page_size: Option<u32>,
    #[arg(long, value_name = "URL")]
    pub server: Option<String>,
}

/// A failed sync: its sentence on stderr (and as JSON with `--json`), and its exit code.
fn failure(f: SyncFailure, json: bool) -> Outcome<ExitCode> {
    if json {
        output::json(
            &serde_json::json!({"error": {"code": f.code, "kind": f.kind, "message": f.message}}),
        );
    }
    tell!("accord: {}", f.message);
    Ok(ExitCode::from(f.kind.exit_code()))
}

fn org_id(typed: &str) -> Outcome<uuid::Uuid> {
    typed.trim().parse().map_err(|_| {
        Failure::usage(format!(
            "'{typed}' is not an organisation id on the server: one looks like 01a219f5-94ac-720a-8c68-fee9bb48c084 (accord me shows yours; accord sync FILE members lists the members')."
        ))
    })
}

fn print_report(file: &std::path::Path, r: &SyncReport, json: bool) {
    if json {
        output::json(r);
        return;
    }
    say!(
        "Synced {} with {} (project {}).",
        file.display(),
        r.server_url,
        r.project_id
    );
    say!(
        "  Sent      {} change{}.",
        r.sent,
        if r.sent == 1 { "" } else { "s" }
    );
    if r.received == 0 {
        say!("  Received  nothing new.");
    } else {
        say!(
            "  Received  {} change{} from {}.",
            r.received,
            if r.received == 1 { "" } else { "s" },
            r.from.join(", ")
        );
    }
    for n in r.notices.iter().filter(|n| n.kind == "merged") {
        say!("  Merged    {}", n.message);
    }
    if r.conflicts.open > 0 {
        say!(
            "  Conflicts {} need{} a decision (accord conflicts {}).",
            r.conflicts.open,
            if r.conflicts.open == 1 { "s" } else { "" },
            file.display()
        );
    }
    for n in r
        .notices
        .iter()
        .filter(|n| n.kind != "merged" && n.kind != "conflict")
    {
        say!("  Note      {}", n.message);
    }
}

pub fn run(args: Args, ctx: &Context) -> Outcome<ExitCode> {
    let opts = SyncOptions {
        page_size: args.page_size,
        allow_removals: args.allow_removals,
    };
    match args.action {
        Some(Action::Status) => {
            let state = open(&args.file)?.sync_state()?;
            if args.json {
                output::json(&state);
            } else if !state.linked {
                say!(
                    "{} is not shared. Share it with: accord sync {} start",
                    args.file.display(),
                    args.file.display()
                );
            } else {
                say!(
                    "Shared through {} (project {}).",
                    state.server_url.as_deref().unwrap_or(""),
                    state.project_id.as_deref().unwrap_or("")
                );
                say!(
                    "Last synced: {}. Changes not yet sent: {}. Open conflicts: {}.",
                    state.last_sync.as_deref().unwrap_or("never"),
                    state.unsent,
                    state.open_conflicts
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Action::Start) => {
            let mut file = open(&args.file)?;
            let conn = pipeline::connect(args.server.as_deref())?;
            if !args.json {
                tell!(
                    "Sharing {}: its whole history, drafts included, goes to {} and to every council admitted to it.",
                    args.file.display(),
                    conn.url
                );
            }
            match sync::start(&conn, &mut file, &opts, &ctx.stamp()?) {
                Ok(r) => {
                    print_report(&args.file, &r, args.json);
                    Ok(ExitCode::SUCCESS)
                }
                Err(f) => failure(f, args.json),
            }
        }
        Some(Action::Reseed) => {
            let mut file = open(&args.file)?;
            let conn = connect_for(&file, args.server.as_deref())?;
            if !args.json {
                tell!(
                    "Uploading every change in {} to {}: nothing in your workspace is removed.",
                    args.file.display(),
                    conn.url
                );
            }
            match sync::reseed(&conn, &mut file, &opts, &ctx.stamp()?) {
                Ok(r) => {
                    print_report(&args.file, &r, args.json);
                    Ok(ExitCode::SUCCESS)
                }
                Err(f) => failure(f, args.json),
            }
        }
        Some(Action::Members) => {
            let file = open(&args.file)?;
            let conn = connect_for(&file, args.server.as_deref())?;
            match sync::members(&conn, &file) {
                Ok(m) => {
                    if args.json {
                        output::json(&m);
                    } else {
                        let rows: Vec<Vec<String>> = m
                            .iter()
                            .map(|m| {
                                vec![
                                    m.organisation.id.to_string(),
                                    m.role.as_str().into(),
                                    m.organisation.name.clone(),
                                ]
                            })
                            .collect();
                        output::table(&["Id", "Role", "Organisation"], &rows);
                    }
                    Ok(ExitCode::SUCCESS)
                }
                Err(f) => failure(f, args.json),
            }
        }
        Some(Action::Admit { org, role }) => {
            let role: SyncRole = role.parse().map_err(Failure::usage)?;
            if role == SyncRole::Lead {
                return Err(Failure::usage(
                    "A project has one lead: admit an organisation as partner or observer.",
                ));
            }
            let file = open(&args.file)?;
            let conn = connect_for(&file, args.server.as_deref())?;
            match sync::admit(&conn, &file, org_id(&org)?, role) {
                Ok(m) => {
                    if args.json {
                        output::json(&m);
                    } else {
                        say!(
                            "{} is now a {} of this shared project.",
                            m.organisation.name,
                            m.role.as_str()
                        );
                    }
                    Ok(ExitCode::SUCCESS)
                }
                Err(f) => failure(f, args.json),
            }
        }
        Some(Action::Remove { org }) => {
            let file = open(&args.file)?;
            let conn = connect_for(&file, args.server.as_deref())?;
            match sync::remove(&conn, &file, org_id(&org)?) {
                Ok(()) => {
                    say!(
                        "Removed. That organisation keeps what its copy holds, and can sync no more."
                    );
                    Ok(ExitCode::SUCCESS)
                }
                Err(f) => failure(f, args.json),
            }
        }
        None => {
            let mut file = open(&args.file)?;
            if file.sync_link()?.is_none() {
                return failure(
                    SyncFailure {
                        kind: sync::SyncFailureKind::Usage,
                        code: "not_shared".into(),
                        message: format!(
                            "{} is not shared, so there is nothing to sync. Share it first with: accord sync {} start",
                            args.file.display(),
                            args.file.display()
                        ),
                    },
                    args.json,
                );
            }
            let conn = connect_for(&file, args.server.as_deref())?;
            match sync::sync(&conn, &mut file, &opts, &ctx.stamp()?) {
                Ok(r) => {
                    print_report(&args.file, &r, args.json);
                    Ok(ExitCode::SUCCESS)
                }
                Err(f) => failure(f, args.json),
            }
        }
    }
}

/// The server the workspace was shared through (with the token for it), unless named.
fn connect_for(
    file: &accord_store::WorkspaceFile,
    named: Option<&str>,
) -> Outcome<accord_pipeline::Connection> {
    let url = match (named, file.sync_link()?) {
        (Some(u), _) => Some(u.to_string()),
        (None, Some(l)) => Some(l.server_url),
        (None, None) => None,
    };
    pipeline::connect(url.as_deref())
}

pub fn clone(args: CloneArgs, ctx: &Context) -> Outcome<ExitCode> {
    let conn = pipeline::connect(args.server.as_deref())?;
    let opts = SyncOptions {
        page_size: args.page_size,
        ..SyncOptions::default()
    };
    match sync::clone(&conn, &args.project, &args.new_file, &opts, &ctx.stamp()?) {
        Ok(r) => {
            if args.json {
                output::json(&r);
            } else {
                say!(
                    "Cloned project {} into {} ({} changes).",
                    r.project_id,
                    args.new_file.display(),
                    r.ops_applied
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(f) => failure(f, args.json),
    }
}
