//! Model findings → LSP diagnostics (`source` "imr", `code` the rule code).

use super::position::Positions;
use crate::rules::{Diagnostic, RuleConfig, Severity};
use tower_lsp_server::ls_types::{
    self as lsp, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, Uri,
};

pub fn to_lsp(
    diags: impl Iterator<Item = Diagnostic>,
    config: &RuleConfig,
    uri: &Uri,
    p: &Positions,
) -> Vec<lsp::Diagnostic> {
    let mut all: Vec<Diagnostic> = diags.collect();
    config.apply(&mut all);
    all.into_iter()
        .map(|d| lsp::Diagnostic {
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
            message: d.message,
            related_information: d.related.map(|r| {
                vec![DiagnosticRelatedInformation {
                    location: Location {
                        uri: uri.clone(),
                        range: p.range(r.span),
                    },
                    message: r.message,
                }]
            }),
            tags: None,
            data: None,
        })
        .collect()
}
