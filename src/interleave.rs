//! Columns read across: OCR engines that return a page's text lines in the
//! order they detect them (PaddleOCR's `rec_texts`, tesseract when its page
//! segmentation fails) print line 1 of column A, line 1 of column B, line 2
//! of column A, … Each line's continuation then sits two to six lines
//! further down, and joining neighbours interleaves the columns.
//!
//! This module recognises such runs of lines, so that rejoin leaves them
//! alone, and reads them in column order where it can ([`deinterleave`]:
//! one block per line, a block whose lines are read across being cut into
//! one block per line first, [`detect_and_split`]); a run it cannot read
//! clearly gets one `interleaved` finding instead of wrong joins.
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
use crate::rejoin::{self, Join};
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

/// The runs of `page` whose columns appear to be read across, after each
/// block whose own lines are read across is split into one block per line
/// where those lines can then be read in column order ([`deinterleave`]).
/// A block whose lines cannot be read so stays whole, and its run is
/// reported as it is found.
pub fn detect_and_split(page: &mut Page, lex: &Lexicon) -> Vec<Interleaved> {
    let runs = detect(page, lex);
    // Pages read from OCR documents take their line order from the page's
    // geometry, and their blocks map onto the document's lines.
    let inside_one_block = |r: &Interleaved| r.blocks.len() == 1 && r.lines > 1;
    if page.source.document.is_some() || !runs.iter().any(inside_one_block) {
        return runs;
    }
    // The runs of the page as last split: each trial starts from the page
    // as split before it, so the last one's runs are the page's.
    let mut split: Option<Vec<Interleaved>> = None;
    for r in runs.iter().rev().filter(|r| inside_one_block(r)) {
        let b = r.blocks.start;
        let lines = page.line_blocks(b);
        let n = lines.len();
        let mut trial = page.clone();
        trial.blocks.splice(b..b + 1, lines);
        let found = detect(&trial, lex);
        let readable = found
            .iter()
            // (The run may leave out a headline over the columns.)
            .any(|t| t.blocks.start <= b + MAX_HEADLINES && b + n <= t.blocks.end && t.blocks.len() == t.lines && deinterleave(&trial, 0, t, lex).is_some());
        if readable {
            *page = trial;
            split = Some(found);
        }
    }
    split.unwrap_or(runs)
}

