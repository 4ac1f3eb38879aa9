//! Stage 6, tables: rebuild each table as a grid (header + rows).
//!
//! A table reaches this stage read twice, and neither reading is a grid:
//!
//! * the **text layer** has the exact characters, cell by cell (row-major), with a space
//!   after every printed line and letter-spacing spaces inside justified lines; it never
//!   says where a cell ends;
//! * the **OCR pass** reads the printed lines top to bottom across the whole row, so the
//!   wrapped, vertically centred cells of a row come interleaved, with OCR errors.
//!
//! Locating each OCR fragment (one printed cell line) in the text layer gives a permutation
//! between the two orders. A grid predicts that permutation (rows are contiguous in both
//! orders; inside a row the OCR reads by centred line, then by column), so [`rebuild`]
//! searches the column counts and cell splits whose prediction matches what was observed.
//! With one rendering only, the grid is guessed from line widths and marked
//! [`Confidence::Guessed`].
//!
//! Both passes, step by step:
//!
//! 1. **Tiling** (`Tiler`, `tiling.rs`; candidates in `candidates.rs`, matching in
//!    `near.rs`): place every fragment on the spaceless text layer so that
//!    they cover it exactly, left to right; exact matches first, then OCR confusions
//!    folded (`———`/`一`, `;`/`:`), then small edit distances (computed only when the
//!    candidates before them are used up); fragments end where the text layer has a
//!    space; backtracking with memoised dead ends and a step budget. If no tiling exists,
//!    a second pass lets fragments whose reading matches nowhere (a misread one-character
//!    line, `格` for `俗`) take the gap of about their length that the others leave
//!    (**elimination**, reported as disagreements like any OCR error; of two fragments
//!    that fit a gap, the one matching nowhere after it first); a last pass lets
//!    fragments straddle spaces.
//! 2. **Row cuts** (`cut_points`, `row_cuts.rs`): a row ends only where the first `i` fragments in text
//!    order are the first `i` in OCR order.
//! 3. **Grids**: the splits of rows into cells that the centred layout allows do not
//!    depend on any cost, so they are listed once per table (`Splits::find_all`,
//!    `splits.rs`, each row by `RowEnum` in `row_enum.rs`): from
//!    each reachable cut point, one search per row height serves every column count and
//!    row end, checking each new cell's lines against the lines placed (kept as bit sets
//!    by height). Then for 2–8 columns (`fit_columns`, `fit.rs`), a DP over rows prices the listed
//!    splits. Costs: a pair half a line apart read in the other order, a wrapped line that
//!    is not full, a line wider than its column, a wrapped cell whose last line is full, a
//!    cell unlike its column (`content.rs`: text among numbers, a sentence among row labels), numbers
//!    run together (`65,4100.77`), columns mixing numbers and text. Column widths and
//!    kinds come from the grid itself: the pricing is repeated with them until it
//!    settles, from two starts.
//! 4. **Choice** (`choose`, `choice.rs`): the cheapest grid; equal costs go to content (a text header,
//!    numeric columns, a label column). `Determined` when every other grid, of any column
//!    count, costs at least `MARGIN` more. The disagreements come from the tiling
//!    (`diff.rs`).
//!
//! With the text layer alone, a table of row labels and numeric columns is read from where
//! the numbers fall (`numeric_rows`, `numeric.rs`: each number is one token, so runs of
//! numbers are rows' numeric cells and their length gives the column count). Otherwise
//! (`guess_table`, `text_only.rs`; the parse for given column
//! widths in `parse.rs`, which prices punctuation in headings and row labels: a column
//! count that puts sentences there is the common wrong guess), each column count gets one start of column
//! widths, refined by the widths its parse shows; the two most promising column counts are
//! then refined by coordinate descent while a work budget lasts (`GUESS_WORK`: a few
//! hundred microseconds per table).
//!
//! This file keeps [`rebuild`] and the choice between the paths (both passes, text layer
//! only, OCR pass only). The rest: `layer.rs` (the two readings, folding, line widths),
//! `pattern.rs` (what the grid search knows per fragment), `method.rs` (the prose of a
//! table's `method`), `fx.rs` (a fast hasher); `testkit.rs` prints tables for the tests,
//! `tests.rs` tests the whole stage.

mod candidates;
mod choice;
mod content;
mod diff;
mod fit;
mod layer;
mod method;
mod near;
mod numeric;
mod parse;
mod pattern;
mod row_cuts;
mod row_enum;
mod splits;
mod text_only;
mod tile_index;
mod tiling;
mod units;

use choice::{choose, Candidate};
use content::{content_score, CellClass};
use diff::disagreements;
use fit::{fit_columns, FitResult};
use layer::{clean, Frag, Layer};
use method::{budget_note, ordinal};
use numeric::numeric_rows;
use pattern::Pattern;
use row_cuts::cut_points;
use splits::Splits;
use text_only::guess_table;
use tiling::{Tile, Tiler};
use units::{text_units, Unit};

