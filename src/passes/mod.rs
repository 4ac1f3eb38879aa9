//! Stage 3, passes: find the two renderings of the printed page in the body, tell which is
//! the OCR reading and which the PDF text layer, align them, and emit one copy.
//!
//! The OCR pass has a space at every printed line end and nowhere else (but between Latin
//! words), so its tokens are the page's printed lines and table fragments: it gives the
//! *geometry*. The text layer's characters are exact: it gives the *characters*. Lines are
//! taken from the OCR pass, and each line's characters from the text layer through a
//! character alignment ([`align`]); every place where the two disagree is reported.
//! A page with one rendering goes through with that rendering alone.

pub mod align;
mod heads;
mod measures;
mod renderings;
mod reorder;
mod table_spans;

use crate::furniture;
use crate::handoff::{Item, Line, Reading, Reconciled, Stripped, TableSource};
use crate::model::{
    Disagreement, NumberPass, PageNumber, PassInfo, PassKind, Removal, RemovalKind,
};
use crate::spacing;
use align::Op;
use ocrclean_text::distance::nearly_equal;
use ocrclean_text::hash::{FxMap, FxSet};
use ocrclean_text::markers::{caption_parts, ends_sentence, is_note_start};
use ocrclean_text::space::{join_spaces, may_continue_words};
use ocrclean_text::{char_width, is_footnote_mark};
use renderings::{agreement, single_pass, split_passes, Pass};
use std::ops::Range;
use table_spans::{find_table_spans, numeric_rows_end, TableSpan};

/// A run of non-space characters: a char range of the body.
type Token = Range<usize>;

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

/// Separates, classifies and reconciles the renderings of one page body.
///
/// Returns the reading (printed lines and tables in reading order) with what was learnt on
/// the way: the renderings, the running title, page numbers, the removals (with the
/// running title added), disagreements and the letter-spacing spaces removed.
pub fn reconcile(stripped: &Stripped) -> Reconciled {
    let (passes, balanced) = split_passes(&stripped.chars, &stripped.removed);
    let mut found = reconcile_passes(stripped, &passes, LineOrder::Ocr);
    if passes.len() < 2 {
        return found;
    }
    let mut agreement = agreement(&found);
    let mut passes = passes;
    if let Some(balanced) = balanced {
        let other = reconcile_passes(stripped, &balanced, LineOrder::Ocr);
        let other_agreement = renderings::agreement(&other);
        if other_agreement.share > agreement.share {
            (found, agreement, passes) = (other, other_agreement, balanced);
        }
    }
    if !agreement.is_plausible() {
        // The engine may have read the page's blocks (columns, a float) in another order
        // than the text layer: align again with the OCR's lines in the text layer's block
        // order. Only then: where the orders agree, the OCR's own order is kept.
        let other = reconcile_passes(stripped, &passes, LineOrder::TextBlocks);
        let other_agreement = renderings::agreement(&other);
        if other_agreement.is_plausible() {
            (found, agreement) = (other, other_agreement);
        }
    }
    if agreement.is_plausible() {
        let mut found = found;
        for p in &mut found.passes {
            p.agreement = Some(agreement.share);
        }
        return found;
    }
    // Two renderings of one page in orders no block move explains (an engine reading two
    // columns line across line): they hold the same text, but the lines cannot be paired.
    // The text layer is read alone, the OCR reading kept as one disagreement.
    if renderings::shared_grams(&stripped.chars, &passes) >= SAME_TEXT {
        let mut found = reconcile_passes(stripped, &passes, LineOrder::TextAlone);
        for p in &mut found.passes {
            p.evidence
                .push_str("; the OCR reading's lines could not be paired with the text layer's");
        }
        return found;
    }
    // The two "renderings" differ more than two readings of one page can: the page merely
    // repeats a passage. Read it as the one rendering it is, so nothing is dropped.
    let whole = passes[0].range.start..passes[passes.len() - 1].range.end;
    let evidence = format!(
        "single: a repeated passage, not two renderings ({:.0}% of the two halves disagree)",
        100.0 * (1.0 - agreement.share)
    );
    let single = single_pass(whole, &stripped.removed, stripped.chars.len(), evidence);
    reconcile_passes(stripped, &[single], LineOrder::Ocr)
}

