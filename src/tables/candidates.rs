//! The candidate placements at one text position of the tiling, best first
//! ([`TileFrame`]).

use super::layer::Frag;
use super::near::{near_ends, NearEnd};
use super::tile_index::{Match, TileIndex};

/// A candidate placement: fragment `frag` on the text from the frame's position to `end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Placement {
    pub(super) frag: usize,
    pub(super) end: usize,
    /// Placed by elimination (see [`Tiler::eliminate`](super::tiling::Tiler::eliminate)).
    pub(super) blind: bool,
}

/// How many unused fragments (in OCR order) are candidates at one text position.
const TILE_WINDOW: usize = 160;

/// The state the candidates at one position are drawn from.
pub(super) struct Candidates<'a> {
    pub(super) frags: &'a [Frag],
    pub(super) index: &'a TileIndex,
    pub(super) used: &'a [bool],
    pub(super) lo: usize,
    pub(super) p: usize,
    /// Whether placements by elimination are allowed.
    pub(super) blind: bool,
}

impl Candidates<'_> {
    /// Whether `f` is the earliest unused fragment of its group.
    fn first_of_group(&self, f: usize) -> bool {
        let mut at = self.index.prev_same[f];
        while let Some(g) = at {
            if !self.used[g] {
                return false;
            }
            at = self.index.prev_same[g];
        }
        true
    }

    /// How far down the unused fragments (in OCR order, `except` skipped) `f` is: 1 for
    /// the first; anything past the window counts as `TILE_WINDOW + 1`.
    fn rank(&self, f: usize, except: usize) -> usize {
        let mut rank = 0;
        for g in self.lo..=f {
            if !self.used[g] && g != except {
                rank += 1;
                if rank > TILE_WINDOW {
                    break;
                }
            }
        }
        rank
    }

    /// Round 0 of the candidates at `p`: the exact and folded matches of unused
    /// fragments (one per group of identical ones) in the window, as (key, fragment, end)
    /// where the key is how far down the OCR order the fragment is, plus one if folded;
    /// appended to `found`.
    fn exact(&self, found: &mut Vec<(usize, usize, usize)>) {
        let p = self.p;
        for &Match {
            frag: f,
            end,
            exact,
        } in self.index.at(p)
        {
            if self.used[f] || !self.first_of_group(f) {
                continue;
            }
            let rank = self.rank(f, usize::MAX);
            if rank > TILE_WINDOW {
                continue;
            }
            if exact {
                found.push((rank, f, p + self.frags[f].len));
            } else {
                found.push((rank + 1, f, end));
            }
        }
    }

    /// The near matches (a small edit distance) of fragment `f`, `rank` down the unused
    /// ones, keyed by its rank plus a penalty for each kind of doubt.
    fn near(&self, f: usize, rank: usize, out: &mut Vec<(usize, usize, usize)>) {
        let ends = self
            .index
            .near
            .borrow_mut()
            .entry((f, self.p))
            .or_insert_with(|| {
                self.index.near_work.set(self.index.near_work.get() + 1);
                near_ends(self.frags[f].folded(), &self.index.tf, self.p)
            })
            .clone();
        let len = self.frags[f].folded().len();
        for NearEnd { dist, end } in ends {
            // Prefer ends where another fragment takes over exactly.
            let blind = !self.continues_at(end, f);
            // Among equal distances, a span of the fragment's own length: an engine
            // misreads a character far more often than it drops or adds one, and a span
            // one short leaves its last character to open the next line (`季度书` + `法康复`
            // for `季度书层` + `复复比较`).
            let resized = usize::from(end - self.p != len);
            let doubt = NEAR_DOUBT + 4 * dist + 4 * usize::from(blind) + resized;
            out.push((rank + doubt, f, end));
        }
    }

    /// Placements by elimination at `p` (see [`Tiler::eliminate`]): unused fragments that
    /// may go by elimination, on a span of their length or one off that ends where another
    /// unused fragment matches (or at the end); closest length first, then a fragment
    /// that matches nowhere ahead before one that matches further on (a line read right
    /// that takes a misread line's gap leaves the misread line to take the right one's
    /// place: `工资` on `会多` and `植` on `工资`, for `植` on `会`), then earliest. The
    /// whole window: the last line of a tall cell comes late in the OCR order.
    fn blind(&self) -> Vec<(usize, usize)> {
        let mut found = Vec::new();
        let mut rank = 0;
        let n = self.index.tf.len();
        for f in self.lo..self.frags.len() {
            if self.used[f] {
                continue;
            }
            rank += 1;
            if rank > TILE_WINDOW {
                break;
            }
            let len = self.frags[f].len;
            if !self.index.eligible[f] || !self.first_of_group(f) {
                continue;
            }
            for end in (self.p + len.saturating_sub(1).max(1))..=(self.p + len + 1).min(n) {
                if self.continues_at(end, f) || self.continues_near(end, f) {
                    let ahead = self.index.last_match[f].is_some_and(|s| s > self.p);
                    found.push((len.abs_diff(end - self.p), usize::from(ahead), rank, f, end));
                }
            }
        }
        found.sort_unstable();
        found
            .into_iter()
            .map(|(_, _, _, f, end)| (f, end))
            .collect()
    }

    /// Round 1 of the candidates at `p`: near matches further down the window, best first.
    fn far(&self) -> Vec<(usize, usize)> {
        let mut found = Vec::new();
        let mut rank = 0;
        for f in self.lo..self.frags.len() {
            if self.used[f] {
                continue;
            }
            rank += 1;
            if rank > TILE_WINDOW {
                break;
            }
            if rank > FUZZY_NEAR && self.first_of_group(f) {
                self.near(f, rank, &mut found);
            }
        }
        found.sort_unstable();
        let mut out: Vec<(usize, usize)> = Vec::with_capacity(found.len());
        for (_, f, end) in found {
            if !out.contains(&(f, end)) {
                out.push((f, end));
            }
        }
        out
    }

    /// Whether one of the earliest unused fragments other than `except` nearly matches at
    /// `p` (a small edit distance).
    fn continues_near(&self, p: usize, except: usize) -> bool {
        let mut rank = 0;
        for f in self.lo..self.frags.len() {
            if self.used[f] || f == except {
                continue;
            }
            rank += 1;
            if rank > FUZZY_NEAR {
                return false;
            }
            let mut near = self.index.near.borrow_mut();
            let ends = near.entry((f, p)).or_insert_with(|| {
                self.index.near_work.set(self.index.near_work.get() + 1);
                near_ends(self.frags[f].folded(), &self.index.tf, p)
            });
            if !ends.is_empty() {
                return true;
            }
        }
        false
    }

    /// Whether `t` ends at `p` or an unused fragment other than `except`, in the window,
    /// matches there (exactly or folded).
    fn continues_at(&self, p: usize, except: usize) -> bool {
        p == self.index.tf.len()
            || self.index.at(p).iter().any(|&Match { frag: f, .. }| {
                !self.used[f] && f != except && f >= self.lo && self.rank(f, except) <= TILE_WINDOW
            })
    }
}

