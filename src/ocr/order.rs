//! Reading order written back into OCR documents.
//!
//! On an OCR page, jiaodui's joins and moves do not move text between the
//! engine's boxes: they say in what order the page's lines are read and
//! which of them make one paragraph. This module writes that into the file
//! the way its format expresses reading order, and changes nothing else:
//!
//! - **ALTO v4**: a `ReadingOrder` element (before `Layout`) holding one
//!   `OrderedGroup` (ID `jiaodui_order`) with an `OrderedGroup` per
//!   paragraph of `ElementRef`s to its `TextLine`s (to the `String`s of each
//!   part of a line the engine read across a gutter). A group of that ID
//!   already in the file is replaced; other groups are kept as alternatives.
//! - **ALTO v2 and v3** (no `ReadingOrder` element): `IDNEXT` on the text
//!   blocks, which can order whole blocks only; where the order runs across
//!   the engine's blocks it cannot be written, and the caller says so.
//! - **hOCR**: the `order` (place in the page's reading order) and `cflow`
//!   (the paragraph's content flow, `jiaodui_p<k>`) properties of each
//!   line's `title` (each word's, for a line read across a gutter),
//!   replacing earlier ones; element order is left as it is,
//!   since moving lines between the engine's paragraphs would change what
//!   their boxes mean.
//! - **PaddleOCR JSON** has no place for reading order.

use super::{attribute, OcrDocument, OcrFormat};
use std::collections::HashMap;
use std::ops::Range;

/// The ID of the group jiaodui writes into an ALTO `ReadingOrder`.
pub const ORDER_ID: &str = "jiaodui_order";

/// Byte edits of a file: (range, replacement), applied together.
fn apply(file: &str, mut edits: Vec<(Range<usize>, String)>) -> String {
    edits.sort_by_key(|(r, _)| (r.start, r.end));
    let mut out = String::with_capacity(file.len() + edits.iter().map(|e| e.1.len()).sum::<usize>());
    let mut at = 0;
    for (r, text) in edits {
        out.push_str(&file[at..r.start]);
        out.push_str(&text);
        at = r.end;
    }
    out.push_str(&file[at..]);
    out
}

fn xml_error(e: impl std::fmt::Display) -> String {
    format!("the file could not be read again to write the reading order: {e}")
}

impl OcrDocument {
    /// `file` (this document as written back) with `order` written in the
    /// format's way (module docs). `order` is the page's paragraphs in
    /// reading order, each the view's blocks (`regions`) it is made of.
    /// `Err` says why the format cannot hold the order; the caller then
    /// writes `file` as it is.
    pub fn with_reading_order(&self, file: &str, order: &[Vec<usize>]) -> Result<String, String> {
        let mut groups: Vec<Vec<&str>> = Vec::new();
        for paragraph in order {
            let mut ids = Vec::new();
            for &b in paragraph {
                let region = self.regions.get(b).ok_or_else(|| format!("block {b} is not on the page"))?;
                ids.extend(region.refs.iter().map(String::as_str));
            }
            if !ids.is_empty() {
                groups.push(ids);
            }
        }
        if groups.is_empty() {
            return Err("its lines have no IDs to refer to".to_string());
        }
        match self.format {
            OcrFormat::Alto => alto(file, &groups),
            OcrFormat::Hocr => hocr(file, &groups),
            OcrFormat::Paddle => Err("PaddleOCR's JSON has no place for a reading order".to_string()),
        }
    }
}

/// The ALTO namespace version of the root element (2, 3, 4, …), if named.
fn alto_version(file: &str) -> Option<u32> {
    let at = file.find("http://www.loc.gov/standards/alto/ns-v")? + "http://www.loc.gov/standards/alto/ns-v".len();
    file[at..].chars().take_while(char::is_ascii_digit).collect::<String>().parse().ok()
}

fn alto(file: &str, groups: &[Vec<&str>]) -> Result<String, String> {
    match alto_version(file) {
        Some(v) if v >= 4 => alto_reading_order(file, groups),
        _ => alto_idnext(file, groups),
    }
}

