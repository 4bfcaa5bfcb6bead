//! Trust in batch runs (issue 12): outputs mirror the inputs and never
//! overwrite each other, and traditional-script pages are never converted to
//! simplified characters. Inputs are written for the test.

use assert_cmd::Command;
use std::fs;

fn jiaodui() -> Command {
    Command::cargo_bin("jiaodui").unwrap()
}

#[test]
fn fix_output_mirrors_the_input_tree() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("archive");
    for issue in ["1998-01-01", "1998-01-02"] {
        fs::create_dir_all(input.join(issue)).unwrap();
        for page in ["p01.md", "p02.md"] {
            fs::write(input.join(issue).join(page), format!("# {issue} {page}\n\n本报讯 送上贴心贴心的服务。\n")).unwrap();
        }
    }
    let out = dir.path().join("out");
    jiaodui().arg("fix").arg("--output").arg(&out).arg(&input).assert().code(0);
    for issue in ["1998-01-01", "1998-01-02"] {
        for page in ["p01.md", "p02.md"] {
            let fixed = fs::read_to_string(out.join(issue).join(page)).unwrap();
            assert_eq!(fixed, format!("# {issue} {page}\n\n本报讯 送上贴心的服务。\n"));
        }
    }
    // Two named pages that would land on one output file: refused, nothing written.
    let out2 = dir.path().join("out2");
    let a = input.join("1998-01-01/p01.md");
    let b = input.join("1998-01-02/p01.md");
    let assert = jiaodui().arg("fix").arg("--output").arg(&out2).arg(&a).arg(&b).assert().code(64);
    let err = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(err.contains("would both be written"), "{err}");
    assert!(!out2.exists());
    // A page named alone goes to its file name.
    jiaodui().arg("fix").arg("--output").arg(&out2).arg(&a).assert().code(0);
    assert!(out2.join("p01.md").is_file());
}

/// Written for this test: a traditional-script report with a paragraph split
/// by a column break (`展開討` / `論`).
const TRADITIONAL: &str = "# 兩岸經濟交流會議在臺北舉行\n\n本報訊 來自兩岸的企業代表昨天在臺北舉行經濟交流會議，與會者認為，雙方應當堅持互利合作，進一步擴大貿易往來。會議由臺灣經濟研究院主辦，吸引了三百多位企業界人士參加，大家圍繞產業合作、人才交流等議題展開討\n\n論，氣氛熱烈。主辦單位表示，這次會議為兩岸企業搭建了溝通的平臺，今後將每年舉辦一次。\n\n與會的一位企業負責人說，近年來兩岸經貿關係發展很快，很多企業都從中受益，他希望雙方能夠繼續堅持開放，為企業創造更好的環境。\n";

#[test]
fn traditional_pages_are_never_converted() {
    let dir = tempfile::tempdir().unwrap();
    let joined = TRADITIONAL.replace("展開討\n\n論", "展開討論");
    let utf8 = dir.path().join("utf8/p01.md");
    let big5 = dir.path().join("big5/p01.md");
    fs::create_dir_all(utf8.parent().unwrap()).unwrap();
    fs::create_dir_all(big5.parent().unwrap()).unwrap();
    fs::write(&utf8, TRADITIONAL).unwrap();
    let (bytes, _, unmappable) = encoding_rs::BIG5.encode(TRADITIONAL);
    assert!(!unmappable);
    fs::write(&big5, &bytes).unwrap();

    let out = jiaodui().args(["check", "--format", "json"]).arg(&utf8).arg(&big5).output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(!stdout.contains("ocr_confusion"), "{stdout}");
    assert_eq!(stdout.matches("\"kind\":\"join\"").count(), 2, "{stdout}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("2 page(s) in traditional script"));

    // The join is made in both, every other character stays, and the Big5 page stays Big5.
    jiaodui().arg("fix").arg("--min-confidence").arg("0").arg(&utf8).arg(&big5).assert().code(0);
    assert_eq!(fs::read_to_string(&utf8).unwrap(), joined);
    let written = fs::read(&big5).unwrap();
    let (back, _, malformed) = encoding_rs::BIG5.decode(&written);
    assert!(!malformed);
    assert_eq!(back, joined);
}

#[test]
fn traditional_names_in_simplified_text_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("p01.md");
    // A simplified report quoting a traditional title: the quote is not "fixed".
    let text = "# 读书\n\n本报讯 他说，自己年轻时最爱读《參考消息》的副刊，也常常参加读书会的活动。\n";
    fs::write(&page, text).unwrap();
    jiaodui().arg("fix").arg("--min-confidence").arg("0").arg(&page).assert().code(0);
    assert_eq!(fs::read_to_string(&page).unwrap(), text);
}

