//! Front matter and references of a scraped page: an article's first page opens with its
//! title block, abstract, keywords and classification lines; its last page holds the
//! reference list (and often the English title and abstract). They are not running text.
//!
//! The scrape's printed lines are handed to the article path's sorter
//! ([`crate::article::matter::sort`]) in two stretches: the page's top down to its last
//! front-matter label (when one of the first lines carries an abstract, keywords or
//! classification label), and the reference list from its `参考文献` heading to the page's
//! notes. What the sorter leaves as body goes back to the reading in place; first-page
//! notes and footnotes stay with the blocks stage.
//!
//! Real renderings run fields together on one printed line (`…制度安排中图分类号：C35.8`,
//! `CHEN Jun Abstract:`, `capacity参考文献：`): a line of either stretch is first cut where a
//! label or the references heading starts inside it.

use crate::article::fields::Sorted;
use crate::article::labels::{label_match, Field};
use crate::article::lines::Printed;
use crate::article::matter::{self, is_references_heading};
use crate::handoff::{Item, Line, Reading};
use crate::model::{LayoutKind, Metadata, Removal};
use ocrclean_text::markers::is_footnote_start;

/// How many printed lines from the page's top are looked through for a front label.
const FRONT_SCAN: usize = 30;
/// Most lines after the last front label handed to the sorter (a field's run-on lines).
const FRONT_TAIL: usize = 20;

/// What the page's matter held: fields, reference entries, and the labels removed (as
/// printed once; each rendering prints them).
#[derive(Debug, Default)]
pub struct PageMatter {
    pub metadata: Metadata,
    pub references: Vec<String>,
    pub removed: Vec<Removal>,
}

/// Takes the front matter and the reference list out of `reading`, leaving the running
/// text, tables and notes.
///
/// ```
/// use ocrclean::handoff::{Item, Line, Reading};
/// let line = |t: &str| Item::Line(Line { text: t.into(), width: 20.0, offset: 0 });
/// let mut reading = Reading {
///     items: vec![
///         line("乡村学校的课程改革研究"),
///         line("摘要：本文讨论乡村学校的课程改革。"),
///         line("关键词：课程改革；乡村教育中图分类号：D63"),
///         line("1引言"),
///         line("正文从这里开始。"),
///     ],
///     body_width: 20.0,
///     half_width_punct: false,
/// };
/// let matter = ocrclean::page_matter::take(&mut reading);
/// assert_eq!(matter.metadata.clc.as_deref(), Some("D63"));
/// assert_eq!(matter.metadata.keywords, ["课程改革", "乡村教育"]);
/// assert_eq!(reading.items.len(), 2); // the heading and the running text
/// ```
pub fn take(reading: &mut Reading) -> PageMatter {
    crate::work::spend(reading.items.len());
    let mut matter = PageMatter::default();
    let items = std::mem::take(&mut reading.items);
    let items = split_at_inline_labels(rejoin_cut_labels(items));
    let (front, rest) = front_stretch(&items);
    let mut out: Vec<Item> = Vec::with_capacity(items.len());
    out.extend(items[..front.start].iter().cloned());
    out.extend(sort_stretch(&items[front.clone()], None, &mut matter));
    // A page the list runs on to from the page before has no heading: it opens with
    // entries numbered in sequence.
    let headed = rest.is_some();
    let refs = rest
        .or_else(|| continued_list(&items).filter(|&r| r >= front.end))
        .unwrap_or(items.len());
    out.extend(items[front.end..refs].iter().cloned());
    let (mut at, mut heading) = (refs, (!headed).then_some(CONTINUED_HEADING));
    while at < items.len() {
        let end = references_end(&items, at);
        let stretch = &items[at..end];
        out.extend(sort_stretch(stretch, heading, &mut matter));
        // On a two-column page the left column's notes can stand inside the list (read
        // column by column): it resumes after them with its next entry.
        let next = stretch.iter().filter_map(line_entry).max().map(|n| n + 1);
        let resumes = next.and_then(|next| {
            (end..items.len().min(end + COLUMN_NOTES))
                .find(|&i| line_entry(&items[i]) == Some(next))
        });
        let stop = resumes.unwrap_or(items.len());
        out.extend(items[end..stop].iter().cloned());
        (at, heading) = (stop, Some(CONTINUED_HEADING));
    }
    reading.items = out;
    matter
}

