//! What changed between signed content and the content now: which records were changed,
//! added or removed, so that a stale sign-off can say why it is stale.

use std::collections::HashMap;

use serde::Serialize;

use crate::fingerprint::DocumentFingerprint;

/// The difference between what was signed and what the workspace shows now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContentChanges {
    /// True when the content is exactly what was signed.
    pub unchanged: bool,
    /// Records in both, with different content.
    pub changed: Vec<String>,
    /// Records shown now that were not signed.
    pub added: Vec<String>,
    /// Records that were signed and are no longer shown.
    pub removed: Vec<String>,
    /// True when the records are the same but appear in a different order.
    pub reordered: bool,
}

/// Compares the fingerprint that was signed with the fingerprint of the content now.
pub fn compare(signed: &DocumentFingerprint, now: &DocumentFingerprint) -> ContentChanges {
    let then: HashMap<&str, &str> = signed
        .records
        .iter()
        .map(|(p, h)| (p.as_str(), h.as_str()))
        .collect();
    let current: HashMap<&str, &str> = now
        .records
        .iter()
        .map(|(p, h)| (p.as_str(), h.as_str()))
        .collect();
    let changed: Vec<String> = now
        .records
        .iter()
        .filter(|(p, h)| then.get(p.as_str()).is_some_and(|old| old != h))
        .map(|(p, _)| p.clone())
        .collect();
    let added: Vec<String> = now
        .records
        .iter()
        .filter(|(p, _)| !then.contains_key(p.as_str()))
        .map(|(p, _)| p.clone())
        .collect();
    let removed: Vec<String> = signed
        .records
        .iter()
        .filter(|(p, _)| !current.contains_key(p.as_str()))
        .map(|(p, _)| p.clone())
        .collect();
    let unchanged = signed.sha256 == now.sha256;
    let reordered = !unchanged && changed.is_empty() && added.is_empty() && removed.is_empty();
    ContentChanges {
        unchanged,
        changed,
        added,
        removed,
        reordered,
    }
}
