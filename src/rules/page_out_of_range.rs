//! `page-out-of-range`: a cited page lies past the end of the guideline.

use super::{Context, Diagnostic, RuleInfo, Severity};
use crate::model::{Citation, Item};
use crate::rules::cite::Resolved;

pub const INFO: RuleInfo = RuleInfo {
    code: "page-out-of-range",
    severity: Severity::Warning,
    summary: "a cited page is past the guideline's length",
};

pub fn check(cx: &Context, item: &Item, _: &Citation, r: &Resolved, out: &mut Vec<Diagnostic>) {
    let Some((g, _)) = r.guideline else { return };
    let g = &cx.catalog.guidelines[g];
    let Some(count) = g.page_count else { return };
    for p in &r.pages {
        if p.last > count {
            out.push(cx.item_diag(
                &INFO,
                item,
                p.span,
                format!(
                    "{} has {count} pages; page {} does not exist: check the page number.",
                    g.short, p.last
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    #[test]
    fn page_past_the_end() {
        let body = item("Norco 10mg #60", "Upheld", "The request is not medically necessary.").replace(
            "MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009.",
            "MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009, Page(s): 74-96; 411.",
        );
        let f = findings(&letter(&body), "page-out-of-range");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].0, 9);
        assert!(f[0].1.message.contains("127 pages"));
    }
}