/// The front stretch (empty when the page opens with no front matter) and where the
/// reference list's heading stands, if the page has one after it.
fn front_stretch(items: &[Item]) -> (std::ops::Range<usize>, Option<usize>) {
    let text = |i: usize| items[i].line().map(|l| l.text.as_str());
    let field = |i: usize| text(i).and_then(label_match).map(|(f, _)| f);
    // A reference list opens with an entry under its heading (its first, or on a
    // two-column page, where the list may be read column by column, any).
    let references = (0..items.len().saturating_sub(1)).find(|&i| {
        text(i).is_some_and(is_references_heading)
            && text(i + 1).is_some_and(|t| starts_first_entry(t) || entry_number(t).is_some())
    });
    let scan = items
        .iter()
        .take(FRONT_SCAN)
        .take_while(|it| matches!(it, Item::Line(_)))
        .count();
    let opener = (0..scan).find(|&i| field(i).is_some_and(is_front_opener));
    let last_label = (0..scan).rev().find(|&i| field(i).is_some_and(is_front));
    let (Some(opener), Some(last)) = (opener, last_label) else {
        return (0..0, references);
    };
    // The Chinese front matter opens the first page with its title; an English block alone
    // (on the last page) opens with its title's Latin lines, after the running text.
    let english_only = (0..=last).all(|i| {
        field(i).is_none_or(|f| !matches!(f, Field::Abstract | Field::Keywords | Field::Clc))
    });
    let start = if english_only {
        let mut start = opener;
        while start > 0 && text(start - 1).is_some_and(is_latin_line) {
            start -= 1;
        }
        start
    } else {
        0
    };
    let limit = references.unwrap_or(items.len()).min(last + 1 + FRONT_TAIL);
    let end = (last + 1..limit)
        .find(|&i| {
            text(i).is_none_or(|t| {
                crate::article::paragraphs::is_heading(t)
                    || opens_numbered_heading(t).is_some()
                    || is_note_line(t)
                    || is_front_body(t)
            })
        })
        .unwrap_or(limit);
    (start..end, references.filter(|&r| r >= end))
}

use crate::article::matter::is_latin_line;

/// A field only the front matter has: the page holding one is an article's first page
/// (or the page of its English abstract).
fn is_front_opener(field: Field) -> bool {
    matches!(
        field,
        Field::Abstract
            | Field::Keywords
            | Field::Clc
            | Field::EnglishAbstract
            | Field::EnglishKeywords
    )
}

/// A field of the front block (first-page notes stay with the blocks stage).
fn is_front(field: Field) -> bool {
    is_front_opener(field) || matches!(field, Field::DocumentCode | Field::ArticleId | Field::Doi)
}

/// A first-page note's or a footnote's first line: the blocks stage reads those.
fn is_note_line(text: &str) -> bool {
    is_footnote_start(text)
        || label_match(text)
            .is_some_and(|(f, _)| matches!(f, Field::Received | Field::Fund | Field::AuthorNotes))
}

/// Never a front-matter line: a table's caption.
fn is_front_body(text: &str) -> bool {
    crate::article::paragraphs::is_caption(text) && text.starts_with(['表', '续'])
}

/// Whether a section heading (`一、现实困境`, `1问题的提出`) starts at byte `i` of `text`
/// after Latin text: the English keywords or a DOI run together with the first heading.
/// A heading numbered in Chinese follows any Latin letter or digit; one numbered in
/// digits only a run of Latin words (the line ASCII up to byte `ascii_until`) (a number inside Chinese text, `借助Stata 16软件`,
/// has Chinese before it).
fn starts_inline_heading(text: &str, i: usize, ascii_until: usize) -> bool {
    let before = &text[..i];
    let after_latin = before.ends_with(|c: char| c.is_ascii_alphanumeric() || ";.".contains(c));
    let after_words =
        before.ends_with(|c: char| c.is_ascii_alphabetic() || c == ' ') && i <= ascii_until;
    if !after_latin && !after_words {
        return false;
    }
    match opens_numbered_heading(&text[i..]) {
        Some(Numbering::Chinese) => after_latin,
        Some(Numbering::Digits) => after_words,
        None => false,
    }
}

