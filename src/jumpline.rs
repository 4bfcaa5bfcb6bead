//! Jump lines: `（下转第二版）` at the end of an article's head part and
//! `（紧接第一版）` / `（上接第一版）` at the start of its continuation.
//!
//! This module only recognises a marker in a piece of text and reads its
//! direction and page number; linking heads to continuations is `jumps`.

use std::ops::Range;

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

/// Brackets a marker may open and close with: OCR damages one of them about
/// as often as it reads them right (`（上接第一版】`), so either may be any.
const OPEN: [char; 10] = ['（', '(', '【', '〔', '[', '［', '{', '｛', '〈', '<'];
const CLOSE: [char; 10] = ['）', ')', '】', '〕', ']', '］', '}', '｝', '〉', '>'];
/// The marker's verb, tried in this order (a shorter one first where the
/// longer one is also a marker, as in `（续接第二版）`, is harmless: the
/// shorter fails on what follows and the longer is tried).
const VERBS: [&str; 10] = ["下转", "转至", "转到", "转", "续见", "续", "上接", "紧接", "续接", "接"];
const ADJACENT: [&str; 4] = ["上页", "下页", "前页", "后页"];

fn is_numeral(c: char) -> bool {
    crate::text::is_digit(c) || "一二三四五六七八九十〇零两".contains(c)
}

/// A marker read at a byte position: the whole marker, its verb and, for a
/// numbered page, the number's text.
struct Marker<'a> {
    span: Range<usize>,
    verb: &'a str,
    number: Option<&'a str>,
}

/// The marker that starts at byte `start` of `text`, if one does: an opening
/// bracket, a verb, `第N版` (N of one to four numerals; `页` or `面` for
/// `版`, `第` optional) or `上页`-style, a closing bracket, with whitespace
/// allowed between the parts. Written out by hand rather than as a regular
/// expression: compiling that cost a millisecond in every run.
fn marker_at(text: &str, start: usize) -> Option<Marker<'_>> {
    let skip_space = |at: usize| at + (text[at..].len() - text[at..].trim_start().len());
    let rest = &text[start..];
    let open = rest.chars().next().filter(|c| OPEN.contains(c))?;
    let after_open = skip_space(start + open.len_utf8());
    VERBS.iter().find_map(|verb| {
        let mut at = after_open;
        text[at..].starts_with(verb).then_some(())?;
        at = skip_space(at + verb.len());
        let number = if let Some(adjacent) = ADJACENT.iter().find(|a| text[at..].starts_with(**a)) {
            at += adjacent.len();
            None
        } else {
            if text[at..].starts_with('第') {
                at = skip_space(at + '第'.len_utf8());
            }
            let digits_start = at;
            let digits = text[at..].chars().take_while(|&c| is_numeral(c)).take(5).count();
            if !(1..=4).contains(&digits) {
                return None;
            }
            at += text[at..].chars().take(digits).map(char::len_utf8).sum::<usize>();
            let number = &text[digits_start..at];
            at = skip_space(at);
            let unit = text[at..].chars().next().filter(|c| matches!(c, '版' | '页' | '面'))?;
            at += unit.len_utf8();
            Some(number)
        };
        at = skip_space(at);
        let close = text[at..].chars().next().filter(|c| CLOSE.contains(c))?;
        Some(Marker { span: start..at + close.len_utf8(), verb, number })
    })
}

fn direction_and_target(m: &Marker) -> Option<(JumpDirection, JumpTarget)> {
    let direction = match m.verb {
        "下转" | "转至" | "转到" | "转" | "续见" | "续" => JumpDirection::Head,
        _ => JumpDirection::Continuation,
    };
    let target = match m.number {
        Some(num) => JumpTarget::Page(parse_number(num)?),
        None => JumpTarget::Adjacent,
    };
    Some((direction, target))
}

/// Whether `text` could hold a jump line at all: every jump line names a
/// page (`版`, `页`, `面`), so most blocks need no search.
pub fn names_a_page(text: &str) -> bool {
    text.contains("版") || text.contains("页") || text.contains("面")
}

/// Every jump line in `text`, in order.
pub fn find_all(text: &str) -> Vec<JumpLine> {
    if !names_a_page(text) {
        return Vec::new();
    }
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(k) = text[from..].find(OPEN) {
        let start = from + k;
        match marker_at(text, start) {
            Some(m) => {
                // Markers do not overlap: the search goes on after this one,
                // whether or not its page number reads.
                from = m.span.end;
                if let Some((direction, target)) = direction_and_target(&m) {
                    found.push(JumpLine { direction, target, span: m.span });
                }
            }
            None => from = start + text[start..].chars().next().map_or(1, char::len_utf8),
        }
    }
    found
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

    /// The grammar `marker_at` reads, as the regular expression it replaced.
    const MARKER_PATTERN: &str = r"[（(【〔\[［{｛〈<]\s*(下转|转至|转到|转|续见|续|上接|紧接|续接|接)\s*(?:(第?\s*([0-9０-９一二三四五六七八九十〇零两]{1,4})\s*(?:版|页|面))|(上页|下页|前页|后页))\s*[）)】〕\]］}｝〉>]";

    #[test]
    fn the_hand_written_reader_finds_what_the_pattern_finds() {
        // Markers built slot by slot from the grammar, each slot now and then
        // dropped or replaced by a stranger, between random pieces: near
        // misses (five numerals, a missing bracket, a verb that is a prefix
        // of another, full-width spaces) come up often.
        let re = regex::Regex::new(MARKER_PATTERN).unwrap();
        const STRANGERS: [&str; 12] = ["文", "上", "紧", "第", "二", "版", "页", " ", "\u{3000}", "）", "（", "十"];
        let slots: [&[&str]; 8] = [
            &["（", "(", "【", "[", "〈", "<"],
            &["", " ", "\u{3000}"],
            &VERBS,
            &["", " "],
            &["第", "第", "", "上页", "后页"],
            &["二", "十二", "３", "12", "1234", "一二三四五", "两"],
            &["版", "页", "面", " 版"],
            &["）", ")", "】", "]", "〉", ">"],
        ];
        let mut next = crate::testing::numbers(0x9e37_79b9_7f4a_7c15u64);
        let mut markers = 0;
        for _ in 0..20_000 {
            let mut text = String::new();
            for _ in 0..1 + next(3) {
                text.push_str(STRANGERS[next(STRANGERS.len())]);
                for slot in slots {
                    match next(12) {
                        0 => {}
                        1 => text.push_str(STRANGERS[next(STRANGERS.len())]),
                        _ => text.push_str(slot[next(slot.len())]),
                    }
                }
            }
            let expected: Vec<JumpLine> = re
                .captures_iter(&text)
                .filter_map(|caps| {
                    let verb = caps.get(1)?.as_str();
                    let m = Marker { span: caps.get(0)?.range(), verb, number: caps.get(3).map(|n| n.as_str()) };
                    let (direction, target) = direction_and_target(&m)?;
                    Some(JumpLine { direction, target, span: m.span })
                })
                .collect();
            markers += expected.len();
            assert_eq!(find_all(&text), expected, "{text}");
        }
        assert!(markers > 5_000, "the strings should hold markers often: {markers}");
    }

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
