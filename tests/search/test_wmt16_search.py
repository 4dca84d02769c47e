"""Search and translation lookup on a real index of wmt16-enfi `clean/` (68 English news
articles and their Finnish translations); the module skips where ../shared is absent."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from polyglance.corpus import config as config_mod
from polyglance.search import Searcher, aligned_cells
from polyglance.search import lookup as lookup_mod
from polyglance.search.lookup import Translator, guess_language, lookup
from polyglance.tui.pipeline import index_corpus

from ..conftest import SHARED, require_module
from .test_demo_search import matched

WMT = require_module(SHARED / "dev" / "wmt16-enfi" / "clean")
MIN_SCORE = config_mod.Config().search.min_score


@pytest.fixture(scope="module")
def wmt(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("wmt") / "wmt.sqlite"
    index_corpus(WMT, path)
    return path


@pytest.mark.parametrize(
    ("word", "src", "tgt", "expected"),
    [
        ("police", "en", "fi", "poliisi"),
        ("poliisi", "fi", "en", "police"),
        ("poliisille", "fi", "en", "police"),  # an inflected form
        ("government", "en", "fi", "hallitus"),
        ("year", "en", "fi", "vuosi"),
    ],
)
def test_lookup_finds_the_translation_among_the_first_three(
    wmt: Path, word: str, src: str, tgt: str, expected: str
) -> None:
    conn = sqlite3.connect(wmt)
    found = Translator(conn).lookup(word, tgt, src, limit=3)
    assert expected in [t.translation.lower() for t in found], found
    best = found[0]
    assert best.rows >= 1 and 0 < best.score <= 100
    ex = best.examples[0]
    assert ex.source and ex.target and ex.article is not None
    assert [t.score for t in found] == sorted((t.score for t in found), reverse=True)


@pytest.mark.parametrize(
    ("phrase", "src", "tgt"),
    [
        ("police", "en", "fi"),
        ("year", "en", "fi"),
        ("poliisi", "fi", "en"),
        ("prime minister", "en", "fi"),
    ],
)
def test_lookup_leaves_out_words_that_only_happened_to_share_a_row(
    wmt: Path, phrase: str, src: str, tgt: str
) -> None:
    """No 0.0 tail (a word of one row beside the phrase's): the best is always kept, any
    other scores at least ``MIN_SCORE``; on this index "year" had 4 of 5 such."""
    found = Translator(sqlite3.connect(wmt)).lookup(phrase, tgt, src, limit=10)
    assert found
    assert all(t.score >= 100 * lookup_mod.MIN_SCORE for t in found[1:]), found


def test_lookup_guesses_the_language_and_takes_phrases(wmt: Path) -> None:
    conn = sqlite3.connect(wmt)
    assert guess_language(conn, "poliisi") == "fi"
    assert guess_language(conn, "police", exclude="en") in (None, "fi")
    assert lookup(conn, "poliisi", "en")[0].translation == "police"
    phrase = lookup(conn, "prime minister", "fi")
    assert phrase and "pääministeri" in phrase[0].translation
    assert lookup(conn, "qwxzzy", "fi") == []
    assert lookup(conn, "police", "en", "en") == []


def test_counterpart_highlight_marks_the_translation(wmt: Path) -> None:
    conn = sqlite3.connect(wmt)
    tr = Translator(conn)
    hits = Searcher(conn).search("poliisi lang:fi", limit=5)
    cells = aligned_cells(conn, hits, ["en"])
    marked = 0
    for h, c in zip(hits, cells):
        if c["en"]:
            spans = tr.counterpart_spans(h.text, h.spans, h.lang, c["en"], "en")
            assert all(c["en"][a:b].lower().startswith("police") for a, b in spans)
            marked += bool(spans)
    assert marked >= 3


def test_no_junk_hits_on_a_finnish_english_corpus(wmt: Path) -> None:
    s = Searcher(wmt)
    assert s.search("lynx", min_score=MIN_SCORE) == []  # not kannatuskyselyn, not Lynn
    hits = s.search("Trump", min_score=MIN_SCORE)
    assert hits and all("Trump" in matched(h) for h in hits)
