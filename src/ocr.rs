//! Pages as OCR engines write them: hOCR (tesseract 4/5), ALTO (v2–v4:
//! tesseract's `alto` output, ABBYY-style files) and PaddleOCR JSON (3.x
//! `rec_texts` with `rec_polys`/`rec_boxes`, and PP-StructureV3
//! `parsing_res_list`), recognised by their content.
//!
//! A document is read into a *text view*: one block per text block (ALTO
//! `TextBlock`, hOCR `ocr_par`, a PP-Structure block, or a paragraph of
//! PaddleOCR lines put in column order by their boxes), its lines run
//! together, blocks separated by a blank line, and a block set in type much
//! larger than the page's body (or labelled a title) marked as a heading
//! (`# `). The pipeline works on that view as on any page. Every word of the
//! view remembers where its text is in the file (a `CONTENT` attribute, a
//! word element's text, a JSON string), so findings point into the file, and
//! a repair is written back by rewriting only the words it changes: every
//! other byte of the file stays as it was.

use std::ops::Range;
use std::path::Path;

mod order;
pub use order::ORDER_ID;

/// The OCR formats jiaodui reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OcrFormat {
    Hocr,
    Alto,
    /// PaddleOCR 3.x result JSON, or PP-StructureV3's.
    Paddle,
}

impl OcrFormat {
    pub fn name(self) -> &'static str {
        match self {
            OcrFormat::Hocr => "hOCR",
            OcrFormat::Alto => "ALTO",
            OcrFormat::Paddle => "PaddleOCR JSON",
        }
    }
}

/// How a word's text is escaped in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Escape {
    /// XML attribute value or element text.
    Xml,
    /// A JSON string's contents.
    Json,
}

/// A word of the view and where its text is in the file.
#[derive(Debug, Clone, PartialEq)]
struct Token {
    /// Its text in the view.
    view: Range<usize>,
    /// Its escaped text in the file.
    file: Range<usize>,
    escape: Escape,
}

/// An OCR document read into a text view, with the map back to the file.
#[derive(Debug, Clone, PartialEq)]
pub struct OcrDocument {
    pub format: OcrFormat,
    /// The file as read.
    pub file: String,
    /// The text the pipeline reads.
    pub view: String,
    tokens: Vec<Token>,
    /// Where each block of the view is on the page, in view order.
    pub regions: Vec<Region>,
}

/// Where a block of the view came from: its lines' ids and their box.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Region {
    /// The lines' ids in the file (ALTO `TextLine` `ID`, hOCR `id`), or
    /// their places in a JSON list (`rec_texts[3]`).
    pub lines: Vec<String>,
    /// The box around them (x0, y0, x1, y1, in the file's units), where known.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub bbox: Option<[f64; 4]>,
    /// What a reading order refers to: each line's id, or for a piece of a
    /// line the engine read across a gutter, its words' ids.
    #[serde(skip)]
    refs: Vec<String>,
}

/// Why a document could not be read.
#[derive(Debug, Clone, PartialEq)]
pub struct OcrError {
    /// Byte offset in the file.
    pub offset: usize,
    pub message: String,
}

/// How many bytes of a file are looked at to recognise its format.
const SNIFF_BYTES: usize = 64 << 10;

/// The OCR format of a file's bytes, if it is one: by content, not by name.
pub fn detect(bytes: &[u8]) -> Option<OcrFormat> {
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = head.iter().position(|b| !b.is_ascii_whitespace())?;
    let has = |needle: &[u8]| head.windows(needle.len()).any(|w| w == needle);
    match head[start] {
        b'<' if has(b"<alto") || has(b":alto ") || has(b":alto>") => Some(OcrFormat::Alto),
        b'<' if has(b"ocr_page") || has(b"ocrx_word") || has(b"ocr-system") => Some(OcrFormat::Hocr),
        b'{' | b'[' if has(b"\"rec_texts\"") || has(b"\"parsing_res_list\"") => Some(OcrFormat::Paddle),
        _ => None,
    }
}

/// Whether a file looks like an OCR document (its first bytes read).
pub fn sniff_file(path: &Path) -> bool {
    use std::io::Read;
    let Ok(f) = std::fs::File::open(path) else { return false };
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    f.take(SNIFF_BYTES as u64).read_to_end(&mut head).is_ok() && detect(&head).is_some()
}

/// A word as the readers find it.
#[derive(Debug, Clone)]
struct Word {
    text: String,
    file: Range<usize>,
    escape: Escape,
    /// Set where the text cannot be rewritten in place (a word element with
    /// markup inside): a repair there is refused.
    writable: bool,
    /// Its box, where the file gives one.
    bbox: Option<[f64; 4]>,
    /// Its id in the file (ALTO `String ID`, hOCR `id`).
    id: Option<String>,
}

/// A line of words, with its box (x0, y0, x1, y1) where known.
#[derive(Debug, Clone, Default)]
struct Line {
    words: Vec<Word>,
    /// Its id in the file (ALTO `TextLine ID`, hOCR `id`), or its place in
    /// a JSON list (`rec_texts[3]`).
    id: Option<String>,
    bbox: Option<[f64; 4]>,
    /// Type size (hOCR `x_size`), else the box's height.
    size: Option<f64>,
    /// A piece of a line the engine read across a gutter.
    piece: bool,
}

/// A block of lines.
#[derive(Debug, Clone, Default)]
struct Block {
    lines: Vec<Line>,
    /// A layout label that says it is a title (PP-Structure).
    title: bool,
    /// A label that says it is not text to repair (a page header, a number).
    skip: bool,
}

/// Read an OCR document of `format` from its text.
pub fn read(format: OcrFormat, file: String) -> Result<OcrDocument, OcrError> {
    let blocks = match format {
        OcrFormat::Alto => read_alto(&file)?,
        OcrFormat::Hocr => read_hocr(&file)?,
        OcrFormat::Paddle => read_paddle(&file)?,
    };
    // The engine's blocks often run across the columns of a newspaper page;
    // where every line has its box, the lines are read again in column
    // order (PP-Structure's labelled blocks are kept as they are).
    let labelled = blocks.iter().any(|b| b.title || b.skip);
    let lines: Vec<Line> = split_at_gutters(blocks.iter().flat_map(|b| b.lines.iter().cloned()).collect());
    let blocks = if format != OcrFormat::Paddle && !labelled && !lines.is_empty() && lines.iter().all(|l| l.bbox.is_some()) { geometry_blocks(lines) } else { blocks };
    let (view, tokens, regions) = compose(&blocks);
    Ok(OcrDocument { format, file, view, tokens, regions })
}

