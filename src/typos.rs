//! Character errors in body text: words and characters printed twice.
//!
//! Detectors only look at body blocks (headings, bylines and jump lines are
//! never touched) and produce edits with a suggestion and a confidence;
//! `fix` applies only those at or above `--min-confidence`. Precision comes
//! first: reduplications that Chinese uses on purpose (`研究研究`, `天天`,
//! `一个一个`, `雪白雪白`) and anything the lexicon knows as a word stay
//! unflagged.

use crate::edit::{Edit, EditKind, Structure};
use crate::lexicon::Lexicon;
use crate::page::{BlockKind, Page};
use crate::text;
use std::collections::HashSet;
use std::sync::OnceLock;

const REDUPLICATIONS: &str = include_str!("../lexicon/reduplications.tsv");

/// Doubled forms that are correct Chinese.
fn reduplications() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| REDUPLICATIONS.lines().filter_map(|l| l.split('\t').next()).collect())
}

/// A doubled form the lexicon knows this often is a word in its own right
/// (`等等`, `常常`, `人人`).
const WORD_FREQ_FOR_DOUBLE: u64 = 20;

/// Every character error found in the page's body blocks.
pub fn detect(page: &Page, page_index: usize, lex: &Lexicon) -> Vec<Edit> {
    let mut edits = Vec::new();
    for (i, block) in page.blocks.iter().enumerate() {
        if !matches!(block.kind, BlockKind::Body | BlockKind::Caption) {
            continue;
        }
        let base = block.content.start;
        let content = page.content(i);
        let chars: Vec<(usize, char)> = content.char_indices().collect();
        doubled(&chars, content, base, page_index, lex, &mut edits);
    }
    edits
}

/// `贴心贴心` → `贴心`, `数字贸易贸易企业` → `数字贸易企业`, `的的` → `的`.
fn doubled(chars: &[(usize, char)], content: &str, base: usize, page: usize, lex: &Lexicon, out: &mut Vec<Edit>) {
    let n = chars.len();
    let byte_at = |k: usize| if k < n { chars[k].0 } else { content.len() };
    let slice = |a: usize, b: usize| &content[byte_at(a)..byte_at(b)];
    let mut k = 0;
    while k < n {
        let mut found = false;
        // Longest first: a doubled four-character word before a doubled character.
        for len in (1..=4).rev() {
            if k + 2 * len > n || !chars[k..k + 2 * len].iter().all(|&(_, c)| text::is_han(c)) {
                continue;
            }
            let (first, second) = (slice(k, k + len), slice(k + len, k + 2 * len));
            if first != second {
                continue;
            }
            let verdict = if len == 1 {
                doubled_char(chars, k, slice(k, k + 2), lex)
            } else {
                doubled_word(chars, k, len, first, slice(k, k + 2 * len), lex)
            };
            if let Some((confidence, why)) = verdict {
                let kind = if len == 1 { EditKind::DupChar } else { EditKind::DupWord };
                out.push(Edit {
                    kind,
                    page,
                    span: base + byte_at(k + len)..base + byte_at(k + 2 * len),
                    replacement: Some(String::new()),
                    confidence,
                    reason: format!("‘{first}’ is printed twice{why}"),
                    structure: Structure::None,
                });
                k += 2 * len;
                found = true;
                break;
            }
        }
        if !found {
            k += 1;
        }
    }
}

fn doubled_word(chars: &[(usize, char)], k: usize, len: usize, word: &str, doubled: &str, lex: &Lexicon) -> Option<(f64, String)> {
    let freq = lex.word_freq(word)?;
    if reduplications().contains(doubled) || lex.word_freq(doubled).is_some() {
        return None;
    }
    // `一个一个`, `一步一步`: numeral + measure word reduplication.
    if word.starts_with('一') || chars[k].1 == '第' {
        return None;
    }
    // A word whose second copy is really the start of a longer word
    // (`研究研究所`) is left alone.
    let after: String = chars[k + len..].iter().take(len + 2).map(|&(_, c)| c).collect();
    if after.chars().count() > len && lex.word_freq(&after).is_some() {
        return None;
    }
    let confidence = if freq >= 100 { 0.95 } else { 0.85 };
    Some((confidence, format!("; ‘{word}{word}’ is not a reduplication Chinese uses")))
}

fn doubled_char(chars: &[(usize, char)], k: usize, doubled: &str, lex: &Lexicon) -> Option<(f64, String)> {
    if lex.word_freq(doubled).is_some_and(|f| f >= WORD_FREQ_FOR_DOUBLE) || reduplications().contains(doubled) {
        return None;
    }
    // Only function words get printed twice by accident often enough to
    // flag: `的的`, `了了`, `对对`. Content characters double in names and
    // numbers (`八八战略`, `浙里探探`).
    if !is_function_char(chars[k].1, lex) {
        return None;
    }
    // Either copy may belong to a neighbouring word: `目的的实现`, `他的的士`.
    let window = |a: usize, b: usize| -> String { chars[a..b].iter().map(|&(_, c)| c).collect() };
    for w in 2..=4usize {
        if k + 1 >= w && lex.is_word(&window(k + 1 - w, k + 1)) {
            return None;
        }
        if k + 1 + w <= chars.len() && lex.is_word(&window(k + 1, k + 1 + w)) {
            return None;
        }
    }
    Some((0.9, String::new()))
}

/// A one-character particle, preposition, conjunction or adverb (jieba's
/// part-of-speech tags `u…`, `p`, `c`, `d`).
fn is_function_char(c: char, lex: &Lexicon) -> bool {
    let mut buf = [0u8; 4];
    lex.word_pos(c.encode_utf8(&mut buf))
        .is_some_and(|pos| pos.starts_with('u') || matches!(pos, "p" | "c" | "d"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Source;

    fn flags(text: &str) -> Vec<(String, String)> {
        let page = Page::parse(Source::from_bytes("p.md", text.as_bytes().to_vec()).unwrap());
        let lex = Lexicon::embedded();
        detect(&page, 0, &lex)
            .into_iter()
            .map(|e| (text[e.span.clone()].to_string(), e.replacement.unwrap_or_default()))
            .collect()
    }

    #[test]
    fn doubled_words_and_characters() {
        let cases: &[(&str, &[&str])] = &[
            ("通过对接工作、现场破难，送上贴心贴心的“服务大礼包”。", &["贴心"]),
            ("统计显示，全省规上数字贸易贸易企业达318家。", &["贸易"]),
            ("这是一个神奇的的小岛。", &["的"]),
            ("会议提出了了近１５项建议。", &["了"]),
        ];
        for (text, want) in cases {
            let got: Vec<String> = flags(text).into_iter().map(|(s, _)| s).collect();
            assert_eq!(&got, want, "{text}");
        }
    }

    #[test]
    fn correct_text_stays_unflagged() {
        for text in [
            "这个问题我们要研究研究。",
            "他天天坚持锻炼，人人称赞。",
            "一个一个地解决，一步一步往前走。",
            "雪白雪白的墙。",
            "钢铁、发电等等行业。",
            "这是他的的士。",
            "为了实现这个目的的确不容易。",
            "蔡默思却不后悔：“毕竟是一条人命啊！”",
            "毛立忠和毛传林二人的救人行为被确认为见义勇为行为。",
        ] {
            assert_eq!(flags(text), vec![], "{text}");
        }
    }

    #[test]
    fn headings_are_never_flagged() {
        assert_eq!(flags("# 贴心贴心的服务\n\n本报记者 王王\n\n正文。"), vec![]);
    }
}
