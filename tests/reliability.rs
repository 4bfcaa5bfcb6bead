//! Never lose a character, never stop a batch: one regression test per defect
//! found by hostile inputs (issue 11), each on inputs written for the test.

mod common;

use assert_cmd::Command;
use std::fs;
use std::path::Path;

fn jiaodui() -> Command {
    Command::cargo_bin("jiaodui").unwrap()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A block of two jump lines panicked in every command, and no other page of
/// the batch was processed.
#[test]
fn a_block_of_jump_lines_does_not_stop_the_batch() {
    for odd in ["（上接第二版）\n（续第三版）\n", "〔紧接12面）\n（ 续十页〕\n", "[接第五页】\n【续1页]\n"] {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("a")).unwrap();
        fs::create_dir_all(dir.path().join("b")).unwrap();
        fs::write(dir.path().join("a/x_p01.md"), "送上贴心贴心的服务。\n").unwrap();
        fs::write(dir.path().join("b/y_p01.md"), odd).unwrap();
        for command in ["check", "diff", "articles"] {
            let out = jiaodui().arg(command).arg(dir.path()).output().unwrap();
            assert!(!stderr(&out).contains("panicked"), "{command} on {odd:?}: {}", stderr(&out));
            assert!(matches!(out.status.code(), Some(0 | 2)), "{command} on {odd:?}: {:?} {}", out.status, stderr(&out));
        }
        let out = jiaodui().arg("check").arg(dir.path()).output().unwrap();
        assert!(stdout(&out).contains("x_p01.md:1:5: dup_word"), "{}", stdout(&out));
        // Both jump lines of the block are reported.
        assert_eq!(stdout(&out).matches("orphan").count(), 2, "{}", stdout(&out));
        jiaodui().arg("fix").arg(dir.path()).assert().code(0);
        assert_eq!(fs::read_to_string(dir.path().join("a/x_p01.md")).unwrap(), "送上贴心的服务。\n");
        assert_eq!(fs::read_to_string(dir.path().join("b/y_p01.md")).unwrap(), odd);
    }
}

/// A page that cannot be written is reported, and the pages after it are
/// still repaired (exit 1).
#[test]
fn a_write_error_does_not_stop_the_batch() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    for issue in ["i1", "i2", "i3"] {
        fs::create_dir_all(input.join(issue)).unwrap();
        fs::write(input.join(issue).join("p01.md"), "送上贴心贴心的服务。\n").unwrap();
    }
    // The output of the second issue cannot be written: its name is taken by a directory.
    let out_dir = dir.path().join("out");
    fs::create_dir_all(out_dir.join("i2/p01.md")).unwrap();
    let out = jiaodui().arg("fix").arg("--output").arg(&out_dir).arg(&input).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("i2"), "{}", stderr(&out));
    for issue in ["i1", "i3"] {
        assert_eq!(fs::read_to_string(out_dir.join(issue).join("p01.md")).unwrap(), "送上贴心的服务。\n", "{issue}");
    }
}

/// Temporary files say what they are, and one a killed run left is removed
/// by the next run that writes the same page.
#[test]
fn stale_temporary_files_are_removed() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("p01.md");
    fs::write(&page, "送上贴心贴心的服务。\n").unwrap();
    let stale = dir.path().join(".p01.md.a1B2c3.jiaodui-tmp");
    fs::write(&stale, "half a page").unwrap();
    let other = dir.path().join(".notes.a1B2c3.jiaodui-tmp");
    fs::write(&other, "another file's").unwrap();
    jiaodui().arg("fix").arg(&page).assert().code(0);
    assert!(!stale.exists());
    assert!(other.exists(), "only the written page's leftovers are removed");
    let left: Vec<String> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(left.len(), 2, "{left:?}");
}

fn non_whitespace(text: &str) -> Vec<char> {
    let mut v: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    v.sort_unstable();
    v
}

/// A U+FEFF inside the text is an invisible character, not whitespace: it
/// moves with its block and stays at a seam.
#[test]
fn invisible_characters_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        // At a seam.
        "# 城乡公交\n\n今年以来，全市推进城乡公交一体化改革，记者走到基层一线，通\n\u{feff}\n过对接工作发现，乡村群众的出行条件明显改善。\n",
        // At the start of a block that moves up to the fragment it continues.
        "# 城乡公交\n\n今年以来，全市推进城乡公交一体化改革，记者走到基层一线，了解到许多先\n\n# 另一篇\n\n本报讯 另一条消息到此为止。\n\n\u{feff}行探索的经验，乡村群众的出行条件明显改善。\n",
    ];
    for text in cases {
        let page = dir.path().join("p01.md");
        fs::write(&page, text).unwrap();
        jiaodui().arg("fix").arg(&page).assert().code(0);
        let fixed = fs::read_to_string(&page).unwrap();
        assert_eq!(non_whitespace(&fixed), non_whitespace(text), "{fixed}");
        assert_ne!(fixed, text, "the case must exercise a repair");
    }
}

