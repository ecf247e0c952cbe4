//! Completion: in guideline fields, guideline names and topics with their pages, inserting the
//! phrasing letters use; in a blank letter file, a new-letter skeleton; in the issues section, a
//! new-item block. Templates carry tab stops (snippet syntax) and a plain-text twin for editors
//! without snippets; what the reviewer must fill in is a `<…>` placeholder, which the
//! `placeholder` rule flags if it is left in.

use super::Doc;
use crate::catalog::{pages_label, Catalog};
use crate::model::SectionKind;
use crate::parser::source::{line_end_after, line_start_before};
use crate::parser::spelling::FIELD_LABELS;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompletionKind {
    Guideline,
    Topic,
    /// A skeleton to fill in: a whole letter or one item.
    Template,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Completion {
    pub label: String,
    pub kind: CompletionKind,
    pub detail: String,
    /// Plain text.
    pub documentation: Option<String>,
    /// Plain text to insert.
    pub insert: String,
    /// The same text with tab stops in LSP snippet syntax, for clients that support snippets.
    pub snippet: Option<String>,
    pub filter: String,
    pub sort: String,
}

/// Where the completion is asked for, beyond the text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Context {
    /// The file is meant to hold a letter (an `.imr` file or an unsaved buffer), so a blank one
    /// is offered the new-letter skeleton.
    pub letter_file: bool,
}

/// What to offer at `offset`: the catalog's citations inside a guideline field, the new-letter
/// skeleton in a blank letter file, a new item on a fresh line of the issues section.
pub fn completions(doc: &Doc, offset: usize, cx: Context) -> Vec<Completion> {
    if in_guideline_field(doc, offset) {
        return items(&doc.analysis.catalog);
    }
    let blank = doc.text.len() < 4096 && doc.text.slice(0, doc.text.len()).trim().is_empty();
    if blank {
        return if cx.letter_file {
            vec![template(
                "New IMR letter",
                "header, three sections and one disputed item",
                LETTER_TEMPLATE,
            )]
        } else {
            Vec::new()
        };
    }
    if in_issues_on_fresh_line(doc, offset) {
        return vec![template(
            "New disputed item",
            "Request: Upheld, then the three labelled fields",
            ITEM_TEMPLATE,
        )];
    }
    Vec::new()
}

/// One disputed item: the item line, the two guideline fields and the rationale.
const ITEM_TEMPLATE: &str = "${1:<request>}: ${2:Upheld}
Claims Administrator guideline: Decision based on ${3:<guideline>}
MAXIMUS guideline: Decision based on ${4:<guideline>}
Decision rationale: ${5:<rationale>} The request for ${6:<request>} is ${7:not }medically necessary.
$0";

/// A whole letter: the header block, the three sections and one item.
const LETTER_TEMPLATE: &str = "Case Number: ${1:<CM00-0000000>}
Date Assigned: ${2:<MM/DD/YYYY>}
Decision Date: ${3:<MM/DD/YYYY>}

HOW THE IMR FINAL DETERMINATION WAS MADE
MAXIMUS Federal Services sent the complete case file to an expert reviewer. The expert reviewer is Board Certified in ${4:<specialty>} and is licensed to practice in ${5:<state>}.

CLINICAL CASE SUMMARY
${6:<summary>}

IMR ISSUES, DECISIONS AND RATIONALES
The Final Determination was based on decisions for the disputed items/services set forth below:
${7:<request>}: ${8:Upheld}
Claims Administrator guideline: Decision based on ${9:<guideline>}
MAXIMUS guideline: Decision based on ${10:<guideline>}
Decision rationale: ${11:<rationale>} The request for ${12:<request>} is ${13:not }medically necessary.
$0";

fn template(label: &str, detail: &str, snippet: &str) -> Completion {
    Completion {
        label: label.to_string(),
        kind: CompletionKind::Template,
        detail: detail.to_string(),
        documentation: None,
        insert: plain(snippet),
        snippet: Some(snippet.to_string()),
        filter: format!("{label} template"),
        sort: format!("2{label}"),
    }
}

