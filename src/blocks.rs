//! Stage 5, blocks: paragraphs, table captions, tables, table notes, footnotes.
//!
//! Works on the reconciled [`Reading`]: printed lines in reading order with their widths,
//! and tables already cut out. Paragraph boundaries come from line geometry
//! ([`spacing::paragraph_breaks`]); a table's caption is split into its label and text and
//! the note printed under it is attached; the lines from the first one that starts with a
//! footnote mark after the last table are footnotes. Inline markers (`…战略。①`) stay in
//! their paragraph.

use crate::handoff::{Item, Line, PageBlocks, PlacedTable, Reading, TableSource};
use crate::model::Footnote;
use crate::spacing::{self, Geometry, LineShape};
use ocrclean_text::is_footnote_mark;
use ocrclean_text::markers::{caption_parts, ends_sentence, is_footnote_start, is_note_start};
use ocrclean_text::space::append_line;

/// Segments the reading into paragraphs, tables (with caption and note) and footnotes.
///
/// Tables are handed on to the table stage with their caption, note and position.
pub fn segment(reading: &Reading) -> PageBlocks {
    crate::work::spend(reading.items.len());
    let items = &split_note_lines(join_mark_lines(&reading.items));
    let last_table = items
        .iter()
        .rposition(|it| matches!(it, Item::Table { .. }));
    // A mark that starts a line and starts a later one too is the inline marker that
    // wrapped to a line start (`⑧值得注意的是…` above `⑧限于篇幅…`): the later one is the
    // footnote.
    let starts_later = |i: usize, mark: char| {
        items[i + 1..]
            .iter()
            .any(|it| matches!(it, Item::Line(l) if l.text.starts_with(mark) && is_footnote_start(&l.text)))
    };
    let footnotes_from = items
        .iter()
        .enumerate()
        .skip(last_table.map_or(0, |t| t + 1))
        .find(|&(i, it)| {
            matches!(it, Item::Line(l) if (is_footnote_start(&l.text)
                && !l.text.chars().next().is_some_and(|m| starts_later(i, m)))
                || note_label(&l.text).is_some())
        })
        .map_or(items.len(), |(i, _)| i);
    let (note_lines, resumed) = footnote_zone(&items[footnotes_from..], reading.body_width);

    let model = spacing::WidthModel {
        half_width_punct: reading.half_width_punct,
    };
    let geometry = &page_geometry(&items[..footnotes_from], reading.body_width, model);
    let mut found = PageBlocks::default();
    let mut run: Vec<&Line> = Vec::new();
    let mut i = 0;
    while i < footnotes_from {
        match &items[i] {
            Item::Line(line) => {
                run.push(line);
                i += 1;
            }
            Item::Table { caption, source } => {
                found.paragraphs.extend(paragraphs(&run, geometry));
                run.clear();
                let (label, caption) = caption_parts(&caption.text).unwrap_or_default();
                let mut note_lines: Vec<&Line> = Vec::new();
                i += 1;
                if let Some(Item::Line(first)) = items.get(i).filter(|_| i < footnotes_from) {
                    if is_note_start(&first.text) {
                        let lines: Vec<&Line> = items[i..footnotes_from]
                            .iter()
                            .map_while(Item::line)
                            .collect();
                        let n = note_extent(&lines, geometry);
                        note_lines.extend(&lines[..n]);
                        i += n;
                    }
                }
                let note = (!note_lines.is_empty()).then(|| join_lines(&note_lines));
                let position = found.paragraphs.len();
                found.tables.push(PlacedTable {
                    source: TableSource {
                        label,
                        caption,
                        note,
                        ..source.clone()
                    },
                    position,
                });
            }
        }
    }
    run.extend(resumed);
    found.paragraphs.extend(paragraphs(&run, geometry));

    // Whether the last note opened is a first-page note (else a footnote).
    let mut in_first_page_note = false;
    for line in note_lines {
        let mut chars = line.text.chars();
        if let Some((field, len)) = note_label(&line.text) {
            let (label, text) = line.text.split_at(len);
            found
                .first_page_notes
                .push((field, label.trim().to_string(), text.trim().to_string()));
            in_first_page_note = true;
            continue;
        }
        match chars.next() {
            Some(mark) if is_footnote_start(&line.text) => {
                found
                    .footnotes
                    .push(Footnote::new(mark.to_string(), chars.as_str().trim()));
                in_first_page_note = false;
            }
            _ => match (
                in_first_page_note,
                found.first_page_notes.last_mut(),
                found.footnotes.last_mut(),
            ) {
                (true, Some((_, _, text)), _) => append_line(text, &line.text),
                (false, _, Some(note)) => append_line(&mut note.text, &line.text),
                _ => found.paragraphs.push(line.text.clone()),
            },
        }
    }
    found
}

