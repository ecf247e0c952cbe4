//! Resolves one citation's text against the catalog: which guideline it names and which topics.
//!
//! Plain text and byte ranges; `rules::cite` adapts the letter model's citations to it.

use super::{Catalog, TopicMatch};
use std::ops::Range;

/// What a citation's text names.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Resolution {
    /// Index of the guideline in the catalog and where its name is in the text.
    pub guideline: Option<(usize, Range<usize>)>,
    /// The guideline's topics named after its name, with their ranges in the text.
    pub topics: Vec<TopicMatch>,
}

/// Resolves a citation's `text`, whose guideline phrase is `text[name]`.
pub fn resolve_text(catalog: &Catalog, text: &str, name: Range<usize>) -> Resolution {
    let phrase = text.get(name.clone()).unwrap_or("");
    // The guideline phrase can run into topic names; fall back to the whole citation for
    // shapes where the name is not first ("Sildenafil: Drug information, from UpToDate").
    let found = catalog
        .match_guideline(phrase)
        .map(|m| (m.index, name.start + m.span.start..name.start + m.span.end))
        .or_else(|| catalog.match_guideline(text).map(|m| (m.index, m.span)));
    let Some((g, span)) = found else {
        return Resolution::default();
    };
    let after = span.end.min(text.len());
    let rest = text.get(after..).unwrap_or("");
    let topics = catalog
        .match_topics(&catalog.guidelines[g], rest)
        .into_iter()
        .map(|t| TopicMatch {
            topic: t.topic,
            span: after + t.span.start..after + t.span.end,
        })
        .collect();
    Resolution {
        guideline: Some((g, span)),
        topics,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_topics_come_back_as_ranges_of_the_text() {
        let cat = Catalog::embedded();
        let text = "Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Pain, Cyclobenzaprine (Flexeril)";
        let name = "Decision based on Non-MTUS Citation ".len()..text.len();
        let r = resolve_text(cat, text, name);
        let (g, span) = r.guideline.clone().unwrap();
        assert_eq!(cat.guidelines[g].id, "odg-pain");
        assert_eq!(&text[span], "Official Disability Guidelines (ODG) Pain");
        assert_eq!(
            &text[r.topics[0].span.clone()],
            "Cyclobenzaprine (Flexeril)"
        );
        // A name that is not first still resolves, from the whole text.
        let text = "Sildenafil: Drug information, from UpToDate";
        let r = resolve_text(cat, text, 0..10);
        assert_eq!(cat.guidelines[r.guideline.unwrap().0].id, "uptodate");
        assert!(resolve_text(cat, "no source here", 0..14)
            .guideline
            .is_none());
    }
}
