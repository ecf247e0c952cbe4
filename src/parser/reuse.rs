//! Field results carried over an edit: a keystroke in one rationale should not re-read the
//! citations and conclusions of every other field of its letter.
//!
//! A field's citations depend only on its kind and body text, and its conclusion only on the
//! rationale's body text. A body the edit did not touch keeps its text; if the re-parse finds a
//! body of the same kind at the same (shifted) span, its results are taken over instead of being
//! computed again. Spans are absolute, in the coordinates after the edit.

use super::incremental::Edit;
use crate::model::{
    shift_citation, shift_conclusion, Citation, Conclusion, FieldKind, Letter, Span,
};

struct Kept {
    kind: FieldKind,
    no_evidence: bool,
    body: Span,
    citations: Vec<Citation>,
    /// For the rationale the conclusion was looked for in (an item's first): what was found.
    conclusion: Option<Option<Conclusion>>,
}

/// The reusable field results of the letters an edit re-parses.
#[derive(Default)]
pub(crate) struct Reuse {
    kept: Vec<Kept>,
}

impl Reuse {
    /// Collects the fields of `letters` (parsed before `edit`) whose bodies the edit left alone.
    pub(crate) fn from_letters(letters: &[Letter], edit: &Edit) -> Reuse {
        let delta = edit.delta();
        let mut kept = Vec::new();
        for item in letters.iter().flat_map(|l| &l.items) {
            let searched = item
                .fields
                .iter()
                .position(|f| f.kind == FieldKind::Rationale);
            for (n, f) in item.fields.iter().enumerate() {
                let b = f.body;
                let shift = if b.end <= edit.start {
                    0
                } else if b.start >= edit.old_end {
                    delta
                } else {
                    continue;
                };
                let mut body = b;
                body.shift(shift);
                let mut citations = f.citations.clone();
                citations.iter_mut().for_each(|c| shift_citation(c, shift));
                let conclusion = (searched == Some(n)).then(|| {
                    item.conclusion.clone().map(|mut c| {
                        shift_conclusion(&mut c, shift);
                        c
                    })
                });
                kept.push(Kept {
                    kind: f.kind,
                    no_evidence: f.no_evidence,
                    body,
                    citations,
                    conclusion,
                });
            }
        }
        Reuse { kept }
    }

    fn find(&self, kind: FieldKind, body: Span) -> Option<&Kept> {
        self.kept.iter().find(|k| k.kind == kind && k.body == body)
    }

    /// The citations of a `kind` field with `body` (absolute), moved by `delta`.
    pub(crate) fn citations(
        &self,
        kind: FieldKind,
        no_evidence: bool,
        body: Span,
        delta: isize,
    ) -> Option<Vec<Citation>> {
        let k = self
            .find(kind, body)
            .filter(|k| k.no_evidence == no_evidence)?;
        let mut out = k.citations.clone();
        out.iter_mut().for_each(|c| shift_citation(c, delta));
        Some(out)
    }

    /// The conclusion of a rationale with `body` (absolute), moved by `delta`; `Some(None)` when
    /// that rationale is known to state none.
    pub(crate) fn conclusion(&self, body: Span, delta: isize) -> Option<Option<Conclusion>> {
        let k = self.find(FieldKind::Rationale, body)?;
        Some(k.conclusion.clone()?.map(|mut c| {
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
