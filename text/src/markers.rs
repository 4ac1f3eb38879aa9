//! Recognisers of printed lines: table captions, table notes, footnote starts, sentence
//! ends. Each takes one line's clean text.

use crate::class::{is_footnote_mark, is_terminal};
use regex::Regex;
use std::sync::OnceLock;

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
/// use ocrclean_text::markers::caption_parts;
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
pub fn looks_like_note_start(text: &str) -> bool {
    static RULE: OnceLock<Regex> = OnceLock::new();
    let loose = RULE.get_or_init(|| {
        Regex::new(r"^[（(][^()（）:：\s]{1,6}[:：]").expect("loose note rule compiles")
    });
    is_note_start(text) || loose.is_match(text)
}

/// A caption names its table: no sentence punctuation, and not a sentence that refers
/// to a table (`表1所示`, `表2中的数据`), which a line can start with after a wrap.
pub fn is_plausible_caption(text: &str) -> bool {
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
    chars.next().is_some_and(is_footnote_mark) && chars.any(|c| !c.is_whitespace())
}

/// True when the line's text ends a sentence: with a terminal character, or with a
/// footnote marker right after one (`…战略。①`), also as the OCR misreads it (`…战略。0`).
///
/// ```
/// use ocrclean_text::markers::ends_sentence;
/// assert!(ends_sentence("结束。") && ends_sentence("结束。①") && ends_sentence("结束。0"));
/// assert!(ends_sentence("（注释。）") && !ends_sentence("（注释）"));
/// assert!(!ends_sentence("继续，") && !ends_sentence("2020"));
/// ```
pub fn ends_sentence(text: &str) -> bool {
    let mut rev = text
        .chars()
        .rev()
        .skip_while(|&c| is_footnote_mark(c))
        .peekable();
    rev.next_if(|&c| c == '0' && text.chars().rev().nth(1).is_some_and(is_terminal));
    // A sentence closed inside brackets ends there too: `（资料来源：统计年鉴。）`.
    let mut rev = rev.skip_while(|&c| matches!(c, ')' | '）'));
    rev.next().is_some_and(is_terminal)
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn sentence_ends_with_or_without_a_marker() {
        assert!(ends_sentence("发展战略。①"));
        assert!(ends_sentence("发展战略。0"));
        assert!(ends_sentence("探索中。"));
        assert!(!ends_sentence("2017年第10"));
        assert!(!ends_sentence("赋能为核"));
    }

    #[test]
    fn references_to_a_table_are_not_captions() {
        assert!(is_plausible_caption("表2 各地收入"));
        assert!(!is_plausible_caption("表2所示"));
        assert!(!is_plausible_caption("表2 收入，支出"));
    }
}
