//! `textDocument/hover`: what a decision means, an item's summary, and (with the catalog) the
//! guideline behind a citation. Document text shown in a hover is always markdown-escaped.

use crate::model::collapse;
use crate::model::{DecisionKind, Item, Model, Span};

/// Escapes text from the letter so markdown shows it as written.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in collapse(text).chars() {
        if matches!(
            c,
            '\\' | '`'
                | '*'
                | '_'
                | '{'
                | '}'
                | '['
                | ']'
                | '('
                | ')'
                | '#'
                | '+'
                | '-'
                | '.'
                | '!'
                | '|'
                | '<'
                | '>'
                | '~'
                | '&'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The meaning of a decision, for hovers and the README.
pub fn decision_meaning(kind: &DecisionKind) -> &'static str {
    match kind {
        DecisionKind::Upheld => "**Upheld**: the utilization review denial stands; the treatment is not medically necessary.",
        DecisionKind::Overturned => "**Overturned**: the utilization review denial is reversed; the treatment is medically necessary.",
        DecisionKind::Missing => "**No decision**: each item line must end with `: Upheld` or `: Overturned`.",
        DecisionKind::Unknown(_) => "**Not a decision**: an IMR decision is either `Upheld` (not medically necessary) or `Overturned` (medically necessary).",
    }
}

/// What sits under the cursor, innermost first.
pub enum Target<'a> {
    Decision(&'a Item),
    Title(&'a Item),
    Other,
}

pub fn target(model: &Model, offset: usize) -> (Target<'_>, Option<Span>) {
    let inside = |s: Span| s.start <= offset && offset <= s.end && !s.is_empty();
    for l in &model.letters {
        if offset < l.span.start || offset > l.span.end {
            continue;
        }
        for i in &l.items {
            if !(i.span.start <= offset && offset <= i.span.end) {
                continue;
            }
            if let Some(d) = i.decision.span.filter(|s| inside(*s)) {
                return (Target::Decision(i), Some(d));
            }
            if inside(i.title_span) {
                return (Target::Title(i), Some(i.title_span));
            }
        }
    }
    (Target::Other, None)
}

/// The hover for an item title: decision, the guidelines cited, the conclusion.
pub fn item_markdown(
    item: &Item,
    text_of: &dyn Fn(Span) -> String,
    guideline_names: &[String],
) -> String {
    let mut md = format!(
        "### {}\n\n{}\n",
        escape(&item.title),
        decision_meaning(&item.decision.kind)
    );
    if let Some(p) = &item.eligible_portion {
        md.push_str(&format!(
            "\nPartial authorisation; the decision covers: {}\n",
            escape(&p.text)
        ));
    }
    if !guideline_names.is_empty() {
        md.push_str("\n**Guidelines cited**\n");
        for g in guideline_names {
            md.push_str(&format!("- {g}\n"));
        }
    }
    match &item.conclusion {
        Some(c) => md.push_str(&format!(
            "\n**Conclusion** ({}): {}\n",
            if c.necessary {
                "medically necessary"
            } else {
                "not medically necessary"
            },
            escape(&text_of(c.sentence))
        )),
        None => md.push_str("\n**Conclusion**: none found in the rationale.\n"),
    }
    md
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_neutralises_markdown_and_html() {
        assert_eq!(
            escape("<b>*x*</b> [a](b)"),
            "\\<b\\>\\*x\\*\\</b\\> \\[a\\]\\(b\\)"
        );
    }
}
