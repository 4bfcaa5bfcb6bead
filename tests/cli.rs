//! The command line: exit codes, output formats read back into typed records,
//! and the file-handling promises (atomic, idempotent, nothing lost).

mod common;

use assert_cmd::Command;
use common::repo;
use jiaodui::report::Record;
use std::fs;

fn jiaodui() -> Command {
    let mut cmd = Command::cargo_bin("jiaodui").unwrap();
    cmd.current_dir(repo());
    cmd
}

fn records(stdout: &[u8]) -> Vec<Record> {
    String::from_utf8(stdout.to_vec())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

const CLEAN_PAGE: &str = "# 标题\n\n本报讯 这是一段完整的正文。\n\n第二段也完整。\n";

#[test]
fn exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let clean = dir.path().join("clean.md");
    fs::write(&clean, CLEAN_PAGE).unwrap();
    let bad_utf8 = dir.path().join("garbled.md");
    fs::write(&bad_utf8, [0xE5, 0x85, 0x9A, 0xFF, 0xFE, 0x80]).unwrap(); // no encoding reads these
    let binary = dir.path().join("image.md");
    fs::write(&binary, [0x89, b'P', b'N', b'G', 0, 0]).unwrap();
    let lexicon = dir.path().join("words.tsv");
    fs::write(&lexicon, "好词\n坏 词\n").unwrap();

    jiaodui().args(["check"]).arg(&clean).assert().code(0);
    let empty = dir.path().join("empty.md");
    fs::write(&empty, "").unwrap();
    let blank = dir.path().join("blank.md");
    fs::write(&blank, "\r\n  \r\n\u{3000}\n").unwrap();
    jiaodui().args(["check"]).arg(&empty).arg(&blank).assert().code(0).stdout("");
    jiaodui().args(["fix"]).arg(&empty).arg(&blank).assert().code(0);
    assert_eq!(fs::read(&blank).unwrap(), "\r\n  \r\n\u{3000}\n".as_bytes());
    jiaodui().args(["check", "samples/seed"]).assert().code(2);
    jiaodui().args(["diff", "--color", "never", "samples/seed"]).assert().code(2);
    jiaodui().args(["diff"]).arg(&clean).assert().code(0).stdout("");
    jiaodui().args(["check", "--no-such-flag", "samples"]).assert().code(64);
    jiaodui().args(["check", "no/such/path.md"]).assert().code(64);
    jiaodui().args(["check", "--min-confidence", "2", "samples"]).assert().code(64);
    jiaodui().arg("check").assert().code(64);
    // `--output -` is no directory: refused, and no directory `-` is made.
    let out = jiaodui().args(["fix", "--output", "-"]).arg(&clean).current_dir(dir.path()).assert().code(64);
    assert!(String::from_utf8_lossy(&out.get_output().stderr).contains("standard input"));
    jiaodui().args(["articles", "--format", "md", "--output", "-"]).arg(&clean).current_dir(dir.path()).assert().code(64);
    assert!(!dir.path().join("-").exists());
    let out = jiaodui().args(["check", "--lexicon"]).arg(&lexicon).arg(&clean).assert().code(78);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("words.tsv:2"), "{stderr}");
    let out = jiaodui().args(["check"]).arg(&bad_utf8).arg(&clean).assert().code(1);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("garbled.md") && stderr.contains("byte 3"), "{stderr}");
    jiaodui().args(["check"]).arg(&binary).assert().code(1);
    jiaodui().arg("--help").assert().code(0);
    jiaodui().arg("--version").assert().code(0);
}

