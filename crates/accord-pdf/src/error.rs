//! Why a PDF could not be made or read: each failure has a stable code and a sentence a
//! council officer understands.

use thiserror::Error;

#[derive(Debug, Error)]
pub enum PdfError {
    /// The bytes are not a PDF that can be read.
    #[error("This file is not a PDF that can be read ({0}).")]
    NotAPdf(String),
    /// A readable PDF, but not one Accord exported (no fingerprint in its metadata).
    #[error("This PDF was not exported by Accord: it carries no content fingerprint.")]
    NotSigned,
    /// Accord's metadata is there but damaged or altered.
    #[error("This PDF's fingerprint details are damaged or were altered: {0}")]
    BadMetadata(String),
    /// The PDF was made with a canonical form this version does not know.
    #[error(
        "This PDF was fingerprinted with \"{0}\", which this version of Accord cannot check. Update Accord."
    )]
    UnknownCanonicalForm(String),
    /// The embedded typeface could not be prepared.
    #[error("The typeface could not be prepared for this document: {0}")]
    Font(String),
    /// Writing the PDF failed.
    #[error("The PDF could not be written: {0}")]
    Write(String),
}

impl PdfError {
    /// A stable, machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            PdfError::NotAPdf(_) => "not_a_pdf",
            PdfError::NotSigned => "not_signed",
            PdfError::BadMetadata(_) => "bad_metadata",
            PdfError::UnknownCanonicalForm(_) => "unknown_canonical_form",
            PdfError::Font(_) => "font",
            PdfError::Write(_) => "write",
        }
    }
}
