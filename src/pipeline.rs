//! The whole repair of one issue (a set of pages printed together): parse →
//! rejoin → layout and segment → link jumps → typos → edits and articles.
//! Every rendering (`check`, `fix`, `diff`, `articles`) starts from the
//! [`Analysis`] this produces.

use crate::article::{self, Layout, Part};
use crate::edit::{confidence, BlockRef, Edit, EditKind, Structure};
use crate::headings;
use crate::input::Source;
use crate::interleave::{self, Interleaved};
use crate::jumps::{self, Link, Orphan};
use crate::lexicon::Lexicon;
use crate::page::Page;
use crate::rejoin::{self, Join};
use crate::report;
use crate::text;
use crate::typos;
use std::collections::{HashMap, HashSet};

/// Settings that change what the analysis finds.
#[derive(Debug, Clone)]
pub struct Options {
    /// Join fragments and move interleaved continuations.
    pub rejoin: bool,
    /// Link articles continued across pages.
    pub jumps: bool,
    /// Look for character errors.
    pub typos: bool,
    /// Findings reviewed and kept as printed (see `Analysis::keep`).
    pub keep: Vec<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options { rejoin: true, jumps: true, typos: true, keep: Vec::new() }
    }
}

/// A reconstructed article: parts in reading order across pages.
#[derive(Debug, Clone)]
pub struct Article {
    pub title: Option<String>,
    /// Page indices it spans, in order.
    pub pages: Vec<usize>,
    /// Each paragraph is a list of block pieces (joined fragments, possibly across pages).
    pub paragraphs: Vec<Vec<BlockRef>>,
    /// Parts (indices into [`Analysis::parts`]) it was stitched from.
    pub parts: Vec<usize>,
}

/// Everything known about one issue: its pages as read, the joins, the
/// articles and every edit, structural and character. Nothing is changed
/// until [`Proofreader::repair`](crate::Proofreader::repair) applies the edits; the
/// findings and articles come from
/// [`Proofreader::findings`](crate::Proofreader::findings) and
/// [`Proofreader::articles`](crate::Proofreader::articles).
///
/// The fields are the stages' working data, open to the crate's own tests
/// and tools; they are not part of the stable interface.
#[derive(Debug)]
pub struct Analysis {
    #[doc(hidden)]
    pub pages: Vec<Page>,
    /// Printed page number of each page, where known.
    #[doc(hidden)]
    pub numbers: Vec<Option<u32>>,
    #[doc(hidden)]
    pub joins: Vec<Join>,
    #[doc(hidden)]
    pub layouts: Vec<Layout>,
    #[doc(hidden)]
    pub parts: Vec<Part>,
    #[doc(hidden)]
    pub links: Vec<Link>,
    #[doc(hidden)]
    pub orphans: Vec<Orphan>,
    #[doc(hidden)]
    pub articles: Vec<Article>,
    /// All edits, structural and character, sorted by page and position.
    #[doc(hidden)]
    pub edits: Vec<Edit>,
    /// Which pages are context only (read to inform the others; never
    /// reported or written).
    #[doc(hidden)]
    pub context: Vec<bool>,
    /// Which analysis this is, for the later rounds of [`repair`].
    epoch: u64,
}

impl Analysis {
    /// Leave out the findings an archive reviewed and keeps as printed:
    /// `keep` holds finding ids ([`report::finding_id`]) or texts, a text
    /// keeping every finding inside an occurrence of it on the page. Joins
    /// and moves are not kept this way (mark the block with
    /// `<!-- jiaodui-ignore -->`); every other finding is, and `fix` then
    /// leaves it as printed.
    fn keep(&mut self, keep: &[String]) {
        if keep.is_empty() {
            return;
        }
        let pages = &self.pages;
        self.edits.retain(|e| {
            if matches!(e.kind, EditKind::Join | EditKind::Reorder) {
                return true;
            }
            let page = &pages[e.page];
            let text = page.text();
            let kept = keep.iter().any(|k| {
                *k == report::finding_id(page, e)
                    || (!k.is_empty() && text.match_indices(k.as_str()).any(|(at, m)| at <= e.span.start && e.span.end <= at + m.len()))
            });
            !kept
        });
    }

    /// The number of pages (context pages included).
    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    /// Page `index`'s name, as given.
    pub fn page_path(&self, index: usize) -> &std::path::Path {
        &self.pages[index].source.path
    }

