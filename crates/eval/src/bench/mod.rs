//! Speed benchmarks behind `storyline bench`: plain timing loops over real data, reporting
//! throughput per core (single-threaded) so figures compare across machines and with peers.
//!
//! Benchmarks are commands, not timed tests: tests stay fast and deterministic.

pub mod annotate;
pub mod entities;
pub mod extract;
pub mod peers;
pub mod plot;
pub mod quotes;
pub mod report;
pub mod time;

use std::path::PathBuf;

/// Options shared by every benchmark.
#[derive(Clone, Debug, Default)]
pub struct BenchOptions {
    /// The input data (a folder or file under ../shared/data).
    pub data: PathBuf,
    /// How many passes over the data to time (the best pass is reported).
    pub iterations: usize,
    /// Print JSON instead of a table.
    pub json: bool,
}