/// The snippet's text with each tab stop replaced by its default (`${1:x}` → `x`, `$0` → ``).
/// The templates use no escapes and no nested placeholders.
fn plain(snippet: &str) -> String {
    let mut out = String::with_capacity(snippet.len());
    let mut rest = snippet;
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        if let Some(body) = after.strip_prefix('{') {
            let end = body.find('}').unwrap_or(body.len());
            let inner = &body[..end];
            out.push_str(inner.split_once(':').map_or("", |(_, d)| d));
            rest = body.get(end + 1..).unwrap_or("");
        } else {
            let digits = after.chars().take_while(char::is_ascii_digit).count();
            rest = &after[digits..];
        }
    }
    out.push_str(rest);
    out
}

/// Whether `offset` is in an issues section, on a line with nothing before the cursor but
/// (perhaps) the word being typed: where a new item block can start.
fn in_issues_on_fresh_line(doc: &Doc, offset: usize) -> bool {
    let offset = offset.min(doc.text.len());
    // The last heading before the cursor, in the last letter starting before it: blank lines
    // after a letter's last item still belong to its issues section.
    let letters = &doc.analysis.model.letters;
    let letter = letters.iter().rev().find(|l| l.span.start <= offset);
    let section = letter.and_then(|l| l.sections.iter().rev().find(|s| s.heading.end < offset));
    if section.is_none_or(|s| s.kind != SectionKind::Issues) {
        return false;
    }
    let before = doc.text.slice(line_start_before(doc.text, offset), offset);
    let before = before.trim();
    before.is_empty() || (!before.contains(' ') && before.chars().all(char::is_alphabetic))
}

/// Whether `offset` is in a guideline field (label line or body), where citations are written.
fn in_guideline_field(doc: &Doc, offset: usize) -> bool {
    let in_field = doc
        .analysis
        .model
        .letters
        .iter()
        .flat_map(|l| &l.items)
        .flat_map(|i| &i.fields)
        .any(|f| f.kind.cites_guidelines() && f.span().touches(offset));
    if in_field {
        return true;
    }
    // A label being typed before the parser sees an item around it.
    let offset = offset.min(doc.text.len());
    let line = doc.text.slice(
        line_start_before(doc.text, offset),
        line_end_after(doc.text, offset),
    );
    FIELD_LABELS
        .iter()
        .any(|(l, k)| k.cites_guidelines() && line.trim_start().starts_with(l))
}

