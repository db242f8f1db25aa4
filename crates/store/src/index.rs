//! The full-text index: a tantivy index derived from the SQLite store.
//!
//! Two kinds of documents: one per **article** (title, text, the quotes it reports, its outlet,
//! its day, the names and aliases of the entities it names) and one per **timeline entry** of a
//! story (what happened, its day, its actors' names). The article's story is *not* indexed: stories
//! merge as articles arrive, so a hit's story is read from SQLite at query time.
//!
//! The index is never the source of truth. Every commit carries, as its payload, the store
//! sequence number it has caught up to; after a crash between a SQLite commit and the index
//! commit, the next writer indexes whatever is newer ([`crate::Store::open`]). A damaged index is
//! deleted and rebuilt from SQLite.

use crate::error::{Result, StoreError};
use crate::model::{SearchQuery, Snippet};
use std::ops::Bound;
use std::path::Path;
use storyline_core::PartialDate;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query, QueryParser, RangeQuery, TermQuery};
use tantivy::schema::{
    Field, INDEXED, IndexRecordOption, NumericOptions, STORED, STRING, Schema, TextFieldIndexing, TextOptions, Value,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term, doc};

/// Memory the index writer may buffer before flushing a segment.
const WRITER_HEAP: usize = 64 << 20;
/// Longest snippet, in characters.
const SNIPPET_CHARS: usize = 240;
/// How much of a hit's text (from its start, in bytes) a snippet is looked for in.
const SNIPPET_SCAN_BYTES: usize = 3000;

/// The index's fields.
#[derive(Clone, Copy, Debug)]
pub struct Fields {
    /// `a` (article) or `t` (timeline entry).
    pub kind: Field,
    /// Unique key: the article id, or `story#n` for a timeline entry.
    pub key: Field,
    pub article: Field,
    /// The story of a timeline entry (unset for articles).
    pub story: Field,
    pub title: Field,
    pub body: Field,
    pub quotes: Field,
    /// Lower-cased outlet name.
    pub outlet: Field,
    /// Lower-cased entity names and aliases.
    pub entity: Field,
    /// Days since 1970-01-01.
    pub day: Field,
}

pub(crate) fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer("en_stem")
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
        .set_stored();
    let fields = Fields {
        kind: b.add_text_field("kind", STRING | STORED),
        key: b.add_text_field("key", STRING | STORED),
        article: b.add_text_field("article", STRING | STORED),
        story: b.add_text_field("story", STRING | STORED),
        title: b.add_text_field("title", text.clone()),
        body: b.add_text_field("body", text.clone()),
        quotes: b.add_text_field("quotes", text),
        outlet: b.add_text_field("outlet", STRING),
        entity: b.add_text_field("entity", STRING),
        day: b.add_i64_field("day", NumericOptions::default() | INDEXED | STORED),
    };
    (b.build(), fields)
}

/// An article as the index sees it.
pub struct ArticleEntry<'a> {
    pub id: &'a str,
    pub title: Option<&'a str>,
    pub text: &'a str,
    pub quotes: Vec<&'a str>,
    pub outlet: Option<&'a str>,
    pub day: Option<i32>,
    pub names: Vec<String>,
}

/// A timeline entry as the index sees it.
pub struct TimelineEntryDoc<'a> {
    pub story: &'a str,
    pub n: usize,
    pub what: &'a str,
    pub article: Option<&'a str>,
    pub day: Option<i32>,
    pub names: Vec<String>,
}

/// The index, open for reading (and for writing when this process holds the store's write lock).
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    parser: QueryParser,
}

impl SearchIndex {
    /// Open the index in `dir`, creating it when missing. A damaged index is removed and created
    /// empty (its payload then says 0, and the writer re-indexes everything from SQLite); a
    /// read-only caller gets the error instead.
    pub fn open(dir: &Path, may_rebuild: bool) -> Result<SearchIndex> {
        let io = |source| StoreError::Io { path: dir.to_path_buf(), source };
        std::fs::create_dir_all(dir).map_err(io)?;
        let (schema, fields) = schema();
        let has_meta = dir.join("meta.json").exists();
        let opened = if has_meta { Index::open_in_dir(dir) } else { Index::create_in_dir(dir, schema.clone()) };
        let index = match opened {
            Ok(i) if i.schema() == schema => i,
            Ok(_) | Err(_) if may_rebuild => {
                tracing::warn!(dir = %dir.display(), "search index unreadable or of another schema: rebuilding it");
                std::fs::remove_dir_all(dir).map_err(io)?;
                std::fs::create_dir_all(dir).map_err(io)?;
                Index::create_in_dir(dir, schema)?
            }
            Ok(_) => return Err(StoreError::corrupt("search index", "schema differs; reopen for writing to rebuild")),
            Err(e) => return Err(e.into()),
        };
        let reader = index.reader_builder().reload_policy(ReloadPolicy::OnCommitWithDelay).try_into()?;
        let mut parser = QueryParser::for_index(&index, vec![fields.title, fields.body, fields.quotes]);
        parser.set_field_boost(fields.title, 2.0);
        parser.set_field_boost(fields.quotes, 1.2);
        Ok(SearchIndex { index, reader, fields, parser })
    }

