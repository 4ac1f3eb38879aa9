//! One rendering only: the OCR pass (its tokens are the lines) or the text layer (lines
//! rebuilt from widths).

use super::table_spans::{find_table_spans, numeric_rows_end, LineKind, TableSpan};
use super::tokens::{line_width, model_widths, printed_lines, token_text, tokens};
use super::word_gaps::{join_word_gaps, join_word_spaces};
use super::{merge_caption, table_source};
use crate::handoff::{Item, Line, Reading};
use ocrclean_text::markers::caption_parts;
use ocrclean_text::space::join_spaces;
use std::ops::Range;

/// Only the OCR pass: its tokens are the lines, its characters are all there is.
pub(super) fn read_ocr_only(chars: &[char], range: Range<usize>) -> Reading {
    let (lines, body_width) = printed_lines(chars, range);
    let (lines, texts, widths, spans) = join_word_spaces(chars, lines, body_width);
    let (model, printed_widths, printed_body_width) = model_widths(chars, &lines, &widths);
    let line = |i: usize| Line {
        text: join_spaces(&texts[i]).0,
        width: printed_widths[i],
        offset: lines[i].start,
    };
    let mut items = Vec::new();
    let mut next = 0;
    for span in &spans {
        items.extend((next..span.caption.start).map(|i| Item::Line(line(i))));
        let caption = span
            .caption
            .clone()
            .map(line)
            .reduce(|a, b| merge_caption(Some(a), b))
            .expect("caption has a line");
        let fragments = span.fragments.clone().map(|f| texts[f].clone()).collect();
        items.push(Item::Table {
            caption,
            source: table_source(None, 0, fragments, printed_body_width, model),
        });
        next = span.fragments.end;
    }
    items.extend((next..lines.len()).map(|i| Item::Line(line(i))));
    Reading {
        items,
        body_width: printed_body_width,
        half_width_punct: model.half_width_punct,
    }
}

/// A caption's clean text, keeping the space between its label and its text.
fn caption_text(raw: &str) -> String {
    match caption_parts(&join_spaces(raw).0) {
        Some((label, caption)) => format!("{label} {caption}"),
        None => join_spaces(raw).0,
    }
}

/// Only the text layer: a space is a line end, a word space or letter-spacing, so lines
/// are rebuilt from widths at the page's measures ([`join_word_gaps`]); a table's tokens
/// go to the table stage as they are.
pub(super) fn read_text_only(chars: &[char], range: Range<usize>) -> Reading {
    let toks = tokens(chars, range);
    let widths: Vec<f32> = toks.iter().map(|t| line_width(chars, t)).collect();
    let texts: Vec<String> = toks.iter().map(|t| token_text(chars, t)).collect();
    let body_width = super::tokens::body_width(chars, &toks, &widths);
    // Without a note, where a numeric table's rows end is where its numbers end.
    let spans: Vec<TableSpan> = find_table_spans(&texts, &widths, body_width, LineKind::Pieces)
        .into_iter()
        .map(|mut span| {
            span.fragments.end = numeric_rows_end(&texts, span.fragments.clone());
            span
        })
        .collect();
    let (model, printed_widths, printed_body_width) = model_widths(chars, &toks, &widths);
    let mut items = Vec::new();
    // Per item: a line certainly ends after it (a wide blank where furniture was cut
    // out, a table, the end of a run).
    let mut certain: Vec<bool> = Vec::new();
    let emit_pieces = |items: &mut Vec<Item>, certain: &mut Vec<bool>, from: usize, to: usize| {
        for i in from..to {
            items.push(Item::Line(Line {
                text: join_spaces(&texts[i]).0,
                width: printed_widths[i],
                offset: toks[i].start,
            }));
            let wide_gap = toks.get(i + 1).is_some_and(|n| n.start - toks[i].end >= 2);
            certain.push(wide_gap || i + 1 == to);
        }
    };
    let mut next = 0;
    for span in &spans {
        emit_pieces(&mut items, &mut certain, next, span.caption.start);
        let raw: String = chars[toks[span.caption.start].start..toks[span.caption.end - 1].end]
            .iter()
            .collect();
        let caption = Line {
            text: caption_text(&raw),
            width: widths[span.caption.clone()].iter().sum(),
            offset: toks[span.caption.start].start,
        };
        let (layer, offset) = match span.fragments.clone().last() {
            Some(last) => {
                let from = toks[span.fragments.start].start;
                (chars[from..toks[last].end].iter().collect(), from)
            }
            None => (String::new(), caption.offset),
        };
        items.push(Item::Table {
            caption,
            source: table_source(Some(layer), offset, Vec::new(), printed_body_width, model),
        });
        certain.push(true);
        next = span.fragments.end;
    }
    emit_pieces(&mut items, &mut certain, next, toks.len());
    // Every space is the text layer's own: a line end, a word space beside a number, a
    // Latin word or a bracket, or letter-spacing. The pieces are grouped into printed
    // lines at the page's measures, as the OCR's pieces are when both renderings are there
    // (a greedy fill cannot tell which of two spaces ended a line).
    let text_space = vec![true; items.len()];
    let (items, _, printed_body_width) = join_word_gaps(
        items,
        &text_space,
        &certain,
        printed_body_width,
        model,
        true,
        None,
    );
    Reading {
        items,
        body_width: printed_body_width,
        half_width_punct: model.half_width_punct,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(reading: &Reading) -> Vec<String> {
        reading
            .items
            .iter()
            .filter_map(|it| it.line().map(|l| l.text.clone()))
            .collect()
    }

    #[test]
    fn a_citation_set_off_by_a_word_space_stays_on_its_line() {
        // Lines of 20 units; the second holds 17 ideographs, a word space and `[8]。`,
        // which its standard widths put 0.75 past the measure (the printed brackets are
        // narrow). Filling lines greedily ends the line before `[8]`, leaving it three
        // units short; the measures' programme keeps the citation on its line.
        let full = "甲乙丙丁戊己庚辛壬癸甲乙丙丁戊己庚辛壬癸";
        let page =
            format!("{full} 子丑寅卯辰巳午未申酉戌亥子丑寅卯辰 [8]。 {full} {full} {full} 甲乙。");
        let chars: Vec<char> = page.chars().collect();
        let lines = texts(&read_text_only(&chars, 0..chars.len()));
        assert_eq!(lines[1], "子丑寅卯辰巳午未申酉戌亥子丑寅卯辰[8]。");
        assert_eq!(lines.len(), 6);
    }
}
