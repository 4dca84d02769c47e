"""Building and updating the search tables from ``paragraphs``.

Both functions run inside the caller's transaction: they never BEGIN or COMMIT.
"""

from __future__ import annotations

import hashlib
import sqlite3
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from itertools import count, repeat
from typing import TypeVar

import numpy as np

from polyglance.corpus.records import CONTENT_KINDS

from . import store
from .fold import fold
from .tokens import index_words

_T = TypeVar("_T")

_KIND_SQL = ",".join(f"'{k}'" for k in CONTENT_KINDS)
_PROGRESS_EVERY = 5000
#: An update merges a word's posting segments once it has more than this many.
MAX_SEGMENTS = 8
#: A full build writes postings in segments of about this many (word, paragraph) pairs,
#: so that its memory does not grow with the corpus (a segment is ~16 bytes a pair).
CHUNK_POSTINGS = 16_000_000
#: A build's segments are numbered up from here: below every update's (its generation).
_FIRST_BUILD_SEG = -(1 << 40)


def trigrams(word: str) -> set[str]:
    """The distinct character trigrams of a word (none below three characters)."""
    return {word[i : i + 3] for i in range(len(word) - 2)}


def _sorted_groups(keys: np.ndarray, values: np.ndarray) -> Iterator[tuple[int, np.ndarray]]:
    """Group ``values`` by ``keys`` (both uint32): yields (key, sorted values)."""
    if len(keys) == 0:
        return
    combined = np.empty(len(keys), dtype="<u8")  # key in the high half: one sort does both
    halves = combined.view("<u4").reshape(-1, 2)
    halves[:, 0] = values
    halves[:, 1] = keys
    combined.sort()
    k, v = halves[:, 1], halves[:, 0]
    starts = np.flatnonzero(np.diff(k, prepend=-1))
    ends = np.append(starts[1:], len(k))
    for a, b in zip(starts.tolist(), ends.tolist(), strict=True):
        yield int(k[a]), v[a:b]


def _lang_code(langs: list[str], index: dict[str, int], lang: str) -> int:
    code = index.get(lang)
    if code is None:
        code = index[lang] = len(langs)
        langs.append(lang)
    return code


def build_search_index(
    conn: sqlite3.Connection, progress: Callable[[int, int], None] | None = None
) -> None:
    """(Re)build every search table from the content paragraphs."""
    generation = store.get_meta(conn, "generation", "0") or "0"
    store.drop_tables(conn)
    store.create_tables(conn)
    (total,) = conn.execute(
        f"SELECT count(*) FROM paragraphs WHERE kind IN ({_KIND_SQL})"
    ).fetchone()
    max_id = conn.execute("SELECT max(id) FROM paragraphs").fetchone()[0] or 0
    kinds = np.zeros(max_id + 1, dtype=np.uint8)
    lang_arr = np.zeros(max_id + 1, dtype=np.uint16)
    docs = np.zeros(max_id + 1, dtype=np.int32)
    langs: list[str] = []
    lang_index: dict[str, int] = {}
    vocab: defaultdict[str, int] = defaultdict(count().__next__)
    dfs = np.zeros(0, dtype=np.int64)
    word_ids = array("I")
    para_ids = array("I")
    seg = _FIRST_BUILD_SEG
    if progress:
        progress(0, total)
    rows = conn.execute(
        f"SELECT id, doc_id, kind, lang, text FROM paragraphs WHERE kind IN ({_KIND_SQL}) "
        "ORDER BY id"
    )
    done = 0
    for done, (pid, doc, kind, lang, text) in enumerate(rows, 1):
        kinds[pid] = store.KIND_CODES[kind]
        lang_arr[pid] = _lang_code(langs, lang_index, (lang or "").lower())
        docs[pid] = doc
        words = index_words(fold(text or ""))
        word_ids.extend(map(vocab.__getitem__, words))
        para_ids.extend(repeat(pid, len(words)))
        if len(word_ids) >= CHUNK_POSTINGS:
            dfs = _write_postings(conn, word_ids, para_ids, seg, dfs, len(vocab))
            word_ids, para_ids, seg = array("I"), array("I"), seg + 1
        if progress and done % _PROGRESS_EVERY == 0:
            progress(done, total)
    dfs = _write_postings(conn, word_ids, para_ids, seg, dfs, len(vocab))
    del word_ids, para_ids
    conn.executemany(
        "INSERT INTO search_words(id, word, df) VALUES(?, ?, ?)",
        ((i, w, int(dfs[i])) for w, i in vocab.items()),
    )
    store.save_vocab(conn, list(vocab), dfs)
    _write_grams(conn, vocab.items())
    store.save_array(conn, "kind", kinds)
    store.save_array(conn, "lang", lang_arr)
    store.save_array(conn, "doc", docs)
    store.set_langs(conn, langs)
    store.set_meta(conn, "stale", "0")
    # Searchers reload every word when this changes: the words in id order decide it.
    store.set_meta(conn, "build", _vocab_digest(vocab, dfs))
    store.set_meta(conn, "generation", generation)  # keeps counting across builds
    store.bump_generation(conn)
    if progress:
        progress(total, total)


