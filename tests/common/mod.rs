//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every page under `samples/`.
pub fn sample_pages() -> Vec<PathBuf> {
    let mut out = Vec::new();
    walk(&repo().join("samples"), &mut out);
    out.sort();
    out
}

/// The shared evaluation dev set, when it sits beside the repository (as in CI).
pub fn dev_set() -> Option<PathBuf> {
    let dir = repo().join("../shared/eval/dev");
    dir.is_dir().then_some(dir)
}

pub fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() {
            walk(&p, out);
        } else if matches!(p.extension().and_then(|e| e.to_str()), Some("md" | "txt")) && p.file_name().unwrap() != "README.md" {
            out.push(p);
        }
    }
}
