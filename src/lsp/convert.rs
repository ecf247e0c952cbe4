//! The edge: feature answers (byte ranges, plain values) → LSP types, in the negotiated encoding.
//! No feature logic lives here.

use super::indexer::FileRef;
use super::position::{Encoding, Positions};
use crate::features::completion::{Completion, CompletionKind};
use crate::features::fixes::QuickFix;
use crate::features::hover::HoverDoc;
use crate::features::inlay::Hint;
use crate::features::links::Link;
use crate::features::symbols::{Symbol, SymbolKind};
use crate::model::Span;
use crate::rules::{Diagnostic, Severity};
use crate::workspace::summary::{Decision, Finding, Loc, LocRange};
use crate::workspace::symbols::Hit;
use std::collections::HashMap;
use tower_lsp_server::ls_types::{
    self as lsp, CodeAction, CodeActionKind, CodeActionOrCommand, CompletionItem,
    CompletionItemKind, DiagnosticRelatedInformation, DiagnosticSeverity, DocumentLink,
    DocumentSymbol, Documentation, FoldingRange, FoldingRangeKind, Hover, HoverContents, InlayHint,
    InlayHintKind, InlayHintLabel, Location, MarkupContent, MarkupKind, NumberOrString,
    SelectionRange, SymbolInformation, TextEdit, Uri, WorkspaceEdit,
};

#[allow(deprecated)] // `deprecated` is a required field of the struct.
pub fn symbol(s: Symbol, p: &Positions) -> DocumentSymbol {
    DocumentSymbol {
        // Editors reject empty names.
        name: if s.name.is_empty() {
            "(untitled)".to_string()
        } else {
            s.name
        },
        detail: s.detail,
        kind: match s.kind {
            SymbolKind::Letter => lsp::SymbolKind::MODULE,
            SymbolKind::Section => lsp::SymbolKind::NAMESPACE,
            SymbolKind::Item => lsp::SymbolKind::CLASS,
            SymbolKind::Field => lsp::SymbolKind::FIELD,
        },
        tags: None,
        deprecated: None,
        range: p.range(s.span),
        selection_range: p.range(s.selection),
        children: if s.children.is_empty() {
            None
        } else {
            Some(s.children.into_iter().map(|c| symbol(c, p)).collect())
        },
    }
}

pub fn hover(h: HoverDoc, p: &Positions) -> Hover {
    Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: h.markdown,
        }),
        range: h.span.map(|s| p.range(s)),
    }
}

/// A link, when its target is a URI; the tooltip only for clients that declared support for it.
pub fn link(l: Link, p: &Positions, tooltips: bool) -> Option<DocumentLink> {
    Some(DocumentLink {
        range: p.range(l.span),
        target: Some(l.target.parse::<Uri>().ok()?),
        tooltip: tooltips.then_some(l.tooltip),
        data: None,
    })
}

pub fn inlay_hint(h: Hint, p: &Positions) -> InlayHint {
    InlayHint {
        position: p.position(h.at),
        label: InlayHintLabel::String(h.label),
        kind: Some(InlayHintKind::PARAMETER),
        text_edits: None,
        tooltip: None,
        padding_left: Some(true),
        padding_right: None,
        data: None,
    }
}

/// A folding range, when the span covers more than one line.
pub fn fold(span: Span, p: &Positions) -> Option<FoldingRange> {
    let r = p.range(span);
    (r.end.line > r.start.line).then_some(FoldingRange {
        start_line: r.start.line,
        start_character: None,
        end_line: r.end.line,
        end_character: None,
        kind: Some(FoldingRangeKind::Region),
        collapsed_text: None,
    })
}

