//! The text-only parse: units into rows of cells for given column widths ([`Parser`]).

use super::fit::LIMIT_SLACK;
use super::units::Unit;

/// Costs of the width-based parse (lower is better): a wrapped cell ending with a full
/// line (it looks as if it went on); a letter-spaced line ending its cell (justification
/// spaces only full, wrapped lines); a letter-spacing piece standing alone as a line among
/// others like it; a heading or a row label that wraps (they seldom do).
const COST_GUESS_FULL_END: f64 = 0.5;
const COST_SPACED_LAST: f64 = 1.0;
const COST_ORPHAN: f64 = 0.6;
const COST_WRAP_HEADER: f64 = 0.6;
const COST_WRAP_LABEL: f64 = 0.4;
/// A line holding punctuation (`，`, `、`, `。`…) in a heading or a row label, which are
/// short names: it belongs to a text cell of another column. High, as a column count that
/// puts sentences in the header or the label column is the common wrong guess (synthetic
/// pages, text layer only: cells right 62.7% → 68.5%; 2.0 gives 67.5%, 10.0 68.3%).
const COST_PUNCT_LABEL: f64 = 5.0;
/// A single token wider than its column (by at most `OVER_REACH`), plus its excess: allowed
/// at a price so that one wrong width does not make every parse impossible.
const COST_GUESS_OVER: f64 = 3.0;
const OVER_REACH: f32 = 12.0;
/// A line is full when it plus the next character would come within this of the width
/// (a little slack: real typesetting squeezes punctuation, so a line can wrap although
/// the next character would just have fitted).
const FULL_SLACK: f32 = 0.25;

/// A parse of units into rows of cells.
#[derive(Clone)]
pub(super) struct Parse {
    pub(super) cost: f64,
    /// Rows of cell sizes, in units.
    pub(super) rows: Vec<Vec<usize>>,
    /// Each column's widest line.
    pub(super) widest: Vec<f32>,
}

/// The cheapest parse of the units into rows of `k` cells with the given column widths.
#[cfg(test)]
pub(super) fn parse(
    units: &[Unit],
    mergeable: bool,
    widths: &[f32],
    body_width: f32,
) -> Option<Parse> {
    Parser::new(units, mergeable, body_width).parse(widths)
}

/// One line the units can print as: a token, or a letter-spaced run of tokens.
#[derive(Debug, Clone, Copy)]
struct Line {
    /// The unit after its last.
    end: usize,
    /// The width it takes of its column (a closing punctuation mark at its end may hang).
    set: f32,
    /// Its width plus the first character of the next unit (the line is full when that
    /// passes the column width), or minus infinity at the end of the table.
    reach: f32,
    /// The cost of reading its spaces as letter-spacing, or of a lone piece of
    /// letter-spacing as a line.
    cost: f64,
    /// What ending a cell with it adds (a letter-spaced line seldom ends a cell).
    last: f64,
    /// More than one token.
    merged: bool,
    /// Holds punctuation.
    punct: bool,
}

/// Parses units into rows of cells for given column widths ([`Parser::parse`]); what
/// does not depend on the widths (the lines each unit can start) is worked out once.
pub(super) struct Parser<'a> {
    units: &'a [Unit],
    body_width: f32,
    /// `starts[i]..starts[i + 1]` in `lines`: the lines starting at unit `i`, shortest first
    /// (runs of tokens only as far as `cap` wide).
    starts: Vec<usize>,
    lines: Vec<Line>,
    mergeable: bool,
    cap: f32,
    dp: Vec<f64>,
    /// Per state: the state before, whether the step closed a cell, the line's width.
    back: Vec<(u32, bool, f32)>,
    /// Transitions tried so far (the measure of work).
    pub(super) work: usize,
    /// The cost of a line with punctuation in a heading or a row label (0 unless
    /// [`Parser::price_punctuation`]).
    punct_label: f64,
}