use crate::handoff::TableSource;
use crate::model::{Confidence, Disagreement, Table};
use crate::spacing::WidthModel;

/// Column counts tried.
const MIN_COLS: usize = 2;
const MAX_COLS: usize = 8;
/// The most lines a cell is assumed to wrap to (bounds a row's size in the search).
const MAX_CELL_LINES: usize = 10;

/// Rebuilds one table from its two readings: the grid, and every place where the OCR
/// fragments disagree with the text layer's characters.
///
/// The artifacts repaired: the text layer runs cells together (only line-end spaces,
/// plus letter-spacing spaces inside justified lines), and the OCR pass interleaves the
/// lines of a row's cells. Cells come out as the text layer's characters with the layout
/// spaces removed (a space is kept only between two ASCII letters). `confidence` and
/// `method` say how firmly the input fixes the grid.
///
/// ```
/// use ocrclean::handoff::TableSource;
/// use ocrclean::model::Confidence;
/// use ocrclean::tables::rebuild;
///
/// // Two columns; the second cell of the body row wraps to two lines, and the label
/// // beside it is centred between them, so the OCR reads the wrapped cell's first line
/// // before the label. The text layer has the same row cell by cell, letter-spaced.
/// let src = TableSource {
///     label: "表2".into(),
///     caption: "样本构成".into(),
///     note: None,
///     text_layer: Some("类别 说明 城市 东部沿海省 份 的 中心城市 ".into()),
///     text_offset: 100,
///     ocr_fragments: ["类别", "说明", "东部沿海省份的", "城市", "中心城市"]
///         .map(String::from)
///         .to_vec(),
///     body_width: 12.0,
///     half_width_punct: false,
/// };
/// let (table, disagreements) = rebuild(&src);
/// assert_eq!(table.header, ["类别", "说明"]);
/// assert_eq!(table.rows, [["城市", "东部沿海省份的中心城市"]]);
/// assert_eq!(table.confidence, Confidence::Determined);
/// assert!(disagreements.is_empty());
/// ```
pub fn rebuild(src: &TableSource) -> (Table, Vec<Disagreement>) {
    let model = WidthModel {
        half_width_punct: src.half_width_punct,
    };
    let layer = src
        .text_layer
        .as_deref()
        .map(|t| Layer::new(t, model))
        .filter(|l| !l.t.is_empty());
    let frags: Vec<Frag> = src
        .ocr_fragments
        .iter()
        .map(|f| Frag::new(f))
        .filter(|f| !f.chars().is_empty())
        .collect();
    crate::work::spend(
        layer.as_ref().map_or(0, |l| l.t.len())
            + src.ocr_fragments.iter().map(String::len).sum::<usize>(),
    );
    let built = match (&layer, frags.is_empty()) {
        (Some(layer), false) => {
            // Cells of one line read in the same order by both passes leave the column
            // count to content; where the grid is not determined, a table of row labels
            // and numbers is read from where its numbers fall (content deciding).
            let built = both_passes(layer, &frags, src);
            let numeric = (built.confidence != Confidence::Determined)
                .then(|| numeric_table(layer, &text_units(layer), "both passes, one-line cells"))
                .flatten()
                .filter(|n| n.grid != built.grid);
            match numeric {
                Some(grid) => Built {
                    confidence: Confidence::Content,
                    disagreements: built.disagreements,
                    ..grid
                },
                None => built,
            }
        }
        (Some(layer), true) => text_only(layer, src.body_width, true, "text layer only"),
        (None, false) => ocr_only(&src.ocr_fragments, src.body_width, model),
        (None, true) => Built {
            grid: Vec::new(),
            confidence: Confidence::Guessed,
            method: "no table body in either pass".to_string(),
            disagreements: Vec::new(),
        },
    };
    let mut grid = built.grid.into_iter();
    let header = grid.next().unwrap_or_default();
    let table = Table {
        label: src.label.clone(),
        caption: src.caption.clone(),
        header,
        rows: grid.collect(),
        note: src.note.clone(),
        confidence: built.confidence,
        method: built.method,
        position: 0,
    };
    let mut disagreements = built.disagreements;
    for d in &mut disagreements {
        d.offset += src.text_offset;
    }
    (table, disagreements)
}

/// What one of the paths below produced (disagreement offsets relative to the text layer).
struct Built {
    grid: Vec<Vec<String>>,
    confidence: Confidence,
    method: String,
    disagreements: Vec<Disagreement>,
}

// ---------------------------------------------------------------------------------------
// Both passes

