//! Figures and tables a typesetter floated to a page's foot, below a paragraph that runs on
//! at the next page's top. A text layer dumps the page in print order, so the float's
//! labels, caption and cells come between the two halves of a sentence:
//!
//! ```text
//! 主要优化路径有：提升单机功率；采用更合理的电路     <- the page's last body line, unfinished
//! 新型储能技术 / 物理储能 / …                          <- the figure's labels
//! 图5 新型储能技术分类 / Fig. 5 …                     <- its caption
//! ---- page break (head, number gone) ----
//! 拓扑结构；模块集成提高整体运作效率。…               <- the sentence goes on
//! ```
//!
//! The float is moved after the paragraph it interrupts: after the first line of the next
//! page that ends a sentence and leaves room for more (the paragraph's last line), so the
//! paragraph rejoins and the float still stands whole (a table keeps its caption and rows).
//! What is read: the page's last running line does not end a sentence, every line after
//! it on the page is float material (a caption among them, short labels before it), and
//! the next page opens with running text.

use super::lines::{ends_sentence, first_unit_width, Printed};
use super::paragraphs::{body_width, is_caption, is_heading};
use regex::Regex;
use std::sync::OnceLock;

/// Farthest, in lines, the paragraph's end is looked for on the next page.
const MAX_RUN_ON: usize = 40;
/// Half-width units a full line may fall short of the body width (a mark set half width).
const FULL_SLACK: u32 = 3;
/// A paragraph's first-line indent, in half-width units (two CJK characters).
const INDENT: u32 = 4;

/// Moves floats that split a paragraph across a page break after that paragraph.
pub fn move_after_paragraphs(lines: &mut Vec<Printed>) {
    crate::work::spend(lines.len());
    let width = body_width(lines);
    if width == 0 {
        return;
    }
    // Each page's range of lines.
    let mut starts: Vec<usize> = (0..lines.len())
        .filter(|&i| i == 0 || lines[i].page != lines[i - 1].page)
        .collect();
    starts.push(lines.len());
    // Moves as (float start, float end = next page's start, paragraph end): the lines
    // `float start..float end` go after line `paragraph end`.
    let mut moves: Vec<(usize, usize, usize)> = Vec::new();
    for w in starts.windows(2) {
        let (a, b) = (w[0], w[1]);
        if b >= lines.len() || moves.last().is_some_and(|m| m.2 >= a) {
            continue;
        }
        let Some(float) = foot_float(&lines[a..b], width) else {
            continue;
        };
        // The page's last body line was cut by the page's end: full, the next page's
        // first unit would not have fitted on it (a paragraph's first line, after a line
        // ending a sentence, has its indent less room).
        let at = a + float - 1;
        let last = &lines[at];
        let first_line = at > a && ends_sentence(&lines[at - 1].text);
        let slack = FULL_SLACK + if first_line { INDENT } else { 0 };
        if !opens_with_text(&lines[b], width)
            || last.width + first_unit_width(&lines[b].text) + slack <= width
        {
            continue;
        }
        if let Some(end) = paragraph_end(lines, b, width) {
            moves.push((a + float, b, end));
        }
    }
    if moves.is_empty() {
        return;
    }
    let mut taken: Vec<Option<Printed>> = std::mem::take(lines).into_iter().map(Some).collect();
    let mut out = Vec::with_capacity(taken.len());
    let mut next = moves.iter().peekable();
    let mut i = 0;
    while i < taken.len() {
        match next.peek() {
            Some(&&(from, to, end)) if i == from => {
                out.extend(taken[to..=end].iter_mut().filter_map(Option::take));
                out.extend(taken[from..to].iter_mut().filter_map(Option::take));
                next.next();
                i = end + 1;
            }
            _ => {
                out.extend(taken[i].take());
                i += 1;
            }
        }
    }
    *lines = out;
}

/// The paragraph's last line from line `from` on: a line ending a sentence that leaves
/// room for the next line's first unit (or the last line), or a line ending a sentence
/// before a heading or caption. None when a heading or caption comes in mid-sentence, or
/// no end within `MAX_RUN_ON` lines.
fn paragraph_end(lines: &[Printed], from: usize, width: u32) -> Option<usize> {
    for i in from..lines.len().min(from + MAX_RUN_ON) {
        let line = &lines[i];
        if i > from && (is_heading(&line.text) || is_caption(&line.text)) {
            // A heading or caption ends the paragraph before it, if its sentence ended.
            return ends_sentence(&lines[i - 1].text).then_some(i - 1);
        }
        if ends_sentence(&line.text)
            && lines
                .get(i + 1)
                .is_none_or(|n| line.width + first_unit_width(&n.text) <= width)
        {
            return Some(i);
        }
    }
    None
}

/// A running line: as wide as half the body at least, no heading or caption.
fn running(line: &Printed, width: u32) -> bool {
    !short_label(line, width) && !is_heading(&line.text) && !caption_start(&line.text)
}

/// The next page opens with running text that continues a sentence.
fn opens_with_text(line: &Printed, width: u32) -> bool {
    !is_heading(&line.text)
        && !is_caption(&line.text)
        && (line.width * 2 >= width || !ends_sentence(&line.text))
}

