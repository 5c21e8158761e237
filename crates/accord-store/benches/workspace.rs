//! Benchmark of the workspace file at the foundation issue's size (10,000 decisions,
//! 200 RACI activities by 30 parties, 19 sections of 20 KB, 50 handover notes) and at ten
//! times that size. Run: `cargo bench -p accord-store --bench workspace`.
//! Prints one line per measurement: minimum, median and 95th percentile of N runs.

use std::time::{Duration, Instant};

use accord_domain::{Actor, readiness};
use accord_fixtures::Size;
use accord_store::{Stamp, WorkspaceFile};
use chrono::Utc;

fn measure(label: &str, runs: usize, mut f: impl FnMut()) -> Duration {
    f(); // warm the page cache and the statement cache once
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    let pick = |q: f64| times[((times.len() as f64 - 1.0) * q).round() as usize];
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{label:<44} min {:>9.2} ms   median {:>9.2} ms   p95 {:>9.2} ms   (n={runs})",
        ms(pick(0.0)),
        ms(pick(0.5)),
        ms(pick(0.95))
    );
    pick(0.5)
}

fn main() {
    let stamp = Stamp::new(Actor::new("Benchmark", "Accord").unwrap(), Utc::now());
    let dir = tempfile::tempdir().unwrap();
    for (scale, runs) in [(1usize, 20usize), (10, 5)].into_iter().take(
        std::env::var("ACCORD_BENCH_SCALES")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(2),
    ) {
        let size = Size::BIG.times(scale);
        println!(
            "\n== {scale}x: {} decisions, {} activities x {} parties, 19 sections of {} KB, {} handover notes",
            size.decisions,
            size.activities,
            size.parties,
            size.section_bytes / 1000,
            size.handover_notes
        );
        let json = accord_interchange::to_json(&accord_fixtures::workspace(size));
        println!("bundle: {:.1} MB of JSON", json.len() as f64 / 1e6);
        let mut n = 0;
        measure(
            "import JSON into a new file (parse + write)",
            runs.min(5),
            || {
                n += 1;
                let ws = accord_interchange::from_json(&json).unwrap();
                WorkspaceFile::import(
                    dir.path().join(format!("import-{scale}-{n}.accord")),
                    &ws,
                    &stamp,
                )
                .unwrap();
            },
        );
        let path = dir.path().join(format!("import-{scale}-1.accord"));
        println!(
            "file: {:.1} MB",
            std::fs::metadata(&path).unwrap().len() as f64 / 1e6
        );
        measure("open + show (summary)", runs, || {
            let ws = WorkspaceFile::open(&path).unwrap();
            std::hint::black_box(ws.summary().unwrap());
        });
        measure("open + load + check", runs, || {
            let ws = WorkspaceFile::open(&path).unwrap();
            std::hint::black_box(readiness::check(&ws.load().unwrap()));
        });
        let ws = WorkspaceFile::open(&path).unwrap();
        // A rare word (a few records), then words the generated text repeats in half of all
        // records (the worst case: every match is ranked), then a word that is nowhere.
        for q in [
            "rhondda",
            "dpia",
            "controller processor",
            "gwynedd pilot wards",
            "nothingmatchesthis",
        ] {
            measure(&format!("search \"{q}\" (top 20)"), runs * 10, || {
                std::hint::black_box(ws.search(q, 20).unwrap());
            });
        }
        measure("export JSON (load + serialise)", runs.min(5), || {
            std::hint::black_box(accord_interchange::to_json(&ws.load().unwrap()));
        });
        let mut ws = WorkspaceFile::open(&path).unwrap();
        let mut i = 0;
        measure("one edit (write a section, with history)", runs * 5, || {
            i += 1;
            ws.write_section("risk_and_change", &format!("Edit {i}"), &stamp)
                .unwrap();
        });
    }
}
