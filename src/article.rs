//! Reading order and article segmentation of one page.
//!
//! [`Layout`] is the page's block order after the joins and moves decided by
//! `rejoin`; [`segment`] walks that order and cuts it into article parts at
//! titles, kickers, photo items and jump lines. Linking parts across pages is
//! `jumps`; turning parts into output records is `pipeline`.

use crate::jumpline::JumpLine;
use crate::page::{BlockKind, Page};
use crate::rejoin::Join;
use crate::text;

/// A page's reading order after rejoining.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// Block indices in reading order.
    pub order: Vec<usize>,
    /// `joined[i]`: block `i` is one paragraph with the block after it in `order`.
    pub joined: Vec<bool>,
}

impl Layout {
    /// The paragraphs in reading order, each the blocks it is made of; `None`
    /// when the joins and moves changed nothing (the blocks as they stand,
    /// each its own paragraph).
    pub fn paragraphs(&self) -> Option<Vec<Vec<usize>>> {
        let moved = self.order.iter().enumerate().any(|(k, &b)| k != b);
        if !moved && !self.joined.iter().any(|&j| j) {
            return None;
        }
        let mut out: Vec<Vec<usize>> = Vec::new();
        let mut open = false;
        for &b in &self.order {
            if open {
                out.last_mut().expect("open").push(b);
            } else {
                out.push(vec![b]);
            }
            open = self.joined.get(b).copied().unwrap_or(false);
        }
        Some(out)
    }

    /// Apply the joins whose both ends are on page `page` (cross-page joins
    /// cannot be shown inside one page and are left to the article stage).
    pub fn new(page: &Page, page_index: usize, joins: &[Join]) -> Layout {
        let n = page.blocks.len();
        // A doubly linked list over the blocks makes each move O(run length).
        const NONE: usize = usize::MAX;
        let mut next: Vec<usize> = (1..=n).map(|i| if i == n { NONE } else { i }).collect();
        let mut prev: Vec<usize> = (0..n).map(|i| if i == 0 { NONE } else { i - 1 }).collect();
        let mut head = if n == 0 { NONE } else { 0 };
        let mut joined = vec![false; n];
        for j in joins.iter().filter(|j| j.from.0 == page_index && j.to.0 == page_index) {
            if let Some(moved) = &j.moved {
                // The run in its current order: from its first block while the
                // list stays inside the range.
                let first = moved.start;
                let mut last = first;
                while next[last] != NONE && moved.contains(&next[last]) {
                    last = next[last];
                }
                let after = j.from.1;
                if next[after] == first {
                    joined[after] = j.joined;
                    continue;
                }
                if moved.contains(&after) {
                    // A run cannot move after one of its own blocks; leave it.
                    continue;
                }
                // Unlink first..=last.
                let (p, q) = (prev[first], next[last]);
                if p == NONE { head = q } else { next[p] = q }
                if q != NONE {
                    prev[q] = p;
                }
                // Link it in after `after`.
                let q = next[after];
                next[after] = first;
                prev[first] = after;
                next[last] = q;
                if q != NONE {
                    prev[q] = last;
                }
            }
            joined[j.from.1] = j.joined;
        }
        let mut order = Vec::with_capacity(n);
        let mut at = head;
        while at != NONE {
            order.push(at);
            at = next[at];
        }
        Layout { order, joined }
    }

    /// The identity layout: every block where it was printed, nothing joined.
    pub fn identity(page: &Page) -> Layout {
        Layout { order: (0..page.blocks.len()).collect(), joined: vec![false; page.blocks.len()] }
    }
}

/// The part of an article that one page holds.
#[derive(Debug, Clone, Default)]
pub struct Part {
    pub page: usize,
    pub kicker: Option<usize>,
    pub title: Option<usize>,
    pub subtitle: Option<usize>,
    pub bylines: Vec<usize>,
    pub subheads: Vec<usize>,
    /// Body paragraphs, each a list of block indices (joined fragments).
    pub paragraphs: Vec<Vec<usize>>,
    /// `（下转第二版）`: the block holding it and the marker.
    pub head_jump: Option<(usize, JumpLine)>,
    /// `（紧接第一版）`: the block holding it and the marker.
    pub continuation_jump: Option<(usize, JumpLine)>,
    /// A photo item: a title and its caption.
    pub photo: bool,
    /// No more body text belongs here (a head jump line ended it).
    closed: bool,
}

impl Part {
    fn has_body(&self) -> bool {
        !self.paragraphs.is_empty()
    }

    /// The first and last block of the part in reading order.
    pub fn first_body_block(&self) -> Option<usize> {
        self.paragraphs.first().and_then(|p| p.first().copied())
    }

