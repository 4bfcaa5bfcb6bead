//! The page's type grid, read back from where its columns cut paragraphs.
//!
//! A newspaper sets its body text on a grid: every line of a column holds
//! the same number of characters, and every column the same number of
//! lines. A paragraph cut at a column's foot fills its last line there; one
//! that ends on its own fills it only by chance, about once in as many
//! paragraphs as a line has characters. OCR keeps neither the lines nor the
//! columns, but the blocks tell them: a block that stops mid-sentence was cut
//! by a column's foot, so it is whole lines (its length a multiple of the
//! line's width), and the lines from the top of an article's text, or from
//! one such cut, to the next fill a column.
//!
//! With the grid read, a block that ends a sentence exactly at a column's
//! foot, its last line full, was as likely cut there as ended there, and
//! far more often cut: nothing in the text marks a break that falls right
//! after a full stop, but the layout does (see [`Columns::foot`]).

use crate::page::{BlockKind, Page};

/// Characters per line and lines per column of a page's body text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Grid {
    pub width: usize,
    pub height: usize,
}

/// The narrowest and widest lines a grid is read for. (A column of Chinese
/// body text is some 8 to 30 characters wide; a page set across its whole
/// width in one column has no column feet to read.)
const MIN_WIDTH: usize = 5;
const MAX_WIDTH: usize = 60;
/// Blocks cut mid-sentence whose lengths must be whole lines of the width
/// read, and the share of all such blocks they must be (some are cut by the
/// page's end or by a jump, or lost a full stop to OCR, and are no evidence).
/// Two will do: the columns they end must agree on the height as well (see
/// [`MIN_COLUMNS`]).
const MIN_CUTS: usize = 2;
const AGREEING_SHARE: f64 = 0.8;
/// Columns whose lines, counted from a known top to a cut, must agree on
/// the height read.
const MIN_COLUMNS: usize = 2;

/// The characters a block takes on its lines: white space (ASCII, and the
/// ideographic space) does not print.
pub fn printed_chars(text: &str) -> usize {
    text.chars().count() - text.bytes().filter(u8::is_ascii_whitespace).count() - text.matches('\u{3000}').count()
}

/// What a block is in the flow of an article's columns.
#[derive(Clone, Copy, PartialEq)]
enum Flow {
    /// A title, kicker or subtitle (set above the columns), the page's
    /// running header, or the start of a continued article: the columns
    /// below start afresh.
    Top,
    /// A byline, subhead or jump line on its own: one line.
    Line,
    /// Body text: as many lines as its characters fill.
    Text,
    /// Takes no room (a comment).
    None,
}

/// What block `i` takes on a page's lines: how it flows, whether the
/// columns start afresh at it (counting it), and its printed characters.
#[derive(Clone, Copy)]
struct Room {
    flow: Flow,
    top: bool,
    chars: usize,
}

fn rooms(page: &Page) -> Vec<Room> {
    (0..page.blocks.len())
        .map(|i| {
            let b = &page.blocks[i];
            let flow = match b.kind {
                BlockKind::Title | BlockKind::Kicker | BlockKind::Subtitle | BlockKind::PageHeader => Flow::Top,
                BlockKind::Comment => Flow::None,
                BlockKind::Subhead | BlockKind::Byline | BlockKind::JumpLine => Flow::Line,
                BlockKind::Body | BlockKind::Caption => Flow::Text,
            };
            let chars = if flow == Flow::Text { printed_chars(page.content(i)) } else { 0 };
            Room { flow, top: flow == Flow::Top || b.jump_continuation.is_some(), chars }
        })
        .collect()
}

/// The lines a block takes on a grid `width` characters wide.
fn lines(room: Room, width: usize) -> usize {
    match room.flow {
        Flow::Top | Flow::None => 0,
        Flow::Line => 1,
        Flow::Text => room.chars.div_ceil(width),
    }
}

/// Where a page's blocks sit in its columns, on the grid its cuts tell.
#[derive(Debug, Clone)]
pub struct Columns {
    pub grid: Grid,
    /// The lines each block takes.
    pub lines: Vec<usize>,
    /// The block ends at a column's foot with its last line full: counted
    /// in lines from the nearest known column top (an article's start, or
    /// the foot of a cut block), it ends a whole number of columns down, and
    /// its length is a whole number of lines.
    pub foot: Vec<bool>,
    /// The block ends on a column's last line, its last line full or not:
    /// counted from the nearest known column top, it ends a whole number of
    /// columns down.
    pub ends_column: Vec<bool>,
    /// The block's lines run across a column's foot, at least
    /// [`STRADDLE_LINES`] on either side. A column cuts a paragraph at its
    /// foot, so no block of one flow of text does: a block printed before it
    /// since the last known column top belongs to another flow (an earlier
    /// article's last column, printed after this one's text).
    pub straddles: Vec<bool>,
}

/// Lines a block must run on either side of a column's foot to tell that
/// the count is wrong: a character OCR doubled or dropped moves a block's
/// end by a line at most.
pub const STRADDLE_LINES: usize = 2;

