"""The ``search_*`` tables: their schema, posting-list blobs and per-paragraph arrays."""

from __future__ import annotations

import json
import sqlite3
import zlib
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from typing import overload

import numpy as np

from polyglance.corpus.align.ibm1 import sorted_unique
from polyglance.corpus.records import CONTENT_KINDS

SEARCH_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS search_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    # The vocabulary: every folded index word, with its document frequency.
    "CREATE TABLE IF NOT EXISTS search_words("
    "id INTEGER PRIMARY KEY, word TEXT NOT NULL UNIQUE, df INTEGER NOT NULL)",
    # Paragraph ids of each word, in segments (a build writes one per chunk of paragraphs, each
    # update adds one); read in seg order, their ids ascend.
    "CREATE TABLE IF NOT EXISTS search_postings("
    "word_id INTEGER NOT NULL, seg INTEGER NOT NULL, ids BLOB NOT NULL, "
    "PRIMARY KEY(word_id, seg))",
    # Word ids of each character trigram of the vocabulary (fuzzy and infix lookup).
    "CREATE TABLE IF NOT EXISTS search_grams(gram TEXT PRIMARY KEY, ids BLOB NOT NULL)",
    # Per-paragraph arrays indexed by paragraph id: kind, lang, doc.
    "CREATE TABLE IF NOT EXISTS search_arrays(name TEXT PRIMARY KEY, data BLOB NOT NULL)",
)
SEARCH_TABLES = ("search_meta", "search_words", "search_postings", "search_grams", "search_arrays")

#: kind code of a paragraph that is not searchable (absent, removed or not content).
NO_KIND = 0
KIND_CODES = {k: i + 1 for i, k in enumerate(CONTENT_KINDS)}

_WIDTHS = {1: np.uint8, 2: np.uint16, 4: np.uint32}
_ZLIB = 8


def create_tables(conn: sqlite3.Connection) -> None:
    """Create the search tables that are missing (no implicit COMMIT)."""
    for stmt in SEARCH_SCHEMA:
        conn.execute(stmt)


def drop_tables(conn: sqlite3.Connection) -> None:
    """Drop every search table."""
    for t in SEARCH_TABLES:
        conn.execute(f"DROP TABLE IF EXISTS {t}")


#: sorted distinct values, by sorting (kept beside IBM Model 1, shared with the aligner)
unique = sorted_unique


def encode_ids(ids: np.ndarray) -> bytes:
    """Encode sorted, distinct ids as deltas of the narrowest width, zlib-packed if smaller."""
    ids = np.asarray(ids, dtype=np.int64)
    deltas = np.diff(ids, prepend=0)
    top = int(deltas.max()) if len(deltas) else 0
    width = 1 if top < 1 << 8 else 2 if top < 1 << 16 else 4
    raw = deltas.astype(_WIDTHS[width]).tobytes()
    if len(raw) > 64:
        packed = zlib.compress(raw, 1)
        if len(packed) < len(raw) * 0.9:
            return bytes([width | _ZLIB]) + packed
    return bytes([width]) + raw


def decode_ids(blob: bytes) -> np.ndarray:
    """Decode :func:`encode_ids` output to an int64 array."""
    head = blob[0]
    body = blob[1:]
    if head & _ZLIB:
        body = zlib.decompress(body)
    deltas = np.frombuffer(body, dtype=_WIDTHS[head & 7])
    return np.cumsum(deltas, dtype=np.int64)


def encode_word_ids(ids: np.ndarray) -> bytes:
    """Word ids of a trigram: plain little-endian uint32."""
    return np.asarray(ids, dtype="<u4").tobytes()


def decode_word_ids(blob: bytes) -> np.ndarray:
    """Inverse of :func:`encode_word_ids`."""
    return np.frombuffer(blob, dtype="<u4")


def get_meta(conn: sqlite3.Connection, key: str, default: str | None = None) -> str | None:
    """A value of ``search_meta``, or ``default``."""
    try:
        row = conn.execute("SELECT value FROM search_meta WHERE key=?", (key,)).fetchone()
    except sqlite3.OperationalError:
        return default
    return row[0] if row else default


def set_meta(conn: sqlite3.Connection, key: str, value: str) -> None:
    """Set a value of ``search_meta``."""
    conn.execute("INSERT OR REPLACE INTO search_meta(key, value) VALUES(?, ?)", (key, value))


def get_langs(conn: sqlite3.Connection) -> list[str]:
    """Language codes by their index in the ``lang`` array."""
    return json.loads(get_meta(conn, "langs", "[]") or "[]")


def set_langs(conn: sqlite3.Connection, langs: list[str]) -> None:
    set_meta(conn, "langs", json.dumps(langs))


def load_array(conn: sqlite3.Connection, name: str, dtype: type) -> np.ndarray:
    """A per-paragraph array (a writable copy); empty when missing."""
    row = conn.execute("SELECT data FROM search_arrays WHERE name=?", (name,)).fetchone()
    if row is None:
        return np.zeros(0, dtype=dtype)
    return np.frombuffer(zlib.decompress(row[0]), dtype=dtype).copy()


def save_array(conn: sqlite3.Connection, name: str, arr: np.ndarray) -> None:
    conn.execute(
        "INSERT OR REPLACE INTO search_arrays(name, data) VALUES(?, ?)",
        (name, zlib.compress(np.ascontiguousarray(arr).tobytes(), 1)),
    )


