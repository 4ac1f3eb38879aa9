//! Step 1, tiling: where each OCR fragment is in the text layer ([`Tiler`]), with the
//! placements by elimination. The candidates at one position are in `candidates.rs`, the
//! matching with OCR errors in `near.rs`.

use super::candidates::{Candidates, FrameBufs, Placement, TileFrame};
use super::layer::Frag;
use super::near::near_ends;
use super::tile_index::TileIndex;
use ocrclean_text::hash::FxSet;

/// Fragment placements the tiling may try before giving up (near matches computed count
/// too, `NEAR_PER_STEP` of them as one placement).
const TILE_BUDGET: usize = 5_000;
const NEAR_PER_STEP: usize = 1;
/// The longest fragment that may always be placed by elimination (see
/// [`Tiler::eliminate`]), and the longest that may be if it matches nowhere.
const BLIND_CHARS: usize = 2;
const BLIND_MAX_CHARS: usize = 12;

/// One fragment placed on the spaceless text layer `t[start..end]`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Tile {
    pub(super) frag: usize,
    pub(super) start: usize,
    pub(super) end: usize,
    /// Placed by elimination (see [`Tiler::eliminate`]).
    pub(super) blind: bool,
}

/// Places every fragment on `t` so that they cover it exactly once, left to right.
///
/// At each position the candidates are the unused fragments near the front of the OCR
/// order (the current row's fragments are the earliest unused ones): exact matches
/// first, then matches after folding OCR confusions, then small edit distances.
/// Identical fragments are interchangeable, so only the earliest unused one of them is
/// tried. Dead ends backtrack; failed states are remembered (the used set is hashed).
/// [`Tiler::next_tiling`] resumes the search for another tiling when the grid search
/// finds the first one impossible.
pub(super) struct Tiler<'a> {
    frags: &'a [Frag],
    t: &'a [char],
    /// When given, a fragment may only end where `breaks` is true.
    breaks: Option<&'a [bool]>,
    index: TileIndex,
    zobrist: Vec<u64>,
    used: Vec<bool>,
    n_used: usize,
    /// The smallest unused fragment index.
    lo: usize,
    hash: u64,
    failed: FxSet<(usize, u64)>,
    steps: usize,
    stack: Vec<TileFrame>,
    bufs: FrameBufs,
    path: Vec<Tile>,
    /// How many more fragments may be placed by elimination.
    blind_left: usize,
}

impl<'a> Tiler<'a> {
    pub(super) fn new(frags: &'a [Frag], t: &'a [char], breaks: Option<&'a [bool]>) -> Self {
        let n = frags.len();
        Tiler {
            blind_left: 0,
            frags,
            t,
            breaks,
            index: TileIndex::new(frags, t),
            zobrist: (0..n).map(|i| splitmix(i as u64 + 0x5eed)).collect(),
            used: vec![false; n],
            n_used: 0,
            lo: 0,
            hash: 0,
            failed: FxSet::default(),
            steps: 0,
            stack: vec![TileFrame::new(0, &FrameBufs::default())],
            bufs: FrameBufs::default(),
            path: Vec::new(),
        }
    }

    /// The next tiling, or None when there is none left (or the step budget ran out).
    pub(super) fn next_tiling(&mut self) -> Option<Vec<Tile>> {
        let n = self.frags.len();
        let mut resumed = !self.path.is_empty();
        while let Some(top) = self.stack.last_mut() {
            let p = top.p;
            let next = if p == self.t.len() || self.n_used == n {
                if p == self.t.len() && self.n_used == n && !resumed {
                    return Some(self.path.clone());
                }
                resumed = false;
                None
            } else {
                let at = Candidates {
                    frags: self.frags,
                    index: &self.index,
                    used: &self.used,
                    lo: self.lo,
                    p,
                    blind: self.blind_left > 0,
                };
                top.next(&at, &mut self.bufs)
            };
            match next {
                Some(Placement { end, .. }) if self.breaks.is_some_and(|b| !b[end]) => {}
                Some(Placement {
                    frag: f,
                    end,
                    blind,
                }) => {
                    self.steps += 1;
                    if self.steps + self.index.near_work.get() / NEAR_PER_STEP > TILE_BUDGET {
                        self.stack.clear();
                        return None;
                    }
                    self.used[f] = true;
                    self.n_used += 1;
                    self.hash ^= self.zobrist[f];
                    while self.lo < n && self.used[self.lo] {
                        self.lo += 1;
                    }
                    self.path.push(Tile {
                        frag: f,
                        start: p,
                        end,
                        blind,
                    });
                    if blind {
                        self.blind_left -= 1;
                        self.hash ^= BLIND_KEY;
                    }
                    if self.failed.contains(&(end, self.hash)) {
                        self.undo();
                    } else {
                        self.stack.push(TileFrame::new(end, &self.bufs));
                    }
                }
                None => {
                    self.failed.insert((p, self.hash));
                    if let Some(frame) = self.stack.pop() {
                        frame.release(&mut self.bufs);
                    }
                    self.undo();
                }
            }
        }
        None
    }

