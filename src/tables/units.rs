//! The pieces of a table body that the text-layer-only guess works on ([`Unit`]).

use super::content::{kind_chars, Kind};
use super::layer::{line_width, Layer};
use crate::spacing::WidthModel;
use ocrclean_text::is_ideograph;

/// A piece of the table body that the guess works on: a space-delimited token of the
/// text layer, or a known printed line.
#[derive(Debug, Clone)]
pub(super) struct Unit {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) width: f32,
    /// The width of a closing punctuation mark ending it, which may hang in the margin.
    pub(super) hang: f32,
    pub(super) first_width: f32,
    /// Ideographs, but no two side by side: what letter-spacing leaves between its
    /// spaces (`流`, `变、履`, `府3.0模`).
    pub(super) piece: bool,
    pub(super) alpha_edges: (bool, bool),
    /// A number (`12.5`, `69%`, `5439`) or an empty-cell mark (`—`): in a numeric column,
    /// a whole cell.
    pub(super) number: bool,
    /// Whether it starts and ends with an ideograph (letter-spacing spaces fall between two).
    pub(super) ideo_edges: (bool, bool),
    /// Whether it holds punctuation (`，`, `、`, `。`…): headings and row labels seldom do.
    pub(super) punct: bool,
    /// Whether it opens with a bracket: then it goes on the word before it, set off by a
    /// word space (`模型 (1)`, `收入 （万元）`).
    pub(super) bracket: bool,
}

impl Unit {
    pub(super) fn new(chars: &[char], start: usize, end: usize, model: WidthModel) -> Unit {
        let width: f32 = chars.iter().map(|&c| model.char_width(c)).sum();
        Unit {
            start,
            end,
            width,
            hang: width - line_width(chars, model),
            first_width: chars.first().map_or(1.0, |&c| model.char_width(c)),
            piece: chars.iter().any(|&c| is_ideograph(c))
                && !chars
                    .windows(2)
                    .any(|w| is_ideograph(w[0]) && is_ideograph(w[1])),
            alpha_edges: (
                chars.first().is_some_and(|c| c.is_ascii_alphabetic()),
                chars.last().is_some_and(|c| c.is_ascii_alphabetic()),
            ),
            number: !chars.is_empty() && kind_chars(chars) != Kind::Text,
            ideo_edges: (
                chars.first().is_some_and(|&c| is_ideograph(c)),
                chars.last().is_some_and(|&c| is_ideograph(c)),
            ),
            punct: chars.iter().any(|&c| super::content::is_punct(c)),
            bracket: chars
                .first()
                .is_some_and(|&c| matches!(c, '(' | '（' | '[')),
        }
    }
}

/// The text layer's space-delimited tokens, as spaceless ranges.
pub(super) fn text_units(layer: &Layer) -> Vec<Unit> {
    let mut units = Vec::new();
    let mut a = 0;
    for i in 1..=layer.t.len() {
        if i == layer.t.len() || layer.map[i] != layer.map[i - 1] + 1 {
            units.push(Unit::new(&layer.t[a..i], a, i, layer.model));
            a = i;
        }
    }
    units
}
