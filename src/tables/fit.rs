//! Step 3, pricing: the cheapest grid of each column count ([`fit_columns`]), a DP over
//! rows pricing the listed splits ([`Splits::fit`], [`cell_cost`]) with column widths and
//! kinds taken from the grid itself ([`columns`]).

use super::content::{profile, CellClass, Kind, Profile};
use super::pattern::Pattern;
use super::splits::{SplitMeta, Splits};

/// Where counts of equally cheap grids stop (see [`Fit::alternatives`]).
pub(super) const SATURATE: u32 = 1000;

/// Costs of a grid, in units: a tolerated half-line inversion, a line ending short before
/// its cell goes on, a line wider than its column.
pub(super) const COST_INVERSION: u32 = 2;
pub(super) const COST_SHORT: u32 = 3;
pub(super) const COST_OVER: u32 = 4;
/// A wrapped cell whose last line is full too (so it looks as if it went on).
const COST_FULL_END: u32 = 1;
/// A cell unlike the rest of its column (text among numbers, a sentence among labels), or
/// numbers run together.
const COST_KIND: u32 = 2;
/// A first-column data cell that is no label (punctuation, or longer than a label): a
/// little more than one tolerated inversion.
const COST_LABEL_SENTENCE: u32 = 3;
/// A line that goes on in the next line is short when it, plus the next character, stays
/// this far below its column's width; a line is over when it is this far above it.
const SHORT_SLACK: f32 = 0.5;
const OVER_SLACK: f32 = 1.5;
/// How far the columns together may exceed the body width.
pub(super) const LIMIT_SLACK: f32 = 1.0;

/// An extra cost for a width misfit of `by` units: the more, the less likely.
fn graded(by: f32) -> u32 {
    (by.floor() as u32).min(6)
}

/// What the rest of the grid says about one column: its width, and the kind of its cells.
#[derive(Debug, Clone, Copy)]
pub(super) struct Column {
    /// When most data cells of the column are of one kind, a cell of another kind costs.
    profile: Option<Profile>,
    /// The median width of the column's wrapped (non-last) lines, else its widest line.
    full: f32,
    /// Whether `full` comes from wrapped lines (then it also bounds every line).
    from_wraps: bool,
    /// The widest a line can be with the other columns at their estimated widths inside
    /// the body width (infinite when the body width is unknown).
    limit: f32,
}

/// The best grid of one column count: rows of cell sizes (in fragments, text order).
#[derive(Debug, Clone)]
pub(super) struct Fit {
    pub(super) cols: usize,
    pub(super) rows: Vec<Vec<usize>>,
    pub(super) cost: u32,
    /// Rows' heights beyond one line, summed.
    tall: usize,
    /// The cost of the cheapest other grid of this column count, when below
    /// `cost + MARGIN` (else some value from there up).
    pub(super) runner_up: u32,
    /// Pairs half a line apart read against the predicted order.
    pub(super) inversions: u32,
    /// How many grids of this column count reach the same cost (saturating).
    pub(super) alternatives: u32,
    /// The part of `cost` for columns mixing numbers and text.
    pub(super) mixed: u32,
    /// Lines with exactly room for their next character, each priced like an inversion.
    pub(super) near: u32,
}

pub(super) enum FitResult {
    Fit(Fit),
    None,
}