/// The share of one rendering's grams found in the other, in any order, from which two
/// halves that cannot be aligned are still two renderings of one page (a page repeating a
/// passage shares its grams over that passage only).
const SAME_TEXT: f64 = 0.6;

/// The order the OCR's printed lines are aligned in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineOrder {
    /// Not aligned: the text layer read alone, the OCR reading one disagreement.
    TextAlone,
    /// As the engine read them.
    Ocr,
    /// Blocks put in the text layer's order ([`reorder::text_order`]).
    TextBlocks,
}

/// [`reconcile`] with the renderings decided.
fn reconcile_passes(stripped: &Stripped, passes: &[Pass], order: LineOrder) -> Reconciled {
    let mut found = Reconciled::default();
    let mut chars = stripped.chars.clone();
    crate::work::spend(chars.len());
    let mut removed = stripped.removed.clone();

    found.title = remove_running_title(&mut chars, passes, &mut removed);
    heads::remove_issue_heads(&mut chars, passes, &mut removed);
    for (removal, at) in &removed {
        if removal.kind == RemovalKind::PageNumber {
            if let Some(number) = furniture::page_number_digits(&removal.text) {
                let pass = match passes {
                    [_] => NumberPass::Single,
                    _ => passes.iter().find(|p| p.range.contains(at)).map_or(
                        NumberPass::Single,
                        |p| match p.kind {
                            PassKind::Ocr => NumberPass::Ocr,
                            PassKind::Text => NumberPass::Text,
                        },
                    ),
                };
                found.page_numbers.push(PageNumber {
                    number,
                    text: removal.text.clone(),
                    pass,
                });
            }
        }
    }
    found.removed = removed.into_iter().map(|(r, _)| r).collect();
    found.passes = passes
        .iter()
        .map(|p| PassInfo {
            kind: p.kind,
            chars: chars[p.range.clone()]
                .iter()
                .filter(|c| !c.is_whitespace())
                .count(),
            evidence: p.evidence.clone(),
            agreement: p.agreement,
        })
        .collect();

    let ocr = passes.iter().find(|p| p.kind == PassKind::Ocr);
    let text = passes.iter().find(|p| p.kind == PassKind::Text);
    found.reading = match (ocr, text) {
        (Some(ocr), Some(text)) => {
            let (ocr, text) = (ocr.range.clone(), text.range.clone());
            if order == LineOrder::TextAlone {
                let visible = |r: Range<usize>| -> String {
                    chars[r].iter().filter(|c| !c.is_whitespace()).collect()
                };
                found.disagreements.push(Disagreement {
                    ocr: visible(ocr),
                    text: visible(text.clone()),
                    offset: text.start,
                });
                read_text_only(&chars, text)
            } else {
                reconcile_two(&chars, ocr, text, order, &mut found)
            }
        }
        (Some(ocr), None) => read_ocr_only(&chars, ocr.range.clone()),
        (None, Some(text)) => read_text_only(&chars, text.range.clone()),
        (None, None) => Reading::default(),
    };
    found
}

/// The first run of non-whitespace characters in `range`.
fn first_token(chars: &[char], range: Range<usize>) -> Option<Token> {
    let start = range.clone().find(|&i| !chars[i].is_whitespace())?;
    let end = (start..range.end)
        .find(|&i| chars[i].is_whitespace())
        .unwrap_or(range.end);
    Some(start..end)
}

/// The last run of non-whitespace characters in `range`.
fn last_token(chars: &[char], range: Range<usize>) -> Option<Token> {
    let end = range.clone().rev().find(|&i| !chars[i].is_whitespace())? + 1;
    let start = (range.start..end)
        .rev()
        .find(|&i| chars[i].is_whitespace())
        .map_or(range.start, |i| i + 1);
    Some(start..end)
}

/// The maximal runs of non-whitespace characters in `range`.
fn tokens(chars: &[char], range: Range<usize>) -> Vec<Token> {
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

fn token_text(chars: &[char], t: &Token) -> String {
    chars[t.clone()].iter().collect()
}

/// Where a running-title candidate sits in its rendering.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Slot {
    /// Right after a page number.
    AfterNumber,
    /// Right before a page number.
    BeforeNumber,
    First,
    Last,
}

