//! Character errors in body text: words and characters printed twice,
//! characters OCR confused with others (judged by a character language model
//! and the words they make), and damaged punctuation.
//!
//! Detectors only look at body blocks (headings, bylines and jump lines are
//! never touched) and produce edits with a suggestion and a confidence;
//! `fix` applies only those at or above `--min-confidence`. Precision comes
//! first: reduplications that Chinese uses on purpose (`研究研究`, `天天`,
//! `一个一个`, `雪白雪白`), anything the lexicon knows as a word, names, and
//! whatever the page itself repeats stay unflagged.

use crate::edit::{confidence, Edit, EditKind, Structure};
use crate::lexicon::{Confusable, Lexicon};
use crate::page::{BlockKind, Page};
use crate::script::{self, Script};
use crate::text;
use rustc_hash::FxHashMap;
use std::collections::HashSet;
use std::sync::OnceLock;

const REDUPLICATIONS: &str = include_str!("../lexicon/reduplications.tsv");

/// Doubled forms that are correct Chinese.
fn reduplications() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| REDUPLICATIONS.lines().filter_map(|l| l.split('\t').next()).collect())
}

/// A doubled form the lexicon knows this often is a word in its own right
/// (`等等`, `常常`, `人人`).
const WORD_FREQ_FOR_DOUBLE: u64 = 20;

/// Every character error found in the page's body blocks.
pub fn detect(page: &Page, page_index: usize, lex: &Lexicon) -> Vec<Edit> {
    detect_in(page, page_index, lex, new_analysis())
}

/// A number for one analysis of an issue, and the later ones of the same
/// `fix` (see [`WindowKey`]).
pub(crate) fn new_analysis() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// [`detect`] within analysis `analysis` (see [`new_analysis`]).
pub(crate) fn detect_in(page: &Page, page_index: usize, lex: &Lexicon, analysis: u64) -> Vec<Edit> {
    let mut edits = Vec::new();
    if page.text().len() > BULK_PAGE {
        lex.prepare_bulk(RARE_BIGRAM);
    }
    // What the page repeats, from every block (titles and names included),
    // keeping for each block which of its character pairs news text rarely has.
    let mut counts = PageCounts { analysis, ..PageCounts::default() };
    let rare: Vec<Vec<bool>> = (0..page.blocks.len())
        .map(|i| {
            let cs: Vec<char> = page.content(i).chars().collect();
            let rare = lex.rare_han_pairs(&cs, RARE_BIGRAM);
            counts.add(&cs, &rare, lex);
            rare
        })
        .collect();
    // Each block is read on its own (the page's counts aside), so the blocks
    // of a large page are read in parallel; the edits come back in block
    // order, the same whatever the threads.
    let checked: Vec<(Vec<Edit>, Vec<usize>)> = {
        use rayon::prelude::*;
        (0..page.blocks.len()).into_par_iter().map(|i| block_edits(page, page_index, i, &rare[i], &counts, lex)).collect()
    };
    // Flags below the bar, kept only on a page that shows OCR damage.
    let mut tentative: Vec<usize> = Vec::new();
    for (block, unsure) in checked {
        edits.extend(block);
        tentative.extend(unsure);
    }
    // A page where OCR misread characters for certain (flags fix applies)
    // misread more than that: there, a candidate needs less to be flagged
    // for review. Elsewhere the tentative flags go.
    if !tentative.is_empty() {
        let sure = edits.iter().filter(|e| e.kind == EditKind::OcrConfusion && e.confidence >= confidence::APPLIES).count();
        let han = page.text().chars().filter(|&c| text::is_han(c)).count();
        let damaged = sure >= DAMAGED_PAGE_SURE && sure * DAMAGED_PAGE_CHARS >= han;
        if !damaged {
            edits.retain(|e| e.kind != EditKind::OcrConfusion || !tentative.contains(&e.span.start));
        }
    }
    edits
}

/// The character errors of block `i` of the page, and the positions of the
/// flags below the bar among them (see [`detect`]).
fn block_edits(page: &Page, page_index: usize, i: usize, rare: &[bool], counts: &PageCounts, lex: &Lexicon) -> (Vec<Edit>, Vec<usize>) {
    let (mut edits, mut tentative) = (Vec::new(), Vec::new());
    let block = &page.blocks[i];
    if !matches!(block.kind, BlockKind::Body | BlockKind::Caption) || block.ignored {
        return (edits, tentative);
    }
    let base = block.content.start;
    let content = page.content(i);
    let chars: Vec<(usize, char)> = content.char_indices().collect();
    let cs: Vec<char> = chars.iter().map(|&(_, c)| c).collect();
    doubled(&chars, content, base, page_index, lex, &mut edits);
    // The lexicon and the look-alike tables are simplified Chinese: on
    // traditional text only doubled words are checked.
    if script::of_text(content).or(page.script) == Some(Script::Traditional) {
        return (edits, tentative);
    }
    let first = edits.len();
    confusions(&chars, &cs, rare, base, page_index, counts, lex, &mut edits, &mut tentative);
    punctuation(&chars, &cs, base, page_index, lex, &mut edits);
    nested_quotes(&chars, &cs, base, page_index, &mut edits);
    corner_brackets(&chars, &cs, base, page_index, &mut edits);
    // A traditional character quoted in simplified text (a name, a
    // title) is never "corrected", and nothing becomes traditional.
    let text = page.text();
    let mut k = first;
    while k < edits.len() {
        let e = &edits[k];
        let crosses = text[e.span.clone()].chars().any(|c| script::of_char(c) == Some(Script::Traditional))
            || e.replacement.as_deref().is_some_and(|r| r.chars().any(|c| script::of_char(c) == Some(Script::Traditional)));
        if crosses {
            edits.remove(k);
        } else {
            k += 1;
        }
    }
    (edits, tentative)
}

/// A page this large is worth a bit table of common pairs.
const BULK_PAGE: usize = 256 << 10;
/// A bigram seen at most this often in news text is unusual.
const RARE_BIGRAM: u64 = 1;
/// A candidate that makes no word with a neighbour must stand beside both
/// more often than this (and than the print does).
const CANDIDATE_PAIRS: u64 = 4;
/// Beside a rare pair, a character that makes no word with a neighbour is
/// looked at when the pair on its other side is seen at most this often in
/// news text (between two rare pairs, always).
const SELDOM_BIGRAM: u64 = 30;
/// How much a candidate's reading must gain over the print, in nats of
/// `lm + SEG_WEIGHT * seg + prior` (see [`Candidate`]): about two million
/// times more likely. Chosen on real-engine readings of the dev articles
/// (`scripts/ocr_readings.py`, issues 1-8) and the dev set: the lowest bar
/// that keeps the dev set's false flags below 0.3 per 10,000 characters;
/// on the readings, nearly every flag is then right (0.98-0.99).
const FLAG_GAIN: f64 = 15.0;
/// On a page with at least this many sure flags, and one per so many
/// Chinese characters, OCR damage is certain, and a candidate is flagged
/// (for review only) from this gain. Chosen on the real-engine readings:
/// PaddleOCR recall 0.158 -> 0.188 at precision 0.963; the dev set's pages
/// never reach it.
const DAMAGED_PAGE_SURE: usize = 2;
const DAMAGED_PAGE_CHARS: usize = 1500;
const DAMAGED_PAGE_GAIN: f64 = 11.0;
/// Weight of the word-segmentation gain beside the language model's.
const SEG_WEIGHT: f64 = 0.75;
/// The words must themselves be for the candidate by this much, and the
/// language model must not be against it.
const MIN_SEG_GAIN: f64 = 3.0;
const MIN_LM_GAIN: f64 = 0.0;
/// Between two rare pairs, a candidate that makes the passage read this much
/// better as words is flagged when the language model is not against it.
const STRONG_WORD_GAIN: f64 = 10.0;
/// A character news text has fewer times than this is seldom printed.
const UNCOMMON_CHAR: u64 = 100;
/// This far above the bar, making no word as printed and with no rival:
/// `fix` may apply it (49 in 50 right on the readings).
const SURE_MARGIN: f64 = 6.0;
/// A character that only shares a component with the printed one, where no
/// table says the two are confused: its prior, in nats against.
const COMPONENT_PENALTY: f64 = 5.0;
/// A second candidate within this much of the best is a rival.
const RIVAL_MARGIN: f64 = 3.0;
/// An OCR engine makes a confusion seen this often in its readings of news
/// text (tesseract's and PaddleOCR's together) systematically: the page may
/// repeat it (`兑换` read `况换` twice). Lowered from 10 on the real-engine
/// readings of the dev articles: PaddleOCR recall 0.213 -> 0.227 at the same
/// precision; below 4 the readings gain little.
const OCR_SYSTEMATIC: u64 = 4;
/// Weight of the log of how often an OCR engine made a confusion, as evidence for it.
const OCR_PRIOR_WEIGHT: f64 = 1.0;
/// A character news text has fewer times than this is rare.
const RARE_CHAR: u64 = 30;
/// Words after which a name follows.
const NAME_TITLES: [&str; 14] = ["记者", "通讯员", "同志", "主席", "书记", "部长", "市长", "省长", "县长", "先生", "女士", "总理", "主任", "经理"];
/// Characters that spell foreign names (`阿塔夫`, `姆贝雷南多`, `本·贾马`).
const TRANSLITERATION: &str = "阿埃艾奥欧乌伊亚尔尔斯克特德姆贝雷多尼拉布夫里罗马托科洛莫诺波普维瓦沃瑟塞赛索萨纳娜丽莉琳基吉杰格古哈汉赫霍卡凯库坎莱兰朗勒利列林卢鲁伦萨沙舍什施苏塔泰汤唐图韦温沃西希谢辛休雅耶因英约扎兹泽佐";
/// Ranked alternatives a character flag carries at most.
const MAX_ALTERNATIVES: usize = 5;
/// Characters each side of a suspicious one that the comparison reads.
const WINDOW: usize = 4;

