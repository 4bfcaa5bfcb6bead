//! The copy editor's path: `review` writes one self-contained HTML page,
//! the editor decides change by change, and `apply --decisions` writes
//! exactly what was accepted. The browser tests drive the page in headless
//! Chromium (they are ignored where no browser is installed; `.ci/run`
//! installs one and runs them).

mod common;
#[path = "common/webdriver.rs"]
mod webdriver;

use assert_cmd::Command;
use common::repo;
use serde_json::{json, Value};
use std::fs;
use std::path::{Path, PathBuf};

fn jiaodui() -> Command {
    let mut cmd = Command::cargo_bin("jiaodui").unwrap();
    cmd.current_dir(repo());
    cmd
}

/// The findings of `check --format json` for `args`.
fn findings(dir: &Path, args: &[&str]) -> Vec<Value> {
    let out = jiaodui().current_dir(dir).args(["check", "--format", "json"]).args(args).output().unwrap();
    String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

/// A copy of the seed page in a fresh directory: (temp dir, page path relative to it).
fn seed_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let rel = PathBuf::from("seed/000_824fbaa4bb4ad28b.txt");
    fs::create_dir_all(dir.path().join("seed")).unwrap();
    fs::copy(repo().join("samples").join(&rel), dir.path().join(&rel)).unwrap();
    (dir, rel)
}

