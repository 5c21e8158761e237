//! The project overview's fields, saved one at a time as they are edited.

use accord_domain::Project;
use accord_domain::project::ProjectPatch;

use super::{date, list, unknown_field, word};
use crate::{AppError, AppResult, Session};

impl Session {
    /// Sets one of the project's fields from what was typed or chosen.
    pub fn set_project_field(&mut self, field: &str, value: &str) -> AppResult<Project> {
        let optional_word = |v: &str| -> AppResult<_> {
            if v.trim().is_empty() {
                Ok(None)
            } else {
                word(field, v).map(Some)
            }
        };
        let patch = match field {
            "title" => ProjectPatch {
                title: Some(value.into()),
                ..Default::default()
            },
            "problem" => ProjectPatch {
                problem: Some(value.into()),
                ..Default::default()
            },
            "outcomes" => ProjectPatch {
                outcomes: Some(value.into()),
                ..Default::default()
            },
            "phase" => ProjectPatch {
                phase: Some(word(field, value)?),
                ..Default::default()
            },
            "status" => ProjectPatch {
                status: Some(word(field, value)?),
                ..Default::default()
            },
            "tags" => ProjectPatch {
                tags: Some(list(value)),
                ..Default::default()
            },
            "collaboration_level" => ProjectPatch {
                collaboration_level: Some(word(field, value)?),
                ..Default::default()
            },
            "budget_band" => ProjectPatch {
                budget_band: Some(optional_word(value)?),
                ..Default::default()
            },
            "looking_for_partners" => ProjectPatch {
                looking_for_partners: Some(value == "true" || value == "yes"),
                ..Default::default()
            },
            "start_date" => ProjectPatch {
                start_date: Some(date(field, value)?),
                ..Default::default()
            },
            "review_date" => ProjectPatch {
                review_date: Some(date(field, value)?),
                ..Default::default()
            },
            "language" => ProjectPatch {
                language: Some(word(field, value)?),
                ..Default::default()
            },
            _ => return Err(unknown_field(field)),
        };
        let (file, stamp) = self.file_and_stamp()?;
        file.update_project(patch, &stamp)
            .map_err(|e| AppError::from(e).on_field(field))
    }
}
