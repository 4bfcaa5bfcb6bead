//! Print every rejoin candidate of the given page files with its seam score:
//! a tuning aid. `cargo run --release --example rejoin_candidates -- PAGE…`
use jiaodui::input::Source;
use jiaodui::page::Page;
use jiaodui::{rejoin, Lexicon};

fn main() {
    let lex = Lexicon::embedded();
    let pages: Vec<Page> = std::env::args()
        .skip(1)
        .map(|p| {
            let mut page = Page::parse(Source::read(std::path::Path::new(&p)).expect("readable page"));
            // As the pipeline does: headings a plain page does not mark.
            jiaodui::headings::infer(&mut page, &lex, &|_| false);
            page
        })
        .collect();
    let consecutive = vec![false; pages.len()];
    for c in rejoin::candidates(&pages, &consecutive, &lex) {
        if c.adjacent {
            continue;
        }
        let (fp, fb) = c.from;
        let (tp, tb) = c.to;
        let tail: String = pages[fp].content(fb).chars().rev().take(12).collect::<Vec<_>>().into_iter().rev().collect();
        let head: String = pages[tp].content(tb).chars().take(12).collect();
        println!("{}\t{}\t{}\t{:.2}\t{:.2}\t{:.2}\t{}\t{}\t{}\t{}", pages[fp].source.name(), fb, tb, c.weight, c.seam.score, c.topic, tail, head, c.seam.reason, c.seam.telling);
    }
}
