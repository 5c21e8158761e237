//! Benchmark: the governance pack of a big workspace (30 parties, 200 RACI activities,
//! 100 / 1,000 / 10,000 decisions), rendered by Accord and, side by side, by LibreOffice
//! converting the same content from an equivalent HTML file.
//!
//! Run: `cargo bench -p accord-pdf --bench governance_pack`
//! Sizes: `ACCORD_BENCH_SIZES=100,1000` (default 100,1000,10000).
//! Skip LibreOffice: `ACCORD_BENCH_LIBREOFFICE=0`.

#[path = "../../accord-documents/tests/fixture/mod.rs"]
mod fixture;
mod html;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use accord_domain::DocumentKind;
use accord_pdf::{render_with_report, RenderOptions};

fn pdf_pages(path: &Path) -> usize {
    let out = Command::new("pdfinfo").arg(path).output().expect("pdfinfo runs");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:").map(|v| v.trim().parse().unwrap_or(0)))
        .unwrap_or(0)
}

/// Converts `html` with LibreOffice; returns the wall time, pages and bytes.
fn libreoffice(dir: &Path, name: &str, html: &str) -> Option<(Duration, usize, u64)> {
    let src = dir.join(format!("{name}.html"));
    std::fs::write(&src, html).ok()?;
    let profile = dir.join("lo-profile");
    let start = Instant::now();
    let status = Command::new("libreoffice")
        .arg(format!("-env:UserInstallation=file://{}", profile.display()))
        .args(["--headless", "--convert-to", "pdf:writer_web_pdf_Export", "--outdir"])
        .arg(dir)
        .arg(&src)
        .output()
        .ok()?;
    let took = start.elapsed();
    let out = dir.join(format!("{name}.pdf"));
    if !status.status.success() || !out.exists() {
        eprintln!("libreoffice failed: {}", String::from_utf8_lossy(&status.stderr));
        return None;
    }
    Some((took, pdf_pages(&out), std::fs::metadata(&out).ok()?.len()))
}

fn main() {
    let sizes: Vec<usize> = std::env::var("ACCORD_BENCH_SIZES")
        .unwrap_or_else(|_| "100,1000,10000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let with_lo = std::env::var("ACCORD_BENCH_LIBREOFFICE").map(|v| v != "0").unwrap_or(true);
    let options = RenderOptions { date: fixture::date(2026, 11, 26), workspace_version: "1".into() };
    let dir = tempfile::tempdir().expect("a temporary directory");

    // Warm up: parse the typeface once, as a long-running app would have.
    let _ = render_with_report(&fixture::empty(), DocumentKind::Pack, &options);

    if with_lo {
        // LibreOffice's own start-up, converting a one-paragraph file.
        let tiny = html::page("Start-up", "<p>Hello.</p>");
        let _ = libreoffice(dir.path(), "warm", &tiny); // first run creates its profile
        if let Some((t, _, _)) = libreoffice(dir.path(), "startup", &tiny) {
            println!("libreoffice start-up (one-paragraph file): {:.2} s", t.as_secs_f64());
        }
    }

    println!();
    println!("| decisions | Accord pages | Accord time | Accord pages/s | Accord size | LibreOffice pages | LibreOffice time | LibreOffice pages/s | LibreOffice size | speed-up |");
    println!("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for n in sizes {
        let ws = fixture::big(30, 200, n);
        let start = Instant::now();
        let doc = accord_documents::build(&ws, DocumentKind::Pack);
        let model = start.elapsed();
        let fp = doc.fingerprint();
        let fingerprint = start.elapsed() - model;
        let start = Instant::now();
        let rendered = render_with_report(&ws, DocumentKind::Pack, &options).expect("the pack renders");
        let took = start.elapsed();
        let rate = rendered.pages as f64 / took.as_secs_f64();
        assert_eq!(rendered.fingerprint, fp);
        eprintln!("  {n} decisions: model {:.3} s, fingerprint {:.3} s, whole render {:.3} s", model.as_secs_f64(), fingerprint.as_secs_f64(), took.as_secs_f64());
        let lo = if with_lo { libreoffice(dir.path(), &format!("pack-{n}"), &html::pack(&doc, &fp.sha256)) } else { None };
        let (lo_pages, lo_time, lo_rate, lo_size, speedup) = match lo {
            Some((t, pages, size)) => (
                pages.to_string(),
                format!("{:.2} s", t.as_secs_f64()),
                format!("{:.0}", pages as f64 / t.as_secs_f64()),
                format!("{:.1} MB", size as f64 / 1e6),
                format!("{:.1}×", t.as_secs_f64() / took.as_secs_f64()),
            ),
            None => ("–".into(), "–".into(), "–".into(), "–".into(), "–".into()),
        };
        println!(
            "| {n} | {} | {:.2} s | {:.0} | {:.1} MB | {lo_pages} | {lo_time} | {lo_rate} | {lo_size} | {speedup} |",
            rendered.pages,
            took.as_secs_f64(),
            rate,
            rendered.pdf.len() as f64 / 1e6,
        );
    }

    // File sizes: a one-page document and one of about a hundred pages.
    let one = render_with_report(&fixture::empty(), DocumentKind::Decisions, &options).expect("renders");
    let mut n = 300;
    let hundred = loop {
        let r = render_with_report(&fixture::big(3, 6, n), DocumentKind::Decisions, &options).expect("renders");
        if r.pages >= 100 || n > 2000 {
            break r;
        }
        n = n * 100 / r.pages.max(1) + 1;
    };
    println!();
    println!("size of a {}-page decisions log: {:.1} KB", one.pages, one.pdf.len() as f64 / 1024.0);
    println!("size of a {}-page decisions log: {:.1} KB", hundred.pages, hundred.pdf.len() as f64 / 1024.0);
}
