//! Finds a rationale's conclusion: its last statement on medical necessity outside quotes.
//!
//! Three things decide it: where quotations run (`Quotes`), whether a negation reaches the
//! statement within its clause (`clause_before`, NegEx-style, with the words of
//! `vocabulary.toml`), and which statements count: "(not) medically necessary", "medical necessity
//! has (not) been established", and "the request is (not) necessary / warranted / supported …".

use super::vocabulary::vocabulary;
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

/// Where the sentence ending at `i` (a `.`, `!` or `?`) really ends: after any closing quotes
/// or brackets, when whitespace or the text's end follows; `None` mid-word ("e.g", "5.5").
fn sentence_end_after(b: &[u8], i: usize) -> Option<usize> {
    if !matches!(b[i], b'.' | b'!' | b'?') {
        return None;
    }
    let mut j = i + 1;
    while j < b.len() && matches!(b[j], b'"' | b'\'' | b')' | b']') {
        j += 1;
    }
    // A curly closing quote (three bytes) may follow too.
    if b.get(j..j + 3) == Some("\u{201d}".as_bytes()) {
        j += 3;
    }
    (j >= b.len() || b[j].is_ascii_whitespace()).then_some(j)
}

/// How far back a statement's clause is looked for: a clause is far shorter, and a text without
/// sentence ends must not make every statement rescan it.
const CLAUSE_REACH: usize = 600;

/// How many statements, from the last, are read for the conclusion.
const READ_AT_MOST: usize = 64;

/// Where the sentence holding `at` starts, looking back at most `CLAUSE_REACH` bytes.
fn sentence_start_near(text: &str, at: usize) -> usize {
    let mut lo = at.saturating_sub(CLAUSE_REACH);
    while !text.is_char_boundary(lo) {
        lo += 1;
    }
    sentence_start(text.as_bytes(), lo, at)
}

/// Where the sentence holding byte `at` starts, looking back no further than `lo`: after the last
/// sentence end before `at`, past the spaces that follow it.
fn sentence_start(b: &[u8], lo: usize, at: usize) -> usize {
    let mut start = lo;
    let mut i = at;
    while i > lo {
        i -= 1;
        if let Some(e) = sentence_end_after(b, i).filter(|&e| e <= at) {
            start = e;
            break;
        }
    }
    while start < at && b[start].is_ascii_whitespace() {
        start += 1;
    }
    start
}

fn sentence_bounds(text: &str, at: usize, end_at: usize) -> (usize, usize) {
    let b = text.as_bytes();
    let start = sentence_start(b, 0, at);
    let mut end = text.len();
    let mut j = end_at;
    while j < b.len() {
        if let Some(e) = sentence_end_after(b, j) {
            end = e;
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

/// A verdict word of a conclusion that drops "medically" ("the request is not warranted").
fn verdict_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        let words: Vec<String> = vocabulary()
            .conclusion
            .verdicts
            .iter()
            .map(|w| regex::escape(w))
            .collect();
        Regex::new(&format!(r"(?i)\b(?:{})\b", words.join("|"))).expect("valid regex")
    })
}

/// Where quotations run in a rationale, so their wording is not taken for the reviewer's.
///
/// Straight quotes are read as opening or closing by what stands beside them, and quotations
/// nest, so a closing mark with no opener (a term copied with only its closing mark) closes
/// nothing, and a guideline quoted inside a quotation keeps the outer one open. A quotation never
/// closed runs on, but never into the rationale's last sentence: that is the reviewer's own.
struct Quotes {
    /// Quoted byte ranges of the rationale.
    spans: Vec<(usize, usize)>,
    /// Where the last sentence starts; nothing from here on is quoted.
    own_from: usize,
}

impl Quotes {
    fn new(text: &str) -> Quotes {
        let mut spans = Vec::new();
        let mut depth = 0usize;
        let mut open_at = 0;
        let mut prev: Option<char> = None;
        let mut it = text.char_indices().peekable();
        while let Some((i, c)) = it.next() {
            let next = it.peek().map(|&(_, n)| n);
            let opens = match c {
                '\u{201c}' => Some(true),
                '\u{201d}' => Some(false),
                '"' => {
                    let space_before = prev
                        .is_none_or(|p| p.is_whitespace() || "([{/-\u{2013}\u{2014}".contains(p));
                    let space_after =
                        next.is_none_or(|n| n.is_whitespace() || ",.;:)]}!?".contains(n));
                    match (space_before, space_after) {
                        (true, false) => Some(true),
                        (false, true) => Some(false),
                        // Between two words or two spaces: the mark closes if one is open.
                        _ => Some(depth == 0),
                    }
                }
                _ => None,
            };
            match opens {
                Some(true) => {
                    if depth == 0 {
                        open_at = i;
                    }
                    depth += 1;
                }
                Some(false) if depth > 0 => {
                    depth -= 1;
                    if depth == 0 {
                        spans.push((open_at, i + c.len_utf8()));
                    }
                }
                _ => {}
            }
            prev = Some(c);
        }
        if depth > 0 {
            spans.push((open_at, text.len()));
        }
        let last = text.trim_end().len();
        let own_from = if last == 0 {
            0
        } else {
            sentence_bounds(text, last - 1, last).0
        };
        Quotes { spans, own_from }
    }

