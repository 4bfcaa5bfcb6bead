//! Character classes shared by every stage: what ends a sentence, what cannot
//! start a paragraph, what counts as Chinese text. No state, no I/O.

/// Characters after which a paragraph may end. A block ending in one of these
/// (possibly followed by closing quotes or brackets) is complete; a column break
/// right after it is invisible in the text. `：` and `；` close list
/// introductions and list items, which newspapers print as separate paragraphs.
pub fn is_sentence_final(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '…' | '!' | '?' | '：' | '；' | '.')
}

/// Closing quotes and brackets that may follow a sentence-final mark.
pub fn is_closing(c: char) -> bool {
    matches!(c, '”' | '』' | '」' | '’' | '）' | ')' | '》' | '】' | '〕' | ']' | '"' | '\'')
}

/// True if `text` ends like a finished paragraph: a sentence-final mark,
/// optionally followed by closing quotes or brackets, e.g. `…说。`, `…啊！”`,
/// `…（新华社记者郑焕清摄）`. A trailing bracketed note after a full stop is the
/// usual newspaper credit, so a closing bracket whose group starts after a
/// sentence end also counts.
pub fn ends_paragraph(text: &str) -> bool {
    let trimmed = text.trim_end();
    // OCR sets spaces between marks (`人命啊! ”`) and before a misread full stop (`成长 o`).
    let mut chars = trimmed.chars().rev().filter(|&c| c != ' ' && c != '\u{3000}').peekable();
    let mut saw_closing = false;
    while let Some(&c) = chars.peek() {
        if is_closing(c) {
            saw_closing = true;
            chars.next();
        } else {
            break;
        }
    }
    match chars.next() {
        Some(c) if is_sentence_final(c) => true,
        // A full stop OCR read as `*` or a Latin `o` after Chinese text.
        Some('*') if chars.next().is_some_and(is_han) => true,
        Some('o') if !saw_closing && chars.next().is_some_and(is_han) => true,
        // The half-width `;` and `:` OCR prints for `；` and `：` after
        // Chinese text (`……要求做好以下工作;`).
        Some(';' | ':') if !saw_closing && chars.next().is_some_and(is_han) => true,
        // … and the `吕` that tesseract makes of a full stop set apart by a space.
        Some('吕') if !saw_closing && ocr_full_stop_as_lu(trimmed) => true,
        // `…一个小小故事———`: a dash closing an introduction.
        Some(c) if is_dash(c) && chars.next().is_some_and(is_dash) => true,
        // … as OCR reads it (`…归结为两句话一一一`): three `一` in a row are no
        // word or numeral news prints, except an ordinal (`第一一一`).
        Some('一') if !saw_closing && ocr_dash_end(trimmed) => true,
        Some(_) if saw_closing => credit_after_sentence(trimmed) || credit_tail(trimmed) || editors_note(trimmed),
        Some(c) if is_han(c) => signature_after_sentence(trimmed),
        _ => false,
    }
}

/// `本报讯`, `新华社曼谷１月１６日电`, `据新华社北京1 月12日电`,
/// `本报北京１月５日讯`: the dateline that opens a news story, which no
/// sentence runs into.
pub fn opens_dispatch(text: &str) -> bool {
    dateline_chars(text).is_some()
}

/// How many characters the dateline [`opens_dispatch`] reads takes, with
/// leading space and a credit in brackets right after it
/// (`本报讯（记者 王立）`): where the story's own words begin.
pub fn dateline_chars(text: &str) -> Option<usize> {
    let lead = text.chars().take_while(|c| c.is_whitespace()).count();
    let t = text.trim_start();
    let (said, t) = match t.strip_prefix('据') {
        Some(rest) => (1, rest),
        None => (0, t),
    };
    let line = if t.starts_with("本报讯") {
        3
    } else {
        if !["新华社", "本报", "中新社"].iter().any(|p| t.starts_with(p)) {
            return None;
        }
        // `……日电` or `……日讯` within the first 30 characters, before any
        // clause mark.
        let mut prev = ' ';
        let mut end = None;
        for (k, c) in t.chars().take(30).enumerate() {
            if matches!(c, '，' | '。' | '：') {
                break;
            }
            if prev == '日' && matches!(c, '电' | '讯') {
                end = Some(k + 1);
                break;
            }
            prev = c;
        }
        end?
    };
    let mut rest = t.chars().skip(line);
    let credit = match rest.next() {
        Some('（' | '(') => rest.take(CREDIT_CHARS + 4).position(|c| matches!(c, '）' | ')')).map_or(0, |k| k + 2),
        _ => 0,
    };
    Some(lead + said + line + credit)
}

