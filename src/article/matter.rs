//! Front matter, first-page notes, footnotes and references: the parts of an article
//! that are not its running text, sorted out of the printed lines into their fields.
//!
//! - **Labelled fields** (`摘要：`, `关键词：`, `中图分类号：`, `文献标识码：`, `文章编号：`,
//!   `DOI：`, `收稿日期：`, `基金项目：`, `作者简介：`, `引用格式：`, `Abstract:`,
//!   `Key words:`), in any bracket style (`[摘要]`, `【关键词】`), take their line and,
//!   for the long ones, the lines after it until the next label, a heading or the end of
//!   the text block. Several fields on one line (`中图分类号：… 文献标识码：A`) are cut apart.
//! - **Title, authors, affiliations**: the lines of the first page before its first label,
//!   when the page has labels at all (a page without is not an article's first page).
//! - **Footnotes**: a short run at the foot of a page that starts with a footnote mark
//!   (`①`, `➀`, `*`, superscript digits, a replacement character where the font mapped
//!   nothing). A mark alone does not make what follows a footnote: the run must reach the
//!   page's end and stay short. On a two-column page read column by column the left
//!   column's notes stand before the right column's text: a short run of closed entries
//!   inside the page is taken when it interrupts a sentence or is set in the notes'
//!   smaller type (wider in characters than the text lines above it).
//! - **References**: everything after a `参考文献` heading, one entry per `[N]`, apart from
//!   labelled fields (`作者简介`) and an English abstract printed after them.

use super::feet::{foot_zones, note_field, Foot};
use super::fields::{self, Sorted};
pub(crate) use super::labels::is_references_heading;
use super::labels::{footnote_mark, label_of, Field};
use super::lines::{ends_sentence, join_dehyphenated, join_onto, Printed};
use crate::model::{Footnote, LayoutKind};
use ocrclean_text::markers::is_note_start;
use regex::Regex;
use std::sync::OnceLock;

/// The start of a reference entry: `[1]`, `［1］`, `1.`, `(1)`.
fn entry_rule() -> &'static Regex {
    static RULE: OnceLock<Regex> = OnceLock::new();
    RULE.get_or_init(|| {
        Regex::new(r"^(?:[\[［]\s*\d{1,3}\s*[\]］]|\d{1,3}\s*[.．、]\s*\S|[(（]\d{1,3}[)）])")
            .expect("valid reference-entry rule")
    })
}

/// Most lines of a table (caption to note) looked through for an English abstract's rest.
const TABLE_LINES: usize = 80;

