//! Page feet: which lines at the foot of a page (or of a column read before the next one)
//! are notes. A footnote starts with a cited mark (`①`, `➀`, `*`, superscript digits), a
//! first-page note with its label (`收稿日期：`, `基金项目：`, `作者简介：`); the run of them
//! must reach the page's end and stay short. On a two-column page read column by column a
//! short run of closed entries inside the page is the left column's foot when it
//! interrupts a sentence or is set in the notes' smaller type. [`super::matter`] takes
//! the notes these marks find.

use super::labels::{footnote_mark, label_of, Field};
use super::lines::{ends_sentence, Printed};
use crate::model::LayoutKind;

/// A first-page note's label: notes printed at the foot of the first page.
pub(super) fn note_field(text: &str) -> Option<Field> {
    label_of(text).filter(|f| {
        matches!(
            f,
            Field::Received | Field::Fund | Field::AuthorNotes | Field::Doi | Field::Citation
        )
    })
}

/// Longest run of notes at a page foot, in lines, and its largest share of the page.
const FOOT_LINES: usize = 12;
const FOOT_SHARE: f64 = 0.5;

/// What a line of a page foot is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Foot {
    Body,
    /// The first line of a footnote (a mark) or of a first-page note (a label).
    Start,
    /// A later line of the note above it.
    More,
}

/// Marks each page's foot: the short run of notes (footnotes from their mark, first-page
/// notes from their label) that reaches the page's end.
pub(super) fn foot_zones(lines: &[Printed], kind: LayoutKind) -> Vec<Foot> {
    let mut foot = vec![Foot::Body; lines.len()];
    let mut page_start = 0;
    while page_start < lines.len() {
        let page = lines[page_start].page;
        let page_end = lines[page_start..]
            .iter()
            .position(|l| l.page != page)
            .map_or(lines.len(), |n| page_start + n);
        let len = page_end - page_start;
        let limit = if kind == LayoutKind::TextFlow {
            4
        } else {
            FOOT_LINES
                .min(((len as f64) * FOOT_SHARE).ceil() as usize)
                .max(1)
        };
        let from = page_end.saturating_sub(limit).max(page_start + 1);
        // A page number the furniture stage could not place (a page alone) stands below
        // the notes: they end above it.
        let mut notes_end = page_end;
        while notes_end > from && is_number_line(&lines[notes_end - 1].text) {
            notes_end -= 1;
        }
        // A mark-led line starts a footnote when its mark was printed in the text above
        // (a mark that wrapped to a line start was not); an OCR engine misreads marks,
        // and `*` notes belong to the title.
        let cited = |i: usize, mark: &str| {
            kind == LayoutKind::OcrEngine || matches!(mark, "*" | "＊") || {
                crate::work::spend(i - page_start.saturating_sub(20));
                lines[page_start.saturating_sub(20)..i]
                    .iter()
                    .any(|l| l.text.contains(mark))
            }
        };
        let starts = |i: usize| {
            let text = &lines[i].text;
            (footnote_mark(text).is_some_and(|m| cited(i, m)) && label_of(text).is_none())
                || note_field(text).is_some()
        };
        // Notes at a foot come in the order of their marks: a line led by `⑤` above the
        // note `①` is a body line whose mark wrapped to its start.
        let in_order = |i: usize| {
            let Some(first) = mark_number(&lines[i].text) else {
                return true;
            };
            (i + 1..notes_end)
                .find(|&j| starts(j))
                .and_then(|j| mark_number(&lines[j].text))
                .is_none_or(|next| next > first)
        };
        let mut zone = notes_end;
        if let Some(start) = (from..notes_end)
            .find(|&i| starts(i) && in_order(i) && is_foot_run(&lines[i..notes_end], &starts, i))
        {
            for (i, f) in foot.iter_mut().enumerate().take(notes_end).skip(start) {
                *f = if starts(i) { Foot::Start } else { Foot::More };
            }
            zone = start;
        }
        // A column's foot: on a two-column page the left column's notes come before the
        // right column's text (read column by column).
        if kind != LayoutKind::TextFlow {
            // The right column may cite a mark after the left column's notes.
            let on_page = |i: usize, mark: &str| {
                crate::work::spend(page_end - page_start);
                (page_start..page_end).any(|k| k != i && lines[k].text.contains(mark))
            };
            let starts = |i: usize| {
                let text = &lines[i].text;
                (footnote_mark(text).is_some_and(|m| cited(i, m) || on_page(i, m))
                    && label_of(text).is_none())
                    || note_field(text).is_some()
            };
            let mut i = page_start + 1;
            while i < zone {
                let run = footnotes_inside(lines, i, zone, &starts);
                if let Some(end) = run.filter(|_| in_order(i)) {
                    for (k, f) in foot.iter_mut().enumerate().take(end).skip(i) {
                        *f = if starts(k) { Foot::Start } else { Foot::More };
                    }
                    i = end;
                } else {
                    i += 1;
                }
            }
        }
        page_start = page_end;
    }
    foot
}

/// Longest note entry of a column's foot, in lines, and most lines of such a run.
const ENTRY_LINES: usize = 3;
const COLUMN_FOOT_LINES: usize = 8;

