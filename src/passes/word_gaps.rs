//! Word spaces against line ends: the spaces an OCR engine or a text layer prints beside
//! numbers, Latin words and brackets, or inside letter-spaced passages, told from printed
//! line ends by the page's geometry and its measures.

use super::measures;
use super::table_spans::{find_table_spans, LineKind, TableSpan};
use super::tokens::{line_width, token_text, Token};
use crate::handoff::{Item, Line};
use crate::spacing;
use ocrclean_text::is_footnote_mark;
use ocrclean_text::markers::{caption_parts, ends_sentence, is_note_start};
use ocrclean_text::space::join_spaces;
use std::ops::Range;

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
pub(super) fn join_word_spaces(
    chars: &[char],
    lines: Vec<Token>,
    body_width: f32,
) -> (Vec<Token>, Vec<String>, Vec<f32>, Vec<TableSpan>) {
    let widths: Vec<f32> = lines.iter().map(|t| line_width(chars, t)).collect();
    let texts: Vec<String> = lines.iter().map(|t| token_text(chars, t)).collect();
    let spans = find_table_spans(&texts, &widths, body_width, LineKind::Printed);
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
            // A sentence end and a mark read as a letter (`。O`) end a sentence: the next
            // line is no Latin word going on.
            let ends_with_misread_mark = prev.len() > 1
                && matches!(left, 'O' | 'o' | '@')
                && ocrclean_text::class::is_terminal(chars[prev.end - 2]);
            // Lines put in the text layer's block order ([`reorder`]) join only where
            // they were neighbours.
            let neighbours =
                t.start >= prev.end && chars[prev.end..t.start].iter().all(|c| c.is_whitespace());
            if neighbours
                && !in_table(i)
                && !in_table(i - 1)
                && beside_number_or_latin(left, right)
                && !misread_mark(right)
                && !ends_with_misread_mark
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
    let spans = find_table_spans(&texts, &widths, body_width, LineKind::Printed);
    (joined, texts, widths, spans)
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
pub(super) fn may_be_word_space(before: &str, after: &str, text_space: bool) -> bool {
    let (Some(left), Some(right)) = (before.chars().last(), after.chars().next()) else {
        return false;
    };
    // A heading numbered in Chinese numerals (`一、`, `（二）`, `第三章`) after a space of
    // both renderings starts its line whatever ends the line before (an English keyword,
    // a number); one numbered in digits is told by the geometry (`16 软件…` may be a
    // number and its words).
    let chinese_heading = text_space
        && (right == '第'
            || right == '（'
            || right == '('
            || "一二三四五六七八九十".contains(right))
        && looks_like_heading(after);
    if ends_sentence(before)
        || is_footnote_mark(right)
        || is_note_start(after)
        || caption_parts(after).is_some()
        || chinese_heading
    {
        return false;
    }
    let ideograph = ocrclean_text::is_ideograph;
    !text_space
        || beside_number_or_latin(left, right)
        // Between Latin words and numbers (`machine learning`, `Stata 16`).
        || (left.is_ascii_alphanumeric() && right.is_ascii_alphanumeric())
        || matches!(left, '，' | '、' | ',')
        // Beside a bracket of either width (`分析（DEA） 方法`, `一致 （2015）`): a word
        // gap of the engine's, or a line end, which the geometry tells. A closing bracket
        // only when the piece opened it: one that closes a line before (a wrapped note's
        // `）`) ends its line.
        || (matches!(left, ')' | '）' | ']' | '】')
            && before.contains(['(', '（', '[', '【'])
            && (ocrclean_text::is_cjk(right) || right.is_ascii_alphanumeric()))
        || (ideograph(left) && matches!(right, '(' | '（' | '[' | '【'))
        // Between two ideographs a space both renderings have is a line end, or a word
        // gap of a letter-spaced passage (Tesseract and the text layer both read `其他 地区`
        // there); the geometry tells them apart, but a heading's end is a line end.
        || (ideograph(left) && ideograph(right) && !looks_like_heading(before) && !looks_like_heading(after))
}

/// A section heading's start: `3 `, `3.1 `, `一、`, `（一）`, `第二章`, on a short line
/// without a comma or a sentence end.
pub(super) fn looks_like_heading(text: &str) -> bool {
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

/// A section number alone (`2`, `2.2`, `3.1.4`): digits and dots, opening with a digit.
fn is_section_number(text: &str) -> bool {
    text.len() <= 8
        && text.starts_with(|c: char| c.is_ascii_digit())
        && text.chars().all(|c| c.is_ascii_digit() || c == '.')
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
pub(super) fn join_word_gaps(
    items: Vec<Item>,
    text_space_after: &[bool],
    certain_end: &[bool],
    body_width: f32,
    model: spacing::WidthModel,
    tracking_gaps_free: bool,
    seed_widths: Option<&[f32]>,
) -> (Vec<Item>, usize, f32) {
    let (items, text_space_after, certain_end, mut removed) =
        merge_ocr_gaps(items, text_space_after, certain_end, tracking_gaps_free);
    let (text_space_after, certain_end) = (&text_space_after[..], &certain_end[..]);
    let widths: Vec<f32> = items
        .iter()
        .filter_map(|it| it.line().map(|l| l.width))
        .collect();
    // Each run of lines between tables, with its pieces as the segmentation sees them.
    let mut runs: Vec<(Vec<Line>, Vec<measures::Piece>)> = Vec::new();
    let mut tables: Vec<Option<Item>> = Vec::new();
    let mut run: Vec<Line> = Vec::new();
    let mut run_spaces: Vec<(bool, bool)> = Vec::new();
    let pieces_of = |run: &[Line], spaces: &[(bool, bool)]| -> Vec<measures::Piece> {
        crate::work::spend(run.len());
        run.iter()
            .enumerate()
            .map(|(k, line)| measures::Piece {
                width: line.width,
                may_join: !spaces[k].1
                    && run.get(k + 1).is_some_and(|next| {
                        // A heading's number cut off by a word space (`2.2 创新…`) is
                        // read with it, so that the heading is seen whole.
                        let joined;
                        let before = match k.checked_sub(1).map(|p| run[p].text.as_str()) {
                            Some(number) if is_section_number(number) => {
                                joined = format!("{number}{}", line.text);
                                joined.as_str()
                            }
                            _ => line.text.as_str(),
                        };
                        may_be_word_space(before, &next.text, spaces[k].0)
                    }),
                gap: match run.get(k + 1) {
                    Some(next)
                        if tracking_gaps_free && between_ideographs(&line.text, &next.text) =>
                    {
                        0.0
                    }
                    _ => spacing::WORD_SPACE,
                },
                first_unit: match model.first_unit_width(&line.text) {
                    0.0 => 1.0,
                    u => u,
                },
                may_open: k == 0 || opens_after_sentence_end(&run[..k]),
            })
            .collect()
    };
    for ((item, &sp), &certain) in items.into_iter().zip(text_space_after).zip(certain_end) {
        match item {
            Item::Line(line) => {
                run.push(line);
                run_spaces.push((sp, certain));
            }
            other => {
                let pieces = pieces_of(&run, &run_spaces);
                runs.push((std::mem::take(&mut run), pieces));
                run_spaces.clear();
                tables.push(Some(other));
            }
        }
    }
    let pieces = pieces_of(&run, &run_spaces);
    runs.push((run, pieces));
    let mut measures = measures::page_measures(seed_widths.unwrap_or(&widths));
    if measures.is_empty() {
        measures.push(body_width);
    }
    let segment_run = |(run, pieces): &(Vec<Line>, Vec<measures::Piece>),
                       measures: &[f32],
                       indent: Option<measures::Indent>| {
        let heading = |r: Range<usize>| {
            let text: String = run[r].iter().map(|l| l.text.as_str()).collect();
            looks_like_heading(&text)
        };
        measures::segment(pieces, measures, indent, heading)
    };
    let segment_all = |measures: &[f32]| -> Vec<Vec<MeasuredLine>> {
        runs.iter()
            .map(|r| segment_run(r, measures, None))
            .collect()
    };
    // The body's measure: the one most lines are set at.
    let body_of = |groups: &[Vec<MeasuredLine>], measures: &[f32]| {
        let mut counts = vec![0usize; measures.len()];
        for (_, m) in groups.iter().flatten() {
            counts[*m] += 1;
        }
        (0..measures.len()).max_by_key(|&m| (counts[m], std::cmp::Reverse(m)))
    };
    let mut groups = segment_all(&measures);
    if seed_widths.is_some() {
        // The measures were read off lines grouped before the page's measures were known
        // (greedy joins at one estimated width): read them again off the lines now
        // grouped, where both renderings say these are whole lines, and group again.
        // A measure whole lines reach stands; when none does, they set the measures.
        let whole = whole_line_widths(&runs, &groups, text_space_after);
        let mut refined = measures::supported(&measures, &whole);
        if refined.is_empty() {
            refined = measures::page_measures(&whole);
        }
        if !refined.is_empty() && refined != measures {
            measures = refined;
            groups = segment_all(&measures);
        }
    }
    let body_index = body_of(&groups, &measures);
    let body = body_index.map_or(body_width, |m| measures[m]);
    // A paragraph's first line may have been joined to its last piece as if it were set at
    // the full measure: with the page's indent known, group such runs again.
    if let Some(b) = body_index {
        let hides = |(run, group): (&(Vec<Line>, Vec<measures::Piece>), &Vec<MeasuredLine>)| {
            group
                .iter()
                .any(|(r, m)| *m == b && measures::may_hide_indent(&run.1, r, measures[b]))
        };
        if runs.iter().zip(&groups).any(hides) {
            let geometry = grouped_geometry(&runs, &groups, &measures, body, model);
            if geometry.indent.is_some() {
                let indent = measures::Indent {
                    measure: b,
                    width: geometry.indented_width,
                };
                for (r, group) in runs.iter().zip(groups.iter_mut()) {
                    if hides((r, group)) {
                        *group = segment_run(r, &measures, Some(indent));
                    }
                }
            }
        }
    }
    let runs: Vec<(Vec<Line>, Vec<MeasuredLine>)> = runs
        .into_iter()
        .zip(groups)
        .map(|((run, _), g)| (run, g))
        .collect();
    let mut out: Vec<Item> = Vec::with_capacity(widths.len() + tables.len());
    let mut tables = tables.into_iter();
    for (r, (run, groups)) in runs.into_iter().enumerate() {
        if r > 0 {
            out.extend(tables.next().flatten());
        }
        let mut lines = run.into_iter();
        for (group, m) in groups {
            let mut line = lines.next().expect("a group has a line");
            for next in lines.by_ref().take(group.len() - 1) {
                let gap = if tracking_gaps_free && between_ideographs(&line.text, &next.text) {
                    0.0
                } else {
                    spacing::WORD_SPACE
                };
                let (text, n) = join_spaces(&format!("{} {}", line.text, next.text));
                removed += n;
                line.text = text;
                line.width += gap + next.width;
            }
            line.width *= body / measures[m];
            out.push(Item::Line(line));
        }
    }
    (out, removed, body)
}

/// The width a space joining two pieces adds: none between ideographs when the renderings'
/// letter-spacing gaps are not printed spaces (`tracking_gaps_free`).
fn join_gap(before: &str, after: &str, tracking_gaps_free: bool) -> f32 {
    if tracking_gaps_free && between_ideographs(before, after) {
        0.0
    } else {
        spacing::WORD_SPACE
    }
}

/// Joins the lines the OCR split at a space the text layer does not have
/// (`text_space_after[i]` false): the text layer prints every line end as a space, so
/// there is no line end there, only an OCR word gap (`(一) 信息…`, `之后， 空间`). Joined
/// before the segmentation so that the pieces it weighs are the text layer's, and a
/// heading is seen whole. Returns the items with the flags of the items kept and the
/// spaces removed.
fn merge_ocr_gaps(
    items: Vec<Item>,
    text_space_after: &[bool],
    certain_end: &[bool],
    tracking_gaps_free: bool,
) -> (Vec<Item>, Vec<bool>, Vec<bool>, usize) {
    let n = items.len();
    // Most pages (every page whose renderings agree on the line ends) glue nothing.
    if (0..n.saturating_sub(1)).all(|i| text_space_after[i] || certain_end[i]) {
        return (items, text_space_after.to_vec(), certain_end.to_vec(), 0);
    }
    let mut out: Vec<Item> = Vec::with_capacity(n);
    let mut spaces: Vec<bool> = Vec::with_capacity(n);
    let mut certain: Vec<bool> = Vec::with_capacity(n);
    let mut removed = 0;
    for (i, item) in items.into_iter().enumerate() {
        let glued = i > 0 && !text_space_after[i - 1] && !certain_end[i - 1];
        match (out.last_mut(), item) {
            // A line the text layer has no characters for (OCR noise, a logo) is no
            // part of its neighbours.
            (Some(Item::Line(prev)), Item::Line(line))
                if glued && !prev.text.is_empty() && !line.text.is_empty() =>
            {
                let gap = join_gap(&prev.text, &line.text, tracking_gaps_free);
                let (text, k) = join_spaces(&format!("{} {}", prev.text, line.text));
                removed += k;
                prev.text = text;
                prev.width += gap + line.width;
                *spaces.last_mut().expect("a kept item") = text_space_after[i];
                *certain.last_mut().expect("a kept item") = certain_end[i];
            }
            (_, item) => {
                out.push(item);
                spaces.push(text_space_after[i]);
                certain.push(certain_end[i]);
            }
        }
    }
    (out, spaces, certain, removed)
}

/// The widths of the printed lines `groups` made of `runs`' pieces that are whole lines
/// by evidence, not geometry: both of their ends are a certain end, a run's end, or a
/// space both renderings print between two CJK characters (no word space is printed
/// there). A line ending at a space beside a number or a Latin word was put there by the
/// measures themselves, so it tells nothing about them.
fn whole_line_widths(
    runs: &[(Vec<Line>, Vec<measures::Piece>)],
    groups: &[Vec<MeasuredLine>],
    text_space_after: &[bool],
) -> Vec<f32> {
    let cjk = ocrclean_text::is_cjk;
    let mut whole: Vec<f32> = Vec::new();
    // Items are the runs' lines with one table between two runs.
    let mut item = 0;
    for ((run, pieces), lines) in runs.iter().zip(groups) {
        let mut starts_line = true;
        for (group, _) in lines {
            let last = group.end - 1;
            let ends_line = match run.get(group.end) {
                None => true,
                Some(next) => {
                    !pieces[last].may_join
                        || (text_space_after.get(item + last).copied().unwrap_or(false)
                            && run[last].text.chars().last().is_some_and(cjk)
                            && next.text.chars().next().is_some_and(cjk))
                }
            };
            if starts_line && ends_line {
                let gaps: f32 = pieces[group.start..last].iter().map(|p| p.gap).sum();
                whole.push(run[group.clone()].iter().map(|l| l.width).sum::<f32>() + gaps);
            }
            starts_line = ends_line;
        }
        item += run.len() + 1;
    }
    whole
}

/// Whether the pieces before a line (`before`, the last of them just before it) end a
/// sentence, a footnote mark printed on a line of its own after the sentence's end
/// (`…收成。”` / `②`) aside: the line may open a paragraph.
fn opens_after_sentence_end(before: &[Line]) -> bool {
    let mark_only = |l: &Line| !l.text.is_empty() && l.text.chars().all(is_footnote_mark);
    match before {
        [.., last] if ends_sentence(&last.text) => true,
        [.., sentence, mark] => mark_only(mark) && ends_sentence(&sentence.text),
        _ => false,
    }
}

/// The page's paragraph geometry ([`spacing::Geometry::measure`]) on the printed lines
/// the pieces of `runs` were grouped into (`groups`), widths scaled to the `body`'s measure.
fn grouped_geometry(
    runs: &[(Vec<Line>, Vec<measures::Piece>)],
    groups: &[Vec<MeasuredLine>],
    measures: &[f32],
    body: f32,
    model: spacing::WidthModel,
) -> spacing::Geometry {
    let lines: Vec<Vec<(String, f32)>> = runs
        .iter()
        .zip(groups)
        .map(|((run, pieces), group)| {
            group
                .iter()
                .map(|(r, m)| {
                    let text: String = run[r.clone()].iter().map(|l| l.text.as_str()).collect();
                    let width: f32 = pieces[r.clone()]
                        .iter()
                        .enumerate()
                        .map(|(k, p)| p.width + if k + 1 < r.len() { p.gap } else { 0.0 })
                        .sum();
                    (text, width * body / measures[*m])
                })
                .collect()
        })
        .collect();
    let shapes: Vec<Vec<spacing::LineShape>> = lines
        .iter()
        .map(|run| {
            run.iter()
                .map(|(text, width)| spacing::LineShape {
                    text,
                    width: *width,
                })
                .collect()
        })
        .collect();
    spacing::Geometry::measure(shapes.iter().map(Vec::as_slice), body, model)
}

/// Whether the space between two pieces has an ideograph on both sides (a letter-spaced
/// passage's gap, or a line end).
fn between_ideographs(before: &str, after: &str) -> bool {
    before
        .chars()
        .last()
        .is_some_and(ocrclean_text::is_ideograph)
        && after
            .chars()
            .next()
            .is_some_and(ocrclean_text::is_ideograph)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str) -> Item {
        Item::Line(Line {
            text: text.to_string(),
            width: text.chars().map(ocrclean_text::char_width).sum(),
            offset: 0,
        })
    }

    fn texts(items: &[Item]) -> Vec<String> {
        items
            .iter()
            .filter_map(|it| it.line().map(|l| l.text.clone()))
            .collect()
    }

    #[test]
    fn an_ocr_gap_the_text_layer_lacks_is_no_line_end() {
        // The OCR cut `（一） 信息…` and `之后， 空间…`; the text layer has no space there.
        let items = vec![
            line("（一）"),
            line("信息的特征"),
            line("另一方面，之后，"),
            line("空间溢出"),
        ];
        let (out, spaces, _, _) =
            merge_ocr_gaps(items, &[false, true, false, true], &[false; 4], false);
        assert_eq!(
            texts(&out),
            ["（一）信息的特征", "另一方面，之后，空间溢出"]
        );
        assert_eq!(spaces, [true, true]);
        // A line the text layer gave no characters (OCR noise) is glued to nothing.
        let items = vec![line("社会资本。"), line(""), line("的关键")];
        let (out, _, _, _) = merge_ocr_gaps(items, &[false, false, true], &[false; 3], false);
        assert_eq!(out.len(), 3);
    }

    #[test]
    fn a_bracket_the_piece_opened_may_end_a_word_gap() {
        assert!(may_be_word_space(
            "采用数据包络分析（DEA）",
            "方法，基于",
            true
        ));
        assert!(may_be_word_space(
            "作者简介：梁某（1976—）",
            "，男，河南人",
            true
        ));
        // A bracket closing a line before (a wrapped note's `）`) ends its line.
        assert!(!may_be_word_space("）", "秋季结构", true));
        assert!(may_be_word_space("已有研究", "（2015）指出", true));
    }

    #[test]
    fn a_section_number_is_digits_and_dots() {
        assert!(is_section_number("2.2") && is_section_number("3"));
        assert!(!is_section_number("2.2创新") && !is_section_number(".5"));
    }

    #[test]
    fn whole_lines_are_ended_by_evidence_at_both_ends() {
        // Pieces `甲…` (20) | `2013` | `年乙…` with a word space beside the number, then a
        // line ended between two ideographs both renderings space.
        let lines: Vec<Line> = [
            "甲".repeat(18),
            "2013".to_string(),
            "年".repeat(17),
            "丙".repeat(20),
        ]
        .into_iter()
        .map(|t| Line {
            width: t.chars().map(ocrclean_text::char_width).sum(),
            text: t,
            offset: 0,
        })
        .collect();
        let piece = |width: f32, may_join: bool| measures::Piece {
            width,
            may_join,
            gap: spacing::WORD_SPACE,
            first_unit: 1.0,
            may_open: false,
        };
        let pieces = vec![
            piece(18.0, true),
            piece(2.0, true),
            piece(17.0, true),
            piece(20.0, true),
        ];
        let runs = vec![(lines, pieces)];
        // Grouped as [甲… 2013] [年…] [丙…]: the first line ends beside a number (no
        // evidence: the grouping put the end there), so neither it nor the next is known
        // whole; the last, begun after an ideograph pair both renderings space and ended
        // by the run's end, is.
        let groups = vec![vec![(0..2, 0), (2..3, 0), (3..4, 0)]];
        assert_eq!(whole_line_widths(&runs, &groups, &[true; 4]), [20.0]);
        // Grouped as [甲… 2013 年…] [丙…]: both are whole, the first with its two word
        // spaces.
        let groups = vec![vec![(0..3, 0), (3..4, 0)]];
        assert_eq!(
            whole_line_widths(&runs, &groups, &[true; 4]),
            [37.0 + 2.0 * spacing::WORD_SPACE, 20.0]
        );
    }

    /// The printed lines of `text` (tokens at its spaces) after [`join_word_spaces`].
    fn joined(text: &str, body_width: f32) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        let mut tokens = Vec::new();
        let mut start = None;
        for (i, c) in chars.iter().chain([' '].iter()).enumerate() {
            match (c.is_whitespace(), start) {
                (false, None) => start = Some(i),
                (true, Some(s)) => {
                    tokens.push(s..i);
                    start = None;
                }
                _ => {}
            }
        }
        join_word_spaces(&chars, tokens, body_width).1
    }

    #[test]
    fn a_line_after_a_sentence_end_or_its_mark_alone_may_open_a_paragraph() {
        let line = |text: &str| Line {
            text: text.to_string(),
            width: 0.0,
            offset: 0,
        };
        assert!(opens_after_sentence_end(&[line("单位、收成。”")]));
        assert!(opens_after_sentence_end(&[
            line("单位、收成。”"),
            line("②")
        ]));
        assert!(!opens_after_sentence_end(&[line("单位、收成"), line("②")]));
        assert!(!opens_after_sentence_end(&[line("单位、收成，")]));
        assert!(!opens_after_sentence_end(&[]));
    }

    #[test]
    fn a_sentence_end_and_a_mark_read_as_a_letter_end_the_line() {
        // A Latin word beside an ideograph is a word space while the line fits…
        assert_eq!(joined("推进数字 ICT 应用", 30.0), ["推进数字 ICT 应用"]);
        // …but `。O` is a footnote mark read as a letter after a sentence end.
        assert_eq!(
            joined("形成引导。O 利润考虑", 30.0),
            ["形成引导。O", "利润考虑"]
        );
    }
}
