//! Renderings of an [`Analysis`]: findings as `file:line:col: kind: message`
//! lines or JSON Lines, articles as JSON Lines or Markdown, and the unified
//! diff of what `fix` would write. Everything is written to a caller's
//! writer; nothing here decides what to change.

use crate::edit::Edit;
use crate::fix;
use crate::input::LineIndex;
use crate::messages::{self, Lang};
use crate::pipeline::Analysis;
use serde::{Deserialize, Serialize};
use std::io::{self, Write};

/// One line of JSON output. The `type` field tells the record apart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Record {
    /// A reconstructed article.
    Article(Article),
    /// A structural repair, a flag, or a character correction.
    Finding(Finding),
}

/// A reconstructed article: its repaired body paragraphs in reading order,
/// stitched across pages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    pub title: Option<String>,
    /// The directory of the issue the article is from, as given.
    #[serde(default)]
    pub issue: String,
    /// File names of the pages it spans, in that directory.
    pub pages: Vec<String>,
    pub paragraphs: Vec<String>,
    /// For pages read from OCR documents: where each paragraph's pieces are
    /// on their pages (one list per paragraph). Empty for text pages.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub regions: Vec<Vec<PageRegion>>,
}

/// A piece of a paragraph on a page of an OCR document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageRegion {
    /// The page's file name.
    pub page: String,
    #[serde(flatten)]
    pub region: crate::ocr::Region,
}

/// A structural repair, a flag, or a character correction, located in the
/// page as it was read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// The file as given (the page's name).
    pub path: String,
    /// What kind of finding (`join`, `ocr_confusion`, …; see the README's table).
    pub kind: String,
    /// Byte offsets into the original file, in its own encoding.
    pub byte_start: usize,
    pub byte_end: usize,
    /// 1-based line and column (in characters) of `byte_start`.
    pub line: usize,
    pub column: usize,
    pub original: String,
    /// The suggested text; `null` for a flag or a structural edit.
    pub replacement: Option<String>,
    /// For a character edit: the candidates, best first (the first is
    /// `replacement`), with their scores; empty for structure.
    #[serde(default)]
    pub alternatives: Vec<crate::edit::Alternative>,
    pub confidence: f64,
    /// Whether `fix` applies it at the chosen `--min-confidence`.
    pub applied: bool,
    pub message: String,
    /// A stable id: the same for the same page text and settings,
    /// whatever else is in the batch (see [`finding_id`]).
    #[serde(default)]
    pub id: String,
    /// Where the finding ends, and byte columns, for SARIF and rdjson.
    #[serde(skip)]
    pub extent: Extent,
}

/// The end of a finding and its columns in bytes (not in the JSON Lines).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Extent {
    pub end_line: usize,
    /// 1-based, in characters.
    pub end_column: usize,
    /// 1-based columns in UTF-8 bytes of the start and the end.
    pub byte_column: usize,
    pub end_byte_column: usize,
}

impl Record {
    /// The finding's [`Finding::status`]; `None` for an article.
    pub fn status(&self) -> Option<&'static str> {
        match self {
            Record::Finding(f) => Some(f.status()),
            Record::Article(_) => None,
        }
    }
}

impl Finding {
    /// What a finding asks of a person: `fix applies` it, it `needs review`
    /// (a character flag or a suggestion `fix` leaves), or it is a `report`
    /// (structure `fix` leaves: a join across pages, a jump, an orphan, a
    /// truncation, a fragment).
    pub fn status(&self) -> &'static str {
        let Finding { kind, applied, .. } = self;
        if *applied {
            "fix applies"
        } else if matches!(kind.as_str(), "join" | "reorder" | "jump" | "orphan" | "truncated" | "fragment" | "interleaved") {
            // Structure fix leaves: a join across pages (pages stay pages),
            // links, and material that is missing or kept as printed.
            "report"
        } else {
            "needs review"
        }
    }
}

