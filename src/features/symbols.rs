//! The outline.
//!
//! One letter (a reviewer's draft): sections → disputed items → fields.
//! Several letters (a QA batch): letter → disputed items. Section headings and fields repeat in
//! every letter and would make a 1,000-letter outline 22,000 symbols (2.7 MB, ~100 ms and ~60 MB
//! for the server framework to turn into JSON); letters and items are what a batch is navigated by.

use super::Doc;
use crate::model::{collapse, DecisionKind, Field, Item, Letter, SectionKind, Span};

/// What an outline entry stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SymbolKind {
    Letter,
    Section,
    Item,
    Field,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Symbol {
    pub name: String,
    pub detail: Option<String>,
    pub kind: SymbolKind,
    /// The whole block.
    pub span: Span,
    /// What the editor selects when the entry is picked.
    pub selection: Span,
    pub children: Vec<Symbol>,
}

pub fn outline(doc: &Doc) -> Vec<Symbol> {
    match doc.analysis.model.letters.as_slice() {
        [] => Vec::new(),
        // One letter: its sections are the top level, as a reviewer thinks of the file.
        [one] => sections(doc, one),
        many => many
            .iter()
            .enumerate()
            .map(|(n, l)| letter_symbol(n, l))
            .collect(),
    }
}

fn plural(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

fn letter_symbol(n: usize, l: &Letter) -> Symbol {
    let case = l.header.case_number.as_ref();
    let name = case
        .map(|c| c.text.clone())
        .unwrap_or_else(|| format!("Letter {}", n + 1));
    let selection = case
        .map(|c| c.span)
        .or_else(|| l.sections.first().map(|s| s.heading))
        .unwrap_or(l.span);
    let overturned = l
        .items
        .iter()
        .filter(|i| i.decision.kind == DecisionKind::Overturned)
        .count();
    let mut detail = plural(l.items.len(), "item");
    if overturned > 0 {
        detail.push_str(&format!(" · {overturned} overturned"));
    }
    Symbol {
        name,
        detail: Some(detail),
        kind: SymbolKind::Letter,
        span: l.span,
        selection,
        children: l.items.iter().map(|i| item_symbol(i, false)).collect(),
    }
}

fn sections(doc: &Doc, l: &Letter) -> Vec<Symbol> {
    l.sections
        .iter()
        .map(|s| {
            let items: Vec<Symbol> = l
                .items
                .iter()
                .filter(|i| {
                    s.span.start <= i.span.start && i.span.start < s.span.end.max(s.span.start + 1)
                })
                .map(|i| item_symbol(i, true))
                .collect();
            Symbol {
                name: collapse(&doc.text_of(s.heading)),
                detail: (s.kind == SectionKind::Issues).then(|| plural(items.len(), "item")),
                kind: SymbolKind::Section,
                span: s.span,
                selection: s.heading,
                children: items,
            }
        })
        .collect()
}

/// What an item is called, in the outline and in `extract`'s `item_title`: its item line, or for
/// a partial authorisation (whose item line is a paragraph) the request as written.
pub fn item_name(i: &Item) -> &str {
    i.original_request
        .as_ref()
        .map_or(i.title.as_str(), |r| r.text.as_str())
}

fn item_symbol(i: &Item, with_fields: bool) -> Symbol {
    // A partial authorisation is named by its request; the part the decision is about goes beside.
    let name = item_name(i);
    let detail = match &i.eligible_portion {
        Some(p) => format!("{} · eligible: {}", i.decision.kind.label(), p.text),
        None => i.decision.kind.label().to_string(),
    };
    Symbol {
        name: shorten(name, MAX_NAME),
        detail: Some(detail),
        kind: SymbolKind::Item,
        span: i.span,
        selection: i.title_span_or_label(),
        children: if with_fields {
            i.fields.iter().map(field_symbol).collect()
        } else {
            Vec::new()
        },
    }
}

/// Outline names longer than this are cut at a word, so the outline stays readable.
pub const MAX_NAME: usize = 160;

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

fn field_symbol(f: &Field) -> Symbol {
    Symbol {
        name: f.kind.label().to_string(),
        detail: f
            .no_evidence
            .then(|| "no medical evidence cited".to_string()),
        kind: SymbolKind::Field,
        span: f.span(),
        selection: f.label,
        children: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::fixture::{letter, seed, Fixture};

    /// The outline as indented lines: `kind name (detail) «selected text»`.
    fn render(f: &Fixture) -> String {
        fn walk(f: &Fixture, syms: &[Symbol], depth: usize, out: &mut String) {
            for s in syms {
                out.push_str(&format!(
                    "{}{:?} {}{} «{}»\n",
                    "  ".repeat(depth),
                    s.kind,
                    s.name,
                    s.detail
                        .as_deref()
                        .map(|d| format!(" ({d})"))
                        .unwrap_or_default(),
                    collapse(f.slice(s.selection))
                ));
                walk(f, &s.children, depth + 1, out);
            }
        }
        let mut out = String::new();
        walk(f, &outline(&f.doc()), 0, &mut out);
        out
    }

    #[test]
    fn one_letter_is_sections_items_fields() {
        let f = Fixture::new(
            "HOW THE IMR FINAL DETERMINATION WAS MADE
The reviewer is Board Certified.
CLINICAL CASE SUMMARY
The patient is 50.
IMR ISSUES, DECISIONS AND RATIONALES
Norco 5/325 mg #30: Upheld
Claims Administrator guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009.
The Expert Reviewer did not cite any medical evidence for its decision.
Decision rationale: The request for Norco is not medically necessary.
",
        );
        insta::assert_snapshot!(render(&f), @r"
        Section HOW THE IMR FINAL DETERMINATION WAS MADE «HOW THE IMR FINAL DETERMINATION WAS MADE»
        Section CLINICAL CASE SUMMARY «CLINICAL CASE SUMMARY»
        Section IMR ISSUES, DECISIONS AND RATIONALES (1 item) «IMR ISSUES, DECISIONS AND RATIONALES»
          Item Norco 5/325 mg #30 (Upheld) «Norco 5/325 mg #30»
            Field Claims Administrator guideline «Claims Administrator guideline:»
            Field MAXIMUS guideline (no medical evidence cited) «The Expert Reviewer did not cite any medical evidence»
            Field Decision rationale «Decision rationale:»
        ");
    }

    #[test]
    fn several_letters_are_letters_and_items() {
        let (a, b) = (
            seed("001_2a130b5553485fce.txt"),
            seed("003_7763e284d3bf24d4.txt"),
        );
        let f = Fixture::new(&format!("{a}\n{b}"));
        let out = render(&f);
        let letters: Vec<&str> = out.lines().filter(|l| l.starts_with("Letter")).collect();
        assert_eq!(letters.len(), 2, "{out}");
        for (n, l) in letters.iter().enumerate() {
            assert!(
                l.starts_with("Letter CM") || l.starts_with(&format!("Letter Letter {} ", n + 1)),
                "named by case number, or by place when it has none: {l}"
            );
        }
        // Items only, each with its decision, and no fields in a batch outline.
        let items: Vec<&str> = out.lines().filter(|l| !l.starts_with("Letter")).collect();
        assert!(!items.is_empty());
        for i in items {
            assert!(i.starts_with("  Item "), "{i}");
            assert!(
                i.contains(" (Upheld) ") || i.contains(" (Overturned) "),
                "{i}"
            );
        }
    }

    #[test]
    fn partial_items_are_named_by_the_request_with_the_eligible_part_beside() {
        let f = Fixture::new(&letter(
            "Cyclobenzaprine 7.5mg #90 was the original request. Cyclobenzaprine 7.5mg #63 was
authorized by the Claims Administrator. The remaining IMR eligible portion of the
original request, Cyclobenzaprine 7.5mg #27 is: Upheld
Claims Administrator guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009.
MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009.
Decision rationale: As such, the request is not medically necessary.
",
        ));
        let out = render(&f);
        let item = out
            .lines()
            .find(|l| l.trim_start().starts_with("Item"))
            .unwrap();
        insta::assert_snapshot!(item, @r#"  Item Cyclobenzaprine 7.5mg #90 (Upheld · eligible: Cyclobenzaprine 7.5mg #27) «Cyclobenzaprine 7.5mg #90 was the original request. Cyclobenzaprine 7.5mg #63 was authorized by the Claims Administrator. The remaining IMR eligible portion of the original request, Cyclobenzaprine 7.5mg #27 is»"#);
    }

    #[test]
    fn long_names_are_cut_at_a_word() {
        let long = "word ".repeat(60);
        let name = shorten(long.trim(), MAX_NAME);
        assert!(name.chars().count() <= MAX_NAME, "{name}");
        assert!(name.ends_with("word…"), "{name}");
    }

    #[test]
    fn no_letter_no_outline() {
        let f = Fixture::new("Just some notes.\nNothing else.\n");
        assert!(outline(&f.doc()).is_empty());
    }
}
