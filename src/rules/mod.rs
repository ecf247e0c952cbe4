//! The checks a reviewer's draft must pass, one small module per rule.
//!
//! Each rule has a stable kebab-case code, a default severity, and reports the range of the
//! thing to fix. Rules read the model and the letter's text; they never see LSP types.

pub mod cite;
mod decision_conflict;
mod duplicate_item;
mod header_dates;
mod item_mismatch;
mod missing_decision;
mod missing_guideline;
mod missing_rationale;
mod missing_section;
mod no_conclusion;
mod no_items;
mod non_mtus_without_reason;
mod page_out_of_range;
mod placeholder;
mod topic_page_mismatch;
mod uncited_guideline;
mod unknown_decision;
mod unknown_guideline;

use crate::catalog::Catalog;
use crate::model::{Item, Letter, Model, Span};
use serde::Serialize;
use std::collections::HashMap;

/// How much a finding matters, as editors show it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Information,
    Hint,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information => "information",
            Severity::Hint => "hint",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s.to_ascii_lowercase().as_str() {
            "error" => Some(Severity::Error),
            "warning" | "warn" => Some(Severity::Warning),
            "information" | "info" => Some(Severity::Information),
            "hint" => Some(Severity::Hint),
            _ => None,
        }
    }
}

/// A second place that explains a finding (usually the item's title).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Related {
    pub span: Span,
    pub message: String,
}

/// A text replacement that resolves a finding (an editor's quick fix).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Fix {
    pub title: String,
    pub span: Span,
    pub replacement: String,
}

/// One finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    pub span: Span,
    pub related: Option<Related>,
    /// Quick fixes, best first.
    pub fixes: Vec<Fix>,
}

impl Diagnostic {
    pub fn shift(&mut self, delta: isize) {
        self.span.shift(delta);
        if let Some(r) = &mut self.related {
            r.span.shift(delta);
        }
        for f in &mut self.fixes {
            f.span.shift(delta);
        }
    }

    /// Adds a quick fix replacing `span` with `replacement`.
    pub fn with_fix(mut self, title: String, span: Span, replacement: &str) -> Self {
        self.fixes.push(Fix {
            title,
            span,
            replacement: replacement.to_string(),
        });
        self
    }
}

/// A rule's code, default severity and one-line summary (for the README and `--help`).
pub struct RuleInfo {
    pub code: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
}

/// Every rule, in the order they are documented.
pub const RULES: &[RuleInfo] = &[
    missing_section::INFO,
    no_items::INFO,
    missing_decision::INFO,
    unknown_decision::INFO,
    missing_rationale::INFO,
    missing_guideline::INFO,
    missing_guideline::CLAIMS_INFO,
    decision_conflict::INFO,
    no_conclusion::INFO,
    item_mismatch::INFO,
    duplicate_item::INFO,
    placeholder::INFO,
    unknown_guideline::INFO,
    page_out_of_range::INFO,
    topic_page_mismatch::INFO,
    header_dates::INFO,
    non_mtus_without_reason::INFO,
    uncited_guideline::INFO,
];

pub fn rule_info(code: &str) -> Option<&'static RuleInfo> {
    RULES.iter().find(|r| r.code == code)
}

/// What a rule sees: the letter and its text (`text` starts at byte `base` of the file).
pub struct Context<'a> {
    pub letter: &'a Letter,
    pub catalog: &'a Catalog,
    pub text: &'a str,
    pub base: usize,
}

impl<'a> Context<'a> {
    /// The text of an absolute span; empty if it falls outside this letter.
    pub fn get(&self, span: Span) -> &'a str {
        self.text
            .get(span.start.wrapping_sub(self.base)..span.end.wrapping_sub(self.base))
            .unwrap_or("")
    }

    /// A finding with the rule's default severity.
    pub fn diag(&self, info: &RuleInfo, span: Span, message: String) -> Diagnostic {
        Diagnostic {
            code: info.code,
            severity: info.severity,
            message,
            span,
            related: None,
            fixes: Vec::new(),
        }
    }

    /// A finding on something inside `item`, pointing back at the item's title.
    pub fn item_diag(
        &self,
        info: &RuleInfo,
        item: &Item,
        span: Span,
        message: String,
    ) -> Diagnostic {
        let mut d = self.diag(info, span, message);
        if span != item.title_span && !item.title_span.is_empty() {
            d.related = Some(Related {
                span: item.title_span,
                message: format!("the disputed item \"{}\"", item.title),
            });
        }
        d
    }
}

