#!/usr/bin/env bash
# End-to-end test of editors/emacs/imr-lsp.el (eglot) against the built imr-lsp server.
#
#   editors/emacs/test/run.sh
#
# Needs Emacs with eglot: Emacs 29+ (built in), or Emacs 28 with eglot installed
# (Debian 12: apt-get install emacs-nox elpa-eglot). Installs them with apt-get when missing and
# running as root on Debian; otherwise fails with a message. Never skips.
# IMR_LSP_BIN: absolute path of the server (default: <repo>/target/debug/imr-lsp).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
die() { echo "editors/emacs/test/run.sh: $*" >&2; exit 1; }

has_eglot() {
  command -v emacs >/dev/null 2>&1 &&
    emacs --batch --eval '(progn (package-initialize) (require (quote eglot)))' >/dev/null 2>&1
}

if ! has_eglot; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Emacs and eglot from Debian's packages" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null || die "apt-get update failed"
    pkgs=(emacs-nox)
    # eglot is built into Emacs 29+; Debian 12 ships Emacs 28 and eglot as elpa-eglot.
    if apt-cache show elpa-eglot >/dev/null 2>&1; then pkgs+=(elpa-eglot); fi
    apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null \
      || die "apt-get install ${pkgs[*]} failed"
  fi
  has_eglot || die "Emacs with eglot is needed: install Emacs 29+, or emacs-nox + elpa-eglot (Debian 12)"
fi

server="${IMR_LSP_BIN:-$repo/target/debug/imr-lsp}"
[[ "$server" = /* ]] || die "IMR_LSP_BIN must be an absolute path (got: $server)"
[[ -x "$server" ]] || die "imr-lsp server not found at $server: build it with 'cargo build' in $repo, or set IMR_LSP_BIN=/abs/path/to/imr-lsp"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# The snippet starts "imr-lsp" from PATH: put the server there under that name.
mkdir -p "$work/bin" "$work/home"
ln -s "$server" "$work/bin/imr-lsp"
export PATH="$work/bin:$PATH" HOME="$work/home" IMR_REPO_ROOT="$repo"

echo "emacs:  $(emacs --version | head -n1)"
echo "server: $server"
# --batch skips the user's init file but keeps site-start (Debian's elpa-* packages load from there).
timeout "${IMR_TEST_TIMEOUT:-300}" emacs --batch \
  --eval '(package-initialize)' \
  -L "$repo/editors/emacs" -L "$here" \
  -l imr-lsp -l imr-lsp-test.el -f imr-test-run
