//! The SQLite schema and its migrations.
//!
//! The version lives in the `schema_version` table (one row). Migrations are applied in order,
//! each in its own transaction together with the version bump, so a crash during an upgrade
//! leaves the store at the old version or the new one, never in between. A store written by a
//! newer storyline (a version we do not know) is refused rather than guessed at.

use crate::error::{Result, StoreError};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior};

/// The migrations, in order: `MIGRATIONS[i]` takes the schema from version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    // 1: the initial schema.
    r#"
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
    -- seq: a store-wide counter; every article insert and story write takes the next value, so
    -- the search index can catch up on everything newer than what it last committed.
    INSERT INTO meta (key, value) VALUES ('seq', '0');

    CREATE TABLE articles (
        id        TEXT PRIMARY KEY,          -- content hash of the text
        seq       INTEGER NOT NULL UNIQUE,   -- arrival order; replaying it rebuilds the linker
        source    TEXT NOT NULL,
        title     TEXT,
        outlet    TEXT,
        url       TEXT,
        language  TEXT,
        published TEXT,                      -- JSON of storyline_core::Published
        day       INTEGER,                   -- publication day (days since 1970-01-01)
        story     TEXT NOT NULL,
        doc       BLOB NOT NULL,             -- the annotated document (codec::encode_doc)
        features  BLOB NOT NULL              -- linking features (codec::encode_features)
    ) WITHOUT ROWID;
    CREATE INDEX articles_story ON articles (story);

    CREATE TABLE near_duplicates (
        a TEXT NOT NULL,
        b TEXT NOT NULL,
        PRIMARY KEY (a, b)
    ) WITHOUT ROWID;
    CREATE INDEX near_duplicates_b ON near_duplicates (b);

    CREATE TABLE stories (
        id         TEXT PRIMARY KEY,         -- 's' + founding article id
        seq        INTEGER NOT NULL,
        title      TEXT NOT NULL,
        size       INTEGER NOT NULL,
        first_date TEXT,
        last_date  TEXT,
        last_day   INTEGER,
        summary    TEXT NOT NULL,            -- JSON of StorySummary
        view       TEXT NOT NULL             -- JSON of StoredView: the story and its entities
    ) WITHOUT ROWID;
    CREATE INDEX stories_size ON stories (size DESC, id);

    -- Which entities each story names, with the story's own view of the entity.
    CREATE TABLE story_entities (
        entity TEXT NOT NULL,
        story  TEXT NOT NULL,
        entity_json TEXT NOT NULL,
        PRIMARY KEY (entity, story)
    ) WITHOUT ROWID;
    CREATE INDEX story_entities_story ON story_entities (story);

    -- Entities merged across stories.
    CREATE TABLE entities (
        id      TEXT PRIMARY KEY,
        name    TEXT NOT NULL,
        kind    TEXT NOT NULL,
        names   TEXT NOT NULL,               -- name and aliases, lower case, '|'-separated
        stories INTEGER NOT NULL,
        json    TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX entities_stories ON entities (stories DESC, id);
    "#,
    // 2: stories that disappeared (merged into another), so the search index can drop them even
    // when it catches up after a crash.
    r#"
    CREATE TABLE deleted_stories (seq INTEGER PRIMARY KEY, id TEXT NOT NULL);
    "#,
    // 3: each story's whole API page (the view with its articles and near-duplicate pairs) as
    // JSON, written with the view, so reading a story is one row served as is. NULL in stores
    // written before: filled when the store is next opened for writing, built on the fly until.
    //
    // And covering indexes, so that listing a story's articles and looking up a search hit read
    // small index rows instead of article rows that carry multi-KB blobs (and overflow pages).
    r#"
    ALTER TABLE stories ADD COLUMN page TEXT;
    CREATE INDEX articles_by_story ON articles (story, id, source, title, outlet, url, language, published);
    DROP INDEX articles_story;
    CREATE INDEX articles_hit ON articles (id, story, title, outlet, published);
    "#,
    // 4: stories whose stored view is older than their articles: large stories that a server
    // recomputes in the background after an add returns. `gen` grows with every add that touches
    // the story, so a view built from an older state is not written over a newer one. Written in
    // the add's transaction, so a crash leaves the list to finish on the next writable open.
    r#"
    CREATE TABLE stale_stories (id TEXT PRIMARY KEY, gen INTEGER NOT NULL) WITHOUT ROWID;
    "#,
    // 5: linking features in a table of their own, in arrival order; `articles` as a table keyed
    // by arrival order; and the saved link graph.
    //
    // `articles` was keyed by id WITHOUT ROWID: its b-tree's cells are whole rows, documents
    // included, and SQLite reads a cell's overflow pages to compare keys while it seeks, so every
    // lookup by id read several documents (0.06 ms warm, 5 times a rowid table's), and reading
    // the features in arrival order took 9 s at 100,000 articles. Now the row id is `seq` and
    // `id` has its own unique index. The graph (one row) lets a process restore the linker instead
    // of linking every article again: `articles` is how many articles of `link_features` (in seq
    // order) it covers, `ids` a digest of their ids and `version` the linking it was made with; a
    // graph that does not match (or whose bytes changed) is ignored. The upgrade rewrites the
    // articles and stories (5 and 6 together: 38 s at 100,000, docs/SCALE.md).
    r#"
    CREATE TABLE link_features (
        seq      INTEGER PRIMARY KEY,        -- the article's seq: arrival order
        id       TEXT NOT NULL,
        features BLOB NOT NULL               -- codec::encode_features
    );
    INSERT INTO link_features (seq, id, features) SELECT seq, id, features FROM articles;
    CREATE TABLE articles_by_seq (
        seq       INTEGER PRIMARY KEY,       -- arrival order
        id        TEXT NOT NULL UNIQUE,      -- content hash of the text
        source    TEXT NOT NULL,
        title     TEXT,
        outlet    TEXT,
        url       TEXT,
        language  TEXT,
        published TEXT,                      -- JSON of storyline_core::Published
        day       INTEGER,                   -- publication day (days since 1970-01-01)
        story     TEXT NOT NULL,
        doc       BLOB NOT NULL              -- the annotated document (codec::encode_doc)
    );
    INSERT INTO articles_by_seq (seq, id, source, title, outlet, url, language, published, day, story, doc)
        SELECT seq, id, source, title, outlet, url, language, published, day, story, doc FROM articles;
    DROP TABLE articles;
    ALTER TABLE articles_by_seq RENAME TO articles;
    CREATE INDEX articles_by_story ON articles (story, id, source, title, outlet, url, language, published);
    CREATE INDEX articles_hit ON articles (id, story, title, outlet, published);
    CREATE TABLE link_graph (
        one      INTEGER PRIMARY KEY CHECK (one = 1),
        articles INTEGER NOT NULL,
        ids      INTEGER NOT NULL,           -- xxh3-64 of the ids, each followed by a newline
        version  TEXT NOT NULL,
        graph    BLOB NOT NULL,              -- codec::encode_graph
        checksum INTEGER NOT NULL            -- xxh3-64 of graph (LZ4 has no checksum of its own)
    );
    "#,
    // 6: `stories` as a rowid table, for the reason `articles` became one in 5: its rows carry
    // views and pages (up to megabytes), and seeking by id in a WITHOUT ROWID table read them.
    // A story page read took 0.19 ms warm, a search hit's story title 0.2 ms; both 0.03 ms now.
    r#"
    CREATE TABLE stories_by_row (
        id         TEXT PRIMARY KEY,         -- 's' + founding article id
        seq        INTEGER NOT NULL,
        title      TEXT NOT NULL,
        size       INTEGER NOT NULL,
        first_date TEXT,
        last_date  TEXT,
        last_day   INTEGER,
        summary    TEXT NOT NULL,            -- JSON of StorySummary
        view       TEXT NOT NULL,            -- JSON of StoredView: the story and its entities
        page       TEXT                      -- the story's API page (see 3)
    );
    INSERT INTO stories_by_row (id, seq, title, size, first_date, last_date, last_day, summary, view, page)
        SELECT id, seq, title, size, first_date, last_date, last_day, summary, view, page FROM stories;
    DROP TABLE stories;
    ALTER TABLE stories_by_row RENAME TO stories;
    CREATE INDEX stories_size ON stories (size DESC, id);
    "#,
];

