//! The edit model: every change jiaodui proposes is an [`Edit`] with a kind,
//! the byte span in the original file, an optional replacement, a confidence
//! and a one-line reason. `check`, `fix`, `diff` and `articles` are renderings
//! of the same edits; no stage rewrites strings directly.

use std::ops::Range;

/// What an edit does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EditKind {
    /// Two fragments of one paragraph, split by a column or page break, are joined.
    Join,
    /// A run of blocks is moved to follow the fragment it continues.
    Reorder,
    /// An article's head part is linked to its continuation on another page.
    Jump,
    /// A jumped article whose other part is not among the inputs.
    Orphan,
    /// A block ends mid-sentence and nothing continues it.
    Truncated,
    /// A block ends without a full stop, yet reads as a finished paragraph
    /// and the next block as a new one: left unjoined and reported.
    Fragment,
    /// Lines whose columns appear to be read across (line 1 of each column,
    /// then line 2, …): left as they are, not joined, and reported.
    Interleaved,
    /// A character OCR confused with a similar-looking one.
    OcrConfusion,
    /// A word printed twice (`贴心贴心`).
    DupWord,
    /// A character printed twice (`的的`).
    DupChar,
    /// Punctuation damaged by OCR (`一一` for `——`).
    Punctuation,
}

impl EditKind {
    /// Every kind, in the order the documentation lists them.
    pub const ALL: [EditKind; 11] = [
        EditKind::Join,
        EditKind::Reorder,
        EditKind::Jump,
        EditKind::Orphan,
        EditKind::Truncated,
        EditKind::Fragment,
        EditKind::Interleaved,
        EditKind::DupWord,
        EditKind::DupChar,
        EditKind::OcrConfusion,
        EditKind::Punctuation,
    ];

    /// Structural edits change the layout; the others change characters.
    pub fn is_structural(self) -> bool {
        matches!(self, EditKind::Join | EditKind::Reorder | EditKind::Jump | EditKind::Orphan | EditKind::Truncated | EditKind::Fragment | EditKind::Interleaved)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            EditKind::Join => "join",
            EditKind::Reorder => "reorder",
            EditKind::Jump => "jump",
            EditKind::Orphan => "orphan",
            EditKind::Truncated => "truncated",
            EditKind::Fragment => "fragment",
            EditKind::Interleaved => "interleaved",
            EditKind::OcrConfusion => "ocr_confusion",
            EditKind::DupWord => "dup_word",
            EditKind::DupChar => "dup_char",
            EditKind::Punctuation => "punctuation",
        }
    }
}

/// A block of a page in an issue: (page index, block index).
pub type BlockRef = (usize, usize);

/// What a structural edit connects, so renderings need not re-derive it.
#[derive(Debug, Clone, PartialEq)]
pub enum Structure {
    /// The end of `from` reads on into the start of `to`.
    Join { from: BlockRef, to: BlockRef },
    /// Blocks `blocks` of `page` move to just after block `after`.
    Move { page: usize, blocks: Range<usize>, after: usize },
    /// The head part ending at `head` continues at `continuation`.
    Link { head: BlockRef, continuation: BlockRef },
    /// Nothing to apply: a report only.
    None,
}

/// One proposed change, or a flag when `replacement` is `None`.
#[derive(Debug, Clone)]
pub struct Edit {
    pub kind: EditKind,
    /// Index of the page (file) in the issue.
    pub page: usize,
    /// Byte span in the page's text (UTF-8; for a UTF-8 file, the file's own
    /// offsets; for GB18030 or Big5, see `Source::original_offset`). Empty
    /// for an insertion point.
    pub span: Range<usize>,
    /// The replacement text for a character edit, `None` for a flag or a
    /// structural edit.
    pub replacement: Option<String>,
    /// 0.0–1.0: how sure the stage is.
    pub confidence: f64,
    /// One line a copy editor can read.
    pub reason: String,
    pub structure: Structure,
    /// For a character edit or flag: the candidates, best first, with a
    /// score each (0–1, how much of the evidence speaks for it). The first
    /// is `replacement`; a reviewer may choose another.
    pub alternatives: Vec<Alternative>,
}

/// One candidate replacement of a character edit.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Alternative {
    pub text: String,
    pub score: f64,
}

impl Edit {
    /// A character edit that `fix` applies at the given threshold.
    pub fn applies_at(&self, min_confidence: f64) -> bool {
        !self.kind.is_structural() && self.replacement.is_some() && self.confidence >= min_confidence
    }
}

/// The confidence levels findings carry, named by what they mean for `fix`,
/// which applies a character edit at or above `--min-confidence`
/// ([`APPLIES`](confidence::APPLIES) by default). Scores that vary with the
/// evidence (a join's seam, a jump link's weight) are computed where they are
/// judged and kept within these bands.
pub mod confidence {
    /// A repair certain enough to apply by default: a sure character
    /// correction, a jump link with a single candidate, a doubled common word.
    pub const SURE: f64 = 0.95;
    /// The default `--min-confidence`: the least a finding needs for `fix`
    /// to apply it unasked. Also an orphan jump line, and a column-order
    /// join of lines read across.
    pub const APPLIES: f64 = 0.9;
    /// Just below the default: a doubled verb, which Chinese may reduplicate.
    pub const ALMOST: f64 = 0.88;
    /// A doubled rare word.
    pub const PROBABLE: f64 = 0.85;
    /// A report about structure: a truncation, a fragment left unjoined, a
    /// line of a column read across that moves without a join.
    pub const REPORT: f64 = 0.8;
    /// A character flagged for review, with a clear best candidate.
    pub const FLAG: f64 = 0.75;
    /// A suggestion: the full stop OCR lost, a run that continues an article
    /// above after a full stop.
    pub const SUGGESTION: f64 = 0.6;
    /// For review only: a candidate with a close rival, or one flagged only
    /// because the page shows OCR damage.
    pub const REVIEW_ONLY: f64 = 0.55;
}
