//! Semantic tokens: what each piece of a letter is (decision word, heading, label, guideline,
//! topic, page, case number, date, placeholder), so editors without a grammar colour letters.
//!
//! Tokens never span a line break: a wrapped guideline name or heading becomes one token per
//! line, as LSP requires.

use super::Doc;
use crate::model::{DecisionKind, Letter, Span};
use regex::Regex;
use std::sync::OnceLock;

/// What a token is. The LSP edge maps these onto standard token types and modifiers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenKind {
    Upheld,
    Overturned,
    /// A word in the decision place that is neither decision.
    OtherDecision,
    Heading,
    /// A field label or a header label.
    Label,
    Guideline,
    Topic,
    Page,
    CaseNumber,
    Date,
    Placeholder,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// Within one line.
    pub span: Span,
    pub kind: TokenKind,
}

/// The tokens meeting `range`, in document order, none overlapping, none crossing a line end.
pub fn tokens(doc: &Doc, range: Span) -> Vec<Token> {
    let an = doc.analysis;
    let mut raw: Vec<Token> = Vec::new();
    for (letter, la) in an.letters().filter(|(l, _)| l.span.meets(range)) {
        structure(doc, letter, range, &mut raw);
        for d in la.findings.iter().filter(|d| d.code == "placeholder") {
            raw.push(Token {
                span: d.span,
                kind: TokenKind::Placeholder,
            });
        }
    }
    for c in an.citations_in(range) {
        let r = &c.resolved;
        if let Some((_, s)) = r.guideline {
            raw.push(Token {
                span: s,
                kind: TokenKind::Guideline,
            });
        }
        for t in &r.topics {
            raw.push(Token {
                span: t.span,
                kind: TokenKind::Topic,
            });
        }
        for p in &r.pages {
            raw.push(Token {
                span: p.span,
                kind: TokenKind::Page,
            });
        }
    }
    dates(doc, range, &mut raw);
    raw.retain(|t| !t.span.is_empty() && t.span.meets(range));
    // Inner tokens first at a shared start, so a page inside a date-like run keeps its colour.
    raw.sort_by_key(|t| (t.span.start, t.span.end));
    let mut out: Vec<Token> = Vec::with_capacity(raw.len());
    let mut end = 0;
    for t in raw {
        if t.span.start < end {
            continue;
        }
        end = t.span.end;
        split_lines(doc, t, &mut out);
    }
    // A token starting where the range ends is outside it (a range to the next line's start).
    out.retain(|t| t.span.start < range.end && t.span.end > range.start);
    out
}

/// Headings, labels, decision words and the header's case number and dates.
fn structure(doc: &Doc, letter: &Letter, range: Span, out: &mut Vec<Token>) {
    let mut push = |span: Span, kind| out.push(Token { span, kind });
    if let Some(c) = &letter.header.case_number {
        push(c.span, TokenKind::CaseNumber);
    }
    for f in &letter.header.fields {
        // A value on the label's own line ends the label.
        let mut label = f.label_span;
        if let Some(v) = f.value.as_ref().filter(|v| label.touches(v.span.start)) {
            let before = doc.text_of(Span::new(label.start, v.span.start));
            label.end = label.start + before.trim_end().len();
        }
        push(label, TokenKind::Label);
        if let Some(v) = &f.value {
            if f.label.contains("Date") || f.label.contains("Received") {
                push(v.span, TokenKind::Date);
            }
        }
    }
    for s in &letter.sections {
        push(s.heading, TokenKind::Heading);
    }
    for item in letter.items.iter().filter(|i| i.span.meets(range)) {
        if let Some(s) = item.decision.span {
            let kind = match item.decision.kind {
                DecisionKind::Upheld => TokenKind::Upheld,
                DecisionKind::Overturned => TokenKind::Overturned,
                _ => TokenKind::OtherDecision,
            };
            push(s, kind);
        }
        for f in &item.fields {
            // The "did not cite any medical evidence" sentence is prose, not a label.
            if !f.no_evidence {
                push(f.label, TokenKind::Label);
            }
        }
    }
}

fn date_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"\b(?:0?[1-9]|1[0-2])[/.-](?:0?[1-9]|[12][0-9]|3[01])[/.-](?:19|20)?[0-9]{2}\b")
            .expect("valid regex")
    })
}

/// Dates written in the text of `range` ("4/4/13", "10-2-15", "03/29/2014").
fn dates(doc: &Doc, range: Span, out: &mut Vec<Token>) {
    let len = doc.text.len();
    let (start, end) = (
        crate::parser::source::line_start_before(doc.text, range.start.min(len)),
        crate::parser::source::line_end_after(doc.text, range.end.min(len)),
    );
    let text = doc.text.slice(start, end);
    for m in date_re().find_iter(&text) {
        out.push(Token {
            span: Span::new(start + m.start(), start + m.end()),
            kind: TokenKind::Date,
        });
    }
}

/// Pushes `t`, cut at each line break inside it (the breaks themselves belong to no token).
fn split_lines(doc: &Doc, t: Token, out: &mut Vec<Token>) {
    let text = doc.text_of(t.span);
    let mut from = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\n' || bytes[i] == b'\r' {
            push_piece(t, from, i, out);
            if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                i += 1;
            }
            from = i + 1;
        }
        i += 1;
    }
    push_piece(t, from, bytes.len(), out);
}