    pub fn last_body_block(&self) -> Option<usize> {
        self.paragraphs.last().and_then(|p| p.last().copied())
    }
}

/// The part a head jump line printed on its own goes with: the last one,
/// unless that one is finished (a photo's caption, text that signs off
/// with its credit, `……。（文周）`, or a titled story whose text ends a
/// paragraph) and the part before it stops mid-sentence (`……５０万亩粳稻`):
/// then the line was printed after a story set between the text it
/// continues and its jump. A story that ends a paragraph may jump too, but
/// a text cut mid-sentence must go on somewhere.
fn head_jump_owner(page: &Page, parts: &[Part]) -> usize {
    let last = parts.len() - 1;
    let finished = |p: &Part| {
        p.photo
            || p.last_body_block().is_some_and(|b| {
                let t = page.content(b);
                text::ends_with_credit(t) || (p.title.is_some() && page.blocks[b].kind == BlockKind::Body && text::ends_paragraph(t))
            })
    };
    let cut = |p: &Part| {
        !p.closed && p.head_jump.is_none() && p.last_body_block().is_some_and(|b| page.blocks[b].kind == BlockKind::Body && !text::ends_paragraph(page.content(b)))
    };
    if last > 0 && finished(&parts[last]) && cut(&parts[last - 1]) {
        last - 1
    } else {
        last
    }
}

