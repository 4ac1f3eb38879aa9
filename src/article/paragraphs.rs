//! Paragraphs rejoined from printed lines, from the lines' own geometry.
//!
//! A typesetter fills lines: a line ending a sentence that left room for the next line's
//! first unit (a CJK character with the closing marks that may not start a line, a Latin
//! word or a number as a whole) ends a paragraph. The body width is measured per page from
//! its own lines, and the first-line indent an export did not keep is measured from the
//! article's clear first lines, so a paragraph's first line has its own, shorter measure.
//! A full line ending a sentence ends one only when the next line is an indented first
//! line: as wide as one, with room left that a continuation line would have filled, or
//! indented in an export that keeps indents. Headings (`1 引言`, `一、`, `（一）`,
//! `1.2 …`) and captions stand alone. A line that does not end a sentence runs on, across
//! page breaks too: furniture between pages is gone by now.
//!
//! A flowed export (a paragraph per line) keeps its lines as paragraphs, except where a
//! long line stops mid-sentence: a page break cut it.

use super::lines::Printed;
use super::lines::{ends_sentence, first_unit_width, join_dehyphenated};
use crate::model::{LayoutKind, Removal};
use regex::Regex;
use std::sync::OnceLock;

/// Half-width units a line may fall short of the body width and still count as full (a
/// punctuation mark set half width, a Latin word that did not fit).
const FULL_SLACK: u32 = 3;
/// ASCII characters on a line per half unit of uncertainty in its measured width.
const DIGITS_PER_UNIT: u32 = 4;
/// Half units a page's measured body width may differ from the median page's and still be
/// the same measure, mismeasured.
const SAME_MEASURE: u32 = 4;
/// A paragraph's first-line indent, in half-width units (two CJK characters).
const INDENT: u32 = 4;

fn heading_rule() -> &'static Regex {
    static RULE: OnceLock<Regex> = OnceLock::new();
    RULE.get_or_init(|| {
        Regex::new(
            r"(?x)^(?:
                \d{1,2}(?:\.\d{1,2}){0,3}\.?\s*(?:[\p{Han}&&[^年月日份个万亿元所]]\s*\S|[A-Z][a-z])
              | [一二三四五六七八九十]{1,3}\s*[、.．]
              | [（(][一二三四五六七八九十]{1,3}[)）]
              | 第[一二三四五六七八九十\d]{1,3}[章节部分]
              | (?:引\s*言|前\s*言|结\s*语|结\s*论|致\s*谢|附\s*录)\s*$
            )",
        )
        .expect("valid heading rule")
    })
}

/// A figure or table caption line: `图1 …`, `表 2 …`, `Fig. 3 …`.
fn caption_rule() -> &'static Regex {
    static RULE: OnceLock<Regex> = OnceLock::new();
    RULE.get_or_init(|| {
        Regex::new(r"^(?:续?[图表]\s*\d+(?:[-.－]\d+)?|(?i:fig(?:ure)?|tab(?:le)?)\.?\s*\d+)")
            .expect("valid caption rule")
    })
}

/// Whether a printed line is a section heading: numbered, short, not a sentence.
///
/// ```
/// use ocrclean::article::paragraphs::is_heading;
/// assert!(is_heading("1 引言") && is_heading("2.1 数据来源") && is_heading("（二）研究方法"));
/// assert!(!is_heading("2021 年发布的指导意见明确提出，") && !is_heading("3) 票价为定值;"));
/// assert!(!is_heading("1和")); // a formula's residue: a heading says more than one word
/// ```
pub fn is_heading(text: &str) -> bool {
    let chars = text.chars().count();
    chars <= 30
        && heading_rule().is_match(text)
        && !text.ends_with(['。', '，', '；', ';', ',', '：', ':', '、'])
}

/// A line that is a paragraph of its own: a section heading, or the reference list's
/// heading (`参考文献：`; only here: for reading order it is no section boundary).
fn stands_alone(text: &str) -> bool {
    is_heading(text) || super::labels::is_references_heading(text)
}

/// Whether a printed line is a figure or table caption.
pub fn is_caption(text: &str) -> bool {
    text.chars().count() <= 50 && caption_rule().is_match(text) && !ends_sentence(text)
}

/// The body width of a set of lines in half-width units: the width most full lines
/// reach (the 80th percentile of lines long enough to be running text).
pub fn body_width(lines: &[Printed]) -> u32 {
    width_reached(lines.iter().map(|l| l.width).collect())
}

