"""The SQLite index file: opening, checking, rebuilding, and writing documents.

Every change of an indexing run happens in one write transaction, so an interrupted
run (Ctrl-C, kill -9, a full disk) leaves the previous index exactly as it was, and
a second run on the same file waits for the first or fails with a clear message.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from . import schema
from .records import Document

#: How long a second writer waits for the first before giving up.
BUSY_TIMEOUT_S = 10.0
#: A file system with less free space than this is full (for telling I/O errors apart).
FULL_BELOW_BYTES = 1 << 20
#: A file that a clean indexing run left, unchanged since, is checked in full again after
#: this long anyway (a disk can damage a file without changing its stat).
SOUND_FOR_S = 24 * 3600
#: After a clean run the index's mtime is set this far back, to a value no later write
#: can give it (writes stamp the current time, on any file system's granularity).
_MTIME_BACK_NS = 10 * 10**9


class IndexProblem(Exception):
    """A problem with the index file that the user can act on; the message says how."""


class IndexBusy(IndexProblem):
    pass


class IndexDiskFull(IndexProblem):
    pass


@dataclass(frozen=True)
class KnownFile:
    id: int
    size: int
    mtime_ns: int
    sha256: str


def _wal_has_data(path: Path) -> bool:
    wal = Path(str(path) + "-wal")
    try:
        return wal.stat().st_size > 0
    except OSError:
        return False


def _error_name(exc: sqlite3.Error) -> str:
    """SQLITE_FULL and the like (Python >= 3.11), else a guess from the message."""
    name = getattr(exc, "sqlite_errorname", None)
    if name:
        return str(name)
    text = str(exc).lower()
    for needle, guess in (
        ("disk is full", "SQLITE_FULL"),
        ("locked", "SQLITE_BUSY"),
        ("busy", "SQLITE_BUSY"),
        ("readonly", "SQLITE_READONLY"),
        ("read-only", "SQLITE_READONLY"),
        ("unable to open", "SQLITE_CANTOPEN"),
        ("i/o error", "SQLITE_IOERR"),
        ("malformed", "SQLITE_CORRUPT"),
        ("not a database", "SQLITE_NOTADB"),
    ):
        if needle in text:
            return guess
    return "SQLITE_ERROR"


def is_damage(exc: sqlite3.Error) -> bool:
    """Whether ``exc`` says the file itself is broken (not locked, unwritable or full)."""
    return _error_name(exc).startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB"))


def write_problem(path: Path, exc: sqlite3.Error) -> IndexProblem:
    """The user's version of an SQLite error met while writing the index at ``path``."""
    name = _error_name(exc)
    said = f" ({exc})"
    if name.startswith(("SQLITE_IOERR", "SQLITE_CANTOPEN")) and _disk_full(path):
        # What a 100% full disk gives when the -shm or -wal file cannot grow.
        name, said = "SQLITE_FULL", ""
    if name.startswith("SQLITE_FULL"):
        return IndexDiskFull(
            f"the disk is full: cannot write the index {path}{said}. The previous index is "
            "kept as it was; free some space and run again."
        )
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return IndexBusy(
            f"another polyglance is writing {path}; waited {BUSY_TIMEOUT_S:.0f} s. "
            "Try again when it has finished."
        )
    if name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_AUTH")):
        return IndexProblem(
            f"cannot write the index {path} ({exc}): is its folder writable? "
            "Choose another place with --index FILE."
        )
    if name.startswith("SQLITE_IOERR"):
        return IndexProblem(
            f"cannot write the index {path} ({exc}): the disk or the file system failed; "
            "the previous index is kept as it was."
        )
    return IndexProblem(f"cannot write the index {path}: {exc}")


def _connect(path: Path, readonly: bool, immutable: bool = False) -> sqlite3.Connection:
    if readonly:
        uri = f"{path.resolve().as_uri()}?mode=ro" + ("&immutable=1" if immutable else "")
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
    try:
        return int(row[0]) if row else -1
    except (TypeError, ValueError):
        return -1


def _describe_damage(path: Path, exc: sqlite3.Error) -> str:
    """What SQLite found wrong with the file, in words. The file itself is never opened
    here: closing any descriptor of it would drop the POSIX locks of every SQLite
    connection of this process to it (the app reads while it indexes)."""
    if _error_name(exc).startswith("SQLITE_NOTADB"):
        return "not an SQLite database"
    try:
        cut = path.stat().st_size % 512 != 0 and not _wal_has_data(path)
    except OSError:
        cut = False
    return f"damaged ({exc}{'; it looks truncated' if cut else ''})"


