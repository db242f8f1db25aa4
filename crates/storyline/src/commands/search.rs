//! `storyline search`: full-text search over a store, with entity, date and outlet filters.

use anyhow::Context;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use storyline_core::PartialDate;
use storyline_store::{OpenMode, SearchQuery, Snippet, Store};

const EXAMPLES: &str = "\
Examples:
  storyline search Geneva --store s
  storyline search '\"returned to Washington\"' --store s        a phrase
  storyline search ambassador --entity Antonov --from 2021-06 --store s
  storyline search summit --outlet TASS --json --store s | jq .hits[0]

Query syntax: words are ranked by BM25 over titles, texts, quotes and timeline entries;
\"a phrase\" matches the words in order; +word requires, -word excludes; title:word searches
titles only. Filters: --entity (a name or alias), --from/--to (YYYY, YYYY-MM or YYYY-MM-DD),
--outlet. Exit status: 0 with results, 1 error or nothing found, 2 usage error.";

#[derive(clap::Args, Debug)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// The query.
    pub query: String,
    /// The store directory.
    #[arg(long, value_name = "DIR")]
    pub store: PathBuf,
    /// Only results that name this entity (a name or alias, any case).
    #[arg(long, value_name = "NAME")]
    pub entity: Option<String>,
    /// Only results dated on or after this date.
    #[arg(long, value_name = "DATE")]
    pub from: Option<PartialDate>,
    /// Only results dated on or before this date.
    #[arg(long, value_name = "DATE")]
    pub to: Option<PartialDate>,
    /// Only articles of this outlet (any case).
    #[arg(long, value_name = "NAME")]
    pub outlet: Option<String>,
    /// How many results.
    #[arg(long, short = 'n', default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=200))]
    pub limit: u32,
    /// Skip this many results first.
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// Print the results as JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let store = Store::open(&args.store, OpenMode::ReadOnly)
        .with_context(|| format!("opening the store {}", args.store.display()))?;
    let query = SearchQuery {
        q: args.query.clone(),
        entity: args.entity.clone(),
        from: args.from,
        to: args.to,
        outlet: args.outlet.clone(),
        offset: args.offset,
        limit: args.limit as usize,
    };
    let results = store.search(&query)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer(&mut out, &results)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    writeln!(out, "{} result{}", results.total, if results.total == 1 { "" } else { "s" })?;
    for (i, h) in results.hits.iter().enumerate() {
        let title = match h.kind.as_str() {
            "timeline" => h.story_title.as_deref().unwrap_or("(untitled story)"),
            _ => h.title.as_deref().unwrap_or("(untitled article)"),
        };
        let mut meta = Vec::new();
        if let Some(d) = h.date {
            meta.push(d.to_string());
        }
        if let Some(o) = &h.outlet {
            meta.push(o.clone());
        }
        if let Some(a) = &h.article {
            meta.push(format!("article {a}"));
        }
        writeln!(out, "\n{}. [{}] {}  ({})", args.offset + i + 1, h.kind, title, meta.join(", "))?;
        if let (Some(s), Some(t)) = (&h.story, &h.story_title) {
            writeln!(out, "   story {s}: {t}")?;
        }
        writeln!(out, "   {}", highlighted(&h.snippet, color))?;
    }
    Ok(if results.total == 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// The snippet on one line with its matches in bold (on a terminal) or between `[` `]`.
fn highlighted(s: &Snippet, color: bool) -> String {
    let (open, close) = if color { ("\x1b[1m", "\x1b[0m") } else { ("[", "]") };
    let mut out = String::new();
    let mut at = 0;
    for &(a, b) in &s.highlights {
        let (Some(before), Some(word)) = (s.text.get(at..a), s.text.get(a..b)) else { continue };
        out.push_str(before);
        out.push_str(open);
        out.push_str(word);
        out.push_str(close);
        at = b;
    }
    out.push_str(s.text.get(at..).unwrap_or(""));
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}
