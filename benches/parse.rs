//! Benchmark 1: full parse + rules throughput (MB/s, one thread), beside the physical floor of
//! scanning the same bytes for newlines with `memchr`.
//!
//! `cargo bench --bench parse`

mod support;

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use imr_lsp::catalog::Catalog;
use imr_lsp::lsp::document::Document;
use std::time::Duration;

fn workloads() -> Vec<(&'static str, String)> {
    vec![
        ("1 letter", support::one_letter()),
        ("1000 letters", support::many_letters(1000)),
    ]
}

fn throughput(c: &mut Criterion) {
    let catalog = Catalog::embedded();
    for (name, text) in workloads() {
        let mut g = c.benchmark_group(format!("throughput/{name}"));
        g.throughput(Throughput::Bytes(text.len() as u64));
        if text.len() > 1_000_000 {
            g.sample_size(20).measurement_time(Duration::from_secs(8));
        }
        g.bench_function("memchr newline scan (floor)", |b| {
            b.iter(|| memchr::memchr_iter(b'\n', black_box(text.as_bytes())).count())
        });
        g.bench_function("parse", |b| {
            b.iter(|| imr_lsp::parser::parse(black_box(&text)))
        });
        g.bench_function("parse + rules", |b| {
            b.iter(|| {
                let model = imr_lsp::parser::parse(black_box(&text));
                let diags = imr_lsp::rules::check(&model, &text, catalog);
                (model, diags)
            })
        });
        g.bench_function("server open (rope + parse + rules)", |b| {
            b.iter(|| Document::new(black_box(&text), 1))
        });
        g.finish();
    }
}

criterion_group!(benches, throughput);
criterion_main!(benches);