/// Writes `bytes` to `dir/name` and runs `check` on it; the output.
fn check_bytes(dir: &Path, name: &str, bytes: &[u8]) -> std::process::Output {
    let page = dir.join(name);
    fs::write(&page, bytes).unwrap();
    jiaodui().arg("check").arg(&page).output().unwrap()
}

/// Reads are bounded: a lexicon that never ends is refused at its limit
/// (exit 78), a FIFO is refused rather than blocking, and standard input is
/// read in parts like a large file.
#[test]
fn reads_are_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("p01.md");
    fs::write(&page, "# 标题\n\n本报讯 送上贴心贴心的服务。\n").unwrap();
    let out = jiaodui().args(["check", "--lexicon", "/dev/zero"]).arg(&page).timeout(std::time::Duration::from_secs(20)).output().unwrap();
    assert_eq!(out.status.code(), Some(78), "{}", stderr(&out));
    assert!(stderr(&out).contains("not a regular file"), "{}", stderr(&out));
    let big = dir.path().join("big.tsv");
    let f = fs::File::create(&big).unwrap();
    f.set_len(jiaodui::lexicon::MAX_USER_LEXICON_BYTES + 1).unwrap();
    let out = jiaodui().args(["check", "--lexicon"]).arg(&big).arg(&page).output().unwrap();
    assert_eq!(out.status.code(), Some(78), "{}", stderr(&out));
    assert!(stderr(&out).contains("limit"), "{}", stderr(&out));

    // A FIFO named among the pages: refused, and the page beside it is still
    // checked (a directory walk passes over what is not a file).
    let fifo = dir.path().join("p02.md");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let out = jiaodui().arg("check").arg(&page).arg(&fifo).timeout(std::time::Duration::from_secs(20)).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("p02.md: not a regular file"), "{}", stderr(&out));
    assert!(stdout(&out).contains("dup_word"), "{}", stdout(&out));

    // Standard input in parts gives what the same file in parts gives.
    let long: String = (0..40).map(|i| format!("# 标题{i}\n\n本报讯 今年以来，全市推进城乡公交一体化改革，记者走到基层一线，通\n\n过对接工作发现，乡村群众的出行条件明显改善，送上贴心贴心的服务。\n\n")).collect();
    let file = dir.path().join("long/p01.md");
    fs::create_dir_all(file.parent().unwrap()).unwrap();
    fs::write(&file, &long).unwrap();
    let from_file = jiaodui().env("JIAODUI_STREAM_BYTES", "2000").args(["fix", "-q", "--output"]).arg(dir.path().join("out")).arg(&file).output().unwrap();
    assert_eq!(from_file.status.code(), Some(0), "{}", stderr(&from_file));
    let from_stdin = jiaodui().env("JIAODUI_STREAM_BYTES", "2000").args(["fix", "-q", "-"]).write_stdin(long.clone()).output().unwrap();
    assert_eq!(from_stdin.status.code(), Some(0));
    let expected = fs::read_to_string(dir.path().join("out/p01.md")).unwrap();
    assert_eq!(stdout(&from_stdin), expected);
    assert_eq!(expected.matches("通过对接").count(), 40);
}

/// Input the tool cannot read is named precisely, and nothing is written.
#[test]
fn unreadable_input_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let mut nul = "本报讯 走到基层一线。\n".repeat(600).into_bytes();
    nul.push(0);
    let out = check_bytes(dir.path(), "nul.md", &nul);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("NUL byte at 19200"), "{}", stderr(&out));
    let mut le = vec![0xFF, 0xFE];
    le.extend("本报讯 走到基层一线。".encode_utf16().flat_map(u16::to_le_bytes));
    let out = check_bytes(dir.path(), "utf16.md", &le);
    assert!(stderr(&out).contains("UTF-16LE text is not supported"), "{}", stderr(&out));
    let out = check_bytes(dir.path(), "cr.md", "# 标题\r\r本报讯 走到基层一线，通\r\r过对接工作。\r".as_bytes());
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("bare CR"), "{}", stderr(&out));
    // A settings file saved with a byte-order mark is read.
    fs::write(dir.path().join("jiaodui.toml"), "\u{feff}min-confidence = 0.5\n").unwrap();
    fs::write(dir.path().join("ok.md"), "本报讯 走到基层一线。\n").unwrap();
    jiaodui().arg("check").arg(dir.path().join("ok.md")).assert().code(0);
}

