//! `uncited-guideline`: the rationale relies on a guideline (names it in running text) that the
//! item's MAXIMUS guideline field does not list.
//!
//! The other half of the idea, "the field lists one the rationale never uses", is left
//! out: on the published letters it was mostly untrue, because rationales quote a guideline's
//! text without naming it (see the README).

use super::cite::{family, is_mtus};
use super::{Context, Diagnostic, RuleInfo, Severity};
use crate::catalog::Catalog;
use crate::model::{Field, FieldKind, Item, Span};

pub const INFO: RuleInfo = RuleInfo {
    code: "uncited-guideline",
    severity: Severity::Information,
    summary: "the rationale relies on a guideline the MAXIMUS guideline field does not list",
};

/// The source a guideline stands for when comparing the field with the rationale: the MTUS as a
/// whole (its parts are named loosely: "Chronic Pain Medical Treatment Guidelines" for the 2016
/// text, "MTUS/ACOEM" for a chapter), otherwise its family (ODG Pain and ODG Low Back are ODG).
fn source(cat: &Catalog, g: usize) -> Option<usize> {
    (!is_mtus(cat, g)).then(|| family(cat, g))
}

/// Sentence words that say a guideline is named without being relied on ("The MTUS does not
/// address Viagra; alternative guidelines were consulted"), compared lowercased.
const NOT_RELIED_ON: &[&str] = &[
    "not address",
    "not specifically address",
    "silent",
    "not discuss",
    "not cover",
    "no recommendation",
    "outside of the mtus",
    "outside the mtus",
    "alternative guideline",
    "claims administrator",
    "utilization review",
];

/// The sentence around `span` in the letter, lowercased with whitespace collapsed.
fn sentence_around(cx: &Context, within: Span, span: Span) -> String {
    let text = cx.get(within);
    let s = span.start.saturating_sub(within.start);
    let e = span.end.saturating_sub(within.start);
    let (Some(before), Some(after)) = (text.get(..s), text.get(e..)) else {
        return String::new();
    };
    let start = before.rfind(". ").map_or(0, |i| i + 2);
    let end = after.find(". ").map_or(text.len(), |i| e + i);
    crate::model::collapse(&text[start..end]).to_lowercase()
}

/// Every guideline the citations of `f` name (a citation can name two: "… Official Disability
/// Guidelines (ODG) Hips and Pelvis … and Other Medical Treatment Guidelines ACOEM").
fn listed_in(cx: &Context, f: &Field, out: &mut Vec<usize>) -> bool {
    for c in &f.citations {
        let found = cx.catalog.match_guidelines(cx.get(c.span));
        if found.is_empty() {
            return false;
        }
        out.extend(found.into_iter().map(|m| m.index));
    }
    true
}

