//! The `jiaodui` command line: parses arguments, runs the library, prints,
//! and maps the outcome to a documented exit code.

use anyhow::Context;
use clap::{Args, Parser, Subcommand, ValueEnum};
use jiaodui::batch::{Event, Overrides, Plan, PlanError, Runner};
use jiaodui::report::{self, Record, Selection};
use jiaodui::write::{write_atomic, AtomicFile, WriteOptions};
use jiaodui::{config, Analysis, Encoding, Finding, Lang, Proofreader};
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
    /// Page files, directories (searched for *.md and *.txt, and hOCR, ALTO
    /// and PaddleOCR JSON files), or `-` for stdin.
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
                if let Some(bad) = kinds.iter().find(|k| !report::kinds().any(|known| known == k.as_str())) {
                    let known: Vec<&str> = report::kinds().collect();
                    return Err(format!("{bad:?} is neither a policy (review, applied, all, none), a confidence, nor a finding kind ({})", known.join(", ")));
                }
                FailOn::Kinds(kinds)
            }
        },
    })
}

/// Every finding kind, for `--fail-on`.
impl FailOn {
    fn fails(&self, r: &Record) -> bool {
        let Record::Finding(f @ Finding { kind, confidence, .. }) = r else { return false };
        let status = f.status();
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
    config::confidence(s.parse().map_err(|_| format!("{s:?} is not a number"))?)
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

impl From<PlanError> for Failure {
    fn from(e: PlanError) -> Self {
        match e {
            PlanError::Usage(m) => Failure::Usage(m),
            PlanError::Config(m) => Failure::Config(m),
            PlanError::Io(m) => Failure::Other(anyhow::anyhow!(m)),
        }
    }
}

/// The command line's settings for every issue of the run.
fn overrides(args: &CommonArgs) -> Overrides {
    Overrides {
        config: args.config.clone(),
        min_confidence: args.min_confidence,
        no_typos: args.no_typos,
        lexicons: args.lexicons.clone(),
        page_pattern: args.page_pattern.clone(),
        include: args.include.clone(),
        exclude: args.exclude.clone(),
        encoding: args.encoding,
        output_encoding: args.output_encoding,
        force_exclude: args.force_exclude,
        siblings: args.siblings,
        no_lexicon: args.no_lexicon,
    }
}

/// Find the issues and their settings. `streaming`: whether large files may
/// be read in parts (not for `diff`, whose hunks number lines from the start
/// of the file).
fn plan(args: &CommonArgs, streaming: bool, output_dir: Option<&Path>) -> Result<Plan, Failure> {
    // Walking a large archive takes a while: say so on a terminal.
    let busy = (!args.quiet && io::stderr().is_terminal()).then(|| {
        let spinner = indicatif::ProgressBar::new_spinner();
        spinner.set_message("finding pages and reading settings…");
        spinner.enable_steady_tick(std::time::Duration::from_millis(120));
        spinner
    });
    let plan = Plan::discover(&args.paths, &overrides(args), streaming, output_dir);
    if let Some(spinner) = busy {
        spinner.finish_and_clear();
    }
    Ok(plan?)
}

/// How the run went, beyond hard failures.
#[derive(Default)]
struct Outcome {
    findings: bool,
    file_errors: bool,
    pages: usize,
    chars: usize,
    edits: BTreeMap<&'static str, usize>,
    traditional: usize,
    /// `review`: each issue's data, in input order.
    review: Vec<serde_json::Value>,
}

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

impl Rendered {
    /// A file that cannot be repaired or written: said, and the run fails.
    fn error(&mut self, e: impl std::fmt::Display) {
        self.messages.push(format!("jiaodui: error: {e}"));
        self.failed = true;
    }
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

/// Pages, characters, traditional-script pages and findings by status of
/// one analysis, for the summary.
struct Stats {
    pages: usize,
    chars: usize,
    traditional: usize,
    statuses: [usize; 3],
}

fn stats(a: &Analysis, sel: Selection) -> Stats {
    Stats {
        pages: a.page_count(),
        chars: (0..a.page_count()).map(|p| a.page_text(p).chars().count()).sum(),
        traditional: (0..a.page_count()).filter(|&p| a.is_traditional(p)).count(),
        statuses: report::status_counts(a, sel),
    }
}

/// The repaired parts of a large file, written into a temporary file next to
/// the target and put in place at the end (if anything changed, or when
/// writing to another directory).
struct StreamedWrite {
    options: WriteOptions,
    file: Option<(AtomicFile, PathBuf, bool)>,
    changed: bool,
    broken: bool,
}

impl StreamedWrite {
    fn new(options: WriteOptions) -> Self {
        StreamedWrite { options, file: None, changed: false, broken: false }
    }

    fn append(&mut self, w: PendingWrite) -> io::Result<()> {
        if self.broken {
            return Ok(());
        }
        if self.file.is_none() {
            self.file = Some((AtomicFile::create(&w.target, self.options)?, w.target.clone(), w.in_place));
        }
        let (file, _, _) = self.file.as_mut().expect("just created");
        file.write_all(&w.bytes)?;
        self.changed |= w.changed;
        Ok(())
    }

    /// Put the result in place; the path, if a file was changed in place.
    /// A file a part of which could not be read is left as it is.
    fn finish(self, complete: bool) -> io::Result<Option<PathBuf>> {
        let Some((file, target, in_place)) = self.file else { return Ok(None) };
        if self.broken || !complete || (in_place && !self.changed) {
            return Ok(None);
        }
        file.commit()?;
        Ok(in_place.then_some(target))
    }
}

/// Where the results go, in input order: standard output, messages on
/// standard error (above a progress bar on a terminal), the files written,
/// and the run's counts.
struct Delivery<'a> {
    args: &'a CommonArgs,
    write: WriteOptions,
    outcome: &'a mut Outcome,
    out: &'a mut dyn Write,
    progress: Option<indicatif::ProgressBar>,
    /// Records for the documents written at the end.
    markdown: Vec<(PathBuf, Record)>,
    /// The large file being written part by part.
    stream: Option<StreamedWrite>,
}

impl Delivery<'_> {
    /// An error or a warning: always shown.
    fn say(&self, line: &str) {
        match &self.progress {
            Some(bar) => bar.suspend(|| eprintln!("{line}")),
            None => eprintln!("{line}"),
        }
    }

    /// What was done, as opposed to what went wrong: `-q` keeps it quiet.
    fn tell(&self, line: &str) {
        if !self.args.quiet {
            self.say(line)
        }
    }

    fn error(&mut self, e: impl std::fmt::Display) {
        self.say(&format!("jiaodui: error: {e}"));
        self.outcome.file_errors = true;
    }

    fn deliver(&mut self, streamed: bool, event: Event<(Stats, Result<Rendered, Failure>)>) -> Result<(), Failure> {
        match event {
            Event::Error(e) => {
                self.error(e);
                if let Some(s) = self.stream.as_mut() {
                    s.broken = true;
                }
            }
            Event::Done((stats, rendered)) => {
                self.count(&stats);
                self.show(rendered?, streamed)?;
            }
            Event::FileEnd { complete } => match self.stream.take().map(|s| s.finish(complete)) {
                Some(Ok(Some(fixed))) => self.tell(&format!("jiaodui: fixed {}", fixed.display())),
                Some(Ok(None)) | None => {}
                Some(Err(e)) => self.error(e),
            },
        }
        Ok(())
    }

    fn count(&mut self, stats: &Stats) {
        let outcome = &mut *self.outcome;
        outcome.pages += stats.pages;
        outcome.chars += stats.chars;
        outcome.traditional += stats.traditional;
        for (status, n) in ["fix applies", "needs review", "report"].into_iter().zip(stats.statuses) {
            *outcome.edits.entry(status).or_insert(0) += n;
        }
        if let Some(bar) = &self.progress {
            bar.inc(stats.pages as u64);
            bar.set_message(format!("{} findings", outcome.edits.values().sum::<usize>()));
        }
    }

    /// Print an issue's output and make its writes.
    fn show(&mut self, rendered: Rendered, streamed: bool) -> Result<(), Failure> {
        self.out.write_all(&rendered.stdout)?;
        for m in &rendered.messages {
            if m.starts_with("jiaodui: error") || m.starts_with("jiaodui: warning") {
                self.say(m);
            } else {
                self.tell(m);
            }
        }
        self.outcome.findings |= rendered.findings;
        self.outcome.file_errors |= rendered.failed;
        self.markdown.extend(rendered.markdown);
        self.outcome.review.extend(rendered.review);
        for w in rendered.writes {
            if streamed {
                let write = self.write;
                let result = self.stream.get_or_insert_with(|| StreamedWrite::new(write)).append(w);
                if let Err(e) = result {
                    self.error(e);
                    self.stream.as_mut().expect("just used").broken = true;
                }
                continue;
            }
            if !w.in_place || w.changed {
                // One file that cannot be written does not stop the batch.
                if let Err(e) = write_atomic(&w.target, &w.bytes, self.write) {
                    self.error(e);
                    continue;
                }
            }
            if w.in_place && w.changed {
                self.tell(&format!("jiaodui: fixed {}", w.target.display()));
            }
        }
        Ok(())
    }

    /// The summary under the findings, on a terminal.
    fn summary(&mut self, started: Instant) -> Result<(), Failure> {
        if let Some(bar) = self.progress.take() {
            bar.finish_and_clear();
        }
        let (args, outcome) = (self.args, &*self.outcome);
        if outcome.traditional > 0 && !args.quiet {
            eprintln!("jiaodui: {} page(s) in traditional script: checked for structure and doubled words only (the character checks know simplified Chinese)", outcome.traditional);
        }
        if !args.quiet && io::stderr().is_terminal() {
            // The findings first, then the summary under them.
            self.out.flush()?;
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
        Ok(())
    }
}

/// Analyse every issue of the plan and render it (on worker threads), then
/// print each issue's output and make its writes in input order. Unreadable
/// files are reported and skipped; the rest goes on. Returns the records of
/// the documents written at the end (Markdown articles, SARIF, rdjson).
fn analyses(
    plan: &Plan,
    args: &CommonArgs,
    write: WriteOptions,
    outcome: &mut Outcome,
    out: &mut dyn Write,
    render: impl Fn(&Analysis, &Proofreader) -> Result<Rendered, Failure> + Sync,
) -> Result<Vec<(PathBuf, Record)>, Failure> {
    let runner = Runner::new(args.jobs.unwrap_or(0)).context("cannot start worker threads")?;
    let started = Instant::now();
    let progress = (!args.quiet && io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new(plan.page_files() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} pages  ETA {eta}  {msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let mut delivery = Delivery { args, write, outcome, out, progress, markdown: Vec::new(), stream: None };
    for m in &plan.missing {
        delivery.error(m);
    }
    let work = |a: &Analysis, proofreader: &Proofreader| {
        let warnings = a.warnings().map(|(path, w)| format!("jiaodui: warning: {}: {w}", path.display())).collect::<Vec<_>>();
        let rendered = render(a, proofreader).map(|mut r| {
            r.messages.splice(0..0, warnings);
            r
        });
        (stats(a, selection(proofreader)), rendered)
    };
    runner.run(&plan.jobs, &plan.proofreaders, work, |job, event| delivery.deliver(job.streamed, event))?;
    delivery.summary(started)?;
    Ok(delivery.markdown)
}

/// The repaired pages at their fixed point, and the lines that report what
/// later rounds of repair did (every change is an explicit edit).
fn repaired(a: &Analysis, proofreader: &Proofreader) -> (jiaodui::Repaired, Vec<String>) {
    let repair = proofreader.repair(a);
    let mut notes: Vec<String> = repair
        .later
        .iter()
        .map(|r| format!("jiaodui: {}: round {} of repair: {} (made possible by the repairs before it; `jiaodui diff` shows them all)", r.path.display(), r.round, r.kinds.join(", ")))
        .collect();
    if !repair.settled {
        let names: Vec<String> = (0..a.page_count()).map(|p| a.page_path(p).display().to_string()).collect();
        notes.push(format!(
            "jiaodui: warning: the repairs of {} did not settle in {} rounds, so the pages are left as printed (please report this with the files)",
            names.join(", "),
            jiaodui::MAX_ROUNDS
        ));
    }
    (repair, notes)
}

fn selection(proofreader: &Proofreader) -> Selection {
    Selection { min_confidence: proofreader.settings().min_confidence }
}

fn run(cli: Cli) -> Result<Outcome, Failure> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut outcome = Outcome::default();
    match &cli.command {
        Command::Check { common: args, fail_on } => check(args, fail_on, &mut out, &mut outcome)?,
        Command::Articles { common, output } => articles(common, output, &mut out, &mut outcome)?,
        Command::Fix { common, output, force } => fix(common, output, *force, &mut out, &mut outcome)?,
        Command::Diff { common, color, side_by_side } => diff(common, *color, *side_by_side, &mut out, &mut outcome)?,
        Command::Review { common, output } => review(common, output, &mut out, &mut outcome)?,
        Command::Apply { common, decisions, force } => apply(common, decisions, *force, &mut out, &mut outcome)?,
        Command::Config { path, config: file, .. } => show_config(path, file, &mut out)?,
    }
    out.flush()?;
    Ok(outcome)
}

/// `check`: the findings, as lines, JSON Lines, SARIF or rdjson.
fn check(args: &CommonArgs, fail_on: &FailOn, out: &mut dyn Write, outcome: &mut Outcome) -> Result<(), Failure> {
    let format = check_usage("check", args, &[Format::Text, Format::Json, Format::Sarif, Format::Rdjson])?;
    let plan = plan(args, true, None)?;
    let collect = matches!(format, Format::Sarif | Format::Rdjson);
    let records = analyses(&plan, args, WriteOptions::default(), outcome, out, |a, proofreader| {
        let mut records = report::finding_records(a, selection(proofreader));
        report::translate(&mut records, args.lang.lang());
        let mut r = Rendered { findings: records.iter().any(|f| fail_on.fails(f)), ..Rendered::default() };
        match format {
            Format::Json => report::write_json_lines(&mut r.stdout, &records)?,
            Format::Sarif | Format::Rdjson => r.markdown = records.into_iter().map(|r| (PathBuf::new(), r)).collect(),
            _ => report::write_check_lines(&mut r.stdout, &records, args.lang.lang())?,
        }
        Ok(r)
    })?;
    if collect {
        let all: Vec<Record> = records.into_iter().map(|(_, r)| r).collect();
        let doc = if format == Format::Sarif { report::sarif(&all) } else { report::rdjson(&all) };
        serde_json::to_writer_pretty(&mut *out, &doc).context("cannot write the report")?;
        writeln!(out)?;
    }
    Ok(())
}

/// `articles`: the stitched articles (and findings) as JSON Lines, or Markdown files.
fn articles(common: &CommonArgs, output: &Option<PathBuf>, out: &mut dyn Write, outcome: &mut Outcome) -> Result<(), Failure> {
    let format = check_usage("articles", common, &[Format::Json, Format::Md])?;
    if format == Format::Md && output.is_none() {
        return Err(Failure::Usage("--format md needs --output DIR".into()));
    }
    if format != Format::Md && output.is_some() {
        return Err(Failure::Usage("--output DIR is for --format md (JSON Lines go to standard output)".into()));
    }
    output_is_a_directory(output)?;
    let plan = plan(common, true, None)?;
    let markdown = analyses(&plan, common, WriteOptions::default(), outcome, out, |a, proofreader| {
        let mut records = report::article_records(a, selection(proofreader));
        let mut r = Rendered::default();
        if format == Format::Md {
            // Each issue's articles go into a folder that mirrors where its pages are.
            let dir = (a.page_count() > 0).then(|| plan.relative.get(a.page_path(0))).flatten().and_then(|rel| rel.parent()).map(Path::to_path_buf).unwrap_or_default();
            r.markdown = records.into_iter().map(|r| (dir.clone(), r)).collect();
        } else {
            let mut findings = report::finding_records(a, selection(proofreader));
            report::translate(&mut findings, common.lang.lang());
            records.extend(findings);
            report::write_json_lines(&mut r.stdout, &records)?;
        }
        Ok(r)
    })?;
    if let Some(dir) = output.as_ref().filter(|_| format == Format::Md) {
        write_markdown(dir, &markdown)?;
    }
    Ok(())
}

/// `--output -` names no directory: it would make one called `-` and write
/// the pages into it. A page read from standard input (`-`) is what goes to
/// standard output.
fn output_is_a_directory(output: &Option<PathBuf>) -> Result<(), Failure> {
    match output {
        Some(dir) if dir.as_os_str() == "-" => Err(Failure::Usage("--output takes a directory, and `-` is none: to write a repaired page to standard output, give the page on standard input (`jiaodui fix - < page.md`)".into())),
        _ => Ok(()),
    }
}

/// `fix`: the repaired pages, written in place, into a directory, or to standard output.
fn fix(common: &CommonArgs, output: &Option<PathBuf>, force: bool, out: &mut dyn Write, outcome: &mut Outcome) -> Result<(), Failure> {
    check_usage("fix", common, &[Format::Text])?;
    output_is_a_directory(output)?;
    let plan = plan(common, true, output.as_deref())?;
    analyses(&plan, common, WriteOptions { force }, outcome, out, |a, proofreader| {
        let (repair, notes) = repaired(a, proofreader);
        let mut r = Rendered { messages: notes, ..Rendered::default() };
        for page in repair.pages.iter().filter(|p| !p.context) {
            let bytes = match page.bytes() {
                Ok(bytes) => bytes,
                Err(e) => {
                    r.error(e);
                    continue;
                }
            };
            r.messages.extend(page.unwritten_order().map(|why| format!("jiaodui: {why}")));
            let path = &page.path;
            if path.as_os_str() == "-" {
                r.stdout.extend_from_slice(&bytes);
            } else if let Some(dir) = output {
                let rel = plan.relative.get(path).cloned().or_else(|| path.file_name().map(PathBuf::from)).context("input has no file name")?;
                r.writes.push(PendingWrite { target: dir.join(rel), bytes, changed: page.changed, in_place: false });
            } else {
                r.writes.push(PendingWrite { target: path.clone(), bytes, changed: page.changed, in_place: true });
            }
        }
        Ok(r)
    })?;
    Ok(())
}

/// `diff`: what `fix` would change, as a unified or side-by-side diff.
fn diff(common: &CommonArgs, color: Color, side_by_side: bool, out: &mut dyn Write, outcome: &mut Outcome) -> Result<(), Failure> {
    check_usage("diff", common, &[Format::Text])?;
    let plan = plan(common, false, None)?;
    let use_color = match color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => io::stdout().is_terminal(),
    };
    analyses(&plan, common, WriteOptions::default(), outcome, out, |a, proofreader| {
        let mut r = Rendered::default();
        let (repair, _) = repaired(a, proofreader);
        for (p, page) in repair.pages.iter().enumerate() {
            if !page.changed || page.context {
                continue;
            }
            // The file as it is and as `fix` would write it (an OCR
            // document's XML or JSON, with only its words changed).
            let old = a.page_file_text(p);
            let new = match page.bytes().map(String::from_utf8) {
                Ok(Ok(new)) => new,
                Ok(Err(_)) => page.text.clone(),
                Err(e) => {
                    r.error(e);
                    continue;
                }
            };
            r.findings = true;
            if side_by_side {
                report::side_by_side_diff(&mut r.stdout, &diff_path(&page.path), old, &new, use_color, terminal_width())?;
            } else {
                report::unified_diff(&mut r.stdout, &diff_path(&page.path), old, &new, use_color)?;
            }
        }
        Ok(r)
    })?;
    Ok(())
}

/// `review`: the review page of every issue, one HTML file.
fn review(common: &CommonArgs, output: &Path, out: &mut dyn Write, outcome: &mut Outcome) -> Result<(), Failure> {
    check_usage("review", common, &[Format::Text])?;
    let plan = plan(common, false, None)?;
    analyses(&plan, common, WriteOptions::default(), outcome, out, |a, proofreader| {
        let mut records = report::finding_records(a, selection(proofreader));
        report::translate(&mut records, common.lang.lang());
        let data = jiaodui::review::issue_data(a, &records);
        Ok(Rendered { review: Some(data), ..Rendered::default() })
    })?;
    let proofreader = plan.proofreaders.first().context("no settings")?;
    let meta = jiaodui::review::Meta {
        tool: format!("jiaodui {}", env!("CARGO_PKG_VERSION")),
        lexicon: proofreader.lexicon().identity(),
        min_confidence: proofreader.settings().min_confidence,
        lang: if common.lang == LangArg::Zh { "zh" } else { "en" }.into(),
    };
    let html = jiaodui::review::html(&outcome.review, &meta);
    if output.as_os_str() == "-" {
        out.write_all(html.as_bytes())?;
    } else {
        write_atomic(output, html.as_bytes(), WriteOptions::default())?;
        if !common.quiet {
            eprintln!("jiaodui: wrote {} ({} page{})", output.display(), outcome.pages, if outcome.pages == 1 { "" } else { "s" });
        }
    }
    Ok(())
}

/// `apply`: a reviewer's decisions, applied to the pages they name.
fn apply(common: &CommonArgs, decisions: &Path, force: bool, out: &mut dyn Write, outcome: &mut Outcome) -> Result<(), Failure> {
    check_usage("apply", common, &[Format::Text])?;
    let decided = jiaodui::review::Decisions::read(decisions).map_err(Failure::Config)?;
    let plan = plan(common, false, None)?;
    if plan.proofreaders.iter().any(|p| p.lexicon().identity() != decided.lexicon) {
        eprintln!("jiaodui: warning: {} was made with another lexicon ({}); changes it names that this lexicon no longer proposes are refused", decisions.display(), decided.lexicon);
    }
    let seen = std::sync::Mutex::new(std::collections::HashSet::new());
    analyses(&plan, common, WriteOptions { force }, outcome, out, |a, proofreader| {
        let mut r = Rendered::default();
        for p in (0..a.page_count()).filter(|&p| !a.context[p]) {
            let path = a.page_path(p);
            let shown = path.display().to_string();
            let Some(file) = decided.for_path(&shown) else {
                r.messages.push(format!("jiaodui: {shown}: no decisions for this page in {}; left as it is", decisions.display()));
                continue;
            };
            seen.lock().unwrap().insert(file.path.clone());
            match jiaodui::review::apply(a, p, file) {
                Err(e) => r.error(format!("{shown}: {e}")),
                Ok(done) => {
                    let page = proofreader.repaired_page(a, p, done.text);
                    let bytes = match page.bytes() {
                        Ok(b) => b,
                        Err(e) => {
                            r.error(e);
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
                    if path.as_os_str() == "-" {
                        r.stdout.extend_from_slice(&bytes);
                    } else {
                        r.writes.push(PendingWrite { target: path.to_path_buf(), bytes, changed: page.changed, in_place: true });
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
    Ok(())
}

/// `config --show`: the settings that apply to a path, as `jiaodui.toml` lines.
fn show_config(path: &Option<PathBuf>, file: &Option<PathBuf>, out: &mut dyn Write) -> Result<(), Failure> {
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
    Ok(())
}

/// Each article as a Markdown file, in a folder per issue under `dir`.
fn write_markdown(dir: &Path, records: &[(PathBuf, Record)]) -> Result<(), Failure> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut numbers: BTreeMap<&Path, usize> = BTreeMap::new();
    for (issue_dir, r) in records {
        if let (Some(md), Record::Article(article)) = (report::article_markdown(r), r) {
            let n = numbers.entry(issue_dir.as_path()).or_insert(0);
            *n += 1;
            let slug: String = article.title.as_deref().unwrap_or("untitled").chars().filter(|c| c.is_alphanumeric()).take(24).collect();
            write_atomic(&dir.join(issue_dir).join(format!("{:03}-{slug}.md", *n)), md.as_bytes(), WriteOptions::default())?;
        }
    }
    Ok(())
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
