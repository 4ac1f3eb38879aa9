//! Stage 5, blocks: paragraphs, table captions, tables, table notes, footnotes.
//!
//! Works on the reconciled [`Reading`]: printed lines in reading order with their widths,
//! and tables already cut out. Paragraph boundaries come from line geometry
//! ([`spacing::paragraph_breaks`]); a table's caption is split into its label and text and
//! the note printed under it is attached; the lines from the first one that starts with a
//! footnote mark after the last table are footnotes. Inline markers (`…战略。①`) stay in
//! their paragraph.

use crate::model::{Document, Footnote, TableSource};
use crate::passes::{Item, Line, Reading};
use crate::spacing::{self, is_word_space, LineShape};
use regex::Regex;
use std::ops::Range;
use std::sync::OnceLock;

/// What the table stage still has to do: one source per table, in page order.
#[derive(Debug, Clone, Default)]
pub struct PageBlocks {
    pub tables: Vec<TableSource>,
    /// For each table, how many paragraphs come before it.
    pub positions: Vec<usize>,
}

/// Where a table sits among a structure pass's lines: its caption line(s) and the
/// fragments of its body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableSpan {
    pub caption: Range<usize>,
    pub fragments: Range<usize>,
}

fn caption_rule() -> &'static Regex {
    static RULE: OnceLock<Regex> = OnceLock::new();
    RULE.get_or_init(|| {
        Regex::new(r"^(?:续)?表\s*(\d{1,3}(?:[-.－]\d{1,3})?)\s*(.*)$")
            .expect("caption rule compiles")
    })
}

fn note_rule() -> &'static Regex {
    static RULE: OnceLock<Regex> = OnceLock::new();
    RULE.get_or_init(|| {
        Regex::new(r"^[（(]?\s*(?:资料来源|数据来源|来源|注释|注|说明|备注|附注)\s*\d?\s*[:：]")
            .expect("note rule compiles")
    })
}

/// Splits a caption line into its label and text: `表1 数字模式对比` → (`表1`, `数字模式对比`).
///
/// ```
/// use ocrclean::blocks::caption_parts;
/// assert_eq!(caption_parts("表1城乡差异对比"), Some(("表1".into(), "城乡差异对比".into())));
/// assert_eq!(caption_parts("表 12 收入"), Some(("表12".into(), "收入".into())));
/// assert_eq!(caption_parts("表明了差异"), None);
/// ```
pub fn caption_parts(text: &str) -> Option<(String, String)> {
    let text = text.trim();
    if !text.starts_with(['表', '续']) {
        return None;
    }
    let caps = caption_rule().captures(text)?;
    let label = format!("表{}", &caps[1]);
    Some((label, caps[2].trim().to_string()))
}

/// A note start as the OCR may misread it: an opening parenthesis, a short label and a
/// colon (`(资科来源:`), or a strict note start.
fn looks_like_note_start(text: &str) -> bool {
    static RULE: OnceLock<Regex> = OnceLock::new();
    let loose = RULE.get_or_init(|| {
        Regex::new(r"^[（(][^()（）:：\s]{1,6}[:：]").expect("loose note rule compiles")
    });
    is_note_start(text) || loose.is_match(text)
}

/// A caption names its table: no sentence punctuation, and not a sentence that refers
/// to a table (`表1所示`, `表2中的数据`), which a line can start with after a wrap.
fn is_plausible_caption(text: &str) -> bool {
    let Some((_, caption)) = caption_parts(text) else {
        return false;
    };
    const REFERENCE_STARTS: [&str; 7] = ["所示", "中的", "的", "显示", "可见", "表明", "给出"];
    caption.chars().count() >= 2
        && !caption.chars().any(|c| "。，,；;！？!?".contains(c))
        && !REFERENCE_STARTS.iter().any(|p| caption.starts_with(p))
}

/// True for the first line of a table note: `(资料来源:…`, `注:…`, `说明:…`.
pub fn is_note_start(text: &str) -> bool {
    note_rule().is_match(text)
}

/// True for the first line of a footnote: a footnote mark followed by its text.
pub fn is_footnote_start(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(spacing::is_footnote_mark) && chars.any(|c| !c.is_whitespace())
}

