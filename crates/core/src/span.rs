//! Byte ranges into an article's text.

use serde::{Deserialize, Serialize};

/// A half-open byte range `start..end` into a text. Serialised as `{"start": .., "end": ..}`.
///
/// Spans are plain data: they do not borrow the text, so annotations can be stored, sent across
/// threads and serialised freely. [`Span::slice`] is the one way back to the evidence.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`; an inverted range is clamped to empty at `start`.
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end: end.max(start) }
    }

    pub fn len(self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// The text this span covers. Returns `""` rather than panicking when the span is out of
    /// bounds or not on character boundaries, so a bad span can never crash a report writer.
    pub fn slice(self, text: &str) -> &str {
        text.get(self.start..self.end).unwrap_or("")
    }

    /// Whether `self.slice(text)` is exactly the bytes at `start..end` (in bounds, on char
    /// boundaries).
    pub fn is_valid_in(self, text: &str) -> bool {
        text.get(self.start..self.end).is_some()
    }

    pub fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    pub fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// Shift by `offset` bytes (to move a span found in a slice into the enclosing text).
    pub fn shift(self, offset: usize) -> Span {
        Span::new(self.start + offset, self.end + offset)
    }

    pub fn range(self) -> std::ops::Range<usize> {
        self.start..self.end
    }
}

impl From<std::ops::Range<usize>> for Span {
    fn from(r: std::ops::Range<usize>) -> Span {
        Span::new(r.start, r.end)
    }
}

/// Annotations that hold spans implement this so a pipeline can move them between coordinate
/// systems (from the clean body to the original text) in one place.
pub trait Remap {
    /// Replace every span `s` held by `self` with `f(s)`.
    fn remap(&mut self, f: &dyn Fn(Span) -> Span);
}

impl<T: Remap> Remap for Vec<T> {
    fn remap(&mut self, f: &dyn Fn(Span) -> Span) {
        for x in self {
            x.remap(f);
        }
    }
}

impl<T: Remap> Remap for Option<T> {
    fn remap(&mut self, f: &dyn Fn(Span) -> Span) {
        if let Some(x) = self {
            x.remap(f);
        }
    }
}

impl Remap for Span {
    fn remap(&mut self, f: &dyn Fn(Span) -> Span) {
        *self = f(*self);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slice_is_total() {
        let t = "héllo";
        assert_eq!(Span::new(0, 1).slice(t), "h");
        assert_eq!(Span::new(1, 2).slice(t), ""); // inside 'é'
        assert_eq!(Span::new(3, 99).slice(t), "");
        assert!(!Span::new(1, 2).is_valid_in(t));
        assert!(Span::new(1, 3).is_valid_in(t));
    }

    #[test]
    fn geometry() {
        let a = Span::new(2, 5);
        assert!(a.overlaps(Span::new(4, 9)));
        assert!(!a.overlaps(Span::new(5, 9)));
        assert!(a.contains(Span::new(3, 5)));
        assert_eq!(a.cover(Span::new(7, 9)), Span::new(2, 9));
        assert_eq!(Span::new(5, 2), Span::new(5, 5));
    }
}
