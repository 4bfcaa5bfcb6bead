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

/// The default page-number rule: the last number in the stem, of at most
/// three digits after leading zeros, after a separator, a letter or `page`
/// (`p01`, `01`, `2023-11-24_01`, `A03`, `page-12`). Returns where the
/// match starts (at the separator, letter or `page`) and the digits.
/// Written out rather than as a regex: compiling one cost every run a
/// fifth of a millisecond.
fn default_page_match(stem: &str) -> Option<(usize, &str)> {
    let digits_start = stem.len() - stem.bytes().rev().take_while(u8::is_ascii_digit).count();
    let run = &stem[digits_start..];
    let digits = match run.trim_start_matches('0') {
        "" => run.get(run.len().checked_sub(1)?..)?,
        value => value,
    };
    if digits.len() > 3 {
        return None;
    }
    let before = &stem[..digits_start];
    let page = before.len().checked_sub(4).and_then(|k| before.get(k..)).is_some_and(|tail| tail.eq_ignore_ascii_case("page"));
    let start = match before.chars().next_back() {
        _ if page => digits_start - 4,
        None => 0,
        // A letter in any case: the Kelvin sign and the long s are `k` and
        // `s` when case is ignored.
        Some(c) if matches!(c, '_' | '-' | '.' | ' ' | '\u{212A}' | '\u{17F}') || c.is_ascii_alphabetic() => digits_start - c.len_utf8(),
        Some(_) => return None,
    };
    Some((start, digits))
}

/// The page number a file name gives, with the default rule or `pattern`
/// (a regex whose first capture group is the number, matched against the file stem).
pub fn page_number(path: &Path, pattern: Option<&Regex>) -> Option<u32> {
    let stem = path.file_stem()?.to_str()?;
    if pattern.is_none() && is_date(stem) {
        return None; // `2023-11-24`: a date, not page 24
    }
    let digits = match pattern {
        Some(re) => re.captures(stem)?.get(1)?.as_str(),
        None => default_page_match(stem)?.1,
    };
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

/// A file stem that is a date and nothing else (`2023-11-24`, `19980110`,
/// `1998_1_5`): a year of the 1900s or 2000s, a month and a day, each
/// optionally after one of `-`, `_`, `.`.
fn is_date(stem: &str) -> bool {
    let b = stem.as_bytes();
    if b.len() < 6 || !(b.starts_with(b"19") || b.starts_with(b"20")) || !b[2].is_ascii_digit() || !b[3].is_ascii_digit() {
        return false;
    }
    // Every way to read an optional separator off the front.
    fn separated(s: &[u8]) -> impl Iterator<Item = &[u8]> {
        std::iter::once(s).chain(s.strip_prefix(b"-").or(s.strip_prefix(b"_")).or(s.strip_prefix(b".")))
    }
    // Every way to read a month (`1`–`9`, `01`–`09`, `10`–`12`) off the front.
    fn months(s: &[u8]) -> impl Iterator<Item = &[u8]> {
        let one = matches!(s, [b'1'..=b'9', ..]).then(|| &s[1..]);
        let two = matches!(s, [b'0', b'1'..=b'9', ..] | [b'1', b'0'..=b'2', ..]).then(|| &s[2..]);
        one.into_iter().chain(two)
    }
    let day = |s: &[u8]| matches!(s, [b'1'..=b'9'] | [b'0', b'1'..=b'9'] | [b'1' | b'2', b'0'..=b'9'] | [b'3', b'0' | b'1']);
    separated(&b[4..]).flat_map(months).flat_map(separated).any(day)
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
    let start = match pattern {
        Some(re) => re.find(stem).map(|m| m.start()),
        None => default_page_match(stem).map(|m| m.0),
    };
    let prefix = start.map(|start| stem[..start].trim_end_matches(['_', '-', '.', ' ']).to_string());
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

    /// Stems built from the pieces page names and dates are made of.
    fn stems(seed: u64, pieces: &[&str]) -> impl Iterator<Item = String> {
        let mut next = crate::testing::numbers(seed);
        let pieces: Vec<String> = pieces.iter().map(|p| p.to_string()).collect();
        (0..20_000).map(move |_| (0..1 + next(6)).map(|_| pieces[next(pieces.len())].as_str()).collect())
    }

    #[test]
    fn the_page_number_rule_reads_what_its_pattern_reads() {
        let re = Regex::new(r"(?i)(?:^|[_\-. ]|page|p|[a-z])0*([0-9]{1,3})$").unwrap();
        let pieces = ["0", "00", "1", "12", "7", "1998", "p", "P", "page", "PAGE", "pa", "ge", "_", "-", ".", " ", "A", "版", "\u{212A}", "é", "#"];
        let mut matched = 0;
        for stem in stems(0x2545_f491_4f6c_dd1d, &pieces) {
            let want = re.captures(&stem).map(|c| (c.get(0).unwrap().start(), c.get(1).unwrap().as_str().to_string()));
            matched += usize::from(want.is_some());
            assert_eq!(default_page_match(&stem).map(|(at, d)| (at, d.to_string())), want, "{stem:?}");
        }
        assert!(matched > 2_000, "{matched}");
    }

    #[test]
    fn the_date_rule_reads_what_its_pattern_reads() {
        let re = Regex::new(r"^(19|20)[0-9][0-9]([-_.]?)(0?[1-9]|1[0-2])([-_.]?)(0?[1-9]|[12][0-9]|3[01])$").unwrap();
        // Date-shaped stems, each part now and then a near miss.
        let parts: [&[&str]; 6] = [
            &["19", "20", "18", "2", "199"],
            &["98", "0", "12", "9"],
            &["", "", "-", "_", ".", "--", "a"],
            &["1", "01", "9", "10", "12", "13", "0", "00"],
            &["", "", "-", "_", ".", "/"],
            &["1", "09", "10", "29", "30", "31", "32", "0", "3", "1a", "123"],
        ];
        let mut next = crate::testing::numbers(0x9e37_79b9_7f4a_7c15u64);
        let mut dates = 0;
        for _ in 0..20_000 {
            let stem: String = parts.iter().map(|p| p[next(p.len())]).collect();
            dates += usize::from(re.is_match(&stem));
            assert_eq!(is_date(&stem), re.is_match(&stem), "{stem:?}");
        }
        assert!(dates > 1_000, "{dates}");
    }

    #[test]
    fn custom_pattern() {
        let re = Regex::new(r"_s(\d+)_").unwrap();
        assert_eq!(page_number(Path::new("rmrb_s07_final.md"), Some(&re)), Some(7));
    }
}
