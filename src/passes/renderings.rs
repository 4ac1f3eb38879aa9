//! The renderings of a page body: where the second begins (gram votes), which is the OCR
//! pass and which the text layer, and whether two parts are two renderings at all (how far
//! they agree once aligned).

use super::align;
use super::tokens::first_token;
use crate::handoff::Reconciled;
use crate::model::{PassKind, Removal, RemovalKind};
use ocrclean_text::{is_cjk, is_footnote_mark};
use std::ops::Range;

/// One rendering found in the body.
#[derive(Debug, Clone)]
pub(super) struct Pass {
    pub(super) kind: PassKind,
    pub(super) range: Range<usize>,
    pub(super) evidence: String,
    /// See [`PassInfo::agreement`].
    pub(super) agreement: Option<f64>,
}

/// Length of the grams used to find the repeated rendering.
const SPLIT_GRAM: usize = 6;

/// The whole body as one rendering: the OCR pass if it carries the watermark (blanked, past
/// its last character), else the text layer.
pub(super) fn single_pass(
    whole: Range<usize>,
    removed: &[(Removal, usize)],
    len: usize,
    evidence: String,
) -> Pass {
    let kind = if has_removal(removed, &(0..len), RemovalKind::Watermark) {
        PassKind::Ocr
    } else {
        PassKind::Text
    };
    Pass {
        kind,
        range: whole,
        evidence,
        agreement: None,
    }
}

/// Finds the renderings in the body and tells which is which from their content; with
/// other choices of split for the alignment to decide between (see [`find_split`] and
/// [`token_start`]).
///
/// The second rendering repeats the first, so most grams of the body occur twice, once on
/// each side of the split. Each gram seen exactly twice votes for the split lying between
/// its two occurrences; the split is where the most votes overlap (one sweep).
pub(super) fn split_passes(
    chars: &[char],
    removed: &[(Removal, usize)],
) -> (Vec<Pass>, Vec<Vec<Pass>>) {
    let non_space: Vec<usize> = (0..chars.len())
        .filter(|&i| !chars[i].is_whitespace())
        .collect();
    let (Some(&first), Some(&last)) = (non_space.first(), non_space.last()) else {
        return (Vec::new(), Vec::new());
    };
    let whole = first..last + 1;
    let Some(split) = find_split(chars, &non_space) else {
        return (
            vec![single_pass(whole, removed, chars.len(), "single".into())],
            Vec::new(),
        );
    };
    let two = |at: usize| two_passes(chars, removed, first..at, at..last + 1);
    let at = seam(chars, first..split.at, split.at..last + 1);
    let mut others: Vec<Vec<Pass>> = token_start(chars, first, at)
        .filter(|_| at == split.at)
        .map(two)
        .into_iter()
        .collect();
    others.extend(
        split
            .balanced
            .map(|b| two(seam(chars, first..b, b..last + 1))),
    );
    (two(at), others)
}

/// The start of the token `at` falls inside, when it falls inside one and no more than a
/// gram's length from its start.
///
/// The renderings are printed one after the other, so the second begins at a token's
/// start unless the first's last piece runs into it (see [`seam`]). The votes can fall a
/// few characters into the second rendering's first line: when a paragraph opening is
/// printed twice and the OCR misread a character in each of its two copies, the grams
/// over the misreads are seen twice in the text layer only and vote for a split inside
/// it. The token's start is then a second choice, and the alignment decides.
fn token_start(chars: &[char], first: usize, at: usize) -> Option<usize> {
    let start = (first..at)
        .rev()
        .take(SPLIT_GRAM + 1)
        .find(|&i| chars[i].is_whitespace())?
        + 1;
    (start < at).then_some(start)
}

/// Most characters of the first rendering's end glued to the second's first line.
const SEAM_DEBRIS: usize = 4;
/// Tokens looked at after the split for the second rendering's first line, and most
/// characters passed over before it (the first line is the second rendering's first).
const SEAM_TOKENS: usize = 4;
const SEAM_SKIPPED: usize = 12;
/// Characters of the first line compared (its opening run of ideographs and digits).
const SEAM_COMPARED: usize = 8;

