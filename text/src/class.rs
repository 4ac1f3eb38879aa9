//! Character classes of Chinese running text.

/// True for the characters of Chinese running text: ideographs, CJK and full-width
/// punctuation, circled numbers and the typographic quotes and dashes set with them.
///
/// ```
/// use ocrclean_text::is_cjk;
/// assert!(is_cjk('字') && is_cjk('，') && is_cjk('①'));
/// assert!(!is_cjk('a') && !is_cjk(','));
/// ```
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FFF      // radicals
        | 0x3000..=0x303F    // CJK punctuation
        | 0x3040..=0x30FF    // kana
        | 0x3100..=0x312F    // bopomofo
        | 0x3400..=0x4DBF    // extension A
        | 0x4E00..=0x9FFF    // unified ideographs
        | 0xF900..=0xFAFF    // compatibility ideographs
        | 0xFE30..=0xFE4F    // compatibility forms
        | 0xFF00..=0xFFEF    // full-width forms
        | 0x20000..=0x3FFFF  // extensions B and on
        | 0x2460..=0x24FF    // circled numbers ①
        | 0x2010..=0x2027    // dashes, quotes, ellipsis set full width
    )
}

/// A CJK unified ideograph of the basic block or extension A (the characters
/// letter-spacing separates).
pub fn is_ideograph(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}')
}

/// Sentence-final characters: a line ending with one of these may end a paragraph.
pub fn is_terminal(c: char) -> bool {
    matches!(c, '。' | '？' | '！' | '?' | '!' | '”' | '」' | '』' | '…')
}

/// Footnote markers as printed inline and at the start of a footnote: ①…⑳, ❶…❿, ➀…➉.
pub fn is_footnote_mark(c: char) -> bool {
    matches!(c as u32, 0x2460..=0x2473 | 0x2776..=0x277F | 0x2780..=0x2789)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        assert!(is_ideograph('字') && !is_ideograph('，'));
        assert!(is_terminal('。') && !is_terminal('，'));
        assert!(is_footnote_mark('①') && is_footnote_mark('➀') && !is_footnote_mark('1'));
    }
}
