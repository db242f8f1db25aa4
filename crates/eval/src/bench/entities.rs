//! (Stub: built with its layer's issue.)

use super::BenchOptions;
use crate::EvalError;

pub fn run(_opts: &BenchOptions, _out: &mut dyn std::io::Write) -> Result<(), EvalError> {
    Err(EvalError::Other("not implemented yet".into()))
}
