//! Spaces: which are Latin word spaces (kept) and which are layout (removed).
//!
//! Chinese running text has no spaces, so every space next to a CJK character is layout:
//! a printed line end, or justification spreading a short line (`交 通 组 织`). Spaces
//! between Latin words are real. How sure a rule can be depends on where the space is, so
//! there are three tests here, from the most to the least permissive, and every stage uses
//! one of them:
//!
//! * [`is_word_space`]: a space **inside a printed line** between ASCII text on both sides,
//!   one side a letter (`All rights`, `GDP 2019`): kept.
//! * [`may_continue_words`]: a space the OCR put between an ASCII letter or digit and an
//!   ASCII letter could be a word space rather than a line end; the caller decides from
//!   the line's width.
//! * [`is_word_space_at_line_end`]: a **printed line end** between two ASCII letters
//!   (a Latin phrase wrapped): rejoined with one space. Any other line end is nothing.

/// Whether a space between `left` and `right` inside a printed line is a real word space
/// (kept) rather than a layout space (removed).
///
/// ```
/// use ocrclean_text::space::is_word_space;
/// assert!(is_word_space('l', 'r'));
/// assert!(is_word_space('P', '2'));
/// assert!(!is_word_space('字', 'a'));
/// assert!(!is_word_space('1', '2'));
/// ```
pub fn is_word_space(left: char, right: char) -> bool {
    left.is_ascii_graphic()
        && right.is_ascii_graphic()
        && (left.is_ascii_alphabetic() || right.is_ascii_alphabetic())
}

/// Whether a space the OCR put between `left` and `right` may be a word space inside a
/// line rather than a line end (an ASCII letter or digit, then an ASCII letter).
pub fn may_continue_words(left: char, right: char) -> bool {
    left.is_ascii_alphanumeric() && right.is_ascii_alphabetic()
}

/// Whether a printed line end between `left` and `right` stands for a word space: both
/// are ASCII letters (a wrapped Latin phrase).
pub fn is_word_space_at_line_end(left: char, right: char) -> bool {
    left.is_ascii_alphabetic() && right.is_ascii_alphabetic()
}

/// Joins a printed line (or several), removing layout spaces and keeping word spaces.
/// Returns the clean text and how many spaces were removed.
///
/// ```
/// use ocrclean_text::space::join_spaces;
/// assert_eq!(join_spaces("城市 规 划3.0模 式"), ("城市规划3.0模式".to_string(), 3));
/// assert_eq!(join_spaces("提 高,重建设"), ("提高,重建设".to_string(), 1));
/// assert_eq!(join_spaces("All rights reserved"), ("All rights reserved".to_string(), 0));
/// ```
pub fn join_spaces(text: &str) -> (String, usize) {
    let mut out = String::with_capacity(text.len());
    let mut removed = 0;
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            let left = out.chars().next_back().unwrap_or(' ');
            if is_word_space(left, c) {
                out.push(' ');
            } else {
                removed += 1;
            }
            pending_space = false;
        }
        out.push(c);
    }
    (out, removed)
}

/// Removes layout spaces from text whose every whitespace run is a line end or layout,
/// keeping one space where a line end falls between two Latin words.
///
/// ```
/// use ocrclean_text::space::join_line_ends;
/// assert_eq!(join_line_ends(&['城', ' ', '市', ' ', 'a', ' ', 'b']), "城市a b");
/// ```
pub fn join_line_ends(chars: &[char]) -> String {
    let mut out = String::with_capacity(chars.len() * 3);
    let mut gap = false;
    let mut prev: Option<char> = None;
    for &c in chars {
        if c.is_whitespace() {
            gap = true;
            continue;
        }
        if gap && prev.is_some_and(|p| is_word_space_at_line_end(p, c)) {
            out.push(' ');
        }
        gap = false;
        out.push(c);
        prev = Some(c);
    }
    out
}

/// Appends a printed line to running text: a line end between two Latin words is a word
/// space, any other line end is nothing.
///
/// ```
/// use ocrclean_text::space::append_line;
/// let mut text = String::from("Journal of");
/// append_line(&mut text, "Studies");
/// append_line(&mut text, "研究");
/// assert_eq!(text, "Journal of Studies研究");
/// ```
pub fn append_line(text: &mut String, line: &str) {
    if let (Some(left), Some(right)) = (text.chars().next_back(), line.chars().next()) {
        if is_word_space_at_line_end(left, right) {
            text.push(' ');
        }
    }
    text.push_str(line);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaces_between_cjk_and_digits_go_latin_word_spaces_stay() {
        assert_eq!(
            join_spaces("交 通 组 织、出 行 方 式").0,
            "交通组织、出行方式"
        );
        assert_eq!(join_spaces("2 0 1 7 年").0, "2017年");
        assert_eq!(join_spaces("基于 OECD 报告").0, "基于OECD报告");
        assert_eq!(join_spaces("the OECD report").0, "the OECD report");
        assert_eq!(join_spaces("  前后  ").0, "前后");
    }

    #[test]
    fn clean_text_passes_through() {
        assert_eq!(
            join_spaces("无需修改的文本。"),
            ("无需修改的文本。".to_string(), 0)
        );
    }

    #[test]
    fn line_ends_between_latin_words_become_one_space() {
        assert!(is_word_space_at_line_end('a', 'b'));
        assert!(!is_word_space_at_line_end('a', '1'));
        assert!(may_continue_words('1', 'b') && !may_continue_words('b', '1'));
    }
}
