//! A hasher for keys that are already hashes (term keys, fingerprints) or small indexes: the
//! default SipHash costs more than the work it guards in the linker's hottest loops.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Multiplies the key by an odd constant (Fibonacci hashing): spreads small indexes, keeps
/// already-random hashes random. Deterministic, so iteration order never depends on a seed —
/// though no result here depends on iteration order anyway.
#[derive(Default, Clone, Copy, Debug)]
pub struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }

    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0 ^ n).wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(29);
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
}

/// A `HashMap` keyed by hashes or indexes.
pub type KeyMap<K, V> = HashMap<K, V, BuildHasherDefault<KeyHasher>>;
