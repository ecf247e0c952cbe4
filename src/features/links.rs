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

/// Letters written as an attacker would: every link handed out (document links, and the links in
/// every hover over the citation) is https to the host it reads as, or there is none.
#[cfg(test)]
mod hostile {
    use super::*;
    use crate::catalog::url::{check, Origin};
    use crate::features::fixture::{letter, Fixture};
    use crate::features::hover::hover;

    /// A letter whose one citation gives `address`.
    fn fixture(address: &str) -> Fixture {
        Fixture::new(&letter(&format!(
            "Norco: Upheld
MAXIMUS guideline: Decision based on Non-MTUS Citation {address} accessed 2016.
Decision rationale: The request is not medically necessary.
"
        )))
    }

    fn host(url: &str) -> &str {
        let rest = url.split_once("://").map_or(url, |(_, r)| r);
        rest.split(['/', '?', '#']).next().unwrap_or(rest)
    }

    /// The URLs handed out for `f` that did not come from the catalog (its guidelines' and
    /// publishers' hosts): what the letter's own address became. Every URL handed out, from
    /// either, is https and passes the check for letter text.
    fn handed_out(f: &Fixture) -> Vec<String> {
        let cat = crate::lsp::document::embedded_catalog();
        let catalog_hosts: Vec<&str> = cat
            .guidelines
            .iter()
            .flat_map(|g| [g.url.as_deref(), g.publisher_url.as_deref()])
            .flatten()
            .map(host)
            .collect();
        let all = every_url(f);
        for u in &all {
            assert!(u.starts_with("https://"), "{u}");
            assert_eq!(
                check(u, Origin::Letter { allow_http: false }),
                Ok(()),
                "{u}"
            );
        }
        all.into_iter()
            .filter(|u| !catalog_hosts.contains(&host(u)))
            .collect()
    }

    /// Every URL the features hand out for `f`: link targets and markdown link destinations of
    /// the hover at every offset.
    fn every_url(f: &Fixture) -> Vec<String> {
        let doc = f.doc();
        let mut urls: Vec<String> = links(&doc).into_iter().map(|l| l.target).collect();
        for offset in 0..f.text.len() {
            let Some(h) = hover(&doc, offset) else {
                continue;
            };
            for (i, _) in h.markdown.match_indices("](") {
                let rest = &h.markdown[i + 2..];
                urls.push(rest[..rest.find(')').unwrap_or(rest.len())].to_string());
            }
        }
        urls.sort();
        urls.dedup();
        urls
    }

    #[test]
    fn a_plain_https_address_is_linked() {
        let f = fixture("https://www.ncbi.nlm.nih.gov/pmc/articles/PMC4431231/");
        assert_eq!(
            handed_out(&f),
            ["https://www.ncbi.nlm.nih.gov/pmc/articles/PMC4431231/"]
        );
    }

    #[test]
    fn crafted_addresses_give_no_link_elsewhere() {
        for address in [
            "javascript:alert(document.cookie)",
            "command:workbench.action.terminal.new",
            "file:///etc/passwd",
            "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
            "https://odg-twc.com@evil.example/",
            "www.odg-twc.com@evil.example/",
            "https://odg-twc.com:443@evil.example/",
            "https://odg-twc.com%40evil.example/",
            "https://odg-twc.com%2F%2F@evil.example/",
            "https://evil.example%2F%2Fodg-twc.com/",
            "https://evil.example\\@odg-twc.com/",
            "https://evil.example/\u{202E}moc.gwt-gdo//:sptth",
            "\u{202E}https://evil.example/",
            "https://odg-twc.com\u{200B}.evil.example/",
            "https://odg-twc.com\u{2066}.evil.example\u{2069}/",
            "https://\u{43E}dg-twc.com/",
            "https://127.0.0.1:8080/admin",
            "https://2130706433/",
            "https://localhost/",
            "http://www.aetna.com/cpb/0181.html",
            "https://odg-twc.com\n.evil.example/path",
        ] {
            let f = fixture(address);
            let urls = handed_out(&f);
            assert!(
                urls.is_empty(),
                "{address:?} gave links {urls:?} (text {:?})",
                f.text
            );
        }
    }

    #[test]
    fn a_scheme_before_a_real_address_links_only_the_real_address() {
        let f = fixture("javascript:alert(1)//https://www.odg-twc.com/odgtwc/pain.htm");
        assert_eq!(handed_out(&f), ["https://www.odg-twc.com/odgtwc/pain.htm"]);
        // The https address inside it is what opens, and it reads as what it is.
        let f = fixture("vscode://vscode.git/clone?url=https://evil.example/x.git");
        assert_eq!(handed_out(&f), ["https://evil.example/x.git"]);
    }

    #[test]
    fn the_hover_says_why_a_crafted_address_is_not_linked() {
        let f = fixture("https://odg-twc.com@evil.example/");
        let at = f.text.find("odg-twc.com@").unwrap();
        let h = hover(&f.doc(), at).unwrap();
        assert!(
            h.markdown.contains("names a user before its host"),
            "{}",
            h.markdown
        );
        let f = fixture("https://evil.example/\u{202E}moc.gwt-gdo//:sptth");
        let at = f.text.find("evil.example").unwrap();
        let h = hover(&f.doc(), at).unwrap();
        assert!(
            h.markdown.contains("invisible or direction-changing"),
            "{}",
            h.markdown
        );
    }

    /// The catalog's own links (guideline, pages, topics, publishers) pass the same check.
    #[test]
    fn every_catalog_link_passes_the_check() {
        let cat = crate::lsp::document::embedded_catalog();
        for g in &cat.guidelines {
            let topics = std::iter::once(None).chain(g.topics.iter().map(Some));
            for t in topics {
                for page in [None, Some(1), Some(41)] {
                    if let Some(l) = cat.link(g, t, page) {
                        assert_eq!(check(&l.url, Origin::Catalog), Ok(()), "{}", l.url);
                        assert!(l.url.starts_with("https://"), "{}", l.url);
                    }
                }
            }
        }
    }
}
