//! Both renderings present: printed lines and table fragments from the OCR pass, each
//! line's characters from the text layer through the alignment, disagreements recorded.

use super::align::{self, Op};
use super::reorder;
use super::tokens::{model_widths, printed_lines, tokens};
use super::word_gaps::{join_word_gaps, join_word_spaces};
use super::{merge_caption, table_source, LineOrder};
use crate::handoff::{Item, Line, Reading, Reconciled};
use crate::model::Disagreement;
use crate::spacing;
use ocrclean_text::space::join_spaces;
use std::ops::Range;

/// Private-use characters mark the tables in the OCR stream handed to the aligner.
const TABLE_MARK_BASE: u32 = 0xF0000;

fn is_table_mark(c: char) -> bool {
    (c as u32) >= TABLE_MARK_BASE
}

/// A page character as the aligner sees it: whitespace is a space, and a character in the
/// planes the table marks use (private use, never text) is a replacement character.
fn stream_char(c: char) -> char {
    if c.is_whitespace() {
        ' '
    } else if is_table_mark(c) {
        char::REPLACEMENT_CHARACTER
    } else {
        c
    }
}

/// Both renderings: lines and table fragments from the OCR pass, characters from the text
/// layer through the alignment.
///
/// Both streams keep one space per whitespace run: the OCR's spaces are its line ends, and
/// the aligner pairs them with the text layer's line-end spaces, so each OCR line takes
/// exactly the text-layer characters between its two line ends (a footnote marker the OCR
/// lost stays on its own line).
pub(super) fn reconcile_two(
    chars: &[char],
    ocr: Range<usize>,
    text: Range<usize>,
    order: LineOrder,
    found: &mut Reconciled,
) -> Reading {
    let (lines, body_width) = printed_lines(chars, ocr);
    let lines = match order {
        LineOrder::TextBlocks => reorder::text_order(chars, lines, text.clone()),
        LineOrder::Ocr | LineOrder::TextAlone => lines,
    };
    let (lines, line_texts, widths, spans) = join_word_spaces(chars, lines, body_width);
    // Tables are found and rebuilt with the standard widths; running text is measured with
    // the page's own.
    let (model, printed_widths, printed_body_width) = model_widths(chars, &lines, &widths);

    // The OCR stream: linear lines separated by spaces, one mark per table in its place.
    let mut a: Vec<char> = Vec::new();
    // (line index, stream range, printed width): a line of running text is handed on as
    // the pieces the OCR cut it into at word spaces, each its own entry, so that
    // [`join_word_gaps`] groups them at the page's measures with both renderings'
    // evidence; [`join_word_spaces`]'s greedy joins (at a body width estimated before
    // any line was grouped) only decide where the tables are.
    // The char range of each entry's OCR characters comes last.
    let mut a_lines: Vec<(usize, Range<usize>, f32, Range<usize>)> = Vec::new();
    let mut span_iter = spans.iter().enumerate().peekable();
    // Some line was handed on as its pieces.
    let mut split = false;
    // The widths of the lines of running text as grouped here (before the split).
    let mut line_widths: Vec<f32> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if !a.is_empty() {
            a.push(' ');
        }
        let start = a.len();
        a.extend(chars[lines[i].clone()].iter().map(|&c| stream_char(c)));
        let in_caption = spans.iter().any(|s| s.caption.contains(&i));
        if !in_caption {
            line_widths.push(printed_widths[i]);
        }
        // The stream has a space where the line has whitespace (most lines have none).
        if in_caption || !a[start..].contains(&' ') {
            a_lines.push((i, start..a.len(), printed_widths[i], lines[i].clone()));
        } else {
            split = true;
            // The line's pieces: its tokens, at their offsets in the stream.
            let base = lines[i].start;
            for t in tokens(chars, lines[i].clone()) {
                let text = &chars[t.clone()];
                let full: f32 = text.iter().map(|&c| ocrclean_text::char_width(c)).sum();
                let narrow = text.iter().filter(|&&c| spacing::is_narrowable(c)).count();
                let range = start + (t.start - base)..start + (t.end - base);
                a_lines.push((i, range, model.width(full, narrow), t));
            }
        }
        if let Some((k, span)) = span_iter.next_if(|(_, s)| s.caption.end - 1 == i) {
            a.push(' ');
            a.push(char::from_u32(TABLE_MARK_BASE + k as u32).expect("private-use plane"));
            i = span.fragments.end;
        } else {
            i += 1;
        }
    }
    // The text stream: whitespace runs collapsed to one space (a wide run, where furniture
    // was blanked, to a tab); b_pos maps back to chars.
    let mut b: Vec<char> = Vec::with_capacity(text.len());
    let mut b_pos: Vec<usize> = Vec::with_capacity(text.len());
    for p in text.clone() {
        let c = stream_char(chars[p]);
        if c != ' ' {
            b.push(c);
            b_pos.push(p);
        } else if b.last().is_some_and(|&l| !l.is_whitespace()) {
            b.push(' ');
            b_pos.push(p);
        } else if b.last() == Some(&' ') {
            *b.last_mut().expect("not empty") = align::WIDE_SPACE;
        }
    }
    let ops = align::align(&a, &b, is_table_mark);

    // Walk the alignment: where each OCR space fell in b, tables' absorbed runs, and the
    // disagreements (spaces are layout, never a disagreement).
    let mut a_at = vec![0usize; a.len() + 1]; // b position when a[i] is reached
    let mut space_match: Vec<Option<usize>> = vec![None; a.len()];
    // OCR spaces paired with a text-layer space (a plain or a wide one): the text layer
    // ends a line there too.
    let mut text_space: Vec<bool> = vec![false; a.len()];
    let mut absorbed: Vec<Range<usize>> = vec![0..0; spans.len()];
    let (mut ia, mut ib) = (0, 0);
    let mut run: Option<(String, String, usize)> = None;
    let mut current_mark = None;
    for &op in &ops {
        if op.advances_a() {
            a_at[ia] = ib;
        }
        match op {
            Op::Match | Op::Wild | Op::Absorb => {
                if let Some(r) = run.take() {
                    push_disagreement(found, r, &b_pos, text.end);
                }
            }
            _ => {
                let r = run.get_or_insert_with(|| (String::new(), String::new(), ib));
                if op.advances_a() && a[ia] != ' ' {
                    r.0.push(a[ia]);
                }
                if op.advances_b() && !b[ib].is_whitespace() {
                    if r.1.is_empty() {
                        r.2 = ib;
                    }
                    r.1.push(b[ib]);
                }
            }
        }
        if matches!(op, Op::Match | Op::Sub) && a[ia] == ' ' && b[ib].is_whitespace() {
            text_space[ia] = true;
        }
        match op {
            Op::Match if a[ia] == ' ' => space_match[ia] = Some(ib),
            Op::Wild => {
                let k = (a[ia] as u32 - TABLE_MARK_BASE) as usize;
                absorbed[k] = ib..ib;
                current_mark = Some(k);
            }
            Op::Absorb => {
                if let Some(k) = current_mark {
                    absorbed[k].end = ib + 1;
                }
            }
            _ => {}
        }
        ia += usize::from(op.advances_a());
        ib += usize::from(op.advances_b());
    }
    a_at[a.len()] = b.len();
    if let Some(r) = run.take() {
        push_disagreement(found, r, &b_pos, text.end);
    }

    // A line's text-layer characters lie between the b positions of its two line ends.
    let line_start = |s: usize| {
        if s == 0 {
            0
        } else {
            space_match[s - 1].map_or(a_at[s], |j| j + 1)
        }
    };
    let line_end = |e: usize| {
        if e >= a.len() {
            b.len()
        } else {
            space_match[e].unwrap_or(a_at[e])
        }
    };
    let raw_text = |r: Range<usize>| -> (String, usize) {
        let r = trim_spaces(&b, r);
        if r.is_empty() {
            return (
                String::new(),
                b_pos.get(r.start).copied().unwrap_or(text.end),
            );
        }
        (
            chars[b_pos[r.start]..b_pos[r.end - 1] + 1].iter().collect(),
            b_pos[r.start],
        )
    };

    let mut items = Vec::new();
    // Per item: does the text layer have a space where the OCR line after it ends?
    let mut text_space_after: Vec<bool> = Vec::new();
    let mut spaces_removed = 0;
    let mut pending_caption: Option<Line> = None;
    for (entry, (line_idx, range, width, _)) in a_lines.iter().enumerate() {
        let (from, to) = (line_start(range.start), line_end(range.end));
        let (raw, offset) = raw_text(from..to.max(from));
        let (clean, removed) = join_spaces(&raw);
        spaces_removed += removed;
        let line = Line {
            text: clean,
            width: *width,
            offset,
        };
        if let Some(span) = spans.iter().find(|s| s.caption.contains(line_idx)) {
            let caption = merge_caption(pending_caption.take(), line);
            if *line_idx + 1 < span.caption.end {
                pending_caption = Some(caption);
                continue;
            }
            let k = spans
                .iter()
                .position(|s| s == span)
                .expect("span is in spans");
            let (layer, offset) = raw_text(absorbed[k].clone());
            let fragments = span
                .fragments
                .clone()
                .map(|f| line_texts[f].clone())
                .collect();
            items.push(Item::Table {
                caption,
                source: table_source(Some(layer), offset, fragments, printed_body_width, model),
            });
            text_space_after.push(true);
        } else {
            items.push(Item::Line(line));
            // Lines put in the text layer's block order ([`reorder`]) that were not
            // neighbours in the OCR reading count as ended here whatever the alignment
            // says: no OCR word gap separates them.
            let neighbours = || {
                a_lines.get(entry + 1).is_none_or(|next| {
                    let (here, next) = (&a_lines[entry].3, &next.3);
                    next.start >= here.end
                        && chars[here.end..next.start]
                            .iter()
                            .all(|c| c.is_whitespace())
                })
            };
            text_space_after
                .push(text_space.get(range.end).copied().unwrap_or(true) || !neighbours());
        }
    }
    let (items, joined_spaces, printed_body_width) = join_word_gaps(
        items,
        &text_space_after,
        &vec![false; text_space_after.len()],
        printed_body_width,
        model,
        false,
        split.then_some(&line_widths[..]),
    );
    spaces_removed += joined_spaces;
    found.spaces_removed += spaces_removed;
    Reading {
        items,
        body_width: printed_body_width,
        half_width_punct: model.half_width_punct,
    }
}

/// `r` without the spaces at its ends.
fn trim_spaces(b: &[char], mut r: Range<usize>) -> Range<usize> {
    while r.start < r.end && b[r.start].is_whitespace() {
        r.start += 1;
    }
    while r.end > r.start && b[r.end - 1].is_whitespace() {
        r.end -= 1;
    }
    r
}

/// Records one run of disagreeing characters; `at` is the b position of its text reading.
fn push_disagreement(
    found: &mut Reconciled,
    (ocr, text, at): (String, String, usize),
    b_pos: &[usize],
    end: usize,
) {
    if (ocr.is_empty() && text.is_empty()) || ocr.chars().any(is_table_mark) {
        return;
    }
    let offset = b_pos.get(at).copied().unwrap_or(end);
    found.disagreements.push(Disagreement { ocr, text, offset });
}
