//! Search: the listings matching every part of a query (words, tags, a nation or region, a
//! phase, looking for partners), most recently updated first, a page at a time.
//!
//! In parts, in the order a search runs them: [`Page::of`] and [`terms`] check the query and
//! turn it into the terms the index holds; [`Store::term_counts`] reads how many listings have
//! each term, and the directory's size; [`rarest_first`] ranks the terms; [`postgres_page`] or
//! [`sqlite_page`] (with [`start_from_rarest`] choosing SQLite's way in) writes the statement
//! that picks the page's listing numbers, with [`filters`] on the listing's own row; and
//! [`Store::search`] reads that page's summaries and says whether more follow.

use std::collections::BTreeMap;

use pipeline_protocol::{LIMITS, SearchQuery, SearchResults};

use super::listings::{SUMMARY_COLUMNS, summary_from_row};
use super::{Backend, Statement, Store, Value, placeholders};
use crate::{Error, places, words};

/// Whether a search on SQLite should start from the listings of its rarest term (`counts` are the
/// terms' listing counts, rarest first) rather than walk all listings newest first, checking
/// each. Starting from the rarest term reads that many listings; walking reads about
/// `page_end / selectivity`, with the terms (and a phase, one of six, or a looking-for-partners
/// flag, one of two) taken as independent. Whichever reads fewer wins. (PostgreSQL always
/// reads the rarest term's listings newest first, from migration 3's index.)
pub fn start_from_rarest(
    counts: &[i64],
    size: i64,
    phase: bool,
    partners: bool,
    page_end: i64,
) -> bool {
    let Some(&rarest) = counts.first() else {
        return false;
    };
    let size = size.max(1) as f64;
    let mut selectivity: f64 = counts.iter().map(|&c| (c as f64 / size).min(1.0)).product();
    if phase {
        selectivity /= 6.0;
    }
    if partners {
        selectivity /= 2.0;
    }
    let walk = page_end as f64 / selectivity.max(f64::MIN_POSITIVE);
    (rarest as f64) <= walk
}

/// The page a search asks for.
#[derive(Debug, Clone, Copy)]
struct Page {
    limit: u32,
    offset: u32,
}

impl Page {
    /// The query's page, 20 listings from the first unless it says otherwise.
    fn of(query: &SearchQuery) -> Result<Page, Error> {
        let limit = query.limit.unwrap_or(20);
        if limit == 0 || limit > LIMITS.page {
            return Err(Error::invalid(
                "limit",
                format!("The page size must be from 1 to {}.", LIMITS.page),
            ));
        }
        let offset = query.offset.unwrap_or(0);
        if offset > LIMITS.offset {
            return Err(Error::invalid(
                "offset",
                format!(
                    "The offset may be at most {}; narrow the search (words, tags, a region) to see further.",
                    LIMITS.offset
                ),
            ));
        }
        Ok(Page { limit, offset })
    }

    /// The page's bounds, one listing more than asked for (to learn whether more follow).
    /// Written into the statement (they are checked numbers), so that a cached PostgreSQL plan
    /// knows it needs only a page, not every match.
    fn clause(self) -> String {
        format!("LIMIT {} OFFSET {}", self.limit + 1, self.offset)
    }

    /// How far into the matches, newest first, the page ends.
    fn end(self) -> i64 {
        i64::from(self.offset) + i64::from(self.limit) + 1
    }
}

/// Something every match must have: a row in one of the index's tables.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Term {
    table: &'static str,
    column: &'static str,
    value: String,
    /// The term's row in `word_frequency` (`#` before a tag, `@` before a place).
    key: String,
}

