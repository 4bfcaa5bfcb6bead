//! The tool's knowledge: words with frequencies and character statistics,
//! embedded in the binary and looked up in place, with the user's own lists
//! layered on top.
//!
//! The sources are sorted TSV files (see `lexicon/README.md`). The large
//! tables are embedded compiled into finite-state transducers
//! ([`CompiledTable`]), or laid out again by `build.rs` (pairs, short words,
//! look-alikes, the language model), and searched in place, so start-up
//! parses nothing;
//! [`SortedTable`] reads the TSV form, for checking canonical form and for
//! compiling.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

const WORDS_FST: &[u8] = include_bytes!("../lexicon/compiled/words.fst");
const CHAR_BIGRAMS_FST: &[u8] = include_bytes!("../lexicon/compiled/char_bigrams.fst");
/// Read only by the test that checks the look-alike table `build.rs` lays out from it.
#[cfg(test)]
const GLYPH_SIMILAR_FST: &[u8] = include_bytes!("../lexicon/compiled/glyph_similar.fst");
const SENTENCE_BOUNDS_FST: &[u8] = include_bytes!("../lexicon/compiled/sentence_bounds.fst");
/// Read only by the test that checks the misreading lists `build.rs` lays out from them.
#[cfg(test)]
const OCR_CONFUSIONS_FST: &[u8] = include_bytes!("../lexicon/compiled/ocr_confusions.fst");
/// Read only by the test that checks the language model trie `build.rs` lays out from it.
#[cfg(test)]
const CHAR_LM_FST: &[u8] = include_bytes!("../lexicon/compiled/char_lm.fst");
#[cfg(test)]
const PADDLE_CONFUSIONS_FST: &[u8] = include_bytes!("../lexicon/compiled/paddle_confusions.fst");
const CHAR_UNIGRAMS: &str = include_str!("../lexicon/char_unigrams.tsv");
const PARA_INITIAL: &str = include_str!("../lexicon/para_initial.tsv");
/// `(y, n)` for every `cy<TAB>n` of a misreading table, most often first.
#[cfg(test)]
fn misreads_in(table: &CompiledTable, c: char) -> Vec<(char, u64)> {
    let mut out = table.followers(c);
    out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    out
}

/// The language model's order: a character is read after up to three before it.
pub const LM_ORDER: usize = 4;
/// What opens a paragraph in the language model's histories.
pub const LM_BOS: char = '\u{2}';
/// −1000 log10 P of a character the language model never saw (about one in
/// ten million).
pub const LM_UNKNOWN_COST: u32 = 7000;
/// Which pairs of news-text characters occur more than `limit` times, as
/// bits indexed by dense character ids (the bigram table only has
/// characters that the unigram table has, so any other character's pairs
/// are rare).
#[derive(Debug)]
struct DensePairs {
    limit: u64,
    /// Dense id of each BMP character, `u16::MAX` for none.
    ids: Vec<u16>,
    n: usize,
    common: Vec<u64>,
}

impl DensePairs {
    fn build(lex: &Lexicon, limit: u64) -> Self {
        let mut ids = vec![u16::MAX; 0x10000];
        let mut n = 0usize;
        let chars: Vec<char> = if lex.embedded { short::unigram_chars() } else { Vec::new() };
        for c in chars {
            if n < u16::MAX as usize {
                ids[c as usize] = n as u16;
                n += 1;
            }
        }
        let mut common = vec![0u64; (n * n).div_ceil(64)];
        lex.bigrams.for_each(|key, count| {
            if count <= limit {
                return;
            }
            let Ok(key) = std::str::from_utf8(key) else { return };
            let mut cs = key.chars();
            let (Some(a), Some(b)) = (cs.next(), cs.next()) else { return };
            if (a as u32) >= 0x10000 || (b as u32) >= 0x10000 {
                return;
            }
            let (ia, ib) = (ids[a as usize], ids[b as usize]);
            if ia != u16::MAX && ib != u16::MAX {
                let bit = ia as usize * n + ib as usize;
                common[bit / 64] |= 1 << (bit % 64);
            }
        });
        DensePairs { limit, ids, n, common }
    }

    fn rare(&self, a: char, b: char) -> bool {
        let (a, b) = (a as u32, b as u32);
        if a >= 0x10000 || b >= 0x10000 {
            return true;
        }
        let (ia, ib) = (self.ids[a as usize], self.ids[b as usize]);
        if ia == u16::MAX || ib == u16::MAX {
            return true;
        }
        let bit = ia as usize * self.n + ib as usize;
        self.common[bit / 64] & (1 << (bit % 64)) == 0
    }
}

fn next_lexicon_id() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// Entries each thread's pair cache holds before it starts over.
const PAIR_CACHE_LIMIT: usize = 1 << 20;
/// Entries each thread's pair cache makes room for at once.
const PAIR_CACHE_START: usize = 1 << 14;

/// See [`Lexicon::pair`].
#[derive(Debug, Clone, Copy)]
struct PairInfo {
    count: u64,
    /// Whether the pair is a word; `None` until someone asks.
    word: Option<bool>,
}

/// Each thread's answers about character pairs, for the lexicon that asked
/// last (a different lexicon starts it over, so answers never mix).
#[derive(Default)]
struct PairCache {
    owner: u64,
    map: rustc_hash::FxHashMap<u64, PairInfo>,
}

thread_local! {
    static PAIR_CACHE: std::cell::RefCell<PairCache> = std::cell::RefCell::new(PairCache { owner: u64::MAX, map: Default::default() });
    static WORD_CACHE: std::cell::RefCell<WordCache> = std::cell::RefCell::new(WordCache { owner: u64::MAX, map: Default::default() });
    /// See [`Lexicon::lm_cost`]: the model's answers by n-gram (packed as
    /// [`pack_chars`] packs a word), for the lexicon that asked last; at most
    /// a quarter of `PAIR_CACHE_LIMIT` entries (about 8 MB).
    static LM_CACHE: std::cell::RefCell<(u64, rustc_hash::FxHashMap<u128, u32>)> = std::cell::RefCell::new((u64::MAX, Default::default()));
}

/// See [`Lexicon::word_freq`]: the embedded word table's answers for
/// strings of up to four characters, packed into a key.
struct WordCache {
    owner: u64,
    map: rustc_hash::FxHashMap<u128, Option<u64>>,
}

/// Up to four characters as one number (21 bits each, and the count).
fn pack_chars(cs: &[char]) -> u128 {
    cs.iter().fold(0u128, |k, &c| (k << 21) | u128::from(c as u32)) << 3 | cs.len() as u128
}

/// See [`Lexicon::confusion_candidates`]: the candidates of each character
/// by lexicon, shared by the threads (the blocks of a page are read in
/// parallel, and each would otherwise gather the same lists again); 4,096
/// characters in each of 16 shards by character, together more than the
/// Chinese characters of the BMP, for a few lexicons.
static CANDIDATES: crate::memo::Sharded<(u64, char), std::sync::Arc<[Confusable]>, 16> = crate::memo::Sharded::new(1 << 12);

/// A character a printed one may stand for (see [`Lexicon::confusion_candidates`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Confusable {
    pub y: char,
    /// How often an OCR engine read `y` as the printed character (tesseract
    /// and PaddleOCR together); 0 for a confusion no engine was seen making.
    pub seen: u64,
    /// The two look alike in print (`glyph_similar.tsv`).
    pub look_alike: bool,
}

/// A table `build.rs` laid out in `OUT_DIR`, embedded as bytes.
macro_rules! table {
    ($file:literal) => {
        include_bytes!(concat!(env!("OUT_DIR"), "/", $file))
    };
}

/// Pairs and words of up to four characters looked up in place: the tables
/// `build.rs` takes out of the embedded `char_bigrams.fst` and `words.fst`
/// (see its `short_word_tables`).
mod short {
    static CHAR_INDEX: &[u8] = table!("char_index.bin");
    static SINGLES: &[u8] = table!("singles.bin");
    static PAIR_ROWS: &[u8] = table!("pair_rows.bin");
    static PAIR_COLS: &[u8] = table!("pair_cols.bin");
    static PAIR_VALS: &[u8] = table!("pair_vals.bin");
    static TAIL_ROWS: &[u8] = table!("tail_rows.bin");
    static TAILS: &[u8] = table!("tails.bin");
    static TAIL_VALS: &[u8] = table!("tail_vals.bin");
    static UNIGRAMS: &[u8] = table!("unigrams.bin");
    static INITIAL: &[u8] = table!("initial.bin");
    /// The sums of `char_unigrams.tsv` and `para_initial.tsv`.
    pub(super) const CHAR_TOTALS: [u64; 2] = include!(concat!(env!("OUT_DIR"), "/char_totals.rs"));
    /// Sentence starts in `sentence_bounds.fst` (see [`super::Lexicon::paragraph_opening`]).
    pub(super) const SENTENCE_STARTS: u64 = include!(concat!(env!("OUT_DIR"), "/sentence_starts.rs"));
    /// See `build.rs`.
    const LONGER: u32 = 1 << 31;

    // (Read as arrays of bytes: one bounds check for the entry, where
    // indexing byte by byte checks each.)
    pub(super) fn u16_at(bytes: &[u8], i: usize) -> u32 {
        u32::from(u16::from_le_bytes(bytes.as_chunks::<2>().0[i]))
    }

    pub(super) fn u32_at(bytes: &[u8], i: usize) -> u32 {
        u32::from_le_bytes(bytes.as_chunks::<4>().0[i])
    }

    /// Where `key` is among the sorted entries `lo..hi` that `at` reads.
    /// The entries are distinct. The search halves the range without
    /// branching on the comparison (a guess the processor cannot predict).
    pub(super) fn bisect(lo: usize, hi: usize, key: u32, at: impl Fn(usize) -> u32) -> Option<usize> {
        if lo >= hi {
            return None;
        }
        let (mut base, mut len) = (lo, hi - lo);
        while len > 1 {
            let half = len / 2;
            base = if at(base + half) <= key { base + half } else { base };
            len -= half;
        }
        (at(base) == key).then_some(base)
    }

    /// Where the tables have `c`: `Some(None)` when no key of up to four
    /// characters has it, `None` when they cannot tell (beyond the BMP).
    fn index(c: char) -> Option<Option<u32>> {
        let i = c as usize;
        (i < CHAR_INDEX.len() / 2).then(|| Some(u16_at(CHAR_INDEX, i)).filter(|&v| v != u32::from(u16::MAX)))
    }

