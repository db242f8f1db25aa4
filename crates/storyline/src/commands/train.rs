//! `storyline train`: rebuild the models storyline ships, from the labelled data.

use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Subcommand, Debug)]
pub enum TrainCommand {
    /// Train the entity tagger on CoNLL-2003 English (eng.train).
    Ner(TrainArgs),
}

#[derive(clap::Args, Debug)]
pub struct TrainArgs {
    /// The training data.
    #[arg(long)]
    pub data: PathBuf,
    /// Where to write the model.
    #[arg(long, short)]
    pub out: PathBuf,
    /// Training passes over the data.
    #[arg(long)]
    pub epochs: Option<usize>,
}

pub fn run(cmd: TrainCommand) -> anyhow::Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    match cmd {
        TrainCommand::Ner(a) => {
            let opts = storyline_eval::conll2003::TrainOptions { data: a.data, out: a.out, epochs: a.epochs };
            storyline_eval::conll2003::train(&opts, &mut out)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
