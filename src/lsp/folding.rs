//! `textDocument/foldingRange` for sections and items, and `selectionRange` chains.

use super::position::Positions;
use crate::model::{Model, Span};
use tower_lsp_server::ls_types::{FoldingRange, FoldingRangeKind, SelectionRange};

pub fn folding_ranges(model: &Model, p: &Positions) -> Vec<FoldingRange> {
    let mut out = Vec::new();
    let push = |span: Span, out: &mut Vec<FoldingRange>| {
        let r = p.range(span);
        if r.end.line > r.start.line {
            out.push(FoldingRange {
                start_line: r.start.line,
                start_character: None,
                end_line: r.end.line,
                end_character: None,
                kind: Some(FoldingRangeKind::Region),
                collapsed_text: None,
            });
        }
    };
    for l in &model.letters {
        if model.letters.len() > 1 {
            push(l.span, &mut out);
        }
        for s in &l.sections {
            push(s.span, &mut out);
        }
        for i in &l.items {
            push(i.span, &mut out);
        }
    }
    out
}

/// The nested spans around `offset`, innermost first: field → item → section → letter.
pub fn enclosing(model: &Model, offset: usize) -> Vec<Span> {
    let mut chain = Vec::new();
    let Some(l) = model
        .letters
        .iter()
        .find(|l| l.span.start <= offset && offset <= l.span.end)
    else {
        return chain;
    };
    let within = |s: Span| s.start <= offset && offset <= s.end;
    if let Some(i) = l.items.iter().find(|i| within(i.span)) {
        if let Some(f) = i
            .fields
            .iter()
            .find(|f| within(Span::new(f.label.start, f.body.end.max(f.label.end))))
        {
            if within(f.body) && !f.body.is_empty() {
                chain.push(f.body);
            }
            chain.push(Span::new(f.label.start, f.body.end.max(f.label.end)));
        } else if within(i.title_span) && !i.title_span.is_empty() {
            chain.push(i.title_span);
        }
        chain.push(i.span);
    }
    if let Some(s) = l.sections.iter().find(|s| within(s.span)) {
        chain.push(s.span);
    }
    chain.push(l.span);
    chain.dedup();
    chain
}

pub fn selection_range(model: &Model, offset: usize, p: &Positions) -> SelectionRange {
    let spans = enclosing(model, offset);
    let mut parent: Option<Box<SelectionRange>> = None;
    for s in spans.iter().rev() {
        parent = Some(Box::new(SelectionRange {
            range: p.range(*s),
            parent,
        }));
    }
    match parent {
        Some(b) => *b,
        None => SelectionRange {
            range: p.range(Span::new(offset, offset)),
            parent: None,
        },
    }
}