#[test]
fn check_json_reads_back_and_matches_text() {
    let out = jiaodui().args(["check", "--format", "json", "samples/seed"]).assert().code(2);
    let recs = records(&out.get_output().stdout);
    let kinds: Vec<&str> = recs
        .iter()
        .map(|r| match r {
            Record::Finding(f) => f.kind.as_str(),
            Record::Article { .. } => panic!("check prints findings only"),
        })
        .collect();
    assert_eq!(kinds.iter().filter(|k| **k == "join").count(), 9);
    assert_eq!(kinds.iter().filter(|k| **k == "orphan").count(), 1);
    assert_eq!(kinds.iter().filter(|k| **k == "truncated").count(), 1);
    let text = jiaodui().args(["check", "samples/seed"]).assert().code(2);
    assert_eq!(String::from_utf8_lossy(&text.get_output().stdout).lines().count(), recs.len());
    // Offsets are bytes into the original file; `original` is that slice.
    let page = fs::read(repo().join("samples/seed/000_824fbaa4bb4ad28b.txt")).unwrap();
    for r in &recs {
        if let Record::Finding(jiaodui::Finding { byte_start, byte_end, original, .. }) = r {
            assert_eq!(&page[*byte_start..*byte_end], original.as_bytes());
        }
    }
}

#[test]
fn articles_contract() {
    let out = jiaodui().args(["articles", "samples/issue"]).assert().code(0);
    let recs = records(&out.get_output().stdout);
    let articles: Vec<(Option<String>, Vec<String>, Vec<String>)> = recs
        .into_iter()
        .filter_map(|r| match r {
            Record::Article(jiaodui::Article { title, pages, paragraphs, .. }) => Some((title, pages, paragraphs)),
            _ => None,
        })
        .collect();
    let bus = articles.iter().find(|a| a.0.as_deref() == Some("城乡公交一体化让群众出行更便捷")).unwrap();
    assert_eq!(bus.1, vec!["p01.md", "p02.md"]);
    assert!(bus.2.iter().any(|p| p.contains("收入有了明显增长。据统计")), "{:?}", bus.2);
    assert!(bus.2.iter().all(|p| !p.contains("下转") && !p.contains("上接")));
    let street = articles.iter().find(|a| a.0.as_deref() == Some("老街焕新颜")).unwrap();
    assert!(street.2.iter().any(|p| p.contains("既有颜值又有内涵。目前")), "{:?}", street.2);
    // A doubled verb before a noun may be a tentative reduplication: flagged,
    // not applied at the default confidence, applied when asked to.
    assert!(street.2.iter().any(|p| p.contains("老街的贴心贴心服务")), "{:?}", street.2);
    let out = jiaodui().args(["articles", "--min-confidence", "0.85", "samples/issue"]).assert().code(0);
    let lower = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(lower.contains("老街的贴心服务"), "applied at 0.85");
    let library = articles.iter().find(|a| a.0.as_deref() == Some("图书馆延长开放时间")).unwrap();
    assert_eq!(library.2.len(), 2, "the interleaved article stays whole: {:?}", library.2);

    let md = tempfile::tempdir().unwrap();
    jiaodui().args(["articles", "--format", "md", "--output"]).arg(md.path()).arg("samples/issue").assert().code(0);
    assert_eq!(fs::read_dir(md.path()).unwrap().count(), articles.len());
    jiaodui().args(["articles", "--format", "md", "samples/issue"]).assert().code(64);
}

/// The paragraphs of each article `jiaodui articles` finds in an issue of
/// these pages.
fn article_paragraphs(pages: &[(&str, &str)]) -> Vec<Vec<String>> {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in pages {
        fs::write(dir.path().join(name), text).unwrap();
    }
    let out = jiaodui().args(["articles"]).arg(dir.path()).assert().code(0);
    records(&out.get_output().stdout)
        .into_iter()
        .filter_map(|r| match r {
            Record::Article(jiaodui::Article { paragraphs, .. }) => Some(paragraphs),
            _ => None,
        })
        .collect()
}

/// A paragraph cut by a jump inside its dash (`……新面貌：——` | `—城区……`)
/// is one paragraph again: the dash's two halves meet. (Text written for
/// this test.)
#[test]
fn a_dash_cut_by_a_jump_is_rejoined() {
    let paragraphs = article_paragraphs(&[
        ("p01.md", "# 新区建设日新月异\n\n本报讯今年以来，新区坚持以服务促发展，各项事业呈现出新面貌：——（下转第2版）\n\n# 简讯\n\n县图书馆新馆今天开放，藏书十万册。\n"),
        ("p02.md", "（上接第1版）—城区功能取得新突破，全年筹集建设资金三亿元。\n\n———对外开放步伐加快，外贸出口增长两成。\n"),
    ]);
    let new_area = paragraphs.iter().find(|p| p[0].starts_with("本报讯")).unwrap();
    assert_eq!(new_area.len(), 2, "{new_area:?}");
    assert!(new_area[0].ends_with("新面貌：———城区功能取得新突破，全年筹集建设资金三亿元。"), "{new_area:?}");
}