/// How a section heading is numbered.
enum Numbering {
    /// `一、`
    Chinese,
    /// `1` or `2.1` before the heading's first ideograph.
    Digits,
}

/// Whether `text` opens with a section heading's number (`一、`, `1现实困境`, `2.1要素`).
fn opens_numbered_heading(text: &str) -> Option<Numbering> {
    let chinese = text
        .chars()
        .take_while(|c| "一二三四五六七八九十".contains(*c))
        .count();
    if (1..=2).contains(&chinese) && text.chars().nth(chinese) == Some('、') {
        return Some(Numbering::Chinese);
    }
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    let mut rest = text.chars().skip(digits);
    let mut next = rest.next();
    if next == Some('.') {
        let more = rest.clone().take_while(char::is_ascii_digit).count();
        next = rest.nth(more).filter(|_| more == 1);
    }
    let ideograph =
        next.is_some_and(|c| ocrclean_text::is_ideograph(c) && !"年月日个次项".contains(c));
    ((1..=2).contains(&digits) && ideograph).then_some(Numbering::Digits)
}

/// Whether a line opens a reference list's first entry (`[1]`, `［1］`, `1]` as an OCR
/// engine may leave it).
fn starts_first_entry(text: &str) -> bool {
    let t = text.trim_start();
    let t = t.strip_prefix(['[', '［', '【']).unwrap_or(t).trim_start();
    t.strip_prefix('1')
        .is_some_and(|r| r.trim_start().starts_with([']', '］', '】']))
}

/// The end of the reference list starting at `from` (its heading): the first table, or
/// the first footnote or first-page note after it.
fn references_end(items: &[Item], from: usize) -> usize {
    (from + 1..items.len())
        .find(|&i| match &items[i] {
            Item::Line(l) => is_note_line(&l.text),
            Item::Table { .. } => true,
        })
        .unwrap_or(items.len())
}

/// The heading put before a reference list continued from the page before, so that the
/// sorter reads it as one; never printed (it is not in the input, and goes with nothing).
const CONTINUED_HEADING: &str = "参考文献";
/// Lines from the page's top within which a continued list's first entry stands (the
/// rest of the entry begun on the page before comes first), and fewest entries in
/// sequence that make a list.
const CONTINUED_WITHIN: usize = 4;
const CONTINUED_ENTRIES: u32 = 3;

/// Where a reference list continued from the page before begins: an entry (`[12]`)
/// among the page's first lines, followed by the next entries in sequence.
fn continued_list(items: &[Item]) -> Option<usize> {
    let number = |i: usize| items[i].line().and_then(|l| entry_number(&l.text));
    let first = (0..items.len().min(CONTINUED_WITHIN)).find(|&i| number(i).is_some())?;
    let mut next = number(first)? + 1;
    let mut entries = 1;
    for i in first + 1..items.len() {
        if entries >= CONTINUED_ENTRIES {
            break;
        }
        if number(i) == Some(next) {
            entries += 1;
            next += 1;
        }
    }
    (entries >= CONTINUED_ENTRIES).then_some(if first < CONTINUED_WITHIN { 0 } else { first })
}

/// Most lines of a column's notes a reference list resumes after.
const COLUMN_NOTES: usize = 12;

/// The entry number a printed line opens with.
fn line_entry(item: &Item) -> Option<u32> {
    item.line().and_then(|l| entry_number(&l.text))
}

/// The number of a reference entry a line opens with (`[12]`, `［12］`).
fn entry_number(text: &str) -> Option<u32> {
    let t = text.trim_start();
    let t = t.strip_prefix(['[', '［'])?;
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    let rest = t[digits.len()..].trim_start();
    (!digits.is_empty() && digits.len() <= 3 && rest.starts_with([']', '］']))
        .then(|| digits.parse().ok())
        .flatten()
}