    /// Take the index's writer lock: `Busy` when another process holds it.
    pub fn writer(&self, dir: &Path) -> Result<IndexWriter> {
        match self.index.writer_with_num_threads(1, WRITER_HEAP) {
            Ok(w) => Ok(w),
            Err(tantivy::TantivyError::LockFailure(..)) => Err(StoreError::Busy(dir.to_path_buf())),
            Err(e) => Err(e.into()),
        }
    }

    pub fn fields(&self) -> &Fields {
        &self.fields
    }

    /// The store sequence number of the last commit.
    pub fn committed_seq(&self) -> u64 {
        self.index.load_metas().ok().and_then(|m| m.payload).and_then(|p| p.parse().ok()).unwrap_or(0)
    }

    /// See the latest commit now (the reader also reloads by itself shortly after a commit).
    pub fn reload(&self) {
        if let Err(e) = self.reader.reload() {
            tracing::warn!("search index reload: {e}");
        }
    }

    /// Replace an article's document.
    pub fn put_article(&self, w: &IndexWriter, a: &ArticleEntry<'_>) -> Result<()> {
        let f = &self.fields;
        w.delete_term(Term::from_field_text(f.key, a.id));
        let mut d = doc!(f.kind => "a", f.key => a.id, f.article => a.id, f.body => a.text);
        if let Some(t) = a.title {
            d.add_text(f.title, t);
        }
        for q in &a.quotes {
            d.add_text(f.quotes, q);
        }
        if let Some(o) = a.outlet {
            d.add_text(f.outlet, o.to_lowercase());
        }
        if let Some(day) = a.day {
            d.add_i64(f.day, i64::from(day));
        }
        for n in &a.names {
            d.add_text(f.entity, n);
        }
        w.add_document(d)?;
        Ok(())
    }

    /// Drop every timeline document of a story.
    pub fn delete_story(&self, w: &IndexWriter, story: &str) {
        w.delete_term(Term::from_field_text(self.fields.story, story));
    }

    pub fn put_timeline_entry(&self, w: &IndexWriter, e: &TimelineEntryDoc<'_>) -> Result<()> {
        let f = &self.fields;
        let key = format!("{}#{}", e.story, e.n);
        let mut d = doc!(f.kind => "t", f.key => key, f.story => e.story, f.body => e.what);
        if let Some(a) = e.article {
            d.add_text(f.article, a);
        }
        if let Some(day) = e.day {
            d.add_i64(f.day, i64::from(day));
        }
        for n in &e.names {
            d.add_text(f.entity, n);
        }
        w.add_document(d)?;
        Ok(())
    }

    /// Commit what was added, recording that the index now covers the store up to `seq`.
    pub fn commit(&self, w: &mut IndexWriter, seq: u64) -> Result<()> {
        let mut prepared = w.prepare_commit()?;
        prepared.set_payload(&seq.to_string());
        prepared.commit()?;
        self.reload();
        Ok(())
    }

