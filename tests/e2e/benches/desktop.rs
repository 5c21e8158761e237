//! Benchmark of the desktop app with the big workspace (10,000 decisions, 200 x 30 RACI):
//! launch to a usable window, resident memory, and how fast the RACI grid and the
//! decisions list show a change. Needs a display: `xvfb-run cargo bench -p accord-e2e`.

use std::time::{Duration, Instant};

use accord_e2e::{Driver, goto, on_screen, wait_for};
use fantoccini::Client;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

/// A running process: (pid, parent pid, name, command line with NUL between arguments).
type Process = (String, String, String, String);

fn processes() -> Vec<Process> {
    std::fs::read_dir("/proc")
        .unwrap()
        .flatten()
        .filter_map(|e| {
            let pid = e.file_name().to_string_lossy().to_string();
            let stat = std::fs::read_to_string(e.path().join("stat")).ok()?;
            let (name, rest) = stat.split_once(" (")?.1.rsplit_once(") ")?;
            let ppid = rest.split_whitespace().nth(1)?.to_string();
            let cmdline = std::fs::read_to_string(e.path().join("cmdline")).unwrap_or_default();
            Some((pid, ppid, name.to_string(), cmdline))
        })
        .collect()
}

/// Resident memory of the app started with `file` and of its WebKit children, in MB:
/// (process name, RSS, PSS). RSS counts a shared library in every process that maps it;
/// PSS divides shared pages between the processes sharing them, so the PSS column adds up
/// to what the app really costs the machine.
fn memory(file: &std::path::Path) -> Vec<(String, f64, f64)> {
    let wanted = file.display().to_string();
    processes()
        .into_iter()
        .find(|(_, _, name, cmd)| name == "accord-desktop" && cmd.split('\0').any(|a| a == wanted))
        .map(|(pid, ..)| memory_of(&pid, "accord-desktop"))
        .unwrap_or_default()
}

/// The engine's own floor: WebKitGTK's MiniBrowser showing a blank page, drawn the way
/// Accord draws (no GPU compositing), measured like the app. `None` if it is not installed.
fn engine_floor() -> Option<String> {
    let browser = std::path::Path::new("/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser");
    if !browser.exists() {
        return None;
    }
    let marker = std::env::temp_dir().join("accord-bench-blank.html");
    std::fs::write(&marker, "<!doctype html><title>blank</title>").ok()?;
    let url = format!("file://{}", marker.display());
    let mut child = std::process::Command::new(browser)
        .arg(&url)
        .env("WEBKIT_DISABLE_COMPOSITING_MODE", "1")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .ok()?;
    std::thread::sleep(Duration::from_secs(6));
    let procs = memory_of(&child.id().to_string(), "MiniBrowser");
    let _ = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let _ = child.wait();
    Some(summarise(&procs))
}

/// The memory of process `root` (called `root_name`) and of its children.
fn memory_of(root: &str, root_name: &str) -> Vec<(String, f64, f64)> {
    processes()
        .into_iter()
        .filter(|(pid, ppid, _, _)| pid == root || ppid == root)
        .map(|(pid, _, name, _)| {
            (
                if pid == root {
                    root_name.to_string()
                } else {
                    name
                },
                mb(&pid, "Rss:"),
                mb(&pid, "Pss:"),
            )
        })
        .collect()
}

/// A `/proc/PID/smaps_rollup` figure (given there in kB), in MB.
fn mb(pid: &str, key: &str) -> f64 {
    let text = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).unwrap_or_default();
    text.lines()
        .find(|l| l.starts_with(key))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse::<f64>().ok())
        .unwrap_or(0.0)
        / 1024.0
}

fn summarise(procs: &[(String, f64, f64)]) -> String {
    let rss: f64 = procs.iter().map(|p| p.1).sum();
    let pss: f64 = procs.iter().map(|p| p.2).sum();
    let each = procs
        .iter()
        .map(|(n, r, p)| format!("{n} {r:.0}/{p:.0}"))
        .collect::<Vec<_>>()
        .join(", ");
    format!("PSS {pss:.0} MB in all, RSS {rss:.0} MB (RSS/PSS each: {each})")
}

fn print_memory(when: &str, file: &std::path::Path) {
    println!("memory {when}: {}", summarise(&memory(file)));
}