/// The float at the page's foot: where it starts on the page. The lines after a running
/// line that leaves a sentence unfinished, when a caption follows it with only short
/// labels between (a figure's) and nothing from the caption to the page's end reads as the
/// page going on (a heading, a wide line of sentences). Of several floats on a page, the
/// earliest such caption (a second figure may stand below the first).
fn foot_float(page: &[Printed], width: u32) -> Option<usize> {
    // Whether a line from here to the page's end reads as the page going on.
    let mut prose_from = vec![false; page.len() + 1];
    for i in (0..page.len()).rev() {
        let l = &page[i];
        let prose = is_heading(&l.text)
            || (!caption_start(&l.text)
                && l.width * 5 >= width * 4
                && l.text.contains(['。', '，']));
        prose_from[i] = prose || prose_from[i + 1];
    }
    let mut labels = 0;
    for (i, line) in page.iter().enumerate() {
        if caption_start(&line.text) {
            if !prose_from[i] && labels < i {
                let body = &page[i - labels - 1];
                let ok = running(body, width) && !ends_sentence(&body.text);
                return ok.then_some(i - labels);
            }
            labels = 0;
        } else if short_label(line, width) && !ends_sentence(&line.text) {
            // A short line ending a sentence is the paragraph's last line (`[4]。`).
            labels += 1;
        } else {
            labels = 0;
        }
    }
    None
}

/// A caption's first line, however long (an English caption runs wide).
fn caption_start(text: &str) -> bool {
    static RULE: OnceLock<Regex> = OnceLock::new();
    RULE.get_or_init(|| {
        Regex::new(r"^(?:续?[图表]\s*\d+|(?i:fig(?:ure)?|tab(?:le)?)\.?\s*\d+)")
            .expect("valid caption rule")
    })
    .is_match(text.trim_start())
}

/// A figure's label: well short of the body width.
fn short_label(line: &Printed, width: u32) -> bool {
    line.width * 5 <= width * 3
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(texts: &[&str], p: usize) -> Vec<Printed> {
        texts.iter().map(|t| Printed::new(*t, p)).collect()
    }

    fn texts(lines: &[Printed]) -> Vec<&str> {
        lines.iter().map(|l| l.text.as_str()).collect()
    }

    const FULL: &str = "城市交通治理是一项系统工程需要统筹规划分步";

    #[test]
    fn a_figure_at_the_foot_moves_after_the_paragraph() {
        let mut lines = page(&[FULL, FULL, "实施并且持续投入资源，主要路径有：提升"], 0);
        lines.extend(page(
            &["交通网络", "公交", "图3 交通网络结构", "Fig. 3 Network"],
            0,
        ));
        lines.extend(page(&["单机功率和采用更合理的结构。", FULL, "第二段。"], 1));
        move_after_paragraphs(&mut lines);
        assert_eq!(
            texts(&lines),
            [
                FULL,
                FULL,
                "实施并且持续投入资源，主要路径有：提升",
                "单机功率和采用更合理的结构。",
                "交通网络",
                "公交",
                "图3 交通网络结构",
                "Fig. 3 Network",
                FULL,
                "第二段。"
            ]
        );
    }

    #[test]
    fn a_table_at_the_foot_keeps_its_rows_and_moves() {
        let mut lines = page(&[FULL, FULL, "这一问题属于多目标、多约束、非线性规划的"], 0);
        lines.extend(page(
            &["表 3 各地政策", "时间", "地区", "2021.01", "青海"],
            0,
        ));
        lines.extend(page(&["问题", "为了求解这一问题，学者采取算法。", FULL], 1));
        move_after_paragraphs(&mut lines);
        assert_eq!(
            texts(&lines)[2..8],
            [
                "这一问题属于多目标、多约束、非线性规划的",
                "问题",
                "为了求解这一问题，学者采取算法。",
                "表 3 各地政策",
                "时间",
                "地区"
            ]
        );
    }

    #[test]
    fn a_float_after_a_finished_paragraph_stays() {
        let mut lines = page(&[FULL, FULL, "实施并且持续投入资源以便得出结论。"], 0);
        lines.extend(page(&["交通网络", "图3 交通网络结构"], 0));
        lines.extend(page(&["单机功率和采用更合理的结构。", FULL], 1));
        let before = lines.clone();
        move_after_paragraphs(&mut lines);
        assert_eq!(lines, before);
    }

    #[test]
    fn text_after_the_float_on_its_page_keeps_it_in_place() {
        // Prose after the caption: the float is inside the page, not at its foot.
        let mut lines = page(&[FULL, FULL, "实施并且持续投入资源，主要路径有：提升"], 0);
        lines.extend(page(&["交通网络", "图3 交通网络结构"], 0));
        lines.extend(page(&[FULL, "城市交通治理是一项系统工程需要统筹规划。"], 0));
        lines.extend(page(&["单机功率和采用更合理的结构。", FULL], 1));
        let before = lines.clone();
        move_after_paragraphs(&mut lines);
        assert_eq!(lines, before);
    }

    #[test]
    fn a_heading_closes_the_paragraph_the_float_goes_after() {
        let mut lines = page(&[FULL, FULL, "实施并且持续投入资源，主要路径有：提升"], 0);
        lines.extend(page(&["交通网络", "图3 交通网络结构"], 0));
        lines.extend(page(
            &[
                "单机功率和采用更合理的结构以便得",
                "出结论并提出若干政策建议等内容。",
                "2 数据来源",
            ],
            1,
        ));
        move_after_paragraphs(&mut lines);
        assert_eq!(
            texts(&lines)[3..],
            [
                "单机功率和采用更合理的结构以便得",
                "出结论并提出若干政策建议等内容。",
                "交通网络",
                "图3 交通网络结构",
                "2 数据来源"
            ]
        );
    }
}
