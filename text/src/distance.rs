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

/// Levenshtein distance between `a` and `b`, or None when it exceeds `max` (banded: time
/// O((|a|+|b|)·max)).
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
    let inf = max + 1;
    let mut prev: Vec<usize> = (0..=b.len()).map(|j| j.min(inf)).collect();
    let mut cur = vec![inf; b.len() + 1];
    for i in 1..=a.len() {
        let lo = i.saturating_sub(max).max(1);
        let hi = (i + max).min(b.len());
        cur.fill(inf);
        cur[0] = i.min(inf);
        let mut row_min = cur[0];
        for j in lo..=hi {
            let sub = prev[j - 1] + usize::from(a[i - 1] != b[j - 1]);
            let v = sub.min(prev[j] + 1).min(cur[j - 1] + 1).min(inf);
            cur[j] = v;
            row_min = row_min.min(v);
        }
        if row_min > max {
            return None;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    (prev[b.len()] <= max).then_some(prev[b.len()])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(s: &str) -> Vec<char> {
        s.chars().collect()
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