/// Milliseconds from an event dispatched in the page to the first change of `watch`.
async fn time_change(c: &Client, setup: &str, watch: &str) -> f64 {
    let script = format!(
        "const done = arguments[arguments.length - 1];
         const target = document.querySelector({watch:?});
         const t0 = performance.now();
         new MutationObserver((m, obs) => {{ obs.disconnect(); done(performance.now() - t0); }})
           .observe(target, {{ attributes: true, childList: true, subtree: true, characterData: true }});
         {setup}"
    );
    c.execute_async(&script, vec![])
        .await
        .expect("timed change")
        .as_f64()
        .expect("a number")
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().unwrap();
    let stamp = accord_store::Stamp::new(
        accord_domain::Actor::new("Benchmark", "Accord").unwrap(),
        chrono::Utc::now(),
    );
    let small = dir.path().join("small.accord");
    let big = dir.path().join("big.accord");
    accord_store::WorkspaceFile::import(
        &small,
        &accord_fixtures::workspace(accord_fixtures::Size::SMALL),
        &stamp,
    )
    .unwrap();
    accord_store::WorkspaceFile::import(
        &big,
        &accord_fixtures::workspace(accord_fixtures::Size::BIG),
        &stamp,
    )
    .unwrap();
    let driver = Driver::start();
    std::fs::write(
        driver.config.path().join("settings.json"),
        r#"{"me":{"name":"Benchmark","organisation":"Accord"},"recent":[]}"#,
    )
    .unwrap();

    println!(
        "Desktop app, debug={} ({})",
        cfg!(debug_assertions),
        accord_e2e::app_binary().display()
    );
    for (label, file) in [
        ("small workspace", &small),
        ("big workspace (10,000 decisions, 200 x 30 RACI)", &big),
    ] {
        let mut launches = Vec::new();
        for _ in 0..5 {
            let t0 = Instant::now();
            let c = driver.launch(Some(file)).await;
            on_screen(&c, "overview").await;
            launches.push(t0.elapsed().as_secs_f64() * 1000.0);
            c.close().await.unwrap();
            tokio::time::sleep(Duration::from_millis(300)).await;
        }
        println!(
            "launch to usable overview, {label}: median {:.0} ms (runs: {:?})",
            median(launches.clone()),
            launches.iter().map(|x| x.round()).collect::<Vec<_>>()
        );
    }

    let c = driver.launch(Some(&big)).await;
    on_screen(&c, "overview").await;
    print_memory("at the overview", &big);
    let t = Instant::now();
    goto(&c, "#/raci").await;
    println!(
        "open the RACI screen (200 x 30 grid): {:.0} ms",
        t.elapsed().as_secs_f64() * 1000.0
    );
    let mut cell_times = Vec::new();
    for i in 0..10 {
        let css = format!(
            "#raci-grid tbody tr[aria-rowindex='{}'] td:nth-child({}) .accord-cell",
            3 + i,
            2 + i
        );
        wait_for(&c, &css).await;
        let setup = format!(
            "document.querySelector({css:?}).dispatchEvent(new KeyboardEvent('keydown', {{ key: 'i', bubbles: true }}));"
        );
        cell_times.push(time_change(&c, &setup, &css).await);
    }
    println!(
        "RACI: key press to cell shown changed: median {:.1} ms (runs: {:?})",
        median(cell_times.clone()),
        cell_times
            .iter()
            .map(|x| (x * 10.0).round() / 10.0)
            .collect::<Vec<_>>()
    );
    print_memory("with the grid open", &big);

    let t = Instant::now();
    goto(&c, "#/decisions").await;
    wait_for(&c, "#decision-list").await;
    println!(
        "open the decisions log (10,000 decisions, first page): {:.0} ms",
        t.elapsed().as_secs_f64() * 1000.0
    );
    let mut filter_times = Vec::new();
    for status in [
        "accepted", "proposed", "rejected", "", "accepted", "proposed", "rejected", "",
    ] {
        let setup = format!(
            "const s = document.getElementById('filter-status'); s.value = {status:?}; s.dispatchEvent(new Event('change'));"
        );
        filter_times.push(time_change(&c, &setup, "#decision-results").await);
    }
    println!(
        "decisions: change the status filter to list shown: median {:.1} ms (runs: {:?})",
        median(filter_times.clone()),
        filter_times.iter().map(|x| x.round()).collect::<Vec<_>>()
    );
    let mut page_times = Vec::new();
    for _ in 0..5 {
        page_times.push(
            time_change(
                &c,
                "document.getElementById('next-page').click();",
                "#decision-results",
            )
            .await,
        );
    }
    println!(
        "decisions: next page shown: median {:.1} ms",
        median(page_times)
    );
    print_memory("after the decisions log", &big);
    c.close().await.unwrap();
    if let Some(floor) = engine_floor() {
        println!(
            "for scale, WebKitGTK's MiniBrowser showing a blank page without GPU compositing: {floor}"
        );
    }
}
