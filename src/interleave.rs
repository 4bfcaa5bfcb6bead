//! Columns read across: OCR engines that return a page's text lines in the
//! order they detect them (PaddleOCR's `rec_texts`, tesseract when its page
//! segmentation fails) print line 1 of column A, line 1 of column B, line 2
//! of column A, … Each line's continuation then sits two to six lines
//! further down, and joining neighbours interleaves the columns.
//!
//! This module recognises such runs of lines, so that rejoin leaves them
//! alone and the page gets one `interleaved` finding instead of wrong joins.
//! It does not reorder them (that needs a layout-aware reading).
//!
//! A run is a stretch of at least [`MIN_LINES`] lines of similar length:
//! consecutive one-line body blocks, or the lines of one block. For each
//! line that does not end a sentence, the seam to each of the next
//! [`MAX_PERIOD`] lines is scored as rejoin scores a seam; the line whose
//! seam reads best, when it reads clearly well, is a vote for that distance.
//! The run is interleaved when nearly all votes go to distances of 2 or
//! more (the distance changes where a column ends early) and few to the
//! next line.

use crate::lexicon::Lexicon;
use crate::page::{BlockKind, Page};
use crate::rejoin;
use crate::text;
use std::ops::Range;

/// Lines a run needs before it can be judged.
pub const MIN_LINES: usize = 6;
/// The most columns read across that are considered.
pub const MAX_PERIOD: usize = 6;
/// A seam that reads at least this well is a vote.
const CLEAR_SEAM: f64 = 1.5;
/// Votes a verdict needs.
const MIN_VOTES: usize = 3;
/// How much better than any other the best seam of a line must read.
const MARGIN: f64 = 1.0;

/// A run of lines whose columns appear to be read across.
#[derive(Debug, Clone, PartialEq)]
pub struct Interleaved {
    /// The blocks the run covers (one block, for lines inside a block).
    pub blocks: Range<usize>,
    /// Bytes of the page the run covers.
    pub span: Range<usize>,
    pub lines: usize,
    /// The most common distance from a line to its continuation: the
    /// number of columns read across.
    pub period: usize,
    /// Lines whose continuation was found at that distance, of those judged.
    pub votes: usize,
    pub judged: usize,
}

/// One line of a run: its block and its bytes on the page.
struct Line {
    block: usize,
    span: Range<usize>,
}

/// The runs of `page` whose columns appear to be read across.
pub fn detect(page: &Page, lex: &Lexicon) -> Vec<Interleaved> {
    let mut out = Vec::new();
    let text = page.text();
    // Layout 1: one block per line.
    let mut run: Vec<Line> = Vec::new();
    let flush = |run: &mut Vec<Line>, out: &mut Vec<Interleaved>| {
        if let Some(found) = judge(text, run, lex) {
            out.push(found);
        }
        run.clear();
    };
    for (i, b) in page.blocks.iter().enumerate() {
        let one_line = !text[b.content.clone()].contains('\n');
        // Plain lines only: a marked heading, a comment or a jump line ends
        // a run, but a line that merely reads like a byline or a caption
        // (`本报北京１月１３日讯记者贾西平从国家新药研究`, cut by the column)
        // does not.
        let plain = matches!(b.kind, BlockKind::Body | BlockKind::Byline | BlockKind::Caption);
        if plain && one_line && !b.ignored && !b.content.is_empty() {
            run.push(Line { block: i, span: b.content.clone() });
        } else {
            flush(&mut run, &mut out);
        }
        // Layout 2: many lines in one block.
        if b.kind == BlockKind::Body && !one_line && !b.ignored {
            let mut lines = Vec::new();
            let mut at = b.content.start;
            for l in text[b.content.clone()].split_inclusive('\n') {
                let body = l.trim_end_matches(['\n', '\r']);
                let lead = body.len() - body.trim_start().len();
                let trimmed = body.trim();
                if !trimmed.is_empty() {
                    lines.push(Line { block: i, span: at + lead..at + lead + trimmed.len() });
                }
                at += l.len();
            }
            if let Some(found) = judge(text, &lines, lex) {
                out.push(found);
            }
        }
    }
    flush(&mut run, &mut out);
    out
}