/// Per-user choices: rules turned off and severities changed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RuleConfig {
    pub disabled: Vec<String>,
    pub severity: HashMap<String, Severity>,
}

impl RuleConfig {
    /// Drops disabled rules' findings and applies severity overrides.
    pub fn apply(&self, diags: &mut Vec<Diagnostic>) {
        if self.disabled.is_empty() && self.severity.is_empty() {
            return;
        }
        diags.retain(|d| !self.disabled.iter().any(|c| c == d.code));
        for d in diags.iter_mut() {
            if let Some(s) = self.severity.get(d.code) {
                d.severity = *s;
            }
        }
    }
}

/// Checks one letter. `text` is the letter's own text, which starts at `letter.span.start`.
pub fn check_letter(letter: &Letter, text: &str, catalog: &Catalog) -> Vec<Diagnostic> {
    let cx = Context {
        letter,
        catalog,
        text,
        base: letter.span.start,
    };
    let mut out = Vec::new();
    missing_section::check(&cx, &mut out);
    header_dates::check(&cx, &mut out);
    no_items::check(&cx, &mut out);
    for item in &letter.items {
        missing_decision::check(&cx, item, &mut out);
        unknown_decision::check(&cx, item, &mut out);
        missing_rationale::check(&cx, item, &mut out);
        missing_guideline::check(&cx, item, &mut out);
        decision_conflict::check(&cx, item, &mut out);
        no_conclusion::check(&cx, item, &mut out);
        item_mismatch::check(&cx, item, &mut out);
        non_mtus_without_reason::check(&cx, item, &mut out);
        uncited_guideline::check(&cx, item, &mut out);
        for f in item.fields.iter().filter(|f| f.kind.cites_guidelines()) {
            for c in &f.citations {
                let r = crate::rules::cite::resolve(catalog, c, cx.get(c.span));
                unknown_guideline::check(&cx, item, c, &r, &mut out);
                page_out_of_range::check(&cx, item, &r, &mut out);
                topic_page_mismatch::check(&cx, item, &r, &mut out);
            }
        }
    }
    duplicate_item::check(&cx, &mut out);
    placeholder::check(&cx, &mut out);
    out.sort_by_key(|d| (d.span.start, d.span.end));
    out
}

/// Checks every letter of a parsed file (`text` is the whole file).
pub fn check(model: &Model, text: &str, catalog: &Catalog) -> Vec<Diagnostic> {
    model
        .letters
        .iter()
        .flat_map(|l| check_letter(l, &text[l.span.start..l.span.end], catalog))
        .collect()
}

#[cfg(test)]
pub(crate) mod testing {
    //! Helpers for rule tests: parse a letter and find a rule's findings with their lines.
    use super::*;

    /// `(line number, 1-based; diagnostic)` for each finding with `code`.
    pub fn findings(text: &str, code: &str) -> Vec<(usize, Diagnostic)> {
        let model = crate::parser::parse(text);
        check(&model, text, Catalog::embedded())
            .into_iter()
            .filter(|d| d.code == code)
            .map(|d| (text[..d.span.start].matches('\n').count() + 1, d))
            .collect()
    }

    /// A complete, clean letter with the given issues-section body.
    pub fn letter(items: &str) -> String {
        format!(
            "HOW THE IMR FINAL DETERMINATION WAS MADE\nThe expert reviewer is Board Certified.\nCLINICAL CASE SUMMARY\nThe patient is 50.\nIMR ISSUES, DECISIONS AND RATIONALES\nThe Final Determination was based on decisions for the disputed items/services set forth below:\n{items}"
        )
    }

    /// One complete item block.
    pub fn item(title: &str, decision: &str, rationale: &str) -> String {
        format!(
            "{title}: {decision}\nClaims Administrator guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009.\nMAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009.\nDecision rationale: {rationale}\n"
        )
    }
}
