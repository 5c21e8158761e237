#!/usr/bin/env bash
# Accord on Windows, tested from Linux (scripts/test.sh runs this; setup.sh installs what
# it needs). Fails when any step does:
#   1. cross-builds the command line and the desktop app for x86_64-pc-windows-gnu;
#   2. runs the store's, the settings' and the PDF crate's tests, and the command line's
#      tests about files and paths, built for Windows, under wine (scripts/windows-env.sh:
#      wine is cargo's test runner for that target, with one small shim);
#   3. builds the per-user installer from the debug build (scripts/windows-installer.sh)
#      and tests it under wine in a fresh profile (tests/windows/installer.py).
# Tests that cannot run under wine say so, with the reason, in their test files.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
source scripts/windows-env.sh

step() { echo "windows: $1 ($(date +%T))"; }

step "cross-building accord-cli and accord-desktop for $WINDOWS_TARGET"
cargo build --locked --target "$WINDOWS_TARGET" -p accord-cli -p accord-desktop

step "tests on Windows semantics, under $(wine --version)"
make_wine_prefix "$WINEPREFIX"
cargo test --locked --target "$WINDOWS_TARGET" --no-fail-fast \
  -p accord-store -p accord-settings -p accord-pdf
# The command line's tests start accord.exe hundreds of times; under wine on two busy
# cores the whole set takes over 15 minutes (the crash, sync and Pipeline tests above
# all). CI runs the modules about files and paths, where Windows differs; the rest run
# on Linux, and all of them with `cargo test --target x86_64-pc-windows-gnu -p accord-cli`.
cli=(paths:: export_safety:: exit_codes:: import_export::)
echo "windows: the command line's tests under wine: ${cli[*]}"
cargo test --locked --target "$WINDOWS_TARGET" --no-fail-fast -p accord-cli --test tests -- "${cli[@]}"

step "the installer, built and tested under wine"
installer="$(./scripts/windows-installer.sh --debug | tail -n1)"
python3 tests/windows/installer.py "$installer"
step "done"
