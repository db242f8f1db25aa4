//! Near-duplicates: articles that copy each other or share whole passages.
//!
//! Each article is reduced to word 5-shingles (lower-cased words and numbers, punctuation
//! ignored, so re-punctuated or re-wrapped copies still match). Two summaries are kept:
//!
//! - a **MinHash** signature (one-permutation hashing into [`BINS`] bins, densified by rotation),
//!   banded for **LSH**: near-copies (Jaccard ≳ 0.5) land in a shared bucket;
//! - **fingerprints**: the shingles whose hash is 0 mod [`FP_MOD`] (Broder's "mod-m" sample),
//!   an unbiased sample of the shingle set. An inverted index over them finds articles that share
//!   a passage while differing elsewhere (low Jaccard), and they estimate containment.
//!
//! A candidate pair (from either source) is verified on these samples ([`verify`]); the shared
//! passages themselves — the evidence — are aligned on the full texts with [`shared_passages`].
//!
//! Translations of one agency report share facts and names but not wording, so they share few
//! shingles: they are story-mates, not near-duplicates, unless whole passages align.

use serde::Serialize;
use storyline_core::text::{Token, TokenKind, tokenize};
use storyline_core::{CleanText, Span};
use xxhash_rust::xxh3::xxh3_64;

/// Words per shingle.
pub const SHINGLE: usize = 5;
/// MinHash bins (signature length).
pub const BINS: usize = 64;
/// LSH bands × rows = BINS; threshold ≈ (1/BANDS)^(1/ROWS) ≈ 0.5 Jaccard.
pub const BANDS: usize = 16;
pub const ROWS: usize = BINS / BANDS;
/// Fingerprint sampling: one shingle in FP_MOD on average.
pub const FP_MOD: u64 = 8;
/// Cap on fingerprints kept per article (the smallest hashes, so the cap is itself a sample).
const MAX_FP: usize = 4096;

/// The near-duplicate summary of one text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sketch {
    /// MinHash signature; empty when the text has no shingle.
    pub minhash: Vec<u32>,
    /// Sampled shingle hashes, sorted, distinct.
    pub fingerprints: Vec<u32>,
    /// Number of distinct shingles in the text.
    pub shingles: u32,
}

/// Word tokens of a text for shingling: lower-cased hash and byte span.
fn shingle_words(text: &str) -> Vec<(u64, Span)> {
    words_of_tokens(text, &tokenize(text))
}

fn words_of_tokens(text: &str, tokens: &[Token]) -> Vec<(u64, Span)> {
    let mut buf = [0u8; 64];
    tokens
        .iter()
        .filter(|t| t.kind != TokenKind::Punct)
        .map(|t| {
            let s = t.span.slice(text);
            // ASCII words (nearly all) are lower-cased on the stack.
            let h = if s.is_ascii() && s.len() <= buf.len() {
                let b = &mut buf[..s.len()];
                b.copy_from_slice(s.as_bytes());
                b.make_ascii_lowercase();
                xxh3_64(b)
            } else {
                xxh3_64(s.to_lowercase().as_bytes())
            };
            (h, t.span)
        })
        .collect()
}

/// Hash of `SHINGLE` consecutive word hashes (order-sensitive).
fn shingle_hash(words: &[(u64, Span)]) -> u64 {
    let mut h: u64 = 0x9E37_79B9_7F4A_7C15;
    for (w, _) in words {
        h = (h ^ w).wrapping_mul(0xff51_afd7_ed55_8ccd).rotate_left(29);
    }
    fmix(h)
}

fn fmix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^= h >> 33;
    h
}

impl Sketch {
    pub fn of_text(text: &str) -> Sketch {
        Sketch::of_tokens(text, &tokenize(text))
    }