/// Finds the running title — a short line repeated at page top and bottom — and blanks
/// every occurrence at a header/footer position.
///
/// Header/footer positions are a rendering's first and last tokens and the tokens next to
/// a page number. With two renderings, the title is a string seen at two such positions
/// of different kinds (both renderings simply starting with the same line is no title);
/// with one, the title-like token right after the page number.
fn remove_running_title(
    chars: &mut [char],
    passes: &[Pass],
    removed: &mut Vec<(Removal, usize)>,
) -> Option<String> {
    let page_numbers: Vec<usize> = removed
        .iter()
        .filter(|(r, _)| r.kind == RemovalKind::PageNumber)
        .map(|(_, at)| *at)
        .collect();
    let mut candidates: Vec<(Token, Slot)> = Vec::new();
    for pass in passes {
        let range = pass.range.clone();
        let (Some(first), Some(last)) = (
            first_token(chars, range.clone()),
            last_token(chars, range.clone()),
        ) else {
            continue;
        };
        candidates.push((first, Slot::First));
        candidates.push((last, Slot::Last));
        for &at in page_numbers.iter().filter(|at| range.contains(at)) {
            if let Some(t) = first_token(chars, at..range.end) {
                candidates.push((t, Slot::AfterNumber));
            }
            if let Some(t) = last_token(chars, range.start..at) {
                candidates.push((t, Slot::BeforeNumber));
            }
        }
    }
    crate::work::spend(candidates.len());
    let titled: Vec<(Token, String, Slot)> = candidates
        .into_iter()
        .map(|(t, slot)| {
            let text = token_text(chars, &t);
            (t, text, slot)
        })
        .filter(|(_, text, _)| is_title_like(text))
        .collect();
    // Each distinct text's slots, sorted and deduplicated (one map, not a scan of every
    // candidate per candidate).
    let mut slots_by_text: FxMap<&str, Vec<Slot>> = FxMap::default();
    for (_, text, slot) in &titled {
        slots_by_text.entry(text.as_str()).or_default().push(*slot);
    }
    for slots in slots_by_text.values_mut() {
        slots.sort_unstable();
        slots.dedup();
    }
    let slots_of = |title: &str| -> &[Slot] { &slots_by_text[title] };
    // Two renderings: which texts seen only after a page number the OCR passes print
    // (one multi-pattern search over the OCR passes, not one scan per candidate).
    let printed_by_ocr: FxSet<&str> = match passes {
        [_] => FxSet::default(),
        _ => {
            let mut wanted: Vec<&str> = slots_by_text
                .iter()
                .filter(|(_, slots)| slots.len() < 2 && slots.contains(&Slot::AfterNumber))
                .map(|(text, _)| *text)
                .collect();
            wanted.sort_unstable();
            let mut found = FxSet::default();
            if !wanted.is_empty() {
                let searcher = aho_corasick::AhoCorasick::new(&wanted)
                    .expect("title candidates are short patterns");
                for pass in passes.iter().filter(|p| p.kind == PassKind::Ocr) {
                    let ocr: String = chars[pass.range.clone()].iter().collect();
                    crate::work::spend(ocr.len());
                    for m in searcher.find_overlapping_iter(&ocr) {
                        found.insert(wanted[m.pattern().as_usize()]);
                    }
                }
            }
            found
        }
    };
    // Two renderings that both open with the same title-like line: the page's running
    // title, printed at the top of the page image and first in its text layer (a page
    // whose number sits at its foot). A section heading opening a page is none.
    let firsts: Vec<String> = passes
        .iter()
        .filter_map(|p| first_token(chars, p.range.clone()))
        .map(|t| token_text(chars, &t))
        .collect();
    let opening = firsts.first().filter(|text| {
        passes.len() >= 2
            && firsts.len() == passes.len()
            && firsts.iter().all(|f| f == *text)
            && is_title_like(text)
            && text.chars().count() >= 6
            && !text.chars().any(|c| c.is_ascii_digit())
            && !crate::article::heads::section_heading(text)
            // A full line of running text without a comma opens a page as well: a head
            // is set short of the body's measure.
            && passes.iter().all(|p| {
                let (_, body) = printed_lines(chars, p.range.clone());
                first_token(chars, p.range.clone())
                    .is_some_and(|t| line_width(chars, &t) < body * 0.8)
            })
    });
    let opens_both = |text: &str| opening.is_some_and(|o| o == text);
    let title = titled
        .iter()
        .filter(|(_, text, _)| match passes {
            // One rendering: the text layer prints the title after the page number; the
            // OCR reads it first, at the top of the page image.
            [single] => {
                let slots = slots_of(text);
                slots.contains(&Slot::AfterNumber)
                    || (single.kind == PassKind::Ocr
                        && slots.contains(&Slot::First)
                        && text.chars().count() <= 30)
            }
            // Two: seen in two kinds of slot; or the text layer has it after the page
            // number and the OCR pass (which has no running title then) never prints it.
            _ => {
                opens_both(text)
                    || slots_of(text).len() >= 2
                    || (slots_of(text).contains(&Slot::AfterNumber)
                        && !printed_by_ocr.contains(text.as_str()))
            }
        })
        .max_by_key(|(_, text, _)| text.chars().count())
        .map(|(_, text, _)| text.clone())?;
    let mut blanked: FxSet<usize> = FxSet::default();
    for (t, text, _) in &titled {
        if *text == title && blanked.insert(t.start) {
            removed.push((
                Removal::new(RemovalKind::RunningTitle, title.clone()),
                t.start,
            ));
            chars[t.clone()].fill(' ');
        }
    }
    // The OCR may misread the title it prints first: a near copy there goes too.
    for pass in passes {
        let Some(first) = first_token(chars, pass.range.clone()) else {
            continue;
        };
        let text = token_text(chars, &first);
        if text != title && nearly_equal(&text, &title) {
            removed.push((Removal::new(RemovalKind::RunningTitle, text), first.start));
            chars[first].fill(' ');
        }
    }
    removed.sort_by_key(|(_, at)| *at);
    Some(title)
}

