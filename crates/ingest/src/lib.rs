//! Ingest: every input becomes an [`Article`] or a [`Rejected`] with a reason.
//!
//! A library first: [`Ingestor`] takes files, directories (recursive), glob patterns and stdin
//! ([`expand_inputs`]), or bytes ([`Ingestor::ingest_bytes`]), picks a reader by extension or
//! by sniffing the content, and yields one [`Outcome`] per article or rejected input, in a
//! deterministic order (input order, then record order) whatever the number of threads.
//!
//! | format | recognised by | one input is |
//! |---|---|---|
//! | plain text ([`text`]) | `.txt`, or text that is nothing else | the file |
//! | HTML, `.html.gz` ([`page`], extraction in [`html`]) | `.html`/`.htm`, `<html`, `<!doctype` | the file |
//! | JSON Lines / JSON ([`jsonl`]) | `.jsonl`/`.ndjson`/`.json`, `{`/`[` | each line (`file#N`, N = line number) |
//! | WARC, `.warc.gz` ([`warcfile`]) | `.warc`, `WARC/` | each HTTP response record (`file#N`, N = record number) |
//! | RSS / Atom / JSON Feed ([`feed`]) | `.rss`/`.atom`/`.xml`, `<rss`/`<feed`/`<rdf:RDF` | each item (`file#N`) |
//!
//! Gzip is recognised by its magic bytes, whatever the extension. Bad input never stops a batch:
//! each case ends as a rejection whose reason says what was wrong ([`IngestError`]), within the
//! bounds of [`Limits`].
//!
//! ```
//! use storyline_ingest::{Ingestor, Limits, Outcome};
//!
//! let ingestor = Ingestor::new(Limits::default());
//! let text = "Envoy returns to Washington\n\nMOSCOW, June 20 (Reuters) - The ambassador flew back on Sunday.\n\nSource : Reuters\n";
//! let out = ingestor.ingest_bytes("story.txt", text.as_bytes());
//! let Outcome::Article(a) = &out[0] else { panic!() };
//! assert_eq!(a.title.as_deref(), Some("Envoy returns to Washington"));
//! assert_eq!(a.outlet.as_deref(), Some("Reuters"));
//! assert_eq!(a.dateline.as_deref(), Some("MOSCOW"));
//! assert_eq!(a.body.as_str(), "The ambassador flew back on Sunday.");
//! assert!(ingestor.ingest_bytes("empty.txt", b"")[0].is_rejected());
//! ```
//!
//! **Invalid UTF-8.** A plain-text file that is UTF-8 except for some bytes is *rejected*, with
//! the offset of the first bad byte: its text is the file content and byte offsets into it are
//! evidence, so replacing a byte would shift every offset after it. In markup (HTML, WARC
//! payloads, feeds), whose text is extracted anyway, bad bytes are replaced with U+FFFD, as
//! browsers do, and the article carries a warning.

pub mod dates;
pub mod decode;
mod error;
pub mod feed;
pub mod html;
mod input;
pub mod jsonl;
pub mod limits;
mod markup;
pub mod meta;
pub mod page;
pub mod text;
pub mod warcfile;

pub use error::IngestError;
pub use input::{Input, InputKind, expand_inputs};
pub use limits::Limits;
pub use storyline_core::report::Rejected;

use decode::Utf8Errors;
use meta::Found;
use std::io::{BufRead, BufReader, Read};
use std::ops::ControlFlow;
use std::path::Path;
use storyline_core::{Article, CleanText, SourceFormat, Span, content_id};

/// What one input (or one record of a multi-record input) became.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Article(Box<Article>),
    Rejected(Rejected),
}

impl Outcome {
    pub fn rejected(source: &str, reason: IngestError) -> Outcome {
        Outcome::Rejected(Rejected { source: source.to_string(), reason: reason.to_string() })
    }

    pub fn from_result(source: &str, r: Result<Article, IngestError>) -> Outcome {
        match r {
            Ok(a) => Outcome::Article(Box::new(a)),
            Err(e) => Outcome::rejected(source, e),
        }
    }

    pub fn is_rejected(&self) -> bool {
        matches!(self, Outcome::Rejected(_))
    }

