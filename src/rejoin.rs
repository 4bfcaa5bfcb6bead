//! Rejoining paragraphs that column and page breaks split, even when other
//! articles were printed between the two halves.
//!
//! A *fragment* is a body block that stops mid-sentence. Its *continuation*
//! is a body block whose start reads on from the fragment's end: the next
//! body block in reading order, or, when the layout printed other articles
//! in between, a block after them. Every fragment is matched to at most one
//! continuation and vice versa by a scored one-to-one assignment over the
//! whole page; below a threshold nothing is joined. This module decides
//! joins and moves; it does not render them (`article::Layout`, `fix`).

use crate::assign;
use crate::edit::BlockRef;
use crate::lexicon::{Lexicon, Terms};
use crate::page::{BlockKind, Page};
use crate::text;
use std::ops::Range;

/// How far (in blocks) past a fragment its continuation is looked for.
pub const WINDOW: usize = 120;
/// Minimum seam score for a continuation that is not the next block.
pub const INTERLEAVED_THRESHOLD: f64 = 1.5;
/// [`INTERLEAVED_THRESHOLD`] for a fragment that ends after a clause mark.
const AFTER_CLAUSE_THRESHOLD: f64 = 0.5;
/// What a continuation printed right after a photo's caption gains: one
/// whose seam reads a little against it (down to 1.5 − 2.5 = −1) still joins.
const AFTER_CAPTION_BONUS: f64 = 2.5;
/// How many blocks of context on each side the topic comparison reads.
const CONTEXT_BLOCKS: usize = 6;
/// Weight and cap of topic overlap in an interleaved candidate's score.
const TOPIC_WEIGHT: f64 = 0.25;
const TOPIC_CAP: f64 = 24.0;
/// A candidate sharing at least this much with its own article, and more
/// than with the fragment, stays where it is.
const OWN_TOPIC_MIN: f64 = 4.0;
/// A block shorter than this has its topic read with the next block of its run.
const SHORT_RUN_START: usize = 16;
/// A block shorter than this that shares something with the text it is
/// weighed against has its topic read with the next block of its run too:
/// a short paragraph that opens a moved run (`把荒地租给外地的种粮大户，
/// ……签了合同。`) names little of its article, and the paragraph it carries
/// names more (see [`TermCache::run_topic`]).
const SHARING_RUN_START: usize = 50;
/// Topic overlap a run needs with an earlier article to move back to it
/// across a break that fell after a full stop.
const STRAY_MIN_TOPIC: f64 = 20.0;
/// ... and the rarity of the rarest term they share (a name or rare word).
const STRAY_RARE_TERM: f64 = 11.0;
/// ... or this rarity, where the run shares less than [`OWN_TOPIC_MIN`]
/// with its own article: nothing holds it there.
const STRAY_RARE_TERM_ALONE: f64 = 9.5;
/// Topic overlap a run the page's columns place in another article (see
/// [`StrayRun::by_layout`]) needs with a host whose text ends at a column's
/// foot, and more than with its own.
const PLACED_MIN_TOPIC: f64 = 4.0;
/// Blocks of context each side of a stray-run comparison, so a long article
/// does not win by length alone.
const STRAY_CONTEXT: usize = 3;
/// Earlier articles a stray run is compared with, nearest first.
const STRAY_HOSTS: usize = 6;
/// Characters of a stray run read for its topic, of its opening that must
/// name something of the host's, and of the text before it read for context.
const STRAY_RUN_CHARS: usize = 240;
const STRAY_OPENING_CHARS: usize = 80;
const STRAY_CONTEXT_CHARS: usize = 400;
/// The evidence ([`lost_stop_evidence`]: a log-likelihood ratio less the
/// language model's reading across the break) above which a fragment is
/// taken for a paragraph that lost its full stop (see [`lost_full_stop`]).
/// The bar is set so that no column break of the dev set is taken for one
/// (with the model's reading, 5.0 took a few); raw OCR output
/// loses full stops more often than this catches, so a page with
/// [`DAMAGED_PAGE_LOST_STOPS`] such paragraphs has the lower bar
/// [`DAMAGED_LOST_STOP_MIN`] for the rest (see [`PageReading`]).
pub const LOST_STOP_MIN: f64 = 6.0;
/// Paragraphs past [`DAMAGE_EVIDENCE_MIN`] that show a page's OCR loses
/// full stops (one past [`DAMAGE_CERTAIN_MIN`] is enough).
pub const DAMAGED_PAGE_LOST_STOPS: usize = 2;
/// The ratio at which a paragraph counts as evidence of such a page, and
/// at which one paragraph is enough. Read off the pair statistics alone
/// ([`sentence_break_ratio`]): the language model's reading, which decides
/// a paragraph's own case, lifts plain column breaks in text it does not
/// know (`……公交全` + `覆盖。`) over these bars too often for a verdict on
/// the whole page.
pub const DAMAGE_EVIDENCE_MIN: f64 = 3.0;
pub const DAMAGE_CERTAIN_MIN: f64 = 5.0;
/// The bar on such a page. These paragraphs are only ever reported (the
/// full stop is a suggestion below `fix`'s default confidence), never
/// joined, so the page keeps them and the bar stays where it is when `fix`
/// runs again on its own output.
pub const DAMAGED_LOST_STOP_MIN: f64 = -1.0;
/// The same ratio for a short block without sentence punctuation, taken
/// then for an unmarked heading: nine in ten headings of the dev and seed
/// pages, followed by their first paragraph, reach it; the few column
/// fragments that short and unpunctuated end mid-phrase and stay below it.
/// With the markers stripped from the dev pages, wrong joins fall from 166
/// to 95 and no right one is lost.
pub const HEADING_STOP_MIN: f64 = 1.0;
/// [`Lexicon::sentence_end_ratio`] above which a paragraph without a full
/// stop before a heading is taken for one that lost it.
const SENTENCE_END_MIN: f64 = -5.0;
/// For such a paragraph, the topic a candidate continuation must share with
/// the text before it when nothing else runs across the break.
const FINISHED_TOPIC_MIN: f64 = 16.0;
/// [`Lexicon::start_pmi`] below which a character (almost) never opens a paragraph.
const NEVER_OPENS_PMI: f64 = -3.0;
const HEADING_MAX_CHARS: usize = 24;
/// Minimum seam score for the next block when it opens a list item.
const LIST_ITEM_THRESHOLD: f64 = 1.0;
/// Minimum seam score for a join from one page's last block to the next page's first.
const CROSS_PAGE_THRESHOLD: f64 = 1.0;

/// A decided join.
#[derive(Debug, Clone, PartialEq)]
pub struct Join {
    pub from: BlockRef,
    pub to: BlockRef,
    /// `to` continues `from`'s paragraph. False for a run that only moves
    /// back to its article: the break fell after a full stop, so nothing
    /// says whether it split a paragraph, and none is invented.
    pub joined: bool,
    /// For an interleaved continuation: the blocks of `to`'s page that move
    /// to follow `from` (they start at `to`).
    pub moved: Option<Range<usize>>,
    pub confidence: f64,
    pub reason: String,
}

/// Why a seam looks like one paragraph: a score and the evidence in words.
#[derive(Debug, Clone, PartialEq)]
pub struct Seam {
    pub score: f64,
    pub reason: String,
    /// Evidence of a kind only a split leaves: a character that cannot
    /// open a paragraph, a word, name or number across the break, a quote
    /// left open.
    pub telling: bool,
    /// The telling evidence is only a lexicon word made of characters on
    /// both sides of the break, which two words meeting there can also make
    /// (`访华` + `南阳` reads `华南`).
    pub only_word: bool,
}

/// A block that stops mid-sentence and is not a heading, caption, table
/// title (`表５：……`) or jump line, and whose end is not a jump (a head
/// marker cuts it on purpose).
/// A block of closing marks alone (`』`, cut from the paragraph it closes)
/// goes on from the text before it, not into the next.
pub fn is_fragment(page: &Page, i: usize) -> bool {
    let b = &page.blocks[i];
    if b.kind != BlockKind::Body || b.jump_head.is_some() || b.content.is_empty() || b.ignored {
        return false;
    }
    let next_is_head_jump = page
        .blocks
        .get(i + 1)
        .is_some_and(|n| n.kind == BlockKind::JumpLine && n.jump_head.is_some());
    let marks_alone = closing_marks_only(page.content(i));
    !next_is_head_jump && !text::ends_paragraph(page.content(i)) && !marks_alone && !text::opens_with_table_label(page.content(i))
}

/// Why a block that does not end a paragraph is still not joined to the
/// next one, which reads as a new paragraph.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Unjoined {
    /// A paragraph whose full stop OCR lost (`……充电难题` | `此外，……`).
    LostFullStop,
    /// A heading a plain-text page does not mark (`业态汇聚 创新不断` |
    /// `人们常说，……`): short, without punctuation.
    UnmarkedHeading,
}

/// What [`unjoined_after`] needs to know about the whole page, read once.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageReading {
    /// The ratio above which a fragment is taken for a paragraph that lost
    /// its full stop: [`LOST_STOP_MIN`], or [`DAMAGED_LOST_STOP_MIN`] on a
    /// page where one fragment passes [`DAMAGE_CERTAIN_MIN`] or at least
    /// [`DAMAGED_PAGE_LOST_STOPS`] pass [`DAMAGE_EVIDENCE_MIN`].
    pub lost_stop_min: f64,
    /// The page marks its headings (`#`): a short block without
    /// punctuation there that a sentence runs on from is a fragment, not a
    /// heading left unmarked (a line of a list of names stays a line).
    pub marks_headings: bool,
}

impl PageReading {
    pub fn of(page: &Page, lex: &Lexicon) -> PageReading {
        // Evidence: one paragraph past the bar itself (it lost its stop
        // whatever the page), or two past the lower evidence bar.
        let (mut certain, mut likely) = (0, 0);
        for f in (0..page.blocks.len().saturating_sub(1)).filter(|&f| is_fragment(page, f) && can_continue(page, f + 1)) {
            // (Read with the statistics of pairs they barely know drawn to
            // those of all pairs: a name cut by a column break is no evidence.)
            if let Some(r) = sentence_break_ratio(page.content(f), page.content(f + 1), lex) {
                likely += usize::from(r >= DAMAGE_EVIDENCE_MIN);
                // One paragraph alone is evidence only where the pairs
                // either side are ones the statistics know well.
                certain += usize::from(r >= DAMAGE_CERTAIN_MIN && boundary_ratio_with(page.content(f), page.content(f + 1), lex, Lexicon::known_lost_stop_ratio).is_some_and(|k| k >= DAMAGE_CERTAIN_MIN));
            }
            if certain >= 1 || likely >= DAMAGED_PAGE_LOST_STOPS {
                break;
            }
        }
        let damaged = certain >= 1 || likely >= DAMAGED_PAGE_LOST_STOPS;
        PageReading {
            lost_stop_min: if damaged { DAMAGED_LOST_STOP_MIN } else { LOST_STOP_MIN },
            marks_headings: !crate::headings::is_unmarked(page),
        }
    }

    /// The page's OCR loses full stops.
    fn damaged(&self) -> bool {
        self.lost_stop_min < LOST_STOP_MIN
    }
}

/// For fragment `f`: whether it stays unjoined from the next block, which
/// could have continued it but reads as a new paragraph. `reading` is the
/// page's [`PageReading`].
pub fn unjoined_after(page: &Page, f: usize, lex: &Lexicon, reading: &PageReading) -> Option<Unjoined> {
    let last = f + 1 >= page.blocks.len();
    if last || !can_continue(page, f + 1) {
        // At the page's end, or before a heading, a byline, a caption or a
        // dateline, nothing continues the paragraph; on a page whose OCR
        // loses full stops, one whose end reads as a sentence's end lost it
        // too. (A list of names or a table row has no sentence to end.)
        let tail = page.content(f);
        let closed = last || opens_something(page, f + 1) || opens_on_its_own(page.content(f + 1));
        if !closed || !is_prose(tail) {
            return None;
        }
        return (reading.damaged() && ends_sentence(tail, lex)).then_some(Unjoined::LostFullStop);
    }
    let (tail, head) = (page.content(f), page.content(f + 1));
    let ratio = sentence_break_ratio(tail, head, lex)?;
    // A clause of two characters after a mark (`……可以大胆借鉴。联系`,
    // `……加强交流，发展`) is a verb waiting for its object, not a
    // sentence's end.
    let short_clause = last_clause_chars(tail) < MIN_FINAL_CLAUSE;
    // On a page with no sign of lost stops, one paragraph alone must hold
    // with the statistics of barely known pairs drawn to those of all
    // pairs (a name cut by the break is not a sentence's end).
    let stop_ratio = if reading.damaged() { ratio } else { boundary_ratio_with(tail, head, lex, Lexicon::known_lost_stop_ratio).unwrap_or(ratio).min(ratio) };
    // The model's reading moves the evidence by at most its weighted cap:
    // read only where that can decide.
    let reach = LM_STOP_WEIGHT * LM_SEAM_CAP;
    if !short_clause && stop_ratio + reach >= reading.lost_stop_min && (stop_ratio - reach >= reading.lost_stop_min || stop_ratio - LM_STOP_WEIGHT * lm_seam_gain(tail, head, lex) >= reading.lost_stop_min) {
        Some(Unjoined::LostFullStop)
    } else if ratio >= HEADING_STOP_MIN && looks_like_heading(tail) && (!reading.marks_headings || !is_prose(head)) {
        Some(Unjoined::UnmarkedHeading)
    } else {
        None
    }
}

/// Characters of a paragraph's last clause: since its last mark, if it has one.
fn last_clause_chars(tail: &str) -> usize {
    let t = tail.trim_end();
    // (An enumeration comma parts a list's items, which end sentences well:
    // `……规范、有序`.)
    match t.rfind(['，', '。', '；', '：', '！', '？', ',', ';', ':']) {
        Some(at) => t[at..].chars().count() - 1,
        None => usize::MAX,
    }
}

/// The fewest characters of a final clause a lost full stop is claimed after.
const MIN_FINAL_CLAUSE: usize = 3;

/// Block `i` starts something a paragraph cannot run into: a heading, a
/// byline, a caption, or a continued article's first block.
fn opens_something(page: &Page, i: usize) -> bool {
    let b = &page.blocks[i];
    b.kind.is_heading() || b.kind == BlockKind::Caption || (b.jump_continuation.is_some() && b.jump_head.is_none())
}

/// The text's last two characters end sentences in news text often enough
/// (see [`Lexicon::sentence_end_ratio`]) for a paragraph to end there.
fn ends_sentence(tail: &str, lex: &Lexicon) -> bool {
    let bare = tail.trim_end_matches(|c: char| c.is_whitespace() || text::is_closing(c));
    let t: Vec<char> = bare.chars().rev().take(2).collect();
    match t[..] {
        [a2, a1] if text::is_han(a1) && text::is_han(a2) => lex.sentence_end_ratio([a1, a2]).is_some_and(|r| r >= SENTENCE_END_MIN),
        // An amount or a percentage (`……上升了２·０７％`).
        [a2, _] => text::is_digit(a2) || matches!(a2, '％' | '%'),
        _ => false,
    }
}

/// Short and without sentence punctuation: how a heading reads when nothing
/// marks it. Column fragments this short with no mark are rare, and they
/// end mid-phrase (`……去年向`), which the ratio tells apart.
fn looks_like_heading(text: &str) -> bool {
    let t = text.trim();
    // Quotes, title marks, dashes and the enumeration comma appear in
    // headings; sentence punctuation does not.
    t.chars().count() <= HEADING_MAX_CHARS && !t.chars().any(|c| matches!(c, '，' | '。' | '；' | '：' | '！' | '？' | ',' | '.' | ';' | ':' | '!' | '?'))
}

/// A body block that can take a fragment's end: not a heading, and not the
/// start of a continued article (those belong to `jumps`).
fn can_continue(page: &Page, i: usize) -> bool {
    let b = &page.blocks[i];
    let after_cont_line = i > 0
        && page.blocks[i - 1].kind == BlockKind::JumpLine
        && page.blocks[i - 1].jump_continuation.is_some();
    b.kind == BlockKind::Body
        && b.jump_continuation.is_none()
        && !after_cont_line
        && !b.content.is_empty()
        && !b.ignored
        && !opens_on_its_own(page.content(i))
}

/// Text that opens a paragraph whatever came before: a dateline
/// ([`text::opens_dispatch`]) or a list item's bullet
/// ([`text::opens_with_bullet`]).
fn opens_on_its_own(text: &str) -> bool {
    text::opens_with_bullet(text) || text::opens_dispatch(text)
}

/// The article's first body block: only a title, kicker, subtitle or
/// byline come before it.
fn heads_article(page: &Page, i: usize) -> bool {
    let before = page.blocks[..i].iter().rev().find(|b| b.kind != BlockKind::Byline);
    before.is_some_and(|b| matches!(b.kind, BlockKind::Title | BlockKind::Kicker | BlockKind::Subtitle))
}

/// A line of the title's deck, printed before the story's dateline: the
/// next block opens the story (`新华社……电`), and only the title, a byline
/// and deck lines come before it, the first of them without punctuation
/// (a row of names; a story's first paragraph has punctuation). It goes on
/// nowhere.
fn deck_line(page: &Page, i: usize) -> bool {
    let dateline_next = page.blocks.get(i + 1).is_some_and(|b| b.kind == BlockKind::Body) && text::opens_dispatch(page.content(i + 1));
    let row = |k: usize| page.blocks[k].kind == BlockKind::Body && !is_prose(page.content(k));
    dateline_next && !text::opens_dispatch(page.content(i)) && ((row(i) && heads_article(page, i)) || (1..i).rev().take_while(|&k| row(k)).any(|k| heads_article(page, k)))
}

/// Blocks that open an article: a moved run of blocks stops before them.
fn opens_article(page: &Page, i: usize) -> bool {
    let b = &page.blocks[i];
    matches!(b.kind, BlockKind::Title | BlockKind::Kicker)
        || b.jump_continuation.is_some()
}

/// What a head that cannot open a paragraph (`，`, `的`) adds to a seam.
pub const CANNOT_OPEN_BONUS: f64 = 6.0;
/// A lexicon word across the break adds half its log frequency, within this range.
const SPANNING_WORD_BONUS: (f64, f64) = (0.5, 4.0);
/// A two-character name in a list of names missing its last character.
const NAME_ACROSS_BONUS: f64 = 2.5;
/// A number running across the break (digits, a decimal point, a unit).
const NUMBER_ACROSS_BONUS: f64 = 3.0;
/// The character statistics of the seam: this times the pointwise mutual
/// information of the two characters, less `START_WEIGHT` times how much
/// more often than usual paragraphs open with the head's first character.
const SEAM_PMI_WEIGHT: f64 = 0.5;
const START_WEIGHT: f64 = 0.7;
/// PMI above which, and start PMI below which, the reason says so.
const PMI_SAID: f64 = 2.0;
const START_SAID: f64 = -2.0;
/// A quotation left open at the end of the tail.
const OPEN_QUOTE_BONUS: f64 = 0.5;
/// A list that goes on across the break with an item like the ones before it.
const LIST_GOES_ON_BONUS: f64 = 3.0;
/// A head that closes the quotation (or the bracket) the tail leaves open:
/// it is the quotation's rest, which no paragraph opens with.
const QUOTE_CLOSED_BONUS: f64 = 3.0;

/// Score the seam between the end of `tail` and the start of `head`.
pub fn seam(tail: &str, head: &str, lex: &Lexicon) -> Seam {
    let mut why = Vec::new();
    let mut s = seam_with(tail, head, lex, Some(&mut why));
    if !why.is_empty() {
        s.reason = why.join("; ");
    }
    s
}

/// [`seam`]'s score alone, without writing out why (the column reading
/// weighs thousands of seams and tells the reasons of a few).
pub fn seam_score(tail: &str, head: &str, lex: &Lexicon) -> f64 {
    seam_with(tail, head, lex, None).score
}

/// [`seam_score`] of many seams at once: those this thread has not weighed
/// before are weighed on every core, then remembered here (the column
/// reading weighs each line's seams to the six lines after it, then weighs
/// them again as it decodes the rows).
pub fn seam_scores(seams: &[(&str, &str)], lex: &Lexicon) -> Vec<f64> {
    use rayon::prelude::*;
    // (A line is the tail of several seams in a row: its part is read once.)
    let mut last: Option<(&str, SeamKey)> = None;
    let keys: Vec<SeamKey> = seams
        .iter()
        .map(|&(tail, head)| {
            let part = match last {
                Some((t, part)) if std::ptr::eq(t, tail) => part,
                _ => SeamKey::of_tail(tail),
            };
            last = Some((tail, part));
            part.with_head(head)
        })
        .collect();
    let empty = |key: &SeamKey| key.tail().is_empty() || key.head().is_empty();
    let known: Vec<Option<f64>> = SEAM_CACHE.with(|cache| {
        let cache = cache.borrow();
        keys.iter().map(|key| if empty(key) { Some(f64::NEG_INFINITY) } else if cache.0 == lex.cache_owner() { cache.1.get(key).map(|f| f.0) } else { None }).collect()
    });
    let missing: Vec<usize> = (0..keys.len()).filter(|&k| known[k].is_none()).collect();
    let read: Vec<Seam> = missing.par_iter().map(|&k| read_seam(&keys[k], lex, None)).collect();
    let mut scores: Vec<f64> = known.iter().map(|s| s.unwrap_or(0.0)).collect();
    SEAM_CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        if cache.0 != lex.cache_owner() || cache.1.len() + missing.len() > SEAM_CACHE_LIMIT {
            cache.0 = lex.cache_owner();
            cache.1.clear();
        }
        for (&k, s) in missing.iter().zip(read) {
            scores[k] = s.score;
            cache.1.insert(keys[k], (s.score, s.telling, s.only_word));
        }
    });
    scores
}

/// [`seam`], with the reasons written to `why` when it is given (the
/// returned reason is empty).
fn seam_with(tail: &str, head: &str, lex: &Lexicon, why: Option<&mut Vec<String>>) -> Seam {
    let key = SeamKey::new(tail, head);
    let (tail_chars, head_chars) = (key.tail(), key.head());
    if tail_chars.is_empty() || head_chars.is_empty() {
        return Seam { score: f64::NEG_INFINITY, reason: "empty block".into(), telling: false, only_word: false };
    }
    if why.is_some() {
        return read_seam(&key, lex, why);
    }
    // The score alone is remembered by all that it reads: the column
    // reading and the rejoining weigh the same seams again and again.
    SEAM_CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        if cache.0 != lex.cache_owner() || cache.1.len() >= SEAM_CACHE_LIMIT {
            cache.0 = lex.cache_owner();
            cache.1.clear();
        }
        if let Some(&(score, telling, only_word)) = cache.1.get(&key) {
            return Seam { score, reason: String::new(), telling, only_word };
        }
        let s = read_seam(&key, lex, None);
        cache.1.insert(key, (s.score, s.telling, s.only_word));
        s
    })
}

/// Seams each thread remembers before it starts over (about 6 MB).
const SEAM_CACHE_LIMIT: usize = 1 << 16;

/// Everything a seam's score reads: the tail's last four characters, the
/// head's first twelve (an amount, a list item or a closing mark at its
/// start), and what the tail leaves open (a quote, a bracket, a list).
#[derive(PartialEq, Eq, Hash, Clone, Copy)]
struct SeamKey {
    /// The last characters of the tail (white space trimmed), then `\0`s.
    tail: [char; 4],
    /// The first characters of the head (white space trimmed), then `\0`s.
    head: [char; 12],
    lens: (u8, u8),
    open_quote: bool,
    /// The length of the tail's last items, where it ends inside a list of
    /// like ones ([`list_item_length`]).
    list_item: Option<u8>,
    /// Whether the tail ends inside a bracket (`……目标。（记者`).
    open_bracket: bool,
    /// Whether the tail ends inside a title's marks (`……认真执行《`).
    open_title: bool,
}

impl SeamKey {
    fn new(tail: &str, head: &str) -> SeamKey {
        SeamKey::of_tail(tail).with_head(head)
    }

    /// The key's tail part, with no head.
    fn of_tail(tail: &str) -> SeamKey {
        let mut key = SeamKey { tail: ['\0'; 4], head: ['\0'; 12], lens: (0, 0), open_quote: open_quote(tail), list_item: list_item_length(tail), open_bracket: false, open_title: false };
        (key.open_bracket, key.open_title) = open_marks(tail);
        let mut back = ['\0'; 4];
        for (slot, c) in back.iter_mut().zip(tail.trim_end().chars().rev()) {
            *slot = c;
            key.lens.0 += 1;
        }
        let n = usize::from(key.lens.0);
        for k in 0..n {
            key.tail[k] = back[n - 1 - k];
        }
        key
    }

    /// This key's tail with `head`.
    fn with_head(mut self, head: &str) -> SeamKey {
        self.head = ['\0'; 12];
        self.lens.1 = 0;
        for (slot, c) in self.head.iter_mut().zip(head.trim_start().chars()) {
            *slot = c;
            self.lens.1 += 1;
        }
        self
    }

    /// The tail's last (up to) four characters.
    fn tail(&self) -> &[char] {
        &self.tail[..usize::from(self.lens.0)]
    }

    /// The head's first (up to) four characters.
    fn head(&self) -> &[char] {
        &self.head[..usize::from(self.lens.1).min(4)]
    }

    /// The head's first (up to) twelve characters.
    fn head_all(&self) -> &[char] {
        &self.head[..usize::from(self.lens.1)]
    }
}

/// A remembered seam: its score, whether it is telling, whether only a word is.
type SeamFacts = (f64, bool, bool);

thread_local! {
    /// [`seam_score`]'s answers, for the lexicon that asked last.
    static SEAM_CACHE: std::cell::RefCell<(u64, rustc_hash::FxHashMap<SeamKey, SeamFacts>)> = std::cell::RefCell::new((u64::MAX, Default::default()));
}

