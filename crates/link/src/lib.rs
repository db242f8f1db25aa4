//! Links across articles: near-duplicates and stories.
//!
//! (Stub: built in issue 6.)