    /// Page `index`'s file as read, for a diff of the file: an OCR
    /// document's XML or JSON, else the page's text.
    pub fn page_file_text(&self, index: usize) -> &str {
        let source = &self.pages[index].source;
        source.document.as_ref().map_or(source.text.as_str(), |d| d.file.as_str())
    }

    /// Page `index`'s text as read (before any repair).
    pub fn page_text(&self, index: usize) -> &str {
        self.pages[index].text()
    }

    /// Whether page `index` is in traditional script, where only structure
    /// and doubled words are checked (the character checks know simplified
    /// Chinese, and traditional text is never converted).
    pub fn is_traditional(&self, index: usize) -> bool {
        self.pages[index].script == Some(crate::script::Script::Traditional)
    }

    /// Warnings about how pages are written (a marker jiaodui does not
    /// take where it stands), as `(page, message)`, context pages left out.
    pub fn warnings(&self) -> impl Iterator<Item = (&std::path::Path, &str)> {
        self.pages.iter().zip(&self.context).filter(|(_, c)| !**c).flat_map(|(p, _)| p.warnings.iter().map(move |w| (p.source.path.as_path(), w.as_str())))
    }

    /// The pages written in traditional script.
    #[doc(hidden)]
    pub fn traditional_pages(&self) -> impl Iterator<Item = &Page> {
        self.pages.iter().filter(|p| p.script == Some(crate::script::Script::Traditional))
    }
}

/// Analyse the pages of one issue. `numbers[k]` is the page number of `sources[k]`.
pub fn analyze(sources: Vec<Source>, numbers: Vec<Option<u32>>, lex: &Lexicon, options: &Options) -> Analysis {
    analyze_in(sources, numbers, lex, options, typos::new_analysis())
}

/// What the structure passes of [`analyze_in`] decide.
struct Structures {
    /// The interleaved runs that could not be read in column order.
    unread: Vec<Vec<Interleaved>>,
    joins: Vec<Join>,
    layouts: Vec<Layout>,
    parts: Vec<Part>,
    links: Vec<Link>,
    orphans: Vec<Orphan>,
    articles: Vec<Article>,
    edits: Vec<Edit>,
    /// The lost full stops' character edits, kept with the character check's.
    lost_stops: Vec<Edit>,
}

