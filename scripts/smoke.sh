#!/usr/bin/env bash
# Runs one built release binary (target/dist/<rust-target>/) the way its users will, and compares
# it with the native release binary (tests/dist/smoke.py: the protocol, then check/extract/report
# over ../shared/corpus).
#   Windows x64: under wine64, in a test prefix under target/smoke/ holding a test-only
#                bcryptprimitives.dll shim (tests/dist/processprng-shim.c; Wine 8 lacks ProcessPrng).
#   Linux arm64: under qemu-aarch64-static.
#   Linux x64:   natively (the dist copy against the release build).
# Usage: bash scripts/smoke.sh RUST-TARGET [--skip-cli]
# Builds the binary with scripts/dist.sh first when target/dist/<rust-target>/ has none.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"
t=${1:?usage: scripts/smoke.sh RUST-TARGET [--skip-cli]}
shift

corpus="$repo/../shared/corpus"
if [[ ! -d "$corpus" ]]; then
  echo "error: $corpus is missing (the smoke test compares the binaries on the real letters)" >&2
  exit 1
fi

case "$t" in *windows*) exe=imr-lsp.exe ;; *) exe=imr-lsp ;; esac
bin="$repo/target/dist/$t/$exe"
[[ -f "$bin" ]] || bash scripts/dist.sh --no-vsix "$t"

native="$repo/target/release/imr-lsp"
[[ -f "$native" ]] || cargo build --release --locked --bin imr-lsp

smoke="$repo/target/smoke"
mkdir -p "$smoke"
args=()
case "$t" in
  x86_64-pc-windows-gnu)
    command -v x86_64-w64-mingw32-gcc >/dev/null && [[ -x /usr/lib/wine/wine64 ]] ||
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends wine64 gcc-mingw-w64-x86-64
    export WINEPREFIX="$smoke/wine" WINEDEBUG=-all WINEARCH=win64
    # No desktop integration or Mono/Gecko prompts in a test prefix.
    export WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d"
    if [[ ! -f "$WINEPREFIX/system.reg" ]]; then
      start=$SECONDS
      /usr/lib/wine/wine64 wineboot --init >/dev/null 2>&1 || true
      /usr/lib/wine/wineserver -w || true
      echo "wine prefix made in $((SECONDS - start))s"
    fi
    sys32="$WINEPREFIX/drive_c/windows/system32"
    [[ -d "$sys32" ]] || { echo "error: wineboot made no $sys32" >&2; exit 1; }
    x86_64-w64-mingw32-gcc -O2 -shared -Wl,--kill-at -o "$sys32/bcryptprimitives.dll" \
      tests/dist/processprng-shim.c -ladvapi32
    foreign="/usr/lib/wine/wine64 $bin"
    args+=(--windows)
    ;;
  aarch64-unknown-linux-gnu)
    command -v qemu-aarch64-static >/dev/null ||
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends qemu-user-static
    # The dynamic loader and libc of the arm64 cross sysroot (libc6-arm64-cross).
    foreign="qemu-aarch64-static -L /usr/aarch64-linux-gnu $bin"
    ;;
  x86_64-unknown-linux-gnu) foreign="$bin" ;;
  *) echo "$t: no way to run it here" >&2; exit 2 ;;
esac

start=$SECONDS
python3 tests/dist/smoke.py --native "$native" --foreign "$foreign" "${args[@]}" \
  --corpus "$corpus" --letters "$repo/tests/fixtures/letters" "$@"
echo "$t: smoke test passed in $((SECONDS - start))s"
if [[ "$t" == x86_64-pc-windows-gnu ]]; then /usr/lib/wine/wineserver -k 2>/dev/null || true; fi
