//! The project row: reading it, writing it, and changing its fields.

use accord_domain::Project;
use accord_domain::project::ProjectPatch;
use rusqlite::{Connection, OptionalExtension, named_params};

use crate::change::{Action, Change};
use crate::codec::{json, opt_string, opt_text, text, to_json};
use crate::error::{Result, StoreError};
use crate::{Stamp, WorkspaceFile};

pub(crate) fn read(conn: &Connection) -> Result<Project> {
    conn.query_row("SELECT * FROM project WHERE seq = 1", [], |row| {
        Ok(Project {
            id: text(row, "id")?,
            title: row.get("title")?,
            problem: row.get("problem")?,
            outcomes: row.get("outcomes")?,
            phase: text(row, "phase")?,
            status: text(row, "status")?,
            tags: json(row, "tags")?,
            collaboration_level: text(row, "collaboration_level")?,
            budget_band: opt_text(row, "budget_band")?,
            looking_for_partners: row.get("looking_for_partners")?,
            start_date: opt_text(row, "start_date")?,
            review_date: opt_text(row, "review_date")?,
            pipeline_id: row.get("pipeline_id")?,
            language: text(row, "language")?,
        })
    })
    .optional()?
    .ok_or_else(|| StoreError::Corrupt("the file has no project".into()))
}

pub(crate) fn write(conn: &Connection, p: &Project) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO project (seq, id, title, problem, outcomes, phase, status, tags, collaboration_level,
                              budget_band, looking_for_partners, start_date, review_date, pipeline_id, language)
         VALUES (1, :id, :title, :problem, :outcomes, :phase, :status, :tags, :collaboration_level,
                 :budget_band, :looking_for_partners, :start_date, :review_date, :pipeline_id, :language)
         ON CONFLICT (seq) DO UPDATE SET
            id = excluded.id, title = excluded.title, problem = excluded.problem, outcomes = excluded.outcomes,
            phase = excluded.phase, status = excluded.status, tags = excluded.tags,
            collaboration_level = excluded.collaboration_level, budget_band = excluded.budget_band,
            looking_for_partners = excluded.looking_for_partners, start_date = excluded.start_date,
            review_date = excluded.review_date, pipeline_id = excluded.pipeline_id,
            language = excluded.language",
    )?
    .execute(named_params! {
        ":id": p.id.to_string(),
        ":title": p.title,
        ":problem": p.problem,
        ":outcomes": p.outcomes,
        ":phase": p.phase.as_str(),
        ":status": p.status.as_str(),
        ":tags": to_json(&p.tags),
        ":collaboration_level": p.collaboration_level.as_str(),
        ":budget_band": p.budget_band.map(|b| b.as_str()),
        ":looking_for_partners": p.looking_for_partners,
        ":start_date": opt_string(&p.start_date),
        ":review_date": opt_string(&p.review_date),
        ":pipeline_id": p.pipeline_id,
        ":language": p.language.as_str(),
    })?;
    Ok(())
}

pub(crate) fn create(c: &mut Change<'_>, p: &Project) -> Result<()> {
    write(c, p)?;
    c.log(
        "project",
        &p.id.to_string(),
        Action::Create,
        &format!("Created the project \"{}\"", p.title),
        None,
        Some(p),
    )
}

impl WorkspaceFile {
    pub fn project(&self) -> Result<Project> {
        read(&self.conn)
    }

    /// Changes some of the project's fields.
    pub fn update_project(&mut self, patch: ProjectPatch, stamp: &Stamp) -> Result<Project> {
        self.change(stamp, |c| {
            let before = read(c)?;
            let mut after = before.clone();
            after.apply(patch)?;
            if after != before {
                write(c, &after)?;
                c.log(
                    "project",
                    &after.id.to_string(),
                    Action::Update,
                    "Changed the project details",
                    Some(&before),
                    Some(&after),
                )?;
            }
            Ok(after)
        })
    }

    /// Records the project's listing id on a Pipeline server (or forgets it, with `None`),
    /// as its own change in the history, so "when did we publish, and who?" has an answer.
    /// Setting the id it already has changes nothing and records nothing.
    pub fn set_pipeline_id(&mut self, pipeline_id: Option<&str>, stamp: &Stamp) -> Result<Project> {
        self.change(stamp, |c| {
            let before = read(c)?;
            let mut after = before.clone();
            after.pipeline_id = pipeline_id.map(str::to_string);
            if after != before {
                write(c, &after)?;
                let summary = match pipeline_id {
                    Some(id) => format!("Listed the project in the Pipeline directory as {id}"),
                    None => "Forgot the project's Pipeline listing".to_string(),
                };
                c.log(
                    "project",
                    &after.id.to_string(),
                    Action::Update,
                    &summary,
                    Some(&before),
                    Some(&after),
                )?;
            }
            Ok(after)
        })
    }
}
