//! The letter's citations resolved through the catalog: the model-facing side of `catalog::cite`.

use crate::catalog::cite::resolve_text;
use crate::catalog::{Catalog, Link};
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
    let mut r = resolve_text(catalog, text, name);
    // "MTUS" in "Non-MTUS Citation …" names no guideline: an unknown source stays unknown (and
    // gets `unknown-guideline`'s hint) rather than the generic MTUS id.
    if c.non_mtus
        && r.guideline
            .as_ref()
            .is_some_and(|(g, _)| crate::catalog::cite::generic_mtus(catalog, *g))
    {
        r = Default::default();
    }
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

/// The family a guideline belongs to (its root `parent`, e.g. `odg` for ODG Pain), as an index.
pub fn family(catalog: &Catalog, g: usize) -> usize {
    let mut at = g;
    // Families are one level deep; the bound only guards a looping overlay.
    for _ in 0..4 {
        match catalog.guidelines[at]
            .parent
            .as_deref()
            .and_then(|p| catalog.position(p))
        {
            Some(p) => at = p,
            None => break,
        }
    }
    at
}

/// Whether a guideline is part of the MTUS (adopted by a rule of 8 CCR); ODG, UpToDate and
/// textbooks are not.
pub fn is_mtus(catalog: &Catalog, g: usize) -> bool {
    catalog.guidelines[g].rule.is_some()
}

/// A link on one part of a citation: its guideline name, a page, a topic, or its web address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CitationLink {
    pub span: Span,
    pub link: Link,
    /// What the link opens, for the editor's tooltip.
    pub tooltip: String,
}

/// Every link of citation `c` (resolved as `r`; `text` is the citation's own text): the guideline
/// name, each page and topic, and a web address the citation gives.
pub fn links(catalog: &Catalog, c: &Citation, r: &Resolved, text: &str) -> Vec<CitationLink> {
    let mut out = Vec::new();
    if let Some(a) = c.address {
        let written = text
            .get(a.start.saturating_sub(c.span.start)..a.end.saturating_sub(c.span.start))
            .unwrap_or("");
        if let Ok(link) = catalog.cited_address_link(written, text) {
            let tooltip = format!("{} ({})", link.url, link.kind.describe());
            out.push(CitationLink {
                span: a,
                link,
                tooltip,
            });
        }
    }
    let Some((gi, gspan)) = r.guideline else {
        return out;
    };
    let g = &catalog.guidelines[gi];
    let mut push = |span: Span, link: Option<Link>, what: String| {
        if let Some(link) = link {
            let tooltip = format!("{what} ({})", link.kind.describe());
            out.push(CitationLink {
                span,
                link,
                tooltip,
            });
        }
    };
    // With a single topic cited, the name and pages open that topic in a templated copy.
    let only_topic = match r.topics.as_slice() {
        [t] => Some(&g.topics[t.topic]),
        _ => None,
    };
    let name = match g.edition.is_empty() {
        true => g.title.clone(),
        false => format!("{} ({})", g.title, g.edition),
    };
    push(gspan, catalog.link(g, only_topic, None), name);
    for page in &r.pages {
        let topic = only_topic.or_else(|| {
            let t = *r.topics_for_page(catalog, page).first()?;
            Some(&g.topics[t])
        });
        push(
            page.span,
            catalog.link(g, topic, Some(page.first)),
            format!("{}, page {}", g.short, page.first),
        );
    }
    for t in &r.topics {
        let topic = &g.topics[t.topic];
        let first = topic.pages.first().map(|p| p.0);
        let at = first.map(|p| format!(", p. {p}")).unwrap_or_default();
        push(
            t.span,
            catalog.link(g, Some(topic), first),
            format!("{}: {}{at}", g.short, topic.name),
        );
    }
    out
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
