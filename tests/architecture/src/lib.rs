//! Nothing to use: this crate exists for its test, `tests/tests.rs`, which checks the
//! invariants `ARCHITECTURE.md` states (run it with `cargo test -p accord-architecture`).
