//! The store: every SQL statement the server runs, on SQLite or PostgreSQL alike.
//!
//! No other module knows SQL. Statements are written once in the SQL both databases speak;
//! `backend` runs them. Writes that touch several tables run in one transaction. Every
//! transaction that records an event first takes a lock (SQLite's write lock; a PostgreSQL
//! advisory lock), so events commit in the order of their sequence numbers and a feed
//! reader that has seen event N can never later find an event below N appear.

mod backend;
mod sync;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use pipeline_protocol::{
    Contact, Feed, FeedItem, FeedItemKind, JoinDecision, JoinRequest, JoinState, LIMITS, ListedOrganisation, Listing,
    ListingDraft, ListingId, ListingSummary, Member, OrganisationKind, OrganisationSummary, PartyRole, SearchQuery,
    SearchResults, SimilarListing, StatusUpdate, Subscriptions,
};
use uuid::Uuid;

pub use backend::{Backend, Migration, Row, Statement, Value};
pub(crate) use backend::hex;
pub use sync::{SyncFailure, SyncSettings};

use crate::{Error, places, token, words};

const SQLITE_MIGRATIONS: &[Migration] = &[
    Migration { version: 1, name: "directory", sql: include_str!("../../migrations/sqlite/0001_directory.sql") },
    Migration { version: 2, name: "search_indexes", sql: include_str!("../../migrations/sqlite/0002_search_indexes.sql") },
    Migration { version: 3, name: "terms_newest_first", sql: include_str!("../../migrations/sqlite/0003_terms_newest_first.sql") },
    Migration { version: 4, name: "sync", sql: include_str!("../../migrations/sqlite/0004_sync.sql") },
];
const POSTGRES_MIGRATIONS: &[Migration] = &[
    Migration { version: 1, name: "directory", sql: include_str!("../../migrations/postgres/0001_directory.sql") },
    Migration { version: 2, name: "search_indexes", sql: include_str!("../../migrations/postgres/0002_search_indexes.sql") },
    Migration { version: 3, name: "terms_newest_first", sql: include_str!("../../migrations/postgres/0003_terms_newest_first.sql") },
    Migration { version: 4, name: "sync", sql: include_str!("../../migrations/postgres/0004_sync.sql") },
];

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

/// Whether a search on SQLite should start from the listings of its rarest term (`counts` are the
/// terms' listing counts, rarest first) rather than walk all listings newest first, checking
/// each. Starting from the rarest term reads that many listings; walking reads about
/// `page_end / selectivity`, with the terms (and a phase, one of six, or a looking-for-partners
/// flag, one of two) taken as independent. Whichever reads fewer wins. (PostgreSQL always
/// reads the rarest term's listings newest first, from migration 3's index.)
pub fn start_from_rarest(counts: &[i64], size: i64, phase: bool, partners: bool, page_end: i64) -> bool {
    let Some(&rarest) = counts.first() else { return false };
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

/// The user a request acts for, and the organisation they act on behalf of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: Uuid,
    pub organisation: OrganisationSummary,
}

/// An account as `pipeline admin list` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenRecord {
    pub id: Uuid,
    pub label: String,
    pub user: String,
    pub organisation: String,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// The directory's database.
#[derive(Debug, Clone)]
pub struct Store {
    backend: Backend,
}

fn ms(at: DateTime<Utc>) -> i64 {
    at.timestamp_millis()
}

fn time(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

fn uuid(text: &str) -> Result<Uuid, Error> {
    Uuid::parse_str(text).map_err(|e| Error::Database(format!("a stored id '{text}' is not a UUID: {e}")))
}

fn word<T: std::str::FromStr>(text: &str, what: &str) -> Result<T, Error> {
    text.parse().map_err(|_| Error::Database(format!("a stored {what} '{text}' is not one of the allowed words")))
}

fn date(text: Option<String>) -> Result<Option<NaiveDate>, Error> {
    text.map(|t| t.parse().map_err(|e| Error::Database(format!("a stored date '{t}': {e}")))).transpose()
}

fn json<T: serde::de::DeserializeOwned>(text: &str, what: &str) -> Result<T, Error> {
    serde_json::from_str(text).map_err(|e| Error::Database(format!("stored {what} are not valid: {e}")))
}

fn to_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".into())
}

fn s(sql: &'static str, params: Vec<Value>) -> Statement {
    Statement::new(sql, params)
}

/// `$first, $first+1, ...` for `count` values, for `IN (...)` lists.
fn placeholders(first: usize, count: usize) -> String {
    (first..first + count).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}

const LISTING_COLUMNS: &str = "l.number, l.id, l.owner_id, o.name AS owner_name, l.title, l.problem, l.outcomes, l.phase, l.status, \
     l.collaboration_level, l.budget_band, l.looking_for_partners, l.start_date, l.review_date, l.contact, \
     l.organisations, l.tags, l.published_at, l.updated_at";

const SUMMARY_COLUMNS: &str = "l.number, l.id, l.title, o.name AS owner_name, substr(l.problem, 1, 280) AS problem, l.tags, l.phase, \
     l.status, l.collaboration_level, l.looking_for_partners, l.updated_at";

fn listing_from_row(row: &Row, members: Vec<Member>) -> Result<Listing, Error> {
    Ok(Listing {
        id: ListingId(uuid(&row.text("id")?)?),
        number: row.int("number")?,
        owner: OrganisationSummary { id: uuid(&row.text("owner_id")?)?, name: row.text("owner_name")? },
        title: row.text("title")?,
        problem: row.text("problem")?,
        outcomes: row.text("outcomes")?,
        tags: json(&row.text("tags")?, "tags")?,
        phase: word(&row.text("phase")?, "phase")?,
        status: word(&row.text("status")?, "status")?,
        organisations: json::<Vec<ListedOrganisation>>(&row.text("organisations")?, "organisations")?,
        contact: row.opt_text("contact")?.map(|c| json::<Option<Contact>>(&c, "contact")).transpose()?.flatten(),
        collaboration_level: word(&row.text("collaboration_level")?, "collaboration level")?,
        budget_band: row.opt_text("budget_band")?.map(|b| word(&b, "budget band")).transpose()?,
        looking_for_partners: row.bool("looking_for_partners")?,
        start_date: date(row.opt_text("start_date")?)?,
        review_date: date(row.opt_text("review_date")?)?,
        members,
        published_at: time(row.int("published_at")?),
        last_updated: time(row.int("updated_at")?),
    })
}

