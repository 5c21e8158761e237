//! Following: the listings a user watches and the tags they subscribe to, which decide what
//! their feed shows.

use chrono::{DateTime, Utc};
use pipeline_protocol::{LIMITS, ListingId, Subscriptions};

use super::{Actor, Store, Value, ms, s, uuid};
use crate::Error;

impl Store {
    pub async fn watch(
        &self,
        actor: &Actor,
        id: ListingId,
        now: DateTime<Utc>,
    ) -> Result<(), Error> {
        let number = self.number(id).await?;
        self.under_cap(
            "SELECT COUNT(*) AS n, MAX(CASE WHEN listing = $2 THEN 1 ELSE 0 END) AS already FROM watches WHERE user_id = $1",
            vec![actor.user_id.to_string().into(), number.into()],
            LIMITS.watches,
            "listings watched",
        )
        .await?;
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
            .transaction(vec![s(
                "DELETE FROM watches WHERE user_id = $1 AND listing = $2",
                vec![actor.user_id.to_string().into(), number.into()],
            )])
            .await
            .map(drop)
    }

    /// Subscribes to a tag; returns the tag as stored (lower case).
    pub async fn subscribe(
        &self,
        actor: &Actor,
        tag: &str,
        now: DateTime<Utc>,
    ) -> Result<String, Error> {
        let tag = subscription_tag(tag)?;
        self.under_cap(
            "SELECT COUNT(*) AS n, MAX(CASE WHEN tag = $2 THEN 1 ELSE 0 END) AS already FROM subscriptions WHERE user_id = $1",
            vec![actor.user_id.to_string().into(), tag.clone().into()],
            LIMITS.subscriptions,
            "tags subscribed to",
        )
        .await?;
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
            .transaction(vec![s(
                "DELETE FROM subscriptions WHERE user_id = $1 AND tag = $2",
                vec![actor.user_id.to_string().into(), tag.into()],
            )])
            .await
            .map(drop)
    }

    /// Refuses a new watch or subscription past the user's cap (`sql` counts them as `n`, and
    /// says in `already` whether this one is there, which is always allowed again).
    async fn under_cap(
        &self,
        sql: &'static str,
        params: Vec<Value>,
        cap: usize,
        what: &str,
    ) -> Result<(), Error> {
        let Some(row) = self.backend.query_one(s(sql, params)).await? else {
            return Ok(());
        };
        let count = row.int("n")?;
        let already = row.opt_int("already")?.unwrap_or(0) == 1;
        if !already && count >= cap as i64 {
            return Err(Error::Conflict(format!(
                "You have {count} {what}, the most allowed ({cap}); remove one first."
            )));
        }
        Ok(())
    }

    pub async fn subscriptions(&self, actor: &Actor) -> Result<Subscriptions, Error> {
        let user = || Value::from(actor.user_id.to_string());
        let tags = self
            .backend
            .query(s(
                "SELECT tag FROM subscriptions WHERE user_id = $1 ORDER BY tag",
                vec![user()],
            ))
            .await?;
        let watching = self
            .backend
            .query(s("SELECT l.id FROM watches w JOIN listings l ON l.number = w.listing WHERE w.user_id = $1 ORDER BY w.since, l.number", vec![user()]))
            .await?;
        Ok(Subscriptions {
            tags: tags
                .iter()
                .map(|r| r.text("tag"))
                .collect::<Result<_, _>>()?,
            watching: watching
                .iter()
                .map(|r| Ok(ListingId(uuid(&r.text("id")?)?)))
                .collect::<Result<_, Error>>()?,
        })
    }
}

fn subscription_tag(tag: &str) -> Result<String, Error> {
    let tag = tag.trim().to_lowercase();
    if tag.is_empty() {
        return Err(Error::invalid("tag", "The tag cannot be empty."));
    }
    if tag.chars().count() > LIMITS.tag {
        return Err(Error::invalid(
            "tag",
            format!("A tag may be at most {} characters long.", LIMITS.tag),
        ));
    }
    Ok(tag)
}
