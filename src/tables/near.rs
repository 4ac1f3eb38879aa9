//! Matching an OCR fragment on the folded text layer: exactly after folding
//! ([`folded_match`]), or within a small edit distance ([`near_ends`]).

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
/// with `e` at most 3 characters off the fragment's length. A banded DP that stops as
/// soon as no cell of a row is within the distance allowed.
pub(super) fn near_ends(frag: &[char], tf: &[char], p: usize) -> Vec<NearEnd> {
    const FAR: u16 = u16::MAX / 2;
    const ROW: usize = 64;
    let l = frag.len();
    if l < 2 {
        return Vec::new();
    }
    let budget = ((l + 2) / 4).clamp(1, 5);
    let span = (l + 3).min(tf.len() - p);
    let t = &tf[p..p + span];
    if span >= ROW {
        return near_ends_wide(frag, t, p, budget);
    }
    // Two rows of the DP, used in turn; cells outside the band stay FAR.
    let mut rows = [[0u16; ROW]; 2];
    let [first, second] = &mut rows;
    for (j, (a, b)) in first
        .iter_mut()
        .zip(second.iter_mut())
        .enumerate()
        .take(span + 1)
    {
        *a = if j <= budget { j as u16 } else { FAR };
        *b = FAR;
    }
    let cap = budget as u16;
    for i in 1..=l {
        let lo = i.saturating_sub(budget);
        let hi = (i + budget).min(span);
        if lo > hi {
            return Vec::new();
        }
        let [a, b] = &mut rows;
        let (prev, cur) = if i % 2 == 1 { (&*a, b) } else { (&*b, a) };
        if lo >= 1 {
            cur[lo - 1] = FAR;
        }
        let fc = frag[i - 1];
        let mut best = FAR;
        for j in lo..=hi {
            let d = if j == 0 {
                i as u16
            } else {
                let sub = prev[j - 1] + u16::from(t[j - 1] != fc);
                sub.min(prev[j] + 1).min(cur[j - 1] + 1)
            };
            cur[j] = d;
            best = best.min(d);
        }
        if best > cap {
            return Vec::new();
        }
    }
    let last = &rows[l % 2];
    let from = l.saturating_sub(3).max(1).max(l.saturating_sub(budget));
    let to = span.min(l + budget);
    (from..=to)
        .filter(|&j| last[j] <= cap)
        .map(|j| NearEnd {
            dist: usize::from(last[j]),
            end: p + j,
        })
        .collect()
}

/// [`near_ends`] for fragments too long for its fixed rows: the full DP.
fn near_ends_wide(frag: &[char], t: &[char], p: usize, budget: usize) -> Vec<NearEnd> {
    let (l, span) = (frag.len(), t.len());
    let mut prev: Vec<usize> = (0..=span).collect();
    let mut cur = vec![0; span + 1];
    for (i, &fc) in frag.iter().enumerate() {
        cur[0] = i + 1;
        for j in 1..=span {
            let sub = prev[j - 1] + usize::from(t[j - 1] != fc);
            cur[j] = sub.min(prev[j] + 1).min(cur[j - 1] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    (l.saturating_sub(3).max(1)..=span)
        .filter(|&j| prev[j] <= budget)
        .map(|j| NearEnd {
            dist: prev[j],
            end: p + j,
        })
        .collect()
}
