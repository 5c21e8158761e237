//! `accord export`: the whole workspace as one JSON document, or a document as a PDF for
//! signing.

use std::path::PathBuf;

use accord_domain::DocumentKind;

use super::open;
use crate::failure::{Failure, Outcome};

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// The open JSON format described by docs/workspace.schema.json.
    Json,
    /// A PDF for signing, with the content fingerprint on every page (needs --document and --out).
    Pdf,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    pub file: PathBuf,
    #[arg(long, value_enum)]
    pub format: Format,
    /// For PDFs: pack (everything), agreement, raci, decisions or handover.
    #[arg(long)]
    pub document: Option<String>,
    /// Write here instead of to standard output (required for PDFs). An existing file is replaced.
    #[arg(long, short = 'o')]
    pub out: Option<PathBuf>,
}

pub fn run(args: Args) -> Outcome {
    let file = open(&args.file)?;
    let ws = file.load()?;
    let (bytes, what) = match args.format {
        Format::Json => {
            if args.document.is_some() {
                return Err(Failure::usage("--document is for PDFs: the JSON export always holds the whole workspace."));
            }
            (accord_interchange::to_json(&ws).into_bytes(), "JSON document".to_string())
        }
        Format::Pdf => {
            let kind: DocumentKind = args
                .document
                .as_deref()
                .ok_or_else(|| Failure::usage("Say which document: --document pack, agreement, raci, decisions or handover."))?
                .parse()?;
            if args.out.is_none() {
                return Err(Failure::usage("Say where to save the PDF: --out FILE.pdf"));
            }
            let options = accord_pdf::RenderOptions {
                date: chrono::Local::now().date_naive(),
                workspace_version: file.summary()?.changes.to_string(),
            };
            let rendered = accord_pdf::render_with_report(&ws, kind, &options)?;
            for (c, n) in &rendered.missing_characters {
                eprintln!("warning: the PDF's font has no {c:?} (U+{:04X}), used {n} times; it prints as �. The fingerprint still covers it.", *c as u32);
            }
            let what = format!("{}, {} pages, fingerprint {}", accord_documents::document_name(kind), rendered.pages, rendered.fingerprint.sha256);
            (rendered.pdf, what)
        }
    };
    match &args.out {
        None => std::io::Write::write_all(&mut std::io::stdout(), &bytes).map_err(Failure::io("Writing to standard output"))?,
        Some(out) => {
            std::fs::write(out, &bytes).map_err(Failure::io(format!("Writing {}", out.display())))?;
            eprintln!("Wrote {} ({what}; {} bytes).", out.display(), bytes.len());
        }
    }
    Ok(())
}
