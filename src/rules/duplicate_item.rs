//! `duplicate-item`: two items of one letter carry the same title.

use super::{Context, Diagnostic, Related, RuleInfo, Severity};
use std::collections::HashMap;

pub const INFO: RuleInfo = RuleInfo {
    code: "duplicate-item",
    severity: Severity::Warning,
    summary: "two items with the same title in one letter",
};

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (n, item) in cx.letter.items.iter().enumerate() {
        if item.title.is_empty() {
            continue;
        }
        let key = item.title.to_lowercase();
        if let Some(&first) = seen.get(&key) {
            let earlier = &cx.letter.items[first];
            let mut d = cx.diag(
                &INFO,
                item.title_span,
                format!(
                    "\"{}\" is listed twice: merge the two items or tell them apart in the title.",
                    item.title
                ),
            );
            d.related = Some(Related {
                span: earlier.title_span,
                message: "first listed here".to_string(),
            });
            out.push(d);
        } else {
            seen.insert(key, n);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    #[test]
    fn same_title_twice() {
        let one = item(
            "Norco 10mg #60",
            "Upheld",
            "The request is not medically necessary.",
        );
        let f = findings(
            &letter(&format!(
                "{one}{}",
                one.replace("Norco 10mg", "NORCO  10mg")
            )),
            "duplicate-item",
        );
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, 11);
    }
}
