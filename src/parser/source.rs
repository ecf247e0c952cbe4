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
    /// Bytes `a..b`; both on line starts or the end, so always on character boundaries.
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
