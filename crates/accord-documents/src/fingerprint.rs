//! The content fingerprint: SHA-256 over the canonical form of exactly what a document
//! shows, and one hash per record so that a later check can say which records changed.
//!
//! Each record (a section, a decision, a RACI row, ...) has a path such as
//! `decisions[D-004]` or `agreement.sections[data]` and a hash: the SHA-256 of the
//! record's canonical JSON ([`crate::canonical`]). The document's fingerprint is the
//! SHA-256 of the text
//!
//! ```text
//! accord-document-1\n<kind>\n<path>\t<record hash>\n<path>\t<record hash>\n...
//! ```
//!
//! with the records in the order the document shows them. Every value the document
//! shows belongs to exactly one record, so the fingerprint changes when and only when
//! a shown value or the order of records changes. Export date and workspace version are
//! not part of it: exporting the same content twice gives the same fingerprint.

use std::collections::HashSet;

use accord_domain::{DocumentKind, Workspace};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::canonical::to_canonical_json;
use crate::model::{AgreementText, Body, DecisionLog, Document, HandoverPack, RaciTable};

/// The name and version of the canonical form; stored with every fingerprint.
pub const CANONICAL_FORM: &str = "accord-document-1";

/// A document's fingerprint and its per-record hashes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentFingerprint {
    /// SHA-256 of the document's content, 64 lower-case hex digits.
    pub sha256: String,
    /// `(record path, SHA-256 of the record)`, in document order.
    pub records: Vec<(String, String)>,
}

impl DocumentFingerprint {
    /// The fingerprint of a document of `kind` with these record hashes, in order.
    /// Reading a fingerprint back from a PDF uses this to check that its record hashes
    /// add up to its fingerprint.
    pub fn from_records(kind: DocumentKind, records: Vec<(String, String)>) -> DocumentFingerprint {
        let mut listing = format!("{CANONICAL_FORM}\n{}\n", kind.as_str());
        for (path, hash) in &records {
            listing.push_str(path);
            listing.push('\t');
            listing.push_str(hash);
            listing.push('\n');
        }
        DocumentFingerprint {
            sha256: sha256_hex(listing.as_bytes()),
            records,
        }
    }
}

/// The fingerprint of document `kind` built from `ws`.
pub fn fingerprint(ws: &Workspace, kind: DocumentKind) -> DocumentFingerprint {
    crate::build(ws, kind).fingerprint()
}

impl Document {
    /// The document's fingerprint (see the module documentation).
    pub fn fingerprint(&self) -> DocumentFingerprint {
        let records: Vec<(String, String)> = self
            .canonical_records()
            .into_iter()
            .map(|(path, json)| (path, sha256_hex(json.as_bytes())))
            .collect();
        DocumentFingerprint::from_records(self.kind, records)
    }

    /// Every record the document shows, as `(path, canonical JSON)`, in document order.
    /// A record shown twice (an open decision in the pack's log and its handover part)
    /// is listed once.
    pub fn canonical_records(&self) -> Vec<(String, String)> {
        let mut out = Records::default();
        out.push("project".into(), json!(self.project));
        for party in &self.parties {
            out.push(format!("parties[{}]", party.name), json!(party));
        }
        match &self.body {
            Body::Agreement(a) => agreement(a, &mut out),
            Body::Raci(r) => raci(r, &mut out),
            Body::Decisions(d) => decisions(d, &mut out),
            Body::Handover(h) => handover(h, &mut out),
            Body::Pack(p) => {
                agreement(&p.agreement, &mut out);
                raci(&p.raci, &mut out);
                decisions(&p.decisions, &mut out);
                handover(&p.handover, &mut out);
            }
        }
        for s in &self.signatures {
            out.push(format!("signatures[{}]", s.capacity), json!(s));
        }
        out.list
    }
}

fn agreement(a: &AgreementText, out: &mut Records) {
    out.push(
        "agreement".into(),
        json!({"version": a.version, "status": a.status, "binding": a.binding,
               "effective_date": a.effective_date, "review_date": a.review_date}),
    );
    for s in &a.sections {
        out.push(format!("agreement.sections[{}]", s.key), json!(s));
    }
}

fn raci(r: &RaciTable, out: &mut Records) {
    out.push("raci.parties".into(), json!(r.parties));
    for row in &r.rows {
        out.push(format!("raci.activities[{}]", row.activity), json!(row));
    }
}

fn decisions(d: &DecisionLog, out: &mut Records) {
    for entry in &d.decisions {
        out.push(format!("decisions[{}]", entry.number), json!(entry));
    }
}

fn handover(h: &HandoverPack, out: &mut Records) {
    for note in &h.notes {
        out.push(format!("succession[{}]", note.role), json!(note));
    }
    for entry in &h.open_decisions {
        out.push(format!("decisions[{}]", entry.number), json!(entry));
    }
    for person in &h.key_people {
        out.push(format!("people[{}]", person.name), json!(person));
    }
}

/// Records in order, with unique paths: an identical record seen again is skipped; a
/// different record under a path already used gets ` #2`, ` #3`, ...
#[derive(Default)]
struct Records {
    list: Vec<(String, String)>,
    seen: HashSet<(String, String)>,
    paths: HashSet<String>,
}

impl Records {
    fn push(&mut self, path: String, value: Value) {
        let json = to_canonical_json(&value);
        if self.seen.contains(&(path.clone(), json.clone())) {
            return;
        }
        self.seen.insert((path.clone(), json.clone()));
        let mut unique = path.clone();
        let mut n = 2;
        while !self.paths.insert(unique.clone()) {
            unique = format!("{path} #{n}");
            n += 1;
        }
        self.list.push((unique, json));
    }
}

/// Lower-case hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push(char::from_digit((b >> 4) as u32, 16).expect("a nibble is a hex digit"));
        out.push(char::from_digit((b & 0xf) as u32, 16).expect("a nibble is a hex digit"));
    }
    out
}
