//! Property tests over generated pages: whatever the page, the pipeline does
//! not panic, `fix` loses no character that no reported edit accounts for,
//! and `fix` reaches its fixed point in one run.
//!
//! Pages are built from sentences written for this test, cut anywhere, with
//! headings, bylines, jump lines in every bracket and numeral form, stray
//! and invisible characters, mixed line ends, and legacy encodings.
//! `PROPTEST_CASES` sets how many issues are tried (CI: the default below).

use jiaodui::input::Source;
use jiaodui::report::Selection;
use jiaodui::{analyze, Lexicon, Options};
use proptest::prelude::*;
use std::sync::OnceLock;

const SENTENCES: &[&str] = &[
    "今年以来，全市推进城乡公交一体化改革，乡村群众的出行条件明显改善。",
    "记者走到基层一线，通过对接工作了解到，新建的候车亭已经投入使用。",
    "据介绍，该项目总投资约３．５亿元，预计明年年底全部完工。",
    "“我们村的路修好了，孩子上学方便多了。”村民王建华说。",
    "会议强调，要坚持问题导向，把各项措施落到实处。",
    "截至11月底，全省新增就业岗位12万个，同比增长8.5%。",
    "专家认为，这一做法为其他地区提供了可以借鉴的经验。",
    "他说：“只要肯干，日子一定会越过越好！”",
    "在这片土地上，一代又一代人接续奋斗，写下了许多动人的故事。",
    "活动吸引了来自全国各地的三百多名代表参加。",
    "据悉，明年该市还将新建公园十二座、绿道八十公里。",
    "近年来，当地把发展特色产业作为乡村振兴的重要抓手",
];

const TITLES: &[&str] = &["城乡公交一体化改革见成效", "绿色发展 惠及百姓", "新建公园开放", "——记一位基层干部", "经济运行稳中向好"];

const BYLINES: &[&str] = &["本报记者 王小明", "本报记者 李华 通讯员 张强", "新华社记者 陈明"];

/// Jump lines as OCR prints them: brackets of every kind, some mismatched,
/// numerals in every width, with and without `第`.
fn jump_line() -> impl Strategy<Value = String> {
    let open = prop::sample::select(vec!["（", "(", "【", "〔", "[", "［"]);
    let close = prop::sample::select(vec!["）", ")", "】", "〕", "]", "］"]);
    let verb = prop::sample::select(vec!["下转", "转", "续", "上接", "接", "紧接", "续第", "转第"]);
    let number = prop::sample::select(vec!["一", "二", "三", "十二", "1", "2", "3", "12", "１", "２", "３"]);
    let unit = prop::sample::select(vec!["版", "面", "页"]);
    let dì = prop::bool::ANY;
    let space = prop::bool::ANY;
    (open, close, verb, number, unit, dì, space).prop_map(|(o, c, v, n, u, d, s)| format!("{o}{}{v}{}{n}{u}{c}", if s { " " } else { "" }, if d && !v.ends_with('第') { "第" } else { "" }))
}

/// Oddities OCR and archives put into text.
fn oddity() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "\u{feff}", "😀", "𠀋", "e\u{301}", "\u{3000}", " ", ":", ",", "一一", "*", "o", "吕", "『贷」", "來", "堅", "貼心貼心", "贴心贴心", "的的", "\t", "\r", "\0", "\u{301}",
    ])
    .prop_map(str::to_string)
}

/// A paragraph: sentences, maybe an oddity inside.
fn paragraph() -> impl Strategy<Value = String> {
    (prop::collection::vec(prop::sample::select(SENTENCES.to_vec()), 1..4), prop::option::of((oddity(), 0usize..60))).prop_map(|(ss, odd)| {
        let mut p: String = ss.concat();
        if let Some((o, at)) = odd {
            let chars: Vec<char> = p.chars().collect();
            let at = at.min(chars.len());
            p = chars[..at].iter().collect::<String>() + &o + &chars[at..].iter().collect::<String>();
        }
        p
    })
}

/// One item of a page: blocks, in order.
fn item() -> impl Strategy<Value = Vec<String>> {
    prop_oneof![
        3 => (paragraph(), prop::collection::vec(1usize..80, 0..3)).prop_map(|(p, cuts)| {
            // A paragraph cut by column breaks anywhere, even mid-word.
            let chars: Vec<char> = p.chars().collect();
            let mut cuts: Vec<usize> = cuts.into_iter().filter(|&c| c < chars.len()).collect();
            cuts.sort_unstable();
            cuts.dedup();
            let mut out = Vec::new();
            let mut from = 0;
            for c in cuts.into_iter().chain([chars.len()]) {
                if c > from {
                    out.push(chars[from..c].iter().collect());
                    from = c;
                }
            }
            out
        }),
        1 => prop::sample::select(TITLES.to_vec()).prop_flat_map(|t| prop::sample::select(vec!["# ", "## ", "### ", ""]).prop_map(move |h| vec![format!("{h}{t}")])),
        1 => prop::sample::select(BYLINES.to_vec()).prop_map(|b| vec![b.to_string()]),
        1 => jump_line().prop_map(|j| vec![j]),
        1 => (paragraph(), jump_line()).prop_map(|(p, j)| vec![format!("{p}{j}")]),
        1 => (jump_line(), paragraph()).prop_map(|(j, p)| vec![format!("{j}{p}")]),
        1 => (jump_line(), jump_line()).prop_map(|(a, b)| vec![format!("{a}\n{b}")]),
        1 => prop::sample::select(vec!["图为新建的候车亭。", "<!-- jiaodui-ignore -->", "人民日报 1998年1月10日 第二版", "１８７５年"]).prop_map(|s| vec![s.to_string()]),
    ]
}

