//! One module per subcommand; each parses its own arguments and calls into the libraries.

pub mod annotate;
pub mod bench;
pub mod common;
pub mod eval;
pub mod extract;
pub mod ingest;
pub mod report;
pub mod search;
pub mod serve;
pub mod train;