/// A character whose neighbours news text seldom prints beside it: the
/// printed neighbours (marks and the block's edge read as they are) and
/// what the tests found.
struct Suspect {
    p: char,
    x: char,
    /// Rare on both sides, or a mark or the block's edge on the other.
    strict: bool,
    /// The character makes a word with a neighbour.
    covered: bool,
    /// The page prints one of its pairs more than once.
    repeated: bool,
    /// A surname no word covers stands right before: the character may be
    /// a name's (`毛立忠`), unless an engine's confusion makes a word with
    /// the surname (`温暧` → `温暖`).
    name_from: Option<usize>,
}

/// `伟大肇画` → `伟大擘画`, `热烈欢逆` → `热烈欢迎`, `旗帆` → `旗帜`: a
/// character news text rarely has beside its neighbours, where a character
/// OCR takes it for makes the passage read far better. Both readings are
/// compared under the character 4-gram model ([`Lexicon::lm_cost`]) and as
/// words ([`Lexicon::segmentation_score`]); a confusion an OCR engine is
/// known to make needs less evidence. `cs` are the characters of `chars`,
/// and `rare[k]` says news text has `cs[k]` followed by `cs[k + 1]` at most
/// [`RARE_BIGRAM`] times.
#[allow(clippy::too_many_arguments)]
fn confusions(chars: &[(usize, char)], cs: &[char], rare: &[bool], base: usize, page: usize, counts: &PageCounts, lex: &Lexicon, out: &mut Vec<Edit>, tentative: &mut Vec<usize>) {
    for i in 0..cs.len() {
        let Some(suspect) = suspect(cs, rare, i, counts, lex) else { continue };
        let options = remembered_candidates(cs, i, &suspect, counts.analysis, lex);
        let Some((confidence, reason)) = judge(cs[i], &suspect, &options, lex) else { continue };
        let mut edit = char_edit(EditKind::OcrConfusion, page, base + chars[i].0, cs[i], options[0].y.to_string(), confidence, reason);
        edit.alternatives = ranked(&options);
        // Below the bar: kept only if the page turns out to be damaged.
        if options[0].total < FLAG_GAIN && !word_appears(cs[i], &suspect, &options[0], lex) {
            edit.confidence = edit.confidence.min(confidence::REVIEW_ONLY);
            tentative.push(edit.span.start);
        }
        out.push(edit);
    }
}

/// Whether the character at `i` is worth weighing candidates for: Chinese,
/// on one side a pair news text rarely has and on the other none it has
/// often, and not a name, a term the page repeats, or a credit.
fn suspect(cs: &[char], rare: &[bool], i: usize, counts: &PageCounts, lex: &Lexicon) -> Option<Suspect> {
    // Chinese on at least one side; on one side a pair news text rarely
    // has, and on the other none it has often.
    let p = (i > 0).then(|| cs[i - 1]).filter(|&ch| text::is_han(ch));
    let x = cs.get(i + 1).copied().filter(|&ch| text::is_han(ch));
    let c = cs[i];
    let rare_left = p.is_some() && rare[i - 1];
    let rare_right = x.is_some() && rare[i];
    if !(rare_left || rare_right) || !text::is_han(c) || p == Some(c) || x == Some(c) {
        return None;
    }
    // Rare on both sides, or a mark or the block's edge on the other.
    let strict = (rare_left || p.is_none()) && (rare_right || x.is_none());
    let other_side = if rare_left { x.map(|x| lex.bigram(c, x)) } else { p.map(|p| lex.bigram(p, c)) };
    if other_side.is_some_and(|n| n > SELDOM_BIGRAM) {
        return None;
    }
    // Statistics read the neighbours as printed, marks included.
    let (p, x) = (p.unwrap_or_else(|| if i > 0 { cs[i - 1] } else { '\n' }), x.unwrap_or_else(|| cs.get(i + 1).copied().unwrap_or('\n')));
    // Cheapest guards first. An OCR error seldom repeats itself: a pair
    // the page prints twice, or a rare character it uses more than once,
    // is a name or a term (`婺城`, `充电桩`). Transliterations
    // (`姆贝雷南多`) and credits (`（孟西安祁勇）`) are names.
    let repeated = counts.pair(p, c) > 1 || counts.pair(c, x) > 1;
    let rare_but_repeated = lex.unigram(c) < RARE_CHAR && counts.char(c) > 1;
    let transliteration = [p, c, x].iter().filter(|&&ch| spells_foreign_names(ch)).count() >= 2;
    if rare_but_repeated || transliteration || inside_credit(cs, i) {
        return None;
    }
    // Names: a character after a title (`记者郄霜涛`), or the second after
    // a surname (`林仁碧`), is a name's. One right after a surname
    // (`毛立忠`) may be: only a confusion an engine was seen making, which
    // makes a word with the surname, is weighed.
    let after_title = (2..=4).any(|k| i >= k && is_name_title(&cs[i - k..i])) || (3..=5).any(|k| i >= k && is_name_title(&cs[i - k..i - 1]));
    if after_title {
        return None;
    }
    let name_from = (i >= 1 && starts_name(cs, i - 1, lex)).then(|| i - 1);
    if i >= 2 && starts_name(cs, i - 2, lex) {
        return None;
    }
    // Beside a pair that is only seldom seen, a character that makes a
    // word with a neighbour reads as written.
    let covered = is_covered(cs, i, lex);
    if covered && !strict {
        return None;
    }
    Some(Suspect { p, x, strict, covered, repeated, name_from })
}

/// A suspect's surroundings as far as [`scored_candidates`] reads them: the
/// characters [`WINDOW`] either side (`u32::MAX` past the block's edge, which
/// also says whether the model reads a paragraph's start) and whether the
/// page repeats one of its pairs; equal surroundings, equal candidates. And
/// the analysis (see [`new_analysis`]): `fix` analyses its repaired text
/// again to reach its fixed point, and there most suspects stand where they
/// stood before (a join changes only the few characters beside its seam),
/// but answers are not carried from one issue to the next, so that a batch
/// that repeats its text costs what it costs without them.
type WindowKey = (u64, [u32; 2 * WINDOW + 1], bool, bool);

