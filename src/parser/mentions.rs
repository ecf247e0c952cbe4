//! Finds the guidelines a rationale names in its running text ("Per ODG Pain chapter, Opioids",
//! "CA MTUS Chronic Pain guidelines, page 41", "ACOEM states…") as running-text citations.
//!
//! Syntax only, like `citations.rs`: a mention starts at a guideline's name and runs to the end of
//! its clause; which guideline and topic it names is the catalog's business.

use super::citations::parse_pages;
use crate::model::{Citation, Span};
use regex::Regex;
use std::sync::OnceLock;

/// Words that name a guideline wherever they stand (acronyms are matched with their case, so
/// "odg" in a word or "mtus" in a file name do not count).
const NAMES: &[&str] = &[
    r"(?:CA|California)\s+MTUS",
    r"MTUS",
    r"ACOEM",
    r"ODG",
    r"CPMTG",
    r"(?i:official\s+disability\s+guidelines?)",
    r"(?i:(?:california\s+)?medical\s+treatment\s+utilization\s+schedule)",
    r"(?i:chronic\s+pain\s+medical\s+treatment\s+guidelines)",
    r"(?i:up\s*to\s*date)",
    r"(?i:mdguidelines)",
];

/// Words that end the name part of a clause: what the guideline does ("states", "recommends"),
/// auxiliaries and the articles that open what it says.
const CLAUSE_ENDS: &[&str] = &[
    "states",
    "state",
    "stated",
    "stating",
    "recommend",
    "recommends",
    "recommended",
    "indicate",
    "indicates",
    "indicated",
    "note",
    "notes",
    "noted",
    "advise",
    "advises",
    "support",
    "supports",
    "supported",
    "outline",
    "outlines",
    "clarify",
    "clarifies",
    "allow",
    "allows",
    "address",
    "addresses",
    "addressed",
    "warrant",
    "warrants",
    "specify",
    "specifies",
    "say",
    "says",
    "do",
    "does",
    "did",
    "is",
    "are",
    "was",
    "were",
    "has",
    "have",
    "had",
    "may",
    "can",
    "could",
    "should",
    "must",
    "will",
    "would",
    "discuss",
    "discusses",
    "adds",
    "continues",
    "silent",
    "the",
    "a",
    "an",
    "this",
    "that",
    "these",
    "those",
    "which",
    "who",
    "it",
    "there",
    "as",
    "also",
    "further",
    "specifically",
    "not",
];

/// Words a clause may stop on that belong to what follows, not to the name.
const TRAILING: &[&str] = &[
    "to", "of", "for", "in", "on", "and", "or", "with", "per", "by",
];

/// Abbreviations whose full stop does not end the clause ("p. 41", "pp. 41-42").
const ABBREVIATIONS: &[&str] = &[
    "p", "pp", "pg", "ch", "chap", "no", "vol", "sec", "e.g", "i.e",
];

/// The longest a mention runs: a name, a chapter and a topic or two.
const MAX_LEN: usize = 160;

fn names_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(&format!(r"\b(?:{})\b", NAMES.join("|"))).expect("valid regex"))
}

/// Every guideline mention in a rationale's `body`, as running-text citations.
pub(super) fn parse(src: &str, body: Span) -> Vec<Citation> {
    let text = body.text(src);
    let names: Vec<(usize, usize)> = names_re()
        .find_iter(text)
        .map(|m| (m.start(), m.end()))
        .collect();
    let mut out = Vec::new();
    let mut n = 0;
    while n < names.len() {
        let start = names[n].0;
        // Names separated only by slashes, brackets or dashes are one name: "MTUS/ACOEM",
        // "Official Disability Guidelines (ODG)", "MTUS ACOEM".
        let mut name_end = names[n].1;
        n += 1;
        while n < names.len()
            && text[name_end..names[n].0]
                .chars()
                .all(|c| c.is_whitespace() || "/()-".contains(c))
        {
            name_end = names[n].1;
            n += 1;
        }
        let mut limit = names
            .get(n)
            .map_or(text.len(), |m| m.0)
            .min(start + MAX_LEN)
            .min(text.len());
        while !text.is_char_boundary(limit) {
            limit -= 1;
        }
        let mut end = clause_end(text, name_end, limit);
        let pages = parse_pages(&text[start..end], body.start + start);
        // A page list closes a reference: what follows it is what the guideline says.
        if let Some(last) = pages.last() {
            end = last.span.end - body.start;
        }
        let span = Span::new(body.start + start, body.start + end);
        let guideline_end = pages
            .first()
            .map_or(span.end, |_| page_word_start(text, start, end) + body.start);
        out.push(Citation {
            span,
            non_mtus: false,
            guideline: Span::new(span.start, guideline_end.max(span.start)),
            sections: None,
            pages,
            address: None,
            running_text: true,
        });
    }
    out
}

