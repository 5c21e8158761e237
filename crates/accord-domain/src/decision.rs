//! The decisions log: numbered decisions, their statuses, and supersession. An accepted
//! decision is a record: its text is never edited again.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::project::set;
use crate::{Id, RuleError, text};

vocabulary! {
    /// Where a decision stands.
    DecisionStatus {
        Proposed => "proposed", Accepted => "accepted", Rejected => "rejected",
        Superseded => "superseded", Deprecated => "deprecated"
    }
}

/// A decision's number in order of entry, shown as `D-001`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DecisionNumber(pub u32);

impl fmt::Display for DecisionNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "D-{:03}", self.0)
    }
}

impl FromStr for DecisionNumber {
    type Err = RuleError;
    fn from_str(s: &str) -> Result<Self, RuleError> {
        let t = s.trim();
        let digits = t
            .strip_prefix("D-")
            .or_else(|| t.strip_prefix("d-"))
            .unwrap_or(t);
        match digits.parse::<u32>() {
            Ok(n) if n > 0 && digits.chars().all(|c| c.is_ascii_digit()) => Ok(DecisionNumber(n)),
            _ => Err(RuleError::Invalid(format!(
                "'{s}' is not a decision number: expected D- and a number, such as D-007"
            ))),
        }
    }
}

impl Serialize for DecisionNumber {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for DecisionNumber {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // The interchange format always writes the prefix, so it is required when reading.
        let s = String::deserialize(d)?;
        if !s.starts_with("D-") {
            return Err(serde::de::Error::custom(format!(
                "'{s}' is not a decision number: expected D- and a number, such as D-007"
            )));
        }
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for DecisionNumber {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "DecisionNumber".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^D-[0-9]{3,}$",
            "description": "The decision's number in order of entry, such as D-001."
        })
    }
}

/// One entry in the decisions log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    pub id: Id,
    pub number: DecisionNumber,
    pub title: String,
    pub date: NaiveDate,
    pub status: DecisionStatus,
    #[serde(default)]
    pub context: String,
    #[serde(default)]
    pub options: Vec<String>,
    #[serde(default)]
    pub decision: String,
    #[serde(default)]
    pub consequences: String,
    #[serde(default)]
    pub deciders: Vec<Id>,
    #[serde(default)]
    pub consulted: Vec<Id>,
    #[serde(default)]
    pub informed: Vec<Id>,
    /// The earlier decision this one replaces.
    #[serde(default)]
    pub supersedes: Option<Id>,
    #[serde(default)]
    pub review_date: Option<NaiveDate>,
    #[serde(default)]
    pub tags: Vec<String>,
}

/// The text and links of a decision: everything that is frozen once it is accepted.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DecisionPatch {
    pub title: Option<String>,
    pub date: Option<NaiveDate>,
    pub context: Option<String>,
    pub options: Option<Vec<String>>,
    pub decision: Option<String>,
    pub consequences: Option<String>,
    pub deciders: Option<Vec<Id>>,
    pub consulted: Option<Vec<Id>>,
    pub informed: Option<Vec<Id>>,
    pub review_date: Option<Option<NaiveDate>>,
    pub tags: Option<Vec<String>>,
}

impl Decision {
    /// A new proposed decision with the next number.
    pub fn new(
        id: Id,
        number: DecisionNumber,
        title: &str,
        date: NaiveDate,
    ) -> Result<Self, RuleError> {
        Ok(Decision {
            id,
            number,
            title: text::required("The decision's title", title)?,
            date,
            status: DecisionStatus::Proposed,
            context: String::new(),
            options: Vec::new(),
            decision: String::new(),
            consequences: String::new(),
            deciders: Vec::new(),
            consulted: Vec::new(),
            informed: Vec::new(),
            supersedes: None,
            review_date: None,
            tags: Vec::new(),
        })
    }

    /// Whether the text may still change: only while the decision is proposed.
    pub fn is_open(&self) -> bool {
        self.status == DecisionStatus::Proposed
    }

