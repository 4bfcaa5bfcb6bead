//! The page model: a page file parsed into blocks with byte spans into the
//! original text, each classified by the role it plays in the layout.
//!
//! A block is a run of non-blank lines. Classification looks at the block
//! itself and its neighbours only (a `##` line is a kicker when a `#` title
//! follows it); grouping blocks into articles is `article`'s job.

use crate::input::Source;
use crate::jumpline::{self, JumpLine};
use crate::text;
use std::ops::Range;

/// The role a block plays on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    /// `# 标题`, or a `## 标题` that no `#` title follows.
    Title,
    /// `## 浙江省政府给予18人记功奖励` just before a `#` title.
    Kicker,
    /// `## ——我省锻造坚强有力的省直机关基层党组织` after a title.
    Subtitle,
    /// `### 循迹溯源学思想` inside an article.
    Subhead,
    /// `本报记者 万笑影 通讯员 谭狄枫`.
    Byline,
    /// `图为……` right after a title: a photo item.
    Caption,
    /// A block that is only a jump line: `（下转第二版）`.
    JumpLine,
    /// An HTML comment, such as the opt-out marker `<!-- jiaodui-ignore -->`.
    Comment,
    /// The page's running header: `人民日报 1998年1月10日 第二版`.
    PageHeader,
    /// A piece of a body paragraph.
    Body,
}

impl BlockKind {
    /// Headings and bylines: blocks that never join body text.
    pub fn is_heading(self) -> bool {
        matches!(self, BlockKind::Title | BlockKind::Kicker | BlockKind::Subtitle | BlockKind::Subhead | BlockKind::Byline)
    }
}

/// One block of a page.
#[derive(Debug, Clone)]
pub struct Block {
    pub kind: BlockKind,
    /// The whole block, from its first non-blank character to its last.
    pub span: Range<usize>,
    /// The text that belongs in a paragraph or title: markup (`# `) and jump
    /// lines removed, trimmed.
    pub content: Range<usize>,
    /// A head jump line at the end of the block (or the whole block, for `JumpLine`).
    pub jump_head: Option<JumpLine>,
    /// A continuation jump line at the start of the block.
    pub jump_continuation: Option<JumpLine>,
    /// Marked not to be touched (`<!-- jiaodui-ignore -->` before it, or
    /// `<!-- jiaodui-ignore-file -->` anywhere on the page).
    pub ignored: bool,
}

/// A parsed page.
#[derive(Debug, Clone)]
pub struct Page {
    pub source: Source,
    pub blocks: Vec<Block>,
    /// The page number its running header prints, if it has one.
    pub header_number: Option<u32>,
    /// Problems with the page's markup worth telling (a misplaced marker).
    pub warnings: Vec<String>,
    /// The script the page is written in, if it has characters of only one.
    pub script: Option<crate::script::Script>,
}

impl Page {
    pub fn parse(source: Source) -> Page {
        let mut blocks = parse_blocks(&source.text);
        let header_number = blocks.iter().position(|b| b.kind != BlockKind::Comment).and_then(|i| {
            let n = header_page_number(&source.text[blocks[i].span.clone()])?;
            blocks[i].kind = BlockKind::PageHeader;
            Some(n)
        });
        let warnings = misplaced_markers(&source.text, &blocks);
        let script = crate::script::of_text(&source.text);
        Page { source, blocks, header_number, warnings, script }
    }

    pub fn text(&self) -> &str {
        &self.source.text
    }

    /// The block's content text (no markup, no jump line).
    pub fn content(&self, i: usize) -> &str {
        &self.source.text[self.blocks[i].content.clone()]
    }

    /// The block as printed.
    pub fn raw(&self, i: usize) -> &str {
        &self.source.text[self.blocks[i].span.clone()]
    }

