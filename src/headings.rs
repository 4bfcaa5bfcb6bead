//! Headings that a page does not mark.
//!
//! OCR engines print text without markup: a title is a short line like any
//! other (`各国政要发表新年贺词`), and so is a column fragment that a break cut
//! short (`泰国总理川·立派１`). On a page with no `#` headings at all, this
//! stage reads which short unpunctuated blocks are headings from what they
//! are and what surrounds them, and gives them the kinds `page` gives marked
//! ones (title, kicker, subtitle, caption), so that rejoining leaves them
//! alone and segmentation cuts articles at them. Pages that mark their
//! headings are left exactly as `page` classified them.
//!
//! A block is a heading when
//! - it could be one: one line of at most [`MAX_CHARS`] characters, no
//!   sentence punctuation outside quotes, not ending in a clause mark, not
//!   opening with a mark that continues something;
//! - nothing says it is cut short: its end does not read on into the next
//!   block (a word, name or number across the seam, a mark that cannot open
//!   a paragraph), and its start does not finish an open fragment before it;
//! - and what follows it opens something: a byline, a dispatch dateline
//!   (`本报讯`, `新华社…电`), a photo caption, a subtitle, another heading, or
//!   text that reads as a new sentence after it (see [`Lexicon::lost_stop_ratio`]).

use crate::lexicon::Lexicon;
use crate::page::{BlockKind, Page};
use crate::rejoin;
use crate::text;

/// The longest block taken for a heading, in characters.
pub const MAX_CHARS: usize = 40;
/// Body blocks on each side of a heading that [`topic_continuity`] reads.
pub const CONTINUITY_BLOCKS: usize = 4;
/// A section head is at most this long ...
const SUBHEAD_MAX_CHARS: usize = 16;
/// ... and the text around it shares at least this much of a topic.
const SUBHEAD_MIN_CONTINUITY: f64 = 15.0;
/// The longest numbered section head (`一、匆匆上任`).
const NUMBERED_MAX_CHARS: usize = 20;
/// Characters each side of a break that [`runs_on`] segments.
const SEGMENT_WINDOW: usize = 4;
/// How much better (log probability) reading across the break must
/// segment than reading the two sides apart.
const WORD_ACROSS_MARGIN: f64 = 1.0;
/// The shortest heading.
pub const MIN_CHARS: usize = 2;
/// Log-likelihood ratios of a sentence boundary after a block (see
/// [`Marks::new_start_min`]).
const BARE_NEW_START_MIN: f64 = -3.0;
const LIGHT_NEW_START_MIN: f64 = 0.0;
const COMMA_NEW_START_MIN: f64 = 3.0;
/// The longest block with a comma taken for a heading on the strength of
/// the text after it alone (a byline or dateline after it says more).
const COMMA_MAX_CHARS: usize = 24;
/// The highest seam score at which a bare block is taken for a heading when
/// the ratio cannot be read.
const UNREAD_SEAM_MAX: f64 = 0.5;

/// Whether the page marks none of its headings (no `#` title, kicker,
/// subtitle or subhead), as plain-text OCR output does.
pub fn is_unmarked(page: &Page) -> bool {
    !page.blocks.iter().any(|b| matches!(b.kind, BlockKind::Title | BlockKind::Kicker | BlockKind::Subtitle | BlockKind::Subhead))
}