/// [`analyze`] as analysis `epoch` of the issue: [`repair`]'s later rounds
/// read the repaired text as rounds of the first (see `typos::WindowKey`).
fn analyze_in(sources: Vec<Source>, numbers: Vec<Option<u32>>, lex: &Lexicon, options: &Options, epoch: u64) -> Analysis {
    let pages: Vec<Page> = sources.into_iter().map(Page::parse).collect();
    // A page without a number in its file name may print one in its running
    // header; with no numbers at all, a multi-page issue is numbered in order.
    let mut numbers: Vec<Option<u32>> = numbers.iter().zip(&pages).map(|(n, p)| n.or(p.header_number)).collect();
    if pages.len() > 1 && numbers.iter().all(Option::is_none) {
        numbers = (1..=pages.len() as u32).map(Some).collect();
    }
    // Lines whose columns were read across are left alone: joining
    // neighbours there would interleave the columns.
    // A block whose own lines are read across becomes one block per line
    // where they can be read in column order.
    let mut pages = pages;
    let interleaved: Vec<Vec<Interleaved>> = if options.rejoin { pages.iter_mut().map(|p| interleave::detect_and_split(p, lex)).collect() } else { vec![Vec::new(); pages.len()] };
    let in_run = |(p, b): BlockRef| interleaved[p].iter().any(|r| r.blocks.contains(&b));
    // Headings a plain-text page does not mark, outside those lines.
    for (p, page) in pages.iter_mut().enumerate() {
        headings::infer(page, lex, &|b| in_run((p, b)));
    }
    // The character check reads the pages as they now stand, and nothing
    // the structure passes decide: the two run side by side (the structure
    // on this thread, whose seam cache the interleaving's detection warmed).
    let typos_of = || -> Vec<Edit> { if options.typos { pages.iter().enumerate().flat_map(|(p, page)| typos::detect_in(page, p, lex, epoch)).collect() } else { Vec::new() } };
    let structure = || {
        let in_run = |(p, b): BlockRef| interleaved[p].iter().any(|r| r.blocks.contains(&b));
        let mut joins: Vec<Join> = if options.rejoin { rejoin::plan_except(&pages, &numbers, lex, &|r| in_run(r)).into_iter().filter(|j| !in_run(j.from) && !in_run(j.to)).collect() } else { Vec::new() };
        // Runs that can be read in column order are; the rest are reported.
        let mut unread = interleaved.clone();
        for (p, runs) in unread.iter_mut().enumerate() {
            runs.retain(|r| match interleave::deinterleave(&pages[p], p, r, lex) {
                Some(order) => {
                    joins.extend(order);
                    false
                }
                None => true,
            });
        }
        let layouts: Vec<Layout> = pages.iter().enumerate().map(|(p, page)| Layout::new(page, p, &joins)).collect();
        let parts: Vec<Part> = pages
            .iter()
            .enumerate()
            .flat_map(|(p, page)| article::segment(page, p, &layouts[p]))
            .collect();
        let (links, orphans) = if options.jumps { jumps::link(&pages, &numbers, &parts, lex) } else { (Vec::new(), Vec::new()) };
        let articles = assemble(&pages, &parts, &links, &joins);
        let (mut edits, lost_stops) = structural_edits(&pages, &parts, &joins, &links, &orphans, lex);
        if !options.rejoin {
            // Truncations are rejoin's findings: a fragment nothing continues.
            edits.retain(|e| !matches!(e.kind, EditKind::Truncated | EditKind::Fragment));
        }
        Structures { unread, joins, layouts, parts, links, orphans, articles, edits, lost_stops }
    };
    let (Structures { unread: interleaved, joins, layouts, parts, links, orphans, articles, mut edits, lost_stops }, typo_edits) = rayon::join(structure, typos_of);
    if options.typos {
        edits.extend(typo_edits);
        // A paragraph left unjoined because it reads as finished lost its
        // full stop: the character edit that restores it, as a suggestion.
        edits.extend(lost_stops);
    }
    // One finding per interleaved run stands for the truncations and lost
    // full stops its lines would otherwise each report.
    edits.retain(|e| {
        let inside = interleaved[e.page].iter().any(|r| r.span.start <= e.span.start && e.span.end <= r.span.end + 8);
        !(inside && (matches!(e.kind, EditKind::Truncated | EditKind::Fragment) || (e.kind == EditKind::Punctuation && e.span.is_empty())))
    });
    for (p, runs) in interleaved.iter().enumerate() {
        for r in runs {
            edits.push(Edit {
                kind: EditKind::Interleaved,
                page: p,
                span: r.span.clone(),
                replacement: None,
                confidence: 0.5 + 0.5 * r.votes as f64 / r.judged.max(1) as f64,
                reason: format!(
                    "the columns of these {} lines appear to be read across (line 1 of each column, then line 2, …): {} of {} lines read on {} lines further down; left as printed, since a layout-aware reading is needed",
                    r.lines, r.votes, r.judged, r.period
                ),
                structure: Structure::None,
                alternatives: Vec::new(),
            });
        }
    }
    // A character edit with one candidate offers that one.
    for e in edits.iter_mut().filter(|e| e.alternatives.is_empty()) {
        if let Some(r) = &e.replacement {
            e.alternatives.push(crate::edit::Alternative { text: r.clone(), score: e.confidence });
        }
    }
    edits.sort_by_key(|e| (e.page, e.span.start, e.span.end, e.kind));
    let context = vec![false; pages.len()];
    let mut analysis = Analysis { pages, numbers, joins, layouts, parts, links, orphans, articles, edits, context, epoch };
    analysis.keep(&options.keep);
    analysis
}

/// Rounds of repair [`repair`] runs at most before it gives up on settling.
pub const MAX_ROUNDS: usize = 8;

/// The repaired pages of an issue, at their fixed point.
#[derive(Debug)]
pub struct Repair {
    /// The repaired text of each page.
    pub texts: Vec<String>,
    /// The analyses of the rounds after the first that changed something:
    /// repairs that the first ones made visible (a join that makes the next
    /// seam readable, a doubled word that a join brings together). Their
    /// edits are explicit like the first round's, with offsets into the text
    /// that round read.
    pub later: Vec<Analysis>,
    /// Whether a further analysis of `texts` proposes nothing to apply.
    /// When [`MAX_ROUNDS`] rounds do not get there, the issue is left as
    /// printed (`texts` are the originals, `later` is empty): a page that
    /// cannot be repaired to a fixed point is not repaired at all, so a
    /// second run still changes nothing.
    pub settled: bool,
    /// Each page's reading order (joins and moves) as an analysis of
    /// `texts` reads it: what an OCR document writes as its reading order,
    /// so that a second run writes the same.
    pub layouts: Vec<Layout>,
}