/// How many tilings are tried when the first admits no grid.
const TILINGS: usize = 4;
/// How many fragments a tiling may place by elimination (see [`Tiler::eliminate`]).
const ELIMINATED: usize = 3;

/// The tiling passes, in order; a pass runs only when the ones before it found no tiling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pass {
    /// Fragments end where the text layer has a space.
    AtSpaces,
    /// The same, and fragments whose reading matches nowhere may take the gaps the others
    /// leave (up to `ELIMINATED` of them).
    Elimination,
    /// Fragments may straddle a space of the text layer or end without one.
    Straddling,
}

impl Pass {
    const ALL: [Pass; 3] = [Pass::AtSpaces, Pass::Elimination, Pass::Straddling];

    /// Whether fragments must end at a space of the text layer.
    fn at_spaces(self) -> bool {
        self != Pass::Straddling
    }

    /// How many fragments may be placed by elimination.
    fn eliminated(self) -> usize {
        match self {
            Pass::Elimination => ELIMINATED,
            Pass::AtSpaces | Pass::Straddling => 0,
        }
    }
}

/// The first tiling found when no tiling admits a grid, and the column counts whose search
/// ran out of budget on it.
struct Unfit {
    tiles: Vec<Tile>,
    over_budget: Vec<usize>,
}

fn both_passes(layer: &Layer, frags: &[Frag], src: &TableSource) -> Built {
    let mut first: Option<Unfit> = None;
    // Fragments are printed lines, and the text layer has a space after every line: try
    // placements that end at spaces first, any placement only if there is none.
    let breaks = layer.breaks();
    // Last, fragments whose reading matches nowhere may take the gaps the others leave.
    for pass in Pass::ALL {
        let mut tiler = Tiler::new(frags, &layer.t, pass.at_spaces().then_some(&breaks[..]));
        tiler.eliminate(pass.eliminated());
        for attempt in 0..TILINGS {
            let Some(tiles) = tiler.next_tiling() else {
                break;
            };
            let search = grid_search(layer, &tiles, src.body_width);
            if !search.fits.is_empty() {
                let mut built = choose(search.fits, &search.over_budget);
                if attempt > 0 {
                    built.method.push_str(&format!(
                        " (fragments placed by the {} way of tiling the text layer)",
                        ordinal(attempt + 1)
                    ));
                }
                if !pass.at_spaces() {
                    built.method.push_str(
                        " (some fragments straddle a space of the text layer or end without one)",
                    );
                }
                let placed = tiles.iter().filter(|t| t.blind).count();
                if placed > 0 {
                    built.method.push_str(&format!(
                        " ({placed} OCR fragment{} located by elimination: {} no text, so \
                         {} the gap of about {} length that the other fragments leave)",
                        if placed == 1 { "" } else { "s" },
                        if placed == 1 {
                            "its reading matches"
                        } else {
                            "their readings match"
                        },
                        if placed == 1 { "it took" } else { "each took" },
                        if placed == 1 { "its" } else { "their" },
                    ));
                }
                // A fragment that is two cells' numbers run together (the OCR read two
                // cells as one line) fits no grid: whatever grid is cheapest, it is not
                // certain. Nor is a header alone.
                // Two numbers one fragment holds across a space of the text layer are two
                // cells' numbers too, even when together they read as one (`0.37 53%`).
                let numeric = |c: char| c.is_ascii_digit() || c == '%';
                let joined = tiles
                    .iter()
                    .filter(|t| {
                        CellClass::of(&layer.t[t.start..t.end]).run_together
                            || (t.start + 1..t.end).any(|i| {
                                layer.map[i] > layer.map[i - 1] + 1
                                    && numeric(layer.t[i - 1])
                                    && numeric(layer.t[i])
                            })
                    })
                    .count();
                if built.confidence == Confidence::Determined
                    && (joined > 0 || built.grid.len() < 2)
                {
                    built.confidence = Confidence::Content;
                    built.method.push_str(if joined > 0 {
                        " (not certain: an OCR fragment runs two cells' numbers together, \
                         which no grid splits)"
                    } else {
                        " (not certain: a header row alone)"
                    });
                }
                built.disagreements = disagreements(layer, frags, &tiles);
                return built;
            }
            first.get_or_insert(Unfit {
                tiles,
                over_budget: search.over_budget,
            });
        }
        if first.is_some() {
            break;
        }
    }
    let Some(Unfit { tiles, over_budget }) = first else {
        let mut built = text_only(
            layer,
            src.body_width,
            false,
            "the OCR fragments could not be located in the text layer, so text layer only",
        );
        built.disagreements = diff::unmatched_characters(layer, frags);
        if !built.disagreements.is_empty() {
            built.method.push_str(
                " (what the OCR read differently is one disagreement at the table's start)",
            );
        }
        return built;
    };
    // Every fragment is a known printed line; only the cell ends are unknown.
    let units: Vec<Unit> = tiles
        .iter()
        .map(|t| Unit::new(&layer.t[t.start..t.end], t.start, t.end, layer.model))
        .collect();
    let reason = format!(
        "both passes, but no grid of {MIN_COLS}–{MAX_COLS} columns fits both orders{}; \
         cells guessed from the located lines",
        budget_note(&over_budget)
    );
    let mut built = guess_table(&units, false, false, src.body_width, &reason, &|a, b| {
        layer.text(units[a].start, units[b - 1].end)
    });
    built.disagreements = disagreements(layer, frags, &tiles);
    built
}