/// The `ReadingOrder` group for `groups`, at `indent`.
fn order_group(prefix: &str, groups: &[Vec<&str>], indent: &str) -> String {
    let mut s = format!("<{prefix}OrderedGroup ID=\"{ORDER_ID}\">");
    for (k, ids) in groups.iter().enumerate() {
        s.push_str(&format!("\n{indent}\t<{prefix}OrderedGroup ID=\"{ORDER_ID}_{}\">", k + 1));
        for (m, id) in ids.iter().enumerate() {
            s.push_str(&format!("\n{indent}\t\t<{prefix}ElementRef ID=\"{ORDER_ID}_{}_{}\" REF=\"{id}\"/>", k + 1, m + 1));
        }
        s.push_str(&format!("\n{indent}\t</{prefix}OrderedGroup>"));
    }
    s.push_str(&format!("\n{indent}</{prefix}OrderedGroup>"));
    s
}

/// The white space that starts the line `at` is on.
fn indent_at(file: &str, at: usize) -> &str {
    let line = file[..at].rfind('\n').map_or(0, |i| i + 1);
    let ws = &file[line..at];
    if ws.chars().all(|c| c == ' ' || c == '\t') { ws } else { "" }
}

fn alto_reading_order(file: &str, groups: &[Vec<&str>]) -> Result<String, String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(file);
    // Where `ReadingOrder` starts and ends, where jiaodui's group in it
    // starts and ends, and where `Layout` starts; with the prefix in use.
    let (mut order, mut ours, mut layout): (Option<Range<usize>>, Option<Range<usize>>, Option<usize>) = (None, None, None);
    let mut order_end_tag: Option<usize> = None;
    let mut ours_start: Option<(usize, usize)> = None; // (start, depth)
    let mut depth = 0usize;
    let mut prefix = String::new();
    loop {
        let start = reader.buffer_position() as usize;
        let event = reader.read_event().map_err(xml_error)?;
        let end = reader.buffer_position() as usize;
        match event {
            Event::Start(e) => {
                depth += 1;
                match e.local_name().as_ref() {
                    b"ReadingOrder" => order = Some(start..start),
                    b"OrderedGroup" | b"UnorderedGroup" if order.is_some() && ours.is_none() && ours_start.is_none() && attribute(file, &e, b"ID").is_some_and(|(_, v)| v == ORDER_ID) => {
                        ours_start = Some((start, depth));
                    }
                    b"Layout" if layout.is_none() => {
                        layout = Some(start);
                        let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                        prefix = name.rfind(':').map_or(String::new(), |i| name[..=i].to_string());
                    }
                    _ => {}
                }
            }
            Event::Empty(e) => match e.local_name().as_ref() {
                b"ReadingOrder" => order = Some(start..end),
                b"Layout" if layout.is_none() => layout = Some(start),
                _ => {}
            },
            Event::End(e) => {
                if let Some((s, d)) = ours_start {
                    if d == depth {
                        ours = Some(s..end);
                        ours_start = None;
                    }
                }
                if e.local_name().as_ref() == b"ReadingOrder" {
                    if let Some(r) = &mut order {
                        r.end = end;
                        order_end_tag = Some(start);
                    }
                }
                depth = depth.saturating_sub(1);
            }
            Event::Eof => break,
            _ => {}
        }
        if layout.is_some() && order.as_ref().is_none_or(|r| r.end > r.start) {
            // Nothing the order needs comes after `Layout` starts.
            break;
        }
    }
    let layout = layout.ok_or("it has no Layout element")?;
    if let Some(r) = ours {
        let indent = indent_at(file, r.start).to_string();
        return Ok(apply(file, vec![(r, order_group(&prefix, groups, &indent))]));
    }
    match (order, order_end_tag) {
        (Some(r), Some(close)) => {
            // Another reading order is there: jiaodui's goes beside it.
            let indent = format!("{}\t", indent_at(file, r.start));
            let group = format!("\t{}\n{}", order_group(&prefix, groups, &indent), indent_at(file, r.start));
            Ok(apply(file, vec![(close..close, group)]))
        }
        (Some(r), None) => {
            // An empty `<ReadingOrder/>`.
            let indent = indent_at(file, r.start).to_string();
            let inner = format!("\t{}", order_group(&prefix, groups, &format!("{indent}\t")));
            Ok(apply(file, vec![(r, format!("<{prefix}ReadingOrder>\n{indent}{inner}\n{indent}</{prefix}ReadingOrder>"))]))
        }
        _ => {
            let indent = indent_at(file, layout).to_string();
            let inner = order_group(&prefix, groups, &format!("{indent}\t"));
            Ok(apply(file, vec![(layout..layout, format!("<{prefix}ReadingOrder>\n{indent}\t{inner}\n{indent}</{prefix}ReadingOrder>\n{indent}"))]))
        }
    }
}

