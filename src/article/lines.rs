//! Printed lines of a whole article, with the spaces inside them settled.
//!
//! Chinese running text has no spaces: inside a printed line, a space between two CJK
//! characters is an OCR engine's word gap or a justification gap, and a space between a
//! CJK character and a digit or Latin word (`在 2013 年`, `广东省 25所`) is typesetting;
//! all of them go. A space between digit groups (`2 534 份`) goes too. Spaces between
//! Latin words stay (`All rights reserved`). The line's indent (leading spaces, U+3000)
//! is kept as a measurement: some exporters keep paragraph indents.

use super::Line;
use crate::model::{LayoutKind, Removal, RemovalKind};
use ocrclean_text::space::join_spaces;
use ocrclean_text::width::str_half_width;

/// A printed line ready for the block stages.
#[derive(Debug, Clone, PartialEq)]
pub struct Printed {
    /// The line's text, spaces settled.
    pub text: String,
    /// The line as printed (trimmed), spaces kept: tables split cells at space runs.
    pub raw: String,
    /// Leading indent in half-width units (a space 1, U+3000 2).
    pub indent: u32,
    /// The text's printed width in half-width units (a CJK character 2, ASCII 1).
    pub width: u32,
    /// The page it is printed on (index into the document's pages).
    pub page: usize,
    /// A piece of a flowed line that continues the text before it.
    pub continues: bool,
    /// The first line after a table taken out of the text: a paragraph that ended before
    /// the table does not run on into it.
    pub after_table: bool,
}

impl Printed {
    pub fn new(text: impl Into<String>, page: usize) -> Self {
        let text = text.into();
        Printed {
            width: str_half_width(&text),
            raw: text.clone(),
            text,
            indent: 0,
            page,
            continues: false,
            after_table: false,
        }
    }
}

fn indent_of(text: &str) -> u32 {
    text.chars()
        .take_while(|c| c.is_whitespace())
        .map(|c| if c == '\u{3000}' { 2 } else { 1 })
        .sum()
}

/// Settles the spaces of every line of every page; returns the lines in reading order
/// and how many spaces were removed.
///
/// ```
/// use ocrclean::article::{lines::normalise, Line};
/// use ocrclean::model::LayoutKind;
/// let pages = vec![vec![Line::new("在 2013 年 以后 ，All rights", 0), Line::new("　共 2 534 份", 1)]];
/// let (lines, removed) = normalise(&pages, LayoutKind::OcrEngine);
/// assert_eq!(lines[0].text, "在2013年以后，All rights");
/// assert_eq!((lines[1].text.as_str(), lines[1].indent), ("共2534份", 2));
/// assert_eq!(removed, 7);
/// ```
pub fn normalise(pages: &[Vec<Line>], _kind: LayoutKind) -> (Vec<Printed>, usize) {
    let mut out = Vec::new();
    let mut removed = 0;
    for (p, page) in pages.iter().enumerate() {
        for line in page {
            let (text, n) = join_spaces(line.text.trim());
            removed += n;
            if text.is_empty() {
                continue;
            }
            let mut printed = Printed::new(text, p);
            printed.indent = indent_of(&line.text);
            printed.raw = line.text.trim().to_string();
            printed.continues = line.continues;
            out.push(printed);
        }
    }
    (out, removed)
}

/// Joins printed lines into one text: nothing between CJK, a space between Latin words.
pub fn join_texts(parts: &[&str]) -> String {
    let mut out = String::new();
    for part in parts {
        join_onto(&mut out, part);
    }
    out
}

/// Appends a printed line to a text: a space where a Latin word or clause runs on
/// (`Beijing,` + `fly`), nothing between CJK characters or after a hyphen.
pub fn join_onto(text: &mut String, line: &str) {
    let line = line.trim();
    if let (Some(left), Some(right)) = (text.chars().next_back(), line.chars().next()) {
        let latin_left =
            left.is_ascii_alphanumeric() || matches!(left, ',' | '.' | ';' | ':' | ')');
        // A number broken after its point (`69.` + `1%`) closes up like one broken
        // between digits.
        let decimal_point = left == '.'
            && text[..text.len() - 1].ends_with(|c: char| c.is_ascii_digit())
            && right.is_ascii_digit();
        if latin_left
            && right.is_ascii_alphanumeric()
            && !(left.is_ascii_digit() && right.is_ascii_digit())
            && !decimal_point
            && !split_word(text, line)
        {
            text.push(' ');
        }
    }
    text.push_str(line);
}

/// Appends a printed line as `join_onto` does, but a word a line end broke with a hyphen
/// (`broken_word`) is rejoined and the hyphen recorded in `removed`.
pub fn join_dehyphenated(text: &mut String, line: &str, removed: &mut Vec<Removal>) {
    let line = line.trim();
    if broken_word(text, line) {
        text.pop();
        removed.push(Removal::new(RemovalKind::LineEndHyphen, "-").by_rule("line_end_hyphen"));
        text.push_str(line);
    } else {
        join_onto(text, line);
    }
}

