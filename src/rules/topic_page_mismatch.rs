//! `topic-page-mismatch`: the pages cited for a topic miss the catalog's pages for it.
//!
//! Only topics whose pages are confirmed or seen in a letter take part: recalled figures are
//! not sure enough to tell a reviewer they are wrong.

use super::{Context, Diagnostic, RuleInfo, Severity};
use crate::catalog::{pages_label, Confidence};
use crate::model::{Citation, Item};
use crate::rules::cite::Resolved;

pub const INFO: RuleInfo = RuleInfo {
    code: "topic-page-mismatch",
    severity: Severity::Information,
    summary: "the pages cited for a topic don't overlap the catalog's pages for it",
};

pub fn check(cx: &Context, item: &Item, _: &Citation, r: &Resolved, out: &mut Vec<Diagnostic>) {
    let Some((g, _)) = r.guideline else { return };
    if r.pages.is_empty() || r.topics.is_empty() {
        return;
    }
    let g = &cx.catalog.guidelines[g];
    let known: Vec<_> = r
        .topics
        .iter()
        .map(|t| &g.topics[t.topic])
        .filter(|t| t.confidence != Confidence::Unverified && !t.pages.is_empty())
        .collect();
    // Several topics share one page list: it is right if it touches any of them.
    if known.len() != r.topics.len() {
        return;
    }
    let touches = r.pages.iter().any(|p| {
        known
            .iter()
            .any(|t| t.pages.iter().any(|&(a, b)| a <= p.last && p.first <= b))
    });
    if touches {
        return;
    }
    let expected: Vec<String> = known
        .iter()
        .map(|t| format!("{} (pp. {})", t.name, pages_label(&t.pages)))
        .collect();
    let first = &r.pages[0];
    out.push(cx.item_diag(
        &INFO,
        item,
        first.span,
        format!(
            "These pages do not cover the cited topic: {} lists {}.",
            g.short,
            expected.join("; ")
        ),
    ));
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    #[test]
    fn wrong_pages_for_a_confirmed_topic() {
        let body = item("Flexeril 10mg #60", "Upheld", "The request is not medically necessary.").replace(
            "MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009.",
            "MAXIMUS guideline: Decision based on MTUS Chronic Pain Treatment Guidelines Cyclobenzaprine (Flexeril) Page(s): 93-94.",
        );
        let f = findings(&letter(&body), "topic-page-mismatch");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].0, 9);
        let right = body.replace("93-94", "41-42");
        assert!(findings(&letter(&right), "topic-page-mismatch").is_empty());
    }
}
