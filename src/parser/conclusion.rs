//! Finds a rationale's conclusion: its last statement on medical necessity outside quotes.

use crate::model::{Conclusion, Span};
use regex::Regex;
use std::sync::OnceLock;

fn statement_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        // "(not) a medical necessity" is recognised after the match (`article_before`): an
        // alternative starting with "a" would make every "a" in a rationale a candidate.
        Regex::new(r"(?i)\bmedically[\s-]+(?:necessary|appropriate|reasonable)\b|\bmedical[\s-]+necessity\b")
            .expect("valid regex")
    })
}

fn necessity_outcome_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?i)^(?:\s+(?:of|for)\s+[^.]{0,120}?)?\s+(?:has|have|is|was|were|can|could|cannot|can\s+not|would|will)\s+(not\s+)?(?:been\s+|be\s+)?(?:established|substantiated|demonstrated|supported|met|shown|documented|confirmed)\b",
        )
        .expect("valid regex")
    })
}

fn subject_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(?i)\brequest(?:ed)?\b(?:\s+for\b)?").expect("valid regex"))
}

const NEGATORS: &[&str] = &[
    "not", "cannot", "can't", "non", "never", "nor", "neither", "isn't", "wasn't", "aren't",
    "won't", "wouldn't", "doesn't", "don't", "couldn't", "unable",
];

/// Words that make a statement conditional rather than a conclusion.
const CONDITIONAL: &[&str] = &[
    "if", "when", "unless", "whether", "until", "where", "whenever",
];

const VERBS: &[&str] = &[
    "is", "are", "was", "were", "would", "will", "cannot", "can", "could", "has", "have",
    "remains", "remain", "does", "do", "should", "be", "appears", "seems",
];

/// The last words before `at` in `text`, nearest first.
fn words_before(text: &str, at: usize, n: usize) -> Vec<String> {
    text[..at]
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
        .rev()
        .take(n)
        .map(|w| w.to_ascii_lowercase())
        .collect()
}

fn inside_quotes(text: &str, at: usize) -> bool {
    let before = &text[..at];
    let straight = before.matches('"').count();
    let open = before.matches('\u{201c}').count();
    let close = before.matches('\u{201d}').count();
    straight % 2 == 1 || open > close
}

fn sentence_bounds(text: &str, at: usize, end_at: usize) -> (usize, usize) {
    let b = text.as_bytes();
    let mut start = 0;
    let mut i = at;
    while i > 0 {
        i -= 1;
        if matches!(b[i], b'.' | b'!' | b'?')
            && b.get(i + 1).is_some_and(|c| c.is_ascii_whitespace())
        {
            start = i + 1;
            break;
        }
    }
    while start < at && b[start].is_ascii_whitespace() {
        start += 1;
    }
    let mut end = text.len();
    let mut j = end_at;
    while j < b.len() {
        if matches!(b[j], b'.' | b'!' | b'?')
            && b.get(j + 1).is_none_or(|c| c.is_ascii_whitespace())
        {
            end = j + 1;
            break;
        }
        j += 1;
    }
    (start, end)
}

/// Where the word "a" starts when it stands right before `at`, joined by spaces or hyphens.
fn article_before(text: &str, at: usize) -> Option<usize> {
    let head = text[..at].trim_end_matches(|c: char| c.is_whitespace() || c == '-');
    if head.len() == at {
        return None;
    }
    let a = head.strip_suffix(['a', 'A'])?;
    let word_before = a
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric() || c == '_');
    (!word_before).then_some(a.len())
}

