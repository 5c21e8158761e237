//! Organisations and people: reading, adding, changing, and removing them while nothing
//! refers to them.

use accord_domain::party::{OrganisationPatch, PersonPatch};
use accord_domain::{Id, Organisation, Person, RuleError};
use rusqlite::{Connection, OptionalExtension, named_params};

use crate::change::{Action, Change};
use crate::codec::{opt_text, text};
use crate::error::Result;
use crate::{Stamp, WorkspaceFile};

fn org_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Organisation> {
    Ok(Organisation {
        id: text(row, "id")?,
        name: row.get("name")?,
        kind: text(row, "kind")?,
        gss_code: row.get("gss_code")?,
        role: text(row, "role")?,
        signatory: opt_text(row, "signatory")?,
    })
}

fn person_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Person> {
    Ok(Person {
        id: text(row, "id")?,
        name: row.get("name")?,
        job_title: row.get("job_title")?,
        organisation: opt_text(row, "organisation")?,
        email: row.get("email")?,
        phone: row.get("phone")?,
        active: row.get("active")?,
    })
}

pub(crate) fn organisations(conn: &Connection) -> Result<Vec<Organisation>> {
    let mut stmt = conn.prepare_cached("SELECT * FROM organisation ORDER BY seq")?;
    let rows = stmt.query_map([], org_from_row)?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub(crate) fn people(conn: &Connection) -> Result<Vec<Person>> {
    let mut stmt = conn.prepare_cached("SELECT * FROM person ORDER BY seq")?;
    let rows = stmt.query_map([], person_from_row)?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub(crate) fn organisation(conn: &Connection, id: Id) -> Result<Organisation> {
    conn.prepare_cached("SELECT * FROM organisation WHERE id = ?1")?
        .query_row([id.to_string()], org_from_row)
        .optional()?
        .ok_or_else(|| RuleError::NotFound(format!("The organisation {id}")).into())
}

pub(crate) fn person(conn: &Connection, id: Id) -> Result<Person> {
    conn.prepare_cached("SELECT * FROM person WHERE id = ?1")?
        .query_row([id.to_string()], person_from_row)
        .optional()?
        .ok_or_else(|| RuleError::NotFound(format!("The person {id}")).into())
}

pub(crate) fn write_organisation(conn: &Connection, o: &Organisation) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO organisation (id, name, kind, gss_code, role, signatory)
         VALUES (:id, :name, :kind, :gss_code, :role, :signatory)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind, gss_code = excluded.gss_code,
            role = excluded.role, signatory = excluded.signatory",
    )?
    .execute(named_params! {
        ":id": o.id.to_string(),
        ":name": o.name,
        ":kind": o.kind.as_str(),
        ":gss_code": o.gss_code,
        ":role": o.role.as_str(),
        ":signatory": o.signatory.map(|s| s.to_string()),
    })?;
    Ok(())
}

pub(crate) fn write_person(conn: &Connection, p: &Person) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO person (id, name, job_title, organisation, email, phone, active)
         VALUES (:id, :name, :job_title, :organisation, :email, :phone, :active)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, job_title = excluded.job_title,
            organisation = excluded.organisation, email = excluded.email, phone = excluded.phone, active = excluded.active",
    )?
    .execute(named_params! {
        ":id": p.id.to_string(),
        ":name": p.name,
        ":job_title": p.job_title,
        ":organisation": p.organisation.map(|s| s.to_string()),
        ":email": p.email,
        ":phone": p.phone,
        ":active": p.active,
    })?;
    Ok(())
}

pub(crate) fn create_organisation(c: &mut Change<'_>, o: &Organisation) -> Result<()> {
    write_organisation(c, o)?;
    c.log("organisation", &o.id.to_string(), Action::Create, &format!("Added {}", o.name), None, Some(o))
}

pub(crate) fn create_person(c: &mut Change<'_>, p: &Person) -> Result<()> {
    write_person(c, p)?;
    c.log("person", &p.id.to_string(), Action::Create, &format!("Added {}", p.name), None, Some(p))
}

/// What still names `id`, in words, for a refusal to remove it.
fn users_of(conn: &Connection, id: Id) -> Result<Vec<String>> {
    let id = id.to_string();
    let like = format!("%{id}%");
    let count = |sql: &str, value: &str| -> Result<i64> { Ok(conn.query_row(sql, [value], |r| r.get(0))?) };
    let uses = [
        (count("SELECT count(*) FROM person WHERE organisation = ?1", &id)?, "people"),
        (count("SELECT count(*) FROM organisation WHERE signatory = ?1", &id)?, "organisations they sign for"),
        (count("SELECT count(*) FROM assignment WHERE party = ?1", &id)?, "RACI assignments"),
        (count("SELECT count(*) FROM decision WHERE deciders LIKE ?1 OR consulted LIKE ?1 OR informed LIKE ?1", &like)?, "decisions"),
        (count("SELECT count(*) FROM handover_note WHERE holder = ?1 OR successor = ?1", &id)?, "handover notes"),
        (count("SELECT count(*) FROM signoff WHERE signed_by = ?1", &id)?, "sign-offs"),
    ];
    Ok(uses.iter().filter(|(n, _)| *n > 0).map(|(n, what)| format!("{n} {what}")).collect())
}

