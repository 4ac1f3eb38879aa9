//! The continuity that deals an interleaved page's column blocks into two chains: the
//! article's own n-grams across each junction (`Grams`), and the beam search over the
//! dealings (`deal`).

use super::refs::{self, Role, Stage};
use super::{is_heading, squeeze, width, Line, MARGIN, NEAR};
use std::collections::HashSet;

/// States the beam keeps per block.
const BEAM: usize = 64;

/// The n-grams (2 to 4 characters) inside the article's printed lines.
pub(super) struct Grams {
    seen: HashSet<u128>,
    /// The column width in half units.
    pub(super) column: u32,
}

fn pack(chars: &[char]) -> u128 {
    chars
        .iter()
        .fold(chars.len() as u128, |acc, &c| (acc << 32) | c as u128)
}

impl Grams {
    pub(super) fn new(pages: &[Vec<Line>], column: u32) -> Self {
        let mut set = HashSet::new();
        for line in pages.iter().flatten() {
            let chars = squeeze(&line.text);
            for k in 2..=4 {
                for g in chars.windows(k) {
                    set.insert(pack(g));
                }
            }
            crate::work::spend(chars.len());
        }
        Grams { seen: set, column }
    }

    /// How well `head` continues `tail` on the next printed line: the n-grams that
    /// straddle the junction and occur inside a line elsewhere, longer ones worth more.
    pub(super) fn junction(&self, tail: &str, head: &str) -> i32 {
        // A paragraph ends on a line that ends a sentence short of the column's width;
        // a full line ending a sentence may go on with the next sentence.
        let ends = crate::article::lines::ends_sentence(tail.trim_end());
        let para_end = ends && width(tail) + NEAR < self.column;
        if is_heading(head.trim()) {
            // A heading starts after a paragraph has ended.
            return match (para_end, ends) {
                (true, _) => 6,
                (false, true) => 2,
                _ => -8,
            };
        }
        if is_heading(tail.trim()) {
            // What follows a heading starts a paragraph: nothing to compare.
            return 2;
        }
        // After a paragraph's end comes a paragraph's first line, indented (plain text
        // loses the indent's spaces, not its width): a full line continues another.
        let penalty = if para_end && width(head) + 2 >= self.column {
            -4
        } else {
            0
        };
        let t = squeeze(tail);
        let h = squeeze(head);
        let t = &t[t.len().saturating_sub(3)..];
        let h = &h[..h.len().min(3)];
        let joined: Vec<char> = t.iter().chain(h).copied().collect();
        let cut = t.len();
        let mut score = 0;
        for k in 2..=4usize {
            for start in cut.saturating_sub(k - 1)..cut {
                let Some(gram) = joined.get(start..start + k) else {
                    continue;
                };
                // Digits follow digits anywhere: years and figures say nothing of a join.
                let digits = gram.iter().all(|c| c.is_ascii_digit() || *c == '.');
                if !digits && self.seen.contains(&pack(gram)) {
                    score += k as i32 - 1;
                }
            }
        }
        score + penalty
    }
}

/// Deals the column blocks (by index into `texts`, each as (first line, last line)) into
/// two chains. Returns each block's chain (0 holds the first block), or `None` when the
/// chains read no better than the extractor's order, with the points gained. The chains
/// are read one after the other, so the junction from the first chain's last block to
/// the second chain's first counts too: a column's foot runs on into the next column's
/// top, and a heading on top of the first column, which joins nothing, goes with the
/// chain that the other continues. `roles` say where reference lists begin: a column reads
/// its running text, then its list (`refs::place` prices a block out of that order; an
/// interleaving extractor deals the other column's paragraphs after a list's start).
pub(super) fn deal(grams: &Grams, ends: &[(&str, &str)], roles: &[Role]) -> (Option<Vec<u8>>, i32) {
    #[derive(Clone, Copy)]
    struct State {
        chain: u8,
        other: Option<usize>,
        /// The first block of chain 1, once it has one.
        second: Option<usize>,
        /// Per chain, where it stands to its reference list.
        listed: [Stage; 2],
        score: i32,
        prev: usize,
    }
    let place = |stage: Stage, b: usize| refs::place(stage, roles[b]);
    let n = ends.len();
    let join = |a: usize, b: usize| grams.junction(ends[a].1, ends[b].0);
    let mut layers: Vec<Vec<State>> = vec![vec![State {
        chain: 0,
        other: None,
        second: None,
        // (Indexed by chain: chain 0 holds block 0.)
        listed: [place(Stage::Open, 0).1, Stage::Open],
        score: 0,
        prev: 0,
    }]];
    for i in 0..n - 1 {
        let mut next: Vec<State> = Vec::with_capacity(layers[i].len() * 2);
        for (p, s) in layers[i].iter().enumerate() {
            for chain in [s.chain, 1 - s.chain] {
                let (cost, now) = place(s.listed[chain as usize], i + 1);
                let mut listed = s.listed;
                listed[chain as usize] = now;
                let (other, second, join_score) = if chain == s.chain {
                    (s.other, s.second, join(i, i + 1))
                } else {
                    (
                        Some(i),
                        s.second.or(Some(i + 1)),
                        s.other.map_or(0, |o| join(o, i + 1)),
                    )
                };
                next.push(State {
                    chain,
                    other,
                    second,
                    listed,
                    score: s.score + join_score + cost,
                    prev: p,
                });
            }
        }
        crate::work::spend(next.len());
        // One state per (chain, other tail, lists begun), the best; then the best `BEAM`.
        next.sort_by(|a, b| {
            (
                a.chain,
                a.other,
                a.second,
                a.listed,
                std::cmp::Reverse(a.score),
            )
                .cmp(&(
                    b.chain,
                    b.other,
                    b.second,
                    b.listed,
                    std::cmp::Reverse(b.score),
                ))
        });
        next.dedup_by(|a, b| {
            a.chain == b.chain && a.other == b.other && a.second == b.second && a.listed == b.listed
        });
        next.sort_by_key(|s| std::cmp::Reverse(s.score));
        next.truncate(BEAM);
        layers.push(next);
    }
    // The extractor's order, priced the same way (one chain).
    let identity: i32 = {
        let mut listed = place(Stage::Open, 0).1;
        (0..n - 1)
            .map(|i| {
                let (cost, now) = place(listed, i + 1);
                listed = now;
                join(i, i + 1) + cost
            })
            .sum()
    };
    let last = &layers[n - 1];
    // The first chain's last block: the last block, or the other tail when the last
    // block is the second chain's.
    let read_on = |s: &State| {
        let tail = if s.chain == 0 { Some(n - 1) } else { s.other };
        tail.zip(s.second).map_or(0, |(t, f)| join(t, f))
    };
    let total = |k: usize| last[k].score + read_on(&last[k]);
    let best = (0..last.len()).max_by_key(|&k| total(k)).unwrap_or(0);
    let gain = total(best) - identity;
    let mut chains = vec![0u8; n];
    let mut k = best;
    for i in (0..n).rev() {
        chains[i] = layers[i][k].chain;
        k = layers[i][k].prev;
    }
    let dealt = chains.contains(&1) && gain >= MARGIN;
    (dealt.then_some(chains), gain)
}
