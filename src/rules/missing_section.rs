//! `missing-section`: one of the three section headings is absent.

use super::{Context, Diagnostic, RuleInfo, Severity};
use crate::model::{SectionKind, Span};

pub const INFO: RuleInfo = RuleInfo {
    code: "missing-section",
    severity: Severity::Warning,
    summary: "one of the three section headings is absent",
};

const REQUIRED: [SectionKind; 3] = [
    SectionKind::HowMade,
    SectionKind::CaseSummary,
    SectionKind::Issues,
];

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let l = cx.letter;
    // Old-format issues headings count as the issues section.
    for kind in REQUIRED {
        if l.section(kind).is_some() {
            continue;
        }
        let span = where_expected(cx, kind);
        out.push(cx.diag(
            &INFO,
            span,
            format!(
                "Add the section heading \"{}\" on its own line.",
                kind.heading()
            ),
        ));
    }
}

/// Where the missing heading belongs: the next section's heading, or the letter's first line.
fn where_expected(cx: &Context, kind: SectionKind) -> Span {
    let l = cx.letter;
    let after = REQUIRED.iter().skip_while(|k| **k != kind).skip(1);
    for k in after {
        if let Some(s) = l.section(*k) {
            return s.heading;
        }
    }
    if kind == SectionKind::Issues {
        if let Some(item) = l.items.first() {
            return item.title_span;
        }
        if let Some(s) = l.sections.last() {
            return s.heading;
        }
    }
    l.sections
        .first()
        .map(|s| s.heading)
        .or_else(|| l.header.fields.first().map(|f| f.label_span))
        .unwrap_or(Span::new(l.span.start, l.span.start))
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    #[test]
    fn absent_case_summary_is_reported_at_the_next_heading() {
        let text = letter(&item(
            "Norco 10mg #60",
            "Upheld",
            "The request is not medically necessary.",
        ))
        .replace("CLINICAL CASE SUMMARY\n", "");
        let f = findings(&text, "missing-section");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, 4, "reported on the issues heading");
        assert!(f[0].1.message.contains("CLINICAL CASE SUMMARY"));
    }

    #[test]
    fn complete_letter_has_none() {
        let text = letter(&item(
            "Norco 10mg #60",
            "Upheld",
            "The request is not medically necessary.",
        ));
        assert!(findings(&text, "missing-section").is_empty());
    }
}
