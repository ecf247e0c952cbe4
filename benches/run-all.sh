#!/usr/bin/env bash
# Re-runs every figure in BENCHMARKS.md: bash benches/run-all.sh
# Output: criterion's summaries (benchmarks 1–2 and request building) and the server harness's
# Markdown tables (benchmarks 3–5, stress, 100 MB file). Takes about 10 minutes on 2 cores.
# Run it on a quiet machine: other builds or fuzzers running at the same time skew the figures.
set -euo pipefail
cd "$(dirname "$0")/.."

# The harness builds nothing itself; build the transport floor (the server is built by cargo bench).
cargo build --release --bins --example floor_server

cargo bench --bench parse
cargo bench --bench incremental
cargo bench --bench server   # sections: startup keystroke requests memory check stress big huge
cargo bench --bench soak     # 100 documents, 100,000 edits (about 1 minute)
cargo bench --bench workspace  # sections: index symbols server (a generated folder of 10,000 letters)