    /// The entry of the pair of indices `a`, `b`.
    fn pair_entry(a: u32, b: u32) -> Option<usize> {
        let (lo, hi) = (u32_at(PAIR_ROWS, a as usize), u32_at(PAIR_ROWS, a as usize + 1));
        bisect(lo as usize, hi as usize, b, |k| u16_at(PAIR_COLS, k))
    }

    fn frequency(stored: u32) -> Option<u64> {
        stored.checked_sub(1).map(u64::from)
    }

    fn count_in(table: &[u8], c: char) -> Option<u64> {
        index(c).flatten().and_then(|i| frequency(u32_at(table, i as usize)))
    }

    /// `c`'s count in news text (`char_unigrams.tsv`), if it has one.
    pub(super) fn unigram(c: char) -> Option<u64> {
        count_in(UNIGRAMS, c)
    }

    /// How many paragraphs open with `c` (`para_initial.tsv`), if listed.
    pub(super) fn initial(c: char) -> Option<u64> {
        count_in(INITIAL, c)
    }

    /// The characters `char_unigrams.tsv` counts, in code point order.
    pub(super) fn unigram_chars() -> Vec<char> {
        (0..0x10000u32).filter_map(char::from_u32).filter(|&c| unigram(c).is_some()).collect()
    }

    /// The pair `a`, `b`: its count in news text and, when it is a word, its
    /// frequency; `None` when the tables cannot tell.
    pub(super) fn pair(a: char, b: char) -> Option<(u64, Option<u64>)> {
        let (Some(a), Some(b)) = (index(a)?, index(b)?) else { return Some((0, None)) };
        Some(pair_entry(a, b).map_or((0, None), |k| (u64::from(u32_at(PAIR_VALS, 2 * k) & !LONGER), frequency(u32_at(PAIR_VALS, 2 * k + 1)))))
    }

    /// Whether a word of five or more characters may begin with `a`, `b`;
    /// `None` when the tables cannot tell.
    pub(super) fn may_begin_longer(a: char, b: char) -> Option<bool> {
        let (Some(a), Some(b)) = (index(a)?, index(b)?) else { return Some(false) };
        Some(pair_entry(a, b).is_some_and(|k| u32_at(PAIR_VALS, 2 * k) & LONGER != 0))
    }

    /// The frequency of `cs` (one to four characters) as a word: `None`
    /// inside when it is not one, outside when the tables cannot tell.
    pub(super) fn word(cs: &[char]) -> Option<Option<u64>> {
        let mut ix = [0u32; 4];
        for (k, &c) in cs.iter().take(4).enumerate() {
            match index(c)? {
                Some(i) => ix[k] = i,
                None => return Some(None),
            }
        }
        let tail = match *cs {
            [_] => return Some(frequency(u32_at(SINGLES, ix[0] as usize))),
            [_, _] => return Some(pair_entry(ix[0], ix[1]).and_then(|k| frequency(u32_at(PAIR_VALS, 2 * k + 1)))),
            [_, _, _] => ix[2] << 15,
            [_, _, _, _] => ix[2] << 15 | 1 << 14 | ix[3],
            _ => return None,
        };
        let Some(k) = pair_entry(ix[0], ix[1]) else { return Some(None) };
        Some(tail_frequency(k, tail))
    }

    /// The frequency of the word of three or four characters whose first
    /// two are pair entry `k` and whose rest `tail` encodes (see [`word`]).
    fn tail_frequency(k: usize, tail: u32) -> Option<u64> {
        let (lo, hi) = (u32_at(TAIL_ROWS, k), u32_at(TAIL_ROWS, k + 1));
        bisect(lo as usize, hi as usize, tail, |t| u32_at(TAILS, t)).and_then(|t| frequency(u32_at(TAIL_VALS, t)))
    }

    /// [`word`] of each prefix of `cs` (one to four characters): entry `k`
    /// for `cs[..=k]`, `None` past its end. The prefixes share their lookups
    /// (a window of text asks about every word starting at each character).
    /// `None` when the tables cannot tell about some character.
    pub(super) fn prefixes(cs: &[char]) -> Option<[Option<u64>; 4]> {
        let mut out = [None; 4];
        let mut ix = [0u32; 4];
        // How many leading characters have an index: no word goes past one
        // that has none.
        let mut known = 0;
        for (k, &c) in cs.iter().take(4).enumerate() {
            match index(c)? {
                Some(i) if known == k => {
                    ix[k] = i;
                    known += 1;
                }
                _ => {}
            }
        }
        if known == 0 {
            return Some(out);
        }
        out[0] = frequency(u32_at(SINGLES, ix[0] as usize));
        if known < 2 {
            return Some(out);
        }
        let Some(k) = pair_entry(ix[0], ix[1]) else { return Some(out) };
        out[1] = frequency(u32_at(PAIR_VALS, 2 * k + 1));
        if known >= 3 {
            out[2] = tail_frequency(k, ix[2] << 15);
        }
        if known >= 4 {
            out[3] = tail_frequency(k, ix[2] << 15 | 1 << 14 | ix[3]);
        }
        Some(out)
    }
}

/// The character 4-gram model, laid out by `build.rs` from `char_lm.fst` as
/// a trie by character (see its `lm_trie`): see [`Lexicon::lm_cost`].
mod lm {
    use super::short::{bisect, u16_at, u32_at};
    static INDEX: &[u8] = table!("lm_index.bin");
    static KEYS: &[u8] = table!("lm_keys.bin");
    static VALS: &[u8] = table!("lm_vals.bin");
    static CHILD: &[u8] = table!("lm_child.bin");

    /// The node of the one-character n-gram `c` (its index in the model).
    fn first(c: char) -> Option<usize> {
        let i = c as usize;
        (i < INDEX.len() / 2).then(|| u16_at(INDEX, i)).filter(|&k| k != u32::from(u16::MAX)).map(|k| k as usize)
    }

    /// The node of `node`'s n-gram followed by `c` (`node` of at most three characters).
    pub(super) fn child(node: usize, c: char) -> Option<usize> {
        let k = first(c)?;
        bisect(u32_at(CHILD, node) as usize, u32_at(CHILD, node + 1) as usize, k as u32, |i| u16_at(KEYS, i))
    }

    /// The node of the n-gram `cs` (one to four characters).
    pub(super) fn node(cs: &[char]) -> Option<usize> {
        let (&c, rest) = cs.split_first()?;
        rest.iter().try_fold(first(c)?, |node, &c| child(node, c))
    }

    /// The value the model stores for the n-gram of `node` (its cost in
    /// the low 16 bits, its backoff weight as a context above them).
    pub(super) fn value(node: usize) -> Option<u32> {
        Some(u32_at(VALS, node)).filter(|&v| v != u32::MAX)
    }
}

/// Lists by character that `build.rs` lays out (its `write_lists`): each
/// character's look-alikes in print from `glyph_similar.fst` (see
/// [`Lexicon::look_alikes`]), and what tesseract and PaddleOCR misread it as
/// from `ocr_confusions.fst` and `paddle_confusions.fst` (see
/// [`Lexicon::ocr_misreads`]); each list largest value first, in code point
/// order among equals.
mod lists {
    use super::short::{bisect, u16_at, u32_at};

    /// One table's characters and where their lists start. (The values are
    /// apart: the binary leaves out a table's values where nothing reads them.)
    struct Lists {
        keys: &'static [u8],
        rows: &'static [u8],
        cols: &'static [u8],
    }

    const LOOK_ALIKES: Lists = Lists { keys: table!("glyph_keys.bin"), rows: table!("glyph_rows.bin"), cols: table!("glyph_cols.bin") };
    /// Similarities in thousandths (`u16`).
    static LOOK_ALIKE_VALS: &[u8] = table!("glyph_vals.bin");
    const TESSERACT: Lists = Lists { keys: table!("misreads_keys.bin"), rows: table!("misreads_rows.bin"), cols: table!("misreads_cols.bin") };
    /// Counts (`u64`).
    static TESSERACT_VALS: &[u8] = table!("misreads_vals.bin");
    const PADDLE: Lists = Lists { keys: table!("paddle_keys.bin"), rows: table!("paddle_rows.bin"), cols: table!("paddle_cols.bin") };
    static PADDLE_VALS: &[u8] = table!("paddle_vals.bin");

    impl Lists {
        /// `c`'s list: each character with its entry.
        fn entries(&self, c: char) -> impl Iterator<Item = (char, usize)> + '_ {
            let range = bisect(0, self.keys.len() / 4, c as u32, |k| u32_at(self.keys, k)).map_or(0..0, |k| u32_at(self.rows, k) as usize..u32_at(self.rows, k + 1) as usize);
            range.filter_map(|k| char::from_u32(u32_at(self.cols, k)).map(|y| (y, k)))
        }
    }

    fn counts(lists: &Lists, vals: &[u8], c: char) -> Vec<(char, u64)> {
        lists.entries(c).map(|(y, k)| (y, u64::from_le_bytes(vals.as_chunks::<8>().0[k]))).collect()
    }

    /// `c`'s look-alikes with their similarity in thousandths.
    pub(super) fn look_alikes(c: char) -> impl Iterator<Item = (char, u32)> {
        LOOK_ALIKES.entries(c).map(|(y, k)| (y, u16_at(LOOK_ALIKE_VALS, k)))
    }

    /// `c`'s look-alikes alone.
    pub(super) fn look_alike_chars(c: char) -> impl Iterator<Item = char> {
        LOOK_ALIKES.entries(c).map(|(y, _)| y)
    }

    /// What tesseract read as `c`, with how often.
    pub(super) fn tesseract(c: char) -> Vec<(char, u64)> {
        counts(&TESSERACT, TESSERACT_VALS, c)
    }

    /// What PaddleOCR read as `c`, with how often.
    pub(super) fn paddle(c: char) -> Vec<(char, u64)> {
        counts(&PADDLE, PADDLE_VALS, c)
    }
}

/// Characters by shared component, indexed by `build.rs` from
/// `components.tsv`: see [`Lexicon::sharing_components`].
mod components {
    include!(concat!(env!("OUT_DIR"), "/components.rs"));

    /// The news characters sharing a component with `c`, `c` included.
    pub(super) fn sharing(c: char) -> impl Iterator<Item = char> {
        let ids = CHAR_COMPONENTS.binary_search_by_key(&c, |e| e.0).ok().map_or(&[][..], |i| &COMPONENT_IDS[CHAR_COMPONENTS[i].1 as usize..CHAR_COMPONENTS[i].2 as usize]);
        ids.iter().flat_map(|&k| COMPONENT_CHARS[COMPONENT_STARTS[k as usize] as usize..COMPONENT_STARTS[k as usize + 1] as usize].iter().copied())
    }
}

