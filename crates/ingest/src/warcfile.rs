//! The WARC reader (`.warc`, `.warc.gz`, as Common Crawl's CC-NEWS): each HTTP `response`
//! record is one input, `file#N` with N the record's position in the file. Its HTTP payload
//! goes through the HTML reader with the charset of its `Content-Type`. Other record types
//! (`warcinfo`, `request`, `metadata`) are the container's own and are skipped.
//!
//! Records are read one at a time (a CC-NEWS file is ~1 GB) and extracted in parallel batches;
//! outcomes keep record order. A truncated record is rejected and ends the file, since nothing
//! after it can be trusted.

use crate::decode::charset_param;
use crate::{IngestError, Limits, Outcome, io_reason, page, record_source};
use std::io::{BufRead, Read};
use storyline_core::SourceFormat;
use warc::{RecordType, WarcHeader, WarcReader};

/// Records extracted together in parallel.
const BATCH: usize = 64;

struct Pending {
    source: String,
    payload: Vec<u8>,
    target: Option<String>,
    limit: u64,
}

pub fn read_warc<R: BufRead>(source: &str, reader: R, limits: &Limits, sink: &mut dyn FnMut(Outcome)) {
    // The warc crate reads header lines whole: bound the bytes between two line breaks so a
    // corrupt or hostile stream cannot grow one "line" without limit.
    let guard = LineGuard { inner: reader, since_newline: 0, cap: limits.max_document_bytes.saturating_add(1 << 20) };
    let mut warc = WarcReader::new(std::io::BufReader::with_capacity(64 * 1024, guard));
    let mut records = warc.stream_records();
    let mut n = 0usize;
    let mut emitted = 0usize;
    let mut batch: Vec<Pending> = Vec::new();
    let mut emit = |o: Outcome, emitted: &mut usize| {
        *emitted += 1;
        sink(o);
    };
    let flush = |batch: &mut Vec<Pending>, emit: &mut dyn FnMut(Outcome)| {
        use rayon::prelude::*;
        let outcomes: Vec<Outcome> = std::mem::take(batch).into_par_iter().map(|p| response_outcome(&p)).collect();
        outcomes.into_iter().for_each(emit);
    };
    loop {
        let item = records.next_item();
        let Some(item) = item else { break };
        n += 1;
        let src = record_source(source, n);
        let record = match item {
            Ok(r) => r,
            Err(e) => {
                flush(&mut batch, &mut |o| emit(o, &mut emitted));
                emit(Outcome::rejected(&src, warc_reason(&e)), &mut emitted);
                return;
            }
        };
        if n > limits.max_records_per_file {
            flush(&mut batch, &mut |o| emit(o, &mut emitted));
            emit(
                Outcome::rejected(&src, IngestError::TooManyRecords { limit: limits.max_records_per_file }),
                &mut emitted,
            );
            return;
        }
        if *record.warc_type() != RecordType::Response {
            continue;
        }
        let len = record.content_length();
        if len > limits.max_document_bytes {
            // Records before it go out first: outcomes keep record order.
            flush(&mut batch, &mut |o| emit(o, &mut emitted));
            emit(
                Outcome::rejected(&src, IngestError::DocumentTooLarge { limit: limits.max_document_bytes }),
                &mut emitted,
            );
            continue;
        }
        // Read the body (its length is bounded above), then the header values as raw bytes: the
        // warc crate's `Record::header` unwraps them as UTF-8, a panic on a hostile record.
        let (headers, payload) = match record.into_buffered() {
            Ok(r) => r.into_raw_parts(),
            Err(e) => {
                flush(&mut batch, &mut |o| emit(o, &mut emitted));
                emit(Outcome::rejected(&src, io_reason(&e)), &mut emitted);
                return;
            }
        };
        let header = |h: WarcHeader| headers.headers.get(&h).map(|v| String::from_utf8_lossy(v).into_owned());
        let target = header(WarcHeader::TargetURI).map(|u| u.trim_matches(['<', '>']).to_string());
        let is_http =
            header(WarcHeader::ContentType).is_none_or(|t| t.to_ascii_lowercase().contains("application/http"));
        if (payload.len() as u64) < len {
            flush(&mut batch, &mut |o| emit(o, &mut emitted));
            let why = format!("record ends after {} of its {len} bytes", payload.len());
            emit(Outcome::rejected(&src, IngestError::TruncatedWarc(why)), &mut emitted);
            return;
        }
        if !is_http {
            flush(&mut batch, &mut |o| emit(o, &mut emitted));
            emit(
                Outcome::rejected(&src, IngestError::NotAnArticle("a response record without an HTTP message".into())),
                &mut emitted,
            );
            continue;
        }
        batch.push(Pending { source: src, payload, target, limit: limits.max_document_bytes });
        if batch.len() >= BATCH {
            flush(&mut batch, &mut |o| emit(o, &mut emitted));
        }
    }
    flush(&mut batch, &mut |o| emit(o, &mut emitted));
    if emitted == 0 {
        let why = if n == 0 { "no WARC records in the file" } else { "no HTTP response records in the WARC file" };
        sink(Outcome::rejected(source, IngestError::NotAnArticle(why.into())));
    }
}

/// The error [`LineGuard`] raises.
#[derive(Debug)]
struct EndlessLine(u64);

impl std::fmt::Display for EndlessLine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "over {} bytes without a line break", self.0)
    }
}

impl std::error::Error for EndlessLine {}

/// Fails a stream once `cap` bytes pass without a line break.
struct LineGuard<R> {
    inner: R,
    since_newline: u64,
    cap: u64,
}

