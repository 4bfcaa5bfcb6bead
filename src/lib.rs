//! jiaodui (校对): repairs the text that OCR makes of scanned Chinese newspapers.
//!
//! An [`Issue`] (the pages printed together, from files, strings or bytes in
//! UTF-8, GB18030 or Big5) is analysed by a [`Proofreader`] (settings and a
//! lexicon) into an [`Analysis`]. From it come the [`Finding`]s (joins of
//! paragraphs split by column and page breaks, articles continued across
//! pages, character errors; each with a stable id and, for characters, ranked
//! alternatives), the stitched [`Article`]s, and the [`Repaired`] pages, each
//! as text and as bytes in its own encoding.
//!
//! ```
//! use jiaodui::{Issue, Proofreader};
//!
//! let proofreader = Proofreader::new();
//! let mut issue = Issue::new();
//! issue.add_text("p01.md", "# 标题\n\n纷纷走到基层一线，通\n\n过对接工作，送上贴心贴心的服务。\n")?;
//! let analysis = proofreader.analyze(issue);
//! for f in proofreader.findings(&analysis) {
//!     println!("{}:{}: {} {:?} → {:?} [{}]", f.path, f.line, f.kind, f.original, f.replacement, f.id);
//! }
//! let repaired = proofreader.repair(&analysis);
//! assert_eq!(repaired.pages[0].text, "# 标题\n\n纷纷走到基层一线，通过对接工作，送上贴心的服务。\n");
//! # Ok::<(), jiaodui::InputError>(())
//! ```
//!
//! Whole archives: [`batch::Plan::discover`] finds the issues under a set of
//! paths with the settings (`jiaodui.toml`) that apply to each, and
//! [`batch::Runner`] analyses them in parallel and hands the results back in
//! input order; [`write::write_atomic`] writes a repaired page so that a crash
//! never leaves it half-written. [`report`] renders findings as JSON Lines,
//! SARIF or reviewdog's format, and repairs as diffs; [`review`] makes the
//! review page and applies a reviewer's decisions.
//!
//! The pipeline, one (private) module per stage: `input` (decoding) →
//! `page` (blocks, `jumpline`s) → `interleave` (columns read across) and
//! `headings` (unmarked headings) → `rejoin` (with `assign`, and `grid`, the
//! page's type grid read from its column cuts) → `article` →
//! `jumps` → `typos` (with the `lexicon`) → `pipeline` (the edits) → `fix`
//! (the repaired text). `DESIGN.md` describes each.

// The stages are hidden from the documentation: they are open to the
// crate's own tests, benchmarks, examples and fuzzer, and are not a stable
// interface. Library users work with the types re-exported below.
#[doc(hidden)]
pub mod article;
#[doc(hidden)]
pub mod assign;
pub mod batch;
pub mod config;
#[doc(hidden)]
pub mod edit;
#[doc(hidden)]
pub mod fix;
#[doc(hidden)]
pub mod grid;
#[doc(hidden)]
pub mod headings;
#[doc(hidden)]
pub mod input;
#[doc(hidden)]
pub mod ocr;
#[doc(hidden)]
pub mod interleave;
#[doc(hidden)]
pub mod issue;
#[doc(hidden)]
pub mod jumpline;
#[doc(hidden)]
pub mod jumps;
#[doc(hidden)]
pub mod lexicon;
mod math;
mod memo;
#[doc(hidden)]
pub mod messages;
#[doc(hidden)]
pub mod page;
#[doc(hidden)]
pub mod pipeline;
mod proofread;
#[doc(hidden)]
pub mod rejoin;
pub mod report;
pub mod review;
#[doc(hidden)]
pub mod script;
#[doc(hidden)]
pub mod text;
#[doc(hidden)]
pub mod typos;
pub mod write;


pub use config::{Check, Settings};
pub use edit::Alternative;
pub use input::{Encoding, InputError};
pub use issue::IssueFiles;
pub use lexicon::{Lexicon, LexiconError};
pub use messages::Lang;
pub use pipeline::{Analysis, MAX_ROUNDS};
pub use proofread::{Issue, LaterRound, Proofreader, Repaired, RepairedPage, SettingsError};
pub use report::{Article, Finding};

#[doc(hidden)]
pub use edit::{Edit, EditKind};
#[doc(hidden)]
pub use pipeline::{analyze, repair, Options, Repair};

/// What unit tests share.
#[cfg(test)]
pub(crate) mod testing {
    /// A small deterministic generator (xorshift64) for tests that build
    /// many inputs: each call gives a number below `n`.
    pub fn numbers(seed: u64) -> impl FnMut(usize) -> usize {
        let mut state = seed;
        move |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        }
    }
}
