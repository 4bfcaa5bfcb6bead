//! Review: the copy editor's path from proposed changes to decided ones.
//!
//! [`issue_data`] turns an [`Analysis`] into what the review page shows (the
//! page texts, their blocks, every change with its reason, confidence and
//! ranked alternatives, and the joins and moves as the layout applies them);
//! [`html`] writes the page, one self-contained file with the script and
//! styles of `src/review/`. The editor's decisions come back as a
//! [`Decisions`] file, and [`apply`] writes exactly the changes it accepts,
//! with the replacements it chose, onto the page they were made for.

use crate::article::Layout;
use crate::edit::{Edit, EditKind, Structure};
use crate::page::Page;
use crate::pipeline::Analysis;
use crate::rejoin::Join;
use crate::report::{self, Record};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::HashMap;

/// The name in a decisions file's `format` field.
pub const DECISIONS_FORMAT: &str = "jiaodui-decisions";
/// The version of the decisions format this build reads and writes.
pub const DECISIONS_VERSION: u32 = 1;

/// A page's content hash as a decisions file records it: SHA-256 of its
/// text as read (for a UTF-8 file, of the file's bytes), in hex.
pub fn content_hash(page: &Page) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(page.text().as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// What an editor decided about one change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Apply the change as proposed.
    Accept,
    /// Leave the text as printed.
    Reject,
    /// Apply it with another replacement (`replacement`).
    Choose,
}

/// One decided change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Decision {
    /// The change's stable id ([`report::finding_id`]).
    pub id: String,
    pub decision: Verdict,
    /// The replacement chosen, for [`Verdict::Choose`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replacement: Option<String>,
    /// For people reading the file: the change's kind and what it concerns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original: Option<String>,
}

/// The decisions for one page file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileDecisions {
    /// The file as it was given to `review`.
    pub path: String,
    /// [`content_hash`] of the page the decisions were made on.
    pub sha256: String,
    pub changes: Vec<Decision>,
}

/// A decisions file, as the review page exports it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Decisions {
    pub format: String,
    pub version: u32,
    /// `jiaodui X.Y.Z` that made the review page.
    pub tool: String,
    /// [`crate::Lexicon::identity`] of the lexicon the review used.
    pub lexicon: String,
    pub files: Vec<FileDecisions>,
}

/// A decisions file larger than this is not one.
const MAX_DECISIONS_BYTES: u64 = 256 << 20;

