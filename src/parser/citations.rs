//! Splits a guideline field into citations and reads the guideline phrase, sections and pages.
//!
//! This is syntax only; which guideline and topic a phrase names is the catalog's business.

use super::lines::find_ci;
use super::spelling::{CITATION_START, PAGES_MARK, SECTIONS_MARK};
use crate::model::{Citation, FieldKind, PageRef, Span};
use regex::Regex;
use std::sync::OnceLock;

fn start_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        let words: Vec<String> = CITATION_START
            .split_whitespace()
            .map(regex::escape)
            .collect();
        Regex::new(&format!(r"(?i)\b{}\b", words.join(r"\s+"))).expect("valid regex")
    })
}

fn non_mtus_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)^\s*non\s*-\s*mtus(?:\s+citation)?\b[\s:,-]*").expect("valid regex")
    })
}

fn pages_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        let range = r"\d{1,4}(?:\s*(?:[-\u{2010}-\u{2015}\u{2212}]|\bto\b)\s*\d{1,4})?";
        Regex::new(&format!(
            r"(?i)(?:\bpage\(s\)\s*:?|\bpages?\b\.?:?|\bpp?\.|\bpg\.)\s*({range}(?:\s*[,;]\s*(?:(?:and|&)\s+)?(?:pages?\s+|pp?\.\s*)?{range})*)"
        ))
        .expect("valid regex")
    })
}

fn number_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(\d{1,4})(?:\s*(?:[-\u{2010}-\u{2015}\u{2212}]|\bto\b)\s*(\d{1,4}))?")
            .expect("valid regex")
    })
}

/// `111-13` means 111-113: the missing leading digits come from the first page.
fn expand_abbreviated(first: u32, last: u32, last_digits: usize) -> u32 {
    if last >= first {
        return last;
    }
    let scale = 10u32.pow(last_digits as u32);
    let candidate = first - first % scale + last;
    if candidate >= first {
        candidate
    } else {
        last
    }
}

/// All citations of a guideline field's body.
pub(super) fn parse(src: &str, body: Span, kind: FieldKind) -> Vec<Citation> {
    let text = body.text(src);
    if text.is_empty() {
        return Vec::new();
    }
    let starts: Vec<usize> = start_re().find_iter(text).map(|m| m.start()).collect();
    if starts.is_empty() {
        // An evidence field often just names its source ("UpToDate, Flexeril").
        return vec![citation(
            src,
            body.start,
            text.len(),
            0,
            kind == FieldKind::OtherEvidence,
        )];
    }
    segments(src, body, &starts, kind == FieldKind::OtherEvidence)
}

/// Citations after a "did not cite any medical evidence" sentence, if it goes on to name any.
pub(super) fn parse_after_sentence(src: &str, body: Span) -> Vec<Citation> {
    let text = body.text(src);
    let starts: Vec<usize> = start_re().find_iter(text).map(|m| m.start()).collect();
    segments(src, body, &starts, false)
}

fn segments(src: &str, body: Span, starts: &[usize], non_mtus: bool) -> Vec<Citation> {
    let text = body.text(src);
    let mut out = Vec::with_capacity(starts.len());
    for (n, &s) in starts.iter().enumerate() {
        let e = starts.get(n + 1).copied().unwrap_or(text.len());
        let prefix = start_re().find(&text[s..e]).map(|m| m.len()).unwrap_or(0);
        out.push(citation(src, body.start + s, e - s, prefix, non_mtus));
    }
    out
}

/// Reads one citation at `start..start+len`, skipping `prefix` bytes ("Decision based on").
fn citation(src: &str, start: usize, len: usize, prefix: usize, non_mtus_field: bool) -> Citation {
    let seg = &src[start..start + len];
    let mut at = prefix;
    let mut non_mtus = non_mtus_field;
    if let Some(m) = non_mtus_re().find(&seg[at..]) {
        non_mtus = true;
        at += m.end();
    }
    let rest = &seg[at..];
    let sections_at = find_ci(rest, SECTIONS_MARK);
    let pages_at = find_ci(rest, PAGES_MARK);
    let name_end = [sections_at, pages_at]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(rest.len());
    let guideline = trimmed(start + at, &rest[..name_end]);
    let sections = sections_at.map(|s| {
        let from = s + SECTIONS_MARK.len();
        let to = pages_at.filter(|&p| p > from).unwrap_or(rest.len());
        trimmed(start + at + from, &rest[from..to])
    });
    let pages = parse_pages(seg, start);
    let span = trimmed(start, seg);
    Citation {
        span: Span::new(span.start, span.end.max(span.start)),
        non_mtus,
        guideline,
        sections: sections.filter(|s| !s.is_empty()),
        pages,
        address: web_address(seg, start),
        running_text: false,
    }
}

fn address_start_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(?i)\b(?:https?://|www\.)").expect("valid regex"))
}

/// Characters a web address is made of (RFC 3986, less the quotes and brackets prose wraps it in).
fn in_address(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~:/?#@!$&'*+,;=%".contains(c)
}