    /// The source it names (`path`, `path#N`, `-`).
    pub fn source(&self) -> &str {
        match self {
            Outcome::Article(a) => &a.source,
            Outcome::Rejected(r) => &r.source,
        }
    }
}

/// The source name of record `n` (1-based) of a multi-record input.
pub fn record_source(source: &str, n: usize) -> String {
    format!("{source}#{n}")
}

/// An article from plain text already decoded: header lines, headline, dateline and trailing
/// boilerplate become metadata, and `body` is the clean view. `text` is kept verbatim.
pub fn article_from_text(source: &str, text: String) -> Article {
    let cleaned = text::clean_text(&text, text::TextOptions { find_headline: true, known_title: None });
    Draft {
        source: source.to_string(),
        format: SourceFormat::Text,
        body: Some(cleaned.body),
        title: cleaned.title,
        title_span: cleaned.title_span,
        dateline: cleaned.dateline,
        found: cleaned.found,
        warnings: Vec::new(),
        text,
    }
    .finish()
}

/// An article before metadata precedence is applied; readers fill it, [`Draft::finish`]
/// resolves outlet, date and language the same way for every format.
pub(crate) struct Draft {
    pub source: String,
    pub format: SourceFormat,
    pub text: String,
    /// `None`: the whole text is the body.
    pub body: Option<CleanText>,
    pub title: Option<String>,
    pub title_span: Option<Span>,
    pub dateline: Option<String>,
    pub found: Found,
    pub warnings: Vec<String>,
}

impl Draft {
    pub fn finish(self) -> Article {
        let body = self.body.unwrap_or_else(|| CleanText::identity(&self.text));
        let language = meta::detect_language(body.as_str())
            .or_else(|| self.found.declared_language.as_deref().and_then(meta::normalize_language));
        let outlet = meta::resolve_outlet(&self.found);
        let published = meta::resolve_published(&self.found);
        Article {
            id: content_id(self.text.as_bytes()),
            source: self.source,
            format: self.format,
            body,
            title: self.title,
            title_span: self.title_span,
            outlet,
            url: self.found.url,
            language,
            published,
            dateline: self.dateline,
            warnings: self.warnings,
            text: self.text,
        }
    }
}

/// The reader an input goes to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Html,
    /// A JSON document: an object, an array, or JSON Lines after all.
    Json,
    Jsonl,
    Warc,
    Feed,
}

/// The format an extension names (after any `.gz`), if it names one.
pub fn format_from_extension(name: &str) -> Option<Format> {
    let lower = name.to_ascii_lowercase();
    let stem = lower.strip_suffix(".gz").or_else(|| lower.strip_suffix(".gzip")).unwrap_or(&lower);
    let ext = Path::new(stem).extension()?.to_str()?;
    Some(match ext {
        "txt" | "text" | "md" => Format::Text,
        "html" | "htm" | "xhtml" | "shtml" => Format::Html,
        "jsonl" | "ndjson" | "jl" => Format::Jsonl,
        "json" => Format::Json,
        "warc" => Format::Warc,
        "rss" | "atom" | "rdf" | "xml" | "feed" => Format::Feed,
        _ => return None,
    })
}

/// The format of content by its first bytes.
pub fn sniff_format(prefix: &[u8]) -> Format {
    let text: String = match encoding_rs::Encoding::for_bom(prefix) {
        Some((enc, bom)) => enc.decode_without_bom_handling(&prefix[bom..]).0.into_owned(),
        None => String::from_utf8_lossy(prefix).into_owned(),
    };
    let t = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    if t.starts_with("WARC/") {
        return Format::Warc;
    }
    if t.starts_with('{') {
        // One complete object on the first line: JSON Lines; otherwise a (pretty) document.
        let first = t.lines().next().unwrap_or("");
        return if serde_json::from_str::<serde_json::Value>(first).is_ok_and(|v| v.is_object()) {
            Format::Jsonl
        } else {
            Format::Json
        };
    }
    if t.starts_with('[') {
        return Format::Json;
    }
    if t.starts_with('<') && !t.starts_with("<http") {
        let lower: String = t.chars().take(2048).collect::<String>().to_ascii_lowercase();
        let feed_at = ["<rss", "<feed", "<rdf:rdf"].iter().filter_map(|m| lower.find(m)).min();
        let html_at = ["<html", "<!doctype html", "<head", "<body"].iter().filter_map(|m| lower.find(m)).min();
        return match (feed_at, html_at) {
            (Some(f), Some(h)) if f < h => Format::Feed,
            (Some(_), None) => Format::Feed,
            _ => Format::Html,
        };
    }
    Format::Text
}