/// The scored candidates by lexicon and [`WindowKey`], shared by the
/// threads: the blocks of a page are read in parallel, and the block a
/// thread reads in one round of `fix` another may read in the next. 1,024
/// in each of 64 shards: 65,536 in all, as many as each thread held when
/// each had its own.
static SCORES: crate::memo::Sharded<(u64, WindowKey), std::sync::Arc<[Candidate]>, 64> = crate::memo::Sharded::new(1 << 10);

/// [`scored_candidates`], remembered by what it reads (see [`WindowKey`]).
fn remembered_candidates(cs: &[char], i: usize, suspect: &Suspect, analysis: u64, lex: &Lexicon) -> std::sync::Arc<[Candidate]> {
    let mut key = (analysis, [u32::MAX; 2 * WINDOW + 1], suspect.repeated, suspect.name_from.is_some());
    for (slot, k) in key.1.iter_mut().zip(i as isize - WINDOW as isize..) {
        if let Some(&c) = usize::try_from(k).ok().and_then(|k| cs.get(k)) {
            *slot = c as u32;
        }
    }
    let key = (lex.cache_owner(), key);
    // The shard from bits of the hash that a map of this size does not use
    // for its buckets nor its control bytes.
    let shard = (std::hash::BuildHasher::hash_one(&rustc_hash::FxBuildHasher, key) >> 32) as usize;
    SCORES.get_or_make(shard, key, || scored_candidates(cs, i, suspect, lex).into())
}

/// The candidates for the character at `i` that make a word, scored and
/// best first: the language model's gain over the character and the three
/// after it, the gain of the best segmentation into words of the stretch
/// of Han text around it, and the prior of the table the candidate is from.
fn scored_candidates(cs: &[char], i: usize, suspect: &Suspect, lex: &Lexicon) -> Vec<Candidate> {
    let (n, c, p, x, repeated) = (cs.len(), cs[i], suspect.p, suspect.x, suspect.repeated);
    // What the page repeats stands, except where tesseract makes that very
    // confusion often: a systematic misreading repeats too (`没有摘清楚` …
    // `摘清楚了`).
    let candidates = lex.confusion_candidates(c);
    if repeated && !candidates.iter().any(|k| k.seen >= OCR_SYSTEMATIC) {
        return Vec::new();
    }
    // A candidate must make a word with a neighbour, or stand beside
    // both more often than the print does, or complete a longer word
    // (`美不胜收`, `印染厂`), whose pairs alone news text may seldom print.
    // That last test is the dearest: only for a confusion an engine was
    // seen making or a look-alike, beside a pair news text has. A particle
    // or conjunction the engines often misread (`着` as `看`, `都` as `部`)
    // makes no word but is one: beside a pair news text has, it is weighed
    // on its own, and kept only where the model is for it.
    let printed_pairs = lex.bigram(p, c).min(lex.bigram(c, x));
    let viable: Vec<Confusable> = candidates
        .iter()
        .copied()
        .filter(|k| (!repeated || k.seen >= OCR_SYSTEMATIC) && (suspect.name_from.is_none() || k.seen > 0))
        .filter(|&Confusable { y, seen, look_alike }| {
            if !text::is_han(y) {
                return false;
            }
            let (left, left_word) = lex.pair_facts_once(p, y);
            if left_word {
                return true;
            }
            let (right, right_word) = lex.pair_facts_once(y, x);
            right_word || left.min(right) > printed_pairs.max(CANDIDATE_PAIRS) || (systematic_function_word(y, seen) && left.max(right) > 0) || ((seen > 0 || look_alike) && left.max(right) > 0 && word_covers(cs, i, y, i, 3, lex, |_| true))
        })
        .collect();
    if viable.is_empty() {
        return Vec::new();
    }
    // Compare the passage as printed and with each candidate: under the
    // language model, and as the best segmentation into words of the
    // stretch of Han text around the character.
    let lo = (i.saturating_sub(WINDOW)..i).rev().take_while(|&k| text::is_han(cs[k])).last().unwrap_or(i);
    let hi = (i + 1..(i + 1 + WINDOW).min(n)).take_while(|&k| text::is_han(cs[k])).last().map_or(i + 1, |k| k + 1);
    let mut window: Vec<char> = cs[lo..hi].to_vec();
    let printed = lex.segmentation_score(&window);
    // The language model reads the character and the three after it
    // (whose probability a candidate changes), after up to three before.
    let ctx_lo = i.saturating_sub(crate::lexicon::LM_ORDER - 1);
    let ctx_hi = (i + crate::lexicon::LM_ORDER).min(n);
    let mut context: Vec<char> = cs[ctx_lo..ctx_hi].to_vec();
    let at_start = ctx_lo == 0;
    let printed_lm = lex.lm_span_cost(&context, i - ctx_lo, context.len(), at_start);
    let mut options: Vec<Candidate> = Vec::new();
    for Confusable { y, seen, look_alike } in viable {
        // Cheapest tests first: a candidate that makes no word, or that the
        // words are not clearly for, is never chosen nor named as a rival.
        let word = match covering_word(cs, i, y, lex) {
            Some(w) => Some(w),
            None if systematic_function_word(y, seen) => None,
            None => continue,
        };
        if suspect.name_from.is_some_and(|s| !word_across(cs, s, i, y, lex)) {
            continue;
        }
        let prior = if seen > 0 {
            OCR_PRIOR_WEIGHT * crate::math::ln(seen as f64 + 1.0)
        } else if look_alike {
            0.0
        } else {
            -COMPONENT_PENALTY
        };
        window[i - lo] = y;
        let seg = lex.segmentation_score(&window) - printed;
        if seg + prior < MIN_SEG_GAIN {
            continue;
        }
        context[i - ctx_lo] = y;
        let lm = (printed_lm as f64 - lex.lm_span_cost(&context, i - ctx_lo, context.len(), at_start) as f64) / 1000.0 * std::f64::consts::LN_10;
        // A word of its own the model is against would only hide the
        // candidates behind it.
        if word.is_none() && lm + prior < MIN_LM_GAIN {
            continue;
        }
        let word = word.unwrap_or_else(|| (y.to_string(), lex.word_freq_of(&[y]).unwrap_or(0)));
        options.push(Candidate { total: lm + SEG_WEIGHT * seg + prior, seg, lm, prior, y, word });
    }
    options.sort_by(|a, b| b.total.total_cmp(&a.total));
    options
}

/// In place of a character news text seldom prints, standing between two
/// pairs it hardly has, a word appears where there was none and the model
/// is not against it (`伟大肇画`: the model, from 1998 news, knows neither
/// `壁画` nor `擘画` well).
fn word_appears(c: char, suspect: &Suspect, best: &Candidate, lex: &Lexicon) -> bool {
    suspect.strict && !suspect.covered && lex.unigram(c) < UNCOMMON_CHAR && best.seg + best.prior >= STRONG_WORD_GAIN && best.lm >= 0.0
}

