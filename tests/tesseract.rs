//! jiaodui on real OCR output: `samples/tesseract/seed.md` is what tesseract
//! 5 (`chi_sim`) read from the seed's repaired text, rendered in AR PL UMing;
//! `seed.truth` is that text. Aligning the two gives every OCR error, so the
//! findings can be scored: character flags must all sit on real errors,
//! and a paragraph left unjoined for a lost full stop must really end there.

mod common;

use jiaodui::input::Source;
use jiaodui::{analyze, Analysis, EditKind, Lexicon, Options};
use similar::{capture_diff_slices, Algorithm, DiffTag};
use std::ops::Range;

struct Aligned {
    page: String,
    /// OCR errors: byte range in the page, and the true text there.
    errors: Vec<(Range<usize>, String)>,
    /// Byte offset in the page → true paragraph boundary right after it.
    ends_paragraph: Vec<(usize, bool)>,
}

fn aligned() -> Aligned {
    let dir = common::repo().join("samples/tesseract");
    let page = std::fs::read_to_string(dir.join("seed.md")).unwrap();
    let truth = std::fs::read_to_string(dir.join("seed.truth")).unwrap();
    // Both sides without whitespace, the page's characters with their byte offsets.
    let ocr: Vec<(usize, char)> = page.char_indices().filter(|(_, c)| !c.is_whitespace()).collect();
    let ocr_chars: Vec<char> = ocr.iter().map(|&(_, c)| c).collect();
    let mut true_chars = Vec::new();
    let mut true_ends = Vec::new();
    for para in truth.split("\n\n") {
        true_chars.extend(para.chars().filter(|c| !c.is_whitespace()));
        true_ends.push(true_chars.len());
    }
    let mut errors = Vec::new();
    let mut ocr_to_true = vec![0usize; ocr_chars.len()];
    // True characters that OCR did not print at all.
    let mut lost = vec![false; true_chars.len()];
    for op in capture_diff_slices(Algorithm::Myers, &true_chars, &ocr_chars) {
        let (tag, t, o) = op.as_tag_tuple();
        if tag == DiffTag::Delete {
            lost[t.clone()].iter_mut().for_each(|l| *l = true);
        }
        for (k, i) in o.clone().enumerate() {
            ocr_to_true[i] = if tag == DiffTag::Equal { t.start + k } else { t.start };
        }
        if tag != DiffTag::Equal {
            let start = ocr.get(o.start).map_or(page.len(), |&(b, _)| b);
            let end = if o.is_empty() { start } else { ocr[o.end - 1].0 + ocr[o.end - 1].1.len_utf8() };
            errors.push((start..end, true_chars[t].iter().collect()));
        }
    }
    // A paragraph ends after a character if only marks (a full stop OCR
    // lost, a closing quote) or text that OCR lost with them (`……热搜` for
    // `……热搜词……`) stand between it and the end.
    let ends_paragraph = ocr
        .iter()
        .zip(&ocr_to_true)
        .map(|(&(b, _), &t)| {
            let next_end = true_ends.iter().copied().find(|&e| e > t).unwrap_or(usize::MAX);
            let only_marks = next_end <= true_chars.len() && (t + 1..next_end).all(|k| !true_chars[k].is_alphanumeric() || lost[k]);
            (b, only_marks)
        })
        .collect();
    Aligned { page, errors, ends_paragraph }
}

fn analysis(a: &Aligned) -> Analysis {
    let source = Source::from_bytes("seed.md", a.page.clone().into_bytes()).unwrap();
    analyze(vec![source], vec![None], &Lexicon::embedded(), &Options::default())
}

#[test]
fn character_flags_sit_on_real_ocr_errors() {
    let a = aligned();
    let analysis = analysis(&a);
    let flags: Vec<_> = analysis.edits.iter().filter(|e| !e.kind.is_structural()).collect();
    let mut exact = 0;
    for e in &flags {
        // Exact, or next to the error: where the OCR repeats a mark (`””` for
        // `’”`), the alignment may pick either copy.
        let hit = a.errors.iter().find(|(r, _)| r.start < e.span.end && e.span.start < r.end).or_else(|| {
            a.errors.iter().find(|(r, _)| r.start <= e.span.end + 3 && e.span.start <= r.end + 3)
        });
        let Some((range, truth)) = hit else {
            panic!("{:?} → {:?} at {:?} is not an OCR error", &a.page[e.span.clone()], e.replacement, e.span);
        };
        // An insertion at a block's end and the gap the alignment puts
        // before the next block are the same place.
        let same_place = *range == e.span || (range.is_empty() && e.span.is_empty() && a.page[e.span.end..range.start].trim().is_empty());
        exact += usize::from(same_place && e.replacement.as_deref() == Some(truth.as_str()));
    }
    // What tesseract damaged: ASCII marks, dashes, nested quotes, full stops.
    let punctuation_errors = a.errors.iter().filter(|(r, t)| {
        let ocr = &a.page[r.clone()];
        !ocr.is_empty() && !t.is_empty() && ocr.chars().chain(t.chars()).all(|c| !jiaodui::text::is_han(c) || c == '一' || c == '吕')
    });
    let (total, found) = punctuation_errors.fold((0, 0), |(n, f), (r, _)| {
        (n + 1, f + usize::from(flags.iter().any(|e| e.span.start < r.end && r.start < e.span.end)))
    });
    assert!(flags.len() >= 40, "{} character flags", flags.len());
    assert!(exact * 10 >= flags.len() * 9, "{exact} of {} flags give the true text", flags.len());
    assert!(found * 10 >= total * 8, "{found} of {total} damaged marks flagged");
}

#[test]
fn unjoined_lost_full_stops_are_real_paragraph_ends() {
    let a = aligned();
    let analysis = analysis(&a);
    let fragments: Vec<_> = analysis.edits.iter().filter(|e| e.kind == EditKind::Fragment).collect();
    assert!(fragments.len() >= 5, "{} fragments", fragments.len());
    for e in fragments {
        let (_, ends) = a.ends_paragraph.iter().find(|&&(b, _)| b == e.span.start).unwrap();
        let from = a.page[..e.span.end].char_indices().rev().nth(12).map_or(0, |(i, _)| i);
        assert!(ends, "not a paragraph end in the true text: …{}", &a.page[from..e.span.end]);
    }
}
