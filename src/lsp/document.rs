//! An open document: its rope, version, model and per-letter findings, kept in step by edits.

use super::position::{Encoding, Positions};
use crate::catalog::Catalog;
use crate::model::Model;
use crate::parser::incremental::{reparse, Edit, Source};
use crate::rules::{self, Diagnostic};
use ropey::Rope;
use std::sync::{Arc, OnceLock};
use tower_lsp_server::ls_types::{Range, TextDocumentContentChangeEvent};

pub struct Document {
    pub rope: Rope,
    pub version: i32,
    pub model: Model,
    /// Findings per letter, in the same order as `model.letters`.
    pub findings: Vec<Vec<Diagnostic>>,
    /// The catalog the citations were checked against.
    pub catalog: Arc<Catalog>,
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
        let rope = Rope::from_str(text);
        let model = crate::parser::parse(text);
        let findings = model
            .letters
            .iter()
            .map(|l| rules::check_letter(l, &text[l.span.start..l.span.end], &catalog))
            .collect();
        Document {
            rope,
            version,
            model,
            findings,
            catalog,
        }
    }

    /// The text alone, with no letters: the last resort when parsing it failed, so the text the
    /// editor sent is never lost.
    pub fn unparsed(text: &str, version: i32, catalog: Arc<Catalog>) -> Self {
        Document {
            rope: Rope::from_str(text),
            version,
            model: Model::default(),
            findings: Vec::new(),
            catalog,
        }
    }

    /// Re-checks every letter against another catalog (after the organisation's file changed).
    pub fn set_catalog(&mut self, catalog: Arc<Catalog>) {
        self.catalog = catalog;
        self.findings = self.check(0..self.model.letters.len());
    }

    /// Findings of the letters at `range` (indices into `model.letters`).
    fn check(&self, range: std::ops::Range<usize>) -> Vec<Vec<Diagnostic>> {
        self.model.letters[range]
            .iter()
            .map(|l| {
                let text = Source::slice(&self.rope, l.span.start, l.span.end);
                rules::check_letter(l, &text, &self.catalog)
            })
            .collect()
    }

    /// All findings of the document.
    pub fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.findings.iter().flatten()
    }

    pub fn positions(&self, encoding: Encoding) -> Positions<'_> {
        Positions {
            rope: &self.rope,
            encoding,
        }
    }

    /// Applies one change (a range edit, or the whole text when it has no range), re-parsing
    /// and re-checking only the letters it touched.
    pub fn apply(&mut self, change: &TextDocumentContentChangeEvent, encoding: Encoding) {
        let Some(range) = change.range else {
            *self = Document::with_catalog(&change.text, self.version, self.catalog.clone());
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
        let splice = reparse(&mut self.model, edit, &self.rope);
        let fresh = self.check(splice.removed.start..splice.removed.start + splice.inserted);
        // Replace the re-checked letters' findings in place and shift those after them.
        let len = self.findings.len();
        let removed = splice.removed.start.min(len)..splice.removed.end.min(len);
        let after = removed.start + fresh.len();
        self.findings.splice(removed, fresh);
        for d in self.findings[after..].iter_mut().flatten() {
            d.shift(splice.delta);
        }
        debug_assert_eq!(self.findings.len(), self.model.letters.len());
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
    fn edits_keep_model_and_findings_equal_to_a_fresh_parse() {
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
            assert_eq!(doc.model, fresh.model);
            assert_eq!(doc.findings, fresh.findings);
        }
    }
}
