//! Random edits for the stress runs (the `server` bench and `tests/stress.rs`): a seeded
//! generator and a mirror of the text, so the client always knows what the server should hold.
#![allow(dead_code)]

use ropey::Rope;
use serde_json::{json, Value};

/// splitmix64: small, seeded, reproducible.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Phrases that change a letter's structure, not just its prose.
const TOKENS: &[&str] = &[
    "Upheld",
    "Overturned",
    "HOW THE IMR FINAL DETERMINATION WAS MADE\n",
    "CLINICAL CASE SUMMARY\n",
    "IMR ISSUES, DECISIONS AND RATIONALES\n",
    "DOCUMENTS REVIEWED\n",
    "Case Number: CM16-0000001\n",
    "Decision rationale: ",
    "MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment Guidelines, Page(s): 41",
    "Claims Administrator guideline: ",
    "is/are not medically necessary and appropriate.",
    "[TBD] ",
    "1. Norco 5/325 MG #30 is/are not medically necessary and appropriate.\n",
];

const CHARS: &[&str] = &[
    "a", "e", "t", " ", " ", "\n", "\r\n", "é", "😀", "®", ".", ":", "1",
];

/// The text as the client sees it, and where the last edit happened (typing stays local).
pub struct Mirror {
    pub rope: Rope,
    cursor: usize,
}

impl Mirror {
    pub fn new(text: &str) -> Self {
        Mirror {
            rope: Rope::from_str(text),
            cursor: 0,
        }
    }

    /// An LSP position (UTF-16 columns) of char index `c`.
    pub fn position(&self, c: usize) -> Value {
        let line = self.rope.char_to_line(c);
        let col = self.rope.char_to_utf16_cu(c)
            - self.rope.char_to_utf16_cu(self.rope.line_to_char(line));
        json!({"line": line, "character": col})
    }

    /// A random read request on `uri` (outline, folding, or hover / selection at a random place),
    /// as the stress runs interleave with their edits: `(method, params)`.
    pub fn random_request(&self, rng: &mut Rng, uri: &str) -> (&'static str, Value) {
        let doc = json!({"uri": uri});
        let pos = self.position(rng.below(self.rope.len_chars() + 1));
        match rng.below(4) {
            0 => ("textDocument/documentSymbol", json!({"textDocument": doc})),
            1 => ("textDocument/foldingRange", json!({"textDocument": doc})),
            2 => (
                "textDocument/hover",
                json!({"textDocument": doc, "position": pos}),
            ),
            _ => (
                "textDocument/selectionRange",
                json!({"textDocument": doc, "positions": [pos]}),
            ),
        }
    }

    /// Never between `\r` and `\n`: LSP has no position there.
    fn fix(&self, mut c: usize) -> usize {
        let n = self.rope.len_chars();
        c = c.min(n);
        if c > 0 && c < n && self.rope.char(c - 1) == '\r' && self.rope.char(c) == '\n' {
            c -= 1;
        }
        c
    }

    /// Makes one random edit, applies it to the mirror and returns the LSP change event.
    pub fn random_change(&mut self, rng: &mut Rng, seeds: &[String]) -> Value {
        let n = self.rope.len_chars();
        let at = if rng.below(10) < 7 {
            // Near the last edit, like typing.
            (self.cursor + rng.below(400)).saturating_sub(200)
        } else {
            rng.below(n + 1)
        };
        let a = self.fix(at);
        let (len, text): (usize, String) = match rng.below(100) {
            0..=44 => (0, CHARS[rng.below(CHARS.len())].to_string()),
            45..=69 => (1 + rng.below(3), String::new()),
            70..=79 => (1 + rng.below(200), String::new()),
            80..=94 => (rng.below(2), TOKENS[rng.below(TOKENS.len())].to_string()),
            _ => {
                // Paste a piece of a seed letter over a piece of text.
                let s = &seeds[rng.below(seeds.len())];
                let from = rng.below(s.len());
                let to = (from + rng.below(2000)).min(s.len());
                let (from, to) = (floor(s, from), floor(s, to));
                (rng.below(300), s[from..to].to_string())
            }
        };
        let b = self.fix(a + len);
        let change = json!({
            "range": {"start": self.position(a), "end": self.position(b)},
            "text": text,
        });
        self.rope.remove(a..b);
        self.rope.insert(a, &text);
        self.cursor = a + text.chars().count();
        change
    }
}

impl Mirror {
    /// Deletes up to `max` characters at a random place (the soak keeps documents near their
    /// size with these, so that a growing RSS means a leak, not more text).
    pub fn random_delete(&mut self, rng: &mut Rng, max: usize) -> Value {
        let n = self.rope.len_chars();
        let a = self.fix(rng.below(n + 1));
        let b = self.fix(a + 1 + rng.below(max.max(1)));
        let change = json!({
            "range": {"start": self.position(a), "end": self.position(b)},
            "text": "",
        });
        self.rope.remove(a..b);
        self.cursor = a;
        change
    }
}

fn floor(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A JSON value with every occurrence of one URI replaced (to compare two documents' answers).
pub fn rename_uri(v: &Value, from: &str, to: &str) -> Value {
    match v {
        Value::String(s) if s == from => Value::String(to.to_string()),
        Value::Array(a) => Value::Array(a.iter().map(|x| rename_uri(x, from, to)).collect()),
        Value::Object(o) => Value::Object(
            o.iter()
                .map(|(k, x)| (k.clone(), rename_uri(x, from, to)))
                .collect(),
        ),
        other => other.clone(),
    }
}
