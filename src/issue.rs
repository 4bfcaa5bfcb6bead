//! Which files make up an issue, and which page each one is.
//!
//! Paths are files, directories (searched recursively for `*.md` and `*.txt`,
//! hidden entries and `README.*` skipped)
//! or `-` for standard input. The pages of one directory form one issue, so
//! jumps between them can be linked. A page's number comes from its file
//! name (`p01.md`, `01.md`, `2023-11-24_01.txt`, `A03.md`), or from a
//! user-given pattern, or, when no page of a multi-page issue has a number in
//! its name, from the order of the pages.

use regex::Regex;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The pages of one issue, in page order.
#[derive(Debug, Clone, PartialEq)]
pub struct IssueFiles {
    pub dir: PathBuf,
    pub pages: Vec<PathBuf>,
    pub numbers: Vec<Option<u32>>,
}

/// An error finding the inputs.
#[derive(Debug, thiserror::Error)]
pub enum DiscoverError {
    #[error("{path}: no such file or directory")]
    Missing { path: PathBuf },
    #[error("{path}: cannot list directory: {source}")]
    Io { path: PathBuf, source: std::io::Error },
}

fn default_pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    // The last number in the stem, after a separator, a page letter or `p`/`page`,
    // of at most three digits: `p01`, `01`, `2023-11-24_01`, `A03`, `page-12`.
    RE.get_or_init(|| Regex::new(r"(?i)(?:^|[_\-. ]|page|p|[a-z])0*([0-9]{1,3})$").expect("valid page regex"))
}

/// The page number a file name gives, with the default rule or `pattern`
/// (a regex whose first capture group is the number, matched against the file stem).
pub fn page_number(path: &Path, pattern: Option<&Regex>) -> Option<u32> {
    let stem = path.file_stem()?.to_str()?;
    let re = pattern.unwrap_or_else(|| default_pattern());
    let caps = re.captures(stem)?;
    let digits = caps.get(1)?.as_str();
    crate::jumpline::parse_number(digits).filter(|&n| n > 0)
}

/// A `*.md` or `*.txt` file found in a directory. README files describe a
/// folder of pages rather than being one, so a directory walk skips them
/// (name one explicitly to check it).
fn is_page_file(path: &Path) -> bool {
    let readme = path.file_stem().and_then(|s| s.to_str()).is_some_and(|s| s.eq_ignore_ascii_case("readme"));
    !readme && matches!(path.extension().and_then(|e| e.to_str()), Some("md" | "txt"))
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), DiscoverError> {
    let entries = std::fs::read_dir(dir).map_err(|source| DiscoverError::Io { path: dir.to_path_buf(), source })?;
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        let hidden = p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        if p.is_dir() {
            walk(&p, out)?;
        } else if is_page_file(&p) {
            out.push(p);
        }
    }
    Ok(())
}

/// Resolve paths into issues, in the order first seen.
pub fn discover(paths: &[PathBuf], pattern: Option<&Regex>) -> Result<Vec<IssueFiles>, DiscoverError> {
    let mut files: Vec<PathBuf> = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            files.push(path.clone());
        } else if path.is_dir() {
            walk(path, &mut files)?;
        } else if path.exists() {
            files.push(path.clone());
        } else {
            return Err(DiscoverError::Missing { path: path.clone() });
        }
    }
    let mut issues: Vec<IssueFiles> = Vec::new();
    for f in files {
        let dir = f.parent().map(Path::to_path_buf).unwrap_or_default();
        match issues.iter_mut().find(|i| i.dir == dir) {
            Some(issue) if !issue.pages.contains(&f) => issue.pages.push(f),
            Some(_) => {}
            None => issues.push(IssueFiles { dir, pages: vec![f], numbers: Vec::new() }),
        }
    }
    for issue in &mut issues {
        issue.numbers = issue.pages.iter().map(|p| page_number(p, pattern)).collect();
        if issue.pages.len() > 1 && issue.numbers.iter().all(Option::is_none) {
            issue.numbers = (1..=issue.pages.len() as u32).map(Some).collect();
        }
        // Page order, where known; stable otherwise.
        let mut order: Vec<usize> = (0..issue.pages.len()).collect();
        order.sort_by_key(|&k| issue.numbers[k].unwrap_or(u32::MAX));
        issue.pages = order.iter().map(|&k| issue.pages[k].clone()).collect();
        issue.numbers = order.iter().map(|&k| issue.numbers[k]).collect();
    }
    Ok(issues)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_from_file_names() {
        let cases = [
            ("p01.md", Some(1)),
            ("01.md", Some(1)),
            ("2023-11-24_01.txt", Some(1)),
            ("A03.md", Some(3)),
            ("page-12.md", Some(12)),
            ("p4.md", Some(4)),
            ("000_824fbaa4bb4ad28b.txt", None),
            ("notes.md", None),
        ];
        for (name, want) in cases {
            assert_eq!(page_number(Path::new(name), None), want, "{name}");
        }
    }

    #[test]
    fn custom_pattern() {
        let re = Regex::new(r"_s(\d+)_").unwrap();
        assert_eq!(page_number(Path::new("rmrb_s07_final.md"), Some(&re)), Some(7));
    }
}
