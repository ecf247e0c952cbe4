//! Code lens: a line above each item with its decision, the reviewer's guidelines and the
//! conclusion, and a line above each letter counting its items, decisions and problems.

use super::Doc;
use crate::analysis::CitationRef;
use crate::catalog::Catalog;
use crate::model::{collapse, DecisionKind, FieldKind, Item, Letter, Span};
use crate::rules::{Diagnostic, Severity};

/// What clicking a lens does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LensAction {
    /// Nothing: the lens only informs.
    None,
    /// Moves to the next disputed item (the editors' next-item command).
    NextItem,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lens {
    /// The line the lens stands above (its start is what matters).
    pub span: Span,
    pub title: String,
    pub action: LensAction,
}

/// Cited topics shown per item before the rest is summarised as "+N".
const MAX_CITED: usize = 2;

/// The lenses of the document: per letter, its summary, then one per item. `findings` are the
/// findings as the user configured them (see `fixes::findings`); the errors and warnings among
/// them are the letter's problems.
pub fn lenses(doc: &Doc, findings: &[Diagnostic]) -> Vec<Lens> {
    let mut out = Vec::new();
    for letter in &doc.analysis.model.letters {
        out.push(Lens {
            span: letter_anchor(letter),
            title: letter_summary(letter, findings),
            action: LensAction::NextItem,
        });
        for item in &letter.items {
            out.push(Lens {
                span: item.title_span_or_label(),
                title: item_summary(doc, item),
                action: LensAction::None,
            });
        }
    }
    out
}

/// Where a letter's lens goes: its case number line, else its first heading.
fn letter_anchor(letter: &Letter) -> Span {
    if let Some(c) = &letter.header.case_number {
        return c.span;
    }
    letter
        .sections
        .first()
        .map(|s| s.heading)
        .unwrap_or(Span::new(letter.span.start, letter.span.start))
}

