//! `accord verify`: does a signed PDF still match the workspace? Exit 0 when it does, 1
//! (naming the records that changed) when it does not, 2 when the file is not such a PDF.

use std::path::PathBuf;
use std::process::ExitCode;

use super::open;
use crate::failure::{Failure, Outcome};
use crate::output;

#[derive(Debug, clap::Args)]
pub struct Args {
    pub file: PathBuf,
    /// A PDF exported by Accord (and perhaps signed since).
    pub pdf: PathBuf,
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args) -> Outcome<ExitCode> {
    let bytes =
        std::fs::read(&args.pdf).map_err(Failure::io(format!("Reading {}", args.pdf.display())))?;
    let signed = accord_pdf::read_fingerprint(&bytes)?;
    let ws = open(&args.file)?.load()?;
    let v = signed.check_against(&ws);
    if args.json {
        output::json(&serde_json::json!({
            "document": v.signed.document,
            "signed_fingerprint": v.signed.fingerprint.sha256,
            "current_fingerprint": v.current.sha256,
            "exported_on": v.signed.exported_on,
            "changes": v.changes,
        }));
    } else if v.changes.unchanged {
        println!(
            "Matches: the workspace holds exactly the {} exported on {} (fingerprint {}).",
            accord_documents::document_name(v.signed.document).to_lowercase(),
            v.signed.exported_on,
            v.signed.fingerprint.sha256
        );
    } else {
        println!(
            "Does not match: the {} has changed since it was exported on {}.",
            accord_documents::document_name(v.signed.document).to_lowercase(),
            v.signed.exported_on
        );
        for (label, list) in [
            ("changed", &v.changes.changed),
            ("added", &v.changes.added),
            ("removed", &v.changes.removed),
        ] {
            for record in list {
                println!("  {label}: {record}");
            }
        }
        if v.changes.reordered {
            println!("  the same records now appear in a different order");
        }
        println!(
            "Signed fingerprint {}\nCurrent fingerprint {}",
            v.signed.fingerprint.sha256, v.current.sha256
        );
    }
    Ok(if v.changes.unchanged {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
