//! Finds the disputed items of a letter's issues section: titles, decisions and fields.
//!
//! Two kinds of line anchor an item: the item line (`<title>: Upheld`, or the decision alone on
//! the next line) and the field labels (`Claims Administrator guideline:` …). A label that comes
//! back in the block order (a new `Claims Administrator guideline:` after a rationale) starts a
//! new item even without a recognised decision; its title is then read upward from the label, so
//! a draft with a misspelt or missing decision still shows the item.

use super::lines::{find_ci, starts_with_ci, Line};
use super::reuse::Reuse;
use super::spelling::{
    FIELD_LABELS, ISSUES_INTRO, MAX_TITLE_LINES, NO_EVIDENCE, OVERTURNED, PARTIAL_AUTHORIZED,
    PARTIAL_AUTHORIZED_BY, PARTIAL_ELIGIBLE, PARTIAL_LEAVING, PARTIAL_ORIGINAL, PARTIAL_WHOLE,
    UPHELD,
};
use super::{citations, conclusion};
use crate::model::{collapse, Decision, DecisionKind, Field, FieldKind, Item, Span, Spanned};

#[derive(Debug)]
enum Anchor {
    /// An item line with a recognised decision.
    ItemLine {
        title: Span,
        decision: DecisionKind,
        word: Span,
    },
    Label(LabelHit),
}

#[derive(Debug)]
struct Event {
    /// Index of the line the anchor ends on (the decision's line for item lines).
    line: usize,
    /// Where the anchor starts: the title's first byte, or the label's.
    pos: usize,
    anchor: Anchor,
}

/// A field label found on a line, or the "did not cite any medical evidence" sentence standing
/// in for one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct LabelHit {
    label: Span,
    kind: FieldKind,
    no_evidence_sentence: bool,
}

impl LabelHit {
    fn new(start: usize, end: usize, kind: FieldKind, no_evidence_sentence: bool) -> Self {
        LabelHit {
            label: Span::new(start, end),
            kind,
            no_evidence_sentence,
        }
    }
}

struct Builder {
    start: usize,
    title: Span,
    decision: Decision,
    fields: Vec<LabelHit>,
    last_rank: Option<u8>,
}

/// Parses the items found in lines `from..to` of a letter (relative to `src`, offset by `base`).
pub(super) fn parse_items(
    src: &str,
    all: &[Line],
    from: usize,
    to: usize,
    base: usize,
    reuse: Option<&Reuse>,
) -> Vec<Item> {
    let events = find_events(src, all, from, to);
    let region_end = if to >= all.len() {
        src.len()
    } else {
        all[to].start
    };

    let mut done: Vec<(Builder, usize)> = Vec::new();
    let mut cur: Option<Builder> = None;
    let mut prev_line: Option<usize> = None;
    for ev in events {
        match ev.anchor {
            Anchor::ItemLine {
                title,
                decision,
                word,
            } => {
                if let Some(b) = cur.take() {
                    done.push((b, ev.pos));
                }
                cur = Some(Builder {
                    start: ev.pos,
                    title,
                    decision: Decision {
                        kind: decision,
                        span: Some(word),
                    },
                    fields: Vec::new(),
                    last_rank: None,
                });
            }
            Anchor::Label(hit) => {
                let LabelHit {
                    kind,
                    label,
                    no_evidence_sentence,
                } = hit;
                let rank = kind.rank();
                let continues = match &cur {
                    Some(b) => match b.last_rank {
                        None => true,
                        // The sentence can wrap under its own label in double-spaced text.
                        Some(r) if no_evidence_sentence => {
                            r < rank || b.fields.last().map(|f| f.kind) == Some(kind)
                        }
                        Some(r) => r < rank,
                    },
                    None => false,
                };
                if continues {
                    let b = cur.as_mut().expect("checked above");
                    if no_evidence_sentence && b.fields.last().map(|f| f.kind) == Some(kind) {
                        prev_line = Some(ev.line);
                        continue;
                    }
                    b.fields.push(hit);
                    b.last_rank = Some(rank);
                } else {
                    let bound = prev_line.map(|l| l + 1).unwrap_or(from);
                    let (start, title, decision) =
                        title_above(src, all, ev.line, bound, label.start);
                    if let Some(b) = cur.take() {
                        done.push((b, start));
                    }
                    cur = Some(Builder {
                        start,
                        title,
                        decision,
                        fields: vec![hit],
                        last_rank: Some(rank),
                    });
                }
            }
        }
        prev_line = Some(ev.line);
    }
    if let Some(b) = cur.take() {
        done.push((b, region_end));
    }
    done.into_iter()
        .map(|(b, end)| finish(src, b, end, base, reuse))
        .collect()
}

