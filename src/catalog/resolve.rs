//! Resolution: normalising letter text and matching it against catalog aliases and page lists.

use super::{Catalog, Guideline};
use std::collections::HashMap;
use std::ops::Range;

/// A guideline named in a citation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuidelineMatch {
    /// Index into [`Catalog::guidelines`].
    pub index: usize,
    /// Byte range of the guideline name in the searched text.
    pub span: Range<usize>,
}

/// A topic named in a citation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicMatch {
    /// Index into the guideline's `topics`.
    pub topic: usize,
    /// Byte range of the topic name in the searched text.
    pub span: Range<usize>,
}

/// Normalised aliases, built once per catalog.
#[derive(Debug, Clone, Default)]
pub(super) struct Index {
    pub(super) by_id: HashMap<String, usize>,
    /// Guideline aliases over the whole catalog.
    aliases: AliasSet,
    /// Per guideline: chapter aliases of the chapters naming it as parent, longest first.
    chapters: Vec<Vec<(String, usize)>>,
    /// Per guideline: topic aliases.
    topics: Vec<AliasSet>,
}

impl Index {
    pub(super) fn build(guidelines: &[Guideline]) -> Index {
        let mut by_id = HashMap::with_capacity(guidelines.len());
        for (i, g) in guidelines.iter().enumerate() {
            by_id.entry(g.id.clone()).or_insert(i);
        }
        let mut aliases = Vec::new();
        let mut chapters = vec![Vec::new(); guidelines.len()];
        for (i, g) in guidelines.iter().enumerate() {
            for a in &g.aliases {
                push_alias(&mut aliases, a, i);
            }
            if let Some(&p) = g.parent.as_deref().and_then(|p| by_id.get(p)) {
                for a in &g.chapter_aliases {
                    push_alias(&mut chapters[p], a, i);
                }
            }
        }
        chapters.iter_mut().for_each(|c| sort_longest_first(c));
        let topics = guidelines.iter().map(topic_aliases).collect();
        Index {
            by_id,
            aliases: AliasSet::new(aliases),
            chapters,
            topics,
        }
    }
}

/// Folded aliases bucketed by first byte, so one pass over the text tests only the aliases that
/// can start at each position (a poor man's Aho-Corasick; there are only a few hundred aliases).
#[derive(Debug, Clone, Default)]
struct AliasSet {
    /// `(folded alias, target)`, grouped by first byte, longest first within a group.
    entries: Vec<(String, usize)>,
    /// `entries[starts[b]..starts[b + 1]]` are the aliases beginning with byte `b`.
    starts: Vec<u32>,
}

impl AliasSet {
    fn new(mut entries: Vec<(String, usize)>) -> AliasSet {
        sort_longest_first(&mut entries);
        // Stable: keeps longest-first order inside each first-byte group.
        entries.sort_by_key(|(a, _)| a.as_bytes()[0]);
        let mut starts = vec![0u32; 257];
        for (a, _) in &entries {
            starts[usize::from(a.as_bytes()[0]) + 1] += 1;
        }
        for b in 1..257 {
            starts[b] += starts[b - 1];
        }
        AliasSet { entries, starts }
    }

    /// Every boundary-respecting alias hit in `hay` as `(folded range, target)`, by position.
    fn hits(&self, hay: &str) -> Vec<(Range<usize>, usize)> {
        let mut out = Vec::new();
        if self.entries.is_empty() {
            return out;
        }
        let b = hay.as_bytes();
        for (i, &first) in b.iter().enumerate() {
            let lo = self.starts[usize::from(first)] as usize;
            let hi = self.starts[usize::from(first) + 1] as usize;
            if lo == hi {
                continue;
            }
            // A word character cannot start a match right after another word character; every
            // alias in the bucket starts with `first`, so the whole bucket is skipped at once.
            if first.is_ascii_alphanumeric() && i > 0 && b[i - 1].is_ascii_alphanumeric() {
                continue;
            }
            for (alias, target) in &self.entries[lo..hi] {
                if b[i..].starts_with(alias.as_bytes()) && on_boundary(hay, i, i + alias.len()) {
                    out.push((i..i + alias.len(), *target));
                }
            }
        }
        out
    }
}

fn push_alias(list: &mut Vec<(String, usize)>, alias: &str, target: usize) {
    let key = normalise_key(alias);
    if !key.is_empty() && !list.iter().any(|(k, t)| *t == target && *k == key) {
        list.push((key, target));
    }
}

fn sort_longest_first(list: &mut [(String, usize)]) {
    // Stable, so equal-length aliases keep file order (earlier entries win ties).
    list.sort_by_key(|(a, _)| std::cmp::Reverse(a.len()));
}