    /// The sketch of `text` from its tokens (already computed by the caller).
    pub fn of_tokens(text: &str, tokens: &[Token]) -> Sketch {
        let words = words_of_tokens(text, tokens);
        let mut hashes: Vec<u64> = words.windows(SHINGLE).map(shingle_hash).collect();
        hashes.sort_unstable();
        hashes.dedup();
        if hashes.is_empty() {
            return Sketch::default();
        }
        // One-permutation MinHash: the top bits pick the bin, the low bits compete.
        let mut bins = [u32::MAX; BINS];
        let mut filled = [false; BINS];
        for &h in &hashes {
            let b = (h >> 58) as usize % BINS;
            let v = h as u32;
            if !filled[b] || v < bins[b] {
                bins[b] = v;
                filled[b] = true;
            }
        }
        // Densify empty bins from the next filled one to the right (rotation), offset by the
        // distance so that different donors give different values.
        let mut minhash = vec![0u32; BINS];
        for (b, slot) in minhash.iter_mut().enumerate() {
            let mut k = 0;
            while !filled[(b + k) % BINS] {
                k += 1;
            }
            *slot = bins[(b + k) % BINS].wrapping_add((k as u32).wrapping_mul(0x9E37_79B9));
        }
        let mut fingerprints: Vec<u32> =
            hashes.iter().filter(|h| (*h >> 40) % FP_MOD == 0).map(|h| *h as u32).collect();
        fingerprints.sort_unstable();
        fingerprints.dedup();
        fingerprints.truncate(MAX_FP);
        fingerprints.shrink_to_fit();
        Sketch { minhash, fingerprints, shingles: u32::try_from(hashes.len()).unwrap_or(u32::MAX) }
    }

    /// The LSH bucket keys of this sketch, one per band.
    pub fn bands(&self) -> impl Iterator<Item = u64> + '_ {
        self.minhash.chunks(ROWS).enumerate().map(|(band, rows)| {
            let mut bytes = Vec::with_capacity(4 * ROWS + 1);
            bytes.push(band as u8);
            for r in rows {
                bytes.extend_from_slice(&r.to_le_bytes());
            }
            xxh3_64(&bytes)
        })
    }
}

/// How much two articles overlap, estimated from their sketches.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Overlap {
    /// Estimated Jaccard similarity of the shingle sets (MinHash).
    pub jaccard: f32,
    /// Estimated share of the shorter article's shingles found in the other (fingerprints).
    pub containment: f32,
    /// Fingerprints in common.
    pub shared_fingerprints: u32,
}

/// Thresholds for calling a pair near-duplicates.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DedupParams {
    /// Near-copies: estimated Jaccard at least this.
    pub min_jaccard: f32,
    /// One contained in the other: estimated containment at least this (with enough evidence).
    pub min_containment: f32,
    /// A shared passage: at least this many fingerprints in common (≈ FP_MOD words each).
    pub min_shared_fingerprints: u32,
}

impl Default for DedupParams {
    fn default() -> Self {
        DedupParams { min_jaccard: 0.5, min_containment: 0.5, min_shared_fingerprints: 10 }
    }
}

/// Estimate the overlap of two sketches.
pub fn overlap(a: &Sketch, b: &Sketch) -> Overlap {
    let equal = a.minhash.iter().zip(&b.minhash).filter(|(x, y)| x == y).count();
    let jaccard = if a.minhash.is_empty() || b.minhash.is_empty() { 0.0 } else { equal as f32 / BINS as f32 };
    let shared = crate::features::shared(&a.fingerprints, &b.fingerprints);
    let smaller = a.fingerprints.len().min(b.fingerprints.len());
    let containment = if smaller == 0 { 0.0 } else { shared as f32 / smaller as f32 };
    Overlap { jaccard, containment, shared_fingerprints: u32::try_from(shared).unwrap_or(u32::MAX) }
}

/// Whether an overlap makes two articles near-duplicates.
pub fn verify(o: &Overlap, p: &DedupParams) -> bool {
    o.jaccard >= p.min_jaccard
        || (o.shared_fingerprints >= 3 && o.containment >= p.min_containment)
        || o.shared_fingerprints >= p.min_shared_fingerprints
}

/// A passage found in both articles: byte spans into each article's text as ingested.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct SharedPassage {
    pub a: Span,
    pub b: Span,
    /// Words in the passage.
    pub words: u32,
}

/// A clean text prepared for passage alignment: its word shingles and where each word sits.
#[derive(Clone, Debug, Default)]
pub struct ShingledText {
    words: Vec<(u64, Span)>,
    hashes: Vec<u64>,
    /// `(hash, position)` sorted, for lookups when this text is the `b` side of an alignment.
    sorted: Vec<(u64, u32)>,
}

impl ShingledText {
    pub fn new(text: &CleanText) -> ShingledText {
        let words = shingle_words(text.as_str());
        let hashes: Vec<u64> =
            if words.len() < SHINGLE { Vec::new() } else { words.windows(SHINGLE).map(shingle_hash).collect() };
        let mut sorted: Vec<(u64, u32)> =
            hashes.iter().enumerate().map(|(j, &h)| (h, u32::try_from(j).unwrap_or(u32::MAX))).collect();
        sorted.sort_unstable();
        ShingledText { words, hashes, sorted }
    }
}

