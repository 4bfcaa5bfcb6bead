//! Applying edits: the repaired text of a page, and the repaired text of any
//! span of it. Structural edits come in through the page's [`Layout`];
//! character edits are applied when their confidence reaches the threshold.
//!
//! Invariant: every non-whitespace character of the input is in the output
//! unless an applied character edit replaced it; whitespace changes only
//! where blocks are joined (the separator is removed) or moved (the moved
//! run is separated by one blank line).

use crate::article::Layout;
use crate::edit::Edit;
use crate::page::Page;
use std::ops::Range;

/// The character edits of `page_index` that `fix` applies, sorted and with
/// overlaps removed (the first, most confident edit wins).
pub fn applied_edits(edits: &[Edit], page_index: usize, min_confidence: f64) -> Vec<&Edit> {
    let mut chosen: Vec<&Edit> = edits.iter().filter(|e| e.page == page_index && e.applies_at(min_confidence)).collect();
    chosen.sort_by(|a, b| a.span.start.cmp(&b.span.start).then(b.confidence.total_cmp(&a.confidence)));
    let mut out: Vec<&Edit> = Vec::with_capacity(chosen.len());
    for e in chosen {
        if out.last().is_none_or(|prev| prev.span.end <= e.span.start) {
            out.push(e);
        }
    }
    out
}

/// Text conservation: every character of `before` that is not whitespace is
/// in `after`, unless one of the `applied` edits removed or replaced it, and
/// `after` has nothing else. The first difference, if any.
pub fn conservation_error(before: &str, after: &str, applied: &[&Edit]) -> Option<String> {
    use std::collections::BTreeMap;
    let mut balance: BTreeMap<char, i64> = BTreeMap::new();
    let mut count = |text: &str, sign: i64| {
        for c in text.chars().filter(|c| !c.is_whitespace()) {
            *balance.entry(c).or_insert(0) += sign;
        }
    };
    count(before, 1);
    count(after, -1);
    for e in applied {
        count(&before[e.span.clone()], -1);
        count(e.replacement.as_deref().unwrap_or(&before[e.span.clone()]), 1);
    }
    balance.into_iter().find(|&(_, n)| n != 0).map(|(c, n)| {
        if n > 0 {
            format!("‘{c}’ lost {n} time(s) without an edit")
        } else {
            format!("‘{c}’ added {} time(s) without an edit", -n)
        }
    })
}

/// `text[range]` with the edits inside it applied.
pub fn apply_in(text: &str, range: Range<usize>, edits: &[&Edit]) -> String {
    let mut out = String::with_capacity(range.len());
    let mut pos = range.start;
    for e in edits.iter().filter(|e| e.span.start >= range.start && e.span.end <= range.end) {
        if e.span.start < pos {
            continue;
        }
        out.push_str(&text[pos..e.span.start]);
        out.push_str(e.replacement.as_deref().unwrap_or(&text[e.span.clone()]));
        pos = e.span.end;
    }
    out.push_str(&text[pos..range.end]);
    out
}

/// The repaired page: blocks in layout order, joined fragments run together,
/// character edits applied.
pub fn render_page(page: &Page, layout: &Layout, edits: &[&Edit]) -> String {
    let text = page.text();
    let blocks = &page.blocks;
    let Some(&last_original) = blocks.len().checked_sub(1).as_ref() else {
        return text.to_string();
    };
    let blank_line = page.source.line_ending.as_str().repeat(2);
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..blocks[0].span.start]);
    // The text between block `p` and the next one in the file. Where it is
    // not written as it is (a join, a move), only whitespace may go: an
    // invisible character in it (U+FEFF) is kept after block `p`.
    let gap_after = |p: usize| &text[blocks[p].span.end..blocks.get(p + 1).map_or(text.len(), |b| b.span.start)];
    let keep_invisible = |out: &mut String, p: usize| {
        if p != last_original {
            out.extend(gap_after(p).chars().filter(|c| !c.is_whitespace()));
        }
    };
    let mut prev: Option<usize> = None;
    for &i in &layout.order {
        if let Some(p) = prev {
            if layout.joined[p] {
                // Joined: the separator and any whitespace at the seam go.
                keep_invisible(&mut out, p);
            } else if i == p + 1 && gap_after(p).matches('\n').count() >= 2 {
                out.push_str(gap_after(p));
            } else {
                keep_invisible(&mut out, p);
                out.push_str(&blank_line);
            }
        }
        let span = blocks[i].span.clone();
        out.push_str(&apply_in(text, span, edits));
        prev = Some(i);
    }
    if let Some(p) = prev {
        keep_invisible(&mut out, p);
    }
    out.push_str(&text[blocks[last_original].span.end..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Source;
    use crate::lexicon::Lexicon;
    use crate::rejoin;

    fn fixed(text: &str) -> String {
        let page = Page::parse(Source::from_bytes("p.md", text.as_bytes().to_vec()).unwrap());
        let lex = Lexicon::embedded();
        let joins = rejoin::plan(std::slice::from_ref(&page), &[None], &lex);
        render_page(&page, &Layout::new(&page, 0, &joins), &[])
    }

    #[test]
    fn joins_keep_line_endings_and_surroundings() {
        assert_eq!(fixed("\n# 标题\n\n走到基层一线，通\n\n过对接工作。\n"), "\n# 标题\n\n走到基层一线，通过对接工作。\n");
        assert_eq!(fixed("# 标题\r\n\r\n走到基层一线，通\r\n\r\n过对接工作。\r\n"), "# 标题\r\n\r\n走到基层一线，通过对接工作。\r\n");
        assert_eq!(fixed(""), "");
        assert_eq!(fixed("\n\n"), "\n\n");
    }
}
