//! A project's public listing in the directory, how to search for listings, and the rules a draft must meet.

use chrono::{DateTime, NaiveDate, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{
    BudgetBand, CollaborationLevel, Invalid, OrganisationKind, PartyRole, Phase, ProjectStatus,
};

/// A listing's identifier on a Pipeline server (the workspace keeps it as `pipeline_id`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(transparent)]
pub struct ListingId(pub Uuid);

impl std::fmt::Display for ListingId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::str::FromStr for ListingId {
    type Err = uuid::Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Uuid::parse_str(s.trim()).map(ListingId)
    }
}

/// The limits a draft must keep to, so that one listing cannot swamp the directory.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub title: usize,
    pub long_text: usize,
    pub short_text: usize,
    pub tags: usize,
    pub tag: usize,
    pub organisations: usize,
    pub search_words: usize,
    pub page: u32,
    /// The furthest a search may page (`offset`); past it, narrow the search instead.
    pub offset: u32,
    /// Status updates one listing may have.
    pub updates: usize,
    /// Tags one user may subscribe to.
    pub subscriptions: usize,
    /// Listings one user may watch.
    pub watches: usize,
    /// Member organisations of one project (its listing's members, or its sync members).
    pub members: usize,
}

/// The limits in force.
pub const LIMITS: Limits = Limits {
    title: 200,
    long_text: 5_000,
    short_text: 200,
    tags: 20,
    tag: 40,
    organisations: 30,
    search_words: 8,
    page: 100,
    offset: 10_000,
    updates: 1_000,
    subscriptions: 200,
    watches: 500,
    members: 100,
};

/// An organisation taking part, as the publishing council lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ListedOrganisation {
    #[schemars(length(min = 1, max = 200), regex(pattern = r"\S"))]
    pub name: String,
    pub kind: OrganisationKind,
    /// The ONS code, such as `E07000223`; it places the listing in a nation and region.
    #[serde(default)]
    #[schemars(regex(pattern = r"^\s*([EWSNewsn][0-9]{8})?\s*$"))]
    pub gss_code: Option<String>,
    pub role: PartyRole,
}

/// Whether an organisation a listing names has said it takes part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Confirmation {
    /// The organisation has confirmed it takes part (or it published the listing).
    Confirmed,
    /// Named by the publisher and not yet confirmed: the listing is not found by this
    /// organisation's nation or region.
    Invited,
}

impl Confirmation {
    pub fn as_str(self) -> &'static str {
        match self {
            Confirmation::Confirmed => "confirmed",
            Confirmation::Invited => "invited",
        }
    }
}

/// An organisation as a published listing shows it: as the publisher named it, and whether
/// it has confirmed. (An organisation that declined is not shown at all.)
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ListedPartner {
    pub name: String,
    pub kind: OrganisationKind,
    pub gss_code: Option<String>,
    pub role: PartyRole,
    pub confirmation: Confirmation,
}

impl ListedPartner {
    /// The organisation as a draft names it.
    pub fn listed(&self) -> ListedOrganisation {
        ListedOrganisation {
            name: self.name.clone(),
            kind: self.kind,
            gss_code: self.gss_code.clone(),
            role: self.role,
        }
    }
}

/// The key an organisation's name is matched by: trimmed, ASCII letters in lower case.
pub fn name_key(name: &str) -> String {
    name.trim().to_ascii_lowercase()
}

/// Who to talk to about the project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend(
    "if" = { "properties": { "publish_email": { "const": true } }, "required": ["publish_email"] },
    "then" = { "required": ["email"], "properties": { "email": { "maxLength": 200, "pattern": "^\\s*[^@\\s]+@\\S*\\.\\S*\\s*$" } } }
))]
pub struct Contact {
    #[schemars(length(min = 1, max = 200), regex(pattern = r"\S"))]
    pub name: String,
    /// Sent and shown only when `publish_email` is true; otherwise empty.
    #[serde(default)]
    pub email: String,
    /// Whether the publisher chose to publish the email address (default: not).
    #[serde(default)]
    pub publish_email: bool,
    #[serde(default)]
    #[schemars(length(max = 200))]
    pub job_title: String,
    #[serde(default)]
    #[schemars(length(max = 200))]
    pub department: String,
}

