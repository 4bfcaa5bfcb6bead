//! Time against input size for pathological page shapes, beside a normal
//! page of the same size, in one run: one long line, thousands of jump
//! lines, thousands of tiny blocks, thousands of fragments. Each shape's
//! MB/s should stay flat over the ladder (linear time) and within a constant
//! factor of the normal page's (see benches/README.md).
//!
//! `cargo bench --bench shapes`

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use jiaodui::input::Source;
use jiaodui::{analyze, Lexicon, Options};

/// Body text: the bundled samples' text without markup.
fn body_text() -> String {
    let root = env!("CARGO_MANIFEST_DIR");
    ["samples/issue/p01.md", "samples/issue/p02.md", "samples/tesseract/seed.md"]
        .iter()
        .map(|p| std::fs::read_to_string(format!("{root}/{p}")).unwrap())
        .flat_map(|t| t.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()).map(str::to_string).collect::<Vec<_>>())
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn repeat_to(unit: &str, bytes: usize, sep: &str) -> String {
    let copies = bytes.div_ceil(unit.len() + sep.len()).max(1);
    vec![unit; copies].join(sep)
}

/// A page of about `bytes` bytes of the given shape.
fn shape(name: &str, bytes: usize) -> String {
    let body = body_text();
    match name {
        "normal" => repeat_to(&format!("# 标题\n\n{body}"), bytes, "\n\n"),
        "one_line" => repeat_to(&body.replace('\n', ""), bytes, ""),
        "jump_lines" => repeat_to("本报讯 一段话（下转第二版）\n\n（上接第二版）\n\n（续第三版）", bytes, "\n\n"),
        "tiny_blocks" => {
            let chars: Vec<String> = body.chars().filter(|c| !c.is_whitespace()).map(String::from).collect();
            repeat_to(&chars.join("\n\n"), bytes, "\n\n")
        }
        "fragments" => {
            // Cut every paragraph every 7 characters, as narrow columns do.
            let chars: Vec<char> = body.chars().filter(|c| !c.is_whitespace()).collect();
            let cut: Vec<String> = chars.chunks(7).map(|c| c.iter().collect()).collect();
            repeat_to(&cut.join("\n\n"), bytes, "\n\n")
        }
        _ => unreachable!(),
    }
}

const LADDER: [usize; 3] = [100_000, 400_000, 1_600_000];

fn bench(c: &mut Criterion) {
    let lex = Lexicon::embedded();
    for name in ["normal", "one_line", "jump_lines", "tiny_blocks", "fragments"] {
        let mut group = c.benchmark_group(format!("shape_{name}"));
        group.sample_size(10);
        for size in LADDER {
            let text = shape(name, size);
            group.throughput(Throughput::Bytes(text.len() as u64));
            group.bench_with_input(BenchmarkId::from_parameter(text.len()), &text, |b, text| {
                b.iter(|| {
                    let src = Source::from_bytes("p01.md", text.clone().into_bytes()).unwrap();
                    black_box(analyze(vec![src], vec![Some(1)], &lex, &Options::default()))
                })
            });
        }
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