fn summary_from_row(row: &Row) -> Result<ListingSummary, Error> {
    Ok(ListingSummary {
        id: ListingId(uuid(&row.text("id")?)?),
        number: row.int("number")?,
        title: row.text("title")?,
        owner: row.text("owner_name")?,
        problem: row.text("problem")?,
        tags: json(&row.text("tags")?, "tags")?,
        phase: word(&row.text("phase")?, "phase")?,
        status: word(&row.text("status")?, "status")?,
        collaboration_level: word(&row.text("collaboration_level")?, "collaboration level")?,
        looking_for_partners: row.bool("looking_for_partners")?,
        last_updated: time(row.int("updated_at")?),
    })
}

impl Store {
    /// Opens the database named by `db`, a `postgres://` URL or an SQLite file's path
    /// (created if missing), and brings its schema up to date.
    pub async fn open(db: &str, now: DateTime<Utc>) -> Result<Store, Error> {
        Store::open_with(db, 10, now).await
    }

    /// As [`Store::open`], with at most `connections` PostgreSQL connections.
    pub async fn open_with(db: &str, connections: u32, now: DateTime<Utc>) -> Result<Store, Error> {
        let (backend, migrations) = if db.starts_with("postgres://") || db.starts_with("postgresql://") {
            (Backend::postgres(db, connections).await?, POSTGRES_MIGRATIONS)
        } else {
            let path = Path::new(db.strip_prefix("sqlite://").unwrap_or(db));
            (Backend::sqlite(path).await?, SQLITE_MIGRATIONS)
        };
        backend.migrate(migrations, ms(now)).await?;
        Ok(Store { backend })
    }

