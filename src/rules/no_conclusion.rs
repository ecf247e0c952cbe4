//! `no-conclusion`: the rationale never says whether the request is medically necessary.

use super::{Context, Diagnostic, RuleInfo, Severity};
use crate::model::{FieldKind, Item};

pub const INFO: RuleInfo = RuleInfo {
    code: "no-conclusion",
    severity: Severity::Warning,
    summary: "the rationale never concludes whether the request is medically necessary",
};

pub fn check(cx: &Context, item: &Item, out: &mut Vec<Diagnostic>) {
    let Some(f) = item.field(FieldKind::Rationale) else {
        return;
    };
    if f.body.is_empty() || item.conclusion.is_some() {
        return;
    }
    out.push(cx.item_diag(
        &INFO,
        item,
        f.label,
        "The rationale never concludes: end it with whether the request is medically necessary (e.g. \"As such, the request is not medically necessary.\").".to_string(),
    ));
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    #[test]
    fn rationale_without_conclusion() {
        let body = item(
            "Norco 10mg #60",
            "Upheld",
            "The guidelines recommend a short course.",
        );
        let f = findings(&letter(&body), "no-conclusion");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, 10);
    }
}
