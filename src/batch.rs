//! Many issues at once: analysed in parallel in bounded batches, with the
//! results delivered in input order (so output is the same for any number of
//! threads, and memory stays bounded however many issues a run has); a page
//! file too large to hold is read, analysed and repaired part by part. A
//! file that cannot be read, or a defect that stops one issue's analysis,
//! is reported and the batch goes on.

use crate::input::{ChunkReader, Encoding};
use crate::issue::IssueFiles;
use crate::pipeline::Analysis;
use crate::proofread::{Issue, Proofreader};
use std::path::{Path, PathBuf};

/// Issues analysed in parallel at a time.
pub const ISSUES_PER_BATCH: usize = 64;

/// A page file larger than this many bytes is best read in parts
/// ([`Job::streamed`]); `JIAODUI_STREAM_BYTES` overrides it (the tests use
/// small parts).
pub fn stream_threshold() -> u64 {
    std::env::var("JIAODUI_STREAM_BYTES").ok().and_then(|v| v.parse().ok()).unwrap_or(16 << 20)
}

/// One issue to analyse.
#[derive(Debug, Clone)]
pub struct Job {
    pub files: IssueFiles,
    /// Index of the [`Proofreader`] (the settings) that applies to it.
    pub proofreader: usize,
    /// A single file too large to hold: read and analysed in parts of a
    /// quarter of [`stream_threshold`], in order.
    pub streamed: bool,
    /// Which of `files.pages` are context only (read to inform the others).
    pub context: Vec<bool>,
}

/// What the run delivers for a job, in input order.
#[derive(Debug)]
pub enum Event<T> {
    /// A file that could not be read, or an issue whose analysis failed (a
    /// defect in jiaodui: its pages are left untouched). The message names
    /// the files.
    Error(String),
    /// An analysed issue, or one part of a streamed file, as the work
    /// function rendered it.
    Done(T),
    /// The end of a streamed file; `complete` is false when a part could not
    /// be read or analysed, so what was made of the parts before must not
    /// be put in place.
    FileEnd { complete: bool },
}

/// Runs jobs on a pool of threads.
pub struct Runner {
    pool: rayon::ThreadPool,
}

impl Runner {
    /// A runner on `threads` worker threads (0: one per core).
    pub fn new(threads: usize) -> std::io::Result<Runner> {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().map_err(std::io::Error::other)?;
        Ok(Runner { pool })
    }

    /// Analyse every job with its proofreader, render each analysis with
    /// `work` on the worker threads, and hand the results to `deliver` in
    /// input order on the calling thread. An error from `deliver` stops the
    /// run and is returned.
    pub fn run<T: Send, E>(
        &self,
        jobs: &[Job],
        proofreaders: &[Proofreader],
        work: impl Fn(&Analysis, &Proofreader) -> T + Sync,
        mut deliver: impl FnMut(&Job, Event<T>) -> Result<(), E>,
    ) -> Result<(), E> {
        use rayon::prelude::*;
        let mut start = 0;
        while start < jobs.len() {
            let job = &jobs[start];
            if job.streamed {
                stream(job, &proofreaders[job.proofreader], &work, &mut deliver)?;
                start += 1;
                continue;
            }
            let end = (start..jobs.len()).find(|&k| jobs[k].streamed || k - start >= ISSUES_PER_BATCH).unwrap_or(jobs.len());
            let batch = &jobs[start..end];
            let results: Vec<Vec<Event<T>>> = self.pool.install(|| batch.par_iter().map(|job| one_issue(job, &proofreaders[job.proofreader], &work)).collect());
            for (events, job) in results.into_iter().zip(batch) {
                for event in events {
                    deliver(job, event)?;
                }
            }
            start = end;
        }
        Ok(())
    }
}

/// Read, analyse and render one issue.
fn one_issue<T>(job: &Job, proofreader: &Proofreader, work: &(impl Fn(&Analysis, &Proofreader) -> T + Sync)) -> Vec<Event<T>> {
    let context = |path: &Path| job.files.pages.iter().zip(&job.context).any(|(p, &c)| c && p == path);
    let (issue, errors) = Issue::read(&job.files, proofreader.settings().encoding, context);
    let mut events: Vec<Event<T>> = errors.into_iter().map(|e| Event::Error(e.to_string())).collect();
    if issue.is_empty() {
        return events;
    }
    events.push(match analyze_and_render(issue, proofreader, work) {
        Ok(done) => Event::Done(done),
        Err(message) => Event::Error(internal_error(&job.files.pages, &message)),
    });
    events
}

