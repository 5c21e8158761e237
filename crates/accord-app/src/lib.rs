//! What the desktop app can ask for, as plain functions over a [`Session`]: open or create a
//! workspace, read each screen's view, make one change. Every function returns transport
//! types (`views`) or an [`AppError`] with a stable code and a plain sentence.
//!
//! *Invariant:* no Tauri here. The shell in `src-tauri/` only forwards calls, so every
//! command is tested without a window (`tests/`).

mod screens;
mod error;
pub mod views;
pub mod workspace;

use std::path::{Path, PathBuf};

use accord_domain::Actor;
use accord_settings::Settings;
use accord_store::{Stamp, WorkspaceFile};

pub use error::{AppError, AppResult};
pub use screens::NewDecision;
pub use screens::pipeline;
pub use accord_pipeline::Search as DirectorySearch;
pub use views::*;

/// One window's state: the person using it, and the workspace open in it (if any).
#[derive(Debug)]
pub struct Session {
    settings_path: PathBuf,
    file: Option<WorkspaceFile>,
    /// Why the file given at launch (a double-clicked workspace) could not be opened.
    launch_problem: Option<AppError>,
}

impl Session {
    /// A session whose per-user settings live at `settings_path`.
    pub fn new(settings_path: PathBuf) -> Session {
        Session { settings_path, file: None, launch_problem: None }
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
            AppError::new("who_are_you", "Tell Accord your name and organisation first: every change records who made it.")
        })?;
        Ok(Stamp::new(me, Self::now().with_timezone(&chrono::Utc)))
    }

    pub(crate) fn file(&self) -> AppResult<&WorkspaceFile> {
        self.file.as_ref().ok_or_else(AppError::no_workspace)
    }

    pub(crate) fn file_and_stamp(&mut self) -> AppResult<(&mut WorkspaceFile, Stamp)> {
        let stamp = self.stamp()?;
        Ok((self.file.as_mut().ok_or_else(AppError::no_workspace)?, stamp))
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
                    name: p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
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
            return Err(AppError::new("empty", "Your organisation cannot be empty.").on_field("organisation"));
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
        self.file = Some(file);
        self.remember(path)?;
        self.overview()
    }

    /// Opens an existing workspace file.
    pub fn open(&mut self, path: &Path) -> AppResult<OverviewView> {
        let file = WorkspaceFile::open(path)?;
        self.file = Some(file);
        self.remember(path)?;
        self.overview()
    }

    pub fn close(&mut self) {
        self.file = None;
    }

    /// The project overview: details, counts, and the readiness check.
    pub fn overview(&self) -> AppResult<OverviewView> {
        let file = self.file()?;
        let (_, report) = workspace::readiness(file)?;
        Ok(OverviewView { path: file.path().display().to_string(), summary: file.summary()?, report })
    }

    /// The whole workspace as the open JSON document, written to `path`.
    pub fn export_json(&self, path: &Path) -> AppResult<u64> {
        let text = accord_interchange::to_json(&self.file()?.load()?);
        std::fs::write(path, &text).map_err(|e| AppError::new("io", format!("Could not write {}: {e}", path.display())))?;
        Ok(text.len() as u64)
    }

    /// Creates a new workspace file from an exported JSON document, and opens it.
    pub fn import_json(&mut self, bundle: &Path, path: &Path) -> AppResult<OverviewView> {
        let stamp = self.stamp()?;
        let text = std::fs::read_to_string(bundle).map_err(|e| AppError::new("io", format!("Could not read {}: {e}", bundle.display())))?;
        let ws = accord_interchange::from_json(&text)?;
        self.file = Some(WorkspaceFile::import(path, &ws, &stamp)?);
        self.remember(path)?;
        self.overview()
    }
}
