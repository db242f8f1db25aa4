//! Writing a long list of items in order while rendering them in parallel.
//!
//! A 100,000-article report is over a gigabyte of JSON and HTML, rendered from millions of
//! independent items (articles, entities, stories, table rows). Rendering them one after the
//! other left a core idle at the end of every big run; rendering them all first would hold the
//! whole output in memory. So items are rendered a window at a time: the window's pieces in
//! parallel, then written in order.

use rayon::prelude::*;
use std::io::Write;

/// Pieces rendered side by side before any is written: enough for the threads to share
/// evenly, few enough that a window's output stays a few megabytes.
const PIECES_PER_WINDOW: usize = 64;

/// Write `items` to `out` in order: `render` appends the bytes of a run of consecutive items
/// (at most `per_piece`) to a buffer; `sep` goes between the outputs of two runs (render puts
/// it between the items of one run itself).
pub(crate) fn write_rendered<T: Sync>(
    out: &mut impl Write,
    items: &[T],
    per_piece: usize,
    sep: &[u8],
    render: impl Fn(&[T], &mut Vec<u8>) + Sync,
) -> std::io::Result<()> {
    let per_piece = per_piece.max(1);
    for (w, window) in items.chunks(per_piece * PIECES_PER_WINDOW).enumerate() {
        let pieces: Vec<Vec<u8>> = window
            .par_chunks(per_piece)
            .map(|run| {
                let mut buf = Vec::new();
                render(run, &mut buf);
                buf
            })
            .collect();
        for (p, piece) in pieces.iter().enumerate() {
            if w + p > 0 {
                out.write_all(sep)?;
            }
            out.write_all(piece)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_and_separators_survive_any_piece_size() {
        let items: Vec<u32> = (0..1000).collect();
        let expected = items.iter().map(u32::to_string).collect::<Vec<_>>().join(",");
        for per_piece in [0, 1, 3, 7, 64, 5000] {
            let mut out = Vec::new();
            write_rendered(&mut out, &items, per_piece, b",", |run, buf| {
                let text = run.iter().map(u32::to_string).collect::<Vec<_>>().join(",");
                buf.extend_from_slice(text.as_bytes());
            })
            .unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), expected, "{per_piece} per piece");
        }
        let mut out = Vec::new();
        write_rendered(&mut out, &[] as &[u32], 4, b",", |_, _| unreachable!()).unwrap();
        assert!(out.is_empty());
    }
}
