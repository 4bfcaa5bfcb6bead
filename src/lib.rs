//! jiaodui (校对): repairs the text that OCR makes of scanned Chinese newspapers.
//!
//! The pipeline, one module per stage:
//!
//! 1. [`input`]: read a file, keep its bytes' offsets, reject what is not text.
//! 2. [`page`]: split a page into blocks and classify them (title, byline, body…);
//!    [`jumpline`] recognises `（下转第二版）`-style jump lines.
//! 3. [`interleave`]: lines whose columns were read across; [`headings`]:
//!    the headings a plain-text page does not mark.
//! 4. [`rejoin`]: match paragraph fragments to their continuations (with
//!    [`assign`] for the one-to-one choice).
//! 5. [`article`]: the page's reading order after the joins, cut into article parts.
//! 6. [`jumps`]: link parts continued across pages; report orphans.
//! 7. [`typos`]: character errors, using the [`lexicon`].
//! 8. [`pipeline`]: runs the stages on one issue and gathers every [`edit::Edit`].
//! 9. [`fix`] and [`report`]: renderings of the edits (repaired pages, findings,
//!    articles, diffs). [`issue`] groups input files into issues and numbers pages.
//!
//! ```
//! use jiaodui::{analyze, input::Source, report, Lexicon, Options};
//!
//! let page = "# 标题\n\n纷纷走到基层一线，通\n\n过对接工作，送上贴心贴心的服务。\n";
//! let source = Source::from_bytes("p01.md", page.as_bytes().to_vec()).unwrap();
//! let analysis = analyze(vec![source], vec![Some(1)], &Lexicon::embedded(), &Options::default());
//! let fixed = report::fixed_pages(&analysis, report::Selection { min_confidence: 0.9 });
//! assert_eq!(fixed[0], "# 标题\n\n纷纷走到基层一线，通过对接工作，送上贴心的服务。\n");
//! ```

pub mod article;
pub mod config;
pub mod assign;
pub mod edit;
pub mod headings;
pub mod fix;
pub mod input;
pub mod interleave;
pub mod issue;
pub mod jumpline;
pub mod jumps;
pub mod lexicon;
pub mod messages;
mod math;
pub mod page;
pub mod pipeline;
pub mod rejoin;
pub mod script;
pub mod report;
pub mod review;
pub mod text;
pub mod typos;

pub use edit::{Edit, EditKind};
pub use lexicon::Lexicon;
pub use pipeline::{analyze, repair, Analysis, Options, Repair};