def _describe_version(version: int) -> str:
    if version < 0:
        return "not a polyglance index"
    return f"schema version {version}, not {schema.SCHEMA_VERSION}"


def _quick_check(conn: sqlite3.Connection) -> str | None:
    """None when SQLite finds the file sound, else its first complaint."""
    rows = conn.execute("PRAGMA quick_check(1)").fetchall()
    first = rows[0][0] if rows else "no answer"
    return None if first == "ok" else str(first)


# -- the proof that a file is sound without reading all of it ------------------------------
#
# quick_check reads the whole file (about a second per GB), which a run that changes nothing
# must not pay on a large index. A clean run (committed and closed, the write-ahead log
# checkpointed) records the file's identity, size and mtime in the user's state folder; the
# mtime is first set back to a moment no later write can stamp. A writer opening the file
# checks it in full only when that record does not match (any other program wrote it, a
# run stopped uncleanly, a log is left over), is older than SOUND_FOR_S, or a reader or
# writer met damage since (forget_sound): what was proven sound and untouched since is not
# read again.


def _sound_record(path: Path) -> Path:
    import hashlib

    import platformdirs

    real = os.path.realpath(path)
    digest = hashlib.sha1(real.encode("utf-8", "surrogateescape")).hexdigest()[:20]
    return Path(platformdirs.user_state_dir("polyglance")) / "sound" / digest


def _identity(path: Path) -> str | None:
    """What any write to the file would change; None when a log holds data (or no file)."""
    try:
        st = path.stat()
        wal = Path(f"{path}-wal")
        if wal.exists() and wal.stat().st_size > 0:
            return None
    except OSError:
        return None
    return f"{st.st_dev}:{st.st_ino}:{st.st_size}:{st.st_mtime_ns}"


def known_sound(path: Path) -> bool:
    """Whether the file is as a clean run left it, recently enough (see above)."""
    now = _identity(path)
    if now is None:
        return False
    try:
        recorded, when = _sound_record(path).read_text(encoding="utf-8").split()
        age = time.time() - float(when)
    except (OSError, ValueError, UnicodeDecodeError):
        return False
    return recorded == now and -60 <= age < SOUND_FOR_S  # -60: a clock set back a little


def record_sound(path: Path, checked_at: float | None = None) -> None:
    """Record that the file (closed by this process, no connection left) is sound:
    ``checked_at`` is when it was last checked in full (now by default)."""
    try:
        st = path.stat()
        wal = Path(f"{path}-wal")
        if wal.exists() and wal.stat().st_size > 0:
            forget_sound(path)  # another connection holds the log: not provable from here
            return
        back = (time.time_ns() - _MTIME_BACK_NS) // 10**9 * 10**9 + 1
        if st.st_mtime_ns > back:
            os.utime(path, ns=(st.st_atime_ns, back))
        now = _identity(path)
        if now is None:
            return
        record = _sound_record(path)
        record.parent.mkdir(parents=True, exist_ok=True)
        tmp = record.with_name(f"{record.name}.{os.getpid()}")
        tmp.write_text(f"{now} {checked_at or time.time():.3f}\n", encoding="utf-8")
        tmp.replace(record)
    except OSError:
        forget_sound(path)  # the next writer checks in full: only slower


def sound_checked_at(path: Path) -> float | None:
    """When the file was last checked in full, if :func:`known_sound` holds."""
    if not known_sound(path):
        return None
    try:
        return float(_sound_record(path).read_text(encoding="utf-8").split()[1])
    except (OSError, ValueError, IndexError):
        return None


def forget_sound(path: str | os.PathLike[str]) -> None:
    """Damage was met in the file (or it cannot be vouched for): the next writer checks
    it in full, and moves it aside if it is damaged."""
    with contextlib.suppress(OSError):
        _sound_record(Path(path)).unlink(missing_ok=True)


def check_root_pages(conn: sqlite3.Connection) -> str | None:
    """What a file known sound is checked for at every opening: every table's root page
    (and first leaf) is readable. Raises for damage SQLite reports."""
    tables = conn.execute("SELECT name FROM sqlite_master WHERE type='table' AND rootpage > 0")
    for (name,) in tables.fetchall():
        # NOT INDEXED: the table's own pages, not those of an index that covers the query.
        conn.execute(f'SELECT 1 FROM "{name}" NOT INDEXED LIMIT 1').fetchall()
    return None


