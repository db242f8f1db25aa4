//! Word lists as sets, for the lexicon lookups that run on every token of every article.
//!
//! A list stays a plain `&[&str]` in the source, where it reads and reviews as a list; the set is
//! built on first use. Lookups hash with FxHash: the default SipHash resists hash flooding, which
//! a fixed list of words does not need, and costs several times more on short words.

use rustc_hash::FxHashSet;
use std::sync::OnceLock;

/// A fixed list of words, looked up by exact match.
pub struct WordSet {
    list: &'static [&'static str],
    set: OnceLock<FxHashSet<&'static str>>,
}

impl WordSet {
    pub const fn new(list: &'static [&'static str]) -> WordSet {
        WordSet { list, set: OnceLock::new() }
    }

    /// The words, as listed.
    pub fn list(&self) -> &'static [&'static str] {
        self.list
    }

    /// Whether `word` is in the list, exactly as written there.
    pub fn contains(&self, word: &str) -> bool {
        self.set.get_or_init(|| self.list.iter().copied().collect()).contains(word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_exactly_the_listed_words() {
        static SET: WordSet = WordSet::new(&["said", "told", "u.s."]);
        assert!(SET.contains("said") && SET.contains("u.s."));
        assert!(!SET.contains("Said") && !SET.contains("sai") && !SET.contains(""));
    }
}
