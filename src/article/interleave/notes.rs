//! Notes cut into pieces among the other column's blocks.
//!
//! A note set at a column's foot (a footnote, a first-page note) sits beside the other
//! column's running lines, and plain `pdftotext` deals the two in turn: the note's first
//! line or two, a block of the other column, then the note's last line (`［基金项目］…“农村
//! 电子商务与` … `财政可持续性协同机制研究”（18ZD171）`). Two columns' footnotes side by
//! side come as both first lines, then both last lines. Left there, the note ends early
//! and its tail becomes a line of the body.
//!
//! A note is unfinished when its last line ends neither a sentence, nor a bracket, nor a
//! number (a date, a project's code). A short block after it, within a few blocks, is its
//! tail when it joins the note's last line (the article's n-grams across the junction,
//! as the columns are chained) better than it joins the last line of any column block
//! before it; a piece opening with a mark no printed line starts with (`，女，…`), or too
//! short for a line of running text (`齐。`), is a piece by its shape as well. The tail
//! is moved to its note; every line is kept.

use super::{starts_note, width, Block, Grams, Kind, WEAK};
use crate::article::lines::ends_sentence;

/// Column blocks a note's tail may lie after it (and column blocks looked back at for
/// a column line the tail might continue instead).
const WINDOW: usize = 3;
/// Most lines a note's tail has (its last line, with the one before it).
const PIECE_LINES: usize = 2;
/// A piece narrower than this share of the column (hundredths) is too short for a line of
/// running text but a paragraph's last.
const TINY_SHARE: u32 = 20;
/// Points for a tail's shape: it opens with a mark no printed line starts with, or is tiny.
const SHAPE: i32 = 3;

/// Whether a note's last line leaves it unfinished.
fn unfinished(text: &str) -> bool {
    let t = text.trim_end();
    let Some(last) = t.chars().next_back() else {
        return false;
    };
    !(ends_sentence(t) || last.is_ascii_digit() || closes(last))
}

/// A closing bracket ends a note (a project's code) or a piece of it the extractor cut
/// off at the glue after it (`［作者简介］张三（1980—）` + `，女，…`).
fn closes(c: char) -> bool {
    matches!(c, '）' | ')' | '］' | '】')
}

/// Whether only a piece opening with a cut mark may go on with a note ending so.
fn cut_only(text: &str) -> bool {
    text.trim_end().chars().next_back().is_some_and(closes)
}

/// Whether a line opens with a mark a printed line never starts with: the extractor cut
/// the line there.
fn opens_cut(text: &str) -> bool {
    text.trim_start()
        .starts_with(|c: char| "，。、；：）》”".contains(c))
}

fn is_note(block: &Block) -> bool {
    block.kind == Kind::Tail && starts_note(&block.lines[0].text)
}

