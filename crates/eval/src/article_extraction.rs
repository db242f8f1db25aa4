//! (Stub: built with its layer's issue.)

use crate::{EvalError, EvalOptions};

pub fn run(_opts: &EvalOptions, _out: &mut dyn std::io::Write) -> Result<(), EvalError> {
    Err(EvalError::Other("not implemented yet".into()))
}
