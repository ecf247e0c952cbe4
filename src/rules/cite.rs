//! The letter's citations resolved through the catalog: the model-facing side of `catalog::cite`.

use crate::catalog::cite::resolve_text;
use crate::catalog::Catalog;
use crate::model::{Citation, PageRef, Span};

/// A topic named in a citation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TopicHit {
    pub topic: usize,
    pub span: Span,
}

/// What a citation resolves to.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Resolved {
    /// Index of the guideline in the catalog and where its name is.
    pub guideline: Option<(usize, Span)>,
    pub topics: Vec<TopicHit>,
    pub pages: Vec<PageRef>,
}

impl Resolved {
    /// Topics the cited pages fall on, for a citation that names pages but no topic.
    pub fn topics_for_page(&self, catalog: &Catalog, p: &PageRef) -> Vec<usize> {
        match self.guideline {
            Some((g, _)) => catalog.topics_for_pages(&catalog.guidelines[g], p.first, p.last),
            None => Vec::new(),
        }
    }
}

/// Resolves `c`; `text` is the citation's own text (`c.span`).
pub fn resolve(catalog: &Catalog, c: &Citation, text: &str) -> Resolved {
    let base = c.span.start;
    let name = c.guideline.start.saturating_sub(base)..c.guideline.end.saturating_sub(base);
    let r = resolve_text(catalog, text, name);
    let abs = |s: std::ops::Range<usize>| Span::new(base + s.start, base + s.end);
    Resolved {
        guideline: r.guideline.map(|(g, s)| (g, abs(s))),
        topics: r
            .topics
            .into_iter()
            .map(|t| TopicHit {
                topic: t.topic,
                span: abs(t.span),
            })
            .collect(),
        pages: c.pages.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FieldKind;

    fn first_citation(text: &str) -> (Citation, Resolved) {
        let letter = format!(
            "HOW THE IMR FINAL DETERMINATION WAS MADE\nIMR ISSUES, DECISIONS AND RATIONALES\nX: Upheld\nMAXIMUS guideline: {text}\nDecision rationale: The request is not medically necessary.\n"
        );
        let m = crate::parser::parse(&letter);
        let f = m.letters[0].items[0]
            .field(FieldKind::MaximusGuideline)
            .unwrap();
        let c = f.citations[0].clone();
        let r = resolve(Catalog::embedded(), &c, c.span.text(&letter));
        (c, r)
    }

    #[test]
    fn domain_citation_shapes_resolve() {
        let cat = Catalog::embedded();
        let (_, r) = first_citation("Decision based on MTUS Chronic Pain Treatment Guidelines Cyclobenzaprine (Flexeril) pages 41-42; Antispasmodics page 6 Page(s): 41-42; page 6.");
        let (g, _) = r.guideline.unwrap();
        assert_eq!(cat.guidelines[g].id, "mtus-chronic-pain-2009");
        let names: Vec<&str> = r
            .topics
            .iter()
            .map(|t| cat.guidelines[g].topics[t.topic].name.as_str())
            .collect();
        assert!(names.contains(&"Cyclobenzaprine (Flexeril)"), "{names:?}");
        assert_eq!(r.pages.len(), 4);

        let (_, r) = first_citation(
            "Decision based on MTUS ACOEM Chapter 12 Low Back Complaints Page(s): 288, 307.",
        );
        assert_eq!(
            cat.guidelines[r.guideline.unwrap().0].id,
            "mtus-acoem-low-back-2004"
        );

        let (c, r) = first_citation("Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Pain, Cyclobenzaprine (FlexerilÂ®)");
        assert_eq!(cat.guidelines[r.guideline.unwrap().0].id, "odg-pain");
        // Spans are absolute: the topic span sits inside the citation's.
        assert!(c.span.start < r.topics[0].span.start && r.topics[0].span.end <= c.span.end);
    }
}
