//! Where a workspace file lives, as far as keeping it safe goes: whether this process can
//! write it (and the folder SQLite keeps its journal in), and whether it is on a network
//! file system, where SQLite's write-ahead log must not be used.

use std::fs;
use std::path::{Path, PathBuf};

/// Set to `1` to treat every folder as a network share (journal_mode=DELETE). For testing
/// only: the real detection is by file system type (Linux) or UNC path (Windows).
pub const ASSUME_NETWORK_ENV: &str = "ACCORD_TEST_ASSUME_NETWORK_FS";

/// The folder a file is in (`.` for a bare name).
pub(crate) fn folder(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// True when this process can change `path`: the file opens for writing (without
/// touching it) and its folder takes new files (SQLite's journal or log goes there).
/// Asks the system rather than reading mode bits, so an immutable file, a read-only
/// mount or a folder without write permission all count, even for an administrator.
pub(crate) fn writable(path: &Path) -> bool {
    fs::OpenOptions::new().write(true).open(path).is_ok() && folder_writable(&folder(path))
}

#[cfg(unix)]
fn folder_writable(dir: &Path) -> bool {
    rustix::fs::access(dir, rustix::fs::Access::WRITE_OK).is_ok()
}

#[cfg(not(unix))]
fn folder_writable(_dir: &Path) -> bool {
    // On Windows a folder's read-only attribute does not stop new files; the file's own
    // check above, and SQLite's own error, stand.
    true
}

/// True when `path` is on a network file system (NFS, SMB/CIFS, a FUSE mount, 9p...).
pub(crate) fn on_network(path: &Path) -> bool {
    if std::env::var(ASSUME_NETWORK_ENV).is_ok_and(|v| v == "1") {
        return true;
    }
    network_file_system(&folder(path))
}

#[cfg(target_os = "linux")]
fn network_file_system(dir: &Path) -> bool {
    // Magic numbers from linux/magic.h and the file systems' own sources.
    const NETWORK: &[u64] = &[
        0x6969,      // NFS
        0x517B,      // SMB
        0xFF53_4D42, // CIFS
        0xFE53_4D42, // SMB2
        0x6573_5546, // FUSE (sshfs, rclone, smbnetfs...)
        0x5346_414F, // AFS
        0x7375_7245, // Coda
        0x564C,      // NCP
        0x0102_1997, // 9p (WSL's Windows drives among them)
        0x00C3_6400, // Ceph
        0x0BD0_0BD0, // Lustre
        0x0116_1970, // GFS2
    ];
    let Ok(st) = rustix::fs::statfs(dir) else {
        return false;
    };
    // `f_type`'s integer type differs between architectures.
    #[allow(clippy::unnecessary_cast)]
    let kind = (st.f_type as i64 as u64) & 0xFFFF_FFFF;
    NETWORK.contains(&kind)
}

#[cfg(windows)]
fn network_file_system(dir: &Path) -> bool {
    // A share reached by name (\\server\share) or through a mapped drive letter: Windows
    // resolves the latter to its UNC form (\\?\UNC\server\share) when canonicalising.
    let unc = |p: &Path| {
        let s = p.as_os_str().to_string_lossy();
        s.starts_with(r"\\?\UNC\")
            || (s.starts_with(r"\\") && !s.starts_with(r"\\?\") && !s.starts_with(r"\\.\"))
    };
    unc(dir) || fs::canonicalize(dir).is_ok_and(|c| unc(&c))
}

#[cfg(not(any(target_os = "linux", windows)))]
fn network_file_system(_dir: &Path) -> bool {
    false
}

#[cfg(test)]
mod tests {
    /// Windows only (run under wine by scripts/windows-test.sh): a share is recognised by
    /// its path, by name or in the long-path form, without reaching any server.
    #[cfg(windows)]
    #[test]
    fn a_share_is_recognised_by_its_path_on_windows() {
        use super::network_file_system;
        use std::path::Path;
        assert!(network_file_system(Path::new(r"\\server\share")));
        assert!(network_file_system(Path::new(
            r"\\server\share\Prosiect Môn"
        )));
        assert!(network_file_system(Path::new(r"\\?\UNC\server\share")));
        let local = tempfile::tempdir().unwrap();
        assert!(!network_file_system(local.path()));
        assert!(!network_file_system(Path::new(r"\\?\C:\")));
    }
}
