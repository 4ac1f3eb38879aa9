//! Printed lines rebuilt from the pieces a real OCR engine cuts them into, at the
//! measures a page prints its regions in.
//!
//! Both renderings of a scrape put a space at every printed line end, but also beside
//! numbers and Latin words (`下降了 35.35 个百分点`) and in letter-spaced passages: only the
//! line geometry tells a line end from a word space. A page sets its regions at different
//! measures in CJK units (the abstract and the first-page notes in smaller type hold more
//! characters a line than the body; footnotes more still), so a single body width either
//! splits the small-type lines or joins the body's lines across their ends.
//!
//! The measures are read off the page's own pieces: a width that at least three pieces
//! reach (within 1.5 units) is the measure of a region's full lines. The pieces are then
//! grouped into lines by one dynamic programme over each run: every line is set at one of
//! the measures, a line that is not the last before a certain line end must be full (its
//! next piece's first unit would not have fitted), no line may run past its measure, and
//! changing measure between two lines costs (regions are contiguous). Greedy joining
//! cannot do this: joining a number to the line before looks right until the next piece
//! overshoots, and the page's regions are only known from the page as a whole.

use std::ops::Range;

/// At most this many measures are told apart on one page (body, small-type front matter
/// and notes, footnotes).
const MAX_MEASURES: usize = 3;

/// Measures closer than this are one.
const DISTINCT: f32 = 3.0;

/// A region's full lines are within this of its measure (widths are estimates of the
/// printed glyphs).
const CLUSTER: f32 = 1.5;

/// Lines narrower than this set no measure (a table's narrow columns, short headings).
const NARROWEST: f32 = 12.0;

/// At most this many pieces make one line (a bound on the work per line whatever the
/// pieces' widths).
const MAX_PIECES: usize = 64;

/// Costs, in CJK units of misfit: a line past its measure (no printed line is), a line
/// ending short of full where the next piece would have fitted, and a change of measure
/// between two lines.
const OVER: f32 = 3.0;
const UNDER: f32 = 1.0;
const SWITCH: f32 = 6.0;
/// Misfit within these is measurement noise: widths of Latin runs, digits and half- or
/// full-width punctuation are estimates.
const OVER_SLACK: f32 = 0.75;
const UNDER_SLACK: f32 = 0.5;
/// A line past its measure within [`OVER_SLACK`] still costs this much per unit when a
/// paragraph's indent is known ([`Indent`]): more than a line ([`LINE_COST`]), so that of
/// two readings the pieces fit, one exact and one running past the measure, the exact
/// one wins; far less than a misfit.
const IN_SLACK: f32 = 0.1;
/// Each line costs this much, so that of two equal fits the one with fewer lines wins.
const LINE_COST: f32 = 0.01;

/// The measures of a page's regions, widest first, from the widths of its printed pieces:
/// each a width at least three pieces reach (within [`CLUSTER`]), [`DISTINCT`] from the
/// wider ones. Empty when no width has that support.
pub fn page_measures(widths: &[f32]) -> Vec<f32> {
    let mut sorted: Vec<f32> = widths.iter().copied().filter(|&w| w >= NARROWEST).collect();
    sorted.sort_by(|a, b| b.total_cmp(a));
    let mut out: Vec<f32> = Vec::new();
    // sorted is descending: the pieces within CLUSTER below sorted[hi] are sorted[hi..=lo].
    let mut lo = 0;
    for (hi, &w) in sorted.iter().enumerate() {
        lo = lo.max(hi);
        while lo + 1 < sorted.len() && sorted[lo + 1] >= w - CLUSTER {
            lo += 1;
        }
        if out.iter().any(|&m| (m - w).abs() < DISTINCT) {
            continue;
        }
        if lo - hi + 1 >= 3 {
            out.push(w);
            if out.len() == MAX_MEASURES {
                break;
            }
        }
    }
    out
}

/// The measures among `measures` that at least three of `widths` (widths of whole printed
/// lines) reach: within [`CLUSTER`] below the measure or [`OVER_SLACK`] past it. A measure
/// no whole line reaches was set by lines joined across their ends.
pub fn supported(measures: &[f32], widths: &[f32]) -> Vec<f32> {
    measures
        .iter()
        .copied()
        .filter(|&m| {
            widths
                .iter()
                .filter(|&&w| w >= m - CLUSTER && w <= m + OVER_SLACK)
                .count()
                >= 3
        })
        .collect()
}