/// The selection chain (innermost first) around `offset`.
pub fn selection_range(chain: &[Span], offset: usize, p: &Positions) -> SelectionRange {
    let mut parent: Option<Box<SelectionRange>> = None;
    for s in chain.iter().rev() {
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

pub fn completion(c: Completion) -> CompletionItem {
    CompletionItem {
        label: c.label,
        kind: Some(match c.kind {
            CompletionKind::Guideline => CompletionItemKind::MODULE,
            CompletionKind::Topic => CompletionItemKind::REFERENCE,
        }),
        detail: Some(c.detail),
        documentation: c.documentation.map(|value| {
            Documentation::MarkupContent(MarkupContent {
                kind: MarkupKind::Markdown,
                value,
            })
        }),
        insert_text: Some(c.insert),
        filter_text: Some(c.filter),
        sort_text: Some(c.sort),
        ..CompletionItem::default()
    }
}

pub fn diagnostic(d: &Diagnostic, uri: &Uri, p: &Positions) -> lsp::Diagnostic {
    lsp::Diagnostic {
        range: p.range(d.span),
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Information => DiagnosticSeverity::INFORMATION,
            Severity::Hint => DiagnosticSeverity::HINT,
        }),
        code: Some(NumberOrString::String(d.code.to_string())),
        code_description: None,
        source: Some("imr".to_string()),
        message: d.message.clone(),
        related_information: d.related.as_ref().map(|r| {
            vec![DiagnosticRelatedInformation {
                location: Location {
                    uri: uri.clone(),
                    range: p.range(r.span),
                },
                message: r.message.clone(),
            }]
        }),
        tags: None,
        data: None,
    }
}

pub fn code_action(q: QuickFix, uri: &Uri, p: &Positions) -> CodeActionOrCommand {
    let edit = TextEdit {
        range: p.range(q.fix.span),
        new_text: q.fix.replacement,
    };
    CodeActionOrCommand::CodeAction(CodeAction {
        title: q.fix.title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![diagnostic(&q.finding, uri, p)]),
        edit: Some(WorkspaceEdit {
            changes: Some(HashMap::from([(uri.clone(), vec![edit])])),
            ..WorkspaceEdit::default()
        }),
        command: None,
        is_preferred: Some(q.preferred),
        disabled: None,
        data: None,
    })
}

// The workspace index: summaries keep line/column places (both encodings), not byte offsets.

/// A place from the index, in the negotiated encoding.
pub fn loc_range(r: LocRange, enc: Encoding) -> lsp::Range {
    let pos = |l: Loc| {
        lsp::Position::new(
            l.line,
            match enc {
                Encoding::Utf8 => l.utf8,
                Encoding::Utf16 => l.utf16,
            },
        )
    };
    lsp::Range::new(pos(r.start), pos(r.end))
}

/// A disputed item as a workspace symbol: named by its request, in a container that says the
/// decision, the case number and the file; the kind tells upheld from overturned at a glance.
#[allow(deprecated)] // `deprecated` is a required field of the struct.
pub fn workspace_symbol(hit: &Hit<FileRef>, uri: Uri, enc: Encoding) -> SymbolInformation {
    let item = hit.item;
    let mut container = vec![item.decision.label().to_string()];
    container.extend(hit.letter.case_number.as_deref().map(str::to_string));
    container.push(hit.file.name());
    SymbolInformation {
        name: if item.title.is_empty() {
            "(untitled)".to_string()
        } else {
            item.title.to_string()
        },
        kind: match item.decision {
            Decision::Upheld => lsp::SymbolKind::CONSTANT,
            Decision::Overturned => lsp::SymbolKind::EVENT,
            Decision::Undecided => lsp::SymbolKind::CLASS,
        },
        tags: None,
        deprecated: None,
        location: Location {
            uri,
            range: loc_range(item.range, enc),
        },
        container_name: Some(container.join(" · ")),
    }
}

/// A finding of a file that is not open, as `diagnostic` makes it for an open one.
pub fn finding(f: &Finding, uri: &Uri, enc: Encoding) -> lsp::Diagnostic {
    lsp::Diagnostic {
        range: loc_range(f.range, enc),
        severity: Some(severity(f.severity)),
        code: Some(NumberOrString::String(f.code.to_string())),
        code_description: None,
        source: Some("imr".to_string()),
        message: f.message.to_string(),
        related_information: f.related.as_ref().map(|(r, message)| {
            vec![DiagnosticRelatedInformation {
                location: Location {
                    uri: uri.clone(),
                    range: loc_range(*r, enc),
                },
                message: message.to_string(),
            }]
        }),
        tags: None,
        data: None,
    }
}

fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Information => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

/// The result id of a diagnostics report: a digest of what it holds, so a report the client
/// already has is answered `unchanged` whatever happened in between.
pub fn result_id(diags: &[lsp::Diagnostic]) -> String {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    serde_json::to_string(diags)
        .unwrap_or_default()
        .hash(&mut h);
    format!("{:016x}", h.finish())
}
