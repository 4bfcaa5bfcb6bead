//! Print every block of an issue's pages with the kind the pipeline gave it
//! (a tuning aid for heading inference on unmarked pages).
//! `cargo run --release --example page_blocks -- PAGE…`
use jiaodui::input::Source;
use jiaodui::{analyze, rejoin, Lexicon, Options};

fn main() {
    let lex = Lexicon::embedded();
    let paths: Vec<String> = std::env::args().skip(1).collect();
    let sources: Vec<Source> = paths.iter().map(|p| Source::read(std::path::Path::new(p)).expect("readable page")).collect();
    let numbers = (1..=sources.len() as u32).map(Some).collect();
    let analysis = analyze(sources, numbers, &lex, &Options::default());
    for (path, page) in paths.iter().zip(&analysis.pages) {
        for (i, b) in page.blocks.iter().enumerate() {
            let head: String = page.content(i).chars().take(24).collect();
            // How the block's end reads into the next block's start.
            let (ratio, seam) = match page.blocks.get(i + 1) {
                Some(_) => (
                    rejoin::sentence_break_ratio(page.content(i), page.content(i + 1), &lex).map_or("-".into(), |r| format!("{r:.2}")),
                    format!("{:.2}", rejoin::seam(page.content(i), page.content(i + 1), &lex).score),
                ),
                None => ("-".into(), "-".into()),
            };
            let topic = if b.kind == jiaodui::page::BlockKind::Title { format!("{:.1}", jiaodui::headings::topic_continuity(page, i, &lex)) } else { "-".into() };
            println!("{path}\t{i}\t{:?}\t{ratio}\t{seam}\t{topic}\t{head}", b.kind);
        }
    }
}