/// Whether the best candidate is flagged, with what confidence and why:
/// the model and the words must both be for it and together decisive (or
/// [`word_appears`]); applied by default when far above the bar with no
/// close rival.
fn judge(c: char, suspect: &Suspect, options: &[Candidate], lex: &Lexicon) -> Option<(f64, String)> {
    let best = options.first()?;
    let appears = word_appears(c, suspect, best, lex);
    if (best.total < DAMAGED_PAGE_GAIN && !appears) || best.lm + best.prior < MIN_LM_GAIN {
        return None;
    }
    let (y, total, seg, lm, prior) = (best.y, best.total, best.seg, best.lm, best.prior);
    let word = &best.word.0;
    // Another candidate nearly as good: the choice is a guess left to the reader.
    let rival = options.iter().skip(1).find(|o| o.y != y);
    let close = rival.is_some_and(|r| total - r.total < RIVAL_MARGIN);
    let sure = total >= FLAG_GAIN + SURE_MARGIN && !close && !suspect.covered;
    let confidence = if sure { confidence::SURE } else if close { confidence::REVIEW_ONLY } else { confidence::FLAG };
    let also = rival.filter(|_| close).map_or(String::new(), |r| format!(", or ‘{}’ ({})", r.y, r.word.0));
    let evidence = plain_evidence(y, seg, lm);
    let reason = if prior > 0.0 {
        format!("‘{c}’ reads badly here; OCR often reads ‘{y}’ as ‘{c}’, and ‘{y}’ reads well ({word}){also}; {evidence}")
    } else if prior < 0.0 {
        format!("‘{c}’ reads badly here; ‘{y}’, written with a part of it, reads well ({word}){also}; {evidence}")
    } else {
        format!("‘{c}’ reads badly here; a look-alike reads well: ‘{y}’ ({word}){also}; {evidence}")
    };
    Some((confidence, reason))
}

/// A character that may have been printed where OCR read another, with
/// the evidence for it (log-probability gains, in nats).
#[derive(Debug, Clone)]
struct Candidate {
    /// What decides: `lm + SEG_WEIGHT * seg + prior`.
    total: f64,
    /// Gain in the best word segmentation of the stretch around it.
    seg: f64,
    /// Gain under the character language model.
    lm: f64,
    /// Log of how often an OCR engine made this very confusion.
    prior: f64,
    y: char,
    /// The most frequent lexicon word it makes, with its frequency.
    word: (String, u64),
}

/// The candidates as ranked alternatives (at most [`MAX_ALTERNATIVES`], best
/// first), each scored by its share of the evidence: `exp(total)` over the
/// sum for all candidates and for the character as printed (whose total is
/// 0), so that a candidate only a little better than the print scores near
/// one half, and two close rivals split what the print does not keep.
fn ranked(options: &[Candidate]) -> Vec<crate::edit::Alternative> {
    let best = options.first().map_or(0.0, |o| o.total).max(0.0);
    let weight = |t: f64| crate::math::exp(t - best);
    let total: f64 = weight(0.0) + options.iter().map(|o| weight(o.total)).sum::<f64>();
    let mut seen = Vec::new();
    options
        .iter()
        .filter(|o| {
            let new = !seen.contains(&o.y);
            seen.push(o.y);
            new
        })
        .take(MAX_ALTERNATIVES)
        .map(|o| crate::edit::Alternative { text: o.y.to_string(), score: (weight(o.total) / total * 1000.0).round() / 1000.0 })
        .collect()
}

/// The evidence for a candidate in words: how much better the passage
/// reads as words with it (`seg`) and how much likelier its characters are
/// under the language model (`lm`), both log-probability gains in nats, with
/// the figures for the curious.
fn plain_evidence(y: char, seg: f64, lm: f64) -> String {
    let words = if seg >= 10.0 { "far better" } else if seg >= 5.0 { "better" } else if seg > -1.0 { "as well" } else { "less well" };
    let chars = if lm >= 10.0 { "far more likely" } else if lm >= 5.0 { "more likely" } else if lm > -1.0 { "as likely" } else { "less likely" };
    format!("with ‘{y}’ the passage reads {words} as words ({seg:+.1}) and its characters are {chars} in news text ({lm:+.1})")
}

/// A surname at `s` that no lexicon word covers (`皮兆根`, `毛立忠`, but not
/// the `管` of `管理`) begins a name.
fn starts_name(cs: &[char], s: usize, lex: &Lexicon) -> bool {
    if !text::is_surname(cs[s]) {
        return false;
    }
    // Words of two to four characters from each start up to three before.
    !(s.saturating_sub(3)..=s).any(|start| {
        let freqs = lex.prefix_word_freqs(&cs[start..cs.len().min(start + 4)]);
        (2..=4).any(|len| start + len > s && freqs[len - 1].is_some())
    })
}

/// A function word ([`is_function_char`]) the engines were seen taking for
/// the printed character [`OCR_SYSTEMATIC`] times or more.
fn systematic_function_word(y: char, seen: u64) -> bool {
    seen >= OCR_SYSTEMATIC && is_function_char(y)
}

/// Whether a lexicon word of two to four characters spans positions `s`
/// to `i` of `cs` with `y` at `i` (`温` + `暖`: the surname was none), and
/// is not itself a name (`钱其琛` for `钱其探`).
fn word_across(cs: &[char], s: usize, i: usize, y: char, lex: &Lexicon) -> bool {
    word_covers(cs, i, y, s, 2, lex, |w| lex.word_pos(&w.iter().collect::<String>()) != Some("nr"))
}

/// Whether a lexicon word of `min_len` to four characters that starts at
/// or before `first` covers position `i` of `cs` with `y` there, and passes
/// `keep`. A test, not a name: no string is built for a word `keep` does
/// not ask about (see [`covering_word`] for the word itself).
fn word_covers(cs: &[char], i: usize, y: char, first: usize, min_len: usize, lex: &Lexicon, keep: impl Fn(&[char]) -> bool) -> bool {
    let Some((lo, hi, buf)) = han_window(cs, i, y) else { return false };
    (lo..=first.min(i)).any(|start| {
        let end = hi.min(start + 4);
        if end < start + min_len || end <= i {
            return false;
        }
        let word = &buf[start - lo..end - lo];
        let freqs = lex.prefix_word_freqs(word);
        (min_len.max(i + 1 - start)..=word.len()).any(|len| freqs[len - 1].is_some() && keep(&word[..len]))
    })
}

/// Whether `cs` is one of the [`NAME_TITLES`].
fn is_name_title(cs: &[char]) -> bool {
    static TITLES: OnceLock<Vec<Vec<char>>> = OnceLock::new();
    // Most characters end no title: ask that first.
    let titles = TITLES.get_or_init(|| NAME_TITLES.iter().map(|t| t.chars().collect()).collect());
    cs.last().is_some_and(|last| titles.iter().any(|t| t.last() == Some(last))) && titles.iter().any(|t| t[..] == *cs)
}

/// Whether `c` is one of the characters that spell foreign names ([`TRANSLITERATION`]).
fn spells_foreign_names(c: char) -> bool {
    static SORTED: OnceLock<Vec<char>> = OnceLock::new();
    SORTED
        .get_or_init(|| {
            let mut v: Vec<char> = TRANSLITERATION.chars().collect();
            v.sort_unstable();
            v
        })
        .binary_search(&c)
        .is_ok()
}

/// Inside a short bracketed credit such as `（孟西安祁勇）`: names only.
fn inside_credit(cs: &[char], i: usize) -> bool {
    // A credit is at most 12 characters across: look no further.
    let from = i.saturating_sub(12);
    let open = cs[from..i].iter().rposition(|&c| matches!(c, '（' | '(')).map(|k| from + k);
    let close = cs[i..cs.len().min(i + 12)].iter().position(|&c| matches!(c, '）' | ')')).map(|k| i + k);
    match (open, close) {
        (Some(o), Some(c)) => c - o <= 12 && !cs[o..c].iter().any(|&ch| matches!(ch, '，' | '。' | '（' | '(') && ch != cs[o]),
        _ => false,
    }
}

/// How often the page prints each character pair and each character that
/// news text rarely has: an OCR error seldom repeats itself, so what the page
/// prints twice is deliberate. Only those are ever asked about.
#[derive(Default)]
struct PageCounts {
    pairs: FxHashMap<(char, char), u32>,
    chars: FxHashMap<char, u32>,
    /// The analysis that reads the page (see [`WindowKey`]).
    analysis: u64,
}

