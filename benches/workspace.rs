//! The workspace index on a folder of 10,000 letters (the seeds, each with its own case number,
//! one file per letter, ~60 MB): indexing time on 1 and 2 threads, the memory the index keeps
//! beside the text it summarises, workspace-symbol search time, and end to end through the
//! server binary: time to index, `workspace/symbol` latency, RSS, and keystroke latency while the
//! index is being built against after.
//!
//! `cargo bench --bench workspace [-- SECTION...] [--letters N]` where SECTION is one of
//! `index symbols server` (default: all).

mod support;

use imr_lsp::analysis::Analysis;
use imr_lsp::lsp::document::embedded_catalog;
use imr_lsp::workspace::{scan, symbols, Index};
use serde_json::{json, Value};
use std::alloc::{GlobalAlloc, Layout, System};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use support::client::Lsp;

/// Counts the bytes allocated and live, and the peak, so the index's own size can be measured.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(l) };
        if !p.is_null() {
            let now = LIVE.fetch_add(l.size(), Ordering::Relaxed) + l.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        unsafe { System.dealloc(p, l) };
        LIVE.fetch_sub(l.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        let q = unsafe { System.realloc(p, l, new) };
        if !q.is_null() {
            if new > l.size() {
                let now = LIVE.fetch_add(new - l.size(), Ordering::Relaxed) + new - l.size();
                PEAK.fetch_max(now, Ordering::Relaxed);
            } else {
                LIVE.fetch_sub(l.size() - new, Ordering::Relaxed);
            }
        }
        q
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn mb(bytes: usize) -> f64 {
    bytes as f64 / 1e6
}

/// Median, p99 and min in ms.
fn stats(v: &[Duration]) -> (f64, f64, f64) {
    let mut x: Vec<f64> = v.iter().map(|d| ms(*d)).collect();
    support::stats(&mut x)
}

/// A folder of `n` letters, 1,000 to a subfolder: `Case Number: CM15-nnnnnnn` then a seed,
/// round-robin. Returns the folder and the bytes written.
fn make_folder(n: usize) -> (PathBuf, usize) {
    let dir = std::env::temp_dir().join(format!("imr-bench-workspace-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let seeds = support::seeds();
    let mut bytes = 0;
    for i in 0..n {
        let sub = dir.join(format!("batch-{:02}", i / 1000));
        if i % 1000 == 0 {
            std::fs::create_dir_all(&sub).unwrap();
        }
        let text = format!("Case Number: CM15-{i:07}\n\n{}", seeds[i % seeds.len()]);
        bytes += text.len();
        std::fs::write(sub.join(format!("letter-{i:05}.txt")), text).unwrap();
    }
    (dir, bytes)
}

fn index_on(threads: usize, root: &Path) -> (Duration, Index) {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    let catalog = embedded_catalog();
    let t = Instant::now();
    let paths = scan::candidates(&[root.to_path_buf()]);
    let done = AtomicUsize::new(0);
    let results =
        pool.install(|| scan::index_all(&paths, &catalog, &done, &AtomicBool::new(false)));
    let mut index = Index::new(catalog);
    for (p, s) in results {
        index.set(p, Some(s));
    }
    (t.elapsed(), index)
}

/// The floors of indexing on one thread: reading every file, and reading plus analysing every
/// text (what an open document costs), without the walk or the summaries.
fn floors(root: &Path) -> (Duration, Duration) {
    let paths = scan::candidates(&[root.to_path_buf()]);
    let catalog = embedded_catalog();
    let mut read = Vec::new();
    let mut analysed = Vec::new();
    for _ in 0..3 {
        let t = Instant::now();
        let texts: Vec<String> = paths
            .iter()
            .map(|p| std::fs::read_to_string(p).unwrap())
            .collect();
        read.push(t.elapsed());
        drop(texts);
        let t = Instant::now();
        for p in &paths {
            let text = std::fs::read_to_string(p).unwrap();
            std::hint::black_box(Analysis::new(&text, catalog.clone()));
        }
        analysed.push(t.elapsed());
    }
    let med = |v: &mut Vec<Duration>| {
        v.sort();
        v[v.len() / 2]
    };
    (med(&mut read), med(&mut analysed))
}

fn section_index(root: &Path, n: usize, text_bytes: usize) -> Index {
    println!(
        "## Indexing {n} letters ({:.1} MB of text)\n",
        mb(text_bytes)
    );
    let (read, analysed) = floors(root);
    println!(
        "Floors on 1 thread: reading every file {:.0} ms; reading + analysing every text (parse, resolve, rules) {:.0} ms.\n",
        ms(read),
        ms(analysed)
    );
    println!("| threads | median | min | letters/s | MB/s |");
    println!("|---|---|---|---|---|");
    for threads in [1, 2] {
        let mut times = Vec::new();
        for _ in 0..5 {
            let (t, index) = index_on(threads, root);
            assert_eq!(index.len(), n, "every generated letter is indexed");
            times.push(t);
        }
        let (med, _, min) = stats(&times);
        println!(
            "| {threads} | {med:.0} ms | {min:.0} ms | {:.0} | {:.0} |",
            n as f64 / (med / 1000.0),
            mb(text_bytes) / (med / 1000.0)
        );
    }
    // Memory: what the index keeps once built, and the peak while building (above what was live
    // before), both beside the text size.
    let before = LIVE.load(Ordering::SeqCst);
    PEAK.store(before, Ordering::SeqCst);
    let (_, index) = index_on(2, root);
    let kept = LIVE.load(Ordering::SeqCst).saturating_sub(before);
    let peak = PEAK.load(Ordering::SeqCst).saturating_sub(before);
    println!(
        "\nIndex kept in memory: {:.1} MB = {:.3}× the text; peak while building: {:.1} MB ({:.3}×)\n",
        mb(kept),
        kept as f64 / text_bytes as f64,
        mb(peak),
        peak as f64 / text_bytes as f64
    );
    index
}

fn section_symbols(index: &Index) {
    println!("## Workspace symbol search over the index (in process, limit 500)\n");
    println!("| query | hits | median | p99 |");
    println!("|---|---|---|---|");
    for q in [
        "norco",
        "mri lumbar",
        "flexeril",
        "nrco",
        "fusion",
        "",
        "zzzz",
    ] {
        let mut times = Vec::new();
        let mut hits = 0;
        for _ in 0..50 {
            let t = Instant::now();
            let h = symbols::search(
                index.iter().map(|(p, s)| (p.as_path(), &**s)),
                q,
                500,
                &|| false,
            );
            times.push(t.elapsed());
            hits = h.len();
        }
        let (med, p99, _) = stats(&times);
        println!("| `{q}` | {hits} | {med:.2} ms | {p99:.2} ms |");
    }
    println!();
}

fn file_uri(p: &Path) -> String {
    format!("file://{}", p.display())
}

/// Answers the server's requests (progress token) until `pred` matches.
fn until(lsp: &mut Lsp, pred: impl Fn(&Value) -> bool) -> (Instant, Value) {
    loop {
        let (at, m) =
            lsp.wait_for(|m| pred(m) || (m.get("id").is_some() && m.get("method").is_some()));
        if m.get("id").is_some() && m.get("method").is_some() && !pred(&m) {
            lsp.send(&json!({"jsonrpc": "2.0", "id": m["id"], "result": null}));
            continue;
        }
        return (at, m);
    }
}

fn section_server(root: &Path, n: usize, text_bytes: usize) {
    let bin = env!("CARGO_BIN_EXE_imr-lsp");
    println!("## End to end: `{bin}` on the folder\n");

    // The same server with no folder: the baseline RSS.
    let mut bare = Lsp::spawn(bin);
    bare.initialize();
    let (_, v) = bare.request("workspace/symbol", json!({"query": "norco"}));
    assert_eq!(v["result"], json!([]));
    let (_, bare_rss) = bare.memory_kb();
    bare.shutdown();

    let mut lsp = Lsp::spawn(bin);
    let (_, r) = lsp.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": file_uri(root),
            "capabilities": {"window": {"workDoneProgress": true}},
        }),
    );
    assert!(r.get("result").is_some(), "{r}");
    // A letter open in the editor while the folder is indexed: keystrokes go on.
    let uri = "file:///bench/open.imr";
    let text = support::one_letter();
    let (pos, _) = support::mid_item_position(&text);
    let t0 = lsp.notify("initialized", json!({}));
    lsp.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "imr", "version": 1, "text": text}}),
    );
    until(&mut lsp, |m| {
        m["method"] == "textDocument/publishDiagnostics"
    });
    let mut during = Vec::new();
    let mut after = Vec::new();
    let mut indexed_at = None;
    let mut version = 1;
    while after.len() < 200 {
        version += 1;
        let change = if version % 2 == 0 {
            json!({"range": {"start": pos, "end": pos}, "text": "x"})
        } else {
            json!({"range": {"start": pos, "end": {"line": pos.line, "character": pos.character + 1}}, "text": ""})
        };
        let sent = lsp.change(uri, version, change);
        loop {
            let (at, m) = until(&mut lsp, |m| {
                (m["method"] == "textDocument/publishDiagnostics"
                    && m["params"]["version"] == version)
                    || (m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end")
            });
            if m["method"] == "$/progress" {
                indexed_at = Some(at);
                continue;
            }
            if indexed_at.is_some() {
                after.push(at - sent);
            } else {
                during.push(at - sent);
            }
            break;
        }
    }
    let indexed = indexed_at.unwrap() - t0;
    let (_, rss) = lsp.memory_kb();
    println!(
        "Indexed {n} letters in **{:.0} ms** from `initialized` to the progress `end` (while typing in an open letter).\n",
        ms(indexed)
    );
    println!(
        "Server RSS after indexing: {:.1} MB, against {:.1} MB for the same server with no folder: **+{:.1} MB = {:.2}× the text** ({:.1} MB).\n",
        rss as f64 / 1000.0,
        bare_rss as f64 / 1000.0,
        (rss.saturating_sub(bare_rss)) as f64 / 1000.0,
        (rss.saturating_sub(bare_rss)) as f64 * 1000.0 / text_bytes as f64,
        mb(text_bytes)
    );
    let (dm, dp, _) = stats(&during);
    let (am, ap, _) = stats(&after);
    println!("| keystroke (1 letter open) | n | median | p99 |");
    println!("|---|---|---|---|");
    println!(
        "| while indexing | {} | {dm:.3} ms | {dp:.3} ms |",
        during.len()
    );
    println!(
        "| after indexing | {} | {am:.3} ms | {ap:.3} ms |\n",
        after.len()
    );

    println!("| `workspace/symbol` query | symbols | median | p99 |");
    println!("|---|---|---|---|");
    for q in ["norco", "mri lumbar", "flexeril", "nrco", ""] {
        let mut times = Vec::new();
        let mut count = 0;
        for _ in 0..30 {
            let (t, v) = lsp.request("workspace/symbol", json!({"query": q}));
            count = v["result"].as_array().map_or(0, |a| a.len());
            times.push(t);
        }
        let (med, p99, _) = stats(&times);
        println!("| `{q}` | {count} | {med:.2} ms | {p99:.2} ms |");
    }
    println!();
    lsp.shutdown();
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let n = args
        .iter()
        .position(|a| a == "--letters")
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let sections: Vec<&String> = args
        .iter()
        .filter(|a| ["index", "symbols", "server"].contains(&a.as_str()))
        .collect();
    let want = |s: &str| sections.is_empty() || sections.iter().any(|a| *a == s);
    println!(
        "# imr-lsp workspace bench\n\nmachine: {} cores\n",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    let (root, bytes) = make_folder(n);
    if want("index") || want("symbols") {
        let index = if want("index") {
            section_index(&root, n, bytes)
        } else {
            index_on(2, &root).1
        };
        if want("symbols") {
            section_symbols(&index);
        }
    }
    if want("server") {
        section_server(&root, n, bytes);
    }
    let _ = std::fs::remove_dir_all(&root);
}
