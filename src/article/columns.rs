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
    pages.iter_mut().map(read_page).collect()
}

fn read_page(page: &mut Vec<Line>) -> Option<ReadingOrder> {
    let Gutter {
        cut,
        support,
        lines,
    } = gutter(page)?;
    let split: Vec<(Option<String>, Option<String>)> = page
        .iter()
        .map(|l| {
            let runs = runs(&l.text);
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
    let two = |i: usize| split[i].1.is_some() && page[i].text.chars().count() > cut;
    let inner = EDGE.min(page.len())..page.len().saturating_sub(EDGE);
    let first = inner.clone().find(|&i| two(i))?;
    let last = inner.rev().find(|&i| two(i))?;
    let mut left = Vec::new();
    let mut right = Vec::new();
    for (i, (l, r)) in split.iter().enumerate().take(last + 1).skip(first) {
        let line = page[i].input_line;
        if let Some(l) = l {
            left.push(Line::new(l.clone(), line));
        }
        if let Some(r) = r {
            right.push(Line::new(r.clone(), line));
        }
    }
    let tail = page.split_off(last + 1);
    page.truncate(first);
    let (left_lines, right_lines) = (left.len(), right.len());
    page.extend(left);
    page.extend(right);
    page.extend(tail);
    Some(ReadingOrder::new(
        ReadingMethod::Gutter,
        format!(
            "two columns side by side: a text run starts near character {cut} on {support} of {lines} lines ({}%); lines {}-{} of the page read as the left column ({left_lines} lines), then the right ({right_lines})",
            support * 100 / lines.max(1),
            first + 1,
            last + 1
        ),
    ))
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
    fn one_column_pages_are_left_alone() {
        let mut page: Vec<Line> = (0..10)
            .map(|i| Line::new("一栏的正文写满了这一整行文字。", i))
            .collect();
        assert!(read_page(&mut page).is_none());
        assert_eq!(page.len(), 10);
    }
}
