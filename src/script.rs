//! Simplified and traditional script: which one a text is written in, so
//! that a traditional page is never "corrected" into simplified characters
//! (and a simplified page never into traditional ones).
//!
//! A character is *simplified-only* when GB2312 has it and Big5 does not
//! (`来`, `坚`), *traditional-only* when Big5 has it and GB2312 does not
//! (`來`, `堅`), and shared otherwise (`的`, `中`). `build.rs` computes the
//! table from the two character sets.

include!(concat!(env!("OUT_DIR"), "/script_table.rs"));

/// The script a character belongs to only, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Script {
    Simplified,
    Traditional,
}

impl Script {
    pub fn name(self) -> &'static str {
        match self {
            Script::Simplified => "simplified",
            Script::Traditional => "traditional",
        }
    }
}

fn bit(table: &[u64], c: char) -> bool {
    let cp = c as u32;
    if !(FIRST..=LAST).contains(&cp) {
        return false;
    }
    let i = (cp - FIRST) as usize;
    table[i / 64] >> (i % 64) & 1 == 1
}

/// The script only `c` belongs to; `None` for a shared character or anything
/// that is not a CJK ideograph of the two sets.
pub fn of_char(c: char) -> Option<Script> {
    if bit(&SIMPLIFIED_ONLY, c) {
        Some(Script::Simplified)
    } else if bit(&TRADITIONAL_ONLY, c) {
        Some(Script::Traditional)
    } else {
        None
    }
}

/// Characters of each script in `text`: (simplified-only, traditional-only).
pub fn counts(text: &str) -> (usize, usize) {
    let (mut s, mut t) = (0, 0);
    for c in text.chars() {
        match of_char(c) {
            Some(Script::Simplified) => s += 1,
            Some(Script::Traditional) => t += 1,
            None => {}
        }
    }
    (s, t)
}

/// The script `text` is written in: traditional when its traditional-only
/// characters outnumber the simplified-only ones (a simplified page that
/// quotes a traditional name stays simplified; a traditional page with a
/// stray simplified character stays traditional).
pub fn of_text(text: &str) -> Option<Script> {
    match counts(text) {
        (0, 0) => None,
        (s, t) if t > s => Some(Script::Traditional),
        _ => Some(Script::Simplified),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters() {
        for c in ['来', '坚', '这', '们', '国'] {
            assert_eq!(of_char(c), Some(Script::Simplified), "{c}");
        }
        for c in ['來', '堅', '這', '們', '國'] {
            assert_eq!(of_char(c), Some(Script::Traditional), "{c}");
        }
        for c in ['的', '中', '人', 'a', '。'] {
            assert_eq!(of_char(c), None, "{c}");
        }
    }

    #[test]
    fn texts() {
        assert_eq!(of_text("中華民國的報紙，來自臺灣的記者。"), Some(Script::Traditional));
        assert_eq!(of_text("来自台湾的记者说，他读过《聯合報》。"), Some(Script::Simplified));
        assert_eq!(of_text("人民日报"), Some(Script::Simplified));
        assert_eq!(of_text("abc"), None);
    }
}
