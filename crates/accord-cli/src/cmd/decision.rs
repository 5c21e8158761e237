//! `accord decision`: the decisions log.

use std::path::PathBuf;

use accord_app::workspace::{self, DecisionDraft};
use accord_domain::decision::DecisionPatch;
use accord_domain::{Decision, DecisionStatus, Id, Person};
use accord_store::DecisionFilter;
use clap::Subcommand;

use super::{Context, clearable_date, open, parse_date, split_list};
use crate::failure::{Failure, Outcome};
use crate::{lookup, output};

#[derive(Debug, clap::Args)]
pub struct Args {
    pub file: PathBuf,
    #[command(subcommand)]
    pub action: Action,
}

/// The text of a decision. Lists are comma-separated; `--option` may be repeated.
#[derive(Debug, Default, clap::Args)]
pub struct Text {
    /// The situation that needs deciding.
    #[arg(long)]
    pub context: Option<String>,
    /// One option considered; repeat for each.
    #[arg(long = "option")]
    pub options: Vec<String>,
    /// What was decided.
    #[arg(long)]
    pub decision: Option<String>,
    /// What follows from it.
    #[arg(long)]
    pub consequences: Option<String>,
    /// Who decided (names or ids, comma-separated).
    #[arg(long)]
    pub deciders: Option<String>,
    /// Who was consulted.
    #[arg(long)]
    pub consulted: Option<String>,
    /// Who was informed.
    #[arg(long)]
    pub informed: Option<String>,
    /// YYYY-MM-DD, or none.
    #[arg(long)]
    pub review_date: Option<String>,
    /// Topics, comma-separated.
    #[arg(long)]
    pub tags: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Action {
    /// List decisions, optionally only those with a status or tag.
    List {
        #[arg(long)]
        status: Option<String>,
        #[arg(long)]
        tag: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Show one decision in full (D-001, 1, or its id).
    Show {
        decision: String,
        #[arg(long)]
        json: bool,
    },
    /// Record a new proposed decision.
    Add {
        #[arg(long)]
        title: String,
        /// The date of the decision, YYYY-MM-DD (today if not given).
        #[arg(long)]
        date: Option<String>,
        #[command(flatten)]
        text: Text,
    },
    /// Edit a decision while it is still proposed.
    Edit {
        #[arg(value_name = "DECISION")]
        which: String,
        #[arg(long)]
        title: Option<String>,
        #[arg(long)]
        date: Option<String>,
        #[command(flatten)]
        text: Text,
    },
    /// Accept a proposed decision (and supersede the one it replaces, if any).
    Accept { decision: String },
    /// Reject a proposed decision.
    Reject { decision: String },
    /// Deprecate an accepted decision that no longer applies.
    Deprecate { decision: String },
    /// Record a new decision that will replace an accepted one once it is accepted.
    Supersede {
        /// The accepted decision being replaced.
        #[arg(value_name = "DECISION")]
        which: String,
        #[arg(long)]
        title: String,
        #[arg(long)]
        date: Option<String>,
        /// Accept the new decision at once, which marks the old one superseded.
        #[arg(long)]
        accept: bool,
        #[command(flatten)]
        text: Text,
    },
}

fn people_ids(people: &[Person], list: &Option<String>) -> Outcome<Option<Vec<Id>>> {
    list.as_deref()
        .map(|l| {
            split_list(l)
                .iter()
                .map(|n| Ok(lookup::person(people, n)?.id))
                .collect()
        })
        .transpose()
}

fn patch(
    ws: &accord_store::WorkspaceFile,
    title: Option<String>,
    date: Option<String>,
    t: Text,
) -> Outcome<DecisionPatch> {
    let people = ws.people()?;
    Ok(DecisionPatch {
        title,
        date: date.as_deref().map(parse_date).transpose()?,
        context: t.context,
        options: if t.options.is_empty() {
            None
        } else {
            Some(t.options)
        },
        decision: t.decision,
        consequences: t.consequences,
        deciders: people_ids(&people, &t.deciders)?,
        consulted: people_ids(&people, &t.consulted)?,
        informed: people_ids(&people, &t.informed)?,
        review_date: t.review_date.as_deref().map(clearable_date).transpose()?,
        tags: t.tags.as_deref().map(split_list),
    })
}

/// `supersedes` is the decision `d` replaces, `newer` those that name `d` as replaced.
fn print_full(d: &Decision, supersedes: Option<&Decision>, newer: &[Decision], people: &[Person]) {
    let name = |id: &Id| {
        people
            .iter()
            .find(|p| p.id == *id)
            .map_or(id.to_string(), |p| p.name.clone())
    };
    let names = |ids: &[Id]| ids.iter().map(name).collect::<Vec<_>>().join(", ");
    say!("{} {} [{}] {}", d.number, d.title, d.status, d.date);
    if let Some(old) = supersedes {
        say!("Supersedes {} {}", old.number, old.title);
    }
    for newer in newer {
        say!(
            "{} by {} {}",
            if d.status == DecisionStatus::Superseded {
                "Superseded"
            } else {
                "To be superseded"
            },
            newer.number,
            newer.title
        );
    }
    for (label, text) in [
        ("Context", &d.context),
        ("Decision", &d.decision),
        ("Consequences", &d.consequences),
    ] {
        if !text.trim().is_empty() {
            say!("\n{label}:\n{text}");
        }
    }
    if !d.options.is_empty() {
        say!("\nOptions considered:");
        for o in &d.options {
            say!("  - {o}");
        }
    }
    say!();
    for (label, ids) in [
        ("Deciders", &d.deciders),
        ("Consulted", &d.consulted),
        ("Informed", &d.informed),
    ] {
        if !ids.is_empty() {
            say!("{label}: {}", names(ids));
        }
    }
    if !d.tags.is_empty() {
        say!("Tags: {}", d.tags.join(", "));
    }
    if let Some(r) = d.review_date {
        say!("Review by {r}");
    }
}

pub fn run(args: Args, ctx: &Context) -> Outcome {
    let mut ws = open(&args.file)?;
    match args.action {
        Action::List { status, tag, json } => {
            let filter = DecisionFilter {
                status: status.map(|s| s.parse()).transpose()?,
                tag,
                offset: 0,
                limit: None,
            };
            let list = ws.decision_page(&filter)?.decisions;
            if json {
                output::json(&list);
            } else {
                let provisional = ws.provisional_decisions()?;
                let rows: Vec<Vec<String>> = list
                    .iter()
                    .map(|d| {
                        vec![
                            if provisional.contains(&d.id) {
                                format!("{} (provisional until synced)", d.number)
                            } else {
                                d.number.to_string()
                            },
                            d.date.to_string(),
                            d.status.to_string(),
                            output::brief(&d.title, 70),
                        ]
                    })
                    .collect();
                output::table(&["Number", "Date", "Status", "Title"], &rows);
            }
        }
        Action::Show { decision, json } => {
            let d = ws.decision(&decision)?;
            if json {
                output::json(&d);
            } else {
                let old = d
                    .supersedes
                    .map(|id| ws.decision(&id.to_string()))
                    .transpose()?;
                print_full(
                    &d,
                    old.as_ref(),
                    &ws.decisions_superseding(d.id)?,
                    &ws.people()?,
                );
            }
        }
        Action::Add { title, date, text } => {
            let draft = DecisionDraft {
                title,
                date: date.as_deref().map(parse_date).transpose()?,
                patch: patch(&ws, None, None, text)?,
                ..Default::default()
            };
            let d = workspace::record_decision(&mut ws, draft, ctx.today(), &ctx.stamp()?)?;
            say!("Recorded {} \"{}\" as proposed.", d.number, d.title);
        }
        Action::Edit {
            which,
            title,
            date,
            text,
        } => {
            let id = ws.decision(&which)?.id;
            let p = patch(&ws, title, date, text)?;
            let d = ws.edit_decision(id, p, &ctx.stamp()?)?;
            say!("Saved {} \"{}\".", d.number, d.title);
        }
        Action::Accept { decision } => {
            let id = ws.decision(&decision)?.id;
            let d = ws.set_decision_status(id, DecisionStatus::Accepted, &ctx.stamp()?)?;
            say!(
                "{} is accepted. Its text is now a record and cannot be edited.",
                d.number
            );
            if let Some(old) = d.supersedes {
                say!(
                    "{} is superseded by it.",
                    ws.decision(&old.to_string())?.number
                );
            }
        }
        Action::Reject { decision } => {
            let id = ws.decision(&decision)?.id;
            let d = ws.set_decision_status(id, DecisionStatus::Rejected, &ctx.stamp()?)?;
            say!("{} is rejected.", d.number);
        }
        Action::Deprecate { decision } => {
            let id = ws.decision(&decision)?.id;
            let d = ws.set_decision_status(id, DecisionStatus::Deprecated, &ctx.stamp()?)?;
            say!("{} is deprecated.", d.number);
        }
        Action::Supersede {
            which,
            title,
            date,
            accept,
            text,
        } => {
            let old = ws.decision(&which)?;
            let p = patch(&ws, None, None, text)?;
            let stamp = ctx.stamp()?;
            if accept && p.decision.as_deref().is_none_or(|d| d.trim().is_empty()) {
                return Err(Failure::usage(
                    "To accept at once, give the new decision's text with --decision \"...\".",
                ));
            }
            let draft = DecisionDraft {
                title,
                date: date.as_deref().map(parse_date).transpose()?,
                patch: p,
                supersedes: Some(old.id),
                accept,
            };
            let d = workspace::record_decision(&mut ws, draft, ctx.today(), &stamp)?;
            if accept {
                say!(
                    "Recorded and accepted {}; {} is superseded.",
                    d.number,
                    old.number
                );
            } else {
                say!(
                    "Recorded {} as proposed; {} will be superseded when it is accepted.",
                    d.number,
                    old.number
                );
            }
        }
    }
    Ok(())
}