// ---------------------------------------------------------------- XML

/// The byte range of `part` inside `whole` (a slice borrowed from it).
fn range_in(whole: &str, part: &[u8]) -> Range<usize> {
    let start = part.as_ptr() as usize - whole.as_ptr() as usize;
    start..start + part.len()
}

fn xml_error(reader: &quick_xml::Reader<&[u8]>, e: impl std::fmt::Display) -> OcrError {
    OcrError { offset: reader.error_position() as usize, message: format!("malformed XML: {e}") }
}

/// An attribute's raw (escaped) value and its range in the file.
fn attribute<'a>(file: &'a str, e: &quick_xml::events::BytesStart<'a>, name: &[u8]) -> Option<(Range<usize>, &'a str)> {
    let [found] = attributes(file, e, [name]);
    found
}

/// [`attribute`] for each of `names`, in one pass over the element's
/// attributes (an ALTO `String` has seven, and six are read).
fn attributes<'a, const N: usize>(file: &'a str, e: &quick_xml::events::BytesStart<'a>, names: [&[u8]; N]) -> [Option<(Range<usize>, &'a str)>; N] {
    let mut found: [Option<(Range<usize>, &'a str)>; N] = std::array::from_fn(|_| None);
    for a in e.attributes().with_checks(false).flatten() {
        let key = a.key.local_name();
        let Some(k) = names.iter().zip(&found).position(|(n, f)| f.is_none() && *n == key.as_ref()) else { continue };
        if let std::borrow::Cow::Borrowed(raw) = a.value {
            let r = range_in(file, raw);
            found[k] = Some((r.clone(), &file[r]));
        }
    }
    found
}

/// An ALTO element's box (`HPOS`, `VPOS`, `WIDTH`, `HEIGHT`) from its attributes.
fn alto_box(found: &[Option<(Range<usize>, &str)>]) -> Option<[f64; 4]> {
    let n = |k: usize| found[k].as_ref().and_then(|(_, v)| alto_number(v));
    let (x, y) = (n(0)?, n(1)?);
    Some([x, y, x + n(2)?, y + n(3)?])
}

/// A coordinate: a whole number of pixels (as tesseract writes them) read
/// as such, anything else as a decimal.
fn alto_number(v: &str) -> Option<f64> {
    let v = v.trim();
    v.parse::<u32>().map(f64::from).ok().or_else(|| v.parse().ok())
}

fn read_alto(file: &str) -> Result<Vec<Block>, OcrError> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(file);
    let mut blocks: Vec<Block> = Vec::new();
    let mut in_block = false;
    loop {
        let event = reader.read_event().map_err(|e| xml_error(&reader, e))?;
        match event {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                b"TextBlock" => {
                    blocks.push(Block::default());
                    in_block = true;
                }
                b"TextLine" if in_block => {
                    let found = attributes(file, &e, [b"HPOS", b"VPOS", b"WIDTH", b"HEIGHT", b"ID"]);
                    let height = found[3].as_ref().and_then(|(_, v)| alto_number(v));
                    let bbox = alto_box(&found);
                    let id = found[4].as_ref().map(|(_, v)| v.to_string());
                    blocks.last_mut().expect("in a block").lines.push(Line { words: Vec::new(), id, bbox, size: height, piece: false });
                }
                b"String" if in_block => {
                    let [hpos, vpos, width, height, id, content] = attributes(file, &e, [b"HPOS", b"VPOS", b"WIDTH", b"HEIGHT", b"ID", b"CONTENT"]);
                    let Some((range, raw)) = content else { continue };
                    let block = blocks.last_mut().expect("in a block");
                    if block.lines.is_empty() {
                        block.lines.push(Line::default());
                    }
                    let text = unescaped(raw, Escape::Xml).map_err(|m| OcrError { offset: range.start, message: m })?;
                    let bbox = alto_box(&[hpos, vpos, width, height]);
                    let id = id.map(|(_, v)| v.to_string());
                    block.lines.last_mut().expect("a line").words.push(Word { text, file: range, escape: Escape::Xml, writable: true, bbox, id });
                }
                _ => {}
            },
            Event::End(e) if e.local_name().as_ref() == b"TextBlock" => in_block = false,
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(blocks)
}

/// `bbox x0 y0 x1 y1` and `x_size s` of an hOCR `title`.
fn hocr_geometry(title: &str) -> (Option<[f64; 4]>, Option<f64>) {
    let mut bbox = None;
    let mut size = None;
    for prop in title.split(';') {
        let mut parts = prop.split_whitespace();
        match parts.next() {
            Some("bbox") => {
                let (mut v, mut n) = ([0.0; 4], 0);
                for x in parts.filter_map(alto_number) {
                    if let Some(slot) = v.get_mut(n) {
                        *slot = x;
                    }
                    n += 1;
                }
                if n == 4 {
                    bbox = Some(v);
                }
            }
            Some("x_size") => size = parts.next().and_then(|p| p.parse().ok()),
            _ => {}
        }
    }
    (bbox, size)
}

const HOCR_LINES: [&str; 4] = ["ocr_line", "ocr_header", "ocr_caption", "ocr_textfloat"];

fn read_hocr(file: &str) -> Result<Vec<Block>, OcrError> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(file);
    reader.config_mut().check_end_names = false;
    let mut blocks: Vec<Block> = Vec::new();
    // Depths at which the open paragraph, line and word started.
    let (mut depth, mut par, mut line, mut word): (usize, Option<usize>, Option<usize>, Option<usize>) = (0, None, None, None);
    // The text of the open word: its pieces' ranges.
    let mut pieces: Vec<Range<usize>> = Vec::new();
    let mut nested = false;
    let mut word_box = None;
    let mut word_id: Option<String> = None;
    let mut word_open_end = 0;
    loop {
        let event = reader.read_event().map_err(|e| xml_error(&reader, e))?;
        match event {
            Event::Start(e) => {
                depth += 1;
                let [class, title, id] = attributes(file, &e, [b"class", b"title", b"id"]);
                let class = class.map_or("", |(_, v)| v);
                let has = |name: &str| class.split_whitespace().any(|c| c == name);
                let title = title.map_or("", |(_, v)| v);
                if word.is_some() {
                    nested = true;
                } else if has("ocr_par") || (has("ocr_carea") && par.is_none()) {
                    if par.is_none() || has("ocr_par") {
                        blocks.push(Block::default());
                        par = Some(depth);
                    }
                } else if class.split_whitespace().any(|c| HOCR_LINES.contains(&c)) {
                    if par.is_none() {
                        blocks.push(Block::default());
                        par = Some(depth);
                    }
                    let (bbox, size) = hocr_geometry(title);
                    let id = id.map(|(_, v)| v.to_string());
                    blocks.last_mut().expect("a block").lines.push(Line { words: Vec::new(), id, bbox, size: size.or(bbox.map(|b| b[3] - b[1])), piece: false });
                    line = Some(depth);
                } else if has("ocrx_word") && line.is_some() {
                    word = Some(depth);
                    word_open_end = reader.buffer_position() as usize;
                    word_box = hocr_geometry(title).0;
                    word_id = id.map(|(_, v)| v.to_string());
                    pieces.clear();
                    nested = false;
                }
            }
            Event::Text(t) if word.is_some() => pieces.push(range_in(file, t.as_ref())),
            Event::GeneralRef(r) if word.is_some() => {
                // `&amp;`: the reference with its `&` and `;`.
                let inner = range_in(file, r.as_ref());
                pieces.push(inner.start - 1..inner.end + 1);
            }
            Event::CData(_) if word.is_some() => nested = true,
            Event::End(_) => {
                if word == Some(depth) {
                    word = None;
                    let w = if let (Some(first), Some(last)) = (pieces.first(), pieces.last()) {
                        let range = first.start..last.end;
                        let contiguous = pieces.windows(2).all(|w| w[0].end == w[1].start);
                        let text = unescaped(&file[range.clone()], Escape::Xml).map_err(|m| OcrError { offset: range.start, message: m })?;
                        Word { text, file: range, escape: Escape::Xml, writable: contiguous && !nested, bbox: word_box, id: word_id.take() }
                    } else {
                        // An empty word (one a repair removed, `贴心贴心` →
                        // `贴心`) keeps its place on the line: its box still
                        // says where the line's words are.
                        Word { text: String::new(), file: word_open_end..word_open_end, escape: Escape::Xml, writable: !nested, bbox: word_box, id: word_id.take() }
                    };
                    if let Some(l) = blocks.last_mut().and_then(|b| b.lines.last_mut()) {
                        l.words.push(w);
                    }
                } else if line == Some(depth) {
                    line = None;
                } else if par == Some(depth) {
                    par = None;
                }
                depth = depth.saturating_sub(1);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(blocks)
}

// ---------------------------------------------------------------- JSON

/// The byte ranges of the string contents of the array after `"key"`
/// (at its first occurrence from `from`), or of the string value of each
/// occurrence of `"key"` when it names strings rather than an array.
fn json_string_ranges(file: &str, key: &str, array: bool) -> Vec<Range<usize>> {
    let b = file.as_bytes();
    let needle = format!("\"{key}\"");
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(k) = file[at..].find(&needle) {
        let mut i = at + k + needle.len();
        let skip_ws = |i: &mut usize| {
            while *i < b.len() && b[*i].is_ascii_whitespace() {
                *i += 1;
            }
        };
        skip_ws(&mut i);
        if i >= b.len() || b[i] != b':' {
            at += k + needle.len();
            continue;
        }
        i += 1;
        skip_ws(&mut i);
        let string_at = |i: usize| -> Option<Range<usize>> {
            if b.get(i) != Some(&b'"') {
                return None;
            }
            let mut j = i + 1;
            while j < b.len() && b[j] != b'"' {
                j += if b[j] == b'\\' { 2 } else { 1 };
            }
            (j < b.len()).then_some(i + 1..j)
        };
        if array {
            if b.get(i) != Some(&b'[') {
                return out;
            }
            i += 1;
            loop {
                skip_ws(&mut i);
                match b.get(i) {
                    Some(b']') | None => return out,
                    Some(b',') => i += 1,
                    _ => match string_at(i) {
                        Some(r) => {
                            i = r.end + 1;
                            out.push(r);
                        }
                        None => return out,
                    },
                }
            }
        } else if let Some(r) = string_at(i) {
            at = r.end;
            out.push(r);
        } else {
            at = i;
        }
    }
    out
}

/// A box from a polygon (`[[x, y], …]`) or `[x0, y0, x1, y1]`.
fn json_box(v: &serde_json::Value) -> Option<[f64; 4]> {
    let a = v.as_array()?;
    if a.len() == 4 && a.iter().all(|n| n.is_number()) {
        let n: Vec<f64> = a.iter().filter_map(serde_json::Value::as_f64).collect();
        return Some([n[0], n[1], n[2], n[3]]);
    }
    let points: Vec<(f64, f64)> = a.iter().filter_map(|p| Some((p.get(0)?.as_f64()?, p.get(1)?.as_f64()?))).collect();
    if points.is_empty() {
        return None;
    }
    let (xs, ys): (Vec<f64>, Vec<f64>) = points.into_iter().unzip();
    let min = |v: &[f64]| v.iter().copied().fold(f64::INFINITY, f64::min);
    let max = |v: &[f64]| v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    Some([min(&xs), min(&ys), max(&xs), max(&ys)])
}

fn read_paddle(file: &str) -> Result<Vec<Block>, OcrError> {
    let value: serde_json::Value = serde_json::from_str(file).map_err(|e| {
        let offset = file.lines().take(e.line().saturating_sub(1)).map(|l| l.len() + 1).sum::<usize>() + e.column().saturating_sub(1);
        OcrError { offset, message: format!("malformed JSON: {e}") }
    })?;
    // `save_to_json` writes the result; `.json` wraps it in `res`; a list
    // holds one page.
    let mut res = &value;
    if let Some(first) = res.as_array().and_then(|a| a.first()) {
        res = first;
    }
    if let Some(inner) = res.get("res") {
        res = inner;
    }
    let word = |range: Range<usize>| -> Result<Word, OcrError> {
        let text = unescaped(&file[range.clone()], Escape::Json).map_err(|m| OcrError { offset: range.start, message: m })?;
        Ok(Word { text, file: range, escape: Escape::Json, writable: true, bbox: None, id: None })
    };
    if let Some(list) = res.get("parsing_res_list").and_then(|v| v.as_array()) {
        // PP-StructureV3: blocks in reading order, each labelled.
        let contents = json_string_ranges(file, "block_content", false);
        if contents.len() != list.len() {
            return Err(OcrError { offset: 0, message: format!("parsing_res_list has {} blocks but {} block_content strings", list.len(), contents.len()) });
        }
        let mut blocks = Vec::new();
        for (k, (item, range)) in list.iter().zip(contents).enumerate() {
            let label = item.get("block_label").and_then(|v| v.as_str()).unwrap_or("text");
            let bbox = item.get("block_bbox").and_then(json_box);
            let title = matches!(label, "doc_title" | "paragraph_title" | "title" | "figure_title" | "table_title");
            let skip = matches!(label, "header" | "footer" | "number" | "image" | "table" | "seal" | "formula" | "chart" | "aside_text" | "header_image" | "footer_image");
            blocks.push(Block { lines: vec![Line { words: vec![word(range)?], id: Some(format!("parsing_res_list[{k}]")), bbox, size: None, piece: false }], title, skip });
        }
        return Ok(blocks);
    }
    let texts = res.get("rec_texts").and_then(|v| v.as_array()).ok_or(OcrError { offset: 0, message: "no rec_texts list".into() })?;
    let ranges = json_string_ranges(file, "rec_texts", true);
    if ranges.len() != texts.len() {
        return Err(OcrError { offset: 0, message: format!("rec_texts has {} strings but {} were found in the file", texts.len(), ranges.len()) });
    }
    let boxes: Vec<Option<[f64; 4]>> = ["rec_polys", "rec_boxes", "dt_polys"]
        .iter()
        .find_map(|k| res.get(*k).and_then(|v| v.as_array()).filter(|a| a.len() == texts.len()))
        .map(|a| a.iter().map(json_box).collect())
        .unwrap_or_else(|| vec![None; texts.len()]);
    let mut lines = Vec::new();
    for (k, (range, bbox)) in ranges.into_iter().zip(boxes).enumerate() {
        lines.push(Line { words: vec![word(range)?], id: Some(format!("rec_texts[{k}]")), bbox, size: bbox.map(|b| b[3] - b[1]), piece: false });
    }
    Ok(geometry_blocks(lines))
}

/// A gap between two words of a line wider than this many times the
/// line's height is a gutter: the engine ran the line across two columns.
const GUTTER_GAP: f64 = 1.2;

/// Lines cut where their words' boxes leave a gutter between them (an
/// engine that reads across a page's columns joins their lines), each piece
/// with the box of its words (where words have boxes, a line's box is
/// theirs, so every line is measured the same way).
fn split_at_gutters(lines: Vec<Line>) -> Vec<Line> {
    let body = median(lines.iter().filter_map(|l| l.bbox.map(|b| b[3] - b[1])).collect()).unwrap_or(0.0);
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        let (Some(lb), true) = (line.bbox, !line.words.is_empty() && line.words.iter().all(|w| w.bbox.is_some())) else {
            out.push(line);
            continue;
        };
        let height = lb[3] - lb[1];
        // A headline's words stand apart: it is not cut.
        let gap = if height >= HEADLINE_SIZE * body { f64::INFINITY } else { GUTTER_GAP * height };
        let first = out.len();
        let mut piece = Line { words: Vec::new(), id: line.id.clone(), bbox: None, size: line.size, piece: false };
        for w in line.words {
            let wb = w.bbox.expect("checked");
            if piece.bbox.is_some_and(|pb| wb[0] - pb[2] > gap) {
                out.push(std::mem::replace(&mut piece, Line { words: Vec::new(), id: line.id.clone(), bbox: None, size: line.size, piece: false }));
            }
            piece.bbox = Some(match piece.bbox {
                Some(pb) => [pb[0].min(wb[0]), pb[1].min(wb[1]), pb[2].max(wb[2]), pb[3].max(wb[3])],
                None => wb,
            });
            piece.words.push(w);
        }
        if !piece.words.is_empty() {
            out.push(piece);
        }
        if out.len() - first > 1 {
            for p in &mut out[first..] {
                p.piece = true;
            }
        }
    }
    out
}

fn median(mut v: Vec<f64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    Some(v[v.len() / 2])
}

/// A line set in type this much larger than the page's median is a headline.
const HEADLINE_SIZE: f64 = 1.4;
/// A line this much wider than the median line spans columns.
const SPANNING_WIDTH: f64 = 1.6;

/// Lines (in the order the engine returned them, often across the columns)
/// put in reading order by their boxes: headlines and lines that
/// span columns where they stand, the lines between them column by column,
/// left to right, each column top to bottom; within a column a paragraph
/// ends at a line that stops short of the column's edge or before one
/// that is indented. Without boxes, each line is a block as returned.
fn geometry_blocks(lines: Vec<Line>) -> Vec<Block> {
    if lines.iter().any(|l| l.bbox.is_none()) {
        return lines.into_iter().map(|l| Block { lines: vec![l], ..Block::default() }).collect();
    }
    let bb = |l: &Line| l.bbox.expect("checked");
    let (Some(h), Some(w)) = (median(lines.iter().map(|l| bb(l)[3] - bb(l)[1]).collect()), median(lines.iter().map(|l| bb(l)[2] - bb(l)[0]).collect())) else { return Vec::new() };
    let wide = |l: &Line| bb(l)[3] - bb(l)[1] >= HEADLINE_SIZE * h || bb(l)[2] - bb(l)[0] >= SPANNING_WIDTH * w;
    let mut order: Vec<usize> = (0..lines.len()).collect();
    order.sort_by(|&a, &b| bb(&lines[a])[1].total_cmp(&bb(&lines[b])[1]));
    let mut blocks = Vec::new();
    let mut band: Vec<usize> = Vec::new();
    let flush = |band: &mut Vec<usize>, blocks: &mut Vec<Block>| {
        // Columns: lines whose horizontal extents overlap by half.
        let mut columns: Vec<(f64, f64, Vec<usize>)> = Vec::new();
        let mut by_x = band.clone();
        by_x.sort_by(|&a, &b| bb(&lines[a])[0].total_cmp(&bb(&lines[b])[0]));
        for i in by_x {
            let [x0, _, x1, _] = bb(&lines[i]);
            let overlap = |c: &(f64, f64, Vec<usize>)| (x1.min(c.1) - x0.max(c.0)) >= 0.5 * (x1 - x0).min(c.1 - c.0);
            match columns.iter_mut().find(|c| overlap(c)) {
                Some(c) => {
                    c.0 = c.0.min(x0);
                    c.1 = c.1.max(x1);
                    c.2.push(i);
                }
                None => columns.push((x0, x1, vec![i])),
            }
        }
        columns.sort_by(|a, b| a.0.total_cmp(&b.0));
        for (left, right, mut members) in columns {
            members.sort_by(|&a, &b| bb(&lines[a])[1].total_cmp(&bb(&lines[b])[1]));
            // Rows: pieces of one printed line (an engine may cut a line
            // where a character is faint) read left to right as one.
            let mut rows: Vec<Vec<usize>> = Vec::new();
            for i in members {
                let centre = |k: usize| (bb(&lines[k])[1] + bb(&lines[k])[3]) / 2.0;
                match rows.last_mut() {
                    Some(row) if (centre(i) - centre(row[0])).abs() < h / 2.0 => row.push(i),
                    _ => rows.push(vec![i]),
                }
            }
            for row in &mut rows {
                row.sort_by(|&a, &b| bb(&lines[a])[0].total_cmp(&bb(&lines[b])[0]));
            }
            let row_left = |row: &[usize]| row.iter().map(|&i| bb(&lines[i])[0]).fold(f64::INFINITY, f64::min);
            let row_right = |row: &[usize]| row.iter().map(|&i| bb(&lines[i])[2]).fold(f64::NEG_INFINITY, f64::max);
            let mut block = Block::default();
            for (k, row) in rows.iter().enumerate() {
                block.lines.extend(row.iter().map(|&i| lines[i].clone()));
                let short = row_right(row) < right - h;
                let next_indented = rows.get(k + 1).is_some_and(|next| row_left(next) > left + h);
                if short || next_indented {
                    blocks.push(std::mem::take(&mut block));
                }
            }
            if !block.lines.is_empty() {
                blocks.push(block);
            }
        }
        band.clear();
    };
    // The last block made of wide lines, and where it ends: a headline set
    // in two lines, or split by the engine into pieces, is one block.
    let mut last_wide: Option<(usize, f64)> = None;
    for i in order {
        if wide(&lines[i]) {
            flush(&mut band, &mut blocks);
            let [_, y0, _, y1] = bb(&lines[i]);
            let title = y1 - y0 >= HEADLINE_SIZE * h;
            match last_wide {
                Some((k, end)) if k + 1 == blocks.len() && y0 - end < h && blocks[k].title == title => {
                    blocks[k].lines.push(lines[i].clone());
                    last_wide = Some((k, end.max(y1)));
                }
                _ => {
                    blocks.push(Block { lines: vec![lines[i].clone()], title, skip: false });
                    last_wide = Some((blocks.len() - 1, y1));
                }
            }
        } else {
            band.push(i);
        }
    }
    flush(&mut band, &mut blocks);
    // A headline's pieces in reading order: row by row, left to right.
    for b in blocks.iter_mut().filter(|b| b.lines.len() > 1 && b.lines.iter().all(&wide)) {
        let row_height = b.lines.iter().map(|l| bb(l)[3] - bb(l)[1]).fold(h, f64::max);
        b.lines.sort_by(|x, y| {
            let row = |l: &Line| ((bb(l)[1] + bb(l)[3]) / 2.0 / row_height).floor();
            row(x).total_cmp(&row(y)).then(bb(x)[0].total_cmp(&bb(y)[0]))
        });
    }
    blocks
}

// ---------------------------------------------------------------- the view

/// Whether a space goes between two pieces of text (Latin words and
/// numbers; never between Chinese characters or marks).
fn needs_space(before: &str, after: &str) -> bool {
    match (before.chars().next_back(), after.chars().next()) {
        (Some(a), Some(b)) => a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric(),
        _ => false,
    }
}

/// The text view of the blocks, and where each word is in it.
fn compose(blocks: &[Block]) -> (String, Vec<Token>, Vec<Region>) {
    let sizes: Vec<f64> = blocks.iter().filter(|b| !b.skip).flat_map(|b| b.lines.iter().filter_map(|l| l.size)).collect();
    let body = median(sizes);
    let mut view = String::new();
    let mut tokens = Vec::new();
    let mut regions = Vec::new();
    for block in blocks.iter().filter(|b| !b.skip) {
        let words: Vec<&Word> = block.lines.iter().flat_map(|l| l.words.iter()).filter(|w| !w.text.trim().is_empty()).collect();
        if words.is_empty() {
            continue;
        }
        if !view.is_empty() {
            view.push_str("\n\n");
        }
        // Set in type much larger than the body's, in at most two lines.
        let size = median(block.lines.iter().filter_map(|l| l.size).collect());
        let large = matches!((size, body), (Some(s), Some(b)) if s >= HEADLINE_SIZE * b) && block.lines.len() <= 2;
        if block.title || large {
            view.push_str("# ");
        }
        let lines = block.lines.iter().filter(|l| l.words.iter().any(|w| !w.text.trim().is_empty()));
        let mut ids: Vec<String> = lines.clone().filter_map(|l| l.id.clone()).collect();
        ids.dedup();
        // Every line and word, emptied ones too, so that the order is the
        // same when the repaired file is read again.
        let mut refs: Vec<String> = block
            .lines
            .iter()
            .flat_map(|l| {
                let words: Option<Vec<String>> = l.words.iter().map(|w| w.id.clone()).collect();
                match (l.piece, words) {
                    (true, Some(words)) if !words.is_empty() => words,
                    _ => l.id.clone().into_iter().collect(),
                }
            })
            .collect();
        refs.dedup();
        let bbox = lines.filter_map(|l| l.bbox).reduce(|a, b| [a[0].min(b[0]), a[1].min(b[1]), a[2].max(b[2]), a[3].max(b[3])]);
        regions.push(Region { lines: ids, bbox, refs });
        let mut last = "";
        for w in words {
            // A word's text as the view holds it: one line.
            if needs_space(last, &w.text) {
                view.push(' ');
            }
            let start = view.len();
            view.push_str(&w.text.replace(['\n', '\r'], " "));
            if w.writable {
                tokens.push(Token { view: start..view.len(), file: w.file.clone(), escape: w.escape });
            }
            last = &w.text;
        }
    }
    if !view.is_empty() {
        view.push('\n');
    }
    (view, tokens, regions)
}

/// Unescape XML or JSON text; with each character's byte offset in the
/// raw text.
/// [`unescape`]'s text alone: a word with nothing escaped (nearly every
/// one) is copied as it stands.
fn unescaped(raw: &str, escape: Escape) -> Result<String, String> {
    let marker = match escape {
        Escape::Xml => b'&',
        Escape::Json => b'\\',
    };
    if !raw.as_bytes().contains(&marker) {
        return Ok(raw.to_string());
    }
    unescape(raw, escape).map(|u| u.0)
}

fn unescape(raw: &str, escape: Escape) -> Result<(String, Vec<usize>), String> {
    let mut out = String::with_capacity(raw.len());
    let mut at = Vec::with_capacity(raw.len());
    let b = raw.as_bytes();
    let mut i = 0;
    while i < raw.len() {
        let c = raw[i..].chars().next().expect("in range");
        match (escape, c) {
            (Escape::Xml, '&') => {
                let end = raw[i..].find(';').ok_or_else(|| format!("an unterminated entity in {raw:?}"))? + i;
                let name = &raw[i + 1..end];
                let ch = match name {
                    "amp" => '&',
                    "lt" => '<',
                    "gt" => '>',
                    "quot" => '"',
                    "apos" => '\'',
                    _ if name.starts_with("#x") || name.starts_with("#X") => u32::from_str_radix(&name[2..], 16).ok().and_then(char::from_u32).ok_or_else(|| format!("a bad character reference &{name};"))?,
                    _ if name.starts_with('#') => name[1..].parse().ok().and_then(char::from_u32).ok_or_else(|| format!("a bad character reference &{name};"))?,
                    _ => return Err(format!("an unknown entity &{name};")),
                };
                out.push(ch);
                at.push(i);
                i = end + 1;
            }
            (Escape::Json, '\\') => {
                let (ch, len) = match b.get(i + 1) {
                    Some(b'n') => ('\n', 2),
                    Some(b't') => ('\t', 2),
                    Some(b'r') => ('\r', 2),
                    Some(b'b') => ('\u{8}', 2),
                    Some(b'f') => ('\u{c}', 2),
                    Some(b'u') => {
                        let hex = |k: usize| raw.get(k..k + 4).and_then(|h| u32::from_str_radix(h, 16).ok());
                        let hi = hex(i + 2).ok_or("a bad \\u escape")?;
                        if (0xD800..0xDC00).contains(&hi) && raw.get(i + 6..i + 8) == Some("\\u") {
                            let lo = hex(i + 8).ok_or("a bad \\u escape")?;
                            (char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)).ok_or("a bad surrogate pair")?, 12)
                        } else {
                            (char::from_u32(hi).ok_or("a lone surrogate")?, 6)
                        }
                    }
                    Some(&x) => (x as char, 2),
                    None => return Err("a dangling backslash".into()),
                };
                out.push(ch);
                at.push(i);
                i += len;
            }
            _ => {
                out.push(c);
                at.push(i);
                i += c.len_utf8();
            }
        }
    }
    Ok((out, at))
}

fn escape_text(text: &str, escape: Escape) -> String {
    match escape {
        Escape::Xml => {
            let mut out = String::with_capacity(text.len());
            for c in text.chars() {
                match c {
                    '&' => out.push_str("&amp;"),
                    '<' => out.push_str("&lt;"),
                    '>' => out.push_str("&gt;"),
                    '"' => out.push_str("&quot;"),
                    '\'' => out.push_str("&apos;"),
                    c => out.push(c),
                }
            }
            out
        }
        Escape::Json => {
            let quoted = serde_json::to_string(text).expect("a string serialises");
            quoted[1..quoted.len() - 1].to_string()
        }
    }
}

impl OcrDocument {
    /// For each character of the view, its byte offset in the file (the
    /// character inside its word's escaped text; a separator at the next
    /// word), as `(view offset, file offset)`, ascending.
    pub fn offsets(&self) -> Vec<(u32, u32)> {
        let mut map = Vec::with_capacity(self.view.len() / 2);
        let mut next = self.tokens.iter().peekable();
        // The token being read, and where each of its characters starts in
        // the file (`None` where the view has the file's very bytes: nothing
        // escaped).
        let mut current: Option<(&Token, Option<Vec<usize>>)> = None;
        for (i, _) in self.view.char_indices() {
            while next.peek().is_some_and(|t| t.view.start <= i) {
                let t = next.next().expect("peeked");
                let raw = &self.file[t.file.clone()];
                let verbatim = raw == &self.view[t.view.clone()];
                current = Some((t, (!verbatim).then(|| unescape(raw, t.escape).map(|u| u.1).unwrap_or_default())));
            }
            let file = match &current {
                Some((t, None)) if t.view.contains(&i) => t.file.start + (i - t.view.start),
                Some((t, Some(at))) if t.view.contains(&i) => {
                    let k = self.view[t.view.start..i].chars().count();
                    t.file.start + at.get(k).copied().unwrap_or(0)
                }
                _ => next.peek().map_or(self.file.len(), |t| t.file.start),
            };
            map.push((i as u32, file as u32));
        }
        map
    }

    /// Where in the file the view's text up to `end` ends: after the escaped
    /// form of the character before it, where that is in a word (an end at
    /// a word's end is not the next word's start).
    pub fn file_end(&self, end: usize) -> Option<usize> {
        let k = self.tokens.partition_point(|t| t.view.end < end);
        let t = self.tokens.get(k).filter(|t| t.view.start < end && end <= t.view.end)?;
        let raw = &self.file[t.file.clone()];
        let (_, at) = unescape(raw, t.escape).ok()?;
        let n = self.view[t.view.start..end].chars().count();
        Some(t.file.start + at.get(n).copied().unwrap_or(raw.len()))
    }

    /// The file with a repaired view written back: each word whose text
    /// the repair changed gets its new text (escaped as the file escapes
    /// it); every other byte stays. A change outside the words (a join's
    /// blank line, a moved run) cannot be written into the words, and is
    /// refused with the reason, so nothing is lost.
    pub fn write_back(&self, repaired: &str) -> Result<String, String> {
        if repaired == self.view {
            return Ok(self.file.clone());
        }
        // The changes of a character diff of the view, each given to the
        // words it falls in (offsets relative to the word).
        let diff = similar::TextDiff::configure().algorithm(similar::Algorithm::Myers).diff_chars(self.view.as_str(), repaired);
        let old_chars: Vec<usize> = self.view.char_indices().map(|(i, _)| i).chain([self.view.len()]).collect();
        let new_chars: Vec<usize> = repaired.char_indices().map(|(i, _)| i).chain([repaired.len()]).collect();
        let mut changes: Vec<Vec<(Range<usize>, String)>> = vec![Vec::new(); self.tokens.len()];
        for op in diff.ops().iter().filter(|op| op.tag() != similar::DiffTag::Equal) {
            let (old, new) = (op.old_range(), op.new_range());
            let (a, b) = (old_chars[old.start], old_chars[old.end]);
            let new = &repaired[new_chars[new.start]..new_chars[new.end]];
            let first = self.tokens.partition_point(|t| t.view.end <= a);
            let n = self.tokens.len();
            // The words the change falls in: those it overlaps, or for an
            // insertion the word it is inside or at the start of.
            let words: Vec<usize> = if a < b {
                (first..n).take_while(|&k| self.tokens[k].view.start < b).collect()
            } else {
                (first..n).take(1).filter(|&k| self.tokens[k].view.start <= a).collect()
            };
            // What the change removes outside the words.
            let mut outside = self.view[a..b].to_string();
            for &k in words.iter().rev() {
                let t = &self.tokens[k];
                let (s, e) = (a.max(t.view.start), b.min(t.view.end));
                if s < e {
                    outside.replace_range(s - a..e - a, "");
                }
            }
            let blank = |s: &str| s.chars().all(char::is_whitespace);
            if !words.is_empty() && blank(&outside) {
                for (m, &k) in words.iter().enumerate() {
                    let t = &self.tokens[k];
                    let rel = a.max(t.view.start) - t.view.start..b.min(t.view.end).max(a) - t.view.start;
                    changes[k].push((rel, if m == 0 { new.to_string() } else { String::new() }));
                }
            } else if words.is_empty() && blank(&outside) && blank(new) {
                // A join's blank line, or other whitespace between blocks.
            } else if let (true, Some(j)) = (words.is_empty() && blank(&outside), self.tokens.iter().rposition(|t| t.view.end == a)) {
                // An insertion right after a word (a full stop OCR lost).
                let len = self.tokens[j].view.len();
                changes[j].push((len..len, new.trim().to_string()));
            } else {
                return Err(format!("the change of {:?} to {new:?} is not within the words of the {} file, so it cannot be written there", &self.view[a..b], self.format.name()));
            }
        }
        let mut out = String::with_capacity(self.file.len());
        let mut at = 0;
        // The view reads the page in column order, the file in the
        // engine's: the words are written in the file's order.
        let mut changed: Vec<(&Token, Vec<(Range<usize>, String)>)> = self.tokens.iter().zip(changes).filter(|(_, e)| !e.is_empty()).collect();
        changed.sort_by_key(|(t, _)| t.file.start);
        for (t, mut edits) in changed {
            let mut text = self.view[t.view.clone()].to_string();
            edits.sort_by_key(|(r, _)| (r.start, r.end));
            for (r, new) in edits.into_iter().rev() {
                text.replace_range(r, &new);
            }
            out.push_str(&self.file[at..t.file.start]);
            out.push_str(&escape_text(&text, t.escape));
            at = t.file.end;
        }
        out.push_str(&self.file[at..]);
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALTO: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<alto xmlns="http://www.loc.gov/standards/alto/ns-v3#">
<Layout><Page ID="p1" WIDTH="900" HEIGHT="400"><PrintSpace>
<TextBlock ID="b0" HPOS="40" VPOS="30" WIDTH="300" HEIGHT="44">
<TextLine ID="l0" HPOS="40" VPOS="30" WIDTH="300" HEIGHT="44"><String ID="s0" CONTENT="城乡" HPOS="40" VPOS="30" WIDTH="80" HEIGHT="44"/><SP WIDTH="9"/><String ID="s1" CONTENT="公交" HPOS="130" VPOS="30" WIDTH="80" HEIGHT="44"/></TextLine>
</TextBlock>
<TextBlock ID="b1" HPOS="40" VPOS="110" WIDTH="360" HEIGHT="60">
<TextLine ID="l1" HPOS="40" VPOS="110" WIDTH="360" HEIGHT="24"><String ID="s2" CONTENT="送上贴心" HPOS="40" VPOS="110" WIDTH="96" HEIGHT="24"/><String ID="s3" CONTENT="贴心的服务，" HPOS="136" VPOS="110" WIDTH="144" HEIGHT="24"/></TextLine>
<TextLine ID="l2" HPOS="40" VPOS="146" WIDTH="360" HEIGHT="24"><String ID="s4" CONTENT="A&amp;B 公司" HPOS="40" VPOS="146" WIDTH="96" HEIGHT="24"/></TextLine>
</TextBlock>
</PrintSpace></Page></Layout></alto>
"#;

    #[test]
    fn alto_reads_into_blocks_with_large_type_as_a_heading() {
        assert_eq!(detect(ALTO.as_bytes()), Some(OcrFormat::Alto));
        let doc = read(OcrFormat::Alto, ALTO.to_string()).unwrap();
        assert_eq!(doc.view, "# 城乡公交\n\n送上贴心贴心的服务，A&B 公司\n");
        // Every character points into its word in the file.
        let offsets = doc.offsets();
        let at = |needle: &str| offsets[doc.view[..doc.view.find(needle).unwrap()].chars().count()].1 as usize;
        assert!(ALTO[at("服务")..].starts_with("服务"));
        assert!(ALTO[at("B 公司")..].starts_with("B 公司"));
        assert!(ALTO[at("&B")..].starts_with("&amp;B"));
    }

    #[test]
    fn a_repair_rewrites_only_the_words_it_changes() {
        let doc = read(OcrFormat::Alto, ALTO.to_string()).unwrap();
        assert_eq!(doc.write_back(&doc.view).unwrap(), ALTO);
        // A doubled word across two String elements, and a character.
        let repaired = doc.view.replace("贴心贴心", "贴心").replace("服务", "服物").replace("A&B", "A&C");
        let out = doc.write_back(&repaired).unwrap();
        // Byte offsets in the original file of what changed.
        let bytes: Vec<usize> = ALTO.char_indices().map(|(i, _)| i).chain([ALTO.len()]).collect();
        let changed: Vec<(usize, usize)> = similar::TextDiff::from_chars(ALTO, &out).ops().iter().filter(|o| o.tag() != similar::DiffTag::Equal).map(|o| (bytes[o.old_range().start], bytes[o.old_range().end])).collect();
        assert!(!changed.is_empty());
        let again = read(OcrFormat::Alto, out.clone()).unwrap();
        assert_eq!(again.view, repaired);
        // Nothing outside the CONTENT values changed.
        for (a, _) in changed {
            let open = ALTO[..a].rfind("CONTENT=\"").unwrap();
            assert!(!ALTO[open + 9..a].contains('"'), "a change outside a CONTENT value at {a}");
        }
        // A join's blank line is not the words': left alone, not an error.
        assert_eq!(doc.write_back(&doc.view.replacen("\n\n", "", 1)).unwrap(), ALTO);
        // A moved run cannot be written into words.
        assert!(doc.write_back(&doc.view.replace("# 城乡公交\n\n", "").replace("公司", "公司城乡公交")).is_err());
    }

    #[test]
    fn hocr_words_and_paddle_lines() {
        let hocr = "<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\"><head><meta name='ocr-system' content='tesseract 5.3.0'/></head><body><div class='ocr_page' title='bbox 0 0 900 400'>\
            <p class='ocr_par' title='bbox 0 0 10 10'><span class='ocr_line' title='bbox 40 110 400 134; x_size 24'><span class='ocrx_word' title='bbox 1 1 2 2'>送上</span><span class='ocrx_word' title='bbox 1 1 2 2'>贴心&amp;的</span></span></p></div></body></html>";
        assert_eq!(detect(hocr.as_bytes()), Some(OcrFormat::Hocr));
        let doc = read(OcrFormat::Hocr, hocr.to_string()).unwrap();
        assert_eq!(doc.view, "送上贴心&的\n");
        let out = doc.write_back("送上贴心&地\n").unwrap();
        assert_eq!(out, hocr.replace("贴心&amp;的", "贴心&amp;地"));

        // Two columns read across: put back in column order, a paragraph
        // ending where a line stops short.
        let paddle = r#"{"res": {"rec_texts": ["标题", "第一栏第一行文字", "第二栏第一行文字", "第一栏第二行", "第二栏第二行文字"],
            "rec_polys": [[[10,0],[200,0],[200,40],[10,40]], [[10,60],[170,60],[170,80],[10,80]], [[210,60],[370,60],[370,80],[210,80]], [[10,90],[130,90],[130,110],[10,110]], [[210,90],[370,90],[370,110],[210,110]]]}}"#;
        assert_eq!(detect(paddle.as_bytes()), Some(OcrFormat::Paddle));
        let doc = read(OcrFormat::Paddle, paddle.to_string()).unwrap();
        assert_eq!(doc.view, "# 标题\n\n第一栏第一行文字第一栏第二行\n\n第二栏第一行文字第二栏第二行文字\n");
        let out = doc.write_back(&doc.view.replace("第二行文字", "第二行文学")).unwrap();
        assert_eq!(out, paddle.replace("第二栏第二行文字", "第二栏第二行文学"));
    }

    #[test]
    fn repairs_are_written_in_the_files_order_whatever_the_reading_order() {
        // The file gives the right-hand column first; the view reads the
        // left one first. Two repairs out of the file's order once panicked.
        let file = "<html><body><div class='ocr_page'>\n<span class='ocr_line' id='r' title='bbox 500 30 800 54; x_size 24'><span class='ocrx_word' id='w2' title='bbox 500 30 800 54'>通过通过对接工作。</span></span>\n<span class='ocr_line' id='l' title='bbox 40 30 340 54; x_size 24'><span class='ocrx_word' id='w1' title='bbox 40 30 340 54'>走到到基层一线</span></span>\n</div></body></html>\n";
        let doc = read(OcrFormat::Hocr, file.to_string()).unwrap();
        assert!(doc.view.find("走到").unwrap() < doc.view.find("通过").unwrap(), "{}", doc.view);
        let out = doc.write_back(&doc.view.replace("走到到", "走到").replace("通过通过", "通过")).unwrap();
        assert_eq!(out, file.replace("走到到", "走到").replace("通过通过", "通过"));
    }

    #[test]
    fn an_emptied_word_keeps_its_place_on_the_line() {
        // A repair that removes a word's text leaves `<span …></span>`: read
        // again, the line is still one line (the gap where the word was is
        // no gutter), so the view and the reading order stay as they were.
        let word = |id: &str, x: u32, text: &str| format!("<span class='ocrx_word' id='{id}' title='bbox {x} 30 {} 54'>{text}</span>", x + 40);
        let line = |middle: &str| format!("<html><body><div class='ocr_page'>\n<span class='ocr_line' id='l' title='bbox 40 30 180 54; x_size 24'>{}{}{}</span>\n</div></body></html>\n", word("w1", 40, "走到"), word("w2", 80, middle), word("w3", 140, "基层"));
        let before = read(OcrFormat::Hocr, line("走到")).unwrap();
        let after = read(OcrFormat::Hocr, line("")).unwrap();
        assert_eq!(after.view, "走到基层\n");
        assert_eq!(after.regions, before.regions);
    }

    #[test]
    fn malformed_documents_are_errors_with_a_position() {
        let bad = ALTO.replace("</TextLine>\n</TextBlock>\n<TextBlock ID=\"b1\"", "</TextBlock>\n<TextBlock ID=\"b1\"");
        let e = read(OcrFormat::Alto, bad).unwrap_err();
        assert!(e.message.contains("malformed XML"), "{e:?}");
        assert!(e.offset > 0);
        let e = read(OcrFormat::Paddle, "{\"rec_texts\": [\"a\", }".into()).unwrap_err();
        assert!(e.message.contains("malformed JSON"), "{e:?}");
    }
}