/// Where the second rendering really begins. Both renderings open with the page's first
/// printed line (a head, the running title), so the second begins where that line's
/// opening is printed again near the split (the same characters, one misread allowed in
/// six or more). The split, made at a space from gram votes, can miss it: the scrape
/// collapses whitespace, so the OCR's last piece (its misreading of the page number,
/// `523`, `二`, a note's last `期。`) runs into the text layer's first line
/// (`523农村电子商务…`), and a note ending both renderings alike (`2017 年第 9 期。`)
/// pulls the votes a few pieces early. Looked for in the second rendering's first few
/// tokens, at a token's start or after a few glued characters, past short pieces only;
/// the first wins.
fn seam(chars: &[char], a: Range<usize>, b: Range<usize>) -> usize {
    let split = b.start;
    let Some(fa) = first_token(chars, a) else {
        return split;
    };
    let run = chars[fa.clone()]
        .iter()
        .take_while(|&&c| ocrclean_text::is_ideograph(c) || c.is_ascii_digit())
        .take(SEAM_COMPARED)
        .count();
    if run < 4 {
        return split;
    }
    let opening = &chars[fa.start..fa.start + run];
    let allowed = usize::from(run >= 6);
    let prints_opening = |at: usize| {
        at + run <= chars.len()
            && opening
                .iter()
                .zip(&chars[at..at + run])
                .filter(|(x, y)| x != y)
                .count()
                <= allowed
            && chars[at] == opening[0]
    };
    let near = |t: &Range<usize>| {
        (t.start..t.end.min(t.start + SEAM_DEBRIS + 1)).find(|&at| prints_opening(at))
    };
    // (Not before the split: in the sample's anatomy the text layer prints the running
    // title after the page number at its end, and the OCR rendering may end with it.)
    let mut skipped = 0;
    for t in super::tokens::tokens(chars, b)
        .into_iter()
        .take(SEAM_TOKENS)
    {
        if skipped > SEAM_SKIPPED {
            break;
        }
        if let Some(at) = near(&t) {
            return at;
        }
        // Only short pieces are passed over: a longer one is a line of the second
        // rendering (the OCR reads the running title first, which the text layer before
        // it printed last).
        if t.len() > SEAM_DEBRIS {
            break;
        }
        skipped += t.len();
    }
    split
}

/// The body cut at `a.end` into two renderings, classified.
fn two_passes(
    chars: &[char],
    removed: &[(Removal, usize)],
    a: Range<usize>,
    b: Range<usize>,
) -> Vec<Pass> {
    let split = b.start;
    // Evidence is looked for up to the next rendering (or the end): the watermark closes
    // the OCR pass and is blanked, so it lies past the pass's last character.
    let (first_is_ocr, evidence) = classify(chars, &(0..split), &(split..chars.len()), removed);
    let (ka, kb) = if first_is_ocr {
        (PassKind::Ocr, PassKind::Text)
    } else {
        (PassKind::Text, PassKind::Ocr)
    };
    vec![
        Pass {
            kind: ka,
            range: a,
            evidence: evidence.to_string(),
            agreement: None,
        },
        Pass {
            kind: kb,
            range: b,
            evidence: evidence.to_string(),
            agreement: None,
        },
    ]
}