    /// `sqlite` or `postgres`.
    pub fn database(&self) -> &'static str {
        self.backend.name()
    }

    /// Whether the database answers.
    pub async fn ping(&self) -> Result<(), Error> {
        self.backend.query(s("SELECT 1 AS one", vec![])).await.map(drop)
    }

    /// The lock that keeps events in commit order (SQLite's own write lock does it there).
    fn event_lock(&self) -> Option<Statement> {
        match self.backend {
            Backend::Postgres(_) => Some(s("SELECT pg_advisory_xact_lock(7340233)", vec![])),
            Backend::Sqlite(_) => None,
        }
    }

    async fn write(&self, statements: Vec<Statement>) -> Result<Vec<u64>, Error> {
        let lock = self.event_lock();
        let skip = usize::from(lock.is_some());
        let mut counts = self.backend.transaction(lock.into_iter().chain(statements).collect()).await?;
        Ok(counts.split_off(skip))
    }

    // ---- accounts -------------------------------------------------------------------------

    pub async fn create_organisation(
        &self,
        name: &str,
        kind: OrganisationKind,
        gss_code: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<OrganisationSummary, Error> {
        let name = name.trim();
        if name.is_empty() {
            return Err(Error::invalid("name", "The organisation's name cannot be empty."));
        }
        let existing = self.backend.query_one(s("SELECT id FROM organisations WHERE name = $1", vec![name.into()])).await?;
        if existing.is_some() {
            return Err(Error::Conflict(format!("An organisation called '{name}' already exists.")));
        }
        let id = Uuid::now_v7();
        let gss_code = gss_code.map(|c| c.trim().to_ascii_uppercase()).filter(|c| !c.is_empty());
        self.backend
            .transaction(vec![s(
                "INSERT INTO organisations (id, name, kind, gss_code, created_at) VALUES ($1, $2, $3, $4, $5)",
                vec![id.to_string().into(), name.into(), kind.as_str().into(), gss_code.into(), ms(now).into()],
            )])
            .await?;
        Ok(OrganisationSummary { id, name: name.to_string() })
    }

    pub async fn create_user(&self, organisation: Uuid, name: &str, email: &str, now: DateTime<Utc>) -> Result<Uuid, Error> {
        let org = self.backend.query_one(s("SELECT id FROM organisations WHERE id = $1", vec![organisation.to_string().into()])).await?;
        if org.is_none() {
            return Err(Error::NotFound(format!("Organisation {organisation}")));
        }
        let id = Uuid::now_v7();
        self.backend
            .transaction(vec![s(
                "INSERT INTO users (id, organisation_id, name, email, feed_seen, created_at) VALUES ($1, $2, $3, $4, 0, $5)",
                vec![id.to_string().into(), organisation.to_string().into(), name.trim().into(), email.trim().into(), ms(now).into()],
            )])
            .await?;
        Ok(id)
    }

    /// Makes a token for a user. The token is returned once; only its hash is stored.
    pub async fn create_token(&self, user: Uuid, label: &str, now: DateTime<Utc>) -> Result<(Uuid, String), Error> {
        let found = self.backend.query_one(s("SELECT id FROM users WHERE id = $1", vec![user.to_string().into()])).await?;
        if found.is_none() {
            return Err(Error::NotFound(format!("User {user}")));
        }
        let id = Uuid::now_v7();
        let secret = token::generate()?;
        self.backend
            .transaction(vec![s(
                "INSERT INTO tokens (id, user_id, hash, label, created_at) VALUES ($1, $2, $3, $4, $5)",
                vec![id.to_string().into(), user.to_string().into(), token::hash(&secret).into(), label.trim().into(), ms(now).into()],
            )])
            .await?;
        Ok((id, secret))
    }

    /// Revokes a token for good; requests that carry it are refused from then on.
    pub async fn revoke_token(&self, id: Uuid, now: DateTime<Utc>) -> Result<(), Error> {
        let counts = self
            .backend
            .transaction(vec![s(
                "UPDATE tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL",
                vec![ms(now).into(), id.to_string().into()],
            )])
            .await?;
        if counts[0] == 0 {
            let exists = self.backend.query_one(s("SELECT id FROM tokens WHERE id = $1", vec![id.to_string().into()])).await?;
            return Err(match exists {
                Some(_) => Error::Conflict(format!("Token {id} was already revoked.")),
                None => Error::NotFound(format!("Token {id}")),
            });
        }
        Ok(())
    }

    pub async fn tokens(&self) -> Result<Vec<TokenRecord>, Error> {
        let rows = self
            .backend
            .query(s(
                "SELECT t.id, t.label, u.name AS user_name, o.name AS org_name, t.created_at, t.revoked_at \
                 FROM tokens t JOIN users u ON u.id = t.user_id JOIN organisations o ON o.id = u.organisation_id ORDER BY t.created_at",
                vec![],
            ))
            .await?;
        rows.iter()
            .map(|r| {
                Ok(TokenRecord {
                    id: uuid(&r.text("id")?)?,
                    label: r.text("label")?,
                    user: r.text("user_name")?,
                    organisation: r.text("org_name")?,
                    created_at: time(r.int("created_at")?),
                    revoked_at: r.opt_int("revoked_at")?.map(time),
                })
            })
            .collect()
    }

    /// Who a bearer token acts for; refuses unknown and revoked tokens alike.
    pub async fn actor(&self, secret: &str) -> Result<Actor, Error> {
        let row = self
            .backend
            .query_one(s(
                "SELECT u.id AS user_id, o.id AS org_id, o.name AS org_name, t.revoked_at FROM tokens t \
                 JOIN users u ON u.id = t.user_id JOIN organisations o ON o.id = u.organisation_id WHERE t.hash = $1",
                vec![token::hash(secret).into()],
            ))
            .await?
            .ok_or(Error::Unauthorised("This token is not known to the server."))?;
        if row.opt_int("revoked_at")?.is_some() {
            return Err(Error::Unauthorised("This token has been revoked."));
        }
        Ok(Actor {
            user_id: uuid(&row.text("user_id")?)?,
            organisation: OrganisationSummary { id: uuid(&row.text("org_id")?)?, name: row.text("org_name")? },
        })
    }

    // ---- the directory --------------------------------------------------------------------

    /// Publishes a listing for the actor's organisation, or, when the draft names a workspace
    /// this organisation has already published, updates that listing. Returns the listing and
    /// whether it is new.
    pub async fn publish(&self, actor: &Actor, draft: ListingDraft, now: DateTime<Utc>) -> Result<(Listing, bool), Error> {
        let draft = draft.normalised()?;
        if let Some(workspace) = draft.workspace_id {
            let existing = self
                .backend
                .query_one(s(
                    "SELECT id FROM listings WHERE owner_id = $1 AND workspace_id = $2",
                    vec![actor.organisation.id.to_string().into(), workspace.to_string().into()],
                ))
                .await?;
            if let Some(row) = existing {
                let id = ListingId(uuid(&row.text("id")?)?);
                return Ok((self.update(actor, id, draft, now).await?, false));
            }
        }
        let id = ListingId(Uuid::now_v7());
        let owner_gss = self.organisation_gss(actor.organisation.id).await?;
        let mut statements = vec![s(
            "INSERT INTO listings (id, owner_id, workspace_id, title, problem, outcomes, phase, status, collaboration_level, \
             budget_band, looking_for_partners, start_date, review_date, contact, organisations, tags, published_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17)",
            vec![
                id.to_string().into(),
                actor.organisation.id.to_string().into(),
                draft.workspace_id.map(|w| w.to_string()).into(),
                draft.title.clone().into(),
                draft.problem.clone().into(),
                draft.outcomes.clone().into(),
                draft.phase.as_str().into(),
                draft.status.as_str().into(),
                draft.collaboration_level.as_str().into(),
                draft.budget_band.map(|b| b.as_str()).into(),
                draft.looking_for_partners.into(),
                draft.start_date.map(|d| d.to_string()).into(),
                draft.review_date.map(|d| d.to_string()).into(),
                draft.contact.as_ref().map(to_json).into(),
                to_json(&draft.organisations).into(),
                to_json(&draft.tags).into(),
                ms(now).into(),
            ],
        )];
        statements.extend(index_statements(id, &draft, owner_gss.as_deref()));
        statements.push(s(
            "INSERT INTO memberships (listing, organisation_id, role, since) SELECT number, $2, 'lead', $3 FROM listings WHERE id = $1",
            vec![id.to_string().into(), actor.organisation.id.to_string().into(), ms(now).into()],
        ));
        statements.push(event(FeedItemKind::NewListing, id, actor.organisation.id, None, "", now));
        self.write(statements).await?;
        Ok((self.listing(id).await?, true))
    }

    /// Replaces a listing's content; only the organisation that owns it may.
    pub async fn update(&self, actor: &Actor, id: ListingId, draft: ListingDraft, now: DateTime<Utc>) -> Result<Listing, Error> {
        let draft = draft.normalised()?;
        self.owned(actor, id).await?;
        let owner_gss = self.organisation_gss(actor.organisation.id).await?;
        let key = || Value::from(id.to_string());
        let mut statements = vec![
            s(
                "UPDATE word_frequency SET listings = listings - 1 WHERE word IN \
                 (SELECT word FROM listing_words WHERE listing = (SELECT number FROM listings WHERE id = $1) \
                  UNION ALL SELECT '#' || tag FROM listing_tags WHERE listing = (SELECT number FROM listings WHERE id = $1) \
                  UNION ALL SELECT '@' || place FROM listing_places WHERE listing = (SELECT number FROM listings WHERE id = $1))",
                vec![key()],
            ),
            s("DELETE FROM listing_tags WHERE listing = (SELECT number FROM listings WHERE id = $1)", vec![key()]),
            s("DELETE FROM listing_words WHERE listing = (SELECT number FROM listings WHERE id = $1)", vec![key()]),
            s("DELETE FROM listing_places WHERE listing = (SELECT number FROM listings WHERE id = $1)", vec![key()]),
            s(
                "UPDATE listings SET title = $3, problem = $4, outcomes = $5, phase = $6, status = $7, collaboration_level = $8, \
                 budget_band = $9, looking_for_partners = $10, start_date = $11, review_date = $12, contact = $13, \
                 organisations = $14, tags = $15, updated_at = $16 WHERE id = $1 AND owner_id = $2",
                vec![
                    key(),
                    actor.organisation.id.to_string().into(),
                    draft.title.clone().into(),
                    draft.problem.clone().into(),
                    draft.outcomes.clone().into(),
                    draft.phase.as_str().into(),
                    draft.status.as_str().into(),
                    draft.collaboration_level.as_str().into(),
                    draft.budget_band.map(|b| b.as_str()).into(),
                    draft.looking_for_partners.into(),
                    draft.start_date.map(|d| d.to_string()).into(),
                    draft.review_date.map(|d| d.to_string()).into(),
                    draft.contact.as_ref().map(to_json).into(),
                    to_json(&draft.organisations).into(),
                    to_json(&draft.tags).into(),
                    ms(now).into(),
                ],
            ),
        ];
        statements.extend(index_statements(id, &draft, owner_gss.as_deref()));
        self.write(statements).await?;
        self.listing(id).await
    }

    async fn organisation_gss(&self, organisation: Uuid) -> Result<Option<String>, Error> {
        let row = self
            .backend
            .query_one(s("SELECT gss_code FROM organisations WHERE id = $1", vec![organisation.to_string().into()]))
            .await?;
        row.map(|r| r.opt_text("gss_code")).transpose().map(Option::flatten)
    }

    /// Refuses unless the listing exists and the actor's organisation owns it; returns its number.
    async fn owned(&self, actor: &Actor, id: ListingId) -> Result<i64, Error> {
        let row = self
            .backend
            .query_one(s("SELECT number, owner_id FROM listings WHERE id = $1", vec![id.to_string().into()]))
            .await?
            .ok_or_else(|| Error::NotFound(format!("Listing {id}")))?;
        if row.text("owner_id")? != actor.organisation.id.to_string() {
            return Err(Error::Forbidden(format!(
                "Listing {id} belongs to another organisation; {} can change only its own listings.",
                actor.organisation.name
            )));
        }
        row.int("number")
    }

    async fn number(&self, id: ListingId) -> Result<i64, Error> {
        let row = self
            .backend
            .query_one(s("SELECT number FROM listings WHERE id = $1", vec![id.to_string().into()]))
            .await?
            .ok_or_else(|| Error::NotFound(format!("Listing {id}")))?;
        row.int("number")
    }

    pub async fn listing(&self, id: ListingId) -> Result<Listing, Error> {
        self.listing_where("l.id = $1", id.to_string().into(), &format!("Listing {id}")).await
    }

    pub async fn listing_by_number(&self, number: i64) -> Result<Listing, Error> {
        self.listing_where("l.number = $1", number.into(), &format!("Project {number}")).await
    }

    async fn listing_where(&self, condition: &str, key: Value, what: &str) -> Result<Listing, Error> {
        // The listing and its members in one trip to the database: a row per member, each
        // repeating the listing's columns (a listing always has at least its lead).
        let sql = format!(
            "SELECT {LISTING_COLUMNS}, m.organisation_id AS member_id, mo.name AS member_name, m.role AS member_role, m.since AS member_since \
             FROM listings l JOIN organisations o ON o.id = l.owner_id LEFT JOIN memberships m ON m.listing = l.number \
             LEFT JOIN organisations mo ON mo.id = m.organisation_id WHERE {condition} ORDER BY m.since, mo.name"
        );
        let rows = self.backend.query(Statement::new(sql, vec![key])).await?;
        let first = rows.first().ok_or_else(|| Error::NotFound(what.to_string()))?;
        let mut members = Vec::with_capacity(rows.len());
        for m in &rows {
            let Some(member) = m.opt_text("member_id")? else { continue };
            members.push(Member {
                organisation: OrganisationSummary { id: uuid(&member)?, name: m.text("member_name")? },
                role: word::<PartyRole>(&m.text("member_role")?, "role")?,
                since: time(m.int("member_since")?),
            });
        }
        listing_from_row(first, members)
    }

    /// Listings numbered after `after`, in the order they were first published, for the legacy
    /// routes (without members). Paging by number costs the same on the last page as the first.
    pub async fn listings_in_order(&self, limit: u32, after: i64) -> Result<Vec<Listing>, Error> {
        let sql = format!(
            "SELECT {LISTING_COLUMNS} FROM listings l JOIN organisations o ON o.id = l.owner_id WHERE l.number > $1 ORDER BY l.number LIMIT {limit}"
        );
        let rows = self.backend.query(Statement::new(sql, vec![after.into()])).await?;
        rows.iter().map(|r| listing_from_row(r, Vec::new())).collect()
    }

    /// Finds listings matching every part of the query, most recently updated first.
    pub async fn search(&self, query: &SearchQuery) -> Result<SearchResults, Error> {
        let limit = query.limit.unwrap_or(20);
        if limit == 0 || limit > LIMITS.page {
            return Err(Error::invalid("limit", format!("The page size must be from 1 to {}.", LIMITS.page)));
        }
        let offset = query.offset.unwrap_or(0);
        let search_words: Vec<String> = words::words(query.q.as_deref().unwrap_or("")).into_iter().collect();
        if search_words.len() > LIMITS.search_words {
            return Err(Error::invalid("q", format!("Search for at most {} words at once.", LIMITS.search_words)));
        }
        let tags = query.tag_list();
        if tags.len() > LIMITS.tags {
            return Err(Error::invalid("tags", format!("Search for at most {} tags at once.", LIMITS.tags)));
        }
        let mut places = Vec::new();
        if let Some(nation) = query.nation {
            places.push(places::nation_key(nation));
        }
        if let Some(region) = query.region.as_deref().map(str::trim).filter(|r| !r.is_empty()) {
            let known = places::known_regions();
            if !known.iter().any(|k| k.eq_ignore_ascii_case(region)) {
                return Err(Error::invalid("region", format!("'{region}' is not a region: expected one of {}.", known.join(", "))));
            }
            places.push(places::region_key(region));
        }

        // Each term is a (table, column, value, key in word_frequency).
        let mut terms: Vec<(&str, &str, String, String)> = Vec::new();
        terms.extend(search_words.iter().map(|w| ("listing_words", "word", w.clone(), w.clone())));
        terms.extend(tags.iter().map(|t| ("listing_tags", "tag", t.clone(), format!("#{t}"))));
        terms.extend(places.iter().map(|p| ("listing_places", "place", p.clone(), format!("@{p}"))));
        let mut frequency: BTreeMap<String, i64> = BTreeMap::new();
        let mut size = 0;
        if !terms.is_empty() {
            // The terms' counts, and the directory's size (its newest number) in the same trip.
            let keys: Vec<Value> = terms.iter().map(|t| Value::from(&t.3)).collect();
            let sql = format!(
                "SELECT word, listings FROM word_frequency WHERE word IN ({}) \
                 UNION ALL SELECT '', COALESCE(MAX(number), 0) FROM listings",
                placeholders(1, keys.len())
            );
            for row in self.backend.query(Statement::new(sql, keys)).await? {
                match row.text("word")?.as_str() {
                    "" => size = row.int("listings")?,
                    word => {
                        frequency.insert(word.to_string(), row.int("listings")?);
                    }
                }
            }
        }
        if terms.iter().any(|t| frequency.get(&t.3).copied().unwrap_or(0) <= 0) {
            // A term no listing has: nothing can match.
            return Ok(SearchResults { listings: Vec::new(), next_offset: None });
        }
        terms.sort_by_key(|t| frequency.get(&t.3).copied().unwrap_or(0));
        let counts: Vec<i64> = terms.iter().map(|t| frequency.get(&t.3).copied().unwrap_or(0)).collect();
        let mut params: Vec<Value> = Vec::new();
        let param = |value: Value, params: &mut Vec<Value>| {
            params.push(value);
            format!("${}", params.len())
        };
        // A scalar subquery, not EXISTS: PostgreSQL would turn EXISTS into a join and then sort
        // every match, where this checks candidates in order and stops at a page.
        let check = |table: &str, column: &str, p: &str, listing: &str| {
            format!("(SELECT 1 FROM {table} x WHERE x.{column} = {p} AND x.listing = {listing}) IS NOT NULL")
        };
        let page = format!("LIMIT {} OFFSET {offset}", limit + 1);
        let page_numbers = match (&self.backend, terms.split_first()) {
            // PostgreSQL reads the rarest term's listings newest first from its index of update
            // times (migration 3), checks each against the other terms, and stops at a page: it
            // never looks up a listing only to learn its update time. Those lookups, one per
            // listing of the term, were most of PostgreSQL's search time (docs/performance.md).
            (Backend::Postgres(_), Some(((table, column, value, _), others))) => {
                let mut conditions = vec![format!("r.{column} = {}", param(value.clone().into(), &mut params))];
                for (table, column, value, _) in others {
                    let p = param(value.clone().into(), &mut params);
                    conditions.push(check(table, column, &p, "r.listing"));
                }
                let mut filters = Vec::new();
                if let Some(phase) = query.phase {
                    filters.push(format!("p.phase = {}", param(phase.as_str().into(), &mut params)));
                }
                if let Some(looking) = query.looking_for_partners {
                    filters.push(format!("p.looking_for_partners = {}", param(looking.into(), &mut params)));
                }
                if !filters.is_empty() {
                    conditions.push(format!(
                        "(SELECT 1 FROM listings p WHERE p.number = r.listing AND {}) IS NOT NULL",
                        filters.join(" AND ")
                    ));
                }
                format!("SELECT r.listing FROM {table} r WHERE {} ORDER BY r.updated_at DESC, r.listing DESC {page}", conditions.join(" AND "))
            }
            _ => {
                let page_end = i64::from(offset) + i64::from(limit) + 1;
                let (phase, partners) = (query.phase.is_some(), query.looking_for_partners.is_some());
                let drive = start_from_rarest(&counts, size, phase, partners, page_end);
                let mut conditions = Vec::new();
                for (n, (table, column, value, _)) in terms.iter().enumerate() {
                    let p = param(value.clone().into(), &mut params);
                    if n == 0 && drive {
                        // SQLite starts from the subquery's listings as asked.
                        conditions.push(format!("s.number IN (SELECT listing FROM {table} WHERE {column} = {p})"));
                    } else {
                        conditions.push(check(table, column, &p, "s.number"));
                    }
                }
                if let Some(phase) = query.phase {
                    let p = param(phase.as_str().into(), &mut params);
                    conditions.push(format!("s.phase = {p}"));
                }
                if let Some(looking) = query.looking_for_partners {
                    let p = param(looking.into(), &mut params);
                    conditions.push(format!("s.looking_for_partners = {p}"));
                }
                let where_clause = if conditions.is_empty() { String::new() } else { format!("WHERE {}", conditions.join(" AND ")) };
                format!("SELECT s.number FROM listings s {where_clause} ORDER BY s.updated_at DESC, s.number DESC {page}")
            }
        };
        // The page's bounds are written into the statement (they are checked numbers), so that a
        // cached PostgreSQL plan knows it needs only a page, not every match.
        // The page is chosen from the search indexes alone (number, update time, phase, partners),
        // and only its listings are read in full.
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM listings l JOIN organisations o ON o.id = l.owner_id WHERE l.number IN \
             ({page_numbers}) ORDER BY l.updated_at DESC, l.number DESC"
        );
        let rows = self.backend.query(Statement::new(sql, params)).await?;
        let more = rows.len() > limit as usize;
        let listings = rows.iter().take(limit as usize).map(summary_from_row).collect::<Result<Vec<_>, Error>>()?;
        Ok(SearchResults { listings, next_offset: more.then_some(offset + limit) })
    }

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
            for row in self.backend.query(Statement::new(parts.join(" UNION ALL "), params)).await? {
                tags_of.entry(row.int("listing")?).or_default().push(row.text("tag")?);
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
                words_of.entry(row.int("listing")?).or_default().push(row.text("word")?);
            }
        }
        let mut scored: Vec<(i64, i64)> = tags_of
            .keys()
            .chain(words_of.keys())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .map(|n| {
                let points = 3 * tags_of.get(n).map_or(0, Vec::len) + words_of.get(n).map_or(0, Vec::len);
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
        let order: BTreeMap<&String, usize> = listing.tags.iter().enumerate().map(|(i, t)| (t, i)).collect();
        Ok(scored
            .into_iter()
            .filter_map(|(score, n)| {
                let mut shared_tags = tags_of.remove(&n).unwrap_or_default();
                shared_tags.sort_by_key(|t| order.get(t).copied());
                Some(SimilarListing { listing: summaries.remove(&n)?, shared_tags, shared_words: words_of.remove(&n).unwrap_or_default(), score })
            })
            .collect())
    }

    // ---- status updates -------------------------------------------------------------------

    pub async fn post_update(&self, actor: &Actor, id: ListingId, text: &str, now: DateTime<Utc>) -> Result<StatusUpdate, Error> {
        let text = text.trim();
        if text.is_empty() {
            return Err(Error::invalid("text", "A status update cannot be empty."));
        }
        if text.chars().count() > LIMITS.long_text {
            return Err(Error::invalid("text", format!("A status update may be at most {} characters long.", LIMITS.long_text)));
        }
        let number = self.owned(actor, id).await?;
        let update_id = Uuid::now_v7();
        self.write(vec![
            s(
                "INSERT INTO status_updates (id, listing, organisation_id, text, posted_at) VALUES ($1, $2, $3, $4, $5)",
                vec![update_id.to_string().into(), number.into(), actor.organisation.id.to_string().into(), text.into(), ms(now).into()],
            ),
            s("UPDATE listings SET updated_at = $1 WHERE number = $2", vec![ms(now).into(), number.into()]),
            // The search terms' copies of the update time (migration 3).
            s("UPDATE listing_tags SET updated_at = $1 WHERE listing = $2", vec![ms(now).into(), number.into()]),
            s("UPDATE listing_words SET updated_at = $1 WHERE listing = $2", vec![ms(now).into(), number.into()]),
            s("UPDATE listing_places SET updated_at = $1 WHERE listing = $2", vec![ms(now).into(), number.into()]),
            event(FeedItemKind::StatusUpdate, id, actor.organisation.id, None, text, now),
        ])
        .await?;
        Ok(StatusUpdate { id: update_id, listing: id, organisation: actor.organisation.clone(), text: text.to_string(), posted_at: now })
    }

    pub async fn updates(&self, id: ListingId) -> Result<Vec<StatusUpdate>, Error> {
        let number = self.number(id).await?;
        let rows = self
            .backend
            .query(s(
                "SELECT u.id, u.organisation_id, o.name, u.text, u.posted_at FROM status_updates u \
                 JOIN organisations o ON o.id = u.organisation_id WHERE u.listing = $1 ORDER BY u.posted_at DESC, u.id DESC",
                vec![number.into()],
            ))
            .await?;
        rows.iter()
            .map(|r| {
                Ok(StatusUpdate {
                    id: uuid(&r.text("id")?)?,
                    listing: id,
                    organisation: OrganisationSummary { id: uuid(&r.text("organisation_id")?)?, name: r.text("name")? },
                    text: r.text("text")?,
                    posted_at: time(r.int("posted_at")?),
                })
            })
            .collect()
    }

    // ---- watches, subscriptions and the feed ----------------------------------------------

    pub async fn watch(&self, actor: &Actor, id: ListingId, now: DateTime<Utc>) -> Result<(), Error> {
        let number = self.number(id).await?;
        self.backend
            .transaction(vec![s(
                "INSERT INTO watches (user_id, listing, since) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                vec![actor.user_id.to_string().into(), number.into(), ms(now).into()],
            )])
            .await
            .map(drop)
    }

    pub async fn unwatch(&self, actor: &Actor, id: ListingId) -> Result<(), Error> {
        let number = self.number(id).await?;
        self.backend
            .transaction(vec![s("DELETE FROM watches WHERE user_id = $1 AND listing = $2", vec![actor.user_id.to_string().into(), number.into()])])
            .await
            .map(drop)
    }

    /// Subscribes to a tag; returns the tag as stored (lower case).
    pub async fn subscribe(&self, actor: &Actor, tag: &str, now: DateTime<Utc>) -> Result<String, Error> {
        let tag = subscription_tag(tag)?;
        self.backend
            .transaction(vec![s(
                "INSERT INTO subscriptions (user_id, tag, since) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                vec![actor.user_id.to_string().into(), tag.clone().into(), ms(now).into()],
            )])
            .await?;
        Ok(tag)
    }

    pub async fn unsubscribe(&self, actor: &Actor, tag: &str) -> Result<(), Error> {
        let tag = subscription_tag(tag)?;
        self.backend
            .transaction(vec![s("DELETE FROM subscriptions WHERE user_id = $1 AND tag = $2", vec![actor.user_id.to_string().into(), tag.into()])])
            .await
            .map(drop)
    }

    pub async fn subscriptions(&self, actor: &Actor) -> Result<Subscriptions, Error> {
        let user = || Value::from(actor.user_id.to_string());
        let tags = self.backend.query(s("SELECT tag FROM subscriptions WHERE user_id = $1 ORDER BY tag", vec![user()])).await?;
        let watching = self
            .backend
            .query(s("SELECT l.id FROM watches w JOIN listings l ON l.number = w.listing WHERE w.user_id = $1 ORDER BY w.since, l.number", vec![user()]))
            .await?;
        Ok(Subscriptions {
            tags: tags.iter().map(|r| r.text("tag")).collect::<Result<_, _>>()?,
            watching: watching.iter().map(|r| Ok(ListingId(uuid(&r.text("id")?)?))).collect::<Result<_, Error>>()?,
        })
    }

    /// What is new for the actor since they last marked their feed seen: listings from other
    /// organisations with a tag they subscribe to, status updates on listings they watch,
    /// requests to join their organisation's listings, and answers to their own requests.
    pub async fn feed(&self, actor: &Actor, limit: u32) -> Result<Feed, Error> {
        let user = actor.user_id.to_string();
        let org = actor.organisation.id.to_string();
        let seen = self
            .backend
            .query_one(s("SELECT feed_seen FROM users WHERE id = $1", vec![user.clone().into()]))
            .await?
            .ok_or_else(|| Error::NotFound("Your user account".into()))?
            .int("feed_seen")?;
        // Read the newest event first: with events committed in order, nothing at or below it
        // can appear later, so it is safe to mark as seen.
        let newest = self
            .backend
            .query_one(s("SELECT COALESCE(MAX(seq), 0) AS newest FROM events", vec![]))
            .await?
            .map(|r| r.int("newest"))
            .transpose()?
            .unwrap_or(0);
        let rows = self
            .backend
            .query(s(
                "SELECT e.seq, e.kind, e.at, e.text, l.id AS listing_id, l.title, o.name AS org_name FROM events e \
                 JOIN listings l ON l.number = e.listing JOIN organisations o ON o.id = e.organisation_id \
                 WHERE e.seq > $1 AND e.seq <= $2 AND ( \
                   (e.kind = 'new_listing' AND e.organisation_id <> $3 AND EXISTS (SELECT 1 FROM listing_tags t \
                      JOIN subscriptions s ON s.tag = t.tag WHERE t.listing = e.listing AND s.user_id = $4)) \
                   OR (e.kind = 'status_update' AND e.organisation_id <> $3 AND EXISTS (SELECT 1 FROM watches w \
                      WHERE w.listing = e.listing AND w.user_id = $4)) \
                   OR (e.kind = 'join_request' AND l.owner_id = $3) \
                   OR (e.kind IN ('join_accepted', 'join_declined') AND e.subject_id = $3)) \
                 ORDER BY e.seq LIMIT $5",
                vec![seen.into(), newest.into(), org.into(), user.into(), i64::from(limit + 1).into()],
            ))
            .await?;
        let more = rows.len() > limit as usize;
        let items = rows
            .iter()
            .take(limit as usize)
            .map(|r| {
                Ok(FeedItem {
                    cursor: r.int("seq")?,
                    kind: feed_kind(&r.text("kind")?)?,
                    at: time(r.int("at")?),
                    listing: ListingId(uuid(&r.text("listing_id")?)?),
                    listing_title: r.text("title")?,
                    organisation: r.text("org_name")?,
                    text: r.text("text")?,
                })
            })
            .collect::<Result<Vec<_>, Error>>()?;
        let until = if more { items.last().map_or(seen, |i| i.cursor) } else { newest.max(seen) };
        Ok(Feed { items, until, more })
    }

    /// Marks the feed seen up to `until` (never backwards).
    pub async fn mark_seen(&self, actor: &Actor, until: i64) -> Result<(), Error> {
        self.backend
            .transaction(vec![s(
                "UPDATE users SET feed_seen = $1 WHERE id = $2 AND feed_seen < $1",
                vec![until.into(), actor.user_id.to_string().into()],
            )])
            .await
            .map(drop)
    }

    // ---- joining a project ----------------------------------------------------------------

    pub async fn request_join(&self, actor: &Actor, id: ListingId, message: &str, now: DateTime<Utc>) -> Result<JoinRequest, Error> {
        let message = message.trim();
        if message.chars().count() > LIMITS.long_text {
            return Err(Error::invalid("message", format!("The message may be at most {} characters long.", LIMITS.long_text)));
        }
        let number = self.number(id).await?;
        let org = actor.organisation.id.to_string();
        let member = self
            .backend
            .query_one(s("SELECT role FROM memberships WHERE listing = $1 AND organisation_id = $2", vec![number.into(), org.clone().into()]))
            .await?;
        if let Some(member) = member {
            return Err(Error::Conflict(format!("{} is already a {} of this project.", actor.organisation.name, member.text("role")?)));
        }
        let existing = self
            .backend
            .query_one(s("SELECT id, state FROM join_requests WHERE listing = $1 AND organisation_id = $2", vec![number.into(), org.clone().into()]))
            .await?;
        let request_id = match existing {
            Some(row) if row.text("state")? == "pending" => {
                return Err(Error::Conflict(format!("{} has already asked to join; the lead organisation has not answered yet.", actor.organisation.name)));
            }
            Some(row) => {
                // Declined before: asking again reopens the same request.
                let request_id = row.text("id")?;
                self.write(vec![
                    s(
                        "UPDATE join_requests SET state = 'pending', message = $1, requested_at = $2, decided_at = NULL WHERE id = $3",
                        vec![message.into(), ms(now).into(), request_id.clone().into()],
                    ),
                    event(FeedItemKind::JoinRequest, id, actor.organisation.id, None, message, now),
                ])
                .await?;
                request_id
            }
            None => {
                let request_id = Uuid::now_v7().to_string();
                self.write(vec![
                    s(
                        "INSERT INTO join_requests (id, listing, organisation_id, message, state, requested_at) VALUES ($1, $2, $3, $4, 'pending', $5)",
                        vec![request_id.clone().into(), number.into(), org.into(), message.into(), ms(now).into()],
                    ),
                    event(FeedItemKind::JoinRequest, id, actor.organisation.id, None, message, now),
                ])
                .await?;
                request_id
            }
        };
        self.join_request(uuid(&request_id)?).await
    }

    async fn join_request(&self, id: Uuid) -> Result<JoinRequest, Error> {
        let row = self
            .backend
            .query_one(s(
                "SELECT r.id, l.id AS listing_id, l.owner_id, r.organisation_id, o.name, r.message, r.state, r.requested_at, r.decided_at \
                 FROM join_requests r JOIN listings l ON l.number = r.listing JOIN organisations o ON o.id = r.organisation_id WHERE r.id = $1",
                vec![id.to_string().into()],
            ))
            .await?
            .ok_or_else(|| Error::NotFound(format!("Join request {id}")))?;
        join_request_from_row(&row)
    }

    /// The requests to join a listing; only its owner may see them.
    pub async fn join_requests(&self, actor: &Actor, id: ListingId) -> Result<Vec<JoinRequest>, Error> {
        let number = self.owned(actor, id).await?;
        let rows = self
            .backend
            .query(s(
                "SELECT r.id, l.id AS listing_id, l.owner_id, r.organisation_id, o.name, r.message, r.state, r.requested_at, r.decided_at \
                 FROM join_requests r JOIN listings l ON l.number = r.listing JOIN organisations o ON o.id = r.organisation_id \
                 WHERE r.listing = $1 ORDER BY r.requested_at",
                vec![number.into()],
            ))
            .await?;
        rows.iter().map(join_request_from_row).collect()
    }

    /// The lead organisation accepts (making the requester a partner member) or declines.
    pub async fn decide_join(&self, actor: &Actor, request: Uuid, decision: JoinDecision, now: DateTime<Utc>) -> Result<JoinRequest, Error> {
        let current = self.join_request(request).await?;
        let owner = self
            .backend
            .query_one(s("SELECT owner_id FROM listings WHERE id = $1", vec![current.listing.to_string().into()]))
            .await?
            .ok_or_else(|| Error::NotFound(format!("Listing {}", current.listing)))?
            .text("owner_id")?;
        if owner != actor.organisation.id.to_string() {
            return Err(Error::Forbidden(format!(
                "Only the lead organisation of listing {} may answer requests to join it.",
                current.listing
            )));
        }
        if current.state != JoinState::Pending {
            return Err(Error::Conflict(format!("This request was already {}.", if current.state == JoinState::Accepted { "accepted" } else { "declined" })));
        }
        let (state, kind) = match decision {
            JoinDecision::Accept => ("accepted", FeedItemKind::JoinAccepted),
            JoinDecision::Decline => ("declined", FeedItemKind::JoinDeclined),
        };
        let mut statements = vec![s(
            "UPDATE join_requests SET state = $1, decided_at = $2 WHERE id = $3 AND state = 'pending'",
            vec![state.into(), ms(now).into(), request.to_string().into()],
        )];
        if decision == JoinDecision::Accept {
            statements.push(s(
                "INSERT INTO memberships (listing, organisation_id, role, since) SELECT number, $2, 'partner', $3 FROM listings WHERE id = $1 \
                 ON CONFLICT DO NOTHING",
                vec![current.listing.to_string().into(), current.organisation.id.to_string().into(), ms(now).into()],
            ));
        }
        statements.push(event(kind, current.listing, actor.organisation.id, Some(current.organisation.id), "", now));
        let counts = self.write(statements).await?;
        if counts[0] == 0 {
            return Err(Error::Conflict("This request was answered by someone else a moment ago.".into()));
        }
        self.join_request(request).await
    }
}