/// The 80th percentile of the widths of running-text length (0 when there are none).
fn width_reached(mut widths: Vec<u32>) -> u32 {
    widths.retain(|&w| w >= 12);
    if widths.is_empty() {
        return 0;
    }
    widths.sort_unstable();
    widths[(widths.len() * 4 / 5).min(widths.len() - 1)]
}

/// Per page body widths (a two-column page and a one-column page differ); a page of few
/// lines takes the document's.
///
/// A page's own estimate, from its few lines, errs by a unit or two where digits and
/// Latin are set proportionally. Pages of one measure are pooled: the pages whose own
/// estimate lies near the median page's take the estimate from all their lines together,
/// and a page clearly of another measure (a first page set in one column, a page of a
/// table) keeps its own.
pub(crate) fn page_widths(lines: &[Printed]) -> Vec<u32> {
    let pages = lines.iter().map(|l| l.page + 1).max().unwrap_or(0);
    let mut by_page: Vec<Vec<u32>> = vec![Vec::new(); pages];
    for l in lines {
        by_page[l.page].push(l.width);
    }
    let overall = body_width(lines);
    let own: Vec<Option<u32>> = by_page
        .iter()
        .map(|w| (w.len() >= 8).then(|| width_reached(w.clone())))
        .collect();
    let mut estimates: Vec<u32> = own.iter().flatten().copied().collect();
    estimates.sort_unstable();
    let Some(&median) = estimates.get(estimates.len() / 2) else {
        return vec![overall; pages];
    };
    let same = |w: u32| w.abs_diff(median) <= SAME_MEASURE;
    let pooled = width_reached(
        by_page
            .iter()
            .zip(&own)
            .filter(|(_, o)| o.is_some_and(same))
            .flat_map(|(w, _)| w.iter().copied())
            .collect(),
    );
    own.iter()
        .map(|o| match *o {
            Some(w) if same(w) => pooled,
            Some(w) => w,
            None => overall,
        })
        .collect()
}

/// Whether the export keeps paragraph indents: a few lines are indented, and most of
/// them follow a line that ends a sentence (a paragraph's first line), not a line in
/// mid-sentence (a centred label, a formula).
fn keeps_indents(lines: &[Printed]) -> bool {
    let indented: Vec<usize> = (1..lines.len()).filter(|&i| lines[i].indent >= 2).collect();
    let after_end = indented
        .iter()
        .filter(|&&i| ends_sentence(&lines[i - 1].text) || stands_alone(&lines[i - 1].text))
        .count();
    indented.len() >= 3 && after_end * 10 >= indented.len() * 7
}

/// The first-line indent of an article whose export did not keep it, in half units: how
/// far short of the body width its paragraphs' first lines stop (the median over first
/// lines that are clearly first lines: after a short line ending a sentence, and running
/// on to another line). 0 when paragraphs are set flush.
fn first_line_indent(lines: &[Printed], widths: &[u32]) -> u32 {
    let width = |l: &Printed| widths.get(l.page).copied().unwrap_or(0);
    let mut deficits: Vec<u32> = (1..lines.len().saturating_sub(1))
        .filter(|&i| {
            let (prev, line) = (&lines[i - 1], &lines[i]);
            let prev_ends = (ends_sentence(&prev.text)
                && prev.width + first_unit_width(&line.text) <= width(prev))
                || stands_alone(&prev.text);
            prev.page == line.page
                && prev_ends
                && !ends_sentence(&line.text)
                && !stands_alone(&line.text)
                && !is_caption(&line.text)
                && line.width <= width(line)
                && line.width * 2 > width(line)
        })
        .map(|i| width(&lines[i]) - lines[i].width)
        .collect();
    if deficits.len() < 2 {
        return 0;
    }
    deficits.sort_unstable();
    let median = deficits[deficits.len() / 2];
    if median >= 3 {
        median.min(2 * INDENT)
    } else {
        0
    }
}

fn ascii_count(line: &Printed) -> u32 {
    line.raw.chars().filter(|c| c.is_ascii_graphic()).count() as u32
}