/// Read the grid of `page` and place its blocks on it, where `cut[i]` says
/// block `i` stops mid-sentence because a column's foot cut it (the caller
/// knows what a sentence's end is). None where the cuts are too few or do
/// not agree.
pub fn columns(page: &Page, cut: &[bool]) -> Option<Columns> {
    let (grid, rooms) = read_rooms(page, cut)?;
    Some(columns_on(&rooms, cut, grid))
}

fn columns_on(rooms: &[Room], cut: &[bool], grid: Grid) -> Columns {
    let n = rooms.len();
    let (mut foot, mut ends_column, mut straddles) = (vec![false; n], vec![false; n], vec![false; n]);
    let lines: Vec<usize> = rooms.iter().map(|&r| lines(r, grid.width)).collect();
    let (mut count, mut since) = (0usize, 0usize);
    for (i, &room) in rooms.iter().enumerate() {
        if room.top {
            (count, since) = (0, 0);
        }
        let start = count - since;
        count += lines[i];
        let end = count - since;
        let full = room.flow == Flow::Text && room.chars > 0 && room.chars % grid.width == 0;
        ends_column[i] = lines[i] > 0 && end > 0 && end % grid.height == 0;
        foot[i] = full && ends_column[i];
        let next_foot = (start / grid.height + 1) * grid.height;
        straddles[i] = end > next_foot && next_foot - start >= STRADDLE_LINES && end - next_foot >= STRADDLE_LINES;
        if cut[i] {
            since = count;
        }
    }
    Columns { grid, lines, foot, ends_column, straddles }
}

/// The grid [`columns`] reads, with the rooms of the page's blocks.
fn read_rooms(page: &Page, cut: &[bool]) -> Option<(Grid, Vec<Room>)> {
    let lengths: Vec<usize> = (0..page.blocks.len()).filter(|&i| cut[i]).map(|i| printed_chars(page.content(i))).filter(|&n| n > 0).collect();
    if lengths.len() < MIN_CUTS {
        return None;
    }
    // The lines that nearly every cut fills to the end. Every divisor of
    // the true width agrees as well, and a multiple of it may (where every
    // cut is an even number of lines): the width read is the one on which
    // the most spans of lines between cuts fill a column of the same height
    // (on the wrong ones, the lines of paragraphs that end on their own
    // come out wrong). Where two widths explain the spans equally, the page
    // does not tell its grid. (The whole page is measured only once a
    // width agrees.)
    let agreeing = |w: usize| lengths.iter().filter(|&&n| n % w == 0).count();
    let widths: Vec<usize> = (MIN_WIDTH..=MAX_WIDTH)
        .filter(|&w| {
            let a = agreeing(w);
            a >= MIN_CUTS && a as f64 >= AGREEING_SHARE * lengths.len() as f64
        })
        .collect();
    if widths.is_empty() {
        return None;
    }
    let rooms = rooms(page);
    let mut best: Option<(usize, Grid)> = None;
    let mut tied = false;
    for width in widths {
        let Some((height, support)) = height(&rooms, cut, width) else { continue };
        match best {
            Some((s, _)) if s > support => {}
            Some((s, _)) if s == support => tied = true,
            _ => {
                best = Some((support, Grid { width, height }));
                tied = false;
            }
        }
    }
    best.filter(|_| !tied).map(|(_, grid)| (grid, rooms))
}