    /// Allows up to `count` fragments whose OCR reading matches nowhere to be placed by
    /// elimination: on a gap of about their length that the other fragments leave, before a
    /// place where another fragment matches (or at the end). A misread one-character line
    /// (`格` for `俗`) cannot be located any other way.
    pub(super) fn eliminate(&mut self, count: usize) {
        self.blind_left = count;
        if count == 0 {
            return;
        }
        // Which fragments may go by elimination: short ones always (a character or two
        // often matches somewhere by chance), longer ones only if they match nowhere, not
        // even nearly.
        let mut located = vec![false; self.frags.len()];
        for m in &self.index.matches {
            located[m.frag] = true;
        }
        self.index.eligible = (0..self.frags.len())
            .map(|f| {
                let frag = &self.frags[f];
                frag.len <= BLIND_CHARS
                    || frag.len <= BLIND_MAX_CHARS
                        && !located[f]
                        && (0..self.t.len())
                            .all(|p| near_ends(frag.folded(), &self.index.tf, p).is_empty())
            })
            .collect();
    }

    fn undo(&mut self) {
        if let Some(tile) = self.path.pop() {
            if tile.blind {
                self.blind_left += 1;
                self.hash ^= BLIND_KEY;
            }
            self.used[tile.frag] = false;
            self.n_used -= 1;
            self.hash ^= self.zobrist[tile.frag];
            self.lo = self.lo.min(tile.frag);
        }
    }
}

/// Changes the hash of a tiling state for each placement by elimination (the states with
/// more such placements made can do less).
const BLIND_KEY: u64 = 0x2545_F491_4F6C_DD1D;

pub(super) fn splitmix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = x;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {

    use crate::tables::rebuild;
    use crate::tables::testkit::*;

    /// A one-character line misread by the OCR matches nowhere; it takes the one gap the
    /// other fragments leave, and the misreading is reported.
    #[test]
    fn misread_one_character_line_located_by_elimination() {
        let grid = strings(&[&["类别", "内容"], &["甲", "风俗习惯"], &["乙", "统一调配"]]);
        let mut printed = print(&grid, &[2.0, 3.0], &CLEAN, &mut Rng(4));
        let at = printed
            .ocr
            .iter()
            .position(|f| f == "惯")
            .expect("a one-character line");
        printed.ocr[at] = "贯".into();
        let src = source(&printed, 6.0);
        let (table, d) = rebuild(&src);
        assert_eq!(grid_of(&table), grid, "{}", table.method);
        assert!(table.method.contains("elimination"), "{}", table.method);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!((d[0].ocr.as_str(), d[0].text.as_str()), ("贯", "惯"));
    }

    /// Two fragments fit the first gap by length: `工资`, which matches further on, and the
    /// misread `植` (for `会`), which matches nowhere. The misread one takes the gap; the
    /// other way round, `工资` would leave `植` to take `工资`'s own place.
    #[test]
    fn the_fragment_matching_nowhere_ahead_is_the_one_eliminated() {
        use super::super::layer::Frag;
        use super::Tiler;
        let frags: Vec<Frag> = ["工资", "多样", "植"]
            .iter()
            .map(|f| Frag::new(f))
            .collect();
        // Letter-spaced: a line may end after any character.
        let t: Vec<char> = "会多样工资".chars().collect();
        let breaks = vec![true; t.len() + 1];
        let mut tiler = Tiler::new(&frags, &t, Some(&breaks));
        tiler.eliminate(3);
        let tiles = tiler.next_tiling().expect("a tiling");
        let placed: Vec<(usize, usize, usize, bool)> = tiles
            .iter()
            .map(|t| (t.frag, t.start, t.end, t.blind))
            .collect();
        assert_eq!(
            placed,
            [(2, 0, 1, true), (1, 1, 3, false), (0, 3, 5, false)]
        );
    }

    #[test]
    fn dash_run_read_as_one_character() {
        let grid = strings(&[&["项", "说明"], &["乙", "治理———基于整体"]]);
        let printed = print(&grid, &[2.0, 6.0], &CLEAN, &mut Rng(5));
        let mut src = source(&printed, 9.0);
        src.ocr_fragments = src
            .ocr_fragments
            .iter()
            .map(|f| f.replace("———", "一"))
            .collect();
        let (table, d) = rebuild(&src);
        assert_eq!(grid_of(&table), grid, "{}", table.method);
        assert_eq!(d.len(), 1);
        assert_eq!((d[0].ocr.as_str(), d[0].text.as_str()), ("一", "———"));
    }
}
