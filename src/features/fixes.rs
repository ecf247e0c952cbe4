//! The findings as the user configured them, and their quick fixes.

use super::Doc;
use crate::model::Span;
use crate::rules::{Diagnostic, Fix, RuleConfig};

/// Every finding of the document with the user's settings applied (disabled rules dropped,
/// severities changed).
pub fn findings(doc: &Doc, config: &RuleConfig) -> Vec<Diagnostic> {
    let mut all: Vec<Diagnostic> = doc.analysis.findings().cloned().collect();
    config.apply(&mut all);
    all
}

/// A quick fix and the finding it resolves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuickFix {
    pub finding: Diagnostic,
    pub fix: Fix,
    /// The first fix of its finding: what an editor applies on its own.
    pub preferred: bool,
}

/// The quick fixes of the findings that touch `range`.
pub fn quick_fixes(doc: &Doc, config: &RuleConfig, range: Span) -> Vec<QuickFix> {
    let mut out = Vec::new();
    for d in findings(doc, config) {
        if !d.span.meets(range) {
            continue;
        }
        for (n, fix) in d.fixes.iter().enumerate() {
            out.push(QuickFix {
                finding: d.clone(),
                fix: fix.clone(),
                preferred: n == 0,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::fixture::{letter, Fixture};

    #[test]
    fn a_misspelt_decision_offers_the_nearest() {
        let f = Fixture::new(&letter(
            "Norco 5/325 mg #30: Uphold
                     ^^^^^^
Claims Administrator guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009.
MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009.
Decision rationale: The request for Norco is not medically necessary.
",
        ));
        let fixes: Vec<String> = quick_fixes(&f.doc(), &RuleConfig::default(), f.range())
            .iter()
            .map(|q| {
                format!(
                    "{} [{}] «{}» → {:?}{}",
                    q.finding.code,
                    q.fix.title,
                    f.slice(q.fix.span),
                    q.fix.replacement,
                    if q.preferred { " (preferred)" } else { "" }
                )
            })
            .collect();
        insta::assert_debug_snapshot!(fixes, @r#"
            [
                "unknown-decision [Change to \"Upheld\"] «Uphold» → \"Upheld\" (preferred)",
                "unknown-decision [Change to \"Overturned\"] «Uphold» → \"Overturned\"",
            ]
        "#);
    }

    #[test]
    fn disabled_rules_offer_nothing() {
        let f = Fixture::new(&letter(
            "Norco 5/325 mg #30: Uphold
                     ^^^^^^
MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009.
Decision rationale: The request for Norco is not medically necessary.
",
        ));
        let config = RuleConfig {
            disabled: vec!["unknown-decision".to_string()],
            ..RuleConfig::default()
        };
        assert!(quick_fixes(&f.doc(), &config, f.range()).is_empty());
        assert!(findings(&f.doc(), &config)
            .iter()
            .all(|d| d.code != "unknown-decision"));
    }
}
