//! Accord's documents as PDF: [`render`] draws a document of a workspace, with its
//! content fingerprint on every page and in its metadata; [`read_fingerprint`] and
//! [`verify`] read that back from a PDF and say what has changed since it was signed:
//! in the workspace (records named), or in the PDF itself (pages altered after export).
//!
//! The layout is done here (printpdf only places text): text is measured with the
//! embedded DejaVu Sans glyph widths and wrapped by the `wrap` module; the font is subset to
//! the characters each document uses. Nothing here reads the clock: the export date
//! and the workspace version are passed in [`RenderOptions`].

pub mod error;
mod flow;
mod font;
mod furniture;
pub mod integrity;
pub mod metadata;
mod page;
mod render;
mod structure;
mod tagging;
mod wrap;
mod write;

use accord_documents::{CANONICAL_FORM, ContentChanges, Document, DocumentFingerprint, compare};
use accord_domain::{DocumentKind, PartyRole, Workspace};
use chrono::NaiveDate;

pub use error::PdfError;
pub use metadata::{ATTACHMENT, SignedContent, read_fingerprint};

/// What draws the pages, recorded in every PDF: a PDF drawn by this same renderer can be
/// compared page by page with its document drawn again.
/// The layout number goes up whenever the same document would be drawn differently (2:
/// lists drawn and tagged as lists), so a PDF from an earlier layout is checked against
/// the digests it records only, never against a drawing it could not match.
pub const RENDERER: &str = concat!("accord-pdf ", env!("CARGO_PKG_VERSION"), " layout 2");

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
    /// The digest of each page as drawn (recorded in the PDF; see [`integrity`]).
    pub page_digests: Vec<String>,
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
    let (tree, bookmarks) = (laid.tree, laid.bookmarks);
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
        lang: doc.language.as_str(),
        signed: SignedContent {
            document: doc.kind,
            canonical_form: CANONICAL_FORM.to_string(),
            fingerprint: fingerprint.clone(),
            project: doc.project.title.clone(),
            workspace_version: version.clone(),
            exported_on: options.date,
            pages: Vec::new(),
            page_digest: String::new(),
            renderer: String::new(),
        },
    };
    let structure = write::Structure {
        tree: &tree,
        bookmarks: &bookmarks,
        lang: doc.language.as_str(),
    };
    let (pdf, page_digests) = write::write(&pages, &structure, &stamp)?;
    Ok(Rendered {
        pdf,
        pages: pages.len(),
        fingerprint,
        missing_characters: missing.into_iter().collect(),
        page_digests,
    })
}

/// A signed PDF checked against the workspace as it is now, and against itself.
#[derive(Debug, Clone)]
pub struct Verification {
    /// What the PDF says was signed.
    pub signed: SignedContent,
    /// The same document's fingerprint now.
    pub current: DocumentFingerprint,
    /// Which records changed, were added or removed since.
    pub changes: ContentChanges,
    /// How the PDF's own pages differ from the pages Accord exported, if they do.
    pub altered: Option<Alteration>,
}

/// How a PDF's pages differ from those Accord exported.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Alteration {
    /// Pages were removed or added.
    PageCount { exported: usize, now: usize },
    /// These pages (numbered from 1) are not as exported.
    Pages(Vec<usize>),
}

impl std::fmt::Display for Alteration {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Alteration::PageCount { exported, now } => write!(
                f,
                "it has {now} page{}, but Accord exported {exported}",
                if *now == 1 { "" } else { "s" }
            ),
            Alteration::Pages(pages) if pages.len() == 1 => {
                write!(f, "page {} is not as Accord exported it", pages[0])
            }
            Alteration::Pages(pages) => {
                let list: Vec<String> = pages.iter().map(|p| p.to_string()).collect();
                write!(
                    f,
                    "pages {} are not as Accord exported them",
                    list.join(", ")
                )
            }
        }
    }
}

/// A PDF Accord exported, as read: what it says was signed and its pages as they are.
#[derive(Debug, Clone)]
pub struct Exported {
    pub signed: SignedContent,
    /// The digest of each page as the PDF now draws it.
    pub pages: Vec<String>,
}

/// Reads what `pdf` says was signed, and takes the digest of each of its pages.
pub fn read_exported(pdf: &[u8]) -> Result<Exported, PdfError> {
    let doc = metadata::load(pdf)?;
    let signed = metadata::read_signed(&doc)?;
    Ok(Exported {
        signed,
        pages: integrity::page_digests(&doc),
    })
}

/// Reads `pdf` and checks it against itself and against the same document built from
/// `ws` now.
pub fn verify(pdf: &[u8], ws: &Workspace) -> Result<Verification, PdfError> {
    Ok(read_exported(pdf)?.check_against(ws))
}

/// The pages of `now` that differ from `exported`, if any.
fn compare_pages(exported: &[String], now: &[String]) -> Option<Alteration> {
    if exported.len() != now.len() {
        return Some(Alteration::PageCount {
            exported: exported.len(),
            now: now.len(),
        });
    }
    let differ: Vec<usize> = exported
        .iter()
        .zip(now)
        .enumerate()
        .filter(|(_, (a, b))| a != b)
        .map(|(i, _)| i + 1)
        .collect();
    (!differ.is_empty()).then_some(Alteration::Pages(differ))
}

impl Exported {
    /// Compares what was signed with the same document built from `ws` now (which
    /// records were changed, added or removed since), and the PDF's pages with the pages
    /// exported: first with the digests recorded in the PDF; then, when the workspace
    /// still holds exactly what was signed and this renderer drew the PDF, with the
    /// document drawn again with the recorded date and version. The second comparison
    /// catches a PDF whose recorded digests were rewritten along with its pages.
    pub fn check_against(self, ws: &Workspace) -> Verification {
        let doc = accord_documents::build(ws, self.signed.document);
        let current = doc.fingerprint();
        let changes = compare(&self.signed.fingerprint, &current);
        let digests_known = self.signed.page_digest == integrity::PAGE_DIGEST;
        let mut altered = if digests_known {
            compare_pages(&self.signed.pages, &self.pages)
        } else {
            None
        };
        if altered.is_none()
            && changes.unchanged
            && digests_known
            && self.signed.renderer == RENDERER
        {
            let options = RenderOptions {
                date: self.signed.exported_on,
                workspace_version: self.signed.workspace_version.clone(),
            };
            // The author goes into the metadata only, never onto a page.
            if let Ok(again) = render_document(&doc, "", &options) {
                altered = compare_pages(&again.page_digests, &self.pages);
            }
        }
        Verification {
            signed: self.signed,
            current,
            changes,
            altered,
        }
    }
}
