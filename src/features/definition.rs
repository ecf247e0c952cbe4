//! Go to definition: from a request mentioned in the case summary (or the issues section's
//! introduction) to its item in the decisions. Mentions match item titles by meaningful words,
//! ignoring case, spacing and doses, with brand and generic drug names as one (the same word
//! matching as the `item-mismatch` rule).

use super::Doc;
use crate::model::{Item, Letter, SectionKind, Span};
use crate::parser::source::{line_end_after, line_start_before};
use crate::rules::item_mismatch::{same, words};

/// Where a mention leads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Definition {
    /// The words of the mention that name the item.
    pub origin: Span,
    /// The whole item block.
    pub item: Span,
    /// Its title (what an editor selects).
    pub title: Span,
}

/// Words each side of the cursor that may help choose between items.
const WINDOW: usize = 8;
/// Lines each side of the cursor's read for those words.
const LINES: usize = 3;

/// The item the request mentioned at `offset` is decided in, if any.
pub fn definition(doc: &Doc, offset: usize) -> Option<Definition> {
    let letter = doc
        .analysis
        .model
        .letters
        .iter()
        .find(|l| l.span.touches(offset))?;
    let zone = mention_zone(letter, offset)?;
    let offset = offset.min(doc.text.len());
    // A few lines each side: a request's words may wrap onto the next (double-spaced) line.
    let (mut from, mut to) = (
        line_start_before(doc.text, offset),
        line_end_after(doc.text, offset),
    );
    for _ in 0..LINES {
        if from > zone.start {
            from = line_start_before(doc.text, from - 1);
        }
        if to < zone.end {
            to = line_end_after(doc.text, to);
        }
    }
    let text = doc.text.slice(from, to);
    let tokens = tokens(&text, from);
    let at = tokens.iter().position(|t| t.span.touches(offset))?;
    if tokens[at].words.is_empty() {
        return None;
    }
    let near = at.saturating_sub(WINDOW)..(at + WINDOW + 1).min(tokens.len());
    let mut best: Option<(usize, &Item, Vec<String>)> = None;
    for item in &letter.items {
        let mut titled = words(&item.title);
        if let Some(p) = &item.eligible_portion {
            titled.extend(words(&p.text));
        }
        if !tokens[at].matches(&titled) {
            continue;
        }
        let score = tokens[near.clone()]
            .iter()
            .filter(|t| t.matches(&titled))
            .count();
        if best.as_ref().is_none_or(|(s, _, _)| score > *s) {
            best = Some((score, item, titled));
        }
    }
    let (_, item, titled) = best?;
    // The mention: the run of words around the cursor that name this item.
    let (mut a, mut b) = (at, at);
    while a > 0 && tokens[a - 1].matches(&titled) {
        a -= 1;
    }
    while b + 1 < tokens.len() && tokens[b + 1].matches(&titled) {
        b += 1;
    }
    Some(Definition {
        origin: Span::new(tokens[a].span.start, tokens[b].span.end),
        item: item.span,
        title: item.title_span_or_label(),
    })
}

/// Where requests are mentioned rather than decided: the header, the case summary, and the
/// issues section before its first item.
fn mention_zone(letter: &Letter, offset: usize) -> Option<Span> {
    let first_item = letter
        .items
        .first()
        .map_or(letter.span.end, |i| i.span.start);
    let first_heading = letter
        .sections
        .first()
        .map_or(letter.span.end, |s| s.heading.start);
    let header = Span::new(letter.span.start, first_heading);
    if header.touches(offset) && offset < first_heading {
        return Some(header);
    }
    letter
        .sections
        .iter()
        .filter(|s| matches!(s.kind, SectionKind::CaseSummary | SectionKind::Issues))
        .map(|s| match s.kind {
            SectionKind::Issues => Span::new(s.span.start, first_item.max(s.span.start)),
            _ => s.span,
        })
        .find(|z| z.touches(offset) && offset < z.end)
}

struct Token {
    span: Span,
    /// Its meaningful words (none for "the", "request", "10mg", …).
    words: Vec<String>,
}

impl Token {
    fn matches(&self, titled: &[String]) -> bool {
        self.words.iter().any(|w| titled.iter().any(|t| same(w, t)))
    }
}

/// The words of `text` (which starts at byte `base`), with their spans.
fn tokens(text: &str, base: usize) -> Vec<Token> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        let word_char = c.is_alphanumeric() || c == '-' || c == '/';
        match (start, word_char) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                let w = &text[s..i];
                out.push(Token {
                    span: Span::new(base + s, base + i),
                    words: words(w),
                });
                start = None;
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::fixture::{seed, Fixture};

    /// `origin → title`, or `none`.
    fn render(f: &Fixture) -> String {
        match definition(&f.doc(), f.cursor()) {
            Some(d) => format!("{} → {}", f.slice(d.origin), f.slice(d.title)),
            None => "none".to_string(),
        }
    }

    const ITEMS: &str = "IMR ISSUES, DECISIONS AND RATIONALES
