//! `no-items`: the issues section lists no disputed item.

use super::{Context, Diagnostic, RuleInfo, Severity};
use crate::model::SectionKind;

pub const INFO: RuleInfo = RuleInfo {
    code: "no-items",
    severity: Severity::Error,
    summary: "the issues section has no disputed item",
};

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    if !cx.letter.items.is_empty() {
        return;
    }
    if let Some(s) = cx.letter.section(SectionKind::Issues) {
        out.push(cx.diag(
            &INFO,
            s.heading,
            "No disputed item found: add each item as \"<item>: Upheld\" or \"<item>: Overturned\", followed by its guideline fields and \"Decision rationale:\".".to_string(),
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    #[test]
    fn empty_issues_section() {
        let f = findings(&letter(""), "no-items");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, 5);
    }
}
