//! The `jiaodui` command line: parses arguments, runs the library, prints,
//! and maps the outcome to a documented exit code.

use anyhow::Context;
use clap::{Args, Parser, Subcommand, ValueEnum};
use jiaodui::config::{self, Check, Settings};
use jiaodui::input::{Encoding, Source};
use jiaodui::issue::{self, IssueFiles, WalkOptions};
use jiaodui::messages::Lang;
use jiaodui::report::{self, Record, Selection};
use jiaodui::{analyze, Analysis, EditKind, Lexicon, Options};
use std::collections::BTreeMap;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// Exit codes (documented in the README, locked by tests/cli.rs).
mod exit {
    /// Nothing to repair.
    pub const CLEAN: u8 = 0;
    /// Other errors: an unreadable or undecodable file, a failed write.
    pub const ERROR: u8 = 1;
    /// `check`/`diff` found something to repair or review.
    pub const FINDINGS: u8 = 2;
    /// Bad command-line usage.
    pub const USAGE: u8 = 64;
    /// A lexicon or configuration file is malformed.
    pub const CONFIG: u8 = 78;
}

/// Repairs the text that OCR makes of scanned Chinese newspapers.
#[derive(Parser, Debug)]
#[command(name = "jiaodui", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Report findings as `file:line:col: kind (confidence, status): message [id]`
    /// (or JSON Lines, SARIF, reviewdog's rdjson).
    Check {
        #[command(flatten)]
        common: CommonArgs,
        /// Which findings make the exit code 2: `review` (what fix applies and
        /// what needs a decision; the default), `applied` (what fix applies),
        /// `all`, `none`, a confidence (findings at or above it), or kinds
        /// (`dup_word,join`).
        #[arg(long, value_parser = parse_fail_on, default_value = "review")]
        fail_on: FailOn,
    },
    /// Write repaired pages: in place, to --output DIR, or to stdout for `-`.
    Fix {
        #[command(flatten)]
        common: CommonArgs,
        /// Write repaired pages into this directory (mirroring the inputs)
        /// instead of in place.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Rewrite read-only pages too.
        #[arg(long)]
        force: bool,
    },
    /// Show a unified diff of what `fix` would write.
    Diff {
        #[command(flatten)]
        common: CommonArgs,
        /// Colour: auto (when stdout is a terminal), always, never.
        #[arg(long, value_enum, default_value_t = Color::Auto)]
        color: Color,
        /// The page as printed and repaired in two columns (for reading; it
        /// does not apply as a patch). Width: $COLUMNS, else the terminal's, else 120.
        #[arg(long, short = 'y')]
        side_by_side: bool,
    },
    /// Print the reconstructed articles (JSON Lines, or Markdown files with --format md).
    Articles {
        #[command(flatten)]
        common: CommonArgs,
        /// With --format md: the directory to write one Markdown file per article into.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Write one self-contained HTML page for reviewing every change, one at
    /// a time (accept, reject, choose an alternative), which exports the
    /// decisions for `apply`.
    Review {
        #[command(flatten)]
        common: CommonArgs,
        /// The HTML file to write (`-` for standard output).
        #[arg(long, short, required = true)]
        output: PathBuf,
    },
    /// Write exactly the changes a decisions file (exported by the review
    /// page) accepts, with the replacements chosen, and nothing else.
    Apply {
        #[command(flatten)]
        common: CommonArgs,
        /// The decisions file.
        #[arg(long, required = true)]
        decisions: PathBuf,
        /// Rewrite read-only pages too.
        #[arg(long)]
        force: bool,
    },
    /// Show the settings in effect for a path (its jiaodui.toml and defaults).
    Config {
        /// Print the effective settings.
        #[arg(long, required = true)]
        show: bool,
        /// The file or directory whose settings to show (default: the current directory).
        path: Option<PathBuf>,
        /// Use this settings file instead of searching for jiaodui.toml.
        #[arg(long)]
        config: Option<PathBuf>,
    },
}

#[derive(Args, Debug)]
struct CommonArgs {
    /// Page files, directories (searched for *.md and *.txt), or `-` for stdin.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Output format: check: text (default), json, sarif, rdjson; articles:
    /// json (default), md; fix and diff: text.
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Apply a character correction only at or above this confidence (0–1; default 0.9).
    #[arg(long, value_parser = parse_confidence, allow_negative_numbers = true)]
    min_confidence: Option<f64>,
    /// An extra word list (one word per line, optional TAB and frequency). Repeatable.
    #[arg(long = "lexicon", value_name = "PATH")]
    lexicons: Vec<PathBuf>,
    /// Regex for page numbers in file stems; its first group is the number.
    #[arg(long, value_name = "REGEX")]
    page_pattern: Option<String>,
    /// Only structural repairs: no character checks.
    #[arg(long)]
    no_typos: bool,
    /// Settings file to use instead of the nearest jiaodui.toml.
    #[arg(long, value_name = "PATH")]
    config: Option<PathBuf>,
    /// Only files matching this glob when walking directories. Repeatable.
    #[arg(long, value_name = "GLOB")]
    include: Vec<String>,
    /// Skip files and directories matching this glob. Repeatable.
    #[arg(long, value_name = "GLOB")]
    exclude: Vec<String>,
    /// Input encoding: utf-8, gb18030 (gbk, gb2312), big5 (default: detect).
    #[arg(long, value_parser = parse_encoding)]
    encoding: Option<Encoding>,
    /// Write repaired files in this encoding (default: each file's own).
    #[arg(long, value_parser = parse_encoding)]
    output_encoding: Option<Encoding>,
    /// Issues analysed in parallel (default: all cores).
    #[arg(long, short = 'j', value_name = "N")]
    jobs: Option<usize>,
    /// No progress bar, summary or `fixed …` lines on stderr (errors still are).
    #[arg(long, short = 'q')]
    quiet: bool,
    /// Apply `exclude` to files named on the command line too, not only to
    /// what a directory walk finds (the pre-commit hooks set it).
    #[arg(long)]
    force_exclude: bool,
    /// Language of the findings' messages and the summary: en, zh (error
    /// messages stay in English).
    #[arg(long, value_enum, default_value_t = LangArg::En)]
    lang: LangArg,
    /// Read the other pages of each named page's issue (its directory) as
    /// context, so jumps and moves are judged on the whole issue, but report
    /// and write only the pages named (the pre-commit hooks set it).
    #[arg(long)]
    siblings: bool,
    /// Run without the embedded lexicon (benchmarks measure what it costs).
    #[arg(long, hide = true)]
    no_lexicon: bool,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq)]
