//! Evaluation harnesses over the labelled data in `../shared/data`, with the scoring definitions
//! of its README, and the speed benchmarks behind `storyline bench`.
//!
//! One module per dataset. Each reads its data from a path given at run time (the data is
//! third-party and never part of the repository) and writes a human-readable table, or JSON.

use std::path::PathBuf;

pub mod article_extraction;
pub mod bench;
pub mod conll2003;
pub mod ecbplus;
pub mod events;
pub mod polnear;
pub mod tempeval3;
pub mod timeline17;

/// Options shared by every evaluation.
#[derive(Clone, Debug, Default)]
pub struct EvalOptions {
    /// The dataset folder or file.
    pub data: PathBuf,
    /// Print JSON instead of a table.
    pub json: bool,
    /// Print per-item detail (errors, per-page scores).
    pub verbose: bool,
    /// Evaluate only the first N items.
    pub limit: Option<usize>,
}

#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("cannot read {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("bad data in {path}: {reason}")]
    Data { path: PathBuf, reason: String },
    #[error("{0}")]
    Other(String),
}

impl EvalError {
    pub fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> EvalError {
        let path = path.into();
        move |source| EvalError::Io { path, source }
    }
}

/// Precision, recall and F1 from counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize)]
pub struct Prf {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Prf {
    pub fn from_counts(tp: f64, fp: f64, fn_: f64) -> Prf {
        let precision = if tp + fp > 0.0 { tp / (tp + fp) } else { 0.0 };
        let recall = if tp + fn_ > 0.0 { tp / (tp + fn_) } else { 0.0 };
        Prf::from_pr(precision, recall)
    }

    pub fn from_pr(precision: f64, recall: f64) -> Prf {
        let f1 = if precision + recall > 0.0 { 2.0 * precision * recall / (precision + recall) } else { 0.0 };
        Prf { precision, recall, f1 }
    }
}
