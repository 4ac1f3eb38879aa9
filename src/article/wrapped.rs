//! Tables whose text cells wrap over several printed lines, as a layout-preserving export
//! prints them: each cell's lines sit under its column's heading, the cells of a row are
//! centred on one line (the row label's, when the label fits on one line), and a cell of
//! several lines has as many of them above that line as below it. A row per printed line
//! would cut every wrapped cell apart; here each line's text runs go to the column whose
//! heading starts nearest, and each column's pieces to the row they are centred on.

use super::lines::{join_texts, Printed};

/// Runs of a line's text at two spaces or more: (start column, text), the start counted
/// from the page's left edge (the line's indent kept).
fn runs(line: &Printed) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    let mut spaces = 0;
    for (at, c) in (line.indent as usize..).zip(line.raw.chars()) {
        if c == ' ' || c == '\u{3000}' {
            spaces += 1;
        } else {
            match out.last_mut() {
                Some((_, text)) if spaces < 2 => {
                    text.extend(std::iter::repeat_n(' ', spaces));
                    text.push(c);
                }
                _ => out.push((at, c.to_string())),
            }
            spaces = 0;
        }
    }
    out
}

/// The grid (header, rows) of a table whose header line holds one run per column and
/// whose other lines hold fewer where cells wrap; None when the lines are not of that
/// kind (no line with fewer runs, a line with more, a column with no row label beside
/// it, continuation lines holding numbers).
pub fn grid(lines: &[&Printed]) -> Option<(Vec<String>, Vec<Vec<String>>)> {
    let (head, body) = lines.split_first()?;
    let header = runs(head);
    let n = header.len();
    let lines_runs: Vec<Vec<(usize, String)>> = body.iter().map(|l| runs(l)).collect();
    if n < 2 || lines_runs.iter().any(|r| r.len() > n) || !lines_runs.iter().any(|r| r.len() < n) {
        return None;
    }
    // Each run goes to the column whose heading starts nearest to it.
    let column = |start: usize| {
        (0..n)
            .min_by_key(|&c| header[c].0.abs_diff(start))
            .unwrap_or(0)
    };
    let mut pieces: Vec<Vec<(usize, String)>> = vec![Vec::new(); n];
    for (y, line) in lines_runs.iter().enumerate() {
        for (start, text) in line {
            let text = ocrclean_text::space::join_spaces(text).0;
            let c = column(*start);
            // Two runs of one line under one heading: the runs do not sit under the
            // headings (the header is not set out by position).
            if pieces[c].last().is_some_and(|(last, _)| *last == y) {
                return None;
            }
            pieces[c].push((y, text));
        }
    }
    let anchors: Vec<usize> = pieces[0].iter().map(|(y, _)| *y).collect();
    if anchors.len() < 2 || anchors.windows(2).any(|w| w[0] == w[1]) {
        return None;
    }
    // Lines beside no row label continue cells: there are some (else each line is a
    // row), and they hold text, not numbers.
    let continuation = |y: usize| anchors.binary_search(&y).is_err();
    if !(0..body.len()).any(continuation)
        || pieces.iter().flatten().any(|(y, t)| {
            continuation(*y) && t.chars().all(|c| c.is_ascii_digit() || ".-%".contains(c))
        })
    {
        return None;
    }
    let mut rows: Vec<Vec<Vec<&str>>> = vec![vec![Vec::new(); n]; anchors.len()];
    for (c, column_pieces) in pieces.iter().enumerate() {
        let owners = centred_rows(column_pieces, &anchors)
            .unwrap_or_else(|| nearest_rows(column_pieces, &anchors));
        for ((_, text), row) in column_pieces.iter().zip(owners) {
            rows[row][c].push(text);
        }
    }
    let rows = rows
        .into_iter()
        .map(|row| row.iter().map(|parts| join_texts(parts)).collect())
        .collect();
    let header = header
        .into_iter()
        .map(|(_, t)| ocrclean_text::space::join_spaces(&t).0)
        .collect();
    Some((header, rows))
}