fn subscription_tag(tag: &str) -> Result<String, Error> {
    let tag = tag.trim().to_lowercase();
    if tag.is_empty() {
        return Err(Error::invalid("tag", "The tag cannot be empty."));
    }
    if tag.chars().count() > LIMITS.tag {
        return Err(Error::invalid("tag", format!("A tag may be at most {} characters long.", LIMITS.tag)));
    }
    Ok(tag)
}

fn feed_kind(text: &str) -> Result<FeedItemKind, Error> {
    serde_json::from_value(serde_json::Value::String(text.to_string()))
        .map_err(|_| Error::Database(format!("a stored event kind '{text}' is unknown")))
}

fn kind_word(kind: FeedItemKind) -> &'static str {
    match kind {
        FeedItemKind::NewListing => "new_listing",
        FeedItemKind::StatusUpdate => "status_update",
        FeedItemKind::JoinRequest => "join_request",
        FeedItemKind::JoinAccepted => "join_accepted",
        FeedItemKind::JoinDeclined => "join_declined",
    }
}

fn event(kind: FeedItemKind, listing: ListingId, organisation: Uuid, subject: Option<Uuid>, text: &str, now: DateTime<Utc>) -> Statement {
    s(
        "INSERT INTO events (kind, listing, organisation_id, subject_id, text, at) SELECT $1, number, $2, $3, $4, $5 FROM listings WHERE id = $6",
        vec![
            kind_word(kind).into(),
            organisation.to_string().into(),
            subject.map(|s| s.to_string()).into(),
            text.into(),
            ms(now).into(),
            listing.to_string().into(),
        ],
    )
}

