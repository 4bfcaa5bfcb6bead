//! Generates the script table (`src/script.rs`): which CJK characters only
//! simplified text uses and which only traditional text uses, from the two
//! national character sets that define them. A character in GB2312 that
//! Big5 cannot write is simplified-only; one in Big5 that GB2312 lacks is
//! traditional-only; one in both is shared. Nothing is downloaded.

use std::io::Write;

const FIRST: u32 = 0x3400;
const LAST: u32 = 0x9FFF;

fn encodes(codec: &'static encoding_rs::Encoding, c: char) -> Option<Vec<u8>> {
    let mut buf = [0u8; 4];
    let (bytes, _, unmappable) = codec.encode(c.encode_utf8(&mut buf));
    (!unmappable).then(|| bytes.into_owned())
}

fn in_gb2312(c: char) -> bool {
    // GB2312's hanzi are the two-byte GBK codes of rows 16 to 87.
    encodes(encoding_rs::GBK, c).is_some_and(|b| b.len() == 2 && (0xB0..=0xF7).contains(&b[0]) && (0xA1..=0xFE).contains(&b[1]))
}

fn in_big5(c: char) -> bool {
    encodes(encoding_rs::BIG5, c).is_some_and(|b| b.len() == 2)
}

/// The lexicon tables embedded in the binary, hashed once here rather than
/// on every run: `Lexicon::identity` starts from this digest.
fn lexicon_digest() {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for file in ["compiled/words.fst", "compiled/char_bigrams.fst", "compiled/glyph_similar.fst", "compiled/sentence_bounds.fst", "compiled/ocr_confusions.fst", "compiled/char_lm.fst", "compiled/paddle_confusions.fst", "components.tsv", "char_unigrams.tsv", "para_initial.tsv"] {
        let path = format!("lexicon/{file}");
        println!("cargo:rerun-if-changed={path}");
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(&bytes);
    }
    let hex: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
    println!("cargo:rustc-env=JIAODUI_LEXICON_DIGEST={hex}");
}

/// A component this many news characters share (`扌`, `口`, `氵`) says
/// nothing about two of them looking alike.
const COMPONENT_MAX_CHARS: usize = 60;
/// A character news text has fewer times than this is never offered for a
/// shared component.
const COMPONENT_MIN_UNIGRAM: u64 = 5;

/// Characters by shared component, from `lexicon/components.tsv` and the
/// news counts of `lexicon/char_unigrams.tsv`, indexed here so that a run
/// looks a character's components up in place instead of building the index
/// on first use (it cost a fifth of checking a 5 KB page). Writes
/// `components.rs`: `CHAR_COMPONENTS` (per character, in code point order,
/// the range of its component ids in `COMPONENT_IDS`) and, per component,
/// the range of its news characters in `COMPONENT_CHARS`. A component more
/// than `COMPONENT_MAX_CHARS` news characters share gets an empty range.
fn components_index() {
    let read = |path: &str| {
        println!("cargo:rerun-if-changed={path}");
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"))
    };
    let unigrams: std::collections::HashMap<char, u64> = read("lexicon/char_unigrams.tsv")
        .lines()
        .filter_map(|line| {
            let (key, count) = line.split_once('\t')?;
            let mut chars = key.chars();
            let c = chars.next()?;
            chars.next().is_none().then_some(())?;
            Some((c, count.split('\t').next()?.parse().ok()?))
        })
        .collect();
    let mut ids: std::collections::HashMap<String, u32> = Default::default();
    let mut by_component: Vec<Vec<char>> = Vec::new();
    let mut of: std::collections::BTreeMap<char, Vec<u32>> = Default::default();
    for line in read("lexicon/components.tsv").lines() {
        let mut f = line.split('\t');
        let (Some(key), Some(_), Some(parts)) = (f.next(), f.next(), f.next()) else { continue };
        let Some(ch) = key.chars().next() else { continue };
        let mut mine = Vec::new();
        for part in parts.split(' ') {
            let next = ids.len() as u32;
            let id = *ids.entry(part.to_string()).or_insert(next);
            if id as usize == by_component.len() {
                by_component.push(Vec::new());
            }
            if unigrams.get(&ch).copied().unwrap_or(0) >= COMPONENT_MIN_UNIGRAM {
                by_component[id as usize].push(ch);
            }
            mine.push(id);
        }
        of.insert(ch, mine);
    }
    let out = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("components.rs");
    let mut f = std::io::BufWriter::new(std::fs::File::create(out).unwrap());
    let (mut entries, mut flat_ids) = (Vec::new(), Vec::new());
    for (ch, mine) in &of {
        entries.push(format!("({ch:?}, {}, {})", flat_ids.len(), flat_ids.len() + mine.len()));
        flat_ids.extend(mine.iter().copied());
    }
    let (mut starts, mut chars) = (vec![0u32], Vec::new());
    for group in &by_component {
        if group.len() <= COMPONENT_MAX_CHARS {
            chars.extend(group.iter().copied());
        }
        starts.push(chars.len() as u32);
    }
    writeln!(f, "static CHAR_COMPONENTS: [(char, u32, u32); {}] = [{}];", entries.len(), entries.join(", ")).unwrap();
    writeln!(f, "static COMPONENT_IDS: [u32; {}] = {:?};", flat_ids.len(), flat_ids).unwrap();
    writeln!(f, "static COMPONENT_STARTS: [u32; {}] = {:?};", starts.len(), starts).unwrap();
    writeln!(f, "static COMPONENT_CHARS: [char; {}] = {:?};", chars.len(), chars).unwrap();
}