/// The query's words, tags and places as terms, refusing a query with too many of them or a
/// region that is not one.
fn terms(query: &SearchQuery) -> Result<Vec<Term>, Error> {
    let search_words: Vec<String> = words::words(query.q.as_deref().unwrap_or(""))
        .into_iter()
        .collect();
    if search_words.len() > LIMITS.search_words {
        return Err(Error::invalid(
            "q",
            format!("Search for at most {} words at once.", LIMITS.search_words),
        ));
    }
    let tags = query.tag_list();
    if tags.len() > LIMITS.tags {
        return Err(Error::invalid(
            "tags",
            format!("Search for at most {} tags at once.", LIMITS.tags),
        ));
    }
    let mut places = Vec::new();
    if let Some(nation) = query.nation {
        places.push(places::nation_key(nation));
    }
    if let Some(region) = query
        .region
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
    {
        let known = places::known_regions();
        if !known.iter().any(|k| k.eq_ignore_ascii_case(region)) {
            return Err(Error::invalid(
                "region",
                format!(
                    "'{region}' is not a region: expected one of {}.",
                    known.join(", ")
                ),
            ));
        }
        places.push(places::region_key(region));
    }
    let mut terms: Vec<Term> = Vec::new();
    terms.extend(search_words.into_iter().map(|w| Term {
        table: "listing_words",
        column: "word",
        key: w.clone(),
        value: w,
    }));
    terms.extend(tags.into_iter().map(|t| Term {
        table: "listing_tags",
        column: "tag",
        key: format!("#{t}"),
        value: t,
    }));
    terms.extend(places.into_iter().map(|p| Term {
        table: "listing_places",
        column: "place",
        key: format!("@{p}"),
        value: p,
    }));
    Ok(terms)
}

/// The terms rarest first, each with its count of listings; `None` when a term is in no
/// listing, so nothing can match.
fn rarest_first(terms: Vec<Term>, counts: &BTreeMap<String, i64>) -> Option<Vec<(Term, i64)>> {
    let mut ranked: Vec<(Term, i64)> = terms
        .into_iter()
        .map(|t| {
            let count = counts.get(&t.key).copied().unwrap_or(0);
            (t, count)
        })
        .collect();
    if ranked.iter().any(|(_, count)| *count <= 0) {
        return None;
    }
    ranked.sort_by_key(|(_, count)| *count);
    Some(ranked)
}

/// A statement's values, each named by its placeholder as it is added.
#[derive(Debug, Default)]
struct Params(Vec<Value>);

impl Params {
    fn add(&mut self, value: impl Into<Value>) -> String {
        self.0.push(value.into());
        format!("${}", self.0.len())
    }
}

/// That `listing` has `term` (its value at placeholder `p`).
///
/// A scalar subquery, not EXISTS: PostgreSQL would turn EXISTS into a join and then sort
/// every match, where this checks candidates in order and stops at a page.
fn has_term(term: &Term, p: &str, listing: &str) -> String {
    format!(
        "(SELECT 1 FROM {} x WHERE x.{} = {p} AND x.listing = {listing}) IS NOT NULL",
        term.table, term.column
    )
}

/// The query's conditions on the listing's own row (`alias`): its phase, and whether it is
/// looking for partners.
fn filters(query: &SearchQuery, alias: &str, params: &mut Params) -> Vec<String> {
    let mut filters = Vec::new();
    if let Some(phase) = query.phase {
        filters.push(format!("{alias}.phase = {}", params.add(phase.as_str())));
    }
    if let Some(looking) = query.looking_for_partners {
        filters.push(format!(
            "{alias}.looking_for_partners = {}",
            params.add(looking)
        ));
    }
    filters
}

/// PostgreSQL's page: read the rarest term's listings newest first from its index of update
/// times (migration 3), check each against the other terms, and stop at a page. It never looks
/// up a listing only to learn its update time: those lookups, one per listing of the term,
/// were most of PostgreSQL's search time (docs/performance.md).
fn postgres_page(
    rarest: &Term,
    others: &[(Term, i64)],
    query: &SearchQuery,
    page: Page,
    params: &mut Params,
) -> String {
    let mut conditions = vec![format!(
        "r.{} = {}",
        rarest.column,
        params.add(rarest.value.as_str())
    )];
    for (term, _) in others {
        let p = params.add(term.value.as_str());
        conditions.push(has_term(term, &p, "r.listing"));
    }
    let filters = filters(query, "p", params);
    if !filters.is_empty() {
        conditions.push(format!(
            "(SELECT 1 FROM listings p WHERE p.number = r.listing AND {}) IS NOT NULL",
            filters.join(" AND ")
        ));
    }
    format!(
        "SELECT r.listing FROM {} r WHERE {} ORDER BY r.updated_at DESC, r.listing DESC {}",
        rarest.table,
        conditions.join(" AND "),
        page.clause()
    )
}

