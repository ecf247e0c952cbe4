#!/usr/bin/env bash
# The LSP conformance suite: pytest-lsp drives the server with the recorded client capabilities
# of VS Code, Neovim 0.11 and Emacs, and fails on any message outside the LSP specification or
# the capabilities the client declared.
#
#   bash tests/conformance/run.sh [PYTEST ARGS...]
#
# Environment:
#   IMR_LSP_BIN     absolute path of the server (default: <repo>/target/release/imr-lsp, else
#                   target/debug/imr-lsp)
#   IMR_E2E_CACHE   where the Python venv is kept (default: $HOME/.cache/imr-lsp-e2e), as
#                   conformance-venv/ (about 30 MB); reinstalled when requirements.txt changes.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cache="${IMR_E2E_CACHE:-${HOME:-/root}/.cache/imr-lsp-e2e}"
venv="$cache/conformance-venv"

stamp="$venv/.requirements"
if ! cmp -s "$here/requirements.txt" "$stamp" 2>/dev/null; then
  echo "conformance: installing pytest-lsp into $venv" >&2
  rm -rf "$venv"
  mkdir -p "$cache"
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/requirements.txt"
  cp "$here/requirements.txt" "$stamp"
fi

if [[ -z "${IMR_LSP_BIN:-}" ]]; then
  for b in "$repo/target/release/imr-lsp" "$repo/target/debug/imr-lsp"; do
    if [[ -x "$b" ]]; then IMR_LSP_BIN="$b"; break; fi
  done
fi
[[ -x "${IMR_LSP_BIN:-}" ]] || { echo "conformance: no imr-lsp binary; run cargo build or set IMR_LSP_BIN" >&2; exit 1; }
export IMR_LSP_BIN IMR_REPO_ROOT="$repo"

export PYTHONDONTWRITEBYTECODE=1
cd "$here"
# -p no:cacheprovider: leave no .pytest_cache in the tree.
exec "$venv/bin/python" -m pytest -p no:cacheprovider -q "$@"
