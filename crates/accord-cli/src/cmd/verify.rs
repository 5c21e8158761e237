//! `accord verify`: does a signed PDF still match the workspace? Exit 0 when it does, 1
//! (naming the records that changed) when the workspace has changed since, 2 when the file
//! is not an Accord PDF, 3 when the PDF itself was altered after it was exported (a page
//! changed, removed or added, or its fingerprint details edited).

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
    let exported = match accord_pdf::read_exported(&bytes) {
        Err(e @ accord_pdf::PdfError::BadMetadata(_)) => {
            if args.json {
                output::json(&serde_json::json!({ "altered": e.to_string() }));
            } else {
                say!("Altered: {e}");
            }
            return Ok(ExitCode::from(3));
        }
        other => other?,
    };
    let ws = open(&args.file)?.load()?;
    let v = exported.check_against(&ws);
    if args.json {
        output::json(&serde_json::json!({
            "document": v.signed.document,
            "signed_fingerprint": v.signed.fingerprint.sha256,
            "current_fingerprint": v.current.sha256,
            "exported_on": v.signed.exported_on,
            "changes": v.changes,
            "altered": v.altered.as_ref().map(|a| a.to_string()),
        }));
    } else if let Some(altered) = &v.altered {
        say!(
            "Altered: this PDF has been changed since Accord exported it on {}: {altered}. \
             It is not the {} that was exported; ask for the original.",
            v.signed.exported_on,
            accord_documents::document_name(v.signed.document).to_lowercase(),
        );
        if !v.changes.unchanged {
            say!("The workspace has also changed since the export.");
        }
    } else if v.changes.unchanged {
        say!(
            "Matches: the workspace holds exactly the {} exported on {} (fingerprint {}).",
            accord_documents::document_name(v.signed.document).to_lowercase(),
            v.signed.exported_on,
            v.signed.fingerprint.sha256
        );
    } else {
        say!(
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
                say!("  {label}: {record}");
            }
        }
        if v.changes.reordered {
            say!("  the same records now appear in a different order");
        }
        say!(
            "Signed fingerprint {}\nCurrent fingerprint {}",
            v.signed.fingerprint.sha256,
            v.current.sha256
        );
    }
    Ok(if v.altered.is_some() {
        ExitCode::from(3)
    } else if v.changes.unchanged {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