/// A first-page note's label opening `text` (`［收稿日期］`, `基金项目：`, `作者简介:`): a
/// received date, a fund or an author's note, with its bracket or colon. Returns the field
/// and the label's length in bytes.
fn note_label(text: &str) -> Option<(crate::article::labels::Field, usize)> {
    use crate::article::labels::{label_match, Field};
    // Text layers print the brackets full width (`［收稿日期］`).
    let ascii = text.replace('［', "[").replace('］', "]");
    let (field, ascii_len) = label_match(&ascii)?;
    let n = ascii[..ascii_len].chars().count();
    let len = text.char_indices().nth(n).map_or(text.len(), |(i, _)| i);
    let closed = ascii[..ascii_len].contains([':', '：', ']', '】', '〕', '）', ')']);
    (closed && matches!(field, Field::Received | Field::Fund | Field::AuthorNotes))
        .then_some((field, len))
}

/// Splits printed lines where a first-page note's label starts inside them: the pieces of
/// the notes block (`收稿日期：2019-07-13 基金项目：…`) can be read as one line.
fn split_note_lines(items: Vec<Item>) -> Vec<Item> {
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        let Item::Line(line) = item else {
            out.push(item);
            continue;
        };
        // Labels open with a bracket or one of these characters.
        let cuts: Vec<usize> = line
            .text
            .char_indices()
            .filter(|&(i, c)| {
                // A label's bracket is the label's: cut before it, not after.
                let after_bracket = line.text[..i].ends_with(['[', '［', '【', '〔', '（', '(']);
                i > 0 && !after_bracket && "[［【〔（(收修基项资作通".contains(c)
            })
            .filter(|&(i, _)| note_label(&line.text[i..]).is_some())
            .map(|(i, _)| i)
            .collect();
        if cuts.is_empty() {
            out.push(Item::Line(line));
            continue;
        }
        out.extend(line.cut_at(cuts).into_iter().map(Item::Line));
    }
    out
}

/// Splits the footnote zone (the lines from the first footnote on) into the footnotes'
/// lines and the body lines printed after them.
///
/// On a two-column page the left column's footnotes sit at its foot and the right
/// column's text follows them in both renderings. A footnote has ended when its text ends
/// a sentence on a line short of the footnote lines' full width (the widest line starting
/// with a mark, and at least the body width); the text-bearing lines after it, up to the
/// next footnote, are body again. A stray short piece (`103`) stays with the footnote.
fn footnote_zone(zone: &[Item], body_width: f32) -> (Vec<&Line>, Vec<&Line>) {
    let lines: Vec<&Line> = zone.iter().filter_map(Item::line).collect();
    let starts_note = |l: &Line| is_footnote_start(&l.text) || note_label(&l.text).is_some();
    let full = lines
        .iter()
        .filter(|l| is_footnote_start(&l.text))
        .map(|l| l.width)
        .fold(body_width, f32::max);
    let mut notes: Vec<&Line> = Vec::new();
    let mut body: Vec<&Line> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        notes.push(line);
        i += 1;
        let ended = ends_sentence(&line.text) && line.width < full - 1.5;
        if !ended {
            continue;
        }
        let resumed = lines[i..].iter().take_while(|l| !starts_note(l)).count();
        let text_chars: usize = lines[i..i + resumed]
            .iter()
            .map(|l| {
                l.text
                    .chars()
                    .filter(|&c| ocrclean_text::is_ideograph(c))
                    .count()
            })
            .sum();
        if text_chars >= 8 {
            body.extend(&lines[i..i + resumed]);
            i += resumed;
        }
    }
    (notes, body)
}