/// The char index where the second rendering begins, if the body holds two.
fn find_split(chars: &[char], non_space: &[usize]) -> Option<Split> {
    let cs: Vec<char> = non_space.iter().map(|&i| chars[i]).collect();
    if cs.len() < 4 * SPLIT_GRAM {
        return None;
    }
    // A gram seen an even number of times, 2k, votes for the split between its k-th and
    // its (k+1)-th occurrence: once in each rendering (k = 1), or a passage each rendering
    // repeats (a sentence printed twice: k = 2), whose copies would otherwise vote for
    // nothing. Two sweeps: the counts, then the middle pair of each gram.
    let hashes = align::gram_hashes(&cs, SPLIT_GRAM);
    // gram hash -> (count, occurrences seen in the second sweep, k-th position, (k+1)-th)
    let mut seen: align::GramMap<(u32, u32, usize, usize)> =
        align::GramMap::with_capacity_and_hasher(cs.len(), Default::default());
    for &h in &hashes {
        seen.entry(h).or_insert((0, 0, 0, 0)).0 += 1;
    }
    for (p, h) in hashes.iter().enumerate() {
        let e = seen.get_mut(h).expect("counted in the first sweep");
        e.1 += 1;
        if e.0.is_multiple_of(2) && e.1 == e.0 / 2 {
            e.2 = p;
        } else if e.0.is_multiple_of(2) && e.1 == e.0 / 2 + 1 {
            e.3 = p;
        }
    }
    // coverage[s] = number of pairs with p1 < s <= p2.
    let mut diff = vec![0i32; cs.len() + 2];
    let mut pairs = 0;
    for &(count, _, p1, p2) in seen.values() {
        if count >= 2 && count.is_multiple_of(2) {
            diff[p1 + 1] += 1;
            diff[p2 + 1] -= 1;
            pairs += 1;
        }
    }
    let mut coverage = Vec::with_capacity(cs.len());
    let mut running = 0;
    for &d in diff.iter().take(cs.len()) {
        running += d;
        coverage.push(running);
    }
    // The first maximal run of coverage.
    let votes = coverage.iter().copied().max().unwrap_or(0);
    let lo = coverage
        .iter()
        .position(|&c| c == votes)
        .unwrap_or(0)
        .max(1);
    let hi = lo + coverage[lo..].iter().take_while(|&&c| c == votes).count() - 1;
    let grams = cs.len() - SPLIT_GRAM + 1;
    if votes < 8 || (votes as usize) * 5 < grams / 2 || pairs == 0 {
        return None;
    }
    // Split at the widest whitespace near the winning run (blanked furniture sits between
    // the renderings). A gram that straddles the split can repeat one seen earlier and
    // end the run a few characters early, so look a gram's length past it, among splits
    // almost as well supported; among equal gaps, the split that leaves the two renderings
    // the most nearly equal in length: they are two readings of one page.
    let gap = |s: usize| non_space[s] - non_space[s - 1];
    let imbalance = |s: usize| s.abs_diff(cs.len() - s);
    let reach = (hi + SPLIT_GRAM).min(cs.len() - 1);
    // Among equal gaps, a split after a sentence end: a page's text ends with a paragraph,
    // a footnote or furniture far more often than inside a citation (`2010年 | 第9期。`,
    // where a text layer printed first and the OCR reading run into each other).
    let after_sentence_end = |s: usize| matches!(cs[s - 1], '。' | '？' | '！');
    let s = (lo..=reach)
        .filter(|&s| coverage[s] + 3 >= votes)
        .max_by_key(|&s| {
            (
                gap(s),
                after_sentence_end(s),
                std::cmp::Reverse(imbalance(s)),
            )
        })
        .unwrap_or(hi);
    // A passage each rendering repeats (a paragraph opening like an earlier one) makes its
    // grams vote for no split, and can pull the best run past the true boundary: then the
    // two parts differ in length by about that passage. Offer the well-supported split
    // that balances them best as a second choice; the alignment decides between the two.
    // The two renderings differ in length by what the OCR lost or added (a mark, a
    // misread pair, the running title), so "most nearly equal" is a few characters wide:
    // within them, the widest gap (blanked furniture) marks the boundary.
    let supported = |b: &usize| 2 * coverage[*b] >= votes;
    let least = (1..cs.len()).filter(supported).map(imbalance).min();
    let balanced = least
        .and_then(|least| {
            (1..cs.len())
                .filter(supported)
                .filter(|&b| imbalance(b) <= least + 2 * SPLIT_GRAM)
                .max_by_key(|&b| (gap(b), std::cmp::Reverse(imbalance(b))))
        })
        .filter(|&b| imbalance(s) * 100 > 3 * cs.len() && imbalance(b) < imbalance(s) / 2);
    Some(Split {
        at: non_space[s],
        balanced: balanced.map(|b| non_space[b]),
    })
}