enum Format {
    Text,
    Json,
    Md,
    Sarif,
    Rdjson,
}

impl Format {
    fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Json => "json",
            Format::Md => "md",
            Format::Sarif => "sarif",
            Format::Rdjson => "rdjson",
        }
    }
}

/// Which findings fail `check` (exit 2).
#[derive(Clone, Debug, PartialEq)]
enum FailOn {
    /// What `fix` applies and what needs a decision.
    Review,
    /// What `fix` applies.
    Applied,
    All,
    None,
    /// Findings at or above a confidence (reports excepted).
    Confidence(f64),
    /// Findings of these kinds.
    Kinds(Vec<String>),
}

fn parse_fail_on(s: &str) -> Result<FailOn, String> {
    Ok(match s {
        "review" => FailOn::Review,
        "applied" => FailOn::Applied,
        "all" => FailOn::All,
        "none" => FailOn::None,
        _ => match s.parse::<f64>() {
            Ok(c) => FailOn::Confidence(parse_confidence(s).map(|_| c)?),
            Err(_) => {
                let kinds: Vec<String> = s.split(',').map(|k| k.trim().to_string()).collect();
                if let Some(bad) = kinds.iter().find(|k| !KINDS.contains(&k.as_str())) {
                    return Err(format!("{bad:?} is neither a policy (review, applied, all, none), a confidence, nor a finding kind ({})", KINDS.join(", ")));
                }
                FailOn::Kinds(kinds)
            }
        },
    })
}

/// Every finding kind, for `--fail-on`.
const KINDS: [&str; 11] = ["join", "reorder", "jump", "orphan", "truncated", "fragment", "interleaved", "dup_word", "dup_char", "ocr_confusion", "punctuation"];

impl FailOn {
    fn fails(&self, r: &Record) -> bool {
        let Record::Finding { kind, confidence, .. } = r else { return false };
        let status = r.status().unwrap_or("report");
        match self {
            FailOn::Review => status != "report",
            FailOn::Applied => status == "fix applies",
            FailOn::All => true,
            FailOn::None => false,
            FailOn::Confidence(c) => status != "report" && *confidence >= *c,
            FailOn::Kinds(kinds) => kinds.iter().any(|k| k == kind),
        }
    }
}

/// Reject an option a command would ignore: a usage error, not silence.
/// `formats[0]` is the command's default. Returns the format in effect.
fn check_usage(command: &str, args: &CommonArgs, formats: &[Format]) -> Result<Format, Failure> {
    let format = args.format.unwrap_or(formats[0]);
    if !formats.contains(&format) {
        let allowed: Vec<&str> = formats.iter().map(|f| f.name()).collect();
        return Err(Failure::Usage(format!("`{command}` has no --format {} (it writes {})", format.name(), allowed.join(", "))));
    }
    if args.output_encoding.is_some() && matches!(command, "check" | "diff" | "articles") {
        return Err(Failure::Usage(format!("--output-encoding is for `fix`: `{command}` writes no pages")));
    }
    Ok(format)
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq)]
enum LangArg {
    En,
    Zh,
}

impl LangArg {
    fn lang(self) -> Lang {
        match self {
            LangArg::En => Lang::En,
            LangArg::Zh => Lang::Zh,
        }
    }
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq)]
enum Color {
    Auto,
    Always,
    Never,
}

fn parse_confidence(s: &str) -> Result<f64, String> {
    let v: f64 = s.parse().map_err(|_| format!("{s:?} is not a number"))?;
    if (0.0..=1.0).contains(&v) {
        Ok(v)
    } else {
        Err(format!("{v} is not between 0 and 1"))
    }
}

fn parse_encoding(s: &str) -> Result<Encoding, String> {
    Encoding::parse(s).ok_or_else(|| format!("unknown encoding {s:?} (utf-8, gb18030, gbk, gb2312, big5)"))
}

/// What went wrong, mapped to an exit code.
enum Failure {
    Usage(String),
    Config(String),
    Other(anyhow::Error),
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Failure::Other(e.into())
    }
}

impl From<anyhow::Error> for Failure {
    fn from(e: anyhow::Error) -> Self {
        Failure::Other(e)
    }
}

/// Settings and lexicon for the issues under one settings file.
struct Profile {
    settings: Settings,
    lexicon: Lexicon,
}

/// An issue to analyse, with the profile that applies to it.
struct Job {
    files: IssueFiles,
    profile: usize,
    /// A single file too large to hold: read and repaired in parts.
    streamed: bool,
}

/// A page file larger than this is read in parts of a quarter of it, so
/// memory stays bounded however large the input. `JIAODUI_STREAM_BYTES`
/// overrides it (the tests use small parts).
fn stream_threshold() -> u64 {
    std::env::var("JIAODUI_STREAM_BYTES").ok().and_then(|v| v.parse().ok()).unwrap_or(16 << 20)
}

/// Validated run: every issue with its profile.
struct Run {
    profiles: Vec<Profile>,
    jobs: Vec<Job>,
    /// Each page's path relative to the path it was found under (a named
    /// file: its file name), which `--output` mirrors.
    relative: std::collections::HashMap<PathBuf, PathBuf>,
    /// Paths given that do not exist or cannot be listed.
    missing: Vec<String>,
    /// Pages read as context for a named page's issue (`--siblings`):
    /// analysed, never reported or written.
    context: std::collections::HashSet<PathBuf>,
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

/// The settings for a directory: --config, or the nearest jiaodui.toml,
/// with command-line flags on top.
fn settings_for(dir: &Path, args: &CommonArgs) -> Result<Settings, Failure> {
    let file = match &args.config {
        Some(p) => Some(p.clone()),
        None => config::find(dir),
    };
    let mut s = config::settings(file.as_deref()).map_err(|e| Failure::Config(e.to_string()))?;
    if let Some(c) = args.min_confidence {
        s.min_confidence = c;
    }
    if args.no_typos {
        s.checks.retain(|c| *c != Check::Typos);
    }
    s.lexicon.extend(args.lexicons.iter().cloned());
    if args.page_pattern.is_some() {
        s.page_pattern = args.page_pattern.clone();
    }
    s.include.extend(args.include.iter().cloned());
    s.exclude.extend(args.exclude.iter().cloned());
    s.encoding = args.encoding.or(s.encoding);
    s.output_encoding = args.output_encoding.or(s.output_encoding);
    Ok(s)
}

fn compile_pattern(p: Option<&str>) -> Result<Option<regex::Regex>, Failure> {
    let Some(p) = p else { return Ok(None) };
    let re = regex::Regex::new(p).map_err(|e| Failure::Usage(format!("--page-pattern: {e}")))?;
    if re.captures_len() < 2 {
        return Err(Failure::Usage("--page-pattern needs a capture group for the page number".into()));
    }
    Ok(Some(re))
}

impl Run {
    /// `streaming`: whether large files may be read in parts (not for
    /// `diff`, whose hunks number lines from the start of the file).
    fn new(args: &CommonArgs, streaming: bool, output_dir: Option<&Path>) -> Result<Run, Failure> {
        // Walking a large archive takes a while: say so on a terminal.
        let busy = (!args.quiet && io::stderr().is_terminal()).then(|| {
            let spinner = indicatif::ProgressBar::new_spinner();
            spinner.set_message("finding pages and reading settings…");
            spinner.enable_steady_tick(std::time::Duration::from_millis(120));
            spinner
        });
        let run = Self::discover(args, streaming, output_dir);
        if let Some(spinner) = busy {
            spinner.finish_and_clear();
        }
        run
    }

