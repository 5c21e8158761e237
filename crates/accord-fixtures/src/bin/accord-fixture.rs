//! `accord-fixture [SCALE]`: prints the benchmark workspace (10,000 decisions, 200 x 30
//! RACI, ...) times SCALE as an Accord JSON document, for `accord import` and timing tools.
//!
//! `accord-fixture --decisions N`: a small workspace (8 activities, 6 parties, 19 short
//! sections, 2 handover notes) with N decisions, so that its change log holds N + 85
//! operations once imported (each record imported is one operation): for measuring what
//! grows with the length of history, such as sync (scripts/bench-sync.sh).

const USAGE: &str = "usage: accord-fixture [SCALE]         (SCALE is a whole number, 1 by default)
       accord-fixture --decisions N   (a small workspace with N decisions, N a whole number)";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let size = match size(&args) {
        Some(size) => size,
        None => {
            eprintln!("{USAGE}");
            std::process::exit(2);
        }
    };
    print!(
        "{}",
        accord_interchange::to_json(&accord_fixtures::workspace(size))
    );
}

/// The size the arguments ask for, or `None` if they make no sense.
fn size(args: &[String]) -> Option<accord_fixtures::Size> {
    match args {
        [] => Some(accord_fixtures::Size::BIG),
        [flag, n] if flag == "--decisions" => {
            let decisions: usize = n.parse().ok()?;
            Some(accord_fixtures::Size {
                decisions,
                ..accord_fixtures::Size::SMALL
            })
        }
        [scale] => match scale.parse::<usize>() {
            Ok(k) if k > 0 => Some(accord_fixtures::Size::BIG.times(k)),
            _ => None,
        },
        _ => None,
    }
}
