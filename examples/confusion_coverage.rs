//! How many of an engine's substitutions jiaodui could repair at all: the
//! share whose right character is among the candidates of the printed one
//! (look-alikes, both engines' confusions, characters sharing a rare
//! component). No judge can flag the rest, so this bounds recall.
//! `python3 scripts/ocr_readings.py score READINGS --pairs SUBS.tsv`, then
//! `cargo run --release --example confusion_coverage < SUBS.tsv`
//! (one `printed<TAB>truth` line per substitution).
use std::io::BufRead;

fn main() {
    let lex = jiaodui::Lexicon::embedded();
    let (mut all, mut covered) = (0usize, 0usize);
    for line in std::io::stdin().lock().lines() {
        let line = line.expect("UTF-8 input");
        let mut chars = line.split('\t').filter_map(|f| f.chars().next());
        let (Some(printed), Some(truth)) = (chars.next(), chars.next()) else { continue };
        all += 1;
        covered += lex.confusion_candidates(printed).iter().any(|c| c.y == truth) as usize;
    }
    let share = if all > 0 { covered as f64 / all as f64 } else { 0.0 };
    println!("{covered} of {all} substitutions ({share:.3}) have the right character among the candidates");
}