/// Where the second rendering begins, and a second choice.
#[derive(Debug, Clone, Copy)]
struct Split {
    at: usize,
    /// The split that leaves the two parts nearest in length, when the best-supported one
    /// leaves them far apart (see [`find_split`]).
    balanced: Option<usize>,
}

pub(super) fn has_removal(
    removed: &[(Removal, usize)],
    range: &Range<usize>,
    kind: RemovalKind,
) -> bool {
    removed
        .iter()
        .any(|(r, at)| r.kind == kind && range.contains(at))
}

/// Decides which of two renderings is the OCR pass: the one with ASCII punctuation between
/// ideographs where the other prints full-width punctuation only; the one carrying the CNKI watermark;
/// else the one without footnote markers when the other has several (an engine that
/// cannot read circled marks); else the text layer is the one with letter-spaced lines
/// (single ideographs between spaces); else the one with more footnote markers (OCR loses
/// them); else the first.
fn classify(
    chars: &[char],
    a: &Range<usize>,
    b: &Range<usize>,
    removed: &[(Removal, usize)],
) -> (bool, &'static str) {
    // A page typeset with full-width punctuation has it in its text layer throughout; an
    // OCR engine reads some of it as ASCII (`，` as `,`). Decisive before the watermark,
    // which a PDF can carry in its text layer too.
    let (pa, pb) = (punctuation(chars, a), punctuation(chars, b));
    if pa.ascii.min(pb.ascii) == 0 && pa.ascii.max(pb.ascii) >= 3 {
        let text = if pa.ascii == 0 { pa } else { pb };
        if text.full >= pa.ascii.max(pb.ascii) {
            return (pb.ascii == 0, "ascii punctuation");
        }
    }
    let (wa, wb) = (
        has_removal(removed, a, RemovalKind::Watermark),
        has_removal(removed, b, RemovalKind::Watermark),
    );
    if wa != wb {
        return (wa, "watermark");
    }
    let marks = |r: &Range<usize>| {
        chars[r.clone()]
            .iter()
            .filter(|&&c| is_footnote_mark(c))
            .count()
    };
    // An OCR engine that cannot read circled marks at all (Tesseract's `@`, `”`, `GO`)
    // against a text layer printing several: decisive, whatever the letter-spacing (real
    // typesetting spaces letters in both renderings, and Tesseract splits words too).
    let (ma, mb) = (marks(a), marks(b));
    if ma.min(mb) == 0 && ma.max(mb) >= 2 {
        return (ma < mb, "footnote markers");
    }
    let (sa, sb) = (
        letter_spaced_tokens(chars, a),
        letter_spaced_tokens(chars, b),
    );
    if sa.abs_diff(sb) >= 2 {
        return (sa < sb, "letter-spacing");
    }
    // The OCR reads the running title first (top of the page image); the text layer has
    // it in the footer, after the page number.
    let (ta, tb) = (
        title_first(chars, a, b, removed),
        title_first(chars, b, a, removed),
    );
    if ta != tb {
        return (ta, "title position");
    }
    if ma != mb {
        return (ma < mb, "footnote markers");
    }
    (true, "position")
}

/// Punctuation between ideographs (a space allowed either side): ASCII `,:;()` and the
/// full-width forms.
#[derive(Debug, Clone, Copy)]
struct Punctuation {
    ascii: usize,
    full: usize,
}

fn punctuation(chars: &[char], range: &Range<usize>) -> Punctuation {
    let text = &chars[range.clone()];
    let ideograph_near = |from: usize, step: isize| {
        let mut i = from as isize;
        for _ in 0..2 {
            i += step;
            match text.get(i as usize) {
                Some(c) if c.is_whitespace() => continue,
                Some(&c) => return ocrclean_text::is_ideograph(c),
                None => return false,
            }
        }
        false
    };
    let mut p = Punctuation { ascii: 0, full: 0 };
    for (i, &c) in text.iter().enumerate() {
        if matches!(c, ',' | ':' | ';' | '(' | ')') && ideograph_near(i, -1) && ideograph_near(i, 1)
        {
            p.ascii += 1;
        } else if matches!(c, '，' | '：' | '；' | '（' | '）') {
            p.full += 1;
        }
    }
    p
}