impl<'a> Parser<'a> {
    pub(super) fn new(units: &'a [Unit], mergeable: bool, body_width: f32) -> Parser<'a> {
        Parser {
            units,
            body_width,
            starts: Vec::new(),
            lines: Vec::new(),
            mergeable,
            cap: f32::NEG_INFINITY,
            dp: Vec::new(),
            back: Vec::new(),
            work: 0,
            punct_label: 0.0,
        }
    }

    /// Prices punctuation in headings and row labels (`COST_PUNCT_LABEL`): on the text
    /// layer alone only, so that the guess from the located lines of both passes (or the
    /// OCR pass's lines) stays as it was.
    pub(super) fn price_punctuation(&mut self) {
        self.punct_label = COST_PUNCT_LABEL;
    }

    /// Lists the lines again, runs of tokens up to `cap` wide.
    fn list_lines(&mut self, cap: f32) {
        let (units, n) = (self.units, self.units.len());
        self.cap = cap;
        self.starts.clear();
        self.lines.clear();
        for i in 0..n {
            self.starts.push(self.lines.len());
            let mut w = 0.0;
            let mut spaces = 0.0;
            let mut punct = false;
            for y in i + 1..=n {
                let u = &units[y - 1];
                if y > i + 1 {
                    if !self.mergeable {
                        break;
                    }
                    spaces += space_cost(&units[y - 2], u);
                }
                w += u.width;
                punct |= u.punct;
                let set = w - u.hang;
                if y > i + 1 && set - cap > 0.01 {
                    break;
                }
                self.lines.push(Line {
                    end: y,
                    set,
                    reach: if y < n {
                        w + units[y].first_width
                    } else {
                        f32::NEG_INFINITY
                    },
                    cost: if self.mergeable && y == i + 1 && orphan(units, i) {
                        spaces + COST_ORPHAN
                    } else {
                        spaces
                    },
                    last: if y > i + 1 { COST_SPACED_LAST } else { 0.0 },
                    merged: y > i + 1,
                    punct,
                });
            }
        }
        self.starts.push(self.lines.len());
    }

    /// The cheapest parse of the units into rows of `k = widths.len()` cells.
    pub(super) fn parse(&mut self, widths: &[f32]) -> Option<Parse> {
        let n = self.units.len();
        let k = widths.len();
        let widest = widths.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        if widest > self.cap {
            self.list_lines(widest);
        }
        let mut cost = 0.0;
        let total: f32 = widths.iter().sum();
        if self.body_width > 0.0 && total > self.body_width + LIMIT_SLACK {
            cost += 2.0 * f64::from(total - self.body_width);
        }
        // State (i, j, open, head): at unit i, in column j, `open` when a cell goes on from
        // the line before, `head` while in the first row.
        let idx =
            |i: usize, j: usize, open: usize, head: usize| ((i * k + j) * 2 + open) * 2 + head;
        let states = (n + 1) * k * 4;
        self.dp.clear();
        self.dp.resize(states, f64::INFINITY);
        self.back.clear();
        self.back.resize(states, (u32::MAX, false, 0.0));
        let (dp, back) = (&mut self.dp, &mut self.back);
        let start = idx(0, 0, 0, 1);
        dp[start] = 0.0;
        let mut work = 0;
        let punct_label = self.punct_label;
        for i in 0..n {
            let lines = &self.lines[self.starts[i]..self.starts[i + 1]];
            for (j, &width) in widths.iter().enumerate() {
                // The states at (i, j) that are reached, with what their steps add and
                // where they lead (offsets from the line end's first state).
                struct Source {
                    from: u32,
                    here: f64,
                    full_end: f64,
                    wrap: f64,
                    close_at: usize,
                    wrap_at: usize,
                    punct: f64,
                }
                let mut sources: [Source; 4] = std::array::from_fn(|_| Source {
                    from: 0,
                    here: 0.0,
                    full_end: 0.0,
                    wrap: 0.0,
                    close_at: 0,
                    wrap_at: 0,
                    punct: 0.0,
                });
                let mut count = 0;
                for open in 0..2 {
                    for head in 0..2 {
                        let from = idx(i, j, open, head);
                        let here = dp[from];
                        if here.is_finite() {
                            let next_head = usize::from(head == 1 && j + 1 < k);
                            // Headings and row labels seldom wrap.
                            let mut wrap = 0.0;
                            if head == 1 {
                                wrap += COST_WRAP_HEADER;
                            }
                            if j == 0 {
                                wrap += COST_WRAP_LABEL;
                            }
                            sources[count] = Source {
                                from: from as u32,
                                here,
                                full_end: if open == 1 { COST_GUESS_FULL_END } else { 0.0 },
                                wrap,
                                close_at: idx(0, (j + 1) % k, 0, next_head),
                                wrap_at: idx(0, j, 1, head),
                                punct: if head == 1 || j == 0 {
                                    punct_label
                                } else {
                                    0.0
                                },
                            };
                            count += 1;
                        }
                    }
                }
                if count == 0 {
                    continue;
                }
                let sources = &sources[..count];
                for line in lines {
                    work += count;
                    let over = line.set - width;
                    if over > 0.01 && (line.merged || over > OVER_REACH) {
                        break;
                    }
                    let row = line.end * 4 * k;
                    let full = line.reach > width - FULL_SLACK;
                    let mut base = line.cost;
                    if over > 0.01 {
                        base += COST_GUESS_OVER + f64::from(over);
                    }
                    let last = base + line.last;
                    for src in sources {
                        let here = if line.punct {
                            src.here + src.punct
                        } else {
                            src.here
                        };
                        let mut end = here + last;
                        if full {
                            end += src.full_end;
                        }
                        let to = row + src.close_at;
                        if end < dp[to] {
                            dp[to] = end;
                            back[to] = (src.from, true, line.set);
                        }
                        if full {
                            let go = here + base + src.wrap;
                            let to = row + src.wrap_at;
                            if go < dp[to] {
                                dp[to] = go;
                                back[to] = (src.from, false, line.set);
                            }
                        }
                    }
                }
            }
        }
        self.work += work;
        crate::work::spend(work);
        let goal = idx(n, 0, 0, 0);
        if !dp[goal].is_finite() {
            return None;
        }
        // Walk back: every closing step closed a cell at its target position.
        let mut ends = Vec::new();
        let mut widest = vec![0.0f32; k];
        let mut at = goal;
        while at != start {
            let (prev, closed, w) = back[at];
            let prev = prev as usize;
            if closed {
                ends.push(at / (4 * k));
            }
            let j = (prev / 4) % k;
            widest[j] = widest[j].max(w);
            at = prev;
        }
        ends.reverse();
        let mut rows = Vec::new();
        let mut row = Vec::new();
        let mut start = 0;
        for e in ends {
            row.push(e - start);
            start = e;
            if row.len() == k {
                rows.push(std::mem::take(&mut row));
            }
        }
        Some(Parse {
            cost: dp[goal] + cost,
            rows,
            widest,
        })
    }
}

/// Whether token `i`, standing alone as a line, looks like a piece of a letter-spaced
/// line: it is a piece, and so is a neighbour.
fn orphan(units: &[Unit], i: usize) -> bool {
    units[i].piece && (i > 0 && units[i - 1].piece || units.get(i + 1).is_some_and(|u| u.piece))
}

/// The cost of reading the space between two tokens as letter-spacing inside a line.
fn space_cost(a: &Unit, b: &Unit) -> f64 {
    if a.alpha_edges.1 && b.alpha_edges.0 {
        return 0.05;
    }
    match (a.piece, b.piece) {
        (true, true) => 0.02,
        (true, false) | (false, true) => 0.08,
        (false, false) => 0.6,
    }
}