pub fn check(cx: &Context, item: &Item, out: &mut Vec<Diagnostic>) {
    let (Some(maximus), Some(rationale)) = (
        item.field(FieldKind::MaximusGuideline),
        item.field(FieldKind::Rationale),
    ) else {
        return;
    };
    let cat = cx.catalog;
    // The guidelines the rationale names, as the analysis resolved them.
    let named: Vec<(usize, Span)> = rationale
        .citations
        .iter()
        .filter_map(|c| cx.resolved(c).guideline)
        .collect();
    if named.is_empty() {
        return;
    }
    let fields: Vec<&Field> = [Some(maximus), item.field(FieldKind::OtherEvidence)]
        .into_iter()
        .flatten()
        .collect();
    // With "recommendation(s) outside of the MTUS", the rationale names the MTUS to say why it
    // does not apply, not to rely on it.
    let outside = crate::model::collapse(cx.get(maximus.body))
        .to_lowercase()
        .contains("outside of the mtus");
    // Most rationales name only what the fields' resolved citations already list: then there is
    // nothing to say, and no need to read the fields for every guideline they might name.
    let resolved: Vec<Option<usize>> = fields
        .iter()
        .flat_map(|f| &f.citations)
        .map(|c| cx.resolved(c).guideline.map(|(g, _)| g))
        .collect();
    if resolved.iter().all(Option::is_some)
        && named.iter().all(|&(g, _)| {
            let src = source(cat, g);
            (outside && src.is_none()) || resolved.iter().flatten().any(|&l| source(cat, l) == src)
        })
    {
        return;
    }
    // What the reviewer lists: the MAXIMUS field and the other-evidence field beside it.
    let mut listed = Vec::new();
    for f in fields {
        // An unknown source could be anything: only speak when the fields are fully understood.
        if !listed_in(cx, f, &mut listed) {
            return;
        }
    }
    if listed.is_empty() {
        return;
    }
    let mut reported: Vec<Option<usize>> = Vec::new();
    for (g, span) in named {
        let src = source(cat, g);
        if (outside && src.is_none())
            || listed.iter().any(|&l| source(cat, l) == src)
            || reported.contains(&src)
        {
            continue;
        }
        let sentence = sentence_around(cx, rationale.body, span);
        if NOT_RELIED_ON.iter().any(|w| sentence.contains(w)) {
            continue;
        }
        reported.push(src);
        out.push(cx.item_diag(
            &INFO,
            item,
            span,
            format!(
                "The rationale relies on {}, which the MAXIMUS guideline field does not list: add it to the field, or check the reference.",
                cat.guidelines[g].short
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    fn block(maximus: &str, rationale: &str) -> String {
        letter(&format!(
            "Cyclobenzaprine 10mg #60: Upheld\nClaims Administrator guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009.\nMAXIMUS guideline: {maximus}\nDecision rationale: {rationale}\n"
        ))
    }

    #[test]
    fn rationale_relies_on_a_guideline_the_field_does_not_list() {
        let text = block(
            "Decision based on MTUS Chronic Pain Medical Treatment 2009, Section(s): Cyclobenzaprine (Flexeril).",
            "Per the MTUS Chronic Pain guidelines, page 41, cyclobenzaprine is for a short course. ODG states that it is not recommended for chronic use. The request is not medically necessary.",
        );
        let f = findings(&text, "uncited-guideline");
        assert_eq!(f.len(), 1, "{f:#?}");
        let (line, d) = &f[0];
        assert_eq!(*line, 10);
        assert_eq!(d.span.text(&text), "ODG");
        assert!(d.message.contains("relies on ODG"), "{}", d.message);
    }

    #[test]
    fn quiet_when_the_mtus_is_named_only_to_say_it_does_not_apply() {
        let text = block(
            "The Expert Reviewer based their decision on recommendation(s) outside of the MTUS Guidelines. Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Pain, Muscle relaxants.",
            "The California MTUS Chronic Pain Guidelines were intended for chronic pain. Because of the acute nature, the ODG was used. The request is not medically necessary.",
        );
        assert!(findings(&text, "uncited-guideline").is_empty());
        let text = block(
            "Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Pain, Muscle relaxants.",
            "The MTUS does not address this request. The ODG does not recommend it. The request is not medically necessary.",
        );
        assert!(findings(&text, "uncited-guideline").is_empty());
        // Listing ODG and then quoting it unnamed is not reported (rationales often do).
        let text = block(
            "Decision based on MTUS Chronic Pain Medical Treatment 2009, Section(s): Cyclobenzaprine (Flexeril). Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Pain, Muscle relaxants.",
            "The MTUS Chronic Pain guidelines limit cyclobenzaprine to a short course. The request is not medically necessary.",
        );
        assert!(findings(&text, "uncited-guideline").is_empty());
    }

    #[test]
    fn quiet_when_field_and_rationale_agree() {
        // "CA MTUS" names the MTUS as a whole; ODG Low Back in the rationale is the ODG listed.
        let text = block(
            "Decision based on MTUS Chronic Pain Medical Treatment 2009, Section(s): Cyclobenzaprine (Flexeril). Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Pain, Muscle relaxants.",
            "The CA MTUS limits cyclobenzaprine. The ODG Low Back chapter agrees. The request is not medically necessary.",
        );
        assert!(findings(&text, "uncited-guideline").is_empty());
    }
}
