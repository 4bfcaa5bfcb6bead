//! OCR documents (hOCR, ALTO, PaddleOCR JSON) end to end: read by content,
//! findings that point into the file, articles in column order, and `fix`
//! writing back only the words it repairs. Fixtures: `tests/fixtures/formats/`.

use assert_cmd::Command;
use std::fs;
use std::path::{Path, PathBuf};

fn jiaodui() -> Command {
    Command::cargo_bin("jiaodui").unwrap()
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats").join(name)
}

fn records(out: &std::process::Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

#[test]
fn documents_are_read_by_content_and_findings_point_into_the_file() {
    for name in ["p02.xml", "p02.hocr", "p02.json"] {
        let dir = tempfile::tempdir().unwrap();
        // Named as a text page: the content says what it is.
        let path = dir.path().join(name.replace('.', "_") + ".txt");
        fs::copy(fixture(name), &path).unwrap();
        let out = jiaodui().args(["check", "--format", "json"]).arg(&path).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{name}: {}", String::from_utf8_lossy(&out.stderr));
        let file = fs::read(&path).unwrap();
        let findings = records(&out);
        assert!(findings.iter().any(|f| f["kind"] == "dup_word"), "{name}: the sample's doubled 贴心 is found");
        for f in &findings {
            let original = f["original"].as_str().unwrap();
            let (a, b) = (f["byte_start"].as_u64().unwrap() as usize, f["byte_end"].as_u64().unwrap() as usize);
            // A character finding's bytes are its text in the file (in a
            // word: an attribute value, an element's text, a JSON string).
            let character = ["dup_word", "dup_char", "ocr_confusion", "punctuation"].contains(&f["kind"].as_str().unwrap());
            if character && !original.is_empty() && !original.contains(['&', '<', '"', '\\']) {
                assert_eq!(std::str::from_utf8(&file[a..b]).ok(), Some(original), "{name}: {f}");
            }
        }
    }
}

#[test]
fn paddle_lines_are_read_in_column_order_and_jumps_link_across_pages() {
    let out = jiaodui().arg("articles").arg(fixture("p01.json")).arg(fixture("p02.json")).output().unwrap();
    let recs = records(&out);
    let articles: Vec<&serde_json::Value> = recs.iter().filter(|r| r["type"] == "article").collect();
    let titled = |t: &str| articles.iter().find(|a| a["title"] == t).unwrap_or_else(|| panic!("no article {t}: {articles:?}"));
    // The continued article spans both pages; its paragraphs read whole.
    let bus = titled("城乡公交一体化让群众出行更便捷");
    assert_eq!(bus["pages"], serde_json::json!(["p01.json", "p02.json"]));
    let old_street = titled("老街焕新颜");
    let text = old_street["paragraphs"].as_array().unwrap().iter().map(|p| p.as_str().unwrap()).collect::<String>();
    assert!(text.contains("改造后的老街保留了青石板路和木结构门面"), "{text}");
    assert!(text.contains("让老街既有颜值又有内涵"), "the run printed after another article is moved back: {text}");
}

#[test]
fn fix_writes_back_only_the_words_it_repairs() {
    let words = regex::Regex::new(r#"CONTENT="[^"]*"|>[^<]*</span>|"(?:[^"\\]|\\.)*""#).unwrap();
    let order = regex::Regex::new(r#" IDNEXT="[^"]*"|; order \d+; cflow jiaodui_p\d+"#).unwrap();
    for name in ["p02.xml", "p02.hocr", "p02.json"] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        fs::copy(fixture(name), &path).unwrap();
        let before = fs::read_to_string(&path).unwrap();
        // 0.85 applies the doubled word (0.88) and the punctuation repairs.
        let out = jiaodui().args(["fix", "--min-confidence", "0.85"]).arg(&path).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{name}: {}", String::from_utf8_lossy(&out.stderr));
        let after = fs::read_to_string(&path).unwrap();
        assert_ne!(before, after, "{name}");
        assert_eq!(after.matches("贴心").count() + 1, before.matches("贴心").count(), "{name}: one 贴心 less");
        // Every line that changed differs only inside a word's text (an
        // ALTO CONTENT value, an hOCR word's text, a JSON string) or in the
        // reading order (ALTO v3 `IDNEXT`, hOCR `order` and `cflow`).
        let changed: Vec<(&str, &str)> = before.lines().zip(after.lines()).filter(|(a, b)| a != b).collect();
        assert_eq!(before.lines().count(), after.lines().count(), "{name}");
        assert!(!changed.is_empty());
        for (a, b) in &changed {
            let strip = |l: &str| words.replace_all(&order.replace_all(l, ""), "_").into_owned();
            assert_eq!(strip(a), strip(b), "{name}: more than a word changed:\n{a}\n{b}");
        }
        // The fixed point: a second run changes nothing.
        jiaodui().args(["fix", "--min-confidence", "0.85"]).arg(&path).assert().code(0);
        assert_eq!(fs::read_to_string(&path).unwrap(), after, "{name}");
    }
}

#[test]
fn diff_shows_the_file_as_fix_would_write_it() {
    let out = jiaodui().args(["diff", "--min-confidence", "0.85"]).arg(fixture("p02.xml")).output().unwrap();
    let diff = String::from_utf8_lossy(&out.stdout);
    let removed: Vec<&str> = diff.lines().filter(|l| l.starts_with('-') && !l.starts_with("---")).collect();
    assert!(removed.iter().any(|l| l.contains("贴心")), "{diff}");
    assert!(removed.iter().all(|l| l.contains("<String ") || l.contains("<TextBlock ")), "only word elements and the blocks' reading order change: {diff}");
    let added: Vec<&str> = diff.lines().filter(|l| l.starts_with('+') && !l.starts_with("+++")).collect();
    assert!(added.iter().filter(|l| l.contains("<TextBlock ")).all(|l| l.contains(" IDNEXT=")), "{diff}");
}

#[test]
fn a_malformed_document_is_an_error_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let text = fs::read_to_string(fixture("p02.xml")).unwrap();
    let cut = text.find("</TextBlock>").unwrap();
    fs::write(dir.path().join("p01.xml"), format!("{}</Page>{}", &text[..cut], &text[cut..])).unwrap();
    fs::write(dir.path().join("p02.json"), "{\"rec_texts\": [\"送上贴心贴心的服务。\", ]}").unwrap();
    fs::copy(fixture("p02.hocr"), dir.path().join("p03.hocr")).unwrap();
    // Other XML and JSON in an archive (metadata) are not pages.
    fs::write(dir.path().join("mets.xml"), "<?xml version=\"1.0\"?><mets xmlns=\"http://www.loc.gov/METS/\"/>").unwrap();
    fs::write(dir.path().join("meta.json"), "{\"title\": \"人民日报\"}").unwrap();
    let out = jiaodui().args(["check", "--format", "json"]).arg(dir.path()).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("p01.xml: not a well-formed ALTO file at byte"), "{stderr}");
    assert!(stderr.contains("p02.json: not a well-formed PaddleOCR JSON file at byte"), "{stderr}");
    assert!(!stderr.contains("mets.xml") && !stderr.contains("meta.json"), "{stderr}");
    assert!(records(&out).iter().any(|f| f["path"].as_str().unwrap().ends_with("p03.hocr")), "the readable page is checked");
}

