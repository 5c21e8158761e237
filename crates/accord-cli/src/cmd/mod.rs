//! The verbs of `accord`, one file each, and what they share.

mod agreement;
mod check;
mod conflicts;
mod decision;
mod directory;
mod export;
mod feed;
mod handover;
mod history;
mod import;
mod init;
mod invitations;
mod join;
mod me;
mod org;
mod person;
mod project;
mod publish;
mod raci;
mod requests;
mod resolve;
mod schema;
mod search;
mod server;
mod show;
mod signoff;
mod subscribe;
mod sync;
mod update;
mod verify;
mod watch;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use accord_store::{Stamp, WorkspaceFile};
use clap::Subcommand;

use crate::failure::{Failure, Outcome};

/// Shifts the command line's clock by this many seconds (signed), for testing only.
pub const CLOCK_OFFSET_ENV: &str = "ACCORD_CLOCK_OFFSET_SECONDS";

/// What every command may need besides its own arguments.
#[derive(Debug)]
pub struct Context {
    pub acting_as: Option<String>,
}

impl Context {
    /// The command line's clock, the one place it reads the time: changes are stamped
    /// with it and a date left out is its day. Everything below is given the time.
    /// `ACCORD_CLOCK_OFFSET_SECONDS` (signed) shifts it, for testing a laptop whose clock
    /// is wrong; it grants nothing that changing the laptop's clock would not.
    fn now() -> chrono::DateTime<chrono::Local> {
        let offset = std::env::var(CLOCK_OFFSET_ENV)
            .ok()
            .and_then(|s| s.trim().parse::<i64>().ok())
            .unwrap_or(0);
        chrono::Local::now() + chrono::Duration::seconds(offset)
    }

    /// Who is acting, and now.
    pub fn stamp(&self) -> Outcome<Stamp> {
        Ok(Stamp::new(
            crate::settings::actor(self.acting_as.as_deref())?,
            Self::now().with_timezone(&chrono::Utc),
        ))
    }

