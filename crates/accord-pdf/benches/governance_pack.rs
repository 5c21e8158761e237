//! Benchmark: the governance pack of a big workspace (30 parties, 200 RACI activities,
//! 100 / 1,000 / 10,000 decisions), rendered by Accord and, side by side, by LibreOffice
//! converting the same content from an equivalent HTML file.
//!
//! Run: `cargo bench -p accord-pdf --bench governance_pack`
//! Sizes: `ACCORD_BENCH_SIZES=100,1000` (default 100,1000,10000).
//! Skip LibreOffice: `ACCORD_BENCH_LIBREOFFICE=0`.
//!
//! The machine is shared, so besides wall time each side reports CPU time (user +
//! system; Accord's from `/proc/self/stat`, LibreOffice's from `/usr/bin/time`), and
//! Accord's figure is the best of three runs. LibreOffice runs once per size.

#[path = "../../accord-documents/tests/fixture/mod.rs"]
mod fixture;
mod html;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use accord_domain::DocumentKind;
use accord_pdf::{RenderOptions, render_with_report};

fn pdf_pages(path: &Path) -> usize {
    let out = Command::new("pdfinfo")
        .arg(path)
        .output()
        .expect("pdfinfo runs");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| {
            l.strip_prefix("Pages:")
                .map(|v| v.trim().parse().unwrap_or(0))
        })
        .unwrap_or(0)
}

/// CPU seconds (user + system) this process has used so far.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which is in parentheses): utime is the 12th, stime the 13th.
    let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let fields: Vec<f64> = rest
        .split_whitespace()
        .map(|f| f.parse().unwrap_or(0.0))
        .collect();
    (fields.get(11).unwrap_or(&0.0) + fields.get(12).unwrap_or(&0.0)) / 100.0
}

/// Converts `html` with LibreOffice; returns the wall time, CPU seconds, pages and bytes.
fn libreoffice(dir: &Path, name: &str, html: &str) -> Option<(Duration, f64, usize, u64)> {
    let src = dir.join(format!("{name}.html"));
    std::fs::write(&src, html).ok()?;
    let profile = dir.join("lo-profile");
    let times = dir.join("time.txt");
    let start = Instant::now();
    let status = Command::new("/usr/bin/time")
        .args(["-f", "%U %S", "-o"])
        .arg(&times)
        .arg("libreoffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args([
            "--headless",
            "--convert-to",
            "pdf:writer_web_pdf_Export",
            "--outdir",
        ])
        .arg(dir)
        .arg(&src)
        .output()
        .ok()?;
    let took = start.elapsed();
    let out = dir.join(format!("{name}.pdf"));
    if !status.status.success() || !out.exists() {
        eprintln!(
            "libreoffice failed: {}",
            String::from_utf8_lossy(&status.stderr)
        );
        return None;
    }
    let cpu: f64 = std::fs::read_to_string(&times)
        .ok()?
        .split_whitespace()
        .filter_map(|t| t.parse::<f64>().ok())
        .sum();
    Some((
        took,
        cpu,
        pdf_pages(&out),
        std::fs::metadata(&out).ok()?.len(),
    ))
}