/// What `fix` writes for the page at `rel` under `dir`.
fn fixed(dir: &Path, rel: &Path) -> String {
    let out = jiaodui().current_dir(dir).args(["fix", "-q", "-"]).write_stdin(fs::read(dir.join(rel)).unwrap()).output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

/// A decisions file as the review page writes it.
fn decisions_file(dir: &Path, rel: &Path, changes: Vec<Value>) -> PathBuf {
    let html = review_html(dir, &[rel.to_str().unwrap()]);
    let data = page_data(&html);
    let page = &data["issues"][0]["pages"][0];
    let doc = json!({
        "format": "jiaodui-decisions",
        "version": 1,
        "tool": data["meta"]["tool"],
        "lexicon": data["meta"]["lexicon"],
        "files": [{ "path": page["path"], "sha256": page["sha256"], "changes": changes }],
    });
    let path = dir.join("decisions.json");
    fs::write(&path, serde_json::to_vec_pretty(&doc).unwrap()).unwrap();
    path
}

fn review_html(dir: &Path, paths: &[&str]) -> String {
    let out = jiaodui().current_dir(dir).args(["review", "-q", "-o", "-"]).args(paths).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// The data the page carries.
fn page_data(html: &str) -> Value {
    let start = html.find(r#"<script id="review-data" type="application/json">"#).unwrap();
    let rest = &html[start..];
    let body = &rest[rest.find('>').unwrap() + 1..rest.find("</script>").unwrap()];
    serde_json::from_str(body).unwrap()
}

/// `text` with its one occurrence of `from` replaced by `to`.
fn replace_once(text: &str, from: &str, to: &str) -> String {
    assert_eq!(text.matches(from).count(), 1, "{from:?} should occur once");
    text.replacen(from, to, 1)
}

/// The seed with every change `fix` applies but the join `undone`, and the
/// `choice` for the look-alike flag `flag`: what the editor's decisions
/// should give, computed from `fix`'s output and the original text.
fn expected(dir: &Path, rel: &Path, undone: &Value, flag: &Value, choice: &str) -> String {
    let original = fs::read_to_string(dir.join(rel)).unwrap();
    let mut text = fixed(dir, rel);
    // The join: put the blank line back between the fragments it joined.
    let (s, e) = (undone["byte_start"].as_u64().unwrap() as usize, undone["byte_end"].as_u64().unwrap() as usize);
    let before: String = original[..s].chars().rev().take(8).collect::<Vec<_>>().into_iter().rev().collect();
    let after: String = original[e..].chars().take(8).collect();
    text = replace_once(&text, &format!("{before}{after}"), &format!("{before}{}{after}", &original[s..e]));
    // The flag: the editor's choice in place of the printed character.
    let (s, e) = (flag["byte_start"].as_u64().unwrap() as usize, flag["byte_end"].as_u64().unwrap() as usize);
    let before: String = original[..s].chars().rev().take(6).collect::<Vec<_>>().into_iter().rev().collect();
    let after: String = original[e..].chars().take(4).collect();
    replace_once(&text, &format!("{before}{}{after}", &original[s..e]), &format!("{before}{choice}{after}"))
}

#[test]
fn the_review_page_is_self_contained_and_shows_every_finding() {
    let html = review_html(&repo(), &["samples/seed", "samples/issue"]);
    for external in ["http://", "https://", "<link", " src=", "@import", "url("] {
        assert!(!html.contains(external), "the page refers to something outside it: {external}");
    }
    // No text of a page can end the data element early.
    let data = page_data(&html);
    let ids: Vec<&str> = data["issues"].as_array().unwrap().iter().flat_map(|i| i["pages"].as_array().unwrap()).flat_map(|p| p["changes"].as_array().unwrap()).map(|c| c["id"].as_str().unwrap()).collect();
    let expected: Vec<String> = findings(&repo(), &["samples/seed", "samples/issue"]).iter().map(|f| f["id"].as_str().unwrap().to_string()).collect();
    assert_eq!(ids.len(), expected.len());
    for id in &expected {
        assert!(ids.contains(&id.as_str()), "finding {id} is not on the review page");
    }
    assert_eq!(data["issues"].as_array().unwrap().len(), 2, "one section per issue");
}

#[test]
fn the_page_data_cannot_close_its_script_element() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("p01.md"), "# 标题\n\n正文有</script><script>alert(1)</script>和&amp;符号，贴心贴心的服务。\n").unwrap();
    let html = review_html(dir.path(), &["p01.md"]);
    assert_eq!(html.matches("</script>").count(), 2, "the data and the program, nothing else");
    assert!(page_data(&html)["issues"][0]["pages"][0]["text"].as_str().unwrap().contains("</script><script>alert(1)"));
}

#[test]
fn check_json_carries_ranked_alternatives_and_ids() {
    let all = findings(&repo(), &["samples"]);
    let flags: Vec<&Value> = all.iter().filter(|f| f["kind"] == "ocr_confusion").collect();
    assert!(!flags.is_empty());
    for f in &flags {
        let alts = f["alternatives"].as_array().unwrap();
        assert_eq!(alts[0]["text"], f["replacement"], "the first alternative is the replacement: {f}");
        let scores: Vec<f64> = alts.iter().map(|a| a["score"].as_f64().unwrap()).collect();
        assert!(scores.windows(2).all(|w| w[0] >= w[1]) && scores.iter().all(|s| (0.0..=1.0).contains(s)), "ranked best first: {f}");
    }
    assert!(flags.iter().any(|f| f["alternatives"].as_array().unwrap().len() >= 2), "the seed's look-alike has a rival");
    for f in &all {
        assert_eq!(f["id"].as_str().unwrap().len(), 12);
        let alts = f["alternatives"].as_array().unwrap();
        assert_eq!(alts.is_empty(), f["replacement"].is_null(), "{f}");
    }
}

#[test]
fn ids_do_not_depend_on_jobs_or_the_rest_of_the_batch() {
    let seed = "samples/seed/000_824fbaa4bb4ad28b.txt";
    let ids = |args: &[&str]| -> Vec<String> {
        findings(&repo(), args).iter().filter(|f| f["path"] == seed).map(|f| f["id"].as_str().unwrap().to_string()).collect()
    };
    let alone = ids(&["-j", "1", seed]);
    assert!(!alone.is_empty());
    assert_eq!(ids(&["-j", "2", "samples/issue", seed, "samples/tesseract"]), alone);
    assert_eq!(ids(&["-j", "1", "samples/tesseract", seed]), alone);
}

#[test]
fn apply_writes_exactly_the_accepted_changes() {
    let (dir, rel) = seed_copy();
    let page = dir.path().join(&rel);
    let original = fs::read_to_string(&page).unwrap();
    let all = findings(dir.path(), &[rel.to_str().unwrap()]);
    let decide = |f: &Value, d: &str| json!({ "id": f["id"], "decision": d });

    // Nothing decided: nothing written.
    let file = decisions_file(dir.path(), &rel, vec![]);
    jiaodui().current_dir(dir.path()).args(["apply", "--decisions"]).arg(&file).arg(&rel).assert().success();
    assert_eq!(fs::read_to_string(&page).unwrap(), original);

    // Everything fix applies, accepted: what fix writes.
    let applied: Vec<Value> = all.iter().filter(|f| f["applied"] == true).map(|f| decide(f, "accept")).collect();
    let file = decisions_file(dir.path(), &rel, applied.clone());
    let out = jiaodui().current_dir(dir.path()).args(["apply", "--decisions"]).arg(&file).arg(&rel).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains(&format!("applied {} changes", applied.len())), "{}", String::from_utf8_lossy(&out.stderr));
    let after = fs::read_to_string(&page).unwrap();
    fs::write(&page, &original).unwrap();
    assert_eq!(after, fixed(dir.path(), &rel));

    // One join rejected, the flag decided with its second alternative.
    let join = all.iter().find(|f| f["kind"] == "join" && f["applied"] == true && f["original"].as_str().unwrap().trim().is_empty()).unwrap();
    let flag = all.iter().find(|f| f["kind"] == "ocr_confusion" && f["alternatives"].as_array().unwrap().len() >= 2).unwrap();
    let choice = flag["alternatives"][1]["text"].as_str().unwrap();
    let mut changes: Vec<Value> = applied.into_iter().filter(|d| d["id"] != join["id"]).collect();
    changes.push(decide(join, "reject"));
    changes.push(json!({ "id": flag["id"], "decision": "choose", "replacement": choice }));
    let file = decisions_file(dir.path(), &rel, changes);
    let want = expected(dir.path(), &rel, join, flag, choice);
    jiaodui().current_dir(dir.path()).args(["apply", "-q", "--decisions"]).arg(&file).arg(&rel).assert().success();
    assert_eq!(fs::read_to_string(&page).unwrap(), want);
    assert!(fs::read_dir(dir.path().join("seed")).unwrap().all(|e| !e.unwrap().file_name().to_string_lossy().ends_with(".jiaodui-tmp")));
}