The Final Determination was based on decisions for the disputed items/services set forth below:
Soma #60: Upheld
MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009.
Decision rationale: The request for Soma #60 is not medically necessary.
Flexeril 10mg #30: Upheld
MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009.
Decision rationale: The request for Flexeril 10mg #30 is not medically necessary.
Physical therapy lumbar spine x 6: Overturned
MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009.
Decision rationale: The request is medically necessary.
";

    fn letter_with_summary(summary: &str) -> String {
        format!(
            "HOW THE IMR FINAL DETERMINATION WAS MADE\nThe reviewer is Board Certified.\nCLINICAL CASE SUMMARY\n{summary}{ITEMS}"
        )
    }

    #[test]
    fn a_drug_in_the_summary_leads_to_its_item() {
        let f = Fixture::new(&letter_with_summary(
            "The Utilization Review non-certified the request for SOMA #60 and Flexeril.
                                                      |
",
        ));
        assert_eq!(render(&f), "SOMA → Soma #60");
    }

    #[test]
    fn generic_name_and_words_around_the_cursor() {
        let f = Fixture::new(&letter_with_summary(
            "He was prescribed cyclobenzaprine 10 mg and a course of physical therapy for the lumbar spine.
                       |
",
        ));
        assert_eq!(render(&f), "cyclobenzaprine → Flexeril 10mg #30");
        let f = Fixture::new(&letter_with_summary(
            "He was prescribed cyclobenzaprine 10 mg and a course of physical therapy for the lumbar spine.
                                                                     |
",
        ));
        assert_eq!(
            render(&f),
            "physical therapy → Physical therapy lumbar spine x 6"
        );
    }

    #[test]
    fn nothing_from_plain_words_or_from_inside_the_decisions() {
        let f = Fixture::new(&letter_with_summary(
            "The request was non-certified on review.
    |
",
        ));
        assert_eq!(render(&f), "none");
        let f = Fixture::new(&letter_with_summary("The patient is 50.\n").replace(
            "Soma #60 is not medically necessary.\n",
            "Soma #60 is not medically necessary.\n                                     |\n",
        ));
        assert_eq!(render(&f), "none");
    }

    #[test]
    fn mentions_in_the_bundled_letters() {
        let go = |name: &str, mention: &str, word: &str| {
            let text = seed(name);
            let at = text
                .find(mention)
                .unwrap_or_else(|| panic!("{mention:?} in {name}"));
            let at = at + mention.find(word).unwrap() + 1;
            let f = Fixture::new(&text);
            definition(&f.doc(), at).map(|d| f.slice(d.title).to_string())
        };
        let spine = "request for lumbar spine fusion";
        let fusion = go("004_1c39840940bed716.txt", spine, "fusion");
        assert_eq!(fusion.as_deref(), Some("1 lumbar spine fusion"));
        let flexeril = go(
            "004_1c39840940bed716.txt",
            "request for Flexeril",
            "Flexeril",
        );
        assert_eq!(
            flexeril.as_deref(),
            Some("Unknown prescription of Flexeril")
        );
        let norco = go(
            "001_2a130b5553485fce.txt",
            "Norco for pain control",
            "Norco",
        );
        assert_eq!(norco.as_deref(), Some("Norco 5/325 MG #30"));
        let cyclo = go(
            "001_2a130b5553485fce.txt",
            "cyclobenzaprine for muscle",
            "cyclo",
        );
        assert_eq!(
            cyclo.as_deref(),
            Some("Cyclobenzaprine Hydrochloride 5 MG #30")
        );
    }

    #[test]
    fn never_panics_at_any_offset() {
        let text = format!(
            "{}\nCLINICAL CASE SUMMARY\nFlexerilÂ® 10°😀 for Soma\r\nand\rmore é",
            seed("002_ca4af5e6e3409f09.txt")
        );
        let f = Fixture::new(&text);
        let found = (0..=text.len() + 2)
            .filter(|&at| text.is_char_boundary(at.min(text.len())))
            .filter_map(|at| definition(&f.doc(), at))
            .count();
        assert!(found > 0);
    }

    #[test]
    fn a_wrapped_request_in_a_real_summary() {
        let text = seed("002_ca4af5e6e3409f09.txt");
        let at = text.find("for Soma #60").expect("the seed mentions Soma") + "for S".len();
        let f = Fixture::new(&text);
        let d = definition(&f.doc(), at).expect("Soma leads to its item");
        assert_eq!(f.slice(d.title), "Soma #60");
        let at = text.find("request for Flexeril 10mg #30").unwrap() + "request for F".len();
        let d = definition(&f.doc(), at).expect("Flexeril leads to its item");
        assert_eq!(f.slice(d.title), "Flexeril 10mg #30");
    }
}
