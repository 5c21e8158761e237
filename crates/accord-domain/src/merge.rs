//! Merging concurrent changes from several replicas: the pure rules of sync (sync.md §5.1).
//!
//! # Contract
//!
//! Every function here is a pure function of its arguments: no IO, no clock, no random
//! numbers. Two replicas that call it with the same changes, in any order, get the same
//! answer, which is what makes their workspaces converge (sync.md §3, invariant 1).
//!
//! - **Order key** ([`OrderKey`]): `(order_at, hlc counter, op_id)`. It decides which value a
//!   conflict shows, which text counts as "earlier" in a text merge, and the order of set
//!   elements. It never decides "concurrent" or "later": the caller does that from the
//!   changes' parents and passes in only the *heads* of a field (the changes nobody has
//!   built on yet).
//! - **Register** ([`register`]): one head, or several heads with equal values, give that
//!   value; different values give a [`ConflictKind::Value`] conflict showing the value with
//!   the highest order key.
//! - **Text** ([`text`]): a three-way merge by lines (diffy), folding the heads in order-key
//!   order against the common base. Line endings are normalised and all three texts end
//!   with `\n` while merging; whether the result ends with a newline is itself merged three
//!   ways. An overlap is a [`ConflictKind::Text`] conflict holding the base and every side:
//!   conflict markers never enter content.
//! - **Set** ([`OrSet`]): an add-wins observed-remove set. A remove names the adds it saw
//!   and deletes only those, so a concurrent add of the same value survives. Never a
//!   conflict.
//! - **Conflict id** ([`conflict_id`]): `"C-"` and 8 hex digits of SHA-256 over the kind,
//!   the record, the field and the sorted op ids of the sides, so every replica names a
//!   conflict alike, and a new concurrent side changes the name.
//! - **Decision numbers** ([`DecisionNumbering`]): creates taken in server order keep the
//!   number they asked for if it is still free, else take the highest number so far plus
//!   one (sync.md §5.3.1).
//!
//! Preconditions the caller keeps: an op id names one change only (two heads with one op id
//! carry the same value), and the heads given are those of one field of one record.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

use crate::{DecisionNumber, Id};

vocabulary! {
    /// What kind of disagreement a conflict records; each kind has its own ways to resolve it.
    ConflictKind {
        /// Different values of one register field.
        Value => "value",
        /// Overlapping edits of one text field.
        Text => "text",
        /// A record deleted on one side and changed or referenced on the other.
        RemovedButChanged => "removed_but_changed",
        /// An edit that met the acceptance of its decision.
        EditAfterAccept => "edit_after_accept",
        /// An edit that met the agreement being agreed.
        EditAfterAgreed => "edit_after_agreed",
    }
}

/// Where a change stands in the one order every replica agrees on: the server's clamped
/// time (`order_at`), then the hybrid logical clock's counter, then the op id as the last
/// tie-breaker. Compared field by field, in that order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct OrderKey {
    /// `min(hlc time, received_at + skew bound)`, stamped by the server; a local change not
    /// yet sent uses its own clock's time.
    pub order_at: DateTime<Utc>,
    /// The hybrid logical clock's counter within one millisecond.
    pub counter: u32,
    /// The change's id.
    pub op_id: Id,
}

impl OrderKey {
    pub fn new(order_at: DateTime<Utc>, counter: u32, op_id: Id) -> OrderKey {
        OrderKey {
            order_at,
            counter,
            op_id,
        }
    }
}

/// One head of a field: the change that set it (by its order key) and the value it set.
#[derive(Debug, Clone, PartialEq)]
pub struct Head<T> {
    pub key: OrderKey,
    pub value: T,
}

impl<T> Head<T> {
    pub fn new(key: OrderKey, value: T) -> Head<T> {
        Head { key, value }
    }
}

/// The outcome of merging a field's heads.
#[derive(Debug, Clone, PartialEq)]
pub enum Merged<T> {
    /// The heads agree, or merge cleanly: this is the field's value.
    Resolved(T),
    /// The heads disagree: a person must choose. [`Conflict::shown`] is what the content
    /// shows meanwhile.
    Conflict(Conflict<T>),
}

