//! The embedded store: SQLite (the truth) plus the tantivy index (derived), in one directory.
//!
//! Layout of a store directory:
//!
//! ```text
//! DIR/store.sqlite3      articles, annotated docs, linking features, stories, entities (WAL mode)
//! DIR/index/             the tantivy full-text index
//! ```
//!
//! **Crash safety.** Every batch of new articles is one SQLite transaction holding the articles,
//! their annotations and features, their story assignments, and the recomputed views of every
//! story and entity they touch (with the background thread of [`Store::defer_index_commits`]
//! on, large stories are instead listed in `stale_stories` in that same transaction and
//! recomputed right after; a kill leaves the list for the next writable open); SQLite's WAL
//! makes a transaction all or nothing even when the process is killed mid-write. The search
//! index is committed after SQLite, with the store sequence number it covers as the commit's
//! payload; whatever it misses (a kill between the two commits) is indexed when the store is
//! next opened for writing. Ids are content hashes, so re-running an interrupted ingest skips
//! what is in and adds the rest.
//!
//! **Incremental linking.** The online [`Linker`] lives in memory in the writing process. It is
//! built on first use from the stored features (table `link_features`, in arrival order) and the
//! saved link graph (table `link_graph`: edges, components and clustering record of the first
//! articles, [`storyline_link::LinkGraph`]), then the articles that arrived after the graph was
//! saved are linked again. Without a graph that fits, every article is linked again in arrival
//! order. Both reproduce the linker state exactly (linking is deterministic given the arrival
//! order); at 100,000 articles, restoring takes about 2 s and linking everything again 16 s. The
//! graph is saved when the linker is built and when the store closes, each time only if
//! [`GRAPH_SAVE_AFTER`] articles arrived since it was last saved. It is a cache: a kill before it
//! is written only means more articles to link next time. After each batch,
//! every article whose story changed (it joined, or its story merged or split) is reassigned and
//! the views of the stories involved are recomputed with [`storyline_report::story_view`], the
//! same function `storyline report` uses. Linking an arrival replays its component's recorded
//! clustering ([`storyline_link::replay`]), so it costs milliseconds in a 100k-article store.
//!
//! **One writer.** The index's writer lock doubles as the store's write lock: a second writing
//! process gets [`StoreError::Busy`]. Readers (any number, in any process) never block on it.

use crate::codec;
use crate::error::{Result, StoreError};
use crate::index::{self, ArticleEntry, SearchIndex, TimelineEntryDoc};
use crate::model::*;
use rayon::prelude::*;
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;
use std::time::Instant;
use storyline_annotate::Doc;
use storyline_core::report::{Entity, Story};
use storyline_core::{PartialDate, Published, Span};
use storyline_link::{DfTable, Features, LinkGraph, LinkParams, Linker};
use storyline_report::ReportOptions;
use tantivy::IndexWriter;

/// The SQLite file in a store directory.
pub const DB_FILE: &str = "store.sqlite3";
/// The index folder in a store directory.
pub const INDEX_DIR: &str = "index";
/// Read connections kept open for reuse.
const POOL_SIZE: usize = 16;
/// How many stories an entity page reads quotes and timeline entries from (the largest first).
const ENTITY_STORIES: usize = 100;

/// How to open a store.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpenMode {
    /// Serve and search only; never takes the write lock.
    ReadOnly,
    /// Also add articles: takes the write lock (fails with `Busy` if another writer has it),
    /// creates the store if missing and brings the search index up to date.
    ReadWrite,
}

/// Recomputed stories: each with its view and summary, or `None` when it has no articles left.
type StoryViews = Vec<(String, Option<(StoredView, StorySummary)>)>;

/// A story's stored view: what [`storyline_report::story_view`] returned.
#[derive(Serialize, Deserialize)]
struct StoredView {
    story: Story,
    entities: Vec<Entity>,
}

/// The online linker and, per linker index, the founder each article's stored story derives from.
struct LinkState {
    linker: Linker,
    founders: Vec<u32>,
    /// How many articles (the first, in arrival order) the saved link graph covers.
    saved: usize,
    /// How many articles were restored from the saved graph when the linker was built.
    restored: usize,
}

/// How the linker was built ([`Store::prepare_writer`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LinkerReady {
    pub seconds: f64,
    pub articles: usize,
    /// Of those, how many were restored from the saved link graph (the rest were linked).
    pub from_saved_graph: usize,
}

/// The saved link graph is brought up to date when this many articles arrived since it was
/// saved: when the store is closed, or as the linker is built. Fewer are linked again by the
/// next process that builds the linker (at most a second or so), instead of rewriting the
/// whole graph (tens of MB at 100,000 articles) after every small ingest.
pub const GRAPH_SAVE_AFTER: usize = 1000;

/// What a saved link graph depends on besides the articles: the linking code's version and
/// its parameters.
fn graph_version(params: &LinkParams) -> String {
    format!("link {} {params:?}", storyline_link::LINK_VERSION)
}

/// What `link_graph.checksum` holds for a graph's bytes (LZ4 has no checksum of its own).
fn graph_checksum(blob: &[u8]) -> i64 {
    xxhash_rust::xxh3::xxh3_64(blob) as i64
}

/// A digest of the articles' ids in order: a saved graph is used only with the articles it was
/// made from.
fn ids_digest<'a>(ids: impl IntoIterator<Item = &'a str>) -> i64 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    for id in ids {
        h.update(id.as_bytes());
        h.update(b"\n");
    }
    h.digest() as i64
}

struct WriteState {
    conn: Connection,
    index_writer: IndexWriter,
    link: Option<LinkState>,
    /// The store sequence number the index writer has been given everything up to (committed,
    /// or pending when commits are deferred).
    indexed_seq: u64,
    /// Whether the index writer holds changes not committed yet.
    pending: bool,
}

/// What wakes the background thread: closing the store, or an add that left stale stories.
#[derive(Default)]
struct Wake {
    stopped: bool,
    kicked: bool,
}

/// Stories of more than this many articles, or more than [`SYNC_STORY_BYTES`] of stored
/// documents, are recomputed by the background thread when it runs (see
/// [`Store::defer_index_commits`]); smaller ones within the add (milliseconds).
pub const SYNC_STORY_ARTICLES: usize = 32;
/// See [`SYNC_STORY_ARTICLES`]: building a view costs about 35 ms per MB of stored (compressed)
/// documents.
pub const SYNC_STORY_BYTES: usize = 512 * 1024;

/// The background thread of [`Store::defer_index_commits`].
struct Committer {
    stop: Arc<(Mutex<Wake>, Condvar)>,
    handle: Option<std::thread::JoinHandle<()>>,
}

/// A store directory, open.
pub struct Store {
    dir: PathBuf,
    pool: Mutex<Vec<Connection>>,
    index: Arc<SearchIndex>,
    writer: Option<Arc<Mutex<WriteState>>>,
    opts: ReportOptions,
    committer: Option<Committer>,
    /// Articles and document bytes above which a story is recomputed in the background.
    sync_story_limit: (usize, usize),
    /// Set once [`Store::close`] ran, so that dropping a store closed for exit does not close it
    /// again.
    closed: bool,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("dir", &self.dir).field("writable", &self.writer.is_some()).finish()
    }
}

pub(crate) fn open_connection(path: &Path, create: bool) -> Result<Connection> {
    let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
    if create {
        flags |= OpenFlags::SQLITE_OPEN_CREATE;
    }
    let conn = Connection::open_with_flags(path, flags)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // WAL: readers never block the writer; a transaction is all or nothing across a kill -9.
    // synchronous=NORMAL keeps every committed transaction across a process crash (only an OS
    // crash or power loss may lose the last ones, never consistency).
    set_wal(&conn)?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "cache_size", -32_000)?;
    Ok(conn)
}

/// How long a connection waits for another process's lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Switch the database to WAL. On a new database that takes an exclusive lock for which SQLite
/// does not call the busy handler, so two processes opening a store being created (an ingest
/// creating it, a server or a search opening it) could fail with "database is locked"; the
/// switch is retried for as long as [`BUSY_TIMEOUT`] allows.
fn set_wal(conn: &Connection) -> Result<()> {
    let deadline = Instant::now() + BUSY_TIMEOUT;
    loop {
        match conn.pragma_update(None, "journal_mode", "WAL") {
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::DatabaseBusy && Instant::now() < deadline =>
            {
                std::thread::sleep(Duration::from_millis(2));
            }
            r => return Ok(r?),
        }
    }
}