#[test]
fn apply_refuses_a_page_edited_since_the_review_and_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    for (issue, text) in [("a", "# 标题\n\n送上贴心贴心的服务。\n"), ("b", "# 标题\n\n做好做好准备的的工作。\n")] {
        fs::create_dir_all(dir.path().join(issue)).unwrap();
        fs::write(dir.path().join(issue).join("p01.md"), text).unwrap();
    }
    let html = review_html(dir.path(), &["a", "b"]);
    let data = page_data(&html);
    let files: Vec<Value> = data["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            let p = &i["pages"][0];
            let changes: Vec<Value> = p["changes"].as_array().unwrap().iter().map(|c| json!({ "id": c["id"], "decision": "accept" })).collect();
            assert!(!changes.is_empty());
            json!({ "path": p["path"], "sha256": p["sha256"], "changes": changes })
        })
        .collect();
    let doc = json!({ "format": "jiaodui-decisions", "version": 1, "tool": data["meta"]["tool"], "lexicon": data["meta"]["lexicon"], "files": files });
    fs::write(dir.path().join("d.json"), doc.to_string()).unwrap();
    // Page a is edited after the review.
    let edited = "# 标题\n\n送上贴心贴心的服务。\n\n编辑后加的一段。\n";
    fs::write(dir.path().join("a/p01.md"), edited).unwrap();
    let out = jiaodui().current_dir(dir.path()).args(["apply", "--decisions", "d.json", "a", "b"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("a/p01.md") && err.contains("changed since the review"), "{err}");
    assert_eq!(fs::read_to_string(dir.path().join("a/p01.md")).unwrap(), edited, "the edited page is left as it is");
    assert_ne!(fs::read_to_string(dir.path().join("b/p01.md")).unwrap(), "# 标题\n\n做好做好准备的的工作。\n", "the other page is still applied");
}