/// Finds the tables among a structure pass's printed lines (or text-layer tokens).
///
/// A table starts at a caption line (`表N …`, narrower than the body); with the label on
/// a line of its own the caption text is the next line, and letter-spaced caption tokens
/// are gathered. Its fragments run until a note, a footnote, another caption or a line as
/// wide as the body text (table cells are narrower than the body: columns share it).
pub fn find_table_spans(texts: &[String], widths: &[f32], body_width: f32) -> Vec<TableSpan> {
    let wide = body_width - 3.0;
    let mut spans = Vec::new();
    let mut i = 0;
    while i < texts.len() {
        let Some((_, caption)) = caption_parts(&texts[i]).filter(|_| widths[i] < wide) else {
            i += 1;
            continue;
        };
        let mut end = i + 1;
        if caption.is_empty() && end < texts.len() {
            end += 1;
        }
        // Letter-spaced caption: single characters, then the rest of the line.
        if end < texts.len() && texts[end].chars().count() == 1 {
            while end < texts.len() && texts[end].chars().count() == 1 {
                end += 1;
            }
            end = (end + 1).min(texts.len());
        }
        let caption_text: String = texts[i..end].concat();
        if !is_plausible_caption(&caption_text) {
            i += 1;
            continue;
        }
        let mut stop = end;
        while stop < texts.len()
            && widths[stop] < wide
            && !looks_like_note_start(&texts[stop])
            && !is_footnote_start(&texts[stop])
            && caption_parts(&texts[stop]).is_none()
        {
            stop += 1;
        }
        if stop - end >= 2 {
            spans.push(TableSpan {
                caption: i..end,
                fragments: end..stop,
            });
            i = stop;
        } else {
            i += 1;
        }
    }
    spans
}

/// Segments the reading into paragraphs, tables (with caption and note) and footnotes.
///
/// Paragraphs and footnotes go straight into `doc`; tables go to the table stage.
pub fn segment(reading: &Reading, doc: &mut Document) -> PageBlocks {
    let items = &join_mark_lines(&reading.items);
    let last_table = items
        .iter()
        .rposition(|it| matches!(it, Item::Table { .. }));
    let footnotes_from = items
        .iter()
        .enumerate()
        .skip(last_table.map_or(0, |t| t + 1))
        .find(|(_, it)| matches!(it, Item::Line(l) if is_footnote_start(&l.text)))
        .map_or(items.len(), |(i, _)| i);

    let mut blocks = PageBlocks::default();
    let mut run: Vec<&Line> = Vec::new();
    let mut i = 0;
    while i < footnotes_from {
        match &items[i] {
            Item::Line(line) => {
                run.push(line);
                i += 1;
            }
            Item::Table { caption, source } => {
                doc.paragraphs.extend(paragraphs(&run, reading.body_width));
                run.clear();
                let (label, caption) = caption_parts(&caption.text).unwrap_or_default();
                let mut note_lines: Vec<&Line> = Vec::new();
                i += 1;
                if let Some(Item::Line(first)) = items.get(i).filter(|_| i < footnotes_from) {
                    if is_note_start(&first.text) {
                        let lines: Vec<&Line> = items[i..footnotes_from]
                            .iter()
                            .map_while(|it| match it {
                                Item::Line(l) => Some(l),
                                Item::Table { .. } => None,
                            })
                            .collect();
                        let n = note_extent(&lines, reading.body_width);
                        note_lines.extend(&lines[..n]);
                        i += n;
                    }
                }
                let note = (!note_lines.is_empty()).then(|| join_lines(&note_lines));
                blocks.positions.push(doc.paragraphs.len());
                blocks.tables.push(TableSource {
                    label,
                    caption,
                    note,
                    ..source.clone()
                });
            }
        }
    }
    doc.paragraphs.extend(paragraphs(&run, reading.body_width));

    for item in &items[footnotes_from..] {
        let Item::Line(line) = item else { continue };
        let mut chars = line.text.chars();
        match chars.next() {
            Some(mark) if is_footnote_start(&line.text) => doc.footnotes.push(Footnote {
                mark: mark.to_string(),
                text: chars.as_str().trim().to_string(),
            }),
            _ => match doc.footnotes.last_mut() {
                Some(note) => append_line(&mut note.text, &line.text),
                None => doc.paragraphs.push(line.text.clone()),
            },
        }
    }
    blocks
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
        |l: &Line| l.text.chars().count() == 1 && l.text.chars().all(spacing::is_footnote_mark);
    let starts_with_mark = |l: &Line| l.text.chars().next().is_some_and(spacing::is_footnote_mark);
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
                    matches!(out.last(), Some(Item::Line(p)) if spacing::ends_sentence(&p.text));
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
                .take_while(|&c| spacing::is_footnote_mark(c))
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
            seen_marks.extend(line.text.chars().filter(|&c| spacing::is_footnote_mark(c)));
        }
        out.push(item.clone());
    }
    out
}

