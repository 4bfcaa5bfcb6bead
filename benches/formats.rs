//! OCR documents: the throughput of reading ALTO and hOCR (MB/s of XML) over
//! a size ladder, and of the whole check of one ALTO page beside the same
//! page's text as a plain page (the reference in the same run: the
//! difference is what reading the XML adds).
//!
//! `cargo bench --bench formats`. Documents are built at bench time from the
//! fixtures in `tests/fixtures/formats/` (the page's text blocks repeated,
//! further down the page each time), so no large file is committed.

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use jiaodui::input::Source;
use jiaodui::{Issue, Proofreader};

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/fixtures/formats/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// The document with the content between `open` and `close` repeated
/// `copies` times, each copy `step` pixels lower (ids made unique).
fn repeated(doc: &str, open: &str, close: &str, copies: usize, step: u32) -> String {
    let a = doc.find(open).unwrap();
    let a = doc[a..].find('>').unwrap() + a + 1;
    let b = doc.rfind(close).unwrap();
    let inner = &doc[a..b];
    let mut out = String::with_capacity(doc.len() * copies);
    out.push_str(&doc[..a]);
    let positions = regex::Regex::new(r#"(VPOS=")(\d+)"|(bbox \d+ )(\d+)( \d+ )(\d+)"#).unwrap();
    for k in 0..copies {
        let shifted = positions.replace_all(inner, |c: &regex::Captures| {
            let down = k as u32 * step;
            match (c.get(2), c.get(4), c.get(6)) {
                (Some(v), _, _) => format!("VPOS=\"{}\"", v.as_str().parse::<u32>().unwrap() + down),
                (_, Some(y0), Some(y1)) => format!("{}{}{}{}", &c[3], y0.as_str().parse::<u32>().unwrap() + down, &c[5], y1.as_str().parse::<u32>().unwrap() + down),
                _ => c[0].to_string(),
            }
        });
        out.push_str(&shifted.replace("ID=\"", &format!("ID=\"k{k}_")).replace("id='", &format!("id='k{k}_")));
    }
    out.push_str(&doc[b..]);
    out
}

fn bench(c: &mut Criterion) {
    let alto = fixture("p02.xml");
    let hocr = fixture("p02.hocr");
    for (name, doc, open, close) in [("read_alto", &alto, "<PrintSpace", "</PrintSpace>"), ("read_hocr", &hocr, "<div class='ocr_page'", "</div>\n </body>")] {
        let mut group = c.benchmark_group(name);
        group.sample_size(10);
        for copies in [1, 16, 160] {
            let xml = repeated(doc, open, close, copies, 800);
            group.throughput(Throughput::Bytes(xml.len() as u64));
            group.bench_with_input(BenchmarkId::from_parameter(xml.len()), &xml, |b, xml| b.iter(|| black_box(Source::from_bytes("bench.xml", xml.clone().into_bytes()).unwrap())));
        }
        group.finish();
    }

    // One page end to end, as ALTO and as the text it holds.
    let proofreader = Proofreader::new();
    let view = Source::from_bytes("p02.xml", alto.clone().into_bytes()).unwrap().text;
    let mut group = c.benchmark_group("check_page");
    group.sample_size(20);
    group.throughput(Throughput::Bytes(alto.len() as u64));
    group.bench_function("alto", |b| {
        b.iter(|| {
            let mut issue = Issue::new();
            issue.add_bytes("p02.xml", alto.clone().into_bytes(), None).unwrap();
            black_box(proofreader.findings(&proofreader.analyze(issue)))
        })
    });
    group.bench_function("same_text_as_a_text_page", |b| {
        b.iter(|| {
            let mut issue = Issue::new();
            issue.add_text("p02.md", view.clone()).unwrap();
            black_box(proofreader.findings(&proofreader.analyze(issue)))
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
