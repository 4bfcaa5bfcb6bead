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
    #[error("bad glob {glob:?}: {message}")]
    Glob { glob: String, message: String },
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
    if pattern.is_none() && is_date(stem) {
        return None; // `2023-11-24`: a date, not page 24
    }
    let re = pattern.unwrap_or_else(|| default_pattern());
    let caps = re.captures(stem)?;
    let digits = caps.get(1)?.as_str();
    crate::jumpline::parse_number(digits).filter(|&n| n > 0)
}

/// How a directory walk chooses files.
#[derive(Debug, Clone, Default)]
pub struct WalkOptions {
    /// Globs a file must match (default: `*.md`, `*.txt`).
    pub include: Vec<String>,
    /// Globs that exclude a file or directory.
    pub exclude: Vec<String>,
    /// Page-number pattern (see [`page_number`]).
    pub pattern: Option<Regex>,
    /// The directory globs are relative to: the settings file's (default:
    /// the directory walked, or a named file's directory).
    pub root: Option<PathBuf>,
    /// Apply `exclude` to files named on the command line too (as the
    /// pre-commit hooks do, which name every staged file).
    pub force_exclude: bool,
}

/// Include and exclude globs, matched against paths relative to a root.
struct Globs {
    root: PathBuf,
    include: Option<globset::GlobSet>,
    exclude: globset::GlobSet,
}

impl Globs {
    fn new(opts: &WalkOptions, base: &Path) -> Result<Globs, DiscoverError> {
        let set = |globs: &[String]| -> Result<globset::GlobSet, DiscoverError> {
            let mut b = globset::GlobSetBuilder::new();
            for g in globs {
                // `drafts/**`, `*.tmp.md`: a glob of a directory excludes what is in it.
                for pattern in [g.clone(), format!("{}/**", g.trim_end_matches('/'))] {
                    b.add(globset::Glob::new(&pattern).map_err(|e| DiscoverError::Glob { glob: g.clone(), message: e.to_string() })?);
                }
            }
            b.build().map_err(|e| DiscoverError::Glob { glob: String::new(), message: e.to_string() })
        };
        let root = opts.root.clone().unwrap_or_else(|| base.to_path_buf());
        let root = std::fs::canonicalize(&root).unwrap_or(root);
        let include = if opts.include.is_empty() { None } else { Some(set(&opts.include)?) };
        Ok(Globs { root, include, exclude: set(&opts.exclude)? })
    }

    /// `path`'s place relative to the root, from its canonical form.
    fn relative(&self, canonical: &Path) -> Option<PathBuf> {
        canonical.strip_prefix(&self.root).ok().map(Path::to_path_buf)
    }

    fn excluded(&self, canonical: &Path) -> bool {
        self.relative(canonical).is_some_and(|rel| self.exclude.is_match(&rel))
    }

    fn included(&self, canonical: &Path) -> Option<bool> {
        let set = self.include.as_ref()?;
        Some(self.relative(canonical).is_some_and(|rel| set.is_match(&rel)))
    }
}

/// Name of the per-directory ignore file (gitignore syntax), beside
/// `.gitignore` and `.ignore`, which are honoured too.
pub const IGNORE_FILE: &str = ".jiaoduiignore";

/// A file stem that is a date and nothing else (`2023-11-24`, `19980110`).
fn is_date(stem: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^(19|20)\d\d([-_.]?)(0?[1-9]|1[0-2])([-_.]?)(0?[1-9]|[12]\d|3[01])$").expect("valid date regex"))
        .is_match(stem)
}

/// A `*.md` or `*.txt` file, in any case (`P01.TXT`); an `*.hocr` file; or
/// an `*.xml`, `*.html` or `*.json` file whose content is hOCR, ALTO or
/// PaddleOCR JSON (other XML and JSON, metadata say, is not a page).
fn is_page_file(path: &Path) -> bool {
    let Some(ext) = path.extension().and_then(|e| e.to_str()) else { return false };
    let is = |x: &str| ext.eq_ignore_ascii_case(x);
    is("md") || is("txt") || is("hocr") || ((is("xml") || is("html") || is("htm") || is("json")) && crate::ocr::sniff_file(path))
}

fn walk(dir: &Path, opts: &WalkOptions, out: &mut Vec<PathBuf>) -> Result<(), DiscoverError> {
    let globs = Globs::new(opts, dir)?;
    let canonical_dir = std::fs::canonicalize(dir).map_err(|source| DiscoverError::Io { path: dir.to_path_buf(), source })?;
    // An entry's canonical path without a system call: the walked directory's, joined.
    let walked = dir.to_path_buf();
    let canonical = move |p: &Path| canonical_dir.join(p.strip_prefix(&walked).unwrap_or(p));
    let skip = {
        let globs = Globs::new(opts, dir)?;
        let canonical = canonical.clone();
        move |e: &ignore::DirEntry| !globs.excluded(&canonical(e.path()))
    };
    let walker = ignore::WalkBuilder::new(dir)
        .add_custom_ignore_filename(IGNORE_FILE)
        .require_git(false)
        .sort_by_file_name(|a, b| a.cmp(b))
        .filter_entry(skip)
        .build();
    for entry in walker {
        let entry = entry.map_err(|e| DiscoverError::Io { path: dir.to_path_buf(), source: std::io::Error::other(e.to_string()) })?;
        let path = entry.path();
        let is_file = entry.file_type().is_some_and(|t| t.is_file());
        // With include globs, whatever they admit is a page.
        let wanted = globs.included(&canonical(path)).unwrap_or_else(|| is_page_file(path));
        if is_file && wanted && !is_readme(path) {
            out.push(path.to_path_buf());
        }
    }
    Ok(())
}