/// A finding's stable id: a hash of the page's file name, the kind, the
/// text it concerns with a few characters either side, and the suggestion.
/// It does not depend on `--jobs`, on the other files of the batch, or on
/// where the text sits in the file, so a decision recorded for it holds as
/// long as that stretch of the page reads the same.
pub fn finding_id(page: &crate::page::Page, e: &Edit) -> String {
    const CONTEXT: usize = 6;
    let text = page.text();
    let before: String = text[..e.span.start].chars().rev().take(CONTEXT).collect();
    let after: String = text[e.span.end..].chars().take(CONTEXT).collect();
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in [page.source.name().as_str(), e.kind.as_str(), &before, &text[e.span.clone()], &after, e.replacement.as_deref().unwrap_or("\u{0}")] {
        for b in part.bytes().chain([0xFF]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{:012x}", h >> 16)
}

/// Which findings go into the output.
#[derive(Debug, Clone, Copy)]
pub struct Selection {
    pub min_confidence: f64,
}

fn finding_record(analysis: &Analysis, e: &Edit, index: &LineIndex, applied: bool) -> Finding {
    let page = &analysis.pages[e.page];
    // Lines and columns in the file: an OCR document's, else the text's.
    let (text, start, end) = match &page.source.document {
        Some(doc) => (doc.file.as_str(), page.source.original_offset(e.span.start), page.source.original_end(e.span.end).max(page.source.original_offset(e.span.start))),
        None => (page.text(), e.span.start, e.span.end),
    };
    let (line, column) = index.line_col(text, start);
    let (end_line, end_column) = index.line_col(text, end);
    let extent = Extent { end_line: end_line + page.source.lines_before, end_column, byte_column: index.byte_col(text, start), end_byte_column: index.byte_col(text, end) };
    let line = line + page.source.lines_before;
    Finding {
        path: page.source.path.display().to_string(),
        kind: e.kind.as_str().to_string(),
        byte_start: page.source.original_offset(e.span.start),
        byte_end: page.source.original_end(e.span.end).max(page.source.original_offset(e.span.start)),
        line,
        column,
        original: page.text()[e.span.clone()].to_string(),
        replacement: e.replacement.clone(),
        alternatives: e.alternatives.clone(),
        confidence: (e.confidence * 1000.0).round() / 1000.0,
        applied,
        message: e.reason.clone(),
        id: finding_id(page, e),
        extent,
    }
}

/// Every finding of the analysis as records, in page and offset order.
pub fn finding_records(analysis: &Analysis, sel: Selection) -> Vec<Record> {
    findings(analysis, sel).into_iter().map(Record::Finding).collect()
}

/// Every finding of the analysis, in page and offset order.
pub fn findings(analysis: &Analysis, sel: Selection) -> Vec<Finding> {
    let indexes: Vec<LineIndex> = analysis.pages.iter().map(|p| LineIndex::new(p.source.document.as_ref().map_or(p.text(), |d| d.file.as_str()))).collect();
    let applied = applied_set(analysis, sel);
    analysis
        .edits
        .iter()
        .map(|e| {
            let is_applied = applied.contains(&(e as *const Edit)) || e.kind.is_structural() && applies_structure(analysis, e);
            finding_record(analysis, e, &indexes[e.page], is_applied)
        })
        .collect()
}

/// The character edits `fix` applies at `sel`, by address.
fn applied_set(analysis: &Analysis, sel: Selection) -> std::collections::HashSet<*const Edit> {
    (0..analysis.pages.len()).flat_map(|p| fix::applied_edits(&analysis.edits, p, sel.min_confidence)).map(|e| e as *const Edit).collect()
}

/// How many findings `fix` applies, need review, and are reports (the
/// statuses of [`Record::status`], counted without building the records).
pub fn status_counts(analysis: &Analysis, sel: Selection) -> [usize; 3] {
    let mut counts = [0; 3];
    let applied = applied_set(analysis, sel);
    {
        for e in &analysis.edits {
            let k = if applied.contains(&(e as *const Edit)) || (e.kind.is_structural() && applies_structure(analysis, e)) {
                0
            } else if e.kind.is_structural() {
                2
            } else {
                1
            };
            counts[k] += 1;
        }
    }
    counts
}

/// Whether `fix` applies a structural edit: [`is_applied_structure`], on a
/// page that is not an OCR document (whose blocks stay where they are).
fn applies_structure(analysis: &Analysis, e: &Edit) -> bool {
    is_applied_structure(e) && analysis.pages[e.page].source.document.is_none()
}

/// Joins within a page and moves are applied by `fix`; a join across
/// pages, jumps, orphans and truncations are reports.
pub fn is_applied_structure(e: &Edit) -> bool {
    use crate::edit::{EditKind, Structure};
    match (&e.kind, &e.structure) {
        (EditKind::Join, Structure::Join { from, to }) => from.0 == to.0,
        (EditKind::Reorder, _) => true,
        _ => false,
    }
}

/// The articles as records, with character edits applied at the threshold.
pub fn article_records(analysis: &Analysis, sel: Selection) -> Vec<Record> {
    articles(analysis, sel).into_iter().map(Record::Article).collect()
}

/// The articles, with character edits applied at the threshold.
pub fn articles(analysis: &Analysis, sel: Selection) -> Vec<Article> {
    let applied: Vec<Vec<&Edit>> = (0..analysis.pages.len())
        .map(|p| fix::applied_edits(&analysis.edits, p, sel.min_confidence))
        .collect();
    analysis
        .articles
        .iter()
        .map(|a| Article {
            title: a.title.clone(),
            issue: a
                .pages
                .first()
                .and_then(|&p| analysis.pages[p].source.path.parent())
                .map(|d| d.display().to_string())
                .unwrap_or_default(),
            pages: a.pages.iter().map(|&p| analysis.pages[p].source.name()).collect(),
            paragraphs: a.paragraphs.iter().map(|para| paragraph_text(analysis, para, &applied)).collect(),
            regions: paragraph_regions(analysis, &a.paragraphs),
        })
        .collect()
}

/// Where the paragraphs' pieces are on pages read from OCR documents (a
/// page block is a block of the document's view); empty when no page is one.
fn paragraph_regions(analysis: &Analysis, paragraphs: &[Vec<(usize, usize)>]) -> Vec<Vec<PageRegion>> {
    if paragraphs.iter().flatten().all(|&(p, _)| analysis.pages[p].source.document.is_none()) {
        return Vec::new();
    }
    paragraphs
        .iter()
        .map(|para| {
            para.iter()
                .filter_map(|&(p, b)| {
                    let page = &analysis.pages[p];
                    let region = page.source.document.as_ref()?.regions.get(b)?.clone();
                    Some(PageRegion { page: page.source.name(), region })
                })
                .collect()
        })
        .collect()
}

fn paragraph_text(analysis: &Analysis, para: &[(usize, usize)], applied: &[Vec<&Edit>]) -> String {
    para.iter()
        .map(|&(p, b)| {
            let page = &analysis.pages[p];
            fix::apply_in(page.text(), page.blocks[b].content.clone(), &applied[p])
        })
        .collect()
}

/// Write records as JSON Lines.
pub fn write_json_lines(out: &mut impl Write, records: &[Record]) -> io::Result<()> {
    for r in records {
        serde_json::to_writer(&mut *out, r)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// `path:line:col: kind (confidence, status): message [id]` lines, with the
/// suggestion where there is one, in `lang` (messages already translated by
/// [`translate`]).
pub fn write_check_lines(out: &mut impl Write, records: &[Record], lang: Lang) -> io::Result<()> {
    let zh = lang == Lang::Zh;
    for r in records {
        if let Record::Finding(Finding { path, kind, line, column, original, replacement, message, confidence, id, .. }) = r {
            let status = messages::status(r.status().unwrap_or_default(), lang);
            let head = format!("{path}:{line}:{column}: {} ({confidence:.2}, {status})", messages::kind(kind, lang));
            match replacement {
                Some(rep) if rep.is_empty() && zh => writeln!(out, "{head}: 删去‘{original}’：{message} [{id}]")?,
                Some(rep) if rep.is_empty() => writeln!(out, "{head}: delete ‘{original}’: {message} [{id}]")?,
                Some(rep) if original.is_empty() && zh => writeln!(out, "{head}: 插入‘{rep}’：{message} [{id}]")?,
                Some(rep) if original.is_empty() => writeln!(out, "{head}: insert ‘{rep}’: {message} [{id}]")?,
                Some(rep) => writeln!(out, "{head}: ‘{original}’ → ‘{rep}’: {message} [{id}]")?,
                None => writeln!(out, "{head}: {message} [{id}]")?,
            }
        }
    }
    Ok(())
}

/// The findings' messages in `lang` (kinds and ids stay as they are: they
/// are for programs).
pub fn translate(records: &mut [Record], lang: Lang) {
    if lang == Lang::En {
        return;
    }
    for r in records {
        if let Record::Finding(Finding { message, .. }) = r {
            *message = messages::reason(message, lang);
        }
    }
}

/// The findings as a SARIF 2.1.0 log (GitHub and GitLab code scanning):
/// one rule per kind, a result per finding with its region (columns in
/// Unicode code points), its id as a fingerprint, and the suggestion as a fix.
pub fn sarif(records: &[Record]) -> serde_json::Value {
    use serde_json::json;
    let mut rules: Vec<&str> = Vec::new();
    let mut results = Vec::new();
    for r in records {
        let Record::Finding(Finding { path, kind, byte_start, byte_end, line, column, original, replacement, confidence, message, id, extent, .. }) = r else { continue };
        if !rules.contains(&kind.as_str()) {
            rules.push(kind);
        }
        let level = match r.status() {
            Some("fix applies") => "warning",
            Some("needs review") => "note",
            _ => "none",
        };
        let region = json!({"startLine": line, "startColumn": column, "endLine": extent.end_line, "endColumn": extent.end_column});
        let mut result = json!({
            "ruleId": kind,
            "level": level,
            "message": {"text": message},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri(path)}, "region": region}}],
            "partialFingerprints": {"jiaodui/v1": id},
            "properties": {"confidence": confidence, "original": original, "status": r.status()},
        });
        if let Some(rep) = replacement {
            result["fixes"] = json!([{
                "description": {"text": format!("replace ‘{original}’ with ‘{rep}’")},
                "artifactChanges": [{
                    "artifactLocation": {"uri": uri(path)},
                    "replacements": [{"deletedRegion": {"byteOffset": byte_start, "byteLength": byte_end - byte_start}, "insertedContent": {"text": rep}}],
                }],
            }]);
        }
        results.push(result);
    }
    let rules: Vec<serde_json::Value> = rules.iter().map(|k| json!({"id": k, "shortDescription": {"text": kind_description(k)}})).collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "jiaodui", "version": env!("CARGO_PKG_VERSION"), "rules": rules}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    })
}