#[derive(Debug, Clone, Copy)]
enum Encoding {
    Utf8,
    Utf8Bom,
    Gb18030,
    Big5,
}

/// A page: its blocks joined by blank lines in one line-ending style.
fn page() -> impl Strategy<Value = Vec<u8>> {
    let enc = prop_oneof![6 => Just(Encoding::Utf8), 1 => Just(Encoding::Utf8Bom), 1 => Just(Encoding::Gb18030), 1 => Just(Encoding::Big5)];
    let ending = prop::sample::select(vec!["\n", "\r\n", "mixed"]);
    (prop::collection::vec(item(), 1..14), enc, ending, prop::bool::ANY).prop_map(|(items, enc, ending, lead)| {
        let blocks: Vec<String> = items.into_iter().flatten().collect();
        let mut text = String::new();
        if lead {
            text.push('\n');
        }
        for (k, b) in blocks.iter().enumerate() {
            let nl = match ending {
                "mixed" if k % 2 == 1 => "\r\n",
                "mixed" => "\n",
                e => e,
            };
            text.push_str(&b.replace('\n', nl));
            text.push_str(nl);
            text.push_str(nl);
        }
        match enc {
            Encoding::Utf8 => text.into_bytes(),
            Encoding::Utf8Bom => format!("\u{feff}{text}").into_bytes(),
            Encoding::Gb18030 => encoding_rs::GB18030.encode(&text).0.into_owned(),
            Encoding::Big5 => {
                let (bytes, _, unmappable) = encoding_rs::BIG5.encode(&text);
                if unmappable {
                    text.into_bytes()
                } else {
                    bytes.into_owned()
                }
            }
        }
    })
}

fn lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(Lexicon::embedded)
}

/// Analyse an issue's pages (those that decode), check conservation, and
/// return the repaired texts.
fn fix_once(pages: &[(String, Vec<u8>)], sel: Selection) -> Result<Vec<String>, TestCaseError> {
    let sources: Vec<Source> = pages.iter().filter_map(|(name, bytes)| Source::from_bytes(name.clone(), bytes.clone()).ok()).collect();
    if sources.is_empty() {
        return Ok(Vec::new());
    }
    let numbers = sources.iter().map(|s| jiaodui::issue::page_number(&s.path, None)).collect();
    let analysis = analyze(sources, numbers, lexicon(), &Options::default());
    let repair = jiaodui::repair(&analysis, lexicon(), &Options::default(), sel);
    repair.check_invariants(&analysis, sel).map_err(TestCaseError::fail)?;
    Ok(repair.texts)
}

fn issue() -> impl Strategy<Value = Vec<(String, Vec<u8>)>> {
    prop::collection::vec(page(), 1..4).prop_map(|pages| pages.into_iter().enumerate().map(|(k, b)| (format!("p{:02}.md", k + 1), b)).collect())
}

proptest! {
    // ProptestConfig::default() reads PROPTEST_CASES; CI runs 512 issues.
    #![proptest_config(ProptestConfig { failure_persistence: None, cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(512), ..ProptestConfig::default() })]

    /// No panic, no lost character, and one run of `fix` is its fixed point,
    /// at the default confidence and with every suggestion applied.
    #[test]
    fn fix_conserves_text_and_is_idempotent(pages in issue(), all in prop::bool::ANY) {
        let sel = Selection { min_confidence: if all { 0.0 } else { 0.9 } };
        let once = fix_once(&pages, sel)?;
        let again: Vec<(String, Vec<u8>)> = pages.iter().filter(|(n, b)| Source::from_bytes(n.clone(), b.clone()).is_ok()).map(|(n, _)| n.clone()).zip(once.iter().map(|t| t.clone().into_bytes())).collect();
        let twice = fix_once(&again, sel)?;
        for ((name, _), (a, b)) in again.iter().zip(once.iter().zip(&twice)) {
            prop_assert_eq!(a, b, "fix at {} is not idempotent on {}", sel.min_confidence, name);
        }
    }
}
