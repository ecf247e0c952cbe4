//! Completion in guideline fields: guideline names, then topics with their pages, inserting the
//! phrasing letters use.

use super::Doc;
use crate::catalog::{pages_label, Catalog};
use crate::parser::source::{line_end_after, line_start_before};
use crate::parser::spelling::FIELD_LABELS;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompletionKind {
    Guideline,
    Topic,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Completion {
    pub label: String,
    pub kind: CompletionKind,
    pub detail: String,
    /// Markdown.
    pub documentation: Option<String>,
    pub insert: String,
    pub filter: String,
    pub sort: String,
}

/// What to offer at `offset`: the catalog's citations inside a guideline field, nothing elsewhere.
pub fn completions(doc: &Doc, offset: usize) -> Vec<Completion> {
    if in_guideline_field(doc, offset) {
        items(&doc.analysis.catalog)
    } else {
        Vec::new()
    }
}

/// Whether `offset` is in a guideline field (label line or body), where citations are written.
fn in_guideline_field(doc: &Doc, offset: usize) -> bool {
    let in_field = doc
        .analysis
        .model
        .letters
        .iter()
        .flat_map(|l| &l.items)
        .flat_map(|i| &i.fields)
        .any(|f| f.kind.cites_guidelines() && f.span().touches(offset));
    if in_field {
        return true;
    }
    // A label being typed before the parser sees an item around it.
    let offset = offset.min(doc.text.len());
    let line = doc.text.slice(
        line_start_before(doc.text, offset),
        line_end_after(doc.text, offset),
    );
    FIELD_LABELS
        .iter()
        .any(|(l, k)| k.cites_guidelines() && line.trim_start().starts_with(l))
}

/// Every guideline and topic of the catalog.
pub fn items(catalog: &Catalog) -> Vec<Completion> {
    let mut out = Vec::new();
    for (gi, g) in catalog.guidelines.iter().enumerate() {
        let Some(cited) = g.aliases.first() else {
            continue;
        };
        let prefix = if g.rule.is_some() || g.id.starts_with("mtus") {
            ""
        } else {
            "Non-MTUS Citation "
        };
        out.push(Completion {
            label: cited.clone(),
            kind: CompletionKind::Guideline,
            detail: format!("{} ({})", g.title, g.edition),
            documentation: None,
            insert: format!("Decision based on {prefix}{cited}"),
            filter: format!("{cited} {}", g.short),
            sort: format!("0{gi:04}"),
        });
        for (ti, t) in g.topics.iter().enumerate() {
            let pages = pages_label(&t.pages);
            let (detail, insert) = if pages.is_empty() {
                (
                    g.short.clone(),
                    format!("Decision based on {prefix}{cited}, Section(s): {}", t.name),
                )
            } else {
                (
                    format!("{} · pp. {pages}", g.short),
                    format!(
                        "Decision based on {prefix}{cited}, Section(s): {} Page(s): {pages}.",
                        t.name
                    ),
                )
            };
            out.push(Completion {
                label: t.name.clone(),
                kind: CompletionKind::Topic,
                detail,
                documentation: Some(format!(
                    "{} ({}): pages {}; {}",
                    g.title,
                    g.edition,
                    if pages.is_empty() { "unknown" } else { &pages },
                    t.confidence.as_str()
                )),
                insert,
                filter: format!("{} {}", t.name, t.aliases.join(" ")),
                sort: format!("1{gi:04}{ti:04}"),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::fixture::{letter, Fixture};

    #[test]
    fn offered_in_a_guideline_field() {
        let f = Fixture::new(&letter(
            "Norco: Upheld
MAXIMUS guideline: Decision based on MTUS
                                        |
Decision rationale: The request is not medically necessary.
",
        ));
        let all = completions(&f.doc(), f.cursor());
        let cyclo = all
            .iter()
            .find(|c| c.label == "Cyclobenzaprine (Flexeril)")
            .expect("the topic is offered");
        assert_eq!(cyclo.kind, CompletionKind::Topic);
        assert_eq!(
            cyclo.insert,
            "Decision based on MTUS Chronic Pain Medical Treatment 2009, Section(s): Cyclobenzaprine (Flexeril) Page(s): 41-42."
        );
    }

    #[test]
    fn offered_on_a_label_line_typed_outside_any_item() {
        let f = Fixture::new("Notes\nMAXIMUS guideline: \n                  |\n");
        assert!(!completions(&f.doc(), f.cursor()).is_empty());
    }

    #[test]
    fn not_offered_in_the_rationale() {
        let f = Fixture::new(&letter(
            "Norco: Upheld
MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009.
Decision rationale: The request is not medically necessary.
                        |
",
        ));
        assert!(completions(&f.doc(), f.cursor()).is_empty());
    }
}