/// A paragraph of clauses run inline with `；`, cut by a jump after one of
/// them, goes on across the jump as it would across a column; one cut
/// before the next item of a list opens a paragraph. (Text written for
/// this test.)
#[test]
fn clauses_cut_by_a_jump_go_on_and_a_list_item_does_not() {
    let page1 = "# 县里办成十件实事\n\n本报讯去年县里办成的实事有：修通乡村公路二百公里；新建学校三所；改造危房一千户；（下转第2版）\n\n# 农机展销会举行\n\n本报讯新春农机展销会今天在县城举行，展出农机两千台。\n\n# 城区新添绿地\n\n本报讯城区今年将新添绿地十公顷；种植树木五万株；（下转第3版）\n";
    let paragraphs = article_paragraphs(&[
        ("p01.md", page1),
        ("p02.md", "（上接第1版）新打机井四十眼，解决了两万人饮水难。\n"),
        ("p03.md", "（上接第1版）第二，公园广场将延长开放时间，方便市民晨练。\n"),
    ]);
    let county = paragraphs.iter().find(|p| p[0].contains("实事有")).unwrap();
    assert_eq!(county.len(), 1, "{county:?}");
    assert!(county[0].ends_with("改造危房一千户；新打机井四十眼，解决了两万人饮水难。"), "{county:?}");
    let city = paragraphs.iter().find(|p| p[0].contains("绿地")).unwrap();
    assert_eq!(city.len(), 2, "{city:?}");
}

#[test]
fn fix_in_place_is_atomic_idempotent_and_keeps_crlf_and_bom() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("crlf-bom.md");
    fs::copy(repo().join("samples/crlf-bom.md"), &page).unwrap();
    jiaodui().arg("fix").arg(&page).assert().code(0);
    let once = fs::read(&page).unwrap();
    assert!(once.starts_with("\u{feff}".as_bytes()));
    let text = String::from_utf8(once.clone()).unwrap();
    assert!(text.contains("好地方。河道"), "{text}");
    assert!(!text.replace("\r\n", "").contains('\n'), "LF sneaked into a CRLF file");
    jiaodui().arg("fix").arg(&page).assert().code(0);
    assert_eq!(fs::read(&page).unwrap(), once);
    jiaodui().arg("check").arg(&page).assert().code(0);
    let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(leftovers.len(), 1, "no temporary files left: {leftovers:?}");
}

#[test]
fn fix_stdin_to_stdout_and_output_dir() {
    let input = fs::read_to_string(repo().join("samples/issue/p02.md")).unwrap();
    let out = jiaodui().args(["fix", "-"]).write_stdin(input.clone()).assert().code(0);
    let fixed = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(fixed.contains("又有内涵。目前"));
    let dir = tempfile::tempdir().unwrap();
    jiaodui().args(["fix", "--output"]).arg(dir.path()).arg("samples/issue").assert().code(0);
    assert_eq!(fs::read_to_string(dir.path().join("p02.md")).unwrap(), fixed);
    // The input is untouched.
    assert_eq!(fs::read_to_string(repo().join("samples/issue/p02.md")).unwrap(), input);
}

#[test]
fn broken_pipe_is_not_an_error() {
    use std::process::{Command as Std, Stdio};
    let bin = assert_cmd::cargo::cargo_bin("jiaodui");
    let mut child = Std::new(bin)
        .current_dir(repo())
        .args(["check", "samples", "samples", "samples"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // the reader goes away at once, as `| head -0` would
    let out = child.wait_with_output().unwrap();
    assert!(matches!(out.status.code(), Some(0) | Some(2)), "{out:?}");
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
}
