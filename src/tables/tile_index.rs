//! What the tiling looks up and does not change: where each fragment matches the folded
//! text layer ([`TileIndex`]), and which fragments are identical ([`groups`]).

use super::layer::{fold, Frag};
use super::near::{folded_match, NearEnd};
use ocrclean_text::hash::FxMap;

/// Fragment index → the smallest index of a fragment with the same characters.
pub(super) fn groups(frags: &[Frag]) -> Vec<usize> {
    let mut first: FxMap<&[char], usize> = FxMap::default();
    frags
        .iter()
        .enumerate()
        .map(|(i, f)| *first.entry(f.chars()).or_insert(i))
        .collect()
}

/// [`near_ends`] by (fragment, position).
type NearMemo = FxMap<(usize, usize), Vec<NearEnd>>;

/// A fragment whose key matches the folded text layer at some position.
#[derive(Debug, Clone, Copy)]
pub(super) struct Match {
    pub(super) frag: usize,
    /// The end of the folded match.
    pub(super) end: usize,
    /// Whether its characters match exactly.
    pub(super) exact: bool,
}

/// What does not change while tiling: the text layer folded, where each fragment matches
/// it (exactly or folded), and the fragments of each group of identical ones.
pub(super) struct TileIndex {
    /// `fold(t[i])`.
    pub(super) tf: Vec<char>,
    /// `starts[p]..starts[p + 1]` in `matches`: the fragments whose key matches at `p`.
    starts: Vec<usize>,
    pub(super) matches: Vec<Match>,
    /// Fragment index → the previous fragment with the same characters, if any.
    pub(super) prev_same: Vec<Option<usize>>,
    /// [`near_ends`] of (fragment, position) as found so far (backtracking asks again),
    /// and how many were computed.
    pub(super) near: std::cell::RefCell<NearMemo>,
    pub(super) near_work: std::cell::Cell<usize>,
    /// Per fragment, whether it may be placed by elimination (see [`Tiler::eliminate`]).
    pub(super) eligible: Vec<bool>,
    /// Per fragment, where its last match (exact or folded) starts, if it has one.
    pub(super) last_match: Vec<Option<usize>>,
}

impl TileIndex {
    pub(super) fn new(frags: &[Frag], t: &[char]) -> TileIndex {
        let tf: Vec<char> = t.iter().map(|&c| fold(c)).collect();
        let mut by_first: Vec<(char, usize)> = frags
            .iter()
            .enumerate()
            .filter_map(|(f, frag)| frag.key().first().map(|&c| (c, f)))
            .collect();
        by_first.sort_unstable();
        let mut starts = Vec::with_capacity(t.len() + 1);
        let mut matches = Vec::new();
        let mut last_match = vec![None; frags.len()];
        for p in 0..t.len() {
            starts.push(matches.len());
            let from = by_first.partition_point(|&(c, _)| c < tf[p]);
            for &(c, f) in &by_first[from..] {
                if c != tf[p] {
                    break;
                }
                if let Some(end) = folded_match(frags[f].key(), &tf, p) {
                    last_match[f] = Some(p);
                    matches.push(Match {
                        frag: f,
                        end,
                        exact: t[p..].starts_with(frags[f].chars()),
                    });
                }
            }
        }
        starts.push(matches.len());
        let group = groups(frags);
        let mut last: Vec<Option<usize>> = vec![None; frags.len()];
        let prev_same = group
            .iter()
            .enumerate()
            .map(|(f, &g)| last[g].replace(f))
            .collect();
        TileIndex {
            tf,
            starts,
            matches,
            prev_same,
            near: Default::default(),
            near_work: Default::default(),
            eligible: Vec::new(),
            last_match,
        }
    }

    pub(super) fn at(&self, p: usize) -> &[Match] {
        self.matches
            .get(self.starts[p]..self.starts[p + 1])
            .unwrap_or(&[])
    }
}