impl PageCounts {
    /// Count a block's pairs that news text rarely has, and its rare
    /// characters (which always stand in rare pairs, so only those
    /// positions need looking at).
    fn add(&mut self, cs: &[char], rare: &[bool], lex: &Lexicon) {
        for (k, &r) in rare.iter().enumerate() {
            if r {
                *self.pairs.entry((cs[k], cs[k + 1])).or_insert(0) += 1;
            }
        }
        for (k, &c) in cs.iter().enumerate() {
            let in_rare_pair = (k > 0 && rare[k - 1]) || rare.get(k).copied().unwrap_or(false);
            if in_rare_pair && lex.unigram(c) < RARE_CHAR {
                *self.chars.entry(c).or_insert(0) += 1;
            }
        }
    }

    /// How often the page has the rare character `c`.
    fn char(&self, c: char) -> u32 {
        self.chars.get(&c).copied().unwrap_or(0)
    }

    /// How often a rare pair occurs on the page.
    fn pair(&self, a: char, b: char) -> u32 {
        self.pairs.get(&(a, b)).copied().unwrap_or(0)
    }
}

/// OCR damage to punctuation in Chinese text: ASCII marks between Chinese
/// characters (`:` for `：`, `,` for `，`), `一一` for a dash, `*` or a
/// Latin `o` for `。`, a stray Latin letter inside a Chinese word.
fn punctuation(chars: &[(usize, char)], cs: &[char], base: usize, page: usize, lex: &Lexicon, out: &mut Vec<Edit>) {
    // Nothing to look at in a block of Chinese characters and full-width marks.
    if !cs.iter().any(|&c| c.is_ascii() || c == '一' || c == '吕') {
        return;
    }
    let n = cs.len();
    let han = |k: Option<usize>| k.and_then(|k| cs.get(k)).is_some_and(|&c| text::is_han(c));
    // OCR sets spaces around the marks it reads as ASCII (`余场次; 省委`,
    // `本报讯 (记者`): look past them.
    let spaced = |c: char| c == ' ' || c == '\u{3000}';
    let before_space = |i: usize| (0..i).rev().find(|&k| !spaced(cs[k]));
    let after_space = |i: usize| (i..n).find(|&k| !spaced(cs[k])).unwrap_or(n);
    let chinese_before = |i: usize| han(before_space(i));
    // Chinese text, or a quote, or the end of the block after it.
    let chinese_after = |i: usize| {
        let k = after_space(i);
        k >= n || han(Some(k)) || matches!(cs[k], '“' | '”' | '『' | '」')
    };
    let mut push = |start: usize, end: usize, replacement: &str, confidence: f64, reason: String| {
        let s = base + chars[start].0;
        let e = if end < n { base + chars[end].0 } else { base + chars[end - 1].0 + cs[end - 1].len_utf8() };
        out.push(Edit {
            kind: EditKind::Punctuation,
            page,
            span: s..e,
            replacement: Some(replacement.to_string()),
            confidence,
            reason,
            structure: Structure::None,
            alternatives: Vec::new(),
        });
    };
    let mut i = 0;
    while i < n {
        let c = cs[i];
        match c {
            ':' | ',' | ';' | '?' | '!' if chinese_before(i) && chinese_after(i + 1) => {
                let full = match c {
                    ':' => "：",
                    ',' => "，",
                    ';' => "；",
                    '?' => "？",
                    _ => "！",
                };
                push(i, i + 1, full, 0.9, format!("ASCII ‘{c}’ in Chinese text; the full-width ‘{full}’ was printed"));
            }
            '*' | 'o' if chinese_before(i) && (after_space(i + 1) >= n || han(Some(after_space(i + 1)))) && !cs.get(i + 1).is_some_and(|c| c.is_ascii_alphanumeric()) => {
                push(i, i + 1, "。", 0.75, format!("‘{c}’ after a Chinese sentence reads as a full stop"));
            }
            '一' if cs.get(i + 1) == Some(&'一') => {
                // `一一` is also a word (`一一列举`): a dash only where no word
                // explains it, between a clause and what follows.
                let run = cs[i..].iter().take_while(|&&c| c == '一').count();
                let after: String = cs[i..n.min(i + 4)].iter().collect();
                let word_follows = (3..=after.chars().count()).any(|k| lex.is_word(&after.chars().take(k).collect::<String>()));
                let before_is_mark = i > 0 && (text::cannot_start_paragraph(cs[i - 1]) || matches!(cs[i - 1], '“' | '”'));
                // The adverb `一一` comes before a verb, never before a number.
                let after_is_mark = cs.get(i + run).is_some_and(|&c| matches!(c, '“' | '”' | '，' | '。') || text::is_digit(c));
                if run == 2 && !word_follows && (before_is_mark || after_is_mark) {
                    push(i, i + 2, "——", 0.75, "‘一一’ between clauses reads as a dash ‘——’".into());
                }
                // Three in a row is no Chinese word or numeral news prints
                // (none in PD1998), except as an ordinal or a house number.
                let numbered = (i > 0 && cs[i - 1] == '第') || cs.get(i + run).is_some_and(|&c| "号年月日次路室栋层万千百十个元".contains(c));
                if run == 3 && !numbered {
                    push(i, i + 3, "———", 0.75, "‘一一一’ reads as a dash ‘———’".into());
                }
                i += run;
                continue;
            }
            '(' | ')' if paren_in_chinese(cs, i, &before_space, &after_space) => {
                let full = if c == '(' { "（" } else { "）" };
                push(i, i + 1, full, 0.9, format!("ASCII ‘{c}’ in Chinese text; the full-width ‘{full}’ was printed"));
            }
            '吕' if i + 1 == n && text::ocr_full_stop_as_lu(&cs.iter().collect::<String>()) => {
                push(i, i + 1, "。", 0.75, "‘吕’ set apart at the end of a paragraph is how OCR reads a full stop".into());
            }
            c if c.is_ascii_alphabetic() && chinese_before(i) && han(Some(i + 1)) => {
                // One stray letter inside Chinese text; delete it when the two
                // sides then make a word.
                let joined: String = [cs[i - 1], cs[i + 1]].iter().collect();
                if lex.is_word(&joined) {
                    push(i, i + 1, "", 0.8, format!("a stray ‘{c}’ splits the word ‘{joined}’"));
                }
            }
            _ => {}
        }
        i += 1;
    }
}

/// The most frequent lexicon word (2–4 characters) that covers position `i`
/// when it holds `x`.
/// An edit that replaces the one character `c` at byte `start` of the page.
fn char_edit(kind: EditKind, page: usize, start: usize, c: char, replacement: String, confidence: f64, reason: String) -> Edit {
    Edit { kind, page, span: start..start + c.len_utf8(), replacement: Some(replacement), confidence, reason, structure: Structure::None, alternatives: Vec::new() }
}

/// `“如同开启了一场精彩纷呈的“时空之旅”，我们……。”`: a quote inside a
/// quote is printed `‘……’`, and OCR reads it as `“……”`. Only in a block
/// whose double quotes pair up and that has no single quotes of its own.
fn nested_quotes(chars: &[(usize, char)], cs: &[char], base: usize, page: usize, out: &mut Vec<Edit>) {
    if !cs.contains(&'“') || cs.iter().any(|&c| matches!(c, '‘' | '’')) {
        return;
    }
    let mut open: Vec<usize> = Vec::new();
    let mut inner: Vec<(usize, usize)> = Vec::new();
    for (k, &c) in cs.iter().enumerate() {
        match c {
            '“' if open.len() < 2 => open.push(k),
            '“' => return,
            '”' => {
                let Some(start) = open.pop() else { return };
                if !open.is_empty() {
                    inner.push((start, k));
                }
            }
            _ => {}
        }
    }
    if !open.is_empty() {
        return;
    }
    for (a, b) in inner {
        for (k, single) in [(a, "‘"), (b, "’")] {
            let reason = format!("a quote inside a quote is printed ‘……’; ‘{}’ here is nested in another quote", cs[k]);
            out.push(char_edit(EditKind::Punctuation, page, base + chars[k].0, cs[k], single.to_string(), 0.6, reason));
        }
    }
}

