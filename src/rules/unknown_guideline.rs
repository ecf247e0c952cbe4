//! `unknown-guideline`: a citation names no guideline the catalog knows.

use super::{Context, Diagnostic, RuleInfo, Severity};
use crate::model::{Citation, Item};
use crate::rules::cite::Resolved;

pub const INFO: RuleInfo = RuleInfo {
    code: "unknown-guideline",
    severity: Severity::Hint,
    summary: "a citation matches no guideline in the catalog",
};

pub fn check(cx: &Context, item: &Item, c: &Citation, r: &Resolved, out: &mut Vec<Diagnostic>) {
    if r.guideline.is_some() || c.guideline.is_empty() {
        return;
    }
    out.push(cx.item_diag(
        &INFO,
        item,
        c.guideline,
        "No guideline in the catalog matches this citation: check the name, or add it to .imr/guidelines.toml.".to_string(),
    ));
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    #[test]
    fn unknown_name_is_a_hint() {
        let body = item(
            "Norco 10mg #60",
            "Upheld",
            "The request is not medically necessary.",
        )
        .replace(
            "MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009.",
            "MAXIMUS guideline: Decision based on Acme Pain Handbook 1999.",
        );
        let f = findings(&letter(&body), "unknown-guideline");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, 9);
    }

    #[test]
    fn a_non_mtus_source_the_catalog_does_not_know_is_a_hint_not_mtus() {
        for source in [
            "Medicare National Physician Fee Schedule 2016.",
            "https://www.cms.gov/Medicare/physicianfeesched/",
        ] {
            let body = item(
                "Norco 10mg #60",
                "Upheld",
                "The request is not medically necessary.",
            )
            .replace(
                "MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009.",
                &format!("MAXIMUS guideline: Decision based on Non-MTUS Citation {source}"),
            );
            let all = crate::rules::testing::findings(&letter(&body), "unknown-guideline");
            assert_eq!(all.len(), 1, "{source}");
            assert_eq!(all[0].1.severity, crate::rules::Severity::Hint);
        }
    }
}
