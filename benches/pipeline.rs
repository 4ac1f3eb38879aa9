//! Criterion benches: each stage and the whole pipeline on the sample page, and on
//! generated pages of about 1×, 4× and 16× the sample's length, so that the growth of cost
//! with page length shows (linear growth = the same MiB/s at every length).
//!
//! Run with `cargo bench --bench pipeline` (about two minutes); one group with
//! `cargo bench --bench pipeline -- scaled/convert`. Figures are only comparable within one
//! run (the machine is shared): read them as ratios between stages and between lengths.
//!
//! Groups (each reports MiB/s of page input through `Throughput::Bytes`):
//! - `stage/…` and `pipeline/convert/sample`: the bundled sample page (7.7 KB);
//! - `scaled/convert/{1x,4x,16x}`: the whole pipeline on a set of generated pages of about
//!   that many times the sample's length each, `16/N` pages per set (so every set holds
//!   about 16 sample-lengths of input);
//! - `scaled/{decode,furniture,passes,blocks,tables,output}/{1x,4x,16x}`: each stage on
//!   the same sets, fed by the stages before it (`output` = the JSONL line).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use ocrclean::handoff::{Reading, Stripped, TableSource};
use ocrclean::{blocks, decode, furniture, model::Document, output, passes, tables, Options};
use ocrclean_synth::{generate_with, PageSpec};
use std::hint::black_box;
use std::time::Duration;

const SAMPLE: &[u8] = include_bytes!("../fixtures/000_a449235f6b97e50b.txt");

/// Each stage on its own, fed by the stages before it.
fn stages(c: &mut Criterion) {
    let mut group = c.benchmark_group("stage");
    group.throughput(Throughput::Bytes(SAMPLE.len() as u64));
    let decoded = decode::decode(SAMPLE, None).expect("sample decodes");
    let stripped = furniture::strip(&decoded.text);
    let reading = passes::reconcile(&stripped).reading;
    let page_blocks = blocks::segment(&reading);
    let converted = ocrclean::convert("sample", SAMPLE, &Options::default()).expect("converts");

    group.bench_function("decode", |b| b.iter(|| decode::decode(SAMPLE, None)));
    group.bench_function("furniture", |b| b.iter(|| furniture::strip(&decoded.text)));
    group.bench_function("passes", |b| b.iter(|| passes::reconcile(&stripped)));
    group.bench_function("blocks", |b| b.iter(|| blocks::segment(&reading)));
    group.bench_function("tables", |b| {
        b.iter(|| {
            for t in &page_blocks.tables {
                black_box(tables::rebuild(&t.source));
            }
        })
    });
    group.bench_function("output", |b| b.iter(|| output::to_jsonl_line(&converted)));
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

/// The lengths measured, in sample lengths.
const SCALES: [u32; 3] = [1, 4, 16];

/// A set of generated pages of about `times` the sample's length each, `16 / times` of
/// them: for each, the page among 40 seeds (both renderings, at least one table) whose
/// length is nearest the target. A default generated page is about half the sample's
/// length, so the generator's scale is `2 × times`.
fn page_set(times: u32) -> Vec<Vec<u8>> {
    let target = SAMPLE.len() * times as usize;
    let mut candidates: Vec<Vec<u8>> = (0..40)
        .map(|seed| generate_with(&PageSpec::scaled(seed, 2 * times)))
        .filter(|p| p.features.both_passes && p.features.tables > 0)
        .map(|p| p.bytes)
        .collect();
    candidates.sort_by_key(|b| b.len().abs_diff(target));
    candidates.truncate((16 / times) as usize);
    candidates
}

/// What each stage needs, computed once per page by the stages before it.
struct Prepared {
    bytes: Vec<u8>,
    text: String,
    stripped: Stripped,
    reading: Reading,
    tables: Vec<TableSource>,
    doc: Document,
}

fn prepare(bytes: Vec<u8>) -> Prepared {
    let text = decode::decode(&bytes, None).expect("decodes").text;
    let stripped = furniture::strip(&text);
    let reading = passes::reconcile(&stripped).reading;
    let tables = blocks::segment(&reading)
        .tables
        .into_iter()
        .map(|t| t.source)
        .collect();
    let doc = ocrclean::convert("page", &bytes, &Options::default()).expect("converts");
    Prepared {
        bytes,
        text,
        stripped,
        reading,
        tables,
        doc,
    }
}

/// The whole pipeline and each stage on page sets of 1×, 4× and 16× the sample's length.
fn scaled(c: &mut Criterion) {
    let sets: Vec<(String, Vec<Prepared>, u64)> = SCALES
        .iter()
        .map(|&times| {
            let pages: Vec<Prepared> = page_set(times).into_iter().map(prepare).collect();
            let bytes = pages.iter().map(|p| p.bytes.len() as u64).sum();
            (format!("{times}x"), pages, bytes)
        })
        .collect();
    type Stage = fn(&Prepared);
    let stages: [(&str, Stage); 7] = [
        ("convert", |p| {
            black_box(ocrclean::convert("page", &p.bytes, &Options::default()).ok());
        }),
        ("decode", |p| {
            black_box(decode::decode(&p.bytes, None).ok());
        }),
        ("furniture", |p| {
            black_box(furniture::strip(&p.text));
        }),
        ("passes", |p| {
            black_box(passes::reconcile(&p.stripped));
        }),
        ("blocks", |p| {
            black_box(blocks::segment(&p.reading));
        }),
        ("tables", |p| {
            for t in &p.tables {
                black_box(tables::rebuild(t));
            }
        }),
        ("output", |p| {
            black_box(output::to_jsonl_line(&p.doc));
        }),
    ];
    for (stage, run) in stages {
        let mut group = c.benchmark_group(format!("scaled/{stage}"));
        for (name, pages, bytes) in &sets {
            group.throughput(Throughput::Bytes(*bytes));
            group.bench_with_input(BenchmarkId::from_parameter(name), pages, |b, pages| {
                b.iter(|| pages.iter().for_each(run))
            });
        }
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    targets = stages, whole, scaled
}
criterion_main!(benches);
