//! Printed lines an extractor cut into pieces, put back together.
//!
//! `pdftotext -raw` ends a line wherever the glyph runs of a printed line leave a wide
//! gap: around full-width punctuation the font sets with glue (`，` `（` `《`) and inside
//! a letter-spaced stretch. One printed line then arrives as two to four short lines
//! (`属于这种情况，` / `PM2.5 指标的均值为 0.937，` / `标准差为 81.10。`), and the last piece,
//! short and ending a sentence, looks like a paragraph's end; a note cut so spans more
//! lines than a note has. The pieces are put back while they fit in one line of the page
//! and their seam is one no printed line end leaves: a clause mark or an opening bracket
//! before it, a mark that may not start a line after it, a closing bracket meeting an
//! opening one, or a piece of one or two characters joined so before it. A line ending a
//! sentence, a heading, a caption, a note's mark or label (`①`, `收稿日期：`, `注：`)
//! start a line of their own; a table's note is left as printed, for the tables step
//! reads it under the rows line by line.

use super::labels::{footnote_mark, label_of};
use super::lines::{ends_sentence, join_onto, Printed};
use super::paragraphs::{is_caption, is_heading, page_widths};
use ocrclean_text::markers::is_note_start;
use ocrclean_text::width::str_half_width;

/// Half-width units a rejoined line may exceed the page's body width by (a mark set
/// half width, a Latin word's measured width).
const SLACK: u32 = 3;
/// Characters of a piece too short to be a printed line of running text.
const TINY: usize = 2;

/// Puts pieces of printed lines back into one line each (see the module comment).
///
/// ```
/// use ocrclean::article::{lines::Printed, pieces::rejoin};
/// let mut lines: Vec<Printed> = (0..8).map(|_| Printed::new("一二三四五六七八九十一二三四五六七八九十", 0)).collect();
/// lines.extend(["属于这种情况，", "样本均值为0.9，", "标准差为8.1。"].map(|t| Printed::new(t, 0)));
/// let lines = rejoin(lines);
/// assert_eq!(lines.last().unwrap().text, "属于这种情况，样本均值为0.9，标准差为8.1。");
/// ```
pub fn rejoin(lines: Vec<Printed>) -> Vec<Printed> {
    let widths = page_widths(&lines);
    let mut out: Vec<Printed> = Vec::with_capacity(lines.len());
    // Whether the last piece joined onto the line under construction was a tiny one (a
    // letter-spaced word cut after a character): the next piece goes on with it.
    let mut tiny_joined = false;
    crate::work::spend(lines.len());
    for line in lines {
        let chars = line.text.chars().count();
        if let Some(acc) = out.last_mut() {
            let width = widths.get(acc.page).copied().unwrap_or(0);
            if acc.page == line.page
                && acc.width + line.width <= width + SLACK
                && (tiny_joined || seam(&acc.text, &line.text))
                && !ends_sentence(&acc.text)
                && !is_heading(&acc.text)
                && !is_heading(&line.text)
                && !is_caption(&line.text)
                && footnote_mark(&line.text).is_none()
                && label_of(&line.text).is_none()
                && !is_note_start(&line.text)
                && !is_note_start(&acc.text)
            {
                join_onto(&mut acc.text, &line.text);
                acc.raw.push(' ');
                acc.raw.push_str(&line.raw);
                acc.width = str_half_width(&acc.text);
                tiny_joined = chars <= TINY;
                continue;
            }
        }
        tiny_joined = false;
        out.push(line);
    }
    out
}

/// Whether `before` and `after` meet where no printed line ends: a clause mark or an
/// opening bracket ends `before`, a mark that may not start a line starts `after`, or a
/// closing bracket meets an opening one. A reference entry (`[3]`) starts a line of its
/// own.
fn seam(before: &str, after: &str) -> bool {
    let (Some(end), Some(start)) = (before.chars().next_back(), after.chars().next()) else {
        return false;
    };
    if matches!(start, '[' | '［') {
        return false;
    }
    "，、：；（《“".contains(end)
        || "，、：；。）》”".contains(start)
        || ("）》".contains(end) && "（《".contains(start))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(texts: &[&str]) -> Vec<Printed> {
        let mut lines: Vec<Printed> = (0..8)
            .map(|_| Printed::new("一二三四五六七八九十一二三四五六七八九十", 0))
            .collect();
        lines.extend(texts.iter().map(|t| Printed::new(*t, 0)));
        lines
    }

    fn tail(lines: Vec<Printed>) -> Vec<String> {
        rejoin(lines).into_iter().skip(8).map(|l| l.text).collect()
    }

    #[test]
    fn pieces_of_one_line_become_one() {
        // A note cut at its brackets, and a letter-spaced word cut after one character.
        assert_eq!(
            tail(page(&["③数据来自《年鉴》", "（2015）", "，部分缺失。"])),
            ["③数据来自《年鉴》（2015），部分缺失。"]
        );
        assert_eq!(
            tail(page(&["属于这种情况，", "标", "准差为6。"])),
            ["属于这种情况，标准差为6。"]
        );
    }

    #[test]
    fn whole_lines_stay_apart() {
        // A title above its authors, a paragraph's last line before the next one, a note
        // after the text, two lines that would not fit in one, a reference heading.
        for texts in [
            &["模型与政策工具研究", "张三"][..],
            &["到此结束。", "下一段开始，"],
            &["正文未完，", "①注释的文字。"],
            &["正文未完（", "收稿日期：2020-01-02"],
            &["正文未完，", "注：数据来自年鉴。"],
            &["注：数据来自年鉴", "。"],
            &["一二三四五六七八九十一二，", "一二三四五六七八九十"],
            &["参考文献：", "[1] 作者. 题名[J]."],
            &["（一）研究设计", "本文采用，"],
        ] {
            assert_eq!(tail(page(texts)), texts, "{texts:?}");
        }
    }
}
