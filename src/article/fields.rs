//! Field values: what a labelled line of front matter holds once its label, brackets and
//! separators are taken off (they are recorded in `removed` as `field_label`, so nothing
//! printed is lost), and the title block above the abstract.

use super::labels::{label_match, Field};
use super::lines::join_texts;
use super::lines::Printed;
use crate::model::Footnote;
use crate::model::{Metadata, Removal, RemovalKind};
use ocrclean_text::space::join_spaces;
use regex::Regex;
use std::sync::OnceLock;

/// What `sort` found: the fields, and the lines left for tables and paragraphs.
#[derive(Debug, Default)]
pub struct Sorted {
    pub metadata: Metadata,
    pub references: Vec<String>,
    pub footnotes: Vec<Footnote>,
    pub body: Vec<Printed>,
    /// Labels, brackets and separators printed around field values.
    pub removed: Vec<Removal>,
}

/// Labels that share a line with others (`中图分类号：G64 文献标识码：A 文章编号：…`).
fn inline_label_rule() -> &'static Regex {
    static RULE: OnceLock<Regex> = OnceLock::new();
    RULE.get_or_init(|| {
        Regex::new(r"[\[［【]?(?:中图(?:法)?分类号|文献标[识志]码|文章编号|(?i:doi)|收稿日期|修回日期|收稿时间|网络出版时间)[\]］】]?\s*[:：]")
            .expect("valid inline label rule")
    })
}

fn label(sorted: &mut Sorted, text: &str) {
    let t = text.trim();
    if !t.is_empty() {
        sorted
            .removed
            .push(Removal::new(RemovalKind::FieldLabel, t).by_rule("front_matter_label"));
    }
}

/// Stores a labelled field: `text` is its printed lines joined (spaces settled), `raw` the
/// same lines as printed (keywords are separated by spaces there).
pub fn store(field: Field, text: &str, raw: &str, sorted: &mut Sorted) {
    let Some((_, len)) = label_match(text) else {
        return set(field, text.trim().to_string(), sorted);
    };
    label(sorted, &text[..len]);
    let value = &text[len..];
    if field == Field::Keywords {
        let raw_value = label_match(raw.trim()).map_or(raw, |(_, n)| &raw.trim()[n..]);
        return keywords(raw_value, sorted);
    }
    if matches!(
        field,
        Field::Clc | Field::DocumentCode | Field::ArticleId | Field::Doi | Field::Received
    ) {
        // Another label later on the line starts another field.
        if let Some(m) = inline_label_rule()
            .find_at(value, 0)
            .filter(|m| m.start() > 0)
        {
            set(field, value[..m.start()].trim().to_string(), sorted);
            let rest = &value[m.start()..];
            if let Some((next, _)) = label_match(rest) {
                return store(next, rest, rest, sorted);
            }
            return set(field, rest.trim().to_string(), sorted);
        }
    }
    set(field, value.trim().to_string(), sorted);
}

fn keywords(raw: &str, sorted: &mut Sorted) {
    let punctuated = raw.contains(['；', ';', '，', ',', '、']);
    let mut word = String::new();
    let flush = |word: &mut String, sorted: &mut Sorted| {
        let w = join_spaces(word.trim()).0;
        if !w.is_empty() {
            sorted.metadata.keywords.push(w);
        }
        word.clear();
    };
    for c in raw.chars() {
        let separator = if punctuated {
            "；;，,、".contains(c) || c == '\n' && word.ends_with(['；', ';'])
        } else {
            // Without punctuation, keywords are set apart by a run of spaces (or one
            // space between Chinese words, which has no other reason to be there).
            c.is_whitespace()
        };
        if separator {
            flush(&mut word, sorted);
            if !c.is_whitespace() {
                label(sorted, &c.to_string());
            }
            continue;
        }
        word.push(c);
    }
    flush(&mut word, sorted);
}

fn set(field: Field, value: String, sorted: &mut Sorted) {
    if value.is_empty() {
        return;
    }
    let m = &mut sorted.metadata;
    let slot = match field {
        Field::Abstract => &mut m.abstract_,
        Field::Keywords => {
            m.keywords.push(value);
            return;
        }
        Field::Clc => &mut m.clc,
        Field::DocumentCode => &mut m.document_code,
        Field::ArticleId => &mut m.article_id,
        Field::Doi => &mut m.doi,
        Field::Received if m.received.is_some() => &mut m.revised,
        Field::Received => &mut m.received,
        Field::Fund => &mut m.fund,
        Field::AuthorNotes => &mut m.author_notes,
        Field::Citation => &mut m.citation,
        Field::EnglishAbstract => &mut m.english_abstract,
        Field::EnglishKeywords => &mut m.english_keywords,
    };
    match slot {
        // An English abstract a page's foot cut runs on as its lines do.
        Some(existing) if field == Field::EnglishAbstract => {
            super::lines::join_dehyphenated(existing, &value, &mut sorted.removed)
        }
        Some(existing) => {
            existing.push(' ');
            existing.push_str(&value);
        }
        None => *slot = Some(value),
    }
    if field == Field::Fund {
        m.fund_copied = false;
    }
}