/// Hands a stretch of lines to the article's sorter (after `heading`, a line it reads but
/// that is not printed); returns the lines it left as body (the stretch unchanged when
/// the sorter found footnotes in it or left nothing to map).
fn sort_stretch(items: &[Item], heading: Option<&str>, matter: &mut PageMatter) -> Vec<Item> {
    let lines: Vec<&Line> = items.iter().filter_map(Item::line).collect();
    if lines.is_empty() || lines.len() != items.len() {
        return items.to_vec();
    }
    let printed: Vec<Printed> = heading
        .into_iter()
        .chain(lines.iter().map(|l| l.text.as_str()))
        .map(|text| Printed::new(text, 0))
        .collect();
    let sorted: Sorted = matter::sort(printed, LayoutKind::Scrape);
    if !sorted.footnotes.is_empty() {
        return items.to_vec();
    }
    // The body is a subsequence of the stretch's lines, in order (after the heading put
    // before them, which the sorter keeps as body).
    let mut kept = Vec::with_capacity(sorted.body.len());
    let mut at = 0;
    let unprinted =
        usize::from(heading.is_some_and(|h| sorted.body.first().is_some_and(|b| b.text == h)));
    if heading.is_some() && unprinted == 0 {
        return items.to_vec();
    }
    for body in &sorted.body[unprinted..] {
        let Some(k) = (at..lines.len()).find(|&k| lines[k].text == body.text) else {
            return items.to_vec();
        };
        kept.push(Item::Line(lines[k].clone()));
        at = k + 1;
    }
    merge_metadata(&mut matter.metadata, sorted.metadata);
    matter.references.extend(sorted.references);
    matter.removed.extend(sorted.removed);
    kept
}

/// Adds the fields of `more` that `metadata` does not hold yet.
fn merge_metadata(metadata: &mut Metadata, more: Metadata) {
    if metadata.is_empty() {
        *metadata = more;
        return;
    }
    let Metadata {
        title,
        authors,
        affiliations,
        abstract_,
        keywords,
        doi,
        received,
        revised,
        fund,
        author_notes,
        clc,
        document_code,
        article_id,
        citation,
        english_title,
        english_authors,
        english_affiliations,
        english_abstract,
        english_keywords,
        ..
    } = more;
    let m = metadata;
    for (slot, value) in [
        (&mut m.title, title),
        (&mut m.authors, authors),
        (&mut m.affiliations, affiliations),
        (&mut m.abstract_, abstract_),
        (&mut m.doi, doi),
        (&mut m.received, received),
        (&mut m.revised, revised),
        (&mut m.fund, fund),
        (&mut m.author_notes, author_notes),
        (&mut m.clc, clc),
        (&mut m.document_code, document_code),
        (&mut m.article_id, article_id),
        (&mut m.citation, citation),
        (&mut m.english_title, english_title),
        (&mut m.english_authors, english_authors),
        (&mut m.english_affiliations, english_affiliations),
        (&mut m.english_abstract, english_abstract),
        (&mut m.english_keywords, english_keywords),
    ] {
        crate::article::fields::append_to(slot, value);
    }
    m.keywords.extend(keywords);
}

/// A label the reading cut at a line end (`…214122）摘` / `要：具体而言`, the letter-spaced
/// `摘　要`): its first character goes to the next line, where the rest of it stands.
fn rejoin_cut_labels(mut items: Vec<Item>) -> Vec<Item> {
    for i in 1..items.len() {
        let (head, tail) = items.split_at_mut(i);
        let (Some(Item::Line(prev)), Some(Item::Line(line))) = (head.last_mut(), tail.first_mut())
        else {
            continue;
        };
        let Some(last) = prev.text.chars().next_back() else {
            continue;
        };
        let joined = format!("{last}{}", line.text);
        let cut = label_match(&line.text).is_none()
            && label_match(&joined).is_some_and(|(f, len)| {
                is_front_opener(f) && joined[..len].contains([':', '：', ']', '］', '】'])
            });
        if cut && prev.text.chars().count() > 1 {
            prev.text.truncate(prev.text.len() - last.len_utf8());
            prev.width -= 1.0;
            line.text = joined;
            line.offset = line.offset.saturating_sub(1);
            line.width += 1.0;
        }
    }
    items
}