impl<T> Merged<T> {
    /// The value the content shows: the merged value, or a conflict's shown side.
    pub fn shown(&self) -> &T {
        match self {
            Merged::Resolved(v) => v,
            Merged::Conflict(c) => c.shown(),
        }
    }
}

/// A disagreement kept for a person to resolve: every side, in order-key order, and for a
/// text conflict the base they both started from.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict<T> {
    pub kind: ConflictKind,
    /// Every head, lowest order key first; never empty.
    pub sides: Vec<Head<T>>,
    /// The common ancestor's value (text conflicts).
    pub base: Option<T>,
}

impl<T> Conflict<T> {
    /// The side the content shows meanwhile: the one with the highest order key.
    pub fn shown(&self) -> &T {
        &self
            .sides
            .last()
            .expect("a conflict has at least two sides")
            .value
    }

    /// The shown side's number, counting the sides from 1 as `accord conflicts` lists them.
    pub fn shown_n(&self) -> usize {
        self.sides.len()
    }

    /// The op ids of the sides, sorted.
    pub fn side_ops(&self) -> Vec<Id> {
        let mut ops: Vec<Id> = self.sides.iter().map(|h| h.key.op_id).collect();
        ops.sort();
        ops.dedup();
        ops
    }

    /// This conflict's id on `field` of the record `record_type`/`record_id` ([`conflict_id`]).
    pub fn id(&self, record_type: &str, record_id: &str, field: &str) -> String {
        conflict_id(self.kind, record_type, record_id, field, &self.side_ops())
    }
}

/// A conflict's name, the same on every replica: `"C-"` and the first 8 hex digits of
/// SHA-256 over the kind, the record type, the record id, the field and the sides' op ids
/// (sorted, so the order they are given in does not matter), each followed by a NUL byte,
/// which none of them can contain.
pub fn conflict_id(
    kind: ConflictKind,
    record_type: &str,
    record_id: &str,
    field: &str,
    side_ops: &[Id],
) -> String {
    let mut ops: Vec<Id> = side_ops.to_vec();
    ops.sort();
    ops.dedup();
    let mut hash = Sha256::new();
    for part in [kind.as_str(), record_type, record_id, field] {
        hash.update(part.as_bytes());
        hash.update([0u8]);
    }
    for op in &ops {
        hash.update(op.hyphenated().to_string().as_bytes());
        hash.update([0u8]);
    }
    let digest = hash.finalize();
    let hex: String = digest[..4].iter().map(|b| format!("{b:02x}")).collect();
    format!("C-{hex}")
}

/// Sorts heads by order key and drops repeats of one op, so the caller's order never matters.
fn ordered<T: Clone>(heads: &[Head<T>]) -> Vec<Head<T>> {
    let mut out = heads.to_vec();
    out.sort_by_key(|a| a.key);
    out.dedup_by(|a, b| a.key == b.key);
    out
}

/// Merges a register field: one head, or heads that all hold equal values, give that value;
/// different values give a `value` conflict that shows the highest order key's value.
/// `None` when there are no heads (the field was never set).
pub fn register<T: Clone + PartialEq>(heads: &[Head<T>]) -> Option<Merged<T>> {
    let heads = ordered(heads);
    let last = heads.last()?;
    if heads.iter().all(|h| h.value == last.value) {
        return Some(Merged::Resolved(last.value.clone()));
    }
    Some(Merged::Conflict(Conflict {
        kind: ConflictKind::Value,
        sides: heads,
        base: None,
    }))
}

/// The fields a decision's leaving `proposed` seals: its text and links
/// ([`crate::decision::DecisionPatch`]'s fields). The change that accepts (or rejects) a decision
/// writes each of them again, as it stands, so that a concurrent edit of any of them meets
/// that change as a second head of the field and is held aside ([`sealed`]).
pub const DECISION_SEALED_FIELDS: &[&str] = &[
    "title",
    "date",
    "context",
    "options",
    "decision",
    "consequences",
    "deciders",
    "consulted",
    "informed",
    "review_date",
    "tags",
];

