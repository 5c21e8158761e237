//! `accord agreement`: write, agree and reopen the collaboration agreement.

use std::path::PathBuf;

use accord_domain::SectionStatus;
use accord_domain::agreement::AgreementPatch;
use clap::Subcommand;

use super::{Context, LongText, clearable_date, open, parse_bool};
use crate::failure::{Failure, Outcome};
use crate::output;

#[derive(Debug, clap::Args)]
pub struct Args {
    pub file: PathBuf,
    #[command(subcommand)]
    pub action: Action,
}

#[derive(Debug, Subcommand)]
pub enum Action {
    /// Show every section with its status, or one section in full.
    Show {
        /// A section key, such as `data`, to show in full.
        key: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Write a section's text (an agreed section returns to draft).
    Write {
        key: String,
        #[command(flatten)]
        text: LongText,
    },
    /// Mark a section as agreed by the parties.
    Agree { key: String },
    /// Mark a section as draft again.
    Unagree { key: String },
    /// Add a section of your own after the standard ones.
    AddSection {
        key: String,
        #[arg(long)]
        title: String,
    },
    /// Remove a section you added (standard sections stay).
    RemoveSection { key: String },
    /// Set the agreement's status: draft, in_review or agreed.
    Status { status: String },
    /// Reopen an agreed agreement as a new draft version.
    Reopen,
    /// Import sections from a Word document (.docx): each heading becomes a section,
    /// matched to the standard sections by title, else added as your own.
    Import {
        document: PathBuf,
        /// Show what would be added and changed, and write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Set whether it is legally binding, and its dates.
    Set {
        /// yes or no.
        #[arg(long)]
        binding: Option<String>,
        /// YYYY-MM-DD, or none.
        #[arg(long)]
        effective_date: Option<String>,
        /// YYYY-MM-DD, or none.
        #[arg(long)]
        review_date: Option<String>,
    },
}

pub fn run(args: Args, ctx: &Context) -> Outcome {
    let mut ws = open(&args.file)?;
    match args.action {
        Action::Show { key, json } => {
            let a = ws.agreement()?;
            match key {
                Some(key) => {
                    let s = a.section(&key).ok_or_else(|| {
                        Failure::usage(format!("The agreement has no section '{key}'."))
                    })?;
                    if json {
                        output::json(s);
                    } else {
                        say!("{} [{}]", s.title, s.status);
                        if let Some(g) = s.guidance() {
                            say!("Guidance: {g}");
                        }
                        if let (Some(at), Some(by)) = (&s.updated_at, &s.updated_by) {
                            say!("Last changed {} by {by}", at.format("%Y-%m-%d %H:%M"));
                        }
                        say!();
                        say!("{}", if s.is_empty() { "(empty)" } else { &s.body });
                    }
                }
                None if json => output::json(&a),
                None => {
                    let binding = if a.binding {
                        "legally binding"
                    } else {
                        "not legally binding (good faith)"
                    };
                    say!(
                        "Collaboration agreement, version {}, {} · {}",
                        a.version,
                        a.status,
                        binding
                    );
                    let rows: Vec<Vec<String>> = a
                        .sections
                        .iter()
                        .map(|s| {
                            let state = if s.is_empty() {
                                "empty".to_string()
                            } else {
                                s.status.to_string()
                            };
                            let text = if s.is_empty() {
                                s.guidance().unwrap_or("").to_string()
                            } else {
                                output::brief(&s.body, 60)
                            };
                            vec![s.key.clone(), state, text]
                        })
                        .collect();
                    output::table(&["Section", "Status", "Text (or guidance)"], &rows);
                }
            }
        }
        Action::Write { key, text } => {
            let body = text.read()?.ok_or_else(|| Failure::usage("Give the section's text with --text \"...\" or --from-file PATH (- for standard input)."))?;
            let stamp = ctx.stamp()?;
            let s = ws.write_section(&key, &body, &stamp)?;
            say!(
                "Saved \"{}\" ({} characters, {}).",
                s.title,
                s.body.chars().count(),
                s.status
            );
        }
        Action::Agree { key } => {
            let s = ws.set_section_status(&key, SectionStatus::Agreed, &ctx.stamp()?)?;
            say!("\"{}\" is agreed.", s.title);
        }
        Action::Unagree { key } => {
            let s = ws.set_section_status(&key, SectionStatus::Draft, &ctx.stamp()?)?;
            say!("\"{}\" is draft again.", s.title);
        }
        Action::AddSection { key, title } => {
            ws.add_section(&key, &title, &ctx.stamp()?)?;
            say!("Added the section \"{title}\".");
        }
        Action::RemoveSection { key } => {
            let s = ws.remove_section(&key, &ctx.stamp()?)?;
            say!("Removed \"{}\" (its text stays in the history).", s.title);
        }
        Action::Status { status } => {
            let a = ws.set_agreement_status(status.parse()?, &ctx.stamp()?)?;
            say!("Version {} of the agreement is {}.", a.version, a.status);
        }
        Action::Reopen => {
            let a = ws.reopen_agreement(&ctx.stamp()?)?;
            say!("Reopened: version {} is a draft.", a.version);
        }
        Action::Import { document, dry_run } => {
            let stamp = ctx.stamp()?;
            let done = accord_app::office::import_agreement(&mut ws, &document, dry_run, &stamp)?;
            let plan = &done.plan;
            say!("Read {}.", document.display());
            for c in &plan.changes {
                let what = c.what();
                let heading = if c.heading.trim() == c.title {
                    String::new()
                } else {
                    format!(" (heading \"{}\")", c.heading)
                };
                say!(
                    "  {what} \"{}\" [{}]{heading}: {} characters",
                    c.title,
                    c.key,
                    c.after.chars().count()
                );
            }
            for t in &plan.unchanged {
                say!("  \"{t}\": already says this");
            }
            for t in &plan.empty {
                say!("  \"{t}\": nothing under the heading, so the section is left as it is");
            }
            if plan.is_empty() {
                say!("Nothing to change: the agreement already says what the document says.");
            } else if dry_run {
                say!("Dry run: nothing has been written. Run again without --dry-run to import.");
            } else if done.written {
                say!(
                    "Imported {} sections; sections whose text changed are drafts until agreed.",
                    plan.changes.len()
                );
            }
        }
        Action::Set {
            binding,
            effective_date,
            review_date,
        } => {
            let patch = AgreementPatch {
                binding: binding.as_deref().map(parse_bool).transpose()?,
                effective_date: effective_date.as_deref().map(clearable_date).transpose()?,
                review_date: review_date.as_deref().map(clearable_date).transpose()?,
            };
            if patch == AgreementPatch::default() {
                return Err(Failure::usage(
                    "Nothing to change: give --binding, --effective-date or --review-date.",
                ));
            }
            ws.update_agreement(patch, &ctx.stamp()?)?;
            say!("Saved.");
        }
    }
    Ok(())
}
