//! The import screens: a RACI matrix from a spreadsheet (`.xlsx` or `.csv`) and agreement
//! sections from a Word document (`.docx`). Each is two steps: a preview of what would be
//! added and changed, which writes nothing, and the import itself, which writes only what
//! the preview showed (`office::Run::AsPreviewed`: a file or workspace changed since is
//! refused, and the page shows the new preview). Both run `accord_app::office`, as
//! `accord raci FILE import` and `accord agreement FILE import` do.

use std::path::Path;

use accord_domain::{Finding, raci};
use serde::Serialize;

use crate::office::{self, AgreementImport, RaciImport, Run};
use crate::{AppResult, Session};

/// A column of the sheet and who it was matched to.
#[derive(Debug, Clone, Serialize)]
pub struct ImportPartyView {
    /// The column, such as `C`.
    pub column: String,
    /// The name as the sheet writes it.
    pub written: String,
    /// The person or organisation, as the workspace names it; `None` when not matched.
    pub matched: Option<String>,
    /// Why it was not matched.
    pub why_not: Option<String>,
}

/// One cell the import changes, in letters (empty for none).
#[derive(Debug, Clone, Serialize)]
pub struct ImportCellView {
    pub activity: String,
    pub party: String,
    pub before: String,
    pub after: String,
    /// The row is an activity the import adds.
    pub new_activity: bool,
}

/// What a RACI import does, or would do.
#[derive(Debug, Clone, Serialize)]
pub struct RaciImportView {
    /// The file's name.
    pub file: String,
    /// The sheet read.
    pub sheet: String,
    pub parties: Vec<ImportPartyView>,
    pub new_activities: Vec<String>,
    pub changes: Vec<ImportCellView>,
    /// Cells already as the sheet says.
    pub unchanged: usize,
    /// What the reader passed over, and letters in columns matched to nobody.
    pub notes: Vec<String>,
    /// The RACI rules' findings on the matrix after the import.
    pub findings: Vec<Finding>,
    /// The matrix already says what the sheet says.
    pub nothing_to_do: bool,
    pub written: bool,
    /// Given back to `import_raci`, which writes only if it would still do exactly this.
    pub preview: String,
}

/// One section the import adds or writes.
#[derive(Debug, Clone, Serialize)]
pub struct ImportSectionView {
    pub key: String,
    pub title: String,
    /// The heading as the document writes it.
    pub heading: String,
    /// What happens to it: "add the standard section", "add your own section", "write",
    /// "replace the text of".
    pub what: String,
    pub added: bool,
    /// One of the 19 standard sections.
    pub standard: bool,
    pub before_characters: usize,
    pub after: String,
}

/// What an agreement import does, or would do.
#[derive(Debug, Clone, Serialize)]
pub struct AgreementImportView {
    pub file: String,
    pub sections: Vec<ImportSectionView>,
    /// Headings whose section already says exactly this.
    pub unchanged: Vec<String>,
    /// Headings with nothing under them (their sections are left as they are).
    pub empty: Vec<String>,
    pub nothing_to_do: bool,
    pub written: bool,
    pub preview: String,
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

fn raci_view(path: &Path, done: RaciImport) -> RaciImportView {
    let plan = &done.plan;
    RaciImportView {
        file: file_name(path),
        sheet: done.sheet.clone(),
        parties: plan
            .parties
            .iter()
            .map(|p| ImportPartyView {
                column: p.column.clone(),
                written: p.written.clone(),
                matched: p.party.as_ref().map(|(_, name)| name.clone()),
                why_not: p.why_not.clone(),
            })
            .collect(),
        new_activities: plan.new_activities.iter().map(|a| a.name.clone()).collect(),
        changes: plan
            .changes
            .iter()
            .map(|c| ImportCellView {
                activity: c.activity_name.clone(),
                party: c.party_name.clone(),
                before: raci::letters(&c.before),
                after: raci::letters(&c.after),
                new_activity: plan.new_activities.iter().any(|a| a.id == c.activity),
            })
            .collect(),
        unchanged: plan.unchanged,
        notes: plan.notes.clone(),
        findings: done.findings,
        nothing_to_do: plan.is_empty(),
        written: done.written,
        preview: done.preview,
    }
}

fn agreement_view(path: &Path, done: AgreementImport) -> AgreementImportView {
    let plan = done.plan;
    AgreementImportView {
        file: file_name(path),
        nothing_to_do: plan.is_empty(),
        sections: plan
            .changes
            .iter()
            .map(|c| ImportSectionView {
                key: c.key.clone(),
                title: c.title.clone(),
                heading: c.heading.clone(),
                what: c.what().to_string(),
                added: c.added,
                standard: c.standard,
                before_characters: c.before.chars().count(),
                after: c.after.clone(),
            })
            .collect(),
        unchanged: plan.unchanged,
        empty: plan.empty,
        written: done.written,
        preview: done.preview,
    }
}

impl Session {
    /// What importing the RACI sheet at `path` would do. Writes nothing.
    pub fn preview_raci_import(&mut self, path: &Path) -> AppResult<RaciImportView> {
        let (file, stamp) = self.file_and_stamp()?;
        let done = office::run_raci(file, path, Run::DryRun, &stamp)?;
        Ok(raci_view(path, done))
    }

    /// Imports the RACI sheet at `path` as one change, if it still does what the preview
    /// `preview` showed (else code `preview_outdated`, and nothing is written).
    pub fn import_raci(&mut self, path: &Path, preview: &str) -> AppResult<RaciImportView> {
        let (file, stamp) = self.file_and_stamp()?;
        let done = office::run_raci(file, path, Run::AsPreviewed(preview), &stamp)?;
        Ok(raci_view(path, done))
    }

    /// What importing the Word document at `path` into the agreement would do. Writes
    /// nothing.
    pub fn preview_agreement_import(&mut self, path: &Path) -> AppResult<AgreementImportView> {
        let (file, stamp) = self.file_and_stamp()?;
        let done = office::run_agreement(file, path, Run::DryRun, &stamp)?;
        Ok(agreement_view(path, done))
    }

    /// Imports the Word document at `path` as one change, if it still does what the
    /// preview `preview` showed (else code `preview_outdated`, and nothing is written).
    pub fn import_agreement(
        &mut self,
        path: &Path,
        preview: &str,
    ) -> AppResult<AgreementImportView> {
        let (file, stamp) = self.file_and_stamp()?;
        let done = office::run_agreement(file, path, Run::AsPreviewed(preview), &stamp)?;
        Ok(agreement_view(path, done))
    }
}
