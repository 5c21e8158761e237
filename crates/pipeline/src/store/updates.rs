//! Status updates: a listing's owner posts what is new; anyone reads a listing's updates,
//! newest first. Posting one makes the listing recently updated, and an event for the feed.

use chrono::{DateTime, Utc};
use pipeline_protocol::{FeedItemKind, LIMITS, ListingId, OrganisationSummary, StatusUpdate};
use uuid::Uuid;

use super::feed::event;
use super::{Actor, Store, index, ms, s, time, uuid};
use crate::Error;

impl Store {
    pub async fn post_update(
        &self,
        actor: &Actor,
        id: ListingId,
        text: &str,
        now: DateTime<Utc>,
    ) -> Result<StatusUpdate, Error> {
        let text = text.trim();
        if text.is_empty() {
            return Err(Error::invalid("text", "A status update cannot be empty."));
        }
        if text.chars().count() > LIMITS.long_text {
            return Err(Error::invalid(
                "text",
                format!(
                    "A status update may be at most {} characters long.",
                    LIMITS.long_text
                ),
            ));
        }
        let number = self.owned(actor, id).await?;
        let posted = self
            .backend
            .query_one(s(
                "SELECT COUNT(*) AS n FROM status_updates WHERE listing = $1",
                vec![number.into()],
            ))
            .await?
            .map_or(Ok(0), |r| r.int("n"))?;
        if posted >= LIMITS.updates as i64 {
            return Err(Error::Conflict(format!(
                "Listing {id} has {posted} status updates, the most a listing may have ({}).",
                LIMITS.updates
            )));
        }
        let update_id = Uuid::now_v7();
        let mut statements = vec![s(
            "INSERT INTO status_updates (id, listing, organisation_id, text, posted_at) VALUES ($1, $2, $3, $4, $5)",
            vec![
                update_id.to_string().into(),
                number.into(),
                actor.organisation.id.to_string().into(),
                text.into(),
                ms(now).into(),
            ],
        )];
        statements.extend(index::touch_statements(number, now));
        statements.push(event(
            FeedItemKind::StatusUpdate,
            id,
            actor.organisation.id,
            None,
            text,
            now,
        ));
        self.write(statements).await?;
        Ok(StatusUpdate {
            id: update_id,
            listing: id,
            organisation: actor.organisation.clone(),
            text: text.to_string(),
            posted_at: now,
        })
    }

    /// A listing's newest `limit` status updates (a checked page size), newest first.
    pub async fn updates(&self, id: ListingId, limit: u32) -> Result<Vec<StatusUpdate>, Error> {
        let number = self.number(id).await?;
        let rows = self
            .backend
            .query(s(
                "SELECT u.id, u.organisation_id, o.name, u.text, u.posted_at FROM status_updates u \
                 JOIN organisations o ON o.id = u.organisation_id WHERE u.listing = $1 ORDER BY u.posted_at DESC, u.id DESC LIMIT $2",
                vec![number.into(), i64::from(limit).into()],
            ))
            .await?;
        rows.iter()
            .map(|r| {
                Ok(StatusUpdate {
                    id: uuid(&r.text("id")?)?,
                    listing: id,
                    organisation: OrganisationSummary {
                        id: uuid(&r.text("organisation_id")?)?,
                        name: r.text("name")?,
                    },
                    text: r.text("text")?,
                    posted_at: time(r.int("posted_at")?),
                })
            })
            .collect()
    }
}
