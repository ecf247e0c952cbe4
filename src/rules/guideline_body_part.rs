//! `guideline-body-part`: the reviewer cites a body-part chapter that does not fit the request.
//!
//! The Low Back chapter for a knee MRI is a slip a reader notices at once. The request's body
//! sites are read with the parser's vocabulary (`sites` in `parser/vocabulary.toml`, as
//! `item-mismatch` reads them); a chapter's body parts are data (`body_parts` in the catalog).
//! Only the reviewer's sources count (the MAXIMUS field and its "Other Medical Treatment
//! Guideline" part), and the rule speaks only when **no** body-part chapter cited there covers a
//! site of the request: a field citing Low Back and Knee for a knee MRI is sound. A spine chapter
//! covers the limb its nerves reach, so an EMG of the legs under Low Back is sound too.

use super::{Context, Diagnostic, RuleInfo, Severity};
use crate::catalog::cite::{sources, Source};
use crate::model::{FieldKind, Item, Span};
use crate::parser::vocabulary::vocabulary;

pub const INFO: RuleInfo = RuleInfo {
    code: "guideline-body-part",
    severity: Severity::Information,
    summary: "the reviewer cites a body-part chapter that does not fit the request's body part",
};

/// The body sites the request names, as vocabulary site indices.
fn request_sites(item: &Item) -> Vec<usize> {
    let parts: Vec<&str> = [&item.eligible_portion, &item.original_request]
        .into_iter()
        .flatten()
        .map(|p| p.text.as_str())
        .collect();
    let texts = if parts.is_empty() {
        vec![item.title.as_str()]
    } else {
        parts
    };
    let mut sites: Vec<usize> = texts
        .into_iter()
        .flat_map(|t| super::item_mismatch::read(t).sites)
        .collect();
    sites.dedup();
    sites
}

pub fn check(cx: &Context, item: &Item, out: &mut Vec<Diagnostic>) {
    let sites = request_sites(item);
    if sites.is_empty() {
        return;
    }
    let v = vocabulary();
    // (chapter index, where it is named) for every body-part chapter the reviewer cites.
    let mut chapters: Vec<(usize, Span)> = Vec::new();
    let reviewer = item.fields.iter().filter(|f| {
        matches!(
            f.kind,
            FieldKind::MaximusGuideline | FieldKind::OtherEvidence
        )
    });
    for c in reviewer.flat_map(|f| &f.citations) {
        let text = cx.get(c.span);
        let name = c.guideline.start.saturating_sub(c.span.start)
            ..c.guideline.end.saturating_sub(c.span.start);
        for (s, r) in sources(cx.catalog, text, name, c.non_mtus) {
            let Source::Guideline(g) = s else { continue };
            if cx.catalog.guidelines[g].body_parts.is_empty() {
                continue;
            }
            if !chapters.iter().any(|(x, _)| *x == g) {
                chapters.push((g, Span::new(c.span.start + r.start, c.span.start + r.end)));
            }
        }
    }
    let fits = |g: usize| {
        cx.catalog.guidelines[g]
            .body_parts
            .iter()
            .filter_map(|p| v.site_named(p))
            .any(|p| sites.contains(&p))
    };
    if chapters.is_empty() || chapters.iter().any(|&(g, _)| fits(g)) {
        return;
    }
    let named: Vec<&str> = sites.iter().map(|&s| v.site_name(s)).collect();
    for (g, span) in chapters {
        let guideline = &cx.catalog.guidelines[g];
        out.push(cx.item_diag(
            &INFO,
            item,
            span,
            format!(
                "The reviewer cites {} ({}) for a request of the {}: check that the chapter fits the body part.",
                guideline.short,
                guideline.body_parts.join(", "),
                named.join(" and ")
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::catalog::Catalog;
    use crate::parser::vocabulary::vocabulary;
    use crate::rules::testing::*;

    fn cited(title: &str, maximus: &str) -> Vec<String> {
        let body = item(title, "Upheld", "The request is not medically necessary.").replace(
            "MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009.",
            &format!("MAXIMUS guideline: {maximus}"),
        );
        findings(&letter(&body), "guideline-body-part")
            .into_iter()
            .map(|(_, d)| d.message)
            .collect()
    }

    #[test]
    fn a_chapter_of_another_body_part_is_noted() {
        let f = cited(
            "MRI of the right knee",
            "Decision based on MTUS Low Back Complaints 2004, Section(s): Special Studies.",
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].contains("for a request of the knee"), "{}", f[0]);
        let f = cited(
            "X-rays of the left shoulder",
            "Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Knee & Leg, X-rays.",
        );
        assert_eq!(f.len(), 1, "{f:?}");
    }

    #[test]
    fn sound_citations_are_quiet() {
        for (title, maximus) in [
            // A lumbar EMG under Low Back; an EMG of the legs under Low Back.
            ("EMG of the lumbar spine", "Decision based on MTUS Low Back Complaints 2004, Section(s): Special Studies."),
            ("EMG/NCV of the lower extremities", "Decision based on MTUS Low Back Complaints 2004, Section(s): Special Studies."),
            ("NCV/EMG of the bilateral upper extremity", "Decision based on MTUS Neck and Upper Back Complaints 2004, Section(s): Special Studies, and Shoulder Complaints 2004, Section(s): Summary."),
            // A drug under Pain: no body-part chapter, nothing to compare.
            ("Norco 10/325mg #60", "Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Pain, Opioids."),
            // One fitting chapter is enough.
            ("MRI of the right knee", "Decision based on MTUS Low Back Complaints 2004, Section(s): Special Studies. Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Knee & Leg, MRI."),
            // A request of no body site.
            ("TENS unit", "Decision based on MTUS Low Back Complaints 2004, Section(s): Physical Methods."),
        ] {
            assert!(cited(title, maximus).is_empty(), "{title} / {maximus}");
        }
    }

    #[test]
    fn every_chapters_body_part_is_a_site_of_the_vocabulary() {
        let v = vocabulary();
        for g in &Catalog::embedded().guidelines {
            for p in &g.body_parts {
                assert!(v.site_named(p).is_some(), "{}: body part {p:?}", g.id);
            }
        }
    }
}
