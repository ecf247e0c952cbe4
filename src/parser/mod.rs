//! Turns the text of a determination file into the letter [`Model`].
//!
//! A file is cut into letters by lines alone (see [`segment`]); each letter is parsed on its own,
//! so an edit re-parses only the letters it touches ([`incremental`]).

mod citations;
mod conclusion;
mod header;
pub mod incremental;
mod items;
pub mod lines;
mod mentions;
pub mod recognise;
mod reuse;
pub mod source;
pub mod spelling;
pub mod vocabulary;

use crate::model::{Letter, Model, Section, SectionKind, Span};
use lines::{lines_from, same_words, starts_with_ci, Line};

pub use incremental::{reparse, Edit};

/// Parses a whole file.
pub fn parse(text: &str) -> Model {
    let mut letters = Vec::new();
    for span in segment(text, 0) {
        if let Some(letter) = parse_letter(&text[span.start..span.end], span.start, None) {
            letters.push(letter);
        }
    }
    Model { letters }
}

/// What a line means for cutting a file into letters.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum LineRole {
    /// A section heading; `HOW THE IMR…` also opens a letter.
    Heading(SectionKind),
    /// A line that opens a letter without being a section: a header block or an old-format title.
    Opener,
    Other,
}

pub(crate) fn line_role(content: &str) -> LineRole {
    // A header block opens with its case number label; in layout-mode text the line goes on
    // with the value and more columns, so it can be long.
    if starts_with_ci(content, spelling::CASE_NUMBER_LABEL) {
        let rest = content[spelling::CASE_NUMBER_LABEL.len()..].trim_start();
        if rest.starts_with(':') {
            return LineRole::Opener;
        }
    }
    // Headings and titles are short; skip the comparisons for prose lines.
    if content.is_empty() || content.len() > 80 {
        return LineRole::Other;
    }
    if let Some(kind) = heading_kind(content) {
        return LineRole::Heading(kind);
    }
    if spelling::LETTER_TITLES
        .iter()
        .any(|t| same_words(content, t))
    {
        return LineRole::Opener;
    }
    LineRole::Other
}

pub(crate) fn heading_kind(content: &str) -> Option<SectionKind> {
    let c = content.strip_suffix(':').unwrap_or(content);
    // Headings are upper case in every known format; a cheap first-letter check avoids most work.
    let first = c.as_bytes().first()?.to_ascii_uppercase();
    spelling::SECTION_HEADINGS
        .iter()
        .find(|(h, _)| h.as_bytes()[0] == first && same_words(c, h))
        .map(|&(_, k)| k)
}

fn opens_letter(role: LineRole) -> bool {
    matches!(
        role,
        LineRole::Heading(SectionKind::HowMade) | LineRole::Opener
    )
}

/// Cuts `text` from byte `from` (a line start) into letter spans that tile it to the end.
///
/// A letter starts at an opener line (`Case Number:`, the `HOW THE IMR…` heading, an old title)
/// once the current letter has reached its body (a section heading); before that, openers belong
/// to the letter being read, so a header block and its heading stay together. The state at a
/// letter start depends on that line alone, which is what lets [`incremental`] re-cut a window.
pub fn segment(text: &str, from: usize) -> Vec<Span> {
    let mut cut = Segmenter::new(from);
    for line in lines_from(text, from) {
        cut.line(line, line_role(line.content(text)));
    }
    cut.finish(text.len())
}

pub(crate) struct Segmenter {
    starts: Vec<usize>,
    has_body: bool,
}

impl Segmenter {
    pub(crate) fn new(from: usize) -> Self {
        Segmenter {
            starts: vec![from],
            has_body: false,
        }
    }

    pub(crate) fn line(&mut self, line: Line, role: LineRole) {
        if opens_letter(role) && self.has_body {
            self.starts.push(line.start);
            self.has_body = false;
        }
        if matches!(role, LineRole::Heading(_)) {
            self.has_body = true;
        }
    }

    /// Whether the letter being read has reached a heading (so the next opener starts a new one).
    pub(crate) fn has_body(&self) -> bool {
        self.has_body
    }

    pub(crate) fn finish(self, end: usize) -> Vec<Span> {
        let mut spans = Vec::with_capacity(self.starts.len());
        for (i, &s) in self.starts.iter().enumerate() {
            let e = self.starts.get(i + 1).copied().unwrap_or(end);
            spans.push(Span::new(s, e));
        }
        spans
    }
}

/// Parses one letter's text; `base` is its offset in the file. `None` for a file with no heading.
/// `reuse` carries field results over an edit (see `reuse.rs`).
pub(crate) fn parse_letter(src: &str, base: usize, reuse: Option<&reuse::Reuse>) -> Option<Letter> {
    let all: Vec<Line> = lines_from(src, 0).collect();
    let mut headings: Vec<(usize, SectionKind)> = Vec::new();
    for (i, l) in all.iter().enumerate() {
        if let LineRole::Heading(k) = line_role(l.content(src)) {
            headings.push((i, k));
        }
    }
    if headings.is_empty() {
        // A segment without headings is either the whole file (not a letter at all) or a header
        // block opening a new letter at the end of the file (a letter still being written).
        if base == 0 {
            return None;
        }
        return Some(Letter {
            span: Span::new(base, base + src.len()),
            header: header::parse_header(src, &all, base),
            sections: Vec::new(),
            items: Vec::new(),
        });
    }
    let mut sections = Vec::with_capacity(headings.len());
    for (n, &(i, kind)) in headings.iter().enumerate() {
        let end = headings
            .get(n + 1)
            .map(|&(j, _)| all[j].start)
            .unwrap_or(src.len());
        sections.push(Section {
            kind,
            heading: Span::new(all[i].trim_start + base, all[i].trim_end + base),
            span: Span::new(all[i].trim_start + base, trim_end_before(src, end) + base),
        });
    }
    let first_heading = headings[0].0;
    let header = header::parse_header(src, &all[..first_heading], base);

    // Items live in the issues section; a draft without that heading gets its items looked for
    // after the last heading, so the outline still shows them.
    let region = headings
        .iter()
        .position(|&(_, k)| k == SectionKind::Issues)
        .or(Some(headings.len() - 1))
        .map(|n| {
            let from = headings[n].0 + 1;
            let to = headings.get(n + 1).map(|&(j, _)| j).unwrap_or(all.len());
            (from, to)
        })
        .unwrap_or((all.len(), all.len()));
    let items = items::parse_items(src, &all, region.0, region.1, base, reuse);

    Some(Letter {
        span: Span::new(base, base + src.len()),
        header,
        sections,
        items,
    })
}

/// The end of the last non-whitespace character before `end`.
pub(crate) fn trim_end_before(src: &str, end: usize) -> usize {
    src[..end].trim_end().len()
}