/// Turns inputs into outcomes. Cheap to create; holds only the limits.
#[derive(Clone, Debug, Default)]
pub struct Ingestor {
    limits: Limits,
}

/// Single-document inputs processed together in parallel; bounded so memory stays bounded.
const CHUNK: usize = 64;
/// Files at least this large, and multi-record formats, are streamed one at a time (with
/// record-level parallelism inside) instead of being read whole in a parallel chunk.
const STREAM_AT: u64 = 8 * limits::MIB;

impl Ingestor {
    pub fn new(limits: Limits) -> Ingestor {
        Ingestor { limits }
    }

    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Ingest what the user named (see [`expand_inputs`]) and collect every outcome.
    pub fn ingest_paths<S: AsRef<std::ffi::OsStr>>(&self, specs: &[S]) -> Vec<Outcome> {
        let inputs = expand_inputs(specs);
        let mut out = Vec::new();
        self.ingest_each(
            &inputs,
            |o| {
                out.push(o);
                ControlFlow::Continue(())
            },
            |_| {},
        );
        out
    }

    /// Ingest `inputs` in parallel, calling `on_outcome` for every outcome in input order (then
    /// record order), and `on_input_done` with the number of inputs finished so far.
    /// `on_outcome` may stop the run early (a closed output pipe) by returning `Break`; the
    /// inputs already in flight finish, no new ones start.
    pub fn ingest_each(
        &self,
        inputs: &[Input],
        mut on_outcome: impl FnMut(Outcome) -> ControlFlow<()>,
        mut on_input_done: impl FnMut(usize),
    ) {
        use rayon::prelude::*;
        let mut done = 0;
        let mut i = 0;
        let mut stopped = false;
        let mut emit = |o: Outcome, stopped: &mut bool| {
            if !*stopped && on_outcome(o).is_break() {
                *stopped = true;
            }
        };
        while i < inputs.len() && !stopped {
            if self.should_stream(&inputs[i]) {
                self.ingest_input(&inputs[i], &mut |o| emit(o, &mut stopped));
                i += 1;
                done += 1;
                on_input_done(done);
                continue;
            }
            let mut j = i;
            while j < inputs.len() && j - i < CHUNK && !self.should_stream(&inputs[j]) {
                j += 1;
            }
            let results: Vec<Vec<Outcome>> = inputs[i..j]
                .par_iter()
                .map(|input| {
                    let mut v = Vec::new();
                    self.ingest_input(input, &mut |o| v.push(o));
                    v
                })
                .collect();
            for v in results {
                for o in v {
                    emit(o, &mut stopped);
                }
                done += 1;
                on_input_done(done);
            }
            i = j;
        }
    }

    fn should_stream(&self, input: &Input) -> bool {
        match &input.kind {
            InputKind::Stdin => true,
            InputKind::Unreadable(_) => false,
            InputKind::File(p) => {
                matches!(format_from_extension(&input.source), Some(Format::Warc | Format::Jsonl))
                    || std::fs::metadata(p).is_ok_and(|m| m.len() >= STREAM_AT)
            }
        }
    }

