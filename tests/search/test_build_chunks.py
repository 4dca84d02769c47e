"""A full build written in many posting segments finds exactly what a one-segment build does."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from polyglance.search import Searcher, build, update_search_index

from .test_search import make_index

QUERIES = [
    "zuckerberg",
    "zurich",
    "jerusalem ville",
    "superintelligence",
    "東京",
    "lab",
    "re:Z.rich",
]


def hits(conn: sqlite3.Connection) -> dict[str, list[tuple[str, float]]]:
    s = Searcher(conn)
    return {q: [(h.text, h.score) for h in s.search(q, limit=50)] for q in QUERIES}


def test_chunked_build_is_the_same_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    whole = make_index(tmp_path / "whole.sqlite")
    monkeypatch.setattr(build, "CHUNK_POSTINGS", 7)
    chunked = make_index(tmp_path / "chunked.sqlite")
    (segs,) = chunked.execute("SELECT count(DISTINCT seg) FROM search_postings").fetchone()
    assert segs > 5
    assert hits(chunked) == hits(whole)
    words = "SELECT word, df FROM search_words ORDER BY id"
    assert chunked.execute(words).fetchall() == whole.execute(words).fetchall()
    # an update after a chunked build adds a segment of its own, never over a build's
    chunked.execute(
        "INSERT INTO paragraphs(doc_id, i, kind, lang, text, start, end) "
        "VALUES(1, 99, 'body', 'en', 'Zuckerberg visits Zurich again.', 0, 31)"
    )
    (new_id,) = chunked.execute("SELECT max(id) FROM paragraphs").fetchone()
    update_search_index(chunked, [], [new_id])
    found = [h.text for h in Searcher(chunked).search("zuckerberg", limit=50)]
    assert "Zuckerberg visits Zurich again." in found
    assert len(found) == len(hits(whole)["zuckerberg"]) + 1


def test_the_vocabulary_blob_follows_the_words_table(tmp_path: Path) -> None:
    from polyglance.search import store

    conn = make_index(tmp_path / "v.sqlite")

    def table() -> tuple[list[str], list[int]]:
        rows = conn.execute("SELECT word, df FROM search_words ORDER BY id").fetchall()
        return [w for w, _ in rows], [d for _, d in rows]

    blob = store.load_vocab(conn)
    assert blob is not None
    assert (blob.words, blob.dfs.tolist()) == table()
    assert blob.lens.tolist() == [len(w) for w in blob.words]
    conn.execute(
        "INSERT INTO paragraphs(doc_id, i, kind, lang, text, start, end) "
        "VALUES(1, 99, 'body', 'en', 'Brand-new wordsmithery about Zurich.', 0, 36)"
    )
    (new_id,) = conn.execute("SELECT max(id) FROM paragraphs").fetchone()
    update_search_index(conn, [], [new_id])
    blob = store.load_vocab(conn)
    assert blob is not None
    words = blob.words
    assert "wordsmithery" in words and (words, blob.dfs.tolist()) == table()
    assert blob.lens.tolist() == [len(w) for w in words]
    # a searcher opened now reads the words from the blob, not row by row
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    assert Searcher(conn).search("wordsmithery")
    loads = [s for s in statements if s.startswith("SELECT id, word, df FROM search_words")]
    assert loads and all(s.endswith(f"id >= {len(words)} ORDER BY id") for s in loads)


def test_an_index_with_the_older_vocabulary_blob_is_still_read(tmp_path: Path) -> None:
    """Indexes written before the plain blob keep the words zlib-compressed, no lengths."""
    import zlib

    from polyglance.search import store

    conn = make_index(tmp_path / "old.sqlite")
    words = [w for (w,) in conn.execute("SELECT word FROM search_words ORDER BY id")]
    conn.execute("DELETE FROM search_arrays WHERE name IN ('words.txt', 'word_lens')")
    conn.execute(
        "INSERT INTO search_arrays(name, data) VALUES('words', ?)",
        (zlib.compress("\n".join(words).encode("utf-8"), 1),),
    )
    blob = store.load_vocab(conn)
    assert blob is not None and blob.words == words
    assert blob.lens.tolist() == [len(w) for w in words]
    assert Searcher(conn).search(words[-1])