/// The first web address in `seg` (found at `base`), joined across one line break when the PDF
/// wrapped it: the address runs to the end of its line and the next line goes on with what can
/// only be more of it (a path piece holding `/`, `.`, `=` or `_`, or the line broke after `/`,
/// `-`, `.`, `=`, `?`, `&` or `_`). Trailing punctuation of the sentence is left out.
fn web_address(seg: &str, base: usize) -> Option<Span> {
    let start = address_start_re().find(seg)?.start();
    let run = |from: usize| {
        seg[from..]
            .char_indices()
            .find(|&(_, c)| !in_address(c))
            .map_or(seg.len(), |(i, _)| from + i)
    };
    let mut end = run(start);
    let after = &seg[end..];
    let gap = after.len() - after.trim_start().len();
    let line_break = after[..gap].matches('\n').count() == 1 && !after[..gap].contains("\n\n");
    if line_break && gap < after.len() {
        let next_start = end + gap;
        let next_end = run(next_start);
        let piece = &seg[next_start..next_end];
        let broke_after = seg[start..end].ends_with(['/', '-', '.', '=', '?', '&', '_']);
        let looks_like_path = piece
            .trim_end_matches(['.', ',', ';', ':'])
            .contains(['/', '.', '=', '_']);
        if !piece.is_empty() && (broke_after || looks_like_path) {
            end = next_end;
        }
    }
    let core = seg[start..end].trim_end_matches(['.', ',', ';', ':', '\'', '!', '?']);
    let scheme_only = !core.contains('.');
    (!scheme_only).then(|| Span::new(base + start, base + start + core.len()))
}

/// The span of `s` (found at `at`) without surrounding whitespace and a trailing full stop.
fn trimmed(at: usize, s: &str) -> Span {
    let lead = s.len() - s.trim_start().len();
    let core = s.trim().trim_end_matches(['.', ',', ';']).trim_end();
    Span::new(at + lead, at + lead + core.len())
}

/// Page numbers and ranges as letters write them: `Page(s): 41-42; page 6`, `pages 288, 307`,
/// a range broken over a line (`64-` / `66`). Spans are absolute (`base` is `text`'s offset).
pub fn parse_pages(text: &str, base: usize) -> Vec<PageRef> {
    let mut out = Vec::new();
    for caps in pages_re().captures_iter(text) {
        let Some(list) = caps.get(1) else { continue };
        for m in number_re().captures_iter(list.as_str()) {
            let whole = m.get(0).expect("match");
            let a: u32 = m[1].parse().unwrap_or(0);
            let b: u32 = m
                .get(2)
                .and_then(|x| Some(expand_abbreviated(a, x.as_str().parse().ok()?, x.len())))
                .unwrap_or(a);
            if a == 0 {
                continue;
            }
            let s = base + list.start() + whole.start();
            out.push(PageRef {
                first: a.min(b),
                last: a.max(b),
                span: Span::new(s, s + whole.len()),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pages(t: &str) -> Vec<(u32, u32)> {
        parse_pages(t, 0)
            .iter()
            .map(|p| (p.first, p.last))
            .collect()
    }

    #[test]
    fn page_lists_parse() {
        assert_eq!(pages("Page(s): 41-42; page 6."), vec![(41, 42), (6, 6)]);
        assert_eq!(pages("Page(s): 288, 307."), vec![(288, 288), (307, 307)]);
        assert_eq!(pages("pages 64-\n66"), vec![(64, 66)]);
        assert_eq!(pages("MTUS 2009, Chapter 12"), vec![]);
        assert_eq!(
            pages("page 41-42, 60-61, 64-\n\n66. Decision"),
            vec![(41, 42), (60, 61), (64, 66)]
        );
        assert_eq!(pages("p. 22"), vec![(22, 22)]);
        assert_eq!(
            pages("Page(s): page(s) 74-96.  Decision based on 2016"),
            vec![(74, 96)]
        );
        assert_eq!(pages("pages 111-13"), vec![(111, 113)]);
        assert_eq!(pages("pp. 41\u{2013}42 and 60 to 61"), vec![(41, 42)]);
        assert_eq!(
            pages("pp. 41\u{2013}42, 60 to 61"),
            vec![(41, 42), (60, 61)]
        );
        assert_eq!(pages("Antispasmodics page 6"), vec![(6, 6)]);
    }

    fn address(t: &str) -> Option<String> {
        web_address(t, 0).map(|s| crate::model::joined_address(s.text(t)))
    }

    #[test]
    fn web_addresses_are_found_and_joined_across_a_wrap() {
        assert_eq!(
            address("Non-MTUS Citation http://www.aetna.com/cpb/medical/data/100_199/0181.html."),
            Some("http://www.aetna.com/cpb/medical/data/100_199/0181.html".into())
        );
        assert_eq!(
            address("Citation https://www.ncbi.nlm.nih.gov/pmc/articles/\nPMC4431231/ accessed"),
            Some("https://www.ncbi.nlm.nih.gov/pmc/articles/PMC4431231/".into())
        );
        assert_eq!(
            address("Citation https://www.example.org/guide\nlines/knee.html, 2016"),
            Some("https://www.example.org/guidelines/knee.html".into())
        );
        // A word on the next line is prose, not more of the address.
        assert_eq!(
            address("https://www.example.org/ekg\nAccessed 02/18/2017"),
            Some("https://www.example.org/ekg".into())
        );
        assert_eq!(
            address("http://www.nhlbi.nih.gov/health/topics/ekg, accessed 02/18/2017"),
            Some("http://www.nhlbi.nih.gov/health/topics/ekg".into())
        );
        assert_eq!(
            address("www.mdguidelines.com."),
            Some("www.mdguidelines.com".into())
        );
        assert_eq!(address("MTUS Chronic Pain, page 41"), None);
        assert_eq!(address("see https:// for details"), None);
    }

    #[test]
    fn page_spans_cover_digits() {
        let t = "Page(s): 63-66.";
        let p = parse_pages(t, 10);
        assert_eq!(&t[p[0].span.start - 10..p[0].span.end - 10], "63-66");
    }
}
