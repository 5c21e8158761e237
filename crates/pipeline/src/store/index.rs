//! A listing's search terms: the words, tags and places that `search` and `similar` look up,
//! with each term's count of listings (`word_frequency`) and a copy of the listing's update
//! time (migration 3). Written whenever a listing's content or update time changes.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use pipeline_protocol::{ListingDraft, ListingId};

use super::{Statement, Value, ms, s};
use crate::words;

/// The statements that index a listing's tags and words for search (its places are kept by
/// `partners`, from the organisations that confirmed).
pub(super) fn index_statements(id: ListingId, draft: &ListingDraft) -> Vec<Statement> {
    let key = || Value::from(id.to_string());
    let mut statements = Vec::new();
    if !draft.tags.is_empty() {
        let values = (0..draft.tags.len())
            .map(|i| format!("(${})", i + 2))
            .collect::<Vec<_>>()
            .join(", ");
        let mut params = vec![key()];
        params.extend(draft.tags.iter().map(Value::from));
        statements.push(Statement::new(
            format!("INSERT INTO listing_tags (tag, listing, updated_at) SELECT v.column1, l.number, l.updated_at FROM listings l, (VALUES {values}) AS v WHERE l.id = $1"),
            params,
        ));
        statements.push(s(
            "INSERT INTO word_frequency (word, listings) SELECT '#' || tag, 1 FROM listing_tags \
             WHERE listing = (SELECT number FROM listings WHERE id = $1) \
             ON CONFLICT (word) DO UPDATE SET listings = word_frequency.listings + 1",
            vec![key()],
        ));
    }
    let in_problem = words::words(&draft.problem);
    let mut elsewhere = words::words(&draft.title);
    elsewhere.extend(words::words(&draft.outcomes));
    for tag in &draft.tags {
        elsewhere.extend(words::words(tag));
    }
    let all: BTreeMap<&String, bool> = elsewhere
        .iter()
        .map(|w| (w, false))
        .chain(in_problem.iter().map(|w| (w, true)))
        .collect();
    if !all.is_empty() {
        let values = (0..all.len())
            .map(|i| format!("(${}, ${})", 2 * i + 2, 2 * i + 3))
            .collect::<Vec<_>>()
            .join(", ");
        let mut params = vec![key()];
        for (word, problem) in &all {
            params.push(Value::from(*word));
            params.push(Value::Bool(*problem));
        }
        statements.push(Statement::new(
            format!(
                "INSERT INTO listing_words (word, listing, in_problem, updated_at) SELECT v.column1, l.number, v.column2, l.updated_at FROM listings l, (VALUES {values}) AS v WHERE l.id = $1"
            ),
            params,
        ));
        statements.push(s(
            "INSERT INTO word_frequency (word, listings) SELECT word, 1 FROM listing_words \
             WHERE listing = (SELECT number FROM listings WHERE id = $1) \
             ON CONFLICT (word) DO UPDATE SET listings = word_frequency.listings + 1",
            vec![key()],
        ));
    }
    statements
}

/// The statements that take a listing's words and tags out of the index (and out of their counts),
/// before [`index_statements`] puts its new ones in.
pub(super) fn unindex_statements(id: ListingId) -> Vec<Statement> {
    let key = || Value::from(id.to_string());
    vec![
        s(
            "UPDATE word_frequency SET listings = listings - 1 WHERE word IN \
             (SELECT word FROM listing_words WHERE listing = (SELECT number FROM listings WHERE id = $1) \
              UNION ALL SELECT '#' || tag FROM listing_tags WHERE listing = (SELECT number FROM listings WHERE id = $1))",
            vec![key()],
        ),
        s(
            "DELETE FROM listing_tags WHERE listing = (SELECT number FROM listings WHERE id = $1)",
            vec![key()],
        ),
        s(
            "DELETE FROM listing_words WHERE listing = (SELECT number FROM listings WHERE id = $1)",
            vec![key()],
        ),
    ]
}

/// The statements that give the listing numbered `number`, and its terms' copies of it, a new
/// update time.
pub(super) fn touch_statements(number: i64, now: DateTime<Utc>) -> Vec<Statement> {
    vec![
        s(
            "UPDATE listings SET updated_at = $1 WHERE number = $2",
            vec![ms(now).into(), number.into()],
        ),
        // The search terms' copies of the update time (migration 3).
        s(
            "UPDATE listing_tags SET updated_at = $1 WHERE listing = $2",
            vec![ms(now).into(), number.into()],
        ),
        s(
            "UPDATE listing_words SET updated_at = $1 WHERE listing = $2",
            vec![ms(now).into(), number.into()],
        ),
        s(
            "UPDATE listing_places SET updated_at = $1 WHERE listing = $2",
            vec![ms(now).into(), number.into()],
        ),
    ]
}