/// Sum of the frequencies in `words.tsv` (checked by a test).
pub const WORDS_TOTAL: u64 = 60_101_964;

/// A malformed lexicon file.
#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    #[error("{path}:{line}: {message}")]
    Malformed { path: PathBuf, line: usize, message: String },
    #[error("{path}: cannot read lexicon: {source}")]
    Io { path: PathBuf, source: std::io::Error },
}

/// A sorted `key<TAB>count[<TAB>…]` TSV table, searched in place.
#[derive(Debug)]
pub struct SortedTable {
    text: Cow<'static, str>,
    /// One entry per line, built on first lookup so that tables a run never
    /// consults cost nothing at start-up.
    index: std::sync::OnceLock<Vec<Entry>>,
}

/// Where a line's key is, and its count, so a lookup compares keys without
/// scanning for tabs.
#[derive(Debug, Clone, Copy)]
struct Entry {
    start: u32,
    key_end: u32,
    count: u64,
}

impl SortedTable {
    pub fn new(text: impl Into<Cow<'static, str>>) -> Self {
        SortedTable { text: text.into(), index: std::sync::OnceLock::new() }
    }

    fn entries(&self) -> &[Entry] {
        self.index.get_or_init(|| {
            let bytes = self.text.as_bytes();
            let mut entries = Vec::with_capacity(bytes.len() / 12);
            let mut pos = 0usize;
            while pos < bytes.len() {
                let end = bytes[pos..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |k| pos + k);
                let line = &bytes[pos..end];
                if !line.iter().all(u8::is_ascii_whitespace) {
                    let key_len = line.iter().position(|&b| b == b'\t').unwrap_or(line.len());
                    let count = line[(key_len + 1).min(line.len())..]
                        .iter()
                        .take_while(|b| b.is_ascii_digit())
                        .fold(0u64, |acc, &b| acc.saturating_mul(10).saturating_add(u64::from(b - b'0')));
                    entries.push(Entry { start: pos as u32, key_end: (pos + key_len) as u32, count });
                }
                pos = end + 1;
            }
            entries
        })
    }

    fn key(&self, e: &Entry) -> &str {
        &self.text[e.start as usize..e.key_end as usize]
    }

    fn line(&self, e: &Entry) -> &str {
        let rest = &self.text[e.start as usize..];
        rest.split('\n').next().unwrap_or("")
    }

    fn find(&self, key: &str) -> Option<&Entry> {
        let entries = self.entries();
        entries.binary_search_by(|e| self.key(e).cmp(key)).ok().map(|i| &entries[i])
    }

    /// The count column of `key`.
    pub fn get(&self, key: &str) -> Option<u64> {
        self.find(key).map(|e| e.count)
    }

    /// The third column of `key` (a part-of-speech tag in `words.tsv`).
    pub fn tag(&self, key: &str) -> Option<&str> {
        self.find(key).and_then(|e| self.line(e).split('\t').nth(2)).map(str::trim)
    }

    pub fn len(&self) -> usize {
        self.entries().len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries().is_empty()
    }

    /// Sum of the count column.
    pub fn total(&self) -> u64 {
        self.entries().iter().map(|e| e.count).sum()
    }

    /// Check the canonical form: `key<TAB>count…`, strictly sorted keys.
    pub fn verify(&self, path: &Path) -> Result<(), LexiconError> {
        let mut prev: Option<&str> = None;
        for (n, line) in self.text.lines().enumerate() {
            let bad = |message: String| LexiconError::Malformed { path: path.to_path_buf(), line: n + 1, message };
            let mut fields = line.split('\t');
            let key = fields.next().unwrap_or("");
            if key.is_empty() || key.trim() != key {
                return Err(bad(format!("expected `word<TAB>count`, got {line:?}")));
            }
            match fields.next().map(str::parse::<u64>) {
                Some(Ok(_)) => {}
                _ => return Err(bad(format!("the count after {key:?} is not a whole number"))),
            }
            if prev.is_some_and(|p| p >= key) {
                return Err(bad(format!("{key:?} is out of order or repeated (the file must be sorted)")));
            }
            prev = Some(key);
        }
        Ok(())
    }
}

/// Part-of-speech tags of `words.tsv` (jieba's tag set); a compiled word
/// table stores the index of its tag in the low six bits of each value.
pub const POS_TAGS: [&str; 55] = [
    "a", "ad", "ag", "an", "b", "c", "d", "df", "dg", "e", "f", "g", "h", "i", "j", "k", "l", "m", "mg", "mq", "n", "ng", "nr",
    "nrfg", "nrt", "ns", "nt", "nz", "o", "p", "q", "r", "rg", "rr", "rz", "s", "t", "tg", "u", "ud", "ug", "uj", "ul", "uv",
    "uz", "v", "vd", "vg", "vi", "vn", "vq", "x", "y", "z", "zg",
];
const TAG_BITS: u32 = 6;

/// A lexicon table compiled into a finite-state transducer (the `fst`
/// crate): looked up in place from the bytes embedded in the binary, with
/// nothing to parse or index at start-up.
#[derive(Debug)]
pub struct CompiledTable {
    map: fst::Map<Cow<'static, [u8]>>,
    tagged: bool,
}

impl CompiledTable {
    pub fn from_static(bytes: &'static [u8], tagged: bool) -> Self {
        CompiledTable { map: fst::Map::new(Cow::Borrowed(bytes)).expect("embedded table is a valid fst"), tagged }
    }

    fn empty() -> Self {
        let bytes = fst::MapBuilder::memory().into_inner().expect("empty fst");
        CompiledTable { map: fst::Map::new(Cow::Owned(bytes)).expect("empty fst"), tagged: false }
    }

    /// Compile a canonical TSV table (`key<TAB>count[<TAB>tag]`, sorted).
    /// With `tagged`, the third column must be one of [`POS_TAGS`].
    pub fn compile(tsv: &str, tagged: bool) -> Result<Vec<u8>, String> {
        let mut builder = fst::MapBuilder::memory();
        for (n, line) in tsv.lines().enumerate() {
            let mut f = line.split('\t');
            let key = f.next().unwrap_or("");
            let count: u64 = f.next().and_then(|c| c.parse().ok()).ok_or_else(|| format!("line {}: no count", n + 1))?;
            let value = if tagged {
                let tag = f.next().unwrap_or("x");
                let i = POS_TAGS.iter().position(|t| *t == tag).ok_or_else(|| format!("line {}: unknown tag {tag:?}", n + 1))?;
                (count << TAG_BITS) | i as u64
            } else {
                count
            };
            builder.insert(key, value).map_err(|e| format!("line {}: {e}", n + 1))?;
        }
        builder.into_inner().map_err(|e| e.to_string())
    }

    /// Compile the language model's TSV (`ngram<TAB>cost<TAB>backoff cost`,
    /// sorted), packing the backoff cost into bits 16 to 31.
    pub fn compile_lm(tsv: &str) -> Result<Vec<u8>, String> {
        let mut builder = fst::MapBuilder::memory();
        for (n, line) in tsv.lines().enumerate() {
            let mut f = line.split('\t');
            let key = f.next().unwrap_or("");
            let mut num = || -> Result<u64, String> { f.next().and_then(|c| c.parse::<u16>().ok()).map(u64::from).ok_or_else(|| format!("line {}: expected two costs below 65536", n + 1)) };
            let (cost, backoff) = (num()?, num()?);
            builder.insert(key, cost | (backoff << 16)).map_err(|e| format!("line {}: {e}", n + 1))?;
        }
        builder.into_inner().map_err(|e| e.to_string())
    }

    fn value(&self, v: u64) -> u64 {
        if self.tagged { v >> TAG_BITS } else { v }
    }

    pub fn get(&self, key: &str) -> Option<u64> {
        self.map.get(key).map(|v| self.value(v))
    }

    /// [`CompiledTable::get`] for a key given as bytes.
    pub fn get_bytes(&self, key: &[u8]) -> Option<u64> {
        self.map.get(key).map(|v| self.value(v))
    }

