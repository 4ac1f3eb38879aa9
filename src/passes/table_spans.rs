//! Where the tables are among a structure pass's printed lines: a caption line, then the
//! narrow lines of the table body up to a note, a footnote, another caption or a full line.
//! The passes stage marks these spans before aligning, so that the table's two reading
//! orders are kept apart from the running text.

use ocrclean_text::markers::{
    caption_parts, ends_sentence, is_footnote_start, is_plausible_caption, looks_like_note_start,
};
use std::ops::Range;

/// What the lines handed to [`find_table_spans`] are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    /// Whole printed lines (an OCR pass: a space at every line end).
    Printed,
    /// A text layer's tokens: a letter-spaced line comes in pieces.
    Pieces,
}

/// Where a table sits among a structure pass's lines: its caption line(s) and the
/// fragments of its body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableSpan {
    pub caption: Range<usize>,
    pub fragments: Range<usize>,
}

/// Whether line `i`, after table lines at most `widest_cell_line` wide, is the first line of
/// a paragraph printed right after the table (no note between): wider than most of the body
/// and than any line of the table so far (a column's lines never exceed its width), and
/// followed by a full line. An indented first line can fall a few units short of the
/// body, under the "as wide as the body" test, when a run of digits did not fit. (With a
/// text layer only, the next line may come in letter-spaced pieces: a sentence end inside
/// the wide line then says it is running text.)
fn starts_paragraph(
    texts: &[String],
    widths: &[f32],
    i: usize,
    widest_cell_line: f32,
    body_width: f32,
    kind: LineKind,
) -> bool {
    let next_is_full = widths.get(i + 1).is_some_and(|&w| w >= body_width - 3.0);
    // In a text layer the next line can come letter-spaced, in pieces: then a sentence end
    // inside the line says it is running text.
    let holds_a_sentence_end = texts[i].chars().any(|c| matches!(c, '。' | '？' | '！'));
    // A two-line paragraph: its short last line ends the sentence.
    let next_ends_a_sentence = texts.get(i + 1).is_some_and(|t| ends_sentence(t));
    widths[i] > widest_cell_line + 0.5
        && ((widths[i] > 0.6 * body_width
            && (next_is_full || holds_a_sentence_end || next_ends_a_sentence))
            || (kind == LineKind::Pieces
                && widths[i] > 0.4 * body_width
                && line_ends_a_sentence(texts, widths, i, body_width)))
}

/// Whether the tokens that fill one printed line from token `i` (a text layer's pieces of
/// a letter-spaced line: `竞争 力，增 加 戏 剧 … 区。`) hold a sentence end within one
/// line's width, before a note, a footnote or a caption starts. A table's cells hold none: a line wider than any cell so
/// far that runs on to a sentence end within one line's width is running text.
fn line_ends_a_sentence(texts: &[String], widths: &[f32], i: usize, body_width: f32) -> bool {
    let mut so_far = 0.0;
    for (text, &w) in texts[i..].iter().zip(&widths[i..]) {
        if so_far >= body_width
            || (so_far > 0.0
                && (looks_like_note_start(text)
                    || is_footnote_start(text)
                    || caption_parts(text).is_some()))
        {
            return false;
        }
        // The sentence end must fall inside the line: a full line after a few short cell
        // lines is the next paragraph's, not this line's end.
        if let Some(at) = text.chars().position(|c| matches!(c, '。' | '？' | '！')) {
            let before: f32 = text.chars().take(at).map(ocrclean_text::char_width).sum();
            return so_far + before <= body_width + 1.0;
        }
        so_far += w;
    }
    false
}