    /// The lines of block `i` as blocks of their own, each classified as a
    /// page's blocks are: for a block whose lines the layout put out of
    /// order (columns read across), so that they can be moved one by one.
    pub fn line_blocks(&self, i: usize) -> Vec<Block> {
        let span = self.blocks[i].span.clone();
        let text = self.text();
        let mut spans = Vec::new();
        let mut at = span.start;
        for line in text[span.clone()].split_inclusive('\n') {
            let body = line.trim_end_matches(['\n', '\r']);
            let trimmed = body.trim_matches(text::is_blank);
            if !trimmed.is_empty() {
                let lead = body.len() - body.trim_start_matches(text::is_blank).len();
                spans.push(at + lead..at + lead + trimmed.len());
            }
            at += line.len();
        }
        let raws: Vec<&str> = spans.iter().map(|s| &text[s.clone()]).collect();
        (0..spans.len()).map(|k| classify(raws[k], spans[k].start, k.checked_sub(1).map(|p| raws[p]), raws.get(k + 1).copied())).collect()
    }
}

/// The opt-out markers: the block after `IGNORE_NEXT`, and every block of a
/// page holding `IGNORE_FILE`, are left exactly as they are.
pub const IGNORE_NEXT: &str = "<!-- jiaodui-ignore -->";
pub const IGNORE_FILE: &str = "<!-- jiaodui-ignore-file -->";

/// An opt-out marker that shares its block with text does nothing: say so.
fn misplaced_markers(text: &str, blocks: &[Block]) -> Vec<String> {
    let mut out = Vec::new();
    for b in blocks.iter().filter(|b| b.kind != BlockKind::Comment) {
        let raw = &text[b.span.clone()];
        for marker in [IGNORE_NEXT, IGNORE_FILE] {
            if let Some(at) = raw.find(marker) {
                let line = text[..b.span.start + at].matches('\n').count() + 1;
                out.push(format!("line {line}: `{marker}` has no blank line after it, so it marks nothing; put it in a block of its own"));
            }
        }
    }
    out
}

/// Split into blocks and classify them.
pub fn parse_blocks(text: &str) -> Vec<Block> {
    let spans = block_spans(text);
    let raws: Vec<&str> = spans.iter().map(|s| &text[s.clone()]).collect();
    let ignore_all = raws.iter().any(|r| r.trim() == IGNORE_FILE);
    let mut blocks: Vec<Block> = Vec::with_capacity(spans.len());
    for (i, span) in spans.iter().enumerate() {
        let raw = raws[i];
        let prev = i.checked_sub(1).map(|p| raws[p]);
        let next = raws.get(i + 1).copied();
        let mut block = classify(raw, span.start, prev, next);
        block.ignored = ignore_all || prev.is_some_and(|p| p.trim() == IGNORE_NEXT);
        blocks.push(block);
    }
    blocks
}

/// Byte spans of the runs of non-blank lines, trimmed.
fn block_spans(text: &str) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    let mut current: Option<Range<usize>> = None;
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let start = pos;
        pos += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        if body.chars().all(text::is_blank) {
            if let Some(span) = current.take() {
                spans.push(span);
            }
            continue;
        }
        let lead = body.len() - body.trim_start_matches(text::is_blank).len();
        let end = start + body.trim_end_matches(text::is_blank).len();
        match &mut current {
            Some(span) => span.end = end,
            None => current = Some(start + lead..end),
        }
    }
    spans.extend(current);
    spans
}

fn heading_level(raw: &str) -> Option<(usize, usize)> {
    let hashes = raw.bytes().take_while(|&b| b == b'#').count();
    if hashes == 0 || hashes > 6 {
        return None;
    }
    let rest = &raw[hashes..];
    let trimmed = rest.trim_start();
    if trimmed.len() == rest.len() && !rest.is_empty() {
        return None; // `#hashtag`, not a heading
    }
    Some((hashes, raw.len() - trimmed.len()))
}

