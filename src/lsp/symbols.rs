//! `textDocument/documentSymbol`.
//!
//! One letter (a reviewer's draft): sections → disputed items → fields.
//! Several letters (a QA batch): letter → disputed items. Section headings and fields repeat in
//! every letter and would make a 1,000-letter outline 22,000 symbols (2.7 MB, ~100 ms and ~60 MB
//! for tower-lsp to turn into JSON); letters and items are what a batch is navigated by.

use super::position::Positions;
use crate::model::{DecisionKind, Field, Item, Letter, Model, SectionKind};
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
            .map(|(n, l)| letter_symbol(n, l, p))
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

fn letter_symbol(n: usize, l: &Letter, p: &Positions) -> DocumentSymbol {
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
    let overturned = l
        .items
        .iter()
        .filter(|i| i.decision.kind == DecisionKind::Overturned)
        .count();
    let mut detail = format!("{items} item{}", if items == 1 { "" } else { "s" });
    if overturned > 0 {
        detail.push_str(&format!(" · {overturned} overturned"));
    }
    symbol(
        name,
        Some(detail),
        SymbolKind::MODULE,
        p.range(l.span),
        p.range(selection),
        l.items.iter().map(|i| item_symbol(i, false, p)).collect(),
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
            .map(|i| item_symbol(i, true, p))
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

fn item_symbol(i: &Item, with_fields: bool, p: &Positions) -> DocumentSymbol {
    let fields = if with_fields {
        i.fields.iter().map(|f| field_symbol(f, p)).collect()
    } else {
        Vec::new()
    };
    let selection = i.title_span_or_label();
    // A partial authorisation's item line is a paragraph: name it by the request as written
    // and show the part the decision is about beside it.
    let name = i
        .original_request
        .as_ref()
        .map_or(i.title.as_str(), |r| r.text.as_str());
    let detail = match &i.eligible_portion {
        Some(p) => format!("{} · eligible: {}", i.decision.kind.label(), p.text),
        None => i.decision.kind.label().to_string(),
    };
    symbol(
        shorten(name, MAX_NAME),
        Some(detail),
        SymbolKind::CLASS,
        p.range(i.span),
        p.range(selection),
        fields,
    )
}

/// Outline names longer than this are cut at a word, so the outline stays readable.
const MAX_NAME: usize = 160;

fn shorten(name: &str, max: usize) -> String {
    if name.chars().count() <= max {
        return name.to_string();
    }
    let cut: String = name.chars().take(max - 1).collect();
    let cut = match cut.rfind(' ') {
        Some(at) if at > max / 2 => &cut[..at],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end_matches([',', ' ']))
}

fn field_symbol(f: &Field, p: &Positions) -> DocumentSymbol {
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lsp::document::Document;
    use crate::lsp::position::Encoding;

    fn outline(text: &str) -> Vec<DocumentSymbol> {
        let doc = Document::new(text, 1);
        let text_of = |s: crate::model::Span| text[s.start..s.end].to_string();
        document_symbols(&doc.model, &text_of, &doc.positions(Encoding::Utf16))
    }

    fn seed(name: &str) -> String {
        std::fs::read_to_string(format!(
            "{}/tests/fixtures/letters/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    }

    #[test]
    fn one_letter_is_sections_items_fields() {
        let syms = outline(&seed("001_2a130b5553485fce.txt"));
        assert!(syms.iter().all(|s| s.kind == SymbolKind::NAMESPACE));
        let issues = syms
            .iter()
            .find(|s| s.detail.as_deref().is_some_and(|d| d.ends_with("items")))
            .expect("an issues section");
        let items = issues.children.as_ref().unwrap();
        assert!(items.iter().all(|i| i.kind == SymbolKind::CLASS));
        assert!(items.iter().all(|i| i
            .children
            .as_ref()
            .is_some_and(|f| f.iter().all(|f| f.kind == SymbolKind::FIELD))));
    }

    #[test]
    fn partial_items_are_named_by_the_request_with_the_eligible_part_beside() {
        use crate::rules::testing::{item, letter};
        let text = letter(&item(
            "Cyclobenzaprine 7.5mg #90 was the original request. Cyclobenzaprine 7.5mg #63 was\nauthorized by the Claims Administrator. The remaining IMR eligible portion of the\noriginal request, Cyclobenzaprine 7.5mg #27 is",
            "Upheld",
            "As such, the request is not medically necessary.",
        ));
        let syms = outline(&text);
        let item = &syms.last().unwrap().children.as_ref().unwrap()[0];
        assert_eq!(item.name, "Cyclobenzaprine 7.5mg #90");
        assert_eq!(
            item.detail.as_deref(),
            Some("Upheld · eligible: Cyclobenzaprine 7.5mg #27")
        );
        let long = "word ".repeat(60);
        let short = shorten(long.trim(), MAX_NAME);
        assert!(short.chars().count() <= MAX_NAME && short.ends_with("word…"));
    }

    #[test]
    fn several_letters_are_letters_and_items() {
        let (a, b) = (
            seed("001_2a130b5553485fce.txt"),
            seed("003_7763e284d3bf24d4.txt"),
        );
        let syms = outline(&format!("{a}\n{b}"));
        assert_eq!(syms.len(), 2);
        for (n, s) in syms.iter().enumerate() {
            assert_eq!(s.kind, SymbolKind::MODULE);
            assert!(
                s.name == format!("Letter {}", n + 1) || s.name.starts_with("CM"),
                "named by case number: {}",
                s.name
            );
            let items = s.children.as_ref().expect("items");
            assert!(!items.is_empty());
            for i in items {
                assert_eq!(i.kind, SymbolKind::CLASS);
                assert!(i.children.is_none(), "no fields in a batch outline");
                assert!(matches!(i.detail.as_deref(), Some("Upheld" | "Overturned")));
            }
            assert!(s
                .detail
                .as_deref()
                .unwrap()
                .starts_with(&format!("{} item", items.len())));
        }
    }
}