def foreign_file(path: Path) -> str | None:
    """What the file at ``path`` is when it is not recognisably ours, else None.

    Ours: missing or empty (to be created), or an SQLite file with our application_id,
    or (made before it was set) with our meta table and a schema version. Only such a
    file may be moved aside and rebuilt. The file is read through SQLite, read-only (no
    lock of this process is dropped); a file SQLite cannot read has its header looked at
    by another process.
    """
    try:
        if path.stat().st_size == 0:
            return None
    except OSError:
        return None  # missing, or its folder is not one: opening says what is wrong
    try:
        conn = _connect(path, readonly=True)
    except sqlite3.Error:
        return None  # not readable here (a read-only folder...): opening says what is wrong
    try:
        if conn.execute("PRAGMA application_id").fetchone()[0] == schema.APPLICATION_ID:
            return None
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not tables:
            return None  # an empty database
        if (
            "meta" in tables
            and conn.execute("SELECT 1 FROM meta WHERE key='schema_version'").fetchone()
        ):
            return None
        return "an SQLite database of something else"
    except sqlite3.DatabaseError as exc:
        if not is_damage(exc):
            return None  # busy, or the like: opening says what is wrong
        if _header_application_id(path) == schema.APPLICATION_ID:
            return None  # ours, damaged: moved aside and rebuilt
        if _error_name(exc).startswith("SQLITE_NOTADB"):
            return "not an SQLite database"
        return f"a damaged SQLite file without the mark of a polyglance index ({exc})"
    finally:
        conn.close()


_HEADER_READER = (
    "import sys\n"
    "with open(sys.argv[1], 'rb') as f:\n"
    "    head = f.read(100)\n"
    "if len(head) == 100 and head.startswith(b'SQLite format 3\\0'):\n"
    "    print(int.from_bytes(head[68:72], 'big'))\n"
)


