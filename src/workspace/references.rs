//! References across the folder: from a citation's guideline or topic to every citation of it,
//! and from an item title to the items of other letters for the same request.

use super::requests;
use super::summary::{topics_of, FileSummary, LocRange};
use crate::catalog::Catalog;
use crate::features::Doc;

/// What the cursor is on, by name, so it can be looked up in summaries made with any catalog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// A guideline (the cursor is on its name, or on a citation with no known topic).
    Guideline { guideline: String },
    /// A topic of a guideline (the cursor is on the topic, or on pages that fall on it).
    Topics {
        guideline: String,
        topics: Vec<String>,
    },
    /// The request of an item title, normalised ([`requests::key`]).
    Request { key: String },
}

/// What `offset` refers to in an open document, if anything workspace-wide.
pub fn target_at(doc: &Doc, offset: usize) -> Option<Target> {
    let a = doc.analysis;
    let cat = &a.catalog;
    if let Some(c) = a.citation_at(offset) {
        let (g, name) = c.resolved.guideline?;
        let guideline = cat.guidelines[g].id.clone();
        let topics = topics_of(&c, cat);
        let named = |ts: &[(usize, _)]| {
            ts.iter()
                .map(|&(t, _)| cat.guidelines[g].topics[t].name.clone())
                .collect()
        };
        let under: Vec<(usize, _)> = topics
            .iter()
            .copied()
            .filter(|(_, s)| s.touches(offset))
            .collect();
        return Some(if !under.is_empty() {
            Target::Topics {
                guideline,
                topics: named(&under),
            }
        } else if name.touches(offset) || topics.is_empty() {
            Target::Guideline { guideline }
        } else {
            Target::Topics {
                guideline,
                topics: named(&topics),
            }
        });
    }
    let (_, item) = a
        .model
        .letters
        .iter()
        .flat_map(|l| l.items.iter().map(move |i| (l, i)))
        .find(|(_, i)| !i.title_span.is_empty() && i.title_span.touches(offset))?;
    let key = requests::key(&item.title);
    (!key.is_empty()).then_some(Target::Request { key })
}

