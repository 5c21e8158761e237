//! Per-user settings on this laptop: who you are (recorded against every change you make),
//! the workspaces you opened recently, and the Pipeline server you publish to with your
//! token. Kept in one small JSON file per user, never in a workspace, which is shared.
//! Because it can hold a token, the file is written readable by its owner only (0600 on
//! unix), and the token never appears in `Debug` output.

use std::path::{Path, PathBuf};

use accord_domain::Actor;
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// How many recent workspaces are remembered.
pub const RECENT_LIMIT: usize = 8;

#[derive(Debug, Error)]
pub enum SettingsError {
    #[error("Cannot find a folder for your settings: set ACCORD_CONFIG_DIR to one.")]
    NoFolder,
    #[error("Your settings file {path} cannot be read ({reason}); fix or delete it.")]
    Unreadable { path: PathBuf, reason: String },
    #[error("Could not save your settings in {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl SettingsError {
    pub fn code(&self) -> &'static str {
        match self {
            SettingsError::NoFolder => "settings_no_folder",
            SettingsError::Unreadable { .. } => "settings_unreadable",
            SettingsError::Write { .. } => "settings_write",
        }
    }
}

/// Everything kept per user.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    #[serde(default)]
    pub me: Option<Actor>,
    /// Most recent first.
    #[serde(default)]
    pub recent: Vec<PathBuf>,
    /// The Pipeline server to publish to and search. None until the user sets one: until
    /// then Accord sends nothing anywhere.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pipeline: Option<PipelineServer>,
}

/// A Pipeline server's address and the token this user acts with there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PipelineServer {
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<Token>,
}

/// An API token. Shown as `[hidden]` by `Debug`, so it cannot reach a log by accident;
/// [`Token::expose`] is the one way to read it, for the request that sends it.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Token(String);

impl Token {
    /// A token from what was typed or piped in; `None` when it is blank.
    pub fn new(text: &str) -> Option<Token> {
        let t = text.trim();
        (!t.is_empty()).then(|| Token(t.to_string()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[hidden]")
    }
}

impl Settings {
    /// Puts `path` at the top of the recent list.
    pub fn remember(&mut self, path: &Path) {
        // dunce: on Windows, the path as people write it (`C:\...`, `\\server\share\...`),
        // not the `\\?\` form the system's canonical path has.
        let path = dunce::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        self.recent.retain(|p| p != &path);
        self.recent.insert(0, path);
        self.recent.truncate(RECENT_LIMIT);
    }
}

/// Where the settings file lives: `$ACCORD_CONFIG_DIR/settings.json`, or the operating
/// system's per-user config folder (`~/.config/accord` on Linux, `%APPDATA%\Accord\config`
/// on Windows).
pub fn path() -> Result<PathBuf, SettingsError> {
    if let Some(dir) = std::env::var_os("ACCORD_CONFIG_DIR") {
        return Ok(PathBuf::from(dir).join("settings.json"));
    }
    directories::ProjectDirs::from("", "", "Accord")
        .map(|d| d.config_dir().join("settings.json"))
        .ok_or(SettingsError::NoFolder)
}

pub fn load() -> Result<Settings, SettingsError> {
    load_from(&path()?)
}

pub fn load_from(path: &Path) -> Result<Settings, SettingsError> {
    match std::fs::read_to_string(path) {
        Ok(text) => serde_json::from_str(&text).map_err(|e| SettingsError::Unreadable {
            path: path.into(),
            reason: e.to_string(),
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Settings::default()),
        Err(e) => Err(SettingsError::Unreadable {
            path: path.into(),
            reason: e.to_string(),
        }),
    }
}

/// Saves atomically (write a new file, then rename), so a crash never leaves half a file.
pub fn save(settings: &Settings) -> Result<PathBuf, SettingsError> {
    let path = path()?;
    save_to(settings, &path)?;
    Ok(path)
}

pub fn save_to(settings: &Settings, path: &Path) -> Result<(), SettingsError> {
    let write = |source| SettingsError::Write {
        path: path.into(),
        source,
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(write)?;
    }
    let tmp = path.with_extension("json.tmp");
    let _ = std::fs::remove_file(&tmp);
    let mut file = owner_only().open(&tmp).map_err(write)?;
    std::io::Write::write_all(
        &mut file,
        serde_json::to_string_pretty(settings)
            .expect("settings serialise")
            .as_bytes(),
    )
    .map_err(write)?;
    file.sync_all().map_err(write)?;
    drop(file);
    std::fs::rename(&tmp, path).map_err(write)
}

/// Options for a new file only its owner can read (0600 on unix), made from the start
/// with that mode, so a token is never readable by others even for a moment.
fn owner_only() -> std::fs::OpenOptions {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_round_trip_and_recent_is_most_recent_first_without_repeats() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("s/settings.json");
        assert_eq!(load_from(&file).unwrap(), Settings::default());
        let mut s = Settings {
            me: Some(Actor::new("Siân Jones", "Gwynedd").unwrap()),
            ..Settings::default()
        };
        for i in [1, 2, 1, 3] {
            s.remember(Path::new(&format!("/nowhere/{i}.accord")));
        }
        assert_eq!(
            s.recent,
            [
                "/nowhere/3.accord",
                "/nowhere/1.accord",
                "/nowhere/2.accord"
            ]
            .map(PathBuf::from)
        );
        save_to(&s, &file).unwrap();
        assert_eq!(load_from(&file).unwrap(), s);
        std::fs::write(&file, "{ not json").unwrap();
        assert_eq!(load_from(&file).unwrap_err().code(), "settings_unreadable");
    }

    #[test]
    fn a_token_is_kept_owner_only_and_never_shown_by_debug() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("settings.json");
        let server = PipelineServer {
            url: "https://pipeline.example.gov.uk/".into(),
            token: Token::new("  pl_secret123  "),
        };
        let s = Settings {
            pipeline: Some(server),
            ..Settings::default()
        };
        assert!(!format!("{s:?}").contains("pl_secret123"), "{s:?}");
        save_to(&s, &file).unwrap();
        assert_eq!(
            load_from(&file)
                .unwrap()
                .pipeline
                .unwrap()
                .token
                .unwrap()
                .expose(),
            "pl_secret123"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                std::fs::metadata(&file).unwrap().permissions().mode() & 0o777,
                0o600
            );
        }
        assert_eq!(Token::new("   "), None);
    }

    /// Windows only: where the settings live there, and how a recent path is written.
    #[cfg(windows)]
    #[test]
    fn on_windows_settings_live_under_appdata_and_recent_paths_read_as_typed() {
        if std::env::var_os("ACCORD_CONFIG_DIR").is_none() {
            let appdata = PathBuf::from(std::env::var_os("APPDATA").expect("%APPDATA% is set"));
            assert_eq!(
                path().unwrap(),
                appdata.join(r"Accord\config\settings.json")
            );
        }
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("Cyngor Môn ŵ.accord");
        std::fs::write(&file, b"").unwrap();
        let mut s = Settings::default();
        s.remember(&file);
        let shown = s.recent[0].to_string_lossy().into_owned();
        assert!(!shown.starts_with(r"\\?\"), "{shown}");
        assert!(shown.ends_with(r"\Cyngor Môn ŵ.accord"), "{shown}");
        assert_eq!(shown.as_bytes()[1], b':', "a drive letter: {shown}");
    }
}
