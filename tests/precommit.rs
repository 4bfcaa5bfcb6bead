//! The pre-commit hooks for real: the `pre-commit` framework from PyPI, in a
//! throwaway virtual environment, runs this repository's hooks (built by
//! pre-commit with `cargo install`, as for any user) in a temporary git
//! repository. Slow (it compiles jiaodui once) and needs PyPI, so it is
//! ignored by default; `.ci/run` runs it with `--include-ignored`.

mod common;

use std::path::Path;
use std::process::{Command, Output};

fn run(cmd: &mut Command) -> Output {
    let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    out
}

fn ok(cmd: &mut Command) -> Output {
    let out = run(cmd);
    assert!(out.status.success(), "{cmd:?} failed:\n{}\n{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    out
}

fn git(dir: &Path) -> Command {
    let mut c = Command::new("git");
    c.current_dir(dir).env("GIT_AUTHOR_NAME", "t").env("GIT_AUTHOR_EMAIL", "t@example.invalid").env("GIT_COMMITTER_NAME", "t").env("GIT_COMMITTER_EMAIL", "t@example.invalid");
    c
}

const PAGE: &str = "# 城乡公交一体化\n\n今年以来，全市推进城乡公交一体化改革，记者走到基层一线，通\n\n过对接工作发现，乡村群众的出行条件明显改善，送上贴心贴心的服务。\n";

#[test]
#[ignore = "installs pre-commit from PyPI and builds the hooks; .ci/run runs it"]
fn hooks_refuse_and_repair_a_page() {
    let repo = common::repo();
    let head = String::from_utf8(ok(git(&repo).args(["rev-parse", "HEAD"])).stdout).unwrap().trim().to_string();
    let tmp = tempfile::tempdir().unwrap();
    let venv = tmp.path().join("venv");
    ok(Command::new("python3").args(["-m", "venv"]).arg(&venv));
    ok(Command::new(venv.join("bin/pip")).args(["install", "--quiet", "pre-commit"]));
    let pre_commit = venv.join("bin/pre-commit");

    let archive = tmp.path().join("archive");
    std::fs::create_dir(&archive).unwrap();
    ok(git(&archive).args(["init", "-q"]));
    let config = |hook: &str| format!("repos:\n- repo: {}\n  rev: {head}\n  hooks:\n  - id: {hook}\n", repo.display());
    std::fs::write(archive.join(".pre-commit-config.yaml"), config("jiaodui-check")).unwrap();
    std::fs::write(archive.join("p01.md"), PAGE).unwrap();
    let env = |c: &mut Command| {
        c.env("PRE_COMMIT_HOME", tmp.path().join("cache"));
    };
    let mut install = Command::new(&pre_commit);
    install.current_dir(&archive).arg("install");
    env(&mut install);
    ok(&mut install);
    ok(git(&archive).args(["add", "."]));

    // The check hook refuses the commit and says why.
    let mut commit = git(&archive);
    commit.args(["commit", "-qm", "page"]);
    env(&mut commit);
    let out = run(&mut commit);
    let said = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(!out.status.success(), "the commit went through:\n{said}");
    assert!(said.contains("p01.md:3:") && said.contains("join (1.00, fix applies): block ends mid-sentence"), "{said}");
    assert!(said.contains("dup_word"), "{said}");

    // The fix hook repairs the page (pre-commit then stops the commit so the
    // change can be reviewed); staged again, the commit passes.
    std::fs::write(archive.join(".pre-commit-config.yaml"), config("jiaodui-fix")).unwrap();
    ok(git(&archive).args(["add", "."]));
    let mut commit = git(&archive);
    commit.args(["commit", "-qm", "page"]);
    env(&mut commit);
    let out = run(&mut commit);
    assert!(!out.status.success(), "pre-commit reports the files it changed");
    let repaired = std::fs::read_to_string(archive.join("p01.md")).unwrap();
    assert!(repaired.contains("一线，通过对接工作") && repaired.contains("送上贴心的服务"), "{repaired}");
    ok(git(&archive).args(["add", "."]));
    let mut commit = git(&archive);
    commit.args(["commit", "-qm", "page"]);
    env(&mut commit);
    ok(&mut commit);

    // Pages of two issues, some staged: the check hook sees each staged
    // page with the rest of its issue, so it reports what a direct run over
    // the whole issues reports for those pages (the continuation on page 2
    // is linked to its head on page 1, not an orphan).
    std::fs::write(archive.join(".pre-commit-config.yaml"), config("jiaodui-check")).unwrap();
    for issue in ["1998-01-01", "1998-01-02"] {
        let dir = archive.join(issue);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("p01.md"), PAGE1).unwrap();
        std::fs::write(dir.join("p02.md"), PAGE2).unwrap();
    }
    let staged = ["1998-01-01/p02.md", "1998-01-02/p01.md", "1998-01-02/p02.md"];
    let mut hook = Command::new(&pre_commit);
    hook.current_dir(&archive).args(["run", "jiaodui-check", "--files"]).args(staged);
    env(&mut hook);
    let out = run(&mut hook);
    let said = String::from_utf8_lossy(&out.stdout).into_owned();
    // (exit 2: there are findings)
    let direct = run(Command::new(env!("CARGO_BIN_EXE_jiaodui")).current_dir(&archive).args(["check", "1998-01-01", "1998-01-02"]));
    let direct = String::from_utf8_lossy(&direct.stdout).into_owned();
    let findings = |text: &str| {
        let mut v: Vec<String> = text.lines().filter(|l| staged.iter().any(|s| l.starts_with(&format!("{s}:")))).map(str::to_string).collect();
        v.sort();
        v
    };
    assert!(!findings(&direct).is_empty(), "{direct}");
    assert_eq!(findings(&said), findings(&direct), "hook output:\n{said}");
    assert!(!said.contains("orphan"), "{said}");
}

/// Page 1 of an issue: an article that jumps to page 2, with a doubled word.
const PAGE1: &str = "# 城乡公交一体化改革见成效\n\n本报讯 今年以来，全市推进城乡公交一体化改革，记者走到基层一线，为群众送上贴心贴心的服务。乡村群众的出行条件明显改善，新建的候车亭已经投入（下转第二版）\n\n# 新建公园开放\n\n本报讯 据悉，明年该市还将新建公园十二座、绿道八十公里。\n";
/// Page 2: the continuation, and another article.
const PAGE2: &str = "（上接第一版）使用，村民们纷纷点赞。\n\n# 经济运行稳中向好\n\n本报讯 会议强调，要坚持问题导向，把各项措施落到实处，送上贴心贴心的服务。\n";
