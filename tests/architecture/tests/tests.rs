//! `ARCHITECTURE.md`'s invariants, checked against the workspace as it is: which crate may
//! depend on which (from `cargo metadata` and `cargo tree`, so the real dependency graph),
//! where SQL, files and the clock may appear (by reading the sources), and that every file
//! opens with a comment saying what it is for. Each test names the invariant it checks.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// Crates that reach outside the process: files and databases, networks, async runtimes,
/// windows. A crate that must do no IO depends on none of them, directly or not.
const IO_CRATES: &[&str] = &[
    "rusqlite",
    "libsqlite3-sys",
    "rusqlite_migration",
    "sqlx",
    "tokio",
    "mio",
    "socket2",
    "hyper",
    "reqwest",
    "axum",
    "tauri",
    "wry",
];

/// The crates that make up the server; a crate that should build without it has none.
const SERVER_CRATES: &[&str] = &["axum", "sqlx", "pipeline"];

/// In the Rust sources, what only IO does (files, networks, processes, the environment).
const IO_CODE: &[&str] = &[
    "std::fs",
    "std::net",
    "std::process",
    "std::env",
    "File::open",
    "File::create",
    "tokio::",
];

/// In the Rust sources, what reads the clock or makes a random id.
const CLOCK_CODE: &[&str] = &[
    "Utc::now",
    "Local::now",
    "SystemTime::now",
    "Instant::now",
    "new_v4",
    "now_v7",
    "getrandom",
    "thread_rng",
];

/// In the Rust sources, what only SQL says.
const SQL_CODE: &[&str] = &[
    "SELECT ",
    "INSERT INTO",
    "INSERT OR",
    "DELETE FROM",
    "CREATE TABLE",
    "CREATE INDEX",
    "CREATE TRIGGER",
    "PRAGMA ",
    "rusqlite::",
];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

fn cargo(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO"))
        .args(args)
        .current_dir(root())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "cargo {}: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// One dependency a package's manifest declares.
#[derive(Debug, Clone)]
struct Declared {
    name: String,
    /// `normal`, `dev` or `build`.
    kind: String,
}

/// One of the workspace's packages, as its manifest says.
#[derive(Debug, Clone)]
struct Package {
    folder: PathBuf,
    declared: Vec<Declared>,
}

impl Package {
    /// The names of what it declares as dependencies of this kind.
    fn declares(&self, kind: &str) -> BTreeSet<&str> {
        self.declared
            .iter()
            .filter(|d| d.kind == kind)
            .map(|d| d.name.as_str())
            .collect()
    }
}

/// The workspace's packages by name, from their manifests alone (`cargo metadata --no-deps`).
fn packages() -> BTreeMap<String, Package> {
    let metadata: Value =
        serde_json::from_str(&cargo(&["metadata", "--format-version", "1", "--no-deps"])).unwrap();
    metadata["packages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let declared = p["dependencies"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| Declared {
                    name: d["name"].as_str().unwrap().to_string(),
                    kind: d["kind"].as_str().unwrap_or("normal").to_string(),
                })
                .collect();
            let manifest = PathBuf::from(p["manifest_path"].as_str().unwrap());
            (
                p["name"].as_str().unwrap().to_string(),
                Package {
                    folder: manifest.parent().unwrap().to_path_buf(),
                    declared,
                },
            )
        })
        .collect()
}

/// Every crate `package` is built with, directly or not, following the given kinds of edges
/// (`normal`, or `normal,dev` for what its tests build too), as `cargo tree` resolves them.
fn built_with(package: &str, edges: &str) -> BTreeSet<String> {
    cargo(&[
        "tree", "-p", package, "-e", edges, "--prefix", "none", "--format", "{p}",
    ])
    .lines()
    .filter_map(|line| line.split_whitespace().next())
    .filter(|name| *name != package)
    .map(String::from)
    .collect()
}

fn assert_built_without(package: &str, edges: &str, forbidden: &[&str], why: &str) {
    let found: Vec<String> = built_with(package, edges)
        .into_iter()
        .filter(|c| forbidden.contains(&c.as_str()))
        .collect();
    assert!(
        found.is_empty(),
        "{package} is built with {found:?} ({edges} dependencies), but {why}"
    );
}

/// The Rust files under `folder`, sorted.
fn rust_files(folder: &Path) -> Vec<PathBuf> {
    files(folder)
        .into_iter()
        .filter(|f| f.extension().is_some_and(|e| e == "rs"))
        .collect()
}