/// On a page that marks no headings, classify the blocks that read as
/// headings (and the captions under them); `skip[i]` blocks are left as
/// they are (lines of columns read across). Returns how many blocks changed kind.
pub fn infer(page: &mut Page, lex: &Lexicon, skip: &dyn Fn(usize) -> bool) -> usize {
    if !is_unmarked(page) {
        return 0;
    }
    let n = page.blocks.len();
    let shape: Vec<Option<Marks>> = (0..n).map(|i| if skip(i) { None } else { heading_shape(page, i) }).collect();
    let mut heading = vec![false; n];
    // Right to left: whether a block is a heading depends on whether the
    // one after it is.
    for i in (0..n).rev() {
        let Some(marks) = shape[i] else { continue };
        let Some(j) = next_content(page, i) else { continue };
        // A byline or a dateline after it outweighs a word that seems to
        // run on from the block before (`……亮相` | `救救……` reads `相救`).
        heading[i] = opens_an_article(page, j)
            || (numbered_section(page.content(i)) && page.blocks[j].kind == BlockKind::Body)
            || (!continues_previous(page, i, lex) && (heading[j] || opens_after_heading(page, i, j, marks, lex)));
    }
    let mut changed = 0;
    let mut i = 0;
    while i < n {
        if !heading[i] {
            i += 1;
            continue;
        }
        // A run of headings: a kicker over a title, a title, a subtitle under it.
        let mut end = i;
        while end + 1 < n && heading[end + 1] {
            end += 1;
        }
        let subtitle: Vec<bool> = (i..=end).map(|k| k > i && page.content(k).starts_with(['—', '－', '-'])).collect();
        // Of two headings over each other, the first is the kicker.
        let kicker = subtitle.iter().filter(|&&s| !s).count() >= 2;
        for k in i..=end {
            page.blocks[k].kind = if subtitle[k - i] {
                BlockKind::Subtitle
            } else if kicker && k == i {
                BlockKind::Kicker
            } else {
                BlockKind::Title
            };
            changed += 1;
        }
        if let Some(j) = next_content(page, end) {
            if page.blocks[j].kind == BlockKind::Body && page.content(j).starts_with("图为") {
                page.blocks[j].kind = BlockKind::Caption;
                changed += 1;
            }
        }
        i = end + 1;
    }
    // A lone title between two passages of one topic is a section head, and
    // so is one right under a continuation line (`（上接第一版）`): a
    // continued article repeats its title above that line, not below it.
    for i in 0..n {
        let after_continuation_line = prev_content(page, i).is_some_and(|p| {
            let b = &page.blocks[p];
            b.kind == BlockKind::JumpLine && b.jump_continuation.is_some() && b.jump_head.is_none()
        });
        let alone = next_content(page, i).is_some_and(|j| page.blocks[j].kind == BlockKind::Body);
        if page.blocks[i].kind == BlockKind::Title && ((after_continuation_line && alone) || reads_as_subhead(page, i, lex)) {
            page.blocks[i].kind = BlockKind::Subhead;
        }
    }
    changed
}

/// Title `i` stands alone between finished body text and body text that
/// opens nothing new, it is short, and the text on both sides of it shares
/// a topic: a section head inside one article.
fn reads_as_subhead(page: &Page, i: usize, lex: &Lexicon) -> bool {
    let (Some(p), Some(j)) = (prev_content(page, i), next_content(page, i)) else { return false };
    let (before, after) = (&page.blocks[p], &page.blocks[j]);
    before.kind == BlockKind::Body
        && before.jump_head.is_none()
        && text::ends_paragraph(page.content(p))
        && after.kind == BlockKind::Body
        && after.jump_continuation.is_none()
        && !text::opens_dispatch(page.content(j))
        && page.content(i).chars().count() <= SUBHEAD_MAX_CHARS
        && topic_continuity(page, i, lex) >= SUBHEAD_MIN_CONTINUITY
}

/// How much punctuation a heading-shaped block carries outside quotes and
/// brackets (headlines quote what someone said: `“房子建不起来，就摘下乌纱帽”`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Marks {
    /// None at all: `各国政要发表新年贺词`.
    Bare,
    /// An enumeration comma, a colon or a dash: `上海：开行百日客流增`.
    Light,
    /// One comma, as two-part headlines have: `警钟，再次重重敲响`.
    Comma,
    /// More commas (`第三，深化改革，促进科技与经济的结合`): a heading only
    /// over a byline or a dateline.
    Commas,
}

impl Marks {
    /// The sentence-break ratio (see [`rejoin::sentence_break_ratio`]) that
    /// text after a block with these marks needs to read as a new start:
    /// the more a block reads like prose, the more convincing the start.
    fn new_start_min(self) -> f64 {
        match self {
            Marks::Bare => BARE_NEW_START_MIN,
            Marks::Light => LIGHT_NEW_START_MIN,
            Marks::Comma => COMMA_NEW_START_MIN,
            Marks::Commas => f64::INFINITY,
        }
    }
}