/// Sorts an article's printed lines into front matter, footnotes, references and body.
pub fn sort(lines: Vec<Printed>, kind: LayoutKind) -> Sorted {
    let lines = rejoin_split_labels(lines);
    let mut sorted = Sorted::default();
    // The first page's front block runs to its abstract or keywords, when it has one.
    let front_end = lines
        .iter()
        .take_while(|l| l.page == 0)
        .position(|l| {
            matches!(
                label_of(&l.text),
                Some(Field::Abstract | Field::Keywords | Field::EnglishAbstract)
            )
        })
        .filter(|&n| n <= FRONT_LINES);
    let references_at = lines.iter().position(|l| is_references_heading(&l.text));
    let foot = foot_zones(&lines, kind);
    let mut before_labels = Vec::new();
    // The page of an English abstract left unfinished (no full stop) at its page's end.
    let mut english_open: Option<usize> = None;
    // Whether that abstract's last sentence is finished (its rest must then be sentences).
    let mut english_finished = false;
    let mut i = 0;
    while i < lines.len() {
        let line = &lines[i];
        if Some(i) == references_at {
            // The heading stays in the running text; the entries go to `references`.
            sorted.body.push(line.clone());
            i = take_references(&lines, i + 1, &foot, &mut sorted, kind);
            continue;
        }
        if foot[i] == Foot::Start {
            i = take_foot(&lines, i, &foot, &mut sorted);
            continue;
        }
        if let Some(field) = label_of(&line.text) {
            i = take_field(&lines, i, field, &foot, &mut sorted, kind);
            // An English abstract cut by the page's foot runs on at the next page's top,
            // after the first-page notes printed at that foot.
            // (One cut at a sentence's end runs on too: see `sentence_after` below.)
            if field == Field::EnglishAbstract {
                english_open = Some(line.page);
                english_finished = sorted
                    .metadata
                    .english_abstract
                    .as_deref()
                    .is_some_and(|a| a.trim_end().ends_with(['.', '。']));
            } else if note_field(&line.text).is_none() {
                english_open = None;
            }
            continue;
        }
        // A note set inside a flowed paragraph line at a page break (see `inline`); an
        // English abstract the break cut stays open past it.
        if kind == LayoutKind::TextFlow && line.continues && footnote_mark(&line.text).is_some() {
            push_footnote(&mut sorted, &line.text, line.page);
            i += 1;
            continue;
        }
        if let Some(page) = english_open.take() {
            // A table floated to the next page's top stands before the rest: it stays in
            // the running text, down to its note.
            let from = if line.page > page && is_table_caption(&line.text) {
                (i + 1..lines.len().min(i + TABLE_LINES))
                    .take_while(|&j| lines[j].page == line.page)
                    .find(|&j| is_note_start(&lines[j].text))
                    .map_or(i, |note| note + 1)
            } else {
                i
            };
            // The rest may be a word's end alone (`er.`): no ideograph is enough there.
            // An abstract the break cut at a sentence's end goes on with whole English
            // sentences: nothing else of a Chinese article is English prose there.
            let sentence_after = |t: &str| {
                is_latin_line(t)
                    && t.split_whitespace().count() >= 4
                    && t.trim_end().ends_with('.')
                    && t.trim_start().starts_with(|c: char| c.is_ascii_uppercase())
            };
            let rest_of_english = |t: &str| {
                label_of(t).is_none()
                    && if english_finished {
                        sentence_after(t)
                    } else {
                        is_latin_line(t)
                            || t.chars().filter(|c| c.is_ascii_alphabetic()).count() >= 2
                                && !t.chars().any(ocrclean_text::is_ideograph)
                    }
            };
            // (A flowed export prints the abstract as one line: the page of its rest is
            // not told reliably, and an unfinished one-line field runs on anyway.)
            let next_page = line.page > page || kind == LayoutKind::TextFlow;
            if next_page && from < lines.len() && rest_of_english(&lines[from].text) {
                sorted.body.extend_from_slice(&lines[i..from]);
                let end = (from + 1..lines.len())
                    .find(|&j| !is_latin_line(&lines[j].text) || label_of(&lines[j].text).is_some())
                    .unwrap_or(lines.len());
                take_lines(&lines[from..end], Field::EnglishAbstract, &mut sorted);
                i = end;
                continue;
            }
        }
        if front_end.is_some_and(|end| i < end) {
            before_labels.push(line.clone());
            i += 1;
            continue;
        }
        // (On the first page, or before an abstract printed at the article's end.)
        if sorted.metadata.english_abstract.is_none() && english_title_at(&lines, &foot, i) {
            // The English title block before the English abstract (a page's notes may
            // stand between them).
            let end = (i..lines.len())
                .find(|&j| {
                    label_of(&lines[j].text).is_some()
                        || foot[j] == Foot::Start
                        // (A flowed export's footnote has no foot zone.)
                        || footnote_mark(&lines[j].text).is_some()
                })
                .unwrap_or(lines.len());
            fields::english_block(&lines[i..end], &mut sorted);
            i = end;
            continue;
        }
        sorted.body.push(line.clone());
        i += 1;
    }
    // The first page's lines before its abstract: title, authors, affiliations; anything
    // that does not look like them goes back to the body.
    let rest = fields::front_block(before_labels, &mut sorted);
    if !rest.is_empty() {
        let mut body = rest;
        body.append(&mut sorted.body);
        sorted.body = body;
    }
    sorted
}

/// A label whose characters a text layer printed on two lines (`摘` / `要：本文…`, the
/// letter-spaced `摘　要` of the typesetting read as two text runs): the two lines are one
/// labelled line. Only a line of one ideograph that makes a label with the next line's
/// start, which is none alone.
fn rejoin_split_labels(lines: Vec<Printed>) -> Vec<Printed> {
    let mut out: Vec<Printed> = Vec::with_capacity(lines.len());
    for line in lines {
        if let Some(last) = out.last_mut() {
            let head = last.text.trim();
            let one = head.chars().count() == 1 && head.chars().all(ocrclean_text::is_ideograph);
            if one
                && last.page == line.page
                && label_of(&line.text).is_none()
                && label_of(&format!("{head}{}", line.text)).is_some()
            {
                let mut joined = Printed::new(format!("{head}{}", line.text), line.page);
                joined.raw = format!("{} {}", last.raw, line.raw);
                joined.indent = last.indent;
                *last = joined;
                continue;
            }
        }
        out.push(line);
    }
    out
}

/// Records a footnote printed on `page` as `text` (its mark first). A fund or author note
/// printed as a starred footnote also fills `metadata.fund`, as a copy (not counted twice).
fn push_footnote(sorted: &mut Sorted, text: &str, page: usize) {
    let mark = footnote_mark(text).unwrap_or_default();
    let mut note = Footnote::new(mark, text[mark.len()..].trim());
    note.page = Some(page);
    if matches!(mark, "*" | "＊") {
        fields::copy_fund(&mut sorted.metadata, &note.text);
    }
    sorted.footnotes.push(note);
}