/// A defect in the analysis of one issue must not stop the batch: a panic
/// becomes an error message.
fn analyze_and_render<T>(issue: Issue, proofreader: &Proofreader, work: &impl Fn(&Analysis, &Proofreader) -> T) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let analysis = proofreader.analyze(issue);
        work(&analysis, proofreader)
    }))
    .map_err(|panic| {
        panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into())
    })
}

/// One large file (or standard input), part by part, in order.
fn stream<T, E>(job: &Job, proofreader: &Proofreader, work: &impl Fn(&Analysis, &Proofreader) -> T, deliver: &mut impl FnMut(&Job, Event<T>) -> Result<(), E>) -> Result<(), E> {
    let path = &job.files.pages[0];
    let encoding: Option<Encoding> = proofreader.settings().encoding;
    let reader = if path.as_os_str() == "-" { ChunkReader::stdin(stream_threshold() as usize, encoding) } else { ChunkReader::open(path, encoding) };
    let mut reader = match reader {
        Ok(r) => r,
        Err(e) => {
            deliver(job, Event::Error(e.to_string()))?;
            return deliver(job, Event::FileEnd { complete: false });
        }
    };
    while let Some(part) = reader.next_part((stream_threshold() / 4).max(1) as usize) {
        let part = match part {
            Ok(p) => p,
            Err(e) => {
                deliver(job, Event::Error(e.to_string()))?;
                return deliver(job, Event::FileEnd { complete: false });
            }
        };
        match analyze_and_render(Issue::of_source(part, job.files.numbers[0]), proofreader, work) {
            Ok(done) => deliver(job, Event::Done(done))?,
            Err(message) => {
                deliver(job, Event::Error(internal_error(&job.files.pages, &message)))?;
                return deliver(job, Event::FileEnd { complete: false });
            }
        }
    }
    deliver(job, Event::FileEnd { complete: true })
}

/// The message for an issue whose analysis panicked (a defect in jiaodui):
/// which files were left untouched, and what to report.
fn internal_error(pages: &[PathBuf], what: &str) -> String {
    let names: Vec<String> = pages.iter().map(|p| p.display().to_string()).collect();
    format!("internal error while analysing {} (left untouched; please report this with the files): {what}", names.join(", "))
}

/// Settings given for the whole run (the command line's flags), on top of
/// the `jiaodui.toml` that applies in each directory.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// One settings file for every path, instead of the nearest `jiaodui.toml`.
    pub config: Option<PathBuf>,
    pub min_confidence: Option<f64>,
    /// Turn the character checks off.
    pub no_typos: bool,
    /// More word lists.
    pub lexicons: Vec<PathBuf>,
    pub page_pattern: Option<String>,
    pub include: Vec<String>,
    pub exclude: Vec<String>,
    pub encoding: Option<Encoding>,
    pub output_encoding: Option<Encoding>,
    /// Apply the excludes to paths named explicitly too.
    pub force_exclude: bool,
    /// Read the rest of a named page's issue as context.
    pub siblings: bool,
    /// No embedded lexicon (tests and measurements).
    pub no_lexicon: bool,
}

impl Overrides {
    /// The settings for a directory: the `config` file or the nearest
    /// `jiaodui.toml`, with these overrides on top.
    pub fn settings_for(&self, dir: &Path) -> Result<crate::config::Settings, crate::config::ConfigError> {
        let file = match &self.config {
            Some(p) => Some(p.clone()),
            None => crate::config::find(dir),
        };
        let mut s = crate::config::settings(file.as_deref())?;
        if let Some(c) = self.min_confidence {
            s.min_confidence = c;
        }
        if self.no_typos {
            s.checks.retain(|c| *c != crate::config::Check::Typos);
        }
        s.lexicon.extend(self.lexicons.iter().cloned());
        if self.page_pattern.is_some() {
            s.page_pattern = self.page_pattern.clone();
        }
        s.include.extend(self.include.iter().cloned());
        s.exclude.extend(self.exclude.iter().cloned());
        s.encoding = self.encoding.or(s.encoding);
        s.output_encoding = self.output_encoding.or(s.output_encoding);
        Ok(s)
    }
}

