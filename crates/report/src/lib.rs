//! The outputs of a run: `report.json`, the schema-versioned contract of `DESIGN.md` (types in
//! [`storyline_core::report`], JSON Schema in `docs/report.schema.json`), and `report.html`, a
//! self-contained page for people.
//!
//! Only this crate knows how a report looks on disk. The analysis that fills a report lives in
//! the layer and linking crates.

mod build;
pub mod html;

pub use build::{ReportOptions, StoryView, build, merge_entities, story_view};

use serde::Serialize;
use std::io::Write;
use storyline_core::report::Report;

mod pieces;

/// Serialise `report` as `report.json`: pretty-printed, fields in contract order, a trailing
/// newline. The same report always gives the same bytes.
///
/// The bytes are those of `serde_json::to_writer_pretty` on the whole report, but the long
/// lists' elements are serialised in parallel ([`pieces`]): an element of a top-level list is
/// pretty-printed on its own and indented to its depth (JSON strings escape their line breaks,
/// so every line break in the output is the printer's).
pub fn write_json(report: &Report, mut out: impl Write) -> std::io::Result<()> {
    // Destructured, so that a new field cannot be forgotten here.
    let Report { schema_version, articles, rejected, entities, stories } = report;
    write!(out, "{{\n  \"schema_version\": {schema_version},\n")?;
    write_list(&mut out, "articles", articles)?;
    out.write_all(b",\n")?;
    write_list(&mut out, "rejected", rejected)?;
    out.write_all(b",\n")?;
    write_list(&mut out, "entities", entities)?;
    out.write_all(b",\n")?;
    write_list(&mut out, "stories", stories)?;
    out.write_all(b"\n}\n")
}

/// Elements of a top-level list serialised as one piece.
const JSON_ITEMS_PER_PIECE: usize = 256;

/// `  "name": [...]`, as the pretty printer writes a field of the top-level object.
fn write_list<T: Serialize + Sync>(out: &mut impl Write, name: &str, items: &[T]) -> std::io::Result<()> {
    write!(out, "  \"{name}\": ")?;
    if items.is_empty() {
        return out.write_all(b"[]");
    }
    out.write_all(b"[\n")?;
    let mut failed = std::sync::OnceLock::new();
    pieces::write_rendered(out, items, JSON_ITEMS_PER_PIECE, b",\n", |run, buf| {
        let mut one = Vec::new();
        for (k, item) in run.iter().enumerate() {
            if k > 0 {
                buf.extend_from_slice(b",\n");
            }
            one.clear();
            if let Err(e) = serde_json::to_writer_pretty(&mut one, item) {
                let _ = failed.set(e);
                return;
            }
            for (l, line) in one.split(|&b| b == b'\n').enumerate() {
                buf.extend_from_slice(if l == 0 { b"    " } else { b"\n    " });
                buf.extend_from_slice(line);
            }
        }
    })?;
    if let Some(e) = failed.take() {
        return Err(e.into());
    }
    out.write_all(b"\n  ]")
}

#[cfg(test)]
mod tests {
    use super::*;
    use storyline_core::report::{Entity, EntityType, Rejected};

    /// The parallel writer against serde_json's own pretty printer, on lists long enough to
    /// span several pieces and windows, with text that needs escaping, and with empty lists.
    #[test]
    fn json_is_the_pretty_printers_bytes() {
        let entity = |i: usize| Entity {
            id: format!("e{i}"),
            name: format!("Name \"{i}\"\nline"),
            kind: EntityType::Person,
            aliases: (0..i % 3).map(|k| format!("alias {k}")).collect(),
            roles: vec![],
        };
        let rejected = |i: usize| Rejected { source: format!("in/{i}"), reason: "empty\tbody".into() };
        for n in [0, 1, 255, 256, 257, 20_000] {
            let report = Report {
                schema_version: 1,
                articles: vec![],
                rejected: (0..n % 300).map(rejected).collect(),
                entities: (0..n).map(entity).collect(),
                stories: vec![],
            };
            let mut ours = Vec::new();
            write_json(&report, &mut ours).unwrap();
            let mut theirs = serde_json::to_vec_pretty(&report).unwrap();
            theirs.push(b'\n');
            assert!(ours == theirs, "{n} entities: the bytes differ");
        }
    }
}