/// Most lines a first page's title block can take before its abstract.
const FRONT_LINES: usize = 16;

/// A line mostly of Latin letters (an English title, names, an abstract's lines).
pub(crate) fn is_latin_line(text: &str) -> bool {
    let latin = text.chars().filter(|c| c.is_ascii_alphabetic()).count();
    let cjk = text
        .chars()
        .filter(|&c| ocrclean_text::is_ideograph(c))
        .count();
    latin >= 6 && latin > cjk * 3
}

/// Takes the note starting at page-foot line `i` (a footnote, or a first-page note with
/// its label) with the lines that continue it; returns the index after it.
fn take_foot(lines: &[Printed], i: usize, foot: &[Foot], sorted: &mut Sorted) -> usize {
    let end = (i + 1..lines.len())
        .find(|&j| foot[j] != Foot::More)
        .unwrap_or(lines.len());
    if let Some(field) = note_field(&lines[i].text) {
        take_lines(&lines[i..end], field, sorted);
    } else {
        // A footnote is running text: a word its line end broke with a hyphen is rejoined.
        let mut text = String::new();
        for l in &lines[i..end] {
            join_dehyphenated(&mut text, &l.text, &mut sorted.removed);
        }
        push_footnote(sorted, &text, lines[i].page);
    }
    end
}

fn take_references(
    lines: &[Printed],
    from: usize,
    foot: &[Foot],
    sorted: &mut Sorted,
    kind: LayoutKind,
) -> usize {
    let mut i = from;
    let mut last_entry = 0;
    while i < lines.len() {
        // The footnotes of a page the reference list runs through are footnotes.
        if foot[i] == Foot::Start {
            i = take_foot(lines, i, foot, sorted);
            continue;
        }
        let text = lines[i].text.as_str();
        if let Some(field) = label_of(text) {
            i = take_field(lines, i, field, foot, sorted, kind);
            continue;
        }
        // A flowed export has no foot zones: a note of the page the list runs through is
        // a line with a note's mark (no entry opens with one).
        if kind == LayoutKind::TextFlow && footnote_mark(text).is_some() {
            push_footnote(sorted, text, lines[i].page);
            i += 1;
            continue;
        }
        // The English title block of an abstract printed after the references.
        if english_title_at(lines, foot, i)
            && sorted
                .references
                .last()
                .is_none_or(|r| r.trim_end().ends_with(['.', '。']))
        {
            break;
        }
        if is_table_caption(text) {
            i = give_back_float(lines, i, last_entry + 1, foot, sorted);
            continue;
        }
        last_entry = entry_number(text).unwrap_or(last_entry);
        match sorted.references.last_mut() {
            Some(last) if !entry_rule().is_match(text) => {
                join_dehyphenated(last, text, &mut sorted.removed)
            }
            _ => sorted.references.push(text.to_string()),
        }
        i += 1;
    }
    i
}

/// Whether line `i` starts the English title block (title, authors, affiliations) that
/// an English abstract's label follows within a few lines.
/// The first page's notes (`foot`) may stand between the two.
fn english_title_at(lines: &[Printed], foot: &[Foot], i: usize) -> bool {
    if !is_latin_line(&lines[i].text) || entry_rule().is_match(&lines[i].text) {
        return false;
    }
    // Title, names and affiliations end with no full stop; a reference's last line does.
    // (A bounded look: a few notes, then a few lines.)
    let label = (i..lines.len())
        .take(12)
        .filter(|&j| foot[j] == Foot::Body)
        .take(6)
        .find(|&j| label_of(&lines[j].text) == Some(Field::EnglishAbstract));
    label.is_some_and(|end| {
        (i..end)
            .filter(|&j| foot[j] == Foot::Body)
            .all(|j| !lines[j].text.trim_end().ends_with('.'))
    })
}

/// Whether a line is a table's caption (`表 2 …`, `续表1`).
fn is_table_caption(text: &str) -> bool {
    text.starts_with(['表', '续']) && super::paragraphs::is_caption(text)
}

/// The number a reference entry starts with (`[12]` → 12); a decimal number (`3.25`, a
/// table's cell) is not an entry.
fn entry_number(text: &str) -> Option<usize> {
    static RULE: OnceLock<Regex> = OnceLock::new();
    let rule = RULE.get_or_init(|| {
        Regex::new(
            r"^(?:[\[［]\s*(\d{1,3})\s*[\]］]|(\d{1,3})\s*[.．、]\s*(\S)|[(（](\d{1,3})[)）])",
        )
        .expect("valid entry-number rule")
    });
    let caps = rule.captures(text)?;
    if caps
        .get(3)
        .is_some_and(|c| c.as_str().starts_with(|c: char| c.is_ascii_digit()))
    {
        return None;
    }
    [1, 2, 4]
        .into_iter()
        .find_map(|k| caps.get(k))
        .and_then(|m| m.as_str().parse().ok())
}