/// The seam `key` describes (neither side empty), read.
fn read_seam(key: &SeamKey, lex: &Lexicon, mut why: Option<&mut Vec<String>>) -> Seam {
    let (tail_chars, head_chars) = (key.tail(), key.head());
    let (a, b) = (tail_chars[tail_chars.len() - 1], head_chars[0]);
    let mut score = 0.0;
    let mut say = |reason: &dyn Fn() -> String| {
        if let Some(why) = why.as_deref_mut() {
            why.push(reason());
        }
    };
    // Set by evidence only a split leaves, not by the statistics: a word
    // across the break, or other evidence.
    let mut spans = false;
    let mut telling = false;

    // Two clause marks in a row (`……推荐的，` + `、李华`) never meet: the
    // head goes on from some other text.
    let marks = |c: char| matches!(c, '，' | '、' | '；' | '：' | '。' | ',' | ';' | ':');
    // Nor does a number and a `、` that lists no number after it
    // (`……１０月２９` + `、市体委……`; `２９、３０日` would).
    let number_listed_alone = text::is_digit(a) && b == '、' && !head_chars.get(1).is_some_and(|&c| text::is_digit(c));
    if marks(a) && marks(b) || number_listed_alone {
        score -= CANNOT_OPEN_BONUS;
    } else if text::opens_badly(&head_chars.iter().take(2).collect::<String>()) {
        score += CANNOT_OPEN_BONUS;
        say(&|| format!("‘{b}’ cannot open a paragraph"));
        telling = true;
    }
    if let Some((left, right, freq)) = spanning_word(tail_chars, head_chars, lex) {
        let bonus = (crate::math::ln(freq as f64) / 2.0).clamp(SPANNING_WORD_BONUS.0, SPANNING_WORD_BONUS.1);
        score += bonus;
        say(&|| format!("{} spans the break", tail_chars[tail_chars.len() - left..].iter().chain(&head_chars[..right]).collect::<String>()));
        spans = true;
    }
    // `毛立忠、毛传` + `林`: a two-character name in a list of names is
    // missing its last character.
    if let [.., before, surname, given] = *tail_chars {
        if !text::is_han(before) && text::is_surname(surname) && text::is_han(given) && text::is_han(b) && !lex.is_word_pair(surname, given) {
            score += NAME_ACROSS_BONUS;
            say(&|| format!("the name {surname}{given}{b} runs across the break"));
            telling = true;
        }
    }
    let numeric = |c: char| text::is_digit(c) || matches!(c, '．' | '.' | '·' | '，' | ',');
    // (`……１月` + `１７日电`: a date goes on in its next unit.)
    let date_goes_on = match (tail_chars, a) {
        ([.., d, _], '年' | '月') if text::is_digit(*d) => {
            let unit = key.head_all().iter().find(|c| !text::is_digit(**c));
            text::is_digit(b) && unit == Some(if a == '年' { &'月' } else { &'日' })
        }
        _ => false,
    };
    if date_goes_on || text::is_digit(a) && (numeric(b) || matches!(b, '年' | '月' | '日' | '多' | '余') || is_unit(b)) {
        score += NUMBER_ACROSS_BONUS;
        say(&|| "a number runs across the break".into());
        telling = true;
    }
    // `……人均基本农田` + `０.８亩`: a quantity (digits of either width, a
    // decimal point, a unit) goes on from the words before it; paragraphs
    // open with dates (`１９９７年，`), not with bare amounts.
    if text::is_han(a) && !text::is_digit(a) && opens_with_quantity(key.head_all()) {
        score += QUANTITY_BONUS;
        say(&|| "an amount runs on from the words before the break".into());
        telling = true;
    }
    if text::is_han(a) && text::is_han(b) {
        let pmi = lex.seam_pmi(a, b);
        let start = lex.start_pmi(b);
        score += SEAM_PMI_WEIGHT * pmi - START_WEIGHT * start;
        // (A pair news text never has can score so through its rare
        // characters alone: it is not called common.)
        if pmi > PMI_SAID && lex.bigram(a, b) > 0 {
            say(&|| format!("‘{a}{b}’ is a common sequence"));
        }
        if start < START_SAID {
            say(&|| format!("few paragraphs open with ‘{b}’"));
        }
    }
    // `……王森浩、宋瑞祥、石秀诗、` + `陈同海等`: the head's first item is
    // as long as the tail's last ones.
    if let Some(n) = key.list_item {
        let n = usize::from(n);
        let head_all = key.head_all();
        let item = head_all.iter().take_while(|c| text::is_han(**c) && !matches!(c, '等' | '和' | '及' | '与')).count();
        if item == n && head_all.get(n).is_some_and(|c| matches!(c, '、' | '等' | '和' | '及' | '与' | '，' | '。')) {
            score += LIST_GOES_ON_BONUS;
            say(&|| format!("the list goes on with an item of {n} characters, as long as the ones before the break"));
            telling = true;
        }
    }
    // `……目标。（记者` + `张某）`: the head closes the bracket.
    if key.open_bracket && text::closes_first(key.head_all().iter().copied(), text::BRACKETS) {
        score += QUOTE_CLOSED_BONUS;
        say(&|| "the head closes the bracket the tail opened".into());
        telling = true;
    }
    // `……认真执行《` + `森林法》，……`: the head closes the title.
    if key.open_title && text::closes_first(key.head_all().iter().copied(), text::TITLE_MARKS) {
        score += QUOTE_CLOSED_BONUS;
        say(&|| "the head closes the title mark the tail opened".into());
        telling = true;
    }
    if key.open_quote {
        score += OPEN_QUOTE_BONUS;
        say(&|| "a quote is left open".into());
        telling = true;
        if text::closes_first(key.head_all().iter().copied(), text::QUOTES) {
            score += QUOTE_CLOSED_BONUS;
            say(&|| "the head closes it".into());
        }
    }
    Seam { score, reason: String::new(), telling: telling || spans, only_word: spans && !telling }
}

/// A fragment whose end reads as a finished sentence and whose next block
/// reads as a new one (`……破解了老旧小区充电难题` | `此外，海盐还……`), with
/// nothing telling across the break: most likely a paragraph whose full
/// stop OCR lost, not a paragraph split by a column break. Returns the
/// log-likelihood ratio of the lost full stop when it is convincing.
pub fn lost_full_stop(tail: &str, head: &str, lex: &Lexicon) -> Option<f64> {
    lost_stop_evidence(tail, head, lex).filter(|&r| r >= LOST_STOP_MIN)
}

/// The evidence that a paragraph lost its full stop between `tail` and
/// `head`: the [`sentence_break_ratio`] of the characters either side,
/// less [`LM_STOP_WEIGHT`] times how much better the language model reads
/// the head on from the tail than at a paragraph's start
/// ([`lm_seam_gain`]). The pair statistics see two characters each side;
/// the model reads three before the break, and tells `……加强市场监管` +
/// `力度，` (a sentence going on) from `……难题` + `此外，` (one ending).
/// [`unjoined_after`] weighs the same, reading the model only where it can
/// decide.
pub fn lost_stop_evidence(tail: &str, head: &str, lex: &Lexicon) -> Option<f64> {
    sentence_break_ratio(tail, head, lex).map(|r| r - LM_STOP_WEIGHT * lm_seam_gain(tail, head, lex))
}

/// Weight of [`lm_seam_gain`] against a lost full stop.
pub const LM_STOP_WEIGHT: f64 = 0.5;

/// The log-likelihood ratio of a sentence boundary between `tail` and
/// `head` (see [`Lexicon::lost_stop_ratio`]), where the seam is Chinese text
/// and nothing telling runs across it.
pub fn sentence_break_ratio(tail: &str, head: &str, lex: &Lexicon) -> Option<f64> {
    sentence_break_ratio_with(tail, head, lex, Lexicon::lost_stop_ratio)
}

/// [`sentence_break_ratio`] with the statistics `ratio` reads.
fn sentence_break_ratio_with(tail: &str, head: &str, lex: &Lexicon, ratio: fn(&Lexicon, [char; 2], [char; 2]) -> Option<f64>) -> Option<f64> {
    if seam_with(tail, head, lex, None).telling {
        return None;
    }
    boundary_ratio_with(tail, head, lex, ratio)
}

/// [`sentence_break_ratio`] whatever runs across the seam.
pub fn boundary_ratio(tail: &str, head: &str, lex: &Lexicon) -> Option<f64> {
    boundary_ratio_with(tail, head, lex, Lexicon::lost_stop_ratio)
}

fn boundary_ratio_with(tail: &str, head: &str, lex: &Lexicon, ratio: fn(&Lexicon, [char; 2], [char; 2]) -> Option<f64>) -> Option<f64> {
    // News text prints digits full-width (`２０２１年`), as the statistics have them.
    let wide = |c: char| if c.is_ascii_digit() { char::from_u32(c as u32 + 0xFEE0).unwrap_or(c) } else { c };
    // A closing quote or a space where the full stop was says nothing either way.
    let bare = tail.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '”' | '"' | '’' | '』' | '」'));
    let t: Vec<char> = bare.chars().rev().take(2).map(wide).collect();
    let h: Vec<char> = head.trim_start().chars().take(2).map(wide).collect();
    let (&[a2, a1], &[b1, b2]) = (&t[..], &h[..]) else { return None };
    let word = |c: char| text::is_han(c) || text::is_digit(c);
    if !(text::is_han(a1) && text::is_han(a2) && (word(b1) || b1 == '“') && word(b2)) {
        return None;
    }
    ratio(lex, [a1, a2], [b1, b2])
}

/// The most frequent lexicon word made of 1–3 characters of the tail and
/// 1–3 characters of the head (`先`+`行` → `先行`, `数字服`+`务` → `服务`):
/// how many characters it takes from each, and its frequency.
fn spanning_word(tail: &[char], head: &[char], lex: &Lexicon) -> Option<(usize, usize, u64)> {
    let mut best: Option<(usize, usize, u64)> = None;
    let mut word = ['\0'; 6];
    // The head's leading Han characters, at most three.
    let right = head.iter().take(3).take_while(|&&c| text::is_han(c)).count();
    if right == 0 {
        return None;
    }
    // The tail ends a word of its own (`……安全`, `……研究所`, or one
    // character alone after a mark, `……；对`) and the head opens one
    // (`国家……`, `长期……`, `此前……`).
    let two_words_meet = || {
        let n = tail.len();
        let alone = n >= 2 && !text::is_han(tail[n - 2]);
        let ends = alone || (n >= 2 && lex.is_word_pair(tail[n - 2], tail[n - 1])) || (n >= 3 && text::is_han(tail[n - 3]) && lex.word_freq_of_any(&tail[n - 3..]).is_some());
        ends && right >= 2 && lex.is_word_pair(head[0], head[1])
    };
    for i in 1..=tail.len().min(3) {
        let left = &tail[tail.len() - i..];
        if !text::is_han(left[0]) {
            break;
        }
        word[..i].copy_from_slice(left);
        word[i..i + right].copy_from_slice(&head[..right]);
        // The words of up to four characters are prefixes of one stretch.
        let short = lex.prefix_word_freqs(&word[..(i + right).min(4)]);
        for j in 1..=right {
            // Two characters across the break where each side ends or opens
            // a word of its own (`安全` | `国家` reads `全国`, `研究所` |
            // `长期` reads `所长`) are two words meeting, not one cut.
            if i == 1 && j == 1 && two_words_meet() {
                continue;
            }
            let freq = if i + j <= 4 { short[i + j - 1] } else { lex.word_freq_of_any(&word[..i + j]) };
            if let Some(freq) = freq {
                if best.is_none_or(|(_, _, f)| freq > f) {
                    best = Some((i, j, freq));
                }
            }
        }
    }
    best
}

/// Text with sentence punctuation, or too short to tell. A colon counts:
/// a story's first sentence runs on from its dateline (`……电记者某某报道：`),
/// and a dateline is no part of the text it opens (`本报讯某某公司党委
/// 积极参与企业重` is short, not a table row).
fn is_prose(text: &str) -> bool {
    if text.contains(['，', '。', '；', ',', '！', '？', '：']) {
        return true;
    }
    let chars = text.chars().count();
    // Enumeration commas make a list of items read as text, but one among
    // a long line of names does not (`……白石镇农机站、白石镇中心小学……`
    // with the rest unseparated).
    let enumerated = text.matches('、').count() * ENUMERATION_SPACING >= chars;
    // A verb's aspect mark (`还会见了……`) is a sentence's; a row of names
    // or units has none.
    let aspect = text.contains("了");
    enumerated || aspect || chars < 20 || chars - text::dateline_chars(text).unwrap_or(0) < 20
}

/// The most characters per enumeration comma of a line [`is_prose`] takes
/// for a list of items that are read as text.
const ENUMERATION_SPACING: usize = 30;

/// The length of the last items of a list `text` ends inside
/// (`……王森浩、宋瑞祥、石秀诗、`): its last two items, each between two `、`,
/// are Chinese words or names of the same length (two to four characters).
fn list_item_length(text: &str) -> Option<u8> {
    let mut back = text.trim_end().chars().rev();
    if back.next() != Some('、') {
        return None;
    }
    // Each item is read back to the `、` before it, which must be there.
    let mut item = || {
        for (len, c) in back.by_ref().enumerate() {
            if c == '、' {
                return (2..=4).contains(&len).then_some(len as u8);
            }
            if !text::is_han(c) || len == 4 {
                return None;
            }
        }
        None
    };
    let last = item()?;
    (item()? == last).then_some(last)
}

/// Whether `text` ends inside a bracket and inside a title's marks: among
/// its last [`BRACKET_REACH`] characters, the last of `（` and `）` is a
/// `（` (`……种养技术。（记者`), and the last of `《` and `》` is a `《`
/// (`……认真执行《`). One pass over the characters for both.
fn open_marks(text: &str) -> (bool, bool) {
    let (mut bracket, mut title) = (None, None);
    for c in text.trim_end().chars().rev().take(BRACKET_REACH) {
        match c {
            '（' | '(' | '）' | ')' if bracket.is_none() => bracket = Some(matches!(c, '（' | '(')),
            '《' | '》' if title.is_none() => title = Some(c == '《'),
            _ => {}
        }
        if bracket.is_some() && title.is_some() {
            break;
        }
    }
    (bracket == Some(true), title == Some(true))
}

/// `text` ends inside a bracket (see [`open_marks`]).
#[cfg(test)]
fn open_bracket(text: &str) -> bool {
    open_marks(text).0
}

/// How far back from a tail's end [`open_marks`] looks: a credit, a note
/// or a title, not a bracket some earlier sentence left open.
const BRACKET_REACH: usize = 16;

/// More quotes opened (`“`, `『`, `「`) than closed in `text`. Read as
/// bytes: every seam asks it of its whole tail. The marks' first bytes
/// (`0xE2`, `0xE3`) are only ever the first byte of a character, so only
/// where one of them stands is a mark looked for.
fn open_quote(text: &str) -> bool {
    let b = text.as_bytes();
    let mut depth = 0i64;
    for i in memchr::memchr2_iter(0xE2, 0xE3, b) {
        match b.get(i..i + 3) {
            Some([0xE2, 0x80, 0x9C] | [0xE3, 0x80, 0x8E] | [0xE3, 0x80, 0x8C]) => depth += 1,
            Some([0xE2, 0x80, 0x9D] | [0xE3, 0x80, 0x8F] | [0xE3, 0x80, 0x8D]) => depth -= 1,
            _ => {}
        }
    }
    depth > 0
}

/// `一、`, `（二）`, `３．`, `第一，`, `第二天，`, `第三条`: a block that opens a
/// list item, an enumerating sentence or a section. An ordinal inside a
/// noun phrase (`第三大港口的…`, `第二个五年计划`) opens none: a column broke
/// before it.
fn opens_list_item(head: &str) -> bool {
    let mut chars = head.chars();
    let first = chars.next();
    let second = chars.next();
    let numeral = text::is_small_numeral;
    match (first, second) {
        (Some('（') | Some('('), Some(c)) => numeral(c),
        (Some('第'), Some(c)) if numeral(c) => {
            // A section of a text (`第三条`, `第二章`), `第二是`, or an
            // opener that a comma closes within a few characters (`第二天，`,
            // `第二年冬天，`). (A `是` further on is a sentence's verb:
            // `第四卷写的是……`.)
            let mut rest = head.chars().skip(1).skip_while(|&c| numeral(c) || "百千零〇两".contains(c));
            match rest.next() {
                // A section cited inside a sentence (`第一百条的规定`,
                // `第三条第二款`, `第五条、第六条`) opens nothing.
                Some(c) if "条章节款编".contains(c) => !rest.next().is_some_and(|c| matches!(c, '的' | '第' | '、' | '和' | '及' | '之' | '所')),
                Some('是') => true,
                Some(c) => std::iter::once(c).chain(rest.take(3)).any(|c| matches!(c, '，' | '、' | '：' | '．' | '.' | ',' | ':' | ' ' | '\u{3000}')),
                None => false,
            }
        }
        (Some(c), Some(d)) => numeral(c) && matches!(d, '、' | '．' | '.' | '是'),
        _ => false,
    }
}

/// Body block `i`, which may end a paragraph, and the block after it,
/// which could go on from it: where [`series_goes_on`] and
/// [`credit_follows`] look.
fn ends_before_a_possible_continuation(page: &Page, i: usize) -> bool {
    let b = &page.blocks[i];
    b.kind == BlockKind::Body && !b.ignored && b.jump_head.is_none() && i + 1 < page.blocks.len() && can_continue(page, i + 1)
}

/// Body block `i` ends an item of a series run inline with `；` or `。`
/// (not a fragment: a paragraph may end there), and the block after it
/// opens the series' next item (see [`continues_series`]).
fn series_goes_on(page: &Page, i: usize) -> bool {
    ends_before_a_possible_continuation(page, i) && series_goes_on_across(page.content(i), page.content(i + 1))
}

/// [`series_goes_on`] of the texts either side of a break.
fn series_goes_on_across(tail: &str, head: &str) -> bool {
    tail.trim_end().ends_with(['；', ';', '。']) && continues_series(tail, head)
}

/// Body block `i` runs clauses inline with `；` and ends with one
/// (`……保护现场；抢救伤员；` + `通知有关部门……`): the paragraph goes on
/// into the next block, unless either opens an item of a list (a list printed
/// one item to a paragraph ends each with `；`) or the next opens as the
/// block does (`一方面……；` + `一方面……`: paragraphs run in parallel).
fn clauses_go_on(page: &Page, i: usize) -> bool {
    ends_before_a_possible_continuation(page, i) && clauses_go_on_across(page.content(i), page.content(i + 1))
}

/// [`clauses_go_on`] of the texts either side of a break.
fn clauses_go_on_across(tail: &str, head: &str) -> bool {
    let (tail, head) = (tail.trim(), head.trim_start());
    let Some(body) = tail.strip_suffix(['；', ';']) else { return false };
    let opens_item = |t: &str| opens_list_item(t) || ordinal(t).is_some() || text::opens_with_bullet(t);
    let parallel = tail.chars().take(PARALLEL_OPENING).eq(head.chars().take(PARALLEL_OPENING));
    body.contains(['；', ';']) && !opens_item(tail) && !opens_item(head) && !opens_on_its_own(head) && !parallel
}

/// How many characters two paragraphs run in parallel open with alike.
const PARALLEL_OPENING: usize = 2;

/// Body block `i` ends a sentence, and the block after it opens with the
/// mark that completes its end: the closing quote of a quotation the block
/// leaves open (`……答：“是解放军。` + `”他又问`), the second mark of `？！`
/// (`……生活呢？` + `！他们……`), or the rest of a dash (`……方面——` +
/// `—观众少`, see [`text::splits_a_dash`]). The break fell inside the paragraph. (A
/// block that opens with any other mark goes on from some fragment, often
/// one printed earlier.)
fn mark_follows(page: &Page, i: usize) -> bool {
    ends_before_a_possible_continuation(page, i) && mark_follows_across(page.content(i), page.content(i + 1))
}

/// [`mark_follows`] of the texts either side of a break.
fn mark_follows_across(tail: &str, head: &str) -> bool {
    if !text::ends_paragraph(tail) {
        return false;
    }
    let (tail, head) = (tail.trim_end(), head.trim_start());
    match head.chars().next() {
        Some('”' | '』' | '」') => open_quote(tail),
        Some('！' | '？') => tail.ends_with(['？', '！']),
        Some(c) if text::is_dash(c) => text::splits_a_dash(tail, head),
        _ => false,
    }
}

/// A paragraph that ends a sentence before a break goes on across it, as
/// the text either side shows: its clauses run inline with `；` and go on
/// (`……保护现场；抢救伤员；` + `通知有关部门……`), its series goes on with
/// the next item (`……三是庭院绿化；` + `四是……`), or the head opens with
/// the mark that completes the tail's end (`……生活呢？` + `！他们……`). The
/// column tests read the same; what a jump between pages cuts reads as a
/// column's break does.
pub fn goes_on_across(tail: &str, head: &str) -> bool {
    clauses_go_on_across(tail, head) || series_goes_on_across(tail, head) || mark_follows_across(tail, head)
}

/// Body block `i` ends a sentence, and the block after it is only a
/// bracketed credit (`（王立 李华）`), which closes the paragraph before it.
fn credit_follows(page: &Page, i: usize) -> bool {
    ends_before_a_possible_continuation(page, i)
        && text::ends_paragraph(page.content(i))
        && text::is_credit(page.content(i + 1))
        && crate::jumpline::whole(page.content(i + 1)).is_none()
}

/// `……三是庭院绿化；` + `四是……`: the head's ordinal is the next
/// of a series the tail runs inline, in the same form (`六是` / `七是`,
/// `第六，` / `第七，`, `（六）` / `（七）`, `（５）` / `（６）`), and the
/// tail stops after a clause or a sentence: the item goes on in the same
/// paragraph.
fn continues_series(tail: &str, head: &str) -> bool {
    let tail = tail.trim_end();
    if !tail.ends_with(['；', '，', '、', '。', ';', ',']) {
        return false;
    }
    let Some(item) = ordinal(head) else { return false };
    // The item before runs inline too: a clause or a sentence ends right
    // before it (a list printed one item to a paragraph opens each with
    // its ordinal).
    item.value > 1 && {
        let before = Ordinal { value: item.value - 1, ..item }.to_string();
        tail.match_indices(&before).any(|(at, _)| tail[..at].ends_with([':', '：', '；', ';', '，', ',', '。']))
    }
}

/// An item's ordinal: its form (what comes before and after the value),
/// its value, and the digits it writes the value in; written back as
/// printed (`Display`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Ordinal {
    prefix: &'static str,
    value: u32,
    suffix: char,
    digits: Digits,
}

/// How an ordinal writes its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Digits {
    Chinese,
    Ascii,
    FullWidth,
}

impl std::fmt::Display for Ordinal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.value;
        let value = match self.digits {
            Digits::Chinese => chinese_numeral(n),
            Digits::Ascii => char::from_digit(n, 10).unwrap_or('0'),
            Digits::FullWidth => char::from_u32('０' as u32 + n).filter(|_| n < 10).unwrap_or('０'),
        };
        write!(f, "{}{value}{}", self.prefix, self.suffix)
    }
}

/// The ordinal a head opens with: `七是` → (``, 7, `是`), `第二，` →
/// (`第`, 2, `，`), `（三）` → (`（`, 3, `）`), `(４)` → (`(`, 4, `)`,
/// full-width digits). Up to ten in Chinese numerals, up to nine in digits
/// (in brackets only: `４、` and `４．` also number headings and tables).
fn ordinal(head: &str) -> Option<Ordinal> {
    let chinese = |c: char| "一二三四五六七八九十".chars().position(|d| d == c).map(|i| i as u32 + 1);
    let digit = |c: char| match c {
        '1'..='9' => Some((c as u32 - '0' as u32, Digits::Ascii)),
        '１'..='９' => Some((c as u32 - '０' as u32, Digits::FullWidth)),
        _ => chinese(c).map(|v| (v, Digits::Chinese)),
    };
    let item = |prefix, value: Option<u32>, suffix| value.map(|value| Ordinal { prefix, value, suffix, digits: Digits::Chinese });
    let mut cs = head.chars();
    match (cs.next()?, cs.next()?, cs.next()) {
        ('第', c, Some(s @ ('，' | '、' | '是'))) => item("第", chinese(c), s),
        (open @ ('（' | '('), c, Some(close @ ('）' | ')'))) => {
            let (value, digits) = digit(c)?;
            Some(Ordinal { prefix: if open == '（' { "（" } else { "(" }, value, suffix: close, digits })
        }
        (c, s @ ('是' | '、'), _) => item("", chinese(c), s),
        _ => None,
    }
}

/// `一` … `十`.
fn chinese_numeral(n: u32) -> char {
    "一二三四五六七八九十".chars().nth(n as usize - 1).unwrap_or('〇')
}

/// What an amount at a seam adds to it.
const QUANTITY_BONUS: f64 = 2.0;

/// `０.８亩`, `3.5万`, `１２０吨`, `６０％`: digits (either width, with a
/// decimal point) and then a unit or a measure word, not a date (`年`,
/// `月`, `日`) or a list number (`１．`, `２、`); `head` is the block's first
/// twelve characters.
fn opens_with_quantity(head: &[char]) -> bool {
    let digits = head.iter().take_while(|&&c| text::is_digit(c)).count();
    if digits == 0 {
        return false;
    }
    let mut rest = &head[digits..];
    if let [point, d, ..] = rest {
        if matches!(point, '.' | '．' | '·') && text::is_digit(*d) {
            let more = rest[1..].iter().take_while(|&&c| text::is_digit(c)).count();
            rest = &rest[1 + more..];
        }
    }
    rest.first().is_some_and(|&c| is_unit(c)) || (rest.first().is_some_and(|&c| matches!(c, '多' | '余')) && rest.get(1).is_some_and(|&c| is_unit(c)))
}

/// A unit or a measure word that follows an amount (`亩`, `吨`, `名`, `项`).
fn is_unit(c: char) -> bool {
    "亩万亿千百元角吨斤克米里个名人次家件台辆户所项座条种张部位岁倍点秒度届批架艘只头株棵套篇册份场块双股例宗幅枚升公％%".contains(c)
}

/// A candidate pairing considered by the assignment.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub from: BlockRef,
    pub to: BlockRef,
    pub adjacent: bool,
    pub seam: Seam,
    /// For an interleaved candidate: how much its run shares the topic of
    /// the text before the fragment (see [`Lexicon::topic_overlap`]).
    pub topic: f64,
    /// Score the assignment maximises.
    pub weight: f64,
}

/// The candidates for every fragment of the pages, in reading order of `pages`.
/// `consecutive[k]` says page `k + 1` directly follows page `k` in print.
pub fn candidates(pages: &[Page], consecutive: &[bool], lex: &Lexicon) -> Vec<Candidate> {
    let caches: Vec<TermCache> = pages.iter().map(|p| TermCache::new(p, lex)).collect();
    candidates_with(pages, consecutive, &caches, lex, &|_| false)
}

/// The weight of a join to the very next block, before its seam's score: a
/// neighbour always outranks a far block.
const ADJACENT_WEIGHT: f64 = 100.0;
/// The weight of a join from a page's last block to the next page's first.
const NEXT_PAGE_WEIGHT: f64 = 50.0;
/// Against a far continuation, for each article opened between it and the fragment.
const CROSSED_ARTICLE_COST: f64 = 0.1;
/// How far below a far continuation a word runs into the next block is
/// weighed where nothing shows a split into it (see [`candidates_with`]).
const FAR_WORD_MARGIN: f64 = 0.5;
/// A shared-topic score from which the reason names the shared terms.
const TOPIC_SAID: f64 = 4.0;

fn candidates_with(pages: &[Page], consecutive: &[bool], caches: &[TermCache], lex: &Lexicon, excluded: &dyn Fn(BlockRef) -> bool) -> Vec<Candidate> {
    let mut out = Vec::new();
    for (p, page) in pages.iter().enumerate() {
        let n = page.blocks.len();
        let terms = &caches[p];
        let reading = terms.reading();
        let by_text = |i: usize| is_fragment(page, i) || series_goes_on(page, i) || credit_follows(page, i) || mark_follows(page, i) || clauses_go_on(page, i);
        for f in (0..n).filter(|&i| (by_text(i) || at_column_foot(terms, i) || at_column_foot_before_an_article(terms, i)) && !excluded((p, i))) {
            if !by_text(f) {
                if at_column_foot_before_an_article(terms, f) {
                    // The column cut the paragraph, and the layout printed
                    // other articles before the rest of it.
                    let mut far = Vec::new();
                    interleaved_candidates(page, p, f, terms, lex, false, &mut far);
                    out.extend(far.into_iter().filter(|c| !excluded(c.to)));
                } else if !excluded((p, f + 1)) {
                    out.extend(foot_candidate(page, p, f, lex));
                }
                continue;
            }
            if f + 1 < n && can_continue(page, f + 1) {
                if excluded((p, f + 1)) {
                    continue;
                }
                match unjoined_after(page, f, lex, reading) {
                    None => {
                        let Some(mut adjacent) = adjacent_candidate(page, p, f, lex) else { continue };
                        // Where nothing shows a split into the next block,
                        // a block further on that no paragraph opens with,
                        // into which a long word runs across (`……在布鲁塞` |
                        // other articles | `尔商讨对策。`), is the
                        // continuation: the next block only if another
                        // fragment takes that one.
                        if !adjacent.seam.telling {
                            let mut far = Vec::new();
                            interleaved_candidates(page, p, f, terms, lex, true, &mut far);
                            far.retain(|c| !excluded(c.to) && c.seam.telling && terms.never_opens(c.to.1) && long_word_across(page.content(f), page.content(c.to.1), lex));
                            if let Some(w) = far.iter().map(|c| c.weight).reduce(f64::min) {
                                adjacent.weight = w.min(adjacent.weight) - FAR_WORD_MARGIN;
                                out.extend(far);
                            }
                        }
                        out.push(adjacent);
                    }
                    // Where the block ends at a column's foot with its last
                    // line full, the column cut it, whatever its end reads
                    // like: a paragraph that lost its full stop ends there
                    // only by chance. As its end reads, its continuation is
                    // a block further on that no paragraph opens with, if
                    // there is one (the layout printed other articles in
                    // between); else the next block.
                    Some(Unjoined::LostFullStop) if terms.column_foot(f) => {
                        let mut far = Vec::new();
                        interleaved_candidates(page, p, f, terms, lex, true, &mut far);
                        far.retain(|c| !excluded(c.to));
                        if far.is_empty() {
                            out.extend(adjacent_candidate(page, p, f, lex));
                        }
                        out.extend(far);
                    }
                    // A paragraph that reads as finished, where the next
                    // block opens a new one, goes on only to a block further
                    // on that no paragraph opens with (`……对这些照片` |
                    // other articles | `的研究表明……`); if none, the
                    // pipeline reports it as a `fragment`.
                    Some(Unjoined::LostFullStop) if !deck_line(page, f) => {
                        let mut far = Vec::new();
                        interleaved_candidates(page, p, f, terms, lex, true, &mut far);
                        out.extend(far.into_iter().filter(|c| !excluded(c.to)));
                    }
                    Some(_) => {}
                }
            } else if f + 1 == n {
                // The page's last block: the next page's first block, if it reads on.
                if consecutive.get(p).copied().unwrap_or(false) {
                    out.extend(pages.get(p + 1).and_then(|next| next_page_candidate(page, p, f, next, lex)).filter(|c| !excluded(c.to)));
                }
            } else if !deck_line(page, f) {
                let mut far = Vec::new();
                interleaved_candidates(page, p, f, terms, lex, false, &mut far);
                out.extend(far.into_iter().filter(|c| !excluded(c.to)));
            }
        }
    }
    out
}

