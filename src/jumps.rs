//! Stitching articles continued across pages through their jump lines.
//!
//! A head part ends with `（下转第二版）`; a continuation part starts with
//! `（紧接第一版）`. Heads and continuations are paired by page numbers first;
//! where several jumps connect the same two pages, by text continuity (a
//! paragraph cut by the jump must read on), title similarity and shared
//! terms, as a scored one-to-one assignment. What stays unpaired is an
//! orphan, reported with the page that is missing.

use crate::article::Part;
use crate::assign;
use crate::edit::confidence;
use crate::jumpline::{JumpDirection, JumpTarget};
use crate::lexicon::Lexicon;
use crate::page::Page;
use crate::rejoin;
use crate::text;
use std::collections::HashSet;

/// A head part linked to its continuation part (indices into the parts list).
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub head: usize,
    pub continuation: usize,
    pub confidence: f64,
    pub reason: String,
}

/// A part whose other half is not among the inputs.
#[derive(Debug, Clone, PartialEq)]
pub struct Orphan {
    pub part: usize,
    pub direction: JumpDirection,
    /// The page the marker names, where it names one.
    pub page: Option<u32>,
    pub reason: String,
}

/// The page number a marker on page `here` points to.
fn target_page(target: JumpTarget, direction: JumpDirection, here: Option<u32>) -> Option<u32> {
    match target {
        JumpTarget::Page(n) => Some(n),
        JumpTarget::Adjacent => match direction {
            JumpDirection::Head => here.map(|h| h + 1),
            JumpDirection::Continuation => here.and_then(|h| h.checked_sub(1)),
        },
    }
}

fn part_text(page: &Page, part: &Part) -> String {
    part.paragraphs.iter().flatten().map(|&b| page.content(b)).collect()
}

/// Continuations on the target page a head is weighed against at most.
const MAX_CANDIDATES: usize = 64;

/// The weight a pair has for agreeing on page numbers, before any text
/// evidence: every such pair is worth linking; the evidence chooses between
/// rival pairs.
const PAGE_MATCH_WEIGHT: f64 = 10.0;
/// A link's confidence among rival pairs: 0.5 + weight / this, capped at
/// [`confidence::APPLIES`].
const LINK_WEIGHT_SCALE: f64 = 40.0;
/// How far the seam of a cut paragraph can move a pair's score, against and for.
const SEAM_RANGE: (f64, f64) = (-4.0, 6.0);
/// Against a pair whose continuation starts with what cannot start a
/// paragraph though the head's paragraph ended.
const BAD_START_PENALTY: f64 = 3.0;
/// For a repeated title, times its similarity (0–1); similar above
/// `TITLE_SIMILAR` is said in the reason.
const TITLE_WEIGHT: f64 = 6.0;
const TITLE_SIMILAR: f64 = 0.6;
/// Shared terms: their overlap score, capped and scaled; from
/// `TOPIC_SAID` on it is said in the reason.
const TOPIC_CAP: f64 = 30.0;
const TOPIC_DIVISOR: f64 = 4.0;
const TOPIC_SAID: f64 = 8.0;