fn run(cmd: &mut Command) -> (Option<i32>, String, String) {
    let out = cmd.output().unwrap();
    (out.status.code(), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// An issue of two pages written for the tests: an article on page 1 jumps
/// to page 2 (where its continuation opens with a jump line), and page 1
/// has a doubled word.
fn two_page_issue(dir: &std::path::Path) {
    fs::create_dir_all(dir).unwrap();
    fs::write(dir.join("p01.md"), "# 城乡公交一体化改革见成效\n\n本报讯 今年以来，全市推进城乡公交一体化改革，记者走到基层一线，为群众送上贴心贴心的服务。乡村群众的出行条件明显改善，新建的候车亭已经投入（下转第二版）\n\n# 新建公园开放\n\n本报讯 据悉，明年该市还将新建公园十二座、绿道八十公里。\n").unwrap();
    fs::write(dir.join("p02.md"), "（上接第一版）使用，村民们纷纷点赞。\n\n# 经济运行稳中向好\n\n本报讯 会议强调，要坚持问题导向，把各项措施落到实处。\n").unwrap();
}

/// Point 3: a page checked alone with its issue's other pages as context
/// gives the findings a run over the whole issue gives for that page.
#[test]
fn siblings_give_whole_issue_results() {
    let dir = tempfile::tempdir().unwrap();
    let issue = dir.path().join("1998-01-01");
    two_page_issue(&issue);
    let page2 = issue.join("p02.md");
    let whole = run(jiaodui().args(["check", "--format", "json"]).arg(&issue));
    let alone = run(jiaodui().args(["check", "--format", "json"]).arg(&page2));
    let with_siblings = run(jiaodui().args(["check", "--format", "json", "--siblings"]).arg(&page2));
    let of_page2 = |out: &str| out.lines().filter(|l| l.contains("p02.md")).map(str::to_string).collect::<Vec<_>>();
    assert!(alone.1.contains("orphan"), "alone, the continuation is an orphan: {}", alone.1);
    assert_eq!(of_page2(&with_siblings.1), of_page2(&whole.1));
    assert!(!with_siblings.1.contains("p01.md"), "context pages are not reported: {}", with_siblings.1);
    // fix with siblings writes only the named page.
    let before = fs::read_to_string(issue.join("p01.md")).unwrap();
    jiaodui().args(["fix", "--siblings"]).arg(&page2).assert().code(0);
    assert_eq!(fs::read_to_string(issue.join("p01.md")).unwrap(), before);
}

/// Point 4: `exclude` globs are relative to jiaodui.toml, hold in a walk from
/// a subdirectory, and hold for named files with --force-exclude.
#[test]
fn exclude_globs_are_relative_to_the_settings_file() {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("archive");
    fs::create_dir_all(archive.join("drafts")).unwrap();
    fs::create_dir_all(archive.join("1998")).unwrap();
    fs::write(archive.join("jiaodui.toml"), "exclude = [\"drafts/**\", \"1998/*.tmp.md\"]\n").unwrap();
    for p in ["drafts/p01.md", "1998/p01.md", "1998/p02.tmp.md"] {
        fs::write(archive.join(p), "本报讯 送上贴心贴心的服务。\n").unwrap();
    }
    let (_, out, _) = run(jiaodui().arg("check").arg(&archive));
    assert!(out.contains("1998/p01.md") && !out.contains("drafts") && !out.contains("tmp.md"), "{out}");
    // Walking a subdirectory: the globs still count from the settings file.
    let (_, out, _) = run(jiaodui().arg("check").arg(archive.join("1998")));
    assert!(out.contains("p01.md") && !out.contains("tmp.md"), "{out}");
    // Named files: checked unless --force-exclude.
    let named = archive.join("drafts/p01.md");
    let (code, out, _) = run(jiaodui().arg("check").arg(&named));
    assert_eq!(code, Some(2), "{out}");
    let (code, out, err) = run(jiaodui().args(["check", "--force-exclude"]).arg(&named).arg(archive.join("1998/p01.md")));
    assert_eq!(code, Some(2), "{err}");
    assert!(!out.contains("drafts") && out.contains("1998/p01.md"), "{out}");
}

/// Point 5: the text output says what fix applies and what needs a decision;
/// `--fail-on` sets what fails; a finding kept by id or by text no longer
/// fails the check and fix leaves it.
#[test]
fn check_policy_and_kept_findings() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("p01.md");
    // A doubled word fix applies and one it does not (a tentative verb).
    fs::write(&page, "# 标题\n\n本报讯 送上贴心贴心的服务。大家要研究研究这个问题，提醒提醒大家。\n").unwrap();
    let (code, out, _) = run(jiaodui().arg("check").arg(&page));
    assert_eq!(code, Some(2));
    assert!(out.contains("dup_word (0.95, fix applies)"), "{out}");
    let review: Vec<&str> = out.lines().filter(|l| l.contains("needs review")).collect();
    assert_eq!(review.len(), 1, "{out}");
    let id = review[0].rsplit('[').next().unwrap().trim_end_matches(']').to_string();
    jiaodui().arg("fix").arg(&page).assert().code(0);
    // What fix leaves still needs a decision: the check fails by default...
    let (code, out, _) = run(jiaodui().arg("check").arg(&page));
    assert_eq!(code, Some(2), "{out}");
    // ...not under --fail-on applied, nor once the archive keeps it.
    assert_eq!(run(jiaodui().args(["check", "--fail-on", "applied"]).arg(&page)).0, Some(0));
    fs::write(dir.path().join("jiaodui.toml"), format!("keep = [\"{id}\"]\n")).unwrap();
    let (code, out, _) = run(jiaodui().arg("check").arg(&page));
    assert_eq!((code, out.as_str()), (Some(0), ""));
    // By text: the stretch that covers it.
    fs::write(dir.path().join("jiaodui.toml"), "keep = [\"提醒提醒大家\"]\n").unwrap();
    assert_eq!(run(jiaodui().arg("check").arg(&page)).0, Some(0));
    let kept = fs::read_to_string(&page).unwrap();
    jiaodui().args(["fix", "--min-confidence", "0"]).arg(&page).assert().code(0);
    assert_eq!(fs::read_to_string(&page).unwrap(), kept, "fix leaves a kept finding");
    // Other policies.
    assert_eq!(run(jiaodui().args(["check", "--fail-on", "none"]).arg(&page)).0, Some(0));
    assert_eq!(run(jiaodui().args(["check", "--fail-on", "nonsense"]).arg(&page)).0, Some(64));
}

/// Point 6: new files get the umask's mode, a link is written through, a
/// read-only page is left alone unless forced.
#[cfg(unix)]
#[test]
fn written_files_keep_their_properties() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("p01.md");
    fs::write(&page, "本报讯 送上贴心贴心的服务。\n").unwrap();
    let out = dir.path().join("out");
    // Run under umask 022, whatever the test runner's is.
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("umask 022 && exec {} fix --output {} {}", assert_cmd::cargo::cargo_bin("jiaodui").display(), out.display(), page.display()))
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(fs::metadata(out.join("p01.md")).unwrap().permissions().mode() & 0o777, 0o644);

    // Through a symbolic link: the target is repaired, the link stays a link.
    let target = dir.path().join("real.md");
    fs::write(&target, "本报讯 送上贴心贴心的服务。\n").unwrap();
    fs::set_permissions(&target, fs::Permissions::from_mode(0o640)).unwrap();
    let link = dir.path().join("link.md");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    jiaodui().arg("fix").arg(&link).assert().code(0);
    assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    assert_eq!(fs::read_to_string(&target).unwrap(), "本报讯 送上贴心的服务。\n");
    assert_eq!(fs::metadata(&target).unwrap().permissions().mode() & 0o777, 0o640);

    // Read-only: refused (exit 1), then rewritten with --force.
    let ro = dir.path().join("ro.md");
    fs::write(&ro, "本报讯 送上贴心贴心的服务。\n").unwrap();
    fs::set_permissions(&ro, fs::Permissions::from_mode(0o444)).unwrap();
    let (code, _, err) = run(jiaodui().arg("fix").arg(&ro));
    assert_eq!(code, Some(1));
    assert!(err.contains("read-only"), "{err}");
    assert_eq!(fs::read_to_string(&ro).unwrap(), "本报讯 送上贴心贴心的服务。\n");
    jiaodui().args(["fix", "--force"]).arg(&ro).assert().code(0);
    assert_eq!(fs::read_to_string(&ro).unwrap(), "本报讯 送上贴心的服务。\n");
    assert_eq!(fs::metadata(&ro).unwrap().permissions().mode() & 0o777, 0o444);
}

