//! Splits text into lines, remembering where each line's visible content starts and ends.

/// One line of text, as byte offsets relative to the text it came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Line {
    /// First byte of the line.
    pub start: usize,
    /// End of the line's content, before `\n` / `\r\n`.
    pub end: usize,
    /// First byte after the line terminator (the next line's start).
    pub next: usize,
    /// Visible content, with leading and trailing whitespace (spaces, form feeds, NBSP) trimmed.
    pub trim_start: usize,
    pub trim_end: usize,
}

impl Line {
    pub fn is_blank(&self) -> bool {
        self.trim_start == self.trim_end
    }

    pub fn content<'a>(&self, text: &'a str) -> &'a str {
        &text[self.trim_start..self.trim_end]
    }
}

/// Iterates over the lines of `text` starting at byte `from` (which must be a line start).
pub fn lines_from(text: &str, from: usize) -> impl Iterator<Item = Line> + '_ {
    let bytes = text.as_bytes();
    let mut pos = from;
    std::iter::from_fn(move || {
        if pos >= bytes.len() {
            return None;
        }
        let start = pos;
        let (end, next) = match memchr::memchr(b'\n', &bytes[start..]) {
            Some(i) => (start + i, start + i + 1),
            None => (bytes.len(), bytes.len()),
        };
        let end = if end > start && bytes[end - 1] == b'\r' {
            end - 1
        } else {
            end
        };
        pos = next;
        let raw = &text[start..end];
        let lead = raw.len() - raw.trim_start().len();
        let trimmed = raw.trim();
        let trim_start = start + lead;
        Some(Line {
            start,
            end,
            next,
            trim_start,
            trim_end: trim_start + trimmed.len(),
        })
    })
}

/// Collects all lines of `text`.
pub fn lines(text: &str) -> Vec<Line> {
    lines_from(text, 0).collect()
}

/// Compares two phrases ignoring ASCII case and runs of whitespace.
pub fn same_words(a: &str, b: &str) -> bool {
    let mut x = a.split_whitespace();
    let mut y = b.split_whitespace();
    loop {
        match (x.next(), y.next()) {
            (None, None) => return true,
            (Some(p), Some(q)) if p.eq_ignore_ascii_case(q) => {}
            _ => return false,
        }
    }
}

/// Finds `needle` in `hay` ignoring ASCII case; `needle` must be ASCII.
pub fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    let h = hay.as_bytes();
    let n = needle.as_bytes();
    if n.is_empty() || h.len() < n.len() {
        return None;
    }
    let first = n[0];
    let (lo, up) = (first.to_ascii_lowercase(), first.to_ascii_uppercase());
    let mut i = 0;
    while i + n.len() <= h.len() {
        let rest = &h[i..h.len() - n.len() + 1];
        let j = memchr::memchr2(lo, up, rest)?;
        let at = i + j;
        if h[at..at + n.len()].eq_ignore_ascii_case(n) {
            return Some(at);
        }
        i = at + 1;
    }
    None
}

/// True when `hay` starts with `needle`, ignoring ASCII case.
pub fn starts_with_ci(hay: &str, needle: &str) -> bool {
    hay.len() >= needle.len()
        && hay.as_bytes()[..needle.len()].eq_ignore_ascii_case(needle.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crlf_and_form_feed_are_trimmed() {
        let text = "a b \r\n\x0c  c\n\n";
        let ls = lines(text);
        assert_eq!(ls.len(), 3);
        assert_eq!(ls[0].content(text), "a b");
        assert_eq!(ls[0].end, 4);
        assert_eq!(ls[1].content(text), "c");
        assert!(ls[2].is_blank());
    }

    #[test]
    fn find_ci_finds_mixed_case() {
        assert_eq!(
            find_ci("xx Decision RATIONALE: y", "decision rationale:"),
            Some(3)
        );
        assert_eq!(find_ci("short", "longer needle"), None);
        assert!(same_words(
            "IMR  ISSUES, decisions\tAND RATIONALES",
            "IMR ISSUES, DECISIONS AND RATIONALES"
        ));
    }
}
