//! Stress and fuzz regressions, on stable Rust in a normal `cargo test`.
//!
//! - replays the inputs the fuzzers found interesting (`tests/fuzz_regressions/`);
//! - a short property run of the same two fuzz targets (the long runs use `cargo fuzz`);
//! - random edits at full speed over stdio with requests interleaved: the final outline and
//!   diagnostics must equal a fresh open of the same text (scaled down here; the full
//!   10,000 edits on 1,000 letters run in `cargo bench --bench server -- stress`);
//! - the soak (many documents, edits spread over them) scaled down from `cargo bench --bench soak`.

#[path = "../fuzz/fuzz_targets/common.rs"]
mod fuzz;
#[path = "../benches/support/mod.rs"]
mod support;

use proptest::prelude::*;
use serde_json::json;
use std::path::PathBuf;
use std::time::Duration;
use support::client::Lsp;
use support::edits::{rename_uri, Mirror, Rng};
use support::soak::{run, Soak};

fn regressions(kind: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz_regressions")
        .join(kind);
    let mut out: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(&dir)
        .map(|d| {
            d.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file())
                .map(|p| {
                    let bytes = std::fs::read(&p).unwrap();
                    (p, bytes)
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

fn replay(kind: &str, run: fn(&[u8])) -> usize {
    let cases = regressions(kind);
    for (path, bytes) in &cases {
        let r = std::panic::catch_unwind(|| run(bytes));
        assert!(r.is_ok(), "fuzz regression {} fails", path.display());
    }
    cases.len()
}

#[test]
fn fuzz_regressions_replay() {
    let parsed = replay("parse", fuzz::parse_bytes);
    let edited = replay("edits", fuzz::edit_bytes);
    assert!(parsed + edited > 0, "the regression inputs are missing");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn parser_survives_any_bytes(data in proptest::collection::vec(any::<u8>(), 0..2048)) {
        fuzz::parse_bytes(&data);
    }

    #[test]
    fn parser_survives_mangled_letters(cut in 0usize..8000, junk in "[ -~\r\n\x0c]{0,40}") {
        mangle(cut, &junk);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]

    /// Like `parser_survives_mangled_letters` with any characters (this found a byte slice
    /// inside `é` in `rules::item_mismatch`, now fixed).
    #[test]
    fn parser_survives_mangled_letters_unicode(cut in 0usize..8000, junk in "[\\PC\r\n\x0c]{0,40}") {
        mangle(cut, &junk);
    }
}

fn mangle(cut: usize, junk: &str) {
    let letter = include_str!("fixtures/letters/001_2a130b5553485fce.txt");
    let mut at = cut.min(letter.len());
    while !letter.is_char_boundary(at) {
        at -= 1;
    }
    let text = format!("{}{junk}{}", &letter[..at], &letter[at..]);
    fuzz::parse_bytes(text.as_bytes());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn edits_keep_the_model_equal_to_a_fresh_parse(
        head in 0u8..6,
        program in proptest::collection::vec(any::<u8>(), 0..200),
    ) {
        let mut data = vec![head];
        data.extend(program);
        fuzz::edit_bytes(&data);
    }
}

/// Seed letters concatenated into an `n`-letter file.
fn letters(n: usize) -> (String, Vec<String>) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/letters");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    let seeds: Vec<String> = paths
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    let text: String = (0..n).map(|i| seeds[i % seeds.len()].as_str()).collect();
    (text, seeds)
}

#[test]
fn random_edits_over_stdio_end_equal_to_a_fresh_open() {
    let (text, seeds) = letters(200);
    let uri = "file:///stress/letters.imr";
    let mut c = Lsp::spawn(env!("CARGO_BIN_EXE_imr-lsp"));
    c.timeout = Duration::from_secs(60);
    c.initialize();
    c.open(uri, &text, 1);
    let mut mirror = Mirror::new(&text);
    let mut rng = Rng(2024);
    let mut pending = Vec::new();
    let mut version = 1;
    for k in 0..2000 {
        let change = mirror.random_change(&mut rng, &seeds);
        version += 1;
        c.change(uri, version, change);
        if k % 40 == 20 {
            let (method, params) = mirror.random_request(&mut rng, uri);
            pending.push(c.send_request(method, params).0);
        }
    }
    let (_, last) = c.wait_publish(uri, version);
    for id in pending {
        let (_, r) = c.wait_response(id);
        assert!(r.get("error").is_none(), "request failed: {r}");
    }
    let final_text = mirror.rope.to_string();
    let (_, syms) = c.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri}}),
    );
    let fresh = "file:///stress/fresh.imr";
    let (_, fresh_diags) = c.open(fresh, &final_text, 1);
    let (_, fresh_syms) = c.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": fresh}}),
    );
    assert_eq!(
        rename_uri(&last["params"]["diagnostics"], uri, fresh),
        fresh_diags,
        "diagnostics after the edits differ from a fresh open"
    );
    assert_eq!(
        syms["result"], fresh_syms["result"],
        "outline differs from a fresh open"
    );
    assert_eq!(c.shutdown(), Some(0));
}

/// The soak bench (`cargo bench --bench soak`: 100 documents, 100,000 edits) scaled down:
/// every document ends equal to a fresh open, and the server ends cleanly. (The memory bound is
/// checked by the bench; this run is too short for RSS to settle.)
#[test]
fn soak_many_documents_end_equal_to_a_fresh_open() {
    let s = Soak {
        docs: 20,
        edits: 3000,
        warmup: 1000,
        request_every: 20,
        seed: 13,
    };
    let r = run(env!("CARGO_BIN_EXE_imr-lsp"), &s);
    assert_eq!(r.outline_equal, s.docs, "outlines differ from a fresh open");
    assert_eq!(
        r.diagnostics_equal, s.docs,
        "diagnostics differ from a fresh open"
    );
    assert!(r.requests >= 100);
    assert!(r.rss_warm_kb > 0 && r.rss_end_kb > 0);
    assert_eq!(r.exit_status, Some(0));
}
