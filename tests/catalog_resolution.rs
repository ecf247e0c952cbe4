//! How many citations in real letters resolve to a catalog guideline, and to a topic; and how many
//! guideline fields carry a link. Letters: the bundled seeds and the published corpus in both
//! extractions (`../shared/corpus/*.txt` and `../shared/corpus/layout/*.txt`).
//! Run with `cargo test --test catalog_resolution -- --nocapture` to see the figures and misses.

use imr_lsp::catalog::Catalog;
use imr_lsp::rules::cite::{links, resolve};

fn txt_files(dir: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{dir}: {e}")) {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "txt") {
            let name = p.strip_prefix(dir).unwrap_or(&p).display().to_string();
            out.push((
                format!("{}/{name}", dir.rsplit('/').next().unwrap_or(dir)),
                std::fs::read_to_string(&p).unwrap(),
            ));
        }
    }
    out
}

/// The seeds, and the corpus when it is there (its absence fails under `CI=true`).
fn letters() -> Vec<(String, String)> {
    let mut out = txt_files(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/letters"
    ));
    let corpus = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus");
    if std::path::Path::new(corpus).is_dir() {
        out.extend(txt_files(corpus));
        out.extend(txt_files(&format!("{corpus}/layout")));
    } else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI=true but ../shared/corpus is missing"
        );
        eprintln!("../shared/corpus not found: only the bundled seed letters are measured");
    }
    out.sort();
    out
}

#[test]
fn citations_resolve_to_guidelines_and_topics() {
    let cat = Catalog::embedded();
    let (mut total, mut to_guideline, mut naming_topic, mut to_topic) = (0, 0, 0, 0);
    let mut misses = Vec::new();
    for (name, text) in letters() {
        let model = imr_lsp::parser::parse(&text);
        for item in model.letters.iter().flat_map(|l| &l.items) {
            for f in item.fields.iter().filter(|f| f.kind.cites_guidelines()) {
                for c in &f.citations {
                    total += 1;
                    let r = resolve(cat, c, c.span.text(&text));
                    let shown = imr_lsp::model::collapse(c.span.text(&text));
                    if r.guideline.is_some() {
                        to_guideline += 1;
                    } else {
                        misses.push(format!("{name}: no guideline: {shown}"));
                    }
                    // A citation names a topic when it lists sections.
                    if c.sections.is_some() {
                        naming_topic += 1;
                        if r.topics.is_empty() {
                            misses.push(format!("{name}: no topic: {shown}"));
                        } else {
                            to_topic += 1;
                        }
                    }
                }
            }
        }
    }
    let g_rate = to_guideline as f64 / total as f64;
    let t_rate = to_topic as f64 / naming_topic.max(1) as f64;
    eprintln!(
        "citations: {total}; to a guideline: {to_guideline} ({:.1}%); naming sections: {naming_topic}; to a topic: {to_topic} ({:.1}%)",
        g_rate * 100.0,
        t_rate * 100.0
    );
    for m in &misses {
        eprintln!("  {m}");
    }
    assert!(total > 0);
    assert_eq!(
        to_guideline, total,
        "every citation resolves to its guideline: {misses:#?}"
    );
    assert!(
        t_rate >= 0.95,
        "at least 95% of section lists resolve to a topic: {misses:#?}"
    );
}

/// Issue 16's goal: at least 98% of the guideline fields that cite something carry a link.
#[test]
fn guideline_fields_carry_a_link() {
    let cat = Catalog::embedded();
    let (mut fields, mut linked) = (0, 0);
    let mut by_kind = std::collections::BTreeMap::<String, usize>::new();
    let mut misses = Vec::new();
    for (name, text) in letters() {
        let model = imr_lsp::parser::parse(&text);
        for item in model.letters.iter().flat_map(|l| &l.items) {
            for f in item.fields.iter().filter(|f| f.kind.cites_guidelines()) {
                if f.citations.is_empty() {
                    continue;
                }
                fields += 1;
                let found: Vec<_> = f
                    .citations
                    .iter()
                    .flat_map(|c| {
                        let own = c.span.text(&text);
                        links(cat, c, &resolve(cat, c, own), own)
                    })
                    .collect();
                if found.is_empty() {
                    misses.push(format!(
                        "{name}: {}: {}",
                        f.kind.label(),
                        imr_lsp::model::collapse(f.body.text(&text))
                    ));
                } else {
                    linked += 1;
                    *by_kind
                        .entry(format!("{:?}", found[0].link.kind))
                        .or_default() += 1;
                }
            }
        }
    }
    let share = linked as f64 / fields.max(1) as f64;
    eprintln!(
        "guideline fields citing something: {fields}; with a link: {linked} ({:.1}%); first link by kind: {by_kind:?}",
        share * 100.0
    );
    for m in &misses {
        eprintln!("  no link: {m}");
    }
    assert!(fields > 0);
    assert!(
        share >= 0.98,
        "at least 98% of guideline fields carry a link: {misses:#?}"
    );
}

/// Guidelines named in the running text of rationales resolve through the same catalog.
#[test]
fn rationale_mentions_resolve() {
    let cat = Catalog::embedded();
    let (mut total, mut resolved) = (0, 0);
    let mut misses = Vec::new();
    for (name, text) in letters() {
        let model = imr_lsp::parser::parse(&text);
        // Running-text citations add no finding: the rules read the guideline fields only, except
        // `uncited-guideline`, whose subject they are.
        let mut without = model.clone();
        for f in without
            .letters
            .iter_mut()
            .flat_map(|l| &mut l.items)
            .flat_map(|i| &mut i.fields)
            .filter(|f| f.kind == imr_lsp::model::FieldKind::Rationale)
        {
            f.citations.clear();
        }
        let others = |m: &imr_lsp::model::Model| {
            let mut d = imr_lsp::rules::check(m, &text, cat);
            d.retain(|d| d.code != "uncited-guideline");
            d
        };
        assert_eq!(
            others(&model),
            others(&without),
            "{name}: rationale citations changed the findings"
        );
        for item in model.letters.iter().flat_map(|l| &l.items) {
            let Some(f) = item.field(imr_lsp::model::FieldKind::Rationale) else {
                continue;
            };
            for c in &f.citations {
                assert!(
                    c.running_text,
                    "{name}: a rationale citation is running text"
                );
                total += 1;
                let r = resolve(cat, c, c.span.text(&text));
                match r.guideline {
                    Some(_) => resolved += 1,
                    None => misses.push(format!(
                        "{name}: {}",
                        imr_lsp::model::collapse(c.span.text(&text))
                    )),
                }
            }
        }
    }
    let share = resolved as f64 / total.max(1) as f64;
    eprintln!(
        "rationale mentions: {total}; resolved to a guideline: {resolved} ({:.1}%)",
        share * 100.0
    );
    for m in &misses {
        eprintln!("  unresolved mention: {m}");
    }
    assert!(total > 0);
    assert!(
        share >= 0.95,
        "at least 95% of mentions resolve: {misses:#?}"
    );
}
