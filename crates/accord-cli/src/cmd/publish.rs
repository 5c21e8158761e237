//! `accord publish`: publish the workspace's public listing to the Pipeline directory, or
//! update it, and keep the listing's id in the workspace. `--dry-run` shows exactly what
//! would be sent, and sends nothing.

use std::path::PathBuf;

use accord_pipeline::Outcome as Done;

use super::{Context, open};
use crate::failure::Outcome;
use crate::{lookup, pipeline};

#[derive(Debug, clap::Args)]
pub struct Args {
    pub file: PathBuf,
    /// Use this server for this command instead of the one set with `accord server set`.
    #[arg(long, value_name = "URL")]
    pub server: Option<String>,
    /// The person others should contact (a name or the start of one). Without it, the lead
    /// organisation's signatory, if they have an email address.
    #[arg(long, value_name = "PERSON")]
    pub contact: Option<String>,
    /// Publish the contact's email address too. Without it, the listing shows the contact's
    /// name and job title only, and the address is not sent.
    #[arg(long)]
    pub publish_email: bool,
    /// Print the listing, exactly as it would be sent, and send nothing.
    #[arg(long)]
    pub dry_run: bool,
}

pub fn run(args: Args, ctx: &Context) -> Outcome {
    let mut file = open(&args.file)?;
    let contact = match &args.contact {
        Some(typed) => Some(lookup::person(&file.people()?, typed)?.id),
        None => None,
    };
    if args.dry_run {
        let plan = accord_pipeline::publish::plan(&file, contact, args.publish_email)?;
        say!("{}", accord_pipeline::preview(&plan.draft));
        return Ok(());
    }
    let stamp = ctx.stamp()?;
    let conn = pipeline::connect(args.server.as_deref())?;
    let published =
        accord_pipeline::publish::publish(&mut file, &conn, contact, args.publish_email, &stamp)?;
    let l = &published.listing;
    match published.outcome {
        Done::Published => say!("Published \"{}\" to {} as {}.", l.title, conn.url, l.id),
        Done::Updated => say!("Updated \"{}\" on {} ({}).", l.title, conn.url, l.id),
        Done::Republished => say!(
            "The workspace's earlier listing is not on {}, so \"{}\" was published afresh as {}.",
            conn.url,
            l.title,
            l.id
        ),
    }
    say!("The listing's id is kept in {}.", args.file.display());
    Ok(())
}
