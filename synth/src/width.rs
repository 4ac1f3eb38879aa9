//! Printed widths and greedy line wrapping — the geometry both renderings share.
//!
//! Widths are counted in **half** CJK units (`u32`), so that all arithmetic is exact. The
//! widths themselves are the pipeline's own (`ocrclean-text`): the generator and the
//! pipeline measure a line the same way — on the default pages. A varied page
//! ([`crate::PageSpec::varied`]) may typeset ASCII `,:;()` at half width: that is a
//! typesetting choice of the page model, so it lives here, in [`Typesetting`], and the
//! shared crate is left alone.

pub use ocrclean_text::char_width;

/// Width of a character in half units, as the pipeline measures it.
pub fn half_width(c: char) -> u32 {
    ocrclean_text::width::half_width(c)
}

/// How one page is typeset: the printed width of each character.
///
/// [`Typesetting::STANDARD`] is the pipeline's rule (ASCII punctuation set full width, as
/// Chinese typesetting does); with `half_width_punct` the ASCII `,:;()` the page stores are
/// also *printed* at half width, so lines hold more characters than the rule expects.
///
/// ```
/// use ocrclean_synth::width::Typesetting;
/// let narrow = Typesetting { half_width_punct: true };
/// assert_eq!(Typesetting::STANDARD.str_width("甲,乙"), 6);
/// assert_eq!(narrow.str_width("甲,乙"), 5);
/// assert_eq!(narrow.str_width("甲，乙"), 6); // full-width punctuation stays full
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Typesetting {
    /// ASCII `,:;()` printed at half width (else full, the pipeline's rule).
    pub half_width_punct: bool,
}

impl Typesetting {
    /// The pipeline's widths ([`ocrclean_text::width::half_width`]).
    pub const STANDARD: Typesetting = Typesetting {
        half_width_punct: false,
    };

    /// Printed width of `c` in half units on this page.
    pub fn half_width(self, c: char) -> u32 {
        if self.half_width_punct && matches!(c, ',' | ':' | ';' | '(' | ')') {
            1
        } else {
            half_width(c)
        }
    }

    /// Printed width of `s` in half units on this page.
    pub fn str_width(self, s: &str) -> u32 {
        s.chars().map(|c| self.half_width(c)).sum()
    }

    /// Width (half units) of the first wrapping unit of `s` (0 for an empty string).
    pub fn first_unit_width(self, s: &str) -> u32 {
        let chars: Vec<char> = s.chars().collect();
        units(&chars)
            .first()
            .map(|&(a, b)| chars[a..b].iter().map(|&c| self.half_width(c)).sum())
            .unwrap_or(0)
    }

    /// [`wrap`] with this page's widths.
    pub fn wrap(self, text: &str, first_cap: u32, cap: u32) -> Vec<String> {
        wrap_with(text, first_cap, cap, |c| self.half_width(c))
    }
}

/// Width of a string in half units.
pub fn str_width(s: &str) -> u32 {
    ocrclean_text::width::str_half_width(s)
}

/// Characters that form an unbreakable run: a line is never broken inside
/// `2017`, `3.5` or `12.5` (but may be broken before `%` or after `-`).
pub fn is_run_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '.'
}

pub use ocrclean_text::is_ideograph;

/// Splits text into wrapping units: each maximal run of [`is_run_char`] is one unit,
/// every other character is a unit of its own.
pub fn units(chars: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let mut j = i + 1;
        if is_run_char(chars[i]) {
            while j < chars.len() && is_run_char(chars[j]) {
                j += 1;
            }
        }
        out.push((i, j));
        i = j;
    }
    out
}

/// Width (half units) of the first wrapping unit of `s` (0 for an empty string).
pub fn first_unit_width(s: &str) -> u32 {
    Typesetting::STANDARD.first_unit_width(s)
}

/// Greedy wrapping, the rule of the printed page: a line takes units while its width stays
/// ≤ its capacity; a unit that does not fit starts the next line. The first line has
/// capacity `first_cap`, the others `cap` (half units). A unit wider than a whole empty
/// line is split char by char (the generator never produces one; it is here only so the
/// function is total).
pub fn wrap(text: &str, first_cap: u32, cap: u32) -> Vec<String> {
    wrap_with(text, first_cap, cap, half_width)
}

fn wrap_with(
    text: &str,
    first_cap: u32,
    cap: u32,
    half_width: impl Fn(char) -> u32,
) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut width = 0u32;
    for (a, b) in units(&chars) {
        let unit = &chars[a..b];
        let w: u32 = unit.iter().map(|&c| half_width(c)).sum();
        let capacity = if lines.is_empty() { first_cap } else { cap };
        if width + w <= capacity {
            line.extend(unit);
            width += w;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
            width = 0;
        }
        let capacity = if lines.is_empty() { first_cap } else { cap };
        if w <= capacity {
            line.extend(unit);
            width = w;
        } else {
            for &c in unit {
                let capacity = if lines.is_empty() { first_cap } else { cap };
                if width + half_width(c) > capacity && !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                    width = 0;
                }
                line.push(c);
                width += half_width(c);
            }
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_match_the_pipeline_rule() {
        assert_eq!(char_width('数'), 1.0);
        assert_eq!(char_width(','), 1.0);
        assert_eq!(char_width('，'), 1.0);
        assert_eq!(char_width('7'), 0.5);
        assert_eq!(char_width('%'), 0.5);
        assert_eq!(str_width("2017年"), 6);
    }

    #[test]
    fn wrap_is_greedy_and_keeps_runs_whole() {
        // capacity 3 units = 6 half units: "甲乙" (4) + "2017" (4) does not fit.
        assert_eq!(wrap("甲乙2017年", 6, 6), vec!["甲乙", "2017年"]);
        assert_eq!(wrap("甲乙丙丁戊", 4, 6), vec!["甲乙", "丙丁戊"]);
        // a run may be followed by a break before `%`
        assert_eq!(wrap("甲乙12%", 6, 6), vec!["甲乙12", "%"]);
    }

    #[test]
    fn half_width_punctuation_fits_more_on_a_line() {
        let narrow = Typesetting {
            half_width_punct: true,
        };
        assert_eq!(wrap("甲,乙丙", 6, 6), vec!["甲,乙", "丙"]);
        assert_eq!(narrow.wrap("甲,乙丙", 6, 6), vec!["甲,乙", "丙"]);
        assert_eq!(narrow.wrap("甲,乙(丙", 8, 8), vec!["甲,乙(丙"]);
        assert_eq!(
            Typesetting::STANDARD.wrap("甲,乙(丙", 8, 8),
            vec!["甲,乙(", "丙"]
        );
        assert_eq!(narrow.first_unit_width("(2017"), 1);
    }
}
