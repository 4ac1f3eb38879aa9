//! Two columns printed side by side: layout-preserving exports (`pdftotext -layout`) put
//! a line of the left column and a line of the right column on one text line, apart by
//! a run of spaces near the same position all down the page. Read as it is, every line
//! mixes two sentences. The gutter is found from the page itself (where the second text
//! runs of many lines start); the lines of the two-column region are then read as the
//! left column followed by the right one. Lines above and below the region (a title
//! block, a running head, a wide table or abstract) stay where they are. Pages without a
//! gutter are left alone.

use super::Line;
use crate::model::{ReadingMethod, ReadingOrder};

/// Spaces that separate two columns on one line.
const GAP: usize = 3;
/// Fewest lines that must start a run at the gutter, and their least share of the page.
const MIN_LINES: usize = 5;
const MIN_SHARE: f64 = 0.25;
/// Fewest lines of a right column that stops early, on a page of a two-column article.
const SHORT_LINES: usize = 3;
/// Fewest characters of a run that counts for the gutter.
const MIN_RUN: usize = 12;
/// Lines at a page's top and foot kept out of the region: the running head and the page
/// number span both columns.
const EDGE: usize = 2;
/// How far a column's line starts may stray from the gutter (pdftotext aligns by
/// position, so a line's characters do not sit on exact cells).
const STRAY: usize = 8;

/// Runs of text on a line, split at `GAP` or more spaces: (start in chars, text).
fn runs(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut start = 0;
    let mut spaces = 0;
    for (i, c) in text.chars().enumerate() {
        if c == ' ' || c == '\u{3000}' {
            spaces += 1;
            if !current.is_empty() {
                current.push(c);
            }
            continue;
        }
        if spaces >= GAP && !current.trim().is_empty() {
            out.push((start, current.trim_end().to_string()));
            current.clear();
        }
        if current.is_empty() {
            start = i;
        }
        spaces = 0;
        current.push(c);
    }
    if !current.trim().is_empty() {
        out.push((start, current.trim_end().to_string()));
    }
    out
}

/// A page's gutter: where the right column starts, and how many lines say so.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Gutter {
    /// The character column from which a run belongs to the right column.
    pub cut: usize,
    /// Lines with a long text run starting near the gutter.
    pub support: usize,
    /// Lines of the page holding text.
    pub lines: usize,
}

/// Where the right column starts on a page, with how many lines say so.
pub(super) fn gutter(lines: &[Line]) -> Option<Gutter> {
    let width = lines.iter().map(|l| l.text.chars().count()).max()?;
    let (lo, hi) = (width * 3 / 10, width * 8 / 10);
    // Column text runs long; a table's cells, which also line up, are short.
    let mut starts: Vec<usize> = lines
        .iter()
        .flat_map(|l| runs(&l.text).into_iter())
        .filter(|(s, t)| *s >= lo && *s <= hi && t.chars().count() >= MIN_RUN)
        .map(|(s, _)| s)
        .collect();
    if starts.len() < MIN_LINES {
        return None;
    }
    starts.sort_unstable();
    let median = starts[starts.len() / 2];
    let near = starts
        .iter()
        .filter(|&&s| s.abs_diff(median) <= STRAY)
        .count();
    let with_text = lines.iter().filter(|l| !l.text.trim().is_empty()).count();
    (near >= MIN_LINES && near as f64 >= MIN_SHARE * with_text as f64).then(|| Gutter {
        cut: median.saturating_sub(STRAY),
        support: near,
        lines: with_text,
    })
}

/// Reads the two-column region of each page left column first. Returns, per page, how
/// its reading order was decided where a gutter decided it.
pub fn read(pages: &mut [Vec<Line>]) -> Vec<Option<ReadingOrder>> {
    let mut orders: Vec<Option<ReadingOrder>> = pages.iter_mut().map(read_page).collect();
    // In an article set in two columns, a page whose right column stops after a few
    // lines (the last page, its references) has them side by side all the same.
    let found = orders.iter().flatten().count();
    if found >= 2 && found * 2 >= pages.len() {
        for (page, order) in pages.iter_mut().zip(orders.iter_mut()) {
            if order.is_none() {
                *order = read_page_at(page, short_gutter(page));
            }
        }
    }
    orders
}

