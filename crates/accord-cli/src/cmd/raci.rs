//! `accord raci`: the RACI matrix.

use std::path::PathBuf;

use accord_domain::raci::ActivityPatch;
use accord_domain::{Activity, Id, Severity, raci};
use clap::Subcommand;

use super::{Context, clearable, open};
use crate::failure::Outcome;
use crate::{lookup, output};

#[derive(Debug, clap::Args)]
pub struct Args {
    pub file: PathBuf,
    #[command(subcommand)]
    pub action: Action,
}

#[derive(Debug, Subcommand)]
pub enum Action {
    /// Show the matrix, with the rule errors on the rows they concern.
    Show {
        #[arg(long)]
        json: bool,
    },
    /// Add an activity (a row).
    Add {
        name: String,
        #[arg(long, default_value = "")]
        description: String,
        /// The phase it belongs to, if any.
        #[arg(long)]
        phase: Option<String>,
    },
    /// Change an activity (by row number, name or id).
    Edit {
        activity: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        description: Option<String>,
        /// A phase, or none.
        #[arg(long)]
        phase: Option<String>,
    },
    /// Remove an activity and its row.
    Remove { activity: String },
    /// Import the matrix from a spreadsheet (.xlsx or .csv): the first row names the
    /// parties, the first column the activities, each cell holds letters. Parties are
    /// matched by name (case and spacing forgiven); shows what is added and changed, then
    /// the RACI findings.
    Import {
        sheet: PathBuf,
        /// Show what would be added and changed, and write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Set one cell: what PARTY is for ACTIVITY. ROLES is any of R, A, C, I (such as AR),
    /// or - to clear the cell.
    Set {
        activity: String,
        party: String,
        roles: String,
    },
}

pub fn run(args: Args, ctx: &Context) -> Outcome {
    let mut ws = open(&args.file)?;
    match args.action {
        Action::Show { json } => {
            let workspace = ws.load_for_check()?;
            let findings = raci::check(&workspace);
            if json {
                output::json(&serde_json::json!({ "raci": workspace.raci, "findings": findings }));
                return Ok(());
            }
            let names = workspace.party_names();
            let mut parties: Vec<Id> = Vec::new();
            for a in &workspace.raci.assignments {
                if !parties.contains(&a.party) {
                    parties.push(a.party);
                }
            }
            let mut header = vec!["#".to_string(), "Activity".to_string()];
            header.extend(
                parties
                    .iter()
                    .map(|p| names.get(p).copied().unwrap_or("?").to_string()),
            );
            let mut rows = Vec::new();
            for (i, act) in workspace.raci.activities.iter().enumerate() {
                let mut row = vec![(i + 1).to_string(), act.name.clone()];
                for p in &parties {
                    let roles: String = workspace
                        .raci
                        .roles(act.id, *p)
                        .iter()
                        .map(|r| r.as_str())
                        .collect();
                    row.push(if roles.is_empty() { "·".into() } else { roles });
                }
                rows.push(row);
                let record = format!("raci.activities[{}]", act.id);
                for f in findings.iter().filter(|f| f.record == record) {
                    let tag = if f.severity == Severity::Error {
                        "  ERROR"
                    } else {
                        "  warning"
                    };
                    rows.push(vec![String::new(), format!("{tag}: {}", f.message)]);
                }
            }
            let header: Vec<&str> = header.iter().map(String::as_str).collect();
            output::table(&header, &rows);
        }
        Action::Add {
            name,
            description,
            phase,
        } => {
            let mut act = Activity::new(Id::now_v7(), &name)?;
            act.apply(ActivityPatch {
                description: Some(description),
                phase: phase.as_deref().map(clearable).transpose()?,
                name: None,
            })?;
            let act = ws.add_activity(act, &ctx.stamp()?)?;
            say!("Added the activity \"{}\".", act.name);
        }
        Action::Edit {
            activity,
            name,
            description,
            phase,
        } => {
            let id = lookup::activity(&ws.raci()?.activities, &activity)?.id;
            let patch = ActivityPatch {
                name,
                description,
                phase: phase.as_deref().map(clearable).transpose()?,
            };
            let act = ws.update_activity(id, patch, &ctx.stamp()?)?;
            say!("Saved \"{}\".", act.name);
        }
        Action::Remove { activity } => {
            let id = lookup::activity(&ws.raci()?.activities, &activity)?.id;
            let act = ws.remove_activity(id, &ctx.stamp()?)?;
            say!(
                "Removed \"{}\" and its row (both stay in the history).",
                act.name
            );
        }
        Action::Import { sheet, dry_run } => {
            let stamp = ctx.stamp()?;
            let done = accord_app::office::import_raci(&mut ws, &sheet, dry_run, &stamp)?;
            print_raci_import(&sheet, &done, dry_run);
        }
        Action::Set {
            activity,
            party,
            roles,
        } => {
            let act = lookup::activity(&ws.raci()?.activities, &activity)?.clone();
            let (party_id, party_name) =
                lookup::party(&ws.people()?, &ws.organisations()?, &party)?;
            let stamp = ctx.stamp()?;
            let set = accord_app::workspace::set_cell(&mut ws, act.id, party_id, &roles, &stamp)?;
            let letters = raci::letters(&set.roles);
            say!(
                "{party_name} for \"{}\": {}",
                act.name,
                if letters.is_empty() {
                    "nothing"
                } else {
                    &letters
                }
            );
            for f in &set.row_findings {
                say!("{}: {} {}", f.severity, f.message, f.action);
            }
        }
    }
    Ok(())
}

fn shown_roles(roles: &[accord_domain::RaciRole]) -> String {
    let letters = raci::letters(roles);
    if letters.is_empty() {
        "(empty)".to_string()
    } else {
        letters
    }
}

fn print_raci_import(path: &std::path::Path, done: &accord_app::office::RaciImport, dry_run: bool) {
    let plan = &done.plan;
    say!(
        "Read {} ({}): {} parties across the first row.",
        path.display(),
        done.sheet,
        plan.parties.len()
    );
    for p in &plan.parties {
        match (&p.party, &p.why_not) {
            (Some((_, name)), _) => say!("  column {}: \"{}\" is {name}", p.column, p.written),
            (None, why) => say!(
                "  column {}: \"{}\" NOT MATCHED: {}",
                p.column,
                p.written,
                why.as_deref().unwrap_or("")
            ),
        }
    }
    for note in &plan.notes {
        say!("Note: {note}");
    }
    if plan.is_empty() {
        say!("Nothing to change: the matrix already says what the sheet says.");
    } else {
        if !plan.new_activities.is_empty() {
            say!("Activities to add ({}):", plan.new_activities.len());
            for a in &plan.new_activities {
                say!("  + {}", a.name);
            }
        }
        say!("Cells to change ({}):", plan.changes.len());
        for c in &plan.changes {
            say!(
                "  \"{}\", {}: {} -> {}",
                c.activity_name,
                c.party_name,
                shown_roles(&c.before),
                shown_roles(&c.after)
            );
        }
    }
    if plan.unchanged > 0 {
        say!("{} cells already as the sheet says.", plan.unchanged);
    }
    if dry_run {
        say!("Dry run: nothing has been written. Run again without --dry-run to import.");
    } else if done.written {
        say!(
            "Imported: {} activities added, {} cells changed.",
            plan.new_activities.len(),
            plan.changes.len()
        );
    }
    if done.findings.is_empty() {
        say!("The RACI rules find nothing to fix.");
    } else {
        say!(
            "RACI findings{}:",
            if dry_run { " if imported" } else { "" }
        );
        for f in &done.findings {
            say!("  {}: {} {}", f.severity, f.message, f.action);
        }
    }
}
