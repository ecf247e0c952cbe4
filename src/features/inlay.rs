//! Inlay hints: the topic after a bare page citation, the pages after a topic cited without any.

use super::Doc;
use crate::catalog::pages_label;
use crate::model::Span;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hint {
    /// Where the hint is shown (after the cited text).
    pub at: usize,
    pub label: String,
}

/// The hints for the citations in `range`.
pub fn hints(doc: &Doc, range: Span) -> Vec<Hint> {
    let cat = &doc.analysis.catalog;
    let mut out = Vec::new();
    for c in doc.analysis.citations_in(range) {
        let r = &c.resolved;
        let Some((gi, _)) = r.guideline else { continue };
        let g = &cat.guidelines[gi];
        if r.topics.is_empty() {
            for page in &r.pages {
                if let Some(&t) = r.topics_for_page(cat, page).first() {
                    out.push(Hint {
                        at: page.span.end,
                        label: format!("→ {}", g.topics[t].name),
                    });
                }
            }
        }
        if r.pages.is_empty() {
            for t in &r.topics {
                let topic = &g.topics[t.topic];
                if !topic.pages.is_empty() {
                    out.push(Hint {
                        at: t.span.end,
                        label: format!("pp. {}", pages_label(&topic.pages)),
                    });
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::fixture::{letter, Fixture};

    /// Each hint shown in place, on the line it belongs to.
    fn render(f: &Fixture, range: Span) -> String {
        let mut out = String::new();
        for h in hints(&f.doc(), range) {
            let line_start = f.text[..h.at].rfind('\n').map_or(0, |i| i + 1);
            out.push_str(&format!("…{}⟨{}⟩\n", &f.text[line_start..h.at], h.label));
        }
        out
    }

    #[test]
    fn bare_pages_get_their_topic_and_bare_topics_their_pages() {
        let f = Fixture::new(&letter(
            "Cyclobenzaprine 10mg #60: Upheld
Claims Administrator guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009, Page(s): 41-42.
MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009, Section(s): Cyclobenzaprine (Flexeril).
Decision rationale: The request for cyclobenzaprine is not medically necessary.
",
        ));
        insta::assert_snapshot!(render(&f, Span::new(0, f.text.len())), @r#"
            …Claims Administrator guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009, Page(s): 41-42⟨→ Cyclobenzaprine (Flexeril)⟩
            …MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009, Section(s): Cyclobenzaprine (Flexeril)⟨pp. 41-42⟩
        "#);
    }

    #[test]
    fn only_the_requested_range() {
        let f = Fixture::new(&letter(
            "Cyclobenzaprine 10mg #60: Upheld
Claims Administrator guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009, Page(s): 41-42.
MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009, Section(s): Cyclobenzaprine (Flexeril).
                   ^^^^^^^^^^^^^^^^^
Decision rationale: The request for cyclobenzaprine is not medically necessary.
",
        ));
        let out = render(&f, f.range());
        assert_eq!(out.lines().count(), 1, "{out}");
        assert!(out.starts_with("…MAXIMUS"), "{out}");
    }
}
