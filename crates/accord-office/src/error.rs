//! Why an office file could not be made or read. Every message is a plain sentence that
//! names the row, column, cell or heading concerned.

/// Why an office file could not be made or read. When reading, nothing has been changed.
#[derive(Debug, thiserror::Error)]
pub enum OfficeError {
    /// A document and format that do not go together, or a kind of file not read.
    #[error("{0}")]
    Unsupported(String),
    /// The file is not what its name says (not a workbook, not a Word document).
    #[error("{0}")]
    NotReadable(String),
    /// The file is readable but its content cannot be imported: the sentence names where.
    #[error("{0}")]
    Content(String),
    /// A writer failed (a limit of the format reached).
    #[error("Could not make the file: {0}")]
    Write(String),
}

impl OfficeError {
    /// A stable, machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            OfficeError::Unsupported(_) => "unsupported",
            OfficeError::NotReadable(_) => "not_readable",
            OfficeError::Content(_) => "bad_content",
            OfficeError::Write(_) => "write_failed",
        }
    }
}
