//! A rendered PDF on disk, and what the real PDF tools say about it.

use std::path::PathBuf;
use std::process::Command;

use accord_domain::{DocumentKind, Workspace};
use accord_pdf::{RenderOptions, Rendered, render_with_report};

pub fn options() -> RenderOptions {
    RenderOptions {
        date: crate::fixture::date(2026, 11, 26),
        workspace_version: "42".into(),
    }
}

/// A PDF written to a temporary file, for the command-line tools.
pub struct Pdf {
    pub rendered: Rendered,
    pub path: PathBuf,
    _dir: tempfile::TempDir,
}

pub fn render(ws: &Workspace, kind: DocumentKind) -> Pdf {
    let rendered =
        render_with_report(ws, kind, &options()).unwrap_or_else(|e| panic!("{kind} renders: {e}"));
    from_bytes(rendered)
}

pub fn from_bytes(rendered: Rendered) -> Pdf {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("document.pdf");
    std::fs::write(&path, &rendered.pdf).unwrap();
    Pdf {
        rendered,
        path,
        _dir: dir,
    }
}

fn run(program: &str, args: &[&str]) -> (bool, String, String) {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program} runs (install poppler-utils / qpdf): {e}"));
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

impl Pdf {
    fn path(&self) -> &str {
        self.path.to_str().unwrap()
    }

    /// The text poppler extracts, in reading order.
    pub fn text(&self) -> String {
        let (ok, out, err) = run("pdftotext", &["-enc", "UTF-8", self.path(), "-"]);
        assert!(ok, "pdftotext failed: {err}");
        out
    }

    /// The text of each page, from `pdftotext` (pages end with a form feed).
    pub fn pages(&self) -> Vec<String> {
        let text = self.text();
        let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
        if pages.last().is_some_and(|p| p.trim().is_empty()) {
            pages.pop();
        }
        pages
    }

    /// `pdfinfo`'s fields, such as "Pages" and "Title".
    pub fn info(&self, field: &str) -> String {
        let (ok, out, err) = run("pdfinfo", &["-enc", "UTF-8", self.path()]);
        assert!(ok, "pdfinfo failed: {err}");
        out.lines()
            .find_map(|l| {
                l.strip_prefix(&format!("{field}:"))
                    .map(|v| v.trim().to_string())
            })
            .unwrap_or_else(|| panic!("pdfinfo has no {field}:\n{out}"))
    }

    /// `pdffonts` rows: (name, type, embedded, subset).
    pub fn fonts(&self) -> Vec<(String, String, String, String)> {
        let (ok, out, err) = run("pdffonts", &[self.path()]);
        assert!(ok, "pdffonts failed: {err}");
        out.lines()
            .skip(2)
            .map(|l| {
                let cols: Vec<&str> = l.split_whitespace().collect();
                // name type [type...] encoding emb sub uni object ID
                let n = cols.len();
                (
                    cols[0].to_string(),
                    cols[1..n - 6].join(" "),
                    cols[n - 5].to_string(),
                    cols[n - 4].to_string(),
                )
            })
            .collect()
    }

    /// `qpdf --check`: the file's structure is sound.
    pub fn assert_qpdf_clean(&self) {
        let (ok, out, err) = run("qpdf", &["--check", self.path()]);
        assert!(
            ok && out.contains("No syntax or stream encoding errors found"),
            "qpdf --check:\n{out}\n{err}"
        );
        assert!(
            !out.contains("WARNING") && !err.contains("WARNING"),
            "qpdf warns:\n{out}\n{err}"
        );
    }
}
