//! A document analysed once per change: the model, every citation resolved, and the findings.
//!
//! The editor features, the language server and the command line all read this; none of them
//! parses, resolves or checks again. An edit re-analyses only the letters the re-parse replaced
//! and shifts the rest where they lie.

use crate::catalog::Catalog;
use crate::model::{Citation, Field, Item, Letter, Model, Span};
use crate::parser::source::{Edit, Source};
use crate::rules::cite::Resolved;
use crate::rules::{self, Cited, Diagnostic};
use std::sync::Arc;

/// What one letter's analysis holds beside its model.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LetterAnalysis {
    /// Its guideline citations, resolved, in document order, with spans relative to the letter's
    /// start: an edit before the letter moves it without touching these (read them through
    /// [`Analysis::citations_in`], which gives file offsets).
    cited: Vec<Cited>,
    /// Its findings, before the user's rule settings are applied.
    pub findings: Vec<Diagnostic>,
}

impl LetterAnalysis {
    /// Resolves and checks `letter`; `text` is the letter's own text.
    pub fn new(letter: &Letter, text: &str, catalog: &Catalog) -> Self {
        let mut cited = rules::resolve_letter(letter, text, catalog);
        let findings = rules::check_letter(letter, text, catalog, &cited);
        for c in &mut cited {
            c.shift(-(letter.span.start as isize));
        }
        LetterAnalysis { cited, findings }
    }

    fn shift(&mut self, delta: isize) {
        for d in &mut self.findings {
            d.shift(delta);
        }
    }
}

/// A parsed and checked file.
#[derive(Clone, Debug)]
pub struct Analysis {
    pub model: Model,
    /// One per letter of `model`, in the same order.
    pub letters: Vec<LetterAnalysis>,
    /// The catalog the citations were resolved against.
    pub catalog: Arc<Catalog>,
}

/// A resolved citation with the letter, item and field it belongs to, in file offsets.
pub struct CitationRef<'a> {
    pub letter: &'a Letter,
    pub item: &'a Item,
    pub field: &'a Field,
    pub citation: &'a Citation,
    pub resolved: Resolved,
}

impl Analysis {
    pub fn new(text: &str, catalog: Arc<Catalog>) -> Self {
        let model = crate::parser::parse(text);
        let letters = model
            .letters
            .iter()
            .map(|l| LetterAnalysis::new(l, &text[l.span.start..l.span.end], &catalog))
            .collect();
        Analysis {
            model,
            letters,
            catalog,
        }
    }

    /// No letters at all: what a document falls back to when analysing it failed.
    pub fn empty(catalog: Arc<Catalog>) -> Self {
        Analysis {
            model: Model::default(),
            letters: Vec::new(),
            catalog,
        }
    }

    /// Updates the analysis of the text before `edit` to that of `text`, after it.
    pub fn edit<S: Source + ?Sized>(&mut self, edit: Edit, text: &S) {
        let splice = crate::parser::reparse(&mut self.model, edit, text);
        let new = splice.removed.start..splice.removed.start + splice.inserted;
        let fresh = self.analyse(new, text);
        let len = self.letters.len();
        let removed = splice.removed.start.min(len)..splice.removed.end.min(len);
        let after = removed.start + fresh.len();
        self.letters.splice(removed, fresh);
        for l in &mut self.letters[after..] {
            l.shift(splice.delta);
        }
        debug_assert_eq!(self.letters.len(), self.model.letters.len());
    }

    /// Resolves and checks every letter again against another catalog.
    pub fn set_catalog<S: Source + ?Sized>(&mut self, catalog: Arc<Catalog>, text: &S) {
        self.catalog = catalog;
        self.letters = self.analyse(0..self.model.letters.len(), text);
    }

    fn analyse<S: Source + ?Sized>(
        &self,
        range: std::ops::Range<usize>,
        text: &S,
    ) -> Vec<LetterAnalysis> {
        self.model.letters[range]
            .iter()
            .map(|l| {
                let own = text.slice(l.span.start, l.span.end);
                LetterAnalysis::new(l, &own, &self.catalog)
            })
            .collect()
    }

    /// Every finding of the document, letter by letter.
    pub fn findings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.letters.iter().flat_map(|l| &l.findings)
    }

    /// The letters with their analyses.
    pub fn letters(&self) -> impl Iterator<Item = (&Letter, &LetterAnalysis)> {
        self.model.letters.iter().zip(&self.letters)
    }

    /// Every resolved citation of the letters that overlap `range` and lie in it.
    pub fn citations_in(&self, range: Span) -> impl Iterator<Item = CitationRef<'_>> {
        self.letters()
            .filter(move |(l, _)| l.span.meets(range))
            .flat_map(move |(letter, a)| {
                a.cited
                    .iter()
                    .filter(move |c| c.citation(letter).span.meets(range))
                    .map(move |cited| {
                        let mut at_file = cited.clone();
                        at_file.shift(letter.span.start as isize);
                        CitationRef {
                            letter,
                            item: cited.item(letter),
                            field: cited.field(letter),
                            citation: cited.citation(letter),
                            resolved: at_file.resolved,
                        }
                    })
            })
    }

    /// The citation under `offset`.
    pub fn citation_at(&self, offset: usize) -> Option<CitationRef<'_>> {
        self.citations_in(Span::new(offset, offset)).next()
    }

    /// The resolved citations of one item.
    pub fn citations_of<'a>(&'a self, item: &'a Item) -> impl Iterator<Item = CitationRef<'a>> {
        self.citations_in(item.span)
            .filter(move |c| std::ptr::eq(c.item, item))
    }
}
