//! Guideline citations in the editor: hover, document links and inlay hints.

use super::hover::escape;
use super::position::Positions;
use crate::catalog::{pages_label, Access, Catalog, Guideline, LinkKind, Topic};
use crate::model::{joined_address, Citation, Item, Model, Span};
use crate::rules::cite::{resolve, Resolved};
use tower_lsp_server::ls_types::{DocumentLink, InlayHint, InlayHintKind, InlayHintLabel, Uri};

/// Every citation of the letters overlapping `range`, with its item: the guideline fields' and
/// those found in the running text of a rationale.
pub fn citations_in(model: &Model, range: Span) -> impl Iterator<Item = (&Item, &Citation)> {
    model
        .letters
        .iter()
        .filter(move |l| l.span.start <= range.end && range.start <= l.span.end)
        .flat_map(|l| &l.items)
        .flat_map(|i| {
            i.fields
                .iter()
                .flat_map(move |f| f.citations.iter().map(move |c| (i, c)))
        })
        .filter(move |(_, c)| c.span.start <= range.end && range.start <= c.span.end)
}

/// The citation under `offset`, resolved.
pub fn at(
    model: &Model,
    catalog: &Catalog,
    offset: usize,
    text_of: &dyn Fn(Span) -> String,
) -> Option<(Citation, Resolved)> {
    let (_, c) = citations_in(model, Span::new(offset, offset))
        .find(|(_, c)| c.span.start <= offset && offset <= c.span.end)?;
    let r = resolve(catalog, c, &text_of(c.span));
    Some((c.clone(), r))
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
            if let Some(u) = catalog.publisher_url(g) {
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
fn address_hover(catalog: &Catalog, written: &str) -> String {
    let address = joined_address(written);
    match catalog.address_link(&address) {
        Ok(link) => format!(
            "**Web address cited**\n\n[{}]({}): {}\n",
            escape(&address),
            link.url,
            link.kind.describe()
        ),
        Err(why) => format!("**Web address cited**: {}\n\n{why}\n", escape(&address)),
    }
}

/// Hover markdown for the citation part under `offset`.
pub fn hover(
    catalog: &Catalog,
    c: &Citation,
    r: &Resolved,
    offset: usize,
    text_of: &dyn Fn(Span) -> String,
) -> (String, Span) {
    if let Some(a) = c.address.filter(|a| a.start <= offset && offset <= a.end) {
        return (address_hover(catalog, &text_of(a)), a);
    }
    let Some((gi, gspan)) = r.guideline else {
        if let Some(a) = c.address {
            return (address_hover(catalog, &text_of(a)), c.span);
        }
        return (
            "**Unknown guideline**: no catalog entry matches this citation. An organisation can add it in `.imr/guidelines.toml`.".to_string(),
            c.guideline,
        );
    };
    let g = &catalog.guidelines[gi];
    let mut md = guideline_header(g);
    let within = |s: Span| s.start <= offset && offset <= s.end;
    if let Some(p) = r.pages.iter().find(|p| within(p.span)) {
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
    if let Some(t) = r.topics.iter().find(|t| within(t.span)) {
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
    let first_page = r.pages.first().map(|p| p.first);
    let only_topic = match r.topics.as_slice() {
        [t] => Some(&g.topics[t.topic]),
        _ => None,
    };
    md.push_str(&link_line(catalog, g, only_topic, first_page));
    let span = if within(gspan) { gspan } else { c.span };
    (md, span)
}

/// A link for every citation part with a URL: the guideline name, each page, each topic.
pub fn links(
    model: &Model,
    catalog: &Catalog,
    text_of: &dyn Fn(Span) -> String,
    p: &Positions,
    uri_ok: &dyn Fn(&str) -> Option<Uri>,
) -> Vec<DocumentLink> {
    let mut out = Vec::new();
    let all = Span::new(0, usize::MAX);
    for (_, c) in citations_in(model, all) {
        let own = text_of(c.span);
        let r = resolve(catalog, c, &own);
        for l in crate::rules::cite::links(catalog, c, &r, &own) {
            if let Some(target) = uri_ok(&l.link.url) {
                out.push(DocumentLink {
                    range: p.range(l.span),
                    target: Some(target),
                    tooltip: Some(l.tooltip),
                    data: None,
                });
            }
        }
    }
    out
}

/// Hints: the topic after a bare page citation, the pages after a topic cited without pages.
pub fn inlay_hints(
    model: &Model,
    catalog: &Catalog,
    range: Span,
    text_of: &dyn Fn(Span) -> String,
    p: &Positions,
) -> Vec<InlayHint> {
    let mut out = Vec::new();
    for (_, c) in citations_in(model, range) {
        let r = resolve(catalog, c, &text_of(c.span));
        let Some((gi, _)) = r.guideline else { continue };
        let g = &catalog.guidelines[gi];
        let hint = |at: usize, label: String| InlayHint {
            position: p.position(at),
            label: InlayHintLabel::String(label),
            kind: Some(InlayHintKind::PARAMETER),
            text_edits: None,
            tooltip: None,
            padding_left: Some(true),
            padding_right: None,
            data: None,
        };
        if r.topics.is_empty() {
            for page in &r.pages {
                if let Some(&t) = r.topics_for_page(catalog, page).first() {
                    out.push(hint(page.span.end, format!("→ {}", g.topics[t].name)));
                }
            }
        }
        if r.pages.is_empty() {
            for t in &r.topics {
                let topic = &g.topics[t.topic];
                if !topic.pages.is_empty() {
                    out.push(hint(
                        t.span.end,
                        format!("pp. {}", pages_label(&topic.pages)),
                    ));
                }
            }
        }
    }
    out
}