/// The fields of each section that agreeing the agreement seals (sync.md §5.3.6): the
/// change that agrees it writes each section again with these, as they stand.
pub const SECTION_SEALED_FIELDS: &[&str] = &["title", "body", "status"];

/// An accepted decision, or an agreed agreement, stands (sync.md §5.3.2, §5.3.6): when one head of a field is the change
/// that sealed its record (`is_seal`), every concurrent head with another value is held
/// aside in a conflict of `kind`, never merged in. The sides are the held heads in order-key
/// order, then the seal last, so the content shows the sealed value. `None` when no head
/// is a seal, when the seals disagree (left to the ordinary rules), or when nothing differs.
pub fn sealed<T: Clone + PartialEq>(
    heads: &[Head<T>],
    is_seal: impl Fn(&Head<T>) -> bool,
    kind: ConflictKind,
) -> Option<Conflict<T>> {
    let heads = ordered(heads);
    let seals: Vec<&Head<T>> = heads.iter().filter(|h| is_seal(h)).collect();
    let seal = *seals.last()?;
    if seals.iter().any(|s| s.value != seal.value) {
        return None;
    }
    let mut sides: Vec<Head<T>> = heads
        .iter()
        .filter(|h| !is_seal(h) && h.value != seal.value)
        .cloned()
        .collect();
    if sides.is_empty() {
        return None;
    }
    sides.push(seal.clone());
    Some(Conflict {
        kind,
        sides,
        base: None,
    })
}

/// Whether changes arriving in one sync remove so much of one kind of record that they
/// must wait for a person to confirm (Joplin's fail-safe): over 20 records, and over half
/// of those the workspace held when the sync began. A server wiped or broken can make a
/// whole project look deleted; a council that really removes most of its people does so
/// rarely, and says so with `--allow-removals`.
pub fn mass_removal(removed: usize, held_at_start: usize) -> bool {
    removed > 20 && removed * 2 > held_at_start
}

/// Line endings as Accord stores them: `\r\n` and lone `\r` become `\n`.
pub fn normalise_line_endings(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_string();
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// A text ready for a line merge: normalised, ending with `\n`, and whether it ended so.
fn prepared(text: &str) -> (String, bool) {
    let mut t = normalise_line_endings(text);
    let ended = t.ends_with('\n');
    if !ended {
        t.push('\n');
    }
    (t, ended)
}

/// Merges a free-text field: folds the heads, in order-key order, three ways against
/// `base` (the text at their common ancestor; `""` when both sides created the field).
/// A clean merge is the value, with line endings normalised; an overlap anywhere is a
/// `text` conflict that keeps `base` and every head as given, showing the latest head.
/// `None` when there are no heads.
pub fn text(base: &str, heads: &[Head<String>]) -> Option<Merged<String>> {
    let heads = ordered(heads);
    let first = heads.first()?;
    let (base_text, base_ended) = prepared(base);
    let (mut merged, mut ended) = prepared(&first.value);
    for head in &heads[1..] {
        let (later, later_ended) = prepared(&head.value);
        match diffy::merge(&base_text, &merged, &later) {
            Ok(m) => merged = m,
            Err(_) => {
                return Some(Merged::Conflict(Conflict {
                    kind: ConflictKind::Text,
                    sides: heads.clone(),
                    base: Some(base.to_string()),
                }));
            }
        }
        // Whether the text ends with a newline merges three ways too: a side that kept the
        // base's ending gives way to one that changed it.
        if ended == base_ended {
            ended = later_ended;
        }
    }
    if !ended {
        merged.pop();
    }
    Some(Merged::Resolved(merged))
}

/// How concurrent changes to one field of a record merge (sync.md §5.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// Free text: merged three ways by lines; an overlap is a `text` conflict.
    Text,
    /// A list read as a set (tags, people): merged three ways, never a conflict.
    Set,
    /// Who changed a record last, and when: the latest change's value, never a conflict.
    Stamp,
    /// Set by the sync itself (a decision's number): never merged as a field.
    Numbering,
    /// Any other field: concurrent different values are a `value` conflict.
    Register,
}

