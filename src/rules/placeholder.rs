//! `placeholder`: draft leftovers such as TODO, TBD, XXX, `[INSERT …]`, `<…>` and `___`.

use super::{Context, Diagnostic, RuleInfo, Severity};
use crate::model::Span;
use regex::Regex;
use std::sync::OnceLock;

pub const INFO: RuleInfo = RuleInfo {
    code: "placeholder",
    severity: Severity::Warning,
    summary: "draft leftovers: `TODO`, `TBD`, `XXX`, `[INSERT …]`, `<…>` markers, `___`",
};

fn re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"\b(?:TODO|TBD|XXX+|FIXME)\b|(?i:\[\s*insert\b[^\]\n]{0,80}\])|<[A-Za-z][^<>\n]{0,60}>|_{3,}")
            .expect("valid regex")
    })
}

/// Whether `text` holds a draft placeholder (other rules leave such values to this one).
pub fn holds_placeholder(text: &str) -> bool {
    re().is_match(text)
}

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    // Most letters have none of the marker characters at all; skip the regex for them.
    let t = cx.text;
    let cheap = ["TODO", "TBD", "XXX", "FIXME", "[", "<", "___"];
    if !cheap
        .iter()
        .any(|c| memchr::memmem::find(t.as_bytes(), c.as_bytes()).is_some())
    {
        return;
    }
    for m in re().find_iter(t) {
        let span = Span::new(cx.base + m.start(), cx.base + m.end());
        out.push(cx.diag(
            &INFO,
            span,
            "Draft placeholder left in the letter: replace it with the final text.".to_string(),
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    #[test]
    fn markers_are_found_with_their_lines() {
        let body = item(
            "Norco 10mg #60",
            "Upheld",
            "TODO check dose. The request for <drug> is not medically necessary.",
        );
        let text =
            letter(&body).replace("The patient is 50.", "The patient is [INSERT AGE] and ___.");
        let f = findings(&text, "placeholder");
        let lines: Vec<usize> = f.iter().map(|x| x.0).collect();
        assert_eq!(lines, vec![4, 4, 10, 10]);
    }

    #[test]
    fn ordinary_text_is_clean() {
        let text = letter(&item(
            "Norco 10mg #60",
            "Upheld",
            "Pain 5/10 < 7/10. The request is not medically necessary.",
        ));
        assert!(findings(&text, "placeholder").is_empty());
    }
}
