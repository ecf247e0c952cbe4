//! Reads the header block (case number, dates) that precedes a letter's first heading.

use super::lines::{same_words, Line};
use super::spelling::{CASE_NUMBER_LABEL, HEADER_LABELS};
use crate::model::{Header, HeaderField, Span, Spanned};
use regex::Regex;
use std::collections::VecDeque;
use std::sync::OnceLock;

fn case_number_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"\bCM\d{2}-\d{4,8}\b").expect("valid regex"))
}

/// Which known label `content` is (or begins, when PDF text wrapped it), and any inline value.
fn label_of(content: &str) -> Option<(&'static str, Option<usize>)> {
    let (name, rest_at) = match content.find(':') {
        Some(i) => (&content[..i], Some(i + 1)),
        None => (content, None),
    };
    let label = HEADER_LABELS.iter().find(|l| same_words(name, l))?;
    let inline = rest_at.filter(|&i| !content[i..].trim().is_empty());
    Some((label, inline))
}

/// Whether `content` is the first words of a known label that wrapped onto the next line.
fn label_prefix(content: &str, next: &str) -> Option<&'static str> {
    if content.contains(':') || !next.ends_with(':') {
        return None;
    }
    let joined = format!("{} {}", content, next.trim_end_matches(':'));
    HEADER_LABELS
        .iter()
        .find(|l| same_words(&joined, l))
        .copied()
}

pub(super) fn parse_header(src: &str, lines: &[Line], base: usize) -> Header {
    let mut header = Header::default();
    let mut pending: VecDeque<usize> = VecDeque::new();
    let mut i = 0;
    while i < lines.len() {
        let l = lines[i];
        i += 1;
        if l.is_blank() {
            continue;
        }
        let content = l.content(src);
        let span = Span::new(l.trim_start + base, l.trim_end + base);
        if let Some((label, inline)) = label_of(content) {
            let value = inline.map(|at| {
                let raw = &content[at..];
                let lead = raw.len() - raw.trim_start().len();
                let start = l.trim_start + at + lead;
                Spanned {
                    text: raw.trim().to_string(),
                    span: Span::new(start + base, l.trim_end + base),
                }
            });
            let waiting = value.is_none();
            header.fields.push(HeaderField {
                label: label.to_string(),
                label_span: span,
                value,
            });
            if waiting {
                pending.push_back(header.fields.len() - 1);
            }
            continue;
        }
        if let Some(next) = lines[i..].iter().find(|n| !n.is_blank()) {
            if let Some(label) = label_prefix(content, next.content(src)) {
                header.fields.push(HeaderField {
                    label: label.to_string(),
                    label_span: Span::new(span.start, next.trim_end + base),
                    value: None,
                });
                pending.push_back(header.fields.len() - 1);
                i = lines
                    .iter()
                    .position(|x| x.start == next.start)
                    .unwrap_or(i)
                    + 1;
                continue;
            }
        }
        if let Some(f) = pending.pop_front() {
            header.fields[f].value = Some(Spanned {
                text: content.to_string(),
                span,
            });
        }
    }
    let by_label = header
        .fields
        .iter()
        .find(|f| f.label == CASE_NUMBER_LABEL)
        .and_then(|f| f.value.as_ref())
        .and_then(|v| {
            let m = case_number_re().find(&v.text)?;
            Some(Spanned {
                text: m.as_str().to_string(),
                span: Span::new(v.span.start + m.start(), v.span.start + m.end()),
            })
        });
    header.case_number = by_label.or_else(|| {
        // Some extractions lose the label/value pairing; any CM number in the header will do.
        let from = lines.first()?.start;
        let to = lines.last()?.next;
        let m = case_number_re().find(&src[from..to])?;
        Some(Spanned {
            text: m.as_str().to_string(),
            span: Span::new(from + m.start() + base, from + m.end() + base),
        })
    });
    header
}
