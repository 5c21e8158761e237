//! Accord's documents as PDF: [`render`] draws a document of a workspace, with its
//! content fingerprint on every page and in its metadata; [`read_fingerprint`] and
//! [`verify`] read that back from a PDF and say what has changed since it was signed.
//!
//! The layout is done here (printpdf only places text): text is measured with the
//! embedded DejaVu Sans glyph widths and wrapped by the `wrap` module; the font is subset to
//! the characters each document uses. Nothing here reads the clock: the export date
//! and the workspace version are passed in [`RenderOptions`].

pub mod error;
mod flow;
mod font;
mod furniture;
pub mod metadata;
mod page;
mod render;
mod wrap;
mod write;

use accord_documents::{CANONICAL_FORM, ContentChanges, Document, DocumentFingerprint, compare};
use accord_domain::{DocumentKind, PartyRole, Workspace};
use chrono::NaiveDate;

pub use error::PdfError;
pub use metadata::{ATTACHMENT, SignedContent, read_fingerprint};

/// What every page states besides the content: passed in, never read from the clock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderOptions {
    /// The export date, printed on every page and stored as the creation date.
    pub date: NaiveDate,
    /// The workspace version the document was made from, as the store names it.
    pub workspace_version: String,
}

/// A rendered PDF with what a caller may want to tell the user.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub pdf: Vec<u8>,
    pub pages: usize,
    pub fingerprint: DocumentFingerprint,
    /// Characters the typeface cannot print (shown as U+FFFD), with how often each
    /// occurs. The fingerprint still covers the text as typed.
    pub missing_characters: Vec<(char, usize)>,
}

/// The PDF of document `kind` of `ws`.
pub fn render(
    ws: &Workspace,
    kind: DocumentKind,
    options: &RenderOptions,
) -> Result<Vec<u8>, PdfError> {
    Ok(render_document(&accord_documents::build(ws, kind), &author(ws), options)?.pdf)
}

/// Like [`render`], with the page count, fingerprint and unprintable characters.
pub fn render_with_report(
    ws: &Workspace,
    kind: DocumentKind,
    options: &RenderOptions,
) -> Result<Rendered, PdfError> {
    render_document(&accord_documents::build(ws, kind), &author(ws), options)
}

/// The PDF's author: the lead organisations, or Accord when there are none.
fn author(ws: &Workspace) -> String {
    let leads: Vec<String> = ws
        .organisations
        .iter()
        .filter(|o| o.role == PartyRole::Lead)
        .map(|o| accord_documents::text::one_line(&o.name))
        .collect();
    if leads.is_empty() {
        "Accord".to_string()
    } else {
        leads.join(", ")
    }
}

/// Renders an already-built document; `author` goes into the PDF's metadata.
pub fn render_document(
    doc: &Document,
    author: &str,
    options: &RenderOptions,
) -> Result<Rendered, PdfError> {
    let fingerprint = doc.fingerprint();
    let version = accord_documents::text::one_line(&options.workspace_version);
    let laid = render::lay_out(doc, &fingerprint.sha256, options.date, &version);
    let mut pages = laid.pages;
    let mut missing = laid.missing;
    let date = render::long_date(options.date);
    furniture::furnish(
        &mut pages,
        &furniture::Furniture {
            name: doc.name(),
            project: &doc.project.title,
            workspace_version: &version,
            date: &date,
            fingerprint: &fingerprint.sha256,
        },
        &mut missing,
    );
    let stamp = metadata::Stamp {
        title: format!("{}: {}", doc.name(), doc.project.title),
        author: author.to_string(),
        subject: format!(
            "{} for {}, exported {date}. Content fingerprint (SHA-256) {}.",
            doc.name(),
            doc.project.title,
            fingerprint.sha256
        ),
        signed: SignedContent {
            document: doc.kind,
            canonical_form: CANONICAL_FORM.to_string(),
            fingerprint: fingerprint.clone(),
            project: doc.project.title.clone(),
            workspace_version: version.clone(),
            exported_on: options.date,
        },
    };
    let pdf = write::write(&pages, &stamp)?;
    Ok(Rendered {
        pdf,
        pages: pages.len(),
        fingerprint,
        missing_characters: missing.into_iter().collect(),
    })
}

/// A signed PDF checked against the workspace as it is now.
#[derive(Debug, Clone)]
pub struct Verification {
    /// What the PDF says was signed.
    pub signed: SignedContent,
    /// The same document's fingerprint now.
    pub current: DocumentFingerprint,
    /// Which records changed, were added or removed since.
    pub changes: ContentChanges,
}

/// Reads the fingerprint from `pdf` and compares it with the same document built from
/// `ws` now.
pub fn verify(pdf: &[u8], ws: &Workspace) -> Result<Verification, PdfError> {
    Ok(read_fingerprint(pdf)?.check_against(ws))
}

impl SignedContent {
    /// Compares what was signed with the same document built from `ws` now: which
    /// records were changed, added or removed since.
    pub fn check_against(self, ws: &Workspace) -> Verification {
        let current = accord_documents::fingerprint(ws, self.document);
        let changes = compare(&self.fingerprint, &current);
        Verification {
            signed: self,
            current,
            changes,
        }
    }
}
