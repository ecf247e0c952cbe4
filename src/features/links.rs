//! Document links: every part of a citation that has a link opens it (the guideline name, each
//! page, each topic, a cited web address); `rules::cite::links` decides what links where.

use super::Doc;
use crate::model::Span;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    pub span: Span,
    pub target: String,
    /// What the link opens, for clients that show tooltips.
    pub tooltip: String,
}

pub fn links(doc: &Doc) -> Vec<Link> {
    let cat = &doc.analysis.catalog;
    let mut out = Vec::new();
    for c in doc.analysis.citations_in(Span::new(0, usize::MAX)) {
        let own = doc.text_of(c.citation.span);
        for l in crate::rules::cite::links(cat, c.citation, &c.resolved, &own) {
            out.push(Link {
                span: l.span,
                target: l.link.url,
                tooltip: l.tooltip,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::fixture::{letter, Fixture};

    fn render(f: &Fixture) -> String {
        links(&f.doc())
            .iter()
            .map(|l| format!("«{}» {} ({})\n", f.slice(l.span), l.target, l.tooltip))
            .collect()
    }

    #[test]
    fn guideline_pages_and_topics_link_to_the_pdf() {
        let f = Fixture::new(&letter(
            "Cyclobenzaprine 10mg #60: Upheld
MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009, Section(s): Cyclobenzaprine (Flexeril) Page(s): 41-42.
Decision rationale: The request for cyclobenzaprine is not medically necessary.
",
        ));
        insta::assert_snapshot!(render(&f), @r#"
            «MTUS Chronic Pain Medical Treatment 2009» https://www.dir.ca.gov/dwc/DWCPropRegs/MTUS_Regulations/MTUS_ChronicPainMedicalTreatmentGuidelines.pdf (Chronic Pain Medical Treatment Guidelines (2009) (the guideline's page))
            «41-42» https://www.dir.ca.gov/dwc/DWCPropRegs/MTUS_Regulations/MTUS_ChronicPainMedicalTreatmentGuidelines.pdf#page=41 (MTUS Chronic Pain 2009, page 41 (deep link to the cited page))
            «Cyclobenzaprine (Flexeril)» https://www.dir.ca.gov/dwc/DWCPropRegs/MTUS_Regulations/MTUS_ChronicPainMedicalTreatmentGuidelines.pdf#page=41 (MTUS Chronic Pain 2009: Cyclobenzaprine (Flexeril), p. 41 (deep link to the cited page))
        "#);
    }

    #[test]
    fn a_guideline_with_no_url_gives_no_link() {
        let f = Fixture::new(&letter(
            "Norco: Upheld
MAXIMUS guideline: Decision based on Something Nobody Publishes.
Decision rationale: The request is not medically necessary.
",
        ));
        assert_eq!(render(&f), "");
    }
}
