//! Where a byte offset of a file's text is, as a user looks for it: line and column, and in a
//! PDF the page and the line and column on it. `check` and `report` both locate findings here.

use super::Text;

/// Byte offsets of line starts, for turning spans into 1-based line:column.
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { starts }
    }

    /// 0-based line of a byte offset.
    pub fn line(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }

    pub fn line_start(&self, line: usize) -> usize {
        self.starts[line]
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let line = self.line(offset);
        let start = self.starts[line];
        let col = text
            .get(start..offset)
            .map(|s| s.chars().count())
            .unwrap_or(0);
        (line + 1, col + 1)
    }

    /// Where a byte offset is, as a user looks for it.
    pub fn locate(&self, read: &Text, offset: usize) -> Location {
        let (line, column) = self.line_col(&read.text, offset);
        let Some((page, page_start)) = read.page_at(offset) else {
            return Location {
                line,
                column,
                page: None,
                page_line: line,
                page_column: column,
            };
        };
        let first = self.line(page_start);
        // A page's first line shares its start with the form feed that ends the page before.
        let from = self.line_start(line - 1).max(page_start);
        let page_column = read
            .text
            .get(from..offset)
            .map(|s| s.chars().count())
            .unwrap_or(0)
            + 1;
        Location {
            line,
            column,
            page: Some(page),
            page_line: line - first,
            page_column,
        }
    }

    /// The text of a 0-based line without its terminator.
    pub fn line_text<'a>(&self, text: &'a str, line: usize) -> &'a str {
        let start = self.starts[line];
        let end = self.starts.get(line + 1).copied().unwrap_or(text.len());
        text[start..end].trim_end_matches(['\n', '\r'])
    }
}

/// A finding's place: 1-based line and column in the text read, and for a PDF the page and the
/// line and column within it.
pub struct Location {
    pub line: usize,
    pub column: usize,
    pub page: Option<usize>,
    pub page_line: usize,
    pub page_column: usize,
}

impl Location {
    /// `14:3`, or `p2:14:3` on page 2 of a PDF.
    pub fn shown(&self) -> String {
        match self.page {
            Some(p) => format!("p{p}:{}:{}", self.page_line, self.page_column),
            None => format!("{}:{}", self.line, self.column),
        }
    }
}
