//! Byte offsets ↔ LSP positions, in the encoding the client and server agreed on.
//!
//! The only place that knows about UTF-16. Lines follow LSP: `\n`, `\r\n` and `\r` end a line
//! (the rope is built with CR/LF line breaks only, so a form feed stays inside its line).

use crate::model::Span;
use ropey::Rope;
use tower_lsp_server::ls_types::{Position, Range};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Encoding {
    Utf8,
    #[default]
    Utf16,
}

/// Converts between byte offsets in `rope` and positions.
pub struct Positions<'a> {
    pub rope: &'a Rope,
    pub encoding: Encoding,
}

impl Positions<'_> {
    /// The position of byte `offset` (clamped to the text; moved back to a character start).
    pub fn position(&self, offset: usize) -> Position {
        let rope = self.rope;
        let offset = offset.min(rope.len_bytes());
        if let Some(p) = self.position_in_chunk(offset) {
            return p;
        }
        let line = rope.byte_to_line(offset);
        let line_start = rope.line_to_byte(line);
        let col = match self.encoding {
            Encoding::Utf8 => {
                let ch = rope.byte_to_char(offset);
                rope.char_to_byte(ch) - line_start
            }
            Encoding::Utf16 => {
                let ch = rope.byte_to_char(offset);
                let line_ch = rope.line_to_char(line);
                rope.char_to_utf16_cu(ch) - rope.char_to_utf16_cu(line_ch)
            }
        };
        Position::new(line as u32, col as u32)
    }

    /// The fast path of [`Self::position`]: one tree lookup when the line starts inside the
    /// chunk holding `offset` (most lines are far shorter than a chunk). `None` sends the rare
    /// other cases (a line longer than the rest of its chunk, an offset between `\r` and `\n`)
    /// to the general path. The rope never splits a CRLF pair across chunks.
    fn position_in_chunk(&self, offset: usize) -> Option<Position> {
        let (chunk, chunk_byte, _, chunk_line) = self.rope.chunk_at_byte(offset);
        let bytes = chunk.as_bytes();
        let mut local = offset.checked_sub(chunk_byte)?;
        if local > bytes.len() {
            return None;
        }
        while !chunk.is_char_boundary(local) {
            local -= 1;
        }
        if local > 0 && bytes[local - 1] == b'\r' && bytes.get(local) == Some(&b'\n') {
            return None;
        }
        let prefix = &bytes[..local];
        let line_start = memchr::memrchr2(b'\n', b'\r', prefix)? + 1;
        // Line breaks before `offset` in this chunk: `\n`, and `\r` not followed by `\n`.
        let breaks = memchr::memchr2_iter(b'\n', b'\r', prefix)
            .filter(|&i| prefix[i] == b'\n' || prefix.get(i + 1) != Some(&b'\n'))
            .count();
        let content = &chunk[line_start..local];
        let col = match self.encoding {
            Encoding::Utf8 => content.len(),
            Encoding::Utf16 if content.is_ascii() => content.len(),
            Encoding::Utf16 => content.chars().map(char::len_utf16).sum(),
        };
        Some(Position::new((chunk_line + breaks) as u32, col as u32))
    }

    pub fn range(&self, span: Span) -> Range {
        Range::new(
            self.position(span.start),
            self.position(span.end.max(span.start)),
        )
    }

    /// The byte offset of `pos`; a line past the end clamps to the end of the text and a column
    /// past the end of its line clamps to the line's end (before its terminator), as LSP asks.
    pub fn offset(&self, pos: Position) -> usize {
        let rope = self.rope;
        let line = pos.line as usize;
        if line >= rope.len_lines() {
            return rope.len_bytes();
        }
        let start_ch = rope.line_to_char(line);
        let slice = rope.line(line);
        let mut content_chars = slice.len_chars();
        // Exclude the line terminator from the clamp.
        while content_chars > 0 {
            let c = slice.char(content_chars - 1);
            if c == '\n' || c == '\r' {
                content_chars -= 1;
            } else {
                break;
            }
        }
        let col = pos.character as usize;
        let ch = match self.encoding {
            Encoding::Utf8 => {
                let line_byte = rope.char_to_byte(start_ch);
                let max = rope.char_to_byte(start_ch + content_chars);
                let b = (line_byte + col).min(max);
                // Inside a character: move back to its start.
                rope.byte_to_char(b)
            }
            Encoding::Utf16 => {
                let base = rope.char_to_utf16_cu(start_ch);
                let max = rope.char_to_utf16_cu(start_ch + content_chars);
                let cu = (base + col).min(max);
                rope.utf16_cu_to_char(cu)
            }
        };
        rope.char_to_byte(ch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_and_utf8_columns_on_mojibake_and_emoji() {
        let rope = Rope::from_str("FlexerilÂ® 10°\r\nx😀y\n");
        let p16 = Positions {
            rope: &rope,
            encoding: Encoding::Utf16,
        };
        let p8 = Positions {
            rope: &rope,
            encoding: Encoding::Utf8,
        };
        let y = "FlexerilÂ® 10°\r\nx😀".len();
        assert_eq!(p16.position(y), Position::new(1, 3));
        assert_eq!(p8.position(y), Position::new(1, 5));
        assert_eq!(p16.offset(Position::new(1, 3)), y);
        assert_eq!(p8.offset(Position::new(1, 5)), y);
        // Past the end of a line clamps before its CRLF; past the last line, to the end.
        assert_eq!(p16.offset(Position::new(0, 99)), "FlexerilÂ® 10°".len());
        assert_eq!(p16.offset(Position::new(99, 0)), rope.len_bytes());
        // Inside a surrogate pair or a multi-byte character: back to its start.
        assert_eq!(p16.offset(Position::new(1, 2)), "FlexerilÂ® 10°\r\nx".len());
        assert_eq!(p8.offset(Position::new(1, 3)), "FlexerilÂ® 10°\r\nx".len());
    }

    /// The general path alone, to check the fast path against.
    fn slow_position(p: &Positions, offset: usize) -> Position {
        let rope = p.rope;
        let line = rope.byte_to_line(offset);
        let ch = rope.byte_to_char(offset);
        let col = match p.encoding {
            Encoding::Utf8 => rope.char_to_byte(ch) - rope.line_to_byte(line),
            Encoding::Utf16 => {
                rope.char_to_utf16_cu(ch) - rope.char_to_utf16_cu(rope.line_to_char(line))
            }
        };
        Position::new(line as u32, col as u32)
    }

    #[test]
    fn fast_path_agrees_with_the_rope_on_every_offset() {
        // Long enough for many chunks; lines of all lengths, CR, CRLF, LF, multi-byte text.
        let mut text = String::new();
        for i in 0..400 {
            let sep = ["\n", "\r\n", "\r", "\n\n"][i % 4];
            let body = ["x😀y", "Â® 10°", "", "plain ascii words", "\x0c"][i % 5].repeat(i % 37);
            text.push_str(&body);
            text.push_str(sep);
        }
        text.push_str(&"long line é ".repeat(300));
        let rope = Rope::from_str(&text);
        for encoding in [Encoding::Utf8, Encoding::Utf16] {
            let p = Positions {
                rope: &rope,
                encoding,
            };
            for offset in 0..=text.len() {
                // Between \r and \n both paths go the general way.
                assert_eq!(p.position(offset), slow_position(&p, offset), "at {offset}");
            }
        }
    }

    #[test]
    fn form_feed_does_not_break_lines() {
        let rope = Rope::from_str("a\x0cb\nc");
        let p = Positions {
            rope: &rope,
            encoding: Encoding::Utf16,
        };
        assert_eq!(p.position(4), Position::new(1, 0));
    }
}
