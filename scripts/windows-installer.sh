#!/usr/bin/env bash
# Builds Accord's per-user Windows installer on Debian or Ubuntu, offline, from a clean
# clone: cross-builds the desktop app and the command line for x86_64-pc-windows-gnu and
# packs them with NSIS (installer/windows/accord.nsi). Prints the installer's path on its
# last line; everything else goes to stderr.
#
#   scripts/windows-installer.sh [--debug]
#
# --debug packs the debug build (what CI tests; quicker); the default is the release build.
# Environment (all optional):
#   ACCORD_WEBVIEW2_INSTALLER  Microsoft's WebView2 Runtime standalone installer
#                              (MicrosoftEdgeWebView2RuntimeInstallerX64.exe), from your
#                              IT team; carried inside and run only where no runtime is found
#   ACCORD_PUBLISHER           the publisher shown in Apps and features (default: Accord)
#   ACCORD_SIGN_COMMAND        a command that signs the file named by its last argument in
#                              place, run on both programs, the uninstaller and the installer
#                              (see docs/deploying.md, "Signing")
set -euo pipefail
cd "$(dirname "$0")/.."
profile=release
case "${1:-}" in
  --debug) profile=debug ;;
  "") ;;
  *) echo "usage: $0 [--debug]" >&2; exit 2 ;;
esac
./scripts/setup.sh >&2
export PATH="$HOME/.cargo/bin:$PATH"
source scripts/windows-env.sh

flags=(--locked --target "$WINDOWS_TARGET" -p accord-cli -p accord-desktop)
[ "$profile" = release ] && flags+=(--release)
echo "windows-installer: building the $profile programs for $WINDOWS_TARGET" >&2
cargo build "${flags[@]}" >&2

version="$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n1)"
built="$CARGO_TARGET_DIR/$WINDOWS_TARGET/$profile"
stage="$built/installer"
rm -rf "$stage"
mkdir -p "$stage"
# Without debugging symbols: the installer carries the programs, not their DWARF.
x86_64-w64-mingw32-strip -o "$stage/accord-desktop.exe" "$built/accord-desktop.exe"
x86_64-w64-mingw32-strip -o "$stage/accord.exe" "$built/accord.exe"

defines=(
  "-DVERSION=$version"
  "-DAPP_EXE=$stage/accord-desktop.exe"
  "-DCLI_EXE=$stage/accord.exe"
  "-DICON=$PWD/src-tauri/icons/icon.ico"
  "-DPUBLISHER=${ACCORD_PUBLISHER:-Accord}"
  "-DOUT_FILE=$stage/Accord_${version}_x64-setup.exe"
)
if [ -n "${ACCORD_WEBVIEW2_INSTALLER:-}" ]; then
  [ -f "$ACCORD_WEBVIEW2_INSTALLER" ] || {
    echo "windows-installer: ACCORD_WEBVIEW2_INSTALLER names no file: $ACCORD_WEBVIEW2_INSTALLER" >&2
    exit 1
  }
  defines+=("-DWEBVIEW2_INSTALLER=$(realpath "$ACCORD_WEBVIEW2_INSTALLER")")
fi
if [ -n "${ACCORD_SIGN_COMMAND:-}" ]; then
  for exe in "$stage/accord-desktop.exe" "$stage/accord.exe"; do
    sh -c "$ACCORD_SIGN_COMMAND \"\$1\"" sign "$exe" >&2
  done
  defines+=("-DSIGN_COMMAND=$ACCORD_SIGN_COMMAND")
fi
echo "windows-installer: packing with $(makensis -VERSION)" >&2
makensis -V2 -INPUTCHARSET UTF8 "${defines[@]}" installer/windows/accord.nsi >&2
echo "$stage/Accord_${version}_x64-setup.exe"
