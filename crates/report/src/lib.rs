//! The outputs of a run: `report.json`, the schema-versioned contract of `DESIGN.md` (types in
//! [`storyline_core::report`], JSON Schema in `docs/report.schema.json`), and `report.html`, a
//! self-contained page for people.
//!
//! Only this crate knows how a report looks on disk. The analysis that fills a report lives in
//! the layer and linking crates.

mod build;
pub mod html;

pub use build::{ReportOptions, StoryView, build, merge_entities, story_view};

use std::io::Write;
use storyline_core::report::Report;

/// Serialise `report` as `report.json`: pretty-printed, fields in contract order, a trailing
/// newline. The same report always gives the same bytes.
pub fn write_json(report: &Report, mut out: impl Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut out, report)?;
    out.write_all(b"\n")
}
