//! The document model: exactly what each exported document shows, as plain values.
//!
//! Everything here is already in the form the reader sees: names instead of ids,
//! decision numbers instead of links, text passed through [`crate::text::shown`].
//! Labels and layout (headings, "Page 3 of 9", the legend) belong to the renderer; the
//! values here are what the fingerprint covers.

use accord_domain::{
    AgreementStatus, DecisionStatus, DocumentKind, HandoverStatus, Language, OrganisationKind,
    PartyRole, Phase, ProjectStatus, SectionStatus,
};
use chrono::NaiveDate;
use serde::Serialize;

/// One exported document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Document {
    pub kind: DocumentKind,
    /// The project the document is about.
    pub project: ProjectSummary,
    /// The organisations taking part, in the order the workspace lists them.
    pub parties: Vec<PartyLine>,
    pub body: Body,
    /// One block per signatory; empty when the document asks for no signatures.
    pub signatures: Vec<SignatureBlock>,
    /// The language its text is written in (the project's): declared in the PDF for
    /// screen readers, not shown, so not part of the fingerprint.
    pub language: Language,
}

/// What the document is, with its content.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Body {
    Agreement(AgreementText),
    Raci(RaciTable),
    Decisions(DecisionLog),
    Handover(HandoverPack),
    Pack(GovernancePack),
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProjectSummary {
    pub title: String,
    pub problem: String,
    pub outcomes: String,
    pub phase: Phase,
    pub status: ProjectStatus,
}

/// An organisation taking part.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartyLine {
    pub name: String,
    pub kind: OrganisationKind,
    pub role: PartyRole,
    pub gss_code: Option<String>,
}

/// The collaboration agreement: its version and status, and every section in order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgreementText {
    pub version: u32,
    pub status: AgreementStatus,
    pub binding: bool,
    pub effective_date: Option<NaiveDate>,
    pub review_date: Option<NaiveDate>,
    pub sections: Vec<SectionText>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SectionText {
    pub key: String,
    pub title: String,
    pub status: SectionStatus,
    /// Empty when nothing has been written yet (the renderer says so).
    pub body: String,
}

/// The RACI matrix: one row per activity, one column per party.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RaciTable {
    /// The columns. Labels are unique within the table.
    pub parties: Vec<RaciParty>,
    pub rows: Vec<RaciRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RaciParty {
    /// The column label: the party's name, made unique if two parties share one.
    pub label: String,
    /// For a person, their organisation's name.
    pub organisation: Option<String>,
    pub is_person: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RaciRow {
    pub activity: String,
    pub description: String,
    pub phase: Option<Phase>,
    /// The filled cells only: `(party label, roles)` with roles such as `"A, R"`, in
    /// column order.
    pub cells: Vec<(String, String)>,
}

/// The decisions log, in number order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DecisionLog {
    pub decisions: Vec<DecisionEntry>,
}

/// One decision, in full.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DecisionEntry {
    /// `D-004`.
    pub number: String,
    pub title: String,
    pub date: NaiveDate,
    pub status: DecisionStatus,
    pub context: String,
    pub options: Vec<String>,
    pub decision: String,
    pub consequences: String,
    pub deciders: Vec<String>,
    pub consulted: Vec<String>,
    pub informed: Vec<String>,
    /// The number of the decision this one replaces ("Supersedes D-003").
    pub supersedes: Option<String>,
    /// The decisions that replaced this one ("Superseded by D-009"): accepted ones, and
    /// ones accepted then later superseded or deprecated themselves.
    pub superseded_by: Vec<String>,
    /// Proposed decisions that would replace this one if accepted.
    pub replacement_proposed_in: Vec<String>,
    pub review_date: Option<NaiveDate>,
    pub tags: Vec<String>,
}

/// What a successor needs: the handover notes, the RACI rows each holder is R or A
/// for, the decisions still open, and the people to know.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HandoverPack {
    pub notes: Vec<HandoverNoteText>,
    /// Decisions still `proposed`.
    pub open_decisions: Vec<DecisionEntry>,
    pub key_people: Vec<KeyPerson>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HandoverNoteText {
    pub role: String,
    pub holder: String,
    pub successor: Option<String>,
    pub handover_date: Option<NaiveDate>,
    pub status: HandoverStatus,
    /// `(heading, text)` for each part of the note, in the standard order.
    pub parts: Vec<(String, String)>,
    pub acknowledged_on: Option<NaiveDate>,
    /// The activities the holder is Responsible or Accountable for: `(activity, roles)`.
    pub holder_raci: Vec<(String, String)>,
}

/// Someone a successor needs to know, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KeyPerson {
    pub name: String,
    pub job_title: String,
    pub organisation: Option<String>,
    pub email: String,
    pub phone: String,
    pub active: bool,
    /// Such as "Signatory for Adur District Council", "Accountable for Owning the data".
    pub why: Vec<String>,
}

/// The governance pack: every other document, behind a title page and contents list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GovernancePack {
    pub agreement: AgreementText,
    pub raci: RaciTable,
    pub decisions: DecisionLog,
    pub handover: HandoverPack,
}

/// A place for one person to sign.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SignatureBlock {
    /// Who the signature is for: "For Adur District Council", "Handed over by".
    pub capacity: String,
    /// The signatory's name; `None` leaves a line to write it on.
    pub name: Option<String>,
    pub job_title: String,
    pub organisation: Option<String>,
}

impl Document {
    /// The name printed on every page, such as "Collaboration agreement".
    pub fn name(&self) -> &'static str {
        crate::document_name(self.kind)
    }
}
