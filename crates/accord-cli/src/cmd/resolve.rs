//! `accord resolve FILE ID`: settles one conflict with an ordinary change, saved like any
//! edit and sent with the next sync. Only the choices valid for that conflict are taken.

use std::path::PathBuf;

use accord_store::Resolution;

use super::{Context, open};
use crate::failure::{Failure, Outcome};

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("how").required(true)))]
pub struct Args {
    pub file: PathBuf,
    /// The conflict's id, as `accord conflicts` lists it (such as C-7f3a19bc).
    pub id: String,
    /// Keep side N, counting from 1.
    #[arg(long, value_name = "N", group = "how")]
    pub choose: Option<usize>,
    /// Write a combined text yourself (text conflicts).
    #[arg(long, group = "how")]
    pub text: Option<String>,
    /// Read the combined text from this file; `-` reads standard input.
    #[arg(long, value_name = "PATH", group = "how")]
    pub from_file: Option<PathBuf>,
    /// Keep the record that one side removed.
    #[arg(long, group = "how")]
    pub keep: bool,
    /// Remove it after all (history keeps it).
    #[arg(long, group = "how")]
    pub remove: bool,
    /// Withdraw the edit that met an accepted decision or agreed agreement.
    #[arg(long, group = "how")]
    pub withdraw: bool,
    /// Record the edit as a new decision superseding the accepted one.
    #[arg(long, group = "how")]
    pub supersede: bool,
    /// Reopen the agreed agreement with the edit applied.
    #[arg(long, group = "how")]
    pub reopen: bool,
}

pub fn run(args: Args, ctx: &Context) -> Outcome {
    let how = if let Some(n) = args.choose {
        Resolution::Choose(n)
    } else if let Some(t) = &args.text {
        Resolution::Text(t.clone())
    } else if let Some(p) = &args.from_file {
        let text = super::LongText {
            text: None,
            from_file: Some(p.clone()),
        }
        .read()?
        .unwrap_or_default();
        Resolution::Text(text)
    } else if args.keep {
        Resolution::Keep
    } else if args.remove {
        Resolution::Remove
    } else if args.withdraw {
        Resolution::Withdraw
    } else if args.supersede {
        Resolution::Supersede
    } else {
        Resolution::Reopen
    };
    let mut ws = open(&args.file)?;
    let stamp = ctx.stamp()?;
    match ws.resolve(&args.id, &how, &stamp) {
        Ok(c) => {
            say!(
                "Resolved {} ({}). It is sent to the other councils with your next sync.",
                c.id,
                c.label
            );
            Ok(())
        }
        Err(accord_store::StoreError::Rule(e)) => Err(Failure::usage(e.to_string())),
        Err(e) => Err(e.into()),
    }
}
