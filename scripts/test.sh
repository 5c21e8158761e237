#!/usr/bin/env bash
# Runs every test of Accord, installing what is missing first (see setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"

echo "test: cargo test (every crate)"
cargo test --workspace --locked
