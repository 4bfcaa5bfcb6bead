//! Renderings of an [`Analysis`]: findings as `file:line:col: kind: message`
//! lines or JSON Lines, articles as JSON Lines or Markdown, and the unified
//! diff of what `fix` would write. Everything is written to a caller's
//! writer; nothing here decides what to change.

use crate::edit::Edit;
use crate::fix;
use crate::input::LineIndex;
use crate::pipeline::Analysis;
use serde::{Deserialize, Serialize};
use std::io::{self, Write};

/// One line of JSON output. The `type` field tells the record apart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Record {
    /// A reconstructed article: repaired body paragraphs in reading order.
    Article {
        title: Option<String>,
        /// File names of the pages it spans.
        pages: Vec<String>,
        paragraphs: Vec<String>,
    },
    /// A structural repair, a flag, or a character correction.
    Finding {
        /// The file as given on the command line.
        path: String,
        kind: String,
        /// Byte offsets into the original file, in its own encoding.
        byte_start: usize,
        byte_end: usize,
        /// 1-based line and column (in characters) of `byte_start`.
        line: usize,
        column: usize,
        original: String,
        /// The suggested text; `null` for a flag or a structural edit.
        replacement: Option<String>,
        confidence: f64,
        /// Whether `fix` applies it at the chosen `--min-confidence`.
        applied: bool,
        message: String,
    },
}

/// Which findings go into the output.
#[derive(Debug, Clone, Copy)]
pub struct Selection {
    pub min_confidence: f64,
}

fn finding_record(analysis: &Analysis, e: &Edit, index: &LineIndex, applied: bool) -> Record {
    let page = &analysis.pages[e.page];
    let (line, column) = index.line_col(page.text(), e.span.start);
    let line = line + page.source.lines_before;
    Record::Finding {
        path: page.source.path.display().to_string(),
        kind: e.kind.as_str().to_string(),
        byte_start: page.source.original_offset(e.span.start),
        byte_end: page.source.original_offset(e.span.end),
        line,
        column,
        original: page.text()[e.span.clone()].to_string(),
        replacement: e.replacement.clone(),
        confidence: (e.confidence * 1000.0).round() / 1000.0,
        applied,
        message: e.reason.clone(),
    }
}

/// Every finding of the analysis as records, in page and offset order.
pub fn finding_records(analysis: &Analysis, sel: Selection) -> Vec<Record> {
    let indexes: Vec<LineIndex> = analysis.pages.iter().map(|p| LineIndex::new(p.text())).collect();
    let applied: Vec<Vec<&Edit>> = (0..analysis.pages.len())
        .map(|p| fix::applied_edits(&analysis.edits, p, sel.min_confidence))
        .collect();
    analysis
        .edits
        .iter()
        .map(|e| {
            let is_applied = applied[e.page].iter().any(|a| std::ptr::eq(*a, e)) || e.kind.is_structural() && is_applied_structure(e);
            finding_record(analysis, e, &indexes[e.page], is_applied)
        })
        .collect()
}

/// Joins and moves are applied by `fix`; jumps, orphans and truncations are reports.
fn is_applied_structure(e: &Edit) -> bool {
    use crate::edit::{EditKind, Structure};
    match (&e.kind, &e.structure) {
        (EditKind::Join, Structure::Join { from, to }) => from.0 == to.0,
        (EditKind::Reorder, _) => true,
        _ => false,
    }
}

/// The articles as records, with character edits applied at the threshold.
pub fn article_records(analysis: &Analysis, sel: Selection) -> Vec<Record> {
    let applied: Vec<Vec<&Edit>> = (0..analysis.pages.len())
        .map(|p| fix::applied_edits(&analysis.edits, p, sel.min_confidence))
        .collect();
    analysis
        .articles
        .iter()
        .map(|a| Record::Article {
            title: a.title.clone(),
            pages: a.pages.iter().map(|&p| analysis.pages[p].source.name()).collect(),
            paragraphs: a.paragraphs.iter().map(|para| paragraph_text(analysis, para, &applied)).collect(),
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

/// `path:line:col: kind: message` lines, with the suggestion where there is one.
pub fn write_check_lines(out: &mut impl Write, records: &[Record]) -> io::Result<()> {
    for r in records {
        if let Record::Finding { path, kind, line, column, original, replacement, message, .. } = r {
            match replacement {
                Some(rep) if rep.is_empty() => writeln!(out, "{path}:{line}:{column}: {kind}: delete ‘{original}’: {message}")?,
                Some(rep) if original.is_empty() => writeln!(out, "{path}:{line}:{column}: {kind}: insert ‘{rep}’: {message}")?,
                Some(rep) => writeln!(out, "{path}:{line}:{column}: {kind}: ‘{original}’ → ‘{rep}’: {message}")?,
                None => writeln!(out, "{path}:{line}:{column}: {kind}: {message}")?,
            }
        }
    }
    Ok(())
}

/// One Markdown document for an article.
pub fn article_markdown(record: &Record) -> Option<String> {
    let Record::Article { title, pages, paragraphs } = record else { return None };
    let mut md = String::new();
    if let Some(t) = title {
        md.push_str(&format!("# {t}\n\n"));
    }
    md.push_str(&format!("<!-- pages: {} -->\n\n", pages.join(", ")));
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
            fix::render_page(page, &analysis.layouts[p], &applied)
        })
        .collect()
}

/// A unified diff of `old` → `new`, with changed characters highlighted in
/// colour when `color` is set.
pub fn unified_diff(out: &mut impl Write, path: &str, old: &str, new: &str, color: bool) -> io::Result<()> {
    use similar::{ChangeTag, TextDiff};
    if old == new {
        return Ok(());
    }
    let diff = TextDiff::from_lines(old, new);
    if !color {
        let text = diff.unified_diff().context_radius(1).header(&format!("a/{path}"), &format!("b/{path}")).to_string();
        return out.write_all(text.as_bytes());
    }
    writeln!(out, "\x1b[1m--- a/{path}\n+++ b/{path}\x1b[0m")?;
    for group in diff.grouped_ops(1) {
        let (first, last) = (group.first().unwrap(), group.last().unwrap());
        let (o, n) = (first.old_range().start, first.new_range().start);
        let (ol, nl) = (last.old_range().end - o, last.new_range().end - n);
        writeln!(out, "\x1b[36m@@ -{},{} +{},{} @@\x1b[0m", o + 1, ol, n + 1, nl)?;
        for op in group {
            for change in diff.iter_inline_changes(&op) {
                let (sign, base, strong) = match change.tag() {
                    ChangeTag::Delete => ("-", "\x1b[31m", "\x1b[1;41;37m"),
                    ChangeTag::Insert => ("+", "\x1b[32m", "\x1b[1;42;30m"),
                    ChangeTag::Equal => (" ", "", ""),
                };
                write!(out, "{base}{sign}")?;
                for (emph, value) in change.iter_strings_lossy() {
                    let value = value.trim_end_matches(['\n', '\r']);
                    if emph {
                        write!(out, "{strong}{value}\x1b[0m{base}")?;
                    } else {
                        write!(out, "{value}")?;
                    }
                }
                writeln!(out, "\x1b[0m")?;
            }
        }
    }
    Ok(())
}
