//! The `jiaodui` command line: parses arguments, runs the library, prints,
//! and maps the outcome to a documented exit code.

use anyhow::Context;
use clap::{Args, Parser, Subcommand, ValueEnum};
use jiaodui::edit::EditKind;
use jiaodui::input::Source;
use jiaodui::issue::{self, IssueFiles};
use jiaodui::report::{self, Record, Selection};
use jiaodui::{analyze, Analysis, Lexicon, Options};
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

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
    /// Report findings as `file:line:col: kind: message` (or JSON Lines).
    Check(CommonArgs),
    /// Write repaired pages: in place, to --output DIR, or to stdout for `-`.
    Fix {
        #[command(flatten)]
        common: CommonArgs,
        /// Write repaired pages into this directory instead of in place.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Show a unified diff of what `fix` would write.
    Diff {
        #[command(flatten)]
        common: CommonArgs,
        /// Colour: auto (when stdout is a terminal), always, never.
        #[arg(long, value_enum, default_value_t = Color::Auto)]
        color: Color,
    },
    /// Print the reconstructed articles (JSON Lines, or Markdown files with --format md).
    Articles {
        #[command(flatten)]
        common: CommonArgs,
        /// With --format md: the directory to write one Markdown file per article into.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
}

#[derive(Args, Debug)]
struct CommonArgs {
    /// Page files, directories (searched for *.md and *.txt), or `-` for stdin.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Apply a character correction only at or above this confidence (0–1).
    #[arg(long, default_value_t = 0.9, value_parser = parse_confidence)]
    min_confidence: f64,
    /// An extra word list (one word per line, optional TAB and frequency). Repeatable.
    #[arg(long = "lexicon", value_name = "PATH")]
    lexicons: Vec<PathBuf>,
    /// Regex for page numbers in file stems; its first group is the number.
    #[arg(long, value_name = "REGEX")]
    page_pattern: Option<String>,
    /// Only structural repairs: no character checks.
    #[arg(long)]
    no_typos: bool,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq)]
