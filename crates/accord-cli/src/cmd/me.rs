//! `accord me`: who you are on this laptop, recorded against every change you make.

use accord_domain::Actor;
use clap::Subcommand;

use crate::failure::Outcome;
use crate::settings;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub action: Option<Action>,
}

#[derive(Debug, Subcommand)]
pub enum Action {
    /// Set your name and organisation.
    Set {
        #[arg(long)]
        name: String,
        #[arg(long)]
        organisation: String,
    },
}

pub fn run(args: Args) -> Outcome {
    match args.action {
        None => match settings::load()?.me {
            Some(me) => say!("You are {me}. (Settings: {})", settings::path()?.display()),
            None => say!(
                "Not set up yet: accord me set --name \"Your Name\" --organisation \"Your Council\""
            ),
        },
        Some(Action::Set { name, organisation }) => {
            let me = Actor::new(&name, &organisation)?;
            let mut s = settings::load()?;
            s.me = Some(me.clone());
            let path = settings::save(&s)?;
            say!(
                "Changes you make will be recorded as {me}. (Saved in {})",
                path.display()
            );
        }
    }
    Ok(())
}