/// Whether the article sets digits and Latin letters in proportional widths, so that a
/// line holding many of them measures short of the body even when full: a third or more
/// of the lines in mid-sentence that hold some (lines that cannot end a paragraph) left
/// room for the next line's first unit, which exact widths never allow.
fn proportional_widths(lines: &[Printed], widths: &[u32]) -> bool {
    let (mut with_ascii, mut short) = (0, 0);
    for w in lines.windows(2) {
        let (line, next) = (&w[0], &w[1]);
        let width = widths.get(line.page).copied().unwrap_or(0);
        if line.page != next.page
            || ends_sentence(&line.text)
            || stands_alone(&line.text)
            || stands_alone(&next.text)
            || is_caption(&next.text)
            || ascii_count(line) < 4
            || line.width * 10 < width * 7
            || next.indent > line.indent
        {
            continue;
        }
        with_ascii += 1;
        if line.width + first_unit_width(&next.text) <= width {
            short += 1;
        }
    }
    with_ascii >= 5 && short * 3 >= with_ascii
}

/// Joins printed lines into paragraphs. A hyphen that broke a Latin word at a line end
/// (`an-` + `alytics`) goes; it is returned as a removal.
pub fn join(lines: &[Printed], kind: LayoutKind) -> Joined {
    let marks_kept = with_marks_on_their_lines(lines);
    let lines = marks_kept.as_slice();
    let mut hyphens = Vec::new();
    let widths = page_widths(lines);
    let indents = keeps_indents(lines);
    // The indent measured from clear first lines: what an export that did not keep indents
    // lost, and what one that kept them printed in however many spaces it chose.
    let measured_indent = first_line_indent(lines, &widths);
    let unkept_indent = if indents { 0 } else { measured_indent };
    let proportional = proportional_widths(lines, &widths);
    let mut paragraphs: Vec<String> = Vec::new();
    let mut undecided_at: Vec<(usize, String)> = Vec::new();
    let mut open = false;
    // Whether the line before began a paragraph (its first line is indented).
    let mut prev_first = false;
    crate::work::spend(lines.len());
    for (i, line) in lines.iter().enumerate() {
        // A heading follows the end of a paragraph; a numbered line in mid-sentence is a
        // number wrapped to a line start (`28份到…`).
        // A line without a CJK character (an English title or author line) is no part of
        // a Chinese sentence a heading could continue.
        let after_end = i == 0
            || !open
            || ends_sentence(&lines[i - 1].text)
            || !lines[i - 1].text.chars().any(ocrclean_text::is_ideograph)
            || {
                let width = widths.get(lines[i - 1].page).copied().unwrap_or(0);
                lines[i - 1].width + FULL_SLACK + 2 < width
            };
        // A caption may interrupt a paragraph (a figure placed mid-paragraph), but then
        // it is shorter than the running text around it.
        let short = line.width + 6 < widths.get(line.page).copied().unwrap_or(0);
        let standalone = (after_end && stands_alone(&line.text))
            || ((after_end || short) && is_caption(&line.text));
        let prev_indent = if prev_first { unkept_indent } else { 0 };
        let breaks = !open
            || standalone
            || i == 0
            || breaks_before(
                lines,
                i,
                &widths,
                indents,
                (prev_indent, measured_indent),
                proportional,
                kind,
            );
        prev_first = breaks || paragraphs.is_empty();
        if breaks || paragraphs.is_empty() {
            paragraphs.push(line.text.clone());
        } else {
            if kind == LayoutKind::TextLines
                && !indents
                && measured_indent == 0
                && undecided(&lines[i - 1], line, &widths)
            {
                undecided_at.push((paragraphs.len() - 1, line.text.clone()));
            }
            if let Some(last) = paragraphs.last_mut() {
                join_dehyphenated(last, &line.text, &mut hyphens);
            }
        }
        open = !standalone;
    }
    Joined {
        paragraphs,
        hyphens,
        undecided: undecided_at,
    }
}

/// The paragraphs joined from printed lines, with what the joining decided and did not.
pub struct Joined {
    pub paragraphs: Vec<String>,
    /// Line-end hyphens taken out of Latin words.
    pub hyphens: Vec<Removal>,
    /// Joins the text cannot decide: (paragraph, the joined line's text).
    pub undecided: Vec<(usize, String)>,
}

/// Whether a join of `line` onto `prev` is a guess, in text that shows no first-line
/// indent: `prev` is full and ends a sentence, so a paragraph set flush may end there
/// (its next starts with a line like any other) or run on. Running on is read (a sentence
/// ends at a full line inside a paragraph more often than a paragraph ends exactly at
/// one), and the place is reported. (Neither `pdftotext` nor PyMuPDF prints the space a
/// flush-set page leaves between paragraphs.)
fn undecided(prev: &Printed, line: &Printed, widths: &[u32]) -> bool {
    let width = widths.get(prev.page).copied().unwrap_or(0);
    width > 0 && ends_sentence(&prev.text) && prev.width + first_unit_width(&line.text) > width
}