impl Store {
    /// Open the store in `dir` (see [`OpenMode`]).
    pub fn open(dir: impl AsRef<Path>, mode: OpenMode) -> Result<Store> {
        let dir = dir.as_ref().to_path_buf();
        let db = dir.join(DB_FILE);
        let writable = mode == OpenMode::ReadWrite;
        if writable {
            std::fs::create_dir_all(&dir).map_err(|source| StoreError::Io { path: dir.clone(), source })?;
        } else if !db.is_file() {
            return Err(StoreError::NotAStore(dir));
        }
        let index = SearchIndex::open(&dir.join(INDEX_DIR), writable)?;
        let writer = if writable { Some(index.writer(&dir)?) } else { None };
        let mut conn = open_connection(&db, writable)?;
        crate::schema::migrate(&mut conn)?;
        if writable {
            fill_missing_pages(&mut conn)?;
        }
        let store = Store {
            dir,
            pool: Mutex::new(Vec::new()),
            index: Arc::new(index),
            writer: writer.map(|index_writer| {
                Arc::new(Mutex::new(WriteState { conn, index_writer, link: None, indexed_seq: 0, pending: false }))
            }),
            opts: ReportOptions::default(),
            committer: None,
            sync_story_limit: (SYNC_STORY_ARTICLES, SYNC_STORY_BYTES),
            closed: false,
        };
        store.catch_up_index()?;
        // Stale stories left by a server that stopped before recomputing them (a failure leaves
        // them stale for the next try; the store is usable meanwhile).
        if let Err(e) = store.refresh_stories() {
            tracing::warn!("recomputing stale stories: {e}");
        }
        Ok(store)
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn is_writable(&self) -> bool {
        self.writer.is_some()
    }

    fn with_conn<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let conn = self.pool.lock().map_err(|_| StoreError::corrupt("pool", "poisoned"))?.pop();
        let conn = match conn {
            Some(c) => c,
            None => {
                let c = open_connection(&self.dir.join(DB_FILE), false)?;
                c.pragma_update(None, "query_only", true)?;
                c
            }
        };
        let out = f(&conn);
        if let Ok(mut pool) = self.pool.lock()
            && pool.len() < POOL_SIZE
        {
            pool.push(conn);
        }
        out
    }

