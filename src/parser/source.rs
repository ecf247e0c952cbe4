//! What the parser reads and how it is told about a change: a text it can slice (a `str` or the
//! server's rope) and one edit in byte offsets. Both the re-parse and the field reuse need them.

use std::borrow::Cow;

/// One text change in byte offsets: old `[start, old_end)` became new `[start, new_end)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Edit {
    pub start: usize,
    pub old_end: usize,
    pub new_end: usize,
}

impl Edit {
    pub fn delta(&self) -> isize {
        self.new_end as isize - self.old_end as isize
    }
}

/// Text the parser can read a window of: a `str`, or the server's rope.
pub trait Source {
    fn len(&self) -> usize;
    /// Bytes `a..b`, both on character boundaries (line starts, the end, or a model span's ends).
    fn slice(&self, a: usize, b: usize) -> Cow<'_, str>;
    /// One byte, for finding character boundaries.
    fn byte_at(&self, at: usize) -> Option<u8>;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Source for str {
    fn len(&self) -> usize {
        str::len(self)
    }
    fn slice(&self, a: usize, b: usize) -> Cow<'_, str> {
        Cow::Borrowed(&self[a..b])
    }
    fn byte_at(&self, at: usize) -> Option<u8> {
        self.as_bytes().get(at).copied()
    }
}

impl Source for String {
    fn len(&self) -> usize {
        self.as_str().len()
    }
    fn slice(&self, a: usize, b: usize) -> Cow<'_, str> {
        Cow::Borrowed(&self[a..b])
    }
    fn byte_at(&self, at: usize) -> Option<u8> {
        self.as_bytes().get(at).copied()
    }
}

impl Source for ropey::Rope {
    fn len(&self) -> usize {
        self.len_bytes()
    }
    fn slice(&self, a: usize, b: usize) -> Cow<'_, str> {
        let s = self.byte_slice(a..b);
        match s.as_str() {
            Some(t) => Cow::Borrowed(t),
            None => Cow::Owned(s.to_string()),
        }
    }
    fn byte_at(&self, at: usize) -> Option<u8> {
        self.get_byte(at)
    }
}

/// The start of the line holding byte `at`, reading backwards in small steps.
pub fn line_start_before<S: Source + ?Sized>(text: &S, at: usize) -> usize {
    let mut end = at;
    while end > 0 {
        let start = end.saturating_sub(4096);
        let start = char_floor(text, start);
        let chunk = text.slice(start, end);
        if let Some(i) = memchr::memrchr(b'\n', chunk.as_bytes()) {
            return start + i + 1;
        }
        end = start;
    }
    0
}

/// The end of the line holding byte `at` (after its newline).
pub fn line_end_after<S: Source + ?Sized>(text: &S, at: usize) -> usize {
    let len = text.len();
    let mut start = at;
    while start < len {
        let end = char_ceil(text, (start + 4096).min(len));
        let chunk = text.slice(start, end);
        if let Some(i) = memchr::memchr(b'\n', chunk.as_bytes()) {
            return start + i + 1;
        }
        start = end;
    }
    len
}

/// Moves `at` down to a character boundary (at most 3 bytes).
fn char_floor<S: Source + ?Sized>(text: &S, mut at: usize) -> usize {
    while at > 0 && !is_boundary(text, at) {
        at -= 1;
    }
    at
}

fn char_ceil<S: Source + ?Sized>(text: &S, mut at: usize) -> usize {
    while at < text.len() && !is_boundary(text, at) {
        at += 1;
    }
    at
}

fn is_boundary<S: Source + ?Sized>(text: &S, at: usize) -> bool {
    if at == 0 || at >= text.len() {
        return true;
    }
    // UTF-8 continuation bytes are 0b10xxxxxx.
    text.byte_at(at).is_some_and(|b| (b as i8) >= -0x40)
}
