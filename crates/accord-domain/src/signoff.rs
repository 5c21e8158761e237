//! Sign-offs: a record that someone signed a document with a given content fingerprint.
//! A sign-off is never edited or deleted.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::Id;

vocabulary! {
    /// The documents Accord exports for signing.
    DocumentKind { Pack => "pack", Agreement => "agreement", Raci => "raci", Decisions => "decisions", Handover => "handover" }
}

vocabulary! {
    /// How a document was signed.
    SignoffMethod { WetInk => "wet_ink", Electronic => "electronic" ("Electronic signature"), MinutedMeeting => "minuted_meeting" }
}

/// One signature against one version of a document's content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Signoff {
    pub id: Id,
    pub document: DocumentKind,
    /// SHA-256, in lower-case hex, of the canonical content the signed PDF shows.
    pub fingerprint: String,
    pub signed_by: Id,
    pub signed_on: NaiveDate,
    pub method: SignoffMethod,
    #[serde(default)]
    pub note: String,
}

/// Whether `s` is a SHA-256 fingerprint written as 64 lower-case hex digits.
pub fn is_fingerprint(s: &str) -> bool {
    s.len() == 64
        && s.chars()
            .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
}
