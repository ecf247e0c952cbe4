//! The compiler-style text output (line and column arithmetic is `input::LineIndex`).

pub use crate::input::{LineIndex, Location};
use crate::rules::Severity;

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
