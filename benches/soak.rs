//! The soak run: 100 documents open, 100,000 random edits spread over them with requests on
//! other documents interleaved. Passes when RSS at the end is within 10 % of RSS after the first
//! 10,000 edits and every document's outline and diagnostics equal a fresh open of its text.
//!
//! `cargo bench --bench soak` (about 1 minute on 2 cores); `-- --edits N --docs N` for a
//! different size. A short version runs in `tests/stress.rs`.

mod support;

use support::soak::{run, Soak};

fn arg(name: &str, default: usize) -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let bin = std::env::var("IMR_BENCH_SERVER")
        .unwrap_or_else(|_| env!("CARGO_BIN_EXE_imr-lsp").to_string());
    let s = Soak {
        docs: arg("--docs", 100),
        edits: arg("--edits", 100_000),
        warmup: arg("--warmup", 10_000),
        request_every: 20,
        seed: 13,
    };
    println!(
        "## Soak: {} documents, {} random edits, a request every {} edits\n",
        s.docs, s.edits, s.request_every
    );
    let r = run(&bin, &s);
    println!("| edits | requests | text MB start → end | s | edits/s | RSS after {} edits MB | RSS at end MB | end / warm | peak MB | outline = fresh | diagnostics = fresh | exit |", s.warmup);
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|");
    println!(
        "| {} | {} | {:.2} → {:.2} | {:.1} | {:.0} | {:.1} | {:.1} | {:.3} | {:.1} | {}/{} | {}/{} | {:?} |\n",
        s.edits,
        r.requests,
        r.text_bytes_start as f64 / 1e6,
        r.text_bytes_end as f64 / 1e6,
        r.secs,
        s.edits as f64 / r.secs,
        r.rss_warm_kb as f64 / 1e3,
        r.rss_end_kb as f64 / 1e3,
        r.rss_ratio(),
        r.hwm_kb as f64 / 1e3,
        r.outline_equal,
        s.docs,
        r.diagnostics_equal,
        s.docs,
        r.exit_status,
    );
    let ok = r.rss_ratio() <= 1.10
        && r.outline_equal == s.docs
        && r.diagnostics_equal == s.docs
        && r.exit_status == Some(0);
    if !ok {
        eprintln!("soak FAILED");
        std::process::exit(1);
    }
    println!("soak passed");
}