/// One line, short, a body block without jump lines, not ending in a
/// clause mark, and with no sentence punctuation outside quotes: its
/// marks, or `None` when it cannot be a heading.
fn heading_shape(page: &Page, i: usize) -> Option<Marks> {
    let b = &page.blocks[i];
    if b.kind != BlockKind::Body || b.ignored || b.jump_head.is_some() || b.jump_continuation.is_some() {
        return None;
    }
    let t = page.content(i).trim();
    let chars = t.chars().count();
    if !(MIN_CHARS..=MAX_CHARS).contains(&chars) || t.contains('\n') {
        return None;
    }
    headline_marks(t)
}

/// Whether `t` is punctuated as a headline is (no sentence punctuation
/// outside quotes, no clause left open at its end), and with how much.
fn headline_marks(t: &str) -> Option<Marks> {
    if !t.chars().any(text::is_han) {
        return None;
    }
    let last = t.chars().last()?;
    if text::opens_badly(t) || matches!(last, '，' | '、' | '；' | '：' | '。' | ',' | ';' | ':' | '…') || text::ends_paragraph(t) {
        return None;
    }
    let mut depth = 0i32;
    let mut marks = Marks::Bare;
    for c in t.chars() {
        match c {
            '“' | '「' | '『' | '（' | '(' | '《' => depth += 1,
            '”' | '」' | '』' | '）' | ')' | '》' => depth -= 1,
            _ if depth > 0 => {}
            '，' | ',' if marks >= Marks::Comma => marks = Marks::Commas,
            '，' | ',' => marks = Marks::Comma,
            '。' | '；' | '！' | '？' | ';' | '!' | '?' => return None,
            '、' | '：' | ':' | '—' => marks = marks.max(Marks::Light),
            _ => {}
        }
    }
    Some(marks)
}

/// A line punctuated as a headline, with at most one comma: what heads a
/// page's columns when they are read across.
pub fn reads_as_headline(t: &str) -> bool {
    headline_marks(t.trim()).is_some_and(|m| m <= Marks::Comma)
}

/// A line without any punctuation outside quotes and brackets, ending as a
/// headline does: what a headline as long as a column's line reads like
/// (a column's first line nearly always has a comma or a stop by then).
pub fn reads_as_bare_headline(t: &str) -> bool {
    headline_marks(t.trim()) == Some(Marks::Bare)
}

/// How strongly the body text just before heading `i` and the body text
/// just after it share a topic (see [`Lexicon::topic_overlap`]): up to
/// [`CONTINUITY_BLOCKS`] body blocks on each side, stopping at other headings.
pub fn topic_continuity(page: &Page, i: usize, lex: &Lexicon) -> f64 {
    let body = |k: &usize| matches!(page.blocks[*k].kind, BlockKind::Body | BlockKind::Comment | BlockKind::PageHeader);
    let gather = |ks: &mut dyn Iterator<Item = usize>| -> String {
        ks.take_while(body).filter(|&k| page.blocks[k].kind == BlockKind::Body).take(CONTINUITY_BLOCKS).map(|k| page.content(k)).collect()
    };
    let before = gather(&mut (0..i).rev());
    let after = gather(&mut (i + 1..page.blocks.len()));
    lex.topic_overlap(&before, &after).0
}

/// The next block that is not a comment or a page header.
fn next_content(page: &Page, i: usize) -> Option<usize> {
    (i + 1..page.blocks.len()).find(|&j| !matches!(page.blocks[j].kind, BlockKind::Comment | BlockKind::PageHeader))
}

fn prev_content(page: &Page, i: usize) -> Option<usize> {
    (0..i).rev().find(|&j| !matches!(page.blocks[j].kind, BlockKind::Comment | BlockKind::PageHeader))
}

/// Block `i` finishes the paragraph that the fragment before it left open:
/// something only a split leaves runs across the seam.
fn continues_previous(page: &Page, i: usize, lex: &Lexicon) -> bool {
    let Some(p) = prev_content(page, i) else { return false };
    let b = &page.blocks[p];
    b.kind == BlockKind::Body && b.jump_head.is_none() && !text::ends_paragraph(page.content(p)) && runs_on(page.content(p), page.content(i), lex)
}

