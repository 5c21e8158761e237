//! What the desktop app can ask for, as plain functions over a [`Session`]: open or create a
//! workspace, read each screen's view, make one change. Every function returns transport
//! types (`views`) or an [`AppError`] with a stable code and a plain sentence.
//!
//! *Invariant:* no Tauri here. The shell in `src-tauri/` only forwards calls, so every
//! command is tested without a window (`tests/`).

mod error;
pub mod export;
pub mod office;
mod screens;
pub mod views;
mod vocabulary;
pub mod workspace;

use std::path::{Path, PathBuf};

use accord_domain::Actor;
use accord_settings::Settings;
use accord_store::{Holder, Owner, OwnerLock, Stamp, WorkspaceFile};

pub use accord_pipeline::Search as DirectorySearch;
pub use error::{AppError, AppResult};
pub use screens::NewDecision;
pub use screens::import::{AgreementImportView, RaciImportView};
pub use screens::pipeline;
pub use screens::sync;
pub use views::*;
pub use vocabulary::{Vocabulary, vocabulary};

/// What exporting an office file produced.
#[derive(Debug, Clone, serde::Serialize)]
pub struct OfficeExport {
    pub path: String,
    pub bytes: usize,
    /// docx, xlsx or ics.
    pub extension: &'static str,
}

/// One window's state: the person using it, and the workspace open in it (if any).
#[derive(Debug)]
pub struct Session {
    settings_path: PathBuf,
    file: Option<WorkspaceFile>,
    /// This window's owner file beside the open workspace (none when read-only).
    owner: Option<OwnerLock>,
    /// The file's `data_version` when this window last looked: another process's change
    /// moves it.
    seen_version: i64,
    /// Why the file given at launch (a double-clicked workspace) could not be opened.
    launch_problem: Option<AppError>,
    /// A sync is running for this window (a second press waits for it).
    syncing: bool,
}

impl Session {
    /// A session whose per-user settings live at `settings_path`.
    pub fn new(settings_path: PathBuf) -> Session {
        Session {
            settings_path,
            file: None,
            owner: None,
            seen_version: 0,
            launch_problem: None,
            syncing: false,
        }
    }

    /// A session using the standard settings file for this user.
    pub fn for_this_user() -> AppResult<Session> {
        Ok(Session::new(accord_settings::path()?))
    }

    fn settings(&self) -> AppResult<Settings> {
        Ok(accord_settings::load_from(&self.settings_path)?)
    }

    fn save_settings(&self, s: &Settings) -> AppResult<()> {
        Ok(accord_settings::save_to(s, &self.settings_path)?)
    }

    /// The app's clock, the one place it reads the time: changes are stamped with it and a
    /// date left empty is its day. Everything below is given the time, never reads it.
    fn now() -> chrono::DateTime<chrono::Local> {
        chrono::Local::now()
    }

    /// Today, on this laptop: the date of a decision or sign-off when none is typed.
    pub(crate) fn today() -> chrono::NaiveDate {
        Self::now().date_naive()
    }

    /// Who is acting, and now. Refused until the user has said who they are.
    fn stamp(&self) -> AppResult<Stamp> {
        let me = self.settings()?.me.ok_or_else(|| {
            AppError::new(
                "who_are_you",
                "Tell Accord your name and organisation first: every change records who made it.",
            )
        })?;
        Ok(Stamp::new(me, Self::now().with_timezone(&chrono::Utc)))
    }

    pub(crate) fn file(&self) -> AppResult<&WorkspaceFile> {
        self.file.as_ref().ok_or_else(AppError::no_workspace)
    }

    pub(crate) fn file_and_stamp(&mut self) -> AppResult<(&mut WorkspaceFile, Stamp)> {
        let stamp = self.stamp()?;
        Ok((
            self.file.as_mut().ok_or_else(AppError::no_workspace)?,
            stamp,
        ))
    }