/// Bits of a `words.fst` value below the count (the part-of-speech tag);
/// `lexicon::tests::the_short_word_tables_answer_as_the_compiled_tables_do`
/// fails if this differs from the lexicon's.
const TAG_BITS: u32 = 6;
/// Slots of the pair and word tables (powers of two): 206k pairs and 216k
/// words fill them to about 0.4, so that a key not in them is told after
/// one or two probes.
const PAIR_SLOTS_LOG2: u32 = 19;
const WORD_SLOTS_LOG2: u32 = 19;
/// Bits of a character's index in a key.
const INDEX_BITS: u32 = 14;

/// Where a key's search starts in a table of `2^log2` slots
/// (`lexicon::short` hashes the same way).
fn slot(key: u64, log2: u32) -> usize {
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - log2)) as usize
}

/// An open-addressing table (linear probing) of `2^log2` slots, each the
/// key's `key_words` little-endian `u32` (0: empty) and then its values.
fn hash_table(entries: &std::collections::BTreeMap<u64, Vec<u32>>, log2: u32, key_words: usize, values: usize) -> Vec<u8> {
    let slots = 1usize << log2;
    assert!(entries.len() * 2 < slots, "the table is too full: {} keys in {slots} slots", entries.len());
    let stride = key_words + values;
    let mut table = vec![0u32; slots * stride];
    for (&key, vals) in entries {
        let mut at = slot(key, log2);
        while table[at * stride..at * stride + key_words].iter().any(|&w| w != 0) {
            at = (at + 1) & (slots - 1);
        }
        table[at * stride] = key as u32;
        if key_words == 2 {
            table[at * stride + 1] = (key >> 32) as u32;
        }
        table[at * stride + key_words..(at + 1) * stride].copy_from_slice(vals);
    }
    table.iter().flat_map(|v| v.to_le_bytes()).collect()
}