/// Every place in `files` that `target` refers to, file by file in the order given. The
/// summaries' catalog indices are read against `catalog`. `cancelled` is polled between files.
pub fn references<'a, K: Copy>(
    files: impl IntoIterator<Item = (K, &'a FileSummary)>,
    target: &Target,
    catalog: &Catalog,
    cancelled: &dyn Fn() -> bool,
) -> Vec<(K, LocRange)> {
    let g = match target {
        Target::Guideline { guideline } | Target::Topics { guideline, .. } => {
            match catalog.position(guideline) {
                Some(g) => Some(g as u32),
                None => return Vec::new(),
            }
        }
        Target::Request { .. } => None,
    };
    let topics: Vec<u32> = match (target, g) {
        (Target::Topics { topics, .. }, Some(g)) => catalog.guidelines[g as usize]
            .topics
            .iter()
            .enumerate()
            .filter(|(_, t)| topics.contains(&t.name))
            .map(|(i, _)| i as u32)
            .collect(),
        _ => Vec::new(),
    };
    let mut out = Vec::new();
    for (file, summary) in files {
        if cancelled() {
            break;
        }
        for item in summary.letters.iter().flat_map(|l| l.items.iter()) {
            match target {
                Target::Request { key } => {
                    if *item.key == **key {
                        out.push((file, item.range));
                    }
                }
                Target::Guideline { .. } => out.extend(
                    item.citations
                        .iter()
                        .filter_map(|c| c.guideline)
                        .filter(|&(cg, _)| Some(cg) == g)
                        .map(|(_, r)| (file, r)),
                ),
                Target::Topics { .. } => {
                    for c in item.citations.iter() {
                        if c.guideline.map(|(cg, _)| cg) != g {
                            continue;
                        }
                        if let Some(&(_, r)) = c.topics.iter().find(|(t, _)| topics.contains(t)) {
                            out.push((file, r));
                        }
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Analysis;
    use crate::features::fixture::{letter, seed, Fixture};
    use crate::lsp::document::embedded_catalog;
    use crate::rules::testing::item;
    use crate::workspace::summary::summarise;

    fn summary(text: &str) -> FileSummary {
        summarise(&Analysis::new(text, embedded_catalog()), text)
    }

    fn lines(files: &[(&str, FileSummary)], target: &Target) -> Vec<String> {
        references(
            files.iter().map(|(k, s)| (k, s)),
            target,
            &embedded_catalog(),
            &|| false,
        )
        .into_iter()
        .map(|(f, r)| format!("{f}:{}", r.start.line + 1))
        .collect()
    }

    const OPIOIDS: &str = "Claims Administrator guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009, Section(s): Opioids, criteria for use.\n";

    /// A letter with one Norco item citing opioids, the cursor under `needle` (+1).
    fn cursor_on(needle: &str) -> Fixture {
        let col = OPIOIDS.find(needle).unwrap() + 1;
        Fixture::new(&letter(&format!(
            "Norco 5/325 mg #30: Upheld\n{OPIOIDS}{}|\nDecision rationale: It is not medically necessary.\n",
            " ".repeat(col)
        )))
    }

    #[test]
    fn on_a_topic_finds_the_topic_and_on_the_name_the_guideline() {
        let f = cursor_on("Opioids");
        let Some(Target::Topics { guideline, topics }) = target_at(&f.doc(), f.cursor()) else {
            panic!("no topic under the cursor")
        };
        assert_eq!(guideline, "mtus-chronic-pain-2009");
        assert_eq!(topics.len(), 1, "{topics:?}");
        assert!(topics[0].starts_with("Opioids"), "{topics:?}");

        let f = cursor_on("MTUS");
        assert_eq!(
            target_at(&f.doc(), f.cursor()),
            Some(Target::Guideline {
                guideline: "mtus-chronic-pain-2009".into()
            })
        );
    }

    #[test]
    fn topic_references_span_the_folder() {
        let draft = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/drafts/broken-draft.imr"
        ))
        .unwrap();
        let f = Fixture::new(&draft);
        let at = draft.find("Opioids, criteria").unwrap();
        let target = target_at(&f.doc(), at + 2).unwrap();
        let files = [
            ("draft", summary(&draft)),
            ("001", summary(&seed("001_2a130b5553485fce.txt"))),
            ("002", summary(&seed("002_ca4af5e6e3409f09.txt"))),
        ];
        let got = lines(&files, &target);
        assert!(
            got.iter().filter(|l| l.starts_with("draft:")).count() >= 2,
            "{got:?}"
        );
        assert!(
            got.iter().any(|l| l.starts_with("001:")),
            "the Norco seed cites opioids: {got:?}"
        );
        assert!(
            !got.iter().any(|l| l.starts_with("002:")),
            "Soma and Flexeril do not: {got:?}"
        );
    }

    #[test]
    fn on_an_item_title_finds_the_same_request_in_other_letters() {
        let text = letter(&item(
            "Norco 5/325 mg #60",
            "Overturned",
            "It is medically necessary.",
        ));
        let f = Fixture::new(&text);
        let at = text.find("Norco").unwrap();
        let target = target_at(&f.doc(), at + 1).unwrap();
        assert_eq!(
            target,
            Target::Request {
                key: "5/325mg norco".into()
            }
        );
        let files = [
            ("new", summary(&text)),
            ("001", summary(&seed("001_2a130b5553485fce.txt"))),
            ("002", summary(&seed("002_ca4af5e6e3409f09.txt"))),
        ];
        let title_line = seed("001_2a130b5553485fce.txt")
            .lines()
            .position(|l| l.trim_start().starts_with("Norco 5/325 MG #30"))
            .unwrap();
        assert_eq!(
            lines(&files, &target),
            [
                format!(
                    "new:{}",
                    text.lines().position(|l| l.starts_with("Norco")).unwrap() + 1
                ),
                format!("001:{}", title_line + 1)
            ]
        );
    }

    #[test]
    fn elsewhere_there_is_nothing_to_look_up() {
        let f = Fixture::new(&letter("The patient is well.\n     |\n"));
        assert_eq!(target_at(&f.doc(), f.cursor()), None);
    }
}