/// A printed piece as line segmentation sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Piece {
    pub width: f32,
    /// The space after the piece may be a word space (else it is a certain line end).
    pub may_join: bool,
    /// The width the space after the piece adds when the piece and the next are one line.
    pub gap: f32,
    /// The width of the piece's first unit (a run of ASCII letters and digits, or one
    /// character): what a line before it must have lacked room for.
    pub first_unit: f32,
    /// The piece follows a sentence end: a line it opens may be a paragraph's first.
    pub may_open: bool,
}

/// A paragraph's first line on the page: set at `width`, its measure less the page's
/// indent, where its measure is `measures[measure]` (the body's).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Indent {
    pub measure: usize,
    pub width: f32,
}

/// Whether a line grouped by [`segment`] could not have been a paragraph's indented first
/// line: it opens after a sentence end, holds more than one piece, and runs past its
/// measure less an indent of one unit (the least indent). Only then can knowing the
/// page's indent ([`Indent`]) change the grouping.
pub fn may_hide_indent(pieces: &[Piece], line: &std::ops::Range<usize>, measure: f32) -> bool {
    let width: f32 = pieces[line.clone()]
        .iter()
        .enumerate()
        .map(|(k, p)| p.width + if k + 1 < line.len() { p.gap } else { 0.0 })
        .sum();
    line.len() > 1 && pieces[line.start].may_open && width > measure - 1.0 + OVER_SLACK
}

