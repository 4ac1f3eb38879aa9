//! Matching an OCR fragment on the folded text layer: exactly after folding
//! ([`folded_match`]), or within a small edit distance ([`near_ends`], by the one edit
//! distance of the primitives).

use ocrclean_text::distance::prefix_distances;

/// A place a fragment nearly matches: its edit distance, and where the match ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct NearEnd {
    pub(super) dist: usize,
    pub(super) end: usize,
}

/// Where `key` (folded, dash runs collapsed) matches the folded text `tf` from `p`, if it
/// does.
pub(super) fn folded_match(key: &[char], tf: &[char], p: usize) -> Option<usize> {
    let mut i = p;
    for &k in key {
        let c = *tf.get(i)?;
        if c != k {
            return None;
        }
        i += 1;
        if c == '-' {
            while i < tf.len() && tf[i] == '-' {
                i += 1;
            }
        }
    }
    Some(i)
}

/// Ends `e` such that `tf[p..e]` is within a small edit distance of `frag` (both folded),
/// with `e` at most 3 characters off the fragment's length.
pub(super) fn near_ends(frag: &[char], tf: &[char], p: usize) -> Vec<NearEnd> {
    let l = frag.len();
    if l < 2 {
        return Vec::new();
    }
    // One edit per four characters, rounded up: a five-character cell line may carry two
    // misreads (a digit read as a letter beside a misread ideograph).
    let budget = l.div_ceil(4).clamp(1, 5);
    let span = (l + 3).min(tf.len() - p);
    let distances = prefix_distances(frag, &tf[p..p + span], budget);
    if distances.is_empty() {
        return Vec::new();
    }
    let from = l.saturating_sub(3).max(1).max(l.saturating_sub(budget));
    let to = span.min(l + budget);
    (from..=to)
        .filter_map(|j| distances[j].map(|dist| NearEnd { dist, end: p + j }))
        .collect()
}
