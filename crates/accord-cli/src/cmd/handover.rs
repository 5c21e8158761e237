//! `accord handover`: handover notes, one per role, for whoever takes it over.

use std::path::PathBuf;

use accord_domain::handover::{HANDOVER_PARTS, HandoverPatch};
use accord_domain::{HandoverNote, Id};
use clap::Subcommand;

use super::{Context, clearable_date, open};
use crate::failure::{Failure, Outcome};
use crate::{lookup, output};

#[derive(Debug, clap::Args)]
pub struct Args {
    pub file: PathBuf,
    #[command(subcommand)]
    pub action: Action,
}

/// The parts of a note. Each is free text.
#[derive(Debug, Default, clap::Args)]
pub struct Parts {
    #[arg(long)]
    pub responsibilities: Option<String>,
    #[arg(long)]
    pub key_contacts: Option<String>,
    #[arg(long)]
    pub in_flight_work: Option<String>,
    /// Documents, systems and accounts, and where they are. Never passwords.
    #[arg(long)]
    pub where_things_are: Option<String>,
    /// What only the holder knows.
    #[arg(long)]
    pub tacit_knowledge: Option<String>,
    #[arg(long)]
    pub risks: Option<String>,
    /// What the successor should do first.
    #[arg(long)]
    pub first_two_weeks: Option<String>,
    /// The successor (name or id), or none.
    #[arg(long)]
    pub successor: Option<String>,
    /// YYYY-MM-DD, or none.
    #[arg(long)]
    pub handover_date: Option<String>,
    /// draft, ready or handed_over.
    #[arg(long)]
    pub status: Option<String>,
    /// The date the successor confirmed they received it, YYYY-MM-DD, or none.
    #[arg(long)]
    pub acknowledged_on: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Action {
    /// List the handover notes.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Show a note in full (by role or id), with the parts still to write.
    Show {
        note: String,
        #[arg(long)]
        json: bool,
    },
    /// Start a handover note for a role.
    Start {
        #[arg(long)]
        role: String,
        /// Who holds the role now (name or id).
        #[arg(long)]
        holder: String,
        #[command(flatten)]
        parts: Parts,
    },
    /// Write parts of a note, or change its status.
    Edit {
        note: String,
        #[command(flatten)]
        parts: Parts,
    },
    /// Remove a draft note (its text stays in the history).
    Remove { note: String },
}

fn find_note(notes: &[HandoverNote], typed: &str) -> Outcome<Id> {
    if let Ok(id) = typed.trim().parse::<Id>() {
        return Ok(id);
    }
    let lower = typed.trim().to_lowercase();
    let found: Vec<&HandoverNote> = notes
        .iter()
        .filter(|n| n.role.to_lowercase().starts_with(&lower))
        .collect();
    match found.as_slice() {
        [one] => Ok(one.id),
        [] => Err(Failure::usage(format!(
            "No handover note is for a role called \"{typed}\"."
        ))),
        _ => Err(Failure::usage(format!(
            "More than one handover note matches \"{typed}\": use its id (accord handover FILE list)."
        ))),
    }
}

fn patch(ws: &accord_store::WorkspaceFile, p: Parts) -> Outcome<HandoverPatch> {
    let successor = match p.successor.as_deref().map(str::trim) {
        None => None,
        Some(s) if s.is_empty() || s.eq_ignore_ascii_case("none") => Some(None),
        Some(s) => Some(Some(lookup::person(&ws.people()?, s)?.id)),
    };
    Ok(HandoverPatch {
        role: None,
        holder: None,
        successor,
        handover_date: p.handover_date.as_deref().map(clearable_date).transpose()?,
        status: p.status.map(|s| s.parse()).transpose()?,
        responsibilities: p.responsibilities,
        key_contacts: p.key_contacts,
        in_flight_work: p.in_flight_work,
        where_things_are: p.where_things_are,
        tacit_knowledge: p.tacit_knowledge,
        risks: p.risks,
        first_two_weeks: p.first_two_weeks,
        acknowledged_on: p
            .acknowledged_on
            .as_deref()
            .map(clearable_date)
            .transpose()?,
    })
}

pub fn run(args: Args, ctx: &Context) -> Outcome {
    let mut ws = open(&args.file)?;
    match args.action {
        Action::List { json } => {
            let notes = ws.handover_notes()?;
            if json {
                output::json(&notes);
                return Ok(());
            }
            let people = ws.people()?;
            let name = |id: Option<Id>| {
                id.and_then(|id| people.iter().find(|p| p.id == id))
                    .map(|p| p.name.clone())
                    .unwrap_or_default()
            };
            let rows: Vec<Vec<String>> = notes
                .iter()
                .map(|n| {
                    let todo = n.missing_parts().len();
                    vec![
                        n.role.clone(),
                        name(Some(n.holder)),
                        name(n.successor),
                        n.status.to_string(),
                        format!("{} of 7 parts written", 7 - todo),
                    ]
                })
                .collect();
            output::table(
                &["Role", "Holder", "Successor", "Status", "Progress"],
                &rows,
            );
        }
        Action::Show { note, json } => {
            let id = find_note(&ws.handover_notes()?, &note)?;
            let n = ws.handover_note(id)?;
            if json {
                output::json(&n);
                return Ok(());
            }
            say!("Handover: {} [{}]", n.role, n.status);
            for ((_, heading, prompt), text) in HANDOVER_PARTS.iter().zip(n.parts()) {
                say!("\n{heading}");
                if text.trim().is_empty() {
                    say!("  (not written yet) {prompt}");
                } else {
                    say!("{text}");
                }
            }
        }
        Action::Start {
            role,
            holder,
            parts,
        } => {
            let holder = lookup::person(&ws.people()?, &holder)?.id;
            let p = patch(&ws, parts)?;
            let n = ws.start_handover(&role, holder, p, &ctx.stamp()?)?;
            say!("Started the handover note for \"{}\" ({}).", n.role, n.id);
            let missing = n.missing_parts();
            if !missing.is_empty() {
                say!("Still to write: {}.", missing.join(", "));
            }
        }
        Action::Edit { note, parts } => {
            let id = find_note(&ws.handover_notes()?, &note)?;
            let p = patch(&ws, parts)?;
            let n = ws.update_handover(id, p, &ctx.stamp()?)?;
            say!("Saved the handover note for \"{}\" ({}).", n.role, n.status);
        }
        Action::Remove { note } => {
            let id = find_note(&ws.handover_notes()?, &note)?;
            let n = ws.remove_handover(id, &ctx.stamp()?)?;
            say!("Removed the handover note for \"{}\".", n.role);
        }
    }
    Ok(())
}
