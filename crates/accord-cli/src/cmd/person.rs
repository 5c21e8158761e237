//! `accord person`: the people working on the project.

use std::path::PathBuf;

use accord_domain::party::PersonPatch;
use accord_domain::{Id, Person};
use clap::Subcommand;

use super::{Context, open};
use crate::failure::Outcome;
use crate::{lookup, output};

#[derive(Debug, clap::Args)]
pub struct Args {
    pub file: PathBuf,
    #[command(subcommand)]
    pub action: Action,
}

#[derive(Debug, clap::Args)]
pub struct Fields {
    #[arg(long)]
    pub job_title: Option<String>,
    /// Their organisation (name or id).
    #[arg(long)]
    pub organisation: Option<String>,
    #[arg(long)]
    pub email: Option<String>,
    #[arg(long)]
    pub phone: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Action {
    /// List the people.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Add a person.
    Add {
        #[arg(long)]
        name: String,
        #[command(flatten)]
        fields: Fields,
    },
    /// Change a person's details (by name or id).
    Edit {
        person: String,
        #[arg(long)]
        name: Option<String>,
        #[command(flatten)]
        fields: Fields,
    },
    /// Mark someone as having left the project: their roles then show as needing a successor.
    Leave { person: String },
    /// Mark someone as active on the project again.
    Return { person: String },
    /// Remove a person that nothing refers to (added by mistake).
    Remove { person: String },
}

fn patch(
    ws: &accord_store::WorkspaceFile,
    name: Option<String>,
    f: Fields,
) -> Outcome<PersonPatch> {
    let organisation = match f.organisation {
        Some(o) => Some(Some(lookup::organisation(&ws.organisations()?, &o)?.id)),
        None => None,
    };
    Ok(PersonPatch {
        name,
        job_title: f.job_title,
        organisation,
        email: f.email,
        phone: f.phone,
        active: None,
    })
}

pub fn run(args: Args, ctx: &Context) -> Outcome {
    let mut ws = open(&args.file)?;
    let find = |ws: &accord_store::WorkspaceFile, typed: &str| -> Outcome<Id> {
        Ok(lookup::person(&ws.people()?, typed)?.id)
    };
    match args.action {
        Action::List { json } => {
            let people = ws.people()?;
            if json {
                output::json(&people);
            } else {
                let orgs = ws.organisations()?;
                let org_name = |id: Option<Id>| {
                    id.and_then(|id| orgs.iter().find(|o| o.id == id))
                        .map(|o| o.name.clone())
                        .unwrap_or_default()
                };
                let rows: Vec<Vec<String>> = people
                    .iter()
                    .map(|p| {
                        let state = if p.active { "" } else { "left" };
                        vec![
                            p.name.clone(),
                            p.job_title.clone(),
                            org_name(p.organisation),
                            state.into(),
                            p.id.to_string(),
                        ]
                    })
                    .collect();
                output::table(&["Name", "Job title", "Organisation", "", "Id"], &rows);
            }
        }
        Action::Add { name, fields } => {
            let stamp = ctx.stamp()?;
            let mut p = Person::new(Id::now_v7(), &name)?;
            p.apply(patch(&ws, None, fields)?)?;
            let p = ws.add_person(p, &stamp)?;
            say!("Added {} ({}).", p.name, p.id);
        }
        Action::Edit {
            person,
            name,
            fields,
        } => {
            let stamp = ctx.stamp()?;
            let id = find(&ws, &person)?;
            let patch = patch(&ws, name, fields)?;
            let p = ws.update_person(id, patch, &stamp)?;
            say!("Saved {}.", p.name);
        }
        Action::Leave { person } => {
            let stamp = ctx.stamp()?;
            let id = find(&ws, &person)?;
            let p = ws.update_person(
                id,
                PersonPatch {
                    active: Some(false),
                    ..Default::default()
                },
                &stamp,
            )?;
            say!(
                "{} is marked as having left. Run accord check to see the roles that need a successor.",
                p.name
            );
        }
        Action::Return { person } => {
            let stamp = ctx.stamp()?;
            let id = find(&ws, &person)?;
            let p = ws.update_person(
                id,
                PersonPatch {
                    active: Some(true),
                    ..Default::default()
                },
                &stamp,
            )?;
            say!("{} is active again.", p.name);
        }
        Action::Remove { person } => {
            let stamp = ctx.stamp()?;
            let id = find(&ws, &person)?;
            let p = ws.remove_person(id, &stamp)?;
            say!("Removed {} (they stay in the history).", p.name);
        }
    }
    Ok(())
}