    /// Ingest one input, sending its outcomes (at least one) to `sink` in order.
    pub fn ingest_input(&self, input: &Input, sink: &mut dyn FnMut(Outcome)) {
        match &input.kind {
            InputKind::Unreadable(e) => sink(Outcome::rejected(&input.source, e.clone())),
            InputKind::Stdin => {
                let stdin = std::io::stdin();
                self.ingest_reader(&input.source, stdin.lock(), None, sink);
            }
            InputKind::File(path) => {
                let meta = match std::fs::metadata(path) {
                    Ok(m) => m,
                    Err(e) => return sink(Outcome::rejected(&input.source, IngestError::from_io(&e))),
                };
                if meta.is_dir() {
                    return sink(Outcome::rejected(
                        &input.source,
                        IngestError::Other("a directory, not a file".into()),
                    ));
                }
                if meta.len() > self.limits.max_file_bytes {
                    return sink(Outcome::rejected(
                        &input.source,
                        IngestError::FileTooLarge { size: meta.len(), limit: self.limits.max_file_bytes },
                    ));
                }
                match std::fs::File::open(path) {
                    Ok(f) => self.ingest_reader(&input.source, f, Some(meta.len()), sink),
                    Err(e) => sink(Outcome::rejected(&input.source, IngestError::from_io(&e))),
                }
            }
        }
    }

    /// Ingest bytes named `source`: the name's extension and the content choose the reader.
    pub fn ingest_bytes(&self, source: &str, bytes: &[u8]) -> Vec<Outcome> {
        let mut out = Vec::new();
        if bytes.len() as u64 > self.limits.max_file_bytes {
            out.push(Outcome::rejected(
                source,
                IngestError::FileTooLarge { size: bytes.len() as u64, limit: self.limits.max_file_bytes },
            ));
            return out;
        }
        self.ingest_reader(source, bytes, Some(bytes.len() as u64), &mut |o| out.push(o));
        out
    }

    fn ingest_reader<R: Read>(&self, source: &str, reader: R, size: Option<u64>, sink: &mut dyn FnMut(Outcome)) {
        let mut reader = BufReader::with_capacity(64 * 1024, reader);
        let raw_prefix = match peek(&mut reader, 8192) {
            Ok(p) => p,
            Err(e) => return sink(Outcome::rejected(source, IngestError::from_io(&e))),
        };
        if raw_prefix.is_empty() {
            return sink(Outcome::rejected(source, IngestError::Empty));
        }
        let gzipped = raw_prefix.starts_with(&[0x1f, 0x8b]);
        let stream: Box<dyn BufRead + '_> = if gzipped {
            let limit = match format_from_extension(source) {
                Some(Format::Warc | Format::Jsonl) => self.limits.max_decompressed_bytes,
                _ => self.limits.max_document_bytes,
            };
            let gz = flate2::read::MultiGzDecoder::new(reader);
            Box::new(BufReader::with_capacity(64 * 1024, Guarded { inner: gz, left: limit, limit }))
        } else {
            Box::new(reader)
        };
        let mut stream = stream;
        let prefix = match peek(&mut stream, 8192) {
            Ok(p) => p,
            Err(e) => return sink(Outcome::rejected(source, io_reason(&e))),
        };
        if prefix.is_empty() {
            return sink(Outcome::rejected(source, IngestError::Empty));
        }
        let format = match format_from_extension(source) {
            Some(Format::Feed) if sniff_format(&prefix) == Format::Html => Format::Html,
            Some(f) => f,
            None => sniff_format(&prefix),
        };
        match format {
            Format::Warc => return warcfile::read_warc(source, stream, &self.limits, sink),
            Format::Jsonl => return jsonl::read_jsonl(source, stream, &self.limits, sink),
            _ => {}
        }
        if !gzipped && size.is_some_and(|s| s > self.limits.max_document_bytes) {
            return sink(Outcome::rejected(
                source,
                IngestError::DocumentTooLarge { limit: self.limits.max_document_bytes },
            ));
        }
        let mut bytes = Vec::new();
        let cap = self.limits.max_document_bytes;
        if let Err(e) = stream.take(cap + 1).read_to_end(&mut bytes) {
            return sink(Outcome::rejected(source, io_reason(&e)));
        }
        if bytes.len() as u64 > cap {
            let reason = if gzipped {
                IngestError::DecompressionLimit { limit: cap }
            } else {
                IngestError::DocumentTooLarge { limit: cap }
            };
            return sink(Outcome::rejected(source, reason));
        }
        self.read_document(source, format, &bytes, sink);
    }

    /// A single document already in memory.
    fn read_document(&self, source: &str, format: Format, bytes: &[u8], sink: &mut dyn FnMut(Outcome)) {
        if bytes.iter().all(|b| b.is_ascii_whitespace()) {
            return sink(Outcome::rejected(source, IngestError::Blank));
        }
        if let Some(why) = decode::binary_reason(bytes) {
            return sink(Outcome::rejected(source, IngestError::Binary(why)));
        }
        match format {
            Format::Text => sink(Outcome::from_result(source, read_text(source, bytes))),
            Format::Html => sink(Outcome::from_result(
                source,
                page::article_from_html(source, bytes, None, None, SourceFormat::Html),
            )),
            Format::Json => jsonl::read_json_document(source, bytes, &self.limits, sink),
            Format::Jsonl => jsonl::read_jsonl(source, bytes, &self.limits, sink),
            Format::Feed => feed::read_feed(source, bytes, sink),
            Format::Warc => warcfile::read_warc(source, bytes, &self.limits, sink),
        }
    }
}