def bump_generation(conn: sqlite3.Connection) -> int:
    """Mark the search tables as changed; returns the new generation."""
    gen = int(get_meta(conn, "generation", "0") or 0) + 1
    set_meta(conn, "generation", str(gen))
    return gen


#: The vocabulary's arrays in ``search_arrays`` ("words" is the zlib blob of older indexes).
VOCAB_ARRAYS = ("words", "words.txt", "word_lens", "dfs")


class WordList(Sequence[str]):
    """The vocabulary's words by id, each cut out of the stored blob (UTF-8, one a line)
    when asked: splitting 750,000 words into strings took 0.1 s of every start-up of a
    searcher, and 40 MB. Words added after the blob are appended."""

    def __init__(self, blob: bytes) -> None:
        self._blob = blob
        ends = np.flatnonzero(np.frombuffer(blob, dtype=np.uint8) == 10) if blob else None
        if ends is None:
            ends = starts = np.zeros(0, dtype=np.int64)
        else:
            starts = np.concatenate((np.zeros(1, dtype=np.int64), ends + 1))
            ends = np.append(ends, len(blob))
        # array.array: its items are read as ints twice as fast as numpy's
        self._starts = array("q", starts.astype(np.int64).tobytes())
        self._ends = array("q", ends.astype(np.int64).tobytes())
        self._more: list[str] = []

    def __len__(self) -> int:
        return len(self._starts) + len(self._more)

    @overload
    def __getitem__(self, i: int) -> str: ...

    @overload
    def __getitem__(self, i: slice) -> list[str]: ...

    def __getitem__(self, i: int | slice) -> str | list[str]:
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        n = len(self._starts)
        if i < 0:
            i += len(self)
        if 0 <= i < n:
            return self._blob[self._starts[i] : self._ends[i]].decode("utf-8")
        if i < 0:
            raise IndexError(i)
        return self._more[i - n]

    def append(self, word: str) -> None:
        self._more.append(word)

    def heads(self) -> np.ndarray:
        """First two code points of every word ((n, 2) uint32, 0 past a word's end), from
        the blob in a few numpy passes."""
        out = np.zeros((len(self), 2), dtype=np.uint32)
        n = len(self._starts)
        if n:
            # every word ends with a line break, and one more pads the last word's second
            text = self._blob.decode("utf-8") + "\n\n"
            cps = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
            breaks = np.flatnonzero(cps[:-1] == 10)
            starts = np.concatenate((np.zeros(1, dtype=np.int64), breaks[:-1] + 1))
            first, second = cps[starts], cps[starts + 1]
            out[:n, 0] = np.where(first != 10, first, 0)
            out[:n, 1] = np.where((first != 10) & (second != 10), second, 0)
        for k, w in enumerate(self._more, n):
            out[k] = [ord(c) for c in w[:2].ljust(2, "\0")]
        return out


@dataclass
class VocabBlob:
    """The vocabulary as stored: words by id, their lengths and document frequencies."""

    words: list[str] | WordList
    lens: np.ndarray  # int32
    dfs: np.ndarray  # int64


def drop_vocab(conn: sqlite3.Connection) -> None:
    marks = ",".join("?" * len(VOCAB_ARRAYS))
    conn.execute(f"DELETE FROM search_arrays WHERE name IN ({marks})", VOCAB_ARRAYS)


def save_vocab(conn: sqlite3.Connection, words: list[str], dfs: np.ndarray) -> None:
    """The vocabulary in one blob (words by id, one a line, not compressed: a searcher's
    start-up reads it at once), with the words' lengths and document frequencies, so that
    a searcher loads it in a few reads instead of row by row."""
    drop_vocab(conn)
    conn.execute(
        "INSERT INTO search_arrays(name, data) VALUES('words.txt', ?)",
        ("\n".join(words).encode("utf-8"),),
    )
    save_array(conn, "word_lens", np.fromiter(map(len, words), np.int32, count=len(words)))
    save_array(conn, "dfs", np.asarray(dfs, dtype=np.int64))


def _split_words(blob: bytes) -> list[str]:
    return blob.decode("utf-8").split("\n") if blob else []


def load_vocab(conn: sqlite3.Connection, lazy: bool = False) -> VocabBlob | None:
    """The arrays of :func:`save_vocab` (or of an older index), or None (none, or not
    matching each other). ``lazy``: the words as a :class:`WordList` (a searcher's)."""
    row = conn.execute("SELECT data FROM search_arrays WHERE name='words.txt'").fetchone()
    if row is not None:
        blob = bytes(row[0])
    else:
        row = conn.execute("SELECT data FROM search_arrays WHERE name='words'").fetchone()
        if row is None:
            return None
        blob = zlib.decompress(row[0])
    words: list[str] | WordList = WordList(blob) if lazy else _split_words(blob)
    dfs = load_array(conn, "dfs", np.int64)
    lens = load_array(conn, "word_lens", np.int32)
    if len(lens) != len(words):
        lens = np.fromiter(map(len, words), np.int32, count=len(words))
    if len(dfs) != len(words):
        return None
    return VocabBlob(words, lens, dfs)
