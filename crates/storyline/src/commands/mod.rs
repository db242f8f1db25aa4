//! One module per subcommand; each parses its own arguments and calls into the libraries.

pub mod annotate;
pub mod bench;
pub mod eval;
pub mod extract;
pub mod train;
