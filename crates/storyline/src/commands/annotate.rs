//! `storyline annotate`: one article in, its annotations out as one JSON object.
//!
//! The whole input is one article and all of it is annotated, header lines and headline included,
//! so every offset in the output is a byte offset into the input exactly as read.

use anyhow::Context;
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use storyline_annotate::Annotator;
use storyline_core::{CleanText, DateBasis, PartialDate, Published};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The article: a text file, or `-` (the default) for stdin. Must be UTF-8.
    #[arg(default_value = "-")]
    pub input: PathBuf,
    /// The publication date (the reference for "on Sunday", "last month"), as YYYY-MM-DD or
    /// YYYY-MM-DDTHH:MM. Overrides any date stated in the text.
    #[arg(long, value_parser = parse_published)]
    pub published: Option<Published>,
    /// Pretty-print the JSON.
    #[arg(long)]
    pub pretty: bool,
}

fn parse_published(s: &str) -> Result<Published, String> {
    let (date, time) = match s.split_once(['T', ' ']) {
        Some((d, t)) => (d, Some(t)),
        None => (s, None),
    };
    let date: PartialDate = date.parse().map_err(|e| format!("{e}"))?;
    if !date.is_day() {
        return Err(format!("expected YYYY-MM-DD[THH:MM], got {s:?}"));
    }
    let time = match time {
        None => None,
        Some(t) => {
            let ok = t.len() == 5
                && t.as_bytes()[2] == b':'
                && t[..2].parse::<u8>().is_ok_and(|h| h < 24)
                && t[3..].parse::<u8>().is_ok_and(|m| m < 60);
            if !ok {
                return Err(format!("expected a time HH:MM, got {t:?}"));
            }
            Some(t.to_string())
        }
    };
    Ok(Published { time, ..Published::with_basis(date, DateBasis::Stated) })
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let (source, bytes) = if args.input.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::stdin().read_to_end(&mut buf).context("reading stdin")?;
        ("-".to_string(), buf)
    } else {
        let bytes = std::fs::read(&args.input).with_context(|| format!("reading {}", args.input.display()))?;
        (args.input.display().to_string(), bytes)
    };
    let text = String::from_utf8(bytes).map_err(|e| {
        anyhow::anyhow!("{source} is not valid UTF-8 (first bad byte at offset {})", e.utf8_error().valid_up_to())
    })?;
    let mut article = storyline_ingest::article_from_text(&source, text);
    // Annotate all of the input, not just the clean body, so offsets are into the input as read.
    article.body = CleanText::identity(&article.text);
    if let Some(published) = args.published {
        article.published = published;
    }
    let doc = Annotator::new().annotate(article);
    let out = doc.annotation_output();
    let mut stdout = std::io::stdout().lock();
    if args.pretty {
        serde_json::to_writer_pretty(&mut stdout, &out)?;
    } else {
        serde_json::to_writer(&mut stdout, &out)?;
    }
    writeln!(stdout)?;
    Ok(ExitCode::SUCCESS)
}
