//! Guideline citations in the editor: hover, document links and inlay hints.

use super::position::Positions;
use crate::catalog::cite::{resolve, Resolved};
use crate::catalog::{pages_label, Access, Catalog, Guideline, Topic};
use crate::model::{Citation, Item, Model, Span};
use tower_lsp_server::ls_types::{DocumentLink, InlayHint, InlayHintKind, InlayHintLabel, Uri};

/// Every citation of the letters overlapping `range`, with its item.
pub fn citations_in(model: &Model, range: Span) -> impl Iterator<Item = (&Item, &Citation)> {
    model
        .letters
        .iter()
        .filter(move |l| l.span.start <= range.end && range.start <= l.span.end)
        .flat_map(|l| &l.items)
        .flat_map(|i| {
            i.fields
                .iter()
                .filter(|f| f.kind.cites_guidelines())
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

fn link_line(catalog: &Catalog, g: &Guideline, page: Option<u32>) -> String {
    let link = match page {
        Some(p) => catalog.page_link(g, p),
        None => g.url.clone(),
    };
    let Some(url) = link else {
        return "\nNo public link: configure the organisation's copy in `.imr/guidelines.toml`.\n"
            .to_string();
    };
    let mut md = match (g.access, page) {
        (Access::Public, Some(p)) => format!("\n[Open page {p}]({url})"),
        (Access::Public, None) => format!("\n[Open the guideline]({url})"),
        _ => format!("\n[Landing page]({url}), needs a licence or subscription"),
    };
    if let Some(n) = &g.licence_note {
        if g.access != Access::Public {
            md.push_str(&format!(": {n}"));
        }
    }
    md.push('\n');
    if !g.url_verified {
        md.push_str("\n_This link has not been checked against the live site yet._\n");
    }
    md
}

/// Hover markdown for the citation part under `offset`.
pub fn hover(catalog: &Catalog, c: &Citation, r: &Resolved, offset: usize) -> (String, Span) {
    let Some((gi, gspan)) = r.guideline else {
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
        md.push_str(&link_line(catalog, g, Some(p.first)));
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
        md.push_str(&link_line(catalog, g, first));
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
    md.push_str(&link_line(catalog, g, first_page));
    let span = if within(gspan) { gspan } else { c.span };
    (md, span)
}

/// A link for every citation part with a URL: the guideline name, each page, each topic.
/// `tooltips`: the client declared `documentLink.tooltipSupport` (others must not get one).
pub fn links(
    model: &Model,
    catalog: &Catalog,
    text_of: &dyn Fn(Span) -> String,
    p: &Positions,
    uri_ok: &dyn Fn(&str) -> Option<Uri>,
    tooltips: bool,
) -> Vec<DocumentLink> {
    let mut out = Vec::new();
    let all = Span::new(0, usize::MAX);
    for (_, c) in citations_in(model, all) {
        let r = resolve(catalog, c, &text_of(c.span));
        let Some((gi, gspan)) = r.guideline else {
            continue;
        };
        let g = &catalog.guidelines[gi];
        let mut push = |span: Span, url: Option<String>, tip: String| {
            if let Some(target) = url.as_deref().and_then(uri_ok) {
                out.push(DocumentLink {
                    range: p.range(span),
                    target: Some(target),
                    tooltip: tooltips.then_some(tip),
                    data: None,
                });
            }
        };
        push(gspan, g.url.clone(), format!("{} ({})", g.title, g.edition));
        for page in &r.pages {
            push(
                page.span,
                catalog.page_link(g, page.first),
                format!("{}, page {}", g.short, page.first),
            );
        }
        for t in &r.topics {
            let topic = &g.topics[t.topic];
            if let Some(&(first, _)) = topic.pages.first() {
                push(
                    t.span,
                    catalog.page_link(g, first),
                    format!("{}: {}, p. {first}", g.short, topic.name),
                );
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
