//! Partners confirm: a listing names organisations as taking part, and each of them says
//! whether it does. Until an organisation confirms, the listing shows it as `invited` and is
//! not found by its nation or region; an organisation that declines is not shown at all.
//! The publisher's own organisation is confirmed from the start.
//!
//! An organisation is matched by its name's key ([`name_key`]) against the organisations
//! with accounts here, so an organisation that joins later finds its invitations waiting.
//! `listing_partner_places` keeps the places each named organisation would give the listing;
//! `listing_places`, which search reads, is rebuilt from the confirmed ones alone, in the
//! same transaction as whatever changed who is confirmed.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use pipeline_protocol::{
    Confirmation, Invitation, InvitationState, LIMITS, ListedOrganisation, ListedPartner,
    ListingId, OrganisationSummary, PartyRole, name_key,
};
use uuid::Uuid;

use super::{Actor, Row, Statement, Store, Value, json, ms, s, time, uuid};
use crate::{Error, places};

/// A listing's number, found by its id at `$1`.
const NUMBER: &str = "(SELECT number FROM listings WHERE id = $1)";

/// The statements that record who a listing (by id) names, given its owner's name and ONS
/// code: a row for each organisation, kept with its answer when it was named before; rows
/// of organisations no longer named are removed (naming one again invites it again).
/// Then the listing's places are rebuilt from the confirmed ones.
pub(super) fn partner_statements(
    id: ListingId,
    owner_name: &str,
    owner_gss: Option<&str>,
    organisations: &[ListedOrganisation],
    now: DateTime<Utc>,
) -> Vec<Statement> {
    let owner_key = name_key(owner_name);
    // Each named organisation's places; the owner's from its account's code and its own entries.
    let mut named: BTreeMap<String, Vec<String>> = BTreeMap::new();
    named.insert(
        owner_key.clone(),
        owner_gss.map(String::from).into_iter().collect(),
    );
    for o in organisations {
        named
            .entry(name_key(&o.name))
            .or_default()
            .extend(o.gss_code.clone());
    }
    let key = || Value::from(id.to_string());
    let mut statements = vec![s(
        "DELETE FROM listing_partner_places WHERE listing = (SELECT number FROM listings WHERE id = $1)",
        vec![key()],
    )];
    let mut params = vec![key()];
    let keep: Vec<String> = named
        .keys()
        .map(|k| {
            params.push(k.into());
            format!("${}", params.len())
        })
        .collect();
    statements.push(Statement::new(
        format!(
            "DELETE FROM listing_partners WHERE listing = {NUMBER} AND name_key NOT IN ({})",
            keep.join(", ")
        ),
        params,
    ));
    let mut params = vec![key(), ms(now).into()];
    let mut rows = Vec::new();
    for k in named.keys() {
        let state = if *k == owner_key {
            "confirmed"
        } else {
            "invited"
        };
        params.push(k.into());
        params.push(Uuid::now_v7().to_string().into());
        params.push(state.into());
        let n = params.len();
        rows.push(format!("(${}, ${}, ${})", n - 2, n - 1, n));
    }
    statements.push(Statement::new(
        format!(
            "INSERT INTO listing_partners (listing, name_key, id, state, invited_at) \
             SELECT l.number, v.column1, v.column2, v.column3, $2 FROM listings l, (VALUES {}) AS v WHERE l.id = $1 \
             ON CONFLICT (listing, name_key) DO UPDATE SET state = CASE WHEN excluded.state = 'confirmed' \
             THEN 'confirmed' ELSE listing_partners.state END",
            rows.join(", ")
        ),
        params,
    ));
    let mut params = vec![key()];
    let mut rows = Vec::new();
    for (k, codes) in &named {
        for place in places::place_keys(codes) {
            params.push(k.into());
            params.push(place.into());
            rows.push(format!("(${}, ${})", params.len() - 1, params.len()));
        }
    }
    if !rows.is_empty() {
        statements.push(Statement::new(
            format!(
                "INSERT INTO listing_partner_places (listing, name_key, place) \
                 SELECT l.number, v.column1, v.column2 FROM listings l, (VALUES {}) AS v WHERE l.id = $1",
                rows.join(", ")
            ),
            params,
        ));
    }
    statements.extend(place_statements(id));
    statements
}