/// Something only a split leaves runs across the end of `tail` into `head`
/// (see [`rejoin::Seam::telling`]). A word made of characters on both sides
/// counts only when reading across the break segments the text better than
/// reading the two sides apart: `统筹协` | `调发展` reads `协调`, but `访华` |
/// `南阳` is two words that happen to make `华南`.
fn runs_on(tail: &str, head: &str, lex: &Lexicon) -> bool {
    let seam = rejoin::seam(tail, head, lex);
    if !seam.only_word {
        return seam.telling;
    }
    let mut t: Vec<char> = tail.trim_end().chars().rev().take_while(|&c| text::is_han(c)).take(SEGMENT_WINDOW).collect();
    t.reverse();
    let h: Vec<char> = head.trim_start().chars().take_while(|&c| text::is_han(c)).take(SEGMENT_WINDOW).collect();
    let across: Vec<char> = t.iter().chain(&h).copied().collect();
    lex.segmentation_score(&across) > lex.segmentation_score(&t) + lex.segmentation_score(&h) + WORD_ACROSS_MARGIN
}

/// `一、匆匆上任`, `（二）管理跟不上`, `３．结论`: a numbered section head. A
/// numbered list item in body text ends with a mark (`；`, `。`), which
/// [`heading_shape`] has already ruled out; one this short and bare reads
/// as a head, whatever word its last character seems to make with the
/// text after it.
fn numbered_section(t: &str) -> bool {
    let numeral = text::is_small_numeral;
    let mut chars = t.chars();
    let opens = match (chars.next(), chars.next(), chars.next()) {
        (Some('（' | '('), Some(c), Some(d)) => numeral(c) && (matches!(d, '）' | ')') || (numeral(d) && matches!(chars.next(), Some('）' | ')')))),
        (Some(c), Some(d), _) => numeral(c) && matches!(d, '、' | '．' | '.' | '·'),
        _ => false,
    };
    opens && t.chars().count() <= NUMBERED_MAX_CHARS
}

/// Block `j` can only open an article (or its continuation): a byline, a
/// dispatch dateline, a photo caption, a continuation jump line.
fn opens_an_article(page: &Page, j: usize) -> bool {
    let b = &page.blocks[j];
    match b.kind {
        BlockKind::Byline => true,
        BlockKind::JumpLine => b.jump_continuation.is_some() && b.jump_head.is_none(),
        BlockKind::Body => b.jump_continuation.is_some() || text::opens_dispatch(page.content(j)) || page.content(j).starts_with("图为"),
        _ => false,
    }
}

