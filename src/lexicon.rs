//! The tool's knowledge: words with frequencies and character statistics,
//! embedded in the binary and looked up in place, with the user's own lists
//! layered on top.
//!
//! The embedded files are sorted TSV (see `lexicon/README.md`). They are not
//! parsed at start-up: a table indexes its line starts once and answers
//! lookups by binary search over the embedded text, so loading costs a scan
//! for newlines rather than building hash maps.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

const WORDS: &str = include_str!("../lexicon/words.tsv");
const CHAR_BIGRAMS: &str = include_str!("../lexicon/char_bigrams.tsv");
const CHAR_UNIGRAMS: &str = include_str!("../lexicon/char_unigrams.tsv");
const PARA_INITIAL: &str = include_str!("../lexicon/para_initial.tsv");
const GLYPH_SIMILAR: &str = include_str!("../lexicon/glyph_similar.tsv");
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

/// A sorted `key<TAB>count[<TAB>…]` table searched in place.
#[derive(Debug)]
pub struct SortedTable {
    text: Cow<'static, str>,
    /// Byte offset of each line, indexed on first lookup so that tables a
    /// run never consults cost nothing at start-up.
    index: std::sync::OnceLock<Vec<u32>>,
}

impl SortedTable {
    pub fn new(text: impl Into<Cow<'static, str>>) -> Self {
        SortedTable { text: text.into(), index: std::sync::OnceLock::new() }
    }

    fn starts(&self) -> &[u32] {
        self.index.get_or_init(|| {
            let mut starts = Vec::with_capacity(self.text.len() / 12);
            let mut pos = 0usize;
            for line in self.text.split_inclusive('\n') {
                if !line.trim().is_empty() {
                    starts.push(pos as u32);
                }
                pos += line.len();
            }
            starts
        })
    }

    fn line(&self, i: usize) -> &str {
        let start = self.starts()[i] as usize;
        let rest = &self.text[start..];
        rest.split('\n').next().unwrap_or("")
    }

    fn key_of(line: &str) -> &str {
        line.split('\t').next().unwrap_or(line)
    }

    /// The count column of `key`.
    pub fn get(&self, key: &str) -> Option<u64> {
        self.field(key, 1)?.parse().ok()
    }

    /// Column `n` of the line whose key is `key`.
    fn field(&self, key: &str, n: usize) -> Option<&str> {
        let i = self.starts().binary_search_by(|&s| self.key_at(s as usize).cmp(key)).ok()?;
        self.line(i).split('\t').nth(n).map(str::trim)
    }

    fn key_at(&self, start: usize) -> &str {
        let line = &self.text[start..];
        let end = line.find(['\t', '\n']).unwrap_or(line.len());
        &line[..end]
    }

    /// The third column of `key` (a part-of-speech tag in `words.tsv`).
    pub fn tag(&self, key: &str) -> Option<&str> {
        self.field(key, 2)
    }

    /// Whether any key starts with `prefix`.
    pub fn has_prefix(&self, prefix: &str) -> bool {
        let starts = self.starts();
        let i = starts.partition_point(|&s| self.key_at(s as usize) < prefix);
        i < starts.len() && Self::key_of(self.line(i)).starts_with(prefix)
    }