/// True when `pass` begins with the token that follows a page number in `other`.
fn title_first(
    chars: &[char],
    pass: &Range<usize>,
    other: &Range<usize>,
    removed: &[(Removal, usize)],
) -> bool {
    let Some(first) = first_token(chars, pass.clone()) else {
        return false;
    };
    let first = &chars[first];
    removed
        .iter()
        .filter(|(r, at)| r.kind == RemovalKind::PageNumber && other.contains(at))
        .any(|(r, at)| {
            let after = at + r.text.chars().count();
            first_token(chars, after.min(other.end)..other.end).is_some_and(|t| &chars[t] == first)
        })
}

/// Single ideographs standing between spaces: the mark of letter-spaced lines.
fn letter_spaced_tokens(chars: &[char], range: &Range<usize>) -> usize {
    let space = |i: usize| !range.contains(&i) || chars[i].is_whitespace();
    range
        .clone()
        .filter(|&i| {
            let c = chars[i];
            !c.is_whitespace()
                && space(i.wrapping_sub(1))
                && space(i + 1)
                && is_cjk(c)
                && !is_footnote_mark(c)
        })
        .count()
}

/// Length of the grams [`shared_grams`] compares: short, because an engine misreads a
/// character every few on a poor image.
const SHARE_GRAM: usize = 4;

/// The share of the first rendering's grams (non-space characters) that the second holds
/// anywhere: how much of one is the other's text, whatever the order.
pub(super) fn shared_grams(chars: &[char], passes: &[Pass]) -> f64 {
    let [a, b] = passes else {
        return 0.0;
    };
    let visible = |r: &Range<usize>| -> Vec<char> {
        chars[r.clone()]
            .iter()
            .copied()
            .filter(|c| !c.is_whitespace())
            .collect()
    };
    let (a, b) = (visible(&a.range), visible(&b.range));
    crate::work::spend(a.len() + b.len());
    let in_b: ocrclean_text::hash::FxSet<u64> =
        align::gram_hashes(&b, SHARE_GRAM).into_iter().collect();
    let grams = align::gram_hashes(&a, SHARE_GRAM);
    if grams.is_empty() {
        return 0.0;
    }
    grams.iter().filter(|h| in_b.contains(h)).count() as f64 / grams.len() as f64
}

/// How far two renderings, once aligned, agree.
pub(super) struct Agreement {
    /// The share of their characters outside disagreements, to four decimals.
    pub(super) share: f64,
    /// The longest run both sides of which disagree (a whole phrase read differently).
    pub(super) longest_both: usize,
}

impl Agreement {
    /// OCR errors are short and a few percent of the characters; two halves of a page that
    /// repeats a passage disagree over whole sentences. A real engine also garbles a
    /// passage now and then (a table row, a line read across a figure): a long run read
    /// differently is allowed where nearly all the rest agrees.
    pub(super) fn is_plausible(&self) -> bool {
        self.share >= MIN_AGREEMENT
            && (self.longest_both < MAX_BOTH_SIDED_RUN || self.share >= CLOSE_AGREEMENT)
    }
}

/// Renderings whose aligned characters agree less than this are not two renderings.
const MIN_AGREEMENT: f64 = 0.8;
/// Renderings agreeing this far are two renderings whatever their longest difference.
const CLOSE_AGREEMENT: f64 = 0.9;
/// A run this long read differently on both sides is not an OCR error.
const MAX_BOTH_SIDED_RUN: usize = 8;