/// Whether a line starts a reference entry numbered `next` or later, also as an OCR
/// engine leaves the number (`3]Johnson`, a bracket lost).
fn starts_entry_from(text: &str, next: usize) -> bool {
    static RULE: OnceLock<Regex> = OnceLock::new();
    let rule = RULE.get_or_init(|| {
        Regex::new(r"^[\[［【(（]?\s*(\d{1,3})\s*[\]］】)）]").expect("valid loose entry rule")
    });
    let loose = rule.captures(text).and_then(|c| c[1].parse::<usize>().ok());
    entry_number(text).or(loose).is_some_and(|n| n >= next)
}

/// A table floated into the reference list (a page-top float on a page the list runs
/// through): its caption and its lines up to the end of its note, or up to the list's
/// next entry (numbered `next` or later), the next label, footnote or heading, go back
/// to the running text, where `tables` reads them. Returns the index after them.
fn give_back_float(
    lines: &[Printed],
    i: usize,
    next: usize,
    foot: &[Foot],
    sorted: &mut Sorted,
) -> usize {
    let mut end = i + 1;
    while end < lines.len() {
        let text = lines[end].text.as_str();
        if foot[end] == Foot::Start
            || starts_entry_from(text, next)
            || label_of(text).is_some()
            || is_references_heading(text)
            || is_table_caption(text)
        {
            break;
        }
        end += 1;
        if is_note_start(text) {
            let mut note = text.to_string();
            while !ends_sentence(&note)
                && end < lines.len()
                && !starts_entry_from(&lines[end].text, next)
            {
                join_onto(&mut note, &lines[end].text);
                end += 1;
            }
            break;
        }
    }
    sorted.body.extend_from_slice(&lines[i..end]);
    end
}

/// Takes a labelled field starting at line `i`; returns the index after it.
fn take_field(
    lines: &[Printed],
    i: usize,
    field: Field,
    foot: &[Foot],
    sorted: &mut Sorted,
    kind: LayoutKind,
) -> usize {
    let mut j = i + 1;
    // In a flowed export a field is its line: the next line is a paragraph.
    if field.runs_on() && kind != LayoutKind::TextFlow {
        while j < lines.len()
            && label_of(&lines[j].text).is_none()
            && foot[j] != Foot::Start
            && !is_references_heading(&lines[j].text)
            && !super::paragraphs::is_heading(&lines[j].text)
            && !ends_block(lines, j - 1)
            && !english_after_chinese(field, &lines[j - 1].text, &lines[j].text)
        {
            j += 1;
        }
    }
    // A flowed first-page note cut by the page break ends on the next page: a short line
    // finishing its sentence there (`作者简介：…江苏南京` / `人，教授，…研究。`): an author
    // note, whose sentence stops at an ideograph (dates and fund numbers end otherwise). A flowed
    // field is otherwise one whole line, and a flowed export marks no page break without
    // a watermark, so the unfinished sentence is what tells.
    if kind == LayoutKind::TextFlow
        && field == Field::AuthorNotes
        && lines[i]
            .text
            .trim_end()
            .ends_with(ocrclean_text::is_ideograph)
        && lines.get(j).is_some_and(|next| {
            next.text.chars().count() <= NOTE_REST
                && ends_sentence(&next.text)
                && label_of(&next.text).is_none()
                && !super::paragraphs::is_heading(&next.text)
        })
    {
        j += 1;
    }
    take_lines(&lines[i..j], field, sorted);
    j
}

/// Characters of a flowed note's rest on the next page, at most.
const NOTE_REST: usize = 60;

/// Whether a Latin line after a Chinese field's finished sentence starts something else
/// (the English title block after the author notes), not the field's next line.
fn english_after_chinese(field: Field, text: &str, next: &str) -> bool {
    !matches!(field, Field::EnglishAbstract | Field::EnglishKeywords)
        && !is_latin_line(text)
        && text.trim_end().ends_with(['。', '！', '？'])
        && is_latin_line(next)
}

/// Stores the field printed on `lines` (its label first).
fn take_lines(lines: &[Printed], field: Field, sorted: &mut Sorted) {
    let text: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
    let raw: Vec<&str> = lines.iter().map(|l| l.raw.as_str()).collect();
    let mut joined = String::new();
    for part in &text {
        join_dehyphenated(&mut joined, part, &mut sorted.removed);
    }
    fields::store(field, &joined, &raw.join("\n"), sorted);
}

