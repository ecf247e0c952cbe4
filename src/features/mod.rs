//! Editor features as pure functions over an analysed document: byte offsets and ranges in,
//! plain Rust values with byte ranges out. Nothing here knows LSP; the language server turns the
//! answers into protocol types at its edge (`lsp::convert`), so every feature is tested here
//! without a server.

pub mod codelens;
pub mod completion;
pub mod definition;
pub mod fixes;
pub mod folding;
pub mod hover;
pub mod inlay;
pub mod links;
pub mod semantic;
pub mod symbols;

#[cfg(test)]
pub(crate) mod fixture;

use crate::analysis::Analysis;
use crate::model::Span;
use crate::parser::source::Source;
use std::borrow::Cow;

/// What a feature reads: the analysis and the text it was made from.
#[derive(Clone, Copy)]
pub struct Doc<'a> {
    pub analysis: &'a Analysis,
    pub text: &'a dyn Source,
}

impl<'a> Doc<'a> {
    pub fn new(analysis: &'a Analysis, text: &'a dyn Source) -> Self {
        Doc { analysis, text }
    }

    /// The text of a span of the model (clamped to the text).
    pub fn text_of(&self, span: Span) -> Cow<'a, str> {
        let len = self.text.len();
        let end = span.end.min(len);
        self.text.slice(span.start.min(end), end)
    }
}
