//! Comparing two readings of the same printed text.
//!
//! OCR confusions mostly keep the length (one character read as another), so the cheapest
//! test is position by position; the alignment of whole passes and the location of table
//! fragments need real edit distances, which live with their searches (they price
//! insertions against a wildcard or stop at a budget) and build on these.

/// Number of positions at which two equally long readings differ, or None when their
/// lengths differ.
///
/// ```
/// use ocrclean_text::distance::mismatches;
/// assert_eq!(mismatches(&['甲', '乙'], &['甲', '丙']), Some(1));
/// assert_eq!(mismatches(&['甲'], &['甲', '丙']), None);
/// ```
pub fn mismatches(a: &[char], b: &[char]) -> Option<usize> {
    (a.len() == b.len()).then(|| a.iter().zip(b).filter(|(x, y)| x != y).count())
}

/// Two readings of one short line that differ in at most a quarter of their characters,
/// position by position (OCR confusions keep the length); at least four characters.
///
/// ```
/// use ocrclean_text::distance::nearly_equal;
/// assert!(nearly_equal("城市规划研究", "城市规划研宄"));
/// assert!(!nearly_equal("城市规划研究", "乡村振兴战略"));
/// assert!(!nearly_equal("城市", "城巿"));
/// ```
pub fn nearly_equal(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    a.len() >= 4 && mismatches(&a, &b).is_some_and(|m| 4 * m <= a.len())
}

/// The Levenshtein distance from `a` to each prefix of `b` (`out[j]` = d(a, b[..j])),
/// where it is at most `max`; `None` where it is more. Empty when no prefix is within
/// `max` (the search stops as soon as a whole row of the DP is over it).
///
/// Banded: O(|a| · max) time and O(|b|) memory. This is the one edit distance of the
/// pipeline: a fragment of OCR text located in a text layer is a prefix match within a
/// few edits.
///
/// ```
/// use ocrclean_text::distance::prefix_distances;
/// let a: Vec<char> = "政务服务".chars().collect();
/// let b: Vec<char> = "政各服务中心".chars().collect();
/// let d = prefix_distances(&a, &b, 1);
/// assert_eq!(d[4], Some(1));
/// assert_eq!(d[5], None);
/// assert!(prefix_distances(&a, &['甲', '乙', '丙', '丁'], 1).is_empty());
/// ```
pub fn prefix_distances(a: &[char], b: &[char], max: usize) -> Vec<Option<usize>> {
    let far = usize::MAX / 2;
    let span = b.len();
    let mut prev: Vec<usize> = (0..=span).map(|j| if j <= max { j } else { far }).collect();
    let mut cur = vec![far; span + 1];
    for i in 1..=a.len() {
        let lo = i.saturating_sub(max);
        let hi = (i + max).min(span);
        if lo > hi {
            return Vec::new();
        }
        if lo >= 1 {
            cur[lo - 1] = far;
        }
        let c = a[i - 1];
        let mut best = far;
        for j in lo..=hi {
            let d = if j == 0 {
                i
            } else {
                let sub = prev[j - 1] + usize::from(b[j - 1] != c);
                sub.min(prev[j] + 1).min(cur[j - 1] + 1)
            };
            cur[j] = d;
            best = best.min(d);
        }
        if best > max {
            return Vec::new();
        }
        if hi < span {
            cur[hi + 1] = far;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    // Left of the last row's band the row holds older rows' values: those prefixes are
    // more than `max` shorter than `a`, so out of reach anyway.
    let lo = a.len().saturating_sub(max);
    prev.into_iter()
        .enumerate()
        .map(|(j, d)| (j >= lo && d <= max).then_some(d))
        .collect()
}

/// Levenshtein distance between `a` and `b`, or None when it exceeds `max`.
///
/// ```
/// use ocrclean_text::distance::bounded_levenshtein;
/// let (a, b): (Vec<char>, Vec<char>) = ("政务服务".chars().collect(), "政各服务".chars().collect());
/// assert_eq!(bounded_levenshtein(&a, &b, 2), Some(1));
/// assert_eq!(bounded_levenshtein(&a, &['甲'], 2), None);
/// ```
pub fn bounded_levenshtein(a: &[char], b: &[char], max: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    prefix_distances(a, b, max).get(b.len()).copied().flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn prefix_distances_match_the_full_dp() {
        // The full DP, for comparison.
        fn full(a: &[char], b: &[char]) -> Vec<usize> {
            let mut prev: Vec<usize> = (0..=b.len()).collect();
            for (i, &c) in a.iter().enumerate() {
                let mut cur = vec![i + 1; b.len() + 1];
                for j in 1..=b.len() {
                    cur[j] = (prev[j - 1] + usize::from(b[j - 1] != c))
                        .min(prev[j] + 1)
                        .min(cur[j - 1] + 1);
                }
                prev = cur;
            }
            prev
        }
        let words = [
            "",
            "a",
            "ab",
            "abc",
            "abcab",
            "bcaab",
            "aaaa",
            "cabbac",
            "abcabcabc",
        ];
        for a in words {
            for b in words {
                let (a, b) = (c(a), c(b));
                let want = full(&a, &b);
                for max in 0..4 {
                    let got = prefix_distances(&a, &b, max);
                    if want.iter().all(|&d| d > max) {
                        assert!(got.iter().all(Option::is_none), "{a:?} {b:?} {max}");
                        continue;
                    }
                    let want: Vec<Option<usize>> =
                        want.iter().map(|&d| (d <= max).then_some(d)).collect();
                    assert_eq!(got, want, "{a:?} {b:?} {max}");
                }
            }
        }
    }

    #[test]
    fn levenshtein_counts_insertions_deletions_and_substitutions() {
        assert_eq!(bounded_levenshtein(&c("abc"), &c("abc"), 0), Some(0));
        assert_eq!(bounded_levenshtein(&c("abc"), &c("abxc"), 1), Some(1));
        assert_eq!(bounded_levenshtein(&c("abc"), &c("ac"), 1), Some(1));
        assert_eq!(bounded_levenshtein(&c("kitten"), &c("sitting"), 3), Some(3));
        assert_eq!(bounded_levenshtein(&c("kitten"), &c("sitting"), 2), None);
        assert_eq!(bounded_levenshtein(&c(""), &c("ab"), 2), Some(2));
    }
}
