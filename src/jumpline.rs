//! Jump lines: `（下转第二版）` at the end of an article's head part and
//! `（紧接第一版）` / `（上接第一版）` at the start of its continuation.
//!
//! This module only recognises a marker in a piece of text and reads its
//! direction and page number; linking heads to continuations is `jumps`.

use regex::Regex;
use std::ops::Range;
use std::sync::OnceLock;

/// Which end of a jumped article a marker sits on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum JumpDirection {
    /// `（下转第二版）`: the article continues on another page.
    Head,
    /// `（紧接第一版）`: this text continues an article from another page.
    Continuation,
}

/// Where the other part of the article is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JumpTarget {
    /// `第二版`, `３版`, `十二版`.
    Page(u32),
    /// `下页`, `上页`: the next or previous page of the issue.
    Adjacent,
}

/// A recognised jump line, with its byte span in the text it was found in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JumpLine {
    pub direction: JumpDirection,
    pub target: JumpTarget,
    pub span: Range<usize>,
}

fn marker_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        // Either bracket may be any of the usual ones, since OCR damages one of
        // them about as often as it reads them right: `（上接第一版】`.
        Regex::new(
            r"[（(【〔\[［{｛〈<]\s*(下转|转至|转到|转|续见|续|上接|紧接|续接|接)\s*(?:(第?\s*([0-9０-９一二三四五六七八九十〇零两]{1,4})\s*(?:版|页|面))|(上页|下页|前页|后页))\s*[）)】〕\]］}｝〉>]",
        )
        .expect("valid jump regex")
    })
}

fn parse_marker(caps: &regex::Captures) -> Option<(JumpDirection, JumpTarget)> {
    let word = caps.get(1)?.as_str();
    let direction = match word {
        "下转" | "转至" | "转到" | "转" | "续见" | "续" => JumpDirection::Head,
        _ => JumpDirection::Continuation,
    };
    let target = if let Some(num) = caps.get(3) {
        JumpTarget::Page(parse_number(num.as_str())?)
    } else {
        JumpTarget::Adjacent
    };
    Some((direction, target))
}

/// Whether `text` could hold a jump line at all: every jump line names a
/// page (`版`, `页`, `面`), so most blocks need no regex.
pub fn names_a_page(text: &str) -> bool {
    text.contains("版") || text.contains("页") || text.contains("面")
}

/// Every jump line in `text`, in order.
pub fn find_all(text: &str) -> Vec<JumpLine> {
    if !names_a_page(text) {
        return Vec::new();
    }
    marker_regex()
        .captures_iter(text)
        .filter_map(|caps| {
            let (direction, target) = parse_marker(&caps)?;
            Some(JumpLine { direction, target, span: caps.get(0)?.range() })
        })
        .collect()
}

/// The text is a jump line and nothing else (apart from whitespace).
pub fn whole(text: &str) -> Option<JumpLine> {
    let trimmed = text.trim();
    let lead = text.len() - text.trim_start().len();
    let found = find_all(trimmed);
    match found.as_slice() {
        [one] if one.span == (0..trimmed.len()) => {
            Some(JumpLine { span: one.span.start + lead..one.span.end + lead, ..one.clone() })
        }
        _ => None,
    }
}

/// A head marker that ends the text: `…一直没有得到回（下转第4版）`.
pub fn trailing_head(text: &str) -> Option<JumpLine> {
    let end = text.trim_end().len();
    find_all(text)
        .into_iter()
        .rev()
        .find(|m| m.span.end == end && m.direction == JumpDirection::Head)
}

/// A continuation marker that starts the text: `（接第一版）音。而山东亲人…`.
pub fn leading_continuation(text: &str) -> Option<JumpLine> {
    let start = text.len() - text.trim_start().len();
    find_all(text)
        .into_iter()
        .find(|m| m.span.start == start && m.direction == JumpDirection::Continuation)
}