/// The join of fragment `f` to the block right after it, unless that block
/// opens a list item and the seam is not strong enough to join one.
fn adjacent_candidate(page: &Page, p: usize, f: usize, lex: &Lexicon) -> Option<Candidate> {
    let s = seam(page.content(f), page.content(f + 1), lex);
    let list_item = opens_list_item(page.content(f + 1)) && !continues_series(page.content(f), page.content(f + 1));
    // Two lines of a list without punctuation (names, units) are as often
    // two paragraphs as one cut by a column: only evidence of a cut joins
    // them (a name or a word across the break). So is a line without
    // punctuation right under the title, whatever follows: the title's
    // deck (`……等分别走访慰问……等` | `老战士们请……`), each line a paragraph.
    let list_lines = !is_prose(page.content(f)) && (!is_prose(page.content(f + 1)) || heads_article(page, f));
    ((s.telling || !list_lines) && (!list_item || s.score >= LIST_ITEM_THRESHOLD)).then(|| Candidate { from: (p, f), to: (p, f + 1), adjacent: true, weight: ADJACENT_WEIGHT + s.score, seam: s, topic: 0.0 })
}

/// Body block `i` ends a sentence exactly at a column's foot, its last line
/// full ([`TermCache::column_foot`]), and the block after it could go on
/// from it.
fn at_column_foot(terms: &TermCache, i: usize) -> bool {
    ends_sentence_at_column_foot(terms, i) && can_continue(terms.page, i + 1)
}

/// ... and another article opens right after it: the paragraph may go on
/// after that article (see [`interleaved_candidates`]).
fn at_column_foot_before_an_article(terms: &TermCache, i: usize) -> bool {
    ends_sentence_at_column_foot(terms, i) && opens_article(terms.page, i + 1)
}

/// Body block `i`, not the page's last, ends a sentence (not with a credit)
/// exactly at a column's foot, its last line full.
fn ends_sentence_at_column_foot(terms: &TermCache, i: usize) -> bool {
    let page = terms.page;
    let b = &page.blocks[i];
    let content = page.content(i);
    b.kind == BlockKind::Body
        && !b.ignored
        && b.jump_head.is_none()
        && i + 1 < page.blocks.len()
        && text::ends_paragraph(content)
        && !text::ends_with_credit(content)
        && terms.column_foot(i)
}

/// The weight of a join from a block that ends a sentence at a column's
/// foot, before its seam's score: nothing like a neighbour's
/// ([`ADJACENT_WEIGHT`]), but as much as a far continuation of a fragment
/// cut mid-sentence (which shows a split for certain) that barely passes its
/// bar, so that such a fragment takes the block after the foot where its
/// seam reads better.
const FOOT_WEIGHT: f64 = 1.0;
/// The seam score below which the block after a column's foot opens a
/// paragraph of its own all the same.
const FOOT_SEAM_MIN: f64 = -1.0;

/// The join of block `f`, which ends a sentence at a column's foot, to the
/// block after it, unless that opens an item of a list or a series (a new
/// paragraph whatever the layout) or its seam reads strongly against it.
/// The layout alone says a column cut such a block only about twice as
/// often as the paragraph ended there: the block after it decides (see
/// [`opens_within_paragraph`]).
fn foot_candidate(page: &Page, p: usize, f: usize, lex: &Lexicon) -> Option<Candidate> {
    let head = page.content(f + 1);
    if opens_list_item(head) || ordinal(head).is_some() || opens_counted_point(head) || text::opens_with_bullet(head) {
        return None;
    }
    // After a colon at the foot, the text goes on whatever opens the next
    // column (`他说：` | `“……`): a paragraph rarely ends with one, and only
    // a list, left out above, opens after it.
    let colon = page.content(f).trim_end().ends_with('：');
    if !colon && !opens_within_paragraph(page.content(f), head, lex) {
        return None;
    }
    let s = seam(page.content(f), head, lex);
    (s.score >= FOOT_SEAM_MIN).then(|| Candidate { from: (p, f), to: (p, f + 1), adjacent: true, weight: FOOT_WEIGHT + s.score - FOOT_SEAM_MIN, seam: s, topic: 0.0 })
}

/// The sentence `head` opens after the one `tail` ends reads as the next
/// of the same paragraph rather than as a new paragraph's first: the odds
/// that a sentence opening with its first character opens a paragraph
/// ([`Lexicon::paragraph_break_probability`]; `但`, `这` rarely do, a date
/// or a dateline often) are below how much likelier the language model
/// reads its first characters after `tail`'s full stop than at a
/// paragraph's start ([`lm_stop_gain`]: `……难以鉴别。` + `在盗卖中，`
/// reads on, `……作出安排。` + `会议认为，` opens anew).
fn opens_within_paragraph(tail: &str, head: &str, lex: &Lexicon) -> bool {
    let Some(p) = head.trim_start().chars().next().and_then(|c| lex.paragraph_break_probability(c)) else { return false };
    crate::math::ln(p) - crate::math::ln(1.0 - p) < lm_stop_gain(tail, head, lex)
}

/// How much likelier the language model finds the first characters of
/// `head` after the end of `tail`, its full stop included, than at a
/// paragraph's start, in nats. 0 without the model.
pub fn lm_stop_gain(tail: &str, head: &str, lex: &Lexicon) -> f64 {
    lm_gain(tail, head, lex, |_, _| true)
}

/// How much likelier the language model finds the head's first
/// [`crate::lexicon::LM_ORDER`] − 1 characters after the tail's last ones
/// than at a paragraph's start, in nats; 0 where a side is empty or the
/// characters either side of the break are not `across(before, after)`.
fn lm_gain(tail: &str, head: &str, lex: &Lexicon, across: fn(char, char) -> bool) -> f64 {
    let k = crate::lexicon::LM_ORDER - 1;
    let mut joined: Vec<char> = tail.trim_end().chars().rev().take(k).collect();
    joined.reverse();
    let from = joined.len();
    joined.extend(head.trim_start().chars().take(k));
    if from == 0 || joined.len() == from || !across(joined[from - 1], joined[from]) {
        return 0.0;
    }
    let fresh = lex.lm_span_cost(&joined[from..], 0, joined.len() - from, true);
    let on = lex.lm_span_cost(&joined, from, joined.len(), false);
    (f64::from(fresh) - f64::from(on)) / 1000.0 * std::f64::consts::LN_10
}

/// `其三，……`: the next point of an argument counted `其一`, `其二`, which
/// opens a paragraph where `第三，` would.
fn opens_counted_point(head: &str) -> bool {
    let mut cs = head.trim_start().chars();
    matches!((cs.next(), cs.next(), cs.next()), (Some('其'), Some(c), Some('，' | '、' | '是' | ',')) if "一二三四五六七八九十".contains(c))
}

/// The join of a page's last block `f` to the next page's first block.
fn next_page_candidate(page: &Page, p: usize, f: usize, next: &Page, lex: &Lexicon) -> Option<Candidate> {
    let first = (0..next.blocks.len()).next().filter(|&i| can_continue(next, i))?;
    let s = seam(page.content(f), next.content(first), lex);
    (s.score >= CROSS_PAGE_THRESHOLD).then(|| Candidate { from: (p, f), to: (p + 1, first), adjacent: true, weight: NEXT_PAGE_WEIGHT + s.score, seam: s, topic: 0.0 })
}

/// Interleaved: the continuations of fragment `f` that follow one or more
/// other articles, within [`WINDOW`] blocks.
/// With `unopenable_only`, for a fragment [`unjoined_after`] takes for a
/// paragraph that lost its full stop: only blocks no paragraph opens with.
fn interleaved_candidates(page: &Page, p: usize, f: usize, terms: &TermCache, lex: &Lexicon, unopenable_only: bool, out: &mut Vec<Candidate>) {
    let n = page.blocks.len();
    let tail = page.content(f);
    // Running prose is searched for: a table row or a list of names
    // without a comma is not a sentence cut in two. Such a block only takes
    // a head that must go on from something (`、最方便的钟点。`), unless it
    // ends with a mark that something must follow (`……董事长约翰·`) or with
    // words no sentence ends with (`……结束对中国的`): a long sentence
    // without a mark reads like a row. Nor where the page's columns say a
    // column's foot cut it (its last line full on a column's last line):
    // a list of names set as running text goes on in the next column. Nor
    // a story's opening, however long it runs from its dateline without a
    // mark (`据新华社某地某日电某国外长……讨论了`): no row opens with one.
    let row = !is_prose(tail)
        && !tail.trim_end().ends_with(['·', '（', '(', '《', '“', '『', '「'])
        && ends_sentence(tail, lex)
        && !terms.column_foot(f)
        && text::dateline_chars(tail).is_none();
    // A paragraph whose end reads as a sentence's end, before a heading:
    // only evidence that a split leaves makes it a fragment.
    // A paragraph that ends a sentence at a column's foot, its last line
    // full: the column may have cut it there. It goes on only to a block
    // that reads as the next sentence of a paragraph (see
    // [`opens_within_paragraph`]).
    let at_foot = text::ends_paragraph(tail) && terms.column_foot(f);
    let finished = !at_foot && (unopenable_only || unjoined_after(page, f, lex, terms.reading()) == Some(Unjoined::LostFullStop));
    // The fragment's own context, computed once a candidate needs it.
    let before = || terms.article_before(f);
    let mut crossed = 0;
    // A fragment that stops after a clause mark lost no full stop: it goes
    // on somewhere, and a weaker continuation will do.
    let bar = if tail.trim_end().ends_with(['，', '、', '；', '：']) { AFTER_CLAUSE_THRESHOLD } else { INTERLEAVED_THRESHOLD };
    for b in f + 1..n.min(f + 1 + WINDOW) {
        if opens_article(page, b) {
            crossed += 1;
        }
        if unopenable_only && !terms.never_opens(b) {
            continue;
        }
        if (row && !text::opens_badly(page.content(b))) || !can_continue(page, b) {
            continue;
        }
        let prev = &page.blocks[b - 1];
        // The block before a continuation ends an interleaved article:
        // a finished paragraph, a caption, or a jump to another page.
        let prev_complete = prev.jump_head.is_some()
            || (matches!(prev.kind, BlockKind::Body | BlockKind::Caption) && ends_unit(page, b - 1));
        if !prev_complete || crossed == 0 {
            continue;
        }
        let cannot_open = text::opens_badly(page.content(b));
        let never_opens = terms.never_opens(b);
        let mut s = seam(tail, page.content(b), lex);
        // The continuation is where the text turns back to the fragment's
        // topic: count what the block shares with the text before the
        // fragment beyond what its predecessor shares, so later paragraphs
        // of the same run do not compete with it.
        // The run is read from the block and the one after it, so a short
        // first block (`配件供应站。`), or the first that names nothing of
        // the article it is printed in, is not outweighed by the paragraph
        // after it, which the run carries along.
        // (With what the block alone shares, for the test of its own article below.)
        let (raw_topic, shared, block_topic) = terms.run_topic(before(), b);
        // (A predecessor that reads more like the article it is printed in,
        // as a run's block must not, is that article's, and no block of the
        // run: what it shares takes nothing from the block after it.)
        let (prev_topic, _) = before().overlap(terms.block(b - 1));
        // (Read only where it can matter, the cheaper tests first, and not
        // kept: kept for every predecessor, the own-article contexts held
        // 17% more memory on an 11 MB page.)
        let prev_own = b - 1 > f && prev_topic > 0.0 && raw_topic > 0.0 && {
            let run_before = b - 2 > f && page.blocks[b - 2].kind == BlockKind::Body && before().overlap(terms.block(b - 2)).0 >= OWN_TOPIC_MIN;
            !run_before && {
                let (own, _) = terms.context(b - 2, CONTEXT_BLOCKS).overlap(terms.block(b - 1));
                own >= OWN_TOPIC_MIN && own > prev_topic
            }
        };
        let prev_topic = if prev_own { 0.0 } else { prev_topic };
        let topic = (raw_topic.min(TOPIC_CAP) - prev_topic.min(TOPIC_CAP)).max(0.0);
        let weight = s.score + TOPIC_WEIGHT * topic.min(TOPIC_CAP) - CROSSED_ARTICLE_COST * crossed as f64;
        // For a paragraph that reads as finished, only evidence of a split:
        // something across the break, a head that no paragraph opens with
        // (`的……`), or a strongly shared topic.
        let split = s.telling || never_opens || topic >= FINISHED_TOPIC_MIN;
        if at_foot && !opens_within_paragraph(tail, page.content(b), lex) {
            continue;
        }
        // Text printed right after a photo's caption belongs to no article
        // of its own: a continuation is all it can be, and one whose seam
        // is not against it will do.
        let after_caption = prev.kind == BlockKind::Caption;
        let weight = weight + if after_caption { AFTER_CAPTION_BONUS } else { 0.0 };
        // A fragment cut mid-sentence goes on somewhere: a block that names
        // nothing of the article it is printed in, but something of the
        // fragment's, is where it may go on, on weaker evidence
        // (`本报讯本市东郊一座大型购物中心昨天建成` … `开业。……` after
        // another story's last paragraph). Such a pair weighs almost nothing, so it
        // only takes a fragment and a block no better pair wants.
        let may_be_weak = !text::ends_paragraph(tail) && !row && block_topic > 0.0 && terms.silent(b);
        let floor = if may_be_weak { WEAK_CONTINUATION_BAR } else { bar };
        // How much better the language model reads the head after the
        // fragment than at a paragraph's start (`……加强交流` + `与合作。`),
        // read last (it costs the most) where it can still decide; evidence
        // that only a split leaves outweighs its doubts.
        if weight + LM_SEAM_WEIGHT * LM_SEAM_CAP < floor || (finished && !split) {
            continue;
        }
        let gain = lm_seam_gain(tail, page.content(b), lex);
        let weight = weight + LM_SEAM_WEIGHT * reading_of(gain, s.telling);
        if weight < floor {
            continue;
        }
        let weak = weight < bar;
        let weight = if weak { WEAK_CONTINUATION_WEIGHT * (1.0 + weight - floor) } else { weight };
        // A block that belongs with the article it is printed in reads more
        // like that article than like the fragment; across a break a word
        // runs across (`……向市民开` + `放以后，……`), clearly more.
        let (own_topic, _) = terms.article_before(b - 1).overlap(terms.block(b));
        // (A head that no paragraph opens with, reading on from the
        // fragment, cannot be its own: the block before it ends a paragraph.
        // One that opens with a mark no text opens with (`，在……`) goes on
        // from some fragment whatever the model reads.)
        let unopenable = cannot_open || (never_opens && gain > 0.0);
        if unopenable_only && !unopenable {
            continue;
        }
        let exempt = after_caption || unopenable;
        let word = || s.telling && word_across(tail, page.content(b), lex);
        if !exempt && own_topic >= OWN_TOPIC_MIN && own_topic > block_topic && (own_topic > block_topic + CROSS_TOPIC_MIN || !word()) {
            continue;
        }
        if topic >= TOPIC_SAID {
            let terms = shared.join("、");
            s.reason = if s.reason.is_empty() { format!("shares {terms} with the text before") } else { format!("{}; shares {terms} with the text before", s.reason) };
        }
        if weak {
            let said = "on weak evidence: the block names nothing of the article printed before it";
            s.reason = if s.reason.is_empty() { said.to_string() } else { format!("{}; {said}", s.reason) };
        }
        out.push(Candidate { from: (p, f), to: (p, b), adjacent: false, weight, seam: s, topic });
    }
}

/// How much likelier the language model finds the first characters of
/// `head` after the end of `tail` than at a paragraph's start, in nats,
/// within ±[`LM_SEAM_CAP`]: positive where the text reads on across the
/// break (`……加强交流` + `与合作。`), negative where the head opens anew
/// (`……难题` + `此外，…`). Only the head's first
/// [`crate::lexicon::LM_ORDER`] − 1 characters can read differently. 0
/// unless the break falls between two Chinese characters: after a mark
/// (`，` + `居民们说`) a new clause reads well wherever it stands.
pub fn lm_seam_gain(tail: &str, head: &str, lex: &Lexicon) -> f64 {
    lm_gain(tail, head, lex, |a, b| text::is_han(a) && text::is_han(b)).clamp(-LM_SEAM_CAP, LM_SEAM_CAP)
}

/// Weight and cap of [`lm_seam_gain`] in a far continuation's score.
pub const LM_SEAM_WEIGHT: f64 = 0.5;
pub const LM_SEAM_CAP: f64 = 8.0;

/// The score a far block that names nothing of the article it is printed
/// in must reach to continue a fragment cut mid-sentence (below
/// [`INTERLEAVED_THRESHOLD`]), and the weight per point above it such a
/// pair has: far below any other pair's, so that it never displaces one.
const WEAK_CONTINUATION_BAR: f64 = -1.0;
const WEAK_CONTINUATION_WEIGHT: f64 = 0.01;

/// Decide the joins: the best one-to-one assignment of fragments to continuations.
/// `numbers[k]` is the printed page number of `pages[k]`, where known.
pub fn plan(pages: &[Page], numbers: &[Option<u32>], lex: &Lexicon) -> Vec<Join> {
    plan_except(pages, numbers, lex, &|_| false)
}

/// [`plan`] for the blocks that are not `excluded`: no join or move starts,
/// ends or runs through an excluded block (lines whose columns were read
/// across, which the column reading orders instead), and none is weighed,
/// so that a fragment outside them is matched among its true rivals.
pub fn plan_except(pages: &[Page], numbers: &[Option<u32>], lex: &Lexicon, excluded: &dyn Fn(BlockRef) -> bool) -> Vec<Join> {
    let consecutive: Vec<bool> = (0..pages.len())
        .map(|k| matches!((numbers.get(k), numbers.get(k + 1)), (Some(Some(a)), Some(Some(b))) if *b == a + 1))
        .collect();
    let consecutive = &consecutive[..];
    // Each block's terms are computed once and shared by both searches.
    let caches: Vec<TermCache> = (0..pages.len()).map(|p| TermCache::of_issue(pages, numbers, p, lex)).collect();
    let cands = candidates_with(pages, consecutive, &caches, lex, excluded);
    let key = |r: BlockRef| r.0 * 1_000_000_000 + r.1; // pages × blocks fit easily
    let pairs: Vec<(usize, usize, f64)> = cands.iter().map(|c| (key(c.from), key(c.to), c.weight)).collect();
    let mut joins: Vec<Join> = assign::best_pairs(&pairs)
        .into_iter()
        .map(|k| {
            let c = &cands[k];
            let page = &pages[c.to.0];
            let moved = (!c.adjacent).then(|| c.to.1..moved_run_end(page, c.to.1));
            let from_page = &pages[c.from.0];
            // A paragraph of clauses may as well end after one: the join's
            // confidence says it is less sure than a break mid-sentence.
            let mut doubtful = false;
            let what = if !is_fragment(from_page, c.from.1) {
                // Joins from a block that may end a paragraph.
                if credit_follows(from_page, c.from.1) {
                    "a credit printed alone closes the paragraph before it"
                } else if mark_follows(from_page, c.from.1) {
                    if text::splits_a_dash(from_page.content(c.from.1), page.content(c.to.1)) {
                        "the next block opens with the rest of the dash the block ends with"
                    } else {
                        "the next block opens with a mark no paragraph opens with"
                    }
                } else if series_goes_on(from_page, c.from.1) {
                    "the series the paragraph runs inline goes on in the next block"
                } else if !clauses_go_on(from_page, c.from.1) {
                    doubtful = true;
                    match (from_page.content(c.from.1).trim_end().ends_with('：'), c.adjacent) {
                        (true, true) => "the block fills its column to the last character of its last line: the column's foot cut the paragraph after a colon",
                        (true, false) => "the block fills its column to the last character of its last line: the column's foot cut the paragraph after a colon; its continuation follows other articles",
                        (false, true) => "the block fills its column to the last character of its last line: the column's foot cut the paragraph after a full stop",
                        (false, false) => "the block fills its column to the last character of its last line: the column's foot cut the paragraph after a full stop; its continuation follows other articles",
                    }
                } else {
                    doubtful = true;
                    "the clauses the paragraph runs inline with ‘；’ go on in the next block"
                }
            } else if c.adjacent {
                "block ends mid-sentence"
            } else {
                "block ends mid-sentence; its continuation follows other articles"
            };
            let reason = if c.seam.reason.is_empty() { what.to_string() } else { format!("{what}; {}", c.seam.reason) };
            let confidence = if doubtful {
                crate::edit::confidence::PROBABLE
            } else if c.adjacent {
                0.9 + 0.1 * sigmoid(c.seam.score)
            } else {
                0.5 + 0.5 * sigmoid(c.weight - INTERLEAVED_THRESHOLD)
            };
            Join { from: c.from, to: c.to, joined: true, moved, confidence, reason }
        })
        .collect();
    untangle(pages, &mut joins, &caches, lex);
    joins.extend(stray_moves(pages, &joins, &caches, excluded));
    joins.extend(series_moves(pages, &joins, excluded));
    joins.sort_by_key(|j| (j.from, j.to));
    joins
}

/// How well `head` continues `tail` for [`untangle`]: the seam's score and
/// half the language model's reading across it, and whether a split shows
/// (see [`Seam::telling`]).
fn continuation_strength(tail: &str, head: &str, lex: &Lexicon) -> (f64, bool) {
    let s = seam_with(tail, head, lex, None);
    (s.score + LM_SEAM_WEIGHT * lm_reading(tail, head, s.telling, lex), s.telling)
}

/// [`lm_seam_gain`] as a continuation's score reads it: where the seam
/// shows a split ([`Seam::telling`]), evidence only a split leaves
/// outweighs the model's doubts, so only its support counts.
fn lm_reading(tail: &str, head: &str, telling: bool, lex: &Lexicon) -> f64 {
    reading_of(lm_seam_gain(tail, head, lex), telling)
}

/// [`lm_reading`] of a gain already read.
fn reading_of(gain: f64, telling: bool) -> f64 {
    if telling { gain.max(0.0) } else { gain }
}

/// How much better, in the same units, two exchanged continuations must
/// read than the two joins they replace.
const UNTANGLE_MARGIN: f64 = 6.0;
/// How much more (in [`Terms::overlap`] units) each block of an exchange
/// must share with the fragment it moves to than with the one it leaves.
const CROSS_TOPIC_MIN: f64 = 4.0;
/// How much better the later fragment's far continuation must read than the
/// block after it for an exchange by topic to ask only that the block read
/// no less like the earlier fragment's article (see [`untangle`]).
const LATER_BETTER_MIN: f64 = 2.0;
/// How far below a plain break (0) a continuation of an exchange may read
/// where other evidence carries the exchange: it still "nearly reads on".
const NEARLY_READS_ON: f64 = -2.0;

/// A word runs across the break between `tail` and `head` (`……有经` +
/// `验的`).
fn word_across(tail: &str, head: &str, lex: &Lexicon) -> bool {
    let t: Vec<char> = tail.trim_end().chars().rev().take(3).collect::<Vec<char>>().into_iter().rev().collect();
    let h: Vec<char> = head.trim_start().chars().take(3).collect();
    spanning_word(&t, &h, lex).is_some()
}

/// A word of three characters or more runs across the break between
/// `tail` and `head` (`……在布鲁塞` + `尔商讨……`): two characters across
/// a break (`……坚定地` + `里……`) often read as a word by chance.
fn long_word_across(tail: &str, head: &str, lex: &Lexicon) -> bool {
    let t: Vec<char> = tail.trim_end().chars().rev().take(3).collect::<Vec<char>>().into_iter().rev().collect();
    let h: Vec<char> = head.trim_start().chars().take(3).collect();
    spanning_word(&t, &h, lex).is_some_and(|(i, j, _)| i + j >= 3)
}

