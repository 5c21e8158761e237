//! Exporting a workspace, once for both front ends: the whole workspace as the open JSON
//! document, one document as a PDF for signing, or one as an office file (`.docx`,
//! `.xlsx`, `.ics`, made by `accord-office`), written so that nothing is destroyed.
//!
//! An export is never written over a workspace file (any `.accord` path, any file whose
//! SQLite header says it is Accord's, or the open workspace reached by any path: a symlink,
//! `..`, a hard link), and never replaces an existing file unless the caller says so
//! (`--force` on the command line; the save dialog's own confirmation in the app). The
//! bytes go to a hidden temporary file in the same folder, are flushed to disk, and are
//! then renamed into place, so a crash never leaves half a PDF where a signed one was.
//! Usable without a [`crate::Session`]: the command line calls it with its own open file.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use accord_domain::DocumentKind;
use accord_store::WorkspaceFile;

use crate::AppError;

/// What to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The whole workspace as the open JSON document (docs/workspace.schema.json).
    Json,
    /// One document as a PDF for signing.
    Pdf(DocumentKind),
    /// One document as an office file: the agreement in Word, the RACI matrix or the
    /// decisions log in Excel, the review and handover dates as a calendar.
    Office(accord_office::OfficeFormat, accord_office::OfficeDocument),
}

/// An export to a file.
#[derive(Debug, Clone)]
pub struct Request {
    pub format: Format,
    /// Where the export goes.
    pub out: PathBuf,
    /// Replace an existing file there (never a workspace).
    pub force: bool,
}

/// What a PDF export produced, beyond its bytes.
#[derive(Debug, Clone)]
pub struct PdfReport {
    pub document: DocumentKind,
    pub pages: usize,
    pub fingerprint: String,
    /// Characters the PDF's font cannot print (shown as a replacement mark), with counts.
    pub missing_characters: Vec<(char, usize)>,
}

/// An export made in memory.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub bytes: Vec<u8>,
    /// `None` for JSON and office files.
    pub pdf: Option<PdfReport>,
}

/// An export written to its file.
#[derive(Debug, Clone)]
pub struct Exported {
    pub path: PathBuf,
    pub bytes: usize,
    pub pdf: Option<PdfReport>,
}

/// Why an export was refused or failed. Nothing at the destination has changed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("Say where to save the export.")]
    NoDestination,
    #[error(
        "{0} is an Accord workspace: Accord never writes an export over a workspace, so its history is safe. Choose another name, such as one ending in .json or .pdf. Nothing has been changed."
    )]
    Workspace(PathBuf),
    #[error(
        "{0} is the workspace you are exporting from: choose another file. Nothing has been changed."
    )]
    OpenWorkspace(PathBuf),
    #[error(
        "{0} already exists and Accord has not replaced it. Choose another name, or say that it may be replaced."
    )]
    Exists(PathBuf),
    #[error(
        "{0} is a folder: give the name of a file to save the export as. Nothing has been changed."
    )]
    Folder(PathBuf),
    #[error(
        "Windows did not let Accord replace {0}: it may be open in another program (a PDF reader, say), or read-only. Close it there, or save the export under another name. Nothing has been changed."
    )]
    InUse(PathBuf),
    #[error("Could not save {path}: {source}. Nothing has been changed.")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}")]
    Store(#[from] accord_store::StoreError),
    #[error("{0}")]
    Pdf(#[from] accord_pdf::PdfError),
    #[error("{0}")]
    Office(#[from] accord_office::OfficeError),
}

impl ExportError {
    /// A stable, machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            ExportError::NoDestination => "empty",
            ExportError::Workspace(_) | ExportError::OpenWorkspace(_) => "export_over_workspace",
            ExportError::Exists(_) => "already_exists",
            ExportError::Folder(_) => "is_a_folder",
            ExportError::InUse(_) => "in_use",
            ExportError::Io { .. } => "io",
            ExportError::Store(e) => e.code(),
            ExportError::Pdf(e) => e.code(),
            ExportError::Office(e) => e.code(),
        }
    }
}

impl From<ExportError> for AppError {
    fn from(e: ExportError) -> AppError {
        let on_path = matches!(
            e,
            ExportError::NoDestination
                | ExportError::Workspace(_)
                | ExportError::OpenWorkspace(_)
                | ExportError::Exists(_)
                | ExportError::Folder(_)
                | ExportError::InUse(_)
                | ExportError::Io { .. }
        );
        let err = AppError::new(e.code(), e.to_string());
        if on_path { err.on_field("path") } else { err }
    }
}

