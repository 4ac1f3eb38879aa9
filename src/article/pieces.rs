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
use super::matter::is_references_heading;
use super::paragraphs::{is_caption, is_heading, page_widths};
use ocrclean_text::is_ideograph;
use ocrclean_text::markers::is_note_start;
use ocrclean_text::width::str_half_width;
use std::collections::HashSet;

/// Half-width units a rejoined line may exceed the page's body width by (a mark set
/// half width, a Latin word's measured width).
const SLACK: u32 = 3;
/// Characters of a piece too short to be a printed line of running text.
const TINY: usize = 2;
/// An export cuts lines into pieces when one line in this many was joined to another.
const CUT_SHARE: usize = 30;
/// Runs after a line's sentence-closing start that may make up the rest of the line.
const REST_RUNS: usize = 3;

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
    let width_of = |page: usize| widths.get(page).copied().unwrap_or(0);
    crate::work::spend(lines.len());
    let cites = citing_pieces(&lines);
    let mut runs: Vec<Run> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let (line, end) = run_from(&lines, &cites, i, width_of(lines[i].page));
        runs.push(Run {
            line,
            cites: cites[i],
        });
        i = end;
    }
    // An export that cuts lines into pieces shows it on many lines; elsewhere a short
    // line is what it looks like, and a line holding Latin words or digits may measure
    // short of the body when full.
    let cut = (lines.len() - runs.len()) * CUT_SHARE >= lines.len();
    let mut out: Vec<Printed> = Vec::with_capacity(runs.len());
    let mut k = 0;
    while k < runs.len() {
        let taken = if cut {
            out.last()
                .map_or(0, |acc| line_rest(acc, &runs[k..], width_of(acc.page)))
        } else {
            0
        };
        match out.last_mut().filter(|_| taken > 0) {
            Some(acc) => {
                for run in &runs[k..k + taken] {
                    join(acc, &run.line);
                }
                k += taken;
            }
            None => {
                out.push(runs[k].line.clone());
                k += 1;
            }
        }
    }
    out
}

/// How many of the runs after `acc`, a printed line's start that closed a sentence
/// (`…农户收入。` + `样本中约有 77.4%`), are the rest of that line: up to [`REST_RUNS`]
/// runs that fit beside it, the last too short for any printed line of running text
/// (four half-width units short of the body at least: a paragraph's first line lacks
/// only its indent, two ideographs), leaving its sentence open, with the text after it
/// too long to share its line. The runs before the last may close sentences
/// (`差距。` + `正如某所指出的，…[2]。` + `与此`). 0 when there is none.
fn line_rest(acc: &Printed, runs: &[Run], width: u32) -> usize {
    if !ends_sentence(&acc.text) {
        return 0;
    }
    // Lines set with inter-character shrink hold a few units more than the body's
    // measured width.
    let room = width + SLACK.max(width / 12);
    let mut total = acc.width;
    for (m, Run { line: run, cites }) in runs.iter().take(REST_RUNS).enumerate() {
        total += run.width;
        if run.page != acc.page || total > room || !(*cites || starts_own_line(&run.text)) {
            return 0;
        }
        let next_too_long = runs
            .get(m + 1)
            .is_some_and(|n| n.line.page == run.page && run.width + n.line.width > width + SLACK);
        // One or two ideographs after a sentence's end are a printed line's last
        // (`…检验。` + `正` + `如某所指出的，`): `-raw` cuts them off at the
        // justified line's wide end gap far more often than a paragraph's first line.
        let tiny = run.text.chars().count() <= TINY && run.text.chars().all(is_ideograph);
        if run.width + 8 <= width && !ends_sentence(&run.text) && (next_too_long || tiny) {
            return m + 1;
        }
    }
    0
}

/// The printed line starting at piece `i`: the pieces after it joined while they fit in
/// `width` and meet at a seam (or after a tiny piece). Returns it and the index after it.
fn run_from(lines: &[Printed], cites: &[bool], i: usize, width: u32) -> (Printed, usize) {
    let mut run = lines[i].clone();
    // Whether the last piece joined was a tiny one (a letter-spaced word cut after a
    // character): the next piece goes on with it.
    let mut tiny_joined = false;
    let mut j = i + 1;
    while let Some(line) = lines.get(j) {
        // A piece opening with a mark that cites a note goes on with the text it
        // follows, whatever that ended with (`…进行检验。` + `①湖南`).
        let fits = run.page == line.page
            && run.width + line.width <= width + SLACK
            && !is_heading(&run.text)
            && !is_note_start(&run.text)
            && (cites[j]
                || ((tiny_joined || seam(&run.text, &line.text))
                    && !ends_sentence(&run.text)
                    && starts_own_line(&line.text)));
        if !fits {
            break;
        }
        join(&mut run, line);
        tiny_joined = line.text.chars().count() <= TINY;
        j += 1;
    }
    (run, j)
}