/// How many of `lines` the note starting at `lines[0]` takes: to its closing parenthesis
/// when it opens with one, else to its paragraph end.
fn note_extent(lines: &[&Line], body_width: f32) -> usize {
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
    paragraph_breaks(lines, body_width)
        .iter()
        .position(|&b| b)
        .map_or(lines.len(), |n| n + 1)
}

/// For each line, whether a paragraph ends after it ([`spacing::paragraph_breaks`]).
fn paragraph_breaks(lines: &[&Line], body_width: f32) -> Vec<bool> {
    let shapes: Vec<LineShape> = lines
        .iter()
        .map(|l| LineShape {
            text: &l.text,
            width: l.width,
        })
        .collect();
    spacing::paragraph_breaks(&shapes, body_width)
}

/// Groups a run of printed lines into paragraphs by line geometry.
fn paragraphs(lines: &[&Line], body_width: f32) -> Vec<String> {
    let breaks = paragraph_breaks(lines, body_width);
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

/// Appends a printed line to running text: a line end between two Latin words is a word
/// space, any other line end is nothing.
fn append_line(text: &mut String, line: &str) {
    if let (Some(left), Some(right)) = (text.chars().next_back(), line.chars().next()) {
        if is_word_space(left, right) && left.is_ascii_alphabetic() && right.is_ascii_alphabetic() {
            text.push(' ');
        }
    }
    text.push_str(line);
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
            },
        }
    }

    #[test]
    fn paragraphs_tables_notes_and_footnotes_are_told_apart() {
        let reading = Reading {
            body_width: 10.0,
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
        let mut doc = Document::default();
        let blocks = segment(&reading, &mut doc);
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
                text: "作者:《书名》,2019年。第3期。".into()
            }]
        );
        assert_eq!(blocks.tables.len(), 1);
        let t = &blocks.tables[0];
        assert_eq!((t.label.as_str(), t.caption.as_str()), ("表2", "城乡对比"));
        assert_eq!(t.note.as_deref(), Some("(资料来源:统计年鉴整理。)"));
    }

    #[test]
    fn table_spans_run_from_caption_to_note() {
        let texts: Vec<String> = [
            "正文一行",
            "表1 对比",
            "年份",
            "数值",
            "2019",
            "12",
            "注:单位为万元。",
            "正文",
        ]
        .map(String::from)
        .to_vec();
        let widths = [10.0, 5.0, 2.0, 2.0, 2.0, 1.0, 8.0, 2.0];
        assert_eq!(
            find_table_spans(&texts, &widths, 10.0),
            [TableSpan {
                caption: 1..2,
                fragments: 2..6
            }]
        );
    }

    #[test]
    fn a_label_alone_takes_the_next_line_as_caption() {
        let texts: Vec<String> = ["表3", "收 入", "构 成", "项目", "金额", "工资", "10"]
            .map(String::from)
            .to_vec();
        let widths = [1.5, 2.0, 2.0, 2.0, 2.0, 2.0, 1.0];
        let spans = find_table_spans(&texts, &widths, 10.0);
        assert_eq!(spans[0].caption, 0..2);
    }

    #[test]
    fn a_wrapped_table_reference_is_not_a_caption() {
        let texts: Vec<String> = ["表1", "所", "示,渔 业", "甲乙", "丙丁"]
            .map(String::from)
            .to_vec();
        let widths = [1.5, 1.0, 3.0, 2.0, 2.0];
        assert!(find_table_spans(&texts, &widths, 10.0).is_empty());
    }

    #[test]
    fn inline_mentions_are_not_captions() {
        assert!(caption_parts("如表1所示").is_none());
        assert!(is_note_start("(资料来源:作者整理。)"));
        assert!(is_note_start("注:数据为估计值"));
        assert!(looks_like_note_start("(资科来源:作者整理。)"));
        assert!(!looks_like_note_start("(2019年)数据"));
        assert!(!is_note_start("注意到这一点"));
        assert!(is_footnote_start("① 作者"));
        assert!(!is_footnote_start("①"));
    }
}
