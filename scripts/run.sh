#!/usr/bin/env bash
# Builds the Accord desktop app and opens it, installing what is missing first (see
# setup.sh). Give a workspace file to open it straight away. Without a display (a server),
# the app runs in a virtual one.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"
cargo build --release --locked -p accord-desktop -p accord-cli
bin="${CARGO_TARGET_DIR:-target}/release"
echo "Accord is built: $bin/accord-desktop (the app) and $bin/accord (the command line)."
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  exec xvfb-run --auto-servernum "$bin/accord-desktop" "$@"
fi
exec "$bin/accord-desktop" "$@"
