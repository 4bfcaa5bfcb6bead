//! Invariants of `fix` on every sample (and on the shared dev pages when they
//! are present): it is idempotent, and it loses no character except those a
//! reported character edit replaced.

mod common;

use jiaodui::input::Source;
use jiaodui::report::{self, Selection};
use jiaodui::{analyze, Lexicon, Options};
use std::collections::BTreeMap;
use std::path::PathBuf;

const SEL: Selection = Selection { min_confidence: 0.9 };

fn fix_issue(pages: &[(PathBuf, String)], lex: &Lexicon) -> (Vec<String>, jiaodui::Analysis) {
    fix_issue_at(pages, lex, SEL)
}

fn fix_issue_at(pages: &[(PathBuf, String)], lex: &Lexicon, sel: Selection) -> (Vec<String>, jiaodui::Analysis) {
    let sources = pages.iter().map(|(p, t)| Source::from_bytes(p.clone(), t.clone().into_bytes()).unwrap()).collect();
    let numbers = pages.iter().map(|(p, _)| jiaodui::issue::page_number(p, None)).collect();
    let analysis = analyze(sources, numbers, lex, &Options::default());
    (report::fixed_pages(&analysis, sel), analysis)
}

fn char_counts(text: &str) -> BTreeMap<char, i64> {
    let mut m = BTreeMap::new();
    for c in text.chars().filter(|c| !c.is_whitespace() && *c != '\u{feff}') {
        *m.entry(c).or_insert(0) += 1;
    }
    m
}

/// Group page files by directory, as the CLI does.
fn issues(files: Vec<PathBuf>) -> Vec<Vec<(PathBuf, String)>> {
    let mut by_dir: BTreeMap<PathBuf, Vec<(PathBuf, String)>> = BTreeMap::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        by_dir.entry(f.parent().unwrap().to_path_buf()).or_default().push((f, text));
    }
    by_dir.into_values().collect()
}

fn all_issues() -> Vec<Vec<(PathBuf, String)>> {
    let mut files = common::sample_pages();
    if let Some(dev) = common::dev_set() {
        common::walk(&dev, &mut files);
    }
    issues(files)
}

#[test]
fn fix_is_idempotent() {
    let lex = Lexicon::embedded();
    // At the default confidence, and applying every suggestion.
    for sel in [SEL, Selection { min_confidence: 0.0 }] {
        for issue in all_issues() {
            let (once, _) = fix_issue_at(&issue, &lex, sel);
            let again: Vec<(PathBuf, String)> = issue.iter().map(|(p, _)| p.clone()).zip(once.clone()).collect();
            let (twice, _) = fix_issue_at(&again, &lex, sel);
            for ((path, _), (a, b)) in issue.iter().zip(once.iter().zip(&twice)) {
                assert!(a == b, "fix at {} is not idempotent on {}", sel.min_confidence, path.display());
            }
        }
    }
}

#[test]
fn fix_conserves_text() {
    let lex = Lexicon::embedded();
    for issue in all_issues() {
        let (fixed, analysis) = fix_issue(&issue, &lex);
        for (p, ((path, before), after)) in issue.iter().zip(&fixed).enumerate() {
            let mut expected = char_counts(before);
            for e in jiaodui::fix::applied_edits(&analysis.edits, p, SEL.min_confidence) {
                for (c, n) in char_counts(&before[e.span.clone()]) {
                    *expected.entry(c).or_insert(0) -= n;
                }
                for (c, n) in char_counts(e.replacement.as_deref().unwrap_or("")) {
                    *expected.entry(c).or_insert(0) += n;
                }
            }
            expected.retain(|_, n| *n != 0);
            assert_eq!(char_counts(after), expected, "characters changed without an edit in {}", path.display());
        }
    }
}

#[test]
fn seed_page_repair() {
    let lex = Lexicon::embedded();
    let path = common::repo().join("samples/seed/000_824fbaa4bb4ad28b.txt");
    let text = std::fs::read_to_string(&path).unwrap();
    let (fixed, analysis) = fix_issue(&[(path, text)], &lex);
    let fixed = &fixed[0];
    for seam in ["一线，通过对接工作", "国家数字服务出口基地", "毛传林在村干部", "许多先行探索。", "来自省文旅厅的青年宣讲员们", "日益活跃的市场经营主体", "送上贴心的“服务大礼包”", "规上数字贸易企业达"] {
        assert!(fixed.contains(seam), "missing {seam}");
    }
    assert_eq!(analysis.joins.len(), 9, "{:#?}", analysis.joins);
    // The interleaved short articles stay whole and in place after the moved run.
    let moved = fixed.find("行探索。").unwrap();
    assert!(moved < fixed.find("## 海盐构建").unwrap());
    // The truncated last block is kept as it is; the interleaved articles follow it.
    assert!(fixed.contains("来回切换，就可\n\n## 海盐构建"));
    // The orphan continuation is its own article, not the photo item's.
    let photo = analysis.articles.iter().find(|a| a.title.as_deref() == Some("“小哥之夜”颁奖礼桐庐举行")).unwrap();
    assert_eq!(photo.paragraphs.len(), 1);
    assert_eq!(analysis.orphans.len(), 1);
    assert!(analysis.orphans[0].reason.contains("page 1"));
}

/// Every reason the samples and the dev pages produce has its Chinese
/// rendering (`--lang zh`): no clause is left in English.
#[test]
fn every_reason_has_a_chinese_rendering() {
    let lex = Lexicon::embedded();
    let mut seen = 0;
    for issue in all_issues() {
        let (_, analysis) = fix_issue_at(&issue, &lex, Selection { min_confidence: 0.0 });
        for e in &analysis.edits {
            assert!(jiaodui::messages::knows(&e.reason), "no Chinese for: {}", e.reason);
            let zh = jiaodui::messages::reason(&e.reason, jiaodui::messages::Lang::Zh);
            assert!(!zh.split(|c: char| !c.is_ascii_alphabetic()).any(|w| w.len() > 3), "English left in: {zh}");
            seen += 1;
        }
    }
    assert!(seen > 100, "{seen}");
}
