//! The collaboration agreement screen.

use accord_domain::agreement::AgreementPatch;
use accord_domain::{Agreement, SectionStatus};

use super::{date, unknown_field, word};
use crate::{AgreementView, AppError, AppResult, SectionView, Session};

fn view(a: &Agreement) -> AgreementView {
    AgreementView {
        version: a.version,
        status: a.status.to_string(),
        open: a.is_open(),
        binding: a.binding,
        effective_date: a.effective_date.map(|d| d.to_string()),
        review_date: a.review_date.map(|d| d.to_string()),
        sections: a.sections.iter().map(SectionView::from).collect(),
    }
}

impl Session {
    pub fn agreement(&self) -> AppResult<AgreementView> {
        Ok(view(&self.file()?.agreement()?))
    }

    /// Saves a section's text as it is typed.
    pub fn write_section(&mut self, key: &str, body: &str) -> AppResult<SectionView> {
        let (file, stamp) = self.file_and_stamp()?;
        let s = file
            .write_section(key, body, &stamp)
            .map_err(|e| AppError::from(e).on_field(key))?;
        Ok(SectionView::from(&s))
    }

    pub fn set_section_status(&mut self, key: &str, status: &str) -> AppResult<SectionView> {
        let status: SectionStatus = word(key, status)?;
        let (file, stamp) = self.file_and_stamp()?;
        let s = file
            .set_section_status(key, status, &stamp)
            .map_err(|e| AppError::from(e).on_field(key))?;
        Ok(SectionView::from(&s))
    }

    pub fn add_section(&mut self, key: &str, title: &str) -> AppResult<AgreementView> {
        let (file, stamp) = self.file_and_stamp()?;
        Ok(view(&file.add_section(key, title, &stamp)?))
    }

    pub fn set_agreement_status(&mut self, status: &str) -> AppResult<AgreementView> {
        let status = word("status", status)?;
        let (file, stamp) = self.file_and_stamp()?;
        Ok(view(&file.set_agreement_status(status, &stamp)?))
    }

    pub fn reopen_agreement(&mut self) -> AppResult<AgreementView> {
        let (file, stamp) = self.file_and_stamp()?;
        Ok(view(&file.reopen_agreement(&stamp)?))
    }

    pub fn set_agreement_field(&mut self, field: &str, value: &str) -> AppResult<AgreementView> {
        let patch = match field {
            "binding" => AgreementPatch {
                binding: Some(value == "true" || value == "yes"),
                ..Default::default()
            },
            "effective_date" => AgreementPatch {
                effective_date: Some(date(field, value)?),
                ..Default::default()
            },
            "review_date" => AgreementPatch {
                review_date: Some(date(field, value)?),
                ..Default::default()
            },
            _ => return Err(unknown_field(field)),
        };
        let (file, stamp) = self.file_and_stamp()?;
        Ok(view(
            &file
                .update_agreement(patch, &stamp)
                .map_err(|e| AppError::from(e).on_field(field))?,
        ))
    }
}
