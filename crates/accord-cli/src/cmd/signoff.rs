//! `accord signoff`: record that someone signed a document, against its content
//! fingerprint; list the sign-offs and whether each still matches.

use std::path::PathBuf;

use accord_domain::{DocumentKind, Id, Signoff};
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
            let ws = file.load()?;
            let (kind, fingerprint) = match (&pdf, &document) {
                (Some(pdf), _) => {
                    let bytes = std::fs::read(pdf)
                        .map_err(Failure::io(format!("Reading {}", pdf.display())))?;
                    let signed = accord_pdf::read_fingerprint(&bytes)?;
                    if let Some(d) = &document {
                        let asked: DocumentKind = d.parse()?;
                        if asked != signed.document {
                            return Err(Failure::usage(format!(
                                "{} is the {}, not the {asked}.",
                                pdf.display(),
                                signed.document
                            )));
                        }
                    }
                    (signed.document, signed.fingerprint.sha256)
                }
                (None, Some(d)) => {
                    let kind: DocumentKind = d.parse()?;
                    (kind, accord_documents::fingerprint(&ws, kind).sha256)
                }
                (None, None) => {
                    return Err(Failure::usage(
                        "Give the signed PDF with --pdf, or the document with --document.",
                    ));
                }
            };
            let signed_by = lookup::person(&ws.people, &by)?.id;
            let signoff = Signoff {
                id: Id::now_v7(),
                document: kind,
                fingerprint,
                signed_by,
                signed_on: on
                    .as_deref()
                    .map(parse_date)
                    .transpose()?
                    .unwrap_or_else(|| ctx.today()),
                method: method.parse()?,
                note,
            };
            let s = file.record_signoff(signoff, &ctx.stamp()?)?;
            let current = accord_documents::fingerprint(&ws, kind).sha256 == s.fingerprint;
            say!(
                "Recorded: {by} signed the {kind} ({}) on {}, fingerprint {}.",
                s.method.as_str().replace('_', " "),
                s.signed_on,
                s.fingerprint
            );
            if !current {
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
