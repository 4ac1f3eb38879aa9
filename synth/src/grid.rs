//! A reference reader for one table: every grid that both reading orders, the layout rules
//! and the content rules allow. The generator uses it to keep only tables whose truth is
//! *recoverable*: the unique reading that needs the fewest OCR line-grouping swaps.
//!
//! The rules it knows (the shared contract with the pipeline):
//! - the table is K = 2..=6 columns × 3..=9 rows (header + 2..=8 data rows);
//! - a cell is 1..=5 consecutive lines of the text-layer order; a cell of k lines in a row
//!   of height h (the row's largest k) sits at y = (h−k)/2 + i, and the OCR reads each row
//!   sorted by (y, column), except that neighbours exactly half a line apart may be swapped
//!   (disjoint adjacent pairs);
//! - column j has a width c_j: every line of the column fits in c_j, every line but a cell's
//!   last is *full* (its width plus the next line's first unit exceeds c_j), a line never ends
//!   inside a run of ASCII letters/digits/`.`, c_j < W − 5 and Σc_j + 2(K−1) ≤ W;
//! - column-0 cells are labels ([`crate::words::is_label`]); header cells are not bare
//!   numbers ([`crate::words::is_number`]) and are unique within the header.
//!
//! Fragments are identified by position (the generator keeps every line of a table unique,
//! so the permutation between the two orders is itself unambiguous).

use crate::width::{is_run_char, Typesetting};
use crate::words::{is_label, is_number};

/// One way to read a table: its cells as ranges of the text-layer order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    pub columns: usize,
    /// `rows[r][c]` = the range of text-order fragments forming that cell.
    pub rows: Vec<Vec<std::ops::Range<usize>>>,
    /// OCR swaps this reading needs to explain the OCR order.
    pub swaps: usize,
}

/// The search gave up (too many candidates); treat the table as ambiguous.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exhausted;

struct Frag {
    width: u32,
    first_unit: u32,
    starts_run: bool,
    ends_run: bool,
}

#[derive(Clone, Copy)]
struct Col {
    lo: u32,
    hi: u32,
}

struct Search<'a> {
    text: &'a [&'a str],
    frags: Vec<Frag>,
    /// `rank[i]`: position in the OCR order of text-order fragment `i`.
    rank: Vec<usize>,
    ocr: &'a [usize],
    body2: u32,
    max_swaps: usize,
    limit: usize,
    steps: usize,
    max_steps: usize,
    found: Vec<Reading>,
    rows: Vec<Vec<std::ops::Range<usize>>>,
}

/// Every reading of the table with at most `max_swaps` swaps (stops after `limit`).
///
/// `text` are the table's fragments (printed cell lines) in text-layer order; `ocr` is the
/// OCR order as indices into `text`; `body_width2` is W in half units.
pub fn readings(
    text: &[&str],
    ocr: &[usize],
    body_width2: u32,
    max_swaps: usize,
    limit: usize,
) -> Result<Vec<Reading>, Exhausted> {
    readings_typeset(
        Typesetting::STANDARD,
        text,
        ocr,
        body_width2,
        max_swaps,
        limit,
    )
}

/// [`readings`] of a table printed with the widths of `ts` (a varied page's typesetting).
pub fn readings_typeset(
    ts: Typesetting,
    text: &[&str],
    ocr: &[usize],
    body_width2: u32,
    max_swaps: usize,
    limit: usize,
) -> Result<Vec<Reading>, Exhausted> {
    let n = text.len();
    let mut rank = vec![0; n];
    for (pos, &i) in ocr.iter().enumerate() {
        rank[i] = pos;
    }
    let frags = text
        .iter()
        .map(|s| Frag {
            width: ts.str_width(s),
            first_unit: ts.first_unit_width(s),
            starts_run: s.chars().next().is_some_and(is_run_char),
            ends_run: s.chars().last().is_some_and(is_run_char),
        })
        .collect();
    let mut search = Search {
        text,
        frags,
        rank,
        ocr,
        body2: body_width2,
        max_swaps,
        limit,
        steps: 0,
        max_steps: 200_000,
        found: Vec::new(),
        rows: Vec::new(),
    };
    for k in 2..=6 {
        let mut cols = vec![
            Col {
                lo: 0,
                hi: body_width2.saturating_sub(10),
            };
            k
        ];
        search.row(k, 0, &mut cols, 0);
        if search.steps > search.max_steps {
            return Err(Exhausted);
        }
        if search.found.len() >= limit {
            break;
        }
    }
    Ok(search.found)
}

