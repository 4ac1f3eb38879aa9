//! Step 2, row cuts: where the reading orders allow a row to end.

/// Positions `i` (in text order) where the first `i` fragments are exactly the first `i`
/// in OCR order: the only places a row can end. Includes 0 and `n`.
pub(super) fn cut_points(order: &[usize]) -> Vec<usize> {
    let mut cuts = vec![0];
    let mut max = 0;
    for (i, &o) in order.iter().enumerate() {
        max = max.max(o);
        if max == i {
            cuts.push(i + 1);
        }
    }
    if cuts.last() != Some(&order.len()) {
        cuts.push(order.len());
    }
    cuts
}