/// A gutter held by a few lines only, the right column's lines running together: long
/// runs starting near one place on at least `SHORT_LINES` lines and on half the lines
/// from the first of them to the last. Taken only in an article whose other pages have
/// a gutter.
fn short_gutter(lines: &[Line]) -> Option<Gutter> {
    let width = lines.iter().map(|l| l.text.chars().count()).max()?;
    let (lo, hi) = (width * 3 / 10, width * 8 / 10);
    let starts: Vec<(usize, usize)> = lines
        .iter()
        .enumerate()
        .filter_map(|(i, l)| {
            runs(&l.text)
                .into_iter()
                .find(|(s, t)| *s >= lo && *s <= hi && t.chars().count() >= MIN_RUN)
                .map(|(s, _)| (i, s))
        })
        .collect();
    let mut sorted: Vec<usize> = starts.iter().map(|&(_, s)| s).collect();
    sorted.sort_unstable();
    let median = *sorted.get(sorted.len() / 2)?;
    let near: Vec<usize> = starts
        .iter()
        .filter(|(_, s)| s.abs_diff(median) <= STRAY)
        .map(|&(i, _)| i)
        .collect();
    let (&top, &bottom) = (near.first()?, near.last()?);
    (near.len() >= SHORT_LINES && near.len() * 2 > bottom - top).then(|| Gutter {
        cut: median.saturating_sub(STRAY),
        support: near.len(),
        lines: lines.iter().filter(|l| !l.text.trim().is_empty()).count(),
    })
}

fn read_page(page: &mut Vec<Line>) -> Option<ReadingOrder> {
    let found = gutter(page);
    read_page_at(page, found)
}