/// Cut the page, in layout order, into article parts.
pub fn segment(page: &Page, page_index: usize, layout: &Layout) -> Vec<Part> {
    let mut parts: Vec<Part> = Vec::new();
    let new_part = |parts: &mut Vec<Part>| {
        parts.push(Part { page: page_index, ..Part::default() });
    };
    let mut prev: Option<usize> = None;
    for &i in &layout.order {
        let block = &page.blocks[i];
        let current_fresh = parts.last().map(|p| !p.has_body() && !p.closed && p.head_jump.is_none());
        match block.kind {
            BlockKind::Kicker => {
                new_part(&mut parts);
                parts.last_mut().unwrap().kicker = Some(i);
            }
            BlockKind::Title => {
                let reuse = parts.last().is_some_and(|p| p.kicker.is_some() && p.title.is_none() && !p.has_body());
                if !reuse {
                    new_part(&mut parts);
                }
                parts.last_mut().unwrap().title = Some(i);
            }
            BlockKind::Comment | BlockKind::PageHeader => {}
            BlockKind::Subtitle | BlockKind::Subhead | BlockKind::Byline => {
                if parts.is_empty() || parts.last().unwrap().closed {
                    new_part(&mut parts);
                }
                let p = parts.last_mut().unwrap();
                match block.kind {
                    BlockKind::Subtitle if p.subtitle.is_none() => p.subtitle = Some(i),
                    BlockKind::Byline => p.bylines.push(i),
                    _ => p.subheads.push(i),
                }
            }
            BlockKind::Caption => {
                let photo = parts.last().is_some_and(|p| p.title.is_some() && !p.has_body() && !p.closed);
                if !photo {
                    new_part(&mut parts);
                }
                let p = parts.last_mut().unwrap();
                p.paragraphs.push(vec![i]);
                // Untitled text after a caption is the story the photo
                // illustrates (`图为……` leading a news item), so the part stays open.
                p.photo = photo;
            }
            BlockKind::JumpLine => {
                if let Some(m) = block.jump_continuation.clone() {
                    // A repeated title before the marker keeps its part.
                    if current_fresh != Some(true) || parts.last().is_some_and(|p| p.continuation_jump.is_some()) {
                        new_part(&mut parts);
                    }
                    parts.last_mut().unwrap().continuation_jump = Some((i, m));
                }
                // A block of both (`（上接第二版）` over `（续第三版）`) opens and closes its part.
                if let Some(m) = block.jump_head.clone() {
                    if parts.is_empty() {
                        new_part(&mut parts);
                    }
                    let owner = head_jump_owner(page, &parts);
                    parts[owner].head_jump = Some((i, m));
                    parts[owner].closed = true;
                    parts.last_mut().unwrap().closed = true;
                }
            }
            BlockKind::Body => {
                if let Some(m) = block.jump_continuation.clone() {
                    let fresh_after_title = current_fresh == Some(true)
                        && parts.last().is_some_and(|p| p.continuation_jump.is_none());
                    if !fresh_after_title {
                        new_part(&mut parts);
                    }
                    parts.last_mut().unwrap().continuation_jump = Some((i, m));
                } else if parts.is_empty() || parts.last().unwrap().closed {
                    new_part(&mut parts);
                }
                let continues = prev.is_some_and(|q| layout.joined[q]);
                let p = parts.last_mut().unwrap();
                p.photo = false;
                match p.paragraphs.last_mut() {
                    Some(last) if continues && last.last() == prev.as_ref() => last.push(i),
                    _ => p.paragraphs.push(vec![i]),
                }
                if let Some(m) = block.jump_head.clone() {
                    p.head_jump = Some((i, m));
                    p.closed = true;
                }
            }
        }
        prev = Some(i);
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Source;

    fn page(text: &str) -> Page {
        Page::parse(Source::from_bytes("p.md", text.as_bytes().to_vec()).unwrap())
    }

    fn summary(text: &str) -> Vec<(Option<String>, usize, bool, bool)> {
        let pg = page(text);
        let layout = Layout::identity(&pg);
        segment(&pg, 0, &layout)
            .iter()
            .map(|p| (p.title.map(|t| pg.content(t).to_string()), p.paragraphs.len(), p.head_jump.is_some(), p.continuation_jump.is_some()))
            .collect()
    }

    #[test]
    fn photo_item_then_orphan_continuation() {
        let text = "# “小哥之夜”颁奖礼桐庐举行\n\n图为颁奖典礼现场。\n\n（紧接第一版）今年1至9月，实现数字贸易进出口总额5551亿元。\n\n数据印证着浙江潜能。";
        assert_eq!(
            summary(text),
            vec![(Some("“小哥之夜”颁奖礼桐庐举行".into()), 1, false, false), (None, 2, false, true)]
        );
    }

    #[test]
    fn text_after_a_caption_is_the_photo_story() {
        let text = "# 胡桃汉仙湘国\n\n图为有关领导在慰问交警劳模吴贱安（右一）。（胡桃摄）\n\n把夹衣叠起，把棉衣抖开，秋尽冬来了。\n\n在湖南省委授予称号后，该支队又迈开了大步。\n\n# 下一篇\n\n正文。";
        assert_eq!(summary(text), vec![(Some("胡桃汉仙湘国".into()), 3, false, false), (Some("下一篇".into()), 1, false, false)]);
        let pg = page(text);
        assert!(!segment(&pg, 0, &Layout::identity(&pg))[0].photo);
        let pg = page("# 颁奖礼举行\n\n图为颁奖典礼现场。\n\n# 下一篇\n\n正文。");
        assert!(segment(&pg, 0, &Layout::identity(&pg))[0].photo);
    }

    #[test]
    fn kicker_title_byline_body() {
        let text = "## 浙江省政府给予18人记功奖励\n\n# 跳桥救人小哥彭清林等，一等功！\n\n本报记者 王逸群\n\n他们中，有桥上、岸边的奋勇者。\n\n### 小标题\n\n第二段。";
        assert_eq!(summary(text), vec![(Some("跳桥救人小哥彭清林等，一等功！".into()), 2, false, false)]);
    }

    #[test]
    fn head_jump_closes_the_part() {
        let text = "# 甲\n\n正文，没有完（下转第二版）\n\n正文没有标题。";
        assert_eq!(summary(text), vec![(Some("甲".into()), 1, true, false), (None, 1, false, false)]);
        let text = "# 甲\n\n正文完了。\n\n（转第四版）\n\n# 乙\n\n正文。";
        assert_eq!(summary(text), vec![(Some("甲".into()), 1, true, false), (Some("乙".into()), 1, false, false)]);
    }

    #[test]
    fn a_jump_line_after_a_whole_story_goes_with_the_text_cut_before_it() {
        // Written for this test: a story printed between the text a jump
        // cuts mid-sentence and its jump line.
        let text = "# 甲\n\n今年全县新修水渠八十公里，灌溉面积扩大到\n\n# 乙\n\n县图书馆新馆今天开放，藏书十万册。\n\n（下转第三版）";
        assert_eq!(summary(text), vec![(Some("甲".into()), 1, true, false), (Some("乙".into()), 1, false, false)]);
        // The text before ends its paragraph: the line is the last story's.
        let text = "# 甲\n\n今年全县新修水渠八十公里。\n\n# 乙\n\n县图书馆新馆今天开放，藏书十万册。\n\n（下转第三版）";
        assert_eq!(summary(text), vec![(Some("甲".into()), 1, false, false), (Some("乙".into()), 1, true, false)]);
    }

    #[test]
    fn repeated_title_keeps_its_continuation() {
        let text = "# 历史的结论\n\n（上接第1版）\n\n邓小平同志刚逝世。\n\n上一篇的正文。\n\n（接第一版）音。而山东亲人来信给她。";
        assert_eq!(
            summary(text),
            vec![(Some("历史的结论".into()), 2, false, true), (None, 1, false, true)]
        );
    }
}