fn judge(text: &str, lines: &[Line], lex: &Lexicon) -> Option<Interleaved> {
    let lines = &lines[leading_headlines(text, lines)..];
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
    if !(6..=60).contains(&median) || similar * 10 < n * 7 {
        return None;
    }
    // For each line, the distance at which a continuation clearly reads
    // best: its seam reads well, and better than any other by a margin.
    let mut votes = [0usize; MAX_PERIOD + 1];
    let line = |k: usize| &text[lines[k].span.clone()];
    let open: Vec<usize> = (0..n - 1).filter(|&i| !line(i).chars().last().is_some_and(|c| text::ends_paragraph(&c.to_string()))).collect();
    let judged = open.len();
    // The seams of each line to the next few, weighed together.
    let seams: Vec<(&str, &str)> = open.iter().flat_map(|&i| (1..=MAX_PERIOD.min(n - 1 - i)).map(move |k| (line(i), line(i + k)))).collect();
    let mut weighed = rejoin::seam_scores(&seams, lex).into_iter();
    for &i in &open {
        // A head that cannot open a paragraph says the line continues
        // something, not which line: that part of the score is left out.
        let mut scores: Vec<(usize, f64)> = (1..=MAX_PERIOD.min(n - 1 - i))
            .map(|k| {
                let opens_badly = text::opens_badly(line(i + k));
                (k, weighed.next().unwrap_or(f64::NEG_INFINITY) - if opens_badly { rejoin::CANNOT_OPEN_BONUS } else { 0.0 })
            })
            .collect();
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

/// The most lines a headline over the columns takes: a kicker and a title.
const MAX_HEADLINES: usize = 2;

/// How many of the first lines (at most two: a kicker over a title) are the
/// headline over the columns rather than their first row: punctuated as a
/// headline (and not a dateline itself), and clearly shorter than a
/// column's line, which a column's first line is not unless it ends a
/// paragraph. They stay out of the run, so that no column is read on from
/// them and the headline is found as the page's others are. (A headline as
/// long as a column's line stays in the run as its first row; when it has
/// no punctuation at all, [`deinterleave`] joins nothing to it.)
fn leading_headlines(text: &str, lines: &[Line]) -> usize {
    let mut widths: Vec<usize> = lines.iter().map(|l| text[l.span.clone()].chars().count()).collect();
    widths.sort_unstable();
    let Some(&column) = widths.get(widths.len() / 2) else { return 0 };
    let line = |k: usize| &text[lines[k].span.clone()];
    let headline = |k: usize| {
        let t = line(k);
        k + 1 < lines.len() && crate::headings::reads_as_headline(t) && !text::opens_dispatch(t) && t.chars().count() * 10 < column * 9
    };
    (0..MAX_HEADLINES).take_while(|&k| headline(k)).count()
}

/// A seam worse than this counts as this bad in the row decoding, so that
/// one line that reads badly anywhere (a caption, a name) cannot outweigh
/// its neighbours.
const SEAM_FLOOR: f64 = -3.0;
/// What a change in the number of lines per row costs the decoding (twice
/// that for a row longer than the one before): the columns change where one
/// ends early or a headline runs across them.
const ROW_CHANGE: f64 = 4.0;
/// A line that does not end a sentence is joined to the line below it in its
/// column unless their seam reads at least this badly: a column's line that
/// stops mid-sentence nearly always goes on below it, so only a seam that
/// reads clearly wrong says the decoding is off there.
const JOIN_SEAM: f64 = -1.5;
/// The seam a full line that ends a sentence needs to be joined to the next,
/// where there are no paragraph statistics.
const FULL_STOP_SEAM: f64 = 2.0;
/// A full line that ends a sentence ends its paragraph when the next
/// sentence more likely than not opens one.
const PARAGRAPH_BREAK: f64 = 0.5;
/// The decoded rows must explain the run clearly better than the page as
/// printed: the mean seam of the continuations they imply, at least this.
const MIN_MEAN_SEAM: f64 = 1.0;

/// The run read in column order, as joins (one block per line), in
/// reading order: each moves its line to follow the one before, so the
/// page's layout takes the whole order one step at a time.
///
/// Lines read across come in rows: line 1 of each column, then line 2, …,
/// so the line below a line in its column is the one at the same place in
/// the next row. The rows are decoded by dynamic programming over where
/// each row starts and how many lines it has (1 to [`MAX_PERIOD`]; a change
/// costs `ROW_CHANGE`), maximising the seams of the continuations they
/// imply. The reading order is then column by column, each from the top;
/// a line that does not end a paragraph is joined to the next in that order
/// where their seam reads well enough. `None` when the decoding is not
/// clearly better than the page as printed.
pub fn deinterleave(page: &Page, page_index: usize, run: &Interleaved, lex: &Lexicon) -> Option<Vec<Join>> {
    let blocks: Vec<usize> = run.blocks.clone().collect();
    let n = blocks.len();
    if n != run.lines || n < MIN_LINES {
        // Lines inside one block cannot be reordered by moving blocks.
        return None;
    }
    let lines: Vec<&str> = blocks.iter().map(|&b| page.content(b)).collect();
    // A block of lines is read once to tell whether it can be split and
    // again when the split page is analysed: the reading is remembered by
    // the lines' text.
    let key = lines.join("\n");
    let remembered = READINGS.with(|r| r.borrow().iter().find(|e| e.0 == lex.cache_owner() && e.1 == key).map(|e| e.2.clone()));
    let reading = remembered.unwrap_or_else(|| {
        let reading = read_in_column_order(&lines, lex);
        READINGS.with(|r| {
            let mut r = r.borrow_mut();
            if r.len() >= REMEMBERED_READINGS {
                r.remove(0);
            }
            r.push((lex.cache_owner(), key, reading.clone()));
        });
        reading
    });
    let joins = reading?
        .into_iter()
        .map(|(i, j, joined, reason)| Join {
            from: (page_index, blocks[i]),
            to: (page_index, blocks[j]),
            joined,
            moved: Some(blocks[j]..blocks[j] + 1),
            confidence: if joined { crate::edit::confidence::APPLIES } else { crate::edit::confidence::REPORT },
            reason,
        })
        .collect();
    Some(joins)
}

/// A run's lines in column order, as `(line, next line, joined, reason)`
/// in reading order (see [`deinterleave`]).
type Reading = Option<Vec<(usize, usize, bool, String)>>;

/// Runs whose reading each thread remembers.
const REMEMBERED_READINGS: usize = 4;

thread_local! {
    /// The last runs read, by lexicon and the lines' text.
    static READINGS: std::cell::RefCell<Vec<(u64, String, Reading)>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// [`deinterleave`] of the lines of one run (one block each).
fn read_in_column_order(lines: &[&str], lex: &Lexicon) -> Reading {
    let n = lines.len();
    let line = |k: usize| lines[k];
    // A paragraph ends where its line ends a sentence short of the column,
    // or where the line stops well short of it (a column's lines are full
    // but the last of a paragraph: `……新华社北京电）` cut after `电）`).
    let mut widths: Vec<usize> = (0..n).map(|k| line(k).chars().count()).collect();
    widths.sort_unstable();
    let column = widths[n / 2];
    // A full line that ends a sentence may go on: a paragraph ends there
    // only by chance (one line in the column's width).
    let ends: Vec<bool> = (0..n)
        .map(|k| {
            let len = line(k).chars().count();
            (text::ends_paragraph(line(k)) && len < column) || len * 10 < column * 7
        })
        .collect();
    // A line much longer than the column is not a column's line: a headline
    // across the columns, or two lines the engine read as one. Nothing is
    // joined to or from it, but it takes the place of as many columns'
    // lines as its length holds, so that the lines after it in its row
    // keep their columns.
    let alien: Vec<bool> = (0..n).map(|k| line(k).chars().count() * 10 > column * 13).collect();
    let slots: Vec<usize> = (0..n)
        .map(|k| if alien[k] { ((line(k).chars().count() as f64 / column as f64).round() as usize).clamp(1, MAX_PERIOD) } else { 1 })
        .collect();
    // at[k]: the columns the lines before line k take; a line's column in
    // the row starting at line a is at[k] - at[a].
    let mut at = vec![0usize; n + 1];
    for k in 0..n {
        at[k + 1] = at[k] + slots[k];
    }
    // Seams from each open line to the lines 2 to `reach` below: a line and
    // the one below it in its column are a row's length apart, or more
    // where a line of its row takes more than one column's place.
    let reach = MAX_PERIOD + slots.iter().map(|s| s - 1).max().unwrap_or(0).min(MAX_PERIOD);
    let mut seam = vec![vec![0.0f64; reach + 1]; n];
    let pairs: Vec<(usize, usize)> = (0..n).filter(|&i| !ends[i]).flat_map(|i| (2..=reach.min(n - 1 - i)).map(move |d| (i, d))).collect();
    let seams: Vec<(&str, &str)> = pairs.iter().map(|&(i, d)| (line(i), line(i + d))).collect();
    for (&(i, d), score) in pairs.iter().zip(rejoin::seam_scores(&seams, lex)) {
        let opens_badly = text::opens_badly(line(i + d));
        seam[i][d] = score - if opens_badly { rejoin::CANNOT_OPEN_BONUS / 2.0 } else { 0.0 };
    }
    // The seam from line i to line j further down, within reach (the next
    // line is never a column's next: 0 there).
    let seam_to = |i: usize, j: usize| (j > i && j - i <= reach).then(|| seam[i][j - i]);
    let gain = |i: usize, j: usize| if ends[i] { 0.0 } else { seam_to(i, j).unwrap_or(SEAM_FLOOR).max(SEAM_FLOOR) };
    // The lines of row (b, lb) below those of row (a, la): the line whose
    // column is where a line of the row above ends.
    let links = |a: usize, la: usize, b: usize, lb: usize, out: &mut Vec<(usize, usize)>| {
        out.clear();
        let mut y = b;
        for x in a..a + la {
            let end = at[x + 1] - at[a] - 1;
            while y < b + lb && at[y] - at[b] < end {
                y += 1;
            }
            if y < b + lb && at[y] - at[b] == end {
                out.push((x, y));
            }
        }
    };
    let row_width = |a: usize, la: usize| at[a + la] - at[a];
    // best[a][l]: the best score of rows covering lines 0..a + l whose last
    // row starts at a and has l lines; from[a][l]: the length of the row before.
    let width = MAX_PERIOD + 1;
    let mut best = vec![vec![f64::NEG_INFINITY; width]; n + 1];
    let mut from = vec![vec![0usize; width]; n + 1];
    for l in 1..=MAX_PERIOD.min(n) {
        best[0][l] = 0.0;
    }
    let mut linked = Vec::with_capacity(MAX_PERIOD);
    for a in 0..n {
        for la in 1..=MAX_PERIOD {
            if best[a][la] == f64::NEG_INFINITY || a + la > n {
                continue;
            }
            let b = a + la;
            for lb in 1..=MAX_PERIOD.min(n - b) {
                links(a, la, b, lb, &mut linked);
                let pairs: f64 = linked.iter().map(|&(x, y)| gain(x, y)).sum();
                // Columns end as the page goes down, so rows shrink; a row
                // grows only after a line across them (a headline).
                let (wa, wb) = (row_width(a, la), row_width(b, lb));
                let change = if wb < wa { ROW_CHANGE } else if wb > wa { 2.0 * ROW_CHANGE } else { 0.0 };
                let score = best[a][la] + pairs - change;
                if score > best[b][lb] {
                    best[b][lb] = score;
                    from[b][lb] = la;
                }
            }
        }
    }
    // The last row ends at the last line.
    let (mut a, mut l) = (0..n).flat_map(|a| (1..width).map(move |l| (a, l))).filter(|&(a, l)| a + l == n && best[a][l] > f64::NEG_INFINITY).max_by(|x, y| best[x.0][x.1].total_cmp(&best[y.0][y.1]))?;
    let mut rows = vec![(a, l)];
    while a > 0 {
        let prev = from[a][l];
        a -= prev;
        l = prev;
        rows.push((a, l));
    }
    rows.reverse();
    // The line below each line in its column.
    let mut below: Vec<Option<usize>> = vec![None; n];
    for w in rows.windows(2) {
        let ((a, la), (b, lb)) = (w[0], w[1]);
        links(a, la, b, lb, &mut linked);
        for &(x, y) in &linked {
            below[x] = Some(y);
        }
    }
    // Clearly better than as printed: the continuations the rows imply read
    // well on average, and most rows have more than one line.
    let implied: Vec<f64> = (0..n).filter(|&i| !ends[i]).filter_map(|i| below[i].map(|j| seam_to(i, j).unwrap_or(SEAM_FLOOR))).collect();
    let mean = implied.iter().sum::<f64>() / implied.len().max(1) as f64;
    let multi = rows.iter().filter(|r| r.1 >= 2).count();
    if implied.len() < MIN_LINES || mean < MIN_MEAN_SEAM || multi * 2 < rows.len() {
        return None;
    }
    // The reading order: column by column (the lines that start at one
    // column's place in the rows), each from the top, the last line of a
    // column followed by the first of the next. A line is joined to the
    // next in this order when it does not end a paragraph and their seam
    // reads well enough; otherwise the next only follows it.
    let columns = rows.iter().map(|&(a, la)| row_width(a, la)).max().unwrap_or(0);
    let mut order: Vec<usize> = Vec::with_capacity(n);
    // Lines whose column, above them, passes through a line that started in
    // a column before (two columns' lines read as one): the text between
    // is in that line, so nothing is joined across it.
    let mut below_merged = vec![false; n];
    for p in 0..columns {
        let mut crossed = false;
        for &(a, la) in &rows {
            match (a..a + la).find(|&x| at[x] - at[a] == p) {
                Some(x) => {
                    below_merged[x] = crossed;
                    crossed = false;
                    order.push(x);
                }
                None => crossed |= (a..a + la).any(|x| at[x] - at[a] < p && p < at[x + 1] - at[a]),
            }
        }
    }
    if order.len() != n || order[0] != 0 {
        return None;
    }
    let headline_first = crate::headings::reads_as_bare_headline(line(0)) && !text::opens_dispatch(line(0));
    let mut joins = Vec::new();
    for w in order.windows(2) {
        let (i, j) = (w[0], w[1]);
        let score = if ends[i] { f64::NEG_INFINITY } else { seam_to(i, j).filter(|_| j >= i + 2).unwrap_or_else(|| rejoin::seam_score(line(i), line(j), lex)) };
        // After a full stop at the end of a full line, the paragraph goes on
        // unless the next sentence reads as one that opens a paragraph
        // (a sentence ends at a line's end within a paragraph as often as
        // at its end); without statistics, only a head that plainly
        // continues (`，`, a word across) joins.
        let needed = if text::ends_paragraph(line(i)) {
            match line(j).chars().find(|&c| text::is_han(c)).and_then(|c| lex.paragraph_break_probability(c)) {
                Some(p) if p < PARAGRAPH_BREAK => JOIN_SEAM,
                Some(_) => f64::INFINITY,
                None => FULL_STOP_SEAM,
            }
        } else {
            JOIN_SEAM
        };
        // The last line of a column goes on at the top of the next only
        // where their seam reads clearly well: the rows say nothing there.
        let needed = if j < i { needed.max(CLEAR_SEAM) } else { needed };
        // A first line without punctuation that reads as a headline (one
        // as long as a column's line stays in the run, see
        // `leading_headlines`) heads the page: nothing is joined to it.
        let joined = score >= needed && !alien[i] && !alien[j] && !below_merged[j] && !(i == 0 && headline_first);
        let reason = if joined {
            let place = if j > i { format!("the line continues {} lines further down", j - i) } else { format!("the line continues at the top of the next column, {} lines up", i - j) };
            let why = rejoin::seam(line(i), line(j), lex).reason;
            if why.is_empty() { format!("columns read across: {place}") } else { format!("columns read across: {place}; {why}") }
        } else {
            "columns read across: the next line of the column in reading order".to_string()
        };
        joins.push((i, j, joined, reason));
    }
    Some(joins)
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

    /// The analysis of `text` as page 1, and the paragraphs `fix` writes.
    fn fixed_paragraphs(text: &str, lex: &Lexicon) -> (crate::Analysis, Vec<String>) {
        let source = Source::from_bytes("p01.md", text.as_bytes().to_vec()).unwrap();
        let analysis = crate::analyze(vec![source], vec![Some(1)], lex, &crate::Options::default());
        let fixed = crate::report::fixed_pages(&analysis, crate::report::Selection { min_confidence: 0.9 });
        let paragraphs = fixed[0].split("\n\n").map(str::trim).filter(|p| !p.is_empty()).map(String::from).collect();
        (analysis, paragraphs)
    }

    #[test]
    fn columns_read_across_are_read_in_column_order() {
        let lex = Lexicon::embedded();
        for width in [12, 16, 20] {
            // One block per line, and all lines in one block (cut into lines).
            for sep in ["\n\n", "\n"] {
                let (analysis, paragraphs) = fixed_paragraphs(&(across(&columns(width)).join(sep) + "\n"), &lex);
                assert!(!analysis.edits.iter().any(|e| e.kind == crate::EditKind::Interleaved), "width {width}, {sep:?}: read, not only reported");
                // Each story is one paragraph again, in the order of the columns.
                assert_eq!(paragraphs, STORIES.to_vec(), "width {width}, {sep:?}");
            }
        }
    }

    #[test]
    fn a_line_read_across_two_columns_leaves_the_others_in_theirs() {
        let lex = Lexicon::embedded();
        for width in [12, 16] {
            let cols = columns(width);
            let rows = cols.iter().map(Vec::len).max().unwrap();
            // In the second row the engine read the first two columns'
            // lines as one line.
            let mut lines = Vec::new();
            for r in 0..rows {
                if r == 1 {
                    lines.push(format!("{}{}", cols[0][1], cols[1][1]));
                    lines.push(cols[2][1].clone());
                } else {
                    lines.extend(cols.iter().filter_map(|c| c.get(r).cloned()));
                }
            }
            let (_, paragraphs) = fixed_paragraphs(&(lines.join("\n\n") + "\n"), &lex);
            assert!(paragraphs.iter().any(|p| p == STORIES[2]), "width {width}: the third column is read whole: {paragraphs:#?}");
            // Nothing from the second column is joined into the first's story.
            let first = paragraphs.iter().find(|p| p.starts_with(&cols[0][0])).unwrap();
            assert!(!first.contains(&cols[1][2]), "width {width}: {first}");
            // Nor is the second column read on past the line that holds its
            // second line: the text between is in that line.
            let skipped = format!("{}{}", cols[1][0], cols[1][2]);
            assert!(!paragraphs.iter().any(|p| p.contains(&skipped)), "width {width}: {paragraphs:#?}");
        }
    }

    #[test]
    fn lines_inside_one_block_that_cannot_be_read_are_only_reported() {
        let lex = Lexicon::embedded();
        // Two columns read across, and then shuffled as no reading order
        // explains (the right column's second line printed last):
        // recognised, but not read clearly enough to move lines.
        let cols = &columns(19)[..2];
        let order = [(0, 0), (1, 0), (0, 1), (1, 2), (0, 2), (1, 3), (0, 3), (1, 1)];
        let lines: Vec<String> = order.iter().map(|&(c, r)| cols[c][r].clone()).collect();
        let text = lines.join("\n") + "\n";
        let source = Source::from_bytes("p01.md", text.as_bytes().to_vec()).unwrap();
        let analysis = crate::analyze(vec![source], vec![Some(1)], &lex, &crate::Options::default());
        assert!(analysis.edits.iter().any(|e| e.kind == crate::EditKind::Interleaved), "{:?}", analysis.edits);
        let fixed = crate::report::fixed_pages(&analysis, crate::report::Selection { min_confidence: 0.9 });
        assert_eq!(fixed[0], text, "nothing joined or moved");
        assert_eq!(analysis.pages[0].blocks.len(), 1, "the block stays whole");
    }

    #[test]
    fn a_headline_over_the_columns_stays_out_of_them() {
        let lex = Lexicon::embedded();
        // Written for this test: a headline shorter than a column, alone and
        // over a dateline.
        for (headline, dateline) in [("城乡公交一体化改革见成效", ""), ("公交一体化改革见成效", "本报北京1月5日讯记者王某报道")] {
            for width in [16, 20] {
                let mut cols = columns(width);
                if !dateline.is_empty() {
                    cols[0].insert(0, dateline.to_string());
                }
                let lines: Vec<String> = std::iter::once(headline.to_string()).chain(across(&cols)).collect();
                for sep in ["\n\n", "\n"] {
                    let (_, paragraphs) = fixed_paragraphs(&(lines.join(sep) + "\n"), &lex);
                    assert_eq!(paragraphs.first().map(String::as_str), Some(headline), "{headline}, width {width}, {sep:?}: {paragraphs:#?}");
                    for story in &STORIES[1..] {
                        assert!(paragraphs.iter().any(|p| p == story), "{headline}, width {width}, {sep:?}: {paragraphs:#?}");
                    }
                }
            }
        }
    }

    #[test]
    fn a_headline_as_long_as_a_column_line_is_read_with_the_rows_but_not_joined() {
        let lex = Lexicon::embedded();
        // Written for this test: headlines as long as a column's line, so
        // the first row holds them; the first column's story must not be
        // run on from them.
        for (headline, width) in [("城乡公交一体化改革让群众出行更方便", 16), ("城乡公交一体化改革让全市群众出行更加方便", 20)] {
            let lines: Vec<String> = std::iter::once(headline.to_string()).chain(across(&columns(width))).collect();
            for sep in ["\n\n", "\n"] {
                let (_, paragraphs) = fixed_paragraphs(&(lines.join(sep) + "\n"), &lex);
                assert!(!paragraphs.iter().any(|p| p.starts_with(headline) && p.len() > headline.len()), "{headline}, {sep:?}: {paragraphs:#?}");
                assert!(paragraphs.iter().any(|p| p == headline), "{headline}, {sep:?}: {paragraphs:#?}");
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
