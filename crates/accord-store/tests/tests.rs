//! The workspace file, tested on real SQLite files in a temporary folder.

mod changes;
mod file_safety;
mod files;
mod migrations;
mod round_trip;
mod search;
mod sync;

use std::path::{Path, PathBuf};

use accord_domain::Actor;
use accord_store::{Stamp, WorkspaceFile};
use chrono::{TimeZone, Utc};
use sha2::{Digest, Sha256};

pub fn stamp() -> Stamp {
    Stamp::new(
        Actor::new("Siân Jones", "Isle of Anglesey County Council").unwrap(),
        Utc.with_ymd_and_hms(2026, 11, 26, 10, 0, 0).unwrap(),
    )
}

pub struct Dir {
    pub dir: tempfile::TempDir,
}

impl Default for Dir {
    fn default() -> Dir {
        Dir::new()
    }
}

impl Dir {
    pub fn new() -> Dir {
        Dir {
            dir: tempfile::tempdir().unwrap(),
        }
    }
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
    /// Every file name in the folder, sorted.
    pub fn listing(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

pub fn new_file(dir: &Dir) -> WorkspaceFile {
    WorkspaceFile::create(dir.path("project.accord"), "Shared bin data", &stamp()).unwrap()
}

pub fn sha256(path: &Path) -> String {
    format!("{:x}", Sha256::digest(std::fs::read(path).unwrap()))
}
