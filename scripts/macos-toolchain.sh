#!/usr/bin/env bash
# The macOS cross linker for scripts/dist.sh: zig (PyPI `ziglang`) driven by cargo-zigbuild (its
# PyPI wheel), in a venv under target/ (nothing installed system-wide).
set -euo pipefail
cd "$(dirname "$0")/.."
venv=target/zig-venv
[[ -x $venv/bin/python ]] || python3 -m venv "$venv"
"$venv/bin/python" -c 'import ziglang' 2>/dev/null && [[ -x $venv/bin/cargo-zigbuild ]] ||
  "$venv/bin/pip" install -q --disable-pip-version-check ziglang cargo-zigbuild
