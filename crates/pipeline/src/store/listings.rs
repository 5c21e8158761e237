//! Listings: publishing a listing, replacing its content, and reading it back, whole or as a
//! summary. The one place a draft becomes the values stored in a listing's row.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use pipeline_protocol::{
    Contact, FeedItemKind, ListedOrganisation, Listing, ListingDraft, ListingId, ListingSummary,
    Member, OrganisationSummary, PartyRole,
};
use uuid::Uuid;

use super::feed::event;
use super::partners;
use super::{
    Actor, Row, Statement, Store, Value, date, index, json, ms, placeholders, s, time, to_json,
    uuid, word,
};
use crate::Error;

const LISTING_COLUMNS: &str = "l.number, l.id, l.owner_id, o.name AS owner_name, l.title, l.problem, l.outcomes, l.phase, l.status, \
     l.collaboration_level, l.budget_band, l.looking_for_partners, l.start_date, l.review_date, l.contact, \
     l.organisations, l.tags, l.published_at, l.updated_at";

pub(super) const SUMMARY_COLUMNS: &str = "l.number, l.id, l.title, o.name AS owner_name, substr(l.problem, 1, 280) AS problem, l.tags, l.phase, \
     l.status, l.collaboration_level, l.looking_for_partners, l.updated_at";

fn listing_from_row(
    row: &Row,
    members: Vec<Member>,
    partners: &BTreeMap<String, String>,
) -> Result<Listing, Error> {
    let owner_name = row.text("owner_name")?;
    Ok(Listing {
        id: ListingId(uuid(&row.text("id")?)?),
        number: row.int("number")?,
        organisations: partners::shown_partners(
            json::<Vec<ListedOrganisation>>(&row.text("organisations")?, "organisations")?,
            &owner_name,
            partners,
        ),
        owner: OrganisationSummary {
            id: uuid(&row.text("owner_id")?)?,
            name: owner_name,
        },
        title: row.text("title")?,
        problem: row.text("problem")?,
        outcomes: row.text("outcomes")?,
        tags: json(&row.text("tags")?, "tags")?,
        phase: word(&row.text("phase")?, "phase")?,
        status: word(&row.text("status")?, "status")?,
        contact: row
            .opt_text("contact")?
            .map(|c| json::<Option<Contact>>(&c, "contact"))
            .transpose()?
            .flatten(),
        collaboration_level: word(&row.text("collaboration_level")?, "collaboration level")?,
        budget_band: row
            .opt_text("budget_band")?
            .map(|b| word(&b, "budget band"))
            .transpose()?,
        looking_for_partners: row.bool("looking_for_partners")?,
        start_date: date(row.opt_text("start_date")?)?,
        review_date: date(row.opt_text("review_date")?)?,
        members,
        published_at: time(row.int("published_at")?),
        last_updated: time(row.int("updated_at")?),
    })
}

