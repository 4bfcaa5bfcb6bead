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

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    lexicon_digest();
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
