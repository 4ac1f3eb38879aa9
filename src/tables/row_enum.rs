//! The enumeration of one row's splits into cells that the centred layout allows
//! ([`RowEnum`]), with placed lines kept as bit sets ([`Mask`]).

use super::pattern::Pattern;
use super::MAX_COLS;
#[cfg(test)]
use super::{
    content::CellClass,
    fit::{cell_cost, Column, COST_INVERSION},
};

/// Search nodes (partial splits) that listing the splits of a table may visit.
pub(super) const SPLIT_NODES: usize = 50_000;
/// Splits that may be kept for one table.
pub(super) const SPLIT_LEAVES: usize = 50_000;

/// A split found for some column count, before it is filed under it.
pub(super) struct Leaf {
    pub(super) k: usize,
    /// Cut-point index the row ends at.
    pub(super) y: usize,
    pub(super) h: usize,
    pub(super) inv: u32,
    /// Where its cell sizes start in the pool.
    pub(super) at: usize,
}

/// Where the splits found from one cut point go.
pub(super) struct Found<'a> {
    /// The cut-point index the rows start at.
    pub(super) x: usize,
    /// The column counts still possible (reachable at `x`), and the largest.
    pub(super) alive: u32,
    pub(super) k_hi: usize,
    /// Fragment index → cut-point index, for those that are cut points.
    pub(super) cut_at: &'a [usize],
    pub(super) leaves: &'a mut Vec<Leaf>,
    pub(super) pool: &'a mut Vec<usize>,
    pub(super) nodes: &'a mut usize,
}

/// The deepest row height the bit sets handle (doubled heights fit a fixed array).
const BITSET_HEIGHT: usize = 30;
/// Doubled heights kept per bit set array (`2h + 2` of them are used).
const LEVELS: usize = 2 * BITSET_HEIGHT + 3;

/// The bit sets [`RowEnum`] keeps lines in: one bit per line of a row (`u64` for tables
/// of up to 64 fragments, `u128` beyond).
pub(super) trait Mask:
    Copy
    + Eq
    + std::ops::BitAnd<Output = Self>
    + std::ops::BitOr<Output = Self>
    + std::ops::BitOrAssign
    + std::ops::BitAndAssign
    + std::ops::Not<Output = Self>
{
    const ZERO: Self;
    const BITS: usize;
    fn bit(i: usize) -> Self;
    /// Bits `0..q`.
    fn first(q: usize) -> Self;
    fn ones(self) -> u32;
    fn rotr(self, by: usize) -> Self;
}

/// `Mask` for an unsigned integer type: the same bit operations at two widths.
macro_rules! impl_mask {
    ($t:ty) => {
        impl Mask for $t {
            const ZERO: $t = 0;
            const BITS: usize = <$t>::BITS as usize;
            fn bit(i: usize) -> $t {
                1 << i
            }
            fn first(q: usize) -> $t {
                if q >= <Self as Mask>::BITS {
                    !0
                } else {
                    (1 << q) - 1
                }
            }
            fn ones(self) -> u32 {
                self.count_ones()
            }
            fn rotr(self, by: usize) -> $t {
                self.rotate_right(by as u32)
            }
        }
    };
}

impl_mask!(u64);
impl_mask!(u128);

/// Enumerates the splits of rows starting at one fragment into cells of consecutive
/// fragments that the centred layout allows, given the OCR order.
///
/// For a row height `h`, cells are assigned left to right; each new cell's lines (at
/// `y = (h − lines)/2 + i`, kept doubled as integers) are checked against every line
/// already placed: same `y` → column order, `y` a line or more apart → `y` order, half a
/// line apart → either order (an inversion, which costs). Placed lines are kept as bit
/// sets by height (rows of at most `M::BITS` lines), so one check is a few mask
/// operations.
pub(super) struct RowEnum<M: Mask> {
    h: usize,
    s: usize,
    /// How many fragments from `s` a row may take.
    m: usize,
    /// See [`RowEnum::relate`].
    before: Vec<M>,
    after: Vec<M>,
    /// The same for the lines of the row from `s`, indexed by line.
    row_before: Vec<M>,
    row_after: Vec<M>,
    /// `lvl[y]`: the lines placed at doubled height `y`.
    lvl: [M; LEVELS],
    /// Per search depth (cells placed), `below[y]`: the lines placed at doubled height
    /// `y` or further down.
    below: Vec<[M; LEVELS]>,
    /// Per line, its doubled height once placed (rows too large for the bit sets).
    y2: Vec<i32>,
    /// Per line, how long a cell starting there can be (lines of a cell are read in
    /// order), and the longest from there on.
    run: Vec<usize>,
    longest: Vec<usize>,
    /// Per line count `b`, the descents (a line read before the one above it) in the
    /// first `b` lines.
    descents: Vec<usize>,
    cells: Vec<usize>,
    /// Whether the bit sets hold the row (see [`RowEnum::set_height`]).
    bits: bool,
    /// The lines a cell filling the row height can start at.
    tall_at: Vec<usize>,
}