/// The export's bytes. A PDF shows `date` as its export date, and the number of changes
/// in the workspace's history as its workspace version.
pub fn render(
    file: &WorkspaceFile,
    format: Format,
    date: chrono::NaiveDate,
) -> Result<Rendered, ExportError> {
    let ws = file.load()?;
    match format {
        Format::Json => Ok(Rendered {
            bytes: accord_interchange::to_json(&ws).into_bytes(),
            pdf: None,
        }),
        Format::Pdf(kind) => {
            let options = accord_pdf::RenderOptions {
                date,
                workspace_version: file.summary()?.changes.to_string(),
            };
            let r = accord_pdf::render_with_report(&ws, kind, &options)?;
            let report = PdfReport {
                document: kind,
                pages: r.pages,
                fingerprint: r.fingerprint.sha256,
                missing_characters: r.missing_characters,
            };
            Ok(Rendered {
                bytes: r.pdf,
                pdf: Some(report),
            })
        }
        Format::Office(format, document) => {
            accord_office::check_pair(format, document)?;
            let version = file.summary()?.changes;
            Ok(Rendered {
                bytes: accord_office::render(&ws, format, document, date, version)?,
                pdf: None,
            })
        }
    }
}

/// Renders the export and writes it to `request.out`, safely (see the module's comment).
/// The destination is checked before anything is rendered.
pub fn export(
    file: &WorkspaceFile,
    request: &Request,
    date: chrono::NaiveDate,
) -> Result<Exported, ExportError> {
    check_destination(file.path(), &request.out, request.force)?;
    if let Format::Office(format, document) = request.format {
        accord_office::check_pair(format, document)?;
    }
    let rendered = render(file, request.format, date)?;
    write_safely(file.path(), &request.out, &rendered.bytes, request.force)?;
    Ok(Exported {
        path: request.out.clone(),
        bytes: rendered.bytes.len(),
        pdf: rendered.pdf,
    })
}

/// Refuses a destination that is a workspace (or the open one by any path), a folder, or
/// an existing file when `force` is not given.
pub fn check_destination(workspace: &Path, out: &Path, force: bool) -> Result<(), ExportError> {
    if out.as_os_str().is_empty() {
        return Err(ExportError::NoDestination);
    }
    if names_a_workspace(out) {
        return Err(ExportError::Workspace(out.to_path_buf()));
    }
    // The open workspace and the files SQLite keeps beside it, by any path.
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut beside = workspace.as_os_str().to_owned();
        beside.push(suffix);
        if same_file::is_same_file(PathBuf::from(beside), out).unwrap_or(false) {
            return Err(ExportError::OpenWorkspace(out.to_path_buf()));
        }
    }
    match fs::metadata(out) {
        Ok(m) if m.is_dir() => Err(ExportError::Folder(out.to_path_buf())),
        Ok(_) if is_a_workspace(out) => Err(ExportError::Workspace(out.to_path_buf())),
        Ok(_) if !force => Err(ExportError::Exists(out.to_path_buf())),
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(source) => Err(ExportError::Io {
            path: out.to_path_buf(),
            source,
        }),
    }
}

/// A name only a workspace (or the files SQLite keeps beside one) has.
fn names_a_workspace(path: &Path) -> bool {
    let Some(name) = path.file_name() else {
        return false;
    };
    let name = name.to_string_lossy().to_lowercase();
    [".accord", ".accord-wal", ".accord-shm", ".accord-journal"]
        .iter()
        .any(|end| name.ends_with(end))
}

/// True when the file's SQLite header carries Accord's application id, whatever its name.
fn is_a_workspace(path: &Path) -> bool {
    let mut header = [0u8; 72];
    let read = fs::File::open(path).and_then(|mut f| f.read_exact(&mut header));
    read.is_ok()
        && &header[..16] == b"SQLite format 3\0"
        && u32::from_be_bytes([header[68], header[69], header[70], header[71]])
            == accord_store::APPLICATION_ID
}

/// Writes `bytes` to a temporary file beside `out`, flushes it to disk and renames it into
/// place: without `force`, never over a file that is there (checked again at the rename).
fn write_safely(
    workspace: &Path,
    out: &Path,
    bytes: &[u8],
    force: bool,
) -> Result<(), ExportError> {
    let io = |source: std::io::Error| {
        // Windows refuses to replace a file another program (a PDF reader, Excel) has open:
        // access denied (5) when replacing it, a sharing or lock violation (32, 33) else.
        if cfg!(windows) && out.exists() && matches!(source.raw_os_error(), Some(5 | 32 | 33)) {
            return ExportError::InUse(out.to_path_buf());
        }
        ExportError::Io {
            path: out.to_path_buf(),
            source,
        }
    };
    let dir = match out.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut temp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".partial")
        .tempfile_in(&dir)
        .map_err(io)?;
    temp.write_all(bytes).map_err(io)?;
    temp.as_file().sync_all().map_err(io)?;
    // Checked once more just before the rename: the destination may have changed meanwhile.
    check_destination(workspace, out, force)?;
    if force {
        temp.persist(out).map_err(|e| io(e.error))?;
    } else {
        temp.persist_noclobber(out).map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                ExportError::Exists(out.to_path_buf())
            } else {
                io(e.error)
            }
        })?;
    }
    // The rename itself reaches the disk with the folder's entry.
    #[cfg(unix)]
    if let Ok(d) = fs::File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}
