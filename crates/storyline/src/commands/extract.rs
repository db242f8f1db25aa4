//! `storyline extract`. (Stub: built in issue 2.)

use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Files, directories (recursive), globs, or `-` for stdin.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
}

pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("extract is not implemented yet")
}