fn classify(raw: &str, offset: usize, prev: Option<&str>, next: Option<&str>) -> Block {
    let whole = offset..offset + raw.len();
    let mk = |kind, content: Range<usize>| Block {
        kind,
        span: whole.clone(),
        content: offset + content.start..offset + content.end,
        jump_head: None,
        jump_continuation: None,
        ignored: false,
    };
    if raw.starts_with("<!--") && raw.ends_with("-->") {
        return mk(BlockKind::Comment, 0..raw.len());
    }
    if let Some((level, body_start)) = heading_level(raw) {
        let body = &raw[body_start..];
        let kind = match level {
            1 => BlockKind::Title,
            2 if body.starts_with('—') || body.starts_with("--") => BlockKind::Subtitle,
            2 if next.and_then(heading_level).is_some_and(|(l, _)| l == 1) => BlockKind::Kicker,
            2 => BlockKind::Title,
            _ => BlockKind::Subhead,
        };
        return mk(kind, body_start..raw.len());
    }
    let may_jump = jumpline::names_a_page(raw);
    if let Some(m) = may_jump.then(|| jumpline::whole(raw)).flatten() {
        let shifted = JumpLine { span: m.span.start + offset..m.span.end + offset, ..m };
        let mut b = mk(BlockKind::JumpLine, 0..raw.len());
        match shifted.direction {
            jumpline::JumpDirection::Head => b.jump_head = Some(shifted),
            jumpline::JumpDirection::Continuation => b.jump_continuation = Some(shifted),
        }
        return b;
    }
    let mut content = 0..raw.len();
    let jump_continuation = may_jump.then(|| jumpline::leading_continuation(raw)).flatten().map(|m| {
        content.start = m.span.end;
        JumpLine { span: m.span.start + offset..m.span.end + offset, ..m }
    });
    let jump_head = may_jump.then(|| jumpline::trailing_head(&raw[content.clone()])).flatten().map(|m| {
        let m = JumpLine { span: m.span.start + content.start..m.span.end + content.start, ..m };
        content.end = m.span.start;
        JumpLine { span: m.span.start + offset..m.span.end + offset, ..m }
    });
    // A byline never jumps: a block with a jump marker in it is text
    // (`新华社日内瓦１月２８日电（记者李立）世贸组织敦促日本（转第四版）`).
    if jump_head.is_none() && jump_continuation.is_none() && is_byline(raw) {
        return mk(BlockKind::Byline, 0..raw.len());
    }
    if raw.starts_with("图为") && prev.and_then(heading_level).is_some() {
        return mk(BlockKind::Caption, 0..raw.len());
    }
    // Trim what the markers left around the content.
    let inner = &raw[content.clone()];
    let trimmed = inner.trim_matches(text::is_blank);
    if trimmed.is_empty() {
        // Nothing but jump lines (`（上接第二版）` over `（续第三版）`): a jump-line
        // block that carries both.
        let at = content.start;
        return Block { jump_head, jump_continuation, ..mk(BlockKind::JumpLine, at..at) };
    }
    let lead = inner.len() - inner.trim_start_matches(text::is_blank).len();
    content = content.start + lead..content.start + lead + trimmed.len();
    Block { jump_head, jump_continuation, ..mk(BlockKind::Body, content) }
}

/// The page number of a running header line such as `人民日报 1998年1月10日
/// 星期六 第二版` or `第3版 要闻`: one short line with `第…版` outside
/// brackets (a bracketed one is a jump line) and no sentence punctuation.
pub fn header_page_number(raw: &str) -> Option<u32> {
    if raw.contains('\n') || raw.chars().count() > 40 || raw.starts_with('#') || !jumpline::find_all(raw).is_empty() {
        return None;
    }
    if raw.chars().any(|c| matches!(c, '，' | '。' | '：' | '；' | '！' | '？')) {
        return None;
    }
    // The first `第N版`, N of one to three numerals, spaces allowed around it.
    raw.match_indices('第')
        .find_map(|(at, _)| {
        let rest = raw[at + '第'.len_utf8()..].trim_start();
        let digits = rest.chars().take_while(|&c| text::is_small_numeral(c)).take(4).count();
        if !(1..=3).contains(&digits) {
            return None;
        }
        let end = rest.chars().take(digits).map(char::len_utf8).sum::<usize>();
        rest[end..].trim_start().starts_with('版').then(|| jumpline::parse_number(&rest[..end]))
    })
    .flatten()
}