/// `望『贷」兴叹`: OCR reads one corner bracket as the other; a closing one
/// that does not match the open one is the open one's partner.
fn corner_brackets(chars: &[(usize, char)], cs: &[char], base: usize, page: usize, out: &mut Vec<Edit>) {
    if !cs.iter().any(|&c| matches!(c, '『' | '「')) {
        return;
    }
    let mut open: Vec<char> = Vec::new();
    for (k, &c) in cs.iter().enumerate() {
        match c {
            '『' | '「' => open.push(c),
            '』' | '」' => {
                let Some(opener) = open.pop() else { return };
                let partner = if opener == '『' { '』' } else { '」' };
                if c != partner {
                    let reason = format!("‘{c}’ closes ‘{opener}’, whose partner is ‘{partner}’");
                    out.push(char_edit(EditKind::Punctuation, page, base + chars[k].0, c, partner.to_string(), 0.75, reason));
                }
            }
            _ => {}
        }
    }
}

/// An ASCII bracket around Chinese text (`本报讯 (记者 王逸群)`): Chinese
/// inside it, and Chinese or the block's edge outside.
fn paren_in_chinese(cs: &[char], i: usize, before: &dyn Fn(usize) -> Option<usize>, after: &dyn Fn(usize) -> usize) -> bool {
    let han_at = |k: Option<usize>| k.and_then(|k| cs.get(k)).is_some_and(|&c| text::is_han(c));
    let edge_or_han = |k: Option<usize>| k.is_none_or(|k| k >= cs.len() || text::is_han(cs[k]) || text::cannot_start_paragraph(cs[k]) || matches!(cs[k], '“' | '”'));
    match cs[i] {
        '(' => han_at(Some(after(i + 1))) && edge_or_han(before(i)),
        _ => han_at(before(i)) && edge_or_han(Some(after(i + 1))),
    }
}

/// Whether some lexicon word of 2–4 characters covers position `i` as
/// printed. Two-character words are asked through the per-thread pair
/// cache first: most characters are covered by one.
fn is_covered(cs: &[char], i: usize, lex: &Lexicon) -> bool {
    let han = |k: usize| text::is_han(cs[k]);
    if (i > 0 && han(i - 1) && lex.is_word_pair(cs[i - 1], cs[i])) || (i + 1 < cs.len() && han(i + 1) && lex.is_word_pair(cs[i], cs[i + 1])) {
        return true;
    }
    covering_word(cs, i, cs[i], lex).is_some()
}

/// The Han text around `i` with `y` there, at most three characters either
/// side (the words that cover `i` lie within it): its bounds `lo..hi` in
/// `cs` and its characters from `buf[0]`; `None` where `y` is not Han.
fn han_window(cs: &[char], i: usize, y: char) -> Option<(usize, usize, [char; 7])> {
    if !text::is_han(y) {
        return None;
    }
    let lo = (i.saturating_sub(3)..i).rev().take_while(|&k| text::is_han(cs[k])).last().unwrap_or(i);
    let hi = (i + 1..(i + 4).min(cs.len())).take_while(|&k| text::is_han(cs[k])).last().map_or(i + 1, |k| k + 1);
    let mut buf = ['\0'; 7];
    for k in lo..hi {
        buf[k - lo] = if k == i { y } else { cs[k] };
    }
    Some((lo, hi, buf))
}

fn covering_word(cs: &[char], i: usize, x: char, lex: &Lexicon) -> Option<(String, u64)> {
    let (lo, hi, buf) = han_window(cs, i, x)?;
    // freqs[s][len - 1]: the word of `len` characters from `lo + s`.
    let mut freqs = [[None; 4]; 4];
    for start in lo..=i {
        freqs[start - lo] = lex.prefix_word_freqs(&buf[start - lo..(hi - lo).min(start - lo + 4)]);
    }
    // Shorter words first, then from the left; the first of the most frequent.
    let mut best: Option<(usize, usize, u64)> = None;
    for len in 2..=4usize {
        for start in i.saturating_sub(len - 1).max(lo)..=i {
            let end = start + len;
            if end > hi {
                break;
            }
            if let Some(f) = freqs[start - lo][len - 1] {
                if best.as_ref().is_none_or(|b| f > b.2) {
                    best = Some((start, end, f));
                }
            }
        }
    }
    best.map(|(start, end, f)| (buf[start - lo..end - lo].iter().collect(), f))
}

/// `贴心贴心` → `贴心`, `数字贸易贸易企业` → `数字贸易企业`, `的的` → `的`.
fn doubled(chars: &[(usize, char)], content: &str, base: usize, page: usize, lex: &Lexicon, out: &mut Vec<Edit>) {
    let n = chars.len();
    let byte_at = |k: usize| if k < n { chars[k].0 } else { content.len() };
    let slice = |a: usize, b: usize| &content[byte_at(a)..byte_at(b)];
    let mut k = 0;
    // (position counted up to, quotes open there)
    let mut quotes: (usize, i64) = (0, 0);
    while k < n {
        // One character three or more times in a row (`哈哈哈`, `种种种种`)
        // is no OCR doubling either: skip the run.
        let run = chars[k..].iter().take_while(|&&(_, c)| c == chars[k].1).count();
        if run >= 3 {
            k += run;
            continue;
        }
        let mut found = false;
        // Longest first: a doubled four-character word before a doubled character.
        for len in (1..=4).rev() {
            // Compare characters first: almost nothing repeats.
            if k + 2 * len > n || (0..len).any(|d| chars[k + d].1 != chars[k + len + d].1) {
                continue;
            }
            // A word three or more times in a row (`谢谢谢谢谢谢`) is no OCR
            // doubling: the run is left as printed, whole.
            let same = |at: usize| at + len <= n && (0..len).all(|d| chars[at + d].1 == chars[k + d].1);
            let after_run = (2..).map(|r| k + r * len).find(|&at| !same(at)).unwrap_or(n);
            let preceded = k >= len && (0..len).all(|d| chars[k - len + d].1 == chars[k + d].1);
            if after_run > k + 2 * len || preceded {
                continue;
            }
            if !chars[k..k + 2 * len].iter().all(|&(_, c)| text::is_han(c)) {
                continue;
            }
            let first = slice(k, k + len);
            let verdict = if len == 1 {
                doubled_char(chars, k, slice(k, k + 2), lex)
            } else {
                // Quotes opened and not closed before `k`, counted once along the block.
                while quotes.0 < k {
                    match chars[quotes.0].1 {
                        '“' | '「' | '『' => quotes.1 += 1,
                        '”' | '」' | '』' => quotes.1 -= 1,
                        _ => {}
                    }
                    quotes.0 += 1;
                }
                doubled_word(chars, k, len, first, slice(k, k + 2 * len), quotes.1 > 0, lex)
            };
            if let Some((confidence, why)) = verdict {
                let kind = if len == 1 { EditKind::DupChar } else { EditKind::DupWord };
                out.push(Edit {
                    kind,
                    page,
                    span: base + byte_at(k + len)..base + byte_at(k + 2 * len),
                    replacement: Some(String::new()),
                    confidence,
                    reason: format!("‘{first}’ is printed twice{why}"),
                    structure: Structure::None,
                    alternatives: Vec::new(),
                });
                k += 2 * len;
                found = true;
                break;
            }
        }
        if !found {
            k += 1;
        }
    }
}