/// The lines with a footnote mark that wrapped to a line of its own (`⑤` after a line
/// ending `。`, on the same page or the next) put back at the end of the line it belongs
/// to: it is no line of the paragraph's geometry.
fn with_marks_on_their_lines(lines: &[Printed]) -> Vec<Printed> {
    let mut out: Vec<Printed> = Vec::with_capacity(lines.len());
    for line in lines {
        let text = line.text.trim();
        let mark_only = !text.is_empty()
            && text.chars().count() <= 2
            && text
                .chars()
                .all(|c| c == '*' || super::labels::is_mark_char(c));
        match out.last_mut() {
            Some(prev) if mark_only => {
                prev.text.push_str(text);
                prev.raw.push_str(text);
            }
            _ => out.push(line.clone()),
        }
    }
    out
}

/// The width of a closing mark ending a line, which typesetters let hang past the measure.
fn hanging_mark(text: &str) -> u32 {
    text.chars()
        .next_back()
        .filter(|&c| "。，、；：！？）」』”".contains(c))
        .map_or(0, ocrclean_text::width::half_width)
}

/// Whether a paragraph ends between line `i - 1` and line `i`.
fn breaks_before(
    lines: &[Printed],
    i: usize,
    widths: &[u32],
    indents: bool,
    (prev_indent, measured_indent): (u32, u32),
    proportional: bool,
    kind: LayoutKind,
) -> bool {
    let prev = &lines[i - 1];
    let line = &lines[i];
    // An indented line after a line set flush, or after an indented one-line paragraph.
    if indents
        && line.indent > 0
        && (line.indent >= prev.indent + 2
            || line.indent == prev.indent && ends_sentence(&prev.text))
    {
        return true;
    }
    let ends = ends_sentence(&prev.text);
    if line.after_table && ends {
        return true;
    }
    if kind == LayoutKind::TextFlow {
        // A paragraph per line: a line runs on only where a page break cut it (its
        // furniture taken out, the rest of the line continues it), even where the page
        // ended with a sentence.
        if line.continues && !stands_alone(&line.text) {
            return false;
        }
        return ends || prev.text.chars().count() < 40;
    }
    if !ends {
        return false;
    }
    let width = widths.get(prev.page).copied().unwrap_or(0);
    // A first line's measure is shorter by its indent.
    // (An export that kept indents may print a two-character indent as two spaces: the
    // measured indent says how wide it is.)
    let indent = if indents {
        match prev.indent {
            0 => 0,
            spaces => spaces.min(INDENT).max(measured_indent),
        }
    } else {
        prev_indent
    };
    // Full when the next line's first unit would not have fitted on it. Where digits and
    // Latin letters are set in proportional widths, the more of them a line holds, the
    // less exactly its width is known.
    let uncertain = if proportional {
        ascii_count(prev) / DIGITS_PER_UNIT
    } else {
        0
    };
    let full = prev.width + indent + first_unit_width(&line.text) + uncertain > width;
    if !full {
        return true;
    }
    if indents {
        return false;
    }
    // A full line ending a sentence: the next is a first line if it is indented-wide and
    // runs on to another line (a last line is short for its own reasons). A closing mark
    // may hang past the measure (pulled up rather than start a line).
    let line_width = widths.get(line.page).copied().unwrap_or(width);
    let indent = if measured_indent > 0 {
        measured_indent
    } else {
        INDENT
    };
    let fits_as_first =
        line.width.saturating_sub(hanging_mark(&line.text)) + indent <= line_width + 1;
    // A line that left room for the next line's first unit is no continuation line (it
    // would have taken it), so when the paragraph runs on it is an indented first line.
    // So is one that ends inside a number the next line finishes (`0.` + `232`): it was
    // filled to its measure, and that measure is a first line's.
    let first_line_wide = fits_as_first
        && lines.get(i + 1).is_some_and(|n| {
            line.width + first_unit_width(&n.text) <= line_width
                || line
                    .text
                    .ends_with(|c: char| c.is_ascii_digit() || c == '.')
                    && n.text.starts_with(|c: char| c.is_ascii_digit())
        });
    // The line runs on to the next when it does not end a sentence, or when the next is
    // too wide to be a first line itself (then it continues this line's paragraph).
    let runs_on = lines.get(i + 1).is_some_and(|n| {
        let too_wide_for_first = measured_indent > 0
            && n.page == line.page
            && n.width.saturating_sub(hanging_mark(&n.text)) + measured_indent > line_width + 1;
        !stands_alone(&n.text)
            && !is_caption(&n.text)
            && (!ends_sentence(&line.text) || too_wide_for_first)
    });
    first_line_wide && runs_on
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(texts: &[&str]) -> Vec<Printed> {
        texts.iter().map(|t| Printed::new(*t, 0)).collect()
    }

    /// Lines of the given widths on the given page (only the width matters here).
    fn of_widths(page: usize, widths: &[u32]) -> Vec<Printed> {
        widths
            .iter()
            .map(|&w| {
                let mut l = Printed::new("字", page);
                l.width = w;
                l
            })
            .collect()
    }

    #[test]
    fn pages_of_one_measure_share_its_estimate_and_another_measure_keeps_its_own() {
        // Pages 0 and 1 are set to 60 half units; page 1's few full lines happen to hold
        // proportional digits and measure 58. Page 2 is a page of another measure (40).
        let mut l = of_widths(0, &[60, 60, 60, 59, 60, 30, 60, 60, 60, 20]);
        l.extend(of_widths(1, &[58, 58, 58, 57, 58, 30, 58, 60, 58, 20]));
        l.extend(of_widths(2, &[40, 40, 40, 39, 40, 20, 40, 40, 40, 15]));
        let widths = page_widths(&l);
        assert_eq!(widths[0], widths[1]);
        assert_eq!(widths[0], 60);
        assert_eq!(widths[2], 40);
    }

    #[test]
    fn a_full_line_ending_a_sentence_in_flush_text_is_an_undecided_join() {
        // Set flush: every first line as full as the others.
        let l = lines(&[
            "城市交通治理是一项系统工程需要统筹",
            "规划与分步实施并且持续地投入资源。",
            "本文从三个方面讨论这一问题以便得出",
            "若干结论。",
            "第三段从这里开始写起并且写满了一行",
            "然后结束。",
        ]);
        let joined = join(&l, LayoutKind::TextLines);
        assert_eq!(joined.paragraphs.len(), 2, "{:?}", joined.paragraphs);
        // Read on, and the place reported: a paragraph may start at `本文`.
        assert_eq!(
            joined.undecided,
            [(0, "本文从三个方面讨论这一问题以便得出".to_string())]
        );
        // Flowed text has no printed lines to be undecided about.
        assert!(join(&l, LayoutKind::TextFlow).undecided.is_empty());
    }

    #[test]
    fn sentences_on_short_lines_end_paragraphs() {
        let l = lines(&[
            "一、引言",
            "城市交通治理是一项系统工程需要",
            "统筹规划和持续投入。",
            "本文从三个方面讨论这一问题以便",
            "得出结论。",
        ]);
        assert_eq!(
            join(&l, LayoutKind::TextLines).paragraphs,
            [
                "一、引言",
                "城市交通治理是一项系统工程需要统筹规划和持续投入。",
                "本文从三个方面讨论这一问题以便得出结论。"
            ]
        );
    }

    #[test]
    fn a_full_line_ending_a_sentence_then_an_indented_width_line() {
        let l = lines(&[
            "城市交通治理是一项系统工程需要统筹",
            "规划与分步实施并且持续投入资源。",
            "本文从三个方面讨论这一问题以",
            "便得出结论并提出若干政策建议。",
            "第三段开始了。",
        ]);
        let p = join(&l, LayoutKind::TextLines).paragraphs;
        assert_eq!(p.len(), 3, "{p:?}");
    }

    #[test]
    fn proportional_digits_are_told_from_the_lines() {
        // Full lines in mid-sentence that hold digits yet measure two units short: the
        // digits were set narrower than half a CJK character.
        let mut texts = Vec::new();
        for _ in 0..6 {
            texts.push("样本中约有26.7%的地区属于这种情况并且指标的均值为266和");
            texts.push("标准差为43.45的城市交通治理是一项系统工程需要统筹规划的");
        }
        let l = lines(&texts);
        let widths = vec![body_width(&l) + 3];
        assert!(proportional_widths(&l, &widths));
        let widths = vec![body_width(&l)];
        assert!(!proportional_widths(&l, &widths));
    }

    #[test]
    fn flowed_lines_are_paragraphs_unless_cut() {
        let l = lines(&[
            "第一段的内容写在这里并且很长很长很长很长很长很长很长很长很长很长很长很长很长的句子没有结束",
            "而是在下一行继续。",
            "第二段。",
        ]);
        assert_eq!(join(&l, LayoutKind::TextFlow).paragraphs.len(), 2);
    }
}
