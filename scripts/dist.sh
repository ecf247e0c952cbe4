#!/usr/bin/env bash
# Builds every release file into target/dist/:
#   <rust-target>/imr-lsp[.exe]                      the stripped server and checker
#   imr-lsp-<version>-<rust-target>.tar.gz (.zip)     binary, README, LICENSE, CHANGELOG, editor configs
#   imr-lsp-<vscode-platform>-<version>.vsix          the VS Code extension with that binary inside
#   SHA256SUMS
#
# Usage: bash scripts/dist.sh [--test] [--no-vsix] [RUST-TARGET...]
#   no target: every target this machine can build (Linux x64, Windows x64, Linux arm64, and
#   macOS once scripts/macos-toolchain.sh has installed zig and cargo-zigbuild under target/).
#   --test     also runs each binary's smoke test (scripts/smoke.sh: wine, qemu, or natively).
#   --no-vsix  archives only (no Node needed).
#
# The native target is built with the rustup toolchain (`cargo` on PATH), as CI does. The
# foreign ones are built with Debian's rustc-web/cargo-web (/usr/bin/cargo, Rust 1.96) and
# -Zbuild-std, into target/cross so the native build's cache is kept. Needs root for apt-get
# (it installs only what is missing).
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"

max_bin=$((10 * 1024 * 1024))
max_vsix=$((5 * 1024 * 1024))

test=0
vsix=1
targets=()
for a in "$@"; do
  case "$a" in
    --test) test=1 ;;
    --no-vsix) vsix=0 ;;
    -h | --help) sed -n '2,18p' "$0"; exit 0 ;;
    -*) echo "unknown option $a" >&2; exit 2 ;;
    *) targets+=("$a") ;;
  esac
done

native=x86_64-unknown-linux-gnu
zig_venv="$repo/target/zig-venv"
have_zig() { [[ -x $zig_venv/bin/cargo-zigbuild ]] && "$zig_venv/bin/python" -c 'import ziglang' 2>/dev/null; }
if ((${#targets[@]} == 0)); then
  targets=("$native" x86_64-pc-windows-gnu aarch64-unknown-linux-gnu)
  if have_zig; then targets+=(aarch64-apple-darwin x86_64-apple-darwin); fi
fi

version=$(sed -n 's/^version *= *"\(.*\)"/\1/p' Cargo.toml | head -1)
dist="$repo/target/dist"
mkdir -p "$dist"

# --- what a target needs -------------------------------------------------------------------
apt_missing=()
need_apt() {
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || apt_missing+=("$p")
  done
}
cross_pkgs="rustc-web cargo-web rust-web-src"
for t in "${targets[@]}"; do
  case "$t" in
    "$native") ;;
    x86_64-pc-windows-gnu) need_apt $cross_pkgs gcc-mingw-w64-x86-64 zip; ((test)) && need_apt wine64 ;;
    aarch64-unknown-linux-gnu) need_apt $cross_pkgs gcc-aarch64-linux-gnu libc6-dev-arm64-cross; ((test)) && need_apt qemu-user-static ;;
    *-apple-darwin) need_apt $cross_pkgs; have_zig || bash scripts/macos-toolchain.sh ;;
    *) echo "unsupported target $t" >&2; exit 2 ;;
  esac
done
if ((${#apt_missing[@]})); then
  echo "installing: ${apt_missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q --no-install-recommends "${apt_missing[@]}" ||
    { apt-get update -q && apt-get install -y -q --no-install-recommends "${apt_missing[@]}"; }
fi

# --- build -----------------------------------------------------------------------------------
exe() { case "$1" in *windows*) echo imr-lsp.exe ;; *) echo imr-lsp ;; esac; }
vscode_platform() {
  case "$1" in
    x86_64-unknown-linux-gnu) echo linux-x64 ;;
    aarch64-unknown-linux-gnu) echo linux-arm64 ;;
    x86_64-pc-windows-gnu) echo win32-x64 ;;
    aarch64-apple-darwin) echo darwin-arm64 ;;
    x86_64-apple-darwin) echo darwin-x64 ;;
  esac
}
strip_tool() {
  case "$1" in
    x86_64-unknown-linux-gnu) echo strip ;;
    aarch64-unknown-linux-gnu) echo aarch64-linux-gnu-strip ;;
    x86_64-pc-windows-gnu) echo x86_64-w64-mingw32-strip ;;
    *) echo "" ;; # Mach-O: rustc's strip=true already removed the symbols
  esac
}