pub(super) fn agreement(found: &Reconciled) -> Agreement {
    let total: usize = found.passes.iter().map(|p| p.chars).sum();
    let mut disagreeing = 0;
    let mut longest_both = 0;
    for d in &found.disagreements {
        let (o, t) = (d.ocr.chars().count(), d.text.chars().count());
        disagreeing += o + t;
        longest_both = longest_both.max(o.min(t));
    }
    let share = if total == 0 {
        1.0
    } else {
        1.0 - disagreeing as f64 / total as f64
    };
    Agreement {
        share: (share.max(0.0) * 1e4).round() / 1e4,
        longest_both,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_second_rendering_begins_at_its_first_line_glued_to_the_firsts_end() {
        let seam_of = |page: &str, split_before: &str| {
            let chars: Vec<char> = page.chars().collect();
            let byte = page.find(split_before).expect("the split is in the page");
            let at = page[..byte].chars().count();
            let moved = seam(&chars, 0..at, at..chars.len());
            chars[moved..].iter().take(6).collect::<String>()
        };
        // The OCR's misread page number glued to the text layer's running title.
        let page = "乡村振兴研究 正文一行。 523乡村振兴研究 正文一行。";
        assert_eq!(seam_of(page, "523"), "乡村振兴研究");
        // Votes a few short pieces early, inside a note both renderings end alike.
        let page = "乡村振兴研究 2017 年第 2 期 正文。 2017 年第 9 期。 二乡村振兴研究 2017";
        assert_eq!(seam_of(page, "年第 9"), "乡村振兴研究");
        // The OCR after the text layer opens with the title the text layer printed last:
        // no move past a line.
        let page = "江河湖海山川草木。 典籍注重风俗 典籍注重风俗 江河湖海山川草木。";
        assert_eq!(seam_of(page, "典籍注重风俗 江"), "典籍注重风俗");
    }

    #[test]
    fn a_split_inside_a_token_offers_the_tokens_start() {
        let page: Vec<char> = "甲乙 丙丁 戊己庚辛壬癸子丑寅卯".chars().collect();
        assert_eq!(token_start(&page, 0, 8), Some(6));
        // At a token's start, or more than a gram's length into it: no other choice.
        assert_eq!(token_start(&page, 0, 6), None);
        assert_eq!(token_start(&page, 0, 14), None);
    }

    #[test]
    fn ascii_punctuation_between_ideographs_marks_the_ocr_pass() {
        let ocr = "江河湖海,山川草木: 春夏秋冬(风雨)雷电,日月星辰，东西南北，中发白。";
        let text = "江河湖海，山川草木：春夏秋冬（风雨）雷电，日月星辰，东西南北，中发白。";
        for (first, second, first_is_ocr) in [(ocr, text, true), (text, ocr, false)] {
            let page = format!("{first} {second}");
            let chars: Vec<char> = page.chars().collect();
            let n = first.chars().count();
            let (is_ocr, evidence) = classify(&chars, &(0..n), &(n..chars.len()), &[]);
            assert_eq!((is_ocr, evidence), (first_is_ocr, "ascii punctuation"));
        }
        // Both ASCII (a journal printing half-width punctuation): no evidence here.
        // (The shared grams of two renderings: see `shared_grams_are_order_free`.)
        let page = format!("{ocr} {ocr}");
        let chars: Vec<char> = page.chars().collect();
        let n = ocr.chars().count();
        assert_ne!(
            classify(&chars, &(0..n), &(n..chars.len()), &[]).1,
            "ascii punctuation"
        );
    }

    #[test]
    fn shared_grams_are_order_free() {
        let page = "甲乙丙丁戊己 子丑寅卯辰巳 子丑寅卯辰巳 甲乙丙丁戊己 金木水火土日";
        let chars: Vec<char> = page.chars().collect();
        let pass = |range| Pass {
            kind: PassKind::Ocr,
            range,
            evidence: String::new(),
            agreement: None,
        };
        // The halves hold the same two blocks in the other order: all shared but the three
        // grams across the block boundary.
        let share = shared_grams(&chars, &[pass(0..13), pass(14..27)]);
        assert!((share - 6.0 / 9.0).abs() < 1e-9, "{share}");
        let share = shared_grams(&chars, &[pass(0..6), pass(21..27)]);
        assert_eq!(share, 1.0);
        assert_eq!(shared_grams(&chars, &[pass(0..6), pass(28..34)]), 0.0);
    }
}
