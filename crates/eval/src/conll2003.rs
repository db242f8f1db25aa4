//! (Stub: built with its layer's issue.)

use crate::{EvalError, EvalOptions};

pub fn run(_opts: &EvalOptions, _out: &mut dyn std::io::Write) -> Result<(), EvalError> {
    Err(EvalError::Other("not implemented yet".into()))
}

/// Options for `storyline train ner`.
#[derive(Clone, Debug, Default)]
pub struct TrainOptions {
    /// CoNLL-2003 training file (eng.train).
    pub data: std::path::PathBuf,
    /// Where to write the model file.
    pub out: std::path::PathBuf,
    /// Training passes over the data.
    pub epochs: Option<usize>,
}

/// Train the entity model. (Stub.)
pub fn train(_opts: &TrainOptions, _out: &mut dyn std::io::Write) -> Result<(), EvalError> {
    Err(EvalError::Other("not implemented yet".into()))
}