/// Point 7: a missing path among others is reported and the rest processed
/// (exit 1); no pages at all is a usage error; extensions in any case; a
/// misplaced marker is warned about.
#[test]
fn batch_behaviour() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("P01.TXT");
    fs::write(&page, "本报讯 送上贴心贴心的服务。\n").unwrap();
    let (code, out, err) = run(jiaodui().arg("check").arg(dir.path().join("nowhere")).arg(dir.path()));
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("nowhere: no such file or directory"), "{err}");
    assert!(out.contains("P01.TXT"), "upper-case extensions are pages: {out}");
    let empty = dir.path().join("empty");
    fs::create_dir_all(&empty).unwrap();
    let (code, _, err) = run(jiaodui().arg("check").arg(&empty));
    assert_eq!(code, Some(64));
    assert!(err.contains("no pages found"), "{err}");
    fs::write(dir.path().join("p02.md"), "<!-- jiaodui-ignore -->\n本报讯 送上贴心贴心的服务。\n").unwrap();
    let (_, _, err) = run(jiaodui().arg("check").arg(dir.path().join("p02.md")));
    assert!(err.contains("warning") && err.contains("line 1") && err.contains("marks nothing"), "{err}");
}

/// Point 8: `-q` prints no `fixed …` lines.
#[test]
fn quiet_is_quiet() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("p01.md");
    fs::write(&page, "本报讯 送上贴心贴心的服务。\n").unwrap();
    let (code, out, err) = run(jiaodui().args(["fix", "-q"]).arg(&page));
    assert_eq!((code, out.as_str(), err.as_str()), (Some(0), "", ""));
}