/// What a council publishes, or republishes to update: the public part of its project.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ListingDraft {
    #[schemars(length(min = 1, max = 200), regex(pattern = r"\S"))]
    pub title: String,
    /// The shared problem in plain words.
    #[serde(default)]
    #[schemars(length(max = 5000))]
    pub problem: String,
    /// What success looks like.
    #[serde(default)]
    #[schemars(length(max = 5000))]
    pub outcomes: String,
    /// Topics, lower-cased and de-duplicated by the server.
    #[serde(default)]
    #[schemars(length(max = 20), inner(length(max = 40)))]
    pub tags: Vec<String>,
    pub phase: Phase,
    #[serde(default = "active")]
    pub status: ProjectStatus,
    /// The organisations taking part and their roles.
    #[serde(default)]
    #[schemars(length(max = 30))]
    pub organisations: Vec<ListedOrganisation>,
    #[serde(default)]
    pub contact: Option<Contact>,
    pub collaboration_level: CollaborationLevel,
    #[serde(default)]
    pub budget_band: Option<BudgetBand>,
    #[serde(default)]
    pub looking_for_partners: bool,
    #[serde(default)]
    pub start_date: Option<NaiveDate>,
    #[serde(default)]
    pub review_date: Option<NaiveDate>,
    /// The workspace's project id. Publishing again with the same one updates the same
    /// listing instead of making a second, so a retried publish is harmless.
    #[serde(default)]
    pub workspace_id: Option<Uuid>,
}

fn active() -> ProjectStatus {
    ProjectStatus::Active
}

impl ListingDraft {
    /// A draft with the fields every listing needs and nothing else.
    pub fn new(title: &str, phase: Phase, collaboration_level: CollaborationLevel) -> ListingDraft {
        ListingDraft {
            title: title.to_string(),
            problem: String::new(),
            outcomes: String::new(),
            tags: Vec::new(),
            phase,
            status: ProjectStatus::Active,
            organisations: Vec::new(),
            contact: None,
            collaboration_level,
            budget_band: None,
            looking_for_partners: false,
            start_date: None,
            review_date: None,
            workspace_id: None,
        }
    }

    /// Trims and normalises the draft, or names the first rule it breaks.
    pub fn normalised(mut self) -> Result<ListingDraft, Invalid> {
        self.title = bounded("title", &self.title, LIMITS.title, true)?;
        self.problem = bounded("problem", &self.problem, LIMITS.long_text, false)?;
        self.outcomes = bounded("outcomes", &self.outcomes, LIMITS.long_text, false)?;
        let tags = accord_domain::text::normalise_tags(&self.tags);
        if tags.len() > LIMITS.tags {
            return Err(invalid(
                "tags",
                format!(
                    "A listing may have at most {} tags; this one has {}.",
                    LIMITS.tags,
                    tags.len()
                ),
            ));
        }
        if let Some(long) = tags.iter().find(|t| t.chars().count() > LIMITS.tag) {
            return Err(invalid(
                "tags",
                format!("The tag '{long}' is longer than {} characters.", LIMITS.tag),
            ));
        }
        self.tags = tags;
        if self.organisations.len() > LIMITS.organisations {
            return Err(invalid(
                "organisations",
                format!(
                    "A listing may name at most {} organisations.",
                    LIMITS.organisations
                ),
            ));
        }
        for org in &mut self.organisations {
            org.name = bounded("organisations.name", &org.name, LIMITS.short_text, true)?;
            org.gss_code = match org
                .gss_code
                .as_deref()
                .map(str::trim)
                .filter(|c| !c.is_empty())
            {
                None => None,
                Some(code) => Some(gss_code(code)?),
            };
        }
        if let Some(contact) = &mut self.contact {
            contact.name = bounded("contact.name", &contact.name, LIMITS.short_text, true)?;
            // An address the publisher did not choose to publish is not even kept.
            contact.email = if contact.publish_email {
                bounded("contact.email", &contact.email, LIMITS.short_text, true)?
            } else {
                String::new()
            };
            if contact.publish_email && !looks_like_email(&contact.email) {
                return Err(invalid(
                    "contact.email",
                    format!("'{}' does not look like an email address.", contact.email),
                ));
            }
            contact.job_title = bounded(
                "contact.job_title",
                &contact.job_title,
                LIMITS.short_text,
                false,
            )?;
            contact.department = bounded(
                "contact.department",
                &contact.department,
                LIMITS.short_text,
                false,
            )?;
        }
        if let (Some(start), Some(review)) = (self.start_date, self.review_date)
            && review < start
        {
            return Err(invalid(
                "review_date",
                format!("The review date ({review}) is before the start date ({start})."),
            ));
        }
        Ok(self)
    }
}