/// The conclusion of the rationale at `body`, if it states one.
pub(super) fn find(src: &str, body: Span) -> Option<Conclusion> {
    let text = body.text(src);
    let mut best: Option<(usize, usize, bool)> = None;
    for m in statement_re().find_iter(text) {
        let adverb = m
            .as_str()
            .get(..9)
            .is_some_and(|p| p.eq_ignore_ascii_case("medically"));
        // "a medical necessity" reads like "medically necessary": the statement starts at "a".
        let article = (!adverb).then(|| article_before(text, m.start())).flatten();
        let start = article.unwrap_or(m.start());
        if inside_quotes(text, start) {
            continue;
        }
        let before = words_before(text, start, 5);
        if before.iter().any(|w| CONDITIONAL.contains(&w.as_str()))
            || (before.first().map(String::as_str) == Some("be")
                && before.get(1).map(String::as_str) == Some("to")
                && before.get(2).map(String::as_str) == Some("determined")
                && before.get(3).map(String::as_str) == Some("as"))
        {
            continue;
        }
        let negated_before = before.iter().any(|w| NEGATORS.contains(&w.as_str()))
            || before.windows(2).any(|w| w[0] == "longer" && w[1] == "no");
        let (necessary, end) = if adverb || article.is_some() {
            (!negated_before, m.end())
        } else {
            // "medical necessity has (not) been established"
            match necessity_outcome_re().captures(&text[m.end()..]) {
                Some(c) => (
                    !(negated_before
                        || c.get(1).is_some()
                        || c[0].to_ascii_lowercase().contains("cannot")
                        || c[0].to_ascii_lowercase().contains("can not")),
                    m.end() + c[0].len(),
                ),
                None => continue,
            }
        };
        best = Some((start, end, necessary));
    }
    let (s, e, necessary) = best?;
    let (ss, se) = sentence_bounds(text, s, e);
    let subject = subject_in(text, ss, s);
    Some(Conclusion {
        sentence: Span::new(body.start + ss, body.start + se),
        statement: Span::new(body.start + s, body.start + e),
        necessary,
        subject: subject.map(|(a, b)| Span::new(body.start + a, body.start + b)),
    })
}

/// The request named between `from` and the statement at `to`: "the request for X is not …".
fn subject_in(text: &str, from: usize, to: usize) -> Option<(usize, usize)> {
    let m = subject_re().find_iter(&text[from..to]).last()?;
    let start = from + m.end();
    let region = &text[start..to];
    let mut cut = region.len();
    let mut offset = 0;
    let mut seen_word = false;
    for w in region.split_inclusive(|c: char| c.is_whitespace() || c == ',') {
        let word = w
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_ascii_lowercase();
        if VERBS.contains(&word.as_str()) {
            // "the request is not …" names nothing; "the request for X is …" names X.
            cut = if seen_word { offset } else { 0 };
            break;
        }
        if !word.is_empty() {
            seen_word = true;
        }
        offset += w.len();
    }
    let sub = &region[..cut];
    let lead = sub.len()
        - sub
            .trim_start_matches(|c: char| {
                c.is_whitespace() || c == ',' || c == '"' || c == '\u{201c}'
            })
            .len();
    let core = sub
        .trim_end_matches(|c: char| c.is_whitespace() || c == ',' || c == '"' || c == '\u{201d}');
    if core.len() <= lead {
        return None;
    }
    Some((start + lead, start + core.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conclude(t: &str) -> Option<(bool, Option<String>)> {
        find(t, Span::new(0, t.len()))
            .map(|c| (c.necessary, c.subject.map(|s| s.text(t).to_string())))
    }

    #[test]
    fn phrasings() {
        assert_eq!(
            conclude("As such, the request is not medically necessary."),
            Some((false, None))
        );
        assert_eq!(
            conclude("The request is determined to not be medically necessary."),
            Some((false, None))
        );
        assert_eq!(
            conclude("It is not-medically necessary."),
            Some((false, None))
        );
        assert_eq!(
            conclude("The treatment cannot be considered medically necessary."),
            Some((false, None))
        );
        assert_eq!(
            conclude("This is not a medical necessity."),
            Some((false, None))
        );
        assert_eq!(
            conclude("The request for Norco 5/325 mg #30 is medically necessary."),
            Some((true, Some("Norco 5/325 mg #30".into())))
        );
        assert_eq!(
            conclude("It was medically necessary, medically appropriate, and indicated."),
            Some((true, None))
        );
        assert_eq!(
            conclude("Medical necessity has not been established."),
            Some((false, None))
        );
        assert_eq!(
            conclude("The request for two visits is not medically appropriate."),
            Some((false, Some("two visits".into())))
        );
        assert_eq!(conclude("The patient was seen."), None);
    }

    #[test]
    fn quotes_and_conditionals_are_not_conclusions() {
        let t = "Guidelines say \"Recommended as determined to be medically necessary.\" The request is not medically necessary.";
        assert_eq!(conclude(t), Some((false, None)));
        assert_eq!(
            conclude("It is recommended when medically necessary."),
            None
        );
        assert_eq!(
            conclude("Recommended as determined to be medically necessary."),
            None
        );
    }
}