    fn write_state(&self) -> Result<std::sync::MutexGuard<'_, WriteState>> {
        Ok(lock_writer(self.writer.as_ref().ok_or(StoreError::ReadOnly)?))
    }

    /// Commit the search index (and checkpoint SQLite's WAL) from a background thread, at most
    /// `every` apart, instead of at the end of every [`Store::add`]: an add then returns without
    /// waiting for either, and what it added is searchable once the next commit lands (story,
    /// article and entity pages read SQLite and see it at once). Crash safety is unchanged: the
    /// index commits carry the sequence number they cover and the next writer catches up from
    /// there. No effect on a read-only store; calling it again changes nothing.
    ///
    /// The same thread recomputes the views of large stories (more than [`SYNC_STORY_ARTICLES`]
    /// articles or [`SYNC_STORY_BYTES`] of documents) that an add touched, woken as the add
    /// returns: an add into such a story then takes milliseconds instead of up to a second and a
    /// half, and the story's page shows the new article once the thread has rebuilt it. The
    /// stories left to recompute are listed in the add's own transaction, so a crash leaves them
    /// for the next writable open.
    pub fn defer_index_commits(&mut self, every: Duration) -> Result<()> {
        let Some(writer) = self.writer.clone() else { return Ok(()) };
        if self.committer.is_some() {
            return Ok(());
        }
        // The writer's commits no longer checkpoint the WAL (copying pages into the database
        // and syncing it); the thread does, with its own connection.
        lock_writer(&writer).conn.pragma_update(None, "wal_autocheckpoint", 0)?;
        let checkpointer = open_connection(&self.dir.join(DB_FILE), false)?;
        let index = self.index.clone();
        let opts = self.opts.clone();
        let stop = Arc::new((Mutex::new(Wake::default()), Condvar::new()));
        let stop2 = stop.clone();
        let handle = std::thread::Builder::new()
            .name("store-commit".into())
            .spawn(move || {
                let (flag, cv) = &*stop2;
                loop {
                    let Ok(guard) = flag.lock() else { return };
                    let Ok((mut guard, _)) = cv.wait_timeout_while(guard, every, |w| !w.stopped && !w.kicked) else {
                        return;
                    };
                    if guard.stopped {
                        return;
                    }
                    guard.kicked = false;
                    drop(guard);
                    // A panic in a story's view must not end the thread: it also commits the
                    // index and checkpoints the WAL.
                    let refreshed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        refresh_stale(&checkpointer, &writer, &index, &opts, true)
                    }));
                    match refreshed {
                        Ok(Err(e)) => tracing::warn!("recomputing stale stories (retried on the next round): {e}"),
                        Err(_) => tracing::error!("recomputing stale stories panicked (retried on the next round)"),
                        Ok(Ok(_)) => {}
                    }
                    commit_pending(&index, &mut lock_writer(&writer));
                    if let Err(e) = checkpointer.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(())) {
                        tracing::warn!("WAL checkpoint: {e}");
                    }
                }
            })
            .map_err(|source| StoreError::Io { path: self.dir.clone(), source })?;
        self.committer = Some(Committer { stop, handle: Some(handle) });
        Ok(())
    }

    /// Finish what [`Store::defer_index_commits`] leaves to the background: recompute stale
    /// stories, and commit whatever the search index holds uncommitted.
    pub fn flush_index(&self) -> Result<()> {
        self.refresh_stories()?;
        if let Some(w) = &self.writer {
            commit_pending(&self.index, &mut lock_writer(w));
        }
        Ok(())
    }

    /// Recompute the views of stale stories now (see [`Store::defer_index_commits`]); returns
    /// how many were written. Nothing to do on a read-only store.
    pub fn refresh_stories(&self) -> Result<usize> {
        let Some(w) = &self.writer else { return Ok(0) };
        let read = open_connection(&self.dir.join(DB_FILE), false)?;
        refresh_stale(&read, w, &self.index, &self.opts, self.committer.is_some())
    }

    /// Recompute stories of more than `articles` articles or `bytes` of stored documents in the
    /// background (defaults [`SYNC_STORY_ARTICLES`], [`SYNC_STORY_BYTES`]); only with
    /// [`Store::defer_index_commits`].
    pub fn set_sync_story_limit(&mut self, articles: usize, bytes: usize) {
        self.sync_story_limit = (articles, bytes);
    }

    /// Wake the background thread: an add left stale stories.
    fn kick(&self) {
        if let Some(c) = &self.committer
            && let Ok(mut w) = c.stop.0.lock()
        {
            w.kicked = true;
            c.stop.1.notify_all();
        }
    }

    /// Build the in-memory linker now (it is otherwise built on the first add). A server calls
    /// this at start so that its first `POST` is as fast as the rest.
    pub fn prepare_writer(&self) -> Result<LinkerReady> {
        let started = Instant::now();
        let mut w = self.write_state()?;
        w.ensure_linker()?;
        let (articles, from_saved_graph) = w.link.as_ref().map_or((0, 0), |l| (l.linker.len(), l.restored));
        Ok(LinkerReady { seconds: started.elapsed().as_secs_f64(), articles, from_saved_graph })
    }

    /// Save the link graph now if any article arrived since it was last saved (otherwise that
    /// happens when the store is closed, once [`GRAPH_SAVE_AFTER`] articles arrived). Returns
    /// how many articles the saved graph covers.
    pub fn save_link_graph(&self) -> Result<usize> {
        let mut w = self.write_state()?;
        w.ensure_linker()?;
        w.save_linker_if_behind(1)?;
        Ok(w.link.as_ref().map_or(0, |l| l.saved))
    }

    /// Index everything SQLite holds that the index has not committed yet.
    fn catch_up_index(&self) -> Result<()> {
        let Some(w) = &self.writer else { return Ok(()) };
        let mut w = lock_writer(w);
        let WriteState { conn, index_writer, indexed_seq, pending, .. } = &mut *w;
        *indexed_seq = catch_up(&self.index, conn, index_writer)?;
        *pending = false;
        Ok(())
    }

    /// Delete the search index and build it again from SQLite. Returns the seconds taken.
    pub fn rebuild_index(&self) -> Result<f64> {
        let started = Instant::now();
        {
            let mut iw = self.write_state()?;
            iw.index_writer.delete_all_documents()?;
            self.index.commit(&mut iw.index_writer, 0)?;
        }
        self.catch_up_index()?;
        Ok(started.elapsed().as_secs_f64())
    }

    /// Add annotated articles: store them, link them into stories, update the views of every
    /// story they touch, index them. Articles already in the store (same content hash) are
    /// counted as duplicates and left alone. One transaction: all of `docs` are in, or none.
    pub fn add(&self, docs: Vec<Doc>) -> Result<AddSummary> {
        let mut w = self.write_state()?;
        w.ensure_linker()?;
        let result = w.add(docs, self);
        if result.is_err() {
            // Whatever the linker took in may not be in SQLite: rebuild it from SQLite next time.
            w.link = None;
        }
        result
    }

    // ---- reads ----

    pub fn stats(&self) -> Result<Stats> {
        let indexed_seq = self.index.committed_seq();
        self.with_conn(|c| {
            let count = |sql: &str| -> Result<u64> { Ok(c.query_row(sql, [], |r| r.get::<_, i64>(0))? as u64) };
            Ok(Stats {
                schema_version: crate::schema::version(c)?,
                articles: count("SELECT COUNT(*) FROM articles")?,
                stories: count("SELECT COUNT(*) FROM stories")?,
                entities: count("SELECT COUNT(*) FROM entities")?,
                indexed_seq,
                seq: read_seq(c)?,
            })
        })
    }

    pub fn stories(&self, page: Page) -> Result<Listing<StorySummary>> {
        self.with_conn(|c| {
            let total: i64 = c.query_row("SELECT COUNT(*) FROM stories", [], |r| r.get(0))?;
            let mut stmt = c.prepare_cached("SELECT summary FROM stories ORDER BY size DESC, id LIMIT ?1 OFFSET ?2")?;
            let items = stmt
                .query_map(params![page.limit as i64, page.offset as i64], |r| r.get::<_, String>(0))?
                .map(|s| parse_json::<StorySummary>(&s?, "story summary"))
                .collect::<Result<Vec<_>>>()?;
            Ok(Listing { total: total as u64, offset: page.offset, items })
        })
    }

    pub fn story(&self, id: &str) -> Result<Option<StoryPage>> {
        match self.story_json(id)? {
            Some(json) => Ok(Some(parse_json(&json, "story page")?)),
            None => Ok(None),
        }
    }

    /// A story's page as JSON (what [`Store::story`] returns, serialised): the stored page as
    /// is, or built from the view when the store predates stored pages.
    pub fn story_json(&self, id: &str) -> Result<Option<String>> {
        self.with_conn(|c| {
            // The view is read only when there is no stored page to send.
            let Some((page, view)) = c
                .prepare_cached("SELECT page, IIF(page IS NULL, view, NULL) FROM stories WHERE id = ?1")?
                .query_row([id], |r| Ok((r.get::<_, Option<String>>(0)?, r.get::<_, Option<String>>(1)?)))
                .optional()?
            else {
                return Ok(None);
            };
            match (page, view) {
                (Some(page), _) => Ok(Some(page)),
                (None, Some(view)) => Ok(Some(page_json(c, &parse_json(&view, "story view")?)?)),
                (None, None) => Err(StoreError::corrupt(id, "story without a view")),
            }
        })
    }

    pub fn article(&self, id: &str) -> Result<Option<ArticlePage>> {
        self.with_conn(|c| {
            let row = c
                .prepare_cached(&format!("SELECT {ARTICLE_COLUMNS}, doc FROM articles WHERE id = ?1"))?
                .query_row([id], |r| Ok((article_summary(r)?, r.get::<_, Vec<u8>>(8)?)))
                .optional()?;
            let Some((summary, blob)) = row else { return Ok(None) };
            let doc = codec::decode_doc(&blob, id)?;
            let mut near = Vec::new();
            for sql in ["SELECT b FROM near_duplicates WHERE a = ?1", "SELECT a FROM near_duplicates WHERE b = ?1"] {
                let mut stmt = c.prepare_cached(sql)?;
                for x in stmt.query_map([id], |r| r.get::<_, String>(0))? {
                    near.push(x?);
                }
            }
            near.sort();
            Ok(Some(ArticlePage {
                article: summary,
                marks: marks_of(&doc),
                warnings: doc.article.warnings.clone(),
                text: doc.article.text,
                near_duplicate_of: near,
            }))
        })
    }

    /// Entities, most widespread first; `q` keeps those with a name or alias containing it.
    pub fn entities(&self, q: Option<&str>, page: Page) -> Result<Listing<EntitySummary>> {
        self.with_conn(|c| {
            let pattern = q.map(|q| format!("%{}%", like_escape(&q.trim().to_lowercase())));
            let (total, rows): (i64, Vec<(String, i64)>) = match &pattern {
                Some(p) => (
                    c.query_row("SELECT COUNT(*) FROM entities WHERE names LIKE ?1 ESCAPE '\\'", [p], |r| r.get(0))?,
                    c.prepare_cached(
                        "SELECT json, stories FROM entities WHERE names LIKE ?1 ESCAPE '\\' \
                         ORDER BY stories DESC, id LIMIT ?2 OFFSET ?3",
                    )?
                    .query_map(params![p, page.limit as i64, page.offset as i64], |r| Ok((r.get(0)?, r.get(1)?)))?
                    .collect::<rusqlite::Result<_>>()?,
                ),
                None => (
                    c.query_row("SELECT COUNT(*) FROM entities", [], |r| r.get(0))?,
                    c.prepare_cached(
                        "SELECT json, stories FROM entities ORDER BY stories DESC, id LIMIT ?1 OFFSET ?2",
                    )?
                    .query_map(params![page.limit as i64, page.offset as i64], |r| Ok((r.get(0)?, r.get(1)?)))?
                    .collect::<rusqlite::Result<_>>()?,
                ),
            };
            let items = rows
                .into_iter()
                .map(|(j, n)| Ok(EntitySummary { entity: parse_json(&j, "entity")?, stories: n as u64 }))
                .collect::<Result<Vec<_>>>()?;
            Ok(Listing { total: total as u64, offset: page.offset, items })
        })
    }

    /// An entity with its quotes and timeline entries across (up to 100 of) its stories.
    pub fn entity(&self, id: &str) -> Result<Option<EntityPage>> {
        self.with_conn(|c| {
            let Some(json) = c
                .prepare_cached("SELECT json FROM entities WHERE id = ?1")?
                .query_row([id], |r| r.get::<_, String>(0))
                .optional()?
            else {
                return Ok(None);
            };
            let entity: Entity = parse_json(&json, "entity")?;
            let mut stmt = c.prepare_cached(
                "SELECT s.summary, s.view FROM story_entities se JOIN stories s ON s.id = se.story \
                 WHERE se.entity = ?1 ORDER BY s.size DESC, s.id LIMIT ?2",
            )?;
            let rows: Vec<(String, String)> = stmt
                .query_map(params![id, ENTITY_STORIES as i64], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            let mut page = EntityPage { entity, stories: Vec::new(), quotes: Vec::new(), timeline: Vec::new() };
            for (summary, view) in rows {
                let summary: StorySummary = parse_json(&summary, "story summary")?;
                let view: StoredView = parse_json(&view, "story view")?;
                let title = &view.story.title;
                for q in view.story.quotes {
                    if q.speaker.as_deref() == Some(id) {
                        page.quotes.push(InStory { story: view.story.id.clone(), story_title: title.clone(), item: q });
                    }
                }
                for e in view.story.timeline {
                    if e.actors.iter().any(|a| a == id) {
                        page.timeline.push(InStory {
                            story: view.story.id.clone(),
                            story_title: title.clone(),
                            item: e,
                        });
                    }
                }
                page.stories.push(summary);
            }
            page.quotes.sort_by(|a, b| a.item.date.cmp(&b.item.date).then(a.item.text.cmp(&b.item.text)));
            page.timeline.sort_by(|a, b| a.item.date.cmp(&b.item.date).then(a.item.what.cmp(&b.item.what)));
            Ok(Some(page))
        })
    }

    /// Full-text search with filters; each hit with its story (as the store holds it now).
    pub fn search(&self, q: &SearchQuery) -> Result<SearchResults> {
        let (total, raw) = self.index.search(q)?;
        self.with_conn(|c| {
            let mut hits = Vec::with_capacity(raw.len());
            let mut story_title = c.prepare_cached("SELECT title FROM stories WHERE id = ?1")?;
            let mut article_row = c.prepare_cached(
                "SELECT title, outlet, published, story FROM articles INDEXED BY articles_hit WHERE id = ?1",
            )?;
            for h in raw {
                let mut hit = SearchHit {
                    kind: if h.kind == "t" { "timeline".into() } else { "article".into() },
                    score: h.score,
                    article: h.article.clone(),
                    title: None,
                    outlet: None,
                    date: h.day.and_then(index::date_of_day),
                    story: h.story.clone(),
                    story_title: None,
                    snippet: h.snippet,
                };
                if h.kind == "a"
                    && let Some(id) = &h.article
                {
                    let row = article_row
                        .query_row([id], |r| {
                            Ok((
                                r.get::<_, Option<String>>(0)?,
                                r.get::<_, Option<String>>(1)?,
                                r.get::<_, Option<String>>(2)?,
                                r.get::<_, String>(3)?,
                            ))
                        })
                        .optional()?;
                    let Some((title, outlet, published, story)) = row else { continue };
                    hit.title = title;
                    hit.outlet = outlet;
                    hit.date = published
                        .and_then(|p| serde_json::from_str::<Published>(&p).ok())
                        .and_then(|p| p.date)
                        .or(hit.date);
                    hit.story = Some(story);
                }
                if let Some(s) = &hit.story {
                    hit.story_title = story_title.query_row([s], |r| r.get(0)).optional()?;
                }
                hits.push(hit);
            }
            Ok(SearchResults { total, offset: q.offset, hits })
        })
    }
}

