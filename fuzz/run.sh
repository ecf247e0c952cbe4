#!/usr/bin/env bash
# Runs both fuzz targets (needs a nightly toolchain and `cargo install cargo-fuzz`):
#   bash fuzz/run.sh [SECONDS_PER_TARGET]   (default 600)
# Crashes land in fuzz/artifacts/<target>/; copy small ones to tests/fuzz_regressions/.
set -euo pipefail
cd "$(dirname "$0")"
secs="${1:-600}"
mkdir -p corpus/parse corpus/edits
cp -n ../tests/fixtures/letters/*.txt ../tests/fixtures/drafts/*.imr corpus/parse/ 2>/dev/null || true
cp -n ../tests/fuzz_regressions/parse/* corpus/parse/ 2>/dev/null || true
cp -n ../tests/fuzz_regressions/edits/* corpus/edits/ 2>/dev/null || true
cargo +nightly fuzz run -O parse corpus/parse -- -max_total_time="$secs" -max_len=20000 -timeout=10
cargo +nightly fuzz run -O edits corpus/edits -- -max_total_time="$secs" -max_len=2048 -timeout=10