/// Whether line `i` ends its block: a sentence end on a line shorter than the lines
/// around it, or a page change. The labelled lines after it are no measure of the
/// block's width (`中图分类号：… 文献标志码：… 文章编号：…` on one line is wider than
/// the body).
fn ends_block(lines: &[Printed], i: usize) -> bool {
    let line = &lines[i];
    // A closing quote ends a quoted name (`项目“…研究”` before its number), a sentence
    // only after a full stop inside it (`…。”`).
    let ends = ends_sentence(&line.text) && !closes_quoted_name(&line.text);
    if lines.get(i + 1).is_some_and(|n| n.page != line.page) && ends {
        return true;
    }
    let full = lines
        .iter()
        .enumerate()
        .skip(i.saturating_sub(3))
        .take(7)
        .filter(|&(k, l)| k <= i || label_of(&l.text).is_none())
        .map(|(_, l)| l.width)
        .max()
        .unwrap_or(0);
    ends && line.width + 4 <= full
}

/// Whether a line ends with a closing quote that closes a name, not a sentence: no full
/// stop, question or exclamation mark before it.
fn closes_quoted_name(text: &str) -> bool {
    let mut rev = text.trim_end().chars().rev();
    rev.next() == Some('”') && rev.next().is_some_and(|c| !"。！？!?.…".contains(c))
}

#[cfg(test)]
mod tests {
    use super::super::feet::ends_inside;
    use super::*;

    fn printed(page: usize, texts: &[&str]) -> Vec<Printed> {
        texts.iter().map(|t| Printed::new(*t, page)).collect()
    }

    #[test]
    fn labels_in_their_bracket_styles() {
        assert_eq!(label_of("摘要：本文研究"), Some(Field::Abstract));
        assert_eq!(label_of("[摘 要] 本文"), Some(Field::Abstract));
        assert_eq!(label_of("【关键词】 甲；乙"), Some(Field::Keywords));
        assert_eq!(label_of("［收稿日期］2016-03-18"), Some(Field::Received));
        assert_eq!(
            label_of("DOI:10.16580/j.abcd.2019.03.012"),
            Some(Field::Doi)
        );
        assert_eq!(
            label_of("Key words: energy; grid"),
            Some(Field::EnglishKeywords)
        );
        assert_eq!(label_of("摘要显示了研究的重点"), None);
        assert_eq!(label_of("Abstracts of papers"), None);
    }

    #[test]
    fn front_matter_goes_to_fields() {
        let mut lines = printed(
            0,
            &[
                "乡村学校的课程改革研究",
                "张三，李四",
                "（某大学 公共管理学院，北京 100000）",
                "摘要：本文讨论乡村学校的课程改革，",
                "并提出路径。",
                "关键词：课程改革；乡村教育",
                "中图分类号：D63 文献标识码：A",
                "一、引言",
                "正文从这里开始。",
            ],
        );
        lines.extend(printed(1, &["第二页正文。"]));
        let s = sort(lines, LayoutKind::TextLines);
        assert_eq!(s.metadata.title.as_deref(), Some("乡村学校的课程改革研究"));
        assert_eq!(s.metadata.authors.as_deref(), Some("张三，李四"));
        assert_eq!(
            s.metadata.abstract_.as_deref(),
            Some("本文讨论乡村学校的课程改革，并提出路径。")
        );
        assert_eq!(s.metadata.keywords, ["课程改革", "乡村教育"]);
        assert_eq!(s.metadata.clc.as_deref(), Some("D63"));
        assert_eq!(s.metadata.document_code.as_deref(), Some("A"));
        let body: Vec<&str> = s.body.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(body, ["一、引言", "正文从这里开始。", "第二页正文。"]);
    }

