//! Step 4, choice: the cheapest of the grids that fit both orders, then the most
//! table-like content, and how firmly the input fixes it.

use super::fit::{Fit, COST_INVERSION, COST_OVER, COST_SHORT};
use super::method::{budget_note, count, list};
use super::Built;
use crate::model::Confidence;

/// How much cheaper than any other grid a grid must be to count as determined.
const MARGIN: u32 = 2;

/// The grid that fits both orders best for one column count.
pub(super) struct Candidate {
    pub(super) fit: Fit,
    /// Its cells rendered.
    pub(super) grid: Vec<Vec<String>>,
    /// Its [`content_score`](super::content::content_score).
    pub(super) score: f64,
}

/// Picks among the fitting grids: the cheapest, then the most table-like content.
pub(super) fn choose(mut fits: Vec<Candidate>, over_budget: &[usize]) -> Built {
    let skipped = budget_note(over_budget);
    // A header alone is no table: drop one-row grids when there is anything else.
    if fits.iter().any(|f| f.fit.rows.len() > 1) {
        fits.retain(|f| f.fit.rows.len() > 1);
    }
    // Cheapest first (inversions and width misfits), then content.
    let best_cost = fits.iter().map(|f| f.fit.cost).min().unwrap_or(0);
    let tied: Vec<usize> = fits
        .iter()
        .filter(|f| f.fit.cost == best_cost)
        .map(|f| f.fit.cols)
        .collect();
    let chosen = fits
        .iter()
        .enumerate()
        .filter(|(_, f)| f.fit.cost == best_cost)
        .max_by(|(_, a), (_, b)| {
            a.score
                .total_cmp(&b.score)
                .then(b.fit.cols.cmp(&a.fit.cols))
        })
        .expect("at least one fit")
        .0;
    let grid = std::mem::take(&mut fits[chosen].grid);
    let fit = fits[chosen].fit.clone();
    let rows = fit.rows.len();
    let mut how = match fit.inversions {
        0 => "no half-line inversions".to_string(),
        1 => "1 half-line inversion tolerated".to_string(),
        i => format!("{i} half-line inversions tolerated"),
    };
    let misfits = fit
        .cost
        .saturating_sub(fit.mixed + (fit.inversions + fit.near) * COST_INVERSION)
        / COST_SHORT.min(COST_OVER);
    if misfits > 0 {
        how.push_str(", some line widths do not fit their column");
    }
    let others: Vec<String> = fits
        .iter()
        .filter(|f| f.fit.cost > best_cost)
        .map(|f| format!("{} (cost {})", f.fit.cols, f.fit.cost))
        .collect();
    let also = if others.is_empty() {
        String::new()
    } else {
        format!("; costlier fits: {}", others.join(", "))
    };
    let runner_up = fits
        .iter()
        .filter(|f| f.fit.cols != fit.cols)
        .map(|f| f.fit.cost)
        .fold(fit.runner_up, u32::min);
    let (confidence, method) = if tied.len() == 1 && runner_up >= best_cost + MARGIN {
        let fixed = if fits.len() == 1 {
            "the only column count that fits"
        } else {
            "the cheapest fit"
        };
        (
            Confidence::Determined,
            format!(
                "both passes: {} columns, {rows} rows, {fixed}; {how}{also}{skipped}",
                fit.cols
            ),
        )
    } else if tied.len() == 1 && fit.alternatives > 1 {
        (
            Confidence::Content,
            format!(
                "both passes: {} columns, {rows} rows (cost {best_cost}), but {} cell splits cost \
                 the same and the first was kept; {how}{also}{skipped}",
                fit.cols,
                count(fit.alternatives)
            ),
        )
    } else if tied.len() == 1 {
        (
            Confidence::Content,
            format!(
                "both passes: {} columns, {rows} rows, the cheapest fit (cost {best_cost}), but \
                 another grid costs only {runner_up}; {how}{also}{skipped}",
                fit.cols
            ),
        )
    } else {
        (
            Confidence::Content,
            format!(
                "both passes: {} columns fit equally well (cost {best_cost}); {} chosen by cell \
                 content (label column, numeric columns, header), {rows} rows; {how}{also}{skipped}",
                list(tied.iter().copied()),
                fit.cols
            ),
        )
    };
    Built {
        grid,
        confidence,
        method,
        disagreements: Vec::new(),
    }
}

#[cfg(test)]
mod tests {

    use crate::model::Confidence;
    use crate::tables::rebuild;
    use crate::tables::testkit::*;

    #[test]
    fn all_one_line_tables_told_apart_by_content() {
        // 4 rows × 3 columns and 3 rows × 4 columns print as the same kind of sequence.
        let three = strings(&[
            &["项目", "上年", "本年"],
            &["收入", "12.5", "13.0"],
            &["支出", "8.2", "9.1"],
            &["结余", "4.3", "3.9"],
        ]);
        let four = strings(&[
            &["地区", "人口", "面积", "密度"],
            &["东区", "120", "35.5", "3.4"],
            &["西区", "80", "60.2", "1.3"],
        ]);
        for (grid, widths) in [(three, vec![4.0; 3]), (four, vec![4.0; 4])] {
            let printed = print(&grid, &widths, &CLEAN, &mut Rng(2));
            assert_eq!(printed.ocr.join(" ") + " ", printed.text_layer);
            let (table, _) = rebuild(&source(&printed, 16.0));
            assert_eq!(grid_of(&table), grid, "{}", table.method);
            assert_eq!(table.confidence, Confidence::Content, "{}", table.method);
        }
    }
}