/// Every guideline and topic of the catalog.
pub fn items(catalog: &Catalog) -> Vec<Completion> {
    let mut out = Vec::new();
    for (gi, g) in catalog.guidelines.iter().enumerate() {
        let Some(cited) = g.aliases.first() else {
            continue;
        };
        let prefix = if g.rule.is_some() || g.id.starts_with("mtus") {
            ""
        } else {
            "Non-MTUS Citation "
        };
        out.push(Completion {
            label: cited.clone(),
            kind: CompletionKind::Guideline,
            detail: format!("{} ({})", g.title, g.edition),
            documentation: None,
            insert: format!("Decision based on {prefix}{cited}"),
            snippet: None,
            filter: format!("{cited} {}", g.short),
            sort: format!("0{gi:04}"),
        });
        for (ti, t) in g.topics.iter().enumerate() {
            let pages = pages_label(&t.pages);
            let (detail, insert) = if pages.is_empty() {
                (
                    g.short.clone(),
                    format!("Decision based on {prefix}{cited}, Section(s): {}", t.name),
                )
            } else {
                (
                    format!("{} · pp. {pages}", g.short),
                    format!(
                        "Decision based on {prefix}{cited}, Section(s): {} Page(s): {pages}.",
                        t.name
                    ),
                )
            };
            out.push(Completion {
                label: t.name.clone(),
                kind: CompletionKind::Topic,
                detail,
                documentation: Some(format!(
                    "{} ({}): pages {}; {}",
                    g.title,
                    g.edition,
                    if pages.is_empty() { "unknown" } else { &pages },
                    t.confidence.as_str()
                )),
                insert,
                snippet: None,
                filter: format!("{} {}", t.name, t.aliases.join(" ")),
                sort: format!("1{gi:04}{ti:04}"),
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
    fn offered_in_a_guideline_field() {
        let f = Fixture::new(&letter(
            "Norco: Upheld
MAXIMUS guideline: Decision based on MTUS
                                        |
Decision rationale: The request is not medically necessary.
",
        ));
        let all = completions(&f.doc(), f.cursor(), Context::default());
        let cyclo = all
            .iter()
            .find(|c| c.label == "Cyclobenzaprine (Flexeril)")
            .expect("the topic is offered");
        assert_eq!(cyclo.kind, CompletionKind::Topic);
        assert_eq!(
            cyclo.insert,
            "Decision based on MTUS Chronic Pain Medical Treatment 2009, Section(s): Cyclobenzaprine (Flexeril) Page(s): 41-42."
        );
    }

    #[test]
    fn offered_on_a_label_line_typed_outside_any_item() {
        let f = Fixture::new("Notes\nMAXIMUS guideline: \n                  |\n");
        assert!(!completions(&f.doc(), f.cursor(), Context::default()).is_empty());
    }

    #[test]
    fn not_offered_in_the_rationale() {
        let f = Fixture::new(&letter(
            "Norco: Upheld
MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009.
Decision rationale: The request is not medically necessary.
                        |
",
        ));
        assert!(completions(&f.doc(), f.cursor(), Context::default()).is_empty());
    }

    const LETTER_FILE: Context = Context { letter_file: true };

    #[test]
    fn a_blank_letter_file_is_offered_the_skeleton() {
        let f = Fixture::new("\n|\n");
        let all = completions(&f.doc(), f.cursor(), LETTER_FILE);
        assert_eq!(all.len(), 1, "{all:?}");
        assert_eq!(all[0].kind, CompletionKind::Template);
        assert!(completions(&f.doc(), f.cursor(), Context::default()).is_empty());
        // The plain text is a complete letter whose only findings are the places to fill in.
        let skeleton = &all[0].insert;
        let f = Fixture::new(skeleton);
        let model = &f.analysis.model;
        assert_eq!(model.letters.len(), 1, "{skeleton}");
        let l = &model.letters[0];
        assert_eq!(l.sections.len(), 3);
        assert_eq!(l.items.len(), 1);
        assert_eq!(l.items[0].title, "<request>");
        assert_eq!(l.items[0].decision.kind, crate::model::DecisionKind::Upheld);
        assert_eq!(l.items[0].fields.len(), 3);
        let codes: std::collections::BTreeSet<&str> =
            f.analysis.findings().map(|d| d.code).collect();
        // `<guideline>` is also a guideline the catalog does not know.
        assert_eq!(
            codes.into_iter().collect::<Vec<_>>(),
            ["placeholder", "unknown-guideline"]
        );
    }

    #[test]
    fn snippet_and_plain_text_agree() {
        let f = Fixture::new("\n|\n");
        let c = &completions(&f.doc(), f.cursor(), LETTER_FILE)[0];
        let snippet = c.snippet.as_deref().unwrap();
        assert!(
            snippet.starts_with("Case Number: ${1:<CM00-0000000>}\n"),
            "{snippet}"
        );
        assert!(snippet.ends_with("\n$0"), "{snippet}");
        assert!(c.insert.starts_with("Case Number: <CM00-0000000>\n"));
        assert!(!c.insert.contains('$'));
        assert_eq!(plain("a ${12:b} $3c $0"), "a b c ");
    }

    #[test]
    fn a_new_item_on_a_fresh_line_of_the_issues_section() {
        let f = Fixture::new(&letter(
            "Norco: Upheld
MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009.
Decision rationale: The request is not medically necessary.

|
",
        ));
        let all = completions(&f.doc(), f.cursor(), LETTER_FILE);
        assert_eq!(all.len(), 1, "{all:?}");
        insta::assert_snapshot!(all[0].snippet.as_deref().unwrap(), @r"
        ${1:<request>}: ${2:Upheld}
        Claims Administrator guideline: Decision based on ${3:<guideline>}
        MAXIMUS guideline: Decision based on ${4:<guideline>}
        Decision rationale: ${5:<rationale>} The request for ${6:<request>} is ${7:not }medically necessary.
        $0
        ");
    }

    #[test]
    fn no_item_template_in_the_case_summary_or_mid_sentence() {
        let f = Fixture::new(&letter("").replace("The patient is 50.", "The patient is 50.\n\n|"));
        assert!(completions(&f.doc(), f.cursor(), LETTER_FILE).is_empty());
        let f = Fixture::new(&letter(
            "Norco: Upheld
Decision rationale: The request is not medically necessary.
                        |
",
        ));
        assert!(completions(&f.doc(), f.cursor(), LETTER_FILE).is_empty());
    }
}
