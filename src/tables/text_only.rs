//! One rendering: the grid guessed from line widths ([`guess_table`]), by a search over
//! column widths ([`WidthSearch`]) of the parses in `parse.rs`.

use super::content::content_score;
use super::parse::{Parse, Parser};
use super::units::Unit;
use super::{render, Built, MAX_COLS, MIN_COLS};
use crate::model::Confidence;
use ocrclean_text::hash::FxMap;
use std::rc::Rc;

/// The work (line steps of the parses, see [`Parser::work`]) the width search may spend
/// on one table (a parse under way is finished: the work can pass this by one parse).
const GUESS_WORK: usize = 25_000;
/// With the text layer alone (no other rendering to guess from), four times that: text-only
/// cells right 68.5% → 69.4% over 2,000 synthetic pages at twice, and (with a third column
/// count refined) 71.7% → 72.7% over 2,000 varied pages at four times.
const GUESS_WORK_ALONE: usize = 100_000;
/// Column widths noted as candidates (besides the widest line), most frequent first.
const WIDTH_CANDIDATES: usize = 12;
/// The pieces a letter-spaced run is followed for from one start, when noting candidate
/// widths: more than a printed line of any body holds.
const MAX_SPACED_RUN: usize = 96;
/// How often a start is followed by the widths its parse shows.
const SHOWN_STEPS: usize = 3;
/// How many column counts are refined by coordinate descent, with how many candidate
/// widths, for how many passes.
const REFINED_COUNTS: usize = 2;
/// With the text layer alone, three: the column count whose first start parses third best
/// is the right one often enough to be worth the work (varied pages 0..300, both at the
/// larger budget: 1,096 → 1,102 of 1,559 text-only cells right).
const REFINED_COUNTS_ALONE: usize = 3;
const DESCENT_CANDIDATES: usize = 13;
const DESCENT_PASSES: usize = 3;

/// Guesses a grid from units alone (`alone`: the text layer is the only rendering, and
/// punctuation in headings and row labels is priced): for each column count, column widths are fitted so
/// that every line of a cell but its last is full and letter-spacing falls inside full
/// lines; the column count with the cheapest parse (and the most table-like content) wins.
///
/// The search is cheap first: every column count from one start ([`WidthSearch::settle`]).
/// Then, while the work budget lasts (`GUESS_WORK`: a few hundred microseconds), the two
/// most promising column counts are refined by coordinate descent (three, with a larger
/// budget, when the text layer is the only rendering).
pub(super) fn guess_table(
    units: &[Unit],
    mergeable: bool,
    alone: bool,
    body_width: f32,
    why: &str,
    text: &dyn Fn(usize, usize) -> String,
) -> Built {
    struct Guess {
        score: f64,
        cols: usize,
        grid: Vec<Vec<String>>,
        widths: Vec<f32>,
    }
    let n = units.len();
    let mut search = WidthSearch::new(units, mergeable, body_width);
    if alone {
        search.parser.price_punctuation();
        search.budget = GUESS_WORK_ALONE;
    }
    let score = |p: &Parse, grid: &[Vec<String>]| p.cost / n as f64 - 0.5 * content_score(grid);
    let mut guesses: Vec<Guess> = Vec::new();
    for k in MIN_COLS..=MAX_COLS.min(n) {
        let Some((parse, widths)) = search.settle(k) else {
            continue;
        };
        let grid = render(&parse.rows, text);
        guesses.push(Guess {
            score: score(&parse, &grid),
            cols: k,
            grid,
            widths,
        });
    }
    // Refine the best few, best first, while there is work left.
    guesses.sort_by(|a, b| a.score.total_cmp(&b.score).then(a.cols.cmp(&b.cols)));
    let refined = if alone {
        REFINED_COUNTS_ALONE
    } else {
        REFINED_COUNTS
    };
    for g in guesses.iter_mut().take(refined) {
        if let Some((parse, widths)) = search.descend(g.widths.clone()) {
            let grid = render(&parse.rows, text);
            let refined = score(&parse, &grid);
            if refined < g.score {
                *g = Guess {
                    score: refined,
                    cols: g.cols,
                    grid,
                    widths,
                };
            }
        }
    }
    let best = guesses
        .into_iter()
        .min_by(|a, b| a.score.total_cmp(&b.score).then(a.cols.cmp(&b.cols)));
    let (grid, method) = match best {
        Some(Guess {
            cols: k,
            grid,
            widths,
            ..
        }) => {
            let w: Vec<String> = widths.iter().map(|w| format!("{w}")).collect();
            let method = format!(
                "{why}: {k} columns guessed from line widths (column widths {}) and cell \
                 content; a cell whose last line is full cannot be told from a wrapped one",
                w.join("/")
            );
            (grid, method)
        }
        None if n > 0 => (
            vec![vec![text(0, n)]],
            format!("{why}: no grid found; the body is kept as one cell"),
        ),
        None => (Vec::new(), format!("{why}: empty table body")),
    };
    Built {
        grid,
        confidence: Confidence::Guessed,
        method,
        disagreements: Vec::new(),
    }
}