/// Fits `k` columns: a first grid from the reading orders alone (and each cell's own line
/// widths), then again with the column widths and cell kinds that grid shows, until it
/// settles. A wrong first grid can settle on itself, so the search also starts from the
/// usual shape of a table (a first column of labels) and keeps the cheaper end (then the
/// more table-like content, then the shorter rows).
///
/// The splits the reading orders allow do not depend on the costs, so they are listed
/// once ([`Splits::find_all`]) and every pass only prices them.
pub(super) fn fit_columns(pat: &Pattern, splits: &Splits, body_width: f32) -> FitResult {
    if !splits.complete {
        return FitResult::None;
    }
    let k = splits.k;
    let labels_first: Vec<Column> = (0..k)
        .map(|j| Column {
            profile: (j == 0).then_some(Profile::Labels),
            full: 0.0,
            from_wraps: false,
            limit: f32::INFINITY,
        })
        .collect();
    let mut best: Option<(Fit, f64)> = None;
    // A pass priced with a grid's own columns depends on that grid only: both starts often
    // come to the same grids.
    let mut passes: Vec<(Vec<Vec<usize>>, Vec<Column>, Fit)> = Vec::new();
    for start in [None, Some(&labels_first[..])] {
        let mut fit = splits.fit(pat, start);
        for _ in 0..3 {
            let next = match passes.iter().find(|(rows, _, _)| *rows == fit.rows) {
                Some((_, _, next)) => next.clone(),
                None => {
                    let refs = columns(pat, &fit.rows, k, body_width);
                    let next = splits.fit(pat, Some(&refs));
                    passes.push((fit.rows.clone(), refs, next.clone()));
                    next
                }
            };
            let settled = next.rows == fit.rows;
            fit = next;
            if settled {
                break;
            }
        }
        fit.mixed = mixed_columns(pat, &fit.rows, k);
        fit.cost += fit.mixed;
        match &mut best {
            Some((b, _)) if b.rows == fit.rows => {}
            Some((b, bs)) => {
                let score = pat.score(&fit.rows);
                let better = fit
                    .cost
                    .cmp(&b.cost)
                    .then(bs.total_cmp(&score))
                    .then(fit.tall.cmp(&b.tall))
                    .is_lt();
                // Each start's grid is an alternative to the other's.
                if better {
                    fit.runner_up = fit.runner_up.min(b.cost);
                    *b = fit;
                    *bs = score;
                } else {
                    b.runner_up = b.runner_up.min(fit.cost);
                }
            }
            None => {
                let score = pat.score(&fit.rows);
                best = Some((fit, score));
            }
        }
    }
    best.map_or(FitResult::None, |(mut fit, _)| {
        // Only a grid whose cost is more than its inversions and mixed columns needs its
        // near fits told apart from misfits (the description; counted once, for the
        // grid kept).
        if fit.cost - fit.mixed - fit.inversions * COST_INVERSION >= COST_SHORT.min(COST_OVER) {
            // A settled grid was priced with the columns it shows, already computed.
            fit.near = match passes.iter().find(|(rows, _, _)| *rows == fit.rows) {
                Some((_, refs, _)) => near_fits(pat, &fit.rows, refs),
                None => near_fits(pat, &fit.rows, &columns(pat, &fit.rows, k, body_width)),
            };
        }
        FitResult::Fit(fit)
    })
}

/// What columns mixing numbers and text cost a grid: a column holds one kind of data, so
/// each cell of the minority kind costs like a cell unlike its column (data rows only).
fn mixed_columns(pat: &Pattern, rows: &[Vec<usize>], k: usize) -> u32 {
    let mut counts = vec![(0u32, 0u32); k];
    let mut at = 0;
    for (r, row) in rows.iter().enumerate() {
        for (j, &len) in row.iter().enumerate() {
            if r > 0 {
                match pat.class(at, len).kind {
                    Kind::Number => counts[j].0 += 1,
                    Kind::Text => counts[j].1 += 1,
                    Kind::Empty => {}
                }
            }
            at += len;
        }
    }
    counts.iter().map(|&(n, t)| n.min(t) * COST_KIND).sum()
}

/// Each column's width and profile as a grid shows it.
pub(super) fn columns(
    pat: &Pattern,
    rows: &[Vec<usize>],
    k: usize,
    body_width: f32,
) -> Vec<Column> {
    // Where each cell of column `j` starts, row by row.
    let cell_at =
        |r: usize, j: usize, row_at: &[usize]| row_at[r] + rows[r][..j].iter().sum::<usize>();
    let mut row_at = Vec::with_capacity(rows.len());
    let mut at = 0;
    for row in rows {
        row_at.push(at);
        at += row.iter().sum::<usize>();
    }
    let median = |w: &mut Vec<f32>| {
        w.sort_by(f32::total_cmp);
        w.get(w.len() / 2).copied().unwrap_or(0.0)
    };
    let mut lines: Vec<f32> = Vec::new();
    // Per column: its wrapped lines' median (when it has two or more), its guessed width,
    // its widest line, and its cells' profiles (data rows).
    let mut cols: Vec<(Option<f32>, f32, f32, [usize; 3])> = Vec::with_capacity(k);
    for j in 0..k {
        let mut kinds = [0; 3];
        lines.clear();
        for (r, row) in rows.iter().enumerate() {
            let (at, len) = (cell_at(r, j, &row_at), row[j]);
            if r > 0 {
                let p = pat.class(at, len).profile;
                kinds[p.map_or(2, |p| p as usize)] += 1;
            }
            lines.extend_from_slice(&pat.set[at..at + len - 1]);
        }
        // One wrapped line alone proves nothing: it may be a line the grid put there
        // wrongly.
        let full = (lines.len() >= 2).then(|| median(&mut lines));
        lines.clear();
        for (r, row) in rows.iter().enumerate() {
            let at = cell_at(r, j, &row_at);
            lines.extend_from_slice(&pat.set[at..at + row[j]]);
        }
        // A column's width: its wrapped lines' median, else its lines' median (a low guess).
        let guess = full.unwrap_or_else(|| median(&mut lines));
        let widest = lines.iter().copied().fold(0.0, f32::max);
        cols.push((full, guess, widest, kinds));
    }
    let total: f32 = cols.iter().map(|c| c.1).sum();
    cols.iter()
        .enumerate()
        .map(|(j, &(full, guess, widest, kinds))| Column {
            profile: profile(kinds, j == 0),
            from_wraps: full.is_some(),
            full: full.unwrap_or(widest),
            limit: if body_width > 0.0 {
                body_width + LIMIT_SLACK - (total - guess)
            } else {
                f32::INFINITY
            },
        })
        .collect()
}

