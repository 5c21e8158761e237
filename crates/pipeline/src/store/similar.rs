//! Similar listings: those sharing a listing's tags or its distinctive problem words, scored
//! and best first, with bounded work whatever the directory's size.

use std::collections::{BTreeMap, BTreeSet};

use pipeline_protocol::{ListingId, SimilarListing};

use super::listings::{SUMMARY_COLUMNS, summary_from_row};
use super::{Statement, Store, Value, placeholders};
use crate::{Error, words};

/// How many of a tag's most recent listings "similar" considers.
/// (Written into the statement as the literal 200, so that cached plans know it.)
pub const SIMILAR_PER_TAG: i64 = 200;
/// How many of a listing's rarest problem words "similar" compares.
pub const SIMILAR_WORDS: i64 = 20;

/// A word used by more listings than this is too common to make two listings alike:
/// one in a thousand listings, but never fewer than 20.
pub fn common_word_limit(listings: i64) -> i64 {
    (listings / 1000).max(20)
}

impl Store {
    /// Listings that share tags (three points each) or distinctive problem words (one point
    /// each) with this one, best first.
    ///
    /// The work is bounded whatever the directory's size: each tag contributes only its
    /// [`SIMILAR_PER_TAG`] most recent listings, and only the [`SIMILAR_WORDS`] rarest problem
    /// words count, and only while rarer than [`common_word_limit`] (a word in every other
    /// listing says nothing about likeness).
    pub async fn similar(&self, id: ListingId, limit: u32) -> Result<Vec<SimilarListing>, Error> {
        let listing = self.listing(id).await?;
        let problem_words: Vec<String> = words::words(&listing.problem).into_iter().collect();
        let mut tags_of: BTreeMap<i64, Vec<String>> = BTreeMap::new();
        let mut words_of: BTreeMap<i64, Vec<String>> = BTreeMap::new();
        if !listing.tags.is_empty() {
            // Each tag's most recent listings, all tags in one trip.
            let mut params: Vec<Value> = vec![listing.number.into()];
            let parts: Vec<String> = listing
                .tags
                .iter()
                .enumerate()
                .map(|(i, tag)| {
                    params.push(tag.into());
                    format!(
                        "SELECT * FROM (SELECT tag, listing FROM listing_tags WHERE tag = ${} AND listing <> $1 ORDER BY listing DESC LIMIT {SIMILAR_PER_TAG}) AS t{i}",
                        i + 2
                    )
                })
                .collect();
            for row in self
                .backend
                .query(Statement::new(parts.join(" UNION ALL "), params))
                .await?
            {
                tags_of
                    .entry(row.int("listing")?)
                    .or_default()
                    .push(row.text("tag")?);
            }
        }
        if !problem_words.is_empty() {
            // The listings that share the rarest of its problem words, in one trip: the words too
            // common to count are those in more than common_word_limit(size) listings, where
            // the size is the newest listing's number.
            let mut params: Vec<Value> = problem_words.iter().map(Value::from).collect();
            params.push(SIMILAR_WORDS.into());
            params.push(true.into());
            params.push(listing.number.into());
            let n = problem_words.len();
            let sql = format!(
                "SELECT listing, word FROM listing_words WHERE word IN \
                 (SELECT word FROM word_frequency WHERE word IN ({}) AND listings <= \
                   (SELECT CASE WHEN COALESCE(MAX(number), 0) / 1000 > 20 THEN COALESCE(MAX(number), 0) / 1000 ELSE 20 END FROM listings) \
                  ORDER BY listings, word LIMIT ${}) \
                 AND in_problem = ${} AND listing <> ${} ORDER BY word",
                placeholders(1, n),
                n + 1,
                n + 2,
                n + 3
            );
            for row in self.backend.query(Statement::new(sql, params)).await? {
                words_of
                    .entry(row.int("listing")?)
                    .or_default()
                    .push(row.text("word")?);
            }
        }
        let mut scored: Vec<(i64, i64)> = tags_of
            .keys()
            .chain(words_of.keys())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .map(|n| {
                let points =
                    3 * tags_of.get(n).map_or(0, Vec::len) + words_of.get(n).map_or(0, Vec::len);
                (points as i64, *n)
            })
            .collect();
        scored.sort_by(|a, b| b.cmp(a));
        scored.truncate(limit as usize);
        if scored.is_empty() {
            return Ok(Vec::new());
        }
        let numbers: Vec<Value> = scored.iter().map(|(_, n)| Value::Int(*n)).collect();
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM listings l JOIN organisations o ON o.id = l.owner_id WHERE l.number IN ({})",
            placeholders(1, numbers.len())
        );
        let mut summaries = BTreeMap::new();
        for row in self.backend.query(Statement::new(sql, numbers)).await? {
            summaries.insert(row.int("number")?, summary_from_row(&row)?);
        }
        let order: BTreeMap<&String, usize> = listing
            .tags
            .iter()
            .enumerate()
            .map(|(i, t)| (t, i))
            .collect();
        Ok(scored
            .into_iter()
            .filter_map(|(score, n)| {
                let mut shared_tags = tags_of.remove(&n).unwrap_or_default();
                shared_tags.sort_by_key(|t| order.get(t).copied());
                Some(SimilarListing {
                    listing: summaries.remove(&n)?,
                    shared_tags,
                    shared_words: words_of.remove(&n).unwrap_or_default(),
                    score,
                })
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_words_do_not_count_towards_likeness() {
        assert_eq!(common_word_limit(100), 20);
        assert_eq!(common_word_limit(50_000), 50);
    }
}
