//! The people and organisations screen, including import from a register of councils.

use std::path::Path;

use accord_domain::party::{OrganisationPatch, PersonPatch};
use accord_domain::{Id, Organisation, Person};
use accord_interchange::RegisterFilter;

use super::{id, list, unknown_field, word};
use crate::{AppError, AppResult, PartiesView, Session};

impl Session {
    pub fn parties(&self) -> AppResult<PartiesView> {
        let file = self.file()?;
        Ok(PartiesView {
            organisations: file.organisations()?,
            people: file.people()?,
        })
    }

    pub fn add_person(
        &mut self,
        name: &str,
        organisation: &str,
        job_title: &str,
        email: &str,
    ) -> AppResult<Person> {
        let mut p =
            Person::new(Id::now_v7(), name).map_err(|e| AppError::from(e).on_field("name"))?;
        p.apply(PersonPatch {
            organisation: Some(if organisation.is_empty() {
                None
            } else {
                Some(id("organisation", organisation)?)
            }),
            job_title: Some(job_title.trim().into()),
            email: Some(email.into()),
            ..Default::default()
        })
        .map_err(|e| AppError::from(e).on_field("email"))?;
        let (file, stamp) = self.file_and_stamp()?;
        Ok(file.add_person(p, &stamp)?)
    }

    pub fn set_person_field(
        &mut self,
        person: &str,
        field: &str,
        value: &str,
    ) -> AppResult<Person> {
        let patch = match field {
            "name" => PersonPatch {
                name: Some(value.into()),
                ..Default::default()
            },
            "job_title" => PersonPatch {
                job_title: Some(value.into()),
                ..Default::default()
            },
            "email" => PersonPatch {
                email: Some(value.into()),
                ..Default::default()
            },
            "phone" => PersonPatch {
                phone: Some(value.into()),
                ..Default::default()
            },
            "organisation" => PersonPatch {
                organisation: Some(if value.is_empty() {
                    None
                } else {
                    Some(id(field, value)?)
                }),
                ..Default::default()
            },
            "active" => PersonPatch {
                active: Some(value == "true" || value == "yes"),
                ..Default::default()
            },
            _ => return Err(unknown_field(field)),
        };
        let target = id("person", person)?;
        let (file, stamp) = self.file_and_stamp()?;
        file.update_person(target, patch, &stamp)
            .map_err(|e| AppError::from(e).on_field(field))
    }

    pub fn remove_person(&mut self, person: &str) -> AppResult<Person> {
        let target = id("person", person)?;
        let (file, stamp) = self.file_and_stamp()?;
        Ok(file.remove_person(target, &stamp)?)
    }

    pub fn add_organisation(
        &mut self,
        name: &str,
        kind: &str,
        role: &str,
        gss_code: &str,
    ) -> AppResult<Organisation> {
        let mut o = Organisation::new(Id::now_v7(), name, word("kind", kind)?, word("role", role)?)
            .map_err(|e| AppError::from(e).on_field("name"))?;
        o.apply(OrganisationPatch {
            gss_code: Some(Some(gss_code.to_string())),
            ..Default::default()
        })?;
        let (file, stamp) = self.file_and_stamp()?;
        file.add_organisation(o, &stamp)
            .map_err(|e| AppError::from(e).on_field("name"))
    }

    pub fn set_organisation_field(
        &mut self,
        org: &str,
        field: &str,
        value: &str,
    ) -> AppResult<Organisation> {
        let patch = match field {
            "name" => OrganisationPatch {
                name: Some(value.into()),
                ..Default::default()
            },
            "kind" => OrganisationPatch {
                kind: Some(word(field, value)?),
                ..Default::default()
            },
            "role" => OrganisationPatch {
                role: Some(word(field, value)?),
                ..Default::default()
            },
            "gss_code" => OrganisationPatch {
                gss_code: Some(Some(value.into())),
                ..Default::default()
            },
            "signatory" => OrganisationPatch {
                signatory: Some(if value.is_empty() {
                    None
                } else {
                    Some(id(field, value)?)
                }),
                ..Default::default()
            },
            _ => return Err(unknown_field(field)),
        };
        let target = id("organisation", org)?;
        let (file, stamp) = self.file_and_stamp()?;
        file.update_organisation(target, patch, &stamp)
            .map_err(|e| AppError::from(e).on_field(field))
    }

    pub fn remove_organisation(&mut self, org: &str) -> AppResult<Organisation> {
        let target = id("organisation", org)?;
        let (file, stamp) = self.file_and_stamp()?;
        Ok(file.remove_organisation(target, &stamp)?)
    }

    /// Adds councils from a CSV register: those with the given codes, or (with no codes)
    /// the current ones in `nation`. Returns those added; ones already present are skipped.
    pub fn import_register(
        &mut self,
        register: &Path,
        codes: &str,
        nation: &str,
        role: &str,
    ) -> AppResult<Vec<Organisation>> {
        let role = word("role", role)?;
        let filter = RegisterFilter {
            codes: list(codes),
            nation: Some(nation.trim().to_string()).filter(|n| !n.is_empty()),
            ..Default::default()
        };
        let (file, stamp) = self.file_and_stamp()?;
        Ok(crate::workspace::import_register(file, register, &filter, role, &stamp)?.added)
    }
}