/// Moves each unfinished note's tail into the note (see the module comment).
pub(super) fn follow(blocks: Vec<Block>, grams: &Grams) -> Vec<Block> {
    let n = blocks.len();
    // Each block's note, when it is a note's tail.
    let mut owner: Vec<Option<usize>> = vec![None; n];
    // Unfinished notes: (block, column blocks seen since it, whether it ends at a
    // bracket).
    let mut open: Vec<(usize, usize, bool)> = Vec::new();
    // Each note's latest tail (the block its last line is in): itself at first.
    let mut latest: Vec<usize> = (0..n).collect();
    for i in 0..n {
        crate::work::spend(open.len() + WINDOW);
        let block = &blocks[i];
        if is_note(block) {
            let last = &block.lines[block.lines.len() - 1].text;
            if unfinished(last) || cut_only(last) {
                open.push((i, 0, cut_only(last)));
            }
            continue;
        }
        if !matches!(block.kind, Kind::Text | Kind::Cell) {
            continue;
        }
        open.retain(|&(_, seen, _)| seen <= WINDOW);
        if open.is_empty() {
            continue;
        }
        let head = &block.lines[0].text;
        if block.lines.len() <= PIECE_LINES {
            let mut shape = 0;
            if opens_cut(head) {
                shape += SHAPE;
            }
            if block.lines.len() == 1 && width(head) * 100 < grams.column * TINY_SHARE {
                shape += SHAPE;
            }
            // The best note for it, the earliest on a tie.
            let cut = opens_cut(head);
            let best = open
                .iter()
                .enumerate()
                .filter(|(_, &(_, _, bracket))| cut || !bracket)
                .map(|(k, &(note, _, _))| {
                    let tail = &blocks[latest[note]].lines;
                    (k, grams.junction(&tail[tail.len() - 1].text, head) + shape)
                })
                .max_by_key(|&(k, score)| (score, std::cmp::Reverse(k)));
            // The column lines it might continue instead: the last column blocks before
            // it, but for one that another block after it continues better.
            let column_block = |j: usize| {
                owner[j].is_none()
                    && matches!(blocks[j].kind, Kind::Text | Kind::Cell | Kind::Heading)
            };
            let column = (0..i)
                .rev()
                .filter(|&j| column_block(j))
                .take(WINDOW)
                .filter_map(|j| {
                    let end = &blocks[j].lines[blocks[j].lines.len() - 1].text;
                    let here = grams.junction(end, head);
                    let elsewhere = (j + 1..n)
                        .filter(|&u| u != i && column_block(u))
                        .take(WINDOW + 1)
                        .map(|u| grams.junction(end, &blocks[u].lines[0].text))
                        .max()
                        .unwrap_or(i32::MIN);
                    (here >= elsewhere).then_some(here)
                })
                .max()
                .unwrap_or(i32::MIN);
            // A weak join will do for a note's last line (short of the column, finishing
            // the note) that no column line before it continues at all.
            let last = &block.lines[block.lines.len() - 1].text;
            let floor = if width(last) < grams.column && !unfinished(last) && column <= 0 {
                1
            } else {
                WEAK
            };
            if let Some((k, _)) = best.filter(|&(_, s)| s >= floor && s > column) {
                let note = open[k].0;
                owner[i] = Some(note);
                latest[note] = i;
                // A tail ending at a bracket closes its note (a project's code).
                if !unfinished(&block.lines[block.lines.len() - 1].text) {
                    open.remove(k);
                } else {
                    open[k].2 = false;
                }
                continue;
            }
        }
        for entry in &mut open {
            entry.1 += 1;
        }
    }
    let mut out: Vec<Option<Block>> = blocks.into_iter().map(Some).collect();
    for i in 0..n {
        if let Some(note) = owner[i] {
            let piece = out[i].take().expect("a tail is moved once");
            out[note]
                .as_mut()
                .expect("a note is never a tail")
                .lines
                .extend(piece.lines);
        }
    }
    out.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::super::{blocks, Grams};
    use super::*;
    use crate::article::Line;

    fn lines(texts: &[&str]) -> Vec<Line> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| Line::new(*t, i))
            .collect()
    }

    fn texts(blocks: &[Block]) -> Vec<Vec<&str>> {
        blocks
            .iter()
            .map(|b| b.lines.iter().map(|l| l.text.as_str()).collect())
            .collect()
    }

    #[test]
    fn a_notes_tail_among_the_other_columns_lines_goes_back_to_it() {
        let column = "右栏的分析表明财政分权与地方治理之间存在稳";
        let page = lines(&[
            "［基金项目］国家社会科学基金一般项目“农村电子商务与",
            "",
            "健的关联，其作用方向取决于地方治理的结构和",
            "",
            "财政可持续性协同机制研究”（18ZD171）",
            "",
            "［作者简介］张三（1980—）",
            "",
            "制度环境。",
            "",
            "，女，辽宁人，教授，研究方",
            "",
            "向为农村电子商务与空间溢出。",
            "",
            "②参见某某：《农村电子商务的理论逻辑与实践进路》，载《管理科",
            "①参见某某：《农村电子商务的理论逻辑与实践进路》，载《农业经",
            "",
            "学论丛》2015 年第 9 期。",
            "",
            "济问题探索》2016 年第 1 期。",
        ]);
        // The article's own lines: these words occur inside lines elsewhere.
        let context = lines(&[
            "电子商务与财政的关系，研究方向，经济学科学",
            "数据来自管理科学与农业经济问题",
        ]);
        let grams = Grams::new(&[page.clone(), context], width(column));
        let out = follow(blocks(page, width(column)), &grams);
        assert_eq!(
            texts(&out),
            vec![
                vec![
                    "［基金项目］国家社会科学基金一般项目“农村电子商务与",
                    "财政可持续性协同机制研究”（18ZD171）"
                ],
                vec!["健的关联，其作用方向取决于地方治理的结构和"],
                vec![
                    "［作者简介］张三（1980—）",
                    "，女，辽宁人，教授，研究方",
                    "向为农村电子商务与空间溢出。"
                ],
                vec!["制度环境。"],
                vec![
                    "②参见某某：《农村电子商务的理论逻辑与实践进路》，载《管理科",
                    "学论丛》2015 年第 9 期。"
                ],
                vec![
                    "①参见某某：《农村电子商务的理论逻辑与实践进路》，载《农业经",
                    "济问题探索》2016 年第 1 期。"
                ],
            ]
        );
    }

    #[test]
    fn a_column_line_that_continues_its_column_stays() {
        // The note is unfinished, but the short line after it completes the column's
        // word better than the note's.
        let column = "右栏的分析表明财政分权与地方治理之间存在稳";
        let page = lines(&[
            "左栏的分析表明财政分权与地方治理之间存在差",
            "",
            "①参见某某：《农村电子商务的理论逻辑与实践进路》，载《管理科",
            "",
            "异有关。",
        ]);
        let context = lines(&["这与结构的差异有关，管理科学", "异有"]);
        let grams = Grams::new(&[page.clone(), context], width(column));
        let out = follow(blocks(page, width(column)), &grams);
        assert_eq!(out.len(), 3);
    }

    #[test]
    fn finished_notes() {
        assert!(!unfinished("［收稿日期］2016-12-03"));
        assert!(!unfinished("人力资本积累协同机制研究”（21ZD144）"));
        assert!(!unfinished("学论丛》2015 年第 9 期。"));
        assert!(unfinished("，女，辽宁人，教授，研究方"));
        assert!(unfinished("详见附录"));
    }
}
