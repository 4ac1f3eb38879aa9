//! Printed widths, in CJK units: the geometry both renderings of a page share.

/// Printed width of a character in CJK units.
///
/// Ideographs and punctuation (CJK or ASCII, which Chinese typesetting sets full width)
/// are 1; ASCII letters, digits, `.%-+/` and the space between Latin words are ½.
///
/// ```
/// use ocrclean_text::char_width;
/// assert_eq!(char_width('政'), 1.0);
/// assert_eq!(char_width('3'), 0.5);
/// assert_eq!("模式3.0".chars().map(char_width).sum::<f32>(), 3.5);
/// ```
pub fn char_width(c: char) -> f32 {
    half_width(c) as f32 / 2.0
}

/// [`char_width`] in half units (integers, so that sums are exact).
pub fn half_width(c: char) -> u32 {
    if c.is_ascii_alphanumeric() || matches!(c, '.' | '%' | '-' | '+' | '/' | ' ') {
        1
    } else {
        2
    }
}

/// Width of a string in half units.
pub fn str_half_width(s: &str) -> u32 {
    s.chars().map(half_width).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_and_full_units() {
        assert_eq!(char_width('字'), 1.0);
        assert_eq!(char_width('，'), 1.0);
        assert_eq!(char_width(','), 1.0);
        assert_eq!(char_width('a'), 0.5);
        assert_eq!(char_width(' '), 0.5);
        assert_eq!(str_half_width("表1"), 3);
    }
}