/// A running title is short and has no sentence punctuation; captions, notes and
/// footnotes are not titles.
fn is_title_like(text: &str) -> bool {
    let n = text.chars().count();
    (2..=40).contains(&n)
        && !text
            .chars()
            .any(|c| "。，,；;！？!?、".contains(c) || is_footnote_mark(c))
        && caption_parts(text).is_none()
        && !is_note_start(text)
}

/// The printed lines of a structure pass, and the page's body width.
///
/// The OCR pass has a space at every printed line end, but also the word spaces of Latin
/// text (`All rights reserved`). A space between two Latin words is taken for a word space
/// when the line it would end is not full: the tokens either side are one line if together
/// they still fit the body width.
fn printed_lines(chars: &[char], range: Range<usize>) -> (Vec<Token>, f32) {
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

/// A space an OCR engine or a text layer puts inside a printed line beside a number or a
/// Latin word (`约有 32% 的地区`, `在 2013 年`, `ICT 应用`) or a bracket (`研究 [6]`,
/// `(二 )`): taken for a word space when
/// the line still fits, like a space between Latin words. A sentence end before it is a
/// paragraph's end, not a word space.
fn beside_number_or_latin(left: char, right: char) -> bool {
    let ascii = |c: char| c.is_ascii_alphanumeric() || c == '%';
    let ideograph = |c: char| ocrclean_text::is_ideograph(c);
    // A citation or a bracketed word set off by a space: `研究 [6]`, `(二 )`.
    let opens = |c: char| matches!(c, '[' | '(' | '（');
    let closes = |c: char| matches!(c, ']' | ')' | '）');
    !ocrclean_text::class::is_terminal(left)
        && ((ascii(left) && (ideograph(right) || closes(right)))
            || ((ideograph(left) || opens(left)) && (ascii(right) || opens(right))))
}

/// Joins printed lines split at a word space beside a number or a Latin word (see
/// [`beside_number_or_latin`]) when together they still fit the body width, outside the
/// tables (whose cells the spaces separate); returns the lines and their table spans.
fn join_word_spaces(
    chars: &[char],
    lines: Vec<Token>,
    body_width: f32,
) -> (Vec<Token>, Vec<String>, Vec<f32>, Vec<TableSpan>) {
    let widths: Vec<f32> = lines.iter().map(|t| line_width(chars, t)).collect();
    let texts: Vec<String> = lines.iter().map(|t| token_text(chars, t)).collect();
    let spans = find_table_spans(&texts, &widths, body_width);
    let in_table = |i: usize| {
        spans
            .iter()
            .any(|s| s.caption.start <= i && i < s.fragments.end.max(s.caption.end))
    };
    let mut joined: Vec<Token> = Vec::with_capacity(lines.len());
    let mut width_so_far = 0.0;
    let mut any = false;
    for (i, (t, w)) in lines.iter().zip(&widths).enumerate() {
        if let Some(prev) = joined.last_mut() {
            let (left, right) = (chars[prev.end - 1], chars[t.start]);
            // A mark the OCR misread as a digit or a letter (`。0`, `@`) starts or ends a
            // footnote or a sentence: no word space there.
            // A number starting with 0 (`0.393`, `05`) is a number, not a misread mark.
            let number = t.len() > 1 && matches!(chars[t.start + 1], '0'..='9' | '.');
            let misread_mark = |c: char| matches!(c, 'O' | 'o' | '@') || (c == '0' && !number);
            // Lines put in the text layer's block order ([`reorder`]) join only where
            // they were neighbours.
            let neighbours =
                t.start >= prev.end && chars[prev.end..t.start].iter().all(|c| c.is_whitespace());
            if neighbours
                && !in_table(i)
                && !in_table(i - 1)
                && beside_number_or_latin(left, right)
                && !misread_mark(right)
                && !ends_sentence(&token_text(chars, prev))
                && width_so_far + 0.5 + w <= body_width + 0.01
            {
                prev.end = t.end;
                width_so_far += 0.5 + w;
                any = true;
                continue;
            }
        }
        joined.push(t.clone());
        width_so_far = *w;
    }
    if !any {
        return (lines, texts, widths, spans);
    }
    let widths: Vec<f32> = joined.iter().map(|t| line_width(chars, t)).collect();
    let texts: Vec<String> = joined.iter().map(|t| token_text(chars, t)).collect();
    let spans = find_table_spans(&texts, &widths, body_width);
    (joined, texts, widths, spans)
}

fn line_width(chars: &[char], t: &Token) -> f32 {
    chars[t.clone()].iter().map(|&c| char_width(c)).sum()
}

/// The page's width model ([`spacing::WidthModel::choose`] on its lines or tokens `toks`,
/// whose widths by [`char_width`] are `widths`), each width under it, and the body width
/// under it.
fn model_widths(
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

/// Both renderings: lines and table fragments from the OCR pass, characters from the text
/// layer through the alignment.
///
/// Both streams keep one space per whitespace run: the OCR's spaces are its line ends, and
/// the aligner pairs them with the text layer's line-end spaces, so each OCR line takes
/// exactly the text-layer characters between its two line ends (a footnote marker the OCR
/// lost stays on its own line).
fn reconcile_two(
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
    let mut a_lines: Vec<(usize, Range<usize>)> = Vec::new(); // (line index, stream range)
    let mut span_iter = spans.iter().enumerate().peekable();
    let mut i = 0;
    while i < lines.len() {
        if !a.is_empty() {
            a.push(' ');
        }
        let start = a.len();
        a.extend(chars[lines[i].clone()].iter().map(|&c| stream_char(c)));
        a_lines.push((i, start..a.len()));
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
    for (line_idx, range) in &a_lines {
        let (from, to) = (line_start(range.start), line_end(range.end));
        let (raw, offset) = raw_text(from..to.max(from));
        let (clean, removed) = join_spaces(&raw);
        spaces_removed += removed;
        let line = Line {
            text: clean,
            width: printed_widths[*line_idx],
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
            text_space_after.push(text_space.get(range.end).copied().unwrap_or(true));
        }
    }
    let (items, joined_spaces, printed_body_width) =
        join_word_gaps(items, &text_space_after, printed_body_width, model);
    spaces_removed += joined_spaces;
    found.spaces_removed += spaces_removed;
    Reading {
        items,
        body_width: printed_body_width,
        half_width_punct: model.half_width_punct,
    }
}

/// May the OCR space between two printed pieces (`before`, `after`: their clean text-layer
/// characters) be a word space rather than a line end? `text_space`: the text layer has a
/// space there too.
///
/// Both renderings of these pages collapse a printed line end to a space, and both put
/// the same word spaces beside numbers, Latin words and brackets (`约有 32% 的`,
/// `讨论 [7]`): there, only the line geometry can tell the two apart. A space the text
/// layer lacks is no line end of it (an OCR word gap: Tesseract's `估 计`, `(SDM) 方法`);
/// a line that ends on a comma or an enumeration comma is no paragraph's end. A sentence
/// end, and a footnote, a note or a caption starting, are always line ends.
fn may_be_word_space(before: &str, after: &str, text_space: bool) -> bool {
    let (Some(left), Some(right)) = (before.chars().last(), after.chars().next()) else {
        return false;
    };
    if ends_sentence(before)
        || is_footnote_mark(right)
        || is_note_start(after)
        || caption_parts(after).is_some()
    {
        return false;
    }
    let ideograph = ocrclean_text::is_ideograph;
    !text_space
        || beside_number_or_latin(left, right)
        // Between Latin words and numbers (`machine learning`, `Stata 16`).
        || (left.is_ascii_alphanumeric() && right.is_ascii_alphanumeric())
        || matches!(left, '，' | '、' | ',')
        // Between two ideographs a space both renderings have is a line end, or a word
        // gap of a letter-spaced passage (Tesseract and the text layer both read `其他 地区`
        // there); the geometry tells them apart, but a heading's end is a line end.
        || (ideograph(left) && ideograph(right) && !looks_like_heading(before) && !looks_like_heading(after))
}

/// A section heading's start: `3 `, `3.1 `, `一、`, `（一）`, `第二章`, on a short line
/// without a comma or a sentence end.
fn looks_like_heading(text: &str) -> bool {
    let numeral = |c: char| "一二三四五六七八九十".contains(c);
    let chars: Vec<char> = text.chars().take(41).collect();
    if chars.len() > 40 || chars.iter().any(|c| "，,。；;".contains(*c)) {
        return false;
    }
    let digits = chars
        .iter()
        .take_while(|c| c.is_ascii_digit() || **c == '.')
        .count();
    let after = |n: usize| chars.get(n).copied().unwrap_or(' ');
    let numerals = |from: usize| {
        chars[from.min(chars.len())..]
            .iter()
            .take_while(|c| numeral(**c))
            .count()
    };
    (digits > 0 && chars[0].is_ascii_digit() && ocrclean_text::is_ideograph(after(digits)))
        || (numerals(0) > 0 && after(numerals(0)) == '、')
        || (matches!(after(0), '（' | '(')
            && numerals(1) > 0
            && matches!(after(1 + numerals(1)), '）' | ')'))
        || (after(0) == '第' && numerals(1) > 0)
}

/// A printed line as pieces of a run, and the index of its measure.
type MeasuredLine = (Range<usize>, usize);

/// Rejoins the printed lines the OCR split at word spaces ([`may_be_word_space`]) into
/// printed lines at the page's measures ([`measures::segment`]), inside each run of lines
/// between tables; `text_space_after[i]`: the text layer has a space after item `i`.
///
/// A line set at a measure other than the body's (small-type front matter or notes) has
/// its width scaled to the body's, so that the paragraph rules, which read widths against
/// one body width, see it full where it is full. Returns the items, the spaces removed
/// and the body width (the measure most lines are set at).
fn join_word_gaps(
    items: Vec<Item>,
    text_space_after: &[bool],
    body_width: f32,
    model: spacing::WidthModel,
) -> (Vec<Item>, usize, f32) {
    let widths: Vec<f32> = items
        .iter()
        .filter_map(|it| match it {
            Item::Line(l) => Some(l.width),
            Item::Table { .. } => None,
        })
        .collect();
    let mut measures = measures::page_measures(&widths);
    if measures.is_empty() {
        measures.push(body_width);
    }
    // Each run of lines between tables with its lines' groups and measures.
    let mut runs: Vec<(Vec<Line>, Vec<MeasuredLine>)> = Vec::new();
    let mut tables: Vec<Option<Item>> = Vec::new();
    let mut run: Vec<Line> = Vec::new();
    let mut run_spaces: Vec<bool> = Vec::new();
    let segment_run = |run: Vec<Line>, spaces: &[bool]| {
        let pieces: Vec<measures::Piece> = run
            .iter()
            .enumerate()
            .map(|(k, line)| measures::Piece {
                width: line.width,
                may_join: run
                    .get(k + 1)
                    .is_some_and(|next| may_be_word_space(&line.text, &next.text, spaces[k])),
                first_unit: match model.first_unit_width(&line.text) {
                    0.0 => 1.0,
                    u => u,
                },
            })
            .collect();
        crate::work::spend(run.len());
        let heading = |r: Range<usize>| {
            let text: String = run[r].iter().map(|l| l.text.as_str()).collect();
            looks_like_heading(&text)
        };
        let groups = measures::segment(&pieces, &measures, heading);
        (run, groups)
    };
    for (item, &sp) in items.into_iter().zip(text_space_after) {
        match item {
            Item::Line(line) => {
                run.push(line);
                run_spaces.push(sp);
            }
            other => {
                runs.push(segment_run(std::mem::take(&mut run), &run_spaces));
                run_spaces.clear();
                tables.push(Some(other));
            }
        }
    }
    runs.push(segment_run(run, &run_spaces));
    // The body's measure: the one most lines are set at.
    let mut counts = vec![0usize; measures.len()];
    for (_, groups) in &runs {
        for (_, m) in groups {
            counts[*m] += 1;
        }
    }
    let body = (0..measures.len())
        .max_by_key(|&m| (counts[m], std::cmp::Reverse(m)))
        .map_or(body_width, |m| measures[m]);
    let mut out: Vec<Item> = Vec::with_capacity(widths.len() + tables.len());
    let mut removed = 0;
    let mut tables = tables.into_iter();
    for (r, (run, groups)) in runs.into_iter().enumerate() {
        if r > 0 {
            out.extend(tables.next().flatten());
        }
        let mut lines = run.into_iter();
        for (group, m) in groups {
            let mut line = lines.next().expect("a group has a line");
            for next in lines.by_ref().take(group.len() - 1) {
                let (text, n) = join_spaces(&format!("{} {}", line.text, next.text));
                removed += n;
                line.text = text;
                line.width += spacing::WORD_SPACE + next.width;
            }
            line.width *= body / measures[m];
            out.push(Item::Line(line));
        }
    }
    (out, removed, body)
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

/// A caption printed over two lines (label, then text) read as one line.
fn merge_caption(first: Option<Line>, next: Line) -> Line {
    match first {
        None => next,
        Some(mut first) => {
            first.text.push(' ');
            first.text.push_str(&next.text);
            first.width += next.width;
            first
        }
    }
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

fn table_source(
    text_layer: Option<String>,
    text_offset: usize,
    ocr_fragments: Vec<String>,
    body_width: f32,
    model: spacing::WidthModel,
) -> TableSource {
    TableSource {
        label: String::new(),
        caption: String::new(),
        note: None,
        text_layer,
        text_offset,
        ocr_fragments,
        body_width,
        half_width_punct: model.half_width_punct,
    }
}

/// Only the OCR pass: its tokens are the lines, its characters are all there is.
fn read_ocr_only(chars: &[char], range: Range<usize>) -> Reading {
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
fn read_text_only(chars: &[char], range: Range<usize>) -> Reading {
    let toks = tokens(chars, range);
    let widths: Vec<f32> = toks.iter().map(|t| line_width(chars, t)).collect();
    let texts: Vec<String> = toks.iter().map(|t| token_text(chars, t)).collect();
    let body_width = spacing::estimate_body_width(&widths);
    // Without a note, where a numeric table's rows end is where its numbers end.
    let spans: Vec<TableSpan> = find_table_spans(&texts, &widths, body_width)
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

#[cfg(test)]
mod tests;