#[test]
fn articles_say_where_each_paragraph_is_on_its_pages() {
    let out = jiaodui().arg("articles").arg(fixture("p01.json")).arg(fixture("p02.json")).output().unwrap();
    let recs = records(&out);
    let bus = recs.iter().find(|r| r["type"] == "article" && r["title"] == "城乡公交一体化让群众出行更便捷").unwrap();
    let regions = bus["regions"].as_array().unwrap();
    assert_eq!(regions.len(), bus["paragraphs"].as_array().unwrap().len());
    // The paragraph cut by the jump has pieces on both pages.
    let pages: std::collections::BTreeSet<&str> = regions.iter().flat_map(|p| p.as_array().unwrap()).map(|r| r["page"].as_str().unwrap()).collect();
    assert_eq!(pages.into_iter().collect::<Vec<_>>(), ["p01.json", "p02.json"]);
    for piece in regions.iter().flat_map(|p| p.as_array().unwrap()) {
        assert!(piece["lines"].as_array().unwrap().iter().all(|l| l.as_str().unwrap().starts_with("rec_texts[")), "{piece}");
        assert_eq!(piece["bbox"].as_array().unwrap().len(), 4, "{piece}");
    }
    // ALTO: the lines' own ids.
    let out = jiaodui().arg("articles").arg(fixture("p02.xml")).output().unwrap();
    let recs = records(&out);
    let ids: Vec<&str> = recs.iter().filter(|r| r["type"] == "article").flat_map(|r| r["regions"].as_array().unwrap()).flat_map(|p| p.as_array().unwrap()).flat_map(|r| r["lines"].as_array().unwrap()).map(|l| l.as_str().unwrap()).collect();
    assert!(!ids.is_empty() && ids.iter().all(|id| id.starts_with("line_")), "{ids:?}");
    let text = fs::read_to_string(fixture("p02.xml")).unwrap();
    assert!(ids.iter().all(|id| text.contains(&format!("<TextLine ID=\"{id}\""))));
    // Text pages carry no regions.
    let out = jiaodui().arg("articles").arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/issue")).output().unwrap();
    assert!(records(&out).iter().all(|r| r.get("regions").is_none()));
}