/// A starred footnote that is the fund note: `metadata.fund` holds a copy of its text.
pub fn copy_fund(metadata: &mut Metadata, note: &str) {
    let fund = ["本文系", "本文为", "基金", "项目", "资助"]
        .iter()
        .any(|w| note.contains(w));
    if fund && metadata.fund.is_none() {
        metadata.fund = Some(note.to_string());
        metadata.fund_copied = true;
    }
}

/// Title, authors and affiliations from the first page's lines before its abstract.
/// Returns the lines that are none of them (they go back to the body).
pub fn front_block(lines: Vec<Printed>, sorted: &mut Sorted) -> Vec<Printed> {
    let mut rest = Vec::new();
    let mut title: Vec<&str> = Vec::new();
    let mut authors: Vec<String> = Vec::new();
    let mut affiliations: Vec<&str> = Vec::new();
    let mut english: Vec<&Printed> = Vec::new();
    let mut in_affiliation = false;
    for line in &lines {
        let text = line.text.as_str();
        let latin = text.chars().filter(|c| c.is_ascii_alphabetic()).count();
        let cjk = text
            .chars()
            .filter(|&c| ocrclean_text::is_ideograph(c))
            .count();
        if in_affiliation || text.starts_with(['（', '(']) {
            affiliations.push(text);
            in_affiliation = !text.ends_with(['）', ')']);
        } else if latin > cjk * 2 {
            english.push(line);
        } else if title.is_empty()
            || (authors.is_empty() && !looks_like_authors(&line.raw) && title.len() < 2)
        {
            title.push(text);
        } else if affiliations.is_empty() && looks_like_authors(&line.raw) {
            // Names set apart by punctuation keep their settled text (an OCR engine's
            // word gaps fall inside names too); names set apart by spaces or marks keep
            // one space where the line had any.
            let punctuated = text.chars().any(|c| "，,、".contains(c));
            let marked = text
                .chars()
                .any(|c| c == '*' || c.is_ascii_digit() || "¹²³⁴⁵⁶⁷⁸⁹".contains(c));
            authors.push(if punctuated {
                text.to_string()
            } else if marked {
                space_after_marks(text)
            } else {
                line.raw.split_whitespace().collect::<Vec<_>>().join(" ")
            });
        } else {
            rest.push(line.clone());
        }
    }
    let m = &mut sorted.metadata;
    m.title = (!title.is_empty()).then(|| join_texts(&title));
    m.authors = (!authors.is_empty()).then(|| authors.join(" "));
    if !affiliations.is_empty() {
        let joined = join_texts(&affiliations);
        let inner = joined
            .strip_prefix(['（', '('])
            .map(|s| s.strip_suffix(['）', ')']).unwrap_or(s));
        match inner {
            Some(inner) => {
                let (open, close) = (
                    joined.chars().next().unwrap_or_default(),
                    joined
                        .chars()
                        .next_back()
                        .filter(|c| matches!(c, '）' | ')')),
                );
                sorted.metadata.affiliations = Some(inner.trim().to_string());
                let brackets: String = std::iter::once(open).chain(close).collect();
                label(sorted, &brackets);
            }
            None => sorted.metadata.affiliations = Some(joined),
        }
    }
    if !english.is_empty() {
        english_block(&english.into_iter().cloned().collect::<Vec<_>>(), sorted);
    }
    rest
}

/// A field's value added to what it holds: after a space when it holds some (a block a
/// page's foot cut in two is read in two parts), else set.
pub(crate) fn append_to(slot: &mut Option<String>, value: Option<String>) {
    match (slot.as_mut(), value) {
        (Some(existing), Some(more)) => {
            existing.push(' ');
            existing.push_str(&more);
        }
        (None, value) => *slot = value,
        _ => {}
    }
}

