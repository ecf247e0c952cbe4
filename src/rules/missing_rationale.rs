//! `missing-rationale`: no `Decision rationale:` field, or an empty one.

use super::{Context, Diagnostic, RuleInfo, Severity};
use crate::model::{FieldKind, Item};

pub const INFO: RuleInfo = RuleInfo {
    code: "missing-rationale",
    severity: Severity::Error,
    summary: "no `Decision rationale:` or it is empty",
};

pub fn check(cx: &Context, item: &Item, out: &mut Vec<Diagnostic>) {
    match item.field(FieldKind::Rationale) {
        None => out.push(cx.diag(
            &INFO,
            item.title_span_or_label(),
            "Add \"Decision rationale:\" with the analysis and the conclusion on medical necessity.".to_string(),
        )),
        Some(f) if f.body.is_empty() => out.push(cx.item_diag(
            &INFO,
            item,
            f.label,
            "The decision rationale is empty: state the analysis and whether the request is medically necessary.".to_string(),
        )),
        Some(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    #[test]
    fn empty_and_absent_rationales() {
        let empty = item("PT 2x6", "Overturned", "");
        let f = findings(&letter(&empty), "missing-rationale");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, 10, "on the empty label");
        assert!(f[0].1.related.is_some());

        let absent = item("PT 2x6", "Overturned", "x").replace("Decision rationale: x\n", "");
        let f = findings(&letter(&absent), "missing-rationale");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, 7, "on the item title");
    }
}
