//! The words the desktop app's page offers and shows, loaded once when the page starts
//! (`ui/js/api.js`): every closed list, as the domain declares it, and the counts the
//! page states. The page keeps no copy, so a new phase or status is one edit in
//! accord-domain and appears here, in the CLI's parsing and on the page alike.

use accord_domain::vocabulary::Word;
use accord_domain::{
    AgreementStatus, BudgetBand, CollaborationLevel, DecisionStatus, DocumentKind, HandoverStatus,
    Language, OrganisationKind, PartyRole, Phase, ProjectStatus, RaciRole, SectionStatus, Severity,
    SignoffMethod,
};
use accord_pipeline::protocol::Nation;
use accord_pipeline::protocol::sync::SyncRole;
use serde::Serialize;

/// Every closed list the page needs, each in the order it is offered.
#[derive(Debug, Clone, Serialize)]
pub struct Vocabulary {
    pub phases: Vec<Word>,
    pub project_statuses: Vec<Word>,
    pub collaboration_levels: Vec<Word>,
    pub budget_bands: Vec<Word>,
    /// The languages a project's documents may be written in (BCP 47 tags).
    pub languages: Vec<Word>,
    pub organisation_kinds: Vec<Word>,
    pub party_roles: Vec<Word>,
    /// The RACI letters, each labelled with its meaning ("R", "Responsible").
    pub raci_roles: Vec<Word>,
    pub agreement_statuses: Vec<Word>,
    pub section_statuses: Vec<Word>,
    pub decision_statuses: Vec<Word>,
    pub handover_statuses: Vec<Word>,
    /// The documents Accord exports for signing, labelled by the name on their pages.
    pub documents: Vec<Word>,
    pub signoff_methods: Vec<Word>,
    pub severities: Vec<Word>,
    /// The UK's nations, as the Pipeline directory searches by them.
    pub nations: Vec<Word>,
    /// The roles a council may be admitted to a shared project with (the lead is the one
    /// that shared it).
    pub sync_roles: Vec<Word>,
}

/// The words of every closed list, as the page shows them.
pub fn vocabulary() -> Vocabulary {
    Vocabulary {
        phases: Phase::entries(),
        project_statuses: ProjectStatus::entries(),
        collaboration_levels: CollaborationLevel::entries(),
        budget_bands: BudgetBand::entries(),
        languages: Language::entries(),
        organisation_kinds: OrganisationKind::entries(),
        party_roles: PartyRole::entries(),
        raci_roles: RaciRole::entries(),
        agreement_statuses: AgreementStatus::entries(),
        section_statuses: SectionStatus::entries(),
        decision_statuses: DecisionStatus::entries(),
        handover_statuses: HandoverStatus::entries(),
        documents: DocumentKind::ALL
            .iter()
            .map(|&d| Word::new(d.as_str(), accord_documents::document_name(d).into()))
            .collect(),
        signoff_methods: SignoffMethod::entries(),
        severities: Severity::entries(),
        nations: Nation::ALL
            .iter()
            .map(|&n| Word::new(n.as_str(), n.name().into()))
            .collect(),
        sync_roles: [
            (SyncRole::Partner, "Partner: reads and changes"),
            (SyncRole::Observer, "Observer: reads only"),
        ]
        .into_iter()
        .map(|(r, label)| Word::new(r.as_str(), label.into()))
        .collect(),
    }
}