    /// What the start screen shows.
    pub fn start(&self) -> AppResult<StartView> {
        let s = self.settings()?;
        Ok(StartView {
            me: s.me,
            recent: s
                .recent
                .iter()
                .map(|p| RecentView {
                    name: p
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                    path: p.display().to_string(),
                    exists: p.exists(),
                })
                .collect(),
            open: self.file.as_ref().map(|f| f.path().display().to_string()),
            problem: self.launch_problem.clone(),
        })
    }

    /// Opens the workspace the app was started with; a problem is shown on the start screen.
    pub fn open_at_launch(&mut self, path: &Path) {
        self.launch_problem = self.open(path).err();
    }

    pub fn set_me(&mut self, name: &str, organisation: &str) -> AppResult<Actor> {
        let me = Actor::new(name, organisation).map_err(|e| AppError::from(e).on_field("name"))?;
        if organisation.trim().is_empty() {
            return Err(AppError::new("empty", "Your organisation cannot be empty.")
                .on_field("organisation"));
        }
        let mut s = self.settings()?;
        s.me = Some(me.clone());
        self.save_settings(&s)?;
        Ok(me)
    }

    fn remember(&self, path: &Path) -> AppResult<()> {
        let mut s = self.settings()?;
        s.remember(path);
        self.save_settings(&s)
    }

    /// Creates a workspace file and opens it.
    pub fn create(&mut self, path: &Path, title: &str) -> AppResult<OverviewView> {
        let stamp = self.stamp()?;
        let file = WorkspaceFile::create(path, title, &stamp).map_err(|e| {
            let field = if e.code() == "empty" { "title" } else { "path" };
            AppError::from(e).on_field(field)
        })?;
        self.use_file(file, &stamp, None)
    }

    /// Opens an existing workspace file. When another Accord has it open (on this laptop
    /// or another, through a share), nothing is opened: the error, code `in_use`, says who
    /// has it, on which machine and since when; the page then offers
    /// [`Session::open_read_only`] or, after a clear question, [`Session::take_over`].
    /// A file this laptop cannot write opens read-only (the view says so).
    pub fn open(&mut self, path: &Path) -> AppResult<OverviewView> {
        let stamp = self.stamp_or_anonymous()?;
        let mine = if self.owns(path) {
            self.owner.take()
        } else {
            None
        };
        if mine.is_none()
            && let Holder::Live(other) = accord_store::holder(path)
        {
            return Err(AppError::new("in_use", other.in_use_sentence(path)).on_field("path"));
        }
        let file = match WorkspaceFile::open(path) {
            Ok(f) => f,
            Err(e) => {
                self.owner = mine;
                return Err(e.into());
            }
        };
        self.use_file(file, &stamp, mine)
    }

    /// Opens a workspace read-only, whoever else has it open: nothing is written to it.
    pub fn open_read_only(&mut self, path: &Path) -> AppResult<OverviewView> {
        let file = WorkspaceFile::open_read_only(path)?;
        self.close();
        self.seen_version = file.data_version()?;
        self.file = Some(file);
        self.remember(path)?;
        self.overview()
    }

    /// Takes a workspace over from whoever its owner file names (the user was told who,
    /// and chose to: a laptop that crashed, or someone who left it open), and opens it.
    pub fn take_over(&mut self, path: &Path) -> AppResult<OverviewView> {
        let stamp = self.stamp()?;
        self.close();
        let lock = OwnerLock::take_over(path, Owner::me(&stamp.who, stamp.at))?;
        let file = WorkspaceFile::open(path)?;
        self.use_file(file, &stamp, Some(lock))
    }

    /// True when this window holds the owner file of `path`.
    fn owns(&self, path: &Path) -> bool {
        self.owner.is_some()
            && self
                .file
                .as_ref()
                .is_some_and(|f| same_file::is_same_file(f.path(), path).unwrap_or(false))
    }

    /// Who is acting, or (before the user has said) a placeholder for the owner file.
    fn stamp_or_anonymous(&self) -> AppResult<Stamp> {
        match self.stamp() {
            Ok(s) => Ok(s),
            Err(e) if e.code == "who_are_you" => Ok(Stamp::new(
                Actor::new("Someone", "an organisation not yet given")?,
                Self::now().with_timezone(&chrono::Utc),
            )),
            Err(e) => Err(e),
        }
    }

