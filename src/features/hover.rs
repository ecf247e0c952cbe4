//! Hover: what a decision means, an item's summary, and the guideline behind a citation.
//! Document text shown in a hover is always markdown-escaped.

use super::Doc;
use crate::analysis::CitationRef;
use crate::catalog::{pages_label, Access, Catalog, Guideline, LinkKind, Topic};
use crate::model::{collapse, joined_address, DecisionKind, Item, Span};

/// A hover's markdown and the range it describes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HoverDoc {
    pub markdown: String,
    pub span: Option<Span>,
}

/// The hover at `offset`, innermost first: a decision word, an item title, a citation.
pub fn hover(doc: &Doc, offset: usize) -> Option<HoverDoc> {
    let an = doc.analysis;
    let on = |s: Span| !s.is_empty() && s.touches(offset);
    for l in an.model.letters.iter().filter(|l| l.span.touches(offset)) {
        for item in l.items.iter().filter(|i| i.span.touches(offset)) {
            if let Some(d) = item.decision.span.filter(|s| on(*s)) {
                return Some(HoverDoc {
                    markdown: decision_meaning(&item.decision.kind).to_string(),
                    span: Some(d),
                });
            }
            if on(item.title_span) {
                return Some(HoverDoc {
                    markdown: item_markdown(doc, item),
                    span: Some(item.title_span),
                });
            }
        }
    }
    let c = an.citation_at(offset)?;
    let (markdown, span) = citation_markdown(doc, &c, offset);
    Some(HoverDoc {
        markdown,
        span: Some(span),
    })
}

/// Escapes text from the letter so markdown shows it as written.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in collapse(text).chars() {
        if matches!(
            c,
            '\\' | '`'
                | '*'
                | '_'
                | '{'
                | '}'
                | '['
                | ']'
                | '('
                | ')'
                | '#'
                | '+'
                | '-'
                | '.'
                | '!'
                | '|'
                | '<'
                | '>'
                | '~'
                | '&'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The meaning of a decision.
pub fn decision_meaning(kind: &DecisionKind) -> &'static str {
    match kind {
        DecisionKind::Upheld => "**Upheld**: the utilization review denial stands; the treatment is not medically necessary.",
        DecisionKind::Overturned => "**Overturned**: the utilization review denial is reversed; the treatment is medically necessary.",
        DecisionKind::Missing => "**No decision**: each item line must end with `: Upheld` or `: Overturned`.",
        DecisionKind::Unknown(_) => "**Not a decision**: an IMR decision is either `Upheld` (not medically necessary) or `Overturned` (medically necessary).",
    }
}

/// The guidelines an item cites, one line per field and guideline.
fn cited_guidelines(doc: &Doc, item: &Item) -> Vec<String> {
    let cat = &doc.analysis.catalog;
    let mut names: Vec<String> = Vec::new();
    for c in doc
        .analysis
        .citations_of(item)
        .filter(|c| c.field.kind.cites_guidelines())
    {
        let label = c.field.kind.label();
        let line = match c.resolved.guideline {
            Some((g, _)) => format!("{label}: {}", cat.guidelines[g].short),
            None => format!("{label}: {}", escape(&doc.text_of(c.citation.guideline))),
        };
        if !names.contains(&line) {
            names.push(line);
        }
    }
    names
}

/// The hover for an item title: decision, the guidelines cited, the conclusion.
fn item_markdown(doc: &Doc, item: &Item) -> String {
    let mut md = format!(
        "### {}\n\n{}\n",
        escape(&item.title),
        decision_meaning(&item.decision.kind)
    );
    if let Some(p) = &item.eligible_portion {
        md.push_str(&format!(
            "\nPartial authorisation; the decision covers: {}\n",
            escape(&p.text)
        ));
    }
    let names = cited_guidelines(doc, item);
    if !names.is_empty() {
        md.push_str("\n**Guidelines cited**\n");
        for g in names {
            md.push_str(&format!("- {g}\n"));
        }
    }
    match &item.conclusion {
        Some(c) => md.push_str(&format!(
            "\n**Conclusion** ({}): {}\n",
            if c.necessary {
                "medically necessary"
            } else {
                "not medically necessary"
            },
            escape(&doc.text_of(c.sentence))
        )),
        None => md.push_str("\n**Conclusion**: none found in the rationale.\n"),
    }
    md
}

fn topic_line(t: &Topic) -> String {
    if t.pages.is_empty() {
        format!("**Topic:** {} (pages not in the catalog)", t.name)
    } else {
        format!(
            "**Topic:** {}, pp. {} ({}; {})",
            t.name,
            pages_label(&t.pages),
            t.confidence.as_str(),
            t.source
        )
    }
}

