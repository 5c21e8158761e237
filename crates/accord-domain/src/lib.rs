//! Accord's domain: the records a collaboration workspace holds and the rules over them.
//!
//! This crate does no IO and knows nothing of SQL, files, clocks or the network: time,
//! ids and the acting person are always passed in, so every rule is deterministic.

#[macro_use]
mod macros;

pub mod agreement;
pub mod decision;
pub mod error;
pub mod finding;
pub mod handover;
pub mod merge;
pub mod party;
pub mod project;
pub mod raci;
pub mod readiness;
pub mod signoff;
pub mod text;
pub mod vocabulary;
pub mod workspace;

pub use agreement::{
    Agreement, AgreementStatus, STANDARD_SECTIONS, Section, SectionStatus, StandardSection,
};
pub use decision::{Decision, DecisionNumber, DecisionStatus};
pub use error::RuleError;
pub use finding::{Finding, Location, Severity};
pub use handover::{HandoverNote, HandoverStatus};
pub use party::{Organisation, OrganisationKind, PartyRole, Person};
pub use project::{BudgetBand, CollaborationLevel, Language, Phase, Project, ProjectStatus};
pub use raci::{Activity, Assignment, Raci, RaciRole, STANDARD_ACTIVITIES};
pub use readiness::{Blocker, ReadinessReport, SectionState};
pub use signoff::{DocumentKind, Signoff, SignoffMethod};
pub use workspace::{Actor, FORMAT, FORMAT_VERSION, Workspace};

/// A record's stable identifier (UUID; v7 for records made by Accord, so they sort by creation).
pub type Id = uuid::Uuid;
