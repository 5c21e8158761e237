//! The project a workspace is about: its problem, outcomes, phase and how open it is.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::{Id, RuleError, text};

vocabulary! {
    /// Where the project is in its life (the GDS phases, as Pipeline lists them).
    Phase { Concept => "concept", Discovery => "discovery", Alpha => "alpha", Beta => "beta", Live => "live", Retired => "retired" }
}

vocabulary! {
    /// Whether work is going on.
    ProjectStatus { Active => "active", Paused => "paused", Closed => "closed" }
}

vocabulary! {
    /// How far the project invites others in (Pipeline's levels).
    CollaborationLevel { ShareIdeas => "share_ideas", OpenToConversation => "open_to_conversation", ShareFunding => "share_funding" }
}

vocabulary! {
    /// A rough size of budget, so that others can judge fit without seeing figures.
    BudgetBand {
        UpTo50k => "0-50k" ("Up to £50,000"), From50kTo100k => "50-100k" ("£50,000 to £100,000"),
        From100kTo250k => "100-250k" ("£100,000 to £250,000"), From250kTo500k => "250-500k" ("£250,000 to £500,000"),
        From500kTo1m => "500k-1m" ("£500,000 to £1 million"), Over1m => "over-1m" ("Over £1 million")
    }
}

vocabulary! {
    /// The language the project's documents are written in, as a BCP 47 tag: what a PDF
    /// declares (`/Lang`, `dc:language`) so that a screen reader speaks it with the right
    /// voice. British English unless the councils say their documents are in Welsh.
    #[derive(Default)]
    Language { #[default] EnglishUk => "en-GB" ("English (UK)"), Welsh => "cy" ("Welsh (Cymraeg)") }
}

/// The shared problem and how the councils will know they have solved it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Project {
    pub id: Id,
    pub title: String,
    #[serde(default)]
    pub problem: String,
    #[serde(default)]
    pub outcomes: String,
    pub phase: Phase,
    pub status: ProjectStatus,
    #[serde(default)]
    pub tags: Vec<String>,
    pub collaboration_level: CollaborationLevel,
    #[serde(default)]
    pub budget_band: Option<BudgetBand>,
    #[serde(default)]
    pub looking_for_partners: bool,
    #[serde(default)]
    pub start_date: Option<NaiveDate>,
    #[serde(default)]
    pub review_date: Option<NaiveDate>,
    #[serde(default)]
    pub pipeline_id: Option<String>,
    /// The language its documents are written in (`en-GB` when a file or JSON document
    /// from before this field says nothing).
    #[serde(default)]
    pub language: Language,
}

impl Project {
    /// A new project in discovery, open to conversation: what most councils start with.
    pub fn new(id: Id, title: &str) -> Result<Project, RuleError> {
        Ok(Project {
            id,
            title: text::required("The project title", title)?,
            problem: String::new(),
            outcomes: String::new(),
            phase: Phase::Discovery,
            status: ProjectStatus::Active,
            tags: Vec::new(),
            collaboration_level: CollaborationLevel::OpenToConversation,
            budget_band: None,
            looking_for_partners: false,
            start_date: None,
            review_date: None,
            pipeline_id: None,
            language: Language::default(),
        })
    }

    /// Applies the fields of `patch` that are set.
    pub fn apply(&mut self, patch: ProjectPatch) -> Result<(), RuleError> {
        if let Some(title) = patch.title {
            self.title = text::required("The project title", &title)?;
        }
        set(&mut self.problem, patch.problem);
        set(&mut self.outcomes, patch.outcomes);
        set(&mut self.phase, patch.phase);
        set(&mut self.status, patch.status);
        if let Some(tags) = patch.tags {
            self.tags = text::normalise_tags(tags);
        }
        set(&mut self.collaboration_level, patch.collaboration_level);
        set(&mut self.budget_band, patch.budget_band);
        set(&mut self.looking_for_partners, patch.looking_for_partners);
        set(&mut self.start_date, patch.start_date);
        set(&mut self.review_date, patch.review_date);
        set(&mut self.pipeline_id, patch.pipeline_id);
        set(&mut self.language, patch.language);
        if let (Some(start), Some(review)) = (self.start_date, self.review_date)
            && review < start
        {
            return Err(RuleError::Invalid(format!(
                "The review date ({review}) is before the start date ({start})."
            )));
        }
        Ok(())
    }
}

/// A change to some of a project's fields; `None` leaves a field as it is.
/// For optional fields, `Some(None)` clears the value.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ProjectPatch {
    pub title: Option<String>,
    pub problem: Option<String>,
    pub outcomes: Option<String>,
    pub phase: Option<Phase>,
    pub status: Option<ProjectStatus>,
    pub tags: Option<Vec<String>>,
    pub collaboration_level: Option<CollaborationLevel>,
    pub budget_band: Option<Option<BudgetBand>>,
    pub looking_for_partners: Option<bool>,
    pub start_date: Option<Option<NaiveDate>>,
    pub review_date: Option<Option<NaiveDate>>,
    pub pipeline_id: Option<Option<String>>,
    pub language: Option<Language>,
}

pub(crate) fn set<T>(field: &mut T, value: Option<T>) {
    if let Some(value) = value {
        *field = value;
    }
}