def _vocab_digest(vocab: dict[str, int], dfs: np.ndarray) -> str:
    """A name of the words' numbering and frequencies (the same words in the same order
    with the same frequencies: the same name; a searcher keeps its words while it holds)."""
    digest = hashlib.sha256()
    for word in vocab:  # in id order: ids are given in insertion order
        digest.update(word.encode("utf-8", "surrogatepass") + b"\n")
    digest.update(np.ascontiguousarray(dfs, dtype=np.int64).tobytes())
    return digest.hexdigest()[:32]


def _write_postings(
    conn: sqlite3.Connection, word_ids: array, para_ids: array, seg: int, dfs: np.ndarray, n: int
) -> np.ndarray:
    """Write one segment of postings (paragraph ids ascend across segments); returns the
    document frequencies so far."""
    wids = np.frombuffer(word_ids, dtype=np.uint32)
    pids = np.frombuffer(para_ids, dtype=np.uint32)
    out = np.zeros(n, dtype=np.int64)
    out[: len(dfs)] = dfs
    if len(wids):
        out += np.bincount(wids, minlength=n)
    conn.executemany(
        "INSERT INTO search_postings(word_id, seg, ids) VALUES(?, ?, ?)",
        ((w, seg, store.encode_ids(ids)) for w, ids in _sorted_groups(wids, pids)),
    )
    return out


def _write_grams(conn: sqlite3.Connection, items: Iterable[tuple[str, int]]) -> None:
    grams: defaultdict[str, int] = defaultdict(count().__next__)
    g_ids = array("I")
    w_ids = array("I")
    for word, wid in items:
        if len(word) < 3:
            continue
        gs = trigrams(word)
        g_ids.extend(map(grams.__getitem__, gs))
        w_ids.extend(repeat(wid, len(gs)))
    names = list(grams)
    conn.executemany(
        "INSERT INTO search_grams(gram, ids) VALUES(?, ?)",
        (
            (names[g], store.encode_word_ids(ws))
            for g, ws in _sorted_groups(
                np.frombuffer(g_ids, dtype=np.uint32), np.frombuffer(w_ids, dtype=np.uint32)
            )
        ),
    )


def _chunks(ids: list[_T], n: int = 500) -> Iterator[list[_T]]:
    for i in range(0, len(ids), n):
        yield ids[i : i + n]


def _grow(arr: np.ndarray, size: int) -> np.ndarray:
    if len(arr) >= size:
        return arr
    out = np.zeros(size, dtype=arr.dtype)
    out[: len(arr)] = arr
    return out


def update_search_index(
    conn: sqlite3.Connection, removed_ids: Iterable[int], added_ids: Iterable[int]
) -> None:
    """Apply removed and added paragraphs (by id) to the search tables.

    Removed paragraphs are masked out at once; their old postings stay until the next
    full build (the searcher re-scores every hit on its current text, so they cannot
    produce wrong hits). An id both removed and added is treated as changed.
    """
    removed = sorted({int(i) for i in removed_ids})
    added = sorted({int(i) for i in added_ids})
    if store.get_meta(conn, "generation") is None or _worth_rebuilding(conn, len(added)):
        build_search_index(conn)
        return
    kinds = store.load_array(conn, "kind", np.uint8)
    lang_arr = store.load_array(conn, "lang", np.uint16)
    docs = store.load_array(conn, "doc", np.int32)
    for pid in removed:
        if 0 <= pid < len(kinds):
            kinds[pid] = store.NO_KIND
    langs = store.get_langs(conn)
    lang_index = {lang: i for i, lang in enumerate(langs)}
    by_word: defaultdict[str, list[int]] = defaultdict(list)
    for chunk in _chunks(added):
        marks = ",".join("?" * len(chunk))
        rows = conn.execute(
            f"SELECT id, doc_id, kind, lang, text FROM paragraphs WHERE id IN ({marks}) "
            f"AND kind IN ({_KIND_SQL})",
            chunk,
        ).fetchall()
        if rows:
            top = max(r[0] for r in rows) + 1
            kinds, lang_arr, docs = _grow(kinds, top), _grow(lang_arr, top), _grow(docs, top)
        for pid, doc, kind, lang, text in rows:
            kinds[pid] = store.KIND_CODES[kind]
            lang_arr[pid] = _lang_code(langs, lang_index, (lang or "").lower())
            docs[pid] = doc
            for w in index_words(fold(text or "")):
                by_word[w].append(pid)
    gen = store.bump_generation(conn)
    if by_word:
        _add_postings(conn, by_word, gen)
    store.save_array(conn, "kind", kinds)
    store.save_array(conn, "lang", lang_arr)
    store.save_array(conn, "doc", docs)
    store.set_langs(conn, langs)
    stale = int(store.get_meta(conn, "stale", "0") or 0) + len(removed)
    store.set_meta(conn, "stale", str(stale))