fn invalid(field: &'static str, message: String) -> Invalid {
    Invalid { field, message }
}

fn bounded(
    field: &'static str,
    value: &str,
    max: usize,
    required: bool,
) -> Result<String, Invalid> {
    let value = value.trim();
    if required && value.is_empty() {
        return Err(invalid(
            field,
            format!("The {} cannot be empty.", field.replace(['.', '_'], " ")),
        ));
    }
    let count = value.chars().count();
    if count > max {
        return Err(invalid(
            field,
            format!(
                "The {} is {count} characters long; the most allowed is {max}.",
                field.replace(['.', '_'], " ")
            ),
        ));
    }
    Ok(value.to_string())
}

fn looks_like_email(s: &str) -> bool {
    match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty() && domain.contains('.') && !s.contains(char::is_whitespace)
        }
        None => false,
    }
}

/// ONS codes are a letter for the nation and eight digits, such as `E07000223`.
fn gss_code(code: &str) -> Result<String, Invalid> {
    let code = code.to_ascii_uppercase();
    let mut chars = code.chars();
    let nation_letter = chars
        .next()
        .is_some_and(|c| matches!(c, 'E' | 'W' | 'S' | 'N'));
    let digits = chars.as_str();
    if !nation_letter || digits.len() != 8 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(invalid(
            "organisations.gss_code",
            format!(
                "'{code}' is not an ONS code: expected a letter E, W, S or N and eight digits, such as E07000223."
            ),
        ));
    }
    Ok(code)
}

/// An organisation with an account on this server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct OrganisationSummary {
    pub id: Uuid,
    pub name: String,
}

/// An organisation that is a member of a project on this server: its lead, or one whose
/// request to join the lead accepted. (Membership is what a later sync will be allowed by.)
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Member {
    pub organisation: OrganisationSummary,
    pub role: PartyRole,
    pub since: DateTime<Utc>,
}

/// A published listing, as anyone may read it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Listing {
    pub id: ListingId,
    /// A short number, which the legacy Pipeline routes use as the project's id.
    pub number: i64,
    /// The organisation that published the listing; only it may change the listing.
    pub owner: OrganisationSummary,
    pub title: String,
    pub problem: String,
    pub outcomes: String,
    pub tags: Vec<String>,
    pub phase: Phase,
    pub status: ProjectStatus,
    /// The organisations the publisher names, each `confirmed` or `invited`; only confirmed
    /// ones place the listing in a nation or region.
    pub organisations: Vec<ListedPartner>,
    pub contact: Option<Contact>,
    pub collaboration_level: CollaborationLevel,
    pub budget_band: Option<BudgetBand>,
    pub looking_for_partners: bool,
    pub start_date: Option<NaiveDate>,
    pub review_date: Option<NaiveDate>,
    pub members: Vec<Member>,
    pub published_at: DateTime<Utc>,
    pub last_updated: DateTime<Utc>,
}

impl Listing {
    /// The draft that would publish this listing again as it is.
    pub fn draft(&self) -> ListingDraft {
        ListingDraft {
            title: self.title.clone(),
            problem: self.problem.clone(),
            outcomes: self.outcomes.clone(),
            tags: self.tags.clone(),
            phase: self.phase,
            status: self.status,
            organisations: self
                .organisations
                .iter()
                .map(ListedPartner::listed)
                .collect(),
            contact: self.contact.clone(),
            collaboration_level: self.collaboration_level,
            budget_band: self.budget_band,
            looking_for_partners: self.looking_for_partners,
            start_date: self.start_date,
            review_date: self.review_date,
            workspace_id: None,
        }
    }
}

/// A listing as search shows it: enough to decide whether to open it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ListingSummary {
    pub id: ListingId,
    pub number: i64,
    pub title: String,
    /// The organisation that published it.
    pub owner: String,
    /// The start of the problem statement (at most 280 characters).
    pub problem: String,
    pub tags: Vec<String>,
    pub phase: Phase,
    pub status: ProjectStatus,
    pub collaboration_level: CollaborationLevel,
    pub looking_for_partners: bool,
    pub last_updated: DateTime<Utc>,
}

