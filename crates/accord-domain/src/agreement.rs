//! The collaboration agreement: its 19 standard sections, their guidance, and the rules
//! for agreeing and reopening it.

use chrono::{DateTime, NaiveDate, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::{Actor, RuleError, text};

vocabulary! {
    /// Where the agreement as a whole stands.
    AgreementStatus { Draft => "draft", InReview => "in_review", Agreed => "agreed", Superseded => "superseded" }
}

vocabulary! {
    /// Whether the parties have agreed a section's text.
    SectionStatus { Draft => "draft", Agreed => "agreed" }
}

/// One of the sections every collaboration agreement should have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StandardSection {
    pub key: &'static str,
    pub title: &'static str,
    /// One sentence on what to write, shown beside the empty section.
    pub guidance: &'static str,
}

/// The standard sections, in order. Users may add their own after these.
pub const STANDARD_SECTIONS: [StandardSection; 19] = [
    StandardSection {
        key: "parties",
        title: "Parties",
        guidance: "Name every council and partner taking part, and say which one is the lead authority.",
    },
    StandardSection {
        key: "purpose",
        title: "Purpose and shared aims",
        guidance: "Say in plain words the problem you share and the aims every party has agreed to, so that priorities cannot drift apart unnoticed.",
    },
    StandardSection {
        key: "scope",
        title: "Scope",
        guidance: "List what is in scope and, just as clearly, what is out of scope.",
    },
    StandardSection {
        key: "status_and_values",
        title: "Status and values",
        guidance: "Say whether this agreement is legally binding or made in good faith, and the principles you work by, such as working in the open.",
    },
    StandardSection {
        key: "governance",
        title: "Governance",
        guidance: "Say who decides what, how often you meet, and how a disagreement is escalated.",
    },
    StandardSection {
        key: "roles_and_time",
        title: "Roles and committed time",
        guidance: "Name the roles each party fills and the staff time each has committed, in days a month.",
    },
    StandardSection {
        key: "ways_of_working",
        title: "Ways of working",
        guidance: "Agree the tools and methods you will share, and keep a glossary of each council's own terms so that words mean the same to everyone.",
    },
    StandardSection {
        key: "funding",
        title: "Funding",
        guidance: "Record what each party contributes and how costs, including future running costs, are split.",
    },
    StandardSection {
        key: "intellectual_property",
        title: "Intellectual property",
        guidance: "Say who owns what is made and the open licence under which code and content are shared.",
    },
    StandardSection {
        key: "data",
        title: "Data",
        guidance: "Say who owns the data, who is controller and who is processor, and where the data sharing agreement and DPIA are.",
    },
    StandardSection {
        key: "hosting_and_licences",
        title: "Hosting and licences",
        guidance: "Say who owns the system and who owns the service, where the data sits, and who holds each software licence.",
    },
    StandardSection {
        key: "confidentiality_and_foi",
        title: "Confidentiality and FOI",
        guidance: "Say what is confidential and how each party handles Freedom of Information requests about the project.",
    },
    StandardSection {
        key: "procurement",
        title: "Procurement",
        guidance: "Say who buys on behalf of the partnership, under whose contract standing orders, and how others can reuse the contract.",
    },
    StandardSection {
        key: "risk_and_change",
        title: "Risk and change",
        guidance: "Say how risks are recorded and owned, and how a change to scope, time or cost is agreed.",
    },
    StandardSection {
        key: "new_parties",
        title: "New parties",
        guidance: "Say how another council can join and what it must agree to.",
    },
    StandardSection {
        key: "exit",
        title: "Exit",
        guidance: "Say how a party withdraws, the notice it gives, and what happens to shared assets, data and licences.",
    },
    StandardSection {
        key: "succession",
        title: "Succession",
        guidance: "Say how a named contact who leaves is replaced, and what handover they owe their successor.",
    },
    StandardSection {
        key: "disputes",
        title: "Disputes",
        guidance: "Say how disagreements are resolved, and who is asked to decide when the parties cannot.",
    },
    StandardSection {
        key: "term_and_review",
        title: "Term and review",
        guidance: "Say how long the agreement lasts and when it is next reviewed.",
    },
];

