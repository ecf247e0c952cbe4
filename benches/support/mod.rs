//! Workloads shared by the benchmarks, built at run time from the seed letters in
//! `tests/fixtures/letters` (never from the private corpus).
#![allow(dead_code)]

pub mod client;
pub mod edits;
pub mod soak;

use imr_lsp::lsp::document::Document;
use imr_lsp::lsp::position::Encoding;
use std::path::PathBuf;
use tower_lsp_server::ls_types::{Position, Range, TextDocumentContentChangeEvent};

pub fn fixtures_dir() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/letters"
    ))
}

/// The seed letters, sorted by file name.
pub fn seeds() -> Vec<String> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(fixtures_dir())
        .expect("fixtures")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("seed letter"))
        .collect()
}

/// The largest seed letter: the "one letter" workload.
pub fn one_letter() -> String {
    seeds().into_iter().max_by_key(|s| s.len()).unwrap()
}

/// `n` letters in one file: the seeds concatenated round-robin. Each seed opens with the
/// `HOW THE IMR FINAL DETERMINATION WAS MADE` heading, which starts a new letter.
pub fn many_letters(n: usize) -> String {
    let seeds = seeds();
    let mut out = String::with_capacity(n * 7000);
    for i in 0..n {
        let s = &seeds[i % seeds.len()];
        out.push_str(s);
        if !s.ends_with('\n') {
            out.push('\n');
        }
    }
    let letters = imr_lsp::parser::parse(&out).letters.len();
    assert_eq!(letters, n, "the concatenation must parse as {n} letters");
    out
}

/// A file of at least `bytes` bytes (whole letters).
pub fn file_of_size(bytes: usize) -> String {
    let seeds = seeds();
    let mut out = String::with_capacity(bytes + 10_000);
    let mut i = 0;
    while out.len() < bytes {
        out.push_str(&seeds[i % seeds.len()]);
        i += 1;
    }
    out
}

/// A place for a one-character edit: inside the middle letter's first disputed item, in the
/// middle of a line of prose. Returns the LSP position (UTF-16) and the byte offset.
pub fn mid_item_position(text: &str) -> (Position, usize) {
    let doc = Document::new(text, 0);
    let letters = &doc.analysis.model.letters;
    // The longest of the letters around the middle: in the 1000-letter file that is the same
    // seed letter as the one-letter workload, so the two keystroke figures compare like for like.
    let mid = letters.len() / 2;
    let letter = letters[mid..(mid + 5).min(letters.len())]
        .iter()
        .max_by_key(|l| (l.span.len(), std::cmp::Reverse(l.span.start)))
        .unwrap();
    let item = letter.items.first().expect("the middle letter has an item");
    // A byte in the middle of the item on an ASCII letter whose line is not blank.
    let mut at = (item.span.start + item.span.end) / 2;
    let bytes = text.as_bytes();
    while !(bytes[at].is_ascii_alphabetic() && bytes[at - 1].is_ascii_alphabetic()) {
        at += 1;
    }
    assert!(at < item.span.end);
    let pos = doc.positions(Encoding::Utf16).position(at);
    (pos, at)
}

pub fn insert(pos: Position, s: &str) -> TextDocumentContentChangeEvent {
    TextDocumentContentChangeEvent {
        range: Some(Range::new(pos, pos)),
        range_length: None,
        text: s.to_string(),
    }
}

pub fn delete_one(pos: Position) -> TextDocumentContentChangeEvent {
    TextDocumentContentChangeEvent {
        range: Some(Range::new(pos, Position::new(pos.line, pos.character + 1))),
        range_length: None,
        text: String::new(),
    }
}

/// Median, p99 and min of a sample (sorted in place), in the sample's unit.
pub fn stats(v: &mut [f64]) -> (f64, f64, f64) {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let q = |p: f64| v[((v.len() as f64 - 1.0) * p).round() as usize];
    (q(0.5), q(0.99), v[0])
}
