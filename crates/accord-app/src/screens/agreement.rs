//! The collaboration agreement screen.

use accord_domain::agreement::AgreementPatch;
use accord_domain::{Agreement, Section, SectionStatus};
use accord_store::{FieldBase, WorkspaceFile};

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

/// A section's view with the version of its text, as a screen keeps it.
fn versioned(file: &WorkspaceFile, s: &Section) -> AppResult<SectionView> {
    let mut v = SectionView::from(s);
    v.version = file.field_version("section", &s.key, "body")?;
    Ok(v)
}

impl Session {
    pub fn agreement(&self) -> AppResult<AgreementView> {
        let file = self.file()?;
        let a = file.agreement()?;
        let mut v = view(&a);
        for (view, s) in v.sections.iter_mut().zip(&a.sections) {
            *view = versioned(file, s)?;
        }
        Ok(v)
    }

    /// Saves a section's text as it is typed.
    pub fn write_section(&mut self, key: &str, body: &str) -> AppResult<SectionView> {
        let (file, stamp) = self.file_and_stamp()?;
        let s = file
            .write_section(key, body, &stamp)
            .map_err(|e| AppError::from(e).on_field(key))?;
        versioned(file, &s)
    }

    /// Saves a section's text typed over `version` (what the screen loaded, or what its
    /// last save returned; `None`, for a caller that keeps none, saves it as
    /// [`Session::write_section`] does). When a sync changed the text since, the partner's text is not
    /// overwritten: the two are merged when they changed different lines, and are
    /// otherwise a conflict that keeps both, showing the text typed here until a person
    /// chooses (`conflict` names it). The view returned carries the text as typed and the
    /// version to send with the next save of this field.
    pub fn write_section_over(
        &mut self,
        key: &str,
        body: &str,
        version: Option<&str>,
    ) -> AppResult<SectionView> {
        let Some(version) = version else {
            return self.write_section(key, body);
        };
        let (file, stamp) = self.file_and_stamp()?;
        let base = FieldBase {
            record_type: "section".into(),
            record_id: key.to_string(),
            field: "body".into(),
            version: version.to_string(),
        };
        let (_, version) = file
            .edit_based_on(&base, |f| f.write_section(key, body, &stamp))
            .map_err(|e| AppError::from(e).on_field(key))?;
        let s = file
            .agreement()?
            .section(key)
            .cloned()
            .ok_or_else(|| AppError::new("not_found", format!("There is no section {key}.")))?;
        let mut v = SectionView::from(&s);
        // The screen shows what was typed, built on the version just made; a text merged
        // with a partner's change shows when the screen is drawn again.
        v.body = body.to_string();
        v.version = version;
        v.conflict = file
            .conflicts()?
            .into_iter()
            .find(|c| c.record == format!("section/{key}") && c.field == "body")
            .map(|c| c.id);
        Ok(v)
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
