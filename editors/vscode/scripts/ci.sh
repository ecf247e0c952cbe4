#!/usr/bin/env bash
# CI for the VS Code extension: install, type-check and bundle, lint, unit and
# grammar tests, then package the .vsix. Needs only Node 20 and npm.
# Packaging needs the server binary: set IMR_LSP_BIN (absolute path) or build
# ../../target/release/imr-lsp first; without one this script fails.
set -euo pipefail
cd "$(dirname "$0")/.."

# Keep npm's cache out of $HOME so a fresh or read-only home works.
export npm_config_cache="${npm_config_cache:-${TMPDIR:-/tmp}/imr-lsp-vscode-npm-cache}"
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false

npm ci
npm run compile
npm run lint
npm test

# Checked after the tests so that they still run (and report) without a server build.
bin="${IMR_LSP_BIN:-../../target/release/imr-lsp}"
if [[ ! -f "$bin" ]]; then
  echo "error: no imr-lsp binary to package: '$bin' does not exist." >&2
  echo "       Run 'cargo build --release' in the repository root or export IMR_LSP_BIN=/abs/path/imr-lsp." >&2
  exit 1
fi
npm run package

# The .vsix bundles the stripped server: keep it small enough to download quickly.
max=$((5 * 1024 * 1024))
for vsix in imr-lsp-*.vsix; do
  size=$(stat -c %s "$vsix")
  echo "$vsix: $size bytes"
  if (( size > max )); then
    echo "error: $vsix is over 5 MB ($size bytes): is the server binary stripped?" >&2
    exit 1
  fi
done