/// Pair heads with continuations; report the rest as orphans.
pub fn link(pages: &[Page], numbers: &[Option<u32>], parts: &[Part], lex: &Lexicon) -> (Vec<Link>, Vec<Orphan>) {
    let heads: Vec<usize> = (0..parts.len()).filter(|&i| parts[i].head_jump.is_some()).collect();
    let conts: Vec<usize> = (0..parts.len()).filter(|&i| parts[i].continuation_jump.is_some()).collect();
    let present: HashSet<u32> = numbers.iter().flatten().copied().collect();

    // Continuations by the number of the page they are on.
    let mut conts_on: std::collections::HashMap<u32, Vec<usize>> = std::collections::HashMap::new();
    for &c in &conts {
        if let Some(n) = numbers[parts[c].page] {
            conts_on.entry(n).or_default().push(c);
        }
    }
    let mut pairs = Vec::new();
    let mut reasons = Vec::new();
    for &h in &heads {
        let hp = &parts[h];
        let (_, hm) = hp.head_jump.as_ref().unwrap();
        let h_here = numbers[hp.page];
        let Some(h_target) = target_page(hm.target, hm.direction, h_here) else { continue };
        let candidates = conts_on.get(&h_target).map_or(&[][..], Vec::as_slice);
        // A page of thousands of jump lines is no newspaper page: each head
        // is weighed against a bounded number of continuations, so the work
        // stays linear in the page.
        for &c in candidates.iter().take(MAX_CANDIDATES) {
            let cp = &parts[c];
            if cp.page == hp.page {
                continue;
            }
            let (_, cm) = cp.continuation_jump.as_ref().unwrap();
            let c_from = target_page(cm.target, cm.direction, numbers[cp.page]);
            if h_here.is_some() && c_from != h_here {
                continue;
            }
            let (score, why) = pair_score(pages, hp, cp, lex);
            pairs.push((h, c, PAGE_MATCH_WEIGHT + score));
            reasons.push(why);
        }
    }
    let mut links = Vec::new();
    // Parts linked as heads, and as continuations (a part can be both).
    let mut linked: HashSet<(usize, JumpDirection)> = HashSet::new();
    for k in assign::best_pairs(&pairs) {
        let (h, c, w) = pairs[k];
        let (hp, cp) = (&parts[h], &parts[c]);
        let from = numbers[hp.page].map_or_else(|| pages[hp.page].source.name(), |n| format!("page {n}"));
        let to = numbers[cp.page].map_or_else(|| pages[cp.page].source.name(), |n| format!("page {n}"));
        let mut reason = format!("continues from {from} to {to}");
        if !reasons[k].is_empty() {
            reason = format!("{reason}; {}", reasons[k]);
        }
        let alternatives = pairs.iter().filter(|p| p.0 == h || p.1 == c).count();
        let confidence = if alternatives == 1 { confidence::SURE } else { (0.5 + w / LINK_WEIGHT_SCALE).min(confidence::APPLIES) };
        links.push(Link { head: h, continuation: c, confidence, reason });
        linked.insert((h, JumpDirection::Head));
        linked.insert((c, JumpDirection::Continuation));
    }

    let mut orphans = Vec::new();
    let sides = heads.iter().map(|&i| (i, JumpDirection::Head)).chain(conts.iter().map(|&i| (i, JumpDirection::Continuation)));
    for (i, side) in sides {
        if linked.contains(&(i, side)) {
            continue;
        }
        let part = &parts[i];
        let jump = match side {
            JumpDirection::Head => &part.head_jump,
            JumpDirection::Continuation => &part.continuation_jump,
        };
        let Some((_, m)) = jump else { continue };
        let (direction, target) = (m.direction, target_page(m.target, m.direction, numbers[part.page]));
        let page_name = |n: Option<u32>| n.map_or_else(|| "an unnamed page".to_string(), |n| format!("page {n}"));
        let reason = match (direction, target.is_some_and(|t| present.contains(&t))) {
            (JumpDirection::Head, false) => format!("continues on {}, which is not among the inputs", page_name(target)),
            (JumpDirection::Head, true) => format!("continues on {}, but no continuation from this page was found there", page_name(target)),
            (JumpDirection::Continuation, false) => format!("continues an article whose head is on {}, which is not among the inputs", page_name(target)),
            (JumpDirection::Continuation, true) => format!("continues an article from {}, but no matching jump line was found there", page_name(target)),
        };
        orphans.push(Orphan { part: i, direction, page: target, reason });
    }
    // A part can be both a continuation and a head; report each side once.
    orphans.sort_by_key(|o| (o.part, o.direction == JumpDirection::Head));
    orphans.dedup_by_key(|o| (o.part, o.direction));
    (links, orphans)
}