/// The standard section with this key, if it is one.
pub fn standard_section(key: &str) -> Option<&'static StandardSection> {
    STANDARD_SECTIONS.iter().find(|s| s.key == key)
}

/// One section of the agreement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// A short lower-case key: one of the standard keys, or the user's own.
    pub key: String,
    pub title: String,
    #[serde(default)]
    pub body: String,
    pub status: SectionStatus,
    #[serde(default)]
    pub updated_at: Option<DateTime<Utc>>,
    /// Who last changed the section, as "Name (Organisation)".
    #[serde(default)]
    pub updated_by: Option<String>,
}

impl Section {
    /// The guidance for this section, when it is a standard one.
    pub fn guidance(&self) -> Option<&'static str> {
        standard_section(&self.key).map(|s| s.guidance)
    }

    pub fn is_empty(&self) -> bool {
        self.body.trim().is_empty()
    }
}

/// The collaboration agreement between the parties.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Agreement {
    pub version: u32,
    pub status: AgreementStatus,
    /// Most council agreements are not legally binding: they are made in good faith.
    #[serde(default)]
    pub binding: bool,
    #[serde(default)]
    pub effective_date: Option<NaiveDate>,
    #[serde(default)]
    pub review_date: Option<NaiveDate>,
    pub sections: Vec<Section>,
}

impl Agreement {
    /// A new, draft agreement with the 19 standard sections, empty.
    pub fn standard() -> Agreement {
        Agreement {
            version: 1,
            status: AgreementStatus::Draft,
            binding: false,
            effective_date: None,
            review_date: None,
            sections: STANDARD_SECTIONS
                .iter()
                .map(|s| Section {
                    key: s.key.to_string(),
                    title: s.title.to_string(),
                    body: String::new(),
                    status: SectionStatus::Draft,
                    updated_at: None,
                    updated_by: None,
                })
                .collect(),
        }
    }

