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
                    rejoin::boundary_ratio(page.content(i), page.content(i + 1), &lex).map_or("-".into(), |r| format!("{r:.2}")),
                    format!("{:.2}", rejoin::seam(page.content(i), page.content(i + 1), &lex).score),
                ),
                None => ("-".into(), "-".into()),
            };
            use jiaodui::page::BlockKind;
            let topic = if matches!(b.kind, BlockKind::Title | BlockKind::Subhead) {
                // Variants: the text back to the previous title (not stopping at subheads), up to 12 blocks.
                let before: String = (0..i).rev().take_while(|&k| !matches!(page.blocks[k].kind, BlockKind::Title | BlockKind::Kicker)).filter(|&k| page.blocks[k].kind == BlockKind::Body).take(12).map(|k| page.content(k)).collect();
                let after: String = (i + 1..page.blocks.len()).take_while(|&k| !matches!(page.blocks[k].kind, BlockKind::Title | BlockKind::Kicker | BlockKind::Subhead)).filter(|&k| page.blocks[k].kind == BlockKind::Body).take(4).map(|k| page.content(k)).collect();
                let title_after = lex.topic_overlap(page.content(i), &after).0;
                let title_before = lex.topic_overlap(page.content(i), &before).0;
                format!("{:.1},{:.1},{:.1},{:.1},{},{}", jiaodui::headings::topic_continuity(page, i, &lex), lex.topic_overlap(&before, &after).0, title_after, title_before, before.chars().count(), after.chars().count())
            } else { "-".into() };
            let tail: Vec<char> = page.content(i).trim_end().chars().rev().take(2).collect();
            let end = match tail[..] {
                [a2, a1] => lex.sentence_end_ratio([a1, a2]).map_or("-".into(), |r| format!("{r:.2}")),
                _ => "-".into(),
            };
            println!("{path}\t{i}\t{:?}\t{ratio}\t{seam}\t{topic}\t{head}\t{end}", b.kind);
        }
    }
}