    pub fn tag(&self, key: &str) -> Option<&'static str> {
        let v = self.map.get(key)?;
        self.tagged.then(|| POS_TAGS.get((v & ((1 << TAG_BITS) - 1)) as usize).copied()).flatten()
    }

    /// Every `(key, count)` whose key starts with `prefix`, in key order.
    pub fn with_prefix(&self, prefix: &str) -> Vec<(String, u64)> {
        let mut out = Vec::new();
        self.each_with_prefix(prefix, |key, v| out.push((key.to_string(), v)));
        out
    }

    /// [`CompiledTable::with_prefix`] without collecting: `f` sees each key
    /// and value in key order.
    pub fn each_with_prefix(&self, prefix: &str, mut f: impl FnMut(&str, u64)) {
        use fst::{IntoStreamer, Streamer};
        let mut stream = self.map.range().ge(prefix).into_stream();
        while let Some((k, v)) = stream.next() {
            if !k.starts_with(prefix.as_bytes()) {
                break;
            }
            if let Ok(key) = std::str::from_utf8(k) {
                f(key, self.value(v));
            }
        }
    }

    /// The character after `c` in each two-character key that starts with
    /// `c`, with its value (keys of other lengths count their second
    /// character too, as `with_prefix` readers did). Only the test of the
    /// misreading lists reads the transducers so now.
    #[cfg(test)]
    fn followers(&self, c: char) -> Vec<(char, u64)> {
        let mut buf = [0u8; 4];
        let mut out = Vec::new();
        self.each_with_prefix(c.encode_utf8(&mut buf), |key, v| {
            if let Some(y) = key.chars().nth(1) {
                out.push((y, v));
            }
        });
        out
    }

    /// Every `(key, count)` in key order, without allocating.
    pub fn for_each(&self, mut f: impl FnMut(&[u8], u64)) {
        use fst::{IntoStreamer, Streamer};
        let mut stream = self.map.stream().into_stream();
        while let Some((k, v)) = stream.next() {
            f(k, self.value(v));
        }
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

/// The topical terms of a text (see [`Lexicon::terms`]), sorted.
#[derive(Debug, Clone, Default)]
pub struct Terms {
    items: Vec<((char, char), f64)>,
}

impl Terms {
    /// The terms of several texts together.
    pub fn union_all<'t>(all: impl IntoIterator<Item = &'t Terms>) -> Terms {
        let mut items: Vec<((char, char), f64)> = all.into_iter().flat_map(|t| t.items.iter().copied()).collect();
        items.sort_by_key(|item| item.0);
        items.dedup_by(|a, b| a.0 == b.0);
        // Rejoin keeps one of these per block for the whole page.
        items.shrink_to_fit();
        Terms { items }
    }

    /// Both texts' terms together.
    pub fn union(&self, other: &Terms) -> Terms {
        let mut items: Vec<((char, char), f64)> = self.items.iter().chain(&other.items).copied().collect();
        items.sort_by_key(|item| item.0);
        items.dedup_by(|a, b| a.0 == b.0);
        Terms { items }
    }

    /// The character pairs of the terms at least this rare, with the rarity
    /// of each.
    pub fn rare_pairs(&self, min: f64) -> impl Iterator<Item = ((char, char), f64)> + '_ {
        self.items.iter().filter(move |&&(_, r)| r >= min).copied()
    }

    /// The terms both have.
    pub fn intersection(&self, other: &Terms) -> Terms {
        Terms { items: self.items.iter().filter(|(k, _)| other.items.binary_search_by(|(o, _)| o.cmp(k)).is_ok()).copied().collect() }
    }

    /// The summed rarity (above a floor) of these terms, and the three
    /// rarest: [`Terms::overlap`] of a set with itself.
    pub fn weight(&self) -> (f64, Vec<String>) {
        self.overlap(self)
    }

    /// The rarity of the rarest term (0 if none).
    pub fn max_rarity(&self) -> f64 {
        self.items.iter().map(|&(_, r)| r).fold(0.0, f64::max)
    }

    /// The rarity of the rarest term both share (0 if none).
    pub fn rarest_shared(&self, other: &Terms) -> f64 {
        self.items
            .iter()
            .filter(|(k, _)| other.items.binary_search_by(|(o, _)| o.cmp(k)).is_ok())
            .map(|&(_, r)| r)
            .fold(0.0, f64::max)
    }

    /// The two share a term: [`Terms::overlap`] is above 0 (every term
    /// adds to it), without reading how much.
    pub fn shares_any(&self, other: &Terms) -> bool {
        let (a, b) = (&self.items, &other.items);
        let (mut i, mut j) = (0, 0);
        while i < a.len() && j < b.len() {
            match a[i].0.cmp(&b[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => return true,
            }
        }
        false
    }

    /// Summed rarity (above a floor) of the shared terms, and the three rarest.
    pub fn overlap(&self, other: &Terms) -> (f64, Vec<String>) {
        let (a, b) = (&self.items, &other.items);
        let (mut i, mut j) = (0, 0);
        let mut shared: Vec<(f64, (char, char))> = Vec::new();
        while i < a.len() && j < b.len() {
            match a[i].0.cmp(&b[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    shared.push((a[i].1, a[i].0));
                    i += 1;
                    j += 1;
                }
            }
        }
        let score = shared.iter().map(|(r, _)| r - TERM_SHARED_BASELINE).sum::<f64>();
        shared.sort_by(|p, q| q.0.total_cmp(&p.0).then(p.1.cmp(&q.1)));
        (score, shared.into_iter().take(3).map(|(_, (x, y))| format!("{x}{y}")).collect())
    }
}

/// A term's rarity (−log frequency of its bigram in news text) from which
/// it is topical: rarer than one pair in about 3,000.
const TERM_MIN_RARITY: f64 = 8.0;
/// Rarer terms count no more than this (a misprint is rare too).
const TERM_MAX_RARITY: f64 = 14.0;
/// What a shared term adds to the overlap of two texts: its rarity less this,
/// so that shared terms only just topical add little.
const TERM_SHARED_BASELINE: f64 = 7.0;
// Every shared term adds to an overlap, as [`Terms::shares_any`] assumes.
const _: () = assert!(TERM_MIN_RARITY > TERM_SHARED_BASELINE);
/// The count of a character no word has, in the segmentation model: half
/// the rarest word's.
const UNKNOWN_WORD_COUNT: f64 = 0.5;
/// Added to a pair's count in the seam statistics (PMI), so unseen pairs
/// are merely unlikely.
const PAIR_PSEUDOCOUNT: f64 = 0.5;
/// Added to the count of sentence and paragraph boundaries, which are much
/// rarer than pairs.
const BOUNDARY_PSEUDOCOUNT: f64 = 0.1;
/// How many sightings of the rate of all pairs a pair's own sentence-edge
/// rate starts from in [`Lexicon::known_lost_stop_ratio`].
const BOUNDARY_PRIOR_PAIRS: f64 = 2.0;

/// The rarity (−log frequency) a name's given-name pair must have, as
/// [`Lexicon::terms`] asks of a term.
const NAME_PAIR_RARITY: f64 = 8.0;

/// A user word list larger than this is refused (jieba's whole dictionary
/// is 5 MB): reading stops there, so a wrong path cannot exhaust memory.
pub const MAX_USER_LEXICON_BYTES: u64 = 256 << 20;

/// Words and character statistics.
#[derive(Debug)]
pub struct Lexicon {
    /// Tells this lexicon's entries apart in per-thread caches.
    id: u64,
    /// See [`Lexicon::prepare_bulk`].
    dense: std::sync::OnceLock<DensePairs>,
    words: CompiledTable,
    bigrams: CompiledTable,
    bounds: CompiledTable,
    /// Whether the character 4-gram model (`lexicon/build/char_lm.py`, read
    /// from the trie `build.rs` lays out, see [`lm`]) is read.
    lm: bool,
    /// The tables are the ones that ship: the tables `build.rs` derives from
    /// them (shared components, the pair table) answer too.
    embedded: bool,
    user_words: HashMap<String, u64>,
    unigram_total: u64,
    initial_total: u64,
    /// Sentence starts in the boundary statistics, counted once when needed.
    sentence_starts: std::sync::OnceLock<u64>,
}

impl Lexicon {
    /// The lexicon that ships in the binary.
    pub fn embedded() -> Lexicon {
        Lexicon {
            id: next_lexicon_id(),
            dense: std::sync::OnceLock::new(),
            words: CompiledTable::from_static(WORDS_FST, true),
            bigrams: CompiledTable::from_static(CHAR_BIGRAMS_FST, false),
            bounds: CompiledTable::from_static(SENTENCE_BOUNDS_FST, false),
            lm: true,
            embedded: true,
            unigram_total: short::CHAR_TOTALS[0],
            initial_total: short::CHAR_TOTALS[1],
            sentence_starts: std::sync::OnceLock::new(),
            user_words: HashMap::new(),
        }
    }

    /// Which lexicon filled a per-thread cache: each lexicon has its own
    /// (answers never mix).
    pub(crate) fn cache_owner(&self) -> u64 {
        self.id
    }

    /// What this lexicon knows, as 16 hex digits: a SHA-256 over the digest
    /// of the tables that ship in the binary (when it has them) and the
    /// user's words with their frequencies. A decisions file records it, so that `apply` can
    /// tell when the review was made with other knowledge.
    pub fn identity(&self) -> String {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        if self.unigram_total > 0 {
            // The embedded tables' digest, computed by build.rs.
            h.update(env!("JIAODUI_LEXICON_DIGEST").as_bytes());
        }
        let mut user: Vec<(&String, &u64)> = self.user_words.iter().collect();
        user.sort();
        for (w, f) in user {
            h.update(w.as_bytes());
            h.update([0]);
            h.update(f.to_le_bytes());
        }
        h.finalize().iter().take(8).map(|b| format!("{b:02x}")).collect()
    }

    /// A lexicon with no knowledge: every lookup misses. For tests and for
    /// measuring what the lexicon costs.
    pub fn empty() -> Lexicon {
        Lexicon {
            id: next_lexicon_id(),
            dense: std::sync::OnceLock::new(),
            words: CompiledTable::empty(),
            bigrams: CompiledTable::empty(),
            bounds: CompiledTable::empty(),
            lm: false,
            embedded: false,
            user_words: HashMap::new(),
            unigram_total: 0,
            initial_total: 0,
            sentence_starts: std::sync::OnceLock::new(),
        }
    }

