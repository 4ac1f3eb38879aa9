//! One rendering, a table of row labels and numeric columns: the grid read from where the
//! numbers fall ([`numeric_rows`]).
//!
//! A number (`12.5`, `69%`, `5439`) always prints as one token of the text layer, so in a
//! table whose first column holds row labels and whose other columns hold numbers, the
//! body reads `label… n n n label… n n n …`: every run of numbers is one row's numeric
//! cells, the text between two runs is one row label, and the run length gives the
//! column count. Only the units before the first number (the header's cells and the first
//! row label) need splitting, by line widths: the numbers give each column's width, the
//! other labels the label column's.

use super::units::Unit;
use super::{MAX_COLS, MIN_COLS};

/// The most units one header cell or row label is split into (lines and letter-spacing
/// pieces), and on average over the header and the first label: bounds the header split's
/// work by a small multiple of the units.
const MAX_CELL_UNITS: usize = 8;
const MEAN_CELL_UNITS: usize = 3;
/// The fewest body rows that make the pattern evidence (one row of numbers says little).
const MIN_ROWS: usize = 2;
/// Costs of the header split: a letter-spacing piece (or a bracket after a word) joining
/// its neighbour in a cell, a
/// heading wrapping after a line about as wide as its column, or after a shorter line (it
/// would have fitted), and a cell ending between two letter-spacing pieces.
const JOIN_SPACED: f64 = 0.1;
const JOIN_WRAP: f64 = 1.0;
const JOIN_SHORT: f64 = 3.0;
const SPLIT_SPACED: f64 = 0.5;
/// Headings are shorter than row labels: wrapped or letter-spaced less often.
const HEADER_JOIN: f64 = 1.5;

/// Whether the space between two units may be letter-spacing inside a line: it falls
/// between two ideographs, and one side is a piece of a letter-spaced run.
fn spaced(x: &Unit, y: &Unit) -> bool {
    x.ideo_edges.1 && y.ideo_edges.0 && (x.piece || y.piece)
}

/// A header of numbers (years, model numbers) after a corner heading: `地区 2015 2016 江苏 7.1
/// 8.2 云南 …`. The first run of numbers is the header's, the text before it the corner
/// cell; `runs` alternate text and numbers, the text first, up to the last number.
fn numeric_header(
    units: &[Unit],
    runs: &[(usize, usize)],
    trailing: bool,
) -> Option<(Vec<Vec<usize>>, bool)> {
    let corner = runs[0].1 - runs[0].0;
    let body_rows = (runs.len() - 2) / 2;
    if body_rows < MIN_ROWS || corner > MAX_CELL_UNITS {
        return None;
    }
    let mut grid: Vec<Vec<usize>> = Vec::with_capacity(body_rows + 1);
    for pair in runs.chunks(2) {
        let [(la, lb), (na, nb)] = pair else {
            return None;
        };
        let mut row = vec![lb - la];
        row.extend(std::iter::repeat_n(1, nb - na));
        grid.push(row);
    }
    if trailing {
        let end = runs.last().expect("runs").1;
        *grid
            .last_mut()
            .and_then(|r| r.last_mut())
            .expect("a number") += units.len() - end;
    }
    Some((grid, trailing))
}