    fn inside(&self, at: usize) -> bool {
        // The spans are in order and do not overlap: the one starting last before `at` decides.
        let n = self.spans.partition_point(|&(s, _)| s < at);
        at < self.own_from && n > 0 && at < self.spans[n - 1].1
    }
}

/// The vocabulary's multi-word negation phrases, split into words once.
struct Phrases {
    scope_ends: Vec<Vec<&'static str>>,
    subordinators: Vec<Vec<&'static str>>,
    pseudo: Vec<Vec<&'static str>>,
}

fn phrases() -> &'static Phrases {
    static P: OnceLock<Phrases> = OnceLock::new();
    P.get_or_init(|| {
        let n = &vocabulary().negation;
        let split = |l: &'static [String]| l.iter().map(|p| p.split(' ').collect()).collect();
        Phrases {
            scope_ends: split(&n.scope_ends),
            subordinators: split(&n.subordinators),
            pseudo: split(&n.pseudo),
        }
    })
}

/// What the clause holding a statement says about it, read NegEx-style: a negation trigger
/// reaches forward to the statement unless a scope terminator (a new clause) comes between.
struct Clause {
    negated: bool,
    conditional: bool,
    /// Lower-case words of the clause, in order.
    words: Vec<String>,
    /// Byte offset of each word in the rationale.
    at: Vec<usize>,
}

/// The clause of `text[from..to]` that ends at `to`: its words and what they do to a statement
/// at `to`.
fn clause_before(text: &str, from: usize, to: usize) -> Clause {
    let v = vocabulary();
    // Words (letters, digits, apostrophes) and the punctuation that can end a clause.
    let mut toks: Vec<(usize, String)> = Vec::new();
    let region = &text[from..to];
    let mut word_start: Option<usize> = None;
    for (i, c) in region
        .char_indices()
        .chain(std::iter::once((region.len(), ' ')))
    {
        let in_word = c.is_alphanumeric() || c == '\'' || c == '\u{2019}';
        match (in_word, word_start) {
            (true, None) => word_start = Some(i),
            (false, Some(s)) => {
                toks.push((
                    from + s,
                    region[s..i].to_lowercase().replace('\u{2019}', "'"),
                ));
                word_start = None;
            }
            _ => {}
        }
        if !in_word && matches!(c, ',' | ';' | ':') {
            toks.push((from + i, c.to_string()));
        }
    }
    let phrases = phrases();
    // How many tokens from `i` on spell one of the phrases in `list` (the longest).
    let phrase_at = |i: usize, list: &[Vec<&str>]| -> Option<usize> {
        list.iter()
            .filter(|p| {
                i + p.len() <= toks.len() && p.iter().zip(&toks[i..]).all(|(a, (_, b))| a == b)
            })
            .map(Vec::len)
            .max()
    };
    let mut clause: Vec<usize> = Vec::new();
    let mut in_sub = false;
    // A conditional inside the clause ("… in the home when wife is working, is …") opens an
    // aside that its comma closes, or the main clause's verb after the aside's own; what it held
    // says nothing about the statement.
    let mut aside_from: Option<usize> = None;
    let mut aside_verbs = 0;
    for (i, (_, tok)) in toks.iter().enumerate() {
        match tok.as_str() {
            ";" | ":" => {
                clause.clear();
                in_sub = false;
                aside_from = None;
            }
            // A comma closes a subordinate clause ("Although …, the request is …") only.
            "," => {
                if in_sub {
                    clause.clear();
                    in_sub = false;
                } else if let Some(k) = aside_from.take() {
                    clause.truncate(k);
                }
            }
            w => {
                if phrase_at(i, &phrases.scope_ends).is_some() {
                    clause.clear();
                    in_sub = phrase_at(i, &phrases.subordinators).is_some();
                    aside_from = None;
                } else if clause.is_empty() && phrase_at(i, &phrases.subordinators).is_some() {
                    in_sub = true;
                } else if !clause.is_empty()
                    && !in_sub
                    && aside_from.is_none()
                    && v.is_conditional(w)
                {
                    aside_from = Some(clause.len());
                    aside_verbs = 0;
                } else if let Some(k) = aside_from.filter(|_| v.is_verb(w)) {
                    aside_verbs += 1;
                    if aside_verbs == 2 {
                        clause.truncate(k);
                        aside_from = None;
                    }
                }
                clause.push(i);
            }
        }
    }
    let mut negated = false;
    let mut conditional = false;
    let mut skip_to = 0;
    for (n, &t) in clause.iter().enumerate() {
        let w = toks[t].1.as_str();
        if v.is_conditional(w) {
            conditional = true;
        }
        if n < skip_to {
            continue;
        }
        if let Some(len) = phrase_at(t, &phrases.pseudo) {
            skip_to = n + len;
            continue;
        }
        if v.is_negation(w) {
            negated = true;
        }
    }
    Clause {
        negated,
        conditional,
        words: clause.iter().map(|&t| toks[t].1.clone()).collect(),
        at: clause.iter().map(|&t| toks[t].0).collect(),
    }
}

