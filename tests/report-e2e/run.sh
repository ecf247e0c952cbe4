#!/usr/bin/env bash
# The `imr-lsp report` page in a real headless Chromium: it loads with no console error and no
# network request, its charts are drawn, the letters table sorts and filters, and a screenshot
# is taken (target/report-e2e/report.png; docs/screenshots/report.png when UPDATE_SCREENSHOTS=1).
#
#   bash tests/report-e2e/run.sh
#
# Environment:
#   IMR_LSP_BIN     the imr-lsp binary (default: target/release/imr-lsp, built when missing)
#   IMR_REPORT_E2E_CACHE   where playwright-core is cached (default: $HOME/.cache/imr-lsp-report-e2e)
#   UPDATE_SCREENSHOTS=1   also write docs/screenshots/report.png (CI leaves the tree clean)
# Uses the system Node (20+) and the Debian chromium package (installed with apt when missing,
# as editors/vscode/e2e/run.sh does).
set -Eeuo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
CACHE=${IMR_REPORT_E2E_CACHE:-${HOME:-/root}/.cache/imr-lsp-report-e2e}
PLAYWRIGHT_VERSION=1.65.1
OUT="$REPO/target/report-e2e"
mkdir -p "$OUT"

log() { printf '[report-e2e] %s\n' "$*"; }
fail() { echo "FAIL: $*"; exit 1; }

as_root() {
  if [[ $(id -u) == 0 ]]; then "$@"
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo "$@"
  else return 1
  fi
}

if [[ ! -x /usr/bin/chromium ]]; then
  log "apt-get install chromium"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >"$OUT/apt.log" 2>&1 \
    && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >>"$OUT/apt.log" 2>&1 \
    || { tail -20 "$OUT/apt.log"; fail "could not install chromium (need root or passwordless sudo)"; }
fi
command -v node >/dev/null || fail "node (20 or later) is needed"
node_major=$(node -p 'process.versions.node.split(".")[0]')
(( node_major >= 20 )) || fail "node 20 or later is needed (found $(node --version))"

# playwright-core only (no browser download): it drives the system chromium.
mkdir -p "$CACHE"
exec 9>"$CACHE/.lock"
flock -w 600 9 || fail "could not lock $CACHE/.lock"
if [[ "$(cat "$CACHE/.stamp" 2>/dev/null)" != "playwright-core=$PLAYWRIGHT_VERSION" ]]; then
  log "installing playwright-core@$PLAYWRIGHT_VERSION into $CACHE"
  rm -rf "$CACHE/node_modules"
  ( cd "$CACHE" && printf '{"private":true}\n' >package.json \
      && npm install --no-audit --no-fund --loglevel=error "playwright-core@$PLAYWRIGHT_VERSION" ) >"$OUT/npm.log" 2>&1 \
    || { tail -20 "$OUT/npm.log"; fail "npm install playwright-core failed"; }
  echo "playwright-core=$PLAYWRIGHT_VERSION" >"$CACHE/.stamp"
fi
flock -u 9

BIN=${IMR_LSP_BIN:-$REPO/target/release/imr-lsp}
if [[ ! -x "$BIN" ]]; then
  log "building $BIN"
  (cd "$REPO" && cargo build --release --locked -q)
fi

# The published corpus makes a realistic page; the bundled letters stand in without it.
CORPUS="$REPO/../shared/corpus"
inputs=("$REPO/tests/fixtures/letters" "$REPO/tests/fixtures/drafts")
title="IMR letters: the 5 bundled letters and one broken draft"
if compgen -G "$CORPUS/*.txt" >/dev/null; then
  inputs=("$CORPUS"/*.txt "$REPO/tests/fixtures/drafts")
  title="IMR letters: 90 published (Dec 2016 – Feb 2017) and one broken draft"
elif [[ -n "${CI:-}" ]]; then
  fail "CI is set but ../shared/corpus is missing"
else
  log "../shared/corpus not found: the page shows only the bundled letters"
fi
# Relative paths keep the page (and the screenshot) free of this machine's folders.
(cd "$REPO" && "$BIN" report --title "$title" \
   -o "$OUT/report.html" "${inputs[@]/#$REPO\//}") || [[ $? == 2 ]] || fail "imr-lsp report failed"
[[ -s "$OUT/report.html" ]] || fail "no report written"

NODE_PATH="$CACHE/node_modules" node "$HERE/page.mjs" "$OUT/report.html" "$OUT/report.png"
if [[ "${UPDATE_SCREENSHOTS:-}" == 1 ]]; then
  cp "$OUT/report.png" "$REPO/docs/screenshots/report.png"
  log "docs/screenshots/report.png updated"
fi