fn push_piece(t: Token, a: usize, b: usize, out: &mut Vec<Token>) {
    if b > a {
        out.push(Token {
            span: Span::new(t.span.start + a, t.span.start + b),
            kind: t.kind,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::fixture::{letter, seed, Fixture};

    /// Each token as `kind «text»`, one per line.
    fn render(f: &Fixture, range: Span) -> String {
        tokens(&f.doc(), range)
            .iter()
            .map(|t| format!("{:?} «{}»\n", t.kind, f.slice(t.span)))
            .collect()
    }

    #[test]
    fn headings_labels_decisions_citations_dates_and_placeholders() {
        let f = Fixture::new(&letter(
            "Norco 5/325 mg #30: Upheld
Claims Administrator guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009, Page(s): 41-42.
MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009, Section(s): Cyclobenzaprine (Flexeril).
Decision rationale: Seen on 4/4/13. The request for <drug> is not medically necessary.
Physical therapy: Overturned
Claims Administrator guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009.
The Expert Reviewer did not cite any medical evidence for its decision.
Decision rationale: The request is medically necessary.
",
        ));
        insta::assert_snapshot!(render(&f, Span::new(0, f.text.len())), @r"
        Heading «HOW THE IMR FINAL DETERMINATION WAS MADE»
        Heading «CLINICAL CASE SUMMARY»
        Heading «IMR ISSUES, DECISIONS AND RATIONALES»
        Upheld «Upheld»
        Label «Claims Administrator guideline:»
        Guideline «MTUS Chronic Pain Medical Treatment 2009»
        Page «41-42»
        Label «MAXIMUS guideline:»
        Guideline «MTUS Chronic Pain Medical Treatment 2009»
        Topic «Cyclobenzaprine (Flexeril)»
        Label «Decision rationale:»
        Date «4/4/13»
        Placeholder «<drug>»
        Overturned «Overturned»
        Label «Claims Administrator guideline:»
        Guideline «MTUS Chronic Pain Medical Treatment 2009»
        Label «Decision rationale:»
        ");
    }

    #[test]
    fn the_header_case_number_and_dates() {
        let f = Fixture::new(&format!(
            "Case Number: CM16-0247802\nDate Assigned: 11/28/2016\nDecision Date: 12/22/2016\n{}",
            letter("")
        ));
        let out = render(&f, Span::new(0, f.text.len()));
        insta::assert_snapshot!(out.lines().take(5).collect::<Vec<_>>().join("\n"), @r"
        Label «Case Number:»
        CaseNumber «CM16-0247802»
        Label «Date Assigned:»
        Date «11/28/2016»
        Label «Decision Date:»
        ");
    }

    #[test]
    fn a_range_gets_only_its_tokens() {
        let f = Fixture::new(&letter(
            "Norco 5/325 mg #30: Upheld
Claims Administrator guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009, Page(s): 41-42.
                                                                                                     ^^^^^
MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009.
Decision rationale: The request for Norco is not medically necessary.
",
        ));
        insta::assert_snapshot!(render(&f, f.range()), @"Page «41-42»");
    }

    #[test]
    fn a_wrapped_guideline_name_is_one_token_per_line() {
        let f = Fixture::new(&letter(
            "Norco 5/325 mg #30: Upheld
Claims Administrator guideline: Decision based on MTUS Chronic Pain Medical
Treatment 2009, Page(s): 41-42.
MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009.
Decision rationale: The request for Norco is not medically necessary.
",
        ));
        let out = render(&f, Span::new(0, f.text.len()));
        assert!(
            out.contains("Guideline «MTUS Chronic Pain Medical»\nGuideline «Treatment 2009»\n"),
            "{out}"
        );
        for t in tokens(&f.doc(), Span::new(0, f.text.len())) {
            assert!(!f.slice(t.span).contains(['\n', '\r']), "{t:?}");
        }
    }

    #[test]
    fn any_range_of_crlf_and_multibyte_text() {
        let text = letter(
            "FlexerilÂ® 10°😀: Upheld\r\nMAXIMUS guideline: Decision based on MTUS Chronic Pain\rMedical Treatment 2009, Page(s): 41-42.\r\nDecision rationale: On 4/4/13 the request is not medically necessary.\r\n",
        );
        let f = Fixture::new(&text);
        let all = tokens(&f.doc(), Span::new(0, text.len()));
        assert!(all.iter().any(|t| t.kind == TokenKind::Upheld));
        let bounds: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        for (n, &a) in bounds.iter().enumerate().step_by(7) {
            for &b in bounds[n..].iter().step_by(13) {
                for t in tokens(&f.doc(), Span::new(a, b)) {
                    let piece = text.get(t.span.start..t.span.end).expect("char boundaries");
                    assert!(!piece.is_empty() && !piece.contains(['\n', '\r']), "{t:?}");
                    assert!(
                        all.contains(&t),
                        "a range's token is a full-document token: {t:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_real_letter() {
        let f = Fixture::new(&seed("001_2a130b5553485fce.txt"));
        let out = render(&f, Span::new(0, f.text.len()));
        for want in [
            "Upheld «Upheld»",
            "Overturned «Overturned»",
            "Heading «CLINICAL CASE SUMMARY»",
        ] {
            assert!(out.contains(want), "{want} missing in\n{out}");
        }
        let all = tokens(&f.doc(), Span::new(0, f.text.len()));
        assert!(
            all.windows(2).all(|w| w[0].span.end <= w[1].span.start),
            "sorted, no overlap"
        );
    }
}