fn finish(src: &str, b: Builder, end: usize, base: usize, reuse: Option<&Reuse>) -> Item {
    let end = super::trim_end_before(src, end).max(b.start);
    let mut fields = Vec::with_capacity(b.fields.len());
    for (n, &hit) in b.fields.iter().enumerate() {
        let LabelHit {
            kind,
            label,
            no_evidence_sentence: sentence,
        } = hit;
        let body_end = b
            .fields
            .get(n + 1)
            .map(|f| f.label.start)
            .unwrap_or(end)
            .max(label.end);
        let body = trim_span(src, Span::new(label.end, body_end));
        let body_text = body.text(src);
        let no_evidence = sentence
            || NO_EVIDENCE
                .iter()
                .any(|(s, k)| *k == kind && starts_with_ci(body_text, s));
        // A sentence standing in for the label is its own body.
        let (label, body) = if sentence {
            (label, trim_span(src, Span::new(label.start, body_end)))
        } else {
            (label, body)
        };
        let kept = reuse.and_then(|r| r.citations(kind, no_evidence, body, base));
        let citations = if let Some(kept) = kept {
            kept
        } else if kind.cites_guidelines() && !no_evidence {
            citations::parse(src, body, kind)
        } else if kind.cites_guidelines() {
            // "…did not cite… based their decision on…" still may name a non-MTUS source later.
            citations::parse_after_sentence(src, body)
        } else {
            super::mentions::parse(src, body)
        };
        fields.push(Field {
            kind,
            label,
            body,
            no_evidence,
            citations,
        });
    }
    let conclusion = fields
        .iter()
        .find(|f| f.kind == FieldKind::Rationale)
        .and_then(|f| match reuse.and_then(|r| r.conclusion(f.body, base)) {
            Some(kept) => kept,
            None => conclusion::find(src, f.body),
        });
    let title_text = collapse(b.title.text(src));
    let (original_request, authorized_portion, eligible_portion) = partial_parts(src, b.title);
    let mut item = Item {
        span: Span::new(b.start, end),
        title: title_text,
        title_span: b.title,
        decision: b.decision,
        original_request,
        authorized_portion,
        eligible_portion,
        fields,
        conclusion,
    };
    crate::model::shift_item(&mut item, base as isize);
    item
}

fn trim_span(src: &str, s: Span) -> Span {
    let t = &src[s.start..s.end];
    let lead = t.len() - t.trim_start().len();
    let start = s.start + lead;
    Span::new(start, start + t.trim().len())
}