/// A run of pieces put back into one line, and whether it opens with a mark citing a note.
struct Run {
    line: Printed,
    cites: bool,
}

/// Which lines open with a footnote mark that cites a note rather than starting it: a
/// later line of the same page opens with the same mark (the note, at the page's foot).
/// `-raw` cuts a printed line after a raised mark's baseline shift, so the mark the text
/// before it closed leads the next piece (`进行检验。` / `①湖南`).
fn citing_pieces(lines: &[Printed]) -> Vec<bool> {
    let mut later: HashSet<(usize, &str)> = HashSet::new();
    let mut cites = vec![false; lines.len()];
    for (i, line) in lines.iter().enumerate().rev() {
        if let Some(mark) = footnote_mark(&line.text) {
            cites[i] = !later.insert((line.page, mark));
        }
    }
    cites
}

/// Whether a line may continue a printed line: not a heading (the reference list's
/// too), a caption, a note's mark or label, a table note, which start lines of their own.
fn starts_own_line(text: &str) -> bool {
    !(is_heading(text)
        || is_references_heading(text)
        || is_caption(text)
        || footnote_mark(text).is_some()
        || label_of(text).is_some()
        || is_note_start(text))
}

/// Appends piece `line` to `acc`.
fn join(acc: &mut Printed, line: &Printed) {
    join_onto(&mut acc.text, &line.text);
    acc.raw.push(' ');
    acc.raw.push_str(&line.raw);
    acc.width = str_half_width(&acc.text);
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
    fn a_printed_line_opening_with_a_sentence_end() {
        // `…结束。样本中约有` printed on one line, cut after the full stop; the next
        // paragraph's first line, short only by its indent, stays apart.
        // Only in an export that cuts lines (`据说，` + `如此。` shows it; a full line
        // after them, for all three would fit in one).
        let full = "一二三四五六七八九十一二三四五六七八九十";
        assert_eq!(
            tail(page(&[
                "据说，",
                "如此。",
                full,
                "前面的句子到此结束。",
                "样本中约有",
                full
            ])),
            ["据说，如此。", full, "前面的句子到此结束。样本中约有", full]
        );
        let first = "下一段开始的一二三四五六七八九十一二";
        assert_eq!(
            tail(page(&["据说，", "如此。", "到此结束。", first, full])),
            ["据说，如此。", "到此结束。", first, full]
        );
        assert_eq!(
            tail(page(&["前面的句子到此结束。", "样本中约有", full])),
            ["前面的句子到此结束。", "样本中约有", full]
        );
        // The rest of the line may be longer than two thirds of one (`年均增长2.5%。`
        // + `进一步看，中部地区…这与供给侧`), as long as it is shorter than a first line.
        assert_eq!(
            tail(page(&[
                "据说，",
                "如此。",
                "增长。",
                "进一步看，",
                "中部地区的一二三四五",
                full
            ])),
            ["据说，如此。", "增长。进一步看，中部地区的一二三四五", full]
        );
    }

    #[test]
    fn a_mark_citing_a_note_goes_on_with_its_line() {
        // `-raw` cuts after the raised mark; the note it cites opens a later line.
        assert_eq!(
            tail(page(&[
                "基于面板数据进行检验。",
                "①湖南",
                "的收入由此上升。",
                "①限于篇幅，备索。"
            ])),
            [
                "基于面板数据进行检验。①湖南",
                "的收入由此上升。",
                "①限于篇幅，备索。"
            ]
        );
        // Without the note below it, a line opening with a mark is a note's.
        assert_eq!(
            tail(page(&["基于面板数据进行检验。", "①湖南"])),
            ["基于面板数据进行检验。", "①湖南"]
        );
    }

    #[test]
    fn a_line_rest_after_sentences_closed_on_it() {
        // `差距。` + `正如某所指出的，…[2]。` + `与此` were one printed line: the last
        // piece leaves its sentence open and the text after it fills a line of its own.
        let full = "一二三四五六七八九十一二三四五六七八九十";
        assert_eq!(
            tail(page(&[
                "据说，",
                "如此。",
                full,
                "差距。",
                "正如所说，",
                "一致。",
                "与此",
                full
            ])),
            ["据说，如此。", full, "差距。正如所说，一致。与此", full]
        );
        // One or two ideographs after a sentence's end end the line, whatever follows.
        assert_eq!(
            tail(page(&[
                "据说，",
                "如此。",
                full,
                "到此结束。",
                "样",
                "本中约有一二三四五六七八九十"
            ])),
            [
                "据说，如此。",
                full,
                "到此结束。样",
                "本中约有一二三四五六七八九十"
            ]
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
            &[
                "到此结束。",
                "参考文献：",
                "[1] 作者. 题名[J]. 期刊名称, 2020, 12(3): 45-67.",
            ],
            &["（一）研究设计", "本文采用，"],
        ] {
            assert_eq!(tail(page(texts)), texts, "{texts:?}");
        }
    }
}
