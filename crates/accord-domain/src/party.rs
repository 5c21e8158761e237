//! The parties to a project: organisations (councils and partners) and the people in them.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::project::set;
use crate::{Id, RuleError, text};

vocabulary! {
    /// What sort of body an organisation is (the UK's kinds of council, and others).
    OrganisationKind {
        County => "county", District => "district", Unitary => "unitary", Metropolitan => "metropolitan",
        LondonBorough => "london_borough", CombinedAuthority => "combined_authority",
        WelshUnitary => "welsh_unitary" ("Welsh unitary"), ScottishUnitary => "scottish_unitary" ("Scottish unitary"),
        NiDistrict => "ni_district" ("Northern Ireland district"),
        OtherPublic => "other_public" ("Other public body"), Voluntary => "voluntary", Supplier => "supplier", Other => "other"
    }
}

vocabulary! {
    /// An organisation's part in the project.
    PartyRole { Lead => "lead", Partner => "partner", Observer => "observer" }
}

/// A council or partner taking part in the project.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    pub id: Id,
    pub name: String,
    pub kind: OrganisationKind,
    /// The ONS code, such as `E07000223`, when the organisation has one.
    #[serde(default)]
    pub gss_code: Option<String>,
    pub role: PartyRole,
    /// The person who signs for this organisation.
    #[serde(default)]
    pub signatory: Option<Id>,
}

impl Organisation {
    pub fn new(
        id: Id,
        name: &str,
        kind: OrganisationKind,
        role: PartyRole,
    ) -> Result<Self, RuleError> {
        Ok(Organisation {
            id,
            name: text::required("The organisation's name", name)?,
            kind,
            gss_code: None,
            role,
            signatory: None,
        })
    }

    pub fn apply(&mut self, patch: OrganisationPatch) -> Result<(), RuleError> {
        if let Some(name) = patch.name {
            self.name = text::required("The organisation's name", &name)?;
        }
        set(&mut self.kind, patch.kind);
        set(&mut self.role, patch.role);
        if let Some(code) = patch.gss_code {
            self.gss_code = code
                .map(|c| c.trim().to_uppercase())
                .filter(|c| !c.is_empty());
        }
        set(&mut self.signatory, patch.signatory);
        Ok(())
    }
}

impl Organisation {
    /// Whether `other` is the same body as this one: the same name (ignoring the case of
    /// its letters) or the same ONS code. A workspace holds each body once.
    pub fn is_same_body(&self, other: &Organisation) -> bool {
        self.name.eq_ignore_ascii_case(&other.name)
            || (self.gss_code.is_some() && self.gss_code == other.gss_code)
    }
}

/// Refuses adding `org` to a workspace that already holds the same body.
pub fn ensure_new_organisation(
    existing: &[Organisation],
    org: &Organisation,
) -> Result<(), RuleError> {
    match existing.iter().find(|o| o.is_same_body(org)) {
        Some(same) => Err(RuleError::Duplicate(format!(
            "The organisation {}",
            same.name
        ))),
        None => Ok(()),
    }
}

/// Of the organisations `offered` (read from a register), those to add: each body not
/// already in `existing`, once, in the order offered.
pub fn organisations_to_add(
    existing: &[Organisation],
    offered: Vec<Organisation>,
) -> Vec<Organisation> {
    let mut added: Vec<Organisation> = Vec::new();
    for org in offered {
        if !existing.iter().chain(&added).any(|o| o.is_same_body(&org)) {
            added.push(org);
        }
    }
    added
}

/// A change to an organisation; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OrganisationPatch {
    pub name: Option<String>,
    pub kind: Option<OrganisationKind>,
    pub gss_code: Option<Option<String>>,
    pub role: Option<PartyRole>,
    pub signatory: Option<Option<Id>>,
}

/// Someone working on the project. People are never deleted while anything names them:
/// when they leave, they become inactive and their roles show as succession gaps.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Person {
    pub id: Id,
    pub name: String,
    #[serde(default)]
    pub job_title: String,
    #[serde(default)]
    pub organisation: Option<Id>,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default = "yes")]
    pub active: bool,
}

fn yes() -> bool {
    true
}

impl Person {
    pub fn new(id: Id, name: &str) -> Result<Self, RuleError> {
        Ok(Person {
            id,
            name: text::required("The person's name", name)?,
            job_title: String::new(),
            organisation: None,
            email: String::new(),
            phone: String::new(),
            active: true,
        })
    }

    pub fn apply(&mut self, patch: PersonPatch) -> Result<(), RuleError> {
        if let Some(name) = patch.name {
            self.name = text::required("The person's name", &name)?;
        }
        set(&mut self.job_title, patch.job_title);
        set(&mut self.organisation, patch.organisation);
        if let Some(email) = patch.email {
            let email = email.trim().to_string();
            if !email.is_empty() && !looks_like_email(&email) {
                return Err(RuleError::Invalid(format!(
                    "'{email}' does not look like an email address."
                )));
            }
            self.email = email;
        }
        set(&mut self.phone, patch.phone);
        set(&mut self.active, patch.active);
        Ok(())
    }
}

fn looks_like_email(s: &str) -> bool {
    match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty() && domain.contains('.') && !s.contains(char::is_whitespace)
        }
        None => false,
    }
}

/// A change to a person; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PersonPatch {
    pub name: Option<String>,
    pub job_title: Option<String>,
    pub organisation: Option<Option<Id>>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub active: Option<bool>,
}