/// `fix` reaches its fixed point in one run, also on a file read in parts:
/// parts end after a finished paragraph, so a second run, whose parts fall
/// elsewhere, joins nothing the first left as a truncation.
#[test]
fn fix_is_idempotent_on_a_file_read_in_parts() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("p01.md");
    let mut text = String::new();
    for i in 0..60 {
        // Paragraphs cut by column breaks at varying places, no titles.
        let para = format!("第{i}条消息：今年以来，全市推进城乡公交一体化改革，记者走到基层一线，通过对接工作发现，乡村群众的出行条件明显改善。");
        let chars: Vec<char> = para.chars().collect();
        let cut = 8 + (i * 7) % (chars.len() - 14);
        text.push_str(&chars[..cut].iter().collect::<String>());
        text.push_str("\n\n");
        text.push_str(&chars[cut..].iter().collect::<String>());
        text.push_str("\n\n");
    }
    fs::write(&page, &text).unwrap();
    for bytes in ["1500", "2500", "4000"] {
        fs::write(&page, &text).unwrap();
        jiaodui().env("JIAODUI_STREAM_BYTES", bytes).arg("fix").arg(&page).assert().code(0);
        let once = fs::read_to_string(&page).unwrap();
        jiaodui().env("JIAODUI_STREAM_BYTES", bytes).arg("fix").arg(&page).assert().code(0);
        assert_eq!(fs::read_to_string(&page).unwrap(), once, "parts of {bytes} bytes");
        assert_eq!(once.matches("\n\n").count(), 60, "every paragraph rejoined with parts of {bytes} bytes");
    }
}

/// A join that brings a doubled word together (`贴` / `心贴心`): the doubled
/// word is removed in the same run, not in the next.
#[test]
fn a_join_that_makes_a_doubled_word_is_repaired_in_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("p01.md");
    fs::write(&page, "# 标题\n\n本报讯 记者走到基层一线，为群众送上贴\n\n心贴心的服务，受到欢迎。\n").unwrap();
    let out = jiaodui().args(["fix", "--min-confidence", "0"]).arg(&page).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    // The later round is reported.
    assert!(stderr(&out).contains("round 2 of repair: dup_word"), "{}", stderr(&out));
    let once = fs::read_to_string(&page).unwrap();
    assert_eq!(once, "# 标题\n\n本报讯 记者走到基层一线，为群众送上贴心的服务，受到欢迎。\n");
    jiaodui().args(["fix", "--min-confidence", "0"]).arg(&page).assert().code(0);
    assert_eq!(fs::read_to_string(&page).unwrap(), once);
}

/// Every input the fuzzer ever failed on (`tests/fuzz_regressions/`, raw
/// fuzzer input: see fuzz/README.md) now passes the same checks.
#[test]
fn fuzz_regressions_pass() {
    let dir = common::repo().join("tests/fuzz_regressions");
    let mut n = 0;
    for entry in fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if let Err(e) = jiaodui::pipeline::fuzz_issue(&fs::read(&path).unwrap()) {
            panic!("{}: {e}", path.display());
        }
        n += 1;
    }
    assert!(n > 0, "no regression inputs in {}", dir.display());
}

