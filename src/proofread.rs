//! The library's front door: an [`Issue`] (the pages printed together) is
//! analysed by a [`Proofreader`] (settings and lexicon) into an
//! [`Analysis`]; from it come the [`Finding`]s, the stitched [`Article`]s and
//! the [`Repaired`] pages.

use crate::config::{self, Check, Settings};
use crate::edit::EditKind;
use crate::input::{Encoding, InputError, Source};
use crate::issue::IssueFiles;
use crate::lexicon::{Lexicon, LexiconError};
use crate::pipeline::{self, Analysis, Options};
use crate::report::{self, Article, Finding, Selection};
use std::path::{Path, PathBuf};

/// The pages of one newspaper issue, with their names and page numbers.
///
/// Pages are read from files, strings or bytes in UTF-8, GB18030 (GBK,
/// GB2312) or Big5; a page's number comes from its name (`p01.md`, `A03.txt`,
/// `2023-11-24_01.md`) unless set with [`Issue::set_page_number`], and a
/// multi-page issue whose names carry none is numbered in order.
///
/// ```
/// let mut issue = jiaodui::Issue::new();
/// issue.add_text("p01.md", "纷纷走到基层一线，通\n\n过对接工作，送上服务。\n")?;
/// issue.add_bytes("p02.md", b"# \xb1\xea\xcc\xe2\n".to_vec(), None)?; // GB18030 for `# 标题`
/// assert_eq!(issue.len(), 2);
/// # Ok::<(), jiaodui::InputError>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Issue {
    pub(crate) sources: Vec<Source>,
    pub(crate) numbers: Vec<Option<u32>>,
    /// Pages read only to inform the analysis (`--siblings`): never
    /// reported, never written.
    pub(crate) context: Vec<bool>,
}

impl Issue {
    /// An issue with no pages yet.
    pub fn new() -> Issue {
        Issue::default()
    }

    /// Add a page from its text. Fails for text that is not a page (a NUL
    /// byte, lines ending in a bare CR).
    pub fn add_text(&mut self, name: impl Into<PathBuf>, text: impl Into<String>) -> Result<&mut Issue, InputError> {
        let source = Source::decode(name, text.into().into_bytes(), Some(Encoding::Utf8))?;
        Ok(self.push(source, false))
    }

    /// Add a page from bytes in `encoding` (`None`: detect UTF-8, GB18030 or
    /// Big5, as the command line does).
    pub fn add_bytes(&mut self, name: impl Into<PathBuf>, bytes: Vec<u8>, encoding: Option<Encoding>) -> Result<&mut Issue, InputError> {
        let source = Source::decode(name, bytes, encoding)?;
        Ok(self.push(source, false))
    }

    /// Add a page read from a file (`-`: standard input).
    pub fn add_file(&mut self, path: impl AsRef<Path>, encoding: Option<Encoding>) -> Result<&mut Issue, InputError> {
        let source = Source::read_as(path.as_ref(), encoding)?;
        Ok(self.push(source, false))
    }

    /// Add a page that informs the analysis of the others (a jump's other
    /// half, say) but is neither reported nor repaired.
    pub fn add_context_file(&mut self, path: impl AsRef<Path>, encoding: Option<Encoding>) -> Result<&mut Issue, InputError> {
        let source = Source::read_as(path.as_ref(), encoding)?;
        Ok(self.push(source, true))
    }

    /// Read the files of an issue found on disk ([`crate::batch::Plan::discover`]): the
    /// pages that can be read, and an error for each that cannot (the rest
    /// of the issue goes on without it). `context` says which files are
    /// context pages.
    pub fn read(files: &IssueFiles, encoding: Option<Encoding>, context: impl Fn(&Path) -> bool) -> (Issue, Vec<InputError>) {
        let mut issue = Issue::new();
        let mut errors = Vec::new();
        for (path, number) in files.pages.iter().zip(&files.numbers) {
            match Source::read_as(path, encoding) {
                Ok(source) => {
                    let is_context = context(path);
                    issue.push_numbered(source, *number, is_context);
                }
                Err(e) => errors.push(e),
            }
        }
        (issue, errors)
    }