/// `一`→1, `十二`→12, `二十`→20, `２`→2, `12`→12.
pub fn parse_number(s: &str) -> Option<u32> {
    let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    if s.is_empty() {
        return None;
    }
    if s.chars().all(crate::text::is_digit) {
        return s.chars().try_fold(0u32, |acc, c| {
            let d = if c.is_ascii_digit() { c as u32 - '0' as u32 } else { c as u32 - '０' as u32 };
            acc.checked_mul(10)?.checked_add(d)
        });
    }
    let digit = |c: char| -> Option<u32> {
        Some(match c {
            '〇' | '零' => 0,
            '一' => 1,
            '二' | '两' => 2,
            '三' => 3,
            '四' => 4,
            '五' => 5,
            '六' => 6,
            '七' => 7,
            '八' => 8,
            '九' => 9,
            _ => return None,
        })
    };
    let chars: Vec<char> = s.chars().collect();
    match chars.iter().position(|&c| c == '十') {
        None if chars.len() == 1 => digit(chars[0]),
        // `一〇` style: positional numerals.
        None => chars.iter().try_fold(0u32, |acc, &c| Some(acc * 10 + digit(c)?)),
        Some(i) => {
            let tens = if i == 0 { 1 } else if i == 1 { digit(chars[0])? } else { return None };
            let ones = match &chars[i + 1..] {
                [] => 0,
                [c] => digit(*c)?,
                _ => return None,
            };
            Some(tens * 10 + ones)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use JumpDirection::*;

    #[test]
    fn standalone_variants() {
        let cases = [
            ("（下转第二版）", Head, 2),
            ("(转第3版)", Head, 3),
            ("【下转３版】", Head, 3),
            ("（下转七版）", Head, 7),
            ("（续第十二版）", Head, 12),
            ("（转二十版）", Head, 20),
            ("（紧接第一版）", Continuation, 1),
            ("（上接第一版】", Continuation, 1),
            ("〔上接第1版）", Continuation, 1),
            ("[上接第一版）", Continuation, 1),
            ("(接第１版】", Continuation, 1),
            ("【接第1版）", Continuation, 1),
            ("（下转第五版】", Head, 5),
            (" （上接第八版） ", Continuation, 8),
        ];
        for (text, dir, page) in cases {
            let m = whole(text).unwrap_or_else(|| panic!("not recognised: {text}"));
            assert_eq!((m.direction, m.target), (dir, JumpTarget::Page(page)), "{text}");
            assert_eq!(&text[m.span.clone()], text.trim());
        }
    }

    #[test]
    fn adjacent_pages() {
        assert_eq!(whole("（转下页）").unwrap().target, JumpTarget::Adjacent);
        assert_eq!(whole("（接上页）").unwrap().direction, Continuation);
    }

    #[test]
    fn appended_and_prefixed() {
        let head = "自参加工作，不知地址，一直没有得到回（下转第4版）";
        let m = trailing_head(head).unwrap();
        assert_eq!(&head[m.span.clone()], "（下转第4版）");
        let cont = "（接第一版）音。而山东亲人来信给她";
        let m = leading_continuation(cont).unwrap();
        assert_eq!((m.span.start, m.target), (0, JumpTarget::Page(1)));
        assert!(trailing_head(cont).is_none());
        assert!(leading_continuation(head).is_none());
    }

    #[test]
    fn not_markers() {
        for text in [
            "本报讯（记者 王逸群）为大力弘扬社会正气",
            "（新华社记者郑焕清摄）",
            "转第二版的消息",
            "（接受采访）",
            "第二版",
        ] {
            assert!(whole(text).is_none(), "{text}");
            assert!(find_all(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn numerals() {
        for (s, n) in [("一", 1), ("十", 10), ("十二", 12), ("二十", 20), ("二十三", 23), ("２", 2), ("12", 12), ("１０", 10), ("两", 2)] {
            assert_eq!(parse_number(s), Some(n), "{s}");
        }
        assert_eq!(parse_number("版"), None);
    }
}
