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
    assert!(said.contains("p01.md:3:") && said.contains("join: block ends mid-sentence"), "{said}");
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
}