def _header_application_id(path: Path) -> int | None:
    """The application_id in the SQLite header of ``path`` (a file SQLite refuses to read).

    Read by a child process: a descriptor of the file opened and closed in this process
    would drop this process's SQLite locks on it (POSIX locks are per process).
    """
    if os.name == "nt":  # no such locks: read it here
        with contextlib.suppress(OSError), open(path, "rb") as handle:
            head = handle.read(100)
            if len(head) == 100 and head.startswith(b"SQLite format 3\0"):
                return int.from_bytes(head[68:72], "big")
        return None
    try:
        found = subprocess.run(
            [sys.executable, "-I", "-S", "-c", _HEADER_READER, str(path)],
            capture_output=True,
            text=True,
            timeout=60,
            stdin=subprocess.DEVNULL,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return int(found) if found.isdigit() else None


class Index:
    """An open index file."""

    def __init__(self, path: Path, conn: sqlite3.Connection, readonly: bool, notice: str | None):
        self.path = path
        self.conn = conn
        self.readonly = readonly
        #: Set when the file had to be moved aside and rebuilt, or is read in a degraded
        #: way: tell the user.
        self.notice = notice
        #: Where a damaged index was moved before this one was created in its place.
        self.moved_aside: Path | None = None
        #: When the file was last checked in full, if not at this opening (see known_sound).
        self.checked_at: float | None = None

    # -- opening -------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, readonly: bool = False) -> Index:
        """Open (creating if needed) the index at ``path``.

        A file that is not a sound polyglance index of the current schema version
        (garbage, truncated, corrupt, another version) is moved aside
        (``<name>.broken-<time>``) and a new one created, unless ``readonly``: then
        :class:`IndexProblem` says to re-index. Read-only opening works in a read-only
        folder too.
        """
        path = Path(path)
        if readonly:
            return cls._open_readonly(path)
        try:
            return cls._open_for_writing(path)
        except sqlite3.Error as exc:
            raise write_problem(path, exc) from exc

    @classmethod
    def _open_readonly(cls, path: Path) -> Index:
        if not path.exists():
            raise IndexProblem(f"no index at {path}: run `polyglance index DIR --index {path}`")
        if not path.is_file():  # a device, a pipe: never ours (a folder is said earlier)
            raise IndexProblem(
                f"{path} is not a regular file, so not an index: give the index file with "
                "--index FILE"
            )
        reindex = f"re-index it with `polyglance index DIR --index {path}`"
        notice = None
        try:
            conn = _connect(path, readonly=True)
            try:
                version = _version(conn)
            except sqlite3.OperationalError as exc:
                conn.close()
                if is_damage(exc) or _error_name(exc).startswith("SQLITE_BUSY"):
                    raise
                # A WAL index in a folder we cannot write: SQLite cannot make the -shm file.
                # Read the file as it is, as an immutable snapshot.
                conn = _connect(path, readonly=True, immutable=True)
                version = _version(conn)
                if _wal_has_data(path):
                    notice = (
                        f"{path} is read in a read-only folder; its last changes (in the -wal "
                        "file) are not visible"
                    )
        except sqlite3.DatabaseError as exc:
            if is_damage(exc):
                forget_sound(path)
                what = _describe_damage(path, exc)
                raise IndexProblem(
                    f"{path} is not a usable polyglance index: {what}; {reindex}"
                ) from exc
            raise IndexProblem(f"cannot read the index {path}: {exc}") from exc
        if version != schema.SCHEMA_VERSION:
            conn.close()
            what = _describe_version(version) if version is not None else "empty"
            raise IndexProblem(f"{path} is {what}: {reindex}")
        return cls(path, conn, True, notice)

    @classmethod
    def _open_for_writing(cls, path: Path) -> Index:
        if path.is_dir():
            raise IndexProblem(
                f"{path} is a folder, not an index file: give a file name with --index FILE"
            )
        if (path.exists() or path.is_symlink()) and not path.is_file():
            raise IndexProblem(
                f"{path} is not a regular file, so not an index: it is left as it is. "
                "Choose another place with --index FILE."
            )
        if (what := foreign_file(path)) is not None:
            raise IndexProblem(
                f"{path} is not a polyglance index ({what}): it is left untouched. Give the "
                "index another name with --index FILE (or remove this file if it is yours "
                "and not needed)."
            )
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise IndexProblem(
                f"cannot create the folder {path.parent} for the index ({exc.strerror}): "
                "choose another place with --index FILE"
            ) from exc
        if not os.access(path.parent, os.W_OK | os.X_OK):
            raise IndexProblem(
                f"cannot write the index {path}: its folder is not writable. "
                "Choose another place with --index FILE."
            )
        if path.exists() and not os.access(path, os.R_OK | os.W_OK):
            raise IndexProblem(
                f"cannot write the index {path}: the file is read-only. "
                "Choose another place with --index FILE."
            )
        notice = None
        conn = None
        checked_at = sound_checked_at(path)  # before opening: a log may appear
        try:
            conn = _connect(path, readonly=False)
            version = _version(conn)
            # SQLite notices a file cut short when it opens it; quick_check finds damage
            # inside (about a second per GB), unless the file is as a clean run left it.
            found = None
            if version is not None:
                found = check_root_pages(conn) if checked_at else _quick_check(conn)
            damage = f"damaged ({found})" if found else None
        except sqlite3.DatabaseError as exc:
            if not is_damage(exc):
                if conn is not None:
                    conn.close()
                raise
            version, damage = None, _describe_damage(path, exc)
        if damage is None and version not in (None, schema.SCHEMA_VERSION):
            damage = _describe_version(version)
        aside = None
        if damage is not None:
            if conn is not None:
                conn.close()
            aside = cls._move_aside(path, damage)
            notice = f"the index {path} was {damage}; moved it to {aside} and rebuilt it"
            conn = None
        try:
            if conn is None:
                conn = _connect(path, readonly=False)
            if version is None or aside is not None:
                conn.execute("PRAGMA journal_mode = WAL")
                with transaction(conn):
                    schema.create(conn)
            conn.execute("PRAGMA synchronous = NORMAL")
        except BaseException:
            if conn is not None:
                conn.close()
            if aside is not None:  # no new index (a full disk...): the old one goes back
                _put_back(path, aside)
            raise
        index = cls(path, conn, False, notice)
        index.moved_aside = aside
        index.checked_at = checked_at if aside is None and version is not None else None
        forget_sound(path)  # until this run ends cleanly (see close_clean)
        return index

    def put_back(self) -> None:
        """Undo the move aside of a damaged index (the run that was to rebuild it failed):
        close, drop the new file, and put the old one back where it was."""
        if self.moved_aside is None:
            return
        self.close()
        _put_back(self.path, self.moved_aside)
        self.moved_aside = None
        self.notice = None

    @staticmethod
    def _move_aside(path: Path, why: str) -> Path:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        aside = path.with_name(f"{path.name}.broken-{stamp}")
        n = 1
        while aside.exists():
            n += 1
            aside = path.with_name(f"{path.name}.broken-{stamp}-{n}")
        try:
            for suffix in ("", "-wal", "-shm"):
                source = Path(str(path) + suffix)
                if source.exists():
                    source.replace(Path(str(aside) + suffix))
        except OSError as exc:
            raise IndexProblem(
                f"the index {path} is {why}, and it cannot be moved aside ({exc.strerror}): "
                "remove it, or choose another place with --index FILE"
            ) from exc
        return aside

    def close(self) -> None:
        self.conn.close()

    def close_clean(self) -> None:
        """Close after a run that ended well: record the file as sound (see known_sound)."""
        self.conn.close()
        if not self.readonly:
            record_sound(self.path, self.checked_at)

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
            raise write_problem(self.path, exc) from exc
        with transaction(self.conn, begun=True):
            schema.stamp(self.conn)  # an index made before the mark existed gets it
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
        removed = [
            r[0] for r in self.conn.execute("SELECT id FROM paragraphs WHERE doc_id=?", (doc_id,))
        ]
        # Its article goes too (rows, cells, membership): the documents left in it are
        # grouped and aligned again, never kept with rows made with this one.
        self.conn.execute(
            "DELETE FROM articles WHERE id IN (SELECT article_id FROM article_docs WHERE doc_id=?)",
            (doc_id,),
        )
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
            " title, source_url, date, n_content, content_chars, anchors, repairs)"
            " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                replaces,
                doc.path,
                size,
                mtime_ns,
                sha256,
                doc.encoding,
                doc.lang,
                doc.lang_confidence,
                doc.title,
                doc.source_url,
                doc.date,
                len(content),
                sum(len(p.text) for p in content),
                " ".join(sorted(doc.anchors)),
                json.dumps(doc.repairs, sort_keys=True),
            ),
        )
        doc_id = cur.lastrowid  # the same id as the document it replaces: ids are stable
        assert doc_id is not None
        self.conn.executemany(
            "INSERT INTO paragraphs(doc_id, i, kind, lang, text, start, end) VALUES(?,?,?,?,?,?,?)",
            [(doc_id, p.i, p.kind, p.lang, p.text, p.start, p.end) for p in doc.paragraphs],
        )
        added = [
            r[0]
            for r in self.conn.execute(
                "SELECT id FROM paragraphs WHERE doc_id=? ORDER BY i", (doc_id,)
            )
        ]
        return doc_id, removed, added

    def replace_skipped(self, skipped: list[tuple[str, str]]) -> bool:
        """The files left out are now ``skipped``; False when they were already (nothing
        is written then)."""
        before = self.conn.execute("SELECT path, reason FROM skipped").fetchall()
        if sorted(before) == sorted(dict(skipped).items()):
            return False
        self.conn.execute("DELETE FROM skipped")
        self.conn.executemany("INSERT OR REPLACE INTO skipped(path, reason) VALUES(?, ?)", skipped)
        return True


