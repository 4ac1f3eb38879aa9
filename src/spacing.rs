//! Stage 4, spacing: remove the spaces that line wrapping and letter-spaced justification
//! put between CJK characters, and rebuild paragraph boundaries from line geometry.
//!
//! Chinese running text has no spaces, so every space next to a CJK character is layout:
//! a printed line end, or justification spreading a short line (`交 通 组 织`). Spaces
//! between two Latin words are real and stay.
//!
//! This module is the line geometry the passes and blocks stages share: the body width of
//! a page and paragraph ends decided from line widths. The character rules it builds on ([`ocrclean_text::space`],
//! [`char_width`]) are primitives.

use ocrclean_text::char_width;
use ocrclean_text::markers::{ends_sentence, is_note_start};

/// Estimates the body width (in CJK units) from the widths of a page's printed lines.
///
/// Full lines of running text cluster at the body width; table cells, captions and short
/// last lines are narrower, and a line or two of small-type notes can be wider. The
/// estimate is the widest width that at least a few lines reach (within 1.5 units).
pub fn estimate_body_width(widths: &[f32]) -> f32 {
    let mut sorted: Vec<f32> = widths.to_vec();
    sorted.sort_by(|a, b| b.total_cmp(a));
    let Some(&widest) = sorted.first() else {
        return 0.0;
    };
    // Only the long lines can be full lines; an outlier among them needs company to count,
    // but on a page with one or two long lines (a page of tables) the widest is the estimate.
    let long = sorted.iter().take_while(|&&w| w >= 0.8 * widest).count();
    let support = (long - 1).min(sorted.len() / 6).min(2);
    let mut lo = 0;
    for (hi, &w) in sorted[..long].iter().enumerate() {
        // sorted is descending: the lines within 1.5 below w are sorted[hi..=lo].
        lo = lo.max(hi);
        while lo + 1 < sorted.len() && sorted[lo + 1] >= w - 1.5 {
            lo += 1;
        }
        if lo - hi >= support {
            return w;
        }
    }
    widest
}

/// How a page prints ASCII punctuation: full width, as Chinese typesetting does and as
/// [`char_width`] counts it, or half width, as some journals print `,:;()`.
///
/// Widths are measured with [`char_width`] and then corrected by the page's model: a run
/// of text holding `n` ASCII punctuation marks is `n / 2` narrower on a half-width page.
/// [`WidthModel::choose`] decides from the page's own lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct WidthModel {
    /// ASCII punctuation printed at half width.
    pub half_width_punct: bool,
}

/// A character whose printed width the page decides: ASCII punctuation that [`char_width`]
/// counts full width (`,:;()!?`…, not `.%-+/`).
pub fn is_narrowable(c: char) -> bool {
    c.is_ascii_punctuation() && char_width(c) == 1.0
}

/// How many characters of `text` are [`is_narrowable`].
pub fn narrowable(text: &str) -> usize {
    text.chars().filter(|&c| is_narrowable(c)).count()
}

impl WidthModel {
    /// Full-width punctuation: [`char_width`] as it is.
    pub const STANDARD: WidthModel = WidthModel {
        half_width_punct: false,
    };

    /// The printed width of a run measured `full` wide by [`char_width`] and holding
    /// `narrow` [`is_narrowable`] characters.
    pub fn width(self, full: f32, narrow: usize) -> f32 {
        if self.half_width_punct {
            full - 0.5 * narrow as f32
        } else {
            full
        }
    }

    /// The model under which more of the page's lines are full lines at one body width.
    ///
    /// `lines` are the page's printed lines in order (the characters of each). A line that
    /// is not a paragraph's last is full: it fits the body width `W`, and the first unit of
    /// the next line (a character, or a run of digits) would not have fitted, so
    /// `w <= W < w + next`. Measured with the wrong model, a line holding ASCII punctuation
    /// seems to run over or to have had room, by half a unit per mark. Under each model the
    /// width `W` that most lines are full at is found; half width is chosen only when it
    /// makes clearly more lines full than full width does (full width is the rule of
    /// Chinese typesetting and of [`char_width`]).
    pub fn choose(lines: &[&[char]]) -> WidthModel {
        let (full, half) = Self::full_line_counts(lines);
        if half >= full + 2 && 10 * half >= 11 * full {
            WidthModel {
                half_width_punct: true,
            }
        } else {
            WidthModel::STANDARD
        }
    }