/// The schema version this build writes.
pub fn current_version() -> i64 {
    MIGRATIONS.len() as i64
}

/// The store's schema version (0 for an empty database).
pub fn version(conn: &Connection) -> Result<i64> {
    let has_table: bool = conn
        .query_row("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'", [], |_| Ok(()))
        .optional()?
        .is_some();
    if !has_table {
        return Ok(0);
    }
    Ok(conn.query_row("SELECT version FROM schema_version", [], |r| r.get(0)).optional()?.unwrap_or(0))
}

/// Bring the schema up to [`current_version`], one migration per transaction.
pub fn migrate(conn: &mut Connection) -> Result<()> {
    migrate_to(conn, current_version())
}

/// Apply the migrations up to `target` (tests use it to build an old store).
///
/// Several processes may open a new or old store at once (an ingest creating it while a server
/// or a search opens it). Each step therefore takes the write lock first (`BEGIN IMMEDIATE`) and
/// reads the version again under it, so a step another process applied meanwhile is skipped
/// rather than applied twice (which failed with "table meta already exists"). A store already at
/// the target takes no lock at all.
pub fn migrate_to(conn: &mut Connection, target: i64) -> Result<()> {
    let target = target.min(current_version());
    if (target..=current_version()).contains(&version(conn)?) {
        return Ok(());
    }
    loop {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let v = version(&tx)?;
        if v > current_version() {
            return Err(StoreError::TooNew { found: v, known: current_version() });
        }
        if v >= target {
            return Ok(());
        }
        tx.execute_batch("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")?;
        tx.execute_batch(MIGRATIONS[v as usize])?;
        tx.execute("DELETE FROM schema_version", [])?;
        tx.execute("INSERT INTO schema_version (version) VALUES (?1)", [v + 1])?;
        tx.commit()?;
        tracing::info!(version = v + 1, "store schema migrated");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Barrier};

    fn connect(path: &std::path::Path) -> Connection {
        crate::store::open_connection(path, true).unwrap()
    }

    /// Two processes opening a new store at once both see version 0; the one that waited for
    /// the other's migration must skip it, not apply it again.
    #[test]
    fn a_migration_applied_meanwhile_by_another_connection_is_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db");
        let mut late = connect(&path);
        assert_eq!(version(&late).unwrap(), 0);
        // The other connection holds the write lock while `late` has already read version 0:
        // `late` waits for it, then finds the schema migrated.
        let mut early = connect(&path);
        let tx = early.transaction_with_behavior(TransactionBehavior::Immediate).unwrap();
        let waiting = std::thread::spawn(move || migrate(&mut late).map(|()| version(&late).unwrap()));
        std::thread::sleep(std::time::Duration::from_millis(50));
        tx.execute_batch("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)").unwrap();
        for m in MIGRATIONS {
            tx.execute_batch(m).unwrap();
        }
        tx.execute("INSERT INTO schema_version (version) VALUES (?1)", [current_version()]).unwrap();
        tx.commit().unwrap();
        assert_eq!(waiting.join().unwrap().unwrap(), current_version());
    }

    #[test]
    fn connections_migrating_a_new_store_at_once_all_succeed() {
        for _ in 0..5 {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("db");
            // Connections are opened (and the file switched to WAL) before the threads start,
            // so that nothing can fail while the others wait at the barrier.
            let conns: Vec<Connection> = (0..4).map(|_| connect(&path)).collect();
            let start = Arc::new(Barrier::new(conns.len()));
            let threads: Vec<_> = conns
                .into_iter()
                .map(|mut conn| {
                    let start = Arc::clone(&start);
                    std::thread::spawn(move || {
                        start.wait();
                        migrate(&mut conn).map(|()| version(&conn).unwrap())
                    })
                })
                .collect();
            for t in threads {
                assert_eq!(t.join().unwrap().unwrap(), current_version());
            }
        }
    }
}