/// A footnote printed `① text` has a space after its mark, so the mark can come as a line
/// of its own: join it to the text that follows. A mark alone on a line that the page has
/// not printed inline before, or followed by another mark, is an inline marker that
/// wrapped: it goes back to the line before.
fn join_mark_lines(items: &[Item]) -> Vec<Item> {
    // Footnotes come after the last table; a lone mark before it is an inline marker.
    let footnote_zone = items
        .iter()
        .rposition(|it| matches!(it, Item::Table { .. }))
        .map_or(0, |t| t + 1);
    let is_mark_only =
        |l: &Line| l.text.chars().count() == 1 && l.text.chars().all(is_footnote_mark);
    let starts_with_mark = |l: &Line| l.text.chars().next().is_some_and(is_footnote_mark);
    let mut out: Vec<Item> = Vec::with_capacity(items.len());
    // Marks already printed inline: a footnote repeats one, an inline marker is new.
    let mut seen_marks: Vec<char> = Vec::new();
    let mut iter = items.iter().enumerate().peekable();
    while let Some((i, item)) = iter.next() {
        if let Item::Line(mark) = item {
            if mark.text.is_empty() {
                // An OCR line the text layer has no characters for (OCR noise).
                continue;
            }
            if is_mark_only(mark) {
                let c = mark
                    .text
                    .chars()
                    .next()
                    .expect("a mark-only line has a char");
                // A footnote's mark repeats one printed inline, or follows text that does
                // not end a sentence (the OCR can misread the inline one).
                let prev_ends_sentence =
                    matches!(out.last(), Some(Item::Line(p)) if ends_sentence(&p.text));
                let repeats_a_mark = seen_marks.contains(&c) || !prev_ends_sentence;
                seen_marks.push(c);
                match (iter.peek(), out.last_mut()) {
                    (Some((_, Item::Line(next))), _)
                        if i >= footnote_zone && repeats_a_mark && !starts_with_mark(next) =>
                    {
                        out.push(Item::Line(Line {
                            text: format!("{} {}", mark.text, next.text),
                            width: mark.width + next.width,
                            offset: mark.offset,
                        }));
                        iter.next();
                        continue;
                    }
                    (_, Some(Item::Line(prev))) => {
                        prev.text.push_str(&mark.text);
                        continue;
                    }
                    _ => {}
                }
            }
        }
        if let Item::Table { caption, source } = item {
            // An inline mark that wrapped onto the caption's line belongs to the text above.
            let marks: String = caption
                .text
                .chars()
                .take_while(|&c| is_footnote_mark(c))
                .collect();
            if let (false, Some(Item::Line(prev))) = (marks.is_empty(), out.last_mut()) {
                prev.text.push_str(&marks);
                let text = caption.text[marks.len()..].trim_start().to_string();
                out.push(Item::Table {
                    caption: Line {
                        text,
                        ..caption.clone()
                    },
                    source: source.clone(),
                });
                continue;
            }
        }
        if let Item::Line(line) = item {
            // `…。①①`: a footnote's mark the alignment put at the end of the line above it
            // (the OCR misread or lost it). A mark printed twice there, the second
            // repeating one printed inline, starts the footnote on the next line.
            let next_is_text = matches!(
                items.get(i + 1),
                Some(Item::Line(n)) if !n.text.is_empty() && !starts_with_mark(n)
            );
            let mut line = line.clone();
            if let Some(mark) = (i >= footnote_zone && next_is_text)
                .then(|| repeated_end_mark(&line.text))
                .flatten()
            {
                line.text.truncate(line.text.len() - mark.len_utf8());
                line.width -= 1.0;
                seen_marks.extend(line.text.chars().filter(|&c| is_footnote_mark(c)));
                out.push(Item::Line(line));
                let (_, next) = iter.next().expect("the next item is a line");
                let Item::Line(next) = next else {
                    unreachable!("checked above")
                };
                out.push(Item::Line(Line {
                    text: format!("{mark} {}", next.text),
                    width: next.width + 1.0,
                    offset: next.offset,
                }));
                continue;
            }
            seen_marks.extend(line.text.chars().filter(|&c| is_footnote_mark(c)));
        }
        out.push(item.clone());
    }
    out
}

