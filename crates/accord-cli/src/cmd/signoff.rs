//! `accord signoff`: record that someone signed a document, against its content
//! fingerprint; list the sign-offs and whether each still matches.

use std::path::PathBuf;

use accord_app::workspace::{Signed, SignoffDraft};
use accord_domain::DocumentKind;
use clap::Subcommand;

use super::{Context, open, parse_date};
use crate::failure::{Failure, Outcome};
use crate::{lookup, output};

#[derive(Debug, clap::Args)]
pub struct Args {
    pub file: PathBuf,
    #[command(subcommand)]
    pub action: Action,
}

#[derive(Debug, Subcommand)]
pub enum Action {
    /// Record a sign-off (never edited or deleted afterwards).
    Record {
        /// The signed PDF: its fingerprint is what is recorded. Without it, the document's
        /// content as it is now is recorded (give --document).
        #[arg(long)]
        pdf: Option<PathBuf>,
        /// pack, agreement, raci, decisions or handover (taken from --pdf when given).
        #[arg(long)]
        document: Option<String>,
        /// Who signed (a person's name or id).
        #[arg(long)]
        by: String,
        /// wet_ink, electronic or minuted_meeting.
        #[arg(long)]
        method: String,
        /// The date it was signed, YYYY-MM-DD (today if not given).
        #[arg(long)]
        on: Option<String>,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// List the sign-offs and whether each still matches the workspace.
    List {
        #[arg(long)]
        json: bool,
    },
}

pub fn run(args: Args, ctx: &Context) -> Outcome {
    let mut file = open(&args.file)?;
    match args.action {
        Action::Record {
            pdf,
            document,
            by,
            method,
            on,
            note,
        } => {
            let document: Option<DocumentKind> = document.as_deref().map(str::parse).transpose()?;
            let signed = match (pdf, document) {
                (Some(path), document) => Signed::Pdf { path, document },
                (None, Some(kind)) => Signed::Now(kind),
                (None, None) => {
                    return Err(Failure::usage(
                        "Give the signed PDF with --pdf, or the document with --document.",
                    ));
                }
            };
            let signed_by = lookup::person(&file.people()?, &by)?.id;
            let draft = SignoffDraft {
                signed,
                by: signed_by,
                method: method.parse()?,
                on: on
                    .as_deref()
                    .map(parse_date)
                    .transpose()?
                    .unwrap_or_else(|| ctx.today()),
                note,
            };
            let state = accord_app::workspace::record_signoff(&mut file, draft, &ctx.stamp()?)?;
            let s = &state.signoff;
            say!(
                "Recorded: {by} signed the {} ({}) on {}, fingerprint {}.",
                s.document,
                s.method.as_str().replace('_', " "),
                s.signed_on,
                s.fingerprint
            );
            if !state.current {
                say!(
                    "Note: the workspace has changed since that PDF was made, so this sign-off is already stale. Run accord verify to see what changed."
                );
            }
        }
        Action::List { json } => {
            let states = accord_documents::signoff_states(&file.load()?);
            if json {
                output::json(&states);
                return Ok(());
            }
            let rows: Vec<Vec<String>> = states
                .iter()
                .map(|s| {
                    vec![
                        s.signoff.signed_on.to_string(),
                        s.document_name.to_string(),
                        s.signed_by_name.clone(),
                        s.signoff.method.as_str().replace('_', " "),
                        if s.current {
                            "current".into()
                        } else {
                            "STALE: changed since".into()
                        },
                        s.signoff.fingerprint[..16].to_string(),
                    ]
                })
                .collect();
            output::table(
                &["Signed", "Document", "By", "How", "State", "Fingerprint"],
                &rows,
            );
        }
    }
    Ok(())
}