impl<M: Mask> RowEnum<M> {
    /// A search over the rows of `pat`.
    pub(super) fn new(pat: &Pattern) -> RowEnum<M> {
        let mut row = RowEnum {
            h: 0,
            s: 0,
            m: 0,
            before: Vec::new(),
            after: Vec::new(),
            row_before: Vec::new(),
            row_after: Vec::new(),
            lvl: [M::ZERO; LEVELS],
            below: vec![[M::ZERO; LEVELS]; MAX_COLS + 1],
            y2: Vec::new(),
            run: Vec::new(),
            longest: Vec::new(),
            descents: Vec::new(),
            cells: Vec::new(),
            bits: false,
            tall_at: Vec::new(),
        };
        row.relate(pat);
        row
    }

    /// For every fragment `q` of the table, the fragments `p` up to `M::BITS - 1` before
    /// it that are read before it and those read after it (identical fragments excepted),
    /// as bit masks indexed by `p mod M::BITS`.
    fn relate(&mut self, pat: &Pattern) {
        let n = pat.order.len();
        self.before.clear();
        self.after.clear();
        for q in 0..n {
            let (mut before, mut after) = (M::ZERO, M::ZERO);
            for p in q.saturating_sub(M::BITS - 1)..q {
                if pat.group[p] != pat.group[q] {
                    if pat.order[p] < pat.order[q] {
                        before |= M::bit(p % M::BITS);
                    } else {
                        after |= M::bit(p % M::BITS);
                    }
                }
            }
            self.before.push(before);
            self.after.push(after);
        }
    }

    /// Prepares for rows of up to `m` fragments from `s`.
    pub(super) fn start(&mut self, pat: &Pattern, s: usize, m: usize) {
        self.s = s;
        self.m = m;
        self.y2.clear();
        self.y2.resize(m, 0);
        self.row_before.clear();
        self.row_after.clear();
        if m <= M::BITS {
            let by = s % M::BITS;
            for q in 0..m {
                self.row_before
                    .push(self.before[s + q].rotr(by) & M::first(q));
                self.row_after
                    .push(self.after[s + q].rotr(by) & M::first(q));
            }
        }
        self.lvl = [M::ZERO; LEVELS];
        self.cells.clear();
        let rank = &pat.order[s..s + m];
        let group = &pat.group[s..s + m];
        let descent = |q: usize| q > 0 && rank[q] < rank[q - 1] && group[q] != group[q - 1];
        self.descents.clear();
        self.descents.push(0);
        for q in 0..m {
            let d = self.descents[q] + usize::from(descent(q));
            self.descents.push(d);
        }
        self.run.clear();
        self.run.resize(m + 1, 0);
        self.longest.clear();
        self.longest.resize(m + 1, 0);
        for q in (0..m).rev() {
            self.run[q] = if q + 1 < m && !descent(q + 1) {
                self.run[q + 1] + 1
            } else {
                1
            };
            self.longest[q] = self.longest[q + 1].max(self.run[q]);
        }
    }

    /// The longest cell that can start at line `b` or after.
    pub(super) fn longest_cell(&self, b: usize) -> usize {
        self.longest[b]
    }

    /// Sets the row height for the next search.
    pub(super) fn set_height(&mut self, h: usize) {
        self.h = h;
        self.bits = self.m <= M::BITS && h <= BITSET_HEIGHT;
        self.tall_at.clear();
        self.tall_at
            .extend((0..self.m).filter(|&t| self.run[t] >= h));
    }

    /// Whether a cell filling the row height can still start at line `b` or after: its
    /// lines must be read in order, and no line placed already and read before its first
    /// line (at the top) may lie a line or more below the top.
    fn tall_possible(&self, b: usize) -> bool {
        let h = self.h;
        if self.longest[b] < h {
            return false;
        }
        if !self.bits {
            return true;
        }
        let low = self.lvl[2..=2 * h].iter().fold(M::ZERO, |acc, &l| acc | l);
        if low == M::ZERO {
            return true;
        }
        let from = self.tall_at.partition_point(|&t| t < b);
        self.tall_at[from..]
            .iter()
            .any(|&t| self.row_before[t] & low == M::ZERO)
    }

    /// Fills `below` for search depth `j` from the lines placed.
    fn fill_below(&mut self, j: usize) {
        let top = 2 * self.h + 2;
        let below = &mut self.below[j];
        below[top] = M::ZERO;
        for y in (0..top).rev() {
            below[y] = below[y + 1] | self.lvl[y];
        }
    }

