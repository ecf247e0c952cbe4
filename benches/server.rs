//! Benchmarks 3–5 and the stress runs, end to end through the real binaries over stdio.
//!
//! Builds nothing itself: it runs `imr-lsp` (the binary cargo built for this bench) and
//! `target/release/examples/floor_server` (`cargo build --release --example floor_server`),
//! a do-nothing tower-lsp-server server, as the transport floor. Prints Markdown tables.
//!
//! `cargo bench --bench server [-- SECTION...]` where SECTION is one of
//! `startup keystroke requests memory check stress big huge` (default: all).

mod support;

use serde_json::{json, Value};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use support::client::Lsp;
use support::edits::{rename_uri, Mirror, Rng};

/// The server under test: the binary cargo built for this bench, or `$IMR_BENCH_SERVER`
/// (e.g. a wrapper that runs it under `perf record`).
fn imr() -> String {
    std::env::var("IMR_BENCH_SERVER").unwrap_or_else(|_| env!("CARGO_BIN_EXE_imr-lsp").to_string())
}

fn floor_bin() -> String {
    let p = Path::new(env!("CARGO_BIN_EXE_imr-lsp"))
        .parent()
        .unwrap()
        .join("examples")
        .join("floor_server");
    assert!(
        p.exists(),
        "{} is missing: run `cargo build --release --example floor_server` first (benches/run-all.sh does)",
        p.display()
    );
    p.display().to_string()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// (median, p99, min, max) in ms.
fn summary(v: &[Duration]) -> (f64, f64, f64, f64) {
    let mut x: Vec<f64> = v.iter().map(|d| ms(*d)).collect();
    let (med, p99, min) = support::stats(&mut x);
    (med, p99, min, *x.last().unwrap())
}

const URI: &str = "file:///bench/letters.imr";

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let want = |s: &str| args.is_empty() || args.iter().any(|a| a == s);
    let floor = floor_bin();
    println!(
        "# imr-lsp server bench\n\nmachine: {} cores, {}\nimr-lsp: {}\nfloor: {floor}\n",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        cpu_model(),
        imr()
    );
    let one = support::one_letter();
    let thousand = support::many_letters(1000);
    println!(
        "workloads: 1 letter = {} bytes; 1000 letters = {} bytes ({:.1} MB)\n",
        one.len(),
        thousand.len(),
        thousand.len() as f64 / 1e6
    );
    if want("startup") {
        startup(&floor);
    }
    if want("keystroke") {
        keystrokes(&floor, &one, &thousand);
    }
    if want("requests") {
        requests(&floor, &thousand);
    }
    if want("memory") {
        memory(&thousand);
    }
    if want("check") {
        check();
    }
    if want("stress") {
        stress(&thousand, 10_000);
    }
    if want("big") {
        big();
    }
    if want("huge") {
        huge(&floor);
    }
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_string())
        })
        .unwrap_or_default()
}

fn startup(floor: &str) {
    const RUNS: usize = 60;
    println!("## Start-up: spawn to the `initialize` answer ({RUNS} runs each, alternating)\n");
    println!("| server | median ms | p99 ms | min ms |\n|---|---|---|---|");
    let imr = imr();
    // Alternate the two servers so that both see the same machine state.
    let mut times = [Vec::new(), Vec::new()];
    for _ in 0..RUNS {
        for (i, bin) in [imr.as_str(), floor].into_iter().enumerate() {
            let mut c = Lsp::spawn(bin);
            times[i].push(c.initialize());
            c.shutdown();
        }
    }
    let mut medians = [0.0; 2];
    for (i, name) in ["imr-lsp", "floor"].into_iter().enumerate() {
        let (med, p99, min, _) = summary(&times[i]);
        medians[i] = med;
        println!("| {name} | {med:.2} | {p99:.2} | {min:.2} |");
    }
    println!(
        "\nimr-lsp − floor: {:.2} ms (goal: within 1 ms)\n",
        medians[0] - medians[1]
    );
}

