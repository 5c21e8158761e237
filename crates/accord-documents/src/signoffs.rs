//! Whether each sign-off still matches: a sign-off is current while the document it signed
//! would show exactly the same content today, and stale after any change to that content.

use accord_domain::{Finding, Signoff, Workspace};
use serde::Serialize;

use crate::{document_name, fingerprint};

/// A sign-off and whether the content it signed is unchanged.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SignoffState {
    pub signoff: Signoff,
    pub document_name: &'static str,
    pub signed_by_name: String,
    /// True while the document's content is exactly what was signed.
    pub current: bool,
}

/// Every sign-off in `ws`, oldest first, with whether it is still current.
pub fn signoff_states(ws: &Workspace) -> Vec<SignoffState> {
    let mut now = std::collections::HashMap::new();
    ws.signoffs
        .iter()
        .map(|s| {
            let current = now
                .entry(s.document)
                .or_insert_with(|| fingerprint(ws, s.document).sha256)
                .as_str()
                == s.fingerprint;
            let signed_by_name = ws
                .people
                .iter()
                .find(|p| p.id == s.signed_by)
                .map_or_else(|| s.signed_by.to_string(), |p| p.name.clone());
            SignoffState {
                signoff: s.clone(),
                document_name: document_name(s.document),
                signed_by_name,
                current,
            }
        })
        .collect()
}

/// A warning for each sign-off whose document has changed since it was signed.
pub fn signoff_findings(ws: &Workspace) -> Vec<Finding> {
    signoff_states(ws)
        .into_iter()
        .filter(|s| !s.current)
        .map(|s| {
            Finding::warning(
                "signoff_stale",
                accord_domain::finding::Location::Signoff {
                    signoff: s.signoff.id,
                },
                format!(
                    "The {} signed by {} on {} has changed since: that sign-off no longer matches what the document shows.",
                    s.document_name.to_lowercase(),
                    s.signed_by_name,
                    s.signoff.signed_on
                ),
                "Export the document again and have it signed off, or check what changed with `accord verify` and the signed PDF.",
            )
        })
        .collect()
}
