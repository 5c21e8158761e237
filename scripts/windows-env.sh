# Sourced by scripts/windows-test.sh and scripts/windows-installer.sh: the settings for
# building Accord for Windows (x86_64-pc-windows-gnu, with mingw-w64) and running the
# Windows build under wine on Linux. Sets:
#   WINDOWS_TARGET      the Rust target
#   WINEPREFIX          a wine profile kept under target/, made on first use
#   CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER   wine, so `cargo test --target` runs there
#
# The one shim: wine 8 (Debian 12) lacks bcryptprimitives.dll, from which Rust's standard
# library takes ProcessPrng, so no Rust program starts. scripts/windows/bcryptprimitives.c
# is a 20-line DLL that gives ProcessPrng from RtlGenRandom; it is built here with
# mingw-w64 and copied into the test profile's system32 only. Nothing shipped contains it.
# Where wine ships its own bcryptprimitives.dll, the shim is not installed.

WINDOWS_TARGET=x86_64-pc-windows-gnu
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
export WINEDEBUG="${WINEDEBUG:--all}"
# No Mono or Gecko install prompts when a profile is made (Accord needs neither), and no
# Linux menu entries made from the Start menu (winemenubuilder) outside the profile.
export WINEDLLOVERRIDES="${WINEDLLOVERRIDES:-mscoree,mshtml=;winemenubuilder.exe=d}"
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER=wine
# A test's process tree ends when it does; wineserver lingers 3 s (the default) after.
export WINESERVER_PERSIST=0

# make_wine_prefix DIR: a fresh 64-bit wine profile in DIR, with the shim when needed.
make_wine_prefix() {
  local dir="$1"
  mkdir -p "$dir"
  if [ ! -f "$dir/system.reg" ]; then
    WINEPREFIX="$dir" WINEARCH=win64 wineboot --init >/dev/null 2>&1
    WINEPREFIX="$dir" wineserver --wait
  fi
  local sys32="$dir/drive_c/windows/system32"
  if [ ! -f /usr/lib/x86_64-linux-gnu/wine/x86_64-windows/bcryptprimitives.dll ]; then
    local src shim="$CARGO_TARGET_DIR/wine-shim/bcryptprimitives.dll"
    src="$(dirname "${BASH_SOURCE[0]}")/windows"
    mkdir -p "$(dirname "$shim")"
    x86_64-w64-mingw32-gcc -shared -O2 -s -o "$shim" \
      "$src/bcryptprimitives.c" "$src/bcryptprimitives.def" -ladvapi32
    cmp -s "$shim" "$sys32/bcryptprimitives.dll" || cp "$shim" "$sys32/bcryptprimitives.dll"
  fi
}

export WINEPREFIX="${ACCORD_WINEPREFIX:-$CARGO_TARGET_DIR/wine-prefix}"

