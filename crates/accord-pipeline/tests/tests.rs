//! The workspace's side of Pipeline, without a network: what a listing holds, and which
//! server and token are used. (Against a real server: the `accord` command line's tests.)

mod listing;
mod server;

use accord_domain::{Actor, Workspace};
use accord_store::{Stamp, WorkspaceFile};

pub fn stamp() -> Stamp {
    Stamp::new(
        Actor::new("Siân Jones", "Isle of Anglesey County Council").unwrap(),
        "2026-11-26T10:00:00Z".parse().unwrap(),
    )
}

/// The small fixture workspace (real councils from the register) as a real file.
pub fn fixture_file(dir: &tempfile::TempDir, edit: impl FnOnce(&mut Workspace)) -> WorkspaceFile {
    let mut ws = accord_fixtures::workspace(accord_fixtures::Size::SMALL);
    edit(&mut ws);
    WorkspaceFile::import(dir.path().join("bins.accord"), &ws, &stamp()).unwrap()
}
