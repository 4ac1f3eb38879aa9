//! Step 3, the splits: every way the reading orders allow of splitting rows into cells
//! ([`Splits::find_all`]), listed once per table. They are enumerated per row by
//! `row_enum.rs` and priced by `fit.rs`.

use super::content::CellClass;
use super::pattern::Pattern;
use super::row_enum::{Found, Leaf, Mask, RowEnum};
use super::{MAX_CELL_LINES, MIN_COLS};

/// Every way the reading orders allow of splitting rows into `k` cells: for each span of
/// cut points that can be one row, its splits (cells of consecutive fragments, with their
/// height and half-line inversions), lowest height first, then in search order.
pub(super) struct Splits {
    pub(super) k: usize,
    /// The rows that can be one row, with their splits.
    pub(super) spans: Vec<Span>,
    /// Per split: where it starts, its inversions and its height.
    pub(super) meta: Vec<SplitMeta>,
    /// Per split, `k` cell sizes.
    pub(super) cells: Vec<usize>,
    /// Per split, `k` cell classes.
    pub(super) classes: Vec<CellClass>,
    /// Number of cut points.
    pub(super) points: usize,
    /// Whether the last cut point is reachable (some grid covers the table).
    pub(super) complete: bool,
}

/// A row between two cut points, and its splits.
pub(super) struct Span {
    /// Cut-point index the row starts at, and the index it ends at.
    pub(super) from: usize,
    pub(super) to: usize,
    /// Its splits (indices into [`Splits::meta`]).
    pub(super) splits: std::ops::Range<usize>,
}

/// One split of a row into cells.
#[derive(Debug, Clone, Copy)]
pub(super) struct SplitMeta {
    /// The row's first fragment.
    pub(super) first: usize,
    /// Its half-line inversions.
    pub(super) inversions: u32,
    /// The row's height in lines.
    pub(super) height: usize,
}

impl Splits {
    /// Lists the splits for every column count from `MIN_COLS` to `max_cols`, or None when
    /// the search budget runs out.
    ///
    /// Rows are found from each reachable cut point in turn. One search per row height
    /// serves every column count and every row end at once: it extends cells left to
    /// right, and every prefix that ends at a cut point with `k` cells is a split for `k`
    /// columns (the order of the splits of one row is the search order of a search for
    /// that row alone).
    pub(super) fn find_all(pat: &Pattern, cuts: &[usize], max_cols: usize) -> Option<Vec<Splits>> {
        if pat.order.len() <= 64 {
            Splits::find_with::<u64>(pat, cuts, max_cols)
        } else {
            Splits::find_with::<u128>(pat, cuts, max_cols)
        }
    }

    /// [`Splits::find_all`] with rows kept in bit sets of type `M`.
    fn find_with<M: Mask>(pat: &Pattern, cuts: &[usize], max_cols: usize) -> Option<Vec<Splits>> {
        let n = pat.order.len();
        let mut all: Vec<Splits> = (0..=max_cols)
            .map(|k| Splits {
                k,
                spans: Vec::new(),
                meta: Vec::new(),
                cells: Vec::new(),
                classes: Vec::new(),
                points: cuts.len(),
                complete: false,
            })
            .collect();
        let mut reach = vec![vec![false; cuts.len()]; max_cols + 1];
        for r in &mut reach {
            r[0] = true;
        }
        let mut cut_at = vec![usize::MAX; n + 1];
        for (y, &c) in cuts.iter().enumerate() {
            cut_at[c] = y;
        }
        let mut nodes = 0;
        let mut row = RowEnum::<M>::new(pat);
        let mut leaves: Vec<Leaf> = Vec::new();
        let mut pool: Vec<usize> = Vec::new();
        for x in 0..cuts.len() - 1 {
            let alive: u32 = (MIN_COLS..=max_cols)
                .filter(|&k| reach[k][x])
                .fold(0, |a, k| a | 1 << k);
            if alive == 0 {
                continue;
            }
            let k_hi = 31 - alive.leading_zeros() as usize;
            let s = cuts[x];
            leaves.clear();
            pool.clear();
            // Rows of at most `MAX_CELL_LINES` lines per cell, all column counts at once.
            let limit = (n - s).min(k_hi * MAX_CELL_LINES);
            row.start(pat, s, limit);
            for h in 1..=MAX_CELL_LINES {
                if row.longest_cell(0) < h {
                    break;
                }
                row.set_height(h);
                let mut found = Found {
                    x,
                    alive,
                    k_hi,
                    cut_at: &cut_at,
                    leaves: &mut leaves,
                    pool: &mut pool,
                    nodes: &mut nodes,
                };
                row.dfs(pat, 0, 0, false, &mut found)?;
            }
            // A row to the next cut point too long for that: one height only.
            let e = cuts[x + 1];
            for k in (MIN_COLS..=max_cols).filter(|&k| alive >> k & 1 == 1) {
                if e - s > k * MAX_CELL_LINES {
                    row.start(pat, s, e - s);
                    let m = e - s;
                    let h_min = m.div_ceil(k);
                    let h_max = (m - k + 1).min(MAX_CELL_LINES.max(h_min));
                    for h in h_min..=h_max {
                        row.set_height(h);
                        let mut found = Found {
                            x,
                            alive: 1 << k,
                            k_hi: k,
                            cut_at: &cut_at,
                            leaves: &mut leaves,
                            pool: &mut pool,
                            nodes: &mut nodes,
                        };
                        row.dfs(pat, 0, 0, false, &mut found)?;
                    }
                }
            }
            // File them: by column count and row end, each in the order found.
            leaves.sort_by_key(|l| (l.k, l.y));
            let mut i = 0;
            while i < leaves.len() {
                let (k, y) = (leaves[i].k, leaves[i].y);
                let splits = &mut all[k];
                let first = splits.meta.len();
                while i < leaves.len() && (leaves[i].k, leaves[i].y) == (k, y) {
                    let l = &leaves[i];
                    splits.meta.push(SplitMeta {
                        first: s,
                        inversions: l.inv,
                        height: l.h,
                    });
                    splits.cells.extend_from_slice(&pool[l.at..l.at + k]);
                    i += 1;
                }
                reach[k][y] = true;
                splits.spans.push(Span {
                    from: x,
                    to: y,
                    splits: first..splits.meta.len(),
                });
            }
        }
        let last = cuts.len() - 1;
        for splits in &mut all {
            let k = splits.k;
            splits.complete = k >= MIN_COLS && reach[k][last];
            for (i, &SplitMeta { first: s, .. }) in splits.meta.iter().enumerate() {
                let mut at = s;
                for &len in &splits.cells[i * k..(i + 1) * k] {
                    splits.classes.push(pat.class(at, len));
                    at += len;
                }
            }
        }
        Some(all)
    }
}
