//! Stage 4, spacing: remove the spaces line wraps and letter-spacing put between CJK
//! characters; measure printed widths.

/// Printed width of a character in CJK units: ideographs and CJK/ASCII punctuation are 1,
/// ASCII letters, digits and `.` are ½.
pub fn char_width(c: char) -> f32 {
    if c.is_ascii_alphanumeric() || matches!(c, '.' | '%' | '-' | '+' | '/') {
        0.5
    } else if c == ' ' {
        0.5
    } else {
        1.0
    }
}