/// Evidence that `cont` continues `head`: the cut reads on, titles agree, terms are shared.
fn pair_score(pages: &[Page], head: &Part, cont: &Part, lex: &Lexicon) -> (f64, String) {
    let (hpage, cpage) = (&pages[head.page], &pages[cont.page]);
    let mut score = 0.0;
    let mut why = Vec::new();
    if let (Some(hb), Some(cb)) = (head.last_body_block(), cont.first_body_block()) {
        let tail = hpage.content(hb);
        let start = cpage.content(cb);
        let cut = !text::ends_paragraph(tail);
        if cut {
            let s = rejoin::seam(tail, start, lex);
            score += s.score.clamp(SEAM_RANGE.0, SEAM_RANGE.1);
            if s.score > 0.0 {
                why.push(if s.reason.is_empty() { "the cut paragraph reads on".to_string() } else { format!("the cut paragraph reads on ({})", s.reason) });
            }
        } else if text::opens_badly(start) {
            score -= BAD_START_PENALTY;
        }
    }
    if let (Some(ht), Some(ct)) = (head.title, cont.title) {
        let sim = strsim::normalized_levenshtein(hpage.content(ht), cpage.content(ct));
        score += TITLE_WEIGHT * sim;
        if sim > TITLE_SIMILAR {
            why.push("the title is repeated".into());
        }
    }
    let (topic, shared) = lex.topic_overlap(&part_text(hpage, head), &part_text(cpage, cont));
    score += topic.min(TOPIC_CAP) / TOPIC_DIVISOR;
    if topic >= TOPIC_SAID {
        why.push(format!("both parts mention {}", shared.join("、")));
    }
    (score, why.join("; "))
}

#[cfg(test)]
mod tests {
    use crate::input::Source;
    use crate::lexicon::Lexicon;
    use crate::pipeline::{analyze, Options};

    fn issue(pages: &[(&str, &str)]) -> crate::pipeline::Analysis {
        let sources = pages.iter().map(|(n, t)| Source::from_bytes(*n, t.as_bytes().to_vec()).unwrap()).collect();
        let numbers = pages.iter().map(|(n, _)| crate::issue::page_number(std::path::Path::new(n), None)).collect();
        analyze(sources, numbers, &Lexicon::embedded(), &Options { typos: false, ..Options::default() })
    }

    fn article_texts(a: &crate::pipeline::Analysis) -> Vec<(Option<String>, Vec<usize>, String)> {
        a.articles
            .iter()
            .map(|art| (art.title.clone(), art.pages.clone(), art.paragraphs.iter().map(|p| a.paragraph_text(p)).collect::<Vec<_>>().join("|")))
            .collect()
    }

    #[test]
    fn two_jumps_between_the_same_pages_pair_by_continuity_and_topic() {
        let p1 = "# 春运首日客流平稳\n\n今年春运首日，全省铁路发送旅客１２万人次，各车站秩序井然。铁路部门增开临时列车，方便旅客返乡（下转第二版）\n\n\
                  # 冬小麦长势良好\n\n入冬以来，全省冬小麦苗情总体较好。农业部门组织技术人员深入田间，指导农民做好冬季麦田管理。\n\n（转二版）";
        let p2 = "# 冬小麦长势良好\n\n【上接第1版）农业专家提醒，要及时镇压划锄，保墒防冻，确保小麦安全越冬。\n\n\
                  （紧接第一版〕过年。铁路部门提醒旅客，提前购票，错峰出行。";
        let a = issue(&[("p01.md", p1), ("p02.md", p2)]);
        assert_eq!(a.links.len(), 2, "{:?}", a.links);
        assert!(a.orphans.is_empty(), "{:?}", a.orphans);
        let arts = article_texts(&a);
        let spring = arts.iter().find(|x| x.0.as_deref() == Some("春运首日客流平稳")).unwrap();
        assert_eq!(spring.1, vec![0, 1]);
        assert!(spring.2.contains("方便旅客返乡过年。"), "the cut paragraph is one: {}", spring.2);
        let wheat = arts.iter().find(|x| x.0.as_deref() == Some("冬小麦长势良好")).unwrap();
        assert_eq!(wheat.1, vec![0, 1]);
        assert!(wheat.2.contains("安全越冬"));
        assert_eq!(arts.len(), 2);
    }

