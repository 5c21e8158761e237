//! Organisations and people: reading, adding, changing, and removing them while nothing
//! refers to them.

use accord_domain::party::{self, OrganisationPatch, PersonPatch};
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
    let mut stmt = conn.prepare_cached(
        "SELECT * FROM organisation ORDER BY coalesce(order_key, 9223372036854775807), seq",
    )?;
    let rows = stmt
        .query_map([], org_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub(crate) fn people(conn: &Connection) -> Result<Vec<Person>> {
    let mut stmt = conn.prepare_cached(
        "SELECT * FROM person ORDER BY coalesce(order_key, 9223372036854775807), seq",
    )?;
    let rows = stmt
        .query_map([], person_from_row)?
        .collect::<rusqlite::Result<_>>()?;
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
    c.log(
        "organisation",
        &o.id.to_string(),
        Action::Create,
        &format!("Added {}", o.name),
        None,
        Some(o),
    )
}

pub(crate) fn create_person(c: &mut Change<'_>, p: &Person) -> Result<()> {
    write_person(c, p)?;
    c.log(
        "person",
        &p.id.to_string(),
        Action::Create,
        &format!("Added {}", p.name),
        None,
        Some(p),
    )
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
            party::ensure_new_organisation(&organisations(c)?, &org)?;
            create_organisation(c, &org)?;
            Ok(org)
        })
    }

    /// Adds organisations read from a register, skipping any already in the workspace (the
    /// domain's `organisations_to_add`). Returns those added; all are added, or none.
    pub fn add_organisations(
        &mut self,
        orgs: Vec<Organisation>,
        stamp: &Stamp,
    ) -> Result<Vec<Organisation>> {
        self.change(stamp, |c| {
            let added = party::organisations_to_add(&organisations(c)?, orgs);
            for org in &added {
                create_organisation(c, org)?;
            }
            Ok(added)
        })
    }

    pub fn update_organisation(
        &mut self,
        id: Id,
        patch: OrganisationPatch,
        stamp: &Stamp,
    ) -> Result<Organisation> {
        self.change(stamp, |c| {
            let before = organisation(c, id)?;
            let mut after = before.clone();
            after.apply(patch)?;
            if let Some(s) = after.signatory {
                person(c, s)?;
            }
            if after != before {
                write_organisation(c, &after)?;
                c.log(
                    "organisation",
                    &id.to_string(),
                    Action::Update,
                    &format!("Changed {}", after.name),
                    Some(&before),
                    Some(&after),
                )?;
            }
            Ok(after)
        })
    }

    /// Removes an organisation that nothing refers to (the domain decides, from every record).
    pub fn remove_organisation(&mut self, id: Id, stamp: &Stamp) -> Result<Organisation> {
        self.change(stamp, |c| {
            let before = crate::load::read(c, true)?
                .removable_organisation(id)?
                .clone();
            c.execute("DELETE FROM organisation WHERE id = ?1", [id.to_string()])?;
            c.log(
                "organisation",
                &id.to_string(),
                Action::Delete,
                &format!("Removed {}", before.name),
                Some(&before),
                None,
            )?;
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
                c.log(
                    "person",
                    &id.to_string(),
                    Action::Update,
                    &summary,
                    Some(&before),
                    Some(&after),
                )?;
            }
            Ok(after)
        })
    }

    /// Removes a person that nothing refers to (the domain decides, from every record).
    pub fn remove_person(&mut self, id: Id, stamp: &Stamp) -> Result<Person> {
        self.change(stamp, |c| {
            let before = crate::load::read(c, true)?.removable_person(id)?.clone();
            c.execute("DELETE FROM person WHERE id = ?1", [id.to_string()])?;
            c.log(
                "person",
                &id.to_string(),
                Action::Delete,
                &format!("Removed {}", before.name),
                Some(&before),
                None,
            )?;
            Ok(before)
        })
    }
}
