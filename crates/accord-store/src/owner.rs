//! The file in use, as Word does it: while the app has a workspace open it keeps an owner
//! file beside it (`~$NAME.lock`: who, their organisation, the machine, the process and
//! since when), removed when it closes. A second Accord reads it and says who has the file.
//!
//! The owner holds a shared operating-system lock on its owner file for as long as it is
//! open, so another process can tell a live owner (the lock is held) from one that
//! crashed (the system released the lock; the file is left over). Where a file system
//! cannot say (some shares), a lock from this machine whose process is gone is stale, and
//! any other is taken as live until the user chooses to take it over.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use accord_domain::Actor;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{Result, StoreError};
use crate::place::folder;

/// Who has a workspace open, as their owner file says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Owner {
    pub name: String,
    pub organisation: String,
    pub machine: String,
    pub pid: u32,
    pub since: DateTime<Utc>,
}

impl Owner {
    /// This process, acting as `who`.
    pub fn me(who: &Actor, since: DateTime<Utc>) -> Owner {
        Owner {
            name: who.name.clone(),
            organisation: who.organisation.clone(),
            machine: this_machine(),
            pid: std::process::id(),
            since,
        }
    }

    /// True when the owner is on this machine.
    pub fn is_this_machine(&self) -> bool {
        self.machine.eq_ignore_ascii_case(&this_machine())
    }

    /// "bins.accord is in use by Siân Jones (Isle of Anglesey County Council) on LAPTOP-7
    /// since 14:05 on 1 December. You can open it read-only, or wait until they close it."
    pub fn in_use_sentence(&self, workspace: &Path) -> String {
        let name = workspace
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| workspace.display().to_string());
        let since = self
            .since
            .with_timezone(&chrono::Local)
            .format("%H:%M on %-d %B");
        format!(
            "{name} is in use by {} ({}) on {} since {since}. You can open it read-only, or wait until they close it.",
            self.name, self.organisation, self.machine
        )
    }
}

/// This machine's name, as other machines on a share will see it in an owner file.
pub fn this_machine() -> String {
    let from_env = ["COMPUTERNAME", "HOSTNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()));
    let from_file = || {
        fs::read_to_string("/proc/sys/kernel/hostname")
            .or_else(|_| fs::read_to_string("/etc/hostname"))
            .ok()
    };
    from_env
        .or_else(from_file)
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "an unnamed computer".into())
}

/// The owner file of the workspace at `workspace`.
pub fn owner_file(workspace: &Path) -> PathBuf {
    let name = workspace
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    folder(workspace).join(format!("~${name}.lock"))
}

/// What the owner file beside a workspace says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Holder {
    /// No owner file.
    Nobody,
    /// An owner file left by a process that is gone.
    Stale(Owner),
    /// Someone has the workspace open (or, on a share that cannot tell, may have).
    Live(Owner),
}

/// Reads the owner file beside `workspace`, and whether its owner is still there.
pub fn holder(workspace: &Path) -> Holder {
    let path = owner_file(workspace);
    let Ok(mut file) = fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(&path)
        .or_else(|_| fs::File::open(&path))
    else {
        return Holder::Nobody;
    };
    let mut text = String::new();
    let owner: Option<Owner> = file
        .read_to_string(&mut text)
        .ok()
        .and_then(|_| serde_json::from_str(&text).ok());
    let Some(owner) = owner else {
        // Half-written or not ours: live while its writer holds it, else left over.
        let since = file
            .metadata()
            .and_then(|m| m.modified())
            .map(DateTime::<Utc>::from)
            .unwrap_or_default();
        let unknown = Owner {
            name: "someone".into(),
            organisation: "an unknown organisation".into(),
            machine: "another computer".into(),
            pid: 0,
            since,
        };
        return if held(&file) == Some(true) {
            Holder::Live(unknown)
        } else {
            Holder::Stale(unknown)
        };
    };
    match held(&file) {
        Some(true) => Holder::Live(owner),
        Some(false) => Holder::Stale(owner),
        // The file system cannot say: judge by the process, on this machine only.
        None if owner.is_this_machine() && !process_alive(owner.pid) => Holder::Stale(owner),
        None => Holder::Live(owner),
    }
}