    /// Today, on this computer: the date of a decision or sign-off when none is given.
    pub fn today(&self) -> chrono::NaiveDate {
        Self::now().date_naive()
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new workspace file for a project.
    Init(init::Args),
    /// Show an overview of a workspace.
    Show(show::Args),
    /// Run the readiness check: RACI rules and the known blockers to collaboration.
    Check(check::Args),
    /// Search every text in a workspace.
    Search(search::Args),
    /// Show who changed what, and when.
    History(history::Args),
    /// Create a new workspace file from an exported JSON document.
    Import(import::Args),
    /// Export the workspace as one JSON document, or a document as a PDF for signing.
    Export(export::Args),
    /// Record who signed a document, and list sign-offs and whether each still matches.
    Signoff(signoff::Args),
    /// Check whether a signed PDF still matches the workspace (exit 0) or not (exit 1).
    Verify(verify::Args),
    /// Print the JSON Schema of the exported workspace document.
    Schema,
    /// Set up, or show, who you are on this laptop.
    Me(me::Args),
    /// Change the project's details: title, problem, outcomes, phase, tags...
    Project(project::Args),
    /// List, add, change, remove or import organisations (councils and partners).
    #[command(alias = "organisation")]
    Org(org::Args),
    /// List, add, change or remove people; mark someone as having left.
    Person(person::Args),
    /// Write and agree the collaboration agreement's sections.
    Agreement(agreement::Args),
    /// Show and set the RACI matrix.
    Raci(raci::Args),
    /// The decisions log: record, edit while proposed, accept, supersede.
    Decision(decision::Args),
    /// Handover notes for whoever takes over a role.
    Handover(handover::Args),
    /// The Pipeline server you publish to, and your token there (set, show, forget).
    Server(server::Args),
    /// Publish the project's public listing to the Pipeline directory, or update it.
    Publish(publish::Args),
    /// Post a status update on the project's Pipeline listing: its watchers see it in their feed.
    Update(update::Args),
    /// Search the Pipeline directory; show a listing; find similar projects.
    Directory(directory::Args),
    /// What is new for you in the Pipeline directory since you last looked.
    Feed(feed::Args),
    /// Watch a listing in the Pipeline directory: its updates come to your feed.
    Watch(watch::Args),
    /// Subscribe to tags in the Pipeline directory: new listings with them come to your feed.
    Subscribe(subscribe::Args),
    /// Ask to join a project listed in the Pipeline directory.
    Join(join::Args),
    /// Requests to join your listings, and accepting or declining them.
    Requests(requests::Args),
    /// Listings that name your organisation as taking part: confirm or decline.
    Invitations(invitations::Args),
    /// Changes from different councils that met and need you to settle them.
    Conflicts(conflicts::Args),
    /// Settle one conflict: keep one side, write a combined text, keep or remove a record.
    Resolve(resolve::Args),
    /// Sync a shared workspace with partner councils: send your changes, get theirs.
    Sync(sync::Args),
    /// Get a shared project into a new workspace file.
    Clone(sync::CloneArgs),
}

/// Runs one command; `Ok` carries the exit code (`accord check` exits 1 on errors).
pub fn run(command: Command, ctx: &Context) -> Outcome<ExitCode> {
    match command {
        Command::Init(a) => init::run(a, ctx),
        Command::Show(a) => show::run(a),
        Command::Check(a) => return check::run(a),
        Command::Search(a) => search::run(a),
        Command::History(a) => history::run(a),
        Command::Import(a) => import::run(a, ctx),
        Command::Export(a) => export::run(a, ctx),
        Command::Signoff(a) => signoff::run(a, ctx),
        Command::Verify(a) => return verify::run(a),
        Command::Schema => schema::run(),
        Command::Me(a) => me::run(a),
        Command::Project(a) => project::run(a, ctx),
        Command::Org(a) => org::run(a, ctx),
        Command::Person(a) => person::run(a, ctx),
        Command::Agreement(a) => agreement::run(a, ctx),
        Command::Raci(a) => raci::run(a, ctx),
        Command::Decision(a) => decision::run(a, ctx),
        Command::Handover(a) => handover::run(a, ctx),
        Command::Server(a) => server::run(a),
        Command::Publish(a) => publish::run(a, ctx),
        Command::Update(a) => update::run(a),
        Command::Directory(a) => directory::run(a),
        Command::Feed(a) => feed::run(a),
        Command::Watch(a) => watch::run(a),
        Command::Subscribe(a) => subscribe::run(a),
        Command::Join(a) => join::run(a),
        Command::Requests(a) => requests::run(a),
        Command::Invitations(a) => invitations::run(a),
        Command::Conflicts(a) => return conflicts::run(a),
        Command::Resolve(a) => resolve::run(a, ctx),
        Command::Sync(a) => return sync::run(a, ctx),
        Command::Clone(a) => return sync::clone(a, ctx),
    }?;
    Ok(ExitCode::SUCCESS)
}

pub fn open(path: &Path) -> Outcome<WorkspaceFile> {
    Ok(WorkspaceFile::open(path)?)
}

/// Long text given on the command line, from a file, or (`-`) from standard input.
#[derive(Debug, Clone, clap::Args)]
#[group(multiple = false)]
pub struct LongText {
    /// The text itself.
    #[arg(long)]
    pub text: Option<String>,
    /// Read the text from this file; `-` reads standard input.
    #[arg(long, value_name = "PATH")]
    pub from_file: Option<PathBuf>,
}

impl LongText {
    pub fn read(&self) -> Outcome<Option<String>> {
        if let Some(t) = &self.text {
            return Ok(Some(t.clone()));
        }
        match &self.from_file {
            None => Ok(None),
            Some(p) if p.as_os_str() == "-" => {
                let mut s = String::new();
                std::io::Read::read_to_string(&mut std::io::stdin(), &mut s)
                    .map_err(Failure::io("Reading standard input"))?;
                Ok(Some(s))
            }
            Some(p) => std::fs::read_to_string(p)
                .map(Some)
                .map_err(Failure::io(format!("Reading {}", p.display()))),
        }
    }
}

/// A list given as comma-separated words: `--tags waste,data`.
pub fn split_list(s: &str) -> Vec<String> {
    s.split(',')
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect()
}

/// An optional value where `none` (or an empty string) clears the field.
pub fn clearable<T: std::str::FromStr<Err = accord_domain::RuleError>>(
    s: &str,
) -> Outcome<Option<T>> {
    let t = s.trim();
    if t.is_empty() || t.eq_ignore_ascii_case("none") {
        Ok(None)
    } else {
        Ok(Some(t.parse()?))
    }
}

/// A date as YYYY-MM-DD, or `none` to clear it.
pub fn clearable_date(s: &str) -> Outcome<Option<chrono::NaiveDate>> {
    let t = s.trim();
    if t.is_empty() || t.eq_ignore_ascii_case("none") {
        return Ok(None);
    }
    parse_date(t).map(Some)
}

/// A date as YYYY-MM-DD (the domain's `text::date`), which must be given.
pub fn parse_date(s: &str) -> Outcome<chrono::NaiveDate> {
    accord_domain::text::date(s)?
        .ok_or_else(|| Failure::usage("Give a date as YYYY-MM-DD, such as 2026-04-01."))
}

/// "yes"/"no" and friends.
pub fn parse_bool(s: &str) -> Outcome<bool> {
    match s.trim().to_lowercase().as_str() {
        "yes" | "true" | "y" | "1" => Ok(true),
        "no" | "false" | "n" | "0" => Ok(false),
        _ => Err(Failure::usage(format!("'{s}' is not yes or no."))),
    }
}