/// Repair an analysed issue at `sel`, and repeat on the result until a new
/// analysis of it proposes nothing to apply, so that `fix` reaches its fixed
/// point in one run.
pub fn repair(first: &Analysis, lex: &Lexicon, options: &Options, sel: report::Selection) -> Repair {
    let mut texts = report::fixed_pages(first, sel);
    let mut changed = first.pages.iter().zip(&texts).any(|(p, t)| p.text() != t);
    let mut later = Vec::new();
    let mut layouts = first.layouts.clone();
    while changed && later.len() + 1 < MAX_ROUNDS {
        let sources = first.pages.iter().zip(&texts).map(|(p, t)| p.source.with_text(t.clone())).collect();
        let a = analyze_in(sources, first.numbers.clone(), lex, options, first.epoch);
        let next = report::fixed_pages(&a, sel);
        changed = next != texts;
        if changed {
            later.push(a);
            texts = next;
        } else {
            layouts = a.layouts;
        }
    }
    let repair = if changed {
        Repair { texts: first.pages.iter().map(|p| p.text().to_string()).collect(), later: Vec::new(), settled: false, layouts: first.layouts.clone() }
    } else {
        Repair { texts, later, settled: true, layouts }
    };
    if cfg!(debug_assertions) {
        // The invariants, on every run of a debug build.
        if let Err(e) = repair.check_invariants(first, sel) {
            panic!("{e}");
        }
    }
    repair
}

/// The fuzzer's and the regression tests' entry: any bytes as an issue of
/// up to three pages (a `0xFF` byte, never in UTF-8, GB18030 or Big5,
/// separates them; the first byte chooses `--min-confidence` 0.9 or 0).
/// Pages that cannot be read are refused as `fix` refuses them; the rest are
/// analysed, reported and repaired, and the invariants checked.
#[doc(hidden)]
pub fn fuzz_issue(data: &[u8]) -> Result<(), String> {
    static LEX: std::sync::OnceLock<Lexicon> = std::sync::OnceLock::new();
    let lex = LEX.get_or_init(Lexicon::embedded);
    let Some((&head, rest)) = data.split_first() else { return Ok(()) };
    let sel = report::Selection { min_confidence: if head & 1 == 0 { 0.9 } else { 0.0 } };
    let sources: Vec<Source> = rest
        .split(|&b| b == 0xFF)
        .take(3)
        .enumerate()
        .filter_map(|(k, bytes)| Source::from_bytes(format!("p{:02}.md", k + 1), bytes.to_vec()).ok())
        .collect();
    if sources.is_empty() {
        return Ok(());
    }
    let numbers = sources.iter().map(|s| crate::issue::page_number(&s.path, None)).collect();
    let analysis = analyze(sources, numbers, lex, &Options::default());
    let _ = report::finding_records(&analysis, sel);
    let _ = report::article_records(&analysis, sel);
    repair(&analysis, lex, &Options::default(), sel).check_invariants(&analysis, sel)
}

impl Repair {
    /// The guarantees of `fix`, checked: every round conserves the text its
    /// applied edits do not account for (only whitespace changes otherwise),
    /// and the repair settled. Debug builds check them on every run; the
    /// tests and the fuzzer call this.
    pub fn check_invariants(&self, first: &Analysis, sel: report::Selection) -> Result<(), String> {
        for round in std::iter::once(first).chain(&self.later) {
            for (p, (page, after)) in round.pages.iter().zip(report::fixed_pages(round, sel)).enumerate() {
                let applied = crate::fix::applied_edits(&round.edits, p, sel.min_confidence);
                if let Some(e) = crate::fix::conservation_error(page.text(), &after, &applied) {
                    return Err(format!("text conservation broken on {}: {e}", page.source.path.display()));
                }
            }
        }
        // Either a fixed point, or the pages left exactly as printed.
        if !self.settled && first.pages.iter().zip(&self.texts).any(|(p, t)| p.text() != t) {
            return Err(format!("no fixed point after {MAX_ROUNDS} rounds of repair, and the pages were changed"));
        }
        Ok(())
    }
}