build() {
  local t=$1 start=$SECONDS
  case "$t" in
    "$native")
      cargo build --release --locked --bin imr-lsp
      built="$repo/target/release/imr-lsp"
      ;;
    *)
      local upper=${t^^}
      upper=${upper//-/_}
      local env=(RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1)
      local cargo=(/usr/bin/cargo build)
      case "$t" in
        x86_64-pc-windows-gnu) env+=("CARGO_TARGET_${upper}_LINKER=x86_64-w64-mingw32-gcc") ;;
        aarch64-unknown-linux-gnu) env+=("CARGO_TARGET_${upper}_LINKER=aarch64-linux-gnu-gcc") ;;
        *-apple-darwin)
          # cargo-zigbuild runs zig through the venv's python (`python3 -m ziglang`). rustc strips
          # Mach-O with rust-objcopy, which Debian's rustc-web lacks: the symbols stay (no debug
          # info is built, so they are small), and nothing re-strips after the linker signed it.
          env+=(CARGO=/usr/bin/cargo PATH="$zig_venv/bin:$PATH" CARGO_PROFILE_RELEASE_STRIP=false)
          cargo=("$zig_venv/bin/cargo-zigbuild" zigbuild)
          ;;
      esac
      env "${env[@]}" "${cargo[@]}" --release --locked --target "$t" \
        -Zbuild-std=std,panic_abort --target-dir target/cross --bin imr-lsp || return 1
      built="$repo/target/cross/$t/release/$(exe "$t")"
      ;;
  esac
  build_secs=$((SECONDS - start))
}

if ((vsix)) && [[ ! -d editors/vscode/node_modules ]]; then
  (cd editors/vscode && npm_config_cache="${TMPDIR:-/tmp}/imr-lsp-vscode-npm-cache" npm ci --no-audit --no-fund)
fi

sizes=()
for t in "${targets[@]}"; do
  echo "=== $t"
  case "$t" in
    *-apple-darwin)
      # Built, never run here, and not yet seen through to the end (CONTRIBUTING.md): a failure
      # leaves the other targets' files as they are.
      if ! build "$t"; then
        echo "warning: $t did not build; no macOS files" >&2
        continue
      fi
      ;;
    *) build "$t" ;;
  esac
  out="$dist/$t"
  mkdir -p "$out"
  bin="$out/$(exe "$t")"
  cp "$built" "$bin"
  s=$(strip_tool "$t")
  if [[ -n "$s" ]]; then "$s" "$bin"; fi
  size=$(stat -c %s "$bin")
  echo "$t: built in ${build_secs}s, $size bytes"
  sizes+=("$t ${build_secs}s $size")
  if ((size > max_bin)); then
    echo "error: $bin is over 10 MB ($size bytes)" >&2
    exit 1
  fi

  # The archive: one folder named like the archive.
  name="imr-lsp-$version-$t"
  stage="$repo/target/dist-stage/$name"
  rm -rf "$stage"
  mkdir -p "$stage/editors"
  cp "$bin" README.md LICENSE CHANGELOG.md "$stage/"
  cp -r editors/nvim editors/emacs editors/helix "$stage/editors/"
  rm -rf "$stage/editors/nvim/test" "$stage/editors/emacs/test"
  (
    cd "$repo/target/dist-stage"
    case "$t" in
      *windows*) rm -f "$dist/$name.zip"; zip -qr -X "$dist/$name.zip" "$name" ;;
      *) tar --owner=0 --group=0 -czf "$dist/$name.tar.gz" "$name" ;;
    esac
  )

  if ((vsix)); then
    platform=$(vscode_platform "$t")
    file="$dist/imr-lsp-$platform-$version.vsix"
    IMR_LSP_BIN="$bin" VSCE_TARGET="$platform" VSIX_OUT="$file" bash editors/vscode/scripts/package.sh
    vsize=$(stat -c %s "$file")
    if ((vsize > max_vsix)); then
      echo "error: $file is over 5 MB ($vsize bytes)" >&2
      exit 1
    fi
    # The .vsix carries this very binary, under the name its platform runs.
    inside=$(unzip -l "$file" | awk '/extension\/server\//{print $4}')
    [[ "$inside" == "extension/server/$(exe "$t")" ]] ||
      { echo "error: $file holds '$inside', not server/$(exe "$t")" >&2; exit 1; }
    vver=$(unzip -p "$file" extension/package.json | python3 -c 'import json,sys;print(json.load(sys.stdin)["version"])')
    [[ "$vver" == "$version" ]] ||
      { echo "error: $file says version $vver, Cargo.toml $version" >&2; exit 1; }
  fi
done

# The version the binary prints is the one in the file names (checked on the binaries this
# machine runs; the foreign ones again in their smoke test).
got=$("$dist/$native/imr-lsp" --version 2>/dev/null || true)
if [[ -d "$dist/$native" && "$got" != "imr-lsp $version" ]]; then
  echo "error: imr-lsp --version says '$got', Cargo.toml $version" >&2
  exit 1
fi

(
  cd "$dist"
  shopt -s nullglob
  sha256sum imr-lsp-*"$version"*.tar.gz imr-lsp-*"$version"*.zip imr-lsp-*"$version".vsix >SHA256SUMS
)
rm -rf "$repo/target/dist-stage"

echo
echo "target  build-time  stripped-bytes"
printf '%s\n' "${sizes[@]}"
ls -l "$dist"

if ((test)); then
  for t in "${targets[@]}"; do
    case "$t" in
      *-apple-darwin) echo "$t: built, not run here (no macOS)";;
      *) bash scripts/smoke.sh "$t" ;;
    esac
  done
fi