    /// Run a query. Returns the total number of matches and the page of hits.
    pub fn search(&self, q: &SearchQuery) -> Result<(u64, Vec<RawHit>)> {
        let f = &self.fields;
        let text = q.q.trim();
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if !text.is_empty() {
            let (query, errors) = self.parser.parse_query_lenient(text);
            let mut has_terms = false;
            query.query_terms(&mut |_, _| has_terms = true);
            if let Some(e) = errors.first()
                && !has_terms
            {
                return Err(StoreError::Query(format!("cannot read the query {text:?}: {e}")));
            }
            clauses.push((Occur::Must, query));
        }
        if let Some(e) = q.entity.as_deref().map(str::trim).filter(|e| !e.is_empty()) {
            let term = Term::from_field_text(f.entity, &e.to_lowercase());
            clauses.push((Occur::Must, Box::new(TermQuery::new(term, IndexRecordOption::Basic))));
        }
        if let Some(o) = q.outlet.as_deref().map(str::trim).filter(|o| !o.is_empty()) {
            let term = Term::from_field_text(f.outlet, &o.to_lowercase());
            clauses.push((Occur::Must, Box::new(TermQuery::new(term, IndexRecordOption::Basic))));
        }
        if q.from.is_some() || q.to.is_some() {
            let lo = q
                .from
                .and_then(first_day)
                .map_or(Bound::Unbounded, |d| Bound::Included(Term::from_field_i64(f.day, d.into())));
            let hi =
                q.to.and_then(last_day)
                    .map_or(Bound::Unbounded, |d| Bound::Included(Term::from_field_i64(f.day, d.into())));
            clauses.push((Occur::Must, Box::new(RangeQuery::new(lo, hi))));
        }
        if clauses.is_empty() {
            return Err(StoreError::Query("an empty query: give words to search for or a filter".into()));
        }
        let scored = !text.is_empty();
        let query = BooleanQuery::new(clauses);
        let searcher = self.reader.searcher();
        let limit = q.limit.clamp(1, crate::model::Page::MAX_LIMIT);
        let (top, total) =
            searcher.search(&query, &(TopDocs::with_limit(limit).and_offset(q.offset).order_by_score(), Count))?;
        let generator = |field| crate::highlight::snippet_generator(&searcher, &query, field, SNIPPET_CHARS).ok();
        let mut body_snippets = if scored { generator(f.body) } else { None };
        let mut quote_snippets = if scored { generator(f.quotes) } else { None };
        let mut hits = Vec::with_capacity(top.len());
        for (score, addr) in top {
            let d: TantivyDocument = searcher.doc(addr)?;
            let get = |field: Field| d.get_first(field).and_then(|v| v.as_str()).map(str::to_string);
            let body = get(f.body).unwrap_or_default();
            let mut snippet = snippet_of(body_snippets.as_mut(), &body, true);
            if snippet.highlights.is_empty()
                && let Some(g) = quote_snippets.as_mut()
            {
                let quotes: Vec<&str> = d.get_all(f.quotes).filter_map(|v| v.as_str()).collect();
                let s = snippet_of(Some(g), &quotes.join(" … "), false);
                if !s.highlights.is_empty() {
                    snippet = s;
                }
            }
            hits.push(RawHit {
                kind: get(f.kind).unwrap_or_default(),
                score,
                article: get(f.article),
                story: get(f.story),
                day: d.get_first(f.day).and_then(|v| v.as_i64()),
                snippet,
            });
        }
        Ok((total as u64, hits))
    }
}

/// A hit as the index knows it; the store adds titles and stories.
pub struct RawHit {
    pub kind: String,
    pub score: f32,
    pub article: Option<String>,
    pub story: Option<String>,
    pub day: Option<i64>,
    pub snippet: Snippet,
}

fn snippet_of(generator: Option<&mut SnippetGenerator>, text: &str, is_body: bool) -> Snippet {
    let fallback = || {
        let cut = storyline_core::text::sentences(text).first().map_or(text.len().min(SNIPPET_CHARS), |s| s.end);
        let mut end = cut.min(text.len()).min(SNIPPET_CHARS * 4);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        Snippet { text: text[..end].trim_end().to_string(), highlights: vec![], offset: is_body.then_some(0) }
    };
    let Some(g) = generator else { return fallback() };
    // Highlighting tokenizes and stems the text it is given: the head of a long article is
    // enough for a snippet and keeps the cost per hit bounded.
    let mut head = text.len().min(SNIPPET_SCAN_BYTES);
    while !text.is_char_boundary(head) {
        head -= 1;
    }
    let s = g.snippet(&text[..head]);
    if s.is_empty() {
        return fallback();
    }
    let range = s.fragment_range();
    Snippet {
        text: s.fragment().to_string(),
        highlights: s.highlighted().iter().map(|r| (r.start, r.end)).collect(),
        offset: is_body.then_some(range.start),
    }
}

/// The first day a partial date covers.
pub fn first_day(d: PartialDate) -> Option<i32> {
    storyline_link::features::day_number(PartialDate {
        year: d.year,
        month: Some(d.month.unwrap_or(1)),
        day: Some(d.day.unwrap_or(1)),
    })
}

/// The last day a partial date covers.
pub fn last_day(d: PartialDate) -> Option<i32> {
    let month = d.month.unwrap_or(12);
    let day = d.day.unwrap_or_else(|| storyline_core::date::days_in_month(d.year, month));
    storyline_link::features::day_number(PartialDate { year: d.year, month: Some(month), day: Some(day) })
}

/// The partial date of a day number (the inverse of `day_number`, Hinnant's `civil_from_days`).
pub fn date_of_day(z: i64) -> Option<PartialDate> {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    PartialDate::day(i16::try_from(y).ok()?, u8::try_from(m).ok()?, u8::try_from(d).ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_round_trip() {
        for s in ["1970-01-01", "2021-06-20", "2000-02-29", "1999-12-31"] {
            let d: PartialDate = s.parse().unwrap();
            assert_eq!(date_of_day(i64::from(first_day(d).unwrap())), Some(d));
        }
        let m: PartialDate = "2021-02".parse().unwrap();
        assert_eq!(last_day(m).unwrap() - first_day(m).unwrap(), 27);
        let y: PartialDate = "2020".parse().unwrap();
        assert_eq!(last_day(y).unwrap() - first_day(y).unwrap(), 365);
    }
}
