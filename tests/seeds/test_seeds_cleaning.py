"""The seed documents, cleaned end to end through a real index (tests/conftest.seeds_index).

The demo counterpart, which runs anywhere: tests/corpus/test_demo_cleaning.py.
"""

import sqlite3

import pytest

from polyglance.corpus.records import CONTENT_KINDS

from ..conftest import SEEDS, require_module

require_module(SEEDS)

NOISE = [
    "Vietnam.vn",
    "Kommentar (0)",
    "Komen (0)",
    "Comment (0)",
    "Legg igjen en kommentar",
    "Stolt av Vietnam",
    "Kitesurfing",
    "Nghe An",
    "![]()",
    "tim nhan tai anh",
    "source site-19",
]
SOURCE = "https://znews.vn/hanh-dong-ky-la-cua-mark-zuckerberg-post1563107.html"


@pytest.fixture(scope="module")
def conn(seeds_index):
    with sqlite3.connect(seeds_index) as connection:
        yield connection


def doc(conn, prefix):
    return conn.execute(
        "SELECT id, lang, title, source_url, date FROM documents WHERE path LIKE ?", (prefix + "%",)
    ).fetchone()


def test_document_languages(conn):
    expected = {"000": "nb", "001": "ms", "002": "de", "003": "de", "004": "fr"}
    assert {prefix: doc(conn, prefix)[1] for prefix in expected} == expected


def test_norwegian_metadata(conn):
    _, _, title, source, date = doc(conn, "000")
    assert (title, source, date) == ("Mark Zuckerbergs merkelige oppførsel", SOURCE, "2025-06-24")


@pytest.mark.parametrize("prefix", ["000", "001", "002", "004"])
def test_source_url(conn, prefix):
    assert doc(conn, prefix)[3] == SOURCE


def test_no_noise_in_content(conn):
    marks = ",".join("?" * len(CONTENT_KINDS))
    texts = [
        r[0]
        for r in conn.execute(f"SELECT text FROM paragraphs WHERE kind IN ({marks})", CONTENT_KINDS)
    ]
    assert texts
    leaks = [(noise, t) for t in texts for noise in NOISE if noise in t]
    assert leaks == []


def test_noise_is_kept_and_labelled(conn):
    rows = conn.execute("SELECT kind, text FROM paragraphs").fetchall()
    kinds = {kind for kind, text in rows if "Kommentar (0)" in text or "![]()" in text}
    assert kinds == {"boilerplate"}
    assert any(kind == "meta" and text.startswith("Kilde:") for kind, text in rows)


def test_vietnamese_lines_of_the_norwegian_page_are_flagged(conn):
    doc_id = doc(conn, "000")[0]
    rows = conn.execute("SELECT lang, text FROM paragraphs WHERE doc_id=?", (doc_id,)).fetchall()
    vietnamese = [text for lang, text in rows if lang == "vi"]
    assert any(t.startswith("Vietnam.vn") for t in vietnamese)
    assert sum("tim nhan tai anh" in t for t in vietnamese) == 2
    assert sum(lang == "nb" for lang, _ in rows) >= len(rows) - 3


def test_structure_of_the_norwegian_page(conn):
    doc_id = doc(conn, "000")[0]
    kinds = [
        r[0]
        for r in conn.execute("SELECT kind FROM paragraphs WHERE doc_id=? ORDER BY i", (doc_id,))
    ]
    assert kinds[1:5] == ["title", "lead", "meta", "caption"]
    assert kinds.count("heading") == 2
