//! The edge: feature answers (byte ranges, plain values) → LSP types, in the negotiated encoding.
//! No feature logic lives here.

use super::indexer::FileRef;
use super::position::{Encoding, Positions};
use crate::features::codelens::{Lens, LensAction};
use crate::features::completion::{Completion, CompletionKind};
use crate::features::definition::Definition;
use crate::features::fixes::QuickFix;
use crate::features::hover::HoverDoc;
use crate::features::inlay::Hint;
use crate::features::links::Link;
use crate::features::semantic::{Token, TokenKind};
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
    InlayHintKind, InlayHintLabel, InsertTextFormat, Location, MarkupContent, MarkupKind,
    NumberOrString, SelectionRange, SymbolInformation, TextEdit, Uri, WorkspaceEdit,
};
use tower_lsp_server::ls_types::{
    CodeLens, Command, GotoDefinitionResponse, LocationLink, SemanticToken, SemanticTokenModifier,
    SemanticTokenType, SemanticTokensEdit, SemanticTokensLegend,
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

/// A completion item; templates as snippets with tab stops when the client takes snippets.
pub fn completion(c: Completion, snippets: bool) -> CompletionItem {
    let (insert, format) = match c.snippet {
        Some(s) if snippets => (s, InsertTextFormat::SNIPPET),
        _ => (c.insert, InsertTextFormat::PLAIN_TEXT),
    };
    CompletionItem {
        label: c.label,
        kind: Some(match c.kind {
            CompletionKind::Guideline => CompletionItemKind::MODULE,
            CompletionKind::Topic => CompletionItemKind::REFERENCE,
            CompletionKind::Template => CompletionItemKind::SNIPPET,
        }),
        detail: Some(c.detail),
        // Plain text: not every client takes markdown here (Emacs declares none).
        documentation: c.documentation.map(Documentation::String),
        insert_text: Some(insert),
        insert_text_format: Some(format),
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

/// The command a clickable lens runs: the editors' next-item command (VS Code registers it; the
/// Neovim plugin handles it in `vim.lsp.commands`).
pub const NEXT_ITEM_COMMAND: &str = "imr.nextItem";

/// A lens with its command; a lens that only informs gets the empty command, which editors show
/// as plain text and do nothing with.
pub fn code_lens(l: Lens, p: &Positions) -> CodeLens {
    let command = match l.action {
        LensAction::None => "",
        LensAction::NextItem => NEXT_ITEM_COMMAND,
    };
    CodeLens {
        range: p.range(l.span),
        command: Some(Command {
            title: l.title,
            command: command.to_string(),
            arguments: None,
        }),
        data: None,
    }
}

/// The semantic token types the server sends, by legend index: standard types, so themes
/// colour letters with no configuration.
pub const TOKEN_TYPES: &[SemanticTokenType] = &[
    SemanticTokenType::KEYWORD,     // decision words
    SemanticTokenType::NAMESPACE,   // section headings
    SemanticTokenType::PROPERTY,    // field and header labels
    SemanticTokenType::TYPE,        // guideline names
    SemanticTokenType::ENUM_MEMBER, // topics
    SemanticTokenType::NUMBER,      // pages
    SemanticTokenType::VARIABLE,    // case numbers
    SemanticTokenType::STRING,      // dates
    SemanticTokenType::COMMENT,     // placeholders
];

/// Modifiers, by bit: the two decisions, a case number's `readonly`, and `placeholder`.
pub fn token_modifiers() -> Vec<SemanticTokenModifier> {
    vec![
        SemanticTokenModifier::new("upheld"),
        SemanticTokenModifier::new("overturned"),
        SemanticTokenModifier::READONLY,
        SemanticTokenModifier::new("placeholder"),
    ]
}

pub fn semantic_legend() -> SemanticTokensLegend {
    SemanticTokensLegend {
        token_types: TOKEN_TYPES.to_vec(),
        token_modifiers: token_modifiers(),
    }
}

/// (type index, modifier bits) of a token kind, per the legend above.
fn token_type(kind: TokenKind) -> (u32, u32) {
    const UPHELD: u32 = 1;
    const OVERTURNED: u32 = 1 << 1;
    const READONLY: u32 = 1 << 2;
    const PLACEHOLDER: u32 = 1 << 3;
    match kind {
        TokenKind::Upheld => (0, UPHELD),
        TokenKind::Overturned => (0, OVERTURNED),
        TokenKind::OtherDecision => (0, 0),
        TokenKind::Heading => (1, 0),
        TokenKind::Label => (2, 0),
        TokenKind::Guideline => (3, 0),
        TokenKind::Topic => (4, 0),
        TokenKind::Page => (5, 0),
        TokenKind::CaseNumber => (6, READONLY),
        TokenKind::Date => (7, 0),
        TokenKind::Placeholder => (8, PLACEHOLDER),
    }
}

/// Tokens (in order, each within one line) as LSP's relative encoding, with lengths and
/// columns in the negotiated encoding.
pub fn semantic_tokens(tokens: &[Token], p: &Positions) -> Vec<SemanticToken> {
    let mut out = Vec::with_capacity(tokens.len());
    let (mut line, mut col) = (0, 0);
    for t in tokens {
        let start = p.position(t.span.start);
        let end = p.position(t.span.end);
        if end.line != start.line || end.character <= start.character {
            continue;
        }
        let (token_type, token_modifiers_bitset) = token_type(t.kind);
        let delta_line = start.line - line;
        out.push(SemanticToken {
            delta_line,
            delta_start: if delta_line == 0 {
                start.character - col
            } else {
                start.character
            },
            length: end.character - start.character,
            token_type,
            token_modifiers_bitset,
        });
        (line, col) = (start.line, start.character);
    }
    out
}

/// Where a mention leads: a link (with the mention underlined) for clients that take links,
/// else the item's title.
pub fn definition(d: Definition, uri: &Uri, p: &Positions, links: bool) -> GotoDefinitionResponse {
    if links {
        GotoDefinitionResponse::Link(vec![LocationLink {
            origin_selection_range: Some(p.range(d.origin)),
            target_uri: uri.clone(),
            target_range: p.range(d.item),
            target_selection_range: p.range(d.title),
        }])
    } else {
        GotoDefinitionResponse::Scalar(Location {
            uri: uri.clone(),
            range: p.range(d.title),
        })
    }
}

/// The one edit that turns the `old` tokens into the `new` ones: the changed run between their
/// common start and common end (offsets count integers, five per token). `None` when equal.
pub fn token_edit(old: &[SemanticToken], new: &[SemanticToken]) -> Option<SemanticTokensEdit> {
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let (old_rest, new_rest) = (&old[prefix..], &new[prefix..]);
    let suffix = old_rest
        .iter()
        .rev()
        .zip(new_rest.iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let deleted = old_rest.len() - suffix;
    let inserted = &new_rest[..new_rest.len() - suffix];
    if deleted == 0 && inserted.is_empty() {
        return None;
    }
    Some(SemanticTokensEdit {
        start: (prefix * 5) as u32,
        delete_count: (deleted * 5) as u32,
        data: Some(inserted.to_vec()),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn tok(delta_line: u32, length: u32) -> SemanticToken {
        SemanticToken {
            delta_line,
            delta_start: 0,
            length,
            token_type: 0,
            token_modifiers_bitset: 0,
        }
    }

    /// Applies an edit the way a client does, on the flattened integers.
    fn apply(old: &[SemanticToken], e: &SemanticTokensEdit) -> Vec<u32> {
        let flat = |t: &[SemanticToken]| -> Vec<u32> {
            t.iter()
                .flat_map(|t| {
                    [
                        t.delta_line,
                        t.delta_start,
                        t.length,
                        t.token_type,
                        t.token_modifiers_bitset,
                    ]
                })
                .collect()
        };
        let mut v = flat(old);
        let (s, d) = (e.start as usize, e.delete_count as usize);
        v.splice(s..s + d, flat(e.data.as_deref().unwrap_or(&[])));
        v
    }

    #[test]
    fn one_edit_over_the_changed_middle() {
        let old = [tok(0, 1), tok(1, 2), tok(1, 3), tok(2, 4)];
        let new = [tok(0, 1), tok(1, 9), tok(1, 9), tok(1, 3), tok(2, 4)];
        let e = token_edit(&old, &new).unwrap();
        assert_eq!((e.start, e.delete_count), (5, 5));
        assert_eq!(e.data.as_ref().unwrap().len(), 2);
        let want: Vec<u32> = apply(
            &new,
            &SemanticTokensEdit {
                start: 0,
                delete_count: 0,
                data: None,
            },
        );
        assert_eq!(apply(&old, &e), want);
        assert_eq!(token_edit(&old, &old), None);
        // Everything removed, and a repeated token (prefix and suffix must not overlap).
        let e = token_edit(&old, &[]).unwrap();
        assert_eq!((e.start, e.delete_count), (0, 20));
        let same = [tok(1, 1), tok(1, 1)];
        let e = token_edit(&same, &same[..1]).unwrap();
        assert_eq!(
            apply(&same, &e),
            apply(
                &same[..1],
                &SemanticTokensEdit {
                    start: 0,
                    delete_count: 0,
                    data: None,
                }
            )
        );
    }
}