    fn discover(args: &CommonArgs, streaming: bool, output_dir: Option<&Path>) -> Result<Run, Failure> {
        if let Some(p) = &args.config {
            if !p.is_file() {
                return Err(Failure::Config(format!("{}: no such settings file", p.display())));
            }
        }
        let mut run = Run { profiles: Vec::new(), jobs: Vec::new(), relative: Default::default(), missing: Vec::new(), context: Default::default() };
        // Each path is walked with the include/exclude settings that apply
        // where it is; then all files are grouped into issues together, so
        // pages named one by one still make one issue.
        let mut files = Vec::new();
        let mut pattern = None;
        for path in &args.paths {
            let dir = if path.is_dir() { path.clone() } else { path.parent().map(Path::to_path_buf).unwrap_or_default() };
            let walk_settings = settings_for(&dir, args)?;
            let walk = WalkOptions {
                include: walk_settings.include.clone(),
                exclude: walk_settings.exclude.clone(),
                pattern: compile_pattern(walk_settings.page_pattern.as_deref())?,
                root: walk_settings.config_file.as_deref().and_then(Path::parent).map(Path::to_path_buf),
                force_exclude: args.force_exclude,
            };
            let before = files.len();
            match issue::collect(path, &walk, &mut files) {
                Ok(()) => {}
                // A missing path among others is reported and the rest go on.
                Err(e @ issue::DiscoverError::Missing { .. }) => {
                    run.missing.push(e.to_string());
                    continue;
                }
                Err(e @ issue::DiscoverError::Io { .. }) => {
                    run.missing.push(e.to_string());
                    continue;
                }
                Err(e) => return Err(Failure::Usage(e.to_string())),
            }
            for f in &files[before..] {
                let rel = match f.strip_prefix(path) {
                    Ok(rel) if !rel.as_os_str().is_empty() => rel.to_path_buf(),
                    _ => f.file_name().map(PathBuf::from).unwrap_or_else(|| f.clone()),
                };
                run.relative.entry(f.clone()).or_insert(rel);
            }
            // The rest of a named page's issue, as context only.
            if args.siblings && path.is_file() {
                let mut others = Vec::new();
                let _ = issue::collect(&dir_or_dot(&dir), &walk, &mut others);
                let key = issue::issue_of(path, walk.pattern.as_ref());
                for other in others.into_iter().filter(|o| same_dir(o, path)) {
                    // `./p02.md` beside a bare `p01.md` is `p02.md`.
                    let other = if dir.as_os_str().is_empty() { other.strip_prefix(".").map(Path::to_path_buf).unwrap_or(other) } else { other };
                    let named = args.paths.iter().any(|p| p == &other || (p.is_file() && same_file(p, &other)));
                    if !named && !files.contains(&other) && issue::issue_of(&other, walk.pattern.as_ref()) == key {
                        run.context.insert(other.clone());
                        files.push(other);
                    }
                }
            }
            pattern = pattern.or(walk.pattern);
        }
        // `--output` mirrors the inputs: two pages that would land on one
        // file are a usage error before anything is written.
        let mut seen: std::collections::HashMap<&Path, &Path> = std::collections::HashMap::new();
        for (page, rel) in &run.relative {
            if let Some(other) = seen.insert(rel.as_path(), page.as_path()) {
                if other != page.as_path() && output_dir.is_some() {
                    let (a, b) = if other < page.as_path() { (other, page.as_path()) } else { (page.as_path(), other) };
                    return Err(Failure::Usage(format!(
                        "{} and {} would both be written to {}; give their directories instead, so the output mirrors them",
                        a.display(),
                        b.display(),
                        output_dir.unwrap().join(rel).display()
                    )));
                }
            }
        }
        if files.is_empty() {
            if run.missing.len() == args.paths.len() {
                return Err(Failure::Usage(run.missing.join("; ")));
            }
            let given: Vec<String> = args.paths.iter().map(|p| p.display().to_string()).collect();
            return Err(Failure::Usage(format!("no pages found in {} (pages are *.md and *.txt files)", given.join(", "))));
        }
        for files in issue::group(files, pattern.as_ref()) {
            let settings = settings_for(&files.dir, args)?;
            let profile = match run.profiles.iter().position(|p| p.settings == settings) {
                Some(i) => i,
                None => {
                    let mut lexicon = if args.no_lexicon { Lexicon::empty() } else { Lexicon::embedded() };
                    for path in settings.lexicon.iter().chain(&settings.allow) {
                        if !path.exists() {
                            let from = settings.config_file.as_ref().map(|f| format!(" (named in {})", f.display())).unwrap_or_default();
                            return Err(Failure::Usage(format!("{}: no such word list{from}", path.display())));
                        }
                        lexicon.add_user_words(path).map_err(|e| Failure::Config(e.to_string()))?;
                    }
                    run.profiles.push(Profile { settings, lexicon });
                    run.profiles.len() - 1
                }
            };
            // Standard input is always read through the part reader, which
            // keeps it whole when it is small.
            let streamed = files.pages.len() == 1
                && streaming
                && (files.pages[0].as_os_str() == "-" || std::fs::metadata(&files.pages[0]).is_ok_and(|m| m.len() > stream_threshold()));
            run.jobs.push(Job { files, profile, streamed });
        }
        Ok(run)
    }
}

/// How the run went, beyond hard failures.
#[derive(Default)]
struct Outcome {
    findings: bool,
    file_errors: bool,
    files: usize,
    pages: usize,
    chars: usize,
    edits: BTreeMap<&'static str, usize>,
    /// `review`: each issue's data, in input order.
    review: Vec<serde_json::Value>,
}

/// The key under which the summary counts traditional-script pages.
const TRADITIONAL: &str = "traditional-script pages";

/// Issues analysed in parallel at a time; output stays in input order and
/// memory stays bounded however many issues a run has.
const ISSUES_PER_BATCH: usize = 64;

/// What one issue contributes to the output, rendered on a worker thread so
/// that printing in input order is all that is left to do in sequence.
#[derive(Default)]
struct Rendered {
    /// Bytes for standard output.
    stdout: Vec<u8>,
    /// Lines for standard error (`fixed …`, write errors).
    messages: Vec<String>,
    /// Something to repair or review was found.
    findings: bool,
    /// A file could not be written.
    failed: bool,
    /// Records for documents written at the end (Markdown articles, with the
    /// issue's directory relative to the path it was found under; SARIF and
    /// rdjson findings).
    markdown: Vec<(PathBuf, Record)>,
    /// Repaired files to write, in order.
    writes: Vec<PendingWrite>,
    /// The review page's data of the issue.
    review: Option<serde_json::Value>,
}

/// A repaired page for the main thread to write.
struct PendingWrite {
    /// Where it goes (the page itself, or a file in --output).
    target: PathBuf,
    bytes: Vec<u8>,
    /// Whether the repair changed anything (an unchanged page is not rewritten in place).
    changed: bool,
    in_place: bool,
}

/// Pages, characters and findings by kind of one analysis, for the summary
/// (traditional-script pages counted under `traditional`).
fn stats(a: &Analysis, sel: Selection) -> (usize, usize, BTreeMap<&'static str, usize>) {
    let mut kinds = BTreeMap::new();
    for (status, n) in ["fix applies", "needs review", "report"].into_iter().zip(report::status_counts(a, sel)) {
        kinds.insert(status, n);
    }
    let traditional = a.traditional_pages().count();
    if traditional > 0 {
        kinds.insert(TRADITIONAL, traditional);
    }
    (a.pages.len(), a.pages.iter().map(|p| p.text().chars().count()).sum(), kinds)
}

/// The repaired parts of a large file, written into a temporary file next to
/// the target and renamed over it at the end (if anything changed, or when
/// writing to another directory).
#[derive(Default)]
struct StreamedWrite {
    file: Option<(tempfile::NamedTempFile, PathBuf, bool)>,
    changed: bool,
    broken: bool,
}

impl StreamedWrite {
    fn append(&mut self, w: PendingWrite) -> Result<(), Failure> {
        if self.broken {
            return Ok(());
        }
        if self.file.is_none() {
            let tmp = temp_file_for(&w.target)?;
            self.file = Some((tmp, w.target.clone(), w.in_place));
        }
        let (tmp, target, _) = self.file.as_mut().expect("just created");
        tmp.write_all(&w.bytes).with_context(|| format!("cannot write {}", target.display()))?;
        self.changed |= w.changed;
        Ok(())
    }

