//! Print every run that may belong to an earlier article (a tuning aid).
//! `cargo run --release --example stray_runs -- PAGE…`
use jiaodui::input::Source;
use jiaodui::page::Page;
use jiaodui::{rejoin, Lexicon};

fn main() {
    let lex = Lexicon::embedded();
    for p in std::env::args().skip(1) {
        let page = Page::parse(Source::read(std::path::Path::new(&p)).expect("readable page"));
        for r in rejoin::stray_runs(&page, &lex, &|_| None) {
            let head: String = page.content(r.start).chars().take(14).collect();
            println!("{}\t{}\t{}\t{}\t{:.1}\t{:.1}\t{:.1}\t{}\t{}", p, r.host_last, r.start, r.end, r.host_topic, r.own_topic, r.rarest, head, r.shared.join("、"));
        }
    }
}