/// ALTO v2–v3: `IDNEXT` from each text block to the next, where the order
/// takes the engine's blocks one after another, whole.
fn alto_idnext(file: &str, groups: &[Vec<&str>]) -> Result<String, String> {
    use quick_xml::events::Event;
    struct TextBlock<'a> {
        id: Option<(Range<usize>, &'a str)>,
        idnext: Option<Range<usize>>,
    }
    let mut reader = quick_xml::Reader::from_str(file);
    let mut blocks: Vec<TextBlock> = Vec::new();
    let mut block_of: HashMap<&str, usize> = HashMap::new();
    let mut open: Option<usize> = None;
    loop {
        match reader.read_event().map_err(xml_error)? {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                b"TextBlock" => {
                    blocks.push(TextBlock { id: attribute(file, &e, b"ID"), idnext: attribute(file, &e, b"IDNEXT").map(|(r, _)| r) });
                    open = Some(blocks.len() - 1);
                }
                b"TextLine" | b"String" => {
                    if let (Some(b), Some((_, id))) = (open, attribute(file, &e, b"ID")) {
                        block_of.insert(id, b);
                    }
                }
                _ => {}
            },
            Event::End(e) if e.local_name().as_ref() == b"TextBlock" => open = None,
            Event::Eof => break,
            _ => {}
        }
    }
    // The blocks in the order their lines are read, each once.
    let mut sequence: Vec<usize> = Vec::new();
    for id in groups.iter().flatten() {
        let b = *block_of.get(id).ok_or_else(|| format!("{id} is in no text block"))?;
        if sequence.last() == Some(&b) {
            continue;
        }
        if sequence.contains(&b) {
            return Err(format!(
                "ALTO v{} orders whole text blocks only (IDNEXT), and this order comes back to a block it has left (at {id}); ALTO v4's ReadingOrder could hold it",
                alto_version(file).unwrap_or(2)
            ));
        }
        sequence.push(b);
    }
    // Already in the order the file gives them: nothing to say.
    if sequence.windows(2).all(|w| w[0] < w[1]) {
        return Ok(file.to_string());
    }
    let mut edits = Vec::new();
    for (k, &b) in sequence.iter().enumerate() {
        let next = sequence.get(k + 1).map(|&n| blocks[n].id.as_ref().map(|(_, v)| *v).ok_or("a text block has no ID to point to"));
        match (next.transpose()?, &blocks[b].idnext, &blocks[b].id) {
            (Some(next), Some(r), _) => edits.push((r.clone(), next.to_string())),
            (Some(next), None, Some((r, _))) => edits.push((r.end + 1..r.end + 1, format!(" IDNEXT=\"{next}\""))),
            (Some(_), None, None) => return Err("a text block has no ID".to_string()),
            (None, Some(r), _) => {
                // The last block read: an earlier IDNEXT would say otherwise.
                let attr_start = file[..r.start].rfind("IDNEXT").unwrap_or(r.start);
                let lead = file[..attr_start].len() - file[..attr_start].trim_end().len();
                edits.push((attr_start - lead..r.end + 1, String::new()));
            }
            (None, None, _) => {}
        }
    }
    Ok(apply(file, edits))
}