fn topic_aliases(g: &Guideline) -> AliasSet {
    let mut list = Vec::new();
    for (ti, t) in g.topics.iter().enumerate() {
        push_alias(&mut list, &t.name, ti);
        for a in &t.aliases {
            push_alias(&mut list, a, ti);
        }
    }
    AliasSet::new(list)
}

/// Letter text folded for matching, with a map from every folded byte back to the original.
struct Folded {
    text: String,
    /// Original byte where the char that produced each folded byte starts.
    starts: Vec<usize>,
    /// Original byte where that char ends.
    ends: Vec<usize>,
}

impl Folded {
    fn span(&self, r: Range<usize>) -> Range<usize> {
        self.starts[r.start]..self.ends[r.end - 1]
    }

    fn push(&mut self, c: char, from: usize, to: usize) {
        self.text.push(c);
        for _ in 0..c.len_utf8() {
            self.starts.push(from);
            self.ends.push(to);
        }
    }
}

/// Folds text for matching: lowercase, whitespace runs to one space, PDF line-break hyphens
/// (`Non- MTUS`) joined, `&` read as `and`, a space after every comma, typographic dashes and
/// quotes made ASCII, and `®`/`™` plus their mojibake (`Â®`) dropped. Aliases and letters go
/// through the same function, so only the spelling differences listed here are tolerated.
fn fold(src: &str) -> Folded {
    let mut out = Folded {
        text: String::with_capacity(src.len()),
        starts: Vec::with_capacity(src.len()),
        ends: Vec::with_capacity(src.len()),
    };
    let mut pending_space = false;
    let mut pos = 0;
    let bytes = src.as_bytes();
    while pos < bytes.len() {
        // Fast path: plain ASCII letters, digits and punctuation fold to themselves, lowercased.
        let b = bytes[pos];
        if b.is_ascii_graphic() && !matches!(b, b'&' | b',' | b'`') {
            flush_space(&mut out, &mut pending_space, pos);
            out.push(char::from(b.to_ascii_lowercase()), pos, pos + 1);
            pos += 1;
            continue;
        }
        let Some(c) = src[pos..].chars().next() else {
            break;
        };
        let end = pos + c.len_utf8();
        let rest = &src[end..];
        let mut next = end;
        let mapped: Option<char> = match c {
            _ if c.is_whitespace() => {
                let t = out.text.as_bytes();
                // "Non-<newline>MTUS": a hyphen glued to a word then a line break is a split word.
                let split_word = t.len() >= 2
                    && t[t.len() - 1] == b'-'
                    && (t[t.len() - 2] as char).is_ascii_alphanumeric();
                if !split_word && !out.text.is_empty() {
                    pending_space = true;
                }
                None
            }
            // Mojibake: UTF-8 "®" read as Latin-1 gives "Â®"; "Â" before U+0080..U+00BF is noise.
            'Â' if rest
                .chars()
                .next()
                .is_some_and(|n| ('\u{80}'..='\u{bf}').contains(&n)) =>
            {
                None
            }
            'â' if rest.starts_with('€') => {
                let after = &rest['€'.len_utf8()..];
                let third = after.chars().next();
                next = end + '€'.len_utf8() + third.map_or(0, char::len_utf8);
                match third {
                    Some('™') | Some('˜') => Some('\''),
                    Some('œ') | Some('\u{9d}') => Some('"'),
                    Some('“') | Some('”') => Some('-'),
                    _ => {
                        next = end;
                        Some('â')
                    }
                }
            }
            '®' | '™' | '©' => None,
            '\u{2010}'..='\u{2015}' | '\u{2212}' => Some('-'),
            '\u{2018}' | '\u{2019}' | '`' => Some('\''),
            '\u{201c}' | '\u{201d}' => Some('"'),
            '&' => {
                if !out.text.is_empty() {
                    pending_space = true;
                }
                flush_space(&mut out, &mut pending_space, pos);
                for ch in "and".chars() {
                    out.push(ch, pos, end);
                }
                pending_space = true;
                None
            }
            _ => Some(c),
        };
        if let Some(m) = mapped {
            flush_space(&mut out, &mut pending_space, pos);
            if m.is_ascii() {
                out.push(m.to_ascii_lowercase(), pos, next);
            } else {
                for l in m.to_lowercase() {
                    out.push(l, pos, next);
                }
            }
            if m == ',' {
                // "ACOEM,Chronic" and "ACOEM, Chronic" must fold alike.
                pending_space = true;
            }
        }
        pos = next;
    }
    out
}

