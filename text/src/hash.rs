//! Fast hashers for the small internal maps of the stages. Keys are characters, indices
//! and already well-mixed hashes; no untrusted input chooses them, so `std`'s DoS-resistant
//! SipHash buys nothing there.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// The Fx hash (rustc's): one rotate, xor and multiply per word.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// A hasher for keys that are already well-mixed hashes: passes them through.
#[derive(Default, Clone, Copy)]
pub struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// A map with [`FxHasher`].
pub type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// A set with [`FxHasher`].
pub type FxSet<K> = HashSet<K, BuildHasherDefault<FxHasher>>;

/// A map keyed by hashes (gram hashes), with [`PassThrough`].
pub type HashKeyMap<V> = HashMap<u64, V, BuildHasherDefault<PassThrough>>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::Hash;

    #[test]
    fn pass_through_keeps_the_key_and_fx_mixes() {
        let mut h = PassThrough::default();
        h.write_u64(42);
        assert_eq!(h.finish(), 42);
        let (mut a, mut b) = (FxHasher::default(), FxHasher::default());
        1u64.hash(&mut a);
        2u64.hash(&mut b);
        assert_ne!(a.finish(), b.finish());
    }
}