    /// How many lines are full at the best body width under full and under half width
    /// punctuation (see [`WidthModel::choose`]).
    pub fn full_line_counts(lines: &[&[char]]) -> (usize, usize) {
        if !lines.iter().any(|l| l.iter().any(|&c| is_narrowable(c))) {
            return (0, 0);
        }
        let count = |model: WidthModel| {
            let widths: Vec<u32> = lines.iter().map(|l| model.half_units(l)).collect();
            // Only lines near the body width (not table cells, short last lines) count.
            let body: Vec<f32> = widths.iter().map(|&w| w as f32).collect();
            let least = 0.8 * estimate_body_width(&body);
            // Each line full at W in [w, w + next): +1 at w, -1 at w + next (half units).
            let mut events: Vec<(u32, i32)> = Vec::with_capacity(2 * lines.len());
            for (i, pair) in lines.windows(2).enumerate() {
                let w = widths[i];
                let next = model.half_units(first_unit(pair[1]));
                if w as f32 >= least && next > 0 {
                    events.push((w, 1));
                    events.push((w + next, -1));
                }
            }
            events.sort_unstable();
            let (mut open, mut best, mut top) = (0i32, 0i32, 0u32);
            for (k, &(_, d)) in events.iter().enumerate() {
                open += d;
                if open > best {
                    best = open;
                    top = events.get(k + 1).map_or(u32::MAX, |e| e.0);
                }
            }
            // A line wider than any body width the full lines allow cannot be printed
            // under this model: it counts against it.
            let over = widths.iter().filter(|&&w| w > top).count() as i32;
            (best - over).max(0) as usize
        };
        (
            count(WidthModel::STANDARD),
            count(WidthModel {
                half_width_punct: true,
            }),
        )
    }

    /// The width of the first unit of `text` a line could be broken before (a run of
    /// ASCII letters, digits and `.`, or one character); 0 for an empty text.
    pub fn first_unit_width(self, text: &str) -> f32 {
        let mut chars = text.chars();
        let is_run = |c: char| c.is_ascii_alphanumeric() || c == '.';
        match chars.next() {
            Some(c) if is_run(c) => 0.5 * (1 + chars.take_while(|&c| is_run(c)).count()) as f32,
            Some(c) => self.char_width(c),
            None => 0.0,
        }
    }

    /// The printed width of `c` on the page.
    pub fn char_width(self, c: char) -> f32 {
        if self.half_width_punct && is_narrowable(c) {
            0.5
        } else {
            char_width(c)
        }
    }

    fn half_units(self, chars: &[char]) -> u32 {
        chars
            .iter()
            .map(|&c| {
                if self.half_width_punct && is_narrowable(c) {
                    1
                } else {
                    ocrclean_text::width::half_width(c)
                }
            })
            .sum()
    }
}

/// The first unit a line could be broken before: a run of ASCII letters, digits and `.`
/// (never broken), or one character.
fn first_unit(chars: &[char]) -> &[char] {
    let is_run = |c: char| c.is_ascii_alphanumeric() || c == '.';
    match chars.first() {
        Some(&c) if is_run(c) => {
            let n = chars.iter().take_while(|&&c| is_run(c)).count();
            &chars[..n]
        }
        Some(_) => &chars[..1],
        None => chars,
    }
}

/// A printed line as the paragraph rules see it: its clean text and its width.
#[derive(Debug, Clone, Copy)]
pub struct LineShape<'a> {
    pub text: &'a str,
    pub width: f32,
}