/// The three parts of a partial authorisation's item line, when it is one: the original
/// request, the part the Claims Administrator authorized, and the IMR-eligible remainder.
fn partial_parts(src: &str, title: Span) -> (Option<Spanned>, Option<Spanned>, Option<Spanned>) {
    let t = title.text(src);
    let part = |from: usize, to: usize| -> Option<Spanned> {
        let piece = t.get(from..to)?;
        let lead = piece.len()
            - piece
                .trim_start_matches(|c: char| c.is_whitespace() || c == ',' || c == '.')
                .len();
        let mut body = piece[lead..].trim_end();
        // The item line ends "…, Cyclobenzaprine 7.5mg #27 is: Upheld".
        for tail in [",", "is", "are", ",", "."] {
            if let Some(b) = body.strip_suffix(tail) {
                // A word only when it stands alone ("…treatment is", possibly on its own line).
                if tail.len() == 1 || b.ends_with(char::is_whitespace) {
                    body = b.trim_end();
                }
            }
        }
        if body.is_empty() {
            return None;
        }
        let start = title.start + from + lead;
        Some(Spanned {
            text: collapse(body),
            span: Span::new(start, start + body.len()),
        })
    };
    let Some((orig_at, orig_end)) = find_words(t, PARTIAL_ORIGINAL) else {
        return (None, None, eligible_portion(src, title, &part));
    };
    let original = part(0, orig_at);
    let rest = orig_end;
    let after = &t[rest..];
    let authorized = if let Some((a, _)) = find_words(after, PARTIAL_AUTHORIZED) {
        part(rest, rest + a)
    } else if let Some((_, a_end)) = find_words(after, PARTIAL_AUTHORIZED_BY) {
        // "The Claims Administrator authorized X, leaving the original request IMR eligible."
        let until = find_words(&after[a_end..], PARTIAL_LEAVING)
            .map(|(l, _)| l)
            .or_else(|| after[a_end..].find(". "))
            .unwrap_or(after.len() - a_end);
        part(rest + a_end, rest + a_end + until)
    } else {
        None
    };
    (original, authorized, eligible_portion(src, title, &part))
}

/// The IMR-eligible part: after "The remaining IMR eligible portion of the original request,",
/// or the whole original request after "leaving the original request IMR eligible".
fn eligible_portion(
    src: &str,
    title: Span,
    part: &dyn Fn(usize, usize) -> Option<Spanned>,
) -> Option<Spanned> {
    let t = title.text(src);
    if let Some((_, at)) = find_words(t, PARTIAL_ELIGIBLE) {
        return part(at, t.len());
    }
    let (_, leaving) = find_words(t, PARTIAL_LEAVING)?;
    let (_, at) = find_words(&t[leaving..], PARTIAL_WHOLE)?;
    part(leaving + at, t.len())
}

/// Finds a phrase whose words may be separated by any whitespace (text wraps), ignoring case.
fn find_words(hay: &str, phrase: &str) -> Option<(usize, usize)> {
    let mut words = phrase.split_whitespace();
    let first = words.next()?;
    let mut from = 0;
    while let Some(i) = find_ci(&hay[from..], first) {
        let start = from + i;
        let mut at = start + first.len();
        let mut ok = true;
        for w in phrase.split_whitespace().skip(1) {
            let rest = &hay[at..];
            let trimmed = rest.trim_start();
            if trimmed.len() == rest.len() || !starts_with_ci(trimmed, w) {
                ok = false;
                break;
            }
            at += rest.len() - trimmed.len() + w.len();
        }
        if ok {
            return Some((start, at));
        }
        from = start + first.len();
    }
    None
}

fn is_decision_word(w: &str) -> Option<DecisionKind> {
    let w = w.trim_end_matches('.');
    if w.eq_ignore_ascii_case(UPHELD) {
        Some(DecisionKind::Upheld)
    } else if w.eq_ignore_ascii_case(OVERTURNED) {
        Some(DecisionKind::Overturned)
    } else {
        None
    }
}

/// Splits `content` at its last colon when one word follows it: `(title part, word offset)`.
fn last_colon_word(content: &str) -> Option<(usize, usize, &str)> {
    let colon = content.rfind(':')?;
    let after = &content[colon + 1..];
    let word = after.trim();
    let word_core = word.trim_end_matches('.');
    if word_core.is_empty() || !word_core.chars().all(|c| c.is_alphabetic()) {
        return None;
    }
    let lead = after.len() - after.trim_start().len();
    Some((colon, colon + 1 + lead, word_core))
}

