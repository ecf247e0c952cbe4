//! The checks a reviewer's draft must pass, one small module per rule.
//!
//! Each rule has a stable kebab-case code, a default severity, and reports the range of the
//! thing to fix. Rules read the model and the letter's text; they never see LSP types.

pub mod cite;
mod decision_conflict;
mod duplicate_item;
mod guideline_body_part;
mod header_dates;
pub(crate) mod item_mismatch;
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

pub mod cited;
pub use cited::{resolve_letter, Cited};

use crate::catalog::Catalog;
use crate::model::{Citation, Item, Letter, Model, Span};
use crate::rules::cite::Resolved;
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

/// A rule's code, default severity and one-line summary (the README table, `imr-lsp rules`,
/// `--help` and the editors' settings are all derived from these).
pub struct RuleInfo {
    pub code: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
}

/// What a rule looks at, and the check the engine calls once per such unit.
#[derive(Clone, Copy)]
pub enum Unit {
    Letter(fn(&Context, &mut Vec<Diagnostic>)),
    Item(fn(&Context, &Item, &mut Vec<Diagnostic>)),
    /// A citation in a guideline field (not one named in a rationale's prose), with what it
    /// resolved to.
    Citation(fn(&Context, &Item, &Citation, &Resolved, &mut Vec<Diagnostic>)),
}

impl Unit {
    pub fn name(&self) -> &'static str {
        match self {
            Unit::Letter(_) => "letter",
            Unit::Item(_) => "item",
            Unit::Citation(_) => "citation",
        }
    }
}

/// One rule: what it is and what it checks.
pub struct Rule {
    pub info: RuleInfo,
    pub unit: Unit,
}

/// Every rule, in the order they are documented. The one list the engine runs and every other
/// list of rules is derived from.
pub const RULES: &[Rule] = &[
    Rule {
        info: missing_section::INFO,
        unit: Unit::Letter(missing_section::check),
    },
    Rule {
        info: no_items::INFO,
        unit: Unit::Letter(no_items::check),
    },
    Rule {
        info: missing_decision::INFO,
        unit: Unit::Item(missing_decision::check),
    },
    Rule {
        info: unknown_decision::INFO,
        unit: Unit::Item(unknown_decision::check),
    },
    Rule {
        info: missing_rationale::INFO,
        unit: Unit::Item(missing_rationale::check),
    },
    Rule {
        info: missing_guideline::INFO,
        unit: Unit::Item(missing_guideline::check),
    },
    Rule {
        info: missing_guideline::CLAIMS_INFO,
        unit: Unit::Item(missing_guideline::check_claims),
    },
    Rule {
        info: decision_conflict::INFO,
        unit: Unit::Item(decision_conflict::check),
    },
    Rule {
        info: no_conclusion::INFO,
        unit: Unit::Item(no_conclusion::check),
    },
    Rule {
        info: item_mismatch::INFO,
        unit: Unit::Item(item_mismatch::check),
    },
    Rule {
        info: duplicate_item::INFO,
        unit: Unit::Letter(duplicate_item::check),
    },
    Rule {
        info: placeholder::INFO,
        unit: Unit::Letter(placeholder::check),
    },
    Rule {
        info: unknown_guideline::INFO,
        unit: Unit::Citation(unknown_guideline::check),
    },
    Rule {
        info: page_out_of_range::INFO,
        unit: Unit::Citation(page_out_of_range::check),
    },
    Rule {
        info: topic_page_mismatch::INFO,
        unit: Unit::Citation(topic_page_mismatch::check),
    },
    Rule {
        info: guideline_body_part::INFO,
        unit: Unit::Item(guideline_body_part::check),
    },
    Rule {
        info: header_dates::INFO,
        unit: Unit::Letter(header_dates::check),
    },
    Rule {
        info: non_mtus_without_reason::INFO,
        unit: Unit::Item(non_mtus_without_reason::check),
    },
    Rule {
        info: uncited_guideline::INFO,
        unit: Unit::Item(uncited_guideline::check),
    },
];

pub fn rule_info(code: &str) -> Option<&'static RuleInfo> {
    RULES.iter().map(|r| &r.info).find(|r| r.code == code)
}

/// The codes of every rule, for messages that list them.
pub fn codes() -> impl Iterator<Item = &'static str> {
    RULES.iter().map(|r| r.info.code)
}

/// What a rule sees: the letter, its text (`text` starts at byte `base` of the file) and its
/// citations resolved against the catalog.
pub struct Context<'a> {
    pub letter: &'a Letter,
    pub catalog: &'a Catalog,
    pub text: &'a str,
    pub base: usize,
    pub cited: &'a [Cited],
}

impl<'a> Context<'a> {
    /// What a citation of this letter resolved to (read from the resolved list, not redone).
    pub fn resolved(&self, c: &Citation) -> std::borrow::Cow<'a, Resolved> {
        match self
            .cited
            .iter()
            .find(|x| std::ptr::eq(x.citation(self.letter), c))
        {
            Some(x) => std::borrow::Cow::Borrowed(&x.resolved),
            None => std::borrow::Cow::Owned(cite::resolve(self.catalog, c, self.get(c.span))),
        }
    }

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

/// Checks one letter whose citations are already resolved (`cited`, from [`resolve_letter`]).
/// `text` is the letter's own text, which starts at `letter.span.start`.
pub fn check_letter(
    letter: &Letter,
    text: &str,
    catalog: &Catalog,
    cited: &[Cited],
) -> Vec<Diagnostic> {
    let cx = Context {
        letter,
        catalog,
        text,
        base: letter.span.start,
        cited,
    };
    let mut out = Vec::new();
    for rule in RULES {
        match rule.unit {
            Unit::Letter(check) => check(&cx, &mut out),
            Unit::Item(check) => {
                for item in &letter.items {
                    check(&cx, item, &mut out);
                }
            }
            Unit::Citation(check) => {
                // Guidelines named in a rationale's prose are for hover and links, not checks.
                for c in cited.iter().filter(|c| !c.citation(letter).running_text) {
                    check(
                        &cx,
                        c.item(letter),
                        c.citation(letter),
                        &c.resolved,
                        &mut out,
                    );
                }
            }
        }
    }
    // Stable: findings on the same span keep the registry's order.
    out.sort_by_key(|d| (d.span.start, d.span.end));
    out
}

/// Checks every letter of a parsed file (`text` is the whole file), resolving its citations.
pub fn check(model: &Model, text: &str, catalog: &Catalog) -> Vec<Diagnostic> {
    model
        .letters
        .iter()
        .flat_map(|l| {
            let own = &text[l.span.start..l.span.end];
            let cited = resolve_letter(l, own, catalog);
            check_letter(l, own, catalog, &cited)
        })
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
