"""A full build written in many posting segments finds exactly what a one-segment build does."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from polyglance.search import Searcher, build, update_search_index

from .test_search import make_index

QUERIES = ["zuckerberg", "zurich", "jerusalem ville", "superintelligence", "東京", "lab", "re:Z.rich"]


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
