//! Why a command failed, as one plain sentence for the person at the keyboard.

use accord_interchange::InterchangeError;
use accord_store::StoreError;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum Failure {
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("{0}")]
    Interchange(#[from] InterchangeError),
    #[error("{0}")]
    Rule(#[from] accord_domain::RuleError),
    #[error("{0}")]
    Settings(#[from] accord_settings::SettingsError),
    #[error("{0}")]
    Pdf(#[from] accord_pdf::PdfError),
    #[error("{0}")]
    Pipeline(#[from] accord_pipeline::PipelineError),
    #[error("{0}")]
    App(#[from] accord_app::AppError),
    #[error("{0}")]
    Usage(String),
    #[error("{context}: {source}")]
    Io {
        context: String,
        source: std::io::Error,
    },
}

impl Failure {
    pub fn usage(message: impl Into<String>) -> Failure {
        Failure::Usage(message.into())
    }

    pub fn io(context: impl Into<String>) -> impl FnOnce(std::io::Error) -> Failure {
        let context = context.into();
        move |source| Failure::Io { context, source }
    }
}

pub type Outcome<T = ()> = Result<T, Failure>;
