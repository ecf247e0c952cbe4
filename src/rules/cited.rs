//! Every guideline citation of a letter, resolved against the catalog once: what the rules read
//! and what the analysed document keeps for hover, links and inlay hints.

use super::cite::{resolve, Resolved};
use crate::catalog::Catalog;
use crate::model::{Citation, Field, Item, Letter};

/// One citation of a guideline field and what it resolves to. The citation itself stays in the
/// model; `item`, `field` and `index` say where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cited {
    pub item: usize,
    pub field: usize,
    pub index: usize,
    pub resolved: Resolved,
}

impl Cited {
    pub fn item<'a>(&self, letter: &'a Letter) -> &'a Item {
        &letter.items[self.item]
    }

    pub fn field<'a>(&self, letter: &'a Letter) -> &'a Field {
        &letter.items[self.item].fields[self.field]
    }

    pub fn citation<'a>(&self, letter: &'a Letter) -> &'a Citation {
        &self.field(letter).citations[self.index]
    }

    /// Moves the resolved spans with their letter (an edit before it changed the length).
    pub fn shift(&mut self, delta: isize) {
        let r = &mut self.resolved;
        if let Some((_, s)) = &mut r.guideline {
            s.shift(delta);
        }
        for t in &mut r.topics {
            t.span.shift(delta);
        }
        for p in &mut r.pages {
            p.span.shift(delta);
        }
    }
}

/// Resolves every citation of the letter, in document order: the guideline fields' and those
/// named in the running text of a rationale. `text` is the letter's own text, which starts at
/// `letter.span.start`.
pub fn resolve_letter(letter: &Letter, text: &str, catalog: &Catalog) -> Vec<Cited> {
    let base = letter.span.start;
    let mut out = Vec::new();
    for (i, item) in letter.items.iter().enumerate() {
        for (f, field) in item.fields.iter().enumerate() {
            for (n, c) in field.citations.iter().enumerate() {
                let own = text
                    .get(c.span.start.wrapping_sub(base)..c.span.end.wrapping_sub(base))
                    .unwrap_or("");
                out.push(Cited {
                    item: i,
                    field: f,
                    index: n,
                    resolved: resolve(catalog, c, own),
                });
            }
        }
    }
    out
}