    /// An issue of one page already decoded (a part of a large file).
    pub(crate) fn of_source(source: Source, number: Option<u32>) -> Issue {
        Issue { sources: vec![source], numbers: vec![number], context: vec![false] }
    }

    fn push(&mut self, source: Source, context: bool) -> &mut Issue {
        let number = crate::issue::page_number(&source.path, None);
        self.push_numbered(source, number, context)
    }

    fn push_numbered(&mut self, source: Source, number: Option<u32>, context: bool) -> &mut Issue {
        self.numbers.push(number);
        self.sources.push(source);
        self.context.push(context);
        self
    }

    /// Set the printed page number of page `index` (in the order added).
    ///
    /// # Panics
    /// If there is no page `index`.
    pub fn set_page_number(&mut self, index: usize, number: Option<u32>) -> &mut Issue {
        self.numbers[index] = number;
        self
    }

    /// The number of pages.
    pub fn len(&self) -> usize {
        self.sources.len()
    }

    pub fn is_empty(&self) -> bool {
        self.sources.is_empty()
    }

    /// The pages' names, in the order added.
    pub fn names(&self) -> impl Iterator<Item = &Path> {
        self.sources.iter().map(|s| s.path.as_path())
    }
}

/// Settings and a lexicon: what analyses issues and repairs them. Build one
/// and use it for every issue of a batch (the lexicon is loaded once; a
/// `Proofreader` is `Send + Sync`, so threads can share it).
///
/// ```
/// use jiaodui::{Issue, Proofreader};
///
/// let proofreader = Proofreader::new();
/// let mut issue = Issue::new();
/// issue.add_text("p01.md", "# 标题\n\n纷纷走到基层一线，通\n\n过对接工作，送上贴心贴心的服务。\n")?;
/// let analysis = proofreader.analyze(issue);
/// let kinds: Vec<String> = proofreader.findings(&analysis).into_iter().map(|f| f.kind).collect();
/// assert_eq!(kinds, ["join", "dup_word"]);
/// let repaired = proofreader.repair(&analysis);
/// assert_eq!(repaired.pages[0].text, "# 标题\n\n纷纷走到基层一线，通过对接工作，送上贴心的服务。\n");
/// # Ok::<(), jiaodui::InputError>(())
/// ```
#[derive(Debug)]
pub struct Proofreader {
    settings: Settings,
    lexicon: Lexicon,
}

