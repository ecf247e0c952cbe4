//! The hand-labelled corpus: every disputed item of the 90 published letters in
//! `../shared/corpus`, labelled by people reading the letters (not copied from the tool), in
//! `tests/labels/corpus-items.tsv`. This test runs the parser, the classifier and citation
//! resolution on every letter and reports the agreement per field, listing each disagreement
//! (`cargo test --test labels -- --nocapture`), in both extractions of the corpus.
//!
//! Fields compared:
//! - `category`: the service category id, over every item;
//! - `drug_class`: over the items the label calls pharmaceuticals (`none` is a drug of no listed
//!   class; a tool that did not see a drug gives the empty class, which disagrees);
//! - `maximus_guidelines`: the reviewer's sources (MAXIMUS field, with its "Other Medical
//!   Treatment Guideline" part) as a **set** of ids: catalog ids, `web:HOST`, `other`. Order is
//!   not compared: a letter lists its sources in no meaningful order, and research counts them.

use imr_lsp::analysis::Analysis;
use imr_lsp::catalog::Catalog;
use imr_lsp::classify::Classifier;
use imr_lsp::report::record::ItemFacts;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

const CORPUS_ITEMS: usize = 230;
/// The floor every field must hold on the corpus.
const FLOOR: f64 = 0.98;

fn corpus_dir() -> Option<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus").to_string();
    if std::path::Path::new(&dir).is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI=true but ../shared/corpus is missing"
    );
    eprintln!("../shared/corpus not found: the hand-labelled agreement is not measured");
    None
}

struct Label {
    title: String,
    category: String,
    drug_class: String,
    guidelines: BTreeSet<String>,
}

/// `(letter, item)` → label, from the TSV (header line first).
fn labels() -> BTreeMap<(String, usize), Label> {
    let text = include_str!("labels/corpus-items.tsv");
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("header").split('\t').collect();
    assert_eq!(
        header[..6],
        [
            "letter",
            "item",
            "title",
            "category",
            "drug_class",
            "maximus_guidelines"
        ]
    );
    let mut out = BTreeMap::new();
    for (n, line) in lines.enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        assert!(f.len() >= 6, "line {}: {line}", n + 2);
        let item: usize = f[1].parse().unwrap_or_else(|_| panic!("line {}", n + 2));
        let guidelines = f[5]
            .split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        let old = out.insert(
            (f[0].to_string(), item),
            Label {
                title: f[2].to_string(),
                category: f[3].trim().to_string(),
                drug_class: f[4].trim().to_string(),
                guidelines,
            },
        );
        assert!(old.is_none(), "line {}: {} item {item} twice", n + 2, f[0]);
    }
    out
}

#[derive(Default)]
struct Tally {
    agree: usize,
    total: usize,
    misses: Vec<String>,
}

impl Tally {
    fn add(&mut self, same: bool, what: impl FnOnce() -> String) {
        self.total += 1;
        if same {
            self.agree += 1;
        } else {
            self.misses.push(what());
        }
    }

    fn rate(&self) -> f64 {
        self.agree as f64 / self.total.max(1) as f64
    }
}

#[test]
fn the_tool_agrees_with_the_hand_labels() {
    let Some(dir) = corpus_dir() else { return };
    let labels = labels();
    // Both extractions of the corpus: reading order, and `pdftotext -layout` when present.
    measure(&dir, "reading order", &labels);
    let layout = format!("{dir}/layout");
    if std::path::Path::new(&layout).is_dir() {
        measure(&layout, "layout", &labels);
    }
}

fn measure(dir: &str, set: &str, labels: &BTreeMap<(String, usize), Label>) {
    println!("== {set}");
    let catalog = Arc::new(Catalog::embedded().clone());
    let classifier = Classifier::embedded();
    let (mut cat, mut drug, mut guide) = (Tally::default(), Tally::default(), Tally::default());
    let mut seen = 0;
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    for path in files {
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(&path).unwrap();
        let analysis = Analysis::new(&text, catalog.clone());
        let items = analysis.model.letters.iter().flat_map(|l| &l.items);
        for (n, item) in items.enumerate() {
            let Some(label) = labels.get(&(name.clone(), n + 1)) else {
                continue;
            };
            seen += 1;
            let facts = ItemFacts::of(item, &analysis, &text, classifier);
            let title: String = label.title.chars().take(24).collect();
            let at = format!("{name} #{} {title:?}", n + 1);
            let category = classifier.category_id(&facts.class).to_string();
            cat.add(category == label.category, || {
                format!("{at}: category {category}, label {}", label.category)
            });
            if label.category == "pharmaceuticals" {
                let class = match (category.as_str(), classifier.drug_class_id(&facts.class)) {
                    (_, Some(c)) => c.to_string(),
                    ("pharmaceuticals", None) => "none".to_string(),
                    _ => String::new(),
                };
                drug.add(class == label.drug_class, || {
                    format!("{at}: drug class {class:?}, label {:?}", label.drug_class)
                });
            }
            let ids: BTreeSet<String> = facts.maximus_ids.iter().cloned().collect();
            guide.add(ids == label.guidelines, || {
                format!(
                    "{at}: maximus {:?}, label {:?}",
                    facts.maximus_ids, label.guidelines
                )
            });
        }
    }
    for (field, t) in [
        ("category", &cat),
        ("drug_class", &drug),
        ("maximus_guidelines", &guide),
    ] {
        println!(
            "{field}: {}/{} agree ({:.1}%)",
            t.agree,
            t.total,
            100.0 * t.rate()
        );
        for m in &t.misses {
            println!("  {m}");
        }
    }
    assert_eq!(
        seen,
        labels.len(),
        "every labelled item is found in the corpus"
    );
    assert_eq!(seen, CORPUS_ITEMS, "every corpus item is labelled");
    for (field, t) in [
        ("category", &cat),
        ("drug_class", &drug),
        ("maximus_guidelines", &guide),
    ] {
        assert!(
            t.rate() >= FLOOR,
            "{set}: {field}: {:.1}% agree, below {:.0}%",
            100.0 * t.rate(),
            100.0 * FLOOR
        );
    }
}
