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
use std::time::Instant;

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

/// This thread's CPU time so far, in nanoseconds (Linux only).
pub(crate) fn thread_cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

/// The best of several timed passes.
pub(crate) struct Passes {
    /// Best pass by the wall clock, in seconds (never zero).
    pub best_seconds: f64,
    /// Best pass by the thread's CPU time, where the platform reports it: meaningful on a
    /// machine shared with other jobs.
    pub best_cpu_seconds: Option<f64>,
    /// What the last pass returned (a count of what it made: a check that the work was done).
    pub made: usize,
}

/// Time `iterations` passes (at least one) of `pass` over what `setup` prepares outside the clock.
pub(crate) fn best_of<T>(iterations: usize, mut setup: impl FnMut() -> T, mut pass: impl FnMut(T) -> usize) -> Passes {
    let mut best = f64::INFINITY;
    let mut best_cpu: Option<f64> = None;
    let mut made = 0;
    for _ in 0..iterations.max(1) {
        let input = setup();
        let cpu0 = thread_cpu_ns();
        let start = Instant::now();
        made = pass(input);
        best = best.min(start.elapsed().as_secs_f64());
        if let (Some(a), Some(b)) = (cpu0, thread_cpu_ns()) {
            let cpu = (b.saturating_sub(a) as f64 / 1e9).max(1e-9);
            best_cpu = Some(best_cpu.map_or(cpu, |x: f64| x.min(cpu)));
        }
    }
    Passes { best_seconds: best.max(1e-9), best_cpu_seconds: best_cpu, made }
}
