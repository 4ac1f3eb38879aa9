//! One rendering only: the OCR pass (its tokens are the lines) or the text layer (lines
//! rebuilt from widths).

use super::table_spans::{find_table_spans, numeric_rows_end, LineKind, TableSpan};
use super::tokens::{line_width, model_widths, printed_lines, token_text, tokens};
use super::word_gaps::join_word_spaces;
use super::{merge_caption, table_source};
use crate::handoff::{Item, Line, Reading};
use crate::spacing;
use ocrclean_text::is_footnote_mark;
use ocrclean_text::markers::{caption_parts, ends_sentence};
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

/// A footnote mark standing alone as a token: `① text` prints a space after the mark.
fn is_lone_mark(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(is_footnote_mark) && chars.next().is_none()
}

/// A caption's clean text, keeping the space between its label and its text.
fn caption_text(raw: &str) -> String {
    match caption_parts(&join_spaces(raw).0) {
        Some((label, caption)) => format!("{label} {caption}"),
        None => join_spaces(raw).0,
    }
}

/// Only the text layer: a space is a line end or letter-spacing, so lines are rebuilt
/// from widths; a table's tokens go to the table stage as they are.
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
    let emit_lines = |items: &mut Vec<Item>, from: usize, to: usize| {
        let shapes: Vec<spacing::TokenShape> = (from..to)
            .map(|i| spacing::TokenShape {
                width: printed_widths[i],
                ends_sentence: ends_sentence(&texts[i]),
                starts_line: i > 0
                    && (toks[i].start - toks[i - 1].end >= 2 || is_lone_mark(&texts[i])),
            })
            .collect();
        for r in spacing::rebuild_lines(&shapes, printed_body_width) {
            let (a, b) = (from + r.start, from + r.end);
            let raw: String = chars[toks[a].start..toks[b - 1].end].iter().collect();
            let width = printed_widths[a..b].iter().sum();
            items.push(Item::Line(Line {
                text: join_spaces(&raw).0,
                width,
                offset: toks[a].start,
            }));
        }
    };
    let mut next = 0;
    for span in &spans {
        emit_lines(&mut items, next, span.caption.start);
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
        next = span.fragments.end;
    }
    emit_lines(&mut items, next, toks.len());
    Reading {
        items,
        body_width: printed_body_width,
        half_width_punct: model.half_width_punct,
    }
}