fn ends_sentence(content: &str) -> bool {
    let c = content.trim_end_matches(['"', '\u{201d}', '\'']);
    c.ends_with('.') || c.ends_with('?') || c.ends_with('!')
}

fn is_intro(content: &str) -> bool {
    starts_with_ci(content, ISSUES_INTRO)
}

/// Labels on a line: at its start (any case) or later on it after whitespace (as written).
fn labels_on(src: &str, l: &Line) -> Vec<LabelHit> {
    let content = l.content(src);
    let mut found = Vec::new();
    let bytes = content.as_bytes();
    // Every label ends with its only colon, so a label written on the line ends at one of the
    // line's colons, and two of its occurrences never overlap: looking back from each colon
    // finds exactly what scanning the line for each label would, without the searches.
    let mut colons = memchr::memchr_iter(b':', bytes).peekable();
    if colons.peek().is_some() {
        let colons: Vec<usize> = colons.collect();
        // Mid-line labels only: skip the first character (which may be multi-byte).
        let from = content.chars().next().map_or(1, char::len_utf8);
        for &(label, kind) in FIELD_LABELS {
            if starts_with_ci(content, label) {
                found.push(LabelHit::new(
                    l.trim_start,
                    l.trim_start + label.len(),
                    kind,
                    false,
                ));
                continue;
            }
            for &c in &colons {
                let Some(at) = (c + 1).checked_sub(label.len()) else {
                    continue;
                };
                if at < from || &bytes[at..=c] != label.as_bytes() {
                    continue;
                }
                let before = content[..at].chars().next_back();
                if before.is_some_and(|c| c.is_whitespace() || c == '.') {
                    found.push(LabelHit::new(
                        l.trim_start + at,
                        l.trim_start + at + label.len(),
                        kind,
                        false,
                    ));
                }
            }
        }
    }
    with_sentences(content, l, found)
}

/// Completes a line's label hits: a "did not cite" sentence stands in for a label on a line that
/// has none; hits in line order, one per place.
fn with_sentences(content: &str, l: &Line, mut found: Vec<LabelHit>) -> Vec<LabelHit> {
    if found.is_empty() {
        for &(sentence, kind) in NO_EVIDENCE {
            if starts_with_ci(content, sentence) {
                found.push(LabelHit::new(
                    l.trim_start,
                    l.trim_start + sentence.len(),
                    kind,
                    true,
                ));
            }
        }
    }
    found.sort_by_key(|f| f.label.start);
    // Two spellings of one label can match at the same place; keep the first.
    found.dedup_by_key(|f| f.label.start);
    found
}

fn find_events(src: &str, all: &[Line], from: usize, to: usize) -> Vec<Event> {
    let mut events = Vec::new();
    let mut last_event_line: Option<usize> = None;
    let mut prev_nonblank: Option<usize> = None;
    for li in from..to.min(all.len()) {
        let l = all[li];
        if l.is_blank() {
            continue;
        }
        let content = l.content(src);
        let labels = labels_on(src, &l);
        let label_at_start = labels
            .first()
            .is_some_and(|f| f.label.start == l.trim_start);
        if !label_at_start {
            let item_line = if let Some(kind) = is_decision_word(content) {
                // The decision alone on its line, under a title that ends with a colon.
                prev_nonblank
                    .filter(|&p| Some(p) != last_event_line || last_event_line.is_none())
                    .filter(|&p| {
                        all[p].content(src).ends_with(':') && !is_intro(all[p].content(src))
                    })
                    .map(|p| {
                        let pl = all[p];
                        let title_end = pl.trim_end - 1;
                        (
                            p,
                            title_end,
                            kind,
                            Span::new(
                                l.trim_start,
                                l.trim_start + content.trim_end_matches('.').len(),
                            ),
                        )
                    })
            } else {
                last_colon_word(content).and_then(|(colon, word_at, word)| {
                    let kind = is_decision_word(word)?;
                    let title_end = l.trim_start + content[..colon].trim_end().len();
                    Some((
                        li,
                        title_end,
                        kind,
                        Span::new(l.trim_start + word_at, l.trim_start + word_at + word.len()),
                    ))
                })
            };
            if let Some((title_line, title_end, kind, word)) = item_line {
                let bound = last_event_line.map(|e| e + 1).unwrap_or(from);
                let first = title_first_line(src, all, title_line, bound);
                let start = all[first].trim_start;
                events.push(Event {
                    line: li,
                    pos: start,
                    anchor: Anchor::ItemLine {
                        title: Span::new(start, title_end.max(start)),
                        decision: kind,
                        word,
                    },
                });
                last_event_line = Some(li);
                prev_nonblank = Some(li);
                continue;
            }
        }
        for hit in labels {
            events.push(Event {
                line: li,
                pos: hit.label.start,
                anchor: Anchor::Label(hit),
            });
            last_event_line = Some(li);
        }
        prev_nonblank = Some(li);
    }
    events
}