/// The findings in reviewdog's diagnostic format (`reviewdog -f=rdjson`),
/// columns in UTF-8 bytes as it counts them.
pub fn rdjson(records: &[Record]) -> serde_json::Value {
    use serde_json::json;
    let diagnostics: Vec<serde_json::Value> = records
        .iter()
        .filter_map(|r| {
            let Record::Finding(Finding { path, kind, line, replacement, message, id, extent, .. }) = r else { return None };
            let range = json!({"start": {"line": line, "column": extent.byte_column}, "end": {"line": extent.end_line, "column": extent.end_byte_column}});
            let severity = if r.status() == Some("report") { "INFO" } else { "WARNING" };
            let mut d = json!({
                "message": format!("{message} [{id}]"),
                "location": {"path": path, "range": range},
                "severity": severity,
                "code": {"value": kind},
            });
            if let Some(rep) = replacement {
                d["suggestions"] = json!([{"range": range, "text": rep}]);
            }
            Some(d)
        })
        .collect();
    json!({"source": {"name": "jiaodui"}, "diagnostics": diagnostics})
}

/// A path as a relative URI reference: `/` separators, spaces and other
/// reserved characters percent-encoded (Chinese file names stay readable).
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.replace('\\', "/").chars() {
        match c {
            ' ' | '%' | '#' | '?' | '[' | ']' => out.push_str(&format!("%{:02X}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// The finding kinds' names (`join`, …, `punctuation`), as records and
/// `--fail-on` name them.
pub fn kinds() -> impl Iterator<Item = &'static str> {
    crate::edit::EditKind::ALL.into_iter().map(crate::edit::EditKind::as_str)
}

/// What each finding kind is, in a few words.
pub fn kind_description(kind: &str) -> &'static str {
    match kind {
        "join" => "A paragraph split by a column or page break, rejoined",
        "reorder" => "A run printed after other articles, moved back to the paragraph it continues",
        "jump" => "An article continued on another page, linked",
        "orphan" => "A jump line whose other page is not among the inputs",
        "truncated" => "A block that ends mid-sentence with nothing to continue it",
        "fragment" => "A block without a full stop that reads as finished; left unjoined",
        "interleaved" => "Lines whose columns appear to be read across; left as printed",
        "dup_word" => "A word printed twice",
        "dup_char" => "A character printed twice",
        "ocr_confusion" => "A character OCR misread: the passage reads badly with it and well with a character it is confused with",
        "punctuation" => "Punctuation as OCR misreads it",
        _ => "A finding",
    }
}

/// One Markdown document for an article.
pub fn article_markdown(record: &Record) -> Option<String> {
    let Record::Article(Article { title, issue, pages, paragraphs, .. }) = record else { return None };
    let mut md = String::new();
    if let Some(t) = title {
        md.push_str(&format!("# {t}\n\n"));
    }
    md.push_str(&format!("<!-- issue: {issue}; pages: {} -->\n\n", pages.join(", ")));
    for p in paragraphs {
        md.push_str(p);
        md.push_str("\n\n");
    }
    Some(md)
}

/// The repaired text of every page (what `fix` writes).
pub fn fixed_pages(analysis: &Analysis, sel: Selection) -> Vec<String> {
    analysis
        .pages
        .iter()
        .enumerate()
        .map(|(p, page)| {
            let applied = fix::applied_edits(&analysis.edits, p, sel.min_confidence);
            if page.source.document.is_some() {
                // An OCR document keeps its blocks where they are: its joins
                // and moves are reports; its words take the character repairs.
                return fix::render_page(page, &crate::article::Layout::new(page, p, &[]), &applied);
            }
            fix::render_page(page, &analysis.layouts[p], &applied)
        })
        .collect()
}

/// A unified diff of `old` → `new`, with changed characters highlighted in
/// colour when `color` is set.
pub fn unified_diff(out: &mut impl Write, path: &str, old: &str, new: &str, color: bool) -> io::Result<()> {
    use similar::{DiffTag, TextDiff};
    if old == new {
        return Ok(());
    }
    let diff = TextDiff::from_lines(old, new);
    if !color {
        let text = diff.unified_diff().context_radius(1).header(&format!("a/{path}"), &format!("b/{path}")).to_string();
        return out.write_all(text.as_bytes());
    }
    writeln!(out, "\x1b[1m--- a/{path}\n+++ b/{path}\x1b[0m")?;
    let (old_lines, new_lines) = (diff.old_slices(), diff.new_slices());
    for group in diff.grouped_ops(1) {
        let (first, last) = (group.first().unwrap(), group.last().unwrap());
        let (o, n) = (first.old_range().start, first.new_range().start);
        let (ol, nl) = (last.old_range().end - o, last.new_range().end - n);
        writeln!(out, "\x1b[36m@@ -{},{} +{},{} @@\x1b[0m", o + 1, ol, n + 1, nl)?;
        for op in group {
            let before: String = old_lines[op.old_range()].concat();
            let after: String = new_lines[op.new_range()].concat();
            match op.tag() {
                DiffTag::Equal => {
                    for line in before.lines() {
                        writeln!(out, " {line}")?;
                    }
                }
                _ => {
                    // Characters, not words: Chinese has no spaces between them.
                    let (del, ins) = char_changes(&before, &after);
                    write_marked(out, &del, "-", "\x1b[31m", "\x1b[1;41;37m")?;
                    write_marked(out, &ins, "+", "\x1b[32m", "\x1b[1;42;30m")?;
                }
            }
        }
    }
    Ok(())
}

/// A stretch of text as lines of (changed, text) pieces.
type Marked = Vec<Vec<(bool, String)>>;

/// `before` and `after` as lines, with the characters that differ between
/// them marked: the deletions in `before`, the insertions in `after`. Line
/// ends are not shown; a stretch too long to compare is marked whole.
fn char_changes(before: &str, after: &str) -> (Marked, Marked) {
    use similar::{ChangeTag, TextDiff};
    const LONGEST: usize = 20_000;
    let mut old: Marked = vec![Vec::new()];
    let mut new: Marked = vec![Vec::new()];
    let push = |lines: &mut Marked, changed: bool, text: &str| {
        for (k, piece) in text.split('\n').enumerate() {
            if k > 0 {
                lines.push(Vec::new());
            }
            let piece = piece.trim_end_matches('\r');
            if piece.is_empty() {
                continue;
            }
            let line = lines.last_mut().unwrap();
            match line.last_mut() {
                Some((c, t)) if *c == changed => t.push_str(piece),
                _ => line.push((changed, piece.to_string())),
            }
        }
    };
    if before.chars().count() + after.chars().count() > LONGEST || before.is_empty() || after.is_empty() {
        push(&mut old, true, before);
        push(&mut new, true, after);
    } else {
        let diff = TextDiff::from_chars(before, after);
        for change in diff.iter_all_changes() {
            let value = change.value();
            match change.tag() {
                ChangeTag::Equal => {
                    push(&mut old, false, value);
                    push(&mut new, false, value);
                }
                // A line end that goes (a join) is not a visible change.
                ChangeTag::Delete => push(&mut old, value != "\n" && value != "\r", value),
                ChangeTag::Insert => push(&mut new, value != "\n" && value != "\r", value),
            }
        }
    }
    for lines in [&mut old, &mut new] {
        // The text ends with a line end: no line after it.
        if lines.last().is_some_and(Vec::is_empty) {
            lines.pop();
        }
    }
    (old, new)
}

fn write_marked(out: &mut impl Write, lines: &Marked, sign: &str, base: &str, strong: &str) -> io::Result<()> {
    for line in lines {
        write!(out, "{base}{sign}")?;
        for (changed, text) in line {
            if *changed {
                write!(out, "{strong}{text}\x1b[0m{base}")?;
            } else {
                write!(out, "{text}")?;
            }
        }
        writeln!(out, "\x1b[0m")?;
    }
    Ok(())
}

/// `old` and `new` side by side in two columns of a `width`-column
/// terminal (wide characters count two), changed characters highlighted
/// when `color` is set, one line of context around each change.
pub fn side_by_side_diff(out: &mut impl Write, path: &str, old: &str, new: &str, color: bool, width: usize) -> io::Result<()> {
    use similar::{DiffTag, TextDiff};
    if old == new {
        return Ok(());
    }
    let column = (width.max(40) - 3) / 2;
    let diff = TextDiff::from_lines(old, new);
    let (old_lines, new_lines) = (diff.old_slices(), diff.new_slices());
    let (bold, reset) = if color { ("\x1b[1m", "\x1b[0m") } else { ("", "") };
    writeln!(out, "{bold}{:<column$} | {path} (repaired){reset}", format!("{path} (as printed)"))?;
    for group in diff.grouped_ops(1) {
        let (first, last) = (group.first().unwrap(), group.last().unwrap());
        let (o, n) = (first.old_range().start, first.new_range().start);
        let (ol, nl) = (last.old_range().end - o, last.new_range().end - n);
        if color {
            writeln!(out, "\x1b[36m@@ -{},{} +{},{} @@\x1b[0m", o + 1, ol, n + 1, nl)?;
        } else {
            writeln!(out, "@@ -{},{} +{},{} @@", o + 1, ol, n + 1, nl)?;
        }
        for op in group {
            let before: String = old_lines[op.old_range()].concat();
            let after: String = new_lines[op.new_range()].concat();
            let (left, right) = if op.tag() == DiffTag::Equal {
                let plain = |t: &str| -> Marked { t.lines().map(|l| vec![(false, l.to_string())]).collect() };
                (plain(&before), plain(&after))
            } else {
                char_changes(&before, &after)
            };
            let left: Vec<Vec<(bool, String)>> = left.iter().flat_map(|l| wrap(l, column)).collect();
            let right: Vec<Vec<(bool, String)>> = right.iter().flat_map(|l| wrap(l, column)).collect();
            let mark = match op.tag() {
                DiffTag::Equal => ' ',
                DiffTag::Delete => '<',
                DiffTag::Insert => '>',
                DiffTag::Replace => '|',
            };
            for k in 0..left.len().max(right.len()) {
                let empty = Vec::new();
                let (l, r) = (left.get(k).unwrap_or(&empty), right.get(k).unwrap_or(&empty));
                let used = write_cell(out, l, color, "\x1b[1;41;37m")?;
                write!(out, "{}", " ".repeat(column.saturating_sub(used)))?;
                write!(out, " {mark} ")?;
                write_cell(out, r, color, "\x1b[1;42;30m")?;
                writeln!(out)?;
            }
        }
    }
    Ok(())
}

/// A marked line cut into lines of at most `width` display columns.
fn wrap(line: &[(bool, String)], width: usize) -> Vec<Vec<(bool, String)>> {
    use unicode_width::UnicodeWidthChar;
    let mut lines: Vec<Vec<(bool, String)>> = vec![Vec::new()];
    let mut used = 0;
    for (changed, text) in line {
        for c in text.chars() {
            let w = c.width().unwrap_or(0);
            if used + w > width && used > 0 {
                lines.push(Vec::new());
                used = 0;
            }
            let current = lines.last_mut().unwrap();
            match current.last_mut() {
                Some((m, t)) if m == changed => t.push(c),
                _ => current.push((*changed, c.to_string())),
            }
            used += w;
        }
    }
    lines
}

/// Write one cell; the display columns it used. Without colour the column
/// mark between the cells (`|`, `<`, `>`) tells what changed.
fn write_cell(out: &mut impl Write, cell: &[(bool, String)], color: bool, strong: &str) -> io::Result<usize> {
    use unicode_width::UnicodeWidthStr;
    let mut used = 0;
    for (changed, text) in cell {
        if color && *changed {
            write!(out, "{strong}{text}\x1b[0m")?;
        } else {
            write!(out, "{text}")?;
        }
        used += text.width();
    }
    Ok(used)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_is_described_and_named_once() {
        let kinds: Vec<&str> = kinds().collect();
        assert_eq!(kinds.len(), 11);
        for k in &kinds {
            assert_ne!(kind_description(k), "A finding", "{k} has no description");
            assert_eq!(kinds.iter().filter(|x| x == &k).count(), 1, "{k}");
        }
    }
}