/// Every file under `folder`, leaving out build output, installed packages and hidden folders.
fn files(folder: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut folders = vec![folder.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if path.is_dir() {
                // Skipped: what the build makes or fetches (all in .gitignore), never written here:
                // `ui/vendor` is GOV.UK Frontend copied in by the desktop's build script.
                if !(name.starts_with('.')
                    || name == "target"
                    || name == "node_modules"
                    || name == "gen"
                    || name == "vendor")
                {
                    folders.push(path);
                }
            } else {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// Each line of the files under `folder` that contains one of `patterns`, as `path:line: text`.
fn lines_saying(folder: &Path, patterns: &[&str], skip: &[&Path]) -> Vec<String> {
    let mut hits = Vec::new();
    if !folder.exists() {
        return hits;
    }
    for file in rust_files(folder) {
        if skip.iter().any(|s| file.starts_with(s)) {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        for (n, line) in text.lines().enumerate() {
            if patterns.iter().any(|p| line.contains(p)) {
                hits.push(format!(
                    "{}:{}: {}",
                    file.strip_prefix(root()).unwrap_or(&file).display(),
                    n + 1,
                    line.trim()
                ));
            }
        }
    }
    hits
}

fn src(package: &str) -> PathBuf {
    packages()[package].folder.join("src")
}

#[test]
fn the_checks_below_see_the_real_workspace() {
    // Without this, a renamed crate or a cargo that prints nothing would make every check pass.
    let packages = packages();
    for name in [
        "accord-domain",
        "accord-store",
        "accord-cli",
        "accord-desktop",
        "pipeline",
        "pipeline-protocol",
        "accord-fixtures",
    ] {
        assert!(
            packages.contains_key(name),
            "no package {name} in {:?}",
            packages.keys()
        );
    }
    assert!(
        built_with("accord-store", "normal").contains("rusqlite"),
        "cargo tree sees the store's SQLite"
    );
    assert!(
        built_with("pipeline", "normal").contains("axum"),
        "cargo tree sees the server's axum"
    );
    assert!(
        !lines_saying(&src("accord-store"), SQL_CODE, &[]).is_empty(),
        "the SQL patterns find the store's SQL"
    );
    assert!(
        !lines_saying(&src("accord-cli"), IO_CODE, &[]).is_empty(),
        "the IO patterns find the command line's files"
    );
}

/// accord-domain: "no IO, no SQL, no clock, no random ids".
#[test]
fn the_domain_does_no_io_and_reads_no_clock() {
    assert_built_without(
        "accord-domain",
        "normal",
        IO_CRATES,
        "the domain does no IO",
    );
    let io = lines_saying(&src("accord-domain"), IO_CODE, &[]);
    assert!(
        io.is_empty(),
        "the domain does no IO (time, ids and the acting person are arguments):\n{}",
        io.join("\n")
    );
    let clock = lines_saying(&src("accord-domain"), CLOCK_CODE, &[]);
    assert!(
        clock.is_empty(),
        "the domain reads no clock and makes no random ids (they are arguments):\n{}",
        clock.join("\n")
    );
    let sql = lines_saying(&src("accord-domain"), SQL_CODE, &[]);
    assert!(
        sql.is_empty(),
        "the domain knows no SQL:\n{}",
        sql.join("\n")
    );
}

/// accord-documents: "no IO, no clock"; accord-interchange: "no files and no database";
/// accord-pdf: "knows nothing of SQL or the store; the date is passed in"; accord-office:
/// "no files, no database, no Tauri, no clock".
#[test]
fn documents_formats_and_pdfs_hold_no_database_and_read_no_clock() {
    for package in ["accord-documents", "accord-interchange", "accord-office"] {
        assert_built_without(
            package,
            "normal",
            IO_CRATES,
            "it does no IO: callers read and write bytes",
        );
        let io = lines_saying(&src(package), IO_CODE, &[]);
        assert!(
            io.is_empty(),
            "{package} opens no files:\n{}",
            io.join("\n")
        );
    }
    let forbidden = ["rusqlite", "libsqlite3-sys", "sqlx", "accord-store"];
    assert_built_without(
        "accord-pdf",
        "normal",
        &forbidden,
        "it knows nothing of SQL or the store",
    );
    for package in ["accord-documents", "accord-pdf", "accord-office"] {
        let clock = lines_saying(&src(package), CLOCK_CODE, &[]);
        assert!(
            clock.is_empty(),
            "{package} reads no clock (the date is passed in):\n{}",
            clock.join("\n")
        );
    }
}

/// pipeline-protocol: "the only crate the server and its client share; no IO; depends on
/// accord-domain for vocabularies only". The server "depends neither on accord-store nor on
/// the client".
#[test]
fn the_server_and_its_client_share_only_the_protocol() {
    let packages = packages();
    assert_built_without(
        "pipeline-protocol",
        "normal",
        IO_CRATES,
        "the protocol does no IO",
    );
    let ours: BTreeSet<&str> = packages["pipeline-protocol"]
        .declares("normal")
        .into_iter()
        .filter(|d| packages.contains_key(*d))
        .collect();
    assert_eq!(
        ours,
        BTreeSet::from(["accord-domain"]),
        "the protocol's only crate of ours is the domain"
    );
    let server = packages["pipeline"].declares("normal");
    for not in [
        "accord-store",
        "pipeline-client",
        "accord-pipeline",
        "accord-app",
    ] {
        assert!(!server.contains(not), "the server depends on {not}");
    }
    let client = built_with("pipeline-client", "normal");
    assert!(
        !client.contains("pipeline"),
        "the client is built with the server"
    );
}

/// accord-store: "the only crate that knows SQL" (the server has its own database, in its
/// `store` module: "only `store` knows SQL"). accord-cli: "no rule and no SQL"; the shell: "No
/// rule, no SQL"; accord-pipeline: "No SQL".
#[test]
fn only_the_store_and_the_servers_store_know_sql() {
    let packages = packages();
    // A test fixture may look straight into the server's database for what the API hides.
    let allowed = ["accord-store", "pipeline", "accord-fixtures-directory"];
    for (name, package) in &packages {
        let sqlite: Vec<&str> = package
            .declares("normal")
            .into_iter()
            .filter(|d| ["rusqlite", "libsqlite3-sys", "rusqlite_migration", "sqlx"].contains(d))
            .collect();
        assert!(
            sqlite.is_empty() || allowed.contains(&name.as_str()),
            "{name} depends on {sqlite:?}"
        );
        if allowed.contains(&name.as_str()) {
            continue;
        }
        let sql = lines_saying(&package.folder.join("src"), SQL_CODE, &[]);
        assert!(
            sql.is_empty(),
            "{name} holds SQL (only the store may):\n{}",
            sql.join("\n")
        );
    }
    let store = src("pipeline").join("store");
    let sql = lines_saying(&src("pipeline"), SQL_CODE, &[&store]);
    assert!(
        sql.is_empty(),
        "the server's SQL is only in its store module:\n{}",
        sql.join("\n")
    );
}

/// accord-app: "no Tauri"; the shell: "the only crate that knows Tauri".
#[test]
fn only_the_shell_knows_tauri() {
    for (name, package) in packages() {
        let tauri: Vec<&str> = package
            .declares("normal")
            .into_iter()
            .filter(|d| d.starts_with("tauri"))
            .collect();
        assert!(
            tauri.is_empty() || name == "accord-desktop",
            "{name} depends on {tauri:?}"
        );
    }
    assert_built_without(
        "accord-app",
        "normal",
        &["tauri", "wry", "tao"],
        "the app's commands are tested without a window",
    );
}

/// accord-fixtures: "Used only as a dev-dependency"; the cheap crates' tests build without
/// the server (`cargo test -p accord-domain` compiles neither axum nor sqlx).
#[test]
fn fixtures_are_for_tests_and_cheap_tests_build_without_the_server() {
    for (name, package) in packages() {
        for kind in ["normal", "build"] {
            let fixtures: Vec<&str> = package
                .declares(kind)
                .into_iter()
                .filter(|d| d.starts_with("accord-fixtures"))
                .collect();
            assert!(
                fixtures.is_empty() || name.starts_with("accord-fixtures"),
                "{name} has {fixtures:?} as a {kind} dependency"
            );
        }
    }
    for package in [
        "accord-domain",
        "accord-store",
        "accord-documents",
        "accord-interchange",
        "accord-pdf",
    ] {
        assert_built_without(
            package,
            "normal,dev",
            SERVER_CRATES,
            "its tests need no Pipeline server",
        );
    }
}

/// The house rule behind the code map: every file opens with a comment saying what it is for
/// (`//!` in Rust, a comment in the UI's scripts and in SQL migrations).
#[test]
fn every_file_says_what_it_is_for() {
    let root = root();
    let mut silent = Vec::new();
    let mut seen = 0;
    for folder in ["crates", "src-tauri", "tests", "ui"] {
        for file in files(&root.join(folder)) {
            let opener = match file.extension().and_then(|e| e.to_str()) {
                Some("rs") => &["//!"][..],
                Some("js") => &["//", "/*"][..],
                Some("sql") => &["--"][..],
                _ => continue,
            };
            seen += 1;
            let text = std::fs::read_to_string(&file).unwrap();
            if !opener.iter().any(|o| text.starts_with(o)) {
                silent.push(file.strip_prefix(&root).unwrap().display().to_string());
            }
        }
    }
    assert!(seen > 100, "only {seen} files were looked at");
    assert!(
        silent.is_empty(),
        "these files do not open with a comment saying what they are for:\n{}",
        silent.join("\n")
    );
}

/// The closed lists of words, as `vocabulary!` declares them in the Rust sources: each
/// list's name and its words (`Phase`: concept, discovery, ...).
fn closed_lists() -> BTreeMap<String, BTreeSet<String>> {
    let mut lists = BTreeMap::new();
    for file in rust_files(&root().join("crates")) {
        let text = std::fs::read_to_string(&file).unwrap();
        let mut rest = text.as_str();
        while let Some(at) = rest.find("vocabulary! {") {
            rest = &rest[at + "vocabulary! {".len()..];
            let body = &rest[..rest.find("\n}").unwrap_or(rest.len())];
            // The list's name is the first word outside a doc comment, before its `{`.
            let head = &body[..body.find('{').unwrap_or(0)];
            let Some(name) = head
                .lines()
                .map(str::trim)
                .find(|l| !l.is_empty() && !l.starts_with("//") && !l.starts_with('#'))
                .map(|l| l.trim_end_matches('{').trim().to_string())
            else {
                continue;
            };
            let words: BTreeSet<String> = body
                .split("=> \"")
                .skip(1)
                .filter_map(|w| w.split('"').next())
                .map(str::to_string)
                .collect();
            lists.insert(name, words);
        }
    }
    lists
}

/// Each `[...]` in `text` (arrays, however nested) holding two or more words of one closed
/// list as quoted strings, as `list: the words`.
fn copied_lists(text: &str, lists: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    let mut found = Vec::new();
    let mut open = Vec::new();
    for (i, c) in text.char_indices() {
        match c {
            '[' => open.push(i),
            ']' => {
                let Some(start) = open.pop() else { continue };
                let span = &text[start..=i];
                let quoted: BTreeSet<&str> = span.split(['"', '\'']).skip(1).step_by(2).collect();
                for (name, words) in lists {
                    let copied: Vec<&str> = quoted
                        .iter()
                        .copied()
                        .filter(|q| words.contains(*q))
                        .collect();
                    if copied.len() >= 2 {
                        found.push(format!("{name}: {}", copied.join(", ")));
                    }
                }
            }
            _ => {}
        }
    }
    found
}

/// "The page keeps no copy of a closed list": phases, statuses, roles and the rest come
/// from the domain through accord-app's `vocabulary`, so a new word is one edit in
/// accord-domain. Catches a list written out in the page's scripts as an array of its
/// quoted words (as every earlier copy was); an object keyed by the words is not caught.
#[test]
fn the_page_keeps_no_copy_of_a_closed_list() {
    let lists = closed_lists();
    assert!(
        lists.len() >= 10
            && lists["Phase"].contains("discovery")
            && lists["RaciRole"].contains("A"),
        "the closed lists are read from the sources: {lists:?}"
    );
    // The check itself finds a copy, nested or not, and passes a list of other words.
    assert_eq!(
        copied_lists(
            r#"const PHASES = ["concept", "discovery", "alpha"];"#,
            &lists
        )
        .len(),
        1
    );
    assert!(
        !copied_lists(
            r#"x([["wet_ink", "Wet ink"], ['electronic', "E"]])"#,
            &lists
        )
        .is_empty()
    );
    assert!(copied_lists(r#"[["", "Any"], ...choices(vocab.phases)]"#, &lists).is_empty());

    let mut copies = Vec::new();
    let mut seen = 0;
    for file in files(&root().join("ui")) {
        if file.extension().is_none_or(|e| e != "js") {
            continue;
        }
        seen += 1;
        let text = std::fs::read_to_string(&file).unwrap();
        for copy in copied_lists(&text, &lists) {
            copies.push(format!(
                "{}: {copy}",
                file.strip_prefix(root()).unwrap().display()
            ));
        }
    }
    assert!(seen >= 10, "only {seen} scripts were looked at");
    assert!(
        copies.is_empty(),
        "the page copies closed lists that the domain declares; load them with api.js's \
         `vocabulary()` instead:\n{}",
        copies.join("\n")
    );
}
