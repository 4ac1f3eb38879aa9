//! Character alignment of the OCR pass against the text layer, without quadratic cost.
//!
//! Unique k-grams shared by both sequences are anchors; the longest chain of anchors in
//! order (patience LIS, O(n log n)) fixes the alignment, and only the small gaps between
//! anchors are aligned by edit-distance DP. A gap too large for DP is re-anchored with
//! shorter grams, and failing that aligned as one replaced block, so the cost stays
//! linear in the page length whatever the input.
//!
//! Spaces are layout: in both sequences a space stands for a whitespace run. A space
//! pairs only with a space (a printed line end in both renderings), and a space of `b`
//! alone is free (the text layer's letter-spacing), so line ends line up.
//!
//! A *wildcard* in `a` (the OCR stream marks each table with one) absorbs any run of `b`
//! at no cost: the text layer's cell-by-cell table lands there, whatever its order.

/// A map keyed by gram hashes.
pub(crate) type GramMap<V> = ocrclean_text::hash::HashKeyMap<V>;

/// Hashes of every k-gram of `seq` (rolling, one pass): `out[i]` is the hash of
/// `seq[i..i + k]`. Equal grams have equal hashes; callers that need certainty compare
/// the grams themselves.
pub(crate) fn gram_hashes(seq: &[char], k: usize) -> Vec<u64> {
    const BASE: u64 = 0x100_0000_01B3;
    if seq.len() < k || k == 0 {
        return Vec::new();
    }
    let top = BASE.wrapping_pow(k as u32 - 1);
    let mut h = 0u64;
    let mut out = Vec::with_capacity(seq.len() - k + 1);
    for (i, &c) in seq.iter().enumerate() {
        if i >= k {
            h = h.wrapping_sub(top.wrapping_mul(seq[i - k] as u64));
        }
        h = h.wrapping_mul(BASE).wrapping_add(c as u64);
        if i + 1 >= k {
            // Finalize (a multiply-xorshift) so the pass-through hasher gets mixed bits.
            let mut x = h ^ (h >> 29);
            x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
            out.push(x ^ (x >> 32));
        }
    }
    out
}

/// One step of an alignment of `a` (OCR) with `b` (text layer).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `a[i] == b[j]`.
    Match,
    /// `a[i] != b[j]`: a misread character.
    Sub,
    /// `a[i]` only: the OCR added a character.
    Del,
    /// `b[j]` only: the OCR lost a character.
    Ins,
    /// `a[i]` is a wildcard (consumes no `b`).
    Wild,
    /// `b[j]` absorbed by the preceding wildcard.
    Absorb,
}

impl Op {
    pub fn advances_a(self) -> bool {
        matches!(self, Op::Match | Op::Sub | Op::Del | Op::Wild)
    }
    pub fn advances_b(self) -> bool {
        matches!(self, Op::Match | Op::Sub | Op::Ins | Op::Absorb)
    }
}

/// Gaps whose DP table would exceed this many cells are re-anchored instead.
const MAX_DP_CELLS: usize = 250_000;

/// Aligns `a` with `b`; `is_wild` marks wildcard characters of `a`.
///
/// ```
/// use ocrclean::passes::align::{align, Op};
/// let a: Vec<char> = "末来发展。0随".chars().collect();
/// let b: Vec<char> = "未来发展。①随".chars().collect();
/// let ops = align(&a, &b, |_| false);
/// assert_eq!(ops, [Op::Sub, Op::Match, Op::Match, Op::Match, Op::Match, Op::Sub, Op::Match]);
/// ```
pub fn align(a: &[char], b: &[char], is_wild: impl Fn(char) -> bool + Copy) -> Vec<Op> {
    let mut ops = Vec::with_capacity(a.len().max(b.len()) + 16);
    align_anchored(a, b, is_wild, &mut ops, 6);
    ops
}

fn align_anchored(
    a: &[char],
    b: &[char],
    is_wild: impl Fn(char) -> bool + Copy,
    ops: &mut Vec<Op>,
    k: usize,
) {
    crate::work::spend(a.len() + b.len());
    let chain = anchor_chain(a, b, k, is_wild);
    let (mut ca, mut cb) = (0, 0);
    for (i, j) in chain {
        if i >= ca && j >= cb {
            align_gap(&a[ca..i], &b[cb..j], is_wild, ops, k);
            ops.extend(std::iter::repeat_n(Op::Match, k));
            ca = i + k;
            cb = j + k;
        } else if i + cb == j + ca && i + k > ca {
            // Same diagonal as the previous anchor, overlapping it: extend the match.
            ops.extend(std::iter::repeat_n(Op::Match, i + k - ca));
            cb += i + k - ca;
            ca = i + k;
        }
    }
    align_gap(&a[ca..], &b[cb..], is_wild, ops, k);
}

