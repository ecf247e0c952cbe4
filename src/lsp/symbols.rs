//! `textDocument/documentSymbol`: letter → sections → disputed items → fields.

use super::position::Positions;
use crate::model::{Item, Letter, Model, SectionKind};
use crate::parser::collapse;
use tower_lsp_server::ls_types::{DocumentSymbol, SymbolKind};

pub fn document_symbols(
    model: &Model,
    text_of: &dyn Fn(crate::model::Span) -> String,
    p: &Positions,
) -> Vec<DocumentSymbol> {
    match model.letters.as_slice() {
        [] => Vec::new(),
        // One letter: its sections are the top level, as a reviewer thinks of the file.
        [one] => letter_children(one, text_of, p),
        many => many
            .iter()
            .enumerate()
            .map(|(n, l)| letter_symbol(n, l, text_of, p))
            .collect(),
    }
}

#[allow(deprecated)] // `deprecated` is a required field of the struct.
fn symbol(
    name: String,
    detail: Option<String>,
    kind: SymbolKind,
    range: tower_lsp_server::ls_types::Range,
    selection: tower_lsp_server::ls_types::Range,
    children: Vec<DocumentSymbol>,
) -> DocumentSymbol {
    DocumentSymbol {
        // Editors reject empty names.
        name: if name.is_empty() {
            "(untitled)".to_string()
        } else {
            name
        },
        detail,
        kind,
        tags: None,
        deprecated: None,
        range,
        selection_range: selection,
        children: if children.is_empty() {
            None
        } else {
            Some(children)
        },
    }
}

fn letter_symbol(
    n: usize,
    l: &Letter,
    text_of: &dyn Fn(crate::model::Span) -> String,
    p: &Positions,
) -> DocumentSymbol {
    let name = l
        .header
        .case_number
        .as_ref()
        .map(|c| c.text.clone())
        .unwrap_or_else(|| format!("Letter {}", n + 1));
    let selection = l
        .header
        .case_number
        .as_ref()
        .map(|c| c.span)
        .or_else(|| l.sections.first().map(|s| s.heading))
        .unwrap_or(l.span);
    let items = l.items.len();
    symbol(
        name,
        Some(format!("{items} item{}", if items == 1 { "" } else { "s" })),
        SymbolKind::MODULE,
        p.range(l.span),
        p.range(selection),
        letter_children(l, text_of, p),
    )
}

fn letter_children(
    l: &Letter,
    text_of: &dyn Fn(crate::model::Span) -> String,
    p: &Positions,
) -> Vec<DocumentSymbol> {
    let mut out = Vec::with_capacity(l.sections.len());
    for s in &l.sections {
        let items: Vec<DocumentSymbol> = l
            .items
            .iter()
            .filter(|i| {
                s.span.start <= i.span.start && i.span.start < s.span.end.max(s.span.start + 1)
            })
            .map(|i| item_symbol(i, p))
            .collect();
        let detail = (s.kind == SectionKind::Issues).then(|| {
            format!(
                "{} item{}",
                items.len(),
                if items.len() == 1 { "" } else { "s" }
            )
        });
        out.push(symbol(
            collapse(&text_of(s.heading)),
            detail,
            SymbolKind::NAMESPACE,
            p.range(s.span),
            p.range(s.heading),
            items,
        ));
    }
    out
}

fn item_symbol(i: &Item, p: &Positions) -> DocumentSymbol {
    let fields = i
        .fields
        .iter()
        .map(|f| {
            let span = crate::model::Span::new(f.label.start, f.body.end.max(f.label.end));
            symbol(
                f.kind.label().to_string(),
                f.no_evidence
                    .then(|| "no medical evidence cited".to_string()),
                SymbolKind::FIELD,
                p.range(span),
                p.range(f.label),
                Vec::new(),
            )
        })
        .collect();
    let selection = i.title_span_or_label();
    symbol(
        i.title.clone(),
        Some(i.decision.kind.label().to_string()),
        SymbolKind::CLASS,
        p.range(i.span),
        p.range(selection),
        fields,
    )
}