fn judge(text: &str, lines: &[Line], lex: &Lexicon) -> Option<Interleaved> {
    let n = lines.len();
    if n < MIN_LINES {
        return None;
    }
    // Lines of a column are of one length, but for paragraph ends.
    let mut lengths: Vec<usize> = lines.iter().map(|l| text[l.span.clone()].chars().count()).collect();
    let widths = lengths.clone();
    lengths.sort_unstable();
    let median = lengths[n / 2];
    let similar = widths.iter().filter(|&&w| w * 2 >= median && w * 10 <= median * 13).count();
    if median < 6 || median > 60 || similar * 10 < n * 7 {
        return None;
    }
    // For each line, the distance at which a continuation clearly reads
    // best: its seam reads well, and better than any other by a margin.
    let mut votes = [0usize; MAX_PERIOD + 1];
    let mut judged = 0;
    for i in 0..n - 1 {
        let tail = &text[lines[i].span.clone()];
        if tail.chars().last().is_some_and(|c| text::ends_paragraph(&c.to_string())) {
            continue;
        }
        judged += 1;
        // A head that cannot open a paragraph says the line continues
        // something, not which line: that part of the score is left out.
        let score = |head: &str| {
            let opens_badly = head.chars().next().is_some_and(text::cannot_start_paragraph);
            rejoin::seam(tail, head, lex).score - if opens_badly { rejoin::CANNOT_OPEN_BONUS } else { 0.0 }
        };
        let mut scores: Vec<(usize, f64)> = (1..=MAX_PERIOD.min(n - 1 - i)).map(|k| (k, score(&text[lines[i + k].span.clone()]))).collect();
        scores.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let runner_up = scores.get(1).map_or(f64::NEG_INFINITY, |s| s.1);
        if scores[0].1 >= CLEAR_SEAM && scores[0].1 - runner_up >= MARGIN {
            votes[scores[0].0] += 1;
        }
    }
    let (period, &top) = votes.iter().enumerate().skip(2).max_by_key(|&(k, v)| (*v, std::cmp::Reverse(k)))?;
    // Nearly every clear continuation is further down than the next line
    // (the distance may change down the page, as columns end early), and
    // far fewer lines continue on the next one than at the commonest distance.
    let total: usize = votes.iter().sum();
    let further: usize = votes[2..].iter().sum();
    let interleaved = top >= MIN_VOTES && further * 5 >= total * 4 && votes[1] * 3 <= top;
    interleaved.then(|| Interleaved {
        blocks: lines[0].block..lines[n - 1].block + 1,
        span: lines[0].span.start..lines[n - 1].span.end,
        lines: n,
        period,
        votes: top,
        judged,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Source;

    /// Written for this test: three stories, each set in a column of lines.
    const STORIES: [&str; 3] = [
        "今年以来，全市推进城乡公交一体化改革，新开通农村公交线路二十六条，实现了行政村公交全覆盖。记者近日走访发现，乡村群众的出行条件明显改善，许多村民坐上公交进城办事。",
        "据市园林部门介绍，明年该市还将新建公园十二座、绿道八十公里，并对老旧公园进行提升改造，让市民出门就能见到绿色，在家门口享受休闲生活的乐趣。",
        "会议强调，要坚持问题导向，把各项惠民措施落到实处，切实解决群众最关心最直接最现实的利益问题，不断增强人民群众的获得感幸福感安全感。",
    ];

    fn columns(width: usize) -> Vec<Vec<String>> {
        STORIES.iter().map(|s| s.chars().collect::<Vec<_>>().chunks(width).map(|c| c.iter().collect()).collect()).collect()
    }

    /// Lines read across the columns: line 1 of each column, then line 2, …
    fn across(cols: &[Vec<String>]) -> Vec<String> {
        let rows = cols.iter().map(Vec::len).max().unwrap();
        (0..rows).flat_map(|r| cols.iter().filter_map(move |c| c.get(r).cloned())).collect()
    }

    fn page(text: &str) -> Page {
        Page::parse(Source::from_bytes("p01.md", text.as_bytes().to_vec()).unwrap())
    }

    #[test]
    fn columns_read_across_are_recognised() {
        let lex = Lexicon::embedded();
        for width in [12, 16, 20] {
            let lines = across(&columns(width));
            // One block per line, and all lines in one block.
            for sep in ["\n\n", "\n"] {
                let found = detect(&page(&lines.join(sep)), &lex);
                assert_eq!(found.len(), 1, "width {width}, separator {sep:?}: {found:?}");
                assert_eq!(found[0].period, 3, "{found:?}");
            }
        }
    }

    #[test]
    fn columns_in_reading_order_are_not() {
        let lex = Lexicon::embedded();
        for width in [12, 16, 20] {
            let lines: Vec<String> = columns(width).concat();
            for sep in ["\n\n", "\n"] {
                assert!(detect(&page(&lines.join(sep)), &lex).is_empty(), "width {width}, separator {sep:?}");
            }
        }
    }
}
