//! `accord-fixture [SCALE]`: prints the benchmark workspace (10,000 decisions, 200 x 30
//! RACI, ...) times SCALE as an Accord JSON document, for `accord import` and timing tools.

fn main() {
    let scale: usize = match std::env::args().nth(1).map(|s| s.parse()) {
        None => 1,
        Some(Ok(n)) if n > 0 => n,
        Some(_) => {
            eprintln!("usage: accord-fixture [SCALE]   (SCALE is a whole number, 1 by default)");
            std::process::exit(2);
        }
    };
    print!(
        "{}",
        accord_interchange::to_json(&accord_fixtures::workspace(
            accord_fixtures::Size::BIG.times(scale)
        ))
    );
}