/// The paragraph geometry of a page: its body width and the indent of a paragraph's first
/// line, both in CJK units, both measured on the page itself (journals differ), and how it
/// prints ASCII punctuation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Geometry {
    pub body_width: f32,
    /// `None`: the page does not indent first lines (or shows no paragraph to tell).
    pub indent: Option<f32>,
    pub model: WidthModel,
    /// The widest a paragraph's indented first line can be (when `indent` is some). The
    /// certain paragraph starts bound the indented measure from above: each is full at it
    /// (see [`Geometry::measure`]). Without them, the body width less the indent, plus
    /// the half unit the body width estimate can fall short by (when every full line holds
    /// a run of digits that did not fit), unless a full line that had less than a unit
    /// left says it does not.
    pub indented_width: f32,
}

/// The most the body width estimate can fall short of the true width.
const WIDTH_SLACK: f32 = 0.5;

/// The indent assumed when a page shows no paragraph start to measure it.
const DEFAULT_INDENT: f32 = 2.0;

impl Geometry {
    /// The geometry of a page whose printed lines are `runs` (each run a sequence of
    /// consecutive lines; every run after the first follows a table), measured with
    /// `model`.
    ///
    /// The indent is read off the lines that certainly start a paragraph and are full:
    /// those right after a line with much room left, or first in a run after a table (but
    /// a table note), and followed by a full line. Such a line is full at the body width
    /// less the indent: its width `w` fits, and the next line's first unit `u` did not, so
    /// the indent lies in `(W - w - u, W - w]`. The indent is the value that most such
    /// lines agree with (the smallest of equals; of the values they all allow, two units,
    /// the common Chinese indent, if it is one of them); no such line: two units. Under one
    /// unit is no indent.
    pub fn measure<'a>(
        runs: impl IntoIterator<Item = &'a [LineShape<'a>]>,
        body_width: f32,
        model: WidthModel,
    ) -> Self {
        let w = body_width;
        // (lo, hi]: the indents each certain paragraph start allows.
        let mut samples: Vec<(f32, f32)> = Vec::new();
        // The body is narrower than `w + u` for each full line of width `w` whose next
        // line opens with a unit `u` wide; the least such bound above the estimate.
        let mut below = f32::INFINITY;
        for (r, run) in runs.into_iter().enumerate() {
            for i in 0..run.len().saturating_sub(1) {
                let (line, after) = (&run[i], &run[i + 1]);
                if line.width >= w - 1.5 && !ends_sentence(line.text) {
                    let bound = line.width + model.first_unit_width(after.text);
                    if bound > w + 0.01 {
                        below = below.min(bound);
                    }
                }
                let starts = if i == 0 {
                    r > 0 && !is_note_start(line.text)
                } else {
                    w - run[i - 1].width >= (w * 0.25).max(4.0)
                };
                if starts && after.width >= w - 1.5 && line.width <= w {
                    let hi = w - line.width;
                    samples.push((hi - model.first_unit_width(after.text), hi));
                }
            }
        }
        crate::work::spend(samples.len());
        // Widths come in half units: the body is at most `below - ½`.
        let width_slack = (below - 0.5 - w).clamp(0.0, WIDTH_SLACK);
        let mut indented_width = w - DEFAULT_INDENT + width_slack;
        let indent = if samples.is_empty() {
            Some(DEFAULT_INDENT)
        } else {
            // The candidate values are the samples' upper ends; count each one's votes by
            // a sweep over the sorted ends (n log n).
            let mut los: Vec<f32> = samples.iter().map(|s| s.0).collect();
            let mut his: Vec<f32> = samples.iter().map(|s| s.1).collect();
            los.sort_by(f32::total_cmp);
            his.sort_by(f32::total_cmp);
            const EPS: f32 = 0.01;
            let (mut best, mut votes) = (his[0], 0);
            let (mut opened, mut closed) = (0, 0);
            for &x in &his {
                // Samples with lo < x, less those with hi < x.
                while opened < los.len() && los[opened] < x - EPS {
                    opened += 1;
                }
                while closed < his.len() && his[closed] < x - EPS {
                    closed += 1;
                }
                if opened - closed > votes {
                    (best, votes) = (x, opened - closed);
                }
            }
            // The indents all of them allow: (lower, best]; the common one if among them.
            let lower = samples
                .iter()
                .filter(|&&(lo, hi)| lo < best - EPS && hi >= best - EPS)
                .map(|s| s.0)
                .fold(f32::MIN, f32::max);
            let least = (lower + 0.5).min(best);
            let indent = DEFAULT_INDENT.clamp(least, best);
            // Each sample is full at the indented measure: no wider than `w - least`
            // (the estimate `w` and the indents share its error).
            indented_width = w - least;
            (indent >= 1.0).then_some(indent.min(w / 4.0))
        };
        Geometry {
            body_width,
            indent,
            model,
            indented_width,
        }
    }

    /// A page indented by the common two units, ASCII punctuation full width.
    pub fn with_default_indent(body_width: f32) -> Self {
        Geometry {
            body_width,
            indent: Some(DEFAULT_INDENT),
            model: WidthModel::STANDARD,
            indented_width: body_width - DEFAULT_INDENT + WIDTH_SLACK,
        }
    }
}