fn doubled_word(chars: &[(usize, char)], k: usize, len: usize, word: &str, doubled: &str, quoted: bool, lex: &Lexicon) -> Option<(f64, String)> {
    let freq = lex.word_freq(word)?;
    if reduplications().contains(doubled) || lex.word_freq(doubled).is_some() {
        return None;
    }
    // `一个一个`, `一步一步`: numeral + measure word reduplication.
    if word.starts_with('一') || chars[k].1 == '第' {
        return None;
    }
    // Intensifying reduplication of state adjectives and degree phrases
    // (`碧蓝碧蓝`, `很远很远`, `老远老远`), of quantities and questions
    // (`多少多少`, `如何如何`), and `V着V着` (`想着想着`); transliterated
    // names (`拉加`). Plain adjectives double as AABB (`认认真真`), so
    // `认真认真` is still an error.
    let pos = lex.word_pos(word).unwrap_or("");
    let intensifier = matches!(pos, "z" | "zg" | "d" | "r" | "m") || "很老好挺太真怪蛮".contains(chars[k].1);
    if intensifier || word.ends_with('着') || word.chars().all(|c| TRANSLITERATION.contains(c)) {
        return None;
    }
    // Either copy may belong to a longer word: `天主教主教团`, `研究研究所`.
    let window = |a: usize, b: usize| -> String { chars[a..b].iter().map(|&(_, c)| c).collect() };
    let n = chars.len();
    for extra in 1..=2 {
        if k + 2 * len + extra <= n && lex.is_word(&window(k + len, k + 2 * len + extra)) {
            return None;
        }
        if k >= extra && lex.is_word(&window(k - extra, k + len)) {
            return None;
        }
    }
    // Repetition in quoted speech is the speaker's (`“过奖过奖，不敢当不敢当！”`).
    if quoted {
        return None;
    }
    // A doubled verb may be the tentative reduplication (`提醒提醒大家`),
    // unless a structural particle shows it modifies something, which that
    // form never does (`贴心贴心的服务`).
    let verb = lex.word_pos(word).is_some_and(|pos| pos == "v");
    let next = chars.get(k + 2 * len).map(|&(_, c)| c);
    let modifies = matches!(next, Some('的' | '地' | '得'));
    let confidence = if verb && !modifies { confidence::ALMOST } else if freq >= 100 { confidence::SURE } else { confidence::PROBABLE };
    Some((confidence, format!("; ‘{word}{word}’ is not a reduplication Chinese uses")))
}

fn doubled_char(chars: &[(usize, char)], k: usize, doubled: &str, lex: &Lexicon) -> Option<(f64, String)> {
    if lex.word_freq(doubled).is_some_and(|f| f >= WORD_FREQ_FOR_DOUBLE) || reduplications().contains(doubled) {
        return None;
    }
    // Only function words get printed twice by accident often enough to
    // flag: `的的`, `了了`, `对对`. Content characters double in names and
    // numbers (`八八战略`, `浙里探探`).
    if !is_function_char(chars[k].1) {
        return None;
    }
    // Either copy may belong to a neighbouring word: `目的的实现`, `他的的士`.
    let window = |a: usize, b: usize| -> String { chars[a..b].iter().map(|&(_, c)| c).collect() };
    for w in 2..=4usize {
        if k + 1 >= w && lex.is_word(&window(k + 1 - w, k + 1)) {
            return None;
        }
        if k + 1 + w <= chars.len() && lex.is_word(&window(k + 1, k + 1 + w)) {
            return None;
        }
    }
    Some((0.9, String::new()))
}

/// A one-character particle, preposition or conjunction, or one of a few
/// adverbs.
fn is_function_char(c: char) -> bool {
    // Particles, prepositions, conjunctions and a few adverbs that Chinese
    // never doubles on purpose. Measure words (`根根`, `只只`), verbs
    // (`用用`) and most adverbs (`常常`) do double, so they are not here.
    FUNCTION_CHARS.contains(c)
}