/// Point 9: options a command would ignore are usage errors; settings and
/// word lists are read strictly and named precisely.
#[test]
fn options_that_would_do_nothing_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("p01.md");
    fs::write(&page, "本报讯 送上贴心贴心的服务。\n").unwrap();
    let p = page.to_str().unwrap();
    for args in [
        vec!["check", "--format", "md", p],
        vec!["diff", "--format", "json", p],
        vec!["articles", "--format", "text", p],
        vec!["articles", "--output", "x", p],
        vec!["check", "--output-encoding", "gbk", p],
        vec!["diff", "--output-encoding", "gbk", p],
    ] {
        let (code, _, err) = run(jiaodui().args(&args));
        assert_eq!(code, Some(64), "{args:?}: {err}");
    }
    let (code, _, err) = run(jiaodui().args(["check", "--min-confidence", "-1", p]));
    assert_eq!(code, Some(64));
    assert!(err.contains("not between 0 and 1"), "{err}");
    // config --show: every key, encodings spelled as written, a missing path refused.
    fs::write(dir.path().join("jiaodui.toml"), "encoding = \"utf8\"\n").unwrap();
    let (code, out, _) = run(jiaodui().args(["config", "--show"]).arg(dir.path()));
    assert_eq!(code, Some(0));
    for key in ["checks =", "min-confidence =", "lexicon =", "allow =", "page-pattern", "include =", "exclude =", "encoding = \"utf-8\"", "output-encoding", "keep ="] {
        assert!(out.contains(key), "{key} missing from\n{out}");
    }
    assert_eq!(run(jiaodui().args(["config", "--show"]).arg(dir.path().join("nowhere"))).0, Some(64));
    fs::remove_file(dir.path().join("jiaodui.toml")).unwrap();
    // Word lists: jieba's `word freq tag` and TAB forms; an extra column, a
    // bad byte (with its line) and a missing file are errors.
    let words = dir.path().join("words.txt");
    fs::write(&words, "贴心 20 a\n服务\t30\n").unwrap();
    assert_ne!(run(jiaodui().args(["check", "--lexicon"]).arg(&words).arg(p)).0, Some(78));
    fs::write(&words, "贴心\t20\ta\textra\n").unwrap();
    let (code, _, err) = run(jiaodui().args(["check", "--lexicon"]).arg(&words).arg(p));
    assert_eq!(code, Some(78), "{err}");
    assert!(err.contains("words.txt:1"), "{err}");
    fs::write(&words, b"\xe8\xb4\xb4\xe5\xbf\x83\n\xff\xfe\n").unwrap();
    let (code, _, err) = run(jiaodui().args(["check", "--lexicon"]).arg(&words).arg(p));
    assert_eq!(code, Some(78));
    assert!(err.contains("words.txt:2") && err.contains("UTF-8"), "{err}");
    let (code, _, err) = run(jiaodui().args(["check", "--lexicon"]).arg(dir.path().join("none.txt")).arg(p));
    assert_eq!(code, Some(64), "{err}");
}

