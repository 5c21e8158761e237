//! The `accord` command line, run as a real process against real workspace files.

mod crash;
mod exit_codes;
mod export_safety;
mod import_export;
mod paths;
mod pipeline;
mod signoff;
mod sync;
mod tour;
mod verbs;
mod workspace_file;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A folder with its own settings, where `accord` runs as "Siân Jones".
pub struct Bench {
    pub dir: tempfile::TempDir,
}

impl Default for Bench {
    fn default() -> Bench {
        Bench::new()
    }
}

impl Bench {
    pub fn new() -> Bench {
        let b = Bench {
            dir: tempfile::tempdir().unwrap(),
        };
        b.ok(&[
            "me",
            "set",
            "--name",
            "Siân Jones",
            "--organisation",
            "Isle of Anglesey County Council",
        ]);
        b
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn command(&self) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_accord"));
        c.current_dir(self.dir.path())
            .env("ACCORD_CONFIG_DIR", self.dir.path().join("settings"))
            .env_remove("ACCORD_AS");
        c
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.command().args(args).output().unwrap()
    }

    /// Runs and expects success; returns standard output.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "accord {args:?} failed ({:?}):\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Runs and expects exit code `code`; returns standard error.
    pub fn fails(&self, code: i32, args: &[&str]) -> String {
        let out = self.run(args);
        assert_eq!(
            out.status.code(),
            Some(code),
            "accord {args:?}:\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stderr).unwrap()
    }

    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        serde_json::from_str(&self.ok(args)).unwrap()
    }

    /// `accord check FILE --json`, which exits 1 when it finds errors.
    pub fn check(&self, file: &str) -> serde_json::Value {
        let out = self.run(&["check", file, "--json"]);
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    }

    /// Every file name in the folder (settings aside), sorted.
    pub fn listing(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n != "settings")
            .collect();
        names.sort();
        names
    }
}

pub fn read(p: &Path) -> Vec<u8> {
    std::fs::read(p).unwrap()
}

/// A small deterministic sequence of numbers, for spreading kills over a process's life.
pub struct Lcg(pub u64);

impl Lcg {
    pub fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % below
    }
}
