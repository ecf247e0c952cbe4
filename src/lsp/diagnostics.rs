//! Model findings → LSP diagnostics (`source` "imr", `code` the rule code) and their quick fixes.

use super::position::Positions;
use crate::model::Span;
use crate::rules::{Diagnostic, RuleConfig, Severity};
use std::collections::HashMap;
use tower_lsp_server::ls_types::{
    self as lsp, CodeAction, CodeActionKind, CodeActionOrCommand, DiagnosticRelatedInformation,
    DiagnosticSeverity, Location, NumberOrString, TextEdit, Uri, WorkspaceEdit,
};

/// The findings as the user configured them (disabled rules dropped, severities changed).
fn configured<'a>(
    diags: impl Iterator<Item = &'a Diagnostic>,
    config: &RuleConfig,
) -> Vec<Diagnostic> {
    let mut all: Vec<Diagnostic> = diags.cloned().collect();
    config.apply(&mut all);
    all
}

fn one(d: &Diagnostic, uri: &Uri, p: &Positions) -> lsp::Diagnostic {
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

pub fn to_lsp<'a>(
    diags: impl Iterator<Item = &'a Diagnostic>,
    config: &RuleConfig,
    uri: &Uri,
    p: &Positions,
) -> Vec<lsp::Diagnostic> {
    configured(diags, config)
        .iter()
        .map(|d| one(d, uri, p))
        .collect()
}

/// Quick fixes of the findings that touch `range`.
pub fn code_actions<'a>(
    diags: impl Iterator<Item = &'a Diagnostic>,
    config: &RuleConfig,
    range: Span,
    uri: &Uri,
    p: &Positions,
) -> Vec<CodeActionOrCommand> {
    let mut out = Vec::new();
    for d in configured(diags, config) {
        if d.span.end < range.start || range.end < d.span.start {
            continue;
        }
        for (n, fix) in d.fixes.iter().enumerate() {
            let edit = TextEdit {
                range: p.range(fix.span),
                new_text: fix.replacement.clone(),
            };
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: fix.title.clone(),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![one(&d, uri, p)]),
                edit: Some(WorkspaceEdit {
                    changes: Some(HashMap::from([(uri.clone(), vec![edit])])),
                    ..WorkspaceEdit::default()
                }),
                command: None,
                is_preferred: Some(n == 0),
                disabled: None,
                data: None,
            }));
        }
    }
    out
}