/// A neighbour outranks every far block, so a fragment takes the block
/// after it even when that block continues an earlier fragment whose
/// column it is (`……更多有经` … `……服务质` + `验的退休教师…`) and its own
/// continuation is printed further on (`量和办事效率…`). Where both
/// exchanged joins show a split (a word, a mark that cannot open a
/// paragraph), a word runs across at least one of them (a mark alone does
/// not say which fragment it goes on from), and together they read far
/// better than the two they replace; or where each block reads like the
/// other fragment's article (or, where the later fragment's far block reads
/// on far better than its neighbour, the neighbour reads no less like the
/// earlier fragment's article) and both new seams at least read on (the
/// later fragment's need not where a word runs across the earlier one's),
/// and seams and topics together read far better: the
/// joins are exchanged: the earlier fragment takes the block, the later one
/// its far continuation (the earlier fragment's far block, or the best one
/// after the block's run if it had none). An earlier fragment an exchange
/// joined far is weighed like one that searched far. A quote the later
/// fragment leaves open shows only that it goes on: where nothing else
/// shows a split, its neighbour gives way to a far block that closes it.
fn untangle(pages: &[Page], joins: &mut Vec<Join>, caches: &[TermCache], lex: &Lexicon) {
    use std::collections::{HashMap, HashSet};
    let index = |joins: &[Join]| -> (HashMap<BlockRef, usize>, HashSet<BlockRef>) { (joins.iter().enumerate().map(|(i, j)| (j.from, i)).collect(), joins.iter().map(|j| j.to).collect()) };
    let (mut by_from, mut taken) = index(joins);
    for k in 0..joins.len() {
        let j2 = &joins[k];
        let (p, f2, b) = (j2.from.0, j2.from.1, j2.to.1);
        if !j2.joined || j2.to.0 != p || b != f2 + 1 {
            continue;
        }
        let page = &pages[p];
        let run_end = moved_run_end(page, b);
        // What a block (and the run it carries) shares with a fragment's article.
        let topic = |f: usize, t: usize| caches[p].run_topic(caches[p].article_before(f), t).0.min(TOPIC_CAP);
        // The adjacent join's own strength, read once a rival needs it.
        let mut adjacent: Option<(f64, bool)> = None;
        // Whether its split shows only as a quote left open that a block
        // after the run closes, read once too.
        let quote_only = std::cell::OnceCell::new();
        let mut best: Option<(f64, usize, Option<usize>, usize)> = None;
        for f1 in (f2.saturating_sub(WINDOW)..f2).rev() {
            // An earlier fragment whose next block cannot go on from it (it
            // searched far), joined far or not at all; or one an exchange
            // before this one joined far.
            if !is_fragment(page, f1) || !is_prose(page.content(f1)) {
                continue;
            }
            let j1 = by_from.get(&(p, f1)).copied();
            if j1.is_some_and(|i| joins[i].to.0 != p || !joins[i].joined) {
                continue;
            }
            if can_continue(page, f1 + 1) && j1.is_none_or(|i| joins[i].to.1 == f1 + 1) {
                continue;
            }
            let (to_block, telling1) = continuation_strength(page.content(f1), page.content(b), lex);
            // The adjacent join's own strength, and whether it shows a split.
            let (adjacent, adjacent_telling) = *adjacent.get_or_insert_with(|| continuation_strength(page.content(f2), page.content(b), lex));
            // A fragment whose end reads as a sentence's end more likely lost
            // its full stop: it is left as the far search left it. The
            // earlier fragment shows a split into the block, or the adjacent
            // join shows none (then a word must run across the later
            // fragment's new join: `……届` + `时……`).
            // (A quote the later fragment leaves open, `……全省的『`, says
            // it goes on, not that the block after it is where: any text
            // reads on in a quote. Unless the block closes the quote or a
            // word runs across, the adjacent join shows no split, and gives
            // way to a far block that closes the quote.)
            let quote_only = || {
                *quote_only.get_or_init(|| {
                    open_quote(page.content(f2))
                        && !caches[p].closes_quote(b)
                        && !word_across(page.content(f2), page.content(b), lex)
                        && (run_end..page.blocks.len().min(f2 + 1 + WINDOW)).any(|c| caches[p].closes_quote(c))
                })
            };
            let only_where_closed = !telling1 && adjacent_telling;
            if (only_where_closed && !quote_only()) || unjoined_after(page, f1, lex, caches[p].reading()) == Some(Unjoined::LostFullStop) {
                continue;
            }
            let word1 = word_across(page.content(f1), page.content(b), lex);
            // What the block shares with each fragment's article, read once
            // per earlier fragment and only where a test below asks. For an
            // exchange by topic: the block reads like the earlier fragment's
            // article more than like the later one's, where its join reads
            // on; or, where the later fragment's far continuation (to_c)
            // reads on far better than the block, the block reads at least
            // as much like the earlier fragment's article, and its join
            // there nearly reads on ([`NEARLY_READS_ON`])
            // (`……日本驻华大使` + `山本等中外宾客……`, a name the
            // statistics barely know, against `……只派出了` + `山本……`).
            let shares = std::cell::OnceCell::new();
            let shares = || *shares.get_or_init(|| (topic(f1, b), topic(f2, b)));
            let block_topics = |to_c: f64| {
                let later_reads_better = to_c - adjacent >= LATER_BETTER_MIN && to_block >= NEARLY_READS_ON;
                (to_block >= 0.0 || later_reads_better).then(shares).filter(|&(t1b, t2b)| (to_block >= 0.0 && t1b >= t2b + CROSS_TOPIC_MIN) || (later_reads_better && t1b >= t2b))
            };
            // The later fragment's continuation: the earlier one's far
            // block, or the best free block after the moved run.
            // (A far block of the earlier fragment's inside the block's run
            // moves along with it: the later fragment searches after it.)
            // The earlier fragment's far block is freed by the exchange.
            let free = |freed: Option<usize>| -> Vec<usize> {
                (run_end..page.blocks.len().min(f2 + 1 + WINDOW))
                    .filter(|&c| can_continue(page, c) && (!taken.contains(&(p, c)) || Some(c) == freed) && c > 0 && ends_unit(page, c - 1))
                    .collect()
            };
            let (c1, mut options) = match j1 {
                Some(i) => {
                    let c1 = joins[i].to.1;
                    let mut options = free(Some(c1));
                    if c1 >= run_end && !options.contains(&c1) {
                        options.push(c1);
                    }
                    (Some(c1), options)
                }
                None => (None, free(None)),
            };
            if only_where_closed {
                options.retain(|&c| caches[p].closes_quote(c));
                if options.is_empty() {
                    continue;
                }
            }
            let before = c1.map_or(0.0, |c1| continuation_strength(page.content(f1), page.content(c1), lex).0);
            for c in options {
                let (to_c, telling2) = continuation_strength(page.content(f2), page.content(c), lex);
                let word2 = telling2 && word_across(page.content(f2), page.content(c), lex);
                let both = telling2 && (word1 && telling1 || word2);
                let seams = to_block + to_c - adjacent - before;
                // Shown by the seams alone: both exchanged joins show a
                // split and a word runs across one; or a word runs across
                // the earlier fragment's and the later one's new join at
                // least reads on. Where the earlier fragment's new join does
                // not read on, the block must read more like its article
                // than like the later one's: a word across the later
                // fragment's far break alone says nothing of where the
                // block goes (`……还有` + `所谓……`).
                let by_seams = (both || (word1 && telling1 && to_c > 0.0)).then_some(seams).filter(|_| to_block > 0.0 || shares().0 > shares().1);
                // Or the two blocks read each like the other fragment's
                // article, and both exchanged joins at least read on; where
                // a word runs across the earlier fragment's new join, the
                // later one's far continuation need only nearly read on
                // (`……有机会` + `培育出……`): its seam still counts in the gain.
                let by_topic = || {
                    let (t1b, t2b) = (to_c >= 0.0 || (word1 && telling1 && to_c >= NEARLY_READS_ON)).then(|| block_topics(to_c)).flatten()?;
                    let (t2c, t1c) = (topic(f2, c), topic(f1, c));
                    let t1_before = j1.map_or(0.0, |i| topic(f1, joins[i].to.1));
                    (t2c >= t1c + CROSS_TOPIC_MIN).then_some(seams + TOPIC_WEIGHT * (t1b + t2c - t2b - t1_before))
                };
                let Some(gain) = by_seams.filter(|&g| g >= UNTANGLE_MARGIN).or_else(by_topic) else {
                    continue;
                };
                if gain >= UNTANGLE_MARGIN && best.as_ref().is_none_or(|b| gain > b.0) {
                    best = Some((gain, f1, j1, c));
                }
            }
        }
        if let Some((gain, f1, j1, c)) = best {
            let what = "block ends mid-sentence; its continuation follows other articles";
            let join = |from: usize, to: usize, why: &str| Join {
                from: (p, from),
                to: (p, to),
                joined: true,
                moved: Some(to..moved_run_end(page, to)),
                confidence: 0.5 + 0.5 * sigmoid(gain - UNTANGLE_MARGIN + INTERLEAVED_THRESHOLD),
                reason: [what, &seam(page.content(from), page.content(to), lex).reason, why].iter().filter(|part| !part.is_empty()).copied().collect::<Vec<&str>>().join("; "),
            };
            joins[k] = join(f2, c, "the block after it continues an earlier fragment");
            let earlier = join(f1, b, "the fragment printed before it takes it");
            match j1 {
                Some(i) => joins[i] = earlier,
                None => joins.push(earlier),
            }
            (by_from, taken) = index(joins);
        }
    }
}

/// Runs that belong to an earlier article though the break before them fell
/// after a full stop (see [`stray_runs`]). They move back without a join, and
/// only on strong evidence: a rare term or name shared with the earlier
/// article, and far more in common with it than with their own.
fn stray_moves(pages: &[Page], joins: &[Join], caches: &[TermCache], excluded: &dyn Fn(BlockRef) -> bool) -> Vec<Join> {
    let mut out: Vec<Join> = Vec::new();
    for (p, page) in pages.iter().enumerate() {
        // A run that ends in a jump line carries its continuation's text as evidence.
        let jump_terms = |i: usize| caches[p].jumped[i].clone();
        let involved = |i: usize, out: &[Join]| involved_in(joins.iter().chain(out), (p, i));
        // Blocks a join moves to follow a fragment elsewhere: a run printed
        // after another article stops before them.
        let mut moved_away = vec![false; page.blocks.len()];
        for j in joins.iter().filter(|j| j.from.0 == p && j.to.0 == p) {
            for i in j.moved.clone().into_iter().flatten() {
                moved_away[i] = true;
            }
        }
        for run in stray_runs_with(page, &caches[p], &finished_blocks(&caches[p], &|i| excluded((p, i))), &jump_terms, &moved_away) {
            // (After a caption, the run has no article of its own to stay
            // with: a strong topic alone says where it goes.)
            let strong = if run.by_layout {
                run.host_topic > run.own_topic
            } else {
                run.host_topic >= STRAY_MIN_TOPIC
                    && run.own_topic * 4.0 <= run.host_topic
                    && (run.rarest >= STRAY_RARE_TERM || run.after_caption || (run.own_topic < OWN_TOPIC_MIN && run.rarest >= STRAY_RARE_TERM_ALONE))
            };
            let touches_excluded = (run.start..run.end).chain([run.host_last]).any(|i| excluded((p, i)));
            // (Where the columns place the run, the host's last block may be
            // where a join ends, the text cut at a column's foot going on
            // there; never one a join moves away or one that goes on
            // elsewhere. On its topic alone, a run goes back only to a host
            // no join touches.)
            let host_taken = if run.by_layout {
                joins.iter().chain(&out).any(|j| j.from == (p, run.host_last) || (j.to.0 == p && j.moved.as_ref().is_some_and(|m| m.contains(&run.host_last))))
            } else {
                involved(run.host_last, &out)
            };
            if !strong || touches_excluded || (run.start..run.end).any(|i| involved(i, &out)) || host_taken {
                continue;
            }
            let n = run.end - run.start;
            let layout = if run.by_layout {
                "; the text of the article above ends on a column's last line, and the column of text before them would run across its foot with them"
            } else {
                ""
            };
            out.push(Join {
                from: (p, run.host_last),
                to: (p, run.start),
                joined: false,
                moved: Some(run.start..run.end),
                confidence: crate::edit::confidence::SUGGESTION,
                reason: format!(
                    "{n} block{} printed after another article read{} on from the article above (both mention {}){layout}; the break fell after a full stop, so no paragraph is joined",
                    if n == 1 { "" } else { "s" },
                    if n == 1 { "s" } else { "" },
                    run.shared.join("、")
                ),
            });
        }
    }
    out
}

/// How many of an earlier article's last body blocks [`series_moves`] reads
/// for the item before a run's.
const SERIES_HOST_BLOCKS: usize = 4;

/// `三、全县农民……。` … (other articles) … `四、全县新建……`: a run printed
/// after another article, after a full stop, that opens with the next item
/// of a series an earlier article was running (its item before opens one of
/// that article's last blocks, and no later item follows it there), while
/// the run's own article has no such item. The run moves back to that
/// article; no paragraph is joined.
fn series_moves(pages: &[Page], joins: &[Join], excluded: &dyn Fn(BlockRef) -> bool) -> Vec<Join> {
    let mut out: Vec<Join> = Vec::new();
    for (p, page) in pages.iter().enumerate() {
        let n = page.blocks.len();
        let involved = |i: usize, out: &[Join]| involved_in(joins.iter().chain(out), (p, i));
        let openers: Vec<usize> = (0..n).filter(|&i| opens_article(page, i)).collect();
        let item = |i: usize| (page.blocks[i].kind == BlockKind::Body).then(|| ordinal(page.content(i))).flatten();
        for (k, &own_open) in openers.iter().enumerate().skip(1) {
            let end = openers.get(k + 1).copied().unwrap_or(n);
            for b in own_open + 1..end {
                let Some(this) = item(b) else { continue };
                // The same series: the same form and the same digits.
                let of_series = |o: &Ordinal| Ordinal { value: this.value, ..*o } == this;
                let prev = &page.blocks[b - 1];
                let after_text = matches!(prev.kind, BlockKind::Caption | BlockKind::Subhead) || (prev.kind == BlockKind::Body && text::ends_paragraph(page.content(b - 1)) && prev.jump_head.is_none());
                if this.value < 2 || !can_continue(page, b) || !after_text || (own_open..b).any(|i| item(i).is_some_and(|o| of_series(&o) && o.value + 1 == this.value)) {
                    continue;
                }
                // The nearest earlier article whose series it goes on.
                let host = (0..k).rev().find_map(|h| {
                    let host_end = openers[h + 1];
                    let last = (openers[h]..host_end).rev().find(|&i| page.blocks[i].kind == BlockKind::Body)?;
                    if last + 1 != host_end || !text::ends_paragraph(page.content(last)) || page.blocks[last].jump_head.is_some() {
                        return None;
                    }
                    let tail: Vec<usize> = (openers[h]..host_end).rev().filter(|&i| page.blocks[i].kind == BlockKind::Body).take(SERIES_HOST_BLOCKS).collect();
                    let before = tail.iter().position(|&i| item(i) == Some(Ordinal { value: this.value - 1, ..this }))?;
                    // No later item of the series follows it there.
                    (!tail[..before].iter().any(|&i| item(i).is_some_and(|o| of_series(&o) && o.value >= this.value))).then_some(last)
                });
                let Some(last) = host else { continue };
                if (b..end).chain([last]).any(|i| excluded((p, i)) || involved(i, &out)) {
                    continue;
                }
                let count = end - b;
                out.push(Join {
                    from: (p, last),
                    to: (p, b),
                    joined: false,
                    moved: Some(b..end),
                    confidence: crate::edit::confidence::SUGGESTION,
                    reason: format!(
                        "{count} block{} printed after another article go{} on with the series of the article above ({this}); the break fell after a full stop, so no paragraph is joined",
                        if count == 1 { "" } else { "s" },
                        if count == 1 { "es" } else { "" },
                    ),
                });
                break;
            }
        }
    }
    out
}

/// Block `at` starts, ends or moves with one of `joins`.
fn involved_in<'j>(mut joins: impl Iterator<Item = &'j Join>, at: BlockRef) -> bool {
    let (p, i) = at;
    joins.any(|j| (j.from.0 == p && j.from.1 == i) || (j.to.0 == p && (j.to.1 == i || j.moved.as_ref().is_some_and(|m| m.contains(&i)))))
}

fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + crate::math::exp(-x))
}

/// A run printed after another article that may belong to an earlier one:
/// the run's first block, its end, the earlier article's last block, and
/// the topic overlap of the run with that article and with its own.
#[derive(Debug, Clone)]
pub struct StrayRun {
    pub start: usize,
    pub end: usize,
    pub host_last: usize,
    pub host_topic: f64,
    pub own_topic: f64,
    pub shared: Vec<String>,
    /// Rarity of the rarest shared term.
    pub rarest: f64,
    /// The run follows a photo's caption, so it belongs to no article of
    /// its own: it can only continue an earlier one.
    pub after_caption: bool,
    /// The page's columns say the run is not its article's: counted on from
    /// that article's text, a block of it runs across a column's foot; and
    /// the host's text ends on a column's last line, the run fits in one
    /// column (see [`crate::grid::Columns`]).
    pub by_layout: bool,
}

/// Every run that opens after a finished paragraph inside an article (not
/// its first paragraph), with a paragraph or with a subhead and the
/// paragraph under it, with the earlier article on the page it shares most
/// with.
/// `jump_terms(i)` gives the terms of the continuation that a head jump line
/// in block `i` points to, where it can be found.
pub fn stray_runs(page: &Page, lex: &Lexicon, jump_terms: &dyn Fn(usize) -> Option<Terms>) -> Vec<StrayRun> {
    let terms = TermCache::new(page, lex);
    stray_runs_with(page, &terms, &finished_blocks(&terms, &|_| false), jump_terms, &vec![false; page.blocks.len()])
}

/// Blocks that finish a paragraph: as printed, or having lost their full
/// stop (the same judgement as the `fragment` report, so a second `fix`,
/// after the stop was restored, decides alike). An `excluded` block (see
/// [`plan_except`]) is only finished as printed.
fn finished_blocks(terms: &TermCache, excluded: &dyn Fn(usize) -> bool) -> Vec<bool> {
    let page = terms.page;
    (0..page.blocks.len())
        .map(|i| {
            text::ends_paragraph(page.content(i))
                || (!excluded(i) && is_fragment(page, i) && unjoined_after(page, i, terms.lex, terms.reading()) == Some(Unjoined::LostFullStop))
        })
        .collect()
}

/// [`stray_runs`], where `moved_away[i]` marks the blocks a join moves to
/// follow a fragment elsewhere.
fn stray_runs_with(page: &Page, terms: &TermCache, finished: &[bool], jump_terms: &dyn Fn(usize) -> Option<Terms>, moved_away: &[bool]) -> Vec<StrayRun> {
    // For each block, the first block after it that is moved away.
    let mut next_away = vec![page.blocks.len(); page.blocks.len() + 1];
    for i in (0..page.blocks.len()).rev() {
        next_away[i] = if moved_away.get(i + 1).copied().unwrap_or(false) { i + 1 } else { next_away[i + 1] };
    }
    let openers: Vec<usize> = (0..page.blocks.len()).filter(|&i| opens_article(page, i)).collect();
    // Each article that can take a run back: its last block (finished, no
    // jump line), and the terms and names of its end, computed once. (An
    // article whose last blocks a join moves away could take one too, but
    // weighing runs against those on every page cost a tenth more time on
    // a page of many short articles, for two more adjacency pairs in five
    // tuning sets of 50 issues.)
    type Host = (usize, Terms, Vec<[char; 3]>);
    let hosts: Vec<Option<Host>> = openers
        .iter()
        .enumerate()
        .map(|(h, &open)| {
            let host_end = openers.get(h + 1).copied().unwrap_or(page.blocks.len());
            let last = (open..host_end).rev().find(|&i| page.blocks[i].kind == BlockKind::Body)?;
            // An article that ends with a credit is finished: what follows a
            // credit is the next story of a round-up, not more of this one.
            let fit = last + 1 == host_end && finished[last] && page.blocks[last].jump_head.is_none() && !text::ends_with_credit(page.content(last));
            fit.then(|| (last, terms.context(last, STRAY_CONTEXT), terms.lex.names_in(&chars_back(page, last, STRAY_CONTEXT_CHARS))))
        })
        .collect();
    // The hosts a run in article `k` may go back to: the nearest before it.
    let hosts_before = |k: usize| (0..k).rev().take(STRAY_HOSTS).filter_map(|h| hosts[h].as_ref());
    // The rare terms of the hosts a run in article `k` may go back to, as
    // character pairs with the rarity of each (a pair's rarity is the same
    // in every text) and how many of those hosts have it: kept as the
    // window of hosts moves on from article to article.
    let mut rare: rustc_hash::FxHashMap<(char, char), (f64, u32)> = rustc_hash::FxHashMap::default();
    let mut out = Vec::new();
    let layout = terms.columns();
    for (k, &own_open) in openers.iter().enumerate().skip(1) {
        let article_end = openers.get(k + 1).copied().unwrap_or(page.blocks.len());
        // The first block that, counted on from the article's text, runs
        // across a column's foot: a run of another article's starts at or
        // before it.
        let straddle = layout.and_then(|c| (own_open + 1..article_end).find(|&i| c.straddles[i]));
        let mut by_layout: Option<StrayRun> = None;
        if let Some((_, context, _)) = &hosts[k - 1] {
            for (pair, r) in context.rare_pairs(STRAY_RARE_TERM_ALONE) {
                rare.entry(pair).or_insert((r, 0)).1 += 1;
            }
        }
        if let Some((_, context, _)) = k.checked_sub(STRAY_HOSTS + 1).and_then(|h| hosts[h].as_ref()) {
            for (pair, _) in context.rare_pairs(STRAY_RARE_TERM_ALONE) {
                if let std::collections::hash_map::Entry::Occupied(mut at) = rare.entry(pair) {
                    at.get_mut().1 -= 1;
                    if at.get().1 == 0 {
                        at.remove();
                    }
                }
            }
        }
        for b in own_open + 1..article_end {
            // A run ends where a block a join moves away begins.
            if moved_away[b] {
                continue;
            }
            let end = next_away[b].min(article_end);
            let prev = &page.blocks[b - 1];
            // After a finished paragraph of its own article, or right after
            // a photo's caption (text there belongs to no article of its own).
            let after_caption = prev.kind == BlockKind::Caption;
            let body_before = after_caption || (own_open..b).any(|i| page.blocks[i].kind == BlockKind::Body);
            let prev_done = after_caption || (prev.kind == BlockKind::Body && finished[b - 1] && prev.jump_head.is_none());
            // A run may open with a subhead (`### ……`) and the paragraph
            // under it: the next section of an earlier article.
            let subhead = page.blocks[b].kind == BlockKind::Subhead && b + 1 < end && page.blocks[b + 1].kind == BlockKind::Body;
            if !(can_continue(page, b) || subhead) || !body_before || !prev_done {
                continue;
            }
            let first = if subhead { b + 1 } else { b };
            // A run the columns place: one column at most (its lines), before
            // the block that runs across a foot; it goes back to a host whose
            // text ends on a column's last line, whatever its opening names.
            let placed = match (layout, straddle) {
                (Some(c), Some(s)) if b <= s => (b..end).map(|i| c.lines[i]).sum::<usize>() <= c.grid.height + 1,
                _ => false,
            };
            // The run's opening text (a fixed number of characters, so that
            // joins made in an earlier round of `fix` do not change it): a
            // name it keeps repeating is its topic; later blocks may belong
            // elsewhere. With the continuation of a jump line that ends it.
            let opening: String = page.content(first).chars().take(STRAY_OPENING_CHARS).collect();
            let opening_names = terms.lex.names_in(&opening);
            // The opening must share something rare with a host: a run
            // whose opening prints none of the hosts' rare terms and none of
            // their names is passed over (a scan of its character pairs,
            // before any term of it is read). A run after a caption, which
            // has no article of its own, is always weighed.
            let chars: Vec<char> = opening.chars().collect();
            let rarest = chars.windows(2).filter_map(|w| rare.get(&(w[0], w[1])).map(|r| r.0)).fold(0.0, f64::max);
            let mut promising = after_caption || rarest >= STRAY_RARE_TERM || hosts_before(k).any(|(_, _, names)| opening_names.iter().any(|n| names.binary_search(n).is_ok()));
            if !promising && rarest >= STRAY_RARE_TERM_ALONE {
                // A term only somewhat rare (see [`STRAY_RARE_TERM_ALONE`])
                // makes a run promising only where its own article's text
                // before it prints none of the hosts' rare terms the opening
                // prints, and the run's first block shares little with the
                // article's last blocks.
                let printed_before = |w: &[char]| {
                    let pair: String = w.iter().collect();
                    (own_open + 1..b).any(|i| page.blocks[i].kind == BlockKind::Body && page.content(i).contains(&pair))
                };
                promising = !chars.windows(2).any(|w| rare.contains_key(&(w[0], w[1])) && printed_before(w))
                    && terms.article_before(b - 1).overlap(terms.block(b)).0 < OWN_TOPIC_MIN;
            }
            if !promising && !placed {
                continue;
            }
            let run_text = chars_from(page, b..end, STRAY_RUN_CHARS);
            let jumped = (b..end).find_map(jump_terms);
            let run = &match jumped {
                Some(cont) => terms.lex.terms(&run_text).union(&cont),
                None => terms.lex.terms(&run_text),
            };
            let run_names = terms.lex.names_in(&run_text);
            // What the text up to a block shares with the run: the terms
            // both have, and the names both print (a person each mentions
            // once).
            let shared_with = |context: &Terms, names: &[[char; 3]], with_terms: &Terms, with_names: &[[char; 3]]| -> Terms {
                terms.lex.shared_names(names, with_names).union(&context.intersection(with_terms))
            };
            let mut best: Option<StrayRun> = None;
            let mut best_placed: Option<StrayRun> = None;
            let mut opening_terms: Option<Terms> = None;
            for (last, context, names) in hosts_before(k) {
                let (host_topic, shared) = shared_with(context, names, run, &run_names).weight();
                let at_foot = placed && layout.is_some_and(|c| c.ends_column[*last]);
                if host_topic < STRAY_MIN_TOPIC && !(at_foot && host_topic >= PLACED_MIN_TOPIC) {
                    continue;
                }
                // The run starts where the text turns back: the opening of
                // its first block names something rare of the host's.
                let opening_terms = opening_terms.get_or_insert_with(|| terms.lex.terms(&opening));
                let rarest = shared_with(context, names, opening_terms, &opening_names).max_rarity();
                let candidate = StrayRun { start: b, end, host_last: *last, host_topic, own_topic: 0.0, shared, rarest, after_caption, by_layout: false };
                if at_foot && best_placed.as_ref().is_none_or(|s| host_topic > s.host_topic) {
                    best_placed = Some(StrayRun { by_layout: true, ..candidate.clone() });
                }
                if host_topic >= STRAY_MIN_TOPIC && best.as_ref().is_none_or(|s| host_topic > s.host_topic) {
                    best = Some(candidate);
                }
            }
            // What the run shares with its own article, read only for a run
            // some host could take.
            let own_topic = || {
                let own_names = terms.lex.names_in(&chars_back(page, b - 1, STRAY_CONTEXT_CHARS));
                shared_with(&terms.context(b - 1, STRAY_CONTEXT), &own_names, run, &run_names).weight().0
            };
            let own = (best.is_some() || best_placed.is_some()).then(own_topic);
            if let Some(run_) = best.as_mut() {
                run_.own_topic = own.unwrap_or(0.0);
            }
            out.extend(best);
            // Of the runs the columns place in one article, the one that
            // reads most like its host beyond its own article.
            if let Some(mut run_) = best_placed {
                run_.own_topic = own.unwrap_or(0.0);
                if by_layout.as_ref().is_none_or(|r| run_.host_topic - run_.own_topic > r.host_topic - r.own_topic) {
                    by_layout = Some(run_);
                }
            }
        }
        out.extend(by_layout);
    }
    out
}

/// The block, on the page the jump line of block `from` of page `p`
/// names, of the jump line there that points back to page `p`: a
/// continuation line for a head jump line (`forward`), a head jump line for
/// a continuation line. None where the page is missing.
///
/// Where several lines there point back (two stories jump between the same
/// pages), the one the best pairing of the lines here with the lines there
/// gives it, read from where each cut text reads on (see
/// [`jump_pair_seam`]); None where its cut does not tell (it ends a
/// paragraph).
fn jump_partner<'p>(pages: &'p [Page], numbers: &[Option<u32>], p: usize, from: usize, forward: bool, lex: &Lexicon) -> Option<(&'p Page, usize)> {
    use crate::jumpline::{JumpLine, JumpTarget};
    let line = |page: &'p Page, i: usize, head: bool| if head { &page.blocks[i].jump_head } else { &page.blocks[i].jump_continuation }.as_ref();
    let marker = line(&pages[p], from, forward)?;
    let here = numbers.get(p).copied().flatten()?;
    let target = |m: &JumpLine, from: u32, forward: bool| match (m.target, forward) {
        (JumpTarget::Page(n), _) => Some(n),
        (JumpTarget::Adjacent, true) => Some(from + 1),
        (JumpTarget::Adjacent, false) => from.checked_sub(1),
    };
    let there = target(marker, here, forward)?;
    let q = numbers.iter().position(|&n| n == Some(there))?;
    let page = &pages[q];
    let pointing = |page: &'p Page, from: u32, to: u32, head: bool| -> Vec<usize> {
        (0..page.blocks.len()).filter(|&i| line(page, i, head).is_some_and(|m| target(m, from, head) == Some(to))).collect()
    };
    let found = pointing(page, there, here, !forward);
    match found[..] {
        [] => None,
        [i] => Some((page, i)),
        _ => {
            // Every pairing of the lines here with the lines there that the
            // cuts read on into, the best in all (each pair counts, then its seam).
            let ours = pointing(&pages[p], here, there, forward);
            let mut pairs = Vec::new();
            for (k, &mine) in ours.iter().enumerate() {
                for (l, &theirs) in found.iter().enumerate() {
                    let score = if forward { jump_pair_seam(&pages[p], mine, page, theirs, lex) } else { jump_pair_seam(page, theirs, &pages[p], mine, lex) };
                    if let Some(score) = score {
                        pairs.push((k, l, PAIRED_JUMP_WEIGHT + score.clamp(-PAIRED_JUMP_WEIGHT / 2.0, PAIRED_JUMP_WEIGHT / 2.0)));
                    }
                }
            }
            let k = ours.iter().position(|&i| i == from)?;
            let chosen = crate::assign::best_pairs(&pairs).into_iter().find(|&c| pairs[c].0 == k)?;
            Some((page, found[pairs[chosen].1]))
        }
    }
}

/// The weight of a pair of jump lines whose cut reads on, before its seam
/// (held within ± half of it): every such pair counts more than any seam.
const PAIRED_JUMP_WEIGHT: f64 = 20.0;

/// How well the text a head jump line (block `h` of `hpage`) cuts reads on
/// into the text of the continuation line (block `c` of `cpage`): the seam's
/// score where the head's text stops mid-paragraph; None where it ends a
/// paragraph, which says nothing of where it goes on. A jump line printed
/// alone is read with the text before it, or after it.
fn jump_pair_seam(hpage: &Page, h: usize, cpage: &Page, c: usize, lex: &Lexicon) -> Option<f64> {
    let alone = |page: &Page, i: usize| page.blocks[i].kind == BlockKind::JumpLine;
    let h = if alone(hpage, h) { h.checked_sub(1).filter(|&k| hpage.blocks[k].kind == BlockKind::Body)? } else { h };
    let c = if alone(cpage, c) { Some(c + 1).filter(|&k| cpage.blocks.get(k).is_some_and(|b| b.kind == BlockKind::Body))? } else { c };
    let tail = hpage.content(h);
    (!text::ends_paragraph(tail)).then(|| seam(tail, cpage.content(c), lex).score)
}