/// The statements that rebuild a listing's places (and their counts) from the confirmed
/// organisations it names.
pub(super) fn place_statements(id: ListingId) -> Vec<Statement> {
    let key = || Value::from(id.to_string());
    vec![
        s(
            "UPDATE word_frequency SET listings = listings - 1 WHERE word IN \
             (SELECT '@' || place FROM listing_places WHERE listing = (SELECT number FROM listings WHERE id = $1))",
            vec![key()],
        ),
        s(
            "DELETE FROM listing_places WHERE listing = (SELECT number FROM listings WHERE id = $1)",
            vec![key()],
        ),
        s(
            "INSERT INTO listing_places (place, listing, updated_at) SELECT DISTINCT x.place, l.number, l.updated_at \
             FROM listing_partner_places x JOIN listing_partners p ON p.listing = x.listing AND p.name_key = x.name_key \
             JOIN listings l ON l.number = x.listing WHERE l.id = $1 AND p.state = 'confirmed'",
            vec![key()],
        ),
        s(
            "INSERT INTO word_frequency (word, listings) SELECT '@' || place, 1 FROM listing_places \
             WHERE listing = (SELECT number FROM listings WHERE id = $1) \
             ON CONFLICT (word) DO UPDATE SET listings = word_frequency.listings + 1",
            vec![key()],
        ),
    ]
}

/// The organisations a listing names as it shows them: each confirmed or invited by its
/// answer in `states` (by name key), the owner always confirmed, those that declined left out.
pub(super) fn shown_partners(
    organisations: Vec<ListedOrganisation>,
    owner_name: &str,
    states: &BTreeMap<String, String>,
) -> Vec<ListedPartner> {
    let owner = name_key(owner_name);
    organisations
        .into_iter()
        .filter_map(|o| {
            let key = name_key(&o.name);
            let confirmation = if key == owner {
                Confirmation::Confirmed
            } else {
                match states.get(&key).map(String::as_str) {
                    Some("confirmed") => Confirmation::Confirmed,
                    Some("declined") => return None,
                    _ => Confirmation::Invited,
                }
            };
            Some(ListedPartner {
                name: o.name,
                kind: o.kind,
                gss_code: o.gss_code,
                role: o.role,
                confirmation,
            })
        })
        .collect()
}

const INVITATION_COLUMNS: &str = "p.id, p.name_key, p.state, p.invited_at, p.decided_at, l.id AS listing_id, l.title, \
     l.owner_id, o.name AS owner_name, l.organisations";

fn invitation_from_row(row: &Row) -> Result<Invitation, Error> {
    let key = row.text("name_key")?;
    let organisations: Vec<ListedOrganisation> =
        json(&row.text("organisations")?, "organisations")?;
    let role = organisations
        .iter()
        .find(|o| name_key(&o.name) == key)
        .map_or(PartyRole::Partner, |o| o.role);
    Ok(Invitation {
        id: uuid(&row.text("id")?)?,
        listing: ListingId(uuid(&row.text("listing_id")?)?),
        listing_title: row.text("title")?,
        owner: OrganisationSummary {
            id: uuid(&row.text("owner_id")?)?,
            name: row.text("owner_name")?,
        },
        role,
        state: match row.text("state")?.as_str() {
            "invited" => InvitationState::Invited,
            "confirmed" => InvitationState::Confirmed,
            "declined" => InvitationState::Declined,
            other => {
                return Err(Error::Database(format!(
                    "a stored invitation state '{other}' is unknown"
                )));
            }
        },
        invited_at: time(row.int("invited_at")?),
        decided_at: row.opt_int("decided_at")?.map(time),
    })
}

impl Store {
    /// The name keys and answers of the organisations a listing (by number) names.
    pub(super) async fn partner_states(
        &self,
        number: i64,
    ) -> Result<BTreeMap<String, String>, Error> {
        let rows = self
            .backend
            .query(s(
                "SELECT name_key, state FROM listing_partners WHERE listing = $1",
                vec![number.into()],
            ))
            .await?;
        rows.iter()
            .map(|r| Ok((r.text("name_key")?, r.text("state")?)))
            .collect()
    }