/// Cuts each line where a front-matter label (`中图分类号：`, `Abstract:`) or the
/// references heading (`参考文献：` ending the line) starts inside it.
fn split_at_inline_labels(items: Vec<Item>) -> Vec<Item> {
    let mut out = Vec::with_capacity(items.len());
    let opens_list: Vec<bool> = items
        .iter()
        .skip(1)
        .map(|it| matches!(it, Item::Line(l) if starts_first_entry(&l.text)))
        .chain([false])
        .collect();
    for (n, (item, before_list)) in items.into_iter().zip(opens_list).enumerate() {
        let Item::Line(line) = item else {
            out.push(item);
            continue;
        };
        let ascii_until = line
            .text
            .find(|c: char| !c.is_ascii())
            .unwrap_or(line.text.len());
        // Where a label may start: found by one scan of the line (most lines hold none).
        let mut cuts: Vec<usize> = label_starts()
            .find_iter(&line.text)
            .map(|m| m.start())
            .filter(|&i| i > 0 && starts_inline_label(&line.text, i, before_list))
            .collect();
        // A numbered heading glued inside a line follows a Latin letter, digit, `;`, `.` or
        // space (see `starts_inline_heading`): a line without one holds none.
        let may_hold_heading = line
            .text
            .bytes()
            .any(|b| b.is_ascii_alphanumeric() || matches!(b, b';' | b'.' | b' '));
        if n < FRONT_SCAN && may_hold_heading {
            cuts.extend(
                line.text
                    .char_indices()
                    .scan(None, |prev: &mut Option<char>, (i, c)| {
                        // Only after a Latin letter, digit, `;`, `.` or space (see
                        // `starts_inline_heading`): checked first, it is cheap.
                        let after = prev.replace(c).is_some_and(|p| {
                            p.is_ascii_alphanumeric() || matches!(p, ';' | '.' | ' ')
                        });
                        Some((i, c, after))
                    })
                    .filter(|&(i, c, after)| {
                        after
                            && (c.is_ascii_digit()
                                || matches!(
                                    c,
                                    '一' | '二'
                                        | '三'
                                        | '四'
                                        | '五'
                                        | '六'
                                        | '七'
                                        | '八'
                                        | '九'
                                        | '十'
                                ))
                            && starts_inline_heading(&line.text, i, ascii_until)
                    })
                    .map(|(i, _, _)| i),
            );
            cuts.sort_unstable();
            cuts.dedup();
        }
        if cuts.is_empty() {
            out.push(Item::Line(line));
            continue;
        }
        out.extend(line.cut_at(cuts).into_iter().map(Item::Line));
    }
    out
}

/// The openings of the labels `starts_inline_label` accepts, for one scan of a line.
fn label_starts() -> &'static regex::Regex {
    static RULE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    RULE.get_or_init(|| {
        regex::Regex::new(r"摘\s*要|关\s*键|中图|文献|文章|参考文献|(?i:ab|ke|do)")
            .expect("valid label-start rule")
    })
}

