//! `non-mtus-without-reason`: the MAXIMUS guideline field cites only non-MTUS sources for a
//! request the MTUS covers, without the statement that the decision rests on recommendations
//! outside of the MTUS (8 CCR 9792.21.1 puts the MTUS first).

use super::cite::is_mtus;
use super::{Context, Diagnostic, RuleInfo, Severity};
use crate::model::collapse;
use crate::model::{FieldKind, Item, Span};

pub const INFO: RuleInfo = RuleInfo {
    code: "non-mtus-without-reason",
    severity: Severity::Information,
    summary: "the MAXIMUS guideline field cites only non-MTUS sources for a request the MTUS covers, without saying why",
};

/// How letters say the decision rests on non-MTUS sources ("The Expert Reviewer based their
/// decision on recommendation(s) outside of the MTUS Guidelines."), compared folded.
const OUTSIDE_THE_MTUS: [&str; 2] = ["outside of the mtus", "outside the mtus"];

/// MTUS guidelines whose topics are body regions, which say where a treatment is, not which
/// treatment: the Postsurgical guidelines' "Shoulder" does not cover an MR arthrogram of one.
const REGION_TOPICS: &[&str] = &["mtus-postsurgical-2009"];

/// The statement published letters carry, offered as the quick fix.
const STATEMENT: &str =
    "The Expert Reviewer based their decision on recommendation(s) outside of the MTUS Guidelines.";

pub fn check(cx: &Context, item: &Item, out: &mut Vec<Diagnostic>) {
    let Some(field) = item.field(FieldKind::MaximusGuideline) else {
        return;
    };
    if field.citations.is_empty() {
        return;
    }
    let body = collapse(cx.get(field.body)).to_lowercase();
    if OUTSIDE_THE_MTUS.iter().any(|s| body.contains(s)) {
        return;
    }
    let cat = cx.catalog;
    let mut cited = Vec::new();
    for c in &field.citations {
        match cx.resolved(c).guideline {
            Some((g, _)) => cited.push(g),
            // An unknown source may be an MTUS guideline the catalog lacks: say nothing.
            None => return,
        }
    }
    if cited.iter().any(|&g| is_mtus(cat, g)) {
        return;
    }
    // The MTUS topic the request falls under: a topic of an MTUS guideline named in the title.
    let request = item
        .eligible_portion
        .as_ref()
        .map_or(item.title.as_str(), |p| p.text.as_str());
    let covered = cat.guidelines.iter().enumerate().find_map(|(gi, g)| {
        if !is_mtus(cat, gi) || REGION_TOPICS.contains(&g.id.as_str()) {
            return None;
        }
        let t = cat.match_topics(g, request).into_iter().next()?;
        Some(format!("{}: {}", g.short, g.topics[t.topic].name))
    });
    let Some(topic) = covered else { return };
    let d = cx.item_diag(
        &INFO,
        item,
        field.label,
        format!(
            "Only non-MTUS sources are cited, but the MTUS covers this request ({topic}): cite the MTUS, or state that the decision is based on recommendations outside of the MTUS and why."
        ),
    );
    let at = Span::new(field.body.start, field.body.start);
    out.push(
        d.with_fix(
            "Add the statement that the decision rests on recommendations outside of the MTUS"
                .to_string(),
            at,
            &format!("{STATEMENT} "),
        ),
    );
}

#[cfg(test)]
mod tests {
    use super::STATEMENT;
    use crate::rules::testing::*;

    fn block(title: &str, maximus: &str) -> String {
        letter(&format!(
            "{title}: Upheld\nClaims Administrator guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009.\nMAXIMUS guideline: {maximus}\nDecision rationale: The request is not medically necessary.\n"
        ))
    }

    #[test]
    fn only_odg_for_an_mtus_topic_without_the_statement() {
        let text = block(
            "Cyclobenzaprine 10mg #60",
            "Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Pain, Muscle relaxants.",
        );
        let f = findings(&text, "non-mtus-without-reason");
        assert_eq!(f.len(), 1, "{f:#?}");
        let (line, d) = &f[0];
        assert_eq!(*line, 9);
        assert_eq!(d.span.text(&text), "MAXIMUS guideline:");
        let fix = &d.fixes[0];
        assert!(fix.span.is_empty());
        assert!(text[fix.span.start..].starts_with("Decision based on Non-MTUS"));
        assert_eq!(fix.replacement, format!("{STATEMENT} "));
        assert!(d.message.contains("Cyclobenzaprine"), "{}", d.message);
    }

    #[test]
    fn quiet_with_the_statement_an_mtus_source_or_no_mtus_topic() {
        let with_statement = block(
            "Cyclobenzaprine 10mg #60",
            "The Expert Reviewer based their decision on recommendation(s) outside\nof the MTUS Guidelines. Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Pain, Muscle relaxants.",
        );
        assert!(findings(&with_statement, "non-mtus-without-reason").is_empty());
        let with_mtus = block(
            "Cyclobenzaprine 10mg #60",
            "Decision based on MTUS Chronic Pain Medical Treatment 2009, Section(s): Cyclobenzaprine (Flexeril). Decision based on Non-MTUS Citation ODG Pain.",
        );
        assert!(findings(&with_mtus, "non-mtus-without-reason").is_empty());
        let no_topic = block(
            "Electroencephalogram",
            "Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Head.",
        );
        assert!(findings(&no_topic, "non-mtus-without-reason").is_empty());
    }
}
