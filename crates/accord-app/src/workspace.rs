//! The workspace API both front ends call: what the command line and the app each do with
//! an open workspace, written once here so that neither holds its own copy. The readiness
//! check with stale sign-offs, importing councils from a register, setting one RACI cell
//! and its row's findings, and recording a decision (accepted at once, if asked, in one
//! change). The command line keeps its parsing and printing, the app its transport types.
//!
//! *Invariant:* no clock. The front ends read it (the command line's `Context`, the app's
//! `Session`) and pass the time in: the [`Stamp`] of a change, and `today` for a date
//! left empty.

use std::path::Path;

use accord_documents::SignoffState;
use accord_domain::decision::DecisionPatch;
use accord_domain::{
    Decision, DocumentKind, Finding, Id, Organisation, PartyRole, RaciRole, ReadinessReport,
    Signoff, SignoffMethod, Workspace, raci, readiness,
};
use accord_interchange::{RegisterFilter, parse_register};
use accord_store::{Stamp, WorkspaceFile};
use chrono::NaiveDate;

use crate::{AppError, AppResult};

/// The readiness check: the RACI rules and the research's blockers, plus every sign-off
/// that no longer matches what its document shows, errors first. Returns the workspace
/// it read (without the decisions log unless a sign-off needed it).
pub fn readiness(file: &WorkspaceFile) -> AppResult<(Workspace, ReadinessReport)> {
    let mut ws = file.load_for_check()?;
    // Stale sign-offs need the documents they signed, decisions and all: read those only
    // when there are sign-offs to check.
    if !ws.signoffs.is_empty() {
        ws.decisions = file.decisions()?;
    }
    let mut report = readiness::check(&ws);
    report
        .findings
        .extend(accord_documents::signoff_findings(&ws));
    // Changes from different councils that met and wait for a person: errors until settled.
    for c in file.conflicts()? {
        report.findings.push(Finding::new(
            accord_domain::Severity::Error,
            "sync_conflict",
            accord_domain::finding::Location::Conflict {
                conflict: c.id.clone(),
            },
            format!(
                "{}: changes from different councils met and need a decision ({}).",
                c.label, c.id
            ),
            format!(
                "Settle it with `accord resolve FILE {}` ({}).",
                c.id,
                c.choices.join(", ")
            ),
        ));
    }
    report.findings.sort_by_key(|f| f.severity);
    Ok((ws, report))
}

/// What importing from a register did: how many councils matched, and those added (the
/// rest were already in the workspace).
#[derive(Debug, Clone)]
pub struct RegisterImport {
    pub offered: usize,
    pub added: Vec<Organisation>,
}

/// Adds the councils in the CSV register at `register` that `filter` matches, taking
/// `role`, skipping those already in the workspace; all in one change. Refused, with
/// nothing added, when the file cannot be read or parsed, or nothing matches.
pub fn import_register(
    file: &mut WorkspaceFile,
    register: &Path,
    filter: &RegisterFilter,
    role: PartyRole,
    stamp: &Stamp,
) -> AppResult<RegisterImport> {
    let text = std::fs::read_to_string(register).map_err(|e| {
        AppError::new("io", format!("Could not read {}: {e}", register.display()))
            .on_field("register")
    })?;
    let rows = parse_register(&text).map_err(|e| AppError::from(e).on_field("register"))?;
    let chosen: Vec<Organisation> = rows
        .iter()
        .filter(|r| filter.matches(r))
        .map(|r| r.to_entry().into_organisation(Id::now_v7(), role))
        .collect();
    if chosen.is_empty() {
        return Err(AppError::new(
            "nothing_matches",
            format!(
                "No council in {} matches what you asked for; nothing was added.",
                register.display()
            ),
        )
        .on_field("codes"));
    }
    let offered = chosen.len();
    let added = file.add_organisations(chosen, stamp)?;
    Ok(RegisterImport { offered, added })
}

/// One RACI cell set, and the findings on its row afterwards.
#[derive(Debug, Clone)]
pub struct CellSet {
    pub roles: Vec<RaciRole>,
    pub row_findings: Vec<Finding>,
}

/// Sets `party`'s cell in `activity`'s row to exactly the letters typed (`-` or nothing
/// clears it), and checks that row. A row breaking the rules is saved: the findings say so.
pub fn set_cell(
    file: &mut WorkspaceFile,
    activity: Id,
    party: Id,
    letters: &str,
    stamp: &Stamp,
) -> AppResult<CellSet> {
    let roles = raci::parse_letters(letters).map_err(|e| AppError::from(e).on_field("roles"))?;
    let roles = file.set_cell(activity, party, &roles, stamp)?;
    Ok(CellSet {
        roles,
        row_findings: row_findings(file, activity)?,
    })
}

/// The readiness check's findings about one activity's row of the matrix.
pub fn row_findings(file: &WorkspaceFile, activity: Id) -> AppResult<Vec<Finding>> {
    Ok(raci::check_row(&file.load_for_check()?, activity))
}

/// A new decision as the front ends gather it.
#[derive(Debug, Clone, Default)]
pub struct DecisionDraft {
    pub title: String,
    /// `None`: dated `today`.
    pub date: Option<NaiveDate>,
    pub patch: DecisionPatch,
    /// The accepted decision it would replace.
    pub supersedes: Option<Id>,
    /// Accept it at once: recorded and accepted in one change, which marks the decision
    /// it supersedes superseded; nothing is saved when accepting is refused.
    pub accept: bool,
}