    /// A part could not be read: leave the file as it is.
    fn abandon(&mut self) {
        self.broken = true;
    }

    /// Put the result in place; the path, if a file was changed in place.
    fn finish(self) -> Result<Option<PathBuf>, Failure> {
        let Some((tmp, target, in_place)) = self.file else { return Ok(None) };
        if self.broken || (in_place && !self.changed) {
            return Ok(None);
        }
        persist(tmp, &writable_target(&target)?)?;
        Ok(in_place.then_some(target))
    }
}

/// Read the pages of each issue, analyse and render them (in parallel, in
/// batches), then print each issue's output in input order. Unreadable files
/// are reported and skipped; the rest goes on.
fn analyses(
    run: &Run,
    args: &CommonArgs,
    outcome: &mut Outcome,
    out: &mut dyn Write,
    render: impl Fn(&Analysis, &Profile) -> Result<Rendered, Failure> + Sync,
) -> Result<Vec<(PathBuf, Record)>, Failure> {
    use rayon::prelude::*;
    let pool = rayon::ThreadPoolBuilder::new().num_threads(args.jobs.unwrap_or(0)).build().context("cannot start worker threads")?;
    let started = Instant::now();
    let progress = (!args.quiet && io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new(run.jobs.iter().map(|j| j.files.pages.len() as u64).sum());
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} pages  ETA {eta}  {msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let say = |line: &str| match &progress {
        Some(bar) => bar.suspend(|| eprintln!("{line}")),
        None => eprintln!("{line}"),
    };
    // What was done, as opposed to what went wrong: `-q` keeps it quiet.
    let tell = |line: &str| {
        if !args.quiet {
            say(line)
        }
    };
    for m in &run.missing {
        say(&format!("jiaodui: error: {m}"));
        outcome.file_errors = true;
    }
    let mut markdown = Vec::new();
    let mut finish = |rendered: Rendered, outcome: &mut Outcome, out: &mut dyn Write, stream: Option<&mut StreamedWrite>| -> Result<(), Failure> {
        out.write_all(&rendered.stdout)?;
        for m in &rendered.messages {
            if m.starts_with("jiaodui: error") || m.starts_with("jiaodui: warning") {
                say(m);
            } else {
                tell(m);
            }
        }
        outcome.findings |= rendered.findings;
        outcome.file_errors |= rendered.failed;
        markdown.extend(rendered.markdown);
        if let Some(issue) = rendered.review {
            outcome.review.push(issue);
        }
        match stream {
            Some(stream) => {
                for w in rendered.writes {
                    if let Err(e) = stream.append(w) {
                        say(&format!("jiaodui: error: {}", failure_text(&e)));
                        outcome.file_errors = true;
                        stream.abandon();
                    }
                }
            }
            None => {
                for w in rendered.writes {
                    if !w.in_place || w.changed {
                        // One file that cannot be written does not stop the batch.
                        if let Err(e) = write_atomic(&w.target, &w.bytes) {
                            say(&format!("jiaodui: error: {}", failure_text(&e)));
                            outcome.file_errors = true;
                            continue;
                        }
                    }
                    if w.in_place && w.changed {
                        tell(&format!("jiaodui: fixed {}", w.target.display()));
                    }
                }
            }
        }
        Ok(())
    };
    let count = |outcome: &mut Outcome, pages: usize, chars: usize, kinds: BTreeMap<&'static str, usize>| {
        outcome.pages += pages;
        outcome.chars += chars;
        for (k, n) in kinds {
            *outcome.edits.entry(k).or_insert(0) += n;
        }
        if let Some(bar) = &progress {
            bar.inc(pages as u64);
            bar.set_message(format!("{} findings", outcome.edits.values().sum::<usize>()));
        }
    };
    let mut start = 0;
    while start < run.jobs.len() {
        let job = &run.jobs[start];
        if job.streamed {
            // One large file, part by part, in order.
            let profile = &run.profiles[job.profile];
            let s = &profile.settings;
            let path = &job.files.pages[0];
            outcome.files += 1;
            let options = options_of(s);
            let mut stream = StreamedWrite::default();
            let reader = if path.as_os_str() == "-" {
                jiaodui::input::ChunkReader::stdin(stream_threshold() as usize, s.encoding)
            } else {
                jiaodui::input::ChunkReader::open(path, s.encoding)
            };
            match reader {
                Err(e) => {
                    say(&format!("jiaodui: error: {e}"));
                    outcome.file_errors = true;
                }
                Ok(mut reader) => {
                    while let Some(part) = reader.next_part((stream_threshold() / 4).max(1) as usize) {
                        let part = match part {
                            Ok(p) => p,
                            Err(e) => {
                                say(&format!("jiaodui: error: {e}"));
                                outcome.file_errors = true;
                                stream.abandon();
                                break;
                            }
                        };
                        let done = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                            let a = analyze(vec![part], job.files.numbers.clone(), &profile.lexicon, &options);
                            (stats(&a, selection(profile)), render(&a, profile))
                        }));
                        let ((pages, chars, kinds), rendered) = match done {
                            Ok(done) => done,
                            Err(panic) => {
                                say(&format!("jiaodui: error: {}", internal_error(&job.files.pages, panic.as_ref())));
                                outcome.file_errors = true;
                                stream.abandon();
                                break;
                            }
                        };
                        count(outcome, pages, chars, kinds);
                        finish(rendered?, outcome, out, Some(&mut stream))?;
                    }
                }
            }
            match stream.finish() {
                Ok(Some(fixed)) => tell(&format!("jiaodui: fixed {}", fixed.display())),
                Ok(None) => {}
                Err(e) => {
                    say(&format!("jiaodui: error: {}", failure_text(&e)));
                    outcome.file_errors = true;
                }
            }
            start += 1;
            continue;
        }
        let end = (start..run.jobs.len()).find(|&k| run.jobs[k].streamed || k - start >= ISSUES_PER_BATCH).unwrap_or(run.jobs.len());
        let batch = &run.jobs[start..end];
        type Done = (Vec<String>, Option<(usize, usize, BTreeMap<&'static str, usize>)>, Result<Rendered, Failure>);
        let results: Vec<Done> = pool.install(|| {
            batch
                .par_iter()
                .map(|job| {
                    let profile = &run.profiles[job.profile];
                    let s = &profile.settings;
                    let mut errors = Vec::new();
                    let mut sources = Vec::new();
                    let mut numbers = Vec::new();
                    for (path, number) in job.files.pages.iter().zip(&job.files.numbers) {
                        match Source::read_as(path, s.encoding) {
                            Ok(src) => {
                                sources.push(src);
                                numbers.push(*number);
                            }
                            Err(e) => errors.push(e.to_string()),
                        }
                    }
                    if sources.is_empty() {
                        return (errors, None, Ok(Rendered::default()));
                    }
                    let options = options_of(s);
                    // A defect in the analysis of one issue must not stop the
                    // batch: its pages are reported and left untouched.
                    let done = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        let mut a = analyze(sources, numbers, &profile.lexicon, &options);
                        // Context pages (`--siblings`) inform the analysis; nothing about them is reported.
                        if !run.context.is_empty() {
                            let context: Vec<bool> = a.pages.iter().map(|p| run.context.contains(&p.source.path)).collect();
                            a.edits.retain(|e| !context[e.page]);
                        }
                        let warnings: Vec<String> = a
                            .pages
                            .iter()
                            .filter(|p| !run.context.contains(&p.source.path))
                            .flat_map(|p| p.warnings.iter().map(move |w| format!("jiaodui: warning: {}: {w}", p.source.path.display())))
                            .collect();
                        (stats(&a, selection(profile)), render(&a, profile).map(|mut r| {
                            r.messages.splice(0..0, warnings);
                            r
                        }))
                    }));
                    match done {
                        Ok((stats, rendered)) => (errors, Some(stats), rendered),
                        Err(panic) => {
                            errors.push(internal_error(&job.files.pages, panic.as_ref()));
                            (errors, None, Ok(Rendered::default()))
                        }
                    }
                })
                .collect()
        });
        for ((errors, stats, rendered), job) in results.into_iter().zip(batch) {
            outcome.files += job.files.pages.len();
            for e in errors {
                say(&format!("jiaodui: error: {e}"));
                outcome.file_errors = true;
            }
            if let Some((pages, chars, kinds)) = stats {
                count(outcome, pages, chars, kinds);
            }
            finish(rendered?, outcome, out, None)?;
        }
        start = end;
    }
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    let traditional = outcome.edits.remove(TRADITIONAL).unwrap_or(0);
    if traditional > 0 && !args.quiet {
        eprintln!("jiaodui: {traditional} page(s) in traditional script: checked for structure and doubled words only (the character checks know simplified Chinese)");
    }
    if !args.quiet && io::stderr().is_terminal() {
        // The findings first, then the summary under them.
        out.flush()?;
        let n = |k: &str| outcome.edits.get(k).copied().unwrap_or(0);
        let secs = started.elapsed().as_secs_f64();
        if args.lang == LangArg::Zh {
            eprintln!("jiaodui：{} 版，{} 字，用时 {secs:.1} 秒", outcome.pages, outcome.chars);
            eprintln!("jiaodui：自动修正 {} 处，待审 {} 处，报告 {} 条", n("fix applies"), n("needs review"), n("report"));
        } else {
            eprintln!("jiaodui: {} pages, {} characters, {secs:.1} s", outcome.pages, outcome.chars);
            eprintln!("jiaodui: {} repairs fix applies, {} need a decision, {} reports", n("fix applies"), n("needs review"), n("report"));
        }
    }
    Ok(markdown)
}

