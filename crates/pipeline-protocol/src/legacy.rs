//! The LocalGov Digital Pipeline's own field names, for readers written against the old service.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::{BudgetBand, Listing, Phase, ProjectStatus};

/// A project as the legacy `GET /api/project` and `GET /api/project/{id}` routes show it.
///
/// `id` is the listing's short number (Pipeline's ids were whole numbers); `status` is
/// Pipeline's status word (`Concept`, `Discovery`, `Alpha`, `Beta`, `Live`,
/// `Decommissioned`), which is our phase; `phase` is the same word in lower case as Accord
/// stores it; `org` is the publishing organisation; `owner` and `ownerEmail` are the contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct LegacyProject {
    pub id: i64,
    pub title: String,
    pub status: String,
    pub org: String,
    pub department: String,
    /// ISO 8601, UTC.
    #[serde(rename = "lastUpdated")]
    pub last_updated: String,
    pub phase: String,
    /// The budget band, such as `£100k-£250k`, or empty.
    pub budget: String,
    /// The start and review dates, such as `2026-01-05 to 2026-07-01`, or empty.
    pub dates: String,
    pub owner: String,
    #[serde(rename = "ownerEmail")]
    pub owner_email: String,
    pub tags: Vec<String>,
}

/// Pipeline's word for a phase (a closed project is `Decommissioned` whatever its phase).
pub fn status_word(phase: Phase, status: ProjectStatus) -> &'static str {
    if status == ProjectStatus::Closed {
        return "Decommissioned";
    }
    match phase {
        Phase::Concept => "Concept",
        Phase::Discovery => "Discovery",
        Phase::Alpha => "Alpha",
        Phase::Beta => "Beta",
        Phase::Live => "Live",
        Phase::Retired => "Decommissioned",
    }
}

/// A budget band written as Pipeline showed budgets.
pub fn budget_words(band: BudgetBand) -> &'static str {
    match band {
        BudgetBand::UpTo50k => "£0-£50k",
        BudgetBand::From50kTo100k => "£50k-£100k",
        BudgetBand::From100kTo250k => "£100k-£250k",
        BudgetBand::From250kTo500k => "£250k-£500k",
        BudgetBand::From500kTo1m => "£500k-£1m",
        BudgetBand::Over1m => "over £1m",
    }
}

impl From<&Listing> for LegacyProject {
    fn from(listing: &Listing) -> LegacyProject {
        let contact = listing.contact.as_ref();
        let dates = match (listing.start_date, listing.review_date) {
            (Some(start), Some(review)) => format!("{start} to {review}"),
            (Some(start), None) => format!("from {start}"),
            (None, Some(review)) => format!("review {review}"),
            (None, None) => String::new(),
        };
        LegacyProject {
            id: listing.number,
            title: listing.title.clone(),
            status: status_word(listing.phase, listing.status).to_string(),
            org: listing.owner.name.clone(),
            department: contact.map(|c| c.department.clone()).unwrap_or_default(),
            last_updated: listing
                .last_updated
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            phase: listing.phase.as_str().to_string(),
            budget: listing
                .budget_band
                .map(budget_words)
                .unwrap_or("")
                .to_string(),
            dates,
            owner: contact.map(|c| c.name.clone()).unwrap_or_default(),
            owner_email: contact.map(|c| c.email.clone()).unwrap_or_default(),
            tags: listing.tags.clone(),
        }
    }
}
