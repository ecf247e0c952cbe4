#!/usr/bin/env bash
# Builds imr-lsp-<version>.vsix with the imr-lsp release binary inside.
#   IMR_LSP_BIN  the server binary to bundle (default: ../../target/release/imr-lsp,
#                i.e. the repository's `cargo build --release` output)
#   VSCE_TARGET  vsce platform target (default: linux-x64; must match the binary)
#   VSIX_OUT     where to write the .vsix (default: ./imr-lsp-<version>.vsix)
set -euo pipefail
cd "$(dirname "$0")/.."

bin="${IMR_LSP_BIN:-../../target/release/imr-lsp}"
target="${VSCE_TARGET:-linux-x64}"
if [[ ! -f "$bin" ]]; then
  echo "error: imr-lsp server binary not found at '$bin'." >&2
  echo "       Build it first with 'cargo build --release' in the repository root," >&2
  echo "       or set IMR_LSP_BIN to the path of an imr-lsp binary for $target." >&2
  exit 1
fi

mkdir -p server
rm -f server/imr-lsp server/imr-lsp.exe
if [[ "$target" == win32-* ]]; then dest=server/imr-lsp.exe; else dest=server/imr-lsp; fi
cp "$bin" "$dest"
# vsce stores file modes in the zip; the extension also restores the bit at start-up.
chmod 755 "$dest"

version="$(node -p "require('./package.json').version")"
out="${VSIX_OUT:-imr-lsp-${version}.vsix}"
# --no-dependencies: everything the extension needs is bundled in dist/ by esbuild.
npx --no-install vsce package --target "$target" --no-dependencies --out "$out"
echo "packaged $out ($(du -h "$out" | cut -f1)) with $bin"
