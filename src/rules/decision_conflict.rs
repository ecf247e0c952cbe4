//! `decision-conflict`: the rationale's conclusion contradicts the decision.
//!
//! Upheld means not medically necessary; Overturned means medically necessary. In hundreds of
//! published items the two never disagree, so a disagreement is a real slip in a draft.

use super::{Context, Diagnostic, RuleInfo, Severity};
use crate::model::Item;

pub const INFO: RuleInfo = RuleInfo {
    code: "decision-conflict",
    severity: Severity::Error,
    summary: "the rationale's conclusion contradicts the decision",
};

pub fn check(cx: &Context, item: &Item, out: &mut Vec<Diagnostic>) {
    let (Some(c), Some(decided)) = (&item.conclusion, item.decision.kind.means_necessary()) else {
        return;
    };
    if c.necessary == decided {
        return;
    }
    let (said, fix) = if c.necessary {
        ("medically necessary", "Overturned")
    } else {
        ("not medically necessary", "Upheld")
    };
    let mut d = cx.item_diag(
        &INFO,
        item,
        c.statement,
        format!(
            "The rationale concludes the request is {said}, but the decision is {}: change the decision to {fix} or correct the conclusion.",
            item.decision.kind.label()
        ),
    );
    if let Some(word) = item.decision.span {
        d = d.with_fix(format!("Change the decision to {fix}"), word, fix);
    }
    out.push(d);
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    #[test]
    fn upheld_with_necessary_conclusion() {
        let body = item(
            "Norco 10mg #60",
            "Upheld",
            "The records support use. The request for Norco 10mg #60 is medically necessary.",
        );
        let f = findings(&letter(&body), "decision-conflict");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, 10);
        assert!(f[0].1.message.contains("Overturned"));
        assert_eq!(f[0].1.fixes[0].replacement, "Overturned");
        assert!(f[0].1.related.is_some(), "points back at the item title");
    }

    #[test]
    fn overturned_with_not_necessary_conclusion_and_agreeing_items() {
        let body = item(
            "PT 2x6",
            "Overturned",
            "As such, the request is not medically necessary.",
        ) + &item(
            "MRI of the knee",
            "Upheld",
            "As such, the request is not medically necessary.",
        );
        let f = findings(&letter(&body), "decision-conflict");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, 10);
    }
}