/// The row of each piece of a column (pieces in line order) when every cell is centred
/// on its row's line: as many pieces above the line as below it. The pieces between two
/// rows' lines are shared out by that count, from the top. None where the counts do not
/// come out.
fn centred_rows(pieces: &[(usize, String)], anchors: &[usize]) -> Option<Vec<usize>> {
    let mut owners = Vec::with_capacity(pieces.len());
    let mut k = 0;
    // Pieces the row above still takes below its line.
    let mut owed_below = 0;
    for (row, &line) in anchors.iter().enumerate() {
        let gap_start = k;
        while k < pieces.len() && pieces[k].0 < line {
            k += 1;
        }
        let gap = k - gap_start;
        let above = gap.checked_sub(owed_below)?;
        owners.extend(std::iter::repeat_n(row.saturating_sub(1), owed_below));
        owners.extend(std::iter::repeat_n(row, above));
        if k < pieces.len() && pieces[k].0 == line {
            owners.push(row);
            k += 1;
        }
        owed_below = above;
    }
    (pieces.len() - k == owed_below).then(|| {
        owners.extend(std::iter::repeat_n(anchors.len() - 1, owed_below));
        owners
    })
}

/// The row of each piece of a column: the row whose line is nearest (the upper one on a
/// tie).
fn nearest_rows(pieces: &[(usize, String)], anchors: &[usize]) -> Vec<usize> {
    pieces
        .iter()
        .map(|(y, _)| {
            let after = anchors.partition_point(|&a| a < *y);
            match (after.checked_sub(1), anchors.get(after)) {
                (Some(before), Some(&next)) if next - y < y - anchors[before] => after,
                (Some(before), _) => before,
                (None, _) => 0,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn printed(texts: &[&str]) -> Vec<Printed> {
        texts
            .iter()
            .map(|t| {
                let mut p = Printed::new(ocrclean_text::space::join_spaces(t.trim()).0, 0);
                p.raw = t.trim().to_string();
                p.indent = (t.len() - t.trim_start().len()) as u32;
                p
            })
            .collect()
    }

    #[test]
    fn wrapped_cells_centred_on_their_rows() {
        let lines = printed(&[
            "    阶段        做法                    效果",
            "                                        成本下降、质量",
            "    起步        试点 先行",
            "                                        明显提高",
            "                统一标准、分级",
            "    推广                                逐步完善",
            "                管理同步推进",
            "    深化        全面 铺开               稳定",
        ]);
        let refs: Vec<&Printed> = lines.iter().collect();
        let (header, rows) = grid(&refs).expect("a wrapped table");
        assert_eq!(header, ["阶段", "做法", "效果"]);
        assert_eq!(
            rows,
            [
                ["起步", "试点先行", "成本下降、质量明显提高"],
                ["推广", "统一标准、分级管理同步推进", "逐步完善"],
                ["深化", "全面铺开", "稳定"],
            ]
        );
    }

    #[test]
    fn rows_of_full_lines_are_not_this_kind() {
        let lines = printed(&[
            "地区    2013    2014",
            "东部    120     130",
            "西部    140     150",
        ]);
        let refs: Vec<&Printed> = lines.iter().collect();
        assert!(grid(&refs).is_none());
        // Cells that do not sit under their headings.
        let lines = printed(&[
            "地区  教师  2012年  课程",
            "本科   52.8%   1510   4602",
            "        全体样本的说明文字",
        ]);
        let refs: Vec<&Printed> = lines.iter().collect();
        assert!(grid(&refs).is_none());
        // An OCR engine's rows, cells apart by single spaces: every line is a row.
        let lines = printed(&["地区  2013   2014", "东部 120 130", "西部 140 150"]);
        let refs: Vec<&Printed> = lines.iter().collect();
        assert!(grid(&refs).is_none());
    }
}
