//! Benchmark 2: one keystroke inside an item in the middle of the file — apply the edit to the
//! rope, re-parse and re-check (`Document::apply`) — for 1 letter and for 1,000 letters.
//!
//! `cargo bench --bench incremental`

mod support;

use criterion::{criterion_group, criterion_main, Criterion};
use imr_lsp::features::{folding, symbols};
use imr_lsp::lsp::convert;
use imr_lsp::lsp::document::Document;
use imr_lsp::lsp::position::Encoding;
use imr_lsp::model::Span;
use std::time::{Duration, Instant};

fn keystroke(c: &mut Criterion) {
    let mut g = c.benchmark_group("keystroke");
    g.measurement_time(Duration::from_secs(5));
    for (name, text) in [
        ("1 letter", support::one_letter()),
        ("1000 letters", support::many_letters(1000)),
    ] {
        let (pos, _) = support::mid_item_position(&text);
        let mut doc = Document::new(&text, 1);
        let ins = support::insert(pos, "x");
        let del = support::delete_one(pos);
        // Every timed edit is one keystroke: typing `x`, then deleting it, alternately, so the
        // document stays the same size whatever the iteration count.
        g.bench_function(format!("apply one char/{name}"), |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for i in 0..iters {
                    let change = if i % 2 == 0 { &ins } else { &del };
                    let t = Instant::now();
                    doc.apply(change, Encoding::Utf16);
                    total += t.elapsed();
                }
                if iters % 2 == 1 {
                    doc.apply(&del, Encoding::Utf16);
                }
                total
            })
        });
        assert_eq!(doc.text(), text, "the edits cancel out");
    }
    g.finish();
}

/// The in-process part of the requests the server answers on the 1000-letter file: building the
/// answer, and turning it into JSON as tower-lsp-server does (`to_value`, then text).
fn requests(c: &mut Criterion) {
    let text = support::many_letters(1000);
    let doc = Document::new(&text, 1);
    let p = doc.positions(Encoding::Utf16);
    let mut g = c.benchmark_group("requests/1000 letters");
    g.sample_size(20);
    g.bench_function("documentSymbol build", |b| {
        b.iter(|| {
            symbols::outline(&doc.doc())
                .into_iter()
                .map(|s| convert::symbol(s, &p))
                .collect::<Vec<_>>()
        })
    });
    let syms: Vec<_> = symbols::outline(&doc.doc())
        .into_iter()
        .map(|s| convert::symbol(s, &p))
        .collect();
    g.bench_function("documentSymbol to JSON", |b| {
        b.iter(|| {
            let v = serde_json::to_value(&syms).unwrap();
            serde_json::to_vec(&v).unwrap()
        })
    });
    g.bench_function("foldingRange build", |b| {
        b.iter(|| {
            folding::folds(&doc.doc())
                .into_iter()
                .filter_map(|s| convert::fold(s, &p))
                .collect::<Vec<_>>()
        })
    });
    let spans: Vec<Span> = doc
        .analysis
        .model
        .letters
        .iter()
        .flat_map(|l| l.items.iter().map(|i| i.span))
        .collect();
    g.bench_function(format!("position of {} spans", spans.len()), |b| {
        b.iter(|| spans.iter().map(|s| p.range(*s)).collect::<Vec<_>>())
    });
    g.finish();
}

criterion_group!(benches, keystroke, requests);
criterion_main!(benches);
