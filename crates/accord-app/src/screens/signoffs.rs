//! Sign-off PDFs and the sign-offs screen: export a document for signing, record who
//! signed it, and see whether each sign-off still matches the workspace.

use std::path::Path;

use accord_documents::SignoffState;
use accord_domain::{DocumentKind, Id, Signoff};
use serde::Serialize;

use super::{date, id, word};
use crate::{AppError, AppResult, Session, export};

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

    /// Records that `by` signed `document` as it is now (its current fingerprint).
    pub fn record_signoff(
        &mut self,
        document: &str,
        by: &str,
        method: &str,
        on: &str,
        note: &str,
    ) -> AppResult<SignoffState> {
        let kind: DocumentKind = word("document", document)?;
        let signed_by = id("by", by)?;
        let signed_on = date("on", on)?.unwrap_or_else(Session::today);
        let method = word("method", method)?;
        let mut ws = self.file()?.load()?;
        let fingerprint = accord_documents::fingerprint(&ws, kind).sha256;
        let (file, stamp) = self.file_and_stamp()?;
        let s = file.record_signoff(
            Signoff {
                id: Id::now_v7(),
                document: kind,
                fingerprint,
                signed_by,
                signed_on,
                method,
                note: note.trim().to_string(),
            },
            &stamp,
        )?;
        // The workspace just loaded plus this sign-off is the workspace now: no second load.
        ws.signoffs.push(s);
        let state = accord_documents::signoff_states(&ws).pop();
        state.ok_or_else(|| {
            AppError::new(
                "internal",
                "The sign-off was saved but could not be read back.",
            )
        })
    }
}
