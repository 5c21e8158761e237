#!/usr/bin/env bash
# Runs every test of Accord, installing what is missing first (see setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"

echo "test: a local PostgreSQL for the Pipeline server's tests"
eval "$(./scripts/postgres-for-tests.sh)"

echo "test: building the desktop app for the end-to-end tests"
cargo build --locked -p accord-desktop

echo "test: cargo test (every crate, and the desktop app in a virtual display)"
xvfb-run --auto-servernum --server-args="-screen 0 1400x1000x24" cargo test --workspace --locked --no-fail-fast
echo "test: screenshots of each screen are in target/screenshots/"