/// Columns read across (line 1 of each column, then line 2, …): one block
/// per line or all lines in one block, `fix` reads them in column order
/// (each story one paragraph again, reported as joins and moves), and
/// again from its own output changes nothing; the same columns in reading
/// order are rejoined as before. Stories written for the test.
#[test]
fn columns_read_across_are_read_in_order() {
    const STORIES: [&str; 3] = [
        "今年以来，全市推进城乡公交一体化改革，新开通农村公交线路二十六条，实现了行政村公交全覆盖。记者近日走访发现，乡村群众的出行条件明显改善，许多村民坐上公交进城办事。",
        "据市园林部门介绍，明年该市还将新建公园十二座、绿道八十公里，并对老旧公园进行提升改造，让市民出门就能见到绿色，在家门口享受休闲生活的乐趣。",
        "会议强调，要坚持问题导向，把各项惠民措施落到实处，切实解决群众最关心最直接最现实的利益问题，不断增强人民群众的获得感幸福感安全感。",
    ];
    let columns: Vec<Vec<String>> = STORIES.iter().map(|s| s.chars().collect::<Vec<_>>().chunks(14).map(|c| c.iter().collect()).collect()).collect();
    let rows = columns.iter().map(Vec::len).max().unwrap();
    let across: Vec<String> = (0..rows).flat_map(|r| columns.iter().filter_map(move |c| c.get(r).cloned())).collect();
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("p01.md");
    // One block per line: read in column order.
    fs::write(&page, across.join("\n\n") + "\n").unwrap();
    let out = jiaodui().args(["check", "--format", "json"]).arg(&page).output().unwrap();
    let findings = stdout(&out);
    assert!(!findings.contains("\"kind\":\"interleaved\"") && findings.contains("columns read across"), "{findings}");
    jiaodui().arg("fix").arg(&page).assert().code(0);
    let fixed = fs::read_to_string(&page).unwrap();
    assert_eq!(fixed, STORIES.join("\n\n") + "\n", "each story one paragraph, in the columns' order");
    // Every character kept, and the repair settles.
    let bytes = [&[0u8][..], (across.join("\n\n") + "\n").as_bytes()].concat();
    jiaodui::pipeline::fuzz_issue(&bytes).unwrap();
    // All lines in one block: cut into lines and read the same way.
    let text = across.join("\n") + "\n";
    fs::write(&page, &text).unwrap();
    let out = jiaodui().args(["check", "--format", "json"]).arg(&page).output().unwrap();
    let findings = stdout(&out);
    assert!(!findings.contains("\"kind\":\"interleaved\"") && findings.contains("columns read across"), "{findings}");
    jiaodui().arg("fix").arg(&page).assert().code(0);
    assert_eq!(fs::read_to_string(&page).unwrap(), STORIES.join("\n\n") + "\n", "each story one paragraph, in the columns' order");
    let bytes = [&[0u8][..], text.as_bytes()].concat();
    jiaodui::pipeline::fuzz_issue(&bytes).unwrap();
    jiaodui().arg("fix").arg(&page).assert().code(0);
    assert_eq!(fs::read_to_string(&page).unwrap(), STORIES.join("\n\n") + "\n", "a second fix changes nothing");
    // In reading order, the lines of each story are rejoined.
    let ordered = columns.concat().join("\n\n") + "\n";
    fs::write(&page, &ordered).unwrap();
    jiaodui().arg("fix").arg(&page).assert().code(0);
    let fixed = fs::read_to_string(&page).unwrap();
    for story in STORIES {
        assert!(fixed.contains(story), "{fixed}");
    }
}

/// A directory that exists but cannot be listed is an I/O error (exit 1,
/// as for a page that cannot be read), not a usage error (64); beside a
/// readable path it is reported and the rest is checked. As root, the
/// command runs as `nobody` (through util-linux's `setpriv`), for whom the
/// mode means something.
#[cfg(unix)]
#[test]
fn a_directory_that_cannot_be_listed_is_an_io_error() {
    use std::os::unix::fs::PermissionsExt;
    let root = fs::read_to_string("/proc/self/status").is_ok_and(|s| s.lines().any(|l| l.starts_with("Uid:") && l.split_whitespace().nth(1) == Some("0")));
    let dir = tempfile::tempdir().unwrap();
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let locked = dir.path().join("locked");
    let open = dir.path().join("open");
    fs::create_dir(&locked).unwrap();
    fs::create_dir(&open).unwrap();
    fs::write(open.join("p01.md"), "送上贴心贴心的服务。\n").unwrap();
    fs::set_permissions(open.join("p01.md"), fs::Permissions::from_mode(0o644)).unwrap();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    let run = |paths: &[&Path]| {
        let bin = assert_cmd::cargo::cargo_bin("jiaodui");
        let mut cmd = if root {
            let mut c = std::process::Command::new("setpriv");
            c.args(["--reuid=65534", "--regid=65534", "--clear-groups"]).arg(&bin);
            c
        } else {
            std::process::Command::new(&bin)
        };
        cmd.arg("check").args(paths).output().expect("setpriv (util-linux) runs the command as nobody")
    };
    let out = run(&[&locked]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("cannot list directory"), "{}", stderr(&out));
    let out = run(&[&locked, &open]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stdout(&out).contains("dup_word"), "{}", stdout(&out));
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).unwrap();
}
