//! What the grid search knows about each located fragment ([`Pattern`]).

use super::content::{content_score_of, CellClass};
use super::layer::{line_width, Layer};
use super::tiling::Tile;
use super::MAX_CELL_LINES;
use ocrclean_text::hash::FxMap;

/// Per fragment, in text order: what the grid search needs to know about it.
pub(super) struct Pattern<'a> {
    /// Its OCR index (a permutation of `0..n`).
    pub(super) order: Vec<usize>,
    /// Identical fragments share a group and may trade places.
    pub(super) group: Vec<usize>,
    /// Printed width of its line.
    pub(super) width: Vec<f32>,
    /// The width it takes of its column (a closing punctuation mark at its end may hang).
    pub(super) set: Vec<f32>,
    /// Width of the first character of the next fragment (the next line, if the cell goes on).
    pub(super) next_first: Vec<f32>,
    /// Where each fragment starts on the spaceless text layer (the fragments tile it);
    /// `bounds[n]` is where the last one ends.
    bounds: Vec<usize>,
    t: &'a [char],
    /// [`CellClass`]es found so far, by first fragment and length (up to
    /// `MAX_CELL_LINES`).
    classes: Vec<std::cell::Cell<Option<CellClass>>>,
}

impl<'a> Pattern<'a> {
    pub(super) fn new(layer: &'a Layer, tiles: &[Tile]) -> Pattern<'a> {
        let t = &layer.t[..];
        let mut bounds: Vec<usize> = tiles.iter().map(|x| x.start).collect();
        bounds.push(tiles.last().map_or(0, |x| x.end));
        debug_assert!(tiles.windows(2).all(|w| w[0].end == w[1].start));
        let text = |i: usize| &t[bounds[i]..bounds[i + 1]];
        // Fragments placed on identical text are interchangeable.
        let mut first_of: FxMap<&[char], usize> = Default::default();
        let group = (0..tiles.len())
            .map(|i| *first_of.entry(text(i)).or_insert(i))
            .collect();
        Pattern {
            order: tiles.iter().map(|t| t.frag).collect(),
            group,
            width: (0..tiles.len())
                .map(|i| text(i).iter().map(|&c| layer.model.char_width(c)).sum())
                .collect(),
            set: (0..tiles.len())
                .map(|i| line_width(text(i), layer.model))
                .collect(),
            next_first: (0..tiles.len())
                .map(|i| {
                    if i + 1 < tiles.len() {
                        layer.model.char_width(text(i + 1)[0])
                    } else {
                        1.0
                    }
                })
                .collect(),
            classes: vec![std::cell::Cell::new(None); tiles.len() * (MAX_CELL_LINES + 1)],
            bounds,
            t,
        }
    }

    /// The class of the cell of `len` fragments from `at`.
    pub(super) fn class(&self, at: usize, len: usize) -> CellClass {
        if len > MAX_CELL_LINES {
            return CellClass::of(self.chars(at, len));
        }
        let memo = &self.classes[at * (MAX_CELL_LINES + 1) + len];
        memo.get().unwrap_or_else(|| {
            let class = CellClass::of(self.chars(at, len));
            memo.set(Some(class));
            class
        })
    }

    /// The characters of `len` fragments from `at` as one cell (spaceless).
    pub(super) fn chars(&self, at: usize, len: usize) -> &'a [char] {
        &self.t[self.bounds[at]..self.bounds[at + len]]
    }

    /// [`content_score`] of a grid given as rows of cell sizes (spaceless text).
    pub(super) fn score(&self, rows: &[Vec<usize>]) -> f64 {
        let mut at = 0;
        let grid: Vec<Vec<&[char]>> = rows
            .iter()
            .map(|row| {
                row.iter()
                    .map(|&len| {
                        at += len;
                        self.chars(at - len, len)
                    })
                    .collect()
            })
            .collect();
        content_score_of(&grid)
    }
}