    #[test]
    fn a_jump_line_after_a_photo_or_a_story_goes_with_the_text_cut_before_them() {
        // Written for this test: the lead's text stops mid-word, a photo
        // (or a short story, signed off with its credit or not) is printed
        // between it and its jump line.
        let photo = "# 新区建设进展顺利\n\n本报讯 今年新区将建成三条主干道，五个居民小区和一座\n\n\
                     # 冬日暖阳\n\n图为市民在公园里晒太阳。（本报记者李明摄）\n\n（下转第二版）";
        let story = photo.replace("图为市民在公园里晒太阳。（本报记者李明摄）", "县图书馆新馆今天开放，藏书十万册。（王华）");
        let plain = photo.replace("# 冬日暖阳\n\n图为市民在公园里晒太阳。（本报记者李明摄）", "# 简讯\n\n县图书馆新馆今天开放，藏书十万册。");
        let p2 = "# 简讯\n\n市体育局将举办全市中学生象棋赛。\n\n（上接第一版）大型体育公园，全区绿地面积将增加一倍。";
        for p1 in [photo, &story, &plain] {
            let a = issue(&[("p01.md", p1), ("p02.md", p2)]);
            assert_eq!(a.links.len(), 1, "{:?}", a.links);
            let arts = article_texts(&a);
            let lead = arts.iter().find(|x| x.0.as_deref() == Some("新区建设进展顺利")).unwrap();
            assert_eq!(lead.1, vec![0, 1]);
            assert!(lead.2.contains("一座大型体育公园"), "{}", lead.2);
        }
        // Where the lead's text ends its paragraph, the story keeps the line.
        let finished = plain.replace("和一座", "和一座公园。");
        let a = issue(&[("p01.md", &finished), ("p02.md", p2)]);
        let arts = article_texts(&a);
        assert_eq!(arts.iter().find(|x| x.0.as_deref() == Some("新区建设进展顺利")).unwrap().1, vec![0]);
    }

    #[test]
    fn orphans_name_the_missing_page() {
        let p1 = "# 甲\n\n正文完了。（下转第六版）\n\n# 乙\n\n乙的正文。\n\n（紧接第3版）乙的续文。";
        let a = issue(&[("p01.md", p1), ("p02.md", "# 丙\n\n丙文。")]);
        let reasons: Vec<&str> = a.orphans.iter().map(|o| o.reason.as_str()).collect();
        assert_eq!(reasons.len(), 2);
        assert!(reasons.iter().any(|r| r.contains("page 6") && r.contains("not among the inputs")), "{reasons:?}");
        assert!(reasons.iter().any(|r| r.contains("page 3")), "{reasons:?}");
        // The orphan continuation is its own article, not part of 乙's.
        assert!(article_texts(&a).iter().any(|x| x.0.is_none() && x.2 == "乙的续文。"));
    }

    #[test]
    fn page_numbers_from_running_headers() {
        let front = "人民日报 1998年1月10日 第一版\n\n# 标题\n\n正文没写完，转到（下转第三版）";
        let inside = "人民日报 1998年1月10日 第三版\n\n（上接第一版）第三版上的文字。";
        let sources = vec![Source::from_bytes("front.md", front.as_bytes().to_vec()).unwrap(), Source::from_bytes("inside.md", inside.as_bytes().to_vec()).unwrap()];
        let a = analyze(sources, vec![None, None], &Lexicon::embedded(), &Options::default());
        assert_eq!(a.numbers, vec![Some(1), Some(3)]);
        assert_eq!(a.links.len(), 1);
        assert_eq!(article_texts(&a)[0].2, "正文没写完，转到第三版上的文字。");
    }

    #[test]
    fn jump_lines_stay_out_of_paragraphs() {
        let p1 = "# 标题\n\n第一段完整。\n\n第二段没写完，转到（下转第２版）";
        let p2 = "（上接第一版）\n\n第二版上的文字。\n\n# 另一篇\n\n另一篇正文。";
        let a = issue(&[("p1.md", p1), ("p2.md", p2)]);
        let arts = article_texts(&a);
        assert_eq!(arts[0].2, "第一段完整。|第二段没写完，转到第二版上的文字。");
        assert_eq!(a.edits.iter().filter(|e| e.kind == crate::EditKind::Jump).count(), 1);
    }
}