/// Whether `text[at..]` starts with a word that makes what precedes it conditional.
fn conditional_after(text: &str, at: usize) -> bool {
    let next = text[at..]
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty())
        .map(str::to_ascii_lowercase);
    next.is_some_and(|w| vocabulary().is_conditional(&w) || w == "only")
}

/// A conclusion without "medically" whose subject is the request: where its verb starts.
fn verdict_on_request(clause: &Clause) -> Option<usize> {
    let v = vocabulary();
    let mut n = clause.words.len();
    while n > 0 {
        let w = clause.words[n - 1].as_str();
        if !(v.conclusion.fillers.iter().any(|f| f == w) || v.is_negation(w)) {
            break;
        }
        n -= 1;
    }
    let verb = n.checked_sub(1)?;
    if !v.is_verb(&clause.words[verb]) {
        return None;
    }
    // "the request (for X)" or "this requested X" as the subject of that verb.
    let subject = clause.words[..verb].windows(2).any(|w| {
        v.conclusion.determiners.contains(&w[0])
            && matches!(w[1].as_str(), "request" | "requested" | "requests")
    });
    subject.then(|| clause.at[verb])
}

/// The conclusion of the rationale at `body`, if it states one.
pub(super) fn find(src: &str, body: Span) -> Option<Conclusion> {
    let text = body.text(src);
    let quotes = Quotes::new(text);
    // (start, end, necessary) of the statement that counts.
    let mut best: Option<(usize, usize, bool)> = None;
    // The last statement wins, so read from the end and stop at the first that counts. Only the
    // last `READ_AT_MOST` are read: a rationale's conclusion is among its last statements, and a
    // text made of nothing but conditional statements must not take long.
    let statements: Vec<_> = statement_re().find_iter(text).collect();
    for m in statements.into_iter().rev().take(READ_AT_MOST) {
        let adverb = m
            .as_str()
            .get(..9)
            .is_some_and(|p| p.eq_ignore_ascii_case("medically"));
        // "a medical necessity" reads like "medically necessary": the statement starts at "a".
        let article = (!adverb).then(|| article_before(text, m.start())).flatten();
        let start = article.unwrap_or(m.start());
        if quotes.inside(start) {
            continue;
        }
        let before = words_before(text, start, 4);
        if before.first().map(String::as_str) == Some("be")
            && before.get(1).map(String::as_str) == Some("to")
            && before.get(2).map(String::as_str) == Some("determined")
            && before.get(3).map(String::as_str) == Some("as")
        {
            continue;
        }
        let clause = clause_before(text, sentence_start_near(text, start), start);
        if clause.conditional {
            continue;
        }
        let (necessary, end) = if adverb || article.is_some() {
            (!clause.negated, m.end())
        } else {
            // "medical necessity has (not) been established"
            match necessity_outcome_re().captures(&text[m.end()..]) {
                Some(c) => (
                    !(clause.negated
                        || c.get(1).is_some()
                        || c[0].to_ascii_lowercase().contains("cannot")
                        || c[0].to_ascii_lowercase().contains("can not")),
                    m.end() + c[0].len(),
                ),
                None => continue,
            }
        };
        best = Some((start, end, necessary));
        break;
    }
    let verdicts: Vec<_> = verdict_re().find_iter(text).collect();
    for m in verdicts.into_iter().rev().take(READ_AT_MOST) {
        if best.is_some_and(|(b, _, _)| m.start() <= b) {
            break;
        }
        // "medically necessary" is read above; this is for "the request is not necessary".
        let before = words_before(text, m.start(), 1);
        if before
            .first()
            .is_some_and(|w| w == "medically" || w == "medical")
            || quotes.inside(m.start())
            || conditional_after(text, m.end())
        {
            continue;
        }
        let from = sentence_start_near(text, m.start());
        let clause = clause_before(text, from, m.start());
        if clause.conditional {
            continue;
        }
        if let Some(verb) = verdict_on_request(&clause) {
            if best.is_none_or(|(b, _, _)| verb > b) {
                best = Some((verb, m.end(), !clause.negated));
            }
            break;
        }
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
        // A verb, or a relative clause ("the request, which was modified, is …"), ends the name.
        if vocabulary().is_verb(&word) || matches!(word.as_str(), "which" | "who" | "that") {
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

    #[test]
    fn negation_reaches_the_statement_within_its_clause_only() {
        // Far from the phrase, in the same clause.
        assert_eq!(
            conclude("Given the findings the MRI is not supported by the provided records as being medically necessary at this time."),
            Some((false, None))
        );
        // In a subordinate clause the comma closes, or before a scope terminator.
        for t in [
            "Although the pain has not improved, the request is medically necessary.",
            "Since the patient has not returned to work, the request is medically necessary.",
            "There is no evidence of abuse, and the request is medically necessary.",
            "The patient cannot sit for long; the request is medically necessary.",
            "Physical therapy has not helped; however the request is medically necessary.",
            "The request, which was not certified by UR, is medically necessary.",
        ] {
            assert_eq!(conclude(t), Some((true, None)), "{t}");
        }
        // A pseudo-trigger negates nothing.
        assert_eq!(
            conclude("The request is not only reasonable but medically necessary."),
            Some((true, None))
        );
        assert_eq!(
            conclude("The request is no longer medically necessary."),
            Some((false, None))
        );
    }

    #[test]
    fn a_conditional_aside_closed_by_its_comma_leaves_the_conclusion() {
        let t = "Therefore, the request for home aide in the home when wife is working, is not medically necessary.";
        assert_eq!(conclude(t).map(|c| c.0), Some(false));
        // Without the comma, the main clause's verb after the aside's own ends the aside.
        let t = "Therefore, the request for home aide in the home when wife is working is not medically necessary.";
        assert_eq!(conclude(t).map(|c| c.0), Some(false));
        let t =
            "Therefore, the request for home aide when wife is not home is medically necessary.";
        assert_eq!(conclude(t).map(|c| c.0), Some(true));
        assert_eq!(
            conclude("It is recommended only if medically necessary."),
            None
        );
    }

    #[test]
    fn conclusions_without_medically_about_the_request() {
        for (t, necessary) in [
            ("As such, the request is not necessary.", false),
            ("Therefore, the request is not supported.", false),
            (
                "The request for Norco is not warranted at this time.",
                false,
            ),
            ("The requested study is not medically appropriate.", false),
            ("Therefore, the request is considered appropriate.", true),
        ] {
            assert_eq!(conclude(t).map(|c| c.0), Some(necessary), "{t}");
        }
        // The verdict must be about the request, and not conditional.
        assert_eq!(
            conclude("Opioids are not supported for chronic pain."),
            None
        );
        assert_eq!(
            conclude("The request would be supported if pain improves."),
            None
        );
        // The later "medically necessary" statement wins over an earlier verdict.
        assert_eq!(
            conclude("The request is not supported. Overall it is medically necessary.")
                .map(|c| c.0),
            Some(true)
        );
    }

    #[test]
    fn unbalanced_quotes_never_swallow_the_last_sentence() {
        // A quotation never closed.
        let t = "ODG states, \"Recommended when medically necessary. Not for chronic pain. The request is not medically necessary.";
        assert_eq!(conclude(t).map(|c| c.0), Some(false));
        // A closing mark with no opener, then a real quotation, then the reviewer's sentence.
        let t = "Homebound means confined to the home.\" Guidelines say \"recommended as medically necessary\" in some cases. The request is not medically necessary.";
        assert_eq!(conclude(t).map(|c| c.0), Some(false));
        // Quotations inside a quotation keep the outer one open.
        let t = "ODG: \"Use of \"passive care\" is medically necessary when (5) a \"six-visit trial\" helps.\" The request is not medically necessary.";
        assert_eq!(conclude(t).map(|c| c.0), Some(false));
        let q = Quotes::new(t);
        let inner = t.find("is medically").unwrap();
        assert!(q.inside(inner), "still inside the outer quotation");
    }
}
