//! `unknown-decision`: the decision word is neither Upheld nor Overturned.

use super::{Context, Diagnostic, RuleInfo, Severity};
use crate::model::{DecisionKind, Item};

pub const INFO: RuleInfo = RuleInfo {
    code: "unknown-decision",
    severity: Severity::Error,
    summary: "the decision word is neither Upheld nor Overturned (suggests the nearest)",
};

pub fn check(cx: &Context, item: &Item, out: &mut Vec<Diagnostic>) {
    let DecisionKind::Unknown(word) = &item.decision.kind else {
        return;
    };
    let span = item.decision.span.unwrap_or(item.title_span);
    let nearest = nearest(word);
    let other = if nearest == "Upheld" {
        "Overturned"
    } else {
        "Upheld"
    };
    let d = cx
        .item_diag(
            &INFO,
            item,
            span,
            format!("\"{word}\" is not a decision: write \"Upheld\" or \"Overturned\" (did you mean \"{nearest}\"?)."),
        )
        .with_fix(format!("Change to \"{nearest}\""), span, nearest)
        .with_fix(format!("Change to \"{other}\""), span, other);
    out.push(d);
}

/// The decision word closest to `word` by edit distance (ties go to Upheld, the usual one).
pub fn nearest(word: &str) -> &'static str {
    let w = word.to_ascii_lowercase();
    if edit_distance(&w, "overturned") < edit_distance(&w, "upheld") {
        "Overturned"
    } else {
        "Upheld"
    }
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::nearest;
    use crate::rules::testing::*;

    #[test]
    fn misspelt_decision_suggests_nearest() {
        let body = item(
            "Norco 10mg #60",
            "Uphold",
            "The request is not medically necessary.",
        );
        let f = findings(&letter(&body), "unknown-decision");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, 7);
        assert!(f[0].1.message.contains("did you mean \"Upheld\""));
        assert_eq!(f[0].1.fixes[0].replacement, "Upheld");
        assert_eq!(nearest("Overturn"), "Overturned");
        assert_eq!(nearest("Denied"), "Upheld");
    }
}