/// The terms of the head text, on the page a continuation line names, of
/// the one head jump line there that points to page `p`: its block and the
/// body blocks before it back to its title, at most [`CONTEXT_BLOCKS`].
fn head_terms(pages: &[Page], numbers: &[Option<u32>], p: usize, from: usize, lex: &Lexicon) -> Option<Terms> {
    let (page, end) = jump_partner(pages, numbers, p, from, false, lex)?;
    let mut parts: Vec<&str> = Vec::new();
    for i in (0..=end).rev() {
        match page.blocks[i].kind {
            BlockKind::Title | BlockKind::Kicker => break,
            BlockKind::Body => parts.push(page.content(i)),
            _ => {}
        }
        if parts.len() == CONTEXT_BLOCKS {
            break;
        }
    }
    let text: String = parts.into_iter().rev().collect();
    Some(lex.terms(&text))
}

/// The terms of the one continuation, on the page a head jump line names,
/// that points back to page `p`.
fn continuation_terms(pages: &[Page], numbers: &[Option<u32>], p: usize, from: usize, lex: &Lexicon) -> Option<Terms> {
    let (page, start) = jump_partner(pages, numbers, p, from, true, lex)?;
    let end = (start + 1..page.blocks.len()).find(|&i| opens_article(page, i)).unwrap_or(page.blocks.len());
    let text: String = (start..end).take(CONTEXT_BLOCKS).map(|i| page.content(i)).collect();
    Some(lex.terms(&text))
}

/// Each block's topical terms, computed once per page.
struct TermCache<'a> {
    lex: &'a Lexicon,
    page: &'a Page,
    blocks: Vec<std::cell::OnceCell<Terms>>,
    /// [`TermCache::article_before`] of each block.
    before: Vec<std::cell::OnceCell<Terms>>,
    reading: std::cell::OnceCell<PageReading>,
    /// [`TermCache::silent`] of each block.
    silent: Vec<std::cell::OnceCell<bool>>,
    /// [`TermCache::closes_quote`] of each block.
    closes_quote: Vec<std::cell::OnceCell<bool>>,
    /// [`TermCache::never_opens`] of each block.
    never_opens: Vec<std::cell::OnceCell<bool>>,
    /// [`TermCache::columns`], read once.
    columns: std::cell::OnceCell<Option<crate::grid::Columns>>,
    /// For each block with a head jump line, the terms of the continuation
    /// it points to, where the pages hold it (see [`continuation_terms`]).
    jumped: Vec<Option<Terms>>,
    /// For each block with a continuation line, the terms of the head text
    /// it goes on from, where the pages hold it (see [`head_terms`]).
    carried: Vec<Option<Terms>>,
}

impl<'a> TermCache<'a> {
    fn new(page: &'a Page, lex: &'a Lexicon) -> Self {
        let n = page.blocks.len();
        TermCache { lex, page, blocks: vec![std::cell::OnceCell::new(); n], before: vec![std::cell::OnceCell::new(); n], reading: std::cell::OnceCell::new(), silent: vec![std::cell::OnceCell::new(); n], closes_quote: vec![std::cell::OnceCell::new(); n], never_opens: vec![std::cell::OnceCell::new(); n], columns: std::cell::OnceCell::new(), carried: vec![None; n], jumped: vec![None; n] }
    }

    /// The cache of page `p` of `pages`, with the head text each of its
    /// continuation lines goes on from and the continuation each of its
    /// head jump lines points to.
    fn of_issue(pages: &'a [Page], numbers: &[Option<u32>], p: usize, lex: &'a Lexicon) -> Self {
        let page = &pages[p];
        let carried = (0..page.blocks.len()).map(|i| head_terms(pages, numbers, p, i, lex)).collect();
        let jumped = (0..page.blocks.len()).map(|i| continuation_terms(pages, numbers, p, i, lex)).collect();
        TermCache { carried, jumped, ..TermCache::new(page, lex) }
    }

    /// The page's [`PageReading`], read once for both searches.
    fn reading(&self) -> &PageReading {
        self.reading.get_or_init(|| PageReading::of(self.page, self.lex))
    }

    fn block(&self, i: usize) -> &Terms {
        self.blocks[i].get_or_init(|| self.lex.terms(self.page.content(i)))
    }

    /// What a run moved from block `b` shares with `context`: the overlap
    /// and shared terms of the block, read with the next block of the run
    /// where the block is short ([`SHORT_RUN_START`], or
    /// [`SHARING_RUN_START`] if it shares something itself); and the
    /// overlap of the block alone.
    ///
    /// A block of any length that is the first to fall silent about the
    /// article it is printed in (it shares nothing with it, the block
    /// before it does) is read with the next block too: it says nothing of
    /// where it belongs, and it is where a run of another article's would
    /// start (`……这就要求各级文化部门` … `认真研究……` after the last
    /// paragraph of a story on other things). The block after it, which
    /// names the fragment's topic, is its run's. Further on in a silent run
    /// each block is weighed on its own.
    fn run_topic(&self, context: &Terms, b: usize) -> (f64, Vec<String>, f64) {
        let next = b + 1;
        let chars = self.page.content(b).chars().count();
        let alone = context.overlap(self.block(b));
        let short = chars < SHARING_RUN_START;
        let read_on = chars < SHORT_RUN_START || (short && alone.0 > 0.0) || (self.silent(b) && b >= 1 && !self.silent(b - 1));
        let run_end = moved_run_end(self.page, b);
        let carries = || next < run_end && self.page.blocks[next].kind == BlockKind::Body && !self.page.blocks[next].ignored;
        let (topic, shared, alone) = if read_on && carries() {
            let (topic, shared) = context.overlap(&self.block(b).union(self.block(next)));
            (topic, shared, alone.0)
        } else {
            (alone.0, alone.1, alone.0)
        };
        match self.cut_by_jump(b) {
            Some(cont) => {
                let (with_cont, cont_shared) = context.overlap(&self.block(b).union(cont));
                if with_cont > topic {
                    (with_cont, cont_shared, alone.max(with_cont))
                } else {
                    (topic, shared, alone)
                }
            }
            None => (topic, shared, alone),
        }
    }

    /// Block `b` is cut mid-sentence by a head jump line (its own, or one
    /// printed alone right after it) and opens a run of its own: the block
    /// before it names nothing of what the line's continuation does. Then
    /// that continuation's terms, the same article's text, read with it.
    /// (Where the block before shares with the continuation, the run began
    /// earlier, and its first block is where a fragment's text goes on.)
    fn cut_by_jump(&self, b: usize) -> Option<&Terms> {
        let page = self.page;
        let jumped = |i: usize| self.jumped.get(i).and_then(|t| t.as_ref());
        let line_after = page.blocks.get(b + 1).is_some_and(|n| n.kind == BlockKind::JumpLine);
        let cont = jumped(b).or_else(|| if line_after { jumped(b + 1) } else { None })?;
        let cut = !text::ends_paragraph(page.content(b));
        let opens_run = b == 0 || page.blocks[b - 1].kind != BlockKind::Body || cont.overlap(self.block(b - 1)).0 < OWN_TOPIC_MIN;
        (cut && opens_run).then_some(cont)
    }

    /// Block `i` shares nothing with the article it is printed in (the
    /// text before it back to the title); read once.
    fn silent(&self, i: usize) -> bool {
        *self.silent[i].get_or_init(|| i == 0 || !self.context_blocks(i - 1, CONTEXT_BLOCKS).any(|k| self.block(k).shares_any(self.block(i))))
    }

    /// The first quotation mark of block `i` closes a quote (`优质产品』，
    /// ……`); read once.
    fn closes_quote(&self, i: usize) -> bool {
        *self.closes_quote[i].get_or_init(|| text::closes_first(self.page.content(i).chars(), text::QUOTES))
    }

    /// Block `i` opens as no paragraph does: with a mark or a word that
    /// cannot (`的……`), or with a character that rarely does.
    fn never_opens(&self, i: usize) -> bool {
        *self.never_opens[i].get_or_init(|| {
            let head = self.page.content(i);
            text::opens_badly(head) || head.chars().next().is_some_and(|c| self.lex.start_pmi(c) < NEVER_OPENS_PMI)
        })
    }

    /// Block `i` ends exactly at a column's foot, its last line full, on
    /// the grid the page's column cuts tell (see [`crate::grid`]): the
    /// column cut it, far more often than its paragraph ended there.
    fn column_foot(&self, i: usize) -> bool {
        self.columns().is_some_and(|c| c.foot[i])
    }

    /// Where the page's blocks sit in its columns, on the grid its cuts
    /// tell ([`crate::grid::columns`]); read once.
    /// The cuts are the fragments that read as prose (a row of names is set
    /// line by line), but not the page's last body block (the page's end,
    /// not a column's, may cut it).
    fn columns(&self) -> Option<&crate::grid::Columns> {
        self.columns
            .get_or_init(|| {
                let page = self.page;
                let n = page.blocks.len();
                let last_body = (0..n).rev().find(|&k| page.blocks[k].kind == BlockKind::Body);
                let cut: Vec<bool> = (0..n).map(|k| Some(k) != last_body && is_fragment(page, k) && is_prose(page.content(k))).collect();
                crate::grid::columns(page, &cut)
            })
            .as_ref()
    }

    /// The terms of block `f` and the body text before it in its article
    /// (back to its title, at most a few blocks).
    fn article_before(&self, f: usize) -> &Terms {
        self.before[f].get_or_init(|| self.context(f, CONTEXT_BLOCKS))
    }

    /// The same with at most `limit` body blocks. In a continuation, the
    /// head text it goes on from, on the page its line names, is read too.
    fn context(&self, f: usize, limit: usize) -> Terms {
        let blocks: Vec<usize> = self.context_blocks(f, limit).collect();
        let carried = blocks.iter().filter_map(|&i| self.carried[i].as_ref());
        Terms::union_all(blocks.iter().map(|&i| self.block(i)).chain(carried))
    }

    /// The blocks [`TermCache::context`] reads: block `f` and the body text
    /// and subheads before it, at most `limit`, and the title; or back to
    /// the continuation line that opens the article on this page.
    fn context_blocks(&self, f: usize, limit: usize) -> impl Iterator<Item = usize> + '_ {
        let page = self.page;
        let mut parts = 0;
        let mut done = false;
        let mut continued = false;
        (0..=f).rev().map_while(move |i| {
            let b = &page.blocks[i];
            if done {
                return None;
            }
            if matches!(b.kind, BlockKind::Title | BlockKind::Kicker) || parts >= limit || continued {
                done = true;
                return Some((b.kind == BlockKind::Title).then_some(i));
            }
            let body = matches!(b.kind, BlockKind::Body | BlockKind::Subhead);
            parts += usize::from(body);
            // A continuation from another page opens its article here, after
            // the title it may repeat: the text before is another article's.
            // (Its line is read too, for the head text it carries.)
            continued = b.jump_continuation.is_some();
            Some((body || continued).then_some(i))
        })
        .flatten()
    }
}

/// The first `limit` characters of the body text of the blocks in `range`.
fn chars_from(page: &Page, range: std::ops::Range<usize>, limit: usize) -> String {
    range.filter(|&i| page.blocks[i].kind == BlockKind::Body).flat_map(|i| page.content(i).chars()).take(limit).collect()
}

/// The last `limit` characters of the body text up to block `f`, back to
/// its article's title or the continuation line that opens it on this page.
fn chars_back(page: &Page, f: usize, limit: usize) -> String {
    let mut out: Vec<char> = Vec::new();
    for i in (0..=f).rev() {
        let b = &page.blocks[i];
        if matches!(b.kind, BlockKind::Title | BlockKind::Kicker) || out.len() >= limit {
            break;
        }
        if b.kind == BlockKind::Body {
            out.extend(page.content(i).chars().rev());
        }
        if b.jump_continuation.is_some() {
            break;
        }
    }
    out.truncate(limit);
    out.into_iter().rev().collect()
}

/// Block `i` ends a paragraph, or is a table's title (`表２：……`), which
/// stands alone as a caption does, or is the closing bracket of the credit
/// before it: text after it may go on from elsewhere.
fn ends_unit(page: &Page, i: usize) -> bool {
    let t = page.content(i);
    text::ends_paragraph(t) || text::opens_with_table_label(t) || (i > 0 && closes_block_before(page, i))
}

/// Block `i` is only closing marks (`）`, cut from the credit it closes)
/// and ends the paragraph of the block before it (`……（王立` + `）`).
fn closes_block_before(page: &Page, i: usize) -> bool {
    let t = page.content(i).trim();
    !t.is_empty() && closing_marks_only(t) && text::ends_paragraph(&format!("{}{t}", page.content(i - 1).trim_end()))
}

/// `text` is nothing but closing marks (`』`, `）`) and white space: cut
/// from the paragraph it closes.
fn closing_marks_only(text: &str) -> bool {
    text.chars().all(|c| text::is_closing(c) || c.is_whitespace())
}