impl Splits {
    /// One pass of the grid search: a DP over row boundaries (at cut points), each row's
    /// splits priced with the column estimates `refs`. Keeps the cheapest grid.
    pub(super) fn fit(&self, pat: &Pattern, refs: Option<&[Column]>) -> Fit {
        struct Node {
            cost: u32,
            /// Rows' heights beyond one line: among equal costs, fewer and shorter rows
            /// lose to more, shorter ones (a header is not merged into the row below).
            tall: usize,
            /// The cost of the cheapest other grid up to here (capped near `cost`).
            runner_up: u32,
            inversions: u32,
            alternatives: u32,
            prev: usize,
            split: usize,
        }
        let k = self.k;
        let mut nodes: Vec<Option<Node>> = (0..self.points).map(|_| None).collect();
        nodes[0] = Some(Node {
            cost: 0,
            tall: 0,
            runner_up: u32::MAX,
            inversions: 0,
            alternatives: 1,
            prev: 0,
            split: usize::MAX,
        });
        for span in &self.spans {
            let (x, y) = (span.from, span.to);
            let Some((base_cost, base_tall, base_runner, base_inv, base_alt)) = nodes[x]
                .as_ref()
                .map(|n| (n.cost, n.tall, n.runner_up, n.inversions, n.alternatives))
            else {
                continue;
            };
            // The cheapest split (the first found among equals), the cheapest other one, and
            // how many reach the cheapest cost at the same height.
            let (mut best, mut best_cost, mut second, mut ties) =
                (usize::MAX, u32::MAX, u32::MAX, 0);
            for i in span.splits.clone() {
                let SplitMeta {
                    first: s,
                    inversions: inv,
                    height: h,
                } = self.meta[i];
                let mut cost = inv * COST_INVERSION;
                let mut at = s;
                for j in 0..k {
                    let len = self.cells[i * k + j];
                    cost += cell_cost(pat, refs, s == 0, j, at, len, self.classes[i * k + j]);
                    at += len;
                }
                if cost < best_cost {
                    second = best_cost;
                    best_cost = cost;
                    best = i;
                    ties = 1;
                } else {
                    if cost == best_cost && h == self.meta[best].height {
                        ties = (ties + 1).min(SATURATE);
                    }
                    second = second.min(cost);
                }
            }
            let inv = self.meta[best].inversions;
            let cells = &self.cells[best * k..(best + 1) * k];
            let cost = base_cost + best_cost;
            let runner = base_runner
                .saturating_add(best_cost)
                .min(base_cost.saturating_add(second));
            let tall = base_tall + cells.iter().max().map_or(0, |h| h - 1);
            let alt = base_alt.saturating_mul(ties).min(SATURATE);
            if let Some(node) = &mut nodes[y] {
                // The two cheapest of both sets of grids.
                let mut costs = [node.cost, node.runner_up, cost, runner];
                costs.sort_unstable();
                node.runner_up = costs[1];
            }
            match &mut nodes[y] {
                Some(node) if (node.cost, node.tall) < (cost, tall) => {}
                Some(node) if (node.cost, node.tall) == (cost, tall) => {
                    node.alternatives = node.alternatives.saturating_add(alt).min(SATURATE);
                }
                slot => {
                    let runner_up = slot.as_ref().map_or(runner, |n| n.runner_up);
                    *slot = Some(Node {
                        cost,
                        tall,
                        runner_up,
                        inversions: base_inv + inv,
                        alternatives: alt,
                        prev: x,
                        split: best,
                    });
                }
            }
        }
        let last = self.points - 1;
        let end = nodes[last]
            .as_ref()
            .expect("the last cut point is reachable");
        let mut rows = Vec::new();
        let mut at = last;
        while at != 0 {
            let node = nodes[at].as_ref().expect("reachable node");
            rows.push(self.cells[node.split * k..(node.split + 1) * k].to_vec());
            at = node.prev;
        }
        rows.reverse();
        Fit {
            cols: k,
            rows,
            cost: end.cost,
            tall: end.tall,
            runner_up: end.runner_up,
            inversions: end.inversions,
            alternatives: end.alternatives,
            mixed: 0,
            near: 0,
        }
    }
}