/// A Latin word broken at a line end with a hyphen: a lowercase letter and `-`, then a
/// lowercase letter (`analy-` + `tics`); or, where a piece is no English word, a letter or
/// an acronym's piece and `-` before the rest of the word (`M-` + `atlab`, `SP-` + `SS`).
/// A hyphen before a word stays (`e-` + `learning`, `X-` + `ray`), and so does one before
/// a capitalised word (`Cobb-` + `Douglas`).
pub fn broken_word(text: &str, next: &str) -> bool {
    let Some(before) = text.strip_suffix('-') else {
        return false;
    };
    let (a, b) = (trailing_letters(before), leading_letters(next));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let lower = |s: &str| s.chars().all(|c| c.is_ascii_lowercase());
    let upper = |s: &str| s.chars().all(|c| c.is_ascii_uppercase());
    use super::lexicon::is_word;
    let ends_lower = a
        .chars()
        .next_back()
        .is_some_and(|c| c.is_ascii_lowercase());
    if ends_lower && b.starts_with(|c: char| c.is_ascii_lowercase()) {
        // A typesetter breaks no word after its first letter: `e-learning` is a compound.
        return !(a.len() == 1 && is_word(b));
    }
    (lower(b) || upper(a) && upper(b)) && !is_word(b) && (a.len() == 1 || !is_word(a))
}

/// Whether the Latin letters ending `text` and those starting `line` are one word a line
/// end split without a hyphen (`super::lexicon::split_at_line_end`).
fn split_word(text: &str, line: &str) -> bool {
    super::lexicon::split_at_line_end(trailing_letters(text), leading_letters(line))
}

/// The Latin letters a text ends with (`Py` of `采用Py`).
pub fn trailing_letters(text: &str) -> &str {
    // ASCII letters are one byte each.
    let n = text
        .chars()
        .rev()
        .take_while(char::is_ascii_alphabetic)
        .count();
    &text[text.len() - n..]
}

/// The Latin letters a text starts with (`thon` of `thon软件`).
pub fn leading_letters(text: &str) -> &str {
    let n = text.chars().take_while(char::is_ascii_alphabetic).count();
    &text[..n]
}

/// Whether a line ends a sentence, a footnote mark after it aside (`。①`, `。³`, `。➀`).
pub fn ends_sentence(text: &str) -> bool {
    let trimmed = text.trim_end_matches(|c: char| c == '*' || super::labels::is_mark_char(c));
    ocrclean_text::markers::ends_sentence(trimmed)
}

/// The width, in half units, of a line's first unbreakable unit: a Latin word or number
/// as a whole, or one CJK character with the closing marks that may not start a line,
/// an opening mark with what follows it. A line of the same paragraph above it that left
/// at least this much room would have taken it: a typesetter fills lines.
///
/// ```
/// use ocrclean::article::lines::first_unit_width;
/// assert_eq!(first_unit_width("研究发现"), 2);
/// assert_eq!(first_unit_width("（一）研究"), 6);
/// assert_eq!(first_unit_width("analytics）是理解"), 11);
/// assert_eq!(first_unit_width("2534份"), 4);
/// ```
pub fn first_unit_width(text: &str) -> u32 {
    use ocrclean_text::width::half_width;
    let mut chars = text.trim_start().chars().peekable();
    let mut width = 0;
    // Opening marks bind to what follows them.
    while let Some(&c) = chars.peek() {
        if "（(“‘「『《【[".contains(c) {
            width += half_width(c);
            chars.next();
        } else {
            break;
        }
    }
    match chars.next() {
        None => {}
        Some(c) if c.is_ascii_alphanumeric() => {
            width += 1;
            while let Some(&n) = chars.peek() {
                if n.is_ascii_alphanumeric() || ".%-/'".contains(n) {
                    width += 1;
                    chars.next();
                } else {
                    break;
                }
            }
        }
        Some(c) => width += half_width(c),
    }
    // Closing marks may not start a line: they go with the unit.
    while let Some(&c) = chars.peek() {
        if "，。、；：！？）)」』”’》】]".contains(c) {
            width += half_width(c);
            chars.next();
        } else {
            break;
        }
    }
    width
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hyphens_at_line_ends_go_inside_words_only() {
        for (a, b) in [
            ("学习analy-", "tics）"),
            ("采用M-", "atlab软件"),
            ("采用SP-", "SS软件"),
            ("采用D-", "EA软件"),
        ] {
            assert!(broken_word(a, b), "{a}{b}");
        }
        for (a, b) in [
            ("（e-", "learning）"),
            ("X-", "ray"),
            ("Cobb-", "Douglas"),
            ("COVID-", "19"),
            ("一-", "二"),
        ] {
            assert!(!broken_word(a, b), "{a}{b}");
        }
    }
}
