//! Messages in Chinese (`--lang zh`), for copy editors who read Chinese
//! first. The stages write their reasons in English, as `;`-separated
//! clauses from a fixed set; this catalog renders each clause in Chinese,
//! keeping the characters, words and figures it quotes. A clause the
//! catalog does not know is kept in English rather than lost (the tests
//! check that every clause the samples and the dev pages produce is known).

use regex::{Captures, Regex};
use std::sync::OnceLock;

/// The language of the messages for people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

/// (English clause pattern, Chinese template with `$1`… for its groups).
const CLAUSES: &[(&str, &str)] = &[
    (r"^block ends mid-sentence$", "段落在句中断开"),
    (r"^a credit printed alone closes the paragraph before it$", "单独成块的署名属于前一段"),
    (r"^the series the paragraph runs inline goes on in the next block$", "段内的逐项列举在下一块中继续"),
    (r"^the clauses the paragraph runs inline with ‘；’ go on in the next block$", "段内以‘；’相连的分句在下一块中继续"),
    (r"^the block fills its column to the last character of its last line: the column's foot cut the paragraph after a full stop$", "本块排满所在栏的最后一行：是栏底在句号后截断了段落"),
    (r"^the block fills its column to the last character of its last line: the column's foot cut the paragraph after a colon$", "本块排满所在栏的最后一行：是栏底在冒号后截断了段落"),
    (r"^its continuation follows other articles$", "其续文排在其他文章之后"),
    (r"^on weak evidence: the block names nothing of the article printed before it$", "证据较弱：该段与排在它前面的文章毫无关联"),
    (r"^‘(.+)’ cannot open a paragraph$", "‘$1’不能作段首"),
    (r"^(.+) spans the break$", "“$1”跨越断口"),
    (r"^the name (.+) runs across the break$", "人名“$1”跨越断口"),
    (r"^‘(.+)’ is a common sequence$", "‘$1’是常见的连写"),
    (r"^few paragraphs open with ‘(.+)’$", "很少有段落以‘$1’开头"),
    (r"^a number runs across the break$", "数字跨越断口"),
    (r"^an amount runs on from the words before the break$", "断口后的数量词接续前文"),
    (r"^a quote is left open$", "引号尚未闭合"),
    (r"^the head closes it$", "下一块闭合了该引号"),
    (r"^the head closes the bracket the tail opened$", "下一块闭合了前一块开启的括号"),
    (r"^the head closes the title mark the tail opened$", "下一块闭合了前一块开启的书名号"),
    (r"^the list goes on with an item of (\d+) characters, as long as the ones before the break$", "列举在断口后继续，新的一项与前几项一样是$1个字"),
    (r"^the next block opens with a mark no paragraph opens with$", "下一块以不能作段首的标点开头"),
    (r"^the next block opens with the rest of the dash the block ends with$", "下一块开头是本块末尾破折号的其余部分"),
    (r"^the block after it continues an earlier fragment$", "其后一块接续的是排在前面的残段"),
    (r"^the fragment printed before it takes it$", "该块由排在前面的残段接续"),
    (r"^shares (.+) with the text before$", "与前文共有“$1”"),
    (r"^empty block$", "空文块"),
    (r"^(\d+) blocks? moved up to follow the fragment they continue$", "$1个文块上移，接在它们所续的段落之后"),
    (r"^block ends mid-sentence and nothing on the given pages continues it$", "段落在句中断开，所给版面中没有它的续文"),
    (r"^kept as it is$", "保持原样"),
    (
        r"^block ends without a full stop, but its end reads as the end of a sentence and the next block as a new paragraph: most likely OCR lost the ‘。’$",
        "段末没有句号，但读来已是句末，下一块读来是新段落：很可能是 OCR 漏识了‘。’",
    ),
    (r"^not joined$", "未合并"),
    (
        r"^a short block without punctuation, and the next block reads as a new paragraph: most likely a heading the page does not mark$",
        "短文块无标点，下一块读来是新段落：很可能是版面未标出的标题",
    ),
    (r"^the paragraph reads as finished but has no full stop: OCR probably lost the ‘。’$", "段落读来已完，却没有句号：OCR 可能漏识了‘。’"),
    (r"^continues from (.+) to (.+)$", "从$1转至$2"),
    (r"^continues on (.+), which is not among the inputs$", "转至$1，但所给文件中没有该版"),
    (r"^continues on (.+), but no continuation from this page was found there$", "转至$1，但该版上找不到从本版转来的续文"),
    (r"^continues an article whose head is on (.+), which is not among the inputs$", "接续$1上的文章，但所给文件中没有该版"),
    (r"^continues an article from (.+), but no matching jump line was found there$", "接续$1上的文章，但该版上找不到对应的转版说明"),
    (r"^the cut paragraph reads on \((.+)\)$", "被截断的段落可以接续（$1）"),
    (r"^the cut paragraph reads on$", "被截断的段落可以接续"),
    (r"^the title is repeated$", "标题重复出现"),
    (r"^both parts mention (.+)$", "两部分都提到$1"),
    (r"^‘(.)’ reads badly here$", "‘$1’在此读来不通"),
    (r"^a look-alike reads well: ‘(.)’ \(([^)]+)\)$", "形近字‘$1’读来通顺（$2）"),
    (r"^OCR often reads ‘(.)’ as ‘(.)’, and ‘(.)’ reads well \(([^)]+)\)$", "OCR 常把‘$1’误认作‘$2’，而‘$3’读来通顺（$4）"),
    (r"^‘(.)’, written with a part of it, reads well \(([^)]+)\)$", "与它有相同部件的‘$1’读来通顺（$2）"),
    (r"^or ‘(.)’ \(([^)]+)\)$", "，或‘$1’（$2）"),
    (r"^columns read across: the line continues (\d+) lines further down$", "串栏：该行接续在下方第$1行"),
    (r"^columns read across: the line continues at the top of the next column, (\d+) lines up$", "串栏：该行接续在下一栏栏首（上方第$1行）"),
    (r"^columns read across: the next line of the column in reading order$", "串栏：按阅读顺序为该栏的下一行"),
    (
        r"^with ‘(.)’ the passage reads (far better|better|as well|less well) as words \(([^)]+)\) and its characters are (far more likely|more likely|as likely|less likely) in news text \(([^)]+)\)$",
        "换成‘$1’后分词$2（$3），字序在新闻文本中的概率$4（$5）",
    ),
    (r"^‘(.+)’ is printed twice$", "‘$1’重复印了两次"),
    (r"^‘(.+)’ is not a reduplication Chinese uses$", "“$1”不是汉语的重叠用法"),
    (r"^ASCII ‘(.)’ in Chinese text$", "中文里出现半角‘$1’"),
    (r"^the full-width ‘(.)’ was printed$", "原文应为全角‘$1’"),
    (r"^‘(.)’ after a Chinese sentence reads as a full stop$", "中文句末的‘$1’应是句号"),
    (r"^‘一一’ between clauses reads as a dash ‘——’$", "分句之间的‘一一’应是破折号‘——’"),
    (r"^‘一一一’ reads as a dash ‘———’$", "‘一一一’应是破折号‘———’"),
    (r"^‘吕’ set apart at the end of a paragraph is how OCR reads a full stop$", "段末单独的‘吕’是 OCR 误识的句号"),
    (r"^a stray ‘(.)’ splits the word ‘(.+)’$", "多余的‘$1’把“$2”拆开了"),
    (r"^a quote inside a quote is printed ‘……’$", "引号内的引号应印作‘……’"),
    (r"^‘(.)’ here is nested in another quote$", "此处的‘$1’嵌在另一对引号之中"),
    (r"^‘(.)’ closes ‘(.)’, whose partner is ‘(.)’$", "‘$1’与‘$2’不配对，应为‘$3’"),
    (
        r"^the columns of these (\d+) lines appear to be read across \(line 1 of each column, then line 2, …\): (\d+) of (\d+) lines read on (\d+) lines further down$",
        "这$1行的各栏似乎被横向串读（先读各栏第一行，再读各栏第二行……）：$3行中有$2行的续文在$4行之后",
    ),
    (r"^left as printed, since a layout-aware reading is needed$", "保持原样，需要按版面重新识读"),
    (r"^(\d+) blocks? printed after another article reads? on from the article above \(both mention (.+)\)$", "$1个排在其他文章之后的文块接续上方的文章（两者都提到$2）"),
    (r"^(\d+) blocks? printed after another article go(?:es)? on with the series of the article above \((.+)\)$", "$1个排在其他文章之后的文块接续上方文章的逐项列举（$2）"),
    (r"^the break fell after a full stop, so no paragraph is joined$", "断口在句号之后，故不合并段落"),
    (
        r"^the text of the article above ends on a column's last line, and the column of text before them would run across its foot with them$",
        "上方文章的正文止于一栏的末行，而这些文块若接在前文之后，会跨过栏底",
    ),
];

