//! The OCR pass's tokens as printed lines: token ranges of the body, their widths under the
//! standard widths and under the page's width model, and a structure pass's printed lines.

use crate::spacing;
use ocrclean_text::char_width;
use ocrclean_text::space::may_continue_words;
use std::ops::Range;

/// A run of non-space characters: a char range of the body.
pub(super) type Token = Range<usize>;

/// The first run of non-whitespace characters in `range`.
pub(super) fn first_token(chars: &[char], range: Range<usize>) -> Option<Token> {
    let start = range.clone().find(|&i| !chars[i].is_whitespace())?;
    let end = (start..range.end)
        .find(|&i| chars[i].is_whitespace())
        .unwrap_or(range.end);
    Some(start..end)
}

/// The last run of non-whitespace characters in `range`.
pub(super) fn last_token(chars: &[char], range: Range<usize>) -> Option<Token> {
    let end = range.clone().rev().find(|&i| !chars[i].is_whitespace())? + 1;
    let start = (range.start..end)
        .rev()
        .find(|&i| chars[i].is_whitespace())
        .map_or(range.start, |i| i + 1);
    Some(start..end)
}

/// The maximal runs of non-whitespace characters in `range`.
pub(super) fn tokens(chars: &[char], range: Range<usize>) -> Vec<Token> {
    let mut out = Vec::new();
    let mut start = None;
    for i in range.clone() {
        match (chars[i].is_whitespace(), start) {
            (false, None) => start = Some(i),
            (true, Some(s)) => {
                out.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(s..range.end);
    }
    out
}

pub(super) fn token_text(chars: &[char], t: &Token) -> String {
    chars[t.clone()].iter().collect()
}

/// The printed lines of a structure pass, and the page's body width.
///
/// The OCR pass has a space at every printed line end, but also the word spaces of Latin
/// text (`All rights reserved`). A space between two Latin words is taken for a word space
/// when the line it would end is not full: the tokens either side are one line if together
/// they still fit the body width.
pub(super) fn printed_lines(chars: &[char], range: Range<usize>) -> (Vec<Token>, f32) {
    let toks = tokens(chars, range);
    let widths: Vec<f32> = toks.iter().map(|t| line_width(chars, t)).collect();
    let body_width = spacing::estimate_body_width(&widths);
    let mut lines: Vec<Token> = Vec::with_capacity(toks.len());
    let mut line_width_so_far = 0.0;
    for (t, w) in toks.into_iter().zip(widths) {
        if let Some(prev) = lines.last_mut() {
            let (left, right) = (chars[prev.end - 1], chars[t.start]);
            let between_words = may_continue_words(left, right);
            if between_words && line_width_so_far + 0.5 + w <= body_width + 0.01 {
                prev.end = t.end;
                line_width_so_far += 0.5 + w;
                continue;
            }
        }
        lines.push(t);
        line_width_so_far = w;
    }
    (lines, body_width)
}

pub(super) fn line_width(chars: &[char], t: &Token) -> f32 {
    chars[t.clone()].iter().map(|&c| char_width(c)).sum()
}

/// The page's width model ([`spacing::WidthModel::choose`] on its lines or tokens `toks`,
/// whose widths by [`char_width`] are `widths`), each width under it, and the body width
/// under it.
pub(super) fn model_widths(
    chars: &[char],
    toks: &[Token],
    widths: &[f32],
) -> (spacing::WidthModel, Vec<f32>, f32) {
    let texts: Vec<&[char]> = toks.iter().map(|t| &chars[t.clone()]).collect();
    let model = spacing::WidthModel::choose(&texts);
    let widths: Vec<f32> = texts
        .iter()
        .zip(widths)
        .map(|(text, &w)| {
            let narrow = text.iter().filter(|&&c| spacing::is_narrowable(c)).count();
            model.width(w, narrow)
        })
        .collect();
    let body_width = spacing::estimate_body_width(&widths);
    (model, widths, body_width)
}
