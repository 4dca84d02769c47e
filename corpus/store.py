"""The SQLite index file: opening, checking, rebuilding, and writing documents.

Every change of an indexing run happens in one write transaction, so an interrupted
run (Ctrl-C, kill -9, a full disk) leaves the previous index exactly as it was, and
a second run on the same file waits for the first or fails with a clear message.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from . import schema
from .records import Document

#: How long a second writer waits for the first before giving up.
BUSY_TIMEOUT_S = 10.0


class IndexProblem(Exception):
    """A problem with the index file that the user can act on; the message says how."""


class IndexBusy(IndexProblem):
    pass


@dataclass(frozen=True)
class KnownFile:
    id: int
    size: int
    mtime_ns: int
    sha256: str


def _connect(path: Path, readonly: bool) -> sqlite3.Connection:
    if readonly:
        uri = f"{path.resolve().as_uri()}?mode=ro"
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S, check_same_thread=False)
    else:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, check_same_thread=False)
    conn.isolation_level = None  # transactions are explicit
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def _version(conn: sqlite3.Connection) -> int | None:
    """The schema version stamped in the file; None for an empty file; raise if unreadable."""
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if not tables:
        return None
    if "meta" not in tables:
        return -1
    row = conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
    return int(row[0]) if row else -1


class Index:
    """An open index file."""

    def __init__(self, path: Path, conn: sqlite3.Connection, readonly: bool, notice: str | None):
        self.path = path
        self.conn = conn
        self.readonly = readonly
        #: Set when the file had to be moved aside and rebuilt: tell the user.
        self.notice = notice

    # -- opening -------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, readonly: bool = False) -> Index:
        """Open (creating if needed) the index at ``path``.

        A file that is not a readable polyglance index of the current schema version is
        moved aside (``<name>.broken-<time>``) and a new one created, unless ``readonly``.
        """
        path = Path(path)
        if readonly:
            if not path.exists():
                raise IndexProblem(f"no index at {path}: run `polyglance index DIR --index {path}`")
            conn = _connect(path, readonly=True)
            try:
                version = _version(conn)
            except sqlite3.DatabaseError as exc:
                conn.close()
                raise IndexProblem(f"{path} is not a usable polyglance index ({exc})") from exc
            if version != schema.SCHEMA_VERSION:
                conn.close()
                raise IndexProblem(
                    f"{path} has schema version {version}, this polyglance needs "
                    f"{schema.SCHEMA_VERSION}: re-index it"
                )
            return cls(path, conn, True, None)

        path.parent.mkdir(parents=True, exist_ok=True)
        notice = None
        try:
            conn = _connect(path, readonly=False)
            version = _version(conn)
        except sqlite3.DatabaseError as exc:
            conn.close()
            notice = cls._move_aside(path, f"unreadable ({exc})")
            conn = _connect(path, readonly=False)
            version = None
        if version is not None and version != schema.SCHEMA_VERSION:
            conn.close()
            notice = cls._move_aside(path, f"schema version {version}, not {schema.SCHEMA_VERSION}")
            conn = _connect(path, readonly=False)
            version = None
        if version is None:
            conn.execute("PRAGMA journal_mode = WAL")
            with _transaction(conn):
                schema.create(conn)
        conn.execute("PRAGMA synchronous = NORMAL")
        return cls(path, conn, False, notice)

    @staticmethod
    def _move_aside(path: Path, why: str) -> str:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        aside = path.with_name(f"{path.name}.broken-{stamp}")
        for suffix in ("", "-wal", "-shm"):
            source = Path(str(path) + suffix)
            if source.exists():
                source.replace(Path(str(aside) + suffix))
        return f"the index {path} was {why}; moved it to {aside} and rebuilt it"

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- meta ----------------------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)", (key, value))

    # -- writing -------------------------------------------------------------------------

    @contextmanager
    def writing(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it lands, or none of it."""
        if self.readonly:
            raise IndexProblem(f"{self.path} is open read-only")
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise IndexBusy(
                    f"another polyglance is writing {self.path}; waited {BUSY_TIMEOUT_S:.0f} s. "
                    "Try again when it has finished."
                ) from exc
            raise
        with _transaction(self.conn, begun=True):
            yield self.conn

    def known_files(self) -> dict[str, KnownFile]:
        rows = self.conn.execute("SELECT path, id, size, mtime_ns, sha256 FROM documents")
        return {path: KnownFile(i, size, mtime, sha) for path, i, size, mtime, sha in rows}

    def touch_document(self, doc_id: int, size: int, mtime_ns: int) -> None:
        self.conn.execute(
            "UPDATE documents SET size=?, mtime_ns=? WHERE id=?", (size, mtime_ns, doc_id)
        )

    def delete_document(self, doc_id: int) -> list[int]:
        """Remove a document; returns the ids of the paragraphs that went with it."""
        removed = [r[0] for r in self.conn.execute("SELECT id FROM paragraphs WHERE doc_id=?", (doc_id,))]
        self.conn.execute("DELETE FROM documents WHERE id=?", (doc_id,))
        return removed

    def put_document(
        self, doc: Document, size: int, mtime_ns: int, sha256: str, replaces: int | None
    ) -> tuple[int, list[int], list[int]]:
        """Store ``doc`` (replacing document ``replaces``); returns (id, removed, added paragraph ids)."""
        removed = self.delete_document(replaces) if replaces is not None else []
        content = doc.content
        cur = self.conn.execute(
            "INSERT INTO documents(id, path, size, mtime_ns, sha256, encoding, lang, lang_confidence,"
            " title, source_url, date, n_content, content_chars, anchors)"
            " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                replaces, doc.path, size, mtime_ns, sha256, doc.encoding, doc.lang,
                doc.lang_confidence, doc.title, doc.source_url, doc.date, len(content),
                sum(len(p.text) for p in content), " ".join(sorted(doc.anchors)),
            ),
        )
        doc_id = cur.lastrowid  # the same id as the document it replaces: ids are stable
        assert doc_id is not None
        self.conn.executemany(
            "INSERT INTO paragraphs(doc_id, i, kind, lang, text, start, end) VALUES(?,?,?,?,?,?,?)",
            [(doc_id, p.i, p.kind, p.lang, p.text, p.start, p.end) for p in doc.paragraphs],
        )
        added = [
            r[0] for r in self.conn.execute("SELECT id FROM paragraphs WHERE doc_id=? ORDER BY i", (doc_id,))
        ]
        return doc_id, removed, added

    def replace_skipped(self, skipped: list[tuple[str, str]]) -> None:
        self.conn.execute("DELETE FROM skipped")
        self.conn.executemany("INSERT OR REPLACE INTO skipped(path, reason) VALUES(?, ?)", skipped)


@contextmanager
def _transaction(conn: sqlite3.Connection, begun: bool = False) -> Iterator[None]:
    if not begun:
        conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:  # KeyboardInterrupt too: nothing half-written lands
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