fn join_request_from_row(row: &Row) -> Result<JoinRequest, Error> {
    Ok(JoinRequest {
        id: uuid(&row.text("id")?)?,
        listing: ListingId(uuid(&row.text("listing_id")?)?),
        organisation: OrganisationSummary { id: uuid(&row.text("organisation_id")?)?, name: row.text("name")? },
        message: row.text("message")?,
        state: match row.text("state")?.as_str() {
            "pending" => JoinState::Pending,
            "accepted" => JoinState::Accepted,
            "declined" => JoinState::Declined,
            other => return Err(Error::Database(format!("a stored join state '{other}' is unknown"))),
        },
        requested_at: time(row.int("requested_at")?),
        decided_at: row.opt_int("decided_at")?.map(time),
    })
}

/// The statements that index a listing's tags, words and places for search.
fn index_statements(id: ListingId, draft: &ListingDraft, owner_gss: Option<&str>) -> Vec<Statement> {
    let key = || Value::from(id.to_string());
    let mut statements = Vec::new();
    if !draft.tags.is_empty() {
        let values = (0..draft.tags.len()).map(|i| format!("(${})", i + 2)).collect::<Vec<_>>().join(", ");
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
    let all: BTreeMap<&String, bool> =
        elsewhere.iter().map(|w| (w, false)).chain(in_problem.iter().map(|w| (w, true))).collect();
    if !all.is_empty() {
        let values = (0..all.len()).map(|i| format!("(${}, ${})", 2 * i + 2, 2 * i + 3)).collect::<Vec<_>>().join(", ");
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
    let places = places::place_keys(draft.organisations.iter().filter_map(|o| o.gss_code.clone()).chain(owner_gss.map(String::from)));
    if !places.is_empty() {
        let values = (0..places.len()).map(|i| format!("(${})", i + 2)).collect::<Vec<_>>().join(", ");
        let mut params = vec![key()];
        params.extend(places.iter().map(Value::from));
        statements.push(Statement::new(
            format!("INSERT INTO listing_places (place, listing, updated_at) SELECT v.column1, l.number, l.updated_at FROM listings l, (VALUES {values}) AS v WHERE l.id = $1"),
            params,
        ));
        statements.push(s(
            "INSERT INTO word_frequency (word, listings) SELECT '@' || place, 1 FROM listing_places \
             WHERE listing = (SELECT number FROM listings WHERE id = $1) \
             ON CONFLICT (word) DO UPDATE SET listings = word_frequency.listings + 1",
            vec![key()],
        ));
    }
    statements
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
        assert!(start_from_rarest(&[2_000, 5_000, 20_000], 50_000, true, false, 21));
        // Deep pages walk further, so they start from the rarest term sooner.
        assert!(!start_from_rarest(&[3_000], 50_000, false, false, 21));
        assert!(start_from_rarest(&[3_000], 50_000, false, false, 1_000));
    }

    #[test]
    fn common_words_do_not_count_towards_likeness() {
        assert_eq!(common_word_limit(100), 20);
        assert_eq!(common_word_limit(50_000), 50);
    }
}