/// Types `n/2` characters in the middle of an item, then deletes them one by one; each
/// keystroke is timed from the `didChange` write to the `publishDiagnostics` of its version.
/// The floor and imr-lsp get the same keystrokes in turn, so both see the same machine state.
fn keystroke_run(bins: [&str; 2], text: &str, n: usize) -> [(Vec<Duration>, Duration); 2] {
    let (pos, _) = support::mid_item_position(text);
    let mut servers: Vec<(Lsp, Vec<Duration>, Duration)> = bins
        .iter()
        .map(|bin| {
            let mut c = Lsp::spawn(bin);
            c.initialize();
            let (open, _) = c.open(URI, text, 1);
            (c, Vec::new(), open)
        })
        .collect();
    let mut version = 1;
    let warmup = 20;
    let half = (n + warmup) / 2;
    for k in 0..2 * half {
        let change = if k < half {
            let p = json!({"line": pos.line, "character": pos.character + k as u32});
            json!({"range": {"start": p, "end": p}, "text": "x"})
        } else {
            let col = pos.character + (2 * half - k - 1) as u32;
            json!({"range": {"start": {"line": pos.line, "character": col},
                               "end": {"line": pos.line, "character": col + 1}}, "text": ""})
        };
        version += 1;
        for (c, lat, _) in servers.iter_mut() {
            let t = c.change(URI, version, change.clone());
            let (at, _) = c.wait_publish(URI, version);
            if k >= warmup {
                lat.push(at - t);
            }
        }
    }
    let mut out = servers.into_iter().map(|(c, lat, open)| {
        c.shutdown();
        (lat, open)
    });
    [out.next().unwrap(), out.next().unwrap()]
}

fn keystrokes(floor: &str, one: &str, thousand: &str) {
    println!("## Keystroke: `didChange` → `publishDiagnostics` of that version (300 keystrokes after 20 warm-up, floor and imr-lsp in turn)\n");
    println!("| file | server | open ms | median ms | p99 ms | max ms | median ratio | p99 ratio | goal |");
    println!("|---|---|---|---|---|---|---|---|---|");
    let imr = imr();
    for (name, text, goal) in [("1 letter", one, 1.5), ("1000 letters", thousand, 3.0)] {
        let [(fl, fopen), (il, iopen)] = keystroke_run([floor, &imr], text, 300);
        let f = summary(&fl);
        let i = summary(&il);
        let (rm, rp) = (i.0 / f.0, i.1 / f.1);
        println!(
            "| {name} | floor | {:.1} | {:.3} | {:.3} | {:.3} | | | |",
            ms(fopen),
            f.0,
            f.1,
            f.3
        );
        println!(
            "| {name} | imr-lsp | {:.1} | {:.3} | {:.3} | {:.3} | {rm:.2}× | {rp:.2}× | ≤ {goal}× median: {} |",
            ms(iopen),
            i.0,
            i.1,
            i.3,
            if rm <= goal { "met" } else { "MISSED" }
        );
    }
    println!();
}

/// The position of the middle letter's first item title (a hover target).
fn title_position(text: &str) -> Value {
    let doc = imr_lsp::lsp::document::Document::new(text, 0);
    let letters = &doc.analysis.model.letters;
    let l = &letters[letters.len() / 2];
    let at = l.items[0].title_span.start + 2;
    let p = doc
        .positions(imr_lsp::lsp::position::Encoding::Utf16)
        .position(at);
    json!({"line": p.line, "character": p.character})
}

fn requests(floor: &str, thousand: &str) {
    println!("## Requests on the 1000-letter file (50 each, after 5 warm-up)\n");
    println!("| request | server | median ms | p99 ms | max ms | answer bytes | goal < 50 ms |");
    println!("|---|---|---|---|---|---|---|");
    let hover_at = title_position(thousand);
    let imr = imr();
    for (name, bin) in [("floor", floor), ("imr-lsp", imr.as_str())] {
        let mut c = Lsp::spawn(bin);
        c.initialize();
        c.open(URI, thousand, 1);
        let doc = json!({"uri": URI});
        for (method, params) in [
            ("textDocument/documentSymbol", json!({"textDocument": doc})),
            (
                "textDocument/hover",
                json!({"textDocument": doc, "position": hover_at}),
            ),
            ("textDocument/foldingRange", json!({"textDocument": doc})),
        ] {
            let mut t = Vec::new();
            let mut size = 0;
            for k in 0..55 {
                let (d, v) = c.request(method, params.clone());
                assert!(v.get("error").is_none(), "{method}: {v}");
                if k >= 5 {
                    t.push(d);
                }
                size = serde_json::to_vec(&v["result"]).unwrap().len();
            }
            let (med, p99, _, max) = summary(&t);
            let goal = if name == "floor" {
                ""
            } else if max < 50.0 {
                "met (max)"
            } else if p99 < 50.0 {
                "met (p99)"
            } else {
                "MISSED"
            };
            println!("| {method} | {name} | {med:.2} | {p99:.2} | {max:.2} | {size} | {goal} |");
        }
        c.shutdown();
    }
    println!();
}

