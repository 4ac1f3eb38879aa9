//! Labels of an article's parts: the labelled fields of front matter (`摘要：`,
//! `【关键词】`, `DOI:`) and the marks that start footnotes (`①`, `➀`, `*`, `¹`).

use ocrclean_text::class::is_footnote_mark;
use regex::Regex;
use std::sync::OnceLock;

/// The labelled fields of front matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Abstract,
    Keywords,
    Clc,
    DocumentCode,
    ArticleId,
    Doi,
    Received,
    Fund,
    AuthorNotes,
    Citation,
    EnglishAbstract,
    EnglishKeywords,
}

impl Field {
    /// Whether the field runs on over the lines after its label.
    pub fn runs_on(self) -> bool {
        matches!(
            self,
            Field::Abstract
                | Field::Keywords
                | Field::Fund
                | Field::AuthorNotes
                | Field::Citation
                | Field::EnglishAbstract
                | Field::EnglishKeywords
        )
    }
}

/// Label patterns, tried at every label position of a line (start, or after a space).
fn label_rules() -> &'static [(Regex, Field)] {
    static RULES: OnceLock<Vec<(Regex, Field)>> = OnceLock::new();
    RULES.get_or_init(|| {
        let open = r"^[\[［【〔（(]?";
        let close = r"[\]］】〕）)]?\s*[:：]?\s*";
        let rule = |label: &str, field| {
            (
                Regex::new(&format!("{open}(?:{label}){close}")).expect("valid label rule"),
                field,
            )
        };
        vec![
            rule(r"摘\s*要|内容提要|提\s*要", Field::Abstract),
            rule(r"关\s*键\s*[词字]", Field::Keywords),
            rule(r"中图(?:法)?分类号|分类号", Field::Clc),
            rule(r"文献标[识志]码", Field::DocumentCode),
            rule(r"文章编号", Field::ArticleId),
            rule(r"(?i:doi)", Field::Doi),
            rule(r"收稿日期|修回日期|收稿时间", Field::Received),
            rule(r"基金项目|项目基金|资助项目", Field::Fund),
            rule(r"作者简介|通[信讯]作者", Field::AuthorNotes),
            rule(r"引用格式|引文格式|本文引用格式", Field::Citation),
            rule(r"(?i:abstract)", Field::EnglishAbstract),
            rule(r"(?i:key\s*words?)", Field::EnglishKeywords),
        ]
    })
}

/// The field a line opens with, if it starts with a label followed by text or a colon.
pub fn label_of(text: &str) -> Option<Field> {
    label_match(text).map(|(field, _)| field)
}

/// The field a line opens with and the length of its label (brackets, colon and the
/// space after it included).
pub fn label_match(text: &str) -> Option<(Field, usize)> {
    // Every label opens with one of these (after its bracket): most lines are ruled out
    // before the rules run.
    let first = text
        .trim_start_matches(['[', '［', '【', '〔', '（', '('])
        .chars()
        .next()?;
    if !"摘内提关中分文收修基项资作通引本DdAaKk".contains(first) {
        return None;
    }
    label_rules().iter().find_map(|(rule, field)| {
        let m = rule.find(text)?;
        let rest = &text[m.end()..];
        let colon = m.as_str().contains([':', '：', ']', '］', '】', '〕']);
        // `摘要` alone on its line is a label; `摘要显示…` is not, nor `Abstracts of…`.
        let plausible = colon || rest.is_empty();
        let latin_field = matches!(
            field,
            Field::EnglishAbstract | Field::EnglishKeywords | Field::Doi
        );
        (plausible || (!latin_field && rest.starts_with(char::is_whitespace)))
            .then_some((*field, m.end()))
    })
}

/// A character that marks a footnote: a circled number in any of its Unicode forms or a
/// superscript digit.
pub fn is_mark_char(c: char) -> bool {
    matches!(c, '¹' | '²' | '³' | '⁰'..='⁹') || is_footnote_mark(c)
}

/// The footnote mark a line starts with: circled numbers, `*`, superscript digits, the
/// replacement character a font without a ToUnicode map leaves.
pub fn footnote_mark(text: &str) -> Option<&str> {
    let first = text.chars().next()?;
    let mark_len =
        if is_footnote_mark(first) || matches!(first, '*' | '＊' | '\u{FFFD}' | '\u{FFFF}') {
            first.len_utf8()
        } else if first == '@' {
            // Tesseract reads a circled mark as `@` or `@@`; before CJK text nothing else
            // prints it (an address has Latin around it).
            let len = text.chars().take_while(|&c| c == '@').count().min(2);
            if !text[len..]
                .trim_start()
                .starts_with(ocrclean_text::is_ideograph)
            {
                return None;
            }
            len
        } else {
            let len: usize = text
                .chars()
                .take_while(|c| matches!(c, '¹' | '²' | '³' | '⁰'..='⁹'))
                .map(char::len_utf8)
                .sum();
            if len == 0 {
                return None;
            }
            len
        };
    let rest = text[mark_len..].trim_start();
    (rest.chars().count() >= 2).then_some(&text[..mark_len])
}

/// The reference list's heading.
fn references_rule() -> &'static Regex {
    static RULE: OnceLock<Regex> = OnceLock::new();
    RULE.get_or_init(|| {
        Regex::new(
            r"^[\[【]?\s*(?:主要)?参\s*考\s*文\s*献\s*[\]】]?\s*[:：]?$|^(?i:references)\s*[:：]?$",
        )
        .expect("valid references rule")
    })
}

/// Whether a line is the reference list's heading (`参考文献：`, `[参考文献]`, `References`).
pub(crate) fn is_references_heading(text: &str) -> bool {
    references_rule().is_match(text.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn footnote_marks_in_the_forms_engines_print() {
        assert_eq!(footnote_mark("①脚注的内容"), Some("①"));
        assert_eq!(footnote_mark("➀脚注的内容"), Some("➀"));
        assert_eq!(footnote_mark("³脚注的内容"), Some("³"));
        // Tesseract's reading of a circled mark.
        assert_eq!(footnote_mark("@@限于篇幅，过程未列出"), Some("@@"));
        assert_eq!(footnote_mark("@ 限于篇幅"), Some("@"));
        assert_eq!(footnote_mark("@example.com 写信"), None);
        assert_eq!(footnote_mark("正文"), None);
    }
}
