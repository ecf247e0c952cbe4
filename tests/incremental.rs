//! Incremental re-parsing equals a fresh parse, whatever the edits: random inserts, deletes and
//! replacements spanning items and letters, with non-ASCII and astral characters and CRLF.

use imr_lsp::lsp::document::Document;
use imr_lsp::lsp::position::Encoding;
use proptest::prelude::*;
use tower_lsp_server::ls_types::{Position, Range, TextDocumentContentChangeEvent};

fn base_text() -> String {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    let a = std::fs::read_to_string(format!("{dir}/letters/002_ca4af5e6e3409f09.txt")).unwrap();
    let b = std::fs::read_to_string(format!("{dir}/drafts/broken-draft.imr")).unwrap();
    let c = std::fs::read_to_string(format!("{dir}/letters/003_7763e284d3bf24d4.txt")).unwrap();
    // Three letters, one with CRLF line ends.
    format!("{a}{}{c}", b.replace('\n', "\r\n"))
}

/// Pieces an edit can insert: structure, decisions, labels, odd characters.
fn insert_text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("Upheld".to_string()),
        Just(": Overturned\n".to_string()),
        Just("HOW THE IMR FINAL DETERMINATION WAS MADE\n".to_string()),
        Just("IMR ISSUES, DECISIONS AND RATIONALES\n".to_string()),
        Just("Case Number:\nCM16-0000001\n".to_string()),
        Just("Decision rationale: The request is medically necessary.\n".to_string()),
        Just("MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009, Page(s): 41-42.\n".to_string()),
        Just("FlexerilÂ® 10° 😀 ".to_string()),
        Just("\x0c".to_string()),
        "[a-zA-Z :.\n]{0,12}",
    ]
}

#[derive(Debug, Clone)]
struct EditSpec {
    start: (u32, u32),
    len_lines: u32,
    end_col: u32,
    text: String,
    utf8: bool,
}

fn edit() -> impl Strategy<Value = EditSpec> {
    (
        (0u32..140, 0u32..110),
        0u32..40,
        0u32..110,
        insert_text(),
        any::<bool>(),
    )
        .prop_map(|(start, len_lines, end_col, text, utf8)| {
            EditSpec {
                start,
                // Mostly small edits, sometimes ones spanning items and letters.
                len_lines: if len_lines > 30 {
                    len_lines * 3
                } else {
                    len_lines % 3
                },
                end_col,
                text,
                utf8,
            }
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]
    #[test]
    fn incremental_equals_fresh(edits in prop::collection::vec(edit(), 1..25)) {
        let text = base_text();
        let mut doc = Document::new(&text, 1);
        for (n, e) in edits.iter().enumerate() {
            let enc = if e.utf8 { Encoding::Utf8 } else { Encoding::Utf16 };
            let change = TextDocumentContentChangeEvent {
                range: Some(Range::new(
                    Position::new(e.start.0, e.start.1),
                    Position::new(e.start.0 + e.len_lines, e.end_col),
                )),
                range_length: None,
                text: e.text.clone(),
            };
            doc.apply(&change, enc);
            let fresh = Document::new(&doc.text(), 1);
            prop_assert_eq!(&doc.analysis.model, &fresh.analysis.model, "model differs after edit {}", n);
            prop_assert_eq!(&doc.analysis.letters, &fresh.analysis.letters, "findings differ after edit {}", n);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]
    /// Any text built from letter pieces and arbitrary characters parses and checks without panic.
    #[test]
    fn any_text_parses_and_checks(pieces in prop::collection::vec(prop_oneof![insert_text(), any::<String>()], 0..40)) {
        let text: String = pieces.concat();
        let model = imr_lsp::parser::parse(&text);
        let _ = imr_lsp::rules::check(&model, &text, imr_lsp::catalog::Catalog::embedded());
        let doc = Document::new(&text, 1);
        prop_assert_eq!(doc.analysis.model, model);
    }
}