fn read_page_at(page: &mut Vec<Line>, found: Option<Gutter>) -> Option<ReadingOrder> {
    let Gutter {
        cut,
        support,
        lines,
    } = found?;
    let page_runs: Vec<Vec<(usize, String)>> = page.iter().map(|l| runs(&l.text)).collect();
    let split: Vec<(Option<String>, Option<String>)> = page_runs
        .iter()
        .map(|runs| {
            let left: Vec<&str> = runs
                .iter()
                .filter(|(s, _)| *s < cut)
                .map(|(_, t)| t.as_str())
                .collect();
            let right: Vec<&str> = runs
                .iter()
                .filter(|(s, _)| *s >= cut)
                .map(|(_, t)| t.as_str())
                .collect();
            let join = |v: Vec<&str>| (!v.is_empty()).then(|| v.join("  "));
            (join(left), join(right))
        })
        .collect();
    let margin = margin_of(&page_runs);
    let inner = EDGE.min(page.len())..page.len().saturating_sub(EDGE);
    // A line at the page's top or foot holds both columns only when it is set as the
    // lines below it are (a one-line running head leaves the columns' first line there).
    let two = |i: usize| {
        split[i].1.is_some()
            && page[i].text.chars().count() > cut
            && (inner.contains(&i) || long_pair(&page_runs[i], margin, cut))
    };
    let first = (0..page.len()).find(|&i| two(i))?;
    let last = (0..page.len()).rev().find(|&i| two(i))?;
    // Where the right column ends first (the article's last page, its references), the
    // left column's lines under it are still the left column: read before the right.
    let last = left_column_end(&page_runs, first, last, inner.end, margin, cut);
    // A table at the page's top may open with its caption among the lines kept out of
    // the region (the running head's): its rows are in it.
    // The long cells of a table that fills a page line up too: a left column has long
    // runs of text from the margin.
    let left_text = page_runs[first..=last]
        .iter()
        .filter(|r| {
            r.first()
                .is_some_and(|(s, t)| *s <= margin + GAP && t.chars().count() >= MIN_RUN * 2 / 3)
        })
        .count();
    if left_text < MIN_LINES {
        return None;
    }
    let floats = wide_floats(&page_runs, 0, last, cut);
    let floats: Vec<(usize, usize)> = floats.into_iter().filter(|f| f.1 > first).collect();
    let first = floats.first().map_or(first, |f| f.0.min(first));
    let mut out: Vec<Line> = Vec::with_capacity(page.len());
    let (mut left, mut right) = (Vec::new(), Vec::new());
    let (mut left_lines, mut right_lines) = (0, 0);
    let mut floats_iter = floats.iter().peekable();
    let mut i = first;
    while i <= last {
        if let Some(&&(start, end)) = floats_iter.peek().filter(|f| f.0 == i) {
            // A table across both columns: the columns above it are read before it, the
            // ones below after it, and its lines stay whole.
            (left_lines, right_lines) = (left_lines + left.len(), right_lines + right.len());
            out.append(&mut left);
            out.append(&mut right);
            out.extend_from_slice(&page[start..end]);
            floats_iter.next();
            i = end;
            continue;
        }
        let line = page[i].input_line;
        let (l, r) = &split[i];
        if let Some(l) = l {
            left.push(Line::new(l.clone(), line));
        }
        if let Some(r) = r {
            right.push(Line::new(r.clone(), line));
        }
        i += 1;
    }
    (left_lines, right_lines) = (left_lines + left.len(), right_lines + right.len());
    out.append(&mut left);
    out.append(&mut right);
    let tail = page.split_off(last + 1);
    page.truncate(first);
    page.extend(out);
    page.extend(tail);
    let kept: String = floats
        .iter()
        .map(|(s, e)| {
            format!(
                "; lines {}-{} kept whole (a table across both columns)",
                s + 1,
                e
            )
        })
        .collect();
    Some(ReadingOrder::new(
        ReadingMethod::Gutter,
        format!(
            "two columns side by side: a text run starts near character {cut} on {support} of {lines} lines ({}%); lines {}-{} of the page read as the left column ({left_lines} lines), then the right ({right_lines}){kept}",
            support * 100 / lines.max(1),
            first + 1,
            last + 1
        ),
    ))
}

/// How far down the left column runs below `last`, the region's last line holding
/// right-column text: over the lines (before `end`) set like the region's left column,
/// no wider than its lines measure (display widths: a smaller footnote size fits a few
/// more characters, a line across both columns twice as many) and centred nearer the
/// left column's middle than the gutter (a title or caption across both columns is
/// centred on the page). A lone clause mark the extractor set apart (`：84-104.`) sits
/// where its gap put it and is read with the column it continues.
fn left_column_end(
    page_runs: &[Vec<(usize, String)>],
    first: usize,
    last: usize,
    end: usize,
    margin: usize,
    cut: usize,
) -> usize {
    use ocrclean_text::width::str_half_width;
    let pairs: Vec<&Vec<(usize, String)>> = page_runs[first..=last]
        .iter()
        .filter(|r| column_pair(r, margin, cut))
        .collect();
    if pairs.len() < 2 {
        return last;
    }
    let mut widths: Vec<u32> = pairs.iter().map(|r| str_half_width(&r[0].1)).collect();
    widths.sort_unstable();
    let column = widths[widths.len() / 2];
    let mut ends: Vec<usize> = pairs
        .iter()
        .map(|r| r[0].0 + r[0].1.chars().count())
        .collect();
    ends.sort_unstable();
    let left_middle = (margin + ends[ends.len() / 2]) / 2;
    let gutter = cut + STRAY;
    let left_line = |runs: &[(usize, String)]| {
        let (Some((start, _)), Some((last_start, last_text))) = (runs.first(), runs.last()) else {
            return false;
        };
        let end = last_start + last_text.chars().count();
        let middle = (start + end) / 2;
        // The gaps between a line's runs are part of its width (a wide table's row).
        let width: u32 = runs.iter().map(|(_, t)| str_half_width(t)).sum::<u32>()
            + runs
                .windows(2)
                .map(|w| (w[1].0 - w[0].0 - w[0].1.chars().count()) as u32)
                .sum::<u32>();
        let clause_mark = runs[0].1.starts_with(|c: char| "，。：；、）".contains(c));
        width * 5 <= column * 7
            && !wide_caption(runs, cut)
            && (clause_mark || middle.abs_diff(left_middle) <= middle.abs_diff(gutter))
    };
    // The foot's lines (page number, running foot) are kept out of the region; one
    // there still belongs to the column when it finishes the sentence of the line above
    // it (a note's last line) with words, not a number.
    let continues = |above: &[(usize, String)], runs: &[(usize, String)]| {
        let above: String = above.iter().map(|(_, t)| t.as_str()).collect();
        let ideographs = runs
            .iter()
            .flat_map(|(_, t)| t.chars())
            .filter(|&c| ocrclean_text::class::is_ideograph(c))
            .count();
        !ocrclean_text::markers::ends_sentence(&above) && ideographs >= 2
    };
    let mut below = last;
    while below + 1 < page_runs.len()
        && left_line(&page_runs[below + 1])
        && (below + 1 < end || continues(&page_runs[below], &page_runs[below + 1]))
    {
        below += 1;
    }
    below
}

