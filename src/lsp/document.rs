//! An open document: its rope, version and analysis, kept in step by edits.

use super::position::{Encoding, Positions};
use crate::analysis::Analysis;
use crate::catalog::Catalog;
use crate::features::Doc;
use crate::parser::source::Edit;
use ropey::Rope;
use std::sync::{Arc, OnceLock};
use tower_lsp_server::ls_types::{Range, TextDocumentContentChangeEvent};

pub struct Document {
    pub rope: Rope,
    pub version: i32,
    pub analysis: Analysis,
}

/// The embedded catalog, shared by documents that have no organisation catalog.
pub fn embedded_catalog() -> Arc<Catalog> {
    static CAT: OnceLock<Arc<Catalog>> = OnceLock::new();
    CAT.get_or_init(|| Arc::new(Catalog::embedded().clone()))
        .clone()
}

impl Document {
    pub fn new(text: &str, version: i32) -> Self {
        Self::with_catalog(text, version, embedded_catalog())
    }

    pub fn with_catalog(text: &str, version: i32, catalog: Arc<Catalog>) -> Self {
        Document {
            rope: Rope::from_str(text),
            version,
            analysis: Analysis::new(text, catalog),
        }
    }

    /// The text alone, with no letters: the last resort when parsing it failed, so the text the
    /// editor sent is never lost.
    pub fn unparsed(text: &str, version: i32, catalog: Arc<Catalog>) -> Self {
        Document {
            rope: Rope::from_str(text),
            version,
            analysis: Analysis::empty(catalog),
        }
    }

    /// What the editor features read.
    pub fn doc(&self) -> Doc<'_> {
        Doc::new(&self.analysis, &self.rope)
    }

    pub fn catalog(&self) -> &Arc<Catalog> {
        &self.analysis.catalog
    }

    /// Resolves and checks every letter against another catalog (after the organisation's file
    /// changed).
    pub fn set_catalog(&mut self, catalog: Arc<Catalog>) {
        self.analysis.set_catalog(catalog, &self.rope);
    }

    pub fn positions(&self, encoding: Encoding) -> Positions<'_> {
        Positions {
            rope: &self.rope,
            encoding,
        }
    }

    /// Applies one change (a range edit, or the whole text when it has no range), re-analysing
    /// only the letters it touched.
    pub fn apply(&mut self, change: &TextDocumentContentChangeEvent, encoding: Encoding) {
        let Some(range) = change.range else {
            *self = Document::with_catalog(&change.text, self.version, self.catalog().clone());
            return;
        };
        let (start, end) = self.byte_range(range, encoding);
        let (cs, ce) = (self.rope.byte_to_char(start), self.rope.byte_to_char(end));
        self.rope.remove(cs..ce);
        self.rope.insert(cs, &change.text);
        let edit = Edit {
            start,
            old_end: end,
            new_end: start + change.text.len(),
        };
        self.analysis.edit(edit, &self.rope);
    }

    /// The byte range of an LSP range, clamped and ordered.
    pub fn byte_range(&self, range: Range, encoding: Encoding) -> (usize, usize) {
        let p = self.positions(encoding);
        let a = p.offset(range.start);
        let b = p.offset(range.end);
        (a.min(b), a.max(b))
    }

    /// The whole text (for tests and full re-reads).
    pub fn text(&self) -> String {
        self.rope.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp_server::ls_types::Position;

    fn change(l0: u32, c0: u32, l1: u32, c1: u32, text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(l0, c0), Position::new(l1, c1))),
            range_length: None,
            text: text.to_string(),
        }
    }

    #[test]
    fn edits_keep_the_analysis_equal_to_a_fresh_one() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/drafts/broken-draft.imr"
        ))
        .unwrap();
        let doubled = format!("{text}{text}");
        let mut doc = Document::new(&doubled, 1);
        for c in [
            change(30, 26, 30, 32, "Upheld"),
            change(0, 0, 0, 0, "x😀\r\n"),
            change(50, 0, 52, 3, ""),
            change(5, 0, 60, 0, "HOW THE IMR FINAL DETERMINATION WAS MADE\n"),
        ] {
            doc.apply(&c, Encoding::Utf16);
            let fresh = Document::new(&doc.text(), 1);
            assert_eq!(doc.analysis.model, fresh.analysis.model);
            assert_eq!(doc.analysis.letters, fresh.analysis.letters);
        }
    }
}