fn flush_space(out: &mut Folded, pending: &mut bool, at: usize) {
    if *pending {
        if !out.text.is_empty() && !out.text.ends_with(' ') {
            out.push(' ', at, at);
        }
        *pending = false;
    }
}

/// The folded form of an alias or name, used as a comparison key.
pub(super) fn normalise_key(s: &str) -> String {
    let mut t = fold(s).text;
    let trimmed = t.trim_end().len();
    t.truncate(trimmed);
    t
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric()
}

/// Whether `hay[s..e]` (a hit for `needle`) stands on word boundaries. Section numbers count
/// dots followed by digits as part of the word, so `3.3` does not match inside `3.3.1.2`.
fn on_boundary(hay: &str, s: usize, e: usize) -> bool {
    let needle = &hay[s..e];
    let (Some(first), Some(last)) = (needle.chars().next(), needle.chars().next_back()) else {
        return false;
    };
    if is_word(first) {
        let mut before = hay[..s].chars().rev();
        match before.next() {
            Some(p) if is_word(p) => return false,
            Some('.')
                if first.is_ascii_digit() && before.next().is_some_and(|p| p.is_ascii_digit()) =>
            {
                return false
            }
            _ => {}
        }
    }
    if is_word(last) {
        let mut after = hay[e..].chars();
        match after.next() {
            Some(n) if is_word(n) => return false,
            Some('.')
                if last.is_ascii_digit() && after.next().is_some_and(|n| n.is_ascii_digit()) =>
            {
                return false
            }
            _ => {}
        }
    }
    true
}

/// Position after separators between a family name and its chapter ("ODG), Pain", "ODG- Pain").
fn skip_separators(hay: &str, mut at: usize) -> usize {
    let b = hay.as_bytes();
    while at < b.len() && matches!(b[at], b' ' | b',' | b'-' | b':' | b';') {
        at += 1;
    }
    at
}

/// A hit for one guideline: folded range and guideline index.
struct Candidate {
    index: usize,
    range: Range<usize>,
}

impl Catalog {
    /// Every guideline alias hit in `hay`, each extended over a following chapter name when the
    /// guideline is a family (ODG, ACOEM) whose chapter names follow it.
    fn guideline_candidates(&self, hay: &str) -> Vec<Candidate> {
        let mut found = Vec::new();
        for (r, gi) in self.index.aliases.hits(hay) {
            let chapter = self.index.chapters.get(gi).and_then(|chs| {
                let at = skip_separators(hay, r.end);
                chs.iter().find_map(|(ch, child)| {
                    let end = at + ch.len();
                    (hay[at..].starts_with(ch.as_str()) && on_boundary(hay, at, end))
                        .then(|| (*child, extend_chapter_word(hay, end)))
                })
            });
            if let Some((child, end)) = chapter {
                found.push(Candidate {
                    index: child,
                    range: r.start..end,
                });
            }
            found.push(Candidate {
                index: gi,
                range: r,
            });
        }
        found
    }

    /// The guideline named in a citation phrase; the longest (most specific) name wins, ties go to
    /// the earlier one. Use [`Catalog::match_guidelines`] for text citing several guidelines.
    pub fn match_guideline(&self, cited: &str) -> Option<GuidelineMatch> {
        let folded = fold(cited);
        let best = self
            .guideline_candidates(&folded.text)
            .into_iter()
            .min_by_key(|c| (usize::MAX - c.range.len(), c.range.start))?;
        Some(GuidelineMatch {
            index: best.index,
            span: folded.span(best.range),
        })
    }

    /// Every guideline named in `text`, non-overlapping (longer names first), sorted by position;
    /// for fields like "Shoulder Complaints 2004, Section(s): ..., and Postsurgical Treatment 2009".
    pub fn match_guidelines(&self, text: &str) -> Vec<GuidelineMatch> {
        let folded = fold(text);
        let mut cands = self.guideline_candidates(&folded.text);
        cands.sort_by_key(|c| (usize::MAX - c.range.len(), c.range.start));
        let mut taken: Vec<Candidate> = Vec::new();
        for c in cands {
            if !taken.iter().any(|t| overlaps(&t.range, &c.range)) {
                taken.push(c);
            }
        }
        taken.sort_by_key(|c| c.range.start);
        taken
            .into_iter()
            .map(|c| GuidelineMatch {
                index: c.index,
                span: folded.span(c.range),
            })
            .collect()
    }