/// Anchors: positions of k-grams occurring exactly once in `a` and once in `b`, reduced
/// to the longest chain increasing in both.
fn anchor_chain(
    a: &[char],
    b: &[char],
    k: usize,
    is_wild: impl Fn(char) -> bool,
) -> Vec<(usize, usize)> {
    if a.len() < k || b.len() < k {
        return Vec::new();
    }
    // gram hash -> (count in a, position in a, count in b, position in b)
    let mut grams: GramMap<(u32, usize, u32, usize)> =
        GramMap::with_capacity_and_hasher(a.len(), Default::default());
    // Grams across a space or a wildcard are no anchors: which space pairs with which is
    // for the costed alignment to decide (a lost footnote mark sits between two).
    let solid = |seq: &[char]| -> Vec<bool> {
        // next_break[p]: the first space or wildcard at or after p.
        let mut next_break = vec![seq.len(); seq.len() + 1];
        for p in (0..seq.len()).rev() {
            next_break[p] = if is_space(seq[p]) || is_wild(seq[p]) {
                p
            } else {
                next_break[p + 1]
            };
        }
        (0..seq.len().saturating_sub(k - 1))
            .map(|i| next_break[i] >= i + k)
            .collect()
    };
    let (solid_a, solid_b) = (solid(a), solid(b));
    let hashes_a = gram_hashes(a, k);
    for (i, &h) in hashes_a.iter().enumerate() {
        if !solid_a[i] {
            continue;
        }
        let e = grams.entry(h).or_insert((0, i, 0, 0));
        e.0 += 1;
    }
    for (j, h) in gram_hashes(b, k).into_iter().enumerate() {
        if !solid_b[j] {
            continue;
        }
        if let Some(e) = grams.get_mut(&h) {
            e.2 += 1;
            e.3 = j;
        }
    }
    // Walking `a` in order yields the pairs already sorted by their position in `a`. Runs
    // of anchors on one diagonal (clean stretches of text) keep only their two ends: the
    // chain through them is the same, and the chain's search gets much shorter.
    let pairs: Vec<(usize, usize)> = hashes_a
        .iter()
        .enumerate()
        .filter(|&(i, _)| solid_a[i])
        .filter_map(|(i, h)| {
            let &(ca, first, cb, j) = grams.get(h)?;
            (ca == 1 && cb == 1 && first == i && a[i..i + k] == b[j..j + k]).then_some((i, j))
        })
        .collect();
    let pairs = run_ends(&pairs);
    longest_increasing_chain(&pairs)
}

/// `pairs` (sorted) without the inner members of runs `(i, j), (i + 1, j + 1), …`.
fn run_ends(pairs: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let on_diagonal = |x: (usize, usize), y: (usize, usize)| y.0 == x.0 + 1 && y.1 == x.1 + 1;
    pairs
        .iter()
        .enumerate()
        .filter(|&(n, &p)| {
            let inner_start = n > 0 && on_diagonal(pairs[n - 1], p);
            let inner_end = pairs.get(n + 1).is_some_and(|&q| on_diagonal(p, q));
            !(inner_start && inner_end)
        })
        .map(|(_, &p)| p)
        .collect()
}

/// Longest subsequence of `pairs` (sorted by `.0`) whose `.1` strictly increases.
fn longest_increasing_chain(pairs: &[(usize, usize)]) -> Vec<(usize, usize)> {
    // tails[l] = index into pairs of the smallest-.1 end of a chain of length l+1.
    let mut tails: Vec<usize> = Vec::new();
    let mut prev: Vec<Option<usize>> = vec![None; pairs.len()];
    for (idx, &(_, j)) in pairs.iter().enumerate() {
        let l = tails.partition_point(|&t| pairs[t].1 < j);
        if l > 0 {
            prev[idx] = Some(tails[l - 1]);
        }
        if l == tails.len() {
            tails.push(idx);
        } else {
            tails[l] = idx;
        }
    }
    let mut chain = Vec::with_capacity(tails.len());
    let mut cur = tails.last().copied();
    while let Some(idx) = cur {
        chain.push(pairs[idx]);
        cur = prev[idx];
    }
    chain.reverse();
    chain
}