/// A moved continuation takes the blocks after it up to the next article.
fn moved_run_end(page: &Page, start: usize) -> usize {
    (start + 1..page.blocks.len()).find(|&i| opens_article(page, i)).unwrap_or(page.blocks.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Source;

    fn page(text: &str) -> Page {
        Page::parse(Source::from_bytes("p.md", text.as_bytes().to_vec()).unwrap())
    }

    /// The plan is one unjoined move: of blocks `moved` to follow block `from`.
    fn assert_one_move(plan: &[Join], from: usize, moved: Range<usize>) {
        assert_eq!(plan.len(), 1, "{plan:?}");
        assert_eq!((plan[0].from.1, plan[0].to.1, plan[0].joined), (from, moved.start, false));
        assert_eq!(plan[0].moved, Some(moved));
    }

    /// The plan's joins, as (from, to) blocks; every reason it gives has a
    /// Chinese rendering (`--lang zh`).
    fn joins(text: &str) -> Vec<(usize, usize)> {
        let lex = Lexicon::embedded();
        let plan = plan(&[page(text)], &[None], &lex);
        for j in &plan {
            assert!(crate::messages::knows(&j.reason), "no Chinese for: {}", j.reason);
        }
        plan.iter().map(|j| (j.from.1, j.to.1)).collect()
    }

    #[test]
    fn open_quotes_are_counted_by_their_bytes_as_by_their_characters() {
        // The count of opening against closing marks, as characters, on
        // generated strings of quotes, look-alike marks and text.
        let by_chars = |t: &str| t.matches(['“', '『', '「']).count() > t.matches(['”', '』', '」']).count();
        let alphabet = ['“', '”', '『', '』', '「', '」', '〈', '〉', '‘', '’', '"', '字', 'a', '。', '\u{200c}', '\u{300d}'];
        let mut next = crate::testing::numbers(7);
        for _ in 0..20_000 {
            let len = next(12);
            let text: String = (0..len).map(|_| alphabet[next(alphabet.len())]).collect();
            assert_eq!(open_quote(&text), by_chars(&text), "{text}");
        }
        assert!(open_quote("他说：“我们"));
        assert!(!open_quote("他说：“我们。”"));
    }

    #[test]
    fn a_remembered_seam_reads_as_a_fresh_one() {
        // The cache's key holds everything the score reads: the tail's last
        // four characters, the head's first twelve and an open quote.
        let lex = Lexicon::embedded();
        let pairs = [("这些年更进行了许多先", "行探索。"), ("他说：“这些年更进行了许多先", "行探索。"), ("人均基本农田", "１２３４５.６亩，"), ("人均基本农田", "１２３４５.６年，"), ("毛立忠、毛传", "林等")];
        for (tail, head) in pairs {
            let fresh = seam(tail, head, &lex);
            for _ in 0..2 {
                let s = seam_with(tail, head, &lex, None);
                assert_eq!((s.score, s.telling, s.only_word), (fresh.score, fresh.telling, fresh.only_word), "{tail}|{head}");
            }
        }
        assert_ne!(seam_score("他说：“这些年更进行了许多先", "行探索。", &lex), seam_score("这些年更进行了许多先", "行探索。", &lex));
        // (The two heads differ in their eighth character.)
        assert_ne!(seam_score("人均基本农田", "１２３４５.６亩，", &lex), seam_score("人均基本农田", "１２３４５.６年，", &lex));
    }

    #[test]
    fn seams_weighed_together_read_as_each_alone() {
        // On a thread that has weighed none of them, then on one that has
        // weighed some (the rest are weighed on the pool's threads), with
        // empty sides among them; and a fresh lexicon's answers again.
        let pairs = [("这些年更进行了许多先", "行探索。"), ("他说：“这些年更进行了许多先", "行探索。"), ("人均基本农田", "１２３４５.６亩，"), ("", "行探索。"), ("毛立忠、毛传", " "), ("毛立忠、毛传", "林等"), ("纷纷走到基层一线，通", "过对接工作、实地调研"), ("标志着浙江第一批入选国家数字服", "务出口基地。")];
        std::thread::spawn(move || {
            for lex in [Lexicon::embedded(), Lexicon::embedded()] {
                let alone = |pairs: &[(&str, &str)]| pairs.iter().map(|&(t, h)| seam_with(t, h, &lex, None).score).collect::<Vec<f64>>();
                assert_eq!(seam_scores(&pairs, &lex), alone(&pairs));
                let _ = seam_score(pairs[6].0, pairs[6].1, &lex);
                let more = [pairs[6], ("数字服", "务"), pairs[0], ("先", "行")];
                let together = seam_scores(&more, &lex);
                assert_eq!(together, alone(&more));
                assert!(together[0] > 2.0 && together[1] > 2.0, "{together:?}");
            }
        })
        .join()
        .unwrap();
    }

    #[test]
    fn evidence_table() {
        // (fragment end, continuation start, the seam should be scored above 2)
        let lex = Lexicon::embedded();
        let cases = [
            ("这些年更进行了许多先", "行探索。", true),
            ("标志着浙江第一批入选国家数字服", "务出口基地。", true),
            ("村民毛立忠、毛传", "林在村干部的组织下参与扑灭山火行动。", true),
            ("纷纷走到基层一线，通", "过对接工作、实地调研", true),
            ("累计增收２", "万多元。", true),
            ("丰富多彩的业态背后，是日益活跃", "的市场经营主体。", true),
            ("这些年更进行了许多先", "本报讯（记者 王逸群）为大力弘扬社会正气", false),
            ("这些年更进行了许多先", "截至目前，全县已建成公共充电站64座。", false),
        ];
        for (tail, head, strong) in cases {
            let s = seam(tail, head, &lex);
            assert_eq!(s.score > INTERLEAVED_THRESHOLD, strong, "{tail} | {head}: {s:?}");
        }
    }

    #[test]
    fn adjacent_fragment_joins() {
        let text = "# 标题\n\n纷纷走到基层一线，通\n\n过对接工作、实地调研，送上“服务大礼包”。\n";
        assert_eq!(joins(text), vec![(1, 2)]);
    }

    #[test]
    fn nothing_joins_across_titles_bylines_captions_or_sentence_ends() {
        let cases = [
            "他说了这样一句话。\n\n过对接工作，送上大礼包。",
            "# 走到基层一线\n\n过对接工作，送上大礼包。",
            "本报记者 万笑影 通讯员 谭狄枫\n\n过对接工作，送上大礼包。",
            "# 小哥之夜\n\n图为颁奖典礼现场\n\n的市场经营主体。",
            "“毕竟是一条人命啊！”\n\n的市场经营主体。",
            "有关方面达成以下共识：\n\n一、加强国防部与宇航局的协调。",
            // `：` as OCR prints it, half-width.
            "市政府今天发出通知，全文如下:\n\n各区要在春节前完成供暖设施的检修。",
        ];
        for text in cases {
            assert_eq!(joins(text), vec![], "{text}");
        }
    }

    #[test]
    fn lost_full_stop_table() {
        // (fragment end, next block, taken for a lost full stop)
        let lex = Lexicon::embedded();
        let cases = [
            ("海盐破解了开放式老旧小区充电难题", "此外，海盐还通过浙里办推出服务。", true),
            // Short of the bar (5.7 of 6.0); its page takes it all the same
            // (see `a_page_that_loses_full_stops_has_the_lower_bar`).
            ("帮助企业利用自身优势，深耕数字贸易领域", "比如，杭州趣链科技有限公司研发出平台。", false),
            ("钦佩中国近年来在经贸方面取得的发展，是充满活力的主角之一 ”", "钱其琛在致答谢辞时首先转达了问候。", true),
            ("这是浙江引以为豪的优势", "今年1至9月，浙江全省数字贸易进出口总额增长。", true),
            // The pair statistics alone fall short (3.3 to 4.7); the model
            // reads each head far better at a paragraph's start.
            ("村里的年轻人大多回乡创业", "近年来，村里先后办起了三家合作社。", true),
            ("两岸的群众都说这座桥修得好", "截至目前，全省已建成大桥四十座。", true),
            ("这个厂的产品远销海外", "为了提高质量，厂里引进了新设备。", true),
            // Column breaks: the next block carries on the sentence.
            ("纷纷走到基层一线，通", "过对接工作、实地调研，送上大礼包。", false),
            ("演出前，国务委员", "李铁映会见了剧团的演员。", false),
            ("他在杭州送外卖途中，", "从距钱塘江水面约12米高的大桥上一跃而下。", false),
            ("和由中央文明办发布的", "2023年第三季度“中国好人榜”。", false),
            ("丰富多彩的业态背后，是日益活跃", "的市场经营主体。", false),
            ("自中原区大岗刘乡", "冯湾村农民艺术团表演了豫剧。", false),
        ];
        for (tail, head, lost) in cases {
            assert_eq!(lost_full_stop(tail, head, &lex).is_some(), lost, "{tail} | {head}");
        }
    }

    #[test]
    fn a_paragraph_that_lost_its_full_stop_is_left_alone() {
        let text = "海盐破解了开放式老旧小区充电难题\n\n此外，海盐还通过浙里办推出服务。\n\n\
                    标志着浙江第一批入选国家数字服\n\n务出口基地。\n";
        assert_eq!(joins(text), vec![(2, 3)]);
    }

    #[test]
    fn a_paragraph_that_reads_as_finished_goes_on_to_a_far_head_no_paragraph_opens_with() {
        // Written for this test: `……对这些照片` reads as a sentence's end
        // before `另据报道，……`, but `的研究……`, printed after another
        // article, can only go on from something.
        let text = "# 探测器发回卫星照片\n\n新华社电 探测器昨天发回了这颗卫星的一组照片。科学家说，照片显示卫星表面有大片冰层。\n\n\
                    此外，天文学家们还对这些照片\n\n另据报道，这个探测器还将继续飞行两年，它的燃料足够使用。\n\n\
                    # 县图书馆新馆开放\n\n本报讯 县图书馆新馆今天开放，藏书十万册，读者可以免费借阅。\n\n\
                    的研究表明，卫星的冰层下面可能有一片液态水。\n";
        let lex = Lexicon::embedded();
        let page = page(text);
        assert_eq!(unjoined_after(&page, 2, &lex, &PageReading::of(&page, &lex)), Some(Unjoined::LostFullStop));
        assert_eq!(joins(text), vec![(2, 6)]);
        // A far block that opens as paragraphs do is no such evidence.
        assert!(joins(&text.replace("的研究表明，", "研究表明，")).iter().all(|&(from, _)| from != 2));
    }

    #[test]
    fn a_page_that_loses_full_stops_has_the_lower_bar() {
        // Alone, `……处理厂` | `同时，……` is not convincing enough to leave
        // unjoined; on a page where another paragraph certainly lost its
        // stop, it is reported too.
        let weak = "全县今年新建了三座污水处理厂\n\n同时，各乡镇的垃圾分类也全面铺开。\n";
        assert_eq!(joins(&format!("# 标题\n\n{weak}")), vec![(1, 2)]);
        let damaged = format!("# 标题\n\n海盐破解了开放式老旧小区充电难题\n\n此外，海盐还通过浙里办推出服务。\n\n{weak}");
        assert_eq!(joins(&damaged), vec![]);
        let page = page(&damaged);
        let lex = Lexicon::embedded();
        let reading = PageReading::of(&page, &lex);
        assert_eq!(reading.lost_stop_min, DAMAGED_LOST_STOP_MIN);
        assert_eq!(unjoined_after(&page, 3, &lex, &reading), Some(Unjoined::LostFullStop));
        // A paragraph whose pair statistics alone pass the page's bar
        // (5.8) is evidence enough on its own, though the model's reading
        // leaves it short of the bar for one paragraph (5.7 of 6.0).
        let short = "帮助企业利用自身优势，深耕数字贸易领域\n\n比如，杭州趣链科技有限公司研发出平台。\n";
        let alone = super::tests::page(&format!("# 标题\n\n{short}"));
        assert_eq!(PageReading::of(&alone, &lex).lost_stop_min, DAMAGED_LOST_STOP_MIN);
        assert_eq!(joins(&format!("# 标题\n\n{short}")), vec![]);
    }

    #[test]
    fn a_name_cut_by_a_break_is_no_evidence_that_a_page_loses_full_stops() {
        // Written for this test: a made-up temple's name cut by the break
        // (`碧云寺建` | `晟亭`) reads as a sentence's end to pair statistics
        // that have barely seen its pairs; drawn to the rate of all pairs,
        // it does not, and the page keeps the usual bar.
        let lex = Lexicon::embedded();
        let (tail, head) = ("节日里，当碧云寺建", "晟亭前舞起龙灯，游人围了里三层外三层。");
        assert!(sentence_break_ratio(tail, head, &lex).unwrap() >= DAMAGE_CERTAIN_MIN);
        assert!(boundary_ratio_with(tail, head, &lex, Lexicon::known_lost_stop_ratio).unwrap() < DAMAGE_CERTAIN_MIN);
        let weak = "全县今年新建了三座污水处理厂\n\n同时，各乡镇的垃圾分类也全面铺开。\n";
        let text = format!("# 标题\n\n{tail}\n\n{head}\n\n{weak}");
        assert_eq!(PageReading::of(&page(&text), &lex).lost_stop_min, LOST_STOP_MIN);
        assert_eq!(joins(&text), vec![(1, 2), (3, 4)]);
    }

    #[test]
    fn a_clause_of_two_characters_is_no_sentences_end() {
        // Written for this test: the statistics and the model alone would
        // take the break for a lost full stop.
        let lex = Lexicon::embedded();
        let (tail, head) = ("希望两市继续加强合作，发展", "东部各省同本市的友谊，促进地区的繁荣。");
        assert!(lost_stop_evidence(tail, head, &lex).unwrap() >= LOST_STOP_MIN);
        assert_eq!(joins(&format!("# 标题\n\n{tail}\n\n{head}\n")), vec![(1, 2)]);
        assert_eq!(last_clause_chars(tail), 2);
        assert_eq!(last_clause_chars("要求的管理，规范、有序"), 5);
        assert_eq!(last_clause_chars("没有标点的一行"), usize::MAX);
    }

    #[test]
    fn before_a_heading_a_finished_sentence_lost_its_stop_on_such_a_page() {
        let lex = Lexicon::embedded();
        let before_heading = "今年全县的农业生产取得了好成绩\n\n# 下一篇\n\n正文。\n";
        // Alone: a paragraph cut short (`truncated`), nothing said about its end.
        let alone = page(&format!("# 标题\n\n{before_heading}"));
        assert_eq!(unjoined_after(&alone, 1, &lex, &PageReading::of(&alone, &lex)), None);
        // Where another paragraph certainly lost its stop: this one did too.
        let damaged = page(&format!("# 标题\n\n海盐破解了开放式老旧小区充电难题\n\n此外，海盐还通过浙里办推出服务。\n\n{before_heading}"));
        assert_eq!(unjoined_after(&damaged, 3, &lex, &PageReading::of(&damaged, &lex)), Some(Unjoined::LostFullStop));
    }

    #[test]
    fn an_unmarked_heading_is_not_joined() {
        let text = "海盐的数字贸易发展得很快。\n\n业态汇聚 创新不断\n\n人们常说，数字贸易是一片“蓝海”。\n\n\
                    这些外汇储备中包括国际货币基金组织去年向\n\n泰国提供的共７９亿美元贷款。\n";
        assert_eq!(joins(text), vec![(3, 4)]);
        let page = page(text);
        let lex = Lexicon::embedded();
        let reading = PageReading::of(&page, &lex);
        assert_eq!(unjoined_after(&page, 1, &lex, &reading), Some(Unjoined::UnmarkedHeading));
        assert_eq!(unjoined_after(&page, 3, &lex, &reading), None);
    }

    #[test]
    fn a_page_that_marks_its_headings_leaves_none_unmarked() {
        // The same short block without punctuation: a fragment where the
        // page marks its headings, a heading where it marks none.
        let lex = Lexicon::embedded();
        let marked = "# 反腐一线的好检察官\n\n江阴市青阳镇\n\n检察院就以办案公正闻名全省。\n";
        assert_eq!(joins(marked), vec![(1, 2)]);
        for (text, want) in [(marked, None), (&marked[2..], Some(Unjoined::UnmarkedHeading))] {
            let page = page(text);
            assert_eq!(unjoined_after(&page, 1, &lex, &PageReading::of(&page, &lex)), want, "{text}");
        }
    }

    #[test]
    fn a_number_does_not_go_on_into_a_list_mark_that_lists_no_number() {
        // Written for this test: `……３月１５` + `、市体育局……` would list a
        // body after a day; `……３月２９` + `、３０日……` lists the next day.
        let text = "# 老街改造完工\n\n本报讯 城东老街改造工程原定３月１５\n\n\
                    # 简讯\n\n县图书馆新馆今天开放，藏书十万册。\n\n、市体育局将举办全市中学生象棋赛。\n";
        assert_eq!(joins(text), vec![]);
        assert_eq!(joins(&text.replace("原定３月１５", "定于３月２９").replace("、市体育局将举办全市中学生象棋赛。", "、３０日两天进行。")), vec![(1, 4)]);
    }

    #[test]
    fn an_amount_goes_on_from_the_words_before_it() {
        for (head, amount) in [("０.８亩，比全国平均水平低。", true), ("3.5万元。", true), ("１２０多吨。", true), ("６０％的村民", true), ("３４１７·２０点，比前一交易日", true), ("１２００公里的公路", true), ("２０多艘渔船", true), ("１９９７年，全县", false), ("１．加强领导", false), ("１２日，记者", false)] {
            assert_eq!(opens_with_quantity(&head.trim_start().chars().take(12).collect::<Vec<char>>()), amount, "{head}");
        }
        // The amount's continuation printed after another article.
        let text = "# 耕地保护\n\n这个县的耕地越来越少，目前只实现人均基本农田\n\n# 简讯\n\n县图书馆新馆今天开放。\n\n０.８亩，低于全省平均水平。\n";
        assert_eq!(joins(text), vec![(1, 4)]);
        // The break falls between the digits and their measure word.
        let lex = Lexicon::embedded();
        for (tail, head) in [("全乡共有４１２", "名党员参加了培训。"), ("今年新建小学１２", "所，中学三所。"), ("收购粮食３００", "吨。")] {
            let s = seam(tail, head, &lex);
            assert!(s.telling && s.reason.contains("a number runs across the break"), "{tail} | {head}: {s:?}");
        }
    }

    #[test]
    fn a_dispatch_dateline_continues_nothing() {
        assert_eq!(joins("他们在方便的时候访问了\n\n新华社曼谷１月１６日电 泰国外交部说。"), vec![]);
        assert_eq!(joins("他们在方便的时候访问了\n\n本报讯（记者 王逸群）为大力弘扬社会正气。"), vec![]);
    }

    #[test]
    fn the_rest_of_a_dash_goes_on_from_its_first_half() {
        // Written for this test: a column broke inside a dash.
        let text = "# 话剧的困境\n\n话剧的困难集中表现为两点：一是在观众方面——\n\n—观众太少；二是在剧团方面，演得越多赔得越多。\n";
        assert_eq!(joins(text), vec![(1, 2)]);
        let plan = plan(&[page(text)], &[None], &Lexicon::embedded());
        assert!(plan[0].reason.contains("the rest of the dash"), "{}", plan[0].reason);
        // A list item that opens with a whole dash after an introduction does not.
        let text = "# 新区建设\n\n新区的建设出现了新局面——\n\n———城区功能取得新突破。\n";
        assert_eq!(joins(text), vec![]);
    }

    #[test]
    fn two_words_meeting_at_a_break_are_no_word_across_it() {
        let lex = Lexicon::embedded();
        // `安全` | `国家` would read `全国`, but each side ends or opens a
        // word of its own.
        assert!(!word_across("始终把安全", "国家大型企业", &lex));
        assert!(!seam("始终把安全", "国家大型企业", &lex).telling);
        // The same where the side before ends a word of three (`研究所` |
        // `长期` reads `所长`).
        assert!(!word_across("县科学技术研究所", "长期从事水稻育种", &lex));
        // And where one character stands alone after a mark (`……；对` |
        // `此前` reads `对此`).
        assert!(!word_across("要留出时间；对", "此前已经报名的学生", &lex));
        assert!(word_across("要留出时间；对", "此表示欢迎", &lex));
        // A word cut in two still runs across (`安全`), as does a longer one
        // the break leaves one character of (`全国` in `……把全` + `国的`).
        assert!(word_across("始终把安", "全放在首位", &lex));
        assert!(word_across("这是我们第一次把全", "国的力量组织起来", &lex));
    }

    #[test]
    fn a_bullet_opens_an_item_whatever_ends_the_one_before() {
        // Written for this test: a digest whose items read like headlines,
        // without a full stop, one to a paragraph.
        let text = "# 农村经济要览\n\n●今年要突出抓好种子、化肥和农田水利三件大事\n\n\
                    ●去年全省粮食总产量再创新高，农民人均纯收入增长较快\n\n\
                    ▲乡镇企业要在调整结构中提高效益\n\n★各地要把减轻农民负担的工作落到实处\n";
        assert_eq!(joins(text), vec![]);
        // A fragment does not run into an item: it is left as it is.
        let text = "# 农村经济要览\n\n全省今年要在抓好种子、化肥的同时加快农田水\n\n●乡镇企业要在调整结构中提高效益。\n";
        assert_eq!(joins(text), vec![]);
    }

    #[test]
    fn a_long_clause_without_a_mark_takes_a_head_that_must_go_on() {
        // Written for this test: the clause before the break has no mark in
        // its 26 characters, so it reads like a table row; the head after
        // another story opens with `、`.
        let text = "# 春运方案\n\n二是把开往东北的夜间旅客列车的发车时间调整到对旅客最合适\n\n\
                    # 简讯\n\n县图书馆新馆今天开放，藏书十万册。\n\n、最方便的时段。\n";
        assert_eq!(joins(text), vec![(1, 4)]);
        // A row takes no head that reads as a paragraph's start.
        let text = "# 春运方案\n\n二是把开往东北的夜间旅客列车的发车时间调整到对旅客最合适\n\n\
                    # 简讯\n\n县图书馆新馆今天开放，藏书十万册。\n\n的时段，旅客都很满意。\n";
        assert_eq!(joins(text), vec![]);
        // … unless it stops where no sentence ends.
        let text = "# 议长离穗回国\n\n新华社广州３月９日电（记者王立）某国国民议会议长萨阿东一行六人圆满结束对中国的\n\n\
                    # 简讯\n\n县图书馆新馆今天开放，藏书十万册。\n\n访问，今天下午乘飞机离开广州回国。\n";
        assert_eq!(joins(text), vec![(1, 4)]);
        // … or on a mark that something must follow: a name's dot.
        let text = "# 会见外宾\n\n新华社北京３月２日电国务院副总理今天在钓鱼台国宾馆会见了英国商业联合会主席彼得·\n\n\
                    # 简讯\n\n县图书馆新馆今天开放，藏书十万册。\n\n莫里斯。\n\n副总理赞赏英国商业联合会为推动中英经贸合作所做的努力。\n";
        assert_eq!(joins(text), vec![(1, 4)]);
    }

    #[test]
    fn a_continuation_reads_its_own_article_not_the_one_printed_before_it() {
        // Written for this test: an article, then the continuation of
        // another from page 1, once after its repeated title, once without.
        let lex = Lexicon::embedded();
        for (text, expected) in [
            ("# 春耕备耕\n\n各地农民抓紧检修农机。\n\n（上接第1版）水库今年蓄水两亿方，\n\n灌区渠道全部清淤。\n", vec![3, 2]),
            ("# 春耕备耕\n\n各地农民抓紧检修农机。\n\n# 水库蓄水\n\n（上接第1版）\n\n水库今年蓄水两亿方，\n\n灌区渠道全部清淤。\n", vec![5, 4, 3, 2]),
        ] {
            let page = page(text);
            let terms = TermCache::new(&page, &lex);
            let read: Vec<usize> = terms.context_blocks(page.blocks.len() - 1, CONTEXT_BLOCKS).collect();
            assert_eq!(read, expected, "{:?}", page.blocks.iter().map(|b| b.kind).collect::<Vec<_>>());
            assert_eq!(chars_back(&page, page.blocks.len() - 1, STRAY_CONTEXT_CHARS), "水库今年蓄水两亿方，灌区渠道全部清淤。");
        }
    }

    #[test]
    fn a_long_word_into_a_far_block_outranks_a_neighbour_nothing_joins() {
        // Written for this test: the block after the fragment is a run of
        // the article before it, which opens as a paragraph would; the
        // fragment's rest follows another story, and a place name runs
        // across into it.
        let text = "# 华侨社团发展迅速\n\n本报讯近年来，海外华侨华人社团发展迅速，数量成倍增加。\n\n\
                    # 外长会议筹备就绪\n\n本报讯五国外长将于下月在斯德哥\n\n\
                    华侨华人社团之间的联系日趋密切，交流活动更加频繁。\n\n\
                    # 春节市场供应充足\n\n本报讯今年春节市场货源充足，价格平稳。\n\n\
                    尔摩举行会晤，商讨地区安全问题。\n";
        assert!(joins(text).contains(&(3, 7)), "{:?}", joins(text));
        // Two characters that read as a word across the break by chance
        // (`坚定地` + `里……`) do not.
        let text = text.replace("下月在斯德哥", "下月坚定地").replace("尔摩举行会晤", "里举行会晤");
        assert!(!joins(&text).contains(&(3, 7)), "{:?}", joins(&text));
    }

    #[test]
    fn a_fragment_cut_mid_sentence_takes_a_far_block_that_names_nothing_of_its_own_article() {
        // Written for this test: a one-line story stops mid-sentence; its
        // rest follows a story on another topic, whose last paragraph ends
        // with a full stop, and names little of the fragment's story.
        let text = "# 简讯\n\n本报讯本市东郊一座大型购物中心昨天建成\n\n\
                    # 全市冬季长跑比赛举行\n\n本报讯全市冬季长跑比赛昨天举行，两千多名选手参加比赛。\n\n\
                    男子组冠军由市体校选手获得，女子组冠军由一名中学生获得。\n\n\
                    开业。购物中心设有超市、影院和餐饮区，首日接待顾客五万人次。\n";
        assert_eq!(joins(text), vec![(1, 5)]);
        // A block that names the race goes on from the race story.
        let own = text.replace("首日接待顾客五万人次", "长跑比赛选手凭号码牌购物");
        assert!(joins(&own).is_empty(), "{:?}", joins(&own));
    }

    #[test]
    fn a_paragraph_of_the_article_printed_before_a_run_takes_nothing_from_the_run() {
        // Written for this test: the tea story stops after a comma; the
        // course story's second paragraph names the mountain villages and
        // the training too, but its own story more; the tea story's rest
        // follows it and names less of the tea story than that paragraph.
        let text = "# 山区茶叶产业发展迅速\n\n本报讯某县大力扶持山区茶叶生产，三年来新建茶园两万亩，组织农技人员培训山区茶农。\n\n\
                    县里还引进龙头企业建设茶叶加工厂。作为名茶产地，该县还为山区茶农提供技术，\n\n\
                    # 农业大学开设远程课程\n\n本报讯农业大学远程教育课程日前开课，首批学员来自全省各地，课程学生考试合格率很高。\n\n\
                    远程课程是大学的一项重要工作。课程还为山区培训农技人员三百名，远程课程学生考试成绩优异，大学课程受到欢迎。\n\n\
                    培训骨干，帮助茶农提高制茶水平。\n";
        assert_eq!(joins(text), vec![(2, 6)]);
    }

    #[test]
    fn two_jumps_between_the_same_pages_are_told_apart_by_where_their_cuts_read_on() {
        // Written for this test: two stories on page 1 jump to page 2, each
        // cut mid-sentence; page 2 prints their continuations the other way
        // round, one after its line printed alone.
        let lex = Lexicon::embedded();
        let p1 = page("# 春运首日客流平稳\n\n今年春运首日，铁路部门增开临时列车，方便旅客回家（下转第二版）\n\n\
                       # 冬小麦长势良好\n\n入冬以来，农业部门组织技术人员深入田\n\n（转二版）\n");
        let p2 = page("# 冬小麦长势良好\n\n（上接第1版）间地头，指导农民做好冬季麦田管理。\n\n\
                       （紧接第一版〕\n\n过年。铁路部门提醒旅客提前购票，错峰出行。\n");
        let pages = [p1.clone(), p2.clone()];
        let numbers = [Some(1), Some(2)];
        let partner = |p: usize, from: usize, forward: bool| jump_partner(&pages, &numbers, p, from, forward, &lex).map(|(_, i)| i);
        let (spring, wheat) = (1, 4);
        assert!(p1.blocks[spring].jump_head.is_some() && p1.blocks[wheat].jump_head.is_some(), "{:?}", p1.blocks.iter().map(|b| b.kind).collect::<Vec<_>>());
        let (wheat_cont, spring_cont) = (1, 2);
        assert_eq!(partner(0, spring, true), Some(spring_cont));
        assert_eq!(partner(0, wheat, true), Some(wheat_cont));
        assert_eq!(partner(1, spring_cont, false), Some(spring));
        assert_eq!(partner(1, wheat_cont, false), Some(wheat));
        // Where both stories end their paragraphs before their lines, no cut
        // tells the continuations apart.
        let p1 = page("# 春运首日客流平稳\n\n今年春运首日，铁路部门增开临时列车，方便旅客回家。（下转第二版）\n\n\
                       # 冬小麦长势良好\n\n入冬以来，农业部门组织技术人员深入田间。\n\n（转二版）\n");
        let pages = [p1, p2];
        assert_eq!(jump_partner(&pages, &numbers, 0, spring, true, &lex).map(|(_, i)| i), None);
    }

    #[test]
    fn a_fragment_in_a_continuation_reads_the_head_text_it_goes_on_from() {
        // Written for this test: the continuation's first block stops
        // mid-sentence and names nothing of its topic; its rest follows
        // another story and names what the head text on page 1 does.
        let lex = Lexicon::embedded();
        let head = page("# 全县兴修水利\n\n本报讯今年冬春，全县新建小型水库十二座，整修灌溉渠道三百公里，新增有效灌溉面积五万亩。（下转第2版）\n");
        let cont = page("（上接第1版）据介绍，这些工程完工以后，全县将有\n\n# 春节市场供应充足\n\n本报讯今年春节市场货源充足，价格平稳。\n\n二十万亩农田实现旱涝保收，水库和渠道由乡村专人管护。\n");
        let joins: Vec<(BlockRef, BlockRef)> = plan(&[head.clone(), cont.clone()], &[Some(1), Some(2)], &lex).iter().map(|j| (j.from, j.to)).collect();
        assert!(joins.contains(&((1, 0), (1, 3))), "{joins:?}");
        // Without the head page, nothing ties the two.
        let alone: Vec<(BlockRef, BlockRef)> = plan(&[cont], &[Some(2)], &lex).iter().map(|j| (j.from, j.to)).collect();
        assert!(!alone.contains(&((0, 0), (0, 3))), "{alone:?}");
    }

    #[test]
    fn a_block_a_jump_cuts_reads_with_its_continuation() {
        // Written for this test: the fragment's rest, printed after another
        // story, names nothing of the fragment's topic before its jump
        // line cuts it; its continuation on page 2 does.
        let lex = Lexicon::embedded();
        let first = page("# 全县兴修水利\n\n本报讯今年冬春，全县新建小型水库十二座，整修灌溉渠道三百公里，新增有效灌溉面积五万亩。县水利局负责人说，到明年汛期前，全县将\n\n\
                          # 春节市场供应充足\n\n本报讯今年春节市场货源充足，价格平稳。\n\n基本消除多年来一直困扰群众的（下转第2版）\n");
        let second = page("# 简讯\n\n市体育局将举办全市中学生象棋赛。\n\n（上接第1版）旱涝灾害，水库和灌溉渠道由乡村专人管护，灌溉用水实行计量收费。\n");
        let joined = |pages: &[Page], numbers: &[Option<u32>]| plan(pages, numbers, &lex).iter().any(|j| j.from == (0, 1) && j.to == (0, 4));
        assert!(joined(&[first.clone(), second], &[Some(1), Some(2)]));
        // Without the page it goes on to, nothing ties the two.
        assert!(!joined(&[first], &[Some(1)]));
    }

    #[test]
    fn a_sentence_without_a_comma_is_prose_a_row_of_units_is_not() {
        // Written for this test.
        assert!(is_prose("县长昨天还会见了前来考察的省农业厅和省水利厅的专家"));
        assert!(!is_prose("县农业局县水利局县林业局县畜牧局县农机局县供销社县气象局"));
    }

    #[test]
    fn jump_cut_is_not_a_column_fragment() {
        let text = "一直没有得到回（下转第4版）\n\n# 下一篇\n\n音。而山东亲人来信给她。\n";
        assert_eq!(joins(text), vec![]);
        let text = "南河村成井３眼，平均每人有\n\n（下转第３版）\n\n# 政府官员\n\n了五六分水浇地。\n";
        assert_eq!(joins(text), vec![]);
    }

    #[test]
    fn a_first_sentence_after_a_dateline_is_searched_across_other_articles() {
        // Written for this test: no comma before the break, only the
        // dateline's colon; another story is printed between the halves.
        let text = "# 乡村学校全部启用\n\n本报讯记者张华报道：全市今年新建的二十所乡村学校昨天全部投入使\n\n\
                    # 简讯\n\n县图书馆新馆今天开放，藏书十万册。\n\n\
                    用，两千多名学生告别了借用村委会房屋上课的日子。\n";
        assert_eq!(joins(text), vec![(1, 4)]);
    }

    #[test]
    fn a_dateline_and_its_first_words_without_a_comma_are_searched_for() {
        // Written for this test: the story's first sentence has no mark
        // before the break, and with its dateline it is longer than a
        // short line; a photo and its caption are printed between.
        let text = "# 农机站更新设备\n\n本报讯市农机总站今年投入百万元为乡镇农机站更\n\n\
                    # 冬日暖阳\n\n图为市民在公园里晒太阳。（本报记者李明摄）\n\n\
                    新维修设备，全市农机维修能力提高了一倍。\n";
        assert_eq!(joins(text), vec![(1, 4)]);
        // A list of names after a dateline is searched as a story's first
        // sentence is, but nothing here reads on from a name.
        let names = "# 获奖名单\n\n本报讯（记者 王立）市农科所高级农艺师张建国市第一医院主任医师李春华市实验中学教师赵丽\n\n\
                     # 冬日暖阳\n\n图为市民在公园里晒太阳。（本报记者李明摄）\n\n\
                     新维修设备，全市农机维修能力提高了一倍。\n";
        assert_eq!(joins(names), vec![]);
    }

    #[test]
    fn text_right_after_a_photo_caption_continues_an_earlier_fragment() {
        // Written for this test: the photo story is a title and a caption,
        // so the block after it can only continue something; its seam
        // (a clause after a comma) says little either way.
        let text = "# 老街换新颜\n\n经过半年的整治，城东老街的路面全部翻新，沿街商铺统一了招牌，\n\n\
                    # 冬日暖阳\n\n图为市民在公园里晒太阳。（本报记者李明摄）\n\n\
                    居民们说现在出门散步的人比以前多了许多。\n";
        assert_eq!(joins(text), vec![(1, 4)]);
        // Without the caption, the same block is where its own story goes on.
        let plain = text.replace("图为市民在公园里晒太阳。（本报记者李明摄）", "今天的气温比昨天高了五度，不少市民来到公园。");
        assert_eq!(joins(&plain), vec![]);
    }

    #[test]
    fn list_item_needs_evidence() {
        assert_eq!(joins("试点的主要做法是\n\n一、职工所购的公有住房在取得房屋所有权证后。"), vec![]);
        for item in ["第一，职工所购的公有住房", "第二是提高效率", "第三天，天气转晴", "第二年春天，天气转晴", "第三条　职工所购的公有住房", "第四十条违反本办法规定的", "（二）职工所购", "３．职工所购"] {
            assert!(opens_list_item(item), "{item}");
        }
        // An ordinal inside a noun phrase opens nothing: the column broke before it.
        for running in ["第三大港口的吞吐量", "第二个五年计划", "第五次会议的决定", "第一百零七条的规定追究", "第三条第二款规定的", "第五条、第六条", "第四卷写的是"] {
            assert!(!opens_list_item(running), "{running}");
        }
        assert_eq!(joins("这座新建的码头让本市成为全省\n\n第三大港口的所在地。"), vec![(0, 1)]);
        assert_eq!(joins("对拒不履行义务的一方，可以按照合同法\n\n第一百零七条的规定追究责任。"), vec![(0, 1)]);
    }

    #[test]
    fn a_section_under_a_subhead_that_keeps_naming_the_person_of_an_earlier_article_moves_back() {
        // Written for this test: the earlier article's next section, under
        // its subhead, is printed after the news brief.
        let text = "# 蔗乡来了好厂长\n\n本报讯 广西武宣县蔗糖厂厂长覃振邦上任三年，扭亏为盈。\n\n\
                    覃振邦说，蔗农的甘蔗款一分也不能拖欠。蔗糖厂今年收购甘蔗四十万吨。\n\n\
                    # 简讯\n\n县图书馆新馆今天开放，藏书十万册。\n\n市民可以凭身份证免费办理借书证。\n\n\
                    ### 走遍蔗区\n\n去年冬天，覃振邦带着技术员走遍了全县的蔗区。\n\n蔗农们都说，覃厂长是蔗糖厂最实在的人，甘蔗款从不拖欠。\n";
        let lex = Lexicon::embedded();
        let plan = plan(&[page(text)], &[None], &lex);
        assert_one_move(&plan, 2, 6..9);
    }

    #[test]
    fn a_run_that_keeps_naming_the_person_of_an_earlier_article_moves_back() {
        // `覃振邦` is in no dictionary, and each block names him once.
        let text = "# 蔗乡来了好厂长\n\n本报讯 广西武宣县蔗糖厂厂长覃振邦上任三年，扭亏为盈。\n\n\
                    覃振邦说，蔗农的甘蔗款一分也不能拖欠。蔗糖厂今年收购甘蔗四十万吨。\n\n\
                    # 简讯\n\n县图书馆新馆今天开放，藏书十万册。\n\n市民可以凭身份证免费办理借书证。\n\n\
                    去年冬天，覃振邦带着技术员走遍了全县的蔗区。\n\n蔗农们都说，覃厂长是蔗糖厂最实在的人，甘蔗款从不拖欠。\n";
        let lex = Lexicon::embedded();
        let plan = plan(&[page(text)], &[None], &lex);
        assert_one_move(&plan, 2, 6..8);
        assert!(plan[0].reason.contains("振邦"), "{}", plan[0].reason);
    }

    #[test]
    fn an_article_that_ends_with_its_credit_takes_no_run_back() {
        // The run above, after an article that signs off with its credit:
        // the story is finished, and text after a credit is the next item
        // of a round-up, whatever names it shares.
        let text = "# 蔗乡来了好厂长\n\n本报讯 广西武宣县蔗糖厂厂长覃振邦上任三年，扭亏为盈。\n\n\
                    覃振邦说，蔗农的甘蔗款一分也不能拖欠。蔗糖厂今年收购甘蔗四十万吨。（黄立新）\n\n\
                    # 简讯\n\n县图书馆新馆今天开放，藏书十万册。\n\n市民可以凭身份证免费办理借书证。\n\n\
                    去年冬天，覃振邦带着技术员走遍了全县的蔗区。\n\n蔗农们都说，覃厂长是蔗糖厂最实在的人，甘蔗款从不拖欠。\n";
        let lex = Lexicon::embedded();
        assert!(plan(&[page(text)], &[None], &lex).is_empty());
        assert!(text::ends_with_credit("……四十万吨。（黄立新）"));
        assert!(text::ends_with_credit("……通车。（新华社记者张伟摄）"));
        assert!(!text::ends_with_credit("……四十万吨（约合八亿斤）"));
        assert!(!text::ends_with_credit("……名单。（附图片１张）"));
    }

    #[test]
    fn a_run_right_after_a_photo_caption_moves_back_to_the_article_it_names() {
        // Written for this test: the brief under the second title is only a
        // photo's caption; the text after it keeps naming the first
        // article's man (`覃振邦`, in no dictionary).
        let text = "# 蔗乡来了好厂长\n\n本报讯 广西武宣县蔗糖厂厂长覃振邦上任三年，扭亏为盈。\n\n\
                    覃振邦说，蔗农的甘蔗款一分也不能拖欠。蔗糖厂今年收购甘蔗四十万吨。\n\n\
                    # 县图书馆新馆开放\n\n图为县图书馆新馆的阅览室。\n\n\
                    去年冬天，覃振邦带着技术员走遍了全县的蔗区。\n\n蔗农们都说，覃厂长是蔗糖厂最实在的人，甘蔗款从不拖欠。\n";
        let lex = Lexicon::embedded();
        let pg = page(text);
        assert_eq!(pg.blocks[4].kind, BlockKind::Caption);
        let plan = plan(&[pg], &[None], &lex);
        assert_one_move(&plan, 2, 5..7);
    }

    #[test]
    fn a_run_after_a_caption_moves_back_on_its_topic_without_a_rare_term() {
        // Written for this test: the run shares the first article's topic
        // (纪检, 党风廉政, 责任制) but no term rare enough to move a run that
        // could be its own article's; after a caption it has no article of
        // its own.
        let text = "# 市纪委部署今年工作\n\n本报讯 市纪委昨天召开全会，部署今年的党风廉政建设和纪检监察工作。\n\n\
                    会议要求，各级纪检监察机关要加强廉政教育，严格执纪，推进党风廉政建设责任制的落实。\n\n\
                    # 冬日暖阳\n\n图为市民在公园里晒太阳。\n\n\
                    市纪委副书记总结了去年的纪检工作，对今年党风廉政建设责任制的检查作出了安排。\n";
        let lex = Lexicon::embedded();
        let pg = page(text);
        assert_eq!(pg.blocks[4].kind, BlockKind::Caption);
        assert_one_move(&plan(&[pg], &[None], &lex), 2, 5..6);
        // After a paragraph of a story it shares words with, the same run
        // stays.
        let own = text.replace("图为市民在公园里晒太阳。", "市总工会昨天召开会议，对今年的检查工作作出了安排。");
        assert!(plan(&[page(&own)], &[None], &lex).is_empty());
    }

    #[test]
    fn a_run_that_shares_nothing_with_its_own_article_moves_back_on_a_less_rare_term() {
        // The run above, after a paragraph of a story it shares nothing
        // with: nothing holds it there, and a term rarer than most (though
        // not a name) that it shares with the first article takes it back.
        let text = "# 市纪委部署今年工作\n\n本报讯 市纪委昨天召开全会，部署今年的党风廉政建设和纪检监察工作。\n\n\
                    会议要求，各级纪检监察机关要加强廉政教育，严格执纪，推进党风廉政建设责任制的落实。\n\n\
                    # 冬日暖阳\n\n今天的气温比昨天高了五度，不少市民来到公园晒太阳。\n\n\
                    市纪委副书记总结了去年的纪检工作，对今年党风廉政建设责任制的检查作出了安排。\n";
        let lex = Lexicon::embedded();
        let pg = page(text);
        let runs = stray_runs(&pg, &lex, &|_| None);
        assert_eq!(runs.len(), 1, "{runs:?}");
        let run = &runs[0];
        assert!(run.own_topic < OWN_TOPIC_MIN && (STRAY_RARE_TERM_ALONE..STRAY_RARE_TERM).contains(&run.rarest), "{run:?}");
        assert_one_move(&plan(&[pg], &[None], &lex), 2, 5..6);
        // With a story it shares words with, it stays (see above).
        let own = text.replace("今天的气温比昨天高了五度，不少市民来到公园晒太阳。", "市总工会昨天召开会议，对今年的检查工作作出了安排。");
        assert!(plan(&[page(&own)], &[None], &lex).is_empty());
    }

    /// A page set 8 characters to the line and 4 lines to the column
    /// (three blocks cut mid-sentence: 32, 24 and 32 characters). The
    /// river story's text ends on its third column's last line; the brief
    /// after it fills a column and two lines; then a paragraph of the river
    /// story, its last column, printed after the brief. Written for this
    /// test.
    fn column_run_page(run: &str) -> String {
        let river = ["本报讯 市水务局今年投入资金整治城区河道，清理淤泥，加固堤岸，新建", "污水管网。", "水务局局长说，今年要完成城区五条河道的整治，好让", "市民在家门口就能看到清水绿岸，河道整治工程将在汛期前全部完工。"];
        let brief = ["县图书馆新馆今天开放，藏书十万册，阅览室有三百个座位，市民凭借身", "份证免费办理借书证。"];
        let lines = |b: &str| crate::grid::printed_chars(b).div_ceil(8);
        assert_eq!(river.map(lines), [4, 1, 3, 4]);
        assert_eq!(brief.map(lines), [4, 2]);
        format!("# 城区河道整治\n\n{}\n\n# 简讯\n\n{}\n\n{run}\n", river.join("\n\n"), brief.join("\n\n"))
    }

    #[test]
    fn a_run_the_columns_cannot_place_after_the_text_before_it_moves_back() {
        // Counted on from the brief, the run's block would start on the
        // column's third line and run two lines past its foot: it is
        // another flow's, the river story's last column. It shares the
        // river story's words, though nothing rare enough to move it on
        // its topic alone.
        let run = "河道整治以后，水务局还将在河道两岸修建步道，市民可以沿河散步。";
        assert_eq!(crate::grid::printed_chars(run).div_ceil(8), 4);
        let text = column_run_page(run);
        let lex = Lexicon::embedded();
        let pg = page(&text);
        let plan = plan(&[pg], &[None], &lex);
        let moves: Vec<&Join> = plan.iter().filter(|j| !j.joined).collect();
        assert_eq!(plan.iter().filter(|j| j.joined).map(|j| (j.from.1, j.to.1)).collect::<Vec<_>>(), vec![(1, 2), (3, 4), (6, 7)]);
        assert_eq!(moves.len(), 1, "{plan:?}");
        assert_eq!((moves[0].from.1, moves[0].moved.clone()), (4, Some(8..9)));
        assert!(crate::messages::knows(&moves[0].reason), "{}", moves[0].reason);
        // Two lines shorter, the run fits under the brief in its column:
        // nothing says it is not the brief's.
        let short = "水务局还将在河道两岸修建步道，市民可以沿河散步。";
        assert_eq!(crate::grid::printed_chars(short).div_ceil(8), 3);
        assert!(super::plan(&[page(&column_run_page(short))], &[None], &lex).iter().all(|j| j.joined));
    }

    #[test]
    fn a_run_that_goes_on_with_an_earlier_articles_series_moves_back() {
        // Written for this test: the list of the year's events stops at
        // `三、` before another story; `四、` and `五、` are printed after it.
        let text = "# 本县去年十件大事\n\n一、新建的县医院投入使用。\n\n二、县城到省城的高速公路通车。\n\n三、全县农民人均收入突破五千元。\n\n\
                    # 图书馆新馆开放\n\n县图书馆新馆今天开放，藏书十万册。\n\n市民可以凭身份证免费办理借书证。\n\n\
                    四、全县新建了二十所乡村小学。\n\n五、县里的老街完成了改造。\n";
        let lex = Lexicon::embedded();
        let plan = plan(&[page(text)], &[None], &lex);
        assert_one_move(&plan, 3, 7..9);
        assert!(plan[0].reason.contains("series"), "{}", plan[0].reason);
        // A series the run's own article runs stays there.
        let own = text.replace("市民可以凭身份证免费办理借书证。", "三、市民可以凭身份证免费办理借书证。");
        assert!(super::plan(&[page(&own)], &[None], &lex).is_empty());
    }

    #[test]
    fn ordinals_read_and_written_alike() {
        for head in ["七是", "第二，", "十、", "（三）", "(４)", "（5）"] {
            let item = ordinal(head).unwrap_or_else(|| panic!("{head}"));
            assert_eq!(item.to_string(), head);
        }
        assert_eq!(ordinal("（８）专业化").map(|o| (o.value, o.digits)), Some((8, Digits::FullWidth)));
        for head in ["第二十天", "第三条", "（十一）", "４、", "第三个", "(0)"] {
            assert!(ordinal(head).is_none(), "{head}");
        }
    }

    #[test]
    fn interleaved_continuation_moves() {
        let text = "完善制度体系是建设生态的关键，浙江深谙其理，这些年更进行了许多先\n\n\
                    ## 海盐构建“一分钟充电服务圈”\n\n\
                    本报讯（见习记者 许钟予）近日，在海盐县河滨小区，居民张兰芬说。\n\n\
                    截至目前，全县已建成公共充电站64座、充电桩638个。\n\n\
                    ## 婺城爱心基金 情暖四川道孚\n\n\
                    本报讯（记者 陆欣）近日，基金在四川省甘孜州道孚县成立。\n\n\
                    行探索。\n\n\
                    近年来，浙江出台了全国首个省级数字贸易政策文件。\n\n\
                    # 下一篇\n\n正文。";
        let lex = Lexicon::embedded();
        let plan = plan(&[page(text)], &[None], &lex);
        assert_eq!(plan.len(), 1, "{plan:?}");
        assert_eq!((plan[0].from.1, plan[0].to.1), (0, 6));
        assert_eq!(plan[0].moved, Some(6..8));
        assert!(plan[0].reason.contains("先行"), "{}", plan[0].reason);
    }

    #[test]
    fn a_title_left_open_goes_on_where_its_mark_closes() {
        // Written for this test: the fragment stops inside a law's title;
        // its rest follows the news brief. Nothing else reads on from it.
        let text = "# 全县开展护林宣传月活动\n\n本报讯 县林业局近日组织干部深入各乡镇，向群众宣传护林防火知识。局长陈明说，各乡镇要认真学习和贯彻执行《\n\n\
                    # 简讯\n\n县图书馆新馆今天开放，藏书十万册。\n\n\
                    档案法》，妥善保管好各类档案。\n\n\
                    # 又讯\n\n县第一中学新建的实验楼今天启用。\n\n\
                    县里还将组织护林员定期巡山。\n";
        assert_eq!(joins(text), vec![(1, 4)]);
        let lex = Lexicon::embedded();
        assert!(seam("贯彻执行《", "森林法》，严禁毁林开荒。", &lex).reason.contains("title mark"));
        // A title closed before the break leaves nothing open.
        assert!(!seam("贯彻执行《森林法》和", "森林法》，严禁毁林开荒。", &lex).reason.contains("title mark"));
    }

    #[test]
    fn a_far_continuation_is_the_block_the_text_reads_on_into() {
        // Written for this test: the fragment's sentence goes on in the
        // short block after the news brief (`交流` + `与合作。`); the block
        // after that shares the most words with the fragment's article, but
        // opens a paragraph of its own.
        let text = "# 市长会见荷兰客人\n\n本报讯 市长王立今天会见了荷兰埃因霍温市代表团。王立介绍了本市的经济发展情况，希望两市在科技、教育方面继续加强交流\n\n\
                    # 简讯\n\n县图书馆新馆今天开放，藏书十万册。\n\n与合作。\n\n\
                    荷兰代表团团长范德堡说，埃因霍温市愿同本市在科技、教育等领域开展合作。\n";
        assert_eq!(joins(text), vec![(1, 4)]);
        let lex = Lexicon::embedded();
        assert!(lm_seam_gain("继续加强交流", "与合作。", &lex) > 5.0);
        assert!(lm_seam_gain("继续加强交流", "荷兰代表团团长范德堡说", &lex) < 0.0);
        // A pair news text never prints is not called common, however rare
        // its characters (`流瑙`).
        assert_eq!(lex.bigram('流', '瑙'), 0);
        assert!(lex.seam_pmi('流', '瑙') > PMI_SAID);
        assert!(!seam("继续加强交流", "瑙鲁总统说", &lex).reason.contains("common"));
        // A new sentence reads better at a paragraph's start.
        assert!(lm_seam_gain("解决了停车难的问题", "此外，这个小区还", &lex) < 0.0);
    }

    #[test]
    fn a_short_first_block_of_a_run_is_read_with_the_paragraph_it_carries() {
        // Written for this test: the fragment's sentence ends in a short
        // block after the news brief (`……维修点及` + `配件供应站。`); the
        // paragraph after it names the school again, and took the join
        // while each block's topic was read alone.
        let text = "# 农校送技术下乡\n\n本报讯 柳河农专组织师生下乡，为青川县农民修理农机，并在各乡镇建起了二十多个农机维修点及\n\n\
                    # 简讯\n\n县图书馆新馆今天开放，藏书十万册，读者可以免费借阅。\n\n\
                    配件供应站。\n\n\
                    现在，柳河农专的农机服务已经覆盖青川县各乡镇，柳河农专的师生每月下乡两次。\n";
        assert_eq!(joins(text), vec![(1, 4)]);
    }

    #[test]
    fn a_block_that_no_paragraph_opens_with_continues_a_fragment_whatever_its_neighbours_topic() {
        // Written for this test: a continued article is printed between a
        // fragment and its continuation, which opens with `的` and talks of
        // the same factory as the continued article, more than of the
        // fragment's.
        let text = "# 县里表彰先进企业\n\n本报讯 县里今天召开大会，表彰去年的先进企业。\n\n\
                    县长在会上说，各企业要加大投入，推动技术改造，加快产品结构\n\n\
                    （紧接第６版）柳河机械厂引进新设备以后，产量翻了一番。机械厂的职工说，设备先\n\n\
                    进了，机械厂的产品质量提高了，机械厂的订单也多了。\n\n\
                    的调整升级，让机械厂这样的老厂焕发新的活力。机械厂要抓住机遇，再上台阶。\n";
        assert_eq!(joins(text), vec![(2, 5), (3, 4)]);
    }

    #[test]
    fn a_credit_split_by_a_column_break_ends_its_paragraph() {
        // Written for this test: the credit's end (`王立）`) is a block of
        // its own, after which a far fragment's continuation is printed and
        // found.
        let text = "# 村务公开\n\n本报讯 县里要求各村推进村务管理的制度化、\n\n\
                    # 简讯\n\n县图书馆新馆今天开放，藏书十万册，读者可以免费借阅。（记者 张\n\n王立）\n\n\
                    规范化、公开化。\n\n第三，完善村务监督的各项制度。\n";
        assert_eq!(joins(text), vec![(1, 5), (3, 4)]);
    }

    #[test]
    fn the_next_item_of_a_series_run_inline_continues_its_paragraph() {
        // Written for this test.
        assert!(continues_series("一是道路硬化；二是路灯亮化；三是庭院绿化；", "四是垃圾集中处理。"));
        assert!(continues_series("第一，规划先行，第二，", "第三，资金到位。"));
        assert!(continues_series("要做到：（一）加强领导；（二）明确分工；", "（三）落实责任。"));
        // Items run inline as sentences, numbered in digits of either width.
        assert!(continues_series("一是道路硬化；二是路灯亮化。", "三是庭院绿化。"));
        assert!(continues_series("分三步：（１）摸底。（２）试点。", "（３）推广。"));
        assert!(continues_series("分三步：(1)摸底。(2)试点。", "(3)推广。"));
        // Another series, another form or width, an ordinal that does not
        // follow, or the item before opening its own paragraph.
        assert!(!continues_series("分三步：（１）摸底。（２）试点。", "（３）推广。".replace('３', "3").as_str()));
        assert!(!continues_series("分三步：（１）摸底。（２）试点。", "(3)推广。"));
        assert!(!continues_series("（２）试点工作由县里统一安排。", "（３）推广。"));
        assert!(!continues_series("一是道路硬化；二是路灯亮化；", "第三，庭院绿化。"));
        assert!(!continues_series("一是道路硬化；二是路灯亮化；", "五是庭院绿化。"));
        assert!(!continues_series("今年全县做了三件事，", "一是道路硬化。"));
        // A list printed one item to a paragraph.
        assert!(!continues_series("（一）新建的工程未经审批的；", "（二）破坏观测环境的。"));
        let text = "# 标题\n\n村里今年办了几件实事：一是道路硬化；二是路灯亮化；三是庭院绿化；\n\n四是垃圾集中处理，村容村貌焕然一新。\n";
        assert_eq!(joins(text), vec![(1, 2)]);
        let text = "# 标题\n\n推广分三步：（１）摸底。先把全县的情况摸清楚。（２）试点。\n\n（３）推广。试点成功以后在全县推开。\n";
        assert_eq!(joins(text), vec![(1, 2)]);
        assert!(joins(&text.replace("（２）试点。", "试点。")).is_empty());
        let lex = Lexicon::embedded();
        assert!(plan(&[page(text)], &[None], &lex)[0].reason.starts_with("the series the paragraph runs inline"));
    }

    #[test]
    fn a_credit_printed_alone_closes_the_paragraph_before_it() {
        // Written for this test; a jump line that reads like one is not a credit.
        let text = "# 标题\n\n县里新建的污水处理厂日前投入使用，日处理能力两万吨。\n\n（王立 李华）\n\n另一篇报道的正文从这里开始。\n";
        assert_eq!(joins(text), vec![(1, 2)]);
        let lex = Lexicon::embedded();
        assert!(plan(&[page(text)], &[None], &lex)[0].reason.starts_with("a credit printed alone"));
        assert!(text::is_credit("（新华社记者张伟摄）"));
        assert!(!text::is_credit("（附图片１张）"));
        assert!(!text::is_credit("（完）"));
        let jump = "# 标题\n\n县里新建的污水处理厂日前投入使用，日处理能力两万吨。\n\n（下转第三版）\n";
        assert_eq!(joins(jump), vec![]);
    }

    #[test]
    fn a_word_across_a_far_break_takes_the_block_from_its_neighbour() {
        // Written for this test: `……办好，继` + `续推进……` makes a word; the
        // neighbour (`……请`) reads on into the block only as well as into
        // its own continuation after the brief, which shows no split.
        let text = "# 校长谈教师住房\n\n本报讯 校长说，学校要把教师住房的事情办好，继\n\n\
                    # 修路\n\n村民们说：修路缺人手，请\n\n\
                    续推进新宿舍楼的建设，争取明年让教师入住。\n\n\
                    # 简讯\n\n县图书馆新馆今天开放，藏书十万册。\n\n随时叫上我们。\n";
        assert_eq!(joins(text), vec![(1, 4), (3, 7)]);
    }

    #[test]
    fn two_clause_marks_never_meet_at_a_seam() {
        // Written for this test: the list's continuation (`、…`) goes on
        // from the names, not from the clause that ends with a comma.
        let lex = Lexicon::embedded();
        assert!(seam("集训队的教练都是各省推荐的，", "、李华、王强等人。", &lex).score < 0.0);
        assert!(seam("参加集训的有王立", "、李华、王强等人。", &lex).telling);
        // The comma's clause is not joined to the list across the brief.
        let text = "# 集训队组建\n\n集训队的教练都是各省推荐的，\n\n# 简讯\n\n县图书馆新馆今天开放。\n\n、李华、王强等人。\n";
        assert_eq!(joins(text), vec![]);
    }

    #[test]
    fn a_deck_line_under_the_title_joins_only_on_evidence_of_a_cut() {
        // Written for this test: the title's deck, two lines of names
        // without a mark printed before the story, is two paragraphs, though
        // the second reads on from the first.
        let deck = "# 市领导走访慰问老战士\n\n本报记者 林青\n\n王建国李文华陈志刚赵明远孙立新等分别走访慰问刘长河周玉山吴德厚等\n\n老战士们请市领导转达他们对全市人民的新春问候，祝愿家乡建设年年有新气象\n\n本报讯春节前夕，王建国等市领导分别走访慰问了刘长河等老战士。\n";
        assert_eq!(joins(deck), vec![]);
        // A line cut inside a word joins.
        let cut = "# 市领导走访慰问老战士\n\n王建国李文华陈志刚赵明远孙立新等分别走访慰\n\n问刘长河周玉山吴德厚等老战士们请市领导转达他们对全市人民的新春问候\n\n本报讯春节前夕，王建国等市领导分别走访慰问了刘长河等老战士。\n";
        assert_eq!(joins(cut), vec![(1, 2)]);
        // Further down the story, such a line goes on into the next as before.
        let body = "# 市领导走访慰问老战士\n\n本报讯春节前夕，王建国等市领导分别走访慰问了刘长河等老战士。\n\n王建国李文华陈志刚赵明远孙立新等分别走访慰问刘长河周玉山吴德厚等\n\n老战士们请市领导转达他们对全市人民的新春问候，祝愿家乡建设年年有新气象。\n";
        assert_eq!(joins(body), vec![(2, 3)]);
    }

    #[test]
    fn a_deck_line_before_the_dateline_goes_on_nowhere() {
        // Written for this test: the title's deck is two lines, the second
        // with a comma; the story opens with its dateline after them. A
        // paragraph further down the page shares the deck's words.
        let text = "# 市领导走访慰问老战士\n\n王建国李文华陈志刚赵明远孙立新等分别走访慰问刘长河周玉山吴德厚等\n\n\
                    老战士们请市领导转达他们对全市人民的新春问候，祝愿全市人民在新的一年里实现各项目标\n\n\
                    本报讯 春节前夕，王建国等市领导分别走访慰问了刘长河等老战士，向他们致以新春问候。\n\n\
                    # 简讯\n\n县图书馆新馆今天开放，藏书十万册。\n\n\
                    市领导表示，一定转达老战士们对全市人民的新春问候和祝愿。\n";
        let lex = Lexicon::embedded();
        let plan = plan(&[page(text)], &[None], &lex);
        assert!(plan.iter().all(|j| !j.joined), "{:?}", plan.iter().map(|j| (j.from, j.to, j.joined)).collect::<Vec<_>>());
        // Further down the story, a fragment before another story's
        // dateline is searched for as before.
        let story = "# 市领导走访慰问老战士\n\n本报讯 春节前夕，王建国等市领导分别走访慰问了刘长河等老战士。老战士们请市领导转达他们对全市人民的新春问候，祝愿全市人民在新的一年里\n\n\
                     本报讯 县图书馆新馆今天开放，藏书十万册。\n\n\
                     # 简讯\n\n县第一中学新建的实验楼今天启用。\n\n\
                     取得更大成绩。\n";
        assert_eq!(joins(story), vec![(1, 5)]);
    }

    #[test]
    fn a_bracket_printed_alone_after_a_credit_ends_the_story_before_a_continuation() {
        // Written for this test: the brief's credit is cut before its
        // closing bracket; the fragment goes on right after that bracket.
        let text = "# 一名大学生的助学路\n\n本报讯 张明家住山区，父母务农，靠助学贷款上了大学。四年前，张明在省城一所大学就读\n\n\
                    # 简讯\n\n县图书馆新馆今天开放，藏书十万册。（王立\n\n）\n\n\
                    期间，了解到家乡山区还有许多孩子因家贫失学，张明便用勤工俭学的收入资助他们上学。\n";
        assert_eq!(joins(text), vec![(1, 5), (3, 4)]);
    }

    #[test]
    fn clauses_run_inline_with_semicolons_go_on_into_the_next_block() {
        // Written for this test: a paragraph of clauses, cut by a column
        // break right after one of its `；`.
        let cut = "# 县里部署冬季安全生产\n\n本报讯 县政府近日部署冬季安全生产工作：各乡镇要排查隐患；企业要落实安全责任制；\n\n学校要加强消防演练，确保师生安全。\n";
        assert_eq!(joins(cut), vec![(1, 2)]);
        // A list printed one item to a paragraph, each item ending with `；`.
        let items = "# 县里部署冬季安全生产\n\n（一）各乡镇要排查隐患；企业要落实安全责任制；\n\n（二）学校要加强消防演练，确保师生安全；\n";
        assert_eq!(joins(items), vec![]);
        // Paragraphs run in parallel, each opening alike.
        let parallel = "# 县里部署冬季安全生产\n\n一方面，各乡镇要排查隐患；企业要落实安全责任制；\n\n一方面，学校要加强消防演练，确保师生安全。\n";
        assert_eq!(joins(parallel), vec![]);
        // One clause alone before the break may end a paragraph.
        let one = "# 县里部署冬季安全生产\n\n本报讯 县政府近日部署冬季安全生产工作，要求各乡镇排查隐患；\n\n学校要加强消防演练，确保师生安全。\n";
        assert_eq!(joins(one), vec![]);
    }

    #[test]
    fn two_lines_of_a_list_join_only_on_evidence_of_a_cut() {
        // Written for this test: each line of the list of units is its own
        // paragraph; a line cut inside a name joins.
        let lines = "# 受表彰的单位\n\n青川县人民医院外科柳河县农业科学研究所土壤室白石镇农机站\n\n白石镇中心小学红星机械厂技术科新华书店门市部\n";
        assert_eq!(joins(lines), vec![]);
        let cut = "# 受表彰的单位\n\n青川县人民医院外科柳河县农业科学研究所土壤研\n\n究室白石镇中心小学红星机械厂技术科新华书店门市部\n";
        assert_eq!(joins(cut), vec![(1, 2)]);
    }

    #[test]
    fn one_enumeration_comma_does_not_make_a_line_of_names_a_sentence() {
        // Written for this test: two lines of a list of units printed
        // without separators, the first with one stray `、`. Each line is
        // its own paragraph; with a comma every few words, the list reads
        // as text and a line cut inside an item joins.
        let rows = "# 受表彰的单位\n\n青川县人民医院外科柳河县农业科学研究所土壤室白石镇农机站、白石镇中心小学红星机械厂技术科新华书店门市部东风县京剧团\n\n\
                    河北省文化馆西河市科协北岭县评剧团东湖区卫生局红旗乡农技站\n";
        assert_eq!(joins(rows), vec![]);
        let items = "# 受表彰的个人\n\n县医院外科主任王立新、白石镇农机站站长李红、红星机械厂技术员赵大年、新华书店门市部经理孙\n\n\
                     小兰、东风县京剧团演员周明\n";
        assert_eq!(joins(items), vec![(1, 2)]);
    }

    #[test]
    fn a_word_across_the_break_outweighs_a_little_more_in_common_with_the_article_around() {
        // Written for this test: the library story's fragment (`……向市民
        // 开`) goes on after a review of reading habits (`开放`), which also
        // talks of reading online and of free access; the continuation
        // shares a little more with the review than with the story, but a
        // word runs across the break.
        let text = "# 区图书馆电子阅览室开放\n\n本报讯 区图书馆新建的电子阅览室配有五十台电脑，读者可以上网查阅资料，阅览室的电脑全部免费使用。电子阅览室从今天起向市民开\n\n\
                    # 市民阅读习惯调查\n\n调查显示，市民越来越多地上网查阅资料和阅读图书，不少人希望免费使用网上资源。\n\n\
                    放以后，读者可以免费上网查阅资料，阅读网上的图书，电子阅览室每天都坐满了读者。\n";
        assert_eq!(joins(text), vec![(1, 4)]);
    }

    #[test]
    fn a_tables_title_runs_into_nothing() {
        // Written for this test: a table's title and header (`表３：……`),
        // printed without a mark, is followed by the end of a paragraph cut
        // from another story (`管理，……`); the title's line is no fragment,
        // and the story's fragment, printed after the table, takes the block.
        let text = "# 全县集市发展较快\n\n全县集市数量逐年增加，东部乡镇的集市明显多于西部乡镇（见表３）。\n\n\
                    表３：各乡镇集市一览乡镇名称集市（个）摊位（个）每月集日\n\n\
                    管理，办税手续简化了，纳税人再也不用跑好几趟了。\n\n\
                    # 税务所改进服务\n\n本报讯 县税务所推行办税公开，实行一个窗口对外，过去办税的事都由专管员一人说了算，现在实行集中\n";
        let page = page(text);
        assert!(!is_fragment(&page, 2));
        assert!(is_fragment(&page, 5));
        assert!(!joins(text).contains(&(2, 3)));
        for (line, label) in [("表３：各乡镇集市数量", true), ("图2 全县集市分布", true), ("附表１：", true), ("表明，集市数量", false), ("图书馆", false)] {
            assert_eq!(text::opens_with_table_label(line), label, "{line}");
        }
    }

    #[test]
    fn a_neighbour_that_shows_nothing_gives_way_to_a_word_across_a_far_break() {
        // Written for this test: the block after the railway story's
        // fragment (`……届`) reads on from neither fragment in particular;
        // the railway fragment's own continuation, after another story,
        // makes a word with it (`届时`), so the insurance fragment printed
        // before takes the block, and its run (`▲在名片上……`) moves along.
        let text = "# 企业走向电子贸易\n\n▲联系你的保险公司。不少保险公司都推出了适合外贸企业的网上服务，包括在线投保、理赔查询以及进出口\n\n\
                    # 城际铁路\n\n去年，省里新修了两条城际铁路，旅客普遍反映良好。\n\n\
                    明年，新建的城际铁路将投入运营。新线建成后，两地之间的车程将大大缩短，届\n\n\
                    文件传送等。这样，单是网上报关一项，一年就可以节省不少费用。\n\n\
                    ▲在名片上印上你的电子邮件地址，方便客户联系你。\n\n\
                    # 简讯\n\n县图书馆新馆今天开放，藏书十万册。\n\n\
                    时从甲市到乙市只要五十分钟。\n";
        let lex = Lexicon::embedded();
        let plan = plan(&[page(text)], &[None], &lex);
        assert_eq!(plan.iter().map(|j| (j.from.1, j.to.1, j.moved.clone())).collect::<Vec<_>>(), vec![(1, 5, Some(5..7)), (4, 9, Some(9..10))]);
        assert!(!plan[0].reason.contains("; ;"), "{}", plan[0].reason);
    }

    #[test]
    fn a_block_that_continues_an_earlier_fragment_is_not_taken_by_its_neighbour() {
        // Written for this test: the block after the bank's fragment goes on
        // from the school's (`有经` + `验`), and the bank's own continuation
        // is printed after another story (`质` + `量`).
        let text = "# 社区学校请来老教授\n\n退休以后，王教授把精力都放在了社区学校，他希望学校今后能请到更多有经\n\n\
                    # 简讯\n\n县图书馆新馆今天开放，藏书十万册。\n\n\
                    # 银行推出十项新举措\n\n本报讯 市商业银行日前推出十项新举措，全面提高银行的服务质\n\n\
                    验的退休教师来学校讲课。\n\n\
                    # 天气\n\n明天全市晴，最高气温八度。\n\n\
                    量和办事效率，方便市民办理业务。\n";
        assert_eq!(joins(text), vec![(1, 6), (5, 9)]);
    }

    #[test]
    fn a_word_across_the_later_fragments_far_break_alone_exchanges_nothing() {
        // Written for this test: `……还有` + `所谓` makes a word (`有所`), but
        // the list fragment printed before reads on into the names no better
        // than into anything: the names stay with the fragment they follow.
        let text = "# 棉花收购\n\n本报讯 记者最近在棉区看到，棉贩子把白棉、黄棉、灰棉、\n\n\
                    # 外国领导人致电慰问\n\n新华社北京电 一些国家领导人致电慰问地震灾民。发来慰问电的外国领导人还有\n\n\
                    巴基斯坦总统、蒙古总统和吉尔吉斯斯坦总统。\n\n\
                    # 简讯\n\n县图书馆新馆今天开放，藏书十万册。\n\n所谓规模经济，是指投入增加时产出增加得更多。\n";
        assert_eq!(joins(text), vec![(3, 4)]);
    }

    #[test]
    fn two_crossed_fragments_each_take_the_block_that_reads_like_their_article() {
        // Written for this test: the block after the harvest story's
        // fragment reads on from it well enough (`小麦` + `集装箱`), but it
        // is the port story's (containers, the port's capacity); the
        // harvest story's own continuation (the wheat's quality) is printed
        // after another story. Each block goes to the fragment whose
        // article it reads like.
        let text = "# 港口扩建工程开工\n\n本报讯 某市港口扩建工程昨天开工。新建的集装箱码头位于港区东侧，建成后码头每年可以装卸\n\n\
                    # 全县小麦获得丰收\n\n本报讯 今年全县小麦获得丰收，小麦收购站的工作人员告诉记者，今年农民交售的小麦\n\n\
                    集装箱三百万个，港口的集装箱年吞吐能力将提高一倍，扩建工程明年年底建成。\n\n\
                    # 春节文艺晚会在京举行\n\n春节文艺晚会昨晚在北京举行，演员们表演了精彩的节目。\n\n\
                    质量普遍很好，收购站的小麦仓库已经装满，农民们种小麦的劲头更足了。\n";
        assert_eq!(joins(text), vec![(1, 4), (3, 7)]);
    }

    #[test]
    fn a_word_across_the_earlier_break_lets_the_later_fragment_go_on_where_its_topic_does() {
        // Written for this test: the block after the zoo story's fragment
        // completes a word of the village story's (`村民委` + `员会`) and
        // reads like it; the zoo story's own continuation, after another
        // story, goes on from its fragment only weakly (`有机会` + `培育`),
        // but it is all pandas and keepers.
        let text = "# 村民委员会完成换届\n\n本报讯 全县各村的村民委员会日前完成换届选举，新当选的村民委员会成员中有不少是返乡青年。记者在城南见到了新当选的村民委\n\n\
                    # 动物园盼大熊猫添丁\n\n本报讯 市动物园的两只大熊猫今年都已八岁，饲养员说，动物园的大熊猫馆扩建以后，饲养员们一直盼着能有机会\n\n\
                    员会主任李红，她说，村民委员会的工作琐碎，但能为村民办实事，村民委员会的成员们干得很踏实。\n\n\
                    # 春节文艺晚会在京举行\n\n春节文艺晚会昨晚在北京举行，演员们表演了精彩的节目。\n\n\
                    培育出大熊猫幼仔，饲养员们为两只大熊猫准备了新的场馆，动物园的游客也盼着早日见到熊猫宝宝。\n";
        assert_eq!(joins(text), vec![(1, 4), (3, 7)]);
    }

    #[test]
    fn a_neighbour_that_reads_on_badly_gives_way_to_a_far_block_that_reads_on_well() {
        // Written for this test: the block after the games story's fragment
        // (`……只派出了` + `山本等中外宾客……`) reads on badly and shares
        // nothing with that story; the story's own continuation, after
        // another story, reads on well and is all athletes and games. The
        // block goes to the reception story's fragment, which ends before a
        // heading (`……驻华大使` + `山本`, a name the statistics barely know).
        let text = "# 友好协会举行新年招待会\n\n本报讯 市对外友好协会昨晚举行新年招待会，市领导出席并讲话。出席招待会的还有日本驻华大使\n\n\
                    # 冬季运动会参赛人数创纪录\n\n本报讯 本届冬季运动会共有七十二个国家和地区的两千多名运动员报名参赛，参赛运动员人数创历届运动会纪录。其中，报名运动员最多的是东道主，有一百六十多名运动员参赛。也有几个国家和地区只派出了\n\n\
                    山本等中外宾客数百人，演员们为宾客表演了精彩的节目。\n\n\
                    # 简讯\n\n县图书馆新馆今天开放，藏书十万册。\n\n\
                    一名选手参赛，这些国家和地区的运动员大多是第一次参加冬季运动会的比赛，报名参赛的运动员人数也创了纪录。\n";
        assert_eq!(joins(text), vec![(1, 4), (3, 7)]);
    }

    #[test]
    fn a_fragment_an_exchange_joined_far_may_take_a_later_block() {
        // Written for this test: the forestry fragment takes the block after
        // the relief story's (`继` + `续`), which then searches far; the block
        // after the detector story's fragment is the relief story's (`请` +
        // `把`), and the detector story's own goes on after another story
        // (`开` + `发`).
        let text = "# 植树造林成效显著\n\n本报讯 全省去年植树造林三百万亩，林业部门表示，今年将继\n\n\
                    # 抗震救灾部队连夜奋战\n\n本报讯 灾区的群众向部队求援，部队指挥员说，需要多少兵力，我们就派多少，请\n\n\
                    续扩大造林面积，加强林木管护，让荒山都披上绿装。\n\n\
                    # 集装箱检测系统研制成功\n\n本报讯 清华大学研制的集装箱检测系统通过了鉴定，该系统的工程化研究与开\n\n\
                    把最艰巨的任务交给部队，战士们连夜抢修道路，把粮食送到每一户群众手中。\n\n\
                    # 春节晚会在京举行\n\n春节文艺晚会昨晚在北京举行，演员们表演了精彩的节目。\n\n\
                    发工作进展顺利，集装箱检测系统将在海关投入使用，检测一个集装箱只需几分钟。\n";
        assert_eq!(joins(text), vec![(1, 4), (3, 7), (6, 10)]);
    }

    #[test]
    fn a_quote_left_open_goes_on_where_it_is_closed() {
        // Written for this test: the commentary's fragment ends inside a
        // quotation (`以‘`); of the blocks after another story, the one that
        // closes it (`公平竞争’`) goes on from it, not the next paragraph,
        // which shares more words with it.
        let text = "# 评论批评贸易保护做法\n\n本报讯 一家报纸今天发表评论，批评少数国家的贸易保护做法。评论说，“这些国家动辄以‘\n\n\
                    # 春节文艺晚会在京举行\n\n春节文艺晚会昨晚在北京举行，演员们表演了精彩的节目，观众们报以热烈的掌声。\n\n\
                    公平竞争’为名对别国产品设限，损害了正常的国际贸易”。\n\n\
                    评论说，“贸易保护做法损人不利己，只会使国际贸易的环境更加恶化”。\n";
        assert_eq!(joins(text), vec![(1, 4)]);
        for (head, closes) in [("公平竞争’为名", true), ("”他说", true), ("评论说，“这", false), ("’９８春节", false), ("正在进行中。", false)] {
            assert_eq!(text::closes_first(head.chars(), text::QUOTES), closes, "{head}");
        }
    }

    #[test]
    fn a_date_goes_on_in_its_next_unit() {
        let lex = Lexicon::embedded();
        for (tail, head) in [("据新华社东京１月", "１８日电（记者某某）"), ("这项工程将于２０００年", "５月建成。")] {
            let s = seam(tail, head, &lex);
            assert!(s.telling && s.reason.contains("a number runs across the break"), "{tail} | {head}: {s:?}");
        }
        // A date that opens a sentence of its own does not read on from a month.
        assert!(!seam("这是去年１月", "１８人参加。", &lex).reason.contains("number"));
    }

    #[test]
    fn a_block_that_opens_with_a_comma_goes_on_from_a_fragment_whatever_its_neighbours_topic() {
        // Written for this test: the block after the school story shares
        // its words, but opens with a comma: it is the rest of the mayor's
        // sentence.
        let text = "# 市政府举行新春团拜会\n\n本报讯 市政府昨天举行新春团拜会。市长在讲话中说，全市人民要紧密团结在一起\n\n\
                    # 全市中小学开展寒假安全教育\n\n本报讯 全市中小学昨天开展寒假安全教育，各学校向学生发放了安全教育手册，学生安全教育将贯穿整个寒假。\n\n\
                    ，在新的一年里为全市中小学校和学生办好安全教育等实事，让全市人民过上更好的日子。\n";
        assert_eq!(joins(text), vec![(1, 4)]);
    }

    #[test]
    fn a_list_goes_on_with_an_item_like_the_ones_before_the_break() {
        for (tail, length) in [("出席的有王立新、张海平、刘德明、", Some(3)), ("产品有电视、冰箱、空调、", Some(2)), ("出席的有王立新、张海平、", None), ("有王立新、张平、", None), ("王立新、张海平、刘德明", None), ("他说、我们、", None)] {
            assert_eq!(list_item_length(tail), length, "{tail}");
        }
        // Written for this test: the list of names goes on after another
        // story (`陈国华等`), not in the block that shares the story's words.
        let text = "# 煤层气合作项目签字\n\n本报讯 煤层气对外合作项目合同今天在北京签字。出席签字仪式的有王立新、张海平、刘德明、\n\n\
                    # 简讯\n\n县图书馆新馆今天开放，藏书十万册。\n\n\
                    中联公司是负责煤层气对外合作的专业公司，成立于去年，公司的煤层气勘探开发工作进展顺利。\n\n\
                    陈国华等有关部门的负责人。\n";
        assert_eq!(joins(text), vec![(1, 5)]);
    }

    #[test]
    fn a_credit_cut_after_its_bracket_goes_on_where_the_bracket_closes() {
        // Written for this test: the story's credit opens its bracket
        // (`（`) at the block's end; its names, closing it, are printed
        // after another story.
        let text = "# 县里办起农民夜校\n\n本报讯 县里办起了农民夜校，今年已有三千多名农民在夜校学到了种养技术。（\n\n\
                    # 简讯\n\n县图书馆新馆今天开放，藏书十万册。\n\n\
                    李文华张明）\n\n\
                    # 天气\n\n明天全市晴，最高气温八度。\n";
        assert_eq!(joins(text), vec![(1, 4)]);
        assert!(open_bracket("……种养技术。（记者") && !open_bracket("（记者王某）说，他们") && !open_bracket("没有括号"));
    }

    #[test]
    fn a_fragment_that_stops_after_a_comma_takes_a_weaker_far_continuation() {
        // Written for this test: the road story stops after a comma; the
        // block after another story shares two of its words and nothing
        // runs across the break, which is enough only because a comma
        // cannot end a paragraph.
        let text = "# 县里修建乡村公路\n\n本报讯 县里今年修建乡村公路一百二十公里，\n\n\
                    # 简讯\n\n县图书馆新馆今天开放，藏书十万册。\n\n\
                    沿线二十个乡村的村民从此告别了出行难的日子。\n";
        assert_eq!(joins(text), vec![(1, 4)]);
        // Without the comma the fragment's end may be a sentence's whose full
        // stop was lost: the same block is only a weak reading, which the
        // join's confidence says (a suggestion to review, no more).
        let lex = Lexicon::embedded();
        let confidence = |text: &str| plan(&[page(text)], &[None], &lex).iter().map(|j| j.confidence).collect::<Vec<_>>();
        assert!(confidence(text)[0] >= crate::edit::confidence::SUGGESTION, "{:?}", confidence(text));
        let stopless = text.replace("二十公里，", "二十公里");
        assert_eq!(joins(&stopless), vec![(1, 4)]);
        assert!(confidence(&stopless)[0] < crate::edit::confidence::SUGGESTION, "{:?}", confidence(&stopless));
    }

    #[test]
    fn a_short_paragraph_that_opens_a_run_is_read_with_the_one_it_carries() {
        // Written for this test: the farm story's fragment (`……依法`) goes
        // on in a short paragraph after the ski story (`荒地` is all it
        // names of the farm story), and the paragraph after that names the
        // farms again and again. The run starts at the short paragraph.
        let text = "# 农垦区粮食增产\n\n本报讯 农垦区去年粮食总产量创历史新高。农垦区大力推进科技兴农，加快开发荒山荒地，垦区拿出一百万亩荒地，依法\n\n\
                    # 滑雪场生意清淡\n\n据新华社电 今冬气温偏高，几家滑雪场的生意都很清淡。\n\n\
                    往常这个时候正是滑雪的旺季，今年滑雪场周围的旅馆和餐馆也损失惨重。\n\n\
                    把荒地租给外地的种粮大户，已有二十多户签了合同。\n\n\
                    农垦区每年拨出一千万元科研经费，专门用于农业新技术的开发，农垦区的粮食单产和职工收入都有了大幅度提高，垦区还建起了一批粮食加工企业。\n";
        let lex = Lexicon::embedded();
        let plan = plan(&[page(text)], &[None], &lex);
        assert_eq!(plan.iter().map(|j| (j.from.1, j.to.1, j.moved.clone())).collect::<Vec<_>>(), vec![(1, 5, Some(5..7))]);
    }

    #[test]
    fn a_short_block_silent_about_its_own_article_is_read_with_the_one_it_carries() {
        // Written for this test: the block after the drought story's
        // fragment names nothing of either story; the paragraph it carries
        // is all the foreign minister's visit. The drought story's own
        // continuation, after another story, makes a word with its fragment
        // (`调` + `度`). The block goes to the visit story's fragment.
        let text = "# 外交部长访问邻国\n\n新华社电 外交部长今天在记者会上说，两国关系的前景令人乐观，因为\n\n\
                    # 各地全力以赴抗旱保春播\n\n新华社北京电 国家防总今天发出通知，要求各地全力以赴抗旱保春播。\n\n\
                    通知要求：各地必须加强水源的统一管理，科学调\n\n\
                    “睦邻友好”这一构想已经一步一步地变成了现实。\n\n\
                    他说，一年多来的实际情况表明，两国关系发展良好。外交部长说，两国对双边关系的前景越来越有信心。\n\n\
                    # 简讯\n\n县图书馆新馆今天开放，藏书十万册。\n\n\
                    度用水，节约用水，使有限的水发挥出最大的作用。\n";
        assert_eq!(joins(text), vec![(1, 5), (4, 9)]);
    }

    #[test]
    fn a_long_first_block_silent_about_the_article_before_it_starts_the_run() {
        // Written for this test: the film story's fragment goes on in the
        // first block after the port story, a paragraph that names nothing
        // of either; the paragraph after it is all the film story's, and
        // reads on from the fragment too. The run starts with the silent
        // block, which carries the one that names the topic along.
        let text = "# 农村电影放映走进新时期\n\n本报讯 全省农村电影放映工作会议昨天召开。会议指出，农村电影放映队今年放映电影三万多场，农民看电影难的问题正在解决。\n\n\
                    会议认为，随着农村经济的发展，农民的文化需求也在变化，这就要求各级文化部门\n\n\
                    # 港口新建两个泊位\n\n本报讯 市港务局新建的两个万吨级泊位昨天投入使用，港口年吞吐能力增加三百万吨。\n\n\
                    港务局负责人说，新泊位的建成将大大缓解港口压力，明年还将再建三个泊位。\n\n\
                    认真研究过去没有遇到过的新情况和新问题，拿出切实可行的办法，不能用老办法对待新情况，也不能等待观望，更不能互相推诿。\n\n\
                    进一步加强农村电影放映队的建设，多放农民喜欢看的电影，让农村电影放映工作同农民的需要结合起来。\n";
        assert_eq!(joins(text), vec![(2, 6)]);
    }

    #[test]
    fn a_quote_left_open_does_not_keep_the_block_after_it_from_an_earlier_fragment() {
        // Written for this test: the wine story's fragment leaves a quote
        // open, and the block after it is the training story's (its
        // fragment is printed above, before the wine story's title); the
        // wine story goes on after the news brief, closing the quote.
        let text = "# 县里重视果农技术培训\n\n本报讯 县里今年举办果树修剪和嫁接技术培训班二十期，培训果农三千人次。培训班请果树专家讲课，讲的都是果农最需要的\n\n\
                    # 小厂米酒争创名牌\n\n本报讯 县酒厂生产的糯米酒，去年被评为全省的『\n\n\
                    果树修剪、嫁接技术，培训班结束后，果农很快就把学到的修剪和嫁接技术用到了果园里。\n\n\
                    # 简讯\n\n县图书馆新馆今天开放，藏书十万册。\n\n\
                    优质产品』，今年县酒厂糯米酒的产量比去年增加了一倍，糯米酒供不应求。\n";
        assert_eq!(joins(text), vec![(1, 4), (3, 7)]);
    }

    #[test]
    fn a_continuation_printed_after_a_table_title_is_found() {
        // Written for this test: the orchard story's fragment goes on after
        // the grain report, whose table is printed as its title alone.
        let text = "# 果园喜获丰收\n\n本报讯 今年全县果园喜获丰收，苹果总产量比去年增加两成。果农们说，丰收靠的是科学管理和\n\n\
                    # 全县粮食产量统计\n\n本报讯 县统计局日前公布了全县各乡镇今年的粮食产量。\n\n\
                    表２：各乡镇粮食产量乡镇名称产量（万公斤）比上年增长（％）\n\n\
                    果农的辛勤劳动，明年全县果园还要扩大五千亩，苹果产量将再增加两成。\n";
        assert_eq!(joins(text), vec![(1, 5)]);
    }

    #[test]
    fn a_run_printed_after_another_article_stops_where_a_block_a_join_moves_away_begins() {
        // Written for this test: after the news brief, a block names the
        // visitor of the story before it again, and the block after it is
        // the wheat story's continuation, joined back to its fragment. The
        // run is the one block, and it moves back after the visit story.
        let text = "# 全县小麦获得丰收\n\n本报讯 今年全县小麦获得丰收，小麦收购站的工作人员告诉记者，今年农民交售的小麦\n\n\
                    # 市长会见德国客人施密特\n\n本报讯 市长昨天会见了德国汉堡市客人施密特一行。施密特说，汉堡市愿同我市在港口建设方面加强合作。\n\n\
                    市长说，欢迎施密特先生和汉堡市的企业家再来访问，两市在港口建设方面的合作前景广阔。\n\n\
                    # 简讯\n\n县图书馆新馆今天开放，藏书十万册。\n\n\
                    施密特一行还参观了港口建设工地，汉堡市的企业家对港口建设的合作很有兴趣。\n\n\
                    质量普遍很好，收购站的小麦仓库已经装满，农民们种小麦的劲头更足了。\n";
        let lex = Lexicon::embedded();
        let plan = plan(&[page(text)], &[None], &lex);
        let moves: Vec<_> = plan.iter().map(|j| (j.from.1, j.to.1, j.joined, j.moved.clone())).collect();
        assert_eq!(moves, vec![(1, 8, true, Some(8..9)), (4, 7, false, Some(7..8))]);
    }

    #[test]
    fn a_block_that_opens_with_the_mark_completing_a_sentences_end_joins_it() {
        // Written for this test.
        assert_eq!(joins("# 访谈\n\n记者问：“这所学校是谁盖的？”孩子答：“是乡亲们。\n\n”记者又问：“长大想做什么？”\n"), vec![(1, 2)]);
        assert_eq!(joins("# 访谈\n\n有人问他，这样的日子怎么过呢？\n\n！他笑着说，日子会越过越好。\n"), vec![(1, 2)]);
        // A block that opens with another mark goes on from some fragment,
        // not from a finished sentence before it.
        assert_eq!(joins("# 比赛\n\n他在决赛中被对手击败，仅名列第二。\n\n？问题不在于有没有对手。\n"), vec![]);
        // A closing mark printed alone closes the sentence before it and
        // goes on into nothing.
        assert_eq!(joins("# 访谈\n\n他说：“我们一定把路修好。\n\n”\n\n县里的公路明年通车。\n"), vec![(1, 2)]);
    }

    #[test]
    fn truncated_page_end_joins_nothing() {
        assert_eq!(joins("# 标题\n\n这意味着，大批外贸人不需要来回切换，就可"), vec![]);
    }

    /// A page set 8 characters to the line and 3 lines to the column. The
    /// columns cut three blocks mid-sentence (24, 8 and 24 characters:
    /// whole lines), from which the grid is read. Block 4 ends a sentence
    /// at the foot of the third column with its last line full, and the
    /// block after it opens as sentences inside a paragraph do.
    fn column_page(after_foot: &str) -> String {
        let blocks = ["村里的路修通以后，运菜的货车每天一早就开进了深山", "沟，再不用肩挑背扛。", "乡亲们算笔账，一", "亩地的收入比过去多了一倍，家家户户都盖起了新房。", after_foot, "工。村干部说，留住人要靠产业。"];
        let lines: Vec<usize> = blocks.iter().map(|b| b.chars().count().div_ceil(8)).collect();
        assert_eq!((blocks[0].chars().count(), blocks[2].chars().count(), blocks[3].chars().count(), blocks[4].chars().count()), (24, 8, 24, 24));
        assert_eq!(lines[..5], [3, 2, 1, 3, 3]);
        format!("# 山村新路\n\n{}\n", blocks.join("\n\n"))
    }

    #[test]
    fn a_sentence_that_ends_at_a_columns_foot_goes_on_in_the_next_column() {
        let text = column_page("但也有人担心，路通了，年轻人会不会都往城里跑去打");
        assert_eq!(joins(&text), vec![(1, 2), (3, 4), (4, 5), (5, 6)]);
    }

    #[test]
    fn the_sentence_after_a_columns_foot_goes_on_where_the_model_reads_it_within_a_paragraph() {
        // A sentence opening with `从` opens a paragraph a little more often
        // than not, but the model reads `从此，` after a sentence's end far
        // better than at a paragraph's start: the column cut the paragraph.
        let on = column_page("从此，村里年轻人不用再往城里跑，也不用到外地去打");
        assert_eq!(joins(&on), vec![(1, 2), (3, 4), (4, 5), (5, 6)]);
        // One opening with `去` opens a paragraph less often than not, but
        // `去年冬天` reads as a paragraph's first words: the paragraph ended
        // at the foot.
        let apart = column_page("去年冬天，村里办起合作社，年轻人不用往城里跑去打");
        assert_eq!(joins(&apart), vec![(1, 2), (3, 4), (5, 6)]);
        let lex = Lexicon::embedded();
        let opening = |c: char| lex.paragraph_break_probability(c).unwrap();
        assert!(opening('从') > 0.5 && opening('去') < 0.5);
    }

    #[test]
    fn a_sentence_that_ends_at_a_columns_foot_goes_on_after_the_articles_printed_there() {
        // Written for this test: the page of [`column_page`] (8 characters
        // to the line, 3 lines to the column), whose third column ends the
        // sentence `……盖起了新房。` on its last character; a brief follows,
        // then the rest of the paragraph, which reads on from the foot.
        let blocks = ["村里的路修通以后，运菜的货车每天一早就开进了深山", "沟，再不用肩挑背扛。", "乡亲们算笔账，一", "亩地的收入比过去多了一倍，家家户户都盖起了新房。", "# 镇上举办迎春灯会", "灯会吸引了不少游客。", "从此，盖起新房的乡亲们再不用肩挑背扛运菜进城了。"];
        let text = format!("# 山村新路\n\n{}\n", blocks.join("\n\n"));
        let lex = Lexicon::embedded();
        let joined = |text: &str| -> Vec<(usize, usize)> {
            let plan = plan(&[page(text)], &[None], &lex);
            for j in &plan {
                assert!(crate::messages::knows(&j.reason), "no Chinese for: {}", j.reason);
            }
            plan.iter().filter(|j| j.joined).map(|j| (j.from.1, j.to.1)).collect()
        };
        assert_eq!(joined(&text), vec![(1, 2), (3, 4), (4, 7)]);
        // Where the rest opens as a paragraph does, the paragraph ended at
        // the foot.
        let apart = text.replace("从此，盖起新房的", "去年冬天，盖起新房的");
        assert_eq!(joined(&apart), vec![(1, 2), (3, 4)]);
    }

    #[test]
    fn a_colon_at_a_columns_foot_goes_on_whatever_opens_the_next_column() {
        // A quotation opens paragraphs far more often than sentences inside
        // one, but after a colon it goes on inline (`他说：“……`) far more
        // often than a paragraph ends with the colon and the quotation opens
        // the next: at a column's foot the column cut it.
        let after = "“路通了，日子就有了奔头，年轻人也不用往外跑去打";
        let text = column_page(after).replace("家家户户都盖起了新房。", "家家户户说起了心里话：");
        assert_eq!(joins(&text), vec![(1, 2), (3, 4), (4, 5), (5, 6)]);
        let lex = Lexicon::embedded();
        let foot = plan(&[page(&text)], &[None], &lex).into_iter().find(|j| j.from.1 == 4).unwrap();
        assert!(foot.reason.contains("after a colon"), "{}", foot.reason);
        // After a full stop, the same quotation stays a paragraph.
        assert_eq!(joins(&column_page(after)), vec![(1, 2), (3, 4), (5, 6)]);
    }

    #[test]
    fn a_paragraph_opening_after_a_columns_foot_stays_apart() {
        // A date opens paragraphs more often than sentences inside one.
        let text = column_page("１９９７年，村里办起合作社，年轻人不用再往城里打");
        assert_eq!(joins(&text), vec![(1, 2), (3, 4), (5, 6)]);
        // So does the next point of an argument counted `其一`, `其二`,
        // though `其` alone opens sentences inside paragraphs.
        let text = column_page("其三，村里办起了合作社，年轻人不用再往城里跑去打");
        assert_eq!(joins(&text), vec![(1, 2), (3, 4), (5, 6)]);
        assert!(!opens_counted_point("其中，村里办起了合作社"));
    }

    #[test]
    fn a_block_cut_at_a_columns_foot_lost_no_full_stop() {
        // The page of [`column_page`], with the last column's block opening
        // with a date, as paragraphs do, and ending where a sentence could
        // end, and the block after it opening as a paragraph could: the text
        // alone reads a lost full stop there.
        let blocks = ["村里的路修通以后，运菜的货车每天一早就开进了深山", "沟，再不用肩挑背扛。", "乡亲们算笔账，一", "亩地的收入比过去多了一倍，家家户户都盖起了新房。", "１９９７年，村里合作社越办越红火，年轻人也回来了", "此外，村里还建起了小学。"];
        assert_eq!(blocks[4].chars().count(), 24);
        let text = format!("# 山村新路\n\n{}\n", blocks.join("\n\n"));
        let lex = Lexicon::embedded();
        let p = page(&text);
        assert_eq!(unjoined_after(&p, 5, &lex, &PageReading::of(&p, &lex)), Some(Unjoined::LostFullStop));
        assert_eq!(joins(&text), vec![(1, 2), (3, 4), (5, 6)]);
    }

    #[test]
    fn a_row_of_names_cut_at_a_columns_foot_goes_on_further_on() {
        // Written for this test: a page set 8 characters to the line and 3
        // lines to the column, read from three blocks cut mid-sentence (24,
        // 16 and 24 characters). The list of names, with no mark between
        // them, fills the fourth column; the layout printed a brief before
        // the rest of it.
        let blocks = ["市里昨天召开表彰大会，为一年来做出成绩的单位和个", "人颁奖。", "大会由副市长主持，受表彰的个人共", "有三十人。", "会上宣读了受表彰个人的名单：", "市第一中学高级教师欧阳春华县农机站站长赵明市人民", "# 简讯", "县图书馆新馆今天正式开放，藏书十万册，阅览室有三", "百个座位。", "医院内科主任医师李建国县供销社主任刘红。"];
        assert_eq!([0, 2, 5, 7].map(|i| blocks[i].chars().count()), [24, 16, 24, 24]);
        let text = format!("# 表彰先进\n\n{}\n", blocks.join("\n\n"));
        assert!(!is_prose(blocks[5]));
        let p = page(&text);
        assert!(TermCache::new(&p, &Lexicon::embedded()).column_foot(6));
        let sorted = |mut v: Vec<(usize, usize)>| {
            v.sort();
            v
        };
        assert_eq!(sorted(joins(&text)), vec![(1, 2), (3, 4), (6, 10), (8, 9)]);
        // Where the list ends before the column's foot, it may be a row of
        // a table: it takes only a head that must go on from something.
        let mid = text.replace("市第一中学高级教师欧阳春华县农机站站长赵明市人民", "市一中教师欧阳春华县农机站站长赵明市医院消化");
        assert_eq!(sorted(joins(&mid)), vec![(1, 2), (3, 4), (8, 9)]);
    }

    #[test]
    fn a_story_opening_long_without_a_mark_after_its_dateline_is_searched_across_other_articles() {
        // Written for this test: the first sentence runs thirty characters
        // from its dateline without a mark, and the break falls where a
        // sentence could end (`……和叙利`); a brief is printed between the
        // halves.
        let text = "# 两国外长会谈\n\n据新华社北京３月２日电两国外长今天上午在人民大会堂就双边关系和叙利\n\n\
                    # 简讯\n\n县图书馆新馆今天开放，藏书十万册。\n\n\
                    亚局势交换了意见。双方表示，将加强在经贸和人文领域的合作。\n";
        assert_eq!(joins(text), vec![(1, 4)]);
        // Without the dateline the same line reads like a row of a table.
        let bare = text.replace("据新华社北京３月２日电", "");
        assert_eq!(joins(&bare), vec![]);
    }

    #[test]
    fn a_block_cut_at_a_columns_foot_goes_on_further_on_where_a_head_must_go_on() {
        // As above, but the layout printed a short article before the rest
        // of the paragraph, which opens as no paragraph does.
        let blocks = ["村里的路修通以后，运菜的货车每天一早就开进了深山", "沟，再不用肩挑背扛。", "乡亲们算笔账，一", "亩地的收入比过去多了一倍，家家户户都盖起了新房。", "１９９７年，村里合作社越办越红火，年轻人也回来了", "此外，村里还建起了小学。", "# 镇上举办迎春灯会", "灯会吸引了不少游客。", "，远近的客商都来订货。"];
        let text = format!("# 山村新路\n\n{}\n", blocks.join("\n\n"));
        assert_eq!(joins(&text), vec![(1, 2), (3, 4), (5, 9)]);
    }
}