    /// Every topic of `g` named in `text`: non-overlapping, longest names first, on word
    /// boundaries, ignoring case and spacing, sorted by position. Names with commas match whole.
    /// Pass the text after the guideline name so guideline words are not read as topics.
    pub fn match_topics(&self, g: &Guideline, text: &str) -> Vec<TopicMatch> {
        let owned;
        let aliases = match self.index_of(g) {
            Some(gi) => &self.index.topics[gi],
            None => {
                // A guideline from elsewhere (e.g. another catalog): fold its aliases on the spot.
                owned = topic_aliases(g);
                &owned
            }
        };
        let folded = fold(text);
        let mut hits = aliases.hits(&folded.text);
        hits.sort_by_key(|(r, _)| (usize::MAX - r.len(), r.start));
        let mut taken: Vec<(Range<usize>, usize)> = Vec::new();
        for (r, ti) in hits {
            if !taken.iter().any(|(t, _)| overlaps(t, &r)) {
                taken.push((r, ti));
            }
        }
        taken.sort_by_key(|(r, _)| r.start);
        taken
            .into_iter()
            .map(|(r, topic)| TopicMatch {
                topic,
                span: folded.span(r),
            })
            .collect()
    }

    /// Indices of `g`'s topics whose pages overlap `first..=last`, narrowest range first, then
    /// better-supported figures first.
    pub fn topics_for_pages(&self, g: &Guideline, first: u32, last: u32) -> Vec<usize> {
        let (lo, hi) = (first.min(last), first.max(last));
        let mut hits: Vec<(u32, u8, usize)> = g
            .topics
            .iter()
            .enumerate()
            .filter_map(|(ti, t)| {
                let width = t
                    .pages
                    .iter()
                    .filter(|&&(a, b)| a <= hi && lo <= b)
                    .map(|&(a, b)| b - a)
                    .min()?;
                Some((width, t.confidence as u8, ti))
            })
            .collect();
        hits.sort();
        hits.into_iter().map(|(_, _, ti)| ti).collect()
    }

    fn index_of(&self, g: &Guideline) -> Option<usize> {
        if let Some(i) = self.guidelines.iter().position(|x| std::ptr::eq(x, g)) {
            return Some(i);
        }
        // A copy (e.g. from a clone of this catalog) can reuse the index only if it is identical.
        let i = *self.index.by_id.get(&g.id)?;
        (self.guidelines[i] == *g).then_some(i)
    }
}

impl Catalog {
    /// Chapters of `family` named in `text` as a list goes on after a first chapter: at its
    /// start, and after each `;` or `and` ("Low back, Manipulation; Neck and Upper back, …",
    /// "Low Back and neck Chapter"). With `anywhere`, at every word ("(ODG) MRI shoulder", where
    /// the chapter does not follow the family's name). Ranges are in `text`.
    pub fn chapters_named(
        &self,
        family: usize,
        text: &str,
        anywhere: bool,
    ) -> Vec<(usize, Range<usize>)> {
        let Some(chapters) = self.index.chapters.get(family) else {
            return Vec::new();
        };
        if chapters.is_empty() {
            return Vec::new();
        }
        let folded = fold(text);
        let hay = folded.text.as_str();
        let b = hay.as_bytes();
        let mut starts = vec![skip_separators(hay, 0)];
        for (i, &c) in b.iter().enumerate() {
            let word_start =
                c.is_ascii_alphanumeric() && (i == 0 || !b[i - 1].is_ascii_alphanumeric());
            if anywhere && word_start {
                starts.push(i);
            } else if c == b';' {
                starts.push(skip_separators(hay, i + 1));
            } else if word_start && hay[i..].starts_with("and ") {
                starts.push(i + 4);
            }
        }
        let mut out: Vec<(usize, Range<usize>)> = Vec::new();
        for at in starts {
            let hit = chapters.iter().find(|(ch, _)| {
                hay[at..].starts_with(ch.as_str()) && on_boundary(hay, at, at + ch.len())
            });
            if let Some((ch, child)) = hit {
                if !out.iter().any(|(c, r)| c == child || r.contains(&at)) {
                    out.push((*child, folded.span(at..at + ch.len())));
                }
            }
        }
        out
    }
}

/// Extends a chapter hit over a trailing "chapter" word ("Low Back Chapter").
fn extend_chapter_word(hay: &str, end: usize) -> usize {
    let word = " chapter";
    if hay[end..].starts_with(word) && on_boundary(hay, end + 1, end + word.len()) {
        end + word.len()
    } else {
        end
    }
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

#[cfg(test)]
pub(super) fn fold_for_test(s: &str) -> (String, Vec<usize>, Vec<usize>) {
    let f = fold(s);
    (f.text, f.starts, f.ends)
}
