//! Criterion benches: each stage and the whole pipeline on the sample page.
//!
//! Run with `cargo bench --bench pipeline`. Figures are only comparable within one run
//! (the machine is shared): read them as ratios between stages.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use ocrclean::{blocks, decode, furniture, model::Document, passes, tables, Options};

const SAMPLE: &[u8] = include_bytes!("../fixtures/000_a449235f6b97e50b.txt");

/// Each stage on its own, fed by the stages before it.
fn stages(c: &mut Criterion) {
    let mut group = c.benchmark_group("stage");
    group.throughput(Throughput::Bytes(SAMPLE.len() as u64));
    let decoded = decode::decode(SAMPLE, None).expect("sample decodes");
    let stripped = furniture::strip(&decoded.text);
    let mut doc = Document::default();
    let reading = passes::reconcile(&stripped, &mut doc);
    let page_blocks = blocks::segment(&reading, &mut Document::default());

    group.bench_function("decode", |b| b.iter(|| decode::decode(SAMPLE, None)));
    group.bench_function("furniture", |b| b.iter(|| furniture::strip(&decoded.text)));
    group.bench_function("passes", |b| {
        b.iter(|| passes::reconcile(&stripped, &mut Document::default()))
    });
    group.bench_function("blocks", |b| {
        b.iter(|| blocks::segment(&reading, &mut Document::default()))
    });
    group.bench_function("tables", |b| {
        b.iter(|| page_blocks.tables.iter().map(tables::rebuild).count())
    });
    group.finish();
}

/// The whole pipeline, bytes in, document out.
fn whole(c: &mut Criterion) {
    let mut group = c.benchmark_group("pipeline");
    group.throughput(Throughput::Bytes(SAMPLE.len() as u64));
    group.bench_with_input(BenchmarkId::new("convert", "sample"), SAMPLE, |b, bytes| {
        b.iter(|| ocrclean::convert("sample", bytes, &Options::default()))
    });
    group.finish();
}

criterion_group!(benches, stages, whole);
criterion_main!(benches);