fn memory(thousand: &str) {
    println!("## Memory: peak RSS with the 1000-letter file open\n");
    let mut c = Lsp::spawn(&imr());
    c.initialize();
    let (base, _) = c.memory_kb();
    c.open(URI, thousand, 1);
    let (hwm_open, _) = c.memory_kb();
    let doc = json!({"uri": URI});
    for m in ["textDocument/documentSymbol", "textDocument/foldingRange"] {
        c.request(m, json!({"textDocument": doc}));
    }
    let (hwm, rss) = c.memory_kb();
    c.shutdown();
    let size_mb = thousand.len() as f64 / 1e6;
    let goal = 3.0 * size_mb + 30.0;
    let hwm_mb = hwm as f64 / 1e3;
    println!(
        "| file MB | RSS before open MB | VmHWM after open MB | VmHWM after requests MB | VmRSS after MB | goal ≤ 3×file+30 MB | |"
    );
    println!("|---|---|---|---|---|---|---|");
    println!(
        "| {size_mb:.1} | {:.1} | {:.1} | {hwm_mb:.1} | {:.1} | {goal:.1} | {} |\n",
        base as f64 / 1e3,
        hwm_open as f64 / 1e3,
        rss as f64 / 1e3,
        if hwm_mb <= goal { "met" } else { "MISSED" }
    );
}

fn check() {
    let dir = std::env::temp_dir().join(format!("imr-bench-10k-{}", std::process::id()));
    let seeds = support::seeds();
    std::fs::create_dir_all(&dir).unwrap();
    let mut bytes = 0;
    for i in 0..10_000 {
        let s = &seeds[i % seeds.len()];
        bytes += s.len();
        std::fs::write(dir.join(format!("{i:05}.txt")), s).unwrap();
    }
    println!(
        "## `imr-lsp check` over 10,000 one-letter files ({:.1} MB; 5 runs each, warm cache)\n",
        bytes as f64 / 1e6
    );
    println!("| jobs | median s | min s | max s | letters/s (median) | goal ≥ 5,000/s |");
    println!("|---|---|---|---|---|---|");
    let mut medians = Vec::new();
    for jobs in ["1", "2"] {
        let mut t = Vec::new();
        for run in 0..6 {
            let start = Instant::now();
            let out = Command::new(imr())
                .args(["check", "--quiet", "--color", "never", "--jobs", jobs])
                .arg(&dir)
                .stderr(Stdio::inherit())
                .output()
                .expect("imr-lsp check runs");
            let d = start.elapsed();
            let summary = String::from_utf8_lossy(&out.stdout);
            assert!(
                summary.contains("10000 letters"),
                "unexpected summary: {summary}"
            );
            if run > 0 {
                t.push(d); // the first run warms the page cache
            }
        }
        let mut s: Vec<f64> = t.iter().map(|d| d.as_secs_f64()).collect();
        let (med, _, min) = support::stats(&mut s);
        let max = *s.last().unwrap();
        let rate = 10_000.0 / med;
        medians.push(med);
        println!(
            "| {jobs} | {med:.3} | {min:.3} | {max:.3} | {rate:.0} | {} |",
            if rate >= 5000.0 { "met" } else { "MISSED" }
        );
    }
    println!(
        "\nscaling 1 → 2 threads: {:.2}× faster\n",
        medians[0] / medians[1]
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Random edits at full speed with requests interleaved; then the outline and diagnostics must
/// equal those of a fresh open of the same text.
pub fn stress(text: &str, edits: usize) {
    println!(
        "## Stress: {edits} random edits at full speed on the {}-byte file, requests interleaved\n",
        text.len()
    );
    let seeds = support::seeds();
    let mut c = Lsp::spawn(&imr());
    c.initialize();
    c.open(URI, text, 1);
    let mut mirror = Mirror::new(text);
    let mut rng = Rng(7);
    let mut pending = Vec::new();
    let start = Instant::now();
    let mut version = 1;
    for k in 0..edits {
        let change = mirror.random_change(&mut rng, &seeds);
        version += 1;
        c.change(URI, version, change);
        if k % 50 == 25 {
            let (method, params) = mirror.random_request(&mut rng, URI);
            pending.push(c.send_request(method, params).0);
        }
    }
    let sent = start.elapsed();
    let (_, last) = c.wait_publish(URI, version);
    let done = start.elapsed();
    for id in pending.iter().copied() {
        let (_, r) = c.wait_response(id);
        assert!(r.get("error").is_none(), "request failed: {r}");
    }
    let (hwm, _) = c.memory_kb();
    let final_text = mirror.rope.to_string();
    let (_, syms) = c.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": URI}}),
    );
    let fresh_uri = "file:///bench/fresh.imr";
    let (_, fresh_diags) = c.open(fresh_uri, &final_text, 1);
    let (_, fresh_syms) = c.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": fresh_uri}}),
    );
    let same_diags = rename_uri(&last["params"]["diagnostics"], URI, fresh_uri) == fresh_diags;
    let same_syms = syms["result"] == fresh_syms["result"];
    let alive = c.is_alive();
    c.shutdown();
    println!("| edits | requests | all sent s | last publish s | edits/s | VmHWM MB | final diagnostics | outline = fresh | diagnostics = fresh |");
    println!("|---|---|---|---|---|---|---|---|---|");
    println!(
        "| {edits} | {} | {:.2} | {:.2} | {:.0} | {:.1} | {} | {same_syms} | {same_diags} |\n",
        pending.len(),
        sent.as_secs_f64(),
        done.as_secs_f64(),
        edits as f64 / done.as_secs_f64(),
        hwm as f64 / 1e3,
        fresh_diags.as_array().map_or(0, |a| a.len()),
    );
    assert!(alive && same_syms && same_diags, "stress run diverged");
}