    /// Layer a user word list on top: one word per line, optionally followed
    /// by a tab and a frequency. `#` starts a comment line.
    pub fn add_user_words(&mut self, path: &Path) -> Result<(), LexiconError> {
        let bytes = crate::input::read_regular(path, MAX_USER_LEXICON_BYTES).map_err(|e| LexiconError::Io { path: path.to_path_buf(), source: std::io::Error::other(e.to_string()) })?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            LexiconError::Malformed { path: path.to_path_buf(), line: valid.iter().filter(|&&b| b == b'\n').count() + 1, message: "not valid UTF-8".into() }
        })?;
        self.add_user_words_from(path, text.strip_prefix('\u{feff}').unwrap_or(&text))
    }

    pub fn add_user_words_from(&mut self, path: &Path, text: &str) -> Result<(), LexiconError> {
        for (n, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            let bad = |message: String| LexiconError::Malformed { path: path.to_path_buf(), line: n + 1, message };
            // `word`, `word<TAB>frequency`, or jieba's `word frequency [tag]`
            // (fields split by tabs if the line has one, else by spaces).
            let fields: Vec<&str> = if line.contains('\t') { line.split('\t').map(str::trim).collect() } else { line.split_whitespace().collect() };
            let usage = || format!("expected `word`, `word<TAB>frequency` or `word frequency [tag]`, got {line:?}");
            let (word, freq) = match fields.as_slice() {
                [w] => (*w, None),
                [w, f] => (*w, Some(*f)),
                [w, f, tag] if !tag.is_empty() && tag.chars().all(|c| c.is_ascii_alphabetic()) => (*w, Some(*f)),
                _ => return Err(bad(usage())),
            };
            if word.is_empty() || word.contains(char::is_whitespace) {
                return Err(bad(usage()));
            }
            let freq = match freq {
                None => 1000,
                Some(f) => f.parse().map_err(|_| bad(format!("frequency {f:?} is not a whole number")))?,
            };
            self.user_words.insert(word.to_string(), freq);
        }
        // Cached answers about pairs may have changed.
        self.id = next_lexicon_id();
        Ok(())
    }

    /// Frequency of a word, if it is one.
    pub fn word_freq(&self, word: &str) -> Option<u64> {
        if let Some(&f) = self.user_words.get(word) {
            return Some(f);
        }
        let mut cs = ['\0'; 4];
        let mut n = 0;
        for c in word.chars() {
            if n == 4 {
                return self.longer_word_freq(word);
            }
            cs[n] = c;
            n += 1;
        }
        self.short_word_freq(&cs[..n])
    }

    /// [`Lexicon::word_freq`] of one to four characters, read without
    /// building a string (the typo pass asks about every stretch around
    /// each character it suspects).
    pub fn word_freq_of(&self, cs: &[char]) -> Option<u64> {
        debug_assert!((1..=4).contains(&cs.len()));
        if !self.user_words.is_empty() {
            if let Some(&f) = self.user_words.get(&cs.iter().collect::<String>()) {
                return Some(f);
            }
        }
        self.short_word_freq(cs)
    }

    /// [`Lexicon::word_freq`] of characters, of any length: a string is
    /// built only for a word of five or more that the tables say may exist.
    pub fn word_freq_of_any(&self, cs: &[char]) -> Option<u64> {
        match cs {
            [] => None,
            [_] | [_, _] | [_, _, _] | [_, _, _, _] => self.word_freq_of(cs),
            [a, b, ..] => {
                if self.embedded && self.user_words.is_empty() && short::may_begin_longer(*a, *b) == Some(false) {
                    return None;
                }
                self.word_freq(&cs.iter().collect::<String>())
            }
        }
    }

    /// [`Lexicon::word_freq_of`] of each prefix of `cs` (one to four
    /// characters): entry `k` for `cs[..=k]`, `None` past its end. Cheaper
    /// than asking about each: the prefixes share their lookups.
    pub fn prefix_word_freqs(&self, cs: &[char]) -> [Option<u64>; 4] {
        debug_assert!((1..=4).contains(&cs.len()));
        if self.embedded && self.user_words.is_empty() {
            if let Some(out) = short::prefixes(cs) {
                return out;
            }
        }
        let mut out = [None; 4];
        for (k, slot) in out.iter_mut().enumerate().take(cs.len()) {
            *slot = self.word_freq_of(&cs[..=k]);
        }
        out
    }

    /// A word of five characters or more: only a pair that begins such a
    /// word is worth a search.
    fn longer_word_freq(&self, word: &str) -> Option<u64> {
        let mut cs = word.chars();
        if self.embedded && cs.next().zip(cs.next()).and_then(|(a, b)| short::may_begin_longer(a, b)) == Some(false) {
            return None;
        }
        self.words.get(word)
    }

    /// The frequency of a word of up to four characters that is not the
    /// user's. The embedded short-word table answers in place (a bisection:
    /// cheaper than hashing into a cache that each candidate's window fills
    /// with strings asked about once); the answers of other tables, which
    /// the typo pass asks about over and over, are remembered.
    fn short_word_freq(&self, cs: &[char]) -> Option<u64> {
        if let Some(answer) = self.embedded.then(|| short::word(cs)).flatten() {
            return answer;
        }
        let key = pack_chars(cs);
        WORD_CACHE.with(|cache| {
            let mut cache = cache.borrow_mut();
            if cache.owner != self.id || cache.map.len() >= PAIR_CACHE_LIMIT {
                cache.owner = self.id;
                cache.map.clear();
            }
            *cache.map.entry(key).or_insert_with(|| match self.embedded.then(|| short::word(cs)).flatten() {
                Some(freq) => freq,
                None => self.words.get(&cs.iter().collect::<String>()),
            })
        })
    }

    /// log P(text) under a unigram word model: the best segmentation of
    /// `text` into lexicon words (up to four characters), an unknown
    /// character costing as much as the rarest word. Used to compare a
    /// stretch of text with a corrected version of it.
    pub fn segmentation_score(&self, text: &[char]) -> f64 {
        let total = WORDS_TOTAL as f64;
        let unknown = crate::math::ln(UNKNOWN_WORD_COUNT / total);
        let n = text.len();
        let mut best = vec![f64::NEG_INFINITY; n + 1];
        best[0] = 0.0;
        for start in 0..n {
            if best[start] == f64::NEG_INFINITY {
                continue;
            }
            let freqs = self.prefix_word_freqs(&text[start..n.min(start + 4)]);
            best[start + 1] = best[start + 1].max(best[start] + freqs[0].map_or(unknown, |f| crate::math::ln(f as f64 / total)));
            for end in start + 2..=n.min(start + 4) {
                if let Some(f) = freqs[end - start - 1] {
                    best[end] = best[end].max(best[start] + crate::math::ln(f as f64 / total));
                }
            }
        }
        best[n]
    }

    /// The embedded lexicon's part-of-speech tag of a word (jieba's tag set).
    pub fn word_pos(&self, word: &str) -> Option<&str> {
        self.words.tag(word)
    }

    pub fn is_word(&self, word: &str) -> bool {
        self.word_freq(word).is_some()
    }

    /// How often `a` is directly followed by `b` in running news text.
    pub fn bigram(&self, a: char, b: char) -> u64 {
        self.pair(a, b).count
    }

    /// Whether two characters make a word (cached like [`Lexicon::bigram`]).
    pub fn is_word_pair(&self, a: char, b: char) -> bool {
        PAIR_CACHE.with(|c| self.pair_word_cached(&mut c.borrow_mut(), a, b))
    }

    /// [`Lexicon::bigram`] and [`Lexicon::is_word_pair`] at once: how often
    /// `a` is directly followed by `b` in news text, and whether they make a
    /// word (one cache lookup where the short-word table knows both).
    pub fn pair_facts(&self, a: char, b: char) -> (u64, bool) {
        PAIR_CACHE.with(|c| {
            let mut cache = c.borrow_mut();
            let info = self.pair_cached(&mut cache, a, b);
            (info.count, info.word.unwrap_or_else(|| self.pair_word_cached(&mut cache, a, b)))
        })
    }

    /// [`Lexicon::pair_facts`] for a pair asked about once, such as a
    /// candidate beside a suspicious character: read from the short-word
    /// table without the per-thread cache, which such pairs would only
    /// crowd (on a large page, hashing them into it was half of the
    /// character check).
    pub fn pair_facts_once(&self, a: char, b: char) -> (u64, bool) {
        match self.embedded.then(|| short::pair(a, b)).flatten() {
            Some((count, freq)) => (count, freq.is_some() || (!self.user_words.is_empty() && self.is_user_pair(a, b))),
            None => self.pair_facts(a, b),
        }
    }

    /// What is known about a character pair: its count in news text and
    /// whether it is a two-character word. Pages repeat their pairs and
    /// every stage asks about them, so answers are remembered per thread
    /// (bounded, and keyed by lexicon so two lexicons never share them).
    fn pair(&self, a: char, b: char) -> PairInfo {
        PAIR_CACHE.with(|c| self.pair_cached(&mut c.borrow_mut(), a, b))
    }

    /// Facts about every adjacent pair of `chars` (`chars.len() - 1` of
    /// them), with the cache borrowed once for the whole run.
    fn pairs(&self, chars: &[char]) -> Vec<PairInfo> {
        PAIR_CACHE.with(|c| {
            let mut cache = c.borrow_mut();
            chars.windows(2).map(|w| self.pair_cached(&mut cache, w[0], w[1])).collect()
        })
    }

    /// For every adjacent pair of `chars`: both are Chinese characters and
    /// news text has the pair at most `limit` times.
    pub fn rare_han_pairs(&self, chars: &[char], limit: u64) -> Vec<bool> {
        let is_han = crate::text::is_han;
        if let Some(dense) = self.dense.get().filter(|d| d.limit == limit) {
            return chars.windows(2).map(|w| is_han(w[0]) && is_han(w[1]) && dense.rare(w[0], w[1])).collect();
        }
        PAIR_CACHE.with(|c| {
            let mut cache = c.borrow_mut();
            chars.windows(2).map(|w| is_han(w[0]) && is_han(w[1]) && self.pair_cached(&mut cache, w[0], w[1]).count <= limit).collect()
        })
    }

    /// For bulk work (a large page): build, once, a bit table of which pairs
    /// of news-text characters occur more than `limit` times, so that
    /// [`Lexicon::rare_han_pairs`] answers without hashing. Small pages skip
    /// it: building it costs a few milliseconds.
    pub fn prepare_bulk(&self, limit: u64) {
        self.dense.get_or_init(|| DensePairs::build(self, limit));
    }

    /// Counts of every adjacent pair of `chars` in news text.
    pub fn bigram_counts(&self, chars: &[char]) -> Vec<u64> {
        self.pairs(chars).into_iter().map(|p| p.count).collect()
    }

    fn pair_cached(&self, cache: &mut PairCache, a: char, b: char) -> PairInfo {
        if cache.owner != self.id || cache.map.len() >= PAIR_CACHE_LIMIT {
            cache.map.clear();
            cache.owner = self.id;
        }
        if cache.map.capacity() == 0 {
            // A page asks about thousands of pairs: growing to that a step
            // at a time cost a fifth of the cache's work.
            cache.map.reserve(PAIR_CACHE_START);
        }
        let key = (u64::from(a) << 32) | u64::from(b);
        *cache.map.entry(key).or_insert_with(|| {
            // The short-word table when it answers (both facts at once), else
            // the compiled tables.
            match self.embedded.then(|| short::pair(a, b)).flatten() {
                Some((count, freq)) => PairInfo { count, word: Some(freq.is_some() || self.is_user_pair(a, b)) },
                None => {
                    let mut buf = [0u8; 8];
                    let la = a.encode_utf8(&mut buf).len();
                    let lb = b.encode_utf8(&mut buf[la..]).len();
                    PairInfo { count: self.bigrams.map.get(&buf[..la + lb]).unwrap_or(0), word: None }
                }
            }
        })
    }

    fn is_user_pair(&self, a: char, b: char) -> bool {
        !self.user_words.is_empty() && self.user_words.contains_key(&format!("{a}{b}"))
    }

    /// Whether the pair is a word, looked up on first need and remembered.
    fn pair_word_cached(&self, cache: &mut PairCache, a: char, b: char) -> bool {
        if let Some(word) = self.pair_cached(cache, a, b).word {
            return word;
        }
        let mut buf = [0u8; 8];
        let la = a.encode_utf8(&mut buf).len();
        let lb = b.encode_utf8(&mut buf[la..]).len();
        let pair = &buf[..la + lb];
        let word = self.words.map.get(pair).is_some()
            || (!self.user_words.is_empty() && std::str::from_utf8(pair).is_ok_and(|w| self.user_words.contains_key(w)));
        if let Some(info) = cache.map.get_mut(&((u64::from(a) << 32) | u64::from(b))) {
            info.word = Some(word);
        }
        word
    }

    /// Characters that look like `c` in print, with similarity (0–1), most similar first.
    pub fn look_alikes(&self, c: char) -> Vec<(char, f64)> {
        if !self.embedded {
            return Vec::new();
        }
        lists::look_alikes(c).map(|(y, n)| (y, n as f64 / 1000.0)).collect()
    }

    /// What a printed `c` may stand for: its look-alikes in print, the
    /// characters tesseract and PaddleOCR have misread as it (with how
    /// often), and the news characters written with a component of it that
    /// few characters share (`帆` for `帜`). Remembered (by all threads): pages
    /// ask about the same characters over and over.
    pub fn confusion_candidates(&self, c: char) -> std::sync::Arc<[Confusable]> {
        CANDIDATES.get_or_make(c as usize, (self.id, c), || {
            let mut out: Vec<Confusable> = if self.embedded { lists::look_alike_chars(c).map(|y| Confusable { y, seen: 0, look_alike: true }).collect() } else { Vec::new() };
            // Where each candidate is in `out` (the lists run to a hundred).
            let mut at: rustc_hash::FxHashMap<char, usize> = rustc_hash::FxHashMap::with_capacity_and_hasher(128, Default::default());
            at.extend(out.iter().enumerate().map(|(k, o)| (o.y, k)));
            for (y, seen) in self.ocr_misreads(c).into_iter().chain(self.paddle_misreads(c)) {
                match at.get(&y) {
                    Some(&k) => out[k].seen += seen,
                    None => {
                        at.insert(y, out.len());
                        out.push(Confusable { y, seen, look_alike: false });
                    }
                }
            }
            for y in self.sharing_components(c) {
                if let std::collections::hash_map::Entry::Vacant(e) = at.entry(y) {
                    e.insert(out.len());
                    out.push(Confusable { y, seen: 0, look_alike: false });
                }
            }
            out.into()
        })
    }

    /// Characters tesseract has read as `c`, with how often (see
    /// `lexicon/ocr_confusions.tsv`), most often first.
    pub fn ocr_misreads(&self, c: char) -> Vec<(char, u64)> {
        if self.embedded { lists::tesseract(c) } else { Vec::new() }
    }

    /// Characters PaddleOCR's recogniser has read as `c`, with how often
    /// (see `lexicon/paddle_confusions.tsv`), most often first.
    pub fn paddle_misreads(&self, c: char) -> Vec<(char, u64)> {
        if self.embedded { lists::paddle(c) } else { Vec::new() }
    }

    /// News characters written with a component of `c` that at most
    /// 60 news characters share (`扌`, `口`, `氵` say nothing about two
    /// characters looking alike), each in news text at least 5 times, in
    /// code point order (the index and its limits are built by `build.rs`).
    pub fn sharing_components(&self, c: char) -> Vec<char> {
        if !self.embedded {
            return Vec::new();
        }
        let mut out: Vec<char> = components::sharing(c).filter(|&y| y != c).collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// How many paragraphs of news text open with `c`.
    fn initial(&self, c: char) -> u64 {
        if self.embedded { short::initial(c).unwrap_or(0) } else { 0 }
    }

    pub fn unigram(&self, c: char) -> u64 {
        if self.embedded { short::unigram(c).unwrap_or(0) } else { 0 }
    }

    /// How surprising `c` is after `history` in news text: −1000 log10 of
    /// its probability under the character 4-gram model (interpolated
    /// modified Kneser-Ney; see `lexicon/build/char_lm.py`), reading at most
    /// the last three characters of `history`. [`LM_BOS`] in the history
    /// marks a paragraph's start. A character the model never saw costs
    /// [`LM_UNKNOWN_COST`]. Integer arithmetic: the same on every machine.
    pub fn lm_cost(&self, history: &[char], c: char) -> u32 {
        if !self.lm {
            return 0;
        }
        let h = &history[history.len().saturating_sub(LM_ORDER - 1)..];
        // The typo pass scores each candidate's window, which shares all but
        // the candidate's n-grams with the print's: remember the answers.
        let key = h.iter().chain(std::iter::once(&c)).fold(0u128, |k, &ch| (k << 21) | u128::from(ch as u32)) << 3 | h.len() as u128;
        LM_CACHE.with(|cache| {
            let mut cache = cache.borrow_mut();
            if cache.0 != self.id || cache.1.len() >= PAIR_CACHE_LIMIT / 4 {
                cache.0 = self.id;
                cache.1.clear();
            }
            *cache.1.entry(key).or_insert_with(|| self.lm_cost_uncached(h, c))
        })
    }

    /// [`Lexicon::lm_cost`] with at most three characters of history, looked up.
    fn lm_cost_uncached(&self, h: &[char], c: char) -> u32 {
        let mut backoff = 0u32;
        // The longest context first: the n-gram after it, else the
        // context's backoff weight and a shorter context.
        for start in 0..h.len() {
            let Some(context) = lm::node(&h[start..]) else { continue };
            if let Some(v) = lm::child(context, c).and_then(lm::value) {
                return backoff + (v & 0xffff);
            }
            if let Some(v) = lm::value(context) {
                backoff += v >> 16;
            }
        }
        match lm::node(&[c]).and_then(lm::value) {
            Some(v) => backoff + (v & 0xffff),
            None => backoff + LM_UNKNOWN_COST,
        }
    }

    /// The summed [`Lexicon::lm_cost`] of `cs[from..to]`, each character
    /// read after up to three before it (`BOS` before `cs[0]` when `at_start`).
    pub fn lm_span_cost(&self, cs: &[char], from: usize, to: usize, at_start: bool) -> u32 {
        (from..to.min(cs.len()))
            .map(|k| {
                let lo = k.saturating_sub(LM_ORDER - 1);
                let mut history = [LM_BOS; LM_ORDER];
                let bos = usize::from(at_start && k < LM_ORDER - 1);
                history[bos..bos + k - lo].copy_from_slice(&cs[lo..k]);
                self.lm_cost(&history[..bos + k - lo], cs[k])
            })
            .sum()
    }

    /// log P(b | a) / P(b): how much more likely `b` is right after `a` than
    /// anywhere. Add-one smoothed; 0 when nothing is known.
    pub fn seam_pmi(&self, a: char, b: char) -> f64 {
        if self.unigram_total == 0 {
            return 0.0;
        }
        let n = self.unigram_total as f64;
        let ab = self.bigram(a, b) as f64 + PAIR_PSEUDOCOUNT;
        let ca = self.unigram(a) as f64 + 1.0;
        let cb = self.unigram(b) as f64 + 1.0;
        crate::math::ln(ab * n / (ca * cb))
    }

    /// How much more often a sentence that opens with `c` opens a paragraph
    /// than sentences do in general: log of (paragraphs opening with `c` /
    /// sentences opening with `c`) over (paragraphs / sentences). Positive
    /// for what opens paragraphs (`本报讯`, `据`, a dateline), negative for
    /// what goes on within one (`这`, `但`, `他`). `None` without statistics.
    pub fn paragraph_opening(&self, c: char) -> Option<f64> {
        if self.initial_total == 0 || self.bounds.is_empty() {
            return None;
        }
        // Sentence starts: `。` and the two characters after it, counted at
        // paragraph starts too.
        let mut starts = 0u64;
        self.bounds.each_with_prefix(&format!("。{c}"), |_, n| starts += n);
        let all = self.sentence_start_total();
        let paragraphs = self.initial(c) as f64;
        let rate = (paragraphs + BOUNDARY_PSEUDOCOUNT) / (starts as f64 + 1.0);
        let base = self.initial_total as f64 / all.max(1) as f64;
        Some(crate::math::ln(rate / base))
    }

    /// Sentence starts in the boundary statistics (`。` and the two
    /// characters after it), counted once.
    fn sentence_start_total(&self) -> u64 {
        if self.embedded {
            return short::SENTENCE_STARTS;
        }
        *self.sentence_starts.get_or_init(|| self.bounds.with_prefix("。").iter().map(|(_, n)| n).sum())
    }

    /// The probability that a sentence opening with `c` opens a paragraph:
    /// the share of sentences that open one, weighed by
    /// [`Lexicon::paragraph_opening`]. `None` without statistics.
    pub fn paragraph_break_probability(&self, c: char) -> Option<f64> {
        let x = self.paragraph_opening(c)?;
        let all = self.sentence_start_total();
        let base = (self.initial_total as f64 / all.max(1) as f64).min(1.0);
        let odds = base / (1.0 - base).max(f64::EPSILON) * crate::math::exp(x);
        Some(odds / (1.0 + odds))
    }

    /// log P(paragraph starts with c) / P(c): positive for characters that
    /// often open a paragraph (`本`, `据`, `新`), very negative for those that
    /// never do (`的`, `务`, `，`).
    pub fn start_pmi(&self, c: char) -> f64 {
        if self.unigram_total == 0 || self.initial_total == 0 {
            return 0.0;
        }
        let p_start = (self.initial(c) as f64 + BOUNDARY_PSEUDOCOUNT) / self.initial_total as f64;
        let p = (self.unigram(c) as f64 + 1.0) / self.unigram_total as f64;
        crate::math::ln(p_start / p)
    }

    /// log P(a sentence ends | `a1 a2`): how often news text ends a
    /// sentence right after these two characters (`……收入。` often,
    /// `……许多先` never). `None` without statistics.
    pub fn sentence_end_ratio(&self, [a1, a2]: [char; 2]) -> Option<f64> {
        if self.unigram_total == 0 || self.bounds.is_empty() {
            return None;
        }
        let key: String = [a1, a2, '。'].iter().collect();
        let ends = self.bounds.get(&key).unwrap_or(0) as f64;
        Some(crate::math::ln((ends + BOUNDARY_PSEUDOCOUNT) / (self.bigram(a1, a2) as f64 + 1.0)))
    }

    /// How much likelier it is (log ratio) that a sentence ended between
    /// `a1 a2` and `b1 b2` and its full stop was lost than that `b1 b2`
    /// carries on the same sentence: `…难题` | `此外，…` scores high,
    /// `…国务委员` | `李铁映会见…` low. Uses how often news text ends a
    /// sentence with `a1 a2`, opens one with `b1 b2`, and has `b1` after
    /// `a2`. `None` without statistics.
    pub fn lost_stop_ratio(&self, [a1, a2]: [char; 2], [b1, b2]: [char; 2]) -> Option<f64> {
        self.lost_stop_ratio_with([a1, a2], [b1, b2], false)
    }

    /// [`Lexicon::lost_stop_ratio`] where the rates at which the tail's pair
    /// ends sentences and the head's opens them are drawn toward the rate
    /// of all pairs (two sightings of it): a pair the
    /// statistics barely know (a name cut by the break, `寺建` | `晟亭`)
    /// reads as an ordinary pair, not as one that ends or opens most of its
    /// sentences. Evidence to judge a whole page by.
    pub fn known_lost_stop_ratio(&self, [a1, a2]: [char; 2], [b1, b2]: [char; 2]) -> Option<f64> {
        self.lost_stop_ratio_with([a1, a2], [b1, b2], true)
    }

    fn lost_stop_ratio_with(&self, [a1, a2]: [char; 2], [b1, b2]: [char; 2], drawn: bool) -> Option<f64> {
        if self.unigram_total == 0 || self.bounds.is_empty() {
            return None;
        }
        let key = |cs: [char; 3]| cs.iter().collect::<String>();
        let ends = self.bounds.get(&key([a1, a2, '。'])).unwrap_or(0) as f64;
        let starts = self.bounds.get(&key(['。', b1, b2])).unwrap_or(0) as f64;
        let rate = |edges: f64, pairs: u64| {
            if drawn {
                let prior = self.sentence_start_total() as f64 / self.unigram_total as f64;
                crate::math::ln((edges + BOUNDARY_PRIOR_PAIRS * prior) / (pairs as f64 + BOUNDARY_PRIOR_PAIRS))
            } else {
                crate::math::ln((edges + BOUNDARY_PSEUDOCOUNT) / (pairs as f64 + 1.0))
            }
        };
        let end = rate(ends, self.bigram(a1, a2));
        let start = rate(starts, self.bigram(b1, b2));
        let carry_on = crate::math::ln((self.bigram(a2, b1) as f64 + BOUNDARY_PSEUDOCOUNT) / (self.unigram(a2) as f64 + 1.0));
        Some(end + start - carry_on)
    }

    /// The topical terms of a text: its Han-character bigrams that news
    /// text has, but rarely (`寿光`, `防震`), each with its rarity (−log
    /// frequency). Common bigrams (`我们`, `的一`) and ones news text never
    /// has (chance collisions across word boundaries, `了木`) are left out.
    pub fn terms(&self, text: &str) -> Terms {
        let chars: Vec<char> = text.chars().filter(|&c| crate::text::is_han(c)).collect();
        let counts = self.bigram_counts(&chars);
        let mut pairs: Vec<((char, char), u64)> = chars.windows(2).map(|w| (w[0], w[1])).zip(counts).collect();
        pairs.sort_unstable_by_key(|p| p.0);
        let n = self.unigram_total.max(1) as f64;
        let mut items = Vec::new();
        PAIR_CACHE.with(|cache| {
            let mut cache = cache.borrow_mut();
            for run in pairs.chunk_by(|a, b| a.0 == b.0) {
                let ((x, y), count) = run[0];
                let rarity = crate::math::ln(n / (count + 1) as f64);
                if rarity < TERM_MIN_RARITY {
                    continue;
                }
                // A pair the text repeats (a name: `方鸣`, `寿光`), or a word
                // the lexicon knows; a pair seen once and in no dictionary is
                // most likely a chance meeting of two words (`了木`).
                if run.len() >= 2 || self.pair_word_cached(&mut cache, x, y) {
                    items.push(((x, y), rarity.min(TERM_MAX_RARITY)));
                }
            }
        });
        // Rejoin keeps one of these per block for the whole page.
        items.shrink_to_fit();
        Terms { items }
    }

    /// The possible names in a text: a surname and two more Han characters
    /// (`覃振邦`) that news text rarely has together (so not `国家的`),
    /// sorted, for [`Lexicon::shared_names`].
    pub fn names_in(&self, text: &str) -> Vec<[char; 3]> {
        let chars: Vec<char> = text.chars().collect();
        let rare = self.unigram_total.max(1) as f64 * crate::math::exp(-NAME_PAIR_RARITY);
        let mut n: Vec<[char; 3]> = chars
            .windows(3)
            .filter(|w| crate::text::is_han(w[1]) && crate::text::is_han(w[2]) && crate::text::is_surname(w[0]))
            .filter(|w| ((self.bigram(w[1], w[2]) + 1) as f64) <= rare)
            .map(|w| [w[0], w[1], w[2]])
            .collect();
        n.sort_unstable();
        n.dedup();
        n
    }

    /// The names two texts share (see [`Lexicon::names_in`]), as terms,
    /// even where neither text repeats the name and no dictionary has it.
    /// Only pairs rare in news text count.
    pub fn shared_names(&self, a: &[[char; 3]], b: &[[char; 3]]) -> Terms {
        let shared: String = a.iter().filter(|n| b.binary_search(n).is_ok()).map(|n| format!("{}{}{}\n{}{}{}\n", n[0], n[1], n[2], n[0], n[1], n[2])).collect();
        if shared.is_empty() {
            return Terms::default();
        }
        // Each name twice: `terms` keeps the pairs a text repeats.
        self.terms(&shared)
    }

    /// How strongly two texts share a topic: the summed rarity of the terms
    /// they share, with the rarest shared terms for the reason.
    pub fn topic_overlap(&self, a: &str, b: &str) -> (f64, Vec<String>) {
        self.terms(a).overlap(&self.terms(b))
    }

    /// The embedded text tables by file name, for the canonical-form test.
    pub fn embedded_files() -> [(&'static str, &'static str); 2] {
        [
            ("char_unigrams.tsv", CHAR_UNIGRAMS),
            ("para_initial.tsv", PARA_INITIAL),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_total_is_the_sum_of_frequencies() {
        let words = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/lexicon/words.tsv")).unwrap();
        assert_eq!(SortedTable::new(words).total(), WORDS_TOTAL);
    }

    #[test]
    fn segmentation_prefers_real_words() {
        let lex = Lexicon::embedded();
        let score = |t: &str| lex.segmentation_score(&t.chars().collect::<Vec<_>>());
        assert!(score("有中国特色社会") > score("有中国特龟社会") + 5.0);
        assert!(score("热烈欢迎") > score("热烈欢逆"));
    }

    #[test]
    fn embedded_words() {
        let lex = Lexicon::embedded();
        assert!(lex.is_word("服务"));
        assert!(lex.is_word("先行"));
        assert!(lex.is_word("擘画"));
        assert!(!lex.is_word("肇画"));
    }

    #[test]
    fn seam_statistics_prefer_real_words() {
        let lex = Lexicon::embedded();
        assert!(lex.seam_pmi('服', '务') > lex.seam_pmi('服', '行'));
        assert!(lex.start_pmi('的') < 0.0);
        assert!(lex.start_pmi('本') > lex.start_pmi('务'));
    }

    #[test]
    fn language_model_prefers_news_text() {
        let lex = Lexicon::embedded();
        let cost = |t: &str| {
            let cs: Vec<char> = t.chars().collect();
            lex.lm_span_cost(&cs, 0, cs.len(), true)
        };
        // Costs are −1000 log10 P: a common continuation is cheap, a
        // misreading dear, a character never seen dearest.
        assert!(cost("我们在这个时候") + 3000 < cost("我们在这个的候"));
        assert!(cost("充满欢乐的气氛") + 3000 < cost("充满欢乐的气氟"));
        assert!(lex.lm_cost(&['的'], '\u{e000}') >= LM_UNKNOWN_COST);
        // Backing off: a history the model never saw still gives each
        // character its shorter-context probability, not the unknown cost.
        assert!(lex.lm_cost(&['氟', '氟', '氟'], '的') < LM_UNKNOWN_COST);
        // The empty lexicon knows nothing and charges nothing.
        assert_eq!(Lexicon::empty().lm_span_cost(&['的', '候'], 0, 2, true), 0);
    }

    #[test]
    fn the_look_alike_table_answers_as_the_transducer_does() {
        let glyphs = CompiledTable::from_static(GLYPH_SIMILAR_FST, false);
        let lex = Lexicon::embedded();
        let mut chars = Vec::new();
        glyphs.for_each(|k, _| chars.extend(std::str::from_utf8(k).unwrap().chars().take(1)));
        chars.dedup();
        assert!(chars.len() > 5_000, "{}", chars.len());
        let mut pairs = 0;
        // Every character the transducer has, and a neighbour of each
        // (mostly absent).
        for c in chars.iter().flat_map(|&c| [c, char::from_u32(c as u32 + 1).unwrap_or(c)]) {
            let mut want: Vec<(char, f64)> = glyphs.followers(c).into_iter().map(|(y, n)| (y, n as f64 / 1000.0)).collect();
            want.sort_by(|a, b| b.1.total_cmp(&a.1));
            pairs += want.len();
            assert_eq!(lex.look_alikes(c), want, "{c}");
        }
        assert!(pairs > 400_000, "{pairs}");
        assert!(Lexicon::empty().look_alikes('未').is_empty());
    }

    #[test]
    fn the_misreading_tables_answer_as_the_transducers_do() {
        // Every character either table has, and characters neither has.
        for (fst, table) in [(OCR_CONFUSIONS_FST, lists::tesseract as fn(char) -> Vec<(char, u64)>), (PADDLE_CONFUSIONS_FST, lists::paddle)] {
            let compiled = CompiledTable::from_static(fst, false);
            let mut chars: Vec<char> = vec!['a', '，', '\u{20000}', '丂'];
            compiled.for_each(|k, _| chars.extend(std::str::from_utf8(k).ok().and_then(|k| k.chars().next())));
            chars.dedup();
            assert!(chars.len() > 100, "{}", chars.len());
            let mut listed = 0;
            for c in chars {
                let read = table(c);
                listed += read.len();
                assert_eq!(read, misreads_in(&compiled, c), "{c}");
            }
            assert_eq!(listed, compiled.len());
        }
        let lex = Lexicon::embedded();
        assert_eq!(lex.ocr_misreads('间'), misreads_in(&CompiledTable::from_static(OCR_CONFUSIONS_FST, false), '间'));
        assert!(Lexicon::empty().ocr_misreads('间').is_empty() && Lexicon::empty().paddle_misreads('间').is_empty());
    }

    #[test]
    fn the_language_model_trie_answers_as_the_transducer_does() {
        let fst = CompiledTable::from_static(CHAR_LM_FST, false);
        let mut grams: Vec<(Vec<char>, u64)> = Vec::new();
        fst.for_each(|k, v| grams.push((std::str::from_utf8(k).unwrap().chars().collect(), v)));
        assert!(grams.len() > 400_000, "{}", grams.len());
        let trie = |cs: &[char]| lm::node(cs).and_then(lm::value).map(u64::from);
        let from_fst = |cs: &[char]| fst.get(&cs.iter().collect::<String>());
        // Every n-gram, and a near miss of each (its last character moved
        // one code point on, mostly absent).
        let mut absent = 0;
        for (cs, v) in &grams {
            assert_eq!(trie(cs), Some(*v), "{cs:?}");
            let mut miss = cs.clone();
            let last = miss.last_mut().unwrap();
            *last = char::from_u32(*last as u32 + 1).unwrap_or(*last);
            assert_eq!(trie(&miss), from_fst(&miss), "{miss:?}");
            absent += usize::from(from_fst(&miss).is_none());
        }
        assert!(absent > 100_000, "{absent}");
        // The cost of a character after a history, read from the
        // transducer as the model defines it (the longest context that
        // has the n-gram, plus the backoff weights of the longer ones).
        let reference = |h: &[char], c: char| -> u32 {
            let mut backoff = 0;
            for start in 0..=h.len() {
                let gram: Vec<char> = h[start..].iter().copied().chain([c]).collect();
                if let Some(v) = from_fst(&gram) {
                    return backoff + (v & 0xffff) as u32;
                }
                if start < h.len() {
                    backoff += from_fst(&h[start..]).map_or(0, |v| (v >> 16) as u32);
                }
            }
            backoff + LM_UNKNOWN_COST
        };
        let lex = Lexicon::embedded();
        let text: Vec<char> = CHAR_UNIGRAMS.lines().filter_map(|l| l.chars().next()).collect();
        let mut seed = 7u64;
        let mut pick = |n: usize| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) as usize % n
        };
        // Histories from the model's own n-grams (so that long contexts are
        // found) and random characters, at and away from a paragraph's start.
        for k in 0..100_000 {
            let (g, _) = &grams[pick(grams.len())];
            let mut h: Vec<char> = g[..g.len() - 1].to_vec();
            if k % 3 == 0 {
                h = (0..pick(4)).map(|_| text[pick(text.len())]).collect();
            }
            if k % 5 == 0 && h.len() < 3 {
                h.insert(0, LM_BOS);
            }
            let c = if k % 2 == 0 { *g.last().unwrap() } else { text[pick(text.len())] };
            assert_eq!(lex.lm_cost_uncached(&h, c), reference(&h, c), "{h:?} {c}");
        }
        assert_eq!(Lexicon::empty().lm_cost(&['的'], '人'), 0);
    }

    #[test]
    fn the_short_word_tables_answer_as_the_compiled_tables_do() {
        let lex = Lexicon::embedded();
        let from_fst = |a: char, b: char| {
            let key = format!("{a}{b}");
            (lex.bigrams.get(&key).unwrap_or(0), lex.words.get(&key))
        };
        // Every counted pair and every word of up to four characters, and
        // each with its last character changed (mostly not a word).
        let mut keys = Vec::new();
        for table in [&lex.bigrams, &lex.words] {
            table.for_each(|k, _| {
                let cs: Vec<char> = std::str::from_utf8(k).unwrap().chars().collect();
                if cs.len() <= 4 {
                    keys.push(cs);
                }
            });
        }
        assert!(keys.len() > 400_000, "{}", keys.len());
        // Longer words, and each with its second character changed, through
        // the lexicon (which searches only after a pair that begins one).
        let mut longer = 0;
        lex.words.for_each(|k, _| {
            let word = std::str::from_utf8(k).unwrap();
            let cs: Vec<char> = word.chars().collect();
            if cs.len() > 4 {
                longer += 1;
                assert_eq!(short::may_begin_longer(cs[0], cs[1]), Some(true), "{word}");
                assert_eq!(lex.word_freq(word), lex.words.get(word), "{word}");
                let other: String = cs.iter().enumerate().map(|(k, &c)| if k == 1 { char::from_u32(c as u32 + 1).unwrap_or('a') } else { c }).collect();
                assert_eq!(lex.word_freq(&other), lex.words.get(&other), "{other}");
            }
        });
        assert!(longer > 5_000, "{longer}");
        assert_eq!(short::SENTENCE_STARTS, lex.bounds.with_prefix("。").iter().map(|(_, n)| n).sum::<u64>());
        // Character counts, as the TSV files have them.
        let counts = |tsv: &'static str| -> Vec<(char, u64)> {
            let table = SortedTable::new(tsv);
            table
                .entries()
                .iter()
                .filter_map(|e| {
                    let mut cs = table.key(e).chars();
                    let c = cs.next()?;
                    cs.next().is_none().then_some((c, e.count))
                })
                .collect()
        };
        for (table, get) in [(CHAR_UNIGRAMS, short::unigram as fn(char) -> Option<u64>), (PARA_INITIAL, short::initial)] {
            let counts = counts(table);
            assert!(counts.len() > 1000);
            for &(c, n) in &counts {
                assert_eq!(get(c), Some(n), "{c}");
            }
            assert_eq!(short::unigram_chars().iter().filter(|&&c| get(c).is_some()).count(), counts.len());
        }
        assert_eq!(short::CHAR_TOTALS, [counts(CHAR_UNIGRAMS).iter().map(|e| e.1).sum::<u64>(), counts(PARA_INITIAL).iter().map(|e| e.1).sum::<u64>()]);
        for cs in &keys {
            let word: String = cs.iter().collect();
            assert_eq!(short::word(cs), Some(lex.words.get(&word)), "{word}");
            if let [a, b] = cs[..] {
                assert_eq!(short::pair(a, b), Some(from_fst(a, b)), "{word}");
            }
            let mut other = cs.clone();
            *other.last_mut().unwrap() = char::from_u32(*cs.last().unwrap() as u32 + 1).unwrap_or('a');
            let other_word: String = other.iter().collect();
            assert_eq!(short::word(&other), Some(lex.words.get(&other_word)), "{other_word}");
            // Each prefix of both, asked at once, answers as asked alone.
            for cs in [cs, &other] {
                let prefixes = lex.prefix_word_freqs(cs);
                for (k, answer) in prefixes.iter().enumerate() {
                    let alone = (k < cs.len()).then(|| lex.words.get(&cs[..=k].iter().collect::<String>())).flatten();
                    assert_eq!(*answer, alone, "{}", cs.iter().collect::<String>());
                }
            }
        }
        // Pairs the tables do not have, of news characters and of others
        // (Latin, rare, beyond the BMP), through the lexicon's own calls.
        let chars: Vec<char> = short::unigram_chars().into_iter().chain(['a', '丂', '\u{20000}', '㐀', '，']).collect();
        let mut next = crate::testing::numbers(0x2545_f491_4f6c_dd1d);
        for _ in 0..200_000 {
            let (a, b) = (chars[next(chars.len())], chars[next(chars.len())]);
            if let Some(answer) = short::pair(a, b) {
                assert_eq!(answer, from_fst(a, b), "{a}{b}");
            } else {
                assert!((a as u32) > 0xFFFF || (b as u32) > 0xFFFF);
            }
            assert_eq!(lex.word_freq(&format!("{a}{b}")), from_fst(a, b).1, "{a}{b}");
            assert_eq!(lex.bigram_counts(&[a, b]), vec![from_fst(a, b).0], "{a}{b}");
            assert_eq!(lex.pair_facts_once(a, b), lex.pair_facts(a, b), "{a}{b}");
            // Stretches of up to four such characters, prefix by prefix.
            let stretch: Vec<char> = [a, b, chars[next(chars.len())], chars[next(chars.len())]][..1 + next(4)].to_vec();
            let prefixes = lex.prefix_word_freqs(&stretch);
            for k in 0..4 {
                let alone = (k < stretch.len()).then(|| lex.word_freq_of(&stretch[..=k])).flatten();
                assert_eq!(prefixes[k], alone, "{}", stretch.iter().collect::<String>());
            }
        }
    }

    #[test]
    fn candidates_come_from_every_table() {
        let lex = Lexicon::embedded();
        let of = |c: char| lex.confusion_candidates(c).iter().map(|k| k.y).collect::<Vec<_>>();
        // A look-alike in print, a confusion tesseract makes, one PaddleOCR
        // makes, and a character sharing a distinctive component.
        assert!(lex.confusion_candidates('肇').iter().any(|k| k.y == '擘' && k.look_alike));
        assert!(lex.ocr_misreads('间').iter().any(|&(y, _)| y == '问'));
        assert!(!lex.paddle_misreads('且').is_empty() || !lex.paddle_misreads('世').is_empty());
        assert!(lex.sharing_components('痰').contains(&'谈'));
        assert!(of('痰').contains(&'谈'));
        // A component half the dictionary shares (`扌`) offers nothing by itself.
        assert!(!lex.sharing_components('控').contains(&'打'));
    }

    #[test]
    fn identity_says_what_the_lexicon_knows() {
        let a = Lexicon::embedded();
        assert_eq!(a.identity(), Lexicon::embedded().identity());
        assert_ne!(a.identity(), Lexicon::empty().identity());
        let mut b = Lexicon::embedded();
        b.add_user_words_from(Path::new("mine.tsv"), "蔡默思\n").unwrap();
        assert_ne!(a.identity(), b.identity());
        assert_eq!(a.identity().len(), 16);
    }

    #[test]
    fn user_words_layer_on_top_and_bad_lines_name_file_and_line() {
        let mut lex = Lexicon::embedded();
        lex.add_user_words_from(Path::new("mine.tsv"), "# names\n蔡默思\n彭清林\t50\n").unwrap();
        assert_eq!(lex.word_freq("彭清林"), Some(50));
        // A user's two-character word is a word pair, asked once or cached.
        lex.add_user_words_from(Path::new("mine.tsv"), "鍏鍐\n").unwrap();
        assert_eq!(lex.pair_facts_once('鍏', '鍐'), (0, true));
        assert_eq!(lex.pair_facts('鍏', '鍐'), (0, true));
        let err = lex.add_user_words_from(Path::new("mine.tsv"), "好词\n坏 词\n").unwrap_err();
        assert_eq!(err.to_string().split(": ").next(), Some("mine.tsv:2"));
        let err = lex.add_user_words_from(Path::new("mine.tsv"), "词\tmany\n").unwrap_err();
        assert!(err.to_string().starts_with("mine.tsv:1: "));
    }

    #[test]
    fn sorted_table_lookup() {
        let t = SortedTable::new("a\t1\nab\t2\nb\t3\n");
        assert_eq!(t.get("ab"), Some(2));
        assert_eq!(t.get("c"), None);
        assert!(SortedTable::new("b\t1\na\t2\n").verify(Path::new("x.tsv")).is_err());
    }
}
