//! The library in one page: read an issue's pages, analyse them, print the
//! findings and the stitched articles, and write the repaired pages into a
//! directory (atomically, in each page's own encoding).
//!
//! `cargo run --release --example library -- samples/issue OUT_DIR`
//!
//! For many issues at once (a whole archive, in parallel, results in input
//! order), see `jiaodui::batch::{Plan, Runner}`, which the command line uses.

use jiaodui::write::{write_atomic, WriteOptions};
use jiaodui::{Issue, Proofreader};
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().unwrap_or_else(|| "samples/issue".into()));
    let out = args.next().map(PathBuf::from);

    // The pages of one issue, in page order (numbers come from the names).
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)?.map(|e| e.map(|e| e.path())).collect::<Result<_, _>>()?;
    names.retain(|p| p.extension().is_some_and(|e| e == "md" || e == "txt") && !p.ends_with("README.md"));
    names.sort();
    let mut issue = Issue::new();
    for name in &names {
        issue.add_file(name, None)?;
    }

    // Settings from the nearest jiaodui.toml, as the command line finds them.
    let proofreader = Proofreader::for_dir(&dir)?;
    let analysis = proofreader.analyze(issue);
    for f in proofreader.findings(&analysis) {
        let change = f.replacement.as_deref().map(|r| format!(" ‘{}’ → ‘{r}’", f.original)).unwrap_or_default();
        println!("{}:{}:{}: {}{change} ({:.2}{}) [{}]", f.path, f.line, f.column, f.kind, f.confidence, if f.applied { ", applied" } else { "" }, f.id);
    }
    for a in proofreader.articles(&analysis) {
        println!("article: {} ({} paragraphs, pages {})", a.title.as_deref().unwrap_or("(untitled)"), a.paragraphs.len(), a.pages.join(", "));
    }

    let repaired = proofreader.repair(&analysis);
    for page in repaired.pages.iter().filter(|p| p.changed) {
        match &out {
            Some(out) => {
                let target = out.join(page.path.file_name().expect("a page file"));
                write_atomic(&target, &page.bytes()?, WriteOptions::default())?;
                println!("wrote {}", target.display());
            }
            None => println!("{} would change ({} characters)", page.path.display(), page.text.chars().count()),
        }
    }
    Ok(())
}