/// Why a [`Proofreader`] could not be made from settings.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    /// A settings file that cannot be read or is not valid.
    #[error(transparent)]
    Config(#[from] config::ConfigError),
    /// A word list named in the settings does not exist.
    #[error("{path}: no such word list{}", .named_in.as_ref().map(|f| format!(" (named in {})", f.display())).unwrap_or_default())]
    MissingWordList { path: PathBuf, named_in: Option<PathBuf> },
    /// A word list that cannot be read or is malformed.
    #[error(transparent)]
    WordList(#[from] LexiconError),
}

impl Default for Proofreader {
    fn default() -> Self {
        Proofreader::new()
    }
}

impl Proofreader {
    /// The default settings (every check on, `fix` applying character edits
    /// at confidence 0.9) and the embedded lexicon.
    pub fn new() -> Proofreader {
        Proofreader { settings: Settings::default(), lexicon: Lexicon::embedded() }
    }

    /// `settings` with the embedded lexicon and the word lists they name
    /// (`lexicon`, `allow`).
    pub fn with_settings(settings: Settings) -> Result<Proofreader, SettingsError> {
        Proofreader::with_lexicon(settings, Lexicon::embedded())
    }

    /// `settings` with another base lexicon (`Lexicon::empty()` for none),
    /// and the word lists the settings name on top.
    pub fn with_lexicon(settings: Settings, mut lexicon: Lexicon) -> Result<Proofreader, SettingsError> {
        for path in settings.lexicon.iter().chain(&settings.allow) {
            if !path.exists() {
                return Err(SettingsError::MissingWordList { path: path.clone(), named_in: settings.config_file.clone() });
            }
            lexicon.add_user_words(path)?;
        }
        Ok(Proofreader { settings, lexicon })
    }

    /// The settings of the nearest `jiaodui.toml` in `dir` or above it
    /// (defaults if there is none), as the command line finds them.
    pub fn for_dir(dir: &Path) -> Result<Proofreader, SettingsError> {
        Proofreader::with_settings(config::settings(config::find(dir).as_deref())?)
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// The repairs the settings turn on.
    pub(crate) fn options(&self) -> Options {
        let s = &self.settings;
        Options { rejoin: s.enabled(Check::Rejoin), jumps: s.enabled(Check::Jumps), typos: s.enabled(Check::Typos), keep: s.keep.clone() }
    }

    /// Which findings `fix` applies.
    pub(crate) fn selection(&self) -> Selection {
        Selection { min_confidence: self.settings.min_confidence }
    }

    /// Analyse an issue: rejoin, stitch, look for character errors. Nothing
    /// is changed yet; every change is an edit of the analysis.
    pub fn analyze(&self, issue: Issue) -> Analysis {
        let Issue { sources, numbers, context } = issue;
        let mut a = pipeline::analyze(sources, numbers, &self.lexicon, &self.options());
        // Context pages inform the analysis; nothing about them is reported.
        if context.iter().any(|&c| c) {
            a.edits.retain(|e| !context[e.page]);
        }
        a.context = context;
        a
    }

    /// Every finding, in page and offset order, with its stable id, its
    /// ranked alternatives and whether `fix` applies it.
    pub fn findings(&self, analysis: &Analysis) -> Vec<Finding> {
        report::findings(analysis, self.selection())
    }

    /// The stitched articles, with the character repairs `fix` applies.
    pub fn articles(&self, analysis: &Analysis) -> Vec<Article> {
        report::articles(analysis, self.selection())
    }

    /// The repaired pages, at their fixed point: what `fix` writes.
    pub fn repair(&self, analysis: &Analysis) -> Repaired {
        let repair = pipeline::repair(analysis, &self.lexicon, &self.options(), self.selection());
        let mut later = Vec::new();
        for (k, round) in repair.later.iter().enumerate() {
            for (p, page) in round.pages.iter().enumerate() {
                let applied = crate::fix::applied_edits(&round.edits, p, self.settings.min_confidence);
                let mut kinds: Vec<&'static str> = round
                    .edits
                    .iter()
                    .filter(|e| e.page == p && (matches!(e.kind, EditKind::Join | EditKind::Reorder) || applied.iter().any(|x| std::ptr::eq(*x, *e))))
                    .map(|e| e.kind.as_str())
                    .collect();
                kinds.sort_unstable();
                kinds.dedup();
                if !kinds.is_empty() {
                    later.push(LaterRound { path: page.source.path.clone(), round: k + 2, kinds });
                }
            }
        }
        let pages = analysis
            .pages
            .iter()
            .zip(repair.texts)
            .enumerate()
            .map(|(p, (_, text))| {
                let mut page = self.repaired_page(analysis, p, text);
                // The joins and moves of an OCR page, as reading order.
                if let Some(doc) = page.document.clone() {
                    page.reading_order = repair.layouts.get(p).and_then(crate::article::Layout::paragraphs).filter(|_| doc.regions.len() == analysis.pages[p].blocks.len());
                    // Written once here; `bytes` and `unwritten_order` use it.
                    page.written = page.write_document(&doc).ok();
                    page.changed = page.changed || page.written.as_ref().is_some_and(|(file, _)| *file != doc.file);
                }
                page
            })
            .collect();
        Repaired { pages, later, settled: repair.settled }
    }

    /// Page `index` of the analysis with `text` as its repaired text (a
    /// repair made elsewhere, a reviewer's decisions applied), to be written
    /// in its own encoding (or the settings' `output-encoding`) and format.
    pub fn repaired_page(&self, analysis: &Analysis, index: usize, text: String) -> RepairedPage {
        let source = &analysis.pages[index].source;
        // An OCR document is written back as the document it is.
        let encoding = if source.document.is_some() { source.encoding } else { self.settings.output_encoding.unwrap_or(source.encoding) };
        RepairedPage {
            changed: source.text != text || encoding != source.encoding,
            path: source.path.clone(),
            encoding,
            context: analysis.context.get(index).copied().unwrap_or(false),
            document: source.document.clone(),
            reading_order: None,
            written: None,
            text,
        }
    }
}

/// The repaired pages of an issue.
#[derive(Debug, Clone)]
pub struct Repaired {
    /// Every page, in the issue's order (context pages included, unchanged).
    pub pages: Vec<RepairedPage>,
    /// Repairs that rounds after the first made (a join that makes the next
    /// seam readable, a doubled word a join brings together): `fix` repeats
    /// the analysis on its own result until nothing more applies, and says so.
    pub later: Vec<LaterRound>,
    /// Whether the repair reached its fixed point. When it does not (within
    /// [`MAX_ROUNDS`](crate::MAX_ROUNDS) rounds) the pages are left as printed.
    pub settled: bool,
}

/// A repaired page.
#[derive(Debug, Clone, PartialEq)]
pub struct RepairedPage {
    /// The page's name, as added to the issue.
    pub path: PathBuf,
    /// The repaired text.
    pub text: String,
    /// The encoding it is written in: its own, or the settings' `output-encoding`.
    pub encoding: Encoding,
    /// Whether writing it would change the file.
    pub changed: bool,
    /// A context page: not to be written.
    pub context: bool,
    /// An OCR document's: the repair is written back into its words.
    document: Option<std::sync::Arc<crate::ocr::OcrDocument>>,
    /// An OCR document's paragraphs in the order the repair reads them
    /// (each the view's blocks it is made of), where its joins and moves
    /// changed the order: written as the format writes reading order.
    reading_order: Option<Vec<Vec<usize>>>,
    /// An OCR document's file as `fix` writes it, and why the reading order
    /// is not in it where the format cannot hold it: made once by `repair`.
    written: Option<(String, Option<String>)>,
}

impl RepairedPage {
    /// The text as the file's bytes (its encoding, line endings and
    /// byte-order mark). Fails for a character the encoding cannot write;
    /// nothing is replaced silently.
    pub fn bytes(&self) -> Result<Vec<u8>, InputError> {
        if let Some(doc) = &self.document {
            let file = match &self.written {
                Some((file, _)) => file.clone(),
                None => self.write_document(doc)?.0,
            };
            return Ok(file.into_bytes());
        }
        self.encoding.encode(&self.text).map_err(|character| InputError::Unencodable { path: self.path.clone(), encoding: self.encoding.name(), character })
    }

    /// For an OCR document whose reading order the repair changed but whose
    /// format cannot hold it (ALTO before v4 when the order runs across the
    /// engine's blocks, PaddleOCR's JSON): why it is not written. The
    /// character repairs are written all the same.
    pub fn unwritten_order(&self) -> Option<String> {
        let why = match &self.written {
            Some((_, why)) => why.clone(),
            None => self.write_document(self.document.as_ref()?).ok()?.1,
        }?;
        Some(format!("{}: the reading order the repair found is not written into the file: {why}", self.path.display()))
    }

    /// The OCR document with the repaired words and, where its format can
    /// hold it, the reading order; with why not where it cannot.
    fn write_document(&self, doc: &crate::ocr::OcrDocument) -> Result<(String, Option<String>), InputError> {
        let file = doc.write_back(&self.text).map_err(|message| InputError::NotWritable { path: self.path.clone(), message })?;
        Ok(match &self.reading_order {
            Some(order) => match doc.with_reading_order(&file, order) {
                Ok(ordered) => (ordered, None),
                Err(why) => (file, Some(why)),
            },
            None => (file, None),
        })
    }
}

/// The repairs of a page made in a round after the first.
#[derive(Debug, Clone, PartialEq)]
pub struct LaterRound {
    pub path: PathBuf,
    /// 2 for the second round, …
    pub round: usize,
    /// The kinds of the repairs (`join`, `dup_word`, …).
    pub kinds: Vec<&'static str>,
}