/// Words inside clauses: the adverbs of the evidence clause, page names.
const WORDS: &[(&str, &str)] = &[
    ("far better", "好得多"),
    ("better", "更好"),
    ("as well", "不变"),
    ("less well", "变差"),
    ("far more likely", "高得多"),
    ("more likely", "更高"),
    ("as likely", "不变"),
    ("less likely", "更低"),
];

fn compiled() -> &'static [(Regex, &'static str)] {
    static TABLE: OnceLock<Vec<(Regex, &'static str)>> = OnceLock::new();
    TABLE.get_or_init(|| CLAUSES.iter().map(|(p, zh)| (Regex::new(p).expect("valid message pattern"), *zh)).collect())
}

fn word(w: &str) -> String {
    if let Some(rest) = w.strip_prefix("page ") {
        return format!("第{rest}版");
    }
    if w == "an unnamed page" {
        return "未编号的一版".into();
    }
    WORDS.iter().find(|(en, _)| *en == w).map_or_else(|| w.to_string(), |(_, zh)| zh.to_string())
}

/// One clause in Chinese, or `None` if the catalog does not know it.
fn clause(en: &str) -> Option<String> {
    // A second candidate named after the first: `…, or ‘墨’ (墨画)`.
    if let Some(at) = en.find(", or ‘") {
        return Some(clause(&en[..at])? + &clause(&en[at + 2..])?);
    }
    let (re, template) = compiled().iter().find(|(re, _)| re.is_match(en))?;
    let caps = re.captures(en)?;
    let fill = |caps: &Captures| -> String {
        let mut out = String::new();
        let mut rest = *template;
        while let Some(at) = rest.find('$') {
            out.push_str(&rest[..at]);
            let digits: String = rest[at + 1..].chars().take_while(char::is_ascii_digit).collect();
            let n: usize = digits.parse().unwrap_or(0);
            let value = caps.get(n).map_or("", |m| m.as_str());
            // A nested clause (the seam evidence of a jump) is rendered too.
            out.push_str(&if value.contains("; ") || clause(value).is_some() { reason(value, Lang::Zh) } else { word(value) });
            rest = &rest[at + 1 + digits.len()..];
        }
        out.push_str(rest);
        out
    };
    Some(fill(&caps))
}

/// The `; `-separated clauses of a reason, not splitting inside brackets
/// (`the cut paragraph reads on (回音 spans the break; …)`).
fn clauses(en: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut start, mut quoted) = (0i32, 0, false);
    for (i, c) in en.char_indices() {
        match c {
            // A bracket quoted as a character (`ASCII ‘(’`) is no bracket.
            '‘' => quoted = true,
            '’' => quoted = false,
            '(' if !quoted => depth += 1,
            ')' if !quoted => depth -= 1,
            ';' if depth == 0 && en[i..].starts_with("; ") => {
                out.push(&en[start..i]);
                start = i + 2;
            }
            _ => {}
        }
    }
    out.push(&en[start..]);
    out
}