/// Lock the write side. A panic while writing leaves SQLite consistent (the transaction rolls
/// back); the in-memory linker may not be, so it is rebuilt.
fn lock_writer(w: &Mutex<WriteState>) -> std::sync::MutexGuard<'_, WriteState> {
    w.lock().unwrap_or_else(|poisoned| {
        let mut g = poisoned.into_inner();
        g.link = None;
        g
    })
}

/// Commit the index writer's pending changes; on failure drop them (the next add catches up
/// from SQLite).
fn commit_pending(index: &SearchIndex, w: &mut WriteState) {
    if !w.pending {
        return;
    }
    let seq = w.indexed_seq;
    if let Err(e) = index.commit(&mut w.index_writer, seq) {
        tracing::warn!("search index commit failed (caught up later): {e}");
        w.index_writer.rollback().ok();
        w.indexed_seq = index.committed_seq();
    }
    w.pending = false;
}

impl Store {
    /// Close the store in a process about to exit: what dropping it does (finish the background
    /// work, commit the index, save the link graph when due) except freeing the linker, whose
    /// million small allocations at 100,000 articles take half a second to free one by one and
    /// an instant for the exit to return.
    pub fn close_for_exit(mut self) {
        self.close();
        if let Some(w) = &self.writer {
            std::mem::forget(lock_writer(w).link.take());
        }
    }

    /// Stop the background thread, recompute stale stories, commit the index, save the link
    /// graph when due. Errors are logged (a close cannot fail: what it misses, the next writable
    /// open catches up).
    fn close(&mut self) {
        if std::mem::replace(&mut self.closed, true) {
            return;
        }
        if let Some(mut c) = self.committer.take() {
            if let Ok(mut w) = c.stop.0.lock() {
                w.stopped = true;
            }
            c.stop.1.notify_all();
            if let Some(h) = c.handle.take() {
                h.join().ok();
            }
        }
        if let Err(e) = self.flush_index() {
            tracing::warn!("closing the store: {e}");
        }
        if let Some(w) = &self.writer {
            lock_writer(w).save_linker_if_behind(GRAPH_SAVE_AFTER).ok();
        }
    }
}

impl Drop for Store {
    fn drop(&mut self) {
        self.close();
    }
}

/// A story's member ids, each with its stored document (`None`: the document is in the batch
/// being added, already decoded).
type Members = Vec<(String, Option<Vec<u8>>)>;

const ARTICLE_COLUMNS: &str = "id, source, title, outlet, url, language, published, story";

fn article_summary(r: &rusqlite::Row<'_>) -> rusqlite::Result<ArticleSummary> {
    let published: Option<String> = r.get(6)?;
    Ok(ArticleSummary {
        id: r.get(0)?,
        source: r.get(1)?,
        title: r.get(2)?,
        outlet: r.get(3)?,
        url: r.get(4)?,
        language: r.get(5)?,
        published: published.and_then(|p| serde_json::from_str(&p).ok()).unwrap_or_default(),
        story: r.get(7)?,
    })
}

fn parse_json<T: serde::de::DeserializeOwned>(s: &str, what: &str) -> Result<T> {
    serde_json::from_str(s).map_err(|e| StoreError::corrupt(what, e))
}

fn like_escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

fn read_seq(c: &Connection) -> Result<u64> {
    let s: String = c.query_row("SELECT value FROM meta WHERE key = 'seq'", [], |r| r.get(0))?;
    s.parse().map_err(|e| StoreError::corrupt("meta.seq", e))
}

/// The annotations of a document as marks over its text.
fn marks_of(doc: &Doc) -> Vec<Mark> {
    let text = &doc.article.text;
    let ok = |s: Span| s.start < s.end && text.get(s.range()).is_some();
    let mut marks = Vec::new();
    for m in &doc.entities.mentions {
        if !ok(m.span) {
            continue;
        }
        let label = doc
            .entities
            .entities
            .get(m.entity)
            .map(|e| format!("{} ({})", e.name, e.kind.as_str()))
            .unwrap_or_else(|| m.kind.as_str().to_string());
        marks.push(Mark { start: m.span.start, end: m.span.end, kind: "entity".into(), label });
    }
    for q in &doc.quotes {
        let content = q.content();
        if !ok(content) {
            continue;
        }
        let speaker = q
            .speaker
            .and_then(|i| doc.entities.entities.get(i))
            .map(|e| e.name.clone())
            .or_else(|| q.speaker_span().and_then(|s| text.get(s.range())).map(str::to_string))
            .unwrap_or_else(|| "unknown speaker".into());
        marks.push(Mark { start: content.start, end: content.end, kind: "quote".into(), label: speaker });
    }
    for t in &doc.timexes {
        if ok(t.span) {
            marks.push(Mark { start: t.span.start, end: t.span.end, kind: "time".into(), label: t.value.clone() });
        }
    }
    marks.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    marks
}

fn article_entry(doc: &Doc) -> ArticleEntry<'_> {
    let a = &doc.article;
    let mut names: Vec<String> = doc
        .entities
        .entities
        .iter()
        .flat_map(|e| std::iter::once(&e.name).chain(&e.aliases))
        .map(|s| s.to_lowercase())
        .collect();
    names.sort();
    names.dedup();
    ArticleEntry {
        id: &a.id,
        title: a.title.as_deref(),
        text: &a.text,
        quotes: doc.quotes.iter().filter_map(|q| a.text.get(q.content().range())).collect(),
        outlet: a.outlet.as_deref(),
        day: a.published.date.and_then(index::first_day),
        names,
    }
}

/// The order `storyline report` gives a story's documents (see `storyline_report::build`):
/// publication date, then undated-ness, then id. Kept identical so the views agree.
fn canonical_key(d: &Doc) -> (Option<PartialDate>, bool, &str) {
    let date = d.article.published.date;
    (date, date.is_none(), d.article.id.as_str())
}