/// The kind of the field `field` of a record of type `record_type`, as the change log
/// names them (`section`, `project`, `decision`, `handover_note`, `raci_cell`, ...).
pub fn field_kind(record_type: &str, field: &str) -> FieldKind {
    match (record_type, field) {
        ("project", "problem" | "outcomes")
        | ("section", "body")
        | ("activity", "description")
        | ("decision", "context" | "decision" | "consequences")
        | (
            "handover_note",
            "responsibilities" | "key_contacts" | "in_flight_work" | "where_things_are"
            | "tacit_knowledge" | "risks" | "first_two_weeks",
        ) => FieldKind::Text,
        ("project", "tags") | ("decision", "tags" | "deciders" | "consulted" | "informed") => {
            FieldKind::Set
        }
        ("section", "updated_at" | "updated_by") => FieldKind::Stamp,
        ("decision", "number") => FieldKind::Numbering,
        _ => FieldKind::Register,
    }
}

/// Merges a set field three ways: what every side kept, plus what any side added since
/// `base`. A value one side removed stays removed unless another side added it anew; the
/// order is that of the sides, in order-key order, then first appearance.
pub fn set_three_way<T: Clone + PartialEq>(base: &[T], heads: &[Head<Vec<T>>]) -> Vec<T> {
    let heads = ordered(heads);
    let mut out: Vec<T> = Vec::new();
    for head in &heads {
        for v in &head.value {
            let kept_by_all = heads.iter().all(|h| h.value.contains(v));
            let added = !base.contains(v);
            if (kept_by_all || added) && !out.contains(v) {
                out.push(v.clone());
            }
        }
    }
    out
}

/// One change to a set field (tags, deciders, consulted, informed): values it added, and
/// the adds it saw and removed. An op that sets a list from what a person typed is built
/// by [`OrSet::change_to`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetOp {
    pub key: OrderKey,
    pub add: Vec<String>,
    pub remove: Vec<SeenAdd>,
}

/// One add of a value, as a remove names it: the value, and the op that added it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SeenAdd {
    pub value: String,
    pub add_op: Id,
}

/// An add-wins observed-remove set. Applying the same ops in any order, any number of
/// times, gives the same set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrSet {
    adds: BTreeMap<SeenAdd, OrderKey>,
    removed: BTreeSet<SeenAdd>,
}

impl OrSet {
    /// The set made by `ops`, in any order.
    pub fn from_ops<'a>(ops: impl IntoIterator<Item = &'a SetOp>) -> OrSet {
        let mut set = OrSet::default();
        for op in ops {
            set.apply(op);
        }
        set
    }

    /// Applies one op. Commutative and idempotent: a remove that arrives before the add it
    /// names still removes it.
    pub fn apply(&mut self, op: &SetOp) {
        for value in &op.add {
            self.adds.insert(
                SeenAdd {
                    value: value.clone(),
                    add_op: op.key.op_id,
                },
                op.key,
            );
        }
        for seen in &op.remove {
            self.removed.insert(seen.clone());
        }
    }

    /// The values present, ordered by their earliest surviving add (then by value).
    pub fn values(&self) -> Vec<String> {
        let mut first: BTreeMap<&str, OrderKey> = BTreeMap::new();
        for (add, key) in &self.adds {
            if self.removed.contains(add) {
                continue;
            }
            first
                .entry(add.value.as_str())
                .and_modify(|k| *k = (*k).min(*key))
                .or_insert(*key);
        }
        let mut out: Vec<(OrderKey, &str)> = first.into_iter().map(|(v, k)| (k, v)).collect();
        out.sort_by(|a, b| match a.0.cmp(&b.0) {
            Ordering::Equal => a.1.cmp(b.1),
            other => other,
        });
        out.into_iter().map(|(_, v)| v.to_string()).collect()
    }

    /// Whether `value` is present.
    pub fn contains(&self, value: &str) -> bool {
        self.surviving(value).next().is_some()
    }

    fn surviving<'a>(&'a self, value: &'a str) -> impl Iterator<Item = &'a SeenAdd> + 'a {
        self.adds
            .keys()
            .filter(move |a| a.value == value && !self.removed.contains(*a))
    }

    /// The op that turns this set into `wanted` (a list a person typed): adds the values it
    /// lacks, and removes the adds it holds of values not wanted, and only those.
    pub fn change_to(&self, key: OrderKey, wanted: &[String]) -> SetOp {
        let mut add: Vec<String> = Vec::new();
        for value in wanted {
            if !self.contains(value) && !add.contains(value) {
                add.push(value.clone());
            }
        }
        let remove = self
            .adds
            .keys()
            .filter(|a| !self.removed.contains(*a) && !wanted.contains(&a.value))
            .cloned()
            .collect();
        SetOp { key, add, remove }
    }
}

