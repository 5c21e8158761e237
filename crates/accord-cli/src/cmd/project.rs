//! `accord project`: change the project's details.

use std::path::PathBuf;

use accord_domain::project::ProjectPatch;

use super::{Context, clearable, clearable_date, open, parse_bool, split_list};
use crate::failure::{Failure, Outcome};

#[derive(Debug, clap::Args)]
pub struct Args {
    pub file: PathBuf,
    #[arg(long)]
    pub title: Option<String>,
    /// The shared problem, in plain words.
    #[arg(long)]
    pub problem: Option<String>,
    /// What success looks like for residents and for the councils.
    #[arg(long)]
    pub outcomes: Option<String>,
    /// concept, discovery, alpha, beta, live or retired.
    #[arg(long)]
    pub phase: Option<String>,
    /// active, paused or closed.
    #[arg(long)]
    pub status: Option<String>,
    /// Topics, comma-separated: replaces the tags.
    #[arg(long)]
    pub tags: Option<String>,
    /// share_ideas, open_to_conversation or share_funding.
    #[arg(long)]
    pub collaboration_level: Option<String>,
    /// 0-50k, 50-100k, 100-250k, 250-500k, 500k-1m, over-1m, or none.
    #[arg(long)]
    pub budget_band: Option<String>,
    /// yes or no.
    #[arg(long)]
    pub looking_for_partners: Option<String>,
    /// YYYY-MM-DD, or none.
    #[arg(long)]
    pub start_date: Option<String>,
    /// YYYY-MM-DD, or none.
    #[arg(long)]
    pub review_date: Option<String>,
    /// The language the documents are written in: en-GB (British English, the default)
    /// or cy (Welsh). The PDFs declare it, so screen readers speak them in it.
    #[arg(long)]
    pub language: Option<String>,
}

pub fn run(a: Args, ctx: &Context) -> Outcome {
    let patch = ProjectPatch {
        title: a.title,
        problem: a.problem,
        outcomes: a.outcomes,
        phase: a.phase.map(|s| s.parse()).transpose()?,
        status: a.status.map(|s| s.parse()).transpose()?,
        tags: a.tags.as_deref().map(split_list),
        collaboration_level: a.collaboration_level.map(|s| s.parse()).transpose()?,
        budget_band: a.budget_band.as_deref().map(clearable).transpose()?,
        looking_for_partners: a
            .looking_for_partners
            .as_deref()
            .map(parse_bool)
            .transpose()?,
        start_date: a.start_date.as_deref().map(clearable_date).transpose()?,
        review_date: a.review_date.as_deref().map(clearable_date).transpose()?,
        pipeline_id: None,
        language: a.language.map(|s| s.parse()).transpose()?,
    };
    if patch == ProjectPatch::default() {
        return Err(Failure::usage(
            "Nothing to change: give at least one option, such as --problem \"...\". See accord project --help.",
        ));
    }
    let stamp = ctx.stamp()?;
    let p = open(&a.file)?.update_project(patch, &stamp)?;
    say!("Saved \"{}\" ({}, {}).", p.title, p.phase, p.status);
    Ok(())
}
