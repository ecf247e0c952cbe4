//! Re-parses only the letters an edit touches and splices them into the model.
//!
//! Letters are cut by lines alone and the cutting state at a letter start depends only on that
//! line (see [`super::segment`]), so re-cutting a window that starts at an untouched letter start
//! and ends where the cut lines up with the old one gives the same letters as a fresh parse.

use super::lines::lines_from;
use super::reuse::Reuse;
use super::source::{line_end_after, line_start_before};
pub use super::source::{Edit, Source};
use super::{line_role, parse, parse_letter, LineRole, Segmenter};
use crate::model::{shift_letter, Model};
use std::ops::Range;

/// What a re-parse replaced: old letters `removed` became `inserted` new ones at the same index;
/// letters after them moved by `delta` bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Splice {
    pub removed: Range<usize>,
    pub inserted: usize,
    pub delta: isize,
}

/// Updates `model` (the parse of the text before `edit`) to the parse of `text` (after it).
pub fn reparse<S: Source + ?Sized>(model: &mut Model, edit: Edit, text: &S) -> Splice {
    let n = model.letters.len();
    let delta = edit.delta();
    if n == 0 {
        return reparse_headless(model, edit, text);
    }
    let index_of = |at: usize| {
        model
            .letters
            .partition_point(|l| l.span.end <= at)
            .min(n - 1)
    };
    let i = index_of(edit.start);
    let j = index_of(edit.old_end).max(i);
    // The window starts at the letter before the edit, since an edit to a letter's first line
    // can join it to that one. When that line is untouched the letter still starts there (the
    // cut up to it reads the same text), so the window starts at the edited letter itself.
    let first_line_end = line_end_after(text, model.letters[i].span.start);
    // Untouched only if that line still ends in its newline before the edit: at the end of the
    // file an edit that cut the line short also "starts after" it.
    let first_line_untouched = edit.start >= first_line_end
        && first_line_end > 0
        && text.byte_at(first_line_end - 1) == Some(b'\n');
    let lo = if i > 0 && first_line_untouched {
        i
    } else {
        i.saturating_sub(1)
    };
    let win_start = model.letters[lo].span.start;
    let mut hi = j;
    let spans = loop {
        let win_end = model.letters[hi].span.end.wrapping_add_signed(delta);
        let window = text.slice(win_start, win_end);
        let mut cut = Segmenter::new(0);
        for line in lines_from(&window, 0) {
            cut.line(line, line_role(line.content(&window)));
        }
        // The next old letter opens with an opener line; it stays a letter start only if the
        // window's last letter reached its body. Otherwise it joins that letter: widen.
        if hi + 1 == n || cut.has_body() {
            let reuse = Reuse::from_letters(&model.letters[lo..=hi], &edit);
            let mut letters = Vec::new();
            for s in cut.finish(window.len()) {
                let (text, base) = (&window[s.start..s.end], win_start + s.start);
                if let Some(l) = parse_letter(text, base, Some(&reuse)) {
                    letters.push(l);
                }
            }
            break letters;
        }
        hi += 1;
    };
    let inserted = spans.len();
    // In place: the letters after the window are shifted where they lie, not moved twice.
    model.letters.splice(lo..hi + 1, spans);
    for l in &mut model.letters[lo + inserted..] {
        shift_letter(l, delta);
    }
    Splice {
        removed: lo..hi + 1,
        inserted,
        delta,
    }
}

/// A file with no letter stays so unless the lines around the edit now hold a heading.
fn reparse_headless<S: Source + ?Sized>(model: &mut Model, edit: Edit, text: &S) -> Splice {
    let len = text.len();
    let probe_start = edit.start.min(len);
    // Widen to whole lines: the line before the edit start to the line after the edit end.
    let a = line_start_before(text, probe_start);
    let b = line_end_after(text, edit.new_end.min(len));
    let window = text.slice(a, b);
    let heading = lines_from(&window, 0)
        .any(|l| matches!(line_role(l.content(&window)), LineRole::Heading(_)));
    if heading {
        *model = parse(&text.slice(0, len));
        return Splice {
            removed: 0..0,
            inserted: model.letters.len(),
            delta: edit.delta(),
        };
    }
    Splice {
        removed: 0..0,
        inserted: 0,
        delta: edit.delta(),
    }
}