    /// The listings of other organisations that name the actor's organisation, newest first
    /// (at most a page of them).
    pub async fn invitations(&self, actor: &Actor) -> Result<Vec<Invitation>, Error> {
        let rows = self
            .backend
            .query(Statement::new(
                format!(
                    "SELECT {INVITATION_COLUMNS} FROM listing_partners p JOIN listings l ON l.number = p.listing \
                     JOIN organisations o ON o.id = l.owner_id WHERE p.name_key = $1 AND l.owner_id <> $2 \
                     ORDER BY p.invited_at DESC, p.id LIMIT {}",
                    LIMITS.page
                ),
                vec![
                    name_key(&actor.organisation.name).into(),
                    actor.organisation.id.to_string().into(),
                ],
            ))
            .await?;
        rows.iter().map(invitation_from_row).collect()
    }

    async fn invitation(&self, id: Uuid) -> Result<Invitation, Error> {
        let row = self
            .backend
            .query_one(Statement::new(
                format!(
                    "SELECT {INVITATION_COLUMNS} FROM listing_partners p JOIN listings l ON l.number = p.listing \
                     JOIN organisations o ON o.id = l.owner_id WHERE p.id = $1"
                ),
                vec![id.to_string().into()],
            ))
            .await?
            .ok_or_else(|| Error::NotFound(format!("Invitation {id}")))?;
        invitation_from_row(&row)
    }

    /// The named organisation confirms that it takes part, or declines; it may change its
    /// answer later. Only the organisation the listing names may answer.
    pub async fn answer_invitation(
        &self,
        actor: &Actor,
        id: Uuid,
        confirm: bool,
        now: DateTime<Utc>,
    ) -> Result<Invitation, Error> {
        let current = self.invitation(id).await?;
        let row = self
            .backend
            .query_one(s(
                "SELECT name_key FROM listing_partners WHERE id = $1",
                vec![id.to_string().into()],
            ))
            .await?
            .ok_or_else(|| Error::NotFound(format!("Invitation {id}")))?;
        if row.text("name_key")? != name_key(&actor.organisation.name) {
            return Err(Error::Forbidden(format!(
                "This invitation is for another organisation; {} can answer only its own.",
                actor.organisation.name
            )));
        }
        if current.owner.id == actor.organisation.id {
            return Err(Error::Conflict(format!(
                "{} published this listing, so it takes part already.",
                actor.organisation.name
            )));
        }
        let state = if confirm { "confirmed" } else { "declined" };
        let mut statements = vec![s(
            "UPDATE listing_partners SET state = $1, decided_at = $2 WHERE id = $3 AND state <> $1",
            vec![state.into(), ms(now).into(), id.to_string().into()],
        )];
        statements.extend(place_statements(current.listing));
        // Answered already (or by someone else a moment ago): nothing changes.
        if self.write_if(statements, Some(0)).await?.is_none() {
            return Err(Error::Conflict(format!(
                "{} has already {} this listing.",
                actor.organisation.name,
                if confirm { "confirmed" } else { "declined" }
            )));
        }
        self.invitation(id).await
    }

    /// Listings published before partners confirmed (migration 5) get their rows: the
    /// organisations they name are invited, and their places are rebuilt, a batch at a time.
    pub(super) async fn record_partners_of_older_listings(
        &self,
        now: DateTime<Utc>,
    ) -> Result<(), Error> {
        loop {
            let rows = self
                .backend
                .query(s(
                    "SELECT l.id, l.organisations, o.name AS owner_name, o.gss_code FROM listings l \
                     JOIN organisations o ON o.id = l.owner_id \
                     WHERE NOT EXISTS (SELECT 1 FROM listing_partners p WHERE p.listing = l.number) \
                     ORDER BY l.number LIMIT 500",
                    vec![],
                ))
                .await?;
            if rows.is_empty() {
                return Ok(());
            }
            let mut statements = Vec::new();
            for row in &rows {
                let organisations: Vec<ListedOrganisation> =
                    json(&row.text("organisations")?, "organisations")?;
                statements.extend(partner_statements(
                    ListingId(uuid(&row.text("id")?)?),
                    &row.text("owner_name")?,
                    row.opt_text("gss_code")?.as_deref(),
                    &organisations,
                    now,
                ));
            }
            self.write(statements).await?;
        }
    }
}
