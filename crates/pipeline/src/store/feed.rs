//! Events and the feed: every publication, status update and join request or answer is an
//! event, numbered in commit order; a user's feed is the events meant for them since they
//! last marked it seen.

use chrono::{DateTime, Utc};
use pipeline_protocol::{Feed, FeedItem, FeedItemKind, ListingId};
use uuid::Uuid;

use super::{Actor, Statement, Store, ms, s, time, uuid};
use crate::Error;

impl Store {
    /// What is new for the actor since they last marked their feed seen: listings from other
    /// organisations with a tag they subscribe to, status updates on listings they watch,
    /// requests to join their organisation's listings, and answers to their own requests.
    pub async fn feed(&self, actor: &Actor, limit: u32) -> Result<Feed, Error> {
        let user = actor.user_id.to_string();
        let org = actor.organisation.id.to_string();
        let seen = self
            .backend
            .query_one(s(
                "SELECT feed_seen FROM users WHERE id = $1",
                vec![user.clone().into()],
            ))
            .await?
            .ok_or_else(|| Error::NotFound("Your user account".into()))?
            .int("feed_seen")?;
        // Read the newest event first: with events committed in order, nothing at or below it
        // can appear later, so it is safe to mark as seen.
        let newest = self
            .backend
            .query_one(s(
                "SELECT COALESCE(MAX(seq), 0) AS newest FROM events",
                vec![],
            ))
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
        let until = if more {
            items.last().map_or(seen, |i| i.cursor)
        } else {
            newest.max(seen)
        };
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

/// The statement that records an event for the feed, numbered in commit order (see the
/// store's notes on the event lock).
pub(super) fn event(
    kind: FeedItemKind,
    listing: ListingId,
    organisation: Uuid,
    subject: Option<Uuid>,
    text: &str,
    now: DateTime<Utc>,
) -> Statement {
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