/// A 100 MB file opens without the server being killed; requests on another document answer.
fn big() {
    let text = support::file_of_size(100_000_000);
    let small = support::one_letter();
    println!(
        "## A {:.0} MB file ({} bytes)\n",
        text.len() as f64 / 1e6,
        text.len()
    );
    let mut c = Lsp::spawn(&imr());
    c.timeout = Duration::from_secs(600);
    c.initialize();
    let small_uri = "file:///bench/small.imr";
    c.open(small_uri, &small, 1);
    let big_uri = "file:///bench/big.imr";
    // Write the 100 MB didOpen, then at once ask about the small document.
    let t_open = c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": big_uri, "languageId": "imr", "version": 1, "text": text}}),
    );
    let written = t_open.elapsed();
    let small_doc = json!({"textDocument": {"uri": small_uri}});
    let (id, t_req) = c.send_request("textDocument/documentSymbol", small_doc.clone());
    let (at_req, r) = c.wait_response(id);
    assert!(r.get("error").is_none());
    let (at_open, _) = c.wait_publish(big_uri, 1);
    let after_open: Vec<Duration> = (0..20)
        .map(|_| {
            c.request("textDocument/documentSymbol", small_doc.clone())
                .0
        })
        .collect();
    // Keystrokes on the small document and on the big one.
    let mut small_keys = Vec::new();
    let mut big_keys = Vec::new();
    let (pos, _) = support::mid_item_position(&small);
    let (bpos, _) = support::mid_item_position(&text[..2_000_000]);
    for v in 2..22 {
        let p = json!({"line": pos.line, "character": pos.character});
        let t = c.change(
            small_uri,
            v,
            json!({"range": {"start": p, "end": p}, "text": "x"}),
        );
        small_keys.push(c.wait_publish(small_uri, v).0 - t);
        let p = json!({"line": bpos.line, "character": bpos.character});
        let t = c.change(
            big_uri,
            v,
            json!({"range": {"start": p, "end": p}, "text": "x"}),
        );
        big_keys.push(c.wait_publish(big_uri, v).0 - t);
    }
    let (sym_t, syms) = c.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": big_uri}}),
    );
    let sym_bytes = serde_json::to_vec(&syms).unwrap().len();
    let (hwm, rss) = c.memory_kb();
    let alive = c.is_alive();
    let status = c.shutdown();
    println!("| step | result |\n|---|---|");
    println!("| writing the didOpen frame | {:.0} ms |", ms(written));
    println!(
        "| didOpen → its publishDiagnostics | {:.0} ms |",
        ms(at_open - t_open)
    );
    println!(
        "| documentSymbol on a small document, sent right behind the big didOpen | {:.0} ms |",
        ms(at_req - t_req)
    );
    let s = summary(&after_open);
    println!(
        "| documentSymbol on the small document afterwards (median / max of 20) | {:.2} / {:.2} ms |",
        s.0, s.3
    );
    let s = summary(&small_keys);
    println!(
        "| keystroke on the small document (median / max of 20) | {:.2} / {:.2} ms |",
        s.0, s.3
    );
    let s = summary(&big_keys);
    println!(
        "| keystroke on the big document (median / max of 20) | {:.2} / {:.2} ms |",
        s.0, s.3
    );
    println!(
        "| documentSymbol on the big document | {:.0} ms, {:.1} MB answer |",
        ms(sym_t),
        sym_bytes as f64 / 1e6
    );
    println!(
        "| peak RSS (VmHWM) / RSS at the end | {:.0} MB / {:.0} MB |",
        hwm as f64 / 1e3,
        rss as f64 / 1e3
    );
    println!("| server alive, clean exit | {alive}, status {status:?} |\n");
}

