//! The soak run (the `soak` bench, and a short one in `tests/stress.rs`): many documents open,
//! random edits spread over them with requests on several documents interleaved; memory after
//! the warm-up against memory at the end, and every document's outline and diagnostics against
//! a fresh open of its final text.
#![allow(dead_code)]

use super::client::Lsp;
use super::edits::{rename_uri, Mirror, Rng};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::time::{Duration, Instant};

pub struct Soak {
    pub docs: usize,
    pub edits: usize,
    /// Edits after which the reference RSS is taken.
    pub warmup: usize,
    /// One request every this many edits.
    pub request_every: usize,
    pub seed: u64,
}

pub struct SoakReport {
    pub text_bytes_start: usize,
    pub text_bytes_end: usize,
    pub requests: usize,
    pub secs: f64,
    /// VmRSS after the warm-up edits and at the end, and the peak (VmHWM), in kB.
    pub rss_warm_kb: u64,
    pub rss_end_kb: u64,
    pub hwm_kb: u64,
    /// Documents whose outline / diagnostics equal a fresh open of the same text.
    pub outline_equal: usize,
    pub diagnostics_equal: usize,
    pub exit_status: Option<i32>,
}

impl SoakReport {
    /// RSS at the end relative to RSS after the warm-up (1.0 = unchanged).
    pub fn rss_ratio(&self) -> f64 {
        self.rss_end_kb as f64 / self.rss_warm_kb.max(1) as f64
    }
}

fn uri(d: usize) -> String {
    format!("file:///soak/doc-{d:03}.imr")
}

/// Moves every `publishDiagnostics` in the inbox into `latest` (uri → (version, diagnostics)).
fn collect(c: &mut Lsp, latest: &mut HashMap<String, (i64, Value)>) {
    for (_, m) in c.take_all("textDocument/publishDiagnostics") {
        let u = m["params"]["uri"].as_str().unwrap_or("").to_string();
        let v = m["params"]["version"].as_i64().unwrap_or(-1);
        let e = latest.entry(u).or_insert((-1, Value::Null));
        if v >= e.0 {
            *e = (v, m["params"]["diagnostics"].clone());
        }
    }
}

/// Waits until every request sent has its answer (none an error) and `uri` has published
/// `version`: all edits so far are applied, since changes apply in order.
fn settle(
    c: &mut Lsp,
    pending: &mut Vec<i64>,
    uri: &str,
    version: i64,
    latest: &mut HashMap<String, (i64, Value)>,
) {
    for id in pending.drain(..) {
        let (_, r) = c.wait_response(id);
        assert!(r.get("error").is_none(), "request failed: {r}");
    }
    collect(c, latest);
    if latest.get(uri).map_or(-1, |l| l.0) < version {
        let (_, m) = c.wait_publish(uri, version);
        latest.insert(
            uri.to_string(),
            (version, m["params"]["diagnostics"].clone()),
        );
    }
    collect(c, latest);
}

pub fn run(bin: &str, s: &Soak) -> SoakReport {
    let seeds = super::seeds();
    let mut c = Lsp::spawn(bin);
    c.timeout = Duration::from_secs(120);
    c.initialize();
    let mut mirrors = Vec::new();
    let mut limits = Vec::new();
    let mut versions = vec![1i64; s.docs];
    let mut latest: HashMap<String, (i64, Value)> = HashMap::new();
    for d in 0..s.docs {
        // One to three letters per document.
        let text: String = (0..1 + d % 3)
            .map(|i| seeds[(d + i) % seeds.len()].as_str())
            .collect::<Vec<_>>()
            .join("\n");
        let (_, diags) = c.open(&uri(d), &text, 1);
        latest.insert(uri(d), (1, diags));
        limits.push(text.chars().count() * 5 / 4);
        mirrors.push(Mirror::new(&text));
    }
    let text_bytes_start = mirrors.iter().map(|m| m.rope.len_bytes()).sum();
    let mut rng = Rng(s.seed);
    let mut pending = Vec::new();
    let mut requests = 0;
    let mut rss_warm_kb = 0;
    let start = Instant::now();
    for k in 1..=s.edits {
        let d = rng.below(s.docs);
        // Keep each document near its size: past a quarter over it, the edit is a deletion.
        let change = if mirrors[d].rope.len_chars() > limits[d] {
            mirrors[d].random_delete(&mut rng, 2000)
        } else {
            mirrors[d].random_change(&mut rng, &seeds)
        };
        versions[d] += 1;
        c.change(&uri(d), versions[d], change);
        if k % s.request_every == 0 {
            // A request on another document than the one just edited.
            let other = (d + 1 + rng.below(s.docs - 1)) % s.docs;
            let (method, params) = mirrors[other].random_request(&mut rng, &uri(other));
            pending.push(c.send_request(method, params).0);
            requests += 1;
        }
        if k % 500 == 0 || k == s.warmup || k == s.edits {
            settle(&mut c, &mut pending, &uri(d), versions[d], &mut latest);
        }
        if k == s.warmup {
            rss_warm_kb = c.memory_kb().1;
        }
    }
    let secs = start.elapsed().as_secs_f64();
    for (d, &version) in versions.iter().enumerate() {
        if latest.get(&uri(d)).map_or(-1, |l| l.0) < version {
            settle(&mut c, &mut pending, &uri(d), version, &mut latest);
        }
    }
    let (hwm_kb, rss_end_kb) = c.memory_kb();
    let mut outline_equal = 0;
    let mut diagnostics_equal = 0;
    for (d, mirror) in mirrors.iter().enumerate() {
        let u = uri(d);
        let (_, syms) = c.request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": u}}),
        );
        let fresh = format!("file:///soak/fresh-{d:03}.imr");
        let (_, fresh_diags) = c.open(&fresh, &mirror.rope.to_string(), 1);
        let (_, fresh_syms) = c.request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": fresh}}),
        );
        c.notify(
            "textDocument/didClose",
            json!({"textDocument": {"uri": fresh}}),
        );
        if syms["result"] == fresh_syms["result"] {
            outline_equal += 1;
        }
        if rename_uri(&latest[&u].1, &u, &fresh) == fresh_diags {
            diagnostics_equal += 1;
        }
    }
    let text_bytes_end = mirrors.iter().map(|m| m.rope.len_bytes()).sum();
    SoakReport {
        text_bytes_start,
        text_bytes_end,
        requests,
        secs,
        rss_warm_kb,
        rss_end_kb,
        hwm_kb,
        outline_equal,
        diagnostics_equal,
        exit_status: c.shutdown(),
    }
}