/// Point 10: a diff of pages given by absolute path applies with `git apply`
/// and `patch -p1` from the current directory.
#[test]
fn diffs_apply_with_git_and_patch() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("p01.md");
    let text = "# 标题\n\n本报讯 记者走到基层一线，通\n\n过对接工作，送上贴心贴心的服务。\n";
    fs::write(&page, text).unwrap();
    let (code, diff, _) = run(jiaodui().current_dir(dir.path()).arg("diff").arg(&page));
    assert_eq!(code, Some(2));
    assert!(diff.starts_with("--- a/p01.md\n+++ b/p01.md\n"), "{diff}");
    fs::write(dir.path().join("fix.patch"), &diff).unwrap();
    let git = std::process::Command::new("git").current_dir(dir.path()).args(["apply", "fix.patch"]).output().unwrap();
    assert!(git.status.success(), "{}", String::from_utf8_lossy(&git.stderr));
    let fixed = fs::read_to_string(&page).unwrap();
    assert_eq!(fixed, "# 标题\n\n本报讯 记者走到基层一线，通过对接工作，送上贴心的服务。\n");
    fs::write(&page, text).unwrap();
    let patch = std::process::Command::new("patch").current_dir(dir.path()).args(["-p1", "-s", "-i", "fix.patch"]).output();
    if let Ok(patch) = patch {
        assert!(patch.status.success(), "{}", String::from_utf8_lossy(&patch.stderr));
        assert_eq!(fs::read_to_string(&page).unwrap(), fixed);
    }
}

