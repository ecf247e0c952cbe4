//! Shared by the fuzz targets and by `tests/stress.rs` (which replays saved inputs on stable):
//! what each target does with its bytes. No libFuzzer in here.
#![allow(dead_code)]

use imr_lsp::lsp::document::Document;
use imr_lsp::lsp::position::{Encoding, Positions};
use imr_lsp::model::{Model, Span};
use tower_lsp_server::ls_types::{Position, Range, TextDocumentContentChangeEvent};

const SEEDS: [&str; 2] = [
    include_str!("../../tests/fixtures/letters/000_b08de8a0b339546b.txt"),
    include_str!("../../tests/fixtures/drafts/broken-draft.imr"),
];

/// Phrases that make edits change the structure, not just the prose.
const TOKENS: &[&str] = &[
    "\n",
    "\r\n",
    "\r",
    " ",
    "x",
    "é",
    "😀",
    "\u{0c}",
    "\u{a0}",
    "HOW THE IMR FINAL DETERMINATION WAS MADE\n",
    "CLINICAL CASE SUMMARY\n",
    "IMR ISSUES, DECISIONS AND RATIONALES\n",
    "DOCUMENTS REVIEWED\n",
    "Case Number: CM16-0000001\n",
    "Case Number:",
    "Notice of Independent Medical Review Determination\n",
    "Upheld",
    "Overturned",
    "is/are not medically necessary",
    "Decision rationale:",
    "MAXIMUS guideline:",
    "Claims Administrator guideline:",
    "Other Medical Treatment Guideline or Medical Evidence:",
    "Decision based on MTUS Chronic Pain Medical Treatment Guidelines, Page(s): 41",
    "Section(s):",
    "The Final Determination was based on decisions",
    "[TBD]",
    "1. ",
];

/// Parser on arbitrary bytes: no panic, and every span fits the text on character boundaries.
pub fn parse_bytes(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let model = imr_lsp::parser::parse(&text);
    check_spans(&model, &text);
    let diags = imr_lsp::rules::check(&model, &text, imr_lsp::catalog::Catalog::embedded());
    for d in &diags {
        assert_span(d.span, &text);
    }
    let doc = Document::new(&text, 0);
    for enc in [Encoding::Utf8, Encoding::Utf16] {
        let p = doc.positions(enc);
        for l in &model.letters {
            let r = p.range(l.span);
            assert_eq!(p.offset(r.start), l.span.start);
        }
    }
}

fn assert_span(s: Span, text: &str) {
    assert!(s.start <= s.end, "{s:?}");
    assert!(s.end <= text.len(), "{s:?} past {}", text.len());
    assert!(
        text.is_char_boundary(s.start) && text.is_char_boundary(s.end),
        "{s:?}"
    );
}

fn check_spans(model: &Model, text: &str) {
    let mut prev = 0;
    for l in &model.letters {
        assert_span(l.span, text);
        assert!(l.span.start >= prev, "letters in order");
        prev = l.span.end;
        for s in &l.sections {
            assert_span(s.span, text);
            assert_span(s.heading, text);
        }
        for i in &l.items {
            assert_span(i.span, text);
            assert_span(i.title_span, text);
            for f in &i.fields {
                assert_span(f.label, text);
                assert_span(f.body, text);
            }
        }
    }
}

/// Reads bytes as a little program of edits.
struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn byte(&mut self) -> Option<u8> {
        let (&b, rest) = self.0.split_first()?;
        self.0 = rest;
        Some(b)
    }
    fn u16(&mut self) -> Option<u16> {
        Some(u16::from_le_bytes([self.byte()?, self.byte()?]))
    }
    fn bytes(&mut self, n: usize) -> &[u8] {
        let n = n.min(self.0.len());
        let (a, b) = self.0.split_at(n);
        self.0 = b;
        a
    }
}

/// A position somewhere in the document: usually valid, sometimes past a line's end or the last
/// line (which the server must clamp), on any line.
fn position(r: &mut Reader, doc: &Document, enc: Encoding) -> Option<Position> {
    let raw = r.u16()? as usize;
    let lines = doc.rope.len_lines();
    let mode = r.byte()?;
    if mode < 16 {
        // Raw line/column, possibly out of range.
        return Some(Position::new((raw % (lines + 2)) as u32, r.byte()? as u32));
    }
    let len = doc.rope.len_bytes();
    let at = if len == 0 {
        0
    } else {
        (raw * 97 + mode as usize) % (len + 1)
    };
    Some(
        Positions {
            rope: &doc.rope,
            encoding: enc,
        }
        .position(at),
    )
}