    /// The inversions of lines `b..b+len` as the next cell against the `j` cells placed
    /// before it, or None if the OCR order rules the cell out.
    fn inversions(&self, pat: &Pattern, j: usize, b: usize, len: usize) -> Option<u32> {
        let h = self.h;
        let mut added = 0;
        if self.bits {
            let below = &self.below[j];
            for i in 0..len {
                let q = b + i;
                let yq = h - len + 2 * i;
                // Lines read before `q` must not lie a line or more below it; half a line
                // below is an inversion.
                let before = self.row_before[q];
                if before & below[yq + 2] != M::ZERO {
                    return None;
                }
                let half_below = before & below[yq + 1];
                if half_below != M::ZERO {
                    added += half_below.ones();
                }
                // Lines read after `q` must lie below it, or half a line above.
                let level = self.row_after[q] & below[0] & !below[yq + 1];
                if level != M::ZERO {
                    let half_above = if yq > 0 { self.lvl[yq - 1] } else { M::ZERO };
                    if level & !half_above != M::ZERO {
                        return None;
                    }
                    added += level.ones();
                }
            }
            return Some(added);
        }
        let rank = &pat.order[self.s..self.s + self.m];
        let group = &pat.group[self.s..self.s + self.m];
        for i in 0..len {
            let q = b + i;
            let yq = (h - len + 2 * i) as i32;
            for p in 0..b {
                let yp = self.y2[p];
                let predicted = yp <= yq;
                let observed = rank[p] < rank[q];
                if predicted != observed && group[p] != group[q] {
                    if (yp - yq).abs() == 1 {
                        added += 1;
                    } else {
                        return None;
                    }
                }
            }
        }
        Some(added)
    }

    /// Places (or with `on` false, removes) lines `b..b+len` as a cell.
    fn place(&mut self, b: usize, len: usize, on: bool) {
        let h = self.h;
        for i in 0..len {
            let q = b + i;
            let yq = h - len + 2 * i;
            if self.bits {
                if on {
                    self.lvl[yq] |= M::bit(q);
                } else {
                    self.lvl[yq] &= !M::bit(q);
                }
            } else {
                self.y2[q] = yq as i32;
            }
        }
    }

    /// Extends the cells placed so far (covering `b` lines, `inv` inversions; `tallest`
    /// when one of them fills the row height), recording every split it reaches.
    pub(super) fn dfs(
        &mut self,
        pat: &Pattern,
        b: usize,
        inv: u32,
        tallest: bool,
        found: &mut Found,
    ) -> Option<()> {
        *found.nodes += 1;
        if *found.nodes > SPLIT_NODES {
            return None;
        }
        let j = self.cells.len();
        let h = self.h;
        // Some cell must fill the row's height (else it is a lower row height). Read in
        // text order, two cells' line counts sum to at most 3 (the last line of one must
        // not come a line below the first of a later one).
        if tallest && found.alive >> j & 1 == 1 && !(self.descents[b] == 0 && b > j + 1) {
            let y = found.cut_at[self.s + b];
            if y != usize::MAX && y > found.x {
                if found.leaves.len() >= SPLIT_LEAVES {
                    return None;
                }
                found.leaves.push(Leaf {
                    k: j,
                    y,
                    h,
                    inv,
                    at: found.pool.len(),
                });
                found.pool.extend_from_slice(&self.cells);
            }
        }
        if j == found.k_hi || (!tallest && !self.tall_possible(b)) {
            return Some(());
        }
        let rank = &pat.order[self.s..self.s + self.m];
        let group = &pat.group[self.s..self.s + self.m];
        // This depth's `below`, filled when first needed (nothing is placed at `b == 0`).
        let mut ready = b == 0 || !self.bits;
        if b == 0 && self.bits {
            self.below[j] = [M::ZERO; LEVELS];
        }
        let max_len = h.min(self.m - b);
        for len in 1..=max_len {
            let q = b + len - 1;
            if len >= 2 && rank[q] < rank[q - 1] && group[q] != group[q - 1] {
                break;
            }
            if !ready {
                self.fill_below(j);
                ready = true;
            }
            let Some(added) = self.inversions(pat, j, b, len) else {
                continue;
            };
            self.place(b, len, true);
            self.cells.push(len);
            let done = self.dfs(pat, b + len, inv + added, tallest || len == h, found);
            self.cells.pop();
            self.place(b, len, false);
            done?;
        }
        Some(())
    }

    /// The cost and inversions of one given split of the row of fragments from `s` (for
    /// tests and diagnostics), or None if the reading orders rule it out.
    #[cfg(test)]
    pub(super) fn cost_of(
        pat: &Pattern,
        s: usize,
        cells: &[usize],
        refs: Option<&[Column]>,
    ) -> Option<(u32, u32)> {
        let mut row = RowEnum::<M>::new(pat);
        row.start(pat, s, cells.iter().sum());
        row.set_height(cells.iter().copied().max()?);
        let (mut b, mut cost, mut inv) = (0, 0, 0);
        for (j, &len) in cells.iter().enumerate() {
            row.fill_below(j);
            let added = row.inversions(pat, j, b, len)?;
            let class = CellClass::of(pat.chars(s + b, len));
            cost += added * COST_INVERSION + cell_cost(pat, refs, s == 0, j, s + b, len, class);
            inv += added;
            row.place(b, len, true);
            b += len;
        }
        Some((cost, inv))
    }
}
