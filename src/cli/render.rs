//! Line and column arithmetic and the compiler-style text output.

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

    /// The text of a 0-based line without its terminator.
    pub fn line_text<'a>(&self, text: &'a str, line: usize) -> &'a str {
        let start = self.starts[line];
        let end = self.starts.get(line + 1).copied().unwrap_or(text.len());
        text[start..end].trim_end_matches(['\n', '\r'])
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

/// The offending line under a diagnostic, with the span underlined (first line of it only).
pub fn snippet(style: &Style, idx: &LineIndex, text: &str, start: usize, end: usize) -> String {
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
    let num = (line + 1).to_string();
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