/// One page of search results, most recently updated first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SearchResults {
    pub listings: Vec<ListingSummary>,
    /// Pass as `offset` to get the next page; absent on the last page.
    pub next_offset: Option<u32>,
}

/// A listing like the one asked about, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SimilarListing {
    pub listing: ListingSummary,
    pub shared_tags: Vec<String>,
    /// Words both problem statements use.
    pub shared_words: Vec<String>,
    /// Higher is more alike: three points a shared tag, one a shared word.
    pub score: i64,
}

/// The UK's nations, for searching by place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Nation {
    England,
    Wales,
    Scotland,
    NorthernIreland,
}

impl Nation {
    pub const ALL: [Nation; 4] = [
        Nation::England,
        Nation::Wales,
        Nation::Scotland,
        Nation::NorthernIreland,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Nation::England => "england",
            Nation::Wales => "wales",
            Nation::Scotland => "scotland",
            Nation::NorthernIreland => "northern_ireland",
        }
    }

    /// The nation's name, as a person reads it.
    pub fn name(self) -> &'static str {
        match self {
            Nation::England => "England",
            Nation::Wales => "Wales",
            Nation::Scotland => "Scotland",
            Nation::NorthernIreland => "Northern Ireland",
        }
    }

    /// The nation an ONS code belongs to, from its first letter.
    pub fn of_gss_code(code: &str) -> Option<Nation> {
        match code.chars().next()?.to_ascii_uppercase() {
            'E' => Some(Nation::England),
            'W' => Some(Nation::Wales),
            'S' => Some(Nation::Scotland),
            'N' => Some(Nation::NorthernIreland),
            _ => None,
        }
    }
}

/// What to look for in the directory. Every part given must match.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SearchQuery {
    /// Words that must all appear in the title, problem, outcomes or tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// Tags, separated by commas, that must all be on the listing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<Phase>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nation: Option<Nation>,
    /// An English region (such as `South East` or `London`), or a nation's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub looking_for_partners: Option<bool>,
    /// Page size, 1 to 100 (default 20).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 100))]
    pub limit: Option<u32>,
    /// How many matches to skip, 0 to 10,000 (default 0): the `next_offset` of the page before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(max = 10_000))]
    pub offset: Option<u32>,
}

impl SearchQuery {
    /// A query for these words.
    pub fn words(q: &str) -> SearchQuery {
        SearchQuery {
            q: Some(q.to_string()),
            ..SearchQuery::default()
        }
    }

    /// The tags asked for, normalised as listings' tags are.
    pub fn tag_list(&self) -> Vec<String> {
        accord_domain::text::normalise_tags(self.tags.as_deref().unwrap_or("").split(','))
    }

    /// Adds a tag to those asked for.
    pub fn with_tag(mut self, tag: &str) -> SearchQuery {
        let mut tags = self.tag_list();
        tags.push(tag.to_string());
        self.tags = Some(tags.join(","));
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drafts_are_trimmed_and_tags_normalised() {
        let mut draft = ListingDraft::new("  Bins  ", Phase::Alpha, CollaborationLevel::ShareIdeas);
        draft.tags = vec![" Waste".into(), "waste".into(), "Recycling ".into()];
        let draft = draft.normalised().unwrap();
        assert_eq!(draft.title, "Bins");
        assert_eq!(draft.tags, ["waste", "recycling"]);
    }

    #[test]
    fn broken_rules_name_their_field() {
        let empty = ListingDraft::new(" ", Phase::Alpha, CollaborationLevel::ShareIdeas);
        assert_eq!(empty.normalised().unwrap_err().field, "title");
        let mut bad_code = ListingDraft::new("x", Phase::Alpha, CollaborationLevel::ShareIdeas);
        bad_code.organisations.push(ListedOrganisation {
            name: "Adur".into(),
            kind: OrganisationKind::District,
            gss_code: Some("X123".into()),
            role: PartyRole::Lead,
        });
        assert_eq!(
            bad_code.normalised().unwrap_err().field,
            "organisations.gss_code"
        );
    }

    #[test]
    fn tags_in_a_query_are_split_on_commas() {
        let query = SearchQuery::default().with_tag("Waste").with_tag("bins");
        assert_eq!(query.tags.as_deref(), Some("waste,bins"));
        assert_eq!(query.tag_list(), ["waste", "bins"]);
    }
}