/// The English title block: title lines, then authors (`HUANG Sunyang, YANG Lijie`),
/// then affiliations in brackets.
pub fn english_block(lines: &[Printed], sorted: &mut Sorted) {
    let mut title: Vec<&str> = Vec::new();
    let mut authors: Vec<&str> = Vec::new();
    let mut affiliations: Vec<&str> = Vec::new();
    // A block the page's foot cut in two: its title was read before.
    let titled = sorted.metadata.english_title.is_some();
    for (k, line) in lines.iter().enumerate() {
        let text = line.raw.as_str();
        // A lone `LI Zhaotao` could be a title's last words (`ICT Policy`) but for where
        // it stands: last before the abstract, or above the affiliations.
        let lone_name = surname_first(text)
            && lines
                .get(k + 1)
                .is_none_or(|n| n.raw.starts_with(['(', '（']));
        if !affiliations.is_empty() || text.starts_with(['(', '（']) {
            affiliations.push(text);
        } else if (titled || !title.is_empty())
            && (looks_like_latin_names(text) || lone_name || !authors.is_empty())
        {
            authors.push(text);
        } else {
            title.push(text);
        }
    }
    // Lines join as running text does: a word a line end broke is one word again.
    let mut hyphens = Vec::new();
    let mut join = |parts: &[&str]| {
        (!parts.is_empty()).then(|| {
            let mut text = String::new();
            for part in parts {
                super::lines::join_dehyphenated(&mut text, &join_spaces(part).0, &mut hyphens);
            }
            text
        })
    };
    let (title, authors, affiliations) = (join(&title), join(&authors), join(&affiliations));
    sorted.removed.append(&mut hyphens);
    let m = &mut sorted.metadata;
    for (slot, value) in [
        (&mut m.english_title, title),
        (&mut m.english_authors, authors),
        (&mut m.english_affiliations, affiliations),
    ] {
        append_to(slot, value);
    }
}

/// Latin author names: surnames in capitals (`HUANG Sunyang`), or names separated by
/// commas with digits for affiliations.
fn looks_like_latin_names(text: &str) -> bool {
    let capital_words = text
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 2 && w.chars().all(|c| c.is_ascii_uppercase()))
        .count();
    capital_words >= 1 && (text.contains(',') || capital_words >= 2)
}

/// One name printed surname first in capitals: `LI Zhaotao`, `OUYANG Xiao-ming`.
fn surname_first(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    let capitalised = |w: &str| {
        let mut c = w.chars();
        c.next().is_some_and(|f| f.is_ascii_uppercase())
            && c.all(|c| c.is_ascii_lowercase() || c == '-')
    };
    matches!(words.as_slice(), [surname, given]
        if surname.len() >= 2
            && surname.chars().all(|c| c.is_ascii_uppercase())
            && capitalised(given))
}

/// Names set apart only by their affiliation marks (`高娟1*欧阳晓宇2`): a space after
/// each mark, so the names read apart (spaces are layout; nothing is added to the text).
fn space_after_marks(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c);
        let mark = c == '*' || c.is_ascii_digit() || "¹²³⁴⁵⁶⁷⁸⁹".contains(c);
        if mark
            && chars
                .peek()
                .is_some_and(|&n| ocrclean_text::is_ideograph(n))
        {
            out.push(' ');
        }
    }
    out
}

/// An author line: Chinese names (two to four characters each) set apart by commas,
/// spaces or affiliation marks (`高娟1*欧阳晓宇2`, `马萌  马霞峰`), read on the line as
/// printed (`raw`), where spaces still separate names.
pub fn looks_like_authors(raw: &str) -> bool {
    let separator =
        |c: char| "，,、*；;".contains(c) || c.is_ascii_digit() || "¹²³⁴⁵⁶⁷⁸⁹".contains(c);
    let pieces = name_lengths(raw, |c| separator(c) || c.is_whitespace());
    let names_only = raw
        .chars()
        .all(|c| ocrclean_text::is_ideograph(c) || c.is_whitespace() || c == '·' || separator(c));
    let ocr_gapped = pieces.iter().all(|&n| n <= 2);
    // Names an OCR engine spaced apart inside (`梁军琳 1* 、刘 军 2、 林 悦 涛 3`): the
    // names are what the marks and separators leave, spaces inside them aside.
    let marked = name_lengths(raw, separator);
    let marked_names = marked.len() >= 2 && marked.iter().all(|&n| (2..=4).contains(&n));
    !pieces.is_empty()
        && names_only
        && (pieces.iter().all(|&n| (2..=4).contains(&n))
            || (ocr_gapped && pieces.len() >= 2)
            || marked_names)
}

/// The number of ideographs in each piece of `raw` between separators, empty pieces
/// left out.
fn name_lengths(raw: &str, separator: impl Fn(char) -> bool) -> Vec<usize> {
    raw.split(separator)
        .map(|p| {
            p.chars()
                .filter(|&c| ocrclean_text::is_ideograph(c))
                .count()
        })
        .filter(|&n| n > 0)
        .collect()
}

