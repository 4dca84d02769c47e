"""The SQLite schema of a polyglance index, and its version.

One file holds everything: documents and their paragraphs (boilerplate included, labelled),
the files skipped and why, articles (groups of translations), their alignment, and the
search tables (``search_*``, owned by ``polyglance.search``).
"""

from __future__ import annotations

import sqlite3

#: Bump when the schema or the meaning of stored data changes; an index with another
#: version is moved aside and rebuilt.
SCHEMA_VERSION = 3

#: ``PRAGMA application_id`` of every polyglance index ("PgLn"): what tells our files from
#: any other (indexes made before it was set are told by their meta table).
APPLICATION_ID = 0x50674C6E

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS documents(
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,          -- relative to the corpus root, POSIX separators
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    encoding TEXT NOT NULL,
    lang TEXT NOT NULL,
    lang_confidence REAL NOT NULL,
    title TEXT,
    source_url TEXT,
    date TEXT,                          -- ISO 8601
    n_content INTEGER NOT NULL,         -- paragraphs of a content kind
    content_chars INTEGER NOT NULL,     -- characters in them
    anchors TEXT NOT NULL,              -- space-separated language-neutral anchors (grouping)
    repairs TEXT NOT NULL DEFAULT '{}'  -- JSON: what was repaired while reading, kind -> count
);
CREATE TABLE IF NOT EXISTS paragraphs(
    id INTEGER PRIMARY KEY AUTOINCREMENT, -- global paragraph id, never reused
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    i INTEGER NOT NULL,                 -- position in the document, from 0
    kind TEXT NOT NULL,                 -- title lead heading body caption meta boilerplate
    lang TEXT NOT NULL,
    text TEXT NOT NULL,
    start INTEGER NOT NULL,             -- [start, end) in the decoded, normalised text
    end INTEGER NOT NULL,
    UNIQUE(doc_id, i)
);
CREATE TABLE IF NOT EXISTS skipped(
    path TEXT PRIMARY KEY,
    reason TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS articles(
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    languages TEXT NOT NULL             -- comma-separated, in the article's column order
);
CREATE TABLE IF NOT EXISTS article_docs(
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    doc_id INTEGER NOT NULL UNIQUE REFERENCES documents(id) ON DELETE CASCADE,
    duplicate_of INTEGER,               -- a near-duplicate of that document (same language)
    PRIMARY KEY(article_id, doc_id)
);
CREATE TABLE IF NOT EXISTS alignment_rows(
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    row INTEGER NOT NULL,
    confidence REAL NOT NULL,
    PRIMARY KEY(article_id, row)
);
CREATE TABLE IF NOT EXISTS alignment_cells(
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    row INTEGER NOT NULL,
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    para_i INTEGER NOT NULL,            -- paragraphs.i of a content paragraph
    PRIMARY KEY(doc_id, para_i)
);
CREATE INDEX IF NOT EXISTS alignment_cells_row ON alignment_cells(article_id, row);
"""

#: Rows aligned by hand (see manual_store.py). No foreign keys: a changed document is
#: deleted and inserted again, and what a person decided must outlive that.
MANUAL_SCHEMA = """
CREATE TABLE IF NOT EXISTS manual_rows(
    article_id INTEGER NOT NULL,
    row INTEGER NOT NULL,               -- alignment_rows.row
    confirmed INTEGER NOT NULL,         -- 1: checked as right, 0: edited
    PRIMARY KEY(article_id, row)
);
CREATE TABLE IF NOT EXISTS manual_cells(
    article_id INTEGER NOT NULL,
    row INTEGER NOT NULL,
    lang TEXT NOT NULL,
    path TEXT NOT NULL,                 -- documents.path: ids change when a file changes
    para_i INTEGER NOT NULL,            -- paragraphs.i when recorded
    text_sha TEXT NOT NULL,             -- sha256 of the paragraph text
    PRIMARY KEY(article_id, path, para_i)
);
CREATE TABLE IF NOT EXISTS manual_docs(
    article_id INTEGER NOT NULL,
    lang TEXT NOT NULL,
    path TEXT NOT NULL,                 -- the article's document in lang when recorded
    paragraphs TEXT NOT NULL,           -- "i:hash" of each of its content paragraphs then
    PRIMARY KEY(article_id, lang)
);
CREATE TABLE IF NOT EXISTS manual_notices(
    article_id INTEGER NOT NULL,
    notice TEXT NOT NULL                -- what the last indexing run did to manual rows
);
"""

SCHEMA += MANUAL_SCHEMA


def create(conn: sqlite3.Connection) -> None:
    """Create every table that is missing and stamp the schema version and our mark."""
    # Statement by statement: executescript() would commit the caller's transaction.
    for statement in SCHEMA.split(";"):
        if statement.strip():
            conn.execute(statement)
    conn.execute(
        "INSERT OR REPLACE INTO meta(key, value) VALUES('schema_version', ?)",
        (str(SCHEMA_VERSION),),
    )
    stamp(conn)


def stamp(conn: sqlite3.Connection) -> None:
    """Mark the file as a polyglance index (in the caller's transaction)."""
    if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID:d}")
