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

/// A piece of a header line: the whole line, or one column of a layout-mode line (columns are
/// separated by runs of two or more spaces).
#[derive(Clone, Copy)]
struct Cell {
    start: usize,
    end: usize,
}

fn cells(src: &str, lines: &[Line]) -> Vec<Cell> {
    let mut out = Vec::new();
    for l in lines.iter().filter(|l| !l.is_blank()) {
        let content = l.content(src);
        let mut start = 0;
        let bytes = content.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b' ' && bytes.get(i + 1) == Some(&b' ') {
                let gap_end = i + content[i..].len() - content[i..].trim_start().len();
                out.push(Cell {
                    start: l.trim_start + start,
                    end: l.trim_start + i,
                });
                start = gap_end;
                i = gap_end;
                continue;
            }
            i += 1;
        }
        out.push(Cell {
            start: l.trim_start + start,
            end: l.trim_end,
        });
    }
    out
}

pub(super) fn parse_header(src: &str, lines: &[Line], base: usize) -> Header {
    let mut header = Header::default();
    let mut pending: VecDeque<usize> = VecDeque::new();
    let cells = cells(src, lines);
    let mut i = 0;
    while i < cells.len() {
        let c = cells[i];
        i += 1;
        let content = &src[c.start..c.end];
        let span = Span::new(c.start + base, c.end + base);
        if let Some((label, inline)) = label_of(content) {
            let value = inline.map(|at| {
                let raw = &content[at..];
                let lead = raw.len() - raw.trim_start().len();
                let start = c.start + at + lead;
                Spanned {
                    text: raw.trim().to_string(),
                    span: Span::new(start + base, c.end + base),
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
        // Layout mode wraps a label around its value: "Application   11/15/2016" / "Received:".
        if let (Some(value), Some(rest)) = (cells.get(i), cells.get(i + 1)) {
            let value_text = &src[value.start..value.end];
            let label = label_prefix(content, &src[rest.start..rest.end])
                .filter(|_| !value_text.ends_with(':') && label_of(value_text).is_none());
            if let Some(label) = label {
                header.fields.push(HeaderField {
                    label: label.to_string(),
                    label_span: span,
                    value: Some(Spanned {
                        text: value_text.to_string(),
                        span: Span::new(value.start + base, value.end + base),
                    }),
                });
                i += 2;
                continue;
            }
        }
        if let Some(next) = cells.get(i) {
            if let Some(label) = label_prefix(content, &src[next.start..next.end]) {
                header.fields.push(HeaderField {
                    label: label.to_string(),
                    label_span: Span::new(span.start, next.end + base),
                    value: None,
                });
                pending.push_back(header.fields.len() - 1);
                i += 1;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parser::lines::lines;

    fn fields(text: &str) -> Vec<(String, Option<String>)> {
        let ls = lines(text);
        let h = parse_header(text, &ls, 0);
        h.fields
            .into_iter()
            .map(|f| (f.label, f.value.map(|v| v.text)))
            .collect()
    }

    #[test]
    fn labels_first_then_values_with_a_wrapped_label() {
        let f = fields("Case Number:\nDate Assigned:\n\nCM16-0247802\n12/30/2016\n\nApplication\nReceived:\n\n12/27/2016\n");
        assert_eq!(f[0], ("Case Number".into(), Some("CM16-0247802".into())));
        assert_eq!(f[1], ("Date Assigned".into(), Some("12/30/2016".into())));
        assert_eq!(
            f[2],
            ("Application Received".into(), Some("12/27/2016".into()))
        );
    }

    #[test]
    fn layout_mode_columns() {
        let text = "Case Number:      CM16-0247802        Date Assigned:     12/30/2016\n";
        let f = fields(text);
        assert_eq!(f[0], ("Case Number".into(), Some("CM16-0247802".into())));
        assert_eq!(f[1], ("Date Assigned".into(), Some("12/30/2016".into())));
        let ls = lines(text);
        assert_eq!(
            parse_header(text, &ls, 0).case_number.unwrap().text,
            "CM16-0247802"
        );
    }

    #[test]
    fn layout_mode_label_wrapped_around_its_value() {
        let text = "Priority:             Standard                        Application          11/15/2016\n                                                      Received:\n";
        let f = fields(text);
        assert_eq!(f[0], ("Priority".into(), Some("Standard".into())));
        assert_eq!(
            f[1],
            ("Application Received".into(), Some("11/15/2016".into()))
        );
        assert_eq!(f.len(), 2);
    }
}