impl Decisions {
    /// Read and parse a decisions file; errors name the file.
    pub fn read(path: &std::path::Path) -> Result<Decisions, String> {
        let bytes = crate::input::read_regular(path, MAX_DECISIONS_BYTES).map_err(|e| format!("{}: {e}", path.display()))?;
        Decisions::parse(&bytes).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Parse a decisions file: a clear message for anything that is not one,
    /// or is of another format version.
    pub fn parse(bytes: &[u8]) -> Result<Decisions, String> {
        let value: Value = serde_json::from_slice(bytes).map_err(|e| format!("not a decisions file: {e}"))?;
        match value.get("format").and_then(Value::as_str) {
            Some(DECISIONS_FORMAT) => {}
            Some(other) => return Err(format!("format {other:?} is not {DECISIONS_FORMAT:?}")),
            None => return Err(format!("not a decisions file: no \"format\": {DECISIONS_FORMAT:?}")),
        }
        match value.get("version").and_then(Value::as_u64) {
            Some(v) if v == u64::from(DECISIONS_VERSION) => {}
            Some(v) => return Err(format!("decisions format version {v}; this jiaodui reads version {DECISIONS_VERSION}")),
            None => return Err("no format \"version\"".into()),
        }
        let d: Decisions = serde_json::from_value(value).map_err(|e| format!("malformed decisions: {e}"))?;
        for f in &d.files {
            if let Some(c) = f.changes.iter().find(|c| c.decision == Verdict::Choose && c.replacement.is_none()) {
                return Err(format!("{}: change {} is `choose` without a replacement", f.path, c.id));
            }
        }
        Ok(d)
    }

    /// The decisions for a page: the entry with its path, else the only
    /// entry with its file name.
    pub fn for_path(&self, path: &str) -> Option<&FileDecisions> {
        if let Some(f) = self.files.iter().find(|f| f.path == path) {
            return Some(f);
        }
        let name = |p: &str| std::path::Path::new(p).file_name().map(|n| n.to_os_string());
        let mut same = self.files.iter().filter(|f| name(&f.path) == name(path));
        match (same.next(), same.next()) {
            (Some(f), None) => Some(f),
            _ => None,
        }
    }
}

/// Offsets in UTF-16 code units (what a browser's strings count) for byte
/// offsets into `text`, in one pass over it.
fn utf16_offsets(text: &str, bytes: &[usize]) -> HashMap<usize, usize> {
    let mut wanted: Vec<usize> = bytes.to_vec();
    wanted.sort_unstable();
    wanted.dedup();
    let mut out = HashMap::with_capacity(wanted.len());
    let mut want = wanted.into_iter().peekable();
    let mut units = 0;
    for (i, c) in text.char_indices().map(|(i, c)| (i, c.len_utf16())).chain(std::iter::once((text.len(), 0))) {
        while want.peek().is_some_and(|&w| w <= i) {
            out.insert(want.next().unwrap(), units);
        }
        units += c;
    }
    out
}

/// The review data of one issue: per page its text, blocks and changes.
/// `records` are [`report::finding_records`] of `a` (in `a.edits` order, with
/// messages in the reader's language). Pages read only as context are not shown.
pub fn issue_data(a: &Analysis, records: &[Record]) -> Value {
    let issue = a.pages.first().and_then(|p| p.source.path.parent()).map(|d| d.display().to_string()).unwrap_or_default();
    let mut pages = Vec::new();
    for (p, page) in a.pages.iter().enumerate() {
        if a.context.get(p).copied().unwrap_or(false) {
            continue;
        }
        let text = page.text();
        let edits: Vec<(usize, &Edit, &Record)> = a.edits.iter().zip(records).enumerate().filter(|(_, (e, _))| e.page == p).map(|(k, (e, r))| (k, e, r)).collect();
        let mut offsets: Vec<usize> = page.blocks.iter().flat_map(|b| [b.span.start, b.span.end]).collect();
        offsets.extend(edits.iter().flat_map(|(_, e, _)| [e.span.start, e.span.end]));
        let u = utf16_offsets(text, &offsets);
        let ids: HashMap<usize, String> = edits.iter().map(|(k, e, _)| (*k, report::finding_id(page, e))).collect();
        let changes: Vec<Value> = edits
            .iter()
            .map(|(k, e, r)| {
                let Record::Finding(report::Finding { original, replacement, alternatives, confidence, applied, message, line, .. }) = r else { unreachable!("findings only") };
                let mut c = json!({
                    "id": ids[k],
                    "kind": e.kind.as_str(),
                    "start": u[&e.span.start],
                    "end": u[&e.span.end],
                    "original": original,
                    "replacement": replacement,
                    "alternatives": alternatives,
                    "confidence": confidence,
                    "status": match r.status() { Some("fix applies") => "applies", Some("needs review") => "review", _ => "report" },
                    "applied": applied,
                    "decidable": is_decidable(e),
                    "message": message,
                    "line": line,
                });
                match &e.structure {
                    Structure::Join { from, to } => c["join"] = json!({ "from": [from.0, from.1], "to": [to.0, to.1], "to_path": a.pages[to.0].source.path.display().to_string() }),
                    Structure::Move { blocks, after, .. } => c["move"] = json!({ "blocks": [blocks.start, blocks.end], "after": after }),
                    Structure::Link { head, continuation } => {
                        c["link"] = json!({ "head": [head.0, head.1], "continuation": [continuation.0, continuation.1], "head_path": a.pages[head.0].source.path.display().to_string(), "continuation_path": a.pages[continuation.0].source.path.display().to_string() })
                    }
                    Structure::None => {}
                }
                c
            })
            .collect();
        // The joins and moves within the page in the order the layout
        // applies them, with the ids of the changes that stand for them.
        let by_join = join_ids(a, p, &ids);
        let joins: Vec<Value> = a
            .joins
            .iter()
            .filter(|j| j.from.0 == p && j.to.0 == p)
            .map(|j| {
                let (join, moved) = by_join.get(&(j.from.1, j.to.1)).cloned().unwrap_or_default();
                json!({ "from": j.from.1, "to": j.to.1, "moved": j.moved.as_ref().map(|m| [m.start, m.end]), "join_id": join, "move_id": moved })
            })
            .collect();
        pages.push(json!({
            "path": page.source.path.display().to_string(),
            "index": p,
            "number": a.numbers[p],
            "sha256": content_hash(page),
            "encoding": page.source.encoding.name(),
            "line_ending": page.source.line_ending.as_str(),
            "text": text,
            "blocks": page.blocks.iter().map(|b| [u[&b.span.start], u[&b.span.end]]).collect::<Vec<_>>(),
            "changes": changes,
            "joins": joins,
            "traditional": page.script == Some(crate::script::Script::Traditional),
        }));
    }
    json!({ "issue": issue, "pages": pages })
}

/// The ids of the join and the move edits that stand for each join within
/// page `p`, keyed by the join's (from, to) blocks: built once per page.
type JoinIds = HashMap<(usize, usize), (Option<String>, Option<String>)>;

fn join_ids(a: &Analysis, p: usize, ids: &HashMap<usize, String>) -> JoinIds {
    let mut out: JoinIds = HashMap::new();
    for (k, e) in a.edits.iter().enumerate().filter(|(_, e)| e.page == p) {
        match &e.structure {
            Structure::Join { from, to } if e.kind == EditKind::Join && from.0 == p && to.0 == p => out.entry((from.1, to.1)).or_default().0 = ids.get(&k).cloned(),
            // A move brings blocks `blocks` after `after`: its join is (after, first block).
            Structure::Move { page, blocks, after } if e.kind == EditKind::Reorder && *page == p => out.entry((*after, blocks.start)).or_default().1 = ids.get(&k).cloned(),
            _ => {}
        }
    }
    out
}

/// What the review page is made for, shown in it and copied into the
/// decisions it exports.
#[derive(Debug, Clone, Serialize)]
pub struct Meta {
    pub tool: String,
    pub lexicon: String,
    pub min_confidence: f64,
    /// `en` or `zh`: the language of the page's labels.
    pub lang: String,
}

const TEMPLATE: &str = include_str!("review/review.html");
const STYLE: &str = include_str!("review/review.css");
const SCRIPT: &str = include_str!("review/review.js");

/// JSON safe inside a `<script>` element: no `<`, `>` or `&` in it, so no
/// text of a page can close the element.
fn script_json(value: &impl Serialize) -> String {
    let s = serde_json::to_string(value).expect("plain data serialises");
    s.replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026")
}

/// The review page: one HTML file with its styles, script and data inside,
/// which opens from disk with no network.
pub fn html(issues: &[Value], meta: &Meta) -> String {
    let data = json!({ "format": DECISIONS_FORMAT, "version": DECISIONS_VERSION, "meta": meta, "issues": issues });
    TEMPLATE
        .replace("/*STYLE*/", STYLE)
        .replace("/*SCRIPT*/", SCRIPT)
        .replace("{{LANG}}", if meta.lang == "zh" { "zh-Hans" } else { "en" })
        .replace("{{DATA}}", &script_json(&data))
}

/// How [`apply`] went for one page.
#[derive(Debug, Default, PartialEq)]
pub struct Applied {
    /// The page with the accepted changes.
    pub text: String,
    pub accepted: usize,
    /// Accepted with a replacement the editor chose.
    pub chosen: usize,
    pub rejected: usize,
    /// Changes the decisions do not mention, left as printed.
    pub undecided: usize,
}

/// Why decisions cannot be applied to a page.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ApplyError {
    #[error("the page changed since the review (its content hash differs from the decisions'); left as it is")]
    Stale,
    #[error("the decisions name change {0}, which this page no longer has (other settings or another jiaodui?); left as it is")]
    Unknown(String),
    #[error("change {0} ({1}) cannot take a replacement; left as it is")]
    NotReplaceable(String, String),
}

