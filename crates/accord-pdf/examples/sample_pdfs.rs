//! Writes every document of the test fixtures as PDF into a folder, to look at:
//! `cargo run -p accord-pdf --example sample_pdfs -- /tmp/accord-pdfs`
//! then, for example, `pdftoppm -png -r 60 /tmp/accord-pdfs/pack.pdf page`.

#[path = "../../accord-documents/tests/fixture/mod.rs"]
mod fixture;

use accord_domain::DocumentKind;
use accord_pdf::{RenderOptions, render_with_report};

fn main() {
    let dir = std::path::PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "accord-pdfs".into()),
    );
    std::fs::create_dir_all(&dir).expect("the folder can be made");
    let options = RenderOptions {
        date: fixture::date(2026, 11, 26),
        workspace_version: "42".into(),
    };
    let mut jobs: Vec<(String, accord_domain::Workspace, DocumentKind)> = DocumentKind::ALL
        .iter()
        .map(|k| (k.to_string(), fixture::north_wales(), *k))
        .collect();
    jobs.push((
        "raci-200-parties".into(),
        fixture::big(200, 12, 0),
        DocumentKind::Raci,
    ));
    jobs.push((
        "pack-big".into(),
        fixture::big(30, 200, 100),
        DocumentKind::Pack,
    ));
    jobs.push((
        "pack-shared-fixture".into(),
        accord_fixtures::workspace(accord_fixtures::Size::SMALL),
        DocumentKind::Pack,
    ));
    for (name, ws, kind) in jobs {
        let r = render_with_report(&ws, kind, &options).expect("renders");
        let path = dir.join(format!("{name}.pdf"));
        std::fs::write(&path, &r.pdf).expect("written");
        println!(
            "{}: {} pages, {} bytes, fingerprint {}",
            path.display(),
            r.pages,
            r.pdf.len(),
            r.fingerprint.sha256
        );
    }
}