    /// Makes `file` this window's workspace, with `lock` as its owner file or, unless the
    /// file is read-only, a new one.
    fn use_file(
        &mut self,
        file: WorkspaceFile,
        stamp: &Stamp,
        lock: Option<OwnerLock>,
    ) -> AppResult<OverviewView> {
        self.close();
        let path = file.path().to_path_buf();
        self.owner = match lock {
            _ if file.is_read_only() => None,
            Some(lock) => Some(lock),
            None => match OwnerLock::claim(&path, Owner::me(&stamp.who, stamp.at))? {
                Ok(lock) => Some(lock),
                Err(other) => {
                    return Err(
                        AppError::new("in_use", other.in_use_sentence(&path)).on_field("path")
                    );
                }
            },
        };
        self.seen_version = file.data_version()?;
        self.file = Some(file);
        self.remember(&path)?;
        self.overview()
    }

    pub fn close(&mut self) {
        self.file = None;
        self.owner = None;
    }

    /// Why the open workspace is read-only (the banner's sentence), or `None`.
    pub fn read_only(&self) -> Option<String> {
        self.file
            .as_ref()
            .and_then(|f| f.read_only().map(str::to_string))
    }

    /// True when another process (the command line, or another window) has changed the
    /// open workspace since this window last asked: cheap enough to poll.
    pub fn changed_elsewhere(&mut self) -> AppResult<bool> {
        let now = self.file()?.data_version()?;
        let changed = now != self.seen_version;
        self.seen_version = now;
        Ok(changed)
    }

    /// The project overview: details, counts, and the readiness check.
    pub fn overview(&self) -> AppResult<OverviewView> {
        let file = self.file()?;
        let (_, report) = workspace::readiness(file)?;
        Ok(OverviewView {
            path: file.path().display().to_string(),
            summary: file.summary()?,
            report,
            read_only: file.is_read_only(),
            read_only_reason: file.read_only().map(str::to_string),
        })
    }

    /// The whole workspace as the open JSON document, written to `path`. An existing file
    /// is replaced only when `overwrite` (the user confirmed it in the save dialog); a
    /// workspace never is.
    pub fn export_json(&self, path: &Path, overwrite: bool) -> AppResult<u64> {
        let request = export::Request {
            format: export::Format::Json,
            out: path.to_path_buf(),
            force: overwrite,
        };
        let done = export::export(self.file()?, &request, Self::today())?;
        Ok(done.bytes as u64)
    }

    /// `document` (agreement, raci, decisions or dates) as the office file it is made in:
    /// the agreement in Word (.docx), the RACI matrix and the decisions log in Excel
    /// (.xlsx), the review and handover dates as a calendar (.ics), written to `path` by
    /// the one export path (never over a workspace; over another file only when
    /// `overwrite`, the user having confirmed it in the save dialog).
    pub fn export_office(
        &self,
        document: &str,
        path: &Path,
        overwrite: bool,
    ) -> AppResult<OfficeExport> {
        let document: accord_office::OfficeDocument = document
            .parse()
            .map_err(|e: accord_office::OfficeError| AppError::from(e).on_field("document"))?;
        let format = accord_office::format_of(document);
        let request = export::Request {
            format: export::Format::Office(format, document),
            out: path.to_path_buf(),
            force: overwrite,
        };
        let done = export::export(self.file()?, &request, Self::today())?;
        Ok(OfficeExport {
            path: path.display().to_string(),
            bytes: done.bytes,
            extension: format.extension(),
        })
    }

    /// Creates a new workspace file from an exported JSON document, and opens it.
    pub fn import_json(&mut self, bundle: &Path, path: &Path) -> AppResult<OverviewView> {
        let stamp = self.stamp()?;
        let text = std::fs::read_to_string(bundle).map_err(|e| {
            AppError::new("io", format!("Could not read {}: {e}", bundle.display()))
        })?;
        let ws = accord_interchange::from_json(&text)?;
        let file = WorkspaceFile::import(path, &ws, &stamp)?;
        self.use_file(file, &stamp, None)
    }
}