/// A story's API page, serialised as [`StoryPage`] is (same fields, same order), from the view
/// and the articles and near-duplicate pairs the store holds for the story now.
fn page_json(c: &Connection, view: &StoredView) -> Result<String> {
    #[derive(Serialize)]
    struct PageRef<'a> {
        story: &'a Story,
        entities: &'a [Entity],
        articles: Vec<ArticleSummary>,
        near_duplicates: Vec<(String, String)>,
    }
    let id = view.story.id.as_str();
    let mut by_id: HashMap<String, ArticleSummary> = HashMap::new();
    {
        let mut stmt = c.prepare_cached(&format!(
            "SELECT {ARTICLE_COLUMNS} FROM articles INDEXED BY articles_by_story WHERE story = ?1"
        ))?;
        for a in stmt.query_map([id], article_summary)? {
            let a = a?;
            by_id.insert(a.id.clone(), a);
        }
    }
    let articles: Vec<ArticleSummary> = view.story.articles.iter().filter_map(|a| by_id.remove(a)).collect();
    let mut near_duplicates = Vec::new();
    let mut stmt = c.prepare_cached("SELECT b FROM near_duplicates WHERE a = ?1")?;
    let members: HashSet<&str> = view.story.articles.iter().map(String::as_str).collect();
    for a in &view.story.articles {
        for b in stmt.query_map([a], |r| r.get::<_, String>(0))? {
            let b = b?;
            if members.contains(b.as_str()) {
                near_duplicates.push((a.clone(), b));
            }
        }
    }
    let page = PageRef { story: &view.story, entities: &view.entities, articles, near_duplicates };
    serde_json::to_string(&page).map_err(|e| StoreError::corrupt("story page", e))
}

/// Stories written before pages were stored (schema 3) get theirs, a chunk per transaction.
fn fill_missing_pages(conn: &mut Connection) -> Result<()> {
    let started = Instant::now();
    let mut filled = 0usize;
    loop {
        let tx = conn.transaction()?;
        let rows: Vec<(String, String)> = tx
            .prepare("SELECT id, view FROM stories WHERE page IS NULL LIMIT 500")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        if rows.is_empty() {
            break;
        }
        {
            let mut put = tx.prepare_cached("UPDATE stories SET page = ?2 WHERE id = ?1")?;
            for (id, view) in &rows {
                let view: StoredView = parse_json(view, "story view")?;
                put.execute(params![id, page_json(&tx, &view)?])?;
            }
        }
        tx.commit()?;
        filled += rows.len();
    }
    if filled > 0 {
        tracing::info!(stories = filled, seconds = started.elapsed().as_secs_f64(), "story pages stored");
    }
    Ok(())
}

fn summary_of(view: &StoredView, docs: &[&Doc]) -> StorySummary {
    let mut outlets: Vec<String> = docs.iter().filter_map(|d| d.article.outlet.clone()).collect();
    outlets.sort();
    outlets.dedup();
    let dates: Vec<PartialDate> = docs.iter().filter_map(|d| d.article.published.date).collect();
    StorySummary {
        id: view.story.id.clone(),
        title: view.story.title.clone(),
        articles: view.story.articles.len(),
        first_date: dates.iter().min().copied(),
        last_date: dates.iter().max().copied(),
        outlets,
        timeline: view.story.timeline.len(),
        quotes: view.story.quotes.len(),
        conflicts: view.story.conflicts.len(),
    }
}

impl WriteState {
    /// Build the linker: restore it from the saved graph and the stored features, then link
    /// whatever arrived after the graph was saved; or, without a usable saved graph, link every
    /// stored article again in arrival order. Both give the same linker (linking is
    /// deterministic given the arrival order, and [`Linker::extend`] equals adding one by one).
    fn ensure_linker(&mut self) -> Result<()> {
        if self.link.is_some() {
            return Ok(());
        }
        let started = Instant::now();
        let mut stmt = self.conn.prepare("SELECT id, features FROM link_features ORDER BY seq")?;
        let rows: Vec<(String, Vec<u8>)> =
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
        drop(stmt);
        let read = started.elapsed().as_secs_f64();
        let mut feats: Vec<Features> =
            rows.par_iter().map(|(id, blob)| codec::decode_features(id, blob)).collect::<Result<_>>()?;
        drop(rows);
        let decoded = started.elapsed().as_secs_f64();
        let params = LinkParams::default();
        let saved_graph = self.saved_graph(&feats, &params);
        let graph_read = started.elapsed().as_secs_f64();
        let (linker, saved) = match saved_graph {
            Some((graph, n)) => {
                let rest = feats.split_off(n);
                match Linker::restore(params, feats, graph) {
                    Ok(mut linker) => {
                        linker.extend(rest);
                        (linker, n)
                    }
                    Err(e) => {
                        // Cannot happen for a graph this build saved: say so, and link afresh.
                        tracing::warn!("saved link graph not used: {e}");
                        return self.relink_all(started);
                    }
                }
            }
            None => {
                let mut linker = Linker::new(params);
                linker.extend(feats);
                (linker, 0)
            }
        };
        let founders = (0..linker.len() as u32).map(|i| linker.founder_of(i).unwrap_or(i)).collect();
        tracing::info!(
            articles = linker.len(),
            from_saved_graph = saved,
            read_seconds = read,
            decode_seconds = decoded - read,
            graph_seconds = graph_read - decoded,
            seconds = started.elapsed().as_secs_f64(),
            "linker ready"
        );
        self.link = Some(LinkState { linker, founders, saved, restored: saved });
        self.save_linker_if_behind(GRAPH_SAVE_AFTER)
    }

    /// [`WriteState::ensure_linker`] without the saved graph (a graph that the linker refused).
    fn relink_all(&mut self, started: Instant) -> Result<()> {
        self.conn.execute("DELETE FROM link_graph", [])?;
        tracing::info!(after_seconds = started.elapsed().as_secs_f64(), "linking every stored article again");
        self.ensure_linker()
    }