/// Records a new decision with the next number (the domain gives it), proposed or, with
/// `accept`, accepted in the same change.
pub fn record_decision(
    file: &mut WorkspaceFile,
    draft: DecisionDraft,
    today: NaiveDate,
    stamp: &Stamp,
) -> AppResult<Decision> {
    let date = draft.date.unwrap_or(today);
    let recorded = if draft.accept {
        file.record_accepted_decision(&draft.title, date, draft.patch, draft.supersedes, stamp)
    } else {
        file.record_decision(&draft.title, date, draft.patch, draft.supersedes, stamp)
    };
    recorded.map_err(|e| {
        let field = if e.code() == "empty" {
            "title"
        } else {
            "decision"
        };
        AppError::from(e).on_field(field)
    })
}

/// A date as typed, YYYY-MM-DD; `None` when nothing is typed. A wrong one names `field`.
pub fn date(field: &str, typed: &str) -> AppResult<Option<NaiveDate>> {
    accord_domain::text::date(typed).map_err(|e| AppError::from(e).on_field(field))
}

/// What a sign-off is recorded against.
#[derive(Debug, Clone)]
pub enum Signed {
    /// The PDF that was signed: its document and the fingerprint it carries are recorded,
    /// whatever the workspace holds now. With a document, the PDF must be that document.
    Pdf {
        path: std::path::PathBuf,
        document: Option<DocumentKind>,
    },
    /// The document as the workspace holds it now (the command line's `--document`).
    Now(DocumentKind),
}

/// A sign-off as the front ends gather it.
#[derive(Debug, Clone)]
pub struct SignoffDraft {
    pub signed: Signed,
    pub by: Id,
    pub method: SignoffMethod,
    pub on: NaiveDate,
    pub note: String,
}

/// Records that someone signed a document: against the PDF they signed (its recorded
/// fingerprint), or against the document as it is now. A file that is not a PDF Accord
/// exported, a PDF whose pages or fingerprint details were altered after export, or a
/// PDF of another document than the one named is refused (field `pdf`) and nothing is
/// recorded. Returns the sign-off with its state: not current when the workspace has
/// changed since that PDF was made.
pub fn record_signoff(
    file: &mut WorkspaceFile,
    draft: SignoffDraft,
    stamp: &Stamp,
) -> AppResult<SignoffState> {
    let mut ws = file.load()?;
    let (document, fingerprint) = match &draft.signed {
        Signed::Now(kind) => (*kind, accord_documents::fingerprint(&ws, *kind).sha256),
        Signed::Pdf { path, document } => {
            let pdf = signed_pdf(path, &ws)?;
            if let Some(asked) = document
                && *asked != pdf.document
            {
                return Err(AppError::new(
                    "wrong_document",
                    format!(
                        "{} is the {}, not the {}. Nothing was recorded.",
                        path.display(),
                        accord_documents::document_name(pdf.document).to_lowercase(),
                        accord_documents::document_name(*asked).to_lowercase(),
                    ),
                )
                .on_field("pdf"));
            }
            (pdf.document, pdf.fingerprint.sha256)
        }
    };
    let s = file.record_signoff(
        Signoff {
            id: Id::now_v7(),
            document,
            fingerprint,
            signed_by: draft.by,
            signed_on: draft.on,
            method: draft.method,
            note: draft.note.trim().to_string(),
        },
        stamp,
    )?;
    // The workspace just loaded plus this sign-off is the workspace now: no second load.
    ws.signoffs.push(s);
    accord_documents::signoff_states(&ws).pop().ok_or_else(|| {
        AppError::new(
            "internal",
            "The sign-off was saved but could not be read back.",
        )
    })
}

/// What the PDF at `path` says was signed, once it is known to be a PDF Accord exported
/// whose pages are as Accord drew them.
fn signed_pdf(path: &Path, ws: &Workspace) -> AppResult<accord_pdf::SignedContent> {
    let refused = |why: String| {
        AppError::new("not_signable", format!("{why} Nothing was recorded.")).on_field("pdf")
    };
    if path.as_os_str().is_empty() {
        return Err(AppError::new(
            "empty",
            "Choose the PDF that was signed: the sign-off is recorded against it.",
        )
        .on_field("pdf"));
    }
    let bytes = std::fs::read(path).map_err(|e| {
        AppError::new(
            "io",
            format!(
                "Could not read {}: {e}. Nothing was recorded.",
                path.display()
            ),
        )
        .on_field("pdf")
    })?;
    let exported = accord_pdf::read_exported(&bytes).map_err(|e| {
        let code = e.code();
        AppError::new(
            code,
            format!("{}: {e} Nothing was recorded.", path.display()),
        )
        .on_field("pdf")
    })?;
    let v = exported.check_against(ws);
    if let Some(altered) = v.altered {
        return Err(refused(format!(
            "{} has been changed since Accord exported it on {}: {altered}. It is not the {} that was exported; ask for the original.",
            path.display(),
            v.signed.exported_on,
            accord_documents::document_name(v.signed.document).to_lowercase(),
        )));
    }
    Ok(v.signed)
}