/// `本报记者 万笑影 通讯员 谭狄枫 吴雯雯`, `新华社记者 王某`, `本报通讯员 汤裕松`:
/// a short line of roles and names with no sentence punctuation. An opening
/// such as `本报讯（记者 王某某）` starts a paragraph instead.
fn is_byline(raw: &str) -> bool {
    const ROLES: [&str; 8] = ["记者", "通讯员", "特约撰稿人", "撰稿人", "摄影", "特派", "实习生", "见习记者"];
    const ORGS: [&str; 6] = ["本报", "新华社", "中新社", "人民日报", "特约", "驻"];
    let chars = raw.chars().count();
    if chars > 40 || raw.contains('\n') || raw.contains("本报讯") {
        return false;
    }
    if raw.chars().any(|c| matches!(c, '，' | '。' | '；' | '！' | '？' | '：' | '、' | ',' | '“' | '”')) {
        return false;
    }
    // A dispatch's dateline with anything after it is the story's first
    // line, cut by the column: the story's first words after its credit
    // (`新华社东京１月２９日电（记者某某）日本`), a credit without brackets
    // (`本报广州２月３日电记者` + `张华报道：……`), or one cut inside its
    // brackets (`……日电（记者王`), which no byline leaves open.
    if crate::text::dateline_chars(raw).is_some_and(|n| raw.chars().skip(n).any(|c| !c.is_whitespace())) {
        return false;
    }
    if raw.matches(['（', '(']).count() > raw.matches(['）', ')']).count() {
        return false;
    }
    let starts_with_org = ORGS.iter().any(|o| raw.starts_with(o));
    let has_role = ROLES.iter().any(|r| raw.contains(r));
    // After a leading role come names (of two to four characters, or
    // transliterated with `·`), not a sentence (`记者近日从省里获悉`).
    let names_after = |role: &str| {
        raw.strip_prefix(role).is_some_and(|rest| rest.split(|c: char| c.is_whitespace() || matches!(c, '、' | '·' | '•')).all(|name| name.chars().count() <= 4))
    };
    (starts_with_org && has_role) || ROLES.iter().any(|r| names_after(r))
}

#[cfg(test)]
mod tests {
    use super::*;
    use BlockKind::*;

    fn kinds(text: &str) -> Vec<(BlockKind, String)> {
        parse_blocks(text)
            .into_iter()
            .map(|b| (b.kind, text[b.content].to_string()))
            .collect()
    }

    #[test]
    fn seed_page_head() {
        let text = "\n\n# 点燃“红色引擎” 激发强劲动力\n\n## ——我省锻造坚强有力的省直机关基层党组织\n\n本报记者 万笑影 通讯员 谭狄枫 吴雯雯\n\n党的力量来自组织。\n\n### 循迹溯源学思想\n";
        assert_eq!(
            kinds(text),
            vec![
                (Title, "点燃“红色引擎” 激发强劲动力".into()),
                (Subtitle, "——我省锻造坚强有力的省直机关基层党组织".into()),
                (Byline, "本报记者 万笑影 通讯员 谭狄枫 吴雯雯".into()),
                (Body, "党的力量来自组织。".into()),
                (Subhead, "循迹溯源学思想".into()),
            ]
        );
    }

    #[test]
    fn table() {
        let cases: &[(&str, &[BlockKind])] = &[
            ("## 浙江省政府给予18人记功奖励\n\n# 跳桥救人小哥彭清林等，一等功！", &[Kicker, Title]),
            ("## 海盐构建“一分钟充电服务圈”\n\n本报讯（见习记者 许钟予）“公共充电桩…", &[Title, Body]),
            ("# “小哥之夜”颁奖礼桐庐举行\n\n\n\n图为“小哥之夜·榜样力量”颁奖典礼现场。", &[Title, Caption]),
            ("图为节日的北京，欢乐祥和。", &[Body]),
            ("本报通讯员 汤裕松", &[Byline]),
            ("新华社记者 王连志 杨元勇", &[Byline]),
            ("本报讯（记者 王逸群）为大力弘扬社会正气", &[Body]),
            ("本报记者近日从省政府获悉，今年以来全省财政收入增长较快。", &[Body]),
            // Written for this test: a column cut a story's first line.
            ("记者昨天从市交通局", &[Body]),
            ("记者 王连志 杨元勇", &[Byline]),
            ("记者王连志", &[Byline]),
            ("摄影 阿卜杜拉·买买提", &[Byline]),
            ("新华社广州２月３日电（记者张华）全省", &[Body]),
            ("新华社广州二月三日电（记者张", &[Body]),
            ("本报广州２月３日电记者", &[Body]),
            ("本报广州２月３日讯记者张华", &[Body]),
            ("新华社记者 王连志", &[Byline]),
            ("（下转三版）", &[JumpLine]),
            ("（紧接第一版）", &[JumpLine]),
            ("#话题 不是标题", &[Body]),
            ("１８７５年，德国党内的革命派", &[Body]),
            ("<!-- jiaodui-ignore -->\n\n走到基层一线，通", &[Comment, Body]),
        ];
        for (text, want) in cases {
            let got: Vec<BlockKind> = parse_blocks(text).iter().map(|b| b.kind).collect();
            assert_eq!(&got, want, "{text}");
        }
    }