/// The grids that fit both orders for each column count, with their rendered cells and
/// content scores.
struct Search {
    fits: Vec<Candidate>,
    over_budget: Vec<usize>,
}

fn grid_search(layer: &Layer, tiles: &[Tile], body_width: f32) -> Search {
    let n = tiles.len();
    let pat = Pattern::new(layer, tiles);
    let cuts = cut_points(&pat.order);
    let cell_text = |a: usize, b: usize| layer.text(tiles[a].start, tiles[b - 1].end);
    let mut search = Search {
        fits: Vec::new(),
        over_budget: Vec::new(),
    };
    let max_cols = MAX_COLS.min(n);
    let Some(all) = Splits::find_all(&pat, &cuts, max_cols) else {
        search.over_budget.extend(MIN_COLS..=max_cols);
        return search;
    };
    for splits in &all[MIN_COLS.min(all.len())..] {
        match fit_columns(&pat, splits, body_width) {
            FitResult::Fit(fit) => {
                let grid = render(&fit.rows, &cell_text);
                let score = content_score(&grid);
                search.fits.push(Candidate { fit, grid, score });
            }
            FitResult::None => {}
        }
    }
    search
}

/// Renders rows of cell sizes (in fragments or units, consecutive) through `text`.
fn render(rows: &[Vec<usize>], text: &dyn Fn(usize, usize) -> String) -> Vec<Vec<String>> {
    let mut at = 0;
    rows.iter()
        .map(|row| {
            row.iter()
                .map(|&len| {
                    let cell = text(at, at + len);
                    at += len;
                    cell
                })
                .collect()
        })
        .collect()
}

/// `alone`: the text layer is the only rendering (not the fallback of both passes when the
/// OCR fragments cannot be located, which is kept as it was).
fn text_only(layer: &Layer, body_width: f32, alone: bool, why: &str) -> Built {
    let units = text_units(layer);
    let text = |a: usize, b: usize| layer.text(units[a].start, units[b - 1].end);
    numeric_table(layer, &units, why)
        .unwrap_or_else(|| guess_table(&units, true, alone, body_width, why, &text))
}

/// The grid of a table of row labels and numeric columns, read from where the text layer's
/// numbers fall ([`numeric_rows`]), if the table is one.
fn numeric_table(layer: &Layer, units: &[Unit], why: &str) -> Option<Built> {
    let text = |a: usize, b: usize| layer.text(units[a].start, units[b - 1].end);
    numeric_rows(units).map(|(rows, trailing)| {
        let k = rows[0].len();
        let after = if trailing {
            " (the text after the last number is kept in the last cell: where the table \
             ends is not marked)"
        } else {
            ""
        };
        Built {
            grid: render(&rows, &text),
            confidence: Confidence::Guessed,
            method: format!(
                "{why}: {k} columns read from the numeric columns (every body row a label \
                 then {} number{}, each one token of the text layer); header and first label \
                 split by line widths{after}",
                k - 1,
                if k == 2 { "" } else { "s" }
            ),
            disagreements: Vec::new(),
        }
    })
}

fn ocr_only(fragments: &[String], body_width: f32, model: WidthModel) -> Built {
    let lines: Vec<(String, Vec<char>)> = fragments
        .iter()
        .map(|f| {
            (
                f.clone(),
                f.chars().filter(|c| !c.is_whitespace()).collect(),
            )
        })
        .filter(|(_, c): &(String, Vec<char>)| !c.is_empty())
        .collect();
    let units: Vec<Unit> = lines
        .iter()
        .map(|(_, c)| Unit::new(c, 0, 0, model))
        .collect();
    guess_table(
        &units,
        false,
        false,
        body_width,
        "OCR pass only (its reading order interleaves wrapped cells; characters unchecked)",
        &|a, b| {
            let joined: Vec<char> = lines[a..b]
                .iter()
                .flat_map(|(s, _)| s.chars().chain(std::iter::once(' ')))
                .collect();
            clean(&joined)
        },
    )
}

#[cfg(test)]
mod testkit;
#[cfg(test)]
mod tests;
