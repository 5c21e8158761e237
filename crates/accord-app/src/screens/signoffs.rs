//! Sign-off PDFs and the sign-offs screen: export a document for signing, record who
//! signed it, and see whether each sign-off still matches the workspace.

use std::path::Path;

use accord_documents::SignoffState;
use accord_domain::DocumentKind;
use serde::Serialize;

use super::{date, id, word};
use crate::{AppError, AppResult, Session, export, workspace};

/// What exporting a PDF produced.
#[derive(Debug, Clone, Serialize)]
pub struct PdfExport {
    pub path: String,
    pub pages: usize,
    pub bytes: usize,
    pub fingerprint: String,
    /// Characters the PDF's font cannot print, which show as a replacement mark.
    pub missing_characters: Vec<String>,
}

impl Session {
    /// Renders `document` (pack, agreement, raci, decisions, handover) as a PDF at `path`.
    /// An existing file is replaced only when `overwrite` (the user confirmed it in the
    /// save dialog); a workspace never is.
    pub fn export_pdf(&self, document: &str, path: &Path, overwrite: bool) -> AppResult<PdfExport> {
        let kind: DocumentKind = word("document", document)?;
        let request = export::Request {
            format: export::Format::Pdf(kind),
            out: path.to_path_buf(),
            force: overwrite,
        };
        let done = export::export(self.file()?, &request, Self::today())?;
        let report = done.pdf.ok_or_else(|| {
            AppError::new("internal", "The PDF was saved but its report is missing.")
        })?;
        Ok(PdfExport {
            path: path.display().to_string(),
            pages: report.pages,
            bytes: done.bytes,
            fingerprint: report.fingerprint,
            missing_characters: report
                .missing_characters
                .iter()
                .map(|(c, _)| c.to_string())
                .collect(),
        })
    }

    /// Every sign-off, oldest first, and whether it still matches.
    pub fn signoffs(&self) -> AppResult<Vec<SignoffState>> {
        Ok(accord_documents::signoff_states(&self.file()?.load()?))
    }

    /// Records that `by` signed the PDF at `pdf` (chosen in the open dialog): against the
    /// document and fingerprint that PDF carries, not the workspace as it is now. A file
    /// that is not a PDF Accord exported, or one altered since, is refused (field `pdf`)
    /// and nothing is recorded.
    pub fn record_signoff(
        &mut self,
        pdf: &Path,
        by: &str,
        method: &str,
        on: &str,
        note: &str,
    ) -> AppResult<SignoffState> {
        let draft = workspace::SignoffDraft {
            signed: workspace::Signed::Pdf {
                path: pdf.to_path_buf(),
                document: None,
            },
            by: id("by", by)?,
            method: word("method", method)?,
            on: date("on", on)?.unwrap_or_else(Session::today),
            note: note.to_string(),
        };
        let (file, stamp) = self.file_and_stamp()?;
        workspace::record_signoff(file, draft, &stamp)
    }
}