/// Groups `pieces` into printed lines, each with the index of its measure in `measures`
/// (non-empty). `heading(r)`: the pieces `r` read as one line are a section heading (a
/// heading's line is short by nature, never a misfit).
///
/// With the page's `indent`, a line that may open a paragraph ([`Piece::may_open`]) may
/// also be set at the indented measure, whichever fits it better; and a line past its
/// measure costs a little even within the slack ([`IN_SLACK`]). Without the indent, a
/// paragraph's first line, full an indent short of the body, and its last piece joined
/// (`…书` + `法。`) can read as one line a quarter unit past the measure, within the slack,
/// and as one line fewer than the exact reading.
pub fn segment(
    pieces: &[Piece],
    measures: &[f32],
    indent: Option<Indent>,
    heading: impl Fn(Range<usize>) -> bool,
) -> Vec<(Range<usize>, usize)> {
    let n = pieces.len();
    let k = measures.len();
    if n == 0 || k == 0 {
        return Vec::new();
    }
    let widest = measures.iter().copied().fold(f32::MIN, f32::max);
    // cost[j * k + m]: the least cost of pieces[..j] as lines, the last at measure m.
    let mut cost = vec![f32::INFINITY; (n + 1) * k];
    let mut back = vec![(0usize, 0usize); (n + 1) * k];
    cost[..k].fill(0.0);
    for j in 1..=n {
        // A line's last piece ends at j; it is the last before a certain end, or the run's.
        let last = j == n || !pieces[j - 1].may_join;
        let mut width = 0.0;
        let mut i = j;
        while i > 0 {
            i -= 1;
            if i + 1 < j && !pieces[i].may_join {
                break;
            }
            width += pieces[i].width + if i + 1 < j { pieces[i].gap } else { 0.0 };
            if i + 1 < j && (width > widest + 2.0 * DISTINCT || j - i > MAX_PIECES) {
                break;
            }
            crate::work::spend(k);
            let short_line = j - i <= 3 && width <= 30.0 && heading(i..j);
            let misfit_at = |measure: f32| {
                let past = width - measure;
                let mut misfit = OVER * (past - OVER_SLACK).max(0.0);
                if indent.is_some() {
                    misfit += IN_SLACK * past.clamp(0.0, OVER_SLACK);
                }
                if !last && !short_line {
                    let room = measure - pieces[j].first_unit - width - UNDER_SLACK;
                    misfit += UNDER * room.max(0.0);
                }
                misfit
            };
            for (m, &measure) in measures.iter().enumerate() {
                let mut misfit = misfit_at(measure);
                if let Some(indent) = indent.filter(|d| d.measure == m && pieces[i].may_open) {
                    misfit = misfit.min(misfit_at(indent.width));
                }
                for before in 0..k {
                    let from = cost[i * k + before];
                    let switch = if i > 0 && before != m { SWITCH } else { 0.0 };
                    let total = from + misfit + switch + LINE_COST;
                    if total < cost[j * k + m] {
                        cost[j * k + m] = total;
                        back[j * k + m] = (i, before);
                    }
                }
            }
        }
    }
    let mut m = (0..k)
        .min_by(|&a, &b| cost[n * k + a].total_cmp(&cost[n * k + b]))
        .expect("at least one measure");
    let mut out = Vec::new();
    let mut j = n;
    while j > 0 {
        let (i, before) = back[j * k + m];
        out.push((i..j, m));
        (j, m) = (i, before);
    }
    out.reverse();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spacing::WORD_SPACE;

    fn piece(width: f32, may_join: bool) -> Piece {
        Piece {
            width,
            may_join,
            gap: WORD_SPACE,
            first_unit: 1.0,
            may_open: false,
        }
    }

    #[test]
    fn measures_are_the_widths_several_pieces_reach() {
        let widths = [45.0, 44.5, 44.0, 39.0, 38.5, 38.0, 39.0, 20.0, 2.5];
        assert_eq!(page_measures(&widths), [45.0, 39.0]);
        assert!(page_measures(&[40.0, 20.0]).is_empty());
    }

    #[test]
    fn a_measure_stands_when_whole_lines_reach_it() {
        let whole = [38.0, 37.5, 39.0, 36.0, 22.0];
        assert_eq!(supported(&[38.5, 45.0], &whole), [38.5]);
        assert!(supported(&[41.0], &whole).is_empty());
    }

    #[test]
    fn a_number_joins_the_line_it_fits_not_the_next() {
        // 23 + 12 + 2.5 is a full 38-unit line; the next piece starts the next line. A
        // greedy join of the number to the following piece would leave 35 units short.
        let mut pieces = vec![
            piece(23.0, true),
            piece(12.0, true),
            piece(2.5, true),
            piece(10.0, true),
            piece(27.5, false),
        ];
        pieces[2].first_unit = 2.5;
        let lines = segment(&pieces, &[38.0], None, |_| false);
        let ranges: Vec<_> = lines.into_iter().map(|(r, _)| r).collect();
        assert_eq!(ranges, [0..3, 3..5]);
    }

    #[test]
    fn small_type_lines_keep_their_own_measure() {
        // Two 45-unit lines of small type, then body pieces at 39: the body's pieces are
        // not joined up to 45.
        let pieces = [
            piece(45.0, true),
            piece(44.5, true),
            piece(30.0, true),
            piece(8.75, true),
            piece(39.0, true),
            piece(20.0, false),
        ];
        let lines = segment(&pieces, &[45.0, 39.0], None, |_| false);
        let ranges: Vec<_> = lines.iter().map(|(r, _)| r.clone()).collect();
        assert_eq!(ranges, [0..1, 1..2, 2..4, 4..5, 5..6]);
        assert_eq!(lines[3].1, 1);
    }
    #[test]
    fn an_indented_first_line_keeps_its_last_piece_off() {
        // A full 42-unit line ending a sentence, then a paragraph's first line full at the
        // 40.5-unit indented measure (40 units: the next character does not fit), then the
        // paragraph's two-unit last line. Joined, the two are 42.25 units: within the
        // slack of the 42-unit measure, and one line fewer.
        let mut pieces = vec![piece(42.0, false), piece(40.0, true), piece(2.0, false)];
        pieces[1].may_open = true;
        let ranges = |pieces: &[Piece], indent| -> Vec<Range<usize>> {
            segment(pieces, &[42.0], indent, |_| false)
                .into_iter()
                .map(|(r, _)| r)
                .collect()
        };
        assert_eq!(ranges(&pieces, None), [0..1, 1..3]);
        assert!(may_hide_indent(&pieces, &(1..3), 42.0));
        let indent = Indent {
            measure: 0,
            width: 40.5,
        };
        assert_eq!(ranges(&pieces, Some(indent)), [0..1, 1..2, 2..3]);
        // A line that does not open after a sentence end keeps the body's measure.
        pieces[1].may_open = false;
        assert_eq!(ranges(&pieces, Some(indent)), [0..1, 1..3]);
    }
}