/// See [`is_function_char`].
const FUNCTION_CHARS: &str = "的了地得着过在和与及或对由被把从向为以于而并也都就又将已还所是之其";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Source;

    fn flags(text: &str) -> Vec<(String, String)> {
        let page = Page::parse(Source::from_bytes("p.md", text.as_bytes().to_vec()).unwrap());
        let lex = Lexicon::embedded();
        detect(&page, 0, &lex)
            .into_iter()
            .map(|e| (text[e.span.clone()].to_string(), e.replacement.unwrap_or_default()))
            .collect()
    }

    #[test]
    fn doubled_words_and_characters() {
        let cases: &[(&str, &[&str])] = &[
            ("通过对接工作、现场破难，送上贴心贴心的“服务大礼包”。", &["贴心"]),
            ("统计显示，全省规上数字贸易贸易企业达318家。", &["贸易"]),
            ("这是一个神奇的的小岛。", &["的"]),
            ("会议提出了了近１５项建议。", &["了"]),
        ];
        for (text, want) in cases {
            let got: Vec<String> = flags(text).into_iter().map(|(s, _)| s).collect();
            assert_eq!(&got, want, "{text}");
        }
    }

    #[test]
    fn correct_text_stays_unflagged() {
        for text in [
            "这个问题我们要研究研究。",
            "他天天坚持锻炼，人人称赞。",
            "中国天主教主教团名誉主席。",
            "“过奖过奖，不敢当不敢当！”科雷说。",
            "恭喜恭喜！新年快乐，欢迎欢迎。",
            "羊儿吃草，只只肥壮。",
            "女儿李特特捐来３万元。",
            "远处是碧蓝碧蓝的海，离这里很远很远。",
            "他想着想着就笑了，说了些如何如何的话。",
            "油灯只在逢年过节时偶尔用用，如同弯弯山路上的根根火把。",
            "一个一个地解决，一步一步往前走。",
            "雪白雪白的墙。",
            "钢铁、发电等等行业。",
            "这是他的的士。",
            "为了实现这个目的的确不容易。",
            "蔡默思却不后悔：“毕竟是一条人命啊！”",
            "毛立忠和毛传林二人的救人行为被确认为见义勇为行为。",
        ] {
            assert_eq!(flags(text), vec![], "{text}");
        }
    }

    #[test]
    fn glyph_confusions() {
        // (sentence, printed character, suggestion)
        let cases = [
            ("感受伟大肇画的真理力量和实践伟力。", "肇", "壁"),
            ("坚持走有中国特龟社会主义道路。", "龟", "色"),
            ("新的管理万式很快带来了效益。", "万", "方"),
            ("亚洲金融彩势继续恶化。", "彩", "形"),
            // Confusions tesseract makes (lexicon/ocr_confusions.tsv), as it
            // printed them in samples/tesseract/seed.md.
            ("省直机关各级党组织深入学习蔷彻习近平总书记的重要讲话精神。", "蔷", "贯"),
            ("数智平台履盖214家规模以上企业。", "履", "覆"),
            // A mark on one side: the Chinese side alone must be unusual.
            ("向全场观众致以热烈欢逆。", "逆", "迎"),
            ("与会者向朋友们表示囊心的感谢。", "囊", "衷"),
        ];
        // A misreading tesseract makes systematically may repeat on a page:
        // the page printing `摘清` twice does not keep it from being flagged
        // (the second, after a comma, has too little context of its own).
        assert_eq!(flags("过去长期没有摘清楚的，摘清楚了，对我们有好处。"), vec![("摘".to_string(), "搞".to_string())]);
        for (text, printed, suggestion) in cases {
            let got = flags(text);
            assert_eq!(got, vec![(printed.to_string(), suggestion.to_string())], "{text}");
        }
        // Where other look-alikes make a word too, they are offered as
        // ranked alternatives, and the guess is left to the reader.
        let page = Page::parse(Source::from_bytes("p.md", "感受伟大肇画的真理力量。".as_bytes().to_vec()).unwrap());
        let edits = detect(&page, 0, &Lexicon::embedded());
        let offered: Vec<&str> = edits[0].alternatives.iter().map(|a| a.text.as_str()).collect();
        assert!(offered.contains(&"壁") && offered.contains(&"擘"), "{offered:?}");
        assert!(edits[0].confidence < 0.9, "a guess is never applied by default");
    }

    #[test]
    fn the_language_model_makes_a_fix_sure() {
        // `气氟` makes no word and the model finds `气氛` far likelier: sure
        // enough for `fix` to apply it.
        let page = Page::parse(Source::from_bytes("p.md", "会场里充满了欢乐的气氟。".as_bytes().to_vec()).unwrap());
        let edits = detect(&page, 0, &Lexicon::embedded());
        assert_eq!(edits.len(), 1);
        assert_eq!(edits[0].replacement.as_deref(), Some("氛"));
        assert!(edits[0].confidence >= 0.9, "{}", edits[0].reason);
        for text in ["全省粮食总产量创历史新高，农民收入明显增加。", "这次会议的召开，标志着两国关系进入新阶段。", "他们对这项工作作出了重要贡献。"] {
            assert_eq!(flags(text), vec![], "{text}");
        }
    }

    #[test]
    fn a_damaged_page_lowers_the_bar_for_review() {
        let lex = Lexicon::embedded();
        let weak = "他的工作态度十分让真，受到群众的一致好评。";
        let misread = |text: &str| {
            let page = Page::parse(Source::from_bytes("p.md", text.as_bytes().to_vec()).unwrap());
            detect(&page, 0, &lex).into_iter().filter(|e| e.kind == EditKind::OcrConfusion).map(|e| (page.text()[e.span.clone()].to_string(), e.replacement.unwrap(), e.confidence)).collect::<Vec<_>>()
        };
        // On its own, `让真` is below the bar.
        assert_eq!(misread(&format!("{weak}\n")), vec![]);
        // After three certain misreadings, it is flagged, for review only.
        let damaged = format!("会场里充满了欢乐的气氟。我们要高举旗帆，继续前进。\n\n该市积极推进国有企业改单，取得明显成效。\n\n{weak}\n");
        let found = misread(&damaged);
        assert_eq!(found.len(), 4, "{found:?}");
        assert_eq!((found[3].0.as_str(), found[3].1.as_str()), ("让", "认"));
        assert!(found[3].2 < 0.9, "a flag below the bar is never applied by default");
    }

    #[test]
    fn names_places_and_rare_words_stay_unflagged() {
        for text in [
            "村民毛立忠、毛传林在村干部的组织下参与扑灭山火行动。",
            "宁波热心“的哥”蔡默思，去年发现女乘客跳湖。",
            "为彭清林、李银蛟、蔡默思、张强记一等功。",
            "本·贾马在会上发言。",
            "婺城区与道孚县相距2000多公里，是婺道两地推进对口支援工作的一部分。",
            "新华社电（记者郄霜涛）每年春节前后。",
            "当地群众喜迎新春。（孟西安祁勇）",
            "贸部长姆贝雷南多表示欢迎。",
            "羊儿吃草，只只肥壮。",
        ] {
            assert_eq!(flags(text), vec![], "{text}");
        }
    }

    #[test]
    fn dense_pair_table_agrees_with_the_lexicon() {
        let lex = Lexicon::embedded();
        let text: Vec<char> = "感受伟大肇画的真理力量，送上贴心贴心的服务。婺城区与道孚县𠀋相距".chars().collect();
        let slow = lex.rare_han_pairs(&text, RARE_BIGRAM);
        lex.prepare_bulk(RARE_BIGRAM);
        assert_eq!(lex.rare_han_pairs(&text, RARE_BIGRAM), slow);
    }

    #[test]
    fn punctuation_damage() {
        let cases: &[(&str, &[(&str, &str)])] = &[
            ("他说:“我们要努力。”", &[(":", "：")]),
            ("经济发展,社会进步。", &[(",", "，")]),
            ("今年增长了三成*明年还要再增长。", &[("*", "。")]),
            ("这是一个小小故事一一“我们的家”。", &[("一一", "——")]),
            ("推动经济发l展。", &[("l", "")]),
            // As tesseract prints them, with spaces around the marks.
            ("共开展宣讲活动400余场次; 省委组织部通过电视台播出。", &[(";", "；")]),
            ("蔡默思却不后悔: “毕竟是一条人命啊! ”", &[(":", "："), ("!", "！")]),
            ("本报讯 (记者 王逸群) 为大力弘扬社会正气。", &[("(", "（"), (")", "）")]),
            ("越来越多的主体选择数字贸易赛道，快速成长 吕", &[("吕", "。")]),
            ("这是浙江潜能一一2022年，全省数字贸易进出口总额增长。", &[("一一", "——")]),
            ("“如同开启了一场精彩纷呈的“时空之旅”，我们将继续学习。”黄亮说。", &[("“", "‘"), ("”", "’")]),
            ("这是中阿之间大的合作项目一一一北方省的铬铁矿。", &[("一一一", "———")]),
            ("他们干涉阿内部事务* 他对阿为实现和平所作的努力表示赞赏。", &[("*", "。")]),
            ("不少企业也只能望『贷」兴叹。", &[("」", "』")]),
        ];
        for (text, want) in cases {
            let got = flags(text);
            let want: Vec<(String, String)> = want.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
            assert_eq!(got, want, "{text}");
        }
        for text in [
            "他们一一列举了问题。",
            "会议于10:30开始。",
            "使用Windows系统。",
            "e鹿清廉平台。",
            "１９９８年，ABC公司成立。",
            "安装了Windows (XP) 系统。",
            "会议由副主席吕新华主持。",
            "他说：“‘时空之旅’开始了。”",
            "“八八战略”实施“二十周年”。",
            "他说：“我们要“努力。",
            "他住在一一一号楼，是第一一一名。",
            "他说：『我们「一起」走。』",
        ] {
            assert_eq!(flags(text), vec![], "{text}");
        }
    }

    #[test]
    fn a_misreading_after_a_surname_is_weighed_when_the_candidate_makes_a_word_with_it() {
        // `温` may open a name, and no word covers `温暧`: the character
        // after it was taken for a name's and never weighed.
        assert_eq!(flags("冬天屋里生着炉子，十分温暧。"), vec![("暧".to_string(), "暖".to_string())]);
        // A candidate that makes a name with the surname is no reason: a
        // name is never corrected into a better known one. Nor is a
        // look-alike no engine was seen taking for it (`文萃` is no `文革`),
        // nor anything in the second place after a surname (`吴文萃`).
        for text in ["退休工人李端环每天早起锻炼。", "老人钱其探在村口开了家小店。", "他每月都订一份《生活文萃》。", "村里的老会计吴文萃今年八十岁。"] {
            assert_eq!(flags(text), vec![], "{text}");
        }
    }

    #[test]
    fn a_candidate_may_complete_a_longer_word() {
        // Neither `胜收` nor `染厂` is a pair news text prints often or a
        // two-character word; the idiom and the three-character word are.
        assert_eq!(flags("这里的山水美不胜牧，游人络绎不绝。"), vec![("牧".to_string(), "收".to_string())]);
        assert_eq!(flags("工厂去年新建了一座印染广，产品远销海外。"), vec![("广".to_string(), "厂".to_string())]);
    }

    #[test]
    fn a_confusion_the_engines_make_often_may_repeat_on_a_page() {
        // Both engines together read `兑` as `况` a few times in their
        // readings of news text: enough for the page's repeating `况换` not
        // to make it a term. On a damaged page, both are flagged for review.
        let damaged = "会场里充满了欢乐的气氟。我们要高举旗帆，继续前进。\n\n该市积极推进国有企业改单，取得明显成效。\n\n市民可以到银行况换外币，况换的手续也很简单。\n";
        let got: Vec<(String, String)> = flags(damaged).into_iter().filter(|(s, _)| s == "况").collect();
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got.iter().all(|(_, r)| r == "兑"), "{got:?}");
    }

    #[test]
    fn a_function_word_the_engines_misread_may_be_the_candidate() {
        // `都` makes no word with `们` or `说`, but PaddleOCR and tesseract
        // often read it as `部`: on a damaged page it is offered.
        let damaged = "会场里充满了欢乐的气氟。我们要高举旗帆，继续前进。\n\n该市积极推进国有企业改单，取得明显成效。\n\n工人们部说好。\n";
        let got: Vec<(String, String)> = flags(damaged).into_iter().filter(|(s, _)| s == "部").collect();
        assert_eq!(got, vec![("部".to_string(), "都".to_string())]);
    }

    #[test]
    fn headings_are_never_flagged() {
        assert_eq!(flags("# 贴心贴心的服务\n\n本报记者 王王\n\n正文。"), vec![]);
    }
}