pub(super) fn summary_from_row(row: &Row) -> Result<ListingSummary, Error> {
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

/// The columns of a listing's row that its draft fills, in the order [`draft_values`] gives them.
const DRAFT_COLUMNS: [&str; 13] = [
    "title",
    "problem",
    "outcomes",
    "phase",
    "status",
    "collaboration_level",
    "budget_band",
    "looking_for_partners",
    "start_date",
    "review_date",
    "contact",
    "organisations",
    "tags",
];

/// What a (normalised) draft stores, one value for each of [`DRAFT_COLUMNS`].
fn draft_values(draft: &ListingDraft) -> [Value; DRAFT_COLUMNS.len()] {
    [
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
    ]
}

/// A new listing's row: `$1` id, `$2` owner, `$3` workspace, the draft's values, then the
/// publication time (also its first update time).
fn insert_listing(
    id: ListingId,
    owner: Uuid,
    draft: &ListingDraft,
    now: DateTime<Utc>,
) -> Statement {
    let stamp = 4 + DRAFT_COLUMNS.len();
    let sql = format!(
        "INSERT INTO listings (id, owner_id, workspace_id, {}, published_at, updated_at) VALUES ($1, $2, $3, {}, ${stamp}, ${stamp}) \
         ON CONFLICT (owner_id, workspace_id) DO NOTHING",
        DRAFT_COLUMNS.join(", "),
        placeholders(4, DRAFT_COLUMNS.len()),
    );
    let mut params = vec![
        id.to_string().into(),
        owner.to_string().into(),
        draft.workspace_id.map(|w| w.to_string()).into(),
    ];
    params.extend(draft_values(draft));
    params.push(ms(now).into());
    Statement::new(sql, params)
}

/// A listing's row given the draft's values and a new update time, where `$1` is its id and
/// `$2` its owner.
fn update_listing(
    id: ListingId,
    owner: Uuid,
    draft: &ListingDraft,
    now: DateTime<Utc>,
) -> Statement {
    let sets: Vec<String> = DRAFT_COLUMNS
        .iter()
        .enumerate()
        .map(|(i, column)| format!("{column} = ${}", i + 3))
        .collect();
    let sql = format!(
        "UPDATE listings SET {}, updated_at = ${} WHERE id = $1 AND owner_id = $2",
        sets.join(", "),
        3 + DRAFT_COLUMNS.len()
    );
    let mut params = vec![id.to_string().into(), owner.to_string().into()];
    params.extend(draft_values(draft));
    params.push(ms(now).into());
    Statement::new(sql, params)
}

impl Store {
    /// Publishes a listing for the actor's organisation, or, when the draft names a workspace
    /// this organisation has already published, updates that listing. Returns the listing and
    /// whether it is new.
    pub async fn publish(
        &self,
        actor: &Actor,
        draft: ListingDraft,
        now: DateTime<Utc>,
    ) -> Result<(Listing, bool), Error> {
        let draft = draft.normalised()?;
        if let Some(id) = self.published_workspace(actor, &draft).await? {
            return Ok((self.update(actor, id, draft, now).await?, false));
        }
        let id = ListingId(Uuid::now_v7());
        let owner_gss = self.organisation_gss(actor.organisation.id).await?;
        let mut statements = vec![insert_listing(id, actor.organisation.id, &draft, now)];
        statements.extend(index::index_statements(id, &draft));
        statements.extend(partners::partner_statements(
            id,
            &actor.organisation.name,
            owner_gss.as_deref(),
            &draft.organisations,
            now,
        ));
        statements.push(s(
            "INSERT INTO memberships (listing, organisation_id, role, since) SELECT number, $2, 'lead', $3 FROM listings WHERE id = $1",
            vec![id.to_string().into(), actor.organisation.id.to_string().into(), ms(now).into()],
        ));
        statements.push(event(
            FeedItemKind::NewListing,
            id,
            actor.organisation.id,
            None,
            "",
            now,
        ));
        // Two publishes of one workspace at once: the insert of the one that commits second
        // meets the first's row and changes nothing, so its transaction is rolled back and it
        // updates the listing the first made instead.
        if self.write_if(statements, Some(0)).await?.is_none() {
            let id = self.published_workspace(actor, &draft).await?.ok_or_else(|| {
                Error::Conflict("The listing was changed by another request at the same moment; publish again.".into())
            })?;
            return Ok((self.update(actor, id, draft, now).await?, false));
        }
        Ok((self.listing(id).await?, true))
    }

    /// The listing this organisation already published from the draft's workspace, if any.
    async fn published_workspace(
        &self,
        actor: &Actor,
        draft: &ListingDraft,
    ) -> Result<Option<ListingId>, Error> {
        let Some(workspace) = draft.workspace_id else {
            return Ok(None);
        };
        let existing = self
            .backend
            .query_one(s(
                "SELECT id FROM listings WHERE owner_id = $1 AND workspace_id = $2",
                vec![
                    actor.organisation.id.to_string().into(),
                    workspace.to_string().into(),
                ],
            ))
            .await?;
        existing
            .map(|row| Ok(ListingId(uuid(&row.text("id")?)?)))
            .transpose()
    }

    /// Replaces a listing's content; only the organisation that owns it may.
    pub async fn update(
        &self,
        actor: &Actor,
        id: ListingId,
        draft: ListingDraft,
        now: DateTime<Utc>,
    ) -> Result<Listing, Error> {
        let draft = draft.normalised()?;
        self.owned(actor, id).await?;
        let owner_gss = self.organisation_gss(actor.organisation.id).await?;
        let mut statements = index::unindex_statements(id);
        statements.push(update_listing(id, actor.organisation.id, &draft, now));
        statements.extend(index::index_statements(id, &draft));
        statements.extend(partners::partner_statements(
            id,
            &actor.organisation.name,
            owner_gss.as_deref(),
            &draft.organisations,
            now,
        ));
        self.write(statements).await?;
        self.listing(id).await
    }

    async fn organisation_gss(&self, organisation: Uuid) -> Result<Option<String>, Error> {
        let row = self
            .backend
            .query_one(s(
                "SELECT gss_code FROM organisations WHERE id = $1",
                vec![organisation.to_string().into()],
            ))
            .await?;
        row.map(|r| r.opt_text("gss_code"))
            .transpose()
            .map(Option::flatten)
    }

    /// Refuses unless the listing exists and the actor's organisation owns it; returns its number.
    pub(super) async fn owned(&self, actor: &Actor, id: ListingId) -> Result<i64, Error> {
        let row = self
            .backend
            .query_one(s(
                "SELECT number, owner_id FROM listings WHERE id = $1",
                vec![id.to_string().into()],
            ))
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

    pub(super) async fn number(&self, id: ListingId) -> Result<i64, Error> {
        let row = self
            .backend
            .query_one(s(
                "SELECT number FROM listings WHERE id = $1",
                vec![id.to_string().into()],
            ))
            .await?
            .ok_or_else(|| Error::NotFound(format!("Listing {id}")))?;
        row.int("number")
    }

    pub async fn listing(&self, id: ListingId) -> Result<Listing, Error> {
        self.listing_where("l.id = $1", id.to_string().into(), &format!("Listing {id}"))
            .await
    }

    pub async fn listing_by_number(&self, number: i64) -> Result<Listing, Error> {
        self.listing_where("l.number = $1", number.into(), &format!("Project {number}"))
            .await
    }

    async fn listing_where(
        &self,
        condition: &str,
        key: Value,
        what: &str,
    ) -> Result<Listing, Error> {
        // The listing and its members in one trip to the database: a row per member, each
        // repeating the listing's columns (a listing always has at least its lead).
        let sql = format!(
            "SELECT {LISTING_COLUMNS}, m.organisation_id AS member_id, mo.name AS member_name, m.role AS member_role, m.since AS member_since \
             FROM listings l JOIN organisations o ON o.id = l.owner_id LEFT JOIN memberships m ON m.listing = l.number \
             LEFT JOIN organisations mo ON mo.id = m.organisation_id WHERE {condition} ORDER BY m.since, mo.name"
        );
        let rows = self.backend.query(Statement::new(sql, vec![key])).await?;
        let first = rows
            .first()
            .ok_or_else(|| Error::NotFound(what.to_string()))?;
        let mut members = Vec::with_capacity(rows.len());
        for m in &rows {
            let Some(member) = m.opt_text("member_id")? else {
                continue;
            };
            members.push(Member {
                organisation: OrganisationSummary {
                    id: uuid(&member)?,
                    name: m.text("member_name")?,
                },
                role: word::<PartyRole>(&m.text("member_role")?, "role")?,
                since: time(m.int("member_since")?),
            });
        }
        let partners = self.partner_states(first.int("number")?).await?;
        listing_from_row(first, members, &partners)
    }

    /// Listings numbered after `after`, in the order they were first published, for the legacy
    /// routes (without members). Paging by number costs the same on the last page as the first.
    pub async fn listings_in_order(&self, limit: u32, after: i64) -> Result<Vec<Listing>, Error> {
        let sql = format!(
            "SELECT {LISTING_COLUMNS} FROM listings l JOIN organisations o ON o.id = l.owner_id WHERE l.number > $1 ORDER BY l.number LIMIT {limit}"
        );
        let rows = self
            .backend
            .query(Statement::new(sql, vec![after.into()]))
            .await?;
        rows.iter()
            .map(|r| listing_from_row(r, Vec::new(), &BTreeMap::new()))
            .collect()
    }
}