/// Whether a front label or the references heading starts at byte `i` of `text`: a label
/// with its colon or bracket (a Latin one after a space or a non-letter, so `Abstract:`
/// inside a word is none), or `参考文献` closing a line the list's first entry follows.
fn starts_inline_label(text: &str, i: usize, before_list: bool) -> bool {
    let rest = &text[i..];
    if rest.starts_with('参') {
        return before_list && is_references_heading(rest);
    }
    let Some((field, len)) = label_match(rest) else {
        return false;
    };
    let closed = rest[..len].contains([':', '：', ']', '］', '】']);
    let latin = matches!(
        field,
        Field::EnglishAbstract | Field::EnglishKeywords | Field::Doi
    );
    let after_word = text[..i]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_ascii_alphanumeric());
    closed && is_front(field) && !(latin && after_word)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str) -> Item {
        Item::Line(Line {
            text: text.into(),
            width: 20.0,
            offset: 0,
        })
    }

    /// A one-rendering reading of these lines, each 20 units wide.
    fn reading_of(lines: &[&str]) -> Reading {
        Reading {
            items: lines.iter().map(|t| line(t)).collect(),
            body_width: 20.0,
            half_width_punct: false,
        }
    }

    fn texts(items: &[Item]) -> Vec<&str> {
        items
            .iter()
            .filter_map(|it| it.line().map(|l| l.text.as_str()))
            .collect()
    }

    #[test]
    fn the_reference_list_leaves_the_running_text() {
        let mut reading = reading_of(&[
            "正文的最后一段到此结束。",
            "参考文献：",
            "[1]张三.某书[M].北京：",
            "某出版社，2019.",
            "[2]李四.某文[J].某刊，2020（1）：1-9.",
        ]);
        let matter = take(&mut reading);
        assert_eq!(
            texts(&reading.items),
            ["正文的最后一段到此结束。", "参考文献："]
        );
        assert_eq!(
            matter.references,
            [
                "[1]张三.某书[M].北京：某出版社，2019.",
                "[2]李四.某文[J].某刊，2020（1）：1-9."
            ]
        );
    }

    #[test]
    fn a_list_continued_from_the_page_before_leaves_the_running_text() {
        let mut reading = reading_of(&[
            "某出版社，2019.",
            "[7]张三.某书[M].北京：某出版社，2019.",
            "[8]李四.某文[J].某刊，2020（1）：1-9.",
            "[9]王五.某文[J].某刊，2021（2）：",
            "10-19.",
        ]);
        let matter = take(&mut reading);
        assert!(reading.items.is_empty());
        assert_eq!(matter.references.len(), 4);
        assert_eq!(
            matter.references[3],
            "[9]王五.某文[J].某刊，2021（2）：10-19."
        );
        // A column's notes inside the list stay for the blocks stage; the list resumes.
        let mut reading = reading_of(&[
            "参考文献：",
            "[1]张三.某书[M].北京：某出版社，2019.",
            "①数据来源于统计年鉴。",
            "[2]李四.某文[J].某刊，2020（1）：1-9.",
        ]);
        let matter = take(&mut reading);
        assert_eq!(
            texts(&reading.items),
            ["参考文献：", "①数据来源于统计年鉴。"]
        );
        assert_eq!(matter.references.len(), 2);
        // Two entries are no list: a sentence may open with a bracketed number.
        let mut reading = Reading {
            items: vec![line("[7]一句话。"), line("[8]又一句话。"), line("正文。")],
            body_width: 20.0,
            half_width_punct: false,
        };
        let before = reading.items.clone();
        take(&mut reading);
        assert_eq!(reading.items, before);
    }

    #[test]
    fn a_page_without_labels_keeps_its_lines() {
        let mut reading = reading_of(&["1引言", "摘要显示了研究的重点，", "正文。"]);
        let before = reading.items.clone();
        let matter = take(&mut reading);
        assert_eq!(reading.items, before);
        assert!(matter.metadata.is_empty() && matter.references.is_empty());
    }

    #[test]
    fn labels_run_together_on_a_line_are_cut_apart() {
        let items =
            split_at_inline_labels(vec![line("关键词：甲；乙中图分类号：C35.8文献标识码：A")]);
        assert_eq!(
            texts(&items),
            ["关键词：甲；乙", "中图分类号：C35.8", "文献标识码：A"]
        );
        let items = split_at_inline_labels(vec![
            line("CHEN Jun Abstract: From"),
            line("capacity参考文献："),
            line("[1]张三.某书[M]."),
            line("results; data一、现实困境"),
        ]);
        assert_eq!(
            texts(&items),
            [
                "CHEN Jun",
                "Abstract: From",
                "capacity",
                "参考文献：",
                "[1]张三.某书[M].",
                "results; data",
                "一、现实困境"
            ]
        );
        // Without a list under it, `参考文献` ending a line is running text.
        let items = split_at_inline_labels(vec![line("详见参考文献"), line("正文。")]);
        assert_eq!(texts(&items), ["详见参考文献", "正文。"]);
        let items = rejoin_cut_labels(vec![line("（某大学，北京100000）摘"), line("要：本文")]);
        assert_eq!(texts(&items), ["（某大学，北京100000）", "摘要：本文"]);
    }
}