fn guideline_header(g: &Guideline) -> String {
    let mut md = format!("### {}", g.title);
    if !g.edition.is_empty() {
        md.push_str(&format!(" ({})", g.edition));
    }
    md.push('\n');
    let mut facts = vec![g.short.clone()];
    if let Some(r) = &g.rule {
        facts.push(r.clone());
    }
    facts.push(g.access.as_str().to_string());
    md.push_str(&facts.join(" · "));
    md.push('\n');
    md
}

fn link_line(catalog: &Catalog, g: &Guideline, topic: Option<&Topic>, page: Option<u32>) -> String {
    let mut md = String::new();
    if g.access != Access::Public {
        // Licensed text: say who publishes it and what the reader is looking for there.
        md.push_str(&format!("\n**Licensed** ({})", g.access.as_str()));
        if let Some(p) = catalog.publisher(g) {
            md.push_str(&format!(", published by {p}"));
        }
        let named: Vec<String> = [
            catalog.chapter_name(g).map(|c| format!("chapter: {c}")),
            topic.map(|t| format!("topic: {}", t.name)),
        ]
        .into_iter()
        .flatten()
        .collect();
        if !named.is_empty() {
            md.push_str(&format!("; {}", named.join(", ")));
        }
        md.push('\n');
    }
    let Some(link) = catalog.link(g, topic, page) else {
        md.push_str(
            "\nNo link: configure the organisation's copy (`url` or `url_template`) in `.imr/guidelines.toml`.\n",
        );
        return md;
    };
    let label = match (link.kind, page) {
        (LinkKind::DeepLink, Some(p)) => format!("Open page {p}"),
        (LinkKind::OrganisationTemplate, _) => "Open your organisation's copy".to_string(),
        (LinkKind::PublisherPage, _) => "Publisher's page".to_string(),
        (_, _) if g.access == Access::Public => "Open the guideline".to_string(),
        _ => "Landing page".to_string(),
    };
    md.push_str(&format!(
        "\n[{label}]({}): {}\n",
        link.url,
        link.kind.describe()
    ));
    if g.access != Access::Public {
        if let Some(n) = &g.licence_note {
            md.push_str(&format!("\n{n}\n"));
        }
        if link.kind != LinkKind::PublisherPage {
            if let Some(u) = catalog.publisher_link(g) {
                md.push_str(&format!("\nPublisher: [{u}]({u})\n"));
            }
        }
    }
    let checked = matches!(
        link.kind,
        LinkKind::OrganisationTemplate | LinkKind::CitedAddress
    ) || g.url_verified;
    if !checked {
        md.push_str("\n_This link has not been checked against the live site yet._\n");
    }
    md
}

/// The hover for a web address a citation gives: where it goes, or why it is not a link.
fn address_hover(catalog: &Catalog, written: &str, citation: &str) -> String {
    let address = joined_address(written);
    match catalog.cited_address_link(written, citation) {
        Ok(link) => format!(
            "**Web address cited**\n\n[{}]({}): {}\n",
            escape(&address),
            link.url,
            link.kind.describe()
        ),
        Err(why) => format!("**Web address cited**: {}\n\n{why}\n", escape(&address)),
    }
}