/// SQLite's page (and PostgreSQL's when the query has no terms): walk the listings newest
/// first, checking each, or start from the rarest term's listings when
/// [`start_from_rarest`] says that reads fewer.
fn sqlite_page(
    ranked: &[(Term, i64)],
    size: i64,
    query: &SearchQuery,
    page: Page,
    params: &mut Params,
) -> String {
    let counts: Vec<i64> = ranked.iter().map(|(_, count)| *count).collect();
    let drive = start_from_rarest(
        &counts,
        size,
        query.phase.is_some(),
        query.looking_for_partners.is_some(),
        page.end(),
    );
    let mut conditions = Vec::new();
    for (n, (term, _)) in ranked.iter().enumerate() {
        let p = params.add(term.value.as_str());
        if n == 0 && drive {
            // SQLite starts from the subquery's listings as asked.
            conditions.push(format!(
                "s.number IN (SELECT listing FROM {} WHERE {} = {p})",
                term.table, term.column
            ));
        } else {
            conditions.push(has_term(term, &p, "s.number"));
        }
    }
    conditions.extend(filters(query, "s", params));
    let where_clause = if conditions.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", conditions.join(" AND "))
    };
    format!(
        "SELECT s.number FROM listings s {where_clause} ORDER BY s.updated_at DESC, s.number DESC {}",
        page.clause()
    )
}

impl Store {
    /// Finds listings matching every part of the query, most recently updated first.
    pub async fn search(&self, query: &SearchQuery) -> Result<SearchResults, Error> {
        let page = Page::of(query)?;
        let terms = terms(query)?;
        let (counts, size) = self.term_counts(&terms).await?;
        let Some(ranked) = rarest_first(terms, &counts) else {
            return Ok(SearchResults {
                listings: Vec::new(),
                next_offset: None,
            });
        };
        let mut params = Params::default();
        let page_numbers = match (&self.backend, ranked.split_first()) {
            (Backend::Postgres(_), Some(((rarest, _), others))) => {
                postgres_page(rarest, others, query, page, &mut params)
            }
            _ => sqlite_page(&ranked, size, query, page, &mut params),
        };
        // The page is chosen from the search indexes alone (number, update time, phase, partners),
        // and only its listings are read in full.
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM listings l JOIN organisations o ON o.id = l.owner_id WHERE l.number IN \
             ({page_numbers}) ORDER BY l.updated_at DESC, l.number DESC"
        );
        let rows = self.backend.query(Statement::new(sql, params.0)).await?;
        let more = rows.len() > page.limit as usize;
        let listings = rows
            .iter()
            .take(page.limit as usize)
            .map(summary_from_row)
            .collect::<Result<Vec<_>, Error>>()?;
        Ok(SearchResults {
            listings,
            next_offset: more.then_some(page.offset + page.limit),
        })
    }

    /// How many listings have each term (by its key), and the directory's size (its newest
    /// number), in one trip; nothing to read when there are no terms.
    async fn term_counts(&self, terms: &[Term]) -> Result<(BTreeMap<String, i64>, i64), Error> {
        let mut counts = BTreeMap::new();
        let mut size = 0;
        if terms.is_empty() {
            return Ok((counts, size));
        }
        let keys: Vec<Value> = terms.iter().map(|t| Value::from(&t.key)).collect();
        let sql = format!(
            "SELECT word, listings FROM word_frequency WHERE word IN ({}) \
             UNION ALL SELECT '', COALESCE(MAX(number), 0) FROM listings",
            placeholders(1, keys.len())
        );
        for row in self.backend.query(Statement::new(sql, keys)).await? {
            match row.text("word")?.as_str() {
                "" => size = row.int("listings")?,
                word => {
                    counts.insert(word.to_string(), row.int("listings")?);
                }
            }
        }
        Ok((counts, size))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_starts_from_a_rare_term_and_walks_for_common_ones() {
        // A word in six of 50,000 listings: read those six.
        assert!(start_from_rarest(&[6], 50_000, false, false, 21));
        // A word in most listings: walking finds a page within a few dozen.
        assert!(!start_from_rarest(&[40_000], 50_000, false, false, 21));
        // Each term common, together rare: walking would read most of the directory.
        assert!(start_from_rarest(
            &[2_000, 5_000, 20_000],
            50_000,
            true,
            false,
            21
        ));
        // Deep pages walk further, so they start from the rarest term sooner.
        assert!(!start_from_rarest(&[3_000], 50_000, false, false, 21));
        assert!(start_from_rarest(&[3_000], 50_000, false, false, 1_000));
    }
}
