//! Accounts: organisations, their users, and the users' API tokens (kept only as hashes), and
//! who a bearer token acts for.

use chrono::{DateTime, Utc};
use pipeline_protocol::{OrganisationKind, OrganisationSummary};
use uuid::Uuid;

use super::{Actor, Store, TokenRecord, ms, s, time, uuid};
use crate::{Error, token};

impl Store {
    pub async fn create_organisation(
        &self,
        name: &str,
        kind: OrganisationKind,
        gss_code: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<OrganisationSummary, Error> {
        let name = name.trim();
        if name.is_empty() {
            return Err(Error::invalid(
                "name",
                "The organisation's name cannot be empty.",
            ));
        }
        let existing = self
            .backend
            .query_one(s(
                "SELECT id FROM organisations WHERE name = $1",
                vec![name.into()],
            ))
            .await?;
        if existing.is_some() {
            return Err(Error::Conflict(format!(
                "An organisation called '{name}' already exists."
            )));
        }
        let id = Uuid::now_v7();
        let gss_code = gss_code
            .map(|c| c.trim().to_ascii_uppercase())
            .filter(|c| !c.is_empty());
        self.backend
            .transaction(vec![s(
                "INSERT INTO organisations (id, name, kind, gss_code, created_at) VALUES ($1, $2, $3, $4, $5)",
                vec![id.to_string().into(), name.into(), kind.as_str().into(), gss_code.into(), ms(now).into()],
            )])
            .await?;
        Ok(OrganisationSummary {
            id,
            name: name.to_string(),
        })
    }

    pub async fn create_user(
        &self,
        organisation: Uuid,
        name: &str,
        email: &str,
        now: DateTime<Utc>,
    ) -> Result<Uuid, Error> {
        let org = self
            .backend
            .query_one(s(
                "SELECT id FROM organisations WHERE id = $1",
                vec![organisation.to_string().into()],
            ))
            .await?;
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
    pub async fn create_token(
        &self,
        user: Uuid,
        label: &str,
        now: DateTime<Utc>,
    ) -> Result<(Uuid, String), Error> {
        let found = self
            .backend
            .query_one(s(
                "SELECT id FROM users WHERE id = $1",
                vec![user.to_string().into()],
            ))
            .await?;
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
            let exists = self
                .backend
                .query_one(s(
                    "SELECT id FROM tokens WHERE id = $1",
                    vec![id.to_string().into()],
                ))
                .await?;
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
            organisation: OrganisationSummary {
                id: uuid(&row.text("org_id")?)?,
                name: row.text("org_name")?,
            },
        })
    }
}