/// Why a run cannot start.
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    /// The paths or flags do not make a run (exit code 64 on the command line).
    #[error("{0}")]
    Usage(String),
    /// A settings file or word list that cannot be used (exit code 78).
    #[error("{0}")]
    Config(String),
    /// Nothing could be read: every path given names a directory that
    /// cannot be listed, or is missing (exit code 1, as for other I/O errors).
    #[error("{0}")]
    Io(String),
}

impl From<crate::proofread::SettingsError> for PlanError {
    fn from(e: crate::proofread::SettingsError) -> Self {
        match e {
            crate::proofread::SettingsError::MissingWordList { .. } => PlanError::Usage(e.to_string()),
            _ => PlanError::Config(e.to_string()),
        }
    }
}

/// The work of a run: every issue found under the paths given, with the
/// proofreader (settings and lexicon) that applies to it.
#[derive(Debug)]
pub struct Plan {
    /// One per distinct settings.
    pub proofreaders: Vec<Proofreader>,
    pub jobs: Vec<Job>,
    /// Each page's path relative to the path it was found under (a named
    /// file: its file name), which an output directory mirrors.
    pub relative: std::collections::HashMap<PathBuf, PathBuf>,
    /// Paths given that do not exist or cannot be listed (the rest go on).
    pub missing: Vec<String>,
}

impl Plan {
    /// Find the pages under `paths` (files, directories, `-`), group them
    /// into issues and choose each issue's settings. `streaming`: whether a
    /// large single file may be read in parts. With `output_dir`, two pages
    /// that would be written to one file there are refused before anything
    /// is written.
    pub fn discover(paths: &[PathBuf], overrides: &Overrides, streaming: bool, output_dir: Option<&Path>) -> Result<Plan, PlanError> {
        use crate::issue::{self, WalkOptions};
        if let Some(p) = &overrides.config {
            if !p.is_file() {
                return Err(PlanError::Config(format!("{}: no such settings file", p.display())));
            }
        }
        let config = |e: crate::config::ConfigError| PlanError::Config(e.to_string());
        let mut plan = Plan { proofreaders: Vec::new(), jobs: Vec::new(), relative: Default::default(), missing: Vec::new() };
        let mut context = std::collections::HashSet::new();
        // Each path is walked with the include/exclude settings that apply
        // where it is; then all files are grouped into issues together, so
        // pages named one by one still make one issue.
        let mut files = Vec::new();
        let mut pattern = None;
        // A directory that exists but cannot be listed is an I/O error, not
        // a usage error.
        let mut unlistable = false;
        for path in paths {
            let dir = if path.is_dir() { path.clone() } else { path.parent().map(Path::to_path_buf).unwrap_or_default() };
            let walk_settings = overrides.settings_for(&dir).map_err(config)?;
            let walk = WalkOptions {
                include: walk_settings.include.clone(),
                exclude: walk_settings.exclude.clone(),
                pattern: walk_settings.page_pattern.as_deref().map(crate::config::page_pattern).transpose().map_err(|e| PlanError::Usage(format!("--page-pattern: {e}")))?,
                root: walk_settings.config_file.as_deref().and_then(Path::parent).map(Path::to_path_buf),
                force_exclude: overrides.force_exclude,
            };
            let before = files.len();
            match issue::collect(path, &walk, &mut files) {
                Ok(()) => {}
                // A missing path among others is reported and the rest go on.
                Err(e @ (issue::DiscoverError::Missing { .. } | issue::DiscoverError::Io { .. })) => {
                    unlistable |= matches!(e, issue::DiscoverError::Io { .. });
                    plan.missing.push(e.to_string());
                    continue;
                }
                Err(e) => return Err(PlanError::Usage(e.to_string())),
            }
            for f in &files[before..] {
                let rel = match f.strip_prefix(path) {
                    Ok(rel) if !rel.as_os_str().is_empty() => rel.to_path_buf(),
                    _ => f.file_name().map(PathBuf::from).unwrap_or_else(|| f.clone()),
                };
                plan.relative.entry(f.clone()).or_insert(rel);
            }
            // The rest of a named page's issue, as context only.
            if overrides.siblings && path.is_file() {
                let mut others = Vec::new();
                let _ = issue::collect(&dir_or_dot(&dir), &walk, &mut others);
                let key = issue::issue_of(path, walk.pattern.as_ref());
                for other in others.into_iter().filter(|o| same_dir(o, path)) {
                    // `./p02.md` beside a bare `p01.md` is `p02.md`.
                    let other = if dir.as_os_str().is_empty() { other.strip_prefix(".").map(Path::to_path_buf).unwrap_or(other) } else { other };
                    let named = paths.iter().any(|p| p == &other || (p.is_file() && same_file(p, &other)));
                    if !named && !files.contains(&other) && issue::issue_of(&other, walk.pattern.as_ref()) == key {
                        context.insert(other.clone());
                        files.push(other);
                    }
                }
            }
            pattern = pattern.or(walk.pattern);
        }
        if let Some(out) = output_dir {
            plan.refuse_collisions(out)?;
        }
        if files.is_empty() {
            if plan.missing.len() == paths.len() {
                let message = plan.missing.join("; ");
                return Err(if unlistable { PlanError::Io(message) } else { PlanError::Usage(message) });
            }
            let given: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
            return Err(PlanError::Usage(format!("no pages found in {} (pages are *.md and *.txt files, and hOCR, ALTO and PaddleOCR JSON files)", given.join(", "))));
        }
        for files in issue::group(files, pattern.as_ref()) {
            let settings = overrides.settings_for(&files.dir).map_err(config)?;
            let proofreader = match plan.proofreaders.iter().position(|p| *p.settings() == settings) {
                Some(i) => i,
                None => {
                    let lexicon = if overrides.no_lexicon { crate::Lexicon::empty() } else { crate::Lexicon::embedded() };
                    plan.proofreaders.push(Proofreader::with_lexicon(settings, lexicon)?);
                    plan.proofreaders.len() - 1
                }
            };
            // Standard input is always read through the part reader, which
            // keeps it whole when it is small.
            let streamed = files.pages.len() == 1
                && streaming
                && (files.pages[0].as_os_str() == "-" || std::fs::metadata(&files.pages[0]).is_ok_and(|m| m.len() > stream_threshold()))
                // An OCR document is read whole: its parts are not pages.
                && !crate::ocr::sniff_file(&files.pages[0]);
            let context = files.pages.iter().map(|p| context.contains(p)).collect();
            plan.jobs.push(Job { files, proofreader, streamed, context });
        }
        Ok(plan)
    }

