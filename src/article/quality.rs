//! How much of an OCR engine's page is not text: the share of characters in tokens that no
//! printed text holds. Users route pages with a high share to review.
//!
//! A token (a run between spaces) is implausible when it mixes Latin letters with
//! ideographs (`EisE卫生`), holds symbols running text does not use (`£`, `»`, `|`, `{`),
//! or is a short Latin fragment in mixed case that is neither a word nor an acronym
//! (`ERi`, `tien`). Numbers, CJK words, punctuation and Latin words pass.

use super::Line;
use ocrclean_text::{is_cjk, is_ideograph};

fn implausible(token: &str) -> bool {
    let letters = token.chars().filter(|c| c.is_ascii_alphabetic()).count();
    let ideographs = token.chars().filter(|&c| is_ideograph(c)).count();
    let odd_symbol = token.chars().any(|c| {
        !(c.is_alphanumeric() || is_cjk(c) || ".,;:!?()[]%+-/=<>'\"~·—–_&@#*°×±".contains(c))
    });
    let mixed_case_fragment = ideographs == 0
        && (1..=3).contains(&letters)
        && letters == token.chars().count()
        && !token.chars().all(|c| c.is_ascii_uppercase())
        && token.chars().skip(1).any(|c| c.is_ascii_uppercase());
    (letters > 0 && ideographs > 0) || odd_symbol || mixed_case_fragment
}

/// The share of a page's non-space characters in implausible tokens, rounded to three
/// places (0 for an empty page).
///
/// ```
/// use ocrclean::article::{quality::implausible_share, Line};
/// assert_eq!(implausible_share(&[Line::new("工 程 数学 学 报 第 20 卷", 0)]), 0.0);
/// assert!(implausible_share(&[Line::new("EisE卫生 £02 ERi 数学", 0)]) > 0.5);
/// ```
pub fn implausible_share(lines: &[Line]) -> f64 {
    let (mut bad, mut all) = (0usize, 0usize);
    for token in lines.iter().flat_map(|l| l.text.split_whitespace()) {
        let n = token.chars().count();
        all += n;
        if implausible(token) {
            bad += n;
        }
    }
    if all == 0 {
        return 0.0;
    }
    (bad as f64 / all as f64 * 1000.0).round() / 1000.0
}