/// hOCR: `order` and `cflow` in each line's `title`.
fn hocr(file: &str, groups: &[Vec<&str>]) -> Result<String, String> {
    use quick_xml::events::Event;
    let mut place: HashMap<&str, (usize, usize)> = HashMap::new();
    let mut n = 0;
    for (k, ids) in groups.iter().enumerate() {
        for id in ids {
            n += 1;
            place.entry(id).or_insert((n, k + 1));
        }
    }
    let mut reader = quick_xml::Reader::from_str(file);
    reader.config_mut().check_end_names = false;
    let mut edits = Vec::new();
    loop {
        match reader.read_event().map_err(xml_error)? {
            Event::Start(e) | Event::Empty(e) => {
                // A line, or a word of a line the engine read across a gutter;
                // or an element an earlier run placed that this order does not.
                let Some((_, id)) = attribute(file, &e, b"id") else { continue };
                let Some((range, title)) = attribute(file, &e, b"title") else { continue };
                let placed = place.get(id);
                if placed.is_none() && !title.contains("cflow jiaodui_p") {
                    continue;
                }
                let mut props: Vec<&str> = title
                    .split(';')
                    .map(str::trim)
                    .filter(|p| !p.is_empty() && !matches!(p.split_whitespace().next(), Some("order" | "cflow")))
                    .collect();
                let added = placed.map(|&(order, flow)| [format!("order {order}"), format!("cflow jiaodui_p{flow}")]);
                props.extend(added.iter().flatten().map(String::as_str));
                edits.push((range, props.join("; ")));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(apply(file, edits))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Written for this test: two lines in two blocks, in ALTO v4.
    fn alto(prefix: &str, before_layout: &str) -> String {
        let p = prefix;
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<{p}alto xmlns{colon}="http://www.loc.gov/standards/alto/ns-v4#">
	<{p}Description><{p}MeasurementUnit>pixel</{p}MeasurementUnit></{p}Description>
{before_layout}	<{p}Layout><{p}Page ID="p1" WIDTH="900" HEIGHT="400"><{p}PrintSpace>
<{p}TextBlock ID="b0"><{p}TextLine ID="l0" HPOS="40" VPOS="30" WIDTH="300" HEIGHT="24"><{p}String ID="s0" CONTENT="走到基层一线" HPOS="40" VPOS="30" WIDTH="300" HEIGHT="24"/></{p}TextLine></{p}TextBlock>
<{p}TextBlock ID="b1"><{p}TextLine ID="l1" HPOS="500" VPOS="30" WIDTH="300" HEIGHT="24"><{p}String ID="s1" CONTENT="通过对接工作。" HPOS="500" VPOS="30" WIDTH="300" HEIGHT="24"/></{p}TextLine></{p}TextBlock>
</{p}PrintSpace></{p}Page></{p}Layout>
</{p}alto>
"#,
            colon = if p.is_empty() { String::new() } else { format!(":{}", &p[..p.len() - 1]) }
        )
    }

    fn refs(file: &str) -> Vec<&str> {
        file.match_indices("REF=\"").map(|(i, m)| &file[i + m.len()..][..2]).collect()
    }

    #[test]
    fn alto_v4_gets_a_reading_order_before_its_layout_and_keeps_others() {
        for prefix in ["", "alto:"] {
            let file = alto(prefix, "");
            let doc = crate::ocr::read(OcrFormat::Alto, file.clone()).unwrap();
            assert_eq!(doc.regions.len(), 2, "{prefix}");
            let out = doc.with_reading_order(&file, &[vec![1], vec![0]]).unwrap();
            let order = out.find(&format!("<{prefix}ReadingOrder>")).expect("written");
            assert!(order < out.find(&format!("<{prefix}Layout>")).unwrap(), "before Layout");
            assert_eq!(refs(&out), ["l1", "l0"]);
            // Only the order is added.
            let layout = out.find(&format!("<{prefix}Layout>")).unwrap();
            assert_eq!(format!("{}{}", &out[..order], &out[layout..]), file);
            // Written again: the same file; with another order: replaced.
            assert_eq!(doc.with_reading_order(&out, &[vec![1], vec![0]]).unwrap(), out);
            let joined = doc.with_reading_order(&out, &[vec![0, 1]]).unwrap();
            assert_eq!(refs(&joined), ["l0", "l1"]);
            assert_eq!(joined.matches("ReadingOrder>").count(), 2, "one element");
        }
        // A reading order already in the file stays, beside jiaodui's.
        let other = "\t<ReadingOrder>\n\t\t<OrderedGroup ID=\"editor\">\n\t\t\t<ElementRef ID=\"e1\" REF=\"l0\"/>\n\t\t</OrderedGroup>\n\t</ReadingOrder>\n";
        let file = alto("", other);
        let doc = crate::ocr::read(OcrFormat::Alto, file.clone()).unwrap();
        let out = doc.with_reading_order(&file, &[vec![1, 0]]).unwrap();
        assert!(out.contains("<OrderedGroup ID=\"editor\">") && out.contains("<OrderedGroup ID=\"jiaodui_order\">"), "{out}");
        assert_eq!(out.matches("<ReadingOrder>").count(), 1);
        assert_eq!(refs(&out), ["l0", "l1", "l0"]);
        assert_eq!(doc.with_reading_order(&out, &[vec![1, 0]]).unwrap(), out, "the fixed point");
    }

    #[test]
    fn alto_v3_orders_whole_blocks_or_says_why_not() {
        let file = alto("", "").replace("ns-v4#", "ns-v3#");
        let doc = crate::ocr::read(OcrFormat::Alto, file.clone()).unwrap();
        let out = doc.with_reading_order(&file, &[vec![1], vec![0]]).unwrap();
        assert!(out.contains("<TextBlock ID=\"b1\" IDNEXT=\"b0\">"), "{out}");
        assert_eq!(out.replace(" IDNEXT=\"b0\"", ""), file);
        // In the file's order already: nothing to write.
        assert_eq!(doc.with_reading_order(&file, &[vec![0, 1]]).unwrap(), file);
        // An order that leaves a block and comes back cannot be said.
        let file = file.replace(
            "</TextLine></TextBlock>\n<TextBlock ID=\"b1\">",
            "</TextLine><TextLine ID=\"l2\" HPOS=\"40\" VPOS=\"90\" WIDTH=\"300\" HEIGHT=\"24\"><String ID=\"s2\" CONTENT=\"新的一段。\" HPOS=\"40\" VPOS=\"90\" WIDTH=\"300\" HEIGHT=\"24\"/></TextLine></TextBlock>\n<TextBlock ID=\"b1\">",
        );
        let doc = crate::ocr::read(OcrFormat::Alto, file.clone()).unwrap();
        let lines: Vec<&str> = doc.regions.iter().flat_map(|r| r.lines.iter().map(String::as_str)).collect();
        let at = |id: &str| doc.regions.iter().position(|r| r.lines.iter().any(|l| l == id)).unwrap();
        assert_eq!(lines.len(), 3, "{:?}", doc.regions);
        let why = doc.with_reading_order(&file, &[vec![at("l0")], vec![at("l1")], vec![at("l2")]]).unwrap_err();
        assert!(why.contains("orders whole text blocks only"), "{why}");
    }

    #[test]
    fn hocr_lines_get_order_and_flow() {
        let file = "<html><body><div class='ocr_page'>\n<span class='ocr_line' id='a' title='bbox 40 30 340 54; x_size 24'><span class='ocrx_word' id='w1' title='bbox 40 30 340 54'>走到基层一线</span></span>\n<span class='ocr_line' id='b' title='bbox 500 30 800 54; x_size 24'><span class='ocrx_word' id='w2' title='bbox 500 30 800 54'>通过对接工作。</span></span>\n</div></body></html>\n";
        let doc = crate::ocr::read(OcrFormat::Hocr, file.to_string()).unwrap();
        let out = doc.with_reading_order(file, &[vec![1], vec![0]]).unwrap();
        assert!(out.contains("id='b' title='bbox 500 30 800 54; x_size 24; order 1; cflow jiaodui_p1'"), "{out}");
        assert!(out.contains("id='a' title='bbox 40 30 340 54; x_size 24; order 2; cflow jiaodui_p2'"), "{out}");
        let again = doc.with_reading_order(&out, &[vec![0, 1]]).unwrap();
        assert!(again.contains("x_size 24; order 1; cflow jiaodui_p1'><span class='ocrx_word' id='w1'"), "replaced, not added: {again}");
        assert_eq!(again.matches("order ").count(), 2);
        // An element this order does not place loses an earlier run's.
        let stale = out.replace("id='w2' title='bbox 500 30 800 54'", "id='w2' title='bbox 500 30 800 54; order 7; cflow jiaodui_p3'");
        let cleaned = doc.with_reading_order(&stale, &[vec![1], vec![0]]).unwrap();
        assert_eq!(cleaned, out);
    }
}
