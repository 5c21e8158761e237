//! Handover (succession) notes: what a role holder leaves for whoever comes next, so that
//! knowledge does not walk out of the door with them.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::project::set;
use crate::{Id, RuleError, text};

vocabulary! {
    /// How far a handover has got.
    HandoverStatus { Draft => "draft", Ready => "ready", HandedOver => "handed_over" }
}

/// The parts of a handover note, in the order the "prepare handover" path asks for them:
/// `(field, heading, prompt)`.
pub const HANDOVER_PARTS: [(&str, &str, &str); 7] = [
    (
        "responsibilities",
        "Responsibilities",
        "What does this role answer for, and to whom?",
    ),
    (
        "key_contacts",
        "Key contacts",
        "Who does your successor need to know, in each council and outside?",
    ),
    (
        "in_flight_work",
        "Work in flight",
        "What is under way, where has it got to, and what is due next?",
    ),
    (
        "where_things_are",
        "Where things are",
        "Which documents, systems and accounts does the role use, and where are they? Never write passwords here.",
    ),
    (
        "tacit_knowledge",
        "What only you know",
        "What would your successor only learn by asking you: history, sensitivities, workarounds?",
    ),
    (
        "risks",
        "Risks",
        "What could go wrong in the next few months, and what is being done about it?",
    ),
    (
        "first_two_weeks",
        "The first two weeks",
        "What should your successor do first?",
    ),
];

/// One handover note, for one role.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HandoverNote {
    pub id: Id,
    /// The role being handed over, such as "Project lead for Adur".
    pub role: String,
    pub holder: Id,
    #[serde(default)]
    pub successor: Option<Id>,
    #[serde(default)]
    pub handover_date: Option<NaiveDate>,
    pub status: HandoverStatus,
    #[serde(default)]
    pub responsibilities: String,
    #[serde(default)]
    pub key_contacts: String,
    #[serde(default)]
    pub in_flight_work: String,
    #[serde(default)]
    pub where_things_are: String,
    #[serde(default)]
    pub tacit_knowledge: String,
    #[serde(default)]
    pub risks: String,
    #[serde(default)]
    pub first_two_weeks: String,
    /// The date the successor confirmed they received the note.
    #[serde(default)]
    pub acknowledged_on: Option<NaiveDate>,
}

/// A change to a handover note; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct HandoverPatch {
    pub role: Option<String>,
    pub holder: Option<Id>,
    pub successor: Option<Option<Id>>,
    pub handover_date: Option<Option<NaiveDate>>,
    pub status: Option<HandoverStatus>,
    pub responsibilities: Option<String>,
    pub key_contacts: Option<String>,
    pub in_flight_work: Option<String>,
    pub where_things_are: Option<String>,
    pub tacit_knowledge: Option<String>,
    pub risks: Option<String>,
    pub first_two_weeks: Option<String>,
    pub acknowledged_on: Option<Option<NaiveDate>>,
}

impl HandoverNote {
    pub fn new(id: Id, role: &str, holder: Id) -> Result<Self, RuleError> {
        Ok(HandoverNote {
            id,
            role: text::required("The role being handed over", role)?,
            holder,
            successor: None,
            handover_date: None,
            status: HandoverStatus::Draft,
            responsibilities: String::new(),
            key_contacts: String::new(),
            in_flight_work: String::new(),
            where_things_are: String::new(),
            tacit_knowledge: String::new(),
            risks: String::new(),
            first_two_weeks: String::new(),
            acknowledged_on: None,
        })
    }

    /// The text of each part, in [`HANDOVER_PARTS`] order.
    pub fn parts(&self) -> [&str; 7] {
        [
            &self.responsibilities,
            &self.key_contacts,
            &self.in_flight_work,
            &self.where_things_are,
            &self.tacit_knowledge,
            &self.risks,
            &self.first_two_weeks,
        ]
    }

    /// The headings of the parts still empty.
    pub fn missing_parts(&self) -> Vec<&'static str> {
        self.parts()
            .iter()
            .zip(HANDOVER_PARTS.iter())
            .filter(|(text, _)| text.trim().is_empty())
            .map(|(_, (_, heading, _))| *heading)
            .collect()
    }

    /// Only a draft note may be removed (its text stays in the history). A note that is
    /// ready or handed over is a record of what was passed on, and stays.
    pub fn ensure_removable(&self) -> Result<(), RuleError> {
        if self.status != HandoverStatus::Draft {
            return Err(RuleError::Invalid(format!(
                "The handover note for \"{}\" is {}; only a draft can be removed.",
                self.role, self.status
            )));
        }
        Ok(())
    }

    pub fn apply(&mut self, patch: HandoverPatch) -> Result<(), RuleError> {
        if let Some(role) = patch.role {
            self.role = text::required("The role being handed over", &role)?;
        }
        set(&mut self.holder, patch.holder);
        set(&mut self.successor, patch.successor);
        set(&mut self.handover_date, patch.handover_date);
        set(&mut self.responsibilities, patch.responsibilities);
        set(&mut self.key_contacts, patch.key_contacts);
        set(&mut self.in_flight_work, patch.in_flight_work);
        set(&mut self.where_things_are, patch.where_things_are);
        set(&mut self.tacit_knowledge, patch.tacit_knowledge);
        set(&mut self.risks, patch.risks);
        set(&mut self.first_two_weeks, patch.first_two_weeks);
        set(&mut self.acknowledged_on, patch.acknowledged_on);
        if let Some(status) = patch.status {
            if status != HandoverStatus::Draft {
                let missing = self.missing_parts();
                if !missing.is_empty() {
                    return Err(RuleError::Invalid(format!(
                        "The handover for \"{}\" cannot be {} while these parts are empty: {}.",
                        self.role,
                        status,
                        missing.join(", ")
                    )));
                }
            }
            if status == HandoverStatus::HandedOver && self.successor.is_none() {
                return Err(RuleError::Invalid(format!(
                    "The handover for \"{}\" has no successor named, so it cannot be handed over yet.",
                    self.role
                )));
            }
            self.status = status;
        }
        if self.successor == Some(self.holder) {
            return Err(RuleError::Invalid(
                "The successor must be someone other than the holder.".into(),
            ));
        }
        Ok(())
    }
}