/// `text` ends with `一一一`, the dash `———` as OCR reads it, and no ordinal.
fn ocr_dash_end(text: &str) -> bool {
    let run = text.trim_end().chars().rev().take_while(|&c| c == '一').count();
    let before = text.trim_end().chars().rev().nth(run);
    run == 3 && before.is_some_and(|c| is_han(c) && c != '第')
}

/// `……快速成长 吕` at the end of a block: tesseract reads a full stop after
/// a space as `吕`. As a surname, `吕` would have a given name after it.
pub fn ocr_full_stop_as_lu(text: &str) -> bool {
    let mut rev = text.trim_end().chars().rev();
    rev.next() == Some('吕') && rev.next().is_some_and(|c| c == ' ' || c == '\u{3000}') && rev.next().is_some_and(is_han)
}

/// `…收入。（陈华）` or `…图片。(新华社发)`: a bracketed credit after a finished sentence.
fn credit_after_sentence(text: &str) -> bool {
    let Some(open) = text.rfind(['（', '(']) else { return false };
    let before = text[..open].trim_end().trim_end_matches(is_closing);
    let inner = &text[open..];
    inner.chars().count() <= 24 && before.chars().next_back().is_none_or(|c| is_sentence_final(c) || is_dash(c))
}

/// `……辞旧迎新（附照片２张）`, `……一文的提要（全文见第５版）`: an editor's
/// note closing a paragraph, of the pictures or tables that go with it or
/// of the page where the full text is printed. No sentence runs on after
/// it. (A note that the text goes on elsewhere, `（续见第二版）`, is a jump
/// line, read as one.)
fn editors_note(text: &str) -> bool {
    let Some(open) = text.rfind(['（', '(']) else { return false };
    let inner = text[open..].trim_start_matches(['（', '(']).trim_end_matches(['）', ')']).trim();
    if inner.chars().count() > NOTE_CHARS {
        return false;
    }
    let attached = inner.strip_prefix('附').is_some_and(|rest| rest.starts_with(['图', '照', '表']));
    // `……见第５版`, `……见二版`: a page, by its number.
    let before_number = inner.strip_suffix(['版', '页']).and_then(|r| {
        let t = r.trim_end_matches(is_small_numeral);
        (t.len() < r.len()).then_some(t)
    });
    let cited = before_number.map(|r| r.strip_suffix('第').unwrap_or(r)).and_then(|r| r.strip_suffix('见')).is_some_and(|r| !r.ends_with('续'));
    attached || cited
}

/// The most characters inside the brackets of an [`editors_note`].
const NOTE_CHARS: usize = 30;

/// `王立）`: the end of a bracketed credit whose opening bracket a
/// column break left in the block before (`……免费借阅。（记者 张` | `王立）`):
/// a few names and nothing else, closing a bracket the text never opened.
fn credit_tail(text: &str) -> bool {
    let Some(inner) = text.strip_suffix(['）', ')']) else { return false };
    let names = inner.chars().filter(|&c| c != ' ' && c != '\u{3000}');
    !inner.contains(['（', '(', '）', ')']) && (1..=CREDIT_TAIL_CHARS).contains(&names.clone().count()) && names.clone().all(is_han)
}