impl Search<'_> {
    fn done(&self) -> bool {
        self.found.len() >= self.limit || self.steps > self.max_steps
    }

    fn row(&mut self, k: usize, p: usize, cols: &mut [Col], swaps: usize) {
        let n = self.text.len();
        if p == n {
            if (3..=9).contains(&self.rows.len()) {
                self.found.push(Reading {
                    columns: k,
                    rows: self.rows.clone(),
                    swaps,
                });
            }
            return;
        }
        if self.rows.len() >= 9 || n - p < k {
            return;
        }
        for h in 1..=5 {
            let mut cells = Vec::with_capacity(k);
            self.cell(k, p, h, 0, p, &mut cells, cols, swaps);
            if self.done() {
                return;
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn cell(
        &mut self,
        k: usize,
        p: usize,
        h: usize,
        j: usize,
        start: usize,
        cells: &mut Vec<std::ops::Range<usize>>,
        cols: &mut [Col],
        swaps: usize,
    ) {
        let n = self.text.len();
        if j == k {
            self.finish_row(k, p, h, cells, cols, swaps);
            return;
        }
        let header = self.rows.is_empty();
        let tolerant = swaps < self.max_swaps;
        for len in 1..=h {
            let end = start + len;
            if end + (k - 1 - j) > n {
                break;
            }
            self.steps += 1;
            if self.done() {
                return;
            }
            if len >= 2 {
                // Lines of one cell are read top to bottom in both orders.
                if self.rank[end - 1] < self.rank[end - 2] {
                    break;
                }
                let (a, b) = (&self.frags[end - 2], &self.frags[end - 1]);
                if a.ends_run && b.starts_run {
                    break;
                }
            }
            // Order against the cells already placed in this row (all in lower columns).
            let y = |line: usize, lines: usize| (h - lines) + 2 * line;
            let mut ok = true;
            'pairs: for (cj, c) in cells.iter().enumerate() {
                let _ = cj;
                let klen = c.len();
                for (fi, f) in c.clone().enumerate() {
                    let yf = y(fi, klen);
                    for gi in 0..len {
                        let g = start + gi;
                        let yg = y(gi, len);
                        let expected_before = yf <= yg;
                        let observed_before = self.rank[f] < self.rank[g];
                        if expected_before != observed_before && !(tolerant && yf.abs_diff(yg) == 1)
                        {
                            ok = false;
                            break 'pairs;
                        }
                    }
                }
            }
            if !ok {
                continue;
            }
            // Content rules.
            if j == 0 || header {
                let joined: String = self.text[start..end].concat();
                if j == 0 && !is_label(&joined) {
                    continue;
                }
                if header && is_number(&joined) {
                    continue;
                }
            }
            // Width rules.
            let saved = cols[j];
            let mut col = saved;
            for i in start..end {
                col.lo = col.lo.max(self.frags[i].width);
                if i + 1 < end {
                    col.hi = col
                        .hi
                        .min(self.frags[i].width + self.frags[i + 1].first_unit);
                }
            }
            if col.lo >= col.hi {
                continue;
            }
            cols[j] = col;
            cells.push(start..end);
            self.cell(k, p, h, j + 1, end, cells, cols, swaps);
            cells.pop();
            cols[j] = saved;
            if self.done() {
                return;
            }
        }
    }

    fn finish_row(
        &mut self,
        k: usize,
        p: usize,
        h: usize,
        cells: &[std::ops::Range<usize>],
        cols: &mut [Col],
        swaps: usize,
    ) {
        let q = cells[k - 1].end;
        if cells.iter().all(|c| c.len() < h) {
            return;
        }
        // A row is a contiguous stretch of both orders.
        if (p..q).map(|i| self.rank[i]).max() != Some(q - 1) {
            return;
        }
        let total: u32 = cols.iter().map(|c| c.lo).sum::<u32>() + 4 * (k as u32 - 1);
        if total > self.body2 {
            return;
        }
        if self.rows.is_empty() {
            let mut names: Vec<String> = cells
                .iter()
                .map(|c| self.text[c.clone()].concat())
                .collect();
            names.sort();
            if names.windows(2).any(|w| w[0] == w[1]) {
                return;
            }
        }
        // The exact OCR order of this reading, and the swaps needed to match the observed one.
        let mut sorted: Vec<(usize, usize, usize)> = Vec::with_capacity(q - p);
        for (cj, c) in cells.iter().enumerate() {
            for (li, f) in c.clone().enumerate() {
                sorted.push(((h - c.len()) + 2 * li, cj, f));
            }
        }
        sorted.sort_unstable();
        let observed = &self.ocr[p..q];
        let mut s = 0;
        let mut i = 0;
        while i < sorted.len() {
            if sorted[i].2 == observed[i] {
                i += 1;
            } else if i + 1 < sorted.len()
                && sorted[i].2 == observed[i + 1]
                && sorted[i + 1].2 == observed[i]
                && sorted[i].0.abs_diff(sorted[i + 1].0) == 1
            {
                s += 1;
                i += 2;
            } else {
                return;
            }
        }
        if swaps + s > self.max_swaps {
            return;
        }
        self.rows.push(cells.to_vec());
        self.row(k, q, cols, swaps + s);
        self.rows.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn identity(n: usize) -> Vec<usize> {
        (0..n).collect()
    }

    #[test]
    fn twelve_one_line_words_read_three_ways() {
        // All cells one line, all of them label-like: 2×6, 3×4 and 4×3 all fit the rules.
        let text = [
            "类别", "甲乙", "丙丁", "戊己", "庚辛", "壬癸", "子丑", "寅卯", "辰巳", "午未", "申酉",
            "戌亥",
        ];
        let found = readings(&text, &identity(12), 80, 0, 10).unwrap();
        let mut shapes: Vec<(usize, usize)> =
            found.iter().map(|r| (r.columns, r.rows.len())).collect();
        shapes.sort();
        assert_eq!(shapes, vec![(2, 6), (3, 4), (4, 3)]);
    }

    #[test]
    fn numbers_fix_the_column_count() {
        // 指标 2019年 2020年 | 甲乙 1.5 2.5 | 丙丁 3.5 4.5 | 戊己 5.5 6.5
        let text = [
            "指标", "2019年", "2020年", "甲乙", "1.5", "2.5", "丙丁", "3.5", "4.5", "戊己", "5.5",
            "6.5",
        ];
        let found = readings(&text, &identity(12), 80, 0, 10).unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].columns, found[0].rows.len()), (3, 4));
    }

    #[test]
    fn the_permutation_reveals_wrapped_cells() {
        // Header 项目|甲|乙, then a row whose cell 1 wraps over two lines (y = 0, 1) while the
        // label and cell 2 sit at y = ½: the OCR reads 内容一 标签 其他 内容二.
        let text = [
            "项目",
            "甲列",
            "乙列",
            "标签",
            "内容一",
            "内容二",
            "其他",
            "标记",
            "丙",
            "丁",
        ];
        // OCR: header as is; row 1 by y; row 2 as is.
        let ocr = [0, 1, 2, 4, 3, 6, 5, 7, 8, 9];
        let found = readings(&text, &ocr, 80, 0, 10).unwrap();
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].rows[1], vec![3..4, 4..6, 6..7]);
    }
}