/// The 10,000-letter file (the seeds round-robin, ~60 MB): every request the server answers,
/// a keystroke against the floor, and the peak memory.
fn huge(floor: &str) {
    let text = support::many_letters(10_000);
    println!(
        "## 10,000 letters in one file ({:.1} MB)\n",
        text.len() as f64 / 1e6
    );
    let imr = imr();
    let mut c = Lsp::spawn(&imr);
    c.timeout = Duration::from_secs(300);
    c.initialize();
    let (open, _) = c.open(URI, &text, 1);
    let (hwm_open, rss_open) = c.memory_kb();
    let doc = json!({"uri": URI});
    let title = title_position(&text);
    let lines = text.lines().count() as u32;
    let mid = lines / 2;
    let viewport =
        json!({"start": {"line": mid, "character": 0}, "end": {"line": mid + 60, "character": 0}});
    let guideline_at = {
        let at = text.find("MAXIMUS guideline: ").unwrap() + "MAXIMUS guideline: ".len();
        let line = text[..at].matches('\n').count();
        let col = at - text[..at].rfind('\n').map_or(0, |i| i + 1);
        json!({"line": line, "character": col})
    };
    let requests = [
        ("textDocument/documentSymbol", json!({"textDocument": doc})),
        ("textDocument/foldingRange", json!({"textDocument": doc})),
        ("textDocument/documentLink", json!({"textDocument": doc})),
        (
            "textDocument/inlayHint (60 lines)",
            json!({"textDocument": doc, "range": viewport}),
        ),
        (
            "textDocument/inlayHint (whole file)",
            json!({"textDocument": doc, "range": {"start": {"line": 0, "character": 0}, "end": {"line": lines, "character": 0}}}),
        ),
        (
            "textDocument/hover",
            json!({"textDocument": doc, "position": title}),
        ),
        (
            "textDocument/selectionRange",
            json!({"textDocument": doc, "positions": [title]}),
        ),
        (
            "textDocument/codeAction",
            json!({"textDocument": doc, "range": viewport, "context": {"diagnostics": []}}),
        ),
        (
            "textDocument/completion",
            json!({"textDocument": doc, "position": guideline_at}),
        ),
    ];
    println!(
        "open → diagnostics: {:.0} ms; RSS after open {:.1} MB\n",
        ms(open),
        rss_open as f64 / 1e3
    );
    println!("| request | median ms | max ms | answer bytes | goal < 100 ms |");
    println!("|---|---|---|---|---|");
    for (label, params) in requests {
        let method = label.split(' ').next().unwrap();
        let mut t = Vec::new();
        let mut size = 0;
        for k in 0..12 {
            let (d, v) = c.request(method, params.clone());
            assert!(v.get("error").is_none(), "{label}: {v}");
            if k >= 2 {
                t.push(d);
            }
            size = serde_json::to_vec(&v["result"]).unwrap().len();
        }
        let (med, _, _, max) = summary(&t);
        let goal = if max < 100.0 {
            "met"
        } else if med < 100.0 {
            "median only"
        } else {
            "MISSED"
        };
        println!("| {label} | {med:.1} | {max:.1} | {size} | {goal} |");
    }
    let (hwm, _) = c.memory_kb();
    c.shutdown();
    println!(
        "\npeak RSS (VmHWM): {:.1} MB after open, {:.1} MB after the requests; text {:.1} MB, goal ≤ 2 × text + 30 MB = {:.1} MB\n",
        hwm_open as f64 / 1e3,
        hwm as f64 / 1e3,
        text.len() as f64 / 1e6,
        2.0 * text.len() as f64 / 1e6 + 30.0
    );
    let [(imr_lat, _), (floor_lat, _)] = keystroke_run([imr.as_str(), floor], &text, 100);
    let (im, ip, _, _) = summary(&imr_lat);
    let (fm, fp, _, _) = summary(&floor_lat);
    println!("| keystroke (100, paired) | median ms | p99 ms |\n|---|---|---|");
    println!("| floor | {fm:.3} | {fp:.3} |");
    println!("| imr-lsp | {im:.3} | {ip:.3} |");
    println!("\nratio {:.2}× (goal ≤ 3×)\n", im / fm);
}