/// Where the clause that a name opens at `from` ends (before `limit`), trimmed of words that
/// belong to what follows.
fn clause_end(text: &str, from: usize, limit: usize) -> usize {
    let mut end = from;
    let mut at = from;
    let bytes = text.as_bytes();
    while at < limit {
        let c = text[at..].chars().next().unwrap_or(' ');
        if c.is_alphanumeric() {
            let word_end = text[at..]
                .char_indices()
                .find(|&(_, c)| !(c.is_alphanumeric() || c == '\''))
                .map_or(text.len(), |(i, _)| at + i)
                .min(limit);
            let word = text[at..word_end].to_ascii_lowercase();
            if CLAUSE_ENDS.contains(&word.as_str()) {
                break;
            }
            end = word_end;
            at = word_end;
            continue;
        }
        let stops = match c {
            ';' | ':' | '"' | '\u{201c}' | '\u{201d}' => true,
            '.' => {
                let word_before = text[..at]
                    .rsplit(|c: char| !c.is_alphanumeric() && c != '.')
                    .next()
                    .unwrap_or("")
                    .to_ascii_lowercase();
                let digit_next = bytes.get(at + 1).is_some_and(u8::is_ascii_digit);
                !digit_next && !ABBREVIATIONS.contains(&word_before.as_str())
            }
            '\n' => text[at + 1..]
                .trim_start_matches([' ', '\t', '\r'])
                .starts_with('\n'),
            _ => false,
        };
        if stops {
            break;
        }
        at += c.len_utf8();
        if matches!(c, ')' | ']') {
            end = at;
        }
    }
    trim_trailing(text, from, end)
}

/// `end` moved back over trailing connectives and punctuation, never before `from`.
fn trim_trailing(text: &str, from: usize, mut end: usize) -> usize {
    loop {
        let head =
            text[from..end].trim_end_matches(|c: char| c.is_whitespace() || ",-(".contains(c));
        let cut = from + head.len();
        let last_word_at = head
            .char_indices()
            .rev()
            .find(|&(_, c)| !c.is_alphanumeric())
            .map_or(0, |(i, c)| i + c.len_utf8());
        let last = head[last_word_at..].to_ascii_lowercase();
        if !last.is_empty() && TRAILING.contains(&last.as_str()) && last_word_at > 0 {
            end = from + last_word_at;
            continue;
        }
        return cut.max(from);
    }
}

/// Where the page words ("page", "pp.") of a mention start, so the name stops before them.
fn page_word_start(text: &str, start: usize, end: usize) -> usize {
    let lower = text[start..end].to_ascii_lowercase();
    let at = ["page", "pp.", "p.", "pg."]
        .iter()
        .filter_map(|w| {
            lower
                .match_indices(w)
                .find(|(i, _)| *i == 0 || !lower.as_bytes()[i - 1].is_ascii_alphabetic())
                .map(|(i, _)| i)
        })
        .min()
        .unwrap_or(lower.len());
    start + lower[..at].trim_end_matches([' ', ',', '\n', '\r']).len()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each mention's text, its guideline phrase and its pages.
    type Found = (String, String, Vec<(u32, u32)>);

    fn mentions(text: &str) -> Vec<Found> {
        parse(text, Span::new(0, text.len()))
            .into_iter()
            .map(|c| {
                (
                    c.span.text(text).to_string(),
                    c.guideline.text(text).to_string(),
                    c.pages.iter().map(|p| (p.first, p.last)).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn running_text_mentions() {
        let m = mentions("According to the CA MTUS Chronic Pain guidelines, page 41, cyclobenzaprine is recommended.");
        assert_eq!(
            m,
            vec![(
                "CA MTUS Chronic Pain guidelines, page 41".into(),
                "CA MTUS Chronic Pain guidelines".into(),
                vec![(41, 41)]
            )]
        );
        let m = mentions("Per ODG Pain chapter, Opioids, ongoing management is required.");
        assert_eq!(m[0].0, "ODG Pain chapter, Opioids, ongoing management");
        let m = mentions("ACOEM states that imaging is indicated. The Official Disability Guidelines (ODG) recommend it.");
        let names: Vec<&str> = m.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(names, ["ACOEM", "Official Disability Guidelines (ODG)"]);
        // Two guidelines joined by "and" are two mentions; by a slash, one.
        let m = mentions(
            "California MTUS and ACOEM Guidelines do not address this. MTUS/ACOEM does not.",
        );
        let names: Vec<&str> = m.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(names, ["California MTUS", "ACOEM Guidelines", "MTUS/ACOEM"]);
        // A name inside another's clause starts its own mention; a page list ends one.
        let m =
            mentions("MTUS Guideline in ACOEM Chapter 9, Table 9-6, page 214, the routine usage");
        assert_eq!(m[0].0, "MTUS Guideline");
        assert_eq!(m[1].0, "ACOEM Chapter 9, Table 9-6, page 214");
        assert_eq!(m[1].1, "ACOEM Chapter 9, Table 9-6");
        assert_eq!(m[1].2, vec![(214, 214)]);
        assert!(mentions("The patient reports pain; no guideline is named.").is_empty());
        // Acronyms count only in capitals.
        assert!(mentions("the odg value").is_empty());
        // Wide characters where the length limit falls do not break a mention.
        let long = format!("MTUS {}", "é".repeat(200));
        assert_eq!(mentions(&long).len(), 1);
        let long = format!("ODG {}é", "x".repeat(155));
        assert_eq!(mentions(&long).len(), 1);
        assert_eq!(
            mentions(" Chronic*\u{1f574}\u{1e7e1} MTUS*\u{1f574} to").len(),
            1
        );
    }
}