/// Rows of cell sizes (in units) when the units read as a header, then rows of a label
/// and the same number (one to `MAX_COLS − 1`) of numbers each; None otherwise. The flag
/// says that text after the last number was kept in the last cell.
pub(super) fn numeric_rows(units: &[Unit]) -> Option<(Vec<Vec<usize>>, bool)> {
    let n = units.len();
    // Maximal runs of numbers and of other units, alternating.
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut a = 0;
    while a < n {
        let num = units[a].number;
        let mut b = a + 1;
        while b < n && units[b].number == num {
            b += 1;
        }
        runs.push((a, b));
        a = b;
    }
    crate::work::spend(n);
    // Text after the last number (a paragraph the table's end could not be told from) is
    // kept in the last cell.
    let trailing = usize::from(runs.last().is_some_and(|r| !units[r.0].number));
    let last = runs.len().checked_sub(1 + trailing)?;
    let (la, lb) = runs[last];
    if !units[la].number {
        return None;
    }
    let m = lb - la;
    let k = m + 1;
    // The body: the longest stretch of number runs of that length, each after a label (a
    // header may hold numbers too, `2008`, split from `年` by a wrap).
    let mut s = last;
    while s >= 2 && runs[s - 2].1 - runs[s - 2].0 == m {
        s -= 2;
    }
    let rows = (last - s) / 2 + 1;
    let first = runs[s].0;
    if s == 1 && first < k + 1 {
        return numeric_header(units, &runs[..=last], trailing == 1);
    }
    if rows < MIN_ROWS
        || !(MIN_COLS..=MAX_COLS).contains(&k)
        || first < k + 1
        || first > MEAN_CELL_UNITS * (k + 1)
    {
        return None;
    }
    let runs = &runs[s..];
    // Column widths at least: the widest number in each, the widest label line.
    let mut widths = vec![0f32; k];
    for (r, &(a, b)) in runs.iter().enumerate() {
        for (j, u) in units[a..b].iter().enumerate() {
            if r % 2 == 0 {
                widths[j + 1] = widths[j + 1].max(u.width - u.hang);
            } else if !u.piece {
                widths[0] = widths[0].max(u.width - u.hang);
            }
        }
    }
    // Split units[..first] into the k header cells and the first row label (cell k, in
    // column 0): cheapest by the costs above.
    let column = |c: usize| if c == k { 0 } else { c };
    let join = |t: usize, c: usize| {
        let (x, y) = (&units[t - 1], &units[t]);
        let cost = if spaced(x, y) || (y.bracket && !x.number) {
            JOIN_SPACED
        } else if x.width - x.hang >= widths[column(c)] - 0.5 {
            JOIN_WRAP
        } else {
            JOIN_SHORT
        };
        if c < k {
            cost * HEADER_JOIN
        } else {
            cost
        }
    };
    let split = |t: usize| {
        if t > 0 && spaced(&units[t - 1], &units[t]) {
            SPLIT_SPACED
        } else {
            0.0
        }
    };
    let cells = k + 1;
    let mut dp = vec![vec![f64::INFINITY; first + 1]; cells + 1];
    let mut back = vec![vec![0usize; first + 1]; cells + 1];
    dp[0][0] = 0.0;
    let mut work = 0;
    for c in 0..cells {
        for a in 0..first {
            if !dp[c][a].is_finite() {
                continue;
            }
            let mut cost = dp[c][a] + split(a);
            for b in a + 1..=first.min(a + MAX_CELL_UNITS) {
                work += 1;
                if b > a + 1 {
                    cost += join(b - 1, c);
                }
                if cost < dp[c + 1][b] {
                    dp[c + 1][b] = cost;
                    back[c + 1][b] = a;
                }
            }
        }
    }
    crate::work::spend(work);
    if !dp[cells][first].is_finite() {
        return None;
    }
    let mut sizes = vec![0; cells];
    let mut at = first;
    for c in (0..cells).rev() {
        let a = back[c + 1][at];
        sizes[c] = at - a;
        at = a;
    }
    let mut grid = vec![sizes[..k].to_vec()];
    let mut label = sizes[k];
    for (r, &(a, b)) in runs.iter().enumerate() {
        if r % 2 == 0 && r + 1 == runs.len() - trailing {
            let mut row = vec![label];
            row.extend(std::iter::repeat_n(1, b - a));
            if trailing == 1 {
                *row.last_mut().expect("a number") += n - b;
            }
            grid.push(row);
            break;
        } else if r % 2 == 0 {
            let mut row = vec![label];
            row.extend(std::iter::repeat_n(1, b - a));
            grid.push(row);
        } else {
            label = b - a;
        }
    }
    Some((grid, trailing == 1))
}