    /// Edits the decision's text. Refused once it has left `proposed`.
    pub fn edit(&mut self, patch: DecisionPatch) -> Result<(), RuleError> {
        if !self.is_open() {
            return Err(RuleError::DecisionLocked {
                number: self.number.to_string(),
                status: self.status.to_string(),
            });
        }
        if let Some(title) = patch.title {
            self.title = text::required("The decision's title", &title)?;
        }
        set(&mut self.date, patch.date);
        set(&mut self.context, patch.context);
        if let Some(options) = patch.options {
            self.options = options
                .into_iter()
                .map(|o| o.trim().to_string())
                .filter(|o| !o.is_empty())
                .collect();
        }
        set(&mut self.decision, patch.decision);
        set(&mut self.consequences, patch.consequences);
        set(&mut self.deciders, patch.deciders);
        set(&mut self.consulted, patch.consulted);
        set(&mut self.informed, patch.informed);
        set(&mut self.review_date, patch.review_date);
        if let Some(tags) = patch.tags {
            self.tags = text::normalise_tags(tags);
        }
        Ok(())
    }

    /// Moves the decision to `to`. `superseded` is never set directly: it follows from
    /// accepting a new decision that supersedes this one (see [`accept_superseding`]).
    pub fn set_status(&mut self, to: DecisionStatus) -> Result<(), RuleError> {
        use DecisionStatus::*;
        let hint = match (self.status, to) {
            (from, to) if from == to => return Ok(()),
            (Proposed, Accepted | Rejected) | (Accepted, Deprecated) => {
                if to == Accepted && self.decision.trim().is_empty() {
                    return Err(RuleError::Invalid(format!(
                        "Decision {} cannot be accepted without its decision text: say what was decided first.",
                        self.number
                    )));
                }
                self.status = to;
                return Ok(());
            }
            (_, Superseded) => "Record a new decision that supersedes it, and accept that one.",
            (Proposed, Deprecated) => "A proposed decision is rejected, not deprecated.",
            (Accepted, _) => {
                "An accepted decision can only be superseded by a new decision, or deprecated."
            }
            _ => "Rejected, superseded and deprecated decisions are closed records.",
        };
        Err(RuleError::BadTransition {
            number: self.number.to_string(),
            from: self.status.to_string(),
            to: to.to_string(),
            hint,
        })
    }
}

/// The number the next decision takes, after `existing`: one more than the highest, so
/// numbers are never reused, even after a gap.
pub fn next_number(existing: impl IntoIterator<Item = DecisionNumber>) -> DecisionNumber {
    DecisionNumber(existing.into_iter().map(|n| n.0).max().unwrap_or(0) + 1)
}

/// Records a new decision: `patch` applied to a proposed decision with this id, number and
/// date; linked to `old` when it supersedes it; and, with `accept`, accepted at once, which
/// marks `old` superseded in the same step. Nothing changes when any part is refused.
pub fn record(
    id: crate::Id,
    number: DecisionNumber,
    title: &str,
    date: NaiveDate,
    patch: DecisionPatch,
    old: Option<&mut Decision>,
    accept: bool,
) -> Result<Decision, RuleError> {
    let mut new = Decision::new(id, number, title, date)?;
    new.edit(patch)?;
    if let Some(old) = old.as_deref() {
        propose_superseding(&mut new, old)?;
    }
    if accept {
        accept_superseding(&mut new, old)?;
    }
    Ok(new)
}

/// Links a new decision to the one it would replace. Only an accepted decision can be
/// superseded, and only once.
pub fn propose_superseding(new: &mut Decision, old: &Decision) -> Result<(), RuleError> {
    if old.status != DecisionStatus::Accepted {
        return Err(RuleError::Invalid(format!(
            "Decision {} is {}; only an accepted decision can be superseded.",
            old.number, old.status
        )));
    }
    if old.id == new.id {
        return Err(RuleError::Invalid(format!(
            "Decision {} cannot supersede itself.",
            new.number
        )));
    }
    new.supersedes = Some(old.id);
    Ok(())
}

/// Accepts `new`; when it supersedes `old`, `old` becomes `superseded` in the same step.
pub fn accept_superseding(new: &mut Decision, old: Option<&mut Decision>) -> Result<(), RuleError> {
    if let Some(old) = &old {
        if Some(old.id) != new.supersedes {
            return Err(RuleError::Invalid(format!(
                "Decision {} does not supersede {}.",
                new.number, old.number
            )));
        }
        if old.status != DecisionStatus::Accepted {
            return Err(RuleError::Invalid(format!(
                "Decision {} supersedes {}, which is now {}; only an accepted decision can be superseded.",
                new.number, old.number, old.status
            )));
        }
    }
    new.set_status(DecisionStatus::Accepted)?;
    if let Some(old) = old {
        old.status = DecisionStatus::Superseded;
    }
    Ok(())
}