def _put_back(path: Path, aside: Path) -> None:
    """The files of ``path`` removed, those of ``aside`` renamed back to ``path``."""
    for suffix in ("-wal", "-shm", ""):
        with contextlib.suppress(OSError):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    for suffix in ("", "-wal", "-shm"):
        source = Path(f"{aside}{suffix}")
        with contextlib.suppress(OSError):
            if source.exists():
                source.replace(Path(f"{path}{suffix}"))


def _disk_full(path: Path) -> bool:
    """Whether the file system of ``path`` has (next to) no space left."""
    try:
        st = os.statvfs(path.parent if not path.is_dir() else path)
    except (OSError, AttributeError):  # no statvfs on Windows
        return False
    return st.f_bavail * st.f_frsize < FULL_BELOW_BYTES


@contextmanager
def transaction(conn: sqlite3.Connection, begun: bool = False) -> Iterator[None]:
    """One write transaction on ``conn`` (``begun``: the caller issued BEGIN): all of it
    lands, or none of it."""
    if not begun:
        conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:  # KeyboardInterrupt too: nothing half-written lands
        # SQLite may have rolled back already (a full disk does that): never let a failed
        # ROLLBACK hide the error that caused it.
        if conn.in_transaction:
            with suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
        raise
    try:
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            with suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
        raise