/// `……欢迎读者来稿。———编者`: a signature set off by a dash after a finished
/// sentence (the editor's, the author's, a correspondent's name).
fn signature_after_sentence(text: &str) -> bool {
    let signed = text.trim_end_matches(|c: char| is_han(c) || c == ' ' || c == '\u{3000}');
    let before = signed.trim_end_matches(is_dash);
    let dashes = signed[before.len()..].chars().count();
    let name = text[signed.len()..].chars().filter(|&c| is_han(c)).count();
    dashes >= 2 && (1..=SIGNATURE_CHARS).contains(&name) && before.trim_end().trim_end_matches(is_closing).chars().next_back().is_some_and(is_sentence_final)
}

/// The most characters of a name [`signature_after_sentence`] takes.
const SIGNATURE_CHARS: usize = 8;

/// `（王立 李华）`, `（新华社记者张伟摄）`: a block that is only a bracketed
/// credit, names without punctuation.
pub fn is_credit(text: &str) -> bool {
    let t = text.trim();
    let Some(inner) = t.strip_prefix(['（', '(']).and_then(|t| t.strip_suffix(['）', ')'])) else { return false };
    let names = inner.chars().filter(|&c| c != ' ' && c != '\u{3000}');
    (2..=CREDIT_CHARS).contains(&names.clone().count()) && names.clone().all(is_han)
}

/// `……表示慰问。（王立 李华）`, `……通车。（新华社记者张伟摄）`: a paragraph
/// that ends with a credit after its last sentence, as a story (or one item
/// of a round-up) ends; no sentence of the same item comes after it.
pub fn ends_with_credit(text: &str) -> bool {
    let t = text.trim_end();
    let Some(inner) = t.strip_suffix(['）', ')']) else { return false };
    let Some(open) = inner.rfind(['（', '(']) else { return false };
    credit_after_sentence(t) && is_credit(&t[open..])
}

/// The most characters of names [`is_credit`] takes.
const CREDIT_CHARS: usize = 16;

/// The most characters of names [`credit_tail`] takes for a credit's end.
const CREDIT_TAIL_CHARS: usize = 12;

/// Dashes as printed and as OCR reads them (`——`, `———`, `——－`).
pub fn is_dash(c: char) -> bool {
    matches!(c, '—' | '－' | '―' | '─')
}

/// `●`, `▲`, `△`, `■`, `◆`, `★`: the mark that opens an item of a list or
/// a round-up printed one item to a paragraph. No sentence runs into it,
/// even where the item before ends without a full stop (a digest's items
/// often read like headlines: `……四个重点` | `●去年，……`). Not `○` (a zero
/// in `二○○一年`), `□` (OCR's unread glyph) or `•` (a name's dot).
pub fn opens_with_bullet(text: &str) -> bool {
    // (Asked of every block a fragment might run into: the marks are all
    // three bytes from 0xE2, so most text is passed over on its first byte.)
    let t = match text.as_bytes().first() {
        Some(0xE2) => text,
        Some(b) if b.is_ascii_whitespace() || *b == 0xE3 => text.trim_start(),
        _ => return false,
    };
    t.starts_with(['●', '▲', '△', '■', '◆', '◇', '★', '☆', '▼', '▽', '◎'])
}

/// `表５：`, `图２：`, `附表1 `: the label that opens a table's or a figure's
/// title. The title stands on its own line above the table's rows; no
/// sentence runs on from it into the next block.
pub fn opens_with_table_label(text: &str) -> bool {
    let t = text.trim_start();
    let t = t.strip_prefix('附').unwrap_or(t);
    let Some(rest) = t.strip_prefix(['表', '图']) else { return false };
    let digits = rest.chars().take_while(|&c| is_small_numeral(c)).count();
    digits > 0 && rest.chars().nth(digits).is_some_and(|c| matches!(c, '：' | ':' | ' ' | '\u{3000}'))
}

/// A dash cut in two: `tail` ends with a dash and `head` opens with the
/// rest of it (`……一是在观众方面——` + `—观众少`), which together make no
/// more than the three characters a printed dash takes. A list item that
/// opens with a whole dash (`———对外开放……`) after a dash-ended
/// introduction is no such cut.
pub fn splits_a_dash(tail: &str, head: &str) -> bool {
    let before = tail.trim_end().chars().rev().take_while(|&c| is_dash(c)).count();
    let after = head.trim_start().chars().take_while(|&c| is_dash(c)).count();
    before > 0 && after > 0 && before + after <= 3
}

