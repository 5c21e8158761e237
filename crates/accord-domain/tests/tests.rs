//! The rules of a workspace, tested through the domain crate's public API.

mod agreement;
mod decisions;
mod handover;
mod merge;
mod raci;
mod readiness;
mod references;
mod rules;

use accord_domain::{Actor, Id, Project, Workspace};
use chrono::{DateTime, TimeZone, Utc};

pub fn new_workspace() -> Workspace {
    let mut n = 0u64;
    Workspace::new(
        Project::new(accord_fixtures::id(0, 0), "Shared bin data").unwrap(),
        || {
            n += 1;
            accord_fixtures::id(9, n)
        },
    )
}

pub fn siân() -> Actor {
    Actor::new("Siân Jones", "Isle of Anglesey County Council").unwrap()
}

pub fn at(hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, hour, 0, 0).unwrap()
}

pub fn person(ws: &mut Workspace, n: u64, name: &str, active: bool) -> Id {
    let mut p = accord_domain::Person::new(accord_fixtures::id(2, n), name).unwrap();
    p.active = active;
    ws.people.push(p);
    accord_fixtures::id(2, n)
}