/// "3 items · 2 upheld · 1 overturned · 1 problem".
fn letter_summary(letter: &Letter, findings: &[Diagnostic]) -> String {
    let count = |k: &DecisionKind| {
        letter
            .items
            .iter()
            .filter(|i| &i.decision.kind == k)
            .count()
    };
    let upheld = count(&DecisionKind::Upheld);
    let overturned = count(&DecisionKind::Overturned);
    let undecided = letter.items.len() - upheld - overturned;
    // Problems as the VS Code status bar counts them: errors and warnings.
    let problems = findings
        .iter()
        .filter(|d| matches!(d.severity, Severity::Error | Severity::Warning))
        .filter(|d| {
            (letter.span.start..letter.span.end.max(letter.span.start + 1)).contains(&d.span.start)
        })
        .count();
    let mut parts = vec![plural(letter.items.len(), "item", "items")];
    if upheld > 0 {
        parts.push(format!("{upheld} upheld"));
    }
    if overturned > 0 {
        parts.push(format!("{overturned} overturned"));
    }
    if undecided > 0 {
        parts.push(format!("{undecided} undecided"));
    }
    parts.push(plural(problems, "problem", "problems"));
    parts.join(" · ")
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "Upheld · MTUS Chronic Pain: Opioids · not medically necessary".
fn item_summary(doc: &Doc, item: &Item) -> String {
    let decision = match &item.decision.kind {
        DecisionKind::Missing => "No decision".to_string(),
        DecisionKind::Unknown(w) => format!("\"{}\"?", collapse(w)),
        k => k.label().to_string(),
    };
    let cited = reviewer_citations(doc, item);
    let conclusion = match &item.conclusion {
        Some(c) if c.necessary => "medically necessary",
        Some(_) => "not medically necessary",
        None => "no conclusion",
    };
    format!("{decision} · {cited} · {conclusion}")
}

/// The guidelines the expert reviewer cited (MAXIMUS and other evidence fields), each as its
/// short name and topics, in order and without repeats.
fn reviewer_citations(doc: &Doc, item: &Item) -> String {
    let an = doc.analysis;
    let mut names: Vec<String> = Vec::new();
    for c in an.citations_of(item) {
        let kind = field_of(&c);
        if kind == FieldKind::ClaimsGuideline {
            continue;
        }
        let name = citation_name(doc, &an.catalog, &c);
        if !name.is_empty() && !names.contains(&name) {
            names.push(name);
        }
    }
    if names.is_empty() {
        let none = item
            .field(FieldKind::MaximusGuideline)
            .is_none_or(|f| f.no_evidence || f.citations.is_empty());
        return if none {
            "no guideline cited"
        } else {
            "guideline not recognised"
        }
        .to_string();
    }
    let more = names.len().saturating_sub(MAX_CITED);
    names.truncate(MAX_CITED);
    let mut s = names.join("; ");
    if more > 0 {
        s.push_str(&format!(" (+{more})"));
    }
    s
}

fn field_of(c: &CitationRef) -> FieldKind {
    c.field.kind
}

/// "MTUS Chronic Pain: Opioids, Weaning", or the guideline phrase as written when the catalog
/// does not know it.
fn citation_name(doc: &Doc, catalog: &Catalog, c: &CitationRef) -> String {
    let r = &c.resolved;
    let Some((gi, _)) = r.guideline else {
        let written = collapse(&doc.text_of(c.citation.guideline));
        return shorten(written.trim_end_matches(['.', ',', ';', ' ']), 40);
    };
    let g = &catalog.guidelines[gi];
    let mut topics: Vec<&str> = Vec::new();
    for t in &r.topics {
        let name = g.topics[t.topic].name.as_str();
        if !topics.contains(&name) {
            topics.push(name);
        }
    }
    if topics.is_empty() {
        g.short.clone()
    } else {
        format!("{}: {}", g.short, topics.join(", "))
    }
}

/// At most `max` characters, with an ellipsis when cut.
fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max - 1).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::fixes::findings;
    use crate::features::fixture::{letter, seed, Fixture};
    use crate::rules::RuleConfig;

    /// Each lens as `line: title [action]`.
    fn render(f: &Fixture) -> String {
        let doc = f.doc();
        let found = findings(&doc, &RuleConfig::default());
        let mut out = String::new();
        for l in lenses(&doc, &found) {
            let line = f.text[..l.span.start].matches('\n').count() + 1;
            let action = match l.action {
                LensAction::None => "",
                LensAction::NextItem => " [next item]",
            };
            out.push_str(&format!("{line}: {}{action}\n", l.title));
        }
        out
    }

    #[test]
    fn a_letter_and_its_items() {
        let f = Fixture::new(&letter(
            "Norco 5/325 mg #30: Upheld
Claims Administrator guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009, Page(s): 41-42.
MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009, Section(s): Opioids, criteria for use, Weaning of Medications.
Decision rationale: The request for Norco 5/325 mg #30 is not medically necessary.
Physical therapy x 6: Overturned
Claims Administrator guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009.
The Expert Reviewer did not cite any medical evidence for its decision.
Decision rationale: The request for physical therapy is medically necessary.
Soma #60: Overturned
Claims Administrator guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009.
MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009, Section(s): Carisoprodol (Soma).
Decision rationale: The request for Soma #60 is not medically necessary.
",
        ));
        insta::assert_snapshot!(render(&f), @r"
        1: 3 items · 1 upheld · 2 overturned · 1 problem [next item]
        7: Upheld · MTUS Chronic Pain 2009: Opioids, criteria for use, Weaning of medications · not medically necessary
        11: Overturned · no guideline cited · medically necessary
        15: Overturned · MTUS Chronic Pain 2009: Carisoprodol (Soma) · not medically necessary
        ");
    }

    #[test]
    fn every_letter_of_a_batch_gets_its_own_summary() {
        let f = Fixture::new(&format!(
            "{}\n{}",
            seed("001_2a130b5553485fce.txt"),
            seed("004_1c39840940bed716.txt")
        ));
        let out = render(&f);
        let letters: Vec<&str> = out.lines().filter(|l| l.ends_with("[next item]")).collect();
        assert_eq!(letters.len(), 2, "{out}");
        assert!(
            letters[0].contains(": 3 items · 2 upheld · 1 overturned"),
            "{out}"
        );
        assert!(letters[1].contains(": 2 items · 2 upheld"), "{out}");
        let items = out.lines().count() - letters.len();
        assert_eq!(items, 5, "{out}");
    }

    #[test]
    fn no_letter_no_lens() {
        let f = Fixture::new("Notes for Monday.\n");
        assert!(render(&f).is_empty());
    }
}
