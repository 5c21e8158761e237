//! `accord export`: the whole workspace as one JSON document, a document as a PDF for
//! signing, or one as an office file (Word, Excel, a calendar). Parsing and printing only: the export itself is `accord_app::export`, which
//! never writes over a workspace nor, without `--force`, over any existing file.

use std::path::PathBuf;

use accord_app::export::{self, ExportError, Format as ExportFormat, Request};
use accord_domain::DocumentKind;
use accord_office::{OfficeDocument, OfficeFormat};

use super::open;
use crate::failure::{Failure, Outcome};

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// The open JSON format described by docs/workspace.schema.json.
    Json,
    /// A PDF for signing, with the content fingerprint on every page (needs --document and --out).
    Pdf,
    /// A Word document: --document agreement (needs --out).
    Docx,
    /// An Excel workbook: --document raci or decisions (needs --out).
    Xlsx,
    /// A calendar for Outlook: --document dates, the review and handover dates.
    Ics,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    pub file: PathBuf,
    #[arg(long, value_enum)]
    pub format: Format,
    /// For PDFs: pack (everything), agreement, raci, decisions or handover. For office
    /// files: agreement (docx), raci or decisions (xlsx), dates (ics).
    #[arg(long)]
    pub document: Option<String>,
    /// Write here instead of to standard output (required for PDFs). Never a workspace;
    /// an existing file is replaced only with --force.
    #[arg(long, short = 'o')]
    pub out: Option<PathBuf>,
    /// Replace the file at --out if there is one (a workspace is never replaced).
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: Args, ctx: &super::Context) -> Outcome {
    let format = match args.format {
        Format::Json => {
            if args.document.is_some() {
                return Err(Failure::usage(
                    "--document is for PDFs: the JSON export always holds the whole workspace.",
                ));
            }
            ExportFormat::Json
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
            ExportFormat::Pdf(kind)
        }
        Format::Docx | Format::Xlsx | Format::Ics => {
            let (format, default) = match args.format {
                Format::Docx => (OfficeFormat::Docx, Some("agreement")),
                Format::Xlsx => (OfficeFormat::Xlsx, None),
                _ => (OfficeFormat::Ics, Some("dates")),
            };
            let document: OfficeDocument = args
                .document
                .as_deref()
                .or(default)
                .ok_or_else(|| Failure::usage("Say which document: --document raci or decisions."))?
                .parse()
                .map_err(|e: accord_office::OfficeError| Failure::usage(e.to_string()))?;
            accord_office::check_pair(format, document)
                .map_err(|e| Failure::usage(e.to_string()))?;
            if args.out.is_none() && format != OfficeFormat::Ics {
                return Err(Failure::usage(format!(
                    "Say where to save it: --out FILE.{}",
                    format.extension()
                )));
            }
            ExportFormat::Office(format, document)
        }
    };
    let file = open(&args.file)?;
    let open_conflicts = file.sync_state()?.open_conflicts;
    if open_conflicts > 0 {
        tell!(
            "accord: note: {open_conflicts} sync conflict{} still open; the export shows one side of each until it is settled (accord conflicts {}).",
            if open_conflicts == 1 { " is" } else { "s are" },
            args.file.display()
        );
    }
    let date = ctx.today();
    let Some(out) = args.out else {
        let rendered = export::render(&file, format, date).map_err(failure)?;
        return std::io::Write::write_all(&mut std::io::stdout(), &rendered.bytes)
            .map_err(Failure::io("Writing to standard output"));
    };
    let done = export::export(
        &file,
        &Request {
            format,
            out,
            force: args.force,
        },
        date,
    )
    .map_err(failure)?;
    let what = match &done.pdf {
        None => match format {
            ExportFormat::Office(OfficeFormat::Docx, _) => "Word document".to_string(),
            ExportFormat::Office(OfficeFormat::Xlsx, _) => "Excel workbook".to_string(),
            ExportFormat::Office(OfficeFormat::Ics, _) => "calendar".to_string(),
            _ => "JSON document".to_string(),
        },
        Some(pdf) => {
            for (c, n) in &pdf.missing_characters {
                tell!(
                    "warning: the PDF's font has no {c:?} (U+{:04X}), used {n} times; it prints as �. The fingerprint still covers it.",
                    *c as u32
                );
            }
            format!(
                "{}, {} pages, fingerprint {}",
                accord_documents::document_name(pdf.document),
                pdf.pages,
                pdf.fingerprint
            )
        }
    };
    tell!(
        "Wrote {} ({what}; {} bytes).",
        done.path.display(),
        done.bytes
    );
    Ok(())
}

/// The command line's words for "say that it may be replaced".
fn failure(e: ExportError) -> Failure {
    match e {
        ExportError::Exists(p) => Failure::usage(format!(
            "{} already exists and Accord has not replaced it. Choose another name, or add --force to replace it.",
            p.display()
        )),
        ExportError::Store(e) => Failure::Store(e),
        ExportError::Pdf(e) => Failure::Pdf(e),
        ExportError::Office(e) => Failure::App(e.into()),
        other => Failure::usage(other.to_string()),
    }
}
