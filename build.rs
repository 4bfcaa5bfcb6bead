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

/// A lexicon file, which the build reruns for when it changes.
fn read(path: &str) -> Vec<u8> {
    println!("cargo:rerun-if-changed={path}");
    std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn read_text(path: &str) -> String {
    String::from_utf8(read(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The `char<TAB>count` lines of a character table.
fn char_counts(text: &str) -> Vec<(char, u64)> {
    text.lines()
        .filter_map(|line| {
            let (key, count) = line.split_once('\t')?;
            let mut cs = key.chars();
            let c = cs.next()?;
            cs.next().is_none().then_some(())?;
            Some((c, count.split('\t').next()?.parse().ok()?))
        })
        .collect()
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
    let unigrams: std::collections::HashMap<char, u64> = char_counts(&read_text("lexicon/char_unigrams.tsv")).into_iter().collect();
    let mut ids: std::collections::HashMap<String, u32> = Default::default();
    let mut by_component: Vec<Vec<char>> = Vec::new();
    let mut of: std::collections::BTreeMap<char, Vec<u32>> = Default::default();
    for line in read_text("lexicon/components.tsv").lines() {
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
/// Bits of a character's index.
const INDEX_BITS: u32 = 14;
/// The bit of a pair's count that says a word of five or more characters
/// begins with the pair.
const LONGER: u32 = 1 << 31;

/// What the typo check and the seams ask most about short strings (a
/// pair's count in news text, whether a string of up to four characters is
/// a word and how often), taken out of the compiled tables into a two-level
/// trie that a run reads in place: walking the transducers cost a third of
/// checking a page. A string's characters are indices into the characters
/// of every key of up to four characters of both tables, the first two of
/// every longer word, and those of `char_unigrams.tsv`, in code point
/// order; a string with another character there is in neither table. Rows are sorted, searched by bisection.
/// All numbers little-endian. Writes
///
/// - `char_index.bin`: per BMP code point, its index as `u16` (`u16::MAX`:
///   none);
/// - `singles.bin`: per index, its frequency as a one-character word plus
///   one (0: not a word), `u32`;
/// - `pair_rows.bin`, `pair_cols.bin`: per first character, the range
///   (`u32` offsets) of its pairs' second characters (`u16`); the pairs are
///   those `char_bigrams.fst` counts, the two-character words, and the
///   first two characters of every longer word;
/// - `pair_vals.bin`: per pair, its count in `char_bigrams.fst` (bit 31:
///   a word of five or more characters begins with the pair) and its
///   frequency as a word plus one, `u32` each;
/// - `unigrams.bin`, `initial.bin`: per index, its count in
///   `char_unigrams.tsv` and `para_initial.tsv` plus one (0: absent), `u32`,
///   and `char_totals.rs` the two tables' totals;
/// - `tail_rows.bin`, `tails.bin`, `tail_vals.bin`: per pair, the range of
///   the words of three or four characters it begins, each as its third
///   character's index shifted left 15 bits, with bit 14 set and the fourth
///   character's index below for a four-character word (`u32`), and the
///   word's frequency plus one (`u32`).
fn short_word_tables() {
    use fst::{IntoStreamer, Streamer};
    use std::collections::BTreeMap;
    let unigrams = read_text("lexicon/char_unigrams.tsv");
    let unigram_counts = char_counts(&unigrams);
    let initial_counts = char_counts(&read_text("lexicon/para_initial.tsv"));
    let bigrams = fst::Map::new(read("lexicon/compiled/char_bigrams.fst")).unwrap();
    let words = fst::Map::new(read("lexicon/compiled/words.fst")).unwrap();
    let short = |key: &[u8]| -> Option<Vec<char>> {
        let cs: Vec<char> = std::str::from_utf8(key).ok()?.chars().collect();
        (cs.len() <= 4).then_some(cs)
    };
    let mut chars: Vec<char> = unigrams.lines().filter_map(|l| l.split('\t').next()).flat_map(str::chars).chain(initial_counts.iter().map(|e| e.0)).collect();
    for map in [&bigrams, &words] {
        let mut stream = map.stream();
        while let Some((key, _)) = stream.next() {
            // Every character of a short key, and the first two of a longer
            // word (which the table marks, see `LONGER`).
            match short(key) {
                Some(cs) => chars.extend(cs),
                None => chars.extend(std::str::from_utf8(key).map(|k| k.chars().take(2).collect::<Vec<char>>()).unwrap_or_default()),
            }
        }
    }
    assert!(chars.iter().all(|&c| (c as u32) < 0x10000), "the index covers the BMP: a table has a character beyond it");
    chars.sort_unstable();
    chars.dedup();
    assert!(chars.len() < 1 << INDEX_BITS, "an index has {INDEX_BITS} bits");
    let mut index = vec![u16::MAX; 0x10000];
    for (i, &c) in chars.iter().enumerate() {
        index[c as usize] = i as u16;
    }
    let indices = |key: &[u8]| -> Option<Vec<u32>> { short(key)?.iter().map(|&c| index.get(c as usize).filter(|&&i| i != u16::MAX).map(|&i| u32::from(i))).collect() };
    // Per pair: count, frequency plus one, and the longer words it begins
    // (tail key, frequency plus one).
    type Facts = (u32, u32, Vec<(u32, u32)>);
    let mut pairs: BTreeMap<(u32, u32), Facts> = BTreeMap::new();
    let mut singles = vec![0u32; chars.len()];
    let mut stream = bigrams.stream();
    while let Some((key, count)) = stream.next() {
        if let Some(&[a, b]) = indices(key).as_deref() {
            let count = u32::try_from(count).ok().filter(|&n| n < LONGER).expect("a pair count fits 31 bits");
            pairs.entry((a, b)).or_default().0 |= count;
        }
    }
    let mut stream = words.into_stream();
    while let Some((key, value)) = stream.next() {
        let freq = u32::try_from((value >> TAG_BITS) + 1).expect("a word frequency fits 32 bits");
        match indices(key).as_deref() {
            Some(&[a]) => singles[a as usize] = freq,
            Some(&[a, b]) => pairs.entry((a, b)).or_default().1 = freq,
            Some(&[a, b, c]) => pairs.entry((a, b)).or_default().2.push((c << 15, freq)),
            Some(&[a, b, c, d]) => pairs.entry((a, b)).or_default().2.push((c << 15 | 1 << 14 | d, freq)),
            Some(_) => {}
            None => {
                let first: Vec<u32> = std::str::from_utf8(key).unwrap().chars().take(2).map(|c| u32::from(index[c as usize])).collect();
                pairs.entry((first[0], first[1])).or_default().0 |= LONGER;
            }
        }
    }
    let (mut rows, mut cols, mut vals) = (vec![0u32; chars.len() + 1], Vec::new(), Vec::new());
    let (mut tail_rows, mut tails, mut tail_vals) = (vec![0u32], Vec::new(), Vec::new());
    for ((a, b), (count, freq, mut longer)) in pairs {
        rows[a as usize + 1] += 1;
        cols.push(b as u16);
        vals.extend([count, freq]);
        longer.sort_unstable();
        tails.extend(longer.iter().map(|t| t.0));
        tail_vals.extend(longer.iter().map(|t| t.1));
        tail_rows.push(tails.len() as u32);
    }
    for i in 0..chars.len() {
        rows[i + 1] += rows[i];
    }
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").unwrap());
    let write16 = |name: &str, v: &[u16]| std::fs::write(out.join(name), v.iter().flat_map(|x| x.to_le_bytes()).collect::<Vec<u8>>()).unwrap();
    let write32 = |name: &str, v: &[u32]| std::fs::write(out.join(name), v.iter().flat_map(|x| x.to_le_bytes()).collect::<Vec<u8>>()).unwrap();
    write16("char_index.bin", &index);
    write32("singles.bin", &singles);
    write32("pair_rows.bin", &rows);
    write16("pair_cols.bin", &cols);
    write32("pair_vals.bin", &vals);
    write32("tail_rows.bin", &tail_rows);
    write32("tails.bin", &tails);
    write32("tail_vals.bin", &tail_vals);
    // Per index, the character's count in news text and as a paragraph's
    // first character, plus one (0: not in the table), and the totals.
    for (name, counts) in [("unigrams.bin", &unigram_counts), ("initial.bin", &initial_counts)] {
        let mut per = vec![0u32; chars.len()];
        for &(c, n) in counts.iter() {
            per[index[c as usize] as usize] = u32::try_from(n + 1).expect("a character count fits 32 bits");
        }
        write32(name, &per);
    }
    let total = |counts: &[(char, u64)]| counts.iter().map(|e| e.1).sum::<u64>();
    std::fs::write(out.join("char_totals.rs"), format!("[{}, {}]", total(&unigram_counts), total(&initial_counts))).unwrap();
    // Sentence starts in the boundary statistics (`。` and the two
    // characters after it), which every paragraph-break estimate divides by.
    let bounds = fst::Map::new(read("lexicon/compiled/sentence_bounds.fst")).unwrap();
    let mut starts = 0u64;
    let mut stream = bounds.range().ge("。").into_stream();
    while let Some((key, count)) = stream.next() {
        if !key.starts_with("。".as_bytes()) {
            break;
        }
        starts += count;
    }
    std::fs::write(out.join("sentence_starts.rs"), format!("{starts}")).unwrap();
}

/// Each character's look-alikes in print, from `glyph_similar.fst`, laid
/// out so that a run reads them in place instead of walking the transducer
/// (a fifth of checking a page went there): `glyph_keys.bin` the characters
/// that have look-alikes in code point order (`u32`), `glyph_rows.bin` where
/// each one's run starts in the next two (`u32`, one more entry than keys),
/// `glyph_cols.bin` the look-alikes, most similar first and in code point
/// order among equals (`u32`), and `glyph_vals.bin` their similarity in
/// thousandths (`u16`). `lexicon::tests::the_look_alike_table_answers_as_the_transducer_does`
/// compares every character's list with the transducer's.
fn look_alike_table() {
    use fst::Streamer;
    let glyphs = fst::Map::new(read("lexicon/compiled/glyph_similar.fst")).unwrap();
    let mut by_char: std::collections::BTreeMap<char, Vec<(char, u16)>> = Default::default();
    let mut stream = glyphs.stream();
    while let Some((key, value)) = stream.next() {
        let mut cs = std::str::from_utf8(key).unwrap().chars();
        let (Some(c), Some(y)) = (cs.next(), cs.next()) else { continue };
        by_char.entry(c).or_default().push((y, u16::try_from(value).expect("a similarity fits 16 bits")));
    }
    write_lists("glyph", by_char, |v| v.to_le_bytes().to_vec());
}

/// Lists by character, laid out for a search in place: `{name}_keys.bin`
/// the characters in code point order (`u32`), `{name}_rows.bin` where each
/// one's list starts (`u32`, one more entry), `{name}_cols.bin` the
/// characters of the lists (`u32`), `{name}_vals.bin` their values (as
/// `bytes` writes them); each list by value, largest first, then in code
/// point order.
fn write_lists<V: Copy + Ord>(name: &str, by_char: std::collections::BTreeMap<char, Vec<(char, V)>>, bytes: impl Fn(V) -> Vec<u8>) {
    let (mut keys, mut rows, mut cols, mut vals) = (Vec::new(), vec![0u32], Vec::new(), Vec::new());
    for (c, mut list) in by_char {
        list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        keys.push(c as u32);
        cols.extend(list.iter().map(|a| a.0 as u32));
        vals.extend(list.iter().flat_map(|a| bytes(a.1)));
        rows.push(cols.len() as u32);
    }
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").unwrap());
    let bytes32 = |v: &[u32]| v.iter().flat_map(|x| x.to_le_bytes()).collect::<Vec<u8>>();
    std::fs::write(out.join(format!("{name}_keys.bin")), bytes32(&keys)).unwrap();
    std::fs::write(out.join(format!("{name}_rows.bin")), bytes32(&rows)).unwrap();
    std::fs::write(out.join(format!("{name}_cols.bin")), bytes32(&cols)).unwrap();
    std::fs::write(out.join(format!("{name}_vals.bin")), vals).unwrap();
}

/// The OCR misreading tables (`ocr_confusions.fst`, `paddle_confusions.fst`:
/// keys `cy`, what was printed and what was read, with a count), laid out
/// as the look-alikes are: for each printed character in code point order,
/// the characters read as it, most often first (in code point order among
/// equals), so that a character's list is one search instead of a stream
/// of the transducer (see [`write_lists`]; the values are the counts, as
/// `u64`). `lexicon::tests::the_misreading_tables_answer_as_the_transducers_do`
/// compares them.
fn misreading_table(file: &str, name: &str) {
    use fst::Streamer;
    let table = fst::Map::new(read(file)).unwrap();
    let mut by_char: std::collections::BTreeMap<char, Vec<(char, u64)>> = Default::default();
    let mut stream = table.stream();
    while let Some((key, value)) = stream.next() {
        // (Every key with a second character counts, as the lexicon's
        // prefix readers counted them.)
        let Ok(key) = std::str::from_utf8(key) else { continue };
        let mut cs = key.chars();
        let (Some(c), Some(y)) = (cs.next(), cs.next()) else { continue };
        by_char.entry(c).or_default().push((y, value));
    }
    write_lists(name, by_char, |v| v.to_le_bytes().to_vec());
}

/// The character 4-gram model of `char_lm.fst`, laid out as a trie by
/// character so that a run reads it in place (walking the transducer byte
/// by byte cost an n-gram about 1,500 instructions, and the model is read
/// for every candidate and every seam). Nodes are numbered level by level:
/// level 1 is every character of the model in code point order (node =
/// character index), each deeper level in lexicographic order of its
/// n-grams, so the children of a node are consecutive and in character
/// order. `lm_index.bin` maps a BMP code point to its index (`u16`,
/// `u16::MAX`: not in the model); `lm_keys.bin` each node's last character
/// (`u16`); `lm_vals.bin` each node's value as the transducer stores it
/// (`u32`, `u32::MAX` for a node that only leads to longer n-grams);
/// `lm_child.bin` where the children of each node of levels 1-3 start
/// (`u32`, one more entry). `lexicon::tests::the_language_model_trie_answers_as_the_transducer_does`
/// compares them.
fn lm_trie() {
    use fst::Streamer;
    use std::collections::BTreeMap;
    let lm = fst::Map::new(read("lexicon/compiled/char_lm.fst")).unwrap();
    let mut grams: Vec<(Vec<char>, u64)> = Vec::new();
    let mut stream = lm.stream();
    while let Some((key, value)) = stream.next() {
        grams.push((std::str::from_utf8(key).unwrap().chars().collect(), value));
    }
    let mut chars: Vec<char> = grams.iter().flat_map(|g| g.0.iter().copied()).collect();
    chars.sort_unstable();
    chars.dedup();
    assert!(chars.iter().all(|&c| (c as u32) < 0x10000), "the model's index covers the BMP");
    assert!(chars.len() < usize::from(u16::MAX), "a model index fits 16 bits");
    let mut index = vec![u16::MAX; 0x10000];
    for (i, &c) in chars.iter().enumerate() {
        index[c as usize] = i as u16;
    }
    // Per level, every n-gram and every prefix of one, with its value.
    let mut levels: Vec<BTreeMap<Vec<u16>, u32>> = vec![BTreeMap::new(); 4];
    for (cs, value) in &grams {
        assert!((1..=4).contains(&cs.len()), "the model is of order 4");
        let key: Vec<u16> = cs.iter().map(|&c| index[c as usize]).collect();
        let value = u32::try_from(*value).ok().filter(|&v| v != u32::MAX).expect("a model value fits 32 bits");
        for len in 1..key.len() {
            levels[len - 1].entry(key[..len].to_vec()).or_insert(u32::MAX);
        }
        levels[key.len() - 1].insert(key, value);
    }
    for i in 0..chars.len() {
        levels[0].entry(vec![i as u16]).or_insert(u32::MAX);
    }
    let (mut keys, mut vals) = (Vec::new(), Vec::new());
    for level in &levels {
        for (key, &value) in level {
            keys.push(*key.last().unwrap());
            vals.push(value);
        }
    }
    // Children: each inner node's first child, from the counts per parent.
    let mut child = Vec::new();
    let mut next = levels[0].len();
    for depth in 0..3 {
        let mut below = levels[depth + 1].keys().map(|k| &k[..depth + 1]).peekable();
        for parent in levels[depth].keys() {
            child.push(next as u32);
            while below.peek().is_some_and(|k| *k == &parent[..]) {
                below.next();
                next += 1;
            }
        }
    }
    child.push(next as u32);
    assert_eq!(next, keys.len(), "every node of levels 2-4 has its parent");
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").unwrap());
    let bytes16 = |v: &[u16]| v.iter().flat_map(|x| x.to_le_bytes()).collect::<Vec<u8>>();
    let bytes32 = |v: &[u32]| v.iter().flat_map(|x| x.to_le_bytes()).collect::<Vec<u8>>();
    std::fs::write(out.join("lm_index.bin"), bytes16(&index)).unwrap();
    std::fs::write(out.join("lm_keys.bin"), bytes16(&keys)).unwrap();
    std::fs::write(out.join("lm_vals.bin"), bytes32(&vals)).unwrap();
    std::fs::write(out.join("lm_child.bin"), bytes32(&child)).unwrap();
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    lexicon_digest();
    components_index();
    short_word_tables();
    look_alike_table();
    misreading_table("lexicon/compiled/ocr_confusions.fst", "misreads");
    misreading_table("lexicon/compiled/paddle_confusions.fst", "paddle");
    lm_trie();
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