/// Decision numbers in the order the server put the creates in (sync.md §5.3.1): a create
/// keeps the number it asked for if no earlier create holds it, else takes the highest
/// number so far plus one. Feed it the creates in server-seq order, never order-key order:
/// a late op with an early clock must not renumber a confirmed decision.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DecisionNumbering {
    used: BTreeSet<u32>,
}

impl DecisionNumbering {
    /// Numbering that continues after the numbers already given (confirmed decisions).
    pub fn with_used(used: impl IntoIterator<Item = DecisionNumber>) -> DecisionNumbering {
        DecisionNumbering {
            used: used.into_iter().map(|n| n.0).collect(),
        }
    }

    /// The number the next create in server order gets.
    pub fn assign(&mut self, requested: DecisionNumber) -> DecisionNumber {
        let used = &self.used;
        let n = DecisionNumbering::place(requested, used.contains(&requested.0), || {
            Ok::<_, std::convert::Infallible>(used.last().copied())
        })
        .unwrap_or_else(|never| match never {});
        self.used.insert(n.0);
        n
    }

    /// The rule behind [`assign`](Self::assign), for a store that keeps the numbers given in
    /// an index rather than in memory: a create keeps the number it asked for unless a
    /// decision ordered before it holds it (`taken`); otherwise it gets the highest number
    /// given so far plus one (`highest`, asked only then).
    pub fn place<E>(
        requested: DecisionNumber,
        taken: bool,
        highest: impl FnOnce() -> Result<Option<u32>, E>,
    ) -> Result<DecisionNumber, E> {
        if requested.0 > 0 && !taken {
            Ok(requested)
        } else {
            Ok(DecisionNumber(highest()?.unwrap_or(0) + 1))
        }
    }

    /// The numbers given to `requested`, creates in server order.
    pub fn assign_all(requested: &[DecisionNumber]) -> Vec<DecisionNumber> {
        let mut numbering = DecisionNumbering::default();
        requested.iter().map(|r| numbering.assign(*r)).collect()
    }
}

#[cfg(test)]
mod field_tests {
    use super::*;

    fn key(n: i64) -> OrderKey {
        OrderKey::new(
            DateTime::from_timestamp_millis(n).unwrap(),
            0,
            Id::from_u128(n as u128),
        )
    }

    #[test]
    fn a_set_keeps_what_each_side_added_and_drops_what_one_removed() {
        let base = vec!["waste".to_string()];
        let a = Head::new(key(1), vec!["waste".to_string(), "data".to_string()]);
        let b = Head::new(key(2), vec!["bins".to_string()]);
        assert_eq!(
            set_three_way(&base, &[a.clone(), b.clone()]),
            ["data", "bins"]
        );
        assert_eq!(
            set_three_way(&base, &[b, a]),
            ["data", "bins"],
            "order given never matters"
        );
    }

    #[test]
    fn fields_have_the_kinds_sync_md_gives_them() {
        assert_eq!(field_kind("section", "body"), FieldKind::Text);
        assert_eq!(field_kind("section", "status"), FieldKind::Register);
        assert_eq!(field_kind("decision", "deciders"), FieldKind::Set);
        assert_eq!(field_kind("raci_cell", "roles"), FieldKind::Register);
        assert_eq!(field_kind("handover_note", "risks"), FieldKind::Text);
    }
}