/// The last of two equal footnote marks ending `text` (`…。①①`).
fn repeated_end_mark(text: &str) -> Option<char> {
    let mut rev = text.chars().rev();
    let last = rev.next().filter(|&c| is_footnote_mark(c))?;
    (rev.next() == Some(last)).then_some(last)
}

/// How many of `lines` the note starting at `lines[0]` takes: to its closing parenthesis
/// when it opens with one, else to its paragraph end.
fn note_extent(lines: &[&Line], geometry: &Geometry) -> usize {
    let opens = lines[0].text.starts_with(['(', '（']);
    if opens {
        let mut depth = 0i32;
        for (n, line) in lines.iter().enumerate() {
            for c in line.text.chars() {
                match c {
                    '(' | '（' => depth += 1,
                    ')' | '）' => depth -= 1,
                    _ => {}
                }
            }
            if depth <= 0 {
                return n + 1;
            }
        }
        return lines.len();
    }
    paragraph_breaks(lines, geometry)
        .iter()
        .position(|&b| b)
        .map_or(lines.len(), |n| n + 1)
}

/// For each line, whether a paragraph ends after it ([`spacing::paragraph_breaks`]).
fn paragraph_breaks(lines: &[&Line], geometry: &Geometry) -> Vec<bool> {
    let shapes: Vec<LineShape> = lines
        .iter()
        .map(|l| LineShape {
            text: &l.text,
            width: l.width,
        })
        .collect();
    spacing::paragraph_breaks(&shapes, geometry)
}

/// The page's paragraph geometry, measured on its runs of printed lines (the body before
/// the footnotes; tables separate runs).
fn page_geometry(items: &[Item], body_width: f32, model: spacing::WidthModel) -> Geometry {
    let runs: Vec<Vec<LineShape>> = items
        .split(|item| matches!(item, Item::Table { .. }))
        .map(|run| {
            run.iter()
                .filter_map(|item| match item {
                    Item::Line(l) => Some(LineShape {
                        text: &l.text,
                        width: l.width,
                    }),
                    Item::Table { .. } => None,
                })
                .collect()
        })
        .collect();
    Geometry::measure(runs.iter().map(Vec::as_slice), body_width, model)
}