/// The first line of a title whose last line is `last`: wrapped titles continue upward until a
/// line that ends a sentence, the intro sentence, or `bound`. A partial-authorisation title
/// reaches up to its "… was the original request." line, sentence ends or not.
fn title_first_line(src: &str, all: &[Line], last: usize, bound: usize) -> usize {
    let mut first = last;
    let mut taken = 1;
    let mut li = last;
    let mut partial = is_partial_line(all[last].content(src));
    if find_ci(all[last].content(src), PARTIAL_ORIGINAL).is_some() {
        return plain_title_first_line(src, all, last, bound);
    }
    while li > bound {
        li -= 1;
        let l = all[li];
        if l.is_blank() {
            continue;
        }
        let c = l.content(src);
        if is_intro(c) || super::heading_kind(c).is_some() {
            break;
        }
        if partial {
            if find_ci(c, PARTIAL_ORIGINAL).is_some() {
                // The original request can itself wrap over lines (or a page break) above the
                // line that says so: its paragraph starts where a plain title would.
                return plain_title_first_line(src, all, li, bound);
            }
            if taken >= MAX_TITLE_LINES + 2 {
                break;
            }
        } else if ends_sentence(c) || taken >= MAX_TITLE_LINES {
            break;
        }
        partial |= is_partial_line(c);
        first = li;
        taken += 1;
    }
    if partial && find_ci(all[first].content(src), PARTIAL_ORIGINAL).is_none() {
        // A partial line without its "original request" sentence: keep only the plain wrap.
        return plain_title_first_line(src, all, last, bound);
    }
    first
}

fn plain_title_first_line(src: &str, all: &[Line], last: usize, bound: usize) -> usize {
    let mut first = last;
    let mut taken = 1;
    let mut li = last;
    while li > bound && taken < MAX_TITLE_LINES {
        li -= 1;
        let l = all[li];
        if l.is_blank() {
            continue;
        }
        let c = l.content(src);
        if is_intro(c) || super::heading_kind(c).is_some() || ends_sentence(c) {
            break;
        }
        first = li;
        taken += 1;
    }
    first
}

fn is_partial_line(c: &str) -> bool {
    find_ci(c, "eligible portion").is_some()
        || find_ci(c, "original request").is_some()
        || find_ci(c, "remaining IMR").is_some()
}

