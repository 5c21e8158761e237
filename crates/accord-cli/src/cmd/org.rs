//! `accord org`: the organisations taking part, including import from a register of councils.

use std::path::PathBuf;

use accord_domain::party::OrganisationPatch;
use accord_domain::{Id, Organisation, PartyRole};
use accord_interchange::RegisterFilter;
use clap::Subcommand;

use super::{Context, open, split_list};
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
    /// List the organisations.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Add an organisation.
    Add {
        #[arg(long)]
        name: String,
        /// county, district, unitary, metropolitan, london_borough, combined_authority,
        /// welsh_unitary, scottish_unitary, ni_district, other_public, voluntary, supplier, other.
        #[arg(long, default_value = "other_public")]
        kind: String,
        /// lead, partner or observer.
        #[arg(long, default_value = "partner")]
        role: String,
        /// The ONS code, such as E07000223.
        #[arg(long)]
        gss_code: Option<String>,
    },
    /// Change an organisation (by name or id).
    Edit {
        org: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        kind: Option<String>,
        #[arg(long)]
        role: Option<String>,
        /// An ONS code, or none.
        #[arg(long)]
        gss_code: Option<String>,
        /// The person who signs for this organisation (name or id), or none.
        #[arg(long)]
        signatory: Option<String>,
    },
    /// Remove an organisation that nothing refers to.
    Remove { org: String },
    /// Add councils from a CSV register such as mySociety's UK local authorities list.
    Import {
        register: PathBuf,
        /// Register or ONS codes to take, comma-separated (ADU,E07000224).
        #[arg(long)]
        codes: Option<String>,
        /// Take authorities whose name contains these words.
        #[arg(long)]
        name_contains: Option<String>,
        /// England, Scotland, Wales or Northern Ireland.
        #[arg(long)]
        nation: Option<String>,
        #[arg(long)]
        region: Option<String>,
        /// Also take authorities that have been abolished.
        #[arg(long)]
        include_former: bool,
        /// The role the imported organisations take.
        #[arg(long, default_value = "partner")]
        role: String,
    },
}

pub fn run(args: Args, ctx: &Context) -> Outcome {
    match args.action {
        Action::List { json } => {
            let orgs = open(&args.file)?.organisations()?;
            if json {
                output::json(&orgs);
            } else {
                let rows: Vec<Vec<String>> = orgs
                    .iter()
                    .map(|o| {
                        vec![
                            o.name.clone(),
                            o.kind.to_string(),
                            o.role.to_string(),
                            o.gss_code.clone().unwrap_or_default(),
                            o.id.to_string(),
                        ]
                    })
                    .collect();
                output::table(&["Name", "Kind", "Role", "ONS code", "Id"], &rows);
            }
        }
        Action::Add {
            name,
            kind,
            role,
            gss_code,
        } => {
            let stamp = ctx.stamp()?;
            let mut org = Organisation::new(Id::now_v7(), &name, kind.parse()?, role.parse()?)?;
            org.apply(OrganisationPatch {
                gss_code: Some(gss_code),
                ..Default::default()
            })?;
            let org = open(&args.file)?.add_organisation(org, &stamp)?;
            say!("Added {} as a {} ({}).", org.name, org.role, org.id);
        }
        Action::Edit {
            org,
            name,
            kind,
            role,
            gss_code,
            signatory,
        } => {
            let stamp = ctx.stamp()?;
            let mut ws = open(&args.file)?;
            let orgs = ws.organisations()?;
            let id = lookup::organisation(&orgs, &org)?.id;
            let signatory = match signatory.as_deref().map(str::trim) {
                None => None,
                Some(s) if s.is_empty() || s.eq_ignore_ascii_case("none") => Some(None),
                Some(s) => Some(Some(lookup::person(&ws.people()?, s)?.id)),
            };
            let patch = OrganisationPatch {
                name,
                kind: kind.map(|k| k.parse()).transpose()?,
                gss_code: gss_code
                    .map(|g| Some(g).filter(|g| !g.trim().eq_ignore_ascii_case("none"))),
                role: role.map(|r| r.parse()).transpose()?,
                signatory,
            };
            let o = ws.update_organisation(id, patch, &stamp)?;
            say!("Saved {}.", o.name);
        }
        Action::Remove { org } => {
            let stamp = ctx.stamp()?;
            let mut ws = open(&args.file)?;
            let id = lookup::organisation(&ws.organisations()?, &org)?.id;
            let o = ws.remove_organisation(id, &stamp)?;
            say!("Removed {} (it stays in the history).", o.name);
        }
        Action::Import {
            register,
            codes,
            name_contains,
            nation,
            region,
            include_former,
            role,
        } => {
            let stamp = ctx.stamp()?;
            let role: PartyRole = role.parse()?;
            let filter = RegisterFilter {
                codes: codes.as_deref().map(split_list).unwrap_or_default(),
                name_contains,
                nation,
                region,
                include_former,
            };
            let done = accord_app::workspace::import_register(
                &mut open(&args.file)?,
                &register,
                &filter,
                role,
                &stamp,
            )?;
            for o in &done.added {
                say!(
                    "Added {} ({}, {})",
                    o.name,
                    o.kind,
                    o.gss_code.as_deref().unwrap_or("no ONS code")
                );
            }
            say!(
                "{} added; {} already in the workspace.",
                done.added.len(),
                done.offered - done.added.len()
            );
        }
    }
    Ok(())
}