/// The message for an issue whose analysis panicked (a defect in jiaodui):
/// which files were left untouched, and what to report.
fn internal_error(pages: &[PathBuf], panic: &(dyn std::any::Any + Send)) -> String {
    let what = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into());
    let names: Vec<String> = pages.iter().map(|p| p.display().to_string()).collect();
    format!("internal error while analysing {} (left untouched; please report this with the files): {what}", names.join(", "))
}

/// The repairs a profile's settings turn on.
fn options_of(s: &Settings) -> Options {
    Options { rejoin: s.enabled(Check::Rejoin), jumps: s.enabled(Check::Jumps), typos: s.enabled(Check::Typos), keep: s.keep.clone() }
}

/// The repaired pages at their fixed point, and for each page the repairs
/// later rounds made (reported: every change is an explicit edit).
fn repaired(a: &Analysis, profile: &Profile) -> (Vec<String>, Vec<String>) {
    let repair = jiaodui::repair(a, &profile.lexicon, &options_of(&profile.settings), selection(profile));
    let mut notes = Vec::new();
    for (k, round) in repair.later.iter().enumerate() {
        for (p, page) in round.pages.iter().enumerate() {
            let applied = jiaodui::fix::applied_edits(&round.edits, p, profile.settings.min_confidence);
            let kinds: std::collections::BTreeSet<&str> = round
                .edits
                .iter()
                .filter(|e| e.page == p && (matches!(e.kind, EditKind::Join | EditKind::Reorder) || applied.iter().any(|x| std::ptr::eq(*x, *e))))
                .map(|e| e.kind.as_str())
                .collect();
            if !kinds.is_empty() {
                let kinds: Vec<&str> = kinds.into_iter().collect();
                notes.push(format!(
                    "jiaodui: {}: round {} of repair: {} (made possible by the repairs before it; `jiaodui diff` shows them all)",
                    page.source.path.display(),
                    k + 2,
                    kinds.join(", ")
                ));
            }
        }
    }
    if !repair.settled {
        notes.push(format!(
            "jiaodui: warning: the repairs of {} did not settle in {} rounds, so the pages are left as printed (please report this with the files)",
            a.pages.iter().map(|p| p.source.path.display().to_string()).collect::<Vec<_>>().join(", "),
            jiaodui::pipeline::MAX_ROUNDS
        ));
    }
    (repair.texts, notes)
}

