//! Resolves one citation's text against the catalog: which guideline it names and which topics.
//!
//! Plain text and byte ranges; `rules::cite` adapts the letter model's citations to it.

use super::{Catalog, TopicMatch};
use regex::Regex;
use std::ops::Range;
use std::sync::OnceLock;

/// What a citation's text names.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Resolution {
    /// Index of the guideline in the catalog and where its name is in the text.
    pub guideline: Option<(usize, Range<usize>)>,
    /// The guideline's topics named after its name, with their ranges in the text.
    pub topics: Vec<TopicMatch>,
}

/// Resolves a citation's `text`, whose guideline phrase is `text[name]`.
pub fn resolve_text(catalog: &Catalog, text: &str, name: Range<usize>) -> Resolution {
    let phrase = text.get(name.clone()).unwrap_or("");
    // The guideline phrase can run into topic names; fall back to the whole citation for
    // shapes where the name is not first ("Sildenafil: Drug information, from UpToDate").
    let found = catalog
        .match_guideline(phrase)
        .map(|m| (m.index, name.start + m.span.start..name.start + m.span.end))
        .or_else(|| catalog.match_guideline(text).map(|m| (m.index, m.span)));
    let Some((g, span)) = found else {
        return Resolution::default();
    };
    let after = span.end.min(text.len());
    let rest = text.get(after..).unwrap_or("");
    let topics = catalog
        .match_topics(&catalog.guidelines[g], rest)
        .into_iter()
        .map(|t| TopicMatch {
            topic: t.topic,
            span: after + t.span.start..after + t.span.end,
        })
        .collect();
    Resolution {
        guideline: Some((g, span)),
        topics,
    }
}

/// A source a citation names: a guideline of the catalog, a web page known by its host, or
/// something the catalog does not know.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Source {
    Guideline(usize),
    Web(String),
    Other,
}

impl Source {
    /// The id `extract` writes: the catalog id, `web:HOST` or `other`.
    pub fn id(&self, catalog: &Catalog) -> String {
        match self {
            Source::Guideline(g) => catalog.guidelines[*g].id.clone(),
            Source::Web(host) => format!("web:{host}"),
            Source::Other => "other".to_string(),
        }
    }
}

/// Where one citation's text goes on to another source: the MTUS shape "…, and Chronic Pain
/// Medical Treatment 2016, Section(s): …" (group 1 starts the next guideline's name), and "and
/// Other Medical Treatment Guidelines …" (the next source starts at the match's end).
fn next_source_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(concat!(
            r"(?i),?\s+and\s+(?:(?P<other>other\s+medical\s+treatment\s+guidelines?(?:\s+or\s+medical\s+evidence)?\s*:?\s*)",
            r"|(?P<mtus>(?:the\s+)?(?:mtus\s+)?[a-z][a-z/&,'()\s-]{2,80}?\s(?:19|20)\d\d\b(?:\s+guidelines?)?,?\s*(?:section\(s\)|page\(s\))))"
        ))
        .expect("valid regex")
    })
}

fn address_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)\b(?:https?://(?:www\.)?|www\.)([a-z0-9-]+(?:\.[a-z0-9-]+)+)")
            .expect("valid regex")
    })
}

/// Whether a citation part has reached its section or page list.
fn has_sections(part: &str) -> bool {
    let lower = part.to_ascii_lowercase();
    lower.contains("section(s)") || lower.contains("page(s)")
}

/// The host of a URL (`https://www.cms.gov/x` → `cms.gov`), lower case, without `www.`.
fn host_of(url: &str) -> Option<String> {
    address_re()
        .captures(url)
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().to_ascii_lowercase())
}

/// An MTUS id that names no particular guideline (`mtus`, the `mtus-acoem` family): what a
/// stray "MTUS" in "Non-MTUS Citation …" or "ACOEM" in another edition's name would give.
pub fn generic_mtus(catalog: &Catalog, g: usize) -> bool {
    let guideline = &catalog.guidelines[g];
    guideline.rule.is_some()
        && guideline.parent.is_none()
        && (guideline.topics.is_empty()
            || catalog
                .guidelines
                .iter()
                .any(|c| c.parent.as_deref() == Some(guideline.id.as_str())))
}