fn align_gap(
    a: &[char],
    b: &[char],
    is_wild: impl Fn(char) -> bool + Copy,
    ops: &mut Vec<Op>,
    k: usize,
) {
    let prefix = a
        .iter()
        .zip(b)
        .take_while(|(x, y)| x == y && !is_wild(**x) && !is_space(**x))
        .count();
    let (a, b) = (&a[prefix..], &b[prefix..]);
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y && !is_wild(**x) && !is_space(**x))
        .count();
    let (a_mid, b_mid) = (&a[..a.len() - suffix], &b[..b.len() - suffix]);
    ops.extend(std::iter::repeat_n(Op::Match, prefix));
    if a_mid.is_empty() {
        ops.extend(std::iter::repeat_n(Op::Ins, b_mid.len()));
    } else if b_mid.is_empty() {
        ops.extend(
            a_mid
                .iter()
                .map(|&c| if is_wild(c) { Op::Wild } else { Op::Del }),
        );
    } else if (a_mid.len() + 1) * (b_mid.len() + 1) <= MAX_DP_CELLS {
        edit_distance_ops(a_mid, b_mid, is_wild, ops);
    } else if k > 3 {
        align_anchored(a_mid, b_mid, is_wild, ops, 3);
    } else {
        block_ops(a_mid, b_mid, is_wild, ops);
    }
    ops.extend(std::iter::repeat_n(Op::Match, suffix));
}

/// A gap too big to align: wildcards absorb everything (one per gap takes all of `b`);
/// without one, the block is a replacement.
fn block_ops(a: &[char], b: &[char], is_wild: impl Fn(char) -> bool, ops: &mut Vec<Op>) {
    if let Some(w) = a.iter().position(|&c| is_wild(c)) {
        ops.extend(a[..w].iter().map(|_| Op::Del));
        ops.push(Op::Wild);
        ops.extend(std::iter::repeat_n(Op::Absorb, b.len()));
        ops.extend(
            a[w + 1..]
                .iter()
                .map(|&c| if is_wild(c) { Op::Wild } else { Op::Del }),
        );
    } else {
        let common = a.len().min(b.len());
        ops.extend(std::iter::repeat_n(Op::Sub, common));
        ops.extend(std::iter::repeat_n(Op::Del, a.len() - common));
        ops.extend(std::iter::repeat_n(Op::Ins, b.len() - common));
    }
}

/// The text stream marks a wide whitespace run (a blanked page number or running title
/// between two lines) with a tab: the surest line end, preferred when an OCR line end
/// could pair with either of two text-layer spaces.
pub const WIDE_SPACE: char = '\t';

fn is_space(c: char) -> bool {
    c == ' ' || c == WIDE_SPACE
}

/// Cost of aligning `x` (OCR) with `y` (text), in quarters of a misread character: a
/// space only pairs with a space (both are line ends), a wide one for free.
fn sub_cost(x: char, y: char) -> u32 {
    match (is_space(x), is_space(y)) {
        (true, true) => u32::from(y != WIDE_SPACE),
        (false, false) => 4 * u32::from(x != y),
        _ => 12,
    }
}

/// Cost of a text-layer character the OCR does not have: free for a space (the text
/// layer's letter-spacing), one misread for anything else.
fn ins_cost(y: char) -> u32 {
    if is_space(y) {
        0
    } else {
        4
    }
}

/// Cost of an OCR character the text layer does not have.
const DEL_COST: u32 = 4;