/// Whether another handle holds a lock on `file`: `None` when the file system cannot say.
fn held(file: &fs::File) -> Option<bool> {
    match file.try_lock() {
        Ok(()) => {
            let _ = file.unlock();
            Some(false)
        }
        Err(fs::TryLockError::WouldBlock) => Some(true),
        Err(fs::TryLockError::Error(_)) => None,
    }
}

#[cfg(target_os = "linux")]
fn process_alive(pid: u32) -> bool {
    Path::new(&format!("/proc/{pid}")).exists()
}

#[cfg(not(target_os = "linux"))]
fn process_alive(_pid: u32) -> bool {
    // Without a safe way to ask, assume it is there: the user can still take over.
    true
}

/// This process's claim on a workspace: the owner file, locked while it is held, and
/// removed when it is dropped (unless someone took it over meanwhile).
#[derive(Debug)]
pub struct OwnerLock {
    path: PathBuf,
    owner: Owner,
    file: Option<fs::File>,
}

impl OwnerLock {
    pub fn owner(&self) -> &Owner {
        &self.owner
    }

    /// Claims `workspace` for `owner`. A stale owner file is replaced; a live one is
    /// returned as `Err(owner)`, and nothing is changed.
    pub fn claim(workspace: &Path, owner: Owner) -> Result<std::result::Result<OwnerLock, Owner>> {
        for _ in 0..3 {
            match holder(workspace) {
                Holder::Live(other) => return Ok(Err(other)),
                Holder::Stale(_) => {
                    let _ = fs::remove_file(owner_file(workspace));
                }
                Holder::Nobody => {}
            }
            match write_new(workspace, &owner)? {
                Some(lock) => return Ok(Ok(lock)),
                None => continue, // another process wrote one meanwhile: look again
            }
        }
        Err(StoreError::Busy(
            "another Accord is opening this workspace at the same moment".into(),
        ))
    }

    /// Takes the workspace over from whoever holds it (the user chose to, after being
    /// told who has it), and claims it for `owner`.
    pub fn take_over(workspace: &Path, owner: Owner) -> Result<OwnerLock> {
        for _ in 0..3 {
            let _ = fs::remove_file(owner_file(workspace));
            if let Some(lock) = write_new(workspace, &owner)? {
                return Ok(lock);
            }
        }
        Err(StoreError::Busy(
            "another Accord is opening this workspace at the same moment".into(),
        ))
    }
}

/// Writes an owner file for `owner` beside `workspace`, locked before it appears there,
/// never over one that exists. `None` when one appeared first.
fn write_new(workspace: &Path, owner: &Owner) -> Result<Option<OwnerLock>> {
    let path = owner_file(workspace);
    let mut temp = tempfile::Builder::new()
        .prefix(".~owner-")
        .tempfile_in(folder(workspace))?;
    temp.write_all(
        serde_json::to_string_pretty(owner)
            .map_err(|e| StoreError::Corrupt(e.to_string()))?
            .as_bytes(),
    )?;
    temp.as_file().sync_all()?;
    temp.as_file().lock_shared().map_err(StoreError::Io)?;
    match temp.persist_noclobber(&path) {
        Ok(file) => Ok(Some(OwnerLock {
            path,
            owner: owner.clone(),
            file: Some(file),
        })),
        Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => Ok(None),
        Err(e) => Err(StoreError::Io(e.error)),
    }
}

impl Drop for OwnerLock {
    fn drop(&mut self) {
        // Remove the owner file only if it is still ours: someone may have taken over.
        let ours = fs::read_to_string(&self.path)
            .ok()
            .and_then(|t| serde_json::from_str::<Owner>(&t).ok())
            .is_some_and(|o| o == self.owner);
        if ours {
            let _ = fs::remove_file(&self.path);
        }
        if let Some(f) = self.file.take() {
            let _ = f.unlock();
        }
    }
}