/// Passages of at least `min_words` words that occur in both clean bodies, aligned on word
/// shingles, as spans into the *original* texts (mapped through each body's offsets).
pub fn shared_passages(a: &CleanText, b: &CleanText, min_words: usize) -> Vec<SharedPassage> {
    align(a, &ShingledText::new(a), b, &ShingledText::new(b), min_words)
}

/// [`shared_passages`] over texts already shingled (each text is shingled once however many
/// pairs it is in).
///
/// Greedy longest-run alignment: scan `a`, and at each shingle found in `b` extend the run as far
/// as both texts continue to agree. Bounded: at most 16 start positions in `b` per shingle.
pub fn align(
    a: &CleanText,
    sa: &ShingledText,
    b: &CleanText,
    sb: &ShingledText,
    min_words: usize,
) -> Vec<SharedPassage> {
    let (wa, wb, ha, hb) = (&sa.words, &sb.words, &sa.hashes, &sb.hashes);
    if ha.is_empty() || hb.is_empty() {
        return Vec::new();
    }
    let starts = |h: u64| {
        let from = sb.sorted.partition_point(|&(x, _)| x < h);
        sb.sorted[from..].iter().take_while(move |&&(x, _)| x == h).take(16).map(|&(_, j)| j as usize)
    };
    let min_shingles = min_words.saturating_sub(SHINGLE - 1).max(1);
    let mut out = Vec::new();
    let mut i = 0;
    while i < ha.len() {
        let mut best: Option<(usize, usize)> = None; // (j, run length in shingles)
        for j in starts(ha[i]) {
            let mut k = 0;
            while i + k < ha.len() && j + k < hb.len() && ha[i + k] == hb[j + k] {
                k += 1;
            }
            if best.is_none_or(|(_, bk)| k > bk) {
                best = Some((j, k));
            }
        }
        match best {
            Some((j, k)) if k >= min_shingles => {
                let words = k + SHINGLE - 1;
                let (Some(fa), Some(la), Some(fb), Some(lb)) =
                    (wa.get(i), wa.get(i + words - 1), wb.get(j), wb.get(j + words - 1))
                else {
                    break;
                };
                out.push(SharedPassage {
                    a: a.to_original(Span::new(fa.1.start, la.1.end)),
                    b: b.to_original(Span::new(fb.1.start, lb.1.end)),
                    words: u32::try_from(words).unwrap_or(u32::MAX),
                });
                i += words;
            }
            _ => i += 1,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "The earthquake struck the coastal town of Aldmere early on Tuesday, destroying \
        dozens of homes and cutting power to thousands of residents, officials said. Rescue teams \
        worked through the night to reach villages in the hills above the town.";

    #[test]
    fn identical_and_rewrapped_copies_match() {
        let b = A.replace(", ", " , ").replace(". ", " .\n");
        let o = overlap(&Sketch::of_text(A), &Sketch::of_text(&b));
        assert!(o.jaccard > 0.9, "{o:?}");
        assert!(verify(&o, &DedupParams::default()));
    }

    #[test]
    fn unrelated_texts_do_not() {
        let b = "The central bank raised interest rates by half a point on Wednesday, its third \
            increase this year, citing inflation that has stayed above target for months.";
        let o = overlap(&Sketch::of_text(A), &Sketch::of_text(b));
        assert!(o.jaccard < 0.2, "{o:?}");
        assert!(!verify(&o, &DedupParams::default()));
    }

    #[test]
    fn passages_point_at_original_bytes() {
        let b = format!("Breaking news from the region.\n\n{A}\n\nMore follows.");
        let (ca, cb) = (CleanText::identity(A), CleanText::identity(&b));
        let ps = shared_passages(&ca, &cb, 8);
        assert_eq!(ps.len(), 1, "{ps:?}");
        let p = ps[0];
        assert_eq!(p.a.slice(A), p.b.slice(&b));
        assert!(p.a.slice(A).starts_with("The earthquake") && p.a.slice(A).ends_with("the town"));
    }

    #[test]
    fn empty_and_tiny_texts_are_safe() {
        assert_eq!(Sketch::of_text(""), Sketch::default());
        assert!(Sketch::of_text("two words").minhash.is_empty());
        assert!(shared_passages(&CleanText::identity("é"), &CleanText::identity("é"), 1).is_empty());
    }
}
