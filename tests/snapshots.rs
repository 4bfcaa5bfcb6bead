//! Snapshots of what jiaodui says about every sample: the findings of
//! `check` and the articles of `articles`. A change in behaviour shows as a
//! diff here, to be reviewed; `JIAODUI_BLESS=1 cargo test --release --test
//! snapshots` rewrites them after review (never in CI).

mod common;

use assert_cmd::Command;

fn snapshot(name: &str, args: &[&str]) {
    let out = Command::cargo_bin("jiaodui").unwrap().current_dir(common::repo()).args(args).output().unwrap();
    assert!(out.status.code().is_some_and(|c| c == 0 || c == 2), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    let got = String::from_utf8(out.stdout).unwrap();
    let path = common::repo().join("tests/snapshots").join(name);
    if std::env::var_os("JIAODUI_BLESS").is_some() && std::env::var_os("CI").is_none() {
        std::fs::write(&path, &got).unwrap();
    }
    let want = std::fs::read_to_string(&path).unwrap_or_default();
    if got != want {
        let diff = similar::TextDiff::from_lines(&want, &got).unified_diff().header("snapshot", "now").to_string();
        panic!("{name} changed (review, then JIAODUI_BLESS=1 to accept):\n{diff}");
    }
}

#[test]
fn seed_findings() {
    snapshot("seed.check.txt", &["check", "samples/seed"]);
}

#[test]
fn issue_findings_and_articles() {
    snapshot("issue.check.txt", &["check", "samples/issue"]);
    snapshot("issue.articles.jsonl", &["articles", "samples/issue"]);
}

#[test]
fn tesseract_findings() {
    snapshot("tesseract.check.txt", &["check", "samples/tesseract"]);
}

#[test]
fn crlf_bom_findings() {
    snapshot("crlf-bom.check.txt", &["check", "samples/crlf-bom.md"]);
}