/// Finds the tables among a structure pass's printed lines (or text-layer tokens).
///
/// A table starts at a caption line (`表N …`, narrower than the body); with the label on
/// a line of its own the caption text is the next line, and letter-spaced caption tokens
/// are gathered. Its fragments run until a note, a footnote, another caption or a line as
/// wide as the body text (table cells are narrower than the body: columns share it).
pub fn find_table_spans(
    texts: &[String],
    widths: &[f32],
    body_width: f32,
    kind: LineKind,
) -> Vec<TableSpan> {
    let wide = body_width - 3.0;
    let mut spans = Vec::new();
    let mut i = 0;
    while i < texts.len() {
        // A label the text layer spaced from its number (`表 1 …`) is one with it.
        let split_label = texts[i] == "表"
            && texts
                .get(i + 1)
                .is_some_and(|t| t.starts_with(|c: char| c.is_ascii_digit()));
        let first = if split_label {
            format!("{}{}", texts[i], texts[i + 1])
        } else {
            texts[i].clone()
        };
        let Some((_, caption)) = caption_parts(&first).filter(|_| widths[i] < wide) else {
            i += 1;
            continue;
        };
        let mut end = i + 1 + usize::from(split_label);
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
        let mut widest_cell_line = 0.0f32;
        while stop < texts.len()
            && widths[stop] < wide
            && !looks_like_note_start(&texts[stop])
            && !is_footnote_start(&texts[stop])
            && caption_parts(&texts[stop]).is_none()
            && !starts_paragraph(texts, widths, stop, widest_cell_line, body_width, kind)
        {
            widest_cell_line = widest_cell_line.max(widths[stop]);
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

/// Where the rows of a table of row labels and numeric columns end, among text-layer
/// tokens `texts[fragments]`: after the last run of numbers, when the body reads `label…
/// n n n label… n n n` (at least two rows, every run of numbers as long as the last) and
/// text follows the last run. A number prints as one token and a numeric cell holds one
/// number, so that text is no cell of the table: it is the running text printed after a
/// table without a note. Otherwise the fragments' end.
pub fn numeric_rows_end(texts: &[String], fragments: Range<usize>) -> usize {
    const MIN_ROWS: usize = 2;
    /// The most tokens a row label is printed in (wrapped lines, letter-spacing pieces).
    const MAX_LABEL_TOKENS: usize = 8;
    let end = fragments.end;
    // Maximal runs of numbers and of other tokens, alternating: (start, end, numbers).
    let mut runs: Vec<(usize, usize, bool)> = Vec::new();
    for i in fragments {
        let num = is_number_token(&texts[i]);
        match runs.last_mut() {
            Some(run) if run.2 == num => run.1 = i + 1,
            _ => runs.push((i, i + 1, num)),
        }
    }
    let [.., last_numbers, (trail, _, false)] = runs[..] else {
        return end;
    };
    let m = last_numbers.1 - last_numbers.0;
    // Rows from the last backwards: a label, then `m` numbers.
    let mut rows = 0;
    for pair in runs[..runs.len() - 1].rchunks_exact(2) {
        let [label, numbers] = pair else { break };
        if !numbers.2 || numbers.1 - numbers.0 != m || label.1 - label.0 > MAX_LABEL_TOKENS {
            break;
        }
        rows += 1;
    }
    if rows >= MIN_ROWS {
        trail
    } else {
        end
    }
}

/// A token that is one number (`12.5`, `-8.7`, `69%`, `86,764`) or an empty cell's dash.
fn is_number_token(text: &str) -> bool {
    if !text.is_empty() && text.chars().all(|c| matches!(c, '—' | '–' | '-' | '―')) {
        return true;
    }
    let t = text.trim_start_matches(['-', '+', '−', '±', '(', '（']);
    let t = t.trim_end_matches(['%', '‰', '％', ')', '）', '*']);
    t.chars().any(|c| c.is_ascii_digit())
        && t.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ','))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_paragraph_right_after_a_table_is_not_its_last_row() {
        let texts: Vec<String> = [
            "表1 对比",
            "年份",
            "数值",
            "2019",
            "12",
            "这是紧接在表格后面的段落的第一行文字",
            "这是段落的第二行文字这是段落的第二行文字",
            "结束。",
        ]
        .map(String::from)
        .to_vec();
        let widths = [5.0, 2.0, 2.0, 2.0, 1.0, 17.5, 20.0, 3.0];
        assert_eq!(
            find_table_spans(&texts, &widths, 20.0, LineKind::Printed),
            [TableSpan {
                caption: 0..1,
                fragments: 1..5
            }]
        );
    }

    #[test]
    fn a_letter_spaced_paragraph_after_a_text_only_table_is_not_its_last_row() {
        // The paragraph's first line comes in the text layer's pieces: one token as wide
        // as half the body, then single characters, a sentence end inside the line.
        let texts: Vec<String> = [
            "表1 对比",
            "项目",
            "说明",
            "甲",
            "一二三四",
            "这是紧接在表格后面的段落第一行文字",
            "很",
            "长",
            "了。再",
            "这是段落的第二行文字这是段落的第二行文字",
        ]
        .map(String::from)
        .to_vec();
        let widths = [5.0, 2.0, 2.0, 1.0, 4.0, 17.0, 1.0, 1.0, 3.0, 20.0];
        let span = |kind| {
            find_table_spans(&texts, &widths, 22.0, kind)[0]
                .fragments
                .clone()
        };
        assert_eq!(span(LineKind::Pieces), 1..5);
        // Whole printed lines: a line of that width may be a cell's.
        assert_eq!(span(LineKind::Printed), 1..9);
        // A sentence end only on the next full line says nothing of this one.
        let mut widths = widths;
        widths[6] = 8.0;
        assert_eq!(
            find_table_spans(&texts, &widths, 22.0, LineKind::Pieces)[0].fragments,
            1..9
        );
    }

    #[test]
    fn numeric_rows_end_after_the_last_number() {
        let texts: Vec<String> = [
            "地区",
            "收入",
            "增速",
            "江苏",
            "7.1",
            "8%",
            "云",
            "南",
            "3,204",
            "-0.5",
            "这是表后",
            "段",
            "落。",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(numeric_rows_end(&texts, 0..texts.len()), 10);
        // Text cells after the numbers, or one row only: the fragments' end.
        assert_eq!(numeric_rows_end(&texts, 0..6), 6);
        let texts: Vec<String> = ["项目", "数量", "甲", "1", "乙", "二", "丙", "3"]
            .map(String::from)
            .to_vec();
        assert_eq!(numeric_rows_end(&texts, 0..texts.len()), 8);
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
            find_table_spans(&texts, &widths, 10.0, LineKind::Printed),
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
        let spans = find_table_spans(&texts, &widths, 10.0, LineKind::Printed);
        assert_eq!(spans[0].caption, 0..2);
    }

    #[test]
    fn a_label_spaced_from_its_number_is_a_caption() {
        let texts: Vec<String> = ["表", "2", "收入构成", "项目", "金额", "工资", "10"]
            .map(String::from)
            .to_vec();
        let widths = [1.0, 0.5, 4.0, 2.0, 2.0, 2.0, 1.0];
        let spans = find_table_spans(&texts, &widths, 10.0, LineKind::Printed);
        assert_eq!(spans[0].caption, 0..3);
        assert_eq!(spans[0].fragments, 3..7);
    }

    #[test]
    fn a_wrapped_table_reference_is_not_a_caption() {
        let texts: Vec<String> = ["表1", "所", "示,渔 业", "甲乙", "丙丁"]
            .map(String::from)
            .to_vec();
        let widths = [1.5, 1.0, 3.0, 2.0, 2.0];
        assert!(find_table_spans(&texts, &widths, 10.0, LineKind::Printed).is_empty());
    }
}