/// The plain-text reader on bytes: decode (rejecting broken UTF-8), then [`article_from_text`].
fn read_text(source: &str, bytes: &[u8]) -> Result<Article, IngestError> {
    let decoded = decode::decode(bytes, None, Utf8Errors::Reject)?;
    if decoded.text.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}').is_empty() {
        return Err(IngestError::Blank);
    }
    let mut article = article_from_text(source, decoded.text);
    article.warnings.extend(decoded.warnings);
    if article.body.as_str().trim().is_empty() {
        return Err(IngestError::NoText("nothing is left after header lines and boilerplate".into()));
    }
    Ok(article)
}

/// The first bytes of a stream, up to `n`, left unconsumed for the reader chosen from them. One
/// buffer fill: a file or a gzip stream fills it well beyond what sniffing needs.
fn peek<R: BufRead + ?Sized>(reader: &mut R, n: usize) -> std::io::Result<Vec<u8>> {
    let buf = reader.fill_buf()?;
    Ok(buf[..buf.len().min(n)].to_vec())
}

/// A decompressed stream that stops with an error past `limit` bytes (a gzip bomb cannot make
/// it allocate or spin beyond the limit) and tags the decoder's errors as gzip errors.
struct Guarded<R> {
    inner: R,
    left: u64,
    limit: u64,
}

/// The payload of I/O errors raised by [`Guarded`], so they map to precise reasons.
#[derive(Debug)]
enum StreamFault {
    Limit(u64),
    Gzip(String),
}

impl std::fmt::Display for StreamFault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StreamFault::Limit(l) => write!(f, "decompressed data exceeds {l} bytes"),
            StreamFault::Gzip(m) => write!(f, "gzip: {m}"),
        }
    }
}

impl std::error::Error for StreamFault {}

impl<R: Read> Read for Guarded<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.left == 0 {
            // One more byte means the limit is crossed; exactly at the limit is fine.
            let mut probe = [0u8; 1];
            return match self.inner.read(&mut probe) {
                Ok(0) => Ok(0),
                Ok(_) => Err(std::io::Error::other(StreamFault::Limit(self.limit))),
                Err(e) => Err(std::io::Error::other(StreamFault::Gzip(e.to_string()))),
            };
        }
        let want = buf.len().min(usize::try_from(self.left).unwrap_or(usize::MAX));
        match self.inner.read(&mut buf[..want]) {
            Ok(n) => {
                self.left -= n as u64;
                Ok(n)
            }
            Err(e) => Err(std::io::Error::other(StreamFault::Gzip(e.to_string()))),
        }
    }
}

/// The rejection reason for an I/O error while reading content (decompression included).
pub(crate) fn io_reason(e: &std::io::Error) -> IngestError {
    if let Some(fault) = e.get_ref().and_then(|x| x.downcast_ref::<StreamFault>()) {
        return match fault {
            StreamFault::Limit(l) => IngestError::DecompressionLimit { limit: *l },
            StreamFault::Gzip(m) => IngestError::Gzip(m.clone()),
        };
    }
    IngestError::from_io(e)
}

#[cfg(test)]
mod tests;