fn main() {
    let sizes: Vec<usize> = std::env::var("ACCORD_BENCH_SIZES")
        .unwrap_or_else(|_| "100,1000,10000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let with_lo = std::env::var("ACCORD_BENCH_LIBREOFFICE")
        .map(|v| v != "0")
        .unwrap_or(true);
    let options = RenderOptions {
        date: fixture::date(2026, 11, 26),
        workspace_version: "1".into(),
    };
    let dir = tempfile::tempdir().expect("a temporary directory");

    // Warm up: parse the typeface once, as a long-running app would have.
    let _ = render_with_report(&fixture::empty(), DocumentKind::Pack, &options);

    if with_lo {
        // LibreOffice's own start-up, converting a one-paragraph file.
        let tiny = html::page("Start-up", "<p>Hello.</p>");
        let _ = libreoffice(dir.path(), "warm", &tiny); // first run creates its profile
        if let Some((t, cpu, _, _)) = libreoffice(dir.path(), "startup", &tiny) {
            println!(
                "libreoffice start-up (one-paragraph file): {:.2} s wall, {cpu:.2} s CPU",
                t.as_secs_f64()
            );
        }
    }

    println!();
    println!(
        "| decisions | Accord pages | Accord wall | Accord CPU | Accord pages/s | Accord size | LibreOffice pages | LibreOffice wall | LibreOffice CPU | LibreOffice pages/s | LibreOffice size | speed-up (wall) | speed-up (CPU) |"
    );
    println!(
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    );
    for n in sizes {
        let ws = fixture::big(30, 200, n);
        let start = Instant::now();
        let doc = accord_documents::build(&ws, DocumentKind::Pack);
        let model = start.elapsed();
        let fp = doc.fingerprint();
        let fingerprint = start.elapsed() - model;
        let mut best: Option<(Duration, f64, accord_pdf::Rendered)> = None;
        for _ in 0..3 {
            let cpu = cpu_seconds();
            let start = Instant::now();
            let rendered =
                render_with_report(&ws, DocumentKind::Pack, &options).expect("the pack renders");
            let took = start.elapsed();
            let cpu = cpu_seconds() - cpu;
            if best.as_ref().is_none_or(|(t, _, _)| took < *t) {
                best = Some((took, cpu, rendered));
            }
        }
        let (took, cpu, rendered) = best.expect("three runs");
        let rate = rendered.pages as f64 / took.as_secs_f64();
        assert_eq!(rendered.fingerprint, fp);
        eprintln!(
            "  {n} decisions: model {:.3} s, fingerprint {:.3} s, whole render {:.3} s (best of 3)",
            model.as_secs_f64(),
            fingerprint.as_secs_f64(),
            took.as_secs_f64()
        );
        let lo = if with_lo {
            libreoffice(
                dir.path(),
                &format!("pack-{n}"),
                &html::pack(&doc, &fp.sha256),
            )
        } else {
            None
        };
        let lo_cells = match lo {
            Some((t, lo_cpu, pages, size)) => format!(
                "{pages} | {:.2} s | {lo_cpu:.2} s | {:.0} | {:.1} MB | {:.1}× | {:.1}×",
                t.as_secs_f64(),
                pages as f64 / t.as_secs_f64(),
                size as f64 / 1e6,
                t.as_secs_f64() / took.as_secs_f64(),
                lo_cpu / cpu.max(0.01),
            ),
            None => "– | – | – | – | – | – | –".into(),
        };
        println!(
            "| {n} | {} | {:.2} s | {cpu:.2} s | {:.0} | {:.1} MB | {lo_cells} |",
            rendered.pages,
            took.as_secs_f64(),
            rate,
            rendered.pdf.len() as f64 / 1e6,
        );
    }

    // The repository's shared benchmark workspace (accord-fixtures `Size::BIG`: the same
    // counts, plus 20 KB agreement sections and 50 handover notes), Accord only.
    let ws = accord_fixtures::workspace(accord_fixtures::Size::BIG);
    let cpu = cpu_seconds();
    let start = Instant::now();
    let r = render_with_report(&ws, DocumentKind::Pack, &options).expect("the pack renders");
    let took = start.elapsed();
    println!();
    println!(
        "accord-fixtures Size::BIG governance pack: {} pages in {:.2} s wall, {:.2} s CPU ({:.0} pages/s), {:.1} MB",
        r.pages,
        took.as_secs_f64(),
        cpu_seconds() - cpu,
        r.pages as f64 / took.as_secs_f64(),
        r.pdf.len() as f64 / 1e6
    );

    // File sizes: a one-page document and one of about a hundred pages.
    let one =
        render_with_report(&fixture::empty(), DocumentKind::Decisions, &options).expect("renders");
    let mut n = 40;
    let hundred = loop {
        let r = render_with_report(&fixture::big(3, 6, n), DocumentKind::Decisions, &options)
            .expect("renders");
        if r.pages >= 100 || n > 2000 {
            break r;
        }
        n = n * 100 / r.pages.max(1) + 1;
    };
    println!();
    println!(
        "size of a {}-page decisions log: {:.1} KB",
        one.pages,
        one.pdf.len() as f64 / 1024.0
    );
    println!(
        "size of a {}-page decisions log: {:.1} KB",
        hundred.pages,
        hundred.pdf.len() as f64 / 1024.0
    );
}