    /// Every `(key, count)` whose key starts with `prefix`, in key order.
    pub fn with_prefix<'t>(&'t self, prefix: &'t str) -> impl Iterator<Item = (&'t str, u64)> + 't {
        let starts = self.starts();
        let i = starts.partition_point(|&s| self.key_at(s as usize) < prefix);
        (i..starts.len()).map(|k| self.line(k)).take_while(move |l| Self::key_of(l).starts_with(prefix)).filter_map(|l| {
            let mut f = l.split('\t');
            let key = f.next()?;
            Some((key, f.next()?.trim().parse().ok()?))
        })
    }

    pub fn len(&self) -> usize {
        self.starts().len()
    }

    pub fn is_empty(&self) -> bool {
        self.starts().is_empty()
    }

    /// Sum of the count column.
    pub fn total(&self) -> u64 {
        (0..self.len()).filter_map(|i| self.line(i).split('\t').nth(1)?.trim().parse::<u64>().ok()).sum()
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

/// The topical terms of a text (see [`Lexicon::terms`]), sorted.
#[derive(Debug, Clone, Default)]
pub struct Terms {
    items: Vec<((char, char), f64)>,
}

impl Terms {
    /// Both texts' terms together.
    pub fn union(&self, other: &Terms) -> Terms {
        let mut items: Vec<((char, char), f64)> = self.items.iter().chain(&other.items).copied().collect();
        items.sort_by_key(|item| item.0);
        items.dedup_by(|a, b| a.0 == b.0);
        Terms { items }
    }

    /// The rarity of the rarest term both share (0 if none).
    pub fn rarest_shared(&self, other: &Terms) -> f64 {
        self.items
            .iter()
            .filter(|(k, _)| other.items.binary_search_by(|(o, _)| o.cmp(k)).is_ok())
            .map(|&(_, r)| r)
            .fold(0.0, f64::max)
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
        let score = shared.iter().map(|(r, _)| r - 7.0).sum::<f64>();
        shared.sort_by(|p, q| q.0.total_cmp(&p.0).then(p.1.cmp(&q.1)));
        (score, shared.into_iter().take(3).map(|(_, (x, y))| format!("{x}{y}")).collect())
    }
}

/// Words and character statistics.
#[derive(Debug)]
pub struct Lexicon {
    words: SortedTable,
    bigrams: SortedTable,
    glyphs: SortedTable,
    /// `b → [(a, count(ab))]`, built on first use (only pages with a
    /// suspicious character need it).
    bigrams_into: std::sync::OnceLock<HashMap<char, Vec<(char, u64)>>>,
    unigrams: HashMap<char, u64>,
    initial: HashMap<char, u64>,
    user_words: HashMap<String, u64>,
    unigram_total: u64,
    initial_total: u64,
}

fn char_counts(text: &str) -> HashMap<char, u64> {
    text.lines()
        .filter_map(|line| {
            let (key, count) = line.split_once('\t')?;
            let mut chars = key.chars();
            let c = chars.next()?;
            chars.next().is_none().then_some(())?;
            Some((c, count.split('\t').next()?.parse().ok()?))
        })
        .collect()
}

impl Lexicon {
    /// The lexicon that ships in the binary.
    pub fn embedded() -> Lexicon {
        let unigrams = char_counts(CHAR_UNIGRAMS);
        let initial = char_counts(PARA_INITIAL);
        Lexicon {
            words: SortedTable::new(WORDS),
            bigrams: SortedTable::new(CHAR_BIGRAMS),
            glyphs: SortedTable::new(GLYPH_SIMILAR),
            bigrams_into: std::sync::OnceLock::new(),
            unigram_total: unigrams.values().sum(),
            initial_total: initial.values().sum(),
            unigrams,
            initial,
            user_words: HashMap::new(),
        }
    }

    /// A lexicon with no knowledge: every lookup misses. For tests and for
    /// measuring what the lexicon costs.
    pub fn empty() -> Lexicon {
        Lexicon {
            words: SortedTable::new(""),
            bigrams: SortedTable::new(""),
            glyphs: SortedTable::new(""),
            bigrams_into: std::sync::OnceLock::new(),
            unigrams: HashMap::new(),
            initial: HashMap::new(),
            user_words: HashMap::new(),
            unigram_total: 0,
            initial_total: 0,
        }
    }

    /// Layer a user word list on top: one word per line, optionally followed
    /// by a tab and a frequency. `#` starts a comment line.
    pub fn add_user_words(&mut self, path: &Path) -> Result<(), LexiconError> {
        let text = std::fs::read_to_string(path).map_err(|source| LexiconError::Io { path: path.to_path_buf(), source })?;
        self.add_user_words_from(path, &text)
    }

    pub fn add_user_words_from(&mut self, path: &Path, text: &str) -> Result<(), LexiconError> {
        for (n, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let bad = |message: String| LexiconError::Malformed { path: path.to_path_buf(), line: n + 1, message };
            let mut fields = line.split('\t');
            let word = fields.next().unwrap_or("").trim();
            if word.is_empty() || word.contains(char::is_whitespace) {
                return Err(bad(format!("expected `word` or `word<TAB>frequency`, got {line:?}")));
            }
            let freq = match fields.next() {
                None => 1000,
                Some(f) => f.trim().parse().map_err(|_| bad(format!("frequency {f:?} is not a whole number")))?,
            };
            self.user_words.insert(word.to_string(), freq);
        }
        Ok(())
    }

    /// Frequency of a word, if it is one.
    pub fn word_freq(&self, word: &str) -> Option<u64> {
        self.user_words.get(word).copied().or_else(|| self.words.get(word))
    }

    /// log P(text) under a unigram word model: the best segmentation of
    /// `text` into lexicon words (up to four characters), an unknown
    /// character costing as much as the rarest word. Used to compare a
    /// stretch of text with a corrected version of it.
    pub fn segmentation_score(&self, text: &[char]) -> f64 {
        let total = WORDS_TOTAL as f64;
        let unknown = (0.5 / total).ln();
        let n = text.len();
        let mut best = vec![f64::NEG_INFINITY; n + 1];
        best[0] = 0.0;
        let mut word = String::new();
        for start in 0..n {
            if best[start] == f64::NEG_INFINITY {
                continue;
            }
            best[start + 1] = best[start + 1].max(best[start] + self.word_freq(&text[start].to_string()).map_or(unknown, |f| (f as f64 / total).ln()));
            word.clear();
            word.push(text[start]);
            for end in start + 2..=n.min(start + 4) {
                word.push(text[end - 1]);
                if let Some(f) = self.word_freq(&word) {
                    best[end] = best[end].max(best[start] + (f as f64 / total).ln());
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

    /// Whether some word starts with `prefix`.
    pub fn is_word_prefix(&self, prefix: &str) -> bool {
        self.words.has_prefix(prefix) || self.user_words.keys().any(|w| w.starts_with(prefix))
    }

    /// How often `a` is directly followed by `b` in running news text.
    pub fn bigram(&self, a: char, b: char) -> u64 {
        let mut buf = [0u8; 8];
        let la = a.encode_utf8(&mut buf).len();
        b.encode_utf8(&mut buf[la..]);
        let len = la + b.len_utf8();
        std::str::from_utf8(&buf[..len]).ok().and_then(|k| self.bigrams.get(k)).unwrap_or(0)
    }

    /// Characters seen right after `a`, with counts.
    pub fn bigrams_from(&self, a: char) -> impl Iterator<Item = (char, u64)> + '_ {
        let mut buf = [0u8; 4];
        let prefix: String = a.encode_utf8(&mut buf).to_string();
        let owned: Vec<(char, u64)> = self.bigrams.with_prefix(&prefix).filter_map(|(k, n)| Some((k.chars().nth(1)?, n))).collect();
        owned.into_iter()
    }

    /// Characters seen right before `b`, with counts.
    pub fn bigrams_into(&self, b: char) -> &[(char, u64)] {
        let index = self.bigrams_into.get_or_init(|| {
            let mut m: HashMap<char, Vec<(char, u64)>> = HashMap::new();
            for (k, n) in self.bigrams.with_prefix("") {
                let mut cs = k.chars();
                if let (Some(a), Some(b)) = (cs.next(), cs.next()) {
                    m.entry(b).or_default().push((a, n));
                }
            }
            m
        });
        index.get(&b).map_or(&[], Vec::as_slice)
    }

    /// Characters that look like `c` in print, with similarity (0–1), most similar first.
    pub fn look_alikes(&self, c: char) -> Vec<(char, f64)> {
        let mut buf = [0u8; 4];
        let prefix: &str = c.encode_utf8(&mut buf);
        let mut out: Vec<(char, f64)> =
            self.glyphs.with_prefix(prefix).filter_map(|(k, n)| Some((k.chars().nth(1)?, n as f64 / 1000.0))).collect();
        out.sort_by(|a, b| b.1.total_cmp(&a.1));
        out
    }

    /// How alike two characters look (0 when not listed).
    pub fn glyph_similarity(&self, a: char, b: char) -> f64 {
        let key: String = [a, b].iter().collect();
        self.glyphs.get(&key).map_or(0.0, |n| n as f64 / 1000.0)
    }

    pub fn unigram(&self, c: char) -> u64 {
        self.unigrams.get(&c).copied().unwrap_or(0)
    }

    /// log P(b | a) / P(b): how much more likely `b` is right after `a` than
    /// anywhere. Add-one smoothed; 0 when nothing is known.
    pub fn seam_pmi(&self, a: char, b: char) -> f64 {
        if self.unigram_total == 0 {
            return 0.0;
        }
        let n = self.unigram_total as f64;
        let ab = self.bigram(a, b) as f64 + 0.5;
        let ca = self.unigram(a) as f64 + 1.0;
        let cb = self.unigram(b) as f64 + 1.0;
        (ab * n / (ca * cb)).ln()
    }

    /// log P(paragraph starts with c) / P(c): positive for characters that
    /// often open a paragraph (`本`, `据`, `新`), very negative for those that
    /// never do (`的`, `务`, `，`).
    pub fn start_pmi(&self, c: char) -> f64 {
        if self.unigram_total == 0 || self.initial_total == 0 {
            return 0.0;
        }
        let p_start = (self.initial.get(&c).copied().unwrap_or(0) as f64 + 0.1) / self.initial_total as f64;
        let p = (self.unigram(c) as f64 + 1.0) / self.unigram_total as f64;
        (p_start / p).ln()
    }

    /// The topical terms of a text: its Han-character bigrams that news
    /// text has, but rarely (`寿光`, `防震`), each with its rarity (−log
    /// frequency). Common bigrams (`我们`, `的一`) and ones news text never
    /// has (chance collisions across word boundaries, `了木`) are left out.
    pub fn terms(&self, text: &str) -> Terms {
        let chars: Vec<char> = text.chars().filter(|&c| crate::text::is_han(c)).collect();
        let mut pairs: Vec<(char, char)> = chars.windows(2).map(|w| (w[0], w[1])).collect();
        pairs.sort_unstable();
        let n = self.unigram_total.max(1) as f64;
        let mut items = Vec::new();
        let mut buf = String::new();
        for run in pairs.chunk_by(|a, b| a == b) {
            let (x, y) = run[0];
            let count = self.bigram(x, y);
            let rarity = (n / (count + 1) as f64).ln();
            if rarity < 8.0 {
                continue;
            }
            buf.clear();
            buf.push(x);
            buf.push(y);
            // A word the lexicon knows, or a pair the text repeats (a name:
            // `方鸣`, `寿光`); a pair seen once and in no dictionary is most
            // likely a chance meeting of two words (`了木`).
            if self.is_word(&buf) || run.len() >= 2 {
                items.push(((x, y), rarity.min(14.0)));
            }
        }
        Terms { items }
    }

    /// How strongly two texts share a topic: the summed rarity of the terms
    /// they share, with the rarest shared terms for the reason.
    pub fn topic_overlap(&self, a: &str, b: &str) -> (f64, Vec<String>) {
        self.terms(a).overlap(&self.terms(b))
    }

    /// The embedded tables by file name, for the canonical-form test.
    pub fn embedded_files() -> [(&'static str, &'static str); 5] {
        [
            ("glyph_similar.tsv", GLYPH_SIMILAR),
            ("words.tsv", WORDS),
            ("char_bigrams.tsv", CHAR_BIGRAMS),
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
        assert_eq!(SortedTable::new(WORDS).total(), WORDS_TOTAL);
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
        assert!(lex.is_word_prefix("数字"));
    }

    #[test]
    fn seam_statistics_prefer_real_words() {
        let lex = Lexicon::embedded();
        assert!(lex.seam_pmi('服', '务') > lex.seam_pmi('服', '行'));
        assert!(lex.start_pmi('的') < 0.0);
        assert!(lex.start_pmi('本') > lex.start_pmi('务'));
    }

    #[test]
    fn user_words_layer_on_top_and_bad_lines_name_file_and_line() {
        let mut lex = Lexicon::embedded();
        lex.add_user_words_from(Path::new("mine.tsv"), "# names\n蔡默思\n彭清林\t50\n").unwrap();
        assert_eq!(lex.word_freq("彭清林"), Some(50));
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
        assert!(t.has_prefix("a"));
        assert!(!t.has_prefix("c"));
        assert!(SortedTable::new("b\t1\na\t2\n").verify(Path::new("x.tsv")).is_err());
    }
}
