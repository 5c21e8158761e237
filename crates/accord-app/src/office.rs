//! Imports from the office's files, once for both front ends: a RACI matrix from a
//! spreadsheet, agreement sections from a Word document. Each is worked out first as a
//! plan (what would be added and changed, by `accord-office`) and checked by the domain's
//! rules; it is written, as one change, only when not a dry run. A file that cannot be
//! imported changes nothing.

use std::path::Path;

use accord_domain::{Finding, Id, raci};
use accord_office::{AgreementPlan, RaciPlan, SheetKind};
use accord_store::{Stamp, WorkspaceFile};

use crate::{AppError, AppResult};

impl From<accord_office::OfficeError> for AppError {
    fn from(e: accord_office::OfficeError) -> Self {
        AppError::new(e.code(), e.to_string())
    }
}

fn read(path: &Path) -> AppResult<(Vec<u8>, String)> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let bytes = std::fs::read(path).map_err(|e| {
        AppError::new(
            "io",
            format!(
                "Could not read {}: {e}. Nothing has been changed.",
                path.display()
            ),
        )
        .on_field("path")
    })?;
    Ok((bytes, name))
}

/// A RACI import: what it does (or would do), and the matrix's findings afterwards.
#[derive(Debug, Clone)]
pub struct RaciImport {
    /// The sheet read (a CSV file's name for a CSV file).
    pub sheet: String,
    pub plan: RaciPlan,
    /// The RACI rules' findings on the matrix as it is after the import (or would be).
    pub findings: Vec<Finding>,
    /// Whether anything was written (not a dry run, and something to do).
    pub written: bool,
    /// A digest of what the preview shows (see [`Run::AsPreviewed`]).
    pub preview: String,
}

/// Whether an import writes: a dry run never does; `AsPreviewed` writes only when what it
/// would do is exactly what a preview showed (its [`RaciImport::preview`] or
/// [`AgreementImport::preview`]), so a file or workspace changed since is never imported
/// unseen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Run<'a> {
    DryRun,
    Write,
    AsPreviewed(&'a str),
}

impl Run<'_> {
    fn from_dry_run(dry_run: bool) -> Run<'static> {
        if dry_run { Run::DryRun } else { Run::Write }
    }

    /// Refuses a write whose plan is not the one previewed.
    fn check(self, preview: &str) -> AppResult<()> {
        match self {
            Run::AsPreviewed(seen) if seen != preview => Err(AppError::new(
                "preview_outdated",
                "The file or the workspace has changed since the preview, so nothing has been imported. Look at the new preview, then import again.",
            )),
            _ => Ok(()),
        }
    }
}

/// A digest of what a preview shows, to tell whether a later run would do the same. New
/// activities are named by their names, not the ids each run gives them. It lives only
/// as long as the running program (the standard library's hasher), which is as long as a
/// preview is on screen.
fn digest(what: impl std::hash::Hash) -> String {
    use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
    format!(
        "{:016x}",
        BuildHasherDefault::<DefaultHasher>::default().hash_one(what)
    )
}

fn raci_digest(plan: &RaciPlan) -> String {
    let new: Vec<Id> = plan.new_activities.iter().map(|a| a.id).collect();
    let parties: Vec<_> = plan
        .parties
        .iter()
        .map(|p| {
            (
                &p.column,
                &p.written,
                p.party.as_ref().map(|(id, _)| id.to_string()),
            )
        })
        .collect();
    let changes: Vec<_> = plan
        .changes
        .iter()
        .map(|c| {
            let activity = if new.contains(&c.activity) {
                format!("new {}", c.activity_name)
            } else {
                c.activity.to_string()
            };
            (
                activity,
                c.party.to_string(),
                raci::letters(&c.before),
                raci::letters(&c.after),
            )
        })
        .collect();
    let activities: Vec<&String> = plan.new_activities.iter().map(|a| &a.name).collect();
    digest((parties, activities, changes, plan.unchanged, &plan.notes))
}

/// Reads a RACI matrix from `path` (`.xlsx` or `.csv`), matches it to the workspace and,
/// unless `dry_run`, writes the new activities and changed cells as one change.
pub fn import_raci(
    file: &mut WorkspaceFile,
    path: &Path,
    dry_run: bool,
    stamp: &Stamp,
) -> AppResult<RaciImport> {
    run_raci(file, path, Run::from_dry_run(dry_run), stamp)
}

/// [`import_raci`], writing as `run` says.
pub fn run_raci(
    file: &mut WorkspaceFile,
    path: &Path,
    run: Run<'_>,
    stamp: &Stamp,
) -> AppResult<RaciImport> {
    let (bytes, name) = read(path)?;
    let kind = SheetKind::from_name(&name)?;
    let sheet = accord_office::read_raci_sheet(&bytes, &name, kind)?;
    let ws = file.load_for_check()?;
    let plan = accord_office::raci_plan(&ws, &sheet, Id::now_v7);
    let preview = raci_digest(&plan);
    run.check(&preview)?;
    let mut findings = raci::check(&plan.applied(&ws));
    let written = run != Run::DryRun && !plan.is_empty();
    if written {
        let cells: Vec<(Id, Id, Vec<accord_domain::RaciRole>)> = plan
            .changes
            .iter()
            .map(|c| (c.activity, c.party, c.after.clone()))
            .collect();
        file.import_raci(&plan.new_activities, &cells, stamp)?;
        findings = raci::check(&file.load_for_check()?);
    }
    Ok(RaciImport {
        sheet: sheet.sheet,
        plan,
        findings,
        written,
        preview,
    })
}

/// An agreement import: what it does (or would do).
#[derive(Debug, Clone)]
pub struct AgreementImport {
    pub plan: AgreementPlan,
    pub written: bool,
    /// A digest of what the preview shows (see [`Run::AsPreviewed`]).
    pub preview: String,
}

/// Reads sections from a Word document at `path`, matches its headings to the agreement's
/// sections and, unless `dry_run`, adds and writes them as one change. The agreement's
/// rules apply to the preview too: an agreed version refuses, and says how to reopen it.
pub fn import_agreement(
    file: &mut WorkspaceFile,
    path: &Path,
    dry_run: bool,
    stamp: &Stamp,
) -> AppResult<AgreementImport> {
    run_agreement(file, path, Run::from_dry_run(dry_run), stamp)
}

/// [`import_agreement`], writing as `run` says.
pub fn run_agreement(
    file: &mut WorkspaceFile,
    path: &Path,
    run: Run<'_>,
    stamp: &Stamp,
) -> AppResult<AgreementImport> {
    let (bytes, name) = read(path)?;
    let sections = accord_office::read_agreement(&bytes, &name)?;
    let agreement = file.agreement()?;
    let plan = accord_office::agreement_plan(&agreement, &sections)?;
    if !plan.is_empty() {
        plan.applied(&agreement, &stamp.who, stamp.at)?;
    }
    let preview = digest(format!("{:?}", plan));
    run.check(&preview)?;
    let written = run != Run::DryRun && !plan.is_empty();
    if written {
        let added: Vec<(String, String)> = plan
            .changes
            .iter()
            .filter(|c| c.added)
            .map(|c| (c.key.clone(), c.title.clone()))
            .collect();
        let bodies: Vec<(String, String)> = plan
            .changes
            .iter()
            .map(|c| (c.key.clone(), c.after.clone()))
            .collect();
        file.import_sections(&added, &bodies, stamp)?;
    }
    Ok(AgreementImport {
        plan,
        written,
        preview,
    })
}