/// The title of an item found from its first label: the line(s) just above it, if any.
fn title_above(
    src: &str,
    all: &[Line],
    label_line: usize,
    bound: usize,
    label_pos: usize,
) -> (usize, Span, Decision) {
    let missing = |at: usize| {
        (
            at,
            Span::new(at, at),
            Decision {
                kind: DecisionKind::Missing,
                span: None,
            },
        )
    };
    // A label in the middle of its line has the title to its left.
    let l = all[label_line];
    if label_pos > l.trim_start {
        let left = src[l.trim_start..label_pos].trim_end();
        return with_decision(src, l.trim_start, l.trim_start + left.len());
    }
    let mut li = label_line;
    let mut last = None;
    while li > bound {
        li -= 1;
        if !all[li].is_blank() {
            last = Some(li);
            break;
        }
    }
    let Some(last) = last else {
        return missing(label_pos);
    };
    let c = all[last].content(src);
    if is_intro(c) || super::heading_kind(c).is_some() || ends_sentence(c) {
        return missing(label_pos);
    }
    let first = title_first_line(src, all, last, bound);
    with_decision(src, all[first].trim_start, all[last].trim_end)
}

/// Reads `Title: word` (an unrecognised decision), `Title:` or `Title` from a title block.
fn with_decision(src: &str, start: usize, end: usize) -> (usize, Span, Decision) {
    let text = &src[start..end];
    let last_line_at = text.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let last_line = &text[last_line_at..];
    if let Some((colon, word_at, word)) = last_colon_word(last_line) {
        let title_end = start + last_line_at + last_line[..colon].trim_end().len();
        let w = start + last_line_at + word_at;
        let kind =
            is_decision_word(word).unwrap_or_else(|| DecisionKind::Unknown(word.to_string()));
        return (
            start,
            Span::new(start, title_end),
            Decision {
                kind,
                span: Some(Span::new(w, w + word.len())),
            },
        );
    }
    let title_end = start + text.trim_end().trim_end_matches(':').trim_end().len();
    (
        start,
        Span::new(start, title_end),
        Decision {
            kind: DecisionKind::Missing,
            span: None,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parser::lines::lines;

    /// `labels_on` relies on this: each label's only colon is its last character.
    #[test]
    fn every_label_ends_with_its_only_colon() {
        for (label, _) in FIELD_LABELS {
            assert_eq!(label.find(':'), Some(label.len() - 1), "{label}");
            assert!(label.is_ascii());
        }
    }

    /// The scan `labels_on` replaced: each label searched for along the line.
    fn labels_by_search(src: &str, l: &Line) -> Vec<LabelHit> {
        let content = l.content(src);
        let mut found = Vec::new();
        if memchr::memchr(b':', content.as_bytes()).is_some() {
            for &(label, kind) in FIELD_LABELS {
                if starts_with_ci(content, label) {
                    found.push(LabelHit::new(
                        l.trim_start,
                        l.trim_start + label.len(),
                        kind,
                        false,
                    ));
                    continue;
                }
                let mut from = content.chars().next().map_or(1, char::len_utf8);
                while let Some(i) = content.get(from..).and_then(|c| c.find(label)) {
                    let at = from + i;
                    let before = content[..at].chars().next_back();
                    if before.is_some_and(|c| c.is_whitespace() || c == '.') {
                        found.push(LabelHit::new(
                            l.trim_start + at,
                            l.trim_start + at + label.len(),
                            kind,
                            false,
                        ));
                    }
                    from = at + label.len();
                }
            }
        }
        with_sentences(content, l, found)
    }

    #[test]
    fn labels_match_a_search_along_the_line() {
        let pieces = [
            "Decision rationale:",
            "decision RATIONALE:",
            "MAXIMUS guideline:",
            "MAXIMUS guidelines:",
            "Claims Administrator guideline:",
            "Other Medical Treatment Guideline or Medical Evidence:",
            ":",
            " ",
            ".",
            "é",
            "x",
            "rationale:",
            "\u{a0}",
        ];
        let mut seed = 1u64;
        let mut text = String::new();
        for _ in 0..4000 {
            for _ in 0..8 {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                text.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            text.push('\n');
        }
        for l in lines(&text) {
            assert_eq!(labels_on(&text, &l), labels_by_search(&text, &l));
        }
    }
}