    #[test]
    fn page_header_numbers() {
        for (line, n) in [("人民日报 1998年1月10日 星期六 第二版", Some(2)), ("第3版 要闻", Some(3)), ("第１２版", Some(12)), ("第 十二 版 国际", Some(12)), ("第1234版 第五版", Some(5))] {
            assert_eq!(header_page_number(line), n, "{line}");
        }
        for line in ["（下转第二版）", "# 第二版", "他在第二版发表文章，引起关注。", "第二期 版面", "第〇版"] {
            assert_eq!(header_page_number(line), None, "{line}");
        }
        let page = Page::parse(Source::from_bytes("x.md", "人民日报 第三版\n\n# 标题\n\n正文。".as_bytes().to_vec()).unwrap());
        assert_eq!((page.header_number, page.blocks[0].kind), (Some(3), PageHeader));
    }

    #[test]
    fn ignore_markers() {
        let blocks = parse_blocks("走到基层一线，通\n\n<!-- jiaodui-ignore -->\n\n过对接工作。\n\n下一段。");
        assert_eq!(blocks.iter().map(|b| b.ignored).collect::<Vec<_>>(), vec![false, false, true, false]);
        let blocks = parse_blocks("甲。\n\n<!-- jiaodui-ignore-file -->\n\n乙。");
        assert!(blocks.iter().all(|b| b.ignored));
    }

    #[test]
    fn jump_lines_inside_blocks() {
        let text = "自参加工作，一直没有得到回（下转第4版）\n\n（接第一版）音。而山东亲人来信给她";
        let blocks = parse_blocks(text);
        assert_eq!(&text[blocks[0].content.clone()], "自参加工作，一直没有得到回");
        assert!(blocks[0].jump_head.is_some());
        assert_eq!(&text[blocks[1].content.clone()], "音。而山东亲人来信给她");
        assert!(blocks[1].jump_continuation.is_some());
    }

    #[test]
    fn a_dateline_that_jumps_is_text_not_a_byline() {
        // Written for this test: the story's first words end in its jump.
        let text = "新华社开罗３月２日电（记者王立）埃及政府今天宣布（转第四版）";
        let blocks = parse_blocks(text);
        assert_eq!(blocks[0].kind, Body);
        assert!(blocks[0].jump_head.is_some());
        assert_eq!(&text[blocks[0].content.clone()], "新华社开罗３月２日电（记者王立）埃及政府今天宣布");
    }

    #[test]
    fn a_block_of_two_jump_lines() {
        for text in ["（上接第二版）\n（续第三版）\n", "〔紧接12面）\n（ 续十页〕", "[接第五页】\n【续1页]", "（上接第二版）\n\u{3000}\n（续第三版）"] {
            let blocks = parse_blocks(text);
            for b in &blocks {
                assert!(b.content.start <= b.content.end && b.content.end <= text.len(), "{text:?}: {b:?}");
                let _ = &text[b.content.clone()];
            }
        }
        let blocks = parse_blocks("（上接第二版）\n（续第三版）\n");
        assert_eq!(blocks.len(), 1);
        assert_eq!(blocks[0].kind, JumpLine);
        assert!(blocks[0].jump_head.is_some() && blocks[0].jump_continuation.is_some());
    }

    #[test]
    fn blank_lines_crlf_bom_and_whitespace() {
        let text = "\u{feff}# 标题\r\n\r\n  \r\n正文第一行\r\n正文第二行。\r\n\r\n";
        let blocks = parse_blocks(text);
        assert_eq!(blocks.len(), 2);
        assert_eq!(&text[blocks[0].content.clone()], "标题");
        assert_eq!(&text[blocks[1].content.clone()], "正文第一行\r\n正文第二行。");
        assert!(parse_blocks("").is_empty());
        assert!(parse_blocks("\n \n\u{3000}\n").is_empty());
    }
}