/// The height of a column on lines `width` characters wide, and how many
/// spans show it: the lines from a known column top to each cut are a
/// column's height (or several, where a paragraph ended right at a
/// column's foot). The height is the one most spans show, if at least
/// [`MIN_COLUMNS`] do and no other as many.
fn height(rooms: &[Room], cut: &[bool], width: usize) -> Option<(usize, usize)> {
    let mut spans: Vec<usize> = Vec::new();
    let (mut count, mut since) = (0usize, 0usize);
    for (i, &room) in rooms.iter().enumerate() {
        if room.top {
            (count, since) = (0, 0);
        }
        count += lines(room, width);
        if cut[i] {
            spans.push(count - since);
            since = count;
        }
    }
    spans.retain(|&s| s > 0);
    spans.sort_unstable();
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for s in spans {
        match runs.last_mut() {
            Some((h, k)) if *h == s => *k += 1,
            _ => runs.push((s, 1)),
        }
    }
    runs.sort_by(|a, b| b.1.cmp(&a.1));
    match runs.as_slice() {
        [(height, k), rest @ ..] if *k >= MIN_COLUMNS && rest.first().is_none_or(|r| r.1 < *k) => Some((*height, *k)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Source;

    fn page(text: &str) -> Page {
        Page::parse(Source::from_bytes("p.md", text.as_bytes().to_vec()).unwrap())
    }

    /// Blocks ending mid-sentence (no `。`) are the cuts here.
    fn cuts(p: &Page) -> Vec<bool> {
        (0..p.blocks.len()).map(|i| p.blocks[i].kind == BlockKind::Body && !p.content(i).ends_with('。')).collect()
    }

    /// A body block of `n` characters, the last of them `。` if `stop`.
    fn block(n: usize, stop: bool) -> String {
        let text: String = "天地玄黄宇宙洪荒日月盈昃辰宿列张寒来暑往秋收冬藏".chars().cycle().take(n - usize::from(stop)).collect();
        if stop { text + "。" } else { text }
    }

    /// A page set 6 characters to the line and 3 lines to the column:
    /// column 1 is a cut block; column 2 a paragraph of two full lines and
    /// a cut line; column 3 a paragraph that ends at the foot, its last line
    /// full; column 4 a cut block; then a short last paragraph. Blocks: the
    /// title, then 1 to 6.
    fn grid_page() -> Page {
        let blocks = [block(18, false), block(12, true), block(6, false), block(18, true), block(18, false), block(5, true)];
        page(&format!("# 标题\n\n{}\n", blocks.join("\n\n")))
    }

    #[test]
    fn the_grid_is_read_from_the_blocks_columns_cut() {
        let p = grid_page();
        assert_eq!(columns(&p, &cuts(&p)).map(|c| c.grid), Some(Grid { width: 6, height: 3 }));
    }

    #[test]
    fn two_cuts_whose_columns_agree_tell_the_grid() {
        // Columns 1 and 2 of the page above: two cuts, 18 and 6 characters
        // (6 is the only width both fill), and each column 3 lines.
        let blocks = [block(18, false), block(12, true), block(6, false), block(18, true)];
        let p = page(&format!("# 标题\n\n{}\n", blocks.join("\n\n")));
        assert_eq!(columns(&p, &cuts(&p)).map(|c| c.grid), Some(Grid { width: 6, height: 3 }));
        // Where the two columns disagree on the height, nothing is read.
        let blocks = [block(18, false), block(6, true), block(6, false), block(18, true)];
        let p = page(&format!("# 标题\n\n{}\n", blocks.join("\n\n")));
        assert!(columns(&p, &cuts(&p)).is_none());
    }

    #[test]
    fn too_few_cuts_tell_no_grid() {
        let p = page(&format!("# 标题\n\n{}\n\n{}\n", block(18, false), block(5, true)));
        assert!(columns(&p, &cuts(&p)).is_none());
    }

    #[test]
    fn a_sentence_that_fills_a_columns_last_line_ends_at_its_foot() {
        let p = grid_page();
        let feet = columns(&p, &cuts(&p)).unwrap().foot;
        // Block 4 fills column 3 to its last character, as the cut blocks
        // 1, 3 and 5 fill theirs. Block 2 fills its last line too, but two
        // lines down a column; block 6 ends mid-line.
        let at: Vec<usize> = (0..feet.len()).filter(|&i| feet[i]).collect();
        assert_eq!(at, vec![1, 3, 4, 5]);
    }

    #[test]
    fn a_block_the_count_puts_across_a_columns_foot_is_another_flows() {
        // The page above, then a second title, two lines of a paragraph,
        // and a block of 15 characters (three lines): counted on, it would
        // take lines 3 to 5 of a 3-line column.
        let blocks = [block(18, false), block(12, true), block(6, false), block(18, true), block(18, false), block(5, true)];
        let p = page(&format!("# 标题\n\n{}\n\n# 二题\n\n{}\n\n{}\n", blocks.join("\n\n"), block(12, true), block(15, true)));
        let c = columns(&p, &cuts(&p)).unwrap();
        assert_eq!(c.grid, Grid { width: 6, height: 3 });
        assert_eq!(c.lines, vec![0, 3, 2, 1, 3, 3, 1, 0, 2, 3]);
        // One line before the foot is not enough to tell: a character OCR
        // doubled may have pushed a block's last line on.
        assert_eq!(c.straddles.iter().filter(|&&s| s).count(), 0);
        let p = page(&format!("# 标题\n\n{}\n\n# 二题\n\n{}\n\n{}\n", blocks.join("\n\n"), block(6, true), block(24, true)));
        let c = columns(&p, &cuts(&p)).unwrap();
        assert_eq!(c.lines[8..], [1, 4]);
        let at: Vec<usize> = (0..c.straddles.len()).filter(|&i| c.straddles[i]).collect();
        assert_eq!(at, vec![9]);
        // The first title's text ends on a column's last line (block 5, a
        // cut, and block 4, a paragraph that fills it); the last short
        // paragraph, one line into the next column, does not.
        let ends: Vec<usize> = (0..c.ends_column.len()).filter(|&i| c.ends_column[i]).collect();
        assert_eq!(ends, vec![1, 3, 4, 5]);
    }

    #[test]
    fn two_widths_that_explain_the_spans_alike_tell_no_grid() {
        // Set 6 characters to the line and 5 lines to the column, every cut
        // is an even number of lines, and each column reads as 3 lines of
        // 12 characters as well: the page does not tell which it is.
        let blocks = [block(14, true), block(12, false), block(5, true), block(24, false), block(14, true), block(12, false), block(5, true)];
        let p = page(&format!("# 标题\n\n{}\n", blocks.join("\n\n")));
        assert_eq!(height(&rooms(&p), &cuts(&p), 6), Some((5, 3)));
        assert_eq!(height(&rooms(&p), &cuts(&p), 12), Some((3, 3)));
        assert!(columns(&p, &cuts(&p)).is_none());
    }
}
