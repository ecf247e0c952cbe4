//! Line and column arithmetic and the compiler-style text output.

use crate::input::Text;
use crate::rules::Severity;

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

pub struct Style {
    pub color: bool,
}

impl Style {
    fn paint(&self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }

    pub fn severity(&self, sev: Severity) -> String {
        let code = match sev {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
            Severity::Information => "1;36",
            Severity::Hint => "1;32",
        };
        self.paint(code, sev.as_str())
    }

    pub fn bold(&self, s: &str) -> String {
        self.paint("1", s)
    }

    pub fn dim(&self, s: &str) -> String {
        self.paint("2;34", s)
    }
}

/// The offending line under a diagnostic, with the span underlined (first line of it only) and
/// numbered as `at` shows it.
pub fn snippet(
    style: &Style,
    idx: &LineIndex,
    text: &str,
    start: usize,
    end: usize,
    at: &Location,
) -> String {
    let line = idx.line(start);
    let line_text = idx.line_text(text, line);
    // Form feeds and tabs would misplace the carets; show them as spaces.
    let shown: String = line_text
        .chars()
        .map(|c| if c == '\t' || c == '\x0c' { ' ' } else { c })
        .collect();
    let ls = idx.line_start(line);
    let col = text.get(ls..start).map(|s| s.chars().count()).unwrap_or(0);
    let stop = end.min(ls + line_text.len()).max(start);
    let width = text
        .get(start..stop)
        .map(|s| s.chars().count())
        .unwrap_or(0)
        .max(1);
    let num = at.page_line.to_string();
    let pad = " ".repeat(num.len());
    format!(
        "{pad} {bar}\n{n} {bar} {shown}\n{pad} {bar} {sp}{carets}\n",
        bar = style.dim("|"),
        n = style.dim(&num),
        sp = " ".repeat(col),
        carets = style.paint("1;31", &"^".repeat(width)),
    )
}

/// "1 error" / "2 errors".
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
