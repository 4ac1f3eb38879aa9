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
    let body_width = body_width(chars, &toks, &widths);
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
    let body_width = body_width(chars, toks, &widths);
    (model, widths, body_width)
}

/// The body width of lines or tokens `toks` whose widths are `widths`
/// ([`spacing::estimate_body_width`]), measured on the running text: the lines of a table
/// printed between its caption and its note are cells. On a short page a table's wide
/// text cells (a column nearly as wide as the body) can outnumber the full lines of
/// running text and pass for the body width (reached by no two lines outside the
/// table); then the widest width two lines outside the table reach is the estimate.
pub(super) fn body_width(chars: &[char], toks: &[Token], widths: &[f32]) -> f32 {
    let all = spacing::estimate_body_width(widths);
    // Lines before the first caption are running text: where two of them reach the
    // estimate it stands, and the tables need not be looked for (most pages).
    let first_caption = toks.iter().position(|t| is_caption_token(chars, t));
    let Some(first_caption) = first_caption else {
        return all;
    };
    let full_before = widths[..first_caption]
        .iter()
        .filter(|&&w| w <= all && w >= all - 1.5)
        .count();
    if full_before >= 2 {
        return all;
    }
    let Some(cells) = noted_table_lines(chars, toks) else {
        return all;
    };
    let mut outside: Vec<f32> = widths
        .iter()
        .zip(&cells)
        .filter(|(_, &cell)| !cell)
        .map(|(&w, _)| w)
        .collect();
    // Kept when lines of running text reach it (within 1.5 units, as full lines do): a
    // small-type note of two lines can be wider than the body.
    let reach = |width: f32| {
        outside
            .iter()
            .filter(|&&w| w <= width && w >= width - 1.5)
            .count()
    };
    if reach(all) >= 2 {
        return all;
    }
    // Else the widest width two lines of running text reach: a short page has few.
    outside.sort_by(|a, b| b.total_cmp(a));
    let running = outside
        .windows(2)
        .find(|pair| pair[1] >= pair[0] - 1.5)
        .map_or(0.0, |pair| pair[0]);
    running.max(all)
}

/// Whether token `t` opens a table's caption (`表N …`, `续表N`).
fn is_caption_token(chars: &[char], t: &Token) -> bool {
    matches!(chars[t.start], '表' | '续')
        && ocrclean_text::markers::caption_parts(
            &chars[t.clone()].iter().take(24).collect::<String>(),
        )
        .is_some()
}

/// The most tokens looked through from a caption for its note.
const NOTE_REACH: usize = 400;

/// Which of `toks` lie between a table's caption (`表N …`) and its note (`(资料来源：…`,
/// `注：…`), caption included; None when no table has both.
fn noted_table_lines(chars: &[char], toks: &[Token]) -> Option<Vec<bool>> {
    let opening = |t: &Token, n: usize| -> String { chars[t.clone()].iter().take(n).collect() };
    let mut cells: Option<Vec<bool>> = None;
    // One pass: the caption waiting for its note, if any (a caption seen while one waits
    // belongs to the same stretch, unless the first has waited too long).
    let mut open: Option<usize> = None;
    for (j, t) in toks.iter().enumerate() {
        if open.is_some_and(|i| j - i >= NOTE_REACH) {
            open = None;
        }
        let c = chars[t.start];
        if is_caption_token(chars, t) {
            open.get_or_insert(j);
            continue;
        }
        let Some(i) = open else {
            continue;
        };
        if matches!(
            c,
            '(' | '（' | '资' | '数' | '来' | '注' | '说' | '备' | '附'
        ) && ocrclean_text::markers::looks_like_note_start(&opening(t, 12))
        {
            let mask = cells.get_or_insert_with(|| vec![false; toks.len()]);
            mask[i..j].iter_mut().for_each(|m| *m = true);
            open = None;
        }
    }
    cells
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tables_wide_cells_do_not_pass_for_the_body() {
        // Two full lines of running text (20 units), a table whose text column prints
        // three lines of 18 between its caption and note, and the paragraph's last line.
        let full = "甲".repeat(20);
        let cell = "乙".repeat(18);
        let page = format!(
            "{full} {full} 表1 收入构成 项目 {cell} 丙 {cell} 丁 {cell} （资料来源：调查。） 戊己。"
        );
        let chars: Vec<char> = page.chars().collect();
        let toks = tokens(&chars, 0..chars.len());
        let widths: Vec<f32> = toks.iter().map(|t| line_width(&chars, t)).collect();
        assert_eq!(spacing::estimate_body_width(&widths), 18.0);
        assert_eq!(body_width(&chars, &toks, &widths), 20.0);
        // Without the note the table's extent is not known: the estimate stands.
        let page = page.replace("（资料来源：调查。）", "");
        let chars: Vec<char> = page.chars().collect();
        let toks = tokens(&chars, 0..chars.len());
        let widths: Vec<f32> = toks.iter().map(|t| line_width(&chars, t)).collect();
        assert_eq!(
            body_width(&chars, &toks, &widths),
            spacing::estimate_body_width(&widths)
        );
    }
}