enum Format {
    Text,
    Json,
    Md,
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

/// Validated settings shared by every subcommand.
struct Config {
    lexicon: Lexicon,
    issues: Vec<IssueFiles>,
    selection: Selection,
    options: Options,
}

impl Config {
    fn new(args: &CommonArgs) -> Result<Config, Failure> {
        let pattern = match &args.page_pattern {
            None => None,
            Some(p) => {
                let re = regex::Regex::new(p).map_err(|e| Failure::Usage(format!("--page-pattern: {e}")))?;
                if re.captures_len() < 2 {
                    return Err(Failure::Usage("--page-pattern needs a capture group for the page number".into()));
                }
                Some(re)
            }
        };
        let issues = issue::discover(&args.paths, pattern.as_ref()).map_err(|e| Failure::Usage(e.to_string()))?;
        let mut lexicon = Lexicon::embedded();
        for path in &args.lexicons {
            lexicon.add_user_words(path).map_err(|e| Failure::Config(e.to_string()))?;
        }
        Ok(Config {
            lexicon,
            issues,
            selection: Selection { min_confidence: args.min_confidence },
            options: Options { typos: !args.no_typos },
        })
    }
}

/// How the run went, beyond hard failures.
#[derive(Default)]
struct Outcome {
    findings: bool,
    file_errors: bool,
}

/// Issues analysed in parallel at a time; output stays in input order and
/// memory stays bounded however many issues a run has.
const ISSUES_PER_BATCH: usize = 64;

/// Read the pages of each issue and analyse them (in parallel, in batches),
/// then hand each analysis to `each` in input order. Unreadable files are
/// reported and skipped; the rest goes on.
fn analyses(config: &Config, outcome: &mut Outcome, mut each: impl FnMut(Analysis, &mut Outcome) -> Result<(), Failure>) -> Result<(), Failure> {
    use rayon::prelude::*;
    for batch in config.issues.chunks(ISSUES_PER_BATCH) {
        let results: Vec<(Vec<String>, Option<Analysis>)> = batch
            .par_iter()
            .map(|issue| {
                let mut errors = Vec::new();
                let mut sources = Vec::new();
                let mut numbers = Vec::new();
                for (path, number) in issue.pages.iter().zip(&issue.numbers) {
                    match Source::read(path) {
                        Ok(s) => {
                            sources.push(s);
                            numbers.push(*number);
                        }
                        Err(e) => errors.push(e.to_string()),
                    }
                }
                let analysis = (!sources.is_empty()).then(|| analyze(sources, numbers, &config.lexicon, &config.options));
                (errors, analysis)
            })
            .collect();
        for (errors, analysis) in results {
            for e in errors {
                eprintln!("jiaodui: error: {e}");
                outcome.file_errors = true;
            }
            if let Some(a) = analysis {
                each(a, outcome)?;
            }
        }
    }
    Ok(())
}

/// A finding that asks for action: a repair `fix` applies or a character flag.
/// Orphans, truncations and cross-page links only report missing material.
fn actionable(r: &Record) -> bool {
    match r {
        Record::Finding { kind, applied, replacement, .. } => {
            let structural_report = matches!(kind.as_str(), "orphan" | "truncated" | "jump");
            !structural_report && (*applied || replacement.is_some() || !is_structural(kind))
        }
        Record::Article { .. } => false,
    }
}

fn is_structural(kind: &str) -> bool {
    [EditKind::Join, EditKind::Reorder, EditKind::Jump, EditKind::Orphan, EditKind::Truncated]
        .iter()
        .any(|k| k.as_str() == kind)
}

fn run(cli: Cli) -> Result<Outcome, Failure> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut outcome = Outcome::default();
    match &cli.command {
        Command::Check(args) => {
            let config = Config::new(args)?;
            let mut records = Vec::new();
            analyses(&config, &mut outcome, |a, _| {
                records.extend(report::finding_records(&a, config.selection));
                Ok(())
            })?;
            outcome.findings = records.iter().any(actionable);
            match args.format {
                Format::Json => report::write_json_lines(&mut out, &records)?,
                _ => report::write_check_lines(&mut out, &records)?,
            }
        }
        Command::Articles { common, output } => {
            let config = Config::new(common)?;
            let mut records = Vec::new();
            analyses(&config, &mut outcome, |a, _| {
                records.extend(report::article_records(&a, config.selection));
                records.extend(report::finding_records(&a, config.selection));
                Ok(())
            })?;
            if common.format == Format::Md {
                let dir = output.as_ref().ok_or_else(|| Failure::Usage("--format md needs --output DIR".into()))?;
                write_markdown(dir, &records)?;
            } else {
                report::write_json_lines(&mut out, &records)?;
            }
        }
        Command::Fix { common, output } => {
            let config = Config::new(common)?;
            analyses(&config, &mut outcome, |a, _| {
                let fixed = report::fixed_pages(&a, config.selection);
                for (page, new) in a.pages.iter().zip(fixed) {
                    let path = &page.source.path;
                    if path.as_os_str() == "-" {
                        out.write_all(new.as_bytes())?;
                    } else if let Some(dir) = output {
                        let name = path.file_name().context("input has no file name")?;
                        write_atomic(&dir.join(name), &new)?;
                    } else if page.source.text != new {
                        write_atomic(path, &new)?;
                        eprintln!("jiaodui: fixed {}", path.display());
                    }
                }
                Ok(())
            })?;
        }
        Command::Diff { common, color } => {
            let config = Config::new(common)?;
            let use_color = match color {
                Color::Always => true,
                Color::Never => false,
                Color::Auto => io::stdout().is_terminal(),
            };
            analyses(&config, &mut outcome, |a, outcome| {
                let fixed = report::fixed_pages(&a, config.selection);
                for (page, new) in a.pages.iter().zip(fixed) {
                    if page.source.text != new {
                        outcome.findings = true;
                        report::unified_diff(&mut out, &page.source.path.display().to_string(), &page.source.text, &new, use_color)?;
                    }
                }
                Ok(())
            })?;
        }
    }
    out.flush()?;
    Ok(outcome)
}

fn write_markdown(dir: &Path, records: &[Record]) -> Result<(), Failure> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut n = 0;
    for r in records {
        if let (Some(md), Record::Article { title, .. }) = (report::article_markdown(r), r) {
            n += 1;
            let slug: String = title.as_deref().unwrap_or("untitled").chars().filter(|c| c.is_alphanumeric()).take(24).collect();
            write_atomic(&dir.join(format!("{n:03}-{slug}.md")), &md)?;
        }
    }
    Ok(())
}

/// Write through a temporary file in the same directory and rename it over
/// the target, so a crash never leaves a half-written page.
fn write_atomic(path: &Path, text: &str) -> Result<(), Failure> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir).with_context(|| format!("cannot write in {}", dir.display()))?;
    tmp.write_all(text.as_bytes()).with_context(|| format!("cannot write {}", path.display()))?;
    if let Ok(meta) = std::fs::metadata(path) {
        let _ = std::fs::set_permissions(tmp.path(), meta.permissions());
    }
    tmp.persist(path).map_err(|e| anyhow::anyhow!("cannot replace {}: {}", path.display(), e.error))?;
    Ok(())
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
            eprintln!("jiaodui: lexicon error: {m}");
            ExitCode::from(exit::CONFIG)
        }
        Err(Failure::Other(e)) if is_broken_pipe(&e) => ExitCode::from(exit::CLEAN),
        Err(Failure::Other(e)) => {
            eprintln!("jiaodui: error: {e:#}");
            ExitCode::from(exit::ERROR)
        }
    }
}