/// Point 10: the minimum Rust version Cargo.toml states is at least the
/// newest minimum among the locked dependencies.
#[test]
fn stated_rust_version_covers_the_dependencies() {
    let out = std::process::Command::new(env!("CARGO")).args(["metadata", "--format-version", "1", "--offline", "--manifest-path"]).arg(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml")).output().unwrap();
    assert!(out.status.success(), "{}(the locked dependencies of every platform are read offline: run `cargo fetch` first, as .ci/run does)", String::from_utf8_lossy(&out.stderr));
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let version = |v: &str| v.split('.').map(|x| x.parse::<u32>().unwrap_or(0)).collect::<Vec<_>>();
    let ours = version(env!("CARGO_PKG_RUST_VERSION"));
    let newest = meta["packages"].as_array().unwrap().iter().filter_map(|p| p["rust_version"].as_str().map(|v| (version(v), p["name"].as_str().unwrap().to_string()))).filter(|(_, n)| n != "jiaodui").max().unwrap();
    assert!(ours >= newest.0, "Cargo.toml says rust-version {:?}, but {} needs {:?}", ours, newest.1, newest.0);
    assert!(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/LICENSE")).is_file());
}

/// SARIF for code-scanning annotations, validated against the SARIF 2.1.0
/// schema (the copy npm's `@microsoft/jest-sarif` ships; `.ci/run` fetches
/// it and installs python's `jsonschema`).
#[test]
#[ignore = "needs JIAODUI_SARIF_SCHEMA and python3 with jsonschema; .ci/run provides both and runs it"]
fn sarif_is_valid_against_the_schema() {
    let schema = std::env::var("JIAODUI_SARIF_SCHEMA").expect("set JIAODUI_SARIF_SCHEMA to sarif-2.1.0 JSON schema");
    let dir = tempfile::tempdir().unwrap();
    let root = env!("CARGO_MANIFEST_DIR");
    let (code, sarif, err) = run(jiaodui().current_dir(root).args(["check", "--format", "sarif", "samples"]));
    assert_eq!(code, Some(2), "{err}");
    let doc = dir.path().join("report.sarif");
    fs::write(&doc, &sarif).unwrap();
    let check = "import json, sys, jsonschema\n\
                 doc, schema = (json.load(open(p, encoding='utf-8')) for p in sys.argv[1:3])\n\
                 errors = list(jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker()).iter_errors(doc))\n\
                 for e in errors[:10]: print(e.message, list(e.path))\n\
                 sys.exit(1 if errors else 0)\n";
    let out = std::process::Command::new("python3").arg("-c").arg(check).arg(&doc).arg(&schema).output().unwrap();
    assert!(out.status.success(), "{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    let results = v["runs"][0]["results"].as_array().unwrap();
    assert!(results.iter().any(|r| r["fixes"].is_array()) && results.iter().any(|r| r["level"] == "note"));
}

/// rdjson for reviewdog: one diagnostic per finding, columns in UTF-8 bytes
/// pointing at the finding's text, suggestions where there is a replacement.
#[test]
fn rdjson_points_at_the_findings() {
    let root = env!("CARGO_MANIFEST_DIR");
    let (_, rd, _) = run(jiaodui().current_dir(root).args(["check", "--format", "rdjson", "samples/seed"]));
    let (_, json, _) = run(jiaodui().current_dir(root).args(["check", "--format", "json", "samples/seed"]));
    let rd: serde_json::Value = serde_json::from_str(&rd).unwrap();
    let diags = rd["diagnostics"].as_array().unwrap();
    let records: Vec<serde_json::Value> = json.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(diags.len(), records.len());
    for (d, r) in diags.iter().zip(&records) {
        let text = fs::read_to_string(format!("{root}/{}", d["location"]["path"].as_str().unwrap())).unwrap();
        let line = text.lines().nth(d["location"]["range"]["start"]["line"].as_u64().unwrap() as usize - 1).unwrap();
        let col = d["location"]["range"]["start"]["column"].as_u64().unwrap() as usize;
        let original = r["original"].as_str().unwrap();
        if !original.contains('\n') {
            assert!(line.as_bytes()[col - 1..].starts_with(original.as_bytes()), "{d} vs {r}");
        }
        assert_eq!(d["suggestions"].is_array(), r["replacement"].is_string(), "{d}");
    }
}

/// Messages for copy editors who read Chinese first: `--lang zh`.
#[test]
fn chinese_messages() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("p01.md");
    fs::write(&page, "# 标题\n\n本报讯 记者走到基层一线，通\n\n过对接工作，送上贴心贴心的服务。\n").unwrap();
    let (code, out, _) = run(jiaodui().args(["check", "--lang", "zh"]).arg(&page));
    assert_eq!(code, Some(2));
    assert!(out.contains("合并 (1.00, 自动修正): 段落在句中断开；“通过”跨越断口"), "{out}");
    assert!(out.contains("重复词 (0.95, 自动修正): 删去‘贴心’：‘贴心’重复印了两次"), "{out}");
    // JSON keeps the kind for programs and carries the message in Chinese.
    let (_, json, _) = run(jiaodui().args(["check", "--lang", "zh", "--format", "json"]).arg(&page));
    assert!(json.contains("\"kind\":\"dup_word\"") && json.contains("重复印了两次"), "{json}");
}

/// Point 8, on a terminal (a pseudo-terminal from util-linux `script`): the
/// progress bar is cleared, the findings come first and the summary under
/// them, in short lines that say what fix applies and what needs a decision.
#[cfg(unix)]
#[test]
fn terminal_output_is_ordered_and_clean() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("p01.md"), "本报讯 送上贴心贴心的服务。大家要研究研究这个问题，提醒提醒大家。\n").unwrap();
    let bin = assert_cmd::cargo::cargo_bin("jiaodui");
    let out = std::process::Command::new("script").args(["-qec", &format!("{} check {}", bin.display(), dir.path().display()), "/dev/null"]).output().expect("util-linux script");
    let screen = String::from_utf8_lossy(&out.stdout).replace('\r', "");
    // What is left once the progress bar's frames are cleared.
    let after_bar = screen.rsplit("\x1b[2K").next().unwrap();
    assert!(!after_bar.contains('█'), "{screen:?}");
    let finding = after_bar.find("dup_word").expect("the findings");
    let summary = after_bar.find("jiaodui: 1 pages").expect("the summary");
    assert!(finding < summary, "{after_bar}");
    assert!(after_bar.contains("jiaodui: 1 repairs fix applies, 1 need a decision, 0 reports"), "{after_bar}");
    for line in after_bar.lines().filter(|l| l.starts_with("jiaodui:")) {
        assert!(line.chars().count() <= 80, "{line}");
    }
}