/// Edits against the incremental model: after each, the model and findings equal a fresh parse.
pub fn edit_bytes(data: &[u8]) {
    let mut r = Reader(data);
    let Some(head) = r.byte() else { return };
    let enc = if head & 1 == 0 {
        Encoding::Utf16
    } else {
        Encoding::Utf8
    };
    let text = match (head >> 1) % 4 {
        0 => SEEDS[0].to_string(),
        1 => SEEDS[1].to_string(),
        2 => format!("{}{}{}", SEEDS[0], SEEDS[1], SEEDS[0]),
        _ => {
            let n = r.byte().unwrap_or(0) as usize * 4;
            String::from_utf8_lossy(r.bytes(n)).into_owned()
        }
    };
    let mut doc = Document::new(&text, 0);
    let mut steps = 0;
    while let Some(op) = r.byte() {
        steps += 1;
        if steps > 64 {
            break;
        }
        let Some(start) = position(&mut r, &doc, enc) else {
            break;
        };
        let end = match op % 4 {
            0 => start,
            1 => Position::new(start.line, start.character + 1 + (op as u32 >> 5)),
            _ => match position(&mut r, &doc, enc) {
                Some(p) => p,
                None => break,
            },
        };
        let insert = match (op >> 2) % 4 {
            0 => String::new(),
            1 => {
                let n = r.byte().unwrap_or(0) as usize % 16;
                String::from_utf8_lossy(r.bytes(n)).into_owned()
            }
            _ => TOKENS[r.byte().unwrap_or(0) as usize % TOKENS.len()].to_string(),
        };
        // An empty-range change with no text still counts (editors send them).
        let change = TextDocumentContentChangeEvent {
            range: Some(Range::new(start, end)),
            range_length: None,
            text: insert,
        };
        doc.apply(&change, enc);
        let now = doc.text();
        let fresh = Document::new(&now, 0);
        assert_eq!(
            doc.analysis.model, fresh.analysis.model,
            "model after {change:?}"
        );
        assert_eq!(
            doc.analysis.letters, fresh.analysis.letters,
            "findings after {change:?}"
        );
    }
}

/// The PDF path on arbitrary bytes, as `check` and the server read a file: `input::read` (the
/// reader on its own thread, under its deadline), then the parser on the text. Any `Err` that
/// says what is wrong with the file is a fine answer, and so is a panic inside the reader, which
/// `input::pdf` contains (the file is reported, the batch goes on; pdf-extract panics on many
/// broken fonts, see docs/fuzzing.md). Findings: a crash of the process (stack overflow, abort),
/// memory past `-rss_limit_mb`, a run past `-timeout`, a page offset out of order, or a panic in
/// our own code.
pub fn pdf_bytes(data: &[u8]) {
    use std::cell::RefCell;
    thread_local! {
        // One file per fuzzing thread, rewritten each run (TMPDIR=/dev/shm keeps it in memory).
        static PATH: RefCell<Option<std::path::PathBuf>> = const { RefCell::new(None) };
    }
    let path = PATH.with(|p| {
        p.borrow_mut()
            .get_or_insert_with(|| {
                std::env::temp_dir().join(format!("imr-fuzz-{}.pdf", std::process::id()))
            })
            .clone()
    });
    std::fs::write(&path, data).expect("write the input");
    match imr_lsp::input::read(&path) {
        Ok(text) => {
            let mut prev = 0;
            for &start in &text.pages {
                assert!(
                    start >= prev && start <= text.text.len(),
                    "page starts in order"
                );
                assert!(text.text.is_char_boundary(start));
                prev = start;
            }
            parse_bytes(text.text.as_bytes());
        }
        Err(e) => {
            if let imr_lsp::input::Problem::Pdf(imr_lsp::input::PdfProblem::ReaderFailed {
                detail,
            }) = &e.problem
            {
                assert!(detail == "it panicked", "the PDF reader failed: {detail}");
            }
        }
    }
}