fn selection(profile: &Profile) -> Selection {
    Selection { min_confidence: profile.settings.min_confidence }
}

fn run(cli: Cli) -> Result<Outcome, Failure> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut outcome = Outcome::default();
    match &cli.command {
        Command::Check { common: args, fail_on } => {
            let format = check_usage("check", args, &[Format::Text, Format::Json, Format::Sarif, Format::Rdjson])?;
            let run = Run::new(args, true, None)?;
            let mut all = Vec::new();
            let collect = matches!(format, Format::Sarif | Format::Rdjson);
            analyses(&run, args, &mut outcome, &mut out, |a, profile| {
                let mut records = report::finding_records(a, selection(profile));
                report::translate(&mut records, args.lang.lang());
                let mut r = Rendered { findings: records.iter().any(|f| fail_on.fails(f)), ..Rendered::default() };
                match format {
                    Format::Json => report::write_json_lines(&mut r.stdout, &records)?,
                    Format::Sarif | Format::Rdjson => r.markdown = records.into_iter().map(|r| (PathBuf::new(), r)).collect(),
                    _ => report::write_check_lines(&mut r.stdout, &records, args.lang.lang())?,
                }
                Ok(r)
            })
            .map(|records| all = records.into_iter().map(|(_, r)| r).collect())?;
            if collect {
                let doc = if format == Format::Sarif { report::sarif(&all) } else { report::rdjson(&all) };
                serde_json::to_writer_pretty(&mut out, &doc).context("cannot write the report")?;
                writeln!(out)?;
            }
        }
        Command::Articles { common, output } => {
            let format = check_usage("articles", common, &[Format::Json, Format::Md])?;
            if format == Format::Md && output.is_none() {
                return Err(Failure::Usage("--format md needs --output DIR".into()));
            }
            if format != Format::Md && output.is_some() {
                return Err(Failure::Usage("--output DIR is for --format md (JSON Lines go to standard output)".into()));
            }
            let run = Run::new(common, true, None)?;
            let markdown = analyses(&run, common, &mut outcome, &mut out, |a, profile| {
                let mut records = report::article_records(a, selection(profile));
                let mut r = Rendered::default();
                if format == Format::Md {
                    // Each issue's articles go into a folder that mirrors where its pages are.
                    let dir = a.pages.first().and_then(|p| run.relative.get(&p.source.path)).and_then(|rel| rel.parent()).map(Path::to_path_buf).unwrap_or_default();
                    r.markdown = records.into_iter().map(|r| (dir.clone(), r)).collect();
                } else {
                    let mut findings = report::finding_records(a, selection(profile));
                    report::translate(&mut findings, common.lang.lang());
                    records.extend(findings);
                    report::write_json_lines(&mut r.stdout, &records)?;
                }
                Ok(r)
            })?;
            if let Some(dir) = output.as_ref().filter(|_| format == Format::Md) {
                write_markdown(dir, &markdown)?;
            }
        }
        Command::Fix { common, output, force } => {
            check_usage("fix", common, &[Format::Text])?;
            FORCE.store(*force, std::sync::atomic::Ordering::Relaxed);
            let run = Run::new(common, true, output.as_deref())?;
            analyses(&run, common, &mut outcome, &mut out, |a, profile| {
                let (fixed, notes) = repaired(a, profile);
                let mut r = Rendered { messages: notes, ..Rendered::default() };
                for (page, new) in a.pages.iter().zip(fixed) {
                    let path = &page.source.path;
                    if run.context.contains(path) {
                        continue;
                    }
                    let bytes = match page.source.encode(&new, profile.settings.output_encoding) {
                        Ok(bytes) => bytes,
                        Err(e) => {
                            r.messages.push(format!("jiaodui: error: {e}"));
                            r.failed = true;
                            continue;
                        }
                    };
                    let changed = page.source.text != new || profile.settings.output_encoding.is_some_and(|e| e != page.source.encoding);
                    if path.as_os_str() == "-" {
                        r.stdout.extend_from_slice(&bytes);
                    } else if let Some(dir) = output {
                        let rel = run.relative.get(path).cloned().or_else(|| path.file_name().map(PathBuf::from)).context("input has no file name")?;
                        r.writes.push(PendingWrite { target: dir.join(rel), bytes, changed, in_place: false });
                    } else {
                        r.writes.push(PendingWrite { target: path.clone(), bytes, changed, in_place: true });
                    }
                }
                Ok(r)
            })?;
        }
        Command::Diff { common, color, side_by_side } => {
            check_usage("diff", common, &[Format::Text])?;
            let run = Run::new(common, false, None)?;
            let use_color = match color {
                Color::Always => true,
                Color::Never => false,
                Color::Auto => io::stdout().is_terminal(),
            };
            analyses(&run, common, &mut outcome, &mut out, |a, profile| {
                let mut r = Rendered::default();
                let (fixed, _) = repaired(a, profile);
                for (page, new) in a.pages.iter().zip(fixed) {
                    if page.source.text != new && !run.context.contains(&page.source.path) {
                        r.findings = true;
                        if *side_by_side {
                            report::side_by_side_diff(&mut r.stdout, &diff_path(&page.source.path), &page.source.text, &new, use_color, terminal_width())?;
                        } else {
                            report::unified_diff(&mut r.stdout, &diff_path(&page.source.path), &page.source.text, &new, use_color)?;
                        }
                    }
                }
                Ok(r)
            })?;
        }
        Command::Review { common, output } => {
            check_usage("review", common, &[Format::Text])?;
            let run = Run::new(common, false, None)?;
            analyses(&run, common, &mut outcome, &mut out, |a, profile| {
                let mut records = report::finding_records(a, selection(profile));
                report::translate(&mut records, common.lang.lang());
                let data = jiaodui::review::issue_data(a, &records, |p| !run.context.contains(&p.source.path));
                Ok(Rendered { review: Some(data), ..Rendered::default() })
            })?;
            let profile = run.profiles.first().context("no settings")?;
            let meta = jiaodui::review::Meta {
                tool: format!("jiaodui {}", env!("CARGO_PKG_VERSION")),
                lexicon: profile.lexicon.identity(),
                min_confidence: profile.settings.min_confidence,
                lang: if common.lang == LangArg::Zh { "zh" } else { "en" }.into(),
            };
            let html = jiaodui::review::html(&outcome.review, &meta);
            if output.as_os_str() == "-" {
                out.write_all(html.as_bytes())?;
            } else {
                write_atomic(output, html.as_bytes())?;
                if !common.quiet {
                    eprintln!("jiaodui: wrote {} ({} page{})", output.display(), outcome.pages, if outcome.pages == 1 { "" } else { "s" });
                }
            }
        }
        Command::Apply { common, decisions, force } => {
            check_usage("apply", common, &[Format::Text])?;
            FORCE.store(*force, std::sync::atomic::Ordering::Relaxed);
            let bytes = jiaodui::input::read_regular(decisions, 256 << 20).map_err(|e| Failure::Config(format!("{}: {e}", decisions.display())))?;
            let decided = jiaodui::review::Decisions::parse(&bytes).map_err(|e| Failure::Config(format!("{}: {e}", decisions.display())))?;
            let run = Run::new(common, false, None)?;
            let lexicon_note = run.profiles.iter().any(|p| p.lexicon.identity() != decided.lexicon).then(|| {
                format!("jiaodui: warning: {} was made with another lexicon ({}); changes it names that this lexicon no longer proposes are refused", decisions.display(), decided.lexicon)
            });
            if let Some(n) = lexicon_note {
                eprintln!("{n}");
            }
            let seen = std::sync::Mutex::new(std::collections::HashSet::new());
            analyses(&run, common, &mut outcome, &mut out, |a, profile| {
                let mut r = Rendered::default();
                for (p, page) in a.pages.iter().enumerate() {
                    let path = &page.source.path;
                    if run.context.contains(path) {
                        continue;
                    }
                    let shown = path.display().to_string();
                    let Some(file) = decided.for_path(&shown) else {
                        r.messages.push(format!("jiaodui: {shown}: no decisions for this page in {}; left as it is", decisions.display()));
                        continue;
                    };
                    seen.lock().unwrap().insert(file.path.clone());
                    match jiaodui::review::apply(a, p, file) {
                        Err(e) => {
                            r.messages.push(format!("jiaodui: error: {shown}: {e}"));
                            r.failed = true;
                        }
                        Ok(done) => {
                            let bytes = match page.source.encode(&done.text, profile.settings.output_encoding) {
                                Ok(b) => b,
                                Err(e) => {
                                    r.messages.push(format!("jiaodui: error: {e}"));
                                    r.failed = true;
                                    continue;
                                }
                            };
                            r.messages.push(format!(
                                "jiaodui: {shown}: applied {} change{} ({} with a chosen replacement); {} rejected and {} undecided left as printed",
                                done.accepted,
                                if done.accepted == 1 { "" } else { "s" },
                                done.chosen,
                                done.rejected,
                                done.undecided
                            ));
                            let changed = done.text != page.source.text;
                            if path.as_os_str() == "-" {
                                r.stdout.extend_from_slice(&bytes);
                            } else {
                                r.writes.push(PendingWrite { target: path.clone(), bytes, changed, in_place: true });
                            }
                        }
                    }
                }
                Ok(r)
            })?;
            let seen = seen.into_inner().unwrap();
            for f in decided.files.iter().filter(|f| !seen.contains(&f.path) && !f.changes.is_empty()) {
                eprintln!("jiaodui: warning: {} has decisions for {}, which is not among the pages given", decisions.display(), f.path);
            }
        }
        Command::Config { path, config: file, .. } => {
            let path = path.clone().unwrap_or_else(|| PathBuf::from("."));
            if !path.exists() {
                return Err(Failure::Usage(format!("{}: no such file or directory", path.display())));
            }
            let dir = if path.is_dir() { path.clone() } else { path.parent().map(Path::to_path_buf).unwrap_or_default() };
            let file = file.clone().or_else(|| config::find(&dir));
            let settings = config::settings(file.as_deref()).map_err(|e| Failure::Config(e.to_string()))?;
            match &settings.config_file {
                Some(f) => writeln!(out, "# settings for {} from {}", path.display(), f.display())?,
                None => writeln!(out, "# settings for {}: no jiaodui.toml found, defaults", path.display())?,
            }
            out.write_all(settings.to_toml().as_bytes())?;
        }
    }
    out.flush()?;
    Ok(outcome)
}