/// The leftmost start of a run on the page.
fn margin_of(page_runs: &[Vec<(usize, String)>]) -> usize {
    page_runs
        .iter()
        .filter_map(|r| r.first().map(|(s, _)| *s))
        .min()
        .unwrap_or(0)
}

/// Whether a line is a line of both columns' running text: a run from the left margin
/// and one from the gutter, nothing else (a table's row holds its cells where its
/// columns are).
fn column_pair(runs: &[(usize, String)], margin: usize, cut: usize) -> bool {
    let gutter = cut + STRAY;
    matches!(runs, [(l, _), (r, _)] if *l <= margin + GAP && r.abs_diff(gutter) <= STRAY)
}

/// Whether a line is a pair of the columns' running lines, both long (a running head
/// with the journal's name at the margin and the issue at the right is neither).
fn long_pair(runs: &[(usize, String)], margin: usize, cut: usize) -> bool {
    column_pair(runs, margin, cut)
        && runs
            .iter()
            .all(|(_, t)| t.chars().count() >= MIN_RUN * 2 / 3)
}

/// Whether a line is the caption of a table set across both columns: `表N …` with no
/// run in the right column and its middle (in display widths: an ideograph is two
/// characters wide on the page, one in the text) past the left column's middle.
fn wide_caption(runs: &[(usize, String)], cut: usize) -> bool {
    let (Some((start, _)), Some((last_start, last_text))) = (runs.first(), runs.last()) else {
        return false;
    };
    let text = runs
        .iter()
        .map(|(_, t)| t.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let end = last_start + ocrclean_text::width::str_half_width(last_text) as usize;
    let middle = (start + end) / 2;
    *last_start < cut
        && middle * 4 >= cut * 3
        && ocrclean_text::markers::is_plausible_caption(&text)
}

/// Tables set across both columns inside the region `first..=last` (`[start, end)` line
/// ranges): a `表N` caption alone on its line and centred on the page (its middle past
/// the left column's), down to the end of its note, to the next line of both columns'
/// running text or to the region's end. A table in one column has the other column's
/// text beside it and is not one.
fn wide_floats(
    page_runs: &[Vec<(usize, String)>],
    first: usize,
    last: usize,
    cut: usize,
) -> Vec<(usize, usize)> {
    use ocrclean_text::markers::{ends_sentence, is_note_start};
    let margin = margin_of(page_runs);
    let mut floats = Vec::new();
    let mut i = first;
    while i <= last {
        if !wide_caption(&page_runs[i], cut) {
            i += 1;
            continue;
        }
        let mut end = i + 1;
        while end <= last && !column_pair(&page_runs[end], margin, cut) {
            let text: String = page_runs[end].iter().map(|(_, t)| t.as_str()).collect();
            end += 1;
            if is_note_start(&text) {
                let mut note = text;
                while !ends_sentence(&note) && end <= last && page_runs[end].len() == 1 {
                    note.push_str(&page_runs[end][0].1);
                    end += 1;
                }
                break;
            }
            if end <= last && wide_caption(&page_runs[end], cut) {
                break;
            }
        }
        floats.push((i, end));
        i = end;
    }
    floats
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn side_by_side_columns_are_read_left_then_right() {
        let mut page: Vec<Line> = [
            "第 9 卷 第 3 期         某某学报              2017 年 8 月",
            "标题在上面横跨两栏的一行文字",
            "左栏第一行文字写在这里              右栏第一行的文字写在这里",
            "左栏第二行文字写在这里              右栏第二行的文字写在这里",
            "左栏第三行文字写在这里              右栏第三行的文字写在这里",
            "左栏第四行文字写在这里              右栏第四行的文字写在这里",
            "左栏第五行文字写在这里              右栏第五行的文字写在这里",
            "                                    右栏第六行的文字写在这里",
            "                                    右栏第七行的文字写在这里",
            "— 12 —",
        ]
        .iter()
        .enumerate()
        .map(|(i, t)| Line::new(*t, i))
        .collect();
        let order = read_page(&mut page).expect("a gutter");
        assert_eq!(order.method, ReadingMethod::Gutter);
        assert!(!order.flagged);
        assert!(
            order.evidence.contains("on 5 of 10 lines (50%)"),
            "{}",
            order.evidence
        );
        let texts: Vec<&str> = page.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts[1], "标题在上面横跨两栏的一行文字");
        assert_eq!(texts[2], "左栏第一行文字写在这里");
        assert_eq!(texts[6], "左栏第五行文字写在这里");
        assert_eq!(texts[7], "右栏第一行的文字写在这里");
        assert_eq!(texts[12], "右栏第六行的文字写在这里");
        assert_eq!(texts[14], "— 12 —");
    }

    #[test]
    fn a_table_across_both_columns_stays_whole() {
        let mut page: Vec<Line> = [
            "某某学报 2017 年第 3 期",
            "            表 3  样本的构成",
            "          类别      人数      比例      均值",
            "          城镇      120       40.0%     3.2",
            "          农村      180       60.0%     2.9",
            "注：数据来自调查。",
            "左栏第一行文字写在这里                   右栏第一行的文字写在这里",
            "左栏第二行文字写在这里                   右栏第二行的文字写在这里",
            "左栏第三行文字写在这里                   右栏第三行的文字写在这里",
            "左栏第四行文字写在这里                   右栏第四行的文字写在这里",
            "左栏第五行文字写在这里                   右栏第五行的文字写在这里",
            "— 12 —",
        ]
        .iter()
        .enumerate()
        .map(|(i, t)| Line::new(*t, i))
        .collect();
        let order = read_page(&mut page).expect("a gutter");
        assert!(
            order.evidence.contains("lines 2-6 kept whole"),
            "{}",
            order.evidence
        );
        let texts: Vec<&str> = page.iter().map(|l| l.text.trim()).collect();
        assert!(texts[2].starts_with("类别") && texts[2].ends_with("均值"));
        assert_eq!(texts[5], "注：数据来自调查。");
        assert_eq!(texts[6], "左栏第一行文字写在这里");
        // The columns' last lines, just above the page number, are read as columns too.
        assert_eq!(texts[10], "左栏第五行文字写在这里");
        assert_eq!(texts[11], "右栏第一行的文字写在这里");
    }

    #[test]
    fn the_columns_first_line_under_a_one_line_head_is_split() {
        let mut page: Vec<Line> = [
            "                 某某学报              2017 年第 3 期",
            "左栏第一行文字写在这里              右栏第一行的文字写在这里",
            "左栏第二行文字写在这里              右栏第二行的文字写在这里",
            "左栏第三行文字写在这里              右栏第三行的文字写在这里",
            "左栏第四行文字写在这里              右栏第四行的文字写在这里",
            "左栏第五行文字写在这里              右栏第五行的文字写在这里",
            "左栏第六行文字写在这里              右栏第六行的文字写在这里",
            "                  — 12 —",
        ]
        .iter()
        .enumerate()
        .map(|(i, t)| Line::new(*t, i))
        .collect();
        read_page(&mut page).expect("a gutter");
        let texts: Vec<&str> = page.iter().map(|l| l.text.trim()).collect();
        assert_eq!(texts[0], "某某学报              2017 年第 3 期");
        assert_eq!(texts[1], "左栏第一行文字写在这里");
        assert_eq!(texts[6], "左栏第六行文字写在这里");
        assert_eq!(texts[7], "右栏第一行的文字写在这里");
        assert_eq!(texts[13], "— 12 —");
    }

    #[test]
    fn the_left_column_runs_on_under_a_right_column_that_ended() {
        let mut page: Vec<Line> = [
            "                 某某学报              2017 年第 3 期",
            "左栏第一行文字写在这里              [1] 右栏第一条参考文献写在这里",
            "左栏第二行文字写在这里                  的第二行文字也写在这里了",
            "左栏第三行文字写在这里              [2] 右栏第二条参考文献写在这里",
            "左栏第四行文字写在这里                  的第二行文字也写在这里了",
            "左栏第五行文字写在这里              [3] 右栏第三条参考文献写在这里",
            "左栏第六行文字写在这里                  的第二行文字也写在这里了",
            "左栏第七行文字写在这里",
            "左栏第八行文字在这里结束。",
            "               这一行横跨两栏并且写得很长很长很长很长很长很长很长很长很长很长",
            "                  — 12 —",
        ]
        .iter()
        .enumerate()
        .map(|(i, t)| Line::new(*t, i))
        .collect();
        read_page(&mut page).expect("a gutter");
        let texts: Vec<&str> = page.iter().map(|l| l.text.trim()).collect();
        assert_eq!(texts[7], "左栏第七行文字写在这里");
        assert_eq!(texts[8], "左栏第八行文字在这里结束。");
        assert_eq!(texts[9], "[1] 右栏第一条参考文献写在这里");
        assert!(texts[15].starts_with("这一行横跨两栏"), "{}", texts[15]);
        assert_eq!(texts[16], "— 12 —");
    }

    #[test]
    fn a_page_of_table_cells_has_no_gutter() {
        // Long cells that wrap line up like a column, but no text runs from the margin.
        let mut page: Vec<Line> = [
            "·40·              某某学报     2017 年第 10 期",
            "               表 1  阶段的比较",
            "          阶段      特征                  方式",
            "          起步      试点先行              统一标准、分级管理同步推进",
            "                                          统一标准、分级管理同步推进",
            "          推广      全面铺开              统一标准、分级管理同步推进",
            "                                          统一标准、分级管理同步推进",
            "          深化      稳定                  统一标准、分级管理同步推进",
            "资料来源：作者整理。",
        ]
        .iter()
        .enumerate()
        .map(|(i, t)| Line::new(*t, i))
        .collect();
        assert!(gutter(&page).is_some());
        assert!(read_page(&mut page).is_none());
        assert_eq!(page.len(), 9);
    }

    #[test]
    fn one_column_pages_are_left_alone() {
        let mut page: Vec<Line> = (0..10)
            .map(|i| Line::new("一栏的正文写满了这一整行文字。", i))
            .collect();
        assert!(read_page(&mut page).is_none());
        assert_eq!(page.len(), 10);
    }
}