/// The full width of fragments `b..b+len` as one cell of column `j`: the column's, or the
/// cell's widest line where that is wider (or the column is not known yet).
fn cell_full(pat: &Pattern, refs: Option<&[Column]>, j: usize, b: usize, len: usize) -> f32 {
    let widest = pat.set[b..b + len].iter().copied().fold(0.0, f32::max);
    refs.map_or(widest, |r| r[j].full.max(widest))
}

/// Whether a line `short` of its column's full width (less the slack) had exactly room
/// for the next character, within the half unit a width can be mismeasured by.
fn near_fit(short: f32) -> bool {
    short <= 0.0 && short > -SHORT_SLACK - 0.01
}

/// How many lines of grid `rows` had exactly room for their next character (what
/// [`cell_cost`] prices like an inversion), with the columns `refs` the grid shows: the
/// part of a grid's cost that is neither a misfit nor an inversion, for its description.
fn near_fits(pat: &Pattern, rows: &[Vec<usize>], refs: &[Column]) -> u32 {
    let mut count = 0;
    let mut at = 0;
    for row in rows {
        for (j, &len) in row.iter().enumerate() {
            let full = cell_full(pat, Some(refs), j, at, len);
            for i in 0..len.saturating_sub(1) {
                let short = full - SHORT_SLACK - (pat.width[at + i] + pat.next_first[at + i]);
                count += u32::from(near_fit(short));
            }
            at += len;
        }
    }
    count
}

/// The cost of fragments `b..b+len` as one cell of column `j`: its line widths against the
/// column's, and its kind against the column's profile (not in the header row).
pub(super) fn cell_cost(
    pat: &Pattern,
    refs: Option<&[Column]>,
    header: bool,
    j: usize,
    b: usize,
    len: usize,
    class: CellClass,
) -> u32 {
    let lines = &pat.width[b..b + len];
    let set = &pat.set[b..b + len];
    let col = refs.map(|r| r[j]);
    let full = cell_full(pat, refs, j, b, len);
    let mut cost = 0;
    for (i, (&w, &set)) in lines.iter().zip(set).enumerate() {
        // Greedy wrapping: a line goes on only if the next character did not fit.
        let next = pat.next_first[b + i];
        let short = full - SHORT_SLACK - (w + next);
        if i + 1 < len && short > 0.0 {
            cost += COST_SHORT + graded(short);
        } else if i + 1 < len && near_fit(short) {
            // The next character would have fitted exactly (`w + next == full`, and the
            // column is at least `full` wide): short as far as the widths tell, but within
            // the half unit a width can be mismeasured by, so priced like one tolerated
            // inversion. Free, it let a wrapped label (`全面把握` / `贸易影响`) win over an
            // OCR swap by a clear margin and claim certainty; at `COST_SHORT`, grids whose
            // lines are measured a little wide lost (varied pages 0..2000: 4 more tables
            // exact, none fewer, against 3 more and 2 fewer).
            cost += COST_INVERSION;
        } else if i + 1 == len && len > 1 && w + next > full {
            // The cell's last line is full: the next line could have gone on with it.
            cost += COST_FULL_END;
        }
        if let Some(c) = col {
            let bound = if c.from_wraps {
                c.limit.min(c.full + OVER_SLACK)
            } else {
                c.limit
            };
            if set > bound {
                cost += COST_OVER + graded(set - bound);
            }
        }
    }
    if let Some(want) = col.and_then(|c| c.profile).filter(|_| !header) {
        if class.misfits(want) {
            cost += COST_KIND;
        }
    }
    if class.run_together {
        cost += COST_KIND;
    }
    if j == 0 && !header && class.kind == Kind::Text && class.profile.is_none() {
        // Row labels are short and unpunctuated; a sentence in the first column is more
        // likely a wrapped line of the cell above read into the next row.
        cost += COST_LABEL_SENTENCE;
    }
    cost
}