/// Punctuation that closes or continues something and so cannot open a paragraph.
pub fn cannot_start_paragraph(c: char) -> bool {
    matches!(
        c,
        '，' | '、' | '。' | '；' | '：' | '？' | '！' | '）' | ')' | '》' | '」' | '』' | '”' | '’' | '…' | '】' | '〕' | '%' | '％' | ',' | '.'
    )
}

/// Text that opens with something no paragraph opens with
/// ([`cannot_start_paragraph`]). A quote mark before a digit is the
/// apostrophe of a year cut short (`’９９春节联欢晚会`), which opens text well.
pub fn opens_badly(text: &str) -> bool {
    let mut cs = text.chars();
    match (cs.next(), cs.next()) {
        (Some('’' | '\''), Some(d)) if is_digit(d) => false,
        (Some(c), _) => cannot_start_paragraph(c),
        (None, _) => false,
    }
}

/// Quotation marks, opening and closing.
pub const QUOTES: &[(char, char)] = &[('“', '”'), ('‘', '’'), ('『', '』'), ('「', '」')];
/// Brackets, opening and closing.
pub const BRACKETS: &[(char, char)] = &[('（', '）'), ('(', ')')];
/// The marks around a title (`《人民日报》`).
pub const TITLE_MARKS: &[(char, char)] = &[('《', '》')];

/// Text inside a quotation or bracket that opened before it: its first mark
/// of `pairs` closes one (`……的主张”，他说`). A paragraph opens its
/// quotations; a year's apostrophe (`’９８`) closes none.
pub fn closes_first(text: impl IntoIterator<Item = char>, pairs: &[(char, char)]) -> bool {
    let mut chars = text.into_iter().peekable();
    while let Some(c) = chars.next() {
        if c == '’' && chars.peek().is_some_and(|&d| is_digit(d)) {
            continue;
        }
        if pairs.iter().any(|&(open, _)| open == c) {
            return false;
        }
        if pairs.iter().any(|&(_, close)| close == c) {
            return true;
        }
    }
    false
}

/// A CJK ideograph (BMP unified, extension A, compatibility, and the supplementary planes).
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// Common Chinese surnames (one character each), most frequent first.
const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由郄";
/// One of the common single-character surnames.
pub fn is_surname(c: char) -> bool {
    static SET: std::sync::OnceLock<Vec<char>> = std::sync::OnceLock::new();
    let set = SET.get_or_init(|| {
        let mut v: Vec<char> = SURNAMES.chars().collect();
        v.sort_unstable();
        v.dedup();
        v
    });
    set.binary_search(&c).is_ok()
}

/// ASCII or full-width digit.
pub fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// A digit or a Chinese numeral from one to ten: what numbers a section,
/// an item or a table (`三、`, `（２）`, `第十`, `表５`).
pub fn is_small_numeral(c: char) -> bool {
    is_digit(c) || "一二三四五六七八九十".contains(c)
}

