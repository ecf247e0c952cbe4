//! `missing-guideline` and `missing-claims-guideline`: a guideline field is absent.
//!
//! The "… did not cite any medical evidence …" sentence counts as the field.

use super::{Context, Diagnostic, RuleInfo, Severity};
use crate::model::{FieldKind, Item};

pub const INFO: RuleInfo = RuleInfo {
    code: "missing-guideline",
    severity: Severity::Warning,
    summary: "no `MAXIMUS guideline:` field (the \"did not cite\" sentence counts as present)",
};

pub const CLAIMS_INFO: RuleInfo = RuleInfo {
    code: "missing-claims-guideline",
    severity: Severity::Warning,
    summary: "no `Claims Administrator guideline:` field (likewise)",
};

pub fn check(cx: &Context, item: &Item, out: &mut Vec<Diagnostic>) {
    if item.field(FieldKind::MaximusGuideline).is_none() {
        out.push(cx.diag(
            &INFO,
            item.title_span_or_label(),
            "Add \"MAXIMUS guideline:\" naming the guideline the decision rests on, or \"The Expert Reviewer did not cite any medical evidence for its decision.\"".to_string(),
        ));
    }
}

pub fn check_claims(cx: &Context, item: &Item, out: &mut Vec<Diagnostic>) {
    if item.field(FieldKind::ClaimsGuideline).is_none() {
        out.push(cx.diag(
            &CLAIMS_INFO,
            item.title_span_or_label(),
            "Add \"Claims Administrator guideline:\" with the UR's citation, or \"The Claims Administrator did not cite any medical evidence for its decision.\"".to_string(),
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    #[test]
    fn absent_fields_reported_on_the_title() {
        let body = item(
            "Norco 10mg #60",
            "Upheld",
            "The request is not medically necessary.",
        )
        .replace(
            "MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009.\n",
            "",
        );
        let f = findings(&letter(&body), "missing-guideline");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, 7);
        assert!(findings(&letter(&body), "missing-claims-guideline").is_empty());
    }

    #[test]
    fn did_not_cite_sentence_counts() {
        let body = item("Norco 10mg #60", "Upheld", "The request is not medically necessary.").replace(
            "Claims Administrator guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009.",
            "The Claims Administrator did not cite any medical evidence for its decision.",
        );
        assert!(findings(&letter(&body), "missing-claims-guideline").is_empty());
    }
}
