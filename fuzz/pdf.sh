#!/usr/bin/env bash
# Fuzzes the PDF path (`pdf` target: input::read on arbitrary bytes, then the parser), seeded from
# the published PDFs (../shared/corpus/pdf, never copied into the repository) and from broken
# PDFs written by fuzz/seeds/broken_pdfs.py (cut files, bad xref, cycles, deep nesting, odd fonts,
# Flate bombs):
#   bash fuzz/pdf.sh [SECONDS]        (default 3600)
# Stable Rust is enough: RUSTC_BOOTSTRAP=1 lets cargo-fuzz use the nightly flags it needs
# (`cargo install cargo-fuzz`). One job, at low priority; libFuzzer's limits make a memory
# blow-up (-rss_limit_mb) or a hang (-timeout) a finding, saved in fuzz/artifacts/pdf/, and
# -fork=1 with -ignore_* keeps it going after one. Copy what it finds (after checking it holds
# no letter text: minimise with `cargo fuzz tmin`) to tests/fuzz_regressions/pdf/.
set -euo pipefail
cd "$(dirname "$0")"
secs="${1:-3600}"
mkdir -p corpus/pdf artifacts/pdf
python3 seeds/broken_pdfs.py corpus/pdf >/dev/null
# The big Flate bombs are measured with the CLI (docs/fuzzing.md); in the corpus every mutation
# of one would spend the whole -timeout inflating.
rm -f corpus/pdf/bomb-big-*
cp -n ../tests/fixtures/pdf/*.pdf ../tests/fuzz_regressions/pdf/* corpus/pdf/ 2>/dev/null || true
corpus_pdfs=../../shared/corpus/pdf
if [[ -d "$corpus_pdfs" ]]; then
  cp -n "$corpus_pdfs"/*.pdf corpus/pdf/
else
  echo "note: $corpus_pdfs not found: seeded from the broken PDFs and the fixtures only" >&2
fi
export RUSTC_BOOTSTRAP=1
# The reader's scratch file lives in memory.
export TMPDIR=/dev/shm
nice -n 10 cargo fuzz run -O -s none pdf corpus/pdf -- \
  -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
  -max_total_time="$secs" -max_len=262144 -timeout=20 -rss_limit_mb=2048 \
  -artifact_prefix=artifacts/pdf/ -print_final_stats=1