def _worth_rebuilding(conn: sqlite3.Connection, n_added: int) -> bool:
    """Whether so much is added that a full build is cheaper than an update."""
    if n_added < 10_000:
        return False
    (total,) = conn.execute(
        f"SELECT count(*) FROM paragraphs WHERE kind IN ({_KIND_SQL})"
    ).fetchone()
    return n_added > total // 2


def _add_postings(conn: sqlite3.Connection, by_word: dict[str, list[int]], gen: int) -> None:
    words = list(by_word)
    ids: dict[str, int] = {}
    for chunk in _chunks(words):
        marks = ",".join("?" * len(chunk))
        ids.update(
            conn.execute(f"SELECT word, id FROM search_words WHERE word IN ({marks})", chunk)
        )
    next_id = conn.execute("SELECT coalesce(max(id), -1) + 1 FROM search_words").fetchone()[0]
    new_words: list[tuple[str, int]] = []
    for w in words:
        if w not in ids:
            ids[w] = next_id
            new_words.append((w, next_id))
            next_id += 1
    conn.executemany(
        "INSERT INTO search_words(id, word, df) VALUES(?, ?, 0)", ((i, w) for w, i in new_words)
    )
    conn.executemany(
        "UPDATE search_words SET df = df + ? WHERE id = ?",
        ((len(by_word[w]), ids[w]) for w in words),
    )
    conn.executemany(
        "INSERT OR REPLACE INTO search_postings(word_id, seg, ids) VALUES(?, ?, ?)",
        ((ids[w], gen, store.encode_ids(np.array(sorted(set(by_word[w]))))) for w in words),
    )
    _merge_segments(conn, [ids[w] for w in words])
    _add_grams(conn, new_words)
    _update_vocab_blob(conn, by_word, ids, new_words)


def _update_vocab_blob(
    conn: sqlite3.Connection,
    by_word: dict[str, list[int]],
    ids: dict[str, int],
    new_words: list[tuple[str, int]],
) -> None:
    """Keep the vocabulary blob equal to ``search_words`` (dropped if it cannot be)."""
    vocab = store.load_vocab(conn)
    if vocab is None:
        store.drop_vocab(conn)
        return
    words, dfs = vocab.words, vocab.dfs
    assert isinstance(words, list)  # not lazy: it grows here
    if any(i != len(words) + k for k, (_, i) in enumerate(new_words)):
        store.drop_vocab(conn)
        return
    words += [w for w, _ in new_words]
    grown = np.zeros(len(words), dtype=np.int64)
    grown[: len(dfs)] = dfs
    for w, pids in by_word.items():
        grown[ids[w]] += len(pids)
    store.save_vocab(conn, words, grown)


def _merge_segments(conn: sqlite3.Connection, word_ids: list[int]) -> None:
    for chunk in _chunks(word_ids):
        marks = ",".join("?" * len(chunk))
        crowded = [
            w
            for w, n in conn.execute(
                f"SELECT word_id, count(*) FROM search_postings WHERE word_id IN ({marks}) "
                "GROUP BY word_id",
                chunk,
            )
            if n > MAX_SEGMENTS
        ]
        for w in crowded:
            blobs = conn.execute("SELECT ids FROM search_postings WHERE word_id=?", (w,))
            merged = store.unique(np.concatenate([store.decode_ids(b) for (b,) in blobs]))
            conn.execute("DELETE FROM search_postings WHERE word_id=?", (w,))
            conn.execute(
                "INSERT INTO search_postings(word_id, seg, ids) VALUES(?, 0, ?)",
                (w, store.encode_ids(merged)),
            )


def _add_grams(conn: sqlite3.Connection, new_words: list[tuple[str, int]]) -> None:
    by_gram: defaultdict[str, list[int]] = defaultdict(list)
    for w, wid in new_words:
        for g in trigrams(w):
            by_gram[g].append(wid)
    for g, wids in by_gram.items():
        row = conn.execute("SELECT ids FROM search_grams WHERE gram=?", (g,)).fetchone()
        old = store.decode_word_ids(row[0]) if row else np.zeros(0, np.uint32)
        merged = store.unique(np.concatenate([old, np.array(wids, dtype=np.uint32)]))
        conn.execute(
            "INSERT OR REPLACE INTO search_grams(gram, ids) VALUES(?, ?)",
            (g, store.encode_word_ids(merged)),
        )