/// Page `p` of `a` with exactly the changes `decisions` accept: character
/// edits with the replacement proposed or chosen, joins and moves within the
/// page; nothing a decision does not accept. A join whose move is rejected
/// cannot be made and is left too; a move whose join is rejected still moves
/// its run (as a move without a join does).
pub fn apply(a: &Analysis, p: usize, decisions: &FileDecisions) -> Result<Applied, ApplyError> {
    let page = &a.pages[p];
    if content_hash(page) != decisions.sha256 {
        return Err(ApplyError::Stale);
    }
    let verdicts: HashMap<&str, &Decision> = decisions.changes.iter().map(|d| (d.id.as_str(), d)).collect();
    let mut ids: HashMap<usize, String> = HashMap::new();
    let mut known = std::collections::HashSet::new();
    for (k, e) in a.edits.iter().enumerate().filter(|(_, e)| e.page == p) {
        let id = report::finding_id(page, e);
        known.insert(id.clone());
        ids.insert(k, id);
    }
    if let Some(d) = decisions.changes.iter().find(|d| !known.contains(d.id.as_str())) {
        return Err(ApplyError::Unknown(d.id.clone()));
    }
    let mut out = Applied::default();
    // Character edits, in order, overlapping ones after the first dropped.
    let mut chosen: Vec<Edit> = Vec::new();
    for (k, e) in a.edits.iter().enumerate().filter(|(_, e)| e.page == p) {
        let verdict = verdicts.get(ids[&k].as_str());
        if is_decidable(e) {
            match verdict.map(|d| d.decision) {
                Some(Verdict::Reject) => out.rejected += 1,
                None => out.undecided += 1,
                Some(_) => {}
            }
        }
        let Some(d) = verdict else { continue };
        if e.kind.is_structural() {
            if d.decision == Verdict::Choose {
                return Err(ApplyError::NotReplaceable(d.id.clone(), e.kind.as_str().into()));
            }
            continue;
        }
        let replacement = match d.decision {
            Verdict::Reject => continue,
            Verdict::Accept => match &e.replacement {
                Some(r) => r.clone(),
                // Accepting a flag with nothing proposed changes nothing.
                None => continue,
            },
            Verdict::Choose => d.replacement.clone().unwrap_or_default(),
        };
        if d.decision == Verdict::Choose {
            out.chosen += 1;
        }
        out.accepted += 1;
        chosen.push(Edit { replacement: Some(replacement), confidence: 1.0, ..e.clone() });
    }
    chosen.sort_by_key(|e| e.span.start);
    let mut edits: Vec<&Edit> = Vec::with_capacity(chosen.len());
    for e in &chosen {
        if edits.last().is_none_or(|prev| prev.span.end <= e.span.start) {
            edits.push(e);
        }
    }
    // Joins and moves.
    let accepted = |id: &Option<String>| id.as_deref().and_then(|id| verdicts.get(id)).is_some_and(|d| d.decision == Verdict::Accept);
    let by_join = join_ids(a, p, &ids);
    let mut joins: Vec<Join> = Vec::new();
    for j in a.joins.iter().filter(|j| j.from.0 == p && j.to.0 == p) {
        let (join, moved) = by_join.get(&(j.from.1, j.to.1)).cloned().unwrap_or_default();
        let join_ok = join.is_some() && accepted(&join);
        let move_ok = moved.is_none() || accepted(&moved);
        if !move_ok || (j.moved.is_none() && !join_ok) {
            continue;
        }
        if join_ok {
            out.accepted += 1;
        }
        if moved.is_some() {
            out.accepted += 1;
        }
        joins.push(Join { joined: join_ok, ..j.clone() });
    }
    let layout = Layout::new(page, p, &joins);
    out.text = crate::fix::render_page(page, &layout, &edits);
    Ok(out)
}

/// Whether an editor decides about a change: character edits and flags,
/// joins within a page and moves. The rest are reports (a join across
/// pages, jumps, orphans, truncations, fragments, interleaved runs): `fix`
/// leaves them as printed, and so does `apply`.
pub fn is_decidable(e: &Edit) -> bool {
    !e.kind.is_structural() || report::is_applied_structure(e)
}