/// What the typo check and the seams ask most about short strings (a
/// pair's count in news text, whether a string of up to four characters is
/// a word and how often), taken out of the compiled tables into tables that
/// a run reads in place: walking the transducers cost a third of checking a
/// page. Writes
///
/// - `char_index.bin`: per BMP code point, its index (in code point order)
///   among the characters of `char_unigrams.tsv` and of every key of up to
///   four characters of both tables, as little-endian `u16`; `u16::MAX` for
///   a character no such key has (so no such string with it is counted or a
///   word);
/// - `pairs.bin`: `2^PAIR_SLOTS_LOG2` slots of three little-endian `u32`:
///   the pair's key (`index_a << 14 | index_b`, plus one), its count in
///   `char_bigrams.fst`, and its frequency in `words.fst` plus one (0: not
///   a word);
/// - `words.bin`: `2^WORD_SLOTS_LOG2` slots of three `u32`: a word of three
///   or four characters as a 64-bit key (the length above bit 56, the
///   indices below, 14 bits each) and its frequency plus one;
/// - `singles.bin`: per character index, its frequency as a one-character
///   word plus one.
fn short_word_tables() {
    use fst::{IntoStreamer, Streamer};
    let read = |path: &str| {
        println!("cargo:rerun-if-changed={path}");
        std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"))
    };
    let unigrams = String::from_utf8(read("lexicon/char_unigrams.tsv")).unwrap();
    let bigrams = fst::Map::new(read("lexicon/compiled/char_bigrams.fst")).unwrap();
    let words = fst::Map::new(read("lexicon/compiled/words.fst")).unwrap();
    let short = |key: &[u8]| -> Option<Vec<char>> {
        let cs: Vec<char> = std::str::from_utf8(key).ok()?.chars().collect();
        (cs.len() <= 4).then_some(cs)
    };
    let mut chars: Vec<char> = unigrams.lines().filter_map(|l| l.split('\t').next()).flat_map(str::chars).collect();
    for map in [&bigrams, &words] {
        let mut stream = map.stream();
        while let Some((key, _)) = stream.next() {
            chars.extend(short(key).unwrap_or_default());
        }
    }
    assert!(chars.iter().all(|&c| (c as u32) < 0x10000), "the index covers the BMP: a table has a character beyond it");
    chars.sort_unstable();
    chars.dedup();
    assert!(chars.len() < 1 << INDEX_BITS, "a key holds {INDEX_BITS} bits per character");
    let mut index = vec![u16::MAX; 0x10000];
    for (i, &c) in chars.iter().enumerate() {
        index[c as usize] = i as u16;
    }
    let indices = |key: &[u8]| -> Option<Vec<u64>> { short(key)?.iter().map(|&c| index.get(c as usize).filter(|&&i| i != u16::MAX).map(|&i| u64::from(i))).collect() };
    let mut pairs: std::collections::BTreeMap<u64, Vec<u32>> = Default::default();
    let mut long: std::collections::BTreeMap<u64, Vec<u32>> = Default::default();
    let mut singles = vec![0u32; chars.len()];
    let mut stream = bigrams.stream();
    while let Some((key, count)) = stream.next() {
        if let Some([a, b]) = indices(key).as_deref() {
            pairs.entry(((a << INDEX_BITS) | b) + 1).or_insert_with(|| vec![0, 0])[0] = u32::try_from(count).expect("a pair count fits 32 bits");
        }
    }
    let mut stream = words.into_stream();
    while let Some((key, value)) = stream.next() {
        let freq = u32::try_from((value >> TAG_BITS) + 1).expect("a word frequency fits 32 bits");
        match indices(key).as_deref() {
            Some(&[a]) => singles[a as usize] = freq,
            Some(&[a, b]) => pairs.entry(((a << INDEX_BITS) | b) + 1).or_insert_with(|| vec![0, 0])[1] = freq,
            Some(cs @ (&[_, _, _] | &[_, _, _, _])) => {
                let key = cs.iter().fold(cs.len() as u64, |k, &i| (k << INDEX_BITS) | i);
                long.insert(key, vec![freq]);
            }
            _ => {}
        }
    }
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").unwrap());
    std::fs::write(out.join("char_index.bin"), index.iter().flat_map(|i| i.to_le_bytes()).collect::<Vec<u8>>()).unwrap();
    std::fs::write(out.join("singles.bin"), singles.iter().flat_map(|v| v.to_le_bytes()).collect::<Vec<u8>>()).unwrap();
    std::fs::write(out.join("pairs.bin"), hash_table(&pairs, PAIR_SLOTS_LOG2, 1, 2)).unwrap();
    std::fs::write(out.join("words.bin"), hash_table(&long, WORD_SLOTS_LOG2, 2, 1)).unwrap();
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    lexicon_digest();
    components_index();
    short_word_tables();
    let n = (LAST - FIRST + 1) as usize;
    let mut simplified = vec![0u64; n.div_ceil(64)];
    let mut traditional = vec![0u64; n.div_ceil(64)];
    for cp in FIRST..=LAST {
        let Some(c) = char::from_u32(cp) else { continue };
        let (gb, big5) = (in_gb2312(c), in_big5(c));
        let i = (cp - FIRST) as usize;
        if gb && !big5 {
            simplified[i / 64] |= 1 << (i % 64);
        }
        if big5 && !gb {
            traditional[i / 64] |= 1 << (i % 64);
        }
    }
    let out = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("script_table.rs");
    let mut f = std::io::BufWriter::new(std::fs::File::create(out).unwrap());
    writeln!(f, "const FIRST: u32 = {FIRST:#X};\nconst LAST: u32 = {LAST:#X};").unwrap();
    for (name, bits) in [("SIMPLIFIED_ONLY", &simplified), ("TRADITIONAL_ONLY", &traditional)] {
        writeln!(f, "static {name}: [u64; {}] = {:?};", bits.len(), bits).unwrap();
    }
}