    pub fn section(&self, key: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.key == key)
    }

    fn section_mut(&mut self, key: &str) -> Result<&mut Section, RuleError> {
        self.sections
            .iter_mut()
            .find(|s| s.key == key)
            .ok_or_else(|| RuleError::NotFound(format!("The agreement section '{key}'")))
    }

    /// Whether this version may still be changed: a draft or one in review may; an agreed
    /// or superseded version is a record, and is reopened as a new version instead.
    pub fn is_open(&self) -> bool {
        !matches!(
            self.status,
            AgreementStatus::Agreed | AgreementStatus::Superseded
        )
    }

    fn ensure_open(&self) -> Result<(), RuleError> {
        if self.is_open() {
            return Ok(());
        }
        Err(RuleError::Invalid(format!(
            "Version {} of the agreement is {}. Reopen it (which starts version {}) before changing it.",
            self.version,
            self.status,
            self.version + 1
        )))
    }

    /// Writes a section's text. Changing an agreed section returns it to draft,
    /// because what the parties agreed is no longer what it says.
    pub fn write_section(
        &mut self,
        key: &str,
        body: &str,
        who: &Actor,
        now: DateTime<Utc>,
    ) -> Result<(), RuleError> {
        self.ensure_open()?;
        let section = self.section_mut(key)?;
        if section.body != body {
            section.body = body.to_string();
            section.status = SectionStatus::Draft;
            section.updated_at = Some(now);
            section.updated_by = Some(who.to_string());
        }
        Ok(())
    }

    /// Marks a section agreed or back to draft. An empty section cannot be agreed.
    pub fn set_section_status(
        &mut self,
        key: &str,
        status: SectionStatus,
        who: &Actor,
        now: DateTime<Utc>,
    ) -> Result<(), RuleError> {
        self.ensure_open()?;
        let section = self.section_mut(key)?;
        if status == SectionStatus::Agreed && section.is_empty() {
            return Err(RuleError::Invalid(format!(
                "The section '{}' is empty, so there is nothing to agree yet. Write it first.",
                section.title
            )));
        }
        if section.status != status {
            section.status = status;
            section.updated_at = Some(now);
            section.updated_by = Some(who.to_string());
        }
        Ok(())
    }

    /// Adds a section of the user's own after the others.
    pub fn add_section(&mut self, key: &str, title: &str) -> Result<(), RuleError> {
        self.ensure_open()?;
        let key = key.trim().to_lowercase();
        if key.is_empty()
            || !key
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            return Err(RuleError::Invalid(format!(
                "'{key}' cannot be a section key: use lower-case letters, digits and underscores, such as 'training'."
            )));
        }
        if self.section(&key).is_some() {
            return Err(RuleError::Duplicate(format!(
                "A section with the key '{key}'"
            )));
        }
        self.sections.push(Section {
            key,
            title: text::required("The section title", title)?,
            body: String::new(),
            status: SectionStatus::Draft,
            updated_at: None,
            updated_by: None,
        });
        Ok(())
    }

    /// Removes a section the user added. Standard sections stay: an unneeded one can say
    /// "Not applicable" and be agreed, which is itself a record.
    pub fn remove_section(&mut self, key: &str) -> Result<Section, RuleError> {
        self.ensure_open()?;
        if standard_section(key).is_some() {
            return Err(RuleError::Invalid(format!(
                "'{key}' is a standard section and cannot be removed. If it does not apply, write \"Not applicable\" and agree it."
            )));
        }
        let index = self
            .sections
            .iter()
            .position(|s| s.key == key)
            .ok_or_else(|| RuleError::NotFound(format!("The agreement section '{key}'")))?;
        Ok(self.sections.remove(index))
    }

    /// Moves the agreement to a new status. It can be agreed only when every section is.
    pub fn set_status(&mut self, status: AgreementStatus) -> Result<(), RuleError> {
        if status == AgreementStatus::Agreed {
            let drafts: Vec<&str> = self
                .sections
                .iter()
                .filter(|s| s.status != SectionStatus::Agreed)
                .map(|s| s.title.as_str())
                .collect();
            if !drafts.is_empty() {
                return Err(RuleError::Invalid(format!(
                    "The agreement cannot be agreed while these sections are still draft: {}.",
                    drafts.join(", ")
                )));
            }
        }
        if !self.is_open() && status != self.status {
            return Err(RuleError::Invalid(format!(
                "Version {} of the agreement is {}. Reopen it to start a new version instead.",
                self.version, self.status
            )));
        }
        self.status = status;
        Ok(())
    }

    /// Reopens an agreed agreement as a new draft version; the sections keep their text.
    pub fn reopen(&mut self) -> Result<(), RuleError> {
        if self.status != AgreementStatus::Agreed {
            return Err(RuleError::Invalid(format!(
                "Only an agreed agreement can be reopened; version {} is {}.",
                self.version, self.status
            )));
        }
        self.version += 1;
        self.status = AgreementStatus::Draft;
        Ok(())
    }
}

/// A change to the agreement's own fields (not its sections).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AgreementPatch {
    pub binding: Option<bool>,
    pub effective_date: Option<Option<NaiveDate>>,
    pub review_date: Option<Option<NaiveDate>>,
}

impl Agreement {
    pub fn apply(&mut self, patch: AgreementPatch) -> Result<(), RuleError> {
        self.ensure_open()?;
        crate::project::set(&mut self.binding, patch.binding);
        crate::project::set(&mut self.effective_date, patch.effective_date);
        crate::project::set(&mut self.review_date, patch.review_date);
        Ok(())
    }
}