/// Groups a run of printed lines into paragraphs by line geometry.
fn paragraphs(lines: &[&Line], geometry: &Geometry) -> Vec<String> {
    let breaks = paragraph_breaks(lines, geometry);
    let mut out = Vec::new();
    let mut current = String::new();
    for (line, ends) in lines.iter().zip(breaks) {
        append_line(&mut current, &line.text);
        if ends && !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

fn join_lines(lines: &[&Line]) -> String {
    let mut out = String::new();
    for line in lines {
        append_line(&mut out, &line.text);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str, width: f32) -> Item {
        Item::Line(Line {
            text: text.into(),
            width,
            offset: 0,
        })
    }

    fn table(caption: &str) -> Item {
        Item::Table {
            caption: Line {
                text: caption.into(),
                width: 8.0,
                offset: 0,
            },
            source: TableSource {
                label: String::new(),
                caption: String::new(),
                note: None,
                text_layer: Some("甲 乙 丙 丁".into()),
                text_offset: 0,
                ocr_fragments: vec![],
                body_width: 10.0,
                half_width_punct: false,
            },
        }
    }

    #[test]
    fn a_footnote_mark_left_on_the_line_above_starts_its_footnote() {
        let reading = Reading {
            body_width: 10.0,
            half_width_punct: false,
            items: vec![
                line("江河湖海山川草木春夏", 10.0),
                line("秋冬风雨。①①", 8.0),
                line("作者:《书名》,2019年。", 10.0),
            ],
        };
        let blocks = segment(&reading);
        assert_eq!(blocks.paragraphs, ["江河湖海山川草木春夏秋冬风雨。①"]);
        assert_eq!(
            blocks.footnotes,
            [Footnote {
                mark: "①".into(),
                text: "作者:《书名》,2019年。".into(),
                page: None,
            }]
        );
    }

    #[test]
    fn the_body_after_a_left_columns_footnote_goes_on_with_its_paragraph() {
        // Two columns: the left column's footnote sits at its foot, and the right column's
        // text follows it in both renderings. An inline mark wrapped to a line's start is
        // no footnote: the page prints that mark again, at the footnote.
        let reading = Reading {
            body_width: 10.0,
            half_width_punct: false,
            items: vec![
                line("江河湖海山川草木春夏", 10.0),
                line("秋冬风雨。", 5.0),
                line("①东西南北中发白上下", 10.0),
                line("左右前后内外远近高低", 10.0),
                line("①作者:书名,2019年。", 9.0),
                line("长短宽窄大小多少轻重", 10.0),
                line("缓急深浅。", 5.0),
                line("②作者:《书名》,2020年第3", 12.0),
                line("期。", 1.0),
            ],
        };
        let blocks = segment(&reading);
        assert_eq!(
            blocks.paragraphs,
            [
                "江河湖海山川草木春夏秋冬风雨。",
                "①东西南北中发白上下左右前后内外远近高低长短宽窄大小多少轻重缓急深浅。"
            ]
        );
        let notes: Vec<_> = blocks
            .footnotes
            .iter()
            .map(|f| (f.mark.as_str(), f.text.as_str()))
            .collect();
        assert_eq!(
            notes,
            [
                ("①", "作者:书名,2019年。"),
                ("②", "作者:《书名》,2020年第3期。")
            ]
        );
    }

    #[test]
    fn first_page_notes_are_split_at_their_labels_and_kept_out_of_the_body() {
        use crate::article::labels::Field;
        let reading = Reading {
            body_width: 10.0,
            half_width_punct: false,
            items: vec![
                line("江河湖海山川草木春夏", 10.0),
                line("秋冬风雨雷电日月星辰", 10.0),
                line("［收稿日期］2016-06-18［基金项目］国家项目", 14.0),
                line("（19BJY162）", 5.0),
                line("作者简介：某某，男。", 7.0),
                line("东西南北中发白上下左", 10.0),
                line("右。", 2.0),
            ],
        };
        let blocks = segment(&reading);
        assert_eq!(
            blocks.paragraphs,
            ["江河湖海山川草木春夏秋冬风雨雷电日月星辰东西南北中发白上下左右。"]
        );
        let notes: Vec<_> = blocks
            .first_page_notes
            .iter()
            .map(|(f, l, t)| (*f, l.as_str(), t.as_str()))
            .collect();
        assert_eq!(
            notes,
            [
                (Field::Received, "［收稿日期］", "2016-06-18"),
                (Field::Fund, "［基金项目］", "国家项目（19BJY162）"),
                (Field::AuthorNotes, "作者简介：", "某某，男。")
            ]
        );
        assert!(blocks.footnotes.is_empty());
        // A sentence naming a fund is no label.
        assert!(note_label("基金项目的评审结果表明，").is_none());
    }

    #[test]
    fn paragraphs_tables_notes_and_footnotes_are_told_apart() {
        let reading = Reading {
            body_width: 10.0,
            half_width_punct: false,
            items: vec![
                line("江河湖海山川草木春夏", 10.0),
                line("秋冬风雨。①", 6.0),
                line("东西南北中发白上下", 8.0),
                line("左右。", 3.0),
                table("表2 城乡对比"),
                line("(资料来源:统计年鉴", 10.0),
                line("整理。)", 4.0),
                line("内外远近高低长短宽", 9.0),
                line("窄大小多少轻重缓急深", 10.0),
                line("① 作者:《书名》,2019年。", 10.0),
                line("第3期。", 4.0),
            ],
        };
        let blocks = segment(&reading);
        let doc = &blocks;
        assert_eq!(
            doc.paragraphs,
            [
                "江河湖海山川草木春夏秋冬风雨。①",
                "东西南北中发白上下左右。",
                "内外远近高低长短宽窄大小多少轻重缓急深"
            ]
        );
        assert_eq!(
            doc.footnotes,
            [Footnote {
                mark: "①".into(),
                text: "作者:《书名》,2019年。第3期。".into(),
                page: None,
            }]
        );
        assert_eq!(blocks.tables.len(), 1);
        let t = &blocks.tables[0].source;
        assert_eq!((t.label.as_str(), t.caption.as_str()), ("表2", "城乡对比"));
        assert_eq!(t.note.as_deref(), Some("(资料来源:统计年鉴整理。)"));
    }
}