    /// An output directory mirrors the inputs: two pages that would land on
    /// one file are a usage error before anything is written.
    fn refuse_collisions(&self, output_dir: &Path) -> Result<(), PlanError> {
        let mut seen: std::collections::HashMap<&Path, &Path> = std::collections::HashMap::new();
        for (page, rel) in &self.relative {
            if let Some(other) = seen.insert(rel.as_path(), page.as_path()) {
                if other != page.as_path() {
                    let (a, b) = if other < page.as_path() { (other, page.as_path()) } else { (page.as_path(), other) };
                    return Err(PlanError::Usage(format!(
                        "{} and {} would both be written to {}; give their directories instead, so the output mirrors them",
                        a.display(),
                        b.display(),
                        output_dir.join(rel).display()
                    )));
                }
            }
        }
        Ok(())
    }

    /// Whether a page is read only as context for its issue.
    pub fn is_context(&self, path: &Path) -> bool {
        self.jobs.iter().any(|j| j.files.pages.iter().zip(&j.context).any(|(p, &c)| c && p == path))
    }

    /// The number of page files in the run.
    pub fn page_files(&self) -> usize {
        self.jobs.iter().map(|j| j.files.pages.len()).sum()
    }
}

/// `dir`, or `.` for the empty path of a bare file name.
fn dir_or_dot(dir: &Path) -> PathBuf {
    if dir.as_os_str().is_empty() { PathBuf::from(".") } else { dir.to_path_buf() }
}

/// Whether two paths name the same file.
fn same_file(a: &Path, b: &Path) -> bool {
    matches!((a.canonicalize(), b.canonicalize()), (Ok(x), Ok(y)) if x == y)
}

/// Whether two files are in the same directory (`p01.md` and `./p02.md` are).
fn same_dir(a: &Path, b: &Path) -> bool {
    let dir = |p: &Path| dir_or_dot(p.parent().unwrap_or(Path::new(""))).canonicalize().ok();
    dir(a).is_some() && dir(a) == dir(b)
}
