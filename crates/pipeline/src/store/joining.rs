//! Joining a project: another organisation asks to join a listing, and its lead organisation
//! accepts (the asker becomes a partner member, and a partner of the listing's shared
//! workspace when the accepting organisation leads one here) or declines.

use chrono::{DateTime, Utc};
use pipeline_protocol::{
    FeedItemKind, JoinDecision, JoinRequest, JoinState, LIMITS, ListingId, OrganisationSummary,
};
use uuid::Uuid;

use super::feed::event;
use super::{Actor, Row, Store, ms, s, time, uuid};
use crate::Error;

impl Store {
    pub async fn request_join(
        &self,
        actor: &Actor,
        id: ListingId,
        message: &str,
        now: DateTime<Utc>,
    ) -> Result<JoinRequest, Error> {
        let message = message.trim();
        if message.chars().count() > LIMITS.long_text {
            return Err(Error::invalid(
                "message",
                format!(
                    "The message may be at most {} characters long.",
                    LIMITS.long_text
                ),
            ));
        }
        let number = self.number(id).await?;
        let org = actor.organisation.id.to_string();
        let member = self
            .backend
            .query_one(s(
                "SELECT role FROM memberships WHERE listing = $1 AND organisation_id = $2",
                vec![number.into(), org.clone().into()],
            ))
            .await?;
        if let Some(member) = member {
            return Err(Error::Conflict(format!(
                "{} is already a {} of this project.",
                actor.organisation.name,
                member.text("role")?
            )));
        }
        let existing = self
            .backend
            .query_one(s(
                "SELECT id, state FROM join_requests WHERE listing = $1 AND organisation_id = $2",
                vec![number.into(), org.clone().into()],
            ))
            .await?;
        let request_id = match existing {
            Some(row) if row.text("state")? == "pending" => {
                return Err(Error::Conflict(format!(
                    "{} has already asked to join; the lead organisation has not answered yet.",
                    actor.organisation.name
                )));
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
    pub async fn join_requests(
        &self,
        actor: &Actor,
        id: ListingId,
    ) -> Result<Vec<JoinRequest>, Error> {
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

    /// The lead organisation accepts (making the requester a partner member, and a partner of
    /// the sync space of the listing's `workspace_id` when the accepter leads it) or declines.
    pub async fn decide_join(
        &self,
        actor: &Actor,
        request: Uuid,
        decision: JoinDecision,
        now: DateTime<Utc>,
    ) -> Result<JoinRequest, Error> {
        let current = self.join_request(request).await?;
        let owner = self
            .backend
            .query_one(s(
                "SELECT owner_id FROM listings WHERE id = $1",
                vec![current.listing.to_string().into()],
            ))
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
            return Err(Error::Conflict(format!(
                "This request was already {}.",
                if current.state == JoinState::Accepted {
                    "accepted"
                } else {
                    "declined"
                }
            )));
        }
        if decision == JoinDecision::Accept {
            let members = self
                .backend
                .query_one(s(
                    "SELECT COUNT(*) AS n FROM memberships m JOIN listings l ON l.number = m.listing WHERE l.id = $1",
                    vec![current.listing.to_string().into()],
                ))
                .await?
                .map_or(Ok(0), |r| r.int("n"))?;
            if members >= LIMITS.members as i64 {
                return Err(Error::Conflict(format!(
                    "This project already has {members} member organisations, the most a project may have ({}).",
                    LIMITS.members
                )));
            }
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
            // The listing's workspace shared here under the accepting organisation's lead:
            // the requester becomes a partner of it too (sync.md §6.2), in the same
            // transaction. A member keeps the date it joined; a removed one comes back.
            statements.push(s(
                "INSERT INTO sync_members (project, organisation_id, role, since, removed_at) \
                 SELECT p.id, $2, 'partner', $4, NULL FROM listings l JOIN sync_projects p ON p.id = l.workspace_id \
                 WHERE l.id = $1 AND p.lead_org = $3 \
                 ON CONFLICT (project, organisation_id) DO UPDATE SET role = CASE WHEN sync_members.role = 'lead' THEN 'lead' ELSE 'partner' END, \
                 removed_at = NULL, since = CASE WHEN sync_members.removed_at IS NULL THEN sync_members.since ELSE excluded.since END",
                vec![
                    current.listing.to_string().into(),
                    current.organisation.id.to_string().into(),
                    actor.organisation.id.to_string().into(),
                    ms(now).into(),
                ],
            ));
        }
        statements.push(event(
            kind,
            current.listing,
            actor.organisation.id,
            Some(current.organisation.id),
            "",
            now,
        ));
        // Two answers at once: the one whose change to the request's state commits first
        // stands; the other changes nothing at all (no membership, no feed event).
        if self.write_if(statements, Some(0)).await?.is_none() {
            return Err(Error::Conflict(
                "This request was answered by someone else a moment ago.".into(),
            ));
        }
        self.join_request(request).await
    }
}

fn join_request_from_row(row: &Row) -> Result<JoinRequest, Error> {
    Ok(JoinRequest {
        id: uuid(&row.text("id")?)?,
        listing: ListingId(uuid(&row.text("listing_id")?)?),
        organisation: OrganisationSummary {
            id: uuid(&row.text("organisation_id")?)?,
            name: row.text("name")?,
        },
        message: row.text("message")?,
        state: match row.text("state")?.as_str() {
            "pending" => JoinState::Pending,
            "accepted" => JoinState::Accepted,
            "declined" => JoinState::Declined,
            other => {
                return Err(Error::Database(format!(
                    "a stored join state '{other}' is unknown"
                )));
            }
        },
        requested_at: time(row.int("requested_at")?),
        decided_at: row.opt_int("decided_at")?.map(time),
    })
}
