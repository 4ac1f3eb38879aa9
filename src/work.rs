//! The work a conversion spends, counted in operations (characters scanned, alignment
//! cells, candidate widths noted, parse steps), per thread: the per-page budget that turns
//! a page too complex to finish into an error ([`crate::ConvertError::TooComplex`]), and
//! the measure the scaling tests compare across page lengths (counters, unlike wall time,
//! are the same on every machine and every run).
//!
//! Stages call [`spend`] in their main loops; [`crate::convert`] starts the count at zero
//! and checks it against the page's budget between stages and before each table.

use std::cell::Cell;

thread_local! {
    static SPENT: Cell<u64> = const { Cell::new(0) };
}

/// Operations a page may spend per input byte, on top of [`BUDGET_BASE`]. Ordinary pages
/// spend about 5 per byte and the adversarial families at most 12 (`tests/scaling.rs`
/// prints the figures); this leaves a wide margin while bounding any page's counted work
/// to a small multiple of an ordinary page's.
pub const BUDGET_PER_BYTE: u64 = 500;
/// Operations every page may spend, whatever its length.
pub const BUDGET_BASE: u64 = 5_000_000;

/// Counts `n` operations on this thread.
#[inline]
pub fn spend(n: usize) {
    SPENT.with(|s| s.set(s.get().saturating_add(n as u64)));
}

/// Operations counted on this thread since the last [`reset`].
pub fn spent() -> u64 {
    SPENT.with(Cell::get)
}

/// Starts the count again at zero.
pub fn reset() {
    SPENT.with(|s| s.set(0));
}

/// The budget of a page of `len` bytes.
pub fn budget(len: usize) -> u64 {
    BUDGET_BASE.saturating_add(BUDGET_PER_BYTE.saturating_mul(len as u64))
}