/// The column-width search of [`guess_table`]: parses memoised by widths, and the work
/// spent.
struct WidthSearch<'a> {
    units: &'a [Unit],
    parser: Parser<'a>,
    cands: Vec<f32>,
    /// Parses by column widths, shared rather than copied on every hit.
    memo: FxMap<Vec<u32>, Option<Rc<Parse>>>,
    /// The work the search may spend (`GUESS_WORK`, or `GUESS_WORK_ALONE`).
    budget: usize,
}

impl<'a> WidthSearch<'a> {
    fn new(units: &'a [Unit], mergeable: bool, body_width: f32) -> WidthSearch<'a> {
        WidthSearch {
            units,
            parser: Parser::new(units, mergeable, body_width),
            cands: width_candidates(units, mergeable),
            memo: FxMap::default(),
            budget: GUESS_WORK,
        }
    }

    /// The parse for `widths`, or None if there is none or the work budget is spent.
    fn parse(&mut self, widths: &[f32]) -> Option<Rc<Parse>> {
        let key: Vec<u32> = widths.iter().map(|w| w.to_bits()).collect();
        if let Some(known) = self.memo.get(&key) {
            return known.clone();
        }
        if self.parser.work > self.budget {
            return None;
        }
        let parsed = self.parser.parse(widths).map(Rc::new);
        self.memo.insert(key, parsed.clone());
        parsed
    }

    /// The parse for `k` columns from the start widths (each column as wide as the widest
    /// token in its place if every cell were one token), followed by the widths each parse
    /// shows (each column's widest line) while that is cheaper.
    ///
    /// Only this start: starting from every column as wide as the widest line too, and
    /// keeping the cheaper end, settles more often on a wrong grid (synthetic pages:
    /// 24% of cells right against 34%).
    fn settle(&mut self, k: usize) -> Option<(Rc<Parse>, Vec<f32>)> {
        let mut widths = vec![0.0f32; k];
        for (i, u) in self.units.iter().enumerate() {
            widths[i % k] = widths[i % k].max(u.width - u.hang);
        }
        let mut parse = self.parse(&widths)?;
        for _ in 0..SHOWN_STEPS {
            let shown = parse.widest.clone();
            if shown == widths {
                break;
            }
            match self.parse(&shown) {
                Some(p) if p.cost < parse.cost - 1e-9 => {
                    parse = p;
                    widths = shown;
                }
                _ => break,
            }
        }
        Some((parse, widths))
    }

    /// Coordinate descent over the column widths from `widths` (candidate widths for one
    /// column at a time, and the widths the parse shows).
    fn descend(&mut self, mut widths: Vec<f32>) -> Option<(Rc<Parse>, Vec<f32>)> {
        let k = widths.len();
        let cands: Vec<f32> = self.cands[..self.cands.len().min(DESCENT_CANDIDATES)].to_vec();
        let mut best = self.parse(&widths)?;
        for _pass in 0..DESCENT_PASSES {
            let mut improved = false;
            let shown = best.widest.clone();
            if shown != widths {
                if let Some(p) = self.parse(&shown) {
                    if p.cost < best.cost - 1e-9 {
                        best = p;
                        widths = shown;
                        improved = true;
                    }
                }
            }
            for j in 0..k {
                for &c in &cands {
                    if c == widths[j] {
                        continue;
                    }
                    let old = widths[j];
                    widths[j] = c;
                    match self.parse(&widths) {
                        Some(p) if p.cost < best.cost - 1e-9 => {
                            best = p;
                            improved = true;
                        }
                        _ => widths[j] = old,
                    }
                }
            }
            if !improved {
                break;
            }
        }
        Some((best, widths))
    }
}

/// Column widths worth trying: the widths tokens and letter-spaced runs take, most
/// frequent first (full lines of a column share its width), and the widest.
///
/// Linear in the units: widths are counted in a hash map, and a letter-spaced run is
/// followed for at most [`MAX_SPACED_RUN`] pieces from each start (a printed line holds
/// fewer; a body of nothing but pieces would otherwise cost the square of its length).
fn width_candidates(units: &[Unit], mergeable: bool) -> Vec<f32> {
    // Width (bits, -0 folded into 0) → (first width seen, count), in first-seen order.
    let mut index: FxMap<u32, usize> = FxMap::default();
    let mut seen: Vec<(f32, usize)> = Vec::new();
    let mut note = |w: f32| {
        let key = if w == 0.0 { 0 } else { w.to_bits() };
        match index.get(&key) {
            Some(&i) => seen[i].1 += 1,
            None => {
                index.insert(key, seen.len());
                seen.push((w, 1));
            }
        }
    };
    for (i, u) in units.iter().enumerate() {
        if !u.piece {
            note(u.width - u.hang);
        }
        // A letter-spaced line: the token and the pieces after it.
        if mergeable && units.get(i + 1).is_some_and(|v| v.piece || u.piece) {
            let mut w = u.width;
            for v in units[i + 1..].iter().take(MAX_SPACED_RUN) {
                w += v.width;
                note(w - v.hang);
                if !v.piece {
                    break;
                }
            }
        }
    }
    crate::work::spend(units.len() + index.len());
    let widest = seen.iter().map(|s| s.0).fold(0.0, f32::max);
    seen.sort_by(|a, b| b.1.cmp(&a.1).then(b.0.total_cmp(&a.0)));
    let mut cands: Vec<f32> = vec![widest];
    cands.extend(
        seen.iter()
            .map(|s| s.0)
            .filter(|&w| w != widest)
            .take(WIDTH_CANDIDATES),
    );
    cands
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Confidence;
    use crate::tables::content::content_score;
    use crate::tables::layer::Layer;
    use crate::tables::parse::parse;
    use crate::tables::testkit::*;
    use crate::tables::units::text_units;
    use crate::tables::{rebuild, render};

    /// Where the text-only guess loses: the cost model or the width search.
    #[test]
    #[ignore]
    fn diagnose_text_only() {
        let mut rng = Rng(99);
        let (mut model_wrong, mut search_lost, mut k_wrong, mut ok) = (0, 0, 0, 0);
        for run in 0..100 {
            let (grid, widths) = random_table(&mut rng);
            let printed = print(&grid, &widths, &NOISY, &mut rng);
            let layer = Layer::new(&printed.text_layer, crate::spacing::WidthModel::STANDARD);
            let units = text_units(&layer);
            let bw = body_width(&widths);
            let truth = parse(&units, true, &widths, bw);
            let at_truth = truth.as_ref().map(|p| {
                render(&p.rows, &|a, b| {
                    layer.text(units[a].start, units[b - 1].end)
                })
            });
            let exact_at_truth = at_truth.as_ref() == Some(&grid);
            if let (false, Some(g)) = (exact_at_truth, &at_truth) {
                let first = grid
                    .iter()
                    .flatten()
                    .zip(g.iter().flatten())
                    .find(|(a, b)| a != b);
                println!("truth-width parse differs: {first:?} run {run}");
            }
            let mut src = source(&printed, bw);
            src.ocr_fragments.clear();
            let (table, _) = rebuild(&src);
            let got = grid_of(&table);
            if got == grid {
                ok += 1;
            } else if !exact_at_truth {
                model_wrong += 1;
            } else if got[0].len() != grid[0].len() {
                k_wrong += 1;
                let mut line = format!(
                    "K wrong run {run}: true {} got {}:",
                    grid[0].len(),
                    got[0].len()
                );
                for k in 2..=6 {
                    let mut search = WidthSearch::new(&units, true, bw);
                    if let Some((p, _)) = search.settle(k) {
                        let g = render(&p.rows, &|a, b| {
                            layer.text(units[a].start, units[b - 1].end)
                        });
                        line += &format!(" k{k} {:.2}/{:.2}", p.cost, content_score(&g));
                    }
                }
                println!(
                    "{line} (n {}) at true widths {:?}",
                    units.len(),
                    truth.as_ref().map(|t| t.cost)
                );
            } else {
                search_lost += 1;
            }
        }
        println!("ok {ok}, model wrong at true widths {model_wrong}, K wrong {k_wrong}, widths search lost {search_lost}");
    }

    /// Text-layer-only pages: no assertion on the rate, it is printed (cargo test --
    /// --nocapture) so that heuristic changes can be judged.
    #[test]
    fn random_layouts_text_only() {
        let mut rng = Rng(99);
        let (mut right, mut total, mut exact) = (0, 0, 0);
        let runs = 100;
        for _ in 0..runs {
            let (grid, widths) = random_table(&mut rng);
            let printed = print(&grid, &widths, &NOISY, &mut rng);
            let mut src = source(&printed, body_width(&widths));
            src.ocr_fragments.clear();
            let (table, d) = rebuild(&src);
            assert_eq!(table.confidence, Confidence::Guessed);
            assert!(d.is_empty());
            let got = grid_of(&table);
            let (r, t) = cell_accuracy(&grid, &got);
            right += r;
            total += t;
            exact += usize::from(got == grid);
        }
        println!(
            "text only: cell accuracy {:.1}% ({right}/{total}), {exact}/{runs} tables exact",
            100.0 * right as f64 / total as f64
        );
    }
}
