//! Lap times for the debug lines that split a long stage into its steps
//! (`RUST_LOG=storyline_report=debug,storyline_link=debug`): how the single-core steps of a big
//! report were found.

use std::time::Instant;

/// A stopwatch read once per step.
#[derive(Debug)]
pub struct Laps {
    last: Instant,
}

impl Laps {
    pub fn start() -> Laps {
        Laps { last: Instant::now() }
    }

    /// Milliseconds since the previous lap (or the start).
    pub fn lap(&mut self) -> f64 {
        let now = Instant::now();
        let ms = (now - self.last).as_secs_f64() * 1000.0;
        self.last = now;
        ms
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn laps_do_not_overlap() {
        let started = Instant::now();
        let mut laps = Laps::start();
        let (a, b) = (laps.lap(), laps.lap());
        assert!(a >= 0.0 && b >= 0.0);
        assert!(a + b <= started.elapsed().as_secs_f64() * 1000.0 + 1e-6);
    }
}