/// Every source a citation names, in order, with its range in `text` (the citation's text;
/// `name` is its guideline phrase, `non_mtus` whether the letter marks it "Non-MTUS"). One
/// citation can name several: "MTUS X 2004, Section(s): …, and Y 2016, Section(s): …", two ODG
/// chapters ("Low back, Manipulation; Neck and Upper back"), a guideline and a web page. A source
/// that is not in the MTUS never gets an MTUS id: a generic MTUS match in a Non-MTUS citation is
/// dropped, a web address is `web:HOST`, and what is left unnamed is `other`.
pub fn sources(
    catalog: &Catalog,
    text: &str,
    name: Range<usize>,
    non_mtus: bool,
) -> Vec<(Source, Range<usize>)> {
    // The parts of the citation, each naming its own source(s): (range, phrase range).
    let mut parts: Vec<(Range<usize>, Range<usize>)> = Vec::new();
    let mut from = 0;
    let mut phrase = name.start.min(text.len())..name.end.min(text.len());
    for c in next_source_re().captures_iter(text) {
        let whole = c.get(0).expect("match");
        let next = match (c.name("other"), c.name("mtus")) {
            (Some(o), _) => o.end(),
            // "Neck and Upper Back Complaints 2004": an "and" inside a name is no new source;
            // the next guideline comes only after this one's sections or pages.
            (_, Some(m)) if has_sections(&text[from..whole.start()]) => m.start(),
            _ => continue,
        };
        if whole.start() < from {
            continue;
        }
        parts.push((
            from..whole.start(),
            phrase.start.max(from)..phrase.end.min(whole.start()).max(from),
        ));
        from = next;
        phrase = next..text.len();
    }
    parts.push((
        from..text.len(),
        phrase.start.max(from)..phrase.end.max(from),
    ));

    let mut out: Vec<(Source, Range<usize>)> = Vec::new();
    let push = |out: &mut Vec<(Source, Range<usize>)>, s: Source, r: Range<usize>| {
        if !out.iter().any(|(x, _)| *x == s) {
            out.push((s, r));
        }
    };
    for (part, phrase) in parts {
        let part_text = &text[part.clone()];
        let phrase_text = text.get(phrase.clone()).unwrap_or("");
        let found = catalog
            .match_guideline(phrase_text)
            .map(|m| {
                (
                    m.index,
                    phrase.start + m.span.start..phrase.start + m.span.end,
                )
            })
            .or_else(|| {
                catalog
                    .match_guideline(part_text)
                    .map(|m| (m.index, part.start + m.span.start..part.start + m.span.end))
            })
            .filter(|(g, _)| !(non_mtus && generic_mtus(catalog, *g)));
        let mut named_any = false;
        if let Some((g, span)) = found {
            named_any = true;
            let guideline = &catalog.guidelines[g];
            let family = match guideline
                .parent
                .as_deref()
                .and_then(|p| catalog.position(p))
            {
                Some(f) => Some(f),
                None => catalog
                    .guidelines
                    .iter()
                    .any(|c| c.parent.as_deref() == Some(guideline.id.as_str()))
                    .then_some(g),
            };
            // The chapter area: from the name to the first section mark or full stop.
            let after = span.end.min(part.end);
            let rest = &text[after..part.end];
            let area_end = rest.find(['.', ':']).map_or(part.end, |i| after + i);
            let area = &text[after..area_end];
            match family {
                // A family named alone: its chapter may follow later ("(ODG) MRI shoulder").
                Some(f) if f == g => {
                    let first = area.split(',').next().unwrap_or("");
                    let chapters = catalog.chapters_named(f, first, true);
                    if chapters.is_empty() {
                        push(&mut out, Source::Guideline(g), span.clone());
                    }
                    for (c, r) in chapters {
                        push(
                            &mut out,
                            Source::Guideline(c),
                            after + r.start..after + r.end,
                        );
                    }
                }
                Some(f) => {
                    push(&mut out, Source::Guideline(g), span.clone());
                    for (c, r) in catalog.chapters_named(f, area, false) {
                        push(
                            &mut out,
                            Source::Guideline(c),
                            after + r.start..after + r.end,
                        );
                    }
                }
                None => push(&mut out, Source::Guideline(g), span.clone()),
            }
        }
        for m in address_re().find_iter(part_text) {
            let Some(host) = host_of(m.as_str()) else {
                continue;
            };
            let at = part.start + m.start()..part.start + m.end();
            named_any = true;
            // The address of a source already named (or that names it) is that source.
            let known = out.iter().any(|(s, r)| match s {
                Source::Guideline(g) => {
                    r.start < at.end && at.start < r.end
                        || [
                            &catalog.guidelines[*g].url,
                            &catalog.guidelines[*g].publisher_url,
                        ]
                        .into_iter()
                        .flatten()
                        .any(|u| host_of(u).as_deref() == Some(host.as_str()))
                }
                _ => false,
            });
            if !known {
                push(&mut out, Source::Web(host), at);
            }
        }
        if !named_any && phrase_text.chars().any(char::is_alphabetic) {
            push(&mut out, Source::Other, phrase.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_topics_come_back_as_ranges_of_the_text() {
        let cat = Catalog::embedded();
        let text = "Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Pain, Cyclobenzaprine (Flexeril)";
        let name = "Decision based on Non-MTUS Citation ".len()..text.len();
        let r = resolve_text(cat, text, name);
        let (g, span) = r.guideline.clone().unwrap();
        assert_eq!(cat.guidelines[g].id, "odg-pain");
        assert_eq!(&text[span], "Official Disability Guidelines (ODG) Pain");
        assert_eq!(
            &text[r.topics[0].span.clone()],
            "Cyclobenzaprine (Flexeril)"
        );
        // A name that is not first still resolves, from the whole text.
        let text = "Sildenafil: Drug information, from UpToDate";
        let r = resolve_text(cat, text, 0..10);
        assert_eq!(cat.guidelines[r.guideline.unwrap().0].id, "uptodate");
        assert!(resolve_text(cat, "no source here", 0..14)
            .guideline
            .is_none());
    }

    fn ids(text: &str) -> Vec<String> {
        let cat = Catalog::embedded();
        let non_mtus = text.contains("Non-MTUS");
        sources(cat, text, 0..text.len(), non_mtus)
            .into_iter()
            .map(|(s, _)| s.id(cat))
            .collect()
    }

    #[test]
    fn one_citation_can_name_several_sources() {
        assert_eq!(
            ids("Decision based on MTUS Elbow Complaints 2007, Section(s): 326, and Chronic Pain Medical Treatment 2016, Section(s): Physical medicine treatment."),
            ["mtus-acoem-elbow-2007", "mtus-chronic-pain-2016"]
        );
        assert_eq!(
            ids("Decision based on MTUS Low Back Complaints 2004, Section(s): Physical Methods, and Chronic Pain Medical Treatment 2009, Section(s): Epidural steroid injections (ESIs)."),
            ["mtus-acoem-low-back-2004", "mtus-chronic-pain-2009"]
        );
        // An "and" inside a name is no second guideline.
        assert_eq!(
            ids("Decision based on MTUS Forearm, Wrist, and Hand Complaints 2004, Section(s): Special Studies."),
            ["mtus-acoem-forearm-wrist-hand-2004"]
        );
        // Two ODG chapters and a web address: three ids.
        assert_eq!(
            ids("Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Low back, Manipulation; Neck and Upper back, Manipulation and Other Medical Treatment Guidelines http://www.aetna.com/cpb/medical/data/100_199/0181.html."),
            ["odg-low-back", "odg-neck-upper-back", "web:aetna.com"]
        );
        assert_eq!(
            ids("Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Low Back and neck Chapter, Physical Therapy."),
            ["odg-low-back", "odg-neck-upper-back"]
        );
        // A family named alone, its chapter later.
        assert_eq!(
            ids("Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) MRI shoulder."),
            ["odg-shoulder"]
        );
    }

    #[test]
    fn a_source_outside_the_mtus_never_carries_an_mtus_id() {
        assert_eq!(
            ids("Decision based on Non-MTUS Citation https://www.cms.gov/Medicare/Medicare-Fee-for-Service-Payment/PhysicianFeeSched/"),
            ["web:cms.gov"]
        );
        assert_eq!(
            ids("Decision based on Non-MTUS Citation Medicare National Physician Fee Schedule 2016."),
            ["other"]
        );
        assert_eq!(
            ids(
                "Decision based on Non-MTUS Citation Drug Facts and Comparisons, Epocrates online."
            ),
            ["other"]
        );
        assert_eq!(
            ids("Decision based on Non-MTUS Citation Low Back chapter."),
            ["other"]
        );
        assert_eq!(
            ids("Decision based on Non-MTUS Citation ACOEM 3rd edition, Chapter 12."),
            ["acoem-practice-guidelines"]
        );
        let cat = Catalog::embedded();
        let g = cat.position("acoem-practice-guidelines").unwrap();
        assert!(cat.guidelines[g].rule.is_none(), "not an MTUS guideline");
        // A guideline and another site's page: both.
        assert_eq!(
            ids("Decision based on Non-MTUS Citation What is an electrocardiogram? http://www.nhlbi.nih.gov/health/ekg, accessed 02/18/2017, Syncope in adults. UpToDate, accessed 02/18/2017."),
            ["uptodate", "web:nhlbi.nih.gov"]
        );
        // The catalog's own address is that guideline, not a web page.
        assert_eq!(
            ids("Decision based on Non-MTUS Citation www.mdguidelines.com."),
            ["mdguidelines"]
        );
    }

    proptest::proptest! {
        /// Any text, any phrase range: no panic, and every range lies in the text.
        #[test]
        fn sources_never_panic(
            text in "(Decision based on |Non-MTUS Citation |MTUS |ODG |Official Disability Guidelines \\(ODG\\) |Low Back|Neck|; |, and |Other Medical Treatment Guidelines |Chronic Pain Medical Treatment 2016|Section\\(s\\): |www\\.|https://|cms\\.gov/|é|®|Â|\\.|,| |[a-z]{1,6}){0,24}",
            a in 0usize..400,
            b in 0usize..400,
        ) {
            let cat = Catalog::embedded();
            for non_mtus in [false, true] {
                for (_, r) in sources(cat, &text, a.min(b)..a.max(b), non_mtus) {
                    proptest::prop_assert!(r.end <= text.len());
                }
            }
        }
    }
}
