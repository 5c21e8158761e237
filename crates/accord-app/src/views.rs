//! Transport types: what each screen of the app is sent. Plain data, serialised as JSON.

use accord_domain::readiness::ReadinessReport;
use accord_domain::{
    Activity, Actor, Decision, Finding, HandoverNote, Organisation, Person, Project,
};
use accord_store::Summary;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct RecentView {
    pub name: String,
    pub path: String,
    /// False when the file has been moved or deleted since.
    pub exists: bool,
}

/// The start screen: who you are, recent workspaces, and the one open (if any).
#[derive(Debug, Clone, Serialize)]
pub struct StartView {
    pub me: Option<Actor>,
    pub recent: Vec<RecentView>,
    pub open: Option<String>,
    /// Why the workspace given at launch could not be opened, if it could not.
    pub problem: Option<crate::AppError>,
}

/// The project overview.
#[derive(Debug, Clone, Serialize)]
pub struct OverviewView {
    pub path: String,
    pub summary: Summary,
    pub report: ReadinessReport,
    /// True when the workspace is open read-only: the page shows a banner and no edit
    /// is attempted.
    pub read_only: bool,
    /// Why, as a sentence for the banner (`None` when writable).
    pub read_only_reason: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SectionView {
    pub key: String,
    pub title: String,
    pub body: String,
    pub status: String,
    pub empty: bool,
    pub guidance: Option<&'static str>,
    pub updated_at: Option<String>,
    pub updated_by: Option<String>,
    /// The version of the text shown (`WorkspaceFile::field_version`): the screen hands it
    /// back when it saves the text, so a change a sync made meanwhile is never overwritten.
    pub version: String,
    /// An open conflict on the text, when there is one (its id).
    pub conflict: Option<String>,
}

impl From<&accord_domain::Section> for SectionView {
    fn from(s: &accord_domain::Section) -> Self {
        SectionView {
            key: s.key.clone(),
            title: s.title.clone(),
            body: s.body.clone(),
            status: s.status.to_string(),
            empty: s.is_empty(),
            guidance: s.guidance(),
            updated_at: s.updated_at.map(|t| t.format("%Y-%m-%d %H:%M").to_string()),
            updated_by: s.updated_by.clone(),
            version: String::new(),
            conflict: None,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct AgreementView {
    pub version: u32,
    pub status: String,
    /// Whether this version may still be changed (the domain's rule): its fields and
    /// sections are editable only while it is open.
    pub open: bool,
    pub binding: bool,
    pub effective_date: Option<String>,
    pub review_date: Option<String>,
    pub sections: Vec<SectionView>,
}

/// A person or organisation as a column of the RACI matrix.
#[derive(Debug, Clone, Serialize)]
pub struct PartyView {
    pub id: String,
    pub name: String,
    /// `person` or `organisation`.
    pub kind: &'static str,
    pub active: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct CellView {
    pub activity: String,
    pub party: String,
    /// The letters held, in R, A, C, I order, such as "AR".
    pub roles: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RaciView {
    pub activities: Vec<Activity>,
    pub parties: Vec<PartyView>,
    pub cells: Vec<CellView>,
    pub findings: Vec<Finding>,
}

/// The result of setting one cell: its letters now, and the findings for its row.
#[derive(Debug, Clone, Serialize)]
pub struct CellChange {
    pub roles: String,
    pub row_findings: Vec<Finding>,
}

/// One line of the decisions list.
#[derive(Debug, Clone, Serialize)]
pub struct DecisionRow {
    pub id: String,
    pub number: String,
    pub title: String,
    pub date: String,
    pub status: String,
    pub tags: Vec<String>,
    /// Made here since sharing and not yet ordered by the server: the number may change.
    pub provisional: bool,
}

impl From<&Decision> for DecisionRow {
    fn from(d: &Decision) -> Self {
        DecisionRow {
            id: d.id.to_string(),
            number: d.number.to_string(),
            title: d.title.clone(),
            date: d.date.to_string(),
            status: d.status.to_string(),
            tags: d.tags.clone(),
            provisional: false,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct DecisionListView {
    pub total: u32,
    pub offset: u32,
    pub rows: Vec<DecisionRow>,
}

/// A decision in full, with its supersession both ways and people's names.
#[derive(Debug, Clone, Serialize)]
pub struct DecisionView {
    pub decision: Decision,
    pub editable: bool,
    /// Its number is provisional until the next sync (see [`DecisionRow::provisional`]).
    pub provisional: bool,
    pub supersedes: Option<DecisionRow>,
    pub superseded_by: Vec<DecisionRow>,
    pub deciders: Vec<String>,
    pub consulted: Vec<String>,
    pub informed: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct HandoverView {
    pub note: HandoverNote,
    pub holder_name: String,
    pub successor_name: Option<String>,
    pub missing_parts: Vec<&'static str>,
}

/// The parts of a handover, in the order the "prepare handover" path asks for them.
#[derive(Debug, Clone, Serialize)]
pub struct HandoverPart {
    pub field: &'static str,
    pub heading: &'static str,
    pub prompt: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct HandoverListView {
    pub notes: Vec<HandoverView>,
    pub parts: Vec<HandoverPart>,
    pub people: Vec<Person>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PartiesView {
    pub organisations: Vec<Organisation>,
    pub people: Vec<Person>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProjectView {
    pub project: Project,
}
