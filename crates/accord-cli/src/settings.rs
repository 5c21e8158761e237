//! Who is using Accord on this laptop: a name and organisation, set once and kept in a
//! per-user settings file (never in the workspace, which is shared).

use std::path::PathBuf;

use accord_domain::Actor;
use serde::{Deserialize, Serialize};

use crate::failure::{Failure, Outcome};

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Settings {
    pub me: Option<Actor>,
}

/// `$ACCORD_CONFIG_DIR/settings.json`, or the operating system's per-user config folder
/// (`~/.config/accord` on Linux, `%APPDATA%\Accord\config` on Windows).
pub fn path() -> Outcome<PathBuf> {
    if let Some(dir) = std::env::var_os("ACCORD_CONFIG_DIR") {
        return Ok(PathBuf::from(dir).join("settings.json"));
    }
    directories::ProjectDirs::from("", "", "Accord")
        .map(|d| d.config_dir().join("settings.json"))
        .ok_or_else(|| Failure::usage("Cannot find a folder for your settings: set ACCORD_CONFIG_DIR to one."))
}

pub fn load() -> Outcome<Settings> {
    let path = path()?;
    match std::fs::read_to_string(&path) {
        Ok(text) => serde_json::from_str(&text)
            .map_err(|e| Failure::usage(format!("Your settings file {} cannot be read ({e}); fix or delete it.", path.display()))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Settings::default()),
        Err(e) => Err(Failure::io(format!("Reading {}", path.display()))(e)),
    }
}

pub fn save(settings: &Settings) -> Outcome<PathBuf> {
    let path = path()?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(Failure::io(format!("Creating {}", dir.display())))?;
    }
    let text = serde_json::to_string_pretty(settings).expect("settings serialise");
    let tmp = path.with_extension("json.tmp");
    std::fs::write(&tmp, text).map_err(Failure::io(format!("Writing {}", tmp.display())))?;
    std::fs::rename(&tmp, &path).map_err(Failure::io(format!("Writing {}", path.display())))?;
    Ok(path)
}

/// The person acting: `--as` if given, otherwise the one set up on this laptop.
pub fn actor(acting_as: Option<&str>) -> Outcome<Actor> {
    if let Some(s) = acting_as {
        return Ok(Actor::parse(s)?);
    }
    load()?.me.ok_or_else(|| {
        Failure::usage(
            "Accord does not know who you are yet, and every change records who made it. Run once on this laptop:\n  \
             accord me set --name \"Your Name\" --organisation \"Your Council\"\nor add --as \"Your Name (Your Council)\" to this command.",
        )
    })
}