/// The lines of each paragraph on `page` as `articles` gives them.
fn paragraph_lines(page: &Path) -> Vec<Vec<String>> {
    let out = jiaodui().arg("articles").arg(page).output().unwrap();
    let mut paragraphs = Vec::new();
    for article in records(&out).iter().filter(|r| r["type"] == "article") {
        for pieces in article["regions"].as_array().unwrap() {
            let lines: Vec<String> = pieces.as_array().unwrap().iter().flat_map(|piece| piece["lines"].as_array().unwrap().iter().map(|l| l.as_str().unwrap().to_string())).collect();
            paragraphs.push(lines);
        }
    }
    paragraphs
}

/// Joins and moves on an OCR page are written as reading order: ALTO v4's
/// `ReadingOrder` (a group of line references per paragraph), hOCR's
/// `order` and `cflow` line properties, ALTO v3's `IDNEXT` between whole
/// text blocks; where the format cannot hold the order, `fix` says so and
/// writes the character repairs only. Each paragraph of the order is one
/// that `articles` exports, and a second `fix` changes nothing.
#[test]
fn joins_and_moves_are_written_as_reading_order() {
    let dir = tempfile::tempdir().unwrap();
    // ALTO v4.
    let path = dir.path().join("p01.xml");
    fs::copy(fixture("p01.v4.xml"), &path).unwrap();
    let paragraphs = paragraph_lines(&path);
    jiaodui().arg("fix").arg(&path).assert().code(0);
    let after = fs::read_to_string(&path).unwrap();
    let group = regex::Regex::new(r#"(?s)<OrderedGroup ID="jiaodui_order_\d+">(.*?)</OrderedGroup>"#).unwrap();
    let reference = regex::Regex::new(r#"<ElementRef ID="[^"]+" REF="([^"]+)"/>"#).unwrap();
    let refs: Vec<Vec<String>> = group.captures_iter(&after).map(|g| reference.captures_iter(&g[1]).map(|r| r[1].to_string()).collect()).collect();
    assert!(refs.len() > 5, "{after}");
    let all: Vec<&String> = refs.iter().flatten().collect();
    let unique: std::collections::HashSet<&&String> = all.iter().collect();
    assert_eq!(all.len(), unique.len(), "each element once");
    // A reference is to a line, or to the words of a line the engine read
    // across a gutter: as lines, each group is a paragraph.
    let element = regex::Regex::new(r#"<(TextLine|String) ID="([^"]+)""#).unwrap();
    let mut line_of = std::collections::HashMap::new();
    let mut line = String::new();
    for c in element.captures_iter(&after) {
        if &c[1] == "TextLine" {
            line = c[2].to_string();
        }
        line_of.insert(c[2].to_string(), line.clone());
    }
    let groups: Vec<Vec<String>> = refs
        .iter()
        .map(|g| {
            let mut lines: Vec<String> = g.iter().map(|id| line_of.get(id).unwrap_or_else(|| panic!("{id} is not on the page")).clone()).collect();
            lines.dedup();
            lines
        })
        .collect();
    assert!(groups.iter().any(|g| g.len() > 1), "lines joined into one paragraph");
    for p in &paragraphs {
        assert!(groups.contains(p), "the paragraph {p:?} is one group of the order: {groups:?}");
    }
    let before = fs::read_to_string(fixture("p01.v4.xml")).unwrap();
    let start = after.find("\t<ReadingOrder>").unwrap();
    let end = after.find("</ReadingOrder>\n").unwrap() + "</ReadingOrder>\n".len();
    assert!(before[..start].ends_with('\n') && after[..start] == before[..start], "nothing before the order changes");
    jiaodui().arg("fix").arg(&path).assert().code(0);
    assert_eq!(fs::read_to_string(&path).unwrap(), after, "a second fix changes nothing");
    let content = regex::Regex::new(r#"CONTENT="[^"]*""#).unwrap();
    assert_eq!(content.replace_all(&after[end..], ""), content.replace_all(&before[start..], ""), "after the order, only words change");

    // hOCR: `order` numbers every line of the order once, in order, and
    // `cflow` names its paragraph.
    let path = dir.path().join("p02.hocr");
    fs::copy(fixture("p02.hocr"), &path).unwrap();
    let paragraphs = paragraph_lines(&path);
    jiaodui().arg("fix").arg(&path).assert().code(0);
    let after = fs::read_to_string(&path).unwrap();
    let placed_element = regex::Regex::new(r#"class='(ocr_line|ocrx_word)' id='([^']+)' title=["'][^"']*?(?:; order (\d+); cflow (jiaodui_p\d+))?["']"#).unwrap();
    let mut line = String::new();
    let mut placed: Vec<(usize, String, String)> = Vec::new();
    for c in placed_element.captures_iter(&after) {
        if &c[1] == "ocr_line" {
            line = c[2].to_string();
        }
        if let (Some(order), Some(flow)) = (c.get(3), c.get(4)) {
            placed.push((order.as_str().parse().unwrap(), line.clone(), flow.as_str().to_string()));
        }
    }
    placed.sort();
    assert!(!placed.is_empty());
    assert_eq!(placed.iter().map(|p| p.0).collect::<Vec<_>>(), (1..=placed.len()).collect::<Vec<_>>());
    let mut flows: Vec<Vec<String>> = Vec::new();
    for w in placed.chunk_by(|a, b| a.2 == b.2) {
        let mut lines: Vec<String> = w.iter().map(|p| p.1.clone()).collect();
        lines.dedup();
        flows.push(lines);
    }
    for p in &paragraphs {
        assert!(flows.contains(p), "the paragraph {p:?} is one flow: {flows:?}");
    }
    jiaodui().arg("fix").arg(&path).assert().code(0);
    assert_eq!(fs::read_to_string(&path).unwrap(), after, "a second fix changes nothing");

    // ALTO v3: IDNEXT where the order takes whole blocks; where it does
    // not, a message and the words only.
    let path = dir.path().join("p02.xml");
    fs::copy(fixture("p02.xml"), &path).unwrap();
    jiaodui().arg("fix").arg(&path).assert().code(0);
    let after = fs::read_to_string(&path).unwrap();
    let next = regex::Regex::new(r#"<TextBlock ID="([^"]+)" IDNEXT="([^"]+)""#).unwrap();
    let links: Vec<(String, String)> = next.captures_iter(&after).map(|c| (c[1].to_string(), c[2].to_string())).collect();
    assert!(!links.is_empty());
    for (_, to) in &links {
        assert!(after.contains(&format!("<TextBlock ID=\"{to}\"")), "{to} is a block");
    }
    let path = dir.path().join("p01.xml");
    fs::copy(fixture("p01.xml"), &path).unwrap();
    let out = jiaodui().arg("fix").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("the reading order the repair found is not written into the file: ALTO v3 orders whole text blocks only"), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!fs::read_to_string(&path).unwrap().contains("IDNEXT"));
}