    /// The saved graph, if it was made by this linking over the first articles of `feats`; with
    /// how many it covers.
    fn saved_graph(&self, feats: &[Features], params: &LinkParams) -> Option<(LinkGraph, usize)> {
        let row = self
            .conn
            .query_row("SELECT articles, ids, version, graph, checksum FROM link_graph", [], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Vec<u8>>(3)?,
                    r.get::<_, i64>(4)?,
                ))
            })
            .optional();
        let (n, ids, version, blob, checksum) = match row {
            Ok(Some(row)) => row,
            Ok(None) => return None,
            Err(e) => {
                tracing::warn!("saved link graph unreadable: {e}");
                return None;
            }
        };
        let n = usize::try_from(n).ok().filter(|&n| n <= feats.len())?;
        if version != graph_version(params) || ids != ids_digest(feats[..n].iter().map(|f| f.id.as_str())) {
            tracing::info!(articles = n, "saved link graph is not of these articles or this linking; not used");
            return None;
        }
        if checksum != graph_checksum(&blob) {
            tracing::warn!("saved link graph damaged (checksum); linking afresh");
            return None;
        }
        match codec::decode_graph(&blob) {
            Ok(g) => Some((g, n)),
            Err(e) => {
                tracing::warn!("{e}; linking afresh");
                None
            }
        }
    }

    /// Save the linker's graph when at least `behind` articles arrived since it was last saved,
    /// so that the next process restores the linker instead of linking them again. A failure
    /// only costs that time: it is logged, not returned.
    fn save_linker_if_behind(&mut self, behind: usize) -> Result<()> {
        let Some(state) = self.link.as_mut() else { return Ok(()) };
        let n = state.linker.len();
        if n < state.saved + behind.max(1) {
            return Ok(());
        }
        let started = Instant::now();
        let params = *state.linker.params();
        let blob = codec::encode_graph(&state.linker.graph());
        let ids = ids_digest((0..n as u32).filter_map(|i| state.linker.features(i)).map(|f| f.id.as_str()));
        let written = self.conn.execute(
            "INSERT INTO link_graph (one, articles, ids, version, graph, checksum) VALUES (1, ?1, ?2, ?3, ?4, ?5) \
             ON CONFLICT (one) DO UPDATE SET articles = excluded.articles, ids = excluded.ids, \
             version = excluded.version, graph = excluded.graph, checksum = excluded.checksum",
            params![n as i64, ids, graph_version(&params), blob, graph_checksum(&blob)],
        );
        match written {
            Ok(_) => {
                state.saved = n;
                tracing::info!(
                    articles = n,
                    bytes = blob.len(),
                    seconds = started.elapsed().as_secs_f64(),
                    "link graph saved"
                );
            }
            Err(e) => tracing::warn!("saving the link graph (the next open links again what it lacks): {e}"),
        }
        Ok(())
    }

    fn add(&mut self, docs: Vec<Doc>, store: &Store) -> Result<AddSummary> {
        let WriteState { conn, index_writer, link, indexed_seq, pending } = self;
        let started = Instant::now();
        let Some(LinkState { linker, founders, .. }) = link.as_mut() else {
            return Err(StoreError::corrupt("linker", "not loaded"));
        };
        let mut summary = AddSummary::default();

        // Known or repeated content hashes are duplicates.
        let mut seen = HashSet::new();
        let mut new_docs = Vec::new();
        for d in docs {
            let id = d.article.id.clone();
            if let Some(story) = linker.story_id(&id).filter(|_| !seen.contains(&id)) {
                summary.duplicates += 1;
                summary.articles.push(AddedArticle { id, story, duplicate: true });
            } else if !seen.insert(id.clone()) {
                summary.duplicates += 1;
                summary.articles.push(AddedArticle { id, story: String::new(), duplicate: true });
            } else {
                new_docs.push(d);
            }
        }
        if new_docs.is_empty() {
            return Ok(summary);
        }

        // Link in canonical order (as a stream ordered by publication would arrive).
        let df = DfTable::shipped();
        let mut batch: Vec<(Doc, Features)> = new_docs
            .into_par_iter()
            .map(|d| {
                let f = Features::from_doc(&d, df);
                (d, f)
            })
            .collect();
        batch.sort_by(|a, b| (a.1.day.unwrap_or(i32::MAX), &a.1.id).cmp(&(b.1.day.unwrap_or(i32::MAX), &b.1.id)));
        let first_new = linker.len() as u32;
        let mut blobs = Vec::with_capacity(batch.len());
        for (d, f) in &batch {
            blobs.push((codec::encode_doc(d)?, codec::encode_features(f)));
        }
        let (batch_docs, batch_feats): (Vec<Doc>, Vec<Features>) = batch.into_iter().unzip();
        // Same as adding one by one in this order, with each touched story clustered once.
        linker.extend(batch_feats);
        let linked = started.elapsed().as_secs_f64();

        // Who moved: new articles, and old ones whose story founder changed.
        let story_of = |linker: &Linker, i: u32| -> String {
            let f = linker.founder_of(i).unwrap_or(i);
            format!("s{}", linker.features(f).map_or("", |x| x.id.as_str()))
        };
        let mut moved: Vec<(u32, Option<String>, String)> = Vec::new();
        for i in 0..linker.len() as u32 {
            let now = linker.founder_of(i).unwrap_or(i);
            if i >= first_new {
                moved.push((i, None, story_of(linker, i)));
            } else if founders.get(i as usize) != Some(&now) {
                let old =
                    founders.get(i as usize).map(|&f| format!("s{}", linker.features(f).map_or("", |x| x.id.as_str())));
                moved.push((i, old, story_of(linker, i)));
            }
        }

        let tx = conn.transaction()?;
        let mut seq = read_seq(&tx)?;
        // Whether the index covers everything before this batch (it does not after a failed
        // index update earlier in this process): then this batch can be indexed on its own.
        let index_current = *indexed_seq == seq;
        {
            let mut insert = tx.prepare_cached(
                "INSERT INTO articles (id, seq, source, title, outlet, url, language, published, day, story, doc) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?;
            let mut insert_features =
                tx.prepare_cached("INSERT INTO link_features (seq, id, features) VALUES (?1, ?2, ?3)")?;
            for (k, (d, (doc_blob, feat_blob))) in batch_docs.iter().zip(&blobs).enumerate() {
                let i = first_new + k as u32;
                seq += 1;
                let a = &d.article;
                let published = serde_json::to_string(&a.published).map_err(|e| StoreError::corrupt(&a.id, e))?;
                insert.execute(params![
                    a.id,
                    seq as i64,
                    a.source,
                    a.title,
                    a.outlet,
                    a.url,
                    a.language,
                    published,
                    a.published.date.and_then(index::first_day),
                    story_of(linker, i),
                    doc_blob,
                ])?;
                insert_features.execute(params![seq as i64, a.id, feat_blob])?;
            }
            let mut update = tx.prepare_cached("UPDATE articles SET story = ?2 WHERE id = ?1")?;
            for (i, old, new) in &moved {
                if old.is_some() {
                    let id = linker.features(*i).map_or("", |f| f.id.as_str());
                    update.execute(params![id, new])?;
                }
            }
            let mut dup = tx.prepare_cached("INSERT OR IGNORE INTO near_duplicates (a, b) VALUES (?1, ?2)")?;
            for i in first_new..linker.len() as u32 {
                let id = linker.features(i).map_or("", |f| f.id.as_str());
                for d in linker.near_duplicates_of(i) {
                    let other = linker.features(d.other).map_or("", |f| f.id.as_str());
                    let (a, b) = if id < other { (id, other) } else { (other, id) };
                    dup.execute(params![a, b])?;
                    dup.execute(params![b, a])?;
                }
            }
        }

        // Recompute every story that gained or lost an article: now, or (large stories, when the
        // background thread is on) right after, from the stale list.
        let dirty: BTreeSet<String> = moved.iter().flat_map(|(_, old, new)| old.iter().chain([new]).cloned()).collect();
        let mut now = BTreeSet::new();
        {
            // Counted from the story index alone; the documents' sizes are summed only for a
            // story small enough by count (reading every row of a story of hundreds of articles
            // took up to 250 ms of an add, for a decision its count already made).
            let mut count = tx.prepare_cached("SELECT COUNT(*) FROM articles WHERE story = ?1")?;
            let mut doc_bytes =
                tx.prepare_cached("SELECT COALESCE(SUM(LENGTH(doc)), 0) FROM articles WHERE story = ?1")?;
            // The generation is the store's sequence number: it only grows, also across a story
            // that stopped being stale and became stale again.
            let mut stale = tx.prepare_cached(
                "INSERT INTO stale_stories (id, gen) VALUES (?1, ?2) ON CONFLICT (id) DO UPDATE SET gen = excluded.gen",
            )?;
            let mut fresh = tx.prepare_cached("DELETE FROM stale_stories WHERE id = ?1")?;
            let mut exists = tx.prepare_cached("SELECT 1 FROM stories WHERE id = ?1")?;
            for sid in dirty {
                // Only a story that has a stored page waits (a new one is built now, so its
                // page exists as soon as the add returns).
                let mut large = || -> Result<bool> {
                    if !exists.exists([&sid])? {
                        return Ok(false);
                    }
                    let (limit, byte_limit) = store.sync_story_limit;
                    let n: i64 = count.query_row([&sid], |r| r.get(0))?;
                    if n as usize > limit {
                        return Ok(true);
                    }
                    let bytes: i64 = doc_bytes.query_row([&sid], |r| r.get(0))?;
                    Ok(bytes as usize > byte_limit)
                };
                if store.committer.is_some() && large()? {
                    stale.execute(params![&sid, seq as i64])?;
                    summary.stories_deferred += 1;
                } else {
                    fresh.execute([&sid])?;
                    now.insert(sid);
                }
            }
        }
        let in_batch: HashMap<&str, &Doc> = batch_docs.iter().map(|d| (d.article.id.as_str(), d)).collect();
        let read = started.elapsed().as_secs_f64();
        let views = build_views(&tx, &now, &in_batch, &store.opts)?;
        let viewed = started.elapsed().as_secs_f64();
        let stories_written = write_views(&tx, &views, &mut seq, &mut summary)?.duration_since(started).as_secs_f64();
        tx.execute("UPDATE meta SET value = ?1 WHERE key = 'seq'", [seq.to_string()])?;
        tx.commit()?;

        // The truth is committed: remember the assignments, then index (a failure here is
        // caught up on the next open).
        founders.clear();
        founders.extend((0..linker.len() as u32).map(|i| linker.founder_of(i).unwrap_or(i)));
        for d in &batch_docs {
            summary.added += 1;
            let story = linker.story_id(&d.article.id).unwrap_or_default();
            summary.articles.push(AddedArticle { id: d.article.id.clone(), story, duplicate: false });
        }
        let stored = started.elapsed().as_secs_f64();
        let deferred = store.committer.is_some();
        let docs: Vec<&Doc> = batch_docs.iter().collect();
        let mut iw = IndexState { conn, writer: index_writer, indexed_seq, pending };
        index_changes(&store.index, &mut iw, &docs, &views, seq, index_current, deferred);
        if summary.stories_deferred > 0 {
            store.kick();
        }
        let component =
            batch_docs.first().and_then(|d| linker.index_of(&d.article.id)).map_or(0, |i| linker.component_len(i));
        tracing::debug!(
            articles = summary.added,
            component_of_first = component,
            stories = views.len(),
            link_ms = linked * 1e3,
            read_ms = (read - linked) * 1e3,
            views_ms = (viewed - read) * 1e3,
            stories_ms = (stories_written - viewed) * 1e3,
            entities_ms = (stored - stories_written) * 1e3,
            link_and_store_ms = stored * 1e3,
            index_ms = (started.elapsed().as_secs_f64() - stored) * 1e3,
            deferred,
            "added"
        );
        Ok(summary)
    }
}

