//! What each document Accord exports for signing shows, built from a workspace, and the
//! fingerprint of that content.
//!
//! This crate does no IO: it takes a [`Workspace`](accord_domain::Workspace) and returns
//! plain values. The PDF renderer (`accord-pdf`) draws these values and nothing else, so
//! the fingerprint computed here covers exactly what the signed PDF shows.
//!
//! ```text
//! Workspace ──build──▶ Document ──fingerprint──▶ DocumentFingerprint { sha256, records }
//!                         │
//!                         └──(accord-pdf)──▶ PDF bytes, with the fingerprint on every page
//! ```

pub mod build;
pub mod canonical;
pub mod changes;
pub mod fingerprint;
pub mod model;
pub mod signoffs;
pub mod text;

pub use build::build;
pub use changes::{ContentChanges, compare};
pub use fingerprint::{CANONICAL_FORM, DocumentFingerprint, fingerprint};
pub use model::*;
pub use signoffs::{SignoffState, signoff_findings, signoff_states};

/// The name a document is known by, as printed on its pages.
pub fn document_name(kind: accord_domain::DocumentKind) -> &'static str {
    use accord_domain::DocumentKind::*;
    match kind {
        Pack => "Governance pack",
        Agreement => "Collaboration agreement",
        Raci => "RACI matrix",
        Decisions => "Decisions log",
        Handover => "Handover pack",
    }
}
