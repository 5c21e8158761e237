#!/usr/bin/env bash
# Builds Accord and opens it, installing what is missing first (see setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"
cargo build --release --locked -p accord-cli
echo "Accord is built: $(pwd)/target/release/accord"
exec ./target/release/accord "${@:---help}"
