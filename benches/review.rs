//! The review page at batch scale: how much `review` adds to the analysis
//! of a 200-page batch, how large the page is, and how long headless
//! Chromium takes to load it and to answer a decision and the side-by-side
//! view. `cargo bench --bench review`; the browser part needs chromedriver
//! (Debian `chromium-driver`) and says so when it is missing.

#[path = "../tests/common/webdriver.rs"]
mod webdriver;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const PAGES: usize = 200;
const RUNS: usize = 5;

fn samples() -> Vec<(&'static str, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    ["seed/000_824fbaa4bb4ad28b.txt", "tesseract/seed.md", "issue/p01.md", "issue/p02.md"]
        .into_iter()
        .map(|p| (p, std::fs::read(root.join(p)).unwrap()))
        .collect()
}

/// The best of `RUNS` wall times of the binary with `args`.
fn best(dir: &Path, args: &[&str]) -> Duration {
    (0..RUNS)
        .map(|_| {
            let t = Instant::now();
            let out = Command::new(env!("CARGO_BIN_EXE_jiaodui")).current_dir(dir).args(args).output().unwrap();
            assert!(out.status.code().is_some_and(|c| c == 0 || c == 2), "{}", String::from_utf8_lossy(&out.stderr));
            t.elapsed()
        })
        .min()
        .unwrap()
}

fn main() {
    let work = tempfile::tempdir().unwrap();
    let batch = work.path().join("batch");
    // 50 issues of four pages: the seed, its raw tesseract reading, and the
    // two-page sample issue (a jump, a moved run, doubled words).
    let pages = samples();
    let mut bytes = 0;
    for k in 0..PAGES {
        let dir = batch.join(format!("issue-{:03}", k / 4));
        std::fs::create_dir_all(&dir).unwrap();
        let (_, text) = &pages[k % 4];
        bytes += text.len();
        std::fs::write(dir.join(format!("p{:02}.md", k % 4 + 1)), text).unwrap();
    }
    let check = best(work.path(), &["check", "-q", "--format", "json", "batch"]);
    let review = best(work.path(), &["review", "-q", "-o", "review.html", "batch"]);
    let html = work.path().join("review.html");
    let size = std::fs::metadata(&html).unwrap().len();
    let changes = String::from_utf8(Command::new(env!("CARGO_BIN_EXE_jiaodui")).current_dir(work.path()).args(["check", "-q", "--format", "json", "batch"]).output().unwrap().stdout).unwrap().lines().count();
    println!("review of {PAGES} pages ({:.1} MB, {changes} findings), best of {RUNS}, 1 process:", bytes as f64 / 1e6);
    println!("  check --format json   {:8.1} ms", check.as_secs_f64() * 1e3);
    println!("  review -o page.html   {:8.1} ms   (+{:.1} ms, {:.0}% of the analysis; page {:.1} MB)", review.as_secs_f64() * 1e3, (review.as_secs_f64() - check.as_secs_f64()) * 1e3, (review.as_secs_f64() / check.as_secs_f64() - 1.0) * 100.0, size as f64 / 1e6);

    if webdriver::chromedriver().is_none() {
        println!("browser: skipped, no chromedriver on PATH (Debian: chromium, chromium-driver)");
        return;
    }
    let b = webdriver::Browser::start(1280, 800, work.path());
    let url = format!("file://{}", html.canonicalize().unwrap().display());
    let mut loads = Vec::new();
    let mut inits = Vec::new();
    let mut decide = Vec::new();
    let mut side = Vec::new();
    for _ in 0..RUNS {
        // A fresh start: no decisions kept from the previous load.
        b.goto(&url);
        b.js("localStorage.clear()");
        b.goto(&url);
        let load = b.js("const n = performance.getEntriesByType('navigation')[0]; return n.loadEventEnd - n.startTime;");
        loads.push(load.as_f64().unwrap());
        inits.push(b.js("return window.jiaodui.initMs").as_f64().unwrap());
        // One decision from the keyboard, to the repainted page.
        decide.push(
            b.js("const t = performance.now(); for (const k of ['j', 'j', 'a']) document.dispatchEvent(new KeyboardEvent('keydown', { key: k })); document.body.offsetHeight; return performance.now() - t;")
                .as_f64()
                .unwrap(),
        );
        // The side-by-side view builds every page's repaired column.
        side.push(b.js("const t = performance.now(); document.dispatchEvent(new KeyboardEvent('keydown', { key: 's' })); document.body.offsetHeight; return performance.now() - t;").as_f64().unwrap());
    }
    let errors: Vec<(String, String)> = b.console().into_iter().filter(|(l, _)| l == "SEVERE").collect();
    let min = |v: &[f64]| v.iter().copied().fold(f64::INFINITY, f64::min);
    let max = |v: &[f64]| v.iter().copied().fold(0.0, f64::max);
    println!("headless Chromium, {RUNS} loads (min–max):");
    println!("  load event            {:8.0} – {:.0} ms", min(&loads), max(&loads));
    println!("  of which the script   {:8.0} – {:.0} ms", min(&inits), max(&inits));
    println!("  one decision (j j a)  {:8.1} – {:.1} ms", min(&decide), max(&decide));
    println!("  side by side (s)      {:8.0} – {:.0} ms", min(&side), max(&side));
    println!("  script errors         {:8}", errors.len());
}
