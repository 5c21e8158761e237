//! `accord requests`: for a project's lead organisation, the requests to join it, and
//! accepting or declining them.

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
    /// The requests to join one of your listings (by id, or your published workspace file).
    List {
        listing: String,
        #[arg(long)]
        json: bool,
    },
    /// Accept a request: the organisation becomes a partner in the project.
    Accept { request: String },
    /// Decline a request.
    Decline { request: String },
}

pub fn run(args: Args) -> Outcome {
    let conn = pipeline::connect(args.server.as_deref())?;
    match args.action {
        Action::List { listing, json } => {
            let requests = conn.join_requests(pipeline::listing(&listing)?)?;
            if json {
                output::json(&requests);
            } else if requests.is_empty() {
                say!("No requests to join.");
            } else {
                let rows: Vec<Vec<String>> = requests
                    .iter()
                    .map(|r| {
                        vec![
                            r.id.to_string(),
                            format!("{:?}", r.state).to_lowercase(),
                            r.organisation.name.clone(),
                            output::brief(&r.message, 60),
                        ]
                    })
                    .collect();
                output::table(&["Request", "State", "Organisation", "Message"], &rows);
            }
        }
        Action::Accept { request } => {
            let r = conn.accept(accord_pipeline::request_id(&request)?)?;
            say!(
                "Accepted: {} is now a partner in the project.",
                r.organisation.name
            );
        }
        Action::Decline { request } => {
            let r = conn.decline(accord_pipeline::request_id(&request)?)?;
            say!("Declined the request from {}.", r.organisation.name);
        }
    }
    Ok(())
}