/// A finding's reason in `lang`.
pub fn reason(en: &str, lang: Lang) -> String {
    match lang {
        Lang::En => en.to_string(),
        Lang::Zh => clauses(en).into_iter().map(|c| clause(c).unwrap_or_else(|| c.to_string())).collect::<Vec<_>>().join("；"),
    }
}

/// Whether the catalog knows every clause of `en` (for the tests).
pub fn knows(en: &str) -> bool {
    clauses(en).into_iter().all(|c| clause(c).is_some())
}

/// A finding's status (`fix applies`, `needs review`, `report`) in `lang`.
pub fn status(s: &str, lang: Lang) -> &str {
    match (lang, s) {
        (Lang::Zh, "fix applies") => "自动修正",
        (Lang::Zh, "needs review") => "待审",
        (Lang::Zh, "report") => "报告",
        _ => s,
    }
}

/// A finding kind's name in `lang`.
pub fn kind(k: &str, lang: Lang) -> &str {
    if lang == Lang::En {
        return k;
    }
    match k {
        "join" => "合并",
        "reorder" => "移位",
        "jump" => "转版",
        "orphan" => "缺版",
        "truncated" => "截断",
        "fragment" => "断段",
        "interleaved" => "串栏",
        "dup_word" => "重复词",
        "dup_char" => "重复字",
        "ocr_confusion" => "形近字",
        "punctuation" => "标点",
        _ => k,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clauses_render_with_their_quotes() {
        assert_eq!(reason("block ends mid-sentence; 通过 spans the break; ‘通过’ is a common sequence", Lang::Zh), "段落在句中断开；“通过”跨越断口；‘通过’是常见的连写");
        assert_eq!(
            reason("‘肇’ reads badly here; a look-alike reads well: ‘壁’ (壁画), or ‘墨’ (墨画); with ‘壁’ the passage reads far better as words (+10.6) and its characters are as likely in news text (+1.4)", Lang::Zh),
            "‘肇’在此读来不通；形近字‘壁’读来通顺（壁画），或‘墨’（墨画）；换成‘壁’后分词好得多（+10.6），字序在新闻文本中的概率不变（+1.4）"
        );
        assert_eq!(reason("continues on page 3, which is not among the inputs", Lang::Zh), "转至第3版，但所给文件中没有该版");
        assert!(knows("the columns of these 55 lines appear to be read across (line 1 of each column, then line 2, …): 16 of 45 lines read on 2 lines further down; left as printed, since a layout-aware reading is needed"));
        assert_eq!(reason("ASCII ‘(’ in Chinese text; the full-width ‘（’ was printed", Lang::Zh), "中文里出现半角‘(’；原文应为全角‘（’");
        assert_eq!(reason("something new", Lang::Zh), "something new");
        assert!(!knows("something new"));
    }
}
