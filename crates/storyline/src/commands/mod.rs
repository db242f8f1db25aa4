//! One module per subcommand; each parses its own arguments and calls into the libraries.

pub mod annotate;
pub mod bench;
pub mod common;
pub mod eval;
pub mod extract;
pub mod report;
pub mod train;