/// Whitespace including the BOM and the ideographic space.
pub fn is_blank(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraph_ends() {
        let cases = [
            ("党的力量来自组织。", true),
            ("蔡默思却不后悔：“毕竟是一条人命啊！”", true),
            ("纷纷走到基层一线，通", false),
            ("这些年更进行了许多先", false),
            ("电话网的容量达到二百万门。（陈华）", true),
            ("才能回报党和人民给我的荣誉。”（林鹏）", true),
            ("潮中，发生的一个小小故事———", true),
            ("这个乡的经验，可以归结为两句话一一一", true),
            ("他在这次比赛中获得了第一一一", false),
            ("他的手气真好，连着摇出了一一", false),
            ("今年增长了三成*", true),
            ("今年增长了三成o", true),
            ("钱其琛说，要解决自己所面临的问题*”", true),
            ("蔡默思却不后悔: “毕竟是一条人命啊! ”", true),
            ("选择数字贸易赛道，快速成长 o", true),
            ("越来越多的创新创业主体选择数字贸易赛道，快速成长 吕", true),
            ("这次会议由副主席吕", false),
            ("使用Windows系统的Demo", false),
            ("对出口提出了严峻挑战——－（附图片１张）", true),
            ("有关方面就改善航天部门处境达成以下共识：", true),
            ("通知要求各区做好以下几项工作;", true),
            ("市长在会上说:", true),
            ("会议时间为上午9:", false),
            ("使用Windows系统的Demo:", false),
            ("在杭州送外卖途中（", false),
            ("收入增长１６．４％（不含债务收入", false),
            // The end of a credit whose opening bracket is in the block
            // before; an aside's end with the sentence going on is not.
            ("明王立）", true),
            // A signature after a dash, once the sentence is finished.
            ("本版欢迎读者来信来稿。———编者", true),
            ("“我们还要做得更好。”——记者 王立", true),
            ("他说，这是一个———编者", false),
            ("从北京到上海——南京", false),
            ("记者 王立）", true),
            ("中石化）将在明年", false),
            // An editor's note: pictures that go with the text, or the page
            // with the full text; a note that the text goes on is a jump.
            ("全市人民在广场上欢度元宵佳节（附照片２张）", true),
            ("这里刊登的是报告的摘要（全文见第５版）", true),
            ("会上发表的讲话摘要（详见二版）", true),
            ("他在文章中写道（续见第二版）", false),
            ("住在工地附近的（附近村民", false),
            ("据介绍，新修的这条路（附近村民）", false),
            ("这一数字在报告中（第三版）", false),
            ("简称中石化，现已上市）", false),
            ("", false),
        ];
        for (text, want) in cases {
            assert_eq!(ends_paragraph(text), want, "{text}");
        }
    }

    #[test]
    fn text_that_cannot_open_a_paragraph() {
        for (text, want) in [
            ("，并且", true),
            ("、以及", true),
            ("’我们", true),
            // The apostrophe of a year cut short opens text well.
            ("’９９春节联欢晚会", false),
            ("'98全县运动会", false),
            ("今年", false),
            ("", false),
        ] {
            assert_eq!(opens_badly(text), want, "{text}");
        }
    }

    #[test]
    fn dashes_cut_in_two() {
        for (tail, head, want) in [
            ("一是在观众方面——", "—观众少；", true),
            ("出现了新局面：—", "——城市功能", true),
            ("出现了新局面：———", "———城市功能", false),
            ("一个小小故事——", "———第一，", false),
            ("一个小小故事。", "—观众少", false),
            ("一是在观众方面——", "观众少", false),
        ] {
            assert_eq!(splits_a_dash(tail, head), want, "{tail} | {head}");
        }
    }

    #[test]
    fn bullets_that_open_items() {
        for (text, want) in [("●去年，全省", true), (" ▲乡镇企业", true), ("★各地", true), ("○○一年", false), ("□□县", false), ("•克鲁格说", false), ("去年●", false)] {
            assert_eq!(opens_with_bullet(text), want, "{text}");
        }
    }

    #[test]
    fn dispatch_openers() {
        for (text, want) in [
            ("本报讯（记者 王逸群）为大力弘扬", true),
            ("新华社曼谷 1 月1 6日电 泰国", true),
            ("据新华社北京１月１２日电 国务院", true),
            ("本报北京１月５日讯 记者", true),
            ("本报记者获悉，新华社北京日电", false),
            ("新华社记者在现场看到，１月５日电力", false),
            ("据悉，新华社", false),
        ] {
            assert_eq!(opens_dispatch(text), want, "{text}");
        }
        for (text, chars) in [
            ("本报讯（记者 王逸群）为大力弘扬", 11),
            ("本报讯市农机服务总站", 3),
            ("据新华社北京１月１２日电 国务院", 12),
            (" 本报北京１月５日讯（记者李华）记者", 16),
        ] {
            assert_eq!(dateline_chars(text), Some(chars), "{text}");
        }
    }

    #[test]
    fn han_covers_supplementary_planes() {
        assert!(is_han('擘'));
        assert!(is_han('𠀋'));
        assert!(!is_han('，'));
        assert!(!is_han('１'));
    }
}