/// What follows block `i` (block `j`, body text) reads as a new start after it.
fn opens_after_heading(page: &Page, i: usize, j: usize, marks: Marks, lex: &Lexicon) -> bool {
    let next = &page.blocks[j];
    if next.kind != BlockKind::Body || next.jump_continuation.is_some() {
        return false;
    }
    let (tail, head) = (page.content(i), page.content(j));
    if runs_on(tail, head, lex) {
        return false;
    }
    let seam = rejoin::seam(tail, head, lex);
    // A longer line with a comma is a sentence that lost its full stop
    // more often than a two-part headline.
    if marks == Marks::Commas || (marks == Marks::Comma && tail.chars().count() > COMMA_MAX_CHARS) {
        return false;
    }
    match rejoin::boundary_ratio(tail, head, lex) {
        Some(r) => r >= marks.new_start_min(),
        // The seam is not Chinese text on both sides (`……（３５人）` |
        // `哈桑国王……`): a block without a comma whose seam reads as no
        // join (a word that two words make across it aside).
        None => marks < Marks::Comma && (seam.only_word || seam.score < UNREAD_SEAM_MAX),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Source;
    use BlockKind::*;

    fn kinds(text: &str) -> Vec<BlockKind> {
        let mut page = Page::parse(Source::from_bytes("p.txt", text.as_bytes().to_vec()).unwrap());
        infer(&mut page, &Lexicon::embedded(), &|_| false);
        page.blocks.iter().map(|b| b.kind).collect()
    }

    #[test]
    fn titles_bylines_and_datelines_on_a_plain_page() {
        let text = "山区小学用上了新教室\n\n本报记者 张明\n\n秋季开学前，县里把最后一批危房校舍全部翻修完毕。\n\n\
                    老街改造完成\n\n本报讯（记者 李华）经过半年施工，老城区三条街道的改造工程日前完工。\n";
        assert_eq!(kinds(text), [Title, Byline, Body, Title, Body]);
    }

    #[test]
    fn kicker_title_subtitle_and_a_photo_item() {
        let text = "冬日里的暖心事\n\n社区食堂开到家门口\n\n——记一位退休教师的志愿服务\n\n每天中午，食堂门口都排起长队。\n\n\
                    江边晨练\n\n图为市民在江边公园晨练。\n";
        assert_eq!(kinds(text), [Kicker, Title, Subtitle, Body, Title, Caption]);
    }

    #[test]
    fn column_fragments_stay_body() {
        // Cut mid-word (`协调` | `发展`), before a mark that cannot open a
        // paragraph, at a jump line, and at the page's end.
        let text = "这个县坚持把农业放在首位。\n\n全县上下统筹协\n\n调发展，农民收入连年增长。\n\n\
                    去年全县粮食总产量达到\n\n，比上年增长百分之五。\n\n今年的工作重点仍是春耕\n\n（下转第二版）\n\n\
                    新建的水库已经蓄水\n";
        assert_eq!(kinds(text), [Body, Body, Body, Body, Body, Body, JumpLine, Body]);
    }

    #[test]
    fn prose_is_not_a_heading() {
        // Two commas, or a full stop, make a sentence however short.
        let text = "他说，今年，我们还要干。\n\n下一段从这里开始。\n\n问题在于，资金迟迟不到位，\n\n项目无法开工。\n";
        assert_eq!(kinds(text), [Body, Body, Body, Body]);
    }

    #[test]
    fn a_page_that_marks_its_headings_is_left_as_classified() {
        let text = "# 山区小学用上了新教室\n\n秋季开学前，县里把校舍全部翻修完毕。\n\n老街改造完成\n\n经过半年施工，老城区三条街道的改造工程日前完工。\n";
        assert_eq!(kinds(text), [Title, Body, Body, Body]);
    }

    #[test]
    fn a_word_across_the_break_counts_only_when_it_reads_better_than_the_two_sides() {
        let lex = Lexicon::embedded();
        assert!(runs_on("全县上下统筹协", "调发展，农民收入连年增长。", &lex));
        // `华南` spans the break, but `访华` and `南方` are the words there:
        // the seam shows no word across it.
        assert!(!rejoin::seam("代表团抵京访华", "南方各省代表今天也陆续到达。", &lex).telling);
        assert!(!runs_on("代表团抵京访华", "南方各省代表今天也陆续到达。", &lex));
    }

    #[test]
    fn numbered_section_heads_and_headings_before_datelines() {
        // `任何` seems to run across the break.
        let text = "上一篇文章到此结束。\n\n一、匆匆上任\n\n何处是他的办公室？他自己也说不清楚。\n";
        assert_eq!(kinds(text), [Body, Title, Body]);
        // `相救` seems to run across the first break; the dateline decides.
        let text = "上一篇文章到此结束。\n\n新春音乐会亮相\n\n救救山区孩子\n\n本报讯（记者 王明）昨晚，一场义演在市音乐厅举行。\n";
        assert_eq!(kinds(text), [Body, Kicker, Title, Body]);
        for (line, numbered) in [("一、匆匆上任", true), ("（二）管理跟不上", true), ("３．结论", true), ("一切为了群众", false)] {
            assert_eq!(numbered_section(line), numbered, "{line}");
        }
    }

    #[test]
    fn a_heading_with_commas_only_over_a_byline() {
        let byline = "第三，深化改革，促进科技与经济的结合\n\n本报通讯员 王明\n\n去年以来，全省科技投入大幅增长。\n";
        assert_eq!(kinds(&format!("上一篇文章到此结束。\n\n{byline}")), [Body, Title, Byline, Body]);
        let prose = "上一篇文章到此结束。\n\n第三，深化改革，促进科技与经济的结合\n\n去年以来，全省科技投入大幅增长。\n";
        assert_eq!(kinds(prose), [Body, Body, Body]);
    }
}