/// Decides, for each line, whether a paragraph ends after it.
///
/// A line that is not a paragraph's last is full: its next character would not have
/// fitted. A paragraph's first line is indented (by the page's indent), so it is full that
/// much short of the body width. A paragraph's last line ends a sentence (or with a
/// footnote marker) and has room left; or it is full and the next line is indented (a
/// paragraph's first line is narrower than any full line). A line with a quarter of the
/// width left is a paragraph end whatever it ends with (a heading, a list item).
pub fn paragraph_breaks(lines: &[LineShape<'_>], geometry: &Geometry) -> Vec<bool> {
    const EPS: f32 = 0.01;
    let w = geometry.body_width;
    let indent = geometry.indent.unwrap_or(0.0);
    let mut breaks = Vec::with_capacity(lines.len());
    // The run's first line: indented if it is no wider than an indented line can be (as
    // the page measures it: a paragraph's last line half a unit wider is no indented
    // line).
    const SLACK: f32 = 0.5;
    let widest_indented = geometry.indented_width + EPS;
    let is_indented = |width: f32| {
        geometry.indent.is_some() && width <= widest_indented && width > w - 2.0 * indent
    };
    let mut starts_paragraph = lines
        .first()
        .is_some_and(|l| geometry.indent.is_some() && l.width <= widest_indented);
    for (i, line) in lines.iter().enumerate() {
        let Some(next) = lines.get(i + 1) else {
            breaks.push(true);
            break;
        };
        let capacity = if starts_paragraph { w - indent } else { w };
        let room = capacity - line.width;
        let next_first = match geometry.model.first_unit_width(next.text) {
            0.0 => 1.0,
            u => u,
        };
        let ends = if opens_with_closing_mark(next.text) {
            // A closing quote or bracket, a clause or sentence mark ends what comes before
            // it: a paragraph never starts with one.
            false
        } else if room >= (w * 0.25).max(4.0) {
            true
        } else if !ends_sentence(line.text) {
            false
        } else if room + EPS >= next_first {
            true
        } else {
            // A full line ending a sentence: a break only if the next line is indented,
            // that is full an indent short (a line can end up to two units early when a
            // run of digits does not fit).
            // A paragraph's last line can be as narrow: an indented line is also full (the
            // first unit of the line after it would not have fitted).
            lines.get(i + 2).is_some_and(|after| {
                let u = geometry.model.first_unit_width(after.text);
                is_indented(next.width) && next.width + u > w - indent - SLACK + EPS
            })
        };
        breaks.push(ends);
        starts_paragraph = ends;
    }
    breaks
}

/// Whether `text` opens with a mark that closes or continues what precedes it (`”`, `）`,
/// `》`, `，`, `。`): it cannot begin a paragraph.
fn opens_with_closing_mark(text: &str) -> bool {
    text.chars().next().is_some_and(|c| {
        matches!(
            c,
            '”' | '’'
                | '」'
                | '』'
                | '）'
                | '》'
                | '〉'
                | '】'
                | '〕'
                | '，'
                | '。'
                | '、'
                | '；'
                | '：'
                | '！'
                | '？'
                | ')'
                | ','
                | ';'
                | ':'
                | '!'
                | '?'
        )
    })
}

/// The width a word space adds when two printed pieces are read as one line: the spaces
/// beside numbers and Latin words are narrower than a CJK unit (a justified line of 37
/// units with seven of them fills a 38-unit first line).
pub const WORD_SPACE: f32 = 0.25;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_width_ignores_short_lines_and_a_wide_outlier() {
        let widths = [44.0, 44.0, 43.5, 44.0, 12.0, 5.0, 49.0, 38.0, 44.0];
        assert_eq!(estimate_body_width(&widths), 44.0);
        assert_eq!(estimate_body_width(&[]), 0.0);
        assert_eq!(estimate_body_width(&[20.0]), 20.0);
    }

    fn shapes<'a>(lines: &[(&'a str, f32)]) -> Vec<LineShape<'a>> {
        lines
            .iter()
            .map(|&(text, width)| LineShape { text, width })
            .collect()
    }

    #[test]
    fn paragraph_ends_where_a_sentence_ends_on_a_short_line() {
        let lines = shapes(&[
            ("甲乙丙丁戊己庚辛壬癸", 10.0),
            ("甲乙丙丁。", 5.0),
            ("甲乙丙丁戊己庚辛", 8.0),
            ("甲乙丙。①", 5.0),
            ("甲乙丙丁戊己庚辛壬癸", 10.0),
        ]);
        assert_eq!(
            paragraph_breaks(&lines, &Geometry::with_default_indent(10.0)),
            [false, true, false, true, true]
        );
    }

    #[test]
    fn a_line_opening_with_a_closing_mark_goes_on_the_paragraph_before() {
        // A closing quote wrapped onto a line of its own: the quoted sentence goes on.
        let lines = shapes(&[
            ("甲乙丙丁戊己“庚辛。", 10.0),
            ("”", 1.0),
            ("甲乙丙丁戊己庚辛", 8.0),
        ]);
        assert_eq!(
            paragraph_breaks(&lines, &Geometry::with_default_indent(10.0)),
            [false, true, true]
        );
    }

    #[test]
    fn a_full_line_ending_a_sentence_continues_unless_the_next_is_indented() {
        let cont = shapes(&[
            ("甲乙丙丁戊己庚辛壬。", 10.0),
            ("甲乙丙丁戊己庚辛壬癸", 10.0),
            ("甲。", 2.0),
        ]);
        assert_eq!(
            paragraph_breaks(&cont, &Geometry::with_default_indent(10.0)),
            [false, false, true]
        );
        let indented = shapes(&[
            ("甲乙丙丁戊己庚辛壬。", 10.0),
            ("甲乙丙丁戊己庚辛", 8.0),
            ("甲。", 2.0),
        ]);
        assert_eq!(
            paragraph_breaks(&indented, &Geometry::with_default_indent(10.0)),
            [true, false, true]
        );
    }

    #[test]
    fn an_indented_line_is_no_wider_than_the_page_measures_one() {
        let line = |n: usize, end: &str| "甲".repeat(n) + end;
        let (a, b, c, d) = (line(3, "。"), line(17, ""), line(20, ""), line(1, "。"));
        let page = shapes(&[(&a, 4.0), (&b, 17.0), (&c, 20.0), (&d, 2.0)]);
        // A paragraph start after a short line, full at 17 (the next unit did not fit at
        // 18): the indent is in (2, 3], so an indented line is at most 17.5 wide.
        let geometry = Geometry::measure([&page[..]], 20.0, WidthModel::STANDARD);
        assert_eq!(geometry.indent, Some(2.5));
        assert_eq!(geometry.indented_width, 17.5);
        // A full line ending a sentence, then a paragraph's last line two units short: it
        // is no indented first line (18 > 17.5), so the paragraph goes on.
        let (e, f) = (line(19, "。"), line(17, "。"));
        let lines = shapes(&[(&e, 20.0), (&f, 18.0), (&b, 17.0), (&c, 20.0)]);
        assert_eq!(
            paragraph_breaks(&lines, &geometry),
            [false, true, false, true]
        );
    }
}