fn write_markdown(dir: &Path, records: &[(PathBuf, Record)]) -> Result<(), Failure> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut numbers: BTreeMap<&Path, usize> = BTreeMap::new();
    for (issue_dir, r) in records {
        if let (Some(md), Record::Article { title, .. }) = (report::article_markdown(r), r) {
            let n = numbers.entry(issue_dir.as_path()).or_insert(0);
            *n += 1;
            let slug: String = title.as_deref().unwrap_or("untitled").chars().filter(|c| c.is_alphanumeric()).take(24).collect();
            write_atomic(&dir.join(issue_dir).join(format!("{:03}-{slug}.md", *n)), md.as_bytes())?;
        }
    }
    Ok(())
}

/// Suffix of the temporary files jiaodui writes next to a target
/// (`.p01.md.a1B2c3.jiaodui-tmp`): it says what they are, and a later run
/// removes any a killed run left behind.
const TEMP_SUFFIX: &str = ".jiaodui-tmp";

/// A new temporary file beside `target`, after removing stale ones of the
/// same target that a killed run left.
fn temp_file_for(target: &Path) -> Result<tempfile::NamedTempFile, Failure> {
    let dir = target.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let prefix = format!(".{name}.");
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let n = entry.file_name().to_string_lossy().into_owned();
            // `.NAME.` + six random characters + the suffix.
            if n.len() == prefix.len() + 6 + TEMP_SUFFIX.len() && n.starts_with(&prefix) && n.ends_with(TEMP_SUFFIX) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
    tempfile::Builder::new()
        .prefix(&prefix)
        .suffix(TEMP_SUFFIX)
        .rand_bytes(6)
        .tempfile_in(dir)
        .with_context(|| format!("cannot write in {}", dir.display()))
        .map_err(Failure::from)
}