/// Stitch parts into articles: a head with its continuation (following chains),
/// and the halves of a paragraph split across consecutive pages.
fn assemble(pages: &[Page], parts: &[Part], links: &[Link], joins: &[Join]) -> Vec<Article> {
    let mut next: HashMap<usize, usize> = links.iter().map(|l| (l.head, l.continuation)).collect();
    // A join from a page's last block to the next page's first block also
    // carries the article over.
    let first_block_part: HashMap<BlockRef, usize> = parts
        .iter()
        .enumerate()
        .filter_map(|(i, p)| Some(((p.page, p.first_body_block()?), i)))
        .collect();
    for j in joins.iter().filter(|j| j.from.0 != j.to.0) {
        let from_part = parts.iter().position(|p| p.page == j.from.0 && p.last_body_block() == Some(j.from.1));
        if let (Some(a), Some(&b)) = (from_part, first_block_part.get(&j.to)) {
            next.entry(a).or_insert(b);
        }
    }
    let cross_joined: HashSet<(BlockRef, BlockRef)> = joins.iter().filter(|j| j.joined).map(|j| (j.from, j.to)).collect();
    let targets: HashSet<usize> = next.values().copied().collect();
    let mut articles = Vec::new();
    for start in (0..parts.len()).filter(|i| !targets.contains(i)) {
        let mut chain = vec![start];
        while let Some(&n) = next.get(chain.last().unwrap()) {
            if chain.contains(&n) {
                break;
            }
            chain.push(n);
        }
        let mut article = Article { title: None, pages: Vec::new(), paragraphs: Vec::new(), parts: chain.clone() };
        for &pi in &chain {
            let part = &parts[pi];
            if article.title.is_none() {
                article.title = part.title.map(|t| pages[part.page].content(t).to_string());
            }
            if !article.pages.contains(&part.page) {
                article.pages.push(part.page);
            }
            for (k, para) in part.paragraphs.iter().enumerate() {
                let refs: Vec<BlockRef> = para.iter().map(|&b| (part.page, b)).collect();
                let carry_on = k == 0
                    && article.paragraphs.last().and_then(|p| p.last()).is_some_and(|&last| {
                        let tail = pages[last.0].content(last.1);
                        cross_joined.contains(&(last, refs[0])) || !text::ends_paragraph(tail) || rejoin::goes_on_across(tail, pages[part.page].content(refs[0].1))
                    });
                match article.paragraphs.last_mut() {
                    Some(prev) if carry_on => prev.extend(refs),
                    _ => article.paragraphs.push(refs),
                }
            }
        }
        if !article.paragraphs.is_empty() || article.title.is_some() {
            articles.push(article);
        }
    }
    articles
}

/// The structural edits, and for each paragraph that lost its full stop the
/// punctuation edit that would restore it.
fn structural_edits(pages: &[Page], parts: &[Part], joins: &[Join], links: &[Link], orphans: &[Orphan], lex: &Lexicon) -> (Vec<Edit>, Vec<Edit>) {
    let mut edits = join_edits(pages, joins);
    let (unjoined, lost_stops) = unjoined_edits(pages, joins, lex);
    edits.extend(unjoined);
    edits.extend(link_edits(parts, links));
    edits.extend(orphan_edits(parts, orphans));
    (edits, lost_stops)
}

/// A `join` edit for each join, and a `reorder` edit for each run moved.
fn join_edits(pages: &[Page], joins: &[Join]) -> Vec<Edit> {
    let mut edits = Vec::new();
    for j in joins {
        // A run that only moves back (no join) is reported by its reorder edit alone.
        if j.joined {
            let from = &pages[j.from.0].blocks[j.from.1];
            let to = &pages[j.to.0].blocks[j.to.1];
            let span = if j.from.0 == j.to.0 && j.moved.is_none() { from.content.end..to.content.start } else { from.content.end..from.content.end };
            edits.push(Edit {
                kind: EditKind::Join,
                page: j.from.0,
                span,
                replacement: None,
                confidence: j.confidence,
                reason: j.reason.clone(),
                structure: Structure::Join { from: j.from, to: j.to },
                alternatives: Vec::new(),
            });
        }
        if let Some(moved) = &j.moved {
            let page = &pages[j.to.0];
            let span = page.blocks[moved.start].span.start..page.blocks[moved.end - 1].span.end;
            let n = moved.len();
            edits.push(Edit {
                kind: EditKind::Reorder,
                page: j.to.0,
                span,
                replacement: None,
                confidence: j.confidence,
                reason: if j.joined {
                    format!("{n} block{} moved up to follow the fragment they continue", if n == 1 { "" } else { "s" })
                } else {
                    j.reason.clone()
                },
                structure: Structure::Move { page: j.to.0, blocks: moved.clone(), after: j.from.1 },
                alternatives: Vec::new(),
            });
        }
    }
    edits
}