impl<R: Read> Read for LineGuard<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        match buf[..n].iter().rposition(|&b| b == b'\n') {
            Some(i) => self.since_newline = (n - i - 1) as u64,
            None => self.since_newline += n as u64,
        }
        if self.since_newline > self.cap {
            return Err(std::io::Error::other(EndlessLine(self.cap)));
        }
        Ok(n)
    }
}

fn warc_reason(e: &warc::Error) -> IngestError {
    match e {
        warc::Error::ReadData(io) if io.get_ref().is_some_and(|e| e.is::<EndlessLine>()) => {
            IngestError::MalformedWarc(io.to_string())
        }
        warc::Error::ReadData(io) => match io_reason(io) {
            IngestError::Io(m) => IngestError::TruncatedWarc(m),
            other => other,
        },
        warc::Error::UnexpectedEOB => IngestError::TruncatedWarc("the file ends inside a record".into()),
        warc::Error::ReadOverflow => IngestError::MalformedWarc("a record is longer than its Content-Length".into()),
        warc::Error::ParseHeaders(_) => IngestError::MalformedWarc("unparseable record header".into()),
        other => IngestError::MalformedWarc(other.to_string()),
    }
}

fn response_outcome(p: &Pending) -> Outcome {
    Outcome::from_result(&p.source, response_article(p))
}

fn response_article(p: &Pending) -> Result<storyline_core::Article, IngestError> {
    let http =
        parse_http(&p.payload).ok_or_else(|| IngestError::MalformedWarc("the record holds no HTTP response".into()))?;
    if !(200..300).contains(&http.status) {
        return Err(IngestError::NotAnArticle(format!("HTTP status {}", http.status)));
    }
    let content_type = http.header("content-type");
    if let Some(ct) = content_type {
        let mime = ct.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
        if !(mime.is_empty() || mime.contains("html") || mime.contains("xml") || mime == "text/plain") {
            return Err(IngestError::NotAnArticle(format!("content type {mime}")));
        }
    }
    let mut body = http.body.to_vec();
    if http.header("transfer-encoding").is_some_and(|t| t.to_ascii_lowercase().contains("chunked"))
        && let Some(d) = dechunk(&body)
    {
        body = d;
    }
    if body.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        let mut gz = flate2::read::MultiGzDecoder::new(&body[..]).take(p.limit + 1);
        gz.read_to_end(&mut out).map_err(|e| IngestError::Gzip(e.to_string()))?;
        if out.len() as u64 > p.limit {
            return Err(IngestError::DecompressionLimit { limit: p.limit });
        }
        body = out;
    }
    page::article_from_html(
        &p.source,
        &body,
        content_type.and_then(charset_param),
        p.target.as_deref(),
        SourceFormat::Warc,
    )
}

struct Http<'a> {
    status: u16,
    headers: Vec<(String, String)>,
    body: &'a [u8],
}

impl Http<'_> {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// An HTTP/1.x response: status line, headers, and the body after the blank line.
fn parse_http(bytes: &[u8]) -> Option<Http<'_>> {
    let head_end = find(bytes, b"\r\n\r\n").map(|i| (i, i + 4)).or_else(|| find(bytes, b"\n\n").map(|i| (i, i + 2)))?;
    let head = String::from_utf8_lossy(&bytes[..head_end.0]);
    let mut lines = head.lines();
    let status_line = lines.next()?;
    if !status_line.starts_with("HTTP/") {
        return None;
    }
    let status: u16 = status_line.split_whitespace().nth(1)?.parse().ok()?;
    let headers =
        lines.filter_map(|l| l.split_once(':')).map(|(k, v)| (k.trim().to_string(), v.trim().to_string())).collect();
    Some(Http { status, headers, body: &bytes[head_end.1..] })
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Undo `Transfer-Encoding: chunked`; `None` when the body is not in chunked form (crawlers
/// often store it already decoded while keeping the header).
fn dechunk(body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    let mut rest = body;
    loop {
        let eol = find(rest, b"\r\n")?;
        let size_str = std::str::from_utf8(&rest[..eol]).ok()?;
        let size = usize::from_str_radix(size_str.split(';').next()?.trim(), 16).ok()?;
        rest = &rest[eol + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(rest.get(..size)?);
        rest = rest.get(size..)?;
        rest = rest.strip_prefix(b"\r\n").unwrap_or(rest);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_and_chunks() {
        let h = parse_http(b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=windows-1251\r\n\r\n<html>").unwrap();
        assert_eq!(h.status, 200);
        assert_eq!(h.header("content-type"), Some("text/html; charset=windows-1251"));
        assert_eq!(h.body, b"<html>");
        assert_eq!(dechunk(b"5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n").unwrap(), b"hello world");
        assert_eq!(dechunk(b"<html>not chunked"), None);
    }

    #[test]
    fn endless_header_lines_are_cut() {
        let limits = Limits { max_document_bytes: 1000, ..Limits::default() };
        let mut data = b"WARC/1.0\r\nWARC-Type: response\r\nX: ".to_vec();
        data.extend(std::iter::repeat_n(b'a', 3 << 20));
        let mut out = Vec::new();
        read_warc("x.warc", &data[..], &limits, &mut |o| out.push(o));
        assert_eq!(out.len(), 1);
        let Outcome::Rejected(r) = &out[0] else { panic!() };
        assert!(
            r.reason.starts_with("malformed WARC data: over") && r.reason.ends_with("without a line break"),
            "{}",
            r.reason
        );
    }
}