/// Index what the index has not committed and commit it; returns the sequence number the
/// index now covers.
fn catch_up(index: &SearchIndex, conn: &mut Connection, index_writer: &mut IndexWriter) -> Result<u64> {
    let from = index.committed_seq();
    let seq = read_seq(conn)?;
    if seq <= from {
        return Ok(from);
    }
    let started = Instant::now();
    let mut n = 0usize;
    {
        let mut stmt = conn.prepare("SELECT id, doc FROM articles WHERE seq > ?1 ORDER BY seq")?;
        let mut rows = stmt.query([from as i64])?;
        while let Some(r) = rows.next()? {
            let id: String = r.get(0)?;
            let blob: Vec<u8> = r.get(1)?;
            let doc = codec::decode_doc(&blob, &id)?;
            index.put_article(index_writer, &article_entry(&doc))?;
            n += 1;
        }
    }
    {
        let mut stmt = conn.prepare("SELECT id FROM deleted_stories WHERE seq > ?1")?;
        let ids: Vec<String> = stmt.query_map([from as i64], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        for id in ids {
            index.delete_story(index_writer, &id);
        }
        let mut stmt = conn.prepare("SELECT view FROM stories WHERE seq > ?1")?;
        let views: Vec<String> = stmt.query_map([from as i64], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        for v in views {
            let view: StoredView = serde_json::from_str(&v).map_err(|e| StoreError::corrupt("story view", e))?;
            index_story(index, index_writer, &view)?;
        }
    }
    index.commit(index_writer, seq)?;
    tracing::info!(articles = n, seconds = started.elapsed().as_secs_f64(), "search index caught up");
    Ok(seq)
}

fn index_story(index: &SearchIndex, w: &IndexWriter, view: &StoredView) -> Result<()> {
    index.delete_story(w, &view.story.id);
    let names: HashMap<&str, &Entity> = view.entities.iter().map(|e| (e.id.as_str(), e)).collect();
    for (n, e) in view.story.timeline.iter().enumerate() {
        let entry_names = e
            .actors
            .iter()
            .filter_map(|a| names.get(a.as_str()))
            .flat_map(|e| std::iter::once(&e.name).chain(&e.aliases))
            .map(|s| s.to_lowercase())
            .collect();
        index.put_timeline_entry(
            w,
            &TimelineEntryDoc {
                story: &view.story.id,
                n,
                what: &e.what,
                article: e.sources.first().map(|s| s.article.as_str()),
                day: index::first_day(e.date),
                names: entry_names,
            },
        )?;
    }
    Ok(())
}

/// The write side's search-index state, borrowed.
struct IndexState<'a> {
    conn: &'a mut Connection,
    writer: &'a mut IndexWriter,
    indexed_seq: &'a mut u64,
    pending: &'a mut bool,
}

/// Give the index what a committed transaction (up to `seq`) wrote: articles and story views.
/// Committed now unless `deferred`. If the index did not cover everything before this
/// transaction (`index_current` false), or on any failure, it catches up from SQLite instead
/// (on failure: on the next open).
fn index_changes(
    index: &SearchIndex,
    w: &mut IndexState<'_>,
    docs: &[&Doc],
    views: &[(String, Option<(StoredView, StorySummary)>)],
    seq: u64,
    index_current: bool,
    deferred: bool,
) {
    let indexed = (|| -> Result<()> {
        if !index_current {
            *w.indexed_seq = catch_up(index, w.conn, w.writer)?;
            *w.pending = false;
            return Ok(());
        }
        for d in docs {
            index.put_article(w.writer, &article_entry(d))?;
        }
        for (sid, v) in views {
            match v {
                None => index.delete_story(w.writer, sid),
                Some((view, _)) => index_story(index, w.writer, view)?,
            }
        }
        *w.indexed_seq = seq;
        *w.pending = true;
        if !deferred {
            index.commit(w.writer, seq)?;
            *w.pending = false;
        }
        Ok(())
    })();
    if let Err(e) = indexed {
        tracing::warn!("search index update failed (caught up on next open): {e}");
        w.writer.rollback().ok();
        *w.pending = false;
        *w.indexed_seq = index.committed_seq();
    }
}

/// Recompute stale stories (schema 4). Views are built from a read snapshot on `read`, without
/// the write lock (a large story takes most of a second), then written under it only if no add
/// touched the story since; one touched meanwhile stays stale for the next round. Returns how
/// many stories were written.
fn refresh_stale(
    read: &Connection,
    writer: &Mutex<WriteState>,
    index: &SearchIndex,
    opts: &ReportOptions,
    deferred: bool,
) -> Result<usize> {
    type Built = Vec<(String, i64, Result<Option<(StoredView, StorySummary)>>)>;
    let mut written = 0;
    // Bounded: stories that keep changing under a stream of adds wait for the next call.
    for _ in 0..64 {
        let started = Instant::now();
        read.execute_batch("BEGIN")?;
        let built = (|| -> Result<Built> {
            // Oldest first: a story that keeps changing goes to the back instead of holding up
            // the others.
            let stale: Vec<(String, i64)> = read
                .prepare_cached("SELECT id, gen FROM stale_stories ORDER BY gen, id LIMIT 8")?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            Ok(stale
                .into_iter()
                .map(|(id, generation)| {
                    let one = BTreeSet::from([id.clone()]);
                    let view =
                        build_views(read, &one, &HashMap::new(), opts).map(|v| v.into_iter().next().and_then(|x| x.1));
                    (id, generation, view)
                })
                .collect())
        })();
        read.execute_batch("ROLLBACK").ok();
        let built = built?;
        if built.is_empty() {
            break;
        }
        let built_ms = started.elapsed().as_secs_f64() * 1e3;
        let mut guard = lock_writer(writer);
        let locked = Instant::now();
        let WriteState { conn, index_writer, indexed_seq, pending, .. } = &mut *guard;
        let tx = conn.transaction()?;
        let mut seq = read_seq(&tx)?;
        let index_current = *indexed_seq == seq;
        let mut current = Vec::new();
        {
            let mut done = tx.prepare_cached("DELETE FROM stale_stories WHERE id = ?1 AND gen = ?2")?;
            for (id, generation, v) in built {
                if done.execute(params![id, generation])? == 1 {
                    match v {
                        Ok(v) => current.push((id, v)),
                        // Left with its previous view (the next add into it tries again) rather
                        // than blocking the stories listed after it.
                        Err(e) => tracing::warn!(story = %id, "recomputing a stale story failed: {e}"),
                    }
                }
            }
        }
        write_views(&tx, &current, &mut seq, &mut AddSummary::default())?;
        tx.execute("UPDATE meta SET value = ?1 WHERE key = 'seq'", [seq.to_string()])?;
        tx.commit()?;
        written += current.len();
        let mut iw = IndexState { conn, writer: index_writer, indexed_seq, pending };
        index_changes(index, &mut iw, &[], &current, seq, index_current, deferred);
        tracing::debug!(
            stories = current.len(),
            built_ms,
            locked_ms = locked.elapsed().as_secs_f64() * 1e3,
            "stale stories recomputed"
        );
        if current.is_empty() {
            // Every story built was changed meanwhile: the add that changed it woke the thread
            // again, so leave them to that round instead of rebuilding them back to back.
            break;
        }
    }
    Ok(written)
}

/// Build the views of these stories from their stored articles (documents in `in_batch` are
/// taken as they are instead of decoded). A story without articles gets `None`.
fn build_views(
    tx: &Connection,
    dirty: &BTreeSet<String>,
    in_batch: &HashMap<&str, &Doc>,
    opts: &ReportOptions,
) -> Result<StoryViews> {
    let mut members: BTreeMap<String, Members> = BTreeMap::new();
    {
        let mut stmt = tx.prepare_cached("SELECT id, doc FROM articles WHERE story = ?1")?;
        for s in dirty {
            let rows = stmt.query_map([s], |r| Ok((r.get::<_, String>(0)?, r.get::<_, Vec<u8>>(1)?)))?;
            let mut v = Vec::new();
            for row in rows {
                let (id, blob) = row?;
                // Documents of this batch are at hand already: no need to decode them.
                let blob = (!in_batch.contains_key(id.as_str())).then_some(blob);
                v.push((id, blob));
            }
            members.insert(s.clone(), v);
        }
    }
    members
        .into_par_iter()
        .map(|(sid, rows)| -> Result<_> {
            if rows.is_empty() {
                return Ok((sid, None));
            }
            let mut owned = Vec::new();
            let mut refs: Vec<&Doc> = Vec::new();
            for (id, blob) in &rows {
                if let Some(b) = blob {
                    owned.push(codec::decode_doc(b, id)?);
                }
            }
            for (id, blob) in &rows {
                if blob.is_none()
                    && let Some(d) = in_batch.get(id.as_str())
                {
                    refs.push(d);
                }
            }
            refs.extend(owned.iter());
            refs.sort_by(|a, b| canonical_key(a).cmp(&canonical_key(b)));
            let v = storyline_report::story_view(&sid, &refs, opts);
            let view = StoredView { story: v.story, entities: v.entities };
            let summary = summary_of(&view, &refs);
            Ok((sid, Some((view, summary))))
        })
        .collect::<Result<_>>()
}

/// Write story views (delete the stories without articles) and merge the entities they name
/// into the store's entities. Returns when the stories were written (for the debug line).
fn write_views(
    tx: &Connection,
    views: &[(String, Option<(StoredView, StorySummary)>)],
    seq: &mut u64,
    summary: &mut AddSummary,
) -> Result<Instant> {
    let mut dirty_entities: BTreeSet<String> = BTreeSet::new();
    {
        let mut old_entities = tx.prepare_cached("SELECT entity, entity_json FROM story_entities WHERE story = ?1")?;
        let mut del_entity = tx.prepare_cached("DELETE FROM story_entities WHERE entity = ?1 AND story = ?2")?;
        let mut put_entity = tx
            .prepare_cached("INSERT OR REPLACE INTO story_entities (entity, story, entity_json) VALUES (?1, ?2, ?3)")?;
        let mut del_story = tx.prepare_cached("DELETE FROM stories WHERE id = ?1")?;
        let mut tomb = tx.prepare_cached("INSERT INTO deleted_stories (seq, id) VALUES (?1, ?2)")?;
        let mut put_story = tx.prepare_cached(
            "INSERT OR REPLACE INTO stories (id, seq, title, size, first_date, last_date, last_day, summary, view, page) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?;
        for (sid, v) in views {
            // Only the story's entity versions that changed are written and merged: an article
            // joining a story with thousands of entities touches a few of them (merging is a
            // union, so merging an unchanged version again would change nothing).
            let mut before: HashMap<String, String> = old_entities
                .query_map([sid], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            *seq += 1;
            match v {
                None => {
                    del_story.execute([sid])?;
                    tomb.execute(params![*seq as i64, sid])?;
                    summary.stories_removed += 1;
                }
                Some((view, s)) => {
                    let json = |x: &dyn erased::Json| x.to_json();
                    put_story.execute(params![
                        sid,
                        *seq as i64,
                        view.story.title,
                        view.story.articles.len() as i64,
                        s.first_date.map(|d| d.to_string()),
                        s.last_date.map(|d| d.to_string()),
                        s.last_date.and_then(index::last_day),
                        json(s)?,
                        json(view)?,
                        page_json(tx, view)?,
                    ])?;
                    for e in &view.entities {
                        let j = json(e)?;
                        if before.remove(&e.id).as_ref() != Some(&j) {
                            put_entity.execute(params![e.id, sid, j])?;
                            dirty_entities.insert(e.id.clone());
                        }
                    }
                    summary.stories_updated += 1;
                }
            }
            // What the story no longer names.
            for entity in before.into_keys() {
                del_entity.execute(params![entity, sid])?;
                dirty_entities.insert(entity);
            }
        }
    }
    let stories_written = Instant::now();
    {
        // An entity's merged record grows by the versions of the stories just recomputed
        // (merging is a union: names and roles only grow), instead of re-merging the
        // versions of every story that names it: "United States" may be in thousands.
        let mut fresh: HashMap<&str, Vec<&Entity>> = HashMap::new();
        for (_, v) in views {
            for e in v.iter().flat_map(|(view, _)| &view.entities) {
                fresh.entry(e.id.as_str()).or_default().push(e);
            }
        }
        let mut count = tx.prepare_cached("SELECT COUNT(*) FROM story_entities WHERE entity = ?1")?;
        let mut current = tx.prepare_cached("SELECT json FROM entities WHERE id = ?1")?;
        let mut del = tx.prepare_cached("DELETE FROM entities WHERE id = ?1")?;
        let mut put = tx.prepare_cached(
            "INSERT OR REPLACE INTO entities (id, name, kind, names, stories, json) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        for id in &dirty_entities {
            let n: i64 = count.query_row([id], |r| r.get(0))?;
            if n == 0 {
                del.execute([id])?;
                continue;
            }
            let mut versions: Vec<Entity> =
                fresh.get(id.as_str()).into_iter().flatten().map(|e| (*e).clone()).collect();
            if let Some(j) = current.query_row([id], |r| r.get::<_, String>(0)).optional()? {
                versions.push(parse_json(&j, "entity")?);
            }
            let Some(e) = storyline_report::merge_entities(versions).into_iter().next() else { continue };
            let mut names: Vec<String> = std::iter::once(&e.name).chain(&e.aliases).map(|s| s.to_lowercase()).collect();
            names.dedup();
            put.execute(params![
                e.id,
                e.name,
                e.kind.as_str(),
                names.join("|"),
                n,
                serde_json::to_string(&e).map_err(|x| StoreError::corrupt("entity", x))?
            ])?;
        }
    }
    Ok(stories_written)
}

mod erased {
    //! Serialise any value for a SQL parameter, with the store's error type.
    pub trait Json {
        fn to_json(&self) -> crate::error::Result<String>;
    }
    impl<T: serde::Serialize> Json for T {
        fn to_json(&self) -> crate::error::Result<String> {
            serde_json::to_string(self).map_err(|e| crate::error::StoreError::corrupt("json", e))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Barrier;

    /// Opening a database that another connection is switching to WAL at the same moment
    /// (without the retry, about one open in seven failed here with "database is locked").
    #[test]
    fn connections_opening_a_new_database_at_once_all_succeed() {
        for _ in 0..40 {
            let dir = tempfile::tempdir().unwrap();
            let path = Arc::new(dir.path().join("db"));
            let start = Arc::new(Barrier::new(4));
            let threads: Vec<_> = (0..4)
                .map(|_| {
                    let (path, start) = (Arc::clone(&path), Arc::clone(&start));
                    std::thread::spawn(move || {
                        start.wait();
                        open_connection(&path, true)
                            .map(|c| c.pragma_query_value(None, "journal_mode", |r| r.get::<_, String>(0)))
                    })
                })
                .collect();
            for t in threads {
                assert_eq!(t.join().unwrap().unwrap().unwrap(), "wal");
            }
        }
    }
}