/// The fragments no join continues: reported as `truncated`, or as a
/// `fragment` that reads as finished (with the full stop OCR lost, as a
/// suggestion: the second list).
fn unjoined_edits(pages: &[Page], joins: &[Join], lex: &Lexicon) -> (Vec<Edit>, Vec<Edit>) {
    let mut edits = Vec::new();
    let mut lost_stops = Vec::new();
    let joined_from: HashSet<BlockRef> = joins.iter().filter(|j| j.joined).map(|j| j.from).collect();
    for (p, page) in pages.iter().enumerate() {
        let reading = rejoin::PageReading::of(page, lex);
        for b in (0..page.blocks.len()).filter(|&b| rejoin::is_fragment(page, b) && !joined_from.contains(&(p, b))) {
            let end = page.blocks[b].content.end;
            let last = page.content(b).chars().next_back().map_or(0, char::len_utf8);
            let (kind, reason) = match rejoin::unjoined_after(page, b, lex, &reading) {
                Some(rejoin::Unjoined::LostFullStop) => {
                    // The full stop goes before closing quotes (`之一。”`).
                    let content = page.content(b);
                    let bare = content.trim_end_matches(|c: char| c.is_whitespace() || text::is_closing(c)).len();
                    let at = end - (content.len() - bare);
                    lost_stops.push(Edit {
                        kind: EditKind::Punctuation,
                        page: p,
                        span: at..at,
                        replacement: Some("。".into()),
                        confidence: confidence::SUGGESTION,
                        reason: "the paragraph reads as finished but has no full stop: OCR probably lost the ‘。’".into(),
                        structure: Structure::None,
                        alternatives: Vec::new(),
                    });
                    (
                        EditKind::Fragment,
                        "block ends without a full stop, but its end reads as the end of a sentence and the next block as a new paragraph: most likely OCR lost the ‘。’; not joined".to_string(),
                    )
                }
                Some(rejoin::Unjoined::UnmarkedHeading) => (
                    EditKind::Fragment,
                    "a short block without punctuation, and the next block reads as a new paragraph: most likely a heading the page does not mark; not joined".to_string(),
                ),
                None => (EditKind::Truncated, "block ends mid-sentence and nothing on the given pages continues it; kept as it is".to_string()),
            };
            edits.push(Edit { kind, page: p, span: end - last..end, replacement: None, confidence: confidence::REPORT, reason, structure: Structure::None, alternatives: Vec::new() });
        }
    }
    (edits, lost_stops)
}

/// A `jump` edit for each link between a head and its continuation.
fn link_edits(parts: &[Part], links: &[Link]) -> Vec<Edit> {
    let mut edits = Vec::new();
    for l in links {
        let (head, cont) = (&parts[l.head], &parts[l.continuation]);
        let (hb, hm) = head.head_jump.as_ref().unwrap();
        let (cb, _) = cont.continuation_jump.as_ref().unwrap();
        edits.push(Edit {
            kind: EditKind::Jump,
            page: head.page,
            span: hm.span.clone(),
            replacement: None,
            confidence: l.confidence,
            reason: l.reason.clone(),
            structure: Structure::Link { head: (head.page, *hb), continuation: (cont.page, *cb) },
            alternatives: Vec::new(),
        });
    }
    edits
}

/// An `orphan` edit for each jump line whose other half is missing.
fn orphan_edits(parts: &[Part], orphans: &[Orphan]) -> Vec<Edit> {
    let mut edits = Vec::new();
    for o in orphans {
        let part = &parts[o.part];
        let marker = match o.direction {
            crate::jumpline::JumpDirection::Head => part.head_jump.as_ref(),
            crate::jumpline::JumpDirection::Continuation => part.continuation_jump.as_ref(),
        };
        let Some((_, m)) = marker else { continue };
        edits.push(Edit {
            kind: EditKind::Orphan,
            page: part.page,
            span: m.span.clone(),
            replacement: None,
            confidence: confidence::APPLIES,
            reason: o.reason.clone(),
            structure: Structure::None,
            alternatives: Vec::new(),
        });
    }
    edits
}

impl Analysis {
    /// The text of a paragraph: its pieces' contents concatenated.
    pub fn paragraph_text(&self, para: &[BlockRef]) -> String {
        para.iter().map(|&(p, b)| self.pages[p].content(b)).collect()
    }
}
