//! `accord invitations`: the listings of other organisations that name yours as taking part,
//! and confirming (the listing then shows your organisation as confirmed and is found by
//! your nation and region) or declining (the listing stops naming it).

use clap::Subcommand;

use crate::failure::Outcome;
use crate::{output, pipeline};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[arg(long, global = true, value_name = "URL")]
    pub server: Option<String>,
    #[command(subcommand)]
    pub action: Action,
}

#[derive(Debug, Subcommand)]
pub enum Action {
    /// The listings that name your organisation, newest first.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Confirm that your organisation takes part.
    Confirm { invitation: String },
    /// Decline: the listing stops naming your organisation.
    Decline { invitation: String },
}

pub fn run(args: Args) -> Outcome {
    let conn = pipeline::connect(args.server.as_deref())?;
    match args.action {
        Action::List { json } => {
            let invitations = conn.invitations()?;
            if json {
                output::json(&invitations);
            } else if invitations.is_empty() {
                say!("No listing names your organisation.");
            } else {
                let rows: Vec<Vec<String>> = invitations
                    .iter()
                    .map(|i| {
                        vec![
                            i.id.to_string(),
                            format!("{:?}", i.state).to_lowercase(),
                            i.owner.name.clone(),
                            output::brief(&i.listing_title, 60),
                        ]
                    })
                    .collect();
                output::table(&["Invitation", "State", "Published by", "Listing"], &rows);
            }
        }
        Action::Confirm { invitation } => {
            let i = conn.confirm(accord_pipeline::request_id(&invitation)?)?;
            say!(
                "Confirmed: \"{}\" by {} now shows your organisation as taking part.",
                i.listing_title,
                i.owner.name
            );
        }
        Action::Decline { invitation } => {
            let i = conn.decline_invitation(accord_pipeline::request_id(&invitation)?)?;
            say!(
                "Declined: \"{}\" by {} no longer names your organisation.",
                i.listing_title,
                i.owner.name
            );
        }
    }
    Ok(())
}