#[test]
fn a_decisions_file_of_another_format_or_version_is_a_clear_error() {
    let (dir, rel) = seed_copy();
    let original = fs::read(dir.path().join(&rel)).unwrap();
    for (bad, says) in [
        ("not json", "not a decisions file"),
        (r#"{"format":"something-else","version":1}"#, "is not \"jiaodui-decisions\""),
        (r#"{"format":"jiaodui-decisions","version":2,"tool":"","lexicon":"","files":[]}"#, "version 2"),
        (r#"{"format":"jiaodui-decisions","version":1,"tool":"","lexicon":"","files":[{"path":"x","sha256":"","changes":[{"id":"a","decision":"choose"}]}]}"#, "without a replacement"),
        (r#"{"format":"jiaodui-decisions","version":1,"tool":"","lexicon":"","files":[{"path":"x","sha256":"","changes":[{"id":"a","decision":"maybe"}]}]}"#, "malformed"),
    ] {
        fs::write(dir.path().join("d.json"), bad).unwrap();
        let out = jiaodui().current_dir(dir.path()).args(["apply", "--decisions", "d.json"]).arg(&rel).output().unwrap();
        assert_eq!(out.status.code(), Some(78), "{bad}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("d.json") && err.contains(says), "{bad}: {err}");
    }
    assert_eq!(fs::read(dir.path().join(&rel)).unwrap(), original);
}

#[test]
fn apply_refuses_decisions_for_changes_the_page_does_not_have() {
    let (dir, rel) = seed_copy();
    let original = fs::read(dir.path().join(&rel)).unwrap();
    let file = decisions_file(dir.path(), &rel, vec![json!({ "id": "000000000000", "decision": "accept" })]);
    let out = jiaodui().current_dir(dir.path()).args(["apply", "--decisions"]).arg(&file).arg(&rel).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("000000000000"));
    assert_eq!(fs::read(dir.path().join(&rel)).unwrap(), original);
}

// ------------------------------------------------------------- in a browser

use webdriver::Browser;

fn file_url(p: &Path) -> String {
    format!("file://{}", p.canonicalize().unwrap().display())
}

/// Severe entries of the browser console: JavaScript errors.
fn errors(browser: &Browser) -> Vec<String> {
    browser.console().into_iter().filter(|(level, _)| level == "SEVERE").map(|(_, m)| m).collect()
}

#[test]
#[ignore = "needs headless Chromium and chromedriver (Debian: chromium, chromium-driver); .ci/run installs them"]
fn a_copy_editor_decides_the_seed_in_a_browser_and_apply_writes_it() {
    let (dir, rel) = seed_copy();
    let downloads = tempfile::tempdir().unwrap();
    let html_path = dir.path().join("review.html");
    jiaodui().current_dir(dir.path()).args(["review", "-q", "-o", "review.html"]).arg(&rel).assert().success();
    let all = findings(dir.path(), &[rel.to_str().unwrap()]);
    let path = rel.to_str().unwrap();

    let b = Browser::start(1280, 800, downloads.path());
    b.goto(&file_url(&html_path));
    assert_eq!(errors(&b), Vec::<String>::new());
    // The console is really read: an error the page logs is seen.
    b.js("console.error('probe of the console reader')");
    assert!(errors(&b).iter().any(|m| m.contains("probe of the console reader")));

    // Every change is shown, and its reason comes up when it is clicked.
    let shown = b.js("return window.jiaodui.changes()");
    assert_eq!(shown.as_array().unwrap().len(), all.len());
    for f in &all {
        let id = f["id"].as_str().unwrap();
        let on_page = shown.as_array().unwrap().iter().find(|c| c["id"] == id).unwrap_or_else(|| panic!("{id} missing"));
        assert_eq!(on_page["shown"], true, "{id} has no mark in the text");
        b.click(&format!(r#"[data-id="{id}"]"#));
        let panel = b.text("#panel");
        assert!(panel.contains(f["message"].as_str().unwrap()), "the reason of {id} is not shown: {panel}");
    }

    // The look-alike: its alternatives are offered, the second is chosen by clicking it.
    let flag = all.iter().find(|f| f["kind"] == "ocr_confusion" && f["alternatives"].as_array().unwrap().len() >= 2).unwrap();
    let choice = flag["alternatives"][1]["text"].as_str().unwrap();
    b.js(&format!("window.jiaodui.focusChange({path:?}, {:?})", flag["id"].as_str().unwrap()));
    if let Ok(shot) = std::env::var("JIAODUI_SCREENSHOT") {
        // The README's screenshot: the seed with its first flag open.
        fs::write(repo().join(shot), b.screenshot()).unwrap();
    }
    assert!(b.text("#panel .alts").contains(choice));
    b.click(r#"#panel .alts button[data-alt="2"]"#);

    // One join rejected from the keyboard: focus it, press r; an undo and a redo.
    let join = all.iter().find(|f| f["kind"] == "join" && f["applied"] == true && f["original"].as_str().unwrap().trim().is_empty()).unwrap();
    b.js(&format!("window.jiaodui.focusChange({path:?}, {:?})", join["id"].as_str().unwrap()));
    b.keys("r");
    let decision = |id: &Value| b.js("return window.jiaodui.changes()").as_array().unwrap().iter().find(|c| &c["id"] == id).unwrap()["decision"].clone();
    assert_eq!(decision(&join["id"]), "reject");
    b.keys("u");
    assert_eq!(decision(&join["id"]), "open");
    b.keys("r");
    assert_eq!(decision(&join["id"]), "reject");
    assert_eq!(decision(&flag["id"]), "choose");

    // The rest accepted at or above fix's threshold, in one go.
    b.click("#bulk-accept");
    let open = b.js("return document.getElementById('counter').dataset.open");
    assert_eq!(open, "0", "nothing left to decide");

    // Decisions survive a reload.
    b.goto(&file_url(&html_path));
    assert_eq!(decision(&join["id"]), "reject");
    assert_eq!(b.js("return document.getElementById('counter').dataset.open"), "0");
    // The side-by-side view shows the repaired text.
    b.keys("s");
    assert!(b.js("return document.body.classList.contains('side')").as_bool().unwrap());
    if let Ok(shot) = std::env::var("JIAODUI_SCREENSHOT") {
        // And the README's second one: side by side, at the moved run.
        let moved = all.iter().find(|f| f["kind"] == "reorder").unwrap();
        b.js(&format!("window.jiaodui.focusChange({path:?}, {:?})", moved["id"].as_str().unwrap()));
        fs::write(repo().join(shot.replace(".png", "-side.png")), b.screenshot()).unwrap();
    }
    assert_eq!(errors(&b), Vec::<String>::new());

    // Export, as a download, and apply.
    b.click("#export");
    let exported = downloads.path().join("decisions.json");
    let started = std::time::Instant::now();
    // Chromium writes a download under another name and renames it when it
    // is complete; waiting for a file that parses does not rely on that.
    while fs::read(&exported).ok().and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok()).is_none() {
        assert!(started.elapsed().as_secs() < 20, "the decisions were not downloaded");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let preview = b.js(&format!("return window.jiaodui.repairedText({path:?})"));
    let want = expected(dir.path(), &rel, join, flag, choice);
    let out = jiaodui().current_dir(dir.path()).args(["apply", "--decisions"]).arg(&exported).arg(&rel).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let written = fs::read_to_string(dir.path().join(&rel)).unwrap();
    assert_eq!(written, want, "apply writes the full repair with the join undone and the choice in place");
    assert_eq!(preview.as_str().unwrap(), written, "the page's repaired view is what apply writes");
}

#[test]
#[ignore = "needs headless Chromium and chromedriver (Debian: chromium, chromium-driver), and ../shared/eval/dev; .ci/run installs and lays them out"]
fn review_pages_of_every_dev_issue_open_without_a_script_error() {
    let dev = common::dev_set().expect("../shared/eval/dev beside the repository");
    let out_dir = tempfile::tempdir().unwrap();
    let b = Browser::start(1280, 800, out_dir.path());
    let mut issues: Vec<PathBuf> = fs::read_dir(dev.join("input")).or_else(|_| fs::read_dir(&dev)).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
    issues.sort();
    assert!(!issues.is_empty());
    for issue in &issues {
        let html = out_dir.path().join("review.html");
        jiaodui().args(["review", "-q", "-o"]).arg(&html).arg(issue).assert().success();
        let n = findings(&repo(), &[issue.to_str().unwrap()]).len();
        b.goto(&file_url(&html));
        assert_eq!(errors(&b), Vec::<String>::new(), "{}", issue.display());
        let shown = b.js("return window.jiaodui.changes().filter(c => c.shown).length");
        assert_eq!(shown.as_u64().unwrap() as usize, n, "{}: every finding has a mark", issue.display());
        // Walk through every change from the keyboard, then view side by side.
        b.keys(&"j".repeat(n.min(60)));
        b.keys("s");
        assert_eq!(errors(&b), Vec::<String>::new(), "{}", issue.display());
    }
    // The page in Chinese (`--lang zh`): its labels and the findings' reasons.
    let html = out_dir.path().join("zh.html");
    jiaodui().args(["review", "-q", "--lang", "zh", "-o"]).arg(&html).arg(&issues[0]).assert().success();
    b.goto(&file_url(&html));
    assert_eq!(errors(&b), Vec::<String>::new());
    assert!(b.text("#export").contains("导出"), "the labels are in Chinese");
    b.keys("j");
    assert!(b.text("#panel").contains("置信度"));
}

// ---------------------------------------------------------------- terminal

#[test]
fn diff_highlights_changed_characters_not_whole_lines() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("p01.md"), "# 标题\n\n送上贴心贴心的服务，这是一段完整的正文。\n").unwrap();
    let out = jiaodui().current_dir(dir.path()).args(["diff", "--color", "always", "p01.md"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    // Only the deleted word is set in the strong colour, in a pager as on a terminal.
    assert!(text.contains("-送上贴心\u{1b}[1;41;37m贴心\u{1b}[0m\u{1b}[31m的服务"), "{text:?}");
    assert!(text.contains("\u{1b}[32m+送上贴心的服务，这是一段完整的正文。"), "{text:?}");
    // Without colour it is a patch that applies.
    let plain = jiaodui().current_dir(dir.path()).args(["diff", "p01.md"]).output().unwrap();
    assert!(String::from_utf8(plain.stdout).unwrap().starts_with("--- a/p01.md\n+++ b/p01.md\n"));
}

#[test]
fn diff_side_by_side_sets_printed_and_repaired_in_columns() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("p01.md"), "# 标题\n\n走到基层一线，通\n\n过对接工作，送上贴心贴心的服务。\n").unwrap();
    let out = jiaodui().current_dir(dir.path()).env("COLUMNS", "60").args(["diff", "--side-by-side", "--color", "never", "p01.md"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8(out.stdout).unwrap();
    use unicode_width::UnicodeWidthStr;
    for line in text.lines() {
        assert!(line.width() <= 60, "wider than the terminal: {line:?}");
    }
    let rows: Vec<(&str, &str)> = text.lines().filter_map(|l| l.split_once(" | ")).collect();
    let left: String = rows.iter().map(|r| r.0.trim_end()).collect();
    let right: String = rows.iter().map(|r| r.1.trim_end()).collect();
    assert!(left.contains("走到基层一线，通") && left.contains("过对接工作，送上贴心贴心的服务。"), "{text}");
    assert!(right.contains("走到基层一线，通过对接工作，送上贴心的服务。"), "{text}");
}