/// Write through a temporary file in the same directory and rename it over
/// the target, so a crash never leaves a half-written page.
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    let target = writable_target(path)?;
    let mut tmp = temp_file_for(&target)?;
    tmp.write_all(bytes).with_context(|| format!("cannot write {}", path.display()))?;
    persist(tmp, &target)
}

/// `fix --force`: rewrite read-only pages too.
static FORCE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Where writing `path` goes: through a symbolic link to the file it names
/// (the link stays a link), and never over a read-only file unless forced.
fn writable_target(path: &Path) -> Result<PathBuf, Failure> {
    let target = match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => std::fs::canonicalize(path).with_context(|| format!("{}: a link to nothing", path.display()))?,
        _ => path.to_path_buf(),
    };
    if let Ok(meta) = std::fs::metadata(&target) {
        if meta.permissions().readonly() && !FORCE.load(std::sync::atomic::Ordering::Relaxed) {
            return Err(Failure::Other(anyhow::anyhow!("{}: read-only, left as it is (--force rewrites it)", path.display())));
        }
    }
    Ok(target)
}

/// Rename the finished temporary file over `target`, with the target's mode
/// if it exists, else the mode a new file gets under the process's umask.
fn persist(tmp: tempfile::NamedTempFile, target: &Path) -> Result<(), Failure> {
    let permissions = match std::fs::metadata(target) {
        Ok(meta) => meta.permissions(),
        Err(_) => new_file_permissions(),
    };
    let _ = std::fs::set_permissions(tmp.path(), permissions);
    tmp.persist(target).map_err(|e| anyhow::anyhow!("cannot replace {}: {}", target.display(), e.error))?;
    Ok(())
}

/// `0666` less the umask, as for a file any program creates.
fn new_file_permissions() -> std::fs::Permissions {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // The umask is in /proc/self/status on Linux; elsewhere assume 022.
        let umask = std::fs::read_to_string("/proc/self/status")
            .ok()
            .and_then(|s| s.lines().find_map(|l| l.strip_prefix("Umask:").and_then(|v| u32::from_str_radix(v.trim(), 8).ok())))
            .unwrap_or(0o022);
        std::fs::Permissions::from_mode(0o666 & !umask)
    }
    #[cfg(not(unix))]
    {
        tempfile::NamedTempFile::new().and_then(|f| f.as_file().metadata()).map(|m| m.permissions()).expect("a temporary file")
    }
}

/// The path a diff header names, so that `git apply` and `patch -p1` take
/// the diff from the current directory: relative paths as given, absolute
/// ones relative to the current directory when under it, else without the
/// leading `/` (for `patch -p1` from the root).
fn diff_path(path: &Path) -> String {
    let path = if path.is_absolute() {
        std::env::current_dir().ok().and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf)).unwrap_or_else(|| path.strip_prefix("/").unwrap_or(path).to_path_buf())
    } else {
        path.strip_prefix("./").unwrap_or(path).to_path_buf()
    };
    path.display().to_string()
}

/// Columns for `diff --side-by-side`: `$COLUMNS`, else the terminal's
/// width (from `stty`, when standard output is one), else 120.
fn terminal_width() -> usize {
    if let Some(n) = std::env::var("COLUMNS").ok().and_then(|v| v.trim().parse().ok()) {
        return n;
    }
    if io::stdout().is_terminal() {
        let size = std::process::Command::new("stty").arg("size").stdin(std::process::Stdio::inherit()).output().ok();
        if let Some(n) = size.and_then(|o| String::from_utf8(o.stdout).ok()).and_then(|s| s.split_whitespace().nth(1).and_then(|w| w.parse().ok())) {
            return n;
        }
    }
    120
}

/// A failure as one line for the error report.
fn failure_text(f: &Failure) -> String {
    match f {
        Failure::Usage(m) | Failure::Config(m) => m.clone(),
        Failure::Other(e) => format!("{e:#}"),
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| c.downcast_ref::<io::Error>().is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe))
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { exit::USAGE } else { exit::CLEAN };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match run(cli) {
        Ok(o) if o.file_errors => ExitCode::from(exit::ERROR),
        Ok(o) if o.findings => ExitCode::from(exit::FINDINGS),
        Ok(_) => ExitCode::from(exit::CLEAN),
        Err(Failure::Usage(m)) => {
            eprintln!("jiaodui: usage error: {m}");
            ExitCode::from(exit::USAGE)
        }
        Err(Failure::Config(m)) => {
            eprintln!("jiaodui: configuration error: {m}");
            ExitCode::from(exit::CONFIG)
        }
        Err(Failure::Other(e)) if is_broken_pipe(&e) => ExitCode::from(exit::CLEAN),
        Err(Failure::Other(e)) => {
            eprintln!("jiaodui: error: {e:#}");
            ExitCode::from(exit::ERROR)
        }
    }
}
