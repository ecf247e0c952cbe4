//! `missing-decision`: an item line carries no decision.

use super::{Context, Diagnostic, RuleInfo, Severity};
use crate::model::{DecisionKind, Item, Span};

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
            where_the_decision_goes(cx, item),
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

/// Where the decision belongs, so the editor shows where to type: just after the item line's
/// colon, or at the end of its last line when it has none.
fn where_the_decision_goes(cx: &Context, item: &Item) -> Span {
    let end = item.title_span.end;
    let after = cx.get(Span::new(end, end + 1));
    let at = if after == ":" { end + 1 } else { end };
    Span::new(at, at)
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
        let text = letter(&body);
        let f = findings(&text, "missing-decision");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].0, 11);
        // Underlined just after the colon, where the decision goes.
        let at = text.find("Norco 10mg #60:").unwrap() + "Norco 10mg #60:".len();
        assert_eq!((f[0].1.span.start, f[0].1.span.end), (at, at));
    }

    #[test]
    fn title_without_colon_is_marked_at_the_end_of_its_last_line() {
        let body = item(
            "Norco 10mg #60 for the\nlow back",
            "Upheld",
            "The request is not medically necessary.",
        )
        .replace("low back: Upheld", "low back");
        let text = letter(&body);
        let f = findings(&text, "missing-decision");
        assert_eq!(f.len(), 1, "{f:?}");
        let at = text.find("low back").unwrap() + "low back".len();
        assert_eq!((f[0].1.span.start, f[0].1.span.end), (at, at));
    }
}