/// Journal name, year and issue from the journal header and running heads
/// (`高等教育研究 2019年第3期`, `2016年第6期 区域经济评论`). These fields are copies of
/// furniture that stays in `removed`.
pub fn journal_info(metadata: &mut Metadata, furniture: &[Removal]) {
    static RULES: OnceLock<[Regex; 4]> = OnceLock::new();
    let rules = RULES.get_or_init(|| {
        [
            Regex::new(r"(?P<j>\p{Han}{2,20})\s*[·•]?\s*(?P<y>(?:19|20)\d{2})\s*年\s*第\s*(?P<i>\d{1,2})\s*期")
                .expect("valid journal rule"),
            Regex::new(r"(?P<y>(?:19|20)\d{2})\s*年\s*第\s*(?P<i>\d{1,2})\s*期\s*[·•/]?\s*(?P<j>\p{Han}{2,20})")
                .expect("valid journal rule"),
            // `第 33 卷第 7 期 现代管理评论 2008 年 7 月`
            Regex::new(r"第\s*\d{1,3}\s*卷\s*第\s*(?P<i>\d{1,2})\s*期\s*[·•/]?\s*(?P<j>\p{Han}{2,20})\s*(?P<y>(?:19|20)\d{2})\s*年")
                .expect("valid journal rule"),
            // `现代管理评论 2008 年 7 月 第 33 卷第 7 期`
            Regex::new(r"(?P<j>\p{Han}{2,20})\s*(?P<y>(?:19|20)\d{2})\s*年\s*\d{1,2}\s*月\s*第\s*\d{1,3}\s*卷\s*第\s*(?P<i>\d{1,2})\s*期")
                .expect("valid journal rule"),
        ]
    });
    let headers: Vec<&str> = furniture
        .iter()
        .filter(|r| r.kind == RemovalKind::JournalHeader)
        .map(|r| r.text.as_str())
        .collect();
    // A header an export cut in two at a wide gap (`第41卷第6期 系统科学与决策` /
    // `2017年6月`) is read whole too, after its pieces.
    let pairs: Vec<String> = headers.windows(2).map(|w| w.join(" ")).collect();
    let texts = headers
        .iter()
        .copied()
        .chain(pairs.iter().map(String::as_str))
        .chain(
            furniture
                .iter()
                .filter(|r| r.kind == RemovalKind::RunningHead)
                .map(|r| r.text.as_str()),
        );
    for text in texts {
        // An OCR engine's word gaps (`职业 技术 教育 研究 2017 年`) go first, or the
        // journal would be the last word before the year.
        let text = ocrclean_text::space::join_spaces(text).0;
        if let Some(c) = rules.iter().find_map(|r| r.captures(&text)) {
            metadata.journal = Some(c["j"].to_string());
            metadata.year = Some(c["y"].to_string());
            metadata.issue = Some(c["i"].to_string());
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_come_off_and_stay_accounted() {
        let mut s = Sorted::default();
        store(
            Field::Clc,
            "中图分类号：O224文献标志码：A文章编号：2849-7458(2016)06-0088-07",
            "",
            &mut s,
        );
        assert_eq!(s.metadata.clc.as_deref(), Some("O224"));
        assert_eq!(s.metadata.document_code.as_deref(), Some("A"));
        assert_eq!(
            s.metadata.article_id.as_deref(),
            Some("2849-7458(2016)06-0088-07")
        );
        assert_eq!(s.removed.len(), 3);
    }

    #[test]
    fn keywords_split_at_their_separators() {
        let mut s = Sorted::default();
        store(
            Field::Keywords,
            "关键词：绩效科研团队",
            "关 键 词：绩效  科研团队",
            &mut s,
        );
        assert_eq!(s.metadata.keywords, ["绩效", "科研团队"]);
        let mut s = Sorted::default();
        store(
            Field::Keywords,
            "[关键词]变量;Logit;人才培养",
            "[关键词]变量;Logit;人才培养",
            &mut s,
        );
        assert_eq!(s.metadata.keywords, ["变量", "Logit", "人才培养"]);
    }

    #[test]
    fn author_lines_and_titles() {
        assert!(looks_like_authors("朱艳  许萌婷  司马娜  黄杰浩"));
        assert!(looks_like_authors("高娟1*欧阳晓宇2谢雪敏3"));
        assert!(looks_like_authors("王 萌 1 ， 徐 艳 2"));
        assert!(looks_like_authors("梁军琳 1* 、刘 军 2、 林 悦 涛 3"));
        assert!(!looks_like_authors("机制与变量：基于39所高校的实证分析"));
        assert!(!looks_like_authors("乡村学校的课程改革研究"));
        assert_eq!(
            space_after_marks("高娟1*欧阳晓宇2谢雪敏3"),
            "高娟1* 欧阳晓宇2 谢雪敏3"
        );
    }

    #[test]
    fn journal_year_and_issue_from_a_head() {
        let mut m = Metadata::default();
        journal_info(
            &mut m,
            &[Removal::new(
                RemovalKind::RunningHead,
                "2016年第6期  区域经济评论",
            )],
        );
        assert_eq!(
            (m.journal.as_deref(), m.year.as_deref(), m.issue.as_deref()),
            (Some("区域经济评论"), Some("2016"), Some("6"))
        );
    }
}
