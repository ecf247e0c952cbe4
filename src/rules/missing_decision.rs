//! `missing-decision`: an item line carries no decision.

use super::{Context, Diagnostic, RuleInfo, Severity};
use crate::model::{DecisionKind, Item};

pub const INFO: RuleInfo = RuleInfo {
    code: "missing-decision",
    severity: Severity::Error,
    summary: "an item line has no decision",
};

pub fn check(cx: &Context, item: &Item, out: &mut Vec<Diagnostic>) {
    if item.decision.kind != DecisionKind::Missing {
        return;
    }
    let (span, message) = if item.title.is_empty() {
        let at = item.fields.first().map(|f| f.label).unwrap_or(item.span);
        (at, "This item has no item line: add \"<item>: Upheld\" or \"<item>: Overturned\" above its fields.".to_string())
    } else {
        (
            item.title_span,
            format!(
                "Add the decision after the title: \"{}: Upheld\" or \"{}: Overturned\".",
                item.title, item.title
            ),
        )
    };
    let mut d = cx.diag(&INFO, span, message);
    if !item.title.is_empty() {
        // Replace from the end of the title through any dangling colon.
        let end = item.title_span.end;
        let tail = cx.get(crate::model::Span::new(end, end + 1));
        let at = crate::model::Span::new(end, if tail == ":" { end + 1 } else { end });
        for word in ["Upheld", "Overturned"] {
            d = d.with_fix(
                format!("Add the decision \"{word}\""),
                at,
                &format!(": {word}"),
            );
        }
    }
    out.push(d);
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    #[test]
    fn title_without_decision() {
        let body = item(
            "MRI of the lumbar spine",
            "Upheld",
            "The request is not medically necessary.",
        ) + &item(
            "Norco 10mg #60",
            "Upheld",
            "The request is not medically necessary.",
        )
        .replace("Norco 10mg #60: Upheld", "Norco 10mg #60:");
        let f = findings(&letter(&body), "missing-decision");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].0, 11);
    }
}