/// Edit distance with traceback under the costs above; a wildcard row absorbs any run of
/// `b` free.
fn edit_distance_ops(a: &[char], b: &[char], is_wild: impl Fn(char) -> bool, ops: &mut Vec<Op>) {
    let (n, m) = (a.len(), b.len());
    crate::work::spend((n + 1) * (m + 1));
    let width = m + 1;
    let mut cost = vec![0u32; (n + 1) * width];
    for j in 1..=m {
        cost[j] = cost[j - 1] + ins_cost(b[j - 1]);
    }
    for i in 1..=n {
        let wild = is_wild(a[i - 1]);
        let (prev_rows, cur_rows) = cost.split_at_mut(i * width);
        let prev = &prev_rows[(i - 1) * width..];
        let cur = &mut cur_rows[..width];
        if wild {
            // Absorb b[j0..j] for free: prefix minimum of the row above.
            let mut best = u32::MAX;
            for (c, &p) in cur.iter_mut().zip(prev) {
                best = best.min(p);
                *c = best;
            }
        } else {
            cur[0] = prev[0] + DEL_COST;
            for j in 1..=m {
                let diag = prev[j - 1] + sub_cost(a[i - 1], b[j - 1]);
                cur[j] = diag
                    .min(prev[j] + DEL_COST)
                    .min(cur[j - 1] + ins_cost(b[j - 1]));
            }
        }
    }
    // Traceback from the end, preferring diagonal steps, collected in reverse.
    let start = ops.len();
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let here = cost[i * width + j];
        if i > 0 && is_wild(a[i - 1]) {
            // Find the j0 this wildcard started absorbing from.
            let mut j0 = j;
            while j0 > 0 && cost[(i - 1) * width + j0] != here {
                j0 -= 1;
            }
            ops.extend(std::iter::repeat_n(Op::Absorb, j - j0));
            ops.push(Op::Wild);
            i -= 1;
            j = j0;
        } else if j > 0 && is_space(b[j - 1]) && here == cost[i * width + j - 1] {
            // Equal either way: leave this text space free, so that an OCR line end pairs
            // with the earliest text space it can, and characters only the text layer has
            // (a footnote mark the OCR lost) begin the next line.
            ops.push(Op::Ins);
            j -= 1;
        } else if i > 0
            && j > 0
            && here == cost[(i - 1) * width + j - 1] + sub_cost(a[i - 1], b[j - 1])
        {
            let same = a[i - 1] == b[j - 1] || (is_space(a[i - 1]) && is_space(b[j - 1]));
            ops.push(if same { Op::Match } else { Op::Sub });
            i -= 1;
            j -= 1;
        } else if i > 0 && here == cost[(i - 1) * width + j] + DEL_COST {
            ops.push(Op::Del);
            i -= 1;
        } else {
            ops.push(Op::Ins);
            j -= 1;
        }
    }
    ops[start..].reverse();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    /// Replays ops and checks they consume both sequences exactly.
    fn check(a: &[char], b: &[char], ops: &[Op]) {
        assert_eq!(ops.iter().filter(|o| o.advances_a()).count(), a.len());
        assert_eq!(ops.iter().filter(|o| o.advances_b()).count(), b.len());
        let (mut i, mut j) = (0, 0);
        for op in ops {
            if *op == Op::Match {
                assert_eq!(a[i], b[j]);
            }
            i += usize::from(op.advances_a());
            j += usize::from(op.advances_b());
        }
    }

    fn diff_runs(a: &[char], b: &[char], ops: &[Op]) -> Vec<(String, String)> {
        let (mut i, mut j) = (0, 0);
        let mut runs = Vec::new();
        let mut cur: Option<(String, String)> = None;
        for op in ops {
            match op {
                Op::Match | Op::Wild | Op::Absorb => {
                    runs.extend(cur.take());
                }
                _ => {
                    let run = cur.get_or_insert_with(Default::default);
                    if op.advances_a() {
                        run.0.push(a[i]);
                    }
                    if op.advances_b() {
                        run.1.push(b[j]);
                    }
                }
            }
            i += usize::from(op.advances_a());
            j += usize::from(op.advances_b());
        }
        runs.extend(cur);
        runs
    }

    #[test]
    fn identical_sequences_match_throughout() {
        let a = chars("甲乙丙丁戊己庚辛壬癸子丑寅卯");
        let ops = align(&a, &a, |_| false);
        assert!(ops.iter().all(|&o| o == Op::Match));
    }

    #[test]
    fn substitutions_insertions_and_deletions_are_found() {
        let a = chars("城市交通规划的方法,道路网络一基于出行调查的数据分析。0此后");
        let b = chars("城市交通规划的方法,道路网络———基于出行调查的数据分析。①此后");
        let ops = align(&a, &b, |_| false);
        check(&a, &b, &ops);
        let runs = diff_runs(&a, &b, &ops);
        assert_eq!(
            runs,
            [("一".into(), "———".into()), ("0".into(), "①".into())]
        );
    }

    #[test]
    fn a_wildcard_absorbs_a_reordered_block() {
        let a = chars("前面的正文段落内容表格标题\u{E000}表格注释以及后面的正文");
        let b = chars("前面的正文段落内容表格标题甲乙丙丁戊己庚辛表格注释以及后面的正文");
        let ops = align(&a, &b, |c| c == '\u{E000}');
        check(&a, &b, &ops);
        assert_eq!(ops.iter().filter(|&&o| o == Op::Absorb).count(), 8);
        assert!(diff_runs(&a, &b, &ops).is_empty());
    }

    #[test]
    fn long_inputs_stay_linear_and_exact() {
        // A long text with scattered edits: the DP only ever sees small gaps.
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let base: Vec<char> = (0..20_000)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                char::from_u32(0x4E00 + (state % 3000) as u32).unwrap()
            })
            .collect();
        let mut edited = base.clone();
        for p in (500..19_000).step_by(1_000) {
            edited[p] = '错';
        }
        let ops = align(&edited, &base, |_| false);
        check(&edited, &base, &ops);
        assert_eq!(ops.iter().filter(|&&o| o == Op::Sub).count(), 19);
    }

    #[test]
    fn unrelated_sequences_do_not_panic() {
        let a = chars("完全不同的一段文字");
        let b = chars("another thing entirely, much longer than the first one");
        let ops = align(&a, &b, |_| false);
        check(&a, &b, &ops);
        let ops = align(&[], &b, |_| false);
        check(&[], &b, &ops);
    }
}