    #[test]
    fn an_english_abstract_runs_on_after_a_table_at_the_next_pages_top() {
        let mut lines = printed(
            0,
            &[
                "正文的最后一行在这里结束。①",
                "Abstract: Tests services policy implications eastern",
                "improves efficiency improves china services significantly",
                "①数据来源于统计年鉴。",
            ],
        );
        lines.extend(printed(
            1,
            &[
                "表1 回归结果",
                "变量 模型(1) 模型(2)",
                "组织能力 0.799* -0.798*",
                "注：括号内为标准误。",
                "of transformation results mechanism regions on western",
                "eastern that.",
                "Key words: results; transformation",
            ],
        ));
        let s = sort(lines, LayoutKind::TextLines);
        let english = s.metadata.english_abstract.as_deref().unwrap_or_default();
        assert!(english.ends_with("eastern that."), "{english}");
        let body: Vec<&str> = s.body.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            body,
            [
                "表1 回归结果",
                "变量 模型(1) 模型(2)",
                "组织能力 0.799* -0.798*",
                "注：括号内为标准误。",
            ]
        );
    }

    #[test]
    fn an_english_abstract_runs_on_past_the_first_page_notes() {
        let mut lines = printed(
            0,
            &[
                "Abstract: Quality education capacity learning of the",
                "university teachers in regions, suggesting governance high-",
                "收稿日期：2003年11月11日",
                "作者简介：林浩（1992—），男，湖北武汉人，讲师。",
            ],
        );
        // The rest of the last word alone at the next page's top.
        lines.extend(printed(
            1,
            &["er.", "Key words: digital; capacity", "正文。"],
        ));
        let s = sort(lines, LayoutKind::TextLines);
        let english = s.metadata.english_abstract.as_deref().unwrap_or_default();
        assert!(english.ends_with("governance higher."), "{english}");
        assert!(s.body.iter().all(|l| l.text != "er."));
    }

    #[test]
    fn an_english_abstract_cut_at_a_sentence_end_runs_on_with_whole_sentences() {
        let mut lines = printed(0, &["Abstract: Quality education in regions is studied."]);
        lines.extend(printed(
            1,
            &[
                "The results show governance of the university teachers.",
                "正文。",
            ],
        ));
        let s = sort(lines.clone(), LayoutKind::TextFlow);
        let english = s.metadata.english_abstract.as_deref().unwrap_or_default();
        assert!(english.ends_with("university teachers."), "{english}");
        // A word's end alone does not continue a finished abstract.
        lines[1].text = "er.".into();
        let s = sort(lines, LayoutKind::TextFlow);
        let english = s.metadata.english_abstract.as_deref().unwrap_or_default();
        assert!(english.ends_with("is studied."), "{english}");
        assert!(s.body.iter().any(|l| l.text == "er."));
    }

    #[test]
    fn a_flowed_author_note_cut_by_the_page_break_takes_its_rest() {
        let lines = printed(
            0,
            &[
                "作者简介：陈伟（1961—），女，江苏南京",
                "人，教授，博士，主要从事教学质量研究。",
                "收稿日期：2009年8月18日",
                "正文从这里开始。",
            ],
        );
        let s = sort(lines, LayoutKind::TextFlow);
        assert_eq!(
            s.metadata.author_notes.as_deref(),
            Some("陈伟（1961—），女，江苏南京人，教授，博士，主要从事教学质量研究。")
        );
        // A date's line is whole: the short sentence after it is the text's.
        assert!(s.body.iter().any(|l| l.text == "正文从这里开始。"));
    }

    #[test]
    fn a_chinese_field_ends_before_the_english_title() {
        let lines = printed(
            0,
            &[
                "[1]某某.一篇参考文献的题名[J].某刊,2001,3(2):1-9.",
                "作者简介：曹某（1977—），男，山东济南人，副教授，主要从事路径研究。",
                "Reform Efficiency Governance Regional Network Development",
                "Analysis Model",
                "CHEN Wangjie",
                "Abstract: Development model structure of the network.",
            ],
        );
        let s = sort(lines, LayoutKind::TextLines);
        let notes = s.metadata.author_notes.as_deref().unwrap_or_default();
        assert!(notes.ends_with("主要从事路径研究。"), "{notes}");
        assert!(s.metadata.english_title.is_some());
    }

    #[test]
    fn a_fund_runs_on_after_the_quoted_project_name() {
        // `pdftotext -raw` ends a line at the project name's closing quote; its number
        // on the next line is still the fund's.
        let lines = printed(
            0,
            &[
                "正文第一行写在这里，写得和版心一样宽，一直写到行末为止。",
                "正文第二行写在这里，写得和版心一样宽，一直写到行末为止。",
                "基金项目：国家社会科学基金一般项目“农村治理与",
                "公共服务协同机制研究”",
                "（18ZD171）",
                "作者简介：张三（1980—），男，教授。",
            ],
        );
        let s = sort(lines, LayoutKind::TextLines);
        assert_eq!(
            s.metadata.fund.as_deref(),
            Some("国家社会科学基金一般项目“农村治理与公共服务协同机制研究”（18ZD171）")
        );
        assert!(closes_quoted_name("机制研究”") && !closes_quoted_name("他说：“来了。”"));
    }

    #[test]
    fn a_label_printed_on_two_lines() {
        let lines = printed(
            0,
            &[
                "乡村学校的课程改革研究",
                "张三",
                "摘",
                "要：本文讨论课程改革。",
                "关键词：课程改革",
                "一、引言",
                "摘",
                "正文。",
            ],
        );
        let s = sort(lines, LayoutKind::TextLines);
        assert_eq!(s.metadata.abstract_.as_deref(), Some("本文讨论课程改革。"));
        let body: Vec<&str> = s.body.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(body, ["一、引言", "摘", "正文。"]);
    }

    #[test]
    fn a_footnote_is_a_short_run_at_the_page_foot() {
        // A mark that wrapped to a line start (`①，…`) is not a footnote.
        let mut lines = printed(0, &["正文第一行写到这里为止。", "①，正文继续写完。"]);
        lines.extend(printed(
            1,
            &[
                "正文第二页第一行写满了文字",
                "正文第二页写完。",
                "①脚注的内容在这里。",
            ],
        ));
        let s = sort(lines, LayoutKind::TextLines);
        assert_eq!(s.footnotes.len(), 1);
        assert_eq!(s.footnotes[0].text, "脚注的内容在这里。");
        assert_eq!(s.footnotes[0].page, Some(1));
        assert_eq!(s.body.len(), 4);
    }

    #[test]
    fn first_page_notes_in_fullwidth_brackets_end_before_the_footnote() {
        let mut lines = printed(
            0,
            &[
                "正文第一行写满了文字，样本中约有一半的地区属于这种情况①，写到",
                "这里为止并且继续写满了文字，写到这里为止并且继续写满了文字，写",
                "到这里为止。",
                "第二段正文写满了文字，写到这里为止并且继续写满了文字，写到这里",
                "为止并且继续写满了文字，写到这里为止并且继续写满了文字，写到这",
                "里为止并且继续写满了文字，写到这里为止并且继续写满了文字，写到",
                "这里为止。",
                "［收稿日期］2016-03-18",
                "［基金项目］中央高校基本科研业务费专项资金项目“某某问题与某某协同机制研究”",
                "（21YJC245）",
                "［作者简介］张三（1990—），男，湖南人，博士研究生。",
                "①限于篇幅，测算过程未在正文列出，备索。",
            ],
        );
        lines.extend(printed(1, &["第二页正文。"]));
        let s = sort(lines, LayoutKind::TextLines);
        assert_eq!(s.metadata.received.as_deref(), Some("2016-03-18"));
        assert_eq!(
            s.metadata.author_notes.as_deref(),
            Some("张三（1990—），男，湖南人，博士研究生。")
        );
        assert_eq!(s.footnotes.len(), 1, "{:?}", s.footnotes);
        assert_eq!(
            s.footnotes[0].text,
            "限于篇幅，测算过程未在正文列出，备索。"
        );
        assert_eq!(s.body.len(), 8, "{:?}", s.body);
    }

    #[test]
    fn a_left_column_foot_read_before_the_right_column_is_footnotes() {
        // Column by column: the left column's notes (smaller type, wider in characters)
        // interrupt a sentence that the right column's first line finishes.
        let lines = printed(
            0,
            &[
                "左栏正文写满了这一行的文字③，写到",
                "这里为止并且继续写满了这一行的文字④",
                "相比之下，湖南的就业质量由2012年的",
                "③这里的知识溢出是指组织能力与数字鸿沟的综合，详见附录4。",
                "④这里的利益相关者是指资源配置与制度环境的综合，详见附录",
                "1。",
                "上升到2019年的0.898，年均增长。",
                "右栏正文写满了这一行的文字，写到这",
                "里为止。",
            ],
        );
        let s = sort(lines, LayoutKind::TextLines);
        assert_eq!(s.footnotes.len(), 2, "{:?}", s.footnotes);
        assert_eq!(
            s.footnotes[1].text,
            "这里的利益相关者是指资源配置与制度环境的综合，详见附录1。"
        );
        let body: Vec<&str> = s.body.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(body[3], "上升到2019年的0.898，年均增长。");
    }

    #[test]
    fn a_note_interleaved_with_text_is_not_taken_with_it() {
        // Plain pdftotext mixing a column's note with the other column's text: the line
        // after the mark ends a sentence and runs on, so it is not the note's.
        let lines = printed(
            0,
            &[
                "左栏正文写满了这一行的文字①，写到",
                "这里为止并且继续写满了这一行的文字",
                "①参见某某：《某某问题的理论逻辑与实践进路》，载《农业经济",
                "答的问题。从实践看，在控制激励机制",
                "问题探索》2020年第7期。",
                "等变量之后，边际效应下降了很多。",
                "右栏正文写满了这一行的文字，写到这",
                "里为止。",
            ],
        );
        let s = sort(lines, LayoutKind::TextLines);
        assert!(s.footnotes.is_empty(), "{:?}", s.footnotes);
        assert_eq!(s.body.len(), 8);
        assert!(ends_inside("答的问题。从实践看") && !ends_inside("问题探索》2020年第7期。"));
    }

    #[test]
    fn a_list_led_by_circled_numbers_stays_in_the_text() {
        // Items of a list: the line above ends its sentence, the items are no wider than
        // the text, so nothing marks them as notes.
        let lines = printed(
            0,
            &[
                "本文的贡献有三个方面：①提出了新框架；",
                "②检验了机制；③讨论了政策含义。具体如下。",
                "①提出了新的分析框架，写满了一行。",
                "②检验了作用机制，写满了这一行。",
                "正文继续写满了这一行的文字，写到这",
                "里为止并且继续写满了这一行的文字，",
                "写到这里为止并且继续写满了这一行的",
                "文字，写到这里为止。",
            ],
        );
        let s = sort(lines, LayoutKind::TextLines);
        assert!(s.footnotes.is_empty(), "{:?}", s.footnotes);
        assert_eq!(s.body.len(), 8);
    }

    #[test]
    fn foot_notes_come_in_the_order_of_their_marks() {
        // OCR output: every mark counts as cited; `⑤` above `①` led a body line.
        let lines = printed(
            0,
            &[
                "正文第一行写满了文字，写到这里为止并且继续",
                "⑤采用软件对绩效进行分析。研究发现，教学质量在高校中检验了指",
                "①脚注一的内容在这里。",
                "②脚注二的内容在这里。",
            ],
        );
        let s = sort(lines, LayoutKind::OcrEngine);
        assert_eq!(s.footnotes.len(), 2, "{:?}", s.footnotes);
        assert_eq!(s.body.len(), 2);
    }

    #[test]
    fn references_one_entry_per_number() {
        let lines = printed(
            0,
            &[
                "结论在此。",
                "参考文献",
                "[1] 张三. 题名[J]. 刊名,",
                "2019, 3(2): 1-10.",
                "[2] Li S. A title[J].",
            ],
        );
        let s = sort(lines, LayoutKind::TextLines);
        assert_eq!(
            s.references,
            [
                "[1] 张三. 题名[J]. 刊名, 2019, 3(2): 1-10.",
                "[2] Li S. A title[J]."
            ]
        );
        assert_eq!(s.body.len(), 2);
    }

    #[test]
    fn an_english_title_block_after_the_references_is_no_reference() {
        let lines = printed(
            0,
            &[
                "参考文献",
                "[1]WANG Li. Regional Learning",
                "Policy[J]. Studies, 1998, 3(4): 7-9.",
                "Regional Learning and Policy",
                "Innovation in Higher Education",
                "LI Zhaotao",
                "Abstract: Model reform of the regional analy-",
                "sis in 9 regions.",
            ],
        );
        let s = sort(lines, LayoutKind::TextLines);
        assert_eq!(
            s.references,
            ["[1]WANG Li. Regional Learning Policy[J]. Studies, 1998, 3(4): 7-9."]
        );
        let m = &s.metadata;
        assert_eq!(
            m.english_title.as_deref(),
            Some("Regional Learning and Policy Innovation in Higher Education")
        );
        assert_eq!(m.english_authors.as_deref(), Some("LI Zhaotao"));
        // The hyphen a line end put in `analysis` goes, and is accounted for.
        assert_eq!(
            m.english_abstract.as_deref(),
            Some("Model reform of the regional analysis in 9 regions.")
        );
        assert!(s
            .removed
            .iter()
            .any(|r| r.rule.as_deref() == Some("line_end_hyphen")));
    }

    #[test]
    fn a_table_floated_into_the_references_goes_back_to_the_text() {
        let lines = printed(
            0,
            &[
                "结论在此。",
                "参考文献",
                "[1] 张三. 题名[J]. 刊名,",
                "2019, 3(2): 1-10.",
                "表 2 分组结果",
                "组别",
                "均值",
                "1",
                "3.25",
                "2",
                "4.10",
                "注：均值为样本均值。",
                "[2] Li S. A title[J].",
                "表 3 第二张表",
                "组别",
                "3]Wu K. A title[J].",
            ],
        );
        let s = sort(lines, LayoutKind::TextLines);
        // An entry number the OCR engine left without its bracket ends the float too.
        assert_eq!(s.references.len(), 2, "{:?}", s.references);
        assert!(s.references[1].ends_with("3]Wu K. A title[J]."));
        let body: Vec<&str> = s.body.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            body[2..],
            [
                "表 2 分组结果",
                "组别",
                "均值",
                "1",
                "3.25",
                "2",
                "4.10",
                "注：均值为样本均值。",
                "表 3 第二张表",
                "组别"
            ]
        );
        assert_eq!(
            (entry_number("[12]Li"), entry_number("3.25")),
            (Some(12), None)
        );
    }

    #[test]
    fn latin_lines_join_with_a_space() {
        assert_eq!(
            crate::article::lines::join_texts(&["Beijing,", "fly", "汉字", "续"]),
            "Beijing, fly汉字续"
        );
        assert_eq!(
            crate::article::lines::join_texts(&["占比69.", "1%，in 2019.", "The"]),
            "占比69.1%，in 2019. The"
        );
    }
}
