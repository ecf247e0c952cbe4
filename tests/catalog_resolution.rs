//! How many citations in real letters resolve to a catalog guideline, and to a topic.
//! Run with `cargo test --test catalog_resolution -- --nocapture` to see the figures and misses.

use imr_lsp::catalog::Catalog;
use imr_lsp::rules::cite::resolve;

fn letters() -> Vec<(String, String)> {
    let mut dirs = vec![concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/letters").to_string()];
    let corpus = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus");
    if std::path::Path::new(corpus).is_dir() {
        dirs.push(corpus.to_string());
    }
    let mut out = Vec::new();
    for d in dirs {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "txt") {
                out.push((
                    p.file_name().unwrap().to_string_lossy().to_string(),
                    std::fs::read_to_string(&p).unwrap(),
                ));
            }
        }
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
                    let shown = imr_lsp::parser::collapse(c.span.text(&text));
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