/// A run of footnotes inside a page, from mark-led line `i` up to (not including) `zone`
/// (the page's own foot): a column's foot, where a two-column page read column by column
/// prints the left column's notes before the right column's text. Every entry starts
/// with a cited mark and closes (a sentence or citation end) within a few lines, and
/// text follows the run. The run interrupts the text — the line above it leaves its
/// sentence open — or is set in the notes' smaller type, wider in characters than the
/// text lines above it; a list whose items open with circled numbers is neither.
/// Returns the index after the run.
fn footnotes_inside(
    lines: &[Printed],
    i: usize,
    zone: usize,
    starts: &dyn Fn(usize) -> bool,
) -> Option<usize> {
    if !starts(i) || footnote_mark(&lines[i].text).is_none() {
        return None;
    }
    // A bracket or a year closes a line inside an entry as often as at its end.
    let closes = |t: &str| ends_sentence(t) || t.ends_with(['。', '.']);
    let mut j = i;
    while j < zone && starts(j) {
        let end = (j..zone.min(j + ENTRY_LINES))
            .find(|&k| closes(&lines[k].text) && (k == j || !starts(k)))?;
        // A note is a sentence or a citation: a line of it that ends a sentence and
        // runs on is the text's.
        if (j + 1..end).any(starts) || (j + 1..=end).any(|k| ends_inside(&lines[k].text)) {
            return None;
        }
        j = end + 1;
    }
    if j >= zone || j - i > COLUMN_FOOT_LINES {
        return None;
    }
    let before = &lines[i - 1];
    let interrupts = before.page == lines[i].page && !ends_sentence(&before.text);
    let above = lines[i.saturating_sub(6)..i]
        .iter()
        .filter(|l| l.page == lines[i].page)
        .map(|l| l.width)
        .max()
        .unwrap_or(0);
    let smaller_type = lines[i..j].iter().any(|l| l.width >= above + 4);
    (interrupts || smaller_type).then_some(j)
}

/// Whether a line ends a sentence before its end and runs on after it.
pub(super) fn ends_inside(text: &str) -> bool {
    let t = text.trim_end();
    t.char_indices()
        .any(|(at, c)| matches!(c, '。' | '！' | '？') && at + c.len_utf8() < t.len())
}

/// The number of the circled or superscript footnote mark a line starts with.
pub(super) fn mark_number(text: &str) -> Option<u32> {
    let c = text.trim_start().chars().next()?;
    let n = c as u32;
    match n {
        0x2460..=0x2473 => Some(n - 0x2460 + 1),
        0x2776..=0x277F => Some(n - 0x2776 + 1),
        0x2780..=0x2789 => Some(n - 0x2780 + 1),
        _ => match c {
            '¹' => Some(1),
            '²' => Some(2),
            '³' => Some(3),
            '⁴'..='⁹' => Some(n - '⁴' as u32 + 4),
            _ => None,
        },
    }
}

/// A line holding a number alone, bare or decorated (`29`, `— 23 —`, `·40·`, `・47・`).
pub(super) fn is_number_line(text: &str) -> bool {
    let t = text.trim();
    t.chars().any(|c| c.is_ascii_digit())
        && t.chars().count() <= 9
        && t.chars()
            .all(|c| c.is_ascii_digit() || c.is_whitespace() || "·•・‧∙⋅-—–－".contains(c))
}

/// Whether lines from a mark- or label-led line to the page's end read as notes: an
/// entry that ends (a sentence end on a short line) is followed by another entry or
/// nothing, and the last ends like a note (a sentence, a citation's full stop or
/// bracket, a date). Running text after a mark that merely wrapped to a line start
/// fails one of them.
fn is_foot_run(run: &[Printed], starts: &dyn Fn(usize) -> bool, offset: usize) -> bool {
    let widest = run.iter().map(|l| l.width).max().unwrap_or(0);
    let entries_close = run.windows(2).enumerate().all(|(k, w)| {
        let closes = ends_sentence(&w[0].text) && w[0].width + 4 <= widest;
        !closes || starts(offset + k + 1)
    });
    // A one-line note (`DOI:…`, `收稿日期：…`) is followed by another note or nothing: a
    // heading and body lines after it are the page's text, not the note's.
    let one_liners_close = run
        .windows(2)
        .enumerate()
        .all(|(k, w)| note_field(&w[0].text).is_none_or(Field::runs_on) || starts(offset + k + 1));
    // A first-page note opens with its label (in any bracket style); a footnote's mark is
    // followed by its text.
    let after_mark_is_text = run.first().is_some_and(|l| {
        if note_field(&l.text).is_some() {
            return true;
        }
        let mark = footnote_mark(&l.text).unwrap_or_default();
        l.text[mark.len()..]
            .trim_start()
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric() || c == '[' || c == '【')
    });
    let last_closes = run.last().is_some_and(|l| {
        ends_sentence(&l.text)
            || l.text.ends_with(['.', '）', ')', '；', ';', '。', '日'])
            || l.text.ends_with(|c: char| c.is_ascii_digit())
    });
    entries_close && one_liners_close && after_mark_is_text && last_closes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_number_their_notes_and_page_numbers_stand_in_their_decorations() {
        assert_eq!(mark_number("⑤x"), Some(5));
        assert_eq!(mark_number("➂x"), Some(3));
        assert_eq!(mark_number("⁶x"), Some(6));
        // A page number the notes stand above, in the decorations fonts print.
        assert!(is_number_line("・47・") && is_number_line("·40·") && is_number_line("— 23 —"));
        assert!(!is_number_line("1。"));
    }
}
