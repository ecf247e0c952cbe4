//! Folding (letters in a batch, sections, items) and selection chains (field body → field →
//! item → section → letter).

use super::Doc;
use crate::model::Span;

/// The spans that fold; the editor edge keeps those that cover more than one line.
pub fn folds(doc: &Doc) -> Vec<Span> {
    let letters = &doc.analysis.model.letters;
    let mut out = Vec::new();
    for l in letters {
        if letters.len() > 1 {
            out.push(l.span);
        }
        out.extend(l.sections.iter().map(|s| s.span));
        out.extend(l.items.iter().map(|i| i.span));
    }
    out
}

/// The nested spans around `offset`, innermost first.
pub fn enclosing(doc: &Doc, offset: usize) -> Vec<Span> {
    let mut chain = Vec::new();
    let Some(l) = doc
        .analysis
        .model
        .letters
        .iter()
        .find(|l| l.span.touches(offset))
    else {
        return chain;
    };
    if let Some(i) = l.items.iter().find(|i| i.span.touches(offset)) {
        if let Some(f) = i.fields.iter().find(|f| f.span().touches(offset)) {
            if f.body.touches(offset) && !f.body.is_empty() {
                chain.push(f.body);
            }
            chain.push(f.span());
        } else if i.title_span.touches(offset) && !i.title_span.is_empty() {
            chain.push(i.title_span);
        }
        chain.push(i.span);
    }
    if let Some(s) = l.sections.iter().find(|s| s.span.touches(offset)) {
        chain.push(s.span);
    }
    chain.push(l.span);
    chain.dedup();
    chain
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::fixture::{letter, Fixture};
    use crate::model::collapse;

    #[test]
    fn selection_grows_from_the_field_body_to_the_letter() {
        let f = Fixture::new(&letter(
            "Norco 5/325 mg #30: Upheld
MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009.
                             |
Decision rationale: The request is not medically necessary.
",
        ));
        let chain: Vec<String> = enclosing(&f.doc(), f.cursor())
            .into_iter()
            .map(|s| {
                let t = collapse(f.slice(s));
                let head: String = t.chars().take(30).collect();
                format!("{head}…")
            })
            .collect();
        insta::assert_debug_snapshot!(chain, @r#"
            [
                "Decision based on MTUS Chronic…",
                "MAXIMUS guideline: Decision ba…",
                "Norco 5/325 mg #30: Upheld MAX…",
                "IMR ISSUES, DECISIONS AND RATI…",
                "HOW THE IMR FINAL DETERMINATIO…",
            ]
        "#);
    }

    #[test]
    fn a_batch_folds_each_letter_and_a_single_letter_does_not() {
        let one = letter(
            "Norco: Upheld
MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009.
Decision rationale: The request is not medically necessary.
",
        );
        let single = Fixture::new(&one);
        let batch = Fixture::new(&format!("{one}{one}"));
        let whole = |f: &Fixture| {
            folds(&f.doc())
                .iter()
                .filter(|s| f.analysis.model.letters.iter().any(|l| l.span == **s))
                .count()
        };
        assert_eq!(whole(&single), 0);
        assert_eq!(whole(&batch), 2);
        // Sections and items fold in both: 3 sections and 1 item per letter.
        assert_eq!(folds(&single.doc()).len(), 4);
        assert_eq!(folds(&batch.doc()).len(), 10);
    }
}