impl WorkspaceFile {
    pub fn organisations(&self) -> Result<Vec<Organisation>> {
        organisations(&self.conn)
    }

    pub fn people(&self) -> Result<Vec<Person>> {
        people(&self.conn)
    }

    pub fn add_organisation(&mut self, org: Organisation, stamp: &Stamp) -> Result<Organisation> {
        self.change(stamp, |c| {
            ensure_new_organisation(c, &org)?;
            create_organisation(c, &org)?;
            Ok(org)
        })
    }

    /// Adds organisations read from a register, skipping any whose ONS code or name is
    /// already in the workspace. Returns those added; all are added, or none.
    pub fn add_organisations(&mut self, orgs: Vec<Organisation>, stamp: &Stamp) -> Result<Vec<Organisation>> {
        self.change(stamp, |c| {
            let existing = organisations(c)?;
            let mut added: Vec<Organisation> = Vec::new();
            for org in orgs {
                let same = |o: &Organisation| {
                    o.name.eq_ignore_ascii_case(&org.name) || (o.gss_code.is_some() && o.gss_code == org.gss_code)
                };
                if existing.iter().any(same) || added.iter().any(same) {
                    continue;
                }
                create_organisation(c, &org)?;
                added.push(org);
            }
            Ok(added)
        })
    }

    pub fn update_organisation(&mut self, id: Id, patch: OrganisationPatch, stamp: &Stamp) -> Result<Organisation> {
        self.change(stamp, |c| {
            let before = organisation(c, id)?;
            let mut after = before.clone();
            after.apply(patch)?;
            if let Some(s) = after.signatory {
                person(c, s)?;
            }
            if after != before {
                write_organisation(c, &after)?;
                c.log("organisation", &id.to_string(), Action::Update, &format!("Changed {}", after.name), Some(&before), Some(&after))?;
            }
            Ok(after)
        })
    }

    /// Removes an organisation that nothing refers to.
    pub fn remove_organisation(&mut self, id: Id, stamp: &Stamp) -> Result<Organisation> {
        self.change(stamp, |c| {
            let before = organisation(c, id)?;
            let used = users_of(c, id)?;
            if !used.is_empty() {
                return Err(RuleError::InUse {
                    what: before.name.clone(),
                    by: used.join(", "),
                    hint: "move or remove those first, or change its role to observer.",
                }
                .into());
            }
            c.execute("DELETE FROM organisation WHERE id = ?1", [id.to_string()])?;
            c.log("organisation", &id.to_string(), Action::Delete, &format!("Removed {}", before.name), Some(&before), None)?;
            Ok(before)
        })
    }

    pub fn add_person(&mut self, p: Person, stamp: &Stamp) -> Result<Person> {
        self.change(stamp, |c| {
            if let Some(org) = p.organisation {
                organisation(c, org)?;
            }
            create_person(c, &p)?;
            Ok(p)
        })
    }

    pub fn update_person(&mut self, id: Id, patch: PersonPatch, stamp: &Stamp) -> Result<Person> {
        self.change(stamp, |c| {
            let before = person(c, id)?;
            let mut after = before.clone();
            after.apply(patch)?;
            if let Some(org) = after.organisation {
                organisation(c, org)?;
            }
            if after != before {
                write_person(c, &after)?;
                let summary = match (before.active, after.active) {
                    (true, false) => format!("Marked {} as having left the project", after.name),
                    (false, true) => format!("Marked {} as active again", after.name),
                    _ => format!("Changed {}", after.name),
                };
                c.log("person", &id.to_string(), Action::Update, &summary, Some(&before), Some(&after))?;
            }
            Ok(after)
        })
    }

    /// Removes a person that nothing refers to. Someone who has left but holds roles is
    /// marked inactive instead, so that their roles show as succession gaps.
    pub fn remove_person(&mut self, id: Id, stamp: &Stamp) -> Result<Person> {
        self.change(stamp, |c| {
            let before = person(c, id)?;
            let used = users_of(c, id)?;
            if !used.is_empty() {
                return Err(RuleError::InUse {
                    what: before.name.clone(),
                    by: used.join(", "),
                    hint: "mark them as having left instead, so their roles show as needing a successor.",
                }
                .into());
            }
            c.execute("DELETE FROM person WHERE id = ?1", [id.to_string()])?;
            c.log("person", &id.to_string(), Action::Delete, &format!("Removed {}", before.name), Some(&before), None)?;
            Ok(before)
        })
    }
}

fn ensure_new_organisation(conn: &Connection, org: &Organisation) -> Result<()> {
    let clash: Option<String> = conn
        .query_row(
            "SELECT name FROM organisation WHERE lower(name) = lower(?1) OR (gss_code IS NOT NULL AND gss_code = ?2)",
            rusqlite::params![org.name, org.gss_code],
            |r| r.get(0),
        )
        .optional()?;
    match clash {
        Some(name) => Err(RuleError::Duplicate(format!("The organisation {name}")).into()),
        None => Ok(()),
    }
}
