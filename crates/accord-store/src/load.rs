//! The whole workspace at once: loading it, writing it into a new file, and the summary
//! that `accord show` prints without loading everything.

use std::collections::BTreeMap;

use accord_domain::{FORMAT, FORMAT_VERSION, Workspace};
use rusqlite::Connection;
use serde::Serialize;

use crate::error::Result;
use crate::{
    Stamp, WorkspaceFile, agreement, decisions, handover, parties, project, raci, signoffs,
};

/// The figures `accord show` prints, read with counts rather than by loading every record.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub project: accord_domain::Project,
    pub agreement_version: u32,
    pub agreement_status: String,
    /// Sections by state: empty, draft, agreed.
    pub sections: BTreeMap<String, u32>,
    pub organisations: u32,
    pub people: u32,
    pub people_left: u32,
    pub activities: u32,
    pub assignments: u32,
    /// Decisions by status.
    pub decisions: BTreeMap<String, u32>,
    pub handover_notes: u32,
    pub signoffs: u32,
    pub changes: u32,
    pub schema_version: i64,
}

/// Every record in the workspace, read through `conn` (inside a change, the records as
/// that change sees them); the decisions log only when `with_decisions`.
pub(crate) fn read(conn: &Connection, with_decisions: bool) -> Result<Workspace> {
    Ok(Workspace {
        format: FORMAT.to_string(),
        format_version: FORMAT_VERSION,
        project: project::read(conn)?,
        organisations: parties::organisations(conn)?,
        people: parties::people(conn)?,
        agreement: agreement::read(conn)?,
        raci: raci::read(conn)?,
        decisions: if with_decisions {
            decisions::read_all(conn)?
        } else {
            Vec::new()
        },
        succession: handover::read_all(conn)?,
        signoffs: signoffs::read_all(conn)?,
    })
}

impl WorkspaceFile {
    /// Every record in the workspace, in the order it was entered.
    pub fn load(&self) -> Result<Workspace> {
        read(&self.conn, true)
    }

    /// Everything except the decisions log, which is most of a large workspace and which
    /// the readiness check does not read.
    pub fn load_for_check(&self) -> Result<Workspace> {
        read(&self.conn, false)
    }

    /// Counts of everything, for an overview.
    pub fn summary(&self) -> Result<Summary> {
        let conn = &self.conn;
        let count = |sql: &str| -> Result<u32> { Ok(conn.query_row(sql, [], |r| r.get(0))?) };
        let grouped = |sql: &str| -> Result<BTreeMap<String, u32>> {
            let mut stmt = conn.prepare(sql)?;
            let rows = stmt
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            Ok(rows)
        };
        let (agreement_version, agreement_status) =
            conn.query_row("SELECT version, status FROM agreement", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
        Ok(Summary {
            project: project::read(conn)?,
            agreement_version,
            agreement_status,
            sections: grouped(
                "SELECT CASE WHEN trim(body) = '' THEN 'empty' ELSE status END AS state, count(*) FROM section GROUP BY state",
            )?,
            organisations: count("SELECT count(*) FROM organisation")?,
            people: count("SELECT count(*) FROM person")?,
            people_left: count("SELECT count(*) FROM person WHERE NOT active")?,
            activities: count("SELECT count(*) FROM activity")?,
            assignments: count("SELECT count(*) FROM assignment")?,
            decisions: grouped("SELECT status, count(*) FROM decision GROUP BY status")?,
            handover_notes: count("SELECT count(*) FROM handover_note")?,
            signoffs: count("SELECT count(*) FROM signoff")?,
            changes: count("SELECT count(*) FROM operation")?,
            schema_version: conn.pragma_query_value(None, "user_version", |r| r.get(0))?,
        })
    }
}

/// Writes every record of `ws` into a freshly created file, one operation per record, all
/// in one transaction.
pub(crate) fn write_all(file: &mut WorkspaceFile, ws: &Workspace, stamp: &Stamp) -> Result<()> {
    file.change(stamp, |c| {
        project::create(c, &ws.project)?;
        for o in &ws.organisations {
            // Signatories are people, who are written next: link them afterwards.
            parties::create_organisation(
                c,
                &accord_domain::Organisation {
                    signatory: None,
                    ..o.clone()
                },
            )?;
        }
        for p in &ws.people {
            parties::create_person(c, p)?;
        }
        for o in ws.organisations.iter().filter(|o| o.signatory.is_some()) {
            parties::write_organisation(c, o)?;
        }
        agreement::create(c, &ws.agreement)?;
        let names = ws.party_names();
        for a in &ws.raci.activities {
            raci::create_activity(c, a)?;
            let mut parties: Vec<accord_domain::Id> = Vec::new();
            for x in ws.raci.assignments.iter().filter(|x| x.activity == a.id) {
                if !parties.contains(&x.party) {
                    parties.push(x.party);
                }
            }
            for party in parties {
                let roles: Vec<accord_domain::RaciRole> = ws
                    .raci
                    .assignments
                    .iter()
                    .filter(|x| x.activity == a.id && x.party == party)
                    .map(|x| x.role)
                    .collect();
                raci::log_cell(c, a.id, party, &roles, &a.name, names[&party])?;
            }
        }
        for d in &ws.decisions {
            decisions::create(c, d)?;
        }
        for n in &ws.succession {
            handover::create(c, n)?;
        }
        for s in &ws.signoffs {
            signoffs::create(c, s)?;
        }
        Ok(())
    })
}
