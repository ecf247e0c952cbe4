#!/usr/bin/env bash
# Report and extract at scale: peak RSS at 10,000 and 100,000 letters, and `report` against
# `check` on the same 10,000 files (medians of RUNS runs, interleaved). See BENCHMARKS.md,
# "Report and extract".
#
#   cargo build --release && bash benches/report-scale.sh [RUNS]
#
# The letters are hard links to the 90 corpus letters and the 5 bundled ones (../shared/corpus
# when present), 1,000 to a folder, in a temporary directory removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${IMR_LSP_BIN:-$PWD/target/release/imr-lsp}
RUNS=${1:-5}
[[ -x "$BIN" ]] || { echo "build first: cargo build --release" >&2; exit 2; }
SRC=(tests/fixtures/letters/*.txt)
if compgen -G "../shared/corpus/*.txt" >/dev/null; then SRC+=(../shared/corpus/*.txt); fi
TMP=$(mktemp -d "${TMPDIR:-/tmp}/imr-scale.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

make_set() {  # make_set N DIR
  local n=$1 dir=$2 i=0
  while (( i < n )); do
    local sub="$dir/$(printf '%04d' $(( i / 1000 )))"
    mkdir -p "$sub"
    for f in "${SRC[@]}"; do
      (( i < n )) || break
      ln "$f" "$sub/$(printf '%06d' "$i")-$(basename "$f")"
      i=$(( i + 1 ))
    done
  done
}

# peak RSS (MB) and wall seconds of one run
measure() {
  # (check exits 1 when it finds errors: the figures still count)
  /usr/bin/time -o "$TMP/time" -f '%M %e' "$@" >/dev/null 2>&1 || true
  tail -1 "$TMP/time" | awk '{printf "%.1f %s\n", $1/1024, $2}'
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

for n in 10000 100000; do
  make_set "$n" "$TMP/$n"
  echo "== $n letters"
  for cmd in "check --quiet" "report -o /dev/null" "report --format json -o /dev/null" "extract --format csv" "extract --format jsonl"; do
    # shellcheck disable=SC2086
    read -r rss secs < <(measure "$BIN" $cmd "$TMP/$n")
    printf '%-36s peak RSS %7.1f MB   %6.2f s\n' "$cmd" "$rss" "$secs"
  done
done

echo "== report vs check on 10,000 letters, $RUNS runs each, interleaved"
c=(); r=()
for _ in $(seq "$RUNS"); do
  c+=("$(measure "$BIN" check --quiet "$TMP/10000" | cut -d' ' -f2)")
  r+=("$(measure "$BIN" report -o /dev/null "$TMP/10000" | cut -d' ' -f2)")
done
mc=$(printf '%s\n' "${c[@]}" | median); mr=$(printf '%s\n' "${r[@]}" | median)
echo "check  runs: ${c[*]}  median $mc s"
echo "report runs: ${r[*]}  median $mr s"
awk -v a="$mr" -v b="$mc" 'BEGIN {printf "report / check = %.2f (goal <= 1.5)\n", a/b}'