/// The candidates at one text position, best first, produced as needed.
///
/// Round 0: exact and folded matches in the whole window, and near matches (a small edit
/// distance) among the earliest `FUZZY_NEAR` unused fragments, ranked by how far down the
/// OCR order each fragment is plus a penalty for each kind of doubt. A near match costs at
/// least `NEAR_DOUBT` more than its fragment's rank, so the near matches of a fragment
/// are only computed once the candidates before it in that order are used up (a
/// fragment matching exactly nearby usually ends the search at this position). Round 1:
/// near matches further down.
///
/// The frames of the tiling form a stack and only the top one works, so their lists
/// live at the top of buffers shared by all ([`FrameBufs`]).
pub(super) struct TileFrame {
    pub(super) p: usize,
    stage: Stage,
    /// Where this frame's part of each shared buffer starts.
    known_from: usize,
    tried_from: usize,
    /// The next fragment whose near matches are not known yet, and the rank of the last
    /// one that is.
    near_next: usize,
    near_rank: usize,
    /// Round 1.
    far: Vec<(usize, usize)>,
    next: usize,
}

/// Where a [`TileFrame`] is in producing its candidates. Without placements by
/// elimination: `ListExact`, `Round0`, then `ListFar`, `Far`. With them, `Round0` stops
/// after the exact and folded matches, and `ListBlind`, `Blind`, `ListNear`, `Near` come
/// before `ListFar`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    /// Lists round 0's exact and folded matches.
    ListExact,
    /// Round 0 in key order, near matches of the earliest fragments computed as needed.
    Round0,
    /// Lists round 1: near matches further down.
    ListFar,
    Far,
    /// Lists the placements by elimination.
    ListBlind,
    Blind,
    /// Lists round 0's near matches (when placements by elimination came first).
    ListNear,
    Near,
}

/// The lists of the tiling's frames.
#[derive(Default)]
pub(super) struct FrameBufs {
    /// Round 0 candidates known so far, as (key, fragment, end), each frame's worst first.
    known: Vec<(usize, usize, usize)>,
    /// Candidates produced so far.
    tried: Vec<(usize, usize)>,
}

impl TileFrame {
    pub(super) fn new(p: usize, bufs: &FrameBufs) -> TileFrame {
        TileFrame {
            p,
            stage: Stage::ListExact,
            known_from: bufs.known.len(),
            tried_from: bufs.tried.len(),
            near_next: 0,
            near_rank: 0,
            far: Vec::new(),
            next: 0,
        }
    }