/// README files describe a folder of pages rather than being one, so a walk
/// skips them (name one explicitly to check it).
fn is_readme(path: &Path) -> bool {
    path.file_stem().and_then(|s| s.to_str()).is_some_and(|s| s.eq_ignore_ascii_case("readme"))
}

/// The issue a numbered page belongs to: its directory and the part of its
/// name before the page number (`2023-11-24` of `2023-11-24_01.txt`).
/// Unnumbered pages of a directory form one issue.
fn issue_key(path: &Path, pattern: Option<&Regex>) -> (PathBuf, Option<String>) {
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    let re = pattern.unwrap_or_else(|| default_pattern());
    let prefix = re.find(stem).map(|m| stem[..m.start()].trim_end_matches(['_', '-', '.', ' ']).to_string());
    (dir, prefix)
}

/// Which issue a page belongs to (pages with equal keys make one issue).
pub fn issue_of(path: &Path, pattern: Option<&Regex>) -> (PathBuf, Option<String>) {
    let (dir, prefix) = issue_key(path, pattern);
    (std::fs::canonicalize(dir_or_dot(&dir)).unwrap_or(dir), prefix)
}

fn dir_or_dot(dir: &Path) -> &Path {
    if dir.as_os_str().is_empty() { Path::new(".") } else { dir }
}

/// Resolve paths into issues, in the order first seen.
pub fn discover(paths: &[PathBuf], opts: &WalkOptions) -> Result<Vec<IssueFiles>, DiscoverError> {
    let mut files = Vec::new();
    for path in paths {
        collect(path, opts, &mut files)?;
    }
    Ok(group(files, opts.pattern.as_ref()))
}

/// The page files a path names: itself, `-`, or what a walk of it finds.
pub fn collect(path: &Path, opts: &WalkOptions, files: &mut Vec<PathBuf>) -> Result<(), DiscoverError> {
    if path.as_os_str() == "-" {
        files.push(path.to_path_buf());
    } else if path.is_dir() {
        walk(path, opts, files)?;
    } else if path.exists() {
        if opts.force_exclude {
            let base = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
            let globs = Globs::new(opts, base)?;
            if std::fs::canonicalize(path).is_ok_and(|c| globs.excluded(&c)) {
                return Ok(());
            }
        }
        files.push(path.to_path_buf());
    } else {
        return Err(DiscoverError::Missing { path: path.to_path_buf() });
    }
    Ok(())
}

/// Group page files into issues (see `issue_key`) and number their pages.
pub fn group(files: Vec<PathBuf>, pattern: Option<&Regex>) -> Vec<IssueFiles> {
    let mut keys: Vec<(PathBuf, Option<String>)> = Vec::new();
    let mut issues: Vec<IssueFiles> = Vec::new();
    for f in files {
        let key = issue_key(&f, pattern);
        match keys.iter().position(|k| *k == key) {
            Some(i) if !issues[i].pages.contains(&f) => issues[i].pages.push(f),
            Some(_) => {}
            None => {
                keys.push(key.clone());
                issues.push(IssueFiles { dir: key.0, pages: vec![f], numbers: Vec::new() });
            }
        }
    }
    for issue in &mut issues {
        // Pages without a number in their name may still print one in a
        // running header, or be numbered in order (see `pipeline::analyze`).
        issue.numbers = issue.pages.iter().map(|p| page_number(p, pattern)).collect();
        // Page order, where known; stable otherwise.
        let mut order: Vec<usize> = (0..issue.pages.len()).collect();
        order.sort_by_key(|&k| issue.numbers[k].unwrap_or(u32::MAX));
        issue.pages = order.iter().map(|&k| issue.pages[k].clone()).collect();
        issue.numbers = order.iter().map(|&k| issue.numbers[k]).collect();
    }
    issues
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
            ("2023-11-24.md", None),
            ("19980110.txt", None),
            ("notes.md", None),
        ];
        for (name, want) in cases {
            assert_eq!(page_number(Path::new(name), None), want, "{name}");
        }
    }

    #[test]
    fn issues_by_directory_and_name_prefix() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["2023-11-24_01.txt", "2023-11-24_02.txt", "2023-11-25_01.txt", "notes.md", "README.md", "draft.md"] {
            std::fs::write(dir.path().join(name), "正文。").unwrap();
        }
        std::fs::write(dir.path().join(IGNORE_FILE), "draft.md\n").unwrap();
        let issues = discover(&[dir.path().to_path_buf()], &WalkOptions::default()).unwrap();
        let names: Vec<Vec<String>> = issues
            .iter()
            .map(|i| i.pages.iter().map(|p| p.file_name().unwrap().to_string_lossy().into_owned()).collect())
            .collect();
        assert_eq!(names, vec![vec!["2023-11-24_01.txt", "2023-11-24_02.txt"], vec!["2023-11-25_01.txt"], vec!["notes.md"]]);
        let opts = WalkOptions { exclude: vec!["2023-11-25*".into()], ..WalkOptions::default() };
        assert_eq!(discover(&[dir.path().to_path_buf()], &opts).unwrap().len(), 2);
    }

    #[test]
    fn custom_pattern() {
        let re = Regex::new(r"_s(\d+)_").unwrap();
        assert_eq!(page_number(Path::new("rmrb_s07_final.md"), Some(&re)), Some(7));
    }
}
