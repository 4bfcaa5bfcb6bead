//! Throughput over a size ladder: lexicon load, rejoin alone, and the whole
//! analysis of one ever-larger page. Pages are built at bench time by
//! repeating the bundled samples (each copy keeps its fragments, interleaved
//! runs and jump lines), so no large file is committed.
//!
//! `cargo bench --bench pipeline`; criterion prints MB/s per rung. Compare
//! rungs with each other (they share the run): a flat MB/s across the ladder
//! means linear time.

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use jiaodui::input::Source;
use jiaodui::page::Page;
use jiaodui::{analyze, rejoin, typos, Lexicon, Options};

fn sample_text() -> String {
    let root = env!("CARGO_MANIFEST_DIR");
    ["samples/seed/000_824fbaa4bb4ad28b.txt", "samples/issue/p01.md", "samples/issue/p02.md"]
        .iter()
        .map(|p| std::fs::read_to_string(format!("{root}/{p}")).unwrap())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// A page of at least `bytes` bytes made of whole copies of the samples.
fn page_of(bytes: usize) -> String {
    let unit = sample_text();
    let copies = bytes.div_ceil(unit.len()).max(1);
    vec![unit; copies].join("\n\n")
}

const LADDER: [usize; 4] = [5_000, 50_000, 500_000, 2_000_000];

fn bench(c: &mut Criterion) {
    c.bench_function("lexicon_load", |b| b.iter(|| black_box(Lexicon::embedded())));

    let lex = Lexicon::embedded();
    let mut group = c.benchmark_group("parse");
    for size in LADDER {
        let text = page_of(size);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(text.len()), &text, |b, text| {
            b.iter(|| black_box(Page::parse(Source::from_bytes("bench.md", text.clone().into_bytes()).unwrap())))
        });
    }
    group.finish();

    let mut group = c.benchmark_group("typos");
    group.sample_size(10);
    for size in LADDER {
        let text = page_of(size);
        let page = Page::parse(Source::from_bytes("bench.md", text.clone().into_bytes()).unwrap());
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(text.len()), &page, |b, page| b.iter(|| black_box(typos::detect(page, 0, &lex))));
    }
    group.finish();

    let mut group = c.benchmark_group("rejoin");
    group.sample_size(10);
    for size in LADDER {
        let text = page_of(size);
        let page = Page::parse(Source::from_bytes("bench.md", text.clone().into_bytes()).unwrap());
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(text.len()), &page, |b, page| {
            b.iter(|| black_box(rejoin::plan(std::slice::from_ref(page), &[None], &lex)))
        });
    }
    group.finish();

    let mut group = c.benchmark_group("analyze");
    group.sample_size(10);
    for size in LADDER {
        let text = page_of(size);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(text.len()), &text, |b, text| {
            b.iter(|| {
                let src = Source::from_bytes("bench.md", text.clone().into_bytes()).unwrap();
                black_box(analyze(vec![src], vec![None], &lex, &Options::default()))
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