    /// Gives back this frame's part of the buffers (it is the top frame).
    pub(super) fn release(&self, bufs: &mut FrameBufs) {
        bufs.known.truncate(self.known_from);
        bufs.tried.truncate(self.tried_from);
    }

    /// The next candidate.
    ///
    /// Stages ([`Stage`]): round 0, then round 1. When placements by elimination are
    /// allowed, they come right after the exact and folded matches, before the near matches
    /// of round 0: a near match could otherwise take the one-character line next to
    /// its own (`候 满足` for `满足`) and leave the misread fragment nowhere to go.
    pub(super) fn next(&mut self, at: &Candidates, bufs: &mut FrameBufs) -> Option<Placement> {
        loop {
            match self.stage {
                Stage::ListExact => {
                    at.exact(&mut bufs.known);
                    bufs.known[self.known_from..].sort_unstable_by(|a, b| b.cmp(a));
                    self.near_next = at.lo;
                    self.stage = Stage::Round0;
                }
                Stage::Round0 => {
                    // The smallest key a fragment whose near matches are unknown can give.
                    let bound = if self.near_rank < FUZZY_NEAR && !at.blind {
                        self.near_rank + 1 + NEAR_DOUBT
                    } else {
                        usize::MAX
                    };
                    let best = (bufs.known.len() > self.known_from)
                        .then(|| bufs.known[bufs.known.len() - 1]);
                    match best {
                        Some((key, f, end)) if key < bound => {
                            bufs.known.pop();
                            if !bufs.tried[self.tried_from..].contains(&(f, end)) {
                                bufs.tried.push((f, end));
                                return Some(Placement {
                                    frag: f,
                                    end,
                                    blind: false,
                                });
                            }
                        }
                        _ if bound == usize::MAX => {
                            self.stage = if at.blind {
                                Stage::ListBlind
                            } else {
                                Stage::ListFar
                            }
                        }
                        _ => {
                            // The near matches of the next unused fragment.
                            let mut f = self.near_next;
                            while f < at.frags.len() && at.used[f] {
                                f += 1;
                            }
                            if f == at.frags.len() {
                                self.near_rank = FUZZY_NEAR;
                                continue;
                            }
                            self.near_rank += 1;
                            self.near_next = f + 1;
                            if at.first_of_group(f) {
                                let from = bufs.known.len();
                                at.near(f, self.near_rank, &mut bufs.known);
                                for i in from..bufs.known.len() {
                                    let c = bufs.known[i];
                                    let mine = &bufs.known[self.known_from..i];
                                    let at = self.known_from + mine.partition_point(|k| *k > c);
                                    bufs.known[at..=i].rotate_right(1);
                                }
                            }
                        }
                    }
                }
                Stage::ListFar => {
                    self.far = at.far();
                    self.drop_tried(bufs);
                    self.stage = Stage::Far;
                }
                Stage::ListBlind => {
                    self.far = at.blind();
                    self.drop_tried(bufs);
                    self.stage = Stage::Blind;
                }
                Stage::ListNear => {
                    let mut near = Vec::new();
                    let mut rank = 0;
                    for f in at.lo..at.frags.len() {
                        if at.used[f] {
                            continue;
                        }
                        rank += 1;
                        if rank > FUZZY_NEAR {
                            break;
                        }
                        if at.first_of_group(f) {
                            at.near(f, rank, &mut near);
                        }
                    }
                    near.sort_unstable();
                    self.far = near.into_iter().map(|(_, f, end)| (f, end)).collect();
                    self.drop_tried(bufs);
                    self.stage = Stage::Near;
                }
                stage @ (Stage::Far | Stage::Blind | Stage::Near) => {
                    if let Some(&(f, end)) = self.far.get(self.next) {
                        self.next += 1;
                        bufs.tried.push((f, end));
                        return Some(Placement {
                            frag: f,
                            end,
                            blind: stage == Stage::Blind,
                        });
                    }
                    match stage {
                        Stage::Blind => self.stage = Stage::ListNear,
                        Stage::Near => self.stage = Stage::ListFar,
                        _ => return None,
                    }
                }
            }
        }
    }

    /// Keeps in `far` the candidates not produced yet (the first of equal ones), from the
    /// start.
    fn drop_tried(&mut self, bufs: &FrameBufs) {
        let tried = &bufs.tried[self.tried_from..];
        let mut kept: Vec<(usize, usize)> = Vec::with_capacity(self.far.len());
        for &c in &self.far {
            if !tried.contains(&c) && !kept.contains(&c) {
                kept.push(c);
            }
        }
        self.far = kept;
        self.next = 0;
    }
}

/// The least a near match's key exceeds its fragment's rank by.
const NEAR_DOUBT: usize = 8;

/// How many of the earliest unused fragments are also tried with OCR errors in the first
/// round of candidates (the current row's fragments come first in OCR order).
const FUZZY_NEAR: usize = 8;
