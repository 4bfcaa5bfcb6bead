//! A memory that the threads share, in shards each behind its own lock, so
//! that many threads (a batch on a large machine) seldom wait for one
//! another. The character check remembers each character's confusion
//! candidates and each suspect's scored candidates in one.

use rustc_hash::FxHashMap;
use std::hash::Hash;
use std::sync::{Mutex, PoisonError};

pub(crate) struct Sharded<K, V, const N: usize> {
    shards: [Mutex<Option<FxHashMap<K, V>>>; N],
    /// Entries a shard holds before it starts over.
    limit: usize,
}

impl<K: Hash + Eq, V: Clone, const N: usize> Sharded<K, V, N> {
    pub(crate) const fn new(limit: usize) -> Self {
        Sharded { shards: [const { Mutex::new(None) }; N], limit }
    }

    /// What shard `shard` (taken modulo the shards) remembers for `key`,
    /// else `make()`'s answer, remembered. The lock is held only to look up
    /// and to store: two threads may make the same answer at once, and must
    /// find the same. (A thread that panicked holding a lock left its map
    /// whole: every change is one call.)
    pub(crate) fn get_or_make(&self, shard: usize, key: K, make: impl FnOnce() -> V) -> V {
        let lock = || self.shards[shard % N].lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(known) = lock().as_ref().and_then(|m| m.get(&key).cloned()) {
            return known;
        }
        let made = make();
        let mut map = lock();
        let map = map.get_or_insert_with(FxHashMap::default);
        if map.len() >= self.limit {
            map.clear();
        }
        map.insert(key, made.clone());
        made
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_made_once_per_shard_until_it_starts_over() {
        static MEMO: Sharded<u32, u32, 4> = Sharded::new(2);
        let made = std::sync::atomic::AtomicUsize::new(0);
        let ask = |shard: usize, key: u32| {
            MEMO.get_or_make(shard, key, || {
                made.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                key * 10
            })
        };
        assert_eq!((ask(0, 1), ask(0, 1), ask(5, 1)), (10, 10, 10));
        // Shard 5 is shard 1: remembered there apart from shard 0.
        assert_eq!(made.load(std::sync::atomic::Ordering::Relaxed), 2);
        assert_eq!(ask(1, 1), 10);
        assert_eq!(made.load(std::sync::atomic::Ordering::Relaxed), 2);
        // A full shard starts over: its answers are made again.
        ask(0, 2);
        ask(0, 3);
        assert_eq!(ask(0, 1), 10);
        assert_eq!(made.load(std::sync::atomic::Ordering::Relaxed), 5);
        // Threads asking at once find the same answers.
        let answers: Vec<u32> = std::thread::scope(|s| (0..8).map(|t| s.spawn(move || MEMO.get_or_make(t, 7, || 70))).collect::<Vec<_>>().into_iter().map(|h| h.join().unwrap()).collect());
        assert!(answers.iter().all(|&a| a == 70));
    }
}
