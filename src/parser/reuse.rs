//! Field results carried over an edit: a keystroke in one rationale should not re-read the
//! citations and conclusions of every other field of its letter.
//!
//! A field's citations depend only on its kind and body text, and its conclusion only on the
//! rationale's body text. A body the edit did not touch keeps its text; if the re-parse finds a
//! body of the same kind at the same (shifted) span, its results are taken over instead of being
//! computed again. Results are cloned once, when taken over.

use super::source::Edit;
use crate::model::{
    shift_citation, shift_conclusion, Citation, Conclusion, FieldKind, Letter, Span,
};

/// A field of the old parse the edit did not touch, borrowed from it.
struct Kept<'a> {
    kind: FieldKind,
    no_evidence: bool,
    /// The body's span after the edit.
    body: Span,
    /// How far the edit moved the field.
    shift: isize,
    citations: &'a [Citation],
    /// For the rationale the conclusion was looked for in (an item's first): what was found.
    conclusion: Option<Option<&'a Conclusion>>,
}

/// The reusable field results of the letters an edit re-parses.
pub(crate) struct Reuse<'a> {
    kept: Vec<Kept<'a>>,
}

impl<'a> Reuse<'a> {
    /// Collects the fields of `letters` (parsed before `edit`) whose bodies the edit left alone.
    pub(crate) fn from_letters(letters: &'a [Letter], edit: &Edit) -> Reuse<'a> {
        let delta = edit.delta();
        let mut kept = Vec::new();
        for item in letters.iter().flat_map(|l| &l.items) {
            let searched = item
                .fields
                .iter()
                .position(|f| f.kind == FieldKind::Rationale);
            for (n, f) in item.fields.iter().enumerate() {
                let shift = if f.body.end <= edit.start {
                    0
                } else if f.body.start >= edit.old_end {
                    delta
                } else {
                    continue;
                };
                let mut body = f.body;
                body.shift(shift);
                kept.push(Kept {
                    kind: f.kind,
                    no_evidence: f.no_evidence,
                    body,
                    shift,
                    citations: &f.citations,
                    conclusion: (searched == Some(n)).then_some(item.conclusion.as_ref()),
                });
            }
        }
        Reuse { kept }
    }

    /// The kept field of `kind` whose body is `body` in a letter at `base`, and how far to move
    /// its results to put them in that letter's own coordinates.
    fn find(&self, kind: FieldKind, body: Span, base: usize) -> Option<(&Kept<'a>, isize)> {
        let at = Span::new(body.start + base, body.end + base);
        let k = self.kept.iter().find(|k| k.kind == kind && k.body == at)?;
        Some((k, k.shift - base as isize))
    }

    /// The citations of a `kind` field with `body`, both relative to a letter at `base`.
    pub(crate) fn citations(
        &self,
        kind: FieldKind,
        no_evidence: bool,
        body: Span,
        base: usize,
    ) -> Option<Vec<Citation>> {
        let (k, delta) = self
            .find(kind, body, base)
            .filter(|(k, _)| k.no_evidence == no_evidence)?;
        let mut out = k.citations.to_vec();
        out.iter_mut().for_each(|c| shift_citation(c, delta));
        Some(out)
    }

    /// The conclusion of a rationale with `body`, both relative to a letter at `base`;
    /// `Some(None)` when that rationale is known to state none.
    pub(crate) fn conclusion(&self, body: Span, base: usize) -> Option<Option<Conclusion>> {
        let (k, delta) = self.find(FieldKind::Rationale, body, base)?;
        Some(k.conclusion?.map(|c| {
            let mut c = c.clone();
            shift_conclusion(&mut c, delta);
            c
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parser::parse;

    #[test]
    fn untouched_fields_are_reused_and_edited_ones_are_not() {
        let old_text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/letters/001_2a130b5553485fce.txt"
        ))
        .unwrap();
        let old = parse(&old_text);
        let items = &old.letters[0].items;
        assert!(items.len() >= 2);
        // Type one character inside the first item's rationale.
        let rationale = |i: &crate::model::Item| {
            *i.fields
                .iter()
                .find(|f| f.kind == FieldKind::Rationale)
                .map(|f| &f.body)
                .unwrap()
        };
        let at = rationale(&items[0]).start + 5;
        let edit = Edit {
            start: at,
            old_end: at,
            new_end: at + 1,
        };
        let mut new_text = old_text.clone();
        new_text.insert(at, 'x');
        let fresh = parse(&new_text);
        let reuse = Reuse::from_letters(&old.letters, &edit);

        let (edited, later) = (&fresh.letters[0].items[0], &fresh.letters[0].items[1]);
        assert!(later.conclusion.is_some());
        assert!(later.fields.iter().any(|f| !f.citations.is_empty()));
        assert_eq!(reuse.conclusion(rationale(edited), 0), None, "edited body");
        assert_eq!(
            reuse.conclusion(rationale(later), 0),
            Some(later.conclusion.clone()),
            "a later rationale keeps its conclusion, shifted"
        );
        for f in &later.fields {
            assert_eq!(
                reuse.citations(f.kind, f.no_evidence, f.body, 0).as_ref(),
                Some(&f.citations),
                "{:?}",
                f.kind
            );
        }
        // Fields before the edit keep their spans.
        let header_side = &old.letters[0].items[0].fields[0];
        if header_side.body.end <= at {
            assert!(reuse
                .citations(
                    header_side.kind,
                    header_side.no_evidence,
                    header_side.body,
                    0
                )
                .is_some());
        }
    }
}