/// The hover for the citation part under `offset`: a web address, a page, a topic, or the
/// guideline.
fn citation_markdown(doc: &Doc, c: &CitationRef, offset: usize) -> (String, Span) {
    let catalog = &doc.analysis.catalog;
    let (cite, r) = (c.citation, &c.resolved);
    if let Some(a) = cite.address.filter(|a| a.touches(offset)) {
        return (
            address_hover(catalog, &doc.text_of(a), &doc.text_of(cite.span)),
            a,
        );
    }
    let Some((gi, gspan)) = r.guideline else {
        if let Some(a) = cite.address {
            return (
                address_hover(catalog, &doc.text_of(a), &doc.text_of(cite.span)),
                cite.span,
            );
        }
        return (
            "**Unknown guideline**: no catalog entry matches this citation. An organisation can add it in `.imr/guidelines.toml`.".to_string(),
            cite.guideline,
        );
    };
    let g = &catalog.guidelines[gi];
    let mut md = guideline_header(g);
    if let Some(p) = r.pages.iter().find(|p| p.span.touches(offset)) {
        md.push_str(&format!(
            "\n**Pages cited:** {}\n",
            pages_label(&[(p.first, p.last)])
        ));
        let topics = r.topics_for_page(catalog, p);
        for t in topics.iter().take(3) {
            md.push_str(&format!("\n{}\n", topic_line(&g.topics[*t])));
        }
        let topic = match r.topics.as_slice() {
            [t] => Some(t.topic),
            _ => topics.first().copied(),
        };
        md.push_str(&link_line(
            catalog,
            g,
            topic.map(|t| &g.topics[t]),
            Some(p.first),
        ));
        return (md, p.span);
    }
    if let Some(t) = r.topics.iter().find(|t| t.span.touches(offset)) {
        let topic = &g.topics[t.topic];
        md.push_str(&format!("\n{}\n", topic_line(topic)));
        let first = topic
            .pages
            .first()
            .map(|p| p.0)
            .or_else(|| r.pages.first().map(|p| p.first));
        md.push_str(&link_line(catalog, g, Some(topic), first));
        return (md, t.span);
    }
    for t in &r.topics {
        md.push_str(&format!("\n{}\n", topic_line(&g.topics[t.topic])));
    }
    if !r.pages.is_empty() {
        let pages: Vec<(u32, u32)> = r.pages.iter().map(|p| (p.first, p.last)).collect();
        md.push_str(&format!("\n**Pages cited:** {}\n", pages_label(&pages)));
    }
    let only_topic = match r.topics.as_slice() {
        [t] => Some(&g.topics[t.topic]),
        _ => None,
    };
    md.push_str(&link_line(
        catalog,
        g,
        only_topic,
        r.pages.first().map(|p| p.first),
    ));
    let span = if gspan.touches(offset) {
        gspan
    } else {
        cite.span
    };
    (md, span)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::fixture::{letter, Fixture};

    /// `«hovered text»` then the markdown.
    fn render(f: &Fixture) -> String {
        match hover(&f.doc(), f.cursor()) {
            None => "(no hover)".to_string(),
            Some(h) => format!(
                "«{}»\n{}",
                h.span.map(|s| collapse(f.slice(s))).unwrap_or_default(),
                h.markdown
            ),
        }
    }

    #[test]
    fn escaping_neutralises_markdown_and_html() {
        assert_eq!(
            escape("<b>*x*</b> [a](b)"),
            "\\<b\\>\\*x\\*\\</b\\> \\[a\\]\\(b\\)"
        );
    }

    #[test]
    fn decision_word() {
        let f = Fixture::new(&letter(
            "Norco 5/325 mg #30: Overturned
                      |
Claims Administrator guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009.
MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009.
Decision rationale: The request for Norco is medically necessary.
",
        ));
        insta::assert_snapshot!(render(&f), @"
        «Overturned»
        **Overturned**: the utilization review denial is reversed; the treatment is medically necessary.
        ");
    }

    #[test]
    fn item_title_summarises_the_item_and_escapes_its_text() {
        let f = Fixture::new(&letter(
            "Norco <5/325> mg #30: Upheld
  |
Claims Administrator guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009.
MAXIMUS guideline: Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Pain.
Decision rationale: The request for Norco is not medically necessary.
",
        ));
        insta::assert_snapshot!(render(&f), @r"
        «Norco <5/325> mg #30»
        ### Norco \<5/325\> mg \#30

        **Upheld**: the utilization review denial stands; the treatment is not medically necessary.

        **Guidelines cited**
        - Claims Administrator guideline: MTUS Chronic Pain 2009
        - MAXIMUS guideline: ODG Pain

        **Conclusion** (not medically necessary): The request for Norco is not medically necessary\.
        ");
    }

    #[test]
    fn citation_page_links_to_the_page() {
        let f = Fixture::new(&letter(
            "Cyclobenzaprine 10mg #60: Upheld
Claims Administrator guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009.
MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009, Section(s): Cyclobenzaprine (Flexeril) Page(s): 41-42.
                                                                                                                                |
Decision rationale: The request for cyclobenzaprine is not medically necessary.
",
        ));
        insta::assert_snapshot!(render(&f), @r#"
            «41-42»
            ### Chronic Pain Medical Treatment Guidelines (2009)
            MTUS Chronic Pain 2009 · 8 CCR 9792.24.2 · public

            **Pages cited:** 41-42

            **Topic:** Cyclobenzaprine (Flexeril), pp. 41-42 (confirmed; cited with these pages in two or more published letters)

            [Open page 41](https://www.dir.ca.gov/dwc/DWCPropRegs/MTUS_Regulations/MTUS_ChronicPainMedicalTreatmentGuidelines.pdf#page=41): deep link to the cited page

            _This link has not been checked against the live site yet._
        "#);
    }

    #[test]
    fn nothing_to_say_between_items() {
        let f = Fixture::new(&letter(
            "Norco: Upheld
MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009.
Decision rationale: The request is not medically necessary.
                 |
",
        ));
        assert_eq!(render(&f), "(no hover)");
    }
}
